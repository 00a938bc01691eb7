/* pd-outbox.h - money movements written down before they are sent, sent once
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-operation.h"
#include "pd-provider.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_OUTBOX_ERROR (pd_outbox_error_quark ())

/**
 * PdOutboxError:
 * @PD_OUTBOX_ERROR_UNSUPPORTED: the account's provider cannot perform this
 *   kind of operation; nothing was written
 * @PD_OUTBOX_ERROR_INVALID: the operation is incomplete (no amount where
 *   one is needed, another account's operation); nothing was written
 * @PD_OUTBOX_ERROR_KEY_REUSED: the idempotency key already names another
 *   operation; nothing was written or sent
 * @PD_OUTBOX_ERROR_SETTLED: the entry is already confirmed or failed
 * @PD_OUTBOX_ERROR_BUSY: the entry is being sent or reconciled right now
 *
 * Stable error codes of the outbox.
 */
typedef enum
{
  PD_OUTBOX_ERROR_UNSUPPORTED,
  PD_OUTBOX_ERROR_INVALID,
  PD_OUTBOX_ERROR_KEY_REUSED,
  PD_OUTBOX_ERROR_SETTLED,
  PD_OUTBOX_ERROR_BUSY,
} PdOutboxError;

#define PD_TYPE_OUTBOX (pd_outbox_get_type ())

G_DECLARE_FINAL_TYPE (PdOutbox, pd_outbox, PD, OUTBOX, GObject)

GQuark          pd_outbox_error_quark          (void);

PdOutbox       *pd_outbox_new                  (PdStore              *store,
                                                PdProvider           *provider,
                                                gint64                account_id);

PdStore        *pd_outbox_get_store            (PdOutbox             *self);
PdProvider     *pd_outbox_get_provider         (PdOutbox             *self);
gint64          pd_outbox_get_account_id       (PdOutbox             *self);
guint           pd_outbox_get_poll_interval    (PdOutbox             *self);
void            pd_outbox_set_poll_interval    (PdOutbox             *self,
                                                guint                 interval_ms);

char           *pd_outbox_new_reference        (void);

void            pd_outbox_submit_async         (PdOutbox             *self,
                                                const PdOperation    *operation,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
PdOutboxEntry  *pd_outbox_submit_finish        (PdOutbox             *self,
                                                GAsyncResult         *result,
                                                GError              **error);

void            pd_outbox_reconcile_async      (PdOutbox             *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GPtrArray      *pd_outbox_reconcile_finish     (PdOutbox             *self,
                                                GAsyncResult         *result,
                                                GError              **error);

void            pd_outbox_resolve_async        (PdOutbox             *self,
                                                gint64                entry_id,
                                                PdOutboxState         state,
                                                const char           *note,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
PdOutboxEntry  *pd_outbox_resolve_finish       (PdOutbox             *self,
                                                GAsyncResult         *result,
                                                GError              **error);

void            pd_outbox_poll_pending_async   (PdOutbox             *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean        pd_outbox_poll_pending_finish  (PdOutbox             *self,
                                                GAsyncResult         *result,
                                                guint                *n_pending,
                                                GError              **error);

G_END_DECLS

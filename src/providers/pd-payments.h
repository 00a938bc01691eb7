/* pd-payments.h - every account's outbox, money sent and followed until settled
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-operation.h"
#include "pd-outbox.h"
#include "pd-secrets.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_PAYMENTS_ERROR (pd_payments_error_quark ())

/**
 * PdPaymentsError:
 * @PD_PAYMENTS_ERROR_NO_ACCOUNT: the account does not exist (any more)
 * @PD_PAYMENTS_ERROR_CLOSED: the #PdPayments was disposed
 *
 * Stable error codes of #PdPayments. Errors of the keyring
 * (#PD_SECRETS_ERROR), the registry (#PD_PROVIDER_REGISTRY_ERROR), the
 * store and the outbox are passed on as they are.
 */
typedef enum
{
  PD_PAYMENTS_ERROR_NO_ACCOUNT,
  PD_PAYMENTS_ERROR_CLOSED,
} PdPaymentsError;

/**
 * PdRefunds:
 * @PD_REFUNDS_NONE: the provider cannot refund
 * @PD_REFUNDS_FULL: only what was charged, whole (EoneoPay)
 * @PD_REFUNDS_PARTIAL: any amount up to what is left (FayaPay)
 *
 * How a provider refunds a charge or payment.
 */
typedef enum
{
  PD_REFUNDS_NONE,
  PD_REFUNDS_FULL,
  PD_REFUNDS_PARTIAL,
} PdRefunds;

#define PD_TYPE_PAYMENTS (pd_payments_get_type ())

G_DECLARE_FINAL_TYPE (PdPayments, pd_payments, PD, PAYMENTS, GObject)

GQuark          pd_payments_error_quark        (void);
PdRefunds       pd_payments_get_refunds        (const char           *provider);

PdPayments     *pd_payments_new                (PdStore              *store,
                                                PdSecrets            *secrets);

PdStore        *pd_payments_get_store          (PdPayments           *self);
guint           pd_payments_get_poll_interval  (PdPayments           *self);
void            pd_payments_set_poll_interval  (PdPayments           *self,
                                                guint                 interval_ms);
gboolean        pd_payments_get_follow         (PdPayments           *self);
void            pd_payments_set_follow         (PdPayments           *self,
                                                gboolean              follow);
gboolean        pd_payments_is_following       (PdPayments           *self,
                                                gint64                entry_id);
PdReconcileMethod pd_payments_get_reconcile_method (PdPayments       *self,
                                                gint64                account_id,
                                                PdOperationKind       kind);

void            pd_payments_forget_accounts    (PdPayments           *self);

void            pd_payments_get_outbox_async   (PdPayments           *self,
                                                gint64                account_id,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
PdOutbox       *pd_payments_get_outbox_finish  (PdPayments           *self,
                                                GAsyncResult         *result,
                                                GError              **error);

void            pd_payments_submit_async       (PdPayments           *self,
                                                const PdOperation    *operation,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
PdOutboxEntry  *pd_payments_submit_finish      (PdPayments           *self,
                                                GAsyncResult         *result,
                                                GError              **error);

void            pd_payments_reconcile_async    (PdPayments           *self,
                                                gint64                account_id,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GPtrArray      *pd_payments_reconcile_finish   (PdPayments           *self,
                                                GAsyncResult         *result,
                                                GError              **error);

void            pd_payments_resolve_async      (PdPayments           *self,
                                                gint64                entry_id,
                                                PdOutboxState         state,
                                                const char           *note,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
PdOutboxEntry  *pd_payments_resolve_finish     (PdPayments           *self,
                                                GAsyncResult         *result,
                                                GError              **error);

G_END_DECLS

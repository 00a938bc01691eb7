/* pd-demo.h - demo mode: the provider simulator, an account per provider and a sync
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-secrets.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_DEMO_ERROR (pd_demo_error_quark ())

/**
 * PdDemoError:
 * @PD_DEMO_ERROR_NO_SANDBOX: paydesk-sandbox was not found
 * @PD_DEMO_ERROR_SANDBOX_FAILED: paydesk-sandbox did not start, or its
 *   first line could not be read
 * @PD_DEMO_ERROR_NO_ACCOUNT: no demo account could be synchronized
 *
 * Stable error codes of demo mode.
 */
typedef enum
{
  PD_DEMO_ERROR_NO_SANDBOX,
  PD_DEMO_ERROR_SANDBOX_FAILED,
  PD_DEMO_ERROR_NO_ACCOUNT,
} PdDemoError;

/* The simulator's seed: the same demo data every time. */
#define PD_DEMO_SEED 1

#define PD_TYPE_DEMO (pd_demo_get_type ())

G_DECLARE_FINAL_TYPE (PdDemo, pd_demo, PD, DEMO, GObject)

GQuark        pd_demo_error_quark        (void);

PdDemo       *pd_demo_new                (PdSecrets            *secrets,
                                          GError              **error);
const char   *pd_demo_get_data_dir       (PdDemo               *self);
char         *pd_demo_dup_store_path     (PdDemo               *self);
GPtrArray    *pd_demo_get_accounts       (PdDemo               *self);
gboolean      pd_demo_get_session_only   (PdDemo               *self);
char         *pd_demo_find_sandbox       (GError              **error);

void          pd_demo_start_async        (PdDemo               *self,
                                          PdStore              *store,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean      pd_demo_start_finish       (PdDemo               *self,
                                          GAsyncResult         *result,
                                          GError              **error);

void          pd_demo_sync_async         (PdDemo               *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean      pd_demo_sync_finish        (PdDemo               *self,
                                          GAsyncResult         *result,
                                          GError              **error);
const GError *pd_demo_get_account_error  (PdDemo               *self,
                                          gint64                account_id);

void          pd_demo_stop_async         (PdDemo               *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean      pd_demo_stop_finish        (PdDemo               *self,
                                          GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS

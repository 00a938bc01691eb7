/* pd-sync.h - download an account's records from its provider into the store
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-provider.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_SYNC (pd_sync_get_type ())

G_DECLARE_FINAL_TYPE (PdSync, pd_sync, PD, SYNC, GObject)

PdSync             *pd_sync_new                   (PdStore              *store,
                                                   PdProvider           *provider,
                                                   gint64                account_id);

PdStore            *pd_sync_get_store             (PdSync               *self);
PdProvider         *pd_sync_get_provider          (PdSync               *self);
gint64              pd_sync_get_account_id        (PdSync               *self);

void                pd_sync_run_async             (PdSync               *self,
                                                   const char           *resource,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean            pd_sync_run_finish            (PdSync               *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void                pd_sync_cancel                (PdSync               *self);

gboolean            pd_sync_get_running           (PdSync               *self);
const char         *pd_sync_get_resource          (PdSync               *self);
guint               pd_sync_get_n_pages           (PdSync               *self);
guint64             pd_sync_get_n_records         (PdSync               *self);
void                pd_sync_get_stats             (PdSync               *self,
                                                   PdUpsertStats        *stats_out);
GStrv               pd_sync_dup_failed_resources  (PdSync               *self);
const GError       *pd_sync_get_resource_error    (PdSync               *self,
                                                   const char           *resource);

G_END_DECLS

/* pd-sync-queue.h - synchronizes every account, a few at a time
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-secrets.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_SYNC_QUEUE (pd_sync_queue_get_type ())

G_DECLARE_FINAL_TYPE (PdSyncQueue, pd_sync_queue, PD, SYNC_QUEUE, GObject)

PdSyncQueue  *pd_sync_queue_new           (PdStore      *store,
                                           PdSecrets    *secrets);
PdStore      *pd_sync_queue_get_store     (PdSyncQueue  *self);
void          pd_sync_queue_sync_all      (PdSyncQueue  *self);
void          pd_sync_queue_sync_account  (PdSyncQueue  *self,
                                           gint64        account_id);
void          pd_sync_queue_cancel        (PdSyncQueue  *self);
gboolean      pd_sync_queue_get_running   (PdSyncQueue  *self);
gboolean      pd_sync_queue_get_progress  (PdSyncQueue  *self,
                                           gint64        account_id,
                                           guint64      *n_records_out,
                                           guint        *n_pages_out);
const char   *pd_sync_queue_get_error     (PdSyncQueue  *self,
                                           gint64        account_id);
guint64       pd_sync_queue_get_n_records (PdSyncQueue  *self);
guint         pd_sync_queue_get_n_pages   (PdSyncQueue  *self);
guint         pd_sync_queue_get_n_running (PdSyncQueue  *self);
guint         pd_sync_queue_get_n_waiting (PdSyncQueue  *self);

G_END_DECLS

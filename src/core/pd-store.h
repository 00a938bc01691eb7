/* pd-store.h - the local SQLite cache of every provider account
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-money.h"
#include "pd-page.h"
#include "pd-query.h"
#include "pd-records.h"

G_BEGIN_DECLS

#define PD_STORE_ERROR (pd_store_error_quark ())

/**
 * PdStoreError:
 * @PD_STORE_ERROR_OPEN: the database could not be opened or created
 * @PD_STORE_ERROR_CORRUPT: the file is not a Paydesk database, or is damaged
 * @PD_STORE_ERROR_SCHEMA_TOO_NEW: the database was written by a newer Paydesk
 * @PD_STORE_ERROR_CONSTRAINT: a record breaks a rule of the database
 *   (a duplicate key, an unknown account, a value out of range)
 * @PD_STORE_ERROR_SECRET_REFUSED: a record carries something that must
 *   never be stored (a full card number, a password in a URL)
 * @PD_STORE_ERROR_NOT_FOUND: no such record
 * @PD_STORE_ERROR_IO: the disk failed, is full or is read-only
 * @PD_STORE_ERROR_BUSY: another program held the database too long
 * @PD_STORE_ERROR_INVALID: a query or record that makes no sense
 *   (amount bounds of two currencies, an unknown provider)
 * @PD_STORE_ERROR_FAILED: any other database failure
 *
 * Stable error codes of the store.
 */
typedef enum
{
  PD_STORE_ERROR_OPEN,
  PD_STORE_ERROR_CORRUPT,
  PD_STORE_ERROR_SCHEMA_TOO_NEW,
  PD_STORE_ERROR_CONSTRAINT,
  PD_STORE_ERROR_SECRET_REFUSED,
  PD_STORE_ERROR_NOT_FOUND,
  PD_STORE_ERROR_IO,
  PD_STORE_ERROR_BUSY,
  PD_STORE_ERROR_INVALID,
  PD_STORE_ERROR_FAILED,
} PdStoreError;

/**
 * PdUpsertStats:
 * @inserted: records that were new
 * @updated: records that existed and changed
 * @unchanged: records that existed as they are; nothing was written
 * @raw_json_dropped: records stored without their raw JSON because it
 *   could not be read (and so could not be redacted)
 * @removed: records the provider no longer has, forgotten (see
 *   #PdPage:all_cards)
 *
 * What one page upsert did.
 */
typedef struct
{
  guint inserted;
  guint updated;
  guint unchanged;
  guint raw_json_dropped;
  guint removed;
} PdUpsertStats;

#define PD_TYPE_STORE (pd_store_get_type ())

G_DECLARE_FINAL_TYPE (PdStore, pd_store, PD, STORE, GObject)

GQuark      pd_store_error_quark                 (void);
guint       pd_store_schema_version              (void);

char       *pd_store_default_path                (void);
PdStore    *pd_store_new_for_path                (const char           *path,
                                                  GError              **error);
const char *pd_store_get_path                    (PdStore              *self);

/* Accounts */
gboolean    pd_store_add_account                 (PdStore              *self,
                                                  PdAccount            *account,
                                                  GError              **error);
gboolean    pd_store_update_account              (PdStore              *self,
                                                  const PdAccount      *account,
                                                  GError              **error);
gboolean    pd_store_remove_account              (PdStore              *self,
                                                  gint64                account_id,
                                                  GError              **error);
PdAccount  *pd_store_get_account                 (PdStore              *self,
                                                  gint64                account_id,
                                                  GError              **error);
PdAccount  *pd_store_get_account_by_uuid         (PdStore              *self,
                                                  const char           *uuid,
                                                  GError              **error);
gboolean    pd_store_list_accounts               (PdStore              *self,
                                                  GPtrArray           **out,
                                                  GError              **error);
gboolean    pd_store_set_account_synced          (PdStore              *self,
                                                  gint64                account_id,
                                                  gint64                last_sync_at,
                                                  GError              **error);

/* Page upserts: one database transaction each */
gboolean    pd_store_upsert_page                 (PdStore              *self,
                                                  gint64                account_id,
                                                  PdPage               *page,
                                                  PdUpsertStats        *stats_out,
                                                  GError              **error);
void        pd_store_upsert_page_async           (PdStore              *self,
                                                  gint64                account_id,
                                                  PdPage               *page,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    pd_store_upsert_page_finish          (PdStore              *self,
                                                  GAsyncResult         *result,
                                                  PdUpsertStats        *stats_out,
                                                  GError              **error);
gboolean    pd_store_upsert_transactions         (PdStore              *self,
                                                  gint64                account_id,
                                                  GPtrArray            *records,
                                                  PdUpsertStats        *stats_out,
                                                  GError              **error);
void        pd_store_upsert_transactions_async   (PdStore              *self,
                                                  gint64                account_id,
                                                  GPtrArray            *records,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    pd_store_upsert_transactions_finish  (PdStore              *self,
                                                  GAsyncResult         *result,
                                                  PdUpsertStats        *stats_out,
                                                  GError              **error);
gboolean    pd_store_upsert_customers            (PdStore              *self,
                                                  gint64                account_id,
                                                  GPtrArray            *records,
                                                  PdUpsertStats        *stats_out,
                                                  GError              **error);
gboolean    pd_store_upsert_cards                (PdStore              *self,
                                                  gint64                account_id,
                                                  GPtrArray            *records,
                                                  PdUpsertStats        *stats_out,
                                                  GError              **error);
gboolean    pd_store_remove_card                 (PdStore              *self,
                                                  gint64                account_id,
                                                  const char           *provider_id,
                                                  GError              **error);
gboolean    pd_store_upsert_statement_entries    (PdStore              *self,
                                                  gint64                account_id,
                                                  GPtrArray            *records,
                                                  PdUpsertStats        *stats_out,
                                                  GError              **error);
gboolean    pd_store_upsert_balances             (PdStore              *self,
                                                  gint64                account_id,
                                                  GPtrArray            *records,
                                                  PdUpsertStats        *stats_out,
                                                  GError              **error);

/* Transactions */
PdTransaction *pd_store_get_transaction          (PdStore              *self,
                                                  gint64                id,
                                                  GError              **error);
PdTransaction *pd_store_find_transaction         (PdStore              *self,
                                                  gint64                account_id,
                                                  PdTransactionKind     kind,
                                                  const char           *provider_id,
                                                  GError              **error);
gboolean    pd_store_query_transactions          (PdStore              *self,
                                                  const PdQuery        *query,
                                                  GPtrArray           **out,
                                                  GError              **error);
gboolean    pd_store_count_transactions          (PdStore              *self,
                                                  const PdQuery        *query,
                                                  guint64              *count_out,
                                                  GError              **error);
gboolean    pd_store_totals                      (PdStore              *self,
                                                  const PdQuery        *query,
                                                  GArray              **out,
                                                  GError              **error);
gboolean    pd_store_list_refunds                (PdStore              *self,
                                                  gint64                account_id,
                                                  const char           *charge_provider_id,
                                                  GPtrArray           **out,
                                                  GError              **error);
gboolean    pd_store_list_customer_transactions  (PdStore              *self,
                                                  gint64                account_id,
                                                  const char           *customer_provider_id,
                                                  GPtrArray           **out,
                                                  GError              **error);
gboolean    pd_store_update_search_index         (PdStore              *self,
                                                  GError              **error);

/* Customers, cards, statements, balances */
gboolean    pd_store_list_customers              (PdStore              *self,
                                                  gint64                account_id,
                                                  GPtrArray           **out,
                                                  GError              **error);
PdCustomer *pd_store_get_customer                (PdStore              *self,
                                                  gint64                account_id,
                                                  const char           *provider_id,
                                                  GError              **error);
gboolean    pd_store_list_cards                  (PdStore              *self,
                                                  gint64                account_id,
                                                  const char           *customer_provider_id,
                                                  GPtrArray           **out,
                                                  GError              **error);
gboolean    pd_store_list_statement_entries      (PdStore              *self,
                                                  gint64                account_id,
                                                  gint64                from,
                                                  gint64                to,
                                                  const char           *wallet,
                                                  GPtrArray           **out,
                                                  GError              **error);
gboolean    pd_store_list_latest_balances        (PdStore              *self,
                                                  gint64                account_id,
                                                  GPtrArray           **out,
                                                  GError              **error);
gboolean    pd_store_list_balance_history        (PdStore              *self,
                                                  gint64                account_id,
                                                  const char           *wallet,
                                                  gint64                from,
                                                  gint64                to,
                                                  GPtrArray           **out,
                                                  GError              **error);

/* Outbox (storage only) */
gboolean    pd_store_outbox_insert               (PdStore              *self,
                                                  PdOutboxEntry        *entry,
                                                  GError              **error);
gboolean    pd_store_outbox_update               (PdStore              *self,
                                                  const PdOutboxEntry  *entry,
                                                  GError              **error);
PdOutboxEntry *pd_store_outbox_get               (PdStore              *self,
                                                  gint64                id,
                                                  GError              **error);
PdOutboxEntry *pd_store_outbox_get_by_key        (PdStore              *self,
                                                  const char           *idempotency_key,
                                                  GError              **error);
gboolean    pd_store_outbox_list                 (PdStore              *self,
                                                  gint64                account_id,
                                                  guint                 states,
                                                  GPtrArray           **out,
                                                  GError              **error);

/* Sync state */
gboolean    pd_store_get_sync_state              (PdStore              *self,
                                                  gint64                account_id,
                                                  const char           *resource,
                                                  PdSyncState         **out,
                                                  GError              **error);
gboolean    pd_store_set_sync_state              (PdStore              *self,
                                                  const PdSyncState    *state,
                                                  GError              **error);

/* Audit trail */
gboolean    pd_store_add_activity                (PdStore              *self,
                                                  PdActivity           *activity,
                                                  GError              **error);
gboolean    pd_store_list_activity               (PdStore              *self,
                                                  gint64                account_id,
                                                  guint                 limit,
                                                  GPtrArray           **out,
                                                  GError              **error);

/* Saved views */
gboolean    pd_store_save_view                   (PdStore              *self,
                                                  const char           *name,
                                                  const char           *query_json,
                                                  GError              **error);
char       *pd_store_get_view                    (PdStore              *self,
                                                  const char           *name,
                                                  GError              **error);
gboolean    pd_store_list_views                  (PdStore              *self,
                                                  GStrv                *names_out,
                                                  GError              **error);
gboolean    pd_store_delete_view                 (PdStore              *self,
                                                  const char           *name,
                                                  GError              **error);

G_END_DECLS

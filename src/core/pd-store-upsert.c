/* pd-store-upsert.c - idempotent page upserts of provider records
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pd-json.h"
#include "pd-page.h"
#include "pd-redact.h"
#include "pd-store-private.h"

/*
 * Each call stores one page in one transaction: either every record of the
 * page is stored or none is. A record's identity is (account, kind,
 * provider id) for transactions and (account, provider id) for the rest;
 * storing it again updates it in place, and only when a column differs, so
 * re-syncing an unchanged page writes nothing at all.
 *
 * Raw JSON goes through pd_redact_json() first. When it cannot be read, the
 * record is still stored (for some providers the store is the only copy of
 * what the merchant did) but without its raw JSON, which is counted in
 * PdUpsertStats.raw_json_dropped: text that cannot be parsed cannot be
 * shown to be free of secrets.
 */

typedef struct
{
  PdUpsertStats  stats;
  sqlite3_stmt  *upsert;
  sqlite3_stmt  *probe;
  sqlite3_stmt  *queue;
  gint64         next_id;
  char          *account_label;
} PageContext;

typedef gboolean (*PageRowFunc) (PdStore      *self,
                                 gint64        account_id,
                                 gpointer      record,
                                 PageContext  *context,
                                 GError      **error);

static char *
redact_raw_json (const char    *raw_json,
                 PdUpsertStats *stats)
{
  g_autoptr(GError) local_error = NULL;
  char *redacted;

  if (raw_json == NULL)
    return NULL;

  redacted = pd_redact_json (raw_json, -1, &local_error);
  if (redacted == NULL)
    {
      g_debug ("Raw JSON dropped: %s", local_error != NULL ? local_error->message : "unreadable");
      stats->raw_json_dropped++;
    }

  return redacted;
}

/* A card record's own JSON is a card object: redacted as the value of a
 * "card" member, its "number" is known to be the card's number. */
static char *
redact_card_raw_json (const char    *raw_json,
                      PdUpsertStats *stats)
{
  static const char prefix[] = "{\"card\":";
  g_autofree char *wrapped = NULL;
  g_autofree char *redacted = NULL;
  gsize length, prefix_length = sizeof prefix - 1;

  if (raw_json == NULL)
    return NULL;

  wrapped = g_strconcat (prefix, raw_json, "}", NULL);
  redacted = redact_raw_json (wrapped, stats);
  if (redacted == NULL)
    return NULL;

  length = strlen (redacted);
  if (length < prefix_length + 1 || strncmp (redacted, prefix, prefix_length) != 0 ||
      redacted[length - 1] != '}')
    {
      stats->raw_json_dropped++;
      return NULL;
    }

  return g_strndup (redacted + prefix_length, length - prefix_length - 1);
}

static guint
count_digits (const char *text)
{
  guint n = 0;

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      n++;

  return n;
}

static gboolean
check_last4 (const char  *last4,
             const char  *what,
             GError     **error)
{
  if (last4 != NULL && (strlen (last4) > 4 || count_digits (last4) > 4))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_SECRET_REFUSED,
                   _("The %s carries more than the last four digits of a card number; "
                     "Paydesk never stores more than those"), what);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_money (const PdMoney  *money,
             gboolean        required,
             const char     *what,
             GError        **error)
{
  if (money->currency[0] == '\0')
    {
      if (!required)
        return TRUE;

      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("The %s has no amount"), what);
      return FALSE;
    }

  if (money->scale > PD_AMOUNT_NORM_SCALE || strlen (money->currency) != 3)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("The %s has an amount Paydesk cannot store"), what);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_provider_id (const char  *provider_id,
                   const char  *what,
                   GError     **error)
{
  if (provider_id == NULL || provider_id[0] == '\0')
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("The %s has no provider id"), what);
      return FALSE;
    }

  return TRUE;
}

/* Runs func on every record; the caller holds a write transaction in
 * which the account is known to exist. Adds to *stats. */
static gboolean
upsert_records_locked (PdStore        *self,
                       gint64          account_id,
                       GPtrArray      *records,
                       const char     *upsert_sql,
                       const char     *next_id_sql,
                       PageRowFunc     func,
                       const char     *doing,
                       PdUpsertStats  *stats,
                       GError        **error)
{
  PageContext context = { { 0 }, NULL, NULL, NULL, 0, NULL };
  gboolean ok = FALSE;

  if (records == NULL || records->len == 0)
    return TRUE;

  context.upsert = pd_store_prepare_cached (self, upsert_sql, error);
  if (context.upsert == NULL)
    goto out;

  context.probe = pd_store_prepare_cached (self,
                                           next_id_sql != NULL
                                             ? next_id_sql
                                             : "SELECT 1 FROM transactions WHERE id = ?",
                                           error);
  if (context.probe == NULL)
    goto out;

  context.queue = pd_store_prepare_cached (self,
                                           "INSERT OR IGNORE INTO search_queue (id) VALUES (?)",
                                           error);
  if (context.queue == NULL)
    goto out;

  /* Other tables take new ids above the largest one: as the transaction
   * holds the write lock, ids handed out here are free, and an upsert that
   * returns another id therefore updated an existing row. */
  if (next_id_sql != NULL)
    {
      int rc = sqlite3_step (context.probe);

      if (rc != SQLITE_ROW)
        {
          pd_store_set_error (self, rc, doing, error);
          goto out;
        }
      context.next_id = sqlite3_column_int64 (context.probe, 0);
      sqlite3_reset (context.probe);
    }
  else
    {
      /* Transactions keep the account's label, their account order
       * (migration 5 in pd-store-schema.c); it is the same for the page. */
      g_autoptr(PdCachedStmt) label = NULL;
      int rc;

      label = pd_store_prepare_cached (self, "SELECT label FROM accounts WHERE id = ?", error);
      if (label == NULL)
        goto out;

      sqlite3_bind_int64 (label, 1, account_id);
      rc = sqlite3_step (label);
      if (rc != SQLITE_ROW)
        {
          pd_store_set_error (self, rc, doing, error);
          goto out;
        }
      context.account_label = pd_store_column_dup (label, 0);
    }

  for (guint i = 0; i < records->len; i++)
    {
      if (!func (self, account_id, g_ptr_array_index (records, i), &context, error))
        goto out;

      if (self->row_hook != NULL)
        self->row_hook (self->row_hook_data, i + 1);
    }

  stats->inserted += context.stats.inserted;
  stats->updated += context.stats.updated;
  stats->unchanged += context.stats.unchanged;
  stats->raw_json_dropped += context.stats.raw_json_dropped;
  ok = TRUE;

out:
  if (context.upsert != NULL)
    pd_cached_stmt_release (context.upsert);
  if (context.probe != NULL)
    pd_cached_stmt_release (context.probe);
  if (context.queue != NULL)
    pd_cached_stmt_release (context.queue);
  g_free (context.account_label);

  return ok;
}

/* Stores one page of one kind of record in one write transaction. */
static gboolean
run_page (PdStore        *self,
          gint64          account_id,
          GPtrArray      *records,
          const char     *upsert_sql,
          const char     *next_id_sql,
          PageRowFunc     func,
          const char     *doing,
          PdUpsertStats  *stats_out,
          GError        **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  PdUpsertStats stats = { 0, };

  if (!pd_store_begin (self, TRUE, error))
    return FALSE;

  if (!pd_store_account_exists (self, account_id, error) ||
      !upsert_records_locked (self, account_id, records, upsert_sql, next_id_sql, func, doing,
                              &stats, error))
    {
      pd_store_rollback (self);
      return FALSE;
    }

  if (!pd_store_commit (self, error))
    return FALSE;

  if (stats_out != NULL)
    *stats_out = stats;

  return TRUE;
}

/* Steps an upsert ending in RETURNING id. Returns the id, or 0 when the
 * existing row was equal and nothing was written. */
static gboolean
step_upsert (PdStore      *self,
             sqlite3_stmt *stmt,
             const char   *doing,
             gint64       *id_out,
             GError      **error)
{
  int rc = sqlite3_step (stmt);

  *id_out = 0;

  if (rc == SQLITE_ROW)
    {
      *id_out = sqlite3_column_int64 (stmt, 0);
      rc = sqlite3_step (stmt);
    }

  if (rc != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return pd_store_set_error (self, rc, doing, error);
    }

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return TRUE;
}

static void
count_result (PageContext *context,
              gint64       returned_id,
              gint64       fresh_id)
{
  if (returned_id == 0)
    context->stats.unchanged++;
  else if (returned_id == fresh_id)
    context->stats.inserted++;
  else
    context->stats.updated++;
}

#define CUSTOMER_NEXT_ID_SQL "SELECT coalesce (max (id), 0) + 1 FROM customers"
#define CARD_NEXT_ID_SQL "SELECT coalesce (max (id), 0) + 1 FROM cards"
#define STATEMENT_NEXT_ID_SQL "SELECT coalesce (max (id), 0) + 1 FROM statement_entries"
#define BALANCE_NEXT_ID_SQL "SELECT coalesce (max (id), 0) + 1 FROM balances"

/* Transactions */

#define TRANSACTION_UPSERT_SQL                                                                  \
  "INSERT INTO transactions (id, account_id, kind, state, provider_id, reference,"              \
  " provider_status, amount_units, amount_scale, amount_currency, amount_norm,"                 \
  " fee_units, fee_scale, fee_currency, refunded_units, refunded_scale, refunded_currency,"     \
  " parent_provider_id, customer_provider_id, customer_name, phone, email, card_last4,"         \
  " description, counterparty, created_at, updated_at, raw_json, fee_norm, provider,"          \
  " account_key)"                                                                               \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"   \
  " ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29,"                                     \
  " (SELECT a.provider FROM accounts a WHERE a.id = ?2), ?30)"                                  \
  " ON CONFLICT (account_id, kind, provider_id) DO UPDATE SET"                                  \
  "  state = excluded.state, reference = excluded.reference,"                                   \
  "  provider_status = excluded.provider_status, amount_units = excluded.amount_units,"         \
  "  amount_scale = excluded.amount_scale, amount_currency = excluded.amount_currency,"         \
  "  amount_norm = excluded.amount_norm, fee_units = excluded.fee_units,"                       \
  "  fee_norm = excluded.fee_norm,"                                                             \
  "  fee_scale = excluded.fee_scale, fee_currency = excluded.fee_currency,"                     \
  "  refunded_units = excluded.refunded_units, refunded_scale = excluded.refunded_scale,"       \
  "  refunded_currency = excluded.refunded_currency,"                                           \
  "  parent_provider_id = excluded.parent_provider_id,"                                         \
  "  customer_provider_id = excluded.customer_provider_id,"                                     \
  "  customer_name = excluded.customer_name, phone = excluded.phone, email = excluded.email,"   \
  "  card_last4 = excluded.card_last4, description = excluded.description,"                     \
  "  counterparty = excluded.counterparty, created_at = excluded.created_at,"                   \
  "  updated_at = excluded.updated_at, raw_json = excluded.raw_json"                            \
  " WHERE transactions.state IS NOT excluded.state"                                             \
  "  OR transactions.reference IS NOT excluded.reference"                                       \
  "  OR transactions.provider_status IS NOT excluded.provider_status"                           \
  "  OR transactions.amount_units IS NOT excluded.amount_units"                                 \
  "  OR transactions.amount_scale IS NOT excluded.amount_scale"                                 \
  "  OR transactions.amount_currency IS NOT excluded.amount_currency"                           \
  "  OR transactions.fee_units IS NOT excluded.fee_units"                                       \
  "  OR transactions.fee_scale IS NOT excluded.fee_scale"                                       \
  "  OR transactions.fee_currency IS NOT excluded.fee_currency"                                 \
  "  OR transactions.refunded_units IS NOT excluded.refunded_units"                             \
  "  OR transactions.refunded_scale IS NOT excluded.refunded_scale"                             \
  "  OR transactions.refunded_currency IS NOT excluded.refunded_currency"                       \
  "  OR transactions.parent_provider_id IS NOT excluded.parent_provider_id"                     \
  "  OR transactions.customer_provider_id IS NOT excluded.customer_provider_id"                 \
  "  OR transactions.customer_name IS NOT excluded.customer_name"                               \
  "  OR transactions.phone IS NOT excluded.phone"                                               \
  "  OR transactions.email IS NOT excluded.email"                                               \
  "  OR transactions.card_last4 IS NOT excluded.card_last4"                                     \
  "  OR transactions.description IS NOT excluded.description"                                   \
  "  OR transactions.counterparty IS NOT excluded.counterparty"                                 \
  "  OR transactions.created_at IS NOT excluded.created_at"                                     \
  "  OR transactions.updated_at IS NOT excluded.updated_at"                                     \
  "  OR transactions.raw_json IS NOT excluded.raw_json"                                         \
  " RETURNING id"

/* Ids hold created_at in their upper bits; this keeps created_at × 65536
 * inside 64 bits with room to spare (±4 million years). */
#define PD_TRANSACTION_MAX_TIME (G_GINT64_CONSTANT (1) << 46)

static guint32
hash_provider_id (const char *provider_id)
{
  guint32 hash = 2166136261u;

  /* FNV-1a: fixed here, as ids derived from it are stored. */
  for (const guchar *p = (const guchar *)provider_id; *p != '\0'; p++)
    {
      hash ^= *p;
      hash *= 16777619u;
    }

  return hash;
}

/* created_at × 65536 + the first free sequence number, starting from a hash
 * of the provider id (HACKING.md "Ids"). */
static gboolean
choose_transaction_id (PdStore      *self,
                       PdCachedStmt *probe,
                       gint64        created_at,
                       const char   *provider_id,
                       gint64       *id_out,
                       GError      **error)
{
  guint32 hash = hash_provider_id (provider_id);
  guint start = (hash ^ (hash >> 16)) & 0xffff;

  for (guint i = 0; i < 0x10000; i++)
    {
      gint64 id = created_at * 0x10000 + ((start + i) & 0xffff);
      int rc;

      sqlite3_bind_int64 (probe, 1, id);
      rc = sqlite3_step (probe);
      sqlite3_reset (probe);

      if (rc == SQLITE_DONE)
        {
          *id_out = id;
          return TRUE;
        }
      if (rc != SQLITE_ROW)
        return pd_store_set_error (self, rc, _("save the transactions"), error);
    }

  g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CONSTRAINT,
               _("More than 65 536 transactions carry the same second; "
                 "transaction %s cannot be stored"), provider_id);
  return FALSE;
}

static gboolean
check_transaction (const PdTransaction  *record,
                   GError              **error)
{
  const char *what = _("transaction");

  if (!check_provider_id (record->provider_id, what, error) ||
      !check_money (&record->amount, TRUE, what, error) ||
      !check_money (&record->fee, FALSE, what, error) ||
      !check_money (&record->amount_refunded, FALSE, what, error) ||
      !check_last4 (record->card_last4, what, error))
    return FALSE;

  if ((guint)record->kind >= PD_TRANSACTION_KIND_COUNT ||
      (guint)record->state >= PD_TRANSACTION_STATE_COUNT)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("Transaction %s has an unknown kind or state"), record->provider_id);
      return FALSE;
    }

  if (record->created_at <= -PD_TRANSACTION_MAX_TIME ||
      record->created_at >= PD_TRANSACTION_MAX_TIME)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("Transaction %s has a date out of range"), record->provider_id);
      return FALSE;
    }

  return TRUE;
}

static gboolean
upsert_transaction (PdStore      *self,
                    gint64        account_id,
                    gpointer      data,
                    PageContext  *context,
                    GError      **error)
{
  PdTransaction *record = data;
  sqlite3_stmt *stmt = context->upsert;
  g_autofree char *raw_json = NULL;
  gint64 fresh_id = 0, id;

  if (!check_transaction (record, error))
    return FALSE;

  if (!choose_transaction_id (self, context->probe, record->created_at, record->provider_id,
                              &fresh_id, error))
    return FALSE;

  raw_json = redact_raw_json (record->raw_json, &context->stats);

  sqlite3_bind_int64 (stmt, 1, fresh_id);
  sqlite3_bind_int64 (stmt, 2, account_id);
  pd_store_bind_text (stmt, 3, pd_transaction_kind_to_string (record->kind));
  pd_store_bind_text (stmt, 4, pd_transaction_state_to_string (record->state));
  pd_store_bind_text (stmt, 5, record->provider_id);
  pd_store_bind_text (stmt, 6, record->reference);
  pd_store_bind_text (stmt, 7, record->provider_status);
  pd_store_bind_money (stmt, 8, &record->amount);
  sqlite3_bind_int64 (stmt, 11, pd_amount_norm (record->amount.units, record->amount.scale, NULL));
  pd_store_bind_money (stmt, 12, &record->fee);
  pd_store_bind_money (stmt, 15, &record->amount_refunded);
  pd_store_bind_text (stmt, 18, record->parent_provider_id);
  pd_store_bind_text (stmt, 19, record->customer_provider_id);
  pd_store_bind_text (stmt, 20, record->customer_name);
  pd_store_bind_text (stmt, 21, record->phone);
  pd_store_bind_text (stmt, 22, record->email);
  pd_store_bind_text (stmt, 23, record->card_last4);
  pd_store_bind_text (stmt, 24, record->description);
  pd_store_bind_text (stmt, 25, record->counterparty);
  sqlite3_bind_int64 (stmt, 26, record->created_at);
  sqlite3_bind_int64 (stmt, 27, record->updated_at);
  pd_store_bind_text (stmt, 28, raw_json);
  sqlite3_bind_int64 (stmt, 29, pd_money_is_set (&record->fee)
                                ? pd_amount_norm (record->fee.units, record->fee.scale, NULL)
                                : 0);
  pd_store_bind_text (stmt, 30, context->account_label);

  if (!step_upsert (self, stmt, _("save the transactions"), &id, error))
    return FALSE;

  count_result (context, id, fresh_id);

  if (id != 0)
    {
      int rc;

      record->id = id;

      /* Queued for pd_store_index_queue_locked(), in bulk, later. */
      sqlite3_bind_int64 (context->queue, 1, id);
      rc = sqlite3_step (context->queue);
      sqlite3_reset (context->queue);
      if (rc != SQLITE_DONE)
        return pd_store_set_error (self, rc, _("save the transactions"), error);
    }
  else if (record->id == 0)
    {
      g_autoptr(PdCachedStmt) find = NULL;

      find = pd_store_prepare_cached (self,
                                      "SELECT id FROM transactions"
                                      " WHERE account_id = ? AND kind = ? AND provider_id = ?",
                                      error);
      if (find == NULL)
        return FALSE;

      sqlite3_bind_int64 (find, 1, account_id);
      pd_store_bind_text (find, 2, pd_transaction_kind_to_string (record->kind));
      pd_store_bind_text (find, 3, record->provider_id);
      if (sqlite3_step (find) == SQLITE_ROW)
        record->id = sqlite3_column_int64 (find, 0);
    }

  record->account_id = account_id;

  return TRUE;
}

/**
 * pd_store_upsert_transactions:
 * @self: a store
 * @account_id: the account the records belong to
 * @records: (element-type PdTransaction): one page of transactions; on
 *   success each one's id and account id are set
 * @stats_out: (out caller-allocates) (optional): what was inserted,
 *   updated and left unchanged
 * @error: return location for a #PD_STORE_ERROR
 *
 * Stores a page of transactions in one database transaction: all of them
 * or, on error, none. A record that is already stored as it is writes
 * nothing. Changed records are queued for the search index, which
 * pd_store_update_search_index() (or the next search) brings up to date.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_upsert_transactions (PdStore        *self,
                              gint64          account_id,
                              GPtrArray      *records,
                              PdUpsertStats  *stats_out,
                              GError        **error)
{
  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);

  return run_page (self, account_id, records, TRANSACTION_UPSERT_SQL, NULL,
                   upsert_transaction, _("save the transactions"), stats_out, error);
}

typedef struct
{
  gint64         account_id;
  GPtrArray     *records;
  PdUpsertStats  stats;
} UpsertTaskData;

static void
upsert_task_data_free (gpointer data)
{
  UpsertTaskData *task_data = data;

  g_ptr_array_unref (task_data->records);
  g_free (task_data);
}

static void
upsert_transactions_worker (GTask        *task,
                            gpointer      source_object,
                            gpointer      task_data,
                            GCancellable *cancellable)
{
  PdStore *self = source_object;
  UpsertTaskData *data = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!pd_store_upsert_transactions (self, data->account_id, data->records, &data->stats, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * pd_store_upsert_transactions_async:
 * @self: a store
 * @account_id: the account the records belong to
 * @records: (element-type PdTransaction): one page of transactions; the
 *   store keeps a reference until the call finishes, and the caller must
 *   not touch the records meanwhile
 * @cancellable: (nullable): a #GCancellable; a page that has started is
 *   stored whole
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs pd_store_upsert_transactions() in a worker thread.
 */
void
pd_store_upsert_transactions_async (PdStore             *self,
                                    gint64               account_id,
                                    GPtrArray           *records,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  UpsertTaskData *data;

  g_return_if_fail (PD_IS_STORE (self));
  g_return_if_fail (records != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (UpsertTaskData, 1);
  data->account_id = account_id;
  data->records = g_ptr_array_ref (records);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_store_upsert_transactions_async);
  g_task_set_task_data (task, data, upsert_task_data_free);
  g_task_run_in_thread (task, upsert_transactions_worker);
}

/**
 * pd_store_upsert_transactions_finish:
 * @self: a store
 * @result: the #GAsyncResult
 * @stats_out: (out caller-allocates) (optional): what the page did
 * @error: return location for a #PD_STORE_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: %TRUE if the page was stored
 */
gboolean
pd_store_upsert_transactions_finish (PdStore        *self,
                                     GAsyncResult   *result,
                                     PdUpsertStats  *stats_out,
                                     GError        **error)
{
  UpsertTaskData *data;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pd_store_upsert_transactions_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));
  if (stats_out != NULL)
    *stats_out = data->stats;

  return TRUE;
}

/* Customers */

#define CUSTOMER_UPSERT_SQL                                                                     \
  "INSERT INTO customers (id, account_id, provider_id, name, email, phone, created_at, raw_json)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"                                                    \
  " ON CONFLICT (account_id, provider_id) DO UPDATE SET"                                        \
  "  name = excluded.name, email = excluded.email, phone = excluded.phone,"                     \
  "  created_at = excluded.created_at, raw_json = excluded.raw_json"                            \
  " WHERE customers.name IS NOT excluded.name OR customers.email IS NOT excluded.email"         \
  "  OR customers.phone IS NOT excluded.phone OR customers.created_at IS NOT excluded.created_at" \
  "  OR customers.raw_json IS NOT excluded.raw_json"                                            \
  " RETURNING id"

static gboolean
upsert_customer (PdStore      *self,
                 gint64        account_id,
                 gpointer      data,
                 PageContext  *context,
                 GError      **error)
{
  PdCustomer *record = data;
  sqlite3_stmt *stmt = context->upsert;
  g_autofree char *raw_json = NULL;
  gint64 id;

  if (!check_provider_id (record->provider_id, _("customer"), error))
    return FALSE;

  raw_json = redact_raw_json (record->raw_json, &context->stats);

  sqlite3_bind_int64 (stmt, 1, context->next_id);
  sqlite3_bind_int64 (stmt, 2, account_id);
  pd_store_bind_text (stmt, 3, record->provider_id);
  pd_store_bind_text (stmt, 4, record->name);
  pd_store_bind_text (stmt, 5, record->email);
  pd_store_bind_text (stmt, 6, record->phone);
  sqlite3_bind_int64 (stmt, 7, record->created_at);
  pd_store_bind_text (stmt, 8, raw_json);

  if (!step_upsert (self, stmt, _("save the customers"), &id, error))
    return FALSE;

  count_result (context, id, context->next_id);
  if (id == context->next_id)
    context->next_id++;
  if (id != 0)
    record->id = id;
  record->account_id = account_id;

  return TRUE;
}

/**
 * pd_store_upsert_customers:
 * @self: a store
 * @account_id: the account the records belong to
 * @records: (element-type PdCustomer): one page of customers, keyed by
 *   provider id
 * @stats_out: (out caller-allocates) (optional): what the page did
 * @error: return location for a #PD_STORE_ERROR
 *
 * Stores a page of customers in one database transaction, like
 * pd_store_upsert_transactions().
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_upsert_customers (PdStore        *self,
                           gint64          account_id,
                           GPtrArray      *records,
                           PdUpsertStats  *stats_out,
                           GError        **error)
{
  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);

  return run_page (self, account_id, records, CUSTOMER_UPSERT_SQL,
                   CUSTOMER_NEXT_ID_SQL,
                   upsert_customer, _("save the customers"), stats_out, error);
}

/* Cards */

#define CARD_UPSERT_SQL                                                                         \
  "INSERT INTO cards (id, account_id, provider_id, customer_provider_id, brand, last4,"         \
  " masked_pan, exp_month, exp_year, holder_name, created_at, raw_json)"                        \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"                                 \
  " ON CONFLICT (account_id, provider_id) DO UPDATE SET"                                        \
  "  customer_provider_id = excluded.customer_provider_id, brand = excluded.brand,"             \
  "  last4 = excluded.last4, masked_pan = excluded.masked_pan,"                                 \
  "  exp_month = excluded.exp_month, exp_year = excluded.exp_year,"                             \
  "  holder_name = excluded.holder_name, created_at = excluded.created_at,"                     \
  "  raw_json = excluded.raw_json"                                                              \
  " WHERE cards.customer_provider_id IS NOT excluded.customer_provider_id"                      \
  "  OR cards.brand IS NOT excluded.brand OR cards.last4 IS NOT excluded.last4"                 \
  "  OR cards.masked_pan IS NOT excluded.masked_pan"                                            \
  "  OR cards.exp_month IS NOT excluded.exp_month OR cards.exp_year IS NOT excluded.exp_year"   \
  "  OR cards.holder_name IS NOT excluded.holder_name"                                          \
  "  OR cards.created_at IS NOT excluded.created_at"                                            \
  "  OR cards.raw_json IS NOT excluded.raw_json"                                                \
  " RETURNING id"

static gboolean
upsert_card (PdStore      *self,
             gint64        account_id,
             gpointer      data,
             PageContext  *context,
             GError      **error)
{
  PdCard *record = data;
  sqlite3_stmt *stmt = context->upsert;
  g_autofree char *raw_json = NULL;
  gint64 id;

  if (!check_provider_id (record->provider_id, _("card"), error) ||
      !check_last4 (record->last4, _("card"), error))
    return FALSE;

  /* Masked means at most the last four digits visible: "424242******4242"
   * shows ten and is refused. */
  if (count_digits (record->masked_pan) > 4)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_SECRET_REFUSED,
                   _("Card %s shows more than the last four digits of its number; "
                     "Paydesk never stores more than those"), record->provider_id);
      return FALSE;
    }

  if (record->exp_month > 12)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("Card %s has an expiry month out of range"), record->provider_id);
      return FALSE;
    }

  raw_json = redact_card_raw_json (record->raw_json, &context->stats);

  sqlite3_bind_int64 (stmt, 1, context->next_id);
  sqlite3_bind_int64 (stmt, 2, account_id);
  pd_store_bind_text (stmt, 3, record->provider_id);
  pd_store_bind_text (stmt, 4, record->customer_provider_id);
  pd_store_bind_text (stmt, 5, record->brand);
  pd_store_bind_text (stmt, 6, record->last4);
  pd_store_bind_text (stmt, 7, record->masked_pan);
  sqlite3_bind_int (stmt, 8, (int)record->exp_month);
  sqlite3_bind_int (stmt, 9, (int)record->exp_year);
  pd_store_bind_text (stmt, 10, record->holder_name);
  sqlite3_bind_int64 (stmt, 11, record->created_at);
  pd_store_bind_text (stmt, 12, raw_json);

  if (!step_upsert (self, stmt, _("save the cards"), &id, error))
    return FALSE;

  count_result (context, id, context->next_id);
  if (id == context->next_id)
    context->next_id++;
  if (id != 0)
    record->id = id;
  record->account_id = account_id;

  return TRUE;
}

/**
 * pd_store_upsert_cards:
 * @self: a store
 * @account_id: the account the records belong to
 * @records: (element-type PdCard): one page of cards, keyed by provider id
 * @stats_out: (out caller-allocates) (optional): what the page did
 * @error: return location for a #PD_STORE_ERROR
 *
 * Stores a page of cards in one database transaction, like
 * pd_store_upsert_transactions(). A card whose masked number shows more
 * than four digits refuses the whole page with
 * %PD_STORE_ERROR_SECRET_REFUSED.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_upsert_cards (PdStore        *self,
                       gint64          account_id,
                       GPtrArray      *records,
                       PdUpsertStats  *stats_out,
                       GError        **error)
{
  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);

  return run_page (self, account_id, records, CARD_UPSERT_SQL,
                   CARD_NEXT_ID_SQL,
                   upsert_card, _("save the cards"), stats_out, error);
}

/**
 * pd_store_remove_card:
 * @self: a store
 * @account_id: the account the card belongs to
 * @provider_id: the provider's id of the card
 * @error: return location for a #PD_STORE_ERROR
 *
 * Forgets a card the provider no longer has (it was removed from the
 * account). Transactions paid with it keep their last four digits.
 *
 * Returns: %TRUE on success; %PD_STORE_ERROR_NOT_FOUND if the account has
 *   no such card
 */
gboolean
pd_store_remove_card (PdStore     *self,
                      gint64       account_id,
                      const char  *provider_id,
                      GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (provider_id != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self, "DELETE FROM cards WHERE account_id = ? AND provider_id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  pd_store_bind_text (stmt, 2, provider_id);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return pd_store_set_error (self, rc, _("remove the card"), error);

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND,
                   _("The account has no card “%s”"), provider_id);
      return FALSE;
    }

  return TRUE;
}

/* The account's cards that @cards does not hold are gone at the provider. */
static gboolean
forget_other_cards_locked (PdStore    *self,
                           gint64      account_id,
                           GPtrArray  *cards,
                           guint      *removed,
                           GError    **error)
{
  g_autoptr(PdJsonWriter) ids = pd_json_writer_new ();
  g_autoptr(PdCachedStmt) stmt = NULL;
  g_autofree char *json = NULL;
  int rc;

  pd_json_writer_begin_array (ids);
  for (guint i = 0; i < cards->len; i++)
    pd_json_writer_string (ids, ((PdCard *)g_ptr_array_index (cards, i))->provider_id);
  pd_json_writer_end_array (ids);
  json = pd_json_writer_free_to_string (g_steal_pointer (&ids));

  stmt = pd_store_prepare_cached (self,
                                  "DELETE FROM cards WHERE account_id = ?1"
                                  " AND provider_id NOT IN (SELECT value FROM json_each (?2))",
                                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  pd_store_bind_text (stmt, 2, json);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return pd_store_set_error (self, rc, _("remove the cards the provider no longer has"), error);

  *removed += sqlite3_changes (self->db);

  return TRUE;
}

/* Statement entries */

#define STATEMENT_UPSERT_SQL                                                                    \
  "INSERT INTO statement_entries (id, account_id, provider_id, transaction_provider_id,"        \
  " created_at, entry_type, direction, amount_units, amount_scale, amount_currency,"            \
  " before_units, before_scale, before_currency, after_units, after_scale, after_currency,"     \
  " wallet, status, description, counterparty, raw_json)"                                       \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"   \
  " ?19, ?20, ?21)"                                                                             \
  " ON CONFLICT (account_id, provider_id) DO UPDATE SET"                                        \
  "  transaction_provider_id = excluded.transaction_provider_id,"                               \
  "  created_at = excluded.created_at, entry_type = excluded.entry_type,"                       \
  "  direction = excluded.direction, amount_units = excluded.amount_units,"                     \
  "  amount_scale = excluded.amount_scale, amount_currency = excluded.amount_currency,"         \
  "  before_units = excluded.before_units, before_scale = excluded.before_scale,"               \
  "  before_currency = excluded.before_currency, after_units = excluded.after_units,"           \
  "  after_scale = excluded.after_scale, after_currency = excluded.after_currency,"             \
  "  wallet = excluded.wallet, status = excluded.status,"                                       \
  "  description = excluded.description, counterparty = excluded.counterparty,"                 \
  "  raw_json = excluded.raw_json"                                                              \
  " WHERE statement_entries.transaction_provider_id IS NOT excluded.transaction_provider_id"    \
  "  OR statement_entries.created_at IS NOT excluded.created_at"                                \
  "  OR statement_entries.entry_type IS NOT excluded.entry_type"                                \
  "  OR statement_entries.direction IS NOT excluded.direction"                                  \
  "  OR statement_entries.amount_units IS NOT excluded.amount_units"                            \
  "  OR statement_entries.amount_scale IS NOT excluded.amount_scale"                            \
  "  OR statement_entries.amount_currency IS NOT excluded.amount_currency"                      \
  "  OR statement_entries.before_units IS NOT excluded.before_units"                            \
  "  OR statement_entries.before_scale IS NOT excluded.before_scale"                            \
  "  OR statement_entries.before_currency IS NOT excluded.before_currency"                      \
  "  OR statement_entries.after_units IS NOT excluded.after_units"                              \
  "  OR statement_entries.after_scale IS NOT excluded.after_scale"                              \
  "  OR statement_entries.after_currency IS NOT excluded.after_currency"                        \
  "  OR statement_entries.wallet IS NOT excluded.wallet"                                        \
  "  OR statement_entries.status IS NOT excluded.status"                                        \
  "  OR statement_entries.description IS NOT excluded.description"                              \
  "  OR statement_entries.counterparty IS NOT excluded.counterparty"                            \
  "  OR statement_entries.raw_json IS NOT excluded.raw_json"                                    \
  " RETURNING id"

static gboolean
upsert_statement_entry (PdStore      *self,
                        gint64        account_id,
                        gpointer      data,
                        PageContext  *context,
                        GError      **error)
{
  PdStatementEntry *record = data;
  sqlite3_stmt *stmt = context->upsert;
  const char *what = _("statement entry");
  g_autofree char *raw_json = NULL;
  gint64 id;

  if (!check_provider_id (record->provider_id, what, error) ||
      !check_money (&record->amount, TRUE, what, error) ||
      !check_money (&record->balance_before, FALSE, what, error) ||
      !check_money (&record->balance_after, FALSE, what, error))
    return FALSE;

  if ((guint)record->direction > PD_STATEMENT_DIRECTION_DEBIT)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("Statement entry %s is neither a credit nor a debit"), record->provider_id);
      return FALSE;
    }

  raw_json = redact_raw_json (record->raw_json, &context->stats);

  sqlite3_bind_int64 (stmt, 1, context->next_id);
  sqlite3_bind_int64 (stmt, 2, account_id);
  pd_store_bind_text (stmt, 3, record->provider_id);
  pd_store_bind_text (stmt, 4, record->transaction_provider_id);
  sqlite3_bind_int64 (stmt, 5, record->created_at);
  pd_store_bind_text (stmt, 6, record->entry_type);
  pd_store_bind_text (stmt, 7, pd_statement_direction_to_string (record->direction));
  pd_store_bind_money (stmt, 8, &record->amount);
  pd_store_bind_money (stmt, 11, &record->balance_before);
  pd_store_bind_money (stmt, 14, &record->balance_after);
  pd_store_bind_text (stmt, 17, record->wallet);
  pd_store_bind_text (stmt, 18, record->status);
  pd_store_bind_text (stmt, 19, record->description);
  pd_store_bind_text (stmt, 20, record->counterparty);
  pd_store_bind_text (stmt, 21, raw_json);

  if (!step_upsert (self, stmt, _("save the statement"), &id, error))
    return FALSE;

  count_result (context, id, context->next_id);
  if (id == context->next_id)
    context->next_id++;
  if (id != 0)
    record->id = id;
  record->account_id = account_id;

  return TRUE;
}

/**
 * pd_store_upsert_statement_entries:
 * @self: a store
 * @account_id: the account the records belong to
 * @records: (element-type PdStatementEntry): one page of statement entries,
 *   keyed by provider id
 * @stats_out: (out caller-allocates) (optional): what the page did
 * @error: return location for a #PD_STORE_ERROR
 *
 * Stores a page of statement entries in one database transaction, like
 * pd_store_upsert_transactions().
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_upsert_statement_entries (PdStore        *self,
                                   gint64          account_id,
                                   GPtrArray      *records,
                                   PdUpsertStats  *stats_out,
                                   GError        **error)
{
  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);

  return run_page (self, account_id, records, STATEMENT_UPSERT_SQL,
                   STATEMENT_NEXT_ID_SQL,
                   upsert_statement_entry, _("save the statement"), stats_out, error);
}

/* Balances */

#define BALANCE_UPSERT_SQL                                                                      \
  "INSERT INTO balances (id, account_id, wallet, amount_units, amount_scale, amount_currency,"  \
  " recorded_at)"                                                                               \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"                                                        \
  " ON CONFLICT (account_id, wallet, recorded_at) DO UPDATE SET"                                \
  "  amount_units = excluded.amount_units, amount_scale = excluded.amount_scale,"               \
  "  amount_currency = excluded.amount_currency"                                                \
  " WHERE balances.amount_units IS NOT excluded.amount_units"                                   \
  "  OR balances.amount_scale IS NOT excluded.amount_scale"                                     \
  "  OR balances.amount_currency IS NOT excluded.amount_currency"                               \
  " RETURNING id"

static gboolean
upsert_balance (PdStore      *self,
                gint64        account_id,
                gpointer      data,
                PageContext  *context,
                GError      **error)
{
  PdBalance *record = data;
  sqlite3_stmt *stmt = context->upsert;
  gint64 id;

  if (record->wallet == NULL || record->wallet[0] == '\0')
    {
      g_set_error_literal (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                           _("A balance needs a wallet"));
      return FALSE;
    }

  if (!check_money (&record->amount, TRUE, _("balance"), error))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, context->next_id);
  sqlite3_bind_int64 (stmt, 2, account_id);
  pd_store_bind_text (stmt, 3, record->wallet);
  pd_store_bind_money (stmt, 4, &record->amount);
  sqlite3_bind_int64 (stmt, 7, record->recorded_at);

  if (!step_upsert (self, stmt, _("save the balances"), &id, error))
    return FALSE;

  count_result (context, id, context->next_id);
  if (id == context->next_id)
    context->next_id++;
  record->account_id = account_id;

  return TRUE;
}

/**
 * pd_store_upsert_balances:
 * @self: a store
 * @account_id: the account the readings belong to
 * @records: (element-type PdBalance): balance readings, keyed by wallet and
 *   #PdBalance.recorded_at; every reading is kept as history
 * @stats_out: (out caller-allocates) (optional): what the call did
 * @error: return location for a #PD_STORE_ERROR
 *
 * Stores balance readings in one database transaction.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_upsert_balances (PdStore        *self,
                          gint64          account_id,
                          GPtrArray      *records,
                          PdUpsertStats  *stats_out,
                          GError        **error)
{
  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);

  return run_page (self, account_id, records, BALANCE_UPSERT_SQL,
                   BALANCE_NEXT_ID_SQL,
                   upsert_balance, _("save the balances"), stats_out, error);
}

/* Whole pages */

/**
 * pd_store_upsert_page:
 * @self: a store
 * @account_id: the account the page belongs to
 * @page: a page from a provider; on success its records' ids are set
 * @stats_out: (out caller-allocates) (optional): what the page did, over
 *   all its records
 * @error: return location for a #PD_STORE_ERROR
 *
 * Stores every record of @page (customers, cards, transactions, statement
 * entries, balances) and, when the page names its resource, the page's
 * cursor as that resource's sync state — complete when there is no next
 * cursor — all in one database transaction. A sync that stops at any
 * moment therefore resumes after the last page that was stored.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_upsert_page (PdStore        *self,
                      gint64          account_id,
                      PdPage         *page,
                      PdUpsertStats  *stats_out,
                      GError        **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  PdUpsertStats stats = { 0, };

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (page != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  if (!pd_store_begin (self, TRUE, error))
    return FALSE;

  if (!pd_store_account_exists (self, account_id, error) ||
      !upsert_records_locked (self, account_id, page->customers, CUSTOMER_UPSERT_SQL,
                              CUSTOMER_NEXT_ID_SQL, upsert_customer, _("save the customers"),
                              &stats, error) ||
      !upsert_records_locked (self, account_id, page->cards, CARD_UPSERT_SQL,
                              CARD_NEXT_ID_SQL, upsert_card, _("save the cards"),
                              &stats, error) ||
      !upsert_records_locked (self, account_id, page->transactions, TRANSACTION_UPSERT_SQL,
                              NULL, upsert_transaction, _("save the transactions"),
                              &stats, error) ||
      !upsert_records_locked (self, account_id, page->statement_entries, STATEMENT_UPSERT_SQL,
                              STATEMENT_NEXT_ID_SQL, upsert_statement_entry,
                              _("save the statement"), &stats, error) ||
      !upsert_records_locked (self, account_id, page->balances, BALANCE_UPSERT_SQL,
                              BALANCE_NEXT_ID_SQL, upsert_balance, _("save the balances"),
                              &stats, error) ||
      (page->all_cards && !forget_other_cards_locked (self, account_id, page->cards, &stats.removed, error)))
    goto fail;

  if (page->resource != NULL)
    {
      PdSyncState state = { account_id, page->resource, page->next_cursor,
                            page->next_cursor == NULL, 0 };

      if (!pd_store_set_sync_state (self, &state, error))
        goto fail;
    }

  if (!pd_store_commit (self, error))
    return FALSE;

  if (stats_out != NULL)
    *stats_out = stats;

  return TRUE;

fail:
  pd_store_rollback (self);
  return FALSE;
}

typedef struct
{
  gint64         account_id;
  PdPage        *page;
  PdUpsertStats  stats;
} PageTaskData;

static void
page_task_data_free (gpointer data)
{
  PageTaskData *task_data = data;

  pd_page_unref (task_data->page);
  g_free (task_data);
}

static void
upsert_page_worker (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  PdStore *self = source_object;
  PageTaskData *data = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!pd_store_upsert_page (self, data->account_id, data->page, &data->stats, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * pd_store_upsert_page_async:
 * @self: a store
 * @account_id: the account the page belongs to
 * @page: a page; the store holds a reference until the call finishes, and
 *   the caller must not change it meanwhile
 * @cancellable: (nullable): a #GCancellable; a page that has started is
 *   stored whole
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs pd_store_upsert_page() in a worker thread. A sync engine that opens
 * its own #PdStore for this keeps the views' store free meanwhile.
 */
void
pd_store_upsert_page_async (PdStore             *self,
                            gint64               account_id,
                            PdPage              *page,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PageTaskData *data;

  g_return_if_fail (PD_IS_STORE (self));
  g_return_if_fail (page != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (PageTaskData, 1);
  data->account_id = account_id;
  data->page = pd_page_ref (page);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_store_upsert_page_async);
  g_task_set_task_data (task, data, page_task_data_free);
  g_task_run_in_thread (task, upsert_page_worker);
}

/**
 * pd_store_upsert_page_finish:
 * @self: a store
 * @result: the #GAsyncResult
 * @stats_out: (out caller-allocates) (optional): what the page did
 * @error: return location for a #PD_STORE_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: %TRUE if the page was stored
 */
gboolean
pd_store_upsert_page_finish (PdStore        *self,
                             GAsyncResult   *result,
                             PdUpsertStats  *stats_out,
                             GError        **error)
{
  PageTaskData *data;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_store_upsert_page_async,
                        FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));
  if (stats_out != NULL)
    *stats_out = data->stats;

  return TRUE;
}

/* pd-store-export.c - streaming reads of the store for statements and exports
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pd-store-export.h"
#include "pd-store-private.h"

/*
 * An export of a million rows must not hold a million records: these
 * functions step a prepared statement and hand each row to a callback with
 * the strings still inside SQLite's row, so nothing is copied. They hold the
 * store's lock for the whole walk; a long export therefore runs on its own
 * connection (see pd_export_to_path_async()).
 */

/* How many rows pass between two looks at the cancellable. */
#define CANCEL_CHECK_ROWS 1024

static inline const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *)sqlite3_column_text (stmt, column);
}

/* An amount's three columns (units, scale, currency), as
 * pd_store_column_money() reads them, but cheaper, as it runs three times
 * a row: a NULL currency is a NULL blob, and a blob is not copied to add
 * a terminating NUL as text would be. */
static inline void
column_money (sqlite3_stmt *stmt,
              int           column,
              PdMoney      *out)
{
  const char *currency = sqlite3_column_blob (stmt, column + 2);
  int len = sqlite3_column_bytes (stmt, column + 2);

  memset (out, 0, sizeof *out);
  if (currency == NULL)
    return;

  out->units = sqlite3_column_int64 (stmt, column);
  out->scale = (guint8)sqlite3_column_int (stmt, column + 1);
  memcpy (out->currency, currency, MIN ((gsize)MAX (len, 0), sizeof out->currency - 1));
}

/* Period bounds: 0 means no bound, which the SQL reads as the widest range
 * so that the (account_id, created_at) index serves both. */
static inline gint64
lower_bound (gint64 from)
{
  return from != 0 ? from : G_MININT64;
}

static inline gint64
upper_bound (gint64 to)
{
  return to != 0 ? to : G_MAXINT64;
}

/* Steps @stmt to its end, calling @read_row then @func for each row. */
static gboolean
walk_rows (PdStore                  *self,
           sqlite3_stmt             *stmt,
           void                    (*read_row) (sqlite3_stmt        *stmt,
                                                PdStoreStatementRow *row),
           PdStoreStatementRowFunc   func,
           gpointer                  user_data,
           GCancellable             *cancellable,
           const char               *doing,
           GError                  **error)
{
  guint64 n = 0;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdStoreStatementRow row;
      GError *local_error = NULL;

      if (++n % CANCEL_CHECK_ROWS == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      read_row (stmt, &row);
      if (!func (&row, user_data, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              return FALSE;
            }
          return TRUE;
        }
    }

  if (rc != SQLITE_DONE)
    return pd_store_set_error (self, rc, doing, error);

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* How much of the database file an export connection maps into memory;
 * SQLite caps it at about 2 GB. */
#define EXPORT_MMAP_SIZE "1073741824"

/**
 * pd_store_new_for_export:
 * @path: the database file
 * @error: return location for a #PD_STORE_ERROR
 *
 * Opens a connection of its own to the database for one long read, such
 * as an export of a million rows: pd_store_new_for_path() with the file
 * memory-mapped, so that SQLite reads pages in place instead of copying
 * each one with a system call (about a fifth of an export's time). It is
 * meant to be closed when the export is done; WAL lets it read while other
 * connections write.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
PdStore *
pd_store_new_for_export (const char  *path,
                         GError     **error)
{
  g_autoptr(PdStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = pd_store_new_for_path (path, error);
  if (self == NULL)
    return NULL;

  if (!pd_store_exec (self, "PRAGMA mmap_size = " EXPORT_MMAP_SIZE, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Statement entries */

#define ENTRY_COLUMNS                                                                           \
  "account_id, created_at, provider_id, transaction_provider_id, entry_type, status, wallet,"   \
  " counterparty, description, direction, amount_units, amount_scale, amount_currency,"         \
  " before_units, before_scale, before_currency, after_units, after_scale, after_currency"

static void
read_entry_row (sqlite3_stmt        *stmt,
                PdStoreStatementRow *row)
{
  const char *direction;

  memset (row, 0, sizeof *row);
  row->account_id = sqlite3_column_int64 (stmt, 0);
  row->created_at = sqlite3_column_int64 (stmt, 1);
  row->provider_id = column_text (stmt, 2);
  row->reference = column_text (stmt, 3);
  row->type = column_text (stmt, 4);
  row->status = column_text (stmt, 5);
  row->wallet = column_text (stmt, 6);
  row->counterparty = column_text (stmt, 7);
  row->description = column_text (stmt, 8);
  /* The schema allows only 'credit' and 'debit'. */
  direction = column_text (stmt, 9);
  row->direction = direction != NULL && direction[0] == 'd' ? PD_STATEMENT_DIRECTION_DEBIT
                                                            : PD_STATEMENT_DIRECTION_CREDIT;
  column_money (stmt, 10, &row->amount);
  column_money (stmt, 13, &row->balance_before);
  column_money (stmt, 16, &row->balance_after);
  row->count = 1;
}

/**
 * pd_store_count_statement_entries:
 * @self: a store
 * @account_id: the account
 * @count_out: (out): how many statement entries of the provider's own
 *   statement the store holds for the account
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_count_statement_entries (PdStore  *self,
                                  gint64    account_id,
                                  guint64  *count_out,
                                  GError  **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (count_out != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self,
                                  "SELECT count (*) FROM statement_entries WHERE account_id = ?",
                                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return pd_store_set_error (self, rc, _("read the statement"), error);

  *count_out = (guint64)sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

/**
 * pd_store_foreach_statement_entry:
 * @self: a store
 * @account_id: the account
 * @from: only entries at or after this time (Unix seconds); 0 for no bound
 * @to: only entries before this time (exclusive); 0 for no bound
 * @func: (scope call): called for each entry, oldest first (by date, then
 *   in the order they were stored)
 * @user_data: data for @func
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #PD_STORE_ERROR, a #G_IO_ERROR_CANCELLED,
 *   or the error @func set
 *
 * Walks the provider's statement entries of one account without loading
 * them all. The row's @type, @status, @wallet, @direction, @amount and both
 * balances are filled in; @reference is the entry's transaction provider id.
 *
 * Returns: %TRUE on success, also when @func stopped early without an error
 */
gboolean
pd_store_foreach_statement_entry (PdStore                  *self,
                                  gint64                    account_id,
                                  gint64                    from,
                                  gint64                    to,
                                  PdStoreStatementRowFunc   func,
                                  gpointer                  user_data,
                                  GCancellable             *cancellable,
                                  GError                  **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare (self,
                           "SELECT " ENTRY_COLUMNS " FROM statement_entries"
                           " WHERE account_id = ?1 AND created_at >= ?2 AND created_at < ?3"
                           " ORDER BY created_at, id",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, lower_bound (from));
  sqlite3_bind_int64 (stmt, 3, upper_bound (to));

  return walk_rows (self, stmt, read_entry_row, func, user_data, cancellable,
                    _("read the statement"), error);
}

static void
read_wallet_row (sqlite3_stmt        *stmt,
                 PdStoreStatementRow *row)
{
  memset (row, 0, sizeof *row);
  row->account_id = sqlite3_column_int64 (stmt, 0);
  row->wallet = column_text (stmt, 1);
}

/**
 * pd_store_foreach_wallet_before:
 * @self: a store
 * @account_id: the account
 * @before: only wallets with an entry before this time (Unix seconds)
 * @func: (scope call): called once for each such wallet; only the row's
 *   @account_id and @wallet (%NULL for entries without one) are filled in
 * @user_data: data for @func
 * @error: return location for a #PD_STORE_ERROR, or the error @func set
 *
 * Lists the wallets of an account that had entries before a time, for the
 * opening balances of a statement.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_foreach_wallet_before (PdStore                  *self,
                                gint64                    account_id,
                                gint64                    before,
                                PdStoreStatementRowFunc   func,
                                gpointer                  user_data,
                                GError                  **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare (self,
                           "SELECT DISTINCT account_id, wallet FROM statement_entries"
                           " WHERE account_id = ?1 AND created_at < ?2"
                           " ORDER BY wallet",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, before);

  return walk_rows (self, stmt, read_wallet_row, func, user_data, NULL,
                    _("read the statement"), error);
}

/**
 * pd_store_foreach_entry_backwards:
 * @self: a store
 * @account_id: the account
 * @wallet: (nullable): the wallet; %NULL for entries without one
 * @before: only entries before this time (Unix seconds)
 * @func: (scope call): called for each entry, newest first; returns
 *   %FALSE once it found what it looks for
 * @user_data: data for @func
 * @error: return location for a #PD_STORE_ERROR, or the error @func set
 *
 * Walks one wallet's entries back in time from @before, as
 * pd_store_foreach_statement_entry() fills them in.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_foreach_entry_backwards (PdStore                  *self,
                                  gint64                    account_id,
                                  const char               *wallet,
                                  gint64                    before,
                                  PdStoreStatementRowFunc   func,
                                  gpointer                  user_data,
                                  GError                  **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare (self,
                           "SELECT " ENTRY_COLUMNS " FROM statement_entries"
                           " WHERE account_id = ?1 AND wallet IS ?2 AND created_at < ?3"
                           " ORDER BY created_at DESC, id DESC",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  pd_store_bind_text (stmt, 2, wallet);
  sqlite3_bind_int64 (stmt, 3, before);

  return walk_rows (self, stmt, read_entry_row, func, user_data, NULL,
                    _("read the statement"), error);
}

/* Transactions */

#define TRANSACTION_COLUMNS                                                                     \
  "account_id, created_at, provider_id, reference, kind, state, counterparty, description,"     \
  " customer_name, phone, amount_units, amount_scale, amount_currency, fee_units, fee_scale,"   \
  " fee_currency"

static void
read_kind_and_state (sqlite3_stmt        *stmt,
                     int                  kind_column,
                     PdStoreStatementRow *row)
{
  PdTransactionKind kind = PD_TRANSACTION_KIND_CHARGE;
  PdTransactionState state = PD_TRANSACTION_STATE_PENDING;

  /* The schema's CHECK constraints allow only the stable strings. */
  row->type = column_text (stmt, kind_column);
  row->status = column_text (stmt, kind_column + 1);
  pd_transaction_kind_from_string (row->type, &kind);
  pd_transaction_state_from_string (row->status, &state);
  row->kind = kind;
  row->state = state;
}

static void
read_transaction_row (sqlite3_stmt        *stmt,
                      PdStoreStatementRow *row)
{
  memset (row, 0, sizeof *row);
  row->account_id = sqlite3_column_int64 (stmt, 0);
  row->created_at = sqlite3_column_int64 (stmt, 1);
  row->provider_id = column_text (stmt, 2);
  row->reference = column_text (stmt, 3);
  read_kind_and_state (stmt, 4, row);
  row->counterparty = column_text (stmt, 6);
  row->description = column_text (stmt, 7);
  row->customer_name = column_text (stmt, 8);
  row->phone = column_text (stmt, 9);
  column_money (stmt, 10, &row->amount);
  column_money (stmt, 13, &row->fee);
  row->count = 1;
}

/**
 * pd_store_foreach_statement_transaction:
 * @self: a store
 * @account_id: the account
 * @from: only transactions created at or after this time (Unix seconds);
 *   0 for no bound
 * @to: only transactions created before this time (exclusive); 0 for no
 *   bound
 * @func: (scope call): called for each transaction, oldest first
 * @user_data: data for @func
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #PD_STORE_ERROR, a #G_IO_ERROR_CANCELLED,
 *   or the error @func set
 *
 * Walks one account's transactions of every state, for statements derived
 * from them. The row's @type and @status are the kind's and the state's
 * stable strings; @balance_before and @balance_after stay unset.
 *
 * Returns: %TRUE on success, also when @func stopped early without an error
 */
gboolean
pd_store_foreach_statement_transaction (PdStore                  *self,
                                        gint64                    account_id,
                                        gint64                    from,
                                        gint64                    to,
                                        PdStoreStatementRowFunc   func,
                                        gpointer                  user_data,
                                        GCancellable             *cancellable,
                                        GError                  **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare (self,
                           "SELECT " TRANSACTION_COLUMNS " FROM transactions"
                           " WHERE account_id = ?1 AND created_at >= ?2 AND created_at < ?3"
                           " ORDER BY created_at, id",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, lower_bound (from));
  sqlite3_bind_int64 (stmt, 3, upper_bound (to));

  return walk_rows (self, stmt, read_transaction_row, func, user_data, cancellable,
                    _("read the transactions"), error);
}

static void
read_sum_row (sqlite3_stmt        *stmt,
              PdStoreStatementRow *row)
{
  memset (row, 0, sizeof *row);
  row->account_id = sqlite3_column_int64 (stmt, 0);
  read_kind_and_state (stmt, 1, row);
  pd_store_column_money (stmt, 3, &row->amount);
  pd_store_column_money (stmt, 6, &row->fee);
  row->count = (guint64)sqlite3_column_int64 (stmt, 9);
}

/**
 * pd_store_foreach_transaction_sum:
 * @self: a store
 * @account_id: the account
 * @before: only transactions created before this time (Unix seconds)
 * @func: (scope call): called once per kind, state, currency and scale,
 *   with @amount and @fee the exact sums of that group and @count its size
 * @user_data: data for @func
 * @error: return location for a #PD_STORE_ERROR (also when a sum does not
 *   fit in 64 bits), or the error @func set
 *
 * Adds up an account's transactions before a time in SQL, for the opening
 * balance of a derived statement, without reading them one by one.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_foreach_transaction_sum (PdStore                  *self,
                                  gint64                    account_id,
                                  gint64                    before,
                                  PdStoreStatementRowFunc   func,
                                  gpointer                  user_data,
                                  GError                  **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  /* sum() of integers is exact in SQLite, and fails rather than wrap. */
  stmt = pd_store_prepare (self,
                           "SELECT account_id, kind, state,"
                           " sum (amount_units), amount_scale, amount_currency,"
                           " sum (fee_units), fee_scale, fee_currency, count (*)"
                           " FROM transactions WHERE account_id = ?1 AND created_at < ?2"
                           " GROUP BY kind, state, amount_currency, amount_scale,"
                           " fee_currency, fee_scale"
                           " ORDER BY kind, state, amount_currency, amount_scale,"
                           " fee_currency, fee_scale",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, before);

  return walk_rows (self, stmt, read_sum_row, func, user_data, NULL,
                    _("add up the transactions"), error);
}

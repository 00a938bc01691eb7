/* pd-store-lists.c - customers, cards, statements and balances as lists
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>

#include "pd-store-private.h"

typedef gpointer (*RowFunc) (sqlite3_stmt *stmt);

/* Runs a prepared statement and collects one record per row. */
static gboolean
collect_rows (PdStore         *self,
              sqlite3_stmt    *stmt,
              RowFunc          from_row,
              GDestroyNotify   free_func,
              const char      *doing,
              GPtrArray      **out,
              GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, from_row (stmt));

  if (rc != SQLITE_DONE)
    return pd_store_set_error (self, rc, doing, error);

  *out = g_steal_pointer (&rows);

  return TRUE;
}

/* Customers */

#define CUSTOMER_COLUMNS "id, account_id, provider_id, name, email, phone, created_at, raw_json"

static gpointer
customer_from_row (sqlite3_stmt *stmt)
{
  PdCustomer *customer = pd_customer_new ();

  customer->id = sqlite3_column_int64 (stmt, 0);
  customer->account_id = sqlite3_column_int64 (stmt, 1);
  customer->provider_id = pd_store_column_dup (stmt, 2);
  customer->name = pd_store_column_dup (stmt, 3);
  customer->email = pd_store_column_dup (stmt, 4);
  customer->phone = pd_store_column_dup (stmt, 5);
  customer->created_at = sqlite3_column_int64 (stmt, 6);
  customer->raw_json = pd_store_column_dup (stmt, 7);

  return customer;
}

/**
 * pd_store_list_customers:
 * @self: a store
 * @account_id: only this account's customers; 0 for all
 * @out: (out) (transfer full) (element-type PdCustomer): the customers, by
 *   name (ASCII letters case-insensitively), then id
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_list_customers (PdStore     *self,
                         gint64       account_id,
                         GPtrArray  **out,
                         GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self,
                                  "SELECT " CUSTOMER_COLUMNS " FROM customers"
                                  " WHERE ?1 = 0 OR account_id = ?1"
                                  " ORDER BY coalesce (name, '') COLLATE NOCASE, id",
                                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);

  return collect_rows (self, stmt, customer_from_row, (GDestroyNotify)pd_customer_free,
                       _("read the customers"), out, error);
}

/**
 * pd_store_get_customer:
 * @self: a store
 * @account_id: the account
 * @provider_id: the provider's id of the customer
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): the customer, or %NULL with
 *   %PD_STORE_ERROR_NOT_FOUND
 */
PdCustomer *
pd_store_get_customer (PdStore     *self,
                       gint64       account_id,
                       const char  *provider_id,
                       GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), NULL);
  g_return_val_if_fail (provider_id != NULL, NULL);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self,
                                  "SELECT " CUSTOMER_COLUMNS " FROM customers"
                                  " WHERE account_id = ? AND provider_id = ?",
                                  error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, account_id);
  pd_store_bind_text (stmt, 2, provider_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return customer_from_row (stmt);

  if (rc != SQLITE_DONE)
    pd_store_set_error (self, rc, _("read the customer"), error);
  else
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND,
                 _("There is no customer %s"), provider_id);

  return NULL;
}

/* Cards */

#define CARD_COLUMNS                                                                            \
  "id, account_id, provider_id, customer_provider_id, brand, last4, masked_pan, exp_month,"     \
  " exp_year, holder_name, created_at, raw_json"

static gpointer
card_from_row (sqlite3_stmt *stmt)
{
  PdCard *card = pd_card_new ();

  card->id = sqlite3_column_int64 (stmt, 0);
  card->account_id = sqlite3_column_int64 (stmt, 1);
  card->provider_id = pd_store_column_dup (stmt, 2);
  card->customer_provider_id = pd_store_column_dup (stmt, 3);
  card->brand = pd_store_column_dup (stmt, 4);
  card->last4 = pd_store_column_dup (stmt, 5);
  card->masked_pan = pd_store_column_dup (stmt, 6);
  card->exp_month = (guint)sqlite3_column_int (stmt, 7);
  card->exp_year = (guint)sqlite3_column_int (stmt, 8);
  card->holder_name = pd_store_column_dup (stmt, 9);
  card->created_at = sqlite3_column_int64 (stmt, 10);
  card->raw_json = pd_store_column_dup (stmt, 11);

  return card;
}

/**
 * pd_store_list_cards:
 * @self: a store
 * @account_id: only this account's cards; 0 for all
 * @customer_provider_id: (nullable): only this customer's cards
 * @out: (out) (transfer full) (element-type PdCard): the cards, newest first
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_list_cards (PdStore     *self,
                     gint64       account_id,
                     const char  *customer_provider_id,
                     GPtrArray  **out,
                     GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self,
                                  "SELECT " CARD_COLUMNS " FROM cards"
                                  " WHERE (?1 = 0 OR account_id = ?1)"
                                  " AND (?2 IS NULL OR customer_provider_id = ?2)"
                                  " ORDER BY created_at DESC, id DESC",
                                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  pd_store_bind_text (stmt, 2, customer_provider_id);

  return collect_rows (self, stmt, card_from_row, (GDestroyNotify)pd_card_free,
                       _("read the cards"), out, error);
}

/* Statement entries */

#define STATEMENT_COLUMNS                                                                       \
  "id, account_id, provider_id, transaction_provider_id, created_at, entry_type, direction,"    \
  " amount_units, amount_scale, amount_currency, before_units, before_scale, before_currency,"  \
  " after_units, after_scale, after_currency, wallet, status, description, counterparty,"       \
  " raw_json"

static gpointer
statement_entry_from_row (sqlite3_stmt *stmt)
{
  PdStatementEntry *entry = pd_statement_entry_new ();
  PdStatementDirection direction = PD_STATEMENT_DIRECTION_CREDIT;

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->account_id = sqlite3_column_int64 (stmt, 1);
  entry->provider_id = pd_store_column_dup (stmt, 2);
  entry->transaction_provider_id = pd_store_column_dup (stmt, 3);
  entry->created_at = sqlite3_column_int64 (stmt, 4);
  entry->entry_type = pd_store_column_dup (stmt, 5);
  pd_statement_direction_from_string ((const char *)sqlite3_column_text (stmt, 6), &direction);
  entry->direction = direction;
  pd_store_column_money (stmt, 7, &entry->amount);
  pd_store_column_money (stmt, 10, &entry->balance_before);
  pd_store_column_money (stmt, 13, &entry->balance_after);
  entry->wallet = pd_store_column_dup (stmt, 16);
  entry->status = pd_store_column_dup (stmt, 17);
  entry->description = pd_store_column_dup (stmt, 18);
  entry->counterparty = pd_store_column_dup (stmt, 19);
  entry->raw_json = pd_store_column_dup (stmt, 20);

  return entry;
}

/**
 * pd_store_list_statement_entries:
 * @self: a store
 * @account_id: only this account's entries; 0 for all
 * @from: only entries at or after this time (Unix seconds); 0 for no bound
 * @to: only entries before this time (exclusive); 0 for no bound
 * @wallet: (nullable): only this wallet's entries
 * @out: (out) (transfer full) (element-type PdStatementEntry): the entries,
 *   oldest first, as a statement reads
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_list_statement_entries (PdStore     *self,
                                 gint64       account_id,
                                 gint64       from,
                                 gint64       to,
                                 const char  *wallet,
                                 GPtrArray  **out,
                                 GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self,
                                  "SELECT " STATEMENT_COLUMNS " FROM statement_entries"
                                  " WHERE (?1 = 0 OR account_id = ?1)"
                                  " AND (?2 = 0 OR created_at >= ?2)"
                                  " AND (?3 = 0 OR created_at < ?3)"
                                  " AND (?4 IS NULL OR wallet = ?4)"
                                  " ORDER BY created_at, id",
                                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to);
  pd_store_bind_text (stmt, 4, wallet);

  return collect_rows (self, stmt, statement_entry_from_row,
                       (GDestroyNotify)pd_statement_entry_free,
                       _("read the statement"), out, error);
}

/* Balances */

static gpointer
balance_from_row (sqlite3_stmt *stmt)
{
  PdBalance *balance = pd_balance_new ();

  balance->account_id = sqlite3_column_int64 (stmt, 0);
  balance->wallet = pd_store_column_dup (stmt, 1);
  pd_store_column_money (stmt, 2, &balance->amount);
  balance->recorded_at = sqlite3_column_int64 (stmt, 5);

  return balance;
}

/**
 * pd_store_list_latest_balances:
 * @self: a store
 * @account_id: only this account's wallets; 0 for all
 * @out: (out) (transfer full) (element-type PdBalance): the latest reading
 *   of each wallet, by account and wallet
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_list_latest_balances (PdStore     *self,
                               gint64       account_id,
                               GPtrArray  **out,
                               GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  /* The unique index (account_id, wallet, recorded_at) finds each wallet's
   * latest reading directly. */
  stmt = pd_store_prepare_cached (self,
                                  "SELECT b.account_id, b.wallet, b.amount_units, b.amount_scale,"
                                  " b.amount_currency, b.recorded_at"
                                  " FROM balances b"
                                  " WHERE (?1 = 0 OR b.account_id = ?1)"
                                  " AND b.recorded_at = (SELECT max (l.recorded_at) FROM balances l"
                                  "   WHERE l.account_id = b.account_id AND l.wallet = b.wallet)"
                                  " ORDER BY b.account_id, b.wallet",
                                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);

  return collect_rows (self, stmt, balance_from_row, (GDestroyNotify)pd_balance_free,
                       _("read the balances"), out, error);
}

/**
 * pd_store_list_balance_history:
 * @self: a store
 * @account_id: the account
 * @wallet: the wallet
 * @from: only readings at or after this time (Unix seconds); 0 for no bound
 * @to: only readings before this time (exclusive); 0 for no bound
 * @out: (out) (transfer full) (element-type PdBalance): the readings,
 *   oldest first
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_list_balance_history (PdStore     *self,
                               gint64       account_id,
                               const char  *wallet,
                               gint64       from,
                               gint64       to,
                               GPtrArray  **out,
                               GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (wallet != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self,
                                  "SELECT account_id, wallet, amount_units, amount_scale,"
                                  " amount_currency, recorded_at FROM balances"
                                  " WHERE account_id = ?1 AND wallet = ?2"
                                  " AND (?3 = 0 OR recorded_at >= ?3)"
                                  " AND (?4 = 0 OR recorded_at < ?4)"
                                  " ORDER BY recorded_at",
                                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  pd_store_bind_text (stmt, 2, wallet);
  sqlite3_bind_int64 (stmt, 3, from);
  sqlite3_bind_int64 (stmt, 4, to);

  return collect_rows (self, stmt, balance_from_row, (GDestroyNotify)pd_balance_free,
                       _("read the balances"), out, error);
}

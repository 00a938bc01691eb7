/* pd-store-schema.c - the store's schema, as a list of migrations
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-store-private.h"

/*
 * Migration N takes a database from user_version N-1 to N; each one runs in
 * its own transaction. Never edit a released step: add a new one.
 *
 * Amounts are three columns — integer units, scale, ISO currency — never
 * REAL. Transactions also keep amount_norm, the value in units of 10^-9
 * (see PD_AMOUNT_NORM_SCALE), so amounts of different scales sort, filter
 * and match exactly with one index.
 *
 * Text that may be absent is NULL; times are Unix seconds, UTC.
 */

static const char migration_1[] =
  "CREATE TABLE accounts ("
  "  id           INTEGER PRIMARY KEY,"
  "  uuid         TEXT NOT NULL UNIQUE CHECK (length (uuid) = 36),"
  "  provider     TEXT NOT NULL CHECK (provider IN ('fayapay', 'zengapay', 'eoneopay',"
  "                                                 'pawacard', 'enayapay')),"
  "  label        TEXT NOT NULL,"
  "  base_url     TEXT,"
  "  mode         TEXT NOT NULL CHECK (mode IN ('test', 'live')),"
  "  username     TEXT,"
  "  phone        TEXT,"
  "  timezone     TEXT NOT NULL,"
  "  created_at   INTEGER NOT NULL,"
  "  last_sync_at INTEGER NOT NULL DEFAULT 0"
  ") STRICT;"

  "CREATE TABLE customers ("
  "  id          INTEGER PRIMARY KEY,"
  "  account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  provider_id TEXT NOT NULL,"
  "  name        TEXT,"
  "  email       TEXT,"
  "  phone       TEXT,"
  "  created_at  INTEGER NOT NULL,"
  "  raw_json    TEXT,"
  "  UNIQUE (account_id, provider_id)"
  ") STRICT;"

  /* id = created_at × 65536 + sequence (HACKING.md "Ids"): the primary key
   * is the date order, so "newest first" and keyset paging are free. */
  "CREATE TABLE transactions ("
  "  id                   INTEGER PRIMARY KEY,"
  "  account_id           INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  kind                 TEXT NOT NULL CHECK (kind IN ('charge', 'collection', 'payment',"
  "                         'vend', 'bill', 'topup', 'refund', 'disbursement', 'transfer',"
  "                         'payout')),"
  "  state                TEXT NOT NULL CHECK (state IN ('pending', 'succeeded', 'failed',"
  "                         'refunded', 'partially_refunded', 'indeterminate')),"
  "  provider_id          TEXT NOT NULL,"
  "  reference            TEXT,"
  "  provider_status      TEXT,"
  "  amount_units         INTEGER NOT NULL,"
  "  amount_scale         INTEGER NOT NULL CHECK (amount_scale BETWEEN 0 AND 9),"
  "  amount_currency      TEXT NOT NULL,"
  "  amount_norm          INTEGER NOT NULL,"
  "  fee_units            INTEGER,"
  "  fee_scale            INTEGER,"
  "  fee_currency         TEXT,"
  "  refunded_units       INTEGER,"
  "  refunded_scale       INTEGER,"
  "  refunded_currency    TEXT,"
  "  parent_provider_id   TEXT,"
  "  customer_provider_id TEXT,"
  "  customer_name        TEXT,"
  "  phone                TEXT,"
  "  email                TEXT,"
  "  card_last4           TEXT CHECK (length (card_last4) <= 4),"
  "  description          TEXT,"
  "  counterparty         TEXT,"
  "  created_at           INTEGER NOT NULL,"
  "  updated_at           INTEGER NOT NULL DEFAULT 0,"
  "  raw_json             TEXT,"
  "  UNIQUE (account_id, kind, provider_id)"
  ") STRICT;"
  "CREATE INDEX transactions_created ON transactions (created_at);"
  "CREATE INDEX transactions_reference ON transactions (reference COLLATE NOCASE);"
  "CREATE INDEX transactions_amount ON transactions (amount_norm);"
  "CREATE INDEX transactions_parent ON transactions (account_id, parent_provider_id)"
  "  WHERE parent_provider_id IS NOT NULL;"
  "CREATE INDEX transactions_customer ON transactions (account_id, customer_provider_id)"
  "  WHERE customer_provider_id IS NOT NULL;"

  "CREATE TABLE cards ("
  "  id                   INTEGER PRIMARY KEY,"
  "  account_id           INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  provider_id          TEXT NOT NULL,"
  "  customer_provider_id TEXT,"
  "  brand                TEXT,"
  "  last4                TEXT CHECK (length (last4) <= 4),"
  "  masked_pan           TEXT,"
  "  exp_month            INTEGER NOT NULL DEFAULT 0 CHECK (exp_month BETWEEN 0 AND 12),"
  "  exp_year             INTEGER NOT NULL DEFAULT 0,"
  "  holder_name          TEXT,"
  "  created_at           INTEGER NOT NULL,"
  "  raw_json             TEXT,"
  "  UNIQUE (account_id, provider_id)"
  ") STRICT;"
  "CREATE INDEX cards_customer ON cards (account_id, customer_provider_id);"

  "CREATE TABLE statement_entries ("
  "  id                      INTEGER PRIMARY KEY,"
  "  account_id              INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  provider_id             TEXT NOT NULL,"
  "  transaction_provider_id TEXT,"
  "  created_at              INTEGER NOT NULL,"
  "  entry_type              TEXT,"
  "  direction               TEXT NOT NULL CHECK (direction IN ('credit', 'debit')),"
  "  amount_units            INTEGER NOT NULL,"
  "  amount_scale            INTEGER NOT NULL CHECK (amount_scale BETWEEN 0 AND 9),"
  "  amount_currency         TEXT NOT NULL,"
  "  before_units            INTEGER,"
  "  before_scale            INTEGER,"
  "  before_currency         TEXT,"
  "  after_units             INTEGER,"
  "  after_scale             INTEGER,"
  "  after_currency          TEXT,"
  "  wallet                  TEXT,"
  "  status                  TEXT,"
  "  description             TEXT,"
  "  counterparty            TEXT,"
  "  raw_json                TEXT,"
  "  UNIQUE (account_id, provider_id)"
  ") STRICT;"
  "CREATE INDEX statement_entries_date ON statement_entries (account_id, created_at);"

  /* One row per reading: the history of a wallet's balance. */
  "CREATE TABLE balances ("
  "  id              INTEGER PRIMARY KEY,"
  "  account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  wallet          TEXT NOT NULL,"
  "  amount_units    INTEGER NOT NULL,"
  "  amount_scale    INTEGER NOT NULL CHECK (amount_scale BETWEEN 0 AND 9),"
  "  amount_currency TEXT NOT NULL,"
  "  recorded_at     INTEGER NOT NULL,"
  "  UNIQUE (account_id, wallet, recorded_at)"
  ") STRICT;"

  "CREATE TABLE sync_state ("
  "  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  resource   TEXT NOT NULL,"
  "  cursor     TEXT,"
  "  complete   INTEGER NOT NULL DEFAULT 0,"
  "  updated_at INTEGER NOT NULL,"
  "  PRIMARY KEY (account_id, resource)"
  ") STRICT, WITHOUT ROWID;";

/* Search. The index is not kept by triggers on insert and update: an upsert
 * only queues the ids it changed, and pd_store_index_queue_locked() indexes
 * the queue in bulk (live trigram triggers make a sync several times
 * slower). It is a regular FTS5 table, holding its own copy of the text, so
 * a changed row's old text can be removed by rowid alone. Deleting is rare
 * and cheap, so a trigger queues deleted ids. */
static const char migration_2[] =
  "CREATE VIRTUAL TABLE transactions_fts USING fts5 ("
  "  provider_id, reference, customer_name, phone, phone_digits, email, card_last4,"
  "  description, counterparty,"
  "  tokenize = 'trigram'"
  ");"
  "CREATE TABLE search_queue ("
  "  id INTEGER PRIMARY KEY"
  ") STRICT;"
  "CREATE TRIGGER transactions_deleted AFTER DELETE ON transactions BEGIN"
  "  INSERT OR IGNORE INTO search_queue (id) VALUES (old.id);"
  "END;"
  "INSERT INTO search_queue (id) SELECT id FROM transactions;";

static const char migration_3[] =
  "CREATE TABLE outbox ("
  "  id                 INTEGER PRIMARY KEY,"
  "  account_id         INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  operation          TEXT NOT NULL,"
  "  idempotency_key    TEXT NOT NULL UNIQUE,"
  "  reference          TEXT,"
  "  target_provider_id TEXT,"
  "  amount_units       INTEGER NOT NULL,"
  "  amount_scale       INTEGER NOT NULL CHECK (amount_scale BETWEEN 0 AND 9),"
  "  amount_currency    TEXT NOT NULL,"
  "  request_json       TEXT,"
  "  state              TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'confirmed',"
  "                       'failed', 'unknown')),"
  "  attempts           INTEGER NOT NULL DEFAULT 0,"
  "  created_at         INTEGER NOT NULL,"
  "  updated_at         INTEGER NOT NULL,"
  "  response_json      TEXT,"
  "  error_message      TEXT,"
  "  transaction_id     INTEGER,"
  "  result_provider_id TEXT"
  ") STRICT;"
  "CREATE INDEX outbox_state ON outbox (state, account_id);"

  /* The audit trail outlives the account it speaks of. */
  "CREATE TABLE activity ("
  "  id              INTEGER PRIMARY KEY,"
  "  at              INTEGER NOT NULL,"
  "  user            TEXT NOT NULL,"
  "  account_id      INTEGER REFERENCES accounts (id) ON DELETE SET NULL,"
  "  action          TEXT NOT NULL,"
  "  amount_units    INTEGER,"
  "  amount_scale    INTEGER,"
  "  amount_currency TEXT,"
  "  outcome         TEXT,"
  "  detail          TEXT"
  ") STRICT;"
  "CREATE INDEX activity_account ON activity (account_id, at);"

  "CREATE TABLE saved_views ("
  "  id         INTEGER PRIMARY KEY,"
  "  name       TEXT NOT NULL UNIQUE,"
  "  query      TEXT NOT NULL CHECK (json_valid (query)),"
  "  updated_at INTEGER NOT NULL"
  ") STRICT;";

/* Sorting the transaction views. Each order the views offer (PdSortKey)
 * is (key, id), and has an index on (key) alone: SQLite puts the rowid,
 * which is id, after the key in every index, so the index is that order,
 * and a window after a keyset cursor is one seek, (key, rowid) > (?, ?),
 * rather than a sort of every match. (Naming id in the index would make it
 * an ordinary column there, which SQLite 3.40 does not extend a row-value
 * range to.) transactions_created and transactions_amount serve the date
 * and amount already.
 *
 * - Customer and reference sort as coalesce (…, '') with ASCII case
 *   folding. SQLite compares a row value against an index only on plain
 *   columns, not on expressions, so both are virtual generated columns:
 *   nothing more is stored in the table, only in the index. The
 *   reference's index also serves the reference prefix search (LIKE on a
 *   NOCASE column), so it replaces transactions_reference.
 * - The provider is the account's, copied onto each row when it is first
 *   stored (an account never changes provider), since a generated column
 *   cannot read another table: the upsert of pd-store-upsert.c names it
 *   (a trigger doing so rewrote every new row and made storing slower).
 *
 * Each index is written on every insert; state and provider grow at a few
 * points only (ids come in date order), customer and reference at random
 * places, as transactions_reference did. */
static const char migration_4[] =
  "ALTER TABLE transactions ADD COLUMN customer_key TEXT NOT NULL COLLATE NOCASE"
  "  GENERATED ALWAYS AS (coalesce (customer_name, '')) VIRTUAL;"
  "ALTER TABLE transactions ADD COLUMN reference_key TEXT NOT NULL COLLATE NOCASE"
  "  GENERATED ALWAYS AS (coalesce (reference, '')) VIRTUAL;"
  "ALTER TABLE transactions ADD COLUMN provider TEXT NOT NULL DEFAULT '';"
  "UPDATE transactions SET provider ="
  "  (SELECT a.provider FROM accounts a WHERE a.id = transactions.account_id);"

  "DROP INDEX transactions_reference;"
  "CREATE INDEX transactions_by_customer ON transactions (customer_key);"
  "CREATE INDEX transactions_by_reference ON transactions (reference_key);"
  "CREATE INDEX transactions_by_state ON transactions (state);"
  "CREATE INDEX transactions_by_provider ON transactions (provider);";

/* The account and fee orders, built as migration 4's (key, id) orders are.
 *
 * - The account sorts by its label with ASCII case folding. Like the
 *   provider, the label is another table's, so it is copied onto each row:
 *   the upsert of pd-store-upsert.c names it when a row is first stored,
 *   and a trigger rewrites an account's rows when its label changes
 *   (rarely, and never while a page is stored).
 * - The fee sorts as fee_norm, the fee in units of 10^-9 like amount_norm,
 *   written by the upsert. A transaction without a fee has a fee_norm of 0,
 *   so it sorts as a fee of zero. pd_amount_norm() is the SQL function of
 *   pd-store.c, used here only to fill the rows already stored. */
static const char migration_5[] =
  "ALTER TABLE transactions ADD COLUMN account_key TEXT NOT NULL DEFAULT '' COLLATE NOCASE;"
  "ALTER TABLE transactions ADD COLUMN fee_norm INTEGER NOT NULL DEFAULT 0;"
  "UPDATE transactions SET"
  "  account_key = (SELECT a.label FROM accounts a WHERE a.id = transactions.account_id),"
  "  fee_norm = pd_amount_norm (fee_units, fee_scale);"

  "CREATE TRIGGER accounts_label_changed AFTER UPDATE OF label ON accounts"
  "  WHEN old.label IS NOT new.label BEGIN"
  "  UPDATE transactions SET account_key = new.label WHERE account_id = new.id;"
  "END;"

  "CREATE INDEX transactions_by_account ON transactions (account_key);"
  "CREATE INDEX transactions_by_fee ON transactions (fee_norm);";

static const char *const migrations[] = {
  migration_1,
  migration_2,
  migration_3,
  migration_4,
  migration_5,
};

guint
pd_store_schema_n_migrations (void)
{
  return G_N_ELEMENTS (migrations);
}

/* The SQL that takes the schema from @version - 1 to @version. */
const char *
pd_store_schema_migration (guint version)
{
  g_return_val_if_fail (version >= 1 && version <= G_N_ELEMENTS (migrations), NULL);

  return migrations[version - 1];
}

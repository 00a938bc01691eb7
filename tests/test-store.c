/* test-store.c - tests of the records and the SQLite store
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "pd-query.h"
#include "pd-records.h"
#include "pd-page.h"
#include "pd-store.h"
#include "pd-store-private.h"

/* Helpers */

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }

  g_rmdir (path);
}

typedef struct
{
  char    *dir;
  char    *path;
  PdStore *store;
  gint64   account_id;
} Fixture;

static gint64
add_account (PdStore    *store,
             const char *provider,
             const char *label)
{
  g_autoptr(PdAccount) account = pd_account_new ();
  g_autoptr(GError) error = NULL;

  account->provider = g_strdup (provider);
  account->label = g_strdup (label);
  account->base_url = g_strdup ("https://api.example.com/v1");
  g_assert_true (pd_store_add_account (store, account, &error));
  g_assert_no_error (error);
  g_assert_cmpint (account->id, >, 0);

  return account->id;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("paydesk-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "paydesk.db", NULL);
  fixture->store = pd_store_new_for_path (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
  fixture->account_id = add_account (fixture->store, "zengapay", "Kampala shop");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->store != NULL)
    g_assert_finalize_object (fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static PdMoney
money (gint64      units,
       guint       scale,
       const char *currency)
{
  PdMoney m;

  pd_money_init (&m, units, scale, currency);

  return m;
}

static PdTransaction *
make_transaction (const char        *provider_id,
                  PdTransactionKind  kind,
                  gint64             created_at,
                  PdMoney            amount)
{
  PdTransaction *tx = pd_transaction_new ();

  tx->provider_id = g_strdup (provider_id);
  tx->kind = kind;
  tx->state = PD_TRANSACTION_STATE_SUCCEEDED;
  tx->created_at = created_at;
  tx->amount = amount;
  tx->raw_json = g_strdup_printf ("{\"id\":\"%s\",\"status\":\"SUCCEEDED\"}", provider_id);

  return tx;
}

static GPtrArray *
transaction_array (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify)pd_transaction_free);
}

static GPtrArray *
copy_transactions (GPtrArray *page)
{
  GPtrArray *copy = transaction_array ();

  for (guint i = 0; i < page->len; i++)
    {
      PdTransaction *tx = pd_transaction_copy (g_ptr_array_index (page, i));

      tx->id = 0;
      g_ptr_array_add (copy, tx);
    }

  return copy;
}

static void
upsert_ok (PdStore       *store,
           gint64         account_id,
           GPtrArray     *page,
           PdUpsertStats *stats)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_store_upsert_transactions (store, account_id, page, stats, &error));
  g_assert_no_error (error);
}

static GPtrArray *
query_ok (PdStore       *store,
          const PdQuery *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = NULL;

  g_assert_true (pd_store_query_transactions (store, query, &rows, &error));
  g_assert_no_error (error);
  g_assert_nonnull (rows);

  return rows;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char *const *)a, *(const char *const *)b);
}

/* The provider ids of a search, sorted, joined by spaces. */
static char *
search_ids (PdStore    *store,
            const char *text)
{
  g_autoptr(PdQuery) query = pd_query_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  pd_query_set_text (query, text);
  rows = query_ok (store, query);

  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (ids, ((PdTransaction *)g_ptr_array_index (rows, i))->provider_id);
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);

  return g_strjoinv (" ", (char **)ids->pdata);
}

static gint64
scalar (sqlite3    *db,
        const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static char *
scalar_text (sqlite3    *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

static gint64
file_size (const char *path)
{
  struct stat st;

  if (g_stat (path, &st) != 0)
    return -1;

  return st.st_size;
}

static guint
file_mode (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);

  return st.st_mode & 0777;
}

/* Exact comparison written independently of the store's, for expected
 * results. */
static int
cmp_money_value (const PdMoney *a,
                 const PdMoney *b)
{
  __int128 va = a->units, vb = b->units;

  for (guint i = a->scale; i < 9; i++)
    va *= 10;
  for (guint i = b->scale; i < 9; i++)
    vb *= 10;

  return va < vb ? -1 : va > vb ? 1 : 0;
}

/* Records and enums */

static void
test_records_enums (void)
{
  PdTransactionKind kind;
  PdTransactionState state;
  PdAccountMode mode;
  PdStatementDirection direction;
  PdOutboxState outbox_state;
  PdSortKey sort;

  for (guint i = 0; i < PD_TRANSACTION_KIND_COUNT; i++)
    {
      const char *text = pd_transaction_kind_to_string (i);

      g_assert_nonnull (text);
      g_assert_true (pd_transaction_kind_from_string (text, &kind));
      g_assert_cmpint (kind, ==, i);
      g_assert_cmpstr (pd_transaction_kind_get_label (i), !=, "");
    }

  for (guint i = 0; i < PD_TRANSACTION_STATE_COUNT; i++)
    {
      g_assert_true (pd_transaction_state_from_string (pd_transaction_state_to_string (i), &state));
      g_assert_cmpint (state, ==, i);
      g_assert_cmpstr (pd_transaction_state_get_label (i), !=, "");
    }

  g_assert_cmpstr (pd_transaction_state_to_string (PD_TRANSACTION_STATE_PARTIALLY_REFUNDED), ==,
                   "partially_refunded");
  g_assert_cmpstr (pd_transaction_kind_to_string (PD_TRANSACTION_KIND_TOPUP), ==, "topup");
  g_assert_cmpstr (pd_transaction_state_get_label (PD_TRANSACTION_STATE_PARTIALLY_REFUNDED), ==,
                   "Partially refunded");
  g_assert_false (pd_transaction_kind_from_string ("Charge", &kind));
  g_assert_false (pd_transaction_kind_from_string (NULL, &kind));
  g_assert_false (pd_transaction_state_from_string ("partially refunded", &state));

  g_assert_true (pd_account_mode_from_string ("live", &mode));
  g_assert_cmpint (mode, ==, PD_ACCOUNT_MODE_LIVE);
  g_assert_cmpstr (pd_account_mode_to_string (PD_ACCOUNT_MODE_TEST), ==, "test");
  g_assert_true (pd_statement_direction_from_string ("debit", &direction));
  g_assert_cmpint (direction, ==, PD_STATEMENT_DIRECTION_DEBIT);
  g_assert_true (pd_outbox_state_from_string ("unknown", &outbox_state));
  g_assert_cmpint (outbox_state, ==, PD_OUTBOX_STATE_UNKNOWN);
  g_assert_true (pd_sort_key_from_string ("reference", &sort));
  g_assert_cmpint (sort, ==, PD_SORT_REFERENCE);
  g_assert_false (pd_sort_key_from_string ("colour", &sort));

  g_assert_true (pd_provider_is_known ("enayapay"));
  g_assert_false (pd_provider_is_known ("stripe"));
  g_assert_cmpstr (pd_provider_get_display_name ("pawacard"), ==, "PawaCard");
  g_assert_cmpstr (pd_provider_get_default_timezone ("eoneopay"), ==, "Australia/Sydney");
  g_assert_cmpstr (pd_provider_get_currency ("fayapay"), ==, "GHS");
  g_assert_cmpstr (pd_provider_get_currency ("zengapay"), ==, "UGX");
  g_assert_cmpstr (pd_provider_get_currency ("eoneopay"), ==, "AUD");
  g_assert_cmpstr (pd_provider_get_currency ("pawacard"), ==, "KES");
  g_assert_cmpstr (pd_provider_get_currency ("enayapay"), ==, "SDG");
  g_assert_null (pd_provider_get_currency ("stripe"));
  g_assert_null (pd_provider_get_currency (NULL));
}

static void
test_records_copy (void)
{
  g_autoptr(PdTransaction) tx = make_transaction ("ch_1", PD_TRANSACTION_KIND_CHARGE, 100,
                                                  money (21522, 1, "UGX"));
  g_autoptr(PdTransaction) copy = NULL;
  g_autoptr(PdCard) card = pd_card_new ();
  g_autoptr(PdCard) card_copy = NULL;
  g_autoptr(PdQuery) query = pd_query_new ();
  g_autoptr(PdQuery) query_copy = NULL;
  g_autoptr(PdStatementEntry) entry = pd_statement_entry_new ();
  g_autoptr(PdStatementEntry) entry_copy = NULL;

  tx->customer_name = g_strdup ("Ivan Šimić");
  copy = pd_transaction_copy (tx);
  g_assert_cmpstr (copy->customer_name, ==, "Ivan Šimić");
  g_assert_true (copy->customer_name != tx->customer_name);
  g_free (tx->customer_name);
  tx->customer_name = g_strdup ("changed");
  g_assert_cmpstr (copy->customer_name, ==, "Ivan Šimić");
  g_assert_cmpint (copy->amount.units, ==, 21522);
  g_assert_cmpstr (copy->amount.currency, ==, "UGX");
  g_assert_cmpstr (copy->fee.currency, ==, "");

  card->masked_pan = g_strdup ("************4242");
  card_copy = pd_card_copy (card);
  g_assert_cmpstr (card_copy->masked_pan, ==, "************4242");

  entry->wallet = g_strdup ("UGX-MTNMM");
  entry_copy = pd_statement_entry_copy (entry);
  g_assert_cmpstr (entry_copy->wallet, ==, "UGX-MTNMM");

  g_assert_cmpint (query->sort, ==, PD_SORT_DATE);
  g_assert_true (query->descending);
  pd_query_set_text (query, "šim");
  query_copy = pd_query_copy (query);
  g_assert_cmpstr (query_copy->text, ==, "šim");
  g_assert_true (query_copy->text != query->text);

  g_assert_true (G_TYPE_IS_BOXED (PD_TYPE_TRANSACTION));
  g_assert_true (G_TYPE_IS_BOXED (PD_TYPE_QUERY));
}

/* Opening, schema, migrations */

static void
test_open_schema (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("paydesk-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "paydesk.db", NULL);
  g_autofree char *journal = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  PdStore *store, *second;
  sqlite3 *db;
  const char *const tables[] = {
    "accounts", "customers", "transactions", "cards", "statement_entries", "balances",
    "outbox", "sync_state", "activity", "saved_views", "transactions_fts", "search_queue",
  };

  store = pd_store_new_for_path (path, &error);
  g_assert_no_error (error);
  db = pd_store_get_db (store);

  g_assert_cmpuint (pd_store_schema_version (), >=, 3);
  g_assert_cmpint (scalar (db, "PRAGMA user_version"), ==, pd_store_schema_version ());
  g_assert_cmpint (scalar (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (scalar (db, "PRAGMA synchronous"), ==, 2); /* FULL */
  journal = scalar_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_schema"
                                              " WHERE name = '%s'", tables[i]);

      g_assert_cmpint (scalar (db, sql), ==, 1);
    }

  /* Amounts are integers, never REAL. */
  g_assert_cmpint (scalar (db, "SELECT count(*) FROM sqlite_schema WHERE sql LIKE '%REAL%'"),
                   ==, 0);

  add_account (store, "fayapay", "Accra");

  /* A second connection on the same file while the first is open. */
  second = pd_store_new_for_path (path, &error);
  g_assert_no_error (error);
  g_assert_true (pd_store_list_accounts (second, &accounts, &error));
  g_assert_cmpuint (accounts->len, ==, 1);
  g_clear_pointer (&accounts, g_ptr_array_unref);
  g_assert_finalize_object (second);
  g_assert_finalize_object (store);

  /* Opening again migrates nothing and keeps the data. */
  store = pd_store_new_for_path (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (scalar (pd_store_get_db (store), "PRAGMA user_version"), ==,
                   pd_store_schema_version ());
  g_assert_true (pd_store_list_accounts (store, &accounts, &error));
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_cmpstr (((PdAccount *)g_ptr_array_index (accounts, 0))->label, ==, "Accra");
  g_assert_finalize_object (store);

  /* The last connection removed its WAL. */
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);

    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  }

  remove_tree (dir);
}

static void
test_open_migrate_from_older (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("paydesk-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "paydesk.db", NULL);
  g_autofree char *found = NULL;
  PdStore *store;
  sqlite3 *db;

  store = pd_store_new_for_path_at_version (path, 1, &error);
  g_assert_no_error (error);
  db = pd_store_get_db (store);
  g_assert_cmpint (scalar (db, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (scalar (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'outbox'"), ==, 0);

  /* Data written by a version-1 Paydesk. */
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO accounts (id, uuid, provider, label, mode, timezone,"
                                 " created_at) VALUES (7, '8a1f6f53-8a4e-4f58-9a47-51b0f3c0d1aa',"
                                 " 'zengapay', 'Old', 'live', 'Africa/Kampala', 1);"
                                 "INSERT INTO transactions (id, account_id, kind, state,"
                                 " provider_id, reference, amount_units, amount_scale,"
                                 " amount_currency, amount_norm, created_at)"
                                 " VALUES (65536000, 7, 'collection', 'succeeded', 'z1',"
                                 " 'OLDREF-12345', 5, 0, 'UGX', 5000000000, 1000)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_finalize_object (store);

  store = pd_store_new_for_path (path, &error);
  g_assert_no_error (error);
  db = pd_store_get_db (store);
  g_assert_cmpint (scalar (db, "PRAGMA user_version"), ==, pd_store_schema_version ());
  g_assert_cmpint (scalar (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'outbox'"), ==, 1);
  g_assert_cmpint (scalar (db, "SELECT count(*) FROM transactions"), ==, 1);

  /* Rows older than the search index are indexed too. */
  found = search_ids (store, "REF-123");
  g_assert_cmpstr (found, ==, "z1");
  g_assert_finalize_object (store);

  remove_tree (dir);
}

/* A schema-3 database gets the sort columns and their indexes, its rows
 * their provider, and rows stored later theirs too. */
static void
test_open_migrate_sort_indexes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = transaction_array ();
  g_autofree char *dir = g_dir_make_tmp ("paydesk-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "paydesk.db", NULL);
  static const char *const by_customer[] = { "z3", "f1", "z1", "f2", "z2" };
  static const char *const by_provider[] = { "f1", "f2", "z1", "z2", "z3" };
  static const char *const new_indexes[] = {
    "transactions_by_customer", "transactions_by_reference", "transactions_by_state",
    "transactions_by_provider",
  };
  PdStore *store;
  sqlite3 *db;

  store = pd_store_new_for_path_at_version (path, 3, &error);
  g_assert_no_error (error);
  db = pd_store_get_db (store);
  g_assert_cmpint (scalar (db, "PRAGMA user_version"), ==, 3);

  /* Written by a schema-3 Paydesk: two accounts, names in mixed case and
   * none, references with and without. */
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO accounts (id, uuid, provider, label, mode, timezone,"
                                 " created_at) VALUES"
                                 " (3, '3a1f6f53-8a4e-4f58-9a47-51b0f3c0d1aa', 'zengapay', 'Z', 'live',"
                                 "  'Africa/Kampala', 1),"
                                 " (4, '4a1f6f53-8a4e-4f58-9a47-51b0f3c0d1aa', 'fayapay', 'F', 'live',"
                                 "  'Africa/Accra', 1);"
                                 "INSERT INTO transactions (id, account_id, kind, state, provider_id,"
                                 " reference, customer_name, amount_units, amount_scale,"
                                 " amount_currency, amount_norm, created_at) VALUES"
                                 " (65536001, 3, 'collection', 'succeeded', 'z1', 'R-2', 'bob',"
                                 "  5, 0, 'UGX', 5000000000, 1000),"
                                 " (65536002, 4, 'charge', 'failed', 'f1', NULL, 'Adjoa',"
                                 "  7, 0, 'GHS', 7000000000, 1000),"
                                 " (65536003, 3, 'collection', 'pending', 'z2', 'r-1', 'Efua',"
                                 "  6, 0, 'UGX', 6000000000, 1000),"
                                 " (65536004, 4, 'charge', 'succeeded', 'f2', 'R-3', 'BOB',"
                                 "  8, 0, 'GHS', 8000000000, 1000),"
                                 " (65536005, 3, 'collection', 'succeeded', 'z3', 'r-4', NULL,"
                                 "  9, 0, 'UGX', 9000000000, 1000)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_finalize_object (store);

  store = pd_store_new_for_path (path, &error);
  g_assert_no_error (error);
  db = pd_store_get_db (store);
  g_assert_cmpuint (pd_store_schema_version (), >=, 4);
  g_assert_cmpint (scalar (db, "PRAGMA user_version"), ==, pd_store_schema_version ());
  g_assert_cmpint (scalar (db, "SELECT count(*) FROM transactions"), ==, 5);
  g_assert_cmpint (scalar (db, "SELECT count(*) FROM transactions WHERE provider ="
                               " (SELECT provider FROM accounts WHERE id = account_id)"), ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (new_indexes); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_schema"
                                              " WHERE type = 'index' AND name = '%s'",
                                              new_indexes[i]);

      g_assert_cmpint (scalar (db, sql), ==, 1);
    }
  /* The reference index it replaces is gone; the reference prefix search
   * still finds old rows, ignoring case. */
  g_assert_cmpint (scalar (db, "SELECT count(*) FROM sqlite_schema"
                               " WHERE name = 'transactions_reference'"), ==, 0);
  {
    g_autofree char *found = search_ids (store, "r-");

    g_assert_cmpstr (found, ==, "f2 z1 z2 z3");
  }

  /* Old rows sort by their customer (ASCII case folded, none first, ties
   * by id) and by their account's provider. */
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(PdQuery) query = pd_query_new ();
      g_autoptr(GPtrArray) rows = NULL;
      const char *const *expected = pass == 0 ? by_customer : by_provider;

      query->sort = pass == 0 ? PD_SORT_CUSTOMER : PD_SORT_PROVIDER;
      query->descending = FALSE;
      rows = query_ok (store, query);
      g_assert_cmpuint (rows->len, ==, 5);
      for (guint i = 0; i < rows->len; i++)
        g_assert_cmpstr (((PdTransaction *)g_ptr_array_index (rows, i))->provider_id, ==,
                         expected[i]);
    }

  /* A row stored after the migration gets its provider too. */
  g_ptr_array_add (page, make_transaction ("f9", PD_TRANSACTION_KIND_CHARGE, 2000,
                                           money (100, 2, "GHS")));
  upsert_ok (store, 4, page, NULL);
  g_assert_cmpint (scalar (db, "SELECT count(*) FROM transactions"
                               " WHERE provider_id = 'f9' AND provider = 'fayapay'"), ==, 1);
  g_assert_finalize_object (store);

  remove_tree (dir);
}

/* A schema-4 database gets the account and fee sort columns and their
 * indexes filled from its rows; a rename reorders them. */
static void
test_open_migrate_account_fee (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = transaction_array ();
  g_autoptr(PdAccount) account = NULL;
  g_autofree char *dir = g_dir_make_tmp ("paydesk-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "paydesk.db", NULL);
  static const char *const by_account[] = { "f1", "f2", "z1", "z2", "z3" };
  static const char *const by_account_renamed[] = { "z1", "z2", "z3", "f1", "f2" };
  static const char *const by_fee[] = { "z2", "z3", "f2", "f1", "z1" };
  static const char *const new_indexes[] = {
    "transactions_by_account", "transactions_by_fee",
  };
  PdStore *store;
  sqlite3 *db;

  store = pd_store_new_for_path_at_version (path, 4, &error);
  g_assert_no_error (error);
  db = pd_store_get_db (store);
  g_assert_cmpint (scalar (db, "PRAGMA user_version"), ==, 4);

  /* Written by a schema-4 Paydesk: labels in mixed case, fees in two
   * scales, a negative one and none. */
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO accounts (id, uuid, provider, label, mode, timezone,"
                                 " created_at) VALUES"
                                 " (3, '3a1f6f53-8a4e-4f58-9a47-51b0f3c0d1aa', 'zengapay', 'kampala',"
                                 "  'live', 'Africa/Kampala', 1),"
                                 " (4, '4a1f6f53-8a4e-4f58-9a47-51b0f3c0d1aa', 'fayapay', 'Accra',"
                                 "  'live', 'Africa/Accra', 1);"
                                 "INSERT INTO transactions (id, account_id, kind, state, provider_id,"
                                 " amount_units, amount_scale, amount_currency, amount_norm,"
                                 " fee_units, fee_scale, fee_currency, created_at, provider) VALUES"
                                 " (65536001, 3, 'collection', 'succeeded', 'z1',"
                                 "  5, 0, 'UGX', 5000000000, 3, 0, 'UGX', 1000, 'zengapay'),"
                                 " (65536002, 4, 'charge', 'failed', 'f1',"
                                 "  7, 0, 'GHS', 7000000000, 250, 2, 'GHS', 1000, 'fayapay'),"
                                 " (65536003, 3, 'collection', 'pending', 'z2',"
                                 "  6, 0, 'UGX', 6000000000, -1, 1, 'UGX', 1000, 'zengapay'),"
                                 " (65536004, 4, 'charge', 'succeeded', 'f2',"
                                 "  8, 0, 'GHS', 8000000000, 200, 2, 'GHS', 1000, 'fayapay'),"
                                 " (65536005, 3, 'collection', 'succeeded', 'z3',"
                                 "  9, 0, 'UGX', 9000000000, NULL, NULL, NULL, 1000, 'zengapay')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_finalize_object (store);

  store = pd_store_new_for_path (path, &error);
  g_assert_no_error (error);
  db = pd_store_get_db (store);
  g_assert_cmpuint (pd_store_schema_version (), >=, 5);
  g_assert_cmpint (scalar (db, "PRAGMA user_version"), ==, pd_store_schema_version ());
  for (guint i = 0; i < G_N_ELEMENTS (new_indexes); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_schema"
                                              " WHERE type = 'index' AND name = '%s'",
                                              new_indexes[i]);

      g_assert_cmpint (scalar (db, sql), ==, 1);
    }
  g_assert_cmpint (scalar (db, "SELECT count(*) FROM transactions WHERE account_key ="
                               " (SELECT label FROM accounts WHERE id = account_id)"), ==, 5);
  g_assert_cmpint (scalar (db, "SELECT fee_norm FROM transactions WHERE provider_id = 'f1'"),
                   ==, 2500000000);
  g_assert_cmpint (scalar (db, "SELECT fee_norm FROM transactions WHERE provider_id = 'z3'"),
                   ==, 0);

  /* Old rows sort by their account's label, ASCII case folded, and by
   * their fee's value, no fee as zero; ties by id. */
  for (guint pass = 0; pass < 3; pass++)
    {
      g_autoptr(PdQuery) query = pd_query_new ();
      g_autoptr(GPtrArray) rows = NULL;
      const char *const *expected = pass == 0 ? by_account : pass == 1 ? by_fee : NULL;

      if (pass == 2)
        {
          /* Renamed, Kampala's rows come first. */
          account = pd_store_get_account (store, 4, &error);
          g_assert_no_error (error);
          g_free (account->label);
          account->label = g_strdup ("Tamale");
          g_assert_true (pd_store_update_account (store, account, &error));
          g_assert_no_error (error);
          expected = by_account_renamed;
        }

      query->sort = pass == 1 ? PD_SORT_FEE : PD_SORT_ACCOUNT;
      query->descending = FALSE;
      rows = query_ok (store, query);
      g_assert_cmpuint (rows->len, ==, 5);
      for (guint i = 0; i < rows->len; i++)
        g_assert_cmpstr (((PdTransaction *)g_ptr_array_index (rows, i))->provider_id, ==,
                         expected[i]);
    }

  /* A row stored after the migration gets its label and fee too. */
  g_ptr_array_add (page, make_transaction ("f9", PD_TRANSACTION_KIND_CHARGE, 2000,
                                           money (100, 2, "GHS")));
  ((PdTransaction *)g_ptr_array_index (page, 0))->fee = money (15, 1, "GHS");
  upsert_ok (store, 4, page, NULL);
  g_assert_cmpint (scalar (db, "SELECT count(*) FROM transactions WHERE provider_id = 'f9'"
                               " AND account_key = 'Tamale' AND fee_norm = 1500000000"), ==, 1);
  g_assert_finalize_object (store);

  remove_tree (dir);
}

static void
test_open_too_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("paydesk-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "paydesk.db", NULL);
  PdStore *store;
  sqlite3 *db = NULL;

  store = pd_store_new_for_path (path, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = pd_store_new_for_path (path, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_SCHEMA_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version of Paydesk"));
  g_assert_nonnull (strstr (error->message, "99"));

  remove_tree (dir);
}

static void
test_open_not_ours (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("paydesk-store-XXXXXX", NULL);
  g_autofree char *garbage = g_build_filename (dir, "garbage.db", NULL);
  g_autofree char *other = g_build_filename (dir, "other.db", NULL);
  char bytes[8192];
  PdStore *store;
  sqlite3 *db = NULL;

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (char)(i * 7 + 3);
  g_assert_true (g_file_set_contents (garbage, bytes, sizeof bytes, NULL));

  store = pd_store_new_for_path (garbage, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT);
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE notes (body TEXT)", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);

  store = pd_store_new_for_path (other, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT);

  remove_tree (dir);
}

static void
test_open_modes (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("paydesk-store-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (dir, "deep", "paydesk", NULL);
  g_autofree char *path = g_build_filename (data_dir, "paydesk.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *loose = g_build_filename (dir, "loose.db", NULL);
  mode_t old_umask;
  PdStore *store;

  /* Even with a permissive umask nothing is readable by others. */
  old_umask = umask (0);

  store = pd_store_new_for_path (path, &error);
  g_assert_no_error (error);
  add_account (store, "fayapay", "Accra");

  g_assert_cmphex (file_mode (data_dir), ==, 0700);
  g_assert_cmphex (file_mode (path), ==, 0600);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmphex (file_mode (wal), ==, 0600);
  g_assert_cmphex (file_mode (shm), ==, 0600);
  g_assert_finalize_object (store);

  /* A database left readable by others is made private on open. */
  g_assert_true (g_file_set_contents (loose, "", 0, NULL));
  g_assert_cmpint (g_chmod (loose, 0644), ==, 0);
  store = pd_store_new_for_path (loose, &error);
  g_assert_no_error (error);
  g_assert_cmphex (file_mode (loose), ==, 0600);
  g_assert_finalize_object (store);

  umask (old_umask);
  remove_tree (dir);
}

static void
test_open_default_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("paydesk-store-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *expected = g_build_filename (data_dir, "paydesk.db", NULL);
  g_autofree char *saved = g_strdup (g_getenv ("PAYDESK_DATA_DIR"));
  g_autofree char *path = NULL;
  g_autofree char *fallback = NULL;
  g_autofree char *xdg = g_build_filename (g_get_user_data_dir (), "paydesk", "paydesk.db", NULL);
  PdStore *store;

  g_setenv ("PAYDESK_DATA_DIR", data_dir, TRUE);
  path = pd_store_default_path ();
  g_assert_cmpstr (path, ==, expected);

  store = pd_store_new_for_path (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_store_get_path (store), ==, expected);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
  g_assert_cmphex (file_mode (data_dir), ==, 0700);
  g_assert_finalize_object (store);

  g_unsetenv ("PAYDESK_DATA_DIR");
  fallback = pd_store_default_path ();
  g_assert_cmpstr (fallback, ==, xdg);

  if (saved != NULL)
    g_setenv ("PAYDESK_DATA_DIR", saved, TRUE);

  remove_tree (dir);
}

/* Accounts */

static void
test_accounts (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdAccount) account = pd_account_new ();
  g_autoptr(PdAccount) got = NULL;
  g_autoptr(PdAccount) by_uuid = NULL;
  g_autoptr(PdAccount) bad = pd_account_new ();
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) page = transaction_array ();
  g_autofree char *found = NULL;
  PdStore *store = fixture->store;

  account->provider = g_strdup ("enayapay");
  account->label = g_strdup ("Khartoum");
  account->mode = PD_ACCOUNT_MODE_LIVE;
  account->username = g_strdup ("merchant01");
  account->phone = g_strdup ("+249912345678");
  g_assert_true (pd_store_add_account (store, account, &error));
  g_assert_no_error (error);
  g_assert_cmpint (account->id, >, fixture->account_id);
  g_assert_nonnull (account->uuid);
  g_assert_cmpuint (strlen (account->uuid), ==, 36);
  g_assert_true (g_uuid_string_is_valid (account->uuid));
  g_assert_cmpstr (account->timezone, ==, "Africa/Khartoum");
  g_assert_cmpint (account->created_at, >, 0);

  got = pd_store_get_account (store, account->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->uuid, ==, account->uuid);
  g_assert_cmpstr (got->provider, ==, "enayapay");
  g_assert_cmpstr (got->username, ==, "merchant01");
  g_assert_cmpint (got->mode, ==, PD_ACCOUNT_MODE_LIVE);

  by_uuid = pd_store_get_account_by_uuid (store, account->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_uuid->id, ==, account->id);

  g_free (got->label);
  got->label = g_strdup ("Khartoum main");
  got->mode = PD_ACCOUNT_MODE_TEST;
  g_assert_true (pd_store_update_account (store, got, &error));
  g_assert_no_error (error);
  g_assert_true (pd_store_set_account_synced (store, got->id, 1767225600, &error));
  g_assert_no_error (error);

  g_assert_true (pd_store_list_accounts (store, &accounts, &error));
  g_assert_cmpuint (accounts->len, ==, 2);
  g_assert_cmpstr (((PdAccount *)g_ptr_array_index (accounts, 1))->label, ==, "Khartoum main");
  g_assert_cmpint (((PdAccount *)g_ptr_array_index (accounts, 1))->mode, ==, PD_ACCOUNT_MODE_TEST);
  g_assert_cmpint (((PdAccount *)g_ptr_array_index (accounts, 1))->last_sync_at, ==, 1767225600);
  g_assert_cmpstr (((PdAccount *)g_ptr_array_index (accounts, 1))->uuid, ==, account->uuid);

  /* Refused: unknown provider, a password in the URL. */
  bad->provider = g_strdup ("stripe");
  bad->label = g_strdup ("x");
  g_assert_false (pd_store_add_account (store, bad, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_free (bad->provider);
  bad->provider = g_strdup ("fayapay");
  bad->base_url = g_strdup ("https://merchant:hunter2@api.fayapay.example/v1");
  g_assert_false (pd_store_add_account (store, bad, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_SECRET_REFUSED);
  g_clear_error (&error);

  /* Removing cascades to its transactions, and search forgets them. */
  g_ptr_array_add (page, make_transaction ("en_1", PD_TRANSACTION_KIND_PAYMENT, 1767225600,
                                           money (5000, 2, "SDG")));
  ((PdTransaction *)g_ptr_array_index (page, 0))->reference = g_strdup ("KHRT-REF-1");
  upsert_ok (store, account->id, page, NULL);
  found = search_ids (store, "KHRT-REF");
  g_assert_cmpstr (found, ==, "en_1");
  g_clear_pointer (&found, g_free);

  g_assert_true (pd_store_remove_account (store, account->id, &error));
  g_assert_no_error (error);
  found = search_ids (store, "KHRT-REF");
  g_assert_cmpstr (found, ==, "");
  g_assert_cmpint (scalar (pd_store_get_db (store), "SELECT count(*) FROM transactions"), ==, 0);
  g_assert_cmpint (scalar (pd_store_get_db (store), "SELECT count(*) FROM transactions_fts"),
                   ==, 0);

  g_clear_pointer (&got, pd_account_free);
  got = pd_store_get_account (store, account->id, &error);
  g_assert_null (got);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (pd_store_remove_account (store, account->id, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND);
}

/* Upserts */

static GPtrArray *
make_page (guint   n,
           gint64  start,
           guint   offset)
{
  GPtrArray *page = transaction_array ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("col_%05u", offset + i);
      PdTransaction *tx = make_transaction (id, PD_TRANSACTION_KIND_COLLECTION,
                                            start + (gint64)(i * 37), money (1000 + i, 0, "UGX"));

      tx->reference = g_strdup_printf ("REF%05u", offset + i);
      tx->phone = g_strdup_printf ("+2567000%05u", offset + i);
      tx->customer_name = g_strdup_printf ("Customer %u", offset + i);
      g_ptr_array_add (page, tx);
    }

  return page;
}

static void
test_upsert_idempotent (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) page = make_page (200, 1767225600, 0);
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  PdUpsertStats stats;
  sqlite3 *db = pd_store_get_db (fixture->store);
  sqlite3 *observer = NULL;
  gint64 version_before, version_after, wal_before;
  int changes_before;

  upsert_ok (fixture->store, fixture->account_id, page, &stats);
  g_assert_cmpuint (stats.inserted, ==, 200);
  g_assert_cmpuint (stats.updated, ==, 0);
  g_assert_cmpuint (stats.unchanged, ==, 0);
  g_assert_cmpint (scalar (db, "SELECT count(*) FROM transactions"), ==, 200);

  /* Another connection notices any commit in data_version. */
  g_assert_cmpint (sqlite3_open (fixture->path, &observer), ==, SQLITE_OK);
  version_before = scalar (observer, "PRAGMA data_version");
  changes_before = sqlite3_total_changes (db);
  wal_before = file_size (wal);
  g_assert_cmpint (wal_before, >, 0);

  again = copy_transactions (page);
  upsert_ok (fixture->store, fixture->account_id, again, &stats);
  g_assert_cmpuint (stats.inserted, ==, 0);
  g_assert_cmpuint (stats.updated, ==, 0);
  g_assert_cmpuint (stats.unchanged, ==, 200);
  g_assert_cmpint (sqlite3_total_changes (db), ==, changes_before);

  version_after = scalar (observer, "PRAGMA data_version");
  g_assert_cmpint (version_after, ==, version_before);
  g_assert_cmpint (file_size (wal), ==, wal_before);
  g_assert_cmpint (scalar (db, "SELECT count(*) FROM transactions"), ==, 200);

  /* The unchanged records still learn their ids. */
  for (guint i = 0; i < again->len; i++)
    g_assert_cmpint (((PdTransaction *)g_ptr_array_index (again, i))->id, ==,
                     ((PdTransaction *)g_ptr_array_index (page, i))->id);

  sqlite3_close (observer);
}

static void
test_upsert_update (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = make_page (20, 1767225600, 0);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(PdTransaction) got = NULL;
  PdTransaction *changed;
  PdUpsertStats stats;
  gint64 id3, id7;

  upsert_ok (fixture->store, fixture->account_id, page, &stats);
  g_assert_cmpuint (stats.inserted, ==, 20);
  id3 = ((PdTransaction *)g_ptr_array_index (page, 3))->id;
  id7 = ((PdTransaction *)g_ptr_array_index (page, 7))->id;

  again = copy_transactions (page);
  changed = g_ptr_array_index (again, 3);
  changed->state = PD_TRANSACTION_STATE_REFUNDED;
  g_free (changed->provider_status);
  changed->provider_status = g_strdup ("REVERSED");
  changed->amount_refunded = money (1003, 0, "UGX");
  changed = g_ptr_array_index (again, 7);
  g_free (changed->description);
  changed->description = g_strdup ("New words");
  /* A provider that reports another date keeps the id. */
  changed->created_at += 86400;

  upsert_ok (fixture->store, fixture->account_id, again, &stats);
  g_assert_cmpuint (stats.inserted, ==, 0);
  g_assert_cmpuint (stats.updated, ==, 2);
  g_assert_cmpuint (stats.unchanged, ==, 18);

  got = pd_store_get_transaction (fixture->store, id3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (got->state, ==, PD_TRANSACTION_STATE_REFUNDED);
  g_assert_cmpstr (got->provider_status, ==, "REVERSED");
  g_assert_cmpint (got->amount_refunded.units, ==, 1003);
  g_assert_cmpstr (got->amount_refunded.currency, ==, "UGX");
  g_assert_cmpstr (got->provider, ==, "zengapay");
  g_clear_pointer (&got, pd_transaction_free);

  got = pd_store_find_transaction (fixture->store, fixture->account_id,
                                   PD_TRANSACTION_KIND_COLLECTION, "col_00007", &error);
  g_assert_no_error (error);
  g_assert_cmpint (got->id, ==, id7);
  g_assert_cmpstr (got->description, ==, "New words");
  g_assert_cmpint (got->created_at, ==, 1767225600 + 7 * 37 + 86400);
  g_clear_pointer (&got, pd_transaction_free);

  /* The same provider id under another kind is another transaction. */
  g_clear_pointer (&again, g_ptr_array_unref);
  again = transaction_array ();
  g_ptr_array_add (again, make_transaction ("col_00007", PD_TRANSACTION_KIND_REFUND, 1767225600,
                                            money (5, 0, "UGX")));
  upsert_ok (fixture->store, fixture->account_id, again, &stats);
  g_assert_cmpuint (stats.inserted, ==, 1);

  got = pd_store_find_transaction (fixture->store, fixture->account_id,
                                   PD_TRANSACTION_KIND_PAYOUT, "col_00007", &error);
  g_assert_null (got);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  got = pd_store_get_transaction (fixture->store, 42, &error);
  g_assert_null (got);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND);
}

static void
test_upsert_ids (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) page = transaction_array ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(PdQuery) query = pd_query_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 same_second = 1767225600;

  /* Dates out of order, and 300 transactions within one second. */
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *id = g_strdup_printf ("same_%u", i);

      g_ptr_array_add (page, make_transaction (id, PD_TRANSACTION_KIND_CHARGE, same_second,
                                               money (i, 2, "GHS")));
    }
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *id = g_strdup_printf ("spread_%u", i);

      gint64 at = same_second + (gint64)((i * 7919) % 50) * 3600 - 90000;

      g_ptr_array_add (page, make_transaction (id, PD_TRANSACTION_KIND_CHARGE, at,
                                               money (i, 2, "GHS")));
    }
  upsert_ok (fixture->store, fixture->account_id, page, NULL);

  for (guint i = 0; i < page->len; i++)
    {
      PdTransaction *tx = g_ptr_array_index (page, i);

      g_assert_cmpint (tx->id >> 16, ==, tx->created_at);
      g_assert_false (g_hash_table_contains (seen, &tx->id));
      g_hash_table_add (seen, &tx->id);
    }

  /* Newest first is id order, and id order is date order. */
  rows = query_ok (fixture->store, query);
  g_assert_cmpuint (rows->len, ==, 350);
  for (guint i = 1; i < rows->len; i++)
    {
      PdTransaction *a = g_ptr_array_index (rows, i - 1);
      PdTransaction *b = g_ptr_array_index (rows, i);

      g_assert_cmpint (a->id, >, b->id);
      g_assert_cmpint (a->created_at, >=, b->created_at);
    }

  /* Ids are stable: another store on the file, a re-import, the same ids. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) again = copy_transactions (page);
    PdStore *second = pd_store_new_for_path (fixture->path, &error);

    g_assert_no_error (error);
    upsert_ok (second, fixture->account_id, again, NULL);
    for (guint i = 0; i < page->len; i++)
      g_assert_cmpint (((PdTransaction *)g_ptr_array_index (again, i))->id, ==,
                       ((PdTransaction *)g_ptr_array_index (page, i))->id);
    g_assert_finalize_object (second);
  }
}

static void
test_upsert_atomic_page (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = make_page (50, 1767225600, 0);
  PdTransaction *bad = g_ptr_array_index (page, 30);
  PdUpsertStats stats = { 99, 99, 99, 99 };

  g_clear_pointer (&bad->provider_id, g_free);
  g_assert_false (pd_store_upsert_transactions (fixture->store, fixture->account_id, page, &stats,
                                                &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (stats.inserted, ==, 99);
  g_assert_cmpint (scalar (pd_store_get_db (fixture->store), "SELECT count(*) FROM transactions"),
                   ==, 0);
  g_assert_cmpint (scalar (pd_store_get_db (fixture->store), "SELECT count(*) FROM search_queue"),
                   ==, 0);

  bad->provider_id = g_strdup ("col_00030");
  g_assert_false (pd_store_upsert_transactions (fixture->store, 999, page, NULL, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A full card number in the last-four field refuses the page. */
  bad->card_last4 = g_strdup ("4242424242424242");
  g_assert_false (pd_store_upsert_transactions (fixture->store, fixture->account_id, page, NULL,
                                                &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_SECRET_REFUSED);
  g_clear_error (&error);

  g_free (bad->card_last4);
  bad->card_last4 = g_strdup ("4242");
  upsert_ok (fixture->store, fixture->account_id, page, &stats);
  g_assert_cmpuint (stats.inserted, ==, 50);
}

static void
test_upsert_malformed_raw_json (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = make_page (3, 1767225600, 0);
  g_autoptr(PdTransaction) got = NULL;
  PdTransaction *tx = g_ptr_array_index (page, 1);
  PdUpsertStats stats;

  g_free (tx->raw_json);
  tx->raw_json = g_strdup ("{\"id\": \"col_00001\", \"api_key\": \"sk_live_broken");
  upsert_ok (fixture->store, fixture->account_id, page, &stats);
  g_assert_cmpuint (stats.inserted, ==, 3);
  g_assert_cmpuint (stats.raw_json_dropped, ==, 1);

  got = pd_store_get_transaction (fixture->store, tx->id, &error);
  g_assert_no_error (error);
  g_assert_null (got->raw_json);
  g_assert_cmpstr (got->reference, ==, "REF00001");
  g_clear_pointer (&got, pd_transaction_free);

  got = pd_store_get_transaction (fixture->store,
                                  ((PdTransaction *)g_ptr_array_index (page, 0))->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->raw_json, ==, "{\"id\":\"col_00000\",\"status\":\"SUCCEEDED\"}");
}

/* A worker thread lets go of its task (and so of the store) a moment after
 * the callback ran on the main thread. */
static void
wait_for_workers (gpointer object)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_atomic_int_get (&G_OBJECT (object)->ref_count) > 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }
}

static void
upsert_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  PdUpsertStats *stats = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_store_upsert_transactions_finish (PD_STORE (source), result, stats, &error));
  g_assert_no_error (error);
}

static void
cancelled_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_false (pd_store_upsert_transactions_finish (PD_STORE (source), result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *done = TRUE;
}

static void
test_upsert_async (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) page = make_page (300, 1767225600, 0);
  g_autoptr(GPtrArray) other = make_page (10, 1767225600, 1000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  PdUpsertStats stats = { 0, 0, 0, 0 };
  gboolean cancelled = FALSE;

  pd_store_upsert_transactions_async (fixture->store, fixture->account_id, page, NULL,
                                      upsert_done, &stats);
  while (stats.inserted == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (stats.inserted, ==, 300);
  g_assert_cmpint (((PdTransaction *)g_ptr_array_index (page, 299))->id, >, 0);

  g_cancellable_cancel (cancellable);
  pd_store_upsert_transactions_async (fixture->store, fixture->account_id, other, cancellable,
                                      cancelled_done, &cancelled);
  while (!cancelled)
    g_main_context_iteration (NULL, TRUE);
  wait_for_workers (fixture->store);
  g_assert_cmpint (scalar (pd_store_get_db (fixture->store), "SELECT count(*) FROM transactions"),
                   ==, 300);
}

static void
test_upsert_other_records (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) customers =
    g_ptr_array_new_with_free_func ((GDestroyNotify)pd_customer_free);
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_card_free);
  g_autoptr(GPtrArray) entries =
    g_ptr_array_new_with_free_func ((GDestroyNotify)pd_statement_entry_free);
  g_autoptr(GPtrArray) balances = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_balance_free);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(PdCustomer) customer = NULL;
  PdUpsertStats stats;
  PdStore *store = fixture->store;
  gint64 other_account = add_account (store, "fayapay", "Accra");

  for (guint i = 0; i < 3; i++)
    {
      PdCustomer *c = pd_customer_new ();

      c->provider_id = g_strdup_printf ("cus_%u", i);
      c->name = g_strdup (i == 0 ? "Zoë Müller" : i == 1 ? "akosua Nyamekyɛ" : "Ivan Šimić");
      c->phone = g_strdup_printf ("+23324000000%u", i);
      c->created_at = 1767225600 + i;
      c->raw_json = g_strdup_printf ("{\"id\":\"cus_%u\",\"password\":\"pw%u-secret\"}", i, i);
      g_ptr_array_add (customers, c);
    }
  g_assert_true (pd_store_upsert_customers (store, other_account, customers, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.inserted, ==, 3);
  g_assert_true (pd_store_upsert_customers (store, other_account, customers, &stats, &error));
  g_assert_cmpuint (stats.unchanged, ==, 3);
  g_free (((PdCustomer *)g_ptr_array_index (customers, 2))->email);
  ((PdCustomer *)g_ptr_array_index (customers, 2))->email = g_strdup ("ivan@example.hr");
  g_assert_true (pd_store_upsert_customers (store, other_account, customers, &stats, &error));
  g_assert_cmpuint (stats.updated, ==, 1);
  g_assert_cmpuint (stats.unchanged, ==, 2);
  g_assert_cmpuint (stats.inserted, ==, 0);

  g_assert_true (pd_store_list_customers (store, other_account, &rows, &error));
  g_assert_cmpuint (rows->len, ==, 3);
  /* By name, ASCII case ignored. */
  g_assert_cmpstr (((PdCustomer *)g_ptr_array_index (rows, 0))->name, ==, "akosua Nyamekyɛ");
  g_assert_cmpstr (((PdCustomer *)g_ptr_array_index (rows, 2))->name, ==, "Zoë Müller");
  g_assert_null (strstr (((PdCustomer *)g_ptr_array_index (rows, 0))->raw_json, "secret"));
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_assert_true (pd_store_list_customers (store, fixture->account_id, &rows, &error));
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);

  customer = pd_store_get_customer (store, other_account, "cus_2", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (customer->email, ==, "ivan@example.hr");

  for (guint i = 0; i < 3; i++)
    {
      PdCard *card = pd_card_new ();

      card->provider_id = g_strdup_printf ("src_%u", i);
      card->customer_provider_id = g_strdup (i < 2 ? "cus_0" : "cus_1");
      card->brand = g_strdup ("visa");
      card->last4 = g_strdup_printf ("424%u", i);
      card->masked_pan = g_strdup_printf ("************424%u", i);
      card->exp_month = 12;
      card->exp_year = 2030;
      card->created_at = 1767225600 + i;
      g_ptr_array_add (cards, card);
    }
  g_assert_true (pd_store_upsert_cards (store, other_account, cards, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.inserted, ==, 3);
  g_assert_true (pd_store_upsert_cards (store, other_account, cards, &stats, &error));
  g_assert_cmpuint (stats.unchanged, ==, 3);
  g_assert_true (pd_store_list_cards (store, other_account, "cus_0", &rows, &error));
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((PdCard *)g_ptr_array_index (rows, 0))->provider_id, ==, "src_1");
  g_assert_cmpuint (((PdCard *)g_ptr_array_index (rows, 0))->exp_year, ==, 2030);
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_assert_true (pd_store_list_cards (store, 0, NULL, &rows, &error));
  g_assert_cmpuint (rows->len, ==, 3);
  g_clear_pointer (&rows, g_ptr_array_unref);

  for (guint i = 0; i < 4; i++)
    {
      PdStatementEntry *entry = pd_statement_entry_new ();

      entry->provider_id = g_strdup_printf ("st_%u", i);
      entry->transaction_provider_id = g_strdup_printf ("col_%u", i);
      entry->created_at = 1767225600 + i * 86400;
      entry->entry_type = g_strdup (i == 3 ? "CHARGES" : "TRANSACTION");
      entry->direction = i == 3 ? PD_STATEMENT_DIRECTION_DEBIT : PD_STATEMENT_DIRECTION_CREDIT;
      entry->amount = money (21522 + i, 1, "UGX");
      entry->balance_before = money (100000 + i, 1, "UGX");
      entry->balance_after = money (121522 + i, 1, "UGX");
      entry->wallet = g_strdup (i == 2 ? "UGX-AIRTELMM" : "UGX-MTNMM");
      entry->status = g_strdup ("SUCCEEDED");
      g_ptr_array_add (entries, entry);
    }
  g_assert_true (pd_store_upsert_statement_entries (store, fixture->account_id, entries, &stats,
                                                    &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.inserted, ==, 4);
  g_assert_true (pd_store_upsert_statement_entries (store, fixture->account_id, entries, &stats,
                                                    &error));
  g_assert_cmpuint (stats.unchanged, ==, 4);
  g_assert_true (pd_store_list_statement_entries (store, fixture->account_id, 1767225600 + 86400,
                                                  1767225600 + 4 * 86400, "UGX-MTNMM", &rows,
                                                  &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((PdStatementEntry *)g_ptr_array_index (rows, 0))->provider_id, ==, "st_1");
  g_assert_cmpstr (((PdStatementEntry *)g_ptr_array_index (rows, 1))->entry_type, ==, "CHARGES");
  g_assert_cmpint (((PdStatementEntry *)g_ptr_array_index (rows, 1))->direction, ==,
                   PD_STATEMENT_DIRECTION_DEBIT);
  g_assert_cmpint (((PdStatementEntry *)g_ptr_array_index (rows, 1))->balance_after.units, ==,
                   121525);
  g_clear_pointer (&rows, g_ptr_array_unref);

  for (guint i = 0; i < 6; i++)
    {
      PdBalance *balance = pd_balance_new ();

      balance->wallet = g_strdup (i % 2 == 0 ? "UGX-MTNMM" : "UGX-AIRTELMM");
      balance->amount = money (1000 * (i + 1), 0, "UGX");
      balance->recorded_at = 1767225600 + i * 3600;
      g_ptr_array_add (balances, balance);
    }
  g_assert_true (pd_store_upsert_balances (store, fixture->account_id, balances, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.inserted, ==, 6);
  g_assert_true (pd_store_upsert_balances (store, fixture->account_id, balances, &stats, &error));
  g_assert_cmpuint (stats.unchanged, ==, 6);

  g_assert_true (pd_store_list_latest_balances (store, 0, &rows, &error));
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((PdBalance *)g_ptr_array_index (rows, 0))->wallet, ==, "UGX-AIRTELMM");
  g_assert_cmpint (((PdBalance *)g_ptr_array_index (rows, 0))->amount.units, ==, 6000);
  g_assert_cmpstr (((PdBalance *)g_ptr_array_index (rows, 1))->wallet, ==, "UGX-MTNMM");
  g_assert_cmpint (((PdBalance *)g_ptr_array_index (rows, 1))->amount.units, ==, 5000);
  g_clear_pointer (&rows, g_ptr_array_unref);

  g_assert_true (pd_store_list_balance_history (store, fixture->account_id, "UGX-MTNMM", 0, 0,
                                                &rows, &error));
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpint (((PdBalance *)g_ptr_array_index (rows, 0))->amount.units, ==, 1000);
  g_assert_cmpint (((PdBalance *)g_ptr_array_index (rows, 2))->recorded_at, ==,
                   1767225600 + 4 * 3600);
}

static void
page_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PdUpsertStats *stats = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_store_upsert_page_finish (PD_STORE (source), result, stats, &error));
  g_assert_no_error (error);
}

static void
test_upsert_page (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPage) page = pd_page_new ("collections");
  g_autoptr(PdPage) last = pd_page_new ("collections");
  g_autoptr(PdSyncState) state = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  PdCustomer *customer = pd_customer_new ();
  PdTransaction *bad;
  PdUpsertStats stats;

  customer->provider_id = g_strdup ("cus_1");
  customer->name = g_strdup ("Ivan Šimić");
  g_ptr_array_add (page->customers, customer);
  g_ptr_array_extend_and_steal (page->transactions, make_page (10, 1767225600, 0));
  page->next_cursor = g_strdup ("page=2");

  g_assert_true (pd_store_upsert_page (fixture->store, fixture->account_id, page, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.inserted, ==, 11);
  g_assert_true (pd_store_get_sync_state (fixture->store, fixture->account_id, "collections",
                                          &state, &error));
  g_assert_cmpstr (state->cursor, ==, "page=2");
  g_assert_false (state->complete);
  g_clear_pointer (&state, pd_sync_state_free);

  /* The same page again writes nothing; its cursor stays. */
  g_assert_true (pd_store_upsert_page (fixture->store, fixture->account_id, page, &stats, &error));
  g_assert_cmpuint (stats.unchanged, ==, 11);
  g_assert_cmpuint (stats.inserted + stats.updated, ==, 0);

  /* A page that fails stores neither its records nor its cursor. */
  g_ptr_array_extend_and_steal (last->transactions, make_page (10, 1767300000, 100));
  bad = g_ptr_array_index (last->transactions, 9);
  bad->amount = money (0, 0, "");
  g_assert_false (pd_store_upsert_page (fixture->store, fixture->account_id, last, NULL, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (scalar (pd_store_get_db (fixture->store), "SELECT count(*) FROM transactions"),
                   ==, 10);
  g_assert_true (pd_store_get_sync_state (fixture->store, fixture->account_id, "collections",
                                          &state, &error));
  g_assert_cmpstr (state->cursor, ==, "page=2");
  g_clear_pointer (&state, pd_sync_state_free);

  /* The last page, in a worker thread, completes the resource. */
  bad->amount = money (5, 0, "UGX");
  stats.inserted = 0;
  pd_store_upsert_page_async (fixture->store, fixture->account_id, last, NULL, page_done, &stats);
  while (stats.inserted == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (stats.inserted, ==, 10);
  wait_for_workers (fixture->store);
  g_assert_true (pd_store_get_sync_state (fixture->store, fixture->account_id, "collections",
                                          &state, &error));
  g_assert_null (state->cursor);
  g_assert_true (state->complete);

  g_assert_true (pd_store_list_customers (fixture->store, fixture->account_id, &rows, &error));
  g_assert_cmpuint (rows->len, ==, 1);
}

/* A fixed data set for filters, sorting and totals */

typedef struct
{
  gint64 account_ids[3];
} Accounts;

static const char *const dataset_names[] = {
  "Zoë Müller", "Ivan Šimić", "nguyễn văn an", "Ingrid Ødegaard", NULL, "akosua Nyamekyɛ",
  "محمد عثمان", "Faith Wanjiru", "faith wanjiru",
};

static GPtrArray *
make_dataset (PdStore  *store,
              gint64    first_account,
              guint     n,
              Accounts *accounts)
{
  GPtrArray *pages[3] = { transaction_array (), transaction_array (), transaction_array () };
  GPtrArray *all = transaction_array ();
  static const char *const currencies[] = { "UGX", "GHS", "KES" };

  accounts->account_ids[0] = first_account;
  accounts->account_ids[1] = add_account (store, "fayapay", "Accra");
  accounts->account_ids[2] = add_account (store, "pawacard", "Nairobi");

  for (guint i = 0; i < n; i++)
    {
      guint a = i % 3;
      g_autofree char *id = g_strdup_printf ("tx_%05u", i);
      PdMoney amount;
      PdTransaction *tx;

      /* Equal values in different scales, so sorting must compare values. */
      if (i % 4 == 0)
        amount = money ((gint64)((i * 7) % 50) * 10, 1, currencies[a]);
      else
        amount = money ((gint64)((i * 7) % 50), 0, currencies[a]);

      tx = make_transaction (id, (PdTransactionKind)(i % PD_TRANSACTION_KIND_COUNT),
                             1767225600 + (gint64)((i * 7919) % n) * 60, amount);
      tx->state = (PdTransactionState)((i / 3) % PD_TRANSACTION_STATE_COUNT);
      tx->customer_name = g_strdup (dataset_names[i % G_N_ELEMENTS (dataset_names)]);
      tx->customer_provider_id = g_strdup_printf ("cus_%u", i % 5);
      /* Fees too, equal values in different scales, and some none. */
      if (i % 5 == 1)
        tx->fee = money ((gint64)((i * 3) % 7) * 100, 2, currencies[a]);
      else if (i % 5 != 0)
        tx->fee = money ((gint64)((i * 3) % 7), 0, currencies[a]);
      if (i % 11 != 0)
        tx->reference = g_strdup_printf ("%c-%04u", "abAB"[i % 4], (i * 31) % 97);
      if (tx->kind == PD_TRANSACTION_KIND_REFUND)
        tx->parent_provider_id = g_strdup_printf ("tx_%05u", i % 7);
      g_ptr_array_add (pages[a], tx);
    }

  for (guint a = 0; a < 3; a++)
    {
      upsert_ok (store, accounts->account_ids[a], pages[a], NULL);
      for (guint i = 0; i < pages[a]->len; i++)
        {
          PdTransaction *tx = pd_transaction_copy (g_ptr_array_index (pages[a], i));

          tx->provider = g_strdup (a == 0 ? "zengapay" : a == 1 ? "fayapay" : "pawacard");
          g_ptr_array_add (all, tx);
        }
      g_ptr_array_unref (pages[a]);
    }

  return all;
}

typedef gboolean (*TxPredicate) (const PdTransaction *tx,
                                 gconstpointer        data);

/* Checks that a query returns exactly the dataset rows the predicate picks,
 * newest first. */
static void
check_filter (PdStore       *store,
              GPtrArray     *all,
              const PdQuery *query,
              TxPredicate    predicate,
              gconstpointer  data,
              guint          min_expected)
{
  g_autoptr(GPtrArray) rows = query_ok (store, query);
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  guint64 count = 0;

  for (guint i = 0; i < all->len; i++)
    {
      const PdTransaction *tx = g_ptr_array_index (all, i);

      if (predicate (tx, data))
        g_array_append_val (expected, tx->id);
    }

  g_assert_cmpuint (expected->len, >=, min_expected);
  g_assert_cmpuint (expected->len, <, all->len);
  g_assert_cmpuint (rows->len, ==, expected->len);

  for (guint i = 0; i < rows->len; i++)
    {
      const PdTransaction *row = g_ptr_array_index (rows, i);
      gboolean listed = FALSE;

      for (guint j = 0; j < expected->len && !listed; j++)
        listed = g_array_index (expected, gint64, j) == row->id;
      g_assert_true (listed);
      if (i > 0)
        g_assert_cmpint (((PdTransaction *)g_ptr_array_index (rows, i - 1))->id, >, row->id);
    }

  g_assert_true (pd_store_count_transactions (store, query, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, expected->len);
}

static gboolean
pick_account (const PdTransaction *tx,
              gconstpointer        data)
{
  return tx->account_id == *(const gint64 *)data;
}

static gboolean
pick_provider (const PdTransaction *tx,
               gconstpointer        data)
{
  return g_strcmp0 (tx->provider, data) == 0;
}

static gboolean
pick_kinds (const PdTransaction *tx,
            gconstpointer        data)
{
  return tx->kind == PD_TRANSACTION_KIND_REFUND || tx->kind == PD_TRANSACTION_KIND_VEND;
}

static gboolean
pick_states (const PdTransaction *tx,
             gconstpointer        data)
{
  return tx->state == PD_TRANSACTION_STATE_PARTIALLY_REFUNDED;
}

static gboolean
pick_dates (const PdTransaction *tx,
            gconstpointer        data)
{
  const gint64 *range = data;

  return tx->created_at >= range[0] && tx->created_at < range[1];
}

static gboolean
pick_amounts (const PdTransaction *tx,
              gconstpointer        data)
{
  const PdMoney *range = data;

  return strcmp (tx->amount.currency, range[0].currency) == 0 &&
         cmp_money_value (&tx->amount, &range[0]) >= 0 &&
         cmp_money_value (&tx->amount, &range[1]) <= 0;
}

static gboolean
pick_text (const PdTransaction *tx,
           gconstpointer        data)
{
  return tx->customer_name != NULL && strstr (tx->customer_name, "Šimić") != NULL;
}

static gboolean
pick_combined (const PdTransaction *tx,
               gconstpointer        data)
{
  return g_strcmp0 (tx->provider, "fayapay") == 0 && tx->state != PD_TRANSACTION_STATE_PENDING &&
         g_strcmp0 (tx->customer_provider_id, "cus_3") == 0;
}

static gboolean
pick_refunds_of (const PdTransaction *tx,
                 gconstpointer        data)
{
  return g_strcmp0 (tx->parent_provider_id, data) == 0 && tx->kind == PD_TRANSACTION_KIND_REFUND;
}

static void
test_query_filters (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(PdQuery) query = NULL;
  Accounts accounts;
  gint64 range[2] = { 1767225600 + 40 * 60, 1767225600 + 100 * 60 };
  PdMoney amounts[2] = { money (100, 1, "GHS"), money (3000, 2, "GHS") };

  all = make_dataset (fixture->store, fixture->account_id, 180, &accounts);

  query = pd_query_new ();
  query->account_id = accounts.account_ids[1];
  check_filter (fixture->store, all, query, pick_account, &accounts.account_ids[1], 60);
  g_clear_pointer (&query, pd_query_free);

  query = pd_query_new ();
  pd_query_set_provider (query, "pawacard");
  check_filter (fixture->store, all, query, pick_provider, "pawacard", 60);
  g_clear_pointer (&query, pd_query_free);

  query = pd_query_new ();
  query->kinds = PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_REFUND) |
                 PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_VEND);
  check_filter (fixture->store, all, query, pick_kinds, NULL, 30);
  g_clear_pointer (&query, pd_query_free);

  query = pd_query_new ();
  query->states = PD_TRANSACTION_STATE_BIT (PD_TRANSACTION_STATE_PARTIALLY_REFUNDED);
  check_filter (fixture->store, all, query, pick_states, NULL, 20);
  g_clear_pointer (&query, pd_query_free);

  query = pd_query_new ();
  query->date_from = range[0];
  query->date_to = range[1];
  check_filter (fixture->store, all, query, pick_dates, range, 60);
  g_clear_pointer (&query, pd_query_free);

  /* GHS 10.0 to GHS 30.00, across scales 0 and 1, other currencies out. */
  query = pd_query_new ();
  query->min_amount = amounts[0];
  query->max_amount = amounts[1];
  check_filter (fixture->store, all, query, pick_amounts, amounts, 15);
  g_clear_pointer (&query, pd_query_free);

  query = pd_query_new ();
  pd_query_set_text (query, "šimić");
  check_filter (fixture->store, all, query, pick_text, NULL, 20);
  g_clear_pointer (&query, pd_query_free);

  query = pd_query_new ();
  pd_query_set_provider (query, "fayapay");
  query->states = ((1u << PD_TRANSACTION_STATE_COUNT) - 1) &
                  ~PD_TRANSACTION_STATE_BIT (PD_TRANSACTION_STATE_PENDING);
  query->customer_provider_id = g_strdup ("cus_3");
  check_filter (fixture->store, all, query, pick_combined, NULL, 5);
  g_clear_pointer (&query, pd_query_free);

  query = pd_query_new ();
  query->parent_provider_id = g_strdup ("tx_00003");
  query->account_id = accounts.account_ids[0];
  query->kinds = PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_REFUND);
  g_assert_true (pd_store_list_refunds (fixture->store, accounts.account_ids[0], "tx_00003", &rows,
                                        &error));
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      PdTransaction *tx = g_ptr_array_index (rows, i);

      g_assert_cmpstr (tx->parent_provider_id, ==, "tx_00003");
      g_assert_cmpint (tx->account_id, ==, accounts.account_ids[0]);
      if (i > 0)
        g_assert_cmpint (((PdTransaction *)g_ptr_array_index (rows, i - 1))->id, <, tx->id);
    }
  g_assert_cmpuint (rows->len, >, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_clear_pointer (&query, pd_query_free);

  query = pd_query_new ();
  query->parent_provider_id = g_strdup ("tx_00003");
  check_filter (fixture->store, all, query, pick_refunds_of, "tx_00003", 1);
  g_clear_pointer (&query, pd_query_free);

  g_assert_true (pd_store_list_customer_transactions (fixture->store, accounts.account_ids[2],
                                                      "cus_4", &rows, &error));
  g_assert_cmpuint (rows->len, ==, 12);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpstr (((PdTransaction *)g_ptr_array_index (rows, i))->customer_provider_id,
                     ==, "cus_4");

  /* Bounds in two currencies make no sense. */
  query = pd_query_new ();
  query->min_amount = money (1, 0, "GHS");
  query->max_amount = money (1, 0, "UGX");
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_assert_false (pd_store_query_transactions (fixture->store, query, &rows, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_assert_null (rows);
}

/* Fees compare by value; no fee is a fee of zero. */
static int
cmp_fee (const PdTransaction *a,
         const PdTransaction *b)
{
  PdMoney zero = money (0, 0, "UGX");

  return cmp_money_value (pd_money_is_set (&a->fee) ? &a->fee : &zero,
                          pd_money_is_set (&b->fee) ? &b->fee : &zero);
}

/* Whether a row sorts strictly before another under a query's order. */
static int
compare_rows (PdSortKey            key,
              const PdTransaction *a,
              const PdTransaction *b)
{
  int c = 0;

  switch (key)
    {
    case PD_SORT_DATE:
      break;
    case PD_SORT_AMOUNT:
      c = cmp_money_value (&a->amount, &b->amount);
      break;
    case PD_SORT_CUSTOMER:
      c = g_ascii_strcasecmp (a->customer_name ? a->customer_name : "",
                              b->customer_name ? b->customer_name : "");
      break;
    case PD_SORT_REFERENCE:
      c = g_ascii_strcasecmp (a->reference ? a->reference : "", b->reference ? b->reference : "");
      break;
    case PD_SORT_STATE:
      c = strcmp (pd_transaction_state_to_string (a->state),
                  pd_transaction_state_to_string (b->state));
      break;
    case PD_SORT_PROVIDER:
      c = strcmp (a->provider, b->provider);
      break;
    case PD_SORT_ACCOUNT:
      g_assert_nonnull (a->account_label);
      g_assert_nonnull (b->account_label);
      c = g_ascii_strcasecmp (a->account_label, b->account_label);
      break;
    case PD_SORT_FEE:
      c = cmp_fee (a, b);
      break;
    default:
      g_assert_not_reached ();
    }

  if (c != 0)
    return c < 0 ? -1 : 1;

  return a->id < b->id ? -1 : a->id > b->id ? 1 : 0;
}

static void
test_query_sort (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) all = NULL;
  Accounts accounts;

  all = make_dataset (fixture->store, fixture->account_id, 240, &accounts);

  for (guint key = 0; key < PD_SORT_KEY_COUNT; key++)
    {
      for (guint descending = 0; descending < 2; descending++)
        {
          g_autoptr(PdQuery) query = pd_query_new ();
          g_autoptr(GPtrArray) rows = NULL;

          query->sort = key;
          query->descending = descending;
          rows = query_ok (fixture->store, query);
          g_assert_cmpuint (rows->len, ==, 240);

          for (guint i = 1; i < rows->len; i++)
            {
              int c = compare_rows (key, g_ptr_array_index (rows, i - 1),
                                    g_ptr_array_index (rows, i));

              g_assert_cmpint (c, ==, descending ? 1 : -1);
            }
        }
    }
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static void
test_query_keyset (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) all = NULL;
  Accounts accounts;

  all = make_dataset (fixture->store, fixture->account_id, 2000, &accounts);

  for (guint key = 0; key < PD_SORT_KEY_COUNT; key++)
    {
      for (guint descending = 0; descending < 2; descending++)
        {
          g_autoptr(PdQuery) query = pd_query_new ();
          g_autoptr(PdTransaction) previous = NULL;
          g_autoptr(GArray) visited = g_array_new (FALSE, FALSE, sizeof (gint64));
          guint pages = 0;

          query->sort = key;
          query->descending = descending;
          query->limit = 97;

          for (;;)
            {
              g_autoptr(GPtrArray) rows = query_ok (fixture->store, query);

              if (rows->len == 0)
                break;
              g_assert_cmpuint (rows->len, <=, 97);
              pages++;

              for (guint i = 0; i < rows->len; i++)
                {
                  PdTransaction *tx = g_ptr_array_index (rows, i);
                  PdTransaction *before = i > 0 ? g_ptr_array_index (rows, i - 1) : previous;

                  /* In order, within a page and across pages. */
                  if (before != NULL)
                    g_assert_cmpint (compare_rows (key, before, tx), ==, descending ? 1 : -1);
                  g_array_append_val (visited, tx->id);
                }

              pd_query_set_after (query, g_ptr_array_index (rows, rows->len - 1));
              g_clear_pointer (&previous, pd_transaction_free);
              previous = pd_transaction_copy (g_ptr_array_index (rows, rows->len - 1));
            }

          g_assert_cmpuint (pages, ==, (2000 + 96) / 97);
          g_assert_cmpuint (visited->len, ==, 2000);

          /* Every row exactly once. */
          g_array_sort (visited, compare_ids);
          for (guint i = 1; i < visited->len; i++)
            g_assert_cmpint (g_array_index (visited, gint64, i - 1), <,
                             g_array_index (visited, gint64, i));
        }
    }

  /* Offsets page through the same order. */
  {
    g_autoptr(PdQuery) query = pd_query_new ();
    g_autoptr(GPtrArray) page = NULL;
    g_autoptr(GPtrArray) whole = NULL;

    whole = query_ok (fixture->store, query);
    query->limit = 10;
    query->offset = 1990;
    page = query_ok (fixture->store, query);
    g_assert_cmpuint (page->len, ==, 10);
    g_assert_cmpint (((PdTransaction *)g_ptr_array_index (page, 0))->id, ==,
                     ((PdTransaction *)g_ptr_array_index (whole, 1990))->id);
  }
}

/* The SQL of the transaction queries run while it is set, with the values
 * bound, as SQLite ran them. */
static int
collect_query_sql (unsigned int  type,
                   void         *user_data,
                   void         *p,
                   void         *x)
{
  GPtrArray *collected = user_data;
  char *sql;

  if (type != SQLITE_TRACE_STMT)
    return 0;

  sql = sqlite3_expanded_sql (p);
  if (sql != NULL && g_str_has_prefix (sql, "SELECT t.id,"))
    g_ptr_array_add (collected, g_strdup (sql));
  sqlite3_free (sql);

  return 0;
}

/* Every detail line of EXPLAIN QUERY PLAN, joined by "; ". */
static char *
query_plan (sqlite3    *db,
            const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  g_autoptr(GString) plan = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (plan->len > 0)
        g_string_append (plan, "; ");
      g_string_append (plan, (const char *)sqlite3_column_text (stmt, 3));
    }
  sqlite3_finalize (stmt);

  return g_string_free (g_steal_pointer (&plan), FALSE);
}

/* Every order the views offer is read from an index in order: the first
 * window and the windows after a keyset cursor, with the views' kind
 * filters or none, never sort the matches in a temporary B-tree. */
static void
test_query_plans (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char *const indexes[] = {
    [PD_SORT_DATE] = "INTEGER PRIMARY KEY",
    [PD_SORT_AMOUNT] = "transactions_amount",
    [PD_SORT_CUSTOMER] = "transactions_by_customer",
    [PD_SORT_REFERENCE] = "transactions_by_reference",
    [PD_SORT_STATE] = "transactions_by_state",
    [PD_SORT_PROVIDER] = "transactions_by_provider",
    [PD_SORT_ACCOUNT] = "transactions_by_account",
    [PD_SORT_FEE] = "transactions_by_fee",
  };
  /* No filter, then the kinds of the Charges, Refunds and Disbursements
   * views. */
  const guint kind_sets[] = {
    0,
    PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_CHARGE)
      | PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_COLLECTION)
      | PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_PAYMENT)
      | PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_VEND)
      | PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_BILL)
      | PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_TOPUP),
    PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_REFUND),
    PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_DISBURSEMENT)
      | PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_TRANSFER)
      | PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_PAYOUT),
  };
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) collected = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = pd_store_get_db (fixture->store);
  Accounts accounts;
  guint checked = 0;

  G_STATIC_ASSERT (G_N_ELEMENTS (indexes) == PD_SORT_KEY_COUNT);

  all = make_dataset (fixture->store, fixture->account_id, 600, &accounts);

  for (guint key = 0; key < PD_SORT_KEY_COUNT; key++)
    {
      for (guint descending = 0; descending < 2; descending++)
        {
          for (guint k = 0; k < G_N_ELEMENTS (kind_sets); k++)
            {
              g_autoptr(PdQuery) query = pd_query_new ();
              g_autoptr(GPtrArray) first = NULL;
              g_autoptr(GPtrArray) next = NULL;

              query->sort = key;
              query->descending = descending;
              query->kinds = kind_sets[k];
              query->limit = 50;

              g_ptr_array_set_size (collected, 0);
              sqlite3_trace_v2 (db, SQLITE_TRACE_STMT, collect_query_sql, collected);
              first = query_ok (fixture->store, query);
              g_assert_cmpuint (first->len, >, 0);
              pd_query_set_after (query, g_ptr_array_index (first, first->len / 2));
              next = query_ok (fixture->store, query);
              sqlite3_trace_v2 (db, 0, NULL, NULL);

              /* The second window goes on where the cursor is. */
              g_assert_cmpuint (next->len, >, 0);
              g_assert_cmpint (((PdTransaction *)g_ptr_array_index (next, 0))->id, ==,
                               ((PdTransaction *)g_ptr_array_index (first, first->len / 2 + 1))->id);

              g_assert_cmpuint (collected->len, ==, 2);
              for (guint i = 0; i < collected->len; i++)
                {
                  g_autofree char *plan = query_plan (db, g_ptr_array_index (collected, i));

                  g_test_message ("%s %s kinds %#x%s: %s", pd_sort_key_to_string (key),
                                  descending ? "desc" : "asc", kind_sets[k],
                                  i > 0 ? " after a cursor" : "", plan);
                  g_assert_null (strstr (plan, "TEMP B-TREE"));
                  g_assert_nonnull (strstr (plan, indexes[key]));
                  /* After the cursor the index is searched from it, on
                   * the sort value and the id both, not scanned from its
                   * start or from the first row of the same value. */
                  if (i > 0)
                    g_assert_true (g_str_has_prefix (plan, "SEARCH t USING"));
                  if (i > 0 && key != PD_SORT_DATE)
                    g_assert_nonnull (strstr (plan, descending ? ",rowid)<(?,?)" : ",rowid)>(?,?)"));
                  checked++;
                }
            }
        }
    }

  g_assert_cmpuint (checked, ==, PD_SORT_KEY_COUNT * 2 * G_N_ELEMENTS (kind_sets) * 2);
}

static void
test_query_totals (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = transaction_array ();
  g_autoptr(GArray) totals = NULL;
  g_autoptr(PdQuery) query = pd_query_new ();
  PdTotal *total;

  g_ptr_array_add (page, make_transaction ("a", PD_TRANSACTION_KIND_COLLECTION, 1767225600,
                                           money (21522, 1, "UGX")));
  g_ptr_array_add (page, make_transaction ("b", PD_TRANSACTION_KIND_COLLECTION, 1767225601,
                                           money (100, 0, "UGX")));
  g_ptr_array_add (page, make_transaction ("c", PD_TRANSACTION_KIND_COLLECTION, 1767225602,
                                           money (74200, 2, "GHS")));
  g_ptr_array_add (page, make_transaction ("d", PD_TRANSACTION_KIND_COLLECTION, 1767225603,
                                           money (1, 3, "GHS")));
  g_ptr_array_add (page, make_transaction ("e", PD_TRANSACTION_KIND_COLLECTION, 1767225604,
                                           money (-50, 2, "GHS")));
  g_ptr_array_add (page, make_transaction ("f", PD_TRANSACTION_KIND_REFUND, 1767225605,
                                           money (999, 0, "KES")));
  upsert_ok (fixture->store, fixture->account_id, page, NULL);

  g_assert_true (pd_store_totals (fixture->store, query, &totals, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (totals->len, ==, 3);

  total = &g_array_index (totals, PdTotal, 0);
  g_assert_cmpstr (total->amount.currency, ==, "GHS");
  g_assert_cmpint (total->count, ==, 3);
  {
    g_autofree char *plain = pd_money_to_plain (&total->amount);

    /* 742.00 + 0.001 - 0.50 */
    g_assert_cmpstr (plain, ==, "741.501");
  }

  total = &g_array_index (totals, PdTotal, 1);
  g_assert_cmpstr (total->amount.currency, ==, "KES");
  g_assert_cmpint (total->count, ==, 1);
  g_assert_cmpint (total->amount.units, ==, 999);

  total = &g_array_index (totals, PdTotal, 2);
  g_assert_cmpstr (total->amount.currency, ==, "UGX");
  g_assert_cmpint (total->count, ==, 2);
  {
    g_autofree char *plain = pd_money_to_plain (&total->amount);

    g_assert_cmpstr (plain, ==, "2252.2");
  }
  g_clear_pointer (&totals, g_array_unref);

  /* Totals follow the filters. */
  query->kinds = PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_REFUND);
  g_assert_true (pd_store_totals (fixture->store, query, &totals, &error));
  g_assert_cmpuint (totals->len, ==, 1);
  g_assert_cmpstr (g_array_index (totals, PdTotal, 0).amount.currency, ==, "KES");
  g_clear_pointer (&totals, g_array_unref);

  query->kinds = 0;
  pd_query_set_text (query, "2152.20");
  g_assert_true (pd_store_totals (fixture->store, query, &totals, &error));
  g_assert_cmpuint (totals->len, ==, 1);
  g_assert_cmpint (g_array_index (totals, PdTotal, 0).count, ==, 1);
  g_assert_cmpint (g_array_index (totals, PdTotal, 0).amount.units, ==, 21522);
}

static void
test_query_huge_amounts (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) page = transaction_array ();
  g_autoptr(PdQuery) query = pd_query_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *found = NULL;

  /* Beyond ±9.2 billion the comparable column saturates: still exact. */
  g_ptr_array_add (page, make_transaction ("big1", PD_TRANSACTION_KIND_TRANSFER, 1767225600,
                                           money (G_GINT64_CONSTANT (20000000000), 0, "UGX")));
  g_ptr_array_add (page, make_transaction ("big2", PD_TRANSACTION_KIND_TRANSFER, 1767225601,
                                           money (G_GINT64_CONSTANT (200000000010), 1, "UGX")));
  g_ptr_array_add (page, make_transaction ("big3", PD_TRANSACTION_KIND_TRANSFER, 1767225602,
                                           money (G_GINT64_CONSTANT (30000000000), 0, "UGX")));
  g_ptr_array_add (page, make_transaction ("small", PD_TRANSACTION_KIND_TRANSFER, 1767225603,
                                           money (5, 0, "UGX")));
  g_ptr_array_add (page, make_transaction ("neg", PD_TRANSACTION_KIND_TRANSFER, 1767225604,
                                           money (G_GINT64_CONSTANT (-20000000000), 0, "UGX")));
  upsert_ok (fixture->store, fixture->account_id, page, NULL);

  query->min_amount = money (G_GINT64_CONSTANT (200000000005), 1, "UGX");
  query->max_amount = money (G_GINT64_CONSTANT (29999999999), 0, "UGX");
  rows = query_ok (fixture->store, query);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (((PdTransaction *)g_ptr_array_index (rows, 0))->provider_id, ==, "big2");
  g_clear_pointer (&rows, g_ptr_array_unref);

  query->min_amount = money (0, 0, "");
  query->max_amount = money (G_GINT64_CONSTANT (-19999999999), 0, "UGX");
  rows = query_ok (fixture->store, query);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (((PdTransaction *)g_ptr_array_index (rows, 0))->provider_id, ==, "neg");
  g_clear_pointer (&rows, g_ptr_array_unref);

  found = search_ids (fixture->store, "20000000000");
  g_assert_cmpstr (found, ==, "big1");
  g_clear_pointer (&found, g_free);
  found = search_ids (fixture->store, "20000000001");
  g_assert_cmpstr (found, ==, "big2");
  g_clear_pointer (&found, g_free);

  query->max_amount = money (0, 0, "");
  query->sort = PD_SORT_AMOUNT;
  query->descending = FALSE;
  rows = query_ok (fixture->store, query);
  g_assert_cmpuint (rows->len, ==, 5);
  g_assert_cmpstr (((PdTransaction *)g_ptr_array_index (rows, 0))->provider_id, ==, "neg");
  g_assert_cmpstr (((PdTransaction *)g_ptr_array_index (rows, 1))->provider_id, ==, "small");
}

/* Search */

typedef struct
{
  const char        *provider_id;
  const char        *name;
  const char        *phone;
  const char        *email;
  const char        *reference;
  const char        *last4;
  PdMoney            amount;
} SearchRow;

static void
add_search_rows (Fixture *fixture)
{
  const SearchRow rows[] = {
    { "ch_A1", "Ivan Šimić", "+256 772 345 678", "ivan.simic@example.hr", "INV-2026-0042", "1881",
      { 21522, 1, "UGX" } },
    { "ch_A2", "محمد عثمان", "+249 912 000 111", "m.osman@example.sd", "SDG-77-ALPHA", "4242",
      { 500000, 2, "SDG" } },
    { "ch_A3", "Zoë Müller", "+61 400 111 222", "zoe@example.com.au", "AU-REF-9", "0005",
      { 1999, 2, "AUD" } },
    { "ch_A4", "Faith Wanjiru", "+254 700 999 888", "faith@example.ke", "KPLC-556677", NULL,
      { 150000, 2, "KES" } },
    { "ch_A5", "Kwame Mensah", "+233 24 555 6666", "kwame@example.gh", "GH-0001", "7310",
      { 74200, 2, "GHS" } },
  };
  g_autoptr(GPtrArray) page = transaction_array ();

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      PdTransaction *tx = make_transaction (rows[i].provider_id, PD_TRANSACTION_KIND_CHARGE,
                                            1767225600 + i * 100, rows[i].amount);

      tx->customer_name = g_strdup (rows[i].name);
      tx->phone = g_strdup (rows[i].phone);
      tx->email = g_strdup (rows[i].email);
      tx->reference = g_strdup (rows[i].reference);
      tx->card_last4 = g_strdup (rows[i].last4);
      tx->description = g_strdup (i == 3 ? "Meter 04123498761" : "Order");
      g_ptr_array_add (page, tx);
    }

  /* Unrelated rows that none of the searches below may find. */
  for (guint i = 0; i < 40; i++)
    {
      PdTransaction *tx;
      g_autofree char *id = g_strdup_printf ("filler_%02u", i);

      tx = make_transaction (id, PD_TRANSACTION_KIND_COLLECTION, 1767200000 + i,
                             money (i + 1, 0, "UGX"));
      tx->customer_name = g_strdup_printf ("Filler Person %02u", i);
      tx->phone = g_strdup_printf ("+1 300 100 2%02u", i);
      tx->email = g_strdup_printf ("filler%02u@example.org", i);
      tx->reference = g_strdup_printf ("FILL-%02u", i);
      g_ptr_array_add (page, tx);
    }

  upsert_ok (fixture->store, fixture->account_id, page, NULL);
}

static void
assert_search (PdStore    *store,
               const char *text,
               const char *expected)
{
  g_autofree char *found = search_ids (store, text);

  if (g_strcmp0 (found, expected) != 0)
    g_error ("Search “%s” found “%s”, expected “%s”", text, found, expected);
  g_assert_cmpstr (found, ==, expected);
}

static void
test_search_finds (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PdQuery) query = pd_query_new ();
  g_autoptr(GPtrArray) rows = NULL;

  add_search_rows (fixture);

  /* Phone fragments, with or without the number's spaces. */
  assert_search (fixture->store, "4567", "ch_A1");
  assert_search (fixture->store, "345 678", "ch_A1");
  assert_search (fixture->store, "772-345", "ch_A1");
  /* Reference fragments, any case. */
  assert_search (fixture->store, "2026-004", "ch_A1");
  assert_search (fixture->store, "kplc-5566", "ch_A4");
  /* Names with non-ASCII letters, by prefix, any case. */
  assert_search (fixture->store, "šim", "ch_A1");
  assert_search (fixture->store, "ŠIMIĆ", "ch_A1");
  assert_search (fixture->store, "محمد", "ch_A2");
  assert_search (fixture->store, "müll", "ch_A3");
  /* E-mails, card last four digits. */
  assert_search (fixture->store, "faith@example", "ch_A4");
  assert_search (fixture->store, "example.sd", "ch_A2");
  assert_search (fixture->store, "4242", "ch_A2");
  /* Exact amounts, in any scale. */
  assert_search (fixture->store, "2152.2", "ch_A1");
  assert_search (fixture->store, "2152.20", "ch_A1");
  assert_search (fixture->store, "742", "ch_A5");
  assert_search (fixture->store, "2152.21", "");
  /* Several words must all match. */
  assert_search (fixture->store, "Ivan Šimić", "ch_A1");
  assert_search (fixture->store, "Ivan Müller", "");
  /* Unrelated text finds nothing. */
  assert_search (fixture->store, "zzqx", "");
  assert_search (fixture->store, "Šimićx", "");
  /* Under three characters: a reference prefix. */
  assert_search (fixture->store, "gh", "ch_A5");
  assert_search (fixture->store, "ch", "");
  assert_search (fixture->store, "%", "");
  /* A quote cannot break the query. */
  assert_search (fixture->store, "\"Ivan", "");

  /* Searching combines with filters, newest first. */
  pd_query_set_text (query, "example");
  query->limit = 3;
  rows = query_ok (fixture->store, query);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (((PdTransaction *)g_ptr_array_index (rows, 0))->provider_id, ==, "ch_A5");
  g_assert_cmpstr (((PdTransaction *)g_ptr_array_index (rows, 2))->provider_id, ==, "ch_A3");
}

static void
test_search_fresh (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = transaction_array ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(PdQuery) query = pd_query_new ();
  PdTransaction *tx;
  PdStore *other;

  add_search_rows (fixture);
  assert_search (fixture->store, "müll", "ch_A3");

  /* Stored rows are found by the next search, no reindex asked for. */
  tx = make_transaction ("ch_B1", PD_TRANSACTION_KIND_CHARGE, 1767300000, money (1, 0, "UGX"));
  tx->customer_name = g_strdup ("Nyamekyɛ Boateng");
  g_ptr_array_add (page, tx);
  upsert_ok (fixture->store, fixture->account_id, page, NULL);
  g_assert_cmpint (scalar (pd_store_get_db (fixture->store), "SELECT count(*) FROM search_queue"),
                   ==, 1);
  assert_search (fixture->store, "nyamekyɛ", "ch_B1");
  g_assert_cmpint (scalar (pd_store_get_db (fixture->store), "SELECT count(*) FROM search_queue"),
                   ==, 0);

  /* A changed row's old text is gone, its new text found. */
  g_clear_pointer (&page, g_ptr_array_unref);
  page = transaction_array ();
  tx = make_transaction ("ch_A3", PD_TRANSACTION_KIND_CHARGE, 1767225600 + 200,
                         money (1999, 2, "AUD"));
  tx->customer_name = g_strdup ("Zoë Schmidt");
  tx->phone = g_strdup ("+61 400 111 222");
  tx->email = g_strdup ("zoe@example.com.au");
  tx->reference = g_strdup ("AU-REF-9");
  tx->card_last4 = g_strdup ("0005");
  tx->description = g_strdup ("Order");
  g_ptr_array_add (page, tx);
  upsert_ok (fixture->store, fixture->account_id, page, NULL);
  assert_search (fixture->store, "müll", "");
  assert_search (fixture->store, "schmidt", "ch_A3");

  /* Rows written through another connection are found too. */
  other = pd_store_new_for_path (fixture->path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&page, g_ptr_array_unref);
  page = transaction_array ();
  tx = make_transaction ("ch_C1", PD_TRANSACTION_KIND_CHARGE, 1767400000, money (1, 0, "UGX"));
  tx->email = g_strdup ("late.arrival@example.ug");
  g_ptr_array_add (page, tx);
  upsert_ok (other, fixture->account_id, page, NULL);
  assert_search (fixture->store, "late.arr", "ch_C1");
  g_assert_finalize_object (other);

  /* Explicit indexing leaves nothing queued; searching still works. */
  g_assert_true (pd_store_update_search_index (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (pd_store_get_db (fixture->store), "SELECT count(*) FROM search_queue"),
                   ==, 0);
  g_assert_cmpint (scalar (pd_store_get_db (fixture->store),
                           "SELECT count(*) FROM transactions_fts"), ==,
                   scalar (pd_store_get_db (fixture->store), "SELECT count(*) FROM transactions"));
  assert_search (fixture->store, "4567", "ch_A1");
}

/* Two connections */

typedef struct
{
  const char *path;
  gint64      account_id;
} WriterData;

static gpointer
writer_thread (gpointer user_data)
{
  WriterData *data = user_data;
  g_autoptr(GError) error = NULL;
  PdStore *store = pd_store_new_for_path (data->path, &error);

  g_assert_no_error (error);

  for (guint p = 0; p < 20; p++)
    {
      g_autoptr(GPtrArray) page = make_page (100, 1767225600 + p * 10000, p * 100);
      PdUpsertStats stats;

      upsert_ok (store, data->account_id, page, &stats);
      g_assert_cmpuint (stats.inserted, ==, 100);
    }

  g_assert_finalize_object (store);

  return NULL;
}

static void
test_two_connections (Fixture       *fixture,
                      gconstpointer  data)
{
  WriterData writer_data = { fixture->path, fixture->account_id };
  g_autoptr(PdQuery) query = pd_query_new ();
  g_autoptr(GPtrArray) rows = NULL;
  GThread *thread;
  guint64 count = 0, last = 0;
  guint reads = 0;

  thread = g_thread_new ("writer", writer_thread, &writer_data);

  /* Reads and searches run while the other connection writes; each sees
   * whole pages only. */
  pd_query_set_text (query, "Customer");
  do
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (pd_store_count_transactions (fixture->store, query, &count, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (count % 100, ==, 0);
      g_assert_cmpuint (count, >=, last);
      last = count;
      reads++;
    }
  while (count < 2000);

  g_thread_join (thread);
  g_assert_cmpuint (reads, >, 0);

  /* Indexing in small transactions leaves nothing out. */
  {
    g_autoptr(GError) error = NULL;
    sqlite3 *db = pd_store_get_db (fixture->store);
    g_autoptr(GPtrArray) page = make_page (1000, 1768000000, 5000);

    upsert_ok (fixture->store, fixture->account_id, page, NULL);
    g_assert_cmpint (scalar (db, "SELECT count(*) FROM search_queue"), ==, 1000);
    pd_store_set_index_chunk (fixture->store, 300);
    g_assert_true (pd_store_update_search_index (fixture->store, &error));
    g_assert_no_error (error);
    g_assert_cmpint (scalar (db, "SELECT count(*) FROM search_queue"), ==, 0);
    g_assert_cmpint (scalar (db, "SELECT count(*) FROM transactions_fts"), ==, 3000);
    g_assert_cmpint (scalar (db, "SELECT count(*) FROM transactions_fts"
                                 " WHERE transactions_fts MATCH '\"REF05999\"'"), ==, 1);
  }

  pd_query_set_text (query, "REF01999");
  rows = query_ok (fixture->store, query);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (((PdTransaction *)g_ptr_array_index (rows, 0))->provider_id, ==, "col_01999");
}

/* Crash: SIGKILL in the middle of a page */

#define CRASH_ROWS 20000

static void
crash_hook (gpointer user_data,
            guint    row)
{
  guint report_row = GPOINTER_TO_UINT (user_data) & 0xffffff;
  gboolean wait = (GPOINTER_TO_UINT (user_data) >> 24) != 0;

  if (row != report_row)
    return;

  /* The page's transaction is open: rows 1 … row are written in it. */
  if (write (STDOUT_FILENO, "R\n", 2) != 2)
    _exit (3);

  if (wait)
    for (;;)
      pause ();
}

static int
crash_child (const char *path,
             guint       report_row,
             gboolean    wait)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = transaction_array ();
  PdStore *store;

  /* Never outlive the test that stops this writer. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () == 1)
    return 5;

  for (guint i = 0; i < CRASH_ROWS; i++)
    {
      g_autofree char *id = g_strdup_printf ("crash_%05u", i);
      PdTransaction *tx = make_transaction (id, PD_TRANSACTION_KIND_VEND, 1767225600 + i,
                                            money (i, 2, "KES"));

      tx->reference = g_strdup_printf ("CRASHREF-%05u", i);
      tx->customer_name = g_strdup ("Faith Wanjiru");
      tx->phone = g_strdup_printf ("+2547%08u", i * 7919);
      tx->description = g_strdup ("Prepaid electricity, meter 0412349876, 40 kWh");
      /* About the size of a real vend record (600-700 bytes). */
      g_free (tx->raw_json);
      tx->raw_json = g_strdup_printf (
        "{\"transaction_id\":\"%s\",\"reference\":\"CRASHREF-%05u\","
        "\"status\":1,\"status_message\":\"Transaction successful\","
        "\"amount\":\"%u.%02u\",\"currency\":\"KES\","
        "\"meter_number\":\"0412349876\",\"units\":\"40.0\","
        "\"units_type\":\"kWh\",\"customer_name\":\"Faith Wanjiru\","
        "\"phone\":\"+2547%08u\",\"token\":\"12345678901234567890\","
        "\"receipt\":{\"vat\":\"16.00\",\"fuel_index\":\"3.52\","
        "\"forex\":\"1.20\",\"inflation\":\"0.30\",\"erc_levy\":\"0.08\","
        "\"rep_levy\":\"5.00\",\"debt_recovery\":\"0.00\"},"
        "\"vendor\":{\"id\":\"VND-0042\",\"name\":\"Kisumu Road Shop\","
        "\"till\":\"558899\"},\"created_at\":\"2026-01-01T00:00:00+03:00\","
        "\"notes\":\"Prepaid electricity purchase through the vendor portal; "
        "keep this receipt for your records.\"}",
        id, i, i / 100, i % 100, i * 7919);
      g_ptr_array_add (page, tx);
    }

  store = pd_store_new_for_path (path, &error);
  if (store == NULL)
    return 2;

  pd_store_set_row_hook (store, crash_hook,
                         GUINT_TO_POINTER (report_row | (wait ? 1u << 24 : 0)));

  if (!pd_store_upsert_transactions (store, 1, page, NULL, &error))
    return 4;

  if (write (STDOUT_FILENO, "D\n", 2) != 2)
    return 3;

  /* Committed; wait for the kill. */
  for (;;)
    pause ();
}

static void
run_crash (const char *template_path,
           guint       round,
           guint       report_row,
           gboolean    wait,
           guint       delay_ms,
           const char *expect)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = g_path_get_dirname (template_path);
  g_autofree char *name = g_strdup_printf ("round-%u.db", round);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *row_arg = g_strdup_printf ("%u", report_row);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *integrity = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  GInputStream *out;
  char buffer[2];
  gssize n;
  PdStore *store;
  gint64 count;
  sqlite3 *db;

  /* Each round starts from the same database: one account, no rows. */
  g_assert_true (g_file_get_contents (template_path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, length, NULL));

  /* The writer dies by SIGKILL, so a leak checker would never report on it;
   * spare it the cost of recording where every allocation came from. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "LSAN_OPTIONS", "detect_leaks=0", TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error, exe, "--crash-child",
                                       path, row_arg, wait ? "wait" : "run", NULL);
  g_assert_no_error (error);

  out = g_subprocess_get_stdout_pipe (child);
  n = g_input_stream_read (out, buffer, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 2);
  g_assert_cmpint (buffer[0], ==, 'R');

  if (g_strcmp0 (expect, "all") == 0)
    {
      n = g_input_stream_read (out, buffer, 2, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n, ==, 2);
      g_assert_cmpint (buffer[0], ==, 'D');
    }

  if (delay_ms > 0)
    g_usleep (delay_ms * 1000);

  /* A writer stopped deep in its page has already spilled pages to the
   * WAL (its page cache is 8 MiB): the kill hits a half-written
   * transaction on disk. */
  if (wait && report_row >= 10000)
    g_assert_cmpint (file_size (wal), >, 0);

  g_subprocess_send_signal (child, SIGKILL);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  store = pd_store_new_for_path (path, &error);
  g_assert_no_error (error);
  db = pd_store_get_db (store);

  integrity = scalar_text (db, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");

  count = scalar (db, "SELECT count(*) FROM transactions");
  if (g_strcmp0 (expect, "none") == 0)
    g_assert_cmpint (count, ==, 0);
  else if (g_strcmp0 (expect, "all") == 0)
    g_assert_cmpint (count, ==, CRASH_ROWS);
  else
    g_assert_true (count == 0 || count == CRASH_ROWS);

  /* The queue for the index went with the page, or came whole with it,
   * and the next search finds what is there. */
  g_assert_cmpint (scalar (db, "SELECT count(*) FROM search_queue"), ==, count);
  {
    g_autoptr(PdQuery) query = pd_query_new ();
    guint64 found = 0;

    pd_query_set_text (query, "CRASHREF-1234");
    g_assert_true (pd_store_count_transactions (store, query, &found, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (found, ==, count == 0 ? 0 : 10);
  }

  g_assert_finalize_object (store);
}

static void
test_crash_sigkill (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("paydesk-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "template.db", NULL);
  PdStore *store;

  store = pd_store_new_for_path (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (add_account (store, "pawacard", "Nairobi"), ==, 1);
  g_assert_finalize_object (store);

  /* Stopped inside the transaction, early and deep into it. */
  run_crash (path, 1, 1, TRUE, 0, "none");
  run_crash (path, 2, 15000, TRUE, 0, "none");
  /* Killed while it writes, at different moments. */
  run_crash (path, 3, 2000, FALSE, 0, "none-or-all");
  run_crash (path, 4, 5000, FALSE, g_test_rand_int_range (1, 40), "none-or-all");
  run_crash (path, 5, CRASH_ROWS - 5, FALSE, g_test_rand_int_range (0, 5), "none-or-all");
  /* After the commit returned, the page is there whole. */
  run_crash (path, 6, 1, FALSE, 0, "all");

  remove_tree (dir);
}

/* Secrets */

static const char *const secrets[] = {
  "sk_live_9fQ2mZ7xLw3Rt8Yp",
  "Hunter2-Secret!",
  "tok_8Hh3Jj5Kk7Ll9Mm",
  "4242424242424242",
  "4242 4242 4242 4242",
  "5555555555554444",
  "\"913\"",
  "\"7391\"",
  "zpsh_Sh4R3dS3cr3tHash",
};

static void
assert_no_secret (const char *where,
                  const char *data,
                  gsize       length)
{
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      if (memmem (data, length, secrets[i], strlen (secrets[i])) != NULL)
        g_error ("%s holds the secret %s", where, secrets[i]);
    }

  /* Secret member names do not survive in stored JSON either. */
  if (memmem (data, length, "\"cvv\"", 5) != NULL ||
      memmem (data, length, "\"ipin\"", 6) != NULL ||
      memmem (data, length, "\"api_key\"", 9) != NULL ||
      memmem (data, length, "\"password\"", 10) != NULL)
    g_error ("%s holds a secret member", where);
}

static guint
scan_all_columns (sqlite3 *db)
{
  sqlite3_stmt *tables = NULL;
  guint n_values = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table'",
                                       -1, &tables, NULL), ==, SQLITE_OK);

  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"",
                                              (const char *)sqlite3_column_text (tables, 0));
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const void *value = sqlite3_column_blob (stmt, c);
              int length = sqlite3_column_bytes (stmt, c);

              if (value != NULL)
                {
                  g_autofree char *where = g_strdup_printf ("Column %s of %s",
                                                            sqlite3_column_name (stmt, c), sql);

                  assert_no_secret (where, value, (gsize)length);
                  n_values++;
                }
            }
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_finalize (tables);

  return n_values;
}

static void
scan_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 0);
  assert_no_secret (path, contents, length);
}

static void
test_secrets (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = make_page (30, 1767225600, 0);
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_card_free);
  g_autoptr(GPtrArray) customers =
    g_ptr_array_new_with_free_func ((GDestroyNotify)pd_customer_free);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(PdOutboxEntry) entry = pd_outbox_entry_new ();
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  const char *raw =
    "{\"id\":\"ch_S1\",\"amount\":74200,\"currency\":\"GHS\","
    "\"api_key\":\"sk_live_9fQ2mZ7xLw3Rt8Yp\",\"password\":\"Hunter2-Secret!\","
    "\"token\":\"tok_8Hh3Jj5Kk7Ll9Mm\",\"ipin\":\"7391\","
    "\"card\":{\"number\":\"4242424242424242\",\"cvv\":\"913\",\"exp_month\":12},"
    "\"source\":{\"card_number\":\"4242 4242 4242 4242\"},"
    "\"customer\":{\"name\":\"Ivan Šimić\",\"phone\":\"+256772345678\"}}";
  PdTransaction *tx;
  PdCard *card;
  PdCustomer *customer;
  PdUpsertStats stats;

  tx = make_transaction ("ch_S1", PD_TRANSACTION_KIND_CHARGE, 1767300000, money (74200, 2, "GHS"));
  g_free (tx->raw_json);
  tx->raw_json = g_strdup (raw);
  tx->card_last4 = g_strdup ("4242");
  tx->customer_name = g_strdup ("Ivan Šimić");
  tx->phone = g_strdup ("+256772345678");
  g_ptr_array_add (page, tx);
  upsert_ok (fixture->store, fixture->account_id, page, &stats);
  g_assert_cmpuint (stats.raw_json_dropped, ==, 0);

  /* What is kept is still the record, without its secrets. */
  {
    g_autoptr(PdTransaction) got = pd_store_get_transaction (fixture->store, tx->id, &error);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (got->raw_json, "\"exp_month\":12"));
    g_assert_nonnull (strstr (got->raw_json, "4242"));
    g_assert_nonnull (strstr (got->raw_json, "Ivan Šimić"));
  }

  customer = pd_customer_new ();
  customer->provider_id = g_strdup ("cus_S1");
  customer->name = g_strdup ("Ivan Šimić");
  customer->raw_json = g_strdup ("{\"id\":\"cus_S1\",\"user_password\":\"Hunter2-Secret!\","
                                 "\"pan\":\"5555555555554444\"}");
  g_ptr_array_add (customers, customer);
  g_assert_true (pd_store_upsert_customers (fixture->store, fixture->account_id, customers, NULL,
                                            &error));
  g_assert_no_error (error);

  card = pd_card_new ();
  card->provider_id = g_strdup ("src_S1");
  card->last4 = g_strdup ("4444");
  card->masked_pan = g_strdup ("************4444");
  card->raw_json = g_strdup ("{\"id\":\"src_S1\",\"number\":\"5555555555554444\",\"cvv\":\"913\","
                             "\"token\":\"tok_8Hh3Jj5Kk7Ll9Mm\"}");
  g_ptr_array_add (cards, card);
  g_assert_true (pd_store_upsert_cards (fixture->store, fixture->account_id, cards, NULL, &error));
  g_assert_no_error (error);

  /* A card with a full number is refused, and leaves no trace. */
  card = pd_card_new ();
  card->provider_id = g_strdup ("src_S2");
  card->last4 = g_strdup ("4242");
  card->masked_pan = g_strdup ("4242424242424242");
  g_ptr_array_add (cards, card);
  g_assert_false (pd_store_upsert_cards (fixture->store, fixture->account_id, cards, NULL, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_SECRET_REFUSED);
  g_clear_error (&error);
  g_free (card->masked_pan);
  card->masked_pan = g_strdup ("424242******4242");
  g_assert_false (pd_store_upsert_cards (fixture->store, fixture->account_id, cards, NULL, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_SECRET_REFUSED);
  g_clear_error (&error);
  g_free (card->masked_pan);
  card->masked_pan = g_strdup ("**** **** **** 4242");
  g_assert_true (pd_store_upsert_cards (fixture->store, fixture->account_id, cards, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pd_store_list_cards (fixture->store, fixture->account_id, NULL, &rows, &error));
  g_assert_cmpuint (rows->len, ==, 2);

  entry->account_id = fixture->account_id;
  entry->operation = g_strdup ("refund");
  entry->idempotency_key = g_strdup ("idem-secret-1");
  entry->amount = money (1250, 2, "GHS");
  entry->request_json = g_strdup ("{\"charge\":\"ch_S1\",\"amount\":1250,"
                                  "\"authorization\":\"sk_live_9fQ2mZ7xLw3Rt8Yp\","
                                  "\"secret_hash\":\"zpsh_Sh4R3dS3cr3tHash\"}");
  g_assert_true (pd_store_outbox_insert (fixture->store, entry, &error));
  g_assert_no_error (error);
  g_free (entry->response_json);
  entry->response_json = g_strdup ("{\"id\":\"re_1\",\"token\":\"tok_8Hh3Jj5Kk7Ll9Mm\"}");
  entry->state = PD_OUTBOX_STATE_CONFIRMED;
  g_assert_true (pd_store_outbox_update (fixture->store, entry, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (scan_all_columns (pd_store_get_db (fixture->store)), >, 100);
  /* The bytes on disk, while the WAL still holds the writes ... */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  scan_file (wal);
  scan_file (fixture->path);

  /* ... and after everything is checkpointed into the database file. */
  g_clear_object (&fixture->store);
  scan_file (fixture->path);
}

/* Outbox, sync state, audit trail, saved views */

static void
test_outbox (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdOutboxEntry) entry = pd_outbox_entry_new ();
  g_autoptr(PdOutboxEntry) twin = NULL;
  g_autoptr(PdOutboxEntry) got = NULL;
  g_autoptr(GPtrArray) list = NULL;

  entry->account_id = fixture->account_id;
  entry->operation = g_strdup ("disbursement");
  entry->idempotency_key = g_strdup ("k-0001");
  entry->reference = g_strdup ("PAYOUT-1");
  entry->target_provider_id = g_strdup ("+256772345678");
  entry->amount = money (21522, 1, "UGX");
  entry->request_json = g_strdup ("{\"amount\":2152.2,\"msisdn\":\"+256772345678\"}");
  g_assert_true (pd_store_outbox_insert (fixture->store, entry, &error));
  g_assert_no_error (error);
  g_assert_cmpint (entry->id, >, 0);
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_QUEUED);

  /* The same idempotency key never goes in twice. */
  twin = pd_outbox_entry_copy (entry);
  g_assert_false (pd_store_outbox_insert (fixture->store, twin, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  entry->state = PD_OUTBOX_STATE_UNKNOWN;
  entry->attempts = 1;
  entry->error_message = g_strdup ("The connection closed before an answer came");
  g_assert_true (pd_store_outbox_update (fixture->store, entry, &error));
  g_assert_no_error (error);

  got = pd_store_outbox_get_by_key (fixture->store, "k-0001", &error);
  g_assert_no_error (error);
  g_assert_cmpint (got->id, ==, entry->id);
  g_assert_cmpint (got->state, ==, PD_OUTBOX_STATE_UNKNOWN);
  g_assert_cmpuint (got->attempts, ==, 1);
  g_assert_cmpint (got->amount.units, ==, 21522);
  g_assert_cmpint (got->amount.scale, ==, 1);
  g_assert_cmpstr (got->request_json, ==, "{\"amount\":2152.2,\"msisdn\":\"+256772345678\"}");
  g_assert_cmpstr (got->error_message, ==, "The connection closed before an answer came");
  g_clear_pointer (&got, pd_outbox_entry_free);

  g_assert_true (pd_store_outbox_list (fixture->store, 0,
                                       PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_UNKNOWN) |
                                       PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_SENT),
                                       &list, &error));
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_assert_true (pd_store_outbox_list (fixture->store, 0,
                                       PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_CONFIRMED),
                                       &list, &error));
  g_assert_cmpuint (list->len, ==, 0);

  /* An account with a money movement of unknown outcome stays. */
  g_assert_false (pd_store_remove_account (fixture->store, fixture->account_id, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  entry->state = PD_OUTBOX_STATE_CONFIRMED;
  entry->result_provider_id = g_strdup ("tr_9");
  g_assert_true (pd_store_outbox_update (fixture->store, entry, &error));
  got = pd_store_outbox_get (fixture->store, entry->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->result_provider_id, ==, "tr_9");
  g_clear_pointer (&got, pd_outbox_entry_free);

  g_assert_true (pd_store_remove_account (fixture->store, fixture->account_id, &error));
  g_assert_no_error (error);
  got = pd_store_outbox_get (fixture->store, entry->id, &error);
  g_assert_null (got);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND);
}

static void
test_sync_state (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdSyncState) state = NULL;
  g_autoptr(PdSyncState) got = NULL;

  g_assert_true (pd_store_get_sync_state (fixture->store, fixture->account_id, "collections",
                                          &got, &error));
  g_assert_no_error (error);
  g_assert_null (got);

  state = pd_sync_state_new ();
  state->account_id = fixture->account_id;
  state->resource = g_strdup ("collections");
  state->cursor = g_strdup ("page=7");
  g_assert_true (pd_store_set_sync_state (fixture->store, state, &error));
  g_assert_no_error (error);

  g_assert_true (pd_store_get_sync_state (fixture->store, fixture->account_id, "collections",
                                          &got, &error));
  g_assert_nonnull (got);
  g_assert_cmpstr (got->cursor, ==, "page=7");
  g_assert_false (got->complete);
  g_assert_cmpint (got->updated_at, >, 0);
  g_clear_pointer (&got, pd_sync_state_free);

  g_clear_pointer (&state->cursor, g_free);
  state->complete = TRUE;
  state->updated_at = 1767225600;
  g_assert_true (pd_store_set_sync_state (fixture->store, state, &error));
  g_assert_true (pd_store_get_sync_state (fixture->store, fixture->account_id, "collections",
                                          &got, &error));
  g_assert_null (got->cursor);
  g_assert_true (got->complete);
  g_assert_cmpint (got->updated_at, ==, 1767225600);
  g_clear_pointer (&got, pd_sync_state_free);

  g_assert_true (pd_store_get_sync_state (fixture->store, fixture->account_id, "transfers",
                                          &got, &error));
  g_assert_null (got);

  state->account_id = 4242;
  g_assert_false (pd_store_set_sync_state (fixture->store, state, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CONSTRAINT);
}

static void
test_activity (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  PdActivity *activity;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(PdActivity) entry = pd_activity_new ();

      entry->account_id = fixture->account_id;
      entry->action = g_strdup (i == 2 ? "refund" : "sync");
      entry->at = 1767225600 + i;
      entry->outcome = g_strdup ("ok");
      if (i == 2)
        entry->amount = money (1250, 2, "GHS");
      g_assert_true (pd_store_add_activity (fixture->store, entry, &error));
      g_assert_no_error (error);
      g_assert_cmpint (entry->id, >, 0);
      g_assert_cmpstr (entry->user, ==, g_get_user_name ());
    }

  g_assert_true (pd_store_list_activity (fixture->store, fixture->account_id, 2, &list, &error));
  g_assert_cmpuint (list->len, ==, 2);
  activity = g_ptr_array_index (list, 0);
  g_assert_cmpstr (activity->action, ==, "refund");
  g_assert_cmpint (activity->amount.units, ==, 1250);
  g_assert_cmpstr (activity->amount.currency, ==, "GHS");
  g_assert_cmpstr (((PdActivity *)g_ptr_array_index (list, 1))->amount.currency, ==, "");
  g_clear_pointer (&list, g_ptr_array_unref);

  /* The audit trail outlives the account. */
  g_assert_true (pd_store_remove_account (fixture->store, fixture->account_id, &error));
  g_assert_true (pd_store_list_activity (fixture->store, 0, 0, &list, &error));
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpint (((PdActivity *)g_ptr_array_index (list, 0))->account_id, ==, 0);
}

/* A card removed from the provider's account is forgotten: that card
 * only, of that account only. */
static void
test_remove_card (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_card_free);
  g_autoptr(GPtrArray) rows = NULL;
  PdStore *store = fixture->store;
  gint64 other_account = add_account (store, "enayapay", "Khartoum");

  for (guint i = 0; i < 2; i++)
    {
      PdCard *card = pd_card_new ();

      card->provider_id = g_strdup_printf ("%u", 7 + i);
      card->last4 = g_strdup_printf ("111%u", i);
      card->masked_pan = g_strdup_printf ("************111%u", i);
      card->holder_name = g_strdup_printf ("Card %u", i);
      g_ptr_array_add (cards, card);
    }
  g_assert_true (pd_store_upsert_cards (store, fixture->account_id, cards, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pd_store_upsert_cards (store, other_account, cards, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (pd_store_remove_card (store, other_account, "7", &error));
  g_assert_no_error (error);

  g_assert_true (pd_store_list_cards (store, other_account, NULL, &rows, &error));
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (((PdCard *)g_ptr_array_index (rows, 0))->provider_id, ==, "8");
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_assert_true (pd_store_list_cards (store, fixture->account_id, NULL, &rows, &error));
  g_assert_cmpuint (rows->len, ==, 2);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Gone already, or never there. */
  g_assert_false (pd_store_remove_card (store, other_account, "7", &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (pd_store_remove_card (store, other_account, "9", &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Synchronized again, the card comes back as a new row. */
  g_assert_true (pd_store_upsert_cards (store, other_account, cards, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pd_store_list_cards (store, other_account, NULL, &rows, &error));
  g_assert_cmpuint (rows->len, ==, 2);
}

/* A page that is every card of the account: the store forgets the others,
 * in that account only; a page that is not keeps them. */
static void
test_all_cards_page (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  PdStore *store = fixture->store;
  gint64 other_account = add_account (store, "enayapay", "Khartoum");
  PdUpsertStats stats = { 0, };

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(PdPage) page = pd_page_new ("cards");
      /* Round 0: cards 1, 2, 3 everywhere; round 1: only 2 (not whole);
       * round 2: only 2 (whole). */
      guint first = round == 0 ? 1 : 2;
      guint last = round == 0 ? 3 : 2;

      for (guint i = first; i <= last; i++)
        {
          PdCard *card = pd_card_new ();

          card->provider_id = g_strdup_printf ("card-%u", i);
          card->last4 = g_strdup_printf ("000%u", i);
          g_ptr_array_add (page->cards, card);
        }
      page->all_cards = round == 2;

      g_assert_true (pd_store_upsert_page (store, fixture->account_id, page, &stats, &error));
      g_assert_no_error (error);
      if (round == 0)
        {
          g_autoptr(PdPage) copy = pd_page_new ("cards");

          for (guint i = 0; i < page->cards->len; i++)
            g_ptr_array_add (copy->cards, pd_card_copy (g_ptr_array_index (page->cards, i)));
          copy->all_cards = TRUE;
          g_assert_true (pd_store_upsert_page (store, other_account, copy, NULL, &error));
          g_assert_no_error (error);
        }

      g_assert_true (pd_store_list_cards (store, fixture->account_id, NULL, &rows, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (rows->len, ==, round < 2 ? 3 : 1);
      g_assert_cmpuint (stats.removed, ==, round < 2 ? 0 : 2);
      g_clear_pointer (&rows, g_ptr_array_unref);
    }

  g_assert_true (pd_store_list_cards (store, fixture->account_id, NULL, &rows, &error));
  g_assert_cmpstr (((PdCard *)g_ptr_array_index (rows, 0))->provider_id, ==, "card-2");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* The other account's cards are its own. */
  g_assert_true (pd_store_list_cards (store, other_account, NULL, &rows, &error));
  g_assert_cmpuint (rows->len, ==, 3);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* An empty whole list: the account has no cards left. */
  {
    g_autoptr(PdPage) empty = pd_page_new ("cards");

    empty->all_cards = TRUE;
    g_assert_true (pd_store_upsert_page (store, other_account, empty, &stats, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (stats.removed, ==, 3);
    g_assert_true (pd_store_list_cards (store, other_account, NULL, &rows, &error));
    g_assert_cmpuint (rows->len, ==, 0);
  }
}

static void
test_saved_views (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdQuery) query = pd_query_new ();
  g_autoptr(PdQuery) back = NULL;
  g_autofree char *json = NULL;
  g_autofree char *stored = NULL;
  g_auto(GStrv) names = NULL;

  query->account_id = 3;
  pd_query_set_provider (query, "zengapay");
  query->kinds = PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_COLLECTION) |
                 PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_REFUND);
  query->states = PD_TRANSACTION_STATE_BIT (PD_TRANSACTION_STATE_PARTIALLY_REFUNDED);
  query->date_from = 1767225600;
  query->min_amount = money (21522, 1, "UGX");
  pd_query_set_text (query, "Šimić");
  query->sort = PD_SORT_AMOUNT;
  query->descending = FALSE;

  json = pd_query_to_json (query);
  g_assert_true (pd_store_save_view (fixture->store, "Big Kampala refunds", json, &error));
  g_assert_no_error (error);
  g_assert_true (pd_store_save_view (fixture->store, "All", "{}", &error));

  stored = pd_store_get_view (fixture->store, "Big Kampala refunds", &error);
  g_assert_no_error (error);
  back = pd_query_new_from_json (stored, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->account_id, ==, 3);
  g_assert_cmpstr (back->provider, ==, "zengapay");
  g_assert_cmpuint (back->kinds, ==, query->kinds);
  g_assert_cmpuint (back->states, ==, query->states);
  g_assert_cmpint (back->date_from, ==, 1767225600);
  g_assert_cmpint (back->date_to, ==, 0);
  g_assert_cmpint (back->min_amount.units, ==, 21522);
  g_assert_cmpint (back->min_amount.scale, ==, 1);
  g_assert_cmpstr (back->min_amount.currency, ==, "UGX");
  g_assert_cmpstr (back->max_amount.currency, ==, "");
  g_assert_cmpstr (back->text, ==, "Šimić");
  g_assert_cmpint (back->sort, ==, PD_SORT_AMOUNT);
  g_assert_false (back->descending);

  g_assert_true (pd_store_list_views (fixture->store, &names, &error));
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "All");

  g_assert_false (pd_store_save_view (fixture->store, "Broken", "{not json", &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (pd_query_new_from_json ("{\"sort\":\"colour\"}", &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (pd_query_new_from_json ("{\"kinds\":\"charge\"}", &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (pd_store_delete_view (fixture->store, "All", &error));
  g_assert_false (pd_store_delete_view (fixture->store, "All", &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (pd_store_get_view (fixture->store, "All", &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 5 && strcmp (argv[1], "--crash-child") == 0)
    return crash_child (argv[2], (guint)g_ascii_strtoull (argv[3], NULL, 10),
                        strcmp (argv[4], "wait") == 0);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ((path), Fixture, NULL, fixture_setup, (func), fixture_teardown)

  g_test_add_func ("/store/records/enums", test_records_enums);
  g_test_add_func ("/store/records/copy", test_records_copy);
  g_test_add_func ("/store/open/schema", test_open_schema);
  g_test_add_func ("/store/open/migrate-from-older", test_open_migrate_from_older);
  g_test_add_func ("/store/open/migrate-sort-indexes", test_open_migrate_sort_indexes);
  g_test_add_func ("/store/open/migrate-account-fee", test_open_migrate_account_fee);
  g_test_add_func ("/store/open/too-new", test_open_too_new);
  g_test_add_func ("/store/open/not-ours", test_open_not_ours);
  g_test_add_func ("/store/open/modes", test_open_modes);
  g_test_add_func ("/store/open/default-path", test_open_default_path);
  ADD ("/store/accounts", test_accounts);
  ADD ("/store/upsert/idempotent", test_upsert_idempotent);
  ADD ("/store/upsert/update", test_upsert_update);
  ADD ("/store/upsert/ids", test_upsert_ids);
  ADD ("/store/upsert/atomic-page", test_upsert_atomic_page);
  ADD ("/store/upsert/malformed-raw-json", test_upsert_malformed_raw_json);
  ADD ("/store/upsert/async", test_upsert_async);
  ADD ("/store/upsert/other-records", test_upsert_other_records);
  ADD ("/store/cards/remove", test_remove_card);
  ADD ("/store/cards/all-cards-page", test_all_cards_page);
  ADD ("/store/upsert/page", test_upsert_page);
  ADD ("/store/query/filters", test_query_filters);
  ADD ("/store/query/sort", test_query_sort);
  ADD ("/store/query/keyset", test_query_keyset);
  ADD ("/store/query/plans", test_query_plans);
  ADD ("/store/query/totals", test_query_totals);
  ADD ("/store/query/huge-amounts", test_query_huge_amounts);
  ADD ("/store/search/finds", test_search_finds);
  ADD ("/store/search/fresh", test_search_fresh);
  ADD ("/store/two-connections", test_two_connections);
  g_test_add_func ("/store/crash/sigkill", test_crash_sigkill);
  ADD ("/store/secrets", test_secrets);
  ADD ("/store/outbox", test_outbox);
  ADD ("/store/sync-state", test_sync_state);
  ADD ("/store/activity", test_activity);
  ADD ("/store/saved-views", test_saved_views);

#undef ADD

  return g_test_run ();
}

/* bench-export.c - how fast 1 000 000 statement rows leave the store as CSV
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds a store with one ZengaPay-like account of 1 000 000 statement
 * entries (two wallets, CHARGES lines, chained balances, descriptions with
 * commas, quotes and non-ASCII names), then exports them as CSV with
 * pd_export_to_path() on an export connection (pd_store_new_for_export(),
 * as the application's worker uses) and dumps the same rows with
 * `sqlite3 -csv`, taking turns, three times each, and prints the medians
 * side by side.
 *
 * With PAYDESK_LIMITS_DIR set to a build of the limit programs, each round
 * also runs `lim-export --runs 1` (plain C on SQLite with a 1 MiB stdio
 * buffer, 10 columns) and the result is given as a ratio to its c_stdio
 * figure; the target is at most 1.1. lim-export reads the database of
 * `lim-store`: PAYDESK_LIMITS_DB names one (run-all.sh with LIM_KEEP=1
 * keeps it), else it is built first, which takes a few minutes.
 *
 * Environment: PAYDESK_BENCH_ROWS (default 1000000), PAYDESK_BENCH_RUNS
 * (default 3), PAYDESK_BENCH_KEEP=1 keeps the files.
 */

#include <string.h>

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pd-export.h"
#include "pd-store.h"
#include "pd-store-export.h"
#include "pd-store-private.h"
#include "pd-test-capture.h"

static const char *const names[] = {
  "Nakato Grace", "Ssempala, John", "محمد عثمان", "Zoë Müller", "Okello \"Jr\" Peter",
  "Nyamekyɛ Asante", "አበበ በቂላ", "Dubois-Lefèvre", "Namutebi Sarah", "Ødegaard",
};

static double
now_secs (void)
{
  return g_get_monotonic_time () / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_autoptr(GArray) sorted = g_array_copy (values);

  g_array_sort (sorted, compare_doubles);

  return g_array_index (sorted, double, sorted->len / 2);
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* The rows go in with plain SQL in one transaction: this measures the
 * export, not the upsert (bench-sandbox does that). */
static gint64
fill_store (PdStore *store,
            gint64   account_id,
            guint    n_rows,
            gint64   start)
{
  sqlite3 *db = pd_store_get_db (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  /* In tenths of a shilling, as the fees have one decimal. */
  gint64 balance[2] = { 0, 0 };
  const char *wallets[2] = { "UGX-MTNMM", "UGX-ATLMM" };
  guint32 seed = 12345;
  gint64 time = start;
  guint i = 0;

  exec_sql (db, "BEGIN");
  if (sqlite3_prepare_v2 (db,
                          "INSERT INTO statement_entries (id, account_id, provider_id,"
                          " transaction_provider_id, created_at, entry_type, direction,"
                          " amount_units, amount_scale, amount_currency,"
                          " before_units, before_scale, before_currency,"
                          " after_units, after_scale, after_currency,"
                          " wallet, status, description, counterparty, raw_json)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'UGX',"
                          " ?10, ?11, 'UGX', ?12, ?13, 'UGX', ?14, 'SUCCEEDED', ?15, ?16, ?17)",
                          -1, &stmt, NULL) != SQLITE_OK)
    g_error ("prepare: %s", sqlite3_errmsg (db));

  while (i < n_rows)
    {
      guint w;
      gint64 amount;
      gboolean debit;
      g_autofree char *id = NULL;
      g_autofree char *description = NULL;
      g_autofree char *phone = NULL;
      g_autofree char *raw = NULL;

      seed = seed * 1664525u + 1013904223u;
      w = (seed >> 8) & 1;
      debit = balance[w] > 20000000 && ((seed >> 9) % 3) == 0;
      amount = 500 + (gint64)((seed >> 12) % 500000);
      time += 1 + (seed >> 20) % 4;

      id = g_strdup_printf ("ZPY%09uTX", i);
      phone = g_strdup_printf ("2567%08u", (seed >> 3) % 100000000u);
      description = g_strdup_printf ("%s %s - order %u, %s",
                                     debit ? "Transfer to" : "Payment from",
                                     names[(seed >> 16) % G_N_ELEMENTS (names)], i,
                                     (seed & 7) == 0 ? "note \"urgent\"" : "thanks");
      raw = g_strdup_printf ("{\"transactionSystemId\":\"%s\",\"amount\":%" G_GINT64_FORMAT
                             ",\"currencyCode\":\"%s\",\"channel\":\"API\"}",
                             id, amount, wallets[w]);

      sqlite3_bind_int64 (stmt, 1, i + 1);
      sqlite3_bind_int64 (stmt, 2, account_id);
      sqlite3_bind_text (stmt, 3, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 5, time);
      sqlite3_bind_text (stmt, 6, "TRANSACTION", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, debit ? "debit" : "credit", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 8, amount);
      sqlite3_bind_int (stmt, 9, 0);
      sqlite3_bind_int64 (stmt, 10, balance[w]);
      sqlite3_bind_int (stmt, 11, 1);
      balance[w] += debit ? -amount * 10 : amount * 10;
      sqlite3_bind_int64 (stmt, 12, balance[w]);
      sqlite3_bind_int (stmt, 13, 1);
      sqlite3_bind_text (stmt, 14, wallets[w], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 15, description, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 16, phone, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 17, raw, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("insert: %s", sqlite3_errmsg (db));
      sqlite3_reset (stmt);
      i++;

      /* A credit is followed by its 2 % fee, one decimal, as ZengaPay charges. */
      if (!debit && i < n_rows)
        {
          gint64 fee = (amount * 20 + 5) / 100;
          g_autofree char *fee_id = g_strdup_printf ("ZPY%09uTX", i);
          g_autofree char *fee_text = g_strdup_printf ("MTN_UGANDA 2PC DEPOSITS CHARGE FOR "
                                                       "TRANSACTION ID #%s", id);

          sqlite3_bind_int64 (stmt, 1, i + 1);
          sqlite3_bind_text (stmt, 3, fee_id, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 4, id, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 6, "CHARGES", -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 7, "debit", -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 8, fee);
          sqlite3_bind_int (stmt, 9, 1);
          sqlite3_bind_int64 (stmt, 10, balance[w]);
          sqlite3_bind_int (stmt, 11, 1);
          balance[w] -= fee;
          sqlite3_bind_int64 (stmt, 12, balance[w]);
          sqlite3_bind_int (stmt, 13, 1);
          sqlite3_bind_text (stmt, 15, fee_text, -1, SQLITE_TRANSIENT);
          sqlite3_bind_null (stmt, 16);
          if (sqlite3_step (stmt) != SQLITE_DONE)
            g_error ("insert: %s", sqlite3_errmsg (db));
          sqlite3_reset (stmt);
          i++;
        }
    }

  exec_sql (db, "COMMIT");
  exec_sql (db, "PRAGMA wal_checkpoint(TRUNCATE)");

  return time;
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64)st.st_size : -1;
}

static guint64
count_lines (const char *path)
{
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);
  const char *data;
  gsize length;
  guint64 n = 0;

  if (file == NULL)
    return 0;
  data = g_mapped_file_get_contents (file);
  length = g_mapped_file_get_length (file);
  for (const char *p = data; p != NULL && p < data + length; p++)
    {
      p = memchr (p, '\n', (gsize)(data + length - p));
      if (p == NULL)
        break;
      n++;
    }

  return n;
}

static double
run_paydesk (PdStore    *store,
             gint64      account_id,
             gint64      from,
             gint64      to,
             const char *path)
{
  g_autoptr(PdExportOptions) options = pd_export_options_new ();
  g_autoptr(GError) error = NULL;
  double start;

  options->format = PD_EXPORT_FORMAT_CSV;
  options->account_id = account_id;
  options->from = from;
  options->to = to;

  start = now_secs ();
  if (!pd_export_to_path (store, options, path, NULL, &error))
    g_error ("export: %s", error->message);

  return now_secs () - start;
}

static double
run_cli (const char *sqlite3_path,
         const char *db_path,
         const char *sql,
         const char *path)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  double start = now_secs ();

  g_subprocess_launcher_set_stdout_file_path (launcher, path);
  process = g_subprocess_launcher_spawn (launcher, &error, sqlite3_path, "-csv", db_path, sql,
                                         NULL);
  if (process == NULL || !g_subprocess_wait_check (process, NULL, &error))
    g_error ("sqlite3 -csv: %s", error->message);

  return now_secs () - start;
}

static gboolean
read_double (JsonObject *object,
             const char *first,
             const char *second,
             const char *third,
             double     *out)
{
  JsonObject *a = json_object_get_object_member (object, first);
  JsonObject *b = a != NULL ? json_object_get_object_member (a, second) : NULL;

  if (b == NULL || !json_object_has_member (b, third))
    return FALSE;
  *out = json_object_get_double_member (b, third);

  return TRUE;
}

/* Runs lim-export once; returns its c_stdio and sqlite3_cli medians. */
static gboolean
run_limits (const char *lim_export,
            const char *lim_db,
            const char *dir,
            double     *c_stdio,
            double     *cli)
{
  const char *argv[] = { lim_export, "--db", lim_db, "--dir", dir, "--runs", "1", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                     NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("lim-export failed: %s\n", error->message);
      return FALSE;
    }

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;

      if (strstr (lines[i], "\"lim-export\"") == NULL ||
          !json_parser_load_from_data (parser, lines[i], -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      object = json_node_get_object (json_parser_get_root (parser));
      if (read_double (object, "c_stdio", "secs", "median", c_stdio) &&
          read_double (object, "sqlite3_cli", "secs", "median", cli))
        return TRUE;
    }

  g_printerr ("lim-export printed no figures\n");
  return FALSE;
}

static char *
build_limits_db (const char *limits_dir,
                 const char *work)
{
  g_autofree char *lim_store = g_build_filename (limits_dir, "lim-store", NULL);
  const char *argv[] = { lim_store, "--dir", work, "--small", "1000", "--big", "1000000", NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_printerr ("# building lim-store's 1 000 000-row database (a few minutes)…\n");
  if (!g_spawn_sync (NULL, (char **)argv, NULL,
                     G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL,
                     NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("lim-store failed: %s\n", error->message);
      return NULL;
    }

  return g_build_filename (work, "charges-1000000.db", NULL);
}

int
main (int    argc,
      char **argv)
{
  const char *rows_env = g_getenv ("PAYDESK_BENCH_ROWS");
  const char *runs_env = g_getenv ("PAYDESK_BENCH_RUNS");
  const char *limits_dir = g_getenv ("PAYDESK_LIMITS_DIR");
  guint n_rows = rows_env != NULL ? (guint)g_ascii_strtoull (rows_env, NULL, 10) : 1000000;
  guint n_runs = runs_env != NULL ? (guint)g_ascii_strtoull (runs_env, NULL, 10) : 3;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdStore) export_store = NULL;
  g_autoptr(PdAccount) account = pd_account_new ();
  g_autoptr(GArray) paydesk_secs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cli_secs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) c_stdio_secs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lim_cli_secs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *cli_path = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *sqlite3_path = g_find_program_in_path ("sqlite3");
  g_autofree char *lim_export = NULL;
  g_autofree char *lim_db = NULL;
  g_autofree char *lim_work = NULL;
  gint64 start = 1780261200;  /* 2026-06-01T00:00:00+03:00 */
  gint64 end;
  guint64 lines;
  double build;
  double paydesk;
  double cli;

  if (sqlite3_path == NULL)
    g_error ("the sqlite3 command-line tool is not installed");
  n_runs = MAX (n_runs, 1);

  dir = pd_test_make_tmp_dir ("paydesk-bench-export-XXXXXX");
  db_path = g_build_filename (dir, "paydesk.db", NULL);
  csv_path = g_build_filename (dir, "paydesk.csv", NULL);
  cli_path = g_build_filename (dir, "sqlite3.csv", NULL);

  store = pd_store_new_for_path (db_path, &error);
  g_assert_no_error (error);
  account->provider = g_strdup ("zengapay");
  account->label = g_strdup ("Bench Shop, Kampala");
  account->timezone = g_strdup ("Africa/Kampala");
  g_assert_true (pd_store_add_account (store, account, &error));
  g_assert_no_error (error);

  build = now_secs ();
  end = fill_store (store, account->id, n_rows, start) + 1;
  g_print ("# %u statement rows stored in %.1f s (%s)\n", n_rows, now_secs () - build, db_path);

  /* The same rows, in the same order, with the columns the CSV is made of. */
  sql = g_strdup_printf ("SELECT created_at, provider_id, transaction_provider_id, entry_type,"
                         " direction, amount_units, amount_scale, amount_currency, after_units,"
                         " after_scale, wallet, status, description, counterparty"
                         " FROM statement_entries WHERE account_id = %" G_GINT64_FORMAT
                         " AND created_at >= %" G_GINT64_FORMAT
                         " AND created_at < %" G_GINT64_FORMAT
                         " ORDER BY created_at, id",
                         account->id, start, end);

  if (limits_dir != NULL && limits_dir[0] != '\0')
    {
      lim_export = g_build_filename (limits_dir, "lim-export", NULL);
      lim_work = g_build_filename (dir, "limits", NULL);
      g_mkdir_with_parents (lim_work, 0700);
      if (!g_file_test (lim_export, G_FILE_TEST_IS_EXECUTABLE))
        g_error ("PAYDESK_LIMITS_DIR has no lim-export: %s", lim_export);
      lim_db = g_strdup (g_getenv ("PAYDESK_LIMITS_DB"));
      if (lim_db == NULL)
        lim_db = build_limits_db (limits_dir, lim_work);
    }

  /* The export reads on a connection of its own, as the application's
   * worker thread and the command line do. */
  export_store = pd_store_new_for_export (db_path, &error);
  g_assert_no_error (error);

  /* Untimed: warms the page cache for both ways alike. */
  run_paydesk (export_store, account->id, start, end, csv_path);
  run_cli (sqlite3_path, db_path, sql, cli_path);

  for (guint r = 0; r < n_runs; r++)
    {
      double seconds = run_paydesk (export_store, account->id, start, end, csv_path);
      double c_stdio;
      double lim_cli;

      g_array_append_val (paydesk_secs, seconds);
      seconds = run_cli (sqlite3_path, db_path, sql, cli_path);
      g_array_append_val (cli_secs, seconds);

      if (lim_db != NULL && run_limits (lim_export, lim_db, lim_work, &c_stdio, &lim_cli))
        {
          g_array_append_val (c_stdio_secs, c_stdio);
          g_array_append_val (lim_cli_secs, lim_cli);
        }
    }

  lines = count_lines (csv_path);
  if (lines != (guint64)n_rows + 1)
    g_error ("the export has %" G_GUINT64_FORMAT " lines, not %u", lines, n_rows + 1);

  paydesk = median (paydesk_secs);
  cli = median (cli_secs);
  g_print ("paydesk CSV export  %.2f s  %9.0f rows/s  %.0f MB  (median of %u)\n",
           paydesk, n_rows / paydesk, file_size (csv_path) / 1e6, n_runs);
  g_print ("sqlite3 -csv dump   %.2f s  %9.0f rows/s  %.0f MB\n",
           cli, n_rows / cli, file_size (cli_path) / 1e6);
  g_print ("paydesk / sqlite3   %.2f\n", paydesk / cli);

  if (c_stdio_secs->len > 0)
    {
      double c_stdio = median (c_stdio_secs);
      double lim_cli = median (lim_cli_secs);

      g_print ("lim-export c_stdio  %.2f s  (its sqlite3 CLI %.2f s, 1 000 000 charges)\n",
               c_stdio, lim_cli);
      g_print ("paydesk / c_stdio   %.2f  (target <= 1.10)\n", paydesk / c_stdio);
      g_print ("{\"bench\":\"bench-export\",\"rows\":%u,\"paydesk_secs\":%.3f,"
               "\"sqlite3_cli_secs\":%.3f,\"c_stdio_secs\":%.3f,\"over_cli\":%.3f,"
               "\"over_c_stdio\":%.3f}\n",
               n_rows, paydesk, cli, c_stdio, paydesk / cli, paydesk / c_stdio);
    }
  else
    {
      g_print ("{\"bench\":\"bench-export\",\"rows\":%u,\"paydesk_secs\":%.3f,"
               "\"sqlite3_cli_secs\":%.3f,\"over_cli\":%.3f}\n",
               n_rows, paydesk, cli, paydesk / cli);
    }

  g_clear_object (&export_store);
  g_clear_object (&store);
  if (g_strcmp0 (g_getenv ("PAYDESK_BENCH_KEEP"), "1") != 0)
    pd_test_remove_tree (dir);

  return 0;
}

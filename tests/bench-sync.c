/* bench-sync.c - end-to-end sync of FayaPay charges from the sandbox
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Starts the sandbox with --records N (N charges, N/4 customers), syncs the
 * FayaPay "charges" resource into a fresh store (the client fetches each
 * charge's source, and customers it has not seen, one by one, as it does
 * in the app; --customers-first syncs the customers list before, untimed,
 * as a whole-account sync does), then syncs it again unchanged. Prints records per second,
 * the longest stall of the main loop (a 1 ms high-priority timeout) and,
 * when PAYDESK_LIMITS_DIR names a build of the limit programs, the ratio
 * to the serial limit of this machine measured in the same run:
 * 1 / (1 / lim-json.parse_walk_raw.records_s + 1 / lim-store.normal.rows_s).
 */

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "pd-fayapay-client.h"
#include "pd-json.h"
#include "pd-store-private.h"
#include "pd-sync.h"
#include "pd-test-sandbox.h"

static int opt_records = 100000;
static gboolean opt_customers_first;

static const GOptionEntry entries[] = {
  { "records", 0, 0, G_OPTION_ARG_INT, &opt_records, "Charges in the sandbox (default 100000)", "N" },
  { "customers-first", 0, 0, G_OPTION_ARG_NONE, &opt_customers_first,
    "Sync the customers list first, as a whole-account sync does, so that the client does not "
    "fetch the charges' customers one by one (not timed)", NULL },
  { NULL }
};

typedef struct
{
  gint64  last_tick;
  gint64  max_gap_us;
  gint64  last_page_us;
  gint64  started_us;
} Meter;

static gboolean
on_tick (gpointer user_data)
{
  Meter *meter = user_data;
  gint64 now = g_get_monotonic_time ();

  if (meter->last_tick != 0)
    meter->max_gap_us = MAX (meter->max_gap_us, now - meter->last_tick);
  meter->last_tick = now;

  return G_SOURCE_CONTINUE;
}

static void
on_page (PdSync     *sync,
         GParamSpec *pspec,
         Meter      *meter)
{
  meter->last_page_us = g_get_monotonic_time ();
}

static void
on_ready (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

typedef struct
{
  double  walk_s;
  double  total_s;
  double  max_stall_ms;
  guint64 records;
  guint   pages;
  PdUpsertStats stats;
} Run;

static void
run_sync (PdSync *sync,
          Run    *run)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Meter meter = { 0, };
  gulong handler;
  guint tick;

  handler = g_signal_connect (sync, "notify::n-pages", G_CALLBACK (on_page), &meter);
  tick = g_timeout_add_full (G_PRIORITY_HIGH, 1, on_tick, &meter, NULL);

  meter.started_us = g_get_monotonic_time ();
  pd_sync_run_async (sync, "charges", NULL, on_ready, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  if (!pd_sync_run_finish (sync, result, &error))
    g_error ("The sync failed: %s", error->message);

  run->total_s = (g_get_monotonic_time () - meter.started_us) / 1e6;
  run->walk_s = (meter.last_page_us - meter.started_us) / 1e6;
  run->max_stall_ms = meter.max_gap_us / 1000.0;
  run->records = pd_sync_get_n_records (sync);
  run->pages = pd_sync_get_n_pages (sync);
  pd_sync_get_stats (sync, &run->stats);

  g_source_remove (tick);
  g_signal_handler_disconnect (sync, handler);
}

/* The limit programs: their JSON line (the last line of their output). */

static JsonNode *
run_limit (const char         *dir,
           const char * const *arguments)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  int status = 0;

  g_ptr_array_add (argv, g_build_filename (dir, arguments[0], NULL));
  for (guint i = 1; arguments[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (arguments[i]));
  g_ptr_array_add (argv, NULL);

  if (!g_file_test (argv->pdata[0], G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("# %s is not there; no ratio to it\n", (char *)argv->pdata[0]);
      return NULL;
    }

  g_printerr ("# running %s\n", (char *)argv->pdata[0]);
  if (!g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("# %s failed: %s\n", arguments[0], error->message);
      return NULL;
    }

  lines = g_strsplit (g_strstrip (out), "\n", -1);
  for (guint i = g_strv_length (lines); i > 0; i--)
    {
      JsonNode *node = pd_json_parse (lines[i - 1], -1, NULL);

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        return node;
      g_clear_pointer (&node, json_node_unref);
    }

  g_printerr ("# %s printed no JSON\n", arguments[0]);
  return NULL;
}

/* A member path such as "parse_walk_raw.records_s", as a number. */
static double
json_number (JsonNode   *root,
             const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = root;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return 0;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;

  /* pd_json_parse() keeps fractions as their text. */
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtod (json_node_get_string (node), NULL);

  return (double)json_node_get_int (node);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_remove (path);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- end-to-end FayaPay sync benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(PdTestSandbox) sandbox = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdFayapayClient) client = NULL;
  g_autoptr(PdSync) sync = NULL;
  g_autoptr(PdAccount) account = pd_account_new ();
  g_autoptr(JsonNode) lim_json = NULL;
  g_autoptr(JsonNode) lim_store = NULL;
  g_autofree char *records = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  const char *limits = g_getenv ("PAYDESK_LIMITS_DIR");
  gint64 charges;
  Run first = { 0, }, again = { 0, };
  double rate, walk_rate, resync_rate;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  records = g_strdup_printf ("%d", opt_records);
  g_printerr ("# starting the sandbox with %d charges\n", opt_records);
  sandbox = pd_test_sandbox_start ("--records", records, NULL);

  dir = g_dir_make_tmp ("paydesk-bench-sync-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "paydesk.db", NULL);
  store = pd_store_new_for_path (path, &error);
  g_assert_no_error (error);

  account->provider = g_strdup ("fayapay");
  account->label = g_strdup ("Benchmark");
  account->base_url = g_strdup (pd_test_sandbox_get_base_url (sandbox, "fayapay"));
  g_assert_true (pd_store_add_account (store, account, &error));

  client = pd_fayapay_client_new (pd_test_sandbox_get_base_url (sandbox, "fayapay"),
                                  pd_test_sandbox_get_credential (sandbox, "fayapay", "api_key"));
  sync = pd_sync_new (store, PD_PROVIDER (client), account->id);

  if (opt_customers_first)
    {
      g_autoptr(GAsyncResult) result = NULL;

      g_printerr ("# syncing the customers first (not timed)\n");
      pd_sync_run_async (sync, "customers", NULL, on_ready, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      if (!pd_sync_run_finish (sync, result, &error))
        g_error ("The sync of the customers failed: %s", error->message);
    }

  g_printerr ("# syncing the charges into a fresh store\n");
  run_sync (sync, &first);
  charges = 0;
  {
    sqlite3_stmt *stmt = NULL;

    sqlite3_prepare_v2 (pd_store_get_db (store), "SELECT count(*) FROM transactions WHERE kind = 'charge'",
                        -1, &stmt, NULL);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      charges = sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
  }
  if (charges != opt_records)
    g_error ("%" G_GINT64_FORMAT " charges stored, %d expected", charges, opt_records);

  g_printerr ("# syncing them again, unchanged\n");
  run_sync (sync, &again);
  if (again.stats.inserted != 0 || again.stats.updated != 0)
    g_error ("The second sync wrote %u new and %u changed records", again.stats.inserted, again.stats.updated);

  rate = charges / first.total_s;
  walk_rate = charges / first.walk_s;
  resync_rate = charges / again.total_s;

  printf ("charges: %" G_GINT64_FORMAT " in %u pages; records of every kind stored: %" G_GUINT64_FORMAT "\n",
          charges, first.pages, first.records);
  printf ("first sync: %.2f s end to end (%.0f charges/s), of which the walk %.2f s (%.0f charges/s)"
          " and the search index %.2f s\n",
          first.total_s, rate, first.walk_s, walk_rate, first.total_s - first.walk_s);
  printf ("longest main loop stall: %.1f ms during the first sync, %.1f ms during the second\n",
          first.max_stall_ms, again.max_stall_ms);
  printf ("unchanged re-sync: %.2f s (%.0f charges/s), %u inserted, %u updated\n",
          again.total_s, resync_rate, again.stats.inserted, again.stats.updated);

  if (limits != NULL && *limits != '\0')
    {
      g_autofree char *lim_dir = g_build_filename (dir, "limits", NULL);
      const char * const json_args[] = { "lim-json", "--pages", "1000", "--runs", "3", NULL };
      const char * const store_args[] = { "lim-store", "--dir", lim_dir, "--small", "100000", "--big", "1000", NULL };

      /* The store is closed first: the limit programs get the disk alone. */
      g_clear_object (&sync);
      g_clear_object (&store);

      lim_json = run_limit (limits, json_args);
      lim_store = run_limit (limits, store_args);
    }

  if (lim_json != NULL && lim_store != NULL)
    {
      double parse = json_number (lim_json, "parse_walk_raw.records_s");
      double normal = json_number (lim_store, "normal.rows_s");
      double full = json_number (lim_store, "full.rows_s");
      double serial = 1.0 / (1.0 / parse + 1.0 / normal);
      double serial_full = 1.0 / (1.0 / parse + 1.0 / full);

      printf ("limits (same run): lim-json.parse_walk_raw %.0f records/s, lim-store.normal %.0f rows/s,"
              " lim-store.full %.0f rows/s\n", parse, normal, full);
      printf ("serial limit 1/(1/parse_walk_raw + 1/normal) = %.0f records/s\n", serial);
      printf ("ratio to it: end to end %.2f, walk %.2f (target >= 0.5)\n", rate / serial, walk_rate / serial);
      printf ("ratio to the synchronous=FULL serial limit (%.0f records/s), as the store runs: end to end %.2f,"
              " walk %.2f\n", serial_full, rate / serial_full, walk_rate / serial_full);
      printf ("{\"bench\":\"bench-sync\",\"charges\":%" G_GINT64_FORMAT ",\"total_s\":%.3f,\"walk_s\":%.3f,"
              "\"records_s\":%.0f,\"walk_records_s\":%.0f,\"max_stall_ms\":%.1f,\"resync_records_s\":%.0f,"
              "\"serial_limit_records_s\":%.0f,\"ratio\":%.3f,\"walk_ratio\":%.3f}\n",
              charges, first.total_s, first.walk_s, rate, walk_rate, first.max_stall_ms, resync_rate,
              serial, rate / serial, walk_rate / serial);
    }
  else
    {
      printf ("{\"bench\":\"bench-sync\",\"charges\":%" G_GINT64_FORMAT ",\"total_s\":%.3f,\"walk_s\":%.3f,"
              "\"records_s\":%.0f,\"walk_records_s\":%.0f,\"max_stall_ms\":%.1f,\"resync_records_s\":%.0f}\n",
              charges, first.total_s, first.walk_s, rate, walk_rate, first.max_stall_ms, resync_rate);
    }

  g_clear_object (&sync);
  g_clear_object (&store);
  remove_tree (dir);

  return 0;
}

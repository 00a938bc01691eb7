/* bench-zengapay-statement.c - how fast a ZengaPay statement of 100 000 lines syncs into the store
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Starts paydesk-sandbox with enough ZengaPay records for a statement of
 * at least 100 000 lines, then syncs the whole statement into a fresh
 * store with pd_zengapay_client_sync_statement_async(): HTTP on loopback,
 * parsing, the running-balance check and the upserts, a page of 500 lines
 * per request and per database transaction. It prints the lines per
 * second, the main loop's longest stall during the sync, and a re-sync of
 * the unchanged statement.
 *
 * With PAYDESK_LIMITS_DIR set to a build of the limit programs
 * (../shared/limits), it then runs lim-json and lim-store on this machine
 * and prints the rate as a ratio to the serial limit
 * 1 / (1 / lim-json.parse_walk_raw.records_s + 1 / lim-store.normal.rows_s)
 * and to the store's own limit, as REPORT.md there asks: bare rates move
 * by a quarter from run to run on a shared machine, ratios much less.
 */

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "pd-store.h"
#include "pd-test-sandbox.h"
#include "pd-zengapay-client.h"

/* About 1.85 statement lines per record (a transaction and its fee). */
#define RECORDS "56000"
#define MIN_LINES 100000

typedef struct
{
  gint64 last;
  gint64 longest;
} StallProbe;

static gboolean
on_tick (gpointer user_data)
{
  StallProbe *probe = user_data;
  gint64 now = g_get_monotonic_time ();

  if (probe->last != 0)
    probe->longest = MAX (probe->longest, now - probe->last);
  probe->last = now;

  return G_SOURCE_CONTINUE;
}

static void
on_ready (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

typedef struct
{
  double seconds;
  double stall_ms;
  PdZengapayStatementSync *result;
} Run;

static Run
sync_once (PdZengapayClient *client,
           PdStore          *store,
           gint64            account_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  StallProbe probe = { 0, 0 };
  guint tick;
  gint64 began;
  Run run;

  tick = g_timeout_add_full (G_PRIORITY_HIGH, 1, on_tick, &probe, NULL);
  began = g_get_monotonic_time ();

  pd_zengapay_client_sync_statement_async (client, store, account_id, NULL, NULL, on_ready, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  run.seconds = (g_get_monotonic_time () - began) / (double)G_USEC_PER_SEC;
  g_source_remove (tick);
  run.stall_ms = probe.longest / 1000.0;
  run.result = pd_zengapay_client_sync_statement_finish (client, result, &error);
  g_assert_no_error (error);

  return run;
}

/* Runs a limit program and returns the member @path of its JSON line. */
static gboolean
limit_figure (const char * const *argv,
              const char         *bench,
              const char         *variant,
              const char         *member,
              double             *out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) lines = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &output, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("%s failed: %s\n", argv[0], error->message);
      return FALSE;
    }

  lines = g_strsplit (output, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object, *inner;

      if (!json_parser_load_from_data (parser, lines[i], -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;

      object = json_node_get_object (json_parser_get_root (parser));
      if (g_strcmp0 (json_object_get_string_member_with_default (object, "bench", ""), bench) != 0 ||
          !json_object_has_member (object, variant))
        continue;

      inner = json_object_get_object_member (object, variant);
      if (inner == NULL || !json_object_has_member (inner, member))
        continue;

      *out = json_object_get_double_member (inner, member);
      return TRUE;
    }

  g_printerr ("%s printed no %s.%s.%s\n", argv[0], bench, variant, member);
  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  const char *limits_dir = g_getenv ("PAYDESK_LIMITS_DIR");
  g_autoptr(PdTestSandbox) sandbox = NULL;
  g_autoptr(PdZengapayClient) client = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdAccount) account = pd_account_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *size_text = NULL;
  Run first, again;
  double rate, resync_rate;
  double parse_limit = 0, store_limit = 0;
  gboolean have_limits = FALSE;
  GStatBuf info;

  g_printerr ("# starting paydesk-sandbox --records %s ...\n", RECORDS);
  sandbox = pd_test_sandbox_start ("--records", RECORDS, NULL);

  dir = g_dir_make_tmp ("paydesk-bench-zengapay-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "paydesk.db", NULL);
  store = pd_store_new_for_path (path, &error);
  g_assert_no_error (error);

  account->provider = g_strdup ("zengapay");
  account->label = g_strdup ("Benchmark");
  account->base_url = g_strdup (pd_test_sandbox_get_base_url (sandbox, "zengapay"));
  g_assert_true (pd_store_add_account (store, account, &error));
  g_assert_no_error (error);

  client = pd_zengapay_client_new (pd_test_sandbox_get_base_url (sandbox, "zengapay"),
                                   pd_test_sandbox_get_credential (sandbox, "zengapay", "token"));
  pd_zengapay_client_set_timezone (client, account->timezone);

  first = sync_once (client, store, account->id);
  g_assert_cmpuint (first.result->entries, >=, MIN_LINES);
  g_assert_cmpuint (first.result->stats.inserted, ==, first.result->entries);
  g_assert_cmpuint (first.result->breaks->len, ==, 0);
  rate = first.result->entries / first.seconds;

  again = sync_once (client, store, account->id);
  g_assert_cmpuint (again.result->stats.inserted, ==, 0);
  resync_rate = again.result->entries / again.seconds;

  if (g_stat (path, &info) == 0)
    size_text = g_format_size (info.st_size);

  printf ("ZengaPay statement sync (sandbox --records %s, %u pages of %d lines)\n",
          RECORDS, first.result->pages, PD_ZENGAPAY_STATEMENT_PAGE_SIZE);
  printf ("  first sync      %7u lines in %6.2f s  = %8.0f lines/s   longest main-loop stall %6.1f ms\n",
          first.result->entries, first.seconds, rate, first.stall_ms);
  printf ("  unchanged again %7u lines in %6.2f s  = %8.0f lines/s   longest main-loop stall %6.1f ms\n",
          again.result->entries, again.seconds, resync_rate, again.stall_ms);
  printf ("  balance chain   %u breaks; database %s\n", first.result->breaks->len,
          size_text != NULL ? size_text : "?");

  if (limits_dir != NULL && *limits_dir != '\0')
    {
      g_autofree char *lim_json = g_build_filename (limits_dir, "lim-json", NULL);
      g_autofree char *lim_store = g_build_filename (limits_dir, "lim-store", NULL);
      g_autofree char *work = g_build_filename (dir, "limits", NULL);
      const char *json_argv[] = { lim_json, "--pages", "1000", "--runs", "3", NULL };
      const char *store_argv[] = { lim_store, "--dir", work, "--small", "100000", "--big", "1000", NULL };

      g_printerr ("# running lim-json and lim-store from %s (about a minute) ...\n", limits_dir);
      have_limits = limit_figure (json_argv, "lim-json", "parse_walk_raw", "records_s", &parse_limit) &&
                    limit_figure (store_argv, "lim-store", "normal", "rows_s", &store_limit);

      if (have_limits)
        {
          double serial = 1.0 / (1.0 / parse_limit + 1.0 / store_limit);

          printf ("  limits, same run: lim-json parse_walk_raw %.0f records/s, lim-store normal %.0f rows/s\n",
                  parse_limit, store_limit);
          printf ("  ratio to the serial limit (%.0f/s): %.2f   to the store limit: %.2f   (target >= 0.5)\n",
                  serial, rate / serial, rate / store_limit);
        }
      else
        {
          g_printerr ("PAYDESK_LIMITS_DIR has no working lim-json and lim-store: %s\n", limits_dir);
        }

      {
        g_autoptr(GDir) handle = g_dir_open (work, 0, NULL);
        const char *name;

        while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
          {
            g_autofree char *file = g_build_filename (work, name, NULL);

            g_remove (file);
          }
        g_rmdir (work);
      }
    }

  printf ("{\"bench\":\"bench-zengapay-statement\",\"lines\":%u,\"pages\":%u,\"seconds\":%.3f,"
          "\"lines_s\":%.0f,\"stall_max_ms\":%.1f,\"resync_lines_s\":%.0f",
          first.result->entries, first.result->pages, first.seconds, rate, first.stall_ms, resync_rate);
  if (have_limits)
    printf (",\"lim_json_parse_walk_raw_records_s\":%.0f,\"lim_store_normal_rows_s\":%.0f,"
            "\"ratio_serial\":%.3f,\"ratio_store\":%.3f",
            parse_limit, store_limit, rate / (1.0 / (1.0 / parse_limit + 1.0 / store_limit)),
            rate / store_limit);
  printf ("}\n");

  pd_zengapay_statement_sync_free (first.result);
  pd_zengapay_statement_sync_free (again.result);
  g_clear_object (&client);
  g_clear_object (&store);

  {
    const char * const suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

        g_remove (file);
      }
    g_rmdir (dir);
  }

  return 0;
}

/* bench-window.c - the main window on a million cached transactions
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `meson test --benchmark bench-window` (under Xvfb, as build-aux/test.sh
 * runs the tests). Measured the way the limits of this machine were
 * (../shared/limits, lim-list): a 1280x800 window, GSK_RENDERER=cairo,
 * GTK_A11Y=none, no D-Bus session; each run in a child process started
 * with the time just before the spawn.
 *
 * - first frame: from exec to the first after-paint of the window's frame
 *   clock with transaction rows bound, after an X round trip; RSS then;
 * - scrolling: 120 wheel steps of 100 px, then 60 jumps across the whole
 *   list, one step per frame; the longest main-loop stall in each (the
 *   longest gap between dispatches of a 1 ms high-priority timeout);
 * - search: a word typed into the search entry, to the first frame that
 *   shows the new rows (the entry waits 150 ms after the last keystroke
 *   before it searches; reported with and without that wait), and until
 *   the count of matches is known;
 * - a sync: a worker stores pages of 500 new transactions on its own
 *   connection while the list reloads once a second, as the window does
 *   when a sync stores pages; the longest stall then.
 *
 * The store is filled once through the store's page upserts and kept in
 * $PAYDESK_BENCH_CACHE. With PAYDESK_LIMITS_DIR pointing at a build of the
 * limits (the directory holding lim-list), a lim-list child (its
 * lazy_adwaita variant, on as many rows) runs after each of ours, and the
 * figures are also printed as ratios of the medians. One JSON line goes to
 * stdout; words to stderr.
 */

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pd-application.h"
#include "pd-test-window-data.h"
#include "pd-transaction-item.h"
#include "pd-window-private.h"

#define WHEEL_FRAMES 120
#define WHEEL_STEP_PX 100.0
#define JUMP_FRAMES 60
#define SYNC_PAGES 20
#define GIVE_UP_SECS 300

/* The data ends at a fixed time, so every run reads the same rows. */
#define DATA_NOW G_GINT64_CONSTANT (1782820800)

static const char * const searches[] = { "Kamau", "772918", "ORD-123456", "Nakato", "1250" };

static char *opt_child = NULL;
static int opt_rows = 1000000;
static int opt_runs = 3;

static const GOptionEntry entries[] = {
  { "child", 0, 0, G_OPTION_ARG_FILENAME, &opt_child, "Measure one run on this database", "DB" },
  { "rows", 0, 0, G_OPTION_ARG_INT, &opt_rows, "Transactions in the store (default 1000000)", "N" },
  { "runs", 0, 0, G_OPTION_ARG_INT, &opt_runs, "Measured runs (default 3)", "N" },
  { NULL }
};

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64)ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static double
ms_between (gint64 start_ns,
            gint64 end_ns)
{
  return (end_ns - start_ns) / 1e6;
}

static gint64
status_kb (const char *field)
{
  g_autofree char *contents = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &contents, NULL, NULL))
    return -1;
  line = strstr (contents, field);

  return line != NULL ? g_ascii_strtoll (line + strlen (field), NULL, 10) : -1;
}

/* The child: one run */

typedef enum
{
  PHASE_FIRST_FRAME,
  PHASE_WHEEL,
  PHASE_JUMPS,
  PHASE_SEARCH,
  PHASE_SYNC,
  PHASE_DONE,
  N_PHASES
} Phase;

typedef struct
{
  gint64              t0_ns;
  PdWindow           *window;
  PdTransactionView  *view;
  PdTransactionModel *model;
  GtkAdjustment      *vadjustment;
  JsonBuilder        *report;

  Phase               phase;
  guint               phase_frame;
  gint64              last_beat_ns;
  double              stall_max_ms[N_PHASES];
  guint               heartbeat_id;

  /* Search */
  guint               search_index;
  gint64              typed_ns;
  gint64              changed_ns;
  /* 0 typed, 1 new rows shown, 2 counted too */
  guint               search_step;
  GArray             *search_first_ms;
  GArray             *search_count_ms;

  /* Sync */
  GThread            *writer;
  gint                writer_done;
  guint               reload_id;
  char               *db_path;
  gint64              count_known_ns;
  gint64              sync_account_id;
} Run;

static void
report_double (Run        *run,
               const char *key,
               double      value)
{
  json_builder_set_member_name (run->report, key);
  json_builder_add_double_value (run->report, value);
}

static void
report_int (Run        *run,
            const char *key,
            gint64      value)
{
  json_builder_set_member_name (run->report, key);
  json_builder_add_int_value (run->report, value);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static double
median_of (GArray *values)
{
  g_autoptr(GArray) sorted = NULL;

  if (values->len == 0)
    return NAN;
  sorted = g_array_copy (values);
  g_array_sort (sorted, compare_double);
  return g_array_index (sorted, double, sorted->len / 2);
}

static gboolean
heartbeat (gpointer user_data)
{
  Run *run = user_data;
  gint64 now = now_ns ();

  if (run->last_beat_ns != 0)
    run->stall_max_ms[run->phase] = MAX (run->stall_max_ms[run->phase], ms_between (run->last_beat_ns, now));
  run->last_beat_ns = now;

  return G_SOURCE_CONTINUE;
}

/* Whether the list shows transaction rows: a date cell with its text. */
static gboolean
rows_bound (GtkWidget *widget)
{
  if (GTK_IS_INSCRIPTION (widget) && gtk_widget_get_mapped (widget))
    {
      const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (widget));

      if (text != NULL && g_str_has_prefix (text, "20") && strlen (text) >= 16)
        return TRUE;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (rows_bound (child))
      return TRUE;

  return FALSE;
}

static void start_search (Run *run);
static void start_sync (Run *run);

static void
finish (Run *run)
{
  report_double (run, "stall_max_wheel_ms", run->stall_max_ms[PHASE_WHEEL]);
  report_double (run, "stall_max_jumps_ms", run->stall_max_ms[PHASE_JUMPS]);
  report_double (run, "stall_max_search_ms", run->stall_max_ms[PHASE_SEARCH]);
  report_double (run, "stall_max_sync_ms", run->stall_max_ms[PHASE_SYNC]);
  report_double (run, "search_first_rows_ms", median_of (run->search_first_ms));
  report_double (run, "search_first_rows_after_wait_ms", median_of (run->search_first_ms) - 150.0);
  report_double (run, "search_count_ms", median_of (run->search_count_ms));
  report_int (run, "rss_end_kb", status_kb ("VmRSS:"));
  report_int (run, "rows_fetched", (gint64)pd_transaction_model_get_n_fetched (run->model));
  report_int (run, "anchors", pd_transaction_model_get_n_anchors (run->model));
  g_clear_handle_id (&run->heartbeat_id, g_source_remove);
  run->phase = PHASE_DONE;
}

static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *frame_clock,
             gpointer       user_data)
{
  Run *run = user_data;
  GtkAdjustment *adj = run->vadjustment;
  double bottom = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  switch (run->phase)
    {
    case PHASE_WHEEL:
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + WHEEL_STEP_PX);
      if (++run->phase_frame == WHEEL_FRAMES)
        {
          run->phase = PHASE_JUMPS;
          run->phase_frame = 0;
        }
      return G_SOURCE_CONTINUE;

    case PHASE_JUMPS:
      run->phase_frame++;
      gtk_adjustment_set_value (adj, bottom * run->phase_frame / JUMP_FRAMES);
      if (run->phase_frame == JUMP_FRAMES)
        {
          gtk_adjustment_set_value (adj, 0);
          start_search (run);
          return G_SOURCE_REMOVE;
        }
      return G_SOURCE_CONTINUE;

    case PHASE_FIRST_FRAME:
    case PHASE_SEARCH:
    case PHASE_SYNC:
    case PHASE_DONE:
    case N_PHASES:
    default:
      return G_SOURCE_REMOVE;
    }
}

/* Search */

static void
window_loaded_cb (PdTransactionModel *model,
                  guint               window,
                  Run                *run)
{
  const PdQuery *query = pd_transaction_model_get_query (model);

  /* The first rows of the typed query are in the list. */
  if (run->phase == PHASE_SEARCH && run->changed_ns == 0 && window == 0 &&
      g_strcmp0 (query->text, searches[run->search_index]) == 0)
    run->changed_ns = now_ns ();
}

static gboolean
next_search (gpointer user_data)
{
  Run *run = user_data;

  run->search_index++;
  if (run->search_index == G_N_ELEMENTS (searches))
    {
      gtk_editable_set_text (GTK_EDITABLE (run->window->search_entry), "");
      start_sync (run);
      return G_SOURCE_REMOVE;
    }

  start_search (run);
  return G_SOURCE_REMOVE;
}

static void
loading_cb (PdTransactionModel *model,
            GParamSpec         *pspec,
            Run                *run)
{
  const PdQuery *query = pd_transaction_model_get_query (model);

  if (run->phase != PHASE_SEARCH || run->search_step != 1 || pd_transaction_model_get_loading (model) ||
      g_strcmp0 (query->text, searches[run->search_index]) != 0)
    return;

  {
    double ms = ms_between (run->typed_ns, now_ns ());

    g_array_append_val (run->search_count_ms, ms);
  }
  run->search_step = 2;
  g_timeout_add (300, next_search, run);
}

static void
start_search (Run *run)
{
  run->phase = PHASE_SEARCH;
  run->changed_ns = 0;
  run->search_step = 0;
  gtk_widget_activate_action (GTK_WIDGET (run->window), "win.search", NULL);
  run->typed_ns = now_ns ();
  gtk_editable_set_text (GTK_EDITABLE (run->window->search_entry), searches[run->search_index]);
}

/* Sync */

static gpointer
writer_main (gpointer user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_new_for_path (run->db_path, &error);
  g_autoptr(PdAccount) account = pd_account_new ();

  /* An account of its own, removed with its rows after the run, so that
   * the cached store stays as it was filled. */
  account->provider = g_strdup ("fayapay");
  account->label = g_strdup ("Benchmark Sync");
  account->mode = PD_ACCOUNT_MODE_TEST;
  if (store == NULL || !pd_store_add_account (store, account, &error))
    g_error ("The sync writer cannot open the store: %s", error->message);
  run->sync_account_id = account->id;

  for (guint page = 0; page < SYNC_PAGES; page++)
    {
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_transaction_free);

      for (guint i = 0; i < 500; i++)
        {
          PdTransaction *t = pd_transaction_new ();
          guint serial = page * 500 + i;

          t->kind = PD_TRANSACTION_KIND_CHARGE;
          t->state = PD_TRANSACTION_STATE_SUCCEEDED;
          t->provider_id = g_strdup_printf ("ch_bench%ld_%u", (long)getpid (), serial);
          t->reference = g_strdup_printf ("SYNC-%06u", serial);
          t->customer_name = g_strdup ("Kwame Mensah");
          t->phone = g_strdup ("+233 24 555 0101");
          pd_money_init (&t->amount, 1000 + serial, 2, "GHS");
          t->created_at = g_get_real_time () / G_USEC_PER_SEC;
          t->raw_json = g_strdup_printf ("{\"id\":\"%s\",\"amount\":%u}", t->provider_id, 1000 + serial);
          g_ptr_array_add (records, t);
        }
      if (!pd_store_upsert_transactions (store, account->id, records, NULL, &error))
        g_error ("The sync writer cannot store a page: %s", error->message);
    }

  /* As a sync ends: the search index brought up to date. */
  if (!pd_store_update_search_index (store, &error))
    g_error ("The sync writer cannot index: %s", error->message);

  g_atomic_int_set (&run->writer_done, 1);
  return NULL;
}

static gboolean
reload_tick (gpointer user_data)
{
  Run *run = user_data;

  pd_view_reload (PD_VIEW (run->view));

  if (g_atomic_int_get (&run->writer_done))
    {
      g_thread_join (g_steal_pointer (&run->writer));
      /* One more frame for the last reload, then done. */
      run->reload_id = 0;
      finish (run);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
start_sync (Run *run)
{
  run->phase = PHASE_SYNC;
  run->writer = g_thread_new ("bench-sync-writer", writer_main, run);
  run->reload_id = g_timeout_add (1000, reload_tick, run);
}

/* Frames */

static void
after_paint (GdkFrameClock *frame_clock,
             Run           *run)
{
  if (run->phase == PHASE_SEARCH && run->changed_ns != 0 && run->search_step == 0)
    {
      double ms = ms_between (run->typed_ns, now_ns ());

      g_array_append_val (run->search_first_ms, ms);
      run->search_step = 1;
      loading_cb (run->model, NULL, run);
      return;
    }

  if (run->phase != PHASE_FIRST_FRAME || !rows_bound (GTK_WIDGET (pd_transaction_view_get_column_view (run->view))))
    return;

  gdk_display_sync (gtk_widget_get_display (GTK_WIDGET (run->window)));
  report_double (run, "first_frame_ms", ms_between (run->t0_ns, now_ns ()));
  report_int (run, "rss_first_frame_kb", status_kb ("VmRSS:"));
  report_int (run, "rows", g_list_model_get_n_items (G_LIST_MODEL (run->model)));
  report_int (run, "rows_fetched_first_frame", (gint64)pd_transaction_model_get_n_fetched (run->model));

  run->phase = PHASE_WHEEL;
  run->phase_frame = 0;
  run->heartbeat_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, heartbeat, run, NULL);
  gtk_widget_add_tick_callback (GTK_WIDGET (pd_transaction_view_get_column_view (run->view)), scroll_tick, run, NULL);
}

static void
window_mapped (GtkWidget *window,
               Run       *run)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (frame_clock, "after-paint", G_CALLBACK (after_paint), run);
}

static gboolean
give_up (gpointer user_data)
{
  g_error ("The benchmark did not finish in %d s", GIVE_UP_SECS);
  return G_SOURCE_REMOVE;
}

static void
n_items_cb (PdTransactionModel *model,
            GParamSpec         *pspec,
            Run                *run)
{
  /* The count of a million rows comes after the first frame. */
  if (run->count_known_ns == 0 && pd_transaction_model_get_counted (model))
    {
      run->count_known_ns = now_ns ();
      report_double (run, "count_known_ms", ms_between (run->t0_ns, run->count_known_ns));
    }
}

static int
run_child (const char *db_path)
{
  Run run = { 0 };
  const char *t0 = g_getenv ("PAYDESK_BENCH_T0_NS");
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;
  gint64 start;

  run.t0_ns = t0 != NULL ? g_ascii_strtoll (t0, NULL, 10) : now_ns ();
  run.db_path = g_strdup (db_path);
  run.search_first_ms = g_array_new (FALSE, FALSE, sizeof (double));
  run.search_count_ms = g_array_new (FALSE, FALSE, sizeof (double));
  run.report = json_builder_new ();
  json_builder_begin_object (run.report);

  adw_init ();
  pd_test_load_style ();
  report_double (&run, "init_done_ms", ms_between (run.t0_ns, now_ns ()));

  settings = pd_settings_new ();
  g_settings_set_string (settings, "last-view", "charges");

  start = now_ns ();
  store = pd_store_new_for_path (db_path, &error);
  if (store == NULL)
    g_error ("Cannot open %s: %s", db_path, error->message);
  report_double (&run, "store_open_ms", ms_between (start, now_ns ()));

  run.window = pd_window_new (NULL, store, NULL);
  run.view = PD_TRANSACTION_VIEW (pd_window_get_view (run.window, "charges"));
  run.model = pd_transaction_view_get_model (run.view);
  run.vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (pd_transaction_view_get_column_view (run.view)));
  g_signal_connect (run.model, "window-loaded", G_CALLBACK (window_loaded_cb), &run);
  g_signal_connect (run.model, "notify::loading", G_CALLBACK (loading_cb), &run);
  g_signal_connect (run.model, "notify::n-items", G_CALLBACK (n_items_cb), &run);

  gtk_window_set_default_size (GTK_WINDOW (run.window), 1280, 800);
  g_signal_connect (run.window, "map", G_CALLBACK (window_mapped), &run);
  g_timeout_add_seconds (GIVE_UP_SECS, give_up, NULL);
  gtk_window_present (GTK_WINDOW (run.window));

  while (run.phase != PHASE_DONE)
    g_main_context_iteration (NULL, TRUE);

  if (run.sync_account_id != 0 &&
      (!pd_store_remove_account (store, run.sync_account_id, &error) ||
       !pd_store_update_search_index (store, &error)))
    g_error ("Cannot remove the benchmark's account: %s", error->message);

  json_builder_end_object (run.report);
  root = json_builder_get_root (run.report);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);
  g_print ("%s\n", line);

  /* The window and its rows are left for exit() to reclaim. */
  return EXIT_SUCCESS;
}

/* The parent */

static char *
ensure_store (const char *cache_dir)
{
  g_autofree char *name = g_strdup_printf ("window-%d.db", opt_rows);
  g_autofree char *done_name = g_strdup_printf ("window-%d.done", opt_rows);
  char *path = g_build_filename (cache_dir, name, NULL);
  g_autofree char *done = g_build_filename (cache_dir, done_name, NULL);
  g_autoptr(PdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  if (g_file_test (done, G_FILE_TEST_EXISTS))
    return path;

  g_mkdir_with_parents (cache_dir, 0700);
  for (const char *suffix = ""; suffix != NULL; suffix = g_str_equal (suffix, "") ? "-wal" : g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (path, suffix, NULL);

      g_unlink (file);
    }

  g_printerr ("Filling %s with %d transactions, in pages of 500 (once; several minutes)...\n", path, opt_rows);
  start = now_ns ();
  store = pd_store_new_for_path (path, &error);
  if (store == NULL || !pd_test_window_data_fill (store, (guint)opt_rows, DATA_NOW, TRUE, &error))
    g_error ("Cannot fill the store: %s", error->message);
  g_printerr ("Filled in %.0f s\n", ms_between (start, now_ns ()) / 1000);

  g_file_set_contents (done, "", 0, NULL);
  return path;
}

static JsonObject *
spawn_json (const char * const *argv,
            const char         *t0_name,
            JsonParser         *parser)
{
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *t0 = g_strdup_printf ("%" G_GINT64_FORMAT, now_ns ());
  g_auto(GStrv) lines = NULL;
  int status;

  envp = g_environ_setenv (envp, "GSK_RENDERER", "cairo", FALSE);
  envp = g_environ_setenv (envp, "GDK_BACKEND", "x11", FALSE);
  envp = g_environ_setenv (envp, "GTK_A11Y", "none", FALSE);
  /* No session bus, as the limits were measured; and none started on
   * the X display either. */
  envp = g_environ_setenv (envp, "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/paydesk-bench-bus", TRUE);
  if (t0_name != NULL)
    envp = g_environ_setenv (envp, t0_name, t0, TRUE);

  if (!g_spawn_sync (NULL, (char **)argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s", argv[0], error->message);

  /* The JSON is the last line. */
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  if (lines[0] == NULL || !json_parser_load_from_data (parser, lines[g_strv_length (lines) - 1], -1, &error))
    g_error ("%s printed no JSON: %s", argv[0], error != NULL ? error->message : "nothing");

  return json_node_get_object (json_parser_get_root (parser));
}

static double
member_double (JsonObject *object,
               const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = NULL;

  for (guint i = 0; parts[i] != NULL && object != NULL; i++)
    {
      node = json_object_get_member (object, parts[i]);
      if (node == NULL)
        return NAN;
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_double (node) : NAN;
}

static const struct
{
  const char *key;
  const char *limit;
} ratios[] = {
  { "first_frame_ms", "first_frame_ms" },
  { "rss_first_frame_kb", "rss_first_frame_kb" },
  { "stall_max_wheel_ms", "stall_max_wheel_ms" },
  { "stall_max_jumps_ms", "stall_max_jumps_ms" },
};

static int
run_parent (const char *self_exe)
{
  const char *cache_dir = g_getenv ("PAYDESK_BENCH_CACHE");
  const char *limits_dir = g_getenv ("PAYDESK_LIMITS_DIR");
  g_autofree char *db = NULL;
  g_autofree char *rows = g_strdup_printf ("%d", opt_rows);
  g_autofree char *lim_list = NULL;
  const char *keys[] = {
    "first_frame_ms", "rss_first_frame_kb", "count_known_ms", "stall_max_wheel_ms", "stall_max_jumps_ms",
    "search_first_rows_ms", "search_first_rows_after_wait_ms", "search_count_ms", "stall_max_search_ms",
    "stall_max_sync_ms", "rss_end_kb", "rows_fetched",
  };
  GArray *series[G_N_ELEMENTS (keys)];
  GArray *limit_series[G_N_ELEMENTS (ratios)];
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;

  db = ensure_store (cache_dir != NULL ? cache_dir : "bench-cache");

  if (limits_dir != NULL && limits_dir[0] != '\0')
    {
      lim_list = g_build_filename (limits_dir, "lim-list", NULL);
      if (!g_file_test (lim_list, G_FILE_TEST_IS_EXECUTABLE))
        g_error ("PAYDESK_LIMITS_DIR has no lim-list: %s", lim_list);
    }

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    series[k] = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < G_N_ELEMENTS (ratios); i++)
    limit_series[i] = g_array_new (FALSE, FALSE, sizeof (double));

  /* Untimed: fills the page cache and the font caches, for both. */
  g_printerr ("Warming up...\n");
  {
    const char *argv[] = { self_exe, "--child", db, NULL };
    g_autoptr(JsonParser) parser = json_parser_new ();

    spawn_json (argv, "PAYDESK_BENCH_T0_NS", parser);
  }
  if (lim_list != NULL)
    {
      const char *argv[] = { lim_list, "--child", "lazy_adwaita", "--rows", rows, NULL };
      g_autoptr(JsonParser) parser = json_parser_new ();

      spawn_json (argv, "LIM_T0_NS", parser);
    }

  /* With the limit, runs take turns with lim-list's, so that a slow
   * moment of this shared machine falls on both alike. */
  for (int r = 0; r < opt_runs; r++)
    {
      const char *argv[] = { self_exe, "--child", db, NULL };
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object = spawn_json (argv, "PAYDESK_BENCH_T0_NS", parser);

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          double value = member_double (object, keys[k]);

          g_array_append_val (series[k], value);
        }
      g_printerr ("Run %d: first frame %.0f ms, RSS %.0f MiB, search %.0f ms, stalls %.0f/%.0f/%.0f/%.0f ms"
                  " (wheel/jumps/search/sync)\n",
                  r + 1, member_double (object, "first_frame_ms"),
                  member_double (object, "rss_first_frame_kb") / 1024,
                  member_double (object, "search_first_rows_ms"),
                  member_double (object, "stall_max_wheel_ms"), member_double (object, "stall_max_jumps_ms"),
                  member_double (object, "stall_max_search_ms"), member_double (object, "stall_max_sync_ms"));

      if (lim_list != NULL)
        {
          const char *lim_argv[] = { lim_list, "--child", "lazy_adwaita", "--rows", rows, NULL };
          g_autoptr(JsonParser) lim_parser = json_parser_new ();
          JsonObject *limit = spawn_json (lim_argv, "LIM_T0_NS", lim_parser);

          for (guint i = 0; i < G_N_ELEMENTS (ratios); i++)
            {
              double value = member_double (limit, ratios[i].limit);

              g_array_append_val (limit_series[i], value);
            }
          g_printerr ("       lim-list lazy_adwaita: first frame %.0f ms, RSS %.0f MiB, stalls %.0f/%.0f ms\n",
                      member_double (limit, "first_frame_ms"), member_double (limit, "rss_first_frame_kb") / 1024,
                      member_double (limit, "stall_max_wheel_ms"), member_double (limit, "stall_max_jumps_ms"));
        }
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "bench");
  json_builder_add_string_value (builder, "bench-window");
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, opt_rows);
  json_builder_set_member_name (builder, "runs");
  json_builder_add_int_value (builder, opt_runs);
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      json_builder_set_member_name (builder, keys[k]);
      json_builder_add_double_value (builder, median_of (series[k]));
    }

  if (lim_list != NULL)
    {
      json_builder_set_member_name (builder, "limit");
      json_builder_begin_object (builder);
      for (guint i = 0; i < G_N_ELEMENTS (ratios); i++)
        {
          json_builder_set_member_name (builder, ratios[i].key);
          json_builder_add_double_value (builder, median_of (limit_series[i]));
        }
      json_builder_end_object (builder);

      json_builder_set_member_name (builder, "ratio_to_limit");
      json_builder_begin_object (builder);
      for (guint i = 0; i < G_N_ELEMENTS (ratios); i++)
        {
          double limit = median_of (limit_series[i]);
          double ours = NAN;

          for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
            if (g_str_equal (keys[k], ratios[i].key))
              ours = median_of (series[k]);

          json_builder_set_member_name (builder, ratios[i].key);
          json_builder_add_double_value (builder, ours / limit);
          g_printerr ("%-22s %10.1f  limit %10.1f  ratio %.2f\n", ratios[i].key, ours, limit, ours / limit);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);
  g_print ("%s\n", line);

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    g_array_unref (series[k]);
  for (guint i = 0; i < G_N_ELEMENTS (ratios); i++)
    g_array_unref (limit_series[i]);

  return EXIT_SUCCESS;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- the main window on a million transactions");
  g_autoptr(GError) error = NULL;
  g_autofree char *self_exe = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  opt_rows = MAX (opt_rows, 1000);
  opt_runs = MAX (opt_runs, 1);

  if (opt_child != NULL)
    return run_child (opt_child);

  self_exe = g_file_read_link ("/proc/self/exe", &error);
  if (self_exe == NULL)
    g_error ("Cannot find this program: %s", error->message);

  return run_parent (self_exe);
}

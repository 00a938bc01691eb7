/* test-sync.c - the sync engine, against a test provider and the sandbox
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "pd-fayapay-client.h"
#include "pd-json.h"
#include "pd-provider-registry.h"
#include "pd-store-private.h"
#include "pd-sync-private.h"
#include "pd-sync.h"
#include "pd-test-sandbox.h"

#define PAGE_SIZE PD_FAYAPAY_PAGE_SIZE

static const char *test_binary;

/* ------------------------------------------------------------- waiting */

static void
on_ready (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

static gboolean
run_sync (PdSync        *sync,
          const char    *resource,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_sync_run_async (sync, resource, cancellable, on_ready, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (pd_sync_get_running (sync));

  return pd_sync_run_finish (sync, result, error);
}

/* ------------------------------------------------------------- the store */

static char *
make_store_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("paydesk-test-sync-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_store_dir (const char *dir)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (dir, "/paydesk.db", suffixes[i], NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}

static gint64
add_account (PdStore    *store,
             const char *provider,
             const char *base_url)
{
  g_autoptr(PdAccount) account = pd_account_new ();
  g_autoptr(GError) error = NULL;

  account->provider = g_strdup (provider);
  account->label = g_strdup ("Test shop");
  account->base_url = g_strdup (base_url);
  account->mode = PD_ACCOUNT_MODE_TEST;
  g_assert_true (pd_store_add_account (store, account, &error));
  g_assert_no_error (error);

  return account->id;
}

static gint64
query_int (PdStore    *store,
           const char *sql)
{
  sqlite3 *db = pd_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static GHashTable *
query_set (PdStore    *store,
           const char *sql)
{
  sqlite3 *db = pd_store_get_db (store);
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_assert_true (g_hash_table_add (set, g_strdup ((const char *)sqlite3_column_text (stmt, 0))));
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  return set;
}

static PdSyncState *
get_state (PdStore    *store,
           gint64      account_id,
           const char *resource)
{
  g_autoptr(GError) error = NULL;
  PdSyncState *state = NULL;

  g_assert_true (pd_store_get_sync_state (store, account_id, resource, &state, &error));
  g_assert_no_error (error);

  return state;
}

static gint64
last_sync_at (PdStore *store,
              gint64   account_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdAccount) account = pd_store_get_account (store, account_id, &error);

  g_assert_no_error (error);
  return account->last_sync_at;
}

/* ---------------------------------------------------- watching a run */

typedef struct
{
  GThread   *main_thread;
  GPtrArray *resources;         /* in the order they were announced */
  GHashTable *pages;            /* resource → pages stored, as GUINT */
  guint      page_notifies;
  guint64    last_records;
  gboolean   records_went_back;
  gint       rows_on_main;      /* atomic: written from the store's worker */
  gint       rows_in_worker;
  gboolean   hooked;

  /* Stalls of the main loop, seen by a 1 ms high-priority timeout */
  guint      tick_id;
  gint64     last_tick;
  gint64     max_gap_us;

  /* Called on each stored page (for cancelling, arming faults, …) */
  void     (*on_page) (PdSync *sync, gpointer data);
  gpointer   on_page_data;
} Watch;

static void
on_row_written (gpointer user_data,
                guint    row)
{
  Watch *watch = user_data;

  if (g_thread_self () == watch->main_thread)
    g_atomic_int_inc (&watch->rows_on_main);
  else
    g_atomic_int_inc (&watch->rows_in_worker);
}

static void
on_resource_notify (PdSync     *sync,
                    GParamSpec *pspec,
                    Watch      *watch)
{
  const char *resource = pd_sync_get_resource (sync);

  /* The sync's own connection exists once the first resource starts, and
   * no page is being written at that moment. */
  if (!watch->hooked && pd_sync_get_writer (sync) != NULL)
    {
      pd_store_set_row_hook (pd_sync_get_writer (sync), on_row_written, watch);
      watch->hooked = TRUE;
    }

  if (resource != NULL)
    g_ptr_array_add (watch->resources, g_strdup (resource));
}

static void
on_pages_notify (PdSync     *sync,
                 GParamSpec *pspec,
                 Watch      *watch)
{
  const char *resource = pd_sync_get_resource (sync);
  guint64 records = pd_sync_get_n_records (sync);

  /* A new run starts counting again. */
  if (pd_sync_get_n_pages (sync) == 0)
    {
      watch->last_records = 0;
      return;
    }

  g_assert_nonnull (resource);
  watch->page_notifies++;
  g_hash_table_insert (watch->pages, g_strdup (resource),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (watch->pages, resource)) + 1));
  if (records < watch->last_records)
    watch->records_went_back = TRUE;
  watch->last_records = records;

  if (watch->on_page != NULL)
    watch->on_page (sync, watch->on_page_data);
}

static gboolean
on_tick (gpointer user_data)
{
  Watch *watch = user_data;
  gint64 now = g_get_monotonic_time ();

  if (watch->last_tick != 0)
    watch->max_gap_us = MAX (watch->max_gap_us, now - watch->last_tick);
  watch->last_tick = now;

  return G_SOURCE_CONTINUE;
}

static void
watch_init (Watch  *watch,
            PdSync *sync)
{
  memset (watch, 0, sizeof *watch);
  watch->main_thread = g_thread_self ();
  watch->resources = g_ptr_array_new_with_free_func (g_free);
  watch->pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (sync, "notify::resource", G_CALLBACK (on_resource_notify), watch);
  g_signal_connect (sync, "notify::n-pages", G_CALLBACK (on_pages_notify), watch);
  watch->tick_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, on_tick, watch, NULL);
}

static void
watch_clear (Watch  *watch,
             PdSync *sync)
{
  g_signal_handlers_disconnect_by_data (sync, watch);
  if (pd_sync_get_writer (sync) != NULL)
    pd_store_set_row_hook (pd_sync_get_writer (sync), NULL, NULL);
  g_clear_handle_id (&watch->tick_id, g_source_remove);
  g_clear_pointer (&watch->resources, g_ptr_array_unref);
  g_clear_pointer (&watch->pages, g_hash_table_unref);
}

static guint
watch_pages (Watch      *watch,
             const char *resource)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (watch->pages, resource));
}

/* ======================================================= a test provider */

/* Pages of transactions named after their resource, page and position;
 * each resource can fail at a page, loop on a cursor or refuse the key. */

typedef struct
{
  const char *name;
  guint       n_pages;
  guint       fail_at;        /* 1-based page that fails; 0: none */
  GQuark      fail_domain;
  gint        fail_code;
  gboolean    loop_at_fail;   /* instead of failing, answer the same cursor again */
} FakeResource;

#define PD_TYPE_FAKE_PROVIDER (pd_fake_provider_get_type ())
G_DECLARE_FINAL_TYPE (PdFakeProvider, pd_fake_provider, PD, FAKE_PROVIDER, GObject)

struct _PdFakeProvider
{
  GObject       parent_instance;

  FakeResource *resources;
  guint         n_resources;
  GStrv         names;

  /* Every fetch asked for, as "resource:cursor" */
  GPtrArray    *fetches;

  /* Started fetches, for the pipelining test (read from a worker) */
  GMutex        lock;
  GCond         cond;
  guint         n_started;
};

static void pd_fake_provider_iface_init (PdProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdFakeProvider, pd_fake_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_PROVIDER, pd_fake_provider_iface_init))

static PdProviderViews
fake_get_views (PdProvider *provider)
{
  return PD_PROVIDER_VIEW_CHARGES;
}

static guint
fake_get_operations (PdProvider *provider)
{
  return 0;
}

static PdReconcileMethod
fake_get_reconcile_method (PdProvider      *provider,
                           PdOperationKind  kind)
{
  return PD_RECONCILE_NONE;
}

static const char * const *
fake_get_resources (PdProvider *provider)
{
  return (const char * const *)PD_FAKE_PROVIDER (provider)->names;
}

static PdPage *
fake_page (const FakeResource *resource,
           guint               index)
{
  PdPage *page = pd_page_new (resource->name);

  for (guint i = 0; i < 5; i++)
    {
      PdTransaction *transaction = pd_transaction_new ();

      transaction->kind = PD_TRANSACTION_KIND_CHARGE;
      transaction->state = PD_TRANSACTION_STATE_SUCCEEDED;
      transaction->provider_id = g_strdup_printf ("%s-%u-%u", resource->name, index, i);
      transaction->reference = g_strdup_printf ("R-%s-%u-%u", resource->name, index, i);
      pd_money_init (&transaction->amount, 1000 + index * 10 + i, 2, "GHS");
      transaction->created_at = 1750000000 + index * 100 + i;
      g_ptr_array_add (page->transactions, transaction);
    }

  if (index + 1 < resource->n_pages)
    page->next_cursor = g_strdup_printf ("%u", index + 1);

  return page;
}

static gboolean
answer_later (gpointer user_data)
{
  GTask *task = user_data;
  PdFakeProvider *self = g_task_get_source_object (task);
  const char *request = g_task_get_task_data (task);
  g_auto(GStrv) parts = g_strsplit (request, ":", 2);
  const FakeResource *resource = NULL;
  guint index = parts[1][0] != '\0' ? (guint)g_ascii_strtoull (parts[1], NULL, 10) : 0;

  for (guint i = 0; i < self->n_resources; i++)
    if (g_str_equal (self->resources[i].name, parts[0]))
      resource = &self->resources[i];

  if (resource == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "no such list");
    }
  else if (resource->fail_at == index + 1 && resource->loop_at_fail)
    {
      PdPage *page = fake_page (resource, index);

      g_free (page->next_cursor);
      page->next_cursor = g_strdup (parts[1]);
      g_task_return_pointer (task, page, (GDestroyNotify)pd_page_unref);
    }
  else if (resource->fail_at == index + 1)
    {
      g_task_return_error (task, pd_provider_error_new (resource->fail_code, "Fake", 503, "down",
                                                        "The fake list is down for maintenance."));
    }
  else
    {
      g_task_return_pointer (task, fake_page (resource, index), (GDestroyNotify)pd_page_unref);
    }

  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
fake_fetch_page_async (PdProvider          *provider,
                       const char          *resource,
                       const char          *cursor,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  PdFakeProvider *self = PD_FAKE_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  char *request = g_strdup_printf ("%s:%s", resource, cursor != NULL ? cursor : "");

  g_task_set_task_data (task, request, g_free);
  g_ptr_array_add (self->fetches, g_strdup (request));

  g_mutex_lock (&self->lock);
  self->n_started++;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  g_timeout_add (2, answer_later, task);
}

static PdPage *
fake_fetch_page_finish (PdProvider    *provider,
                        GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fake_unsupported_async (PdProvider          *provider,
                        const PdOperation   *operation,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_task_report_new_error (provider, callback, user_data, fake_unsupported_async,
                           G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "not supported");
}

static PdOperationResult *
fake_unsupported_finish (PdProvider    *provider,
                         GAsyncResult  *result,
                         GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
pd_fake_provider_iface_init (PdProviderInterface *iface)
{
  iface->get_views = fake_get_views;
  iface->get_operations = fake_get_operations;
  iface->get_reconcile_method = fake_get_reconcile_method;
  iface->get_resources = fake_get_resources;
  iface->fetch_page_async = fake_fetch_page_async;
  iface->fetch_page_finish = fake_fetch_page_finish;
  iface->perform_async = fake_unsupported_async;
  iface->perform_finish = fake_unsupported_finish;
  iface->lookup_async = fake_unsupported_async;
  iface->lookup_finish = fake_unsupported_finish;
}

static void
pd_fake_provider_finalize (GObject *object)
{
  PdFakeProvider *self = PD_FAKE_PROVIDER (object);

  g_free (self->resources);
  g_strfreev (self->names);
  g_ptr_array_unref (self->fetches);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (pd_fake_provider_parent_class)->finalize (object);
}

static void
pd_fake_provider_class_init (PdFakeProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_fake_provider_finalize;
}

static void
pd_fake_provider_init (PdFakeProvider *self)
{
  self->fetches = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

static PdFakeProvider *
fake_provider_new (const FakeResource *resources,
                   guint               n_resources)
{
  PdFakeProvider *self = g_object_new (PD_TYPE_FAKE_PROVIDER, NULL);

  self->resources = g_memdup2 (resources, n_resources * sizeof *resources);
  self->n_resources = n_resources;
  self->names = g_new0 (char *, n_resources + 1);
  for (guint i = 0; i < n_resources; i++)
    self->names[i] = g_strdup (resources[i].name);

  return self;
}

static gboolean
fetched (PdFakeProvider *self,
         const char     *request)
{
  return g_ptr_array_find_with_equal_func (self->fetches, request, g_str_equal, NULL);
}

typedef struct
{
  char    *dir;
  PdStore *store;
  gint64   account_id;
} FakeFixture;

static void
fake_fixture_set_up (FakeFixture   *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = make_store_dir ();
  path = g_build_filename (fixture->dir, "paydesk.db", NULL);
  fixture->store = pd_store_new_for_path (path, &error);
  g_assert_no_error (error);
  fixture->account_id = add_account (fixture->store, "fayapay", NULL);
}

static void
fake_fixture_tear_down (FakeFixture   *fixture,
                        gconstpointer  user_data)
{
  g_assert_finalize_object (fixture->store);
  remove_store_dir (fixture->dir);
  g_free (fixture->dir);
}

/* While page n is written, page n+1 is fetched, and no further. */

typedef struct
{
  PdFakeProvider *provider;
  guint           page;
  guint           waited_too_long;
  guint           fetched_too_far;
} PipelineCheck;

static void
on_row_check_pipeline (gpointer user_data,
                       guint    row)
{
  PipelineCheck *check = user_data;
  PdFakeProvider *provider = check->provider;
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  guint page;

  if (row != 1)
    return;

  page = check->page++;

  g_mutex_lock (&provider->lock);
  /* Pages 0 … page are fetched; the last page has no next one. */
  while (page + 1 < provider->resources[0].n_pages && provider->n_started < page + 2)
    {
      if (!g_cond_wait_until (&provider->cond, &provider->lock, deadline))
        {
          check->waited_too_long++;
          break;
        }
    }
  g_mutex_unlock (&provider->lock);

  /* Give a pipeline that ran ahead the time to show it. */
  g_usleep (20 * 1000);

  g_mutex_lock (&provider->lock);
  if (provider->n_started > page + 2)
    check->fetched_too_far++;
  g_mutex_unlock (&provider->lock);
}

static void
on_first_resource (PdSync        *sync,
                   GParamSpec    *pspec,
                   PipelineCheck *check)
{
  if (pd_sync_get_writer (sync) != NULL)
    pd_store_set_row_hook (pd_sync_get_writer (sync), on_row_check_pipeline, check);
}

static void
test_fake_pipeline (FakeFixture   *fixture,
                    gconstpointer  user_data)
{
  const FakeResource resources[] = { { "alpha", 6, 0, 0, 0, FALSE } };
  g_autoptr(PdFakeProvider) provider = fake_provider_new (resources, G_N_ELEMENTS (resources));
  g_autoptr(PdSync) sync = pd_sync_new (fixture->store, PD_PROVIDER (provider), fixture->account_id);
  PipelineCheck check = { provider, 0, 0, 0 };
  g_autoptr(GError) error = NULL;

  g_signal_connect (sync, "notify::resource", G_CALLBACK (on_first_resource), &check);

  g_assert_true (run_sync (sync, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (check.page, ==, 6);
  g_assert_cmpuint (check.waited_too_long, ==, 0);
  g_assert_cmpuint (check.fetched_too_far, ==, 0);
  g_assert_cmpuint (provider->fetches->len, ==, 6);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM transactions"), ==, 30);

  pd_store_set_row_hook (pd_sync_get_writer (sync), NULL, NULL);
  g_signal_handlers_disconnect_by_data (sync, &check);
}

/* A failing list is reported with the provider's words while the others
 * go on; the next run resumes it where it stopped. */
static void
test_fake_resource_errors (FakeFixture   *fixture,
                           gconstpointer  user_data)
{
  FakeResource resources[] = {
    { "alpha", 3, 0, 0, 0, FALSE },
    { "beta", 4, 3, 0, PD_PROVIDER_ERROR_UNAVAILABLE, FALSE },
    { "gamma", 2, 0, 0, 0, FALSE },
  };
  g_autoptr(PdFakeProvider) provider = fake_provider_new (resources, G_N_ELEMENTS (resources));
  g_autoptr(PdSync) sync = pd_sync_new (fixture->store, PD_PROVIDER (provider), fixture->account_id);
  g_autoptr(PdSyncState) beta = NULL;
  g_autoptr(PdSyncState) gamma = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) failed = NULL;
  const GError *beta_error;
  PdUpsertStats stats;

  g_assert_false (run_sync (sync, NULL, NULL, &error));
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "beta"));
  g_assert_nonnull (strstr (error->message, "The fake list is down for maintenance."));
  g_clear_error (&error);

  failed = pd_sync_dup_failed_resources (sync);
  g_assert_cmpstrv (failed, ((const char * const[]) { "beta", NULL }));
  beta_error = pd_sync_get_resource_error (sync, "beta");
  g_assert_error (beta_error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_UNAVAILABLE);
  g_assert_cmpstr (pd_provider_error_get_provider_message (beta_error), ==,
                   "The fake list is down for maintenance.");
  g_assert_null (pd_sync_get_resource_error (sync, "alpha"));
  g_assert_null (pd_sync_get_resource_error (sync, "gamma"));

  /* alpha 3 pages, beta 2, gamma 2 */
  g_assert_cmpuint (pd_sync_get_n_pages (sync), ==, 7);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM transactions"), ==, 35);
  g_assert_true (fetched (provider, "gamma:1"));

  beta = get_state (fixture->store, fixture->account_id, "beta");
  g_assert_false (beta->complete);
  g_assert_cmpstr (beta->cursor, ==, "2");
  gamma = get_state (fixture->store, fixture->account_id, "gamma");
  g_assert_true (gamma->complete);
  g_assert_null (gamma->cursor);

  /* Not every list reached its end: the account is not "synced". */
  g_assert_cmpint (last_sync_at (fixture->store, fixture->account_id), ==, 0);

  /* The list is back: beta resumes at its cursor, the finished lists
   * start again from the beginning and change nothing. */
  provider->resources[1].fail_at = 0;
  g_ptr_array_set_size (provider->fetches, 0);
  g_assert_true (run_sync (sync, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (fetched (provider, "beta:"));
  g_assert_true (fetched (provider, "beta:2"));
  g_assert_true (fetched (provider, "alpha:"));
  pd_sync_get_stats (sync, &stats);
  g_assert_cmpuint (stats.inserted, ==, 10);
  g_assert_cmpuint (stats.updated, ==, 0);
  g_assert_cmpuint (stats.unchanged, ==, 25);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM transactions"), ==, 45);
  g_assert_cmpint (last_sync_at (fixture->store, fixture->account_id), >, 0);
}

/* A refused key stops the whole run; a list whose next page is itself is
 * an error, not an endless walk. */
static void
test_fake_fatal_and_loop (FakeFixture   *fixture,
                          gconstpointer  user_data)
{
  const FakeResource refused[] = {
    { "alpha", 3, 2, 0, PD_PROVIDER_ERROR_AUTH, FALSE },
    { "beta", 2, 0, 0, 0, FALSE },
  };
  const FakeResource looping[] = {
    { "alpha", 5, 2, 0, 0, TRUE },
    { "beta", 2, 0, 0, 0, FALSE },
  };
  g_autoptr(PdFakeProvider) first = fake_provider_new (refused, G_N_ELEMENTS (refused));
  g_autoptr(PdFakeProvider) second = fake_provider_new (looping, G_N_ELEMENTS (looping));
  g_autoptr(PdSync) sync = pd_sync_new (fixture->store, PD_PROVIDER (first), fixture->account_id);
  g_autoptr(PdSync) again = pd_sync_new (fixture->store, PD_PROVIDER (second), fixture->account_id);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) failed = NULL;

  g_assert_false (run_sync (sync, NULL, NULL, &error));
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH);
  g_clear_error (&error);
  g_assert_false (fetched (first, "beta:"));
  g_assert_cmpuint (pd_sync_get_n_pages (sync), ==, 1);

  g_assert_false (run_sync (again, NULL, NULL, &error));
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_MALFORMED);
  g_clear_error (&error);
  failed = pd_sync_dup_failed_resources (again);
  g_assert_cmpstrv (failed, ((const char * const[]) { "alpha", NULL }));
  g_assert_true (fetched (second, "beta:1"));
  /* alpha resumed at its cursor 1 (from the refused run); page 2 loops. */
  g_assert_true (fetched (second, "alpha:1"));
  g_assert_cmpuint (second->fetches->len, ==, 3);
}

/* Cancelled half-way: the page being written is stored whole, the run
 * ends cancelled, and the next run resumes at the saved cursor. */

static void
cancel_at_third_page (PdSync   *sync,
                      gpointer  data)
{
  if (pd_sync_get_n_pages (sync) == 3)
    g_cancellable_cancel (data);
}

static void
test_fake_cancel_resume (FakeFixture   *fixture,
                         gconstpointer  user_data)
{
  const FakeResource resources[] = { { "alpha", 8, 0, 0, 0, FALSE } };
  g_autoptr(PdFakeProvider) provider = fake_provider_new (resources, G_N_ELEMENTS (resources));
  g_autoptr(PdSync) sync = pd_sync_new (fixture->store, PD_PROVIDER (provider), fixture->account_id);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PdSyncState) state = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *resumed = NULL;
  PdUpsertStats stats;
  guint stored;
  Watch watch;

  watch_init (&watch, sync);
  watch.on_page = cancel_at_third_page;
  watch.on_page_data = cancellable;

  g_assert_false (run_sync (sync, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  stored = pd_sync_get_n_pages (sync);
  g_assert_cmpuint (stored, >=, 3);
  g_assert_cmpuint (stored, <=, 4);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM transactions"), ==, stored * 5);
  state = get_state (fixture->store, fixture->account_id, "alpha");
  g_assert_false (state->complete);
  g_assert_cmpstr (state->cursor, ==, (resumed = g_strdup_printf ("%u", stored)));

  watch.on_page = NULL;
  g_ptr_array_set_size (provider->fetches, 0);
  g_assert_true (run_sync (sync, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (fetched (provider, "alpha:"));
  g_assert_cmpuint (provider->fetches->len, ==, 8 - stored);
  pd_sync_get_stats (sync, &stats);
  g_assert_cmpuint (stats.inserted, ==, (8 - stored) * 5);
  g_assert_cmpuint (stats.unchanged, ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM transactions"), ==, 40);

  /* Each stored page was announced, with the records growing. */
  g_assert_cmpuint (watch.page_notifies, ==, 8);
  g_assert_false (watch.records_went_back);
  g_assert_cmpuint (g_atomic_int_get (&watch.rows_on_main), ==, 0);
  g_assert_cmpuint (g_atomic_int_get (&watch.rows_in_worker), ==, 40);

  watch_clear (&watch, sync);
}

/* =========================================================== the sandbox */

typedef struct
{
  PdTestSandbox   *sandbox;
  char            *dir;
  char            *db_path;
  PdStore         *store;
  gint64           account_id;
  PdFayapayClient *client;
} Fixture;

/* Retries in milliseconds, so the fault tests stay quick. */
static PdFayapayClient *
new_client (const char *base_url,
            const char *api_key)
{
  PdFayapayClient *client = pd_fayapay_client_new (base_url, api_key);
  PdHttpClient *http = pd_fayapay_client_get_http_client (client);

  pd_fayapay_client_set_retry_delay (client, 10);
  pd_http_client_set_max_retry_delay (http, 40);
  pd_http_client_set_timeout (http, 15000);

  return client;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  const char *records = user_data != NULL ? user_data : "200";
  g_autoptr(GError) error = NULL;

  fixture->sandbox = pd_test_sandbox_start ("--records", records, NULL);
  fixture->dir = make_store_dir ();
  fixture->db_path = g_build_filename (fixture->dir, "paydesk.db", NULL);
  fixture->store = pd_store_new_for_path (fixture->db_path, &error);
  g_assert_no_error (error);
  fixture->account_id = add_account (fixture->store, "fayapay",
                                     pd_test_sandbox_get_base_url (fixture->sandbox, "fayapay"));
  fixture->client = new_client (pd_test_sandbox_get_base_url (fixture->sandbox, "fayapay"),
                                pd_test_sandbox_get_credential (fixture->sandbox, "fayapay", "api_key"));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_assert_finalize_object (fixture->client);
  g_assert_finalize_object (fixture->store);
  pd_test_sandbox_stop (fixture->sandbox);
  remove_store_dir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

/* What the sandbox lists, read without the client */

static PdTestResponse *
raw_get (PdTestSandbox *sandbox,
         const char    *path)
{
  g_autofree char *url = pd_test_sandbox_url (sandbox, "fayapay", path);
  const char *headers[] = {
    "authorization", pd_test_sandbox_get_credential (sandbox, "fayapay", "api_key"),
    "accept", "application/json",
    NULL,
  };
  PdTestRequest request = { .method = "GET", .url = url, .headers = headers };

  return pd_test_sandbox_send (sandbox, &request);
}

static GPtrArray *
raw_list (PdTestSandbox *sandbox,
          const char    *path)
{
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  g_autofree char *cursor = NULL;

  do
    {
      g_autofree char *page_path = NULL;
      g_autoptr(PdTestResponse) response = NULL;
      JsonObject *list;
      JsonArray *data;

      page_path = cursor != NULL ? g_strdup_printf ("%s?Limit=50&StartingAfter=%s", path, cursor)
                                 : g_strdup_printf ("%s?Limit=50", path);
      response = raw_get (sandbox, page_path);
      g_assert_no_error (response->error);
      g_assert_cmpuint (response->status, ==, 200);

      list = pd_test_response_get_object (response);
      data = pd_test_assert_array_member (list, "data");
      for (guint i = 0; i < json_array_get_length (data); i++)
        g_ptr_array_add (objects, json_object_ref (json_array_get_object_element (data, i)));

      g_clear_pointer (&cursor, g_free);
      if (!JSON_NODE_HOLDS_NULL (json_object_get_member (list, "nextCursor")))
        cursor = g_strdup (pd_test_assert_string_member (list, "nextCursor"));
    }
  while (cursor != NULL);

  return objects;
}

typedef struct
{
  GPtrArray *customers;
  GPtrArray *charges;
  GPtrArray *refunds;
  GPtrArray *disbursements;
  GPtrArray *payouts;
  guint      n_sources;
} Listed;

static void
listed_read (Listed        *listed,
             PdTestSandbox *sandbox)
{
  g_autoptr(GHashTable) sources = g_hash_table_new (g_str_hash, g_str_equal);

  listed->customers = raw_list (sandbox, "/Customers");
  listed->charges = raw_list (sandbox, "/Charges");
  listed->refunds = raw_list (sandbox, "/Refunds");
  listed->disbursements = raw_list (sandbox, "/Disbursements");
  listed->payouts = raw_list (sandbox, "/Payouts");

  for (guint i = 0; i < listed->charges->len; i++)
    {
      const char *source = pd_json_get_string (g_ptr_array_index (listed->charges, i), "sourceId");

      if (source != NULL)
        g_hash_table_add (sources, (gpointer)source);
    }
  listed->n_sources = g_hash_table_size (sources);

  g_assert_cmpuint (listed->charges->len, >, 0);
  g_assert_cmpuint (listed->refunds->len, >, 0);
}

static void
listed_clear (Listed *listed)
{
  g_clear_pointer (&listed->customers, g_ptr_array_unref);
  g_clear_pointer (&listed->charges, g_ptr_array_unref);
  g_clear_pointer (&listed->refunds, g_ptr_array_unref);
  g_clear_pointer (&listed->disbursements, g_ptr_array_unref);
  g_clear_pointer (&listed->payouts, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Listed, listed_clear)

static guint
listed_total (const Listed *listed)
{
  return listed->customers->len + listed->charges->len + listed->refunds->len +
         listed->disbursements->len + listed->payouts->len + listed->n_sources;
}

static gint64
stored_total (PdStore *store)
{
  return query_int (store, "SELECT (SELECT count(*) FROM transactions)"
                           " + (SELECT count(*) FROM customers) + (SELECT count(*) FROM cards)");
}

static void
assert_same_ids (PdStore    *store,
                 const char *kind,
                 GPtrArray  *objects)
{
  g_autofree char *sql = g_strdup_printf ("SELECT provider_id FROM transactions WHERE kind = '%s'", kind);
  g_autoptr(GHashTable) ids = query_set (store, sql);

  g_assert_cmpuint (g_hash_table_size (ids), ==, objects->len);
  for (guint i = 0; i < objects->len; i++)
    g_assert_true (g_hash_table_contains (ids, pd_json_get_string (g_ptr_array_index (objects, i), "id")));
}

/* The store holds exactly what the sandbox lists, once each. */
static void
assert_stored_as_listed (PdStore      *store,
                         const Listed *listed)
{
  g_autoptr(GHashTable) customers = query_set (store, "SELECT provider_id FROM customers");

  assert_same_ids (store, "charge", listed->charges);
  assert_same_ids (store, "refund", listed->refunds);
  assert_same_ids (store, "disbursement", listed->disbursements);
  assert_same_ids (store, "payout", listed->payouts);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM transactions"), ==,
                   listed->charges->len + listed->refunds->len + listed->disbursements->len +
                   listed->payouts->len);

  g_assert_cmpuint (g_hash_table_size (customers), ==, listed->customers->len);
  for (guint i = 0; i < listed->customers->len; i++)
    g_assert_true (g_hash_table_contains (customers,
                                          pd_json_get_string (g_ptr_array_index (listed->customers, i), "id")));

  g_assert_cmpint (query_int (store, "SELECT count(*) FROM cards"), ==, listed->n_sources);
}

static guint
pages_of (guint n)
{
  return (n + PAGE_SIZE - 1) / PAGE_SIZE;
}

static guint
listed_pages (const Listed *listed)
{
  return pages_of (listed->customers->len) + pages_of (listed->charges->len) +
         pages_of (listed->refunds->len) + pages_of (listed->disbursements->len) +
         pages_of (listed->payouts->len);
}

static void
assert_all_complete (PdStore *store,
                     gint64   account_id)
{
  const char * const resources[] = { "customers", "charges", "refunds", "disbursements", "payouts" };

  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    {
      g_autoptr(PdSyncState) state = get_state (store, account_id, resources[i]);

      g_assert_nonnull (state);
      g_assert_true (state->complete);
      g_assert_null (state->cursor);
    }
}

/* Every list, into an empty store; then again, which writes nothing. */
static void
test_fayapay_sync_all (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(PdSync) sync = pd_sync_new (fixture->store, PD_PROVIDER (fixture->client), fixture->account_id);
  const char * const order[] = { "customers", "charges", "refunds", "disbursements", "payouts", NULL };
  g_auto(Listed) listed = { 0, };
  g_autoptr(GError) error = NULL;
  PdUpsertStats stats;
  sqlite3 *writer_db;
  sqlite3_int64 changes_before;
  gint64 synced_at;
  Watch watch;

  listed_read (&listed, fixture->sandbox);
  watch_init (&watch, sync);

  g_assert_true (run_sync (sync, NULL, NULL, &error));
  g_assert_no_error (error);

  assert_stored_as_listed (fixture->store, &listed);
  assert_all_complete (fixture->store, fixture->account_id);

  /* Progress: every resource announced in order, every page counted. */
  g_ptr_array_add (watch.resources, NULL);
  g_assert_cmpstrv ((const char * const *)watch.resources->pdata, order);
  g_ptr_array_remove_index (watch.resources, watch.resources->len - 1);
  g_assert_cmpuint (pd_sync_get_n_pages (sync), ==, listed_pages (&listed));
  g_assert_cmpuint (watch.page_notifies, ==, pd_sync_get_n_pages (sync));
  g_assert_cmpuint (watch_pages (&watch, "charges"), ==, pages_of (listed.charges->len));
  g_assert_false (watch.records_went_back);
  g_assert_null (pd_sync_get_resource (sync));

  pd_sync_get_stats (sync, &stats);
  g_assert_cmpuint (stats.inserted, ==, listed_total (&listed));
  g_assert_cmpuint (stats.updated, ==, 0);
  g_assert_cmpuint (stats.inserted + stats.unchanged, ==, pd_sync_get_n_records (sync));

  /* The pages were written by a worker thread, never the main loop's. */
  g_assert_cmpint (g_atomic_int_get (&watch.rows_on_main), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&watch.rows_in_worker), ==, (gint)pd_sync_get_n_records (sync));
  /* A bound for a loaded machine (and the sanitizers): the sync itself
   * stalls the loop for a few milliseconds, a store write on it would be
   * caught by the count above. */
  g_test_message ("longest main loop stall: %.1f ms", watch.max_gap_us / 1000.0);
  g_assert_cmpint (watch.max_gap_us, <, 1000 * 1000);

  /* The search index is up to date and the account is synced. */
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM search_queue"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM transactions_fts"), ==,
                   query_int (fixture->store, "SELECT count(*) FROM transactions"));
  synced_at = last_sync_at (fixture->store, fixture->account_id);
  g_assert_cmpint (synced_at, >, 0);

  /* Again: every list from its beginning, nothing new. Only the cursors
   * (one row per page) and the sync time are written. */
  writer_db = pd_store_get_db (pd_sync_get_writer (sync));
  changes_before = sqlite3_total_changes64 (writer_db);
  g_assert_true (run_sync (sync, NULL, NULL, &error));
  g_assert_no_error (error);
  pd_sync_get_stats (sync, &stats);
  g_assert_cmpuint (stats.inserted, ==, 0);
  g_assert_cmpuint (stats.updated, ==, 0);
  /* The client fetched each card once, in the first run. */
  g_assert_cmpuint (stats.unchanged, ==, pd_sync_get_n_records (sync));
  g_assert_cmpuint (stats.unchanged, >=, listed_total (&listed) - listed.n_sources);
  g_assert_cmpint (sqlite3_total_changes64 (writer_db) - changes_before, ==, pd_sync_get_n_pages (sync) + 1);
  g_assert_cmpuint (pd_sync_get_n_pages (sync), ==, listed_pages (&listed));
  assert_stored_as_listed (fixture->store, &listed);
  assert_all_complete (fixture->store, fixture->account_id);

  watch_clear (&watch, sync);
}

/* One resource alone, with the client the registry makes for the stored
 * account (as the app does); the account is not marked as synced. */
static void
test_fayapay_one_resource (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(PdAccount) account = pd_store_get_account (fixture->store, fixture->account_id, NULL);
  g_autoptr(PdSecretSet) secrets = pd_secret_set_new ();
  g_autoptr(PdProvider) provider = NULL;
  g_autoptr(PdSync) sync = NULL;
  g_autoptr(GPtrArray) refunds = raw_list (fixture->sandbox, "/Refunds");
  g_autoptr(PdSyncState) charges = NULL;
  g_autoptr(GError) error = NULL;

  pd_secret_set_set (secrets, "api_key", pd_test_sandbox_get_credential (fixture->sandbox, "fayapay", "api_key"));
  provider = pd_provider_registry_create (account, secrets, &error);
  g_assert_no_error (error);
  sync = pd_sync_new (fixture->store, provider, fixture->account_id);

  g_assert_true (run_sync (sync, "refunds", NULL, &error));
  g_assert_no_error (error);
  assert_same_ids (fixture->store, "refund", refunds);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM transactions"), ==, refunds->len);
  charges = get_state (fixture->store, fixture->account_id, "charges");
  g_assert_null (charges);
  g_assert_cmpint (last_sync_at (fixture->store, fixture->account_id), ==, 0);

  /* A list FayaPay does not have fails that list, with the reason. */
  g_assert_false (run_sync (sync, "sources", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "sources"));
}

/* Cancelled in the middle of the charges, then resumed. */

static void
cancel_in_charges (PdSync   *sync,
                   gpointer  data)
{
  if (g_strcmp0 (pd_sync_get_resource (sync), "charges") == 0 && pd_sync_get_n_pages (sync) >= 5)
    g_cancellable_cancel (data);
}

static void
test_fayapay_cancel_resume (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(PdSync) sync = pd_sync_new (fixture->store, PD_PROVIDER (fixture->client), fixture->account_id);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PdSyncState) state = NULL;
  g_auto(Listed) listed = { 0, };
  g_autoptr(GError) error = NULL;
  gint64 charges_before, rows_before, cards_after_resume;
  PdUpsertStats stats;
  Watch watch;

  listed_read (&listed, fixture->sandbox);
  watch_init (&watch, sync);
  watch.on_page = cancel_in_charges;
  watch.on_page_data = cancellable;

  g_assert_false (run_sync (sync, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (last_sync_at (fixture->store, fixture->account_id), ==, 0);

  /* Whole pages only, and the cursor after the last of them. */
  charges_before = query_int (fixture->store, "SELECT count(*) FROM transactions WHERE kind = 'charge'");
  g_assert_cmpint (charges_before % PAGE_SIZE, ==, 0);
  g_assert_cmpint (charges_before, >, 0);
  g_assert_cmpint (charges_before, <, listed.charges->len);
  state = get_state (fixture->store, fixture->account_id, "charges");
  g_assert_false (state->complete);
  g_assert_cmpstr (state->cursor, ==,
                   pd_json_get_string (g_ptr_array_index (listed.charges, charges_before - 1), "id"));
  rows_before = stored_total (fixture->store);

  /* Resumed: charges carry on from the cursor, nothing is stored twice. */
  watch.on_page = NULL;
  g_hash_table_remove_all (watch.pages);
  g_assert_true (run_sync (sync, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_same_ids (fixture->store, "charge", listed.charges);
  assert_same_ids (fixture->store, "refund", listed.refunds);
  assert_same_ids (fixture->store, "disbursement", listed.disbursements);
  assert_same_ids (fixture->store, "payout", listed.payouts);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM customers"), ==, listed.customers->len);
  g_assert_cmpuint (watch_pages (&watch, "charges"), ==,
                    pages_of (listed.charges->len - charges_before));
  pd_sync_get_stats (sync, &stats);
  g_assert_cmpint (stats.inserted, ==, stored_total (fixture->store) - rows_before);
  g_assert_cmpuint (stats.updated, ==, 0);
  g_assert_cmpint (last_sync_at (fixture->store, fixture->account_id), >, 0);

  /* The client sends each source (a card) with the first page that needs
   * it and remembers it; the sources of the page that was being fetched
   * when the run was cancelled are not sent again by the same client.
   * Every list reached its end, so the next run starts from the beginning,
   * and a client made afresh (as after a restart) sends them all. */
  cards_after_resume = query_int (fixture->store, "SELECT count(*) FROM cards");
  g_assert_cmpint (cards_after_resume, <=, listed.n_sources);
  g_test_message ("cards after resuming with the same client: %" G_GINT64_FORMAT " of %u",
                  cards_after_resume, listed.n_sources);
  {
    g_autoptr(PdFayapayClient) fresh = new_client (pd_test_sandbox_get_base_url (fixture->sandbox, "fayapay"),
                                                   pd_test_sandbox_get_credential (fixture->sandbox, "fayapay", "api_key"));
    g_autoptr(PdSync) again = pd_sync_new (fixture->store, PD_PROVIDER (fresh), fixture->account_id);

    g_assert_true (run_sync (again, NULL, NULL, &error));
    g_assert_no_error (error);
    assert_stored_as_listed (fixture->store, &listed);
    pd_sync_get_stats (again, &stats);
    g_assert_cmpint (stats.inserted, ==, listed.n_sources - cards_after_resume);
    g_assert_cmpuint (stats.updated, ==, 0);
  }
  g_assert_cmpint (stored_total (fixture->store), ==, listed_total (&listed));

  watch_clear (&watch, sync);
}

/* A crash: a child process syncs and is killed with SIGKILL after a few
 * pages; the parent resumes from what reached the disk. */

static void
on_child_page (PdSync     *sync,
               GParamSpec *pspec,
               gpointer    user_data)
{
  if (pd_sync_get_n_pages (sync) > 0)
    {
      fputs ("page\n", stdout);
      fflush (stdout);
    }
}

static int
sync_child (int   argc,
            char *argv[])
{
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdFayapayClient) client = NULL;
  g_autoptr(PdSync) sync = NULL;
  g_autoptr(GError) error = NULL;

  if (argc != 6)
    return 2;

  store = pd_store_new_for_path (argv[2], &error);
  g_assert_no_error (error);
  client = new_client (argv[3], argv[4]);
  sync = pd_sync_new (store, PD_PROVIDER (client), g_ascii_strtoll (argv[5], NULL, 10));
  g_signal_connect (sync, "notify::n-pages", G_CALLBACK (on_child_page), NULL);

  if (!run_sync (sync, NULL, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  fputs ("done\n", stdout);
  return 0;
}

static const char *
resource_table_query (const char *resource)
{
  if (g_str_equal (resource, "customers"))
    return "SELECT count(*) FROM customers";
  if (g_str_equal (resource, "charges"))
    return "SELECT count(*) FROM transactions WHERE kind = 'charge'";
  if (g_str_equal (resource, "refunds"))
    return "SELECT count(*) FROM transactions WHERE kind = 'refund'";
  if (g_str_equal (resource, "disbursements"))
    return "SELECT count(*) FROM transactions WHERE kind = 'disbursement'";
  g_assert_cmpstr (resource, ==, "payouts");
  return "SELECT count(*) FROM transactions WHERE kind = 'payout'";
}

static void
test_fayapay_crash_resume (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(PdSync) sync = pd_sync_new (fixture->store, PD_PROVIDER (fixture->client), fixture->account_id);
  g_autofree char *account = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->account_id);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GHashTable) incomplete = NULL;
  GHashTableIter iter;
  g_auto(Listed) listed = { 0, };
  g_autoptr(GError) error = NULL;
  const char *resource = NULL;
  gint64 rows_before, resource_before;
  PdUpsertStats stats;
  guint pages_seen = 0;
  Watch watch;

  listed_read (&listed, fixture->sandbox);

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            test_binary, "--sync-child", fixture->db_path,
                            pd_test_sandbox_get_base_url (fixture->sandbox, "fayapay"),
                            pd_test_sandbox_get_credential (fixture->sandbox, "fayapay", "api_key"),
                            account, NULL);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  while (pages_seen < 7)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (line, ==, "page");
      pages_seen++;
    }

  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  /* One list was half-way: its cursor follows its last whole page. */
  incomplete = query_set (fixture->store, "SELECT resource FROM sync_state WHERE complete = 0");
  g_assert_cmpuint (g_hash_table_size (incomplete), ==, 1);
  g_hash_table_iter_init (&iter, incomplete);
  g_assert_true (g_hash_table_iter_next (&iter, (gpointer *)&resource, NULL));
  g_test_message ("killed while syncing %s", resource);
  resource_before = query_int (fixture->store, resource_table_query (resource));
  g_assert_cmpint (resource_before % PAGE_SIZE, ==, 0);
  g_assert_cmpint (resource_before, >, 0);
  rows_before = stored_total (fixture->store);
  g_assert_cmpint (rows_before, <, listed_total (&listed));

  watch_init (&watch, sync);
  g_assert_true (run_sync (sync, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_stored_as_listed (fixture->store, &listed);
  assert_all_complete (fixture->store, fixture->account_id);
  pd_sync_get_stats (sync, &stats);
  g_assert_cmpint (stats.inserted, ==, listed_total (&listed) - rows_before);
  g_assert_cmpuint (stats.updated, ==, 0);

  /* The half-way list went on from its cursor, not from its beginning. */
  {
    guint listed_count = g_str_equal (resource, "customers") ? listed.customers->len
                         : g_str_equal (resource, "charges") ? listed.charges->len
                         : g_str_equal (resource, "refunds") ? listed.refunds->len
                         : g_str_equal (resource, "disbursements") ? listed.disbursements->len
                         : listed.payouts->len;

    g_assert_cmpuint (watch_pages (&watch, resource), ==, pages_of (listed_count - resource_before));
  }

  watch_clear (&watch, sync);
}

/* A 503 on a page is retried by the HTTP layer and the sync completes. */
static void
test_fayapay_unavailable_retried (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_autoptr(PdSync) sync = pd_sync_new (fixture->store, PD_PROVIDER (fixture->client), fixture->account_id);
  g_autoptr(PdTestResponse) faults = NULL;
  g_auto(Listed) listed = { 0, };
  g_autoptr(GError) error = NULL;
  JsonArray *armed;

  listed_read (&listed, fixture->sandbox);
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"fayapay\",\"method\":\"GET\",\"path\":\"/v1/Charges\","
                             "\"action\":\"status\",\"status\":503,\"count\":2}");

  g_assert_true (run_sync (sync, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_stored_as_listed (fixture->store, &listed);

  /* Both 503s were answered (a spent fault is no longer listed). */
  faults = pd_test_sandbox_control (fixture->sandbox, "GET", "/faults", NULL);
  armed = pd_test_assert_array_member (pd_test_response_get_object (faults), "faults");
  g_assert_cmpuint (json_array_get_length (armed), ==, 0);
}

/* An unreadable page fails its list with MALFORMED; nothing of it is
 * written, the other lists go on, and the next run finishes the list. */

typedef struct
{
  PdTestSandbox *sandbox;
  gboolean       armed;
} ArmMalformed;

static void
arm_malformed_in_charges (PdSync   *sync,
                          gpointer  data)
{
  ArmMalformed *arm = data;

  if (arm->armed || g_strcmp0 (pd_sync_get_resource (sync), "charges") != 0)
    return;

  pd_test_sandbox_arm_fault (arm->sandbox,
                             "{\"provider\":\"fayapay\",\"method\":\"GET\",\"path\":\"/v1/Charges\","
                             "\"action\":\"malformed\"}");
  arm->armed = TRUE;
}

static void
test_fayapay_malformed_page (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(PdSync) sync = pd_sync_new (fixture->store, PD_PROVIDER (fixture->client), fixture->account_id);
  ArmMalformed arm = { fixture->sandbox, FALSE };
  g_autoptr(PdSyncState) state = NULL;
  g_autoptr(GHashTable) stored = NULL;
  g_auto(Listed) listed = { 0, };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) failed = NULL;
  gint64 charges_before;
  Watch watch;

  listed_read (&listed, fixture->sandbox);
  watch_init (&watch, sync);
  watch.on_page = arm_malformed_in_charges;
  watch.on_page_data = &arm;

  g_assert_false (run_sync (sync, NULL, NULL, &error));
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "charges"));
  g_clear_error (&error);
  g_assert_true (arm.armed);

  failed = pd_sync_dup_failed_resources (sync);
  g_assert_cmpstrv (failed, ((const char * const[]) { "charges", NULL }));
  g_assert_error (pd_sync_get_resource_error (sync, "charges"), PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_MALFORMED);

  /* The charges stored are exactly the first whole pages, in order. */
  charges_before = query_int (fixture->store, "SELECT count(*) FROM transactions WHERE kind = 'charge'");
  g_assert_cmpint (charges_before % PAGE_SIZE, ==, 0);
  g_assert_cmpint (charges_before, >=, PAGE_SIZE);
  g_assert_cmpint (charges_before, <, listed.charges->len);
  stored = query_set (fixture->store, "SELECT provider_id FROM transactions WHERE kind = 'charge'");
  for (gint64 i = 0; i < charges_before; i++)
    g_assert_true (g_hash_table_contains (stored, pd_json_get_string (g_ptr_array_index (listed.charges, i), "id")));
  state = get_state (fixture->store, fixture->account_id, "charges");
  g_assert_false (state->complete);
  g_assert_cmpstr (state->cursor, ==,
                   pd_json_get_string (g_ptr_array_index (listed.charges, charges_before - 1), "id"));

  /* The lists after it went on. */
  assert_same_ids (fixture->store, "refund", listed.refunds);
  assert_same_ids (fixture->store, "disbursement", listed.disbursements);
  assert_same_ids (fixture->store, "payout", listed.payouts);
  g_assert_cmpint (last_sync_at (fixture->store, fixture->account_id), ==, 0);

  watch.on_page = NULL;
  g_assert_true (run_sync (sync, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_stored_as_listed (fixture->store, &listed);
  g_assert_cmpint (last_sync_at (fixture->store, fixture->account_id), >, 0);

  watch_clear (&watch, sync);
}

/* The views' connection keeps reading while the sync writes through its
 * own (WAL): a read never waits for a page being stored. */
static void
test_fayapay_reader_not_blocked (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(PdSync) sync = pd_sync_new (fixture->store, PD_PROVIDER (fixture->client), fixture->account_id);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 longest_read_us = 0;
  guint reads = 0;

  pd_sync_run_async (sync, NULL, NULL, on_ready, &result);
  while (result == NULL)
    {
      gint64 start;

      g_main_context_iteration (NULL, FALSE);

      start = g_get_monotonic_time ();
      query_int (fixture->store, "SELECT count(*) FROM transactions");
      longest_read_us = MAX (longest_read_us, g_get_monotonic_time () - start);
      reads++;
      g_usleep (1000);
    }
  g_assert_true (pd_sync_run_finish (sync, result, &error));
  g_assert_no_error (error);

  g_test_message ("%u reads during the sync, the longest %.1f ms", reads, longest_read_us / 1000.0);
  g_assert_cmpuint (reads, >, 10);
  g_assert_cmpint (longest_read_us, <, 1000 * 1000);
}

static void
add_fake (const char *path,
          void      (*func) (FakeFixture *, gconstpointer))
{
  g_test_add (path, FakeFixture, NULL, fake_fixture_set_up, func, fake_fixture_tear_down);
}

static void
add_sandbox (const char *path,
             const char *records,
             void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, records, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  if (argc > 1 && g_str_equal (argv[1], "--sync-child"))
    return sync_child (argc, argv);

  test_binary = argv[0];
  g_test_init (&argc, &argv, NULL);

  add_fake ("/sync/engine/pipeline", test_fake_pipeline);
  add_fake ("/sync/engine/resource-errors", test_fake_resource_errors);
  add_fake ("/sync/engine/fatal-and-loop", test_fake_fatal_and_loop);
  add_fake ("/sync/engine/cancel-resume", test_fake_cancel_resume);

  add_sandbox ("/sync/fayapay/all", "200", test_fayapay_sync_all);
  add_sandbox ("/sync/fayapay/one-resource", "200", test_fayapay_one_resource);
  add_sandbox ("/sync/fayapay/cancel-resume", "400", test_fayapay_cancel_resume);
  add_sandbox ("/sync/fayapay/crash-resume", "400", test_fayapay_crash_resume);
  add_sandbox ("/sync/fayapay/unavailable-retried", "200", test_fayapay_unavailable_retried);
  add_sandbox ("/sync/fayapay/malformed-page", "400", test_fayapay_malformed_page);
  add_sandbox ("/sync/fayapay/reader-not-blocked", "200", test_fayapay_reader_not_blocked);

  return g_test_run ();
}

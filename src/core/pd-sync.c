/* pd-sync.c - download an account's records from its provider into the store
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * How a run goes (HACKING.md, Contracts → "Sync"):
 *
 * - Resources are walked one after the other, in the provider's order.
 *   Each starts at the cursor saved for it when its last walk stopped
 *   before the end, else at the beginning.
 * - Within a resource, fetching and storing overlap: while page n is
 *   written in a worker thread, page n+1 is fetched on the main context.
 *   At most one page is written, one fetched and one held in between, so
 *   memory stays bounded however long the list. Pages are written in
 *   order, each with its next cursor in the same database transaction, so
 *   the saved cursor always follows the last page that reached the disk.
 * - Every database call runs in a worker on the sync's own connection to
 *   the store's file: the views keep reading on theirs (WAL), and the main
 *   loop never waits for SQLite.
 * - A provider error ends the walk of its resource and the next resource
 *   goes on; a refused key, a store error or a cancellation ends the run.
 */

#include <glib/gi18n-lib.h>

#include "pd-sync.h"
#include "pd-sync-private.h"

struct _PdSync
{
  GObject        parent_instance;

  PdStore       *store;
  PdProvider    *provider;
  gint64         account_id;

  /* The sync's own connection to the store's file, opened in a worker on
   * the first run and only ever used from workers. */
  PdStore       *writer;

  /* One per run; cancelled by pd_sync_cancel(), by the caller's
   * cancellable and in dispose. */
  GCancellable  *cancellable;
  GCancellable  *caller_cancellable;
  gulong         caller_handler;

  gboolean       running;
  char          *resource;
  guint          n_pages;
  guint64        n_records;
  PdUpsertStats  stats;

  /* The resources that failed in the last run, in order, and why. */
  GPtrArray     *failed;
  GHashTable    *errors;
};

G_DEFINE_FINAL_TYPE (PdSync, pd_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_PROVIDER,
  PROP_ACCOUNT_ID,
  PROP_RUNNING,
  PROP_RESOURCE,
  PROP_N_PAGES,
  PROP_N_RECORDS,
  PROP_N_INSERTED,
  PROP_N_UPDATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GStrv     resources;
  guint     index;
  gboolean  whole_account;

  /* The walk of the current resource */
  char     *cursor;
  char     *fetch_cursor;
  gboolean  fetching;
  gboolean  storing;
  gboolean  at_end;
  PdPage   *held;
  guint     storing_items;
  GError   *resource_error;

  /* Ends the run once nothing is in flight any more */
  GError   *fatal;
} RunData;

static void
run_data_free (gpointer pointer)
{
  RunData *data = pointer;

  g_strfreev (data->resources);
  g_free (data->cursor);
  g_free (data->fetch_cursor);
  g_clear_pointer (&data->held, pd_page_unref);
  g_clear_error (&data->resource_error);
  g_clear_error (&data->fatal);
  g_free (data);
}

/* What a worker needs. The workers never hold the PdSync itself: a
 * thread pool drops its tasks a moment after their callbacks ran, and the
 * sync must be gone when its owner drops it. */
typedef struct
{
  PdStore  *writer;
  gint64    account_id;
  char     *text;
  gboolean  set_synced;
} WorkerData;

static void
worker_data_free (gpointer pointer)
{
  WorkerData *data = pointer;

  g_clear_object (&data->writer);
  g_free (data->text);
  g_free (data);
}

static GTask *
worker_task_new (PdSync              *self,
                 gpointer             source_tag,
                 const char          *text,
                 GAsyncReadyCallback  callback,
                 GTask               *run)
{
  GTask *worker = g_task_new (NULL, NULL, callback, g_object_ref (run));
  WorkerData *data = g_new0 (WorkerData, 1);

  data->writer = self->writer != NULL ? g_object_ref (self->writer) : NULL;
  data->account_id = self->account_id;
  data->text = g_strdup (text);
  g_task_set_source_tag (worker, source_tag);
  g_task_set_task_data (worker, data, worker_data_free);

  return worker;
}

static void pump (GTask *task);
static void start_resource (GTask *task);

/* Progress */

static void
set_resource (PdSync     *self,
              const char *resource)
{
  if (g_strcmp0 (self->resource, resource) == 0)
    return;

  g_free (self->resource);
  self->resource = g_strdup (resource);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESOURCE]);
}

static void
set_running (PdSync   *self,
             gboolean  running)
{
  if (self->running == running)
    return;

  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
reset_progress (PdSync *self)
{
  g_object_freeze_notify (G_OBJECT (self));

  self->n_pages = 0;
  self->n_records = 0;
  self->stats = (PdUpsertStats) { 0, 0, 0, 0 };
  g_ptr_array_set_size (self->failed, 0);
  g_hash_table_remove_all (self->errors);
  set_resource (self, NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RECORDS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_INSERTED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UPDATED]);

  g_object_thaw_notify (G_OBJECT (self));
}

/* Ending a run */

static void
disconnect_caller (PdSync *self)
{
  if (self->caller_handler != 0)
    g_cancellable_disconnect (self->caller_cancellable, self->caller_handler);
  self->caller_handler = 0;
  g_clear_object (&self->caller_cancellable);
}

static void
complete_run (GTask  *task,
              GError *error)
{
  PdSync *self = g_task_get_source_object (task);

  disconnect_caller (self);
  set_running (self, FALSE);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (self->failed->len > 0)
    {
      const char *first = g_ptr_array_index (self->failed, 0);
      GError *first_error = g_error_copy (g_hash_table_lookup (self->errors, first));

      if (self->failed->len == 1)
        g_prefix_error (&first_error, _("“%s” could not be synced: "), first);
      else
        g_prefix_error (&first_error, _("%u lists could not be synced; “%s”: "),
                        self->failed->len, first);

      g_task_return_error (task, first_error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
finish_walk_worker (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  WorkerData *data = task_data;
  GError *error = NULL;

  /* Pages queue what they changed for the search index; indexing it in
   * bulk here is several times cheaper than keeping it live. */
  if (!pd_store_update_search_index (data->writer, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (data->set_synced &&
      !pd_store_set_account_synced (data->writer, data->account_id,
                                    g_get_real_time () / G_USEC_PER_SEC, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_walk_finished (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      complete_run (task, error);
      return;
    }

  complete_run (task, NULL);
}

static void
finish_walk (GTask *task)
{
  PdSync *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GTask) worker = NULL;

  set_resource (self, NULL);

  if (data->fatal != NULL)
    {
      complete_run (task, g_steal_pointer (&data->fatal));
      return;
    }

  worker = worker_task_new (self, finish_walk, NULL, on_walk_finished, task);
  ((WorkerData *)g_task_get_task_data (worker))->set_synced = data->whole_account && self->failed->len == 0;
  g_task_run_in_thread (worker, finish_walk_worker);
}

/* One resource */

static void
end_resource (GTask *task)
{
  PdSync *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  const char *resource = data->resources[data->index];

  if (data->resource_error != NULL)
    {
      g_debug ("Sync of %s stopped: %s", resource, data->resource_error->message);
      g_ptr_array_add (self->failed, g_strdup (resource));
      g_hash_table_replace (self->errors, g_strdup (resource), g_steal_pointer (&data->resource_error));
    }

  data->index++;
  start_resource (task);
}

/* Whether an error stops every resource, not only the one it came from. */
static gboolean
is_fatal_fetch_error (PdSync       *self,
                      const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (self->cancellable))
    return TRUE;

  /* A refused key would be refused for every other list too. */
  return g_error_matches (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH);
}

static void
on_page_stored (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdSync *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  PdUpsertStats stats = { 0, };
  GError *error = NULL;

  data->storing = FALSE;

  if (!pd_store_upsert_page_finish (PD_STORE (object), result, &stats, &error))
    {
      if (data->fatal == NULL)
        data->fatal = error;
      else
        g_error_free (error);

      /* Nothing more can be stored: stop fetching too. */
      g_cancellable_cancel (self->cancellable);
      pump (task);
      return;
    }

  g_object_freeze_notify (G_OBJECT (self));

  self->n_pages++;
  self->n_records += data->storing_items;
  self->stats.inserted += stats.inserted;
  self->stats.updated += stats.updated;
  self->stats.unchanged += stats.unchanged;
  self->stats.raw_json_dropped += stats.raw_json_dropped;
  self->stats.removed += stats.removed;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RECORDS]);
  if (stats.inserted > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_INSERTED]);
  if (stats.updated > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UPDATED]);

  g_object_thaw_notify (G_OBJECT (self));

  pump (task);
}

static void
store_page (GTask  *task,
            PdPage *page)
{
  PdSync *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);

  data->storing = TRUE;
  data->storing_items = pd_page_get_n_items (page);
  pd_store_upsert_page_async (self->writer, self->account_id, page, self->cancellable,
                              on_page_stored, g_object_ref (task));
  pd_page_unref (page);
}

static void
on_page_fetched (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdSync *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  const char *resource = data->resources[data->index];
  g_autoptr(PdPage) page = NULL;
  GError *error = NULL;

  data->fetching = FALSE;

  page = pd_provider_fetch_page_finish (PD_PROVIDER (object), result, &error);
  if (page == NULL)
    {
      if (error == NULL)
        error = pd_provider_error_new (PD_PROVIDER_ERROR_MALFORMED, NULL, 0, NULL, NULL);

      if (is_fatal_fetch_error (self, error))
        {
          if (data->fatal == NULL)
            data->fatal = error;
          else
            g_error_free (error);
        }
      else if (data->resource_error == NULL)
        {
          data->resource_error = error;
        }
      else
        {
          g_error_free (error);
        }

      pump (task);
      return;
    }

  /* The page's cursor is saved under the resource's name. */
  if (g_strcmp0 (page->resource, resource) != 0)
    {
      g_free (page->resource);
      page->resource = g_strdup (resource);
    }

  /* A list that answers the same cursor again would be walked forever. */
  if (page->next_cursor != NULL && g_strcmp0 (page->next_cursor, data->fetch_cursor) == 0)
    {
      PdProviderErrorInfo info = { 0, };
      g_autofree char *detail = g_strdup_printf (_("the page after “%s” points back to itself"),
                                                 page->next_cursor);

      info.detail = detail;
      if (data->resource_error == NULL)
        data->resource_error = pd_provider_error_new_full (PD_PROVIDER_ERROR_MALFORMED, &info);
      pump (task);
      return;
    }

  g_free (data->cursor);
  data->cursor = g_strdup (page->next_cursor);
  data->at_end = page->next_cursor == NULL;

  g_assert (data->held == NULL);
  data->held = g_steal_pointer (&page);

  pump (task);
}

static void
fetch_page (GTask *task)
{
  PdSync *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);

  data->fetching = TRUE;
  g_free (data->fetch_cursor);
  data->fetch_cursor = g_strdup (data->cursor);
  pd_provider_fetch_page_async (self->provider, data->resources[data->index], data->cursor,
                                self->cancellable, on_page_fetched, g_object_ref (task));
}

/* Moves the walk of the current resource on by whatever can start now. */
static void
pump (GTask *task)
{
  RunData *data = g_task_get_task_data (task);
  gboolean stopping = data->fatal != NULL || data->resource_error != NULL;

  if (stopping)
    {
      /* After a store error or a cancellation, a page fetched but not
       * stored yet is dropped: the next run fetches it again from the last
       * stored page's cursor. */
      g_clear_pointer (&data->held, pd_page_unref);

      if (data->fetching || data->storing)
        return;

      if (data->fatal != NULL)
        finish_walk (task);
      else
        end_resource (task);
      return;
    }

  if (!data->storing && data->held != NULL)
    store_page (task, g_steal_pointer (&data->held));

  /* One page ahead: fetch the next while the previous is written. */
  if (!data->fetching && !data->at_end && data->held == NULL)
    fetch_page (task);

  if (!data->fetching && !data->storing && data->held == NULL && data->at_end)
    end_resource (task);
}

static void
read_cursor_worker (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  WorkerData *data = task_data;
  g_autoptr(PdSyncState) state = NULL;
  GError *error = NULL;

  if (!pd_store_get_sync_state (data->writer, data->account_id, data->text, &state, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* A walk that reached the end starts again from the beginning; one that
   * stopped half-way resumes after its last stored page. */
  if (state != NULL && !state->complete && state->cursor != NULL)
    g_task_return_pointer (task, g_strdup (state->cursor), g_free);
  else
    g_task_return_pointer (task, NULL, NULL);
}

static void
on_cursor_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  GError *error = NULL;
  char *cursor;

  cursor = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    {
      data->fatal = error;
      finish_walk (task);
      return;
    }

  data->cursor = cursor;
  pump (task);
}

static void
start_resource (GTask *task)
{
  PdSync *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GTask) worker = NULL;
  const char *resource;

  if (g_cancellable_set_error_if_cancelled (self->cancellable, &data->fatal) ||
      data->resources[data->index] == NULL)
    {
      finish_walk (task);
      return;
    }

  resource = data->resources[data->index];
  set_resource (self, resource);

  g_clear_pointer (&data->cursor, g_free);
  g_clear_pointer (&data->fetch_cursor, g_free);
  data->at_end = FALSE;

  worker = worker_task_new (self, start_resource, resource, on_cursor_read, task);
  g_task_run_in_thread (worker, read_cursor_worker);
}

/* Opening the sync's own connection */

static void
open_writer_worker (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  WorkerData *data = task_data;
  GError *error = NULL;
  PdStore *writer;

  writer = pd_store_new_for_path (data->text, &error);
  if (writer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, writer, g_object_unref);
}

static void
on_writer_opened (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdSync *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  PdStore *writer;

  writer = g_task_propagate_pointer (G_TASK (result), &data->fatal);
  if (writer == NULL)
    {
      finish_walk (task);
      return;
    }

  if (self->writer == NULL)
    self->writer = writer;
  else
    g_object_unref (writer);

  start_resource (task);
}

static void
on_caller_cancelled (GCancellable *caller,
                     gpointer      user_data)
{
  GCancellable *ours = user_data;

  g_cancellable_cancel (ours);
}

/**
 * pd_sync_run_async:
 * @self: a #PdSync
 * @resource: (nullable): one resource of the provider to sync, or %NULL
 *   for all of them in the provider's order
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the run has ended and nothing is in flight
 * @user_data: data for @callback
 *
 * Syncs the account: walks each resource from where its last walk stopped
 * (its beginning if it reached the end), stores every page with its
 * cursor in one database transaction, then brings the search index up to
 * date and, after a whole-account run in which every resource reached its
 * end, records the account's last sync time. Progress is reported through
 * the #PdSync:resource, #PdSync:n-pages, #PdSync:n-records,
 * #PdSync:n-inserted and #PdSync:n-updated properties, on the thread-default
 * main context of the caller. One run at a time.
 */
void
pd_sync_run_async (PdSync              *self,
                   const char          *resource,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  RunData *data;

  g_return_if_fail (PD_IS_SYNC (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (self->running)
    {
      g_task_report_new_error (self, callback, user_data, pd_sync_run_async,
                               G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("This account is already being synced"));
      return;
    }

  data = g_new0 (RunData, 1);
  if (resource != NULL)
    {
      const char *one[] = { resource, NULL };

      data->resources = g_strdupv ((GStrv)one);
    }
  else
    {
      const char * const *all = pd_provider_get_resources (self->provider);

      data->resources = all != NULL ? g_strdupv ((GStrv)all) : g_new0 (char *, 1);
      data->whole_account = TRUE;
    }

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      self->caller_cancellable = g_object_ref (cancellable);
      self->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                    self->cancellable, NULL);
    }

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, pd_sync_run_async);
  g_task_set_task_data (task, data, run_data_free);

  reset_progress (self);
  set_running (self, TRUE);

  if (self->writer != NULL)
    {
      start_resource (task);
      return;
    }

  worker = worker_task_new (self, open_writer_worker, pd_store_get_path (self->store),
                            on_writer_opened, task);
  g_task_run_in_thread (worker, open_writer_worker);
}

/**
 * pd_sync_run_finish:
 * @self: a #PdSync
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * When some resources failed and the others went on, the error is the
 * first failed resource's own (its domain and code kept, the resource
 * named in the message); pd_sync_dup_failed_resources() and
 * pd_sync_get_resource_error() tell every one. A cancelled run fails with
 * %G_IO_ERROR_CANCELLED, a refused key with %PD_PROVIDER_ERROR_AUTH and a
 * database failure with its #PD_STORE_ERROR; whatever was stored before
 * stays, with its cursor.
 *
 * Returns: %TRUE if every resource was synced to its end
 */
gboolean
pd_sync_run_finish (PdSync        *self,
                    GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (PD_IS_SYNC (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * pd_sync_cancel:
 * @self: a #PdSync
 *
 * Stops the running sync, if any: it ends with %G_IO_ERROR_CANCELLED once
 * the page being written (if any) is stored whole.
 */
void
pd_sync_cancel (PdSync *self)
{
  g_return_if_fail (PD_IS_SYNC (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* Getters */

/**
 * pd_sync_new:
 * @store: the store to sync into; the sync opens its own connection to
 *   the same file
 * @provider: the account's provider client
 * @account_id: the account
 *
 * Returns: (transfer full): a new #PdSync
 */
PdSync *
pd_sync_new (PdStore    *store,
             PdProvider *provider,
             gint64      account_id)
{
  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (PD_IS_PROVIDER (provider), NULL);

  return g_object_new (PD_TYPE_SYNC,
                       "store", store,
                       "provider", provider,
                       "account-id", account_id,
                       NULL);
}

/**
 * pd_sync_get_store:
 * @self: a #PdSync
 *
 * Returns: (transfer none): the store given at construction
 */
PdStore *
pd_sync_get_store (PdSync *self)
{
  g_return_val_if_fail (PD_IS_SYNC (self), NULL);

  return self->store;
}

/**
 * pd_sync_get_provider:
 * @self: a #PdSync
 *
 * Returns: (transfer none): the provider client
 */
PdProvider *
pd_sync_get_provider (PdSync *self)
{
  g_return_val_if_fail (PD_IS_SYNC (self), NULL);

  return self->provider;
}

/**
 * pd_sync_get_account_id:
 * @self: a #PdSync
 *
 * Returns: the account synced
 */
gint64
pd_sync_get_account_id (PdSync *self)
{
  g_return_val_if_fail (PD_IS_SYNC (self), 0);

  return self->account_id;
}

/**
 * pd_sync_get_running:
 * @self: a #PdSync
 *
 * Returns: whether a run is under way
 */
gboolean
pd_sync_get_running (PdSync *self)
{
  g_return_val_if_fail (PD_IS_SYNC (self), FALSE);

  return self->running;
}

/**
 * pd_sync_get_resource:
 * @self: a #PdSync
 *
 * Returns: (nullable): the resource being walked, or %NULL between
 *   resources and runs
 */
const char *
pd_sync_get_resource (PdSync *self)
{
  g_return_val_if_fail (PD_IS_SYNC (self), NULL);

  return self->resource;
}

/**
 * pd_sync_get_n_pages:
 * @self: a #PdSync
 *
 * Returns: the pages stored by the current or last run
 */
guint
pd_sync_get_n_pages (PdSync *self)
{
  g_return_val_if_fail (PD_IS_SYNC (self), 0);

  return self->n_pages;
}

/**
 * pd_sync_get_n_records:
 * @self: a #PdSync
 *
 * Returns: the records (of every type) on the pages stored by the current
 *   or last run
 */
guint64
pd_sync_get_n_records (PdSync *self)
{
  g_return_val_if_fail (PD_IS_SYNC (self), 0);

  return self->n_records;
}

/**
 * pd_sync_get_stats:
 * @self: a #PdSync
 * @stats_out: (out caller-allocates): what the current or last run's pages
 *   did, added up
 */
void
pd_sync_get_stats (PdSync        *self,
                   PdUpsertStats *stats_out)
{
  g_return_if_fail (PD_IS_SYNC (self));
  g_return_if_fail (stats_out != NULL);

  *stats_out = self->stats;
}

/**
 * pd_sync_dup_failed_resources:
 * @self: a #PdSync
 *
 * Returns: (transfer full): the resources the last run could not walk to
 *   their end because of a provider error, in the order they were walked
 */
GStrv
pd_sync_dup_failed_resources (PdSync *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (PD_IS_SYNC (self), NULL);

  for (guint i = 0; i < self->failed->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->failed, i));

  return g_strv_builder_end (builder);
}

/**
 * pd_sync_get_resource_error:
 * @self: a #PdSync
 * @resource: a resource
 *
 * Returns: (nullable) (transfer none): why the last run could not walk
 *   @resource to its end (the provider's error, with its own message), or
 *   %NULL if it did or was not walked
 */
const GError *
pd_sync_get_resource_error (PdSync     *self,
                            const char *resource)
{
  g_return_val_if_fail (PD_IS_SYNC (self), NULL);
  g_return_val_if_fail (resource != NULL, NULL);

  return g_hash_table_lookup (self->errors, resource);
}

/* For tests: the sync's own connection, once a run has opened it. */
PdStore *
pd_sync_get_writer (PdSync *self)
{
  g_return_val_if_fail (PD_IS_SYNC (self), NULL);

  return self->writer;
}

/* GObject */

static void
pd_sync_dispose (GObject *object)
{
  PdSync *self = PD_SYNC (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  disconnect_caller (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->writer);
  g_clear_object (&self->provider);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pd_sync_parent_class)->dispose (object);
}

static void
pd_sync_finalize (GObject *object)
{
  PdSync *self = PD_SYNC (object);

  g_free (self->resource);
  g_ptr_array_unref (self->failed);
  g_hash_table_unref (self->errors);

  G_OBJECT_CLASS (pd_sync_parent_class)->finalize (object);
}

static void
pd_sync_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  PdSync *self = PD_SYNC (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_PROVIDER:
      g_value_set_object (value, self->provider);
      break;
    case PROP_ACCOUNT_ID:
      g_value_set_int64 (value, self->account_id);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_RESOURCE:
      g_value_set_string (value, self->resource);
      break;
    case PROP_N_PAGES:
      g_value_set_uint (value, self->n_pages);
      break;
    case PROP_N_RECORDS:
      g_value_set_uint64 (value, self->n_records);
      break;
    case PROP_N_INSERTED:
      g_value_set_uint (value, self->stats.inserted);
      break;
    case PROP_N_UPDATED:
      g_value_set_uint (value, self->stats.updated);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_sync_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  PdSync *self = PD_SYNC (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_PROVIDER:
      self->provider = g_value_dup_object (value);
      break;
    case PROP_ACCOUNT_ID:
      self->account_id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_sync_class_init (PdSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_sync_dispose;
  object_class->finalize = pd_sync_finalize;
  object_class->get_property = pd_sync_get_property;
  object_class->set_property = pd_sync_set_property;

  /**
   * PdSync:store:
   *
   * The store synced into. Only its file is used: the sync writes through
   * a connection of its own.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         PD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PdSync:provider:
   *
   * The account's provider client.
   */
  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL,
                         PD_TYPE_PROVIDER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PdSync:account-id:
   *
   * The account synced.
   */
  properties[PROP_ACCOUNT_ID] =
    g_param_spec_int64 ("account-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PdSync:running:
   *
   * Whether a run is under way.
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PdSync:resource:
   *
   * The resource being walked (`charges`, …), or %NULL.
   */
  properties[PROP_RESOURCE] =
    g_param_spec_string ("resource", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PdSync:n-pages:
   *
   * Pages stored by the current or last run.
   */
  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PdSync:n-records:
   *
   * Records of every type on the pages stored by the current or last run.
   */
  properties[PROP_N_RECORDS] =
    g_param_spec_uint64 ("n-records", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PdSync:n-inserted:
   *
   * Records the current or last run stored for the first time.
   */
  properties[PROP_N_INSERTED] =
    g_param_spec_uint ("n-inserted", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PdSync:n-updated:
   *
   * Stored records the current or last run found changed and rewrote.
   */
  properties[PROP_N_UPDATED] =
    g_param_spec_uint ("n-updated", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_sync_init (PdSync *self)
{
  self->failed = g_ptr_array_new_with_free_func (g_free);
  self->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_error_free);
}

/* pd-sync-queue.c - synchronizes every account, a few at a time
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * For each account: its secrets from the keyring, its provider client from
 * the registry, then a PdSync run over every resource. At most
 * MAX_RUNNING accounts sync at once (each writes on its own connection),
 * the others wait their turn. A failed account says why and the others go
 * on. Signals tell the window what to redraw:
 *
 *   account-changed (account id)  progress or outcome of one account
 *   stored                        pages reached the store: lists may reload
 *   account-failed (id, error)    a sync failed, for a toast
 *   finished                      nothing is running or waiting any more
 */

#include <glib/gi18n.h>

#include "pd-provider-registry.h"
#include "pd-sync-queue.h"
#include "pd-sync.h"

#define MAX_RUNNING 2

typedef struct
{
  PdSyncQueue *queue;
  PdAccount   *account;
  PdSync      *sync;
  gboolean     running;
  guint64      n_records;
  guint        n_pages;
  char        *error;
} Entry;

struct _PdSyncQueue
{
  GObject       parent_instance;

  PdStore      *store;
  PdSecrets    *secrets;
  GCancellable *cancellable;

  /* account id → Entry, for every account of the current run */
  GHashTable   *entries;
  GQueue        waiting;
  guint         n_running;
  guint64       n_records;
  guint         n_pages;
};

G_DEFINE_FINAL_TYPE (PdSyncQueue, pd_sync_queue, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

enum {
  ACCOUNT_CHANGED,
  ACCOUNT_FAILED,
  STORED,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_next (PdSyncQueue *self);

static int
compare_id (gconstpointer a,
            gconstpointer b)
{
  return *(const gint64 *)a == *(const gint64 *)b ? 0 : 1;
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  if (entry->sync != NULL)
    g_signal_handlers_disconnect_by_data (entry->sync, entry);
  g_clear_object (&entry->sync);
  g_clear_pointer (&entry->account, pd_account_free);
  g_free (entry->error);
  g_free (entry);
}

static void
update_totals (PdSyncQueue *self)
{
  GHashTableIter iter;
  gpointer value;

  self->n_records = 0;
  self->n_pages = 0;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Entry *entry = value;

      self->n_records += entry->n_records;
      self->n_pages += entry->n_pages;
    }
}

static void
account_changed (Entry *entry)
{
  update_totals (entry->queue);
  g_signal_emit (entry->queue, signals[ACCOUNT_CHANGED], 0, entry->account->id);
}

static void
finish_entry (Entry        *entry,
              const GError *error)
{
  PdSyncQueue *self = entry->queue;
  gboolean was_running = entry->running;

  entry->running = FALSE;
  g_clear_pointer (&entry->error, g_free);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    entry->error = g_strdup (error->message);

  if (was_running)
    self->n_running--;

  account_changed (entry);

  /* An account whose provider has no client yet is said in its row only:
   * a toast at every start would say nothing new. */
  if (entry->error != NULL &&
      !g_error_matches (error, PD_PROVIDER_REGISTRY_ERROR, PD_PROVIDER_REGISTRY_ERROR_UNKNOWN_PROVIDER))
    g_signal_emit (self, signals[ACCOUNT_FAILED], 0, entry->account->id, error);

  start_next (self);
}

static void
sync_progress_cb (PdSync     *sync,
                  GParamSpec *pspec,
                  Entry      *entry)
{
  guint n_pages = pd_sync_get_n_pages (sync);
  gboolean stored = n_pages != entry->n_pages;

  entry->n_records = pd_sync_get_n_records (sync);
  entry->n_pages = n_pages;
  account_changed (entry);

  if (stored)
    g_signal_emit (entry->queue, signals[STORED], 0);
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PdSync *sync = PD_SYNC (object);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) failed = NULL;
  Entry *entry = user_data;

  /* The queue went away while the run ended: the entry is ours alone. */
  if (entry->queue == NULL)
    {
      pd_sync_run_finish (sync, result, NULL);
      entry_free (entry);
      return;
    }

  if (!pd_sync_run_finish (sync, result, &error))
    {
      finish_entry (entry, error);
      return;
    }

  failed = pd_sync_dup_failed_resources (sync);
  if (failed != NULL && failed[0] != NULL)
    {
      const GError *first = pd_sync_get_resource_error (sync, failed[0]);
      g_autoptr(GError) partial = NULL;

      /* Translators: a sync that stored what it could; %s is the provider's own message */
      partial = g_error_new (first != NULL ? first->domain : PD_STORE_ERROR,
                             first != NULL ? first->code : PD_STORE_ERROR_FAILED,
                             _("Some records could not be downloaded: %s"),
                             first != NULL ? first->message : failed[0]);
      finish_entry (entry, partial);
      return;
    }

  finish_entry (entry, NULL);

  /* The sync recorded the time; the row reads it from the store. */
  g_signal_emit (entry->queue, signals[STORED], 0);
}

static void
secrets_found_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Entry *entry = user_data;
  g_autoptr(PdSecretSet) secrets = NULL;
  g_autoptr(PdProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  PdSyncQueue *self = entry->queue;

  secrets = pd_secrets_lookup_finish (PD_SECRETS (object), result, &error);
  if (self == NULL)
    {
      entry_free (entry);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      finish_entry (entry, error);
      return;
    }

  /* Without a secret, the registry names the field that is missing. */
  if (secrets == NULL && !g_error_matches (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NOT_FOUND))
    {
      finish_entry (entry, error);
      return;
    }
  g_clear_error (&error);

  provider = pd_provider_registry_create (entry->account, secrets, &error);
  if (provider == NULL)
    {
      finish_entry (entry, error);
      return;
    }

  entry->sync = pd_sync_new (self->store, provider, entry->account->id);
  g_signal_connect (entry->sync, "notify::n-records", G_CALLBACK (sync_progress_cb), entry);
  g_signal_connect (entry->sync, "notify::n-pages", G_CALLBACK (sync_progress_cb), entry);
  pd_sync_run_async (entry->sync, NULL, self->cancellable, sync_done_cb, entry);
}

static void
start_next (PdSyncQueue *self)
{
  while (self->n_running < MAX_RUNNING && !g_queue_is_empty (&self->waiting))
    {
      gint64 account_id = *(gint64 *)g_queue_peek_head (&self->waiting);
      Entry *entry = g_hash_table_lookup (self->entries, &account_id);

      g_free (g_queue_pop_head (&self->waiting));
      if (entry == NULL)
        continue;

      entry->running = TRUE;
      entry->n_records = 0;
      entry->n_pages = 0;
      g_clear_object (&entry->sync);
      self->n_running++;
      account_changed (entry);

      pd_secrets_lookup_async (self->secrets, entry->account->uuid, self->cancellable,
                               secrets_found_cb, entry);
    }

  if (self->n_running == 0 && g_queue_is_empty (&self->waiting))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
      g_signal_emit (self, signals[FINISHED], 0);
    }
}

static void
pd_sync_queue_dispose (GObject *object)
{
  PdSyncQueue *self = (PdSyncQueue *)object;
  GHashTableIter iter;
  gpointer value;

  g_cancellable_cancel (self->cancellable);

  /* Runs still in flight keep their entry and report into nothing. */
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Entry *entry = value;

      if (entry->running)
        {
          entry->queue = NULL;
          g_hash_table_iter_steal (&iter);
        }
    }
  g_hash_table_remove_all (self->entries);
  g_queue_clear_full (&self->waiting, g_free);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->secrets);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pd_sync_queue_parent_class)->dispose (object);
}

static void
pd_sync_queue_finalize (GObject *object)
{
  PdSyncQueue *self = (PdSyncQueue *)object;

  g_clear_pointer (&self->entries, g_hash_table_unref);

  G_OBJECT_CLASS (pd_sync_queue_parent_class)->finalize (object);
}

static void
pd_sync_queue_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PdSyncQueue *self = PD_SYNC_QUEUE (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, pd_sync_queue_get_running (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_sync_queue_class_init (PdSyncQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_sync_queue_dispose;
  object_class->finalize = pd_sync_queue_finalize;
  object_class->get_property = pd_sync_queue_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ACCOUNT_CHANGED] =
    g_signal_new ("account-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  signals[ACCOUNT_FAILED] =
    g_signal_new ("account-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_ERROR);

  signals[STORED] =
    g_signal_new ("stored",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
pd_sync_queue_init (PdSyncQueue *self)
{
  self->entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, entry_free);
  g_queue_init (&self->waiting);
}

/**
 * pd_sync_queue_new:
 * @store: the store to sync into
 * @secrets: where the accounts' secrets are
 *
 * Returns: (transfer full): a queue with nothing running
 */
PdSyncQueue *
pd_sync_queue_new (PdStore   *store,
                   PdSecrets *secrets)
{
  PdSyncQueue *self;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (PD_IS_SECRETS (secrets), NULL);

  self = g_object_new (PD_TYPE_SYNC_QUEUE, NULL);
  self->store = g_object_ref (store);
  self->secrets = g_object_ref (secrets);

  return self;
}

PdStore *
pd_sync_queue_get_store (PdSyncQueue *self)
{
  g_return_val_if_fail (PD_IS_SYNC_QUEUE (self), NULL);

  return self->store;
}

/* Queues the accounts of the store that are not being synchronized
 * already: every one, or the one @only_id names when it is not 0. */
static void
enqueue (PdSyncQueue *self,
         gint64       only_id)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  gboolean was_running;

  if (!pd_store_list_accounts (self->store, &accounts, &error))
    {
      g_signal_emit (self, signals[ACCOUNT_FAILED], 0, only_id, error);
      return;
    }

  was_running = pd_sync_queue_get_running (self);
  if (!was_running)
    {
      /* A new run: totals start again, and so does cancellation; a run of
       * one account leaves what the others' last runs said. */
      if (only_id == 0)
        g_hash_table_remove_all (self->entries);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }

  g_ptr_array_set_free_func (accounts, NULL);
  for (guint i = 0; i < accounts->len; i++)
    {
      PdAccount *account = g_ptr_array_index (accounts, i);
      Entry *entry = g_hash_table_lookup (self->entries, &account->id);

      if ((only_id != 0 && account->id != only_id) || (entry != NULL && entry->running))
        {
          pd_account_free (account);
          continue;
        }

      if (entry == NULL)
        {
          entry = g_new0 (Entry, 1);
          entry->queue = self;
          g_hash_table_insert (self->entries, &account->id, entry);
        }
      else
        {
          /* The key points into the entry's account: re-key it first. */
          g_hash_table_steal (self->entries, &account->id);
          pd_account_free (entry->account);
          g_hash_table_insert (self->entries, &account->id, entry);
        }
      entry->account = account;

      if (g_queue_find_custom (&self->waiting, &account->id, compare_id) == NULL)
        g_queue_push_tail (&self->waiting, g_memdup2 (&account->id, sizeof account->id));
    }

  if (!was_running)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  start_next (self);
}

/**
 * pd_sync_queue_sync_all:
 * @self: a queue
 *
 * Synchronizes every account that is not being synchronized already.
 */
void
pd_sync_queue_sync_all (PdSyncQueue *self)
{
  g_return_if_fail (PD_IS_SYNC_QUEUE (self));

  enqueue (self, 0);
}

/**
 * pd_sync_queue_sync_account:
 * @self: a queue
 * @account_id: an account of the store
 *
 * Synchronizes one account, such as one just added, unless it is being
 * synchronized already; the others are left as they are.
 */
void
pd_sync_queue_sync_account (PdSyncQueue *self,
                            gint64       account_id)
{
  g_return_if_fail (PD_IS_SYNC_QUEUE (self));
  g_return_if_fail (account_id > 0);

  enqueue (self, account_id);
}

/**
 * pd_sync_queue_cancel:
 * @self: a queue
 *
 * Stops every sync; what was stored stays, and the next sync resumes
 * after it.
 */
void
pd_sync_queue_cancel (PdSyncQueue *self)
{
  g_return_if_fail (PD_IS_SYNC_QUEUE (self));

  g_queue_clear_full (&self->waiting, g_free);
  g_cancellable_cancel (self->cancellable);
}

gboolean
pd_sync_queue_get_running (PdSyncQueue *self)
{
  g_return_val_if_fail (PD_IS_SYNC_QUEUE (self), FALSE);

  return self->n_running > 0 || !g_queue_is_empty (&self->waiting);
}

/**
 * pd_sync_queue_get_progress:
 * @self: a queue
 * @account_id: an account
 * @n_records_out: (out) (optional): records received in its current or last run
 * @n_pages_out: (out) (optional): pages stored in its current or last run
 *
 * Returns: whether the account is being synchronized
 */
gboolean
pd_sync_queue_get_progress (PdSyncQueue *self,
                            gint64       account_id,
                            guint64     *n_records_out,
                            guint       *n_pages_out)
{
  Entry *entry;

  g_return_val_if_fail (PD_IS_SYNC_QUEUE (self), FALSE);

  entry = g_hash_table_lookup (self->entries, &account_id);
  if (n_records_out != NULL)
    *n_records_out = entry != NULL ? entry->n_records : 0;
  if (n_pages_out != NULL)
    *n_pages_out = entry != NULL ? entry->n_pages : 0;

  return entry != NULL && (entry->running || g_queue_find_custom (&self->waiting, &account_id,
                                                                   compare_id) != NULL);
}

/**
 * pd_sync_queue_get_error:
 * @self: a queue
 * @account_id: an account
 *
 * Returns: (nullable): why the account's last sync failed, or %NULL
 */
const char *
pd_sync_queue_get_error (PdSyncQueue *self,
                         gint64       account_id)
{
  Entry *entry;

  g_return_val_if_fail (PD_IS_SYNC_QUEUE (self), NULL);

  entry = g_hash_table_lookup (self->entries, &account_id);

  return entry != NULL ? entry->error : NULL;
}

guint64
pd_sync_queue_get_n_records (PdSyncQueue *self)
{
  g_return_val_if_fail (PD_IS_SYNC_QUEUE (self), 0);

  return self->n_records;
}

guint
pd_sync_queue_get_n_pages (PdSyncQueue *self)
{
  g_return_val_if_fail (PD_IS_SYNC_QUEUE (self), 0);

  return self->n_pages;
}

guint
pd_sync_queue_get_n_running (PdSyncQueue *self)
{
  g_return_val_if_fail (PD_IS_SYNC_QUEUE (self), 0);

  return self->n_running;
}

guint
pd_sync_queue_get_n_waiting (PdSyncQueue *self)
{
  g_return_val_if_fail (PD_IS_SYNC_QUEUE (self), 0);

  return self->waiting.length;
}

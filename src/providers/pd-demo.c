/* pd-demo.c - demo mode: the provider simulator, an account per provider and a sync
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * `paydesk --demo` (and later `paydesk-cli --demo`) run on this:
 *
 * 1. pd_demo_new() makes a throw-away data directory, where the caller
 *    opens its store (pd_demo_dup_store_path()).
 * 2. pd_demo_start_async() starts paydesk-sandbox on loopback ports with a
 *    fixed seed, its clock set to now so that the seeded data looks recent,
 *    reads its first line (HACKING.md, "paydesk-sandbox"), adds one account
 *    per simulated provider pointing at it, and saves their demo
 *    credentials in the keyring — or for the session only, when there is
 *    no Secret Service (pd_demo_get_session_only()).
 * 3. pd_demo_sync_async() synchronizes those accounts one after the other;
 *    the application uses its own sync queue instead, to show progress.
 * 4. pd_demo_stop_async() removes the credentials, stops the simulator and
 *    deletes the directory. The simulator also stops on its own when this
 *    process ends, as its standard input closes.
 *
 * The simulator is $PAYDESK_SANDBOX, else the one next to this program in
 * the build tree (src/app/../sandbox/), else the one installed next to it,
 * else the first on $PATH.
 */

#include <signal.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pd-demo.h"
#include "pd-provider-registry.h"
#include "pd-sync.h"

#define SANDBOX_NAME "paydesk-sandbox"

/* In the order of the sidebar. */
static const char * const demo_providers[] = { "fayapay", "zengapay", "eoneopay", "pawacard", "enayapay" };

/* Credentials that are not secrets (they go into the account), or that
 * Paydesk never keeps (a one-time code, a card PIN). */
static const char * const not_kept[] = { "username", "phone", "otp", "ipin" };

struct _PdDemo
{
  GObject      parent_instance;

  PdSecrets   *secrets;
  char        *data_dir;
  PdStore     *store;
  GSubprocess *sandbox;
  GPtrArray   *accounts;
  GHashTable  *errors;
  gboolean     session_only;
};

G_DEFINE_FINAL_TYPE (PdDemo, pd_demo, G_TYPE_OBJECT)

G_DEFINE_QUARK (pd-demo-error-quark, pd_demo_error)

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

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }

  g_rmdir (path);
}

/**
 * pd_demo_find_sandbox:
 * @error: return location for a #PD_DEMO_ERROR
 *
 * Returns: (transfer full) (nullable): the path of paydesk-sandbox
 */
char *
pd_demo_find_sandbox (GError **error)
{
  const char *env = g_getenv ("PAYDESK_SANDBOX");
  g_autofree char *self_path = NULL;
  g_autofree char *self_dir = NULL;
  g_autofree char *built = NULL;
  g_autofree char *installed = NULL;
  char *on_path;

  if (env != NULL && env[0] != '\0')
    {
      if (g_file_test (env, G_FILE_TEST_IS_EXECUTABLE))
        return g_strdup (env);

      g_set_error (error, PD_DEMO_ERROR, PD_DEMO_ERROR_NO_SANDBOX,
                   _("PAYDESK_SANDBOX names %s, which is not a program"), env);
      return NULL;
    }

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path != NULL)
    {
      self_dir = g_path_get_dirname (self_path);
      built = g_build_filename (self_dir, "..", "sandbox", SANDBOX_NAME, NULL);
      if (g_file_test (built, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&built);

      installed = g_build_filename (self_dir, SANDBOX_NAME, NULL);
      if (g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&installed);
    }

  on_path = g_find_program_in_path (SANDBOX_NAME);
  if (on_path != NULL)
    return on_path;

  g_set_error_literal (error, PD_DEMO_ERROR, PD_DEMO_ERROR_NO_SANDBOX,
                       _("The demo needs paydesk-sandbox, the provider simulator, "
                         "which is not installed next to Paydesk; set PAYDESK_SANDBOX to its path"));
  return NULL;
}

static void
pd_demo_dispose (GObject *object)
{
  PdDemo *self = (PdDemo *)object;

  /* Closing its standard input ends the simulator too; a signal is
   * quicker. */
  if (self->sandbox != NULL)
    g_subprocess_send_signal (self->sandbox, SIGTERM);

  g_clear_object (&self->sandbox);
  g_clear_object (&self->store);
  g_clear_object (&self->secrets);

  G_OBJECT_CLASS (pd_demo_parent_class)->dispose (object);
}

static void
pd_demo_finalize (GObject *object)
{
  PdDemo *self = (PdDemo *)object;

  g_free (self->data_dir);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_pointer (&self->errors, g_hash_table_unref);

  G_OBJECT_CLASS (pd_demo_parent_class)->finalize (object);
}

static void
pd_demo_class_init (PdDemoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_demo_dispose;
  object_class->finalize = pd_demo_finalize;
}

static void
pd_demo_init (PdDemo *self)
{
  self->accounts = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_account_free);
  self->errors = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify)g_error_free);
}

/**
 * pd_demo_new:
 * @secrets: where the demo credentials go
 * @error: return location for a #GFileError
 *
 * Makes the throw-away data directory of a demo.
 *
 * Returns: (transfer full) (nullable): a demo, not started
 */
PdDemo *
pd_demo_new (PdSecrets  *secrets,
             GError    **error)
{
  g_autoptr(PdDemo) self = NULL;

  g_return_val_if_fail (PD_IS_SECRETS (secrets), NULL);

  self = g_object_new (PD_TYPE_DEMO, NULL);
  self->secrets = g_object_ref (secrets);
  self->data_dir = g_dir_make_tmp ("paydesk-demo-XXXXXX", error);
  if (self->data_dir == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

const char *
pd_demo_get_data_dir (PdDemo *self)
{
  g_return_val_if_fail (PD_IS_DEMO (self), NULL);

  return self->data_dir;
}

/**
 * pd_demo_dup_store_path:
 * @self: a demo
 *
 * Returns: (transfer full): where the demo's store goes, in its directory
 */
char *
pd_demo_dup_store_path (PdDemo *self)
{
  g_return_val_if_fail (PD_IS_DEMO (self), NULL);

  return g_build_filename (self->data_dir, "paydesk.db", NULL);
}

/**
 * pd_demo_get_accounts:
 * @self: a demo
 *
 * Returns: (transfer none) (element-type PdAccount): the demo accounts,
 *   once started
 */
GPtrArray *
pd_demo_get_accounts (PdDemo *self)
{
  g_return_val_if_fail (PD_IS_DEMO (self), NULL);

  return self->accounts;
}

/**
 * pd_demo_get_session_only:
 * @self: a demo
 *
 * Returns: whether the demo credentials are kept for this session only,
 *   as no keyring could take them
 */
gboolean
pd_demo_get_session_only (PdDemo *self)
{
  g_return_val_if_fail (PD_IS_DEMO (self), FALSE);

  return self->session_only;
}

/* Start */

typedef struct
{
  PdStore          *store;
  GDataInputStream *lines;
  guint             n_pending;
  GError           *error;
} StartData;

static void
start_data_free (gpointer pointer)
{
  StartData *data = pointer;

  g_clear_object (&data->store);
  g_clear_object (&data->lines);
  g_clear_error (&data->error);
  g_free (data);
}

static void
secret_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdDemo *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!pd_secrets_store_finish (PD_SECRETS (object), result, &error))
    {
      if (g_error_matches (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NO_SERVICE) ||
          g_error_matches (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_LOCKED))
        self->session_only = TRUE;
      else if (data->error == NULL)
        data->error = g_steal_pointer (&error);
    }

  if (--data->n_pending > 0)
    return;

  if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
is_kept (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (not_kept); i++)
    if (g_str_equal (field, not_kept[i]))
      return FALSE;

  return pd_secret_set_is_valid_field (field);
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
    ? json_node_get_string (node) : NULL;
}

static gboolean
add_accounts (PdDemo      *self,
              GTask       *task,
              const char  *first_line,
              GError     **error)
{
  StartData *data = g_task_get_task_data (task);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *providers, *credentials;
  g_autoptr(GPtrArray) to_store = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_secret_set_free);
  g_autoptr(GPtrArray) stored_accounts = g_ptr_array_new ();

  if (!json_parser_load_from_data (parser, first_line, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, PD_DEMO_ERROR, PD_DEMO_ERROR_SANDBOX_FAILED,
                   _("The provider simulator said something Paydesk does not understand: %s"), first_line);
      return FALSE;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  providers = json_object_has_member (root, "providers") ? json_object_get_object_member (root, "providers") : NULL;
  credentials = json_object_has_member (root, "credentials") ? json_object_get_object_member (root, "credentials") : NULL;
  if (providers == NULL)
    {
      g_set_error_literal (error, PD_DEMO_ERROR, PD_DEMO_ERROR_SANDBOX_FAILED,
                           _("The provider simulator serves no provider"));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (demo_providers); i++)
    {
      const char *provider = demo_providers[i];
      const char *base_url = member_string (providers, provider);
      JsonObject *keys = credentials != NULL && json_object_has_member (credentials, provider)
        ? json_object_get_object_member (credentials, provider) : NULL;
      g_autoptr(PdAccount) account = NULL;
      g_autoptr(PdSecretSet) secrets = NULL;
      g_autoptr(GList) fields = NULL;

      if (base_url == NULL)
        continue;

      account = pd_account_new ();
      account->provider = g_strdup (provider);
      /* Translators: the name of a demo account: the provider's name */
      account->label = g_strdup_printf (_("%s Demo"), pd_provider_get_display_name (provider));
      account->base_url = g_strdup (base_url);
      account->mode = PD_ACCOUNT_MODE_TEST;
      account->username = g_strdup (member_string (keys, "username"));
      account->phone = g_strdup (member_string (keys, "phone"));

      if (!pd_store_add_account (data->store, account, error))
        return FALSE;

      secrets = pd_secret_set_new ();
      fields = keys != NULL ? json_object_get_members (keys) : NULL;
      for (GList *l = fields; l != NULL; l = l->next)
        {
          const char *value = member_string (keys, l->data);

          if (value != NULL && is_kept (l->data))
            pd_secret_set_set (secrets, l->data, value);
        }

      g_ptr_array_add (stored_accounts, account);
      g_ptr_array_add (self->accounts, g_steal_pointer (&account));
      g_ptr_array_add (to_store, g_steal_pointer (&secrets));
    }

  if (self->accounts->len == 0)
    {
      g_set_error_literal (error, PD_DEMO_ERROR, PD_DEMO_ERROR_SANDBOX_FAILED,
                           _("The provider simulator serves no provider Paydesk knows"));
      return FALSE;
    }

  data->n_pending = to_store->len;
  for (guint i = 0; i < to_store->len; i++)
    {
      const PdAccount *account = g_ptr_array_index (stored_accounts, i);

      pd_secrets_store_async (self->secrets, account->uuid, account->provider, account->label,
                              g_ptr_array_index (to_store, i), PD_SECRETS_STORE_SESSION_FALLBACK,
                              g_task_get_cancellable (task), secret_stored_cb, g_object_ref (task));
    }

  return TRUE;
}

static void
first_line_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdDemo *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  if (line == NULL)
    {
      if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, PD_DEMO_ERROR, PD_DEMO_ERROR_SANDBOX_FAILED,
                                 _("The provider simulator stopped before it was ready%s%s"),
                                 error != NULL ? ": " : "", error != NULL ? error->message : "");
      return;
    }

  if (!add_accounts (self, task, line, &error))
    g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * pd_demo_start_async:
 * @self: a demo
 * @store: the store of the demo's data directory
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the accounts are ready
 * @user_data: data for @callback
 *
 * Starts the provider simulator and adds an account for each of its
 * providers to @store, with its credentials in the keyring.
 */
void
pd_demo_start_async (PdDemo              *self,
                     PdStore             *store,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sandbox = NULL;
  g_autofree char *now = NULL;
  g_autofree char *seed = g_strdup_printf ("%d", PD_DEMO_SEED);
  g_autoptr(GDateTime) utc = g_date_time_new_now_utc ();
  StartData *data;

  g_return_if_fail (PD_IS_DEMO (self));
  g_return_if_fail (PD_IS_STORE (store));
  g_return_if_fail (self->sandbox == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_demo_start_async);

  data = g_new0 (StartData, 1);
  data->store = g_object_ref (store);
  g_task_set_task_data (task, data, start_data_free);
  g_set_object (&self->store, store);

  sandbox = pd_demo_find_sandbox (&error);
  if (sandbox == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  now = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  self->sandbox = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                    sandbox, "--port", "0", "--seed", seed, "--now", now, NULL);
  if (self->sandbox == NULL)
    {
      g_task_return_new_error (task, PD_DEMO_ERROR, PD_DEMO_ERROR_SANDBOX_FAILED,
                               _("The provider simulator could not be started: %s"), error->message);
      return;
    }

  data->lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->sandbox));
  g_data_input_stream_read_line_async (data->lines, G_PRIORITY_DEFAULT, cancellable,
                                       first_line_cb, g_steal_pointer (&task));
}

gboolean
pd_demo_start_finish (PdDemo        *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (PD_IS_DEMO (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Sync */

typedef struct
{
  guint   index;
  guint   n_synced;
  PdSync *sync;
} SyncData;

static void
sync_data_free (gpointer pointer)
{
  SyncData *data = pointer;

  g_clear_object (&data->sync);
  g_free (data);
}

static void sync_next (GTask *task);

static void
record_error (PdDemo       *self,
              gint64        account_id,
              const GError *error)
{
  g_hash_table_replace (self->errors, g_memdup2 (&account_id, sizeof account_id), g_error_copy (error));
}

static void
account_synced_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdDemo *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);
  const PdAccount *account = g_ptr_array_index (self->accounts, data->index);
  g_autoptr(GError) error = NULL;

  if (!pd_sync_run_finish (PD_SYNC (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      record_error (self, account->id, error);
    }
  else
    data->n_synced++;

  g_clear_object (&data->sync);
  data->index++;
  sync_next (g_steal_pointer (&task));
}

static void
account_secrets_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdDemo *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);
  const PdAccount *account = g_ptr_array_index (self->accounts, data->index);
  g_autoptr(PdSecretSet) secrets = NULL;
  g_autoptr(PdProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  secrets = pd_secrets_lookup_finish (PD_SECRETS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_error (&error);

  provider = pd_provider_registry_create (account, secrets, &error);
  if (provider == NULL)
    {
      record_error (self, account->id, error);
      data->index++;
      sync_next (g_steal_pointer (&task));
      return;
    }

  /* Read before the call: an argument may steal the task first. */
  cancellable = g_task_get_cancellable (task);
  data->sync = pd_sync_new (self->store, provider, account->id);
  pd_sync_run_async (data->sync, NULL, cancellable, account_synced_cb, g_steal_pointer (&task));
}

static void
sync_next (GTask *task)
{
  PdDemo *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);

  if (data->index < self->accounts->len)
    {
      const PdAccount *account = g_ptr_array_index (self->accounts, data->index);

      pd_secrets_lookup_async (self->secrets, account->uuid, g_task_get_cancellable (task),
                               account_secrets_cb, task);
      return;
    }

  if (data->n_synced == 0)
    {
      GHashTableIter iter;
      gpointer value = NULL;

      g_hash_table_iter_init (&iter, self->errors);
      g_hash_table_iter_next (&iter, NULL, &value);
      g_task_return_new_error (task, PD_DEMO_ERROR, PD_DEMO_ERROR_NO_ACCOUNT,
                               _("No demo account could be synchronized: %s"),
                               value != NULL ? ((GError *)value)->message : "");
    }
  else
    g_task_return_boolean (task, TRUE);

  g_object_unref (task);
}

/**
 * pd_demo_sync_async:
 * @self: a started demo
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when every account was tried
 * @user_data: data for @callback
 *
 * Synchronizes the demo accounts one after the other. An account that
 * fails does not stop the others; pd_demo_get_account_error() tells why.
 * Fails only when no account could be synchronized.
 */
void
pd_demo_sync_async (PdDemo              *self,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PD_IS_DEMO (self));
  g_return_if_fail (self->store != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_demo_sync_async);
  g_task_set_task_data (task, g_new0 (SyncData, 1), sync_data_free);
  g_hash_table_remove_all (self->errors);

  sync_next (task);
}

gboolean
pd_demo_sync_finish (PdDemo        *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (PD_IS_DEMO (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * pd_demo_get_account_error:
 * @self: a demo
 * @account_id: a demo account
 *
 * Returns: (transfer none) (nullable): why the last pd_demo_sync_async()
 *   could not synchronize the account, or %NULL
 */
const GError *
pd_demo_get_account_error (PdDemo *self,
                           gint64  account_id)
{
  g_return_val_if_fail (PD_IS_DEMO (self), NULL);

  return g_hash_table_lookup (self->errors, &account_id);
}

/* Stop */

static void
sandbox_ended_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdDemo *self = g_task_get_source_object (task);

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  g_clear_object (&self->sandbox);
  remove_tree (self->data_dir);
  g_task_return_boolean (task, TRUE);
}

static void
stop_sandbox (GTask *task)
{
  PdDemo *self = g_task_get_source_object (task);

  if (self->sandbox == NULL)
    {
      remove_tree (self->data_dir);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  g_subprocess_send_signal (self->sandbox, SIGTERM);
  g_subprocess_wait_async (self->sandbox, NULL, sandbox_ended_cb, task);
}

static void
secret_cleared_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  guint *n_pending = g_task_get_task_data (task);

  /* A demo key that stays behind in a keyring is a dead key to a local
   * simulator; nothing to report. */
  pd_secrets_clear_finish (PD_SECRETS (object), result, NULL);

  if (--(*n_pending) == 0)
    stop_sandbox (task);
}

/**
 * pd_demo_stop_async:
 * @self: a demo
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the demo is gone
 * @user_data: data for @callback
 *
 * Removes the demo credentials from the keyring, stops the provider
 * simulator and deletes the demo's data directory. The caller closes its
 * store first.
 */
void
pd_demo_stop_async (PdDemo              *self,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;
  guint *n_pending;

  g_return_if_fail (PD_IS_DEMO (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_demo_stop_async);
  n_pending = g_new0 (guint, 1);
  *n_pending = self->accounts->len;
  g_task_set_task_data (task, n_pending, g_free);
  g_clear_object (&self->store);

  if (self->accounts->len == 0)
    {
      stop_sandbox (task);
      return;
    }

  for (guint i = 0; i < self->accounts->len; i++)
    {
      const PdAccount *account = g_ptr_array_index (self->accounts, i);

      pd_secrets_clear_async (self->secrets, account->uuid, NULL, secret_cleared_cb, task);
    }
}

gboolean
pd_demo_stop_finish (PdDemo        *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (PD_IS_DEMO (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

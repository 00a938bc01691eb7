/* test-secrets.c - tests of account secrets in the keyring
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The /secrets/keyring/ cases use the Secret Service of the session bus the
 * environment gives (build-aux/test.sh starts a private bus with an
 * unlocked gnome-keyring). The cases without a keyring, or with a locked
 * one, run in a child process with a bus of their own, because libsecret
 * keeps one SecretService per process.
 */

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "pd-secrets.h"

/* The contract of HACKING.md, spelled out again so that the tests check
 * the product against it rather than against itself. */
static const SecretSchema contract_schema = {
  "io.github.paydesk.Paydesk.Account",
  SECRET_SCHEMA_NONE,
  {
    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

static PdSecretSet *
secret_set_of (const char *field,
               ...)
{
  PdSecretSet *set = pd_secret_set_new ();
  va_list args;

  va_start (args, field);
  while (field != NULL)
    {
      pd_secret_set_set (set, field, va_arg (args, const char *));
      field = va_arg (args, const char *);
    }
  va_end (args);

  return set;
}

static gboolean
have_session_bus (void)
{
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("DBUS_SESSION_BUS_ADDRESS is unset: run this test inside the private "
                   "D-Bus session with an unlocked gnome-keyring that build-aux/test.sh "
                   "starts, never against your own keyring");
      return FALSE;
    }

  return TRUE;
}

static void
keep_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

static void
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* The async API, waited for on the thread's default main context. */
static gboolean
store_and_wait (PdSecrets            *secrets,
                const char           *account_uuid,
                const char           *provider,
                const char           *label,
                const PdSecretSet    *set,
                PdSecretsStoreFlags   flags,
                GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_secrets_store_async (secrets, account_uuid, provider, label, set, flags, NULL,
                          keep_result, &result);
  wait_for (&result);

  return pd_secrets_store_finish (secrets, result, error);
}

static PdSecretSet *
lookup_and_wait (PdSecrets   *secrets,
                 const char  *account_uuid,
                 GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_secrets_lookup_async (secrets, account_uuid, NULL, keep_result, &result);
  wait_for (&result);

  return pd_secrets_lookup_finish (secrets, result, error);
}

static gboolean
clear_and_wait (PdSecrets   *secrets,
                const char  *account_uuid,
                GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_secrets_clear_async (secrets, account_uuid, NULL, keep_result, &result);
  wait_for (&result);

  return pd_secrets_clear_finish (secrets, result, error);
}

/* The items of an account as the keyring itself has them. */
static GList *
keyring_items (const char *account_uuid)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GList *items;

  g_hash_table_insert (attributes, (gpointer)"account", (gpointer)account_uuid);
  items = secret_service_search_sync (NULL, &contract_schema, attributes,
                                      SECRET_SEARCH_ALL | SECRET_SEARCH_LOAD_SECRETS,
                                      NULL, &error);
  g_assert_no_error (error);

  return items;
}

static void
store_raw (const char *account_uuid,
           const char *secret)
{
  g_autoptr(GError) error = NULL;

  secret_password_store_sync (&contract_schema, SECRET_COLLECTION_DEFAULT,
                              "Paydesk: raw test item (FayaPay)", secret, NULL, &error,
                              "account", account_uuid,
                              "provider", "fayapay",
                              NULL);
  g_assert_no_error (error);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

/* Secret sets, no keyring involved */

static void
test_set_fields (void)
{
  g_autoptr(PdSecretSet) set = pd_secret_set_new ();
  g_autoptr(PdSecretSet) copy = NULL;
  g_auto(GStrv) fields = NULL;
  g_autofree char *longest = g_strnfill (64, 'k');
  g_autofree char *too_long = g_strnfill (65, 'k');
  const char *valid[] = { "api_key", "token", "password", "session_key", "secret_hash", "k2" };
  const char *invalid[] = { "", "API_KEY", "api-key", "2fa", "_key", "api key", "clé" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (valid); i++)
    g_assert_true (pd_secret_set_is_valid_field (valid[i]));
  for (i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_false (pd_secret_set_is_valid_field (invalid[i]));
  g_assert_true (pd_secret_set_is_valid_field (longest));
  g_assert_false (pd_secret_set_is_valid_field (too_long));
  g_assert_false (pd_secret_set_is_valid_field (NULL));

  g_assert_cmpuint (pd_secret_set_get_size (set), ==, 0);
  g_assert_null (pd_secret_set_get (set, "password"));

  pd_secret_set_set (set, "password", "first");
  pd_secret_set_set (set, "api_key", "ak");
  pd_secret_set_set (set, "password", "second");
  g_assert_cmpuint (pd_secret_set_get_size (set), ==, 2);
  g_assert_cmpstr (pd_secret_set_get (set, "password"), ==, "second");
  g_assert_cmpstr (pd_secret_set_get (set, "api_key"), ==, "ak");

  fields = pd_secret_set_dup_fields (set);
  g_assert_cmpuint (g_strv_length (fields), ==, 2);
  g_assert_cmpstr (fields[0], ==, "api_key");
  g_assert_cmpstr (fields[1], ==, "password");

  copy = pd_secret_set_copy (set);
  g_assert_true (pd_secret_set_equal (set, copy));
  pd_secret_set_set (copy, "api_key", "other");
  g_assert_false (pd_secret_set_equal (set, copy));
  g_assert_cmpstr (pd_secret_set_get (set, "api_key"), ==, "ak");

  g_assert_true (pd_secret_set_remove (copy, "api_key"));
  g_assert_false (pd_secret_set_remove (copy, "api_key"));
  g_assert_false (pd_secret_set_equal (set, copy));
  g_assert_cmpuint (pd_secret_set_get_size (copy), ==, 1);
  g_assert_null (pd_secret_set_get (copy, "api_key"));
}

/* A store that cannot be right fails before the keyring is asked. */
static void
test_store_refuses_bad_input (void)
{
  g_autoptr(PdSecrets) secrets = pd_secrets_new ();
  g_autoptr(PdSecretSet) empty = pd_secret_set_new ();
  g_autoptr(PdSecretSet) not_text = secret_set_of ("api_key", "ab\xff\xfe", NULL);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;

  g_assert_false (pd_secrets_store_sync (secrets, uuid, "fayapay", "Shop", empty,
                                         PD_SECRETS_STORE_SESSION_FALLBACK, NULL, &error));
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (pd_secrets_store_sync (secrets, uuid, "fayapay", "Shop", not_text,
                                         PD_SECRETS_STORE_SESSION_FALLBACK, NULL, &error));
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "api_key"));

  /* Refused input is not kept for the session either. */
  g_assert_false (pd_secrets_get_session_only (secrets));
  g_assert_false (pd_secrets_has_session_secrets (secrets, uuid));

  g_assert_finalize_object (g_steal_pointer (&secrets));
}

/* Against the environment's keyring */

static void
test_keyring_round_trip (void)
{
  g_autoptr(PdSecrets) secrets = NULL;
  g_autoptr(PdSecretSet) set = NULL;
  g_autoptr(PdSecretSet) found = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autolist(SecretItem) items = NULL;
  g_autofree char *item_label = NULL;
  g_autofree char *schema_name = NULL;
  const char *bytes;
  gsize length;

  if (!have_session_bus ())
    return;

  secrets = pd_secrets_new ();
  set = secret_set_of ("api_key", "fp_test_Kd93xQ", NULL);

  pd_secrets_store_async (secrets, uuid, "fayapay", "Main shop", set,
                          PD_SECRETS_STORE_NONE, NULL, keep_result, &result);
  wait_for (&result);
  g_assert_true (pd_secrets_store_finish (secrets, result, &error));
  g_assert_no_error (error);
  g_assert_false (pd_secrets_get_session_only (secrets));
  g_clear_object (&result);

  /* The item is the one HACKING.md describes. */
  items = keyring_items (uuid);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  item_label = secret_item_get_label (items->data);
  g_assert_cmpstr (item_label, ==, "Paydesk: Main shop (FayaPay)");
  schema_name = secret_item_get_schema_name (items->data);
  g_assert_cmpstr (schema_name, ==, "io.github.paydesk.Paydesk.Account");
  attributes = secret_item_get_attributes (items->data);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "account"), ==, uuid);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "provider"), ==, "fayapay");
  value = secret_item_get_secret (items->data);
  g_assert_nonnull (value);
  bytes = secret_value_get (value, &length);
  g_assert_cmpmem (bytes, length, "{\"api_key\":\"fp_test_Kd93xQ\"}", 28);

  pd_secrets_lookup_async (secrets, uuid, NULL, keep_result, &result);
  wait_for (&result);
  found = pd_secrets_lookup_finish (secrets, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_true (pd_secret_set_equal (found, set));
  g_clear_object (&result);
  g_clear_pointer (&found, pd_secret_set_free);

  pd_secrets_clear_async (secrets, uuid, NULL, keep_result, &result);
  wait_for (&result);
  g_assert_true (pd_secrets_clear_finish (secrets, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  g_list_free_full (g_steal_pointer (&items), g_object_unref);
  items = keyring_items (uuid);
  g_assert_null (items);

  pd_secrets_lookup_async (secrets, uuid, NULL, keep_result, &result);
  wait_for (&result);
  found = pd_secrets_lookup_finish (secrets, result, &error);
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NOT_FOUND);
  g_assert_null (found);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Clearing what is not there is not an error: nothing is left. */
  g_assert_true (pd_secrets_clear_sync (secrets, uuid, NULL, &error));
  g_assert_no_error (error);

  g_assert_finalize_object (g_steal_pointer (&secrets));
}

static void
test_keyring_text_survives (void)
{
  g_autoptr(PdSecrets) secrets = NULL;
  g_autoptr(PdSecretSet) set = NULL;
  g_autoptr(PdSecretSet) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();

  if (!have_session_bus ())
    return;

  secrets = pd_secrets_new ();
  set = secret_set_of ("password", "p\"a\\s/s\nw\to\x01rd}",
                       "session_key", "Ωμέγα 💳 ключ المفتاح",
                       "secret_hash", "",
                       "username", "{\"not\":\"json\"}",
                       NULL);

  g_assert_true (pd_secrets_store_sync (secrets, uuid, "enayapay", "Khartoum", set,
                                        PD_SECRETS_STORE_NONE, NULL, &error));
  g_assert_no_error (error);

  found = pd_secrets_lookup_sync (secrets, uuid, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pd_secret_set_equal (found, set));
  g_assert_cmpstr (pd_secret_set_get (found, "password"), ==, "p\"a\\s/s\nw\to\x01rd}");

  g_assert_true (pd_secrets_clear_sync (secrets, uuid, NULL, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&secrets));
}

static void
test_keyring_accounts_apart (void)
{
  g_autoptr(PdSecrets) secrets = NULL;
  g_autoptr(PdSecretSet) set_a = NULL;
  g_autoptr(PdSecretSet) set_b = NULL;
  g_autoptr(PdSecretSet) set_c = NULL;
  g_autoptr(PdSecretSet) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid_a = g_uuid_string_random ();
  g_autofree char *uuid_b = g_uuid_string_random ();
  g_autofree char *uuid_c = g_uuid_string_random ();

  if (!have_session_bus ())
    return;

  secrets = pd_secrets_new ();
  set_a = secret_set_of ("api_key", "key-of-a", NULL);
  set_b = secret_set_of ("api_key", "key-of-b", NULL);
  set_c = secret_set_of ("token", "token-of-c", "secret_hash", "hash-of-c", NULL);

  /* Two accounts of the same provider, and one of another. */
  g_assert_true (pd_secrets_store_sync (secrets, uuid_a, "fayapay", "A", set_a, 0, NULL, &error));
  g_assert_true (pd_secrets_store_sync (secrets, uuid_b, "fayapay", "B", set_b, 0, NULL, &error));
  g_assert_true (pd_secrets_store_sync (secrets, uuid_c, "zengapay", "C", set_c, 0, NULL, &error));
  g_assert_no_error (error);

  found = pd_secrets_lookup_sync (secrets, uuid_a, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pd_secret_set_equal (found, set_a));
  g_clear_pointer (&found, pd_secret_set_free);

  found = pd_secrets_lookup_sync (secrets, uuid_b, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pd_secret_set_equal (found, set_b));
  g_clear_pointer (&found, pd_secret_set_free);

  found = pd_secrets_lookup_sync (secrets, uuid_c, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pd_secret_set_equal (found, set_c));
  g_clear_pointer (&found, pd_secret_set_free);

  /* Removing one account leaves the others alone. */
  g_assert_true (pd_secrets_clear_sync (secrets, uuid_a, NULL, &error));
  g_assert_no_error (error);

  found = pd_secrets_lookup_sync (secrets, uuid_a, NULL, &error);
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NOT_FOUND);
  g_assert_null (found);
  g_clear_error (&error);

  found = pd_secrets_lookup_sync (secrets, uuid_b, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pd_secret_set_equal (found, set_b));
  g_clear_pointer (&found, pd_secret_set_free);

  g_assert_true (pd_secrets_clear_sync (secrets, uuid_b, NULL, &error));
  g_assert_true (pd_secrets_clear_sync (secrets, uuid_c, NULL, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&secrets));
}

static void
test_keyring_absent (void)
{
  g_autoptr(PdSecrets) secrets = NULL;
  g_autoptr(PdSecretSet) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();

  if (!have_session_bus ())
    return;

  secrets = pd_secrets_new ();
  found = pd_secrets_lookup_sync (secrets, uuid, NULL, &error);
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NOT_FOUND);
  g_assert_null (found);
  g_assert_cmpstr (error->message, !=, "");

  g_assert_finalize_object (g_steal_pointer (&secrets));
}

static void
test_keyring_overwrite (void)
{
  g_autoptr(PdSecrets) secrets = NULL;
  g_autoptr(PdSecretSet) first = NULL;
  g_autoptr(PdSecretSet) second = NULL;
  g_autoptr(PdSecretSet) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autolist(SecretItem) items = NULL;
  g_autofree char *item_label = NULL;
  g_autofree char *uuid = g_uuid_string_random ();

  if (!have_session_bus ())
    return;

  secrets = pd_secrets_new ();
  first = secret_set_of ("password", "old password", NULL);
  second = secret_set_of ("password", "new password", "session_key", "sk_1", NULL);

  g_assert_true (pd_secrets_store_sync (secrets, uuid, "pawacard", "Nairobi", first,
                                        PD_SECRETS_STORE_NONE, NULL, &error));
  g_assert_true (pd_secrets_store_sync (secrets, uuid, "pawacard", "Nairobi office", second,
                                        PD_SECRETS_STORE_NONE, NULL, &error));
  g_assert_no_error (error);

  found = pd_secrets_lookup_sync (secrets, uuid, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pd_secret_set_equal (found, second));

  /* Replaced in place: one item, with the new label. */
  items = keyring_items (uuid);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  item_label = secret_item_get_label (items->data);
  g_assert_cmpstr (item_label, ==, "Paydesk: Nairobi office (PawaCard)");

  g_assert_true (pd_secrets_clear_sync (secrets, uuid, NULL, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&secrets));
}

/* Items that another program (or a person, in Passwords and Keys) wrote. */
static void
test_keyring_foreign_items (void)
{
  const char *malformed[] = {
    "",
    "fp_test_plain_key",
    "{}",
    "[\"api_key\"]",
    "{\"api_key\":5}",
    "{\"api_key\":null}",
    "{\"api_key\":\"a\"} trailing",
    "{\"api_key\":\"a\",}",
    "{\"api_key\":\"a\",\"api_key\":\"b\"}",
    "{\"API_KEY\":\"a\"}",
    "{\"api_key\":\"unterminated}",
    "{\"api_key\":\"\\ud800\"}",
    "{\"api_key\":\"\\udc00x\"}",
    "{\"api_key\":\"a\\u0000b\"}",
    "{\"api_key\":\"bad \\x escape\"}",
    "{\"api_key\":\"raw\ttab\"}",
    "{\"api_key\":\"\xc3\x28\"}",
  };
  g_autoptr(PdSecrets) secrets = NULL;
  g_autoptr(PdSecretSet) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  guint i;

  if (!have_session_bus ())
    return;

  secrets = pd_secrets_new ();

  for (i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autofree char *shown = g_strescape (malformed[i], NULL);

      g_test_message ("stored secret: %s", shown);
      store_raw (uuid, malformed[i]);
      found = pd_secrets_lookup_sync (secrets, uuid, NULL, &error);
      g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_INVALID);
      g_assert_null (found);
      g_clear_error (&error);
    }

  /* Well-formed JSON written differently from Paydesk's own is read. */
  store_raw (uuid, " {\n  \"api_key\" : \"\\u00e9\\ud83d\\udcb3\\/\\\"\" ,\n  \"token\":\"t\" }\n");
  found = pd_secrets_lookup_sync (secrets, uuid, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pd_secret_set_get_size (found), ==, 2);
  g_assert_cmpstr (pd_secret_set_get (found, "api_key"), ==, "é💳/\"");
  g_assert_cmpstr (pd_secret_set_get (found, "token"), ==, "t");

  g_assert_true (pd_secrets_clear_sync (secrets, uuid, NULL, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&secrets));
}

static void
test_keyring_cancelled (void)
{
  g_autoptr(PdSecrets) secrets = NULL;
  g_autoptr(PdSecretSet) set = NULL;
  g_autoptr(PdSecretSet) found = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();

  if (!have_session_bus ())
    return;

  secrets = pd_secrets_new ();
  set = secret_set_of ("api_key", "never stored", NULL);
  g_cancellable_cancel (cancellable);

  g_assert_false (pd_secrets_store_sync (secrets, uuid, "eoneopay", "Sydney", set,
                                         PD_SECRETS_STORE_SESSION_FALLBACK, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  /* A cancelled store is not a reason to hold the secret in memory. */
  g_assert_false (pd_secrets_has_session_secrets (secrets, uuid));

  found = pd_secrets_lookup_sync (secrets, uuid, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (found);
  g_clear_error (&error);

  found = pd_secrets_lookup_sync (secrets, uuid, NULL, &error);
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NOT_FOUND);
  g_assert_null (found);

  g_assert_finalize_object (g_steal_pointer (&secrets));
}

/* Without a keyring, in a child process */

static gboolean
bytes_contain (const char *haystack,
               gsize       length,
               const char *needle)
{
  gsize needle_length = strlen (needle);
  gsize i;

  for (i = 0; i + needle_length <= length; i++)
    {
      if (memcmp (haystack + i, needle, needle_length) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Whether any file under @path holds @needle. */
static gboolean
tree_contains (const char *path,
               const char *needle)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    return FALSE;

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_file_get_contents (path, &contents, &length, NULL))
        return FALSE;
      return bytes_contain (contents, length, needle);
    }

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return FALSE;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (tree_contains (child, needle))
        return TRUE;
    }

  return FALSE;
}

/* A child's own home and XDG directories, under one temporary root, so
 * that the keyring it starts keeps its files there and a scan can tell
 * that nothing else wrote a secret anywhere. */
static const struct {
  const char *variable;
  const char *name;
} child_dirs[] = {
  { "HOME", "home" },
  { "XDG_DATA_HOME", "data" },
  { "XDG_CONFIG_HOME", "config" },
  { "XDG_CACHE_HOME", "cache" },
  { "XDG_STATE_HOME", "state" },
  { "XDG_RUNTIME_DIR", "runtime" },
};

static char *child_root;

static char *
child_dir (const char *name)
{
  return g_build_filename (child_root, name, NULL);
}

static void
child_dirs_create (void)
{
  g_autoptr(GError) error = NULL;
  guint i;

  child_root = g_dir_make_tmp ("paydesk-test-secrets-XXXXXX", &error);
  g_assert_no_error (error);

  /* Before anything in this process asks GLib for them. */
  for (i = 0; i < G_N_ELEMENTS (child_dirs); i++)
    {
      g_autofree char *path = child_dir (child_dirs[i].name);

      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
      g_setenv (child_dirs[i].variable, path, TRUE);
    }
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }

  g_remove (path);
}

static void
child_dirs_remove (void)
{
  remove_tree (child_root);
  g_clear_pointer (&child_root, g_free);
}

static gboolean
user_dirs_contain (const char *needle)
{
  return tree_contains (child_root, needle);
}

/* The scan is only worth something if it finds what is there. */
static void
assert_scan_finds_canary (void)
{
  g_autofree char *nonce = g_uuid_string_random ();
  g_autofree char *canary = g_strdup_printf ("canary-%s", nonce);
  g_autofree char *data = child_dir ("data");
  g_autofree char *dir = g_build_filename (data, "paydesk", NULL);
  g_autofree char *path = g_build_filename (dir, "canary.txt", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, canary, -1, &error);
  g_assert_no_error (error);
  g_assert_true (user_dirs_contain (canary));
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_false (user_dirs_contain (canary));
}

static void
test_no_service_child (void)
{
  g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autoptr(PdSecrets) secrets = NULL;
  g_autoptr(PdSecretSet) set = NULL;
  g_autoptr(PdSecretSet) other_set = NULL;
  g_autoptr(PdSecretSet) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *other = g_uuid_string_random ();
  g_autofree char *nonce = g_uuid_string_random ();
  g_autofree char *key = g_strdup_printf ("fp_live_%s", nonce);
  guint notified = 0;

  /* A bus with no service files: nothing can start a keyring on it. */
  g_test_dbus_up (bus);

  secrets = pd_secrets_new ();
  g_signal_connect (secrets, "notify::session-only", G_CALLBACK (count_notify), &notified);
  set = secret_set_of ("api_key", key, NULL);
  other_set = secret_set_of ("password", "other-password", NULL);

  /* Without the fallback nothing is kept. */
  g_assert_false (store_and_wait (secrets, uuid, "fayapay", "Accra", set,
                                  PD_SECRETS_STORE_NONE, &error));
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NO_SERVICE);
  g_assert_null (strstr (error->message, "kept in memory"));
  g_clear_error (&error);
  g_assert_false (pd_secrets_has_session_secrets (secrets, uuid));
  g_assert_false (pd_secrets_get_session_only (secrets));
  g_assert_cmpuint (notified, ==, 0);

  found = lookup_and_wait (secrets, uuid, &error);
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NO_SERVICE);
  g_assert_null (found);
  g_clear_error (&error);

  /* With it, the store still says the keyring was missing, and the secret
   * is there for the rest of the session. */
  g_assert_false (store_and_wait (secrets, uuid, "fayapay", "Accra", set,
                                  PD_SECRETS_STORE_SESSION_FALLBACK, &error));
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NO_SERVICE);
  g_assert_nonnull (strstr (error->message, "kept in memory"));
  g_clear_error (&error);
  g_assert_true (pd_secrets_has_session_secrets (secrets, uuid));
  g_assert_true (pd_secrets_get_session_only (secrets));
  g_assert_cmpuint (notified, ==, 1);

  found = lookup_and_wait (secrets, uuid, &error);
  g_assert_no_error (error);
  g_assert_true (pd_secret_set_equal (found, set));
  g_clear_pointer (&found, pd_secret_set_free);

  /* The async path behaves the same. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    pd_secrets_store_async (secrets, other, "pawacard", "Mombasa", other_set,
                            PD_SECRETS_STORE_SESSION_FALLBACK, NULL, keep_result, &result);
    wait_for (&result);
    g_assert_false (pd_secrets_store_finish (secrets, result, &error));
    g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NO_SERVICE);
    g_clear_error (&error);
    g_clear_object (&result);

    pd_secrets_lookup_async (secrets, other, NULL, keep_result, &result);
    wait_for (&result);
    found = pd_secrets_lookup_finish (secrets, result, &error);
    g_assert_no_error (error);
    g_assert_true (pd_secret_set_equal (found, other_set));
    g_clear_pointer (&found, pd_secret_set_free);
  }
  g_assert_cmpuint (notified, ==, 1);

  /* Not a byte of it reached a file. */
  assert_scan_finds_canary ();
  g_assert_false (user_dirs_contain (key));
  g_assert_false (user_dirs_contain ("other-password"));

  /* Clearing forgets the copy in memory, and says the keyring could not be
   * reached. */
  g_assert_false (clear_and_wait (secrets, uuid, &error));
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NO_SERVICE);
  g_clear_error (&error);
  g_assert_false (pd_secrets_has_session_secrets (secrets, uuid));
  g_assert_true (pd_secrets_get_session_only (secrets));

  found = lookup_and_wait (secrets, uuid, &error);
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NO_SERVICE);
  g_assert_null (found);
  g_clear_error (&error);

  g_assert_false (clear_and_wait (secrets, other, &error));
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NO_SERVICE);
  g_clear_error (&error);
  g_assert_false (pd_secrets_get_session_only (secrets));
  g_assert_cmpuint (notified, ==, 2);

  g_assert_finalize_object (g_steal_pointer (&secrets));
  secret_service_disconnect ();
  g_test_dbus_down (bus);
}

static void
test_no_bus_child (void)
{
  g_autoptr(PdSecrets) secrets = NULL;
  g_autoptr(PdSecretSet) set = NULL;
  g_autoptr(PdSecretSet) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *address = NULL;

  /* A session without any bus, as over ssh or in a bare container. */
  g_test_dbus_unset ();
  address = g_strdup_printf ("unix:path=%s/runtime/no-bus-here", child_root);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);

  secrets = pd_secrets_new ();
  set = secret_set_of ("token", "zp_token", NULL);

  g_assert_false (store_and_wait (secrets, uuid, "zengapay", "Kampala", set,
                                  PD_SECRETS_STORE_SESSION_FALLBACK, &error));
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NO_SERVICE);
  g_clear_error (&error);
  g_assert_true (pd_secrets_get_session_only (secrets));

  found = lookup_and_wait (secrets, uuid, &error);
  g_assert_no_error (error);
  g_assert_true (pd_secret_set_equal (found, set));
  g_clear_pointer (&found, pd_secret_set_free);

  g_assert_false (clear_and_wait (secrets, uuid, &error));
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NO_SERVICE);
  g_clear_error (&error);

  found = lookup_and_wait (secrets, uuid, &error);
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NO_SERVICE);
  g_assert_null (found);

  g_assert_finalize_object (g_steal_pointer (&secrets));
}

/* A gnome-keyring of the child's own, on the child's own bus, in the
 * child's own XDG directories. */
static GSubprocess *
start_keyring (gboolean unlock)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) keyring = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path ("gnome-keyring-daemon");
  gint64 deadline;
  guint i;

  g_assert_nonnull (program);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  /* The keyring's own warnings are not this test's failures. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  /* GTestDBus unsets XDG_RUNTIME_DIR; the keyring puts its socket there. */
  for (i = 0; i < G_N_ELEMENTS (child_dirs); i++)
    {
      g_autofree char *path = child_dir (child_dirs[i].name);

      g_subprocess_launcher_setenv (launcher, child_dirs[i].variable, path, TRUE);
    }

  keyring = g_subprocess_launcher_spawn (launcher, &error,
                                         program, "--foreground", "--components=secrets",
                                         unlock ? "--unlock" : NULL, NULL);
  g_assert_no_error (error);

  if (unlock)
    g_output_stream_write_all (g_subprocess_get_stdin_pipe (keyring), "test", 4,
                               NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (g_subprocess_get_stdin_pipe (keyring), NULL, &error);
  g_assert_no_error (error);

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(GVariant) reply = NULL;
      gboolean has_owner = FALSE;

      reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "NameHasOwner",
                                           g_variant_new ("(s)", "org.freedesktop.secrets"),
                                           G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                           -1, NULL, &error);
      g_assert_no_error (error);
      g_variant_get (reply, "(b)", &has_owner);
      if (has_owner)
        break;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (G_USEC_PER_SEC / 20);
    }

  return g_steal_pointer (&keyring);
}

static void
stop_keyring (GSubprocess *keyring)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (keyring, SIGTERM);
  g_subprocess_wait (keyring, NULL, &error);
  g_assert_no_error (error);
}

static void
lock_default_collection (void)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GError) error = NULL;
  GList *objects;

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);

  objects = g_list_append (NULL, collection);
  g_assert_cmpint (secret_service_lock_sync (service, objects, NULL, NULL, &error), ==, 1);
  g_assert_no_error (error);
  g_list_free (objects);
}

static void
test_locked_child (void)
{
  g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autoptr(GSubprocess) keyring = NULL;
  g_autoptr(PdSecrets) secrets = NULL;
  g_autoptr(PdSecretSet) saved = NULL;
  g_autoptr(PdSecretSet) newer = NULL;
  g_autoptr(PdSecretSet) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();

  g_test_dbus_up (bus);
  keyring = start_keyring (TRUE);

  secrets = pd_secrets_new ();
  saved = secret_set_of ("api_key", "saved-before-locking", NULL);
  newer = secret_set_of ("api_key", "entered-while-locked", NULL);

  g_assert_true (store_and_wait (secrets, uuid, "eoneopay", "Sydney", saved,
                                 PD_SECRETS_STORE_NONE, &error));
  g_assert_no_error (error);

  lock_default_collection ();

  /* Nobody can answer the unlock prompt here: the bus has no prompter. */
  found = lookup_and_wait (secrets, uuid, &error);
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_LOCKED);
  g_assert_null (found);
  g_clear_error (&error);

  found = pd_secrets_lookup_sync (secrets, uuid, NULL, &error);
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_LOCKED);
  g_assert_null (found);
  g_clear_error (&error);

  g_assert_false (store_and_wait (secrets, uuid, "eoneopay", "Sydney", newer,
                                  PD_SECRETS_STORE_NONE, &error));
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_LOCKED);
  g_assert_null (strstr (error->message, "kept in memory"));
  g_clear_error (&error);

  g_assert_false (pd_secrets_store_sync (secrets, uuid, "eoneopay", "Sydney", newer,
                                         PD_SECRETS_STORE_NONE, NULL, &error));
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_false (pd_secrets_get_session_only (secrets));

  g_assert_false (pd_secrets_clear_sync (secrets, uuid, NULL, &error));
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_LOCKED);
  g_clear_error (&error);

  g_assert_false (store_and_wait (secrets, uuid, "eoneopay", "Sydney", newer,
                                  PD_SECRETS_STORE_SESSION_FALLBACK, &error));
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "kept in memory"));
  g_clear_error (&error);
  g_assert_true (pd_secrets_get_session_only (secrets));

  /* The secret entered this session wins over the older one in the
   * keyring. */
  found = lookup_and_wait (secrets, uuid, &error);
  g_assert_no_error (error);
  g_assert_true (pd_secret_set_equal (found, newer));
  g_clear_pointer (&found, pd_secret_set_free);

  g_assert_false (clear_and_wait (secrets, uuid, &error));
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_false (pd_secrets_get_session_only (secrets));

  g_assert_false (user_dirs_contain ("entered-while-locked"));

  g_assert_finalize_object (g_steal_pointer (&secrets));
  secret_service_disconnect ();
  stop_keyring (keyring);
  g_test_dbus_down (bus);
}

/* A prompter that takes every prompt and never answers it, like a prompt
 * shown where nobody looks. It answers every method call at once with an
 * empty reply and never calls back, on a thread and a connection of its
 * own, as the separate process a real prompter is. */
typedef struct
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  char         *address;
  gint          calls;
  GMutex        mutex;
  GCond         cond;
  gboolean      ready;
} SilentPrompter;

/* Calls @method on the callback object that @message names. */
static void
call_back (GDBusConnection *connection,
           GDBusMessage    *message,
           const char      *method,
           GVariant        *parameters)
{
  g_autoptr(GDBusMessage) call = NULL;
  g_autoptr(GVariant) owned = parameters != NULL ? g_variant_ref_sink (parameters) : NULL;
  GVariant *body = g_dbus_message_get_body (message);
  const char *callback = NULL;

  if (body == NULL || !g_variant_is_of_type (body, G_VARIANT_TYPE ("(o)")))
    return;

  g_variant_get (body, "(&o)", &callback);
  call = g_dbus_message_new_method_call (g_dbus_message_get_sender (message), callback,
                                         "org.gnome.keyring.internal.Prompter.Callback", method);
  if (owned != NULL)
    g_dbus_message_set_body (call, owned);
  g_dbus_message_set_flags (call, G_DBUS_MESSAGE_FLAGS_NO_REPLY_EXPECTED);
  g_dbus_connection_send_message (connection, call, G_DBUS_SEND_MESSAGE_FLAGS_NONE, NULL, NULL);
}

static GDBusMessage *
take_prompt_calls (GDBusConnection *connection,
                   GDBusMessage    *message,
                   gboolean         incoming,
                   gpointer         user_data)
{
  SilentPrompter *prompter = user_data;
  g_autoptr(GDBusMessage) reply = NULL;

  if (!incoming ||
      g_dbus_message_get_message_type (message) != G_DBUS_MESSAGE_TYPE_METHOD_CALL ||
      !g_str_has_prefix (g_dbus_message_get_path (message), "/org/gnome/keyring/Prompter"))
    return message;

  g_atomic_int_inc (&prompter->calls);
  reply = g_dbus_message_new_method_reply (message);
  g_dbus_connection_send_message (connection, reply, G_DBUS_SEND_MESSAGE_FLAGS_NONE, NULL, NULL);

  /* Asked to begin, it says it is ready, as a prompter does once its
   * window is up; told to stop (the prompt was dismissed), it says it is
   * done, as a prompter does once its window is closed. The prompt itself
   * (PerformPrompt) it never answers. */
  if (g_strcmp0 (g_dbus_message_get_member (message), "BeginPrompting") == 0)
    call_back (connection, message, "PromptReady", g_variant_new ("(sa{sv}s)", "", NULL, ""));
  else if (g_strcmp0 (g_dbus_message_get_member (message), "StopPrompting") == 0)
    call_back (connection, message, "PromptDone", NULL);

  g_object_unref (message);

  return NULL;
}

static gpointer
silent_prompter_run (gpointer data)
{
  SilentPrompter *prompter = data;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint filter;

  g_main_context_push_thread_default (prompter->context);

  connection = g_dbus_connection_new_for_address_sync (prompter->address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  filter = g_dbus_connection_add_filter (connection, take_prompt_calls, prompter, NULL);

  /* The name gnome-keyring asks to show its unlock prompt. */
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.gnome.keyring.SystemPrompter", 0),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       &error);
  g_assert_no_error (error);

  g_mutex_lock (&prompter->mutex);
  prompter->ready = TRUE;
  g_cond_signal (&prompter->cond);
  g_mutex_unlock (&prompter->mutex);

  g_main_loop_run (prompter->loop);

  g_dbus_connection_remove_filter (connection, filter);
  g_dbus_connection_close_sync (connection, NULL, NULL);
  g_main_context_pop_thread_default (prompter->context);

  return NULL;
}

static SilentPrompter *
silent_prompter_start (GTestDBus *bus)
{
  SilentPrompter *prompter = g_new0 (SilentPrompter, 1);

  prompter->context = g_main_context_new ();
  prompter->loop = g_main_loop_new (prompter->context, FALSE);
  prompter->address = g_strdup (g_test_dbus_get_bus_address (bus));
  g_mutex_init (&prompter->mutex);
  g_cond_init (&prompter->cond);
  prompter->thread = g_thread_new ("silent-prompter", silent_prompter_run, prompter);

  g_mutex_lock (&prompter->mutex);
  while (!prompter->ready)
    g_cond_wait (&prompter->cond, &prompter->mutex);
  g_mutex_unlock (&prompter->mutex);

  return prompter;
}

static void
silent_prompter_stop (SilentPrompter *prompter)
{
  g_main_loop_quit (prompter->loop);
  g_thread_join (prompter->thread);
  g_main_loop_unref (prompter->loop);
  g_main_context_unref (prompter->context);
  g_mutex_clear (&prompter->mutex);
  g_cond_clear (&prompter->cond);
  g_free (prompter->address);
  g_free (prompter);
}

static GTestDBus *left_bus;

/* libsecret (0.20) reports a blocking call whose keyring goes away while
 * its prompt is up with a critical of its own, on the thread the call was
 * left to; the calls the test below leaves end so when it stops the
 * keyring. Nothing else is let through. */
static gboolean
ignore_cut_off_calls (const char     *log_domain,
                      GLogLevelFlags  log_level,
                      const char     *message,
                      gpointer        user_data)
{
  return !(g_strcmp0 (log_domain, "GLib-GIO") == 0 &&
           (log_level & G_LOG_LEVEL_CRITICAL) != 0 &&
           strstr (message, "g_task_return_error: assertion 'error != NULL'") != NULL);
}

/* A locked collection, and a prompter that shows the unlock prompt but
 * nobody answers it: each call waits its prompt-timeout, no longer, and
 * fails as locked. */
static void
test_unanswered_prompt_child (void)
{
  g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autoptr(GSubprocess) keyring = NULL;
  g_autoptr(PdSecrets) secrets = NULL;
  g_autoptr(PdSecretSet) saved = NULL;
  g_autoptr(PdSecretSet) newer = NULL;
  g_autoptr(PdSecretSet) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  SilentPrompter *prompter;
  guint timeout_ms = 0;
  gint64 start;

  g_test_dbus_up (bus);
  keyring = start_keyring (TRUE);

  secrets = pd_secrets_new ();
  g_object_get (secrets, "prompt-timeout", &timeout_ms, NULL);
  g_assert_cmpuint (timeout_ms, >=, 30 * 1000);
  g_object_set (secrets, "prompt-timeout", 1500, NULL);

  saved = secret_set_of ("token", "saved-before-locking", NULL);
  newer = secret_set_of ("token", "entered-while-locked", NULL);
  g_assert_true (store_and_wait (secrets, uuid, "zengapay", "Kampala", saved,
                                 PD_SECRETS_STORE_NONE, &error));
  g_assert_no_error (error);

  lock_default_collection ();
  prompter = silent_prompter_start (bus);

  /* The store waits for the prompt it started until its time is up. The
   * time it took shows that the prompt was really waiting. */
  start = g_get_monotonic_time ();
  g_assert_false (store_and_wait (secrets, uuid, "zengapay", "Kampala", newer,
                                  PD_SECRETS_STORE_NONE, &error));
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_LOCKED);
  g_assert_null (strstr (error->message, "kept in memory"));
  g_clear_error (&error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 1400 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  g_assert_cmpint (g_atomic_int_get (&prompter->calls), >, 0);
  g_assert_false (pd_secrets_get_session_only (secrets));

  /* With the fallback the secret is kept for the session. */
  start = g_get_monotonic_time ();
  g_assert_false (store_and_wait (secrets, uuid, "zengapay", "Kampala", newer,
                                  PD_SECRETS_STORE_SESSION_FALLBACK, &error));
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "kept in memory"));
  g_clear_error (&error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 1400 * 1000);
  g_assert_true (pd_secrets_has_session_secrets (secrets, uuid));
  found = lookup_and_wait (secrets, uuid, &error);
  g_assert_no_error (error);
  g_assert_true (pd_secret_set_equal (found, newer));
  g_clear_pointer (&found, pd_secret_set_free);

  /* The blocking store, as the command line calls it. */
  start = g_get_monotonic_time ();
  g_assert_false (pd_secrets_store_sync (secrets, uuid, "zengapay", "Kampala", newer,
                                         PD_SECRETS_STORE_NONE, NULL, &error));
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 1400 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);

  /* Clearing drops the session copy, then cannot unlock the keyring:
   * the lookups after it wait for their prompt too. */
  g_assert_false (clear_and_wait (secrets, uuid, &error));
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_false (pd_secrets_has_session_secrets (secrets, uuid));

  start = g_get_monotonic_time ();
  found = lookup_and_wait (secrets, uuid, &error);
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_LOCKED);
  g_assert_null (found);
  g_clear_error (&error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);

  found = pd_secrets_lookup_sync (secrets, uuid, NULL, &error);
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_LOCKED);
  g_assert_null (found);
  g_clear_error (&error);

  g_assert_false (user_dirs_contain ("entered-while-locked"));

  g_assert_finalize_object (g_steal_pointer (&secrets));
  secret_service_disconnect ();
  /* The keyring goes first: the calls left waiting then fail as cut off,
   * not as dismissed prompts. */
  g_test_log_set_fatal_handler (ignore_cut_off_calls, NULL);
  stop_keyring (keyring);

  /* Let them end and let go of the bus. */
  {
    gint64 until = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

    while (g_get_monotonic_time () < until)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (10 * 1000);
      }
  }

  silent_prompter_stop (prompter);
  /* libsecret's prompts of the calls left behind never end once their
   * keyring is gone, and keep the bus connection they were made on: the bus
   * is stopped without waiting for that connection to be released, and
   * kept until the process ends. */
  g_test_dbus_stop (bus);
  left_bus = g_steal_pointer (&bus);
}

/* gnome-keyring started without --unlock and without a login keyring:
 * there is no default collection, and none can be made without a prompt. */
static void
test_no_collection_child (void)
{
  g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autoptr(GSubprocess) keyring = NULL;
  g_autoptr(PdSecrets) secrets = NULL;
  g_autoptr(PdSecretSet) set = NULL;
  g_autoptr(PdSecretSet) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();

  g_test_dbus_up (bus);
  keyring = start_keyring (FALSE);

  secrets = pd_secrets_new ();
  set = secret_set_of ("password", "pawa-password", NULL);

  g_assert_false (store_and_wait (secrets, uuid, "pawacard", "Nairobi", set,
                                  PD_SECRETS_STORE_SESSION_FALLBACK, &error));
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_true (pd_secrets_has_session_secrets (secrets, uuid));

  found = lookup_and_wait (secrets, uuid, &error);
  g_assert_no_error (error);
  g_assert_true (pd_secret_set_equal (found, set));

  g_assert_false (user_dirs_contain ("pawa-password"));

  g_assert_finalize_object (g_steal_pointer (&secrets));
  secret_service_disconnect ();
  stop_keyring (keyring);
  g_test_dbus_down (bus);
}

typedef void (*ChildTest) (void);

static void
run_in_child (gconstpointer data)
{
  ChildTest child = (ChildTest)data;

  if (g_test_subprocess ())
    {
      child_dirs_create ();
      child ();
      child_dirs_remove ();
      return;
    }

  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secrets/set/fields", test_set_fields);
  g_test_add_func ("/secrets/store/refuses-bad-input", test_store_refuses_bad_input);

  g_test_add_func ("/secrets/keyring/round-trip", test_keyring_round_trip);
  g_test_add_func ("/secrets/keyring/text-survives", test_keyring_text_survives);
  g_test_add_func ("/secrets/keyring/accounts-apart", test_keyring_accounts_apart);
  g_test_add_func ("/secrets/keyring/absent", test_keyring_absent);
  g_test_add_func ("/secrets/keyring/overwrite", test_keyring_overwrite);
  g_test_add_func ("/secrets/keyring/foreign-items", test_keyring_foreign_items);
  g_test_add_func ("/secrets/keyring/cancelled", test_keyring_cancelled);

  g_test_add_data_func ("/secrets/unavailable/no-service", test_no_service_child, run_in_child);
  g_test_add_data_func ("/secrets/unavailable/no-bus", test_no_bus_child, run_in_child);
  g_test_add_data_func ("/secrets/unavailable/locked", test_locked_child, run_in_child);
  g_test_add_data_func ("/secrets/unavailable/unanswered-prompt", test_unanswered_prompt_child,
                        run_in_child);
  g_test_add_data_func ("/secrets/unavailable/no-collection", test_no_collection_child,
                        run_in_child);

  return g_test_run ();
}

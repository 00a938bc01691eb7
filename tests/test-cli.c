/* test-cli.c - paydesk-cli, run as a program against paydesk-sandbox
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Each test runs the real paydesk-cli ($PAYDESK_CLI) with its own
 * XDG_DATA_HOME, against a sandbox of its own, and checks what a script
 * would see: the exit status, stdout as JSON or CSV, one line on stderr;
 * and behind it, the store the command wrote, the keyring and the
 * sandbox's ledger of money movements.
 */

#define _GNU_SOURCE /* memmem */

#include <string.h>

#include "pd-json.h"
#include "pd-receipt.h"
#include "pd-secrets.h"
#include "pd-store.h"
#include "pd-test-capture.h"
#include "pd-test-sandbox.h"

typedef struct
{
  PdTestSandbox *sandbox;
  char          *data_home;
} Fixture;

typedef struct
{
  int        status;
  char      *out;
  char      *err;
  JsonNode  *json;
} Run;

static void
run_free (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_clear_pointer (&run->json, json_node_unref);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->sandbox = pd_test_sandbox_start ("--records", "60", NULL);
  fixture->data_home = pd_test_make_tmp_dir ("paydesk-test-cli-XXXXXX");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  pd_test_sandbox_stop (fixture->sandbox);
  pd_test_remove_tree (fixture->data_home);
  g_free (fixture->data_home);
}

static char *
store_path (Fixture *fixture)
{
  return g_build_filename (fixture->data_home, "paydesk", "paydesk.db", NULL);
}

static PdStore *
open_store (Fixture *fixture)
{
  g_autofree char *path = store_path (fixture);
  g_autoptr(GError) error = NULL;
  PdStore *store = pd_store_new_for_path (path, &error);

  g_assert_no_error (error);
  return store;
}

/* Runs paydesk-cli with @input on its standard input (NULL: empty). */
static Run *
run_cli_argv (Fixture            *fixture,
              const char         *input,
              const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("PAYDESK_CLI");
  Run *run = g_new0 (Run, 1);

  g_assert_nonnull (cli);

  g_ptr_array_add (args, (gpointer)cli);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer)argv[i]);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", fixture->data_home, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "PAYDESK_DATA_DIR");
  g_subprocess_launcher_setenv (launcher, "TZ", "UTC", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  /* Under the sanitizers, leaks still fail the program; only the list of
   * suppressions used (fontconfig's, for PDFs) must not end up on stderr,
   * where a failure's one line is checked. */
  if (g_getenv ("LSAN_OPTIONS") != NULL)
    {
      g_autofree char *lsan = g_strconcat (g_getenv ("LSAN_OPTIONS"), ":print_suppressions=0", NULL);

      g_subprocess_launcher_setenv (launcher, "LSAN_OPTIONS", lsan, TRUE);
    }

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)args->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, input != NULL ? input : "", NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);

  if (!g_subprocess_get_if_exited (process))
    g_error ("paydesk-cli %s did not exit (signal %d); stderr: %s", argv[0],
             g_subprocess_get_term_sig (process), run->err);
  run->status = g_subprocess_get_exit_status (process);

  if (g_strv_contains (argv, "--json") && run->out != NULL && run->out[0] != '\0')
    {
      run->json = pd_json_parse (run->out, -1, &error);
      g_assert_no_error (error);
    }

  return run;
}

#define run_cli(fixture, input, ...) \
  run_cli_argv ((fixture), (input), (const char * const[]) { __VA_ARGS__, NULL })

/* A failure is one line on stderr, "paydesk-cli: …". */
static void
assert_failed_with (Run *run,
                    int  status)
{
  if (run->status != status)
    g_error ("exit status %d, expected %d; stderr: %s", run->status, status, run->err);

  g_assert_true (g_str_has_prefix (run->err, "paydesk-cli: "));
  g_assert_true (g_str_has_suffix (run->err, "\n"));
  g_assert_true (strchr (run->err, '\n') == run->err + strlen (run->err) - 1);
}

static void
assert_ok (Run *run)
{
  if (run->status != 0)
    g_error ("exit status %d; stderr: %s", run->status, run->err);
  g_assert_cmpstr (run->err, ==, "");
}

static JsonObject *
json_root (Run *run)
{
  g_assert_nonnull (run->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (run->json));
  return json_node_get_object (run->json);
}

static JsonArray *
json_list (Run        *run,
           const char *name)
{
  JsonObject *root = json_root (run);

  g_assert_true (json_object_has_member (root, name));
  return json_object_get_array_member (root, name);
}

static gint64
add_account (Fixture    *fixture,
             const char *provider,
             const char *input)
{
  g_autoptr(Run) run = run_cli (fixture, input, "--json", "account", "add", "--provider", provider,
                                "--label", "Test shop", "--base-url",
                                pd_test_sandbox_get_base_url (fixture->sandbox, provider));
  JsonObject *account;

  assert_ok (run);
  account = pd_test_assert_object_member (json_root (run), "account");
  g_assert_cmpstr (pd_test_assert_string_member (account, "provider"), ==, provider);

  return pd_test_assert_int_member (account, "id");
}

static gint64
add_fayapay (Fixture *fixture)
{
  g_autofree char *input = g_strdup_printf ("%s\n", pd_test_sandbox_get_credential (fixture->sandbox, "fayapay",
                                                                                   "api_key"));

  return add_account (fixture, "fayapay", input);
}

static void
sync_account (Fixture *fixture,
              gint64   account_id)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, account_id);
  g_autoptr(Run) run = run_cli (fixture, NULL, "--json", "sync", "--account", id);
  JsonObject *row;

  assert_ok (run);
  g_assert_cmpuint (json_array_get_length (json_list (run, "sync")), ==, 1);
  row = json_array_get_object_element (json_list (run, "sync"), 0);
  g_assert_true (pd_test_assert_boolean_member (row, "ok"));
  g_assert_cmpint (pd_test_assert_int_member (row, "account_id"), ==, account_id);
  g_assert_cmpint (pd_test_assert_int_member (row, "records"), >, 0);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;

  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

/* ------------------------------------------------------------- accounts */

static void
test_account_lifecycle (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *key = pd_test_sandbox_get_credential (fixture->sandbox, "fayapay", "api_key");
  g_autoptr(PdSecrets) secrets = pd_secrets_new ();
  g_autoptr(PdSecretSet) saved = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(GPtrArray) activity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *db = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *input = g_strdup_printf ("api_key=%s\n", key);
  gboolean added = FALSE, removed = FALSE;
  gint64 account_id;

  account_id = add_account (fixture, "fayapay", input);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, account_id);

  /* The key went to the keyring, and nowhere else. */
  store = open_store (fixture);
  account = pd_store_get_account (store, account_id, &error);
  g_assert_no_error (error);
  saved = pd_secrets_lookup_sync (secrets, account->uuid, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_secret_set_get (saved, "api_key"), ==, key);
  db = store_path (fixture);
  wal = g_strconcat (db, "-wal", NULL);
  g_assert_false (file_contains (db, key));
  g_assert_false (file_contains (wal, key));

  {
    g_autoptr(Run) list = run_cli (fixture, NULL, "--json", "account", "list");
    JsonObject *row;

    assert_ok (list);
    g_assert_cmpuint (json_array_get_length (json_list (list, "accounts")), ==, 1);
    row = json_array_get_object_element (json_list (list, "accounts"), 0);
    g_assert_cmpint (pd_test_assert_int_member (row, "id"), ==, account_id);
    g_assert_cmpstr (pd_test_assert_string_member (row, "uuid"), ==, account->uuid);
    g_assert_cmpstr (pd_test_assert_string_member (row, "label"), ==, "Test shop");
    g_assert_cmpstr (pd_test_assert_string_member (row, "mode"), ==, "test");
    g_assert_cmpstr (pd_test_assert_string_member (row, "base_url"), ==,
                     pd_test_sandbox_get_base_url (fixture->sandbox, "fayapay"));
    g_assert_false (strstr (list->out, key) != NULL);
  }

  {
    g_autoptr(Run) test = run_cli (fixture, NULL, "--json", "account", "test", id);

    assert_ok (test);
    g_assert_true (pd_test_assert_boolean_member (pd_test_assert_object_member (json_root (test), "test"), "ok"));
  }

  {
    g_autoptr(Run) remove = run_cli (fixture, NULL, "--json", "account", "remove", id);

    assert_ok (remove);
    g_assert_cmpint (pd_test_assert_int_member (pd_test_assert_object_member (json_root (remove), "removed"), "id"),
                     ==, account_id);
  }

  /* The keyring item is gone, and so is the account. */
  g_clear_pointer (&saved, pd_secret_set_free);
  saved = pd_secrets_lookup_sync (secrets, account->uuid, NULL, &error);
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NOT_FOUND);
  g_assert_null (saved);
  g_clear_error (&error);

  {
    g_autoptr(Run) list = run_cli (fixture, NULL, "--json", "account", "list");

    assert_ok (list);
    g_assert_cmpuint (json_array_get_length (json_list (list, "accounts")), ==, 0);
  }

  /* Both were written down. */
  g_assert_true (pd_store_list_activity (store, 0, 100, &activity, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < activity->len; i++)
    {
      const PdActivity *line = g_ptr_array_index (activity, i);

      added |= g_strcmp0 (line->action, "account-add") == 0;
      removed |= g_strcmp0 (line->action, "account-remove") == 0 && strstr (line->detail, id) != NULL;
    }
  g_assert_true (added);
  g_assert_true (removed);
}

static void
test_account_single_line_secrets (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *input = g_strdup_printf ("token=%s\nsecret_hash=%s\n",
                                            pd_test_sandbox_get_credential (fixture->sandbox, "zengapay", "token"),
                                            pd_test_sandbox_get_credential (fixture->sandbox, "zengapay",
                                                                            "secret_hash"));
  gint64 fayapay = add_fayapay (fixture);
  gint64 zengapay = add_account (fixture, "zengapay", input);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, zengapay);
  g_autoptr(Run) test = run_cli (fixture, NULL, "account", "test", id);

  g_assert_cmpint (fayapay, !=, zengapay);
  assert_ok (test);
}

static void
test_usage_errors (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *key = pd_test_sandbox_get_credential (fixture->sandbox, "fayapay", "api_key");
  g_autofree char *input = g_strdup_printf ("%s\n", key);

  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "frobnicate");

    assert_failed_with (run, 2);
  }
  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "list", "charges", "--bogus");

    assert_failed_with (run, 2);
  }
  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "list", "customers", "--state", "succeeded");

    assert_failed_with (run, 2);
  }
  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "list", "charges", "--state", "lost");

    assert_failed_with (run, 2);
  }
  {
    /* No secret on standard input: nothing is added. */
    g_autoptr(Run) run = run_cli (fixture, "", "account", "add", "--provider", "fayapay", "--label", "Shop");
    g_autoptr(Run) list = NULL;

    assert_failed_with (run, 2);
    list = run_cli (fixture, NULL, "--json", "account", "list");
    g_assert_cmpuint (json_array_get_length (json_list (list, "accounts")), ==, 0);
  }
  {
    g_autoptr(Run) run = run_cli (fixture, input, "account", "add", "--label", "Shop");

    assert_failed_with (run, 2);
  }
  {
    g_autoptr(Run) run = run_cli (fixture, input, "account", "add", "--provider", "nopay", "--label", "Shop");

    assert_failed_with (run, 2);
  }
  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "show", "424242");

    assert_failed_with (run, 2);
  }
  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "--json", "--csv", "account", "list");

    assert_failed_with (run, 2);
  }
  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "list", "--help");

    assert_ok (run);
    g_assert_nonnull (strstr (run->out, "--state"));
  }
}

static void
test_provider_error (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(Run) test = NULL;
  g_autoptr(Run) sync = NULL;
  g_autofree char *id = NULL;
  gint64 account_id = add_account (fixture, "fayapay", "sk_test_not_the_sandbox_key\n");

  id = g_strdup_printf ("%" G_GINT64_FORMAT, account_id);

  test = run_cli (fixture, NULL, "account", "test", id);
  assert_failed_with (test, 3);

  sync = run_cli (fixture, NULL, "--json", "sync");
  g_assert_cmpint (sync->status, ==, 3);
  g_assert_false (pd_test_assert_boolean_member (json_array_get_object_element (json_list (sync, "sync"), 0),
                                                 "ok"));
}

/* ----------------------------------------------------------------- lists */

static void
assert_row_matches_store (JsonObject *row,
                          PdStore    *store)
{
  g_autoptr(PdTransaction) transaction = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *created = NULL;
  g_autoptr(GDateTime) time = NULL;

  transaction = pd_store_get_transaction (store, pd_test_assert_int_member (row, "id"), &error);
  g_assert_no_error (error);

  amount = pd_money_to_plain (&transaction->amount);
  g_assert_cmpstr (pd_test_assert_string_member (row, "amount"), ==, amount);
  g_assert_cmpstr (pd_test_assert_string_member (row, "currency"), ==, transaction->amount.currency);
  g_assert_cmpstr (pd_test_assert_string_member (row, "state"), ==,
                   pd_transaction_state_to_string (transaction->state));
  g_assert_cmpstr (pd_test_assert_string_member (row, "kind"), ==, pd_transaction_kind_to_string (transaction->kind));
  g_assert_cmpstr (pd_test_assert_string_member (row, "provider_id"), ==, transaction->provider_id);
  g_assert_cmpint (pd_test_assert_int_member (row, "account_id"), ==, transaction->account_id);
  time = g_date_time_new_from_unix_utc (transaction->created_at);
  created = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
  g_assert_cmpstr (pd_test_assert_string_member (row, "created_at"), ==, created);
}

static guint64
count_in_store (PdStore *store,
                guint    states,
                gint64   from,
                gint64   to)
{
  g_autoptr(PdQuery) query = pd_query_new ();
  g_autoptr(GError) error = NULL;
  guint64 count = 0;

  query->kinds = PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_CHARGE);
  query->states = states;
  query->date_from = from;
  query->date_to = to;
  g_assert_true (pd_store_count_transactions (store, query, &count, &error));
  g_assert_no_error (error);

  return count;
}

/* A minimal RFC 4180 reader: quoted fields with doubled quotes, commas and
 * line breaks inside; rows end in CRLF. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  GPtrArray *row = g_ptr_array_new ();
  GString *field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++; *p != '\0'; p++)
            {
              if (*p == '"' && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p++;
                }
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (field, *p);
            }
        }
      else if (*p == ',')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          p++;
        }
      else if (p[0] == '\r' && p[1] == '\n')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (row, NULL);
          g_ptr_array_add (rows, g_ptr_array_free (row, FALSE));
          row = g_ptr_array_new ();
          p += 2;
        }
      else
        {
          g_assert_true (*p != '\n');
          g_string_append_c (field, *p++);
        }
    }

  g_assert_cmpuint (row->len, ==, 0);
  g_assert_cmpuint (field->len, ==, 0);
  g_ptr_array_free (row, TRUE);
  g_string_free (field, TRUE);

  return rows;
}

static int
csv_column (char       **header,
            const char  *name)
{
  for (int i = 0; header[i] != NULL; i++)
    if (g_str_equal (header[i], name))
      return i;

  g_error ("no column %s", name);
  return -1;
}

static void
test_sync_and_list (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(PdStore) store = NULL;
  g_autofree char *id = NULL;
  gint64 account_id = add_fayapay (fixture);
  JsonArray *rows;

  id = g_strdup_printf ("%" G_GINT64_FORMAT, account_id);
  sync_account (fixture, account_id);
  store = open_store (fixture);

  /* Newest first, at most five, every field as the store has it. */
  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "--json", "list", "charges", "--account", id, "--limit", "5");

    assert_ok (run);
    rows = json_list (run, "charges");
    g_assert_cmpuint (json_array_get_length (rows), ==, 5);
    for (guint i = 0; i < 5; i++)
      {
        JsonObject *row = json_array_get_object_element (rows, i);

        assert_row_matches_store (row, store);
        if (i > 0)
          g_assert_cmpint (pd_test_assert_int_member (row, "id"), <,
                           pd_test_assert_int_member (json_array_get_object_element (rows, i - 1), "id"));
        for (guint m = 0; m < 4; m++)
          g_assert_true (json_object_has_member (row, (const char *[]) { "fee", "customer", "reference",
                                                                          "description" }[m]));
      }
  }

  /* --state: every succeeded charge, and only those. */
  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "--json", "list", "charges", "--state", "succeeded");

    assert_ok (run);
    rows = json_list (run, "charges");
    g_assert_cmpuint (json_array_get_length (rows), ==,
                      count_in_store (store, PD_TRANSACTION_STATE_BIT (PD_TRANSACTION_STATE_SUCCEEDED), 0, 0));
    g_assert_cmpuint (json_array_get_length (rows), >, 0);
    for (guint i = 0; i < json_array_get_length (rows); i++)
      g_assert_cmpstr (pd_test_assert_string_member (json_array_get_object_element (rows, i), "state"), ==,
                       "succeeded");
  }

  /* --from and --to are days; --to includes its day. */
  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "--json", "list", "charges", "--from", "2026-01-01",
                                  "--to", "2026-03-31");
    g_autoptr(GDateTime) from = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);
    g_autoptr(GDateTime) to = g_date_time_new_utc (2026, 4, 1, 0, 0, 0);

    assert_ok (run);
    rows = json_list (run, "charges");
    g_assert_cmpuint (json_array_get_length (rows), ==,
                      count_in_store (store, 0, g_date_time_to_unix (from), g_date_time_to_unix (to)));
    for (guint i = 0; i < json_array_get_length (rows); i++)
      {
        const char *created = pd_test_assert_string_member (json_array_get_object_element (rows, i), "created_at");

        g_assert_cmpstr (created, >=, "2026-01-01T00:00:00Z");
        g_assert_cmpstr (created, <, "2026-04-01T00:00:00Z");
      }
  }

  /* An amount range in one currency. */
  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "--json", "list", "charges", "--min", "10 GHS", "--max", "50");

    assert_ok (run);
    rows = json_list (run, "charges");
    g_assert_cmpuint (json_array_get_length (rows), >, 0);
    for (guint i = 0; i < json_array_get_length (rows); i++)
      {
        PdMoney amount, bound;
        int cmp = 0;

        g_assert_true (pd_money_parse (pd_test_assert_string_member (json_array_get_object_element (rows, i), "amount"),
                                       "GHS", &amount, NULL));
        pd_money_init (&bound, 10, 0, "GHS");
        g_assert_true (pd_money_compare (&amount, &bound, &cmp, NULL));
        g_assert_cmpint (cmp, >=, 0);
        pd_money_init (&bound, 50, 0, "GHS");
        g_assert_true (pd_money_compare (&amount, &bound, &cmp, NULL));
        g_assert_cmpint (cmp, <=, 0);
      }
  }

  /* CSV: the same rows and values as JSON. */
  {
    g_autoptr(Run) json = run_cli (fixture, NULL, "--json", "list", "charges", "--limit", "4");
    g_autoptr(Run) csv = run_cli (fixture, NULL, "--csv", "list", "charges", "--limit", "4");
    g_autoptr(GPtrArray) table = NULL;
    char **header;

    assert_ok (json);
    assert_ok (csv);
    table = parse_csv (csv->out);
    g_assert_cmpuint (table->len, ==, 5);
    header = g_ptr_array_index (table, 0);
    rows = json_list (json, "charges");
    for (guint i = 1; i < table->len; i++)
      {
        char **cells = g_ptr_array_index (table, i);
        JsonObject *row = json_array_get_object_element (rows, i - 1);
        g_autofree char *row_id = g_strdup_printf ("%" G_GINT64_FORMAT, pd_test_assert_int_member (row, "id"));

        g_assert_cmpuint (g_strv_length (cells), ==, g_strv_length (header));
        g_assert_cmpstr (cells[csv_column (header, "id")], ==, row_id);
        g_assert_cmpstr (cells[csv_column (header, "amount")], ==, pd_test_assert_string_member (row, "amount"));
        g_assert_cmpstr (cells[csv_column (header, "currency")], ==, "GHS");
        g_assert_cmpstr (cells[csv_column (header, "created_at")], ==,
                         pd_test_assert_string_member (row, "created_at"));
      }
  }

  /* Customers, in the table for people too. */
  {
    g_autoptr(Run) json = run_cli (fixture, NULL, "--json", "list", "customers");
    g_autoptr(Run) table = run_cli (fixture, NULL, "list", "customers");
    g_autoptr(GPtrArray) customers = NULL;
    g_autoptr(GError) error = NULL;

    assert_ok (json);
    assert_ok (table);
    g_assert_true (pd_store_list_customers (store, 0, &customers, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_list (json, "customers")), ==, customers->len);
    g_assert_cmpuint (customers->len, >, 0);
    g_assert_true (g_str_has_prefix (table->out, "ID"));
    g_assert_nonnull (strstr (table->out, ((PdCustomer *)g_ptr_array_index (customers, 0))->name));
  }
}

static void
test_search_and_show (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdQuery) query = pd_query_new ();
  g_autoptr(GPtrArray) transactions = NULL;
  g_autoptr(GError) error = NULL;
  const PdTransaction *with_phone = NULL;
  g_autofree char *digits = NULL;
  g_autofree char *fragment = NULL;
  g_autofree char *wanted = NULL;
  gint64 account_id;
  gboolean found = FALSE;
  g_autofree char *input = g_strdup_printf ("%s\n", pd_test_sandbox_get_credential (fixture->sandbox, "zengapay",
                                                                                   "token"));

  account_id = add_account (fixture, "zengapay", input);
  sync_account (fixture, account_id);
  store = open_store (fixture);

  g_assert_true (pd_store_query_transactions (store, query, &transactions, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < transactions->len && with_phone == NULL; i++)
    {
      const PdTransaction *t = g_ptr_array_index (transactions, i);

      if (t->phone != NULL && strlen (t->phone) >= 9)
        with_phone = t;
    }
  g_assert_nonnull (with_phone);

  /* Six digits from the middle of the number, as a person remembers it. */
  digits = g_strdup (with_phone->phone + strlen (with_phone->phone) - 8);
  fragment = g_strndup (digits, 6);
  wanted = g_strdup_printf ("%" G_GINT64_FORMAT, with_phone->id);

  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "--json", "search", fragment);
    JsonArray *results;

    assert_ok (run);
    results = json_list (run, "results");
    for (guint i = 0; i < json_array_get_length (results); i++)
      {
        JsonObject *row = json_array_get_object_element (results, i);

        if (g_str_equal (pd_test_assert_string_member (row, "record"), "transaction"))
          g_assert_nonnull (strstr (pd_test_assert_string_member (row, "phone"), fragment));
        if (pd_test_assert_int_member (row, "id") == with_phone->id)
          found = TRUE;
      }
    g_assert_true (found);
  }

  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "--json", "show", wanted);
    JsonObject *transaction;

    assert_ok (run);
    transaction = pd_test_assert_object_member (json_root (run), "transaction");
    assert_row_matches_store (transaction, store);
    g_assert_cmpstr (pd_test_assert_string_member (transaction, "phone"), ==, with_phone->phone);
    pd_test_assert_object_member (transaction, "raw");
    pd_test_assert_array_member (transaction, "refunds");
  }

  /* By the provider's id too; the table for people has every field. */
  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "show", with_phone->provider_id);

    assert_ok (run);
    g_assert_nonnull (strstr (run->out, with_phone->provider_id));
    g_assert_nonnull (strstr (run->out, with_phone->phone));
  }
}

/* ----------------------------------------------------------------- money */

/* A succeeded charge of more than 2 GHS, not refunded at all. */
static PdTransaction *
pick_charge (PdStore *store)
{
  g_autoptr(PdQuery) query = pd_query_new ();
  g_autoptr(GPtrArray) charges = NULL;
  g_autoptr(GError) error = NULL;

  query->kinds = PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_CHARGE);
  query->states = PD_TRANSACTION_STATE_BIT (PD_TRANSACTION_STATE_SUCCEEDED);
  pd_money_init (&query->min_amount, 2, 0, "GHS");
  g_assert_true (pd_store_query_transactions (store, query, &charges, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (charges->len, >, 0);

  return pd_transaction_copy (g_ptr_array_index (charges, 0));
}

static guint
count_refunds (JsonArray  *ledger,
               const char *charge)
{
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (ledger); i++)
    {
      JsonObject *entry = json_array_get_object_element (ledger, i);

      if (g_str_equal (pd_test_assert_string_member (entry, "operation"), "refund") &&
          g_str_equal (pd_test_assert_string_member (entry, "target"), charge))
        n++;
    }

  return n;
}

static void
test_refund_partial (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdTransaction) charge = NULL;
  g_autoptr(GPtrArray) refunds = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  gint64 account_id = add_fayapay (fixture);

  sync_account (fixture, account_id);
  store = open_store (fixture);
  charge = pick_charge (store);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, charge->id);
  pd_test_sandbox_clear_ledger (fixture->sandbox);

  /* Without --yes and without a terminal, nothing moves. */
  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "refund", id, "--amount", "1.00");

    assert_failed_with (run, 2);
    g_assert_nonnull (strstr (run->err, "GHS"));
  }

  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "--json", "refund", id, "--amount", "1.00", "--reason",
                                  "Damaged on delivery", "--yes");
    JsonObject *entry;

    assert_ok (run);
    entry = pd_test_assert_object_member (json_root (run), "entry");
    g_assert_cmpstr (pd_test_assert_string_member (entry, "state"), ==, "confirmed");
    g_assert_cmpstr (pd_test_assert_string_member (entry, "operation"), ==, "refund");
    g_assert_cmpstr (pd_test_assert_string_member (entry, "amount"), ==, "1.00");
    g_assert_cmpstr (pd_test_assert_string_member (entry, "currency"), ==, "GHS");
    g_assert_cmpstr (pd_test_assert_string_member (entry, "target"), ==, charge->provider_id);
    g_assert_cmpstr (pd_test_assert_string_member (pd_test_assert_object_member (entry, "transaction"), "kind"), ==,
                     "refund");
  }

  /* More than the charge: the provider refuses, and nothing moves. */
  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "refund", id, "--amount", "1000000", "--yes");

    assert_failed_with (run, 3);
  }

  /* Exactly one refund moved, and the store has it. */
  ledger = pd_test_sandbox_get_ledger (fixture->sandbox, "fayapay");
  g_assert_cmpuint (count_refunds (ledger, charge->provider_id), ==, 1);
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
  g_assert_cmpstr (pd_test_assert_string_member (json_array_get_object_element (ledger, 0), "amount"), ==, "1.00");

  /* The refused one stays in the store as a failed refund. */
  g_assert_true (pd_store_list_refunds (store, account_id, charge->provider_id, &refunds, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (refunds->len, ==, 2);
  for (guint i = 0; i < refunds->len; i++)
    {
      const PdTransaction *refund = g_ptr_array_index (refunds, i);
      g_autofree char *amount = pd_money_to_plain (&refund->amount);

      if (refund->state == PD_TRANSACTION_STATE_FAILED)
        g_assert_cmpstr (amount, ==, "1000000.00");
      else
        g_assert_cmpstr (amount, ==, "1.00");
    }

  {
    g_autoptr(Run) show = run_cli (fixture, NULL, "--json", "show", id);
    JsonArray *shown;
    guint n_succeeded = 0;

    assert_ok (show);
    shown = pd_test_assert_array_member (pd_test_assert_object_member (json_root (show), "transaction"), "refunds");
    g_assert_cmpuint (json_array_get_length (shown), ==, 2);
    for (guint i = 0; i < 2; i++)
      if (g_str_equal (pd_test_assert_string_member (json_array_get_object_element (shown, i), "state"),
                       "succeeded"))
        n_succeeded++;
    g_assert_cmpuint (n_succeeded, ==, 1);
  }
}

static void
test_refund_outcome_unknown (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdTransaction) charge = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  g_autofree char *id = NULL;
  gint64 account_id = add_fayapay (fixture);

  sync_account (fixture, account_id);
  store = open_store (fixture);
  charge = pick_charge (store);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, charge->id);
  pd_test_sandbox_clear_ledger (fixture->sandbox);

  /* The refund is applied, and every answer to it is lost. */
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"fayapay\",\"method\":\"POST\",\"path\":\"/v1/Charges/*/Refunds\","
                             "\"action\":\"drop_after_apply\",\"count\":20}");
  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "refund", id, "--amount", "1.50", "--yes");

    assert_failed_with (run, 4);
  }
  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "--json", "outbox", "list");
    JsonArray *entries;

    assert_ok (run);
    entries = json_list (run, "entries");
    g_assert_cmpuint (json_array_get_length (entries), ==, 1);
    g_assert_cmpstr (pd_test_assert_string_member (json_array_get_object_element (entries, 0), "state"), ==,
                     "unknown");
  }

  /* Reconciling replays it with the same key: confirmed, still one refund. */
  pd_test_sandbox_clear_faults (fixture->sandbox);
  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "--json", "outbox", "reconcile");
    JsonArray *changed;

    assert_ok (run);
    changed = json_list (run, "reconciled");
    g_assert_cmpuint (json_array_get_length (changed), ==, 1);
    g_assert_cmpstr (pd_test_assert_string_member (json_array_get_object_element (changed, 0), "state"), ==,
                     "confirmed");
  }

  ledger = pd_test_sandbox_get_ledger (fixture->sandbox, "fayapay");
  g_assert_cmpuint (count_refunds (ledger, charge->provider_id), ==, 1);
}

static JsonObject *
entry_of (Run *run)
{
  return pd_test_assert_object_member (json_root (run), "entry");
}

static void
test_disburse_transfer (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *input = g_strdup_printf ("%s\n", pd_test_sandbox_get_credential (fixture->sandbox, "zengapay",
                                                                                   "token"));
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdTransaction) transfer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  gint64 account_id = add_account (fixture, "zengapay", input);
  JsonObject *entry, *transaction;

  id = g_strdup_printf ("%" G_GINT64_FORMAT, account_id);

  {
    /* Not a currency ZengaPay moves. */
    g_autoptr(Run) run = run_cli (fixture, NULL, "disburse", "--account", id, "--to", "0772123456",
                                  "--amount", "1000 GHS", "--reason", "Supplier", "--yes");

    assert_failed_with (run, 2);
  }

  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "--json", "disburse", "--account", id, "--to", "0772 123 456",
                                  "--amount", "1500", "--reason", "Supplier", "--yes");

    assert_ok (run);
    entry = entry_of (run);
    g_assert_cmpstr (pd_test_assert_string_member (entry, "state"), ==, "confirmed");
    g_assert_cmpstr (pd_test_assert_string_member (entry, "operation"), ==, "transfer");
    g_assert_cmpstr (pd_test_assert_string_member (entry, "amount"), ==, "1500");
    g_assert_cmpstr (pd_test_assert_string_member (entry, "currency"), ==, "UGX");
    transaction = pd_test_assert_object_member (entry, "transaction");
    g_assert_cmpstr (pd_test_assert_string_member (transaction, "kind"), ==, "transfer");

    store = open_store (fixture);
    transfer = pd_store_get_transaction (store, pd_test_assert_int_member (transaction, "id"), &error);
    g_assert_no_error (error);
    g_assert_cmpint (transfer->account_id, ==, account_id);
    g_assert_cmpstr (transfer->reference, ==, pd_test_assert_string_member (entry, "reference"));
  }
}

/* Seeded PawaCard meter k, as tests/test-pawacard-client.c writes it:
 * "014", k in seven digits, a Luhn check digit. */
static char *
pawacard_meter (guint k)
{
  g_autofree char *body = g_strdup_printf ("014%07u", k);
  gsize length = strlen (body);
  guint sum = 0;

  for (gsize i = 0; i < length; i++)
    {
      guint digit = body[length - 1 - i] - '0';

      if (i % 2 == 0)
        {
          digit *= 2;
          if (digit > 9)
            digit -= 9;
        }
      sum += digit;
    }

  return g_strdup_printf ("%s%u", body, (10 - sum % 10) % 10);
}

/* A card the EnayaPay sandbox takes, with the sandbox's IPIN. */
#define TEST_CARD "4111111111111111"

static char *
card_input (Fixture *fixture)
{
  return g_strdup_printf ("card_number=%s\nipin=%s\n", TEST_CARD,
                          pd_test_sandbox_get_credential (fixture->sandbox, "enayapay", "ipin"));
}

static char *
account_id_of (Run *add)
{
  assert_ok (add);
  return g_strdup_printf ("%" G_GINT64_FORMAT,
                          pd_test_assert_int_member (pd_test_assert_object_member (json_root (add), "account"), "id"));
}

/* Adds a PawaCard account; returns its id as text. */
static char *
add_pawacard (Fixture *fixture)
{
  g_autofree char *password = g_strdup_printf ("%s\n", pd_test_sandbox_get_credential (fixture->sandbox,
                                                                                      "pawacard", "password"));
  g_autoptr(Run) add = run_cli (fixture, password, "--json", "account", "add", "--provider", "pawacard",
                                "--label", "Kiosk",
                                "--username", pd_test_sandbox_get_credential (fixture->sandbox, "pawacard", "username"),
                                "--base-url", pd_test_sandbox_get_base_url (fixture->sandbox, "pawacard"));

  return account_id_of (add);
}

/* Adds an EnayaPay account; returns its id as text. */
static char *
add_enayapay (Fixture *fixture)
{
  g_autofree char *secrets = g_strdup_printf ("api_key=%s\npassword=%s\n",
                                              pd_test_sandbox_get_credential (fixture->sandbox, "enayapay", "api_key"),
                                              pd_test_sandbox_get_credential (fixture->sandbox, "enayapay",
                                                                              "password"));
  g_autoptr(Run) add = run_cli (fixture, secrets, "--json", "account", "add", "--provider", "enayapay",
                                "--label", "Khartoum",
                                "--phone", pd_test_sandbox_get_credential (fixture->sandbox, "enayapay", "phone"),
                                "--base-url", pd_test_sandbox_get_base_url (fixture->sandbox, "enayapay"));

  return account_id_of (add);
}

static void
test_vend_pawacard (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *meter = pawacard_meter (1);
  g_autofree char *id = add_pawacard (fixture);
  g_autoptr(Run) run = NULL;
  JsonObject *entry;

  run = run_cli (fixture, NULL, "--json", "vend", "--account", id, "--meter", meter, "--amount", "200", "--yes");
  assert_ok (run);
  entry = entry_of (run);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "state"), ==, "confirmed");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "operation"), ==, "vend");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "currency"), ==, "KES");
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "pawacard", "vend",
                                                  "reference", pd_test_assert_string_member (entry, "reference"), NULL),
                    ==, 1);

  /* Its receipt, as text and as a PDF, with the token the store keeps. */
  {
    JsonObject *sold = pd_test_assert_object_member (entry, "transaction");
    g_autofree char *transaction_id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                       json_object_get_int_member (sold, "id"));
    g_autoptr(PdStore) store = open_store (fixture);
    g_autoptr(PdTransaction) transaction = NULL;
    g_autoptr(JsonNode) raw = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *grouped = NULL;
    g_autofree char *pdf_path = g_build_filename (fixture->data_home, "receipt.pdf", NULL);
    g_autofree char *pdf = NULL;
    g_autoptr(Run) text = NULL;
    g_autoptr(Run) printed = NULL;
    g_autoptr(Run) missing = NULL;

    transaction = pd_store_get_transaction (store, json_object_get_int_member (sold, "id"), &error);
    g_assert_no_error (error);
    raw = pd_json_parse (transaction->raw_json, -1, &error);
    g_assert_no_error (error);
    grouped = pd_receipt_format_token (pd_test_assert_string_member (json_node_get_object (raw), "token"));
    g_assert_cmpuint (strlen (grouped), ==, 24);

    text = run_cli (fixture, NULL, "receipt", transaction_id);
    assert_ok (text);
    g_assert_nonnull (strstr (text->out, grouped));
    g_assert_nonnull (strstr (text->out, meter));
    g_assert_nonnull (strstr (text->out, "KES 200"));

    printed = run_cli (fixture, NULL, "receipt", transaction_id, "--pdf", pdf_path);
    assert_ok (printed);
    g_assert_true (g_file_get_contents (pdf_path, &pdf, NULL, NULL));
    g_assert_true (g_str_has_prefix (pdf, "%PDF"));

    missing = run_cli (fixture, NULL, "receipt", "999999");
    assert_failed_with (missing, 2);
  }
}

static void
test_vend_enayapay (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *ipin = pd_test_sandbox_get_credential (fixture->sandbox, "enayapay", "ipin");
  const char *card = TEST_CARD;
  g_autofree char *payment = card_input (fixture);
  g_autofree char *id = add_enayapay (fixture);
  g_autofree char *db = store_path (fixture);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  JsonObject *entry;

  {
    /* Without the card on standard input nothing is sent. */
    g_autoptr(Run) run = run_cli (fixture, "", "vend", "--account", id, "--meter", "024354364645",
                                  "--amount", "100", "--card-expiry", "1230", "--yes");
    g_autoptr(JsonArray) ledger = NULL;

    assert_failed_with (run, 2);
    ledger = pd_test_sandbox_get_ledger (fixture->sandbox, "enayapay");
    g_assert_cmpuint (json_array_get_length (ledger), ==, 0);
  }

  {
    g_autoptr(Run) run = run_cli (fixture, payment, "--json", "vend", "--account", id, "--meter", "024354364645",
                                  "--amount", "100", "--card-expiry", "1230", "--yes");

    assert_ok (run);
    entry = entry_of (run);
    g_assert_cmpstr (pd_test_assert_string_member (entry, "state"), ==, "confirmed");
    g_assert_cmpstr (pd_test_assert_string_member (entry, "currency"), ==, "SDG");
    g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "enayapay", "electricity",
                                                    "reference", pd_test_assert_string_member (entry, "reference"),
                                                    NULL), ==, 1);
    g_assert_null (strstr (run->out, card));
  }

  /* The card number and the IPIN were used, never kept. */
  g_assert_false (file_contains (db, card));
  g_assert_false (file_contains (wal, card));
  if (strlen (ipin) >= 6)
    {
      g_assert_false (file_contains (db, ipin));
      g_assert_false (file_contains (wal, ipin));
    }
}

/* ----------------------------------------------------- top-ups and bills */

static PdMoney
money_of (JsonObject *object,
          const char *member,
          const char *currency)
{
  g_autoptr(GError) error = NULL;
  PdMoney money;

  pd_money_parse (pd_test_assert_string_member (object, member), currency, &money, &error);
  g_assert_no_error (error);

  return money;
}

static void
assert_same_money (const PdMoney *a,
                   const PdMoney *b)
{
  int cmp = 1;

  if (!pd_money_compare (a, b, &cmp, NULL) || cmp != 0)
    {
      g_autofree char *a_text = pd_money_to_plain (a);
      g_autofree char *b_text = pd_money_to_plain (b);

      g_error ("%s %s, expected %s %s", a_text, a->currency, b_text, b->currency);
    }
}

static guint
outbox_length (Fixture *fixture)
{
  g_autoptr(Run) run = run_cli (fixture, NULL, "--json", "outbox", "list");

  assert_ok (run);
  return json_array_get_length (json_list (run, "entries"));
}

static guint
ledger_length (Fixture    *fixture,
               const char *provider)
{
  g_autoptr(JsonArray) ledger = pd_test_sandbox_get_ledger (fixture->sandbox, provider);

  return json_array_get_length (ledger);
}

/* The card and its IPIN were used, never kept nor shown. */
static void
assert_card_not_kept (Fixture    *fixture,
                      const Run  *run)
{
  const char *ipin = pd_test_sandbox_get_credential (fixture->sandbox, "enayapay", "ipin");
  g_autofree char *db = store_path (fixture);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);

  g_assert_false (file_contains (db, TEST_CARD));
  g_assert_false (file_contains (wal, TEST_CARD));
  g_assert_null (strstr (run->out, TEST_CARD));
  g_assert_null (strstr (run->err, TEST_CARD));
  if (strlen (ipin) >= 6)
    {
      g_assert_false (file_contains (db, ipin));
      g_assert_false (file_contains (wal, ipin));
      g_assert_null (strstr (run->out, ipin));
      g_assert_null (strstr (run->err, ipin));
    }
}

/* What `bill --inquire` says a Kenya Power account owes, and its holder. */
static PdMoney
pawacard_owed (Fixture     *fixture,
               const char  *id,
               const char  *number,
               char       **holder)
{
  g_autoptr(Run) run = run_cli (fixture, NULL, "--json", "bill", "--account", id, "--number", number, "--inquire");
  JsonObject *owed;

  assert_ok (run);
  owed = pd_test_assert_object_member (json_root (run), "owed");
  g_assert_cmpstr (pd_test_assert_string_member (owed, "provider"), ==, "pawacard");
  g_assert_cmpstr (pd_test_assert_string_member (owed, "number"), ==, number);
  g_assert_cmpstr (pd_test_assert_string_member (owed, "currency"), ==, "KES");
  if (holder != NULL)
    *holder = g_strdup (pd_test_assert_string_member (owed, "name"));

  return money_of (owed, "amount", "KES");
}

/* What `bill --inquire` says a postpaid line owes. */
static PdMoney
enayapay_owed (Fixture    *fixture,
               const char *id,
               const char *network,
               const char *phone)
{
  g_autoptr(Run) run = run_cli (fixture, NULL, "--json", "bill", "--account", id, "--network", network,
                                "--phone", phone, "--inquire");
  JsonObject *owed;

  assert_ok (run);
  owed = pd_test_assert_object_member (json_root (run), "owed");
  g_assert_cmpstr (pd_test_assert_string_member (owed, "provider"), ==, "enayapay");
  g_assert_cmpstr (pd_test_assert_string_member (owed, "network"), ==, network);
  g_assert_cmpstr (pd_test_assert_string_member (owed, "currency"), ==, "SDG");
  pd_test_assert_string_member (owed, "contract");

  return money_of (owed, "amount", "SDG");
}

static void
test_topup_enayapay (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *id = add_enayapay (fixture);
  g_autofree char *payment = card_input (fixture);
  const char *reference;
  JsonObject *entry, *transaction;
  PdMoney amount;

  g_assert_cmpuint (ledger_length (fixture, "enayapay"), ==, 0);

  {
    /* The international form of the number is sent in the local one. */
    g_autoptr(Run) run = run_cli (fixture, payment, "--json", "topup", "--account", id, "--network", "zain",
                                  "--phone", "+249 912 345 678", "--amount", "100", "--card-expiry", "1230",
                                  "--yes");

    assert_ok (run);
    entry = entry_of (run);
    g_assert_cmpstr (pd_test_assert_string_member (entry, "state"), ==, "confirmed");
    g_assert_cmpstr (pd_test_assert_string_member (entry, "operation"), ==, "topup");
    g_assert_cmpstr (pd_test_assert_string_member (entry, "currency"), ==, "SDG");
    g_assert_cmpstr (pd_test_assert_string_member (entry, "target"), ==, "0912345678");
    pd_money_init (&amount, 100, 0, "SDG");
    {
      PdMoney sent = money_of (entry, "amount", "SDG");

      assert_same_money (&sent, &amount);
    }
    transaction = pd_test_assert_object_member (entry, "transaction");
    g_assert_cmpstr (pd_test_assert_string_member (transaction, "kind"), ==, "topup");
    g_assert_cmpstr (pd_test_assert_string_member (transaction, "state"), ==, "succeeded");
    g_assert_cmpstr (pd_test_assert_string_member (transaction, "phone"), ==, "0912345678");

    reference = pd_test_assert_string_member (entry, "reference");
    g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "enayapay", "top-up", "reference", reference,
                                                    "target", "0912345678", NULL), ==, 1);
    g_assert_cmpuint (ledger_length (fixture, "enayapay"), ==, 1);
    assert_card_not_kept (fixture, run);
  }

  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "--json", "outbox", "list");
    JsonArray *entries;

    assert_ok (run);
    entries = json_list (run, "entries");
    g_assert_cmpuint (json_array_get_length (entries), ==, 1);
    g_assert_cmpstr (pd_test_assert_string_member (json_array_get_object_element (entries, 0), "state"), ==,
                     "confirmed");
  }

  {
    /* A Zain number is not on MTN: refused, nothing moved. */
    g_autoptr(Run) run = run_cli (fixture, payment, "topup", "--account", id, "--network", "mtn",
                                  "--phone", "0912345678", "--amount", "100", "--card-expiry", "1230", "--yes");

    assert_failed_with (run, 3);
    g_assert_cmpuint (ledger_length (fixture, "enayapay"), ==, 1);
    g_assert_cmpuint (outbox_length (fixture), ==, 2);
    assert_card_not_kept (fixture, run);
  }

  {
    /* Without the card on standard input nothing is sent. */
    g_autoptr(Run) run = run_cli (fixture, "", "topup", "--account", id, "--network", "zain",
                                  "--phone", "0912345678", "--amount", "100", "--card-expiry", "1230", "--yes");

    assert_failed_with (run, 2);
    g_assert_cmpuint (ledger_length (fixture, "enayapay"), ==, 1);
    g_assert_cmpuint (outbox_length (fixture), ==, 2);
  }
}

static void
test_bill_pawacard (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *id = add_pawacard (fixture);
  g_autofree char *number = NULL;
  g_autofree char *holder = NULL;
  PdMoney owed, part, left, now;
  JsonObject *entry, *transaction;

  /* A seeded account that owes more than the part paid first. */
  pd_money_init (&part, 100, 0, "KES");
  for (guint k = 1; k <= 20 && number == NULL; k++)
    {
      g_autofree char *candidate = g_strdup_printf ("%07u-01", 200000 + k);
      g_autofree char *name = NULL;
      PdMoney due = pawacard_owed (fixture, id, candidate, &name);
      int cmp = 0;

      g_assert_true (pd_money_compare (&due, &part, &cmp, NULL));
      if (cmp > 0)
        {
          number = g_steal_pointer (&candidate);
          holder = g_steal_pointer (&name);
          owed = due;
        }
    }
  g_assert_nonnull (number);
  g_assert_cmpuint (strlen (holder), >, 0);
  g_assert_cmpuint (ledger_length (fixture, "pawacard"), ==, 0);

  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "--json", "bill", "--account", id, "--number", number,
                                  "--amount", "100", "--yes");
    PdMoney sent;

    assert_ok (run);
    entry = entry_of (run);
    g_assert_cmpstr (pd_test_assert_string_member (entry, "state"), ==, "confirmed");
    g_assert_cmpstr (pd_test_assert_string_member (entry, "operation"), ==, "bill");
    g_assert_cmpstr (pd_test_assert_string_member (entry, "currency"), ==, "KES");
    g_assert_cmpstr (pd_test_assert_string_member (entry, "target"), ==, number);
    sent = money_of (entry, "amount", "KES");
    assert_same_money (&sent, &part);
    transaction = pd_test_assert_object_member (entry, "transaction");
    g_assert_cmpstr (pd_test_assert_string_member (transaction, "kind"), ==, "bill");
    g_assert_cmpstr (pd_test_assert_string_member (transaction, "state"), ==, "succeeded");
    g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "pawacard", "bill",
                                                    "reference", pd_test_assert_string_member (entry, "reference"),
                                                    "target", number, NULL), ==, 1);
    g_assert_cmpuint (ledger_length (fixture, "pawacard"), ==, 1);
  }

  g_assert_true (pd_money_subtract (&owed, &part, &left, NULL));
  now = pawacard_owed (fixture, id, number, NULL);
  assert_same_money (&now, &left);

  {
    /* Without --amount: all that is left, for the holder Kenya Power has. */
    g_autoptr(Run) run = run_cli (fixture, NULL, "--json", "bill", "--account", id, "--number", number, "--yes");
    PdMoney sent;

    assert_ok (run);
    entry = entry_of (run);
    g_assert_cmpstr (pd_test_assert_string_member (entry, "state"), ==, "confirmed");
    sent = money_of (entry, "amount", "KES");
    assert_same_money (&sent, &left);
    transaction = pd_test_assert_object_member (entry, "transaction");
    g_assert_cmpstr (pd_test_assert_string_member (transaction, "customer"), ==, holder);
    g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "pawacard", "bill",
                                                    "reference", pd_test_assert_string_member (entry, "reference"),
                                                    NULL), ==, 1);
  }

  now = pawacard_owed (fixture, id, number, NULL);
  g_assert_cmpint (pd_money_sign (&now), ==, 0);
  g_assert_cmpuint (ledger_length (fixture, "pawacard"), ==, 2);

  {
    /* Nothing is owed any more: nothing is sent. */
    g_autoptr(Run) run = run_cli (fixture, NULL, "bill", "--account", id, "--number", number, "--yes");

    assert_failed_with (run, 2);
    g_assert_cmpuint (ledger_length (fixture, "pawacard"), ==, 2);
    g_assert_cmpuint (outbox_length (fixture), ==, 2);
  }
}

static void
test_bill_enayapay (Fixture       *fixture,
                    gconstpointer  data)
{
  /* The postpaid Zain line the sandbox always has. */
  const char *line = "0905450785";
  g_autofree char *id = add_enayapay (fixture);
  g_autofree char *payment = card_input (fixture);
  PdMoney owed, part, left, now;
  JsonObject *entry;
  int cmp = 0;

  owed = enayapay_owed (fixture, id, "zain", line);
  g_assert_true (pd_money_parse ("150.25", "SDG", &part, NULL));
  g_assert_true (pd_money_compare (&owed, &part, &cmp, NULL));
  g_assert_cmpint (cmp, >, 0);

  {
    g_autoptr(Run) run = run_cli (fixture, payment, "bill", "--account", id, "--network", "zain", "--phone", line,
                                  "--amount", "150.25", "--yes");

    assert_failed_with (run, 2);
    g_assert_nonnull (strstr (run->err, "--card-expiry"));
    g_assert_cmpuint (ledger_length (fixture, "enayapay"), ==, 0);
  }

  {
    g_autoptr(Run) run = run_cli (fixture, payment, "--json", "bill", "--account", id, "--network", "ZAIN",
                                  "--phone", "249 905 450 785", "--amount", "150.25", "--card-expiry", "1230",
                                  "--yes");
    PdMoney sent;

    assert_ok (run);
    entry = entry_of (run);
    g_assert_cmpstr (pd_test_assert_string_member (entry, "state"), ==, "confirmed");
    g_assert_cmpstr (pd_test_assert_string_member (entry, "operation"), ==, "bill");
    g_assert_cmpstr (pd_test_assert_string_member (entry, "currency"), ==, "SDG");
    g_assert_cmpstr (pd_test_assert_string_member (entry, "target"), ==, line);
    sent = money_of (entry, "amount", "SDG");
    assert_same_money (&sent, &part);
    g_assert_cmpstr (pd_test_assert_string_member (pd_test_assert_object_member (entry, "transaction"), "kind"), ==,
                     "bill");
    g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "enayapay", "bill",
                                                    "reference", pd_test_assert_string_member (entry, "reference"),
                                                    "target", line, NULL), ==, 1);
    assert_card_not_kept (fixture, run);
  }

  g_assert_true (pd_money_subtract (&owed, &part, &left, NULL));
  now = enayapay_owed (fixture, id, "zain", line);
  assert_same_money (&now, &left);

  {
    /* Without --amount: all that is left. */
    g_autoptr(Run) run = run_cli (fixture, payment, "--json", "bill", "--account", id, "--network", "zain",
                                  "--phone", line, "--card-expiry", "1230", "--yes");
    PdMoney sent;

    assert_ok (run);
    entry = entry_of (run);
    g_assert_cmpstr (pd_test_assert_string_member (entry, "state"), ==, "confirmed");
    sent = money_of (entry, "amount", "SDG");
    assert_same_money (&sent, &left);
    assert_card_not_kept (fixture, run);
  }

  now = enayapay_owed (fixture, id, "zain", line);
  g_assert_cmpint (pd_money_sign (&now), ==, 0);
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "enayapay", "bill", "target", line, NULL), ==, 2);
  g_assert_cmpuint (ledger_length (fixture, "enayapay"), ==, 2);
}

static void
test_bill_usage_errors (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *pawacard = add_pawacard (fixture);
  g_autofree char *enayapay = add_enayapay (fixture);
  g_autofree char *fayapay = g_strdup_printf ("%" G_GINT64_FORMAT, add_fayapay (fixture));
  g_autofree char *payment = card_input (fixture);
  const char *topup[][12] = {
    /* Airtime is EnayaPay's alone. */
    { "--account", pawacard, "--network", "zain", "--phone", "0912345678", "--amount", "100", "--card-expiry", "1230" },
    { "--account", fayapay, "--network", "zain", "--phone", "0912345678", "--amount", "100", "--card-expiry", "1230" },
    { "--account", "424242", "--network", "zain", "--phone", "0912345678", "--amount", "100", "--card-expiry", "1230" },
    /* Something missing or wrong. */
    { "--account", enayapay, "--network", "zain", "--amount", "100", "--card-expiry", "1230" },
    { "--account", enayapay, "--network", "zain", "--phone", "0912345678", "--amount", "100" },
    { "--account", enayapay, "--phone", "0912345678", "--amount", "100", "--card-expiry", "1230" },
    { "--account", enayapay, "--network", "zain", "--phone", "0912345678", "--card-expiry", "1230" },
    { "--account", enayapay, "--network", "orange", "--phone", "0912345678", "--amount", "100", "--card-expiry", "1230" },
    { "--account", enayapay, "--network", "zain", "--phone", "91234", "--amount", "100", "--card-expiry", "1230" },
    { "--account", enayapay, "--network", "zain", "--phone", "0912345678", "--amount", "100", "--card-expiry", "1330" },
    { "--account", enayapay, "--network", "zain", "--phone", "0912345678", "--amount", "0", "--card-expiry", "1230" },
    { "--account", enayapay, "--network", "zain", "--phone", "0912345678", "--amount", "100 KES", "--card-expiry", "1230" },
  };
  const char *bill[][12] = {
    { "--account", fayapay, "--number", "0200001-01", "--amount", "100" },
    { "--account", pawacard, "--amount", "100" },
    { "--account", pawacard, "--number", " ", "--amount", "100" },
    { "--account", pawacard, "--network", "zain", "--phone", "0905450785", "--amount", "100" },
    { "--account", pawacard, "--number", "0200001-01", "--amount", "100", "--card-expiry", "1230" },
    { "--account", pawacard, "--number", "0200001-01", "--amount", "100", "--inquire" },
    { "--account", pawacard, "--number", "0200001-01", "--amount", "-5" },
    { "--account", enayapay, "--number", "0200001-01", "--amount", "100", "--card-expiry", "1230" },
    { "--account", enayapay, "--network", "zain", "--amount", "100", "--card-expiry", "1230" },
    { "--account", enayapay, "--phone", "0905450785", "--amount", "100", "--card-expiry", "1230" },
    { "--account", enayapay, "--network", "zain", "--phone", "0905450785", "--name", "X", "--card-expiry", "1230" },
    { "--network", "zain", "--phone", "0905450785", "--amount", "100", "--card-expiry", "1230" },
  };

  for (guint c = 0; c < 2; c++)
    {
      const char *command = c == 0 ? "topup" : "bill";
      guint n = c == 0 ? G_N_ELEMENTS (topup) : G_N_ELEMENTS (bill);

      for (guint i = 0; i < n; i++)
        {
          const char * const *options = c == 0 ? topup[i] : bill[i];
          g_autoptr(GPtrArray) argv = g_ptr_array_new ();
          g_autoptr(Run) run = NULL;

          g_ptr_array_add (argv, (gpointer)command);
          for (guint j = 0; j < 12 && options[j] != NULL; j++)
            g_ptr_array_add (argv, (gpointer)options[j]);
          g_ptr_array_add (argv, (gpointer)"--yes");
          g_ptr_array_add (argv, NULL);

          run = run_cli_argv (fixture, payment, (const char * const *)argv->pdata);
          if (run->status != 2)
            g_error ("%s case %u: exit status %d, expected 2; stderr: %s", command, i, run->status, run->err);
          assert_failed_with (run, 2);
        }
    }

  /* One sentence says why. */
  {
    g_autoptr(Run) run = run_cli (fixture, payment, "topup", "--account", pawacard, "--network", "zain",
                                  "--phone", "0912345678", "--amount", "100", "--card-expiry", "1230", "--yes");

    assert_failed_with (run, 2);
    g_assert_nonnull (strstr (run->err, "EnayaPay"));
  }

  g_assert_cmpuint (ledger_length (fixture, "pawacard"), ==, 0);
  g_assert_cmpuint (ledger_length (fixture, "enayapay"), ==, 0);
  g_assert_cmpuint (outbox_length (fixture), ==, 0);
}

static void
test_bill_pawacard_unknown (Fixture       *fixture,
                            gconstpointer  data)
{
  /* Far beyond the seeded accounts. */
  const char *number = "0999999-01";
  g_autofree char *id = add_pawacard (fixture);

  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "bill", "--account", id, "--number", number, "--amount", "500",
                                  "--yes");

    assert_failed_with (run, 3);
  }
  g_assert_cmpuint (ledger_length (fixture, "pawacard"), ==, 0);
  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "--json", "outbox", "list");
    JsonArray *entries;

    assert_ok (run);
    entries = json_list (run, "entries");
    g_assert_cmpuint (json_array_get_length (entries), ==, 1);
    g_assert_cmpstr (pd_test_assert_string_member (json_array_get_object_element (entries, 0), "state"), ==,
                     "failed");
  }

  /* Asking, or paying what is owed, stops at the check: nothing is sent. */
  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "bill", "--account", id, "--number", number, "--inquire");

    assert_failed_with (run, 3);
  }
  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "bill", "--account", id, "--number", number, "--yes");

    assert_failed_with (run, 3);
  }
  g_assert_cmpuint (ledger_length (fixture, "pawacard"), ==, 0);
  g_assert_cmpuint (outbox_length (fixture), ==, 1);
}

/* ------------------------------------------------------------ statements */

static void
test_statement_export (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *input = g_strdup_printf ("%s\n", pd_test_sandbox_get_credential (fixture->sandbox, "zengapay",
                                                                                   "token"));
  g_autofree char *id = NULL;
  gint64 account_id = add_account (fixture, "zengapay", input);
  const char *formats[] = { "csv", "pdf", "ofx" };
  const char *starts[] = { NULL, "%PDF", NULL };
  const char *holds[] = { "UGX", NULL, "<OFX>" };

  id = g_strdup_printf ("%" G_GINT64_FORMAT, account_id);
  sync_account (fixture, account_id);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strdup_printf ("statement.%s", formats[i]);
      g_autofree char *path = g_build_filename (fixture->data_home, name, NULL);
      g_autoptr(Run) run = run_cli (fixture, NULL, "--json", "statement", "export", "--account", id,
                                    "--from", "2025-01-01", "--to", "2026-06-30", "--format", formats[i],
                                    "-o", path);
      g_autofree char *contents = NULL;
      gsize length = 0;
      JsonObject *export;

      assert_ok (run);
      export = pd_test_assert_object_member (json_root (run), "export");
      g_assert_cmpstr (pd_test_assert_string_member (export, "format"), ==, formats[i]);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpint (pd_test_assert_int_member (export, "bytes"), ==, length);
      g_assert_cmpuint (length, >, 200);
      if (starts[i] != NULL)
        g_assert_true (g_str_has_prefix (contents, starts[i]));
      if (holds[i] != NULL)
        g_assert_nonnull (strstr (contents, holds[i]));
    }

  /* The CSV variant for decimal-comma locales. */
  {
    g_autofree char *path = g_build_filename (fixture->data_home, "semicolon.csv", NULL);
    g_autoptr(Run) run = run_cli (fixture, NULL, "statement", "export", "--all", "--from", "2025-01-01",
                                  "--to", "2026-06-30", "--semicolon", "--bom", "-o", path);
    g_autofree char *contents = NULL;

    assert_ok (run);
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "\xef\xbb\xbf"));
    g_assert_nonnull (strchr (contents, ';'));
  }

  {
    g_autoptr(Run) run = run_cli (fixture, NULL, "statement", "export", "--account", id, "--from", "2025-01-01",
                                  "-o", "x.csv");

    assert_failed_with (run, 2);
  }
}

/* ------------------------------------------------------------------ demo */

static void
test_demo (void)
{
  Fixture fixture = { NULL, };
  g_autoptr(GError) error = NULL;
  g_autoptr(Run) run = NULL;
  JsonArray *charges;

  fixture.data_home = pd_test_make_tmp_dir ("paydesk-test-cli-XXXXXX");

  run = run_cli (&fixture, NULL, "--demo", "list", "charges", "--limit", "5", "--json");
  assert_ok (run);
  charges = json_list (run, "charges");
  g_assert_cmpuint (json_array_get_length (charges), ==, 5);
  for (guint i = 0; i < 5; i++)
    pd_test_assert_string_member (json_array_get_object_element (charges, i), "amount");

  /* The demo's data went into its own folder, and is gone. */
  {
    g_autofree char *path = store_path (&fixture);

    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }

  pd_test_remove_tree (fixture.data_home);
  g_free (fixture.data_home);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli/account/lifecycle", test_account_lifecycle);
  ADD ("/cli/account/field-lines", test_account_single_line_secrets);
  ADD ("/cli/usage-errors", test_usage_errors);
  ADD ("/cli/provider-error", test_provider_error);
  ADD ("/cli/sync-and-list", test_sync_and_list);
  ADD ("/cli/search-and-show", test_search_and_show);
  ADD ("/cli/refund/partial", test_refund_partial);
  ADD ("/cli/refund/outcome-unknown", test_refund_outcome_unknown);
  ADD ("/cli/disburse/transfer", test_disburse_transfer);
  ADD ("/cli/vend/pawacard", test_vend_pawacard);
  ADD ("/cli/vend/enayapay", test_vend_enayapay);
  ADD ("/cli/topup/enayapay", test_topup_enayapay);
  ADD ("/cli/bill/pawacard", test_bill_pawacard);
  ADD ("/cli/bill/enayapay", test_bill_enayapay);
  ADD ("/cli/bill/usage-errors", test_bill_usage_errors);
  ADD ("/cli/bill/pawacard-unknown", test_bill_pawacard_unknown);
  ADD ("/cli/statement-export", test_statement_export);
  g_test_add_func ("/cli/demo", test_demo);

#undef ADD

  return g_test_run ();
}

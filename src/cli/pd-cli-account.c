/* pd-cli-account.c - paydesk-cli account add|list|test|remove
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Secrets come from standard input only (HACKING.md, "Secrets on the
 * command line's standard input"): never from argv, where every user of
 * the machine can read them, nor from the environment. They go straight
 * into a PdSecretSet, which wipes them, and from there into the keyring.
 */

#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "pd-cli-output.h"
#include "pd-cli.h"
#include "pd-provider-registry.h"

static const PdCliColumn account_columns[] = {
  { "id", N_("ID"), PD_CLI_INT, TRUE },
  { "uuid", N_("UUID"), PD_CLI_TEXT, FALSE },
  { "provider", N_("Provider"), PD_CLI_TEXT, TRUE },
  { "label", N_("Label"), PD_CLI_TEXT, TRUE },
  { "mode", N_("Mode"), PD_CLI_TEXT, TRUE },
  { "base_url", N_("Base URL"), PD_CLI_TEXT, FALSE },
  { "username", N_("User Name"), PD_CLI_TEXT, FALSE },
  { "phone", N_("Phone"), PD_CLI_TEXT, FALSE },
  { "timezone", N_("Time Zone"), PD_CLI_TEXT, FALSE },
  { "created_at", N_("Added"), PD_CLI_TIME, FALSE },
  { "last_sync_at", N_("Last Sync"), PD_CLI_TIME, TRUE },
};

static const PdCliColumn test_columns[] = {
  { "account_id", N_("Account"), PD_CLI_INT, TRUE },
  { "label", N_("Label"), PD_CLI_TEXT, TRUE },
  { "provider", N_("Provider"), PD_CLI_TEXT, TRUE },
  { "ok", N_("Answers"), PD_CLI_BOOL, TRUE },
};

/* The secret a single line without a field name is (HACKING.md). */
static const char *
main_secret_field (const char *provider)
{
  if (g_strcmp0 (provider, "zengapay") == 0)
    return "token";
  if (g_strcmp0 (provider, "pawacard") == 0 || g_strcmp0 (provider, "enayapay") == 0)
    return "password";

  return "api_key";
}

static void
add_account_row (PdCliTable      *table,
                 const PdAccount *account)
{
  pd_cli_table_add_row (table);
  pd_cli_table_set_int (table, "id", account->id);
  pd_cli_table_set (table, "uuid", account->uuid);
  pd_cli_table_set (table, "provider", account->provider);
  pd_cli_table_set (table, "label", account->label);
  pd_cli_table_set (table, "mode", pd_account_mode_to_string (account->mode));
  pd_cli_table_set (table, "base_url", account->base_url);
  pd_cli_table_set (table, "username", account->username);
  pd_cli_table_set (table, "phone", account->phone);
  pd_cli_table_set (table, "timezone", account->timezone);
  pd_cli_table_set_time (table, "created_at", account->created_at);
  pd_cli_table_set_time (table, "last_sync_at", account->last_sync_at);
}

static gboolean
write_activity (PdCli      *cli,
                gint64      account_id,
                const char *action,
                char       *detail,
                GError    **error)
{
  g_autoptr(PdActivity) activity = pd_activity_new ();

  activity->account_id = account_id;
  activity->action = g_strdup (action);
  activity->outcome = g_strdup ("ok");
  activity->detail = detail;

  return pd_store_add_activity (cli->store, activity, error);
}

/* Reading the secrets */

/**
 * parse_secrets:
 * @text: standard input, changed in place
 * @provider: the account's provider
 * @secrets: where the secrets go
 *
 * Each non-empty line is `field=value`, split at the first `=`; a single
 * line without one is the provider's main secret. So is a single line
 * whose text before its first `=` is no field name (a key in base64
 * ending in `=`). No message ever quotes a value.
 */
static gboolean
parse_secrets (char         *text,
               const char   *provider,
               PdSecretSet  *secrets,
               GError      **error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  char *line = text;

  while (line != NULL && *line != '\0')
    {
      char *end = strchr (line, '\n');

      if (end != NULL)
        *end = '\0';
      if (end != NULL && end > line && end[-1] == '\r')
        end[-1] = '\0';
      else if (end == NULL && line[strlen (line) - 1] == '\r')
        line[strlen (line) - 1] = '\0';

      if (*line != '\0')
        g_ptr_array_add (lines, line);

      line = end != NULL ? end + 1 : NULL;
    }

  if (lines->len == 0)
    return pd_cli_usage_error (error, _("No secret on standard input: give the %s as one line, "
                                        "or lines of field=value"), main_secret_field (provider));

  for (guint i = 0; i < lines->len; i++)
    {
      char *current = g_ptr_array_index (lines, i);
      char *equals = strchr (current, '=');

      if (equals != NULL)
        {
          *equals = '\0';
          if (!pd_secret_set_is_valid_field (current))
            {
              *equals = '=';
              equals = NULL;
            }
        }

      if (equals == NULL)
        {
          if (lines->len > 1)
            return pd_cli_usage_error (error, _("Line %u of standard input is not field=value"), i + 1);

          pd_secret_set_set (secrets, main_secret_field (provider), current);
          continue;
        }

      if (pd_secret_set_get (secrets, current) != NULL)
        return pd_cli_usage_error (error, _("The secret field “%s” is given twice"), current);
      pd_secret_set_set (secrets, current, equals + 1);
    }

  return TRUE;
}

/* When a person types the secret, it is not shown. */
static char *
read_secret_input (const char  *provider,
                   GError     **error)
{
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0;
  char *text;

  if (tty)
    {
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
      /* Translators: %s is a secret field name such as api_key */
      g_printerr (_("Type the %s (or lines of field=value), then Ctrl+D:\n"), main_secret_field (provider));
    }

  text = pd_cli_read_stdin (error);

  if (tty)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);

  return text;
}

/* account add */

static gboolean
account_add (PdCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  g_autofree char *provider = NULL;
  g_autofree char *label = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *username = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *timezone = NULL;
  gboolean help_shown = FALSE;
  const GOptionEntry entries[] = {
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider, N_("fayapay, zengapay, eoneopay, pawacard or enayapay"), N_("PROVIDER") },
    { "label", 0, 0, G_OPTION_ARG_STRING, &label, N_("Your name for the account"), N_("LABEL") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url, N_("The provider’s base URL (default: its production one)"), N_("URL") },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, N_("test or live (default: test)"), N_("MODE") },
    { "username", 0, 0, G_OPTION_ARG_STRING, &username, N_("The user name the provider knows you by"), N_("USER") },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, N_("The phone number the provider knows you by"), N_("NUMBER") },
    { "timezone", 0, 0, G_OPTION_ARG_STRING, &timezone, N_("The IANA time zone of the provider’s times (default: its home zone)"), N_("ZONE") },
    { NULL }
  };
  g_autoptr(PdAccount) account = pd_account_new ();
  g_autoptr(PdSecretSet) secrets = pd_secret_set_new ();
  g_autoptr(PdCliTable) table = NULL;
  g_autoptr(PdAccount) stored = NULL;
  g_autoptr(GError) local_error = NULL;
  const char * const *needed;
  char *input;
  gboolean parsed;

  if (!pd_cli_parse_command (_("account add --provider PROVIDER --label LABEL < SECRETS"),
                             _("Adds a provider account. Its secrets are read from standard input: "
                               "one line with the main secret (api_key for FayaPay and EoneoPay, "
                               "token for ZengaPay, password for PawaCard and EnayaPay), or lines of "
                               "field=value. They go to the keyring, never to a file."),
                             entries, -1, &argc, &argv, &help_shown, error))
    return help_shown;

  if (argc > 1)
    return pd_cli_usage_error (error, _("Unexpected argument “%s”: secrets are read from standard input"), argv[1]);
  if (provider == NULL || label == NULL || g_strstrip (label)[0] == '\0')
    return pd_cli_usage_error (error, _("account add needs --provider and --label"));
  if (!pd_provider_registry_is_supported (provider))
    return pd_cli_usage_error (error, _("“%s” is not a provider Paydesk can connect to "
                                        "(fayapay, zengapay, eoneopay, pawacard, enayapay)"), provider);
  if (username != NULL && phone != NULL)
    return pd_cli_usage_error (error, _("Give --username or --phone, not both"));
  if (mode != NULL && !pd_account_mode_from_string (mode, &account->mode))
    return pd_cli_usage_error (error, _("--mode is test or live, not “%s”"), mode);
  if (timezone != NULL)
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (timezone);

      if (zone == NULL)
        return pd_cli_usage_error (error, _("“%s” is not a time zone"), timezone);
    }
  if (base_url != NULL && !g_uri_is_valid (base_url, G_URI_FLAGS_NONE, NULL))
    return pd_cli_usage_error (error, _("“%s” is not a URL"), base_url);

  input = read_secret_input (provider, error);
  if (input == NULL)
    return FALSE;
  parsed = parse_secrets (input, provider, secrets, error);
  pd_secret_text_free (input);
  if (!parsed)
    return FALSE;

  needed = pd_provider_registry_get_secret_fields (provider);
  for (guint i = 0; needed != NULL && needed[i] != NULL; i++)
    if (pd_secret_set_get (secrets, needed[i]) == NULL || pd_secret_set_get (secrets, needed[i])[0] == '\0')
      return pd_cli_usage_error (error, _("A %s account needs the secret “%s” on standard input (%s=…)"),
                                 pd_provider_get_display_name (provider), needed[i], needed[i]);

  account->provider = g_steal_pointer (&provider);
  account->label = g_steal_pointer (&label);
  account->base_url = g_steal_pointer (&base_url);
  account->username = g_steal_pointer (&username);
  account->phone = g_steal_pointer (&phone);
  account->timezone = g_steal_pointer (&timezone);

  if (!pd_store_add_account (cli->store, account, error))
    return FALSE;

  if (!pd_secrets_store_sync (cli->secrets, account->uuid, account->provider, account->label, secrets,
                              PD_SECRETS_STORE_NONE, cli->cancellable, &local_error))
    {
      /* An account without its secrets would only fail later. */
      pd_store_remove_account (cli->store, account->id, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!write_activity (cli, account->id, "account-add",
                       /* Translators: an audit line: provider, label and account id */
                       g_strdup_printf (_("Added the %s account “%s” (account %" G_GINT64_FORMAT ") from the command line"),
                                        pd_provider_get_display_name (account->provider), account->label,
                                        account->id),
                       error))
    return FALSE;

  stored = pd_store_get_account (cli->store, account->id, error);
  if (stored == NULL)
    return FALSE;

  table = pd_cli_table_new ("account", account_columns, G_N_ELEMENTS (account_columns));
  pd_cli_table_set_single (table, TRUE);
  add_account_row (table, stored);

  return pd_cli_table_print (table, cli->format, error);
}

/* account list */

static gboolean
account_list (PdCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  gboolean help_shown = FALSE;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(PdCliTable) table = NULL;

  if (!pd_cli_parse_command (_("account list"), _("Lists the provider accounts."), NULL, 0,
                             &argc, &argv, &help_shown, error))
    return help_shown;

  if (!pd_store_list_accounts (cli->store, &accounts, error))
    return FALSE;

  table = pd_cli_table_new ("accounts", account_columns, G_N_ELEMENTS (account_columns));
  for (guint i = 0; i < accounts->len; i++)
    add_account_row (table, g_ptr_array_index (accounts, i));

  return pd_cli_table_print (table, cli->format, error);
}

/* Parses the options of a command that takes one account and nothing else. */
static PdAccount *
parse_one_account (PdCli       *cli,
                   const char  *parameters,
                   const char  *summary,
                   int          argc,
                   char       **argv,
                   gboolean    *help_shown,
                   GError     **error)
{
  if (!pd_cli_parse_command (parameters, summary, NULL, -1, &argc, &argv, help_shown, error))
    return NULL;

  if (argc != 2)
    {
      pd_cli_usage_error (error, _("Name one account by its id (see “paydesk-cli account list”)"));
      return NULL;
    }

  return pd_cli_get_account (cli, argv[1], error);
}

/* account test */

static gboolean
account_test (PdCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(PdProvider) provider = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PdCliTable) table = NULL;
  gboolean help_shown = FALSE;

  account = parse_one_account (cli, _("account test ACCOUNT"),
                               _("Asks the account’s provider whether it takes the saved secrets."),
                               argc, argv, &help_shown, error);
  if (account == NULL)
    return help_shown;

  provider = pd_cli_connect_account (cli, account, error);
  if (provider == NULL)
    return FALSE;

  pd_provider_test_async (provider, cli->cancellable, pd_cli_ready_cb, &result);
  pd_cli_wait (cli, &result);
  if (!pd_provider_test_finish (provider, result, error))
    return FALSE;

  table = pd_cli_table_new ("test", test_columns, G_N_ELEMENTS (test_columns));
  pd_cli_table_set_single (table, TRUE);
  pd_cli_table_add_row (table);
  pd_cli_table_set_int (table, "account_id", account->id);
  pd_cli_table_set (table, "label", account->label);
  pd_cli_table_set (table, "provider", account->provider);
  pd_cli_table_set (table, "ok", "true");

  return pd_cli_table_print (table, cli->format, error);
}

/* account remove */

static gboolean
account_remove (PdCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(PdCliTable) table = NULL;
  g_autoptr(GError) keyring_error = NULL;
  gboolean help_shown = FALSE;

  account = parse_one_account (cli, _("account remove ACCOUNT"),
                               _("Removes an account, everything Paydesk stored for it, and its secrets "
                                 "from the keyring. Its audit trail stays."),
                               argc, argv, &help_shown, error);
  if (account == NULL)
    return help_shown;

  /* The store refuses while a money movement's outcome is unknown; then
   * the secrets must stay too, to reconcile it. */
  if (!pd_store_remove_account (cli->store, account->id, error))
    return FALSE;

  if (!pd_secrets_clear_sync (cli->secrets, account->uuid, cli->cancellable, &keyring_error))
    {
      g_set_error (error, keyring_error->domain, keyring_error->code,
                   _("The account was removed, but its secrets are still in the keyring: %s"),
                   keyring_error->message);
      return FALSE;
    }

  if (!write_activity (cli, 0, "account-remove",
                       /* Translators: an audit line: provider, label and account id */
                       g_strdup_printf (_("Removed the %s account “%s” (account %" G_GINT64_FORMAT
                                          ") and its keyring item from the command line"),
                                        pd_provider_get_display_name (account->provider), account->label,
                                        account->id),
                       error))
    return FALSE;

  table = pd_cli_table_new ("removed", account_columns, G_N_ELEMENTS (account_columns));
  pd_cli_table_set_single (table, TRUE);
  pd_cli_table_set_title (table, _("Removed:"));
  add_account_row (table, account);

  return pd_cli_table_print (table, cli->format, error);
}

/**
 * pd_cli_account_command:
 * @cli: the run
 * @argc: the arguments' count
 * @argv: `account`, the subcommand and its arguments
 * @error: return location for an error
 *
 * `paydesk-cli account add|list|test|remove`.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_cli_account_command (PdCli   *cli,
                        int      argc,
                        char   **argv,
                        GError **error)
{
  static const PdCliCommand subcommands[] = {
    { "add", account_add, N_("Add an account; its secrets are read from standard input") },
    { "list", account_list, N_("List the accounts") },
    { "test", account_test, N_("Check that the provider takes the account’s secrets") },
    { "remove", account_remove, N_("Remove an account and its keyring item") },
  };

  return pd_cli_run_subcommand (cli, _("Usage: paydesk-cli account add|list|test|remove …"),
                                subcommands, G_N_ELEMENTS (subcommands),
                                _("account needs add, list, test or remove"), argc, argv, error);
}

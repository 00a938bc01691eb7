/* pd-cli.c - paydesk-cli: global options, the commands, errors and exit statuses
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * One run is one command. The global options (--demo, --json, --csv) may
 * stand anywhere before a "--"; each command parses the rest with its own
 * GOptionContext. Errors end as one line on stderr and the exit status of
 * HACKING.md, "Exit statuses of paydesk-cli".
 *
 * The commands are synchronous from the shell's point of view; the core's
 * asynchronous calls run on the default main context until their result
 * arrives (pd_cli_wait()), which is fine here since there is no UI to keep
 * alive and nothing else runs on it.
 */

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "pd-cli-sync.h"
#include "pd-cli.h"
#include "pd-export.h"
#include "pd-outbox.h"
#include "pd-pawacard-client.h"
#include "pd-provider-registry.h"

/* More than any set of secrets; input beyond it is refused, not cut. */
#define STDIN_LIMIT (64 * 1024)

G_DEFINE_QUARK (pd-cli-error-quark, pd_cli_error)

static const PdCliCommand commands[] = {
  { "account", pd_cli_account_command, N_("Add, list, test or remove provider accounts") },
  { "sync", pd_cli_sync_command, N_("Download the accounts’ records from their providers") },
  { "list", pd_cli_list_command, N_("List customers, charges, refunds, disbursements, cards, statements or balances") },
  { "balances", pd_cli_balances_command, N_("List the latest balance of every wallet (as “list balances”)") },
  { "search", pd_cli_search_command, N_("Search every provider’s records at once") },
  { "show", pd_cli_show_command, N_("Show one transaction whole, with its refunds") },
  { "refund", pd_cli_refund_command, N_("Refund a charge, in full or in part") },
  { "disburse", pd_cli_disburse_command, N_("Send money to a phone or a bank account") },
  { "vend", pd_cli_vend_command, N_("Buy a prepaid electricity token") },
  { "topup", pd_cli_topup_command, N_("Buy airtime for a phone") },
  { "bill", pd_cli_bill_command, N_("Pay a postpaid phone or electricity bill, or see what is owed") },
  { "receipt", pd_cli_receipt_command, N_("Write the receipt of a vend, top-up or bill payment") },
  { "outbox", pd_cli_outbox_command, N_("List or reconcile money movements") },
  { "statement", pd_cli_statement_command, N_("Export statements as CSV, PDF or OFX") },
};

/* Exit statuses */

/**
 * pd_cli_exit_status_for:
 * @error: why a command failed
 *
 * Returns: the exit status that says what kind of failure @error is
 */
PdCliExit
pd_cli_exit_status_for (const GError *error)
{
  if (error == NULL)
    return PD_CLI_EXIT_OK;

  if (error->domain == PD_CLI_ERROR)
    {
      switch ((PdCliError)error->code)
        {
        case PD_CLI_ERROR_USAGE:
        case PD_CLI_ERROR_NOT_FOUND:
          return PD_CLI_EXIT_USAGE;
        case PD_CLI_ERROR_REFUSED:
          return PD_CLI_EXIT_PROVIDER;
        case PD_CLI_ERROR_OUTCOME_UNKNOWN:
          return PD_CLI_EXIT_OUTCOME_UNKNOWN;
        case PD_CLI_ERROR_DECLINED:
        default:
          return PD_CLI_EXIT_FAILURE;
        }
    }

  if (error->domain == G_OPTION_ERROR || error->domain == PD_MONEY_ERROR)
    return PD_CLI_EXIT_USAGE;

  if (error->domain == PD_PROVIDER_ERROR)
    return pd_provider_error_is_outcome_unknown (error) ? PD_CLI_EXIT_OUTCOME_UNKNOWN : PD_CLI_EXIT_PROVIDER;

  /* PawaCard's own refusals (an unknown meter or account, a meter sold to
   * too recently); none of them moved money. */
  if (error->domain == PD_PAWACARD_ERROR)
    return PD_CLI_EXIT_PROVIDER;

  if (error->domain == PD_OUTBOX_ERROR)
    return error->code == PD_OUTBOX_ERROR_SETTLED || error->code == PD_OUTBOX_ERROR_BUSY
      ? PD_CLI_EXIT_FAILURE : PD_CLI_EXIT_USAGE;

  if (error->domain == PD_EXPORT_ERROR && error->code == PD_EXPORT_ERROR_INVALID)
    return PD_CLI_EXIT_USAGE;

  return PD_CLI_EXIT_FAILURE;
}

/* Helpers for the commands */

gboolean
pd_cli_usage_error (GError     **error,
                    const char  *format,
                    ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (PD_CLI_ERROR, PD_CLI_ERROR_USAGE, format, args);
  va_end (args);

  return FALSE;
}

/* An option context whose `--help` sets @help rather than exiting. */
static GOptionContext *
option_context_new (const char         *parameters,
                    const char         *summary,
                    const GOptionEntry *entries,
                    gboolean           *help)
{
  const GOptionEntry help_entries[] = {
    { "help", 'h', 0, G_OPTION_ARG_NONE, help, N_("Show the options of this command"), NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, help_entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("Global options, anywhere on the line:\n"
                                      "  --json     Write one JSON document\n"
                                      "  --csv      Write RFC 4180 CSV\n"
                                      "  --demo     Work on simulated providers in a throw-away folder\n"));

  return context;
}

/**
 * pd_cli_parse_command:
 * @parameters: what follows the options, for the usage line ("list VIEW")
 * @summary: (nullable): a sentence about the command
 * @entries: (nullable): the command's options
 * @max_arguments: how many arguments may follow the options, or -1 for
 *   any number (the command then checks them itself)
 * @argc: (inout): the arguments' count, the command's name first
 * @argv: (inout): the arguments; the options are taken out
 * @help_shown: (out): whether `--help` was asked for, and shown
 * @error: return location for a usage error
 *
 * Parses a command's options; `--help` prints them rather than exiting.
 *
 * Returns: %TRUE when the command is to run; otherwise it is done, and
 *   succeeded if @help_shown
 */
gboolean
pd_cli_parse_command (const char          *parameters,
                      const char          *summary,
                      const GOptionEntry  *entries,
                      int                  max_arguments,
                      int                 *argc,
                      char              ***argv,
                      gboolean            *help_shown,
                      GError             **error)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean help = FALSE;

  *help_shown = FALSE;

  context = option_context_new (parameters, summary, entries, &help);
  if (!g_option_context_parse (context, argc, argv, &local_error))
    return pd_cli_usage_error (error, "%s", local_error->message);

  if (help)
    {
      g_autofree char *text = g_option_context_get_help (context, TRUE, NULL);

      g_print ("%s", text);
      *help_shown = TRUE;
      return FALSE;
    }

  if (max_arguments >= 0 && *argc > max_arguments + 1)
    return pd_cli_usage_error (error, _("Unexpected argument “%s”"), (*argv)[max_arguments + 1]);

  return TRUE;
}

/**
 * pd_cli_run_subcommand:
 * @cli: the run
 * @usage: the first line of `--help`, "Usage: paydesk-cli outbox list|reconcile …"
 * @subcommands: (array length=n_subcommands): the subcommands
 * @n_subcommands: how many
 * @missing: the usage error when no known subcommand is named
 * @argc: the arguments' count
 * @argv: the command, the subcommand and its arguments
 * @error: return location for an error
 *
 * Runs the subcommand named by @argv[1], or lists them for `--help`.
 *
 * Returns: what the subcommand returns
 */
gboolean
pd_cli_run_subcommand (PdCli               *cli,
                       const char          *usage,
                       const PdCliCommand  *subcommands,
                       guint                n_subcommands,
                       const char          *missing,
                       int                  argc,
                       char               **argv,
                       GError             **error)
{
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_autoptr(GString) text = g_string_new (usage);
      int width = 0;

      for (guint i = 0; i < n_subcommands; i++)
        width = MAX (width, (int)strlen (subcommands[i].name));

      g_string_append (text, "\n\n");
      for (guint i = 0; i < n_subcommands; i++)
        g_string_append_printf (text, "  %-*s  %s\n", width, subcommands[i].name, _(subcommands[i].summary));

      g_print ("%s", text->str);
      return TRUE;
    }

  for (guint i = 0; argc >= 2 && i < n_subcommands; i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].func (cli, argc - 1, argv + 1, error);

  return pd_cli_usage_error (error, "%s", missing);
}

/**
 * pd_cli_ready_cb:
 * @object: the source object
 * @result: the result
 * @user_data: a `GAsyncResult **` that pd_cli_wait() waits on
 *
 * The callback of every asynchronous call of the commands.
 */
void
pd_cli_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
stop_signal_cb (gpointer user_data)
{
  PdCli *cli = user_data;

  g_cancellable_cancel (cli->cancellable);

  return G_SOURCE_CONTINUE;
}

/**
 * pd_cli_wait:
 * @cli: the run
 * @result: (inout): %NULL; the result, once it arrived
 *
 * Runs the default main context until @result is set by
 * pd_cli_ready_cb(); start the call with that callback and @result as its
 * data.
 */
void
pd_cli_wait (PdCli         *cli,
             GAsyncResult **result)
{
  guint sources[2];

  /* Ctrl+C while waiting cancels, so that what was started ends cleanly
   * (a page being stored is stored whole, a demo is taken away); at a
   * prompt, it ends the program as it always does. */
  sources[0] = g_unix_signal_add (SIGINT, stop_signal_cb, cli);
  sources[1] = g_unix_signal_add (SIGTERM, stop_signal_cb, cli);

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (sources[0]);
  g_source_remove (sources[1]);
}

/**
 * pd_cli_get_account:
 * @cli: the run
 * @text: an account's id, uuid or label
 * @error: return location for a #PD_CLI_ERROR
 *
 * Returns: (transfer full) (nullable): the account
 */
PdAccount *
pd_cli_get_account (PdCli       *cli,
                    const char  *text,
                    GError     **error)
{
  g_autoptr(GPtrArray) accounts = NULL;
  gint64 id = 0;

  if (text == NULL || text[0] == '\0')
    {
      pd_cli_usage_error (error, _("Name an account by its id (see “paydesk-cli account list”)"));
      return NULL;
    }

  if (!pd_store_list_accounts (cli->store, &accounts, error))
    return NULL;

  if (!g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, &id, NULL))
    id = 0;

  for (guint i = 0; i < accounts->len; i++)
    {
      const PdAccount *account = g_ptr_array_index (accounts, i);

      if ((id != 0 && account->id == id) ||
          g_strcmp0 (account->uuid, text) == 0 ||
          (id == 0 && g_strcmp0 (account->label, text) == 0))
        return pd_account_copy (account);
    }

  g_set_error (error, PD_CLI_ERROR, PD_CLI_ERROR_NOT_FOUND,
               _("There is no account “%s” (see “paydesk-cli account list”)"), text);
  return NULL;
}

/**
 * pd_cli_get_account_id:
 * @cli: the run
 * @text: (nullable): an account's id, uuid or label, or %NULL for none
 * @out: (out): the account's id, or 0 when @text is %NULL
 * @error: return location for a #PD_CLI_ERROR
 *
 * Returns: %TRUE unless @text names no account
 */
gboolean
pd_cli_get_account_id (PdCli       *cli,
                       const char  *text,
                       gint64      *out,
                       GError     **error)
{
  g_autoptr(PdAccount) account = NULL;

  *out = 0;
  if (text == NULL)
    return TRUE;

  account = pd_cli_get_account (cli, text, error);
  if (account == NULL)
    return FALSE;

  *out = account->id;
  return TRUE;
}

/**
 * pd_cli_dup_accounts_by_id:
 * @cli: the run
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): every account, by a pointer to its
 *   id, to name the records they own
 */
GHashTable *
pd_cli_dup_accounts_by_id (PdCli   *cli,
                           GError **error)
{
  g_autoptr(GPtrArray) accounts = NULL;
  GHashTable *by_id;

  if (!pd_store_list_accounts (cli->store, &accounts, error))
    return NULL;

  /* The key lives in the value, which the table frees. */
  by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify)pd_account_free);
  for (guint i = 0; i < accounts->len; i++)
    {
      PdAccount *account = pd_account_copy (g_ptr_array_index (accounts, i));

      g_hash_table_insert (by_id, &account->id, account);
    }

  return by_id;
}

/**
 * pd_cli_connect_account:
 * @cli: the run
 * @account: an account
 * @error: return location for an error
 *
 * Reads the account's secrets from the keyring and makes its provider
 * client.
 *
 * Returns: (transfer full) (nullable): the client
 */
PdProvider *
pd_cli_connect_account (PdCli            *cli,
                        const PdAccount  *account,
                        GError          **error)
{
  g_autoptr(PdSecretSet) secrets = NULL;
  g_autoptr(GError) local_error = NULL;

  secrets = pd_secrets_lookup_sync (cli->secrets, account->uuid, cli->cancellable, &local_error);
  if (secrets == NULL &&
      !g_error_matches (local_error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* Without secrets the registry says which one is missing, in words. */
  return pd_provider_registry_create (account, secrets, error);
}

static gboolean
parse_day (const char *text,
           int        *year,
           int        *month,
           int        *day)
{
  char end = '\0';

  return strlen (text) == 10 &&
         sscanf (text, "%4d-%2d-%2d%c", year, month, day, &end) == 3 &&
         g_date_valid_dmy (*day, *month, *year);
}

/**
 * pd_cli_parse_time:
 * @text: a day (`2026-06-30`, in the local time zone) or an ISO 8601 time
 * @is_end: whether @text ends a period: a day then means up to its end
 * @out: (out): Unix seconds; an end is exclusive
 * @error: return location for a usage error
 *
 * Returns: %TRUE when @text is a day or a time
 */
gboolean
pd_cli_parse_time (const char  *text,
                   gboolean     is_end,
                   gint64      *out,
                   GError     **error)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) time = NULL;
  int year, month, day;

  if (parse_day (text, &year, &month, &day))
    {
      g_autoptr(GDateTime) start = g_date_time_new (local, year, month, day, 0, 0, 0);

      if (start != NULL)
        time = is_end ? g_date_time_add_days (start, 1) : g_date_time_ref (start);
    }
  else
    time = g_date_time_new_from_iso8601 (text, local);

  if (time == NULL)
    return pd_cli_usage_error (error, _("“%s” is not a date (YYYY-MM-DD) or an ISO 8601 time"), text);

  *out = g_date_time_to_unix (time);
  return TRUE;
}

/**
 * pd_cli_parse_amount:
 * @text: an amount, with its currency before or after it or not at all
 *   (`12.50`, `12.50 GHS`, `GHS 12.50`)
 * @currency: (nullable): the currency it must be in, when it is known
 * @out: (out): the amount
 * @error: return location for a usage error
 *
 * Returns: %TRUE when @text is an amount of @currency (or of the currency
 *   it names, when @currency is %NULL)
 */
gboolean
pd_cli_parse_amount (const char  *text,
                     const char  *currency,
                     PdMoney     *out,
                     GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  g_auto(GStrv) parts = g_strsplit_set (copy, " \t", -1);
  g_autoptr(GError) local_error = NULL;
  const char *number = NULL;
  const char *named = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0')
        continue;
      if (g_ascii_isalpha (parts[i][0]) && named == NULL)
        named = parts[i];
      else if (number == NULL)
        number = parts[i];
      else
        return pd_cli_usage_error (error, _("“%s” is not an amount"), text);
    }

  if (number == NULL)
    return pd_cli_usage_error (error, _("“%s” is not an amount"), text);

  if (named != NULL && currency != NULL && g_ascii_strcasecmp (named, currency) != 0)
    return pd_cli_usage_error (error, _("The amount must be in %s, not %s"), currency, named);

  if (named == NULL && currency == NULL)
    return pd_cli_usage_error (error, _("Say the currency of “%s” (e.g. “%s GHS”)"), text, text);

  if (!pd_money_parse (number, named != NULL ? named : currency, out, &local_error))
    return pd_cli_usage_error (error, _("“%s” is not an amount: %s"), text, local_error->message);

  return TRUE;
}

gboolean
pd_cli_stdin_is_tty (void)
{
  return isatty (STDIN_FILENO);
}

/**
 * pd_cli_read_stdin:
 * @error: return location for an error
 *
 * Reads standard input to its end into one buffer that never moves, so
 * that no copy of a secret is left behind in freed memory; free it with
 * pd_secret_text_free().
 *
 * Returns: (transfer full) (nullable): the text
 */
char *
pd_cli_read_stdin (GError **error)
{
  char *buffer = g_malloc0 (STDIN_LIMIT + 1);
  gsize length = 0;

  while (length < STDIN_LIMIT)
    {
      gssize n = read (STDIN_FILENO, buffer + length, STDIN_LIMIT - length);

      if (n == 0)
        return buffer;
      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          pd_secret_text_free (buffer);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not read standard input: %s"), g_strerror (saved_errno));
          return NULL;
        }
      length += n;
    }

  pd_secret_text_free (buffer);
  pd_cli_usage_error (error, _("Standard input is longer than %u bytes"), (guint)STDIN_LIMIT);
  return NULL;
}

/* The run */

static void
print_usage (void)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append (text, _("Usage: paydesk-cli [--demo] [--json|--csv] COMMAND [OPTION…]"));
  g_string_append (text, "\n\n");
  g_string_append (text, _("Commands:"));
  g_string_append_c (text, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_string_append_c (text, '\n');
  g_string_append (text, _("Global options, anywhere on the line:\n"
                           "  --json     Write one JSON document\n"
                           "  --csv      Write RFC 4180 CSV\n"
                           "  --demo     Work on simulated providers in a throw-away folder"));
  g_string_append (text, "\n\n");
  g_string_append (text, _("“paydesk-cli COMMAND --help” shows the options of a command."));
  g_string_append_c (text, '\n');

  g_print ("%s", text->str);
}

/* Takes the global options out of argv, wherever they are before "--". */
static gboolean
take_global_options (int       *argc,
                     char     **argv,
                     gboolean  *demo,
                     PdCliFormat *format,
                     GError   **error)
{
  int kept = 1;
  gboolean json = FALSE, csv = FALSE;
  gboolean after_dashes = FALSE;

  for (int i = 1; i < *argc; i++)
    {
      if (!after_dashes && g_str_equal (argv[i], "--"))
        after_dashes = TRUE;
      else if (!after_dashes && g_str_equal (argv[i], "--demo"))
        {
          *demo = TRUE;
          continue;
        }
      else if (!after_dashes && g_str_equal (argv[i], "--json"))
        {
          json = TRUE;
          continue;
        }
      else if (!after_dashes && g_str_equal (argv[i], "--csv"))
        {
          csv = TRUE;
          continue;
        }

      argv[kept++] = argv[i];
    }
  argv[kept] = NULL;
  *argc = kept;

  if (json && csv)
    return pd_cli_usage_error (error, _("--json and --csv cannot be used together"));

  *format = json ? PD_CLI_FORMAT_JSON : csv ? PD_CLI_FORMAT_CSV : PD_CLI_FORMAT_TABLE;

  return TRUE;
}

static gboolean
open_store (PdCli   *cli,
            GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;

  path = cli->demo != NULL ? pd_demo_dup_store_path (cli->demo) : pd_store_default_path ();
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Paydesk cannot create its folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  cli->store = pd_store_new_for_path (path, error);

  return cli->store != NULL;
}

/* As `paydesk --demo` does: the simulator and an account per provider in
 * a throw-away folder (PdDemo), then a sync of them all, here with the
 * same progress line as `paydesk-cli sync`. An account that fails is left
 * out, unless all do. */
static gboolean
start_demo (PdCli   *cli,
            GError **error)
{
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(PdCliTable) summary = pd_cli_sync_table_new ();
  g_autoptr(GError) failure = NULL;
  gboolean tty = isatty (STDERR_FILENO);
  GPtrArray *accounts;
  guint n_failed = 0;

  cli->demo = pd_demo_new (cli->secrets, error);
  if (cli->demo == NULL || !open_store (cli, error))
    return FALSE;

  if (tty)
    g_printerr ("%s", _("Starting the demo…"));

  pd_demo_start_async (cli->demo, cli->store, cli->cancellable, pd_cli_ready_cb, &started);
  pd_cli_wait (cli, &started);

  if (tty)
    g_printerr ("\r\033[K");

  if (!pd_demo_start_finish (cli->demo, started, error))
    return FALSE;

  accounts = pd_demo_get_accounts (cli->demo);
  for (guint i = 0; i < accounts->len; i++)
    {
      g_autoptr(GError) account_failure = NULL;

      if (!pd_cli_sync_account (cli, g_ptr_array_index (accounts, i), NULL, summary, &account_failure))
        {
          g_propagate_error (error, g_steal_pointer (&account_failure));
          return FALSE;
        }

      if (account_failure != NULL)
        {
          n_failed++;
          if (failure == NULL)
            failure = g_steal_pointer (&account_failure);
        }
    }

  if (n_failed == accounts->len)
    {
      g_set_error (error, PD_DEMO_ERROR, PD_DEMO_ERROR_NO_ACCOUNT,
                   _("No demo account could be synchronized: %s"),
                   failure != NULL ? failure->message : "");
      return FALSE;
    }

  return TRUE;
}

static void
stop_demo (PdCli *cli)
{
  g_autoptr(GAsyncResult) stopped = NULL;

  if (cli->demo == NULL)
    return;

  /* The store is closed first, as pd_demo_stop_async() asks. */
  g_clear_object (&cli->store);
  pd_demo_stop_async (cli->demo, NULL, pd_cli_ready_cb, &stopped);
  pd_cli_wait (cli, &stopped);
  pd_demo_stop_finish (cli->demo, stopped, NULL);
  g_clear_object (&cli->demo);
}

static void
print_error (const GError *error)
{
  g_autofree char *message = g_strdup (error->message);

  /* One line, whatever the message holds. */
  g_strdelimit (message, "\r\n", ' ');
  g_printerr ("paydesk-cli: %s\n", message);
}

static const PdCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];

  return NULL;
}

/**
 * pd_cli_main:
 * @argc: the arguments' count
 * @argv: the arguments
 *
 * Runs one command.
 *
 * Returns: the exit status
 */
int
pd_cli_main (int    argc,
             char **argv)
{
  g_autoptr(GError) error = NULL;
  PdCli cli = { PD_CLI_FORMAT_TABLE, };
  const PdCliCommand *command;
  gboolean demo = FALSE;
  int status;

  g_set_prgname ("paydesk-cli");

  if (!take_global_options (&argc, argv, &demo, &cli.format, &error))
    {
      print_error (error);
      return pd_cli_exit_status_for (error);
    }

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage ();
      return argc < 2 ? PD_CLI_EXIT_USAGE : PD_CLI_EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("paydesk-cli %s\n", PD_VERSION);
      return PD_CLI_EXIT_OK;
    }

  command = find_command (argv[1]);
  if (command == NULL)
    {
      pd_cli_usage_error (&error, _("“%s” is not a command; “paydesk-cli --help” lists them"), argv[1]);
      print_error (error);
      return pd_cli_exit_status_for (error);
    }

  cli.cancellable = g_cancellable_new ();
  cli.secrets = pd_secrets_new ();

  if (demo ? start_demo (&cli, &error) : open_store (&cli, &error))
    {
      /* The command sees its own name as argv[0]. */
      if (!command->func (&cli, argc - 1, argv + 1, &error) && error == NULL)
        g_set_error_literal (&error, PD_CLI_ERROR, PD_CLI_ERROR_DECLINED, _("The command failed"));
    }

  stop_demo (&cli);

  g_clear_object (&cli.store);
  g_clear_object (&cli.secrets);
  g_clear_object (&cli.cancellable);

  status = pd_cli_exit_status_for (error);
  if (error != NULL)
    print_error (error);

  return status;
}

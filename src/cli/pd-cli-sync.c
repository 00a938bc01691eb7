/* pd-cli-sync.c - paydesk-cli sync
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * One PdSync per account, one account after the other (HACKING.md,
 * "Sync"). A progress line, rewritten in place with "\r", goes to stderr
 * only when stderr is a terminal; a script that pipes or redirects it sees
 * nothing but the result. An account that cannot be synchronized does not
 * stop the others; the run then ends with the first account's error and
 * its exit status, after the summary.
 */

#include <unistd.h>

#include <glib/gi18n.h>

#include "pd-cli-output.h"
#include "pd-cli-sync.h"
#include "pd-cli.h"
#include "pd-sync.h"

static const PdCliColumn sync_columns[] = {
  { "account_id", N_("Account"), PD_CLI_INT, TRUE },
  { "account", N_("Label"), PD_CLI_TEXT, TRUE },
  { "provider", N_("Provider"), PD_CLI_TEXT, TRUE },
  { "ok", N_("Complete"), PD_CLI_BOOL, TRUE },
  { "pages", N_("Pages"), PD_CLI_INT, FALSE },
  { "records", N_("Records"), PD_CLI_INT, TRUE },
  { "inserted", N_("New"), PD_CLI_INT, TRUE },
  { "updated", N_("Changed"), PD_CLI_INT, TRUE },
  { "unchanged", N_("Unchanged"), PD_CLI_INT, FALSE },
  { "removed", N_("Removed"), PD_CLI_INT, FALSE },
  { "failed_resources", N_("Failed"), PD_CLI_TEXT, TRUE },
  { "error", N_("Error"), PD_CLI_TEXT, FALSE },
};

typedef struct
{
  const PdAccount *account;
  gboolean         shown;
} Progress;

static void
progress_cb (PdSync     *sync,
             GParamSpec *pspec,
             Progress   *progress)
{
  const char *resource = pd_sync_get_resource (sync);

  if (resource == NULL)
    return;

  g_printerr ("\r\033[K");
  /* Translators: a progress line: account label, resource, records so far */
  g_printerr (_("Synchronizing “%s”: %s, %" G_GUINT64_FORMAT " records"),
              progress->account->label, resource, pd_sync_get_n_records (sync));
  progress->shown = TRUE;
}

static gboolean
has_resource (PdProvider *provider,
              const char *resource)
{
  const char * const *resources = pd_provider_get_resources (provider);

  return resources != NULL && g_strv_contains (resources, resource);
}

/**
 * pd_cli_sync_account:
 * @cli: the run
 * @account: the account
 * @resource: (nullable): one resource, or %NULL for all
 * @table: where to add the account's summary row, a table of pd_cli_sync_table_new()
 * @failure: (inout): %NULL, or the first failure so far; takes the
 *   account's error when there is none yet
 *
 * Synchronizes one account, with a progress line on a terminal.
 *
 * Returns: %FALSE only when the run must stop (it was cancelled)
 */
gboolean
pd_cli_sync_account (PdCli            *cli,
                     const PdAccount  *account,
                     const char       *resource,
                     PdCliTable       *table,
                     GError          **failure)
{
  g_autoptr(PdProvider) provider = NULL;
  g_autoptr(PdSync) sync = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) failed = NULL;
  PdUpsertStats stats = { 0, };
  Progress progress = { account, FALSE };
  gboolean tty = isatty (STDERR_FILENO);
  gboolean ok;

  pd_cli_table_add_row (table);
  pd_cli_table_set_int (table, "account_id", account->id);
  pd_cli_table_set (table, "account", account->label);
  pd_cli_table_set (table, "provider", account->provider);

  provider = pd_cli_connect_account (cli, account, &error);
  if (provider == NULL)
    {
      pd_cli_table_set (table, "ok", "false");
      pd_cli_table_set (table, "error", error->message);
      if (*failure == NULL)
        g_propagate_error (failure, g_steal_pointer (&error));
      return TRUE;
    }

  sync = pd_sync_new (cli->store, provider, account->id);
  if (tty)
    {
      g_signal_connect (sync, "notify::n-records", G_CALLBACK (progress_cb), &progress);
      g_signal_connect (sync, "notify::resource", G_CALLBACK (progress_cb), &progress);
    }

  pd_sync_run_async (sync, resource, cli->cancellable, pd_cli_ready_cb, &result);
  pd_cli_wait (cli, &result);
  ok = pd_sync_run_finish (sync, result, &error);

  if (progress.shown)
    g_printerr ("\r\033[K");
  g_signal_handlers_disconnect_by_data (sync, &progress);

  pd_sync_get_stats (sync, &stats);
  failed = pd_sync_dup_failed_resources (sync);

  pd_cli_table_set (table, "ok", ok ? "true" : "false");
  pd_cli_table_set_int (table, "pages", pd_sync_get_n_pages (sync));
  pd_cli_table_set_int (table, "records", pd_sync_get_n_records (sync));
  pd_cli_table_set_int (table, "inserted", stats.inserted);
  pd_cli_table_set_int (table, "updated", stats.updated);
  pd_cli_table_set_int (table, "unchanged", stats.unchanged);
  pd_cli_table_set_int (table, "removed", stats.removed);
  if (failed != NULL && failed[0] != NULL)
    pd_cli_table_take (table, "failed_resources", g_strjoinv (",", failed));

  if (!ok)
    {
      pd_cli_table_set (table, "error", error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (failure);
          g_propagate_error (failure, g_steal_pointer (&error));
          return FALSE;
        }
      if (*failure == NULL)
        g_propagate_error (failure, g_steal_pointer (&error));
    }

  return TRUE;
}

PdCliTable *
pd_cli_sync_table_new (void)
{
  return pd_cli_table_new ("sync", sync_columns, G_N_ELEMENTS (sync_columns));
}

/**
 * pd_cli_sync_command:
 * @cli: the run
 * @argc: the arguments' count
 * @argv: `sync` and its options
 * @error: return location for an error
 *
 * `paydesk-cli sync [--account ID] [--resource R]`.
 *
 * Returns: %TRUE when every account was synchronized
 */
gboolean
pd_cli_sync_command (PdCli   *cli,
                     int      argc,
                     char   **argv,
                     GError **error)
{
  g_autofree char *account_text = NULL;
  g_autofree char *resource = NULL;
  gboolean help_shown = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_text, N_("Only this account (its id)"), N_("ACCOUNT") },
    { "resource", 0, 0, G_OPTION_ARG_STRING, &resource,
      N_("Only this resource of the provider (charges, refunds, statement, …)"), N_("RESOURCE") },
    { NULL }
  };
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autoptr(PdCliTable) table = NULL;
  g_autoptr(GError) failure = NULL;

  if (!pd_cli_parse_command (_("sync"),
                             _("Downloads the accounts’ records from their providers into the "
                               "local store: every account, or one; every resource, or one."),
                             entries, 0, &argc, &argv, &help_shown, error))
    return help_shown;

  if (account_text != NULL)
    {
      PdAccount *account = pd_cli_get_account (cli, account_text, error);

      if (account == NULL)
        return FALSE;
      accounts = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_account_free);
      g_ptr_array_add (accounts, account);
    }
  else if (!pd_store_list_accounts (cli->store, &accounts, error))
    return FALSE;

  if (accounts->len == 0)
    return pd_cli_usage_error (error, _("There is no account to synchronize; add one with "
                                        "“paydesk-cli account add”"));

  /* With a resource, only the accounts whose provider has it. */
  for (guint i = 0; i < accounts->len; i++)
    {
      PdAccount *account = g_ptr_array_index (accounts, i);

      if (resource != NULL)
        {
          g_autoptr(PdProvider) provider = pd_cli_connect_account (cli, account, NULL);

          if (provider != NULL && !has_resource (provider, resource))
            {
              if (account_text != NULL)
                {
                  const char * const *resources = pd_provider_get_resources (provider);
                  g_autofree char *names = g_strjoinv (", ", (char **)resources);

                  return pd_cli_usage_error (error, _("%s accounts have no resource “%s” (they have: %s)"),
                                             pd_provider_get_display_name (account->provider), resource, names);
                }
              continue;
            }
        }
      g_ptr_array_add (chosen, account);
    }

  if (chosen->len == 0)
    return pd_cli_usage_error (error, _("No account has the resource “%s”"), resource);

  table = pd_cli_sync_table_new ();
  for (guint i = 0; i < chosen->len; i++)
    if (!pd_cli_sync_account (cli, g_ptr_array_index (chosen, i), resource, table, &failure))
      break;

  if (!pd_cli_table_print (table, cli->format, error))
    return FALSE;

  if (failure != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&failure));
      return FALSE;
    }

  return TRUE;
}

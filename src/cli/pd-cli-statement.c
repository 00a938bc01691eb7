/* pd-cli-statement.c - paydesk-cli statement export
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The same exports as the window's (src/core/pd-export.h): CSV, PDF or
 * OFX of one account's statement, or of every account's, for a period.
 * The file is written whole or not at all.
 */

#include <string.h>

#include <glib/gi18n.h>

#include "pd-cli-output.h"
#include "pd-cli.h"
#include "pd-export.h"

static const PdCliColumn export_columns[] = {
  { "path", N_("File"), PD_CLI_TEXT, TRUE },
  { "format", N_("Format"), PD_CLI_TEXT, TRUE },
  { "account_id", N_("Account"), PD_CLI_INT, TRUE },
  { "from", N_("From"), PD_CLI_TIME, TRUE },
  { "to", N_("Until"), PD_CLI_TIME, TRUE },
  { "bytes", N_("Size"), PD_CLI_INT, TRUE },
};

static gboolean
statement_export (PdCli   *cli,
                  int      argc,
                  char   **argv,
                  GError **error)
{
  g_autofree char *account_text = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *merchant = NULL;
  gboolean all = FALSE, bom = FALSE, semicolon = FALSE;
  gboolean help_shown = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_text, N_("The account (its id)"), N_("ACCOUNT") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Every account, one statement each"), NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The first day (YYYY-MM-DD) or time (ISO 8601)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The last day, included, or the time it ends"), N_("DATE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("csv, pdf or ofx (default: from the file name)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write"), N_("FILE") },
    { "merchant", 0, 0, G_OPTION_ARG_STRING, &merchant, N_("The merchant’s name for the PDF’s heading"), N_("NAME") },
    { "bom", 0, 0, G_OPTION_ARG_NONE, &bom, N_("CSV: start with a byte order mark, for spreadsheets that need one"), NULL },
    { "semicolon", 0, 0, G_OPTION_ARG_NONE, &semicolon,
      N_("CSV: separate fields with “;” and write decimal commas, for locales whose decimal mark is a comma"), NULL },
    { NULL }
  };
  g_autoptr(PdExportOptions) options = pd_export_options_new ();
  g_autoptr(PdCliTable) table = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;

  if (!pd_cli_parse_command (_("statement export --account ACCOUNT|--all --from DATE --to DATE "
                               "--format csv|pdf|ofx -o FILE"),
                             _("Exports the statement of a period: opening balance, every entry with "
                               "its running balance, fees, closing balance, per currency."),
                             entries, 0, &argc, &argv, &help_shown, error))
    return help_shown;

  if ((account_text == NULL) == !all)
    return pd_cli_usage_error (error, _("statement export needs --account ACCOUNT or --all"));
  if (from == NULL || to == NULL)
    return pd_cli_usage_error (error, _("statement export needs --from and --to"));
  if (output == NULL)
    return pd_cli_usage_error (error, _("statement export needs the file to write, -o FILE"));

  if (format == NULL)
    {
      const char *dot = strrchr (output, '.');

      if (dot == NULL || !pd_export_format_from_string (dot + 1, &options->format))
        return pd_cli_usage_error (error, _("Say the format with --format csv, pdf or ofx"));
    }
  else if (!pd_export_format_from_string (format, &options->format))
    return pd_cli_usage_error (error, _("--format is csv, pdf or ofx, not “%s”"), format);

  if ((bom || semicolon) && options->format != PD_EXPORT_FORMAT_CSV)
    return pd_cli_usage_error (error, _("--bom and --semicolon are for CSV only"));

  if (!pd_cli_get_account_id (cli, account_text, &options->account_id, error))
    return FALSE;

  if (!pd_cli_parse_time (from, FALSE, &options->from, error) ||
      !pd_cli_parse_time (to, TRUE, &options->to, error))
    return FALSE;
  if (options->to <= options->from)
    return pd_cli_usage_error (error, _("--to is before --from"));

  options->flags = (bom ? PD_EXPORT_FLAGS_CSV_BOM : 0) | (semicolon ? PD_EXPORT_FLAGS_CSV_SEMICOLON : 0);
  options->merchant_name = g_steal_pointer (&merchant);

  if (!pd_export_to_path (cli->store, options, output, cli->cancellable, error))
    return FALSE;

  table = pd_cli_table_new ("export", export_columns, G_N_ELEMENTS (export_columns));
  pd_cli_table_set_single (table, TRUE);
  pd_cli_table_add_row (table);
  pd_cli_table_set (table, "path", output);
  pd_cli_table_set (table, "format", pd_export_format_to_string (options->format));
  if (options->account_id != 0)
    pd_cli_table_set_int (table, "account_id", options->account_id);
  pd_cli_table_set_time (table, "from", options->from);
  pd_cli_table_set_time (table, "to", options->to);

  file = g_file_new_for_path (output);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info != NULL)
    pd_cli_table_set_int (table, "bytes", g_file_info_get_size (info));

  return pd_cli_table_print (table, cli->format, error);
}

/**
 * pd_cli_statement_command:
 * @cli: the run
 * @argc: the arguments' count
 * @argv: `statement`, `export` and its options
 * @error: return location for an error
 *
 * `paydesk-cli statement export …`.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_cli_statement_command (PdCli   *cli,
                          int      argc,
                          char   **argv,
                          GError **error)
{
  static const PdCliCommand subcommands[] = {
    { "export", statement_export, N_("Export a statement as CSV, PDF or OFX") },
  };

  return pd_cli_run_subcommand (cli, _("Usage: paydesk-cli statement export …"),
                                subcommands, G_N_ELEMENTS (subcommands),
                                _("statement needs export"), argc, argv, error);
}

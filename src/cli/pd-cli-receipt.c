/* pd-cli-receipt.c - paydesk-cli receipt
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "pd-cli.h"
#include "pd-receipt.h"

/**
 * pd_cli_receipt_command:
 * @cli: the run
 * @argc: the arguments' count
 * @argv: `receipt`, the transaction and the options
 * @error: return location for an error
 *
 * `paydesk-cli receipt ID [--pdf FILE]`: the customer's receipt of a
 * completed vend, top-up or bill payment, as the window shows and prints
 * it: as text on standard output, or written as a PDF.
 *
 * Returns: %TRUE when the receipt was written
 */
gboolean
pd_cli_receipt_command (PdCli   *cli,
                        int      argc,
                        char   **argv,
                        GError **error)
{
  g_autofree char *pdf = NULL;
  gboolean help_shown = FALSE;
  const GOptionEntry entries[] = {
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("Write the receipt to FILE as a PDF, ready to print"), N_("FILE") },
    { NULL }
  };
  g_autoptr(PdTransaction) transaction = NULL;
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(PdReceipt) receipt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;

  if (!pd_cli_parse_command (_("receipt ID"),
                             _("Writes the customer’s receipt of a completed electricity sale, "
                               "top-up or bill payment: the token in groups of four, the meter, "
                               "phone or account, the amount, the date and the provider’s receipt "
                               "number."),
                             entries, -1, &argc, &argv, &help_shown, error))
    return help_shown;

  if (argc != 2)
    return pd_cli_usage_error (error, _("receipt needs one transaction id"));

  transaction = pd_cli_find_transaction (cli, argv[1], error);
  if (transaction == NULL)
    return FALSE;

  account = pd_store_get_account (cli->store, transaction->account_id, error);
  if (account == NULL)
    return FALSE;

  receipt = pd_receipt_new_from_transaction (transaction, account, &local_error);
  if (receipt == NULL)
    {
      /* A charge, or a sale still pending or failed, has no receipt to
       * give: a wrong value, not a failure here. */
      if (g_error_matches (local_error, PD_RECEIPT_ERROR, PD_RECEIPT_ERROR_UNSUPPORTED) ||
          g_error_matches (local_error, PD_RECEIPT_ERROR, PD_RECEIPT_ERROR_NOT_COMPLETE))
        return pd_cli_usage_error (error, "%s", local_error->message);

      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (pdf != NULL)
    return pd_receipt_write_pdf (receipt, pdf, error);

  text = pd_receipt_to_text (receipt);
  g_print ("%s", text);

  return TRUE;
}

/* pd-cli-money.c - paydesk-cli refund, disburse, vend and outbox, and what moving money shares
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Money moves only through the outbox, by way of PdPayments (HACKING.md,
 * "Outbox"). Before anything is written, the command says what will move
 * — the amount and its currency, to whom, through which account — and
 * asks on the terminal; `--yes` answers for a script, and without it a
 * command whose standard input is not a terminal moves nothing.
 *
 * The entry is printed as it stands after the first answer. A refusal is
 * exit status 3; an outcome that is not known (the answer was lost, or the
 * entry is still `sent`) is exit status 4: nothing is sent again until
 * `paydesk-cli outbox reconcile` (or the window) has found out what
 * happened.
 *
 * This program only lives for one command, so PdPayments does not follow
 * entries in the background here.
 */

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "pd-cli-money.h"
#include "pd-cli-output.h"
#include "pd-cli-records.h"
#include "pd-payments.h"

static PdPayments *
new_payments (PdCli *cli)
{
  PdPayments *payments = pd_payments_new (cli->store, cli->secrets);

  pd_payments_set_follow (payments, FALSE);

  return payments;
}

/**
 * pd_cli_describe_account:
 * @account: an account
 *
 * Returns: (transfer full): the account as a confirmation names it
 */
char *
pd_cli_describe_account (const PdAccount *account)
{
  /* Translators: an account: its label, provider and id, "Osu shop (FayaPay, account 2)" */
  return g_strdup_printf (_("%s (%s, account %" G_GINT64_FORMAT ")"), account->label,
                          pd_provider_get_display_name (account->provider), account->id);
}

/* Reads a line from the terminal, without echo when @secret. */
static char *
read_terminal_line (gboolean secret)
{
  struct termios saved, quiet;
  gboolean quiet_set = FALSE;
  char buffer[512] = { 0, };
  char *line = NULL;

  if (secret && tcgetattr (STDIN_FILENO, &saved) == 0)
    {
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      quiet_set = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }

  if (fgets (buffer, sizeof buffer, stdin) != NULL)
    {
      buffer[strcspn (buffer, "\r\n")] = '\0';
      line = g_strdup (buffer);
    }
  explicit_bzero (buffer, sizeof buffer);

  if (quiet_set)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }

  return line;
}

/**
 * confirm:
 * @summary: what will move, in one sentence
 * @yes: whether `--yes` was given
 *
 * Asks on the terminal. Without a terminal, only `--yes` lets money move.
 */
static gboolean
confirm (const char  *summary,
         gboolean     yes,
         GError     **error)
{
  g_autofree char *answer = NULL;

  if (yes)
    return TRUE;

  if (!pd_cli_stdin_is_tty ())
    return pd_cli_usage_error (error, _("%s — standard input is not a terminal, so nothing is sent "
                                        "without --yes"), summary);

  g_printerr ("%s\n%s ", summary, _("Send it? [y/N]"));
  answer = read_terminal_line (FALSE);
  if (answer != NULL)
    g_strstrip (answer);

  if (answer != NULL && (g_ascii_strcasecmp (answer, "y") == 0 || g_ascii_strcasecmp (answer, "yes") == 0 ||
                         /* Translators: the word for "yes" a person may type to confirm */
                         g_utf8_collate (answer, _("yes")) == 0))
    return TRUE;

  g_set_error_literal (error, PD_CLI_ERROR, PD_CLI_ERROR_DECLINED, _("Nothing was sent"));
  return FALSE;
}

/* Prints the entry and turns its state into the command's outcome. */
static gboolean
report_entry (PdCli                *cli,
              const PdOutboxEntry  *entry,
              GError              **error)
{
  g_autoptr(PdCliTable) table = pd_cli_outbox_table_new ("entry");
  g_autoptr(GHashTable) accounts = NULL;

  accounts = pd_cli_dup_accounts_by_id (cli, error);
  if (accounts == NULL)
    return FALSE;

  pd_cli_table_set_single (table, TRUE);
  pd_cli_add_outbox_entry (table, entry, accounts);

  if (entry->transaction_id != 0)
    {
      g_autoptr(PdTransaction) transaction = pd_store_get_transaction (cli->store, entry->transaction_id, NULL);

      if (transaction != NULL)
        {
          PdCliTable *child = pd_cli_transactions_table_new ("transaction");

          pd_cli_table_set_single (child, TRUE);
          pd_cli_table_set_title (child, _("Transaction:"));
          pd_cli_add_transaction (child, transaction, accounts);
          pd_cli_table_add_child (table, child);
        }
    }

  if (!pd_cli_table_print (table, cli->format, error))
    return FALSE;

  switch (entry->state)
    {
    case PD_OUTBOX_STATE_CONFIRMED:
      return TRUE;

    case PD_OUTBOX_STATE_FAILED:
      g_set_error (error, PD_CLI_ERROR, PD_CLI_ERROR_REFUSED,
                   _("Outbox entry %" G_GINT64_FORMAT " failed; no money moved: %s"), entry->id,
                   entry->error_message != NULL ? entry->error_message : _("the provider refused it"));
      return FALSE;

    case PD_OUTBOX_STATE_QUEUED:
    case PD_OUTBOX_STATE_SENT:
    case PD_OUTBOX_STATE_UNKNOWN:
    default:
      g_set_error (error, PD_CLI_ERROR, PD_CLI_ERROR_OUTCOME_UNKNOWN,
                   _("The outcome of outbox entry %" G_GINT64_FORMAT " is unknown; it is being reconciled "
                     "and will not be sent again (see “paydesk-cli outbox reconcile”)%s%s"),
                   entry->id, entry->error_message != NULL ? ": " : "",
                   entry->error_message != NULL ? entry->error_message : "");
      return FALSE;
    }
}

/**
 * pd_cli_parse_amount_to_move:
 * @text: the amount as given
 * @currency: (nullable): the currency it must be in, when it is known
 * @not_positive: the usage error when it is not more than zero
 * @out: (out): the amount
 * @error: return location for a usage error
 *
 * Returns: %TRUE when @text is an amount to move: of @currency, more than
 *   zero
 */
gboolean
pd_cli_parse_amount_to_move (const char  *text,
                             const char  *currency,
                             const char  *not_positive,
                             PdMoney     *out,
                             GError     **error)
{
  if (!pd_cli_parse_amount (text, currency, out, error))
    return FALSE;
  if (pd_money_sign (out) <= 0)
    return pd_cli_usage_error (error, "%s", not_positive);

  return TRUE;
}

/* Sends the operation once through its account's outbox. */
static gboolean
submit (PdCli              *cli,
        const PdOperation  *operation,
        GError            **error)
{
  g_autoptr(PdPayments) payments = new_payments (cli);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(PdOperation) copy = pd_operation_copy (operation);
  g_autoptr(GError) local_error = NULL;

  /* The key is made here, to find the entry whatever happens. */
  if (copy->idempotency_key == NULL)
    copy->idempotency_key = g_uuid_string_random ();

  pd_payments_submit_async (payments, copy, cli->cancellable, pd_cli_ready_cb, &result);
  pd_cli_wait (cli, &result);
  entry = pd_payments_submit_finish (payments, result, &local_error);

  if (entry == NULL)
    {
      /* Interrupted after the request left: the entry says so. */
      entry = pd_store_outbox_get_by_key (cli->store, copy->idempotency_key, NULL);
      if (entry == NULL || entry->state == PD_OUTBOX_STATE_FAILED)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  return report_entry (cli, entry, error);
}

/* refund */

/**
 * pd_cli_refund_command:
 * @cli: the run
 * @argc: the arguments' count
 * @argv: `refund`, the charge and the options
 * @error: return location for an error
 *
 * `paydesk-cli refund CHARGE [--amount A] [--reason R] [--yes]`.
 *
 * Returns: %TRUE when the refund was confirmed
 */
gboolean
pd_cli_refund_command (PdCli   *cli,
                       int      argc,
                       char   **argv,
                       GError **error)
{
  g_autofree char *amount_text = NULL;
  g_autofree char *reason = NULL;
  gboolean yes = FALSE, help_shown = FALSE;
  const GOptionEntry entries[] = {
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount_text, N_("How much to refund (default: all that is left)"), N_("AMOUNT") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, for the provider and the customer"), N_("TEXT") },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Do not ask; needed when standard input is not a terminal"), NULL },
    { NULL }
  };
  g_autoptr(PdTransaction) charge = NULL;
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(PdOperation) operation = NULL;
  g_autofree char *what = NULL;
  g_autofree char *whom = NULL;
  g_autofree char *through = NULL;
  g_autofree char *summary = NULL;

  if (!pd_cli_parse_command (_("refund CHARGE"),
                             _("Refunds a charge (its id, or the provider’s id), in full or in part, "
                               "through the outbox: it is sent once, and an unknown outcome is "
                               "reconciled before anything is sent again."),
                             entries, -1, &argc, &argv, &help_shown, error))
    return help_shown;
  if (argc != 2)
    return pd_cli_usage_error (error, _("refund needs the charge to refund"));

  charge = pd_cli_find_transaction (cli, argv[1], error);
  if (charge == NULL)
    return FALSE;
  if (charge->kind == PD_TRANSACTION_KIND_REFUND)
    return pd_cli_usage_error (error, _("Transaction %s is a refund itself"), argv[1]);

  account = pd_store_get_account (cli->store, charge->account_id, error);
  if (account == NULL)
    return FALSE;

  operation = pd_operation_new (PD_OPERATION_REFUND, account->id);
  operation->target_provider_id = g_strdup (charge->provider_id);
  operation->description = g_strdup (reason);

  if (amount_text != NULL)
    {
      if (!pd_cli_parse_amount_to_move (amount_text, charge->amount.currency,
                                        _("The amount to refund must be more than zero"), &operation->amount, error))
        return FALSE;
      what = pd_money_format (&operation->amount);
    }
  else
    {
      PdMoney left = charge->amount;
      g_autofree char *left_text = NULL;

      if (pd_money_is_set (&charge->amount_refunded))
        pd_money_subtract (&charge->amount, &charge->amount_refunded, &left, NULL);
      left_text = pd_money_format (&left);
      /* Translators: a full refund: what is left of the charge, "GHS 12.50 (all that is left)" */
      what = g_strdup_printf (_("%s (all that is left)"), left_text);
    }

  if (charge->customer_name != NULL)
    whom = g_strdup (charge->customer_name);
  else if (charge->email != NULL)
    whom = g_strdup (charge->email);
  else if (charge->phone != NULL)
    whom = g_strdup (charge->phone);
  else if (charge->card_last4 != NULL)
    /* Translators: a refund's payee when only the card is known */
    whom = g_strdup_printf (_("the card ending %s"), charge->card_last4);
  else
    whom = g_strdup (_("the payer"));

  through = pd_cli_describe_account (account);
  /* Translators: amount, payee, charge's provider id, account */
  summary = g_strdup_printf (_("Refund %s to %s for charge %s through %s"), what, whom, charge->provider_id, through);

  return pd_cli_send (cli, operation, summary, yes, FALSE, error);
}

/* disburse */

/**
 * pd_cli_disburse_command:
 * @cli: the run
 * @argc: the arguments' count
 * @argv: `disburse` and the options
 * @error: return location for an error
 *
 * `paydesk-cli disburse --account ID --to NUMBER --amount A …`: a ZengaPay
 * transfer to a phone or a FayaPay disbursement to a wallet or bank account.
 *
 * Returns: %TRUE when the payment was confirmed
 */
gboolean
pd_cli_disburse_command (PdCli   *cli,
                         int      argc,
                         char   **argv,
                         GError **error)
{
  g_autofree char *account_text = NULL;
  g_autofree char *to = NULL;
  g_autofree char *amount_text = NULL;
  g_autofree char *network = NULL;
  g_autofree char *name = NULL;
  g_autofree char *country = NULL;
  g_autofree char *reason = NULL;
  gboolean yes = FALSE, help_shown = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_text, N_("The account the money leaves (its id)"), N_("ACCOUNT") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The phone or account number to pay"), N_("NUMBER") },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount_text, N_("How much"), N_("AMOUNT") },
    { "network", 0, 0, G_OPTION_ARG_STRING, &network, N_("FayaPay: the network or bank (MTN, Vodafone, …)"), N_("NAME") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The recipient’s name"), N_("NAME") },
    { "country", 0, 0, G_OPTION_ARG_STRING, &country, N_("FayaPay: the recipient’s country (default GH)"), N_("CODE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("The narration (ZengaPay needs one)"), N_("TEXT") },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Do not ask; needed when standard input is not a terminal"), NULL },
    { NULL }
  };
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(PdOperation) operation = NULL;
  g_autofree char *what = NULL;
  g_autofree char *whom = NULL;
  g_autofree char *through = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean transfer;

  if (!pd_cli_parse_command (_("disburse --account ACCOUNT --to NUMBER --amount AMOUNT"),
                             _("Sends money from an account: a ZengaPay transfer to a phone, or a "
                               "FayaPay disbursement to a mobile wallet or bank account."),
                             entries, 0, &argc, &argv, &help_shown, error))
    return help_shown;
  if (account_text == NULL || to == NULL || amount_text == NULL)
    return pd_cli_usage_error (error, _("disburse needs --account, --to and --amount"));

  account = pd_cli_get_account (cli, account_text, error);
  if (account == NULL)
    return FALSE;

  transfer = g_strcmp0 (account->provider, "zengapay") == 0;
  if (!transfer && g_strcmp0 (account->provider, "fayapay") != 0)
    return pd_cli_usage_error (error, _("%s accounts cannot send money; FayaPay and ZengaPay accounts can"),
                               pd_provider_get_display_name (account->provider));
  if (!transfer && network == NULL)
    return pd_cli_usage_error (error, _("A FayaPay disbursement needs --network"));

  operation = pd_operation_new (transfer ? PD_OPERATION_TRANSFER : PD_OPERATION_DISBURSEMENT, account->id);
  if (!pd_cli_parse_amount_to_move (amount_text, pd_provider_get_currency (account->provider),
                                    _("The amount to send must be more than zero"), &operation->amount, error))
    return FALSE;

  for (const char *p = to; *p != '\0'; p++)
    if (g_ascii_isdigit (*p) || *p == '+')
      g_string_append_c (digits, *p);
  if (digits->len == 0)
    return pd_cli_usage_error (error, _("“%s” is not a phone or account number"), to);

  operation->description = g_strdup (reason);
  if (transfer)
    pd_operation_set_field (operation, "phone", digits->str);
  else
    {
      pd_operation_set_field (operation, "account_number", digits->str);
      pd_operation_set_field (operation, "account_provider", network);
      if (country != NULL)
        pd_operation_set_field (operation, "account_country", country);
    }
  if (name != NULL)
    pd_operation_set_field (operation, "recipient_name", name);

  what = pd_money_format (&operation->amount);
  if (name != NULL && network != NULL)
    whom = g_strdup_printf ("%s (%s %s)", name, network, digits->str);
  else if (name != NULL)
    whom = g_strdup_printf ("%s (%s)", name, digits->str);
  else if (network != NULL)
    whom = g_strdup_printf ("%s %s", network, digits->str);
  else
    whom = g_strdup (digits->str);
  through = pd_cli_describe_account (account);
  /* Translators: amount, recipient, account */
  summary = g_strdup_printf (_("Send %s to %s through %s"), what, whom, through);

  return pd_cli_send (cli, operation, summary, yes, FALSE, error);
}

/* vend */

/* EnayaPay pays with a card: its number and IPIN are read now, from
 * standard input (lines card_number=… and ipin=…) or typed unseen on the
 * terminal; they go into the operation's secrets, which are never
 * stored or logged. */
static gboolean
read_card_secrets (PdOperation  *operation,
                   GError      **error)
{
  g_autofree char *card = NULL;
  g_autofree char *ipin = NULL;

  if (pd_cli_stdin_is_tty ())
    {
      g_printerr ("%s ", _("Card number:"));
      card = read_terminal_line (TRUE);
      g_printerr ("%s ", _("IPIN:"));
      ipin = read_terminal_line (TRUE);
    }
  else
    {
      char *input = pd_cli_read_stdin (error);
      char *line, *next;

      if (input == NULL)
        return FALSE;

      for (line = input; line != NULL && *line != '\0'; line = next)
        {
          char *end = strchr (line, '\n');

          next = end != NULL ? end + 1 : NULL;
          if (end != NULL)
            *end = '\0';
          line[strcspn (line, "\r")] = '\0';

          if (g_str_has_prefix (line, "card_number="))
            {
              g_free (card);
              card = g_strdup (line + strlen ("card_number="));
            }
          else if (g_str_has_prefix (line, "ipin="))
            {
              g_free (ipin);
              ipin = g_strdup (line + strlen ("ipin="));
            }
          else if (*line != '\0')
            {
              pd_secret_text_free (input);
              pd_secret_text_free (g_steal_pointer (&card));
              pd_secret_text_free (g_steal_pointer (&ipin));
              return pd_cli_usage_error (error, _("Standard input holds lines card_number=… and ipin=…"));
            }
        }
      pd_secret_text_free (input);
    }

  if (card == NULL || card[0] == '\0' || ipin == NULL || ipin[0] == '\0')
    {
      pd_secret_text_free (g_steal_pointer (&card));
      pd_secret_text_free (g_steal_pointer (&ipin));
      return pd_cli_usage_error (error, _("An EnayaPay payment needs the card number and its IPIN on "
                                          "standard input (card_number=… and ipin=…)"));
    }

  pd_operation_set_secret (operation, "card_number", card);
  pd_operation_set_secret (operation, "ipin", ipin);
  pd_secret_text_free (g_steal_pointer (&card));
  pd_secret_text_free (g_steal_pointer (&ipin));

  return TRUE;
}

/**
 * pd_cli_check_card_expiry:
 * @expiry: a paying card's expiry as given
 * @error: return location for a usage error
 *
 * Returns: %TRUE when @expiry is MMYY
 */
gboolean
pd_cli_check_card_expiry (const char  *expiry,
                          GError     **error)
{
  gboolean valid = strlen (expiry) == 4;

  for (guint i = 0; valid && i < 4; i++)
    valid = g_ascii_isdigit (expiry[i]);
  if (valid)
    {
      int month = (expiry[0] - '0') * 10 + (expiry[1] - '0');

      valid = month >= 1 && month <= 12;
    }

  if (!valid)
    return pd_cli_usage_error (error, _("“%s” is not a card expiry: give the month and year as MMYY "
                                        "(e.g. 1230)"), expiry);

  return TRUE;
}

/**
 * pd_cli_send:
 * @cli: the run
 * @operation: what to send; the card's secrets are added to it
 * @summary: what will move, in one sentence, for the confirmation
 * @yes: whether `--yes` was given
 * @with_card: whether the paying card's number and IPIN are to be read,
 *   after the confirmation
 * @error: return location for an error
 *
 * Asks, reads the card when there is one to read, then sends @operation
 * once through its account's outbox and prints the entry.
 *
 * Returns: %TRUE when the movement was confirmed
 */
gboolean
pd_cli_send (PdCli        *cli,
             PdOperation  *operation,
             const char   *summary,
             gboolean      yes,
             gboolean      with_card,
             GError      **error)
{
  if (!confirm (summary, yes, error))
    return FALSE;

  /* Read at the moment it is needed, after the confirmation. */
  if (with_card && !read_card_secrets (operation, error))
    return FALSE;

  return submit (cli, operation, error);
}

/**
 * pd_cli_vend_command:
 * @cli: the run
 * @argc: the arguments' count
 * @argv: `vend` and the options
 * @error: return location for an error
 *
 * `paydesk-cli vend --account ID --meter M --amount A …`: a prepaid
 * electricity token from PawaCard, or from EnayaPay paid with a card.
 *
 * Returns: %TRUE when the sale was confirmed
 */
gboolean
pd_cli_vend_command (PdCli   *cli,
                     int      argc,
                     char   **argv,
                     GError **error)
{
  g_autofree char *account_text = NULL;
  g_autofree char *meter = NULL;
  g_autofree char *amount_text = NULL;
  g_autofree char *name = NULL;
  g_autofree char *expiry = NULL;
  gboolean yes = FALSE, help_shown = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_text, N_("The PawaCard or EnayaPay account (its id)"), N_("ACCOUNT") },
    { "meter", 0, 0, G_OPTION_ARG_STRING, &meter, N_("The meter number"), N_("NUMBER") },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount_text, N_("How much electricity to buy, in money"), N_("AMOUNT") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("PawaCard: the customer’s name, for the receipt"), N_("NAME") },
    { "card-expiry", 0, 0, G_OPTION_ARG_STRING, &expiry,
      N_("EnayaPay: the paying card’s expiry, MMYY; its number and IPIN are read from standard input"), N_("MMYY") },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Do not ask; needed when standard input is not a terminal"), NULL },
    { NULL }
  };
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(PdOperation) operation = NULL;
  g_autofree char *what = NULL;
  g_autofree char *through = NULL;
  g_autofree char *summary = NULL;
  gboolean enayapay;

  if (!pd_cli_parse_command (_("vend --account ACCOUNT --meter NUMBER --amount AMOUNT"),
                             _("Buys a prepaid electricity token: from PawaCard, or from EnayaPay "
                               "paid with a card whose number and IPIN are read from standard "
                               "input at that moment and never stored."),
                             entries, 0, &argc, &argv, &help_shown, error))
    return help_shown;
  if (account_text == NULL || meter == NULL || amount_text == NULL)
    return pd_cli_usage_error (error, _("vend needs --account, --meter and --amount"));

  account = pd_cli_get_account (cli, account_text, error);
  if (account == NULL)
    return FALSE;

  enayapay = g_strcmp0 (account->provider, "enayapay") == 0;
  if (!enayapay && g_strcmp0 (account->provider, "pawacard") != 0)
    return pd_cli_usage_error (error, _("%s accounts do not sell electricity; PawaCard and EnayaPay accounts do"),
                               pd_provider_get_display_name (account->provider));
  if (enayapay && expiry == NULL)
    return pd_cli_usage_error (error, _("An EnayaPay purchase needs --card-expiry"));
  if (expiry != NULL && !pd_cli_check_card_expiry (expiry, error))
    return FALSE;

  operation = pd_operation_new (PD_OPERATION_VEND, account->id);
  if (!pd_cli_parse_amount_to_move (amount_text, pd_provider_get_currency (account->provider),
                                    _("The amount must be more than zero"), &operation->amount, error))
    return FALSE;

  g_strstrip (meter);
  pd_operation_set_field (operation, "meter", meter);
  operation->target_provider_id = g_strdup (meter);
  if (name != NULL)
    pd_operation_set_field (operation, "customer_name", name);
  if (expiry != NULL)
    pd_operation_set_field (operation, "card_expiry", expiry);

  what = pd_money_format (&operation->amount);
  through = pd_cli_describe_account (account);
  /* Translators: amount, meter number, account */
  summary = g_strdup_printf (_("Buy %s of electricity for meter %s through %s"), what, meter, through);

  return pd_cli_send (cli, operation, summary, yes, enayapay, error);
}

/* outbox */

static gboolean
outbox_list (PdCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  g_autofree char *account_text = NULL;
  g_autofree char *state_text = NULL;
  gboolean help_shown = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_text, N_("Only this account (its id)"), N_("ACCOUNT") },
    { "state", 0, 0, G_OPTION_ARG_STRING, &state_text,
      N_("Only entries in this state (queued, sent, confirmed, failed, unknown); several with commas"), N_("STATE") },
    { NULL }
  };
  g_autoptr(GPtrArray) entries_out = NULL;
  g_autoptr(GHashTable) accounts = NULL;
  g_autoptr(PdCliTable) table = NULL;
  gint64 account_id = 0;
  guint states = 0;

  if (!pd_cli_parse_command (_("outbox list"),
                             _("Lists the money movements of the outbox and where each stands."),
                             entries, 0, &argc, &argv, &help_shown, error))
    return help_shown;

  if (!pd_cli_get_account_id (cli, account_text, &account_id, error))
    return FALSE;

  if (state_text != NULL)
    {
      g_auto(GStrv) names = g_strsplit (state_text, ",", -1);

      for (guint i = 0; names[i] != NULL; i++)
        {
          PdOutboxState state;

          if (!pd_outbox_state_from_string (g_strstrip (names[i]), &state))
            return pd_cli_usage_error (error, _("“%s” is not an outbox state (queued, sent, confirmed, failed, "
                                                "unknown)"), names[i]);
          states |= PD_OUTBOX_STATE_BIT (state);
        }
    }

  if (!pd_store_outbox_list (cli->store, account_id, states, &entries_out, error))
    return FALSE;
  accounts = pd_cli_dup_accounts_by_id (cli, error);
  if (accounts == NULL)
    return FALSE;

  table = pd_cli_outbox_table_new ("entries");
  for (guint i = 0; i < entries_out->len; i++)
    pd_cli_add_outbox_entry (table, g_ptr_array_index (entries_out, i), accounts);

  return pd_cli_table_print (table, cli->format, error);
}

static gboolean
outbox_reconcile (PdCli   *cli,
                  int      argc,
                  char   **argv,
                  GError **error)
{
  g_autofree char *account_text = NULL;
  gboolean help_shown = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_text, N_("Only this account (its id)"), N_("ACCOUNT") },
    { NULL }
  };
  g_autoptr(PdPayments) payments = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GPtrArray) unsettled = NULL;
  g_autoptr(GHashTable) accounts = NULL;
  g_autoptr(PdCliTable) table = NULL;
  gint64 account_id = 0;

  if (!pd_cli_parse_command (_("outbox reconcile"),
                             _("Finds out what became of money movements whose outcome is unknown, "
                               "as each provider allows (a look-up or an idempotent replay); one "
                               "that cannot be checked stays unknown until a person settles it in "
                               "Paydesk. Lists the entries that changed."),
                             entries, 0, &argc, &argv, &help_shown, error))
    return help_shown;

  if (!pd_cli_get_account_id (cli, account_text, &account_id, error))
    return FALSE;

  payments = new_payments (cli);
  pd_payments_reconcile_async (payments, account_id, cli->cancellable, pd_cli_ready_cb, &result);
  pd_cli_wait (cli, &result);
  changed = pd_payments_reconcile_finish (payments, result, error);
  if (changed == NULL)
    return FALSE;

  accounts = pd_cli_dup_accounts_by_id (cli, error);
  if (accounts == NULL)
    return FALSE;

  table = pd_cli_outbox_table_new ("reconciled");
  for (guint i = 0; i < changed->len; i++)
    pd_cli_add_outbox_entry (table, g_ptr_array_index (changed, i), accounts);

  if (!pd_cli_table_print (table, cli->format, error))
    return FALSE;

  /* What is still not known keeps its exit status. */
  if (!pd_store_outbox_list (cli->store, account_id,
                             PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_SENT) | PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_UNKNOWN),
                             &unsettled, error))
    return FALSE;

  if (unsettled->len > 0)
    {
      g_set_error (error, PD_CLI_ERROR, PD_CLI_ERROR_OUTCOME_UNKNOWN,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u money movement still has an unknown outcome (see “paydesk-cli outbox list "
                                "--state unknown,sent”)",
                                "%u money movements still have an unknown outcome (see “paydesk-cli outbox list "
                                "--state unknown,sent”)", unsettled->len),
                   unsettled->len);
      return FALSE;
    }

  return TRUE;
}

/**
 * pd_cli_outbox_command:
 * @cli: the run
 * @argc: the arguments' count
 * @argv: `outbox`, the subcommand and its options
 * @error: return location for an error
 *
 * `paydesk-cli outbox list|reconcile`.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_cli_outbox_command (PdCli   *cli,
                       int      argc,
                       char   **argv,
                       GError **error)
{
  static const PdCliCommand subcommands[] = {
    { "list", outbox_list, N_("List the money movements and their states") },
    { "reconcile", outbox_reconcile, N_("Find out what became of movements whose outcome is unknown") },
  };

  return pd_cli_run_subcommand (cli, _("Usage: paydesk-cli outbox list|reconcile …"),
                                subcommands, G_N_ELEMENTS (subcommands),
                                _("outbox needs list or reconcile"), argc, argv, error);
}

/* pd-cli-bill.c - paydesk-cli topup and bill: airtime, postpaid phone and electricity bills
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * `topup` buys airtime from EnayaPay; `bill` pays a postpaid phone line
 * through EnayaPay or a Kenya Power postpaid account through PawaCard.
 * Both move money as `vend` does (pd-cli-money.c): a confirmation, the
 * EnayaPay card read after it, then the outbox.
 *
 * What a line or account owes is asked of the provider itself, through
 * the account's client (EnayaPay's bill inquiry, PawaCard's account
 * check): `bill --inquire` only shows it, and `bill` without `--amount`
 * pays all of it, saying how much in the confirmation.
 */

#include <string.h>

#include <glib/gi18n.h>

#include "pd-cli-money.h"
#include "pd-cli-output.h"
#include "pd-enayapay-client.h"
#include "pd-pawacard-client.h"

static const struct
{
  PdEnayapayNetwork  network;
  const char        *name;
  const char        *label;
} networks[] = {
  { PD_ENAYAPAY_NETWORK_ZAIN, "zain", "Zain" },
  { PD_ENAYAPAY_NETWORK_MTN, "mtn", "MTN" },
  { PD_ENAYAPAY_NETWORK_SUDANI, "sudani", "Sudani" },
};

/* A Sudanese phone line on one network, the phone in the local form
 * EnayaPay takes (`0912345678`). */
typedef struct
{
  PdEnayapayNetwork  network;
  const char        *name;
  const char        *label;
  char              *phone;
} Line;

static void
line_clear (Line *line)
{
  g_clear_pointer (&line->phone, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Line, line_clear)

static gboolean
parse_line (const char  *network_text,
            const char  *phone_text,
            Line        *line,
            GError     **error)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  PdEnayapayNetwork network;

  if (!pd_enayapay_network_from_string (network_text, &network))
    return pd_cli_usage_error (error, _("“%s” is not a network EnayaPay pays (zain, mtn or sudani)"), network_text);

  for (guint i = 0; i < G_N_ELEMENTS (networks); i++)
    if (networks[i].network == network)
      {
        line->network = network;
        line->name = networks[i].name;
        line->label = networks[i].label;
      }

  /* Spaces, dashes, dots and brackets as people write numbers; a “+”
   * only in front. */
  for (const char *p = phone_text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if ((*p == '+' && digits->len == 0) || strchr (" -.()", *p) != NULL)
        continue;
      else
        {
          g_string_truncate (digits, 0);
          break;
        }
    }

  /* The international forms, 249 and nine digits, are the local 0 and
   * the same nine. */
  if (digits->len == 14 && g_str_has_prefix (digits->str, "00249"))
    g_string_erase (digits, 0, 2);
  if (digits->len == 12 && g_str_has_prefix (digits->str, "249"))
    g_string_overwrite (g_string_erase (digits, 0, 2), 0, "0");

  if (digits->len != 10 || digits->str[0] != '0')
    return pd_cli_usage_error (error, _("“%s” is not a Sudanese phone number: give it as 0912345678 or "
                                        "249912345678"), phone_text);

  line->phone = g_string_free (g_steal_pointer (&digits), FALSE);

  return TRUE;
}

/* What a line or account owes, as its provider says. */
typedef struct
{
  char    *name;
  char    *contract;
  PdMoney  due;
  PdMoney  fees;
} Owed;

static void
owed_clear (Owed *owed)
{
  g_clear_pointer (&owed->name, g_free);
  g_clear_pointer (&owed->contract, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Owed, owed_clear)

/* Asks @account's provider: PawaCard what Kenya Power account @number
 * owes, or EnayaPay what the postpaid @line owes. Nothing moves. */
static gboolean
look_up_owed (PdCli            *cli,
              const PdAccount  *account,
              const char       *number,
              const Line       *line,
              Owed             *owed,
              GError          **error)
{
  g_autoptr(PdProvider) provider = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  provider = pd_cli_connect_account (cli, account, error);
  if (provider == NULL)
    return FALSE;

  if (PD_IS_PAWACARD_CLIENT (provider))
    {
      PdPawacardClient *client = PD_PAWACARD_CLIENT (provider);
      g_autoptr(PdPawacardCustomer) customer = NULL;

      pd_pawacard_client_verify_account_async (client, number, cli->cancellable, pd_cli_ready_cb, &result);
      pd_cli_wait (cli, &result);
      customer = pd_pawacard_client_verify_account_finish (client, result, error);
      if (customer == NULL)
        return FALSE;

      if (!pd_money_is_set (&customer->balance_due))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("PawaCard did not say what account %s owes; give --amount"), number);
          return FALSE;
        }

      owed->name = g_strdup (customer->name);
      owed->due = customer->balance_due;
      return TRUE;
    }

  if (PD_IS_ENAYAPAY_CLIENT (provider) && line != NULL)
    {
      PdEnayapayClient *client = PD_ENAYAPAY_CLIENT (provider);
      g_autoptr(PdEnayapayInvoice) invoice = NULL;

      pd_enayapay_client_inquire_bill_async (client, pd_enayapay_network_get_payee_id (line->network, TRUE),
                                             line->phone, cli->cancellable, pd_cli_ready_cb, &result);
      pd_cli_wait (cli, &result);
      invoice = pd_enayapay_client_inquire_bill_finish (client, result, error);
      if (invoice == NULL)
        return FALSE;

      owed->contract = g_strdup (invoice->contract_number);
      owed->due = invoice->total_amount;
      owed->fees = invoice->fees;
      return TRUE;
    }

  return pd_cli_usage_error (error, _("%s cannot say what a bill owes"),
                             pd_provider_get_display_name (account->provider));
}

static const PdCliColumn owed_columns[] = {
  { "account_id", N_("Account"), PD_CLI_INT, TRUE },
  { "provider", N_("Provider"), PD_CLI_TEXT, FALSE },
  { "network", N_("Network"), PD_CLI_TEXT, TRUE },
  { "number", N_("Number"), PD_CLI_TEXT, TRUE },
  { "name", N_("Name"), PD_CLI_TEXT, TRUE },
  { "contract", N_("Contract"), PD_CLI_TEXT, TRUE },
  { "amount", N_("Owed"), PD_CLI_AMOUNT, TRUE },
  { "currency", N_("Currency"), PD_CLI_TEXT, TRUE },
  { "fees", N_("Fees"), PD_CLI_AMOUNT, TRUE },
};

static gboolean
print_owed (PdCli            *cli,
            const PdAccount  *account,
            const char       *number,
            const Line       *line,
            const Owed       *owed,
            GError          **error)
{
  g_autoptr(PdCliTable) table = pd_cli_table_new ("owed", owed_columns, G_N_ELEMENTS (owed_columns));

  pd_cli_table_set_single (table, TRUE);
  pd_cli_table_add_row (table);
  pd_cli_table_set_int (table, "account_id", account->id);
  pd_cli_table_set (table, "provider", account->provider);
  pd_cli_table_set (table, "network", line != NULL ? line->name : NULL);
  pd_cli_table_set (table, "number", line != NULL ? line->phone : number);
  pd_cli_table_set (table, "name", owed->name);
  pd_cli_table_set (table, "contract", owed->contract);
  pd_cli_table_set_amount (table, &owed->due);
  pd_cli_table_set_money (table, "fees", &owed->fees);

  return pd_cli_table_print (table, cli->format, error);
}

static void
set_line_fields (PdOperation *operation,
                 const Line  *line,
                 const char  *expiry)
{
  pd_operation_set_field (operation, "phone", line->phone);
  pd_operation_set_field (operation, "network", line->name);
  pd_operation_set_field (operation, "card_expiry", expiry);
  operation->target_provider_id = g_strdup (line->phone);
}

/* topup */

/**
 * pd_cli_topup_command:
 * @cli: the run
 * @argc: the arguments' count
 * @argv: `topup` and the options
 * @error: return location for an error
 *
 * `paydesk-cli topup --account ID --network N --phone P --amount A
 * --card-expiry MMYY`: airtime from EnayaPay, paid with a card.
 *
 * Returns: %TRUE when the top-up was confirmed
 */
gboolean
pd_cli_topup_command (PdCli   *cli,
                      int      argc,
                      char   **argv,
                      GError **error)
{
  g_autofree char *account_text = NULL;
  g_autofree char *network = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *amount_text = NULL;
  g_autofree char *expiry = NULL;
  gboolean yes = FALSE, help_shown = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_text, N_("The EnayaPay account (its id)"), N_("ACCOUNT") },
    { "network", 0, 0, G_OPTION_ARG_STRING, &network, N_("The phone’s network: zain, mtn or sudani"), N_("NETWORK") },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, N_("The phone to top up (0912345678 or 249912345678)"), N_("NUMBER") },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount_text, N_("How much airtime to buy, in money"), N_("AMOUNT") },
    { "card-expiry", 0, 0, G_OPTION_ARG_STRING, &expiry,
      N_("The paying card’s expiry, MMYY; its number and IPIN are read from standard input"), N_("MMYY") },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Do not ask; needed when standard input is not a terminal"), NULL },
    { NULL }
  };
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(PdOperation) operation = NULL;
  g_auto(Line) line = { 0, };
  g_autofree char *what = NULL;
  g_autofree char *through = NULL;
  g_autofree char *summary = NULL;

  if (!pd_cli_parse_command (_("topup --account ACCOUNT --network NETWORK --phone NUMBER --amount AMOUNT "
                               "--card-expiry MMYY"),
                             _("Buys airtime for a Zain, MTN or Sudani phone from EnayaPay, paid with a "
                               "card whose number and IPIN are read from standard input at that moment "
                               "and never stored."),
                             entries, 0, &argc, &argv, &help_shown, error))
    return help_shown;
  if (account_text == NULL || network == NULL || phone == NULL || amount_text == NULL || expiry == NULL)
    return pd_cli_usage_error (error, _("topup needs --account, --network, --phone, --amount and --card-expiry"));

  account = pd_cli_get_account (cli, account_text, error);
  if (account == NULL)
    return FALSE;
  if (g_strcmp0 (account->provider, "enayapay") != 0)
    return pd_cli_usage_error (error, _("%s accounts do not sell airtime; EnayaPay accounts do"),
                               pd_provider_get_display_name (account->provider));

  if (!parse_line (network, phone, &line, error) ||
      !pd_cli_check_card_expiry (expiry, error))
    return FALSE;

  operation = pd_operation_new (PD_OPERATION_TOPUP, account->id);
  if (!pd_cli_parse_amount_to_move (amount_text, pd_provider_get_currency (account->provider),
                                    _("The amount must be more than zero"), &operation->amount, error))
    return FALSE;
  set_line_fields (operation, &line, expiry);

  what = pd_money_format (&operation->amount);
  through = pd_cli_describe_account (account);
  /* Translators: network, phone, amount, account: "Top up Zain 0912345678 with SDG 100.00 through …" */
  summary = g_strdup_printf (_("Top up %s %s with %s through %s"), line.label, line.phone, what, through);

  return pd_cli_send (cli, operation, summary, yes, TRUE, error);
}

/* bill */

/**
 * pd_cli_bill_command:
 * @cli: the run
 * @argc: the arguments' count
 * @argv: `bill` and the options
 * @error: return location for an error
 *
 * `paydesk-cli bill --account ID --number N …` (PawaCard) or
 * `paydesk-cli bill --account ID --network N --phone P --card-expiry MMYY …`
 * (EnayaPay): pays a postpaid bill, `--amount` or all that is owed; with
 * `--inquire`, only says what is owed.
 *
 * Returns: %TRUE when the payment was confirmed, or the inquiry answered
 */
gboolean
pd_cli_bill_command (PdCli   *cli,
                     int      argc,
                     char   **argv,
                     GError **error)
{
  g_autofree char *account_text = NULL;
  g_autofree char *number = NULL;
  g_autofree char *name = NULL;
  g_autofree char *network = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *amount_text = NULL;
  g_autofree char *expiry = NULL;
  gboolean inquire = FALSE, yes = FALSE, help_shown = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_text, N_("The PawaCard or EnayaPay account (its id)"), N_("ACCOUNT") },
    { "number", 0, 0, G_OPTION_ARG_STRING, &number, N_("PawaCard: the Kenya Power postpaid account number"), N_("NUMBER") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name,
      N_("PawaCard: the customer’s name, for the receipt (default: the name Kenya Power has)"), N_("NAME") },
    { "network", 0, 0, G_OPTION_ARG_STRING, &network, N_("EnayaPay: the line’s network, zain, mtn or sudani"), N_("NETWORK") },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, N_("EnayaPay: the postpaid line (0912345678 or 249912345678)"), N_("NUMBER") },
    { "card-expiry", 0, 0, G_OPTION_ARG_STRING, &expiry,
      N_("EnayaPay: the paying card’s expiry, MMYY; its number and IPIN are read from standard input"), N_("MMYY") },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount_text, N_("How much to pay (default: all that is owed)"), N_("AMOUNT") },
    { "inquire", 0, 0, G_OPTION_ARG_NONE, &inquire, N_("Only show what is owed; nothing is paid"), NULL },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Do not ask; needed when standard input is not a terminal"), NULL },
    { NULL }
  };
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(PdOperation) operation = NULL;
  g_auto(Line) line = { 0, };
  g_auto(Owed) owed = { 0, };
  g_autofree char *what = NULL;
  g_autofree char *whom = NULL;
  g_autofree char *through = NULL;
  g_autofree char *summary = NULL;
  gboolean enayapay;

  if (!pd_cli_parse_command (_("bill --account ACCOUNT (--number NUMBER | --network NETWORK --phone NUMBER "
                               "--card-expiry MMYY) [--amount AMOUNT]"),
                             _("Pays a postpaid bill: a Kenya Power account through PawaCard, or a Zain, "
                               "MTN or Sudani line through EnayaPay with a card whose number and IPIN are "
                               "read from standard input at that moment and never stored. Without "
                               "--amount, pays all that is owed; --inquire only shows it."),
                             entries, 0, &argc, &argv, &help_shown, error))
    return help_shown;
  if (account_text == NULL)
    return pd_cli_usage_error (error, _("bill needs --account, then --number for PawaCard or --network and "
                                        "--phone for EnayaPay"));

  account = pd_cli_get_account (cli, account_text, error);
  if (account == NULL)
    return FALSE;

  enayapay = g_strcmp0 (account->provider, "enayapay") == 0;
  if (!enayapay && g_strcmp0 (account->provider, "pawacard") != 0)
    return pd_cli_usage_error (error, _("%s accounts do not pay bills; PawaCard and EnayaPay accounts do"),
                               pd_provider_get_display_name (account->provider));
  if (inquire && amount_text != NULL)
    return pd_cli_usage_error (error, _("--inquire only shows what is owed; it takes no --amount"));

  if (enayapay)
    {
      if (number != NULL || name != NULL)
        return pd_cli_usage_error (error, _("An EnayaPay bill names the line with --network and --phone; "
                                            "--number and --name are for PawaCard"));
      if (network == NULL || phone == NULL)
        return pd_cli_usage_error (error, _("An EnayaPay bill needs --network and --phone"));
      if (!parse_line (network, phone, &line, error))
        return FALSE;
      if (!inquire && expiry == NULL)
        return pd_cli_usage_error (error, _("An EnayaPay bill is paid with a card: give --card-expiry"));
      if (expiry != NULL && !pd_cli_check_card_expiry (expiry, error))
        return FALSE;
    }
  else
    {
      if (network != NULL || phone != NULL || expiry != NULL)
        return pd_cli_usage_error (error, _("A PawaCard bill names the Kenya Power account with --number; "
                                            "--network, --phone and --card-expiry are for EnayaPay"));
      if (number != NULL)
        g_strstrip (number);
      if (number == NULL || number[0] == '\0')
        return pd_cli_usage_error (error, _("A PawaCard bill needs --number, the Kenya Power account number"));
    }

  operation = pd_operation_new (PD_OPERATION_BILL, account->id);
  if (amount_text != NULL &&
      !pd_cli_parse_amount_to_move (amount_text, pd_provider_get_currency (account->provider),
                                    _("The amount must be more than zero"), &operation->amount, error))
    return FALSE;

  if (amount_text == NULL &&
      !look_up_owed (cli, account, number, enayapay ? &line : NULL, &owed, error))
    return FALSE;

  if (inquire)
    return print_owed (cli, account, number, enayapay ? &line : NULL, &owed, error);

  if (enayapay)
    /* Translators: a postpaid phone line: network, phone, "the Zain line 0905450785" */
    whom = g_strdup_printf (_("the %s line %s"), line.label, line.phone);
  else if (name != NULL || owed.name != NULL)
    /* Translators: a postpaid electricity account and its holder */
    whom = g_strdup_printf (_("Kenya Power account %s (%s)"), number, name != NULL ? name : owed.name);
  else
    /* Translators: a postpaid electricity account */
    whom = g_strdup_printf (_("Kenya Power account %s"), number);

  if (amount_text != NULL)
    what = pd_money_format (&operation->amount);
  else
    {
      g_autofree char *due = pd_money_format (&owed.due);

      if (pd_money_sign (&owed.due) <= 0)
        return pd_cli_usage_error (error, _("%s owes nothing (%s); nothing was sent — give --amount to pay "
                                            "anyway"), whom, due);

      operation->amount = owed.due;
      if (pd_money_is_set (&owed.fees) && pd_money_sign (&owed.fees) > 0)
        {
          g_autofree char *fees = pd_money_format (&owed.fees);

          /* Translators: what is owed, then the provider's fees on top */
          what = g_strdup_printf (_("%s (all that is owed, plus %s in fees)"), due, fees);
        }
      else
        /* Translators: a bill paid in full, "KES 1,234 (all that is owed)" */
        what = g_strdup_printf (_("%s (all that is owed)"), due);
    }

  if (enayapay)
    set_line_fields (operation, &line, expiry);
  else
    {
      pd_operation_set_field (operation, "account_number", number);
      operation->target_provider_id = g_strdup (number);
      if (name != NULL || owed.name != NULL)
        pd_operation_set_field (operation, "customer_name", name != NULL ? name : owed.name);
    }

  through = pd_cli_describe_account (account);
  /* Translators: amount, the account or line billed, account: "Pay KES 1,234 on Kenya Power account … through …" */
  summary = g_strdup_printf (_("Pay %s on %s through %s"), what, whom, through);

  return pd_cli_send (cli, operation, summary, yes, enayapay, error);
}

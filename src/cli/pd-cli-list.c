/* pd-cli-list.c - paydesk-cli list, search and show
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The filters mean what the window's filter bar means (pd-filter-bar.c):
 * an account, a provider's accounts, one state (or several, with commas),
 * a period whose days are local days (`--to` includes its day) and an
 * amount range in one currency. Charges, refunds and disbursements are
 * queried in the store with a PdQuery, newest first, as the window's
 * transaction views do; customers, cards, statement lines and balances
 * are read whole and filtered here, as the window's record views do.
 */

#include <string.h>

#include <glib/gi18n.h>

#include "pd-cli-output.h"
#include "pd-cli-records.h"
#include "pd-cli.h"
#include "pd-json.h"

typedef enum
{
  VIEW_CUSTOMERS,
  VIEW_CHARGES,
  VIEW_REFUNDS,
  VIEW_DISBURSEMENTS,
  VIEW_CARDS,
  VIEW_STATEMENTS,
  VIEW_BALANCES,
  VIEW_TRANSACTIONS,
} View;

static const char * const view_names[] = {
  "customers", "charges", "refunds", "disbursements", "cards", "statements", "balances", "transactions",
};

static const PdCliColumn customer_columns[] = {
  { "id", N_("ID"), PD_CLI_INT, TRUE },
  { "account_id", N_("Account ID"), PD_CLI_INT, FALSE },
  { "account", N_("Account"), PD_CLI_TEXT, TRUE },
  { "provider", N_("Provider"), PD_CLI_TEXT, FALSE },
  { "provider_id", N_("Provider ID"), PD_CLI_TEXT, FALSE },
  { "name", N_("Name"), PD_CLI_TEXT, TRUE },
  { "email", N_("E-mail"), PD_CLI_TEXT, TRUE },
  { "phone", N_("Phone"), PD_CLI_TEXT, TRUE },
  { "created_at", N_("Since"), PD_CLI_TIME, TRUE },
};

static const PdCliColumn card_columns[] = {
  { "id", N_("ID"), PD_CLI_INT, TRUE },
  { "account_id", N_("Account ID"), PD_CLI_INT, FALSE },
  { "account", N_("Account"), PD_CLI_TEXT, TRUE },
  { "provider", N_("Provider"), PD_CLI_TEXT, FALSE },
  { "provider_id", N_("Provider ID"), PD_CLI_TEXT, FALSE },
  { "customer_provider_id", N_("Customer ID"), PD_CLI_TEXT, FALSE },
  { "holder_name", N_("Holder"), PD_CLI_TEXT, TRUE },
  { "brand", N_("Brand"), PD_CLI_TEXT, TRUE },
  { "last4", N_("Last Four"), PD_CLI_TEXT, TRUE },
  { "masked_pan", N_("Number"), PD_CLI_TEXT, FALSE },
  { "exp_month", N_("Expiry Month"), PD_CLI_INT, FALSE },
  { "exp_year", N_("Expiry Year"), PD_CLI_INT, FALSE },
  { "expires", N_("Expires"), PD_CLI_TEXT, TRUE },
  { "created_at", N_("Added"), PD_CLI_TIME, TRUE },
};

static const PdCliColumn statement_columns[] = {
  { "id", N_("ID"), PD_CLI_INT, FALSE },
  { "created_at", N_("Date"), PD_CLI_TIME, TRUE },
  { "account_id", N_("Account ID"), PD_CLI_INT, FALSE },
  { "account", N_("Account"), PD_CLI_TEXT, TRUE },
  { "provider", N_("Provider"), PD_CLI_TEXT, FALSE },
  { "wallet", N_("Wallet"), PD_CLI_TEXT, TRUE },
  { "type", N_("Type"), PD_CLI_TEXT, TRUE },
  { "direction", N_("Direction"), PD_CLI_TEXT, TRUE },
  { "amount", N_("Amount"), PD_CLI_AMOUNT, TRUE },
  { "currency", N_("Currency"), PD_CLI_TEXT, TRUE },
  { "balance_before", N_("Balance Before"), PD_CLI_AMOUNT, FALSE },
  { "balance_after", N_("Balance After"), PD_CLI_AMOUNT, TRUE },
  { "status", N_("Status"), PD_CLI_TEXT, TRUE },
  { "provider_id", N_("Provider ID"), PD_CLI_TEXT, FALSE },
  { "transaction_provider_id", N_("Transaction"), PD_CLI_TEXT, FALSE },
  { "counterparty", N_("Counterparty"), PD_CLI_TEXT, FALSE },
  { "description", N_("Description"), PD_CLI_TEXT, FALSE },
};

static const PdCliColumn balance_columns[] = {
  { "account_id", N_("Account ID"), PD_CLI_INT, FALSE },
  { "account", N_("Account"), PD_CLI_TEXT, TRUE },
  { "provider", N_("Provider"), PD_CLI_TEXT, TRUE },
  { "wallet", N_("Wallet"), PD_CLI_TEXT, TRUE },
  { "amount", N_("Balance"), PD_CLI_AMOUNT, TRUE },
  { "currency", N_("Currency"), PD_CLI_TEXT, TRUE },
  { "recorded_at", N_("As Of"), PD_CLI_TIME, TRUE },
};

static const PdCliColumn search_columns[] = {
  { "record", N_("Record"), PD_CLI_TEXT, TRUE },
  { "id", N_("ID"), PD_CLI_INT, TRUE },
  { "created_at", N_("Date"), PD_CLI_TIME, TRUE },
  { "account_id", N_("Account ID"), PD_CLI_INT, FALSE },
  { "account", N_("Account"), PD_CLI_TEXT, TRUE },
  { "provider", N_("Provider"), PD_CLI_TEXT, FALSE },
  { "kind", N_("Kind"), PD_CLI_TEXT, TRUE },
  { "state", N_("State"), PD_CLI_TEXT, TRUE },
  { "amount", N_("Amount"), PD_CLI_AMOUNT, TRUE },
  { "currency", N_("Currency"), PD_CLI_TEXT, TRUE },
  { "name", N_("Name"), PD_CLI_TEXT, TRUE },
  { "phone", N_("Phone"), PD_CLI_TEXT, TRUE },
  { "email", N_("E-mail"), PD_CLI_TEXT, FALSE },
  { "reference", N_("Reference"), PD_CLI_TEXT, FALSE },
  { "provider_id", N_("Provider ID"), PD_CLI_TEXT, FALSE },
};

/* The filter options, as given */
typedef struct
{
  char *account;
  char *provider;
  char *state;
  char *from;
  char *to;
  char *min;
  char *max;
  char *currency;
  int   limit;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->account);
  g_free (options->provider);
  g_free (options->state);
  g_free (options->from);
  g_free (options->to);
  g_free (options->min);
  g_free (options->max);
  g_free (options->currency);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static GOptionEntry *
filter_entries (Options  *options,
                gboolean  amounts)
{
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &options->account, N_("Only this account (its id)"), N_("ACCOUNT") },
    { "provider", 0, 0, G_OPTION_ARG_STRING, &options->provider, N_("Only accounts of this provider"), N_("PROVIDER") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &options->from, N_("From this day (YYYY-MM-DD) or time (ISO 8601)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &options->to, N_("Up to this day, included, or time"), N_("DATE") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &options->limit, N_("At most this many rows"), N_("N") },
    { "state", 0, 0, G_OPTION_ARG_STRING, &options->state,
      N_("Only transactions in this state (pending, succeeded, failed, refunded, partially-refunded, "
         "indeterminate); several with commas"), N_("STATE") },
    { "min", 0, 0, G_OPTION_ARG_STRING, &options->min, N_("Only amounts of at least this much (e.g. “10 GHS”)"), N_("AMOUNT") },
    { "max", 0, 0, G_OPTION_ARG_STRING, &options->max, N_("Only amounts of at most this much"), N_("AMOUNT") },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &options->currency, N_("The currency of --min and --max"), N_("CODE") },
    { NULL }
  };
  guint n = amounts ? G_N_ELEMENTS (entries) : 5;
  GOptionEntry *copy = g_new0 (GOptionEntry, n + 1);

  memcpy (copy, entries, n * sizeof (GOptionEntry));

  return copy;
}

/* Fills in the account, provider, states, period and amounts of @query. */
static gboolean
apply_filters (PdCli          *cli,
               const Options  *options,
               PdQuery        *query,
               GError        **error)
{
  if (options->limit < 0)
    return pd_cli_usage_error (error, _("--limit must be 0 or more"));
  query->limit = options->limit;

  if (!pd_cli_get_account_id (cli, options->account, &query->account_id, error))
    return FALSE;

  if (options->provider != NULL)
    {
      if (!pd_provider_is_known (options->provider))
        return pd_cli_usage_error (error, _("“%s” is not a provider (fayapay, zengapay, eoneopay, pawacard, "
                                            "enayapay)"), options->provider);
      pd_query_set_provider (query, options->provider);
    }

  if (options->state != NULL)
    {
      g_auto(GStrv) states = g_strsplit (options->state, ",", -1);

      for (guint i = 0; states[i] != NULL; i++)
        {
          PdTransactionState state;

          if (!pd_transaction_state_from_string (g_strstrip (states[i]), &state))
            return pd_cli_usage_error (error, _("“%s” is not a state (pending, succeeded, failed, refunded, "
                                                "partially-refunded, indeterminate)"), states[i]);
          query->states |= PD_TRANSACTION_STATE_BIT (state);
        }
    }

  if (options->from != NULL && !pd_cli_parse_time (options->from, FALSE, &query->date_from, error))
    return FALSE;
  if (options->to != NULL && !pd_cli_parse_time (options->to, TRUE, &query->date_to, error))
    return FALSE;
  if (query->date_from != 0 && query->date_to != 0 && query->date_to <= query->date_from)
    return pd_cli_usage_error (error, _("--to is before --from"));

  if (options->currency != NULL && !pd_currency_is_valid (options->currency))
    return pd_cli_usage_error (error, _("“%s” is not a currency code"), options->currency);
  if (options->min != NULL && !pd_cli_parse_amount (options->min, options->currency, &query->min_amount, error))
    return FALSE;
  if (options->max != NULL &&
      !pd_cli_parse_amount (options->max,
                            options->currency != NULL ? options->currency
                            : options->min != NULL ? query->min_amount.currency : NULL,
                            &query->max_amount, error))
    return FALSE;

  return TRUE;
}

static gboolean
in_filter (const PdQuery   *query,
           const PdAccount *account,
           gint64           account_id,
           gint64           date)
{
  if (query->account_id != 0 && account_id != query->account_id)
    return FALSE;
  if (query->provider != NULL && (account == NULL || g_strcmp0 (account->provider, query->provider) != 0))
    return FALSE;
  if (query->date_from != 0 && date < query->date_from)
    return FALSE;
  if (query->date_to != 0 && date >= query->date_to)
    return FALSE;

  return TRUE;
}

static gboolean
is_full (const PdQuery *query,
         PdCliTable    *table)
{
  return query->limit != 0 && pd_cli_table_get_n_rows (table) >= query->limit;
}

/* Starts a row for a record of @account_id made at @date, naming its
 * account, unless the filters leave the record out. */
static gboolean
add_filtered_row (PdCliTable    *table,
                  const PdQuery *query,
                  GHashTable    *accounts,
                  gint64         account_id,
                  gint64         date)
{
  if (!in_filter (query, g_hash_table_lookup (accounts, &account_id), account_id, date))
    return FALSE;

  pd_cli_table_add_row (table);
  pd_cli_set_account (table, account_id, accounts);

  return TRUE;
}

static guint
view_kinds (View view)
{
  switch (view)
    {
    case VIEW_REFUNDS:
      return PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_REFUND);

    case VIEW_DISBURSEMENTS:
      return PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_DISBURSEMENT)
           | PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_TRANSFER)
           | PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_PAYOUT);

    case VIEW_CHARGES:
      return PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_CHARGE)
           | PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_COLLECTION)
           | PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_PAYMENT)
           | PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_VEND)
           | PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_BILL)
           | PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_TOPUP);

    case VIEW_TRANSACTIONS:
    default:
      return 0;
    }
}

static gboolean
list_transactions (PdCli       *cli,
                   View         view,
                   PdQuery     *query,
                   GHashTable  *accounts,
                   PdCliTable **out,
                   GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  PdCliTable *table;

  query->kinds = view_kinds (view);
  query->sort = PD_SORT_DATE;
  query->descending = TRUE;

  if (!pd_store_query_transactions (cli->store, query, &rows, error))
    return FALSE;

  table = pd_cli_transactions_table_new (view_names[view]);
  for (guint i = 0; i < rows->len; i++)
    pd_cli_add_transaction (table, g_ptr_array_index (rows, i), accounts);

  *out = table;
  return TRUE;
}

static gboolean
list_customers (PdCli       *cli,
                PdQuery     *query,
                GHashTable  *accounts,
                PdCliTable **out,
                GError     **error)
{
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(PdCliTable) table = NULL;

  if (!pd_store_list_customers (cli->store, query->account_id, &customers, error))
    return FALSE;

  table = pd_cli_table_new ("customers", customer_columns, G_N_ELEMENTS (customer_columns));
  for (guint i = 0; i < customers->len && !is_full (query, table); i++)
    {
      const PdCustomer *customer = g_ptr_array_index (customers, i);

      if (!add_filtered_row (table, query, accounts, customer->account_id, customer->created_at))
        continue;

      pd_cli_table_set_int (table, "id", customer->id);
      pd_cli_table_set (table, "provider_id", customer->provider_id);
      pd_cli_table_set (table, "name", customer->name);
      pd_cli_table_set (table, "email", customer->email);
      pd_cli_table_set (table, "phone", customer->phone);
      pd_cli_table_set_time (table, "created_at", customer->created_at);
    }

  *out = g_steal_pointer (&table);
  return TRUE;
}

static gboolean
list_cards (PdCli       *cli,
            PdQuery     *query,
            GHashTable  *accounts,
            PdCliTable **out,
            GError     **error)
{
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(PdCliTable) table = NULL;

  if (!pd_store_list_cards (cli->store, query->account_id, NULL, &cards, error))
    return FALSE;

  table = pd_cli_table_new ("cards", card_columns, G_N_ELEMENTS (card_columns));
  for (guint i = 0; i < cards->len && !is_full (query, table); i++)
    {
      const PdCard *card = g_ptr_array_index (cards, i);

      if (!add_filtered_row (table, query, accounts, card->account_id, card->created_at))
        continue;

      pd_cli_table_set_int (table, "id", card->id);
      pd_cli_table_set (table, "provider_id", card->provider_id);
      pd_cli_table_set (table, "customer_provider_id", card->customer_provider_id);
      pd_cli_table_set (table, "holder_name", card->holder_name);
      pd_cli_table_set (table, "brand", card->brand);
      pd_cli_table_set (table, "last4", card->last4);
      pd_cli_table_set (table, "masked_pan", card->masked_pan);
      if (card->exp_year != 0)
        {
          pd_cli_table_set_int (table, "exp_month", card->exp_month);
          pd_cli_table_set_int (table, "exp_year", card->exp_year);
          pd_cli_table_take (table, "expires", g_strdup_printf ("%04u-%02u", card->exp_year, card->exp_month));
        }
      pd_cli_table_set_time (table, "created_at", card->created_at);
    }

  *out = g_steal_pointer (&table);
  return TRUE;
}

static gboolean
list_statements (PdCli       *cli,
                 PdQuery     *query,
                 GHashTable  *accounts,
                 PdCliTable **out,
                 GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(PdCliTable) table = NULL;

  if (!pd_store_list_statement_entries (cli->store, query->account_id, query->date_from, query->date_to, NULL,
                                        &entries, error))
    return FALSE;

  table = pd_cli_table_new ("statements", statement_columns, G_N_ELEMENTS (statement_columns));
  for (guint i = 0; i < entries->len && !is_full (query, table); i++)
    {
      const PdStatementEntry *entry = g_ptr_array_index (entries, i);

      if (!add_filtered_row (table, query, accounts, entry->account_id, entry->created_at))
        continue;

      pd_cli_table_set_int (table, "id", entry->id);
      pd_cli_table_set_time (table, "created_at", entry->created_at);
      pd_cli_table_set (table, "wallet", entry->wallet);
      pd_cli_table_set (table, "type", entry->entry_type);
      pd_cli_table_set (table, "direction", pd_statement_direction_to_string (entry->direction));
      pd_cli_table_set_amount (table, &entry->amount);
      pd_cli_table_set_money (table, "balance_before", &entry->balance_before);
      pd_cli_table_set_money (table, "balance_after", &entry->balance_after);
      pd_cli_table_set (table, "status", entry->status);
      pd_cli_table_set (table, "provider_id", entry->provider_id);
      pd_cli_table_set (table, "transaction_provider_id", entry->transaction_provider_id);
      pd_cli_table_set (table, "counterparty", entry->counterparty);
      pd_cli_table_set (table, "description", entry->description);
    }

  *out = g_steal_pointer (&table);
  return TRUE;
}

static gboolean
list_balances (PdCli       *cli,
               PdQuery     *query,
               GHashTable  *accounts,
               PdCliTable **out,
               GError     **error)
{
  g_autoptr(GPtrArray) balances = NULL;
  g_autoptr(PdCliTable) table = NULL;

  if (!pd_store_list_latest_balances (cli->store, query->account_id, &balances, error))
    return FALSE;

  table = pd_cli_table_new ("balances", balance_columns, G_N_ELEMENTS (balance_columns));
  for (guint i = 0; i < balances->len && !is_full (query, table); i++)
    {
      const PdBalance *balance = g_ptr_array_index (balances, i);

      if (!add_filtered_row (table, query, accounts, balance->account_id, 0))
        continue;

      pd_cli_table_set (table, "wallet", balance->wallet);
      pd_cli_table_set_money (table, "amount", &balance->amount);
      pd_cli_table_set (table, "currency", balance->amount.currency);
      pd_cli_table_set_time (table, "recorded_at", balance->recorded_at);
    }

  *out = g_steal_pointer (&table);
  return TRUE;
}

/**
 * pd_cli_list_command:
 * @cli: the run
 * @argc: the arguments' count
 * @argv: `list`, the view and the filters
 * @error: return location for an error
 *
 * `paydesk-cli list VIEW [filters]`.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_cli_list_command (PdCli   *cli,
                     int      argc,
                     char   **argv,
                     GError **error)
{
  g_auto(Options) options = { NULL, };
  g_autofree GOptionEntry *entries = filter_entries (&options, TRUE);
  gboolean help_shown = FALSE;
  g_autoptr(PdQuery) query = pd_query_new ();
  g_autoptr(GHashTable) accounts = NULL;
  g_autoptr(PdCliTable) table = NULL;
  View view = VIEW_CUSTOMERS;
  gboolean found = FALSE;
  gboolean ok;

  if (!pd_cli_parse_command (_("list VIEW"),
                             _("Lists the records of one view, as the window shows them: "
                               "customers, charges, refunds, disbursements, cards, statements or "
                               "balances (or transactions, of every kind). --state, --min and --max "
                               "apply to charges, refunds and disbursements; --from and --to to "
                               "those, customers and statements."),
                             entries, -1, &argc, &argv, &help_shown, error))
    return help_shown;

  if (argc != 2)
    return pd_cli_usage_error (error, _("list needs one view: customers, charges, refunds, disbursements, "
                                        "cards, statements or balances"));

  for (guint i = 0; i < G_N_ELEMENTS (view_names); i++)
    if (g_str_equal (argv[1], view_names[i]))
      {
        view = i;
        found = TRUE;
      }
  if (!found)
    return pd_cli_usage_error (error, _("“%s” is not a view: customers, charges, refunds, disbursements, "
                                        "cards, statements or balances"), argv[1]);

  if (view == VIEW_CUSTOMERS || view == VIEW_CARDS || view == VIEW_STATEMENTS || view == VIEW_BALANCES)
    {
      if (options.state != NULL || options.min != NULL || options.max != NULL)
        return pd_cli_usage_error (error, _("--state, --min and --max do not apply to %s"), argv[1]);
      if ((view == VIEW_CARDS || view == VIEW_BALANCES) && (options.from != NULL || options.to != NULL))
        return pd_cli_usage_error (error, _("--from and --to do not apply to %s"), argv[1]);
    }

  if (!apply_filters (cli, &options, query, error))
    return FALSE;

  accounts = pd_cli_dup_accounts_by_id (cli, error);
  if (accounts == NULL)
    return FALSE;

  switch (view)
    {
    case VIEW_CUSTOMERS:
      ok = list_customers (cli, query, accounts, &table, error);
      break;
    case VIEW_CARDS:
      ok = list_cards (cli, query, accounts, &table, error);
      break;
    case VIEW_STATEMENTS:
      ok = list_statements (cli, query, accounts, &table, error);
      break;
    case VIEW_BALANCES:
      ok = list_balances (cli, query, accounts, &table, error);
      break;
    case VIEW_CHARGES:
    case VIEW_REFUNDS:
    case VIEW_DISBURSEMENTS:
    case VIEW_TRANSACTIONS:
    default:
      ok = list_transactions (cli, view, query, accounts, &table, error);
      break;
    }

  return ok && pd_cli_table_print (table, cli->format, error);
}

/**
 * pd_cli_balances_command:
 * @cli: the run
 * @argc: the arguments' count
 * @argv: `balances` and the filters
 * @error: return location for an error
 *
 * `paydesk-cli balances`, the same as `paydesk-cli list balances`.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_cli_balances_command (PdCli   *cli,
                         int      argc,
                         char   **argv,
                         GError **error)
{
  g_autofree char **list_argv = g_new0 (char *, argc + 2);

  list_argv[0] = (char *)"list";
  list_argv[1] = (char *)"balances";
  for (int i = 1; i < argc; i++)
    list_argv[i + 1] = argv[i];

  return pd_cli_list_command (cli, argc + 1, list_argv, error);
}

/* search */

static gboolean
folded_contains (const char *haystack,
                 const char *folded_needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;

  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, folded_needle) != NULL;
}

/* The digits of a phone number, so that "772 918" finds "+256 772 918 404",
 * as the window's search does. */
static gboolean
digits_contain (const char *haystack,
                const char *needle)
{
  g_autoptr(GString) hay = g_string_new (NULL);
  g_autoptr(GString) digits = g_string_new (NULL);

  for (const char *p = needle; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (strchr ("+-(). ", *p) == NULL)
        return FALSE;
    }
  if (digits->len < 3 || haystack == NULL)
    return FALSE;

  for (const char *p = haystack; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (hay, *p);

  return strstr (hay->str, digits->str) != NULL;
}

/**
 * pd_cli_search_command:
 * @cli: the run
 * @argc: the arguments' count
 * @argv: `search` and the text
 * @error: return location for an error
 *
 * `paydesk-cli search TEXT`: the transactions of every kind that the
 * store's search finds (names, phones, e-mails, references, descriptions,
 * an exact amount), newest first, then the customers whose name, e-mail,
 * phone or id hold the text.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_cli_search_command (PdCli   *cli,
                       int      argc,
                       char   **argv,
                       GError **error)
{
  g_auto(Options) options = { NULL, };
  g_autofree GOptionEntry *entries = filter_entries (&options, FALSE);
  gboolean help_shown = FALSE;
  g_autoptr(PdQuery) query = pd_query_new ();
  g_autoptr(GHashTable) accounts = NULL;
  g_autoptr(GPtrArray) transactions = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(PdCliTable) table = NULL;
  g_autofree char *text = NULL;
  g_autofree char *folded = NULL;

  if (!pd_cli_parse_command (_("search TEXT"),
                             _("Searches every provider’s transactions and customers at once: "
                               "a name, a phone number or part of it, an e-mail address, a "
                               "reference, a description or an exact amount."),
                             entries, -1, &argc, &argv, &help_shown, error))
    return help_shown;

  if (argc < 2)
    return pd_cli_usage_error (error, _("search needs the text to search for"));

  text = g_strjoinv (" ", argv + 1);
  g_strstrip (text);
  if (text[0] == '\0')
    return pd_cli_usage_error (error, _("search needs the text to search for"));

  if (!apply_filters (cli, &options, query, error))
    return FALSE;
  accounts = pd_cli_dup_accounts_by_id (cli, error);
  if (accounts == NULL)
    return FALSE;

  pd_query_set_text (query, text);
  query->sort = PD_SORT_DATE;
  query->descending = TRUE;
  if (!pd_store_query_transactions (cli->store, query, &transactions, error))
    return FALSE;

  table = pd_cli_table_new ("results", search_columns, G_N_ELEMENTS (search_columns));
  for (guint i = 0; i < transactions->len; i++)
    {
      const PdTransaction *transaction = g_ptr_array_index (transactions, i);

      pd_cli_table_add_row (table);
      pd_cli_table_set (table, "record", "transaction");
      pd_cli_table_set_int (table, "id", transaction->id);
      pd_cli_table_set_time (table, "created_at", transaction->created_at);
      pd_cli_set_account (table, transaction->account_id, accounts);
      pd_cli_table_set (table, "kind", pd_transaction_kind_to_string (transaction->kind));
      pd_cli_table_set (table, "state", pd_transaction_state_to_string (transaction->state));
      pd_cli_table_set_amount (table, &transaction->amount);
      pd_cli_table_set (table, "name", transaction->customer_name);
      pd_cli_table_set (table, "phone", transaction->phone);
      pd_cli_table_set (table, "email", transaction->email);
      pd_cli_table_set (table, "reference", transaction->reference);
      pd_cli_table_set (table, "provider_id", transaction->provider_id);
    }

  if (!pd_store_list_customers (cli->store, query->account_id, &customers, error))
    return FALSE;

  folded = g_utf8_casefold (text, -1);
  for (guint i = 0; i < customers->len && !is_full (query, table); i++)
    {
      const PdCustomer *customer = g_ptr_array_index (customers, i);

      if (!folded_contains (customer->name, folded) && !folded_contains (customer->email, folded) &&
          !folded_contains (customer->phone, folded) && !digits_contain (customer->phone, folded) &&
          !folded_contains (customer->provider_id, folded))
        continue;
      if (!add_filtered_row (table, query, accounts, customer->account_id, customer->created_at))
        continue;

      pd_cli_table_set (table, "record", "customer");
      pd_cli_table_set_int (table, "id", customer->id);
      pd_cli_table_set_time (table, "created_at", customer->created_at);
      pd_cli_table_set (table, "name", customer->name);
      pd_cli_table_set (table, "phone", customer->phone);
      pd_cli_table_set (table, "email", customer->email);
      pd_cli_table_set (table, "provider_id", customer->provider_id);
    }

  return pd_cli_table_print (table, cli->format, error);
}

/* show */

/**
 * pd_cli_find_transaction:
 * @cli: the run
 * @text: a transaction's id, or its provider id in any account
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the transaction
 */
PdTransaction *
pd_cli_find_transaction (PdCli       *cli,
                         const char  *text,
                         GError     **error)
{
  g_autoptr(GPtrArray) accounts = NULL;
  gint64 id;

  if (g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, &id, NULL))
    {
      g_autoptr(GError) local_error = NULL;
      PdTransaction *transaction = pd_store_get_transaction (cli->store, id, &local_error);

      if (transaction != NULL)
        return transaction;
      if (!g_error_matches (local_error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  if (!pd_store_list_accounts (cli->store, &accounts, error))
    return NULL;

  for (guint i = 0; i < accounts->len; i++)
    {
      const PdAccount *account = g_ptr_array_index (accounts, i);

      for (guint kind = 0; kind < PD_TRANSACTION_KIND_COUNT; kind++)
        {
          g_autoptr(GError) local_error = NULL;
          PdTransaction *transaction = pd_store_find_transaction (cli->store, account->id, kind, text,
                                                                  &local_error);

          if (transaction != NULL)
            return transaction;
          if (!g_error_matches (local_error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
        }
    }

  g_set_error (error, PD_CLI_ERROR, PD_CLI_ERROR_NOT_FOUND,
               _("There is no transaction “%s” (give its id, as “paydesk-cli list” shows it, or the "
                 "provider’s id)"), text);
  return NULL;
}

/**
 * pd_cli_show_command:
 * @cli: the run
 * @argc: the arguments' count
 * @argv: `show` and the transaction's id
 * @error: return location for an error
 *
 * `paydesk-cli show ID`: every field of a transaction, its refunds, and
 * with `--json` the provider's own JSON of it (as the store keeps it,
 * redacted).
 *
 * Returns: %TRUE on success
 */
gboolean
pd_cli_show_command (PdCli   *cli,
                     int      argc,
                     char   **argv,
                     GError **error)
{
  gboolean help_shown = FALSE;
  g_autoptr(PdTransaction) transaction = NULL;
  g_autoptr(GHashTable) accounts = NULL;
  g_autoptr(GPtrArray) refunds = NULL;
  g_autoptr(PdCliTable) table = NULL;
  PdCliTable *refund_table;

  if (!pd_cli_parse_command (_("show ID"),
                             _("Shows one transaction whole, with its refunds; with --json also the "
                               "provider’s own JSON of it, as “raw”."),
                             NULL, -1, &argc, &argv, &help_shown, error))
    return help_shown;

  if (argc != 2)
    return pd_cli_usage_error (error, _("show needs one transaction id"));

  transaction = pd_cli_find_transaction (cli, argv[1], error);
  if (transaction == NULL)
    return FALSE;

  accounts = pd_cli_dup_accounts_by_id (cli, error);
  if (accounts == NULL)
    return FALSE;

  table = pd_cli_transactions_table_new ("transaction");
  pd_cli_table_set_single (table, TRUE);
  pd_cli_add_transaction (table, transaction, accounts);

  if (transaction->raw_json != NULL)
    {
      g_autoptr(GError) parse_error = NULL;
      JsonNode *raw = pd_json_parse (transaction->raw_json, -1, &parse_error);

      /* What the store keeps was read as JSON when it was stored; should
       * it not parse now, it is given as text rather than left out. */
      if (raw == NULL)
        {
          raw = json_node_new (JSON_NODE_VALUE);
          json_node_set_string (raw, transaction->raw_json);
        }
      pd_cli_table_set_json (table, "raw", raw);
    }
  else
    pd_cli_table_set_json (table, "raw", NULL);

  if (transaction->kind != PD_TRANSACTION_KIND_REFUND)
    {
      if (!pd_store_list_refunds (cli->store, transaction->account_id, transaction->provider_id, &refunds, error))
        return FALSE;

      refund_table = pd_cli_transactions_table_new ("refunds");
      pd_cli_table_set_title (refund_table, _("Refunds:"));
      for (guint i = 0; i < refunds->len; i++)
        pd_cli_add_transaction (refund_table, g_ptr_array_index (refunds, i), accounts);
      pd_cli_table_add_child (table, refund_table);
    }

  return pd_cli_table_print (table, cli->format, error);
}

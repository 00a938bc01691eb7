/* pd-statement.c - a statement: opening balance, entries, totals, closing balance
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pd-statement.h"
#include "pd-store-export.h"

/*
 * A statement is built in two steps. pd_statement_new() reads the accounts
 * and the balances at the start of the period, which takes a few small
 * queries; pd_statement_foreach_line() then walks the period's rows once,
 * straight from the database, keeps a running balance per section and hands
 * each line out, so that a million lines never sit in memory.
 *
 * The source of an account's statement:
 *
 * - An account with entries of the provider's own statement (ZengaPay) uses
 *   them: entries, wallets and running balances are the provider's. Each
 *   wallet is a section. Where the balances do not chain the line is
 *   flagged (PdStatementBreak) and the provider's balance is still the one
 *   shown; the section's difference says by how much the closing balance
 *   is not explained by its lines.
 *
 * - Every other account's statement is derived from its transactions, one
 *   section per currency. Credits: charge, collection, payment (money the
 *   merchant takes in). Debits: refund, disbursement, transfer, payout
 *   (money sent out), and vend, bill and top-up, which the merchant pays
 *   out of the account's balance (PawaCard's vendor float, EnayaPay's
 *   card). A transaction's fee is its own figure, taken from the balance.
 *   The opening balance is the sum of every stored transaction before the
 *   period, so it is only as complete as what Paydesk has stored.
 *
 * Only what moved money is a line: transactions that succeeded (also when
 * later refunded: the refund is its own line), and provider entries whose
 * status is not pending, failed or indeterminate. Those are counted in the
 * section's n_unposted instead. The provider's pending lines carry the
 * wallet's current balance, which would break the chain where they sort by
 * date, so they are not checked either.
 */

G_DEFINE_QUARK (pd-statement-error-quark, pd_statement_error)

typedef struct _Section Section;

typedef struct
{
  PdAccount         *account;
  GTimeZone         *time_zone;
  char              *time_zone_name;
  PdStatementSource  source;
  guint              order;
  GPtrArray         *sections;
  Section           *last;
} AccountInfo;

struct _Section
{
  PdStatementSection  pub;
  AccountInfo        *info;
  char               *wallet_code;
  gboolean            opening_known;
  PdMoney             known_opening;
  gboolean            has_running;
  PdMoney             running;
};

struct _PdStatement
{
  PdStore   *store;
  gint64     account_id;
  gint64     from;
  gint64     to;
  GPtrArray *accounts;
  GPtrArray *sections;
};

static void
account_info_free (AccountInfo *info)
{
  pd_account_free (info->account);
  g_time_zone_unref (info->time_zone);
  g_free (info->time_zone_name);
  g_ptr_array_unref (info->sections);
  g_free (info);
}

static void
section_free (Section *section)
{
  g_free (section->wallet_code);
  g_free (section);
}

static PdMoney
zero (const char *currency)
{
  PdMoney money;

  pd_money_init (&money, 0, 0, currency);

  return money;
}

static gboolean
state_is_posted (PdTransactionState state)
{
  return state == PD_TRANSACTION_STATE_SUCCEEDED ||
         state == PD_TRANSACTION_STATE_REFUNDED ||
         state == PD_TRANSACTION_STATE_PARTIALLY_REFUNDED;
}

/* A provider's status word as one of the normalized states ("SUCCEEDED"
 * is succeeded); FALSE when it is none of them. */
static gboolean
entry_status_state (const char         *status,
                    PdTransactionState *state_out)
{
  char lower[32];
  gsize i;

  if (status == NULL)
    return FALSE;

  for (i = 0; status[i] != '\0'; i++)
    {
      if (i + 1 >= sizeof lower)
        return FALSE;
      lower[i] = g_ascii_tolower (status[i]);
    }
  lower[i] = '\0';

  return pd_transaction_state_from_string (lower, state_out);
}

/**
 * pd_statement_kind_direction:
 * @kind: a transaction kind
 *
 * Tells how a transaction of @kind moves the balance of a statement derived
 * from transactions: charges, collections and payments are credits; refunds,
 * disbursements, transfers, payouts, vends, bills and top-ups are debits.
 *
 * Returns: the direction
 */
PdStatementDirection
pd_statement_kind_direction (PdTransactionKind kind)
{
  switch (kind)
    {
    case PD_TRANSACTION_KIND_CHARGE:
    case PD_TRANSACTION_KIND_COLLECTION:
    case PD_TRANSACTION_KIND_PAYMENT:
      return PD_STATEMENT_DIRECTION_CREDIT;

    case PD_TRANSACTION_KIND_VEND:
    case PD_TRANSACTION_KIND_BILL:
    case PD_TRANSACTION_KIND_TOPUP:
    case PD_TRANSACTION_KIND_REFUND:
    case PD_TRANSACTION_KIND_DISBURSEMENT:
    case PD_TRANSACTION_KIND_TRANSFER:
    case PD_TRANSACTION_KIND_PAYOUT:
    default:
      return PD_STATEMENT_DIRECTION_DEBIT;
    }
}

/**
 * pd_statement_split_wallet:
 * @wallet_code: (nullable): a provider's wallet code, such as `UGX-ATLMM`
 * @currency_out: (out caller-allocates): the ISO currency of the code
 *   (`UGX`), upper case; empty when the code has none
 * @wallet_out: (out) (transfer none) (nullable): the wallet without its
 *   currency (`ATLMM`), pointing into @wallet_code; the whole code when it
 *   has no currency prefix
 *
 * Splits a wallet code of the form `CUR-WALLET`.
 *
 * Returns: %TRUE if the code starts with a currency
 */
gboolean
pd_statement_split_wallet (const char  *wallet_code,
                           char         currency_out[4],
                           const char **wallet_out)
{
  g_return_val_if_fail (currency_out != NULL, FALSE);
  g_return_val_if_fail (wallet_out != NULL, FALSE);

  currency_out[0] = '\0';
  *wallet_out = wallet_code;

  if (wallet_code == NULL ||
      !g_ascii_isalpha (wallet_code[0]) || !g_ascii_isalpha (wallet_code[1]) ||
      !g_ascii_isalpha (wallet_code[2]) || wallet_code[3] != '-' || wallet_code[4] == '\0')
    return FALSE;

  for (guint i = 0; i < 3; i++)
    currency_out[i] = g_ascii_toupper (wallet_code[i]);
  currency_out[3] = '\0';
  *wallet_out = wallet_code + 4;

  return TRUE;
}

/**
 * pd_statement_source_to_string:
 * @source: a source
 *
 * Returns: `provider` or `derived`, the stable strings of the CSV export
 */
const char *
pd_statement_source_to_string (PdStatementSource source)
{
  return source == PD_STATEMENT_SOURCE_PROVIDER ? "provider" : "derived";
}

/**
 * pd_statement_break_to_string:
 * @breaks: #PdStatementBreak flags
 *
 * Returns: the stable text of the flags for machines: "" when there are
 *   none, else `link`, `amount` or `link+amount`
 */
const char *
pd_statement_break_to_string (guint breaks)
{
  switch (breaks & (PD_STATEMENT_BREAK_LINK | PD_STATEMENT_BREAK_AMOUNT))
    {
    case PD_STATEMENT_BREAK_LINK:
      return "link";
    case PD_STATEMENT_BREAK_AMOUNT:
      return "amount";
    case PD_STATEMENT_BREAK_LINK | PD_STATEMENT_BREAK_AMOUNT:
      return "link+amount";
    default:
      return "";
    }
}

static gboolean
money_step (PdMoney        *total,
            const PdMoney  *amount,
            gboolean        subtract,
            const Section  *section,
            GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  ok = subtract ? pd_money_subtract (total, amount, total, &local_error)
                : pd_money_add (total, amount, total, &local_error);
  if (ok)
    return TRUE;

  g_set_error (error, PD_STATEMENT_ERROR,
               local_error->code == PD_MONEY_ERROR_CURRENCY ? PD_STATEMENT_ERROR_CURRENCY
                                                            : PD_STATEMENT_ERROR_OVERFLOW,
               _("The %s statement of “%s” cannot be added up: %s"),
               section->pub.currency, section->pub.account->label, local_error->message);
  return FALSE;
}

static void reset_section (Section *section);

static Section *
find_section (PdStatement *self,
              AccountInfo *info,
              const char  *currency,
              const char  *wallet_code)
{
  Section *section = info->last;
  char prefix[4];

  if (section != NULL && strcmp (section->pub.currency, currency) == 0 &&
      g_strcmp0 (section->wallet_code, wallet_code) == 0)
    return section;

  for (guint i = 0; i < info->sections->len; i++)
    {
      section = g_ptr_array_index (info->sections, i);
      if (strcmp (section->pub.currency, currency) == 0 &&
          g_strcmp0 (section->wallet_code, wallet_code) == 0)
        {
          info->last = section;
          return section;
        }
    }

  section = g_new0 (Section, 1);
  section->info = info;
  section->wallet_code = g_strdup (wallet_code);
  section->pub.account = info->account;
  section->pub.time_zone = info->time_zone;
  section->pub.time_zone_name = info->time_zone_name;
  g_strlcpy (section->pub.currency, currency, sizeof section->pub.currency);
  section->pub.wallet_code = section->wallet_code;
  /* "UGX-ATLMM" in UGX is the wallet "ATLMM"; a code whose prefix is not
   * the entry's currency stays whole rather than say something false. */
  if (pd_statement_split_wallet (section->wallet_code, prefix, &section->pub.wallet) &&
      strcmp (prefix, currency) != 0)
    section->pub.wallet = section->wallet_code;
  section->pub.source = info->source;
  section->known_opening = zero (currency);
  reset_section (section);

  g_ptr_array_add (self->sections, section);
  g_ptr_array_add (info->sections, section);
  info->last = section;

  return section;
}

static void
reset_section (Section *section)
{
  const char *currency = section->pub.currency;

  section->pub.opening = section->opening_known ? section->known_opening : zero (currency);
  section->pub.credits = zero (currency);
  section->pub.debits = zero (currency);
  section->pub.fees = zero (currency);
  section->pub.closing = section->pub.opening;
  section->pub.difference = zero (currency);
  section->pub.n_lines = 0;
  section->pub.n_breaks = 0;
  section->pub.n_unposted = 0;
  section->running = section->pub.opening;
  /* A provider wallet seen first in the period opens at its first line's
   * balance before. */
  section->has_running = section->opening_known ||
                         section->pub.source == PD_STATEMENT_SOURCE_DERIVED;
}

static void
reset_sections (PdStatement *self)
{
  for (guint i = 0; i < self->sections->len; i++)
    reset_section (g_ptr_array_index (self->sections, i));
}

static int
compare_sections (gconstpointer a,
                  gconstpointer b)
{
  const Section *section_a = *(const Section **)a;
  const Section *section_b = *(const Section **)b;
  int result;

  if (section_a->info->order != section_b->info->order)
    return section_a->info->order < section_b->info->order ? -1 : 1;

  result = strcmp (section_a->pub.currency, section_b->pub.currency);
  if (result != 0)
    return result;

  return g_strcmp0 (section_a->wallet_code, section_b->wallet_code);
}

static gboolean
finish_sections (PdStatement  *self,
                 GError      **error)
{
  for (guint i = 0; i < self->sections->len; i++)
    {
      Section *section = g_ptr_array_index (self->sections, i);
      PdMoney expected = section->pub.opening;

      section->pub.closing = section->has_running ? section->running : section->pub.opening;

      if (!money_step (&expected, &section->pub.credits, FALSE, section, error) ||
          !money_step (&expected, &section->pub.debits, TRUE, section, error) ||
          !money_step (&expected, &section->pub.fees, TRUE, section, error))
        return FALSE;

      section->pub.difference = section->pub.closing;
      if (!money_step (&section->pub.difference, &expected, TRUE, section, error))
        return FALSE;
    }

  g_ptr_array_sort (self->sections, compare_sections);

  return TRUE;
}

/* Opening balances */

typedef struct
{
  PdStatement *self;
  AccountInfo *info;
  GPtrArray   *wallets;
  Section     *section;
  PdMoney      sum;
} OpeningWalk;

static gboolean
collect_wallet (const PdStoreStatementRow  *row,
                gpointer                    user_data,
                GError                    **error)
{
  OpeningWalk *walk = user_data;

  g_ptr_array_add (walk->wallets, g_strdup (row->wallet));

  return TRUE;
}

/* Newest first: the wallet's last posted line before the period that says
 * its balance after gives the opening, plus whatever came after it without
 * a balance. */
static gboolean
walk_back_to_balance (const PdStoreStatementRow  *row,
                      gpointer                    user_data,
                      GError                    **error)
{
  OpeningWalk *walk = user_data;
  PdTransactionState state;

  if (entry_status_state (row->status, &state) && !state_is_posted (state))
    return TRUE;

  if (walk->section == NULL)
    {
      walk->section = find_section (walk->self, walk->info, row->amount.currency, row->wallet);
      walk->sum = zero (row->amount.currency);
    }

  if (pd_money_is_set (&row->balance_after) &&
      strcmp (row->balance_after.currency, walk->section->pub.currency) == 0)
    {
      /* Found: stop here, with an error only if the sum does not fit. */
      money_step (&walk->sum, &row->balance_after, FALSE, walk->section, error);
      return FALSE;
    }

  return money_step (&walk->sum, &row->amount,
                     row->direction == PD_STATEMENT_DIRECTION_DEBIT, walk->section, error);
}

static gboolean
add_transaction_sum (const PdStoreStatementRow  *row,
                     gpointer                    user_data,
                     GError                    **error)
{
  OpeningWalk *walk = user_data;
  Section *section;

  if (!state_is_posted (row->state))
    return TRUE;

  section = find_section (walk->self, walk->info, row->amount.currency, NULL);
  section->opening_known = TRUE;

  if (!money_step (&section->known_opening, &row->amount,
                   pd_statement_kind_direction (row->kind) == PD_STATEMENT_DIRECTION_DEBIT,
                   section, error))
    return FALSE;

  if (pd_money_is_set (&row->fee) && row->fee.units != 0)
    {
      if (strcmp (row->fee.currency, section->pub.currency) != 0)
        {
          g_set_error (error, PD_STATEMENT_ERROR, PD_STATEMENT_ERROR_CURRENCY,
                       _("Transactions of “%s” in %s carry fees in %s; such a statement "
                         "cannot be made"),
                       section->pub.account->label, section->pub.currency, row->fee.currency);
          return FALSE;
        }
      return money_step (&section->known_opening, &row->fee, TRUE, section, error);
    }

  return TRUE;
}

static gboolean
load_openings (PdStatement  *self,
               AccountInfo  *info,
               GError      **error)
{
  OpeningWalk walk = { self, info, NULL, NULL, { 0 } };
  g_autoptr(GPtrArray) wallets = NULL;

  /* No start: everything is in the period, and there is nothing before. */
  if (self->from == 0)
    return TRUE;

  if (info->source == PD_STATEMENT_SOURCE_DERIVED)
    return pd_store_foreach_transaction_sum (self->store, info->account->id, self->from,
                                             add_transaction_sum, &walk, error);

  wallets = g_ptr_array_new_with_free_func (g_free);
  walk.wallets = wallets;
  if (!pd_store_foreach_wallet_before (self->store, info->account->id, self->from,
                                       collect_wallet, &walk, error))
    return FALSE;

  for (guint i = 0; i < wallets->len; i++)
    {
      walk.section = NULL;

      if (!pd_store_foreach_entry_backwards (self->store, info->account->id,
                                             g_ptr_array_index (wallets, i), self->from,
                                             walk_back_to_balance, &walk, error))
        return FALSE;

      /* Only failed and pending lines before the period: none moved money. */
      if (walk.section == NULL)
        continue;

      walk.section->opening_known = TRUE;
      walk.section->known_opening = walk.sum;
    }

  return TRUE;
}

static AccountInfo *
account_info_new (PdAccount *account,
                  guint      order)
{
  AccountInfo *info = g_new0 (AccountInfo, 1);

  info->account = account;
  info->order = order;
  info->sections = g_ptr_array_new ();
  if (account->timezone != NULL)
    info->time_zone = g_time_zone_new_identifier (account->timezone);
  if (info->time_zone != NULL)
    {
      info->time_zone_name = g_strdup (account->timezone);
    }
  else
    {
      info->time_zone = g_time_zone_new_utc ();
      info->time_zone_name = g_strdup ("UTC");
    }

  return info;
}

/**
 * pd_statement_new:
 * @store: the store to read
 * @account_id: the account; 0 for every account (one after the other)
 * @from: the start of the period (Unix seconds, included); 0 for the
 *   beginning of the records
 * @to: the end of the period (Unix seconds, excluded); 0 for no end
 * @error: return location for a #PD_STATEMENT_ERROR or a #PD_STORE_ERROR
 *
 * Prepares the statement of an account, or of all accounts, for the
 * period [@from, @to): reads the accounts, decides for each whether its
 * statement is the provider's or derived from its transactions, and works
 * out the opening balances. The lines are read by
 * pd_statement_foreach_line().
 *
 * The statement keeps a reference to @store, and uses it from the thread
 * that calls its functions; for a long export on a worker thread, give it
 * a #PdStore of its own.
 *
 * Returns: (transfer full) (nullable): the statement, or %NULL with @error
 *   set (%PD_STORE_ERROR_NOT_FOUND for an unknown account)
 */
PdStatement *
pd_statement_new (PdStore  *store,
                  gint64    account_id,
                  gint64    from,
                  gint64    to,
                  GError  **error)
{
  g_autoptr(PdStatement) self = NULL;
  g_autoptr(GPtrArray) accounts = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (account_id >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (from != 0 && to != 0 && from >= to)
    {
      g_set_error (error, PD_STATEMENT_ERROR, PD_STATEMENT_ERROR_INVALID,
                   _("The statement period ends before it starts"));
      return NULL;
    }

  self = g_new0 (PdStatement, 1);
  self->store = g_object_ref (store);
  self->account_id = account_id;
  self->from = from;
  self->to = to;
  self->accounts = g_ptr_array_new_with_free_func ((GDestroyNotify)account_info_free);
  self->sections = g_ptr_array_new_with_free_func ((GDestroyNotify)section_free);

  if (account_id != 0)
    {
      PdAccount *account = pd_store_get_account (store, account_id, error);

      if (account == NULL)
        return NULL;
      accounts = g_ptr_array_new ();
      g_ptr_array_add (accounts, account);
    }
  else
    {
      if (!pd_store_list_accounts (store, &accounts, error))
        return NULL;
      /* The infos take the accounts over. */
      g_ptr_array_set_free_func (accounts, NULL);
    }

  for (guint i = 0; i < accounts->len; i++)
    g_ptr_array_add (self->accounts, account_info_new (g_ptr_array_index (accounts, i), i));

  for (guint i = 0; i < self->accounts->len; i++)
    {
      AccountInfo *info = g_ptr_array_index (self->accounts, i);
      guint64 n_entries = 0;

      if (!pd_store_count_statement_entries (store, info->account->id, &n_entries, error))
        return NULL;
      info->source = n_entries > 0 ? PD_STATEMENT_SOURCE_PROVIDER : PD_STATEMENT_SOURCE_DERIVED;

      if (!load_openings (self, info, error))
        return NULL;
    }

  reset_sections (self);
  if (!finish_sections (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * pd_statement_free:
 * @self: (nullable): a statement
 *
 * Frees the statement; its sections and accounts go with it.
 */
void
pd_statement_free (PdStatement *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_free (self);
}

/**
 * pd_statement_get_store:
 * @self: a statement
 *
 * Returns: (transfer none): the store it reads
 */
PdStore *
pd_statement_get_store (PdStatement *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->store;
}

/**
 * pd_statement_get_account_id:
 * @self: a statement
 *
 * Returns: the account asked for, 0 for all accounts
 */
gint64
pd_statement_get_account_id (PdStatement *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->account_id;
}

/**
 * pd_statement_get_from:
 * @self: a statement
 *
 * Returns: the start of the period (Unix seconds, included), 0 for none
 */
gint64
pd_statement_get_from (PdStatement *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->from;
}

/**
 * pd_statement_get_to:
 * @self: a statement
 *
 * Returns: the end of the period (Unix seconds, excluded), 0 for none
 */
gint64
pd_statement_get_to (PdStatement *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->to;
}

/**
 * pd_statement_get_n_accounts:
 * @self: a statement
 *
 * Returns: how many accounts the statement covers
 */
guint
pd_statement_get_n_accounts (PdStatement *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->accounts->len;
}

/**
 * pd_statement_get_account:
 * @self: a statement
 * @index: an index below pd_statement_get_n_accounts()
 *
 * Returns: (transfer none): the account, in the store's order
 */
const PdAccount *
pd_statement_get_account (PdStatement *self,
                          guint        index)
{
  AccountInfo *info;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->accounts->len, NULL);

  info = g_ptr_array_index (self->accounts, index);

  return info->account;
}

/**
 * pd_statement_get_n_sections:
 * @self: a statement
 *
 * Returns: how many sections the statement has; final once
 *   pd_statement_foreach_line() returned
 */
guint
pd_statement_get_n_sections (PdStatement *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->sections->len;
}

/**
 * pd_statement_get_section:
 * @self: a statement
 * @index: an index below pd_statement_get_n_sections()
 *
 * Sections come by account, then currency, then wallet.
 *
 * Returns: (transfer none): the section
 */
const PdStatementSection *
pd_statement_get_section (PdStatement *self,
                          guint        index)
{
  Section *section;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->sections->len, NULL);

  section = g_ptr_array_index (self->sections, index);

  return &section->pub;
}

/* The walk over the period */

typedef struct
{
  PdStatement         *self;
  AccountInfo         *info;
  PdStatementLineFunc  func;
  gpointer             user_data;
} LineWalk;

/* A balance the provider gave in the section's currency; a balance in
 * another currency cannot be compared, and counts as a break. */
static gboolean
usable_balance (const PdMoney *balance,
                const Section *section,
                gboolean      *mismatch)
{
  if (!pd_money_is_set (balance))
    return FALSE;

  if (strcmp (balance->currency, section->pub.currency) != 0)
    {
      *mismatch = TRUE;
      return FALSE;
    }

  return TRUE;
}

static void
count_line (Section               *section,
            const PdStatementLine *line)
{
  section->pub.n_lines++;
  if (line->breaks != 0)
    section->pub.n_breaks++;
}

static gboolean
on_entry (const PdStoreStatementRow  *row,
          gpointer                    user_data,
          GError                    **error)
{
  LineWalk *walk = user_data;
  Section *section = find_section (walk->self, walk->info, row->amount.currency, row->wallet);
  PdStatementLine line;
  PdTransactionState state;
  gboolean known_state = entry_status_state (row->status, &state);
  gboolean before_mismatch = FALSE;
  gboolean after_mismatch = FALSE;
  gboolean has_before;
  gboolean has_after;
  gboolean debit = row->direction == PD_STATEMENT_DIRECTION_DEBIT;
  PdMoney expected;

  if (known_state && !state_is_posted (state))
    {
      section->pub.n_unposted++;
      return TRUE;
    }

  memset (&line, 0, sizeof line);
  line.section = &section->pub;
  line.created_at = row->created_at;
  line.provider_id = row->provider_id;
  line.reference = row->reference;
  line.type = row->type;
  line.state = known_state ? pd_transaction_state_to_string (state) : row->status;
  line.counterparty = row->counterparty;
  line.description = row->description;
  line.direction = row->direction;
  line.is_fee = debit && row->type != NULL && g_ascii_strcasecmp (row->type, "CHARGES") == 0;
  line.amount = row->amount;

  has_before = usable_balance (&row->balance_before, section, &before_mismatch);
  has_after = usable_balance (&row->balance_after, section, &after_mismatch);

  if (!section->has_running)
    {
      section->running = has_before ? row->balance_before : zero (section->pub.currency);
      section->pub.opening = section->running;
      section->has_running = TRUE;
    }
  else if (before_mismatch ||
           (has_before && !pd_money_equal (&row->balance_before, &section->running)))
    {
      line.breaks |= PD_STATEMENT_BREAK_LINK;
    }

  expected = has_before ? row->balance_before : section->running;
  if (!money_step (&expected, &row->amount, debit, section, error))
    return FALSE;

  if (after_mismatch || (has_after && !pd_money_equal (&row->balance_after, &expected)))
    line.breaks |= PD_STATEMENT_BREAK_AMOUNT;

  /* The provider's balance is the statement's, chained or not. */
  section->running = has_after ? row->balance_after : expected;
  line.balance = section->running;

  if (!debit)
    {
      if (!money_step (&section->pub.credits, &row->amount, FALSE, section, error))
        return FALSE;
    }
  else if (!money_step (line.is_fee ? &section->pub.fees : &section->pub.debits,
                        &row->amount, FALSE, section, error))
    {
      return FALSE;
    }

  count_line (section, &line);

  return walk->func == NULL || walk->func (&line, walk->user_data, error);
}

static gboolean
on_transaction (const PdStoreStatementRow  *row,
                gpointer                    user_data,
                GError                    **error)
{
  LineWalk *walk = user_data;
  Section *section = find_section (walk->self, walk->info, row->amount.currency, NULL);
  PdStatementLine line;
  gboolean debit;

  if (!state_is_posted (row->state))
    {
      section->pub.n_unposted++;
      return TRUE;
    }

  memset (&line, 0, sizeof line);
  line.section = &section->pub;
  line.created_at = row->created_at;
  line.provider_id = row->provider_id;
  line.reference = row->reference;
  line.type = row->type;
  line.state = row->status;
  line.counterparty = row->counterparty != NULL ? row->counterparty
                      : row->customer_name != NULL ? row->customer_name
                      : row->phone;
  line.description = row->description;
  line.direction = pd_statement_kind_direction (row->kind);
  line.amount = row->amount;
  debit = line.direction == PD_STATEMENT_DIRECTION_DEBIT;

  if (!money_step (&section->running, &row->amount, debit, section, error) ||
      !money_step (debit ? &section->pub.debits : &section->pub.credits, &row->amount, FALSE,
                   section, error))
    return FALSE;

  if (pd_money_is_set (&row->fee) && row->fee.units != 0)
    {
      if (strcmp (row->fee.currency, section->pub.currency) != 0)
        {
          g_set_error (error, PD_STATEMENT_ERROR, PD_STATEMENT_ERROR_CURRENCY,
                       _("Transaction %s of “%s” is in %s but its fee is in %s; such a "
                         "statement cannot be made"),
                       row->provider_id, section->pub.account->label, section->pub.currency,
                       row->fee.currency);
          return FALSE;
        }

      line.fee = row->fee;
      if (!money_step (&section->running, &row->fee, TRUE, section, error) ||
          !money_step (&section->pub.fees, &row->fee, FALSE, section, error))
        return FALSE;
    }

  line.balance = section->running;
  count_line (section, &line);

  return walk->func == NULL || walk->func (&line, walk->user_data, error);
}

/**
 * pd_statement_foreach_line:
 * @self: a statement
 * @func: (nullable) (scope call): called for each line; %NULL to only add
 *   up the sections
 * @user_data: data for @func
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #PD_STATEMENT_ERROR, a #PD_STORE_ERROR, a
 *   #G_IO_ERROR_CANCELLED, or the error @func set
 *
 * Walks the period's lines, account by account and in date order within an
 * account (the wallets and currencies of one account interleave; each line
 * says its section). Each line carries the running balance of its section,
 * and the sections' totals and closing balances are final when this
 * returns. Rows are read straight from the database, one at a time.
 *
 * It may be called again: each walk starts from the opening balances.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_statement_foreach_line (PdStatement          *self,
                           PdStatementLineFunc   func,
                           gpointer              user_data,
                           GCancellable         *cancellable,
                           GError              **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  reset_sections (self);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      AccountInfo *info = g_ptr_array_index (self->accounts, i);
      LineWalk walk = { self, info, func, user_data };
      gboolean ok;

      if (info->source == PD_STATEMENT_SOURCE_PROVIDER)
        ok = pd_store_foreach_statement_entry (self->store, info->account->id,
                                               self->from, self->to,
                                               on_entry, &walk, cancellable, error);
      else
        ok = pd_store_foreach_statement_transaction (self->store, info->account->id,
                                                     self->from, self->to,
                                                     on_transaction, &walk, cancellable, error);
      if (!ok)
        return FALSE;
    }

  return finish_sections (self, error);
}

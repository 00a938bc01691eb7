/* pd-zengapay-statement.c - ZengaPay statement filters and the running-balance check
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Every line of a ZengaPay statement carries the wallet's balance before
 * and after it. Read in the order ZengaPay lists them (the order they moved
 * the balance), each line of a wallet must start where the wallet's line
 * before it ended, and end where its own amount takes it. The document's
 * own example does not (HACKING.md, "Provider readings" → ZengaPay): the
 * client stores the balances exactly as given and reports every place
 * where they do not add up, so that an accountant sees it instead of a
 * silently wrong running total.
 *
 * The check needs the statement's own order, which the store does not keep
 * (a line that was pending moves when it settles), so it runs on the pages
 * as they arrive, carrying each wallet's last balance from page to page.
 */

#include <glib/gi18n-lib.h>

#include "pd-zengapay-statement.h"

/* How far back the audit trail is searched for a break already recorded,
 * so that syncing the same statement again adds no second warning. */
#define RECENT_ACTIVITY 5000

/* Filters */

G_DEFINE_BOXED_TYPE (PdZengapayStatementFilter, pd_zengapay_statement_filter,
                     pd_zengapay_statement_filter_copy, pd_zengapay_statement_filter_free)

/**
 * pd_zengapay_statement_filter_new:
 *
 * Returns: (transfer full): a filter that keeps every line
 */
PdZengapayStatementFilter *
pd_zengapay_statement_filter_new (void)
{
  return g_new0 (PdZengapayStatementFilter, 1);
}

/**
 * pd_zengapay_statement_filter_copy:
 * @self: a filter
 *
 * Returns: (transfer full): a copy of @self
 */
PdZengapayStatementFilter *
pd_zengapay_statement_filter_copy (const PdZengapayStatementFilter *self)
{
  PdZengapayStatementFilter *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = pd_zengapay_statement_filter_new ();
  copy->start = self->start != NULL ? g_date_time_ref (self->start) : NULL;
  copy->end = self->end != NULL ? g_date_time_ref (self->end) : NULL;
  copy->status = g_strdup (self->status);
  copy->currency_code = g_strdup (self->currency_code);
  copy->designation = g_strdup (self->designation);
  copy->limit = self->limit;

  return copy;
}

/**
 * pd_zengapay_statement_filter_free:
 * @self: (nullable): a filter
 *
 * Frees @self.
 */
void
pd_zengapay_statement_filter_free (PdZengapayStatementFilter *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->start, g_date_time_unref);
  g_clear_pointer (&self->end, g_date_time_unref);
  g_free (self->status);
  g_free (self->currency_code);
  g_free (self->designation);
  g_free (self);
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

/**
 * pd_zengapay_statement_filter_is_empty:
 * @self: (nullable): a filter
 *
 * Whether @self keeps every line of the statement (its page size aside).
 *
 * Returns: %TRUE when nothing is filtered out
 */
gboolean
pd_zengapay_statement_filter_is_empty (const PdZengapayStatementFilter *self)
{
  return self == NULL ||
         (self->start == NULL && self->end == NULL && is_blank (self->status) &&
          is_blank (self->currency_code) && is_blank (self->designation));
}

/**
 * pd_zengapay_statement_filter_keeps_chain:
 * @self: (nullable): a filter
 *
 * Whether the lines @self keeps still chain: each wallet's lines are all
 * there, so that one line's balance before must be the balance after the
 * line before it. Only the wallet filter (`currency_code`) and the page
 * size keep that; a date, status or designation filter leaves gaps (the
 * CHARGES lines between TRANSACTION lines, for example), and the running
 * balance is not checked.
 *
 * Returns: %TRUE when the running balances can be checked
 */
gboolean
pd_zengapay_statement_filter_keeps_chain (const PdZengapayStatementFilter *self)
{
  return self == NULL ||
         (self->start == NULL && self->end == NULL && is_blank (self->status) &&
          is_blank (self->designation));
}

/* Breaks */

G_DEFINE_BOXED_TYPE (PdZengapayChainBreak, pd_zengapay_chain_break,
                     pd_zengapay_chain_break_copy, pd_zengapay_chain_break_free)

/**
 * pd_zengapay_chain_break_copy:
 * @self: a break
 *
 * Returns: (transfer full): a copy of @self
 */
PdZengapayChainBreak *
pd_zengapay_chain_break_copy (const PdZengapayChainBreak *self)
{
  PdZengapayChainBreak *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (PdZengapayChainBreak, 1);
  copy->kind = self->kind;
  copy->wallet = g_strdup (self->wallet);
  copy->entry_id = g_strdup (self->entry_id);
  copy->previous_id = g_strdup (self->previous_id);
  copy->expected = self->expected;
  copy->found = self->found;

  return copy;
}

/**
 * pd_zengapay_chain_break_free:
 * @self: (nullable): a break
 *
 * Frees @self.
 */
void
pd_zengapay_chain_break_free (PdZengapayChainBreak *self)
{
  if (self == NULL)
    return;

  g_free (self->wallet);
  g_free (self->entry_id);
  g_free (self->previous_id);
  g_free (self);
}

/**
 * pd_zengapay_chain_break_describe:
 * @self: a break
 *
 * Says what is wrong in a sentence for the merchant or the accountant.
 *
 * Returns: (transfer full): the sentence
 */
char *
pd_zengapay_chain_break_describe (const PdZengapayChainBreak *self)
{
  g_autofree char *expected = NULL;
  g_autofree char *found = NULL;
  g_autofree char *gap = NULL;
  PdMoney difference;

  g_return_val_if_fail (self != NULL, NULL);

  expected = pd_money_format (&self->expected);
  found = pd_money_format (&self->found);
  if (pd_money_subtract (&self->found, &self->expected, &difference, NULL))
    gap = pd_money_format (&difference);

  if (self->kind == PD_ZENGAPAY_CHAIN_BREAK_AMOUNT)
    {
      if (gap == NULL)
        /* Translators: "The UGX-MTNMM statement does not add up: by its own
         * amount, line ZPY… should end at UGX 1,502,327.8, but it ends at
         * UGX 1,502,330." */
        return g_strdup_printf (_("The %s statement does not add up: by its own amount, line %s "
                                  "should end at %s, but it ends at %s."),
                                self->wallet, self->entry_id, expected, found);

      /* Translators: as above, then "The difference is UGX 2.2." */
      return g_strdup_printf (_("The %s statement does not add up: by its own amount, line %s "
                                "should end at %s, but it ends at %s. The difference is %s."),
                              self->wallet, self->entry_id, expected, found, gap);
    }

  if (gap == NULL)
    /* Translators: "The UGX-MTNMM statement does not add up: line ZPY… starts
     * from UGX 1,502,330, but the line before it (ZPY…) ended at
     * UGX 1,502,327.8." */
    return g_strdup_printf (_("The %s statement does not add up: line %s starts from %s, "
                              "but the line before it (%s) ended at %s."),
                            self->wallet, self->entry_id, found, self->previous_id, expected);

  /* Translators: as above, then "The difference is UGX 2.2." */
  return g_strdup_printf (_("The %s statement does not add up: line %s starts from %s, "
                            "but the line before it (%s) ended at %s. The difference is %s."),
                          self->wallet, self->entry_id, found, self->previous_id, expected, gap);
}

/* The check */

typedef struct
{
  char    *last_id;
  PdMoney  last_after;
  gboolean known;
} WalletState;

struct _PdZengapayChain
{
  GHashTable *wallets;
  GHashTable *previous_batch;
};

static void
wallet_state_free (gpointer data)
{
  WalletState *state = data;

  g_free (state->last_id);
  g_free (state);
}

/* Where a line's own amount takes its balance: up or down when it
 * SUCCEEDED, nowhere when it FAILED or is still waiting. */
static gboolean
expected_after (const PdStatementEntry *entry,
                PdMoney                *out)
{
  if (entry->status == NULL || !pd_money_is_set (&entry->amount))
    return FALSE;

  if (g_ascii_strcasecmp (entry->status, "SUCCEEDED") == 0)
    {
      if (entry->direction == PD_STATEMENT_DIRECTION_CREDIT)
        return pd_money_add (&entry->balance_before, &entry->amount, out, NULL);
      return pd_money_subtract (&entry->balance_before, &entry->amount, out, NULL);
    }

  if (g_ascii_strcasecmp (entry->status, "FAILED") == 0 ||
      g_ascii_strcasecmp (entry->status, "PENDING") == 0 ||
      g_ascii_strcasecmp (entry->status, "INDETERMINATE") == 0)
    {
      *out = entry->balance_before;
      return TRUE;
    }

  return FALSE;
}

static PdZengapayChainBreak *
new_break (PdZengapayChainBreakKind  kind,
           const PdStatementEntry   *entry,
           const char               *previous_id,
           const PdMoney            *expected,
           const PdMoney            *found)
{
  PdZengapayChainBreak *broken = g_new0 (PdZengapayChainBreak, 1);

  broken->kind = kind;
  broken->wallet = g_strdup (entry->wallet);
  broken->entry_id = g_strdup (entry->provider_id);
  broken->previous_id = g_strdup (previous_id);
  broken->expected = *expected;
  broken->found = *found;

  return broken;
}

/**
 * pd_zengapay_chain_new:
 *
 * Makes a check of running balances, to be fed a statement's lines in
 * ZengaPay's order, page after page, with pd_zengapay_chain_feed().
 *
 * Returns: (transfer full): a new check
 */
PdZengapayChain *
pd_zengapay_chain_new (void)
{
  PdZengapayChain *self = g_new0 (PdZengapayChain, 1);

  self->wallets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wallet_state_free);
  self->previous_batch = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  return self;
}

/**
 * pd_zengapay_chain_free:
 * @self: (nullable): a check
 *
 * Frees @self.
 */
void
pd_zengapay_chain_free (PdZengapayChain *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->wallets, g_hash_table_unref);
  g_clear_pointer (&self->previous_batch, g_hash_table_unref);
  g_free (self);
}

/**
 * pd_zengapay_chain_feed:
 * @self: a check
 * @entries: (element-type PdStatementEntry): the next lines of the
 *   statement, in ZengaPay's order
 * @breaks: (element-type PdZengapayChainBreak): where to append a
 *   #PdZengapayChainBreak for each line that does not start where its
 *   wallet's line before it ended
 *
 * Checks the next lines: that each starts from the balance its wallet's
 * line before it ended with (%PD_ZENGAPAY_CHAIN_BREAK_LINK), and ends where
 * its own amount takes it — up for a SUCCEEDED credit, down for a SUCCEEDED
 * debit, nowhere for a line that FAILED or is PENDING or INDETERMINATE
 * (%PD_ZENGAPAY_CHAIN_BREAK_AMOUNT). Each wallet is checked on its own; a
 * wallet's first line, and a line after one without balances, start a new
 * chain. A
 * line seen in the batch before (a page-numbered list shifts when new lines
 * are added while it is read, so the start of a page may repeat the end of
 * the one before) is skipped.
 *
 * Returns: how many breaks were appended
 */
guint
pd_zengapay_chain_feed (PdZengapayChain *self,
                        GPtrArray       *entries,
                        GPtrArray       *breaks)
{
  g_autoptr(GHashTable) batch = NULL;
  guint found = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (entries != NULL, 0);
  g_return_val_if_fail (breaks != NULL, 0);

  batch = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      PdStatementEntry *entry = g_ptr_array_index (entries, i);
      WalletState *state;
      PdMoney expected;

      if (entry->provider_id == NULL || entry->wallet == NULL)
        continue;

      if (g_hash_table_contains (self->previous_batch, entry->provider_id) ||
          !g_hash_table_add (batch, g_strdup (entry->provider_id)))
        continue;

      state = g_hash_table_lookup (self->wallets, entry->wallet);
      if (state == NULL)
        {
          state = g_new0 (WalletState, 1);
          g_hash_table_insert (self->wallets, g_strdup (entry->wallet), state);
        }

      if (!pd_money_is_set (&entry->balance_before) || !pd_money_is_set (&entry->balance_after))
        {
          state->known = FALSE;
          continue;
        }

      if (state->known && !pd_money_equal (&state->last_after, &entry->balance_before))
        {
          g_ptr_array_add (breaks, new_break (PD_ZENGAPAY_CHAIN_BREAK_LINK, entry, state->last_id,
                                              &state->last_after, &entry->balance_before));
          found++;
        }

      if (expected_after (entry, &expected) && !pd_money_equal (&expected, &entry->balance_after))
        {
          g_ptr_array_add (breaks, new_break (PD_ZENGAPAY_CHAIN_BREAK_AMOUNT, entry, NULL,
                                              &expected, &entry->balance_after));
          found++;
        }

      state->known = TRUE;
      state->last_after = entry->balance_after;
      g_free (state->last_id);
      state->last_id = g_strdup (entry->provider_id);
    }

  g_hash_table_unref (self->previous_batch);
  self->previous_batch = g_steal_pointer (&batch);

  return found;
}

/**
 * pd_zengapay_check_balance_chain:
 * @entries: (element-type PdStatementEntry): a whole statement, or the part
 *   of it that was read, in ZengaPay's order
 *
 * Checks that each wallet's running balance chains, as
 * pd_zengapay_chain_feed() does for one batch.
 *
 * Returns: (transfer full) (element-type PdZengapayChainBreak): the breaks,
 *   empty when the balances chain
 */
GPtrArray *
pd_zengapay_check_balance_chain (GPtrArray *entries)
{
  g_autoptr(PdZengapayChain) chain = pd_zengapay_chain_new ();
  GPtrArray *breaks;

  g_return_val_if_fail (entries != NULL, NULL);

  breaks = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_zengapay_chain_break_free);
  pd_zengapay_chain_feed (chain, entries, breaks);

  return breaks;
}

static gboolean
already_recorded (GPtrArray  *recent,
                  const char *detail)
{
  for (guint i = 0; i < recent->len; i++)
    {
      PdActivity *activity = g_ptr_array_index (recent, i);

      if (g_strcmp0 (activity->action, PD_ZENGAPAY_CHAIN_ACTION) == 0 &&
          g_strcmp0 (activity->detail, detail) == 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * pd_zengapay_record_chain_breaks:
 * @store: the store
 * @account_id: the account whose statement it is
 * @breaks: (element-type PdZengapayChainBreak): breaks found
 * @error: where to put an error
 *
 * Writes one warning per break to the account's audit trail: action
 * %PD_ZENGAPAY_CHAIN_ACTION, outcome `warning`, the gap as its amount and
 * pd_zengapay_chain_break_describe() as its detail. A break that is
 * already there (the same statement synced again) is not written twice.
 * Blocking: call it from a worker thread.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_zengapay_record_chain_breaks (PdStore    *store,
                                 gint64      account_id,
                                 GPtrArray  *breaks,
                                 GError    **error)
{
  g_autoptr(GPtrArray) recent = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (breaks != NULL, FALSE);

  if (breaks->len == 0)
    return TRUE;

  if (!pd_store_list_activity (store, account_id, RECENT_ACTIVITY, &recent, error))
    return FALSE;

  for (guint i = 0; i < breaks->len; i++)
    {
      PdZengapayChainBreak *broken = g_ptr_array_index (breaks, i);
      g_autoptr(PdActivity) activity = pd_activity_new ();

      activity->detail = pd_zengapay_chain_break_describe (broken);
      if (already_recorded (recent, activity->detail))
        continue;

      activity->account_id = account_id;
      activity->action = g_strdup (PD_ZENGAPAY_CHAIN_ACTION);
      activity->outcome = g_strdup ("warning");
      if (!pd_money_subtract (&broken->found, &broken->expected, &activity->amount, NULL))
        activity->amount = (PdMoney) { 0, };

      if (!pd_store_add_activity (store, activity, error))
        return FALSE;

      g_ptr_array_add (recent, g_steal_pointer (&activity));
    }

  return TRUE;
}

/**
 * pd_zengapay_statement_sync_free:
 * @self: (nullable): what a sync did
 *
 * Frees @self.
 */
void
pd_zengapay_statement_sync_free (PdZengapayStatementSync *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->breaks, g_ptr_array_unref);
  g_free (self);
}

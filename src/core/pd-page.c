/* pd-page.c - one page of records fetched from a provider
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-page.h"

typedef struct
{
  PdPage         page;
  gatomicrefcount ref_count;
} PdPageReal;

/**
 * pd_page_new:
 * @resource: the resource the page belongs to
 *
 * Returns: (transfer full): an empty page with no next cursor
 */
PdPage *
pd_page_new (const char *resource)
{
  PdPageReal *real;

  g_return_val_if_fail (resource != NULL, NULL);

  real = g_new0 (PdPageReal, 1);
  g_atomic_ref_count_init (&real->ref_count);
  real->page.resource = g_strdup (resource);
  real->page.customers = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_customer_free);
  real->page.transactions = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_transaction_free);
  real->page.cards = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_card_free);
  real->page.statement_entries =
    g_ptr_array_new_with_free_func ((GDestroyNotify)pd_statement_entry_free);
  real->page.balances = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_balance_free);

  return &real->page;
}

/**
 * pd_page_ref:
 * @self: a #PdPage
 *
 * Returns: (transfer full): @self
 */
PdPage *
pd_page_ref (PdPage *self)
{
  PdPageReal *real = (PdPageReal *)self;

  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&real->ref_count);

  return self;
}

/**
 * pd_page_unref:
 * @self: (transfer full): a #PdPage
 *
 * Drops a reference; the last one frees the page and its records.
 */
void
pd_page_unref (PdPage *self)
{
  PdPageReal *real = (PdPageReal *)self;

  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&real->ref_count))
    return;

  g_free (self->resource);
  g_ptr_array_unref (self->customers);
  g_ptr_array_unref (self->transactions);
  g_ptr_array_unref (self->cards);
  g_ptr_array_unref (self->statement_entries);
  g_ptr_array_unref (self->balances);
  g_free (self->next_cursor);
  g_free (real);
}

/**
 * pd_page_get_n_items:
 * @self: a #PdPage
 *
 * Returns: how many records of every type the page holds
 */
guint
pd_page_get_n_items (PdPage *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->customers->len + self->transactions->len + self->cards->len +
         self->statement_entries->len + self->balances->len;
}

/* pd-page.h - one page of records fetched from a provider
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pd-records.h"

G_BEGIN_DECLS

/**
 * PdPage:
 * @resource: the resource the page belongs to (`charges`, `statement`, …)
 * @customers: (element-type PdCustomer): customers on the page
 * @transactions: (element-type PdTransaction): transactions on the page
 * @cards: (element-type PdCard): cards on the page
 * @statement_entries: (element-type PdStatementEntry): statement lines
 * @balances: (element-type PdBalance): balance readings
 * @next_cursor: where the next page starts, in the provider's own terms
 *   (a cursor id, a page number as text); %NULL when this was the last page
 * @all_cards: @cards is every card the account has at the provider (a
 *   provider that lists them whole, in one answer): the store forgets the
 *   account's other cards, removed at the provider since
 *
 * A page is stored in one transaction together with @next_cursor, so a sync
 * that stops at any moment resumes after the last stored page. Reference
 * counted, because it is handed from the main thread to a worker.
 */
typedef struct
{
  char      *resource;
  GPtrArray *customers;
  GPtrArray *transactions;
  GPtrArray *cards;
  GPtrArray *statement_entries;
  GPtrArray *balances;
  char      *next_cursor;
  gboolean   all_cards;
} PdPage;

PdPage *pd_page_new         (const char *resource);
PdPage *pd_page_ref         (PdPage     *self);
void    pd_page_unref       (PdPage     *self);
guint   pd_page_get_n_items (PdPage     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdPage, pd_page_unref)

G_END_DECLS

/* pd-query.h - what the transaction views and the CLI ask the store for
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pd-money.h"
#include "pd-records.h"

G_BEGIN_DECLS

/**
 * PdSortKey:
 * @PD_SORT_DATE: by date; this is the order of #PdTransaction.id, the date a
 *   transaction was first stored with, so it costs nothing
 * @PD_SORT_AMOUNT: by amount, across scales (see pd_store_query_transactions())
 * @PD_SORT_CUSTOMER: by customer name (ASCII letters case-insensitively)
 * @PD_SORT_REFERENCE: by reference (ASCII letters case-insensitively)
 * @PD_SORT_STATE: by the state's stable string
 * @PD_SORT_PROVIDER: by the account's provider
 * @PD_SORT_ACCOUNT: by the account's label (ASCII letters case-insensitively)
 * @PD_SORT_FEE: by fee, across scales; a transaction without a fee sorts as
 *   a fee of zero
 *
 * The order of a query's rows. Rows with equal sort values are ordered by
 * id, in the same direction, so every order is total and pages never skip or
 * repeat a row.
 */
typedef enum
{
  PD_SORT_DATE,
  PD_SORT_AMOUNT,
  PD_SORT_CUSTOMER,
  PD_SORT_REFERENCE,
  PD_SORT_STATE,
  PD_SORT_PROVIDER,
  PD_SORT_ACCOUNT,
  PD_SORT_FEE,
} PdSortKey;

#define PD_SORT_KEY_COUNT (PD_SORT_FEE + 1)

/**
 * PdQuery:
 * @account_id: only this account; 0 for all
 * @provider: (nullable): only accounts of this provider
 * @kinds: a set of PD_TRANSACTION_KIND_BIT(); 0 for all kinds
 * @states: a set of PD_TRANSACTION_STATE_BIT(); 0 for all states
 * @date_from: only transactions created at or after this (Unix seconds);
 *   0 for no bound
 * @date_to: only transactions created before this (Unix seconds,
 *   exclusive); 0 for no bound
 * @min_amount: only amounts of this currency at least this much; unset
 *   (currency "") for no bound
 * @max_amount: only amounts of this currency at most this much; unset
 *   for no bound. When both bounds are set they must share a currency.
 * @text: (nullable): free text; see pd_store_query_transactions()
 * @customer_provider_id: (nullable): only this customer's transactions
 * @parent_provider_id: (nullable): only the refunds of this charge
 * @sort: the order
 * @descending: whether the order is descending
 * @limit: at most this many rows; 0 for all
 * @offset: skip this many rows first (keyset paging with
 *   pd_query_set_after() is much cheaper on large tables)
 * @has_after: whether the keyset cursor below is set
 * @after_id: the cursor: the id of the last row of the previous page
 * @after_number: the cursor: that row's numeric sort value
 * @after_text: the cursor: that row's text sort value
 *
 * A query for transactions. Fill it in directly; set the cursor with
 * pd_query_set_after().
 */
typedef struct
{
  gint64     account_id;
  char      *provider;
  guint      kinds;
  guint      states;
  gint64     date_from;
  gint64     date_to;
  PdMoney    min_amount;
  PdMoney    max_amount;
  char      *text;
  char      *customer_provider_id;
  char      *parent_provider_id;
  PdSortKey  sort;
  gboolean   descending;
  guint      limit;
  guint      offset;
  gboolean   has_after;
  gint64     after_id;
  gint64     after_number;
  char      *after_text;
} PdQuery;

/**
 * PdTotal:
 * @amount: the sum of the amounts of one currency, exact
 * @count: how many transactions it sums
 *
 * A total for one currency; currencies are never mixed.
 */
typedef struct
{
  PdMoney amount;
  guint64 count;
} PdTotal;

const char *pd_sort_key_to_string   (PdSortKey            key);
gboolean    pd_sort_key_from_string (const char          *text,
                                     PdSortKey           *out);

GType       pd_query_get_type       (void) G_GNUC_CONST;
PdQuery    *pd_query_new            (void);
PdQuery    *pd_query_copy           (const PdQuery       *self);
void        pd_query_free           (PdQuery             *self);
void        pd_query_set_text       (PdQuery             *self,
                                     const char          *text);
void        pd_query_set_provider   (PdQuery             *self,
                                     const char          *provider);
void        pd_query_set_after      (PdQuery             *self,
                                     const PdTransaction *last);
void        pd_query_clear_after    (PdQuery             *self);
char       *pd_query_to_json        (const PdQuery       *self);
PdQuery    *pd_query_new_from_json  (const char          *json,
                                     GError             **error);

#define PD_TYPE_QUERY (pd_query_get_type ())

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdQuery, pd_query_free)

G_END_DECLS

/* pd-zengapay-statement.h - ZengaPay statement filters and the running-balance check
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pd-records.h"
#include "pd-store.h"

G_BEGIN_DECLS

/**
 * PD_ZENGAPAY_CHAIN_ACTION:
 *
 * The #PdActivity.action of the audit line that records a break in a
 * wallet's running balance; its #PdActivity.outcome is `warning`.
 */
#define PD_ZENGAPAY_CHAIN_ACTION "statement-balance-check"

/**
 * PdZengapayStatementFilter:
 * @start: (nullable): the earliest initiation time to include
 * @end: (nullable): the latest initiation time to include
 * @status: (nullable): `FAILED`, `PENDING`, `INDETERMINATE` or `SUCCEEDED`
 * @currency_code: (nullable): one wallet, `UGX-MTNMM` or `UGX-ATLMM`
 * @designation: (nullable): `TRANSACTION` or `CHARGES`
 * @limit: lines per page, 1 to %PD_ZENGAPAY_STATEMENT_PAGE_SIZE; 0 for
 *   %PD_ZENGAPAY_STATEMENT_PAGE_SIZE
 *
 * The account statement's filters, all optional and combined. @start and
 * @end are sent in the account's time zone, to the second, as ZengaPay
 * reads them.
 */
typedef struct
{
  GDateTime *start;
  GDateTime *end;
  char      *status;
  char      *currency_code;
  char      *designation;
  guint      limit;
} PdZengapayStatementFilter;

/**
 * PdZengapayChainBreakKind:
 * @PD_ZENGAPAY_CHAIN_BREAK_LINK: the line does not start from the balance
 *   the wallet's line before it ended with
 * @PD_ZENGAPAY_CHAIN_BREAK_AMOUNT: the line does not end where its own
 *   amount takes the balance it starts from (as the document's example,
 *   where 5 050 720 − 5 132 is given as 5 045 580)
 *
 * How a wallet's running balance fails to add up.
 */
typedef enum
{
  PD_ZENGAPAY_CHAIN_BREAK_LINK,
  PD_ZENGAPAY_CHAIN_BREAK_AMOUNT,
} PdZengapayChainBreakKind;

/**
 * PdZengapayChainBreak:
 * @kind: which check failed
 * @wallet: the wallet whose running balance breaks
 * @entry_id: the provider id of the line that does not add up
 * @previous_id: (nullable): for a link break, the provider id of the
 *   wallet's line before it
 * @expected: for a link break, the balance after the previous line; for an
 *   amount break, the balance before the line plus or minus its amount
 * @found: for a link break, the line's balance before; for an amount
 *   break, its balance after
 *
 * One place where a wallet's statement does not add up.
 */
typedef struct
{
  PdZengapayChainBreakKind  kind;
  char                     *wallet;
  char                     *entry_id;
  char                     *previous_id;
  PdMoney                   expected;
  PdMoney                   found;
} PdZengapayChainBreak;

/**
 * PdZengapayStatementSync:
 * @pages: the pages fetched
 * @entries: the statement lines received
 * @stats: what storing them did
 * @breaks: (element-type PdZengapayChainBreak): where the running balances
 *   did not chain; each was also written to the store's audit trail
 * @chain_checked: whether the filter allowed the check (see
 *   pd_zengapay_statement_filter_keeps_chain())
 *
 * What a statement sync did.
 */
typedef struct
{
  guint          pages;
  guint          entries;
  PdUpsertStats  stats;
  GPtrArray     *breaks;
  gboolean       chain_checked;
} PdZengapayStatementSync;

typedef struct _PdZengapayChain PdZengapayChain;

#define PD_TYPE_ZENGAPAY_STATEMENT_FILTER (pd_zengapay_statement_filter_get_type ())
#define PD_TYPE_ZENGAPAY_CHAIN_BREAK      (pd_zengapay_chain_break_get_type ())

GType                      pd_zengapay_statement_filter_get_type   (void) G_GNUC_CONST;
PdZengapayStatementFilter *pd_zengapay_statement_filter_new        (void);
PdZengapayStatementFilter *pd_zengapay_statement_filter_copy       (const PdZengapayStatementFilter *self);
void                       pd_zengapay_statement_filter_free       (PdZengapayStatementFilter       *self);
gboolean                   pd_zengapay_statement_filter_is_empty   (const PdZengapayStatementFilter *self);
gboolean                   pd_zengapay_statement_filter_keeps_chain (const PdZengapayStatementFilter *self);

GType                      pd_zengapay_chain_break_get_type        (void) G_GNUC_CONST;
PdZengapayChainBreak      *pd_zengapay_chain_break_copy            (const PdZengapayChainBreak      *self);
void                       pd_zengapay_chain_break_free            (PdZengapayChainBreak            *self);
char                      *pd_zengapay_chain_break_describe        (const PdZengapayChainBreak      *self);

PdZengapayChain           *pd_zengapay_chain_new                   (void);
void                       pd_zengapay_chain_free                  (PdZengapayChain                 *self);
guint                      pd_zengapay_chain_feed                  (PdZengapayChain                 *self,
                                                                    GPtrArray                       *entries,
                                                                    GPtrArray                       *breaks);
GPtrArray                 *pd_zengapay_check_balance_chain         (GPtrArray                       *entries);
gboolean                   pd_zengapay_record_chain_breaks         (PdStore                         *store,
                                                                    gint64                           account_id,
                                                                    GPtrArray                       *breaks,
                                                                    GError                         **error);

void                       pd_zengapay_statement_sync_free         (PdZengapayStatementSync         *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdZengapayStatementFilter, pd_zengapay_statement_filter_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdZengapayChainBreak, pd_zengapay_chain_break_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdZengapayChain, pd_zengapay_chain_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdZengapayStatementSync, pd_zengapay_statement_sync_free)

G_END_DECLS

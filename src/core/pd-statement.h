/* pd-statement.h - a statement: opening balance, entries, totals, closing balance
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-money.h"
#include "pd-records.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_STATEMENT_ERROR (pd_statement_error_quark ())

/**
 * PdStatementError:
 * @PD_STATEMENT_ERROR_INVALID: the period ends before it starts
 * @PD_STATEMENT_ERROR_CURRENCY: a transaction's fee is in another currency
 *   than the transaction, so it belongs to no one statement
 * @PD_STATEMENT_ERROR_OVERFLOW: a balance or a total does not fit in 64
 *   bits of minor units
 *
 * Stable error codes of statements. An unknown account is the store's
 * %PD_STORE_ERROR_NOT_FOUND.
 */
typedef enum
{
  PD_STATEMENT_ERROR_INVALID,
  PD_STATEMENT_ERROR_CURRENCY,
  PD_STATEMENT_ERROR_OVERFLOW,
} PdStatementError;

/**
 * PdStatementSource:
 * @PD_STATEMENT_SOURCE_PROVIDER: the provider's own statement (ZengaPay):
 *   the entries and running balances are the provider's, as it sent them
 * @PD_STATEMENT_SOURCE_DERIVED: derived by Paydesk from the transactions it
 *   stored, for providers that have no statement; the opening balance is
 *   the sum of everything stored before the period, not a figure the
 *   provider gave
 *
 * Where the figures of a statement section come from.
 */
typedef enum
{
  PD_STATEMENT_SOURCE_PROVIDER,
  PD_STATEMENT_SOURCE_DERIVED,
} PdStatementSource;

/**
 * PdStatementBreak:
 * @PD_STATEMENT_BREAK_NONE: the line's balances are consistent
 * @PD_STATEMENT_BREAK_LINK: the line's balance before is not the previous
 *   line's balance after in the same wallet
 * @PD_STATEMENT_BREAK_AMOUNT: the line's balance after is not its balance
 *   before plus or minus its amount (as in ZengaPay's documented example,
 *   5 050 720 − 5 132 given as 5 045 580)
 *
 * Flags of a provider's statement line whose running balances do not
 * chain. Such lines are flagged, never hidden or corrected.
 */
typedef enum
{
  PD_STATEMENT_BREAK_NONE   = 0,
  PD_STATEMENT_BREAK_LINK   = 1 << 0,
  PD_STATEMENT_BREAK_AMOUNT = 1 << 1,
} PdStatementBreak;

/**
 * PdStatementSection:
 * @account: the account
 * @time_zone: the account's time zone (UTC when its IANA name is unknown)
 * @time_zone_name: the IANA name of @time_zone, or "UTC"
 * @currency: the ISO 4217 code; one section never mixes currencies
 * @wallet_code: (nullable): the provider's wallet code as stored
 *   (`UGX-ATLMM`); %NULL for derived statements
 * @wallet: (nullable): the wallet without its currency (`ATLMM`)
 * @source: where the figures come from
 * @opening: the balance at the start of the period
 * @credits: the sum of the credit lines
 * @debits: the sum of the debit lines, fees not included
 * @fees: the sum of the fees
 * @closing: the balance at the end of the period: the last running balance
 * @difference: what @closing differs from @opening + @credits − @debits −
 *   @fees; zero unless the provider's balances do not chain
 * @n_lines: how many lines the section has
 * @n_breaks: how many of them are flagged with a #PdStatementBreak
 * @n_unposted: entries left out because they moved no money (pending,
 *   failed or indeterminate)
 *
 * One part of a statement: one account, one currency and, for a provider
 * statement, one wallet. Read only; the totals are final once
 * pd_statement_foreach_line() returned.
 */
typedef struct
{
  const PdAccount   *account;
  GTimeZone         *time_zone;
  const char        *time_zone_name;
  char               currency[4];
  const char        *wallet_code;
  const char        *wallet;
  PdStatementSource  source;
  PdMoney            opening;
  PdMoney            credits;
  PdMoney            debits;
  PdMoney            fees;
  PdMoney            closing;
  PdMoney            difference;
  guint64            n_lines;
  guint64            n_breaks;
  guint64            n_unposted;
} PdStatementSection;

/**
 * PdStatementLine:
 * @section: the section the line belongs to (its totals are still being
 *   added up while lines are handed out)
 * @created_at: Unix seconds, UTC
 * @provider_id: the provider's id of the entry or transaction
 * @reference: (nullable): the reference; for a provider's entry, the
 *   provider id of the transaction it belongs to
 * @type: the provider's entry type (`TRANSACTION`, `CHARGES`) or the
 *   transaction kind's stable string (`charge`, `refund`, …)
 * @state: (nullable): the state's stable string (`succeeded`), or the
 *   provider's own word when it is not one of them
 * @counterparty: (nullable): the other side (for transactions: the
 *   counterparty, else the customer's name, else the phone number)
 * @description: (nullable): free text
 * @direction: whether the line adds to the balance or takes from it
 * @is_fee: the whole line is a fee (a provider's `CHARGES` debit); its
 *   amount counts in the fees, not in the debits
 * @amount: the amount, as the provider gave it
 * @fee: a derived line's fee, its own figure taken from the balance;
 *   unset when there is none
 * @balance: the running balance after the line
 * @breaks: #PdStatementBreak flags
 *
 * One line of a statement, as pd_statement_foreach_line() hands it out: the
 * strings are only valid during the call.
 */
typedef struct
{
  const PdStatementSection *section;
  gint64                    created_at;
  const char               *provider_id;
  const char               *reference;
  const char               *type;
  const char               *state;
  const char               *counterparty;
  const char               *description;
  PdStatementDirection      direction;
  gboolean                  is_fee;
  PdMoney                   amount;
  PdMoney                   fee;
  PdMoney                   balance;
  guint                     breaks;
} PdStatementLine;

/**
 * PdStatementLineFunc:
 * @line: the line; valid only during the call
 * @user_data: the data given with the function
 * @error: where to say why the walk must stop
 *
 * Returns: %TRUE to go on, %FALSE with @error set to stop with an error
 */
typedef gboolean (*PdStatementLineFunc) (const PdStatementLine  *line,
                                         gpointer                user_data,
                                         GError                **error);

typedef struct _PdStatement PdStatement;

GQuark                    pd_statement_error_quark      (void);

PdStatement              *pd_statement_new              (PdStore            *store,
                                                         gint64              account_id,
                                                         gint64              from,
                                                         gint64              to,
                                                         GError            **error);
void                      pd_statement_free             (PdStatement        *self);

PdStore                  *pd_statement_get_store        (PdStatement        *self);
gint64                    pd_statement_get_account_id   (PdStatement        *self);
gint64                    pd_statement_get_from         (PdStatement        *self);
gint64                    pd_statement_get_to           (PdStatement        *self);
guint                     pd_statement_get_n_accounts   (PdStatement        *self);
const PdAccount          *pd_statement_get_account      (PdStatement        *self,
                                                         guint               index);

gboolean                  pd_statement_foreach_line     (PdStatement        *self,
                                                         PdStatementLineFunc func,
                                                         gpointer            user_data,
                                                         GCancellable       *cancellable,
                                                         GError            **error);
guint                     pd_statement_get_n_sections   (PdStatement        *self);
const PdStatementSection *pd_statement_get_section      (PdStatement        *self,
                                                         guint               index);

gboolean                  pd_statement_split_wallet     (const char         *wallet_code,
                                                         char                currency_out[4],
                                                         const char        **wallet_out);
const char               *pd_statement_source_to_string (PdStatementSource   source);
const char               *pd_statement_break_to_string  (guint               breaks);
PdStatementDirection      pd_statement_kind_direction   (PdTransactionKind   kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdStatement, pd_statement_free)

G_END_DECLS

/* pd-store-export.h - streaming reads of the store for statements and exports
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-store.h"

G_BEGIN_DECLS

/**
 * PdStoreStatementRow:
 * @account_id: the account
 * @created_at: Unix seconds, UTC
 * @provider_id: the provider's id of the entry or transaction
 * @reference: a transaction's reference; for a statement entry, the
 *   provider id of the transaction it belongs to
 * @type: a statement entry's type (`TRANSACTION`, `CHARGES`, …) or a
 *   transaction's kind as its stable string
 * @status: a statement entry's status word, or a transaction's state as
 *   its stable string
 * @wallet: (nullable): a statement entry's wallet (`UGX-ATLMM`)
 * @counterparty: (nullable): the other side
 * @description: (nullable): free text
 * @customer_name: (nullable): a transaction's customer
 * @phone: (nullable): a transaction's phone number
 * @direction: a statement entry's direction
 * @kind: a transaction's kind
 * @state: a transaction's state
 * @amount: the amount (for sums: the sum of the amounts)
 * @fee: a transaction's fee (for sums: the sum of the fees); unset when none
 * @balance_before: a statement entry's balance before; unset when not given
 * @balance_after: a statement entry's balance after; unset when not given
 * @count: for sums, how many rows were added up; 1 otherwise
 *
 * One row read from the store, for one callback: the strings belong to the
 * database cursor and are only valid until the callback returns. Which
 * members are filled depends on the function that reads it.
 */
typedef struct
{
  gint64                account_id;
  gint64                created_at;
  const char           *provider_id;
  const char           *reference;
  const char           *type;
  const char           *status;
  const char           *wallet;
  const char           *counterparty;
  const char           *description;
  const char           *customer_name;
  const char           *phone;
  PdStatementDirection  direction;
  PdTransactionKind     kind;
  PdTransactionState    state;
  PdMoney               amount;
  PdMoney               fee;
  PdMoney               balance_before;
  PdMoney               balance_after;
  guint64               count;
} PdStoreStatementRow;

/**
 * PdStoreStatementRowFunc:
 * @row: the row; valid only during the call
 * @user_data: the data given with the function
 * @error: where to say why the reading must stop with an error
 *
 * Returns: %TRUE to go on with the next row, %FALSE to stop (with @error
 *   set to fail, without to stop early and succeed)
 */
typedef gboolean (*PdStoreStatementRowFunc) (const PdStoreStatementRow  *row,
                                             gpointer                    user_data,
                                             GError                    **error);

PdStore *pd_store_new_for_export                 (const char               *path,
                                                  GError                  **error);

gboolean pd_store_count_statement_entries        (PdStore                  *self,
                                                  gint64                    account_id,
                                                  guint64                  *count_out,
                                                  GError                  **error);
gboolean pd_store_foreach_statement_entry        (PdStore                  *self,
                                                  gint64                    account_id,
                                                  gint64                    from,
                                                  gint64                    to,
                                                  PdStoreStatementRowFunc   func,
                                                  gpointer                  user_data,
                                                  GCancellable             *cancellable,
                                                  GError                  **error);
gboolean pd_store_foreach_wallet_before          (PdStore                  *self,
                                                  gint64                    account_id,
                                                  gint64                    before,
                                                  PdStoreStatementRowFunc   func,
                                                  gpointer                  user_data,
                                                  GError                  **error);
gboolean pd_store_foreach_entry_backwards        (PdStore                  *self,
                                                  gint64                    account_id,
                                                  const char               *wallet,
                                                  gint64                    before,
                                                  PdStoreStatementRowFunc   func,
                                                  gpointer                  user_data,
                                                  GError                  **error);
gboolean pd_store_foreach_statement_transaction  (PdStore                  *self,
                                                  gint64                    account_id,
                                                  gint64                    from,
                                                  gint64                    to,
                                                  PdStoreStatementRowFunc   func,
                                                  gpointer                  user_data,
                                                  GCancellable             *cancellable,
                                                  GError                  **error);
gboolean pd_store_foreach_transaction_sum        (PdStore                  *self,
                                                  gint64                    account_id,
                                                  gint64                    before,
                                                  PdStoreStatementRowFunc   func,
                                                  gpointer                  user_data,
                                                  GError                  **error);

G_END_DECLS

/* pd-transaction-item.h - one transaction as an item of a list model
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pd-records.h"

G_BEGIN_DECLS

#define PD_TYPE_TRANSACTION_ITEM (pd_transaction_item_get_type ())

G_DECLARE_FINAL_TYPE (PdTransactionItem, pd_transaction_item, PD, TRANSACTION_ITEM, GObject)

PdTransactionItem   *pd_transaction_item_new               (PdTransaction     *transaction,
                                                            const char        *account_label);
PdTransactionItem   *pd_transaction_item_new_loading       (void);
void                 pd_transaction_item_set_transaction   (PdTransactionItem *self,
                                                            PdTransaction     *transaction,
                                                            const char        *account_label);
gboolean             pd_transaction_item_is_loading        (PdTransactionItem *self);
const PdTransaction *pd_transaction_item_get_transaction   (PdTransactionItem *self);
const char          *pd_transaction_item_get_account_label (PdTransactionItem *self);
const char          *pd_transaction_item_get_customer      (PdTransactionItem *self);
const char          *pd_transaction_item_get_reference     (PdTransactionItem *self);

G_END_DECLS

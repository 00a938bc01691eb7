/* pd-transaction-model.h - a lazy list of the store's transactions
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-query.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* Rows read from the store at a time, and how many such windows are kept. */
#define PD_TRANSACTION_MODEL_WINDOW      200
#define PD_TRANSACTION_MODEL_MAX_WINDOWS 8

#define PD_TYPE_TRANSACTION_MODEL (pd_transaction_model_get_type ())

G_DECLARE_FINAL_TYPE (PdTransactionModel, pd_transaction_model, PD, TRANSACTION_MODEL, GObject)

PdTransactionModel *pd_transaction_model_new           (PdStore            *store);
PdStore            *pd_transaction_model_get_store     (PdTransactionModel *self);
const PdQuery      *pd_transaction_model_get_query     (PdTransactionModel *self);
void                pd_transaction_model_set_query     (PdTransactionModel *self,
                                                        const PdQuery      *query);
void                pd_transaction_model_set_accounts  (PdTransactionModel *self,
                                                        GPtrArray          *accounts);
void                pd_transaction_model_reload        (PdTransactionModel *self);
gboolean            pd_transaction_model_get_loading   (PdTransactionModel *self);
gboolean            pd_transaction_model_get_counted   (PdTransactionModel *self);
guint64             pd_transaction_model_get_n_fetched (PdTransactionModel *self);
guint               pd_transaction_model_get_n_cached  (PdTransactionModel *self);
guint               pd_transaction_model_get_n_anchors (PdTransactionModel *self);

G_END_DECLS

/* pd-transaction-view.h - a sortable list of transactions, read lazily from the store
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pd-store.h"
#include "pd-transaction-model.h"

G_BEGIN_DECLS

#define PD_TYPE_TRANSACTION_VIEW (pd_transaction_view_get_type ())

G_DECLARE_FINAL_TYPE (PdTransactionView, pd_transaction_view, PD, TRANSACTION_VIEW, GtkWidget)

PdTransactionModel *pd_transaction_view_get_model       (PdTransactionView *self);
GtkColumnView      *pd_transaction_view_get_column_view (PdTransactionView *self);
guint               pd_transaction_view_get_kinds       (PdTransactionView *self);
void                pd_transaction_view_sort_by         (PdTransactionView *self,
                                                         PdSortKey          key,
                                                         gboolean           descending);

G_END_DECLS

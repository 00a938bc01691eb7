/* pd-record-view.h - a list of customers, cards, statement lines or balances
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pd-record-item.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_RECORD_VIEW (pd_record_view_get_type ())

G_DECLARE_FINAL_TYPE (PdRecordView, pd_record_view, PD, RECORD_VIEW, GtkWidget)

GListModel    *pd_record_view_get_model       (PdRecordView *self);
GtkColumnView *pd_record_view_get_column_view (PdRecordView *self);
void           pd_record_view_set_header      (PdRecordView *self,
                                               GtkWidget    *header);
GtkWidget     *pd_record_view_get_header      (PdRecordView *self);

G_END_DECLS

/* pd-detail-pane.h - the whole record, its related records and its provider JSON
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_DETAIL_PANE (pd_detail_pane_get_type ())

G_DECLARE_FINAL_TYPE (PdDetailPane, pd_detail_pane, PD, DETAIL_PANE, GtkWidget)

void     pd_detail_pane_set_store     (PdDetailPane *self,
                                       PdStore      *store);
void     pd_detail_pane_show_item     (PdDetailPane *self,
                                       GObject      *item);
GObject *pd_detail_pane_get_item      (PdDetailPane *self);
guint    pd_detail_pane_get_n_related (PdDetailPane *self);

G_END_DECLS

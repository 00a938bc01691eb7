/* pd-filter-bar.h - account, provider, state, date and amount filters
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pd-query.h"
#include "pd-view.h"

G_BEGIN_DECLS

#define PD_TYPE_FILTER_BAR (pd_filter_bar_get_type ())

G_DECLARE_FINAL_TYPE (PdFilterBar, pd_filter_bar, PD, FILTER_BAR, GtkWidget)

void     pd_filter_bar_set_accounts (PdFilterBar   *self,
                                     GPtrArray     *accounts);
void     pd_filter_bar_set_filters  (PdFilterBar   *self,
                                     PdViewFilters  filters);
void     pd_filter_bar_fill_query   (PdFilterBar   *self,
                                     PdQuery       *query);
void     pd_filter_bar_set_query    (PdFilterBar   *self,
                                     const PdQuery *query);
gboolean pd_filter_bar_is_active    (PdFilterBar   *self);
void     pd_filter_bar_clear        (PdFilterBar   *self);

G_END_DECLS

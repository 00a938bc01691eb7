/* pd-balance-chart.h - each wallet's balance over time, drawn
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pd-records.h"

G_BEGIN_DECLS

#define PD_TYPE_BALANCE_CHART (pd_balance_chart_get_type ())

G_DECLARE_FINAL_TYPE (PdBalanceChart, pd_balance_chart, PD, BALANCE_CHART, GtkWidget)

GtkWidget  *pd_balance_chart_new                  (void);
void        pd_balance_chart_clear                (PdBalanceChart *self);
void        pd_balance_chart_add_series           (PdBalanceChart *self,
                                                   const char     *label,
                                                   GPtrArray      *readings);
guint       pd_balance_chart_get_n_series         (PdBalanceChart *self);
const char *pd_balance_chart_get_series_label     (PdBalanceChart *self,
                                                   guint           index);
const char *pd_balance_chart_get_series_currency  (PdBalanceChart *self,
                                                   guint           index);
guint       pd_balance_chart_get_series_n_points  (PdBalanceChart *self,
                                                   guint           index);
char       *pd_balance_chart_dup_description      (PdBalanceChart *self);

G_END_DECLS

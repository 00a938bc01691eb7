/* pd-balance-overview.h - today's totals and the balance chart above the Balances list
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pd-balance-chart.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_BALANCE_OVERVIEW (pd_balance_overview_get_type ())

G_DECLARE_FINAL_TYPE (PdBalanceOverview, pd_balance_overview, PD, BALANCE_OVERVIEW, GtkWidget)

GtkWidget      *pd_balance_overview_new        (PdStore           *store);
PdBalanceChart *pd_balance_overview_get_chart  (PdBalanceOverview *self);
void            pd_balance_overview_get_today  (gint64            *from_out,
                                                gint64            *to_out);

G_END_DECLS

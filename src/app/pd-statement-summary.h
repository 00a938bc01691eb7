/* pd-statement-summary.h - opening, credits, debits, fees and closing balance above the Statements list
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pd-balance-chart.h"

#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_STATEMENT_SUMMARY (pd_statement_summary_get_type ())

G_DECLARE_FINAL_TYPE (PdStatementSummary, pd_statement_summary, PD, STATEMENT_SUMMARY, GtkWidget)

GtkWidget      *pd_statement_summary_new         (PdStore            *store);
gboolean        pd_statement_summary_get_loading (PdStatementSummary *self);
PdBalanceChart *pd_statement_summary_get_chart   (PdStatementSummary *self);

G_END_DECLS

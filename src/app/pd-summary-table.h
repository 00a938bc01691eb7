/* pd-summary-table.h - the table of figures per currency at the head of a view
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pd-money.h"

G_BEGIN_DECLS

/**
 * PdSummaryCell:
 * @PD_SUMMARY_CELL_TEXT: a name, aligned to the start
 * @PD_SUMMARY_CELL_ELLIPSIZED: a name that may be shortened to fit
 * @PD_SUMMARY_CELL_FIGURE: a number, aligned to the end in tabular digits
 *
 * What a cell of a summary table holds.
 */
typedef enum
{
  PD_SUMMARY_CELL_TEXT,
  PD_SUMMARY_CELL_ELLIPSIZED,
  PD_SUMMARY_CELL_FIGURE,
} PdSummaryCell;

void       pd_summary_table_clear  (GtkGrid        *table);
GtkWidget *pd_summary_table_attach (GtkGrid        *table,
                                    const char     *text,
                                    int             column,
                                    int             row,
                                    PdSummaryCell   cell,
                                    const char     *style);
gboolean   pd_summary_add_money    (PdMoney        *sum,
                                    const PdMoney  *amount,
                                    GError        **error);

G_END_DECLS

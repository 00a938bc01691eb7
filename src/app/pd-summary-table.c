/* pd-summary-table.c - the table of figures per currency at the head of a view
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The Balances and Statements views head their lists with a grid of
 * figures, a row per currency, that is filled again whenever the filter
 * changes. The figures of one currency are added up here too; they are
 * never added across currencies.
 */

#include "pd-summary-table.h"

/**
 * pd_summary_table_clear:
 * @table: a summary table
 *
 * Removes every cell, before the table is filled again.
 */
void
pd_summary_table_clear (GtkGrid *table)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_GRID (table));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (table))) != NULL)
    gtk_grid_remove (table, child);
}

/**
 * pd_summary_table_attach:
 * @table: a summary table
 * @text: what the cell says
 * @column: its column
 * @row: its row; row 0 holds the titles
 * @cell: what it holds
 * @style: (nullable): a style class for the cell
 *
 * Returns: (transfer none): the cell's label
 */
GtkWidget *
pd_summary_table_attach (GtkGrid       *table,
                         const char    *text,
                         int            column,
                         int            row,
                         PdSummaryCell  cell,
                         const char    *style)
{
  GtkWidget *label;

  g_return_val_if_fail (GTK_IS_GRID (table), NULL);

  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), cell == PD_SUMMARY_CELL_FIGURE ? 1.0f : 0.0f);
  if (cell == PD_SUMMARY_CELL_ELLIPSIZED)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (cell == PD_SUMMARY_CELL_FIGURE)
    gtk_widget_add_css_class (label, "numeric");
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  gtk_grid_attach (table, label, column, row, 1, 1);

  return label;
}

/**
 * pd_summary_add_money:
 * @sum: a running total
 * @amount: what to add to it, in the same currency
 * @error: return location for a #GError
 *
 * Adds @amount to @sum in place.
 *
 * Returns: %FALSE if the two cannot be added; @sum is then unchanged
 */
gboolean
pd_summary_add_money (PdMoney        *sum,
                      const PdMoney  *amount,
                      GError        **error)
{
  PdMoney result;

  g_return_val_if_fail (sum != NULL, FALSE);
  g_return_val_if_fail (amount != NULL, FALSE);

  if (!pd_money_add (sum, amount, &result, error))
    return FALSE;
  *sum = result;

  return TRUE;
}

/* pd-view.c - what the window asks of each of its views
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-view.h"

G_DEFINE_INTERFACE (PdView, pd_view, GTK_TYPE_WIDGET)

static guint error_signal;

static void
pd_view_default_init (PdViewInterface *iface)
{
  /**
   * PdView::error:
   * @self: the view
   * @error: what went wrong, in a sentence for the user
   *
   * The view could not read the store; the window shows it in a toast.
   */
  error_signal = g_signal_new ("error",
                               G_TYPE_FROM_INTERFACE (iface),
                               G_SIGNAL_RUN_LAST,
                               0, NULL, NULL, NULL,
                               G_TYPE_NONE, 1, G_TYPE_ERROR);

  /**
   * PdView:selected-item:
   *
   * The record the detail pane shows: a #PdTransactionItem or a
   * #PdRecordItem, or %NULL.
   */
  g_object_interface_install_property (iface,
                                       g_param_spec_object ("selected-item", NULL, NULL,
                                                            G_TYPE_OBJECT,
                                                            (G_PARAM_READABLE |
                                                             G_PARAM_EXPLICIT_NOTIFY |
                                                             G_PARAM_STATIC_STRINGS)));

  /**
   * PdView:summary:
   *
   * What the view shows, in one line for the header bar (“1,204 charges”).
   */
  g_object_interface_install_property (iface,
                                       g_param_spec_string ("summary", NULL, NULL,
                                                            NULL,
                                                            (G_PARAM_READABLE |
                                                             G_PARAM_EXPLICIT_NOTIFY |
                                                             G_PARAM_STATIC_STRINGS)));
}

/**
 * pd_view_emit_error:
 * @self: a view
 * @error: what went wrong
 *
 * For implementations: tells the window about @error.
 */
void
pd_view_emit_error (PdView       *self,
                    const GError *error)
{
  g_return_if_fail (PD_IS_VIEW (self));
  g_return_if_fail (error != NULL);

  g_signal_emit (self, error_signal, 0, error);
}

PdViewFilters
pd_view_get_filters (PdView *self)
{
  g_return_val_if_fail (PD_IS_VIEW (self), 0);

  return PD_VIEW_GET_IFACE (self)->get_filters (self);
}

void
pd_view_set_filter (PdView        *self,
                    const PdQuery *filter)
{
  g_return_if_fail (PD_IS_VIEW (self));
  g_return_if_fail (filter != NULL);

  PD_VIEW_GET_IFACE (self)->set_filter (self, filter);
}

void
pd_view_reload (PdView *self)
{
  g_return_if_fail (PD_IS_VIEW (self));

  PD_VIEW_GET_IFACE (self)->reload (self);
}

/**
 * pd_view_get_selected_item:
 * @self: a view
 *
 * Returns: (transfer none) (nullable): the selected record
 */
GObject *
pd_view_get_selected_item (PdView *self)
{
  GObject *item = NULL;

  g_return_val_if_fail (PD_IS_VIEW (self), NULL);

  g_object_get (self, "selected-item", &item, NULL);

  /* The view holds it for as long as it is selected. */
  if (item != NULL)
    g_object_unref (item);

  return item;
}

/**
 * pd_view_dup_summary:
 * @self: a view
 *
 * Returns: (transfer full) (nullable): the summary line
 */
char *
pd_view_dup_summary (PdView *self)
{
  char *summary = NULL;

  g_return_val_if_fail (PD_IS_VIEW (self), NULL);

  g_object_get (self, "summary", &summary, NULL);

  return summary;
}

/**
 * pd_view_dup_saved_query:
 * @self: a view
 *
 * Returns: (transfer full) (nullable): the query to save, or %NULL when the
 *   view cannot be saved as a named view
 */
PdQuery *
pd_view_dup_saved_query (PdView *self)
{
  PdViewInterface *iface;

  g_return_val_if_fail (PD_IS_VIEW (self), NULL);

  iface = PD_VIEW_GET_IFACE (self);
  if (iface->dup_saved_query == NULL)
    return NULL;

  return iface->dup_saved_query (self);
}

void
pd_view_apply_saved_query (PdView        *self,
                           const PdQuery *query)
{
  PdViewInterface *iface;

  g_return_if_fail (PD_IS_VIEW (self));
  g_return_if_fail (query != NULL);

  iface = PD_VIEW_GET_IFACE (self);
  if (iface->apply_saved_query != NULL)
    iface->apply_saved_query (self, query);
  else
    iface->set_filter (self, query);
}

gboolean
pd_view_can_export (PdView *self)
{
  g_return_val_if_fail (PD_IS_VIEW (self), FALSE);

  return PD_VIEW_GET_IFACE (self)->export_async != NULL;
}

void
pd_view_export_async (PdView              *self,
                      GFile               *file,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (PD_IS_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (pd_view_can_export (self));

  PD_VIEW_GET_IFACE (self)->export_async (self, file, cancellable, callback, user_data);
}

gboolean
pd_view_export_finish (PdView        *self,
                       GAsyncResult  *result,
                       guint64       *n_rows_out,
                       GError       **error)
{
  g_return_val_if_fail (PD_IS_VIEW (self), FALSE);

  return PD_VIEW_GET_IFACE (self)->export_finish (self, result, n_rows_out, error);
}

/* pd-view.h - what the window asks of each of its views
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pd-query.h"

G_BEGIN_DECLS

/**
 * PdViewFilters:
 * @PD_VIEW_FILTER_ACCOUNT: the view can be narrowed to one account
 * @PD_VIEW_FILTER_PROVIDER: … to one provider's accounts
 * @PD_VIEW_FILTER_STATE: … to transactions in one state
 * @PD_VIEW_FILTER_DATES: … to a date range
 * @PD_VIEW_FILTER_AMOUNTS: … to an amount range
 * @PD_VIEW_FILTER_TEXT: … by the search entry
 *
 * Which parts of the filter bar and search apply to a view; the window
 * shows only those.
 */
typedef enum
{
  PD_VIEW_FILTER_ACCOUNT  = 1 << 0,
  PD_VIEW_FILTER_PROVIDER = 1 << 1,
  PD_VIEW_FILTER_STATE    = 1 << 2,
  PD_VIEW_FILTER_DATES    = 1 << 3,
  PD_VIEW_FILTER_AMOUNTS  = 1 << 4,
  PD_VIEW_FILTER_TEXT     = 1 << 5,
} PdViewFilters;

#define PD_TYPE_VIEW (pd_view_get_type ())

G_DECLARE_INTERFACE (PdView, pd_view, PD, VIEW, GtkWidget)

/**
 * PdViewInterface:
 * @get_filters: which filters apply
 * @set_filter: show only what @filter selects (account, provider, states,
 *   dates, amounts and text; the rest of the query is the view's own)
 * @reload: read the store again, after it changed
 * @dup_saved_query: (nullable): the whole query the view shows, to be
 *   saved as a named view; %NULL when the view cannot be saved
 * @apply_saved_query: show a saved query, its order included
 * @export_async: write every row the view shows, not only those on
 *   screen, as CSV; %NULL when the view cannot be exported
 * @export_finish: finishes @export_async, giving the number of rows
 *
 * A page of the main window. Implementations have the properties
 * `selected-item` (the record the detail pane shows, or %NULL) and
 * `summary` (a line such as “1,204 charges” for the header bar).
 */
struct _PdViewInterface
{
  GTypeInterface parent_iface;

  PdViewFilters  (*get_filters)       (PdView               *self);
  void           (*set_filter)        (PdView               *self,
                                       const PdQuery        *filter);
  void           (*reload)            (PdView               *self);
  PdQuery       *(*dup_saved_query)   (PdView               *self);
  void           (*apply_saved_query) (PdView               *self,
                                       const PdQuery        *query);
  void           (*export_async)      (PdView               *self,
                                       GFile                *file,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
  gboolean       (*export_finish)     (PdView               *self,
                                       GAsyncResult         *result,
                                       guint64              *n_rows_out,
                                       GError              **error);
};

PdViewFilters  pd_view_get_filters       (PdView               *self);
void           pd_view_emit_error        (PdView               *self,
                                          const GError         *error);
void           pd_view_set_filter        (PdView               *self,
                                          const PdQuery        *filter);
void           pd_view_reload            (PdView               *self);
GObject       *pd_view_get_selected_item (PdView               *self);
char          *pd_view_dup_summary       (PdView               *self);
PdQuery       *pd_view_dup_saved_query   (PdView               *self);
void           pd_view_apply_saved_query (PdView               *self,
                                          const PdQuery        *query);
gboolean       pd_view_can_export        (PdView               *self);
void           pd_view_export_async      (PdView               *self,
                                          GFile                *file,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean       pd_view_export_finish     (PdView               *self,
                                          GAsyncResult         *result,
                                          guint64              *n_rows_out,
                                          GError              **error);

GPtrArray     *pd_view_export_rows_new    (void);
void           pd_view_export_rows_add    (GPtrArray            *rows,
                                           const char * const   *texts,
                                           guint                 n_cells,
                                           guint                 number_mask);
void           pd_view_export_rows_async  (PdView               *self,
                                           GPtrArray            *rows,
                                           GFile                *file,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean       pd_view_export_task_finish (PdView               *self,
                                           GAsyncResult         *result,
                                           guint64              *n_rows_out,
                                           GError              **error);

G_END_DECLS

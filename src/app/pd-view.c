/* pd-view.c - what the window asks of each of its views
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-csv-writer.h"
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

/* Export of rows held in memory: the rows are copied on the main thread
 * and written in a worker. */

typedef struct
{
  PdCsvCell  kind;
  char      *text;
} ExportCell;

static void
export_cell_clear (gpointer data)
{
  g_free (((ExportCell *)data)->text);
}

/**
 * pd_view_export_rows_add:
 * @rows: rows for pd_view_export_rows_async()
 * @texts: (array length=n_cells): the cells of the row
 * @n_cells: how many
 * @number_mask: the cells whose bit is set are plain numbers
 *
 * For implementations: adds a row to write.
 */
void
pd_view_export_rows_add (GPtrArray          *rows,
                         const char * const *texts,
                         guint               n_cells,
                         guint               number_mask)
{
  GArray *row = g_array_sized_new (FALSE, FALSE, sizeof (ExportCell), n_cells);

  g_return_if_fail (rows != NULL);

  g_array_set_clear_func (row, export_cell_clear);
  for (guint i = 0; i < n_cells; i++)
    {
      ExportCell cell = { (number_mask & (1u << i)) ? PD_CSV_NUMBER : PD_CSV_TEXT, g_strdup (texts[i]) };

      g_array_append_val (row, cell);
    }
  g_ptr_array_add (rows, row);
}

/**
 * pd_view_export_rows_new:
 *
 * Returns: (transfer full): an empty list of rows for
 *   pd_view_export_rows_add()
 */
GPtrArray *
pd_view_export_rows_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
}

static void
export_rows_worker (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GPtrArray *rows = g_object_get_data (G_OBJECT (task), "rows");
  GFile *file = task_data;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(PdCsvWriter) writer = NULL;
  g_autoptr(GError) error = NULL;

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  writer = pd_csv_writer_new (G_OUTPUT_STREAM (stream));
  for (guint i = 0; i < rows->len; i++)
    {
      GArray *row = g_ptr_array_index (rows, i);

      for (guint c = 0; c < row->len; c++)
        {
          const ExportCell *cell = &g_array_index (row, ExportCell, c);

          pd_csv_writer_add (writer, cell->kind, cell->text);
        }
      if (!pd_csv_writer_end_row (writer, cancellable, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  if (!pd_csv_writer_close (writer, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The header is not a row of the list. */
  g_task_return_int (task, (gssize)rows->len - 1);
}

/**
 * pd_view_export_rows_async:
 * @self: a view
 * @rows: (transfer full): the header, then the rows, from
 *   pd_view_export_rows_new()
 * @file: where to write them
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is written
 * @user_data: for @callback
 *
 * For implementations of #PdViewInterface.export_async whose rows are in
 * memory: writes @rows to @file as CSV in a worker. Finish with
 * pd_view_export_task_finish().
 */
void
pd_view_export_rows_async (PdView              *self,
                           GPtrArray           *rows,
                           GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_VIEW (self));
  g_return_if_fail (rows != NULL && rows->len > 0);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_view_export_rows_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "rows", rows, (GDestroyNotify)g_ptr_array_unref);
  g_task_run_in_thread (task, export_rows_worker);
}

/**
 * pd_view_export_task_finish:
 * @self: a view
 * @result: a #GTask that returned the number of rows written as an int
 * @n_rows_out: (out) (optional): the number of rows written
 * @error: return location for a #GError
 *
 * For implementations: a #PdViewInterface.export_finish for exports
 * whose task returns the number of rows, as pd_view_export_rows_async()
 * does.
 *
 * Returns: whether the file was written
 */
gboolean
pd_view_export_task_finish (PdView        *self,
                            GAsyncResult  *result,
                            guint64       *n_rows_out,
                            GError       **error)
{
  gssize n_rows;

  g_return_val_if_fail (PD_IS_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  n_rows = g_task_propagate_int (G_TASK (result), error);
  if (n_rows < 0)
    return FALSE;

  if (n_rows_out != NULL)
    *n_rows_out = (guint64)n_rows;

  return TRUE;
}

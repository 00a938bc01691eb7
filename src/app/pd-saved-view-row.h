/* pd-saved-view-row.h - a saved view in the sidebar
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PD_TYPE_SAVED_VIEW_ROW (pd_saved_view_row_get_type ())

G_DECLARE_FINAL_TYPE (PdSavedViewRow, pd_saved_view_row, PD, SAVED_VIEW_ROW, GtkListBoxRow)

GtkWidget  *pd_saved_view_row_new      (const char     *name);
const char *pd_saved_view_row_get_name (PdSavedViewRow *self);

G_END_DECLS

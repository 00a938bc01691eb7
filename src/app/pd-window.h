/* pd-window.h - the main window: views in a sidebar, a list, its filters and a detail pane
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-payments.h"
#include "pd-store.h"
#include "pd-sync-queue.h"
#include "pd-view.h"

G_BEGIN_DECLS

#define PD_TYPE_WINDOW (pd_window_get_type ())

G_DECLARE_FINAL_TYPE (PdWindow, pd_window, PD, WINDOW, AdwApplicationWindow)

PdWindow    *pd_window_new               (GtkApplication *application,
                                          PdStore        *store,
                                          PdSyncQueue    *sync_queue);
PdStore     *pd_window_get_store         (PdWindow       *self);
PdSyncQueue *pd_window_get_sync_queue    (PdWindow       *self);
PdPayments  *pd_window_get_payments      (PdWindow       *self);
void         pd_window_set_payments      (PdWindow       *self,
                                          PdPayments     *payments);

void         pd_window_add_view          (PdWindow       *self,
                                          const char     *name,
                                          const char     *title,
                                          const char     *icon_name,
                                          PdView         *view);
PdView      *pd_window_get_view          (PdWindow       *self,
                                          const char     *name);
void         pd_window_show_view         (PdWindow       *self,
                                          const char     *name);
const char  *pd_window_get_view_name     (PdWindow       *self);
GObject     *pd_window_get_selected_item (PdWindow       *self);

void         pd_window_reload            (PdWindow       *self);
void         pd_window_add_toast         (PdWindow       *self,
                                          const char     *message);
void         pd_window_show_error        (PdWindow       *self,
                                          const GError   *error);
void         pd_window_present_dialog    (PdWindow       *self,
                                          GtkWindow      *dialog);

G_END_DECLS

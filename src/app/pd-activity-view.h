/* pd-activity-view.h - the audit trail: every action taken from this desktop
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_ACTIVITY_VIEW (pd_activity_view_get_type ())

G_DECLARE_FINAL_TYPE (PdActivityView, pd_activity_view, PD, ACTIVITY_VIEW, GtkWidget)

GtkWidget     *pd_activity_view_new             (PdStore        *store);
GListModel    *pd_activity_view_get_model       (PdActivityView *self);
GtkColumnView *pd_activity_view_get_column_view (PdActivityView *self);

G_END_DECLS

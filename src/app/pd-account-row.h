/* pd-account-row.h - a provider account and its last sync, in the sidebar
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pd-records.h"

G_BEGIN_DECLS

#define PD_TYPE_ACCOUNT_ROW (pd_account_row_get_type ())

G_DECLARE_FINAL_TYPE (PdAccountRow, pd_account_row, PD, ACCOUNT_ROW, GtkListBoxRow)

GtkWidget *pd_account_row_new            (const PdAccount *account);
gint64     pd_account_row_get_account_id (PdAccountRow    *self);
void       pd_account_row_set_progress   (PdAccountRow    *self,
                                          gboolean         syncing,
                                          guint64          n_records,
                                          guint            n_pages);
void       pd_account_row_set_error      (PdAccountRow    *self,
                                          const char      *message);
void       pd_account_row_refresh        (PdAccountRow    *self);

G_END_DECLS

/* pd-test-dialog.h - driving the application's dialogs as a person would, for the UI tests
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-test-app.h"
#include "pd-test-sandbox.h"

G_BEGIN_DECLS

typedef gboolean (*PdTestWidgetMatch) (GtkWidget *widget, gconstpointer data);

void           pd_test_save_dialog_screenshot (GtkWidget         *dialog,
                                               const char        *name);

GtkWidget     *pd_test_find_widget       (GtkWidget         *root,
                                          GType              type,
                                          PdTestWidgetMatch  match,
                                          gconstpointer      data);
gboolean       pd_test_row_titled        (GtkWidget         *widget,
                                          gconstpointer      title);
gboolean       pd_test_button_labelled   (GtkWidget         *widget,
                                          gconstpointer      prefix);
gboolean       pd_test_label_shown       (GtkWidget         *widget,
                                          gconstpointer      text);

GtkWidget     *pd_test_row               (GtkWidget         *dialog,
                                          GType              type,
                                          const char        *title);
void           pd_test_type_into         (GtkWidget         *dialog,
                                          const char        *title,
                                          const char        *text);
const char    *pd_test_text_of           (GtkWidget         *dialog,
                                          GType              type,
                                          const char        *title);
GPtrArray     *pd_test_combo_titles      (GtkWidget         *dialog,
                                          const char        *title);
void           pd_test_choose            (GtkWidget         *dialog,
                                          const char        *combo_title,
                                          const char        *item);
GtkButton     *pd_test_button            (GtkWidget         *dialog,
                                          const char        *label_prefix);
void           pd_test_click             (GtkWidget         *dialog,
                                          const char        *label_prefix);
gboolean       pd_test_button_sensitive  (GtkWidget         *dialog,
                                          const char        *label_prefix);

const char    *pd_test_page_of           (GtkWidget         *dialog);
AdwStatusPage *pd_test_status_page       (GtkWidget         *dialog);
void           pd_test_wait_for_page     (GtkWidget         *dialog,
                                          const char        *page);

GtkWidget     *pd_test_find_toplevel     (GType              type);
gboolean       pd_test_toplevel_shown    (gpointer           type);
gboolean       pd_test_toplevel_gone     (gpointer           type);
GtkWidget     *pd_test_open_dialog       (PdWindow          *window,
                                          const char        *action,
                                          GType              type,
                                          const char        *page);
void           pd_test_close_dialogs     (GType              first_type,
                                          ...);

gint64         pd_test_add_sandbox_account (PdTestSandbox   *sandbox,
                                            PdStore         *store,
                                            PdSecrets       *secrets,
                                            GPtrArray       *uuids,
                                            const char      *provider,
                                            const char      *label,
                                            const char      *field,
                                            const char      *second_field);

G_END_DECLS

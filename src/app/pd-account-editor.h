/* pd-account-editor.h - adds or edits one provider account, in the preferences
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-preferences-window.h"
#include "pd-records.h"

G_BEGIN_DECLS

#define PD_TYPE_ACCOUNT_EDITOR (pd_account_editor_get_type ())

G_DECLARE_FINAL_TYPE (PdAccountEditor, pd_account_editor, PD, ACCOUNT_EDITOR, GtkBox)

GtkWidget       *pd_account_editor_new         (PdPreferencesWindow *preferences,
                                                const PdAccount     *account);
const PdAccount *pd_account_editor_get_account (PdAccountEditor     *self);
gboolean         pd_account_editor_get_busy    (PdAccountEditor     *self);

G_END_DECLS

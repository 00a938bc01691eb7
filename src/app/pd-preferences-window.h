/* pd-preferences-window.h - the preferences: provider accounts and the keyring
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-secrets.h"
#include "pd-window.h"

G_BEGIN_DECLS

#define PD_TYPE_PREFERENCES_WINDOW (pd_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (PdPreferencesWindow, pd_preferences_window, PD, PREFERENCES_WINDOW, AdwPreferencesWindow)

PdPreferencesWindow *pd_preferences_window_new              (PdWindow            *window,
                                                             PdSecrets           *secrets);
PdWindow            *pd_preferences_window_get_window       (PdPreferencesWindow *self);
PdSecrets           *pd_preferences_window_get_secrets      (PdPreferencesWindow *self);
void                 pd_preferences_window_reload           (PdPreferencesWindow *self);
void                 pd_preferences_window_edit_account     (PdPreferencesWindow *self,
                                                             const PdAccount     *account);
void                 pd_preferences_window_add_account      (PdPreferencesWindow *self);
void                 pd_preferences_window_accounts_changed (PdPreferencesWindow *self,
                                                             gint64               new_account_id);
void                 pd_preferences_window_keyring_failed   (PdPreferencesWindow *self,
                                                             const GError        *error);
gboolean             pd_preferences_window_get_keyring_note_visible (PdPreferencesWindow *self);

G_END_DECLS

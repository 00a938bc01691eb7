/* pd-preferences-window.c - the preferences: provider accounts and the keyring
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * One page, Accounts: a row per provider account (activate it to edit it
 * in a PdAccountEditor sub-page) and "Add Account…". When the keyring
 * cannot take a key (no Secret Service, or a locked keyring), a group at
 * the top says in words what happens instead. After every change the main
 * window reads its accounts again, and a new account is synchronized.
 */

#include <glib/gi18n.h>

#include "pd-account-editor.h"
#include "pd-preferences-window.h"
#include "pd-window-private.h"

struct _PdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template */
  AdwPreferencesGroup  *keyring_group;
  GtkLabel             *keyring_label;
  GtkListBox           *accounts_list;

  /* State */
  PdWindow             *window;
  PdSecrets            *secrets;
  GtkWidget            *editor;
  int                   keyring_error;
};

G_DEFINE_FINAL_TYPE (PdPreferencesWindow, pd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *
keyring_text (int code)
{
  if (code == PD_SECRETS_ERROR_LOCKED)
    return _("Your keyring is locked, or has no default keyring, so Paydesk cannot save keys in it. "
             "The keys you enter are kept in memory for this session only: Paydesk forgets them "
             "when it quits, and at the next start it asks you to enter them again here. Unlock "
             "or set up the keyring in Passwords and Keys, then save the account again to keep "
             "its keys.");

  return _("No keyring (Secret Service) is running, so Paydesk cannot save keys. "
           "The keys you enter are kept in memory for this session only: Paydesk forgets them "
           "when it quits, and at the next start it asks you to enter them again here. Start a "
           "keyring such as GNOME Keyring, then save the account again to keep its keys.");
}

static void
update_keyring_note (PdPreferencesWindow *self)
{
  gboolean shown = self->keyring_error >= 0 || pd_secrets_get_session_only (self->secrets);

  gtk_label_set_label (self->keyring_label, keyring_text (self->keyring_error));
  gtk_widget_set_visible (GTK_WIDGET (self->keyring_group), shown);
}

static void
account_row_activated_cb (AdwActionRow        *row,
                          PdPreferencesWindow *self)
{
  const PdAccount *account = g_object_get_data (G_OBJECT (row), "pd-account");

  pd_preferences_window_edit_account (self, account);
}

static GtkWidget *
account_row_new (PdPreferencesWindow *self,
                 const PdAccount     *account)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  g_autoptr(GString) subtitle = g_string_new (NULL);

  /* Translators: provider and mode of an account, e.g. "FayaPay · Test" */
  g_string_printf (subtitle, _("%s · %s"), pd_provider_get_display_name (account->provider),
                   pd_account_mode_get_label (account->mode));
  if (account->base_url != NULL && account->base_url[0] != '\0')
    g_string_append_printf (subtitle, " · %s", account->base_url);
  if (pd_secrets_has_session_secrets (self->secrets, account->uuid))
    g_string_append_printf (subtitle, "\n%s", _("Keys kept for this session only"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), account->label);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Edit, test or remove the account"));

  g_object_set_data_full (G_OBJECT (row), "pd-account", pd_account_copy (account),
                          (GDestroyNotify)pd_account_free);
  g_signal_connect_object (row, "activated", G_CALLBACK (account_row_activated_cb), self, 0);

  return row;
}

/**
 * pd_preferences_window_reload:
 * @self: the preferences
 *
 * Reads the accounts from the store again.
 */
void
pd_preferences_window_reload (PdPreferencesWindow *self)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  g_return_if_fail (PD_IS_PREFERENCES_WINDOW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->accounts_list))) != NULL)
    gtk_list_box_remove (self->accounts_list, child);

  if (!pd_store_list_accounts (pd_window_get_store (self->window), &accounts, &error))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }

  for (guint i = 0; i < accounts->len; i++)
    gtk_list_box_append (self->accounts_list, account_row_new (self, g_ptr_array_index (accounts, i)));

  update_keyring_note (self);
}

static void
editor_unmapped_cb (GtkWidget           *editor,
                    PdPreferencesWindow *self)
{
  /* The sub-page was left (back, Escape, or after a save). */
  if (self->editor == editor)
    g_clear_object (&self->editor);
}

static void
present_editor (PdPreferencesWindow *self,
                const PdAccount     *account)
{
  g_clear_object (&self->editor);
  self->editor = g_object_ref_sink (pd_account_editor_new (self, account));
  g_signal_connect_object (self->editor, "unmap", G_CALLBACK (editor_unmapped_cb), self, 0);
  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self), self->editor);
}

/**
 * pd_preferences_window_edit_account:
 * @self: the preferences
 * @account: an account of the store
 *
 * Shows the account's settings, to change, test or remove it.
 */
void
pd_preferences_window_edit_account (PdPreferencesWindow *self,
                                    const PdAccount     *account)
{
  g_return_if_fail (PD_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (account != NULL);

  present_editor (self, account);
}

/**
 * pd_preferences_window_add_account:
 * @self: the preferences
 *
 * Shows an empty account form.
 */
void
pd_preferences_window_add_account (PdPreferencesWindow *self)
{
  g_return_if_fail (PD_IS_PREFERENCES_WINDOW (self));

  present_editor (self, NULL);
}

/**
 * pd_preferences_window_accounts_changed:
 * @self: the preferences
 * @new_account_id: the account just added, or 0
 *
 * Called by the editor after it changed the store: the list here and the
 * main window are read again, and a new account is synchronized.
 */
void
pd_preferences_window_accounts_changed (PdPreferencesWindow *self,
                                        gint64               new_account_id)
{
  PdSyncQueue *queue;
  PdPayments *payments;

  g_return_if_fail (PD_IS_PREFERENCES_WINDOW (self));

  if (self->window == NULL)
    return;

  /* Money moves with the accounts' new keys and addresses from now on. */
  payments = pd_window_get_payments (self->window);
  if (payments != NULL)
    pd_payments_forget_accounts (payments);

  pd_preferences_window_reload (self);
  pd_window_reload (self->window);

  queue = pd_window_get_sync_queue (self->window);
  if (new_account_id != 0 && queue != NULL)
    pd_sync_queue_sync_account (queue, new_account_id);
}

/**
 * pd_preferences_window_keyring_failed:
 * @self: the preferences
 * @error: why the keyring did not take a key
 *
 * Explains, in the window, what happens to keys the keyring could not
 * take: %PD_SECRETS_ERROR_NO_SERVICE and %PD_SECRETS_ERROR_LOCKED mean
 * they are kept for this session only.
 */
void
pd_preferences_window_keyring_failed (PdPreferencesWindow *self,
                                      const GError        *error)
{
  g_return_if_fail (PD_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (error != NULL);

  if (g_error_matches (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NO_SERVICE) ||
      g_error_matches (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_LOCKED))
    {
      self->keyring_error = error->code;
      update_keyring_note (self);
    }
}

gboolean
pd_preferences_window_get_keyring_note_visible (PdPreferencesWindow *self)
{
  g_return_val_if_fail (PD_IS_PREFERENCES_WINDOW (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->keyring_group));
}

PdWindow *
pd_preferences_window_get_window (PdPreferencesWindow *self)
{
  g_return_val_if_fail (PD_IS_PREFERENCES_WINDOW (self), NULL);

  return self->window;
}

PdSecrets *
pd_preferences_window_get_secrets (PdPreferencesWindow *self)
{
  g_return_val_if_fail (PD_IS_PREFERENCES_WINDOW (self), NULL);

  return self->secrets;
}

static void
add_account_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  pd_preferences_window_add_account (PD_PREFERENCES_WINDOW (widget));
}

/* GObject */

static void
pd_preferences_window_dispose (GObject *object)
{
  PdPreferencesWindow *self = (PdPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->editor);
  g_clear_object (&self->window);
  g_clear_object (&self->secrets);

  G_OBJECT_CLASS (pd_preferences_window_parent_class)->dispose (object);
}

static void
pd_preferences_window_class_init (PdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/paydesk/Paydesk/pd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, keyring_group);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, keyring_label);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, accounts_list);

  gtk_widget_class_install_action (widget_class, "prefs.add-account", NULL, add_account_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "prefs.add-account", NULL);
}

static void
pd_preferences_window_init (PdPreferencesWindow *self)
{
  GtkWidget *placeholder;

  self->keyring_error = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  placeholder = gtk_label_new (_("No provider account yet. Add one with the keys your provider gave you."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->accounts_list, placeholder);
}

/**
 * pd_preferences_window_new:
 * @window: the main window, whose store and sync queue it uses
 * @secrets: the application's keyring
 *
 * Returns: (transfer full): the preferences, transient for @window
 */
PdPreferencesWindow *
pd_preferences_window_new (PdWindow  *window,
                           PdSecrets *secrets)
{
  PdPreferencesWindow *self;

  g_return_val_if_fail (PD_IS_WINDOW (window), NULL);
  g_return_val_if_fail (PD_IS_SECRETS (secrets), NULL);

  self = g_object_new (PD_TYPE_PREFERENCES_WINDOW, NULL);
  self->window = g_object_ref (window);
  self->secrets = g_object_ref (secrets);
  g_signal_connect_object (secrets, "notify::session-only", G_CALLBACK (update_keyring_note), self,
                           G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (window));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);

  pd_preferences_window_reload (self);

  return self;
}

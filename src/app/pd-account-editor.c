/* pd-account-editor.c - adds or edits one provider account, in the preferences
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * A sub-page of the preferences. The account's own fields go to the store;
 * its credentials (one password row per secret field) go straight to the
 * keyring through PdSecrets, and are never shown again: an empty row keeps
 * what the keyring holds. Keys, tokens and passwords issued by the set-up
 * flows (PawaCard's log-in, EnayaPay's verify, log-in, password reset and
 * change) join them.
 *
 * Provider calls go through pd-account-setup.c. A save stores the secrets
 * first and the account second, so that no account is left without its
 * keys; a removal clears the keyring item before the store row. Each
 * change writes an audit line, as the outbox does for money.
 */

#include <string.h>

#include <glib/gi18n.h>

#include "pd-account-editor.h"
#include "pd-account-setup.h"
#include "pd-provider-registry.h"
#include "pd-window.h"

struct _PdAccountEditor
{
  GtkBox               parent_instance;

  /* Template */
  AdwWindowTitle      *title;
  GtkButton           *save_button;
  GtkSpinner          *spinner;
  AdwComboRow         *provider_row;
  AdwEntryRow         *label_row;
  AdwComboRow         *mode_row;
  AdwEntryRow         *base_url_row;
  AdwEntryRow         *username_row;
  AdwEntryRow         *phone_row;
  AdwPreferencesGroup *credentials_group;
  AdwPreferencesGroup *enayapay_group;
  AdwEntryRow         *enayapay_user_row;
  AdwEntryRow         *otp_row;
  AdwPreferencesGroup *enayapay_password_group;
  AdwEntryRow         *new_password_row;
  AdwEntryRow         *current_password_row;
  AdwPreferencesGroup *pawacard_group;
  AdwActionRow        *status_row;
  AdwPreferencesGroup *remove_group;

  /* State */
  PdPreferencesWindow *preferences;
  GtkImage            *status_icon;
  /* The account as stored; NULL while adding one. */
  PdAccount           *account;
  /* What the keyring holds for it, and what set-up flows issued since. */
  PdSecretSet         *saved;
  PdSecretSet         *issued;
  GPtrArray           *secret_rows;
  GPtrArray           *providers;
  GCancellable        *cancellable;
  char                *shown_default_url;
  guint                busy;
};

G_DEFINE_FINAL_TYPE (PdAccountEditor, pd_account_editor, GTK_TYPE_BOX)

static const char * const all_providers[] = {
  "fayapay", "zengapay", "eoneopay", "pawacard", "enayapay",
};

/* Secrets a provider can use beyond those it needs (the registry's). */
static const struct
{
  const char *provider;
  const char *field;
} optional_fields[] = {
  { "zengapay", "secret_hash" },
  { "enayapay", "password" },
};

static const char *
field_title (const char *field)
{
  static const struct
  {
    const char *field;
    const char *title;
  } titles[] = {
    { "api_key", N_("API Key") },
    { "token", N_("Access Token") },
    { "password", N_("Password") },
    { "secret_hash", N_("Webhook Secret Hash (Optional)") },
    { "session_key", N_("Session Key") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_str_equal (titles[i].field, field))
      return _(titles[i].title);

  return field;
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

static char *
entry_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  g_strstrip (text);
  return is_blank (text) ? NULL : g_steal_pointer (&text);
}

static const char *
current_provider (PdAccountEditor *self)
{
  guint selected;

  if (self->account != NULL)
    return self->account->provider;

  selected = adw_combo_row_get_selected (self->provider_row);
  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->providers->len)
    return NULL;

  return g_ptr_array_index (self->providers, selected);
}

static PdStore *
get_store (PdAccountEditor *self)
{
  return pd_window_get_store (pd_preferences_window_get_window (self->preferences));
}

static PdSecrets *
get_secrets (PdAccountEditor *self)
{
  return pd_preferences_window_get_secrets (self->preferences);
}

static void
show_toast (PdAccountEditor *self,
            const char      *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 6);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self->preferences), toast);
}

static void
set_status (PdAccountEditor *self,
            gboolean         ok,
            const char      *message)
{
  adw_action_row_set_subtitle (self->status_row, message);
  gtk_image_set_from_icon_name (self->status_icon, ok ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  gtk_widget_set_visible (GTK_WIDGET (self->status_icon), TRUE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), ok ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), ok ? "success" : "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
}

static void
update_actions (PdAccountEditor *self)
{
  gboolean idle = self->busy == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.test", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.remove", idle && self->account != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.pawacard-login", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.enayapay-register", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.enayapay-verify", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.enayapay-login", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.enayapay-reset-password", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.enayapay-change-password", idle);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), !idle);
  gtk_spinner_set_spinning (self->spinner, !idle);
}

static void
begin_work (PdAccountEditor *self)
{
  self->busy++;
  update_actions (self);
}

static void
end_work (PdAccountEditor *self)
{
  g_return_if_fail (self->busy > 0);

  self->busy--;
  /* Disposed (its window destroyed) while the work ran: nothing to show. */
  if (self->preferences != NULL)
    update_actions (self);
}

/* The form */

static GtkWidget *
find_secret_row (PdAccountEditor *self,
                 const char      *field)
{
  for (guint i = 0; i < self->secret_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->secret_rows, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "pd-field"), field) == 0)
        return row;
    }

  return NULL;
}

static void
add_secret_row (PdAccountEditor *self,
                const char      *field)
{
  GtkWidget *row;

  if (find_secret_row (self, field) != NULL)
    return;

  row = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_title (field));
  g_object_set_data_full (G_OBJECT (row), "pd-field", g_strdup (field), g_free);
  adw_preferences_group_add (self->credentials_group, row);
  g_ptr_array_add (self->secret_rows, row);
}

static void
update_credentials_description (PdAccountEditor *self)
{
  if (self->saved != NULL && pd_secret_set_get_size (self->saved) > 0)
    adw_preferences_group_set_description (self->credentials_group,
                                           _("Saved in the keyring and never shown again. "
                                             "Leave a field empty to keep what is saved."));
  else
    adw_preferences_group_set_description (self->credentials_group,
                                           _("Kept in the keyring, never in Paydesk’s files."));
}

static void
rebuild_for_provider (PdAccountEditor *self)
{
  const char *provider = current_provider (self);
  const char * const *fields = pd_provider_registry_get_secret_fields (provider);
  const char *default_url = pd_account_setup_get_default_base_url (provider);
  g_autofree char *url = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->base_url_row)));

  for (guint i = 0; i < self->secret_rows->len; i++)
    adw_preferences_group_remove (self->credentials_group, g_ptr_array_index (self->secret_rows, i));
  g_ptr_array_set_size (self->secret_rows, 0);

  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    add_secret_row (self, fields[i]);
  for (guint i = 0; i < G_N_ELEMENTS (optional_fields); i++)
    if (g_strcmp0 (optional_fields[i].provider, provider) == 0)
      add_secret_row (self, optional_fields[i].field);

  gtk_widget_set_visible (GTK_WIDGET (self->username_row), g_strcmp0 (provider, "pawacard") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->phone_row), g_strcmp0 (provider, "enayapay") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->pawacard_group), g_strcmp0 (provider, "pawacard") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->enayapay_group), g_strcmp0 (provider, "enayapay") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->enayapay_password_group), g_strcmp0 (provider, "enayapay") == 0);

  /* A new account starts on the provider's documented address, unless
   * the user typed another one. */
  if (self->account == NULL && (is_blank (url) || g_strcmp0 (url, self->shown_default_url) == 0))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->base_url_row), default_url != NULL ? default_url : "");
      g_free (self->shown_default_url);
      self->shown_default_url = g_strdup (default_url);
    }

  g_clear_pointer (&self->issued, pd_secret_set_free);
  self->issued = pd_secret_set_new ();
  update_credentials_description (self);
}

static void
provider_selected_cb (PdAccountEditor *self)
{
  rebuild_for_provider (self);
}

/* The account as the form shows it. */
static PdAccount *
collect_account (PdAccountEditor *self)
{
  PdAccount *account = self->account != NULL ? pd_account_copy (self->account) : pd_account_new ();
  const char *provider = current_provider (self);

  if (self->account == NULL)
    account->provider = g_strdup (provider);

  g_free (account->label);
  account->label = entry_text (self->label_row);
  g_free (account->base_url);
  account->base_url = entry_text (self->base_url_row);
  account->mode = adw_combo_row_get_selected (self->mode_row) == 1 ? PD_ACCOUNT_MODE_LIVE : PD_ACCOUNT_MODE_TEST;

  g_clear_pointer (&account->username, g_free);
  if (g_strcmp0 (provider, "pawacard") == 0)
    account->username = entry_text (self->username_row);
  g_clear_pointer (&account->phone, g_free);
  if (g_strcmp0 (provider, "enayapay") == 0)
    account->phone = entry_text (self->phone_row);

  return account;
}

static void
merge_into (PdSecretSet       *into,
            const PdSecretSet *from)
{
  g_auto(GStrv) fields = NULL;

  if (from == NULL)
    return;

  fields = pd_secret_set_dup_fields (from);
  for (guint i = 0; fields[i] != NULL; i++)
    pd_secret_set_set (into, fields[i], pd_secret_set_get (from, fields[i]));
}

/* What the keyring holds, then what flows issued, then what was typed. */
static PdSecretSet *
collect_secrets (PdAccountEditor *self)
{
  PdSecretSet *secrets = pd_secret_set_new ();

  merge_into (secrets, self->saved);
  merge_into (secrets, self->issued);

  for (guint i = 0; i < self->secret_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->secret_rows, i);
      const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

      if (!is_blank (text))
        pd_secret_set_set (secrets, g_object_get_data (G_OBJECT (row), "pd-field"), text);
    }

  return secrets;
}

static gboolean
has_typed_secrets (PdAccountEditor *self)
{
  for (guint i = 0; i < self->secret_rows->len; i++)
    if (!is_blank (gtk_editable_get_text (GTK_EDITABLE (g_ptr_array_index (self->secret_rows, i)))))
      return TRUE;

  return pd_secret_set_get_size (self->issued) > 0;
}

static gboolean
is_keyring_unavailable (const GError *error)
{
  return g_error_matches (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NO_SERVICE) ||
         g_error_matches (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_LOCKED);
}

static void
write_activity (PdAccountEditor *self,
                gint64           account_id,
                const char      *action,
                const char      *outcome,
                const char      *detail)
{
  g_autoptr(PdActivity) activity = pd_activity_new ();
  g_autoptr(GError) error = NULL;

  activity->account_id = account_id;
  activity->action = g_strdup (action);
  activity->outcome = g_strdup (outcome);
  activity->detail = g_strdup (detail);

  if (!pd_store_add_activity (get_store (self), activity, &error))
    show_toast (self, error->message);
}

static char *
describe_account (const PdAccount *account)
{
  /* Translators: an account in the audit trail: its name and provider,
   * e.g. "“Osu shop” (FayaPay)" */
  return g_strdup_printf (_("“%s” (%s)"), account->label != NULL ? account->label : "",
                          pd_provider_get_display_name (account->provider));
}

/* Saving */

typedef struct
{
  PdAccountEditor *self;
  PdAccount       *account;
  GError          *keyring_error;
  gboolean         secrets_changed;
} Save;

static void
save_free (Save *save)
{
  g_clear_object (&save->self);
  g_clear_pointer (&save->account, pd_account_free);
  g_clear_error (&save->keyring_error);
  g_free (save);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Save, save_free)

static void
changed_fields (GString         *out,
                const PdAccount *before,
                const PdAccount *after,
                gboolean         secrets_changed)
{
  if (g_strcmp0 (before->label, after->label) != 0)
    g_string_append_printf (out, _("; name “%s” → “%s”"), before->label, after->label);
  if (g_strcmp0 (before->base_url, after->base_url) != 0)
    g_string_append_printf (out, _("; address %s → %s"), before->base_url != NULL ? before->base_url : _("(default)"),
                            after->base_url != NULL ? after->base_url : _("(default)"));
  if (before->mode != after->mode)
    g_string_append_printf (out, _("; mode %s → %s"), pd_account_mode_get_label (before->mode),
                            pd_account_mode_get_label (after->mode));
  if (g_strcmp0 (before->username, after->username) != 0)
    g_string_append (out, _("; user name changed"));
  if (g_strcmp0 (before->phone, after->phone) != 0)
    g_string_append (out, _("; phone number changed"));
  if (secrets_changed)
    g_string_append (out, _("; credentials replaced in the keyring"));
}

static void
finish_save (Save *save)
{
  PdAccountEditor *self = save->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;
  g_autoptr(GString) detail = g_string_new (NULL);
  gint64 new_id = 0;
  PdPreferencesWindow *preferences = self->preferences;

  if (self->account == NULL)
    {
      if (!pd_store_add_account (get_store (self), save->account, &error))
        {
          /* No account without its keys, and no keys without an account. */
          pd_secrets_clear_async (get_secrets (self), save->account->uuid, NULL, NULL, NULL);
          show_toast (self, error->message);
          return;
        }
      new_id = save->account->id;
      described = describe_account (save->account);
      /* Translators: an audit line; %s is an account, e.g. "“Osu shop” (FayaPay)" */
      g_string_printf (detail, _("Added the account %s (%s, %s)"), described,
                       pd_account_mode_get_label (save->account->mode),
                       save->account->base_url != NULL ? save->account->base_url : _("default address"));
      if (save->keyring_error != NULL)
        g_string_append_printf (detail, _("; keys kept for this session only: %s"), save->keyring_error->message);
      write_activity (self, new_id, "account-add", "ok", detail->str);
      show_toast (self, _("Account added; synchronizing it"));
    }
  else
    {
      g_autoptr(PdAccount) current = pd_store_get_account (get_store (self), self->account->id, &error);
      g_autoptr(GString) changes = g_string_new (NULL);

      if (current == NULL)
        {
          show_toast (self, error->message);
          return;
        }

      /* The sync may have moved the last sync time since the form opened. */
      changed_fields (changes, current, save->account, save->secrets_changed);
      save->account->last_sync_at = current->last_sync_at;
      if (!pd_store_update_account (get_store (self), save->account, &error))
        {
          show_toast (self, error->message);
          return;
        }
      described = describe_account (save->account);
      /* Translators: an audit line; the first %s is an account, e.g. "“Osu
       * shop” (FayaPay)", the second what changed, e.g. "; mode Test → Live" */
      g_string_printf (detail, _("Changed the account %s%s"), described, changes->str);
      if (save->keyring_error != NULL)
        g_string_append_printf (detail, _("; keys kept for this session only: %s"), save->keyring_error->message);
      write_activity (self, save->account->id, "account-edit", "ok", detail->str);
      show_toast (self, _("Account saved"));
    }

  if (save->keyring_error != NULL)
    pd_preferences_window_keyring_failed (preferences, save->keyring_error);

  g_object_ref (preferences);
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (preferences));
  pd_preferences_window_accounts_changed (preferences, new_id);
  g_object_unref (preferences);
}

static void
secrets_stored_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Save) save = user_data;
  g_autoptr(GError) error = NULL;

  end_work (save->self);
  if (save->self->preferences == NULL)
    return;

  if (!pd_secrets_store_finish (PD_SECRETS (object), result, &error))
    {
      if (!is_keyring_unavailable (error))
        {
          show_toast (save->self, error->message);
          return;
        }
      /* Kept in memory instead: say so, and go on. */
      save->keyring_error = g_steal_pointer (&error);
    }

  finish_save (save);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PdAccountEditor *self = PD_ACCOUNT_EDITOR (widget);
  g_autoptr(PdAccount) account = collect_account (self);
  g_autoptr(PdSecretSet) secrets = collect_secrets (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(Save) save = NULL;
  const PdAccount *saved_account;
  gboolean store_secrets;

  if (is_blank (account->label))
    {
      show_toast (self, _("Give the account a name"));
      gtk_widget_grab_focus (GTK_WIDGET (self->label_row));
      return;
    }

  if (!pd_account_setup_check (account, secrets, &error))
    {
      show_toast (self, error->message);
      return;
    }

  if (self->account == NULL)
    {
      g_free (account->uuid);
      account->uuid = g_uuid_string_random ();
    }

  /* The keyring item carries the name in its label, so a new name is
   * saved there too. */
  store_secrets = self->account == NULL || has_typed_secrets (self) ||
                  (g_strcmp0 (self->account->label, account->label) != 0 &&
                   pd_secret_set_get_size (secrets) > 0);

  save = g_new0 (Save, 1);
  save->self = g_object_ref (self);
  save->account = g_steal_pointer (&account);
  save->secrets_changed = has_typed_secrets (self);

  if (!store_secrets)
    {
      finish_save (save);
      return;
    }

  /* Not cancelled with the page: once begun, a save is finished. */
  begin_work (self);
  saved_account = save->account;
  pd_secrets_store_async (get_secrets (self), saved_account->uuid, saved_account->provider,
                          saved_account->label, secrets, PD_SECRETS_STORE_SESSION_FALLBACK,
                          NULL, secrets_stored_cb, g_steal_pointer (&save));
}

/* Removing */

static void
secrets_cleared_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PdAccountEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;
  g_autofree char *detail = NULL;
  PdPreferencesWindow *preferences = self->preferences;

  end_work (self);
  if (self->preferences == NULL)
    return;

  /* Without a keyring there is no item to leave behind. */
  if (!pd_secrets_clear_finish (PD_SECRETS (object), result, &error) &&
      !g_error_matches (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NO_SERVICE))
    {
      show_toast (self, error->message);
      return;
    }
  g_clear_error (&error);

  if (!pd_store_remove_account (get_store (self), self->account->id, &error))
    {
      show_toast (self, error->message);
      return;
    }

  described = describe_account (self->account);
  /* Translators: an audit line; %s is an account, e.g. "“Osu shop” (FayaPay)" */
  detail = g_strdup_printf (_("Removed the account %s, its records on this computer and its keys in the keyring"),
                            described);
  write_activity (self, 0, "account-remove", "ok", detail);
  show_toast (self, _("Account removed"));

  g_object_ref (preferences);
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (preferences));
  pd_preferences_window_accounts_changed (preferences, 0);
  g_object_unref (preferences);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    PdAccountEditor  *self)
{
  if (!g_str_equal (response, "remove") || self->account == NULL)
    return;

  begin_work (self);
  pd_secrets_clear_async (get_secrets (self), self->account->uuid, NULL, secrets_cleared_cb,
                          g_object_ref (self));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PdAccountEditor *self = PD_ACCOUNT_EDITOR (widget);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->account == NULL)
    return;

  heading = g_strdup_printf (_("Remove “%s”?"), self->account->label);
  body = g_strdup_printf (_("Its records are removed from this computer and its keys from the keyring. "
                            "Nothing changes at %s: the account stays open there, and you can add it again."),
                          pd_provider_get_display_name (self->account->provider));
  dialog = adw_message_dialog_new (GTK_WINDOW (self->preferences), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Testing */

static void
tested_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PdAccountEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *message = NULL;
  g_autoptr(PdAccount) account = NULL;
  gboolean ok;

  ok = pd_account_setup_test_finish (result, &error);
  end_work (self);
  if (self->preferences == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  account = collect_account (self);
  described = describe_account (account);
  if (ok)
    message = g_strdup_printf (_("Connected: %s accepted the credentials."),
                               pd_provider_get_display_name (account->provider));
  else
    message = g_strdup (error->message);
  set_status (self, ok, message);

  /* Translators: an audit line: "Tested the account “Osu shop” (FayaPay): Connected: …" */
  detail = g_strdup_printf (_("Tested the account %s: %s"), described, message);
  write_activity (self, self->account != NULL ? self->account->id : 0, "account-test",
                  ok ? "ok" : "failed", detail);
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PdAccountEditor *self = PD_ACCOUNT_EDITOR (widget);
  g_autoptr(PdAccount) account = collect_account (self);
  g_autoptr(PdSecretSet) secrets = collect_secrets (self);

  begin_work (self);
  adw_action_row_set_subtitle (self->status_row, _("Asking the provider…"));
  gtk_widget_set_visible (GTK_WIDGET (self->status_icon), FALSE);
  pd_account_setup_test_async (account, secrets, self->cancellable, tested_cb, g_object_ref (self));
}

/* Set-up flows */

static void
issued_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PdAccountEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  end_work (self);
  if (!pd_secrets_store_finish (PD_SECRETS (object), result, &error) && self->preferences != NULL)
    {
      if (is_keyring_unavailable (error))
        pd_preferences_window_keyring_failed (self->preferences, error);
      else
        show_toast (self, error->message);
    }
}

/* Keys issued for an account that is already saved go to the keyring at
 * once; for a new one, with the rest when it is added. */
static void
take_issued (PdAccountEditor   *self,
             const PdSecretSet *issued,
             const char        *message)
{
  merge_into (self->issued, issued);

  if (self->account == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%s It goes into the keyring when you add the account."), message);

      set_status (self, TRUE, text);
    }
  else
    {
      g_autoptr(PdSecretSet) secrets = collect_secrets (self);

      merge_into (self->saved, issued);
      set_status (self, TRUE, message);
      begin_work (self);
      pd_secrets_store_async (get_secrets (self), self->account->uuid, self->account->provider,
                              self->account->label, secrets, PD_SECRETS_STORE_SESSION_FALLBACK,
                              NULL, issued_stored_cb, g_object_ref (self));
    }
}

static void
pawacard_logged_in_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(PdAccountEditor) self = user_data;
  g_autoptr(PdSecretSet) issued = NULL;
  g_autoptr(GError) error = NULL;

  issued = pd_account_setup_pawacard_login_finish (result, &error);
  end_work (self);
  if (self->preferences == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (issued == NULL)
    {
      set_status (self, FALSE, error->message);
      return;
    }

  take_issued (self, issued, _("Logged in: PawaCard issued a key."));
}

static void
pawacard_login_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PdAccountEditor *self = PD_ACCOUNT_EDITOR (widget);
  g_autoptr(PdAccount) account = collect_account (self);
  g_autoptr(PdSecretSet) secrets = collect_secrets (self);

  begin_work (self);
  pd_account_setup_pawacard_login_async (account, pd_secret_set_get (secrets, "password"),
                                         self->cancellable, pawacard_logged_in_cb, g_object_ref (self));
}

static void
enayapay_registered_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(PdAccountEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *message = NULL;

  pd_account_setup_enayapay_register_finish (result, &error);
  end_work (self);
  if (self->preferences == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      set_status (self, FALSE, error->message);
      return;
    }

  phone = entry_text (self->phone_row);
  message = g_strdup_printf (_("Registered: EnayaPay sent a one-time code to %s. Enter it and press Verify."), phone);
  set_status (self, TRUE, message);
  gtk_widget_grab_focus (GTK_WIDGET (self->otp_row));
}

static void
enayapay_register_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  PdAccountEditor *self = PD_ACCOUNT_EDITOR (widget);
  g_autoptr(PdAccount) account = collect_account (self);
  g_autoptr(PdSecretSet) secrets = collect_secrets (self);
  g_autofree char *user_name = entry_text (self->enayapay_user_row);
  const char *password = pd_secret_set_get (secrets, "password");

  if (user_name == NULL || is_blank (password))
    {
      set_status (self, FALSE, _("Enter a user name to register and a password for it first."));
      return;
    }

  begin_work (self);
  pd_account_setup_enayapay_register_async (account, pd_secret_set_get (secrets, "api_key"), user_name, password,
                                            self->cancellable, enayapay_registered_cb, g_object_ref (self));
}

static void
enayapay_token_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PdAccountEditor) self = user_data;
  g_autoptr(PdSecretSet) issued = NULL;
  g_autoptr(GError) error = NULL;
  gboolean verified = g_task_get_source_tag (G_TASK (result)) == pd_account_setup_enayapay_verify_async;

  if (verified)
    issued = pd_account_setup_enayapay_verify_finish (result, &error);
  else
    issued = pd_account_setup_enayapay_login_finish (result, &error);
  end_work (self);
  if (self->preferences == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (issued == NULL)
    {
      set_status (self, FALSE, error->message);
      return;
    }

  if (verified)
    gtk_editable_set_text (GTK_EDITABLE (self->otp_row), "");
  take_issued (self, issued, verified ? _("Verified: EnayaPay issued a session token.")
                                      : _("Logged in: EnayaPay issued a session token."));
}

static void
enayapay_verify_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PdAccountEditor *self = PD_ACCOUNT_EDITOR (widget);
  g_autoptr(PdAccount) account = collect_account (self);
  g_autoptr(PdSecretSet) secrets = collect_secrets (self);
  g_autofree char *otp = entry_text (self->otp_row);

  if (otp == NULL)
    {
      set_status (self, FALSE, _("Enter the one-time code EnayaPay sent by SMS first."));
      return;
    }

  begin_work (self);
  pd_account_setup_enayapay_verify_async (account, pd_secret_set_get (secrets, "api_key"), otp,
                                          self->cancellable, enayapay_token_cb, g_object_ref (self));
}

static void
enayapay_login_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PdAccountEditor *self = PD_ACCOUNT_EDITOR (widget);
  g_autoptr(PdAccount) account = collect_account (self);
  g_autoptr(PdSecretSet) secrets = collect_secrets (self);
  const char *password = pd_secret_set_get (secrets, "password");

  if (is_blank (password))
    {
      set_status (self, FALSE, _("Enter the EnayaPay password first."));
      return;
    }

  begin_work (self);
  pd_account_setup_enayapay_login_async (account, pd_secret_set_get (secrets, "api_key"), password,
                                         self->cancellable, enayapay_token_cb, g_object_ref (self));
}

/* The client's sentence, and the provider's own words when they add to it. */
static char *
describe_provider_error (const GError *error)
{
  const char *words = NULL;

  if (error->domain == PD_PROVIDER_ERROR)
    words = pd_provider_error_get_provider_message (error);
  if (is_blank (words) || strstr (error->message, words) != NULL)
    return g_strdup (error->message);

  /* Translators: a refusal, then the provider's own words, e.g. "The
   * current password is wrong; the password was not changed. EnayaPay
   * said: “wrong current password”." */
  return g_strdup_printf (_("%s %s said: “%s”."), error->message,
                          pd_provider_error_get_provider_name (error), words);
}

static void
enayapay_password_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PdAccountEditor) self = user_data;
  g_autoptr(PdSecretSet) issued = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdAccount) account = NULL;
  g_autofree char *described = NULL;
  g_autofree char *detail = NULL;
  gboolean reset = g_task_get_source_tag (G_TASK (result)) == pd_account_setup_enayapay_reset_password_async;
  gint64 account_id;
  GtkWidget *password_row;

  if (reset)
    issued = pd_account_setup_enayapay_reset_password_finish (result, &error);
  else
    issued = pd_account_setup_enayapay_change_password_finish (result, &error);
  end_work (self);
  if (self->preferences == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  account = collect_account (self);
  described = describe_account (account);
  account_id = self->account != NULL ? self->account->id : 0;

  if (issued == NULL)
    {
      g_autofree char *message = describe_provider_error (error);

      set_status (self, FALSE, message);
      /* Only a refusal by EnayaPay was an attempt on the account. */
      if (error->domain == PD_PROVIDER_ERROR)
        {
          /* Translators: an audit line: "Changing the EnayaPay password of “Omdurman shop” (EnayaPay) failed: …" */
          detail = g_strdup_printf (_("Changing the EnayaPay password of %s failed: %s"), described, message);
          write_activity (self, account_id, "account-edit", "failed", detail);
        }
      return;
    }

  /* The old password, typed or not, must not come back over the new one. */
  gtk_editable_set_text (GTK_EDITABLE (self->new_password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->current_password_row), "");
  password_row = find_secret_row (self, "password");
  if (password_row != NULL)
    gtk_editable_set_text (GTK_EDITABLE (password_row), "");

  if (reset)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->otp_row), "");
      /* Translators: an audit line; %s is an account, e.g. "“Omdurman shop” (EnayaPay)" */
      detail = g_strdup_printf (_("Changed the account %s; password changed at EnayaPay with a one-time code"),
                                described);
    }
  else
    {
      /* Translators: an audit line; %s is an account, e.g. "“Omdurman shop” (EnayaPay)" */
      detail = g_strdup_printf (_("Changed the account %s; password changed at EnayaPay"), described);
    }
  write_activity (self, account_id, "account-edit", "ok", detail);

  take_issued (self, issued, reset ? _("Password reset: EnayaPay took the new password.")
                                   : _("Password changed: EnayaPay took the new password."));
}

static void
enayapay_reset_password_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  PdAccountEditor *self = PD_ACCOUNT_EDITOR (widget);
  g_autoptr(PdAccount) account = collect_account (self);
  g_autoptr(PdSecretSet) secrets = collect_secrets (self);
  g_autofree char *otp = entry_text (self->otp_row);
  const char *new_password = gtk_editable_get_text (GTK_EDITABLE (self->new_password_row));

  if (otp == NULL)
    {
      set_status (self, FALSE, _("Enter the one-time code EnayaPay sent by SMS first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->otp_row));
      return;
    }

  if (is_blank (new_password))
    {
      set_status (self, FALSE, _("Enter the new password first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->new_password_row));
      return;
    }

  begin_work (self);
  pd_account_setup_enayapay_reset_password_async (account, pd_secret_set_get (secrets, "api_key"), otp,
                                                  new_password, self->cancellable, enayapay_password_cb,
                                                  g_object_ref (self));
}

static void
enayapay_change_password_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  PdAccountEditor *self = PD_ACCOUNT_EDITOR (widget);
  g_autoptr(PdAccount) account = collect_account (self);
  g_autoptr(PdSecretSet) secrets = collect_secrets (self);
  const char *new_password = gtk_editable_get_text (GTK_EDITABLE (self->new_password_row));
  const char *current_password = gtk_editable_get_text (GTK_EDITABLE (self->current_password_row));

  /* An empty row means the password the keyring holds. */
  if (is_blank (current_password))
    current_password = pd_secret_set_get (secrets, "password");

  if (is_blank (new_password))
    {
      set_status (self, FALSE, _("Enter the new password first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->new_password_row));
      return;
    }

  if (is_blank (current_password))
    {
      set_status (self, FALSE, _("Enter the current EnayaPay password first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->current_password_row));
      return;
    }

  begin_work (self);
  pd_account_setup_enayapay_change_password_async (account, pd_secret_set_get (secrets, "api_key"),
                                                   pd_secret_set_get (secrets, "token"), current_password,
                                                   new_password, self->cancellable, enayapay_password_cb,
                                                   g_object_ref (self));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PdAccountEditor *self = PD_ACCOUNT_EDITOR (widget);

  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self->preferences));
}

/* Loading what the keyring holds for an account being edited */

static void
saved_found_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PdAccountEditor) self = user_data;
  g_autoptr(PdSecretSet) saved = NULL;
  g_autoptr(GError) error = NULL;

  saved = pd_secrets_lookup_finish (PD_SECRETS (object), result, &error);
  end_work (self);
  if (self->preferences == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (saved != NULL)
    {
      g_clear_pointer (&self->saved, pd_secret_set_free);
      self->saved = g_steal_pointer (&saved);
    }
  else if (is_keyring_unavailable (error))
    pd_preferences_window_keyring_failed (self->preferences, error);
  else if (!g_error_matches (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NOT_FOUND))
    set_status (self, FALSE, error->message);

  update_credentials_description (self);
}

/* GObject */

static void
pd_account_editor_dispose (GObject *object)
{
  PdAccountEditor *self = (PdAccountEditor *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_ACCOUNT_EDITOR);
  g_clear_object (&self->preferences);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pd_account_editor_parent_class)->dispose (object);
}

static void
pd_account_editor_finalize (GObject *object)
{
  PdAccountEditor *self = (PdAccountEditor *)object;

  g_clear_pointer (&self->account, pd_account_free);
  g_clear_pointer (&self->saved, pd_secret_set_free);
  g_clear_pointer (&self->issued, pd_secret_set_free);
  g_clear_pointer (&self->secret_rows, g_ptr_array_unref);
  g_clear_pointer (&self->providers, g_ptr_array_unref);
  g_free (self->shown_default_url);

  G_OBJECT_CLASS (pd_account_editor_parent_class)->finalize (object);
}

static void
pd_account_editor_class_init (PdAccountEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_account_editor_dispose;
  object_class->finalize = pd_account_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/paydesk/Paydesk/pd-account-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, PdAccountEditor, title);
  gtk_widget_class_bind_template_child (widget_class, PdAccountEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, PdAccountEditor, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdAccountEditor, provider_row);
  gtk_widget_class_bind_template_child (widget_class, PdAccountEditor, label_row);
  gtk_widget_class_bind_template_child (widget_class, PdAccountEditor, mode_row);
  gtk_widget_class_bind_template_child (widget_class, PdAccountEditor, base_url_row);
  gtk_widget_class_bind_template_child (widget_class, PdAccountEditor, username_row);
  gtk_widget_class_bind_template_child (widget_class, PdAccountEditor, phone_row);
  gtk_widget_class_bind_template_child (widget_class, PdAccountEditor, credentials_group);
  gtk_widget_class_bind_template_child (widget_class, PdAccountEditor, enayapay_group);
  gtk_widget_class_bind_template_child (widget_class, PdAccountEditor, enayapay_user_row);
  gtk_widget_class_bind_template_child (widget_class, PdAccountEditor, otp_row);
  gtk_widget_class_bind_template_child (widget_class, PdAccountEditor, enayapay_password_group);
  gtk_widget_class_bind_template_child (widget_class, PdAccountEditor, new_password_row);
  gtk_widget_class_bind_template_child (widget_class, PdAccountEditor, current_password_row);
  gtk_widget_class_bind_template_child (widget_class, PdAccountEditor, pawacard_group);
  gtk_widget_class_bind_template_child (widget_class, PdAccountEditor, status_row);
  gtk_widget_class_bind_template_child (widget_class, PdAccountEditor, remove_group);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.test", NULL, test_action);
  gtk_widget_class_install_action (widget_class, "editor.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "editor.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "editor.pawacard-login", NULL, pawacard_login_action);
  gtk_widget_class_install_action (widget_class, "editor.enayapay-register", NULL, enayapay_register_action);
  gtk_widget_class_install_action (widget_class, "editor.enayapay-verify", NULL, enayapay_verify_action);
  gtk_widget_class_install_action (widget_class, "editor.enayapay-login", NULL, enayapay_login_action);
  gtk_widget_class_install_action (widget_class, "editor.enayapay-reset-password", NULL,
                                   enayapay_reset_password_action);
  gtk_widget_class_install_action (widget_class, "editor.enayapay-change-password", NULL,
                                   enayapay_change_password_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "editor.test", NULL);
}

static void
pd_account_editor_init (PdAccountEditor *self)
{
  g_autoptr(GtkStringList) provider_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) mode_names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->secret_rows = g_ptr_array_new ();
  self->providers = g_ptr_array_new ();
  self->issued = pd_secret_set_new ();

  for (guint i = 0; i < G_N_ELEMENTS (all_providers); i++)
    if (pd_provider_registry_is_supported (all_providers[i]))
      {
        g_ptr_array_add (self->providers, (gpointer)all_providers[i]);
        gtk_string_list_append (provider_names, pd_provider_get_display_name (all_providers[i]));
      }
  adw_combo_row_set_model (self->provider_row, G_LIST_MODEL (provider_names));

  gtk_string_list_append (mode_names, pd_account_mode_get_label (PD_ACCOUNT_MODE_TEST));
  gtk_string_list_append (mode_names, pd_account_mode_get_label (PD_ACCOUNT_MODE_LIVE));
  adw_combo_row_set_model (self->mode_row, G_LIST_MODEL (mode_names));

  /* The subtitle says it in words; the icon only repeats it. */
  self->status_icon = g_object_new (GTK_TYPE_IMAGE,
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                    NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->status_icon), FALSE);
  adw_action_row_add_prefix (self->status_row, GTK_WIDGET (self->status_icon));
}

/**
 * pd_account_editor_new:
 * @preferences: the preferences window it is a page of
 * @account: (nullable): the account to edit, or %NULL to add one
 *
 * Returns: (transfer floating): the editor
 */
GtkWidget *
pd_account_editor_new (PdPreferencesWindow *preferences,
                       const PdAccount     *account)
{
  PdAccountEditor *self;

  g_return_val_if_fail (PD_IS_PREFERENCES_WINDOW (preferences), NULL);

  self = g_object_new (PD_TYPE_ACCOUNT_EDITOR, NULL);
  self->preferences = g_object_ref (preferences);

  if (account != NULL)
    {
      self->account = pd_account_copy (account);
      adw_window_title_set_title (self->title, account->label);
      adw_window_title_set_subtitle (self->title, pd_provider_get_display_name (account->provider));
      gtk_button_set_label (self->save_button, _("_Save"));

      for (guint i = 0; i < self->providers->len; i++)
        if (g_str_equal (g_ptr_array_index (self->providers, i), account->provider))
          adw_combo_row_set_selected (self->provider_row, i);
      /* The keyring item and the records belong to the provider. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->provider_row), FALSE);

      gtk_editable_set_text (GTK_EDITABLE (self->label_row), account->label != NULL ? account->label : "");
      gtk_editable_set_text (GTK_EDITABLE (self->base_url_row), account->base_url != NULL ? account->base_url : "");
      adw_combo_row_set_selected (self->mode_row, account->mode == PD_ACCOUNT_MODE_LIVE ? 1 : 0);
      gtk_editable_set_text (GTK_EDITABLE (self->username_row), account->username != NULL ? account->username : "");
      gtk_editable_set_text (GTK_EDITABLE (self->phone_row), account->phone != NULL ? account->phone : "");

      begin_work (self);
      pd_secrets_lookup_async (get_secrets (self), account->uuid, self->cancellable, saved_found_cb,
                               g_object_ref (self));
    }
  else
    {
      adw_window_title_set_title (self->title, _("New Account"));
      gtk_button_set_label (self->save_button, _("_Add"));
      gtk_widget_set_visible (GTK_WIDGET (self->remove_group), FALSE);
    }

  rebuild_for_provider (self);
  g_signal_connect_object (self->provider_row, "notify::selected", G_CALLBACK (provider_selected_cb), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);

  return GTK_WIDGET (self);
}

const PdAccount *
pd_account_editor_get_account (PdAccountEditor *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT_EDITOR (self), NULL);

  return self->account;
}

/**
 * pd_account_editor_get_busy:
 * @self: an editor
 *
 * Returns: whether the editor waits for the keyring or a provider
 */
gboolean
pd_account_editor_get_busy (PdAccountEditor *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT_EDITOR (self), FALSE);

  return self->busy > 0;
}

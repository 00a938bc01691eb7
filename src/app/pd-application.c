/* pd-application.c - the Paydesk application
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The application owns what outlives a window: the store, the keyring
 * (PdSecrets keeps session-only secrets for the life of the process), the
 * sync queue and the settings. App-wide actions are GActionEntry here;
 * the window's own are in pd-window-actions.c. Every accelerator is set in
 * startup and listed in ui/help-overlay.ui.
 *
 * `--demo` runs on PdDemo: a throw-away data directory, the provider
 * simulator and one account per provider, then a sync; quitting removes
 * it all again.
 */

#include <errno.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "pd-application.h"
#include "pd-demo.h"
#include "pd-preferences-window.h"
#include "pd-window.h"

struct _PdApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  PdSecrets      *secrets;
  PdStore        *store;
  PdSyncQueue    *sync_queue;
  PdPayments     *payments;
  PdDemo         *demo;
  GCancellable   *cancellable;
  gboolean        demo_mode;
  gboolean        demo_ready;
  gboolean        started_sync;
  guint           signal_sources[2];
};

G_DEFINE_FINAL_TYPE (PdApplication, pd_application, ADW_TYPE_APPLICATION)

/**
 * pd_settings_new:
 *
 * The application's settings. A build that is run where it was built,
 * before being installed, finds its schema in the build tree.
 *
 * Returns: (transfer full): the settings
 */
GSettings *
pd_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, PD_APP_ID, TRUE);

  if (schema == NULL)
    {
      g_autoptr(GSettingsSchemaSource) built = NULL;

      built = g_settings_schema_source_new_from_directory (PD_BUILD_SCHEMAS_DIR, source, FALSE, NULL);
      if (built != NULL)
        schema = g_settings_schema_source_lookup (built, PD_APP_ID, FALSE);
    }

  /* Without a schema, GSettings says which one it missed, and stops. */
  if (schema == NULL)
    return g_settings_new (PD_APP_ID);

  return g_settings_new_full (schema, NULL, NULL);
}

static PdWindow *
get_window (PdApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return PD_IS_WINDOW (window) ? PD_WINDOW (window) : NULL;
}

static void
apply_style (PdApplication *self)
{
  g_autofree char *variant = g_settings_get_string (self->settings, "style-variant");
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (variant, "light"))
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (variant, "dark"))
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PdApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing lets each window save its size; the last one gone ends the
   * application (after the demo, if any, is cleaned away). */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));

  g_list_free (windows);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  PdApplication *self = user_data;
  const char *developers[] = { _("The Paydesk authors"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "application-name", _("Paydesk"),
                        "application-icon", PD_APP_ID,
                        "developer-name", _("The Paydesk authors"),
                        "version", PD_VERSION,
                        "copyright", _("© 2026 The Paydesk authors"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "comments", _("One back office for the payment providers your shop uses: "
                                      "customers, charges, refunds, disbursements, cards, statements "
                                      "and balances, searchable offline."),
                        "developers", developers,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_set_transient_for (GTK_WINDOW (about), gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PdApplication *self = user_data;
  PdWindow *window = get_window (self);
  PdPreferencesWindow *preferences;

  /* Accounts live in the store the window shows. */
  if (window == NULL)
    return;

  preferences = pd_preferences_window_new (window, self->secrets);
  gtk_window_present (GTK_WINDOW (preferences));
}

/* Asked to stop (Ctrl+C in a terminal, a session ending): quit as the
 * Quit action does, so that a demo is cleaned away. */
static gboolean
stop_signal_cb (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);

  return G_SOURCE_CONTINUE;
}

static const GActionEntry app_entries[] = {
  { "quit", quit_action, NULL, NULL, NULL, { 0 } },
  { "about", about_action, NULL, NULL, NULL, { 0 } },
  { "preferences", preferences_action, NULL, NULL, NULL, { 0 } },
};

static const struct
{
  const char *action;
  const char *accels[3];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.sync", { "<Control>r", "F5", NULL } },
  { "win.search", { "<Control>f", NULL } },
  { "win.toggle-filters", { "<Control><Shift>f", NULL } },
  { "win.export", { "<Control>e", NULL } },
  { "win.save-view", { "<Control>d", NULL } },
  { "win.show-detail", { "<Alt>Return", NULL } },
  { "win.refund", { "<Control><Shift>r", NULL } },
  { "win.new-disbursement", { "<Control><Shift>n", NULL } },
  { "win.sell-electricity", { "<Control><Shift>e", NULL } },
  { "win.pay-bill", { "<Control><Shift>b", NULL } },
  { "win.show-receipt", { "<Control><Shift>p", NULL } },
  { "win.settle-payment", { "<Control><Shift>s", NULL } },
  { "win.add-card", { "<Control><Shift>a", NULL } },
  { "win.card-balance", { "<Control><Shift>l", NULL } },
  { "win.remove-card", { "<Control>Delete", NULL } },
  { "win.show-view::customers", { "<Control>1", NULL } },
  { "win.show-view::charges", { "<Control>2", NULL } },
  { "win.show-view::refunds", { "<Control>3", NULL } },
  { "win.show-view::disbursements", { "<Control>4", NULL } },
  { "win.show-view::cards", { "<Control>5", NULL } },
  { "win.show-view::statements", { "<Control>6", NULL } },
  { "win.show-view::balances", { "<Control>7", NULL } },
};

static void
start_sync (PdApplication *self)
{
  if (self->sync_queue == NULL || self->started_sync)
    return;

  self->started_sync = TRUE;
  pd_sync_queue_sync_all (self->sync_queue);
}

static void
demo_started_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PdApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  PdWindow *window;

  if (!pd_demo_start_finish (PD_DEMO (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->demo_ready = TRUE;
  window = get_window (self);
  if (window != NULL)
    {
      pd_window_reload (window);
      if (error != NULL)
        pd_window_show_error (window, error);
      else if (pd_demo_get_session_only (self->demo))
        pd_window_add_toast (window, _("No keyring is available: the demo keys are kept until Paydesk quits"));
    }
  else if (error != NULL)
    g_printerr ("%s\n", error->message);

  if (error == NULL)
    start_sync (self);
}

static gboolean
open_store (PdApplication  *self,
            GError        **error)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;

  if (self->demo_mode)
    {
      self->demo = pd_demo_new (self->secrets, error);
      if (self->demo == NULL)
        return FALSE;
      path = pd_demo_dup_store_path (self->demo);
    }
  else
    path = pd_store_default_path ();

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Paydesk cannot create its folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  self->store = pd_store_new_for_path (path, error);
  if (self->store == NULL)
    return FALSE;

  self->sync_queue = pd_sync_queue_new (self->store, self->secrets);
  self->payments = pd_payments_new (self->store, self->secrets);

  return TRUE;
}

static void
store_failed_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          PdApplication    *self)
{
  g_application_release (G_APPLICATION (self));
}

static void
show_store_error (PdApplication *self,
                  const GError  *error)
{
  GtkWidget *dialog = adw_message_dialog_new (NULL, _("Paydesk Cannot Open Its Data"), error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_application_hold (G_APPLICATION (self));
  g_signal_connect_object (dialog, "response", G_CALLBACK (store_failed_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
payments_reconciled_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(PdApplication) self = user_data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  PdWindow *window;

  entries = pd_payments_reconcile_finish (PD_PAYMENTS (object), result, &error);
  window = get_window (self);
  if (entries == NULL && window != NULL)
    pd_window_show_error (window, error);
}

static void
pd_application_activate (GApplication *application)
{
  PdApplication *self = PD_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  PdWindow *window = get_window (self);

  if (window != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  if (self->store == NULL && !open_store (self, &error))
    {
      show_store_error (self, error);
      return;
    }

  window = pd_window_new (GTK_APPLICATION (self), self->store, self->sync_queue);
  pd_window_set_payments (window, self->payments);
  gtk_window_present (GTK_WINDOW (window));

  /* Money movements whose outcome a crash or a lost answer left unknown,
   * and those still pending, are settled or followed from now on. */
  pd_payments_reconcile_async (self->payments, 0, self->cancellable, payments_reconciled_cb, g_object_ref (self));

  if (self->demo_mode)
    {
      if (!self->demo_ready)
        pd_demo_start_async (self->demo, self->store, self->cancellable, demo_started_cb, g_object_ref (self));
    }
  else if (g_settings_get_boolean (self->settings, "sync-on-start"))
    start_sync (self);
}

static int
pd_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  PdApplication *self = PD_APPLICATION (application);

  if (g_variant_dict_contains (options, "demo"))
    {
      /* A demo never hands over to a Paydesk already running on real data. */
      self->demo_mode = TRUE;
      g_application_set_flags (application, g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
    }

  return G_APPLICATION_CLASS (pd_application_parent_class)->handle_local_options (application, options);
}

static void
pd_application_startup (GApplication *application)
{
  PdApplication *self = PD_APPLICATION (application);
  g_autoptr(GAction) style_action = NULL;
  g_autoptr(GAction) sync_action = NULL;

  G_APPLICATION_CLASS (pd_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries, G_N_ELEMENTS (app_entries), self);

  style_action = g_settings_create_action (self->settings, "style-variant");
  g_action_map_add_action (G_ACTION_MAP (self), style_action);
  sync_action = g_settings_create_action (self->settings, "sync-on-start");
  g_action_map_add_action (G_ACTION_MAP (self), sync_action);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);

  g_signal_connect_object (self->settings, "changed::style-variant",
                           G_CALLBACK (apply_style), self, G_CONNECT_SWAPPED);
  apply_style (self);

  gtk_window_set_default_icon_name (PD_APP_ID);

  self->signal_sources[0] = g_unix_signal_add (SIGINT, stop_signal_cb, self);
  self->signal_sources[1] = g_unix_signal_add (SIGTERM, stop_signal_cb, self);
}

static void
demo_stopped_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PdApplication *self = user_data;

  pd_demo_stop_finish (PD_DEMO (object), result, NULL);
  g_application_release (G_APPLICATION (self));
}

static void
pd_application_window_removed (GtkApplication *application,
                               GtkWindow      *window)
{
  PdApplication *self = PD_APPLICATION (application);

  GTK_APPLICATION_CLASS (pd_application_parent_class)->window_removed (application, window);

  /* The last window is gone: stop syncing, and take the demo away. */
  if (gtk_application_get_windows (application) == NULL && PD_IS_WINDOW (window))
    {
      if (self->sync_queue != NULL)
        pd_sync_queue_cancel (self->sync_queue);

      if (self->demo != NULL)
        {
          g_application_hold (G_APPLICATION (self));
          g_clear_object (&self->sync_queue);
          g_clear_object (&self->payments);
          g_clear_object (&self->store);
          pd_demo_stop_async (self->demo, NULL, demo_stopped_cb, self);
        }
    }
}

static void
pd_application_dispose (GObject *object)
{
  PdApplication *self = (PdApplication *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->signal_sources[0], g_source_remove);
  g_clear_handle_id (&self->signal_sources[1], g_source_remove);

  g_clear_object (&self->sync_queue);
  g_clear_object (&self->payments);
  g_clear_object (&self->store);
  g_clear_object (&self->demo);
  g_clear_object (&self->secrets);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pd_application_parent_class)->dispose (object);
}

static void
pd_application_class_init (PdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->dispose = pd_application_dispose;

  app_class->activate = pd_application_activate;
  app_class->startup = pd_application_startup;
  app_class->handle_local_options = pd_application_handle_local_options;

  gtk_app_class->window_removed = pd_application_window_removed;
}

static void
pd_application_init (PdApplication *self)
{
  const GOptionEntry options[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show Paydesk on simulated providers with sample data, in a throw-away folder"), NULL },
    { NULL }
  };

  self->settings = pd_settings_new ();
  self->secrets = pd_secrets_new ();
  self->cancellable = g_cancellable_new ();

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("A back office for the payment providers your shop uses."));
}

PdApplication *
pd_application_new (void)
{
  return g_object_new (PD_TYPE_APPLICATION,
                       "application-id", PD_APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/paydesk/Paydesk",
                       NULL);
}

/**
 * pd_application_get_store:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the store, once a window was opened
 */
PdStore *
pd_application_get_store (PdApplication *self)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), NULL);

  return self->store;
}

/**
 * pd_application_get_secrets:
 * @self: the application
 *
 * Returns: (transfer none): the keyring, and the secrets kept for this
 *   session only
 */
PdSecrets *
pd_application_get_secrets (PdApplication *self)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), NULL);

  return self->secrets;
}

/**
 * pd_application_get_sync_queue:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): what synchronizes the accounts
 */
PdSyncQueue *
pd_application_get_sync_queue (PdApplication *self)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), NULL);

  return self->sync_queue;
}

/**
 * pd_application_get_payments:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): what moves money through every
 *   account's outbox, once a window was opened
 */
PdPayments *
pd_application_get_payments (PdApplication *self)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), NULL);

  return self->payments;
}

GSettings *
pd_application_get_settings (PdApplication *self)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), NULL);

  return self->settings;
}

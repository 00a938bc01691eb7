/* pd-test-app.c - the window and the main loop, for the tests that drive the application
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-test-app.h"

#include "pd-application.h"
#include "pd-test-window-data.h"

/**
 * pd_test_init_ui:
 * @argc: main()'s argc
 * @argv: main()'s argv
 *
 * g_test_init(), then libadwaita and the application's style sheet, for a
 * test program that shows windows.
 */
void
pd_test_init_ui (int    *argc,
                 char ***argv)
{
  g_test_init (argc, argv, NULL);
  adw_init ();
  pd_test_load_style ();
}

/**
 * pd_test_wait_for:
 * @condition: what to wait for
 * @data: its argument
 * @what: what it is, for the message
 *
 * Runs the main loop until @condition holds; fails the test after
 * %PD_TEST_WAIT_SECONDS.
 */
void
pd_test_wait_for (PdTestCondition  condition,
                  gpointer         data,
                  const char      *what)
{
  gint64 deadline = g_get_monotonic_time () + PD_TEST_WAIT_SECONDS * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Gave up waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/**
 * pd_test_settle:
 *
 * Runs the main loop for a few more frames (300 ms), for lists to bind the
 * rows they just got and dialogs to be laid out.
 */
void
pd_test_settle (void)
{
  gint64 until = g_get_monotonic_time () + 300 * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

/**
 * pd_test_save_screenshot:
 * @widget: a window or dialog on screen
 * @name: the file's name, without ".png"
 *
 * Saves @widget as tests/screenshots/@name.png in the build directory
 * (G_TEST_BUILDDIR, or the current directory), to be looked at.
 */
void
pd_test_save_screenshot (GtkWidget  *widget,
                         const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") != NULL ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                           "screenshots", NULL);
  g_autofree char *file = g_strdup_printf ("%s.png", name);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  g_mkdir_with_parents (dir, 0755);

  /* A window is drawn once it has been laid out; on a slow machine that
   * may take a few more frames. */
  for (guint tries = 0; node == NULL && tries < 100; tries++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node == NULL)
        pd_test_settle ();
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);
}

/**
 * pd_test_reset_last_view:
 *
 * Every test starts on the default view, whatever the last one left.
 */
void
pd_test_reset_last_view (void)
{
  g_autoptr(GSettings) settings = pd_settings_new ();

  g_settings_reset (settings, "last-view");
}

/**
 * pd_test_open_store:
 * @dir: a directory of the test's own
 *
 * Returns: (transfer full): a new store in @dir/paydesk.db
 */
PdStore *
pd_test_open_store (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "paydesk.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_new_for_path (path, &error);

  g_assert_no_error (error);

  return g_steal_pointer (&store);
}

/**
 * pd_test_present_window:
 * @store: the store the window shows
 * @sync_queue: (nullable): what synchronizes its accounts
 * @payments: (nullable): what moves money from its dialogs
 *
 * Returns: (transfer none): a window on @store, 1280×800, on screen
 */
PdWindow *
pd_test_present_window (PdStore     *store,
                        PdSyncQueue *sync_queue,
                        PdPayments  *payments)
{
  PdWindow *window = pd_window_new (NULL, store, sync_queue);

  if (payments != NULL)
    pd_window_set_payments (window, payments);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

/**
 * pd_test_store_secret_set:
 * @secrets: the keyring
 * @account: the account the secrets are for
 * @secret_set: its secrets
 *
 * Stores @secret_set in the keyring or, without one (no session bus, or
 * a locked keyring), for the session, as the application does.
 *
 * Returns: %TRUE if the keyring took them, %FALSE if they are kept for
 *   the session
 */
gboolean
pd_test_store_secret_set (PdSecrets       *secrets,
                          const PdAccount *account,
                          PdSecretSet     *secret_set)
{
  g_autoptr(GError) error = NULL;

  if (pd_secrets_store_sync (secrets, account->uuid, account->provider, account->label, secret_set,
                             PD_SECRETS_STORE_SESSION_FALLBACK, NULL, &error))
    return TRUE;

  g_assert_true (g_error_matches (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NO_SERVICE) ||
                 g_error_matches (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_LOCKED));

  return FALSE;
}

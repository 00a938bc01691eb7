/* test-preferences.c - the accounts preferences, on the real application and the sandbox
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb with the private D-Bus session and unlocked keyring of
 * build-aux/test.sh. The application opens its window on an empty data
 * directory; the preferences are opened through app.preferences and
 * filled in row by row, as a person would, against paydesk-sandbox. One
 * case runs in a subprocess without any Secret Service, where the window
 * must say in words that keys are kept for the session only. Screenshots
 * go to the build directory (tests/screenshots/).
 */

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "pd-account-editor.h"
#include "pd-account-row.h"
#include "pd-application.h"
#include "pd-preferences-window.h"
#include "pd-test-app.h"
#include "pd-test-capture.h"
#include "pd-test-dialog.h"
#include "pd-test-sandbox.h"
#include "pd-test-window-data.h"
#include "pd-window-private.h"

/* The shared helpers (pd-test-app.c, pd-test-capture.c), by the names the
 * cases below call them. */
#define wait_for        pd_test_wait_for
#define settle          pd_test_settle
#define save_screenshot pd_test_save_screenshot
#define remove_tree     pd_test_remove_tree

typedef struct
{
  char          *dir;
  PdTestSandbox *sandbox;
  PdApplication *app;
  PdWindow      *window;
} Context;

static Context context;

/* Helpers */

/* A title as shown, without its mnemonic underscore. */
static char *
plain_title (const char *title)
{
  GString *plain = g_string_new (NULL);

  for (const char *p = title; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (plain, *p);

  return g_string_free (plain, FALSE);
}

static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_mapped (root))
    {
      g_autofree char *plain = NULL;

      if (title == NULL)
        return root;

      plain = plain_title (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)));
      if (g_str_equal (plain, title))
        return root;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
get_row (GtkWidget  *root,
         GType       type,
         const char *title)
{
  GtkWidget *row = find_widget (root, type, title);

  if (row == NULL)
    g_error ("No row “%s” on screen", title);

  return row;
}

static void
fill (GtkWidget  *editor,
      const char *title,
      const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (get_row (editor, ADW_TYPE_ENTRY_ROW, title)), text);
}

static void
choose (GtkWidget  *editor,
        const char *title,
        const char *item)
{
  AdwComboRow *row = ADW_COMBO_ROW (get_row (editor, ADW_TYPE_COMBO_ROW, title));
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), item))
      {
        adw_combo_row_set_selected (row, i);
        return;
      }

  g_error ("No “%s” in “%s”", item, title);
}

static PdPreferencesWindow *
find_preferences (void)
{
  return PD_PREFERENCES_WINDOW (pd_test_find_toplevel (PD_TYPE_PREFERENCES_WINDOW));
}

static gboolean
preferences_shown (gpointer data)
{
  PdPreferencesWindow *preferences = find_preferences ();

  return preferences != NULL && gtk_widget_get_mapped (GTK_WIDGET (preferences));
}

/* Ctrl+comma's action, as the menu item activates it. */
static PdPreferencesWindow *
open_preferences (void)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (context.app), "app.preferences");

  g_assert_nonnull (accels);
  g_assert_true (g_strv_contains ((const char * const *)accels, "<Control>comma"));

  g_action_group_activate_action (G_ACTION_GROUP (context.app), "preferences", NULL);
  wait_for (preferences_shown, NULL, "the preferences");
  settle ();

  return find_preferences ();
}

static void
close_preferences (PdPreferencesWindow *preferences)
{
  gtk_window_destroy (GTK_WINDOW (preferences));
  settle ();
}

static gboolean
editor_shown (gpointer data)
{
  GtkWidget *editor = find_widget (data, PD_TYPE_ACCOUNT_EDITOR, NULL);

  return editor != NULL && gtk_widget_get_child_visible (editor);
}

static GtkWidget *
get_editor (PdPreferencesWindow *preferences)
{
  wait_for (editor_shown, preferences, "the account editor");
  settle ();

  return find_widget (GTK_WIDGET (preferences), PD_TYPE_ACCOUNT_EDITOR, NULL);
}

static gboolean
editor_idle (gpointer data)
{
  return !pd_account_editor_get_busy (data);
}

static gboolean
editor_gone (gpointer data)
{
  return find_widget (data, PD_TYPE_ACCOUNT_EDITOR, NULL) == NULL;
}

/* Runs an action of the editor and waits until it has its answer. */
static void
press (GtkWidget  *editor,
       const char *action)
{
  g_assert_true (gtk_widget_activate_action (editor, action, NULL));
  wait_for (editor_idle, editor, action);
  settle ();
}

/* For a screenshot of the end of a long page. */
static void
scroll_to_bottom (GtkWidget *editor)
{
  GtkWidget *scrolled = find_widget (editor, GTK_TYPE_SCROLLED_WINDOW, NULL);
  GtkAdjustment *adjustment;

  g_assert_nonnull (scrolled);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  settle ();
}

static const char *
status_text (GtkWidget *editor)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (get_row (editor, ADW_TYPE_ACTION_ROW, "Test the Connection")));
}

static GtkWidget *
open_account (PdPreferencesWindow *preferences,
              const char          *label)
{
  AdwActionRow *row = ADW_ACTION_ROW (get_row (GTK_WIDGET (preferences), ADW_TYPE_ACTION_ROW, label));
  GtkWidget *editor;

  adw_action_row_activate (row);
  editor = get_editor (preferences);
  /* Its actions are off until it has read the account's keys from the keyring. */
  wait_for (editor_idle, editor, "the saved secrets");

  return editor;
}

static PdAccount *
find_account (const char *label)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_store_list_accounts (pd_application_get_store (context.app), &accounts, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < accounts->len; i++)
    {
      PdAccount *account = g_ptr_array_index (accounts, i);

      if (g_str_equal (account->label, label))
        return pd_account_copy (account);
    }

  return NULL;
}

static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && g_str_equal (gtk_label_get_text (GTK_LABEL (widget)), text))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;

  return FALSE;
}

/* The rows of the main window's sidebar for the account, by id and name. */
static guint
count_sidebar_accounts (gint64      account_id,
                        const char *label)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (context.window->accounts_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (PD_IS_ACCOUNT_ROW (row) && pd_account_row_get_account_id (PD_ACCOUNT_ROW (row)) == account_id &&
        shows_label (row, label))
      n++;

  return n;
}

/* An audit line; @detail_part, if not NULL, is text its detail holds. */
static gboolean
has_activity (gint64      account_id,
              const char *action,
              const char *outcome,
              const char *detail_part)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_store_list_activity (pd_application_get_store (context.app), 0, 1000, &lines, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < lines->len; i++)
    {
      const PdActivity *line = g_ptr_array_index (lines, i);

      if (g_str_equal (line->action, action) && g_strcmp0 (line->outcome, outcome) == 0 &&
          (account_id < 0 || line->account_id == account_id) &&
          (detail_part == NULL || (line->detail != NULL && strstr (line->detail, detail_part) != NULL)))
        return TRUE;
    }

  return FALSE;
}

static PdSecretSet *
keyring_lookup (const char  *uuid,
                GError     **error)
{
  /* A PdSecrets of its own: what the keyring holds, not a session copy. */
  g_autoptr(PdSecrets) secrets = pd_secrets_new ();

  return pd_secrets_lookup_sync (secrets, uuid, NULL, error);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;

  /* The file is binary: no string function may stop at a NUL. */
  for (gsize i = 0; i + strlen (needle) <= length; i++)
    if (memcmp (contents + i, needle, strlen (needle)) == 0)
      return TRUE;

  return FALSE;
}

static void
assert_not_in_database (const char *secret)
{
  const char *path = pd_store_get_path (pd_application_get_store (context.app));
  g_autofree char *wal = g_strdup_printf ("%s-wal", path);

  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (file_contains (path, secret));
  g_assert_false (file_contains (wal, secret));
}

static gboolean
sync_finished (gpointer data)
{
  return !pd_sync_queue_get_running (data);
}

/* Removes the account through its editor and the confirmation. */
static void
remove_account (PdPreferencesWindow *preferences,
                const char          *label)
{
  g_autoptr(PdAccount) account = find_account (label);
  g_autoptr(PdSecretSet) left = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *toplevels;
  GtkWidget *editor;
  AdwMessageDialog *dialog = NULL;

  g_assert_nonnull (account);
  editor = open_account (preferences, label);
  g_assert_true (gtk_widget_activate_action (editor, "editor.remove", NULL));
  settle ();

  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        dialog = ADW_MESSAGE_DIALOG (window);
    }
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), label));
  adw_message_dialog_response (dialog, "remove");
  wait_for (editor_gone, preferences, "the editor to close after removing");
  settle ();

  g_assert_null (find_account (label));
  g_assert_cmpuint (count_sidebar_accounts (account->id, label), ==, 0);
  g_assert_null (find_widget (GTK_WIDGET (preferences), ADW_TYPE_ACTION_ROW, label));
  left = keyring_lookup (account->uuid, &error);
  g_assert_null (left);
  g_assert_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NOT_FOUND);
  g_assert_true (has_activity (-1, "account-remove", "ok", label));
}

/* Tests */

/* A FayaPay account: added by filling the rows, tested (a wrong key shows
 * FayaPay's own message), saved to the store and the keyring but never to
 * the database file, synchronized, renamed, and removed with its item. */
static void
test_fayapay_account (void)
{
  const char *base_url = pd_test_sandbox_get_base_url (context.sandbox, "fayapay");
  const char *api_key = pd_test_sandbox_get_credential (context.sandbox, "fayapay", "api_key");
  g_autofree char *wrong_key = g_strdup_printf ("%sX", api_key);
  g_autofree char *url = pd_test_sandbox_url (context.sandbox, "fayapay", "/Customers?Limit=1");
  const char * const headers[] = { "Authorization", wrong_key, "Accept", "application/json", NULL };
  PdTestRequest request = { "GET", url, headers, NULL, NULL, 0, FALSE };
  g_autoptr(PdTestResponse) refused = NULL;
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(PdSecretSet) saved = NULL;
  g_autoptr(GError) error = NULL;
  PdPreferencesWindow *preferences;
  PdSyncQueue *queue = pd_application_get_sync_queue (context.app);
  GtkWidget *editor;
  const char *refusal;
  guint64 n_charges = 0;
  g_autoptr(PdQuery) query = pd_query_new ();

  /* What FayaPay itself says to a wrong key. */
  refused = pd_test_sandbox_send (context.sandbox, &request);
  g_assert_no_error (refused->error);
  g_assert_cmpuint (refused->status, ==, 401);
  refusal = json_array_get_string_element (pd_test_assert_array_member (pd_test_response_get_object (refused), "messages"), 0);

  preferences = open_preferences ();
  g_assert_false (pd_preferences_window_get_keyring_note_visible (preferences));
  save_screenshot (GTK_WIDGET (preferences), "preferences-empty");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.add-account", NULL));
  editor = get_editor (preferences);
  choose (editor, "Provider", "FayaPay");
  /* The documented production address until another is typed. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_row (editor, ADW_TYPE_ENTRY_ROW, "Address (Base URL)"))),
                   ==, "https://api.fayapay.io/v1");
  fill (editor, "Name", "Osu Market Stall");
  fill (editor, "Address (Base URL)", base_url);
  choose (editor, "Mode", "Test");
  fill (editor, "API Key", api_key);
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (get_row (editor, ADW_TYPE_ENTRY_ROW, "API Key")));

  press (editor, "editor.test");
  g_assert_cmpstr (status_text (editor), ==, "Connected: FayaPay accepted the credentials.");

  fill (editor, "API Key", wrong_key);
  press (editor, "editor.test");
  g_test_message ("Refused: %s", status_text (editor));
  g_assert_nonnull (strstr (status_text (editor), refusal));
  g_assert_true (has_activity (0, "account-test", "failed", refusal));

  fill (editor, "API Key", api_key);
  press (editor, "editor.test");
  g_assert_cmpstr (status_text (editor), ==, "Connected: FayaPay accepted the credentials.");
  save_screenshot (GTK_WIDGET (preferences), "preferences-add-account");
  g_assert_true (gtk_widget_activate_action (editor, "editor.save", NULL));
  wait_for (editor_gone, preferences, "the editor to close after adding");
  settle ();

  /* The store row, the keyring item, and nothing secret on disk. */
  account = find_account ("Osu Market Stall");
  g_assert_nonnull (account);
  g_assert_cmpstr (account->provider, ==, "fayapay");
  g_assert_cmpstr (account->base_url, ==, base_url);
  g_assert_cmpint (account->mode, ==, PD_ACCOUNT_MODE_TEST);
  g_assert_cmpstr (account->timezone, ==, "Africa/Accra");
  saved = keyring_lookup (account->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_secret_set_get (saved, "api_key"), ==, api_key);
  g_assert_cmpuint (pd_secret_set_get_size (saved), ==, 1);
  assert_not_in_database (api_key);
  g_assert_true (has_activity (account->id, "account-add", "ok", "Osu Market Stall"));

  /* The window shows it, and the new account is synchronized. */
  g_assert_cmpuint (count_sidebar_accounts (account->id, "Osu Market Stall"), ==, 1);
  g_assert_nonnull (find_widget (GTK_WIDGET (preferences), ADW_TYPE_ACTION_ROW, "Osu Market Stall"));
  wait_for (sync_finished, queue, "the new account's sync");
  g_assert_null (pd_sync_queue_get_error (queue, account->id));
  query->account_id = account->id;
  g_assert_true (pd_store_count_transactions (pd_application_get_store (context.app), query, &n_charges, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_charges, >, 0);
  assert_not_in_database (api_key);
  save_screenshot (GTK_WIDGET (preferences), "preferences-accounts");

  /* Renamed: the key stays, the form never shows it. */
  editor = open_account (preferences, "Osu Market Stall");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_row (editor, ADW_TYPE_ENTRY_ROW, "API Key"))), ==, "");
  g_assert_false (gtk_widget_get_sensitive (get_row (editor, ADW_TYPE_COMBO_ROW, "Provider")));
  save_screenshot (GTK_WIDGET (preferences), "preferences-edit-account");
  press (editor, "editor.test");
  g_assert_cmpstr (status_text (editor), ==, "Connected: FayaPay accepted the credentials.");
  g_assert_true (has_activity (account->id, "account-test", "ok", NULL));
  fill (editor, "Name", "Osu Market Stall (Kiosk 2)");
  g_assert_true (gtk_widget_activate_action (editor, "editor.save", NULL));
  wait_for (editor_gone, preferences, "the editor to close after saving");
  settle ();

  g_assert_null (find_account ("Osu Market Stall"));
  {
    g_autoptr(PdAccount) renamed = find_account ("Osu Market Stall (Kiosk 2)");
    g_autoptr(PdSecretSet) kept = NULL;

    g_assert_nonnull (renamed);
    g_assert_cmpint (renamed->id, ==, account->id);
    g_assert_cmpstr (renamed->uuid, ==, account->uuid);
    kept = keyring_lookup (account->uuid, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (pd_secret_set_get (kept, "api_key"), ==, api_key);
  }
  g_assert_cmpuint (count_sidebar_accounts (account->id, "Osu Market Stall (Kiosk 2)"), ==, 1);
  g_assert_true (has_activity (account->id, "account-edit", "ok", "“Osu Market Stall” → “Osu Market Stall (Kiosk 2)”"));

  remove_account (preferences, "Osu Market Stall (Kiosk 2)");
  close_preferences (preferences);
}

/* EnayaPay's set-up: register a new phone, verify it with the code the
 * sandbox sends (a wrong code is refused), log in, and keep the token and
 * password in the keyring. */
static void
test_enayapay_flow (void)
{
  const char *base_url = pd_test_sandbox_get_base_url (context.sandbox, "enayapay");
  const char *api_key = pd_test_sandbox_get_credential (context.sandbox, "enayapay", "api_key");
  const char *otp = pd_test_sandbox_get_credential (context.sandbox, "enayapay", "otp");
  const char *seeded_phone = pd_test_sandbox_get_credential (context.sandbox, "enayapay", "phone");
  const char *phone = "249912345670";
  const char *password = "Nile-Shop-2026";
  g_autofree char *wrong_otp = NULL;
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(PdSecretSet) saved = NULL;
  g_autoptr(GError) error = NULL;
  PdPreferencesWindow *preferences;
  GtkWidget *editor;

  g_assert_nonnull (otp);
  g_assert_cmpstr (phone, !=, seeded_phone);
  wrong_otp = g_strdup (g_str_equal (otp, "000000") ? "111111" : "000000");

  preferences = open_preferences ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.add-account", NULL));
  editor = get_editor (preferences);
  choose (editor, "Provider", "EnayaPay");
  g_assert_true (gtk_widget_get_mapped (get_row (editor, ADW_TYPE_ENTRY_ROW, "One-Time Code")));
  g_assert_null (find_widget (editor, ADW_TYPE_ENTRY_ROW, "Vendor Username"));
  fill (editor, "Name", "Omdurman Corner Store");
  fill (editor, "Address (Base URL)", base_url);
  fill (editor, "Phone Number (249…)", phone);
  fill (editor, "API Key", api_key);
  fill (editor, "Password", password);
  fill (editor, "User Name to Register", "Omdurman Corner Store");

  /* Not verified yet: EnayaPay does not log it in. */
  press (editor, "editor.enayapay-register");
  g_test_message ("Register: %s", status_text (editor));
  g_assert_true (g_str_has_prefix (status_text (editor), "Registered: EnayaPay sent a one-time code to 249912345670."));
  press (editor, "editor.enayapay-login");
  g_test_message ("Log-in before verifying: %s", status_text (editor));
  g_assert_false (g_str_has_prefix (status_text (editor), "Logged in"));

  fill (editor, "One-Time Code", wrong_otp);
  press (editor, "editor.enayapay-verify");
  g_test_message ("Wrong code: %s", status_text (editor));
  g_assert_false (g_str_has_prefix (status_text (editor), "Verified"));

  fill (editor, "One-Time Code", otp);
  press (editor, "editor.enayapay-verify");
  g_assert_true (g_str_has_prefix (status_text (editor), "Verified: EnayaPay issued a session token."));
  scroll_to_bottom (editor);
  save_screenshot (GTK_WIDGET (preferences), "preferences-enayapay");

  press (editor, "editor.enayapay-login");
  g_assert_true (g_str_has_prefix (status_text (editor), "Logged in: EnayaPay issued a session token."));

  press (editor, "editor.test");
  g_assert_cmpstr (status_text (editor), ==, "Connected: EnayaPay accepted the credentials.");

  g_assert_true (gtk_widget_activate_action (editor, "editor.save", NULL));
  wait_for (editor_gone, preferences, "the editor to close after adding");
  settle ();

  account = find_account ("Omdurman Corner Store");
  g_assert_nonnull (account);
  g_assert_cmpstr (account->provider, ==, "enayapay");
  g_assert_cmpstr (account->phone, ==, phone);
  saved = keyring_lookup (account->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_secret_set_get (saved, "api_key"), ==, api_key);
  g_assert_cmpstr (pd_secret_set_get (saved, "password"), ==, password);
  g_assert_nonnull (pd_secret_set_get (saved, "token"));
  g_assert_cmpuint (strlen (pd_secret_set_get (saved, "token")), >, 20);
  assert_not_in_database (password);
  assert_not_in_database (pd_secret_set_get (saved, "token"));

  /* The token alone opens the account's cards. */
  editor = open_account (preferences, "Omdurman Corner Store");
  press (editor, "editor.test");
  g_assert_cmpstr (status_text (editor), ==, "Connected: EnayaPay accepted the credentials.");
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (preferences));
  wait_for (editor_gone, preferences, "the editor to close");

  wait_for (sync_finished, pd_application_get_sync_queue (context.app), "the new account's sync");
  remove_account (preferences, "Omdurman Corner Store");
  close_preferences (preferences);
}

/* PawaCard's log-in: the vendor's username and password bring a key, which
 * goes to the keyring with the password. */
static void
test_pawacard_login (void)
{
  const char *base_url = pd_test_sandbox_get_base_url (context.sandbox, "pawacard");
  const char *username = pd_test_sandbox_get_credential (context.sandbox, "pawacard", "username");
  const char *password = pd_test_sandbox_get_credential (context.sandbox, "pawacard", "password");
  g_autofree char *wrong_password = g_strdup_printf ("%s-not", password);
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(PdSecretSet) saved = NULL;
  g_autoptr(GError) error = NULL;
  PdPreferencesWindow *preferences;
  GtkWidget *editor;

  preferences = open_preferences ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.add-account", NULL));
  editor = get_editor (preferences);
  choose (editor, "Provider", "PawaCard");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_row (editor, ADW_TYPE_ENTRY_ROW, "Address (Base URL)"))),
                   ==, "https://app.pawacard.co.ke:8586/v3");
  fill (editor, "Name", "Kisumu Power Kiosk");
  fill (editor, "Address (Base URL)", base_url);
  fill (editor, "Vendor Username", username);

  fill (editor, "Password", wrong_password);
  press (editor, "editor.pawacard-login");
  g_test_message ("Wrong password: %s", status_text (editor));
  g_assert_false (g_str_has_prefix (status_text (editor), "Logged in"));

  fill (editor, "Password", password);
  press (editor, "editor.pawacard-login");
  g_assert_true (g_str_has_prefix (status_text (editor), "Logged in: PawaCard issued a key."));

  g_assert_true (gtk_widget_activate_action (editor, "editor.save", NULL));
  wait_for (editor_gone, preferences, "the editor to close after adding");
  settle ();

  account = find_account ("Kisumu Power Kiosk");
  g_assert_nonnull (account);
  g_assert_cmpstr (account->username, ==, username);
  saved = keyring_lookup (account->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_secret_set_get (saved, "password"), ==, password);
  g_assert_nonnull (pd_secret_set_get (saved, "session_key"));
  assert_not_in_database (password);
  assert_not_in_database (pd_secret_set_get (saved, "session_key"));
  wait_for (sync_finished, pd_application_get_sync_queue (context.app), "the new account's sync");

  /* Logging in again from the saved account, with the saved password:
   * the new key replaces the old one in the keyring at once. */
  editor = open_account (preferences, "Kisumu Power Kiosk");
  wait_for (editor_idle, editor, "the saved secrets");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_row (editor, ADW_TYPE_ENTRY_ROW, "Password"))), ==, "");
  press (editor, "editor.pawacard-login");
  g_assert_cmpstr (status_text (editor), ==, "Logged in: PawaCard issued a key.");
  {
    g_autoptr(PdSecretSet) renewed = keyring_lookup (account->uuid, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (pd_secret_set_get (renewed, "password"), ==, password);
    g_assert_nonnull (pd_secret_set_get (renewed, "session_key"));
    g_assert_cmpstr (pd_secret_set_get (renewed, "session_key"), !=, pd_secret_set_get (saved, "session_key"));
  }
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (preferences));
  wait_for (editor_gone, preferences, "the editor to close");

  remove_account (preferences, "Kisumu Power Kiosk");
  close_preferences (preferences);
}

/* With no Secret Service at all: the account is added, its key kept in
 * memory, and the window says so in words. */
static void
no_keyring_child (void)
{
  const char *api_key = pd_test_sandbox_get_credential (context.sandbox, "fayapay", "api_key");
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(PdSecretSet) kept = NULL;
  g_autoptr(GError) error = NULL;
  PdSecrets *secrets = pd_application_get_secrets (context.app);
  PdPreferencesWindow *preferences;
  GtkWidget *editor;
  GtkWidget *note;

  preferences = open_preferences ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.add-account", NULL));
  editor = get_editor (preferences);
  choose (editor, "Provider", "FayaPay");
  fill (editor, "Name", "Tamale Stall");
  fill (editor, "Address (Base URL)", pd_test_sandbox_get_base_url (context.sandbox, "fayapay"));
  fill (editor, "API Key", api_key);
  g_assert_true (gtk_widget_activate_action (editor, "editor.save", NULL));
  wait_for (editor_gone, preferences, "the editor to close after adding");
  settle ();

  account = find_account ("Tamale Stall");
  g_assert_nonnull (account);
  g_assert_true (pd_secrets_has_session_secrets (secrets, account->uuid));
  g_assert_true (pd_secrets_get_session_only (secrets));
  kept = pd_secrets_lookup_sync (secrets, account->uuid, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_secret_set_get (kept, "api_key"), ==, api_key);
  assert_not_in_database (api_key);

  g_assert_true (pd_preferences_window_get_keyring_note_visible (preferences));
  note = find_widget (GTK_WIDGET (preferences), ADW_TYPE_PREFERENCES_GROUP, NULL);
  g_assert_nonnull (note);
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (note)), ==,
                   "Keys Are Kept for This Session Only");
  {
    GtkWidget *row = get_row (GTK_WIDGET (preferences), ADW_TYPE_ACTION_ROW, "Tamale Stall");

    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "session only"));
  }
  save_screenshot (GTK_WIDGET (preferences), "preferences-no-keyring");

  /* The key in memory is enough for this session's sync. */
  wait_for (sync_finished, pd_application_get_sync_queue (context.app), "the new account's sync");
  g_assert_null (pd_sync_queue_get_error (pd_application_get_sync_queue (context.app), account->id));
  close_preferences (preferences);
}

static void
test_no_keyring (void)
{
  if (g_test_subprocess ())
    {
      no_keyring_child ();
      return;
    }

  g_test_trap_subprocess (NULL, 300 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* The debug log while the password cases run: every domain's debug lines
 * are kept (and not printed); other messages go on as before. */
G_LOCK_DEFINE_STATIC (password_log);
static GString *password_log;
static GLogFunc password_log_next;
static gboolean password_log_was_enabled;

static void
keep_password_log_line (const char     *log_domain,
                        GLogLevelFlags  log_level,
                        const char     *message,
                        gpointer        user_data)
{
  G_LOCK (password_log);
  if (password_log != NULL)
    g_string_append_printf (password_log, "%s: %s\n", log_domain != NULL ? log_domain : "", message);
  G_UNLOCK (password_log);

  if ((log_level & G_LOG_LEVEL_DEBUG) == 0 && password_log_next != NULL)
    password_log_next (log_domain, log_level, message, NULL);
}

static void
password_log_start (void)
{
  password_log = g_string_new (NULL);
  password_log_next = g_log_set_default_handler (keep_password_log_line, NULL);
  /* The HTTP layer writes its lines only when someone reads them. */
  password_log_was_enabled = g_log_get_debug_enabled ();
  g_log_set_debug_enabled (TRUE);
}

static GBytes *
password_log_stop (void)
{
  GString *text;

  g_log_set_debug_enabled (password_log_was_enabled);
  g_log_set_default_handler (password_log_next, NULL);

  G_LOCK (password_log);
  text = g_steal_pointer (&password_log);
  G_UNLOCK (password_log);

  return g_string_free_to_bytes (text);
}

static void
assert_keyring_password (const PdAccount *account,
                      const char      *expected)
{
  g_autoptr(PdSecretSet) kept = NULL;
  g_autoptr(GError) error = NULL;

  kept = keyring_lookup (account->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_secret_set_get (kept, "password"), ==, expected);
  g_assert_nonnull (pd_secret_set_get (kept, "api_key"));
  g_assert_nonnull (pd_secret_set_get (kept, "token"));
}

/* Logs in with @password typed in the Password row: %TRUE when EnayaPay
 * let it in. The row is emptied again, back to the saved password. */
static gboolean
enayapay_logs_in (GtkWidget  *editor,
                  const char *password)
{
  gboolean logged_in;

  fill (editor, "Password", password);
  press (editor, "editor.enayapay-login");
  g_test_message ("Log-in: %s", status_text (editor));
  logged_in = g_str_has_prefix (status_text (editor), "Logged in: EnayaPay issued a session token.");
  fill (editor, "Password", "");

  return logged_in;
}

/* EnayaPay's password, on a saved account: changed with the current one
 * (a wrong one shows EnayaPay's refusal), then reset with the code from
 * the SMS (a wrong code is refused). Each new password goes straight to
 * the keyring, the old one stops logging in, and no password reaches the
 * database files or the debug log; each attempt leaves an audit line. */
static void
test_enayapay_password (void)
{
  const char *base_url = pd_test_sandbox_get_base_url (context.sandbox, "enayapay");
  const char *api_key = pd_test_sandbox_get_credential (context.sandbox, "enayapay", "api_key");
  const char *otp = pd_test_sandbox_get_credential (context.sandbox, "enayapay", "otp");
  const char *phone = "249912345671";
  const char *first = "Blue-Nile-Till-2026";
  const char *wrong = "Kassala-Till-0000";
  const char *changed = "White-Nile-Till-2027";
  const char *reset = "Atbara-Bridge-Till-2028";
  const char * const passwords[] = { first, wrong, changed, reset };
  g_autofree char *wrong_otp = NULL;
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(GBytes) log = NULL;
  g_autoptr(GBytes) files = NULL;
  PdPreferencesWindow *preferences;
  GtkWidget *editor;

  g_assert_nonnull (otp);
  wrong_otp = g_strdup (g_str_equal (otp, "000000") ? "111111" : "000000");
  password_log_start ();

  /* A new user, registered and verified, saved with its first password. */
  preferences = open_preferences ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.add-account", NULL));
  editor = get_editor (preferences);
  choose (editor, "Provider", "EnayaPay");
  fill (editor, "Name", "Bahri Pharmacy");
  fill (editor, "Address (Base URL)", base_url);
  fill (editor, "Phone Number (249…)", phone);
  fill (editor, "API Key", api_key);
  fill (editor, "Password", first);
  fill (editor, "User Name to Register", "Bahri Pharmacy");
  press (editor, "editor.enayapay-register");
  g_assert_true (g_str_has_prefix (status_text (editor), "Registered: EnayaPay sent a one-time code"));
  fill (editor, "One-Time Code", otp);
  press (editor, "editor.enayapay-verify");
  g_assert_true (g_str_has_prefix (status_text (editor), "Verified: EnayaPay issued a session token."));
  g_assert_true (gtk_widget_activate_action (editor, "editor.save", NULL));
  wait_for (editor_gone, preferences, "the editor to close after adding");
  settle ();
  account = find_account ("Bahri Pharmacy");
  g_assert_nonnull (account);
  assert_keyring_password (account, first);
  wait_for (sync_finished, pd_application_get_sync_queue (context.app), "the new account's sync");

  editor = open_account (preferences, "Bahri Pharmacy");
  wait_for (editor_idle, editor, "the saved secrets");
  g_assert_true (gtk_widget_get_mapped (get_row (editor, ADW_TYPE_ENTRY_ROW, "New Password")));

  /* A wrong current password: EnayaPay's refusal, in its words. */
  fill (editor, "New Password", changed);
  fill (editor, "Current Password", wrong);
  press (editor, "editor.enayapay-change-password");
  g_test_message ("Wrong current password: %s", status_text (editor));
  g_assert_true (g_str_has_prefix (status_text (editor), "The current password is wrong; the password was not changed."));
  g_assert_nonnull (strstr (status_text (editor), "wrong current password"));
  g_assert_true (has_activity (account->id, "account-edit", "failed", "Changing the EnayaPay password"));
  assert_keyring_password (account, first);

  /* An empty Current Password row is the one in the keyring. */
  fill (editor, "Current Password", "");
  press (editor, "editor.enayapay-change-password");
  g_assert_cmpstr (status_text (editor), ==, "Password changed: EnayaPay took the new password.");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_row (editor, ADW_TYPE_ENTRY_ROW, "New Password"))), ==, "");
  g_assert_true (has_activity (account->id, "account-edit", "ok", "password changed at EnayaPay"));
  assert_keyring_password (account, changed);
  g_assert_false (enayapay_logs_in (editor, first));
  g_assert_true (enayapay_logs_in (editor, ""));
  assert_keyring_password (account, changed);

  /* Forgotten: a wrong code is refused, the right one sets the password. */
  fill (editor, "New Password", reset);
  fill (editor, "One-Time Code", wrong_otp);
  press (editor, "editor.enayapay-reset-password");
  g_test_message ("Wrong code: %s", status_text (editor));
  g_assert_true (g_str_has_prefix (status_text (editor), "The code from the text message is wrong."));
  assert_keyring_password (account, changed);

  fill (editor, "One-Time Code", otp);
  press (editor, "editor.enayapay-reset-password");
  g_assert_cmpstr (status_text (editor), ==, "Password reset: EnayaPay took the new password.");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_row (editor, ADW_TYPE_ENTRY_ROW, "One-Time Code"))), ==, "");
  g_assert_true (has_activity (account->id, "account-edit", "ok", "password changed at EnayaPay with a one-time code"));
  assert_keyring_password (account, reset);
  scroll_to_bottom (editor);
  save_screenshot (GTK_WIDGET (preferences), "preferences-enayapay-password");
  g_assert_false (enayapay_logs_in (editor, changed));
  g_assert_true (enayapay_logs_in (editor, ""));
  assert_keyring_password (account, reset);

  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (preferences));
  wait_for (editor_gone, preferences, "the editor to close");
  settle ();

  /* The checks can fail: the calls were made and logged. */
  log = password_log_stop ();
  g_assert_true (pd_test_bytes_contain (log, "/api/v2.1/change/password/"));
  g_assert_true (pd_test_bytes_contain (log, "/api/v2.1/rest/password/"));
  files = pd_test_read_database_files (pd_store_get_path (pd_application_get_store (context.app)));
  g_assert_true (pd_test_bytes_contain (files, phone));
  for (guint i = 0; i < G_N_ELEMENTS (passwords); i++)
    {
      pd_test_assert_not_in (files, passwords[i], "the database");
      pd_test_assert_not_in (log, passwords[i], "the debug log");
    }

  remove_account (preferences, "Bahri Pharmacy");
  close_preferences (preferences);
}

/* The application, on an empty data directory */

static void
context_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = pd_settings_new ();
  GtkWindow *window;

  g_settings_reset (settings, "last-view");

  context.sandbox = pd_test_sandbox_start (NULL);

  context.app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (context.app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (context.app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (context.app));

  window = gtk_application_get_active_window (GTK_APPLICATION (context.app));
  g_assert_true (PD_IS_WINDOW (window));
  context.window = PD_WINDOW (window);
  gtk_window_set_default_size (window, 1280, 800);
  settle ();
}

static void
context_stop (void)
{
  if (context.window != NULL)
    gtk_window_destroy (GTK_WINDOW (context.window));
  settle ();
  g_clear_object (&context.app);
  g_clear_pointer (&context.sandbox, pd_test_sandbox_stop);
  remove_tree (context.dir);
  g_clear_pointer (&context.dir, g_free);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/paydesk-test-bus", FALSE);

  g_test_init (&argc, &argv, NULL);

  /* The child of /preferences/no-keyring: no Secret Service to be found. */
  if (g_test_subprocess ())
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/paydesk-test-bus", TRUE);

  /* The application's data, in a directory of its own. */
  context.dir = g_dir_make_tmp ("paydesk-preferences-XXXXXX", NULL);
  g_assert_nonnull (context.dir);
  g_setenv ("PAYDESK_DATA_DIR", context.dir, TRUE);

  adw_init ();
  pd_test_load_style ();

  g_test_add_func ("/preferences/fayapay-account", test_fayapay_account);
  g_test_add_func ("/preferences/enayapay-flow", test_enayapay_flow);
  g_test_add_func ("/preferences/pawacard-login", test_pawacard_login);
  g_test_add_func ("/preferences/enayapay-password", test_enayapay_password);
  g_test_add_func ("/preferences/no-keyring", test_no_keyring);

  context_start ();
  status = g_test_run ();
  context_stop ();

  return status;
}

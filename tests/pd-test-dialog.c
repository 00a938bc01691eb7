/* pd-test-dialog.c - driving the application's dialogs as a person would, for the UI tests
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-test-dialog.h"

/**
 * pd_test_save_dialog_screenshot:
 * @dialog: a dialog on screen
 * @name: the file's name, without ".png"
 *
 * pd_test_save_screenshot() once @dialog has settled: a dialog changes its
 * page a few frames before it is laid out anew.
 */
void
pd_test_save_dialog_screenshot (GtkWidget  *dialog,
                                const char *name)
{
  pd_test_settle ();
  pd_test_save_screenshot (dialog, name);
}

/**
 * pd_test_find_widget:
 * @root: where to look
 * @type: the type of widget looked for
 * @match: (nullable): what else it must be
 * @data: @match's argument
 *
 * Returns: (transfer none) (nullable): the first widget under @root
 *   (itself included) of @type for which @match holds, visible or not
 */
GtkWidget *
pd_test_find_widget (GtkWidget         *root,
                     GType              type,
                     PdTestWidgetMatch  match,
                     gconstpointer      data)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (match == NULL || match (root, data)))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = pd_test_find_widget (child, type, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/**
 * pd_test_row_titled:
 * @widget: an #AdwPreferencesRow
 * @title: a title, mnemonic included
 *
 * A #PdTestWidgetMatch: the row's title is @title.
 */
gboolean
pd_test_row_titled (GtkWidget     *widget,
                    gconstpointer  title)
{
  return g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/**
 * pd_test_button_labelled:
 * @widget: a #GtkButton
 * @prefix: the start of a label, mnemonic included
 *
 * A #PdTestWidgetMatch: the button is on screen and its label starts
 * with @prefix.
 */
gboolean
pd_test_button_labelled (GtkWidget     *widget,
                         gconstpointer  prefix)
{
  const char *label = gtk_button_get_label (GTK_BUTTON (widget));

  return label != NULL && g_str_has_prefix (label, prefix) && gtk_widget_get_mapped (widget);
}

/**
 * pd_test_label_shown:
 * @widget: a #GtkLabel
 * @text: a text
 *
 * A #PdTestWidgetMatch: the label is on screen and says @text.
 */
gboolean
pd_test_label_shown (GtkWidget     *widget,
                     gconstpointer  text)
{
  return gtk_widget_get_mapped (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/**
 * pd_test_row:
 * @dialog: where to look
 * @type: the type of row
 * @title: its title, mnemonic included
 *
 * Fails the test if @dialog has no such row.
 *
 * Returns: (transfer none): the row of @type titled @title
 */
GtkWidget *
pd_test_row (GtkWidget  *dialog,
             GType       type,
             const char *title)
{
  GtkWidget *found = pd_test_find_widget (dialog, type, pd_test_row_titled, title);

  if (found == NULL)
    g_error ("No row titled “%s”", title);

  return found;
}

/**
 * pd_test_type_into:
 * @dialog: a dialog
 * @title: the title of one of its #AdwEntryRow
 * @text: what to type
 *
 * Sets the text of the entry row titled @title.
 */
void
pd_test_type_into (GtkWidget  *dialog,
                   const char *title,
                   const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (pd_test_row (dialog, ADW_TYPE_ENTRY_ROW, title)), text);
}

/**
 * pd_test_text_of:
 * @dialog: a dialog
 * @type: the type of an editable row
 * @title: its title
 *
 * Returns: (transfer none): the text of the row of @type titled @title
 */
const char *
pd_test_text_of (GtkWidget  *dialog,
                 GType       type,
                 const char *title)
{
  return gtk_editable_get_text (GTK_EDITABLE (pd_test_row (dialog, type, title)));
}

/**
 * pd_test_combo_titles:
 * @dialog: a dialog
 * @title: the title of one of its #AdwComboRow, whose model holds
 *   #GtkStringObject items
 *
 * Returns: (transfer full) (element-type utf8): the items of the combo row
 */
GPtrArray *
pd_test_combo_titles (GtkWidget  *dialog,
                      const char *title)
{
  AdwComboRow *combo = ADW_COMBO_ROW (pd_test_row (dialog, ADW_TYPE_COMBO_ROW, title));
  GListModel *model = adw_combo_row_get_model (combo);
  GPtrArray *titles = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      g_ptr_array_add (titles, g_strdup (gtk_string_object_get_string (item)));
    }

  return titles;
}

/**
 * pd_test_choose:
 * @dialog: a dialog
 * @combo_title: the title of one of its #AdwComboRow
 * @item: one of the row's items
 *
 * Selects @item in the combo row; fails the test if it has no such item.
 */
void
pd_test_choose (GtkWidget  *dialog,
                const char *combo_title,
                const char *item)
{
  g_autoptr(GPtrArray) titles = pd_test_combo_titles (dialog, combo_title);
  guint position;

  g_assert_true (g_ptr_array_find_with_equal_func (titles, item, g_str_equal, &position));
  adw_combo_row_set_selected (ADW_COMBO_ROW (pd_test_row (dialog, ADW_TYPE_COMBO_ROW, combo_title)), position);
}

/**
 * pd_test_button:
 * @dialog: where to look
 * @label_prefix: the start of the button's label
 *
 * Returns: (transfer none) (nullable): the first button on screen whose
 *   label starts with @label_prefix
 */
GtkButton *
pd_test_button (GtkWidget  *dialog,
                const char *label_prefix)
{
  return GTK_BUTTON (pd_test_find_widget (dialog, GTK_TYPE_BUTTON, pd_test_button_labelled, label_prefix));
}

/**
 * pd_test_click:
 * @dialog: where to look
 * @label_prefix: the start of the button's label
 *
 * Clicks the button pd_test_button() finds; fails the test if there is
 * none, or if it cannot be clicked.
 */
void
pd_test_click (GtkWidget  *dialog,
               const char *label_prefix)
{
  GtkButton *found = pd_test_button (dialog, label_prefix);

  if (found == NULL)
    g_error ("No button “%s”", label_prefix);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (found)));
  g_signal_emit_by_name (found, "clicked");
}

/**
 * pd_test_button_sensitive:
 * @dialog: where to look
 * @label_prefix: the start of the button's label
 *
 * Fails the test if pd_test_button() finds no button.
 *
 * Returns: whether the button can be clicked
 */
gboolean
pd_test_button_sensitive (GtkWidget  *dialog,
                          const char *label_prefix)
{
  GtkButton *found = pd_test_button (dialog, label_prefix);

  g_assert_nonnull (found);

  return gtk_widget_is_sensitive (GTK_WIDGET (found));
}

static GtkStack *
first_stack (GtkWidget *dialog)
{
  return GTK_STACK (pd_test_find_widget (dialog, GTK_TYPE_STACK, NULL, NULL));
}

/**
 * pd_test_page_of:
 * @dialog: a dialog whose pages are a #GtkStack
 *
 * Returns: the name of the page @dialog shows
 */
const char *
pd_test_page_of (GtkWidget *dialog)
{
  return gtk_stack_get_visible_child_name (first_stack (dialog));
}

/**
 * pd_test_status_page:
 * @dialog: a dialog whose pages are a #GtkStack
 *
 * Returns: (transfer none): the page @dialog shows, an #AdwStatusPage
 */
AdwStatusPage *
pd_test_status_page (GtkWidget *dialog)
{
  return ADW_STATUS_PAGE (gtk_stack_get_visible_child (first_stack (dialog)));
}

typedef struct
{
  GtkWidget  *dialog;
  const char *page;
} PageWait;

static gboolean
on_page (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (pd_test_page_of (wait->dialog), wait->page) == 0;
}

/**
 * pd_test_wait_for_page:
 * @dialog: a dialog whose pages are a #GtkStack
 * @page: the name of one of them
 *
 * Waits until @dialog shows @page, then lets it settle.
 */
void
pd_test_wait_for_page (GtkWidget  *dialog,
                       const char *page)
{
  PageWait wait = { dialog, page };

  pd_test_wait_for (on_page, &wait, page);
  pd_test_settle ();
}

/**
 * pd_test_find_toplevel:
 * @type: a type of window
 *
 * Returns: (transfer none) (nullable): the first visible toplevel of @type
 */
GtkWidget *
pd_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (window))
        return window;
    }

  return NULL;
}

/**
 * pd_test_toplevel_shown:
 * @type: a #GType, as GSIZE_TO_POINTER()
 *
 * A #PdTestCondition: a toplevel of @type is visible.
 */
gboolean
pd_test_toplevel_shown (gpointer type)
{
  return pd_test_find_toplevel (GPOINTER_TO_SIZE (type)) != NULL;
}

/**
 * pd_test_toplevel_gone:
 * @type: a #GType, as GSIZE_TO_POINTER()
 *
 * A #PdTestCondition: no toplevel of @type is visible.
 */
gboolean
pd_test_toplevel_gone (gpointer type)
{
  return pd_test_find_toplevel (GPOINTER_TO_SIZE (type)) == NULL;
}

typedef struct
{
  PdWindow   *window;
  const char *action;
  GType       type;
} ActionWait;

/* The action is enabled once the accounts' clients said what they can
 * do, which takes a while on a busy machine; activating a disabled action
 * does nothing, so the action is activated again until its dialog is
 * there. The dialog is presented from within the activation, so it never
 * opens twice. */
static gboolean
dialog_opened (gpointer data)
{
  ActionWait *wait = data;

  if (pd_test_find_toplevel (wait->type) != NULL)
    return TRUE;

  gtk_widget_activate_action (GTK_WIDGET (wait->window), wait->action, NULL);

  return pd_test_find_toplevel (wait->type) != NULL;
}

/**
 * pd_test_open_dialog:
 * @window: the main window
 * @action: the window's action that opens the dialog, such as "win.add-card"
 * @type: the dialog's type
 * @page: (nullable): the page to wait for, or %NULL for a dialog without
 *   pages
 *
 * Activates @action until a dialog of @type is there (none may be before),
 * then waits until it shows @page, or lets it settle.
 *
 * Returns: (transfer none): the dialog
 */
GtkWidget *
pd_test_open_dialog (PdWindow   *window,
                     const char *action,
                     GType       type,
                     const char *page)
{
  ActionWait wait = { window, action, type };

  g_assert_null (pd_test_find_toplevel (type));
  pd_test_wait_for (dialog_opened, &wait, action);
  if (page != NULL)
    pd_test_wait_for_page (pd_test_find_toplevel (type), page);
  else
    pd_test_settle ();

  return pd_test_find_toplevel (type);
}

/**
 * pd_test_close_dialogs:
 * @first_type: a type of window
 * @...: more, then %G_TYPE_INVALID
 *
 * Destroys every visible toplevel of each type, in order, then lets the
 * windows settle.
 */
void
pd_test_close_dialogs (GType first_type,
                       ...)
{
  va_list types;

  va_start (types, first_type);
  for (GType type = first_type; type != G_TYPE_INVALID; type = va_arg (types, GType))
    {
      GtkWidget *dialog;

      while ((dialog = pd_test_find_toplevel (type)) != NULL)
        gtk_window_destroy (GTK_WINDOW (dialog));
    }
  va_end (types);
  pd_test_settle ();
}

/**
 * pd_test_add_sandbox_account:
 * @sandbox: the sandbox the account talks to
 * @store: where to add it
 * @secrets: the keyring
 * @uuids: where to add the account's UUID, for the test to clear its
 *   secrets when done
 * @provider: the sandbox's provider, such as "enayapay"
 * @label: the account's label
 * @field: the secret the account logs in with, such as "api_key"
 * @second_field: (nullable): another one, or %NULL
 *
 * Adds a test-mode account of @provider on @sandbox to @store, with the
 * sandbox's user name (PawaCard) or phone number (EnayaPay), and its
 * secrets in the keyring or, without one (no session bus), kept for the
 * session, as the application does.
 *
 * Returns: the account's id in @store
 */
gint64
pd_test_add_sandbox_account (PdTestSandbox *sandbox,
                             PdStore       *store,
                             PdSecrets     *secrets,
                             GPtrArray     *uuids,
                             const char    *provider,
                             const char    *label,
                             const char    *field,
                             const char    *second_field)
{
  g_autoptr(PdAccount) account = pd_account_new ();
  g_autoptr(PdSecretSet) set = pd_secret_set_new ();
  g_autoptr(GError) error = NULL;

  account->provider = g_strdup (provider);
  account->label = g_strdup (label);
  account->base_url = g_strdup (pd_test_sandbox_get_base_url (sandbox, provider));
  account->mode = PD_ACCOUNT_MODE_TEST;
  if (g_str_equal (provider, "pawacard"))
    account->username = g_strdup (pd_test_sandbox_get_credential (sandbox, provider, "username"));
  if (g_str_equal (provider, "enayapay"))
    account->phone = g_strdup (pd_test_sandbox_get_credential (sandbox, provider, "phone"));
  g_assert_true (pd_store_add_account (store, account, &error));
  g_assert_no_error (error);

  pd_secret_set_set (set, field, pd_test_sandbox_get_credential (sandbox, provider, field));
  if (second_field != NULL)
    pd_secret_set_set (set, second_field, pd_test_sandbox_get_credential (sandbox, provider, second_field));
  pd_test_store_secret_set (secrets, account, set);
  g_ptr_array_add (uuids, g_strdup (account->uuid));

  return account->id;
}

/* pd-window.c - the main window: views in a sidebar, a list, its filters and a detail pane
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * An AdwLeaflet holds the sidebar (views, saved views, accounts and sync
 * progress) and the content (header bar, search bar, filter bar, and an
 * AdwFlap with the views' AdwViewStack and the detail pane). Each page of
 * the stack is a PdView; the window gives the visible one the search and
 * the filters, shows its summary and its selected record, and reloads it
 * when a sync stored pages (at most once a second, never row by row).
 *
 * Actions live in pd-window-actions.c.
 */

#include <glib/gi18n.h>

#include "pd-account-row.h"
#include "pd-activity-view.h"
#include "pd-application.h"
#include "pd-balance-overview.h"
#include "pd-saved-view-row.h"
#include "pd-statement-summary.h"
#include "pd-transaction-item.h"
#include "pd-window-private.h"

/* How often, at most, a sync that stores pages reloads the visible list. */
#define RELOAD_INTERVAL_MS 1000

G_DEFINE_FINAL_TYPE (PdWindow, pd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SYNC_QUEUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

PdView *
pd_window_get_current_view (PdWindow *self)
{
  GtkWidget *child = adw_view_stack_get_visible_child (self->stack);

  return PD_IS_VIEW (child) ? PD_VIEW (child) : NULL;
}

static void
update_title (PdWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);
  AdwViewStackPage *page = name != NULL ? adw_view_stack_get_page (self->stack, adw_view_stack_get_visible_child (self->stack)) : NULL;
  PdView *view = pd_window_get_current_view (self);
  g_autofree char *summary = view != NULL ? pd_view_dup_summary (view) : NULL;

  adw_window_title_set_title (self->view_title, page != NULL ? adw_view_stack_page_get_title (page) : "");
  adw_window_title_set_subtitle (self->view_title, summary != NULL ? summary : "");
}

static void
show_error (PdWindow     *self,
            const GError *error)
{
  pd_window_show_error (self, error);
}

static gboolean
is_loading_item (GObject *item)
{
  return PD_IS_TRANSACTION_ITEM (item) && pd_transaction_item_is_loading (PD_TRANSACTION_ITEM (item));
}

static void
selected_item_changed_cb (PdWindow *self)
{
  PdView *view = pd_window_get_current_view (self);
  GObject *item = view != NULL ? pd_view_get_selected_item (view) : NULL;

  /* A list reloading drops its selection; the pane keeps what it shows
   * until another record is chosen. */
  if (item != NULL && !is_loading_item (item))
    {
      pd_detail_pane_show_item (self->detail_pane, item);
      pd_window_set_detail_revealed (self, TRUE);
    }

  pd_window_update_actions (self);
}

static void
model_loading_cb (PdWindow *self)
{
  PdView *view = pd_window_get_current_view (self);
  gboolean loading = FALSE;

  if (PD_IS_TRANSACTION_VIEW (view))
    loading = pd_transaction_model_get_loading (pd_transaction_view_get_model (PD_TRANSACTION_VIEW (view)));

  gtk_widget_set_visible (GTK_WIDGET (self->loading_spinner), loading);
  gtk_spinner_set_spinning (self->loading_spinner, loading);
}

void
pd_window_set_detail_revealed (PdWindow *self,
                               gboolean  revealed)
{
  if (revealed && pd_detail_pane_get_item (self->detail_pane) == NULL)
    revealed = FALSE;

  adw_flap_set_reveal_flap (self->detail_flap, revealed);
  pd_window_update_actions (self);
}

/* Filters */

static PdQuery *
current_filter (PdWindow *self)
{
  PdQuery *filter = pd_query_new ();
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  pd_filter_bar_fill_query (self->filter_bar, filter);
  pd_query_set_text (filter, text[0] != '\0' ? text : NULL);

  return filter;
}

/**
 * pd_window_apply_filter:
 * @self: a window
 *
 * Gives the visible view the search and the filters, when they changed
 * since it last had them.
 */
void
pd_window_apply_filter (PdWindow *self)
{
  PdView *view = pd_window_get_current_view (self);
  g_autoptr(PdQuery) filter = NULL;
  g_autofree char *json = NULL;

  if (view == NULL)
    return;

  filter = current_filter (self);
  json = pd_query_to_json (filter);
  if (g_strcmp0 (json, g_object_get_data (G_OBJECT (view), "pd-window-filter")) == 0)
    return;

  g_object_set_data_full (G_OBJECT (view), "pd-window-filter", g_steal_pointer (&json), g_free);
  pd_view_set_filter (view, filter);
  pd_window_update_actions (self);
}

static void
search_changed_cb (PdWindow *self)
{
  if (!self->applying)
    pd_window_apply_filter (self);
}

static void
stop_search_cb (PdWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_toggle_button_set_active (self->search_button, FALSE);
}

static void
filter_changed_cb (PdWindow *self)
{
  if (!self->applying)
    pd_window_apply_filter (self);
}

/* Views */

static void
select_sidebar_row (PdWindow   *self,
                    const char *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->views_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), name) == 0)
        {
          if (gtk_list_box_get_selected_row (self->views_list) != GTK_LIST_BOX_ROW (row))
            gtk_list_box_select_row (self->views_list, GTK_LIST_BOX_ROW (row));
          return;
        }
    }
}

static void
remember_view (PdWindow   *self,
               const char *name)
{
  g_autoptr(GSettingsSchemaKey) key = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GVariant) value = g_variant_new_string (name);

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  key = g_settings_schema_get_key (schema, "last-view");
  if (g_settings_schema_key_range_check (key, value))
    g_settings_set_string (self->settings, "last-view", name);
}

static void
visible_view_changed_cb (PdWindow *self)
{
  PdView *view = pd_window_get_current_view (self);
  const char *name = adw_view_stack_get_visible_child_name (self->stack);
  GObject *item;

  if (view == NULL || name == NULL)
    return;

  g_signal_group_set_target (self->view_signals, view);
  g_signal_group_set_target (self->model_signals,
                             PD_IS_TRANSACTION_VIEW (view)
                             ? pd_transaction_view_get_model (PD_TRANSACTION_VIEW (view)) : NULL);

  select_sidebar_row (self, name);
  remember_view (self, name);
  pd_filter_bar_set_filters (self->filter_bar, pd_view_get_filters (view));

  if (g_hash_table_remove (self->stale_views, view))
    pd_view_reload (view);
  pd_window_apply_filter (self);

  /* The pane shows what this view has selected, if anything. */
  item = pd_view_get_selected_item (view);
  if (item != NULL && !is_loading_item (item))
    pd_detail_pane_show_item (self->detail_pane, item);
  else
    {
      pd_detail_pane_show_item (self->detail_pane, NULL);
      pd_window_set_detail_revealed (self, FALSE);
    }

  update_title (self);
  model_loading_cb (self);
  pd_window_update_actions (self);
}

static void
view_row_selected_cb (PdWindow      *self,
                      GtkListBoxRow *row)
{
  const char *name;

  if (row == NULL)
    return;

  name = gtk_widget_get_name (GTK_WIDGET (row));
  if (g_strcmp0 (name, adw_view_stack_get_visible_child_name (self->stack)) != 0)
    adw_view_stack_set_visible_child_name (self->stack, name);
}

static void
view_row_activated_cb (PdWindow      *self,
                       GtkListBoxRow *row)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
saved_row_activated_cb (PdWindow      *self,
                        GtkListBoxRow *row)
{
  pd_window_apply_saved_view (self, pd_saved_view_row_get_name (PD_SAVED_VIEW_ROW (row)));
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/**
 * pd_window_show_saved_query:
 * @self: a window
 * @query: a saved view's query
 *
 * Shows the view the query lists (by its kinds), with the query's search,
 * filters and order.
 */
void
pd_window_show_saved_query (PdWindow      *self,
                            const PdQuery *query)
{
  PdTransactionView *views[] = { self->charges_view, self->refunds_view, self->disbursements_view };
  PdTransactionView *target = self->charges_view;
  g_autoptr(PdQuery) filter = NULL;
  g_autofree char *json = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    if (pd_transaction_view_get_kinds (views[i]) == query->kinds)
      target = views[i];

  self->applying = TRUE;
  adw_view_stack_set_visible_child (self->stack, GTK_WIDGET (target));
  pd_filter_bar_set_query (self->filter_bar, query);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), query->text != NULL ? query->text : "");
  if (query->text != NULL && query->text[0] != '\0')
    gtk_toggle_button_set_active (self->search_button, TRUE);
  if (pd_filter_bar_is_active (self->filter_bar))
    gtk_toggle_button_set_active (self->filter_button, TRUE);
  self->applying = FALSE;

  /* What the bar and the entry now say is what the view shows. */
  filter = current_filter (self);
  json = pd_query_to_json (filter);
  g_object_set_data_full (G_OBJECT (target), "pd-window-filter", g_steal_pointer (&json), g_free);
  pd_view_apply_saved_query (PD_VIEW (target), query);
  update_title (self);
  pd_window_update_actions (self);
}

/* Sidebar: saved views and accounts */

static void
remove_rows (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

void
pd_window_load_saved_views (PdWindow *self)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;

  remove_rows (self->saved_list);

  if (!pd_store_list_views (self->store, &names, &error))
    {
      show_error (self, error);
      return;
    }

  for (guint i = 0; names[i] != NULL; i++)
    gtk_list_box_append (self->saved_list, pd_saved_view_row_new (names[i]));

  gtk_widget_set_visible (GTK_WIDGET (self->saved_list), names[0] != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->saved_hint), names[0] == NULL);
}

static PdAccountRow *
find_account_row (PdWindow *self,
                  gint64    account_id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->accounts_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (PD_IS_ACCOUNT_ROW (row) && pd_account_row_get_account_id (PD_ACCOUNT_ROW (row)) == account_id)
      return PD_ACCOUNT_ROW (row);

  return NULL;
}

static void
update_account_row (PdWindow *self,
                    gint64    account_id)
{
  PdAccountRow *row = find_account_row (self, account_id);
  guint64 n_records = 0;
  guint n_pages = 0;
  gboolean syncing;

  if (row == NULL || self->sync_queue == NULL)
    return;

  syncing = pd_sync_queue_get_progress (self->sync_queue, account_id, &n_records, &n_pages);
  pd_account_row_set_progress (row, syncing, n_records, n_pages);
  if (!syncing)
    pd_account_row_set_error (row, pd_sync_queue_get_error (self->sync_queue, account_id));
}

void
pd_window_load_accounts (PdWindow *self)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  remove_rows (self->accounts_list);
  self->money_operations_stale = TRUE;

  if (!pd_store_list_accounts (self->store, &accounts, &error))
    {
      show_error (self, error);
      return;
    }

  for (guint i = 0; i < accounts->len; i++)
    {
      const PdAccount *account = g_ptr_array_index (accounts, i);

      gtk_list_box_append (self->accounts_list, pd_account_row_new (account));
      update_account_row (self, account->id);
    }

  self->n_accounts = accounts->len;
  gtk_widget_set_visible (GTK_WIDGET (self->accounts_list), accounts->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->accounts_hint), accounts->len == 0);
  pd_filter_bar_set_accounts (self->filter_bar, accounts);
  pd_window_update_actions (self);
}

static gboolean
refresh_clock_cb (gpointer user_data)
{
  PdWindow *self = user_data;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->accounts_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (PD_IS_ACCOUNT_ROW (row))
      pd_account_row_refresh (PD_ACCOUNT_ROW (row));

  return G_SOURCE_CONTINUE;
}

/* Sync */

static void
update_sync_status (PdWindow *self)
{
  gboolean running = self->sync_queue != NULL && pd_sync_queue_get_running (self->sync_queue);

  gtk_revealer_set_reveal_child (self->sync_revealer, running);

  if (running)
    {
      guint n_accounts = pd_sync_queue_get_n_running (self->sync_queue)
                       + pd_sync_queue_get_n_waiting (self->sync_queue);
      g_autofree char *records = g_strdup_printf ("%'" G_GUINT64_FORMAT,
                                                  pd_sync_queue_get_n_records (self->sync_queue));
      guint n_pages = pd_sync_queue_get_n_pages (self->sync_queue);
      g_autofree char *accounts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "Synchronizing %u account",
                                                                "Synchronizing %u accounts",
                                                                n_accounts), n_accounts);
      g_autofree char *progress = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "%s records in %u page",
                                                                "%s records in %u pages",
                                                                n_pages), records, n_pages);
      g_autofree char *text = g_strdup_printf ("%s\n%s", accounts, progress);

      gtk_label_set_text (self->sync_label, text);
    }
}

static gboolean
pulse_cb (gpointer user_data)
{
  PdWindow *self = user_data;

  gtk_progress_bar_pulse (self->sync_progress);

  return G_SOURCE_CONTINUE;
}

static void
reload_views (PdWindow *self)
{
  PdView *current = pd_window_get_current_view (self);

  /* The others read the store again when they are shown. */
  for (guint i = 0; i < self->views->len; i++)
    if (g_ptr_array_index (self->views, i) != current)
      g_hash_table_add (self->stale_views, g_ptr_array_index (self->views, i));

  if (current != NULL)
    pd_view_reload (current);
}

static gboolean
reload_cb (gpointer user_data)
{
  PdWindow *self = user_data;

  self->reload_source = 0;
  reload_views (self);

  return G_SOURCE_REMOVE;
}

static void
sync_stored_cb (PdWindow *self)
{
  if (self->reload_source == 0)
    self->reload_source = g_timeout_add (RELOAD_INTERVAL_MS, reload_cb, self);
}

static void
sync_account_changed_cb (PdWindow *self,
                         gint64    account_id)
{
  update_account_row (self, account_id);
  update_sync_status (self);
}

static void
sync_account_failed_cb (PdWindow     *self,
                        gint64        account_id,
                        const GError *error)
{
  g_autoptr(PdAccount) account = account_id != 0 ? pd_store_get_account (self->store, account_id, NULL) : NULL;
  g_autofree char *message = NULL;

  if (account != NULL)
    /* Translators: a failed sync: the account's name, then the provider's or Paydesk's message */
    message = g_strdup_printf (_("%s: %s"), account->label, error->message);
  else
    message = g_strdup (error->message);

  pd_window_add_toast (self, message);
}

static void
sync_running_cb (PdWindow *self)
{
  gboolean running = pd_sync_queue_get_running (self->sync_queue);

  if (running && self->pulse_source == 0)
    self->pulse_source = g_timeout_add (250, pulse_cb, self);
  else if (!running)
    {
      g_clear_handle_id (&self->pulse_source, g_source_remove);
      g_clear_handle_id (&self->reload_source, g_source_remove);
      /* Last sync times changed; and the last pages are in. */
      pd_window_load_accounts (self);
      reload_views (self);
    }

  update_sync_status (self);
  pd_window_update_actions (self);
}

/* Public API */

/**
 * pd_window_new:
 * @application: the application
 * @store: the store the views show
 * @sync_queue: (nullable): what synchronizes the accounts; without one
 *   the window cannot synchronize
 *
 * Returns: (transfer full): a new window
 */
PdWindow *
pd_window_new (GtkApplication *application,
               PdStore        *store,
               PdSyncQueue    *sync_queue)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (sync_queue == NULL || PD_IS_SYNC_QUEUE (sync_queue), NULL);

  return g_object_new (PD_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       "sync-queue", sync_queue,
                       NULL);
}

PdStore *
pd_window_get_store (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  return self->store;
}

/**
 * pd_window_get_sync_queue:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): what synchronizes the accounts
 */
PdSyncQueue *
pd_window_get_sync_queue (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  return self->sync_queue;
}

/* The payments' signals follow whichever PdPayments the window uses, and
 * what its accounts can do is asked again. */
static void
follow_payments (PdWindow *self)
{
  g_signal_group_set_target (self->payments_signals, pd_window_get_payments (self));
  self->money_operations_stale = TRUE;
}

/**
 * pd_window_get_payments:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): what moves money from this window:
 *   the one given to pd_window_set_payments(), else the application's
 */
PdPayments *
pd_window_get_payments (PdWindow *self)
{
  GtkApplication *application;

  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  if (self->payments != NULL)
    return self->payments;

  application = gtk_window_get_application (GTK_WINDOW (self));
  if (PD_IS_APPLICATION (application))
    return pd_application_get_payments (PD_APPLICATION (application));

  return NULL;
}

/**
 * pd_window_set_payments:
 * @self: a window
 * @payments: (nullable): what moves money (refunds, disbursements, sales)
 *
 * A window of the application uses the application's; a window made
 * without one (a test) is given its own here.
 */
void
pd_window_set_payments (PdWindow   *self,
                        PdPayments *payments)
{
  g_return_if_fail (PD_IS_WINDOW (self));
  g_return_if_fail (payments == NULL || PD_IS_PAYMENTS (payments));

  if (g_set_object (&self->payments, payments))
    {
      follow_payments (self);
      pd_window_update_actions (self);
    }
}

/**
 * pd_window_add_view:
 * @self: a window
 * @name: the view's name, as in the `last-view` setting (`activity`)
 * @title: its title, translated
 * @icon_name: its symbolic icon
 * @view: the view, made with the window's store
 *
 * Adds a view to the stack and a row for it to the sidebar, below the
 * others. The view gets the search and filters its PdView:get_filters says
 * it takes, its summary shows in the header bar, and its selected record
 * in the detail pane.
 */
void
pd_window_add_view (PdWindow   *self,
                    const char *name,
                    const char *title,
                    const char *icon_name,
                    PdView     *view)
{
  AdwViewStackPage *page;
  GtkWidget *row;
  GtkWidget *box;

  g_return_if_fail (PD_IS_WINDOW (self));
  g_return_if_fail (name != NULL && title != NULL);
  g_return_if_fail (PD_IS_VIEW (view));

  page = adw_view_stack_add_titled (self->stack, GTK_WIDGET (view), name, title);
  g_ptr_array_add (self->views, view);
  g_signal_connect_object (view, "error", G_CALLBACK (show_error), self, G_CONNECT_SWAPPED);
  adw_view_stack_page_set_icon_name (page, icon_name);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon_name));
  gtk_box_append (GTK_BOX (box), gtk_label_new (title));
  row = gtk_list_box_row_new ();
  gtk_widget_set_name (row, name);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_append (self->views_list, row);

  if (g_strcmp0 (g_settings_get_string (self->settings, "last-view"), name) == 0)
    pd_window_show_view (self, name);
}

/**
 * pd_window_get_view:
 * @self: a window
 * @name: a view's name (`charges`, `customers`, …)
 *
 * Returns: (transfer none) (nullable): the view
 */
PdView *
pd_window_get_view (PdWindow   *self,
                    const char *name)
{
  GtkWidget *child;

  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  child = adw_view_stack_get_child_by_name (self->stack, name);

  return PD_IS_VIEW (child) ? PD_VIEW (child) : NULL;
}

void
pd_window_show_view (PdWindow   *self,
                     const char *name)
{
  g_return_if_fail (PD_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  if (adw_view_stack_get_child_by_name (self->stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, name);
}

const char *
pd_window_get_view_name (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

/**
 * pd_window_get_selected_item:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the record the detail pane shows: a
 *   #PdTransactionItem or a #PdRecordItem
 */
GObject *
pd_window_get_selected_item (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  return pd_detail_pane_get_item (self->detail_pane);
}

/**
 * pd_window_reload:
 * @self: a window
 *
 * Reads the store again into every view, after something changed it (a
 * sync, a refund).
 */
void
pd_window_reload (PdWindow *self)
{
  g_return_if_fail (PD_IS_WINDOW (self));

  pd_window_load_accounts (self);
  pd_window_load_saved_views (self);
  reload_views (self);
}

void
pd_window_add_toast (PdWindow   *self,
                     const char *message)
{
  AdwToast *toast;

  g_return_if_fail (PD_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * pd_window_show_error:
 * @self: a window
 * @error: what went wrong; its message is shown as it is, a sentence
 *   for the user
 */
void
pd_window_show_error (PdWindow     *self,
                      const GError *error)
{
  g_return_if_fail (PD_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  pd_window_add_toast (self, error->message);
}

/**
 * pd_window_present_dialog:
 * @self: a window
 * @dialog: a dialog (an #AdwMessageDialog, an #AdwPreferencesWindow, …)
 *
 * Shows @dialog over the window, modal.
 */
void
pd_window_present_dialog (PdWindow  *self,
                          GtkWindow *dialog)
{
  g_return_if_fail (PD_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WINDOW (dialog));

  gtk_window_set_transient_for (dialog, GTK_WINDOW (self));
  gtk_window_set_modal (dialog, TRUE);
  gtk_window_present (dialog);
}

/* GObject */

static void
pd_window_constructed (GObject *object)
{
  PdWindow *self = (PdWindow *)object;
  PdView *views[] = {
    PD_VIEW (self->customers_view), PD_VIEW (self->charges_view), PD_VIEW (self->refunds_view),
    PD_VIEW (self->disbursements_view), PD_VIEW (self->cards_view), PD_VIEW (self->statements_view),
    PD_VIEW (self->balances_view),
  };
  g_autofree char *last_view = NULL;

  G_OBJECT_CLASS (pd_window_parent_class)->constructed (object);

  follow_payments (self);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_ptr_array_add (self->views, views[i]);
      g_object_set (views[i], "store", self->store, NULL);
      g_signal_connect_object (views[i], "error", G_CALLBACK (show_error), self, G_CONNECT_SWAPPED);
    }
  pd_detail_pane_set_store (self->detail_pane, self->store);
  pd_record_view_set_header (self->balances_view, pd_balance_overview_new (self->store));
  pd_record_view_set_header (self->statements_view, pd_statement_summary_new (self->store));
  pd_window_add_view (self, "activity", _("Activity"), "document-open-recent-symbolic",
                      PD_VIEW (pd_activity_view_new (self->store)));

  if (self->sync_queue != NULL)
    {
      g_signal_connect_object (self->sync_queue, "account-changed",
                               G_CALLBACK (sync_account_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->sync_queue, "account-failed",
                               G_CALLBACK (sync_account_failed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->sync_queue, "stored",
                               G_CALLBACK (sync_stored_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->sync_queue, "notify::running",
                               G_CALLBACK (sync_running_cb), self, G_CONNECT_SWAPPED);
    }

  pd_window_load_accounts (self);
  pd_window_load_saved_views (self);

  last_view = g_settings_get_string (self->settings, "last-view");
  if (adw_view_stack_get_child_by_name (self->stack, last_view) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, last_view);
  visible_view_changed_cb (self);

  if (self->sync_queue != NULL && pd_sync_queue_get_running (self->sync_queue))
    sync_running_cb (self);
}

static gboolean
pd_window_close_request (GtkWindow *window)
{
  PdWindow *self = PD_WINDOW (window);
  gboolean maximized = gtk_window_is_maximized (window);

  g_settings_delay (self->settings);
  if (!maximized)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (pd_window_parent_class)->close_request (window);
}

static void
pd_window_dispose (GObject *object)
{
  PdWindow *self = (PdWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  g_clear_handle_id (&self->clock_source, g_source_remove);

  if (self->view_signals != NULL)
    g_signal_group_set_target (self->view_signals, NULL);
  if (self->model_signals != NULL)
    g_signal_group_set_target (self->model_signals, NULL);
  if (self->payments_signals != NULL)
    g_signal_group_set_target (self->payments_signals, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_WINDOW);

  g_clear_object (&self->view_signals);
  g_clear_object (&self->payments_signals);
  g_clear_object (&self->model_signals);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->sync_queue);
  g_clear_object (&self->payments);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pd_window_parent_class)->dispose (object);
}

static void
pd_window_finalize (GObject *object)
{
  PdWindow *self = (PdWindow *)object;

  g_clear_pointer (&self->stale_views, g_hash_table_unref);
  g_clear_pointer (&self->views, g_ptr_array_unref);

  G_OBJECT_CLASS (pd_window_parent_class)->finalize (object);
}

static void
pd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PdWindow *self = PD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SYNC_QUEUE:
      g_value_set_object (value, self->sync_queue);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PdWindow *self = PD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SYNC_QUEUE:
      self->sync_queue = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_window_class_init (PdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = pd_window_constructed;
  object_class->dispose = pd_window_dispose;
  object_class->finalize = pd_window_finalize;
  object_class->get_property = pd_window_get_property;
  object_class->set_property = pd_window_set_property;

  window_class->close_request = pd_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         PD_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SYNC_QUEUE] =
    g_param_spec_object ("sync-queue", NULL, NULL,
                         PD_TYPE_SYNC_QUEUE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PD_TYPE_DETAIL_PANE);
  g_type_ensure (PD_TYPE_FILTER_BAR);
  g_type_ensure (PD_TYPE_RECORD_VIEW);
  g_type_ensure (PD_TYPE_TRANSACTION_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/paydesk/Paydesk/pd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, views_list);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, saved_list);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, saved_heading);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, saved_hint);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, accounts_hint);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, sync_revealer);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, sync_label);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, sync_progress);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, view_title);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, filter_button);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, detail_flap);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, detail_pane);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, customers_view);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, charges_view);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, refunds_view);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, disbursements_view);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, cards_view);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, statements_view);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, balances_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, visible_view_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, saved_row_activated_cb);

  pd_window_class_add_actions (widget_class);
}

static void
pd_window_init (PdWindow *self)
{
  self->settings = pd_settings_new ();
  self->cancellable = g_cancellable_new ();
  self->stale_views = g_hash_table_new (NULL, NULL);
  self->views = g_ptr_array_new ();

  /* The view signals follow whichever view is visible. */
  self->view_signals = g_signal_group_new (GTK_TYPE_WIDGET);
  g_signal_group_connect_swapped (self->view_signals, "notify::selected-item",
                                  G_CALLBACK (selected_item_changed_cb), self);
  g_signal_group_connect_swapped (self->view_signals, "notify::summary",
                                  G_CALLBACK (update_title), self);
  self->payments_signals = g_signal_group_new (PD_TYPE_PAYMENTS);
  g_signal_group_connect_swapped (self->payments_signals, "entry-changed",
                                  G_CALLBACK (pd_window_reload), self);
  self->model_signals = g_signal_group_new (PD_TYPE_TRANSACTION_MODEL);
  g_signal_group_connect_swapped (self->model_signals, "notify::loading",
                                  G_CALLBACK (model_loading_cb), self);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The application adds its icons to the theme too; a window made
   * without one (tests, benchmarks) needs them as well. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self))),
                                    "/io/github/paydesk/Paydesk/icons");

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  gtk_search_entry_set_search_delay (self->search_entry, 150);

  g_signal_connect_object (self->detail_flap, "notify::reveal-flap",
                           G_CALLBACK (pd_window_update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::folded",
                           G_CALLBACK (pd_window_update_actions), self, G_CONNECT_SWAPPED);

  self->clock_source = g_timeout_add_seconds (30, refresh_clock_cb, self);
}

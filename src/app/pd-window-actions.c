/* pd-window-actions.c - what the main window can do, and when
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Every action of the window is installed here with
 * gtk_widget_class_install_action() and enabled or disabled in one place,
 * pd_window_update_actions(). Their keyboard shortcuts are set by the
 * application (pd-application.c) and listed in ui/help-overlay.ui.
 *
 *   win.sync                  synchronize every account        Ctrl+R
 *   win.cancel-sync           stop synchronizing
 *   win.search                search every provider            Ctrl+F
 *   win.toggle-filters        show or hide the filter bar      Ctrl+Shift+F
 *   win.show-view(s)          show a view                      Ctrl+1 … Ctrl+8
 *   win.export                export the list as CSV           Ctrl+E
 *   win.save-view             save the search and filters      Ctrl+D
 *   win.apply-saved-view(s)   apply a saved view
 *   win.delete-saved-view(s)  delete a saved view
 *   win.show-detail           show the selected record         Alt+Return
 *   win.hide-detail           hide the detail pane             Escape
 *   win.show-sidebar          back to the views (narrow window)
 *   win.new-disbursement      send money through an account    Ctrl+Shift+N
 *   win.sell-electricity      sell an electricity token        Ctrl+Shift+E
 *   win.pay-bill              pay a bill or top up a phone     Ctrl+Shift+B
 *   win.show-receipt          the selected sale's receipt      Ctrl+Shift+P
 *   win.refund                refund the selected charge       Ctrl+Shift+R
 *   win.settle-payment        say what became of a lost answer Ctrl+Shift+S
 *   win.add-card              add a card to an EnayaPay account Ctrl+Shift+A
 *   win.remove-card           remove the selected card         Ctrl+Delete
 *   win.card-balance          ask the selected card's balance  Ctrl+Shift+L
 */

#include <glib/gi18n.h>

#include "pd-application.h"
#include "pd-bill-dialog.h"
#include "pd-card-dialog.h"
#include "pd-payment-accounts.h"
#include "pd-receipt-dialog.h"
#include "pd-refund-dialog.h"
#include "pd-settle-dialog.h"
#include "pd-send-dialog.h"
#include "pd-transaction-item.h"
#include "pd-vend-dialog.h"
#include "pd-window-private.h"

static guint money_operations (PdWindow *self);
static const PdTransaction *selected_sale (PdWindow *self);
static const PdTransaction *selected_refundable (PdWindow *self);
static PdOutboxEntry *selected_unsettled (PdWindow *self);
static PdRecordItem *selected_managed_card (PdWindow *self);

void
pd_window_update_actions (PdWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  PdView *view = pd_window_get_current_view (self);
  gboolean running = self->sync_queue != NULL && pd_sync_queue_get_running (self->sync_queue);
  g_autoptr(PdQuery) saved = view != NULL ? pd_view_dup_saved_query (view) : NULL;

  gtk_widget_action_set_enabled (widget, "win.sync", self->sync_queue != NULL && self->n_accounts > 0 && !running);
  gtk_widget_action_set_enabled (widget, "win.cancel-sync", running);
  gtk_widget_action_set_enabled (widget, "win.export", view != NULL && pd_view_can_export (view) && !self->exporting);
  gtk_widget_action_set_enabled (widget, "win.save-view", saved != NULL);
  gtk_widget_action_set_enabled (widget, "win.show-detail",
                                 pd_detail_pane_get_item (self->detail_pane) != NULL &&
                                 !adw_flap_get_reveal_flap (self->detail_flap));
  gtk_widget_action_set_enabled (widget, "win.hide-detail", adw_flap_get_reveal_flap (self->detail_flap));
  gtk_widget_action_set_enabled (widget, "win.show-sidebar", adw_leaflet_get_folded (self->leaflet));
  gtk_widget_action_set_enabled (widget, "win.new-disbursement",
                                 (money_operations (self) & (PD_OPERATION_BIT (PD_OPERATION_TRANSFER) |
                                                             PD_OPERATION_BIT (PD_OPERATION_DISBURSEMENT))) != 0);
  gtk_widget_action_set_enabled (widget, "win.sell-electricity",
                                 (money_operations (self) & PD_OPERATION_BIT (PD_OPERATION_VEND)) != 0);
  gtk_widget_action_set_enabled (widget, "win.pay-bill",
                                 (money_operations (self) & (PD_OPERATION_BIT (PD_OPERATION_TOPUP) |
                                                             PD_OPERATION_BIT (PD_OPERATION_BILL))) != 0);
  gtk_widget_action_set_enabled (widget, "win.show-receipt", selected_sale (self) != NULL);
  gtk_widget_action_set_enabled (widget, "win.refund",
                                 pd_window_get_payments (self) != NULL && selected_refundable (self) != NULL);
  {
    g_autoptr(PdOutboxEntry) unsettled = selected_unsettled (self);

    gtk_widget_action_set_enabled (widget, "win.settle-payment", unsettled != NULL);
  }
  gtk_widget_action_set_enabled (widget, "win.add-card", self->card_accounts);
  gtk_widget_action_set_enabled (widget, "win.remove-card", selected_managed_card (self) != NULL);
  gtk_widget_action_set_enabled (widget, "win.card-balance", selected_managed_card (self) != NULL);
}

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);

  pd_sync_queue_sync_all (self->sync_queue);
}

static void
cancel_sync_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);

  pd_sync_queue_cancel (self->sync_queue);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);

  gtk_toggle_button_set_active (self->search_button, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
toggle_filters_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);

  gtk_toggle_button_set_active (self->filter_button, !gtk_toggle_button_get_active (self->filter_button));
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);

  pd_window_show_view (self, g_variant_get_string (parameter, NULL));
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* Export */

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GFile *file = g_object_get_data (G_OBJECT (self), "pd-export-file");
  guint64 n_rows = 0;

  self->exporting = FALSE;
  pd_window_update_actions (self);

  if (!pd_view_export_finish (PD_VIEW (object), result, &n_rows, &error))
    {
      pd_window_show_error (self, error);
      return;
    }

  {
    g_autofree char *name = file != NULL ? g_file_get_basename (file) : NULL;
    g_autofree char *count = g_strdup_printf ("%'" G_GUINT64_FORMAT, n_rows);
    g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "Exported %s row to %s",
                                                             "Exported %s rows to %s",
                                                             n_rows),
                                                count, name != NULL ? name : "");

    pd_window_add_toast (self, message);
  }
}

static void
export_to (PdWindow *self,
           GFile    *file)
{
  PdView *view = pd_window_get_current_view (self);

  if (view == NULL || !pd_view_can_export (view))
    return;

  self->exporting = TRUE;
  g_object_set_data_full (G_OBJECT (self), "pd-export-file", g_object_ref (file), g_object_unref);
  pd_window_update_actions (self);
  pd_view_export_async (view, file, self->cancellable, export_done_cb, g_object_ref (self));
}

static void
export_chosen_cb (GtkNativeDialog *dialog,
                  int              response,
                  PdWindow        *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);

  if (file != NULL)
    export_to (self, file);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  /* Translators: the suggested name of an export: the view and the day */
  name = g_strdup_printf (_("%s %s.csv"), adw_window_title_get_title (self->view_title), day);

  chooser = gtk_file_chooser_native_new (_("Export to CSV"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  g_signal_connect_object (chooser, "response", G_CALLBACK (export_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Saved views */

/**
 * pd_window_save_view:
 * @self: a window
 * @name: the name to save the view under
 *
 * Saves the visible list's search, filters and order under @name, or
 * replaces the view of that name.
 */
void
pd_window_save_view (PdWindow   *self,
                     const char *name)
{
  PdView *view = pd_window_get_current_view (self);
  g_autoptr(PdQuery) query = view != NULL ? pd_view_dup_saved_query (view) : NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;

  if (query == NULL)
    return;

  json = pd_query_to_json (query);
  if (!pd_store_save_view (self->store, name, json, &error))
    {
      pd_window_show_error (self, error);
      return;
    }

  pd_window_load_saved_views (self);
  {
    /* Translators: a toast after saving a view under its name */
    g_autofree char *message = g_strdup_printf (_("Saved “%s”"), name);

    pd_window_add_toast (self, message);
  }
}

static void
name_changed_cb (GtkEditable      *entry,
                 AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "save", name[0] != '\0');
}

static void
name_activated_cb (GtkEntry         *entry,
                   AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "save"))
    adw_message_dialog_response (dialog, "save");
}

static void
save_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  PdWindow         *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_strcmp0 (response, "save") == 0 && name[0] != '\0')
    pd_window_save_view (self, name);
}

static void
save_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  GtkWidget *dialog;
  GtkWidget *entry;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save View"),
                                   _("The search, the filters and the order of this list are kept "
                                     "under a name in the sidebar, to show them again in one click."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Name, such as “Pending collections this week”"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"), -1);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save", text[0] != '\0');
  g_signal_connect_object (entry, "changed", G_CALLBACK (name_changed_cb), dialog, 0);
  g_signal_connect_object (entry, "activate", G_CALLBACK (name_activated_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (save_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * pd_window_apply_saved_view:
 * @self: a window
 * @name: a saved view's name
 *
 * Shows the view's list with its search, filters and order.
 */
void
pd_window_apply_saved_view (PdWindow   *self,
                            const char *name)
{
  g_autofree char *json = NULL;
  g_autoptr(PdQuery) query = NULL;
  g_autoptr(GError) error = NULL;

  json = pd_store_get_view (self->store, name, &error);
  if (json != NULL)
    query = pd_query_new_from_json (json, &error);
  if (query == NULL)
    {
      pd_window_show_error (self, error);
      return;
    }

  pd_window_show_saved_query (self, query);
}

static void
apply_saved_view_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  pd_window_apply_saved_view (PD_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
delete_saved_view_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!pd_store_delete_view (self->store, g_variant_get_string (parameter, NULL), &error))
    pd_window_show_error (self, error);

  pd_window_load_saved_views (self);
}

/* Detail pane and navigation */

static void
show_detail_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  pd_window_set_detail_revealed (PD_WINDOW (widget), TRUE);
}

static void
hide_detail_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  pd_window_set_detail_revealed (PD_WINDOW (widget), FALSE);
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Money: disbursements, sales and receipts */

static void
operations_listed_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PdWindow) self = user_data;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  guint operations = 0;
  gboolean card_accounts = FALSE;

  accounts = pd_payment_accounts_list_finish (PD_PAYMENTS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    {
      operations |= ((PdPaymentAccount *)g_ptr_array_index (accounts, i))->operations;
      card_accounts |= pd_payment_account_manages_cards (g_ptr_array_index (accounts, i));
    }

  self->money_operations = operations;
  self->card_accounts = card_accounts;
  pd_window_update_actions (self);
}

/* What the accounts' providers can do, asked of their clients again
 * whenever the accounts were read (added, edited, removed, synchronized:
 * an account whose keys could not be read last time is asked again). */
static guint
money_operations (PdWindow *self)
{
  PdPayments *payments = pd_window_get_payments (self);

  if (payments == NULL)
    return 0;

  if (self->money_operations_stale)
    {
      self->money_operations_stale = FALSE;
      pd_payment_accounts_list_async (payments, self->cancellable, operations_listed_cb, g_object_ref (self));
    }

  return self->money_operations;
}

/* The selected transaction, when it is a completed sale with a receipt. */
static const PdTransaction *
selected_sale (PdWindow *self)
{
  GObject *item = pd_detail_pane_get_item (self->detail_pane);
  const PdTransaction *transaction;

  if (!PD_IS_TRANSACTION_ITEM (item))
    return NULL;

  transaction = pd_transaction_item_get_transaction (PD_TRANSACTION_ITEM (item));
  if (transaction == NULL || transaction->state != PD_TRANSACTION_STATE_SUCCEEDED)
    return NULL;

  if (transaction->kind != PD_TRANSACTION_KIND_VEND &&
      transaction->kind != PD_TRANSACTION_KIND_TOPUP &&
      transaction->kind != PD_TRANSACTION_KIND_BILL)
    return NULL;

  return transaction;
}

static void
new_disbursement_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  PdPayments *payments = pd_window_get_payments (self);

  if (payments != NULL)
    gtk_window_present (GTK_WINDOW (pd_send_dialog_new (self, payments)));
}

static void
sell_electricity_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  PdPayments *payments = pd_window_get_payments (self);

  if (payments != NULL)
    gtk_window_present (GTK_WINDOW (pd_vend_dialog_new (self, payments)));
}

static void
pay_bill_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  PdPayments *payments = pd_window_get_payments (self);

  if (payments != NULL)
    gtk_window_present (GTK_WINDOW (pd_bill_dialog_new (self, payments)));
}

static void
show_receipt_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  const PdTransaction *transaction = selected_sale (self);
  g_autoptr(GError) error = NULL;
  PdReceiptDialog *dialog;

  if (transaction == NULL)
    return;

  dialog = pd_receipt_dialog_new_for_transaction (GTK_WINDOW (self), self->store, transaction, &error);
  if (dialog == NULL)
    {
      pd_window_show_error (self, error);
      return;
    }

  gtk_window_present (GTK_WINDOW (dialog));
}

/* Refunds */

/* The selected charge, when it can be refunded. */
static const PdTransaction *
selected_refundable (PdWindow *self)
{
  GObject *item = pd_detail_pane_get_item (self->detail_pane);
  const PdTransaction *transaction;

  if (!PD_IS_TRANSACTION_ITEM (item) || pd_transaction_item_is_loading (PD_TRANSACTION_ITEM (item)))
    return NULL;

  transaction = pd_transaction_item_get_transaction (PD_TRANSACTION_ITEM (item));
  if (!pd_refund_dialog_can_refund (transaction))
    return NULL;

  return transaction;
}

static void
refund_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  PdPayments *payments = pd_window_get_payments (self);
  const PdTransaction *charge = selected_refundable (self);
  GObject *item = pd_detail_pane_get_item (self->detail_pane);

  if (payments == NULL || charge == NULL)
    return;

  gtk_window_present (GTK_WINDOW (pd_refund_dialog_new (self, payments, charge,
                                                        pd_transaction_item_get_account_label (PD_TRANSACTION_ITEM (item)))));
}

/* The selected row's outbox entry, when a person must say what became
 * of it. */
static PdOutboxEntry *
selected_unsettled (PdWindow *self)
{
  GObject *item = pd_detail_pane_get_item (self->detail_pane);

  if (!PD_IS_TRANSACTION_ITEM (item) || pd_transaction_item_is_loading (PD_TRANSACTION_ITEM (item)))
    return NULL;

  return pd_settle_dialog_find_entry (pd_window_get_payments (self),
                                      pd_transaction_item_get_transaction (PD_TRANSACTION_ITEM (item)));
}

static void
settle_payment_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  g_autoptr(PdOutboxEntry) entry = selected_unsettled (self);
  GObject *item = pd_detail_pane_get_item (self->detail_pane);

  if (entry == NULL)
    return;

  gtk_window_present (GTK_WINDOW (pd_settle_dialog_new (self, pd_window_get_payments (self), entry,
                                                        pd_transaction_item_get_transaction (PD_TRANSACTION_ITEM (item)))));
}

/* Cards */

/* The card the detail pane shows, when its account is one whose cards
 * Paydesk adds and removes (EnayaPay). */
static PdRecordItem *
selected_managed_card (PdWindow *self)
{
  GObject *item = pd_detail_pane_get_item (self->detail_pane);

  if (pd_window_get_payments (self) == NULL || !PD_IS_RECORD_ITEM (item) ||
      pd_record_item_get_kind (PD_RECORD_ITEM (item)) != PD_RECORD_CARD ||
      g_strcmp0 (pd_record_item_get_provider (PD_RECORD_ITEM (item)), "enayapay") != 0)
    return NULL;

  return PD_RECORD_ITEM (item);
}

static void
add_card_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  PdPayments *payments = pd_window_get_payments (self);

  if (payments != NULL)
    gtk_window_present (GTK_WINDOW (pd_card_dialog_new (self, payments)));
}

static void
card_balance_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  PdRecordItem *item = selected_managed_card (self);

  if (item == NULL)
    return;

  gtk_window_present (GTK_WINDOW (pd_card_dialog_new_for_balance (self, pd_window_get_payments (self),
                                                                  pd_record_item_get_card (item),
                                                                  pd_record_item_get_account_label (item))));
}

typedef struct
{
  PdWindow *window;
  gint64    account_id;
  char     *card_id;
  char     *last4;
} RemoveCard;

static void
remove_card_free (RemoveCard *remove)
{
  g_clear_object (&remove->window);
  g_free (remove->card_id);
  g_free (remove->last4);
  g_free (remove);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RemoveCard, remove_card_free)

static void
card_removed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RemoveCard) remove = user_data;
  PdWindow *self = remove->window;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GObject *shown;

  if (!pd_payment_accounts_remove_card_finish (PD_PAYMENTS (object), result, &error))
    {
      GtkWidget *dialog;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* A refusal of something destructive is said where it is read. */
      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Card Not Removed"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  /* The pane lets go of the card it showed. */
  shown = pd_detail_pane_get_item (self->detail_pane);
  if (PD_IS_RECORD_ITEM (shown) && pd_record_item_get_kind (PD_RECORD_ITEM (shown)) == PD_RECORD_CARD &&
      pd_record_item_get_card (PD_RECORD_ITEM (shown))->account_id == remove->account_id &&
      g_strcmp0 (pd_record_item_get_card (PD_RECORD_ITEM (shown))->provider_id, remove->card_id) == 0)
    {
      pd_detail_pane_show_item (self->detail_pane, NULL);
      pd_window_set_detail_revealed (self, FALSE);
    }

  pd_window_reload (self);
  /* Translators: a toast; %s is the last four digits of a card */
  message = g_strdup_printf (_("Card ending in %s removed"), remove->last4);
  pd_window_add_toast (self, message);
  pd_window_update_actions (self);
}

static void
remove_card_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         PdWindow         *self)
{
  RemoveCard *remove = g_object_get_data (G_OBJECT (dialog), "pd-remove-card");
  RemoveCard *copy;

  if (g_strcmp0 (response, "remove") != 0 || pd_window_get_payments (self) == NULL)
    return;

  copy = g_new0 (RemoveCard, 1);
  copy->window = g_object_ref (self);
  copy->account_id = remove->account_id;
  copy->card_id = g_strdup (remove->card_id);
  copy->last4 = g_strdup (remove->last4);
  pd_payment_accounts_remove_card_async (pd_window_get_payments (self), copy->account_id, copy->card_id,
                                         self->cancellable, card_removed_cb, copy);
}

static void
remove_card_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  PdRecordItem *item = selected_managed_card (self);
  const PdCard *card;
  g_autofree char *body = NULL;
  RemoveCard *remove;
  GtkWidget *dialog;

  if (item == NULL)
    return;

  card = pd_record_item_get_card (item);
  if (card->holder_name != NULL && card->holder_name[0] != '\0')
    /* Translators: the card's label, its last four digits, then its account */
    body = g_strdup_printf (_("“%s”, the card ending in %s, will be removed from the EnayaPay account "
                              "%s. Payments made with it stay in the lists."),
                            card->holder_name, card->last4, pd_record_item_get_account_label (item));
  else
    /* Translators: the card's last four digits, then its account */
    body = g_strdup_printf (_("The card ending in %s will be removed from the EnayaPay account %s. "
                              "Payments made with it stay in the lists."),
                            card->last4, pd_record_item_get_account_label (item));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Remove Card?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  remove = g_new0 (RemoveCard, 1);
  remove->account_id = card->account_id;
  remove->card_id = g_strdup (card->provider_id);
  remove->last4 = g_strdup (card->last4);
  g_object_set_data_full (G_OBJECT (dialog), "pd-remove-card", remove, (GDestroyNotify)remove_card_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_card_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}

void
pd_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-sync", NULL, cancel_sync_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-filters", NULL, toggle_filters_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.save-view", NULL, save_view_action);
  gtk_widget_class_install_action (widget_class, "win.apply-saved-view", "s", apply_saved_view_action);
  gtk_widget_class_install_action (widget_class, "win.delete-saved-view", "s", delete_saved_view_action);
  gtk_widget_class_install_action (widget_class, "win.show-detail", NULL, show_detail_action);
  gtk_widget_class_install_action (widget_class, "win.hide-detail", NULL, hide_detail_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.new-disbursement", NULL, new_disbursement_action);
  gtk_widget_class_install_action (widget_class, "win.sell-electricity", NULL, sell_electricity_action);
  gtk_widget_class_install_action (widget_class, "win.pay-bill", NULL, pay_bill_action);
  gtk_widget_class_install_action (widget_class, "win.show-receipt", NULL, show_receipt_action);
  gtk_widget_class_install_action (widget_class, "win.refund", NULL, refund_action);
  gtk_widget_class_install_action (widget_class, "win.settle-payment", NULL, settle_payment_action);
  gtk_widget_class_install_action (widget_class, "win.add-card", NULL, add_card_action);
  gtk_widget_class_install_action (widget_class, "win.remove-card", NULL, remove_card_action);
  gtk_widget_class_install_action (widget_class, "win.card-balance", NULL, card_balance_action);

  /* The window's own key: Escape closes the pane, when nothing focused
   * wants Escape first (a search entry does). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.hide-detail", NULL);

  /* Activity is added by the window, after the views of its template. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_8, GDK_CONTROL_MASK, "win.show-view", "s", "activity");
}

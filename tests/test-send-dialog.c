/* test-send-dialog.c - sending money and selling electricity through the window's dialogs
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (build-aux/test.sh) with GSK_RENDERER=cairo, on a store
 * whose accounts point at paydesk-sandbox. The dialogs are driven as a
 * person would: rows typed into, buttons clicked. What moved is read back
 * from the sandbox's ledger (control API) and from the store. Each dialog
 * is saved as a PNG in the build directory (tests/screenshots/).
 */

#define _GNU_SOURCE /* memmem */

#include <string.h>

#include <adwaita.h>

#include "pd-application.h"
#include "pd-pawacard-client.h"
#include "pd-receipt-dialog.h"
#include "pd-send-dialog.h"
#include "pd-test-app.h"
#include "pd-test-capture.h"
#include "pd-test-dialog.h"
#include "pd-test-sandbox.h"
#include "pd-test-window-data.h"
#include "pd-transaction-item.h"
#include "pd-vend-dialog.h"
#include "pd-window-private.h"

/* Meter 1 of the sandbox (HACKING.md, PawaCard): 014, 0000001, and its
 * Luhn check digit; the same number with another last digit fails it. */
#define METER          "01400000012"
#define METER_BAD_LUHN "01400000013"
#define METER_ELSEWHERE "01400000020"

typedef struct
{
  PdTestSandbox *sandbox;
  char          *dir;
  PdStore       *store;
  PdSecrets     *secrets;
  PdPayments    *payments;
  PdWindow      *window;
  GPtrArray     *uuids;
} Fixture;

/* Helpers */

static void
close_dialogs (void)
{
  pd_test_close_dialogs (PD_TYPE_SEND_DIALOG, PD_TYPE_VEND_DIALOG, PD_TYPE_RECEIPT_DIALOG, G_TYPE_INVALID);
}

static gboolean
error_shown (GtkWidget     *widget,
             gconstpointer  data)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_has_css_class (widget, "error");
}

/* Fixture */

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  pd_test_reset_last_view ();

  fixture->sandbox = pd_test_sandbox_start ("--records", "20", NULL);
  fixture->dir = pd_test_make_tmp_dir ("paydesk-send-XXXXXX");
  fixture->store = pd_test_open_store (fixture->dir);
  fixture->secrets = pd_secrets_new ();
  fixture->uuids = g_ptr_array_new_with_free_func (g_free);

  pd_test_add_sandbox_account (fixture->sandbox, fixture->store, fixture->secrets, fixture->uuids,
                               "fayapay", "Accra Market Stall", "api_key", NULL);
  pd_test_add_sandbox_account (fixture->sandbox, fixture->store, fixture->secrets, fixture->uuids,
                               "zengapay", "Kampala Wholesale", "token", NULL);
  pd_test_add_sandbox_account (fixture->sandbox, fixture->store, fixture->secrets, fixture->uuids,
                               "eoneopay", "Sydney Online Shop", "api_key", NULL);
  pd_test_add_sandbox_account (fixture->sandbox, fixture->store, fixture->secrets, fixture->uuids,
                               "pawacard", "Nairobi Power Kiosk", "password", NULL);
  pd_test_add_sandbox_account (fixture->sandbox, fixture->store, fixture->secrets, fixture->uuids,
                               "enayapay", "Khartoum Corner Store", "api_key", "password");

  fixture->payments = pd_payments_new (fixture->store, fixture->secrets);
  pd_payments_set_poll_interval (fixture->payments, 200);

  fixture->window = pd_test_present_window (fixture->store, NULL, fixture->payments);
  pd_test_settle ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  close_dialogs ();
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  pd_test_settle ();

  for (guint i = 0; i < fixture->uuids->len; i++)
    pd_secrets_clear_sync (fixture->secrets, g_ptr_array_index (fixture->uuids, i), NULL, NULL);

  g_clear_object (&fixture->payments);
  g_clear_object (&fixture->secrets);
  g_clear_object (&fixture->store);
  g_ptr_array_unref (fixture->uuids);
  pd_test_sandbox_stop (fixture->sandbox);
  pd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* Tests */

static gboolean
send_settled (gpointer data)
{
  PdOutboxEntry *entry = pd_send_dialog_get_entry (data);

  return entry != NULL && entry->state != PD_OUTBOX_STATE_SENT && entry->state != PD_OUTBOX_STATE_QUEUED &&
         g_strcmp0 (pd_test_page_of (data), "result") == 0;
}

typedef struct
{
  GListModel *model;
  const char *reference;
} RowWait;

static gboolean
row_listed (gpointer data)
{
  RowWait *wait = data;

  for (guint i = 0; i < MIN (g_list_model_get_n_items (wait->model), 200); i++)
    {
      g_autoptr(PdTransactionItem) item = g_list_model_get_item (wait->model, i);
      const PdTransaction *t = pd_transaction_item_get_transaction (item);

      if (t != NULL && g_strcmp0 (t->reference, wait->reference) == 0 && t->state == PD_TRANSACTION_STATE_SUCCEEDED)
        return TRUE;

    }

  return FALSE;
}

/* A disbursement through the dialog: only the accounts that can send are
 * offered, the confirmation says what moves, a second click sends nothing,
 * and the sandbox's ledger has exactly one movement. */
static void
test_disbursement (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *dialog;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(JsonArray) moved = NULL;
  g_autoptr(PdTransaction) transaction = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = NULL;
  AdwStatusPage *page;
  const char *description;
  PdOutboxEntry *entry;
  JsonObject *movement;
  RowWait wait;

  pd_window_show_view (fixture->window, "disbursements");
  dialog = pd_test_open_dialog (fixture->window, "win.new-disbursement", PD_TYPE_SEND_DIALOG, "form");

  /* FayaPay disburses and ZengaPay transfers; EoneoPay and PawaCard do
   * neither. Labels and provider names, never ids. */
  accounts = pd_test_combo_titles (dialog, "_From Account");
  g_assert_cmpuint (accounts->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (accounts, 0), ==, "Accra Market Stall (FayaPay)");
  g_assert_cmpstr (g_ptr_array_index (accounts, 1), ==, "Kampala Wholesale (ZengaPay)");

  pd_test_choose (dialog, "_From Account", "Accra Market Stall (FayaPay)");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "New Disbursement");
  pd_test_type_into (dialog, "Mobile Money Number", "0244 123 456");
  pd_test_type_into (dialog, "Name", "Kofi Mensah");
  pd_test_type_into (dialog, "Description", "Stall rent returned");

  /* Not an amount: said, and nothing to continue with. */
  pd_test_type_into (dialog, "Amount (GHS)", "12,50");
  g_assert_false (pd_test_button_sensitive (dialog, "_Continue"));
  pd_test_settle ();
  g_assert_nonnull (pd_test_find_widget (dialog, GTK_TYPE_LABEL, pd_test_label_shown,
                                 "Write the amount as digits, with a point before the decimals, such as 125.50."));
  pd_test_type_into (dialog, "Amount (GHS)", "12.50");
  pd_test_save_dialog_screenshot (dialog, "send-dialog-form");

  pd_test_click (dialog, "_Continue");
  pd_test_wait_for_page (dialog, "confirm");
  page = pd_test_status_page (dialog);
  description = adw_status_page_get_description (page);
  g_test_message ("Confirmation: %s — %s", adw_status_page_get_title (page), description);
  g_assert_nonnull (strstr (adw_status_page_get_title (page), "12.50"));
  g_assert_nonnull (strstr (description, "Kofi Mensah"));
  g_assert_nonnull (strstr (description, "0244123456"));
  g_assert_nonnull (strstr (description, "Accra Market Stall (FayaPay)"));
  g_assert_nonnull (strstr (description, "GHS"));
  pd_test_save_dialog_screenshot (dialog, "send-dialog-confirm");

  /* A double click: the second finds the button gone insensitive. */
  {
    GtkButton *send = pd_test_button (dialog, "_Send");

    g_assert_nonnull (send);
    g_signal_emit_by_name (send, "clicked");
    g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (send)));
    g_signal_emit_by_name (send, "clicked");
  }

  pd_test_wait_for (send_settled, dialog, "the disbursement's outcome");
  entry = pd_send_dialog_get_entry (PD_SEND_DIALOG (dialog));
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_cmpuint (entry->attempts, ==, 1);
  g_assert_cmpstr (adw_status_page_get_title (pd_test_status_page (dialog)), ==, "Money Sent");
  pd_test_save_dialog_screenshot (dialog, "send-dialog-sent");

  /* Exactly one movement, the one typed. */
  moved = pd_test_sandbox_get_ledger (fixture->sandbox, "fayapay");
  g_assert_cmpuint (json_array_get_length (moved), ==, 1);
  movement = json_array_get_object_element (moved, 0);
  g_assert_cmpstr (json_object_get_string_member (movement, "operation"), ==, "disbursement");
  g_assert_cmpstr (json_object_get_string_member (movement, "target"), ==, "0244123456");
  g_assert_cmpstr (json_object_get_string_member (movement, "amount"), ==, "12.50");
  g_assert_cmpstr (json_object_get_string_member (movement, "reference"), ==, entry->reference);

  transaction = pd_store_get_transaction (fixture->store, entry->transaction_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (transaction->kind, ==, PD_TRANSACTION_KIND_DISBURSEMENT);
  g_assert_cmpint (transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);

  /* The row is in the Disbursements list, confirmed. */
  reference = g_strdup (entry->reference);
  pd_test_click (dialog, "_Done");
  pd_test_settle ();
  g_assert_null (pd_test_find_toplevel (PD_TYPE_SEND_DIALOG));
  wait.model = G_LIST_MODEL (pd_transaction_view_get_model (PD_TRANSACTION_VIEW (pd_window_get_view (fixture->window,
                                                                                                      "disbursements"))));
  wait.reference = reference;
  pd_test_wait_for (row_listed, &wait, "the disbursement in the list");
  pd_test_save_dialog_screenshot (GTK_WIDGET (fixture->window), "send-dialog-window");

  /* Nothing moved twice. */
  {
    g_autoptr(JsonArray) again = pd_test_sandbox_get_ledger (fixture->sandbox, "fayapay");

    g_assert_cmpuint (json_array_get_length (again), ==, 1);
  }
}

static void
title_changed_cb (AdwStatusPage *page,
                  GParamSpec    *pspec,
                  GPtrArray     *titles)
{
  const char *title = adw_status_page_get_title (page);

  if (title != NULL && (titles->len == 0 || g_strcmp0 (g_ptr_array_index (titles, titles->len - 1), title) != 0))
    g_ptr_array_add (titles, g_strdup (title));
}

static gboolean
send_confirmed (gpointer data)
{
  PdOutboxEntry *entry = pd_send_dialog_get_entry (data);

  return entry != NULL && entry->state == PD_OUTBOX_STATE_CONFIRMED;
}

/* The answer is lost after FayaPay moved the money: the dialog says it is
 * checking with the provider, offers nothing to send again, and the
 * payment ends confirmed with one movement in the ledger. */
static void
test_lost_answer (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *dialog;
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonArray) moved = NULL;
  AdwStatusPage *result_page;
  PdOutboxEntry *entry;

  dialog = pd_test_open_dialog (fixture->window, "win.new-disbursement", PD_TYPE_SEND_DIALOG, "form");
  pd_test_choose (dialog, "_From Account", "Accra Market Stall (FayaPay)");
  pd_test_type_into (dialog, "Mobile Money Number", "0201234567");
  pd_test_choose (dialog, "_Network", "Vodafone");
  pd_test_type_into (dialog, "Name", "Ama Owusu");
  pd_test_type_into (dialog, "Amount (GHS)", "40");
  pd_test_type_into (dialog, "Description", "Supplier advance");
  pd_test_click (dialog, "_Continue");
  pd_test_wait_for_page (dialog, "confirm");

  /* Every attempt of the HTTP layer loses its answer after the money moved. */
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"fayapay\",\"method\":\"POST\",\"path\":\"/v1/Disbursements*\","
                             "\"action\":\"drop_after_apply\",\"count\":4}");

  result_page = ADW_STATUS_PAGE (gtk_stack_get_child_by_name (GTK_STACK (pd_test_find_widget (dialog, GTK_TYPE_STACK, NULL, NULL)),
                                                              "result"));
  g_signal_connect (result_page, "notify::title", G_CALLBACK (title_changed_cb), titles);
  pd_test_click (dialog, "_Send");

  pd_test_wait_for (send_confirmed, dialog, "the payment to be settled");
  entry = pd_send_dialog_get_entry (PD_SEND_DIALOG (dialog));
  for (guint i = 0; i < titles->len; i++)
    g_test_message ("Result: %s", (const char *)g_ptr_array_index (titles, i));
  g_assert_cmpstr (g_ptr_array_index (titles, 0), ==, "Checking with the Provider");
  g_assert_cmpstr (g_ptr_array_index (titles, titles->len - 1), ==, "Money Sent");
  /* Nothing offered to send it again. */
  g_assert_null (pd_test_button (dialog, "_Send"));
  pd_test_save_dialog_screenshot (dialog, "send-dialog-settled");

  moved = pd_test_sandbox_get_ledger (fixture->sandbox, "fayapay");
  g_assert_cmpuint (json_array_get_length (moved), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (moved, 0), "reference"), ==,
                   entry->reference);
  g_signal_handlers_disconnect_by_data (result_page, titles);
}

typedef struct
{
  GtkWidget  *dialog;
  const char *title;
} TitleWait;

static gboolean
result_titled (gpointer data)
{
  TitleWait *wait = data;

  return g_strcmp0 (pd_test_page_of (wait->dialog), "result") == 0 &&
         g_strcmp0 (adw_status_page_get_title (pd_test_status_page (wait->dialog)), wait->title) == 0;
}

/* "Send Money" through ZengaPay: a transfer, pending until the network
 * settles it, then shown sent, with one movement in the ledger. */
static void
test_transfer (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *dialog;
  g_autoptr(JsonArray) moved = NULL;
  const char *description;
  TitleWait wait;

  dialog = pd_test_open_dialog (fixture->window, "win.new-disbursement", PD_TYPE_SEND_DIALOG, "form");
  pd_test_choose (dialog, "_From Account", "Kampala Wholesale (ZengaPay)");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Send Money");
  /* ZengaPay reads the network from the number, and needs a narration. */
  g_assert_false (gtk_widget_get_visible (pd_test_row (dialog, ADW_TYPE_COMBO_ROW, "_Network")));
  pd_test_type_into (dialog, "Mobile Money Number", "0772 123 456");
  pd_test_type_into (dialog, "Amount (UGX)", "1000");
  g_assert_false (pd_test_button_sensitive (dialog, "_Continue"));
  pd_test_type_into (dialog, "Narration (required)", "Delivery float");
  pd_test_click (dialog, "_Continue");
  pd_test_wait_for_page (dialog, "confirm");
  description = adw_status_page_get_description (pd_test_status_page (dialog));
  g_assert_nonnull (strstr (description, "0772123456"));
  g_assert_nonnull (strstr (description, "Kampala Wholesale (ZengaPay)"));
  g_assert_nonnull (strstr (description, "UGX"));
  pd_test_click (dialog, "_Send");

  /* Accepted, then pending for 20 simulated seconds. */
  wait.dialog = dialog;
  wait.title = "Sent, Waiting for the Network";
  pd_test_wait_for (result_titled, &wait, wait.title);
  pd_test_save_dialog_screenshot (dialog, "send-dialog-pending");

  pd_test_sandbox_advance_clock (fixture->sandbox, 60);
  wait.title = "Money Sent";
  pd_test_wait_for (result_titled, &wait, wait.title);
  g_assert_cmpint (pd_send_dialog_get_entry (PD_SEND_DIALOG (dialog))->state, ==, PD_OUTBOX_STATE_CONFIRMED);

  moved = pd_test_sandbox_get_ledger (fixture->sandbox, "zengapay");
  g_assert_cmpuint (json_array_get_length (moved), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (moved, 0), "operation"), ==,
                   "transfer");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (moved, 0), "target"), ==,
                   "256772123456");
}

static gboolean
vend_settled (gpointer data)
{
  PdOutboxEntry *entry = pd_vend_dialog_get_entry (data);

  return entry != NULL && entry->state != PD_OUTBOX_STATE_SENT && entry->state != PD_OUTBOX_STATE_QUEUED &&
         g_strcmp0 (pd_test_page_of (data), "result") == 0;
}

static char *
token_in_store (Fixture *fixture,
                gint64   transaction_id)
{
  g_autoptr(PdTransaction) transaction = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  transaction = pd_store_get_transaction (fixture->store, transaction_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (transaction->kind, ==, PD_TRANSACTION_KIND_VEND);
  g_assert_cmpint (transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_nonnull (transaction->raw_json);
  g_assert_true (json_parser_load_from_data (parser, transaction->raw_json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (root, "token"));

  return g_strdup (json_object_get_string_member (root, "token"));
}

static gboolean
throttle_shown (GtkWidget     *widget,
                gconstpointer  data)
{
  const char *text = gtk_label_get_text (GTK_LABEL (widget));

  return gtk_widget_get_mapped (widget) && g_regex_match_simple ("Try again at [0-9]{2}:[0-9]{2}\\.$", text, 0, 0);
}

static gboolean
throttle_label_shown (gpointer data)
{
  return pd_test_find_widget (data, GTK_TYPE_LABEL, throttle_shown, NULL) != NULL;
}

/* Selling electricity through PawaCard: the meter is checked first (a
 * Luhn failure is said plainly, without a request), the customer is named
 * in the confirmation, the completed sale opens its receipt with the
 * token of the store in groups of four, and a second sale on the meter
 * within five minutes is "try again at HH:MM", not a failure. */
static void
test_vend (Fixture       *fixture,
           gconstpointer  data)
{
  GtkWidget *dialog;
  GtkWidget *receipt_dialog;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(JsonArray) moved = NULL;
  g_autofree char *token = NULL;
  g_autofree char *grouped = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *pdf = NULL;
  g_autoptr(GFile) pdf_file = NULL;
  g_autoptr(GError) error = NULL;
  const PdReceipt *receipt;
  AdwActionRow *customer;
  PdOutboxEntry *entry;
  const char *description;
  g_autofree char *reference = NULL;
  gsize length = 0;

  pd_window_show_view (fixture->window, "charges");
  dialog = pd_test_open_dialog (fixture->window, "win.sell-electricity", PD_TYPE_VEND_DIALOG, "form");

  accounts = pd_test_combo_titles (dialog, "_Sell Through");
  g_assert_cmpuint (accounts->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (accounts, 0), ==, "Nairobi Power Kiosk (PawaCard)");
  g_assert_cmpstr (g_ptr_array_index (accounts, 1), ==, "Khartoum Corner Store (EnayaPay)");
  pd_test_choose (dialog, "_Sell Through", "Nairobi Power Kiosk (PawaCard)");
  g_assert_false (gtk_widget_is_visible (pd_test_row (dialog, ADW_TYPE_ENTRY_ROW, "Card Number")));

  /* A Luhn failure: said, and nothing is asked of anyone. */
  pd_test_type_into (dialog, "Amount (KES)", "200");
  pd_test_type_into (dialog, "Meter Number", METER_BAD_LUHN);
  pd_test_settle ();
  {
    g_autofree char *expected = g_strdup_printf ("%s is not a Kenya Power meter number: its last digit does not "
                                                 "match the others (the Luhn check). Check the number on the meter.",
                                                 METER_BAD_LUHN);

    g_assert_nonnull (pd_test_find_widget (dialog, GTK_TYPE_LABEL, pd_test_label_shown, expected));
  }
  g_assert_false (pd_test_button_sensitive (dialog, "_Continue"));
  pd_test_save_dialog_screenshot (dialog, "vend-dialog-luhn");

  /* The right meter: checked with Kenya Power, then confirmed. */
  pd_test_type_into (dialog, "Meter Number", METER);
  pd_test_click (dialog, "_Continue");
  pd_test_wait_for_page (dialog, "confirm");
  customer = ADW_ACTION_ROW (pd_test_row (dialog, ADW_TYPE_ACTION_ROW, "Customer"));
  g_assert_nonnull (adw_action_row_get_subtitle (customer));
  g_assert_cmpstr (adw_action_row_get_subtitle (customer), !=, "");
  description = adw_status_page_get_description (pd_test_status_page (dialog));
  g_test_message ("Confirmation: %s", description);
  g_assert_nonnull (strstr (description, adw_action_row_get_subtitle (customer)));
  g_assert_nonnull (strstr (description, METER));
  g_assert_nonnull (strstr (description, "Nairobi Power Kiosk (PawaCard)"));
  g_assert_nonnull (strstr (description, "KES"));
  pd_test_save_dialog_screenshot (dialog, "vend-dialog-confirm");

  {
    GtkButton *sell = pd_test_button (dialog, "_Sell");

    g_assert_nonnull (sell);
    g_signal_emit_by_name (sell, "clicked");
    g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (sell)));
    g_signal_emit_by_name (sell, "clicked");
  }
  pd_test_wait_for (vend_settled, dialog, "the sale's outcome");
  entry = pd_vend_dialog_get_entry (PD_VEND_DIALOG (dialog));
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_CONFIRMED);

  /* The receipt opened by itself, with the token the store holds. */
  pd_test_wait_for (pd_test_toplevel_shown, GSIZE_TO_POINTER (PD_TYPE_RECEIPT_DIALOG), "the receipt");
  receipt_dialog = pd_test_find_toplevel (PD_TYPE_RECEIPT_DIALOG);
  receipt = pd_receipt_dialog_get_receipt (PD_RECEIPT_DIALOG (receipt_dialog));
  token = token_in_store (fixture, entry->transaction_id);
  g_assert_cmpuint (strlen (token), ==, 20);
  g_assert_cmpstr (receipt->token, ==, token);
  grouped = pd_receipt_format_token (token);
  g_assert_true (g_regex_match_simple ("^[0-9]{4}( [0-9]{4}){4}$", grouped, 0, 0));
  pd_test_settle ();
  g_assert_nonnull (pd_test_find_widget (receipt_dialog, GTK_TYPE_LABEL, pd_test_label_shown, grouped));
  g_assert_nonnull (pd_test_find_widget (receipt_dialog, GTK_TYPE_LABEL, pd_test_label_shown, METER));
  g_assert_cmpstr (receipt->number, ==, METER);
  g_assert_nonnull (receipt->receipt_number);
  g_assert_nonnull (pd_test_find_widget (receipt_dialog, GTK_TYPE_LABEL, pd_test_label_shown, receipt->receipt_number));
  g_assert_nonnull (receipt->units);
  pd_test_save_dialog_screenshot (receipt_dialog, "receipt-dialog");

  /* "Save as PDF…" writes a PDF. */
  pdf_path = g_build_filename (fixture->dir, "receipt.pdf", NULL);
  pdf_file = g_file_new_for_path (pdf_path);
  g_assert_true (pd_receipt_dialog_save_pdf (PD_RECEIPT_DIALOG (receipt_dialog), pdf_file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf_path, &pdf, &length, NULL));
  g_assert_cmpuint (length, >, 4);
  g_assert_true (g_str_has_prefix (pdf, "%PDF"));

  moved = pd_test_sandbox_get_ledger (fixture->sandbox, "pawacard");
  g_assert_cmpuint (json_array_get_length (moved), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (moved, 0), "target"), ==, METER);
  pd_test_save_dialog_screenshot (dialog, "vend-dialog-sold");
  reference = g_strdup (entry->reference);
  close_dialogs ();

  /* The sale in the Charges list: its detail pane has the receipt. */
  {
    GtkWidget *view = GTK_WIDGET (pd_window_get_view (fixture->window, "charges"));
    GtkColumnView *column_view = pd_transaction_view_get_column_view (PD_TRANSACTION_VIEW (view));
    GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (column_view));
    RowWait listed = { G_LIST_MODEL (pd_transaction_view_get_model (PD_TRANSACTION_VIEW (view))), reference };
    guint position = GTK_INVALID_LIST_POSITION;

    pd_test_wait_for (row_listed, &listed, "the sale in the list");
    for (guint i = 0; i < g_list_model_get_n_items (listed.model); i++)
      {
        g_autoptr(PdTransactionItem) item = g_list_model_get_item (listed.model, i);
        const PdTransaction *t = pd_transaction_item_get_transaction (item);

        if (t != NULL && g_strcmp0 (t->reference, reference) == 0)
          position = i;
      }
    g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
    gtk_single_selection_set_selected (selection, position);
    pd_test_settle ();
    g_assert_nonnull (pd_test_find_widget (GTK_WIDGET (fixture->window->detail_pane), GTK_TYPE_BUTTON,
                                   pd_test_button_labelled, "_Receipt"));
    pd_test_save_dialog_screenshot (GTK_WIDGET (fixture->window), "vend-detail-pane");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-receipt", NULL));
    pd_test_wait_for (pd_test_toplevel_shown, GSIZE_TO_POINTER (PD_TYPE_RECEIPT_DIALOG), "the receipt from the list");
    g_assert_cmpstr (pd_receipt_dialog_get_receipt (PD_RECEIPT_DIALOG (pd_test_find_toplevel (PD_TYPE_RECEIPT_DIALOG)))->token,
                     ==, token);
    close_dialogs ();
  }

  /* The same meter again, within five minutes: not a failure, a time. */
  dialog = pd_test_open_dialog (fixture->window, "win.sell-electricity", PD_TYPE_VEND_DIALOG, "form");
  pd_test_type_into (dialog, "Amount (KES)", "100");
  pd_test_type_into (dialog, "Meter Number", METER);
  pd_test_click (dialog, "_Continue");
  pd_test_wait_for (throttle_label_shown, dialog, "try again at");
  g_assert_cmpstr (pd_test_page_of (dialog), ==, "form");
  g_assert_false (pd_test_button_sensitive (dialog, "_Continue"));
  /* No error is shown beside it. */
  g_assert_null (pd_test_find_widget (dialog, GTK_TYPE_LABEL, error_shown, NULL));
  pd_test_save_dialog_screenshot (dialog, "vend-dialog-throttle");
  {
    g_autoptr(JsonArray) again = pd_test_sandbox_get_ledger (fixture->sandbox, "pawacard");

    g_assert_cmpuint (json_array_get_length (again), ==, 1);
  }
}

static void
on_performed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
result_ready (gpointer data)
{
  return *(GAsyncResult **)data != NULL;
}

/* Sells a token on @meter through another client of the same vendor, as
 * another till would. */
static void
sell_elsewhere (Fixture    *fixture,
                const char *meter)
{
  g_autoptr(PdPawacardClient) other = NULL;
  g_autoptr(PdOperation) operation = pd_operation_new (PD_OPERATION_VEND, 0);
  g_autoptr(PdOperationResult) sold = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  other = pd_pawacard_client_new (pd_test_sandbox_get_base_url (fixture->sandbox, "pawacard"),
                                  pd_test_sandbox_get_credential (fixture->sandbox, "pawacard", "username"),
                                  pd_test_sandbox_get_credential (fixture->sandbox, "pawacard", "password"),
                                  NULL);
  pd_money_init (&operation->amount, 100, 0, "KES");
  operation->reference = pd_outbox_new_reference ();
  operation->idempotency_key = g_strdup (operation->reference);
  pd_operation_set_field (operation, "meter", meter);

  pd_provider_perform_async (PD_PROVIDER (other), operation, NULL, on_performed, &result);
  pd_test_wait_for (result_ready, &result, "the sale of another till");
  sold = pd_provider_perform_finish (PD_PROVIDER (other), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sold);
}

/* A meter another till sold to less than five minutes ago: PawaCard
 * refuses the sale, and the dialog says when to try again, as it does for
 * its own sales, rather than "Not Sold"; the form then knows it too. */
static void
test_vend_throttled_elsewhere (Fixture       *fixture,
                               gconstpointer  data)
{
  GtkWidget *dialog;
  PdOutboxEntry *entry;
  const char *title;
  g_autoptr(JsonArray) moved = NULL;

  sell_elsewhere (fixture, METER_ELSEWHERE);

  dialog = pd_test_open_dialog (fixture->window, "win.sell-electricity", PD_TYPE_VEND_DIALOG, "form");
  pd_test_choose (dialog, "_Sell Through", "Nairobi Power Kiosk (PawaCard)");
  pd_test_type_into (dialog, "Amount (KES)", "100");
  pd_test_type_into (dialog, "Meter Number", METER_ELSEWHERE);
  pd_test_click (dialog, "_Continue");
  pd_test_wait_for_page (dialog, "confirm");
  pd_test_click (dialog, "_Sell");
  pd_test_wait_for (vend_settled, dialog, "the sale's outcome");

  entry = pd_vend_dialog_get_entry (PD_VEND_DIALOG (dialog));
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_FAILED);
  title = adw_status_page_get_title (pd_test_status_page (dialog));
  g_test_message ("Outcome: %s", title);
  g_assert_true (g_regex_match_simple ("^Try Again at [0-9]{2}:[0-9]{2}$", title, 0, 0));
  g_assert_cmpstr (adw_status_page_get_icon_name (pd_test_status_page (dialog)), ==, "alarm-symbolic");
  g_assert_nonnull (strstr (adw_status_page_get_description (pd_test_status_page (dialog)), METER_ELSEWHERE));
  pd_test_save_dialog_screenshot (dialog, "vend-dialog-throttled-elsewhere");
  close_dialogs ();

  /* The next attempt is stopped at the form, before anything is sent. */
  dialog = pd_test_open_dialog (fixture->window, "win.sell-electricity", PD_TYPE_VEND_DIALOG, "form");
  pd_test_choose (dialog, "_Sell Through", "Nairobi Power Kiosk (PawaCard)");
  pd_test_type_into (dialog, "Amount (KES)", "100");
  pd_test_type_into (dialog, "Meter Number", METER_ELSEWHERE);
  pd_test_click (dialog, "_Continue");
  pd_test_wait_for (throttle_label_shown, dialog, "try again at");
  g_assert_cmpstr (pd_test_page_of (dialog), ==, "form");

  moved = pd_test_sandbox_get_ledger (fixture->sandbox, "pawacard");
  g_assert_cmpuint (json_array_get_length (moved), ==, 1);
}

/* EnayaPay sells with a card: its number and IPIN are asked for at the
 * sale, sent once, and neither stays in the form nor reaches the
 * database. */
static void
test_enayapay_vend (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *card = "4111111111111111";
  const char *meter = "024354364645";
  GtkWidget *dialog;
  GtkWidget *receipt_dialog;
  g_autoptr(JsonArray) moved = NULL;
  g_autofree char *token = NULL;
  g_autofree char *grouped = NULL;
  const char *description;
  PdOutboxEntry *entry;

  dialog = pd_test_open_dialog (fixture->window, "win.sell-electricity", PD_TYPE_VEND_DIALOG, "form");
  pd_test_choose (dialog, "_Sell Through", "Khartoum Corner Store (EnayaPay)");
  g_assert_true (gtk_widget_is_visible (pd_test_row (dialog, ADW_TYPE_ENTRY_ROW, "Card Number")));
  pd_test_type_into (dialog, "Meter Number", meter);
  pd_test_type_into (dialog, "Card Number", card);
  pd_test_type_into (dialog, "Expiry (MMYY)", "1230");
  pd_test_type_into (dialog, "Amount (SDG)", "300");
  g_assert_false (pd_test_button_sensitive (dialog, "_Continue"));
  gtk_editable_set_text (GTK_EDITABLE (pd_test_row (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "IPIN")),
                         pd_test_sandbox_get_credential (fixture->sandbox, "enayapay", "ipin"));
  pd_test_save_dialog_screenshot (dialog, "vend-dialog-enayapay");
  pd_test_click (dialog, "_Continue");
  pd_test_wait_for_page (dialog, "confirm");
  description = adw_status_page_get_description (pd_test_status_page (dialog));
  g_test_message ("Confirmation: %s", description);
  g_assert_nonnull (strstr (description, meter));
  g_assert_nonnull (strstr (description, "Khartoum Corner Store (EnayaPay)"));
  g_assert_nonnull (strstr (description, "ending in 1111"));
  g_assert_null (strstr (description, card));

  pd_test_click (dialog, "_Sell");
  /* The card's secrets leave the form as the sale leaves. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (pd_test_row (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "IPIN"))), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (pd_test_row (dialog, ADW_TYPE_ENTRY_ROW, "Card Number"))), ==, "");
  pd_test_wait_for (vend_settled, dialog, "the sale's outcome");
  entry = pd_vend_dialog_get_entry (PD_VEND_DIALOG (dialog));
  g_test_message ("Outcome: %s", entry->error_message != NULL ? entry->error_message : "confirmed");
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_CONFIRMED);

  pd_test_wait_for (pd_test_toplevel_shown, GSIZE_TO_POINTER (PD_TYPE_RECEIPT_DIALOG), "the receipt");
  receipt_dialog = pd_test_find_toplevel (PD_TYPE_RECEIPT_DIALOG);
  token = token_in_store (fixture, entry->transaction_id);
  grouped = pd_receipt_format_token (token);
  pd_test_settle ();
  g_assert_nonnull (pd_test_find_widget (receipt_dialog, GTK_TYPE_LABEL, pd_test_label_shown, grouped));
  pd_test_save_dialog_screenshot (receipt_dialog, "receipt-dialog-enayapay");

  moved = pd_test_sandbox_get_ledger (fixture->sandbox, "enayapay");
  g_assert_cmpuint (json_array_get_length (moved), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (moved, 0), "operation"), ==,
                   "electricity");

  /* The full card number is in no file of the store. */
  {
    const char *suffixes[] = { "", "-wal" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *path = g_strconcat (pd_store_get_path (fixture->store), suffixes[i], NULL);
        g_autofree char *contents = NULL;
        gsize length = 0;

        if (!g_file_get_contents (path, &contents, &length, NULL))
          continue;
        g_assert_null (memmem (contents, length, card, strlen (card)));
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/paydesk-test-bus", FALSE);

  pd_test_init_ui (&argc, &argv);

  g_test_add ("/send-dialog/disbursement", Fixture, NULL, fixture_setup, test_disbursement, fixture_teardown);
  g_test_add ("/send-dialog/lost-answer", Fixture, NULL, fixture_setup, test_lost_answer, fixture_teardown);
  g_test_add ("/send-dialog/transfer", Fixture, NULL, fixture_setup, test_transfer, fixture_teardown);
  g_test_add ("/send-dialog/enayapay-vend", Fixture, NULL, fixture_setup, test_enayapay_vend, fixture_teardown);
  g_test_add ("/send-dialog/vend", Fixture, NULL, fixture_setup, test_vend, fixture_teardown);
  g_test_add ("/send-dialog/vend-throttled-elsewhere", Fixture, NULL, fixture_setup, test_vend_throttled_elsewhere,
              fixture_teardown);

  return g_test_run ();
}

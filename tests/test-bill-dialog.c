/* test-bill-dialog.c - top-ups and bills through the window's "Pay a Bill or Top Up…" dialog
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (build-aux/test.sh) with GSK_RENDERER=cairo, on a store
 * whose accounts point at paydesk-sandbox. The dialog is driven as a
 * person would: rows typed into, buttons clicked. What a line or account
 * owes is read from the sandbox over HTTP, apart from the application;
 * what moved is read back from the sandbox's ledger (control API) and from
 * the store. Each page looked at is saved as a PNG in the build directory
 * (tests/screenshots/).
 */

#include <string.h>

#include <adwaita.h>

#include "pd-application.h"
#include "pd-bill-dialog.h"
#include "pd-format.h"
#include "pd-json.h"
#include "pd-receipt-dialog.h"
#include "pd-test-app.h"
#include "pd-test-capture.h"
#include "pd-test-dialog.h"
#include "pd-test-sandbox.h"
#include "pd-test-window-data.h"
#include "pd-window-private.h"

/* How many meters and postpaid accounts the sandbox seeds. */
#define N_RECORDS 20

/* The sandbox's always-there Zain postpaid line (HACKING.md, EnayaPay). */
#define POSTPAID_LINE "0905450785"

/* A Zain prepaid number, and a card number that passes the Luhn check. */
#define PREPAID_LINE "0912345678"
#define CARD         "4111111111111111"
#define CARD_EXPIRY  "1230"

#define PAWACARD_TITLE "Nairobi Power Kiosk (PawaCard)"
#define ENAYAPAY_TITLE "Khartoum Corner Store (EnayaPay)"

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
  pd_test_close_dialogs (PD_TYPE_BILL_DIALOG, PD_TYPE_RECEIPT_DIALOG, G_TYPE_INVALID);
}

static void
assert_titles (GPtrArray  *titles,
               const char *first,
               const char *second)
{
  g_assert_cmpuint (titles->len, ==, second != NULL ? 2 : 1);
  g_assert_cmpstr (g_ptr_array_index (titles, 0), ==, first);
  if (second != NULL)
    g_assert_cmpstr (g_ptr_array_index (titles, 1), ==, second);
}

static gboolean
error_label_shown (GtkWidget     *widget,
                   gconstpointer  data)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_has_css_class (widget, "error") &&
         gtk_label_get_text (GTK_LABEL (widget))[0] != '\0';
}

static GtkLabel *
shown_error (GtkWidget *dialog)
{
  return GTK_LABEL (pd_test_find_widget (dialog, GTK_TYPE_LABEL, error_label_shown, NULL));
}

static gboolean
error_appeared (gpointer data)
{
  return shown_error (data) != NULL;
}

typedef struct
{
  GtkWidget  *dialog;
  const char *title;
} RowWait;

static gboolean
property_row_shown (gpointer data)
{
  RowWait *wait = data;

  return gtk_widget_get_mapped (pd_test_row (wait->dialog, ADW_TYPE_ACTION_ROW, wait->title));
}

static const char *
wait_for_property (GtkWidget  *dialog,
                   const char *title)
{
  RowWait wait = { dialog, title };

  pd_test_wait_for (property_row_shown, &wait, title);

  return adw_action_row_get_subtitle (ADW_ACTION_ROW (pd_test_row (dialog, ADW_TYPE_ACTION_ROW, title)));
}

static gboolean
paid_settled (gpointer data)
{
  PdOutboxEntry *entry = pd_bill_dialog_get_entry (data);

  return entry != NULL && entry->state != PD_OUTBOX_STATE_SENT && entry->state != PD_OUTBOX_STATE_QUEUED &&
         g_strcmp0 (pd_test_page_of (data), "result") == 0;
}

static void
fill_card (Fixture   *fixture,
           GtkWidget *dialog)
{
  pd_test_type_into (dialog, "Card Number", CARD);
  pd_test_type_into (dialog, "Expiry (MMYY)", CARD_EXPIRY);
  gtk_editable_set_text (GTK_EDITABLE (pd_test_row (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "IPIN")),
                         pd_test_sandbox_get_credential (fixture->sandbox, "enayapay", "ipin"));
}

/* The Pay button works once: a second click sends nothing. */
static void
pay_once (GtkWidget *dialog)
{
  GtkButton *pay = pd_test_button (dialog, "_Pay");

  g_assert_nonnull (pay);
  g_signal_emit_by_name (pay, "clicked");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (pay)));
  g_signal_emit_by_name (pay, "clicked");
}

static PdOutboxEntry *
wait_until_paid (GtkWidget *dialog)
{
  PdOutboxEntry *entry;

  pd_test_wait_for (paid_settled, dialog, "the payment's outcome");
  entry = pd_bill_dialog_get_entry (PD_BILL_DIALOG (dialog));
  g_test_message ("Outcome: %s", entry->error_message != NULL ? entry->error_message : "confirmed");
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_CONFIRMED);

  return entry;
}

static PdReceiptDialog *
wait_for_receipt (void)
{
  pd_test_wait_for (pd_test_toplevel_shown, GSIZE_TO_POINTER (PD_TYPE_RECEIPT_DIALOG), "the receipt");

  return PD_RECEIPT_DIALOG (pd_test_find_toplevel (PD_TYPE_RECEIPT_DIALOG));
}

static JsonObject *
only_ledger_entry (JsonArray *ledger)
{
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);

  return json_array_get_object_element (ledger, 0);
}

static PdMoney
parse_money (const char *text,
             const char *currency)
{
  g_autoptr(GError) error = NULL;
  PdMoney money;

  g_assert_true (pd_money_parse (text, currency, &money, &error));
  g_assert_no_error (error);

  return money;
}

static void
assert_same_money (const PdMoney *a,
                   const PdMoney *b)
{
  g_autofree char *a_text = pd_money_format (a);
  g_autofree char *b_text = pd_money_format (b);

  if (!pd_money_equal (a, b))
    g_error ("%s is not %s", a_text, b_text);
}

static void
assert_outbox_empty (Fixture *fixture)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_store_outbox_list (fixture->store, 0, 0, &entries, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);
}

/* The sandbox over HTTP, apart from the application */

static PdTestResponse *
post (Fixture            *fixture,
      const char         *provider,
      const char         *path,
      const char * const *headers,
      const char         *body)
{
  g_autofree char *url = pd_test_sandbox_url (fixture->sandbox, provider, path);
  PdTestRequest request = { .method = "POST", .url = url, .headers = headers, .body = body,
                            .content_type = "application/json" };
  PdTestResponse *response = pd_test_sandbox_send (fixture->sandbox, &request);

  g_assert_no_error (response->error);
  if (response->status != 200)
    {
      g_autofree char *text = pd_test_response_dup_text (response);

      g_error ("%s%s answered %u: %s", provider, path, response->status, text);
    }

  return response;
}

static char *
json_string (const char *text)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, text);

  return json_to_string (node, FALSE);
}

/* What the postpaid line owes, as EnayaPay says to a session of its own. */
static PdMoney
enayapay_due (Fixture    *fixture,
              const char *phone)
{
  const char *api_key = pd_test_sandbox_get_credential (fixture->sandbox, "enayapay", "api_key");
  g_autofree char *user_phone = json_string (pd_test_sandbox_get_credential (fixture->sandbox, "enayapay", "phone"));
  g_autofree char *password = json_string (pd_test_sandbox_get_credential (fixture->sandbox, "enayapay", "password"));
  g_autofree char *login_body = g_strdup_printf ("{\"user_phone\":%s,\"user_password\":%s}", user_phone, password);
  g_autofree char *inquiry_body = g_strdup_printf ("{\"phone_no\":\"%s\"}", phone);
  const char *key_headers[] = { "x-api-key", api_key, NULL };
  g_autoptr(PdTestResponse) login = post (fixture, "enayapay", "/login/", key_headers, login_body);
  const char *token = pd_test_assert_string_member (pd_test_response_get_object (login), "token");
  const char *token_headers[] = { "x-api-key", api_key, "token", token, NULL };
  g_autoptr(PdTestResponse) inquiry = NULL;
  g_autoptr(GError) error = NULL;
  PdMoney due;

  inquiry = post (fixture, "enayapay", "/telecom/" "1100055511" "/inquiry/", token_headers, inquiry_body);
  g_assert_true (pd_json_get_money (pd_test_response_get_object (inquiry), "total_amount", "SDG",
                                    PD_AMOUNT_MAJOR, &due, &error));
  g_assert_no_error (error);

  return due;
}

static JsonObject *
pawacard_call (Fixture        *fixture,
               const char     *path,
               const char     *members,
               PdTestResponse **response)
{
  g_autofree char *username = json_string (pd_test_sandbox_get_credential (fixture->sandbox, "pawacard", "username"));
  g_autofree char *password = json_string (pd_test_sandbox_get_credential (fixture->sandbox, "pawacard", "password"));
  g_autofree char *login_body = g_strdup_printf ("{\"username\":%s,\"password\":%s}", username, password);
  g_autoptr(PdTestResponse) login = post (fixture, "pawacard", "/login", NULL, login_body);
  g_autofree char *key = json_string (pd_test_assert_string_member (pd_test_response_get_object (login), "key"));
  g_autofree char *body = g_strdup_printf ("{\"username\":%s,\"key\":%s,%s}", username, key, members);

  *response = post (fixture, "pawacard", path, NULL, body);

  return pd_test_response_get_object (*response);
}

/* Whose postpaid account @number is and what it owes, as Kenya Power
 * says to a session of its own; FALSE if it does not know it. */
static gboolean
pawacard_account (Fixture     *fixture,
                  const char  *number,
                  char       **name,
                  PdMoney     *balance)
{
  g_autoptr(PdTestResponse) response = NULL;
  g_autofree char *members = g_strdup_printf ("\"accountNo\":\"%s\"", number);
  JsonObject *object = pawacard_call (fixture, "/postpaidverify", members, &response);

  if (pd_test_assert_int_member (object, "status") != 0)
    return FALSE;

  *name = g_strdup (pd_test_assert_string_member (object, "customerName"));
  *balance = parse_money (pd_test_assert_string_member (object, "customer_balance"), "KES");

  return TRUE;
}

static char *
postpaid_account (guint k)
{
  return g_strdup_printf ("%07u-01", 200000 + k);
}

/* Fixture */

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *records = g_strdup_printf ("%u", N_RECORDS);

  pd_test_reset_last_view ();

  fixture->sandbox = pd_test_sandbox_start ("--records", records, NULL);
  fixture->dir = pd_test_make_tmp_dir ("paydesk-bill-XXXXXX");
  fixture->store = pd_test_open_store (fixture->dir);
  fixture->secrets = pd_secrets_new ();
  fixture->uuids = g_ptr_array_new_with_free_func (g_free);

  /* FayaPay pays no bills: it is not offered. */
  pd_test_add_sandbox_account (fixture->sandbox, fixture->store, fixture->secrets, fixture->uuids,
                               "fayapay", "Accra Market Stall", "api_key", NULL);
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

/* Airtime through EnayaPay: only the accounts that top up or pay bills
 * are offered, a phone number that cannot be one is said plainly, the
 * card's number and IPIN leave the form as the payment leaves and reach
 * neither the database nor the log, one top-up moves, and the receipt
 * opens. */
static void
test_airtime (Fixture       *fixture,
              gconstpointer  data)
{
  const char *ipin = pd_test_sandbox_get_credential (fixture->sandbox, "enayapay", "ipin");
  GtkWidget *dialog;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(JsonArray) moved = NULL;
  g_autoptr(PdTransaction) transaction = NULL;
  g_autoptr(GBytes) files = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  g_autoptr(GBytes) log_bytes = NULL;
  const PdReceipt *receipt;
  const char *description;
  PdOutboxEntry *entry;
  JsonObject *movement;
  PdMoney typed;

  dialog = pd_test_open_dialog (fixture->window, "win.pay-bill", PD_TYPE_BILL_DIALOG, "form");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Pay a Bill or Top Up");

  accounts = pd_test_combo_titles (dialog, "_Pay Through");
  assert_titles (accounts, PAWACARD_TITLE, ENAYAPAY_TITLE);
  pd_test_choose (dialog, "_Pay Through", ENAYAPAY_TITLE);
  payments = pd_test_combo_titles (dialog, "P_ayment");
  assert_titles (payments, "Airtime Top-Up", "Phone Bill");
  pd_test_choose (dialog, "P_ayment", "Airtime Top-Up");
  g_assert_true (gtk_widget_is_visible (pd_test_row (dialog, ADW_TYPE_ENTRY_ROW, "Card Number")));
  g_assert_true (gtk_widget_is_visible (pd_test_row (dialog, ADW_TYPE_ENTRY_ROW, "Phone Number")));
  g_assert_false (gtk_widget_is_visible (pd_test_row (dialog, ADW_TYPE_ENTRY_ROW, "Account Number")));

  /* A number that is no Sudanese phone: said, and nothing to continue with. */
  pd_test_type_into (dialog, "Amount (SDG)", "250.50");
  pd_test_type_into (dialog, "Phone Number", "09123456789");
  fill_card (fixture, dialog);
  pd_test_settle ();
  g_assert_nonnull (pd_test_find_widget (dialog, GTK_TYPE_LABEL, pd_test_label_shown,
                                 "A Sudanese phone number has ten digits and starts with 0, such as 0912 345 678."));
  g_assert_false (pd_test_button_sensitive (dialog, "_Continue"));

  /* Not an amount EnayaPay takes. */
  pd_test_type_into (dialog, "Phone Number", "0912 345 678");
  pd_test_type_into (dialog, "Amount (SDG)", "250.505");
  pd_test_settle ();
  g_assert_nonnull (pd_test_find_widget (dialog, GTK_TYPE_LABEL, pd_test_label_shown, "The amount can have at most two decimals."));
  g_assert_false (pd_test_button_sensitive (dialog, "_Continue"));

  pd_test_type_into (dialog, "Amount (SDG)", "250.50");
  pd_test_settle ();
  g_assert_null (shown_error (dialog));
  g_assert_true (pd_test_button_sensitive (dialog, "_Continue"));
  pd_test_save_dialog_screenshot (dialog, "bill-dialog-airtime");

  pd_test_click (dialog, "_Continue");
  pd_test_wait_for_page (dialog, "confirm");
  description = adw_status_page_get_description (pd_test_status_page (dialog));
  g_test_message ("Confirmation: %s", description);
  g_assert_nonnull (strstr (description, PREPAID_LINE));
  g_assert_nonnull (strstr (description, "Zain"));
  g_assert_nonnull (strstr (description, ENAYAPAY_TITLE));
  g_assert_nonnull (strstr (description, "ending in 1111"));
  g_assert_null (strstr (description, CARD));
  pd_test_save_dialog_screenshot (dialog, "bill-dialog-airtime-confirm");

  pd_test_capture_start ();
  pay_once (dialog);
  /* The card's secrets leave the form as the payment leaves. */
  g_assert_cmpstr (pd_test_text_of (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "IPIN"), ==, "");
  g_assert_cmpstr (pd_test_text_of (dialog, ADW_TYPE_ENTRY_ROW, "Card Number"), ==, "");
  entry = wait_until_paid (dialog);
  receipt = pd_receipt_dialog_get_receipt (wait_for_receipt ());
  log = pd_test_capture_stop ();

  g_assert_cmpstr (adw_status_page_get_title (pd_test_status_page (dialog)), ==, "Paid");
  pd_test_save_dialog_screenshot (dialog, "bill-dialog-airtime-paid");
  pd_test_save_dialog_screenshot (GTK_WIDGET (pd_test_find_toplevel (PD_TYPE_RECEIPT_DIALOG)), "bill-dialog-airtime-receipt");

  /* One top-up of what was typed, to the number typed. */
  moved = pd_test_sandbox_get_ledger (fixture->sandbox, "enayapay");
  movement = only_ledger_entry (moved);
  g_assert_cmpstr (pd_test_assert_string_member (movement, "operation"), ==, "top-up");
  g_assert_cmpstr (pd_test_assert_string_member (movement, "target"), ==, PREPAID_LINE);
  typed = parse_money ("250.50", "SDG");
  {
    PdMoney paid = parse_money (pd_test_assert_string_member (movement, "amount"), "SDG");

    assert_same_money (&paid, &typed);
  }

  transaction = pd_store_get_transaction (fixture->store, entry->transaction_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (transaction->kind, ==, PD_TRANSACTION_KIND_TOPUP);
  g_assert_cmpint (transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpint (receipt->kind, ==, PD_TRANSACTION_KIND_TOPUP);

  /* Neither the card number nor the IPIN is in the store's files or the
   * log. */
  files = pd_test_read_database_files (pd_store_get_path (fixture->store));
  pd_test_assert_not_in (files, CARD, "the database");
  pd_test_assert_not_in (files, ipin, "the database");
  log_bytes = g_bytes_new (log, strlen (log));
  pd_test_assert_not_in (log_bytes, CARD, "the log");
  pd_test_assert_not_in (log_bytes, ipin, "the log");
}

/* A Zain postpaid bill: the amount due is read from EnayaPay first,
 * shown with the fees, and fills the empty amount; paying it moves that
 * amount once and leaves nothing due. */
static void
test_phone_bill (Fixture       *fixture,
                 gconstpointer  data)
{
  PdMoney due = enayapay_due (fixture, POSTPAID_LINE);
  g_autofree char *due_text = pd_format_money (&due);
  g_autoptr(JsonArray) moved = NULL;
  GtkWidget *dialog;
  const char *shown;
  const char *description;
  JsonObject *movement;
  PdMoney prefilled;
  PdMoney after;

  g_test_message ("The line owes %s", due_text);
  g_assert_cmpint (pd_money_sign (&due), >, 0);

  dialog = pd_test_open_dialog (fixture->window, "win.pay-bill", PD_TYPE_BILL_DIALOG, "form");
  pd_test_choose (dialog, "_Pay Through", ENAYAPAY_TITLE);
  pd_test_choose (dialog, "P_ayment", "Phone Bill");
  pd_test_type_into (dialog, "Phone Number", POSTPAID_LINE);
  pd_test_choose (dialog, "_Network", "Zain");

  /* The bill is read before the card is asked for. */
  g_assert_cmpstr (pd_test_text_of (dialog, ADW_TYPE_ENTRY_ROW, "Amount (SDG)"), ==, "");
  g_assert_true (pd_test_button_sensitive (dialog, "_Continue"));
  pd_test_click (dialog, "_Continue");
  shown = wait_for_property (dialog, "Amount Due");
  g_assert_cmpstr (shown, ==, due_text);
  g_assert_true (gtk_widget_get_mapped (pd_test_row (dialog, ADW_TYPE_ACTION_ROW, "Fees")));
  g_assert_cmpstr (pd_test_page_of (dialog), ==, "form");
  prefilled = parse_money (pd_test_text_of (dialog, ADW_TYPE_ENTRY_ROW, "Amount (SDG)"), "SDG");
  assert_same_money (&prefilled, &due);
  g_assert_false (pd_test_button_sensitive (dialog, "_Continue"));

  fill_card (fixture, dialog);
  pd_test_settle ();
  pd_test_save_dialog_screenshot (dialog, "bill-dialog-phone-bill");
  pd_test_click (dialog, "_Continue");
  pd_test_wait_for_page (dialog, "confirm");
  description = adw_status_page_get_description (pd_test_status_page (dialog));
  g_test_message ("Confirmation: %s", description);
  g_assert_nonnull (strstr (description, POSTPAID_LINE));
  g_assert_nonnull (strstr (description, due_text));
  g_assert_nonnull (strstr (description, "ending in 1111"));

  pay_once (dialog);
  wait_until_paid (dialog);
  wait_for_receipt ();

  moved = pd_test_sandbox_get_ledger (fixture->sandbox, "enayapay");
  movement = only_ledger_entry (moved);
  g_assert_cmpstr (pd_test_assert_string_member (movement, "operation"), ==, "bill");
  g_assert_cmpstr (pd_test_assert_string_member (movement, "target"), ==, POSTPAID_LINE);
  {
    PdMoney paid = parse_money (pd_test_assert_string_member (movement, "amount"), "SDG");

    assert_same_money (&paid, &due);
  }

  /* Paid in full: the line owes nothing now. */
  after = enayapay_due (fixture, POSTPAID_LINE);
  g_assert_cmpint (pd_money_sign (&after), ==, 0);
}

/* A Kenya Power postpaid bill through PawaCard: the account is verified
 * first (the customer's name and balance shown, the balance filling the
 * empty amount), then paid once; the store has the bill as succeeded and
 * the receipt opens. */
static void
test_electricity_bill (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *number = NULL;
  g_autofree char *name = NULL;
  g_autofree char *balance_text = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(JsonArray) moved = NULL;
  g_autoptr(PdTransaction) transaction = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *owed_name = NULL;
  GtkWidget *dialog;
  const char *description;
  PdOutboxEntry *entry;
  JsonObject *movement;
  PdMoney balance = { 0 };
  PdMoney prefilled;
  PdMoney owed_after;

  /* The first seeded account that owes something. */
  for (guint k = 1; k <= N_RECORDS && number == NULL; k++)
    {
      g_autofree char *candidate = postpaid_account (k);
      g_autofree char *candidate_name = NULL;
      PdMoney candidate_balance;

      g_assert_true (pawacard_account (fixture, candidate, &candidate_name, &candidate_balance));
      if (pd_money_sign (&candidate_balance) > 0)
        {
          number = g_steal_pointer (&candidate);
          name = g_steal_pointer (&candidate_name);
          balance = candidate_balance;
        }
    }
  g_assert_nonnull (number);
  balance_text = pd_format_money (&balance);
  g_test_message ("Account %s of %s owes %s", number, name, balance_text);

  dialog = pd_test_open_dialog (fixture->window, "win.pay-bill", PD_TYPE_BILL_DIALOG, "form");
  pd_test_choose (dialog, "_Pay Through", PAWACARD_TITLE);
  payments = pd_test_combo_titles (dialog, "P_ayment");
  assert_titles (payments, "Electricity Bill", NULL);
  g_assert_false (gtk_widget_is_visible (pd_test_row (dialog, ADW_TYPE_ENTRY_ROW, "Card Number")));
  g_assert_false (gtk_widget_is_visible (pd_test_row (dialog, ADW_TYPE_ENTRY_ROW, "Phone Number")));

  pd_test_type_into (dialog, "Account Number", number);
  pd_test_click (dialog, "_Continue");
  g_assert_cmpstr (wait_for_property (dialog, "Customer"), ==, name);
  g_assert_cmpstr (wait_for_property (dialog, "Balance Due"), ==, balance_text);
  g_assert_cmpstr (pd_test_page_of (dialog), ==, "form");
  prefilled = parse_money (pd_test_text_of (dialog, ADW_TYPE_ENTRY_ROW, "Amount (KES)"), "KES");
  assert_same_money (&prefilled, &balance);
  pd_test_save_dialog_screenshot (dialog, "bill-dialog-electricity");

  pd_test_click (dialog, "_Continue");
  pd_test_wait_for_page (dialog, "confirm");
  description = adw_status_page_get_description (pd_test_status_page (dialog));
  g_test_message ("Confirmation: %s", description);
  g_assert_nonnull (strstr (description, number));
  g_assert_nonnull (strstr (description, name));
  g_assert_nonnull (strstr (description, PAWACARD_TITLE));
  pd_test_save_dialog_screenshot (dialog, "bill-dialog-electricity-confirm");

  pay_once (dialog);
  entry = wait_until_paid (dialog);
  wait_for_receipt ();
  pd_test_settle ();
  g_assert_cmpstr (adw_status_page_get_title (pd_test_status_page (dialog)), ==, "Paid");
  pd_test_save_dialog_screenshot (dialog, "bill-dialog-electricity-paid");

  moved = pd_test_sandbox_get_ledger (fixture->sandbox, "pawacard");
  movement = only_ledger_entry (moved);
  g_assert_cmpstr (pd_test_assert_string_member (movement, "operation"), ==, "bill");
  g_assert_cmpstr (pd_test_assert_string_member (movement, "target"), ==, number);

  transaction = pd_store_get_transaction (fixture->store, entry->transaction_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (transaction->kind, ==, PD_TRANSACTION_KIND_BILL);
  g_assert_cmpint (transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  assert_same_money (&transaction->amount, &balance);

  /* Kenya Power has the balance paid. */
  g_assert_true (pawacard_account (fixture, number, &owed_name, &owed_after));
  g_assert_cmpint (pd_money_sign (&owed_after), ==, 0);
}

/* An account number Kenya Power does not know: the provider's sentence
 * under the form, no confirmation, and nothing sent. */
static void
test_unknown_account (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *number = postpaid_account (N_RECORDS + 1);
  g_autofree char *unused_name = NULL;
  g_autoptr(JsonArray) moved = NULL;
  GtkWidget *dialog;
  GtkLabel *message;
  PdMoney unused;

  /* Unknown to the sandbox itself, asked apart from the application. */
  g_assert_false (pawacard_account (fixture, number, &unused_name, &unused));

  dialog = pd_test_open_dialog (fixture->window, "win.pay-bill", PD_TYPE_BILL_DIALOG, "form");
  pd_test_choose (dialog, "_Pay Through", PAWACARD_TITLE);
  pd_test_type_into (dialog, "Account Number", number);
  pd_test_type_into (dialog, "Amount (KES)", "500");
  pd_test_click (dialog, "_Continue");
  pd_test_wait_for (error_appeared, dialog, "the unknown account's error");
  pd_test_settle ();

  message = shown_error (dialog);
  g_test_message ("Error: %s", gtk_label_get_text (message));
  g_assert_nonnull (strstr (gtk_label_get_text (message), number));
  g_assert_cmpstr (pd_test_page_of (dialog), ==, "form");
  g_assert_false (gtk_widget_get_mapped (pd_test_row (dialog, ADW_TYPE_ACTION_ROW, "Customer")));
  pd_test_save_dialog_screenshot (dialog, "bill-dialog-unknown-account");

  /* Nothing was sent, nor written down to send. */
  g_assert_null (pd_bill_dialog_get_entry (PD_BILL_DIALOG (dialog)));
  moved = pd_test_sandbox_get_ledger (fixture->sandbox, "pawacard");
  g_assert_cmpuint (json_array_get_length (moved), ==, 0);
  assert_outbox_empty (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/paydesk-test-bus", FALSE);

  pd_test_init_ui (&argc, &argv);
  pd_test_capture_install ();

  g_test_add ("/bill-dialog/airtime", Fixture, NULL, fixture_setup, test_airtime, fixture_teardown);
  g_test_add ("/bill-dialog/phone-bill", Fixture, NULL, fixture_setup, test_phone_bill, fixture_teardown);
  g_test_add ("/bill-dialog/electricity-bill", Fixture, NULL, fixture_setup, test_electricity_bill,
              fixture_teardown);
  g_test_add ("/bill-dialog/unknown-account", Fixture, NULL, fixture_setup, test_unknown_account,
              fixture_teardown);

  return g_test_run ();
}

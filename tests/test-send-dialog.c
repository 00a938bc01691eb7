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

/* A dialog changes its page a few frames before it is laid out anew. */
static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  pd_test_settle ();
  pd_test_save_screenshot (window, name);
}

/* The first widget under @root (itself included) of @type for which
 * @match holds, visible or not. */
typedef gboolean (*WidgetMatch) (GtkWidget *widget, gconstpointer data);

static GtkWidget *
find_widget (GtkWidget     *root,
             GType          type,
             WidgetMatch    match,
             gconstpointer  data)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (match == NULL || match (root, data)))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
row_titled (GtkWidget     *widget,
            gconstpointer  title)
{
  return g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
button_labelled (GtkWidget     *widget,
                 gconstpointer  prefix)
{
  const char *label = gtk_button_get_label (GTK_BUTTON (widget));

  return label != NULL && g_str_has_prefix (label, prefix) && gtk_widget_get_mapped (widget);
}

static GtkWidget *
row (GtkWidget  *dialog,
     GType       type,
     const char *title)
{
  GtkWidget *found = find_widget (dialog, type, row_titled, title);

  if (found == NULL)
    g_error ("No row titled “%s”", title);

  return found;
}

static void
type_into (GtkWidget  *dialog,
           const char *title,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row (dialog, ADW_TYPE_ENTRY_ROW, title)), text);
}

static GtkButton *
button (GtkWidget  *dialog,
        const char *label_prefix)
{
  return GTK_BUTTON (find_widget (dialog, GTK_TYPE_BUTTON, button_labelled, label_prefix));
}

static void
click (GtkWidget  *dialog,
       const char *label_prefix)
{
  GtkButton *found = button (dialog, label_prefix);

  if (found == NULL)
    g_error ("No button “%s”", label_prefix);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (found)));
  g_signal_emit_by_name (found, "clicked");
}

static const char *
page_of (GtkWidget *dialog)
{
  GtkStack *stack = GTK_STACK (find_widget (dialog, GTK_TYPE_STACK, NULL, NULL));

  return gtk_stack_get_visible_child_name (stack);
}

static AdwStatusPage *
status_page (GtkWidget *dialog)
{
  GtkStack *stack = GTK_STACK (find_widget (dialog, GTK_TYPE_STACK, NULL, NULL));

  return ADW_STATUS_PAGE (gtk_stack_get_visible_child (stack));
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

  return g_strcmp0 (page_of (wait->dialog), wait->page) == 0;
}

static void
wait_for_page (GtkWidget  *dialog,
               const char *page)
{
  PageWait wait = { dialog, page };

  pd_test_wait_for (on_page, &wait, page);
  pd_test_settle ();
}

static GtkWidget *
find_toplevel (GType type)
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

static gboolean
toplevel_shown (gpointer data)
{
  return find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
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

  if (find_toplevel (wait->type) != NULL)
    return TRUE;

  gtk_widget_activate_action (GTK_WIDGET (wait->window), wait->action, NULL);

  return find_toplevel (wait->type) != NULL;
}

static GtkWidget *
open_dialog (Fixture    *fixture,
             const char *action,
             GType       type)
{
  ActionWait wait = { fixture->window, action, type };

  g_assert_null (find_toplevel (type));
  pd_test_wait_for (dialog_opened, &wait, action);
  wait_for_page (find_toplevel (type), "form");

  return find_toplevel (type);
}

static void
close_dialogs (void)
{
  GType types[] = { PD_TYPE_SEND_DIALOG, PD_TYPE_VEND_DIALOG, PD_TYPE_RECEIPT_DIALOG };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      GtkWidget *dialog;

      while ((dialog = find_toplevel (types[i])) != NULL)
        gtk_window_destroy (GTK_WINDOW (dialog));
    }
  pd_test_settle ();
}

static GPtrArray *
combo_titles (GtkWidget  *dialog,
              const char *title)
{
  AdwComboRow *combo = ADW_COMBO_ROW (row (dialog, ADW_TYPE_COMBO_ROW, title));
  GListModel *model = adw_combo_row_get_model (combo);
  GPtrArray *titles = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      g_ptr_array_add (titles, g_strdup (gtk_string_object_get_string (item)));
    }

  return titles;
}

static void
choose (GtkWidget  *dialog,
        const char *combo_title,
        const char *item)
{
  g_autoptr(GPtrArray) titles = combo_titles (dialog, combo_title);
  guint position;

  g_assert_true (g_ptr_array_find_with_equal_func (titles, item, g_str_equal, &position));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (dialog, ADW_TYPE_COMBO_ROW, combo_title)), position);
}

static gboolean
label_shown (GtkWidget     *widget,
             gconstpointer  text)
{
  return gtk_widget_get_mapped (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static gboolean
error_shown (GtkWidget     *widget,
             gconstpointer  data)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_has_css_class (widget, "error");
}

/* Fixture */

static gint64
add_account (Fixture    *fixture,
             const char *provider,
             const char *label,
             const char *field,
             const char *second_field)
{
  g_autoptr(PdAccount) account = pd_account_new ();
  g_autoptr(PdSecretSet) set = pd_secret_set_new ();
  g_autoptr(GError) error = NULL;

  account->provider = g_strdup (provider);
  account->label = g_strdup (label);
  account->base_url = g_strdup (pd_test_sandbox_get_base_url (fixture->sandbox, provider));
  account->mode = PD_ACCOUNT_MODE_TEST;
  if (g_str_equal (provider, "pawacard"))
    account->username = g_strdup (pd_test_sandbox_get_credential (fixture->sandbox, provider, "username"));
  if (g_str_equal (provider, "enayapay"))
    account->phone = g_strdup (pd_test_sandbox_get_credential (fixture->sandbox, provider, "phone"));
  g_assert_true (pd_store_add_account (fixture->store, account, &error));
  g_assert_no_error (error);

  /* Without a keyring (no session bus), the secret is kept for the
   * session, as the application does. */
  pd_secret_set_set (set, field, pd_test_sandbox_get_credential (fixture->sandbox, provider, field));
  if (second_field != NULL)
    pd_secret_set_set (set, second_field, pd_test_sandbox_get_credential (fixture->sandbox, provider, second_field));
  pd_test_store_secret_set (fixture->secrets, account, set);
  g_ptr_array_add (fixture->uuids, g_strdup (account->uuid));

  return account->id;
}

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

  add_account (fixture, "fayapay", "Accra Market Stall", "api_key", NULL);
  add_account (fixture, "zengapay", "Kampala Wholesale", "token", NULL);
  add_account (fixture, "eoneopay", "Sydney Online Shop", "api_key", NULL);
  add_account (fixture, "pawacard", "Nairobi Power Kiosk", "password", NULL);
  add_account (fixture, "enayapay", "Khartoum Corner Store", "api_key", "password");

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
         g_strcmp0 (page_of (data), "result") == 0;
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
  dialog = open_dialog (fixture, "win.new-disbursement", PD_TYPE_SEND_DIALOG);

  /* FayaPay disburses and ZengaPay transfers; EoneoPay and PawaCard do
   * neither. Labels and provider names, never ids. */
  accounts = combo_titles (dialog, "_From Account");
  g_assert_cmpuint (accounts->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (accounts, 0), ==, "Accra Market Stall (FayaPay)");
  g_assert_cmpstr (g_ptr_array_index (accounts, 1), ==, "Kampala Wholesale (ZengaPay)");

  choose (dialog, "_From Account", "Accra Market Stall (FayaPay)");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "New Disbursement");
  type_into (dialog, "Mobile Money Number", "0244 123 456");
  type_into (dialog, "Name", "Kofi Mensah");
  type_into (dialog, "Description", "Stall rent returned");

  /* Not an amount: said, and nothing to continue with. */
  type_into (dialog, "Amount (GHS)", "12,50");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (button (dialog, "_Continue"))));
  pd_test_settle ();
  g_assert_nonnull (find_widget (dialog, GTK_TYPE_LABEL, label_shown,
                                 "Write the amount as digits, with a point before the decimals, such as 125.50."));
  type_into (dialog, "Amount (GHS)", "12.50");
  save_screenshot (dialog, "send-dialog-form");

  click (dialog, "_Continue");
  wait_for_page (dialog, "confirm");
  page = status_page (dialog);
  description = adw_status_page_get_description (page);
  g_test_message ("Confirmation: %s — %s", adw_status_page_get_title (page), description);
  g_assert_nonnull (strstr (adw_status_page_get_title (page), "12.50"));
  g_assert_nonnull (strstr (description, "Kofi Mensah"));
  g_assert_nonnull (strstr (description, "0244123456"));
  g_assert_nonnull (strstr (description, "Accra Market Stall (FayaPay)"));
  g_assert_nonnull (strstr (description, "GHS"));
  save_screenshot (dialog, "send-dialog-confirm");

  /* A double click: the second finds the button gone insensitive. */
  {
    GtkButton *send = button (dialog, "_Send");

    g_assert_nonnull (send);
    g_signal_emit_by_name (send, "clicked");
    g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (send)));
    g_signal_emit_by_name (send, "clicked");
  }

  pd_test_wait_for (send_settled, dialog, "the disbursement's outcome");
  entry = pd_send_dialog_get_entry (PD_SEND_DIALOG (dialog));
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_cmpuint (entry->attempts, ==, 1);
  g_assert_cmpstr (adw_status_page_get_title (status_page (dialog)), ==, "Money Sent");
  save_screenshot (dialog, "send-dialog-sent");

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
  click (dialog, "_Done");
  pd_test_settle ();
  g_assert_null (find_toplevel (PD_TYPE_SEND_DIALOG));
  wait.model = G_LIST_MODEL (pd_transaction_view_get_model (PD_TRANSACTION_VIEW (pd_window_get_view (fixture->window,
                                                                                                      "disbursements"))));
  wait.reference = reference;
  pd_test_wait_for (row_listed, &wait, "the disbursement in the list");
  save_screenshot (GTK_WIDGET (fixture->window), "send-dialog-window");

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

  dialog = open_dialog (fixture, "win.new-disbursement", PD_TYPE_SEND_DIALOG);
  choose (dialog, "_From Account", "Accra Market Stall (FayaPay)");
  type_into (dialog, "Mobile Money Number", "0201234567");
  choose (dialog, "_Network", "Vodafone");
  type_into (dialog, "Name", "Ama Owusu");
  type_into (dialog, "Amount (GHS)", "40");
  type_into (dialog, "Description", "Supplier advance");
  click (dialog, "_Continue");
  wait_for_page (dialog, "confirm");

  /* Every attempt of the HTTP layer loses its answer after the money moved. */
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"fayapay\",\"method\":\"POST\",\"path\":\"/v1/Disbursements*\","
                             "\"action\":\"drop_after_apply\",\"count\":4}");

  result_page = ADW_STATUS_PAGE (gtk_stack_get_child_by_name (GTK_STACK (find_widget (dialog, GTK_TYPE_STACK, NULL, NULL)),
                                                              "result"));
  g_signal_connect (result_page, "notify::title", G_CALLBACK (title_changed_cb), titles);
  click (dialog, "_Send");

  pd_test_wait_for (send_confirmed, dialog, "the payment to be settled");
  entry = pd_send_dialog_get_entry (PD_SEND_DIALOG (dialog));
  for (guint i = 0; i < titles->len; i++)
    g_test_message ("Result: %s", (const char *)g_ptr_array_index (titles, i));
  g_assert_cmpstr (g_ptr_array_index (titles, 0), ==, "Checking with the Provider");
  g_assert_cmpstr (g_ptr_array_index (titles, titles->len - 1), ==, "Money Sent");
  /* Nothing offered to send it again. */
  g_assert_null (button (dialog, "_Send"));
  save_screenshot (dialog, "send-dialog-settled");

  moved = pd_test_sandbox_get_ledger (fixture->sandbox, "fayapay");
  g_assert_cmpuint (json_array_get_length (moved), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (moved, 0), "reference"), ==,
                   entry->reference);
  g_signal_handlers_disconnect_by_data (result_page, titles);
}

static gboolean
result_titled (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (page_of (wait->dialog), "result") == 0 &&
         g_strcmp0 (adw_status_page_get_title (status_page (wait->dialog)), wait->page) == 0;
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
  PageWait wait;

  dialog = open_dialog (fixture, "win.new-disbursement", PD_TYPE_SEND_DIALOG);
  choose (dialog, "_From Account", "Kampala Wholesale (ZengaPay)");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Send Money");
  /* ZengaPay reads the network from the number, and needs a narration. */
  g_assert_false (gtk_widget_get_visible (row (dialog, ADW_TYPE_COMBO_ROW, "_Network")));
  type_into (dialog, "Mobile Money Number", "0772 123 456");
  type_into (dialog, "Amount (UGX)", "1000");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (button (dialog, "_Continue"))));
  type_into (dialog, "Narration (required)", "Delivery float");
  click (dialog, "_Continue");
  wait_for_page (dialog, "confirm");
  description = adw_status_page_get_description (status_page (dialog));
  g_assert_nonnull (strstr (description, "0772123456"));
  g_assert_nonnull (strstr (description, "Kampala Wholesale (ZengaPay)"));
  g_assert_nonnull (strstr (description, "UGX"));
  click (dialog, "_Send");

  /* Accepted, then pending for 20 simulated seconds. */
  wait.dialog = dialog;
  wait.page = "Sent, Waiting for the Network";
  pd_test_wait_for (result_titled, &wait, wait.page);
  save_screenshot (dialog, "send-dialog-pending");

  pd_test_sandbox_advance_clock (fixture->sandbox, 60);
  wait.page = "Money Sent";
  pd_test_wait_for (result_titled, &wait, wait.page);
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
         g_strcmp0 (page_of (data), "result") == 0;
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
  return find_widget (data, GTK_TYPE_LABEL, throttle_shown, NULL) != NULL;
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
  dialog = open_dialog (fixture, "win.sell-electricity", PD_TYPE_VEND_DIALOG);

  accounts = combo_titles (dialog, "_Sell Through");
  g_assert_cmpuint (accounts->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (accounts, 0), ==, "Nairobi Power Kiosk (PawaCard)");
  g_assert_cmpstr (g_ptr_array_index (accounts, 1), ==, "Khartoum Corner Store (EnayaPay)");
  choose (dialog, "_Sell Through", "Nairobi Power Kiosk (PawaCard)");
  g_assert_false (gtk_widget_is_visible (row (dialog, ADW_TYPE_ENTRY_ROW, "Card Number")));

  /* A Luhn failure: said, and nothing is asked of anyone. */
  type_into (dialog, "Amount (KES)", "200");
  type_into (dialog, "Meter Number", METER_BAD_LUHN);
  pd_test_settle ();
  {
    g_autofree char *expected = g_strdup_printf ("%s is not a Kenya Power meter number: its last digit does not "
                                                 "match the others (the Luhn check). Check the number on the meter.",
                                                 METER_BAD_LUHN);

    g_assert_nonnull (find_widget (dialog, GTK_TYPE_LABEL, label_shown, expected));
  }
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (button (dialog, "_Continue"))));
  save_screenshot (dialog, "vend-dialog-luhn");

  /* The right meter: checked with Kenya Power, then confirmed. */
  type_into (dialog, "Meter Number", METER);
  click (dialog, "_Continue");
  wait_for_page (dialog, "confirm");
  customer = ADW_ACTION_ROW (row (dialog, ADW_TYPE_ACTION_ROW, "Customer"));
  g_assert_nonnull (adw_action_row_get_subtitle (customer));
  g_assert_cmpstr (adw_action_row_get_subtitle (customer), !=, "");
  description = adw_status_page_get_description (status_page (dialog));
  g_test_message ("Confirmation: %s", description);
  g_assert_nonnull (strstr (description, adw_action_row_get_subtitle (customer)));
  g_assert_nonnull (strstr (description, METER));
  g_assert_nonnull (strstr (description, "Nairobi Power Kiosk (PawaCard)"));
  g_assert_nonnull (strstr (description, "KES"));
  save_screenshot (dialog, "vend-dialog-confirm");

  {
    GtkButton *sell = button (dialog, "_Sell");

    g_assert_nonnull (sell);
    g_signal_emit_by_name (sell, "clicked");
    g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (sell)));
    g_signal_emit_by_name (sell, "clicked");
  }
  pd_test_wait_for (vend_settled, dialog, "the sale's outcome");
  entry = pd_vend_dialog_get_entry (PD_VEND_DIALOG (dialog));
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_CONFIRMED);

  /* The receipt opened by itself, with the token the store holds. */
  pd_test_wait_for (toplevel_shown, GSIZE_TO_POINTER (PD_TYPE_RECEIPT_DIALOG), "the receipt");
  receipt_dialog = find_toplevel (PD_TYPE_RECEIPT_DIALOG);
  receipt = pd_receipt_dialog_get_receipt (PD_RECEIPT_DIALOG (receipt_dialog));
  token = token_in_store (fixture, entry->transaction_id);
  g_assert_cmpuint (strlen (token), ==, 20);
  g_assert_cmpstr (receipt->token, ==, token);
  grouped = pd_receipt_format_token (token);
  g_assert_true (g_regex_match_simple ("^[0-9]{4}( [0-9]{4}){4}$", grouped, 0, 0));
  pd_test_settle ();
  g_assert_nonnull (find_widget (receipt_dialog, GTK_TYPE_LABEL, label_shown, grouped));
  g_assert_nonnull (find_widget (receipt_dialog, GTK_TYPE_LABEL, label_shown, METER));
  g_assert_cmpstr (receipt->number, ==, METER);
  g_assert_nonnull (receipt->receipt_number);
  g_assert_nonnull (find_widget (receipt_dialog, GTK_TYPE_LABEL, label_shown, receipt->receipt_number));
  g_assert_nonnull (receipt->units);
  save_screenshot (receipt_dialog, "receipt-dialog");

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
  save_screenshot (dialog, "vend-dialog-sold");
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
    g_assert_nonnull (find_widget (GTK_WIDGET (fixture->window->detail_pane), GTK_TYPE_BUTTON,
                                   button_labelled, "_Receipt"));
    save_screenshot (GTK_WIDGET (fixture->window), "vend-detail-pane");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-receipt", NULL));
    pd_test_wait_for (toplevel_shown, GSIZE_TO_POINTER (PD_TYPE_RECEIPT_DIALOG), "the receipt from the list");
    g_assert_cmpstr (pd_receipt_dialog_get_receipt (PD_RECEIPT_DIALOG (find_toplevel (PD_TYPE_RECEIPT_DIALOG)))->token,
                     ==, token);
    close_dialogs ();
  }

  /* The same meter again, within five minutes: not a failure, a time. */
  dialog = open_dialog (fixture, "win.sell-electricity", PD_TYPE_VEND_DIALOG);
  type_into (dialog, "Amount (KES)", "100");
  type_into (dialog, "Meter Number", METER);
  click (dialog, "_Continue");
  pd_test_wait_for (throttle_label_shown, dialog, "try again at");
  g_assert_cmpstr (page_of (dialog), ==, "form");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (button (dialog, "_Continue"))));
  /* No error is shown beside it. */
  g_assert_null (find_widget (dialog, GTK_TYPE_LABEL, error_shown, NULL));
  save_screenshot (dialog, "vend-dialog-throttle");
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

  dialog = open_dialog (fixture, "win.sell-electricity", PD_TYPE_VEND_DIALOG);
  choose (dialog, "_Sell Through", "Nairobi Power Kiosk (PawaCard)");
  type_into (dialog, "Amount (KES)", "100");
  type_into (dialog, "Meter Number", METER_ELSEWHERE);
  click (dialog, "_Continue");
  wait_for_page (dialog, "confirm");
  click (dialog, "_Sell");
  pd_test_wait_for (vend_settled, dialog, "the sale's outcome");

  entry = pd_vend_dialog_get_entry (PD_VEND_DIALOG (dialog));
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_FAILED);
  title = adw_status_page_get_title (status_page (dialog));
  g_test_message ("Outcome: %s", title);
  g_assert_true (g_regex_match_simple ("^Try Again at [0-9]{2}:[0-9]{2}$", title, 0, 0));
  g_assert_cmpstr (adw_status_page_get_icon_name (status_page (dialog)), ==, "alarm-symbolic");
  g_assert_nonnull (strstr (adw_status_page_get_description (status_page (dialog)), METER_ELSEWHERE));
  save_screenshot (dialog, "vend-dialog-throttled-elsewhere");
  close_dialogs ();

  /* The next attempt is stopped at the form, before anything is sent. */
  dialog = open_dialog (fixture, "win.sell-electricity", PD_TYPE_VEND_DIALOG);
  choose (dialog, "_Sell Through", "Nairobi Power Kiosk (PawaCard)");
  type_into (dialog, "Amount (KES)", "100");
  type_into (dialog, "Meter Number", METER_ELSEWHERE);
  click (dialog, "_Continue");
  pd_test_wait_for (throttle_label_shown, dialog, "try again at");
  g_assert_cmpstr (page_of (dialog), ==, "form");

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

  dialog = open_dialog (fixture, "win.sell-electricity", PD_TYPE_VEND_DIALOG);
  choose (dialog, "_Sell Through", "Khartoum Corner Store (EnayaPay)");
  g_assert_true (gtk_widget_is_visible (row (dialog, ADW_TYPE_ENTRY_ROW, "Card Number")));
  type_into (dialog, "Meter Number", meter);
  type_into (dialog, "Card Number", card);
  type_into (dialog, "Expiry (MMYY)", "1230");
  type_into (dialog, "Amount (SDG)", "300");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (button (dialog, "_Continue"))));
  gtk_editable_set_text (GTK_EDITABLE (row (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "IPIN")),
                         pd_test_sandbox_get_credential (fixture->sandbox, "enayapay", "ipin"));
  save_screenshot (dialog, "vend-dialog-enayapay");
  click (dialog, "_Continue");
  wait_for_page (dialog, "confirm");
  description = adw_status_page_get_description (status_page (dialog));
  g_test_message ("Confirmation: %s", description);
  g_assert_nonnull (strstr (description, meter));
  g_assert_nonnull (strstr (description, "Khartoum Corner Store (EnayaPay)"));
  g_assert_nonnull (strstr (description, "ending in 1111"));
  g_assert_null (strstr (description, card));

  click (dialog, "_Sell");
  /* The card's secrets leave the form as the sale leaves. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "IPIN"))), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (dialog, ADW_TYPE_ENTRY_ROW, "Card Number"))), ==, "");
  pd_test_wait_for (vend_settled, dialog, "the sale's outcome");
  entry = pd_vend_dialog_get_entry (PD_VEND_DIALOG (dialog));
  g_test_message ("Outcome: %s", entry->error_message != NULL ? entry->error_message : "confirmed");
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_CONFIRMED);

  pd_test_wait_for (toplevel_shown, GSIZE_TO_POINTER (PD_TYPE_RECEIPT_DIALOG), "the receipt");
  receipt_dialog = find_toplevel (PD_TYPE_RECEIPT_DIALOG);
  token = token_in_store (fixture, entry->transaction_id);
  grouped = pd_receipt_format_token (token);
  pd_test_settle ();
  g_assert_nonnull (find_widget (receipt_dialog, GTK_TYPE_LABEL, label_shown, grouped));
  save_screenshot (receipt_dialog, "receipt-dialog-enayapay");

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

/* test-card-dialog.c - EnayaPay cards added, removed and asked their balance through the window
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (build-aux/test.sh) with GSK_RENDERER=cairo, on a store
 * whose accounts point at paydesk-sandbox. The dialogs are driven as a
 * person would: rows typed into, buttons clicked. What EnayaPay holds is
 * read back through a client of its own, logged in as the account, and
 * what Paydesk kept from the store and its database file. Screenshots go
 * to the build directory (tests/screenshots/).
 */

#define _GNU_SOURCE /* memmem */

#include <string.h>

#include <adwaita.h>

#include "pd-card-dialog.h"
#include "pd-enayapay-client.h"
#include "pd-format.h"
#include "pd-record-item.h"
#include "pd-test-app.h"
#include "pd-test-capture.h"
#include "pd-test-dialog.h"
#include "pd-test-sandbox.h"
#include "pd-test-window-data.h"
#include "pd-window-private.h"

typedef struct
{
  PdTestSandbox    *sandbox;
  char             *dir;
  PdStore          *store;
  PdSecrets        *secrets;
  PdPayments       *payments;
  PdWindow         *window;
  GPtrArray        *uuids;
  gint64            enayapay_id;
  /* EnayaPay as another till sees it. */
  PdEnayapayClient *client;
  /* A card new to the switch, valid, good for three more years. */
  char             *number;
  char             *expiry;
  const char       *ipin;
} Fixture;

/* Widgets */

static void
type_ipin (GtkWidget  *dialog,
           const char *ipin)
{
  gtk_editable_set_text (GTK_EDITABLE (pd_test_row (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "IPIN")), ipin);
}

static gboolean
error_shown (GtkWidget     *widget,
             gconstpointer  data)
{
  return gtk_widget_get_visible (widget) && gtk_widget_has_css_class (widget, "error");
}

static gboolean
label_says (GtkWidget     *widget,
            gconstpointer  text)
{
  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* The error the form shows, or NULL. */
static const char *
form_error (GtkWidget *dialog)
{
  GtkWidget *stack = pd_test_find_widget (dialog, GTK_TYPE_STACK, NULL, NULL);
  GtkWidget *form = gtk_stack_get_child_by_name (GTK_STACK (stack), "form");
  GtkWidget *label = pd_test_find_widget (form, GTK_TYPE_LABEL, error_shown, NULL);

  return label != NULL ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static void
close_dialogs (void)
{
  pd_test_close_dialogs (PD_TYPE_CARD_DIALOG, ADW_TYPE_MESSAGE_DIALOG, G_TYPE_INVALID);
}

/* Cards */

/* @prefix and its Luhn check digit. */
static char *
with_check_digit (const char *prefix)
{
  gsize length = strlen (prefix);
  guint sum = 0;

  for (gsize i = 0; i < length; i++)
    {
      guint digit = prefix[length - 1 - i] - '0';

      if (i % 2 == 0)
        {
          digit *= 2;
          if (digit > 9)
            digit -= 9;
        }
      sum += digit;
    }

  return g_strdup_printf ("%s%u", prefix, (10 - sum % 10) % 10);
}

/* A valid card number no test used before, whose last four digits are not
 * @avoid (the IPIN, looked for in the database file). */
static char *
new_card_number (const char *avoid)
{
  for (;;)
    {
      g_autoptr(GString) prefix = g_string_new ("9222");
      char *number;

      while (prefix->len < 15)
        g_string_append_c (prefix, '0' + g_random_int_range (0, 10));
      number = with_check_digit (prefix->str);
      if (!g_str_has_suffix (number, avoid))
        return number;
      g_free (number);
    }
}

/* The same number with its check digit wrong. */
static char *
bad_luhn (const char *number)
{
  char *bad = g_strdup (number);
  gsize last = strlen (bad) - 1;

  bad[last] = '0' + (bad[last] - '0' + 1) % 10;

  return bad;
}

static char *
last_four (const char *number)
{
  return g_strdup (number + strlen (number) - 4);
}

/* EnayaPay through a client of the test's own */

static void
on_ready (GObject      *object,
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

static GPtrArray *
sandbox_cards (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *cards;

  pd_enayapay_client_list_cards_async (fixture->client, NULL, on_ready, &result);
  pd_test_wait_for (result_ready, &result, "EnayaPay's list of cards");
  cards = pd_enayapay_client_list_cards_finish (fixture->client, result, &error);
  g_assert_no_error (error);

  return cards;
}

/* The card EnayaPay lists with these last four digits, if any. */
static PdCard *
sandbox_card (Fixture    *fixture,
              const char *last4)
{
  g_autoptr(GPtrArray) cards = sandbox_cards (fixture);

  for (guint i = 0; i < cards->len; i++)
    {
      PdCard *card = g_ptr_array_index (cards, i);

      if (g_strcmp0 (card->last4, last4) == 0)
        return pd_card_copy (card);
    }

  return NULL;
}

static PdBalance *
sandbox_balance (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PdBalance *balance;

  pd_enayapay_client_balance_inquiry_async (fixture->client, fixture->number, fixture->expiry, fixture->ipin,
                                            NULL, on_ready, &result);
  pd_test_wait_for (result_ready, &result, "EnayaPay's balance of the card");
  balance = pd_enayapay_client_balance_inquiry_finish (fixture->client, result, &error);
  g_assert_no_error (error);

  return balance;
}

/* Adds the fixture's card as another till would, and stores it as a
 * synchronization would. */
static PdCard *
add_card_elsewhere (Fixture    *fixture,
                    const char *label)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_card_free);
  PdCard *card;

  pd_enayapay_client_add_card_async (fixture->client, fixture->number, fixture->expiry, label, FALSE, NULL,
                                     on_ready, &result);
  pd_test_wait_for (result_ready, &result, "the card added elsewhere");
  card = pd_enayapay_client_add_card_finish (fixture->client, result, &error);
  g_assert_no_error (error);

  g_ptr_array_add (cards, pd_card_copy (card));
  g_assert_true (pd_store_upsert_cards (fixture->store, fixture->enayapay_id, cards, NULL, &error));
  g_assert_no_error (error);
  pd_window_reload (fixture->window);

  return card;
}

/* The Cards view */

typedef struct
{
  GListModel *model;
  const char *last4;
  gboolean    listed;
} CardWait;

static guint
find_listed_card (GListModel *model,
                  const char *last4)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PdRecordItem) item = g_list_model_get_item (model, i);
      const PdCard *card = pd_record_item_get_card (item);

      if (card != NULL && g_strcmp0 (card->last4, last4) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static gboolean
card_listed (gpointer data)
{
  CardWait *wait = data;

  return (find_listed_card (wait->model, wait->last4) != GTK_INVALID_LIST_POSITION) == wait->listed;
}

static GListModel *
cards_model (Fixture *fixture)
{
  PdRecordView *view = PD_RECORD_VIEW (pd_window_get_view (fixture->window, "cards"));

  return G_LIST_MODEL (gtk_column_view_get_model (pd_record_view_get_column_view (view)));
}

static void
wait_for_listed (Fixture    *fixture,
                 const char *last4,
                 gboolean    listed)
{
  CardWait wait = { cards_model (fixture), last4, listed };

  pd_test_wait_for (card_listed, &wait, listed ? "the card in the Cards view" : "the card gone from the Cards view");
}

/* Selects the card in the Cards view, as a click on its row does. */
static void
select_card (Fixture    *fixture,
             const char *last4)
{
  GListModel *model = cards_model (fixture);
  guint position;

  pd_window_show_view (fixture->window, "cards");
  wait_for_listed (fixture, last4, TRUE);
  position = find_listed_card (model, last4);
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model), position);
  pd_test_settle ();
}

/* The database */

/* Whether @needle is in any file of the store; with @alone, only where no
 * digit is on either side of it (a four-digit IPIN is inside many a longer
 * number). */
static gboolean
in_database (Fixture    *fixture,
             const char *needle,
             gboolean    alone)
{
  const char *suffixes[] = { "", "-wal", "-journal" };
  gsize needle_length = strlen (needle);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (pd_store_get_path (fixture->store), suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;
      const char *at;
      const char *end;

      if (!g_file_get_contents (path, &contents, &length, NULL))
        continue;

      end = contents + length;
      for (at = memmem (contents, length, needle, needle_length); at != NULL;
           at = memmem (at + 1, end - at - 1, needle, needle_length))
        {
          if (!alone)
            return TRUE;
          if ((at == contents || !g_ascii_isdigit (at[-1])) &&
              (at + needle_length == end || !g_ascii_isdigit (at[needle_length])))
            return TRUE;
        }
    }

  return FALSE;
}

/* Fixture */

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  pd_test_reset_last_view ();

  fixture->sandbox = pd_test_sandbox_start (NULL);
  fixture->dir = pd_test_make_tmp_dir ("paydesk-cards-XXXXXX");
  fixture->store = pd_test_open_store (fixture->dir);
  fixture->secrets = pd_secrets_new ();
  fixture->uuids = g_ptr_array_new_with_free_func (g_free);

  /* FayaPay keeps cards too, but Paydesk adds none to it. */
  pd_test_add_sandbox_account (fixture->sandbox, fixture->store, fixture->secrets, fixture->uuids,
                               "fayapay", "Accra Market Stall", "api_key", NULL);
  fixture->enayapay_id =
    pd_test_add_sandbox_account (fixture->sandbox, fixture->store, fixture->secrets, fixture->uuids,
                                 "enayapay", "Khartoum Corner Store", "api_key", "password");

  fixture->ipin = pd_test_sandbox_get_credential (fixture->sandbox, "enayapay", "ipin");
  fixture->number = new_card_number (fixture->ipin);
  fixture->expiry = g_strdup_printf ("12%02d", (g_date_time_get_year (now) + 3) % 100);
  g_assert_cmpstr (fixture->expiry, !=, fixture->ipin);

  fixture->client = pd_enayapay_client_new (pd_test_sandbox_get_base_url (fixture->sandbox, "enayapay"),
                                            pd_test_sandbox_get_credential (fixture->sandbox, "enayapay", "api_key"));
  pd_enayapay_client_set_login (fixture->client,
                                pd_test_sandbox_get_credential (fixture->sandbox, "enayapay", "phone"),
                                pd_test_sandbox_get_credential (fixture->sandbox, "enayapay", "password"));

  fixture->payments = pd_payments_new (fixture->store, fixture->secrets);
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

  g_clear_object (&fixture->client);
  g_clear_object (&fixture->payments);
  g_clear_object (&fixture->secrets);
  g_clear_object (&fixture->store);
  g_ptr_array_unref (fixture->uuids);
  pd_test_sandbox_stop (fixture->sandbox);
  pd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->number);
  g_free (fixture->expiry);
}

/* Tests */

/* A card added through the dialog: wrong numbers and dates are said and
 * send nothing; the number sent leaves the form at once; EnayaPay has the
 * card, the Cards view lists it masked, and the full number is nowhere in
 * the database. */
static void
test_add (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *bad = bad_luhn (fixture->number);
  g_autofree char *last4 = last_four (fixture->number);
  g_autofree char *short_number = g_strndup (fixture->number, 15);
  g_autoptr(GPtrArray) before = sandbox_cards (fixture);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(PdCard) card = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  GtkWidget *dialog;
  gboolean found = FALSE;

  pd_window_show_view (fixture->window, "cards");
  dialog = pd_test_open_dialog (fixture->window, "win.add-card", PD_TYPE_CARD_DIALOG, "form");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Add Card");

  /* Only the account whose cards Paydesk manages. */
  accounts = pd_test_combo_titles (dialog, "_Account");
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (accounts, 0), ==, "Khartoum Corner Store (EnayaPay)");

  pd_test_type_into (dialog, "Expiry (MMYY)", fixture->expiry);
  pd_test_type_into (dialog, "Label", "Salary card");

  /* A check digit that does not match: said when Add is pressed (the
   * sixteen digits may be the start of a longer number), and nothing is
   * sent. */
  pd_test_type_into (dialog, "Card Number", bad);
  pd_test_settle ();
  g_assert_null (form_error (dialog));
  pd_test_click (dialog, "_Add");
  g_assert_cmpstr (pd_test_page_of (dialog), ==, "form");
  g_assert_cmpstr (form_error (dialog), ==,
                   "This is not a card number: its last digit does not match the others (the Luhn check). "
                   "Check the number on the card.");
  g_assert_cmpstr (pd_test_text_of (dialog, ADW_TYPE_ENTRY_ROW, "Card Number"), ==, bad);
  pd_test_save_dialog_screenshot (dialog, "card-dialog-luhn");

  /* Nineteen digits can be nothing longer: said as typed. */
  {
    g_autofree char *nineteen = with_check_digit ("922212345678901234");
    g_autofree char *nineteen_bad = bad_luhn (nineteen);

    g_assert_cmpuint (strlen (nineteen_bad), ==, 19);
    pd_test_type_into (dialog, "Card Number", nineteen_bad);
    pd_test_settle ();
    g_assert_cmpstr (form_error (dialog), ==,
                     "This is not a card number: its last digit does not match the others (the Luhn check). "
                     "Check the number on the card.");
    g_assert_false (pd_test_button_sensitive (dialog, "_Add"));
  }

  /* Too short: said when Add is pressed. */
  pd_test_type_into (dialog, "Card Number", short_number);
  pd_test_settle ();
  g_assert_null (form_error (dialog));
  pd_test_click (dialog, "_Add");
  g_assert_cmpstr (pd_test_page_of (dialog), ==, "form");
  g_assert_cmpstr (form_error (dialog), ==, "A card number has 16 to 19 digits; this one has 15.");

  /* Expired: said. */
  pd_test_type_into (dialog, "Card Number", fixture->number);
  pd_test_type_into (dialog, "Expiry (MMYY)", "0120");
  pd_test_settle ();
  g_assert_cmpstr (form_error (dialog), ==, "This card expired at the end of 01/20.");
  g_assert_false (pd_test_button_sensitive (dialog, "_Add"));

  /* Nothing of these reached EnayaPay. */
  after = sandbox_cards (fixture);
  g_assert_cmpuint (after->len, ==, before->len);
  g_clear_pointer (&after, g_ptr_array_unref);

  /* The card, in groups of four as printed on it, as the default card. */
  {
    g_autoptr(GString) grouped = g_string_new (NULL);

    for (const char *p = fixture->number; *p != '\0'; p++)
      {
        if (p != fixture->number && (p - fixture->number) % 4 == 0)
          g_string_append_c (grouped, ' ');
        g_string_append_c (grouped, *p);
      }
    pd_test_type_into (dialog, "Card Number", grouped->str);
  }
  pd_test_type_into (dialog, "Expiry (MMYY)", fixture->expiry);
  gtk_switch_set_active (GTK_SWITCH (pd_test_find_widget (dialog, GTK_TYPE_SWITCH, NULL, NULL)), TRUE);
  pd_test_settle ();
  g_assert_null (form_error (dialog));
  pd_test_save_dialog_screenshot (dialog, "card-dialog-add");

  pd_test_click (dialog, "_Add");
  /* The number leaves the form as it is sent, and the dialog waits for
   * EnayaPay's answer, even when closed. */
  g_assert_cmpstr (pd_test_text_of (dialog, ADW_TYPE_ENTRY_ROW, "Card Number"), ==, "");
  g_assert_cmpstr (pd_test_page_of (dialog), ==, "sending");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_nonnull (pd_test_find_toplevel (PD_TYPE_CARD_DIALOG));
  pd_test_wait_for (pd_test_toplevel_gone, GSIZE_TO_POINTER (PD_TYPE_CARD_DIALOG), "the dialog to close");

  /* EnayaPay has it, once, with its label, expiry and as the default. */
  after = sandbox_cards (fixture);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  card = sandbox_card (fixture, last4);
  g_assert_nonnull (card);
  g_assert_cmpstr (card->holder_name, ==, "Salary card");
  g_assert_cmpuint (card->exp_month, ==, 12);
  g_assert_nonnull (strstr (card->raw_json, "\"default\":1"));

  /* The store and the view list it, masked. */
  wait_for_listed (fixture, last4, TRUE);
  g_assert_true (pd_store_list_cards (fixture->store, fixture->enayapay_id, NULL, &stored, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < stored->len; i++)
    {
      PdCard *row_card = g_ptr_array_index (stored, i);

      if (g_strcmp0 (row_card->provider_id, card->provider_id) != 0)
        continue;
      found = TRUE;
      g_assert_cmpstr (row_card->last4, ==, last4);
      g_assert_cmpstr (row_card->masked_pan, ==, card->masked_pan);
      g_assert_null (strstr (row_card->masked_pan, fixture->number));
      g_assert_cmpstr (row_card->holder_name, ==, "Salary card");
    }
  g_assert_true (found);
  pd_test_save_dialog_screenshot (GTK_WIDGET (fixture->window), "card-dialog-listed");

  /* The full number is in no file of the store. */
  g_assert_false (in_database (fixture, fixture->number, FALSE));
  g_assert_true (in_database (fixture, last4, TRUE));

  /* The toast says which card. */
  expected = g_strdup_printf ("Card ending in %s added", last4);
  g_assert_nonnull (pd_test_find_widget (GTK_WIDGET (fixture->window->toast_overlay), GTK_TYPE_LABEL, label_says, expected));
}

/* EnayaPay refuses a card it already has: the dialog says so, stays open
 * on its form, and adds nothing to the view. */
static void
test_add_refused (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *last4 = last_four (fixture->number);
  g_autoptr(PdCard) elsewhere = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  GtkWidget *dialog;
  const char *message;

  {
    /* On EnayaPay only: the store has not heard of it. */
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    pd_enayapay_client_add_card_async (fixture->client, fixture->number, fixture->expiry, "Till 2", FALSE, NULL,
                                       on_ready, &result);
    pd_test_wait_for (result_ready, &result, "the card added elsewhere");
    elsewhere = pd_enayapay_client_add_card_finish (fixture->client, result, &error);
    g_assert_no_error (error);
  }
  before = sandbox_cards (fixture);

  dialog = pd_test_open_dialog (fixture->window, "win.add-card", PD_TYPE_CARD_DIALOG, "form");
  pd_test_type_into (dialog, "Card Number", fixture->number);
  pd_test_type_into (dialog, "Expiry (MMYY)", fixture->expiry);
  pd_test_type_into (dialog, "Label", "Salary card");
  pd_test_click (dialog, "_Add");
  pd_test_wait_for_page (dialog, "form");

  message = form_error (dialog);
  g_test_message ("Refusal: %s", message);
  g_assert_nonnull (message);
  g_assert_cmpstr (message, ==, "This card is already on the EnayaPay account.");
  g_assert_cmpstr (pd_test_text_of (dialog, ADW_TYPE_ENTRY_ROW, "Card Number"), ==, "");
  pd_test_save_dialog_screenshot (dialog, "card-dialog-refused");

  after = sandbox_cards (fixture);
  g_assert_cmpuint (after->len, ==, before->len);
  g_assert_true (pd_store_list_cards (fixture->store, fixture->enayapay_id, NULL, &stored, NULL));
  g_assert_cmpuint (stored->len, ==, 0);
  g_assert_false (in_database (fixture, fixture->number, FALSE));
}

static gboolean
card_gone_from_store (gpointer data)
{
  Fixture *fixture = data;
  g_autoptr(GPtrArray) stored = NULL;

  g_assert_true (pd_store_list_cards (fixture->store, fixture->enayapay_id, NULL, &stored, NULL));

  return stored->len == 0;
}

/* Removing the selected card: confirmed first, naming the card; then gone
 * from EnayaPay, the store and the view. */
static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(PdCard) card = add_card_elsewhere (fixture, "Petty cash");
  g_autoptr(PdCard) still = NULL;
  GtkWidget *dialog;
  const char *body;

  /* Nothing selected, nothing to remove. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.remove-card", NULL);
  pd_test_settle ();
  g_assert_null (pd_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  select_card (fixture, card->last4);
  g_assert_nonnull (pd_test_find_widget (GTK_WIDGET (fixture->window->detail_pane), GTK_TYPE_BUTTON, pd_test_button_labelled,
                                 "_Balance"));
  pd_test_save_dialog_screenshot (GTK_WIDGET (fixture->window), "card-detail-pane");

  dialog = pd_test_open_dialog (fixture->window, "win.remove-card", ADW_TYPE_MESSAGE_DIALOG, NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Remove Card?");
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_test_message ("Confirmation: %s", body);
  g_assert_nonnull (strstr (body, "Petty cash"));
  g_assert_nonnull (strstr (body, card->last4));
  g_assert_nonnull (strstr (body, "Khartoum Corner Store"));
  pd_test_save_dialog_screenshot (dialog, "card-remove-confirm");

  /* Cancelled: nothing happens. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  /* As its button does. */
  gtk_window_close (GTK_WINDOW (dialog));
  pd_test_wait_for (pd_test_toplevel_gone, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the confirmation to close");
  pd_test_settle ();
  still = sandbox_card (fixture, card->last4);
  g_assert_nonnull (still);
  g_clear_pointer (&still, pd_card_free);

  dialog = pd_test_open_dialog (fixture->window, "win.remove-card", ADW_TYPE_MESSAGE_DIALOG, NULL);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  gtk_window_close (GTK_WINDOW (dialog));
  pd_test_wait_for (card_gone_from_store, fixture, "the card gone from the store");
  wait_for_listed (fixture, card->last4, FALSE);

  still = sandbox_card (fixture, card->last4);
  g_assert_null (still);
  /* Nothing is left selected to remove again. */
  g_assert_null (pd_window_get_selected_item (fixture->window));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.remove-card", NULL);
  pd_test_settle ();
  g_assert_null (pd_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  pd_test_save_dialog_screenshot (GTK_WIDGET (fixture->window), "card-removed");
}

/* The balance of the selected card: its full number is asked for and must
 * end as the card does; a wrong IPIN is EnayaPay's clear refusal; the right
 * one shows the balance EnayaPay reports. Neither the number nor the IPIN
 * reaches the database. */
static void
test_balance (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(PdCard) card = add_card_elsewhere (fixture, "Salary card");
  g_autoptr(PdBalance) expected = sandbox_balance (fixture);
  g_autofree char *other = new_card_number (card->last4);
  g_autofree char *wrong_ipin = g_strdup (fixture->ipin);
  g_autofree char *amount = pd_format_money (&expected->amount);
  g_autoptr(GPtrArray) readings = NULL;
  const PdBalance *shown;
  const char *message;
  GtkWidget *dialog;

  wrong_ipin[0] = '0' + (wrong_ipin[0] - '0' + 1) % 10;

  select_card (fixture, card->last4);
  dialog = pd_test_open_dialog (fixture->window, "win.card-balance", PD_TYPE_CARD_DIALOG, "form");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Check Balance");

  /* The store knows the expiry: it is not asked. Nor is an account. */
  g_assert_false (gtk_widget_is_visible (pd_test_row (dialog, ADW_TYPE_ENTRY_ROW, "Expiry (MMYY)")));
  g_assert_false (gtk_widget_is_visible (pd_test_row (dialog, ADW_TYPE_COMBO_ROW, "_Account")));
  g_assert_true (gtk_widget_is_visible (pd_test_row (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "IPIN")));

  /* Another card's number: said, and nothing is asked of EnayaPay (the
   * IPIN is still there). */
  pd_test_type_into (dialog, "Card Number", other);
  type_ipin (dialog, fixture->ipin);
  pd_test_settle ();
  pd_test_click (dialog, "_Check");
  g_assert_cmpstr (pd_test_page_of (dialog), ==, "form");
  {
    g_autofree char *said = g_strdup_printf ("This number does not end in %s, as the card chosen does. Check the "
                                             "number on the card.", card->last4);

    g_assert_cmpstr (form_error (dialog), ==, said);
  }
  g_assert_cmpstr (pd_test_text_of (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "IPIN"), ==, fixture->ipin);

  /* The right number, a wrong IPIN. */
  pd_test_type_into (dialog, "Card Number", fixture->number);
  type_ipin (dialog, wrong_ipin);
  pd_test_settle ();
  g_assert_null (form_error (dialog));
  pd_test_save_dialog_screenshot (dialog, "card-balance-form");
  pd_test_click (dialog, "_Check");
  g_assert_cmpstr (pd_test_text_of (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "IPIN"), ==, "");
  pd_test_wait_for_page (dialog, "form");
  message = form_error (dialog);
  g_test_message ("Refusal: %s", message);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "the IPIN is wrong"));
  g_assert_null (pd_card_dialog_get_balance (PD_CARD_DIALOG (dialog)));
  pd_test_save_dialog_screenshot (dialog, "card-balance-wrong-ipin");

  /* The number stays for another try; the right IPIN. */
  g_assert_cmpstr (pd_test_text_of (dialog, ADW_TYPE_ENTRY_ROW, "Card Number"), ==, fixture->number);
  type_ipin (dialog, fixture->ipin);
  pd_test_click (dialog, "_Check");
  pd_test_wait_for_page (dialog, "result");

  shown = pd_card_dialog_get_balance (PD_CARD_DIALOG (dialog));
  g_assert_nonnull (shown);
  g_assert_true (pd_money_equal (&shown->amount, &expected->amount));
  {
    GtkWidget *stack = pd_test_find_widget (dialog, GTK_TYPE_STACK, NULL, NULL);
    AdwStatusPage *page = ADW_STATUS_PAGE (gtk_stack_get_visible_child (GTK_STACK (stack)));

    g_test_message ("Balance: %s — %s", adw_status_page_get_title (page), adw_status_page_get_description (page));
    g_assert_cmpstr (adw_status_page_get_title (page), ==, amount);
    g_assert_nonnull (strstr (adw_status_page_get_description (page), card->last4));
  }
  g_assert_cmpstr (pd_test_text_of (dialog, ADW_TYPE_ENTRY_ROW, "Card Number"), ==, "");
  g_assert_cmpstr (pd_test_text_of (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "IPIN"), ==, "");
  pd_test_save_dialog_screenshot (dialog, "card-balance-result");

  /* The reading is kept, as any balance reading. */
  g_assert_true (pd_store_list_latest_balances (fixture->store, fixture->enayapay_id, &readings, NULL));
  g_assert_cmpuint (readings->len, ==, 1);
  g_assert_true (pd_money_equal (&((PdBalance *)g_ptr_array_index (readings, 0))->amount, &expected->amount));

  pd_test_click (dialog, "_Done");
  pd_test_wait_for (pd_test_toplevel_gone, GSIZE_TO_POINTER (PD_TYPE_CARD_DIALOG), "the dialog to close");

  g_assert_false (in_database (fixture, fixture->number, FALSE));
  g_assert_false (in_database (fixture, fixture->ipin, TRUE));
  /* (Unless it happens to be how the card is shown.) */
  if (!g_str_equal (wrong_ipin, card->last4) && !g_str_equal (wrong_ipin, fixture->expiry))
    g_assert_false (in_database (fixture, wrong_ipin, TRUE));
}

/* A card whose expiry EnayaPay never said: the dialog asks it. */
static void
test_balance_asks_expiry (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(PdCard) card = add_card_elsewhere (fixture, "Old card");
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_card_free);
  g_autoptr(PdBalance) expected = sandbox_balance (fixture);
  g_autoptr(GError) error = NULL;
  PdCard *unknown = pd_card_copy (card);
  GtkWidget *dialog;

  unknown->exp_month = unknown->exp_year = 0;
  g_ptr_array_add (cards, unknown);
  g_assert_true (pd_store_upsert_cards (fixture->store, fixture->enayapay_id, cards, NULL, &error));
  g_assert_no_error (error);
  pd_window_reload (fixture->window);
  pd_test_settle ();

  select_card (fixture, card->last4);
  dialog = pd_test_open_dialog (fixture->window, "win.card-balance", PD_TYPE_CARD_DIALOG, "form");
  g_assert_true (gtk_widget_is_visible (pd_test_row (dialog, ADW_TYPE_ENTRY_ROW, "Expiry (MMYY)")));
  pd_test_type_into (dialog, "Card Number", fixture->number);
  type_ipin (dialog, fixture->ipin);
  pd_test_settle ();
  g_assert_false (pd_test_button_sensitive (dialog, "_Check"));
  pd_test_type_into (dialog, "Expiry (MMYY)", fixture->expiry);
  pd_test_save_dialog_screenshot (dialog, "card-balance-expiry");
  pd_test_click (dialog, "_Check");
  pd_test_wait_for_page (dialog, "result");
  g_assert_true (pd_money_equal (&pd_card_dialog_get_balance (PD_CARD_DIALOG (dialog))->amount, &expected->amount));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/paydesk-test-bus", FALSE);

  pd_test_init_ui (&argc, &argv);

  g_test_add ("/card-dialog/add", Fixture, NULL, fixture_setup, test_add, fixture_teardown);
  g_test_add ("/card-dialog/add-refused", Fixture, NULL, fixture_setup, test_add_refused, fixture_teardown);
  g_test_add ("/card-dialog/remove", Fixture, NULL, fixture_setup, test_remove, fixture_teardown);
  g_test_add ("/card-dialog/balance", Fixture, NULL, fixture_setup, test_balance, fixture_teardown);
  g_test_add ("/card-dialog/balance-asks-expiry", Fixture, NULL, fixture_setup, test_balance_asks_expiry,
              fixture_teardown);

  return g_test_run ();
}

/* test-refund-dialog.c - a partial refund through the window, on the sandbox's FayaPay
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (build-aux/test.sh) with GSK_RENDERER=cairo. The
 * sandbox's FayaPay charges are synchronized into a fresh store, the window
 * opens on them, and a charge is refunded in part through win.refund and
 * the dialog, as a person would: the money moves once, in the sandbox's
 * ledger and in the store. Screenshots of the dialog go to
 * tests/screenshots/ in the build directory.
 */

#include <string.h>

#include <adwaita.h>

#include "pd-application.h"
#include "pd-json.h"
#include "pd-payments.h"
#include "pd-provider-registry.h"
#include "pd-refund-dialog-private.h"
#include "pd-sync.h"
#include "pd-test-app.h"
#include "pd-test-capture.h"
#include "pd-test-dialog.h"
#include "pd-test-sandbox.h"
#include "pd-test-window-data.h"
#include "pd-transaction-item.h"
#include "pd-window-private.h"

#define ACCOUNT_LABEL "Accra Market Stall"

typedef struct
{
  PdTestSandbox *sandbox;
  char          *dir;
  PdStore       *store;
  PdSecrets     *secrets;
  PdPayments    *payments;
  PdWindow      *window;
  gint64         account_id;
  GPtrArray     *uuids;
} Fixture;

/* Helpers */

static gboolean
model_loaded (gpointer data)
{
  PdTransactionModel *model = pd_transaction_view_get_model (PD_TRANSACTION_VIEW (data));

  return model != NULL && !pd_transaction_model_get_loading (model);
}

static PdTransactionView *
show_view (Fixture    *fixture,
           const char *name)
{
  PdView *view;

  pd_window_show_view (fixture->window, name);
  view = pd_window_get_view (fixture->window, name);
  g_assert_true (PD_IS_TRANSACTION_VIEW (view));
  pd_test_wait_for (model_loaded, view, "the list to load");
  pd_test_settle ();

  return PD_TRANSACTION_VIEW (view);
}

typedef struct
{
  GAsyncResult *result;
} AsyncWait;

static void
on_ready (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  ((AsyncWait *)user_data)->result = g_object_ref (result);
}

static gboolean
async_done (gpointer data)
{
  return ((AsyncWait *)data)->result != NULL;
}

/* The store's own reading of a charge: what was charged, what its
 * confirmed refunds add up to, and what is left. */
typedef struct
{
  PdMoney charged;
  PdMoney refunded;
  PdMoney refundable;
  guint   n_refunds;
} Figures;

static Figures
store_figures (Fixture             *fixture,
               const PdTransaction *charge)
{
  g_autoptr(PdTransaction) fresh = NULL;
  g_autoptr(GPtrArray) refunds = NULL;
  g_autoptr(GError) error = NULL;
  Figures figures;

  fresh = pd_store_get_transaction (fixture->store, charge->id, &error);
  g_assert_no_error (error);
  figures.charged = fresh->amount;
  pd_money_init (&figures.refunded, 0, fresh->amount.scale, fresh->amount.currency);
  g_assert_true (pd_store_list_refunds (fixture->store, fresh->account_id, fresh->provider_id, &refunds, &error));
  g_assert_no_error (error);
  figures.n_refunds = refunds->len;
  for (guint i = 0; i < refunds->len; i++)
    {
      const PdTransaction *refund = g_ptr_array_index (refunds, i);

      if (refund->state == PD_TRANSACTION_STATE_SUCCEEDED)
        g_assert_true (pd_money_add (&figures.refunded, &refund->amount, &figures.refunded, NULL));
    }
  g_assert_true (pd_money_subtract (&figures.charged, &figures.refunded, &figures.refundable, NULL));

  return figures;
}

static void
assert_label_money (GtkLabel      *label,
                    const PdMoney *amount)
{
  g_autofree char *expected = pd_money_format (amount);

  g_assert_cmpstr (gtk_label_get_text (label), ==, expected);
}

static PdRefundDialog *
find_dialog (void)
{
  return PD_REFUND_DIALOG (pd_test_find_toplevel (PD_TYPE_REFUND_DIALOG));
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL && gtk_widget_get_mapped (GTK_WIDGET (find_dialog ()));
}

static PdRefundDialog *
open_dialog (Fixture *fixture)
{
  g_assert_null (find_dialog ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refund", NULL));
  pd_test_wait_for (dialog_shown, NULL, "the refund dialog");
  pd_test_settle ();

  return find_dialog ();
}

static void
close_dialog (PdRefundDialog *dialog)
{
  gtk_window_close (GTK_WINDOW (dialog));
  pd_test_wait_for (pd_test_toplevel_gone, GSIZE_TO_POINTER (PD_TYPE_REFUND_DIALOG), "the dialog to close");
}

static void
type_amount (PdRefundDialog *dialog,
             const char     *text)
{
  gtk_editable_set_text (GTK_EDITABLE (dialog->amount_row), text);
  pd_test_settle ();
}

static guint
count_provider_refunds (Fixture    *fixture,
                        const char *provider,
                        const char *charge_id,
                        const char *amount)
{
  return pd_test_sandbox_count_ledger (fixture->sandbox, provider, "refund",
                                       "target", charge_id, "amount", amount, NULL);
}

static guint
count_ledger_refunds (Fixture    *fixture,
                      const char *charge_id,
                      const char *amount)
{
  return count_provider_refunds (fixture, "fayapay", charge_id, amount);
}

/* Fixture */

static void
sync_account (Fixture         *fixture,
              const PdAccount *account,
              PdSecretSet     *secret_set)
{
  g_autoptr(PdProvider) provider = NULL;
  g_autoptr(PdSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  AsyncWait wait = { NULL };

  provider = pd_provider_registry_create (account, secret_set, &error);
  g_assert_no_error (error);
  sync = pd_sync_new (fixture->store, provider, account->id);
  pd_sync_run_async (sync, NULL, NULL, on_ready, &wait);
  pd_test_wait_for (async_done, &wait, "the sync");
  g_assert_true (pd_sync_run_finish (sync, wait.result, &error));
  g_assert_no_error (error);
  g_object_unref (wait.result);
}

/* Adds an account of the sandbox's provider, its key in the keyring (or
 * for the session when there is none), and synchronizes it. */
static PdAccount *
add_account (Fixture    *fixture,
             const char *provider,
             const char *label)
{
  g_autoptr(PdAccount) account = pd_account_new ();
  g_autoptr(PdSecretSet) secret_set = pd_secret_set_new ();
  g_autoptr(GError) error = NULL;

  account->provider = g_strdup (provider);
  account->label = g_strdup (label);
  account->base_url = g_strdup (pd_test_sandbox_get_base_url (fixture->sandbox, provider));
  account->mode = PD_ACCOUNT_MODE_TEST;
  g_assert_true (pd_store_add_account (fixture->store, account, &error));
  g_assert_no_error (error);

  pd_secret_set_set (secret_set, "api_key", pd_test_sandbox_get_credential (fixture->sandbox, provider, "api_key"));
  if (!pd_test_store_secret_set (fixture->secrets, account, secret_set))
    g_assert_true (pd_secrets_has_session_secrets (fixture->secrets, account->uuid));
  g_ptr_array_add (fixture->uuids, g_strdup (account->uuid));

  sync_account (fixture, account, secret_set);

  return g_steal_pointer (&account);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(PdAccount) account = NULL;

  pd_test_reset_last_view ();

  fixture->sandbox = pd_test_sandbox_start ("--records", "60", NULL);
  fixture->dir = pd_test_make_tmp_dir ("paydesk-refund-XXXXXX");
  fixture->store = pd_test_open_store (fixture->dir);
  fixture->secrets = pd_secrets_new ();

  fixture->uuids = g_ptr_array_new_with_free_func (g_free);

  account = add_account (fixture, "fayapay", ACCOUNT_LABEL);
  fixture->account_id = account->id;

  fixture->payments = pd_payments_new (fixture->store, fixture->secrets);
  pd_payments_set_poll_interval (fixture->payments, 200);

  fixture->window = pd_test_present_window (fixture->store, NULL, fixture->payments);
  show_view (fixture, "charges");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  pd_test_settle ();
  g_assert_finalize_object (fixture->payments);
  for (guint i = 0; i < fixture->uuids->len; i++)
    pd_secrets_clear_sync (fixture->secrets, g_ptr_array_index (fixture->uuids, i), NULL, NULL);
  g_ptr_array_unref (fixture->uuids);
  g_clear_object (&fixture->secrets);
  g_clear_object (&fixture->store);
  pd_test_sandbox_stop (fixture->sandbox);
  pd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* Selects the first charge of the list that can be refunded in part:
 * one with refunds already, if the list has such a charge. */
static PdTransaction *
select_charge (Fixture *fixture)
{
  PdTransactionView *view = show_view (fixture, "charges");
  GListModel *model = G_LIST_MODEL (pd_transaction_view_get_model (view));
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (pd_transaction_view_get_column_view (view)));
  guint chosen = GTK_INVALID_LIST_POSITION;
  gboolean chosen_refunded = FALSE;

  for (guint i = 0; i < MIN (g_list_model_get_n_items (model), PD_TRANSACTION_MODEL_WINDOW); i++)
    {
      g_autoptr(PdTransactionItem) item = g_list_model_get_item (model, i);
      const PdTransaction *t = pd_transaction_item_get_transaction (item);
      Figures figures;
      gboolean refunded;

      if (t == NULL || !pd_refund_dialog_can_refund (t))
        continue;

      /* Room for a refund of at least GHS 2.00 and one more after it. */
      figures = store_figures (fixture, t);
      if (figures.refundable.units < 800)
        continue;

      refunded = pd_money_sign (&figures.refunded) > 0;
      if (chosen == GTK_INVALID_LIST_POSITION || (refunded && !chosen_refunded))
        {
          chosen = i;
          chosen_refunded = refunded;
        }
    }
  g_assert_cmpuint (chosen, !=, GTK_INVALID_LIST_POSITION);
  g_test_message ("Charge at row %u, already refunded in part: %s", chosen, chosen_refunded ? "yes" : "no");

  gtk_single_selection_set_selected (selection, chosen);
  pd_test_settle ();

  {
    GObject *shown = pd_window_get_selected_item (fixture->window);

    g_assert_true (PD_IS_TRANSACTION_ITEM (shown));
    return pd_transaction_copy (pd_transaction_item_get_transaction (PD_TRANSACTION_ITEM (shown)));
  }
}

/* Selects a charge again, as the list now shows it. */
static PdTransaction *
select_charge_by_id (Fixture *fixture,
                     gint64   id)
{
  PdTransactionView *view = show_view (fixture, "charges");
  GListModel *model = G_LIST_MODEL (pd_transaction_view_get_model (view));
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (pd_transaction_view_get_column_view (view)));
  GObject *shown;

  for (guint i = 0; i < MIN (g_list_model_get_n_items (model), PD_TRANSACTION_MODEL_WINDOW); i++)
    {
      g_autoptr(PdTransactionItem) item = g_list_model_get_item (model, i);
      const PdTransaction *t = pd_transaction_item_get_transaction (item);

      if (t != NULL && t->id == id)
        {
          gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
          gtk_single_selection_set_selected (selection, i);
          break;
        }
    }
  pd_test_settle ();

  shown = pd_window_get_selected_item (fixture->window);
  g_assert_true (PD_IS_TRANSACTION_ITEM (shown));
  g_assert_cmpint (pd_transaction_item_get_transaction (PD_TRANSACTION_ITEM (shown))->id, ==, id);

  return pd_transaction_copy (pd_transaction_item_get_transaction (PD_TRANSACTION_ITEM (shown)));
}

typedef struct
{
  GListModel         *model;
  gint64              id;
  PdTransactionState  state;
} RowWait;

/* The newest rows of a list hold the transaction, in the state; rows of
 * the lazy model are read as they are asked for. */
static gboolean
row_listed (gpointer data)
{
  RowWait *wait = data;

  for (guint i = 0; i < MIN (g_list_model_get_n_items (wait->model), 20); i++)
    {
      g_autoptr(PdTransactionItem) item = g_list_model_get_item (wait->model, i);
      const PdTransaction *t = pd_transaction_item_get_transaction (item);

      if (t != NULL && t->id == wait->id && t->state == wait->state)
        return TRUE;
    }

  return FALSE;
}

static gboolean
entry_settled (gpointer data)
{
  PdRefundDialog *dialog = data;
  PdOutboxEntry *entry = pd_refund_dialog_get_entry (dialog);

  return entry != NULL && entry->state != PD_OUTBOX_STATE_SENT && entry->state != PD_OUTBOX_STATE_QUEUED &&
         g_str_equal (gtk_stack_get_visible_child_name (dialog->stack), "result");
}

static gboolean
texts_contain (GtkWidget  *widget,
               const char *needle)
{
  const char *text = NULL;

  if (GTK_IS_LABEL (widget))
    text = gtk_label_get_text (GTK_LABEL (widget));

  if (text != NULL && strstr (text, needle) != NULL && gtk_widget_get_mapped (widget))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (texts_contain (child, needle))
      return TRUE;

  return FALSE;
}

/* Tests */

static void
test_partial_refund (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(PdTransaction) charge = select_charge (fixture);
  Figures before = store_figures (fixture, charge);
  Figures after;
  g_autoptr(GPtrArray) refunds = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdTransaction) row = NULL;
  g_autofree char *partial_text = NULL;
  g_autofree char *over_text = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *left_text = NULL;
  PdMoney partial;
  PdMoney over;
  PdMoney zero;
  PdMoney left;
  PdRefundDialog *dialog;
  PdOutboxEntry *entry;
  guint n_found = 0;

  g_assert_cmpuint (count_ledger_refunds (fixture, charge->provider_id, NULL), ==, 0);

  /* The figures the store holds, whatever they are. */
  dialog = open_dialog (fixture);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (dialog->stack), ==, "form");
  assert_label_money (dialog->charged_label, &before.charged);
  assert_label_money (dialog->refunded_label, &before.refunded);
  pd_money_init (&zero, 0, before.charged.scale, before.charged.currency);
  assert_label_money (dialog->pending_label, &zero);
  assert_label_money (dialog->refundable_label, &before.refundable);
  g_assert_true (texts_contain (GTK_WIDGET (dialog), charge->customer_name));

  /* A quarter of what is left, in whole cedis. */
  pd_money_init (&partial, MAX (200, before.refundable.units / 4 / 100 * 100), before.refundable.scale,
                 before.refundable.currency);
  partial_text = pd_money_to_plain (&partial);
  gtk_switch_set_active (dialog->full_switch, FALSE);
  pd_test_settle ();

  /* More than is left is refused under the entry, and cannot be sent. */
  pd_money_init (&over, before.refundable.units + 1, before.refundable.scale, before.refundable.currency);
  over_text = pd_money_to_plain (&over);
  type_amount (dialog, over_text);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog->amount_message)));
  g_assert_nonnull (strstr (gtk_label_get_text (dialog->amount_message), gtk_label_get_text (dialog->refundable_label)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (dialog->next_button)));

  /* More decimals than the cedi has are refused too, never rounded. */
  plain = g_strdup_printf ("%s5", partial_text);
  type_amount (dialog, plain);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog->amount_message)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (dialog->next_button)));

  type_amount (dialog, partial_text);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog->amount_message)));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (dialog->next_button)));
  gtk_editable_set_text (GTK_EDITABLE (dialog->reason_row), "Two pieces arrived torn");
  pd_test_save_screenshot (GTK_WIDGET (dialog), "refund-dialog");

  /* The confirmation: the amount, the customer by name, the account and
   * its provider, the currency. */
  g_signal_emit_by_name (dialog->next_button, "clicked");
  pd_test_settle ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (dialog->stack), ==, "confirm");
  {
    const char *text = adw_status_page_get_description (dialog->confirm_page);
    g_autofree char *amount = pd_money_format (&partial);

    g_test_message ("Confirmation: %s", text);
    g_assert_nonnull (strstr (text, amount));
    g_assert_nonnull (strstr (text, charge->customer_name));
    g_assert_nonnull (strstr (text, ACCOUNT_LABEL " (FayaPay)"));
    g_assert_nonnull (strstr (text, "GHS"));
    g_assert_nonnull (strstr (text, "Two pieces arrived torn"));
    g_assert_null (strstr (text, charge->provider_id));
  }
  pd_test_save_screenshot (GTK_WIDGET (dialog), "refund-dialog-confirm");

  /* Pressed twice: the second press finds the button insensitive, and a
   * second send of the dialog would be the same refund. */
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (dialog->next_button)));
  g_signal_emit_by_name (dialog->next_button, "clicked");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (dialog->next_button)));
  g_signal_emit_by_name (dialog->next_button, "clicked");

  pd_test_wait_for (entry_settled, dialog, "the refund's answer");
  entry = pd_refund_dialog_get_entry (dialog);
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_true (pd_money_equal (&entry->amount, &partial));
  g_assert_cmpstr (entry->target_provider_id, ==, charge->provider_id);
  row = pd_store_get_transaction (fixture->store, entry->transaction_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (row->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (row->provider_id, ==, entry->result_provider_id);
  pd_test_settle ();
  pd_test_save_screenshot (GTK_WIDGET (dialog), "refund-dialog-confirmed");

  /* One refund of that amount, in the sandbox's ledger and in the store. */
  g_assert_cmpuint (count_ledger_refunds (fixture, charge->provider_id, NULL), ==, 1);
  g_assert_cmpuint (count_ledger_refunds (fixture, charge->provider_id, partial_text), ==, 1);
  after = store_figures (fixture, charge);
  g_assert_cmpuint (after.n_refunds, ==, before.n_refunds + 1);
  g_assert_true (pd_store_list_refunds (fixture->store, charge->account_id, charge->provider_id, &refunds, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < refunds->len; i++)
    {
      const PdTransaction *refund = g_ptr_array_index (refunds, i);

      if (g_strcmp0 (refund->provider_id, entry->result_provider_id) == 0)
        {
          g_assert_true (pd_money_equal (&refund->amount, &partial));
          n_found++;
        }
    }
  g_assert_cmpuint (n_found, ==, 1);

  /* The Refunds list shows it, confirmed. */
  {
    RowWait wait = { NULL, entry->transaction_id, PD_TRANSACTION_STATE_SUCCEEDED };

    g_signal_emit_by_name (dialog->next_button, "clicked");
    pd_test_wait_for (pd_test_toplevel_gone, GSIZE_TO_POINTER (PD_TYPE_REFUND_DIALOG), "the dialog to close");
    wait.model = G_LIST_MODEL (pd_transaction_view_get_model (show_view (fixture, "refunds")));
    pd_test_wait_for (row_listed, &wait, "the refund in the Refunds list");
    pd_test_save_screenshot (GTK_WIDGET (fixture->window), "refunds-after-refund");
  }

  /* A second dialog on the same charge: what is left went down by the
   * refund, and the old "what is left" is now too much. */
  {
    g_autoptr(PdTransaction) again = select_charge_by_id (fixture, charge->id);

    /* The list read the charge again: FayaPay raised its refunded amount. */
    g_assert_cmpint (again->state, ==, PD_TRANSACTION_STATE_PARTIALLY_REFUNDED);
  }
  dialog = open_dialog (fixture);
  g_assert_true (pd_money_subtract (&before.refundable, &partial, &left, NULL));
  assert_label_money (dialog->refundable_label, &left);
  assert_label_money (dialog->refundable_label, &after.refundable);
  assert_label_money (dialog->refunded_label, &after.refunded);
  left_text = pd_money_to_plain (&before.refundable);
  gtk_switch_set_active (dialog->full_switch, FALSE);
  type_amount (dialog, left_text);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog->amount_message)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (dialog->next_button)));
  pd_test_save_screenshot (GTK_WIDGET (dialog), "refund-dialog-over-cap");
  close_dialog (dialog);

  g_assert_cmpuint (count_ledger_refunds (fixture, charge->provider_id, NULL), ==, 1);
}

static gboolean
entry_confirmed (gpointer data)
{
  PdOutboxEntry *entry = pd_refund_dialog_get_entry (data);

  return entry != NULL && entry->state == PD_OUTBOX_STATE_CONFIRMED;
}

/* The answer to the refund is lost: the dialog and the row say the
 * provider is being checked with, nothing offers to send it again, and
 * once FayaPay answers again the refund is confirmed, made once. */
static void
test_unknown_outcome (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PdTransaction) charge = select_charge (fixture);
  Figures before = store_figures (fixture, charge);
  g_autofree char *amount_text = NULL;
  PdRefundDialog *dialog;
  PdOutboxEntry *entry;
  PdMoney amount;
  gint64 transaction_id;

  pd_money_init (&amount, 200, before.refundable.scale, before.refundable.currency);
  amount_text = pd_money_to_plain (&amount);

  dialog = open_dialog (fixture);
  gtk_switch_set_active (dialog->full_switch, FALSE);
  type_amount (dialog, amount_text);
  g_signal_emit_by_name (dialog->next_button, "clicked");
  pd_test_settle ();

  /* Every attempt is applied by FayaPay, and its answer lost. */
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"fayapay\",\"method\":\"POST\",\"path\":\"/v1/Charges/*/Refunds\","
                             "\"action\":\"drop_after_apply\",\"count\":100}");
  g_signal_emit_by_name (dialog->next_button, "clicked");
  pd_test_wait_for (entry_settled, dialog, "the refund's lost answer");
  entry = pd_refund_dialog_get_entry (dialog);
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_UNKNOWN);
  transaction_id = entry->transaction_id;
  g_assert_cmpstr (adw_status_page_get_title (dialog->result_page), ==, "Checking with the Provider");
  /* Only "Done": no way to send it again. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog->back_button)));
  g_assert_cmpstr (gtk_button_get_label (dialog->next_button), ==, "_Done");
  pd_test_settle ();
  pd_test_save_screenshot (GTK_WIDGET (dialog), "refund-dialog-checking");
  g_assert_cmpuint (count_ledger_refunds (fixture, charge->provider_id, amount_text), ==, 1);

  /* Its row says so too, in words, while FayaPay still loses answers. */
  {
    RowWait wait = { NULL, transaction_id, PD_TRANSACTION_STATE_INDETERMINATE };
    PdTransactionView *view = show_view (fixture, "refunds");

    wait.model = G_LIST_MODEL (pd_transaction_view_get_model (view));
    pd_test_wait_for (row_listed, &wait, "the unknown refund in the Refunds list");
    pd_test_settle ();
    g_assert_true (texts_contain (GTK_WIDGET (pd_transaction_view_get_column_view (view)),
                                  "Checking with the provider"));
    pd_test_save_screenshot (GTK_WIDGET (fixture->window), "refunds-checking");
  }

  /* FayaPay answers again: PdPayments reconciles in the background. */
  pd_test_sandbox_clear_faults (fixture->sandbox);
  pd_test_wait_for (entry_confirmed, dialog, "the refund to be reconciled");
  g_assert_cmpstr (adw_status_page_get_title (dialog->result_page), ==, "Refund Confirmed");
  g_assert_cmpuint (count_ledger_refunds (fixture, charge->provider_id, NULL), ==, 1);
  g_assert_cmpuint (store_figures (fixture, charge).n_refunds, ==, before.n_refunds + 1);

  g_signal_emit_by_name (dialog->next_button, "clicked");
  pd_test_wait_for (pd_test_toplevel_gone, GSIZE_TO_POINTER (PD_TYPE_REFUND_DIALOG), "the dialog to close");
  {
    RowWait wait = { NULL, transaction_id, PD_TRANSACTION_STATE_SUCCEEDED };

    wait.model = G_LIST_MODEL (pd_transaction_view_get_model (show_view (fixture, "refunds")));
    pd_test_wait_for (row_listed, &wait, "the reconciled refund in the Refunds list");
  }
}

typedef struct
{
  GListModel *model;
  gint64      account_id;
  guint       position;
} PaymentWait;

/* Rows of the lazy model are read as they are asked for. */
static gboolean
refundable_payment_listed (gpointer data)
{
  PaymentWait *wait = data;

  for (guint i = 0; i < g_list_model_get_n_items (wait->model); i++)
    {
      g_autoptr(PdTransactionItem) item = g_list_model_get_item (wait->model, i);
      const PdTransaction *t = pd_transaction_item_get_transaction (item);

      if (t != NULL && t->account_id == wait->account_id && pd_refund_dialog_can_refund (t))
        {
          wait->position = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* EoneoPay refunds a payment whole: the dialog offers no part, and the
 * refund moves what was paid, once. */
/* EoneoPay keeps no list of payments: takes one through the outbox, and
 * selects it in Charges. */
static PdTransaction *
select_new_eoneopay_payment (Fixture         *fixture,
                             const PdAccount *eoneopay)
{
  PdTransactionView *view;
  GListModel *model;
  GtkSingleSelection *selection;
  PdTransaction *payment;

  {
    g_autoptr(PdOperation) operation = pd_operation_new (PD_OPERATION_CHARGE, eoneopay->id);
    g_autofree char *customer_id = NULL;
    g_autofree char *token = pd_test_sandbox_dup_eoneopay_card (fixture->sandbox, &customer_id);
    g_autoptr(PdOutboxEntry) paid = NULL;
    g_autoptr(GError) error = NULL;
    AsyncWait wait = { NULL };

    pd_money_init (&operation->amount, 4250, 2, "AUD");
    pd_operation_set_field (operation, "token", token);
    operation->target_provider_id = g_strdup (customer_id);
    operation->description = g_strdup ("Two concert tickets");
    pd_payments_submit_async (fixture->payments, operation, NULL, on_ready, &wait);
    pd_test_wait_for (async_done, &wait, "the payment");
    paid = pd_payments_submit_finish (fixture->payments, wait.result, &error);
    g_object_unref (wait.result);
    g_assert_no_error (error);
    g_assert_cmpint (paid->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  }

  pd_window_reload (fixture->window);
  view = show_view (fixture, "charges");
  model = G_LIST_MODEL (pd_transaction_view_get_model (view));
  selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (pd_transaction_view_get_column_view (view)));
  {
    PaymentWait wait = { model, eoneopay->id, GTK_INVALID_LIST_POSITION };

    pd_test_wait_for (refundable_payment_listed, &wait, "an EoneoPay payment in Charges");
    gtk_single_selection_set_selected (selection, wait.position);
    payment = pd_transaction_copy (pd_transaction_item_get_transaction (
      PD_TRANSACTION_ITEM (pd_window_get_selected_item (fixture->window))));
  }
  g_assert_cmpint (payment->account_id, ==, eoneopay->id);
  pd_test_settle ();

  return payment;
}

static void
test_full_only (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PdAccount) eoneopay = add_account (fixture, "eoneopay", "Sydney Online Shop");
  g_autoptr(PdTransaction) payment = NULL;
  g_autofree char *plain = NULL;
  PdRefundDialog *dialog;
  PdOutboxEntry *entry;
  Figures before;
  guint n_refunds;

  payment = select_new_eoneopay_payment (fixture, eoneopay);
  g_assert_cmpint (pd_payments_get_refunds (payment->provider), ==, PD_REFUNDS_FULL);
  pd_test_settle ();
  before = store_figures (fixture, payment);
  n_refunds = count_provider_refunds (fixture, "eoneopay", NULL, NULL);

  dialog = open_dialog (fixture);
  g_assert_true (gtk_switch_get_active (dialog->full_switch));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (dialog->full_switch)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (dialog->amount_row)));
  assert_label_money (dialog->charged_label, &before.charged);
  assert_label_money (dialog->refundable_label, &before.charged);
  plain = pd_money_to_plain (&before.charged);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog->amount_row)), ==, plain);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (dialog->next_button)));
  pd_test_save_screenshot (GTK_WIDGET (dialog), "refund-dialog-full-only");

  g_signal_emit_by_name (dialog->next_button, "clicked");
  pd_test_settle ();
  {
    const char *text = adw_status_page_get_description (dialog->confirm_page);
    g_autoptr(PdCustomer) customer = NULL;

    g_test_message ("Confirmation: %s", text);

    /* The payer by name, from the customers synchronized. */
    g_assert_nonnull (payment->customer_provider_id);
    customer = pd_store_get_customer (fixture->store, eoneopay->id, payment->customer_provider_id, NULL);
    g_assert_nonnull (customer);
    g_assert_nonnull (strstr (text, customer->name));
    g_assert_null (strstr (text, payment->customer_provider_id));
    g_assert_nonnull (strstr (text, "Sydney Online Shop (EoneoPay)"));
    g_assert_nonnull (strstr (text, "AUD"));
  }
  g_signal_emit_by_name (dialog->next_button, "clicked");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (dialog->next_button)));
  pd_test_wait_for (entry_settled, dialog, "EoneoPay's answer");
  entry = pd_refund_dialog_get_entry (dialog);
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_true (pd_money_equal (&entry->amount, &before.charged));
  close_dialog (dialog);

  /* One refund, of the whole payment. */
  g_assert_cmpuint (count_provider_refunds (fixture, "eoneopay", NULL, NULL), ==, n_refunds + 1);
  g_assert_cmpuint (count_provider_refunds (fixture, "eoneopay", payment->provider_id, plain), ==, 1);
  g_assert_cmpuint (store_figures (fixture, payment).n_refunds, ==, before.n_refunds + 1);
  g_assert_cmpuint (count_ledger_refunds (fixture, payment->provider_id, NULL), ==, 0);
}

static gboolean
entry_stored_confirmed (gpointer data)
{
  Fixture *fixture = ((gpointer *)data)[0];
  gint64 id = *(gint64 *)((gpointer *)data)[1];
  g_autoptr(PdOutboxEntry) entry = pd_store_outbox_get (fixture->store, id, NULL);

  return entry != NULL && entry->state == PD_OUTBOX_STATE_CONFIRMED;
}

/* EoneoPay's answer to a refund is lost, and EoneoPay can neither replay
 * nor look it up: the refund waits for a person, who checks with EoneoPay
 * and says it went through. Nothing is sent again. */
static void
test_settle_by_hand (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(PdAccount) eoneopay = add_account (fixture, "eoneopay", "Sydney Online Shop");
  g_autoptr(PdTransaction) payment = select_new_eoneopay_payment (fixture, eoneopay);
  PdRefundDialog *dialog;
  AdwMessageDialog *settle_dialog;
  GtkWidget *note;
  PdOutboxEntry *entry;
  gint64 entry_id;
  gint64 transaction_id;
  guint n_refunds = count_provider_refunds (fixture, "eoneopay", NULL, NULL);

  dialog = open_dialog (fixture);
  g_signal_emit_by_name (dialog->next_button, "clicked");
  pd_test_settle ();
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"eoneopay\",\"method\":\"DELETE\",\"path\":\"/payments/*\","
                             "\"action\":\"drop_after_apply\",\"count\":10}");
  g_signal_emit_by_name (dialog->next_button, "clicked");
  pd_test_wait_for (entry_settled, dialog, "EoneoPay's lost answer");
  entry = pd_refund_dialog_get_entry (dialog);
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_UNKNOWN);
  entry_id = entry->id;
  transaction_id = entry->transaction_id;
  g_assert_nonnull (strstr (adw_status_page_get_description (dialog->result_page), "no way to look it up"));
  g_assert_cmpuint (count_provider_refunds (fixture, "eoneopay", NULL, NULL), ==, n_refunds + 1);
  g_signal_emit_by_name (dialog->next_button, "clicked");
  pd_test_wait_for (pd_test_toplevel_gone, GSIZE_TO_POINTER (PD_TYPE_REFUND_DIALOG), "the dialog to close");
  pd_test_sandbox_clear_faults (fixture->sandbox);

  /* The row waits for a person: select it and settle it. */
  {
    RowWait wait = { NULL, transaction_id, PD_TRANSACTION_STATE_INDETERMINATE };
    PdTransactionView *view = show_view (fixture, "refunds");
    GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (pd_transaction_view_get_column_view (view)));

    wait.model = G_LIST_MODEL (pd_transaction_view_get_model (view));
    pd_test_wait_for (row_listed, &wait, "the unknown refund in Refunds");
    for (guint i = 0; i < g_list_model_get_n_items (wait.model); i++)
      {
        g_autoptr(PdTransactionItem) item = g_list_model_get_item (wait.model, i);
        const PdTransaction *t = pd_transaction_item_get_transaction (item);

        if (t != NULL && t->id == transaction_id)
          {
            gtk_single_selection_set_selected (selection, i);
            break;
          }
      }
    pd_test_settle ();
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.settle-payment", NULL));
  pd_test_wait_for (pd_test_toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the settle dialog");
  settle_dialog = ADW_MESSAGE_DIALOG (pd_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  pd_test_settle ();
  pd_test_save_screenshot (GTK_WIDGET (settle_dialog), "settle-dialog");

  /* No note, no answer. */
  g_assert_false (adw_message_dialog_get_response_enabled (settle_dialog, "confirmed"));
  note = adw_message_dialog_get_extra_child (settle_dialog);
  gtk_editable_set_text (GTK_EDITABLE (note), "EoneoPay support: refund 273099 was made");
  g_assert_true (adw_message_dialog_get_response_enabled (settle_dialog, "confirmed"));
  /* What its button does: the response, then the dialog closes. */
  adw_message_dialog_response (settle_dialog, "confirmed");
  gtk_window_close (GTK_WINDOW (settle_dialog));
  {
    gpointer wait[] = { fixture, &entry_id };

    pd_test_wait_for (entry_stored_confirmed, wait, "the refund to be settled");
  }
  {
    RowWait wait = { NULL, transaction_id, PD_TRANSACTION_STATE_SUCCEEDED };

    wait.model = G_LIST_MODEL (pd_transaction_view_get_model (show_view (fixture, "refunds")));
    pd_test_wait_for (row_listed, &wait, "the settled refund in Refunds");
  }
  g_assert_cmpuint (count_provider_refunds (fixture, "eoneopay", NULL, NULL), ==, n_refunds + 1);
}

int
main (int   argc,
      char *argv[])
{
  pd_test_init_ui (&argc, &argv);

  g_test_add ("/refund-dialog/partial", Fixture, NULL, fixture_setup, test_partial_refund, fixture_teardown);
  g_test_add ("/refund-dialog/unknown-outcome", Fixture, NULL, fixture_setup, test_unknown_outcome, fixture_teardown);
  g_test_add ("/refund-dialog/full-only", Fixture, NULL, fixture_setup, test_full_only, fixture_teardown);
  g_test_add ("/refund-dialog/settle-by-hand", Fixture, NULL, fixture_setup, test_settle_by_hand, fixture_teardown);

  return g_test_run ();
}

/* pd-payment-flow.c - what the dialogs that move money share: accounts, one submit, the outcome
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * A refund, a payment and a sale follow the same path once the person
 * confirms: the idempotency key is made once, with the flow; the confirm
 * button is made insensitive and the flow marked submitted before anything
 * is sent, so a second press sends nothing; the submit is never cancelled,
 * since cutting it short would leave its outcome unknown; and what the
 * outbox stores, then every state PdPayments' entry-changed brings, is put
 * on the dialog's outcome page in the dialog's own words. A refusal is a
 * toast in the provider's words too.
 *
 * The dialog runs the flow's dispose in its own: a submit that answers
 * after the dialog closed then touches nothing, and the window hears of the
 * outcome from PdPayments.
 */

#include "pd-payment-flow.h"
#include "pd-receipt-dialog.h"

/* How often a transaction the provider has not settled yet is read again
 * from the store, where PdPayments writes what the provider says. */
#define LOOK_AGAIN_SECONDS 2

struct _PdPaymentFlow
{
  GObject                    parent_instance;

  PdWindow                  *window;
  PdPayments                *payments;
  AdwStatusPage             *result_page;
  char                      *error_title;
  PdPaymentFlowDescribeFunc  describe;
  gpointer                   describe_data;

  GPtrArray                 *accounts;
  /* Made once: every submit of this flow is the same operation. */
  char                      *idempotency_key;
  PdOutboxEntry             *entry;
  gboolean                   submitted;
  gboolean                   receipt_shown;
  guint                      look_again_source;
};

enum {
  OUTCOME,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PdPaymentFlow, pd_payment_flow, G_TYPE_OBJECT)

static void
show_result (PdPaymentFlow *self,
             const char    *icon_name,
             const char    *title,
             const char    *description)
{
  adw_status_page_set_icon_name (self->result_page, icon_name);
  adw_status_page_set_title (self->result_page, title);
  adw_status_page_set_description (self->result_page, description);
  g_signal_emit (self, signals[OUTCOME], 0);
}

static gboolean look_again_cb (gpointer user_data);

static PdPaymentFlowFlags
show_entry (PdPaymentFlow *self)
{
  g_autoptr(PdTransaction) transaction = pd_payment_flow_dup_transaction (self);
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  const char *icon_name = NULL;
  PdPaymentFlowFlags flags;

  g_clear_handle_id (&self->look_again_source, g_source_remove);

  flags = self->describe (self->entry, transaction, &icon_name, &title, &description, self->describe_data);
  if (flags & PD_PAYMENT_FLOW_LOOK_AGAIN)
    self->look_again_source = g_timeout_add_seconds (LOOK_AGAIN_SECONDS, look_again_cb, self);
  show_result (self, icon_name, title, description);

  /* The customer waits for the receipt: it opens by itself, once, over a
   * list that shows the sale. */
  if ((flags & PD_PAYMENT_FLOW_RECEIPT) && !self->receipt_shown && self->window != NULL)
    {
      self->receipt_shown = TRUE;
      pd_window_reload (self->window);
      pd_payment_flow_open_receipt (self);
    }

  return flags;
}

static gboolean
look_again_cb (gpointer user_data)
{
  PdPaymentFlow *self = user_data;

  self->look_again_source = 0;
  show_entry (self);

  return G_SOURCE_REMOVE;
}

static void
entry_changed_cb (PdPaymentFlow *self,
                  PdOutboxEntry *entry)
{
  if (self->entry == NULL || entry == NULL || entry->id != self->entry->id)
    return;

  g_clear_pointer (&self->entry, pd_outbox_entry_free);
  self->entry = pd_outbox_entry_copy (entry);
  show_entry (self);
}

static void
submitted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PdPaymentFlow) self = user_data;
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  PdPaymentFlowFlags flags;

  entry = pd_payments_submit_finish (PD_PAYMENTS (object), result, &error);

  /* Closed meanwhile: the window follows the operation by itself. */
  if (self->window == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The row was written before anything was sent; the list shows it. */
  pd_window_reload (self->window);

  if (entry == NULL)
    {
      pd_window_show_error (self->window, error);
      show_result (self, "dialog-error-symbolic", self->error_title, error->message);
      return;
    }

  g_clear_pointer (&self->entry, pd_outbox_entry_free);
  self->entry = g_steal_pointer (&entry);
  flags = show_entry (self);

  /* The provider's own words, as every refusal is shown. */
  if (self->entry->state == PD_OUTBOX_STATE_FAILED && self->entry->error_message != NULL &&
      !(flags & PD_PAYMENT_FLOW_NO_TOAST))
    pd_window_add_toast (self->window, self->entry->error_message);
}

/* Accounts */

static void
accounts_listed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdPaymentFlow *self = g_task_get_source_object (task);
  guint operations = GPOINTER_TO_UINT (g_task_get_task_data (task));
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  GtkStringList *titles;

  all = pd_payment_accounts_list_finish (PD_PAYMENTS (object), result, &error);
  if (all == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  titles = gtk_string_list_new (NULL);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  self->accounts = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_payment_account_free);
  for (guint i = 0; i < all->len; i++)
    {
      PdPaymentAccount *account = g_ptr_array_index (all, i);

      if (account->operations & operations)
        {
          g_autofree char *title = pd_payment_account_dup_title (account);

          gtk_string_list_append (titles, title);
          g_ptr_array_add (self->accounts, g_steal_pointer (&g_ptr_array_index (all, i)));
        }
    }

  g_task_return_pointer (task, titles, g_object_unref);
}

/**
 * pd_payment_flow_list_accounts_async:
 * @self: a flow
 * @operations: the #PdOperationKind the dialog offers, as PD_OPERATION_BIT() bits
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the accounts
 * @user_data: data for @callback
 *
 * Reads the accounts that can perform any of @operations
 * (pd_payment_accounts_list_async()); pd_payment_flow_get_account() then
 * returns them by their position in the list of titles.
 */
void
pd_payment_flow_list_accounts_async (PdPaymentFlow       *self,
                                     guint                operations,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_PAYMENT_FLOW (self));
  g_return_if_fail (self->payments != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_payment_flow_list_accounts_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (operations), NULL);
  pd_payment_accounts_list_async (self->payments, cancellable, accounts_listed_cb, g_steal_pointer (&task));
}

/**
 * pd_payment_flow_list_accounts_finish:
 * @self: a flow
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full): the accounts' titles, a #GtkStringList for a
 *   combo row, possibly empty; or %NULL with @error set
 */
GListModel *
pd_payment_flow_list_accounts_finish (PdPaymentFlow  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (PD_IS_PAYMENT_FLOW (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_payment_flow_list_accounts_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pd_payment_flow_fill_accounts:
 * @self: a flow
 * @result: the result pd_payment_flow_list_accounts_async() gave
 * @row: the dialog's account row
 * @error: return location for an error
 *
 * Finishes listing the accounts into @row, the first one selected. A
 * failure other than a cancellation is also shown by the window.
 *
 * Returns: %TRUE when @row holds an account; %FALSE with @error set when
 *   the accounts could not be listed, %FALSE alone when none can do the
 *   dialog's operations
 */
gboolean
pd_payment_flow_fill_accounts (PdPaymentFlow  *self,
                               GAsyncResult   *result,
                               AdwComboRow    *row,
                               GError        **error)
{
  g_autoptr(GListModel) titles = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PD_IS_PAYMENT_FLOW (self), FALSE);
  g_return_val_if_fail (ADW_IS_COMBO_ROW (row), FALSE);

  titles = pd_payment_flow_list_accounts_finish (self, result, &local_error);
  if (titles == NULL)
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->window != NULL)
        pd_window_show_error (self->window, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (g_list_model_get_n_items (titles) == 0)
    return FALSE;

  adw_combo_row_set_model (row, titles);
  adw_combo_row_set_selected (row, 0);

  return TRUE;
}

/**
 * pd_payment_flow_get_account:
 * @self: a flow
 * @position: a position in the list of titles
 *
 * Returns: (transfer none) (nullable): the account at @position, or %NULL
 *   if there is none
 */
const PdPaymentAccount *
pd_payment_flow_get_account (PdPaymentFlow *self,
                             guint          position)
{
  g_return_val_if_fail (PD_IS_PAYMENT_FLOW (self), NULL);

  if (self->accounts == NULL || position == GTK_INVALID_LIST_POSITION || position >= self->accounts->len)
    return NULL;

  return g_ptr_array_index (self->accounts, position);
}

/* GObject */

static void
pd_payment_flow_dispose (GObject *object)
{
  PdPaymentFlow *self = (PdPaymentFlow *)object;

  g_clear_handle_id (&self->look_again_source, g_source_remove);
  if (self->payments != NULL)
    g_signal_handlers_disconnect_by_data (self->payments, self);

  g_clear_object (&self->result_page);
  g_clear_object (&self->payments);
  g_clear_object (&self->window);

  G_OBJECT_CLASS (pd_payment_flow_parent_class)->dispose (object);
}

static void
pd_payment_flow_finalize (GObject *object)
{
  PdPaymentFlow *self = (PdPaymentFlow *)object;

  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_pointer (&self->entry, pd_outbox_entry_free);
  g_free (self->error_title);
  g_free (self->idempotency_key);

  G_OBJECT_CLASS (pd_payment_flow_parent_class)->finalize (object);
}

static void
pd_payment_flow_class_init (PdPaymentFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_payment_flow_dispose;
  object_class->finalize = pd_payment_flow_finalize;

  /**
   * PdPaymentFlow::outcome:
   * @self: a flow
   *
   * The outcome page was filled in again: the dialog shows it.
   */
  signals[OUTCOME] =
    g_signal_new ("outcome",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
pd_payment_flow_init (PdPaymentFlow *self)
{
  self->idempotency_key = g_uuid_string_random ();
}

/**
 * pd_payment_flow_new:
 * @window: the window the dialog belongs to
 * @payments: what sends the money
 * @result_page: the dialog's outcome page
 * @error_title: the outcome's title when nothing could be sent
 * @describe: says what became of the operation, in the dialog's words
 * @user_data: data for @describe
 *
 * Returns: (transfer full): a flow; the dialog runs its dispose in its own
 */
PdPaymentFlow *
pd_payment_flow_new (PdWindow                  *window,
                     PdPayments                *payments,
                     AdwStatusPage             *result_page,
                     const char                *error_title,
                     PdPaymentFlowDescribeFunc  describe,
                     gpointer                   user_data)
{
  PdPaymentFlow *self;

  g_return_val_if_fail (PD_IS_WINDOW (window), NULL);
  g_return_val_if_fail (PD_IS_PAYMENTS (payments), NULL);
  g_return_val_if_fail (ADW_IS_STATUS_PAGE (result_page), NULL);
  g_return_val_if_fail (describe != NULL, NULL);

  self = g_object_new (PD_TYPE_PAYMENT_FLOW, NULL);
  self->window = g_object_ref (window);
  self->payments = g_object_ref (payments);
  self->result_page = g_object_ref (result_page);
  self->error_title = g_strdup (error_title);
  self->describe = describe;
  self->describe_data = user_data;

  g_signal_connect_object (payments, "entry-changed", G_CALLBACK (entry_changed_cb), self, G_CONNECT_SWAPPED);

  return self;
}

/**
 * pd_payment_flow_get_idempotency_key:
 * @self: a flow
 *
 * Returns: the key every submit of this flow carries
 */
const char *
pd_payment_flow_get_idempotency_key (PdPaymentFlow *self)
{
  g_return_val_if_fail (PD_IS_PAYMENT_FLOW (self), NULL);

  return self->idempotency_key;
}

/**
 * pd_payment_flow_get_submitted:
 * @self: a flow
 *
 * Returns: whether the operation was sent; it is never sent again
 */
gboolean
pd_payment_flow_get_submitted (PdPaymentFlow *self)
{
  g_return_val_if_fail (PD_IS_PAYMENT_FLOW (self), FALSE);

  return self->submitted;
}

/**
 * pd_payment_flow_get_entry:
 * @self: a flow
 *
 * Returns: (transfer none) (nullable): the outbox entry of the operation,
 *   as last stored, once it was sent
 */
PdOutboxEntry *
pd_payment_flow_get_entry (PdPaymentFlow *self)
{
  g_return_val_if_fail (PD_IS_PAYMENT_FLOW (self), NULL);

  return self->entry;
}

/**
 * pd_payment_flow_dup_transaction:
 * @self: a flow
 *
 * Returns: (transfer full) (nullable): the entry's transaction, as the
 *   store has it now
 */
PdTransaction *
pd_payment_flow_dup_transaction (PdPaymentFlow *self)
{
  g_return_val_if_fail (PD_IS_PAYMENT_FLOW (self), NULL);

  if (self->entry == NULL || self->entry->transaction_id == 0 || self->payments == NULL)
    return NULL;

  return pd_store_get_transaction (pd_payments_get_store (self->payments), self->entry->transaction_id, NULL);
}

/**
 * pd_payment_flow_submit:
 * @self: a flow
 * @operation: (nullable): the operation, with the flow's idempotency key
 * @confirm_button: the button that confirmed it
 *
 * Sends @operation once: @confirm_button is made insensitive before
 * anything else, and a flow that was submitted sends nothing again.
 *
 * Returns: %TRUE if @operation is on its way
 */
gboolean
pd_payment_flow_submit (PdPaymentFlow     *self,
                        const PdOperation *operation,
                        GtkWidget         *confirm_button)
{
  g_return_val_if_fail (PD_IS_PAYMENT_FLOW (self), FALSE);
  g_return_val_if_fail (GTK_IS_WIDGET (confirm_button), FALSE);

  if (self->submitted || operation == NULL || self->payments == NULL)
    return FALSE;

  /* Before anything else: a second press finds this set. */
  self->submitted = TRUE;
  gtk_widget_set_sensitive (confirm_button, FALSE);

  /* Not the dialog's cancellable: closing the dialog must not cut the
   * operation short, which would leave its outcome unknown. */
  pd_payments_submit_async (self->payments, operation, NULL, submitted_cb, g_object_ref (self));

  return TRUE;
}

/**
 * pd_payment_flow_open_receipt:
 * @self: a flow
 *
 * Opens the receipt of the flow's sale, as the store has it now. Once the
 * describe function returned %PD_PAYMENT_FLOW_RECEIPT this happens by
 * itself; a dialog's "Receipt" button opens it again.
 */
void
pd_payment_flow_open_receipt (PdPaymentFlow *self)
{
  g_autoptr(PdTransaction) transaction = NULL;
  g_autoptr(GError) error = NULL;
  PdReceiptDialog *dialog;

  g_return_if_fail (PD_IS_PAYMENT_FLOW (self));

  transaction = pd_payment_flow_dup_transaction (self);
  if (transaction == NULL || self->window == NULL)
    return;

  dialog = pd_receipt_dialog_new_for_transaction (GTK_WINDOW (self->window),
                                                  pd_payments_get_store (self->payments),
                                                  transaction, &error);
  if (dialog == NULL)
    {
      pd_window_show_error (self->window, error);
      return;
    }

  gtk_window_present (GTK_WINDOW (dialog));
}

/* pd-payment-accounts.c - the accounts that can move money, and the checks made before a sale
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * No GTK here. Which account can do what is asked of the very client the
 * outbox sends through (PdPayments makes it once per account, from the
 * keyring), so a dialog never offers an operation the provider lacks. A
 * meter or postpaid account check and a phone bill inquiry move no money:
 * they go to the same client, never from a view. So do an EnayaPay
 * account's cards, added, removed or asked their balance, and what the
 * client answers is written to the store as a synchronization would.
 */

#include <string.h>

#include <glib/gi18n.h>

#include "pd-payment-accounts.h"

void
pd_payment_account_free (PdPaymentAccount *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->account, pd_account_free);
  g_clear_object (&self->provider);
  g_free (self);
}

/**
 * pd_payment_account_get_currency:
 * @self: an account
 *
 * Returns: the ISO code of the currency the account's provider moves
 */
const char *
pd_payment_account_get_currency (const PdPaymentAccount *self)
{
  const char *currency;

  g_return_val_if_fail (self != NULL, NULL);

  currency = pd_provider_get_currency (self->account->provider);

  return currency != NULL ? currency : "";
}

/**
 * pd_payment_account_dup_title:
 * @self: an account
 *
 * Returns: (transfer full): the account's label and its provider's name,
 *   "Accra Market Stall (FayaPay)"
 */
char *
pd_payment_account_dup_title (const PdPaymentAccount *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  /* Translators: an account in a chooser: its label, then its provider */
  return g_strdup_printf (_("%s (%s)"), self->account->label,
                          pd_provider_get_display_name (self->account->provider));
}

/**
 * pd_payment_account_dup_throttle_end:
 * @self: an account
 * @meter: a meter number
 *
 * Returns: (transfer full) (nullable): when @meter takes a sale again, if
 *   this account's client sold on it less than five minutes ago
 */
GDateTime *
pd_payment_account_dup_throttle_end (const PdPaymentAccount *self,
                                     const char             *meter)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (!PD_IS_PAWACARD_CLIENT (self->provider) || meter == NULL)
    return NULL;

  return pd_pawacard_client_dup_throttle_end (PD_PAWACARD_CLIENT (self->provider), meter);
}

/* Listing */

typedef struct
{
  GPtrArray *accounts;
  GPtrArray *found;
  guint      n_waiting;
} ListData;

static void
list_data_free (ListData *data)
{
  g_clear_pointer (&data->accounts, g_ptr_array_unref);
  g_clear_pointer (&data->found, g_ptr_array_unref);
  g_free (data);
}

typedef struct
{
  GTask *task;
  guint  index;
} ListCall;

static void
list_finish_if_done (GTask *task)
{
  ListData *data = g_task_get_task_data (task);
  GPtrArray *result;

  if (data->n_waiting > 0)
    return;

  /* In the store's order, without the accounts that could not be made. */
  result = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_payment_account_free);
  for (guint i = 0; i < data->found->len; i++)
    if (g_ptr_array_index (data->found, i) != NULL)
      g_ptr_array_add (result, g_steal_pointer (&g_ptr_array_index (data->found, i)));

  g_task_return_pointer (task, result, (GDestroyNotify)g_ptr_array_unref);
}

static void
got_outbox_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ListCall *call = user_data;
  g_autoptr(GTask) task = call->task;
  ListData *data = g_task_get_task_data (task);
  g_autoptr(PdOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;
  const PdAccount *account = g_ptr_array_index (data->accounts, call->index);

  outbox = pd_payments_get_outbox_finish (PD_PAYMENTS (object), result, &error);
  if (outbox != NULL)
    {
      PdPaymentAccount *found = g_new0 (PdPaymentAccount, 1);

      found->account = pd_account_copy (account);
      found->provider = g_object_ref (pd_outbox_get_provider (outbox));
      found->operations = pd_provider_get_operations (found->provider);
      g_ptr_array_index (data->found, call->index) = found;
    }
  else
    /* An account without its keys cannot move money; the sidebar and the
     * preferences say why. */
    g_debug ("Account %s cannot move money: %s", account->label, error->message);

  g_free (call);
  data->n_waiting--;
  list_finish_if_done (task);
}

/**
 * pd_payment_accounts_list_async:
 * @payments: the outboxes
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when every account was asked
 * @user_data: data for @callback
 *
 * Lists the store's accounts with what each one's provider can do. An
 * account whose client cannot be made (no keys in the keyring) is left out.
 */
void
pd_payment_accounts_list_async (PdPayments          *payments,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ListData *data;

  g_return_if_fail (PD_IS_PAYMENTS (payments));

  task = g_task_new (payments, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_payment_accounts_list_async);

  data = g_new0 (ListData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify)list_data_free);

  if (!pd_store_list_accounts (pd_payments_get_store (payments), &data->accounts, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->found = g_ptr_array_new_full (data->accounts->len, (GDestroyNotify)pd_payment_account_free);
  g_ptr_array_set_size (data->found, data->accounts->len);
  data->n_waiting = data->accounts->len;

  for (guint i = 0; i < data->accounts->len; i++)
    {
      const PdAccount *account = g_ptr_array_index (data->accounts, i);
      ListCall *call = g_new0 (ListCall, 1);

      call->task = g_object_ref (task);
      call->index = i;
      pd_payments_get_outbox_async (payments, account->id, cancellable, got_outbox_cb, call);
    }

  list_finish_if_done (task);
}

/**
 * pd_payment_accounts_list_finish:
 * @payments: the outboxes
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type PdPaymentAccount): the accounts,
 *   in the store's order, or %NULL with @error set
 */
GPtrArray *
pd_payment_accounts_list_finish (PdPayments    *payments,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, payments), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Cards: added, removed and asked for their balance through the account's
 * client. The full number and the IPIN live in the request's data only
 * until the request is built, and are wiped when it is freed. */

/**
 * pd_payment_account_manages_cards:
 * @self: an account
 *
 * Returns: whether cards can be added to and removed from the account,
 *   and asked for their balance (EnayaPay)
 */
gboolean
pd_payment_account_manages_cards (const PdPaymentAccount *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return PD_IS_ENAYAPAY_CLIENT (self->provider);
}

typedef struct
{
  gint64    account_id;
  char     *card_number;
  char     *expiry;
  char     *label;
  char     *ipin;
  char     *card_id;
  gboolean  is_default;
} CardRequest;

static void
card_request_free (CardRequest *request)
{
  pd_secret_text_free (request->card_number);
  pd_secret_text_free (request->ipin);
  g_free (request->expiry);
  g_free (request->label);
  g_free (request->card_id);
  g_free (request);
}

static void
card_added_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CardRequest *request = g_task_get_task_data (task);
  PdPayments *payments = g_task_get_source_object (task);
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_card_free);
  g_autoptr(GError) error = NULL;
  PdCard *card;

  card = pd_enayapay_client_add_card_finish (PD_ENAYAPAY_CLIENT (object), result, &error);
  if (card == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* EnayaPay has the card now, whatever the store says: a failure here is
   * mended by the next synchronization, so it is no failure of the call. */
  card->account_id = request->account_id;
  g_ptr_array_add (cards, pd_card_copy (card));
  if (!pd_store_upsert_cards (pd_payments_get_store (payments), request->account_id, cards, NULL, &error))
    g_warning ("The card ending in %s was added but not stored: %s", card->last4, error->message);

  g_task_return_pointer (task, card, (GDestroyNotify)pd_card_free);
}

static void
card_removed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CardRequest *request = g_task_get_task_data (task);
  PdPayments *payments = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  /* A card EnayaPay no longer has is as good as removed. */
  if (!pd_enayapay_client_delete_card_finish (PD_ENAYAPAY_CLIENT (object), result, &error) &&
      !g_error_matches (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_error (&error);

  if (!pd_store_remove_card (pd_payments_get_store (payments), request->account_id, request->card_id, &error) &&
      !g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
card_balance_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CardRequest *request = g_task_get_task_data (task);
  PdPayments *payments = g_task_get_source_object (task);
  g_autoptr(GPtrArray) readings = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_balance_free);
  g_autoptr(GError) error = NULL;
  PdBalance *balance;

  balance = pd_enayapay_client_balance_inquiry_finish (PD_ENAYAPAY_CLIENT (object), result, &error);
  if (balance == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A reading like any other, for the Balances view and its history. */
  balance->account_id = request->account_id;
  g_ptr_array_add (readings, pd_balance_copy (balance));
  if (!pd_store_upsert_balances (pd_payments_get_store (payments), request->account_id, readings, NULL, &error))
    g_warning ("A card balance was read but not stored: %s", error->message);

  g_task_return_pointer (task, balance, (GDestroyNotify)pd_balance_free);
}

static void
card_outbox_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PdOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;
  CardRequest *request = g_task_get_task_data (task);
  gpointer source_tag = g_task_get_source_tag (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  PdEnayapayClient *client;

  outbox = pd_payments_get_outbox_finish (PD_PAYMENTS (object), result, &error);
  if (outbox == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!PD_IS_ENAYAPAY_CLIENT (pd_outbox_get_provider (outbox)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("This provider does not manage cards"));
      return;
    }
  client = PD_ENAYAPAY_CLIENT (pd_outbox_get_provider (outbox));

  /* A card added or removed is seen through to the store even when the
   * caller stops waiting: the task still answers "cancelled" to it. */
  if (source_tag == pd_payment_accounts_add_card_async)
    pd_enayapay_client_add_card_async (client, request->card_number, request->expiry, request->label,
                                       request->is_default, NULL, card_added_cb, g_object_ref (task));
  else if (source_tag == pd_payment_accounts_remove_card_async)
    pd_enayapay_client_delete_card_async (client, request->card_id, NULL, card_removed_cb, g_object_ref (task));
  else
    pd_enayapay_client_balance_inquiry_async (client, request->card_number, request->expiry, request->ipin,
                                              cancellable, card_balance_cb, g_object_ref (task));

  /* The client built its request: its copies are the only ones left. */
  g_clear_pointer (&request->card_number, pd_secret_text_free);
  g_clear_pointer (&request->ipin, pd_secret_text_free);
}

static void
start_card_request (PdPayments          *payments,
                    gpointer             source_tag,
                    CardRequest         *request,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (payments, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, (GDestroyNotify)card_request_free);

  pd_payments_get_outbox_async (payments, request->account_id, cancellable, card_outbox_cb,
                                g_steal_pointer (&task));
}

/**
 * pd_payment_accounts_add_card_async:
 * @payments: the outboxes
 * @account_id: an EnayaPay account
 * @card_number: the full card number, sent once and kept nowhere
 * @expiry: the expiry date, `MMYY`
 * @label: the card's name in the account
 * @is_default: whether the card becomes the account's default one
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: data for @callback
 *
 * Adds a card to the account through its client, then stores it, masked
 * to its last four digits, as a synchronization would.
 */
void
pd_payment_accounts_add_card_async (PdPayments          *payments,
                                    gint64               account_id,
                                    const char          *card_number,
                                    const char          *expiry,
                                    const char          *label,
                                    gboolean             is_default,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  CardRequest *request;

  g_return_if_fail (PD_IS_PAYMENTS (payments));
  g_return_if_fail (card_number != NULL && expiry != NULL && label != NULL);

  request = g_new0 (CardRequest, 1);
  request->account_id = account_id;
  request->card_number = g_strdup (card_number);
  request->expiry = g_strdup (expiry);
  request->label = g_strdup (label);
  request->is_default = is_default;

  start_card_request (payments, pd_payment_accounts_add_card_async, request, cancellable, callback, user_data);
}

/**
 * pd_payment_accounts_add_card_finish:
 * @payments: the outboxes
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full): the card, masked, or %NULL with @error set
 */
PdCard *
pd_payment_accounts_add_card_finish (PdPayments    *payments,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, payments), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pd_payment_accounts_remove_card_async:
 * @payments: the outboxes
 * @account_id: an EnayaPay account
 * @card_id: the provider's id of the card
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: data for @callback
 *
 * Removes a card from the account through its client, then from the
 * store. A card the provider no longer has is removed from the store too.
 */
void
pd_payment_accounts_remove_card_async (PdPayments          *payments,
                                       gint64               account_id,
                                       const char          *card_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  CardRequest *request;

  g_return_if_fail (PD_IS_PAYMENTS (payments));
  g_return_if_fail (card_id != NULL);

  request = g_new0 (CardRequest, 1);
  request->account_id = account_id;
  request->card_id = g_strdup (card_id);

  start_card_request (payments, pd_payment_accounts_remove_card_async, request, cancellable, callback, user_data);
}

/**
 * pd_payment_accounts_remove_card_finish:
 * @payments: the outboxes
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: %TRUE when the card is gone, from the provider and the store
 */
gboolean
pd_payment_accounts_remove_card_finish (PdPayments    *payments,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, payments), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * pd_payment_accounts_card_balance_async:
 * @payments: the outboxes
 * @account_id: an EnayaPay account
 * @card_number: the full card number, sent once and kept nowhere
 * @expiry: the expiry date, `MMYY`
 * @ipin: the card holder's IPIN, sent once and kept nowhere
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: data for @callback
 *
 * Asks the card switch, through the account's client, for a card's
 * balance, and keeps the reading in the store. Nothing moves.
 */
void
pd_payment_accounts_card_balance_async (PdPayments          *payments,
                                        gint64               account_id,
                                        const char          *card_number,
                                        const char          *expiry,
                                        const char          *ipin,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  CardRequest *request;

  g_return_if_fail (PD_IS_PAYMENTS (payments));
  g_return_if_fail (card_number != NULL && expiry != NULL && ipin != NULL);

  request = g_new0 (CardRequest, 1);
  request->account_id = account_id;
  request->card_number = g_strdup (card_number);
  request->expiry = g_strdup (expiry);
  request->ipin = g_strdup (ipin);

  start_card_request (payments, pd_payment_accounts_card_balance_async, request, cancellable, callback, user_data);
}

/**
 * pd_payment_accounts_card_balance_finish:
 * @payments: the outboxes
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full): the card's balance, or %NULL with @error set
 */
PdBalance *
pd_payment_accounts_card_balance_finish (PdPayments    *payments,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, payments), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Checks before a sale: a meter, a postpaid account, a telecom bill */

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  PdPawacardCustomer *customer;

  if (g_task_get_source_tag (task) == pd_payment_accounts_verify_account_async)
    customer = pd_pawacard_client_verify_account_finish (PD_PAWACARD_CLIENT (object), result, &error);
  else
    customer = pd_pawacard_client_verify_meter_finish (PD_PAWACARD_CLIENT (object), result, &error);

  if (customer == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, customer, (GDestroyNotify)pd_pawacard_customer_free);
}

static void
inquired_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  PdEnayapayInvoice *invoice;

  invoice = pd_enayapay_client_inquire_bill_finish (PD_ENAYAPAY_CLIENT (object), result, &error);
  if (invoice == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, invoice, (GDestroyNotify)pd_enayapay_invoice_free);
}

static void
verify_outbox_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PdOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;
  gpointer source_tag = g_task_get_source_tag (task);
  PdProvider *provider;

  outbox = pd_payments_get_outbox_finish (PD_PAYMENTS (object), result, &error);
  if (outbox == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  provider = pd_outbox_get_provider (outbox);

  if (source_tag == pd_payment_accounts_inquire_bill_async)
    {
      /* The payee id, then the phone. */
      char **inquiry = g_task_get_task_data (task);

      if (!PD_IS_ENAYAPAY_CLIENT (provider))
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                   _("This provider does not read phone bills"));
          return;
        }

      pd_enayapay_client_inquire_bill_async (PD_ENAYAPAY_CLIENT (provider), inquiry[0], inquiry[1],
                                             g_task_get_cancellable (task), inquired_cb, g_object_ref (task));
      return;
    }

  if (!PD_IS_PAWACARD_CLIENT (provider))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               source_tag == pd_payment_accounts_verify_account_async
                               ? _("This provider does not check postpaid accounts before a payment")
                               : _("This provider does not check meters before a sale"));
      return;
    }

  if (source_tag == pd_payment_accounts_verify_account_async)
    pd_pawacard_client_verify_account_async (PD_PAWACARD_CLIENT (provider),
                                             g_task_get_task_data (task),
                                             g_task_get_cancellable (task),
                                             verified_cb,
                                             g_object_ref (task));
  else
    pd_pawacard_client_verify_meter_async (PD_PAWACARD_CLIENT (provider),
                                           g_task_get_task_data (task),
                                           g_task_get_cancellable (task),
                                           verified_cb,
                                           g_object_ref (task));
}

/**
 * pd_payment_accounts_verify_meter_async:
 * @payments: the outboxes
 * @account_id: a PawaCard account
 * @meter: the meter number
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: data for @callback
 *
 * Asks Kenya Power, through the account's client, whose meter @meter is.
 * Nothing is sold. A number failing the Luhn check or unknown fails with
 * %PD_PAWACARD_ERROR_INVALID_METER.
 */
void
pd_payment_accounts_verify_meter_async (PdPayments          *payments,
                                        gint64               account_id,
                                        const char          *meter,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_PAYMENTS (payments));
  g_return_if_fail (meter != NULL);

  task = g_task_new (payments, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_payment_accounts_verify_meter_async);
  g_task_set_task_data (task, g_strdup (meter), g_free);

  pd_payments_get_outbox_async (payments, account_id, cancellable, verify_outbox_cb, g_steal_pointer (&task));
}

/**
 * pd_payment_accounts_verify_meter_finish:
 * @payments: the outboxes
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full): the meter and its customer's name, or %NULL
 *   with @error set
 */
PdPawacardCustomer *
pd_payment_accounts_verify_meter_finish (PdPayments    *payments,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, payments), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pd_payment_accounts_verify_account_async:
 * @payments: the outboxes
 * @account_id: a PawaCard account
 * @account_number: a Kenya Power postpaid account number
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: data for @callback
 *
 * Asks Kenya Power, through the account's client, whose postpaid account
 * @account_number is and what it owes. Nothing is paid. An unknown
 * account fails with %PD_PAWACARD_ERROR_UNKNOWN_ACCOUNT.
 */
void
pd_payment_accounts_verify_account_async (PdPayments          *payments,
                                          gint64               account_id,
                                          const char          *account_number,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_PAYMENTS (payments));
  g_return_if_fail (account_number != NULL);

  task = g_task_new (payments, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_payment_accounts_verify_account_async);
  g_task_set_task_data (task, g_strdup (account_number), g_free);

  pd_payments_get_outbox_async (payments, account_id, cancellable, verify_outbox_cb, g_steal_pointer (&task));
}

/**
 * pd_payment_accounts_verify_account_finish:
 * @payments: the outboxes
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full): the account's number, its customer's name and
 *   the balance due, or %NULL with @error set
 */
PdPawacardCustomer *
pd_payment_accounts_verify_account_finish (PdPayments    *payments,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, payments), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pd_payment_accounts_inquire_bill_async:
 * @payments: the outboxes
 * @account_id: an EnayaPay account
 * @network: the line's network
 * @phone: the postpaid line, in local form (`0905450785`)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: data for @callback
 *
 * Asks EnayaPay, through the account's client, what the postpaid line
 * @phone of @network owes. Nothing is paid. A number that is no postpaid
 * line of @network fails with %PD_PROVIDER_ERROR_NOT_FOUND.
 */
void
pd_payment_accounts_inquire_bill_async (PdPayments          *payments,
                                        gint64               account_id,
                                        PdEnayapayNetwork    network,
                                        const char          *phone,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  char **inquiry;

  g_return_if_fail (PD_IS_PAYMENTS (payments));
  g_return_if_fail (phone != NULL);

  task = g_task_new (payments, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_payment_accounts_inquire_bill_async);
  inquiry = g_new0 (char *, 3);
  inquiry[0] = g_strdup (pd_enayapay_network_get_payee_id (network, TRUE));
  inquiry[1] = g_strdup (phone);
  g_task_set_task_data (task, inquiry, (GDestroyNotify)g_strfreev);

  pd_payments_get_outbox_async (payments, account_id, cancellable, verify_outbox_cb, g_steal_pointer (&task));
}

/**
 * pd_payment_accounts_inquire_bill_finish:
 * @payments: the outboxes
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full): the line's invoice, with the amount due and
 *   the fees, or %NULL with @error set
 */
PdEnayapayInvoice *
pd_payment_accounts_inquire_bill_finish (PdPayments    *payments,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, payments), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

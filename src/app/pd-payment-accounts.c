/* pd-payment-accounts.c - the accounts that can move money, and the checks made before a sale
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * No GTK here. Which account can do what is asked of the very client the
 * outbox sends through (PdPayments makes it once per account, from the
 * keyring), so a dialog never offers an operation the provider lacks. A
 * meter check moves no money: it goes to the same client, never from a
 * view.
 */

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

/* Meter check */

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  PdPawacardCustomer *customer;

  customer = pd_pawacard_client_verify_meter_finish (PD_PAWACARD_CLIENT (object), result, &error);
  if (customer == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, customer, (GDestroyNotify)pd_pawacard_customer_free);
}

static void
verify_outbox_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PdOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;
  PdProvider *provider;

  outbox = pd_payments_get_outbox_finish (PD_PAYMENTS (object), result, &error);
  if (outbox == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  provider = pd_outbox_get_provider (outbox);
  if (!PD_IS_PAWACARD_CLIENT (provider))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("This provider does not check meters before a sale"));
      return;
    }

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

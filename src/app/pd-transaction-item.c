/* pd-transaction-item.c - one transaction as an item of a list model
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-transaction-item.h"

struct _PdTransactionItem
{
  GObject        parent_instance;

  PdTransaction *transaction;
  char          *account_label;
};

G_DEFINE_FINAL_TYPE (PdTransactionItem, pd_transaction_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TRANSACTION,
  PROP_ACCOUNT_LABEL,
  PROP_CUSTOMER,
  PROP_REFERENCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pd_transaction_item_finalize (GObject *object)
{
  PdTransactionItem *self = (PdTransactionItem *)object;

  g_clear_pointer (&self->transaction, pd_transaction_free);
  g_clear_pointer (&self->account_label, g_free);

  G_OBJECT_CLASS (pd_transaction_item_parent_class)->finalize (object);
}

static void
pd_transaction_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PdTransactionItem *self = PD_TRANSACTION_ITEM (object);

  switch (prop_id)
    {
    case PROP_TRANSACTION:
      g_value_set_boxed (value, self->transaction);
      break;

    case PROP_ACCOUNT_LABEL:
      g_value_set_string (value, self->account_label);
      break;

    case PROP_CUSTOMER:
      g_value_set_string (value, pd_transaction_item_get_customer (self));
      break;

    case PROP_REFERENCE:
      g_value_set_string (value, pd_transaction_item_get_reference (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_transaction_item_class_init (PdTransactionItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_transaction_item_finalize;
  object_class->get_property = pd_transaction_item_get_property;

  /**
   * PdTransactionItem:transaction:
   *
   * The transaction, or %NULL while its row is being read. A lazy model
   * fills the same item again when the row at its place changes.
   */
  properties[PROP_TRANSACTION] =
    g_param_spec_boxed ("transaction", NULL, NULL,
                        PD_TYPE_TRANSACTION,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ACCOUNT_LABEL] =
    g_param_spec_string ("account-label", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_CUSTOMER] =
    g_param_spec_string ("customer", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_REFERENCE] =
    g_param_spec_string ("reference", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_transaction_item_init (PdTransactionItem *self)
{
}

/**
 * pd_transaction_item_new:
 * @transaction: (transfer full): the transaction
 * @account_label: (nullable): the name of its account
 *
 * Returns: (transfer full): a new item
 */
PdTransactionItem *
pd_transaction_item_new (PdTransaction *transaction,
                         const char    *account_label)
{
  PdTransactionItem *self;

  g_return_val_if_fail (transaction != NULL, NULL);

  self = g_object_new (PD_TYPE_TRANSACTION_ITEM, NULL);
  self->transaction = transaction;
  self->account_label = g_strdup (account_label);

  return self;
}

/**
 * pd_transaction_item_new_loading:
 *
 * An item for a row whose transaction is still being read: its cells stay
 * empty until the model replaces it.
 *
 * Returns: (transfer full): a new item
 */
PdTransactionItem *
pd_transaction_item_new_loading (void)
{
  return g_object_new (PD_TYPE_TRANSACTION_ITEM, NULL);
}

/**
 * pd_transaction_item_set_transaction:
 * @self: an item
 * @transaction: (transfer full) (nullable): the transaction now at the
 *   item's place, or %NULL while it is read
 * @account_label: (nullable): the name of its account
 *
 * For the model: fills the item, and tells the cells that show it.
 */
void
pd_transaction_item_set_transaction (PdTransactionItem *self,
                                     PdTransaction     *transaction,
                                     const char        *account_label)
{
  g_return_if_fail (PD_IS_TRANSACTION_ITEM (self));

  if (transaction == NULL && self->transaction == NULL)
    return;

  g_clear_pointer (&self->transaction, pd_transaction_free);
  self->transaction = transaction;
  g_free (self->account_label);
  self->account_label = g_strdup (account_label);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSACTION]);
}

gboolean
pd_transaction_item_is_loading (PdTransactionItem *self)
{
  g_return_val_if_fail (PD_IS_TRANSACTION_ITEM (self), FALSE);

  return self->transaction == NULL;
}

/**
 * pd_transaction_item_get_transaction:
 * @self: an item
 *
 * Returns: (transfer none) (nullable): the transaction, or %NULL while it
 *   is being read
 */
const PdTransaction *
pd_transaction_item_get_transaction (PdTransactionItem *self)
{
  g_return_val_if_fail (PD_IS_TRANSACTION_ITEM (self), NULL);

  return self->transaction;
}

const char *
pd_transaction_item_get_account_label (PdTransactionItem *self)
{
  g_return_val_if_fail (PD_IS_TRANSACTION_ITEM (self), NULL);

  return self->account_label;
}

static gboolean
has_text (const char *text)
{
  return text != NULL && text[0] != '\0';
}

/**
 * pd_transaction_item_get_customer:
 * @self: an item
 *
 * Who the transaction was with, by the best name there is: the customer's
 * name, else their phone or e-mail, else the other side (a meter, a
 * beneficiary).
 *
 * Returns: (nullable): the name, or %NULL when the record names nobody
 */
const char *
pd_transaction_item_get_customer (PdTransactionItem *self)
{
  const PdTransaction *t;

  g_return_val_if_fail (PD_IS_TRANSACTION_ITEM (self), NULL);

  t = self->transaction;
  if (t == NULL)
    return NULL;
  if (has_text (t->customer_name))
    return t->customer_name;
  if (has_text (t->phone))
    return t->phone;
  if (has_text (t->email))
    return t->email;
  if (has_text (t->counterparty))
    return t->counterparty;

  return NULL;
}

/**
 * pd_transaction_item_get_reference:
 * @self: an item
 *
 * Returns: the merchant's reference, else the provider's own id of the
 *   transaction (the one its dashboard and support know it by)
 */
const char *
pd_transaction_item_get_reference (PdTransactionItem *self)
{
  g_return_val_if_fail (PD_IS_TRANSACTION_ITEM (self), NULL);

  if (self->transaction == NULL)
    return NULL;
  if (has_text (self->transaction->reference))
    return self->transaction->reference;

  return self->transaction->provider_id;
}

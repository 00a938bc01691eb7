/* pd-record-item.c - a customer, card, statement line or balance as a list item
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The properties are what the column files (ui/pd-*-columns.ui) bind and
 * sort by; each kind of record fills the ones its columns show.
 */

#include <string.h>

#include <glib/gi18n.h>

#include "pd-format.h"
#include "pd-record-item.h"

struct _PdRecordItem
{
  GObject       parent_instance;

  PdRecordKind  kind;
  gpointer      record;
  gint64        account_id;
  char         *provider;
  char         *account_label;
  char         *customer_name;
};

G_DEFINE_FINAL_TYPE (PdRecordItem, pd_record_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_EMAIL,
  PROP_PHONE,
  PROP_PROVIDER_NAME,
  PROP_ACCOUNT_LABEL,
  PROP_DATE,
  PROP_DATE_TEXT,
  PROP_CARD,
  PROP_EXPIRY,
  PROP_WALLET,
  PROP_ENTRY_TYPE,
  PROP_DIRECTION,
  PROP_AMOUNT_TEXT,
  PROP_AMOUNT_VALUE,
  PROP_BALANCE_TEXT,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pd_record_item_finalize (GObject *object)
{
  PdRecordItem *self = (PdRecordItem *)object;

  switch (self->kind)
    {
    case PD_RECORD_CUSTOMER:
      pd_customer_free (self->record);
      break;
    case PD_RECORD_CARD:
      pd_card_free (self->record);
      break;
    case PD_RECORD_STATEMENT_ENTRY:
      pd_statement_entry_free (self->record);
      break;
    case PD_RECORD_BALANCE:
    default:
      pd_balance_free (self->record);
      break;
    }

  g_free (self->provider);
  g_free (self->account_label);
  g_free (self->customer_name);

  G_OBJECT_CLASS (pd_record_item_parent_class)->finalize (object);
}

static const char *
nonempty (const char *text)
{
  return text != NULL && text[0] != '\0' ? text : NULL;
}

static const PdMoney *
amount_of (PdRecordItem *self)
{
  switch (self->kind)
    {
    case PD_RECORD_STATEMENT_ENTRY:
      return &((PdStatementEntry *)self->record)->amount;
    case PD_RECORD_BALANCE:
      return &((PdBalance *)self->record)->amount;
    case PD_RECORD_CUSTOMER:
    case PD_RECORD_CARD:
    default:
      return NULL;
    }
}

/* A value that orders amounts of one currency, whatever their scale; for
 * sorting only, never shown or added up. */
static gint64
amount_order_value (const PdMoney *money)
{
  gint64 value;

  if (money == NULL || !pd_money_is_set (money))
    return G_MININT64;

  value = money->units;
  for (guint scale = money->scale; scale < PD_MONEY_MAX_SCALE; scale++)
    {
      if (value > G_MAXINT64 / 10)
        return G_MAXINT64;
      if (value < G_MININT64 / 10)
        return G_MININT64 + 1;
      value *= 10;
    }

  return value;
}

static char *
dup_card_text (const PdCard *card)
{
  g_autofree char *brand = NULL;

  if (card->brand != NULL && card->brand[0] != '\0')
    {
      brand = g_strdup (card->brand);
      brand[0] = g_ascii_toupper (brand[0]);
    }

  if (nonempty (card->masked_pan) != NULL && brand != NULL)
    return g_strdup_printf ("%s %s", brand, card->masked_pan);
  if (nonempty (card->masked_pan) != NULL)
    return g_strdup (card->masked_pan);
  if (brand != NULL)
    /* Translators: a card brand and the last four digits of its number */
    return g_strdup_printf (_("%s ending %s"), brand, card->last4 != NULL ? card->last4 : "");

  return g_strdup (card->last4);
}

static void
pd_record_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PdRecordItem *self = PD_RECORD_ITEM (object);
  const PdCustomer *customer = self->kind == PD_RECORD_CUSTOMER ? self->record : NULL;
  const PdCard *card = self->kind == PD_RECORD_CARD ? self->record : NULL;
  const PdStatementEntry *entry = self->kind == PD_RECORD_STATEMENT_ENTRY ? self->record : NULL;
  const PdBalance *balance = self->kind == PD_RECORD_BALANCE ? self->record : NULL;

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, pd_record_item_get_name (self));
      break;

    case PROP_EMAIL:
      g_value_set_string (value, customer != NULL ? customer->email : NULL);
      break;

    case PROP_PHONE:
      g_value_set_string (value, customer != NULL ? customer->phone : NULL);
      break;

    case PROP_PROVIDER_NAME:
      g_value_set_string (value, pd_provider_get_display_name (self->provider));
      break;

    case PROP_ACCOUNT_LABEL:
      g_value_set_string (value, self->account_label);
      break;

    case PROP_DATE:
      g_value_set_int64 (value, pd_record_item_get_date (self));
      break;

    case PROP_DATE_TEXT:
      g_value_take_string (value, pd_format_date_time (pd_record_item_get_date (self)));
      break;

    case PROP_CARD:
      g_value_take_string (value, card != NULL ? dup_card_text (card) : NULL);
      break;

    case PROP_EXPIRY:
      if (card != NULL && card->exp_month != 0 && card->exp_year != 0)
        g_value_take_string (value, g_strdup_printf ("%02u/%04u", card->exp_month, card->exp_year));
      else
        g_value_set_string (value, NULL);
      break;

    case PROP_WALLET:
      g_value_set_string (value, entry != NULL ? entry->wallet : balance != NULL ? balance->wallet : NULL);
      break;

    case PROP_ENTRY_TYPE:
      g_value_set_string (value, entry != NULL ? entry->entry_type : NULL);
      break;

    case PROP_DIRECTION:
      g_value_set_string (value, entry != NULL ? pd_statement_direction_get_label (entry->direction) : NULL);
      break;

    case PROP_AMOUNT_TEXT:
      g_value_take_string (value, pd_format_money (amount_of (self)));
      break;

    case PROP_AMOUNT_VALUE:
      g_value_set_int64 (value, amount_order_value (amount_of (self)));
      break;

    case PROP_BALANCE_TEXT:
      g_value_take_string (value, entry != NULL ? pd_format_money (&entry->balance_after) : NULL);
      break;

    case PROP_STATUS:
      g_value_set_string (value, entry != NULL ? entry->status : NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_record_item_class_init (PdRecordItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const char *names[] = {
    [PROP_NAME] = "name",
    [PROP_EMAIL] = "email",
    [PROP_PHONE] = "phone",
    [PROP_PROVIDER_NAME] = "provider-name",
    [PROP_ACCOUNT_LABEL] = "account-label",
    [PROP_DATE_TEXT] = "date-text",
    [PROP_CARD] = "card",
    [PROP_EXPIRY] = "expiry",
    [PROP_WALLET] = "wallet",
    [PROP_ENTRY_TYPE] = "entry-type",
    [PROP_DIRECTION] = "direction",
    [PROP_AMOUNT_TEXT] = "amount-text",
    [PROP_BALANCE_TEXT] = "balance-text",
    [PROP_STATUS] = "status",
  };

  object_class->finalize = pd_record_item_finalize;
  object_class->get_property = pd_record_item_get_property;

  for (guint i = 1; i < N_PROPS; i++)
    if (i < G_N_ELEMENTS (names) && names[i] != NULL)
      properties[i] = g_param_spec_string (names[i], NULL, NULL, NULL,
                                           (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Unix seconds, to sort by date. */
  properties[PROP_DATE] =
    g_param_spec_int64 ("date", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Orders the amounts of one currency, to sort by amount. */
  properties[PROP_AMOUNT_VALUE] =
    g_param_spec_int64 ("amount-value", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_record_item_init (PdRecordItem *self)
{
}

static PdRecordItem *
record_item_new (PdRecordKind     kind,
                 gpointer         record,
                 gint64           account_id,
                 const PdAccount *account)
{
  PdRecordItem *self = g_object_new (PD_TYPE_RECORD_ITEM, NULL);

  self->kind = kind;
  self->record = record;
  self->account_id = account_id;
  if (account != NULL)
    {
      self->provider = g_strdup (account->provider);
      self->account_label = g_strdup (account->label);
    }

  return self;
}

/**
 * pd_record_item_new_customer:
 * @customer: (transfer full): the customer
 * @account: (nullable): its account
 *
 * Returns: (transfer full): a new item
 */
PdRecordItem *
pd_record_item_new_customer (PdCustomer      *customer,
                             const PdAccount *account)
{
  g_return_val_if_fail (customer != NULL, NULL);

  return record_item_new (PD_RECORD_CUSTOMER, customer, customer->account_id, account);
}

/**
 * pd_record_item_new_card:
 * @card: (transfer full): the card
 * @account: (nullable): its account
 * @customer_name: (nullable): the name of the customer who holds it
 *
 * Returns: (transfer full): a new item
 */
PdRecordItem *
pd_record_item_new_card (PdCard          *card,
                         const PdAccount *account,
                         const char      *customer_name)
{
  PdRecordItem *self;

  g_return_val_if_fail (card != NULL, NULL);

  self = record_item_new (PD_RECORD_CARD, card, card->account_id, account);
  self->customer_name = g_strdup (customer_name);

  return self;
}

/**
 * pd_record_item_new_statement_entry:
 * @entry: (transfer full): the statement line
 * @account: (nullable): its account
 *
 * Returns: (transfer full): a new item
 */
PdRecordItem *
pd_record_item_new_statement_entry (PdStatementEntry *entry,
                                    const PdAccount  *account)
{
  g_return_val_if_fail (entry != NULL, NULL);

  return record_item_new (PD_RECORD_STATEMENT_ENTRY, entry, entry->account_id, account);
}

/**
 * pd_record_item_new_balance:
 * @balance: (transfer full): the balance reading
 * @account: (nullable): its account
 *
 * Returns: (transfer full): a new item
 */
PdRecordItem *
pd_record_item_new_balance (PdBalance       *balance,
                            const PdAccount *account)
{
  g_return_val_if_fail (balance != NULL, NULL);

  return record_item_new (PD_RECORD_BALANCE, balance, balance->account_id, account);
}

PdRecordKind
pd_record_item_get_kind (PdRecordItem *self)
{
  g_return_val_if_fail (PD_IS_RECORD_ITEM (self), PD_RECORD_CUSTOMER);

  return self->kind;
}

gint64
pd_record_item_get_account_id (PdRecordItem *self)
{
  g_return_val_if_fail (PD_IS_RECORD_ITEM (self), 0);

  return self->account_id;
}

const char *
pd_record_item_get_provider (PdRecordItem *self)
{
  g_return_val_if_fail (PD_IS_RECORD_ITEM (self), NULL);

  return self->provider;
}

const char *
pd_record_item_get_account_label (PdRecordItem *self)
{
  g_return_val_if_fail (PD_IS_RECORD_ITEM (self), NULL);

  return self->account_label;
}

/**
 * pd_record_item_get_name:
 * @self: an item
 *
 * Returns: (nullable): what the record is called: a customer's name (else
 *   their phone or e-mail), a card's holder, a statement line's
 *   description, a balance's wallet
 */
const char *
pd_record_item_get_name (PdRecordItem *self)
{
  g_return_val_if_fail (PD_IS_RECORD_ITEM (self), NULL);

  switch (self->kind)
    {
    case PD_RECORD_CUSTOMER:
      {
        const PdCustomer *customer = self->record;

        if (nonempty (customer->name) != NULL)
          return customer->name;
        if (nonempty (customer->phone) != NULL)
          return customer->phone;
        return customer->email;
      }

    case PD_RECORD_CARD:
      {
        const PdCard *card = self->record;

        return nonempty (card->holder_name) != NULL ? card->holder_name : self->customer_name;
      }

    case PD_RECORD_STATEMENT_ENTRY:
      {
        const PdStatementEntry *entry = self->record;

        return nonempty (entry->description) != NULL ? entry->description : entry->counterparty;
      }

    case PD_RECORD_BALANCE:
    default:
      return ((PdBalance *)self->record)->wallet;
    }
}

gint64
pd_record_item_get_date (PdRecordItem *self)
{
  g_return_val_if_fail (PD_IS_RECORD_ITEM (self), 0);

  switch (self->kind)
    {
    case PD_RECORD_CUSTOMER:
      return ((PdCustomer *)self->record)->created_at;
    case PD_RECORD_CARD:
      return ((PdCard *)self->record)->created_at;
    case PD_RECORD_STATEMENT_ENTRY:
      return ((PdStatementEntry *)self->record)->created_at;
    case PD_RECORD_BALANCE:
    default:
      return ((PdBalance *)self->record)->recorded_at;
    }
}

/**
 * pd_record_item_get_raw_json:
 * @self: an item
 *
 * Returns: (nullable): the provider's JSON of the record, as stored
 *   (redacted); %NULL for balances, which have none
 */
const char *
pd_record_item_get_raw_json (PdRecordItem *self)
{
  g_return_val_if_fail (PD_IS_RECORD_ITEM (self), NULL);

  switch (self->kind)
    {
    case PD_RECORD_CUSTOMER:
      return ((PdCustomer *)self->record)->raw_json;
    case PD_RECORD_CARD:
      return ((PdCard *)self->record)->raw_json;
    case PD_RECORD_STATEMENT_ENTRY:
      return ((PdStatementEntry *)self->record)->raw_json;
    case PD_RECORD_BALANCE:
    default:
      return NULL;
    }
}

const PdCustomer *
pd_record_item_get_customer (PdRecordItem *self)
{
  g_return_val_if_fail (PD_IS_RECORD_ITEM (self), NULL);

  return self->kind == PD_RECORD_CUSTOMER ? self->record : NULL;
}

const PdCard *
pd_record_item_get_card (PdRecordItem *self)
{
  g_return_val_if_fail (PD_IS_RECORD_ITEM (self), NULL);

  return self->kind == PD_RECORD_CARD ? self->record : NULL;
}

const PdStatementEntry *
pd_record_item_get_statement_entry (PdRecordItem *self)
{
  g_return_val_if_fail (PD_IS_RECORD_ITEM (self), NULL);

  return self->kind == PD_RECORD_STATEMENT_ENTRY ? self->record : NULL;
}

const PdBalance *
pd_record_item_get_balance (PdRecordItem *self)
{
  g_return_val_if_fail (PD_IS_RECORD_ITEM (self), NULL);

  return self->kind == PD_RECORD_BALANCE ? self->record : NULL;
}

static gboolean
folded_contains (const char *haystack,
                 const char *folded_needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL || haystack[0] == '\0')
    return FALSE;

  folded = g_utf8_casefold (haystack, -1);

  return strstr (folded, folded_needle) != NULL;
}

/* The digits of text, so that "772 918" finds "+256 772 918 404". */
static gboolean
digits_contain (const char *haystack,
                const char *folded_needle)
{
  g_autoptr(GString) hay = g_string_new (NULL);
  g_autoptr(GString) needle = g_string_new (NULL);

  for (const char *p = folded_needle; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (needle, *p);
      else if (strchr ("+-(). ", *p) == NULL)
        return FALSE;
    }
  if (needle->len < 3 || haystack == NULL)
    return FALSE;

  for (const char *p = haystack; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (hay, *p);

  return strstr (hay->str, needle->str) != NULL;
}

/**
 * pd_record_item_matches:
 * @self: an item
 * @folded_text: the search, case-folded with g_utf8_casefold()
 *
 * Whether the search finds the record: a part of its name, e-mail, phone
 * (digits alone too), card digits, wallet, reference or description.
 *
 * Returns: %TRUE when it does
 */
gboolean
pd_record_item_matches (PdRecordItem *self,
                        const char   *folded_text)
{
  g_return_val_if_fail (PD_IS_RECORD_ITEM (self), FALSE);

  if (folded_text == NULL || folded_text[0] == '\0')
    return TRUE;

  if (folded_contains (pd_record_item_get_name (self), folded_text) ||
      folded_contains (self->account_label, folded_text))
    return TRUE;

  switch (self->kind)
    {
    case PD_RECORD_CUSTOMER:
      {
        const PdCustomer *customer = self->record;

        return folded_contains (customer->email, folded_text)
            || folded_contains (customer->phone, folded_text)
            || digits_contain (customer->phone, folded_text)
            || folded_contains (customer->provider_id, folded_text);
      }

    case PD_RECORD_CARD:
      {
        const PdCard *card = self->record;

        return folded_contains (card->last4, folded_text)
            || folded_contains (card->brand, folded_text)
            || folded_contains (self->customer_name, folded_text);
      }

    case PD_RECORD_STATEMENT_ENTRY:
      {
        const PdStatementEntry *entry = self->record;
        g_autofree char *amount = pd_money_to_plain (&entry->amount);

        return folded_contains (entry->wallet, folded_text)
            || folded_contains (entry->counterparty, folded_text)
            || digits_contain (entry->counterparty, folded_text)
            || folded_contains (entry->transaction_provider_id, folded_text)
            || folded_contains (entry->provider_id, folded_text)
            || g_strcmp0 (amount, folded_text) == 0;
      }

    case PD_RECORD_BALANCE:
    default:
      return FALSE;
    }
}

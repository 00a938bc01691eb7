/* pd-eoneopay-client.c - the EoneoPay API (Australia, cards and bank accounts)
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pd-eoneopay-client.h"
#include "pd-json.h"

/* Where the document is silent or contradicts itself, this client follows
 * the reading recorded under "Provider readings" → "EoneoPay" in
 * HACKING.md, as the sandbox does.
 *
 * What EoneoPay cannot do shapes this file:
 *
 * - Payments cannot be listed or looked up, so a sync only walks customers
 *   and their cards; a payment or refund exists in Paydesk only through the
 *   outbox, and the local database is its only record.
 * - There is no idempotency key and no lookup, so an unknown outcome of a
 *   payment (POST) or refund (DELETE) can only be settled by a person
 *   (PD_RECONCILE_NONE). Neither request is ever repeated here: no
 *   idempotency key is set on them, which keeps the HTTP layer from
 *   retrying them.
 * - Payments take a card token, never a card number. A card number is
 *   first saved on a customer (which answers its token), then the token
 *   is charged. The number and CVV travel once, in a request body that is
 *   wiped when the request is freed.
 * - EoneoPay answers carry no dates. Customers and cards keep 0 ("not
 *   known"); a payment or refund is dated when its answer arrives, which is
 *   the only time Paydesk can ever know for it. */

#define PROVIDER_ID       "eoneopay"
#define CURRENCY          "AUD"
#define FORM_CONTENT_TYPE "application/x-www-form-urlencoded"
#define CARD_ID_PREFIX    "card_"
#define CARD_ID_HEX_CHARS 24

struct _PdEoneopayClient
{
  GObject       parent_instance;

  PdHttpClient *http;
  char         *api_key;
  char         *timezone;
};

static void pd_eoneopay_client_provider_init (PdProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdEoneopayClient, pd_eoneopay_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_PROVIDER,
                                                      pd_eoneopay_client_provider_init))

typedef struct
{
  char *card;         /* a token or a card id, for a card the customer keeps */
  char *number;       /* a new card: digits as given */
  char *expiry_date;
  char *cvv;
} SpecCard;

struct _PdEoneopayCustomerSpec
{
  char      *name;
  char      *email;
  char      *address;
  GPtrArray *cards;          /* of SpecCard; NULL: leave the cards alone */
  GPtrArray *bank_accounts;  /* of PdEoneopayBankAccount; NULL: leave them */
};

/* ------------------------------------------------------------ secrets */

static void
wipe_gstring (gpointer data)
{
  GString *string = data;

  explicit_bzero (string->str, string->allocated_len);
  g_string_free (string, TRUE);
}

/* The digits of a card number, spaces and dashes left out; NULL unless it
 * is 12 to 19 digits. The caller wipes the result. */
static char *
card_number_digits (const char *text)
{
  gsize length = text != NULL ? strlen (text) : 0;
  char *digits = g_malloc0 (length + 1);
  gsize n = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (g_ascii_isdigit (text[i]))
        digits[n++] = text[i];
      else if (text[i] != ' ' && text[i] != '-')
        {
          pd_secret_text_free (digits);
          return NULL;
        }
    }

  if (n < 12 || n > 19)
    {
      pd_secret_text_free (digits);
      return NULL;
    }

  return digits;
}

static gboolean
is_digits (const char *text,
           gsize       min_length,
           gsize       max_length)
{
  gsize length;

  if (text == NULL)
    return FALSE;

  length = strlen (text);
  if (length < min_length || length > max_length)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }

  return TRUE;
}

/* "MM/YY", also given as "MM/YYYY" or "MMYY", written into @out as
 * "MM/YY". */
static gboolean
normalize_expiry (const char *text,
                  char        out[6])
{
  char month[3] = { 0, };
  const char *year;
  gsize length;
  guint value;

  if (text == NULL)
    return FALSE;

  length = strlen (text);
  if (length == 4 && is_digits (text, 4, 4))
    year = text + 2;
  else if ((length == 5 || length == 7) && text[2] == '/' && is_digits (text + 3, 2, 4))
    year = text + length - 2;
  else
    return FALSE;

  if (!g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]))
    return FALSE;

  month[0] = text[0];
  month[1] = text[1];
  value = (guint)g_ascii_strtoull (month, NULL, 10);
  if (value < 1 || value > 12)
    return FALSE;

  out[0] = text[0];
  out[1] = text[1];
  out[2] = '/';
  out[3] = year[0];
  out[4] = year[1];
  out[5] = '\0';

  return TRUE;
}

/* A card id as pd_eoneopay_client_card_id_for_token() makes them;
 * anything else names a card by its token. */
static gboolean
is_card_id (const char *text)
{
  return g_str_has_prefix (text, CARD_ID_PREFIX) &&
         strlen (text) == strlen (CARD_ID_PREFIX) + CARD_ID_HEX_CHARS;
}

static GError *
invalid_input (const char *message)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, message);
}

/* Checks a new card before anything is sent. */
static gboolean
check_new_card (const char  *number,
                const char  *expiry_date,
                const char  *cvv,
                GError     **error)
{
  g_auto(PdSecretText) digits = card_number_digits (number);
  char expiry[6];

  if (digits == NULL)
    {
      g_propagate_error (error, invalid_input (_("A card number has 12 to 19 digits.")));
      return FALSE;
    }

  if (!normalize_expiry (expiry_date, expiry))
    {
      g_propagate_error (error, invalid_input (_("Give the card’s expiry date as MM/YY.")));
      return FALSE;
    }

  if (!is_digits (cvv, 3, 4))
    {
      g_propagate_error (error, invalid_input (_("A card security code (CVV) has 3 or 4 digits.")));
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------ records */

/**
 * pd_eoneopay_bank_account_free:
 * @self: (transfer full) (nullable): a #PdEoneopayBankAccount
 *
 * Frees @self.
 */
void
pd_eoneopay_bank_account_free (PdEoneopayBankAccount *self)
{
  if (self == NULL)
    return;

  g_free (self->name);
  g_free (self->number);
  g_free (self->branch);
  g_free (self);
}

static PdEoneopayBankAccount *
bank_account_new (const char *name,
                  const char *number,
                  const char *branch)
{
  PdEoneopayBankAccount *self = g_new0 (PdEoneopayBankAccount, 1);

  self->name = g_strdup (name);
  self->number = g_strdup (number);
  self->branch = g_strdup (branch);

  return self;
}

static gpointer
bank_account_copy (gconstpointer src,
                   gpointer      user_data)
{
  const PdEoneopayBankAccount *account = src;

  return bank_account_new (account->name, account->number, account->branch);
}

/**
 * pd_eoneopay_customer_free:
 * @self: (transfer full) (nullable): a #PdEoneopayCustomer
 *
 * Frees @self and everything it holds.
 */
void
pd_eoneopay_customer_free (PdEoneopayCustomer *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->customer, pd_customer_free);
  g_free (self->address);
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  g_clear_pointer (&self->bank_accounts, g_ptr_array_unref);
  g_free (self);
}

/**
 * pd_eoneopay_api_key_free:
 * @self: (transfer full) (nullable): a #PdEoneopayApiKey
 *
 * Frees @self, wiping the secret key first.
 */
void
pd_eoneopay_api_key_free (PdEoneopayApiKey *self)
{
  if (self == NULL)
    return;

  pd_secret_text_free (self->secret_key);
  g_free (self->public_key);
  g_free (self->permissions);
  g_free (self);
}

/* --------------------------------------------------------------- spec */

static void
spec_card_free (gpointer data)
{
  SpecCard *card = data;

  g_free (card->card);
  pd_secret_text_free (card->number);
  pd_secret_text_free (card->expiry_date);
  pd_secret_text_free (card->cvv);
  g_free (card);
}

static gpointer
spec_card_copy (gconstpointer src,
                gpointer      user_data)
{
  const SpecCard *card = src;
  SpecCard *copy = g_new0 (SpecCard, 1);

  copy->card = g_strdup (card->card);
  copy->number = g_strdup (card->number);
  copy->expiry_date = g_strdup (card->expiry_date);
  copy->cvv = g_strdup (card->cvv);

  return copy;
}

/**
 * pd_eoneopay_customer_spec_new:
 *
 * Makes an empty description of a customer for
 * pd_eoneopay_client_create_customer_async() or
 * pd_eoneopay_client_update_customer_async(). Only what is set is sent: an
 * update leaves everything else as it is.
 *
 * Returns: (transfer full): a new #PdEoneopayCustomerSpec
 */
PdEoneopayCustomerSpec *
pd_eoneopay_customer_spec_new (void)
{
  return g_new0 (PdEoneopayCustomerSpec, 1);
}

/**
 * pd_eoneopay_customer_spec_copy:
 * @self: a #PdEoneopayCustomerSpec
 *
 * Returns: (transfer full): a deep copy of @self, new cards included
 */
PdEoneopayCustomerSpec *
pd_eoneopay_customer_spec_copy (const PdEoneopayCustomerSpec *self)
{
  PdEoneopayCustomerSpec *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = pd_eoneopay_customer_spec_new ();
  copy->name = g_strdup (self->name);
  copy->email = g_strdup (self->email);
  copy->address = g_strdup (self->address);
  if (self->cards != NULL)
    {
      copy->cards = g_ptr_array_copy (self->cards, spec_card_copy, NULL);
      g_ptr_array_set_free_func (copy->cards, spec_card_free);
    }
  if (self->bank_accounts != NULL)
    {
      copy->bank_accounts = g_ptr_array_copy (self->bank_accounts, bank_account_copy, NULL);
      g_ptr_array_set_free_func (copy->bank_accounts, (GDestroyNotify)pd_eoneopay_bank_account_free);
    }

  return copy;
}

/**
 * pd_eoneopay_customer_spec_free:
 * @self: (transfer full) (nullable): a #PdEoneopayCustomerSpec
 *
 * Frees @self, wiping the numbers and security codes of new cards first.
 */
void
pd_eoneopay_customer_spec_free (PdEoneopayCustomerSpec *self)
{
  if (self == NULL)
    return;

  g_free (self->name);
  g_free (self->email);
  g_free (self->address);
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  g_clear_pointer (&self->bank_accounts, g_ptr_array_unref);
  g_free (self);
}

/**
 * pd_eoneopay_customer_spec_set_name:
 * @self: a #PdEoneopayCustomerSpec
 * @name: (nullable): the customer's name (required to create one), or
 *   %NULL to leave it out
 *
 * Sets the customer's name.
 */
void
pd_eoneopay_customer_spec_set_name (PdEoneopayCustomerSpec *self,
                                    const char             *name)
{
  g_return_if_fail (self != NULL);

  g_free (self->name);
  self->name = g_strdup (name);
}

/**
 * pd_eoneopay_customer_spec_set_email:
 * @self: a #PdEoneopayCustomerSpec
 * @email: (nullable): the e-mail address, "" to remove it, or %NULL to
 *   leave it out
 *
 * Sets the customer's e-mail address.
 */
void
pd_eoneopay_customer_spec_set_email (PdEoneopayCustomerSpec *self,
                                     const char             *email)
{
  g_return_if_fail (self != NULL);

  g_free (self->email);
  self->email = g_strdup (email);
}

/**
 * pd_eoneopay_customer_spec_set_address:
 * @self: a #PdEoneopayCustomerSpec
 * @address: (nullable): the postal address (line breaks allowed), "" to
 *   remove it, or %NULL to leave it out
 *
 * Sets the customer's address.
 */
void
pd_eoneopay_customer_spec_set_address (PdEoneopayCustomerSpec *self,
                                       const char             *address)
{
  g_return_if_fail (self != NULL);

  g_free (self->address);
  self->address = g_strdup (address);
}

static void
ensure_cards (PdEoneopayCustomerSpec *self)
{
  if (self->cards == NULL)
    self->cards = g_ptr_array_new_with_free_func (spec_card_free);
}

/**
 * pd_eoneopay_customer_spec_clear_cards:
 * @self: a #PdEoneopayCustomerSpec
 *
 * Sends the customer's list of cards, empty until cards are added with
 * pd_eoneopay_customer_spec_keep_card() or
 * pd_eoneopay_customer_spec_add_card(). EoneoPay replaces the whole list:
 * a card left out of it is detached and can no longer pay.
 */
void
pd_eoneopay_customer_spec_clear_cards (PdEoneopayCustomerSpec *self)
{
  g_return_if_fail (self != NULL);

  ensure_cards (self);
  g_ptr_array_set_size (self->cards, 0);
}

/**
 * pd_eoneopay_customer_spec_keep_card:
 * @self: a #PdEoneopayCustomerSpec
 * @card: a card the customer holds: its #PdCard:provider_id (as made by
 *   pd_eoneopay_client_card_id_for_token()) or its EoneoPay token
 *
 * Puts a card the customer already holds on the list of cards sent (see
 * pd_eoneopay_customer_spec_clear_cards()).
 */
void
pd_eoneopay_customer_spec_keep_card (PdEoneopayCustomerSpec *self,
                                     const char             *card)
{
  SpecCard *entry;

  g_return_if_fail (self != NULL);
  g_return_if_fail (card != NULL);

  ensure_cards (self);
  entry = g_new0 (SpecCard, 1);
  entry->card = g_strdup (card);
  g_ptr_array_add (self->cards, entry);
}

/**
 * pd_eoneopay_customer_spec_add_card:
 * @self: a #PdEoneopayCustomerSpec
 * @number: the full card number (12 to 19 digits; spaces and dashes are
 *   left out)
 * @expiry_date: the expiry as MM/YY (MM/YYYY is accepted)
 * @cvv: the card security code, 3 or 4 digits
 *
 * Puts a new card on the list of cards sent (see
 * pd_eoneopay_customer_spec_clear_cards()). The number and CVV are sent
 * once; EoneoPay answers a token and a masked number for them. They are
 * checked when the request is made, and wiped when @self is freed.
 */
void
pd_eoneopay_customer_spec_add_card (PdEoneopayCustomerSpec *self,
                                    const char             *number,
                                    const char             *expiry_date,
                                    const char             *cvv)
{
  SpecCard *entry;

  g_return_if_fail (self != NULL);
  g_return_if_fail (number != NULL);
  g_return_if_fail (expiry_date != NULL);
  g_return_if_fail (cvv != NULL);

  ensure_cards (self);
  entry = g_new0 (SpecCard, 1);
  entry->number = g_strdup (number);
  entry->expiry_date = g_strdup (expiry_date);
  entry->cvv = g_strdup (cvv);
  g_ptr_array_add (self->cards, entry);
}

/**
 * pd_eoneopay_customer_spec_clear_bank_accounts:
 * @self: a #PdEoneopayCustomerSpec
 *
 * Sends the customer's list of bank accounts, empty until accounts are
 * added with pd_eoneopay_customer_spec_add_bank_account(); it replaces the
 * accounts the customer had.
 */
void
pd_eoneopay_customer_spec_clear_bank_accounts (PdEoneopayCustomerSpec *self)
{
  g_return_if_fail (self != NULL);

  if (self->bank_accounts == NULL)
    self->bank_accounts = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_eoneopay_bank_account_free);
  g_ptr_array_set_size (self->bank_accounts, 0);
}

/**
 * pd_eoneopay_customer_spec_add_bank_account:
 * @self: a #PdEoneopayCustomerSpec
 * @name: the account holder's name
 * @number: the account number, digits
 * @branch: the branch (BSB) number, digits
 *
 * Puts a bank account on the list of accounts sent (see
 * pd_eoneopay_customer_spec_clear_bank_accounts()).
 */
void
pd_eoneopay_customer_spec_add_bank_account (PdEoneopayCustomerSpec *self,
                                            const char             *name,
                                            const char             *number,
                                            const char             *branch)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (number != NULL);
  g_return_if_fail (branch != NULL);

  if (self->bank_accounts == NULL)
    pd_eoneopay_customer_spec_clear_bank_accounts (self);
  g_ptr_array_add (self->bank_accounts, bank_account_new (name, number, branch));
}

static gboolean
spec_names_card_ids (const PdEoneopayCustomerSpec *spec)
{
  for (guint i = 0; spec->cards != NULL && i < spec->cards->len; i++)
    {
      SpecCard *card = g_ptr_array_index (spec->cards, i);

      if (card->card != NULL && is_card_id (card->card))
        return TRUE;
    }

  return FALSE;
}

/* ------------------------------------------------------- JSON in */

/* pd_json_get_string(), for an object that may be missing. */
static const char *
get_string (JsonObject *object,
            const char *member)
{
  return object != NULL ? pd_json_get_string (object, member) : NULL;
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array_member (JsonObject *object,
                  const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* --------------------------------------------------------- JSON out */

/* Request bodies that may hold a card number are written into one buffer
 * allocated large enough up front, so that no copy is left behind in
 * memory by a reallocation, and the buffer is wiped when freed. */

static gsize
json_bound (const char *text)
{
  /* A byte takes at most six ("\u001f"), plus quotes and a separator. */
  return text != NULL ? 6 * strlen (text) + 8 : 8;
}

static void
json_string (GString    *out,
             const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = (guchar)*p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20)
            {
              static const char hex[] = "0123456789abcdef";

              g_string_append (out, "\\u00");
              g_string_append_c (out, hex[c >> 4]);
              g_string_append_c (out, hex[c & 0xf]);
            }
          else
            {
              g_string_append_c (out, (char)c);
            }
        }
    }
  g_string_append_c (out, '"');
}

static void
json_member (GString    *out,
             gboolean   *first,
             const char *name)
{
  if (!*first)
    g_string_append_c (out, ',');
  *first = FALSE;
  json_string (out, name);
  g_string_append_c (out, ':');
}

/* Digits as a JSON integer, as the document writes bank account numbers,
 * unless a leading zero (or their length) needs a string to survive. */
static void
json_digits (GString    *out,
             const char *digits)
{
  if (digits[0] != '0' && strlen (digits) <= 15)
    g_string_append (out, digits);
  else
    json_string (out, digits);
}

static gboolean
check_text (const char  *text,
            GError     **error)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      g_propagate_error (error, invalid_input (_("The customer’s details are not valid text.")));
      return FALSE;
    }

  return TRUE;
}

/* Finds the token of the card @card (a token or a card id) among the
 * cards of @customer, the customer's JSON as EoneoPay answers it. */
static const char *
find_card_token (JsonObject *customer,
                 const char *card)
{
  JsonArray *cards = get_array_member (customer, "credit_cards");

  for (guint i = 0; cards != NULL && i < json_array_get_length (cards); i++)
    {
      JsonNode *node = json_array_get_element (cards, i);
      g_autofree char *card_id = NULL;
      const char *token;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      token = get_string (json_node_get_object (node), "token");
      if (token == NULL)
        continue;

      card_id = pd_eoneopay_client_card_id_for_token (token);
      if (strcmp (token, card) == 0 || strcmp (card_id, card) == 0)
        return token;
    }

  return NULL;
}

/* The customer's JSON for a create or an update. @current is the customer
 * as EoneoPay has it, to find the tokens of cards named by their card id. */
static GString *
customer_json (const PdEoneopayCustomerSpec  *spec,
               JsonObject                    *current,
               GError                       **error)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new ();
  gsize bound = 128;
  GString *out;
  gboolean first = TRUE;

  if (!check_text (spec->name, error) || !check_text (spec->email, error) ||
      !check_text (spec->address, error))
    return NULL;

  /* Everything is checked, and every token found, before the buffer is
   * sized: it must never grow. */
  bound += json_bound (spec->name) + json_bound (spec->email) + json_bound (spec->address);
  for (guint i = 0; spec->cards != NULL && i < spec->cards->len; i++)
    {
      SpecCard *card = g_ptr_array_index (spec->cards, i);
      const char *token = NULL;

      if (card->number != NULL)
        {
          if (!check_new_card (card->number, card->expiry_date, card->cvv, error))
            return NULL;
        }
      else
        {
          token = is_card_id (card->card) ? find_card_token (current, card->card) : card->card;
          if (token == NULL || !g_utf8_validate (token, -1, NULL))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The customer holds no card %s."), card->card);
              return NULL;
            }
        }

      g_ptr_array_add (tokens, (gpointer)token);
      bound += 96 + json_bound (token) + json_bound (card->number) + json_bound (card->cvv);
    }
  for (guint i = 0; spec->bank_accounts != NULL && i < spec->bank_accounts->len; i++)
    {
      PdEoneopayBankAccount *account = g_ptr_array_index (spec->bank_accounts, i);

      if (!check_text (account->name, error))
        return NULL;
      if (!is_digits (account->number, 1, 34) || !is_digits (account->branch, 1, 34))
        {
          g_propagate_error (error, invalid_input (_("A bank account number and branch are digits.")));
          return NULL;
        }

      bound += 64 + json_bound (account->name) + json_bound (account->number) + json_bound (account->branch);
    }

  out = g_string_sized_new (bound);
  g_string_append_c (out, '{');

  if (spec->name != NULL)
    {
      json_member (out, &first, "name");
      json_string (out, spec->name);
    }
  if (spec->email != NULL)
    {
      json_member (out, &first, "email");
      json_string (out, spec->email);
    }
  if (spec->address != NULL)
    {
      json_member (out, &first, "address");
      json_string (out, spec->address);
    }

  if (spec->cards != NULL)
    {
      json_member (out, &first, "credit_cards");
      g_string_append_c (out, '[');
      for (guint i = 0; i < spec->cards->len; i++)
        {
          SpecCard *card = g_ptr_array_index (spec->cards, i);
          const char *token = g_ptr_array_index (tokens, i);
          gboolean first_member = TRUE;

          if (i > 0)
            g_string_append_c (out, ',');
          g_string_append_c (out, '{');

          if (token != NULL)
            {
              json_member (out, &first_member, "token");
              json_string (out, token);
            }
          else
            {
              g_auto(PdSecretText) digits = card_number_digits (card->number);
              char expiry[6];

              normalize_expiry (card->expiry_date, expiry);
              json_member (out, &first_member, "number");
              json_string (out, digits);
              json_member (out, &first_member, "expiry_date");
              json_string (out, expiry);
              json_member (out, &first_member, "cvv");
              json_string (out, card->cvv);
            }

          g_string_append_c (out, '}');
        }
      g_string_append_c (out, ']');
    }

  if (spec->bank_accounts != NULL)
    {
      json_member (out, &first, "bank_accounts");
      g_string_append_c (out, '[');
      for (guint i = 0; i < spec->bank_accounts->len; i++)
        {
          PdEoneopayBankAccount *account = g_ptr_array_index (spec->bank_accounts, i);
          gboolean first_member = TRUE;

          if (i > 0)
            g_string_append_c (out, ',');
          g_string_append_c (out, '{');
          json_member (out, &first_member, "name");
          json_string (out, account->name);
          json_member (out, &first_member, "number");
          json_digits (out, account->number);
          json_member (out, &first_member, "branch");
          json_digits (out, account->branch);
          g_string_append_c (out, '}');
        }
      g_string_append_c (out, ']');
    }

  g_string_append_c (out, '}');
  g_assert (out->len <= bound);

  return out;
}

/* `field=<JSON>`, percent-encoded as a form (the document's curl examples
 * send the form field with the JSON unencoded, which breaks on '&' or '+').
 * Takes @json, wiping it; the body wipes itself when freed. */
static GBytes *
form_body_take_json (const char *field,
                     GString    *json)
{
  static const char hex[] = "0123456789ABCDEF";
  GString *out = g_string_sized_new (strlen (field) + 1 + 3 * json->len);

  g_string_append (out, field);
  g_string_append_c (out, '=');
  for (gsize i = 0; i < json->len; i++)
    {
      guchar c = (guchar)json->str[i];

      if (g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_' || c == '~')
        {
          g_string_append_c (out, (char)c);
        }
      else
        {
          g_string_append_c (out, '%');
          g_string_append_c (out, hex[c >> 4]);
          g_string_append_c (out, hex[c & 0xf]);
        }
    }
  wipe_gstring (json);

  return g_bytes_new_with_free_func (out->str, out->len, wipe_gstring, out);
}

static PdHttpRequest *
form_request (const char *method,
              const char *path,
              const char *segment,
              const char *field,
              GString    *json)
{
  PdHttpRequest *request = pd_http_request_new (method, path);
  g_autoptr(GBytes) body = form_body_take_json (field, json);

  if (segment != NULL)
    pd_http_request_append_path_segment (request, segment);
  pd_http_request_set_body (request, FORM_CONTENT_TYPE, body);

  return request;
}

static PdHttpRequest *
plain_request (const char *method,
               const char *path,
               const char *segment)
{
  PdHttpRequest *request = pd_http_request_new (method, path);

  if (segment != NULL)
    pd_http_request_append_path_segment (request, segment);

  return request;
}

/* ---------------------------------------------------------- answers */

static const char *
provider_name (void)
{
  return pd_provider_get_display_name (PROVIDER_ID);
}

/* An answer that arrived with a success status but cannot be used. For a
 * request that changes something, the change may have happened. */
static GError *
malformed_answer (gboolean    may_have_applied,
                  const char *detail)
{
  PdProviderErrorInfo info = { 0, };

  info.provider_name = provider_name ();
  info.http_status = 200;
  info.detail = detail;
  info.outcome_unknown = may_have_applied;

  return pd_provider_error_new_full (PD_PROVIDER_ERROR_MALFORMED, &info);
}

/* {"code": S, "message": "…"}: S is the HTTP status, and 0 on success. */
static void
parse_error_body (PdHttpClient       *client,
                  PdHttpErrorDetails *details,
                  gpointer            user_data)
{
  JsonObject *object;
  const char *message;
  gint64 code = 0;

  if (details->root == NULL || !JSON_NODE_HOLDS_OBJECT (details->root))
    {
      pd_http_error_details_parse_default (details);
      return;
    }

  object = json_node_get_object (details->root);
  message = pd_json_get_string (object, "message");
  if (message == NULL || *message == '\0')
    {
      pd_http_error_details_parse_default (details);
      return;
    }

  details->provider_message = g_strdup (message);

  /* The code only repeats the status; it says something when it differs. */
  if (json_object_has_member (object, "code") &&
      pd_json_get_int (object, "code", &code, NULL) &&
      code != 0 && code != (gint64)details->http_status)
    details->provider_code = g_strdup_printf ("%" G_GINT64_FORMAT, code);
}

/* A 2xx answer whose own "code" is not 0 is a refusal all the same. */
static gboolean
check_answer_code (PdHttpResponse  *response,
                   GError         **error)
{
  JsonObject *object = pd_http_response_get_object (response);
  gint64 code = 0;
  guint status;

  if (object == NULL || !json_object_has_member (object, "code") ||
      !pd_json_get_int (object, "code", &code, NULL) || code == 0)
    return TRUE;

  status = code >= 400 && code < 600 ? (guint)code : 400;
  g_propagate_error (error, pd_provider_error_new (pd_provider_error_code_for_http_status (status),
                                                   provider_name (),
                                                   pd_http_response_get_status (response),
                                                   NULL,
                                                   pd_json_get_string (object, "message")));
  return FALSE;
}

static char *
node_to_json (JsonNode *node)
{
  PdJsonWriter *writer = pd_json_writer_new ();

  pd_json_writer_node (writer, node);

  return pd_json_writer_free_to_string (writer);
}

static char *
dup_nonempty (JsonObject *object,
              const char *member)
{
  g_autofree char *text = object != NULL ? pd_json_dup_text (object, member) : NULL;

  if (text == NULL || *g_strstrip (text) == '\0')
    return NULL;

  return g_steal_pointer (&text);
}

/**
 * pd_eoneopay_client_card_id_for_token:
 * @token: an EoneoPay card token
 *
 * The #PdCard:provider_id of the card with @token. EoneoPay knows a saved
 * card only by its token, which charges the card together with the API
 * key; Paydesk treats it as a secret and never stores it. The card id is a
 * digest of the token instead: stable, unique, and of no use for a
 * payment. The client finds the token again from the customer when a card
 * is charged or kept.
 *
 * Returns: (transfer full): the card id, `card_` and 24 hex digits
 */
char *
pd_eoneopay_client_card_id_for_token (const char *token)
{
  g_autofree char *digest = NULL;

  g_return_val_if_fail (token != NULL, NULL);

  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);

  return g_strdup_printf (CARD_ID_PREFIX "%.*s", CARD_ID_HEX_CHARS, digest);
}

/* The digits at the end of a masked number, at most four: EoneoPay shows
 * the last three ("555903XXXXXXX199"). */
static char *
pan_last_digits (const char *pan)
{
  gsize length = strlen (pan);
  gsize n = 0;

  while (n < 4 && n < length && g_ascii_isdigit (pan[length - 1 - n]))
    n++;

  return n > 0 ? g_strdup (pan + length - n) : NULL;
}

/* Paydesk shows at most the last four digits of a card: EoneoPay's first
 * six go too. The length is kept. */
static char *
mask_pan (const char *pan)
{
  gsize length = strlen (pan);
  gsize shown = 0;
  char *masked;

  while (shown < 4 && shown < length && g_ascii_isdigit (pan[length - 1 - shown]))
    shown++;

  masked = g_strdup (pan);
  for (gsize i = 0; i + shown < length; i++)
    masked[i] = '*';

  return masked;
}

static char *
card_brand (const char *type,
            const char *description)
{
  g_autofree char *folded = NULL;

  if (g_strcmp0 (type, "6") == 0)
    return g_strdup ("visa");
  if (g_strcmp0 (type, "5") == 0)
    return g_strdup ("mastercard");
  if (g_strcmp0 (type, "2") == 0)
    return g_strdup ("amex");

  if (description == NULL)
    return NULL;

  folded = g_ascii_strdown (description, -1);
  if (strstr (folded, "visa") != NULL)
    return g_strdup ("visa");
  if (strstr (folded, "master") != NULL)
    return g_strdup ("mastercard");
  if (strstr (folded, "american") != NULL || strstr (folded, "amex") != NULL)
    return g_strdup ("amex");

  return NULL;
}

/* "MM/YY" */
static void
parse_card_expiry (const char *text,
                   guint      *month,
                   guint      *year)
{
  char expiry[6];

  *month = 0;
  *year = 0;
  if (!normalize_expiry (text, expiry))
    return;

  *month = (guint)((expiry[0] - '0') * 10 + (expiry[1] - '0'));
  *year = 2000 + (guint)((expiry[3] - '0') * 10 + (expiry[4] - '0'));
}

static PdCard *
parse_card (JsonNode   *node,
            const char *customer_id,
            const char *holder_name)
{
  JsonObject *object = json_node_get_object (node);
  JsonObject *info = get_object_member (object, "creditCardInfo");
  g_autoptr(PdCard) card = pd_card_new ();
  g_autofree char *token = dup_nonempty (object, "token");
  const char *pan;

  if (token == NULL)
    return NULL;

  card->provider_id = pd_eoneopay_client_card_id_for_token (token);
  card->customer_provider_id = g_strdup (customer_id);
  card->holder_name = g_strdup (holder_name);
  card->raw_json = node_to_json (node);

  pan = get_string (info, "pan");
  if (pan != NULL)
    {
      card->masked_pan = mask_pan (pan);
      card->last4 = pan_last_digits (pan);
    }

  if (info != NULL)
    {
      card->brand = card_brand (get_string (info, "cardType"), get_string (info, "cardDescription"));
      parse_card_expiry (get_string (info, "expiryDate"), &card->exp_month, &card->exp_year);
    }

  return g_steal_pointer (&card);
}

static PdEoneopayCustomer *
parse_customer (JsonNode  *node,
                GError   **error)
{
  g_autoptr(PdEoneopayCustomer) result = NULL;
  JsonObject *object;
  JsonArray *array;
  PdCustomer *customer;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, PD_JSON_ERROR, PD_JSON_ERROR_TYPE,
                           _("a customer is not a JSON object"));
      return NULL;
    }

  object = json_node_get_object (node);
  result = g_new0 (PdEoneopayCustomer, 1);
  result->customer = customer = pd_customer_new ();
  result->cards = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_card_free);
  result->bank_accounts = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_eoneopay_bank_account_free);

  customer->provider_id = dup_nonempty (object, "id");
  if (customer->provider_id == NULL)
    {
      g_set_error_literal (error, PD_JSON_ERROR, PD_JSON_ERROR_MISSING,
                           _("a customer has no id"));
      return NULL;
    }

  customer->name = dup_nonempty (object, "name");
  customer->email = dup_nonempty (object, "email");
  customer->raw_json = node_to_json (node);
  result->address = dup_nonempty (object, "address");

  array = get_array_member (object, "credit_cards");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      PdCard *card;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;

      card = parse_card (element, customer->provider_id, customer->name);
      if (card != NULL)
        g_ptr_array_add (result->cards, card);
    }

  array = get_array_member (object, "bank_accounts");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *account;
      PdEoneopayBankAccount *bank_account;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;

      account = json_node_get_object (element);
      bank_account = g_new0 (PdEoneopayBankAccount, 1);
      bank_account->name = dup_nonempty (account, "name");
      bank_account->number = dup_nonempty (account, "number");
      bank_account->branch = dup_nonempty (account, "branch");
      g_ptr_array_add (result->bank_accounts, bank_account);
    }

  return g_steal_pointer (&result);
}

/* The customer in an answer: {"code", "message", "customer": {…}} for a
 * create or an update, or the bare object. */
static JsonNode *
customer_node_of (JsonNode *root)
{
  JsonObject *object;
  JsonNode *inner;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);
  inner = json_object_get_member (object, "customer");
  if (inner != NULL && JSON_NODE_HOLDS_OBJECT (inner))
    return inner;

  return json_object_has_member (object, "id") ? root : NULL;
}

static PdEoneopayCustomer *
customer_from_response (PdHttpResponse  *response,
                        gboolean         may_have_applied,
                        GError         **error)
{
  JsonNode *node = customer_node_of (pd_http_response_get_root (response));
  g_autoptr(GError) local_error = NULL;
  PdEoneopayCustomer *customer;

  if (node == NULL)
    {
      g_propagate_error (error, malformed_answer (may_have_applied, _("the answer holds no customer")));
      return NULL;
    }

  customer = parse_customer (node, &local_error);
  if (customer == NULL)
    g_propagate_error (error, malformed_answer (may_have_applied, local_error->message));

  return customer;
}

static GPtrArray *
customers_from_response (PdHttpResponse  *response,
                         GError         **error)
{
  JsonArray *array = pd_http_response_get_array (response);
  g_autoptr(GPtrArray) customers = NULL;

  if (array == NULL)
    {
      g_propagate_error (error, malformed_answer (FALSE, _("the list of customers is not a JSON array")));
      return NULL;
    }

  customers = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_eoneopay_customer_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(GError) local_error = NULL;
      PdEoneopayCustomer *customer = parse_customer (json_array_get_element (array, i), &local_error);

      /* One record Paydesk cannot identify must not hide all the others. */
      if (customer == NULL)
        {
          g_debug ("%s: customer %u of the list left out: %s", provider_name (), i, local_error->message);
          continue;
        }

      g_ptr_array_add (customers, customer);
    }

  return g_steal_pointer (&customers);
}

/* ----------------------------------------------------------- client */

static gboolean
prepare_request (PdHttpClient   *client,
                 PdHttpRequest  *request,
                 gpointer        user_data,
                 GError        **error)
{
  PdEoneopayClient *self = user_data;

  if (self->api_key == NULL || *self->api_key == '\0')
    {
      PdProviderErrorInfo info = { 0, };

      info.provider_name = provider_name ();
      info.detail = _("no API key is set for the account");
      g_propagate_error (error, pd_provider_error_new_full (PD_PROVIDER_ERROR_AUTH, &info));
      return FALSE;
    }

  /* `curl -u KEY:` in the document: the key as user, an empty password. */
  pd_http_request_set_basic_auth (request, self->api_key, "");

  return TRUE;
}

static void
send_request (PdEoneopayClient    *self,
              PdHttpRequest       *request,
              GTask               *task,
              GAsyncReadyCallback  callback)
{
  pd_http_client_request_async (self->http, request, g_task_get_cancellable (task),
                                callback, g_object_ref (task));
}

/* The common start of every answer callback: cancellation first, then the
 * transport error or refusal (the HTTP layer reports both), then the
 * answer's own code. Returns the response to parse, or NULL once the task
 * has been given its error. */
static PdHttpResponse *
finish_request (GObject      *object,
                GAsyncResult *result,
                GTask        *task)
{
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = pd_http_client_request_finish (PD_HTTP_CLIENT (object), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return NULL;

  if (response == NULL || !check_answer_code (response, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return NULL;
    }

  return g_steal_pointer (&response);
}

/* --------------------------------------------------------- API keys */

static void
on_api_key_ready (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PdHttpResponse) response = finish_request (object, result, task);
  g_autoptr(PdEoneopayApiKey) key = NULL;
  gboolean created = g_task_get_source_tag (task) == pd_eoneopay_client_create_api_key_async;
  JsonObject *answer;

  if (response == NULL)
    return;

  answer = pd_http_response_get_object (response);
  key = g_new0 (PdEoneopayApiKey, 1);

  if (created)
    {
      key->secret_key = dup_nonempty (answer, "test_secret_key");
      if (key->secret_key == NULL)
        key->secret_key = dup_nonempty (answer, "secret_key");
      key->public_key = dup_nonempty (answer, "test_public_key");
      if (key->public_key == NULL)
        key->public_key = dup_nonempty (answer, "public_key");
      key->active = TRUE;
    }
  else
    {
      g_autofree char *status = dup_nonempty (answer, "status");

      key->secret_key = dup_nonempty (answer, "api_key");
      key->permissions = dup_nonempty (answer, "permissions");
      key->active = g_strcmp0 (status, "1") == 0;
    }

  if (key->secret_key == NULL)
    {
      g_task_return_error (task, malformed_answer (created, _("the answer holds no API key")));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&key), (GDestroyNotify)pd_eoneopay_api_key_free);
}

/**
 * pd_eoneopay_client_create_api_key_async:
 * @self: a #PdEoneopayClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the new key
 * @user_data: data for @callback
 *
 * Creates a new API key (`POST /apikeys`). Only the account's
 * administrator key may do this; the new key can use the API but not manage
 * keys. The request is not repeated on failure.
 */
void
pd_eoneopay_client_create_api_key_async (PdEoneopayClient    *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PdHttpRequest) request = NULL;

  g_return_if_fail (PD_IS_EONEOPAY_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_eoneopay_client_create_api_key_async);

  request = plain_request ("POST", "/apikeys", NULL);
  send_request (self, request, task, on_api_key_ready);
}

/**
 * pd_eoneopay_client_create_api_key_finish:
 * @self: a #PdEoneopayClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the new key, with its secret and public parts,
 *   or %NULL with @error set (%PD_PROVIDER_ERROR_FORBIDDEN for a key that
 *   is not the administrator key)
 */
PdEoneopayApiKey *
pd_eoneopay_client_create_api_key_finish (PdEoneopayClient  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_eoneopay_client_create_api_key_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pd_eoneopay_client_get_api_key_async:
 * @self: a #PdEoneopayClient
 * @api_key: the secret key to look up
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the key's details
 * @user_data: data for @callback
 *
 * Looks up a key (`GET /apikeys/<key>`): its permissions and whether it
 * is still active. Needs the administrator key.
 */
void
pd_eoneopay_client_get_api_key_async (PdEoneopayClient    *self,
                                      const char          *api_key,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PdHttpRequest) request = NULL;

  g_return_if_fail (PD_IS_EONEOPAY_CLIENT (self));
  g_return_if_fail (api_key != NULL && *api_key != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_eoneopay_client_get_api_key_async);

  request = plain_request ("GET", "/apikeys", api_key);
  send_request (self, request, task, on_api_key_ready);
}

/**
 * pd_eoneopay_client_get_api_key_finish:
 * @self: a #PdEoneopayClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the key's details (no public key), or %NULL
 *   with @error set
 */
PdEoneopayApiKey *
pd_eoneopay_client_get_api_key_finish (PdEoneopayClient  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_eoneopay_client_get_api_key_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_done_ready (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PdHttpResponse) response = finish_request (object, result, task);

  if (response == NULL)
    return;

  g_task_return_boolean (task, TRUE);
}

/**
 * pd_eoneopay_client_revoke_api_key_async:
 * @self: a #PdEoneopayClient
 * @api_key: the secret key to revoke
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the key is revoked
 * @user_data: data for @callback
 *
 * Revokes a key (`DELETE /apikeys/<key>`): it can no longer be used. Needs
 * the administrator key, which cannot revoke itself.
 */
void
pd_eoneopay_client_revoke_api_key_async (PdEoneopayClient    *self,
                                         const char          *api_key,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PdHttpRequest) request = NULL;

  g_return_if_fail (PD_IS_EONEOPAY_CLIENT (self));
  g_return_if_fail (api_key != NULL && *api_key != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_eoneopay_client_revoke_api_key_async);

  request = plain_request ("DELETE", "/apikeys", api_key);
  send_request (self, request, task, on_done_ready);
}

/**
 * pd_eoneopay_client_revoke_api_key_finish:
 * @self: a #PdEoneopayClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the key was revoked
 */
gboolean
pd_eoneopay_client_revoke_api_key_finish (PdEoneopayClient  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_eoneopay_client_revoke_api_key_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* -------------------------------------------------------- customers */

static void
on_customers_ready (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PdHttpResponse) response = finish_request (object, result, task);
  g_autoptr(GError) error = NULL;
  GPtrArray *customers;

  if (response == NULL)
    return;

  customers = customers_from_response (response, &error);
  if (customers == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, customers, (GDestroyNotify)g_ptr_array_unref);
}

/**
 * pd_eoneopay_client_list_customers_async:
 * @self: a #PdEoneopayClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the customers
 * @user_data: data for @callback
 *
 * Fetches every customer (`GET /customers`, one answer, no pagination),
 * oldest first, with their masked cards and bank accounts.
 */
void
pd_eoneopay_client_list_customers_async (PdEoneopayClient    *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PdHttpRequest) request = NULL;

  g_return_if_fail (PD_IS_EONEOPAY_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_eoneopay_client_list_customers_async);

  request = plain_request ("GET", "/customers", NULL);
  send_request (self, request, task, on_customers_ready);
}

/**
 * pd_eoneopay_client_list_customers_finish:
 * @self: a #PdEoneopayClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * A customer without an id cannot be identified and is left out.
 *
 * Returns: (transfer container) (element-type PdEoneopayCustomer): the
 *   customers, or %NULL with @error set
 */
GPtrArray *
pd_eoneopay_client_list_customers_finish (PdEoneopayClient  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_eoneopay_client_list_customers_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_customer_ready (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PdHttpResponse) response = finish_request (object, result, task);
  g_autoptr(GError) error = NULL;
  PdEoneopayCustomer *customer;

  if (response == NULL)
    return;

  customer = customer_from_response (response,
                                     g_task_get_source_tag (task) != pd_eoneopay_client_get_customer_async,
                                     &error);
  if (customer == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, customer, (GDestroyNotify)pd_eoneopay_customer_free);
}

/**
 * pd_eoneopay_client_get_customer_async:
 * @self: a #PdEoneopayClient
 * @customer_id: the customer's id (`cus_…`)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the customer
 * @user_data: data for @callback
 *
 * Fetches one customer (`GET /customers/<id>`).
 */
void
pd_eoneopay_client_get_customer_async (PdEoneopayClient    *self,
                                       const char          *customer_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PdHttpRequest) request = NULL;

  g_return_if_fail (PD_IS_EONEOPAY_CLIENT (self));
  g_return_if_fail (customer_id != NULL && *customer_id != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_eoneopay_client_get_customer_async);

  request = plain_request ("GET", "/customers", customer_id);
  send_request (self, request, task, on_customer_ready);
}

/**
 * pd_eoneopay_client_get_customer_finish:
 * @self: a #PdEoneopayClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the customer, or %NULL with @error set
 *   (%PD_PROVIDER_ERROR_NOT_FOUND for an unknown or deleted customer)
 */
PdEoneopayCustomer *
pd_eoneopay_client_get_customer_finish (PdEoneopayClient  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_eoneopay_client_get_customer_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pd_eoneopay_client_create_customer_async:
 * @self: a #PdEoneopayClient
 * @spec: what to create; a name is required
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the new customer
 * @user_data: data for @callback
 *
 * Creates a customer (`POST /customers`) with the cards and bank accounts
 * of @spec. New cards are saved as tokens; their numbers and codes are sent
 * once and never come back. @spec may be freed as soon as this returns.
 * The request is not repeated on failure.
 */
void
pd_eoneopay_client_create_customer_async (PdEoneopayClient             *self,
                                          const PdEoneopayCustomerSpec *spec,
                                          GCancellable                 *cancellable,
                                          GAsyncReadyCallback           callback,
                                          gpointer                      user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  GString *json;

  g_return_if_fail (PD_IS_EONEOPAY_CLIENT (self));
  g_return_if_fail (spec != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_eoneopay_client_create_customer_async);

  if (spec->name == NULL || *spec->name == '\0')
    {
      g_task_return_error (task, invalid_input (_("A customer needs a name.")));
      return;
    }

  json = customer_json (spec, NULL, &error);
  if (json == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  request = form_request ("POST", "/customers", NULL, "customer", json);
  send_request (self, request, task, on_customer_ready);
}

/**
 * pd_eoneopay_client_create_customer_finish:
 * @self: a #PdEoneopayClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the new customer as EoneoPay answers it, or
 *   %NULL with @error set
 */
PdEoneopayCustomer *
pd_eoneopay_client_create_customer_finish (PdEoneopayClient  *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_eoneopay_client_create_customer_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char                   *customer_id;
  PdEoneopayCustomerSpec *spec;
} UpdateData;

static void
update_data_free (gpointer pointer)
{
  UpdateData *data = pointer;

  g_free (data->customer_id);
  g_clear_pointer (&data->spec, pd_eoneopay_customer_spec_free);
  g_free (data);
}

/* Sends the PUT; @current is the customer as EoneoPay has it, or NULL. */
static void
send_update (GTask      *task,
             JsonObject *current)
{
  PdEoneopayClient *self = g_task_get_source_object (task);
  UpdateData *data = g_task_get_task_data (task);
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  GString *json;

  json = customer_json (data->spec, current, &error);
  /* The body holds the new cards now; nothing else needs them. */
  g_clear_pointer (&data->spec, pd_eoneopay_customer_spec_free);

  if (json == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  request = form_request ("PUT", "/customers", data->customer_id, "customer", json);
  send_request (self, request, task, on_customer_ready);
}

static void
on_update_current_ready (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PdHttpResponse) response = finish_request (object, result, task);
  JsonNode *node;

  if (response == NULL)
    return;

  node = customer_node_of (pd_http_response_get_root (response));
  if (node == NULL)
    {
      g_task_return_error (task, malformed_answer (FALSE, _("the answer holds no customer")));
      return;
    }

  send_update (task, json_node_get_object (node));
}

/**
 * pd_eoneopay_client_update_customer_async:
 * @self: a #PdEoneopayClient
 * @customer_id: the customer's id
 * @spec: what to change; whatever it leaves out stays as it is
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the updated customer
 * @user_data: data for @callback
 *
 * Updates a customer (`PUT /customers/<id>`). When @spec sends cards, they
 * replace the customer's cards: keep the others with
 * pd_eoneopay_customer_spec_keep_card(). A kept card named by its card id
 * is looked up first (`GET /customers/<id>`) to send its token. @spec may
 * be freed as soon as this returns. The PUT is not repeated on failure.
 */
void
pd_eoneopay_client_update_customer_async (PdEoneopayClient             *self,
                                          const char                   *customer_id,
                                          const PdEoneopayCustomerSpec *spec,
                                          GCancellable                 *cancellable,
                                          GAsyncReadyCallback           callback,
                                          gpointer                      user_data)
{
  g_autoptr(GTask) task = NULL;
  UpdateData *data;

  g_return_if_fail (PD_IS_EONEOPAY_CLIENT (self));
  g_return_if_fail (customer_id != NULL && *customer_id != '\0');
  g_return_if_fail (spec != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_eoneopay_client_update_customer_async);

  data = g_new0 (UpdateData, 1);
  data->customer_id = g_strdup (customer_id);
  data->spec = pd_eoneopay_customer_spec_copy (spec);
  g_task_set_task_data (task, data, update_data_free);

  if (spec_names_card_ids (spec))
    {
      g_autoptr(PdHttpRequest) request = plain_request ("GET", "/customers", customer_id);

      send_request (self, request, task, on_update_current_ready);
      return;
    }

  send_update (task, NULL);
}

/**
 * pd_eoneopay_client_update_customer_finish:
 * @self: a #PdEoneopayClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the customer as EoneoPay answers it after the
 *   update, or %NULL with @error set
 */
PdEoneopayCustomer *
pd_eoneopay_client_update_customer_finish (PdEoneopayClient  *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_eoneopay_client_update_customer_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pd_eoneopay_client_delete_customer_async:
 * @self: a #PdEoneopayClient
 * @customer_id: the customer's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the customer is deleted
 * @user_data: data for @callback
 *
 * Deletes a customer (`DELETE /customers/<id>`); its cards can no longer
 * pay.
 */
void
pd_eoneopay_client_delete_customer_async (PdEoneopayClient    *self,
                                          const char          *customer_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PdHttpRequest) request = NULL;

  g_return_if_fail (PD_IS_EONEOPAY_CLIENT (self));
  g_return_if_fail (customer_id != NULL && *customer_id != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_eoneopay_client_delete_customer_async);

  request = plain_request ("DELETE", "/customers", customer_id);
  send_request (self, request, task, on_done_ready);
}

/**
 * pd_eoneopay_client_delete_customer_finish:
 * @self: a #PdEoneopayClient
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the customer was deleted
 */
gboolean
pd_eoneopay_client_delete_customer_finish (PdEoneopayClient  *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_eoneopay_client_delete_customer_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --------------------------------------------------------- provider */

static PdProviderViews
pd_eoneopay_client_get_views (PdProvider *provider)
{
  return PD_PROVIDER_VIEW_CUSTOMERS | PD_PROVIDER_VIEW_CHARGES |
         PD_PROVIDER_VIEW_REFUNDS | PD_PROVIDER_VIEW_CARDS;
}

static guint
pd_eoneopay_client_get_operations (PdProvider *provider)
{
  return PD_OPERATION_BIT (PD_OPERATION_CHARGE) | PD_OPERATION_BIT (PD_OPERATION_REFUND);
}

/* Neither a lookup nor an idempotency key exists for payments or refunds:
 * an outcome lost to a fault waits for a person who checks with EoneoPay. */
static PdReconcileMethod
pd_eoneopay_client_get_reconcile_method (PdProvider      *provider,
                                         PdOperationKind  kind)
{
  return PD_RECONCILE_NONE;
}

/* Payments cannot be listed: only customers and their cards are synced. */
static const char * const resources[] = { "customers", "cards", NULL };

static const char * const *
pd_eoneopay_client_get_resources (PdProvider *provider)
{
  return resources;
}

static void
on_page_ready (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PdHttpResponse) response = finish_request (object, result, task);
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(PdPage) page = NULL;
  g_autoptr(GError) error = NULL;
  const char *resource = g_task_get_task_data (task);

  if (response == NULL)
    return;

  customers = customers_from_response (response, &error);
  if (customers == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The whole list is one page: next_cursor stays NULL. */
  page = pd_page_new (resource);
  for (guint i = 0; i < customers->len; i++)
    {
      PdEoneopayCustomer *customer = g_ptr_array_index (customers, i);

      if (strcmp (resource, "customers") == 0)
        {
          g_ptr_array_add (page->customers, g_steal_pointer (&customer->customer));
        }
      else
        {
          for (guint j = 0; j < customer->cards->len; j++)
            g_ptr_array_add (page->cards, g_steal_pointer (&customer->cards->pdata[j]));
        }
    }

  g_task_return_pointer (task, g_steal_pointer (&page), (GDestroyNotify)pd_page_unref);
}

static void
pd_eoneopay_client_fetch_page_async (PdProvider          *provider,
                                     const char          *resource,
                                     const char          *cursor,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  PdEoneopayClient *self = PD_EONEOPAY_CLIENT (provider);
  g_autoptr(GTask) task = NULL;
  g_autoptr(PdHttpRequest) request = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_eoneopay_client_fetch_page_async);

  if (!g_strv_contains (resources, resource))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("EoneoPay has no list of “%s”."), resource);
      return;
    }

  g_task_set_task_data (task, g_strdup (resource), g_free);

  /* No pagination: every page is the whole list, whatever @cursor says. */
  request = plain_request ("GET", "/customers", NULL);
  send_request (self, request, task, on_page_ready);
}

static PdPage *
pd_eoneopay_client_fetch_page_finish (PdProvider    *provider,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Payments and refunds */

typedef struct
{
  PdOperation *operation;      /* a copy; its secrets are wiped when freed */
  gint64       cents;
  char        *customer_id;
  char        *customer_name;
  char        *token;
  char        *card_last4;
  GPtrArray   *held_tokens;    /* a customer's cards before a new one */
} PerformData;

static void
perform_data_free (gpointer pointer)
{
  PerformData *data = pointer;

  g_clear_pointer (&data->operation, pd_operation_free);
  g_free (data->customer_id);
  g_free (data->customer_name);
  pd_secret_text_free (data->token);
  g_free (data->card_last4);
  g_clear_pointer (&data->held_tokens, g_ptr_array_unref);
  g_free (data);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* A step before the payment failed: nothing was charged, whatever became
 * of that step, so the outbox may call the charge failed. */
static GError *
before_payment_error (GError *error)
{
  PdProviderErrorInfo info = { 0, };
  GError *known;

  if (!pd_provider_error_is_outcome_unknown (error))
    return error;

  info.provider_name = pd_provider_error_get_provider_name (error);
  info.http_status = pd_provider_error_get_http_status (error);
  info.provider_code = pd_provider_error_get_provider_code (error);
  info.provider_message = pd_provider_error_get_provider_message (error);
  info.detail = _("the card could not be saved, so nothing was charged");
  known = pd_provider_error_new_full (error->code, &info);
  g_error_free (error);

  return known;
}

/* Like finish_request(), for the steps before a payment. */
static PdHttpResponse *
finish_step (GObject      *object,
             GAsyncResult *result,
             GTask        *task)
{
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = pd_http_client_request_finish (PD_HTTP_CLIENT (object), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return NULL;

  if (response == NULL || !check_answer_code (response, &error))
    {
      g_task_return_error (task, before_payment_error (g_steal_pointer (&error)));
      return NULL;
    }

  return g_steal_pointer (&response);
}

static void
on_payment_ready (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PerformData *data = g_task_get_task_data (task);
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdTransaction) transaction = NULL;
  g_autoptr(GError) amount_error = NULL;
  PdOperationResult *operation_result;
  JsonObject *answer, *payment;
  JsonNode *payment_node;
  const char *currency;

  response = pd_http_client_request_finish (PD_HTTP_CLIENT (object), result, &error);

  /* The task does not check its cancellable by itself: an answer that made
   * it here is returned even if the caller has just cancelled, because it
   * says what became of the money. Without one, the cancellation stands. */
  if (response == NULL && g_task_return_error_if_cancelled (task))
    return;

  if (response == NULL || !check_answer_code (response, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  answer = pd_http_response_get_object (response);
  payment = get_object_member (answer, "payment");
  payment_node = payment != NULL ? json_object_get_member (answer, "payment") : NULL;

  transaction = pd_transaction_new ();
  transaction->kind = PD_TRANSACTION_KIND_PAYMENT;
  transaction->state = PD_TRANSACTION_STATE_SUCCEEDED;
  transaction->provider_id = dup_nonempty (payment, "txnID");
  if (transaction->provider_id == NULL)
    transaction->provider_id = dup_nonempty (answer, "txnID");
  if (transaction->provider_id == NULL)
    {
      g_task_return_error (task, malformed_answer (TRUE, _("the answer holds no transaction id")));
      return;
    }

  currency = get_string (payment, "currency");
  if (payment == NULL || !json_object_has_member (payment, "amount"))
    {
      /* What was asked is what was charged. */
      pd_money_init (&transaction->amount, data->cents, 2, CURRENCY);
    }
  else if (!pd_json_get_money (payment, "amount", currency != NULL ? currency : CURRENCY,
                               PD_AMOUNT_MINOR, &transaction->amount, &amount_error))
    {
      g_task_return_error (task, malformed_answer (TRUE, amount_error->message));
      return;
    }

  transaction->reference = dup_nonempty (payment, "reference");
  if (transaction->reference == NULL)
    transaction->reference = g_strdup (data->operation->reference);
  transaction->provider_status = dup_nonempty (answer, "message");
  transaction->customer_provider_id = g_strdup (data->customer_id);
  transaction->customer_name = g_strdup (data->customer_name);
  transaction->card_last4 = g_strdup (data->card_last4);
  transaction->description = g_strdup (data->operation->description);
  transaction->email = g_strdup (pd_operation_get_field (data->operation, "email"));
  transaction->created_at = transaction->updated_at = now_seconds ();
  transaction->raw_json = node_to_json (payment_node != NULL ? payment_node : pd_http_response_get_root (response));

  operation_result = pd_operation_result_new (g_steal_pointer (&transaction));
  operation_result->response_json = node_to_json (pd_http_response_get_root (response));
  g_task_return_pointer (task, operation_result, (GDestroyNotify)pd_operation_result_free);
}

static void
send_payment (GTask *task)
{
  PdEoneopayClient *self = g_task_get_source_object (task);
  PerformData *data = g_task_get_task_data (task);
  g_autoptr(PdHttpRequest) request = NULL;
  gsize bound = 96 + json_bound (data->token) + json_bound (data->operation->reference);
  GString *json = g_string_sized_new (bound);
  gboolean first = TRUE;

  g_string_append_c (json, '{');
  json_member (json, &first, "token");
  json_string (json, data->token);
  json_member (json, &first, "reference");
  json_string (json, data->operation->reference);
  json_member (json, &first, "amount");
  g_string_append_printf (json, "%" G_GINT64_FORMAT, data->cents);
  json_member (json, &first, "currency");
  json_string (json, CURRENCY);
  g_string_append_c (json, '}');

  /* No idempotency key: EoneoPay has none, and without one the HTTP layer
   * never repeats this POST. */
  request = form_request ("POST", "/payments", NULL, "payment", json);
  send_request (self, request, task, on_payment_ready);
}

static const char *
card_info_pan (JsonObject *card)
{
  return get_string (get_object_member (card, "creditCardInfo"), "pan");
}

static gboolean
card_is_expired (JsonObject *card,
                 GDateTime  *now)
{
  guint month, year;

  parse_card_expiry (get_string (get_object_member (card, "creditCardInfo"), "expiryDate"),
                     &month, &year);
  if (year == 0)
    return FALSE;

  return year < (guint)g_date_time_get_year (now) ||
         (year == (guint)g_date_time_get_year (now) && month < (guint)g_date_time_get_month (now));
}

/* Picks the card to charge from the customer's JSON: the one the operation
 * names in its "card" field, else the first that has not expired, else the
 * first (EoneoPay then says why it is declined). */
static gboolean
choose_card (PdEoneopayClient  *self,
             PerformData       *data,
             JsonObject        *customer,
             GError           **error)
{
  const char *wanted = pd_operation_get_field (data->operation, "card");
  JsonArray *cards = get_array_member (customer, "credit_cards");
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (self->timezone);
  g_autoptr(GDateTime) now = NULL;
  JsonObject *chosen = NULL;
  JsonObject *first = NULL;

  /* A card is good through its expiry month, in the account's zone. */
  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  now = g_date_time_new_now (zone);

  for (guint i = 0; cards != NULL && i < json_array_get_length (cards); i++)
    {
      JsonNode *node = json_array_get_element (cards, i);
      JsonObject *card;
      const char *token;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      card = json_node_get_object (node);
      token = get_string (card, "token");
      if (token == NULL)
        continue;

      if (wanted != NULL)
        {
          g_autofree char *card_id = pd_eoneopay_client_card_id_for_token (token);

          if (strcmp (wanted, token) == 0 || strcmp (wanted, card_id) == 0)
            {
              chosen = card;
              break;
            }
          continue;
        }

      if (first == NULL)
        first = card;
      if (!card_is_expired (card, now))
        {
          chosen = card;
          break;
        }
    }

  if (chosen == NULL)
    chosen = first;

  if (chosen == NULL)
    {
      if (wanted != NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("The customer holds no card %s."), wanted);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("The customer %s has no saved card to charge."), data->customer_id);
      return FALSE;
    }

  data->token = g_strdup (get_string (chosen, "token"));
  if (card_info_pan (chosen) != NULL)
    data->card_last4 = pan_last_digits (card_info_pan (chosen));

  return TRUE;
}

static void
remember_customer (PerformData *data,
                   JsonObject  *customer)
{
  g_autofree char *id = dup_nonempty (customer, "id");

  if (id != NULL)
    {
      g_free (data->customer_id);
      data->customer_id = g_steal_pointer (&id);
    }

  g_free (data->customer_name);
  data->customer_name = dup_nonempty (customer, "name");
}

static void
on_charge_customer_ready (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PdHttpResponse) response = finish_step (object, result, task);
  PerformData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  if (response == NULL)
    return;

  node = customer_node_of (pd_http_response_get_root (response));
  if (node == NULL)
    {
      g_task_return_error (task, malformed_answer (FALSE, _("the answer holds no customer")));
      return;
    }

  remember_customer (data, json_node_get_object (node));
  if (!choose_card (g_task_get_source_object (task), data, json_node_get_object (node), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  send_payment (task);
}

/* The customer's answer after the new card was saved: its token is the one
 * the customer did not hold before. */
static void
on_card_saved (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PdHttpResponse) response = finish_step (object, result, task);
  PerformData *data = g_task_get_task_data (task);
  JsonArray *cards;
  JsonNode *node;

  if (response == NULL)
    return;

  node = customer_node_of (pd_http_response_get_root (response));
  cards = node != NULL ? get_array_member (json_node_get_object (node), "credit_cards") : NULL;

  for (guint i = 0; cards != NULL && i < json_array_get_length (cards); i++)
    {
      JsonNode *element = json_array_get_element (cards, i);
      const char *token;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;

      token = get_string (json_node_get_object (element), "token");
      if (token == NULL ||
          (data->held_tokens != NULL && g_ptr_array_find_with_equal_func (data->held_tokens, token, g_str_equal, NULL)))
        continue;

      data->token = g_strdup (token);
      break;
    }

  if (data->token == NULL)
    {
      g_task_return_error (task, malformed_answer (FALSE, _("the answer holds no token for the new card")));
      return;
    }

  remember_customer (data, json_node_get_object (node));
  send_payment (task);
}

/* Saves the operation's card number on a customer: a new one, or the
 * customer given (whose cards are kept). The number and CVV leave the
 * operation here, into a body that wipes itself. */
static void
save_new_card (GTask      *task,
               JsonObject *current)
{
  PdEoneopayClient *self = g_task_get_source_object (task);
  PerformData *data = g_task_get_task_data (task);
  g_autoptr(PdEoneopayCustomerSpec) spec = pd_eoneopay_customer_spec_new ();
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  const char *expiry = pd_operation_get_secret (data->operation, "expiry_date");
  GString *json;

  if (expiry == NULL)
    expiry = pd_operation_get_field (data->operation, "expiry_date");

  if (current != NULL)
    {
      JsonArray *cards = get_array_member (current, "credit_cards");

      data->held_tokens = g_ptr_array_new_with_free_func (g_free);
      pd_eoneopay_customer_spec_clear_cards (spec);
      for (guint i = 0; cards != NULL && i < json_array_get_length (cards); i++)
        {
          JsonNode *element = json_array_get_element (cards, i);
          const char *token;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;

          token = get_string (json_node_get_object (element), "token");
          if (token == NULL)
            continue;

          /* Cards left out of a PUT are detached: send every one back. */
          pd_eoneopay_customer_spec_keep_card (spec, token);
          g_ptr_array_add (data->held_tokens, g_strdup (token));
        }
    }
  else
    {
      const char *name = pd_operation_get_field (data->operation, "customer_name");

      if (name == NULL || *name == '\0')
        name = data->operation->reference;
      pd_eoneopay_customer_spec_set_name (spec, name);
      pd_eoneopay_customer_spec_set_email (spec, pd_operation_get_field (data->operation, "email"));
    }

  pd_eoneopay_customer_spec_add_card (spec,
                                      pd_operation_get_secret (data->operation, "card_number"),
                                      expiry,
                                      pd_operation_get_secret (data->operation, "cvv"));
  json = customer_json (spec, NULL, &error);

  pd_operation_set_secret (data->operation, "card_number", NULL);
  pd_operation_set_secret (data->operation, "cvv", NULL);
  g_clear_pointer (&spec, pd_eoneopay_customer_spec_free);

  if (json == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (current != NULL)
    request = form_request ("PUT", "/customers", data->customer_id, "customer", json);
  else
    request = form_request ("POST", "/customers", NULL, "customer", json);
  send_request (self, request, task, on_card_saved);
}

static void
on_charge_holder_ready (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PdHttpResponse) response = finish_step (object, result, task);
  JsonNode *node;

  if (response == NULL)
    return;

  node = customer_node_of (pd_http_response_get_root (response));
  if (node == NULL)
    {
      g_task_return_error (task, malformed_answer (FALSE, _("the answer holds no customer")));
      return;
    }

  save_new_card (task, json_node_get_object (node));
}

static gboolean
operation_cents (const PdOperation  *operation,
                 gint64             *cents,
                 GError            **error)
{
  PdMoney amount;

  if (g_ascii_strcasecmp (operation->amount.currency, CURRENCY) != 0)
    {
      g_propagate_error (error, invalid_input (_("EoneoPay takes payments in Australian dollars (AUD) only.")));
      return FALSE;
    }

  if (!pd_money_rescale (&operation->amount, 2, &amount, NULL))
    {
      g_propagate_error (error, invalid_input (_("EoneoPay takes amounts in whole cents.")));
      return FALSE;
    }

  if (amount.units <= 0 || amount.units > G_MAXINT32)
    {
      g_propagate_error (error, invalid_input (_("The amount must be more than zero and at most AUD 21,474,836.47.")));
      return FALSE;
    }

  *cents = amount.units;
  return TRUE;
}

static void
start_charge (GTask             *task,
              const PdOperation *operation)
{
  PdEoneopayClient *self = g_task_get_source_object (task);
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  PerformData *data;
  const char *customer_id;
  const char *token;
  const char *number;
  gint64 cents = 0;

  if (!operation_cents (operation, &cents, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (operation->reference == NULL || *operation->reference == '\0')
    {
      g_task_return_error (task, invalid_input (_("A payment needs a reference.")));
      return;
    }

  number = pd_operation_get_secret (operation, "card_number");
  if (number != NULL)
    {
      const char *expiry = pd_operation_get_secret (operation, "expiry_date");

      if (expiry == NULL)
        expiry = pd_operation_get_field (operation, "expiry_date");
      if (!check_new_card (number, expiry, pd_operation_get_secret (operation, "cvv"), &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  data = g_new0 (PerformData, 1);
  data->operation = pd_operation_copy (operation);
  data->cents = cents;
  g_task_set_task_data (task, data, perform_data_free);

  customer_id = operation->target_provider_id;
  if (customer_id == NULL || *customer_id == '\0')
    customer_id = pd_operation_get_field (operation, "customer");
  if (customer_id != NULL && *customer_id != '\0')
    data->customer_id = g_strdup (customer_id);

  token = pd_operation_get_field (operation, "token");

  if (number != NULL)
    {
      /* Paydesk may show the last four digits it was given. */
      g_auto(PdSecretText) digits = card_number_digits (number);

      data->card_last4 = g_strdup (digits + strlen (digits) - 4);

      if (data->customer_id == NULL)
        {
          save_new_card (task, NULL);
          return;
        }
      request = plain_request ("GET", "/customers", data->customer_id);
      send_request (self, request, task, on_charge_holder_ready);
    }
  else if (token != NULL && *token != '\0')
    {
      data->token = g_strdup (token);
      send_payment (task);
    }
  else if (data->customer_id != NULL)
    {
      request = plain_request ("GET", "/customers", data->customer_id);
      send_request (self, request, task, on_charge_customer_ready);
    }
  else
    {
      g_task_return_error (task, invalid_input (_("A card payment needs a card number, "
                                                  "a saved card’s token or a customer with a saved card.")));
    }
}

static void
on_refund_ready (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PerformData *data = g_task_get_task_data (task);
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) amount_error = NULL;
  g_autoptr(PdTransaction) transaction = NULL;
  PdOperationResult *operation_result;
  JsonObject *answer, *refund;
  const char *currency;

  response = pd_http_client_request_finish (PD_HTTP_CLIENT (object), result, &error);

  /* As for payments: an answer that arrived is kept even if cancelled. */
  if (response == NULL && g_task_return_error_if_cancelled (task))
    return;

  if (response == NULL || !check_answer_code (response, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  answer = pd_http_response_get_object (response);
  refund = get_object_member (answer, "refund");

  transaction = pd_transaction_new ();
  transaction->kind = PD_TRANSACTION_KIND_REFUND;
  transaction->state = PD_TRANSACTION_STATE_SUCCEEDED;
  transaction->provider_id = dup_nonempty (refund, "txnID");
  if (transaction->provider_id == NULL)
    transaction->provider_id = dup_nonempty (answer, "txnID");
  if (transaction->provider_id == NULL)
    {
      g_task_return_error (task, malformed_answer (TRUE, _("the answer holds no transaction id")));
      return;
    }

  currency = get_string (refund, "currency");
  if (refund != NULL && json_object_has_member (refund, "amount"))
    {
      if (!pd_json_get_money (refund, "amount", currency != NULL ? currency : CURRENCY,
                              PD_AMOUNT_MINOR, &transaction->amount, &amount_error))
        {
          g_task_return_error (task, malformed_answer (TRUE, amount_error->message));
          return;
        }
    }
  else if (pd_money_is_set (&data->operation->amount))
    {
      /* Refunds are always full; the amount asked is the best there is. */
      transaction->amount = data->operation->amount;
    }
  else
    {
      g_task_return_error (task, malformed_answer (TRUE, _("the answer holds no amount")));
      return;
    }

  transaction->parent_provider_id = g_strdup (data->operation->target_provider_id);
  /* EoneoPay takes no reference for a refund; it answers the payment's. */
  transaction->reference = dup_nonempty (refund, "purchaseOrderNo");
  if (transaction->reference == NULL)
    transaction->reference = g_strdup (data->operation->reference);
  transaction->provider_status = dup_nonempty (answer, "message");
  transaction->description = g_strdup (data->operation->description);
  transaction->created_at = transaction->updated_at = now_seconds ();
  transaction->raw_json = node_to_json (refund != NULL ? json_object_get_member (answer, "refund")
                                                       : pd_http_response_get_root (response));

  /* The refunded payment is not in the answer; the outbox marks the local
   * record itself rather than have a partial one overwrite it. */
  operation_result = pd_operation_result_new (g_steal_pointer (&transaction));
  operation_result->response_json = node_to_json (pd_http_response_get_root (response));
  g_task_return_pointer (task, operation_result, (GDestroyNotify)pd_operation_result_free);
}

/* `DELETE /payments/<txnID>` refunds the whole payment: EoneoPay has no
 * partial refund, and no reference or idempotency key for one. */
static void
start_refund (GTask             *task,
              const PdOperation *operation)
{
  PdEoneopayClient *self = g_task_get_source_object (task);
  g_autoptr(PdHttpRequest) request = NULL;
  PerformData *data;

  if (operation->target_provider_id == NULL || *operation->target_provider_id == '\0')
    {
      g_task_return_error (task, invalid_input (_("A refund needs the transaction id of the payment.")));
      return;
    }

  data = g_new0 (PerformData, 1);
  data->operation = pd_operation_copy (operation);
  g_task_set_task_data (task, data, perform_data_free);

  request = plain_request ("DELETE", "/payments", operation->target_provider_id);
  send_request (self, request, task, on_refund_ready);
}

static void
pd_eoneopay_client_perform_async (PdProvider          *provider,
                                  const PdOperation   *operation,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  PdEoneopayClient *self = PD_EONEOPAY_CLIENT (provider);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_eoneopay_client_perform_async);
  g_task_set_check_cancellable (task, FALSE);

  if (g_task_return_error_if_cancelled (task))
    return;

  switch (operation->kind)
    {
    case PD_OPERATION_CHARGE:
      start_charge (task, operation);
      break;

    case PD_OPERATION_REFUND:
      start_refund (task, operation);
      break;

    case PD_OPERATION_COLLECTION:
    case PD_OPERATION_DISBURSEMENT:
    case PD_OPERATION_TRANSFER:
    case PD_OPERATION_VEND:
    case PD_OPERATION_BILL:
    case PD_OPERATION_TOPUP:
    default:
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("EoneoPay cannot do this: %s."),
                               pd_operation_kind_get_label (operation->kind));
    }
}

static PdOperationResult *
pd_eoneopay_client_perform_finish (PdProvider    *provider,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* There is nothing to look up with: see get_reconcile_method(). Never
 * PD_PROVIDER_ERROR_NOT_FOUND, which would let the outbox send again. */
static void
pd_eoneopay_client_lookup_async (PdProvider          *provider,
                                 const PdOperation   *operation,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);

  g_task_set_source_tag (task, pd_eoneopay_client_lookup_async);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("EoneoPay cannot look up a payment or refund; "
                             "check it in the EoneoPay dashboard."));
}

static PdOperationResult *
pd_eoneopay_client_lookup_finish (PdProvider    *provider,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_test_ready (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = pd_http_client_request_finish (PD_HTTP_CLIENT (object), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  /* A key that may not manage keys was still accepted. */
  if (response != NULL || g_error_matches (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_FORBIDDEN))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/* `GET /apikeys/<own key>`: small, changes nothing, and authenticated. */
static void
pd_eoneopay_client_test_async (PdProvider          *provider,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  PdEoneopayClient *self = PD_EONEOPAY_CLIENT (provider);
  g_autoptr(GTask) task = NULL;
  g_autoptr(PdHttpRequest) request = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_eoneopay_client_test_async);

  request = plain_request ("GET", "/apikeys", self->api_key != NULL ? self->api_key : "");
  send_request (self, request, task, on_test_ready);
}

static gboolean
pd_eoneopay_client_test_finish (PdProvider    *provider,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
pd_eoneopay_client_provider_init (PdProviderInterface *iface)
{
  iface->get_views = pd_eoneopay_client_get_views;
  iface->get_operations = pd_eoneopay_client_get_operations;
  iface->get_reconcile_method = pd_eoneopay_client_get_reconcile_method;
  iface->get_resources = pd_eoneopay_client_get_resources;
  iface->fetch_page_async = pd_eoneopay_client_fetch_page_async;
  iface->fetch_page_finish = pd_eoneopay_client_fetch_page_finish;
  iface->perform_async = pd_eoneopay_client_perform_async;
  iface->perform_finish = pd_eoneopay_client_perform_finish;
  iface->lookup_async = pd_eoneopay_client_lookup_async;
  iface->lookup_finish = pd_eoneopay_client_lookup_finish;
  iface->test_async = pd_eoneopay_client_test_async;
  iface->test_finish = pd_eoneopay_client_test_finish;
}

/* ----------------------------------------------------------- object */

static void
pd_eoneopay_client_dispose (GObject *object)
{
  PdEoneopayClient *self = (PdEoneopayClient *)object;

  if (self->http != NULL)
    {
      pd_http_client_set_prepare_func (self->http, NULL, NULL, NULL);
      pd_http_client_set_error_parser (self->http, NULL, NULL, NULL);
    }
  g_clear_object (&self->http);

  G_OBJECT_CLASS (pd_eoneopay_client_parent_class)->dispose (object);
}

static void
pd_eoneopay_client_finalize (GObject *object)
{
  PdEoneopayClient *self = (PdEoneopayClient *)object;

  g_clear_pointer (&self->api_key, pd_secret_text_free);
  g_clear_pointer (&self->timezone, g_free);

  G_OBJECT_CLASS (pd_eoneopay_client_parent_class)->finalize (object);
}

static void
pd_eoneopay_client_class_init (PdEoneopayClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_eoneopay_client_dispose;
  object_class->finalize = pd_eoneopay_client_finalize;
}

/* libsoup sends a PUT or DELETE again by itself when the kept-alive
 * connection it reused breaks before an answer, since HTTP calls those
 * methods idempotent. A refund is a DELETE that must go out once: every
 * request that may change something gets a connection of its own, which
 * libsoup never restarts on. */
static void
on_request_queued (SoupSession *session,
                   SoupMessage *message,
                   gpointer     user_data)
{
  const char *method = soup_message_get_method (message);

  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    soup_message_add_flags (message, SOUP_MESSAGE_NEW_CONNECTION);
}

static void
pd_eoneopay_client_init (PdEoneopayClient *self)
{
  g_autoptr(SoupSession) session = pd_http_session_new ();

  g_signal_connect (session, "request-queued", G_CALLBACK (on_request_queued), NULL);

  self->timezone = g_strdup (pd_provider_get_default_timezone (PROVIDER_ID));
  self->http = g_object_new (PD_TYPE_HTTP_CLIENT,
                             "session", session,
                             "provider-name", provider_name (),
                             NULL);
  pd_http_client_set_prepare_func (self->http, prepare_request, self, NULL);
  pd_http_client_set_error_parser (self->http, parse_error_body, NULL, NULL);
}

/**
 * pd_eoneopay_client_new:
 * @base_url: the account's base URL, without a path: the production
 *   address or the sandbox's, e.g. "http://127.0.0.1:40003"
 * @api_key: (nullable): the account's secret API key (`sk_…`), sent as the
 *   user name of HTTP basic authentication
 *
 * Makes a client for one EoneoPay account. It implements #PdProvider:
 * customers and cards are synced, payments (card charges) and full
 * refunds are performed, and an unknown outcome cannot be reconciled
 * automatically (%PD_RECONCILE_NONE).
 *
 * For pd_provider_perform_async(), a charge is an amount in AUD with a
 * reference, paid with (first that applies):
 *
 * - a new card: the secrets `card_number` and `cvv`, and `expiry_date`
 *   (MM/YY) as a field or secret. It is saved on the customer given as
 *   #PdOperation.target_provider_id or the field `customer` (whose other
 *   cards are kept), or else on a new customer named by the field
 *   `customer_name` (or the reference), with the field `email`;
 * - the field `token`, a saved card's token;
 * - the customer given: the card named by the field `card` (a card id or a
 *   token), else the customer's first card that has not expired.
 *
 * A refund's target is the payment's txnID; EoneoPay refunds it in full
 * whatever the amount says. Neither is ever sent twice by this client.
 *
 * Returns: (transfer full): a new #PdEoneopayClient
 */
PdEoneopayClient *
pd_eoneopay_client_new (const char *base_url,
                        const char *api_key)
{
  PdEoneopayClient *self = g_object_new (PD_TYPE_EONEOPAY_CLIENT, NULL);

  pd_http_client_set_base_url (self->http, base_url);
  pd_eoneopay_client_set_api_key (self, api_key);

  return self;
}

/**
 * pd_eoneopay_client_new_for_account:
 * @account: an EoneoPay account
 * @secrets: (nullable): the account's secrets; `api_key` is needed
 * @error: return location for a #GError
 *
 * Makes a client for @account, with its base URL, its time zone and the
 * API key from @secrets. This is the constructor the provider registry
 * uses. EoneoPay's document names no production address, so the account
 * must have one.
 *
 * Returns: (transfer full): a new #PdEoneopayClient as a #PdProvider, or
 *   %NULL with @error set
 */
PdProvider *
pd_eoneopay_client_new_for_account (const PdAccount    *account,
                                    const PdSecretSet  *secrets,
                                    GError            **error)
{
  g_autoptr(PdEoneopayClient) client = NULL;
  const char *api_key;

  g_return_val_if_fail (account != NULL, NULL);

  api_key = secrets != NULL ? pd_secret_set_get (secrets, "api_key") : NULL;
  if (api_key == NULL || *api_key == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The EoneoPay account has no API key (the secret field “%s”)"), "api_key");
      return NULL;
    }

  if (account->base_url == NULL || *account->base_url == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The EoneoPay account has no address; enter the one EoneoPay gave you"));
      return NULL;
    }

  client = pd_eoneopay_client_new (account->base_url, api_key);
  if (account->timezone != NULL && *account->timezone != '\0')
    pd_eoneopay_client_set_timezone (client, account->timezone);

  return PD_PROVIDER (g_steal_pointer (&client));
}

/**
 * pd_eoneopay_client_get_timezone:
 * @self: a #PdEoneopayClient
 *
 * Returns: the IANA time zone of the account (`Australia/Sydney` unless
 *   set), in which a card's expiry month is judged
 */
const char *
pd_eoneopay_client_get_timezone (PdEoneopayClient *self)
{
  g_return_val_if_fail (PD_IS_EONEOPAY_CLIENT (self), NULL);

  return self->timezone;
}

/**
 * pd_eoneopay_client_set_timezone:
 * @self: a #PdEoneopayClient
 * @timezone: an IANA time zone name, e.g. "Australia/Perth"
 *
 * Sets the account's time zone. EoneoPay's answers carry no times; the
 * zone only decides in which month "now" is when a saved card is picked.
 */
void
pd_eoneopay_client_set_timezone (PdEoneopayClient *self,
                                 const char       *timezone)
{
  g_return_if_fail (PD_IS_EONEOPAY_CLIENT (self));
  g_return_if_fail (timezone != NULL);

  g_free (self->timezone);
  self->timezone = g_strdup (timezone);
}

/**
 * pd_eoneopay_client_get_http_client:
 * @self: a #PdEoneopayClient
 *
 * The HTTP client requests go through, to set timeouts and retry delays.
 *
 * Returns: (transfer none): the #PdHttpClient
 */
PdHttpClient *
pd_eoneopay_client_get_http_client (PdEoneopayClient *self)
{
  g_return_val_if_fail (PD_IS_EONEOPAY_CLIENT (self), NULL);

  return self->http;
}

/**
 * pd_eoneopay_client_set_api_key:
 * @self: a #PdEoneopayClient
 * @api_key: (nullable): the secret API key, or %NULL for none
 *
 * Replaces the key requests are sent with, wiping the old one. Requests
 * already sent keep the key they were sent with.
 */
void
pd_eoneopay_client_set_api_key (PdEoneopayClient *self,
                                const char       *api_key)
{
  g_return_if_fail (PD_IS_EONEOPAY_CLIENT (self));

  g_clear_pointer (&self->api_key, pd_secret_text_free);
  self->api_key = g_strdup (api_key);
}

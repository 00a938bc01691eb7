/* pd-eoneopay-sandbox.c - the EoneoPay API (Australia, cards), simulated
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <libsoup/soup.h>

#include "pd-luhn.h"
#include "pd-sandbox.h"

/* Where the document is silent or contradicts itself, the reading followed
 * here is recorded under "Provider readings" → "EoneoPay" in HACKING.md. */

#define CURRENCY "AUD"
#define FIRST_TXN_ID 273040
#define DAY (24 * 60 * 60)
#define SEED_SPAN (548 * DAY)

/* A payment of this many cents is declined as the card networks would. */
#define AMOUNT_DECLINED 99999

typedef struct
{
  const char *token;
  const char *masked_pan;
  const char *expiry;
  guint       expiry_month;
  guint       expiry_year;
  const char *card_type;
  const char *card_description;
  const char *customer_id;
} Card;

/* The document gives bank account numbers and branches as JSON numbers;
 * a client may send strings (a leading zero needs one), which are kept. */
typedef struct
{
  const char *name;
  const char *number;
  gboolean    number_is_integer;
  const char *branch;
  gboolean    branch_is_integer;
} BankAccount;

typedef struct
{
  const char *id;
  const char *name;
  const char *email;
  const char *address;
  GPtrArray  *cards;
  GPtrArray  *bank_accounts;
  gboolean    deleted;
} Customer;

typedef struct
{
  const char *txn_id;
  const char *token;
  const char *reference;
  PdMoney     amount;
  const char *refund_txn_id;
} Payment;

typedef struct
{
  const char *secret;
  const char *public;
  gboolean    admin;
  gboolean    revoked;
} ApiKey;

typedef struct
{
  PdSandboxProvider *provider;
  PdSandboxTable    *customers;
  GPtrArray         *cards;
  GHashTable        *cards_by_token;
  GHashTable        *payments;
  GPtrArray         *payment_list;
  GHashTable        *keys;
  GPtrArray         *key_list;
  guint64            next_txn_id;
} EoneoPay;

static PdMoney
aud (gint64 cents)
{
  PdMoney money;

  pd_money_init (&money, cents, 2, CURRENCY);
  return money;
}

static void
customer_free (gpointer data)
{
  Customer *customer = data;

  g_ptr_array_unref (customer->cards);
  g_ptr_array_unref (customer->bank_accounts);
  g_free (customer);
}

/* Errors and answers share one shape: {"code": …, "message": …}, code 0 on
 * success and the HTTP status otherwise. */
static void
write_error (PdSandboxProvider *provider,
             PdSandboxRequest  *request,
             guint              status,
             const char        *code,
             const char        *message)
{
  PdJsonWriter *writer = pd_json_writer_new ();

  pd_json_writer_begin_object (writer);
  pd_sandbox_write_int (writer, "code", status);
  pd_sandbox_write_string (writer, "message", message);
  pd_json_writer_end_object (writer);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    pd_sandbox_request_set_header (request, "WWW-Authenticate", "Basic realm=\"EoneoPay\"");

  pd_sandbox_request_respond_json (request, status, writer);
}

static void
respond_message (PdSandboxRequest *request,
                 const char       *message)
{
  PdJsonWriter *writer = pd_json_writer_new ();

  pd_json_writer_begin_object (writer);
  pd_sandbox_write_int (writer, "code", 0);
  pd_sandbox_write_string (writer, "message", message);
  pd_json_writer_end_object (writer);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

static void
write_number_or_string (PdJsonWriter *writer,
                        const char   *member,
                        const char   *text,
                        gboolean      is_integer)
{
  pd_json_writer_member (writer, member);
  if (text != NULL && is_integer)
    pd_json_writer_raw_number (writer, text);
  else
    pd_json_writer_string (writer, text);
}

static void
write_customer (PdJsonWriter *writer,
                Customer     *customer)
{
  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "name", customer->name);
  pd_sandbox_write_string (writer, "email", customer->email);
  pd_sandbox_write_string (writer, "address", customer->address);

  pd_json_writer_member (writer, "credit_cards");
  pd_json_writer_begin_array (writer);
  for (guint i = 0; i < customer->cards->len; i++)
    {
      Card *card = g_ptr_array_index (customer->cards, i);

      pd_json_writer_begin_object (writer);
      pd_sandbox_write_string (writer, "token", card->token);
      pd_json_writer_member (writer, "creditCardInfo");
      pd_json_writer_begin_object (writer);
      pd_sandbox_write_string (writer, "pan", card->masked_pan);
      pd_sandbox_write_string (writer, "expiryDate", card->expiry);
      pd_sandbox_write_string (writer, "cardType", card->card_type);
      pd_sandbox_write_string (writer, "cardDescription", card->card_description);
      pd_json_writer_end_object (writer);
      pd_json_writer_end_object (writer);
    }
  pd_json_writer_end_array (writer);

  pd_json_writer_member (writer, "bank_accounts");
  pd_json_writer_begin_array (writer);
  for (guint i = 0; i < customer->bank_accounts->len; i++)
    {
      BankAccount *account = g_ptr_array_index (customer->bank_accounts, i);

      pd_json_writer_begin_object (writer);
      pd_sandbox_write_string (writer, "name", account->name);
      write_number_or_string (writer, "number", account->number, account->number_is_integer);
      write_number_or_string (writer, "branch", account->branch, account->branch_is_integer);
      pd_json_writer_end_object (writer);
    }
  pd_json_writer_end_array (writer);

  pd_sandbox_write_string (writer, "id", customer->id);
  pd_json_writer_end_object (writer);
}

static void
respond_customer (PdSandboxRequest *request,
                  const char       *message,
                  Customer         *customer)
{
  PdJsonWriter *writer = pd_json_writer_new ();

  pd_json_writer_begin_object (writer);
  pd_sandbox_write_int (writer, "code", 0);
  pd_sandbox_write_string (writer, "message", message);
  pd_json_writer_member (writer, "customer");
  write_customer (writer, customer);
  pd_json_writer_end_object (writer);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

/* Authentication: HTTP basic, the secret key as the user name. */

static ApiKey *
request_key (EoneoPay         *self,
             PdSandboxRequest *request)
{
  const char *header = pd_sandbox_request_get_header (request, "Authorization");
  g_autofree guchar *decoded = NULL;
  g_autofree char *user = NULL;
  gsize length = 0;
  const char *colon;
  ApiKey *key;

  if (header == NULL || g_ascii_strncasecmp (header, "Basic ", 6) != 0)
    return NULL;

  decoded = g_base64_decode (header + 6, &length);
  if (decoded == NULL || length == 0)
    return NULL;

  colon = memchr (decoded, ':', length);
  user = g_strndup ((const char *)decoded, colon ? (gsize)(colon - (const char *)decoded) : length);

  key = g_hash_table_lookup (self->keys, user);
  if (key == NULL || key->revoked)
    return NULL;

  return key;
}

static gboolean
authenticate (PdSandboxProvider *provider,
              PdSandboxRequest  *request)
{
  EoneoPay *self = pd_sandbox_provider_get_state (provider);

  if (pd_sandbox_request_get_header (request, "Authorization") == NULL)
    {
      pd_sandbox_request_error (request, SOUP_STATUS_UNAUTHORIZED, NULL,
                                "No API key provided. Use HTTP basic authentication with your secret key as the user name.");
      return FALSE;
    }

  if (request_key (self, request) == NULL)
    {
      pd_sandbox_request_error (request, SOUP_STATUS_UNAUTHORIZED, NULL,
                                "Invalid API key provided.");
      return FALSE;
    }

  return TRUE;
}

static ApiKey *
require_admin (EoneoPay         *self,
               PdSandboxRequest *request)
{
  ApiKey *key = request_key (self, request);

  if (key == NULL || !key->admin)
    {
      pd_sandbox_request_error (request, SOUP_STATUS_FORBIDDEN, NULL,
                                "An administrator API key is required to manage API keys.");
      return NULL;
    }

  return key;
}

static ApiKey *
add_key (EoneoPay        *self,
         PdSandboxRandom *random,
         gboolean         admin)
{
  ApiKey *key = g_new0 (ApiKey, 1);

  key->secret = pd_sandbox_provider_take (self->provider, pd_sandbox_random_token (random, "sk_test_", 24));
  key->public = pd_sandbox_provider_take (self->provider, pd_sandbox_random_token (random, "pk_test_", 24));
  key->admin = admin;
  g_ptr_array_add (self->key_list, key);
  g_hash_table_insert (self->keys, (gpointer)key->secret, key);

  return key;
}

static void
create_api_key (PdSandboxProvider *provider,
                PdSandboxRequest  *request)
{
  EoneoPay *self = pd_sandbox_provider_get_state (provider);
  PdJsonWriter *writer;
  ApiKey *key;

  if (require_admin (self, request) == NULL)
    return;

  key = add_key (self, pd_sandbox_provider_get_random (provider), FALSE);

  writer = pd_json_writer_new ();
  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "test_secret_key", key->secret);
  pd_sandbox_write_string (writer, "test_public_key", key->public);
  pd_json_writer_end_object (writer);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

static ApiKey *
find_key (EoneoPay         *self,
          PdSandboxRequest *request)
{
  const char *id = pd_sandbox_request_get_param (request, "key");
  ApiKey *key = g_hash_table_lookup (self->keys, id);

  if (key == NULL)
    pd_sandbox_request_errorf (request, SOUP_STATUS_NOT_FOUND, NULL, "No such API key: %s", id);

  return key;
}

static void
get_api_key (PdSandboxProvider *provider,
             PdSandboxRequest  *request)
{
  EoneoPay *self = pd_sandbox_provider_get_state (provider);
  PdJsonWriter *writer;
  ApiKey *key;

  if (require_admin (self, request) == NULL || (key = find_key (self, request)) == NULL)
    return;

  writer = pd_json_writer_new ();
  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "api_key", key->secret);
  pd_sandbox_write_string (writer, "permissions", "+");
  pd_sandbox_write_string (writer, "status", key->revoked ? "0" : "1");
  pd_json_writer_end_object (writer);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

static void
revoke_api_key (PdSandboxProvider *provider,
                PdSandboxRequest  *request)
{
  EoneoPay *self = pd_sandbox_provider_get_state (provider);
  ApiKey *caller, *key;

  if ((caller = require_admin (self, request)) == NULL || (key = find_key (self, request)) == NULL)
    return;

  if (key == caller)
    {
      pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, NULL,
                                "An API key cannot revoke itself.");
      return;
    }

  key->revoked = TRUE;
  respond_message (request, "API Key revoked");
}

/* Request bodies: the document sends `customer=<JSON>` and
 * `payment=<JSON>` form fields (curl -d); a plain JSON body, bare or
 * wrapped in that member, is read too. */
static JsonObject *
read_wrapped_object (PdSandboxRequest *request,
                     const char       *field)
{
  GBytes *body = pd_sandbox_request_get_body (request);
  g_autofree char *text = NULL;
  g_autofree char *prefix = g_strconcat (field, "=", NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);
  const char *json;

  text = g_strndup (data ? data : "", length);
  json = g_strchug (text);

  if (g_str_has_prefix (json, prefix))
    {
      /* curl -d sends the JSON as it is, unencoded; a form encoder sends
       * it percent-encoded. Try the first, then the second. */
      root = pd_json_parse (json + strlen (prefix), -1, NULL);
      if (root == NULL)
        {
          g_autoptr(GHashTable) form = soup_form_decode (json);
          const char *value = g_hash_table_lookup (form, field);

          root = pd_json_parse (value ? value : "", -1, &error);
        }
    }
  else if (*json == '{')
    root = pd_json_parse (json, -1, &error);
  else
    {
      g_set_error (&error, PD_JSON_ERROR, PD_JSON_ERROR_MISSING,
                   "Send the %s as a JSON object in the form field “%s”.", field, field);
    }

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, NULL,
                                 "The %s is not a JSON object: %s", field,
                                 error ? error->message : "wrong type");
      return NULL;
    }

  /* {"customer": {…}} as a JSON body */
  if (*json == '{')
    {
      JsonNode *inner = json_object_get_member (json_node_get_object (root), field);

      if (inner != NULL && JSON_NODE_HOLDS_OBJECT (inner))
        return json_object_ref (json_node_get_object (inner));
    }

  return json_object_ref (json_node_get_object (root));
}

/* Digits given as a JSON integer or string. */
static char *
read_digits (JsonObject  *object,
             const char  *member,
             gboolean    *is_integer)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *text;

  *is_integer = FALSE;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      if (json_node_get_int (node) < 0)
        return NULL;
      *is_integer = TRUE;
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    }

  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  text = json_node_get_string (node);
  if (*text == '\0')
    return NULL;
  for (const char *p = text; *p; p++)
    {
      if (!g_ascii_isdigit (*p))
        return NULL;
    }

  return g_strdup (text);
}

static void
classify_card (const char  *number,
               const char **type,
               const char **description)
{
  int prefix2 = (number[0] - '0') * 10 + (number[1] - '0');
  int prefix4 = prefix2 * 100 + (number[2] - '0') * 10 + (number[3] - '0');

  if (number[0] == '4')
    {
      *type = "6";
      *description = "Visa";
    }
  else if ((prefix2 >= 51 && prefix2 <= 55) || (prefix4 >= 2221 && prefix4 <= 2720))
    {
      *type = "5";
      *description = "Master Card";
    }
  else if (prefix2 == 34 || prefix2 == 37)
    {
      *type = "2";
      *description = "American Express";
    }
  else
    {
      *type = "0";
      *description = "Unknown";
    }
}

/* As the document shows them: the first six and last three digits. */
static char *
mask_pan (const char *number)
{
  gsize length = strlen (number);
  GString *masked = g_string_new_len (number, 6);

  for (gsize i = 6; i + 3 < length; i++)
    g_string_append_c (masked, 'X');
  g_string_append (masked, number + length - 3);

  return g_string_free (masked, FALSE);
}

static gboolean
parse_expiry (const char *text,
              guint      *month,
              guint      *year)
{
  if (text == NULL || strlen (text) != 5 || text[2] != '/' ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
      !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return FALSE;

  *month = (text[0] - '0') * 10 + (text[1] - '0');
  *year = 2000 + (text[3] - '0') * 10 + (text[4] - '0');

  return *month >= 1 && *month <= 12;
}

static Card *
add_card (EoneoPay        *self,
          PdSandboxRandom *random,
          const char      *number,
          const char      *expiry,
          guint            month,
          guint            year)
{
  Card *card = g_new0 (Card, 1);
  g_autoptr(GString) token = g_string_new (NULL);

  do
    {
      g_string_truncate (token, 0);
      g_string_append_c (token, '1' + pd_sandbox_random_below (random, 9));
      pd_sandbox_random_digits (random, token, 15);
    }
  while (g_hash_table_contains (self->cards_by_token, token->str));

  card->token = pd_sandbox_provider_intern (self->provider, token->str);
  card->masked_pan = pd_sandbox_provider_take (self->provider, mask_pan (number));
  card->expiry = pd_sandbox_provider_intern (self->provider, expiry);
  card->expiry_month = month;
  card->expiry_year = year;
  classify_card (number, &card->card_type, &card->card_description);

  g_ptr_array_add (self->cards, card);
  g_hash_table_insert (self->cards_by_token, (gpointer)card->token, card);

  return card;
}

/* Fills @customer's cards from a "credit_cards" array: new cards as
 * {number, expiry_date, cvv}, kept ones as {token, …}. */
static gboolean
read_cards (EoneoPay         *self,
            PdSandboxRequest *request,
            JsonArray        *array,
            Customer         *customer,
            GPtrArray        *cards)
{
  PdSandboxRandom *random = pd_sandbox_provider_get_random (self->provider);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *number = NULL;
      g_autofree char *cvv = NULL;
      JsonObject *object;
      const char *token = NULL;
      const char *expiry = NULL;
      gboolean is_integer;
      guint month, year;
      Card *card;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, NULL,
                                    "Each credit card must be a JSON object.");
          return FALSE;
        }

      object = json_node_get_object (node);
      if (!pd_sandbox_json_get_string (object, "token", &token, NULL))
        token = NULL;

      if (token != NULL)
        {
          card = g_hash_table_lookup (self->cards_by_token, token);
          if (card == NULL || (card->customer_id != NULL && strcmp (card->customer_id, customer->id) != 0))
            {
              pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, NULL,
                                         "Unknown card token %s.", token);
              return FALSE;
            }

          g_ptr_array_add (cards, card);
          continue;
        }

      number = read_digits (object, "number", &is_integer);
      if (number == NULL || strlen (number) < 12 || strlen (number) > 19)
        {
          pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, NULL,
                                    "A credit card needs a number of 12 to 19 digits.");
          return FALSE;
        }

      if (!pd_sandbox_json_get_string (object, "expiry_date", &expiry, NULL) ||
          !parse_expiry (expiry, &month, &year))
        {
          pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, NULL,
                                    "A credit card needs an expiry_date as MM/YY.");
          return FALSE;
        }

      cvv = read_digits (object, "cvv", &is_integer);
      if (cvv == NULL || strlen (cvv) < 3 || strlen (cvv) > 4)
        {
          pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, NULL,
                                    "A credit card needs a cvv of 3 or 4 digits.");
          return FALSE;
        }

      /* The number and the CVV stop here: only the token and the masked
       * PAN are kept. */
      card = add_card (self, random, number, expiry, month, year);
      g_ptr_array_add (cards, card);
    }

  return TRUE;
}

static gboolean
read_bank_accounts (EoneoPay         *self,
                    PdSandboxRequest *request,
                    JsonArray        *array,
                    GPtrArray        *accounts)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *number = NULL;
      g_autofree char *branch = NULL;
      BankAccount *account;
      JsonObject *object;
      const char *name = NULL;
      gboolean number_is_integer, branch_is_integer;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, NULL,
                                    "Each bank account must be a JSON object.");
          return FALSE;
        }

      object = json_node_get_object (node);
      number = read_digits (object, "number", &number_is_integer);
      branch = read_digits (object, "branch", &branch_is_integer);
      if (!pd_sandbox_json_get_string (object, "name", &name, NULL) || name == NULL ||
          number == NULL || branch == NULL)
        {
          pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, NULL,
                                    "A bank account needs a name, a number and a branch (digits).");
          return FALSE;
        }

      account = g_new0 (BankAccount, 1);
      account->name = pd_sandbox_provider_intern (self->provider, name);
      account->number = pd_sandbox_provider_intern (self->provider, number);
      account->number_is_integer = number_is_integer;
      account->branch = pd_sandbox_provider_intern (self->provider, branch);
      account->branch_is_integer = branch_is_integer;
      g_ptr_array_add (accounts, account);
    }

  return TRUE;
}

static gboolean
is_valid_email (const char *email)
{
  const char *at = strchr (email, '@');

  return at != NULL && at != email && strchr (at + 1, '.') != NULL &&
         strpbrk (email, " \t\r\n") == NULL;
}

/* Applies the members of @object present in it to @customer, or to nothing
 * when a check fails (the customer is then unchanged). */
static gboolean
apply_customer (EoneoPay         *self,
                PdSandboxRequest *request,
                JsonObject       *object,
                Customer         *customer,
                gboolean          creating)
{
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  const char *name = NULL, *email = NULL, *address = NULL;
  JsonNode *node;

  if (!pd_sandbox_json_get_string (object, "name", &name, NULL) ||
      !pd_sandbox_json_get_string (object, "email", &email, NULL) ||
      !pd_sandbox_json_get_string (object, "address", &address, NULL))
    {
      pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, NULL,
                                "The name, email and address of a customer must be strings.");
      return FALSE;
    }

  if ((creating && (name == NULL || *name == '\0')) || (name != NULL && *name == '\0'))
    {
      pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, NULL, "A customer needs a name.");
      return FALSE;
    }

  if (email != NULL && *email != '\0' && !is_valid_email (email))
    {
      pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, NULL,
                                "The email of the customer is not a valid e-mail address.");
      return FALSE;
    }

  node = json_object_get_member (object, "credit_cards");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, NULL, "credit_cards must be an array.");
          return FALSE;
        }

      cards = g_ptr_array_new ();
      if (!read_cards (self, request, json_node_get_array (node), customer, cards))
        return FALSE;
    }

  node = json_object_get_member (object, "bank_accounts");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, NULL, "bank_accounts must be an array.");
          return FALSE;
        }

      accounts = g_ptr_array_new_with_free_func (g_free);
      if (!read_bank_accounts (self, request, json_node_get_array (node), accounts))
        return FALSE;
    }

  if (name != NULL)
    customer->name = pd_sandbox_provider_intern (self->provider, name);
  if (email != NULL)
    customer->email = *email ? pd_sandbox_provider_intern (self->provider, email) : NULL;
  if (address != NULL)
    customer->address = *address ? pd_sandbox_provider_intern (self->provider, address) : NULL;

  if (cards != NULL)
    {
      /* Cards left out of the new list are no longer the customer's. */
      for (guint i = 0; i < customer->cards->len; i++)
        ((Card *)g_ptr_array_index (customer->cards, i))->customer_id = NULL;
      for (guint i = 0; i < cards->len; i++)
        ((Card *)g_ptr_array_index (cards, i))->customer_id = customer->id;

      g_ptr_array_set_size (customer->cards, 0);
      g_ptr_array_extend (customer->cards, cards, NULL, NULL);
    }

  if (accounts != NULL)
    {
      g_ptr_array_set_size (customer->bank_accounts, 0);
      for (guint i = 0; i < accounts->len; i++)
        g_ptr_array_add (customer->bank_accounts, g_steal_pointer (&accounts->pdata[i]));
    }

  return TRUE;
}

static Customer *
customer_new (EoneoPay   *self,
              const char *id)
{
  Customer *customer = g_new0 (Customer, 1);

  customer->id = id;
  customer->cards = g_ptr_array_new ();
  customer->bank_accounts = g_ptr_array_new_with_free_func (g_free);

  return customer;
}

static const char *
new_customer_id (EoneoPay *self)
{
  PdSandboxRandom *random = pd_sandbox_provider_get_random (self->provider);

  return pd_sandbox_provider_take (self->provider, pd_sandbox_random_token (random, "cus_", 16));
}

static Customer *
find_customer (EoneoPay         *self,
               PdSandboxRequest *request)
{
  const char *id = pd_sandbox_request_get_param (request, "id");
  Customer *customer = pd_sandbox_table_lookup (self->customers, id);

  if (customer == NULL || customer->deleted)
    {
      pd_sandbox_request_errorf (request, SOUP_STATUS_NOT_FOUND, NULL, "No such customer: %s", id);
      return NULL;
    }

  return customer;
}

static void
create_customer (PdSandboxProvider *provider,
                 PdSandboxRequest  *request)
{
  EoneoPay *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) object = read_wrapped_object (request, "customer");
  Customer *customer;

  if (object == NULL)
    return;

  customer = customer_new (self, new_customer_id (self));
  if (!apply_customer (self, request, object, customer, TRUE))
    {
      customer_free (customer);
      return;
    }

  pd_sandbox_table_append (self->customers, customer->id, customer);
  respond_customer (request, "Customer created", customer);
}

static void
update_customer (PdSandboxProvider *provider,
                 PdSandboxRequest  *request)
{
  EoneoPay *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) object = NULL;
  Customer *customer;

  if ((customer = find_customer (self, request)) == NULL ||
      (object = read_wrapped_object (request, "customer")) == NULL ||
      !apply_customer (self, request, object, customer, FALSE))
    return;

  respond_customer (request, "Customer updated", customer);
}

static void
delete_customer (PdSandboxProvider *provider,
                 PdSandboxRequest  *request)
{
  EoneoPay *self = pd_sandbox_provider_get_state (provider);
  Customer *customer;

  if ((customer = find_customer (self, request)) == NULL)
    return;

  customer->deleted = TRUE;
  for (guint i = 0; i < customer->cards->len; i++)
    ((Card *)g_ptr_array_index (customer->cards, i))->customer_id = NULL;

  respond_message (request, "Customer deleted");
}

static void
get_customer (PdSandboxProvider *provider,
              PdSandboxRequest  *request)
{
  EoneoPay *self = pd_sandbox_provider_get_state (provider);
  PdJsonWriter *writer;
  Customer *customer;

  if ((customer = find_customer (self, request)) == NULL)
    return;

  writer = pd_json_writer_new ();
  write_customer (writer, customer);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

static void
list_customers (PdSandboxProvider *provider,
                PdSandboxRequest  *request)
{
  EoneoPay *self = pd_sandbox_provider_get_state (provider);
  PdJsonWriter *writer = pd_json_writer_new ();

  pd_json_writer_begin_array (writer);
  for (guint i = 0; i < pd_sandbox_table_get_length (self->customers); i++)
    {
      Customer *customer = pd_sandbox_table_get (self->customers, i);

      if (!customer->deleted)
        write_customer (writer, customer);
    }
  pd_json_writer_end_array (writer);

  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

/* Payments */

static const char *
next_txn_id (EoneoPay *self)
{
  return pd_sandbox_provider_intern_printf (self->provider, "%" G_GUINT64_FORMAT, self->next_txn_id++);
}

static Payment *
add_payment (EoneoPay      *self,
             Card          *card,
             const char    *reference,
             const PdMoney *amount)
{
  Payment *payment = g_new0 (Payment, 1);

  payment->txn_id = next_txn_id (self);
  payment->token = card->token;
  payment->reference = pd_sandbox_provider_intern (self->provider, reference);
  payment->amount = *amount;
  g_ptr_array_add (self->payment_list, payment);
  g_hash_table_insert (self->payments, (gpointer)payment->txn_id, payment);

  return payment;
}

static gboolean
card_expired (Card   *card,
              gint64  now)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (now);
  guint year = (guint)g_date_time_get_year (time);
  guint month = (guint)g_date_time_get_month (time);

  /* A card is good through the last day of its expiry month. */
  return card->expiry_year < year || (card->expiry_year == year && card->expiry_month < month);
}

static void
create_payment (PdSandboxProvider *provider,
                PdSandboxRequest  *request)
{
  EoneoPay *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) object = read_wrapped_object (request, "payment");
  const char *token = NULL, *reference = NULL, *currency = NULL;
  PdJsonWriter *writer;
  Payment *payment;
  PdMoney amount;
  gboolean present = FALSE;
  gint64 cents = 0;
  Card *card;

  if (object == NULL)
    return;

  if (!pd_sandbox_json_get_string (object, "token", &token, NULL) || token == NULL ||
      !pd_sandbox_json_get_string (object, "reference", &reference, NULL) || reference == NULL ||
      !pd_sandbox_json_get_string (object, "currency", &currency, NULL) || currency == NULL ||
      !pd_sandbox_json_get_int (object, "amount", &present, &cents, NULL) || !present)
    {
      pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, NULL,
                                "A payment needs a token, a reference, an amount (an integer in cents) and a currency.");
      return;
    }

  if (cents <= 0 || cents > G_MAXINT32)
    {
      pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, NULL,
                                "The amount must be a positive whole number of cents.");
      return;
    }

  if (strcmp (currency, CURRENCY) != 0)
    {
      pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, NULL,
                                 "The currency %s is not supported; use AUD.", currency);
      return;
    }

  card = g_hash_table_lookup (self->cards_by_token, token);
  if (card == NULL || card->customer_id == NULL)
    {
      pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, NULL,
                                 "No card has the token %s.", token);
      return;
    }

  if (card_expired (card, pd_sandbox_provider_now (provider)))
    {
      pd_sandbox_request_error (request, SOUP_STATUS_PAYMENT_REQUIRED, NULL,
                                "Card declined: the card has expired.");
      return;
    }

  if (cents == AMOUNT_DECLINED)
    {
      pd_sandbox_request_error (request, SOUP_STATUS_PAYMENT_REQUIRED, NULL,
                                "Card declined: insufficient funds.");
      return;
    }

  amount = aud (cents);
  payment = add_payment (self, card, reference, &amount);
  pd_sandbox_request_record (request, "payment", payment->token, payment->txn_id,
                             payment->reference, &payment->amount);

  writer = pd_json_writer_new ();
  pd_json_writer_begin_object (writer);
  pd_sandbox_write_int (writer, "code", 0);
  pd_sandbox_write_string (writer, "message", "Payment created");
  pd_sandbox_write_string (writer, "txnID", payment->txn_id);
  pd_json_writer_member (writer, "payment");
  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "token", payment->token);
  pd_sandbox_write_string (writer, "reference", payment->reference);
  pd_json_writer_member (writer, "amount");
  pd_json_writer_money (writer, &payment->amount, PD_AMOUNT_MINOR);
  pd_sandbox_write_string (writer, "currency", payment->amount.currency);
  pd_sandbox_write_string (writer, "txnID", payment->txn_id);
  pd_json_writer_end_object (writer);
  pd_json_writer_end_object (writer);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

static void
refund_payment (PdSandboxProvider *provider,
                PdSandboxRequest  *request)
{
  EoneoPay *self = pd_sandbox_provider_get_state (provider);
  const char *txn_id = pd_sandbox_request_get_param (request, "txn");
  Payment *payment = g_hash_table_lookup (self->payments, txn_id);
  PdJsonWriter *writer;

  if (payment == NULL)
    {
      pd_sandbox_request_errorf (request, SOUP_STATUS_NOT_FOUND, NULL,
                                 "No payment has the txnID %s.", txn_id);
      return;
    }

  if (payment->refund_txn_id != NULL)
    {
      pd_sandbox_request_errorf (request, SOUP_STATUS_CONFLICT, NULL,
                                 "The payment %s was already refunded (txnID %s).",
                                 payment->txn_id, payment->refund_txn_id);
      return;
    }

  payment->refund_txn_id = next_txn_id (self);
  pd_sandbox_request_record (request, "refund", payment->txn_id, payment->refund_txn_id,
                             payment->reference, &payment->amount);

  writer = pd_json_writer_new ();
  pd_json_writer_begin_object (writer);
  pd_sandbox_write_int (writer, "code", 0);
  pd_sandbox_write_string (writer, "message", "Payment refunded");
  pd_sandbox_write_string (writer, "txnID", payment->refund_txn_id);
  pd_json_writer_member (writer, "refund");
  pd_json_writer_begin_object (writer);
  pd_json_writer_member (writer, "amount");
  pd_json_writer_money (writer, &payment->amount, PD_AMOUNT_MINOR);
  pd_sandbox_write_string (writer, "currency", payment->amount.currency);
  pd_sandbox_write_string (writer, "purchaseOrderNo", payment->reference);
  pd_sandbox_write_string (writer, "txnID", payment->refund_txn_id);
  pd_json_writer_end_object (writer);
  pd_json_writer_end_object (writer);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

/* Seeded data */

static const char * const business_accounts[] = {
  "Wattle & Co Pty Ltd", "Southern Cross Plumbing", "Bondi Surf Supplies", "Harbour Dental Group",
};

/* A card number of the brand's shape with a valid Luhn check digit. */
static char *
seed_card_number (PdSandboxRandom *random)
{
  static const char * const prefixes[] = { "4", "4", "4", "51", "53", "55", "2221", "37" };
  const char *prefix = PD_SANDBOX_RANDOM_PICK (random, prefixes);
  gsize length = prefix[0] == '3' ? 15 : 16;
  GString *number = g_string_new (prefix);

  pd_sandbox_random_digits (random, number, length - 1 - number->len);
  g_string_append_c (number, pd_luhn_check_digit (number->str, number->len));

  return g_string_free (number, FALSE);
}

static void
seed (EoneoPay        *self,
      PdSandboxRandom *random,
      guint            records)
{
  guint n_customers = records ? MAX (1, records / 4) : 0;
  gint64 start = pd_sandbox_provider_get_start (self->provider);
  g_autoptr(GDateTime) start_time = g_date_time_new_from_unix_utc (start);
  guint this_year = (guint)g_date_time_get_year (start_time);
  g_autoptr(GPtrArray) cards = g_ptr_array_new ();

  for (guint i = 0; i < n_customers; i++)
    {
      g_auto(PdSandboxPerson) person = { 0 };
      Customer *customer = customer_new (self, new_customer_id (self));
      guint n_cards = pd_sandbox_random_below (random, 100);

      pd_sandbox_person_init (&person, random, PD_SANDBOX_REGION_AUSTRALIA);
      customer->name = pd_sandbox_provider_intern (self->provider, person.name);
      if (pd_sandbox_random_percent (random, 92))
        customer->email = pd_sandbox_provider_intern (self->provider, person.email);
      customer->address = pd_sandbox_provider_take (self->provider,
                                                    pd_sandbox_address (random, PD_SANDBOX_REGION_AUSTRALIA));

      n_cards = n_cards < 10 ? 0 : n_cards < 85 ? 1 : 2;
      for (guint j = 0; j < n_cards; j++)
        {
          g_autofree char *number = seed_card_number (random);
          guint month = 1 + pd_sandbox_random_below (random, 12);
          guint year = this_year - 2 + pd_sandbox_random_below (random, 7);
          g_autofree char *expiry = g_strdup_printf ("%02u/%02u", month, year % 100);
          Card *card = add_card (self, random, number, expiry, month, year);

          card->customer_id = customer->id;
          g_ptr_array_add (customer->cards, card);
          if (!card_expired (card, start))
            g_ptr_array_add (cards, card);
        }

      if (pd_sandbox_random_percent (random, 35))
        {
          BankAccount *account = g_new0 (BankAccount, 1);

          account->name = pd_sandbox_random_percent (random, 70)
                          ? customer->name
                          : PD_SANDBOX_RANDOM_PICK (random, business_accounts);
          account->number = pd_sandbox_provider_intern_printf (self->provider, "%u",
                                                               100000 + pd_sandbox_random_below (random, 899999900));
          account->number_is_integer = TRUE;
          account->branch = pd_sandbox_provider_intern_printf (self->provider, "%u",
                                                               100000 + pd_sandbox_random_below (random, 900000));
          account->branch_is_integer = TRUE;
          g_ptr_array_add (customer->bank_accounts, account);
        }

      pd_sandbox_table_append (self->customers, customer->id, customer);
    }

  /* Payments cannot be listed, but they can be refunded: the seeded ones
   * are there so that txnIDs below the first new one mean something. */
  for (guint i = 0; i < records && cards->len > 0; i++)
    {
      Card *card = g_ptr_array_index (cards, pd_sandbox_random_below (random, cards->len));
      g_autofree char *reference = pd_sandbox_description (random, PD_SANDBOX_REGION_AUSTRALIA);
      gint64 cents = pd_sandbox_random_between (random, 500, 250000);
      PdMoney amount = aud (pd_sandbox_random_percent (random, 50) ? cents - cents % 100 : cents);
      Payment *payment = add_payment (self, card, reference, &amount);

      if (pd_sandbox_random_percent (random, 5))
        payment->refund_txn_id = next_txn_id (self);
    }
}

static const struct
{
  const char       *method;
  const char       *pattern;
  PdSandboxHandler  handler;
} routes[] = {
  { "POST", "/apikeys", create_api_key },
  { "GET", "/apikeys/{key}", get_api_key },
  { "DELETE", "/apikeys/{key}", revoke_api_key },
  { "POST", "/customers", create_customer },
  { "GET", "/customers", list_customers },
  { "GET", "/customers/{id}", get_customer },
  { "PUT", "/customers/{id}", update_customer },
  { "DELETE", "/customers/{id}", delete_customer },
  { "POST", "/payments", create_payment },
  { "DELETE", "/payments/{txn}", refund_payment },
};

static gpointer
eoneopay_create (PdSandboxProvider *provider,
                 guint              records)
{
  EoneoPay *self = g_new0 (EoneoPay, 1);
  PdSandboxRandom *random = pd_sandbox_provider_get_random (provider);
  ApiKey *admin;

  self->provider = provider;
  self->customers = pd_sandbox_table_new (customer_free);
  self->cards = g_ptr_array_new_with_free_func (g_free);
  self->cards_by_token = g_hash_table_new (g_str_hash, g_str_equal);
  self->payments = g_hash_table_new (g_str_hash, g_str_equal);
  self->payment_list = g_ptr_array_new_with_free_func (g_free);
  self->keys = g_hash_table_new (g_str_hash, g_str_equal);
  self->key_list = g_ptr_array_new_with_free_func (g_free);
  self->next_txn_id = FIRST_TXN_ID;

  /* The account's own key is its administrator key. */
  admin = add_key (self, random, TRUE);
  pd_sandbox_provider_set_credential (provider, "api_key", admin->secret);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    pd_sandbox_provider_add_route (provider, routes[i].method, routes[i].pattern, routes[i].handler);

  seed (self, random, records);

  return self;
}

static void
eoneopay_free (gpointer data)
{
  EoneoPay *self = data;

  pd_sandbox_table_free (self->customers);
  g_hash_table_unref (self->cards_by_token);
  g_ptr_array_unref (self->cards);
  g_hash_table_unref (self->payments);
  g_ptr_array_unref (self->payment_list);
  g_hash_table_unref (self->keys);
  g_ptr_array_unref (self->key_list);
  g_free (self);
}

const PdSandboxProviderInfo pd_eoneopay_sandbox_info = {
  .name = "eoneopay",
  .slot = 3,
  .base_path = "",
  .flags = PD_SANDBOX_PROVIDER_FLAGS_NONE,
  .idempotency_header = NULL,
  .create = eoneopay_create,
  .free_state = eoneopay_free,
  .authenticate = authenticate,
  .write_error = write_error,
};

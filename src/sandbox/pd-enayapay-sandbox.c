/* pd-enayapay-sandbox.c - the EnayaPay API (Sudan: cards, telecom, electricity), simulated
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <string.h>

#include <libsoup/soup.h>

#include "pd-luhn.h"
#include "pd-sandbox.h"

/* Where the document is silent or contradicts itself, the reading followed
 * here is recorded under "Provider readings" → "EnayaPay" in HACKING.md. */

#define BASE_PATH "/api/v2.1"
#define CURRENCY "SDG"
#define SCALE 2
#define DAY (24 * 60 * 60)

/* Amounts in piastres (SDG at scale 2). */
#define MIN_AMOUNT 100                      /* 1.00 SDG */
#define MAX_AMOUNT G_GINT64_CONSTANT (100000000000) /* 1 000 000 000.00 SDG */
#define NEW_CARD_BALANCE 25000000           /* 250 000.00 SDG */
#define AMOUNT_SYSTEM_ERROR 69600           /* 696.00 SDG: the switch fails */

#define MAX_LABEL 50
#define MAX_SEEDED_CARDS 8
#define MAX_SEEDED_ACCOUNTS 1000

/* Registering these numbers makes the SMS gateway fail, or the service. */
#define PHONE_SMS_DOWN "249900000502"
#define PHONE_UNAVAILABLE "249900000503"

/* The document's own examples, always present so a client can use them. */
#define EXAMPLE_SUBSCRIBER "0905450785"
#define EXAMPLE_CONTRACT G_GINT64_CONSTANT (34234235345)
#define EXAMPLE_METER "024354364645"
#define EXAMPLE_ACCOUNT_NO G_GINT64_CONSTANT (3423432423)

/* The switch's response codes (406 answers). */
#define CODE_INVALID_AMOUNT 13
#define CODE_INVALID_CARD 14
#define CODE_INSUFFICIENT_FUNDS 51
#define CODE_EXPIRED_CARD 54
#define CODE_INCORRECT_PIN 55
#define CODE_SYSTEM_ERROR 696

typedef enum
{
  ENDPOINT_UNKNOWN,
  ENDPOINT_REGISTER,
  ENDPOINT_ACCOUNT,
  ENDPOINT_REST_PASSWORD,
  ENDPOINT_CARDS,
  ENDPOINT_BALANCE,
  ENDPOINT_TELECOM,
  ENDPOINT_ELECTRICITY,
} Endpoint;

typedef enum
{
  PAYEE_TOP_UP,
  PAYEE_BILL,
} PayeeKind;

typedef enum
{
  OPERATOR_NONE = -1,
  OPERATOR_ZAIN,
  OPERATOR_MTN,
  OPERATOR_SUDANI,
} Operator;

typedef struct
{
  const char *id;
  Operator    operator;
  PayeeKind   kind;
} Payee;

/* The payee id in /telecom/{payee}/… chooses the operator and whether the
 * payment is a prepaid top-up or a postpaid bill. */
static const Payee payees[] = {
  { "110010001", OPERATOR_ZAIN, PAYEE_TOP_UP },
  { "110010002", OPERATOR_MTN, PAYEE_TOP_UP },
  { "110010003", OPERATOR_SUDANI, PAYEE_TOP_UP },
  { "1100055511", OPERATOR_ZAIN, PAYEE_BILL },
  { "1100055512", OPERATOR_MTN, PAYEE_BILL },
  { "1100055513", OPERATOR_SUDANI, PAYEE_BILL },
};

/* Local mobile prefixes ("0" and two digits) of each operator. */
static const struct
{
  const char *prefix;
  Operator    operator;
} operator_prefixes[] = {
  { "090", OPERATOR_ZAIN }, { "091", OPERATOR_ZAIN }, { "096", OPERATOR_ZAIN },
  { "092", OPERATOR_MTN }, { "099", OPERATOR_MTN },
  { "011", OPERATOR_SUDANI }, { "012", OPERATOR_SUDANI },
};

/* A card as the national switch knows it: one per PAN, shared by every
 * user who adds it. */
typedef struct
{
  const char *pan;
  char        expiry[5];
  PdMoney     balance;
} SwitchCard;

/* A card on a user's account. */
typedef struct
{
  gint64      id;
  SwitchCard *card;
  const char *label;
  gboolean    is_default;
} UserCard;

typedef struct
{
  gint64      id;
  const char *id_text;
  const char *phone;
  const char *name;
  const char *password;
  gboolean    verified;
  GPtrArray  *cards;
} User;

/* A postpaid line with an open invoice. */
typedef struct
{
  const char *phone;
  Operator    operator;
  gint64      contract_number;
  PdMoney     due;
} Subscriber;

typedef struct
{
  const char *number;
  gint64      account_no;
  const char *customer_name;
  PdMoney     meter_fees;
  PdMoney     water_fees;
  PdMoney     tariff;
} Meter;

typedef struct
{
  PdSandboxProvider *provider;
  const char        *api_key;
  const char        *otp;
  const char        *ipin;
  guint8             token_key[32];
  GHashTable        *users_by_phone;
  GHashTable        *users_by_id;
  gint64             next_user_id;
  gint64             next_card_id;
  GHashTable        *switch_cards;
  GHashTable        *subscribers;
  GHashTable        *meters;
} EnayaPay;

static PdMoney
sdg (gint64 piastres)
{
  PdMoney money;

  pd_money_init (&money, piastres, SCALE, CURRENCY);
  return money;
}

/* Trailing zero decimals dropped: EnayaPay writes floats, 300 and 26194436.5. */
static PdMoney
shortest (const PdMoney *money)
{
  PdMoney out = *money;

  while (out.scale > 0 && out.units % 10 == 0)
    {
      out.units /= 10;
      out.scale--;
    }

  return out;
}

static gboolean
is_digits (const char *text,
           gsize       min_length,
           gsize       max_length)
{
  gsize length = strlen (text);

  if (length < min_length || length > max_length)
    return FALSE;

  for (const char *p = text; *p; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  return TRUE;
}

/* What the switch calls a card number: 16 to 19 digits with a valid check digit. */
static gboolean
is_card_number (const char *pan)
{
  return is_digits (pan, 16, 19) && pd_luhn_is_valid (pan, -1);
}

static const char *
card_type (const char *pan)
{
  return g_str_has_prefix (pan, "9222") ? "Local" : "International";
}

static const char *
card_image (const char *pan)
{
  if (g_str_has_prefix (pan, "9222"))
    return "ebs_local_card.png";
  if (pan[0] == '4')
    return "visa_card.png";
  return "mastercard_card.png";
}

static char *
mask_pan (const char *pan)
{
  gsize length = strlen (pan);
  GString *masked = g_string_sized_new (length + 1);

  g_string_append_len (masked, pan, 6);
  for (gsize i = 6; i + 4 < length; i++)
    g_string_append_c (masked, '*');
  g_string_append (masked, pan + length - 4);

  return g_string_free (masked, FALSE);
}

/* Sudanese mobile numbers: "249" and nine digits, the first 1 or 9. */
static gboolean
is_user_phone (const char *phone)
{
  return is_digits (phone, 12, 12) && g_str_has_prefix (phone, "249") &&
         (phone[3] == '1' || phone[3] == '9');
}

/* The local form the telecom endpoints take: "0" and nine digits. */
static gboolean
is_local_phone (const char *phone)
{
  return is_digits (phone, 10, 10) && phone[0] == '0' && (phone[1] == '1' || phone[1] == '9');
}

static Operator
phone_operator (const char *phone)
{
  for (guint i = 0; i < G_N_ELEMENTS (operator_prefixes); i++)
    {
      if (g_str_has_prefix (phone, operator_prefixes[i].prefix))
        return operator_prefixes[i].operator;
    }

  return OPERATOR_NONE;
}

static const Payee *
find_payee (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (payees); i++)
    {
      if (strcmp (payees[i].id, id) == 0)
        return &payees[i];
    }

  return NULL;
}

/* MMYY with a month from 01 to 12. */
static gboolean
is_expiry (const char *text)
{
  int month;

  if (!is_digits (text, 4, 4))
    return FALSE;

  month = (text[0] - '0') * 10 + (text[1] - '0');
  return month >= 1 && month <= 12;
}

static void
simulated_month (EnayaPay *self,
                 int      *year,
                 int      *month)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (pd_sandbox_provider_now (self->provider));

  *year = g_date_time_get_year (now);
  *month = g_date_time_get_month (now);
}

/* A card is good through the last day of its expiry month. */
static gboolean
is_expired (EnayaPay   *self,
            const char *expiry)
{
  int year, month;
  int card_month = (expiry[0] - '0') * 10 + (expiry[1] - '0');
  int card_year = 2000 + (expiry[2] - '0') * 10 + (expiry[3] - '0');

  simulated_month (self, &year, &month);
  return card_year * 12 + card_month < year * 12 + month;
}

static char *
format_date (gint64 unix_time)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format (date, "%Y-%m-%d");
}

static gint64
now_ms (EnayaPay *self)
{
  return pd_sandbox_provider_now (self->provider) * 1000;
}

/* Tokens: HS256 JSON web tokens like the document's example, signed with a
 * key made from the seed, so a token names its user and expiry date and
 * needs no table. */

static char *
base64url (const guint8 *data,
           gsize         length)
{
  char *text = g_base64_encode (data, length);
  char *end = text + strlen (text);

  while (end > text && end[-1] == '=')
    *--end = '\0';

  for (char *p = text; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }

  return text;
}

static char *
sign (EnayaPay   *self,
      const char *data,
      gsize       length)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, self->token_key, sizeof self->token_key);
  guint8 digest[32];
  gsize digest_length = sizeof digest;

  g_hmac_update (hmac, (const guchar *)data, (gssize)length);
  g_hmac_get_digest (hmac, digest, &digest_length);

  return base64url (digest, digest_length);
}

static char *
issue_token (EnayaPay *self,
             User     *user)
{
  static const char header[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
  g_autoptr(PdJsonWriter) writer = pd_json_writer_new ();
  g_autofree char *expiry = format_date (pd_sandbox_provider_now (self->provider) + DAY);
  g_autofree char *payload = NULL;
  g_autofree char *encoded_header = NULL;
  g_autofree char *encoded_payload = NULL;
  g_autofree char *signed_part = NULL;
  g_autofree char *signature = NULL;

  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "username", user->id_text);
  pd_sandbox_write_string (writer, "expiry", expiry);
  pd_json_writer_end_object (writer);
  payload = pd_json_writer_free_to_string (g_steal_pointer (&writer));

  encoded_header = base64url ((const guint8 *)header, strlen (header));
  encoded_payload = base64url ((const guint8 *)payload, strlen (payload));
  signed_part = g_strconcat (encoded_header, ".", encoded_payload, NULL);
  signature = sign (self, signed_part, strlen (signed_part));

  return g_strconcat (signed_part, ".", signature, NULL);
}

typedef enum
{
  TOKEN_VALID,
  TOKEN_INVALID,
  TOKEN_UNKNOWN_USER,
} TokenCheck;

static TokenCheck
check_token (EnayaPay    *self,
             const char  *token,
             User       **out)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *signed_part = NULL;
  g_autofree char *signature = NULL;
  g_autoptr(GString) padded = NULL;
  g_autofree guchar *payload = NULL;
  g_autofree char *today = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  const char *username, *expiry;
  gsize payload_length = 0;
  gint64 id;
  char *end = NULL;

  *out = NULL;
  if (token == NULL || *token == '\0')
    return TOKEN_INVALID;

  parts = g_strsplit (token, ".", -1);
  if (g_strv_length (parts) != 3 || *parts[1] == '\0')
    return TOKEN_INVALID;

  signed_part = g_strconcat (parts[0], ".", parts[1], NULL);
  signature = sign (self, signed_part, strlen (signed_part));
  if (strcmp (signature, parts[2]) != 0)
    return TOKEN_INVALID;

  /* Signed by this sandbox's key, so the payload is its own writing. */
  padded = g_string_new (parts[1]);
  for (gsize i = 0; i < padded->len; i++)
    {
      if (padded->str[i] == '-')
        padded->str[i] = '+';
      else if (padded->str[i] == '_')
        padded->str[i] = '/';
    }
  while (padded->len % 4 != 0)
    g_string_append_c (padded, '=');
  payload = g_base64_decode (padded->str, &payload_length);
  root = pd_json_parse ((const char *)payload, (gssize)payload_length, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return TOKEN_INVALID;

  object = json_node_get_object (root);
  username = pd_json_get_string (object, "username");
  expiry = pd_json_get_string (object, "expiry");
  if (username == NULL || expiry == NULL)
    return TOKEN_INVALID;

  today = format_date (pd_sandbox_provider_now (self->provider));
  if (strcmp (today, expiry) > 0)
    return TOKEN_INVALID;

  errno = 0;
  id = g_ascii_strtoll (username, &end, 10);
  if (errno != 0 || end == username || *end != '\0')
    return TOKEN_INVALID;

  *out = g_hash_table_lookup (self->users_by_id, &id);
  return *out != NULL ? TOKEN_VALID : TOKEN_UNKNOWN_USER;
}

/* Answers */

static Endpoint
classify_path (const char *path)
{
  g_auto(GStrv) segments = NULL;
  guint n;

  if (!g_str_has_prefix (path, BASE_PATH "/"))
    return ENDPOINT_UNKNOWN;

  path += strlen (BASE_PATH "/");
  segments = g_strsplit (path, "/", -1);
  n = g_strv_length (segments);
  if (n > 0 && *segments[n - 1] == '\0')
    n--;

  if (n == 1 && strcmp (segments[0], "register") == 0)
    return ENDPOINT_REGISTER;
  if (n == 1 && (strcmp (segments[0], "verify") == 0 || strcmp (segments[0], "login") == 0))
    return ENDPOINT_ACCOUNT;
  if (n == 2 && strcmp (segments[0], "rest") == 0 && strcmp (segments[1], "password") == 0)
    return ENDPOINT_REST_PASSWORD;
  if (n == 2 && strcmp (segments[0], "change") == 0 && strcmp (segments[1], "password") == 0)
    return ENDPOINT_ACCOUNT;
  if ((n == 1 && strcmp (segments[0], "cards") == 0) ||
      (n == 2 && strcmp (segments[0], "card") == 0 && *segments[1] != '\0'))
    return ENDPOINT_CARDS;
  if (n == 2 && strcmp (segments[0], "balance") == 0 && strcmp (segments[1], "inquiry") == 0)
    return ENDPOINT_BALANCE;
  if (n == 3 && strcmp (segments[0], "telecom") == 0 && *segments[1] != '\0' &&
      (strcmp (segments[2], "topup") == 0 || strcmp (segments[2], "inquiry") == 0))
    return ENDPOINT_TELECOM;
  if (n == 1 && strcmp (segments[0], "electricity") == 0)
    return ENDPOINT_ELECTRICITY;

  return ENDPOINT_UNKNOWN;
}

/* "None" in the document: no body at all. */
static void
respond_empty (PdSandboxRequest *request,
               guint             status)
{
  pd_sandbox_request_respond (request, status, NULL, NULL);
}

static void
respond_details (PdSandboxRequest *request,
                 guint             status,
                 const char       *text)
{
  PdJsonWriter *writer = pd_json_writer_new ();

  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "details", text);
  pd_json_writer_end_object (writer);
  pd_sandbox_request_respond_json (request, status, writer);
}

/* 406 from the switch: its response code and message. */
static void
respond_switch_error (PdSandboxRequest *request,
                      gint64            code,
                      const char       *message)
{
  PdJsonWriter *writer = pd_json_writer_new ();

  pd_json_writer_begin_object (writer);
  pd_sandbox_write_int (writer, "response_code", code);
  pd_sandbox_write_string (writer, "response_message", message);
  pd_json_writer_end_object (writer);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_NOT_ACCEPTABLE, writer);
}

/* 404 says "user not registered" in each part of the document in its own
 * words, and nothing at all for payments. */
static void
respond_not_registered (PdSandboxRequest *request,
                        Endpoint          endpoint)
{
  switch (endpoint)
    {
    case ENDPOINT_CARDS:
      respond_details (request, SOUP_STATUS_NOT_FOUND, " user not registered");
      break;
    case ENDPOINT_TELECOM:
    case ENDPOINT_ELECTRICITY:
      respond_empty (request, SOUP_STATUS_NOT_FOUND);
      break;
    case ENDPOINT_BALANCE:
      respond_empty (request, SOUP_STATUS_UNAUTHORIZED);
      break;
    case ENDPOINT_UNKNOWN:
    case ENDPOINT_REGISTER:
    case ENDPOINT_ACCOUNT:
    case ENDPOINT_REST_PASSWORD:
    default:
      respond_details (request, SOUP_STATUS_NOT_FOUND, "user not registered");
      break;
    }
}

static const char *
unavailable_text (Endpoint endpoint)
{
  switch (endpoint)
    {
    case ENDPOINT_CARDS:
      return "service unvailable for now";
    case ENDPOINT_TELECOM:
    case ENDPOINT_ELECTRICITY:
    case ENDPOINT_BALANCE:
      return "service unavailable";
    case ENDPOINT_UNKNOWN:
    case ENDPOINT_REGISTER:
    case ENDPOINT_ACCOUNT:
    case ENDPOINT_REST_PASSWORD:
    default:
      return "service not available";
    }
}

/* The provider's own body for a status the framework answers (faults,
 * unknown paths, wrong methods). */
static void
write_error (PdSandboxProvider *provider,
             PdSandboxRequest  *request,
             guint              status,
             const char        *code,
             const char        *message)
{
  Endpoint endpoint = classify_path (pd_sandbox_request_get_path (request));
  PdJsonWriter *writer;

  switch (status)
    {
    case SOUP_STATUS_CREATED:
    case SOUP_STATUS_NON_AUTHORITATIVE:
    case SOUP_STATUS_NO_CONTENT:
    case SOUP_STATUS_FOUND:
    case SOUP_STATUS_UNAUTHORIZED:
      respond_empty (request, status);
      break;

    case SOUP_STATUS_BAD_REQUEST:
      writer = pd_json_writer_new ();
      pd_json_writer_begin_object (writer);
      pd_json_writer_member (writer, "details");
      pd_json_writer_begin_object (writer);
      pd_json_writer_member (writer, "non_field_errors");
      pd_json_writer_begin_array (writer);
      pd_json_writer_string (writer, message);
      pd_json_writer_end_array (writer);
      pd_json_writer_end_object (writer);
      pd_json_writer_end_object (writer);
      pd_sandbox_request_respond_json (request, status, writer);
      break;

    case SOUP_STATUS_NOT_FOUND:
      if (endpoint == ENDPOINT_UNKNOWN)
        respond_details (request, status, "Not found.");
      else
        respond_not_registered (request, endpoint);
      break;

    case SOUP_STATUS_NOT_ACCEPTABLE:
      if (endpoint == ENDPOINT_REGISTER)
        respond_details (request, status, "your number not valid");
      else if (endpoint == ENDPOINT_CARDS)
        respond_details (request, status, "unknown card number");
      else if (endpoint == ENDPOINT_BALANCE || endpoint == ENDPOINT_TELECOM ||
               endpoint == ENDPOINT_ELECTRICITY)
        respond_switch_error (request, CODE_SYSTEM_ERROR, "SYSTEM_ERROR");
      else
        respond_details (request, status, message);
      break;

    case SOUP_STATUS_BAD_GATEWAY:
      respond_details (request, status, "bad getway");
      break;

    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      respond_details (request, status, unavailable_text (endpoint));
      break;

    default:
      respond_details (request, status, message);
      break;
    }
}

static void
write_amount (PdJsonWriter  *writer,
              const char    *member,
              const PdMoney *money)
{
  PdMoney short_form = shortest (money);
  g_autofree char *text = pd_money_to_plain_scale (&short_form, 0);

  pd_json_writer_member (writer, member);
  pd_json_writer_raw_number (writer, text);
}

static void
write_card (PdJsonWriter *writer,
            UserCard     *card)
{
  g_autofree char *masked = mask_pan (card->card->pan);

  pd_json_writer_begin_object (writer);
  pd_sandbox_write_int (writer, "id", card->id);
  pd_sandbox_write_string (writer, "card_pan", masked);
  pd_sandbox_write_string (writer, "card_expiry", card->card->expiry);
  pd_sandbox_write_string (writer, "card_label", card->label);
  pd_sandbox_write_string (writer, "card_type", card_type (card->card->pan));
  pd_sandbox_write_string (writer, "card_image", card_image (card->card->pan));
  pd_sandbox_write_int (writer, "default", card->is_default ? 1 : 0);
  pd_json_writer_end_object (writer);
}

/* Reading requests: field errors are gathered as Django REST framework
 * does, every field at once, in the order of the document's tables. */

typedef struct
{
  GPtrArray *pairs;
} FieldErrors;

static void
field_errors_init (FieldErrors *errors)
{
  errors->pairs = g_ptr_array_new_with_free_func (g_free);
}

static void
field_errors_clear (FieldErrors *errors)
{
  g_clear_pointer (&errors->pairs, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FieldErrors, field_errors_clear)

static void
field_error (FieldErrors *errors,
             const char  *field,
             const char  *message)
{
  for (guint i = 0; i + 1 < errors->pairs->len; i += 2)
    {
      if (strcmp (g_ptr_array_index (errors->pairs, i), field) == 0)
        return;
    }

  g_ptr_array_add (errors->pairs, g_strdup (field));
  g_ptr_array_add (errors->pairs, g_strdup (message));
}

static gboolean
has_field_error (FieldErrors *errors,
                 const char  *field)
{
  for (guint i = 0; i + 1 < errors->pairs->len; i += 2)
    {
      if (strcmp (g_ptr_array_index (errors->pairs, i), field) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Answers 400 and returns TRUE when any field was wrong. */
static gboolean
reject_fields (PdSandboxRequest *request,
               FieldErrors      *errors)
{
  PdJsonWriter *writer;

  if (errors->pairs->len == 0)
    return FALSE;

  writer = pd_json_writer_new ();
  pd_json_writer_begin_object (writer);
  pd_json_writer_member (writer, "details");
  pd_json_writer_begin_object (writer);
  for (guint i = 0; i + 1 < errors->pairs->len; i += 2)
    {
      pd_json_writer_member (writer, g_ptr_array_index (errors->pairs, i));
      pd_json_writer_begin_array (writer);
      pd_json_writer_string (writer, g_ptr_array_index (errors->pairs, i + 1));
      pd_json_writer_end_array (writer);
    }
  pd_json_writer_end_object (writer);
  pd_json_writer_end_object (writer);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_BAD_REQUEST, writer);

  return TRUE;
}

/* The body as an object; an empty body is an empty form, so every field
 * is then reported missing. */
static JsonObject *
parse_body (PdSandboxRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GBytes *bytes = pd_sandbox_request_get_body (request);
  JsonObject *body;

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    return json_object_new ();

  body = pd_sandbox_request_parse_object (request, &error);
  if (body != NULL)
    return body;

  if (g_error_matches (error, PD_JSON_ERROR, PD_JSON_ERROR_TYPE))
    {
      pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, NULL,
                                "Invalid data. Expected a dictionary.");
      return NULL;
    }

  message = g_strdup_printf ("JSON parse error - %s", error->message);
  respond_details (request, SOUP_STATUS_BAD_REQUEST, message);
  return NULL;
}

static const char *
read_text (JsonObject  *body,
           const char  *member,
           FieldErrors *errors)
{
  JsonNode *node = json_object_get_member (body, member);
  const char *text;

  if (node == NULL)
    {
      field_error (errors, member, "This field is required.");
      return NULL;
    }

  if (JSON_NODE_HOLDS_NULL (node))
    {
      field_error (errors, member, "This field may not be null.");
      return NULL;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      field_error (errors, member, "Not a valid string.");
      return NULL;
    }

  text = json_node_get_string (node);
  for (const char *p = text; *p; p++)
    {
      if (!g_ascii_isspace (*p))
        return text;
    }

  field_error (errors, member, "This field may not be blank.");
  return NULL;
}

/* A float of SDG: a number literal (or a string holding one, as the form
 * parser behind the API takes), at most two decimals, from 1 to 10⁹. */
static gboolean
read_amount (JsonObject  *body,
             FieldErrors *errors,
             PdMoney     *out)
{
  JsonNode *node = json_object_get_member (body, "amount");
  g_autofree char *text = NULL;
  PdMoney parsed;

  if (node == NULL)
    {
      field_error (errors, "amount", "This field is required.");
      return FALSE;
    }

  if (JSON_NODE_HOLDS_NULL (node))
    {
      field_error (errors, "amount", "This field may not be null.");
      return FALSE;
    }

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    text = g_strdup (json_node_get_string (node));

  if (text == NULL || !pd_money_parse (text, CURRENCY, &parsed, NULL))
    {
      field_error (errors, "amount", "A valid number is required.");
      return FALSE;
    }

  parsed = shortest (&parsed);
  if (parsed.scale > SCALE)
    {
      field_error (errors, "amount", "Ensure that there are no more than 2 decimal places.");
      return FALSE;
    }

  if (!pd_money_rescale (&parsed, SCALE, out, NULL))
    {
      field_error (errors, "amount", "Ensure this value is less than or equal to 1000000000.");
      return FALSE;
    }

  if (out->units < MIN_AMOUNT)
    {
      field_error (errors, "amount", "Ensure this value is greater than or equal to 1.");
      return FALSE;
    }

  if (out->units > MAX_AMOUNT)
    {
      field_error (errors, "amount", "Ensure this value is less than or equal to 1000000000.");
      return FALSE;
    }

  return TRUE;
}

/* "default": the table says string, the example sends 1; both are taken,
 * as are true and false. */
static gboolean
read_default (JsonObject  *body,
              FieldErrors *errors,
              gboolean    *out)
{
  JsonNode *node = json_object_get_member (body, "default");
  GType type;

  if (node == NULL)
    {
      field_error (errors, "default", "This field is required.");
      return FALSE;
    }

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      type = json_node_get_value_type (node);

      if (type == G_TYPE_BOOLEAN)
        {
          *out = json_node_get_boolean (node);
          return TRUE;
        }

      if (type == G_TYPE_INT64 && (json_node_get_int (node) == 0 || json_node_get_int (node) == 1))
        {
          *out = json_node_get_int (node) == 1;
          return TRUE;
        }

      if (type == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (node);

          if (strcmp (text, "1") == 0 || g_ascii_strcasecmp (text, "true") == 0)
            {
              *out = TRUE;
              return TRUE;
            }

          if (strcmp (text, "0") == 0 || g_ascii_strcasecmp (text, "false") == 0)
            {
              *out = FALSE;
              return TRUE;
            }
        }
    }

  field_error (errors, "default", "Must be a valid boolean.");
  return FALSE;
}

static const char *
read_expiry (JsonObject  *body,
             FieldErrors *errors)
{
  const char *expiry = read_text (body, "expiration_date", errors);

  if (expiry != NULL && !is_expiry (expiry))
    {
      field_error (errors, "expiration_date", "Enter a valid expiration date as MMYY.");
      return NULL;
    }

  return expiry;
}

static gboolean
authenticate (PdSandboxProvider *provider,
              PdSandboxRequest  *request)
{
  EnayaPay *self = pd_sandbox_provider_get_state (provider);
  const char *key = pd_sandbox_request_get_header (request, "x-api-key");

  if (key == NULL || strcmp (key, self->api_key) != 0)
    {
      respond_empty (request, SOUP_STATUS_UNAUTHORIZED);
      return FALSE;
    }

  return TRUE;
}

/* The user a request's `token` header names, or NULL once the request is
 * answered: a bad token is 401 (203 on "rest password", which says so),
 * a good token of a user this sandbox does not know is 404. */
static User *
authorize (EnayaPay         *self,
           PdSandboxRequest *request,
           Endpoint          endpoint)
{
  User *user = NULL;

  switch (check_token (self, pd_sandbox_request_get_header (request, "token"), &user))
    {
    case TOKEN_VALID:
      return user;

    case TOKEN_UNKNOWN_USER:
      respond_not_registered (request, endpoint);
      return NULL;

    case TOKEN_INVALID:
    default:
      respond_empty (request,
                     endpoint == ENDPOINT_REST_PASSWORD ? SOUP_STATUS_NON_AUTHORITATIVE
                                                        : SOUP_STATUS_UNAUTHORIZED);
      return NULL;
    }
}

/* Users */

static void
user_free (gpointer data)
{
  User *user = data;

  g_ptr_array_unref (user->cards);
  g_free (user);
}

static User *
add_user (EnayaPay   *self,
          const char *phone)
{
  User *user = g_new0 (User, 1);

  user->id = self->next_user_id++;
  user->id_text = pd_sandbox_provider_intern_printf (self->provider, "%" G_GINT64_FORMAT, user->id);
  user->phone = pd_sandbox_provider_intern (self->provider, phone);
  user->cards = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_insert (self->users_by_phone, (gpointer)user->phone, user);
  g_hash_table_insert (self->users_by_id, &user->id, user);

  return user;
}

static User *
lookup_verified_user (EnayaPay   *self,
                      const char *phone)
{
  User *user = g_hash_table_lookup (self->users_by_phone, phone);

  return user != NULL && user->verified ? user : NULL;
}

static void
register_user (PdSandboxProvider *provider,
               PdSandboxRequest  *request)
{
  EnayaPay *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) body = parse_body (request);
  g_auto(FieldErrors) errors = { NULL };
  const char *phone, *name, *password;
  User *user;

  if (body == NULL)
    return;

  field_errors_init (&errors);
  phone = read_text (body, "user_phone", &errors);
  name = read_text (body, "user_name", &errors);
  password = read_text (body, "user_password", &errors);
  if (reject_fields (request, &errors))
    return;

  if (!is_user_phone (phone))
    {
      respond_details (request, SOUP_STATUS_NOT_ACCEPTABLE, "your number not valid");
      return;
    }

  if (strcmp (phone, PHONE_SMS_DOWN) == 0)
    {
      respond_details (request, SOUP_STATUS_BAD_GATEWAY, "bad getway");
      return;
    }

  if (strcmp (phone, PHONE_UNAVAILABLE) == 0)
    {
      respond_details (request, SOUP_STATUS_SERVICE_UNAVAILABLE, "service not available");
      return;
    }

  user = g_hash_table_lookup (self->users_by_phone, phone);
  if (user != NULL && user->verified)
    {
      respond_empty (request, SOUP_STATUS_FOUND);
      return;
    }

  /* Registering again before verifying starts over with the new details. */
  if (user == NULL)
    user = add_user (self, phone);
  user->name = pd_sandbox_provider_intern (provider, name);
  user->password = pd_sandbox_provider_intern (provider, password);

  respond_empty (request, SOUP_STATUS_CREATED);
}

static void
verify_user (PdSandboxProvider *provider,
             PdSandboxRequest  *request)
{
  EnayaPay *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) body = parse_body (request);
  g_auto(FieldErrors) errors = { NULL };
  g_autofree char *token = NULL;
  const char *phone, *otp;
  PdJsonWriter *writer;
  User *user;

  if (body == NULL)
    return;

  field_errors_init (&errors);
  phone = read_text (body, "user_phone", &errors);
  otp = read_text (body, "user_otp", &errors);
  if (reject_fields (request, &errors))
    return;

  user = g_hash_table_lookup (self->users_by_phone, phone);
  if (user == NULL)
    {
      respond_not_registered (request, ENDPOINT_ACCOUNT);
      return;
    }

  if (strcmp (otp, self->otp) != 0)
    {
      respond_empty (request, SOUP_STATUS_NON_AUTHORITATIVE);
      return;
    }

  user->verified = TRUE;
  token = issue_token (self, user);

  writer = pd_json_writer_new ();
  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "token", token);
  pd_sandbox_write_string (writer, "user_name", user->name);
  pd_json_writer_end_object (writer);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

static void
respond_user (PdSandboxRequest *request,
              User             *user,
              const char       *token)
{
  PdJsonWriter *writer = pd_json_writer_new ();

  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "user_name", user->name);
  pd_sandbox_write_string (writer, "status", "active");
  if (token != NULL)
    pd_sandbox_write_string (writer, "token", token);
  pd_json_writer_end_object (writer);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

static void
login_user (PdSandboxProvider *provider,
            PdSandboxRequest  *request)
{
  EnayaPay *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) body = parse_body (request);
  g_auto(FieldErrors) errors = { NULL };
  g_autofree char *token = NULL;
  const char *phone, *password;
  User *user;

  if (body == NULL)
    return;

  field_errors_init (&errors);
  phone = read_text (body, "user_phone", &errors);
  password = read_text (body, "user_password", &errors);
  if (reject_fields (request, &errors))
    return;

  user = lookup_verified_user (self, phone);
  if (user == NULL)
    {
      respond_not_registered (request, ENDPOINT_ACCOUNT);
      return;
    }

  if (strcmp (password, user->password) != 0)
    {
      respond_empty (request, SOUP_STATUS_NON_AUTHORITATIVE);
      return;
    }

  token = issue_token (self, user);
  respond_user (request, user, token);
}

static void
reset_password (PdSandboxProvider *provider,
                PdSandboxRequest  *request)
{
  EnayaPay *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) body = NULL;
  g_auto(FieldErrors) errors = { NULL };
  const char *phone, *password;
  User *token_user, *user;

  token_user = authorize (self, request, ENDPOINT_REST_PASSWORD);
  if (token_user == NULL)
    return;

  body = parse_body (request);
  if (body == NULL)
    return;

  field_errors_init (&errors);
  phone = read_text (body, "user_phone", &errors);
  password = read_text (body, "user_password", &errors);
  if (reject_fields (request, &errors))
    return;

  user = lookup_verified_user (self, phone);
  if (user == NULL)
    {
      respond_not_registered (request, ENDPOINT_REST_PASSWORD);
      return;
    }

  /* The token from the OTP proves the phone; another user's token does not. */
  if (user != token_user)
    {
      respond_empty (request, SOUP_STATUS_NON_AUTHORITATIVE);
      return;
    }

  user->password = pd_sandbox_provider_intern (provider, password);
  respond_user (request, user, NULL);
}

static void
change_password (PdSandboxProvider *provider,
                 PdSandboxRequest  *request)
{
  EnayaPay *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) body = NULL;
  g_auto(FieldErrors) errors = { NULL };
  const char *current, *replacement;
  User *user;

  user = authorize (self, request, ENDPOINT_ACCOUNT);
  if (user == NULL)
    return;

  body = parse_body (request);
  if (body == NULL)
    return;

  field_errors_init (&errors);
  current = read_text (body, "current_password", &errors);
  replacement = read_text (body, "new_password", &errors);
  if (reject_fields (request, &errors))
    return;

  if (strcmp (current, user->password) != 0)
    {
      respond_details (request, SOUP_STATUS_NON_AUTHORITATIVE, "wrong current password");
      return;
    }

  user->password = pd_sandbox_provider_intern (provider, replacement);
  respond_details (request, SOUP_STATUS_OK, "password updated successful");
}

/* Cards */

/* Every card number with a valid check digit exists at the switch: the
 * first request that names a new one gives its expiry, and it opens with
 * 250 000 SDG. */
static SwitchCard *
switch_card (EnayaPay   *self,
             const char *pan,
             const char *expiry)
{
  SwitchCard *card = g_hash_table_lookup (self->switch_cards, pan);

  if (card != NULL)
    return card;

  card = g_new0 (SwitchCard, 1);
  card->pan = pd_sandbox_provider_intern (self->provider, pan);
  g_strlcpy (card->expiry, expiry, sizeof card->expiry);
  card->balance = sdg (NEW_CARD_BALANCE);
  g_hash_table_insert (self->switch_cards, (gpointer)card->pan, card);

  return card;
}

static UserCard *
add_user_card (EnayaPay   *self,
               User       *user,
               SwitchCard *card,
               const char *label,
               gboolean    is_default)
{
  UserCard *user_card = g_new0 (UserCard, 1);

  if (is_default)
    {
      for (guint i = 0; i < user->cards->len; i++)
        ((UserCard *)g_ptr_array_index (user->cards, i))->is_default = FALSE;
    }

  user_card->id = self->next_card_id++;
  user_card->card = card;
  user_card->label = pd_sandbox_provider_intern (self->provider, label);
  user_card->is_default = is_default;
  g_ptr_array_add (user->cards, user_card);

  return user_card;
}

static guint
find_user_card (User       *user,
                const char *id_text)
{
  gint64 id;
  char *end = NULL;

  errno = 0;
  id = g_ascii_strtoll (id_text, &end, 10);
  if (errno != 0 || end == id_text || *end != '\0')
    return G_MAXUINT;

  for (guint i = 0; i < user->cards->len; i++)
    {
      if (((UserCard *)g_ptr_array_index (user->cards, i))->id == id)
        return i;
    }

  return G_MAXUINT;
}

static void
add_card (PdSandboxProvider *provider,
          PdSandboxRequest  *request)
{
  EnayaPay *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) body = NULL;
  g_auto(FieldErrors) errors = { NULL };
  const char *pan, *label, *expiry;
  gboolean is_default = FALSE;
  SwitchCard *card;
  UserCard *user_card;
  PdJsonWriter *writer;
  User *user;

  user = authorize (self, request, ENDPOINT_CARDS);
  if (user == NULL)
    return;

  body = parse_body (request);
  if (body == NULL)
    return;

  field_errors_init (&errors);
  pan = read_text (body, "pan", &errors);
  label = read_text (body, "label", &errors);
  if (label != NULL && g_utf8_strlen (label, -1) > MAX_LABEL)
    field_error (&errors, "label", "Ensure this field has no more than 50 characters.");
  expiry = read_expiry (body, &errors);
  read_default (body, &errors, &is_default);
  if (reject_fields (request, &errors))
    return;

  card = g_hash_table_lookup (self->switch_cards, pan);
  if (!is_card_number (pan) || (card != NULL && strcmp (card->expiry, expiry) != 0))
    {
      respond_details (request, SOUP_STATUS_NOT_ACCEPTABLE, "unknown card number");
      return;
    }

  for (guint i = 0; i < user->cards->len; i++)
    {
      if (strcmp (((UserCard *)g_ptr_array_index (user->cards, i))->card->pan, pan) == 0)
        {
          respond_empty (request, SOUP_STATUS_FOUND);
          return;
        }
    }

  card = switch_card (self, pan, expiry);
  user_card = add_user_card (self, user, card, label, is_default);

  writer = pd_json_writer_new ();
  pd_json_writer_begin_object (writer);
  pd_sandbox_write_int (writer, "id", user_card->id);
  pd_json_writer_end_object (writer);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_CREATED, writer);
}

static void
list_cards (PdSandboxProvider *provider,
            PdSandboxRequest  *request)
{
  EnayaPay *self = pd_sandbox_provider_get_state (provider);
  PdJsonWriter *writer;
  User *user;

  user = authorize (self, request, ENDPOINT_CARDS);
  if (user == NULL)
    return;

  writer = pd_json_writer_new ();
  pd_json_writer_begin_array (writer);
  for (guint i = 0; i < user->cards->len; i++)
    write_card (writer, g_ptr_array_index (user->cards, i));
  pd_json_writer_end_array (writer);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

static void
get_card (PdSandboxProvider *provider,
          PdSandboxRequest  *request)
{
  EnayaPay *self = pd_sandbox_provider_get_state (provider);
  PdJsonWriter *writer;
  User *user;
  guint index;

  user = authorize (self, request, ENDPOINT_CARDS);
  if (user == NULL)
    return;

  index = find_user_card (user, pd_sandbox_request_get_param (request, "id"));
  if (index == G_MAXUINT)
    {
      respond_details (request, SOUP_STATUS_NOT_FOUND, "card not found");
      return;
    }

  /* The document answers one card as a list of one. */
  writer = pd_json_writer_new ();
  pd_json_writer_begin_array (writer);
  write_card (writer, g_ptr_array_index (user->cards, index));
  pd_json_writer_end_array (writer);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

static void
delete_card (PdSandboxProvider *provider,
             PdSandboxRequest  *request)
{
  EnayaPay *self = pd_sandbox_provider_get_state (provider);
  User *user;
  guint index;

  user = authorize (self, request, ENDPOINT_CARDS);
  if (user == NULL)
    return;

  index = find_user_card (user, pd_sandbox_request_get_param (request, "id"));
  if (index == G_MAXUINT)
    {
      respond_details (request, SOUP_STATUS_NOT_FOUND, "card not found");
      return;
    }

  g_ptr_array_remove_index (user->cards, index);
  respond_empty (request, SOUP_STATUS_NO_CONTENT);
}

/* The switch's checks of a card in a balance inquiry or a payment, in
 * order: the number, the expiry given against the card's, the card's own
 * expiry, the IPIN. Answers 406 and returns NULL on the first failure. */
static SwitchCard *
authorize_card (EnayaPay         *self,
                PdSandboxRequest *request,
                const char       *pan,
                const char       *expiry,
                const char       *ipin)
{
  SwitchCard *card;

  if (!is_card_number (pan))
    {
      respond_switch_error (request, CODE_INVALID_CARD, "INVALID_CARD");
      return NULL;
    }

  card = switch_card (self, pan, expiry);
  if (strcmp (card->expiry, expiry) != 0)
    {
      respond_switch_error (request, CODE_INVALID_CARD, "INVALID_CARD");
      return NULL;
    }

  if (is_expired (self, card->expiry))
    {
      respond_switch_error (request, CODE_EXPIRED_CARD, "EXPIRED_CARD");
      return NULL;
    }

  if (strcmp (ipin, self->ipin) != 0)
    {
      respond_switch_error (request, CODE_INCORRECT_PIN, "INCORRECT_PIN");
      return NULL;
    }

  return card;
}

static void
balance_inquiry (PdSandboxProvider *provider,
                 PdSandboxRequest  *request)
{
  EnayaPay *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) body = NULL;
  g_auto(FieldErrors) errors = { NULL };
  const char *pan, *ipin, *expiry, *uuid;
  SwitchCard *card;
  PdJsonWriter *writer;

  if (authorize (self, request, ENDPOINT_BALANCE) == NULL)
    return;

  body = parse_body (request);
  if (body == NULL)
    return;

  field_errors_init (&errors);
  pan = read_text (body, "pan", &errors);
  ipin = read_text (body, "ipin", &errors);
  expiry = read_expiry (body, &errors);
  uuid = read_text (body, "uuid", &errors);
  if (reject_fields (request, &errors))
    return;

  card = authorize_card (self, request, pan, expiry, ipin);
  if (card == NULL)
    return;

  writer = pd_json_writer_new ();
  pd_json_writer_begin_object (writer);
  pd_sandbox_write_int (writer, "response_code", 0);
  write_amount (writer, "balance", &card->balance);
  pd_sandbox_write_string (writer, "response_status", "Successful");
  pd_sandbox_write_string (writer, "uuid", uuid);
  pd_json_writer_end_object (writer);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

/* Payments */

/* What a top-up, a bill payment and an electricity purchase all send. */
typedef struct
{
  const char *pan;
  const char *ipin;
  const char *expiry;
  PdMoney     amount;
  const char *target;
  const char *uuid;
  const char *platform;
} Payment;

static gboolean
read_payment (PdSandboxRequest *request,
              JsonObject       *body,
              const char       *target_field,
              FieldErrors      *errors,
              Payment          *out)
{
  out->pan = read_text (body, "pan", errors);
  out->ipin = read_text (body, "ipin", errors);
  out->expiry = read_expiry (body, errors);
  read_amount (body, errors, &out->amount);
  out->target = read_text (body, target_field, errors);
  out->uuid = read_text (body, "uuid", errors);
  out->platform = read_text (body, "platform", errors);

  if (out->target != NULL && !has_field_error (errors, target_field))
    {
      if (strcmp (target_field, "phone_no") == 0 && !is_local_phone (out->target))
        field_error (errors, target_field, "Enter a valid phone number such as 0912345678.");
      else if (strcmp (target_field, "meter_no") == 0 && !is_digits (out->target, 8, 15))
        field_error (errors, target_field, "Enter a valid meter number.");
    }

  return !reject_fields (request, errors);
}

/* After the switch's checks of the card: the amount against its balance.
 * Nothing moves unless this returns TRUE. */
static gboolean
can_debit (PdSandboxRequest *request,
           SwitchCard       *card,
           const PdMoney    *amount)
{
  PdMoney left;

  if (amount->units == AMOUNT_SYSTEM_ERROR)
    {
      respond_switch_error (request, CODE_SYSTEM_ERROR, "SYSTEM_ERROR");
      return FALSE;
    }

  if (!pd_money_subtract (&card->balance, amount, &left, NULL) || pd_money_sign (&left) < 0)
    {
      respond_switch_error (request, CODE_INSUFFICIENT_FUNDS, "INSUFFICIENT_FUNDS");
      return FALSE;
    }

  return TRUE;
}

static void
write_payment_head (PdJsonWriter *writer,
                    Payment      *payment)
{
  g_autofree char *masked = mask_pan (payment->pan);
  PdMoney zero = sdg (0);

  pd_sandbox_write_string (writer, "pan", masked);
  write_amount (writer, "acq_tran_fee", &zero);
  write_amount (writer, "dynamic_fees", &zero);
  write_amount (writer, "issuer_tran_fee", &zero);
}

static const Payee *
read_payee (PdSandboxRequest *request,
            FieldErrors      *errors)
{
  const Payee *payee = find_payee (pd_sandbox_request_get_param (request, "payee"));

  if (payee == NULL)
    field_error (errors, "payee_id", "Unknown payee id.");

  return payee;
}

static void
telecom_payment (PdSandboxProvider *provider,
                 PdSandboxRequest  *request)
{
  EnayaPay *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) body = NULL;
  g_auto(FieldErrors) errors = { NULL };
  g_autofree char *payment_info = NULL;
  Subscriber *subscriber = NULL;
  const Payee *payee;
  Payment payment = { NULL };
  SwitchCard *card;
  PdJsonWriter *writer;

  if (authorize (self, request, ENDPOINT_TELECOM) == NULL)
    return;

  body = parse_body (request);
  if (body == NULL)
    return;

  field_errors_init (&errors);
  payee = read_payee (request, &errors);
  if (!read_payment (request, body, "phone_no", &errors, &payment))
    return;

  /* A top-up goes to any number of the payee's network; a bill needs a
   * postpaid line of it. */
  if (payee->kind == PAYEE_BILL)
    {
      subscriber = g_hash_table_lookup (self->subscribers, payment.target);
      if (subscriber != NULL && subscriber->operator != payee->operator)
        subscriber = NULL;
    }

  if (phone_operator (payment.target) != payee->operator ||
      (payee->kind == PAYEE_BILL && subscriber == NULL))
    {
      respond_not_registered (request, ENDPOINT_TELECOM);
      return;
    }

  card = authorize_card (self, request, payment.pan, payment.expiry, payment.ipin);
  if (card == NULL || !can_debit (request, card, &payment.amount))
    return;

  pd_money_subtract (&card->balance, &payment.amount, &card->balance, NULL);
  if (subscriber != NULL)
    {
      if (pd_money_subtract (&subscriber->due, &payment.amount, &subscriber->due, NULL) &&
          pd_money_sign (&subscriber->due) < 0)
        subscriber->due = sdg (0);
    }

  pd_sandbox_request_record (request, payee->kind == PAYEE_BILL ? "bill" : "top-up",
                             payment.target, NULL, payment.uuid, &payment.amount);

  payment_info = g_strdup_printf ("MPHONE= 249%s", payment.target);

  writer = pd_json_writer_new ();
  pd_json_writer_begin_object (writer);
  write_payment_head (writer, &payment);
  pd_sandbox_write_string (writer, "payment_info", payment_info);
  pd_sandbox_write_string (writer, "response_message", "Approved");
  pd_sandbox_write_string (writer, "response_status", "Successful");
  write_amount (writer, "amount", &payment.amount);
  pd_sandbox_write_int (writer, "tran_date_time", now_ms (self));
  pd_sandbox_write_string (writer, "uuid", payment.uuid);
  pd_sandbox_write_int (writer, "response_code", 0);
  pd_json_writer_end_object (writer);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

static void
telecom_inquiry (PdSandboxProvider *provider,
                 PdSandboxRequest  *request)
{
  EnayaPay *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) body = NULL;
  g_auto(FieldErrors) errors = { NULL };
  const Payee *payee;
  const char *phone;
  Subscriber *subscriber;
  PdJsonWriter *writer;
  PdMoney zero = sdg (0);

  if (authorize (self, request, ENDPOINT_TELECOM) == NULL)
    return;

  body = parse_body (request);
  if (body == NULL)
    return;

  field_errors_init (&errors);
  payee = read_payee (request, &errors);
  if (payee != NULL && payee->kind != PAYEE_BILL)
    field_error (&errors, "payee_id", "This payee has no invoices; it takes top-ups only.");
  phone = read_text (body, "phone_no", &errors);
  if (phone != NULL && !is_local_phone (phone))
    field_error (&errors, "phone_no", "Enter a valid phone number such as 0912345678.");
  if (reject_fields (request, &errors))
    return;

  subscriber = g_hash_table_lookup (self->subscribers, phone);
  if (subscriber == NULL || subscriber->operator != payee->operator)
    {
      respond_not_registered (request, ENDPOINT_TELECOM);
      return;
    }

  writer = pd_json_writer_new ();
  pd_json_writer_begin_object (writer);
  write_amount (writer, "total_amount", &subscriber->due);
  pd_sandbox_write_int (writer, "contract_number", subscriber->contract_number);
  write_amount (writer, "acq_tran_fee", &zero);
  write_amount (writer, "dynamic_fees", &zero);
  write_amount (writer, "issuer_tran_fee", &zero);
  pd_sandbox_write_int (writer, "tran_date_time", now_ms (self));
  pd_json_writer_end_object (writer);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

/* kWh that @net buys at @tariff, cut down to a tenth, as a number literal. */
static char *
units_for (const PdMoney *net,
           const PdMoney *tariff)
{
  gint64 tenths = net->units * 10 / tariff->units;
  PdMoney units;
  PdMoney short_form;

  pd_money_init (&units, tenths, 1, CURRENCY);
  short_form = shortest (&units);
  return pd_money_to_plain_scale (&short_form, 0);
}

static char *
new_electricity_token (EnayaPay *self)
{
  g_autoptr(GString) token = g_string_sized_new (24);

  pd_sandbox_random_digits (pd_sandbox_provider_get_random (self->provider), token, 20);
  return g_string_free (g_steal_pointer (&token), FALSE);
}

static void
buy_electricity (PdSandboxProvider *provider,
                 PdSandboxRequest  *request)
{
  EnayaPay *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) body = NULL;
  g_auto(FieldErrors) errors = { NULL };
  g_autofree char *payment_info = NULL;
  g_autofree char *token = NULL;
  g_autofree char *units = NULL;
  Payment payment = { NULL };
  PdMoney fees, net;
  SwitchCard *card;
  Meter *meter;
  PdJsonWriter *writer;

  if (authorize (self, request, ENDPOINT_ELECTRICITY) == NULL)
    return;

  body = parse_body (request);
  if (body == NULL)
    return;

  field_errors_init (&errors);
  if (!read_payment (request, body, "meter_no", &errors, &payment))
    return;

  meter = g_hash_table_lookup (self->meters, payment.target);
  if (meter == NULL)
    {
      respond_not_registered (request, ENDPOINT_ELECTRICITY);
      return;
    }

  /* The meter and water fees come out of the amount; the rest buys units. */
  pd_money_add (&meter->meter_fees, &meter->water_fees, &fees, NULL);
  pd_money_subtract (&payment.amount, &fees, &net, NULL);

  card = authorize_card (self, request, payment.pan, payment.expiry, payment.ipin);
  if (card == NULL)
    return;

  if (pd_money_sign (&net) <= 0)
    {
      respond_switch_error (request, CODE_INVALID_AMOUNT, "INVALID_AMOUNT");
      return;
    }

  if (!can_debit (request, card, &payment.amount))
    return;

  pd_money_subtract (&card->balance, &payment.amount, &card->balance, NULL);
  token = new_electricity_token (self);
  pd_sandbox_request_record (request, "electricity", meter->number, token, payment.uuid, &payment.amount);

  payment_info = g_strdup_printf ("METER=%s", meter->number);
  units = units_for (&net, &meter->tariff);

  writer = pd_json_writer_new ();
  pd_json_writer_begin_object (writer);
  write_payment_head (writer, &payment);
  pd_sandbox_write_string (writer, "payment_info", payment_info);
  pd_sandbox_write_string (writer, "response_message", "Approved");
  pd_sandbox_write_string (writer, "response_status", "Successful");
  write_amount (writer, "amount", &payment.amount);
  pd_sandbox_write_int (writer, "tranDateTime", now_ms (self));
  pd_sandbox_write_string (writer, "uuid", payment.uuid);
  pd_sandbox_write_int (writer, "response_code", 0);
  pd_sandbox_write_int (writer, "account_no", meter->account_no);
  pd_sandbox_write_string (writer, "customer_name", meter->customer_name);
  write_amount (writer, "meter_fees", &meter->meter_fees);
  pd_sandbox_write_string (writer, "meter_number", meter->number);
  write_amount (writer, "net_amount", &net);
  pd_sandbox_write_string (writer, "operator_message", "Credit Purchase");
  pd_sandbox_write_string (writer, "token", token);
  pd_json_writer_member (writer, "units_in_kwh");
  pd_json_writer_raw_number (writer, units);
  write_amount (writer, "water_fees", &meter->water_fees);
  pd_json_writer_end_object (writer);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

/* Seeding */

static const char * const arabic_labels[] = {
  "بطاقة المتجر", "حساب التوفير", "بطاقة الراتب", "مصروفات البيت", "بطاقة السفر",
};

static const char * const latin_labels[] = {
  "Shop account", "Savings", "Salary card", "Household", "Travel (Visa)",
};

static gint64
random_amount (PdSandboxRandom *random,
               gint64           low,
               gint64           high)
{
  gint64 units = pd_sandbox_random_between (random, low, high);

  /* Whole pounds, tenths and piastres, as balances and bills come. */
  switch (pd_sandbox_random_below (random, 3))
    {
    case 0:
      return units - units % 100;
    case 1:
      return units - units % 10;
    default:
      return units;
    }
}

/* A card number with a valid check digit: @prefix, random digits, check. */
static char *
random_pan (PdSandboxRandom *random,
            const char      *prefix,
            gsize            length)
{
  g_autoptr(GString) pan = g_string_new (prefix);

  pd_sandbox_random_digits (random, pan, length - pan->len - 1);
  g_string_append_c (pan, pd_luhn_check_digit (pan->str, pan->len));

  return g_string_free (g_steal_pointer (&pan), FALSE);
}

static void
seed_cards (EnayaPay        *self,
            PdSandboxRandom *random,
            User            *user,
            guint            records)
{
  guint n_cards = records == 0 ? 0 : CLAMP (records / 40, 3, MAX_SEEDED_CARDS);
  int year, month;

  simulated_month (self, &year, &month);

  for (guint i = 0; i < n_cards; i++)
    {
      g_autofree char *pan = NULL;
      g_auto(PdSandboxPerson) person = { NULL };
      char expiry[5];
      const char *label;
      SwitchCard *card;
      int card_month, card_year;

      if (pd_sandbox_random_percent (random, 70))
        pan = random_pan (random, pd_sandbox_random_percent (random, 80) ? "922208" : "922211",
                          pd_sandbox_random_percent (random, 80) ? 16 : 19);
      else
        pan = random_pan (random, pd_sandbox_random_percent (random, 50) ? "4" : "5", 16);

      /* The last card has run out, so an expired card shows too. */
      if (i + 1 == n_cards)
        {
          card_month = month > 2 ? month - 2 : month + 10;
          card_year = month > 2 ? year : year - 1;
        }
      else
        {
          card_month = 1 + (int)pd_sandbox_random_below (random, 12);
          card_year = year + 1 + (int)pd_sandbox_random_below (random, 4);
        }
      g_snprintf (expiry, sizeof expiry, "%02d%02d", card_month, card_year % 100);

      /* Arabic and Latin labels both, then people's names. */
      if (i < 2 || i >= 4)
        {
          label = i % 2 == 0 ? PD_SANDBOX_RANDOM_PICK (random, arabic_labels)
                             : PD_SANDBOX_RANDOM_PICK (random, latin_labels);
        }
      else
        {
          pd_sandbox_person_init (&person, random, PD_SANDBOX_REGION_SUDAN);
          label = person.name;
        }

      card = switch_card (self, pan, expiry);
      card->balance = sdg (random_amount (random, 50000, 3000000000));
      add_user_card (self, user, card, label, i == 0);
    }
}

static void
add_subscriber (EnayaPay   *self,
                const char *phone,
                gint64      contract_number,
                PdMoney     due)
{
  Subscriber *subscriber = g_new0 (Subscriber, 1);

  subscriber->phone = pd_sandbox_provider_intern (self->provider, phone);
  subscriber->operator = phone_operator (phone);
  subscriber->contract_number = contract_number;
  subscriber->due = due;
  g_hash_table_replace (self->subscribers, (gpointer)subscriber->phone, subscriber);
}

static void
seed_subscribers (EnayaPay        *self,
                  PdSandboxRandom *random,
                  guint            count)
{
  add_subscriber (self, EXAMPLE_SUBSCRIBER, EXAMPLE_CONTRACT, sdg (40000));

  for (guint i = 0; i < count; i++)
    {
      guint prefix = pd_sandbox_random_below (random, G_N_ELEMENTS (operator_prefixes));
      g_autoptr(GString) phone = g_string_new (operator_prefixes[prefix].prefix);

      pd_sandbox_random_digits (random, phone, 7);
      if (g_hash_table_contains (self->subscribers, phone->str))
        continue;

      add_subscriber (self, phone->str,
                      pd_sandbox_random_between (random, G_GINT64_CONSTANT (10000000000),
                                                 G_GINT64_CONSTANT (99999999999)),
                      sdg (random_amount (random, 0, 5000000)));
    }
}

static void
add_meter (EnayaPay        *self,
           PdSandboxRandom *random,
           const char      *number,
           gint64           account_no,
           gint64           meter_fees,
           gint64           water_fees,
           gint64           tariff)
{
  g_auto(PdSandboxPerson) person = { NULL };
  Meter *meter = g_new0 (Meter, 1);

  pd_sandbox_person_init (&person, random, PD_SANDBOX_REGION_SUDAN);
  meter->number = pd_sandbox_provider_intern (self->provider, number);
  meter->account_no = account_no;
  meter->customer_name = pd_sandbox_provider_intern (self->provider, person.name);
  meter->meter_fees = sdg (meter_fees);
  meter->water_fees = sdg (water_fees);
  meter->tariff = sdg (tariff);
  g_hash_table_replace (self->meters, (gpointer)meter->number, meter);
}

static void
seed_meters (EnayaPay        *self,
             PdSandboxRandom *random,
             guint            count)
{
  static const gint64 tariffs[] = { 850, 1400, 2250 };

  add_meter (self, random, EXAMPLE_METER, EXAMPLE_ACCOUNT_NO, 100, 100, 850);

  for (guint i = 0; i < count; i++)
    {
      g_autoptr(GString) number = g_string_new ("04");

      pd_sandbox_random_digits (random, number, 10);
      if (g_hash_table_contains (self->meters, number->str))
        continue;

      add_meter (self, random, number->str,
                 pd_sandbox_random_between (random, 1000000000, 9999999999),
                 100 * pd_sandbox_random_between (random, 0, 5),
                 50 * pd_sandbox_random_between (random, 0, 6),
                 tariffs[pd_sandbox_random_below (random, G_N_ELEMENTS (tariffs))]);
    }
}

static const struct
{
  const char       *method;
  const char       *pattern;
  PdSandboxHandler  handler;
} routes[] = {
  { "POST", "/register", register_user },
  { "POST", "/verify", verify_user },
  { "POST", "/login", login_user },
  { "POST", "/rest/password", reset_password },
  { "POST", "/change/password", change_password },
  { "POST", "/cards", add_card },
  { "GET", "/cards", list_cards },
  { "GET", "/card/{id}", get_card },
  { "DELETE", "/card/{id}", delete_card },
  { "POST", "/balance/inquiry", balance_inquiry },
  { "POST", "/telecom/{payee}/topup", telecom_payment },
  { "POST", "/telecom/{payee}/inquiry", telecom_inquiry },
  { "POST", "/electricity", buy_electricity },
};

static gpointer
enayapay_create (PdSandboxProvider *provider,
                 guint              records)
{
  EnayaPay *self = g_new0 (EnayaPay, 1);
  PdSandboxRandom *random = pd_sandbox_provider_get_random (provider);
  g_auto(PdSandboxPerson) person = { NULL };
  g_autofree char *mobile = NULL;
  g_autofree char *api_key = g_malloc0 (21);
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *at;
  User *user;

  self->provider = provider;
  self->users_by_phone = g_hash_table_new (g_str_hash, g_str_equal);
  self->users_by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, user_free);
  self->switch_cards = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->subscribers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->meters = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->next_card_id = 1;

  pd_sandbox_random_fill (random, api_key, 20, "abcdefghijklmnopqrstuvwxyz");
  self->api_key = pd_sandbox_provider_intern (provider, api_key);

  for (guint i = 0; i < G_N_ELEMENTS (self->token_key); i++)
    self->token_key[i] = (guint8)pd_sandbox_random_below (random, 256);

  /* One OTP for every registration and one IPIN for every card: the
   * sandbox sends no SMS and issues no PIN mailers. */
  pd_sandbox_random_digits (random, digits, 6);
  self->otp = pd_sandbox_provider_intern (provider, digits->str);
  g_string_truncate (digits, 0);
  pd_sandbox_random_digits (random, digits, 4);
  self->ipin = pd_sandbox_provider_intern (provider, digits->str);

  /* The registered, verified user of the demo. */
  self->next_user_id = pd_sandbox_random_between (random, 100000, 899999);
  mobile = pd_sandbox_mobile_number (random, PD_SANDBOX_REGION_SUDAN, NULL);
  user = add_user (self, mobile + 1);
  pd_sandbox_person_init (&person, random, PD_SANDBOX_REGION_SUDAN);
  at = strchr (person.email, '@');
  user->name = pd_sandbox_provider_take (provider, g_strndup (person.email, at - person.email));
  user->password = pd_sandbox_provider_take (provider, pd_sandbox_random_token (random, NULL, 12));
  user->verified = TRUE;

  pd_sandbox_provider_set_credential (provider, "api_key", self->api_key);
  pd_sandbox_provider_set_credential (provider, "username", user->name);
  pd_sandbox_provider_set_credential (provider, "password", user->password);
  pd_sandbox_provider_set_credential (provider, "phone", user->phone);
  pd_sandbox_provider_set_credential (provider, "otp", self->otp);
  pd_sandbox_provider_set_credential (provider, "ipin", self->ipin);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    pd_sandbox_provider_add_route (provider, routes[i].method, routes[i].pattern, routes[i].handler);

  seed_cards (self, random, user, records);
  seed_subscribers (self, random, MIN (records, MAX_SEEDED_ACCOUNTS));
  seed_meters (self, random, MIN (records, MAX_SEEDED_ACCOUNTS));

  return self;
}

static void
enayapay_free (gpointer data)
{
  EnayaPay *self = data;

  g_hash_table_unref (self->users_by_phone);
  g_hash_table_unref (self->users_by_id);
  g_hash_table_unref (self->switch_cards);
  g_hash_table_unref (self->subscribers);
  g_hash_table_unref (self->meters);
  g_free (self);
}

const PdSandboxProviderInfo pd_enayapay_sandbox_info = {
  .name = "enayapay",
  .slot = 5,
  .base_path = BASE_PATH,
  .flags = PD_SANDBOX_PROVIDER_FLAGS_NONE,
  .idempotency_header = NULL,
  .create = enayapay_create,
  .free_state = enayapay_free,
  .authenticate = authenticate,
  .write_error = write_error,
};

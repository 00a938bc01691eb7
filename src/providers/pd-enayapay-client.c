/* pd-enayapay-client.c - the EnayaPay provider: cards, telecom top-ups and bills, electricity
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * How EnayaPay is read (see also HACKING.md, "Provider readings" → EnayaPay):
 *
 * - `x-api-key` goes on every request, `token` on every request after
 *   log-in; both are headers. `verify` and `login` answer a token. A token
 *   that is refused (401) is renewed once by logging in again, when the
 *   client knows the phone number and password, and the request is sent
 *   again: a 401 applied nothing.
 * - Statuses carry the meaning: 201 registered, 203 a wrong one-time code,
 *   password or token, 302 already there, 400 field errors
 *   ({"details": {field: [messages]}}), 401 the API key or token, 404 not
 *   registered or not found, 406 the switch's `response_code`, 502 and 503
 *   down. Each becomes a %PD_PROVIDER_ERROR whose message says what happened
 *   in words; EnayaPay's own text stays the provider message.
 * - Payments (top-up, bill, electricity) have no look-up and no idempotency
 *   key: `uuid` is only echoed. A payment is sent once; an answer that is
 *   lost waits for a person (PD_RECONCILE_NONE). The `uuid` sent is the
 *   outbox's reference and becomes the record's provider id.
 * - A full card number and the IPIN are only ever in the body of the one
 *   request that needs them, built in memory that is wiped afterwards.
 *   Cards come back masked; records keep the last four digits only.
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pd-enayapay-client.h"
#include "pd-keyring-binding.h"
#include "pd-redact.h"
#include "pd-secret-body-private.h"

#define PROVIDER_NAME     "EnayaPay"
#define CURRENCY          "SDG"
#define DEFAULT_PLATFORM  "web"

typedef enum
{
  ENDPOINT_REGISTER,
  ENDPOINT_VERIFY,
  ENDPOINT_LOGIN,
  ENDPOINT_RESET_PASSWORD,
  ENDPOINT_CHANGE_PASSWORD,
  ENDPOINT_CARDS,
  ENDPOINT_CARD,
  ENDPOINT_BALANCE,
  ENDPOINT_INQUIRY,
  ENDPOINT_TOPUP,
  ENDPOINT_BILL,
  ENDPOINT_ELECTRICITY,
} Endpoint;

static const struct
{
  PdEnayapayNetwork  network;
  const char        *name;
  const char        *top_up;
  const char        *bill;
} networks[] = {
  { PD_ENAYAPAY_NETWORK_ZAIN, "zain", "110010001", "1100055511" },
  { PD_ENAYAPAY_NETWORK_MTN, "mtn", "110010002", "1100055512" },
  { PD_ENAYAPAY_NETWORK_SUDANI, "sudani", "110010003", "1100055513" },
};

struct _PdEnayapayClient
{
  GObject              parent_instance;

  PdHttpClient        *http;
  char                *api_key;
  char                *token;
  guint                token_generation;
  char                *phone;
  char                *password;
  char                *platform;
  gboolean             logging_in;
  GPtrArray           *login_waiters;

  PdEnayapayTokenFunc  token_func;
  gpointer             token_data;
  GDestroyNotify       token_destroy;
};

static void pd_enayapay_client_provider_iface_init (PdProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdEnayapayClient, pd_enayapay_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_PROVIDER,
                                                      pd_enayapay_client_provider_iface_init))

G_DEFINE_BOXED_TYPE (PdEnayapayInvoice, pd_enayapay_invoice,
                     pd_enayapay_invoice_copy, pd_enayapay_invoice_free)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_API_KEY,
  PROP_PLATFORM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const resource_names[] = { "cards", NULL };

/* PdEnayapayInvoice */

/**
 * pd_enayapay_invoice_copy:
 * @self: a #PdEnayapayInvoice
 *
 * Returns: (transfer full): a copy of @self
 */
PdEnayapayInvoice *
pd_enayapay_invoice_copy (const PdEnayapayInvoice *self)
{
  PdEnayapayInvoice *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->phone = g_strdup (self->phone);
  copy->payee_id = g_strdup (self->payee_id);
  copy->contract_number = g_strdup (self->contract_number);

  return copy;
}

/**
 * pd_enayapay_invoice_free:
 * @self: (transfer full) (nullable): a #PdEnayapayInvoice
 *
 * Frees @self.
 */
void
pd_enayapay_invoice_free (PdEnayapayInvoice *self)
{
  if (self == NULL)
    return;

  g_free (self->phone);
  g_free (self->payee_id);
  g_free (self->contract_number);
  g_free (self);
}

/* Networks and codes */

/**
 * pd_enayapay_network_get_payee_id:
 * @network: a network
 * @bill: %TRUE for the postpaid bill payee, %FALSE for top-ups
 *
 * Returns: the payee id EnayaPay's telecom paths take (`110010001` …)
 */
const char *
pd_enayapay_network_get_payee_id (PdEnayapayNetwork network,
                                  gboolean          bill)
{
  for (guint i = 0; i < G_N_ELEMENTS (networks); i++)
    if (networks[i].network == network)
      return bill ? networks[i].bill : networks[i].top_up;

  g_return_val_if_reached (NULL);
}

/**
 * pd_enayapay_network_from_string:
 * @text: (nullable): `zain`, `mtn` or `sudani`, in any case
 * @out: (out): the network
 *
 * Returns: %TRUE if @text names a network
 */
gboolean
pd_enayapay_network_from_string (const char        *text,
                                 PdEnayapayNetwork *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (networks); i++)
    {
      if (g_ascii_strcasecmp (text, networks[i].name) == 0)
        {
          *out = networks[i].network;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * pd_enayapay_describe_response_code:
 * @response_code: a `response_code` of the card switch (406 answers)
 *
 * Explains the card switch's codes in words: 13 an amount it does not
 * accept, 14 a wrong card number or expiry date, 51 not enough money, 54
 * an expired card, 55 a wrong IPIN, 696 a failure of the switch itself.
 *
 * Returns: (nullable): the explanation, or %NULL for a code the document
 *   does not list
 */
const char *
pd_enayapay_describe_response_code (gint64 response_code)
{
  switch (response_code)
    {
    case 0:
      return _("the payment was approved");
    case 13:
      return _("the amount is not accepted (for electricity it must be more than the meter "
               "and water fees together)");
    case 14:
      return _("the card number or its expiry date is wrong");
    case 51:
      return _("the card does not have enough money for this payment");
    case 54:
      return _("the card has expired");
    case 55:
      return _("the IPIN is wrong");
    case 696:
      return _("the card switch had a system error");
    default:
      return NULL;
    }
}

/* Small helpers */

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

static gboolean
all_digits (const char *text)
{
  if (is_blank (text))
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* The last four digits of a card number, masked or not; "" if it has
 * fewer. */
static void
last_four (const char *number,
           char        out[5])
{
  gsize length = number != NULL ? strlen (number) : 0;
  guint n = 0;

  out[0] = '\0';
  for (gsize i = length; i > 0 && n < 4; i--)
    {
      if (!g_ascii_isdigit (number[i - 1]))
        return;
      n++;
    }

  if (n == 4)
    memcpy (out, number + length - 4, 5);
}

/* Every digit but the last four masked, the length kept. */
static char *
mask_card_number (const char *number)
{
  gsize length = number != NULL ? strlen (number) : 0;
  char last[5];
  char *masked;

  last_four (number, last);
  if (*last == '\0' || length < 4)
    return g_strdup ("****");

  masked = g_malloc (length + 1);
  memset (masked, '*', length - 4);
  memcpy (masked + length - 4, last, 5);

  return masked;
}

/* Masks the string value of @member wherever it appears as a member name
 * in @json (EnayaPay echoes `pan` with its first six digits), keeping
 * the rest of the text as it came. */
static char *
mask_member_in_text (const char *json,
                     const char *member)
{
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", member);
  GString *out = g_string_new (NULL);
  const char *p = json;
  const char *found;

  while ((found = strstr (p, quoted)) != NULL)
    {
      const char *q = found + strlen (quoted);
      const char *value_start;
      const char *value_end;
      g_autofree char *value = NULL;
      g_autofree char *masked = NULL;

      while (g_ascii_isspace (*q))
        q++;
      if (*q != ':')
        {
          g_string_append_len (out, p, q - p);
          p = q;
          continue;
        }
      q++;
      while (g_ascii_isspace (*q))
        q++;
      if (*q != '"')
        {
          g_string_append_len (out, p, q - p);
          p = q;
          continue;
        }

      value_start = q + 1;
      value_end = value_start;
      while (*value_end != '\0' && *value_end != '"' && *value_end != '\\')
        value_end++;
      if (*value_end != '"')
        {
          g_string_append_len (out, p, value_start - p);
          p = value_start;
          continue;
        }

      value = g_strndup (value_start, value_end - value_start);
      masked = mask_card_number (value);
      g_string_append_len (out, p, value_start - p);
      g_string_append (out, masked);
      p = value_end;
    }

  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

/* The raw JSON kept on a record: secrets out, card numbers to their last
 * four digits. */
static char *
record_json (GBytes *body)
{
  g_autofree char *redacted = NULL;
  g_autofree char *masked = NULL;
  gsize size = 0;
  const char *text;

  if (body == NULL)
    return NULL;

  text = g_bytes_get_data (body, &size);
  if (size == 0)
    return NULL;

  redacted = pd_redact_json (text, size, NULL);
  if (redacted == NULL)
    return NULL;

  masked = mask_member_in_text (redacted, "pan");
  return mask_member_in_text (masked, "card_pan");
}

static GError *
provider_error (PdProviderError  code,
                guint            http_status,
                const char      *provider_code,
                const char      *provider_message,
                const char      *sentence)
{
  PdProviderErrorInfo info = { 0, };
  GError *error;

  info.provider_name = PROVIDER_NAME;
  info.http_status = http_status;
  info.provider_code = provider_code;
  info.provider_message = provider_message;
  error = pd_provider_error_new_full (code, &info);

  /* A sentence about what happened reads better than the generic one; the
   * provider's own words stay in pd_provider_error_get_provider_message(). */
  if (sentence != NULL)
    {
      g_free (error->message);
      error->message = g_strdup (sentence);
    }

  return error;
}

static GError *
malformed_error (guint       http_status,
                 const char *detail,
                 gboolean    outcome_unknown)
{
  PdProviderErrorInfo info = { 0, };

  info.provider_name = PROVIDER_NAME;
  info.http_status = http_status;
  info.detail = detail;
  info.outcome_unknown = outcome_unknown;

  return pd_provider_error_new_full (PD_PROVIDER_ERROR_MALFORMED, &info);
}

static GError *
bad_argument (const char *message)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, message);
}

/* Reading error bodies */

/* "field (message) field (message)", in the order EnayaPay sent them. The
 * field names are not followed by ':' so that the redaction of free text
 * does not take "user_password: This field…" for a password. */
static char *
join_field_errors (JsonObject *fields)
{
  g_autoptr(GList) names = json_object_get_members (fields);
  GString *text = g_string_new (NULL);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (fields, name);

      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append_printf (text, "%s (", name);

      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *messages = json_node_get_array (node);

          for (guint i = 0; i < json_array_get_length (messages); i++)
            {
              JsonNode *message = json_array_get_element (messages, i);

              if (JSON_NODE_HOLDS_VALUE (message) && json_node_get_value_type (message) == G_TYPE_STRING)
                g_string_append_printf (text, "%s%s", i > 0 ? " " : "", json_node_get_string (message));
            }
        }
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          g_string_append (text, json_node_get_string (node));
        }

      g_string_append_c (text, ')');
    }

  return g_string_free (text, FALSE);
}

/* {"details": "…"}, {"details": {field: ["…"]}} or the switch's
 * {"response_code": N, "response_message": "…"}; the codes by status. */
static void
parse_error_body (PdHttpClient       *client,
                  PdHttpErrorDetails *details,
                  gpointer            user_data)
{
  if (details->root != NULL && JSON_NODE_HOLDS_OBJECT (details->root))
    {
      JsonObject *object = json_node_get_object (details->root);
      JsonNode *node = json_object_get_member (object, "details");
      gint64 response_code;

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        {
          details->provider_message = join_field_errors (json_node_get_object (node));
        }
      else if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
               json_node_get_value_type (node) == G_TYPE_STRING)
        {
          g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (node)));

          if (*text != '\0')
            details->provider_message = g_steal_pointer (&text);
        }

      if (pd_json_get_int (object, "response_code", &response_code, NULL))
        {
          details->provider_code = g_strdup_printf ("%" G_GINT64_FORMAT, response_code);
          details->provider_message = g_strdup (pd_json_get_string (object, "response_message"));
        }
    }

  if (details->provider_message == NULL)
    pd_http_error_details_parse_default (details);

  switch (details->http_status)
    {
    case 302:
      details->code = PD_PROVIDER_ERROR_CONFLICT;
      break;
    case 406:
      details->code = g_strcmp0 (details->provider_code, "696") == 0 ? PD_PROVIDER_ERROR_UNAVAILABLE
                                                                   : PD_PROVIDER_ERROR_VALIDATION;
      break;
    default:
      break;
    }
}

/* What a refusal means, said for the endpoint that refused. */
static GError *
translate_error (Endpoint  endpoint,
                 GError   *error)
{
  g_autoptr(GError) owned = error;
  guint status = pd_provider_error_get_http_status (error);
  const char *message = pd_provider_error_get_provider_message (error);
  const char *code = pd_provider_error_get_provider_code (error);
  g_autofree char *sentence = NULL;
  PdProviderError kind;
  gboolean payment = endpoint == ENDPOINT_TOPUP || endpoint == ENDPOINT_BILL ||
                     endpoint == ENDPOINT_ELECTRICITY;

  if (error->domain != PD_PROVIDER_ERROR || status == 0 || pd_provider_error_is_outcome_unknown (error))
    return g_steal_pointer (&owned);

  kind = error->code;

  switch (status)
    {
    case 302:
      if (endpoint == ENDPOINT_REGISTER)
        sentence = g_strdup (_("This phone number is already registered with EnayaPay: log in "
                               "instead."));
      else
        sentence = g_strdup (_("This card is already on the EnayaPay account."));
      kind = PD_PROVIDER_ERROR_CONFLICT;
      break;

    case 400:
      if (payment)
        /* Translators: %s lists EnayaPay's objections, field by field */
        sentence = g_strdup_printf (_("EnayaPay refused the payment: %s. Nothing was paid."),
                                    message != NULL ? message : _("a field is missing or wrong"));
      else
        /* Translators: %s lists EnayaPay's objections, field by field */
        sentence = g_strdup_printf (_("EnayaPay refused the request: %s. Nothing was changed."),
                                    message != NULL ? message : _("a field is missing or wrong"));
      break;

    case 401:
      sentence = g_strdup (_("EnayaPay did not accept the account’s API key or its session. "
                             "Check the API key in the account’s settings, or log in again."));
      break;

    case 404:
      if (endpoint == ENDPOINT_CARD && g_strcmp0 (message, "card not found") == 0)
        sentence = g_strdup (_("The EnayaPay account has no such card."));
      else if (endpoint == ENDPOINT_TOPUP)
        sentence = g_strdup (_("The phone number is not on this network. Nothing was paid."));
      else if (endpoint == ENDPOINT_BILL || endpoint == ENDPOINT_INQUIRY)
        sentence = g_strdup (_("The phone number has no postpaid line on this network. Nothing "
                               "was paid."));
      else if (endpoint == ENDPOINT_ELECTRICITY)
        sentence = g_strdup (_("EnayaPay does not know this meter number. Nothing was paid."));
      else
        sentence = g_strdup (_("This phone number is not registered with EnayaPay, or not "
                               "verified yet."));
      break;

    case 406:
      if (code != NULL)
        {
          gint64 number = g_ascii_strtoll (code, NULL, 10);
          const char *words = pd_enayapay_describe_response_code (number);

          if (words == NULL)
            words = _("the card switch refused it");
          if (payment)
            /* Translators: the first %s explains the card switch's code, the
             * second is its own name for it, the third the code */
            sentence = g_strdup_printf (_("The payment was refused: %s (%s, code %s). Nothing was "
                                          "paid."),
                                        words, message != NULL ? message : "", code);
          else
            sentence = g_strdup_printf (_("The card switch refused the request: %s (%s, code %s)."),
                                        words, message != NULL ? message : "", code);
        }
      else if (endpoint == ENDPOINT_REGISTER)
        {
          sentence = g_strdup (_("The phone number is not valid: give 249 and nine digits, such "
                                 "as 249912345678."));
        }
      else if (endpoint == ENDPOINT_CARDS)
        {
          sentence = g_strdup (_("The card switch does not know this card number, or its expiry "
                                 "date is not the card’s."));
        }
      break;

    case 502:
      if (endpoint == ENDPOINT_REGISTER)
        sentence = g_strdup (_("EnayaPay could not send the text message with the code (its SMS "
                               "gateway is down). Try again later."));
      else
        sentence = g_strdup (_("EnayaPay could not reach the card switch. Nothing was paid; "
                               "try again later."));
      break;

    case 503:
      sentence = g_strdup (_("EnayaPay is not available right now. Nothing was changed; try "
                             "again later."));
      break;

    default:
      break;
    }

  if (sentence == NULL)
    return g_steal_pointer (&owned);

  return provider_error (kind, status, code, message, sentence);
}

/* 203, a "success" status, says a secret was wrong. */
static GError *
non_authoritative_error (Endpoint  endpoint,
                         JsonNode *root)
{
  const char *message = NULL;
  const char *sentence;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    message = pd_json_get_string (json_node_get_object (root), "details");

  switch (endpoint)
    {
    case ENDPOINT_VERIFY:
      sentence = _("The code from the text message is wrong. Check it, or register again for a "
                   "new one.");
      break;
    case ENDPOINT_LOGIN:
      sentence = _("EnayaPay did not accept the password for this phone number.");
      break;
    case ENDPOINT_RESET_PASSWORD:
      sentence = _("The session is not valid for this phone number: verify the phone with a new "
                   "code, then set the password.");
      break;
    case ENDPOINT_CHANGE_PASSWORD:
      sentence = _("The current password is wrong; the password was not changed.");
      break;
    case ENDPOINT_REGISTER:
    case ENDPOINT_CARDS:
    case ENDPOINT_CARD:
    case ENDPOINT_BALANCE:
    case ENDPOINT_INQUIRY:
    case ENDPOINT_TOPUP:
    case ENDPOINT_BILL:
    case ENDPOINT_ELECTRICITY:
    default:
      sentence = _("EnayaPay did not accept the credentials.");
      break;
    }

  return provider_error (PD_PROVIDER_ERROR_AUTH, 203, NULL, message, sentence);
}

/* Tokens */

static void
set_token (PdEnayapayClient *self,
           const char       *token)
{
  if (g_strcmp0 (self->token, token) == 0)
    return;

  g_clear_pointer (&self->token, pd_secret_text_free);
  self->token = is_blank (token) ? NULL : g_strdup (token);
  self->token_generation++;
}

static void
take_new_token (PdEnayapayClient *self,
                const char       *token)
{
  set_token (self, token);

  if (self->token_func != NULL && self->token != NULL)
    self->token_func (self, self->token, self->token_data);
}

/* Calls */

typedef struct
{
  Endpoint  endpoint;
  char     *method;
  char     *path;
  GBytes   *body;
  gboolean  needs_token;
  gboolean  retry_safe;
  gboolean  renewed;
  guint     generation;
} Call;

static void
call_free (gpointer pointer)
{
  Call *call = pointer;

  g_free (call->method);
  g_free (call->path);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call);
}

/* @body is taken. */
static Call *
call_new (Endpoint    endpoint,
          const char *method,
          const char *path,
          GBytes     *body)
{
  Call *call = g_new0 (Call, 1);

  call->endpoint = endpoint;
  call->method = g_strdup (method);
  call->path = g_strdup (path);
  call->body = body;
  call->retry_safe = g_str_equal (method, "GET");
  call->needs_token = endpoint != ENDPOINT_REGISTER &&
                      endpoint != ENDPOINT_VERIFY &&
                      endpoint != ENDPOINT_LOGIN;

  return call;
}

static GBytes *
login_body (const char *phone,
            const char *password)
{
  g_autoptr(PdSecretBody) body = pd_secret_body_new ();

  pd_secret_body_add_string (body, "user_phone", phone);
  pd_secret_body_add_string (body, "user_password", password);

  return pd_secret_body_free_to_bytes (g_steal_pointer (&body));
}

static void call_send (GTask *task);
static void call_async (PdEnayapayClient    *self,
                        Call                *call,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data);

static void
on_shared_login (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PdEnayapayClient *self = PD_ENAYAPAY_CLIENT (user_data);
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *answer;

  response = g_task_propagate_pointer (G_TASK (result), &error);
  if (response != NULL)
    {
      answer = pd_http_response_get_object (response);

      if (pd_http_response_get_status (response) == 203)
        error = non_authoritative_error (ENDPOINT_LOGIN, pd_http_response_get_root (response));
      else if (answer == NULL || is_blank (pd_json_get_string (answer, "token")))
        error = malformed_error (pd_http_response_get_status (response),
                                 _("the login answer has no token"), FALSE);
      else
        take_new_token (self, pd_json_get_string (answer, "token"));
    }

  self->logging_in = FALSE;
  waiters = g_steal_pointer (&self->login_waiters);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *waiter = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (waiter, g_error_copy (error));
      else
        g_task_return_boolean (waiter, TRUE);
    }

  g_object_unref (self);
}

/* Logs in again with the phone and password it knows; every request that
 * finds the token refused waits on the one login. */
static void
renew_token_async (PdEnayapayClient    *self,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Call *call;

  g_task_set_source_tag (task, renew_token_async);

  if (self->login_waiters == NULL)
    self->login_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->login_waiters, task);

  if (self->logging_in)
    return;

  self->logging_in = TRUE;
  call = call_new (ENDPOINT_LOGIN, "POST", "/login/", login_body (self->phone, self->password));
  call->retry_safe = TRUE;
  call_async (self, call, NULL, on_shared_login, g_object_ref (self));
}

static gboolean
can_log_in (PdEnayapayClient *self)
{
  return !is_blank (self->phone) && !is_blank (self->password);
}

static void
on_token_renewed (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  call_send (g_steal_pointer (&task));
}

static void
on_call_response (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdEnayapayClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = pd_http_client_request_finish (PD_HTTP_CLIENT (object), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (response == NULL)
    {
      if (g_error_matches (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH) &&
          pd_provider_error_get_http_status (error) == 401 &&
          call->needs_token && !call->renewed && can_log_in (self))
        {
          GCancellable *cancellable = g_task_get_cancellable (task);

          call->renewed = TRUE;
          g_debug ("%s: the session token was refused; logging in again", PROVIDER_NAME);

          /* Another request may have renewed it meanwhile. */
          if (self->token_generation != call->generation)
            call_send (g_steal_pointer (&task));
          else
            renew_token_async (self, cancellable, on_token_renewed, g_steal_pointer (&task));
          return;
        }

      g_task_return_error (task, translate_error (call->endpoint, g_steal_pointer (&error)));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&response), (GDestroyNotify)pd_http_response_unref);
}

static void
call_send (GTask *task)
{
  PdEnayapayClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(PdHttpRequest) request = NULL;

  if (call->needs_token && self->token == NULL)
    {
      if (can_log_in (self) && !call->renewed)
        {
          call->renewed = TRUE;
          renew_token_async (self, g_task_get_cancellable (task), on_token_renewed, task);
          return;
        }

      if (self->token == NULL)
        {
          g_task_return_error (task, provider_error (PD_PROVIDER_ERROR_AUTH, 0, NULL, NULL,
                                                     _("Log in to EnayaPay first: the account "
                                                       "has no session token.")));
          g_object_unref (task);
          return;
        }
    }

  request = pd_http_request_new (call->method, call->path);
  if (self->api_key != NULL)
    pd_http_request_set_header (request, "x-api-key", self->api_key);
  if (call->needs_token && self->token != NULL)
    pd_http_request_set_header (request, "token", self->token);
  if (call->body != NULL)
    pd_http_request_set_body (request, "application/json", call->body);
  pd_http_request_set_retry_safe (request, call->retry_safe);
  call->generation = self->token_generation;

  pd_http_client_request_async (self->http, request, g_task_get_cancellable (task),
                                on_call_response, task);
}

/* Sends @call (taking it); the task returns the #PdHttpResponse of any 2xx
 * answer (203 included), or the error, said for the endpoint. */
static void
call_async (PdEnayapayClient    *self,
            Call                *call,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, call_async);
  g_task_set_task_data (task, call, call_free);
  call_send (task);
}

static PdHttpResponse *
call_finish (GAsyncResult  *result,
             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The task data of a public call: what its answer is read as. */
typedef struct
{
  Endpoint  endpoint;
  char     *masked;
  char     *expiry;
  char     *label;
  gboolean  is_default;
  char     *phone;
  char     *payee_id;
  char     *new_password;
} Request;

static void
request_free (gpointer pointer)
{
  Request *request = pointer;

  g_free (request->masked);
  g_free (request->expiry);
  g_free (request->label);
  g_free (request->phone);
  g_free (request->payee_id);
  pd_secret_text_free (request->new_password);
  g_free (request);
}

static GTask *
request_task_new (PdEnayapayClient    *self,
                  gpointer             source_tag,
                  Endpoint             endpoint,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  g_task_set_source_tag (task, source_tag);
  request->endpoint = endpoint;
  g_task_set_task_data (task, request, request_free);

  return task;
}

static gpointer
request_finish (PdEnayapayClient  *self,
                GAsyncResult      *result,
                gpointer           source_tag,
                GError           **error)
{
  g_return_val_if_fail (PD_IS_ENAYAPAY_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
request_finish_boolean (PdEnayapayClient  *self,
                        GAsyncResult      *result,
                        gpointer           source_tag,
                        GError           **error)
{
  g_return_val_if_fail (PD_IS_ENAYAPAY_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Reads a 2xx answer for the task: the object, or the task returned with
 * the error of a 203 or an unreadable answer. */
static JsonObject *
answer_object (GTask          *task,
               GAsyncResult   *result,
               PdHttpResponse **response_out)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  response = call_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return NULL;
    }

  root = pd_http_response_get_root (response);
  if (pd_http_response_get_status (response) == 203)
    {
      g_task_return_error (task, non_authoritative_error (request->endpoint, root));
      return NULL;
    }

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_error (task, malformed_error (pd_http_response_get_status (response),
                                                  _("the answer is not a JSON object"), FALSE));
      return NULL;
    }

  *response_out = g_steal_pointer (&response);
  return json_node_get_object (root);
}

/* Account set-up */

static void
on_registered (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = call_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* 201, no body: the user is made and a code is on its way by SMS. */
  g_task_return_boolean (task, TRUE);
}

/**
 * pd_enayapay_client_register_async:
 * @self: a #PdEnayapayClient
 * @phone: the user's phone number, `249` and nine digits
 * @user_name: the user name
 * @password: the password to set
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Registers a user (/register/); EnayaPay sends a one-time code by SMS to
 * @phone, for pd_enayapay_client_verify_async(). A phone already
 * registered is %PD_PROVIDER_ERROR_CONFLICT (302), one that is not valid
 * %PD_PROVIDER_ERROR_VALIDATION (406), a failed SMS gateway (502) or
 * service (503) %PD_PROVIDER_ERROR_UNAVAILABLE.
 */
void
pd_enayapay_client_register_async (PdEnayapayClient    *self,
                                   const char          *phone,
                                   const char          *user_name,
                                   const char          *password,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(PdSecretBody) body = NULL;
  GTask *task;

  g_return_if_fail (PD_IS_ENAYAPAY_CLIENT (self));
  g_return_if_fail (phone != NULL && user_name != NULL && password != NULL);

  task = request_task_new (self, pd_enayapay_client_register_async, ENDPOINT_REGISTER,
                           cancellable, callback, user_data);

  body = pd_secret_body_new ();
  pd_secret_body_add_string (body, "user_phone", phone);
  pd_secret_body_add_string (body, "user_name", user_name);
  pd_secret_body_add_string (body, "user_password", password);

  call_async (self, call_new (ENDPOINT_REGISTER, "POST", "/register/",
                              pd_secret_body_free_to_bytes (g_steal_pointer (&body))),
              cancellable, on_registered, task);
}

/**
 * pd_enayapay_client_register_finish:
 * @self: a #PdEnayapayClient
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * Returns: %TRUE when the user was registered and a code is on its way
 */
gboolean
pd_enayapay_client_register_finish (PdEnayapayClient  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  return request_finish_boolean (self, result, pd_enayapay_client_register_async, error);
}

static void
on_token_answer (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdEnayapayClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(PdHttpResponse) response = NULL;
  JsonObject *answer;
  const char *token;

  answer = answer_object (task, result, &response);
  if (answer == NULL)
    return;

  token = pd_json_get_string (answer, "token");
  if (is_blank (token))
    {
      g_task_return_error (task, malformed_error (pd_http_response_get_status (response),
                                                  _("the answer has no session token"), FALSE));
      return;
    }

  /* The phone and password that worked are the ones to log in with again. */
  if (request->endpoint == ENDPOINT_LOGIN)
    pd_enayapay_client_set_login (self, request->phone, request->new_password);

  take_new_token (self, token);
  g_task_return_pointer (task, g_strdup (pd_json_get_string (answer, "user_name")), g_free);
}

/**
 * pd_enayapay_client_verify_async:
 * @self: a #PdEnayapayClient
 * @phone: the registered phone number
 * @otp: the one-time code EnayaPay sent by SMS
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Verifies the phone with the code (/verify/) and keeps the session token
 * it brings (the token function is told). A wrong code (203) is
 * %PD_PROVIDER_ERROR_AUTH; an unknown phone (404)
 * %PD_PROVIDER_ERROR_NOT_FOUND.
 */
void
pd_enayapay_client_verify_async (PdEnayapayClient    *self,
                                 const char          *phone,
                                 const char          *otp,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(PdSecretBody) body = NULL;
  GTask *task;

  g_return_if_fail (PD_IS_ENAYAPAY_CLIENT (self));
  g_return_if_fail (phone != NULL && otp != NULL);

  task = request_task_new (self, pd_enayapay_client_verify_async, ENDPOINT_VERIFY,
                           cancellable, callback, user_data);

  body = pd_secret_body_new ();
  pd_secret_body_add_string (body, "user_phone", phone);
  pd_secret_body_add_string (body, "user_otp", otp);

  call_async (self, call_new (ENDPOINT_VERIFY, "POST", "/verify/",
                              pd_secret_body_free_to_bytes (g_steal_pointer (&body))),
              cancellable, on_token_answer, task);
}

/**
 * pd_enayapay_client_verify_finish:
 * @self: a #PdEnayapayClient
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full) (nullable): the user name EnayaPay answered
 *   (maybe %NULL), or %NULL with @error set
 */
char *
pd_enayapay_client_verify_finish (PdEnayapayClient  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  return request_finish (self, result, pd_enayapay_client_verify_async, error);
}

/**
 * pd_enayapay_client_login_async:
 * @self: a #PdEnayapayClient
 * @phone: the registered, verified phone number
 * @password: the user's password
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Logs in (/login/) and keeps the session token. When they are right, the
 * phone and password are remembered, in memory only, to renew the token
 * when it is refused.
 * A wrong password (203) is %PD_PROVIDER_ERROR_AUTH; a phone that is not
 * registered or not verified (404) %PD_PROVIDER_ERROR_NOT_FOUND.
 */
void
pd_enayapay_client_login_async (PdEnayapayClient    *self,
                                const char          *phone,
                                const char          *password,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  Call *call;

  g_return_if_fail (PD_IS_ENAYAPAY_CLIENT (self));
  g_return_if_fail (phone != NULL && password != NULL);

  task = request_task_new (self, pd_enayapay_client_login_async, ENDPOINT_LOGIN,
                           cancellable, callback, user_data);
  ((Request *)g_task_get_task_data (task))->phone = g_strdup (phone);
  ((Request *)g_task_get_task_data (task))->new_password = g_strdup (password);
  call = call_new (ENDPOINT_LOGIN, "POST", "/login/", login_body (phone, password));
  call_async (self, call, cancellable, on_token_answer, task);
}

/**
 * pd_enayapay_client_login_finish:
 * @self: a #PdEnayapayClient
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full) (nullable): the user name, or %NULL with
 *   @error set
 */
char *
pd_enayapay_client_login_finish (PdEnayapayClient  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  return request_finish (self, result, pd_enayapay_client_login_async, error);
}

static void
on_password_answer (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdEnayapayClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(PdHttpResponse) response = NULL;

  if (answer_object (task, result, &response) == NULL)
    return;

  /* The password the client logs in with by itself is the new one now. */
  if (request->new_password != NULL)
    {
      g_clear_pointer (&self->password, pd_secret_text_free);
      self->password = g_steal_pointer (&request->new_password);
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * pd_enayapay_client_reset_password_async:
 * @self: a #PdEnayapayClient
 * @phone: the user's phone number
 * @new_password: the password to set
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Sets a forgotten password (/rest/password/, spelt so by EnayaPay). The
 * session token must be the user's own, from pd_enayapay_client_verify_async()
 * with a new code: another is %PD_PROVIDER_ERROR_AUTH (203).
 */
void
pd_enayapay_client_reset_password_async (PdEnayapayClient    *self,
                                         const char          *phone,
                                         const char          *new_password,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(PdSecretBody) body = NULL;
  GTask *task;
  Call *call;

  g_return_if_fail (PD_IS_ENAYAPAY_CLIENT (self));
  g_return_if_fail (phone != NULL && new_password != NULL);

  task = request_task_new (self, pd_enayapay_client_reset_password_async, ENDPOINT_RESET_PASSWORD,
                           cancellable, callback, user_data);

  body = pd_secret_body_new ();
  pd_secret_body_add_string (body, "user_phone", phone);
  pd_secret_body_add_string (body, "user_password", new_password);

  call = call_new (ENDPOINT_RESET_PASSWORD, "POST", "/rest/password/",
                   pd_secret_body_free_to_bytes (g_steal_pointer (&body)));
  /* The token proves the phone by its code; a login would prove nothing. */
  call->renewed = TRUE;
  call_async (self, call, cancellable, on_password_answer, task);
}

/**
 * pd_enayapay_client_reset_password_finish:
 * @self: a #PdEnayapayClient
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * Returns: %TRUE when the password was set
 */
gboolean
pd_enayapay_client_reset_password_finish (PdEnayapayClient  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  return request_finish_boolean (self, result, pd_enayapay_client_reset_password_async, error);
}

/**
 * pd_enayapay_client_change_password_async:
 * @self: a #PdEnayapayClient
 * @current_password: the password in use
 * @new_password: the password to set
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Changes the password (/change/password/). A wrong current password is
 * %PD_PROVIDER_ERROR_AUTH (203).
 */
void
pd_enayapay_client_change_password_async (PdEnayapayClient    *self,
                                          const char          *current_password,
                                          const char          *new_password,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(PdSecretBody) body = NULL;
  GTask *task;

  g_return_if_fail (PD_IS_ENAYAPAY_CLIENT (self));
  g_return_if_fail (current_password != NULL && new_password != NULL);

  task = request_task_new (self, pd_enayapay_client_change_password_async, ENDPOINT_CHANGE_PASSWORD,
                           cancellable, callback, user_data);
  if (self->password != NULL && g_str_equal (self->password, current_password))
    ((Request *)g_task_get_task_data (task))->new_password = g_strdup (new_password);

  body = pd_secret_body_new ();
  pd_secret_body_add_string (body, "current_password", current_password);
  pd_secret_body_add_string (body, "new_password", new_password);

  call_async (self, call_new (ENDPOINT_CHANGE_PASSWORD, "POST", "/change/password/",
                              pd_secret_body_free_to_bytes (g_steal_pointer (&body))),
              cancellable, on_password_answer, task);
}

/**
 * pd_enayapay_client_change_password_finish:
 * @self: a #PdEnayapayClient
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * Returns: %TRUE when the password was changed. The client then renews
 *   its token with the new password, if it logged in with the old one.
 */
gboolean
pd_enayapay_client_change_password_finish (PdEnayapayClient  *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
  return request_finish_boolean (self, result, pd_enayapay_client_change_password_async, error);
}

/* Cards */

static gboolean
parse_expiry (const char *expiry,
              guint      *month,
              guint      *year)
{
  if (expiry == NULL || strlen (expiry) != 4 || !all_digits (expiry))
    return FALSE;

  *month = (expiry[0] - '0') * 10 + (expiry[1] - '0');
  *year = 2000 + (expiry[2] - '0') * 10 + (expiry[3] - '0');

  return *month >= 1 && *month <= 12;
}

static char *
brand_of (const char *card_type,
          const char *number)
{
  if (g_strcmp0 (card_type, "Local") == 0)
    return g_strdup ("local");
  if (number != NULL && number[0] == '4')
    return g_strdup ("visa");
  if (number != NULL && (number[0] == '5' || number[0] == '2'))
    return g_strdup ("mastercard");

  return card_type != NULL ? g_ascii_strdown (card_type, -1) : NULL;
}

/* The card as a record, its JSON written again with the number masked to
 * its last four digits. */
static PdCard *
card_from_fields (const char *id,
                  const char *number,
                  const char *expiry,
                  const char *label,
                  const char *card_type,
                  const char *image,
                  gboolean    is_default)
{
  g_autoptr(PdCard) card = pd_card_new ();
  g_autoptr(PdJsonWriter) writer = pd_json_writer_new ();
  char last[5];
  gint64 id_number = 0;

  last_four (number, last);

  card->provider_id = g_strdup (id);
  card->masked_pan = mask_card_number (number);
  card->last4 = g_strdup (last);
  card->brand = brand_of (card_type, number);
  card->holder_name = g_strdup (label);
  if (!parse_expiry (expiry, &card->exp_month, &card->exp_year))
    card->exp_month = card->exp_year = 0;

  pd_json_writer_begin_object (writer);
  pd_json_writer_member (writer, "id");
  if (g_ascii_string_to_signed (id, 10, 0, G_MAXINT64, &id_number, NULL))
    pd_json_writer_int (writer, id_number);
  else
    pd_json_writer_string (writer, id);
  pd_json_writer_member (writer, "card_pan");
  pd_json_writer_string (writer, card->masked_pan);
  if (expiry != NULL)
    {
      pd_json_writer_member (writer, "card_expiry");
      pd_json_writer_string (writer, expiry);
    }
  if (label != NULL)
    {
      pd_json_writer_member (writer, "card_label");
      pd_json_writer_string (writer, label);
    }
  if (card_type != NULL)
    {
      pd_json_writer_member (writer, "card_type");
      pd_json_writer_string (writer, card_type);
    }
  if (image != NULL)
    {
      pd_json_writer_member (writer, "card_image");
      pd_json_writer_string (writer, image);
    }
  pd_json_writer_member (writer, "default");
  pd_json_writer_int (writer, is_default ? 1 : 0);
  pd_json_writer_end_object (writer);
  card->raw_json = pd_json_writer_free_to_string (g_steal_pointer (&writer));

  return g_steal_pointer (&card);
}

static gboolean
read_default (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "default");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean (node);
    case G_TYPE_INT64:
      return json_node_get_int (node) != 0;
    case G_TYPE_STRING:
      return g_strcmp0 (json_node_get_string (node), "1") == 0 ||
             g_ascii_strcasecmp (json_node_get_string (node), "true") == 0;
    default:
      return FALSE;
    }
}

static PdCard *
parse_card (JsonNode  *node,
            GError   **error)
{
  JsonObject *object;
  g_autofree char *id = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("a card is not an object"));
      return NULL;
    }

  object = json_node_get_object (node);
  id = pd_json_dup_text (object, "id");
  if (is_blank (id))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("a card has no id"));
      return NULL;
    }

  return card_from_fields (id,
                           pd_json_get_string (object, "card_pan"),
                           pd_json_get_string (object, "card_expiry"),
                           pd_json_get_string (object, "card_label"),
                           pd_json_get_string (object, "card_type"),
                           pd_json_get_string (object, "card_image"),
                           read_default (object));
}

static GPtrArray *
parse_card_list (JsonNode  *root,
                 GError   **error)
{
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_card_free);
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("the list of cards is not a JSON array"));
      return NULL;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      PdCard *card = parse_card (json_array_get_element (array, i), error);

      if (card == NULL)
        return NULL;
      g_ptr_array_add (cards, card);
    }

  return g_steal_pointer (&cards);
}

static void
on_card_added (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(PdHttpResponse) response = NULL;
  g_autofree char *id = NULL;
  PdCard *card;
  JsonObject *answer;

  answer = answer_object (task, result, &response);
  if (answer == NULL)
    return;

  id = pd_json_dup_text (answer, "id");
  if (is_blank (id))
    {
      g_task_return_error (task, malformed_error (pd_http_response_get_status (response),
                                                  _("the answer has no card id"), FALSE));
      return;
    }

  card = card_from_fields (id, request->masked, request->expiry, request->label, NULL, NULL,
                           request->is_default);
  g_free (card->brand);
  card->brand = NULL;
  g_task_return_pointer (task, card, (GDestroyNotify)pd_card_free);
}

/**
 * pd_enayapay_client_add_card_async:
 * @self: a #PdEnayapayClient
 * @card_number: the full card number, sent this once and kept nowhere
 * @expiry: the expiry date, `MMYY`
 * @label: the card's display name
 * @is_default: whether the card becomes the default one
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Adds a card to the account (/cards/). A card already there is
 * %PD_PROVIDER_ERROR_CONFLICT (302); one the switch does not know, or with
 * another expiry date, %PD_PROVIDER_ERROR_VALIDATION (406).
 */
void
pd_enayapay_client_add_card_async (PdEnayapayClient    *self,
                                   const char          *card_number,
                                   const char          *expiry,
                                   const char          *label,
                                   gboolean             is_default,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(PdSecretBody) body = NULL;
  Request *request;
  GTask *task;

  g_return_if_fail (PD_IS_ENAYAPAY_CLIENT (self));
  g_return_if_fail (card_number != NULL && expiry != NULL && label != NULL);

  task = request_task_new (self, pd_enayapay_client_add_card_async, ENDPOINT_CARDS,
                           cancellable, callback, user_data);
  request = g_task_get_task_data (task);
  request->masked = mask_card_number (card_number);
  request->expiry = g_strdup (expiry);
  request->label = g_strdup (label);
  request->is_default = is_default;

  body = pd_secret_body_new ();
  pd_secret_body_add_string (body, "pan", card_number);
  pd_secret_body_add_string (body, "label", label);
  pd_secret_body_add_string (body, "expiration_date", expiry);
  pd_secret_body_add_literal (body, "default", is_default ? "1" : "0");

  call_async (self, call_new (ENDPOINT_CARDS, "POST", "/cards/",
                              pd_secret_body_free_to_bytes (g_steal_pointer (&body))),
              cancellable, on_card_added, task);
}

/**
 * pd_enayapay_client_add_card_finish:
 * @self: a #PdEnayapayClient
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the card, masked to its last four digits, or
 *   %NULL with @error set
 */
PdCard *
pd_enayapay_client_add_card_finish (PdEnayapayClient  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  return request_finish (self, result, pd_enayapay_client_add_card_async, error);
}

static PdProviderViews pd_enayapay_client_get_views (PdProvider *provider);

static void
on_cards_listed (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GError) error = NULL;

  response = call_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cards = parse_card_list (pd_http_response_get_root (response), &error);
  if (cards == NULL)
    {
      g_task_return_error (task, malformed_error (pd_http_response_get_status (response),
                                                  error->message, FALSE));
      return;
    }

  if (request->endpoint == ENDPOINT_CARD)
    {
      if (cards->len != 1)
        {
          g_task_return_error (task, malformed_error (pd_http_response_get_status (response),
                                                      _("the answer does not hold one card"), FALSE));
          return;
        }
      g_task_return_pointer (task, g_ptr_array_steal_index (cards, 0), (GDestroyNotify)pd_card_free);
      return;
    }

  if (g_task_get_source_tag (task) == pd_enayapay_client_list_cards_async)
    {
      g_task_return_pointer (task, g_steal_pointer (&cards), (GDestroyNotify)g_ptr_array_unref);
    }
  else if (g_task_get_source_tag (task) == pd_enayapay_client_get_views)
    {
      g_task_return_boolean (task, TRUE);
    }
  else
    {
      g_autoptr(PdPage) page = pd_page_new ("cards");

      /* GET /cards/ has no pages: it is every card of the account. */
      g_ptr_array_extend_and_steal (page->cards, g_steal_pointer (&cards));
      page->all_cards = TRUE;
      g_task_return_pointer (task, g_steal_pointer (&page), (GDestroyNotify)pd_page_unref);
    }
}

/**
 * pd_enayapay_client_list_cards_async:
 * @self: a #PdEnayapayClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Lists the account's cards (GET /cards/).
 */
void
pd_enayapay_client_list_cards_async (PdEnayapayClient    *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PD_IS_ENAYAPAY_CLIENT (self));

  task = request_task_new (self, pd_enayapay_client_list_cards_async, ENDPOINT_CARDS,
                           cancellable, callback, user_data);
  call_async (self, call_new (ENDPOINT_CARDS, "GET", "/cards/", NULL), cancellable,
              on_cards_listed, task);
}

/**
 * pd_enayapay_client_list_cards_finish:
 * @self: a #PdEnayapayClient
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full) (element-type PdCard): the cards, masked to
 *   their last four digits, or %NULL with @error set
 */
GPtrArray *
pd_enayapay_client_list_cards_finish (PdEnayapayClient  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  return request_finish (self, result, pd_enayapay_client_list_cards_async, error);
}

static char *
card_path (const char *card_id)
{
  return g_strdup_printf ("/card/%s/", card_id);
}

/**
 * pd_enayapay_client_get_card_async:
 * @self: a #PdEnayapayClient
 * @card_id: the card's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Reads one card (GET /card/ID/). A card that is not the account's is
 * %PD_PROVIDER_ERROR_NOT_FOUND.
 */
void
pd_enayapay_client_get_card_async (PdEnayapayClient    *self,
                                   const char          *card_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (PD_IS_ENAYAPAY_CLIENT (self));

  task = request_task_new (self, pd_enayapay_client_get_card_async, ENDPOINT_CARD,
                           cancellable, callback, user_data);

  if (!all_digits (card_id))
    {
      g_task_return_error (task, bad_argument (_("An EnayaPay card id is a number")));
      g_object_unref (task);
      return;
    }

  path = card_path (card_id);
  call_async (self, call_new (ENDPOINT_CARD, "GET", path, NULL), cancellable, on_cards_listed, task);
}

/**
 * pd_enayapay_client_get_card_finish:
 * @self: a #PdEnayapayClient
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the card, or %NULL with @error set
 */
PdCard *
pd_enayapay_client_get_card_finish (PdEnayapayClient  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  return request_finish (self, result, pd_enayapay_client_get_card_async, error);
}

static void
on_card_deleted (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = call_finish (result, &error);
  if (response == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * pd_enayapay_client_delete_card_async:
 * @self: a #PdEnayapayClient
 * @card_id: the card's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Removes a card from the account (DELETE /card/ID/, 204).
 */
void
pd_enayapay_client_delete_card_async (PdEnayapayClient    *self,
                                      const char          *card_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (PD_IS_ENAYAPAY_CLIENT (self));

  task = request_task_new (self, pd_enayapay_client_delete_card_async, ENDPOINT_CARD,
                           cancellable, callback, user_data);

  if (!all_digits (card_id))
    {
      g_task_return_error (task, bad_argument (_("An EnayaPay card id is a number")));
      g_object_unref (task);
      return;
    }

  path = card_path (card_id);
  call_async (self, call_new (ENDPOINT_CARD, "DELETE", path, NULL), cancellable, on_card_deleted, task);
}

/**
 * pd_enayapay_client_delete_card_finish:
 * @self: a #PdEnayapayClient
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * Returns: %TRUE when the card was removed
 */
gboolean
pd_enayapay_client_delete_card_finish (PdEnayapayClient  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  return request_finish_boolean (self, result, pd_enayapay_client_delete_card_async, error);
}

/* Balance and invoices */

static char *
wallet_name (const char *masked)
{
  char last[5];

  last_four (masked, last);
  /* Translators: a card's balance in the Balances view; %s is its last four digits */
  return g_strdup_printf (_("Card ••••%s"), last);
}

static void
on_balance_answer (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(PdBalance) balance = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *answer;
  gint64 code = 0;

  answer = answer_object (task, result, &response);
  if (answer == NULL)
    return;

  if (pd_json_get_int (answer, "response_code", &code, NULL) && code != 0)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, code);

      g_task_return_error (task, provider_error (PD_PROVIDER_ERROR_VALIDATION, 200, text,
                                                 pd_json_get_string (answer, "response_message"),
                                                 pd_enayapay_describe_response_code (code)));
      return;
    }

  balance = pd_balance_new ();
  if (!pd_json_get_money (answer, "balance", CURRENCY, PD_AMOUNT_MAJOR, &balance->amount, &error))
    {
      g_task_return_error (task, malformed_error (pd_http_response_get_status (response),
                                                  error->message, FALSE));
      return;
    }

  balance->wallet = wallet_name (request->masked);
  balance->recorded_at = now_seconds ();
  g_task_return_pointer (task, g_steal_pointer (&balance), (GDestroyNotify)pd_balance_free);
}

/**
 * pd_enayapay_client_balance_inquiry_async:
 * @self: a #PdEnayapayClient
 * @card_number: the full card number, sent this once and kept nowhere
 * @expiry: the expiry date, `MMYY`
 * @ipin: the card holder's IPIN, asked for now and kept nowhere
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Asks the card switch for a card's balance (/balance/inquiry/). The
 * switch's refusals (406) are %PD_PROVIDER_ERROR_VALIDATION with the code
 * explained in words (pd_enayapay_describe_response_code()), or
 * %PD_PROVIDER_ERROR_UNAVAILABLE for its system error (696).
 */
void
pd_enayapay_client_balance_inquiry_async (PdEnayapayClient    *self,
                                          const char          *card_number,
                                          const char          *expiry,
                                          const char          *ipin,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(PdSecretBody) body = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  Request *request;
  GTask *task;
  Call *call;

  g_return_if_fail (PD_IS_ENAYAPAY_CLIENT (self));
  g_return_if_fail (card_number != NULL && expiry != NULL && ipin != NULL);

  task = request_task_new (self, pd_enayapay_client_balance_inquiry_async, ENDPOINT_BALANCE,
                           cancellable, callback, user_data);
  request = g_task_get_task_data (task);
  request->masked = mask_card_number (card_number);

  body = pd_secret_body_new ();
  pd_secret_body_add_string (body, "pan", card_number);
  pd_secret_body_add_string (body, "ipin", ipin);
  pd_secret_body_add_string (body, "uuid", uuid);
  pd_secret_body_add_string (body, "expiration_date", expiry);

  call = call_new (ENDPOINT_BALANCE, "POST", "/balance/inquiry/",
                   pd_secret_body_free_to_bytes (g_steal_pointer (&body)));
  /* Asking twice moves nothing. */
  call->retry_safe = TRUE;
  call_async (self, call, cancellable, on_balance_answer, task);
}

/**
 * pd_enayapay_client_balance_inquiry_finish:
 * @self: a #PdEnayapayClient
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the card's balance in SDG, its wallet named
 *   after the card's last four digits, or %NULL with @error set
 */
PdBalance *
pd_enayapay_client_balance_inquiry_finish (PdEnayapayClient  *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
  return request_finish (self, result, pd_enayapay_client_balance_inquiry_async, error);
}

static gboolean
read_fees (JsonObject *object,
           PdMoney    *out)
{
  static const char * const members[] = { "acq_tran_fee", "dynamic_fees", "issuer_tran_fee" };
  PdMoney total;

  pd_money_init (&total, 0, 0, CURRENCY);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      PdMoney fee;

      if (!json_object_has_member (object, members[i]))
        continue;
      if (!pd_json_get_money (object, members[i], CURRENCY, PD_AMOUNT_MAJOR, &fee, NULL) ||
          !pd_money_add (&total, &fee, &total, NULL))
        return FALSE;
    }

  *out = total;
  return TRUE;
}

static void
on_inquiry_answer (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(PdEnayapayInvoice) invoice = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *answer;
  gint64 at = 0;

  answer = answer_object (task, result, &response);
  if (answer == NULL)
    return;

  invoice = g_new0 (PdEnayapayInvoice, 1);
  invoice->phone = g_strdup (request->phone);
  invoice->payee_id = g_strdup (request->payee_id);
  invoice->contract_number = pd_json_dup_text (answer, "contract_number");
  if (!pd_json_get_money (answer, "total_amount", CURRENCY, PD_AMOUNT_MAJOR,
                          &invoice->total_amount, &error))
    {
      g_task_return_error (task, malformed_error (pd_http_response_get_status (response),
                                                  error->message, FALSE));
      return;
    }
  read_fees (answer, &invoice->fees);
  invoice->inquired_at = pd_json_get_int (answer, "tran_date_time", &at, NULL) ? at / 1000
                                                                              : now_seconds ();

  g_task_return_pointer (task, g_steal_pointer (&invoice), (GDestroyNotify)pd_enayapay_invoice_free);
}

/**
 * pd_enayapay_client_inquire_bill_async:
 * @self: a #PdEnayapayClient
 * @payee_id: a bill payee id (pd_enayapay_network_get_payee_id() with
 *   @bill %TRUE)
 * @phone: the postpaid line, local form (`0905450785`)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Reads what a postpaid line owes (/telecom/PAYEE/inquiry/). A number that
 * is no postpaid line of the network is %PD_PROVIDER_ERROR_NOT_FOUND.
 */
void
pd_enayapay_client_inquire_bill_async (PdEnayapayClient    *self,
                                       const char          *payee_id,
                                       const char          *phone,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(PdSecretBody) body = NULL;
  g_autofree char *path = NULL;
  Request *request;
  GTask *task;
  Call *call;

  g_return_if_fail (PD_IS_ENAYAPAY_CLIENT (self));
  g_return_if_fail (phone != NULL);

  task = request_task_new (self, pd_enayapay_client_inquire_bill_async, ENDPOINT_INQUIRY,
                           cancellable, callback, user_data);
  request = g_task_get_task_data (task);
  request->phone = g_strdup (phone);
  request->payee_id = g_strdup (payee_id);

  if (!all_digits (payee_id))
    {
      g_task_return_error (task, bad_argument (_("An EnayaPay payee id is a number")));
      g_object_unref (task);
      return;
    }

  body = pd_secret_body_new ();
  pd_secret_body_add_string (body, "phone_no", phone);
  path = g_strdup_printf ("/telecom/%s/inquiry/", payee_id);

  call = call_new (ENDPOINT_INQUIRY, "POST", path, pd_secret_body_free_to_bytes (g_steal_pointer (&body)));
  call->retry_safe = TRUE;
  call_async (self, call, cancellable, on_inquiry_answer, task);
}

/**
 * pd_enayapay_client_inquire_bill_finish:
 * @self: a #PdEnayapayClient
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the invoice, or %NULL with @error set
 */
PdEnayapayInvoice *
pd_enayapay_client_inquire_bill_finish (PdEnayapayClient  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  return request_finish (self, result, pd_enayapay_client_inquire_bill_async, error);
}

/* Payments */

typedef struct
{
  PdOperationKind  kind;
  char            *reference;
  char            *target;
  char            *payee_id;
  char             last4[5];
  PdMoney          amount;
} Payment;

static void
payment_free (gpointer pointer)
{
  Payment *payment = pointer;

  g_free (payment->reference);
  g_free (payment->target);
  g_free (payment->payee_id);
  g_free (payment);
}

static const char *
network_label (const char *payee_id)
{
  static const char * const labels[] = { "Zain", "MTN", "Sudani" };

  for (guint i = 0; i < G_N_ELEMENTS (networks); i++)
    if (g_strcmp0 (networks[i].top_up, payee_id) == 0 || g_strcmp0 (networks[i].bill, payee_id) == 0)
      return labels[i];

  return payee_id;
}

static PdTransaction *
parse_payment (const Payment  *payment,
               PdHttpResponse *response,
               GError        **error)
{
  g_autoptr(PdTransaction) transaction = pd_transaction_new ();
  JsonObject *answer = pd_http_response_get_object (response);
  const char *uuid;
  const char *token;
  const char *status;
  gint64 millis = 0;

  if (answer == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("the answer is not a JSON object"));
      return NULL;
    }

  uuid = pd_json_get_string (answer, "uuid");
  if (uuid != NULL && g_strcmp0 (uuid, payment->reference) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the answer is about “%s”, not “%s”"), uuid, payment->reference);
      return NULL;
    }

  switch (payment->kind)
    {
    case PD_OPERATION_BILL:
      transaction->kind = PD_TRANSACTION_KIND_BILL;
      break;
    case PD_OPERATION_VEND:
      transaction->kind = PD_TRANSACTION_KIND_VEND;
      break;
    case PD_OPERATION_TOPUP:
    default:
      transaction->kind = PD_TRANSACTION_KIND_TOPUP;
      break;
    }

  transaction->state = PD_TRANSACTION_STATE_SUCCEEDED;
  transaction->provider_id = g_strdup (payment->reference);
  transaction->reference = g_strdup (payment->reference);
  status = pd_json_get_string (answer, "response_status");
  transaction->provider_status = g_strdup (status != NULL ? status
                                                          : pd_json_get_string (answer, "response_message"));

  if (!pd_json_get_money (answer, "amount", CURRENCY, PD_AMOUNT_MAJOR, &transaction->amount, NULL))
    transaction->amount = payment->amount;
  if (!read_fees (answer, &transaction->fee))
    pd_money_init (&transaction->fee, 0, 0, "");

  if (*payment->last4 != '\0')
    transaction->card_last4 = g_strdup (payment->last4);
  transaction->counterparty = g_strdup (payment->target);

  if (pd_json_get_int (answer, "tran_date_time", &millis, NULL) ||
      pd_json_get_int (answer, "tranDateTime", &millis, NULL))
    transaction->created_at = millis / 1000;
  else
    transaction->created_at = now_seconds ();
  transaction->updated_at = now_seconds ();

  token = pd_json_get_string (answer, "token");
  if (transaction->kind == PD_TRANSACTION_KIND_VEND)
    {
      g_autofree char *units = pd_json_dup_text (answer, "units_in_kwh");
      g_autoptr(GString) grouped = g_string_new (NULL);

      if (is_blank (token))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("the electricity purchase has no token"));
          return NULL;
        }

      for (guint i = 0; token[i] != '\0'; i++)
        {
          if (i > 0 && i % 4 == 0)
            g_string_append_c (grouped, ' ');
          g_string_append_c (grouped, token[i]);
        }

      transaction->customer_name = g_strdup (pd_json_get_string (answer, "customer_name"));
      /* Translators: an electricity purchase: the token in groups of four, then kWh */
      transaction->description = g_strdup_printf (_("Token %s · %s kWh"), grouped->str,
                                                  units != NULL ? units : "?");
    }
  else
    {
      transaction->phone = g_strdup (payment->target);
      /* Translators: a telecom payment; %s is the network (Zain, MTN, Sudani) */
      transaction->description = g_strdup_printf (transaction->kind == PD_TRANSACTION_KIND_BILL
                                                   ? _("%s bill payment")
                                                   : _("%s airtime top-up"),
                                                   network_label (payment->payee_id));
    }

  transaction->raw_json = record_json (pd_http_response_get_body (response));

  return g_steal_pointer (&transaction);
}

static void
on_payment_answer (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Payment *payment = g_task_get_task_data (task);
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(PdTransaction) transaction = NULL;
  g_autoptr(GError) error = NULL;
  PdOperationResult *outcome;
  JsonObject *answer;
  gint64 code = 0;

  response = call_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  answer = pd_http_response_get_object (response);
  if (pd_http_response_get_status (response) != 200 || answer == NULL)
    {
      /* A success that is not the documented 200: money may have moved. */
      g_task_return_error (task, malformed_error (pd_http_response_get_status (response),
                                                  _("the answer is not the documented one"), TRUE));
      return;
    }

  if (pd_json_get_int (answer, "response_code", &code, NULL) && code != 0)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, code);
      const char *words = pd_enayapay_describe_response_code (code);
      g_autofree char *sentence = g_strdup_printf (_("The payment was refused: %s (code %s)."),
                                                   words != NULL ? words : _("unknown reason"), text);

      g_task_return_error (task, provider_error (PD_PROVIDER_ERROR_VALIDATION, 200, text,
                                                 pd_json_get_string (answer, "response_message"),
                                                 sentence));
      return;
    }

  transaction = parse_payment (payment, response, &error);
  if (transaction == NULL)
    {
      g_task_return_error (task, malformed_error (pd_http_response_get_status (response),
                                                  error->message, TRUE));
      return;
    }

  outcome = pd_operation_result_new (g_steal_pointer (&transaction));
  outcome->response_json = record_json (pd_http_response_get_body (response));
  g_task_return_pointer (task, outcome, (GDestroyNotify)pd_operation_result_free);
}

static const char *
first_value (const PdOperation *operation,
             const char        *name)
{
  const char *value = pd_operation_get_secret (operation, name);

  if (is_blank (value))
    value = pd_operation_get_field (operation, name);

  return is_blank (value) ? NULL : value;
}

/* The payee of a telecom payment: the field `payee`, or the field
 * `network` (zain, mtn, sudani). */
static const char *
operation_payee (const PdOperation *operation)
{
  const char *payee = pd_operation_get_field (operation, "payee");
  PdEnayapayNetwork network;

  if (!is_blank (payee))
    return payee;

  if (pd_enayapay_network_from_string (pd_operation_get_field (operation, "network"), &network))
    return pd_enayapay_network_get_payee_id (network, operation->kind == PD_OPERATION_BILL);

  return NULL;
}

static gboolean
amount_literal (const PdMoney  *amount,
                char          **out,
                GError        **error)
{
  PdMoney piastres;

  if (!pd_money_is_set (amount) || g_ascii_strcasecmp (amount->currency, CURRENCY) != 0)
    {
      g_propagate_error (error, bad_argument (_("EnayaPay pays in Sudanese pounds (SDG) only")));
      return FALSE;
    }

  if (!pd_money_rescale (amount, 2, &piastres, NULL) || piastres.units <= 0)
    {
      g_propagate_error (error, bad_argument (_("EnayaPay takes amounts above zero with at most "
                                                "two decimals")));
      return FALSE;
    }

  *out = pd_money_to_plain (amount);
  return TRUE;
}

static GBytes *
build_payment (PdEnayapayClient   *self,
               const PdOperation  *operation,
               Payment            *payment,
               char              **path_out,
               GError            **error)
{
  g_autoptr(PdSecretBody) body = NULL;
  g_autofree char *amount = NULL;
  const char *card_number = first_value (operation, "card_number");
  const char *expiry = first_value (operation, "card_expiry");
  const char *ipin = pd_operation_get_secret (operation, "ipin");
  const char *target;
  const char *target_member;

  if (operation->kind == PD_OPERATION_VEND)
    {
      target = pd_operation_get_field (operation, "meter");
      target_member = "meter_no";
      if (is_blank (target))
        target = operation->target_provider_id;
      if (is_blank (target))
        {
          g_propagate_error (error, bad_argument (_("The electricity purchase names no meter")));
          return NULL;
        }
      *path_out = g_strdup ("/electricity/");
    }
  else
    {
      target = pd_operation_get_field (operation, "phone");
      target_member = "phone_no";
      if (is_blank (target))
        target = operation->target_provider_id;
      if (is_blank (target))
        {
          g_propagate_error (error, bad_argument (_("The telecom payment names no phone number")));
          return NULL;
        }

      payment->payee_id = g_strdup (operation_payee (operation));
      if (!all_digits (payment->payee_id))
        {
          g_propagate_error (error, bad_argument (_("The telecom payment names no network "
                                                    "(the field “network” or “payee”)")));
          return NULL;
        }
      *path_out = g_strdup_printf ("/telecom/%s/topup/", payment->payee_id);
    }

  if (card_number == NULL || expiry == NULL)
    {
      g_propagate_error (error, bad_argument (_("The payment needs the card number and its expiry "
                                                "date")));
      return NULL;
    }

  if (is_blank (ipin))
    {
      g_propagate_error (error, bad_argument (_("The payment needs the card’s IPIN")));
      return NULL;
    }

  if (is_blank (operation->reference))
    {
      g_propagate_error (error, bad_argument (_("The payment has no reference")));
      return NULL;
    }

  if (!amount_literal (&operation->amount, &amount, error))
    return NULL;

  payment->kind = operation->kind;
  payment->reference = g_strdup (operation->reference);
  payment->target = g_strdup (target);
  payment->amount = operation->amount;
  last_four (card_number, payment->last4);

  body = pd_secret_body_new ();
  pd_secret_body_add_string (body, "pan", card_number);
  pd_secret_body_add_string (body, "ipin", ipin);
  pd_secret_body_add_string (body, "expiration_date", expiry);
  pd_secret_body_add_string (body, target_member, target);
  pd_secret_body_add_literal (body, "amount", amount);
  pd_secret_body_add_string (body, "uuid", operation->reference);
  pd_secret_body_add_string (body, "platform", self->platform);

  return pd_secret_body_free_to_bytes (g_steal_pointer (&body));
}

/* PdProvider */

static PdProviderViews
pd_enayapay_client_get_views (PdProvider *provider)
{
  return PD_PROVIDER_VIEW_CHARGES | PD_PROVIDER_VIEW_CARDS | PD_PROVIDER_VIEW_BALANCES;
}

static guint
pd_enayapay_client_get_operations (PdProvider *provider)
{
  return PD_OPERATION_BIT (PD_OPERATION_TOPUP) |
         PD_OPERATION_BIT (PD_OPERATION_BILL) |
         PD_OPERATION_BIT (PD_OPERATION_VEND);
}

/* No look-up and no idempotency key: `uuid` is echoed, not deduplicated. */
static PdReconcileMethod
pd_enayapay_client_get_reconcile_method (PdProvider      *provider,
                                         PdOperationKind  kind)
{
  return PD_RECONCILE_NONE;
}

static const char * const *
pd_enayapay_client_get_resources (PdProvider *provider)
{
  return resource_names;
}

static void
pd_enayapay_client_fetch_page_async (PdProvider          *provider,
                                     const char          *resource,
                                     const char          *cursor,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  PdEnayapayClient *self = PD_ENAYAPAY_CLIENT (provider);
  GTask *task;

  task = request_task_new (self, pd_enayapay_client_fetch_page_async, ENDPOINT_CARDS,
                           cancellable, callback, user_data);

  if (g_strcmp0 (resource, "cards") != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("EnayaPay has no list of “%s”: its payments are only in "
                                 "Paydesk’s own records"),
                               resource != NULL ? resource : "");
      g_object_unref (task);
      return;
    }

  call_async (self, call_new (ENDPOINT_CARDS, "GET", "/cards/", NULL), cancellable,
              on_cards_listed, task);
}

static PdPage *
pd_enayapay_client_fetch_page_finish (PdProvider    *provider,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return request_finish (PD_ENAYAPAY_CLIENT (provider), result,
                         pd_enayapay_client_fetch_page_async, error);
}

static void
pd_enayapay_client_perform_async (PdProvider          *provider,
                                  const PdOperation   *operation,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  PdEnayapayClient *self = PD_ENAYAPAY_CLIENT (provider);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  Payment *payment;
  GBytes *body;
  Endpoint endpoint;

  g_return_if_fail (operation != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_enayapay_client_perform_async);
  payment = g_new0 (Payment, 1);
  g_task_set_task_data (task, payment, payment_free);

  switch (operation->kind)
    {
    case PD_OPERATION_TOPUP:
      endpoint = ENDPOINT_TOPUP;
      break;
    case PD_OPERATION_BILL:
      endpoint = ENDPOINT_BILL;
      break;
    case PD_OPERATION_VEND:
      endpoint = ENDPOINT_ELECTRICITY;
      break;
    case PD_OPERATION_REFUND:
    case PD_OPERATION_CHARGE:
    case PD_OPERATION_COLLECTION:
    case PD_OPERATION_DISBURSEMENT:
    case PD_OPERATION_TRANSFER:
    default:
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("EnayaPay cannot perform a “%s” operation"),
                               pd_operation_kind_to_string (operation->kind));
      return;
    }

  body = build_payment (self, operation, payment, &path, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  call_async (self, call_new (endpoint, "POST", path, body), cancellable, on_payment_answer,
              g_steal_pointer (&task));
}

static PdOperationResult *
pd_enayapay_client_perform_finish (PdProvider    *provider,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return request_finish (PD_ENAYAPAY_CLIENT (provider), result,
                         pd_enayapay_client_perform_async, error);
}

static void
pd_enayapay_client_lookup_async (PdProvider          *provider,
                                 const PdOperation   *operation,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (provider, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_enayapay_client_lookup_async);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("EnayaPay cannot look a payment up: check it with EnayaPay, then "
                             "settle it in Paydesk by hand"));
}

static PdOperationResult *
pd_enayapay_client_lookup_finish (PdProvider    *provider,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return request_finish (PD_ENAYAPAY_CLIENT (provider), result,
                         pd_enayapay_client_lookup_async, error);
}

static void
pd_enayapay_client_test_async (PdProvider          *provider,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  PdEnayapayClient *self = PD_ENAYAPAY_CLIENT (provider);
  GTask *task;

  /* The views function's address tells on_cards_listed() to answer TRUE. */
  task = request_task_new (self, pd_enayapay_client_get_views, ENDPOINT_CARDS,
                           cancellable, callback, user_data);
  call_async (self, call_new (ENDPOINT_CARDS, "GET", "/cards/", NULL), cancellable,
              on_cards_listed, task);
}

static gboolean
pd_enayapay_client_test_finish (PdProvider    *provider,
                                GAsyncResult  *result,
                                GError       **error)
{
  return request_finish_boolean (PD_ENAYAPAY_CLIENT (provider), result,
                                 pd_enayapay_client_get_views, error);
}

static void
pd_enayapay_client_provider_iface_init (PdProviderInterface *iface)
{
  iface->get_views = pd_enayapay_client_get_views;
  iface->get_operations = pd_enayapay_client_get_operations;
  iface->get_reconcile_method = pd_enayapay_client_get_reconcile_method;
  iface->get_resources = pd_enayapay_client_get_resources;
  iface->fetch_page_async = pd_enayapay_client_fetch_page_async;
  iface->fetch_page_finish = pd_enayapay_client_fetch_page_finish;
  iface->perform_async = pd_enayapay_client_perform_async;
  iface->perform_finish = pd_enayapay_client_perform_finish;
  iface->lookup_async = pd_enayapay_client_lookup_async;
  iface->lookup_finish = pd_enayapay_client_lookup_finish;
  iface->test_async = pd_enayapay_client_test_async;
  iface->test_finish = pd_enayapay_client_test_finish;
}

/* Keeping the token */

static void
store_token_in_keyring (PdEnayapayClient *self,
                        const char       *token,
                        gpointer          user_data)
{
  g_autoptr(PdSecretSet) set = pd_secret_set_new ();

  if (!is_blank (self->api_key))
    pd_secret_set_set (set, "api_key", self->api_key);
  if (!is_blank (self->password))
    pd_secret_set_set (set, "password", self->password);
  pd_secret_set_set (set, "token", token);

  pd_keyring_binding_store (user_data, set);
}

/**
 * pd_enayapay_client_set_token_func:
 * @self: a #PdEnayapayClient
 * @func: (nullable): called with each new token
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when the function is replaced or
 *   the client is finalized
 *
 * Sets the function told about each session token verify or login brings
 * (see #PdEnayapayTokenFunc).
 */
void
pd_enayapay_client_set_token_func (PdEnayapayClient    *self,
                                   PdEnayapayTokenFunc  func,
                                   gpointer             user_data,
                                   GDestroyNotify       destroy)
{
  g_return_if_fail (PD_IS_ENAYAPAY_CLIENT (self));

  if (self->token_destroy != NULL)
    self->token_destroy (self->token_data);

  self->token_func = func;
  self->token_data = user_data;
  self->token_destroy = destroy;
}

/**
 * pd_enayapay_client_bind_keyring:
 * @self: a #PdEnayapayClient
 * @secrets: the keyring
 * @account_uuid: the account's uuid
 * @label: the account's label, for the keyring item
 *
 * Keeps each new session token in the account's keyring item, as the
 * field `token` next to `api_key` and `password`. When no keyring can take
 * it, it is kept for the session only.
 */
void
pd_enayapay_client_bind_keyring (PdEnayapayClient *self,
                                 PdSecrets        *secrets,
                                 const char       *account_uuid,
                                 const char       *label)
{
  g_return_if_fail (PD_IS_ENAYAPAY_CLIENT (self));
  g_return_if_fail (PD_IS_SECRETS (secrets));
  g_return_if_fail (account_uuid != NULL);

  pd_enayapay_client_set_token_func (self, store_token_in_keyring,
                                     pd_keyring_binding_new (secrets, account_uuid, "enayapay", label),
                                     (GDestroyNotify) pd_keyring_binding_free);
}

/* Construction */

/**
 * pd_enayapay_client_new:
 * @base_url: (nullable): the base URL, ending in `/api/v2.1`; %NULL for
 *   %PD_ENAYAPAY_DEFAULT_BASE_URL
 * @api_key: the merchant's API key (`x-api-key`)
 *
 * Makes an EnayaPay client. It has no session token until
 * pd_enayapay_client_verify_async() or pd_enayapay_client_login_async()
 * brings one, pd_enayapay_client_set_token() gives a kept one, or
 * pd_enayapay_client_set_login() lets it log in by itself.
 *
 * #PdProvider: the sync resource `cards`, and the operations top-up, bill
 * and vend (electricity). Each needs the secrets `card_number` and `ipin`,
 * the field (or secret) `card_expiry` (`MMYY`), an amount in SDG and a
 * reference, sent as `uuid` and kept as the record's provider id. A top-up
 * or bill takes the field `phone` (local form, `0905450785`) and `network`
 * (`zain`, `mtn`, `sudani`) or `payee`; a vend the field `meter`.
 *
 * Returns: (transfer full): a new #PdEnayapayClient
 */
PdEnayapayClient *
pd_enayapay_client_new (const char *base_url,
                        const char *api_key)
{
  g_return_val_if_fail (api_key != NULL, NULL);

  return g_object_new (PD_TYPE_ENAYAPAY_CLIENT,
                       "base-url", base_url,
                       "api-key", api_key,
                       NULL);
}

/**
 * pd_enayapay_client_new_for_account:
 * @account: an EnayaPay account; its phone is the user's
 * @secrets: (nullable): its secrets: `api_key`, and `password` and `token`
 *   if kept
 * @error: where to put an error
 *
 * Makes a client for @account, the constructor the provider registry uses.
 * With a password it logs in by itself when it has no token or its token is
 * refused. Call pd_enayapay_client_bind_keyring() on it to keep new tokens.
 *
 * Returns: (transfer full): a new #PdEnayapayClient as a #PdProvider, or
 *   %NULL with @error set when @secrets has no API key
 */
PdProvider *
pd_enayapay_client_new_for_account (const PdAccount    *account,
                                    const PdSecretSet  *secrets,
                                    GError            **error)
{
  g_autoptr(PdEnayapayClient) client = NULL;
  const char *api_key;

  g_return_val_if_fail (account != NULL, NULL);

  api_key = secrets != NULL ? pd_secret_set_get (secrets, "api_key") : NULL;
  if (is_blank (api_key))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The EnayaPay account has no API key (the secret field “%s”)"), "api_key");
      return NULL;
    }

  client = pd_enayapay_client_new (is_blank (account->base_url) ? NULL : account->base_url, api_key);
  pd_enayapay_client_set_token (client, pd_secret_set_get (secrets, "token"));
  if (!is_blank (account->phone))
    pd_enayapay_client_set_login (client, account->phone, pd_secret_set_get (secrets, "password"));

  return PD_PROVIDER (g_steal_pointer (&client));
}

/**
 * pd_enayapay_client_get_http_client:
 * @self: a #PdEnayapayClient
 *
 * Returns: (transfer none): the HTTP client requests go through
 */
PdHttpClient *
pd_enayapay_client_get_http_client (PdEnayapayClient *self)
{
  g_return_val_if_fail (PD_IS_ENAYAPAY_CLIENT (self), NULL);

  return self->http;
}

/**
 * pd_enayapay_client_has_token:
 * @self: a #PdEnayapayClient
 *
 * Returns: whether the client holds a session token (it may have expired)
 */
gboolean
pd_enayapay_client_has_token (PdEnayapayClient *self)
{
  g_return_val_if_fail (PD_IS_ENAYAPAY_CLIENT (self), FALSE);

  return self->token != NULL;
}

/**
 * pd_enayapay_client_set_token:
 * @self: a #PdEnayapayClient
 * @token: (nullable): a session token kept from an earlier login, or %NULL
 *
 * Gives the client a token, as from the keyring.
 */
void
pd_enayapay_client_set_token (PdEnayapayClient *self,
                              const char       *token)
{
  g_return_if_fail (PD_IS_ENAYAPAY_CLIENT (self));

  set_token (self, token);
}

/**
 * pd_enayapay_client_set_login:
 * @self: a #PdEnayapayClient
 * @phone: (nullable): the user's phone number
 * @password: (nullable): the user's password
 *
 * Lets the client log in by itself when it has no token or its token is
 * refused. The password is kept in memory only, and wiped when replaced.
 */
void
pd_enayapay_client_set_login (PdEnayapayClient *self,
                              const char       *phone,
                              const char       *password)
{
  g_return_if_fail (PD_IS_ENAYAPAY_CLIENT (self));

  g_free (self->phone);
  self->phone = g_strdup (phone);
  g_clear_pointer (&self->password, pd_secret_text_free);
  self->password = is_blank (password) ? NULL : g_strdup (password);
}

/**
 * pd_enayapay_client_get_platform:
 * @self: a #PdEnayapayClient
 *
 * Returns: the `platform` payments are sent with
 */
const char *
pd_enayapay_client_get_platform (PdEnayapayClient *self)
{
  g_return_val_if_fail (PD_IS_ENAYAPAY_CLIENT (self), NULL);

  return self->platform;
}

/**
 * pd_enayapay_client_set_platform:
 * @self: a #PdEnayapayClient
 * @platform: (nullable): the `platform` of payments; %NULL for `web`, the
 *   document's example
 *
 * Sets #PdEnayapayClient:platform.
 */
void
pd_enayapay_client_set_platform (PdEnayapayClient *self,
                                 const char       *platform)
{
  g_return_if_fail (PD_IS_ENAYAPAY_CLIENT (self));

  if (is_blank (platform))
    platform = DEFAULT_PLATFORM;

  if (g_strcmp0 (self->platform, platform) == 0)
    return;

  g_free (self->platform);
  self->platform = g_strdup (platform);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLATFORM]);
}

static void
pd_enayapay_client_finalize (GObject *object)
{
  PdEnayapayClient *self = (PdEnayapayClient *)object;

  g_assert (self->login_waiters == NULL);

  pd_enayapay_client_set_token_func (self, NULL, NULL, NULL);
  g_clear_object (&self->http);
  g_clear_pointer (&self->api_key, pd_secret_text_free);
  g_clear_pointer (&self->token, pd_secret_text_free);
  g_clear_pointer (&self->password, pd_secret_text_free);
  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->platform, g_free);

  G_OBJECT_CLASS (pd_enayapay_client_parent_class)->finalize (object);
}

static void
pd_enayapay_client_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PdEnayapayClient *self = PD_ENAYAPAY_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, pd_http_client_get_base_url (self->http));
      break;

    case PROP_PLATFORM:
      g_value_set_string (value, self->platform);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_enayapay_client_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PdEnayapayClient *self = PD_ENAYAPAY_CLIENT (object);
  const char *text;

  switch (prop_id)
    {
    case PROP_BASE_URL:
      text = g_value_get_string (value);
      pd_http_client_set_base_url (self->http, is_blank (text) ? PD_ENAYAPAY_DEFAULT_BASE_URL : text);
      break;

    case PROP_API_KEY:
      g_clear_pointer (&self->api_key, pd_secret_text_free);
      self->api_key = g_value_dup_string (value);
      break;

    case PROP_PLATFORM:
      pd_enayapay_client_set_platform (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_enayapay_client_class_init (PdEnayapayClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_enayapay_client_finalize;
  object_class->get_property = pd_enayapay_client_get_property;
  object_class->set_property = pd_enayapay_client_set_property;

  /**
   * PdEnayapayClient:base-url:
   *
   * The base URL of the API, ending in `/api/v2.1`.
   */
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         PD_ENAYAPAY_DEFAULT_BASE_URL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * PdEnayapayClient:api-key:
   *
   * The merchant's API key. It can be set, never read back.
   */
  properties[PROP_API_KEY] =
    g_param_spec_string ("api-key", NULL, NULL,
                         NULL,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * PdEnayapayClient:platform:
   *
   * The `platform` payments are sent with.
   */
  properties[PROP_PLATFORM] =
    g_param_spec_string ("platform", NULL, NULL,
                         DEFAULT_PLATFORM,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_enayapay_client_init (PdEnayapayClient *self)
{
  self->http = pd_http_client_new (PROVIDER_NAME, PD_ENAYAPAY_DEFAULT_BASE_URL);
  pd_http_client_set_error_parser (self->http, parse_error_body, NULL, NULL);
  self->platform = g_strdup (DEFAULT_PLATFORM);
}

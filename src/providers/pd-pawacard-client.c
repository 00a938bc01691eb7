/* pd-pawacard-client.c - the PawaCard provider: Kenya Power tokens, postpaid bills, vendor balance
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * How PawaCard is read (see also HACKING.md, "Provider readings" → PawaCard):
 *
 * - Every request is a POST of a JSON object. Every request but /login
 *   carries `username` and the `key` that /login issued; a key lasts an
 *   hour. A refused key (HTTP 401, or a status 1 that says so) is renewed
 *   once with the account's password, and the request sent again: nothing
 *   was applied with a refused key, so that is safe for a vend too.
 * - Answers are HTTP 200 with `status`: 0 done, 1 failed or pending (then
 *   `transaction.status` says 0 or 5 pending, 1 complete, 2 failed), 102 to
 *   105 the document's general statuses.
 * - A vend or a bill is identified by the merchant's `ref` (the outbox's
 *   reference): it is the record's provider id, known before anything is
 *   sent, so the local ledger row of a queued sale and the provider's answer
 *   are the same record. PawaCard's `transactionId` stays in the raw JSON.
 * - A ref that PawaCard refuses as already used (103) belongs to a sale it
 *   already has: the client looks it up with /transaction rather than
 *   reporting a conflict. Refs are checked here first (1 to 40 letters,
 *   digits, '-' or '_'), so a 103 can only mean that.
 * - Amounts are whole shillings, sent and read as strings of digits; `fixed`
 *   charges (thousandths of a shilling) and `units` are kept in the raw JSON
 *   for the receipt.
 * - The throttle ("too soon from the last one") is PD_PAWACARD_ERROR_THROTTLED
 *   with the time the meter takes a sale again: five minutes after the last
 *   sale this client saw on that meter, or five minutes from now when it
 *   saw none. A refusal for a sale made elsewhere counts as a sale seen now,
 *   so that pd_pawacard_client_dup_throttle_end() knows the meter is
 *   throttled as well as the error does.
 */

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "pd-keyring-binding.h"
#include "pd-luhn.h"
#include "pd-pawacard-client.h"
#include "pd-redact.h"
#include "pd-secret-body-private.h"

#define PROVIDER_NAME     "PawaCard"
#define CURRENCY          "KES"
#define DEFAULT_TIMEZONE  "Africa/Nairobi"
#define DEFAULT_POLL_MS   (15 * 1000)

/* Keys last an hour from their issue; one is renewed a minute early rather
 * than sent to be refused. */
#define KEY_LIFETIME_S    (60 * 60)
#define KEY_MARGIN_S      60

#define MAX_REF_LENGTH    40

/* The document's general statuses. */
enum
{
  STATUS_SUCCESS = 0,
  STATUS_FAILED = 1,
  STATUS_INSUFFICIENT_BALANCE = 102,
  STATUS_BAD_REFERENCE = 103,
  STATUS_NOT_FOUND = 104,
  STATUS_DAILY_LIMIT = 105,
};

/* Its transaction statuses: 0 and 5 are both pending. */
enum
{
  TRANSACTION_QUEUED = 0,
  TRANSACTION_COMPLETE = 1,
  TRANSACTION_FAILED = 2,
  TRANSACTION_PENDING = 5,
};

struct _PdPawacardClient
{
  GObject                   parent_instance;

  PdHttpClient             *http;
  char                     *username;
  char                     *password;
  char                     *key;
  guint                     key_generation;
  gint64                    key_issued;
  gboolean                  logging_in;
  GPtrArray                *login_waiters;

  char                     *timezone;
  GTimeZone                *tz;
  guint                     poll_interval_ms;

  /* meter → real time (µs) of the last sale this client saw move money, or
   * of a throttle refusal: no sale on the meter came later than that */
  GHashTable               *last_sales;

  PdPawacardSessionKeyFunc  key_func;
  gpointer                  key_data;
  GDestroyNotify            key_destroy;
};

static void pd_pawacard_client_provider_iface_init (PdProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdPawacardClient, pd_pawacard_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_PROVIDER,
                                                      pd_pawacard_client_provider_iface_init))

G_DEFINE_BOXED_TYPE (PdPawacardCustomer, pd_pawacard_customer,
                     pd_pawacard_customer_copy, pd_pawacard_customer_free)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_USERNAME,
  PROP_PASSWORD,
  PROP_SESSION_KEY,
  PROP_TIMEZONE,
  PROP_POLL_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const resource_names[] = { "balances", NULL };

/* The error domain */

typedef struct
{
  gint64  retry_at;
  char   *number;
} PdPawacardErrorPrivate;

static void
pd_pawacard_error_private_init (PdPawacardErrorPrivate *priv)
{
  priv->retry_at = 0;
  priv->number = NULL;
}

static void
pd_pawacard_error_private_copy (const PdPawacardErrorPrivate *src,
                                PdPawacardErrorPrivate       *dest)
{
  dest->retry_at = src->retry_at;
  dest->number = g_strdup (src->number);
}

static void
pd_pawacard_error_private_clear (PdPawacardErrorPrivate *priv)
{
  g_clear_pointer (&priv->number, g_free);
}

G_DEFINE_EXTENDED_ERROR (PdPawacardError, pd_pawacard_error)

/**
 * pd_pawacard_error_get_retry_at:
 * @error: (nullable): any error
 *
 * For %PD_PAWACARD_ERROR_THROTTLED, when the meter takes a sale again, so
 * that the user can be told "try again at 14:05".
 *
 * Returns: (transfer full) (nullable): the time, in the local time zone,
 *   or %NULL when @error is not a throttle
 */
GDateTime *
pd_pawacard_error_get_retry_at (const GError *error)
{
  PdPawacardErrorPrivate *priv;

  if (!g_error_matches (error, PD_PAWACARD_ERROR, PD_PAWACARD_ERROR_THROTTLED))
    return NULL;

  priv = pd_pawacard_error_get_private (error);
  if (priv == NULL || priv->retry_at == 0)
    return NULL;

  return g_date_time_new_from_unix_local (priv->retry_at);
}

/**
 * pd_pawacard_error_get_number:
 * @error: (nullable): any error
 *
 * Returns: (nullable): the meter or account number a %PD_PAWACARD_ERROR is
 *   about, or %NULL
 */
const char *
pd_pawacard_error_get_number (const GError *error)
{
  PdPawacardErrorPrivate *priv;

  if (error == NULL || error->domain != PD_PAWACARD_ERROR)
    return NULL;

  priv = pd_pawacard_error_get_private (error);
  return priv != NULL ? priv->number : NULL;
}

static GError *
pawacard_error_new (PdPawacardError  code,
                    const char      *number,
                    gint64           retry_at,
                    const char      *message)
{
  GError *error = g_error_new_literal (PD_PAWACARD_ERROR, code, message);
  PdPawacardErrorPrivate *priv = pd_pawacard_error_get_private (error);

  priv->number = g_strdup (number);
  priv->retry_at = retry_at;

  return error;
}

/* PdPawacardCustomer */

/**
 * pd_pawacard_customer_copy:
 * @self: a #PdPawacardCustomer
 *
 * Returns: (transfer full): a copy of @self
 */
PdPawacardCustomer *
pd_pawacard_customer_copy (const PdPawacardCustomer *self)
{
  PdPawacardCustomer *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (PdPawacardCustomer, 1);
  copy->number = g_strdup (self->number);
  copy->name = g_strdup (self->name);
  copy->balance_due = self->balance_due;

  return copy;
}

/**
 * pd_pawacard_customer_free:
 * @self: (transfer full) (nullable): a #PdPawacardCustomer
 *
 * Frees @self.
 */
void
pd_pawacard_customer_free (PdPawacardCustomer *self)
{
  if (self == NULL)
    return;

  g_free (self->number);
  g_free (self->name);
  g_free (self);
}

/* Small helpers */

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

/**
 * pd_pawacard_meter_number_is_valid:
 * @meter: (nullable): a prepaid meter number
 *
 * Checks the Luhn check digit of a meter number, as Kenya Power does
 * before anything else ("did not pass the Luhn validation"). Spaces around
 * the number are ignored.
 *
 * Returns: %TRUE if @meter is all digits and its check digit is right
 */
gboolean
pd_pawacard_meter_number_is_valid (const char *meter)
{
  g_autofree char *number = NULL;

  if (meter == NULL)
    return FALSE;

  number = g_strstrip (g_strdup (meter));

  return pd_luhn_is_valid (number, -1);
}

static gboolean
is_valid_ref (const char *ref)
{
  gsize length;

  if (is_blank (ref))
    return FALSE;

  length = strlen (ref);
  if (length > MAX_REF_LENGTH)
    return FALSE;

  for (const char *p = ref; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;

  return TRUE;
}

static char *
group_token (const char *token)
{
  GString *text = g_string_new (NULL);
  guint n = 0;

  for (const char *p = token; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        continue;
      if (n > 0 && n % 4 == 0)
        g_string_append_c (text, ' ');
      g_string_append_c (text, *p);
      n++;
    }

  return g_string_free (text, FALSE);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static GError *
provider_error (PdProviderError  code,
                guint            http_status,
                const char      *provider_code,
                const char      *provider_message,
                const char      *sentence,
                gboolean         outcome_unknown)
{
  PdProviderErrorInfo info = { 0, };
  GError *error;

  info.provider_name = PROVIDER_NAME;
  info.http_status = http_status;
  info.provider_code = provider_code;
  info.provider_message = provider_message;
  info.outcome_unknown = outcome_unknown;
  error = pd_provider_error_new_full (code, &info);

  /* The sentence says it better than the generic one; the provider's own
   * words stay readable with pd_provider_error_get_provider_message(). */
  if (sentence != NULL)
    {
      g_free (error->message);
      error->message = g_strdup (sentence);
    }

  return error;
}

static GError *
malformed_error (const char *detail,
                 gboolean    outcome_unknown)
{
  PdProviderErrorInfo info = { 0, };

  info.provider_name = PROVIDER_NAME;
  info.http_status = 200;
  info.detail = detail;
  info.outcome_unknown = outcome_unknown;

  return pd_provider_error_new_full (PD_PROVIDER_ERROR_MALFORMED, &info);
}

static char *
object_to_json (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;
  char *redacted;

  json_node_set_object (node, object);
  text = json_to_string (node, FALSE);

  /* The key and password never come back, but a record's JSON is redacted
   * here already, so that nothing that holds one reaches the store. */
  redacted = pd_redact_json (text, -1, NULL);
  return redacted != NULL ? redacted : g_strdup ("{}");
}

static gint64
get_status (JsonObject *object)
{
  gint64 status = -1;

  if (object == NULL || !pd_json_get_int (object, "status", &status, NULL))
    return -1;

  return status;
}

static JsonObject *
get_transaction_member (JsonObject *object)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, "transaction"))
    return NULL;

  node = json_object_get_member (object, "transaction");
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
contains (const char *haystack,
          const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;

  folded = g_ascii_strdown (haystack, -1);
  return strstr (folded, needle) != NULL;
}

/* Reading times: "11-4-2014 20:24:7", nothing padded, in Nairobi time. */
static gboolean
parse_date (PdPawacardClient *self,
            const char       *text,
            gint64           *out)
{
  g_autoptr(GDateTime) time = NULL;
  int day, month, year, hour, minute, second;
  char end;

  if (text == NULL ||
      sscanf (text, "%d-%d-%d %d:%d:%d%c", &day, &month, &year, &hour, &minute, &second, &end) != 6)
    return FALSE;

  time = g_date_time_new (self->tz, year, month, day, hour, minute, second);
  if (time == NULL)
    return FALSE;

  *out = g_date_time_to_unix (time);
  return TRUE;
}

static void
remember_sale (PdPawacardClient *self,
               const char       *meter)
{
  gint64 *when;

  if (is_blank (meter))
    return;

  when = g_new (gint64, 1);
  *when = g_get_real_time ();
  g_hash_table_replace (self->last_sales, g_strdup (meter), when);
}

/* PawaCard refused a sale on @meter as too soon: when the throttle lets it
 * take one again. */
static gint64
remember_throttle (PdPawacardClient *self,
                   const char       *meter)
{
  gint64 *last = meter != NULL ? g_hash_table_lookup (self->last_sales, meter) : NULL;
  gint64 now = now_seconds ();
  gint64 ends;

  if (last != NULL)
    {
      ends = *last / G_USEC_PER_SEC + PD_PAWACARD_THROTTLE_SECONDS;
      if (ends > now)
        return ends;
    }

  /* The last sale was made elsewhere, or so long ago that another one came
   * after it: it was no later than now, and from now on the client knows
   * it. */
  remember_sale (self, meter);
  return now + PD_PAWACARD_THROTTLE_SECONDS;
}

static GError *
throttled_error (PdPawacardClient *self,
                 const char       *meter)
{
  gint64 retry_at = remember_throttle (self, meter);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) shown = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *message = NULL;

  /* A time shown to the minute is never earlier than the real one. */
  local = g_date_time_new_from_unix_local (retry_at + 59);
  shown = g_date_time_add_seconds (local, -g_date_time_get_second (local));
  clock = g_date_time_format (shown, "%H:%M");

  /* Translators: the throttle of PawaCard; %s is a meter number, then a time such as 14:05 */
  message = g_strdup_printf (_("Meter %s had a token less than five minutes ago and Kenya Power "
                               "sells one token per meter every five minutes. Nothing was sold: "
                               "try again at %s."),
                             meter != NULL ? meter : "", clock);

  return pawacard_error_new (PD_PAWACARD_ERROR_THROTTLED, meter, retry_at, message);
}

/* What a refusal of PawaCard (an answer with HTTP 200 that is not a
 * success, a pending or a failed transaction) means. @number is the meter
 * or account number the request was about, @moves_money whether the
 * request may have sold something. */
static GError *
refusal_error (PdPawacardClient *self,
               JsonObject       *object,
               const char       *number,
               gboolean          moves_money)
{
  gint64 status = get_status (object);
  const char *msg = pd_json_get_string (object, "msg");
  const char *code = pd_json_get_string (object, "code");
  g_autofree char *status_text = g_strdup_printf ("%" G_GINT64_FORMAT, status);
  g_autofree char *sentence = NULL;

  switch (status)
    {
    case STATUS_INSUFFICIENT_BALANCE:
      return provider_error (PD_PROVIDER_ERROR_VALIDATION, 200, status_text, msg,
                             _("The PawaCard vendor balance is too low for this sale. "
                               "Nothing was sold: top up the balance with PawaCard first."),
                             FALSE);

    case STATUS_BAD_REFERENCE:
      return provider_error (PD_PROVIDER_ERROR_CONFLICT, 200, status_text, msg, NULL, FALSE);

    case STATUS_NOT_FOUND:
      return provider_error (PD_PROVIDER_ERROR_NOT_FOUND, 200, status_text, msg,
                             _("PawaCard has no transaction with this reference."), FALSE);

    case STATUS_DAILY_LIMIT:
      /* Translators: %s is a meter number */
      sentence = g_strdup_printf (_("Meter %s has had as many tokens today as Kenya Power allows "
                                    "in a day. Nothing was sold: try again tomorrow."),
                                  number != NULL ? number : "");
      return provider_error (PD_PROVIDER_ERROR_VALIDATION, 200, status_text, msg, sentence, FALSE);

    case STATUS_FAILED:
    default:
      break;
    }

  if (contains (msg, "too soon"))
    return throttled_error (self, number);

  if (contains (msg, "luhn") || contains (msg, "msno"))
    {
      /* Translators: %s is a meter number, then PawaCard's own explanation */
      sentence = g_strdup_printf (_("Kenya Power does not know the meter number %s: check it "
                                    "on the meter. (%s)"),
                                  number != NULL ? number : "", msg);
      return pawacard_error_new (PD_PAWACARD_ERROR_INVALID_METER, number, 0, sentence);
    }

  if (contains (msg, "account number not found") || contains (msg, "not found at kenya power"))
    {
      /* Translators: %s is a Kenya Power postpaid account number */
      sentence = g_strdup_printf (_("Kenya Power does not know the account number %s: check it "
                                    "on the customer’s bill."),
                                  number != NULL ? number : "");
      return pawacard_error_new (PD_PAWACARD_ERROR_UNKNOWN_ACCOUNT, number, 0, sentence);
    }

  if (contains (msg, "timed out"))
    return provider_error (PD_PROVIDER_ERROR_TIMEOUT, 200, code, msg, NULL, moves_money);

  if (contains (msg, "connection error"))
    return provider_error (PD_PROVIDER_ERROR_UNAVAILABLE, 200, code, msg,
                           _("PawaCard could not reach Kenya Power. Try again later."),
                           moves_money);

  if (contains (msg, "username or password") || (contains (msg, "key") && contains (msg, "log in")))
    return provider_error (PD_PROVIDER_ERROR_AUTH, 200, code, msg, NULL, FALSE);

  if (contains (msg, "invalid amount"))
    return provider_error (PD_PROVIDER_ERROR_VALIDATION, 200, code, msg,
                           _("PawaCard does not accept this amount. Give a whole number of "
                             "shillings."),
                           FALSE);

  return provider_error (PD_PROVIDER_ERROR_VALIDATION, 200, code != NULL ? code : status_text,
                         is_blank (msg) ? NULL : msg, NULL, FALSE);
}

static gboolean
is_key_refusal (JsonObject *object)
{
  const char *msg = pd_json_get_string (object, "msg");

  return get_status (object) == STATUS_FAILED &&
         get_transaction_member (object) == NULL &&
         contains (msg, "key") && (contains (msg, "expired") || contains (msg, "log in"));
}

/* The error body of an answer that is not HTTP 2xx: the same
 * {"status": 1, "msg": …, "code"?} shape. */
static void
parse_error_body (PdHttpClient       *client,
                  PdHttpErrorDetails *details,
                  gpointer            user_data)
{
  if (details->root != NULL && JSON_NODE_HOLDS_OBJECT (details->root))
    {
      JsonObject *object = json_node_get_object (details->root);
      const char *msg = pd_json_get_string (object, "msg");
      const char *code = pd_json_get_string (object, "code");

      if (!is_blank (msg))
        details->provider_message = g_strdup (msg);
      if (!is_blank (code))
        details->provider_code = g_strdup (code);
    }

  if (details->provider_message == NULL)
    pd_http_error_details_parse_default (details);
}

/* Records */

typedef struct
{
  PdTransactionKind  kind;
  const char        *reference;
  const char        *number;
  const char        *customer_name;
  const PdMoney     *amount;
  gint64             created_at;
} Known;

static void
known_from_transaction (Known               *known,
                        const PdTransaction *transaction)
{
  known->kind = transaction->kind;
  known->reference = transaction->reference != NULL ? transaction->reference
                                                    : transaction->provider_id;
  known->number = transaction->counterparty;
  known->customer_name = transaction->customer_name;
  known->amount = pd_money_is_set (&transaction->amount) ? &transaction->amount : NULL;
  known->created_at = transaction->created_at;
}

static void
known_from_operation (Known             *known,
                      const PdOperation *operation)
{
  const char *number;

  known->kind = operation->kind == PD_OPERATION_BILL ? PD_TRANSACTION_KIND_BILL
                                                      : PD_TRANSACTION_KIND_VEND;

  if (operation->kind == PD_OPERATION_BILL)
    number = pd_operation_get_field (operation, "account_number");
  else
    number = pd_operation_get_field (operation, "meter");
  if (is_blank (number))
    number = operation->target_provider_id;

  known->reference = operation->reference;
  known->number = number;
  known->customer_name = pd_operation_get_field (operation, "customer_name");
  known->amount = pd_money_is_set (&operation->amount) ? &operation->amount : NULL;
  known->created_at = 0;
}

static void
set_text (char       **field,
          const char  *value)
{
  if (is_blank (value))
    return;

  g_free (*field);
  *field = g_strdup (value);
}

/* Makes the record of a sale from /vend, /transaction, /postpaidbill or
 * /postpaidtransaction: a completed one (status 0), a pending or failed one
 * (status 1 with a `transaction`). */
static PdTransaction *
parse_sale (PdPawacardClient  *self,
            JsonObject        *object,
            const Known       *known,
            GError           **error)
{
  g_autoptr(PdTransaction) transaction = pd_transaction_new ();
  JsonObject *inner = get_transaction_member (object);
  JsonObject *details = object;
  gint64 status = get_status (object);
  gint64 inner_status = -1;
  const char *token;
  const char *receipt;
  const char *units;
  const char *code;
  const char *msg;
  const char *ref;
  g_autofree char *transaction_id = NULL;

  if (inner != NULL)
    {
      details = inner;
      if (!pd_json_get_int (inner, "status", &inner_status, NULL))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("the transaction has no status"));
          return NULL;
        }
    }
  else if (status == STATUS_SUCCESS)
    {
      inner_status = TRANSACTION_COMPLETE;
    }
  else
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("the answer is neither a sale nor a refusal"));
      return NULL;
    }

  transaction->kind = known->kind;
  transaction->updated_at = now_seconds ();

  switch (inner_status)
    {
    case TRANSACTION_COMPLETE:
      transaction->state = PD_TRANSACTION_STATE_SUCCEEDED;
      break;
    case TRANSACTION_QUEUED:
    case TRANSACTION_PENDING:
      transaction->state = PD_TRANSACTION_STATE_PENDING;
      break;
    case TRANSACTION_FAILED:
      transaction->state = PD_TRANSACTION_STATE_FAILED;
      break;
    default:
      {
        g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, inner_status);

        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("unknown transaction status %s"), text);
        return NULL;
      }
    }

  ref = pd_json_get_string (details, "ref");
  if (is_blank (ref))
    ref = pd_json_get_string (object, "ref");
  if (is_blank (ref))
    ref = known->reference;
  if (is_blank (ref))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("the transaction has no reference"));
      return NULL;
    }
  if (!is_blank (known->reference) && g_strcmp0 (ref, known->reference) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the answer is about “%s”, not “%s”"), ref, known->reference);
      return NULL;
    }

  transaction->provider_id = g_strdup (ref);
  transaction->reference = g_strdup (ref);

  if (json_object_has_member (details, "totalAmount"))
    {
      if (!pd_json_get_money (details, "totalAmount", CURRENCY, PD_AMOUNT_MAJOR,
                              &transaction->amount, error))
        return NULL;
    }
  else if (json_object_has_member (details, "amount"))
    {
      if (!pd_json_get_money (details, "amount", CURRENCY, PD_AMOUNT_MAJOR,
                              &transaction->amount, error))
        return NULL;
    }
  else if (known->amount != NULL)
    {
      transaction->amount = *known->amount;
    }
  else
    {
      /* A pending or failed answer does not repeat the amount, and the
       * caller did not know it. */
      pd_money_init (&transaction->amount, 0, 0, CURRENCY);
    }

  if (!parse_date (self, pd_json_get_string (details, "date"), &transaction->created_at))
    transaction->created_at = known->created_at != 0 ? known->created_at : now_seconds ();

  transaction->counterparty = g_strdup (known->number);
  set_text (&transaction->counterparty, pd_json_get_string (details, "accountNo"));
  transaction->customer_name = g_strdup (known->customer_name);
  set_text (&transaction->customer_name, pd_json_get_string (details, "customerName"));

  token = pd_json_get_string (details, "token");
  receipt = pd_json_get_string (details, "stdTokenRctNum");
  if (is_blank (receipt))
    receipt = pd_json_get_string (details, "rctNum");
  units = pd_json_get_string (details, "units");
  code = pd_json_get_string (object, "code");
  msg = pd_json_get_string (details, "msg");
  if (is_blank (msg))
    msg = pd_json_get_string (object, "msg");
  transaction_id = pd_json_dup_text (details, "transactionId");

  if (transaction->state == PD_TRANSACTION_STATE_SUCCEEDED)
    {
      if (transaction->kind == PD_TRANSACTION_KIND_VEND && is_blank (token))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("the completed sale has no token"));
          return NULL;
        }

      transaction->provider_status = g_strdup (!is_blank (code) ? code : "success");

      if (transaction->kind == PD_TRANSACTION_KIND_VEND)
        {
          g_autofree char *grouped = group_token (token);

          if (!is_blank (units))
            /* Translators: a token sold; the token in groups of four digits, kWh, a receipt number */
            transaction->description = g_strdup_printf (_("Token %s · %s kWh · receipt %s"),
                                                        grouped, units,
                                                        receipt != NULL ? receipt : "");
          else
            transaction->description = g_strdup_printf (_("Token %s · receipt %s"),
                                                        grouped, receipt != NULL ? receipt : "");
        }
      else if (!is_blank (receipt))
        {
          /* Translators: a postpaid bill paid; %s is Kenya Power's receipt number */
          transaction->description = g_strdup_printf (_("Bill paid · receipt %s"), receipt);
        }
    }
  else if (transaction->state == PD_TRANSACTION_STATE_PENDING)
    {
      transaction->provider_status = g_strdup_printf ("pending (%" G_GINT64_FORMAT ")", inner_status);
      transaction->description = g_strdup (inner_status == TRANSACTION_QUEUED
                                           ? _("Queued at PawaCard")
                                           : _("Sent to Kenya Power, waiting for its answer"));
    }
  else
    {
      transaction->provider_status = g_strdup (!is_blank (code) ? code : "failed");
      transaction->description = g_strdup (!is_blank (msg) ? msg : _("Failed; nothing was sold"));
    }

  if (transaction_id != NULL)
    g_debug ("%s: %s %s is transaction %s, %s", PROVIDER_NAME,
             pd_transaction_kind_to_string (transaction->kind), ref, transaction_id,
             pd_transaction_state_to_string (transaction->state));

  transaction->raw_json = object_to_json (object);

  return g_steal_pointer (&transaction);
}

static PdBalance *
parse_balance (JsonObject  *object,
               GError     **error)
{
  g_autoptr(PdBalance) balance = pd_balance_new ();

  if (!pd_json_get_money (object, "balance", CURRENCY, PD_AMOUNT_MAJOR, &balance->amount, error))
    return NULL;

  balance->wallet = g_strdup (CURRENCY);
  balance->recorded_at = now_seconds ();

  return g_steal_pointer (&balance);
}

/* Logging in */

static GError *
no_password_error (void)
{
  PdProviderErrorInfo info = { 0, };

  info.provider_name = PROVIDER_NAME;
  info.detail = _("no password is saved for the account, so its session key cannot be renewed");
  return pd_provider_error_new_full (PD_PROVIDER_ERROR_AUTH, &info);
}

static gboolean
key_is_fresh (PdPawacardClient *self)
{
  if (self->key == NULL)
    return FALSE;

  /* A key from the keyring has an unknown age: it is used until refused. */
  if (self->key_issued == 0)
    return TRUE;

  return g_get_monotonic_time () - self->key_issued
         < (gint64)(KEY_LIFETIME_S - KEY_MARGIN_S) * G_USEC_PER_SEC;
}

static void
set_key (PdPawacardClient *self,
         const char       *key,
         gint64            issued)
{
  g_clear_pointer (&self->key, pd_secret_text_free);
  self->key = g_strdup (key);
  self->key_issued = issued;
  self->key_generation++;
}

static void
on_login_response (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *answer;

  response = pd_http_client_request_finish (PD_HTTP_CLIENT (object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  answer = pd_http_response_get_object (response);
  if (answer == NULL)
    {
      g_task_return_error (task, malformed_error (_("the answer is not a JSON object"), FALSE));
      return;
    }

  g_task_return_pointer (task, json_object_ref (answer), (GDestroyNotify)json_object_unref);
}

/* Sends /login; the task returns the answer object. */
static void
send_login (PdPawacardClient    *self,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(PdSecretBody) body = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_task_set_source_tag (task, send_login);

  if (is_blank (self->username) || is_blank (self->password))
    {
      g_task_return_error (task, no_password_error ());
      return;
    }

  body = pd_secret_body_new ();
  pd_secret_body_add_string (body, "username", self->username);
  pd_secret_body_add_string (body, "password", self->password);
  bytes = pd_secret_body_free_to_bytes (g_steal_pointer (&body));

  request = pd_http_request_new ("POST", "/login");
  pd_http_request_set_body (request, "application/json", bytes);
  /* Logging in again changes nothing that matters. */
  pd_http_request_set_retry_safe (request, TRUE);

  pd_http_client_request_async (self->http, request, cancellable, on_login_response,
                                g_steal_pointer (&task));
}

/* Takes the key of a login answer; the balance comes back in @balance_out. */
static gboolean
apply_login (PdPawacardClient  *self,
             GAsyncResult      *result,
             PdBalance        **balance_out,
             GError           **error)
{
  g_autoptr(JsonObject) answer = NULL;
  const char *key;

  answer = g_task_propagate_pointer (G_TASK (result), error);
  if (answer == NULL)
    return FALSE;

  if (get_status (answer) != STATUS_SUCCESS)
    {
      g_autoptr(GError) refusal = refusal_error (self, answer, NULL, FALSE);

      /* The document answers a wrong password with status 1. */
      if (refusal->domain == PD_PROVIDER_ERROR && refusal->code == PD_PROVIDER_ERROR_VALIDATION)
        {
          g_propagate_error (error,
                             provider_error (PD_PROVIDER_ERROR_AUTH, 200, NULL,
                                             pd_json_get_string (answer, "msg"), NULL, FALSE));
          return FALSE;
        }
      g_propagate_error (error, g_steal_pointer (&refusal));
      return FALSE;
    }

  key = pd_json_get_string (answer, "key");
  if (is_blank (key))
    {
      g_propagate_error (error, malformed_error (_("the login answer has no key"), FALSE));
      return FALSE;
    }

  set_key (self, key, g_get_monotonic_time ());
  g_debug ("%s: logged in as %s", PROVIDER_NAME, self->username);

  if (balance_out != NULL)
    *balance_out = parse_balance (answer, NULL);

  if (self->key_func != NULL)
    self->key_func (self, self->key, self->key_data);

  return TRUE;
}

static void
on_shared_login (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PdPawacardClient *self = PD_PAWACARD_CLIENT (object);
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GError) error = NULL;

  apply_login (self, result, NULL, &error);

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

/* Gets a fresh key: every request that finds the key missing, stale or
 * refused waits on one login together. */
static void
renew_key_async (PdPawacardClient    *self,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, renew_key_async);

  if (self->login_waiters == NULL)
    self->login_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->login_waiters, task);

  if (self->logging_in)
    return;

  self->logging_in = TRUE;
  /* Not tied to one caller's cancellable: others may be waiting too. */
  send_login (self, NULL, on_shared_login, g_object_ref (self));
}

/* Calls */

typedef struct
{
  char       *path;
  GPtrArray  *members;    /* name, value, name, value … (values wiped) */
  char       *number;
  gboolean    retry_safe;
  gboolean    moves_money;
  gboolean    renewed;
  guint       generation;
} Call;

static void
call_free (gpointer pointer)
{
  Call *call = pointer;

  g_free (call->path);
  g_ptr_array_unref (call->members);
  g_free (call->number);
  g_free (call);
}

static Call *
call_new (const char *path,
          const char *number,
          gboolean    moves_money)
{
  Call *call = g_new0 (Call, 1);

  call->path = g_strdup (path);
  call->members = g_ptr_array_new_with_free_func (pd_secret_text_free);
  call->number = g_strdup (number);
  call->moves_money = moves_money;
  call->retry_safe = !moves_money;

  return call;
}

static void
call_add (Call       *call,
          const char *name,
          const char *value)
{
  g_ptr_array_add (call->members, g_strdup (name));
  g_ptr_array_add (call->members, g_strdup (value));
}

static void call_send (GTask *task);

static void
on_key_renewed (GObject      *object,
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

/* After a refused key: log in again once, unless another request already
 * did since this one was sent. */
static gboolean
renew_and_resend (GTask *task)
{
  PdPawacardClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);

  if (call->renewed || is_blank (self->password))
    return FALSE;

  call->renewed = TRUE;
  g_debug ("%s: the session key was refused; logging in again", PROVIDER_NAME);

  if (self->key_generation == call->generation)
    g_clear_pointer (&self->key, pd_secret_text_free);

  call_send (g_object_ref (task));
  return TRUE;
}

static void
on_call_response (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  Call *call = g_task_get_task_data (task);
  JsonObject *answer;

  response = pd_http_client_request_finish (PD_HTTP_CLIENT (object), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (response == NULL)
    {
      if (g_error_matches (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH) &&
          renew_and_resend (task))
        return;

      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  answer = pd_http_response_get_object (response);
  if (answer == NULL)
    {
      g_task_return_error (task, malformed_error (_("the answer is not a JSON object"),
                                                  call->moves_money));
      return;
    }

  if (is_key_refusal (answer))
    {
      if (renew_and_resend (task))
        return;

      g_task_return_error (task, provider_error (PD_PROVIDER_ERROR_AUTH, 200, NULL,
                                                 pd_json_get_string (answer, "msg"), NULL, FALSE));
      return;
    }

  g_task_return_pointer (task, json_object_ref (answer), (GDestroyNotify)json_object_unref);
}

static void
call_send (GTask *task)
{
  PdPawacardClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(PdSecretBody) body = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (!key_is_fresh (self))
    {
      if (is_blank (self->password))
        {
          if (self->key == NULL)
            {
              g_task_return_error (task, no_password_error ());
              g_object_unref (task);
              return;
            }
        }
      else
        {
          renew_key_async (self, g_task_get_cancellable (task), on_key_renewed, task);
          return;
        }
    }

  body = pd_secret_body_new ();
  for (guint i = 0; i + 1 < call->members->len; i += 2)
    pd_secret_body_add_string (body, g_ptr_array_index (call->members, i),
                               g_ptr_array_index (call->members, i + 1));
  pd_secret_body_add_string (body, "username", self->username != NULL ? self->username : "");
  pd_secret_body_add_string (body, "key", self->key);
  bytes = pd_secret_body_free_to_bytes (g_steal_pointer (&body));
  call->generation = self->key_generation;

  request = pd_http_request_new ("POST", call->path);
  pd_http_request_set_body (request, "application/json", bytes);
  pd_http_request_set_retry_safe (request, call->retry_safe);

  pd_http_client_request_async (self->http, request, g_task_get_cancellable (task),
                                on_call_response, task);
}

/* Sends @call (taking it) with a valid key; the task returns the answer
 * object, whatever its status. */
static void
call_async (PdPawacardClient    *self,
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

static JsonObject *
call_finish (PdPawacardClient  *self,
             GAsyncResult      *result,
             GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Sales and look-ups */

typedef struct
{
  PdOperation   *operation;
  PdTransaction *known;
  Known          facts;
  gboolean       looked_up;
  gboolean       after_conflict;
} SaleData;

static void
sale_data_free (gpointer pointer)
{
  SaleData *data = pointer;

  g_clear_pointer (&data->operation, pd_operation_free);
  g_clear_pointer (&data->known, pd_transaction_free);
  g_free (data);
}

static GError *
bad_operation (const char *message)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, message);
}

static Call *
lookup_call (PdTransactionKind  kind,
             const char        *reference)
{
  Call *call = call_new (kind == PD_TRANSACTION_KIND_BILL ? "/postpaidtransaction" : "/transaction",
                         NULL, FALSE);

  call_add (call, "ref", reference);
  return call;
}

static void on_lookup_answer (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data);

static void
on_sale_answer (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  PdPawacardClient *self = PD_PAWACARD_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  SaleData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(PdTransaction) transaction = NULL;
  g_autoptr(GError) error = NULL;
  PdOperationResult *outcome;
  gint64 status;

  answer = call_finish (self, result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = get_status (answer);

  /* The ref is ours and was checked before sending: PawaCard already has
   * this sale, from an attempt whose answer was lost. */
  if (status == STATUS_BAD_REFERENCE && !data->looked_up)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      g_debug ("%s: %s was already used; looking it up", PROVIDER_NAME, data->facts.reference);
      data->looked_up = TRUE;
      data->after_conflict = TRUE;
      call_async (self, lookup_call (data->facts.kind, data->facts.reference),
                  cancellable, on_lookup_answer, g_steal_pointer (&task));
      return;
    }

  if (status != STATUS_SUCCESS && get_transaction_member (answer) == NULL)
    {
      g_task_return_error (task, refusal_error (self, answer, data->facts.number, TRUE));
      return;
    }

  transaction = parse_sale (self, answer, &data->facts, &error);
  if (transaction == NULL)
    {
      /* PawaCard took the sale but said so in a way that cannot be read. */
      g_task_return_error (task, malformed_error (error->message, TRUE));
      return;
    }

  if (transaction->kind == PD_TRANSACTION_KIND_VEND &&
      transaction->state != PD_TRANSACTION_STATE_FAILED)
    remember_sale (self, data->facts.number);

  outcome = pd_operation_result_new (g_steal_pointer (&transaction));
  outcome->response_json = object_to_json (answer);
  g_task_return_pointer (task, outcome, (GDestroyNotify)pd_operation_result_free);
}

static void
on_lookup_answer (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PdPawacardClient *self = PD_PAWACARD_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  SaleData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(PdTransaction) transaction = NULL;
  g_autoptr(GError) error = NULL;
  PdOperationResult *outcome;

  answer = call_finish (self, result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The ref was refused as used, yet no sale of this kind has it: a sale
   * of the other kind (vends and bills share refs) took it first. */
  if (get_status (answer) == STATUS_NOT_FOUND && data->after_conflict)
    {
      g_task_return_error (task, provider_error (PD_PROVIDER_ERROR_CONFLICT, 200, "103",
                                                 pd_json_get_string (answer, "msg"),
                                                 _("PawaCard refused the sale: its reference is "
                                                   "already used by another transaction. "
                                                   "Nothing was sold."),
                                                 FALSE));
      return;
    }

  if (get_status (answer) != STATUS_SUCCESS && get_transaction_member (answer) == NULL)
    {
      g_task_return_error (task, refusal_error (self, answer, data->facts.number, FALSE));
      return;
    }

  transaction = parse_sale (self, answer, &data->facts, &error);
  if (transaction == NULL)
    {
      g_task_return_error (task, malformed_error (error->message, FALSE));
      return;
    }

  if (transaction->kind == PD_TRANSACTION_KIND_VEND &&
      transaction->state != PD_TRANSACTION_STATE_FAILED &&
      transaction->created_at > now_seconds () - PD_PAWACARD_THROTTLE_SECONDS)
    remember_sale (self, data->facts.number);

  if (data->operation == NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&transaction), (GDestroyNotify)pd_transaction_free);
      return;
    }

  outcome = pd_operation_result_new (g_steal_pointer (&transaction));
  outcome->response_json = object_to_json (answer);
  g_task_return_pointer (task, outcome, (GDestroyNotify)pd_operation_result_free);
}

/* The document itself sends " 0203754-01": spaces around a number are
 * not part of it. */
static void
strip_numbers (PdOperation *operation)
{
  static const char * const names[] = { "meter", "account_number" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = pd_operation_get_field (operation, names[i]);

      if (value != NULL)
        {
          g_autofree char *stripped = g_strstrip (g_strdup (value));

          pd_operation_set_field (operation, names[i], stripped);
        }
    }

  if (operation->target_provider_id != NULL)
    g_strstrip (operation->target_provider_id);
}

static gboolean
check_operation (const PdOperation  *operation,
                 const Known        *facts,
                 char              **amount_out,
                 GError            **error)
{
  PdMoney shillings;

  if (operation->kind != PD_OPERATION_VEND && operation->kind != PD_OPERATION_BILL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("PawaCard cannot perform a “%s” operation"),
                   pd_operation_kind_to_string (operation->kind));
      return FALSE;
    }

  if (!is_valid_ref (operation->reference))
    {
      g_propagate_error (error, bad_operation (_("A PawaCard sale needs a reference of 1 to 40 "
                                                  "letters, digits, “-” or “_”")));
      return FALSE;
    }

  if (is_blank (facts->number))
    {
      g_propagate_error (error, bad_operation (operation->kind == PD_OPERATION_BILL
                                               ? _("The bill payment names no account number")
                                               : _("The sale names no meter number")));
      return FALSE;
    }

  if (operation->kind == PD_OPERATION_VEND && !pd_pawacard_meter_number_is_valid (facts->number))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is a meter number */
      message = g_strdup_printf (_("The meter number %s is not valid: its last digit does not "
                                   "match the others (Luhn check). Check the number on the meter."),
                                 facts->number);
      g_propagate_error (error, pawacard_error_new (PD_PAWACARD_ERROR_INVALID_METER,
                                                    facts->number, 0, message));
      return FALSE;
    }

  if (!pd_money_is_set (&operation->amount) ||
      g_ascii_strcasecmp (operation->amount.currency, CURRENCY) != 0)
    {
      g_propagate_error (error, bad_operation (_("PawaCard sells in Kenyan shillings (KES) only")));
      return FALSE;
    }

  if (!pd_money_rescale (&operation->amount, 0, &shillings, NULL) || shillings.units <= 0)
    {
      g_propagate_error (error, bad_operation (_("PawaCard takes whole shillings, more than "
                                                  "zero")));
      return FALSE;
    }

  *amount_out = g_strdup_printf ("%" G_GINT64_FORMAT, shillings.units);
  return TRUE;
}

static GTask *
sale_task_new (PdPawacardClient    *self,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, g_new0 (SaleData, 1), sale_data_free);

  return task;
}

/* PdProvider */

static PdProviderViews
pd_pawacard_client_get_views (PdProvider *provider)
{
  return PD_PROVIDER_VIEW_CHARGES | PD_PROVIDER_VIEW_BALANCES;
}

static guint
pd_pawacard_client_get_operations (PdProvider *provider)
{
  return PD_OPERATION_BIT (PD_OPERATION_VEND) | PD_OPERATION_BIT (PD_OPERATION_BILL);
}

/* /transaction and /postpaidtransaction find a sale by its ref, and a ref
 * is refused if it was used: an unknown sale is looked up, never resent. */
static PdReconcileMethod
pd_pawacard_client_get_reconcile_method (PdProvider      *provider,
                                         PdOperationKind  kind)
{
  return kind == PD_OPERATION_VEND || kind == PD_OPERATION_BILL ? PD_RECONCILE_LOOKUP
                                                                 : PD_RECONCILE_NONE;
}

static const char * const *
pd_pawacard_client_get_resources (PdProvider *provider)
{
  return resource_names;
}

static void pd_pawacard_client_fetch_page_async (PdProvider          *provider,
                                                 const char          *resource,
                                                 const char          *cursor,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);

static void
on_page_balance (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PdPawacardClient *self = PD_PAWACARD_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(PdBalance) balance = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPage) page = NULL;

  answer = call_finish (self, result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (get_status (answer) != STATUS_SUCCESS)
    {
      g_task_return_error (task, refusal_error (self, answer, NULL, FALSE));
      return;
    }

  balance = parse_balance (answer, &error);
  if (balance == NULL)
    {
      g_task_return_error (task, malformed_error (error->message, FALSE));
      return;
    }

  if (g_task_get_source_tag (task) == pd_pawacard_client_get_balance_async)
    {
      g_task_return_pointer (task, g_steal_pointer (&balance), (GDestroyNotify)pd_balance_free);
      return;
    }

  if (g_task_get_source_tag (task) != pd_pawacard_client_fetch_page_async)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  page = pd_page_new ("balances");
  g_ptr_array_add (page->balances, g_steal_pointer (&balance));
  g_task_return_pointer (task, g_steal_pointer (&page), (GDestroyNotify)pd_page_unref);
}

static void
pd_pawacard_client_fetch_page_async (PdProvider          *provider,
                                     const char          *resource,
                                     const char          *cursor,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  PdPawacardClient *self = PD_PAWACARD_CLIENT (provider);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_pawacard_client_fetch_page_async);

  if (g_strcmp0 (resource, "balances") != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("PawaCard has no list of “%s”: its sales are only in Paydesk’s "
                                 "own records"),
                               resource != NULL ? resource : "");
      return;
    }

  call_async (self, call_new ("/balance", NULL, FALSE), cancellable, on_page_balance,
              g_steal_pointer (&task));
}

static PdPage *
pd_pawacard_client_fetch_page_finish (PdProvider    *provider,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_pawacard_client_fetch_page_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
pd_pawacard_client_perform_async (PdProvider          *provider,
                                  const PdOperation   *operation,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  PdPawacardClient *self = PD_PAWACARD_CLIENT (provider);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *amount = NULL;
  SaleData *data;
  Call *call;

  g_return_if_fail (operation != NULL);

  task = sale_task_new (self, pd_pawacard_client_perform_async, cancellable, callback, user_data);
  data = g_task_get_task_data (task);
  data->operation = pd_operation_copy (operation);
  strip_numbers (data->operation);
  known_from_operation (&data->facts, data->operation);

  if (!check_operation (data->operation, &data->facts, &amount, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (operation->kind == PD_OPERATION_BILL)
    {
      call = call_new ("/postpaidbill", data->facts.number, TRUE);
      call_add (call, "accountNo", data->facts.number);
    }
  else
    {
      call = call_new ("/vend", data->facts.number, TRUE);
      call_add (call, "meter", data->facts.number);
    }
  call_add (call, "amount", amount);
  call_add (call, "ref", operation->reference);
  if (!is_blank (data->facts.customer_name))
    call_add (call, "customerName", data->facts.customer_name);

  call_async (self, call, cancellable, on_sale_answer, g_steal_pointer (&task));
}

static PdOperationResult *
pd_pawacard_client_perform_finish (PdProvider    *provider,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_pawacard_client_perform_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
pd_pawacard_client_lookup_async (PdProvider          *provider,
                                 const PdOperation   *operation,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  PdPawacardClient *self = PD_PAWACARD_CLIENT (provider);
  g_autoptr(GTask) task = NULL;
  SaleData *data;

  g_return_if_fail (operation != NULL);

  task = sale_task_new (self, pd_pawacard_client_lookup_async, cancellable, callback, user_data);
  data = g_task_get_task_data (task);
  data->operation = pd_operation_copy (operation);
  strip_numbers (data->operation);
  known_from_operation (&data->facts, data->operation);

  if (operation->kind != PD_OPERATION_VEND && operation->kind != PD_OPERATION_BILL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("PawaCard cannot perform a “%s” operation"),
                               pd_operation_kind_to_string (operation->kind));
      return;
    }

  if (!is_valid_ref (operation->reference))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The operation has no PawaCard reference"));
      return;
    }

  data->looked_up = TRUE;
  call_async (self, lookup_call (data->facts.kind, operation->reference), cancellable,
              on_lookup_answer, g_steal_pointer (&task));
}

static PdOperationResult *
pd_pawacard_client_lookup_finish (PdProvider    *provider,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_pawacard_client_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
pd_pawacard_client_test_async (PdProvider          *provider,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  PdPawacardClient *self = PD_PAWACARD_CLIENT (provider);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_pawacard_client_test_async);

  call_async (self, call_new ("/balance", NULL, FALSE), cancellable, on_page_balance,
              g_steal_pointer (&task));
}

static gboolean
pd_pawacard_client_test_finish (PdProvider    *provider,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_pawacard_client_test_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
pd_pawacard_client_provider_iface_init (PdProviderInterface *iface)
{
  iface->get_views = pd_pawacard_client_get_views;
  iface->get_operations = pd_pawacard_client_get_operations;
  iface->get_reconcile_method = pd_pawacard_client_get_reconcile_method;
  iface->get_resources = pd_pawacard_client_get_resources;
  iface->fetch_page_async = pd_pawacard_client_fetch_page_async;
  iface->fetch_page_finish = pd_pawacard_client_fetch_page_finish;
  iface->perform_async = pd_pawacard_client_perform_async;
  iface->perform_finish = pd_pawacard_client_perform_finish;
  iface->lookup_async = pd_pawacard_client_lookup_async;
  iface->lookup_finish = pd_pawacard_client_lookup_finish;
  iface->test_async = pd_pawacard_client_test_async;
  iface->test_finish = pd_pawacard_client_test_finish;
}

/* Public calls */

static void
on_login_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  PdPawacardClient *self = PD_PAWACARD_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(PdBalance) balance = NULL;
  g_autoptr(GError) error = NULL;

  if (!apply_login (self, result, &balance, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (balance == NULL)
    {
      balance = pd_balance_new ();
      balance->wallet = g_strdup (CURRENCY);
      pd_money_init (&balance->amount, 0, 0, CURRENCY);
      balance->recorded_at = now_seconds ();
    }

  g_task_return_pointer (task, g_steal_pointer (&balance), (GDestroyNotify)pd_balance_free);
}

/**
 * pd_pawacard_client_login_async:
 * @self: a #PdPawacardClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Logs in with the username and password and keeps the key PawaCard
 * issues; the session-key function (pd_pawacard_client_set_session_key_func())
 * is called with it. Other calls log in by themselves when they need to, so
 * this is for checking the password when an account is added.
 */
void
pd_pawacard_client_login_async (PdPawacardClient    *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_PAWACARD_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_pawacard_client_login_async);
  send_login (self, cancellable, on_login_done, g_steal_pointer (&task));
}

/**
 * pd_pawacard_client_login_finish:
 * @self: a #PdPawacardClient
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * Finishes pd_pawacard_client_login_async(). A wrong username or password
 * is %PD_PROVIDER_ERROR_AUTH.
 *
 * Returns: (transfer full): the vendor balance the login reported, or
 *   %NULL with @error set
 */
PdBalance *
pd_pawacard_client_login_finish (PdPawacardClient  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (PD_IS_PAWACARD_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_pawacard_client_login_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pd_pawacard_client_get_balance_async:
 * @self: a #PdPawacardClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Reads the vendor balance (/balance): what the merchant has left to sell.
 */
void
pd_pawacard_client_get_balance_async (PdPawacardClient    *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_PAWACARD_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_pawacard_client_get_balance_async);
  call_async (self, call_new ("/balance", NULL, FALSE), cancellable, on_page_balance,
              g_steal_pointer (&task));
}

/**
 * pd_pawacard_client_get_balance_finish:
 * @self: a #PdPawacardClient
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the balance, in KES (wallet `KES`), or %NULL
 *   with @error set
 */
PdBalance *
pd_pawacard_client_get_balance_finish (PdPawacardClient  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (PD_IS_PAWACARD_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_pawacard_client_get_balance_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_verify_answer (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PdPawacardClient *self = PD_PAWACARD_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(PdPawacardCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  const char *number = g_task_get_task_data (task);
  const char *name;

  answer = call_finish (self, result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (get_status (answer) != STATUS_SUCCESS)
    {
      g_task_return_error (task, refusal_error (self, answer, number, FALSE));
      return;
    }

  name = pd_json_get_string (answer, "customerName");
  if (name == NULL)
    {
      g_task_return_error (task, malformed_error (_("the answer has no customer name"), FALSE));
      return;
    }

  customer = g_new0 (PdPawacardCustomer, 1);
  customer->number = g_strdup (number);
  customer->name = g_strdup (name);
  if (json_object_has_member (answer, "customer_balance") &&
      !pd_json_get_money (answer, "customer_balance", CURRENCY, PD_AMOUNT_MAJOR,
                          &customer->balance_due, &error))
    {
      g_task_return_error (task, malformed_error (error->message, FALSE));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&customer), (GDestroyNotify)pd_pawacard_customer_free);
}

static void
verify_async (PdPawacardClient    *self,
              gpointer             source_tag,
              const char          *path,
              const char          *member,
              const char          *number,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *stripped = g_strstrip (g_strdup (number != NULL ? number : ""));
  Call *call;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, g_strdup (stripped), g_free);

  if (*stripped == '\0')
    {
      g_task_return_error (task, bad_operation (_("No number was given")));
      return;
    }

  if (g_str_equal (member, "meter") && !pd_pawacard_meter_number_is_valid (stripped))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("The meter number %s is not valid: its last digit does not "
                                   "match the others (Luhn check). Check the number on the meter."),
                                 stripped);
      g_task_return_error (task, pawacard_error_new (PD_PAWACARD_ERROR_INVALID_METER, stripped,
                                                     0, message));
      return;
    }

  call = call_new (path, stripped, FALSE);
  call_add (call, member, stripped);
  call_async (self, call, cancellable, on_verify_answer, g_steal_pointer (&task));
}

/**
 * pd_pawacard_client_verify_meter_async:
 * @self: a #PdPawacardClient
 * @meter: a prepaid meter number
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Asks Kenya Power whose meter @meter is (/verify), before a sale. A
 * number that fails the Luhn check is refused without asking, with
 * %PD_PAWACARD_ERROR_INVALID_METER; so is one Kenya Power does not know.
 */
void
pd_pawacard_client_verify_meter_async (PdPawacardClient    *self,
                                       const char          *meter,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (PD_IS_PAWACARD_CLIENT (self));

  verify_async (self, pd_pawacard_client_verify_meter_async, "/verify", "meter", meter,
                cancellable, callback, user_data);
}

/**
 * pd_pawacard_client_verify_meter_finish:
 * @self: a #PdPawacardClient
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the meter's number and registered name, or
 *   %NULL with @error set
 */
PdPawacardCustomer *
pd_pawacard_client_verify_meter_finish (PdPawacardClient  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  g_return_val_if_fail (PD_IS_PAWACARD_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_pawacard_client_verify_meter_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pd_pawacard_client_verify_account_async:
 * @self: a #PdPawacardClient
 * @account_number: a Kenya Power postpaid account number (`0203754-01`)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Asks Kenya Power whose postpaid account @account_number is and what it
 * owes (/postpaidverify). An unknown account is
 * %PD_PAWACARD_ERROR_UNKNOWN_ACCOUNT.
 */
void
pd_pawacard_client_verify_account_async (PdPawacardClient    *self,
                                         const char          *account_number,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (PD_IS_PAWACARD_CLIENT (self));

  verify_async (self, pd_pawacard_client_verify_account_async, "/postpaidverify", "accountNo",
                account_number, cancellable, callback, user_data);
}

/**
 * pd_pawacard_client_verify_account_finish:
 * @self: a #PdPawacardClient
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the account's number, name and balance due,
 *   or %NULL with @error set
 */
PdPawacardCustomer *
pd_pawacard_client_verify_account_finish (PdPawacardClient  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (PD_IS_PAWACARD_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_pawacard_client_verify_account_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
start_transaction_lookup (PdPawacardClient    *self,
                          GTask               *task,
                          const PdTransaction *transaction)
{
  SaleData *data = g_task_get_task_data (task);

  data->known = pd_transaction_copy (transaction);
  known_from_transaction (&data->facts, data->known);
  data->looked_up = TRUE;

  if (data->facts.kind != PD_TRANSACTION_KIND_VEND && data->facts.kind != PD_TRANSACTION_KIND_BILL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("PawaCard has only electricity sales and bill payments"));
      return FALSE;
    }

  if (!is_valid_ref (data->facts.reference))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The transaction has no PawaCard reference"));
      return FALSE;
    }

  return TRUE;
}

/**
 * pd_pawacard_client_get_transaction_async:
 * @self: a #PdPawacardClient
 * @transaction: what is known of a sale: its kind (%PD_TRANSACTION_KIND_VEND
 *   or %PD_TRANSACTION_KIND_BILL) and reference, and whatever else the
 *   answer may leave out (amount, meter or account number)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Reads the sale's state now, with /transaction (vends) or
 * /postpaidtransaction (bills). A reference PawaCard does not know is
 * %PD_PROVIDER_ERROR_NOT_FOUND.
 */
void
pd_pawacard_client_get_transaction_async (PdPawacardClient    *self,
                                          const PdTransaction *transaction,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaleData *data;

  g_return_if_fail (PD_IS_PAWACARD_CLIENT (self));
  g_return_if_fail (transaction != NULL);

  task = sale_task_new (self, pd_pawacard_client_get_transaction_async, cancellable, callback, user_data);
  if (!start_transaction_lookup (self, task, transaction))
    return;

  data = g_task_get_task_data (task);
  call_async (self, lookup_call (data->facts.kind, data->facts.reference), cancellable,
              on_lookup_answer, g_steal_pointer (&task));
}

/**
 * pd_pawacard_client_get_transaction_finish:
 * @self: a #PdPawacardClient
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the sale as PawaCard reports it now, or %NULL
 *   with @error set
 */
PdTransaction *
pd_pawacard_client_get_transaction_finish (PdPawacardClient  *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
  g_return_val_if_fail (PD_IS_PAWACARD_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_pawacard_client_get_transaction_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Following a pending sale */

typedef struct
{
  PdTransaction *known;
  GSource       *timer;
  GSource       *cancel;
} FollowData;

static void
follow_data_free (gpointer pointer)
{
  FollowData *data = pointer;

  g_assert (data->timer == NULL && data->cancel == NULL);
  g_clear_pointer (&data->known, pd_transaction_free);
  g_free (data);
}

static void
stop_waiting (FollowData *data)
{
  if (data->timer != NULL)
    {
      g_source_destroy (data->timer);
      g_clear_pointer (&data->timer, g_source_unref);
    }

  if (data->cancel != NULL)
    {
      g_source_destroy (data->cancel);
      g_clear_pointer (&data->cancel, g_source_unref);
    }
}

static void follow_next (GTask *task);

static gboolean
on_follow_timeout (gpointer user_data)
{
  GTask *task = user_data;

  g_object_ref (task);
  stop_waiting (g_task_get_task_data (task));
  follow_next (task);

  return G_SOURCE_REMOVE;
}

/* A cancellation ends the wait at once rather than at the next question. */
static gboolean
on_follow_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = g_object_ref (user_data);

  stop_waiting (g_task_get_task_data (task));
  g_task_return_error_if_cancelled (task);

  return G_SOURCE_REMOVE;
}

static void
on_follow_answer (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PdPawacardClient *self = PD_PAWACARD_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  FollowData *data = g_task_get_task_data (task);
  g_autoptr(PdTransaction) transaction = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);

  transaction = pd_pawacard_client_get_transaction_finish (self, result, &error);
  if (transaction == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (transaction->state != PD_TRANSACTION_STATE_PENDING)
    {
      g_task_return_pointer (task, g_steal_pointer (&transaction), (GDestroyNotify)pd_transaction_free);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_debug ("%s: %s is still pending; asking again in %u ms", PROVIDER_NAME,
           transaction->reference, self->poll_interval_ms);

  /* What the pending answer says (the transaction id) is kept; what it
   * leaves out still comes from the first record. */
  g_clear_pointer (&data->known->raw_json, g_free);
  data->known->raw_json = g_steal_pointer (&transaction->raw_json);

  data->timer = g_timeout_source_new (self->poll_interval_ms);
  g_source_set_static_name (data->timer, "[paydesk] pawacard follow");
  g_source_set_callback (data->timer, on_follow_timeout, g_object_ref (task), g_object_unref);
  g_source_attach (data->timer, g_task_get_context (task));

  if (cancellable != NULL)
    {
      data->cancel = g_cancellable_source_new (cancellable);
      g_source_set_static_name (data->cancel, "[paydesk] pawacard follow cancel");
      g_source_set_callback (data->cancel, G_SOURCE_FUNC (on_follow_cancelled),
                             g_object_ref (task), g_object_unref);
      g_source_attach (data->cancel, g_task_get_context (task));
    }
}

/* Takes a reference to @task. */
static void
follow_next (GTask *task)
{
  PdPawacardClient *self = g_task_get_source_object (task);
  FollowData *data = g_task_get_task_data (task);

  pd_pawacard_client_get_transaction_async (self, data->known, g_task_get_cancellable (task),
                                            on_follow_answer, task);
}

/**
 * pd_pawacard_client_follow_transaction_async:
 * @self: a #PdPawacardClient
 * @transaction: a sale, usually pending (see
 *   pd_pawacard_client_get_transaction_async())
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Asks PawaCard for the sale's state every #PdPawacardClient:poll-interval
 * milliseconds until it is complete or failed (PawaCard's transaction
 * statuses 0 and 5 are pending). Cancel @cancellable to stop following.
 */
void
pd_pawacard_client_follow_transaction_async (PdPawacardClient    *self,
                                             const PdTransaction *transaction,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  FollowData *data;
  GTask *task;

  g_return_if_fail (PD_IS_PAWACARD_CLIENT (self));
  g_return_if_fail (transaction != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_pawacard_client_follow_transaction_async);
  data = g_new0 (FollowData, 1);
  data->known = pd_transaction_copy (transaction);
  g_task_set_task_data (task, data, follow_data_free);
  follow_next (task);
}

/**
 * pd_pawacard_client_follow_transaction_finish:
 * @self: a #PdPawacardClient
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the sale, complete or failed, or %NULL with
 *   @error set
 */
PdTransaction *
pd_pawacard_client_follow_transaction_finish (PdPawacardClient  *self,
                                              GAsyncResult      *result,
                                              GError           **error)
{
  g_return_val_if_fail (PD_IS_PAWACARD_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_pawacard_client_follow_transaction_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Keeping the key */

static void
store_key_in_keyring (PdPawacardClient *self,
                      const char       *session_key,
                      gpointer          user_data)
{
  g_autoptr(PdSecretSet) set = pd_secret_set_new ();

  if (!is_blank (self->password))
    pd_secret_set_set (set, "password", self->password);
  pd_secret_set_set (set, "session_key", session_key);

  pd_keyring_binding_store (user_data, set);
}

/**
 * pd_pawacard_client_set_session_key_func:
 * @self: a #PdPawacardClient
 * @func: (nullable): called with each new key
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when the function is replaced or
 *   the client is finalized
 *
 * Sets the function told about each key a login brings, so that the
 * caller can keep it (see #PdPawacardSessionKeyFunc). The key is renewed
 * automatically, once per refused request, when PawaCard refuses it or its
 * hour is out.
 */
void
pd_pawacard_client_set_session_key_func (PdPawacardClient         *self,
                                         PdPawacardSessionKeyFunc  func,
                                         gpointer                  user_data,
                                         GDestroyNotify            destroy)
{
  g_return_if_fail (PD_IS_PAWACARD_CLIENT (self));

  if (self->key_destroy != NULL)
    self->key_destroy (self->key_data);

  self->key_func = func;
  self->key_data = user_data;
  self->key_destroy = destroy;
}

/**
 * pd_pawacard_client_bind_keyring:
 * @self: a #PdPawacardClient
 * @secrets: the keyring
 * @account_uuid: the account's uuid
 * @label: the account's label, for the keyring item
 *
 * Keeps each new session key in the account's keyring item, as the field
 * `session_key` next to `password` (HACKING.md, "Keyring schema"). When no
 * keyring can take it, the key is kept for the session only.
 */
void
pd_pawacard_client_bind_keyring (PdPawacardClient *self,
                                 PdSecrets        *secrets,
                                 const char       *account_uuid,
                                 const char       *label)
{
  g_return_if_fail (PD_IS_PAWACARD_CLIENT (self));
  g_return_if_fail (PD_IS_SECRETS (secrets));
  g_return_if_fail (account_uuid != NULL);

  pd_pawacard_client_set_session_key_func (self, store_key_in_keyring,
                                           pd_keyring_binding_new (secrets, account_uuid, "pawacard", label),
                                           (GDestroyNotify) pd_keyring_binding_free);
}

/* Construction */

/**
 * pd_pawacard_client_new:
 * @base_url: (nullable): the base URL, ending in `/v3`; %NULL for
 *   %PD_PAWACARD_DEFAULT_BASE_URL
 * @username: the vendor's username
 * @password: (nullable): the vendor's password, to log in and to renew the
 *   key
 * @session_key: (nullable): a key from an earlier login, if one was kept
 *
 * Makes a PawaCard client. With no @session_key, the first request logs
 * in. #PdProvider: the sync resource `balances` (PawaCard has no list of
 * sales) and the operations vend and bill.
 *
 * For pd_provider_perform_async(): a vend needs the field `meter` (or the
 * target) and a bill the field `account_number` (or the target); both take
 * `customer_name`. The amount is in KES, whole shillings, and the
 * operation's reference is PawaCard's `ref`, which becomes the record's
 * provider id.
 *
 * Returns: (transfer full): a new #PdPawacardClient
 */
PdPawacardClient *
pd_pawacard_client_new (const char *base_url,
                        const char *username,
                        const char *password,
                        const char *session_key)
{
  g_return_val_if_fail (username != NULL, NULL);

  return g_object_new (PD_TYPE_PAWACARD_CLIENT,
                       "base-url", base_url,
                       "username", username,
                       "password", password,
                       "session-key", session_key,
                       NULL);
}

/**
 * pd_pawacard_client_new_for_account:
 * @account: a PawaCard account; its username is the vendor's
 * @secrets: (nullable): its secrets: `password`, and `session_key` if kept
 * @error: where to put an error
 *
 * Makes a client for @account, the constructor the provider registry uses.
 * Call pd_pawacard_client_bind_keyring() on it to keep renewed keys.
 *
 * Returns: (transfer full): a new #PdPawacardClient as a #PdProvider, or
 *   %NULL with @error set when the account has no username or password
 */
PdProvider *
pd_pawacard_client_new_for_account (const PdAccount    *account,
                                    const PdSecretSet  *secrets,
                                    GError            **error)
{
  g_autoptr(PdPawacardClient) client = NULL;
  const char *password;
  const char *session_key;

  g_return_val_if_fail (account != NULL, NULL);

  password = secrets != NULL ? pd_secret_set_get (secrets, "password") : NULL;
  session_key = secrets != NULL ? pd_secret_set_get (secrets, "session_key") : NULL;

  if (is_blank (account->username))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The PawaCard account has no vendor username"));
      return NULL;
    }

  if (is_blank (password) && is_blank (session_key))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The PawaCard account has no password (the secret field “%s”)"), "password");
      return NULL;
    }

  client = pd_pawacard_client_new (is_blank (account->base_url) ? NULL : account->base_url,
                                   account->username, password, session_key);
  pd_pawacard_client_set_timezone (client, account->timezone);

  return PD_PROVIDER (g_steal_pointer (&client));
}

/**
 * pd_pawacard_client_get_http_client:
 * @self: a #PdPawacardClient
 *
 * Returns: (transfer none): the HTTP client requests go through
 */
PdHttpClient *
pd_pawacard_client_get_http_client (PdPawacardClient *self)
{
  g_return_val_if_fail (PD_IS_PAWACARD_CLIENT (self), NULL);

  return self->http;
}

/**
 * pd_pawacard_client_get_username:
 * @self: a #PdPawacardClient
 *
 * Returns: the vendor's username
 */
const char *
pd_pawacard_client_get_username (PdPawacardClient *self)
{
  g_return_val_if_fail (PD_IS_PAWACARD_CLIENT (self), NULL);

  return self->username;
}

/**
 * pd_pawacard_client_has_session_key:
 * @self: a #PdPawacardClient
 *
 * Returns: whether the client holds a key (it may still have expired)
 */
gboolean
pd_pawacard_client_has_session_key (PdPawacardClient *self)
{
  g_return_val_if_fail (PD_IS_PAWACARD_CLIENT (self), FALSE);

  return self->key != NULL;
}

/**
 * pd_pawacard_client_dup_throttle_end:
 * @self: a #PdPawacardClient
 * @meter: a meter number
 *
 * When @meter takes a sale again, as far as this client knows: five
 * minutes after the last sale it saw on @meter. For a sale form that
 * wants to say "try again at 14:05" before the user asks; a sale refused
 * by the throttle says so itself (%PD_PAWACARD_ERROR_THROTTLED).
 *
 * Returns: (transfer full) (nullable): the time in the local time zone, or
 *   %NULL when the client saw no sale on @meter in the last five minutes
 */
GDateTime *
pd_pawacard_client_dup_throttle_end (PdPawacardClient *self,
                                     const char       *meter)
{
  gint64 *last;
  gint64 ends;

  g_return_val_if_fail (PD_IS_PAWACARD_CLIENT (self), NULL);
  g_return_val_if_fail (meter != NULL, NULL);

  last = g_hash_table_lookup (self->last_sales, meter);
  if (last == NULL)
    return NULL;

  ends = *last / G_USEC_PER_SEC + PD_PAWACARD_THROTTLE_SECONDS;
  if (ends <= now_seconds ())
    return NULL;

  return g_date_time_new_from_unix_local (ends);
}

/**
 * pd_pawacard_client_get_timezone:
 * @self: a #PdPawacardClient
 *
 * Returns: the IANA time zone PawaCard's dates are read in
 */
const char *
pd_pawacard_client_get_timezone (PdPawacardClient *self)
{
  g_return_val_if_fail (PD_IS_PAWACARD_CLIENT (self), NULL);

  return self->timezone;
}

/**
 * pd_pawacard_client_set_timezone:
 * @self: a #PdPawacardClient
 * @timezone: (nullable): an IANA time zone; %NULL for `Africa/Nairobi`
 *
 * Sets the zone PawaCard's dates (which carry none) are read in.
 */
void
pd_pawacard_client_set_timezone (PdPawacardClient *self,
                                 const char       *timezone)
{
  g_return_if_fail (PD_IS_PAWACARD_CLIENT (self));

  if (is_blank (timezone))
    timezone = DEFAULT_TIMEZONE;

  if (g_strcmp0 (self->timezone, timezone) == 0)
    return;

  g_free (self->timezone);
  self->timezone = g_strdup (timezone);

  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = g_time_zone_new_identifier (timezone);
  if (self->tz == NULL)
    self->tz = g_time_zone_new_offset (3 * 3600);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEZONE]);
}

/**
 * pd_pawacard_client_get_poll_interval:
 * @self: a #PdPawacardClient
 *
 * Returns: how long pd_pawacard_client_follow_transaction_async() waits
 *   between two questions, in milliseconds
 */
guint
pd_pawacard_client_get_poll_interval (PdPawacardClient *self)
{
  g_return_val_if_fail (PD_IS_PAWACARD_CLIENT (self), 0);

  return self->poll_interval_ms;
}

/**
 * pd_pawacard_client_set_poll_interval:
 * @self: a #PdPawacardClient
 * @interval_ms: the wait between two questions about a pending sale
 *
 * Sets #PdPawacardClient:poll-interval.
 */
void
pd_pawacard_client_set_poll_interval (PdPawacardClient *self,
                                      guint             interval_ms)
{
  g_return_if_fail (PD_IS_PAWACARD_CLIENT (self));

  if (self->poll_interval_ms == interval_ms)
    return;

  self->poll_interval_ms = interval_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL_INTERVAL]);
}

static void
pd_pawacard_client_finalize (GObject *object)
{
  PdPawacardClient *self = (PdPawacardClient *)object;

  g_assert (self->login_waiters == NULL);

  pd_pawacard_client_set_session_key_func (self, NULL, NULL, NULL);
  g_clear_object (&self->http);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->password, pd_secret_text_free);
  g_clear_pointer (&self->key, pd_secret_text_free);
  g_clear_pointer (&self->timezone, g_free);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->last_sales, g_hash_table_unref);

  G_OBJECT_CLASS (pd_pawacard_client_parent_class)->finalize (object);
}

static void
pd_pawacard_client_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PdPawacardClient *self = PD_PAWACARD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, pd_http_client_get_base_url (self->http));
      break;

    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;

    case PROP_TIMEZONE:
      g_value_set_string (value, self->timezone);
      break;

    case PROP_POLL_INTERVAL:
      g_value_set_uint (value, self->poll_interval_ms);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_pawacard_client_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PdPawacardClient *self = PD_PAWACARD_CLIENT (object);
  const char *text;

  switch (prop_id)
    {
    case PROP_BASE_URL:
      text = g_value_get_string (value);
      pd_http_client_set_base_url (self->http, is_blank (text) ? PD_PAWACARD_DEFAULT_BASE_URL : text);
      break;

    case PROP_USERNAME:
      g_free (self->username);
      self->username = g_value_dup_string (value);
      break;

    case PROP_PASSWORD:
      g_clear_pointer (&self->password, pd_secret_text_free);
      text = g_value_get_string (value);
      self->password = is_blank (text) ? NULL : g_strdup (text);
      break;

    case PROP_SESSION_KEY:
      text = g_value_get_string (value);
      if (!is_blank (text))
        set_key (self, text, 0);
      break;

    case PROP_TIMEZONE:
      pd_pawacard_client_set_timezone (self, g_value_get_string (value));
      break;

    case PROP_POLL_INTERVAL:
      pd_pawacard_client_set_poll_interval (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_pawacard_client_class_init (PdPawacardClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_pawacard_client_finalize;
  object_class->get_property = pd_pawacard_client_get_property;
  object_class->set_property = pd_pawacard_client_set_property;

  /**
   * PdPawacardClient:base-url:
   *
   * The base URL of the API, ending in `/v3`.
   */
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         PD_PAWACARD_DEFAULT_BASE_URL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * PdPawacardClient:username:
   *
   * The vendor's username, sent with every request.
   */
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * PdPawacardClient:password:
   *
   * The vendor's password. It can be set, never read back.
   */
  properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL,
                         NULL,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * PdPawacardClient:session-key:
   *
   * A key from an earlier login. It can be set, never read back.
   */
  properties[PROP_SESSION_KEY] =
    g_param_spec_string ("session-key", NULL, NULL,
                         NULL,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * PdPawacardClient:timezone:
   *
   * The IANA time zone PawaCard's dates are read in.
   */
  properties[PROP_TIMEZONE] =
    g_param_spec_string ("timezone", NULL, NULL,
                         DEFAULT_TIMEZONE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * PdPawacardClient:poll-interval:
   *
   * How long, in milliseconds, to wait between two questions about a
   * pending sale.
   */
  properties[PROP_POLL_INTERVAL] =
    g_param_spec_uint ("poll-interval", NULL, NULL,
                       1, G_MAXUINT, DEFAULT_POLL_MS,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_pawacard_client_init (PdPawacardClient *self)
{
  self->http = pd_http_client_new (PROVIDER_NAME, PD_PAWACARD_DEFAULT_BASE_URL);
  pd_http_client_set_error_parser (self->http, parse_error_body, NULL, NULL);
  self->last_sales = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->poll_interval_ms = DEFAULT_POLL_MS;
}

/* pd-pawacard-sandbox.c - the PawaCard API (Kenya, electricity vending), simulated
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <libsoup/soup.h>

#include "pd-luhn.h"
#include "pd-sandbox.h"

/* Where the document is silent, malformed or contradicts itself, the reading
 * followed here is recorded under "Provider readings" → "PawaCard" in
 * HACKING.md: key lifetime, the meter and account numbering of the seeded
 * data, the amounts that end pending or failed, duplicate references. */

#define CURRENCY "KES"
#define USERNAME "testvendor"
#define KEY_LENGTH 43

#define MINUTE 60
#define HOUR (60 * MINUTE)
#define DAY (24 * HOUR)
#define NAIROBI_OFFSET (3 * HOUR)

#define KEY_LIFETIME HOUR
#define THROTTLE_SECONDS (5 * MINUTE)
#define MAX_VENDS_PER_DAY 10

#define MIN_AMOUNT 10
#define MAX_AMOUNT 250000
#define MAX_REF_LENGTH 40

/* Seeded meter k is "014", k in seven digits and a Luhn check digit;
 * seeded postpaid account k is 200000 + k in seven digits, then "-01". */
#define METER_PREFIX "014"
#define METER_LENGTH 11
#define ACCOUNT_BASE 200000

/* Vends and bills of these amounts (whole shillings) end as Kenya Power
 * sometimes does; every other amount completes at once. */
#define AMOUNT_FAILED_AT_KPLC 333
#define AMOUNT_FAILED_ON_ROUTE 444
#define AMOUNT_PENDING 555
#define AMOUNT_QUEUED 777
#define QUEUED_SECONDS 60
#define PENDING_SECONDS 120

/* The energy part of a token is sold at KES 12.50 a kWh. */
#define TARIFF_MILS_PER_KWH 12500

/* General statuses of the document. */
enum
{
  STATUS_SUCCESS = 0,
  STATUS_FAILED = 1,
  STATUS_INSUFFICIENT_BALANCE = 102,
  STATUS_BAD_REFERENCE = 103,
  STATUS_NOT_FOUND = 104,
  STATUS_DAILY_LIMIT = 105,
};

/* Transaction statuses of the document: 0 and 5 are both pending. */
typedef enum
{
  TRANSACTION_QUEUED = 0,
  TRANSACTION_COMPLETE = 1,
  TRANSACTION_FAILED = 2,
  TRANSACTION_PENDING = 5,
} TransactionStatus;

typedef enum
{
  KIND_VEND,
  KIND_BILL,
} Kind;

/* The charges of the document's example vend of KES 200, in thousandths
 * of a shilling; every vend is charged in the same proportion. */
static const struct
{
  const char *name;
  gint64      mils_per_200;
} fixed_charges[] = {
  { "REPCharge", 6486 },
  { "MonthlyFC", 12000 },
  { "ERCCharge", 593 },
  { "TotalTax", 1440 },
  { "FuelIndexCharge", 92770 },
  { "ForexCharge", 31055 },
  { "InflationAdjustment", 5934 },
};

typedef struct
{
  const char *number;
  const char *name;
  gint64      last_vend;
  gint64      vend_day;
  guint       vends_that_day;
} Meter;

typedef struct
{
  const char *number;
  const char *name;
  PdMoney     balance;
} Account;

typedef struct
{
  Kind         kind;
  gint64       id;
  const char  *ref;
  Meter       *meter;
  Account     *account;
  PdMoney      amount;
  gint64       created;
  gint64       queued_until;
  gint64       pending_until;
  const char  *failure_code;
  const char  *failure_message;
  const char  *token;
  const char  *receipt;
} Transaction;

typedef struct
{
  PdSandboxProvider *provider;
  const char        *password;
  PdMoney            balance;
  Meter             *meters;
  Account           *accounts;
  guint              n_records;
  GHashTable        *keys;
  GHashTable        *transactions;
  gint64             next_vend_id;
  gint64             next_bill_id;
} PawaCard;

static PdMoney
kes (gint64 shillings)
{
  PdMoney money;

  pd_money_init (&money, shillings, 0, CURRENCY);
  return money;
}

/* Numbers */

static gboolean
all_digits (const char *text,
            gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }

  return TRUE;
}

static guint64
parse_digits (const char *text,
              gsize       length)
{
  guint64 value = 0;

  for (gsize i = 0; i < length; i++)
    value = value * 10 + (guint64)(text[i] - '0');

  return value;
}

static Meter *
find_meter (PawaCard   *self,
            const char *number)
{
  guint64 index;

  if (strlen (number) != METER_LENGTH || !pd_luhn_is_valid (number, -1) ||
      !g_str_has_prefix (number, METER_PREFIX))
    return NULL;

  index = parse_digits (number + strlen (METER_PREFIX), METER_LENGTH - strlen (METER_PREFIX) - 1);
  if (index < 1 || index > self->n_records)
    return NULL;

  return &self->meters[index - 1];
}

static Account *
find_account (PawaCard   *self,
              const char *number)
{
  guint64 index;

  if (strlen (number) != 10 || !all_digits (number, 7) || number[7] != '-' ||
      strcmp (number + 8, "01") != 0)
    return NULL;

  index = parse_digits (number, 7);
  if (index <= ACCOUNT_BASE || index > ACCOUNT_BASE + (guint64)self->n_records)
    return NULL;

  return &self->accounts[index - ACCOUNT_BASE - 1];
}

/* "11-4-2014 20:24:7" as in the document: day, month, year, then the time,
 * nothing padded, in Nairobi time. */
static char *
format_date (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time + NAIROBI_OFFSET);

  return g_strdup_printf ("%d-%d-%d %d:%d:%d",
                          g_date_time_get_day_of_month (time),
                          g_date_time_get_month (time),
                          g_date_time_get_year (time),
                          g_date_time_get_hour (time),
                          g_date_time_get_minute (time),
                          g_date_time_get_second (time));
}

static gint64
nairobi_day (gint64 unix_time)
{
  return (unix_time + NAIROBI_OFFSET) / DAY;
}

/* Answers */

static void
write_amount (PdJsonWriter  *writer,
              const char    *member,
              const PdMoney *money)
{
  g_autofree char *text = pd_money_to_plain_scale (money, 0);

  pd_sandbox_write_string (writer, member, text);
}

static void
begin_answer (PdJsonWriter *writer,
              int           status,
              const char   *msg)
{
  pd_json_writer_begin_object (writer);
  pd_sandbox_write_int (writer, "status", status);
  pd_sandbox_write_string (writer, "msg", msg);
}

/* A refusal in the document's general shape, answered with HTTP 200 like
 * every answer the document shows. */
static void
refuse (PdSandboxRequest *request,
        int               status,
        const char       *code,
        const char       *msg)
{
  PdJsonWriter *writer = pd_json_writer_new ();

  begin_answer (writer, status, msg);
  if (code != NULL)
    pd_sandbox_write_string (writer, "code", code);
  pd_json_writer_end_object (writer);

  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

/* Answers that are not PawaCard's own (an unknown path, a bad body, a
 * refused key, an armed fault) keep the same shape with an HTTP status. */
static void
write_error (PdSandboxProvider *provider,
             PdSandboxRequest  *request,
             guint              status,
             const char        *code,
             const char        *message)
{
  PdJsonWriter *writer = pd_json_writer_new ();

  begin_answer (writer, STATUS_FAILED, message);
  if (code != NULL)
    pd_sandbox_write_string (writer, "code", code);
  pd_json_writer_end_object (writer);

  pd_sandbox_request_respond_json (request, status, writer);
}

static void
refuse_meter (PdSandboxRequest *request,
              const char       *meter)
{
  g_autofree char *msg = NULL;

  msg = g_strdup_printf ("The specified MSNO %s did not pass the Luhn validation. "
                         "Please specify a valid MSNO. ALERT ID-010072 Contact the "
                         "Support services for assistance if required.", meter);
  refuse (request, STATUS_FAILED, "elec100", msg);
}

static TransactionStatus
transaction_status (PawaCard    *self,
                    Transaction *transaction)
{
  gint64 now = pd_sandbox_provider_now (self->provider);

  if (transaction->failure_code != NULL)
    return TRANSACTION_FAILED;
  if (now < transaction->queued_until)
    return TRANSACTION_QUEUED;
  if (now < transaction->pending_until)
    return TRANSACTION_PENDING;

  return TRANSACTION_COMPLETE;
}

static void
write_fixed (PdJsonWriter  *writer,
             const PdMoney *amount,
             gint64        *energy_mils)
{
  gint64 total_mils = amount->units * 1000;

  *energy_mils = total_mils;
  pd_json_writer_member (writer, "fixed");
  pd_json_writer_begin_array (writer);
  for (guint i = 0; i < G_N_ELEMENTS (fixed_charges); i++)
    {
      /* Rounded half up to the thousandth; the document's example of 200
       * comes out exactly. */
      gint64 mils = (total_mils * fixed_charges[i].mils_per_200 + 100000) / 200000;
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, mils);

      *energy_mils -= mils;
      pd_json_writer_begin_object (writer);
      pd_sandbox_write_string (writer, fixed_charges[i].name, text);
      pd_json_writer_end_object (writer);
    }
  pd_json_writer_end_array (writer);
}

static void
write_units (PdJsonWriter *writer,
             gint64        energy_mils)
{
  gint64 hundredths = MAX (energy_mils, 0) * 100 / TARIFF_MILS_PER_KWH;
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT,
                                           hundredths / 100, hundredths % 100);

  pd_sandbox_write_string (writer, "units", text);
}

/* What /vend and /transaction answer for a vend. */
static void
respond_vend (PawaCard         *self,
              PdSandboxRequest *request,
              Transaction      *vend)
{
  PdJsonWriter *writer = pd_json_writer_new ();
  TransactionStatus status = transaction_status (self, vend);

  if (status == TRANSACTION_COMPLETE)
    {
      g_autofree char *date = format_date (vend->created);
      gint64 energy_mils = 0;

      begin_answer (writer, STATUS_SUCCESS, "success");
      pd_sandbox_write_string (writer, "code", "elec000");
      pd_sandbox_write_string (writer, "token", vend->token);
      pd_sandbox_write_string (writer, "stdTokenRctNum", vend->receipt);
      pd_sandbox_write_string (writer, "date", date);
      write_amount (writer, "totalAmount", &vend->amount);
      pd_sandbox_write_int (writer, "transactionId", vend->id);
      write_fixed (writer, &vend->amount, &energy_mils);
      write_units (writer, energy_mils);
      pd_sandbox_write_string (writer, "ref", vend->ref);
      pd_sandbox_write_string (writer, "customerName", vend->meter->name);
      pd_json_writer_end_object (writer);
    }
  else
    {
      const char *msg = status == TRANSACTION_FAILED ? vend->failure_message : "";

      begin_answer (writer, STATUS_FAILED, msg);
      if (status == TRANSACTION_FAILED)
        pd_sandbox_write_string (writer, "code", vend->failure_code);
      pd_json_writer_member (writer, "transaction");
      begin_answer (writer, status,
                    status == TRANSACTION_FAILED ? vend->failure_message
                                                 : "transaction still pending");
      pd_sandbox_write_int (writer, "transactionId", vend->id);
      pd_sandbox_write_string (writer, "ref", vend->ref);
      pd_json_writer_end_object (writer);
      pd_json_writer_end_object (writer);
    }

  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

/* What /postpaidbill and /postpaidtransaction answer for a bill, in the
 * document's order of members. */
static void
respond_bill (PawaCard         *self,
              PdSandboxRequest *request,
              Transaction      *bill)
{
  PdJsonWriter *writer = pd_json_writer_new ();
  TransactionStatus status = transaction_status (self, bill);
  g_autofree char *date = format_date (bill->created);

  switch (status)
    {
    case TRANSACTION_COMPLETE:
      begin_answer (writer, STATUS_SUCCESS, "success");
      break;
    case TRANSACTION_FAILED:
      begin_answer (writer, STATUS_FAILED, "");
      break;
    case TRANSACTION_QUEUED:
    case TRANSACTION_PENDING:
    default:
      begin_answer (writer, STATUS_FAILED, "success");
      break;
    }

  pd_json_writer_member (writer, "transaction");
  pd_json_writer_begin_object (writer);
  pd_sandbox_write_int (writer, "status", status);
  if (status == TRANSACTION_COMPLETE)
    pd_sandbox_write_string (writer, "rctNum", bill->receipt);
  pd_sandbox_write_string (writer, "vendor", USERNAME);
  pd_sandbox_write_string (writer, "accountNo", bill->account->number);
  if (status != TRANSACTION_COMPLETE)
    pd_sandbox_write_string (writer, "msg",
                             status == TRANSACTION_FAILED ? bill->failure_message
                                                          : "transaction still pending");
  write_amount (writer, "amount", &bill->amount);
  pd_sandbox_write_string (writer, "date", date);
  pd_sandbox_write_int (writer, "transactionId", bill->id);
  pd_sandbox_write_string (writer, "ref", bill->ref);
  pd_sandbox_write_string (writer, "customerName", bill->account->name);
  pd_json_writer_end_object (writer);
  pd_json_writer_end_object (writer);

  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

/* Reading requests */

static JsonObject *
parse_body (PdSandboxRequest *request)
{
  g_autoptr(GError) error = NULL;
  JsonObject *body = pd_sandbox_request_parse_object (request, &error);

  if (body == NULL)
    pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, NULL,
                               "The request body is not a JSON object: %s", error->message);

  return body;
}

/* A member that must be a string if it is there at all. */
static gboolean
read_string (PdSandboxRequest  *request,
             JsonObject        *body,
             const char        *member,
             const char       **out)
{
  g_autoptr(GError) error = NULL;

  if (!pd_sandbox_json_get_string (body, member, out, &error))
    {
      pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, NULL, error->message);
      return FALSE;
    }

  return TRUE;
}

/* Every request but /login carries the vendor's username and a key from
 * /login that has not expired. */
static JsonObject *
authenticate_body (PawaCard         *self,
                   PdSandboxRequest *request)
{
  g_autoptr(JsonObject) body = parse_body (request);
  const char *username = NULL;
  const char *key = NULL;
  gint64 *expires;

  if (body == NULL ||
      !read_string (request, body, "username", &username) ||
      !read_string (request, body, "key", &key))
    return NULL;

  if (username == NULL || *username == '\0' || key == NULL || *key == '\0')
    {
      pd_sandbox_request_error (request, SOUP_STATUS_UNAUTHORIZED, NULL,
                                "The username and key are required. Log in for a key.");
      return NULL;
    }

  expires = g_hash_table_lookup (self->keys, key);
  if (expires != NULL && pd_sandbox_provider_now (self->provider) >= *expires)
    {
      g_hash_table_remove (self->keys, key);
      expires = NULL;
    }

  if (expires == NULL || strcmp (username, USERNAME) != 0)
    {
      pd_sandbox_request_error (request, SOUP_STATUS_UNAUTHORIZED, NULL,
                                "Invalid or expired key. Please log in again.");
      return NULL;
    }

  return g_steal_pointer (&body);
}

/* Whole shillings, as a string ("50") or an integer literal (50). */
static gboolean
read_amount (PdSandboxRequest *request,
             JsonObject       *body,
             PdMoney          *out)
{
  JsonNode *node = json_object_get_member (body, "amount");
  g_autofree char *text = NULL;
  PdMoney money;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    {
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        text = g_strdup (json_node_get_string (node));
      else if (json_node_get_value_type (node) == G_TYPE_INT64)
        text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    }

  if (text == NULL ||
      !pd_money_parse (text, CURRENCY, &money, NULL) ||
      !pd_money_rescale (&money, 0, &money, NULL) ||
      money.units < MIN_AMOUNT || money.units > MAX_AMOUNT)
    {
      refuse (request, STATUS_FAILED, NULL,
              "Invalid amount. Give a whole number of shillings "
              "from 10 to 250000, such as \"50\".");
      return FALSE;
    }

  *out = money;
  return TRUE;
}

static gboolean
is_valid_ref (const char *ref)
{
  gsize length;

  if (ref == NULL)
    return FALSE;

  length = strlen (ref);
  if (length == 0 || length > MAX_REF_LENGTH)
    return FALSE;

  for (const char *p = ref; *p; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_ref (PdSandboxRequest  *request,
          JsonObject        *body,
          const char       **out)
{
  if (!read_string (request, body, "ref", out))
    return FALSE;

  if (!is_valid_ref (*out))
    {
      refuse (request, STATUS_BAD_REFERENCE, NULL,
              "Bad reference number. Give a ref of 1 to 40 letters, digits, '-' or '_'.");
      return FALSE;
    }

  return TRUE;
}

/* A ref names one transaction, vend or bill, for good: reusing it is
 * refused however the first one ended. */
static gboolean
ref_is_new (PawaCard         *self,
            PdSandboxRequest *request,
            const char       *ref)
{
  if (!g_hash_table_contains (self->transactions, ref))
    return TRUE;

  refuse (request, STATUS_BAD_REFERENCE, NULL,
          "Bad reference number: this ref has already been used. "
          "Look it up with /transaction or /postpaidtransaction.");
  return FALSE;
}

/* Spaces around a number are dropped: the document's own requests send
 * " 0203754-01". */
static char *
read_number (PdSandboxRequest *request,
             JsonObject       *body,
             const char       *member)
{
  const char *text = NULL;

  if (!read_string (request, body, member, &text))
    return NULL;

  return g_strstrip (g_strdup (text ? text : ""));
}

static gboolean
has_balance_for (PawaCard         *self,
                 PdSandboxRequest *request,
                 const PdMoney    *amount)
{
  int order = 0;

  pd_money_compare (amount, &self->balance, &order, NULL);
  if (order <= 0)
    return TRUE;

  refuse (request, STATUS_INSUFFICIENT_BALANCE, NULL, "Insufficient balance");
  return FALSE;
}

/* Sets how the transaction will end, from its amount; FALSE when it fails
 * and so moves no money. */
static gboolean
decide_outcome (PawaCard    *self,
                Transaction *transaction)
{
  PdSandboxRandom *random = pd_sandbox_provider_get_random (self->provider);
  gint64 now = pd_sandbox_provider_now (self->provider);

  transaction->created = now;
  switch (transaction->amount.units)
    {
    case AMOUNT_FAILED_AT_KPLC:
      transaction->failure_code = "elec001";
      transaction->failure_message = transaction->kind == KIND_BILL
                                     ? "Failed, please try again"
                                     : "Vend failed at Kenya Power: the threshold has changed. "
                                       "Please try again later.";
      return FALSE;

    case AMOUNT_FAILED_ON_ROUTE:
      transaction->failure_code = "elec003";
      transaction->failure_message = transaction->kind == KIND_BILL
                                     ? "Failed, please try again"
                                     : "Transaction failed before reaching Kenya Power. "
                                       "Please try again.";
      return FALSE;

    case AMOUNT_QUEUED:
      transaction->queued_until = now + QUEUED_SECONDS;
      transaction->pending_until = now + PENDING_SECONDS;
      break;

    case AMOUNT_PENDING:
      transaction->pending_until = now + PENDING_SECONDS;
      break;

    default:
      break;
    }

  if (transaction->kind == KIND_VEND)
    {
      g_autoptr(GString) token = g_string_new (NULL);
      char receipt[20] = { 0 };

      pd_sandbox_random_digits (random, token, 20);
      transaction->token = pd_sandbox_provider_intern (self->provider, token->str);
      memcpy (receipt, "RADIXOVS", 8);
      pd_sandbox_random_fill (random, receipt + 8, 11, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
      transaction->receipt = pd_sandbox_provider_intern (self->provider, receipt);
    }
  else
    {
      g_autoptr(GString) receipt = g_string_new (NULL);

      pd_sandbox_random_digits (random, receipt, 18);
      transaction->receipt = pd_sandbox_provider_intern (self->provider, receipt->str);
    }

  return TRUE;
}

static void
apply (PawaCard         *self,
       PdSandboxRequest *request,
       Transaction      *transaction,
       const char       *operation,
       const char       *target)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, transaction->id);

  pd_money_subtract (&self->balance, &transaction->amount, &self->balance, NULL);
  pd_sandbox_request_record (request, operation, target, id, transaction->ref,
                             &transaction->amount);
}

/* Handlers */

static void
handle_login (PdSandboxProvider *provider,
              PdSandboxRequest  *request)
{
  PawaCard *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) body = parse_body (request);
  PdSandboxRandom *random = pd_sandbox_provider_get_random (provider);
  const char *username = NULL;
  const char *password = NULL;
  g_autofree char *key = NULL;
  gint64 *expires;
  PdJsonWriter *writer;

  if (body == NULL ||
      !read_string (request, body, "username", &username) ||
      !read_string (request, body, "password", &password))
    return;

  if (g_strcmp0 (username, USERNAME) != 0 || g_strcmp0 (password, self->password) != 0)
    {
      pd_sandbox_request_error (request, SOUP_STATUS_UNAUTHORIZED, NULL,
                                "Wrong Username or Password");
      return;
    }

  key = pd_sandbox_random_token (random, NULL, KEY_LENGTH);
  expires = g_new (gint64, 1);
  *expires = pd_sandbox_provider_now (provider) + KEY_LIFETIME;
  g_hash_table_insert (self->keys, g_strdup (key), expires);

  writer = pd_json_writer_new ();
  begin_answer (writer, STATUS_SUCCESS, "success");
  write_amount (writer, "balance", &self->balance);
  pd_sandbox_write_string (writer, "key", key);
  pd_json_writer_end_object (writer);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

static void
handle_balance (PdSandboxProvider *provider,
                PdSandboxRequest  *request)
{
  PawaCard *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) body = authenticate_body (self, request);
  PdJsonWriter *writer;

  if (body == NULL)
    return;

  writer = pd_json_writer_new ();
  begin_answer (writer, STATUS_SUCCESS, "success");
  write_amount (writer, "balance", &self->balance);
  pd_json_writer_end_object (writer);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

static void
handle_verify (PdSandboxProvider *provider,
               PdSandboxRequest  *request)
{
  PawaCard *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) body = authenticate_body (self, request);
  g_autofree char *number = NULL;
  PdJsonWriter *writer;
  Meter *meter;

  if (body == NULL || (number = read_number (request, body, "meter")) == NULL)
    return;

  meter = find_meter (self, number);
  if (meter == NULL)
    {
      refuse_meter (request, number);
      return;
    }

  writer = pd_json_writer_new ();
  begin_answer (writer, STATUS_SUCCESS, "success");
  pd_sandbox_write_string (writer, "customerName", meter->name);
  pd_json_writer_end_object (writer);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

static void
handle_vend (PdSandboxProvider *provider,
             PdSandboxRequest  *request)
{
  PawaCard *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) body = authenticate_body (self, request);
  g_autofree char *number = NULL;
  const char *ref = NULL;
  const char *customer_name = NULL;
  Transaction *vend;
  PdMoney amount;
  Meter *meter;
  gint64 now;

  if (body == NULL ||
      !read_ref (request, body, &ref) ||
      !ref_is_new (self, request, ref) ||
      !read_string (request, body, "customerName", &customer_name) ||
      !read_amount (request, body, &amount) ||
      (number = read_number (request, body, "meter")) == NULL)
    return;

  meter = find_meter (self, number);
  if (meter == NULL)
    {
      refuse_meter (request, number);
      return;
    }

  now = pd_sandbox_provider_now (provider);
  if (meter->vend_day == nairobi_day (now) && meter->vends_that_day >= MAX_VENDS_PER_DAY)
    {
      refuse (request, STATUS_DAILY_LIMIT, NULL, "Meter has reached maximum vends allowed per day");
      return;
    }

  if (meter->last_vend != 0 && now - meter->last_vend < THROTTLE_SECONDS)
    {
      refuse (request, STATUS_FAILED, NULL,
              "This transaction has been done too soon from the last one. "
              "Please wait for a few minutes.");
      return;
    }

  if (!has_balance_for (self, request, &amount))
    return;

  vend = g_new0 (Transaction, 1);
  vend->kind = KIND_VEND;
  vend->id = self->next_vend_id++;
  vend->ref = pd_sandbox_provider_intern (provider, ref);
  vend->meter = meter;
  vend->amount = amount;
  g_hash_table_insert (self->transactions, (gpointer)vend->ref, vend);

  if (decide_outcome (self, vend))
    {
      if (meter->vend_day != nairobi_day (now))
        {
          meter->vend_day = nairobi_day (now);
          meter->vends_that_day = 0;
        }
      meter->vends_that_day++;
      meter->last_vend = now;
      apply (self, request, vend, "vend", meter->number);
    }

  respond_vend (self, request, vend);
}

static Transaction *
lookup_transaction (PawaCard         *self,
                    PdSandboxRequest *request,
                    Kind              kind)
{
  g_autoptr(JsonObject) body = authenticate_body (self, request);
  const char *ref = NULL;
  Transaction *transaction;

  if (body == NULL || !read_ref (request, body, &ref))
    return NULL;

  transaction = g_hash_table_lookup (self->transactions, ref);
  if (transaction == NULL || transaction->kind != kind)
    {
      refuse (request, STATUS_NOT_FOUND, NULL, "Transaction not found");
      return NULL;
    }

  return transaction;
}

static void
handle_transaction (PdSandboxProvider *provider,
                    PdSandboxRequest  *request)
{
  PawaCard *self = pd_sandbox_provider_get_state (provider);
  Transaction *vend = lookup_transaction (self, request, KIND_VEND);

  if (vend != NULL)
    respond_vend (self, request, vend);
}

static void
handle_postpaid_verify (PdSandboxProvider *provider,
                        PdSandboxRequest  *request)
{
  PawaCard *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) body = authenticate_body (self, request);
  g_autofree char *number = NULL;
  PdJsonWriter *writer;
  Account *account;

  if (body == NULL || (number = read_number (request, body, "accountNo")) == NULL)
    return;

  account = find_account (self, number);
  if (account == NULL)
    {
      refuse (request, STATUS_FAILED, NULL,
              "Account number not found at Kenya Power. Please check the account number.");
      return;
    }

  writer = pd_json_writer_new ();
  begin_answer (writer, STATUS_SUCCESS, "");
  pd_sandbox_write_string (writer, "customerName", account->name);
  write_amount (writer, "customer_balance", &account->balance);
  pd_json_writer_end_object (writer);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

static void
handle_postpaid_bill (PdSandboxProvider *provider,
                      PdSandboxRequest  *request)
{
  PawaCard *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) body = authenticate_body (self, request);
  g_autofree char *number = NULL;
  const char *ref = NULL;
  const char *customer_name = NULL;
  Transaction *bill;
  Account *account;
  PdMoney amount;

  if (body == NULL ||
      !read_ref (request, body, &ref) ||
      !ref_is_new (self, request, ref) ||
      !read_string (request, body, "customerName", &customer_name) ||
      !read_amount (request, body, &amount) ||
      (number = read_number (request, body, "accountNo")) == NULL)
    return;

  account = find_account (self, number);
  if (account == NULL)
    {
      refuse (request, STATUS_FAILED, NULL,
              "Account number not found at Kenya Power. Please check the account number.");
      return;
    }

  if (!has_balance_for (self, request, &amount))
    return;

  bill = g_new0 (Transaction, 1);
  bill->kind = KIND_BILL;
  bill->id = self->next_bill_id++;
  bill->ref = pd_sandbox_provider_intern (provider, ref);
  bill->account = account;
  bill->amount = amount;
  g_hash_table_insert (self->transactions, (gpointer)bill->ref, bill);

  if (decide_outcome (self, bill))
    {
      pd_money_subtract (&account->balance, &amount, &account->balance, NULL);
      apply (self, request, bill, "bill", account->number);
    }

  respond_bill (self, request, bill);
}

static void
handle_postpaid_transaction (PdSandboxProvider *provider,
                             PdSandboxRequest  *request)
{
  PawaCard *self = pd_sandbox_provider_get_state (provider);
  Transaction *bill = lookup_transaction (self, request, KIND_BILL);

  if (bill != NULL)
    respond_bill (self, request, bill);
}

/* Set-up */

static void
seed (PawaCard *self,
      guint     records)
{
  PdSandboxProvider *provider = self->provider;
  PdSandboxRandom *random = pd_sandbox_provider_get_random (provider);

  self->n_records = records;
  self->meters = g_new0 (Meter, MAX (records, 1));
  self->accounts = g_new0 (Account, MAX (records, 1));

  for (guint i = 0; i < records; i++)
    {
      g_auto(PdSandboxPerson) owner = { 0 };
      g_auto(PdSandboxPerson) holder = { 0 };
      char body[16] = { 0 };

      g_snprintf (body, sizeof body, METER_PREFIX "%07u", i + 1);
      pd_sandbox_person_init (&owner, random, PD_SANDBOX_REGION_KENYA);
      self->meters[i].number = pd_sandbox_provider_intern_printf (provider, "%s%c",
                                                                  body, pd_luhn_check_digit (body, -1));
      self->meters[i].name = pd_sandbox_provider_intern (provider, owner.name);

      pd_sandbox_person_init (&holder, random, PD_SANDBOX_REGION_KENYA);
      self->accounts[i].number = pd_sandbox_provider_intern_printf (provider, "%07u-01",
                                                                    ACCOUNT_BASE + i + 1);
      self->accounts[i].name = pd_sandbox_provider_intern (provider, holder.name);
      self->accounts[i].balance = kes (pd_sandbox_random_percent (random, 20)
                                       ? 0 : pd_sandbox_random_between (random, 150, 15000));
    }
}

static gpointer
create (PdSandboxProvider *provider,
        guint              records)
{
  PawaCard *self = g_new0 (PawaCard, 1);
  PdSandboxRandom *random = pd_sandbox_provider_get_random (provider);

  self->provider = provider;
  self->password = pd_sandbox_provider_take (provider, pd_sandbox_random_token (random, NULL, 16));
  self->balance = kes (pd_sandbox_random_between (random, 250000, 750000));
  self->next_vend_id = pd_sandbox_random_between (random, 1000, 9999);
  self->next_bill_id = pd_sandbox_random_between (random, 100, 999);
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->transactions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  seed (self, records);

  pd_sandbox_provider_set_credential (provider, "username", USERNAME);
  pd_sandbox_provider_set_credential (provider, "password", self->password);

  pd_sandbox_provider_add_route (provider, "POST", "/login", handle_login);
  pd_sandbox_provider_add_route (provider, "POST", "/balance", handle_balance);
  pd_sandbox_provider_add_route (provider, "POST", "/verify", handle_verify);
  pd_sandbox_provider_add_route (provider, "POST", "/vend", handle_vend);
  pd_sandbox_provider_add_route (provider, "POST", "/transaction", handle_transaction);
  pd_sandbox_provider_add_route (provider, "POST", "/postpaidverify", handle_postpaid_verify);
  pd_sandbox_provider_add_route (provider, "POST", "/postpaidbill", handle_postpaid_bill);
  pd_sandbox_provider_add_route (provider, "POST", "/postpaidtransaction",
                                 handle_postpaid_transaction);

  return self;
}

static void
free_state (gpointer state)
{
  PawaCard *self = state;

  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_clear_pointer (&self->transactions, g_hash_table_unref);
  g_free (self->meters);
  g_free (self->accounts);
  g_free (self);
}

const PdSandboxProviderInfo pd_pawacard_sandbox_info = {
  .name = "pawacard",
  .slot = 4,
  .base_path = "/v3",
  .flags = PD_SANDBOX_PROVIDER_FLAGS_NONE,
  .idempotency_header = NULL,
  .create = create,
  .free_state = free_state,
  .authenticate = NULL,
  .write_error = write_error,
};

/* pd-fayapay-client.c - the FayaPay provider: customers, charges, refunds, disbursements
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * How FayaPay is read (see also HACKING.md, "Provider readings" → FayaPay):
 *
 * - Every list is walked oldest first with `StartingAfter` and
 *   `Limit=50`, following `nextCursor` until it is null.
 * - Amounts are integer pesewas and become GHS with two decimals.
 * - The API has no list of sources, only "fetch one", and every charge
 *   names the source it drew on. So a page of charges also carries the
 *   sources of its charges (as cards) and the customers it refers to that
 *   the client has not seen yet, fetched several at a time; their names,
 *   phone numbers and card digits are copied onto the charges so that a
 *   charge can be found by them. When a page names many customers the
 *   client has not seen, it reads the list of customers once instead, and
 *   hands each customer to the first page that names it.
 * - Every POST carries an X-IDEMPOTENCY-KEY: the outbox's key for a money
 *   movement, a fresh random one for anything else. The HTTP layer may then
 *   repeat any request safely, and an outbox entry whose outcome is unknown
 *   is settled by sending it again with the same key.
 */

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "pd-fayapay-client.h"

#define PROVIDER_NAME      "FayaPay"
#define CURRENCY           "GHS"
#define DEFAULT_TIMEZONE   "Africa/Accra"
#define DEFAULT_COUNTRY    "GH"

/* Look-ups made while filling in a page of charges run a few at a time:
 * enough to hide the latency, few enough not to trip a rate limit. The
 * shared session keeps as many connections to one host open
 * (pd-http-session.c); with fewer, the rest would only queue. */
#define MAX_PARALLEL_LOOKUPS 16

/* A page of charges naming at least this many customers the client has not
 * seen makes it read the list of customers once, 50 a request, instead of
 * fetching each customer by itself (the charges of a sync that did not
 * begin with the customers). */
#define CUSTOMER_LIST_THRESHOLD 10

typedef enum
{
  RECORD_CUSTOMER,
  RECORD_CHARGE,
  RECORD_REFUND,
  RECORD_DISBURSEMENT,
  RECORD_PAYOUT,
  RECORD_SOURCE,
} RecordKind;

typedef struct
{
  const char *name;
  const char *path;
  RecordKind  kind;
} ResourceInfo;

/* In sync order: customers first, so that the charges after them find
 * their names already known. */
static const ResourceInfo resources[] = {
  { "customers", "/Customers", RECORD_CUSTOMER },
  { "charges", "/Charges", RECORD_CHARGE },
  { "refunds", "/Refunds", RECORD_REFUND },
  { "disbursements", "/Disbursements", RECORD_DISBURSEMENT },
  { "payouts", "/Payouts", RECORD_PAYOUT },
};

static const char * const resource_names[] = {
  "customers", "charges", "refunds", "disbursements", "payouts", NULL
};

/* What a charge borrows from its customer and its source. An entry with
 * nothing in it stands for a record FayaPay does not know, so that it is
 * not asked for again. */
typedef struct
{
  char *name;
  char *email;
  char *phone;
} CachedCustomer;

typedef struct
{
  char *masked_name;
  char *last4;
  char *owner_name;
  char *owner_email;
  char *owner_phone;
} CachedSource;

/**
 * PdFayapayClient:
 *
 * One FayaPay account's API: the #PdProvider that the sync engine and the
 * outbox use, and the calls beyond it (fetching and changing one record,
 * customers and their sources) for the application and the command line.
 * Every call is asynchronous; records come back normalized.
 */
struct _PdFayapayClient
{
  GObject       parent_instance;

  PdHttpClient *http;
  char         *timezone;
  GTimeZone    *tz;

  GHashTable   *customers;
  GHashTable   *sources;

  /* customer id → PdCustomer read from the list of customers, until a page
   * of charges takes it */
  GHashTable   *listed_customers;
  gboolean      customers_listed;
  gboolean      listing_customers;
};

static void pd_fayapay_client_provider_iface_init (PdProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdFayapayClient, pd_fayapay_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_PROVIDER,
                                                      pd_fayapay_client_provider_iface_init))

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_API_KEY,
  PROP_TIMEZONE,
  PROP_RETRY_DELAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Small helpers */

static void
cached_customer_free (gpointer data)
{
  CachedCustomer *customer = data;

  g_free (customer->name);
  g_free (customer->email);
  g_free (customer->phone);
  g_free (customer);
}

static void
cached_source_free (gpointer data)
{
  CachedSource *source = data;

  g_free (source->masked_name);
  g_free (source->last4);
  g_free (source->owner_name);
  g_free (source->owner_email);
  g_free (source->owner_phone);
  g_free (source);
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

static gboolean invalid (GError     **error,
                         const char  *format,
                         ...) G_GNUC_PRINTF (2, 3);

/* A record that does not say what FayaPay documents. The caller turns this
 * into %PD_PROVIDER_ERROR_MALFORMED, knowing whether money may have moved. */
static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, message);

  return FALSE;
}

static GError *
malformed_error (PdFayapayClient *self,
                 guint            http_status,
                 const GError    *cause,
                 gboolean         outcome_unknown)
{
  PdProviderErrorInfo info = { 0, };

  info.provider_name = pd_http_client_get_provider_name (self->http);
  info.http_status = http_status;
  info.detail = cause != NULL ? cause->message : NULL;
  info.outcome_unknown = outcome_unknown;

  return pd_provider_error_new_full (PD_PROVIDER_ERROR_MALFORMED, &info);
}

static const ResourceInfo *
find_resource (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    if (g_strcmp0 (resources[i].name, name) == 0)
      return &resources[i];

  return NULL;
}

static const ResourceInfo *
resource_for_kind (RecordKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    if (resources[i].kind == kind)
      return &resources[i];

  return NULL;
}

static GDestroyNotify
record_free_func (RecordKind kind)
{
  switch (kind)
    {
    case RECORD_CUSTOMER:
      return (GDestroyNotify)pd_customer_free;
    case RECORD_SOURCE:
      return (GDestroyNotify)pd_card_free;
    case RECORD_CHARGE:
    case RECORD_REFUND:
    case RECORD_DISBURSEMENT:
    case RECORD_PAYOUT:
    default:
      return (GDestroyNotify)pd_transaction_free;
    }
}

/* Requests */

static PdHttpRequest *
new_request (const char *method,
             const char *collection,
             const char *id,
             const char *sub_collection)
{
  PdHttpRequest *request = pd_http_request_new (method, collection);

  if (id != NULL)
    pd_http_request_append_path_segment (request, id);
  if (sub_collection != NULL)
    pd_http_request_append_path_segment (request, sub_collection);

  /* FayaPay replays the first answer to a POST with the same key, so a
   * change that gets no answer can be sent again without doing it twice. */
  if (g_str_equal (method, "POST"))
    {
      g_autofree char *key = g_uuid_string_random ();

      pd_http_request_set_idempotency_key (request, key);
    }

  return request;
}

static PdHttpRequest *
new_list_request (const ResourceInfo *resource,
                  const char         *cursor,
                  guint               limit)
{
  PdHttpRequest *request = pd_http_request_new ("GET", resource->path);

  if (!is_blank (cursor))
    pd_http_request_add_query (request, "StartingAfter", cursor);
  pd_http_request_add_query_int (request, "Limit", limit);

  return request;
}

static void
write_text (PdJsonWriter *writer,
            const char   *member,
            const char   *value)
{
  if (value == NULL)
    return;

  pd_json_writer_member (writer, member);
  pd_json_writer_string (writer, value);
}

static int
compare_keys (const void *a,
              const void *b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* Keys in byte order, so that the same change is always the same body. */
static void
write_metadata (PdJsonWriter *writer,
                GHashTable   *metadata)
{
  g_autofree gpointer *keys = NULL;
  guint n_keys = 0;

  if (metadata == NULL)
    return;

  keys = g_hash_table_get_keys_as_array (metadata, &n_keys);
  qsort (keys, n_keys, sizeof (gpointer), compare_keys);

  pd_json_writer_member (writer, "metadata");
  pd_json_writer_begin_object (writer);
  for (guint i = 0; i < n_keys; i++)
    {
      const char *value = g_hash_table_lookup (metadata, keys[i]);

      pd_json_writer_member (writer, keys[i]);
      pd_json_writer_string (writer, value != NULL ? value : "");
    }
  pd_json_writer_end_object (writer);
}

/* Errors */

/**
 * pd_fayapay_error_code:
 * @code: (nullable): the `code` of a FayaPay ErrorResponse
 * @http_status: the HTTP status it came with
 *
 * Maps a FayaPay error code onto the provider error domain:
 * `authentication_error` is %PD_PROVIDER_ERROR_AUTH; `authorization_error`
 * and `livemode_mismatch` (a test key used on a live object or the reverse)
 * are %PD_PROVIDER_ERROR_FORBIDDEN; `validation_error`, `source_expired`,
 * `currency_mismatch` and `amount_mismatch` are
 * %PD_PROVIDER_ERROR_VALIDATION; `duplicate_reference` and
 * `idempotency_error` are %PD_PROVIDER_ERROR_CONFLICT. `general_error`, a
 * missing code and any code the document does not list follow the HTTP
 * status (pd_provider_error_code_for_http_status()): FayaPay has no code of
 * its own for 404, 405, 406, 429 and 5xx.
 *
 * Returns: the error code
 */
PdProviderError
pd_fayapay_error_code (const char *code,
                       guint       http_status)
{
  static const struct
  {
    const char      *code;
    PdProviderError  error;
  } codes[] = {
    { "authentication_error", PD_PROVIDER_ERROR_AUTH },
    { "authorization_error", PD_PROVIDER_ERROR_FORBIDDEN },
    { "livemode_mismatch", PD_PROVIDER_ERROR_FORBIDDEN },
    { "validation_error", PD_PROVIDER_ERROR_VALIDATION },
    { "source_expired", PD_PROVIDER_ERROR_VALIDATION },
    { "currency_mismatch", PD_PROVIDER_ERROR_VALIDATION },
    { "amount_mismatch", PD_PROVIDER_ERROR_VALIDATION },
    { "duplicate_reference", PD_PROVIDER_ERROR_CONFLICT },
    { "idempotency_error", PD_PROVIDER_ERROR_CONFLICT },
  };

  if (code != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
        if (g_ascii_strcasecmp (code, codes[i].code) == 0)
          return codes[i].error;
    }

  return pd_provider_error_code_for_http_status (http_status);
}

static char *
join_messages (JsonNode *node)
{
  g_autoptr(GString) text = NULL;
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return is_blank (json_node_get_string (node)) ? NULL : g_strdup (json_node_get_string (node));

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  text = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *message;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        continue;

      message = json_node_get_string (element);
      if (is_blank (message))
        continue;

      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, message);
    }

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/* An ErrorResponse: {"object": "error", "code": …, "messages": ["…"]}. */
static void
parse_error_body (PdHttpClient       *client,
                  PdHttpErrorDetails *details,
                  gpointer            user_data)
{
  if (details->root != NULL && JSON_NODE_HOLDS_OBJECT (details->root))
    {
      JsonObject *object = json_node_get_object (details->root);
      const char *code = pd_json_get_string (object, "code");

      if (!is_blank (code))
        details->provider_code = g_strdup (code);
      details->provider_message = join_messages (json_object_get_member (object, "messages"));
    }

  /* Whatever else a proxy or a gateway in front of FayaPay may say. */
  if (details->provider_code == NULL || details->provider_message == NULL)
    pd_http_error_details_parse_default (details);

  details->code = pd_fayapay_error_code (details->provider_code, details->http_status);
}

static gboolean
prepare_request (PdHttpClient   *client,
                 PdHttpRequest  *request,
                 gpointer        user_data,
                 GError        **error)
{
  const char *api_key = user_data;

  if (is_blank (api_key))
    {
      PdProviderErrorInfo info = { 0, };

      info.provider_name = pd_http_client_get_provider_name (client);
      info.detail = _("no API key is set for the account");
      g_propagate_error (error, pd_provider_error_new_full (PD_PROVIDER_ERROR_AUTH, &info));
      return FALSE;
    }

  /* The secret key alone, without "Bearer". */
  pd_http_request_set_header (request, "Authorization", api_key);

  return TRUE;
}

/* Reading records */

static gboolean
parse_time (PdFayapayClient *self,
            const char      *text,
            gint64          *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  g_autoptr(GDateTime) time = NULL;

  /* "2019-06-17 16:06:13" is the same time with a space for the T. */
  if (strlen (copy) > 10 && copy[10] == ' ')
    copy[10] = 'T';

  /* A time without a zone is in the account's time zone. */
  time = g_date_time_new_from_iso8601 (copy, self->tz);
  if (time == NULL)
    return FALSE;

  *out = g_date_time_to_unix (time);
  return TRUE;
}

static char *
dup_text (JsonObject *object,
          const char *member)
{
  g_autofree char *text = pd_json_dup_text (object, member);

  if (text == NULL)
    return NULL;

  g_strstrip (text);
  if (*text == '\0')
    return NULL;

  return g_steal_pointer (&text);
}

static char *
join_words (const char *first,
            const char *second)
{
  if (is_blank (first))
    return is_blank (second) ? NULL : g_strdup (second);
  if (is_blank (second))
    return g_strdup (first);

  return g_strconcat (first, " ", second, NULL);
}

static char *
node_to_json (JsonNode *node)
{
  PdJsonWriter *writer = pd_json_writer_new ();

  pd_json_writer_node (writer, node);

  return pd_json_writer_free_to_string (writer);
}

static JsonObject *
record_object (JsonNode  *node,
               GError   **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, _("a record in the answer is not a JSON object"));
      return NULL;
    }

  return json_node_get_object (node);
}

static char *
read_id (JsonObject  *object,
         GError     **error)
{
  char *id = dup_text (object, "id");

  if (id == NULL)
    invalid (error, _("a record in the answer has no id"));

  return id;
}

static const char *
record_currency (JsonObject *object)
{
  const char *currency = pd_json_get_string (object, "currency");

  /* GHS is the only currency FayaPay supports; a record without one
   * means it. */
  return is_blank (currency) ? CURRENCY : currency;
}

static gboolean
read_amount (JsonObject  *object,
             const char  *member,
             const char  *id,
             gboolean     required,
             PdMoney     *out,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return invalid (error, _("the record %s has no “%s”"), id, member);
      return TRUE;
    }

  if (!pd_json_node_get_money (node, record_currency (object), PD_AMOUNT_MINOR, out, &local_error))
    return invalid (error, _("the “%s” of %s cannot be read: %s"), member, id, local_error->message);

  return TRUE;
}

static gboolean
read_state (JsonObject  *object,
            const char  *id,
            char       **out,
            GError     **error)
{
  *out = dup_text (object, "state");
  if (*out == NULL)
    return invalid (error, _("the record %s has no “%s”"), id, "state");

  return TRUE;
}

static gboolean
read_created_at (PdFayapayClient  *self,
                 JsonObject       *object,
                 const char       *id,
                 gint64           *out,
                 GError          **error)
{
  const char *text = pd_json_get_string (object, "createdAt");

  if (is_blank (text))
    return invalid (error, _("the record %s has no “%s”"), id, "createdAt");
  if (!parse_time (self, text, out))
    return invalid (error, _("the time “%s” of %s cannot be read"), text, id);

  return TRUE;
}

/* ChargeStateValue, RefundStateValue and DisbursementStateValue share
 * their words. One the document does not know is kept as the provider
 * status and shown as indeterminate. */
static PdTransactionState
state_from_word (const char *word)
{
  static const struct
  {
    const char         *word;
    PdTransactionState  state;
  } words[] = {
    { "Pending", PD_TRANSACTION_STATE_PENDING },
    { "Succeeded", PD_TRANSACTION_STATE_SUCCEEDED },
    { "Failed", PD_TRANSACTION_STATE_FAILED },
    { "Refunded", PD_TRANSACTION_STATE_REFUNDED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_ascii_strcasecmp (word, words[i].word) == 0)
      return words[i].state;

  return PD_TRANSACTION_STATE_INDETERMINATE;
}

/* A partial refund leaves a charge "Succeeded" with amountRefunded raised. */
static PdTransactionState
charge_state (const PdTransaction *charge)
{
  PdTransactionState state = state_from_word (charge->provider_status);
  int order = 0;

  if (state != PD_TRANSACTION_STATE_SUCCEEDED || !pd_money_is_set (&charge->amount_refunded))
    return state;

  if (pd_money_compare (&charge->amount_refunded, &charge->amount, &order, NULL) && order >= 0)
    return PD_TRANSACTION_STATE_REFUNDED;

  return PD_TRANSACTION_STATE_PARTIALLY_REFUNDED;
}

static PdCustomer *
parse_customer (PdFayapayClient  *self,
                JsonNode         *node,
                GError          **error)
{
  g_autoptr(PdCustomer) customer = pd_customer_new ();
  CachedCustomer *cached;
  JsonObject *object;

  if ((object = record_object (node, error)) == NULL ||
      (customer->provider_id = read_id (object, error)) == NULL ||
      !read_created_at (self, object, customer->provider_id, &customer->created_at, error))
    return NULL;

  customer->name = dup_text (object, "name");
  customer->email = dup_text (object, "email");
  customer->phone = dup_text (object, "phone");
  customer->raw_json = node_to_json (node);

  cached = g_new0 (CachedCustomer, 1);
  cached->name = g_strdup (customer->name);
  cached->email = g_strdup (customer->email);
  cached->phone = g_strdup (customer->phone);
  g_hash_table_replace (self->customers, g_strdup (customer->provider_id), cached);

  return g_steal_pointer (&customer);
}

static PdTransaction *
parse_charge (PdFayapayClient  *self,
              JsonNode         *node,
              char            **source_id,
              GError          **error)
{
  g_autoptr(PdTransaction) charge = pd_transaction_new ();
  JsonObject *object;

  if ((object = record_object (node, error)) == NULL ||
      (charge->provider_id = read_id (object, error)) == NULL ||
      !read_amount (object, "amount", charge->provider_id, TRUE, &charge->amount, error) ||
      !read_amount (object, "amountRefunded", charge->provider_id, FALSE, &charge->amount_refunded, error) ||
      !read_amount (object, "fee", charge->provider_id, FALSE, &charge->fee, error) ||
      !read_state (object, charge->provider_id, &charge->provider_status, error) ||
      !read_created_at (self, object, charge->provider_id, &charge->created_at, error))
    return NULL;

  /* Nothing refunded is no amount refunded. */
  if (pd_money_sign (&charge->amount_refunded) == 0)
    charge->amount_refunded = (PdMoney) { 0, };

  charge->kind = PD_TRANSACTION_KIND_CHARGE;
  charge->state = charge_state (charge);
  charge->reference = dup_text (object, "reference");
  charge->customer_provider_id = dup_text (object, "customerId");
  charge->email = dup_text (object, "receiptEmail");
  charge->phone = dup_text (object, "receiptPhone");
  charge->description = dup_text (object, "description");
  charge->raw_json = node_to_json (node);

  if (source_id != NULL)
    *source_id = dup_text (object, "sourceId");

  return g_steal_pointer (&charge);
}

static PdTransaction *
parse_refund (PdFayapayClient  *self,
              JsonNode         *node,
              GError          **error)
{
  g_autoptr(PdTransaction) refund = pd_transaction_new ();
  JsonObject *object;

  if ((object = record_object (node, error)) == NULL ||
      (refund->provider_id = read_id (object, error)) == NULL ||
      !read_amount (object, "amount", refund->provider_id, TRUE, &refund->amount, error) ||
      !read_state (object, refund->provider_id, &refund->provider_status, error) ||
      !read_created_at (self, object, refund->provider_id, &refund->created_at, error))
    return NULL;

  refund->kind = PD_TRANSACTION_KIND_REFUND;
  refund->state = state_from_word (refund->provider_status);
  refund->reference = dup_text (object, "reference");
  refund->parent_provider_id = dup_text (object, "chargeId");
  refund->description = dup_text (object, "description");
  refund->raw_json = node_to_json (node);

  return g_steal_pointer (&refund);
}

static PdTransaction *
parse_disbursement (PdFayapayClient  *self,
                    JsonNode         *node,
                    GError          **error)
{
  g_autoptr(PdTransaction) disbursement = pd_transaction_new ();
  JsonObject *object;

  if ((object = record_object (node, error)) == NULL ||
      (disbursement->provider_id = read_id (object, error)) == NULL ||
      !read_amount (object, "amount", disbursement->provider_id, TRUE, &disbursement->amount, error) ||
      !read_amount (object, "fee", disbursement->provider_id, FALSE, &disbursement->fee, error) ||
      !read_state (object, disbursement->provider_id, &disbursement->provider_status, error) ||
      !read_created_at (self, object, disbursement->provider_id, &disbursement->created_at, error))
    return NULL;

  disbursement->kind = PD_TRANSACTION_KIND_DISBURSEMENT;
  disbursement->state = state_from_word (disbursement->provider_status);
  disbursement->reference = dup_text (object, "reference");
  disbursement->customer_name = dup_text (object, "recipientName");
  disbursement->email = dup_text (object, "recipientEmail");
  disbursement->phone = dup_text (object, "receiptPhone");
  disbursement->counterparty = dup_text (object, "recipientAccountNumber");
  disbursement->description = dup_text (object, "description");
  disbursement->raw_json = node_to_json (node);

  return g_steal_pointer (&disbursement);
}

static PdTransaction *
parse_payout (PdFayapayClient  *self,
              JsonNode         *node,
              GError          **error)
{
  g_autoptr(PdTransaction) payout = pd_transaction_new ();
  g_autofree char *bank = NULL;
  g_autofree char *number = NULL;
  JsonObject *object;

  if ((object = record_object (node, error)) == NULL ||
      (payout->provider_id = read_id (object, error)) == NULL ||
      !read_amount (object, "amount", payout->provider_id, TRUE, &payout->amount, error) ||
      !read_created_at (self, object, payout->provider_id, &payout->created_at, error))
    return NULL;

  /* A PayoutDTO has no state: it lists money that was paid out. */
  payout->kind = PD_TRANSACTION_KIND_PAYOUT;
  payout->state = PD_TRANSACTION_STATE_SUCCEEDED;
  payout->reference = dup_text (object, "reference");
  bank = dup_text (object, "settlementAccountProvider");
  number = dup_text (object, "settlementAccountNumber");
  payout->counterparty = join_words (bank, number);
  payout->raw_json = node_to_json (node);

  return g_steal_pointer (&payout);
}

/* "MTN ******4567" → "4567"; NULL when fewer than four digits show. */
static char *
last_four_digits (const char *masked)
{
  char digits[5] = { 0, };
  guint n = 0;

  if (masked == NULL)
    return NULL;

  for (const char *p = masked + strlen (masked); p > masked && n < 4; p--)
    if (g_ascii_isdigit (p[-1]))
      digits[3 - n++] = p[-1];

  return n == 4 ? g_strdup (digits) : NULL;
}

/* Where the number starts: the first digit or mask character. */
static const char *
number_start (const char *masked)
{
  for (const char *p = masked; *p != '\0'; p++)
    if (g_ascii_isdigit (*p) || *p == '*' || *p == '#')
      return p;

  return NULL;
}

/* The number of a masked name with every digit but the last four masked,
 * whatever FayaPay chose to show: "MTN ******4567" → "******4567". */
static char *
mask_number (const char *masked)
{
  const char *start;
  char *number;
  guint digits = 0;
  guint seen = 0;

  if (masked == NULL || (start = number_start (masked)) == NULL)
    return NULL;

  number = g_strdup (start);
  for (char *p = number; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      digits++;

  for (char *p = number; *p != '\0'; p++)
    if (g_ascii_isdigit (*p) && digits - seen++ > 4)
      *p = '*';

  return number;
}

/* "MTN ******4567" → "MTN": the network or scheme before the number. */
static char *
brand_of (const char *masked)
{
  const char *start;
  g_autofree char *brand = NULL;

  if (masked == NULL || (start = number_start (masked)) == NULL)
    return NULL;

  brand = g_strstrip (g_strndup (masked, start - masked));

  return *brand != '\0' ? g_steal_pointer (&brand) : NULL;
}

static PdCard *
parse_source (PdFayapayClient  *self,
              JsonNode         *node,
              GError          **error)
{
  g_autoptr(PdCard) card = pd_card_new ();
  g_autofree char *masked_name = NULL;
  CachedSource *cached;
  JsonObject *owner = NULL;
  JsonObject *object;
  JsonNode *owner_node;

  if ((object = record_object (node, error)) == NULL ||
      (card->provider_id = read_id (object, error)) == NULL ||
      !read_created_at (self, object, card->provider_id, &card->created_at, error))
    return NULL;

  owner_node = json_object_get_member (object, "owner");
  if (owner_node != NULL && JSON_NODE_HOLDS_OBJECT (owner_node))
    owner = json_node_get_object (owner_node);

  masked_name = dup_text (object, "maskedName");
  card->customer_provider_id = dup_text (object, "customerId");
  card->last4 = last_four_digits (masked_name);
  card->masked_pan = mask_number (masked_name);
  card->brand = brand_of (masked_name);
  if (card->brand == NULL)
    card->brand = dup_text (object, "type");
  card->holder_name = owner != NULL ? dup_text (owner, "name") : NULL;
  card->raw_json = node_to_json (node);

  cached = g_new0 (CachedSource, 1);
  cached->last4 = g_strdup (card->last4);
  cached->masked_name = join_words (card->brand, card->masked_pan);
  if (owner != NULL)
    {
      cached->owner_name = dup_text (owner, "name");
      cached->owner_email = dup_text (owner, "email");
      cached->owner_phone = dup_text (owner, "phone");
    }
  g_hash_table_replace (self->sources, g_strdup (card->provider_id), cached);

  return g_steal_pointer (&card);
}

static gpointer
parse_record (PdFayapayClient  *self,
              RecordKind        kind,
              JsonNode         *node,
              char            **source_id,
              GError          **error)
{
  switch (kind)
    {
    case RECORD_CUSTOMER:
      return parse_customer (self, node, error);
    case RECORD_CHARGE:
      return parse_charge (self, node, source_id, error);
    case RECORD_REFUND:
      return parse_refund (self, node, error);
    case RECORD_DISBURSEMENT:
      return parse_disbursement (self, node, error);
    case RECORD_PAYOUT:
      return parse_payout (self, node, error);
    case RECORD_SOURCE:
      return parse_source (self, node, error);
    default:
      g_assert_not_reached ();
    }
}

static void
replace_text (char       **field,
              const char  *value)
{
  if (value == NULL)
    return;

  g_free (*field);
  *field = g_strdup (value);
}

static void
fill_if_missing (char       **field,
                 const char  *value)
{
  if (*field == NULL)
    replace_text (field, value);
}

/* Copies onto a charge what its customer and its source say about the
 * payer, so that the charge is found by name, phone number or card digits:
 * the customer's own details first, then where the receipt went, then the
 * source's owner (a charge of an anonymous wallet has only that). */
static void
fill_charge (PdFayapayClient *self,
             PdTransaction   *charge,
             const char      *source_id)
{
  CachedCustomer *customer = NULL;
  CachedSource *source = NULL;

  if (charge->customer_provider_id != NULL)
    customer = g_hash_table_lookup (self->customers, charge->customer_provider_id);
  if (source_id != NULL)
    source = g_hash_table_lookup (self->sources, source_id);

  if (customer != NULL)
    {
      replace_text (&charge->customer_name, customer->name);
      replace_text (&charge->email, customer->email);
      replace_text (&charge->phone, customer->phone);
    }

  if (source != NULL)
    {
      fill_if_missing (&charge->customer_name, source->owner_name);
      fill_if_missing (&charge->email, source->owner_email);
      fill_if_missing (&charge->phone, source->owner_phone);
      replace_text (&charge->card_last4, source->last4);
      replace_text (&charge->counterparty, source->masked_name);
    }
}

static gboolean
check_response (PdFayapayClient  *self,
                PdHttpResponse   *response,
                gboolean          changes,
                GError          **error)
{
  guint status = pd_http_response_get_status (response);

  if (status < 200 || status >= 300 || pd_http_response_get_root (response) == NULL)
    {
      g_autoptr(GError) cause = NULL;

      invalid (&cause, _("the answer has no body"));
      g_propagate_error (error, malformed_error (self, status, cause, changes));
      return FALSE;
    }

  return TRUE;
}

/* Requests for one record */

typedef struct
{
  RecordKind  kind;
  gboolean    changes;
  PdPage     *page;
} RecordData;

static void
record_data_free (gpointer pointer)
{
  RecordData *data = pointer;

  g_clear_pointer (&data->page, pd_page_unref);
  g_free (data);
}

static GTask *
record_task_new (PdFayapayClient     *self,
                 RecordKind           kind,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  RecordData *data = g_new0 (RecordData, 1);

  g_task_set_source_tag (task, source_tag);
  data->kind = kind;
  g_task_set_task_data (task, data, record_data_free);

  return task;
}

static gboolean
check_id (GTask      *task,
          const char *id)
{
  if (!is_blank (id))
    return TRUE;

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("No FayaPay id was given"));
  return FALSE;
}

static gpointer
record_finish (PdFayapayClient  *self,
               GAsyncResult     *result,
               gpointer          source_tag,
               GError          **error)
{
  g_return_val_if_fail (PD_IS_FAYAPAY_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void enrich_page_async  (PdFayapayClient      *self,
                                PdPage               *page,
                                GPtrArray            *source_ids,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data);
static gboolean enrich_page_finish (PdFayapayClient  *self,
                                    GAsyncResult     *result,
                                    GError          **error);

static void
on_record_enriched (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  PdFayapayClient *self = PD_FAYAPAY_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  RecordData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!enrich_page_finish (self, result, &error))
    {
      if (g_task_return_error_if_cancelled (task))
        return;

      /* The charge itself arrived (and an update was applied); only the
       * details borrowed from its customer or source are missing. */
      g_debug ("%s: the details of a charge could not be filled in: %s",
               PROVIDER_NAME, error->message);
    }

  g_task_return_pointer (task,
                         g_ptr_array_steal_index (data->page->transactions, 0),
                         (GDestroyNotify)pd_transaction_free);
}

static void
on_record_response (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdFayapayClient *self = g_task_get_source_object (task);
  RecordData *data = g_task_get_task_data (task);
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GPtrArray) source_ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source_id = NULL;
  GCancellable *cancellable;
  gpointer record;

  response = pd_http_client_request_finish (PD_HTTP_CLIENT (object), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!check_response (self, response, data->changes, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  record = parse_record (self, data->kind, pd_http_response_get_root (response), &source_id, &error);
  if (record == NULL)
    {
      g_task_return_error (task, malformed_error (self, pd_http_response_get_status (response),
                                                  error, data->changes));
      return;
    }

  if (data->kind != RECORD_CHARGE)
    {
      g_task_return_pointer (task, record, record_free_func (data->kind));
      return;
    }

  data->page = pd_page_new ("charges");
  g_ptr_array_add (data->page->transactions, record);
  source_ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (source_ids, g_steal_pointer (&source_id));

  /* The cancellable is read before the task is handed on. */
  cancellable = g_task_get_cancellable (task);
  enrich_page_async (self, data->page, source_ids, cancellable,
                     on_record_enriched, g_steal_pointer (&task));
}

static void
send_record_request (PdFayapayClient *self,
                     PdHttpRequest   *request,
                     GTask           *task)
{
  RecordData *data = g_task_get_task_data (task);

  data->changes = !g_str_equal (pd_http_request_get_method (request), "GET");
  pd_http_client_request_async (self->http, request, g_task_get_cancellable (task),
                                on_record_response, task);
}

/* Filling in a page of charges */

typedef struct
{
  RecordKind  kind;
  char       *id;
  GTask      *task;
} Lookup;

typedef struct
{
  PdPage    *page;
  GPtrArray *source_ids;
  GPtrArray *lookups;
  guint      next;
  guint      in_flight;
  GError    *error;
  char      *list_cursor;
} EnrichData;

static void
lookup_free (gpointer pointer)
{
  Lookup *lookup = pointer;

  g_assert (lookup->task == NULL);
  g_free (lookup->id);
  g_free (lookup);
}

static void
enrich_data_free (gpointer pointer)
{
  EnrichData *data = pointer;

  g_clear_pointer (&data->page, pd_page_unref);
  g_clear_pointer (&data->source_ids, g_ptr_array_unref);
  g_clear_pointer (&data->lookups, g_ptr_array_unref);
  g_clear_error (&data->error);
  g_free (data->list_cursor);
  g_free (data);
}

static void
add_lookup (EnrichData *data,
            GHashTable *queued,
            GHashTable *known,
            RecordKind  kind,
            const char *id)
{
  Lookup *lookup;

  if (id == NULL || g_hash_table_contains (known, id) || g_hash_table_contains (queued, id))
    return;

  lookup = g_new0 (Lookup, 1);
  lookup->kind = kind;
  lookup->id = g_strdup (id);
  g_hash_table_add (queued, lookup->id);
  g_ptr_array_add (data->lookups, lookup);
}

static void enrich_pump (GTask *task);

static void
on_lookup_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  PdFayapayClient *self = PD_FAYAPAY_CLIENT (object);
  Lookup *lookup = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&lookup->task);
  EnrichData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gpointer record;

  data->in_flight--;
  record = record_finish (self, result, enrich_pump, &error);

  if (record != NULL)
    {
      if (lookup->kind == RECORD_CUSTOMER)
        g_ptr_array_add (data->page->customers, record);
      else
        g_ptr_array_add (data->page->cards, record);
    }
  else if (g_error_matches (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NOT_FOUND))
    {
      /* Remembered as unknown, so that it is not asked for again. */
      if (lookup->kind == RECORD_CUSTOMER)
        g_hash_table_replace (self->customers, g_strdup (lookup->id), g_new0 (CachedCustomer, 1));
      else
        g_hash_table_replace (self->sources, g_strdup (lookup->id), g_new0 (CachedSource, 1));
    }
  else if (data->error == NULL)
    {
      data->error = g_steal_pointer (&error);
    }

  enrich_pump (task);
}

static void
enrich_pump (GTask *task)
{
  PdFayapayClient *self = g_task_get_source_object (task);
  EnrichData *data = g_task_get_task_data (task);

  while (data->error == NULL &&
         data->in_flight < MAX_PARALLEL_LOOKUPS &&
         data->next < data->lookups->len)
    {
      Lookup *lookup = g_ptr_array_index (data->lookups, data->next++);
      g_autoptr(PdHttpRequest) request = NULL;
      GTask *fetch;

      request = new_request ("GET", lookup->kind == RECORD_CUSTOMER ? "/Customers" : "/Sources",
                             lookup->id, NULL);
      lookup->task = g_object_ref (task);
      fetch = record_task_new (self, lookup->kind, enrich_pump, g_task_get_cancellable (task),
                               on_lookup_done, lookup);
      data->in_flight++;
      send_record_request (self, request, fetch);
    }

  if (data->in_flight > 0)
    return;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (data->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&data->error));
      return;
    }

  for (guint i = 0; i < data->page->transactions->len; i++)
    {
      PdTransaction *transaction = g_ptr_array_index (data->page->transactions, i);

      if (transaction->kind == PD_TRANSACTION_KIND_CHARGE)
        fill_charge (self, transaction,
                     i < data->source_ids->len ? g_ptr_array_index (data->source_ids, i) : NULL);
    }

  g_task_return_boolean (task, TRUE);
}

/* Queues the look-ups of the customers and sources @task's page refers to
 * that are not known yet, and starts them. A customer read from the list
 * goes to the page, which is the first to name it. Takes @task_in. */
static void
enrich_start (GTask *task_in)
{
  g_autoptr(GTask) task = task_in;
  PdFayapayClient *self = g_task_get_source_object (task);
  EnrichData *data = g_task_get_task_data (task);
  g_autoptr(GHashTable) queued = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < data->page->transactions->len; i++)
    {
      PdTransaction *transaction = g_ptr_array_index (data->page->transactions, i);
      const char *customer_id = transaction->customer_provider_id;
      gpointer listed_id = NULL;
      gpointer listed = NULL;

      if (transaction->kind != PD_TRANSACTION_KIND_CHARGE)
        continue;

      if (customer_id != NULL &&
          g_hash_table_steal_extended (self->listed_customers, customer_id, &listed_id, &listed))
        {
          g_free (listed_id);
          g_ptr_array_add (data->page->customers, listed);
        }

      add_lookup (data, queued, self->customers, RECORD_CUSTOMER, customer_id);
      if (i < data->source_ids->len)
        add_lookup (data, queued, self->sources, RECORD_SOURCE,
                    g_ptr_array_index (data->source_ids, i));
    }

  enrich_pump (task);
}

static void list_customers_next (GTask *task);

static JsonArray *read_list (JsonNode    *root,
                             const char  *cursor,
                             char       **next_cursor,
                             GError     **error);

static void
on_customers_listed (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdFayapayClient *self = g_task_get_source_object (task);
  EnrichData *data = g_task_get_task_data (task);
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next_cursor = NULL;
  JsonArray *array = NULL;

  response = pd_http_client_request_finish (PD_HTTP_CLIENT (object), result, &error);

  if (g_task_return_error_if_cancelled (task))
    {
      self->listing_customers = FALSE;
      return;
    }

  if (response != NULL && check_response (self, response, FALSE, &error))
    array = read_list (pd_http_response_get_root (response), data->list_cursor, &next_cursor, &error);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      PdCustomer *customer = parse_customer (self, json_array_get_element (array, i), NULL);

      /* One the list cannot describe is fetched by itself, as before. */
      if (customer != NULL)
        g_hash_table_replace (self->listed_customers, g_strdup (customer->provider_id), customer);
    }

  /* The list failed: the customers still unknown are fetched one by one,
   * which reports the error if it is the account's. */
  if (array == NULL || next_cursor == NULL)
    {
      if (array == NULL)
        g_debug ("%s: the list of customers could not be read (%s); fetching them one by one",
                 PROVIDER_NAME, error != NULL ? error->message : "");
      self->listing_customers = FALSE;
      self->customers_listed = TRUE;
      enrich_start (g_steal_pointer (&task));
      return;
    }

  g_free (data->list_cursor);
  data->list_cursor = g_steal_pointer (&next_cursor);
  list_customers_next (g_steal_pointer (&task));
}

static void
list_customers_next (GTask *task)
{
  PdFayapayClient *self = g_task_get_source_object (task);
  EnrichData *data = g_task_get_task_data (task);
  g_autoptr(PdHttpRequest) request = NULL;

  request = new_list_request (find_resource ("customers"), data->list_cursor, PD_FAYAPAY_PAGE_SIZE);
  pd_http_client_request_async (self->http, request, g_task_get_cancellable (task),
                                on_customers_listed, task);
}

/* Looks up the customers and sources the charges of @page refer to that
 * are not known yet, adds them to @page, and copies their details onto the
 * charges. @source_ids holds each transaction's source id, or %NULL. A
 * customer or source FayaPay does not know is skipped; any other failure
 * fails the whole page. */
static void
enrich_page_async (PdFayapayClient     *self,
                   PdPage              *page,
                   GPtrArray           *source_ids,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) unknown = NULL;
  EnrichData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, enrich_page_async);

  data = g_new0 (EnrichData, 1);
  data->page = pd_page_ref (page);
  data->source_ids = g_ptr_array_ref (source_ids);
  data->lookups = g_ptr_array_new_with_free_func (lookup_free);
  g_task_set_task_data (task, data, enrich_data_free);

  if (self->customers_listed || self->listing_customers)
    {
      enrich_start (g_steal_pointer (&task));
      return;
    }

  unknown = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < page->transactions->len; i++)
    {
      PdTransaction *transaction = g_ptr_array_index (page->transactions, i);
      const char *id = transaction->customer_provider_id;

      if (transaction->kind == PD_TRANSACTION_KIND_CHARGE && id != NULL &&
          !g_hash_table_contains (self->customers, id))
        g_hash_table_add (unknown, (gpointer)id);
    }

  if (g_hash_table_size (unknown) < CUSTOMER_LIST_THRESHOLD)
    {
      enrich_start (g_steal_pointer (&task));
      return;
    }

  self->listing_customers = TRUE;
  list_customers_next (g_steal_pointer (&task));
}

static gboolean
enrich_page_finish (PdFayapayClient  *self,
                    GAsyncResult     *result,
                    GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == enrich_page_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Lists */

static JsonArray *
read_list (JsonNode    *root,
           const char  *cursor,
           char       **next_cursor,
           GError     **error)
{
  JsonObject *object;
  JsonNode *data;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      invalid (error, _("the answer is not a list"));
      return NULL;
    }

  object = json_node_get_object (root);
  data = json_object_get_member (object, "data");
  if (data == NULL || !JSON_NODE_HOLDS_ARRAY (data))
    {
      invalid (error, _("the list has no “data” array"));
      return NULL;
    }

  *next_cursor = dup_text (object, "nextCursor");

  /* Following it would ask for the same page forever. */
  if (*next_cursor != NULL && g_strcmp0 (*next_cursor, cursor) == 0)
    {
      g_clear_pointer (next_cursor, g_free);
      invalid (error, _("the list points back at the page it came from"));
      return NULL;
    }

  return json_node_get_array (data);
}

typedef struct
{
  const ResourceInfo *resource;
  char               *cursor;
  PdPage             *page;
  GPtrArray          *source_ids;
} PageData;

static void
page_data_free (gpointer pointer)
{
  PageData *data = pointer;

  g_free (data->cursor);
  g_clear_pointer (&data->page, pd_page_unref);
  g_clear_pointer (&data->source_ids, g_ptr_array_unref);
  g_free (data);
}

static void
on_page_enriched (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PdFayapayClient *self = PD_FAYAPAY_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  PageData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!enrich_page_finish (self, result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, pd_page_ref (data->page), (GDestroyNotify)pd_page_unref);
}

static void
on_page_response (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdFayapayClient *self = g_task_get_source_object (task);
  PageData *data = g_task_get_task_data (task);
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next_cursor = NULL;
  GCancellable *cancellable;
  JsonArray *array;

  response = pd_http_client_request_finish (PD_HTTP_CLIENT (object), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!check_response (self, response, FALSE, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  array = read_list (pd_http_response_get_root (response), data->cursor, &next_cursor, &error);
  if (array == NULL)
    {
      g_task_return_error (task, malformed_error (self, pd_http_response_get_status (response), error, FALSE));
      return;
    }

  data->page = pd_page_new (data->resource->name);
  data->source_ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *source_id = NULL;
      gpointer record;

      record = parse_record (self, data->resource->kind, json_array_get_element (array, i),
                             &source_id, &error);
      if (record == NULL)
        {
          g_task_return_error (task, malformed_error (self, pd_http_response_get_status (response),
                                                      error, FALSE));
          return;
        }

      if (data->resource->kind == RECORD_CUSTOMER)
        {
          g_ptr_array_add (data->page->customers, record);
        }
      else
        {
          g_ptr_array_add (data->page->transactions, record);
          g_ptr_array_add (data->source_ids, g_steal_pointer (&source_id));
        }
    }

  data->page->next_cursor = g_steal_pointer (&next_cursor);

  if (data->resource->kind != RECORD_CHARGE)
    {
      g_task_return_pointer (task, pd_page_ref (data->page), (GDestroyNotify)pd_page_unref);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  enrich_page_async (self, data->page, data->source_ids, cancellable,
                     on_page_enriched, g_steal_pointer (&task));
}

/* Operations */

typedef struct
{
  PdOperation        *operation;
  const ResourceInfo *resource;
  char               *cursor;
  PdTransaction      *transaction;
  char               *source_id;
  char               *response_json;
  PdPage             *page;
  PdTransaction      *parent;
} OperationData;

static void
operation_data_free (gpointer pointer)
{
  OperationData *data = pointer;

  g_clear_pointer (&data->operation, pd_operation_free);
  g_free (data->cursor);
  g_clear_pointer (&data->transaction, pd_transaction_free);
  g_free (data->source_id);
  g_free (data->response_json);
  g_clear_pointer (&data->page, pd_page_unref);
  g_clear_pointer (&data->parent, pd_transaction_free);
  g_free (data);
}

static gboolean
is_supported_operation (PdOperationKind kind)
{
  return kind == PD_OPERATION_REFUND || kind == PD_OPERATION_CHARGE || kind == PD_OPERATION_DISBURSEMENT;
}

static RecordKind
operation_record_kind (PdOperationKind kind)
{
  switch (kind)
    {
    case PD_OPERATION_REFUND:
      return RECORD_REFUND;
    case PD_OPERATION_CHARGE:
      return RECORD_CHARGE;
    case PD_OPERATION_DISBURSEMENT:
      return RECORD_DISBURSEMENT;
    case PD_OPERATION_COLLECTION:
    case PD_OPERATION_TRANSFER:
    case PD_OPERATION_VEND:
    case PD_OPERATION_BILL:
    case PD_OPERATION_TOPUP:
    default:
      g_assert_not_reached ();
    }
}

static gboolean bad_operation (GError     **error,
                               const char  *format,
                               ...) G_GNUC_PRINTF (2, 3);

/* The operation cannot be sent as it is; nothing was sent. */
static gboolean
bad_operation (GError     **error,
               const char  *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, message);

  return FALSE;
}

static gboolean
amount_in_pesewas (const PdMoney  *amount,
                   gint64         *out,
                   GError        **error)
{
  PdMoney pesewas;

  if (g_ascii_strcasecmp (amount->currency, CURRENCY) != 0)
    return bad_operation (error, _("FayaPay only moves Ghana cedis (GHS), not “%s”"), amount->currency);

  if (!pd_money_rescale (amount, 2, &pesewas, error))
    return FALSE;

  if (pesewas.units <= 0)
    return bad_operation (error, _("The amount to move must be more than zero"));

  *out = pesewas.units;
  return TRUE;
}

static const char *
first_field (const PdOperation *operation,
             const char        *first_name,
             ...) G_GNUC_NULL_TERMINATED;

/* The first of several names a field may go by that has a value. */
static const char *
first_field (const PdOperation *operation,
             const char        *first_name,
             ...)
{
  const char *value = NULL;
  va_list args;

  va_start (args, first_name);
  for (const char *name = first_name; name != NULL && is_blank (value); name = va_arg (args, const char *))
    value = pd_operation_get_field (operation, name);
  va_end (args);

  return is_blank (value) ? NULL : value;
}

static PdHttpRequest *
build_refund (const PdOperation  *operation,
              GError            **error)
{
  g_autoptr(PdHttpRequest) request = NULL;
  PdJsonWriter *writer;
  gint64 pesewas = 0;

  if (is_blank (operation->target_provider_id))
    {
      bad_operation (error, _("The refund names no charge to refund"));
      return NULL;
    }

  /* No amount is a full refund of what is left on the charge. */
  if (pd_money_is_set (&operation->amount) && !amount_in_pesewas (&operation->amount, &pesewas, error))
    return NULL;

  request = new_request ("POST", "/Charges", operation->target_provider_id, "Refunds");
  writer = pd_http_request_get_json_object (request);
  write_text (writer, "reference", operation->reference);
  if (pesewas > 0)
    {
      pd_json_writer_member (writer, "amount");
      pd_json_writer_int (writer, pesewas);
    }
  if (!is_blank (operation->description))
    write_text (writer, "description", operation->description);

  return g_steal_pointer (&request);
}

static PdHttpRequest *
build_charge (const PdOperation  *operation,
              GError            **error)
{
  g_autoptr(PdHttpRequest) request = NULL;
  const char *customer = operation->target_provider_id;
  const char *source = first_field (operation, "source", NULL);
  PdJsonWriter *writer;
  gint64 pesewas = 0;

  if (is_blank (customer))
    customer = first_field (operation, "customer", NULL);

  if (customer == NULL && source == NULL)
    {
      bad_operation (error, _("A charge needs a source or a customer to charge"));
      return NULL;
    }

  if (!pd_money_is_set (&operation->amount))
    {
      bad_operation (error, _("The charge has no amount"));
      return NULL;
    }

  if (!amount_in_pesewas (&operation->amount, &pesewas, error))
    return NULL;

  request = new_request ("POST", "/Charges", NULL, NULL);
  writer = pd_http_request_get_json_object (request);
  write_text (writer, "reference", operation->reference);
  write_text (writer, "source", source);
  write_text (writer, "customer", customer);
  pd_json_writer_member (writer, "amount");
  pd_json_writer_int (writer, pesewas);
  write_text (writer, "currency", CURRENCY);
  write_text (writer, "statementDescriptor", first_field (operation, "statement_descriptor", NULL));
  if (!is_blank (operation->description))
    write_text (writer, "description", operation->description);

  return g_steal_pointer (&request);
}

static PdHttpRequest *
build_disbursement (const PdOperation  *operation,
                    GError            **error)
{
  g_autoptr(PdHttpRequest) request = NULL;
  const char *number = first_field (operation, "account_number", "phone", NULL);
  const char *network = first_field (operation, "account_provider", "network", "bank", NULL);
  const char *country = first_field (operation, "account_country", "country", NULL);
  PdJsonWriter *writer;
  gint64 pesewas = 0;

  if (number == NULL && !is_blank (operation->target_provider_id))
    number = operation->target_provider_id;

  if (number == NULL)
    {
      bad_operation (error, _("A disbursement needs the field “%s”"), "account_number");
      return NULL;
    }

  if (network == NULL)
    {
      bad_operation (error, _("A disbursement needs the field “%s”"), "account_provider");
      return NULL;
    }

  if (!pd_money_is_set (&operation->amount))
    {
      bad_operation (error, _("The disbursement has no amount"));
      return NULL;
    }

  if (!amount_in_pesewas (&operation->amount, &pesewas, error))
    return NULL;

  request = new_request ("POST", "/Disbursements", NULL, NULL);
  writer = pd_http_request_get_json_object (request);
  write_text (writer, "reference", operation->reference);
  pd_json_writer_member (writer, "amount");
  pd_json_writer_int (writer, pesewas);
  write_text (writer, "currency", CURRENCY);
  write_text (writer, "recipientName", first_field (operation, "recipient_name", "name", NULL));
  write_text (writer, "recipientEmail", first_field (operation, "recipient_email", "email", NULL));
  write_text (writer, "recipientAccountProvider", network);
  write_text (writer, "recipientAccountNumber", number);
  write_text (writer, "recipientAccountCountry", country != NULL ? country : DEFAULT_COUNTRY);
  write_text (writer, "statementDescriptor", first_field (operation, "statement_descriptor", NULL));
  if (!is_blank (operation->description))
    write_text (writer, "description", operation->description);

  return g_steal_pointer (&request);
}

static PdHttpRequest *
build_operation_request (const PdOperation  *operation,
                         GError            **error)
{
  g_autoptr(PdHttpRequest) request = NULL;

  if (!is_supported_operation (operation->kind))
    {
      bad_operation (error, _("FayaPay cannot perform a “%s” operation"),
                     pd_operation_kind_to_string (operation->kind));
      return NULL;
    }

  /* The reference makes a second send a 409 even if the key were lost;
   * the key makes it a replay of the first answer. */
  if (is_blank (operation->reference))
    {
      bad_operation (error, _("The operation has no reference"));
      return NULL;
    }

  if (is_blank (operation->idempotency_key))
    {
      bad_operation (error, _("The operation has no idempotency key"));
      return NULL;
    }

  switch (operation->kind)
    {
    case PD_OPERATION_REFUND:
      request = build_refund (operation, error);
      break;
    case PD_OPERATION_CHARGE:
      request = build_charge (operation, error);
      break;
    case PD_OPERATION_DISBURSEMENT:
      request = build_disbursement (operation, error);
      break;
    case PD_OPERATION_COLLECTION:
    case PD_OPERATION_TRANSFER:
    case PD_OPERATION_VEND:
    case PD_OPERATION_BILL:
    case PD_OPERATION_TOPUP:
    default:
      g_assert_not_reached ();
    }

  if (request != NULL)
    pd_http_request_set_idempotency_key (request, operation->idempotency_key);

  return g_steal_pointer (&request);
}

static void
return_operation_result (GTask *task)
{
  OperationData *data = g_task_get_task_data (task);
  PdOperationResult *result;

  result = pd_operation_result_new (g_steal_pointer (&data->transaction));
  result->response_json = g_steal_pointer (&data->response_json);
  if (data->parent != NULL)
    g_ptr_array_add (result->updated, g_steal_pointer (&data->parent));

  g_task_return_pointer (task, result, (GDestroyNotify)pd_operation_result_free);
}

static void
on_operation_enriched (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  PdFayapayClient *self = PD_FAYAPAY_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!enrich_page_finish (self, result, &error))
    {
      if (g_task_return_error_if_cancelled (task))
        return;

      /* The charge was made; what could not be filled in stays empty. */
      g_debug ("%s: the details of charge %s could not be filled in: %s",
               PROVIDER_NAME, data->operation->reference, error->message);
    }

  data->transaction = g_ptr_array_steal_index (data->page->transactions, 0);
  return_operation_result (task);
}

static void
on_operation_parent (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  PdFayapayClient *self = PD_FAYAPAY_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->parent = record_finish (self, result, on_operation_parent, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  /* The refund was made; the charge is only reported alongside. */
  if (data->parent == NULL)
    g_debug ("%s: charge %s could not be read after its refund: %s",
             PROVIDER_NAME, data->transaction->parent_provider_id, error->message);

  return_operation_result (task);
}

/* The operation's own record is known; report what else it changed. */
static void
complete_operation (GTask *task)
{
  PdFayapayClient *self = g_task_get_source_object (task);
  OperationData *data = g_task_get_task_data (task);

  if (data->transaction->kind == PD_TRANSACTION_KIND_CHARGE)
    {
      g_autoptr(GPtrArray) source_ids = g_ptr_array_new_with_free_func (g_free);

      data->page = pd_page_new ("charges");
      g_ptr_array_add (data->page->transactions, g_steal_pointer (&data->transaction));
      g_ptr_array_add (source_ids, g_steal_pointer (&data->source_id));
      enrich_page_async (self, data->page, source_ids, g_task_get_cancellable (task),
                         on_operation_enriched, g_object_ref (task));
      return;
    }

  if (data->transaction->kind == PD_TRANSACTION_KIND_REFUND &&
      data->transaction->parent_provider_id != NULL)
    {
      g_autoptr(PdHttpRequest) request = NULL;
      GTask *parent_task;

      request = new_request ("GET", "/Charges", data->transaction->parent_provider_id, NULL);
      parent_task = record_task_new (self, RECORD_CHARGE, on_operation_parent,
                                     g_task_get_cancellable (task), on_operation_parent,
                                     g_object_ref (task));
      send_record_request (self, request, parent_task);
      return;
    }

  return_operation_result (task);
}

static void
on_perform_response (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdFayapayClient *self = g_task_get_source_object (task);
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *body;

  response = pd_http_client_request_finish (PD_HTTP_CLIENT (object), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  /* Whether money may have moved without an answer is the HTTP layer's
   * to say (pd_provider_error_is_outcome_unknown()). */
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!check_response (self, response, TRUE, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->transaction = parse_record (self, operation_record_kind (data->operation->kind),
                                    pd_http_response_get_root (response), &data->source_id, &error);
  if (data->transaction == NULL)
    {
      /* FayaPay said yes, but not in a way that can be read: the money
       * may have moved. */
      g_task_return_error (task, malformed_error (self, pd_http_response_get_status (response),
                                                  error, TRUE));
      return;
    }

  body = pd_http_response_get_body (response);
  data->response_json = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  complete_operation (task);
}

static void lookup_next_page (GTask *task);

static void
on_lookup_page (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdFayapayClient *self = g_task_get_source_object (task);
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next_cursor = NULL;
  PdProviderErrorInfo info = { 0, };
  g_autofree char *detail = NULL;
  JsonArray *array;

  response = pd_http_client_request_finish (PD_HTTP_CLIENT (object), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!check_response (self, response, FALSE, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  array = read_list (pd_http_response_get_root (response), data->cursor, &next_cursor, &error);
  if (array == NULL)
    {
      g_task_return_error (task, malformed_error (self, pd_http_response_get_status (response), error, FALSE));
      return;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *reference = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      reference = dup_text (json_node_get_object (node), "reference");
      if (g_strcmp0 (reference, data->operation->reference) != 0)
        continue;

      data->transaction = parse_record (self, data->resource->kind, node, &data->source_id, &error);
      if (data->transaction == NULL)
        {
          g_task_return_error (task, malformed_error (self, pd_http_response_get_status (response),
                                                      error, FALSE));
          return;
        }

      data->response_json = node_to_json (node);
      complete_operation (task);
      return;
    }

  if (next_cursor != NULL)
    {
      g_free (data->cursor);
      data->cursor = g_steal_pointer (&next_cursor);
      lookup_next_page (g_steal_pointer (&task));
      return;
    }

  detail = g_strdup_printf (_("nothing has the reference “%s”"), data->operation->reference);
  info.provider_name = pd_http_client_get_provider_name (self->http);
  info.detail = detail;
  g_task_return_error (task, pd_provider_error_new_full (PD_PROVIDER_ERROR_NOT_FOUND, &info));
}

static void
lookup_next_page (GTask *task)
{
  PdFayapayClient *self = g_task_get_source_object (task);
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(PdHttpRequest) request = NULL;

  request = new_list_request (data->resource, data->cursor, PD_FAYAPAY_PAGE_SIZE);
  pd_http_client_request_async (self->http, request, g_task_get_cancellable (task),
                                on_lookup_page, task);
}

/* PdProvider */

static PdProviderViews
pd_fayapay_client_get_views (PdProvider *provider)
{
  return PD_PROVIDER_VIEW_CUSTOMERS |
         PD_PROVIDER_VIEW_CHARGES |
         PD_PROVIDER_VIEW_REFUNDS |
         PD_PROVIDER_VIEW_DISBURSEMENTS |
         PD_PROVIDER_VIEW_CARDS;
}

static guint
pd_fayapay_client_get_operations (PdProvider *provider)
{
  return PD_OPERATION_BIT (PD_OPERATION_REFUND) |
         PD_OPERATION_BIT (PD_OPERATION_CHARGE) |
         PD_OPERATION_BIT (PD_OPERATION_DISBURSEMENT);
}

/* FayaPay replays the first answer to a key, byte for byte, and applies
 * nothing again: sending an unknown operation again with its key settles
 * it whether or not it was applied, in one request. A look-up by
 * reference (pd_provider_lookup_async()) works too, but FayaPay can only
 * fetch by id, so it walks the whole list; it is the way out when a replay
 * answers 409 because the key is no longer known. */
static PdReconcileMethod
pd_fayapay_client_get_reconcile_method (PdProvider      *provider,
                                        PdOperationKind  kind)
{
  return is_supported_operation (kind) ? PD_RECONCILE_REPLAY : PD_RECONCILE_NONE;
}

static const char * const *
pd_fayapay_client_get_resources (PdProvider *provider)
{
  return resource_names;
}

static void
pd_fayapay_client_fetch_page_async (PdProvider          *provider,
                                    const char          *resource,
                                    const char          *cursor,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  PdFayapayClient *self = PD_FAYAPAY_CLIENT (provider);
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;
  const ResourceInfo *info;
  PageData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_fayapay_client_fetch_page_async);

  info = find_resource (resource);
  if (info == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("FayaPay has no list of “%s”"), resource);
      return;
    }

  data = g_new0 (PageData, 1);
  data->resource = info;
  data->cursor = g_strdup (cursor);
  g_task_set_task_data (task, data, page_data_free);

  request = new_list_request (info, cursor, PD_FAYAPAY_PAGE_SIZE);
  pd_http_client_request_async (self->http, request, cancellable, on_page_response,
                                g_steal_pointer (&task));
}

static PdPage *
pd_fayapay_client_fetch_page_finish (PdProvider    *provider,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return record_finish (PD_FAYAPAY_CLIENT (provider), result,
                        pd_fayapay_client_fetch_page_async, error);
}

static void
pd_fayapay_client_perform_async (PdProvider          *provider,
                                 const PdOperation   *operation,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  PdFayapayClient *self = PD_FAYAPAY_CLIENT (provider);
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  OperationData *data;

  g_return_if_fail (operation != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_fayapay_client_perform_async);

  data = g_new0 (OperationData, 1);
  data->operation = pd_operation_copy (operation);
  g_task_set_task_data (task, data, operation_data_free);

  request = build_operation_request (operation, &error);
  if (request == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  pd_http_client_request_async (self->http, request, cancellable, on_perform_response,
                                g_steal_pointer (&task));
}

static PdOperationResult *
pd_fayapay_client_perform_finish (PdProvider    *provider,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return record_finish (PD_FAYAPAY_CLIENT (provider), result,
                        pd_fayapay_client_perform_async, error);
}

static void
pd_fayapay_client_lookup_async (PdProvider          *provider,
                                const PdOperation   *operation,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  PdFayapayClient *self = PD_FAYAPAY_CLIENT (provider);
  g_autoptr(GTask) task = NULL;
  OperationData *data;

  g_return_if_fail (operation != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_fayapay_client_lookup_async);

  data = g_new0 (OperationData, 1);
  data->operation = pd_operation_copy (operation);
  g_task_set_task_data (task, data, operation_data_free);

  if (!is_supported_operation (operation->kind))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("FayaPay cannot perform a “%s” operation"),
                               pd_operation_kind_to_string (operation->kind));
      return;
    }

  if (is_blank (operation->reference))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The operation has no reference"));
      return;
    }

  data->resource = resource_for_kind (operation_record_kind (operation->kind));
  lookup_next_page (g_steal_pointer (&task));
}

static PdOperationResult *
pd_fayapay_client_lookup_finish (PdProvider    *provider,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return record_finish (PD_FAYAPAY_CLIENT (provider), result,
                        pd_fayapay_client_lookup_async, error);
}

static void
on_test_response (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdFayapayClient *self = g_task_get_source_object (task);
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next_cursor = NULL;

  response = pd_http_client_request_finish (PD_HTTP_CLIENT (object), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!check_response (self, response, FALSE, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (read_list (pd_http_response_get_root (response), NULL, &next_cursor, &error) == NULL)
    {
      g_task_return_error (task, malformed_error (self, pd_http_response_get_status (response), error, FALSE));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
pd_fayapay_client_test_async (PdProvider          *provider,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  PdFayapayClient *self = PD_FAYAPAY_CLIENT (provider);
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_fayapay_client_test_async);

  /* The smallest authenticated request there is. */
  request = new_list_request (find_resource ("customers"), NULL, 1);
  pd_http_client_request_async (self->http, request, cancellable, on_test_response,
                                g_steal_pointer (&task));
}

static gboolean
pd_fayapay_client_test_finish (PdProvider    *provider,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_fayapay_client_test_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
pd_fayapay_client_provider_iface_init (PdProviderInterface *iface)
{
  iface->get_views = pd_fayapay_client_get_views;
  iface->get_operations = pd_fayapay_client_get_operations;
  iface->get_reconcile_method = pd_fayapay_client_get_reconcile_method;
  iface->get_resources = pd_fayapay_client_get_resources;
  iface->fetch_page_async = pd_fayapay_client_fetch_page_async;
  iface->fetch_page_finish = pd_fayapay_client_fetch_page_finish;
  iface->perform_async = pd_fayapay_client_perform_async;
  iface->perform_finish = pd_fayapay_client_perform_finish;
  iface->lookup_async = pd_fayapay_client_lookup_async;
  iface->lookup_finish = pd_fayapay_client_lookup_finish;
  iface->test_async = pd_fayapay_client_test_async;
  iface->test_finish = pd_fayapay_client_test_finish;
}

/* The calls beyond PdProvider, for the application and the command line */

/**
 * pd_fayapay_client_get_charge_async:
 * @self: a #PdFayapayClient
 * @charge_id: the charge's id (`ch_…`)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Fetches one charge (`GET /Charges/{ChargeId}`), with its customer's and
 * source's details filled in as in a page of charges.
 */
void
pd_fayapay_client_get_charge_async (PdFayapayClient     *self,
                                    const char          *charge_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_FAYAPAY_CLIENT (self));

  task = record_task_new (self, RECORD_CHARGE, pd_fayapay_client_get_charge_async,
                          cancellable, callback, user_data);
  if (!check_id (task, charge_id))
    return;

  request = new_request ("GET", "/Charges", charge_id, NULL);
  send_record_request (self, request, g_steal_pointer (&task));
}

/**
 * pd_fayapay_client_get_charge_finish:
 * @self: a #PdFayapayClient
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the charge, or %NULL with @error set
 */
PdTransaction *
pd_fayapay_client_get_charge_finish (PdFayapayClient  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  return record_finish (self, result, pd_fayapay_client_get_charge_async, error);
}

/**
 * pd_fayapay_client_update_charge_async:
 * @self: a #PdFayapayClient
 * @charge_id: the charge's id
 * @customer_id: (nullable): the customer to tie the charge to; FayaPay
 *   allows it only while the charge has none
 * @description: (nullable): the new description, "" to clear it, %NULL to
 *   leave it
 * @metadata: (nullable) (element-type utf8 utf8): keys to set; a key whose
 *   value is "" is unset, an empty table unsets every key, %NULL leaves them
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Changes a charge (`POST /Charges/{ChargeId}`, a patch).
 */
void
pd_fayapay_client_update_charge_async (PdFayapayClient     *self,
                                       const char          *charge_id,
                                       const char          *customer_id,
                                       const char          *description,
                                       GHashTable          *metadata,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;
  PdJsonWriter *writer;

  g_return_if_fail (PD_IS_FAYAPAY_CLIENT (self));

  task = record_task_new (self, RECORD_CHARGE, pd_fayapay_client_update_charge_async,
                          cancellable, callback, user_data);
  if (!check_id (task, charge_id))
    return;

  request = new_request ("POST", "/Charges", charge_id, NULL);
  writer = pd_http_request_get_json_object (request);
  write_text (writer, "customer", customer_id);
  write_text (writer, "description", description);
  write_metadata (writer, metadata);
  send_record_request (self, request, g_steal_pointer (&task));
}

/**
 * pd_fayapay_client_update_charge_finish:
 * @self: a #PdFayapayClient
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the charge as it is now, or %NULL with @error set
 */
PdTransaction *
pd_fayapay_client_update_charge_finish (PdFayapayClient  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  return record_finish (self, result, pd_fayapay_client_update_charge_async, error);
}

/**
 * pd_fayapay_client_get_refund_async:
 * @self: a #PdFayapayClient
 * @refund_id: the refund's id (`re_…`)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Fetches one refund (`GET /Refunds/{RefundId}`).
 */
void
pd_fayapay_client_get_refund_async (PdFayapayClient     *self,
                                    const char          *refund_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_FAYAPAY_CLIENT (self));

  task = record_task_new (self, RECORD_REFUND, pd_fayapay_client_get_refund_async,
                          cancellable, callback, user_data);
  if (!check_id (task, refund_id))
    return;

  request = new_request ("GET", "/Refunds", refund_id, NULL);
  send_record_request (self, request, g_steal_pointer (&task));
}

/**
 * pd_fayapay_client_get_refund_finish:
 * @self: a #PdFayapayClient
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the refund, or %NULL with @error set
 */
PdTransaction *
pd_fayapay_client_get_refund_finish (PdFayapayClient  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  return record_finish (self, result, pd_fayapay_client_get_refund_async, error);
}

/**
 * pd_fayapay_client_update_refund_async:
 * @self: a #PdFayapayClient
 * @refund_id: the refund's id
 * @description: (nullable): the new description, "" to clear it, %NULL to
 *   leave it
 * @metadata: (nullable) (element-type utf8 utf8): keys to set, as for
 *   pd_fayapay_client_update_charge_async()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Changes a refund's description or metadata (`POST /Refunds/{RefundId}`).
 */
void
pd_fayapay_client_update_refund_async (PdFayapayClient     *self,
                                       const char          *refund_id,
                                       const char          *description,
                                       GHashTable          *metadata,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;
  PdJsonWriter *writer;

  g_return_if_fail (PD_IS_FAYAPAY_CLIENT (self));

  task = record_task_new (self, RECORD_REFUND, pd_fayapay_client_update_refund_async,
                          cancellable, callback, user_data);
  if (!check_id (task, refund_id))
    return;

  request = new_request ("POST", "/Refunds", refund_id, NULL);
  writer = pd_http_request_get_json_object (request);
  write_text (writer, "description", description);
  write_metadata (writer, metadata);
  send_record_request (self, request, g_steal_pointer (&task));
}

/**
 * pd_fayapay_client_update_refund_finish:
 * @self: a #PdFayapayClient
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the refund as it is now, or %NULL with @error set
 */
PdTransaction *
pd_fayapay_client_update_refund_finish (PdFayapayClient  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  return record_finish (self, result, pd_fayapay_client_update_refund_async, error);
}

static void
write_customer_fields (PdJsonWriter *writer,
                       const char   *name,
                       const char   *email,
                       const char   *phone,
                       const char   *description,
                       const char   *default_source,
                       GHashTable   *metadata)
{
  write_text (writer, "name", name);
  write_text (writer, "email", email);
  write_text (writer, "phone", phone);
  write_text (writer, "description", description);
  write_text (writer, "defaultSource", default_source);
  write_metadata (writer, metadata);
}

/**
 * pd_fayapay_client_create_customer_async:
 * @self: a #PdFayapayClient
 * @name: the customer's name (required)
 * @email: (nullable): an e-mail address for receipts
 * @phone: (nullable): a phone number with its country code, e.g.
 *   `+233200123456`
 * @description: (nullable): free text
 * @metadata: (nullable) (element-type utf8 utf8): key-value pairs to attach
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Creates a customer (`POST /Customers`). The request carries a fresh
 * idempotency key, so a retry after a lost answer never makes two.
 */
void
pd_fayapay_client_create_customer_async (PdFayapayClient     *self,
                                         const char          *name,
                                         const char          *email,
                                         const char          *phone,
                                         const char          *description,
                                         GHashTable          *metadata,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_FAYAPAY_CLIENT (self));

  task = record_task_new (self, RECORD_CUSTOMER, pd_fayapay_client_create_customer_async,
                          cancellable, callback, user_data);

  if (is_blank (name))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("A FayaPay customer needs a name"));
      return;
    }

  request = new_request ("POST", "/Customers", NULL, NULL);
  write_customer_fields (pd_http_request_get_json_object (request),
                         name, email, phone, description, NULL, metadata);
  send_record_request (self, request, g_steal_pointer (&task));
}

/**
 * pd_fayapay_client_create_customer_finish:
 * @self: a #PdFayapayClient
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the new customer, or %NULL with @error set
 */
PdCustomer *
pd_fayapay_client_create_customer_finish (PdFayapayClient  *self,
                                          GAsyncResult     *result,
                                          GError          **error)
{
  return record_finish (self, result, pd_fayapay_client_create_customer_async, error);
}

/**
 * pd_fayapay_client_get_customer_async:
 * @self: a #PdFayapayClient
 * @customer_id: the customer's id (`cus_…`)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Fetches one customer (`GET /Customers/{Id}`).
 */
void
pd_fayapay_client_get_customer_async (PdFayapayClient     *self,
                                      const char          *customer_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_FAYAPAY_CLIENT (self));

  task = record_task_new (self, RECORD_CUSTOMER, pd_fayapay_client_get_customer_async,
                          cancellable, callback, user_data);
  if (!check_id (task, customer_id))
    return;

  request = new_request ("GET", "/Customers", customer_id, NULL);
  send_record_request (self, request, g_steal_pointer (&task));
}

/**
 * pd_fayapay_client_get_customer_finish:
 * @self: a #PdFayapayClient
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the customer, or %NULL with @error set
 */
PdCustomer *
pd_fayapay_client_get_customer_finish (PdFayapayClient  *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  return record_finish (self, result, pd_fayapay_client_get_customer_async, error);
}

/**
 * pd_fayapay_client_update_customer_async:
 * @self: a #PdFayapayClient
 * @customer_id: the customer's id
 * @name: (nullable): the new name (it cannot be cleared), %NULL to leave it
 * @email: (nullable): the new e-mail address, "" to clear it, %NULL to leave it
 * @phone: (nullable): the new phone number, "" to clear it, %NULL to leave it
 * @description: (nullable): the new description, "" to clear it, %NULL to
 *   leave it
 * @default_source: (nullable): the id of one of the customer's sources to
 *   charge when a charge names none, %NULL to leave it
 * @metadata: (nullable) (element-type utf8 utf8): keys to set, as for
 *   pd_fayapay_client_update_charge_async()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Changes a customer (`POST /Customers/{CustomerId}`, a patch).
 */
void
pd_fayapay_client_update_customer_async (PdFayapayClient     *self,
                                         const char          *customer_id,
                                         const char          *name,
                                         const char          *email,
                                         const char          *phone,
                                         const char          *description,
                                         const char          *default_source,
                                         GHashTable          *metadata,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_FAYAPAY_CLIENT (self));

  task = record_task_new (self, RECORD_CUSTOMER, pd_fayapay_client_update_customer_async,
                          cancellable, callback, user_data);
  if (!check_id (task, customer_id))
    return;

  request = new_request ("POST", "/Customers", customer_id, NULL);
  write_customer_fields (pd_http_request_get_json_object (request),
                         name, email, phone, description, default_source, metadata);
  send_record_request (self, request, g_steal_pointer (&task));
}

/**
 * pd_fayapay_client_update_customer_finish:
 * @self: a #PdFayapayClient
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the customer as it is now, or %NULL with @error set
 */
PdCustomer *
pd_fayapay_client_update_customer_finish (PdFayapayClient  *self,
                                          GAsyncResult     *result,
                                          GError          **error)
{
  return record_finish (self, result, pd_fayapay_client_update_customer_async, error);
}

/**
 * pd_fayapay_client_attach_source_async:
 * @self: a #PdFayapayClient
 * @customer_id: the customer's id
 * @source_id: an unattached, reusable source that is chargeable or pending
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Attaches a source to a customer (`POST /Customers/{CustomerId}/Sources`).
 * The customer's default source stays as it was.
 */
void
pd_fayapay_client_attach_source_async (PdFayapayClient     *self,
                                       const char          *customer_id,
                                       const char          *source_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_FAYAPAY_CLIENT (self));

  task = record_task_new (self, RECORD_SOURCE, pd_fayapay_client_attach_source_async,
                          cancellable, callback, user_data);
  if (!check_id (task, customer_id) || !check_id (task, source_id))
    return;

  request = new_request ("POST", "/Customers", customer_id, "Sources");
  write_text (pd_http_request_get_json_object (request), "source", source_id);
  send_record_request (self, request, g_steal_pointer (&task));
}

/**
 * pd_fayapay_client_attach_source_finish:
 * @self: a #PdFayapayClient
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the source, as a card showing at most its last
 *   four digits, or %NULL with @error set
 */
PdCard *
pd_fayapay_client_attach_source_finish (PdFayapayClient  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  return record_finish (self, result, pd_fayapay_client_attach_source_async, error);
}

/**
 * pd_fayapay_client_get_source_async:
 * @self: a #PdFayapayClient
 * @source_id: the source's id (`src_…`)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Fetches one source (`GET /Sources/{SourceId}`).
 */
void
pd_fayapay_client_get_source_async (PdFayapayClient     *self,
                                    const char          *source_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_FAYAPAY_CLIENT (self));

  task = record_task_new (self, RECORD_SOURCE, pd_fayapay_client_get_source_async,
                          cancellable, callback, user_data);
  if (!check_id (task, source_id))
    return;

  request = new_request ("GET", "/Sources", source_id, NULL);
  send_record_request (self, request, g_steal_pointer (&task));
}

/**
 * pd_fayapay_client_get_source_finish:
 * @self: a #PdFayapayClient
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the source as a card, or %NULL with @error set
 */
PdCard *
pd_fayapay_client_get_source_finish (PdFayapayClient  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  return record_finish (self, result, pd_fayapay_client_get_source_async, error);
}

/**
 * pd_fayapay_client_get_disbursement_async:
 * @self: a #PdFayapayClient
 * @disbursement_id: the disbursement's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Fetches one disbursement (`GET /Disbursements/{DisbursementId}`).
 */
void
pd_fayapay_client_get_disbursement_async (PdFayapayClient     *self,
                                          const char          *disbursement_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_FAYAPAY_CLIENT (self));

  task = record_task_new (self, RECORD_DISBURSEMENT, pd_fayapay_client_get_disbursement_async,
                          cancellable, callback, user_data);
  if (!check_id (task, disbursement_id))
    return;

  request = new_request ("GET", "/Disbursements", disbursement_id, NULL);
  send_record_request (self, request, g_steal_pointer (&task));
}

/**
 * pd_fayapay_client_get_disbursement_finish:
 * @self: a #PdFayapayClient
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the disbursement, or %NULL with @error set
 */
PdTransaction *
pd_fayapay_client_get_disbursement_finish (PdFayapayClient  *self,
                                           GAsyncResult     *result,
                                           GError          **error)
{
  return record_finish (self, result, pd_fayapay_client_get_disbursement_async, error);
}

/**
 * pd_fayapay_client_update_disbursement_async:
 * @self: a #PdFayapayClient
 * @disbursement_id: the disbursement's id
 * @description: (nullable): the new description, "" to clear it, %NULL to
 *   leave it
 * @metadata: (nullable) (element-type utf8 utf8): keys to set, as for
 *   pd_fayapay_client_update_charge_async()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Changes a disbursement's description or metadata
 * (`POST /Disbursements/{DisbursementId}`).
 */
void
pd_fayapay_client_update_disbursement_async (PdFayapayClient     *self,
                                             const char          *disbursement_id,
                                             const char          *description,
                                             GHashTable          *metadata,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;
  PdJsonWriter *writer;

  g_return_if_fail (PD_IS_FAYAPAY_CLIENT (self));

  task = record_task_new (self, RECORD_DISBURSEMENT, pd_fayapay_client_update_disbursement_async,
                          cancellable, callback, user_data);
  if (!check_id (task, disbursement_id))
    return;

  request = new_request ("POST", "/Disbursements", disbursement_id, NULL);
  writer = pd_http_request_get_json_object (request);
  write_text (writer, "description", description);
  write_metadata (writer, metadata);
  send_record_request (self, request, g_steal_pointer (&task));
}

/**
 * pd_fayapay_client_update_disbursement_finish:
 * @self: a #PdFayapayClient
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the disbursement as it is now, or %NULL with
 *   @error set
 */
PdTransaction *
pd_fayapay_client_update_disbursement_finish (PdFayapayClient  *self,
                                              GAsyncResult     *result,
                                              GError          **error)
{
  return record_finish (self, result, pd_fayapay_client_update_disbursement_async, error);
}

/**
 * pd_fayapay_client_get_payout_async:
 * @self: a #PdFayapayClient
 * @payout_id: the payout's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Fetches one payout (`GET /Payouts/{Id}`).
 */
void
pd_fayapay_client_get_payout_async (PdFayapayClient     *self,
                                    const char          *payout_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_FAYAPAY_CLIENT (self));

  task = record_task_new (self, RECORD_PAYOUT, pd_fayapay_client_get_payout_async,
                          cancellable, callback, user_data);
  if (!check_id (task, payout_id))
    return;

  request = new_request ("GET", "/Payouts", payout_id, NULL);
  send_record_request (self, request, g_steal_pointer (&task));
}

/**
 * pd_fayapay_client_get_payout_finish:
 * @self: a #PdFayapayClient
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the payout, or %NULL with @error set
 */
PdTransaction *
pd_fayapay_client_get_payout_finish (PdFayapayClient  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  return record_finish (self, result, pd_fayapay_client_get_payout_async, error);
}

/* Construction */

/**
 * pd_fayapay_client_new:
 * @base_url: (nullable): the base URL of the account's API, e.g. the
 *   sandbox's `http://127.0.0.1:40001/v1`; %NULL for
 *   %PD_FAYAPAY_DEFAULT_BASE_URL
 * @api_key: the account's secret key, sent as the `authorization` header
 *
 * Makes a FayaPay client on the shared HTTP session. It implements
 * #PdProvider: sync resources `customers`, `charges` (with the sources of
 * its charges as cards), `refunds`, `disbursements` and `payouts`, and the
 * operations refund, charge and disbursement.
 *
 * For pd_provider_perform_async(): a refund's
 * #PdOperation.target_provider_id is the charge, and an unset
 * #PdOperation.amount refunds all that is left of it. A charge's target is
 * the customer to charge, or the field `source` names a source. A
 * disbursement needs the fields `account_number` (or the target) and
 * `account_provider` (or `network`), and takes `account_country` (default
 * `GH`), `recipient_name` and `recipient_email`. Every operation needs its
 * reference and idempotency key; amounts must be in GHS.
 *
 * Returns: (transfer full): a new #PdFayapayClient
 */
PdFayapayClient *
pd_fayapay_client_new (const char *base_url,
                       const char *api_key)
{
  g_return_val_if_fail (api_key != NULL, NULL);

  return g_object_new (PD_TYPE_FAYAPAY_CLIENT,
                       "base-url", base_url,
                       "api-key", api_key,
                       NULL);
}

/**
 * pd_fayapay_client_new_for_account:
 * @account: a FayaPay account
 * @secrets: (nullable): the account's secrets; `api_key` is needed
 *
 * Makes a client for @account: its base URL (the production one when it
 * has none) and its time zone, and the API key from @secrets. This is the
 * constructor the provider registry uses.
 *
 * Returns: (transfer full): a new #PdFayapayClient as a #PdProvider, or
 *   %NULL with @error set when @secrets has no API key
 */
PdProvider *
pd_fayapay_client_new_for_account (const PdAccount    *account,
                                   const PdSecretSet  *secrets,
                                   GError            **error)
{
  g_autoptr(PdFayapayClient) client = NULL;
  const char *api_key;

  g_return_val_if_fail (account != NULL, NULL);

  api_key = secrets != NULL ? pd_secret_set_get (secrets, "api_key") : NULL;
  if (is_blank (api_key))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The FayaPay account has no API key (the secret field “%s”)"), "api_key");
      return NULL;
    }

  client = pd_fayapay_client_new (is_blank (account->base_url) ? NULL : account->base_url, api_key);
  pd_fayapay_client_set_timezone (client, account->timezone);

  return PD_PROVIDER (g_steal_pointer (&client));
}

/**
 * pd_fayapay_client_get_http_client:
 * @self: a #PdFayapayClient
 *
 * Returns: (transfer none): the HTTP client requests go through, for its
 *   timeouts and retry settings
 */
PdHttpClient *
pd_fayapay_client_get_http_client (PdFayapayClient *self)
{
  g_return_val_if_fail (PD_IS_FAYAPAY_CLIENT (self), NULL);

  return self->http;
}

/**
 * pd_fayapay_client_get_timezone:
 * @self: a #PdFayapayClient
 *
 * Returns: the IANA time zone in which times without a zone are read
 */
const char *
pd_fayapay_client_get_timezone (PdFayapayClient *self)
{
  g_return_val_if_fail (PD_IS_FAYAPAY_CLIENT (self), NULL);

  return self->timezone;
}

/**
 * pd_fayapay_client_set_timezone:
 * @self: a #PdFayapayClient
 * @timezone: (nullable): an IANA time zone such as `Africa/Accra`; %NULL
 *   for FayaPay's home zone, `Africa/Accra`
 *
 * Sets the zone in which times FayaPay sends without one are read. An
 * unknown zone reads them as UTC.
 */
void
pd_fayapay_client_set_timezone (PdFayapayClient *self,
                                const char      *timezone)
{
  g_return_if_fail (PD_IS_FAYAPAY_CLIENT (self));

  if (is_blank (timezone))
    timezone = DEFAULT_TIMEZONE;

  if (g_strcmp0 (self->timezone, timezone) == 0)
    return;

  g_free (self->timezone);
  self->timezone = g_strdup (timezone);

  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = g_time_zone_new_identifier (timezone);
  if (self->tz == NULL)
    {
      g_debug ("%s: unknown time zone “%s”; reading times without a zone as UTC",
               PROVIDER_NAME, timezone);
      self->tz = g_time_zone_new_utc ();
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEZONE]);
}

/**
 * pd_fayapay_client_get_retry_delay:
 * @self: a #PdFayapayClient
 *
 * Returns: the base backoff delay of the HTTP client, in milliseconds
 */
guint
pd_fayapay_client_get_retry_delay (PdFayapayClient *self)
{
  g_return_val_if_fail (PD_IS_FAYAPAY_CLIENT (self), 0);

  return pd_http_client_get_retry_delay (self->http);
}

/**
 * pd_fayapay_client_set_retry_delay:
 * @self: a #PdFayapayClient
 * @retry_delay_ms: the longest wait before the first retry, in milliseconds
 *
 * Sets #PdHttpClient:retry-delay of the client's HTTP client.
 */
void
pd_fayapay_client_set_retry_delay (PdFayapayClient *self,
                                   guint            retry_delay_ms)
{
  g_return_if_fail (PD_IS_FAYAPAY_CLIENT (self));

  if (pd_http_client_get_retry_delay (self->http) == retry_delay_ms)
    return;

  pd_http_client_set_retry_delay (self->http, retry_delay_ms);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_DELAY]);
}

static void
pd_fayapay_client_finalize (GObject *object)
{
  PdFayapayClient *self = (PdFayapayClient *)object;

  g_clear_object (&self->http);
  g_clear_pointer (&self->timezone, g_free);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->customers, g_hash_table_unref);
  g_clear_pointer (&self->sources, g_hash_table_unref);
  g_clear_pointer (&self->listed_customers, g_hash_table_unref);

  G_OBJECT_CLASS (pd_fayapay_client_parent_class)->finalize (object);
}

static void
pd_fayapay_client_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PdFayapayClient *self = PD_FAYAPAY_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, pd_http_client_get_base_url (self->http));
      break;

    case PROP_TIMEZONE:
      g_value_set_string (value, self->timezone);
      break;

    case PROP_RETRY_DELAY:
      g_value_set_uint (value, pd_fayapay_client_get_retry_delay (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_fayapay_client_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PdFayapayClient *self = PD_FAYAPAY_CLIENT (object);
  const char *text;

  switch (prop_id)
    {
    case PROP_BASE_URL:
      text = g_value_get_string (value);
      pd_http_client_set_base_url (self->http, is_blank (text) ? PD_FAYAPAY_DEFAULT_BASE_URL : text);
      break;

    case PROP_API_KEY:
      /* The hook owns its copy of the key and wipes it when replaced. */
      pd_http_client_set_prepare_func (self->http, prepare_request,
                                       g_value_dup_string (value), pd_secret_text_free);
      break;

    case PROP_TIMEZONE:
      pd_fayapay_client_set_timezone (self, g_value_get_string (value));
      break;

    case PROP_RETRY_DELAY:
      pd_fayapay_client_set_retry_delay (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_fayapay_client_class_init (PdFayapayClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_fayapay_client_finalize;
  object_class->get_property = pd_fayapay_client_get_property;
  object_class->set_property = pd_fayapay_client_set_property;

  /**
   * PdFayapayClient:base-url:
   *
   * The base URL of the account's API, ending in `/v1`.
   */
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         PD_FAYAPAY_DEFAULT_BASE_URL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * PdFayapayClient:api-key:
   *
   * The account's secret key. It can be set, never read back.
   */
  properties[PROP_API_KEY] =
    g_param_spec_string ("api-key", NULL, NULL,
                         NULL,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * PdFayapayClient:timezone:
   *
   * The IANA time zone in which times without a zone are read.
   */
  properties[PROP_TIMEZONE] =
    g_param_spec_string ("timezone", NULL, NULL,
                         DEFAULT_TIMEZONE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * PdFayapayClient:retry-delay:
   *
   * The longest wait before the first retry of a request, in milliseconds
   * (#PdHttpClient:retry-delay of the HTTP client).
   */
  properties[PROP_RETRY_DELAY] =
    g_param_spec_uint ("retry-delay", NULL, NULL,
                       0, G_MAXUINT, 500,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_fayapay_client_init (PdFayapayClient *self)
{
  self->http = pd_http_client_new (PROVIDER_NAME, PD_FAYAPAY_DEFAULT_BASE_URL);
  pd_http_client_set_error_parser (self->http, parse_error_body, NULL, NULL);
  pd_http_client_set_prepare_func (self->http, prepare_request, NULL, NULL);

  self->customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cached_customer_free);
  self->sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cached_source_free);
  self->listed_customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                  (GDestroyNotify)pd_customer_free);
}

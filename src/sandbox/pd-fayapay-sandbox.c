/* pd-fayapay-sandbox.c - the FayaPay API (Ghana, mobile money), simulated
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <string.h>

#include <libsoup/soup.h>

#include "pd-sandbox.h"

/* Where the document is silent or contradicts itself, the reading followed
 * here is recorded under "Provider readings" → "FayaPay" in HACKING.md. */

#define CURRENCY "GHS"
#define MIN_AMOUNT 100
#define MAX_STATEMENT_DESCRIPTOR 22
#define DEFAULT_LIMIT 10
#define MAX_LIMIT 50
#define DAY (24 * 60 * 60)
#define SEED_SPAN (548 * DAY)

/* Charges of these amounts (in pesewas) end as the test networks would. */
#define AMOUNT_INSUFFICIENT_BALANCE 99999
#define AMOUNT_USER_DECLINED 88888
#define AMOUNT_PENDING 77777
#define PENDING_SECONDS 60

typedef enum
{
  STATE_PENDING,
  STATE_SUCCEEDED,
  STATE_FAILED,
  STATE_REFUNDED,
} State;

static const char * const state_names[] = { "Pending", "Succeeded", "Failed", "Refunded" };

typedef enum
{
  SOURCE_PENDING,
  SOURCE_CHARGEABLE,
  SOURCE_CONSUMED,
  SOURCE_CANCELED,
  SOURCE_FAILED,
  SOURCE_EXPIRED,
} SourceState;

static const char * const source_state_names[] = {
  "Pending", "Chargeable", "Consumed", "Canceled", "Failed", "Expired",
};

/* Every record starts with its id and creation time, so lists and cursors
 * treat them alike. Strings are interned in the provider. */
typedef struct
{
  const char *id;
  gint64      created;
} Record;

typedef struct
{
  Record      base;
  const char *name;
  const char *email;
  const char *phone;
  const char *description;
  const char *metadata;
  const char *default_source;
} Customer;

typedef struct
{
  Record       base;
  const char  *customer_id;
  const char  *masked_name;
  PdMoney      amount;
  const char  *statement_descriptor;
  gboolean     reusable;
  SourceState  state;
  const char  *owner_name;
  const char  *owner_email;
  const char  *owner_phone;
  gboolean     verified;
  const char  *client_secret;
  const char  *metadata;
} Source;

typedef struct
{
  Record      base;
  const char *reference;
  const char *source_id;
  const char *customer_id;
  PdMoney     amount;
  PdMoney     amount_refunded;
  PdMoney     fee;
  const char *statement_descriptor;
  const char *description;
  const char *metadata;
  const char *receipt_id;
  const char *receipt_email;
  const char *receipt_phone;
  const char *failure_code;
  const char *failure_message;
  State       state;
  gint64      settles_at;
} Charge;

typedef struct
{
  Record      base;
  const char *reference;
  const char *charge_id;
  PdMoney     amount;
  const char *description;
  const char *metadata;
  const char *failure_code;
  const char *failure_message;
  State       state;
} Refund;

typedef struct
{
  Record      base;
  const char *reference;
  PdMoney     amount;
  PdMoney     fee;
  const char *recipient_name;
  const char *recipient_email;
  const char *recipient_provider;
  const char *recipient_number;
  const char *recipient_country;
  const char *statement_descriptor;
  const char *description;
  const char *metadata;
  const char *receipt_id;
  const char *receipt_email;
  const char *receipt_phone;
  const char *failure_code;
  const char *failure_message;
  State       state;
} Disbursement;

typedef struct
{
  Record      base;
  const char *reference;
  PdMoney     amount;
  const char *settlement_provider;
  const char *settlement_number;
} Payout;

typedef struct
{
  PdSandboxProvider *provider;
  const char        *api_key;
  PdSandboxTable    *customers;
  PdSandboxTable    *sources;
  PdSandboxTable    *charges;
  PdSandboxTable    *refunds;
  PdSandboxTable    *disbursements;
  PdSandboxTable    *payouts;
  GHashTable        *charge_references;
  GHashTable        *refund_references;
  GHashTable        *disbursement_references;
} FayaPay;

typedef void (*RecordWriter) (FayaPay      *self,
                              PdJsonWriter *writer,
                              gpointer      record);

static PdMoney
ghs (gint64 pesewas)
{
  PdMoney money;

  pd_money_init (&money, pesewas, 2, CURRENCY);
  return money;
}

#define ID_LENGTH 24

static const char *
new_id (FayaPay    *self,
        const char *prefix)
{
  PdSandboxRandom *random = pd_sandbox_provider_get_random (self->provider);
  gsize prefix_length = strlen (prefix);
  char id[64];

  /* On the stack: seeding makes a few hundred thousand of these. */
  g_assert (prefix_length + ID_LENGTH < sizeof id);
  memcpy (id, prefix, prefix_length);
  pd_sandbox_random_fill (random, id + prefix_length, ID_LENGTH, NULL);

  return pd_sandbox_provider_intern_block (self->provider, id, prefix_length + ID_LENGTH);
}

/* Fees the simulated network keeps: 1.95 % of a charge, 1 % of a
 * disbursement, rounded half up to the pesewa. */
static PdMoney
fee_for (const PdMoney *amount,
         gint64         basis_points)
{
  return ghs ((amount->units * basis_points + 5000) / 10000);
}

/* Metadata */

/* Metadata is kept as "key\0value\0key\0value\0\0" in one interned block:
 * small, ordered, and free to copy around. */
static const char *
metadata_next (const char  *cursor,
               const char **key,
               const char **value)
{
  if (cursor == NULL || *cursor == '\0')
    return NULL;

  *key = cursor;
  cursor += strlen (cursor) + 1;
  *value = cursor;
  return cursor + strlen (cursor) + 1;
}

static const char *
metadata_intern (FayaPay   *self,
                 GPtrArray *pairs)
{
  g_autoptr(GString) block = g_string_new (NULL);

  if (pairs == NULL || pairs->len == 0)
    return NULL;

  for (guint i = 0; i + 1 < pairs->len; i += 2)
    {
      g_string_append_len (block, g_ptr_array_index (pairs, i), strlen (g_ptr_array_index (pairs, i)) + 1);
      g_string_append_len (block, g_ptr_array_index (pairs, i + 1), strlen (g_ptr_array_index (pairs, i + 1)) + 1);
    }

  /* The chunk appends the NUL that ends the list. */
  return pd_sandbox_provider_intern_block (self->provider, block->str, block->len);
}

static void
write_metadata (PdJsonWriter *writer,
                const char   *metadata)
{
  const char *key, *value;

  pd_json_writer_member (writer, "metadata");
  pd_json_writer_begin_object (writer);
  for (const char *cursor = metadata; (cursor = metadata_next (cursor, &key, &value)) != NULL;)
    pd_sandbox_write_string (writer, key, value);
  pd_json_writer_end_object (writer);
}

/* Reads "metadata" from a request: absent or null leaves @current as it is;
 * an object is merged into it, an empty value unsetting its key, and an
 * empty object unsets every key. */
static gboolean
read_metadata (FayaPay     *self,
               JsonObject  *body,
               const char  *current,
               const char **out,
               GError     **error)
{
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GList) members = NULL;
  JsonNode *node = json_object_get_member (body, "metadata");
  JsonObject *object;
  const char *key, *value;

  *out = current;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, PD_JSON_ERROR, PD_JSON_ERROR_TYPE,
                           "The field metadata must be an object of strings.");
      return FALSE;
    }

  object = json_node_get_object (node);
  pairs = g_ptr_array_new ();
  if (json_object_get_size (object) > 0)
    {
      for (const char *cursor = current; (cursor = metadata_next (cursor, &key, &value)) != NULL;)
        {
          g_ptr_array_add (pairs, (gpointer)key);
          g_ptr_array_add (pairs, (gpointer)value);
        }
    }

  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *member = json_object_get_member (object, name);
      const char *text = NULL;
      gboolean replaced = FALSE;

      if (*name == '\0')
        {
          g_set_error_literal (error, PD_JSON_ERROR, PD_JSON_ERROR_TYPE,
                               "Metadata keys must not be empty.");
          return FALSE;
        }

      if (!JSON_NODE_HOLDS_NULL (member))
        {
          if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
            {
              g_set_error (error, PD_JSON_ERROR, PD_JSON_ERROR_TYPE,
                           "The metadata value of %s must be a string.", name);
              return FALSE;
            }
          text = json_node_get_string (member);
        }

      for (guint i = 0; i + 1 < pairs->len; i += 2)
        {
          if (strcmp (g_ptr_array_index (pairs, i), name) != 0)
            continue;

          if (text == NULL || *text == '\0')
            g_ptr_array_remove_range (pairs, i, 2);
          else
            pairs->pdata[i + 1] = (gpointer)text;
          replaced = TRUE;
          break;
        }

      if (!replaced && text != NULL && *text != '\0')
        {
          g_ptr_array_add (pairs, (gpointer)name);
          g_ptr_array_add (pairs, (gpointer)text);
        }
    }

  *out = metadata_intern (self, pairs);
  return TRUE;
}

/* Answers */

static void
write_error (PdSandboxProvider *provider,
             PdSandboxRequest  *request,
             guint              status,
             const char        *code,
             const char        *message)
{
  PdJsonWriter *writer = pd_json_writer_new ();

  if (code == NULL)
    {
      switch (status)
        {
        case SOUP_STATUS_BAD_REQUEST:
          code = "validation_error";
          break;
        case SOUP_STATUS_UNAUTHORIZED:
          code = "authentication_error";
          break;
        case SOUP_STATUS_FORBIDDEN:
          code = "authorization_error";
          break;
        case SOUP_STATUS_CONFLICT:
          code = "duplicate_reference";
          break;
        default:
          code = "general_error";
          break;
        }
    }

  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "object", "error");
  pd_sandbox_write_string (writer, "code", code);
  pd_json_writer_member (writer, "messages");
  pd_json_writer_begin_array (writer);
  pd_json_writer_string (writer, message);
  pd_json_writer_end_array (writer);
  pd_json_writer_end_object (writer);

  pd_sandbox_request_respond_json (request, status, writer);
}

static void
write_money (PdJsonWriter  *writer,
             const char    *member,
             const PdMoney *money)
{
  pd_json_writer_member (writer, member);
  pd_json_writer_money (writer, money, PD_AMOUNT_MINOR);
}

/* A pending charge settles once the simulated clock passes its time. */
static void
charge_refresh (FayaPay *self,
                Charge  *charge)
{
  if (charge->state == STATE_PENDING && charge->settles_at > 0 &&
      pd_sandbox_provider_now (self->provider) >= charge->settles_at)
    charge->state = STATE_SUCCEEDED;
}

static void
write_charge (FayaPay      *self,
              PdJsonWriter *writer,
              gpointer      record)
{
  Charge *charge = record;

  charge_refresh (self, charge);

  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "object", "charge");
  pd_sandbox_write_string (writer, "id", charge->base.id);
  pd_sandbox_write_string (writer, "reference", charge->reference);
  pd_sandbox_write_string (writer, "sourceId", charge->source_id);
  pd_sandbox_write_string (writer, "customerId", charge->customer_id);
  write_money (writer, "amount", &charge->amount);
  write_money (writer, "amountRefunded", &charge->amount_refunded);
  write_money (writer, "fee", &charge->fee);
  pd_sandbox_write_string (writer, "currency", charge->amount.currency);
  pd_sandbox_write_string (writer, "statementDescriptor", charge->statement_descriptor);
  pd_sandbox_write_string (writer, "description", charge->description);
  pd_sandbox_write_boolean (writer, "paid",
                            charge->state == STATE_SUCCEEDED || charge->state == STATE_REFUNDED);
  write_metadata (writer, charge->metadata);
  pd_sandbox_write_string (writer, "receiptId", charge->receipt_id);
  pd_sandbox_write_string (writer, "receiptEmail", charge->receipt_email);
  pd_sandbox_write_string (writer, "receiptPhone", charge->receipt_phone);
  pd_sandbox_write_string (writer, "failureCode", charge->failure_code ? charge->failure_code : "None");
  pd_sandbox_write_string (writer, "failureMessage", charge->failure_message);
  pd_sandbox_write_string (writer, "state", state_names[charge->state]);
  pd_sandbox_write_boolean (writer, "livemode", FALSE);
  pd_sandbox_write_time (writer, "createdAt", charge->base.created);
  pd_json_writer_end_object (writer);
}

static void
write_refund (FayaPay      *self,
              PdJsonWriter *writer,
              gpointer      record)
{
  Refund *refund = record;

  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "object", "refund");
  pd_sandbox_write_string (writer, "id", refund->base.id);
  pd_sandbox_write_string (writer, "reference", refund->reference);
  pd_sandbox_write_string (writer, "chargeId", refund->charge_id);
  write_money (writer, "amount", &refund->amount);
  pd_sandbox_write_string (writer, "currency", refund->amount.currency);
  pd_sandbox_write_string (writer, "description", refund->description);
  write_metadata (writer, refund->metadata);
  pd_sandbox_write_string (writer, "failureCode", refund->failure_code ? refund->failure_code : "None");
  pd_sandbox_write_string (writer, "failureMessage", refund->failure_message);
  pd_sandbox_write_string (writer, "state", state_names[refund->state]);
  pd_sandbox_write_boolean (writer, "livemode", FALSE);
  pd_sandbox_write_time (writer, "createdAt", refund->base.created);
  pd_json_writer_end_object (writer);
}

static void
write_customer (FayaPay      *self,
                PdJsonWriter *writer,
                gpointer      record)
{
  Customer *customer = record;

  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "object", "customer");
  pd_sandbox_write_string (writer, "id", customer->base.id);
  pd_sandbox_write_string (writer, "name", customer->name);
  pd_sandbox_write_string (writer, "email", customer->email);
  pd_sandbox_write_string (writer, "phone", customer->phone);
  pd_sandbox_write_string (writer, "description", customer->description);
  write_metadata (writer, customer->metadata);
  pd_sandbox_write_boolean (writer, "livemode", FALSE);
  pd_sandbox_write_time (writer, "createdAt", customer->base.created);
  pd_json_writer_end_object (writer);
}

static void
write_source (FayaPay      *self,
              PdJsonWriter *writer,
              gpointer      record)
{
  Source *source = record;

  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "object", "source");
  pd_sandbox_write_string (writer, "id", source->base.id);
  pd_sandbox_write_string (writer, "customerId", source->customer_id);
  pd_sandbox_write_string (writer, "maskedName", source->masked_name);
  pd_sandbox_write_string (writer, "currency", source->amount.currency);
  write_money (writer, "amount", &source->amount);
  pd_sandbox_write_string (writer, "statementDescriptor", source->statement_descriptor);
  pd_sandbox_write_string (writer, "type", "momo");
  pd_sandbox_write_string (writer, "useType", source->reusable ? "Reuseable" : "Single");
  pd_sandbox_write_string (writer, "flow", "InputCode");
  pd_json_writer_member (writer, "owner");
  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "name", source->owner_name);
  pd_sandbox_write_string (writer, "email", source->owner_email);
  pd_sandbox_write_string (writer, "phone", source->owner_phone);
  pd_sandbox_write_string (writer, "verifiedName", source->verified ? source->owner_name : NULL);
  pd_sandbox_write_string (writer, "verifiedEmail", source->verified ? source->owner_email : NULL);
  pd_sandbox_write_string (writer, "verifiedPhone", source->verified ? source->owner_phone : NULL);
  pd_json_writer_end_object (writer);
  pd_sandbox_write_string (writer, "returnUrl", NULL);
  pd_sandbox_write_string (writer, "clientSecret", source->client_secret);
  write_metadata (writer, source->metadata);
  pd_sandbox_write_string (writer, "redirectUrl", NULL);
  pd_sandbox_write_string (writer, "state", source_state_names[source->state]);
  pd_sandbox_write_boolean (writer, "livemode", FALSE);
  pd_sandbox_write_time (writer, "createdAt", source->base.created);
  pd_json_writer_end_object (writer);
}

static void
write_disbursement (FayaPay      *self,
                    PdJsonWriter *writer,
                    gpointer      record)
{
  Disbursement *disbursement = record;

  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "object", "disbursement");
  pd_sandbox_write_string (writer, "id", disbursement->base.id);
  pd_sandbox_write_string (writer, "reference", disbursement->reference);
  write_money (writer, "amount", &disbursement->amount);
  write_money (writer, "fee", &disbursement->fee);
  pd_sandbox_write_string (writer, "currency", disbursement->amount.currency);
  pd_sandbox_write_string (writer, "recipientName", disbursement->recipient_name);
  pd_sandbox_write_string (writer, "recipientEmail", disbursement->recipient_email);
  pd_sandbox_write_string (writer, "recipientAccountProvider", disbursement->recipient_provider);
  pd_sandbox_write_string (writer, "recipientAccountNumber", disbursement->recipient_number);
  pd_sandbox_write_string (writer, "recipientAccountCountry", disbursement->recipient_country);
  pd_sandbox_write_string (writer, "statementDescriptor", disbursement->statement_descriptor);
  pd_sandbox_write_string (writer, "description", disbursement->description);
  pd_sandbox_write_boolean (writer, "paid", disbursement->state == STATE_SUCCEEDED);
  write_metadata (writer, disbursement->metadata);
  pd_sandbox_write_string (writer, "receiptId", disbursement->receipt_id);
  pd_sandbox_write_string (writer, "receiptEmail", disbursement->receipt_email);
  pd_sandbox_write_string (writer, "receiptPhone", disbursement->receipt_phone);
  pd_sandbox_write_string (writer, "failureCode",
                           disbursement->failure_code ? disbursement->failure_code : "None");
  pd_sandbox_write_string (writer, "failureMessage", disbursement->failure_message);
  pd_sandbox_write_string (writer, "state", state_names[disbursement->state]);
  pd_sandbox_write_boolean (writer, "livemode", FALSE);
  pd_sandbox_write_time (writer, "createdAt", disbursement->base.created);
  pd_json_writer_end_object (writer);
}

static void
write_payout (FayaPay      *self,
              PdJsonWriter *writer,
              gpointer      record)
{
  Payout *payout = record;

  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "object", "payout");
  pd_sandbox_write_string (writer, "id", payout->base.id);
  pd_sandbox_write_string (writer, "reference", payout->reference);
  write_money (writer, "amount", &payout->amount);
  pd_sandbox_write_string (writer, "currency", payout->amount.currency);
  pd_sandbox_write_string (writer, "settlementAccountProvider", payout->settlement_provider);
  pd_sandbox_write_string (writer, "settlementAccountNumber", payout->settlement_number);
  pd_sandbox_write_time (writer, "createdAt", payout->base.created);
  pd_json_writer_end_object (writer);
}

static void
respond_record (FayaPay          *self,
                PdSandboxRequest *request,
                RecordWriter      write,
                gpointer          record)
{
  PdJsonWriter *writer = pd_json_writer_new ();

  write (self, writer, record);
  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

/* Lists: oldest first; StartingAfter gives the objects created after the
 * cursor, EndingBefore those created before it (see HACKING.md). */
static gboolean
parse_limit (const char *text,
             guint      *limit)
{
  gint64 value;
  char *end = NULL;

  if (text == NULL)
    {
      *limit = DEFAULT_LIMIT;
      return TRUE;
    }

  errno = 0;
  value = g_ascii_strtoll (text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || value < 1 || value > MAX_LIMIT)
    return FALSE;

  *limit = (guint)value;
  return TRUE;
}

static void
list_records (FayaPay          *self,
              PdSandboxRequest *request,
              PdSandboxTable   *table,
              RecordWriter      write)
{
  const char *starting_after = pd_sandbox_request_get_query (request, "StartingAfter");
  const char *ending_before = pd_sandbox_request_get_query (request, "EndingBefore");
  PdJsonWriter *writer;
  PdSandboxPage page;
  guint limit;
  guint index = 0;

  if (!parse_limit (pd_sandbox_request_get_query (request, "Limit"), &limit))
    {
      pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                "Limit must be a whole number between 1 and 50.");
      return;
    }

  if (starting_after != NULL && *starting_after == '\0')
    starting_after = NULL;
  if (ending_before != NULL && *ending_before == '\0')
    ending_before = NULL;

  if (starting_after != NULL && ending_before != NULL)
    {
      pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                "Give StartingAfter or EndingBefore, not both.");
      return;
    }

  if ((starting_after != NULL || ending_before != NULL) &&
      !pd_sandbox_table_find (table, starting_after ? starting_after : ending_before, &index))
    {
      pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                 "The cursor %s is not an object of this list.",
                                 starting_after ? starting_after : ending_before);
      return;
    }

  pd_sandbox_table_page (table,
                         starting_after ? (gint64)index : -1,
                         ending_before ? (gint64)index : -1,
                         limit, &page);

  writer = pd_json_writer_new ();
  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "object", "list");
  pd_json_writer_member (writer, "data");
  pd_json_writer_begin_array (writer);
  for (guint i = page.start; i < page.end; i++)
    write (self, writer, pd_sandbox_table_get (table, i));
  pd_json_writer_end_array (writer);

  pd_sandbox_write_string (writer, "nextCursor",
                           page.more_after && page.end > page.start
                           ? ((Record *)pd_sandbox_table_get (table, page.end - 1))->id
                           : NULL);
  pd_sandbox_write_string (writer, "previousCursor",
                           page.more_before && page.end > page.start
                           ? ((Record *)pd_sandbox_table_get (table, page.start))->id
                           : NULL);
  pd_json_writer_end_object (writer);

  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

/* Request checks */

static gboolean
accepts_json (const char *accept)
{
  g_auto(GStrv) ranges = NULL;

  if (accept == NULL || *accept == '\0')
    return TRUE;

  ranges = g_strsplit (accept, ",", -1);
  for (guint i = 0; ranges[i] != NULL; i++)
    {
      char *semicolon = strchr (ranges[i], ';');
      const char *range;

      if (semicolon != NULL)
        *semicolon = '\0';
      range = g_strstrip (ranges[i]);

      if (g_ascii_strcasecmp (range, "application/json") == 0 ||
          g_ascii_strcasecmp (range, "application/*") == 0 ||
          g_ascii_strcasecmp (range, "*/*") == 0 ||
          g_ascii_strcasecmp (range, "text/json") == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
authenticate (PdSandboxProvider *provider,
              PdSandboxRequest  *request)
{
  FayaPay *self = pd_sandbox_provider_get_state (provider);
  const char *key = pd_sandbox_request_get_header (request, "Authorization");

  if (!accepts_json (pd_sandbox_request_get_header (request, "Accept")))
    {
      pd_sandbox_request_error (request, SOUP_STATUS_NOT_ACCEPTABLE, "general_error",
                                "Unsupported format requested. Set the Accept header to application/json.");
      return FALSE;
    }

  if (key == NULL || *key == '\0')
    {
      pd_sandbox_request_error (request, SOUP_STATUS_UNAUTHORIZED, "authentication_error",
                                "No API key was given. Pass your secret key in the Authorization header.");
      return FALSE;
    }

  if (strcmp (key, self->api_key) != 0)
    {
      pd_sandbox_request_error (request, SOUP_STATUS_UNAUTHORIZED, "authentication_error",
                                "Invalid API key.");
      return FALSE;
    }

  return TRUE;
}

static JsonObject *
parse_body (PdSandboxRequest *request)
{
  g_autoptr(GError) error = NULL;
  JsonObject *body = pd_sandbox_request_parse_object (request, &error);

  if (body == NULL)
    pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                               "The request body is not a JSON object: %s", error->message);

  return body;
}

static void
reject (PdSandboxRequest *request,
        GError           *error)
{
  pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, "validation_error", error->message);
}

static gboolean
read_required_string (PdSandboxRequest  *request,
                      JsonObject        *body,
                      const char        *member,
                      const char       **out)
{
  g_autoptr(GError) error = NULL;

  if (!pd_sandbox_json_get_string (body, member, out, &error))
    {
      reject (request, error);
      return FALSE;
    }

  if (*out == NULL || **out == '\0')
    {
      pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                 "The %s field is required.", member);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_optional_string (PdSandboxRequest  *request,
                      JsonObject        *body,
                      const char        *member,
                      const char       **out)
{
  g_autoptr(GError) error = NULL;

  if (!pd_sandbox_json_get_string (body, member, out, &error))
    {
      reject (request, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_statement_descriptor (PdSandboxRequest  *request,
                           JsonObject        *body,
                           const char       **out)
{
  if (!read_optional_string (request, body, "statementDescriptor", out))
    return FALSE;

  if (*out != NULL && g_utf8_strlen (*out, -1) > MAX_STATEMENT_DESCRIPTOR)
    {
      pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                "The statementDescriptor must be at most 22 characters long.");
      return FALSE;
    }

  return TRUE;
}

/* An amount in pesewas: an integer literal, at least 1.00 GHS, within int32. */
static gboolean
read_amount (PdSandboxRequest *request,
             JsonObject       *body,
             gboolean          required,
             gboolean         *present,
             PdMoney          *out)
{
  g_autoptr(GError) error = NULL;
  gint64 value;

  if (!pd_sandbox_json_get_int (body, "amount", present, &value, &error))
    {
      reject (request, error);
      return FALSE;
    }

  if (!*present)
    {
      if (required)
        pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                  "The amount field is required.");
      return !required;
    }

  if (value < MIN_AMOUNT || value > G_MAXINT32)
    {
      pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                "The amount must be a whole number of pesewas from 100 (1.00 GHS) to 2147483647.");
      return FALSE;
    }

  *out = ghs (value);
  return TRUE;
}

static gboolean
read_currency (PdSandboxRequest *request,
               JsonObject       *body)
{
  const char *currency;

  if (!read_required_string (request, body, "currency", &currency))
    return FALSE;

  if (strcmp (currency, CURRENCY) != 0)
    {
      pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                 "The currency %s is not supported. Supported currencies: GHS.", currency);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_metadata_field (FayaPay          *self,
                     PdSandboxRequest *request,
                     JsonObject       *body,
                     const char       *current,
                     const char      **out)
{
  g_autoptr(GError) error = NULL;

  if (!read_metadata (self, body, current, out, &error))
    {
      reject (request, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_valid_email (const char *email)
{
  const char *at = strchr (email, '@');

  return at != NULL && at != email && strchr (at + 1, '@') == NULL &&
         strchr (at + 1, '.') != NULL && at[strlen (at) - 1] != '.' &&
         strpbrk (email, " \t\r\n") == NULL;
}

static gboolean
is_valid_phone (const char *phone)
{
  gsize digits = 0;

  if (phone[0] != '+' || phone[1] < '1' || phone[1] > '9')
    return FALSE;

  for (const char *p = phone + 1; *p; p++, digits++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  return digits >= 8 && digits <= 15;
}

static gboolean
read_email (PdSandboxRequest  *request,
            JsonObject        *body,
            const char        *member,
            const char       **out)
{
  if (!read_optional_string (request, body, member, out))
    return FALSE;

  if (*out != NULL && **out != '\0' && !is_valid_email (*out))
    {
      pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                 "The %s field is not a valid e-mail address.", member);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_phone (PdSandboxRequest  *request,
            JsonObject        *body,
            const char       **out)
{
  if (!read_optional_string (request, body, "phone", out))
    return FALSE;

  if (*out != NULL && **out != '\0' && !is_valid_phone (*out))
    {
      pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                "The phone must be a valid phone number including the country code, e.g. +233200123456.");
      return FALSE;
    }

  return TRUE;
}

/* "" clears an optional text; NULL (absent or null) keeps it. */
static const char *
updated_text (FayaPay    *self,
              const char *current,
              const char *given)
{
  if (given == NULL)
    return current;
  if (*given == '\0')
    return NULL;

  return pd_sandbox_provider_intern (self->provider, given);
}

static gboolean
reference_taken (PdSandboxRequest *request,
                 GHashTable       *references,
                 const char       *reference,
                 const char       *kind)
{
  if (!g_hash_table_contains (references, reference))
    return FALSE;

  pd_sandbox_request_errorf (request, SOUP_STATUS_CONFLICT, "duplicate_reference",
                             "A %s with the reference %s already exists.", kind, reference);
  return TRUE;
}

/* Well-known test sources: any id "src_test_…" not seen before names a
 * fresh, unattached, reusable mobile-money source, so that a client can
 * attach and charge sources although the API has no call that creates one. */
static Source *
lookup_source (FayaPay    *self,
               const char *id)
{
  Source *source = pd_sandbox_table_lookup (self->sources, id);

  if (source == NULL && g_str_has_prefix (id, "src_test_") && strlen (id) <= 64)
    {
      PdSandboxRandom *random = pd_sandbox_provider_get_random (self->provider);
      g_autofree char *phone = pd_sandbox_mobile_number (random, PD_SANDBOX_REGION_GHANA, NULL);

      source = g_new0 (Source, 1);
      source->base.id = pd_sandbox_provider_intern (self->provider, id);
      source->base.created = pd_sandbox_provider_now (self->provider);
      source->masked_name = pd_sandbox_provider_intern_printf (self->provider, "MTN ******%s",
                                                               phone + strlen (phone) - 4);
      source->amount = ghs (0);
      source->reusable = TRUE;
      source->state = SOURCE_CHARGEABLE;
      source->owner_phone = pd_sandbox_provider_intern (self->provider, phone);
      source->client_secret = new_id (self, "src_client_secret_");
      pd_sandbox_table_append (self->sources, source->base.id, source);
    }

  return source;
}

static void
not_found (PdSandboxRequest *request,
           const char       *kind,
           const char       *id)
{
  pd_sandbox_request_errorf (request, SOUP_STATUS_NOT_FOUND, "general_error",
                             "No such %s: %s", kind, id);
}

/* Charges */

static void
list_charges (PdSandboxProvider *provider,
              PdSandboxRequest  *request)
{
  FayaPay *self = pd_sandbox_provider_get_state (provider);

  list_records (self, request, self->charges, write_charge);
}

static void
get_charge (PdSandboxProvider *provider,
            PdSandboxRequest  *request)
{
  FayaPay *self = pd_sandbox_provider_get_state (provider);
  const char *id = pd_sandbox_request_get_param (request, "id");
  Charge *charge = pd_sandbox_table_lookup (self->charges, id);

  if (charge == NULL)
    not_found (request, "charge", id);
  else
    respond_record (self, request, write_charge, charge);
}

/* Which source a charge draws on (see "Create a Charge"): the one given,
 * which must be the customer's or nobody's, else the customer's default. */
static Source *
charge_source (FayaPay          *self,
               PdSandboxRequest *request,
               const char       *source_id,
               Customer         *customer,
               const PdMoney    *amount)
{
  Source *source;

  if (source_id == NULL)
    {
      source = customer->default_source ? lookup_source (self, customer->default_source) : NULL;
      if (source == NULL)
        {
          pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                     "The customer %s has no default source; give a source.",
                                     customer->base.id);
          return NULL;
        }
    }
  else
    {
      source = lookup_source (self, source_id);
      if (source == NULL)
        {
          pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                     "No such source: %s", source_id);
          return NULL;
        }

      if (customer != NULL && source->customer_id != NULL &&
          strcmp (source->customer_id, customer->base.id) != 0)
        {
          pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                     "The source %s is attached to another customer.", source_id);
          return NULL;
        }
    }

  if (source->state == SOURCE_EXPIRED)
    {
      pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, "source_expired",
                                 "The source %s has expired.", source->base.id);
      return NULL;
    }

  if (source->state != SOURCE_CHARGEABLE)
    {
      pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                 "The source %s cannot be charged: it is %s.",
                                 source->base.id, source_state_names[source->state]);
      return NULL;
    }

  if (strcmp (source->amount.currency, amount->currency) != 0)
    {
      pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, "currency_mismatch",
                                "The currency does not match the source's currency.");
      return NULL;
    }

  if (source->amount.units != 0 && !pd_money_equal (&source->amount, amount))
    {
      pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, "amount_mismatch",
                                "The amount does not match the source's amount.");
      return NULL;
    }

  return source;
}

static void
create_charge (PdSandboxProvider *provider,
               PdSandboxRequest  *request)
{
  FayaPay *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) body = NULL;
  const char *reference, *source_id, *customer_id, *descriptor, *description, *metadata;
  Customer *customer = NULL;
  Source *source;
  Charge *charge;
  PdMoney amount;
  gboolean present;
  gint64 now = pd_sandbox_provider_now (provider);

  if ((body = parse_body (request)) == NULL ||
      !read_required_string (request, body, "reference", &reference) ||
      !read_amount (request, body, TRUE, &present, &amount) ||
      !read_currency (request, body) ||
      !read_optional_string (request, body, "source", &source_id) ||
      !read_optional_string (request, body, "customer", &customer_id) ||
      !read_statement_descriptor (request, body, &descriptor) ||
      !read_optional_string (request, body, "description", &description) ||
      !read_metadata_field (self, request, body, NULL, &metadata))
    return;

  if (source_id != NULL && *source_id == '\0')
    source_id = NULL;
  if (customer_id != NULL && *customer_id == '\0')
    customer_id = NULL;

  if (source_id == NULL && customer_id == NULL)
    {
      pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                "Give a source or a customer to charge.");
      return;
    }

  if (reference_taken (request, self->charge_references, reference, "charge"))
    return;

  if (customer_id != NULL)
    {
      customer = pd_sandbox_table_lookup (self->customers, customer_id);
      if (customer == NULL)
        {
          pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                     "No such customer: %s", customer_id);
          return;
        }
    }

  source = charge_source (self, request, source_id, customer, &amount);
  if (source == NULL)
    return;

  charge = g_new0 (Charge, 1);
  charge->base.id = new_id (self, "ch_");
  charge->base.created = now;
  charge->reference = pd_sandbox_provider_intern (provider, reference);
  charge->source_id = source->base.id;
  charge->customer_id = customer ? customer->base.id : source->customer_id;
  charge->amount = amount;
  charge->amount_refunded = ghs (0);
  charge->fee = fee_for (&amount, 195);
  charge->statement_descriptor = pd_sandbox_provider_intern (provider, descriptor);
  charge->description = pd_sandbox_provider_intern (provider, description);
  charge->metadata = metadata;
  charge->state = STATE_SUCCEEDED;

  switch (amount.units)
    {
    case AMOUNT_INSUFFICIENT_BALANCE:
      charge->state = STATE_FAILED;
      charge->failure_code = "InsufficientBalance";
      charge->failure_message = "The mobile money wallet does not hold enough funds.";
      break;
    case AMOUNT_USER_DECLINED:
      charge->state = STATE_FAILED;
      charge->failure_code = "UserDeclined";
      charge->failure_message = "The customer declined the payment prompt.";
      break;
    case AMOUNT_PENDING:
      charge->state = STATE_PENDING;
      charge->settles_at = now + PENDING_SECONDS;
      break;
    default:
      break;
    }

  if (charge->state == STATE_FAILED)
    charge->fee = ghs (0);

  /* A source nobody owns is used up by the charge. */
  if (source->customer_id == NULL && charge->state != STATE_FAILED)
    source->state = SOURCE_CONSUMED;

  if (charge->state != STATE_FAILED && customer != NULL && customer->email != NULL)
    {
      charge->receipt_id = new_id (self, "rcpt_");
      charge->receipt_email = customer->email;
    }

  pd_sandbox_table_append (self->charges, charge->base.id, charge);
  g_hash_table_insert (self->charge_references, (gpointer)charge->reference, charge);

  if (charge->state != STATE_FAILED)
    pd_sandbox_request_record (request, "charge", charge->source_id, charge->base.id,
                               charge->reference, &charge->amount);

  respond_record (self, request, write_charge, charge);
}

static void
update_charge (PdSandboxProvider *provider,
               PdSandboxRequest  *request)
{
  FayaPay *self = pd_sandbox_provider_get_state (provider);
  const char *id = pd_sandbox_request_get_param (request, "id");
  Charge *charge = pd_sandbox_table_lookup (self->charges, id);
  g_autoptr(JsonObject) body = NULL;
  const char *customer_id, *description, *metadata;

  if (charge == NULL)
    {
      not_found (request, "charge", id);
      return;
    }

  if ((body = parse_body (request)) == NULL ||
      !read_optional_string (request, body, "customer", &customer_id) ||
      !read_optional_string (request, body, "description", &description) ||
      !read_metadata_field (self, request, body, charge->metadata, &metadata))
    return;

  if (customer_id != NULL && *customer_id != '\0')
    {
      Customer *customer = pd_sandbox_table_lookup (self->customers, customer_id);

      if (customer == NULL)
        {
          pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                     "No such customer: %s", customer_id);
          return;
        }

      if (charge->customer_id != NULL && strcmp (charge->customer_id, customer->base.id) != 0)
        {
          pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                     "The charge %s already belongs to the customer %s.",
                                     charge->base.id, charge->customer_id);
          return;
        }

      charge->customer_id = customer->base.id;
    }

  charge->description = updated_text (self, charge->description, description);
  charge->metadata = metadata;

  respond_record (self, request, write_charge, charge);
}

static void
refund_charge (PdSandboxProvider *provider,
               PdSandboxRequest  *request)
{
  FayaPay *self = pd_sandbox_provider_get_state (provider);
  const char *id = pd_sandbox_request_get_param (request, "id");
  Charge *charge = pd_sandbox_table_lookup (self->charges, id);
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *left_text = NULL;
  const char *reference, *description, *metadata;
  PdMoney amount, left;
  gboolean present;
  Refund *refund;
  int order = 0;

  if (charge == NULL)
    {
      not_found (request, "charge", id);
      return;
    }

  if ((body = parse_body (request)) == NULL ||
      !read_required_string (request, body, "reference", &reference) ||
      !read_amount (request, body, FALSE, &present, &amount) ||
      !read_optional_string (request, body, "description", &description) ||
      !read_metadata_field (self, request, body, NULL, &metadata))
    return;

  if (reference_taken (request, self->refund_references, reference, "refund"))
    return;

  charge_refresh (self, charge);
  if (charge->state == STATE_REFUNDED)
    {
      pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                 "The charge %s has already been refunded in full.", charge->base.id);
      return;
    }

  if (charge->state != STATE_SUCCEEDED)
    {
      pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                 "Only a succeeded charge can be refunded; %s is %s.",
                                 charge->base.id, state_names[charge->state]);
      return;
    }

  pd_money_subtract (&charge->amount, &charge->amount_refunded, &left, NULL);
  if (!present)
    amount = left;

  pd_money_compare (&amount, &left, &order, NULL);
  if (order > 0)
    {
      g_autofree char *asked = pd_money_to_plain (&amount);

      left_text = pd_money_to_plain (&left);
      pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                 "The refund of %s GHS exceeds the %s GHS left to refund on the charge %s.",
                                 asked, left_text, charge->base.id);
      return;
    }

  refund = g_new0 (Refund, 1);
  refund->base.id = new_id (self, "re_");
  refund->base.created = pd_sandbox_provider_now (provider);
  refund->reference = pd_sandbox_provider_intern (provider, reference);
  refund->charge_id = charge->base.id;
  refund->amount = amount;
  refund->description = pd_sandbox_provider_intern (provider, description);
  refund->metadata = metadata;
  refund->state = STATE_SUCCEEDED;

  pd_money_add (&charge->amount_refunded, &amount, &charge->amount_refunded, NULL);
  if (pd_money_equal (&charge->amount_refunded, &charge->amount))
    charge->state = STATE_REFUNDED;

  pd_sandbox_table_append (self->refunds, refund->base.id, refund);
  g_hash_table_insert (self->refund_references, (gpointer)refund->reference, refund);
  pd_sandbox_request_record (request, "refund", charge->base.id, refund->base.id,
                             refund->reference, &refund->amount);

  respond_record (self, request, write_refund, refund);
}

/* Refunds */

static void
list_refunds (PdSandboxProvider *provider,
              PdSandboxRequest  *request)
{
  FayaPay *self = pd_sandbox_provider_get_state (provider);

  list_records (self, request, self->refunds, write_refund);
}

static void
get_refund (PdSandboxProvider *provider,
            PdSandboxRequest  *request)
{
  FayaPay *self = pd_sandbox_provider_get_state (provider);
  const char *id = pd_sandbox_request_get_param (request, "id");
  Refund *refund = pd_sandbox_table_lookup (self->refunds, id);

  if (refund == NULL)
    not_found (request, "refund", id);
  else
    respond_record (self, request, write_refund, refund);
}

static void
update_refund (PdSandboxProvider *provider,
               PdSandboxRequest  *request)
{
  FayaPay *self = pd_sandbox_provider_get_state (provider);
  const char *id = pd_sandbox_request_get_param (request, "id");
  Refund *refund = pd_sandbox_table_lookup (self->refunds, id);
  g_autoptr(JsonObject) body = NULL;
  const char *description, *metadata;

  if (refund == NULL)
    {
      not_found (request, "refund", id);
      return;
    }

  if ((body = parse_body (request)) == NULL ||
      !read_optional_string (request, body, "description", &description) ||
      !read_metadata_field (self, request, body, refund->metadata, &metadata))
    return;

  refund->description = updated_text (self, refund->description, description);
  refund->metadata = metadata;

  respond_record (self, request, write_refund, refund);
}

/* Customers */

static void
list_customers (PdSandboxProvider *provider,
                PdSandboxRequest  *request)
{
  FayaPay *self = pd_sandbox_provider_get_state (provider);

  list_records (self, request, self->customers, write_customer);
}

static void
get_customer (PdSandboxProvider *provider,
              PdSandboxRequest  *request)
{
  FayaPay *self = pd_sandbox_provider_get_state (provider);
  const char *id = pd_sandbox_request_get_param (request, "id");
  Customer *customer = pd_sandbox_table_lookup (self->customers, id);

  if (customer == NULL)
    not_found (request, "customer", id);
  else
    respond_record (self, request, write_customer, customer);
}

static void
create_customer (PdSandboxProvider *provider,
                 PdSandboxRequest  *request)
{
  FayaPay *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) body = NULL;
  const char *name, *email, *phone, *description, *metadata;
  Customer *customer;

  if ((body = parse_body (request)) == NULL ||
      !read_required_string (request, body, "name", &name) ||
      !read_email (request, body, "email", &email) ||
      !read_phone (request, body, &phone) ||
      !read_optional_string (request, body, "description", &description) ||
      !read_metadata_field (self, request, body, NULL, &metadata))
    return;

  customer = g_new0 (Customer, 1);
  customer->base.id = new_id (self, "cus_");
  customer->base.created = pd_sandbox_provider_now (provider);
  customer->name = pd_sandbox_provider_intern (provider, name);
  customer->email = updated_text (self, NULL, email);
  customer->phone = updated_text (self, NULL, phone);
  customer->description = updated_text (self, NULL, description);
  customer->metadata = metadata;
  pd_sandbox_table_append (self->customers, customer->base.id, customer);

  respond_record (self, request, write_customer, customer);
}

static void
update_customer (PdSandboxProvider *provider,
                 PdSandboxRequest  *request)
{
  FayaPay *self = pd_sandbox_provider_get_state (provider);
  const char *id = pd_sandbox_request_get_param (request, "id");
  Customer *customer = pd_sandbox_table_lookup (self->customers, id);
  g_autoptr(JsonObject) body = NULL;
  const char *name, *email, *phone, *description, *default_source, *metadata;

  if (customer == NULL)
    {
      not_found (request, "customer", id);
      return;
    }

  if ((body = parse_body (request)) == NULL ||
      !read_optional_string (request, body, "name", &name) ||
      !read_email (request, body, "email", &email) ||
      !read_phone (request, body, &phone) ||
      !read_optional_string (request, body, "description", &description) ||
      !read_optional_string (request, body, "defaultSource", &default_source) ||
      !read_metadata_field (self, request, body, customer->metadata, &metadata))
    return;

  if (name != NULL && *name == '\0')
    {
      pd_sandbox_request_error (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                "The name of a customer cannot be empty.");
      return;
    }

  if (default_source != NULL && *default_source != '\0')
    {
      Source *source = lookup_source (self, default_source);

      if (source == NULL || g_strcmp0 (source->customer_id, customer->base.id) != 0)
        {
          pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                     "The source %s is not attached to the customer %s.",
                                     default_source, customer->base.id);
          return;
        }

      customer->default_source = source->base.id;
    }

  customer->name = updated_text (self, customer->name, name);
  customer->email = updated_text (self, customer->email, email);
  customer->phone = updated_text (self, customer->phone, phone);
  customer->description = updated_text (self, customer->description, description);
  customer->metadata = metadata;

  respond_record (self, request, write_customer, customer);
}

static void
attach_source (PdSandboxProvider *provider,
               PdSandboxRequest  *request)
{
  FayaPay *self = pd_sandbox_provider_get_state (provider);
  const char *id = pd_sandbox_request_get_param (request, "id");
  Customer *customer = pd_sandbox_table_lookup (self->customers, id);
  g_autoptr(JsonObject) body = NULL;
  const char *source_id;
  Source *source;

  if (customer == NULL)
    {
      not_found (request, "customer", id);
      return;
    }

  if ((body = parse_body (request)) == NULL ||
      !read_required_string (request, body, "source", &source_id))
    return;

  source = lookup_source (self, source_id);
  if (source == NULL)
    {
      pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                 "No such source: %s", source_id);
      return;
    }

  if (source->customer_id != NULL)
    {
      pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                 "The source %s is already attached to a customer.", source_id);
      return;
    }

  if (source->state == SOURCE_EXPIRED)
    {
      pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, "source_expired",
                                 "The source %s has expired.", source_id);
      return;
    }

  if (!source->reusable ||
      (source->state != SOURCE_CHARGEABLE && source->state != SOURCE_PENDING))
    {
      pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, "validation_error",
                                 "Only a reusable source that is chargeable or pending can be attached; %s is not.",
                                 source_id);
      return;
    }

  source->customer_id = customer->base.id;
  respond_record (self, request, write_source, source);
}

/* Sources */

static void
get_source (PdSandboxProvider *provider,
            PdSandboxRequest  *request)
{
  FayaPay *self = pd_sandbox_provider_get_state (provider);
  const char *id = pd_sandbox_request_get_param (request, "id");
  Source *source = lookup_source (self, id);

  if (source == NULL)
    not_found (request, "source", id);
  else
    respond_record (self, request, write_source, source);
}

/* Disbursements */

static void
list_disbursements (PdSandboxProvider *provider,
                    PdSandboxRequest  *request)
{
  FayaPay *self = pd_sandbox_provider_get_state (provider);

  list_records (self, request, self->disbursements, write_disbursement);
}

static void
get_disbursement (PdSandboxProvider *provider,
                  PdSandboxRequest  *request)
{
  FayaPay *self = pd_sandbox_provider_get_state (provider);
  const char *id = pd_sandbox_request_get_param (request, "id");
  Disbursement *disbursement = pd_sandbox_table_lookup (self->disbursements, id);

  if (disbursement == NULL)
    not_found (request, "disbursement", id);
  else
    respond_record (self, request, write_disbursement, disbursement);
}

static void
create_disbursement (PdSandboxProvider *provider,
                     PdSandboxRequest  *request)
{
  FayaPay *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) body = NULL;
  const char *reference, *name, *email, *account_provider, *number, *country;
  const char *descriptor, *description, *metadata;
  Disbursement *disbursement;
  PdMoney amount;
  gboolean present;

  if ((body = parse_body (request)) == NULL ||
      !read_required_string (request, body, "reference", &reference) ||
      !read_amount (request, body, TRUE, &present, &amount) ||
      !read_currency (request, body) ||
      !read_optional_string (request, body, "recipientName", &name) ||
      !read_email (request, body, "recipientEmail", &email) ||
      !read_required_string (request, body, "recipientAccountProvider", &account_provider) ||
      !read_required_string (request, body, "recipientAccountNumber", &number) ||
      !read_required_string (request, body, "recipientAccountCountry", &country) ||
      !read_statement_descriptor (request, body, &descriptor) ||
      !read_optional_string (request, body, "description", &description) ||
      !read_metadata_field (self, request, body, NULL, &metadata))
    return;

  if (reference_taken (request, self->disbursement_references, reference, "disbursement"))
    return;

  disbursement = g_new0 (Disbursement, 1);
  disbursement->base.id = new_id (self, "dsb_");
  disbursement->base.created = pd_sandbox_provider_now (provider);
  disbursement->reference = pd_sandbox_provider_intern (provider, reference);
  disbursement->amount = amount;
  disbursement->fee = fee_for (&amount, 100);
  disbursement->recipient_name = updated_text (self, NULL, name);
  disbursement->recipient_email = updated_text (self, NULL, email);
  disbursement->recipient_provider = pd_sandbox_provider_intern (provider, account_provider);
  disbursement->recipient_number = pd_sandbox_provider_intern (provider, number);
  disbursement->recipient_country = pd_sandbox_provider_intern (provider, country);
  disbursement->statement_descriptor = pd_sandbox_provider_intern (provider, descriptor);
  disbursement->description = pd_sandbox_provider_intern (provider, description);
  disbursement->metadata = metadata;
  disbursement->state = STATE_SUCCEEDED;

  if (amount.units == AMOUNT_INSUFFICIENT_BALANCE)
    {
      disbursement->state = STATE_FAILED;
      disbursement->fee = ghs (0);
      disbursement->failure_code = "InsufficientBalance";
      disbursement->failure_message = "The merchant balance does not cover this disbursement.";
    }
  else if (disbursement->recipient_email != NULL)
    {
      disbursement->receipt_id = new_id (self, "rcpt_");
      disbursement->receipt_email = disbursement->recipient_email;
    }

  pd_sandbox_table_append (self->disbursements, disbursement->base.id, disbursement);
  g_hash_table_insert (self->disbursement_references, (gpointer)disbursement->reference, disbursement);

  if (disbursement->state != STATE_FAILED)
    pd_sandbox_request_record (request, "disbursement", disbursement->recipient_number,
                               disbursement->base.id, disbursement->reference, &disbursement->amount);

  respond_record (self, request, write_disbursement, disbursement);
}

static void
update_disbursement (PdSandboxProvider *provider,
                     PdSandboxRequest  *request)
{
  FayaPay *self = pd_sandbox_provider_get_state (provider);
  const char *id = pd_sandbox_request_get_param (request, "id");
  Disbursement *disbursement = pd_sandbox_table_lookup (self->disbursements, id);
  g_autoptr(JsonObject) body = NULL;
  const char *description, *metadata;

  if (disbursement == NULL)
    {
      not_found (request, "disbursement", id);
      return;
    }

  if ((body = parse_body (request)) == NULL ||
      !read_optional_string (request, body, "description", &description) ||
      !read_metadata_field (self, request, body, disbursement->metadata, &metadata))
    return;

  disbursement->description = updated_text (self, disbursement->description, description);
  disbursement->metadata = metadata;

  respond_record (self, request, write_disbursement, disbursement);
}

/* Payouts */

static void
list_payouts (PdSandboxProvider *provider,
              PdSandboxRequest  *request)
{
  FayaPay *self = pd_sandbox_provider_get_state (provider);

  list_records (self, request, self->payouts, write_payout);
}

static void
get_payout (PdSandboxProvider *provider,
            PdSandboxRequest  *request)
{
  FayaPay *self = pd_sandbox_provider_get_state (provider);
  const char *id = pd_sandbox_request_get_param (request, "id");
  Payout *payout = pd_sandbox_table_lookup (self->payouts, id);

  if (payout == NULL)
    not_found (request, "payout", id);
  else
    respond_record (self, request, write_payout, payout);
}

/* Seeded data */

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 ta = *(const gint64 *)a;
  gint64 tb = *(const gint64 *)b;

  return (ta > tb) - (ta < tb);
}

static int
compare_records (gconstpointer a,
                 gconstpointer b)
{
  const Record *ra = *(Record * const *)a;
  const Record *rb = *(Record * const *)b;

  if (ra->created != rb->created)
    return (ra->created > rb->created) - (ra->created < rb->created);

  return strcmp (ra->id, rb->id);
}

/* @n creation times between @from and @to, oldest first. */
static gint64 *
sorted_times (PdSandboxRandom *random,
              guint            n,
              gint64           from,
              gint64           to)
{
  gint64 *times = g_new (gint64, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    times[i] = pd_sandbox_random_between (random, from, to);
  qsort (times, n, sizeof *times, compare_times);

  return times;
}

/* Amounts as shops take them: mostly small, some large, many round. */
static gint64
seed_amount (PdSandboxRandom *random,
             gint64           low_cedis,
             gint64           high_cedis)
{
  guint tier = pd_sandbox_random_below (random, 100);
  gint64 cedis;

  if (tier < 50)
    cedis = pd_sandbox_random_between (random, low_cedis, MIN (100, high_cedis));
  else if (tier < 85)
    cedis = pd_sandbox_random_between (random, MIN (100, high_cedis), MIN (1000, high_cedis));
  else
    cedis = pd_sandbox_random_between (random, MIN (1000, high_cedis), high_cedis);

  if (pd_sandbox_random_percent (random, 55))
    return cedis * 100;

  return cedis * 100 + pd_sandbox_random_below (random, 100);
}

static const char *
local_number (FayaPay    *self,
              const char *e164)
{
  /* +233241234567 → 0241234567, as people in Ghana write it. */
  return pd_sandbox_provider_intern_printf (self->provider, "0%s", e164 + 4);
}

static Source *
seed_source (FayaPay         *self,
             PdSandboxRandom *random,
             gint64           created,
             const char      *owner_name,
             const char      *owner_email,
             const char      *phone,
             const char      *network,
             gboolean         reusable)
{
  Source *source = g_new0 (Source, 1);

  source->base.id = new_id (self, "src_");
  source->base.created = created;
  source->masked_name = pd_sandbox_provider_intern_printf (self->provider, "%s ******%s",
                                                           network, phone + strlen (phone) - 4);
  source->amount = ghs (0);
  source->reusable = reusable;
  source->state = SOURCE_CHARGEABLE;
  source->owner_name = owner_name;
  source->owner_email = owner_email;
  source->owner_phone = phone;
  source->verified = pd_sandbox_random_percent (random, 80);
  source->client_secret = new_id (self, "src_client_secret_");
  pd_sandbox_table_append (self->sources, source->base.id, source);

  return source;
}

static const char * const customer_notes[] = {
  "Regular at the Osu shop",
  "Wholesale buyer, pays at month end",
  "Prefers \"MoMo\" to cash",
  "VIP — call before delivery",
  "Caterer, orders for weddings & funerals",
};

static const char * const ghana_cities[] = {
  "Accra", "Kumasi", "Tamale", "Takoradi", "Cape Coast", "Ho", "Koforidua", "Sunyani",
};

static void
seed_customers (FayaPay         *self,
                PdSandboxRandom *random,
                guint            n,
                gint64           start)
{
  g_autofree gint64 *times = sorted_times (random, n, start - SEED_SPAN, start - DAY);

  for (guint i = 0; i < n; i++)
    {
      g_auto(PdSandboxPerson) person = { 0 };
      g_autofree char *phone = NULL;
      Customer *customer = g_new0 (Customer, 1);
      const char *network = NULL;
      guint n_sources;

      pd_sandbox_person_init (&person, random, PD_SANDBOX_REGION_GHANA);
      phone = pd_sandbox_mobile_number (random, PD_SANDBOX_REGION_GHANA, &network);

      customer->base.id = new_id (self, "cus_");
      customer->base.created = times[i];
      customer->name = pd_sandbox_provider_intern (self->provider, person.name);
      if (pd_sandbox_random_percent (random, 90))
        customer->email = pd_sandbox_provider_intern (self->provider, person.email);
      if (pd_sandbox_random_percent (random, 85))
        customer->phone = pd_sandbox_provider_intern (self->provider, phone);
      if (pd_sandbox_random_percent (random, 25))
        customer->description = PD_SANDBOX_RANDOM_PICK (random, customer_notes);
      if (pd_sandbox_random_percent (random, 40))
        {
          g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);

          g_ptr_array_add (pairs, g_strdup ("city"));
          g_ptr_array_add (pairs, g_strdup (PD_SANDBOX_RANDOM_PICK (random, ghana_cities)));
          g_ptr_array_add (pairs, g_strdup ("loyalty_id"));
          g_ptr_array_add (pairs, g_strdup_printf ("LY-%05u", pd_sandbox_random_below (random, 100000)));
          customer->metadata = metadata_intern (self, pairs);
        }
      pd_sandbox_table_append (self->customers, customer->base.id, customer);

      n_sources = pd_sandbox_random_below (random, 100);
      n_sources = n_sources < 5 ? 0 : n_sources < 85 ? 1 : 2;
      for (guint j = 0; j < n_sources; j++)
        {
          const char *owner_phone = pd_sandbox_provider_intern (self->provider, phone);
          Source *source;

          if (j > 0)
            {
              g_autofree char *other = pd_sandbox_mobile_number (random, PD_SANDBOX_REGION_GHANA, &network);

              owner_phone = pd_sandbox_provider_intern (self->provider, other);
            }

          source = seed_source (self, random, times[i] + 60 * (j + 1), customer->name,
                                customer->email, owner_phone, network, TRUE);
          source->customer_id = customer->base.id;
          if (pd_sandbox_random_percent (random, 3))
            source->state = SOURCE_EXPIRED;
          if (customer->default_source == NULL)
            customer->default_source = source->base.id;
        }
    }
}

/* How many customers existed at @time: customers are oldest first. */
static guint
customers_before (FayaPay *self,
                  gint64   time)
{
  guint low = 0;
  guint high = pd_sandbox_table_get_length (self->customers);

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      Record *record = pd_sandbox_table_get (self->customers, middle);

      if (record->created < time)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

static const char * const reference_prefixes[] = { "ORD", "INV", "POS", "WEB" };
static const char * const descriptors[] = {
  "FAYA*ADJOA'S KITCHEN", "FAYA*KOFI BROKE MAN", "FAYA*OSU MART", "FAYA*KENTE HOUSE", "FAYA*ACCRA BOOKS",
};

static void
seed_charges (FayaPay         *self,
              PdSandboxRandom *random,
              guint            n,
              gint64           start)
{
  g_autofree gint64 *times = sorted_times (random, n, start - SEED_SPAN, start - 60);
  guint n_customers = pd_sandbox_table_get_length (self->customers);

  for (guint i = 0; i < n; i++)
    {
      Charge *charge = g_new0 (Charge, 1);
      Customer *customer = NULL;
      Source *source = NULL;
      guint roll;

      charge->base.id = new_id (self, "ch_");
      charge->base.created = times[i];

      if (n_customers > 0 && pd_sandbox_random_percent (random, 85))
        {
          guint existing = customers_before (self, times[i]);

          if (existing > 0)
            customer = pd_sandbox_table_get (self->customers, pd_sandbox_random_below (random, existing));
          if (customer != NULL && customer->default_source != NULL)
            source = pd_sandbox_table_lookup (self->sources, customer->default_source);
          if (source != NULL && source->state != SOURCE_CHARGEABLE)
            source = NULL;
          if (source == NULL)
            customer = NULL;
        }

      if (source == NULL)
        {
          g_auto(PdSandboxPerson) person = { 0 };
          g_autofree char *phone = NULL;
          const char *network = NULL;

          pd_sandbox_person_init (&person, random, PD_SANDBOX_REGION_GHANA);
          phone = pd_sandbox_mobile_number (random, PD_SANDBOX_REGION_GHANA, &network);
          source = seed_source (self, random, times[i] - 30,
                                pd_sandbox_provider_intern (self->provider, person.name),
                                NULL, pd_sandbox_provider_intern (self->provider, phone),
                                network, FALSE);
          source->state = SOURCE_CONSUMED;
        }

      charge->reference = pd_sandbox_provider_intern_printf (self->provider, "%s-%06u-%04u",
                                                             PD_SANDBOX_RANDOM_PICK (random, reference_prefixes),
                                                             i + 1, pd_sandbox_random_below (random, 10000));
      charge->source_id = source->base.id;
      charge->customer_id = customer ? customer->base.id : NULL;
      charge->amount = ghs (seed_amount (random, 1, 20000));
      charge->amount_refunded = ghs (0);
      charge->fee = fee_for (&charge->amount, 195);
      if (pd_sandbox_random_percent (random, 50))
        charge->statement_descriptor = PD_SANDBOX_RANDOM_PICK (random, descriptors);
      if (pd_sandbox_random_percent (random, 85))
        charge->description = pd_sandbox_provider_take (self->provider,
                                                        pd_sandbox_description (random, PD_SANDBOX_REGION_GHANA));
      if (pd_sandbox_random_percent (random, 50))
        {
          g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);

          g_ptr_array_add (pairs, g_strdup ("order_id"));
          g_ptr_array_add (pairs, g_strdup_printf ("order%05u", pd_sandbox_random_below (random, 100000)));
          if (pd_sandbox_random_percent (random, 30))
            {
              g_ptr_array_add (pairs, g_strdup ("channel"));
              g_ptr_array_add (pairs, g_strdup (pd_sandbox_random_percent (random, 50) ? "web" : "pos"));
            }
          charge->metadata = metadata_intern (self, pairs);
        }

      roll = pd_sandbox_random_below (random, 100);
      if (times[i] > start - 2 * DAY && roll < 50)
        {
          charge->state = STATE_PENDING;
          charge->settles_at = start + pd_sandbox_random_between (random, 3600, DAY);
        }
      else if (roll < 8)
        {
          static const char * const codes[] = { "UserDeclined", "UserDeclined", "InsufficientBalance", "TimedOut" };
          const char *code = PD_SANDBOX_RANDOM_PICK (random, codes);

          charge->state = STATE_FAILED;
          charge->fee = ghs (0);
          charge->failure_code = code;
          charge->failure_message = strcmp (code, "UserDeclined") == 0
                                    ? "The customer declined the payment prompt."
                                    : strcmp (code, "TimedOut") == 0
                                    ? "The customer did not approve the payment in time."
                                    : "The mobile money wallet does not hold enough funds.";
        }
      else
        {
          charge->state = STATE_SUCCEEDED;
          if (customer != NULL && customer->email != NULL)
            {
              charge->receipt_id = new_id (self, "rcpt_");
              charge->receipt_email = customer->email;
            }
          else if (pd_sandbox_random_percent (random, 40))
            {
              charge->receipt_id = new_id (self, "rcpt_");
              charge->receipt_phone = source->owner_phone;
            }
        }

      pd_sandbox_table_append (self->charges, charge->base.id, charge);
      g_hash_table_insert (self->charge_references, (gpointer)charge->reference, charge);
    }
}

static const char * const refund_reasons[] = {
  "Out of stock, sorry!",
  "Customer returned the item, \"wrong size\"",
  "Duplicate payment",
  "Order cancelled before delivery",
  "Goodwill refund — late delivery",
};

static void
seed_refunds (FayaPay         *self,
              PdSandboxRandom *random,
              gint64           start)
{
  g_autoptr(GPtrArray) refunds = g_ptr_array_new ();
  guint n_charges = pd_sandbox_table_get_length (self->charges);

  for (guint i = 0; i < n_charges; i++)
    {
      Charge *charge = pd_sandbox_table_get (self->charges, i);
      Refund *refund;
      gint64 created;

      if (charge->state != STATE_SUCCEEDED || !pd_sandbox_random_percent (random, 12))
        continue;

      created = charge->base.created + pd_sandbox_random_between (random, 3600, 20 * DAY);
      if (created > start - 60)
        continue;

      refund = g_new0 (Refund, 1);
      refund->base.id = new_id (self, "re_");
      refund->base.created = created;
      refund->reference = pd_sandbox_provider_intern_printf (self->provider, "RF-%s", charge->reference);
      refund->charge_id = charge->base.id;
      refund->description = PD_SANDBOX_RANDOM_PICK (random, refund_reasons);
      refund->state = STATE_SUCCEEDED;

      if (charge->amount.units >= 2 * MIN_AMOUNT && pd_sandbox_random_percent (random, 40))
        {
          gint64 units = pd_sandbox_random_between (random, MIN_AMOUNT, charge->amount.units - MIN_AMOUNT);

          if (pd_sandbox_random_percent (random, 60))
            units = MAX (MIN_AMOUNT, units - units % 100);
          refund->amount = ghs (units);
        }
      else
        refund->amount = charge->amount;

      if (pd_sandbox_random_percent (random, 3))
        {
          refund->state = STATE_FAILED;
          refund->failure_code = "GatewayError";
          refund->failure_message = "The mobile money network did not accept the refund.";
        }
      else
        {
          charge->amount_refunded = refund->amount;
          if (pd_money_equal (&refund->amount, &charge->amount))
            charge->state = STATE_REFUNDED;
        }

      g_ptr_array_add (refunds, refund);
    }

  g_ptr_array_sort (refunds, compare_records);
  for (guint i = 0; i < refunds->len; i++)
    {
      Refund *refund = g_ptr_array_index (refunds, i);

      pd_sandbox_table_append (self->refunds, refund->base.id, refund);
      g_hash_table_insert (self->refund_references, (gpointer)refund->reference, refund);
    }
}

static const char * const banks[] = {
  "GCB Bank", "Ecobank Ghana", "Fidelity Bank", "Stanbic Bank", "CalBank", "Absa Bank Ghana",
};

static const char * const disbursement_notes[] = {
  "Salary, June",
  "Supplier payment, \"Kofi's Farm\"",
  "Commission, week 23",
  "Refund of deposit, order 2291",
  "Transport allowance, drivers & riders",
  "Prize money — \"Best Seller\" award",
};

static void
seed_disbursements (FayaPay         *self,
                    PdSandboxRandom *random,
                    guint            n,
                    gint64           start)
{
  g_autofree gint64 *times = sorted_times (random, n, start - SEED_SPAN, start - 60);

  for (guint i = 0; i < n; i++)
    {
      Disbursement *disbursement = g_new0 (Disbursement, 1);
      g_auto(PdSandboxPerson) person = { 0 };
      g_autofree char *phone = NULL;
      const char *network = NULL;

      pd_sandbox_person_init (&person, random, PD_SANDBOX_REGION_GHANA);
      phone = pd_sandbox_mobile_number (random, PD_SANDBOX_REGION_GHANA, &network);

      disbursement->base.id = new_id (self, "dsb_");
      disbursement->base.created = times[i];
      disbursement->reference = pd_sandbox_provider_intern_printf (self->provider, "DSB-%06u", i + 1);
      disbursement->amount = ghs (seed_amount (random, 10, 5000));
      disbursement->fee = fee_for (&disbursement->amount, 100);
      disbursement->recipient_name = pd_sandbox_provider_intern (self->provider, person.name);
      if (pd_sandbox_random_percent (random, 50))
        disbursement->recipient_email = pd_sandbox_provider_intern (self->provider, person.email);
      if (pd_sandbox_random_percent (random, 70))
        {
          disbursement->recipient_provider = network;
          disbursement->recipient_number = local_number (self, phone);
        }
      else
        {
          g_autoptr(GString) account = g_string_new (NULL);

          pd_sandbox_random_digits (random, account, 13);
          disbursement->recipient_provider = PD_SANDBOX_RANDOM_PICK (random, banks);
          disbursement->recipient_number = pd_sandbox_provider_intern (self->provider, account->str);
        }
      disbursement->recipient_country = "GH";
      disbursement->description = PD_SANDBOX_RANDOM_PICK (random, disbursement_notes);
      disbursement->state = STATE_SUCCEEDED;

      if (times[i] > start - DAY && pd_sandbox_random_percent (random, 40))
        disbursement->state = STATE_PENDING;
      else if (pd_sandbox_random_percent (random, 5))
        {
          static const char * const codes[] = { "GatewayError", "InsufficientBalance", "TimedOut" };

          disbursement->state = STATE_FAILED;
          disbursement->fee = ghs (0);
          disbursement->failure_code = PD_SANDBOX_RANDOM_PICK (random, codes);
          disbursement->failure_message = "The recipient's network did not confirm the transfer.";
        }
      else if (disbursement->recipient_email != NULL)
        {
          disbursement->receipt_id = new_id (self, "rcpt_");
          disbursement->receipt_email = disbursement->recipient_email;
        }

      pd_sandbox_table_append (self->disbursements, disbursement->base.id, disbursement);
      g_hash_table_insert (self->disbursement_references, (gpointer)disbursement->reference, disbursement);
    }
}

/* One payout a week of what the week's charges brought in, less fees and
 * refunds, so statements built from the three lists add up. */
static void
seed_payouts (FayaPay         *self,
              PdSandboxRandom *random,
              gint64           start)
{
  const gint64 week = 7 * DAY;
  const gint64 from = start - SEED_SPAN;
  guint n_weeks = SEED_SPAN / week + 1;
  g_autofree gint64 *net = g_new0 (gint64, n_weeks);
  g_autoptr(GString) account = g_string_new (NULL);
  static const char * const settlement_banks[] = { "GCB", "CBG", "Ecobank", "Stanbic" };
  const char *settlement_provider = PD_SANDBOX_RANDOM_PICK (random, settlement_banks);
  const char *settlement_number;

  pd_sandbox_random_digits (random, account, 13);
  settlement_number = pd_sandbox_provider_intern (self->provider, account->str);

  for (guint i = 0; i < pd_sandbox_table_get_length (self->charges); i++)
    {
      Charge *charge = pd_sandbox_table_get (self->charges, i);
      guint bucket = (guint)((charge->base.created - from) / week);

      if (charge->state == STATE_SUCCEEDED || charge->state == STATE_REFUNDED)
        net[MIN (bucket, n_weeks - 1)] += charge->amount.units - charge->fee.units;
    }

  for (guint i = 0; i < pd_sandbox_table_get_length (self->refunds); i++)
    {
      Refund *refund = pd_sandbox_table_get (self->refunds, i);
      guint bucket = (guint)((refund->base.created - from) / week);

      if (refund->state == STATE_SUCCEEDED)
        net[MIN (bucket, n_weeks - 1)] -= refund->amount.units;
    }

  for (guint week_index = 0; week_index < n_weeks; week_index++)
    {
      gint64 created = from + (gint64)(week_index + 1) * week + 10 * 3600;
      Payout *payout;

      if (created >= start || net[week_index] < MIN_AMOUNT)
        continue;

      payout = g_new0 (Payout, 1);
      payout->base.id = new_id (self, "po_");
      payout->base.created = created;
      payout->reference = pd_sandbox_provider_intern_printf (self->provider, "PO-%04u", week_index + 1);
      payout->amount = ghs (net[week_index]);
      payout->settlement_provider = settlement_provider;
      payout->settlement_number = settlement_number;
      pd_sandbox_table_append (self->payouts, payout->base.id, payout);
    }
}

/* Set-up */

static const struct
{
  const char       *method;
  const char       *pattern;
  PdSandboxHandler  handler;
} routes[] = {
  { "GET", "/Charges", list_charges },
  { "POST", "/Charges", create_charge },
  { "GET", "/Charges/{id}", get_charge },
  { "POST", "/Charges/{id}", update_charge },
  { "POST", "/Charges/{id}/Refunds", refund_charge },
  { "GET", "/Refunds", list_refunds },
  { "GET", "/Refunds/{id}", get_refund },
  { "POST", "/Refunds/{id}", update_refund },
  { "GET", "/Customers", list_customers },
  { "POST", "/Customers", create_customer },
  { "GET", "/Customers/{id}", get_customer },
  { "POST", "/Customers/{id}", update_customer },
  { "POST", "/Customers/{id}/Sources", attach_source },
  { "GET", "/Sources/{id}", get_source },
  { "GET", "/Disbursements", list_disbursements },
  { "POST", "/Disbursements", create_disbursement },
  { "GET", "/Disbursements/{id}", get_disbursement },
  { "POST", "/Disbursements/{id}", update_disbursement },
  { "GET", "/Payouts", list_payouts },
  { "GET", "/Payouts/{id}", get_payout },
};

static gpointer
fayapay_create (PdSandboxProvider *provider,
                guint              records)
{
  FayaPay *self = g_new0 (FayaPay, 1);
  PdSandboxRandom *random = pd_sandbox_provider_get_random (provider);
  gint64 start = pd_sandbox_provider_get_start (provider);

  self->provider = provider;
  self->customers = pd_sandbox_table_new (g_free);
  self->sources = pd_sandbox_table_new (g_free);
  self->charges = pd_sandbox_table_new (g_free);
  self->refunds = pd_sandbox_table_new (g_free);
  self->disbursements = pd_sandbox_table_new (g_free);
  self->payouts = pd_sandbox_table_new (g_free);
  self->charge_references = g_hash_table_new (g_str_hash, g_str_equal);
  self->refund_references = g_hash_table_new (g_str_hash, g_str_equal);
  self->disbursement_references = g_hash_table_new (g_str_hash, g_str_equal);

  self->api_key = pd_sandbox_provider_take (provider, pd_sandbox_random_token (random, "sk_test_", 32));
  pd_sandbox_provider_set_credential (provider, "api_key", self->api_key);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    pd_sandbox_provider_add_route (provider, routes[i].method, routes[i].pattern, routes[i].handler);

  /* --records counts charges; the other lists are sized after them. */
  seed_customers (self, random, records ? MAX (1, records / 4) : 0, start);
  seed_charges (self, random, records, start);
  seed_refunds (self, random, start);
  seed_disbursements (self, random, records / 4, start);
  seed_payouts (self, random, start);

  return self;
}

static void
fayapay_free (gpointer data)
{
  FayaPay *self = data;

  g_hash_table_unref (self->charge_references);
  g_hash_table_unref (self->refund_references);
  g_hash_table_unref (self->disbursement_references);
  pd_sandbox_table_free (self->customers);
  pd_sandbox_table_free (self->sources);
  pd_sandbox_table_free (self->charges);
  pd_sandbox_table_free (self->refunds);
  pd_sandbox_table_free (self->disbursements);
  pd_sandbox_table_free (self->payouts);
  g_free (self);
}

const PdSandboxProviderInfo pd_fayapay_sandbox_info = {
  .name = "fayapay",
  .slot = 1,
  .base_path = "/v1",
  .flags = PD_SANDBOX_PROVIDER_CASE_INSENSITIVE,
  .idempotency_header = "X-IDEMPOTENCY-KEY",
  .create = fayapay_create,
  .free_state = fayapay_free,
  .authenticate = authenticate,
  .write_error = write_error,
};

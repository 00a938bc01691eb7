/* pd-zengapay-client.c - the ZengaPay provider: collections, transfers, airtime, bundles, statements
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * How ZengaPay is read (see also HACKING.md, "Provider readings" →
 * ZengaPay, and pd-zengapay-records.c for the objects):
 *
 * - Lists are Laravel pages: `?page=N`, oldest first, followed until
 *   `current_page` reaches `last_page`. The cursor of a page is its number.
 * - Money moves with a POST of {msisdn, amount, external_reference,
 *   narration} to /collections, /transfers, /airtime or /bundles, answered
 *   202 with a `transactionReference`. ZengaPay has no idempotency key, but
 *   it refuses an `external_reference` it has seen (422, read as
 *   %PD_PROVIDER_ERROR_CONFLICT): the outbox's reference is sent as it, a
 *   POST is never repeated by the HTTP layer, and an operation whose answer
 *   was lost is looked up (PD_RECONCILE_LOOKUP) — by its
 *   `transactionReference` when that is known, else by walking the list,
 *   newest page first, for its external reference.
 * - Before a number is sent anything, it is checked against the networks
 *   ZengaPay lists (fetched once per client) and written as 256 and nine
 *   digits; a number of no listed network is refused without a request.
 * - Airtime and bundles are %PD_OPERATION_TOPUP: the field `product`
 *   (`airtime`, the default, or `bundle`) picks the endpoint. A
 *   %PD_OPERATION_DISBURSEMENT is a transfer. Either way the transaction is
 *   stored under the kind its list gives it (transfer, top-up), so a sync
 *   finds the same row.
 * - The account statement is walked with the largest page there is; as
 *   the pages come, each wallet's running balance is checked
 *   (pd-zengapay-statement.c), and a break is written to the store's audit
 *   trail when the client knows the store.
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pd-zengapay-client.h"
#include "pd-zengapay-private.h"

/* Walks of the statement the sync engine has not finished, by the cursor
 * it will ask for next. More than this means walks were abandoned. */
#define MAX_OPEN_WALKS 8

typedef enum
{
  RESOURCE_CONTACTS,
  RESOURCE_COLLECTIONS,
  RESOURCE_TRANSFERS,
  RESOURCE_AIRTIME,
  RESOURCE_BUNDLES,
  RESOURCE_STATEMENT,
  RESOURCE_BALANCES,
} ResourceKind;

/* In sync order: contacts first, so that the transactions after them are
 * filled in with their names. */
static const struct
{
  const char        *name;
  ResourceKind       kind;
  PdZengapayProduct  product;
} resources[] = {
  { "contacts", RESOURCE_CONTACTS, 0 },
  { "collections", RESOURCE_COLLECTIONS, PD_ZENGAPAY_PRODUCT_COLLECTION },
  { "transfers", RESOURCE_TRANSFERS, PD_ZENGAPAY_PRODUCT_TRANSFER },
  { "airtime", RESOURCE_AIRTIME, PD_ZENGAPAY_PRODUCT_AIRTIME },
  { "bundles", RESOURCE_BUNDLES, PD_ZENGAPAY_PRODUCT_BUNDLE },
  { "statement", RESOURCE_STATEMENT, 0 },
  { "balances", RESOURCE_BALANCES, 0 },
};

static const char * const resource_names[] = {
  "contacts", "collections", "transfers", "airtime", "bundles", "statement", "balances", NULL
};

typedef struct
{
  char *id;
  char *name;
} ContactInfo;

/* Where a walk of the statement stands: the running balances, and the
 * last TRANSACTION line, whose CHARGES line follows it. */
typedef struct
{
  PdZengapayChain *chain;
  char            *last_system_id;
  char            *last_reference;
} StatementWalk;

struct _PdZengapayClient
{
  GObject       parent_instance;

  PdHttpClient *http;
  char         *timezone;
  GTimeZone    *tz;

  GPtrArray    *networks;
  GHashTable   *contacts;
  GHashTable   *references;
  GHashTable   *walks;

  PdStore      *store;
  gint64        account_id;
};

static void pd_zengapay_client_provider_iface_init (PdProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdZengapayClient, pd_zengapay_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_PROVIDER,
                                                      pd_zengapay_client_provider_iface_init))

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TOKEN,
  PROP_TIMEZONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Small helpers */

static void
contact_info_free (gpointer data)
{
  ContactInfo *info = data;

  g_free (info->id);
  g_free (info->name);
  g_free (info);
}

static StatementWalk *
statement_walk_new (void)
{
  StatementWalk *walk = g_new0 (StatementWalk, 1);

  walk->chain = pd_zengapay_chain_new ();
  return walk;
}

static void
statement_walk_free (gpointer data)
{
  StatementWalk *walk = data;

  if (walk == NULL)
    return;

  pd_zengapay_chain_free (walk->chain);
  g_free (walk->last_system_id);
  g_free (walk->last_reference);
  g_free (walk);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StatementWalk, statement_walk_free)

static GError *
malformed_error (PdZengapayClient *self,
                 guint             http_status,
                 const GError     *cause,
                 gboolean          outcome_unknown)
{
  PdProviderErrorInfo info = { 0, };

  info.provider_name = pd_http_client_get_provider_name (self->http);
  info.http_status = http_status;
  info.detail = cause != NULL ? cause->message : NULL;
  info.outcome_unknown = outcome_unknown;

  return pd_provider_error_new_full (PD_PROVIDER_ERROR_MALFORMED, &info);
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

static JsonObject *
object_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

static gboolean
read_page_number (JsonObject *object,
                  const char *member,
                  guint      *out)
{
  g_autofree char *text = zp_dup_text (object, member);
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
    return FALSE;

  *out = (guint)value;
  return TRUE;
}

/* The object a page sits under ("collections": {…}), its items, and where
 * it stands. @page is the page that was asked for. */
static JsonArray *
read_envelope (JsonObject  *root,
               const char  *member,
               guint        page,
               guint       *last_page,
               guint       *total,
               GError     **error)
{
  JsonObject *envelope = object_member (root, member);
  JsonNode *data;
  guint current = 0;

  if (envelope == NULL)
    {
      zp_invalid (error, _("the answer has no “%s” list"), member);
      return NULL;
    }

  data = json_object_get_member (envelope, "data");
  if (data == NULL || !JSON_NODE_HOLDS_ARRAY (data))
    {
      zp_invalid (error, _("the list has no “data” array"));
      return NULL;
    }

  if (!read_page_number (envelope, "current_page", &current) ||
      !read_page_number (envelope, "last_page", last_page))
    {
      zp_invalid (error, _("the list does not say which page it is"));
      return NULL;
    }

  /* Following a page that is not the one asked for could go round forever. */
  if (current != page)
    {
      zp_invalid (error, _("page %u was asked for, but the answer is page %u"), page, current);
      return NULL;
    }

  if (total != NULL && !read_page_number (envelope, "total", total))
    *total = json_array_get_length (json_node_get_array (data));

  return json_node_get_array (data);
}

/* The bytes each item of the list at @member came as, or NULL to have them
 * written again from the tree. */
static GArray *
find_raw_items (PdHttpResponse *response,
                const char     *member,
                guint           n_items)
{
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (ZpRange));
  const char * const path[] = { member, "data", NULL };
  GBytes *body = pd_http_response_get_body (response);
  gsize length = 0;
  const char *text = g_bytes_get_data (body, &length);

  if (text == NULL || !zp_find_elements (text, length, path, ranges) || ranges->len != n_items)
    return NULL;

  return g_steal_pointer (&ranges);
}

static char *
raw_item (PdHttpResponse *response,
          GArray         *ranges,
          guint           index)
{
  const char *text;
  ZpRange *range;

  if (ranges == NULL)
    return NULL;

  text = g_bytes_get_data (pd_http_response_get_body (response), NULL);
  range = &g_array_index (ranges, ZpRange, index);

  return g_strndup (text + range->start, range->end - range->start);
}

/* The bytes of the object at @member of the answer, as they came. */
static char *
raw_value (PdHttpResponse *response,
           const char     *member)
{
  const char * const path[] = { member, NULL };
  GBytes *body = pd_http_response_get_body (response);
  gsize length = 0;
  const char *text = g_bytes_get_data (body, &length);

  return zp_dup_value (text, length, path);
}

static char *
page_cursor (guint page)
{
  return g_strdup_printf ("%u", page);
}

static gboolean
parse_cursor (const char  *cursor,
              guint       *page,
              GError     **error)
{
  guint64 value = 1;

  if (cursor != NULL && !g_ascii_string_to_unsigned (cursor, 10, 1, G_MAXUINT, &value, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a ZengaPay page number"), cursor);
      return FALSE;
    }

  *page = (guint)value;
  return TRUE;
}

/* Errors */

static gboolean
messages_say_taken (JsonNode *node)
{
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *folded = NULL;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        continue;

      folded = g_ascii_strdown (json_node_get_string (element), -1);
      if (strstr (folded, "already been taken") != NULL || strstr (folded, "unique") != NULL)
        return TRUE;
    }

  return FALSE;
}

/**
 * pd_zengapay_error_code:
 * @http_status: the HTTP status of an error answer
 * @body: (nullable): the answer's JSON object
 *
 * Maps a ZengaPay error answer onto the provider error domain. ZengaPay's
 * body repeats the status (`{"code", "status", "message"}`), so the status
 * decides (pd_provider_error_code_for_http_status()), with one exception:
 * a 422 whose `errors.external_reference` says the reference was already
 * taken is %PD_PROVIDER_ERROR_CONFLICT — the operation was sent before, and
 * must be looked up, not sent again.
 *
 * Returns: the error code
 */
PdProviderError
pd_zengapay_error_code (guint       http_status,
                        JsonObject *body)
{
  JsonObject *errors;

  if (http_status == 422 && body != NULL &&
      (errors = object_member (body, "errors")) != NULL &&
      messages_say_taken (json_object_get_member (errors, "external_reference")))
    return PD_PROVIDER_ERROR_CONFLICT;

  return pd_provider_error_code_for_http_status (http_status);
}

/* {"code": 422, "status": "…", "message": "…", "errors": {"field": ["…"]}}:
 * the message and every field's messages; the fields, comma-separated, as
 * the provider code, so a form can point at them. */
static void
parse_error_body (PdHttpClient       *client,
                  PdHttpErrorDetails *details,
                  gpointer            user_data)
{
  JsonObject *object = NULL;

  if (details->root != NULL && JSON_NODE_HOLDS_OBJECT (details->root))
    {
      const char *message;
      JsonObject *errors;

      object = json_node_get_object (details->root);
      message = pd_json_get_string (object, "message");
      errors = object_member (object, "errors");

      if (errors != NULL)
        {
          g_autoptr(GString) text = g_string_new (message);
          g_autoptr(GString) fields = g_string_new (NULL);
          JsonObjectIter iter;
          const char *name;
          JsonNode *member;

          json_object_iter_init_ordered (&iter, errors);
          while (json_object_iter_next_ordered (&iter, &name, &member))
            {
              if (fields->len > 0)
                g_string_append_c (fields, ',');
              g_string_append (fields, name);

              if (!JSON_NODE_HOLDS_ARRAY (member))
                continue;

              for (guint i = 0; i < json_array_get_length (json_node_get_array (member)); i++)
                {
                  JsonNode *element = json_array_get_element (json_node_get_array (member), i);

                  if (!JSON_NODE_HOLDS_VALUE (element) ||
                      json_node_get_value_type (element) != G_TYPE_STRING)
                    continue;

                  if (text->len > 0)
                    g_string_append_c (text, ' ');
                  g_string_append (text, json_node_get_string (element));
                }
            }

          if (text->len > 0)
            details->provider_message = g_string_free (g_steal_pointer (&text), FALSE);
          if (fields->len > 0)
            details->provider_code = g_string_free (g_steal_pointer (&fields), FALSE);
        }
      else if (!zp_is_blank (message))
        {
          details->provider_message = g_strdup (message);
        }
    }

  /* Whatever else a proxy or a gateway in front of ZengaPay may say. */
  if (details->provider_message == NULL)
    pd_http_error_details_parse_default (details);

  details->code = pd_zengapay_error_code (details->http_status, object);
}

static gboolean
prepare_request (PdHttpClient   *client,
                 PdHttpRequest  *request,
                 gpointer        user_data,
                 GError        **error)
{
  const char *token = user_data;
  g_autofree char *authorization = NULL;

  if (zp_is_blank (token))
    {
      PdProviderErrorInfo info = { 0, };

      info.provider_name = pd_http_client_get_provider_name (client);
      info.detail = _("no API token is set for the account");
      g_propagate_error (error, pd_provider_error_new_full (PD_PROVIDER_ERROR_AUTH, &info));
      return FALSE;
    }

  authorization = g_strconcat ("Bearer ", token, NULL);
  pd_http_request_set_header (request, "Authorization", authorization);
  pd_secret_text_free (g_steal_pointer (&authorization));

  return TRUE;
}

/* Records the client fills in */

static void
remember_contact (PdZengapayClient *self,
                  const PdCustomer *contact)
{
  ContactInfo *info;

  if (contact->phone == NULL)
    return;

  info = g_new0 (ContactInfo, 1);
  info->id = g_strdup (contact->provider_id);
  info->name = g_strdup (contact->name);
  g_hash_table_replace (self->contacts, g_strdup (contact->phone), info);
}

/* A payment to or from a contact carries the contact's name, so that it is
 * found by it. */
static void
fill_transaction (PdZengapayClient *self,
                  PdTransaction    *transaction)
{
  ContactInfo *info;

  if (transaction->phone == NULL ||
      (info = g_hash_table_lookup (self->contacts, transaction->phone)) == NULL)
    return;

  if (transaction->customer_provider_id == NULL)
    transaction->customer_provider_id = g_strdup (info->id);
  if (transaction->customer_name == NULL)
    transaction->customer_name = g_strdup (info->name);
}

static void
remember_reference (PdZengapayClient    *self,
                    const PdTransaction *transaction)
{
  if (transaction->reference != NULL && transaction->provider_id != NULL)
    g_hash_table_replace (self->references, g_strdup (transaction->reference),
                          g_strdup (transaction->provider_id));
}

/* Reading answers */

static PdPage *
read_transaction_page (PdZengapayClient   *self,
                       PdHttpResponse     *response,
                       PdZengapayProduct   product,
                       guint               page,
                       GError            **error)
{
  const char *member = zp_product_resource (product);
  g_autoptr(PdPage) result = NULL;
  g_autoptr(GArray) ranges = NULL;
  JsonArray *items;
  guint last_page = 0;

  items = read_envelope (pd_http_response_get_object (response), member, page,
                         &last_page, NULL, error);
  if (items == NULL)
    return NULL;

  ranges = find_raw_items (response, member, json_array_get_length (items));
  result = pd_page_new (member);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      PdTransaction *transaction;

      transaction = zp_parse_transaction (json_array_get_element (items, i), zp_product_kind (product),
                                          self->tz, raw_item (response, ranges, i), error);
      if (transaction == NULL)
        return NULL;

      fill_transaction (self, transaction);
      g_ptr_array_add (result->transactions, transaction);
    }

  if (page < last_page)
    result->next_cursor = page_cursor (page + 1);

  return g_steal_pointer (&result);
}

static PdPage *
read_contact_page (PdZengapayClient  *self,
                   PdHttpResponse    *response,
                   guint              page,
                   GError           **error)
{
  g_autoptr(PdPage) result = NULL;
  g_autoptr(GArray) ranges = NULL;
  JsonArray *items;
  guint last_page = 0;

  items = read_envelope (pd_http_response_get_object (response), "contacts", page,
                         &last_page, NULL, error);
  if (items == NULL)
    return NULL;

  ranges = find_raw_items (response, "contacts", json_array_get_length (items));
  result = pd_page_new ("contacts");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      PdCustomer *contact;

      contact = zp_parse_contact (json_array_get_element (items, i), self->tz,
                                  raw_item (response, ranges, i), error);
      if (contact == NULL)
        return NULL;

      remember_contact (self, contact);
      g_ptr_array_add (result->customers, contact);
    }

  if (page < last_page)
    result->next_cursor = page_cursor (page + 1);

  return g_steal_pointer (&result);
}

/* A page of the statement, read into @walk. Its breaks, when @breaks is
 * given, are appended there. */
static PdPage *
read_statement_page (GTimeZone         *tz,
                     PdHttpResponse    *response,
                     guint              page,
                     StatementWalk     *walk,
                     GPtrArray         *breaks,
                     guint             *last_page_out,
                     guint             *total_out,
                     GError           **error)
{
  g_autoptr(PdPage) result = NULL;
  g_autoptr(GArray) ranges = NULL;
  JsonArray *items;
  guint last_page = 0;

  items = read_envelope (pd_http_response_get_object (response), "statement", page,
                         &last_page, total_out, error);
  if (items == NULL)
    return NULL;

  ranges = find_raw_items (response, "statement", json_array_get_length (items));
  result = pd_page_new ("statement");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      PdStatementEntry *entry;
      JsonObject *object;

      entry = zp_parse_statement_entry (node, tz, raw_item (response, ranges, i), error);
      if (entry == NULL)
        return NULL;

      object = json_node_get_object (node);
      if (g_strcmp0 (entry->entry_type, "CHARGES") == 0)
        {
          /* A fee's line names the system id of the line it charges for,
           * which comes just before it. */
          const char *charged = pd_json_get_string (object, "transactionExternalReference");

          g_clear_pointer (&entry->transaction_provider_id, g_free);
          if (charged != NULL && g_strcmp0 (charged, walk->last_system_id) == 0)
            entry->transaction_provider_id = g_strdup (walk->last_reference);
        }
      else
        {
          g_free (walk->last_system_id);
          walk->last_system_id = g_strdup (entry->provider_id);
          g_free (walk->last_reference);
          walk->last_reference = g_strdup (entry->transaction_provider_id);
        }

      g_ptr_array_add (result->statement_entries, entry);
    }

  if (breaks != NULL)
    pd_zengapay_chain_feed (walk->chain, result->statement_entries, breaks);

  if (page < last_page)
    result->next_cursor = page_cursor (page + 1);
  if (last_page_out != NULL)
    *last_page_out = last_page;

  return g_steal_pointer (&result);
}

static JsonObject *
read_data_object (PdHttpResponse  *response,
                  const char      *member,
                  GError         **error)
{
  JsonObject *data = object_member (pd_http_response_get_object (response), member);

  if (data == NULL)
    zp_invalid (error, _("the answer has no “%s” object"), member);

  return data;
}

static PdTransaction *
read_transaction (PdZengapayClient   *self,
                  PdHttpResponse     *response,
                  PdZengapayProduct   product,
                  GError            **error)
{
  PdTransaction *transaction;
  JsonObject *root = pd_http_response_get_object (response);
  JsonNode *data = json_object_get_member (root, "data");

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    {
      zp_invalid (error, _("the answer has no “%s” object"), "data");
      return NULL;
    }

  transaction = zp_parse_transaction (data, zp_product_kind (product), self->tz,
                                      raw_value (response, "data"), error);
  if (transaction != NULL)
    fill_transaction (self, transaction);

  return transaction;
}

static PdCustomer *
read_contact (PdZengapayClient  *self,
              PdHttpResponse    *response,
              GError           **error)
{
  JsonNode *node = json_object_get_member (pd_http_response_get_object (response), "contact");
  PdCustomer *contact;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      zp_invalid (error, _("the answer has no “%s” object"), "contact");
      return NULL;
    }

  contact = zp_parse_contact (node, self->tz, raw_value (response, "contact"), error);
  if (contact != NULL)
    remember_contact (self, contact);

  return contact;
}

/* One request, one record: the answer is read by a ReadFunc. */

typedef gpointer (*ReadFunc) (PdZengapayClient  *self,
                              PdHttpResponse    *response,
                              gpointer           data,
                              GError           **error);

typedef struct
{
  ReadFunc        read;
  GDestroyNotify  result_free;
  gpointer        data;
  GDestroyNotify  data_free;
  gboolean        changes;
} Call;

static void
call_free (gpointer pointer)
{
  Call *call = pointer;

  if (call->data_free != NULL)
    g_clear_pointer (&call->data, call->data_free);
  g_free (call);
}

static GTask *
call_new (PdZengapayClient    *self,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          ReadFunc             read,
          GDestroyNotify       result_free,
          gpointer             data,
          GDestroyNotify       data_free)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  g_task_set_source_tag (task, source_tag);
  call->read = read;
  call->result_free = result_free;
  call->data = data;
  call->data_free = data_free;
  g_task_set_task_data (task, call, call_free);

  return task;
}

static gboolean
check_response (PdZengapayClient  *self,
                PdHttpResponse    *response,
                gboolean           changes,
                GError           **error)
{
  if (pd_http_response_get_object (response) == NULL)
    {
      g_autoptr(GError) cause = NULL;

      zp_invalid (&cause, _("the answer is not a JSON object"));
      g_propagate_error (error, malformed_error (self, pd_http_response_get_status (response),
                                                 cause, changes));
      return FALSE;
    }

  return TRUE;
}

static void
on_call_response (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdZengapayClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gpointer record;

  response = pd_http_client_request_finish (PD_HTTP_CLIENT (object), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!check_response (self, response, call->changes, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  record = call->read (self, response, call->data, &error);
  if (record == NULL)
    {
      g_task_return_error (task, malformed_error (self, pd_http_response_get_status (response),
                                                  error, call->changes));
      return;
    }

  g_task_return_pointer (task, record, call->result_free);
}

static void
call_send (PdZengapayClient *self,
           PdHttpRequest    *request,
           GTask            *task)
{
  pd_http_client_request_async (self->http, request, g_task_get_cancellable (task),
                                on_call_response, task);
}

static gpointer
call_finish (gpointer       self,
             GAsyncResult  *result,
             gpointer       source_tag,
             GError       **error)
{
  g_return_val_if_fail (PD_IS_ZENGAPAY_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static PdHttpRequest *
new_page_request (const char *path,
                  guint       page)
{
  PdHttpRequest *request = pd_http_request_new ("GET", path);

  pd_http_request_add_query_int (request, "page", page);

  return request;
}

/* Readers, one per kind of answer */

typedef struct
{
  PdZengapayProduct  product;
  guint              page;
} ListData;

static gpointer
read_transaction_page_call (PdZengapayClient  *self,
                            PdHttpResponse    *response,
                            gpointer           data,
                            GError           **error)
{
  ListData *list = data;

  return read_transaction_page (self, response, list->product, list->page, error);
}

static gpointer
read_contact_page_call (PdZengapayClient  *self,
                        PdHttpResponse    *response,
                        gpointer           data,
                        GError           **error)
{
  ListData *list = data;

  return read_contact_page (self, response, list->page, error);
}

static gpointer
read_transaction_call (PdZengapayClient  *self,
                       PdHttpResponse    *response,
                       gpointer           data,
                       GError           **error)
{
  return read_transaction (self, response, GPOINTER_TO_INT (data), error);
}

static gpointer
read_contact_call (PdZengapayClient  *self,
                   PdHttpResponse    *response,
                   gpointer           data,
                   GError           **error)
{
  return read_contact (self, response, error);
}

static gpointer
read_network_call (PdZengapayClient  *self,
                   PdHttpResponse    *response,
                   gpointer           data,
                   GError           **error)
{
  JsonNode *node = json_object_get_member (pd_http_response_get_object (response), "network");
  PdZengapayNetwork *network;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      zp_invalid (error, _("the answer has no “%s” object"), "network");
      return NULL;
    }

  network = zp_parse_network (node, error);
  if (network != NULL && network->id == 0)
    network->id = GPOINTER_TO_SIZE (data);

  return network;
}

static gpointer
read_account_call (PdZengapayClient  *self,
                   PdHttpResponse    *response,
                   gpointer           data,
                   GError           **error)
{
  JsonObject *object = read_data_object (response, "data", error);

  return object != NULL ? zp_parse_account (object, self->tz, error) : NULL;
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gpointer
read_balances_call (PdZengapayClient  *self,
                    PdHttpResponse    *response,
                    gpointer           data,
                    GError           **error)
{
  JsonObject *object = read_data_object (response, "data", error);

  return object != NULL ? zp_parse_balances (object, now_seconds (), error) : NULL;
}

static gpointer
read_balance_page_call (PdZengapayClient  *self,
                        PdHttpResponse    *response,
                        gpointer           data,
                        GError           **error)
{
  g_autoptr(GPtrArray) balances = read_balances_call (self, response, data, error);
  PdPage *page;

  if (balances == NULL)
    return NULL;

  page = pd_page_new ("balances");
  g_ptr_array_extend_and_steal (page->balances, g_steal_pointer (&balances));

  return page;
}

/* Networks, all pages */

typedef struct
{
  GPtrArray *networks;
  guint      page;
} NetworksData;

static void
networks_data_free (gpointer pointer)
{
  NetworksData *data = pointer;

  g_clear_pointer (&data->networks, g_ptr_array_unref);
  g_free (data);
}

static void networks_next_page (GTask *task);

static void
on_networks_page (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdZengapayClient *self = g_task_get_source_object (task);
  NetworksData *data = g_task_get_task_data (task);
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *items;
  guint last_page = 0;

  response = pd_http_client_request_finish (PD_HTTP_CLIENT (object), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (response == NULL || !check_response (self, response, FALSE, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  items = read_envelope (pd_http_response_get_object (response), "networks", data->page,
                         &last_page, NULL, &error);
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      PdZengapayNetwork *network = zp_parse_network (json_array_get_element (items, i), &error);

      if (network == NULL)
        {
          items = NULL;
          break;
        }
      g_ptr_array_add (data->networks, network);
    }

  if (items == NULL)
    {
      g_task_return_error (task, malformed_error (self, pd_http_response_get_status (response),
                                                  error, FALSE));
      return;
    }

  if (data->page < last_page)
    {
      data->page++;
      networks_next_page (g_steal_pointer (&task));
      return;
    }

  g_task_return_pointer (task, g_ptr_array_ref (data->networks), (GDestroyNotify)g_ptr_array_unref);
}

static void
networks_next_page (GTask *task)
{
  PdZengapayClient *self = g_task_get_source_object (task);
  NetworksData *data = g_task_get_task_data (task);
  g_autoptr(PdHttpRequest) request = new_page_request ("/networks", data->page);

  pd_http_client_request_async (self->http, request, g_task_get_cancellable (task),
                                on_networks_page, task);
}

/**
 * pd_zengapay_client_list_networks_async:
 * @self: a #PdZengapayClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Fetches every network ZengaPay supports (`GET /networks`, all pages).
 * The client keeps the list for checking phone numbers before it sends
 * money (pd_zengapay_network_for_phone()).
 */
void
pd_zengapay_client_list_networks_async (PdZengapayClient    *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  NetworksData *data;

  g_return_if_fail (PD_IS_ZENGAPAY_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_zengapay_client_list_networks_async);

  data = g_new0 (NetworksData, 1);
  data->networks = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_zengapay_network_free);
  data->page = 1;
  g_task_set_task_data (task, data, networks_data_free);

  networks_next_page (g_steal_pointer (&task));
}

/**
 * pd_zengapay_client_list_networks_finish:
 * @self: a #PdZengapayClient
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full) (element-type PdZengapayNetwork): the networks,
 *   or %NULL with @error set
 */
GPtrArray *
pd_zengapay_client_list_networks_finish (PdZengapayClient  *self,
                                         GAsyncResult      *result,
                                         GError           **error)
{
  GPtrArray *networks = call_finish (self, result, pd_zengapay_client_list_networks_async, error);

  if (networks != NULL)
    {
      g_clear_pointer (&self->networks, g_ptr_array_unref);
      self->networks = g_ptr_array_ref (networks);
    }

  return networks;
}

/**
 * pd_zengapay_client_get_network_async:
 * @self: a #PdZengapayClient
 * @network_id: the network's id (1 is MTN, 2 Airtel in the document)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Fetches one network (`GET /networks/{id}`). Its answer has no id; the
 * network returned carries @network_id.
 */
void
pd_zengapay_client_get_network_async (PdZengapayClient    *self,
                                      gint64               network_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *id = NULL;

  g_return_if_fail (PD_IS_ZENGAPAY_CLIENT (self));

  task = call_new (self, pd_zengapay_client_get_network_async, cancellable, callback, user_data,
                   read_network_call, (GDestroyNotify)pd_zengapay_network_free,
                   GSIZE_TO_POINTER ((gsize)MAX (network_id, 0)), NULL);

  if (network_id <= 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("A ZengaPay network id is a number from 1"));
      return;
    }

  id = g_strdup_printf ("%" G_GINT64_FORMAT, network_id);
  request = pd_http_request_new ("GET", "/networks");
  pd_http_request_append_path_segment (request, id);
  call_send (self, request, g_steal_pointer (&task));
}

/**
 * pd_zengapay_client_get_network_finish:
 * @self: a #PdZengapayClient
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the network, or %NULL with @error set
 */
PdZengapayNetwork *
pd_zengapay_client_get_network_finish (PdZengapayClient  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  return call_finish (self, result, pd_zengapay_client_get_network_async, error);
}

/* Transactions */

static gboolean
check_id (GTask      *task,
          const char *id,
          const char *what)
{
  if (!zp_is_blank (id))
    return TRUE;

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("No ZengaPay %s was given"), what);
  return FALSE;
}

static PdHttpRequest *
new_transaction_request (PdZengapayProduct  product,
                         const char        *reference)
{
  PdHttpRequest *request = pd_http_request_new ("GET", zp_product_path (product));

  pd_http_request_append_path_segment (request, reference);

  return request;
}

/**
 * pd_zengapay_client_get_transaction_async:
 * @self: a #PdZengapayClient
 * @product: which endpoint the transaction belongs to
 * @transaction_reference: the `transactionReference` ZengaPay gave it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Fetches one collection, transfer, airtime or bundle, which is how
 * ZengaPay tells its status (`GET /collections/{transactionReference}` …).
 */
void
pd_zengapay_client_get_transaction_async (PdZengapayClient    *self,
                                          PdZengapayProduct    product,
                                          const char          *transaction_reference,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_ZENGAPAY_CLIENT (self));
  g_return_if_fail (product <= PD_ZENGAPAY_PRODUCT_BUNDLE);

  task = call_new (self, pd_zengapay_client_get_transaction_async, cancellable, callback, user_data,
                   read_transaction_call, (GDestroyNotify)pd_transaction_free,
                   GINT_TO_POINTER (product), NULL);
  if (!check_id (task, transaction_reference, _("transaction reference")))
    return;

  request = new_transaction_request (product, transaction_reference);
  call_send (self, request, g_steal_pointer (&task));
}

/**
 * pd_zengapay_client_get_transaction_finish:
 * @self: a #PdZengapayClient
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the transaction, or %NULL with @error set
 *   (%PD_PROVIDER_ERROR_NOT_FOUND when ZengaPay does not know it)
 */
PdTransaction *
pd_zengapay_client_get_transaction_finish (PdZengapayClient  *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
  PdTransaction *transaction = call_finish (self, result, pd_zengapay_client_get_transaction_async,
                                            error);

  if (transaction != NULL)
    remember_reference (self, transaction);

  return transaction;
}

/* Contacts */

/**
 * pd_zengapay_client_get_contact_async:
 * @self: a #PdZengapayClient
 * @contact_id: the contact's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Fetches one contact (`GET /contacts/{id}`) as a customer.
 */
void
pd_zengapay_client_get_contact_async (PdZengapayClient    *self,
                                      const char          *contact_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_ZENGAPAY_CLIENT (self));

  task = call_new (self, pd_zengapay_client_get_contact_async, cancellable, callback, user_data,
                   read_contact_call, (GDestroyNotify)pd_customer_free, NULL, NULL);
  if (!check_id (task, contact_id, _("contact id")))
    return;

  request = pd_http_request_new ("GET", "/contacts");
  pd_http_request_append_path_segment (request, contact_id);
  call_send (self, request, g_steal_pointer (&task));
}

/**
 * pd_zengapay_client_get_contact_finish:
 * @self: a #PdZengapayClient
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the contact, or %NULL with @error set
 */
PdCustomer *
pd_zengapay_client_get_contact_finish (PdZengapayClient  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  return call_finish (self, result, pd_zengapay_client_get_contact_async, error);
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

/* The number as ZengaPay writes it, when it is one ZengaPay serves, else
 * as given (ZengaPay then says what is wrong with it). */
static char *
contact_msisdn (PdZengapayClient *self,
                const char       *phone)
{
  g_autofree char *msisdn = NULL;

  if (self->networks != NULL &&
      pd_zengapay_network_for_phone (self->networks, phone, &msisdn, NULL) != NULL)
    return g_steal_pointer (&msisdn);

  return g_strdup (phone);
}

/**
 * pd_zengapay_client_create_contact_async:
 * @self: a #PdZengapayClient
 * @phone: the contact's mobile number
 * @first_name: (nullable): the first name
 * @last_name: (nullable): the last name
 * @email: (nullable): the e-mail address
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Adds a contact (`POST /contacts`). A number that is already a contact is
 * %PD_PROVIDER_ERROR_VALIDATION.
 */
void
pd_zengapay_client_create_contact_async (PdZengapayClient    *self,
                                         const char          *phone,
                                         const char          *first_name,
                                         const char          *last_name,
                                         const char          *email,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *msisdn = NULL;
  PdJsonWriter *writer;

  g_return_if_fail (PD_IS_ZENGAPAY_CLIENT (self));

  task = call_new (self, pd_zengapay_client_create_contact_async, cancellable, callback, user_data,
                   read_contact_call, (GDestroyNotify)pd_customer_free, NULL, NULL);
  if (!check_id (task, phone, _("phone number")))
    return;

  msisdn = contact_msisdn (self, phone);
  request = pd_http_request_new ("POST", "/contacts");
  writer = pd_http_request_get_json_object (request);
  write_text (writer, "msisdn", msisdn);
  write_text (writer, "firstName", first_name);
  write_text (writer, "lastName", last_name);
  write_text (writer, "email", email);
  call_send (self, request, g_steal_pointer (&task));
}

/**
 * pd_zengapay_client_create_contact_finish:
 * @self: a #PdZengapayClient
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the new contact, or %NULL with @error set
 */
PdCustomer *
pd_zengapay_client_create_contact_finish (PdZengapayClient  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  return call_finish (self, result, pd_zengapay_client_create_contact_async, error);
}

/**
 * pd_zengapay_client_update_contact_async:
 * @self: a #PdZengapayClient
 * @contact_id: the contact's id
 * @phone: (nullable): a new number, or %NULL to keep it
 * @first_name: (nullable): a new first name, "" to clear it, %NULL to keep it
 * @last_name: (nullable): a new last name, "" to clear it, %NULL to keep it
 * @email: (nullable): a new address, "" to clear it, %NULL to keep it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Changes what is given of a contact (`PATCH /contacts/{id}`).
 */
void
pd_zengapay_client_update_contact_async (PdZengapayClient    *self,
                                         const char          *contact_id,
                                         const char          *phone,
                                         const char          *first_name,
                                         const char          *last_name,
                                         const char          *email,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *msisdn = NULL;
  PdJsonWriter *writer;

  g_return_if_fail (PD_IS_ZENGAPAY_CLIENT (self));

  task = call_new (self, pd_zengapay_client_update_contact_async, cancellable, callback, user_data,
                   read_contact_call, (GDestroyNotify)pd_customer_free, NULL, NULL);
  if (!check_id (task, contact_id, _("contact id")))
    return;

  msisdn = phone != NULL ? contact_msisdn (self, phone) : NULL;
  request = pd_http_request_new ("PATCH", "/contacts");
  pd_http_request_append_path_segment (request, contact_id);
  /* Changing a contact twice to the same values is harmless. */
  pd_http_request_set_retry_safe (request, TRUE);
  writer = pd_http_request_get_json_object (request);
  write_text (writer, "msisdn", msisdn);
  write_text (writer, "firstName", first_name);
  write_text (writer, "lastName", last_name);
  write_text (writer, "email", email);
  call_send (self, request, g_steal_pointer (&task));
}

/**
 * pd_zengapay_client_update_contact_finish:
 * @self: a #PdZengapayClient
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the contact as it is now, or %NULL with @error
 *   set
 */
PdCustomer *
pd_zengapay_client_update_contact_finish (PdZengapayClient  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  return call_finish (self, result, pd_zengapay_client_update_contact_async, error);
}

/* Account and balances */

/**
 * pd_zengapay_client_get_account_async:
 * @self: a #PdZengapayClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Fetches the account summary (`GET /account`): the merchant's details and
 * the total balance.
 */
void
pd_zengapay_client_get_account_async (PdZengapayClient    *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(PdHttpRequest) request = NULL;
  GTask *task;

  g_return_if_fail (PD_IS_ZENGAPAY_CLIENT (self));

  task = call_new (self, pd_zengapay_client_get_account_async, cancellable, callback, user_data,
                   read_account_call, (GDestroyNotify)pd_zengapay_account_free, NULL, NULL);
  request = pd_http_request_new ("GET", "/account");
  call_send (self, request, task);
}

/**
 * pd_zengapay_client_get_account_finish:
 * @self: a #PdZengapayClient
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the summary, or %NULL with @error set
 */
PdZengapayAccount *
pd_zengapay_client_get_account_finish (PdZengapayClient  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  return call_finish (self, result, pd_zengapay_client_get_account_async, error);
}

/**
 * pd_zengapay_client_get_balances_async:
 * @self: a #PdZengapayClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Reads the balance of each wallet and the total (`GET /account/balance`),
 * as readings timed now, for the balance history. The sync resource
 * `balances` does the same.
 */
void
pd_zengapay_client_get_balances_async (PdZengapayClient    *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(PdHttpRequest) request = NULL;
  GTask *task;

  g_return_if_fail (PD_IS_ZENGAPAY_CLIENT (self));

  task = call_new (self, pd_zengapay_client_get_balances_async, cancellable, callback, user_data,
                   read_balances_call, (GDestroyNotify)g_ptr_array_unref, NULL, NULL);
  request = pd_http_request_new ("GET", "/account/balance");
  call_send (self, request, task);
}

/**
 * pd_zengapay_client_get_balances_finish:
 * @self: a #PdZengapayClient
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full) (element-type PdBalance): one reading per
 *   wallet, then the total (%PD_ZENGAPAY_TOTAL_WALLET), or %NULL with
 *   @error set
 */
GPtrArray *
pd_zengapay_client_get_balances_finish (PdZengapayClient  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  return call_finish (self, result, pd_zengapay_client_get_balances_async, error);
}

/* The account statement */

static PdHttpRequest *
new_statement_request (PdZengapayClient                *self,
                       const PdZengapayStatementFilter *filter,
                       guint                            page)
{
  PdHttpRequest *request = pd_http_request_new ("GET", "/account/statement");
  guint limit = PD_ZENGAPAY_STATEMENT_PAGE_SIZE;

  if (filter != NULL)
    {
      if (filter->start != NULL)
        {
          g_autofree char *start = zp_format_time (self->tz, filter->start);

          pd_http_request_add_query (request, "start", start);
        }
      if (filter->end != NULL)
        {
          g_autofree char *end = zp_format_time (self->tz, filter->end);

          pd_http_request_add_query (request, "end", end);
        }
      if (!zp_is_blank (filter->status))
        pd_http_request_add_query (request, "status", filter->status);
      if (!zp_is_blank (filter->currency_code))
        pd_http_request_add_query (request, "currency_code", filter->currency_code);
      if (!zp_is_blank (filter->designation))
        pd_http_request_add_query (request, "designation", filter->designation);
      if (filter->limit > 0)
        limit = filter->limit;
    }

  pd_http_request_add_query_int (request, "limit", limit);
  pd_http_request_add_query_int (request, "page", page);

  return request;
}

typedef struct
{
  PdPage *page;
  guint   last_page;
  guint   total;
} StatementPage;

static void
statement_page_free (gpointer pointer)
{
  StatementPage *page = pointer;

  g_clear_pointer (&page->page, pd_page_unref);
  g_free (page);
}

static gpointer
read_statement_call (PdZengapayClient  *self,
                     PdHttpResponse    *response,
                     gpointer           data,
                     GError           **error)
{
  g_autoptr(StatementWalk) walk = statement_walk_new ();
  StatementPage *result = g_new0 (StatementPage, 1);

  result->page = read_statement_page (self->tz, response, GPOINTER_TO_UINT (data), walk, NULL,
                                      &result->last_page, &result->total, error);
  if (result->page == NULL)
    {
      statement_page_free (result);
      return NULL;
    }

  return result;
}

/**
 * pd_zengapay_client_fetch_statement_async:
 * @self: a #PdZengapayClient
 * @filter: (nullable): which lines to list; %NULL for all
 * @page: the page, from 1
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Fetches one page of the account statement
 * (`GET /account/statement?start=…&end=…&status=…&currency_code=…&designation=…&limit=…&page=…`),
 * oldest line first. The page's next cursor is the next page's number.
 */
void
pd_zengapay_client_fetch_statement_async (PdZengapayClient                *self,
                                          const PdZengapayStatementFilter *filter,
                                          guint                            page,
                                          GCancellable                    *cancellable,
                                          GAsyncReadyCallback              callback,
                                          gpointer                         user_data)
{
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_ZENGAPAY_CLIENT (self));

  task = call_new (self, pd_zengapay_client_fetch_statement_async, cancellable, callback, user_data,
                   read_statement_call, statement_page_free, GUINT_TO_POINTER (page), NULL);

  if (page == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("ZengaPay pages are numbered from 1"));
      return;
    }

  request = new_statement_request (self, filter, page);
  call_send (self, request, g_steal_pointer (&task));
}

/**
 * pd_zengapay_client_fetch_statement_finish:
 * @self: a #PdZengapayClient
 * @result: the #GAsyncResult given to the callback
 * @last_page_out: (out) (optional): the number of the last page
 * @total_out: (out) (optional): how many lines the filter keeps in all
 * @error: where to put an error
 *
 * Returns: (transfer full): the page, its lines as statement entries, or
 *   %NULL with @error set
 */
PdPage *
pd_zengapay_client_fetch_statement_finish (PdZengapayClient  *self,
                                           GAsyncResult      *result,
                                           guint             *last_page_out,
                                           guint             *total_out,
                                           GError           **error)
{
  StatementPage *page = call_finish (self, result, pd_zengapay_client_fetch_statement_async, error);
  PdPage *records;

  if (page == NULL)
    return NULL;

  if (last_page_out != NULL)
    *last_page_out = page->last_page;
  if (total_out != NULL)
    *total_out = page->total;

  records = g_steal_pointer (&page->page);
  statement_page_free (page);

  return records;
}

/* Statement sync: one page is fetched while the one before it is read and
 * stored on a worker thread, so that the main loop only receives pages. */

typedef struct
{
  PdStore        *store;
  gint64          account_id;
  GTimeZone      *tz;
  PdHttpResponse *response;
  guint           page_number;
  StatementWalk  *walk;
  gboolean        check_chain;
  gboolean        whole;
  guint           entries;
  GPtrArray      *breaks;
  PdUpsertStats   stats;
} StoreJob;

static void
store_job_free (gpointer pointer)
{
  StoreJob *job = pointer;

  g_clear_object (&job->store);
  g_clear_pointer (&job->tz, g_time_zone_unref);
  g_clear_pointer (&job->response, pd_http_response_unref);
  g_clear_pointer (&job->breaks, g_ptr_array_unref);
  g_free (job);
}

/* On a worker thread, one job at a time, in page order: the walk is this
 * thread's while the job runs. The whole statement is the sync resource
 * `statement`, its cursor saved with the page; a filtered one is only
 * stored. */
static void
store_job_run (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  StoreJob *job = task_data;
  g_autoptr(PdPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gboolean stored = FALSE;

  page = read_statement_page (job->tz, job->response, job->page_number, job->walk,
                              job->check_chain ? job->breaks : NULL, NULL, NULL, &error);
  if (page == NULL)
    {
      GError *malformed;
      PdProviderErrorInfo info = { 0, };

      info.provider_name = ZP_PROVIDER_NAME;
      info.http_status = pd_http_response_get_status (job->response);
      info.detail = error->message;
      malformed = pd_provider_error_new_full (PD_PROVIDER_ERROR_MALFORMED, &info);
      g_clear_error (&error);
      error = malformed;
    }
  else
    {
      job->entries = page->statement_entries->len;
      if (!job->whole)
        g_clear_pointer (&page->resource, g_free);

      stored = pd_store_upsert_page (job->store, job->account_id, page, &job->stats, &error) &&
               pd_zengapay_record_chain_breaks (job->store, job->account_id, job->breaks, &error);
    }

  /* The task may outlive its callback on this thread for a moment; the
   * store must not, so that it can be closed as soon as the sync is done. */
  g_clear_object (&job->store);

  if (!stored)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

typedef struct
{
  PdStore                   *store;
  gint64                     account_id;
  PdZengapayStatementFilter *filter;
  gboolean                   whole;
  StatementWalk             *walk;
  guint                      next_page;
  gboolean                   fetching;
  gboolean                   storing;
  PdHttpResponse            *waiting;
  guint                      waiting_page;
  PdZengapayStatementSync   *result;
  GError                    *error;
} SyncData;

static void
sync_data_free (gpointer pointer)
{
  SyncData *data = pointer;

  g_clear_object (&data->store);
  g_clear_pointer (&data->filter, pd_zengapay_statement_filter_free);
  g_clear_pointer (&data->walk, statement_walk_free);
  g_clear_pointer (&data->waiting, pd_http_response_unref);
  g_clear_pointer (&data->result, pd_zengapay_statement_sync_free);
  g_clear_error (&data->error);
  g_free (data);
}

static void sync_pump (GTask *task);

static void
on_sync_stored (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SyncData *data = g_task_get_task_data (task);
  StoreJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  data->storing = FALSE;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (data->error == NULL)
        data->error = g_steal_pointer (&error);
    }
  else
    {
      data->result->pages++;
      data->result->entries += job->entries;
      data->result->stats.inserted += job->stats.inserted;
      data->result->stats.updated += job->stats.updated;
      data->result->stats.unchanged += job->stats.unchanged;
      data->result->stats.raw_json_dropped += job->stats.raw_json_dropped;
      for (guint i = 0; i < job->breaks->len; i++)
        g_ptr_array_add (data->result->breaks,
                         pd_zengapay_chain_break_copy (g_ptr_array_index (job->breaks, i)));
    }

  sync_pump (task);
}

static void
on_sync_page (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdZengapayClient *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  guint asked = data->next_page;
  guint last_page = 0;

  data->fetching = FALSE;
  response = pd_http_client_request_finish (PD_HTTP_CLIENT (object), result, &error);

  /* Only where the list stands is read here; the lines, on the worker. */
  if (response != NULL && check_response (self, response, FALSE, &error) &&
      read_envelope (pd_http_response_get_object (response), "statement", asked,
                     &last_page, NULL, &error) == NULL)
    {
      GError *malformed = malformed_error (self, pd_http_response_get_status (response), error, FALSE);

      g_clear_error (&error);
      error = malformed;
    }

  if (error != NULL)
    {
      if (data->error == NULL)
        data->error = g_steal_pointer (&error);
      data->next_page = 0;
      sync_pump (task);
      return;
    }

  data->next_page = asked < last_page ? asked + 1 : 0;
  g_assert (data->waiting == NULL);
  data->waiting = g_steal_pointer (&response);
  data->waiting_page = asked;

  sync_pump (task);
}

/* Keeps one fetch and one store going, and ends the sync when neither has
 * anything left to do. */
static void
sync_pump (GTask *task)
{
  PdZengapayClient *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (data->error != NULL || g_cancellable_is_cancelled (cancellable))
    {
      g_clear_pointer (&data->waiting, pd_http_response_unref);
      data->next_page = 0;
    }

  if (data->waiting != NULL && !data->storing)
    {
      g_autoptr(GTask) store_task = NULL;
      StoreJob *job = g_new0 (StoreJob, 1);

      job->store = g_object_ref (data->store);
      job->account_id = data->account_id;
      job->tz = g_time_zone_ref (self->tz);
      job->response = g_steal_pointer (&data->waiting);
      job->page_number = data->waiting_page;
      job->walk = data->walk;
      job->check_chain = data->result->chain_checked;
      job->whole = data->whole;
      job->breaks = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_zengapay_chain_break_free);

      data->storing = TRUE;
      /* No source object: the task may outlive its callback on the worker
       * thread for a moment, and must not keep the client alive. */
      store_task = g_task_new (NULL, cancellable, on_sync_stored, g_object_ref (task));
      g_task_set_source_tag (store_task, store_job_run);
      g_task_set_task_data (store_task, job, store_job_free);
      g_task_run_in_thread (store_task, store_job_run);
    }

  if (data->next_page > 0 && !data->fetching && data->waiting == NULL)
    {
      g_autoptr(PdHttpRequest) request = new_statement_request (self, data->filter, data->next_page);

      data->fetching = TRUE;
      pd_http_client_request_async (self->http, request, cancellable, on_sync_page,
                                    g_object_ref (task));
    }

  if (data->fetching || data->storing || data->waiting != NULL)
    return;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (data->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&data->error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&data->result),
                         (GDestroyNotify)pd_zengapay_statement_sync_free);
}

/**
 * pd_zengapay_client_sync_statement_async:
 * @self: a #PdZengapayClient
 * @store: the store to write to
 * @account_id: the account the statement is of
 * @filter: (nullable): which lines to sync; %NULL for the whole statement
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Walks the account statement from its first page to its last
 * (%PD_ZENGAPAY_STATEMENT_PAGE_SIZE lines a page unless @filter sets a
 * limit) and stores every line as a statement entry, a page per database
 * transaction on a worker thread, while the next page is fetched. The
 * whole statement in pages of the default size is stored as the sync
 * resource `statement`, its cursor saved with each page; anything else is
 * only stored.
 *
 * When the filter keeps each wallet's lines whole
 * (pd_zengapay_statement_filter_keeps_chain()), every line's balance before
 * is checked against the balance after its wallet's line before it; each
 * break is written to the account's audit trail as a warning
 * (pd_zengapay_record_chain_breaks()) and listed in the result.
 */
void
pd_zengapay_client_sync_statement_async (PdZengapayClient                *self,
                                         PdStore                         *store,
                                         gint64                           account_id,
                                         const PdZengapayStatementFilter *filter,
                                         GCancellable                    *cancellable,
                                         GAsyncReadyCallback              callback,
                                         gpointer                         user_data)
{
  g_autoptr(GTask) task = NULL;
  SyncData *data;

  g_return_if_fail (PD_IS_ZENGAPAY_CLIENT (self));
  g_return_if_fail (PD_IS_STORE (store));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_zengapay_client_sync_statement_async);

  data = g_new0 (SyncData, 1);
  data->store = g_object_ref (store);
  data->account_id = account_id;
  data->filter = filter != NULL ? pd_zengapay_statement_filter_copy (filter) : NULL;
  /* Only the sync engine's own walk, page for page, is the resource. */
  data->whole = pd_zengapay_statement_filter_is_empty (filter) &&
                (filter == NULL || filter->limit == 0 || filter->limit == PD_ZENGAPAY_STATEMENT_PAGE_SIZE);
  data->walk = statement_walk_new ();
  data->next_page = 1;
  data->result = g_new0 (PdZengapayStatementSync, 1);
  data->result->breaks = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_zengapay_chain_break_free);
  data->result->chain_checked = pd_zengapay_statement_filter_keeps_chain (filter);
  g_task_set_task_data (task, data, sync_data_free);

  sync_pump (task);
}

/**
 * pd_zengapay_client_sync_statement_finish:
 * @self: a #PdZengapayClient
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): what the sync did, or %NULL with @error set;
 *   the pages stored before a failure stay stored
 */
PdZengapayStatementSync *
pd_zengapay_client_sync_statement_finish (PdZengapayClient  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  return call_finish (self, result, pd_zengapay_client_sync_statement_async, error);
}

/* Operations */

typedef struct
{
  PdOperation        *operation;
  PdZengapayProduct   product;
  char               *msisdn;
  char               *label;
  char               *transaction_reference;
  char               *response_json;
  PdTransaction      *transaction;
  guint               page;
  guint               last_page;
} OperationData;

static void
operation_data_free (gpointer pointer)
{
  OperationData *data = pointer;

  g_clear_pointer (&data->operation, pd_operation_free);
  g_free (data->msisdn);
  g_free (data->label);
  g_free (data->transaction_reference);
  g_free (data->response_json);
  g_clear_pointer (&data->transaction, pd_transaction_free);
  g_free (data);
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
  for (const char *name = first_name; name != NULL && zp_is_blank (value); name = va_arg (args, const char *))
    value = pd_operation_get_field (operation, name);
  va_end (args);

  return zp_is_blank (value) ? NULL : value;
}

static gboolean
operation_product (const PdOperation  *operation,
                   PdZengapayProduct  *out,
                   GError            **error)
{
  const char *product;

  switch (operation->kind)
    {
    case PD_OPERATION_COLLECTION:
      *out = PD_ZENGAPAY_PRODUCT_COLLECTION;
      return TRUE;

    case PD_OPERATION_TRANSFER:
    case PD_OPERATION_DISBURSEMENT:
      *out = PD_ZENGAPAY_PRODUCT_TRANSFER;
      return TRUE;

    case PD_OPERATION_TOPUP:
      product = first_field (operation, "product", NULL);
      if (product == NULL || g_ascii_strcasecmp (product, "airtime") == 0)
        *out = PD_ZENGAPAY_PRODUCT_AIRTIME;
      else if (g_ascii_strcasecmp (product, "bundle") == 0 || g_ascii_strcasecmp (product, "bundles") == 0)
        *out = PD_ZENGAPAY_PRODUCT_BUNDLE;
      else
        return bad_operation (error, _("A ZengaPay top-up is airtime or a bundle, not “%s”"), product);
      return TRUE;

    case PD_OPERATION_REFUND:
    case PD_OPERATION_CHARGE:
    case PD_OPERATION_VEND:
    case PD_OPERATION_BILL:
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("ZengaPay cannot perform a “%s” operation"),
                   pd_operation_kind_to_string (operation->kind));
      return FALSE;
    }
}

static const char *
operation_phone (const PdOperation *operation)
{
  const char *phone = first_field (operation, "phone", "msisdn", NULL);

  return phone != NULL ? phone : (zp_is_blank (operation->target_provider_id) ? NULL
                                                                               : operation->target_provider_id);
}

/* What can be checked without asking ZengaPay. */
static gboolean
check_operation (const PdOperation  *operation,
                 GError            **error)
{
  PdMoney shillings;

  if (zp_is_blank (operation->reference))
    return bad_operation (error, _("The operation has no reference"));

  if (operation_phone (operation) == NULL)
    return bad_operation (error, _("The operation needs a phone number (the field “%s”)"), "phone");

  if (!pd_money_is_set (&operation->amount))
    return bad_operation (error, _("The operation has no amount"));

  if (g_ascii_strcasecmp (operation->amount.currency, ZP_CURRENCY) != 0)
    return bad_operation (error, _("ZengaPay only moves Ugandan shillings (UGX), not “%s”"),
                          operation->amount.currency);

  if (pd_money_sign (&operation->amount) <= 0)
    return bad_operation (error, _("The amount to move must be more than zero"));

  /* Shown to the customer as "186600" or "186600.00": two decimals at
   * most, and never rounded here. */
  if (!pd_money_rescale (&operation->amount, MIN (operation->amount.scale, 2), &shillings, NULL))
    return bad_operation (error, _("ZengaPay takes amounts with at most two decimals"));

  if (zp_is_blank (operation->description))
    return bad_operation (error, _("ZengaPay needs a narration: give the operation a description"));

  return TRUE;
}

static void
return_operation_result (GTask *task)
{
  OperationData *data = g_task_get_task_data (task);
  PdOperationResult *result;

  result = pd_operation_result_new (g_steal_pointer (&data->transaction));
  result->response_json = g_steal_pointer (&data->response_json);

  g_task_return_pointer (task, result, (GDestroyNotify)pd_operation_result_free);
}

/* The answer to the POST was read, but the transaction could not be: what
 * was sent stands for it, pending, until it is looked up. */
static PdTransaction *
transaction_from_operation (OperationData *data)
{
  PdTransaction *transaction = pd_transaction_new ();
  const PdOperation *operation = data->operation;

  transaction->kind = zp_product_kind (data->product);
  transaction->state = PD_TRANSACTION_STATE_PENDING;
  transaction->provider_id = g_strdup (data->transaction_reference);
  transaction->reference = g_strdup (operation->reference);
  transaction->provider_status = g_strdup ("PENDING");
  transaction->amount = operation->amount;
  transaction->phone = g_strdup (data->msisdn);
  transaction->description = g_strdup (operation->description);
  transaction->counterparty = g_strdup (data->label);
  transaction->created_at = now_seconds ();
  transaction->raw_json = g_strdup (data->response_json);

  return transaction;
}

static void
on_perform_detail (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PdZengapayClient *self = PD_ZENGAPAY_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->transaction = pd_zengapay_client_get_transaction_finish (self, result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  /* The operation was accepted; only its details are missing. */
  if (data->transaction == NULL)
    {
      g_debug ("%s: transaction %s was accepted but could not be read: %s",
               ZP_PROVIDER_NAME, data->transaction_reference, error->message);
      data->transaction = transaction_from_operation (data);
    }

  return_operation_result (task);
}

static void
on_perform_answer (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdZengapayClient *self = g_task_get_source_object (task);
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;
  GBytes *body;

  response = pd_http_client_request_finish (PD_HTTP_CLIENT (object), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  /* Whether money may have moved without an answer is the HTTP layer's
   * to say (pd_provider_error_is_outcome_unknown()). */
  if (response == NULL || !check_response (self, response, TRUE, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->transaction_reference = zp_dup_text (pd_http_response_get_object (response),
                                             "transactionReference");
  if (data->transaction_reference == NULL)
    {
      g_autoptr(GError) cause = NULL;

      /* Accepted, but with no way to follow it: the money may move. */
      zp_invalid (&cause, _("the answer has no “%s”"), "transactionReference");
      g_task_return_error (task, malformed_error (self, pd_http_response_get_status (response),
                                                  cause, TRUE));
      return;
    }

  g_hash_table_replace (self->references, g_strdup (data->operation->reference),
                        g_strdup (data->transaction_reference));

  body = pd_http_response_get_body (response);
  data->response_json = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  /* The cancellable is read before the task is handed on. */
  cancellable = g_task_get_cancellable (task);
  pd_zengapay_client_get_transaction_async (self, data->product, data->transaction_reference,
                                            cancellable, on_perform_detail, g_steal_pointer (&task));
}

static void
send_operation (GTask *task)
{
  PdZengapayClient *self = g_task_get_source_object (task);
  OperationData *data = g_task_get_task_data (task);
  const PdOperation *operation = data->operation;
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  const PdZengapayNetwork *network;
  PdJsonWriter *writer;
  PdMoney amount = operation->amount;

  network = pd_zengapay_network_for_phone (self->networks, operation_phone (operation),
                                           &data->msisdn, &error);
  if (network == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  data->label = g_strdup (network->service_name != NULL ? network->service_name
                                                        : network->network_name);

  /* No idempotency key: ZengaPay has none, and without one the HTTP layer
   * never sends a POST twice. The external reference guards the rest. */
  request = pd_http_request_new ("POST", zp_product_path (data->product));
  writer = pd_http_request_get_json_object (request);
  write_text (writer, "msisdn", data->msisdn);
  /* In the form it has ("186600.00" stays so), but with no more than the
   * two decimals ZengaPay takes; check_operation() saw that only zeros go. */
  if (amount.scale > 2 && !pd_money_rescale (&operation->amount, 2, &amount, NULL))
    g_assert_not_reached ();
  pd_json_writer_member (writer, "amount");
  pd_json_writer_money (writer, &amount, PD_AMOUNT_MAJOR);
  write_text (writer, "external_reference", operation->reference);
  write_text (writer, "narration", operation->description);

  pd_http_client_request_async (self->http, request, g_task_get_cancellable (task),
                                on_perform_answer, task);
}

static void
on_perform_networks (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  PdZengapayClient *self = PD_ZENGAPAY_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) networks = NULL;
  g_autoptr(GError) error = NULL;

  networks = pd_zengapay_client_list_networks_finish (self, result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  /* Nothing was sent: the number could not be checked. */
  if (networks == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  send_operation (g_steal_pointer (&task));
}

/* Looking an operation up */

static void lookup_walk (GTask *task);

static gboolean
is_the_operation (const PdTransaction *transaction,
                  const PdOperation   *operation)
{
  return transaction->reference == NULL ||
         g_strcmp0 (transaction->reference, operation->reference) == 0;
}

static void
lookup_found (GTask         *task,
              PdTransaction *transaction)
{
  PdZengapayClient *self = g_task_get_source_object (task);
  OperationData *data = g_task_get_task_data (task);

  remember_reference (self, transaction);
  data->response_json = g_strdup (transaction->raw_json);
  data->transaction = transaction;
  return_operation_result (task);
}

static void
on_lookup_direct (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PdZengapayClient *self = PD_ZENGAPAY_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(PdTransaction) transaction = NULL;
  g_autoptr(GError) error = NULL;

  transaction = pd_zengapay_client_get_transaction_finish (self, result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (transaction != NULL && is_the_operation (transaction, data->operation))
    {
      lookup_found (task, g_steal_pointer (&transaction));
      return;
    }

  if (transaction == NULL && !g_error_matches (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The reference known for it was wrong: look for the operation itself. */
  data->page = 1;
  lookup_walk (g_steal_pointer (&task));
}

static void
on_lookup_page (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdZengapayClient *self = g_task_get_source_object (task);
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(PdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPage) page = NULL;
  PdProviderErrorInfo info = { 0, };
  g_autofree char *detail = NULL;
  JsonArray *items;

  response = pd_http_client_request_finish (PD_HTTP_CLIENT (object), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (response == NULL || !check_response (self, response, FALSE, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  page = read_transaction_page (self, response, data->product, data->page, &error);
  if (page == NULL)
    {
      g_task_return_error (task, malformed_error (self, pd_http_response_get_status (response),
                                                  error, FALSE));
      return;
    }

  for (guint i = page->transactions->len; i-- > 0;)
    {
      PdTransaction *transaction = g_ptr_array_index (page->transactions, i);

      if (g_strcmp0 (transaction->reference, data->operation->reference) == 0)
        {
          lookup_found (task, g_ptr_array_steal_index (page->transactions, i));
          return;
        }
    }

  /* Newest last: after the first page, from the last page backwards. */
  if (data->page == 1)
    {
      items = read_envelope (pd_http_response_get_object (response),
                             zp_product_resource (data->product), 1, &data->last_page, NULL, NULL);
      data->page = items != NULL && data->last_page > 1 ? data->last_page : 0;
    }
  else
    {
      data->page = data->page > 2 ? data->page - 1 : 0;
    }

  if (data->page > 0)
    {
      lookup_walk (g_steal_pointer (&task));
      return;
    }

  detail = g_strdup_printf (_("nothing has the external reference “%s”"), data->operation->reference);
  info.provider_name = pd_http_client_get_provider_name (self->http);
  info.detail = detail;
  g_task_return_error (task, pd_provider_error_new_full (PD_PROVIDER_ERROR_NOT_FOUND, &info));
}

static void
lookup_walk (GTask *task)
{
  PdZengapayClient *self = g_task_get_source_object (task);
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(PdHttpRequest) request = NULL;

  request = new_page_request (zp_product_path (data->product), data->page);
  pd_http_client_request_async (self->http, request, g_task_get_cancellable (task),
                                on_lookup_page, task);
}

/* Writing balance-check warnings found during a sync engine's walk */

typedef struct
{
  PdStore   *store;
  gint64     account_id;
  GPtrArray *breaks;
  PdPage    *page;
} RecordData;

static void
record_data_free (gpointer pointer)
{
  RecordData *data = pointer;

  g_clear_object (&data->store);
  g_clear_pointer (&data->breaks, g_ptr_array_unref);
  g_clear_pointer (&data->page, pd_page_unref);
  g_free (data);
}

static void
record_breaks_run (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  RecordData *data = task_data;
  g_autoptr(GError) error = NULL;
  gboolean recorded;

  recorded = pd_zengapay_record_chain_breaks (data->store, data->account_id, data->breaks, &error);

  /* Not kept alive by the task after it returns (see store_job_run()). */
  g_clear_object (&data->store);

  if (!recorded)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, pd_page_ref (data->page), (GDestroyNotify)pd_page_unref);
}

/* PdProvider */

static PdProviderViews
pd_zengapay_client_get_views (PdProvider *provider)
{
  return PD_PROVIDER_VIEW_CUSTOMERS |
         PD_PROVIDER_VIEW_CHARGES |
         PD_PROVIDER_VIEW_DISBURSEMENTS |
         PD_PROVIDER_VIEW_STATEMENTS |
         PD_PROVIDER_VIEW_BALANCES;
}

static guint
pd_zengapay_client_get_operations (PdProvider *provider)
{
  return PD_OPERATION_BIT (PD_OPERATION_COLLECTION) |
         PD_OPERATION_BIT (PD_OPERATION_TRANSFER) |
         PD_OPERATION_BIT (PD_OPERATION_DISBURSEMENT) |
         PD_OPERATION_BIT (PD_OPERATION_TOPUP);
}

/* Every transaction can be found again, by its transactionReference or its
 * external reference; nothing can be replayed. */
static PdReconcileMethod
pd_zengapay_client_get_reconcile_method (PdProvider      *provider,
                                         PdOperationKind  kind)
{
  return pd_zengapay_client_get_operations (provider) & PD_OPERATION_BIT (kind)
         ? PD_RECONCILE_LOOKUP : PD_RECONCILE_NONE;
}

static const char * const *
pd_zengapay_client_get_resources (PdProvider *provider)
{
  return resource_names;
}

/* A statement page for the sync engine, with the warnings its walk found:
 * the page goes back once they are written. */
static gpointer
read_statement_resource_call (PdZengapayClient  *self,
                              PdHttpResponse    *response,
                              gpointer           data,
                              GError           **error)
{
  ListData *list = data;
  g_autofree char *cursor = page_cursor (list->page);
  g_autoptr(StatementWalk) walk = NULL;
  RecordData *record;

  /* The walk the sync engine is on, if this is its next page. */
  if (list->page > 1)
    g_hash_table_steal_extended (self->walks, cursor, NULL, (gpointer *)&walk);
  if (walk == NULL)
    walk = statement_walk_new ();

  record = g_new0 (RecordData, 1);
  record->breaks = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_zengapay_chain_break_free);
  record->page = read_statement_page (self->tz, response, list->page, walk, record->breaks,
                                      NULL, NULL, error);
  if (record->page == NULL)
    {
      record_data_free (record);
      return NULL;
    }

  if (record->page->next_cursor != NULL)
    {
      if (g_hash_table_size (self->walks) >= MAX_OPEN_WALKS)
        g_hash_table_remove_all (self->walks);
      g_hash_table_replace (self->walks, g_strdup (record->page->next_cursor),
                            g_steal_pointer (&walk));
    }

  for (guint i = 0; i < record->breaks->len; i++)
    {
      g_autofree char *sentence = pd_zengapay_chain_break_describe (g_ptr_array_index (record->breaks, i));

      g_debug ("%s: %s", ZP_PROVIDER_NAME, sentence);
    }

  if (self->store != NULL)
    {
      record->store = g_object_ref (self->store);
      record->account_id = self->account_id;
    }

  return record;
}

static void
on_breaks_recorded (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  PdPage *page;

  page = g_task_propagate_pointer (G_TASK (result), &error);
  if (page == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, page, (GDestroyNotify)pd_page_unref);
}

static void
on_statement_fetched (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GTask) record_task = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;
  RecordData *record;

  record = g_task_propagate_pointer (G_TASK (result), &error);
  if (record == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (record->store == NULL || record->breaks->len == 0)
    {
      g_task_return_pointer (task, pd_page_ref (record->page), (GDestroyNotify)pd_page_unref);
      record_data_free (record);
      return;
    }

  /* Warnings to write first, off the main thread. */
  cancellable = g_task_get_cancellable (task);
  /* No source object: see sync_pump(). */
  record_task = g_task_new (NULL, cancellable, on_breaks_recorded, g_steal_pointer (&task));
  g_task_set_source_tag (record_task, record_breaks_run);
  g_task_set_task_data (record_task, record, record_data_free);
  g_task_run_in_thread (record_task, record_breaks_run);
}

static void
on_resource_response (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  PdPage *page;

  page = g_task_propagate_pointer (G_TASK (result), &error);
  if (page == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, page, (GDestroyNotify)pd_page_unref);
}

static void
pd_zengapay_client_fetch_page_async (PdProvider          *provider,
                                     const char          *resource,
                                     const char          *cursor,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  PdZengapayClient *self = PD_ZENGAPAY_CLIENT (provider);
  g_autoptr(PdHttpRequest) request = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  GTask *call = NULL;
  ListData *list;
  guint page = 1;
  guint i;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_zengapay_client_fetch_page_async);

  for (i = 0; i < G_N_ELEMENTS (resources); i++)
    if (g_strcmp0 (resources[i].name, resource) == 0)
      break;

  if (i == G_N_ELEMENTS (resources))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("ZengaPay has no list of “%s”"), resource);
      return;
    }

  if (!parse_cursor (cursor, &page, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  list = g_new0 (ListData, 1);
  list->product = resources[i].product;
  list->page = page;

  switch (resources[i].kind)
    {
    case RESOURCE_CONTACTS:
      call = call_new (self, on_resource_response, cancellable, on_resource_response,
                       g_object_ref (task), read_contact_page_call, (GDestroyNotify)pd_page_unref,
                       list, g_free);
      request = new_page_request ("/contacts", page);
      break;

    case RESOURCE_COLLECTIONS:
    case RESOURCE_TRANSFERS:
    case RESOURCE_AIRTIME:
    case RESOURCE_BUNDLES:
      call = call_new (self, on_resource_response, cancellable, on_resource_response,
                       g_object_ref (task), read_transaction_page_call, (GDestroyNotify)pd_page_unref,
                       list, g_free);
      request = new_page_request (zp_product_path (list->product), page);
      break;

    case RESOURCE_STATEMENT:
      call = call_new (self, on_statement_fetched, cancellable, on_statement_fetched,
                       g_object_ref (task), read_statement_resource_call, record_data_free,
                       list, g_free);
      request = new_statement_request (self, NULL, page);
      break;

    case RESOURCE_BALANCES:
    default:
      g_free (list);
      call = call_new (self, on_resource_response, cancellable, on_resource_response,
                       g_object_ref (task), read_balance_page_call, (GDestroyNotify)pd_page_unref,
                       NULL, NULL);
      request = pd_http_request_new ("GET", "/account/balance");
      break;
    }

  call_send (self, request, call);
}

static PdPage *
pd_zengapay_client_fetch_page_finish (PdProvider    *provider,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return call_finish (provider, result, pd_zengapay_client_fetch_page_async, error);
}

static void
pd_zengapay_client_perform_async (PdProvider          *provider,
                                  const PdOperation   *operation,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  PdZengapayClient *self = PD_ZENGAPAY_CLIENT (provider);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  OperationData *data;

  g_return_if_fail (operation != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_zengapay_client_perform_async);

  data = g_new0 (OperationData, 1);
  data->operation = pd_operation_copy (operation);
  g_task_set_task_data (task, data, operation_data_free);

  if (!operation_product (operation, &data->product, &error) ||
      !check_operation (operation, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->networks != NULL)
    {
      send_operation (g_steal_pointer (&task));
      return;
    }

  pd_zengapay_client_list_networks_async (self, cancellable, on_perform_networks,
                                          g_steal_pointer (&task));
}

static PdOperationResult *
pd_zengapay_client_perform_finish (PdProvider    *provider,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return call_finish (provider, result, pd_zengapay_client_perform_async, error);
}

static void
pd_zengapay_client_lookup_async (PdProvider          *provider,
                                 const PdOperation   *operation,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  PdZengapayClient *self = PD_ZENGAPAY_CLIENT (provider);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  const char *reference;
  OperationData *data;

  g_return_if_fail (operation != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_zengapay_client_lookup_async);

  data = g_new0 (OperationData, 1);
  data->operation = pd_operation_copy (operation);
  g_task_set_task_data (task, data, operation_data_free);

  if (!operation_product (operation, &data->product, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (zp_is_blank (operation->reference))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The operation has no reference"));
      return;
    }

  reference = first_field (operation, "transaction_reference", NULL);
  if (reference == NULL)
    reference = g_hash_table_lookup (self->references, operation->reference);

  if (reference != NULL)
    {
      pd_zengapay_client_get_transaction_async (self, data->product, reference, cancellable,
                                                on_lookup_direct, g_steal_pointer (&task));
      return;
    }

  data->page = 1;
  lookup_walk (g_steal_pointer (&task));
}

static PdOperationResult *
pd_zengapay_client_lookup_finish (PdProvider    *provider,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return call_finish (provider, result, pd_zengapay_client_lookup_async, error);
}

static void
on_test_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PdZengapayClient *self = PD_ZENGAPAY_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(PdZengapayAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = pd_zengapay_client_get_account_finish (self, result, &error);
  if (account == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
pd_zengapay_client_test_async (PdProvider          *provider,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  PdZengapayClient *self = PD_ZENGAPAY_CLIENT (provider);
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_zengapay_client_test_async);

  /* The account summary: small, and it needs the token. */
  pd_zengapay_client_get_account_async (self, cancellable, on_test_done, task);
}

static gboolean
pd_zengapay_client_test_finish (PdProvider    *provider,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_zengapay_client_test_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
pd_zengapay_client_provider_iface_init (PdProviderInterface *iface)
{
  iface->get_views = pd_zengapay_client_get_views;
  iface->get_operations = pd_zengapay_client_get_operations;
  iface->get_reconcile_method = pd_zengapay_client_get_reconcile_method;
  iface->get_resources = pd_zengapay_client_get_resources;
  iface->fetch_page_async = pd_zengapay_client_fetch_page_async;
  iface->fetch_page_finish = pd_zengapay_client_fetch_page_finish;
  iface->perform_async = pd_zengapay_client_perform_async;
  iface->perform_finish = pd_zengapay_client_perform_finish;
  iface->lookup_async = pd_zengapay_client_lookup_async;
  iface->lookup_finish = pd_zengapay_client_lookup_finish;
  iface->test_async = pd_zengapay_client_test_async;
  iface->test_finish = pd_zengapay_client_test_finish;
}

/* Construction */

/**
 * pd_zengapay_client_new:
 * @base_url: (nullable): the base URL of the account's API, e.g. the
 *   sandbox's `http://127.0.0.1:40002/v1`; %NULL for
 *   %PD_ZENGAPAY_DEFAULT_BASE_URL
 * @token: the account's API token, sent as `Authorization: Bearer TOKEN`
 *
 * Makes a ZengaPay client on the shared HTTP session. It implements
 * #PdProvider: sync resources `contacts` (as customers), `collections`,
 * `transfers`, `airtime`, `bundles` (as transactions: collection,
 * transfer, top-up), `statement` (statement entries) and `balances` (a
 * reading of each wallet and of the total, timed at the sync); operations
 * collection, transfer (and disbursement, sent as a transfer) and top-up
 * (airtime, or a bundle when the field `product` is `bundle`), settled by
 * look-up.
 *
 * For pd_provider_perform_async(): the field `phone` (or `msisdn`, or the
 * target) is the number money is asked from or sent to, in any usual
 * writing; it must belong to a network ZengaPay lists. The amount is in
 * UGX with at most two decimals and goes out in the form it has
 * (`186600.00` stays so); the reference is sent as the unique
 * `external_reference` and the description as the `narration`, both
 * required. pd_provider_lookup_async() uses the field
 * `transaction_reference` when the operation has it.
 *
 * Returns: (transfer full): a new #PdZengapayClient
 */
PdZengapayClient *
pd_zengapay_client_new (const char *base_url,
                        const char *token)
{
  g_return_val_if_fail (token != NULL, NULL);

  return g_object_new (PD_TYPE_ZENGAPAY_CLIENT,
                       "base-url", base_url,
                       "token", token,
                       NULL);
}

/**
 * pd_zengapay_client_new_for_account:
 * @account: a ZengaPay account
 * @secrets: (nullable): the account's secrets; `token` is needed
 * @error: where to put an error
 *
 * Makes a client for @account: its base URL (the production one when it
 * has none), its time zone and the API token from @secrets. This is the
 * constructor the provider registry uses. The `secret_hash` for webhooks
 * is not the client's (see pd_zengapay_webhook_verify()).
 *
 * Returns: (transfer full): a new #PdZengapayClient as a #PdProvider, or
 *   %NULL with @error set when @secrets has no token
 */
PdProvider *
pd_zengapay_client_new_for_account (const PdAccount    *account,
                                    const PdSecretSet  *secrets,
                                    GError            **error)
{
  g_autoptr(PdZengapayClient) client = NULL;
  const char *token;

  g_return_val_if_fail (account != NULL, NULL);

  token = secrets != NULL ? pd_secret_set_get (secrets, "token") : NULL;
  if (zp_is_blank (token))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The ZengaPay account has no API token (the secret field “%s”)"), "token");
      return NULL;
    }

  client = pd_zengapay_client_new (zp_is_blank (account->base_url) ? NULL : account->base_url, token);
  pd_zengapay_client_set_timezone (client, account->timezone);

  return PD_PROVIDER (g_steal_pointer (&client));
}

/**
 * pd_zengapay_client_get_http_client:
 * @self: a #PdZengapayClient
 *
 * Returns: (transfer none): the HTTP client requests go through, for its
 *   timeouts and retry settings
 */
PdHttpClient *
pd_zengapay_client_get_http_client (PdZengapayClient *self)
{
  g_return_val_if_fail (PD_IS_ZENGAPAY_CLIENT (self), NULL);

  return self->http;
}

/**
 * pd_zengapay_client_get_timezone:
 * @self: a #PdZengapayClient
 *
 * Returns: the IANA time zone in which times without a zone are read
 */
const char *
pd_zengapay_client_get_timezone (PdZengapayClient *self)
{
  g_return_val_if_fail (PD_IS_ZENGAPAY_CLIENT (self), NULL);

  return self->timezone;
}

/**
 * pd_zengapay_client_set_timezone:
 * @self: a #PdZengapayClient
 * @timezone: (nullable): an IANA time zone; %NULL for ZengaPay's home
 *   zone, `Africa/Kampala`
 *
 * Sets the zone in which ZengaPay's times are read and the statement's
 * `start` and `end` are written. An unknown zone is read as Kampala's.
 */
void
pd_zengapay_client_set_timezone (PdZengapayClient *self,
                                 const char       *timezone)
{
  g_return_if_fail (PD_IS_ZENGAPAY_CLIENT (self));

  if (zp_is_blank (timezone))
    timezone = ZP_DEFAULT_TIMEZONE;

  if (g_strcmp0 (self->timezone, timezone) == 0)
    return;

  g_free (self->timezone);
  self->timezone = g_strdup (timezone);

  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = zp_time_zone_new (timezone);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEZONE]);
}

/**
 * pd_zengapay_client_set_store:
 * @self: a #PdZengapayClient
 * @store: (nullable): the store the account's records go to
 * @account_id: the account's id in @store
 *
 * Lets the client write the warnings it finds while a sync engine walks
 * the `statement` resource (a wallet whose running balance does not
 * chain) to the account's audit trail, as
 * pd_zengapay_client_sync_statement_async() does. Without a store they are
 * only logged.
 */
void
pd_zengapay_client_set_store (PdZengapayClient *self,
                              PdStore          *store,
                              gint64            account_id)
{
  g_return_if_fail (PD_IS_ZENGAPAY_CLIENT (self));
  g_return_if_fail (store == NULL || PD_IS_STORE (store));

  g_set_object (&self->store, store);
  self->account_id = account_id;
}

static void
pd_zengapay_client_dispose (GObject *object)
{
  PdZengapayClient *self = (PdZengapayClient *)object;

  g_clear_object (&self->store);

  G_OBJECT_CLASS (pd_zengapay_client_parent_class)->dispose (object);
}

static void
pd_zengapay_client_finalize (GObject *object)
{
  PdZengapayClient *self = (PdZengapayClient *)object;

  g_clear_object (&self->http);
  g_clear_pointer (&self->timezone, g_free);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->networks, g_ptr_array_unref);
  g_clear_pointer (&self->contacts, g_hash_table_unref);
  g_clear_pointer (&self->references, g_hash_table_unref);
  g_clear_pointer (&self->walks, g_hash_table_unref);

  G_OBJECT_CLASS (pd_zengapay_client_parent_class)->finalize (object);
}

static void
pd_zengapay_client_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PdZengapayClient *self = PD_ZENGAPAY_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, pd_http_client_get_base_url (self->http));
      break;

    case PROP_TIMEZONE:
      g_value_set_string (value, self->timezone);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_zengapay_client_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PdZengapayClient *self = PD_ZENGAPAY_CLIENT (object);
  const char *text;

  switch (prop_id)
    {
    case PROP_BASE_URL:
      text = g_value_get_string (value);
      pd_http_client_set_base_url (self->http, zp_is_blank (text) ? PD_ZENGAPAY_DEFAULT_BASE_URL : text);
      break;

    case PROP_TOKEN:
      /* The hook owns its copy of the token and wipes it when replaced. */
      pd_http_client_set_prepare_func (self->http, prepare_request,
                                       g_value_dup_string (value), pd_secret_text_free);
      break;

    case PROP_TIMEZONE:
      pd_zengapay_client_set_timezone (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_zengapay_client_class_init (PdZengapayClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_zengapay_client_dispose;
  object_class->finalize = pd_zengapay_client_finalize;
  object_class->get_property = pd_zengapay_client_get_property;
  object_class->set_property = pd_zengapay_client_set_property;

  /**
   * PdZengapayClient:base-url:
   *
   * The base URL of the account's API, ending in `/v1`.
   */
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         PD_ZENGAPAY_DEFAULT_BASE_URL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * PdZengapayClient:token:
   *
   * The account's API token. It can be set, never read back.
   */
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL,
                         NULL,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * PdZengapayClient:timezone:
   *
   * The IANA time zone in which times without a zone are read.
   */
  properties[PROP_TIMEZONE] =
    g_param_spec_string ("timezone", NULL, NULL,
                         ZP_DEFAULT_TIMEZONE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_zengapay_client_init (PdZengapayClient *self)
{
  self->http = pd_http_client_new (ZP_PROVIDER_NAME, PD_ZENGAPAY_DEFAULT_BASE_URL);
  pd_http_client_set_error_parser (self->http, parse_error_body, NULL, NULL);
  pd_http_client_set_prepare_func (self->http, prepare_request, NULL, NULL);

  self->contacts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, contact_info_free);
  self->references = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->walks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, statement_walk_free);
}

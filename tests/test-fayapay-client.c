/* test-fayapay-client.c - the FayaPay client against the sandbox over loopback
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pd-fayapay-client.h"
#include "pd-http-private.h"
#include "pd-http-session.h"
#include "pd-json.h"
#include "pd-provider-registry.h"
#include "pd-test-sandbox.h"

typedef struct
{
  PdTestSandbox   *sandbox;
  PdFayapayClient *client;
  PdProvider      *provider;
} Fixture;

/* Retries in milliseconds, not seconds, so the fault tests stay quick. */
static void
make_retries_quick (PdFayapayClient *client)
{
  PdHttpClient *http = pd_fayapay_client_get_http_client (client);

  pd_fayapay_client_set_retry_delay (client, 10);
  pd_http_client_set_max_retry_delay (http, 40);
  pd_http_client_set_timeout (http, 15000);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->sandbox = pd_test_sandbox_start (NULL);
  fixture->client = pd_fayapay_client_new (pd_test_sandbox_get_base_url (fixture->sandbox, "fayapay"),
                                           pd_test_sandbox_get_credential (fixture->sandbox, "fayapay", "api_key"));
  make_retries_quick (fixture->client);
  fixture->provider = PD_PROVIDER (fixture->client);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_assert_finalize_object (fixture->client);
  pd_test_sandbox_stop (fixture->sandbox);
}

/* Waiting for async calls */

static void
on_ready (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static PdPage *
fetch_page (PdProvider  *provider,
            const char  *resource,
            const char  *cursor,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_provider_fetch_page_async (provider, resource, cursor, NULL, on_ready, &result);
  return pd_provider_fetch_page_finish (provider, wait_for (&result), error);
}

static PdOperationResult *
perform (PdProvider         *provider,
         const PdOperation  *operation,
         GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_provider_perform_async (provider, operation, NULL, on_ready, &result);
  return pd_provider_perform_finish (provider, wait_for (&result), error);
}

static PdOperationResult *
lookup (PdProvider         *provider,
        const PdOperation  *operation,
        GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_provider_lookup_async (provider, operation, NULL, on_ready, &result);
  return pd_provider_lookup_finish (provider, wait_for (&result), error);
}

static gboolean
test_account (PdProvider  *provider,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_provider_test_async (provider, NULL, on_ready, &result);
  return pd_provider_test_finish (provider, wait_for (&result), error);
}

static PdTransaction *
get_charge (PdFayapayClient  *client,
            const char       *id,
            GCancellable     *cancellable,
            GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_fayapay_client_get_charge_async (client, id, cancellable, on_ready, &result);
  return pd_fayapay_client_get_charge_finish (client, wait_for (&result), error);
}

static PdTransaction *
update_charge (PdFayapayClient  *client,
               const char       *id,
               const char       *customer_id,
               const char       *description,
               GHashTable       *metadata,
               GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_fayapay_client_update_charge_async (client, id, customer_id, description, metadata,
                                         NULL, on_ready, &result);
  return pd_fayapay_client_update_charge_finish (client, wait_for (&result), error);
}

static PdTransaction *
get_refund (PdFayapayClient  *client,
            const char       *id,
            GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_fayapay_client_get_refund_async (client, id, NULL, on_ready, &result);
  return pd_fayapay_client_get_refund_finish (client, wait_for (&result), error);
}

static PdTransaction *
update_refund (PdFayapayClient  *client,
               const char       *id,
               const char       *description,
               GHashTable       *metadata,
               GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_fayapay_client_update_refund_async (client, id, description, metadata, NULL, on_ready, &result);
  return pd_fayapay_client_update_refund_finish (client, wait_for (&result), error);
}

static PdCustomer *
create_customer (PdFayapayClient  *client,
                 const char       *name,
                 const char       *email,
                 const char       *phone,
                 GHashTable       *metadata,
                 GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_fayapay_client_create_customer_async (client, name, email, phone, NULL, metadata,
                                           NULL, on_ready, &result);
  return pd_fayapay_client_create_customer_finish (client, wait_for (&result), error);
}

static PdCustomer *
get_customer (PdFayapayClient  *client,
              const char       *id,
              GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_fayapay_client_get_customer_async (client, id, NULL, on_ready, &result);
  return pd_fayapay_client_get_customer_finish (client, wait_for (&result), error);
}

static PdCustomer *
update_customer (PdFayapayClient  *client,
                 const char       *id,
                 const char       *phone,
                 const char       *description,
                 const char       *default_source,
                 GHashTable       *metadata,
                 GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_fayapay_client_update_customer_async (client, id, NULL, NULL, phone, description,
                                           default_source, metadata, NULL, on_ready, &result);
  return pd_fayapay_client_update_customer_finish (client, wait_for (&result), error);
}

static PdCard *
attach_source (PdFayapayClient  *client,
               const char       *customer_id,
               const char       *source_id,
               GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_fayapay_client_attach_source_async (client, customer_id, source_id, NULL, on_ready, &result);
  return pd_fayapay_client_attach_source_finish (client, wait_for (&result), error);
}

static PdCard *
get_source (PdFayapayClient  *client,
            const char       *id,
            GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_fayapay_client_get_source_async (client, id, NULL, on_ready, &result);
  return pd_fayapay_client_get_source_finish (client, wait_for (&result), error);
}

static PdTransaction *
get_disbursement (PdFayapayClient  *client,
                  const char       *id,
                  GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_fayapay_client_get_disbursement_async (client, id, NULL, on_ready, &result);
  return pd_fayapay_client_get_disbursement_finish (client, wait_for (&result), error);
}

static PdTransaction *
update_disbursement (PdFayapayClient  *client,
                     const char       *id,
                     const char       *description,
                     GHashTable       *metadata,
                     GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_fayapay_client_update_disbursement_async (client, id, description, metadata, NULL, on_ready, &result);
  return pd_fayapay_client_update_disbursement_finish (client, wait_for (&result), error);
}

static PdTransaction *
get_payout (PdFayapayClient  *client,
            const char       *id,
            GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_fayapay_client_get_payout_async (client, id, NULL, on_ready, &result);
  return pd_fayapay_client_get_payout_finish (client, wait_for (&result), error);
}

/* The sandbox's own answers, read without the client */

static PdTestResponse *
raw_request (PdTestSandbox *sandbox,
             const char    *method,
             const char    *path,
             const char    *body,
             const char    *idempotency_key)
{
  g_autofree char *url = pd_test_sandbox_url (sandbox, "fayapay", path);
  const char *headers[7] = {
    "authorization", pd_test_sandbox_get_credential (sandbox, "fayapay", "api_key"),
    "accept", "application/json",
    NULL, NULL, NULL,
  };
  PdTestRequest request = {
    .method = method,
    .url = url,
    .headers = headers,
    .content_type = "application/json",
    .body = body,
  };

  if (idempotency_key != NULL)
    {
      headers[4] = "X-IDEMPOTENCY-KEY";
      headers[5] = idempotency_key;
    }

  return pd_test_sandbox_send (sandbox, &request);
}

static JsonObject *
raw_get (PdTestSandbox *sandbox,
         const char    *path)
{
  g_autoptr(PdTestResponse) response = raw_request (sandbox, "GET", path, NULL, NULL);

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, 200);

  return json_object_ref (pd_test_response_get_object (response));
}

/* Every object of a list, walked with the sandbox's own cursors. */
static GPtrArray *
raw_list (PdTestSandbox *sandbox,
          const char    *path)
{
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  g_autofree char *cursor = NULL;

  do
    {
      g_autofree char *page_path = NULL;
      g_autoptr(PdTestResponse) response = NULL;
      JsonObject *list;
      JsonArray *data;

      if (cursor != NULL)
        page_path = g_strdup_printf ("%s?Limit=50&StartingAfter=%s", path, cursor);
      else
        page_path = g_strdup_printf ("%s?Limit=50", path);

      response = raw_request (sandbox, "GET", page_path, NULL, NULL);
      g_assert_no_error (response->error);
      g_assert_cmpuint (response->status, ==, 200);

      list = pd_test_response_get_object (response);
      data = pd_test_assert_array_member (list, "data");
      for (guint i = 0; i < json_array_get_length (data); i++)
        g_ptr_array_add (objects, json_node_ref (json_array_get_element (data, i)));

      g_clear_pointer (&cursor, g_free);
      if (!JSON_NODE_HOLDS_NULL (json_object_get_member (list, "nextCursor")))
        cursor = g_strdup (pd_test_assert_string_member (list, "nextCursor"));
    }
  while (cursor != NULL);

  return objects;
}

/* Checks on normalized records */

static const char *
text_or_null (JsonObject *object,
              const char *member)
{
  const char *text = pd_json_get_string (object, member);

  return text != NULL && *text != '\0' ? text : NULL;
}

static gint64
unix_time (const char *iso8601)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso8601, NULL);

  g_assert_nonnull (time);

  return g_date_time_to_unix (time);
}

static void
assert_ghs (const PdMoney *money,
            gint64         pesewas)
{
  g_assert_cmpstr (money->currency, ==, "GHS");
  g_assert_cmpuint (money->scale, ==, 2);
  g_assert_cmpint (money->units, ==, pesewas);
}

static void
assert_raw_json (const char *raw_json,
                 JsonObject *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) expected_node = json_node_init_object (json_node_alloc (), expected);

  g_assert_nonnull (raw_json);
  node = pd_json_parse (raw_json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (node, expected_node));
}

/* The state a charge, refund or disbursement should read as. */
static PdTransactionState
expected_state (JsonObject *raw)
{
  const char *word = pd_test_assert_string_member (raw, "state");

  if (g_str_equal (word, "Pending"))
    return PD_TRANSACTION_STATE_PENDING;
  if (g_str_equal (word, "Failed"))
    return PD_TRANSACTION_STATE_FAILED;
  if (g_str_equal (word, "Refunded"))
    return PD_TRANSACTION_STATE_REFUNDED;

  g_assert_cmpstr (word, ==, "Succeeded");
  if (json_object_has_member (raw, "amountRefunded"))
    {
      gint64 refunded = pd_test_assert_int_member (raw, "amountRefunded");
      gint64 amount = pd_test_assert_int_member (raw, "amount");

      if (refunded >= amount)
        return PD_TRANSACTION_STATE_REFUNDED;
      if (refunded > 0)
        return PD_TRANSACTION_STATE_PARTIALLY_REFUNDED;
    }

  return PD_TRANSACTION_STATE_SUCCEEDED;
}

static void
assert_transaction_base (const PdTransaction *transaction,
                         JsonObject          *raw,
                         PdTransactionKind    kind)
{
  g_assert_nonnull (transaction);
  g_assert_cmpint (transaction->kind, ==, kind);
  g_assert_cmpstr (transaction->provider_id, ==, pd_test_assert_string_member (raw, "id"));
  g_assert_cmpstr (transaction->reference, ==, text_or_null (raw, "reference"));
  assert_ghs (&transaction->amount, pd_test_assert_int_member (raw, "amount"));
  g_assert_cmpint (transaction->created_at, ==, unix_time (pd_test_assert_string_member (raw, "createdAt")));
  assert_raw_json (transaction->raw_json, raw);
}

static void
assert_refund_matches (const PdTransaction *refund,
                       JsonObject          *raw)
{
  assert_transaction_base (refund, raw, PD_TRANSACTION_KIND_REFUND);
  g_assert_cmpint (refund->state, ==, expected_state (raw));
  g_assert_cmpstr (refund->provider_status, ==, pd_test_assert_string_member (raw, "state"));
  g_assert_cmpstr (refund->parent_provider_id, ==, pd_test_assert_string_member (raw, "chargeId"));
  g_assert_cmpstr (refund->description, ==, text_or_null (raw, "description"));
}

static void
assert_disbursement_matches (const PdTransaction *disbursement,
                             JsonObject          *raw)
{
  assert_transaction_base (disbursement, raw, PD_TRANSACTION_KIND_DISBURSEMENT);
  g_assert_cmpint (disbursement->state, ==, expected_state (raw));
  assert_ghs (&disbursement->fee, pd_test_assert_int_member (raw, "fee"));
  g_assert_cmpstr (disbursement->customer_name, ==, text_or_null (raw, "recipientName"));
  g_assert_cmpstr (disbursement->email, ==, text_or_null (raw, "recipientEmail"));
  g_assert_cmpstr (disbursement->counterparty, ==, text_or_null (raw, "recipientAccountNumber"));
  g_assert_cmpstr (disbursement->description, ==, text_or_null (raw, "description"));
}

static void
assert_payout_matches (const PdTransaction *payout,
                       JsonObject          *raw)
{
  g_autofree char *counterparty = NULL;

  assert_transaction_base (payout, raw, PD_TRANSACTION_KIND_PAYOUT);
  g_assert_cmpint (payout->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  counterparty = g_strdup_printf ("%s %s",
                                  pd_test_assert_string_member (raw, "settlementAccountProvider"),
                                  pd_test_assert_string_member (raw, "settlementAccountNumber"));
  g_assert_cmpstr (payout->counterparty, ==, counterparty);
}

static void
assert_customer_matches (const PdCustomer *customer,
                         JsonObject       *raw)
{
  g_assert_nonnull (customer);
  g_assert_cmpstr (customer->provider_id, ==, pd_test_assert_string_member (raw, "id"));
  g_assert_cmpstr (customer->name, ==, text_or_null (raw, "name"));
  g_assert_cmpstr (customer->email, ==, text_or_null (raw, "email"));
  g_assert_cmpstr (customer->phone, ==, text_or_null (raw, "phone"));
  g_assert_cmpint (customer->created_at, ==, unix_time (pd_test_assert_string_member (raw, "createdAt")));
  assert_raw_json (customer->raw_json, raw);
}

static guint
count_digits (const char *text)
{
  guint n = 0;

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      n++;

  return n;
}

/* The last four digits of a masked name, as the test reads it. */
static char *
last4_of (const char *masked_name)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = masked_name; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);

  g_assert_cmpuint (digits->len, >=, 4);
  g_string_erase (digits, 0, digits->len - 4);

  return g_string_free (digits, FALSE);
}

static void
assert_card_matches (const PdCard *card,
                     JsonObject   *raw)
{
  const char *masked_name = pd_test_assert_string_member (raw, "maskedName");
  g_autofree char *last4 = last4_of (masked_name);
  JsonObject *owner = pd_test_assert_object_member (raw, "owner");

  g_assert_nonnull (card);
  g_assert_cmpstr (card->provider_id, ==, pd_test_assert_string_member (raw, "id"));
  g_assert_cmpstr (card->customer_provider_id, ==, text_or_null (raw, "customerId"));
  g_assert_cmpstr (card->last4, ==, last4);
  g_assert_nonnull (card->masked_pan);
  g_assert_true (g_str_has_suffix (card->masked_pan, last4));
  g_assert_cmpuint (count_digits (card->masked_pan), <=, 4);
  g_assert_nonnull (card->brand);
  g_assert_true (g_str_has_prefix (masked_name, card->brand));
  g_assert_cmpstr (card->holder_name, ==, text_or_null (owner, "name"));
  g_assert_cmpint (card->created_at, ==, unix_time (pd_test_assert_string_member (raw, "createdAt")));
  assert_raw_json (card->raw_json, raw);
}

/* A charge, and what it should borrow from its customer and source. */
static void
assert_charge_matches (const PdTransaction *charge,
                       JsonObject          *raw,
                       JsonObject          *raw_customer,
                       JsonObject          *raw_source)
{
  JsonObject *owner = raw_source != NULL ? pd_test_assert_object_member (raw_source, "owner") : NULL;
  const char *name = NULL;
  const char *email = NULL;
  const char *phone = NULL;
  gint64 refunded;

  assert_transaction_base (charge, raw, PD_TRANSACTION_KIND_CHARGE);
  g_assert_cmpint (charge->state, ==, expected_state (raw));
  g_assert_cmpstr (charge->provider_status, ==, pd_test_assert_string_member (raw, "state"));
  assert_ghs (&charge->fee, pd_test_assert_int_member (raw, "fee"));

  refunded = pd_test_assert_int_member (raw, "amountRefunded");
  if (refunded > 0)
    assert_ghs (&charge->amount_refunded, refunded);
  else
    g_assert_false (pd_money_is_set (&charge->amount_refunded));

  g_assert_cmpstr (charge->customer_provider_id, ==, text_or_null (raw, "customerId"));
  g_assert_cmpstr (charge->description, ==, text_or_null (raw, "description"));

  if (raw_customer != NULL)
    {
      name = text_or_null (raw_customer, "name");
      email = text_or_null (raw_customer, "email");
      phone = text_or_null (raw_customer, "phone");
    }
  if (email == NULL)
    email = text_or_null (raw, "receiptEmail");
  if (phone == NULL)
    phone = text_or_null (raw, "receiptPhone");
  if (owner != NULL)
    {
      if (name == NULL)
        name = text_or_null (owner, "name");
      if (email == NULL)
        email = text_or_null (owner, "email");
      if (phone == NULL)
        phone = text_or_null (owner, "phone");
    }

  g_assert_cmpstr (charge->customer_name, ==, name);
  g_assert_cmpstr (charge->email, ==, email);
  g_assert_cmpstr (charge->phone, ==, phone);

  if (raw_source != NULL)
    {
      g_autofree char *last4 = last4_of (pd_test_assert_string_member (raw_source, "maskedName"));

      g_assert_cmpstr (charge->card_last4, ==, last4);
      g_assert_true (g_str_has_suffix (charge->counterparty, last4));
      g_assert_cmpuint (count_digits (charge->counterparty), <=, 4);
    }
}

/* Walking a resource with the client */

typedef struct
{
  GPtrArray  *pages;
  GHashTable *records;  /* provider id → record, owned by the pages */
  GHashTable *cards;    /* provider id → PdCard, owned by the pages */
} Walk;

static void
walk_clear (Walk *walk)
{
  g_clear_pointer (&walk->records, g_hash_table_unref);
  g_clear_pointer (&walk->cards, g_hash_table_unref);
  g_clear_pointer (&walk->pages, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Walk, walk_clear)

static void
add_once (GHashTable *table,
          const char *id,
          gpointer    record)
{
  if (g_hash_table_contains (table, id))
    g_error ("%s came twice", id);

  g_hash_table_insert (table, (gpointer)id, record);
}

/* Follows the cursors to the end, checking that every record comes once
 * and every page but the last says where the next one starts. */
static void
walk_resource (Fixture    *fixture,
               const char *resource,
               Walk       *walk)
{
  g_autofree char *cursor = NULL;

  walk->pages = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_page_unref);
  walk->records = g_hash_table_new (g_str_hash, g_str_equal);
  walk->cards = g_hash_table_new (g_str_hash, g_str_equal);

  do
    {
      g_autoptr(GError) error = NULL;
      PdPage *page = fetch_page (fixture->provider, resource, cursor, &error);
      guint own;

      g_assert_no_error (error);
      g_assert_nonnull (page);
      g_ptr_array_add (walk->pages, page);
      g_assert_cmpstr (page->resource, ==, resource);
      own = g_str_equal (resource, "customers") ? page->customers->len : page->transactions->len;
      g_assert_cmpuint (own, <=, PD_FAYAPAY_PAGE_SIZE);

      if (g_str_equal (resource, "customers"))
        {
          g_assert_cmpuint (page->transactions->len, ==, 0);
          g_assert_cmpuint (page->cards->len, ==, 0);
          for (guint i = 0; i < page->customers->len; i++)
            {
              PdCustomer *customer = g_ptr_array_index (page->customers, i);

              add_once (walk->records, customer->provider_id, customer);
            }
        }
      else
        {
          for (guint i = 0; i < page->transactions->len; i++)
            {
              PdTransaction *transaction = g_ptr_array_index (page->transactions, i);

              add_once (walk->records, transaction->provider_id, transaction);
            }

          /* Customers come with charges only when a charge of the page
           * names them. */
          for (guint i = 0; i < page->customers->len; i++)
            {
              PdCustomer *customer = g_ptr_array_index (page->customers, i);
              gboolean named = FALSE;

              for (guint j = 0; j < page->transactions->len && !named; j++)
                named = g_strcmp0 (((PdTransaction *)g_ptr_array_index (page->transactions, j))->customer_provider_id,
                                   customer->provider_id) == 0;
              g_assert_true (named);
            }
        }

      for (guint i = 0; i < page->cards->len; i++)
        {
          PdCard *card = g_ptr_array_index (page->cards, i);

          add_once (walk->cards, card->provider_id, card);
        }

      /* A full page may be followed by more; a short one is the last. */
      if (page->next_cursor != NULL)
        g_assert_cmpuint (own, ==, PD_FAYAPAY_PAGE_SIZE);

      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
    }
  while (cursor != NULL);
}

static void
assert_same_ids (Walk      *walk,
                 GPtrArray *raw)
{
  g_assert_cmpuint (g_hash_table_size (walk->records), ==, raw->len);
  g_assert_cmpuint (walk->pages->len, ==, MAX (1, (raw->len + PD_FAYAPAY_PAGE_SIZE - 1) / PD_FAYAPAY_PAGE_SIZE));
}

static JsonObject *
node_object (GPtrArray *nodes,
             guint      i)
{
  return json_node_get_object (g_ptr_array_index (nodes, i));
}

/* The interface */

static void
test_interface (Fixture       *fixture,
                gconstpointer  user_data)
{
  const char * const *resources = pd_provider_get_resources (fixture->provider);
  const char * const expected[] = { "customers", "charges", "refunds", "disbursements", "payouts", NULL };
  PdProviderViews views = pd_provider_get_views (fixture->provider);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPage) page = NULL;

  g_assert_true (PD_IS_PROVIDER (fixture->client));
  g_assert_true (g_strv_equal ((const char * const *)resources, expected));

  g_assert_true (views & PD_PROVIDER_VIEW_CUSTOMERS);
  g_assert_true (views & PD_PROVIDER_VIEW_CHARGES);
  g_assert_true (views & PD_PROVIDER_VIEW_REFUNDS);
  g_assert_true (views & PD_PROVIDER_VIEW_DISBURSEMENTS);
  g_assert_true (views & PD_PROVIDER_VIEW_CARDS);
  g_assert_false (views & PD_PROVIDER_VIEW_BALANCES);

  g_assert_true (pd_provider_can_perform (fixture->provider, PD_OPERATION_REFUND));
  g_assert_true (pd_provider_can_perform (fixture->provider, PD_OPERATION_CHARGE));
  g_assert_true (pd_provider_can_perform (fixture->provider, PD_OPERATION_DISBURSEMENT));
  g_assert_false (pd_provider_can_perform (fixture->provider, PD_OPERATION_VEND));

  g_assert_cmpint (pd_provider_get_reconcile_method (fixture->provider, PD_OPERATION_REFUND), ==, PD_RECONCILE_REPLAY);
  g_assert_cmpint (pd_provider_get_reconcile_method (fixture->provider, PD_OPERATION_CHARGE), ==, PD_RECONCILE_REPLAY);
  g_assert_cmpint (pd_provider_get_reconcile_method (fixture->provider, PD_OPERATION_DISBURSEMENT), ==, PD_RECONCILE_REPLAY);
  g_assert_cmpint (pd_provider_get_reconcile_method (fixture->provider, PD_OPERATION_TOPUP), ==, PD_RECONCILE_NONE);

  g_assert_cmpstr (pd_fayapay_client_get_timezone (fixture->client), ==, "Africa/Accra");

  g_assert_true (test_account (fixture->provider, &error));
  g_assert_no_error (error);

  page = fetch_page (fixture->provider, "sources", NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_null (page);
}

/* Lists */

static void
test_list_customers (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GPtrArray) raw = raw_list (fixture->sandbox, "/Customers");
  g_auto(Walk) walk = { 0, };

  walk_resource (fixture, "customers", &walk);
  g_assert_cmpuint (raw->len, ==, 50);
  assert_same_ids (&walk, raw);

  for (guint i = 0; i < raw->len; i++)
    {
      JsonObject *object = node_object (raw, i);

      assert_customer_matches (g_hash_table_lookup (walk.records, pd_test_assert_string_member (object, "id")),
                               object);
    }
}

static void
test_list_charges (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GPtrArray) raw = raw_list (fixture->sandbox, "/Charges");
  g_autoptr(GPtrArray) raw_customers = raw_list (fixture->sandbox, "/Customers");
  g_autoptr(GHashTable) customers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify)json_object_unref);
  guint states[PD_TRANSACTION_STATE_COUNT] = { 0, };
  g_auto(Walk) walk = { 0, };

  for (guint i = 0; i < raw_customers->len; i++)
    g_hash_table_insert (customers,
                         (gpointer)pd_test_assert_string_member (node_object (raw_customers, i), "id"),
                         node_object (raw_customers, i));

  walk_resource (fixture, "charges", &walk);
  g_assert_cmpuint (raw->len, ==, 200);
  assert_same_ids (&walk, raw);

  for (guint i = 0; i < raw->len; i++)
    {
      JsonObject *object = node_object (raw, i);
      const char *customer_id = text_or_null (object, "customerId");
      const char *source_id = text_or_null (object, "sourceId");
      PdTransaction *charge = g_hash_table_lookup (walk.records, pd_test_assert_string_member (object, "id"));
      JsonObject *raw_source = NULL;

      g_assert_nonnull (source_id);
      raw_source = g_hash_table_lookup (sources, source_id);
      if (raw_source == NULL)
        {
          g_autofree char *path = g_strconcat ("/Sources/", source_id, NULL);

          raw_source = raw_get (fixture->sandbox, path);
          g_hash_table_insert (sources, g_strdup (source_id), raw_source);
        }

      assert_charge_matches (charge, object,
                             customer_id != NULL ? g_hash_table_lookup (customers, customer_id) : NULL,
                             raw_source);
      states[charge->state]++;
    }

  /* The sources of the charges come with them, as cards, once each. */
  g_assert_cmpuint (g_hash_table_size (walk.cards), ==, g_hash_table_size (sources));
  {
    GHashTableIter iter;
    gpointer id, raw_source;

    g_hash_table_iter_init (&iter, sources);
    while (g_hash_table_iter_next (&iter, &id, &raw_source))
      assert_card_matches (g_hash_table_lookup (walk.cards, id), raw_source);
  }

  /* The seeded data has refunds in full and in part (pending charges are
   * made in /fayapay/perform/charge). */
  g_assert_cmpuint (states[PD_TRANSACTION_STATE_SUCCEEDED], >, 0);
  g_assert_cmpuint (states[PD_TRANSACTION_STATE_FAILED], >, 0);
  g_assert_cmpuint (states[PD_TRANSACTION_STATE_REFUNDED], >, 0);
  g_assert_cmpuint (states[PD_TRANSACTION_STATE_PARTIALLY_REFUNDED], >, 0);
}

/* Charges synced without their customers first: the client reads the list
 * of customers once rather than fetching each customer by itself, and
 * still hands every customer a charge names to the first page that names
 * it, whole. Fetching one customer fails here, so a client that did would
 * fail the page. */
static void
test_list_charges_customers (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GPtrArray) raw_charges = raw_list (fixture->sandbox, "/Charges");
  g_autoptr(GPtrArray) raw_customers = raw_list (fixture->sandbox, "/Customers");
  g_autoptr(GHashTable) named = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) carried = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(PdTestResponse) faults = NULL;
  g_auto(Walk) walk = { 0, };
  JsonArray *armed;

  for (guint i = 0; i < raw_charges->len; i++)
    {
      const char *customer_id = text_or_null (node_object (raw_charges, i), "customerId");

      if (customer_id != NULL)
        g_hash_table_add (named, (gpointer)customer_id);
    }
  g_assert_cmpuint (g_hash_table_size (named), >=, 10);

  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"fayapay\",\"method\":\"GET\",\"path\":\"/v1/Customers/*\","
                             "\"count\":1000,\"action\":\"status\",\"status\":500}");

  walk_resource (fixture, "charges", &walk);
  assert_same_ids (&walk, raw_charges);

  /* walk_resource() checked that a page carries only customers its charges
   * name; each comes once, and every one named comes. */
  for (guint p = 0; p < walk.pages->len; p++)
    {
      PdPage *page = g_ptr_array_index (walk.pages, p);

      for (guint i = 0; i < page->customers->len; i++)
        {
          PdCustomer *customer = g_ptr_array_index (page->customers, i);

          g_assert_false (g_hash_table_contains (carried, customer->provider_id));
          g_hash_table_add (carried, customer->provider_id);
        }
    }
  g_assert_cmpuint (g_hash_table_size (carried), ==, g_hash_table_size (named));

  for (guint i = 0; i < raw_customers->len; i++)
    {
      JsonObject *object = node_object (raw_customers, i);
      const char *id = pd_test_assert_string_member (object, "id");
      PdCustomer *customer = NULL;

      if (!g_hash_table_contains (named, id))
        continue;

      for (guint p = 0; p < walk.pages->len && customer == NULL; p++)
        {
          PdPage *page = g_ptr_array_index (walk.pages, p);

          for (guint j = 0; j < page->customers->len && customer == NULL; j++)
            if (g_str_equal (((PdCustomer *)g_ptr_array_index (page->customers, j))->provider_id, id))
              customer = g_ptr_array_index (page->customers, j);
        }
      assert_customer_matches (customer, object);
    }

  /* Not one customer was fetched by itself. */
  faults = pd_test_sandbox_control (fixture->sandbox, "GET", "/faults", NULL);
  armed = pd_test_assert_array_member (pd_test_response_get_object (faults), "faults");
  g_assert_cmpuint (json_array_get_length (armed), ==, 1);
  g_assert_cmpint (pd_test_assert_int_member (json_array_get_object_element (armed, 0), "remaining"),
                   ==, 1000);
  pd_test_sandbox_clear_faults (fixture->sandbox);
}

static void
test_list_refunds (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GPtrArray) raw = raw_list (fixture->sandbox, "/Refunds");
  g_auto(Walk) walk = { 0, };

  walk_resource (fixture, "refunds", &walk);
  g_assert_cmpuint (raw->len, >, 0);
  assert_same_ids (&walk, raw);

  for (guint i = 0; i < raw->len; i++)
    {
      JsonObject *object = node_object (raw, i);

      assert_refund_matches (g_hash_table_lookup (walk.records, pd_test_assert_string_member (object, "id")),
                             object);
    }
}

static void
test_list_disbursements (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GPtrArray) raw = raw_list (fixture->sandbox, "/Disbursements");
  g_auto(Walk) walk = { 0, };

  walk_resource (fixture, "disbursements", &walk);
  g_assert_cmpuint (raw->len, ==, 50);
  assert_same_ids (&walk, raw);

  for (guint i = 0; i < raw->len; i++)
    {
      JsonObject *object = node_object (raw, i);

      assert_disbursement_matches (g_hash_table_lookup (walk.records, pd_test_assert_string_member (object, "id")),
                                   object);
    }
}

static void
test_list_payouts (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GPtrArray) raw = raw_list (fixture->sandbox, "/Payouts");
  g_auto(Walk) walk = { 0, };

  walk_resource (fixture, "payouts", &walk);
  g_assert_cmpuint (raw->len, >, PD_FAYAPAY_PAGE_SIZE);
  assert_same_ids (&walk, raw);

  for (guint i = 0; i < raw->len; i++)
    {
      JsonObject *object = node_object (raw, i);

      assert_payout_matches (g_hash_table_lookup (walk.records, pd_test_assert_string_member (object, "id")),
                             object);
    }
}

/* A page started from a cursor holds what follows it, and nothing before. */
static void
test_list_resume (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GPtrArray) raw = raw_list (fixture->sandbox, "/Charges");
  const char *middle = pd_test_assert_string_member (node_object (raw, 120), "id");
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPage) page = NULL;
  PdTransaction *first;

  page = fetch_page (fixture->provider, "charges", middle, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->transactions->len, ==, PD_FAYAPAY_PAGE_SIZE);
  first = g_ptr_array_index (page->transactions, 0);
  g_assert_cmpstr (first->provider_id, ==, pd_test_assert_string_member (node_object (raw, 121), "id"));
  g_assert_cmpstr (page->next_cursor, ==, pd_test_assert_string_member (node_object (raw, 170), "id"));
}

/* Get and update */

static GHashTable *
new_metadata (const char *first_key,
              ...) G_GNUC_NULL_TERMINATED;

static GHashTable *
new_metadata (const char *first_key,
              ...)
{
  GHashTable *metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list args;

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    g_hash_table_insert (metadata, g_strdup (key), g_strdup (va_arg (args, const char *)));
  va_end (args);

  return metadata;
}

static JsonObject *
raw_record (PdTestSandbox *sandbox,
            const char    *collection,
            const char    *id)
{
  g_autofree char *path = g_strconcat (collection, "/", id, NULL);

  return raw_get (sandbox, path);
}

static JsonObject *
raw_metadata (const char *raw_json)
{
  g_autoptr(JsonNode) node = pd_json_parse (raw_json, -1, NULL);

  g_assert_nonnull (node);

  return json_object_ref (pd_test_assert_object_member (json_node_get_object (node), "metadata"));
}

static void
test_customers_crud (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GHashTable) metadata = new_metadata ("city", "Kumasi", "tier", "gold", NULL);
  g_autoptr(GHashTable) unset = new_metadata ("city", "", NULL);
  g_autoptr(PdCustomer) created = NULL;
  g_autoptr(PdCustomer) fetched = NULL;
  g_autoptr(PdCustomer) updated = NULL;
  g_autoptr(PdCustomer) with_default = NULL;
  g_autoptr(PdCard) attached = NULL;
  g_autoptr(PdCard) source = NULL;
  g_autoptr(JsonObject) raw = NULL;
  g_autoptr(JsonObject) raw_source = NULL;
  g_autoptr(JsonObject) meta = NULL;
  g_autoptr(GError) error = NULL;

  created = create_customer (fixture->client, "Akosua Boateng", "akosua@example.com", "+233244123456",
                             metadata, &error);
  g_assert_no_error (error);
  g_assert_nonnull (created->provider_id);
  g_assert_cmpstr (created->name, ==, "Akosua Boateng");
  g_assert_cmpstr (created->email, ==, "akosua@example.com");
  g_assert_cmpstr (created->phone, ==, "+233244123456");
  meta = raw_metadata (created->raw_json);
  g_assert_cmpstr (pd_test_assert_string_member (meta, "city"), ==, "Kumasi");
  g_assert_cmpstr (pd_test_assert_string_member (meta, "tier"), ==, "gold");

  raw = raw_record (fixture->sandbox, "/Customers", created->provider_id);
  fetched = get_customer (fixture->client, created->provider_id, &error);
  g_assert_no_error (error);
  assert_customer_matches (fetched, raw);
  assert_customer_matches (created, raw);

  /* "" clears the phone, the description is set, one metadata key goes. */
  updated = update_customer (fixture->client, created->provider_id, "", "Pays on Fridays", NULL, unset, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (updated->name, ==, "Akosua Boateng");
  g_assert_null (updated->phone);
  g_clear_pointer (&raw, json_object_unref);
  raw = raw_record (fixture->sandbox, "/Customers", created->provider_id);
  assert_customer_matches (updated, raw);
  g_assert_cmpstr (pd_test_assert_string_member (raw, "description"), ==, "Pays on Fridays");
  g_assert_false (json_object_has_member (pd_test_assert_object_member (raw, "metadata"), "city"));
  g_assert_true (json_object_has_member (pd_test_assert_object_member (raw, "metadata"), "tier"));

  /* A test source, attached and then made the default. */
  attached = attach_source (fixture->client, created->provider_id, "src_test_akosua01", &error);
  g_assert_no_error (error);
  raw_source = raw_record (fixture->sandbox, "/Sources", "src_test_akosua01");
  assert_card_matches (attached, raw_source);
  g_assert_cmpstr (attached->customer_provider_id, ==, created->provider_id);

  source = get_source (fixture->client, "src_test_akosua01", &error);
  g_assert_no_error (error);
  assert_card_matches (source, raw_source);

  with_default = update_customer (fixture->client, created->provider_id, NULL, NULL,
                                  "src_test_akosua01", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (with_default->provider_id, ==, created->provider_id);
}

static JsonObject *
find_raw (GPtrArray  *objects,
          const char *member,
          gboolean    null_wanted)
{
  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *object = node_object (objects, i);
      gboolean is_null = JSON_NODE_HOLDS_NULL (json_object_get_member (object, member));

      if (is_null == null_wanted && g_str_equal (pd_test_assert_string_member (object, "state"), "Succeeded"))
        return object;
    }

  g_assert_not_reached ();
}

static void
test_charges_get_update (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GPtrArray) raw_charges = raw_list (fixture->sandbox, "/Charges");
  JsonObject *with_customer = find_raw (raw_charges, "customerId", FALSE);
  JsonObject *without_customer = find_raw (raw_charges, "customerId", TRUE);
  g_autoptr(GHashTable) metadata = new_metadata ("order_id", "A-1001", NULL);
  g_autoptr(PdCustomer) customer = NULL;
  g_autoptr(PdTransaction) charge = NULL;
  g_autoptr(PdTransaction) updated = NULL;
  g_autoptr(JsonObject) raw_customer = NULL;
  g_autoptr(JsonObject) raw_source = NULL;
  g_autoptr(JsonObject) raw = NULL;
  g_autoptr(JsonObject) meta = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  /* A charge with a customer carries the customer's details. */
  id = pd_test_assert_string_member (with_customer, "id");
  charge = get_charge (fixture->client, id, NULL, &error);
  g_assert_no_error (error);
  raw_customer = raw_record (fixture->sandbox, "/Customers", pd_test_assert_string_member (with_customer, "customerId"));
  raw_source = raw_record (fixture->sandbox, "/Sources", pd_test_assert_string_member (with_customer, "sourceId"));
  assert_charge_matches (charge, with_customer, raw_customer, raw_source);
  g_assert_nonnull (charge->customer_name);

  /* A charge without one is given a customer, a description and metadata. */
  customer = create_customer (fixture->client, "Yaw Owusu", NULL, "+233209876543", NULL, &error);
  g_assert_no_error (error);

  id = pd_test_assert_string_member (without_customer, "id");
  updated = update_charge (fixture->client, id, customer->provider_id, "Paid at the counter", metadata, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (updated->provider_id, ==, id);
  g_assert_cmpstr (updated->customer_provider_id, ==, customer->provider_id);
  g_assert_cmpstr (updated->customer_name, ==, "Yaw Owusu");
  g_assert_cmpstr (updated->phone, ==, "+233209876543");
  g_assert_cmpstr (updated->description, ==, "Paid at the counter");
  meta = raw_metadata (updated->raw_json);
  g_assert_cmpstr (pd_test_assert_string_member (meta, "order_id"), ==, "A-1001");

  raw = raw_record (fixture->sandbox, "/Charges", id);
  g_assert_cmpstr (pd_test_assert_string_member (raw, "description"), ==, "Paid at the counter");
  assert_raw_json (updated->raw_json, raw);

  /* Another customer cannot take it over. */
  g_clear_pointer (&updated, pd_transaction_free);
  updated = update_charge (fixture->client, id, pd_test_assert_string_member (with_customer, "customerId"),
                           NULL, NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_VALIDATION);
  g_assert_null (updated);
}

static void
test_refunds_get_update (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GPtrArray) raw_refunds = raw_list (fixture->sandbox, "/Refunds");
  JsonObject *object = node_object (raw_refunds, 0);
  const char *id = pd_test_assert_string_member (object, "id");
  g_autoptr(GHashTable) metadata = new_metadata ("ticket", "T-77", NULL);
  g_autoptr(PdTransaction) refund = NULL;
  g_autoptr(PdTransaction) updated = NULL;
  g_autoptr(JsonObject) raw = NULL;
  g_autoptr(GError) error = NULL;

  refund = get_refund (fixture->client, id, &error);
  g_assert_no_error (error);
  assert_refund_matches (refund, object);

  updated = update_refund (fixture->client, id, "Damaged in transit", metadata, &error);
  g_assert_no_error (error);
  raw = raw_record (fixture->sandbox, "/Refunds", id);
  assert_refund_matches (updated, raw);
  g_assert_cmpstr (updated->description, ==, "Damaged in transit");
  g_assert_cmpstr (pd_test_assert_string_member (pd_test_assert_object_member (raw, "metadata"), "ticket"), ==, "T-77");
}

static void
test_disbursements_get_update (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(GPtrArray) raw_disbursements = raw_list (fixture->sandbox, "/Disbursements");
  JsonObject *object = node_object (raw_disbursements, 3);
  const char *id = pd_test_assert_string_member (object, "id");
  g_autoptr(GHashTable) metadata = new_metadata ("batch", "June", NULL);
  g_autoptr(PdTransaction) disbursement = NULL;
  g_autoptr(PdTransaction) updated = NULL;
  g_autoptr(PdTransaction) cleared = NULL;
  g_autoptr(JsonObject) raw = NULL;
  g_autoptr(GError) error = NULL;

  disbursement = get_disbursement (fixture->client, id, &error);
  g_assert_no_error (error);
  assert_disbursement_matches (disbursement, object);

  updated = update_disbursement (fixture->client, id, "Salary, June (corrected)", metadata, &error);
  g_assert_no_error (error);
  raw = raw_record (fixture->sandbox, "/Disbursements", id);
  assert_disbursement_matches (updated, raw);
  g_assert_cmpstr (updated->description, ==, "Salary, June (corrected)");

  /* "" clears the description. */
  cleared = update_disbursement (fixture->client, id, "", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (cleared->description);
}

static void
test_payouts_get (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GPtrArray) raw_payouts = raw_list (fixture->sandbox, "/Payouts");
  JsonObject *object = node_object (raw_payouts, raw_payouts->len - 1);
  g_autoptr(PdTransaction) payout = NULL;
  g_autoptr(GError) error = NULL;

  payout = get_payout (fixture->client, pd_test_assert_string_member (object, "id"), &error);
  g_assert_no_error (error);
  assert_payout_matches (payout, object);
}

/* Money movements */

static PdOperation *
new_operation (PdOperationKind  kind,
               const char      *target,
               gint64           pesewas)
{
  PdOperation *operation = pd_operation_new (kind, 1);

  operation->idempotency_key = g_uuid_string_random ();
  operation->reference = g_strdup_printf ("PD-%.18s", operation->idempotency_key);
  operation->target_provider_id = g_strdup (target);
  if (pesewas > 0)
    pd_money_init (&operation->amount, pesewas, 2, "GHS");

  return operation;
}

/* Entries of the ledger for @operation, with @key when it is given. */
static guint
count_ledger (PdTestSandbox *sandbox,
              const char    *operation,
              const char    *key)
{
  g_autoptr(JsonArray) entries = pd_test_sandbox_get_ledger (sandbox, "fayapay");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (g_str_equal (pd_test_assert_string_member (entry, "operation"), operation) &&
          (key == NULL || g_strcmp0 (pd_json_get_string (entry, "idempotency_key"), key) == 0))
        n++;
    }

  return n;
}

/* A new succeeded charge of @pesewas on a fresh test source. */
static char *
make_charge (Fixture *fixture,
             gint64   pesewas)
{
  g_autoptr(PdOperation) operation = new_operation (PD_OPERATION_CHARGE, NULL, pesewas);
  g_autofree char *source = g_strdup_printf ("src_test_%.8s", operation->idempotency_key);
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(GError) error = NULL;

  pd_operation_set_field (operation, "source", source);
  result = perform (fixture->provider, operation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);

  return g_strdup (result->transaction->provider_id);
}

static void
test_perform_charge (Fixture       *fixture,
                     gconstpointer  user_data)
{
  static const struct
  {
    gint64              pesewas;
    PdTransactionState  state;
    guint               ledger;
  } cases[] = {
    { 2500, PD_TRANSACTION_STATE_SUCCEEDED, 1 },
    { 77777, PD_TRANSACTION_STATE_PENDING, 1 },
    { 99999, PD_TRANSACTION_STATE_FAILED, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PdOperation) operation = new_operation (PD_OPERATION_CHARGE, NULL, cases[i].pesewas);
      g_autofree char *source = g_strdup_printf ("src_test_charge%u", i);
      g_autoptr(PdOperationResult) result = NULL;
      g_autoptr(JsonObject) raw = NULL;
      g_autoptr(JsonObject) raw_source = NULL;
      g_autoptr(GError) error = NULL;

      pd_operation_set_field (operation, "source", source);
      operation->description = g_strdup ("Two bags of rice, \"jasmine\"");

      result = perform (fixture->provider, operation, &error);
      g_assert_no_error (error);
      g_assert_cmpint (result->transaction->kind, ==, PD_TRANSACTION_KIND_CHARGE);
      g_assert_cmpint (result->transaction->state, ==, cases[i].state);
      g_assert_cmpstr (result->transaction->reference, ==, operation->reference);
      g_assert_true (pd_money_equal (&result->transaction->amount, &operation->amount));
      g_assert_nonnull (result->response_json);

      raw = raw_record (fixture->sandbox, "/Charges", result->transaction->provider_id);
      raw_source = raw_record (fixture->sandbox, "/Sources", source);
      assert_charge_matches (result->transaction, raw, NULL, raw_source);
      g_assert_cmpstr (result->transaction->description, ==, "Two bags of rice, \"jasmine\"");
      g_assert_cmpuint (count_ledger (fixture->sandbox, "charge", operation->idempotency_key), ==, cases[i].ledger);
    }
}

static void
test_perform_disbursement (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(PdOperation) operation = new_operation (PD_OPERATION_DISBURSEMENT, NULL, 15075);
  g_autoptr(PdOperation) incomplete = new_operation (PD_OPERATION_DISBURSEMENT, NULL, 15075);
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(PdOperationResult) refused = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  g_autoptr(JsonObject) raw = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *entry;

  pd_operation_set_field (operation, "account_number", "0244000111");
  pd_operation_set_field (operation, "network", "MTN");
  pd_operation_set_field (operation, "recipient_name", "Kwame Asante");
  operation->description = g_strdup ("Commission, week 26");

  result = perform (fixture->provider, operation, &error);
  g_assert_no_error (error);
  raw = raw_record (fixture->sandbox, "/Disbursements", result->transaction->provider_id);
  assert_disbursement_matches (result->transaction, raw);
  g_assert_cmpint (result->transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (pd_test_assert_string_member (raw, "recipientAccountProvider"), ==, "MTN");
  g_assert_cmpstr (pd_test_assert_string_member (raw, "recipientAccountCountry"), ==, "GH");
  assert_ghs (&result->transaction->fee, 151);

  ledger = pd_test_sandbox_get_ledger (fixture->sandbox, "fayapay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
  entry = json_array_get_object_element (ledger, 0);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "operation"), ==, "disbursement");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "target"), ==, "0244000111");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "amount"), ==, "150.75");

  /* Without an account provider nothing is sent. */
  pd_operation_set_field (incomplete, "account_number", "0244000111");
  refused = perform (fixture->provider, incomplete, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "account_provider"));
  g_assert_null (refused);
  g_assert_cmpuint (count_ledger (fixture->sandbox, "disbursement", NULL), ==, 1);
}

static void
test_refund_partial_then_full (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autofree char *charge_id = make_charge (fixture, 10000);
  g_autoptr(PdOperation) partial = new_operation (PD_OPERATION_REFUND, charge_id, 3000);
  g_autoptr(PdOperation) rest = new_operation (PD_OPERATION_REFUND, charge_id, 0);
  g_autoptr(PdOperationResult) first = NULL;
  g_autoptr(PdOperationResult) second = NULL;
  g_autoptr(JsonObject) raw = NULL;
  g_autoptr(GError) error = NULL;
  PdTransaction *charge;

  partial->description = g_strdup ("One item out of stock");
  first = perform (fixture->provider, partial, &error);
  g_assert_no_error (error);
  raw = raw_record (fixture->sandbox, "/Refunds", first->transaction->provider_id);
  assert_refund_matches (first->transaction, raw);
  g_assert_cmpint (first->transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (first->transaction->parent_provider_id, ==, charge_id);
  assert_ghs (&first->transaction->amount, 3000);

  /* The charge stays Succeeded at FayaPay, with 30.00 refunded. */
  g_assert_cmpuint (first->updated->len, ==, 1);
  charge = g_ptr_array_index (first->updated, 0);
  g_assert_cmpstr (charge->provider_id, ==, charge_id);
  g_assert_cmpstr (charge->provider_status, ==, "Succeeded");
  g_assert_cmpint (charge->state, ==, PD_TRANSACTION_STATE_PARTIALLY_REFUNDED);
  assert_ghs (&charge->amount_refunded, 3000);

  /* No amount refunds the 70.00 left. */
  second = perform (fixture->provider, rest, &error);
  g_assert_no_error (error);
  assert_ghs (&second->transaction->amount, 7000);
  g_assert_cmpuint (second->updated->len, ==, 1);
  charge = g_ptr_array_index (second->updated, 0);
  g_assert_cmpstr (charge->provider_status, ==, "Refunded");
  g_assert_cmpint (charge->state, ==, PD_TRANSACTION_STATE_REFUNDED);
  assert_ghs (&charge->amount_refunded, 10000);

  g_assert_cmpuint (count_ledger (fixture->sandbox, "refund", partial->idempotency_key), ==, 1);
  g_assert_cmpuint (count_ledger (fixture->sandbox, "refund", rest->idempotency_key), ==, 1);
  g_assert_cmpuint (count_ledger (fixture->sandbox, "refund", NULL), ==, 2);
}

static void
test_refund_exceeding (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *charge_id = make_charge (fixture, 5000);
  g_autoptr(PdOperation) operation = new_operation (PD_OPERATION_REFUND, charge_id, 6000);
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(PdTestResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("/Charges/%s/Refunds", charge_id);
  const char *message;

  result = perform (fixture->provider, operation, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_VALIDATION);
  g_assert_null (result);
  g_assert_false (pd_provider_error_is_outcome_unknown (error));
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 400);
  g_assert_cmpstr (pd_provider_error_get_provider_code (error), ==, "validation_error");

  /* FayaPay's own words, as it says them to anyone who asks the same. */
  response = raw_request (fixture->sandbox, "POST", path, "{\"reference\":\"raw-exceeding\",\"amount\":6000}", NULL);
  g_assert_cmpuint (response->status, ==, 400);
  message = json_array_get_string_element (pd_test_assert_array_member (pd_test_response_get_object (response),
                                                                        "messages"), 0);
  g_assert_cmpstr (pd_provider_error_get_provider_message (error), ==, message);
  g_assert_nonnull (strstr (error->message, message));

  g_assert_cmpuint (count_ledger (fixture->sandbox, "refund", NULL), ==, 0);
}

static void
test_refund_replay (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *charge_id = make_charge (fixture, 8000);
  g_autoptr(PdOperation) operation = new_operation (PD_OPERATION_REFUND, charge_id, 2000);
  g_autoptr(PdOperationResult) first = NULL;
  g_autoptr(PdOperationResult) again = NULL;
  g_autoptr(GError) error = NULL;

  first = perform (fixture->provider, operation, &error);
  g_assert_no_error (error);
  again = perform (fixture->provider, operation, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (again->transaction->provider_id, ==, first->transaction->provider_id);
  g_assert_cmpstr (again->response_json, ==, first->response_json);
  g_assert_cmpuint (count_ledger (fixture->sandbox, "refund", NULL), ==, 1);
}

static void
test_refund_lookup (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *charge_id = make_charge (fixture, 4000);
  g_autoptr(PdOperation) operation = new_operation (PD_OPERATION_REFUND, charge_id, 1500);
  g_autoptr(PdOperation) never_sent = new_operation (PD_OPERATION_REFUND, charge_id, 1500);
  g_autoptr(PdOperationResult) performed = NULL;
  g_autoptr(PdOperationResult) found = NULL;
  g_autoptr(PdOperationResult) missing = NULL;
  g_autoptr(GError) error = NULL;
  PdTransaction *charge;

  performed = perform (fixture->provider, operation, &error);
  g_assert_no_error (error);

  found = lookup (fixture->provider, operation, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->transaction->provider_id, ==, performed->transaction->provider_id);
  g_assert_cmpstr (found->transaction->reference, ==, operation->reference);
  assert_ghs (&found->transaction->amount, 1500);
  g_assert_cmpuint (found->updated->len, ==, 1);
  charge = g_ptr_array_index (found->updated, 0);
  g_assert_cmpint (charge->state, ==, PD_TRANSACTION_STATE_PARTIALLY_REFUNDED);

  missing = lookup (fixture->provider, never_sent, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NOT_FOUND);
  g_assert_null (missing);
  g_assert_cmpuint (count_ledger (fixture->sandbox, "refund", NULL), ==, 1);
}

static void
test_operation_refused_locally (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autofree char *charge_id = make_charge (fixture, 4000);
  g_autoptr(PdOperation) no_key = new_operation (PD_OPERATION_REFUND, charge_id, 1000);
  g_autoptr(PdOperation) cedis = new_operation (PD_OPERATION_REFUND, charge_id, 0);
  g_autoptr(PdOperation) vend = new_operation (PD_OPERATION_VEND, NULL, 1000);
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&no_key->idempotency_key, g_free);
  result = perform (fixture->provider, no_key, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (result);
  g_clear_error (&error);

  pd_money_init (&cedis->amount, 1000, 2, "UGX");
  result = perform (fixture->provider, cedis, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (result);
  g_clear_error (&error);

  result = perform (fixture->provider, vend, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (result);

  g_assert_cmpuint (count_ledger (fixture->sandbox, "refund", NULL), ==, 0);
}

/* Errors */

static void
test_error_auth (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(PdFayapayClient) client = NULL;
  g_autoptr(PdTransaction) charge = NULL;
  g_autoptr(PdPage) page = NULL;
  g_autoptr(GError) error = NULL;

  client = pd_fayapay_client_new (pd_test_sandbox_get_base_url (fixture->sandbox, "fayapay"), "sk_test_wrong");
  make_retries_quick (client);

  g_assert_false (test_account (PD_PROVIDER (client), &error));
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH);
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 401);
  g_assert_cmpstr (pd_provider_error_get_provider_code (error), ==, "authentication_error");
  g_assert_cmpstr (pd_provider_error_get_provider_message (error), ==, "Invalid API key.");
  g_clear_error (&error);

  page = fetch_page (PD_PROVIDER (client), "charges", NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH);
  g_assert_null (page);
  g_clear_error (&error);

  charge = get_charge (client, "ch_anything", NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH);
  g_assert_null (charge);

  g_assert_finalize_object (g_steal_pointer (&client));
}

static void
test_error_not_found (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(PdTransaction) charge = NULL;
  g_autoptr(PdCustomer) customer = NULL;
  g_autoptr(PdTransaction) empty_id = NULL;
  g_autoptr(GError) error = NULL;

  charge = get_charge (fixture->client, "ch_does_not_exist", NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NOT_FOUND);
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 404);
  g_assert_nonnull (pd_provider_error_get_provider_message (error));
  g_assert_null (charge);
  g_clear_error (&error);

  customer = get_customer (fixture->client, "cus_missing", &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NOT_FOUND);
  g_assert_null (customer);
  g_clear_error (&error);

  /* An empty id would read the list instead; it is never sent. */
  empty_id = get_charge (fixture->client, "", NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (empty_id);
}

static void
test_error_validation (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(PdCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;

  customer = create_customer (fixture->client, "Efua Sarpong", NULL, "0244 123", NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_VALIDATION);
  g_assert_null (customer);
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 400);
  g_assert_cmpstr (pd_provider_error_get_provider_code (error), ==, "validation_error");
  g_assert_nonnull (strstr (pd_provider_error_get_provider_message (error), "phone"));
  g_assert_false (pd_provider_error_is_outcome_unknown (error));
}

static void
test_error_conflicts (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *charge_id = make_charge (fixture, 9000);
  g_autoptr(PdOperation) operation = new_operation (PD_OPERATION_REFUND, charge_id, 1000);
  g_autoptr(PdOperation) same_reference = pd_operation_copy (operation);
  g_autoptr(PdOperation) same_key = pd_operation_copy (operation);
  g_autoptr(PdOperationResult) first = NULL;
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(GError) error = NULL;

  first = perform (fixture->provider, operation, &error);
  g_assert_no_error (error);

  /* The reference again, under another key: 409 duplicate_reference. */
  g_free (same_reference->idempotency_key);
  same_reference->idempotency_key = g_uuid_string_random ();
  result = perform (fixture->provider, same_reference, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_CONFLICT);
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 409);
  g_assert_cmpstr (pd_provider_error_get_provider_code (error), ==, "duplicate_reference");
  g_assert_nonnull (pd_provider_error_get_provider_message (error));
  g_assert_null (result);
  g_clear_error (&error);

  /* The key again, with another amount: 409 idempotency_error. */
  pd_money_init (&same_key->amount, 1100, 2, "GHS");
  result = perform (fixture->provider, same_key, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_CONFLICT);
  g_assert_cmpstr (pd_provider_error_get_provider_code (error), ==, "idempotency_error");
  g_assert_null (result);

  g_assert_cmpuint (count_ledger (fixture->sandbox, "refund", NULL), ==, 1);
}

static void
test_error_codes (void)
{
  static const struct
  {
    const char      *code;
    guint            status;
    PdProviderError  expected;
  } cases[] = {
    { "authentication_error", 401, PD_PROVIDER_ERROR_AUTH },
    { "authorization_error", 403, PD_PROVIDER_ERROR_FORBIDDEN },
    { "livemode_mismatch", 400, PD_PROVIDER_ERROR_FORBIDDEN },
    { "validation_error", 400, PD_PROVIDER_ERROR_VALIDATION },
    { "source_expired", 400, PD_PROVIDER_ERROR_VALIDATION },
    { "currency_mismatch", 400, PD_PROVIDER_ERROR_VALIDATION },
    { "amount_mismatch", 400, PD_PROVIDER_ERROR_VALIDATION },
    { "duplicate_reference", 409, PD_PROVIDER_ERROR_CONFLICT },
    { "idempotency_error", 409, PD_PROVIDER_ERROR_CONFLICT },
    { "duplicate_reference", 400, PD_PROVIDER_ERROR_CONFLICT },
    { "general_error", 404, PD_PROVIDER_ERROR_NOT_FOUND },
    { "general_error", 405, PD_PROVIDER_ERROR_VALIDATION },
    { "general_error", 406, PD_PROVIDER_ERROR_VALIDATION },
    { "general_error", 429, PD_PROVIDER_ERROR_RATE_LIMITED },
    { "general_error", 500, PD_PROVIDER_ERROR_UNAVAILABLE },
    { "general_error", 503, PD_PROVIDER_ERROR_UNAVAILABLE },
    { NULL, 502, PD_PROVIDER_ERROR_UNAVAILABLE },
    { "something_new", 400, PD_PROVIDER_ERROR_VALIDATION },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (pd_fayapay_error_code (cases[i].code, cases[i].status), ==, cases[i].expected);
}

/* Faults */

static guint
fault_remaining (PdTestSandbox *sandbox,
                 guint          id)
{
  g_autoptr(PdTestResponse) response = pd_test_sandbox_control (sandbox, "GET", "/faults", NULL);
  JsonArray *faults = pd_test_assert_array_member (pd_test_response_get_object (response), "faults");

  for (guint i = 0; i < json_array_get_length (faults); i++)
    {
      JsonObject *fault = json_array_get_object_element (faults, i);

      if (pd_test_assert_int_member (fault, "id") == id)
        return (guint)pd_test_assert_int_member (fault, "remaining");
    }

  return 0;
}

static void
test_fault_unavailable_twice (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GPtrArray) raw_charges = raw_list (fixture->sandbox, "/Charges");
  JsonObject *object = node_object (raw_charges, 10);
  g_autoptr(PdTransaction) charge = NULL;
  g_autoptr(PdTransaction) refused = NULL;
  g_autoptr(GError) error = NULL;
  guint fault;

  fault = pd_test_sandbox_arm_fault (fixture->sandbox,
                                     "{\"provider\":\"fayapay\",\"method\":\"GET\",\"path\":\"/v1/Charges/*\","
                                     "\"count\":2,\"action\":\"status\",\"status\":503}");

  charge = get_charge (fixture->client, pd_test_assert_string_member (object, "id"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (charge->provider_id, ==, pd_test_assert_string_member (object, "id"));
  assert_raw_json (charge->raw_json, object);
  g_assert_cmpuint (fault_remaining (fixture->sandbox, fault), ==, 0);

  /* With fewer attempts than failures, the 503 comes through. */
  pd_http_client_set_max_attempts (pd_fayapay_client_get_http_client (fixture->client), 2);
  fault = pd_test_sandbox_arm_fault (fixture->sandbox,
                                     "{\"provider\":\"fayapay\",\"method\":\"GET\",\"path\":\"/v1/Charges/*\","
                                     "\"count\":5,\"action\":\"status\",\"status\":503}");
  refused = get_charge (fixture->client, pd_test_assert_string_member (object, "id"), NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_UNAVAILABLE);
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 503);
  g_assert_null (refused);
  g_assert_cmpuint (fault_remaining (fixture->sandbox, fault), ==, 3);
}

static void
test_fault_rate_limited (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GPtrArray) raw_customers = raw_list (fixture->sandbox, "/Customers");
  const char *id = pd_test_assert_string_member (node_object (raw_customers, 0), "id");
  g_autoptr(PdCustomer) customer = NULL;
  g_autoptr(PdCustomer) refused = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started, elapsed_ms;

  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"fayapay\",\"path\":\"/v1/Customers/*\","
                             "\"action\":\"rate_limit\",\"retry_after\":1}");

  started = g_get_monotonic_time ();
  customer = get_customer (fixture->client, id, &error);
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  g_assert_no_error (error);
  g_assert_cmpstr (customer->provider_id, ==, id);
  g_assert_cmpint (elapsed_ms, >=, 1000);

  /* A wait longer than the client sits out is the caller's to make. */
  pd_http_client_set_max_retry_after (pd_fayapay_client_get_http_client (fixture->client), 2);
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"fayapay\",\"path\":\"/v1/Customers/*\","
                             "\"action\":\"rate_limit\",\"retry_after\":30}");
  started = g_get_monotonic_time ();
  refused = get_customer (fixture->client, id, &error);
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_RATE_LIMITED);
  g_assert_cmpuint (pd_provider_error_get_retry_after (error), ==, 30);
  g_assert_null (refused);
  g_assert_cmpint (elapsed_ms, <, 5000);
}

static void
test_fault_malformed (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GPtrArray) raw_charges = raw_list (fixture->sandbox, "/Charges");
  g_autoptr(PdTransaction) charge = NULL;
  g_autoptr(PdTransaction) after = NULL;
  g_autoptr(PdPage) page = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = pd_test_assert_string_member (node_object (raw_charges, 0), "id");

  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"fayapay\",\"method\":\"GET\",\"path\":\"/v1/Charges/*\","
                             "\"action\":\"malformed\"}");
  charge = get_charge (fixture->client, id, NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_MALFORMED);
  g_assert_false (pd_provider_error_is_outcome_unknown (error));
  g_assert_null (charge);
  g_clear_error (&error);

  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"fayapay\",\"method\":\"GET\",\"path\":\"/v1/Refunds\","
                             "\"action\":\"malformed\"}");
  page = fetch_page (fixture->provider, "refunds", NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_MALFORMED);
  g_assert_null (page);
  g_clear_error (&error);

  /* The fault is spent; the next answer reads. */
  after = get_charge (fixture->client, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->provider_id, ==, id);
}

static void
test_fault_drop_after_apply (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *charge_id = make_charge (fixture, 6000);
  g_autoptr(PdOperation) operation = new_operation (PD_OPERATION_REFUND, charge_id, 2500);
  g_autoptr(PdOperationResult) lost = NULL;
  g_autoptr(PdOperationResult) replayed = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *entry;

  /* Every attempt is applied or replayed, and every answer is lost. */
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"fayapay\",\"method\":\"POST\",\"path\":\"/v1/Charges/*/Refunds\","
                             "\"action\":\"drop_after_apply\",\"count\":20}");

  lost = perform (fixture->provider, operation, &error);
  g_assert_nonnull (error);
  g_assert_true (error->domain == PD_PROVIDER_ERROR);
  g_assert_true (pd_provider_error_is_outcome_unknown (error));
  g_assert_null (lost);
  g_clear_error (&error);
  g_assert_cmpuint (count_ledger (fixture->sandbox, "refund", NULL), ==, 1);

  /* Sending it again with its key settles it, and moves nothing again. */
  pd_test_sandbox_clear_faults (fixture->sandbox);
  replayed = perform (fixture->provider, operation, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (replayed->transaction->reference, ==, operation->reference);
  assert_ghs (&replayed->transaction->amount, 2500);

  ledger = pd_test_sandbox_get_ledger (fixture->sandbox, "fayapay");
  g_assert_cmpuint (count_ledger (fixture->sandbox, "refund", NULL), ==, 1);
  entry = json_array_get_object_element (ledger, json_array_get_length (ledger) - 1);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "id"), ==, replayed->transaction->provider_id);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "idempotency_key"), ==, operation->idempotency_key);
}

/* One lost answer is retried by the HTTP layer with the same key. */
static void
test_fault_drop_after_apply_once (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_autofree char *charge_id = make_charge (fixture, 6000);
  g_autoptr(PdOperation) operation = new_operation (PD_OPERATION_REFUND, charge_id, 2500);
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(GError) error = NULL;

  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"fayapay\",\"method\":\"POST\",\"path\":\"/v1/Charges/*/Refunds\","
                             "\"action\":\"drop_after_apply\"}");

  result = perform (fixture->provider, operation, &error);
  g_assert_no_error (error);
  assert_ghs (&result->transaction->amount, 2500);
  g_assert_cmpuint (count_ledger (fixture->sandbox, "refund", NULL), ==, 1);
}

/* A source that cannot be fetched fails a page of charges (the sync tries
 * again later), but not the fetch of one charge, which comes without the
 * card's digits. */
static void
test_fault_source_lookup (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GPtrArray) raw_charges = raw_list (fixture->sandbox, "/Charges");
  JsonObject *object = node_object (raw_charges, 0);
  g_autoptr(PdTransaction) charge = NULL;
  g_autoptr(PdTransaction) complete = NULL;
  g_autoptr(PdPage) page = NULL;
  g_autoptr(GError) error = NULL;

  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"fayapay\",\"method\":\"GET\",\"path\":\"/v1/Sources/*\","
                             "\"count\":100,\"action\":\"status\",\"status\":500}");

  page = fetch_page (fixture->provider, "charges", NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_UNAVAILABLE);
  g_assert_null (page);
  g_clear_error (&error);

  charge = get_charge (fixture->client, pd_test_assert_string_member (object, "id"), NULL, &error);
  g_assert_no_error (error);
  assert_raw_json (charge->raw_json, object);
  g_assert_null (charge->card_last4);

  pd_test_sandbox_clear_faults (fixture->sandbox);
  complete = get_charge (fixture->client, pd_test_assert_string_member (object, "id"), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (complete->card_last4);
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PdTransaction) charge = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  charge = get_charge (fixture->client, "ch_whatever", cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (charge);
}

/* Answers the sandbox never gives, from a server inside the test */

typedef struct
{
  const char *path;
  guint       status;
  const char *body;
} Canned;

static const Canned canned[] = {
  { "/v1/Charges/ch_nozone", 200,
    "{\"object\":\"charge\",\"id\":\"ch_nozone\",\"reference\":\"R1\",\"sourceId\":null,"
    "\"customerId\":null,\"amount\":1250,\"amountRefunded\":1250,\"fee\":24,\"currency\":\"GHS\","
    "\"paid\":true,\"metadata\":{},\"state\":\"Refunded\",\"createdAt\":\"2026-01-15T10:00:00\"}" },
  { "/v1/Charges/ch_noid", 200,
    "{\"object\":\"charge\",\"amount\":1250,\"state\":\"Succeeded\",\"createdAt\":\"2026-01-15T10:00:00Z\"}" },
  { "/v1/Charges/ch_forbidden", 403,
    "{\"object\":\"error\",\"code\":\"authorization_error\",\"messages\":[\"Missing permission.\",\"KYC is pending.\"]}" },
  { "/v1/Charges/ch_livemode", 400,
    "{\"object\":\"error\",\"code\":\"livemode_mismatch\",\"messages\":[\"This charge exists in live mode.\"]}" },
  { "/v1/Charges/ch_proxy", 502, "Bad gateway" },
};

static void
serve_canned (SoupServer        *server,
              SoupServerMessage *message,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  for (guint i = 0; i < G_N_ELEMENTS (canned); i++)
    {
      if (!g_str_equal (canned[i].path, path))
        continue;

      soup_server_message_set_status (message, canned[i].status, NULL);
      soup_server_message_set_response (message,
                                        canned[i].body[0] == '{' ? "application/json" : "text/plain",
                                        SOUP_MEMORY_STATIC, canned[i].body, strlen (canned[i].body));
      return;
    }

  soup_server_message_set_status (message, 404, NULL);
}

static void
test_canned_answers (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(PdFayapayClient) client = NULL;
  g_autoptr(PdTransaction) accra = NULL;
  g_autoptr(PdTransaction) kampala = NULL;
  g_autoptr(PdTransaction) no_id = NULL;
  g_autoptr(PdTransaction) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  GSList *uris;

  soup_server_add_handler (server, "/v1", serve_canned, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base_url = g_strdup_printf ("http://127.0.0.1:%d/v1", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  client = pd_fayapay_client_new (base_url, "sk_test_canned");
  make_retries_quick (client);
  pd_http_client_set_max_attempts (pd_fayapay_client_get_http_client (client), 1);

  /* A time without a zone is Accra time (UTC+0), or the account's zone. */
  accra = get_charge (client, "ch_nozone", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (accra->created_at, ==, unix_time ("2026-01-15T10:00:00Z"));
  g_assert_cmpint (accra->state, ==, PD_TRANSACTION_STATE_REFUNDED);
  assert_ghs (&accra->amount_refunded, 1250);
  g_assert_null (accra->card_last4);

  pd_fayapay_client_set_timezone (client, "Africa/Kampala");
  kampala = get_charge (client, "ch_nozone", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kampala->created_at, ==, unix_time ("2026-01-15T07:00:00Z"));

  /* A record without an id is no record. */
  no_id = get_charge (client, "ch_noid", NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_MALFORMED);
  g_assert_null (no_id);
  g_clear_error (&error);

  refused = get_charge (client, "ch_forbidden", NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_FORBIDDEN);
  g_assert_cmpstr (pd_provider_error_get_provider_code (error), ==, "authorization_error");
  g_assert_cmpstr (pd_provider_error_get_provider_message (error), ==, "Missing permission. KYC is pending.");
  g_clear_error (&error);

  refused = get_charge (client, "ch_livemode", NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_FORBIDDEN);
  g_assert_cmpstr (pd_provider_error_get_provider_code (error), ==, "livemode_mismatch");
  g_clear_error (&error);

  refused = get_charge (client, "ch_proxy", NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_UNAVAILABLE);
  g_assert_cmpstr (pd_provider_error_get_provider_message (error), ==, "Bad gateway");
  g_clear_error (&error);

  g_assert_finalize_object (g_steal_pointer (&client));
}

/* The registry */

static PdAccount *
new_account (const char *provider,
             const char *base_url)
{
  PdAccount *account = pd_account_new ();

  account->provider = g_strdup (provider);
  account->label = g_strdup ("Osu shop");
  account->base_url = g_strdup (base_url);

  return account;
}

static void
test_registry_fayapay (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(PdAccount) account = new_account ("fayapay", pd_test_sandbox_get_base_url (fixture->sandbox, "fayapay"));
  g_autoptr(PdSecretSet) secrets = pd_secret_set_new ();
  g_autoptr(PdProvider) provider = NULL;
  g_autoptr(PdPage) page = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *fields = pd_provider_registry_get_secret_fields ("fayapay");

  g_assert_true (pd_provider_registry_is_supported ("fayapay"));
  g_assert_nonnull (fields);
  g_assert_cmpstr (fields[0], ==, "api_key");
  g_assert_null (fields[1]);

  pd_secret_set_set (secrets, "api_key", pd_test_sandbox_get_credential (fixture->sandbox, "fayapay", "api_key"));
  provider = pd_provider_registry_create (account, secrets, &error);
  g_assert_no_error (error);
  g_assert_true (PD_IS_FAYAPAY_CLIENT (provider));
  g_assert_cmpstr (pd_http_client_get_base_url (pd_fayapay_client_get_http_client (PD_FAYAPAY_CLIENT (provider))),
                   ==, account->base_url);
  g_assert_cmpstr (pd_fayapay_client_get_timezone (PD_FAYAPAY_CLIENT (provider)), ==, "Africa/Accra");

  g_assert_true (test_account (provider, &error));
  g_assert_no_error (error);
  page = fetch_page (provider, "customers", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->customers->len, ==, PD_FAYAPAY_PAGE_SIZE);

  g_assert_finalize_object (g_steal_pointer (&provider));
}

static void
test_registry_defaults (void)
{
  g_autoptr(PdAccount) account = new_account ("fayapay", NULL);
  g_autoptr(PdSecretSet) secrets = pd_secret_set_new ();
  g_autoptr(PdProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  account->timezone = g_strdup ("Africa/Kampala");
  pd_secret_set_set (secrets, "api_key", "sk_live_not_used");
  provider = pd_provider_registry_create (account, secrets, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_http_client_get_base_url (pd_fayapay_client_get_http_client (PD_FAYAPAY_CLIENT (provider))),
                   ==, PD_FAYAPAY_DEFAULT_BASE_URL);
  g_assert_cmpstr (pd_fayapay_client_get_timezone (PD_FAYAPAY_CLIENT (provider)), ==, "Africa/Kampala");

  g_assert_finalize_object (g_steal_pointer (&provider));
}

static void
test_registry_missing_secret (void)
{
  g_autoptr(PdAccount) account = new_account ("fayapay", "http://127.0.0.1:1/v1");
  g_autoptr(PdSecretSet) secrets = pd_secret_set_new ();
  g_autoptr(PdProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  pd_secret_set_set (secrets, "token", "not what FayaPay needs");
  provider = pd_provider_registry_create (account, secrets, &error);
  g_assert_error (error, PD_PROVIDER_REGISTRY_ERROR, PD_PROVIDER_REGISTRY_ERROR_MISSING_SECRET);
  g_assert_null (provider);
  g_assert_nonnull (strstr (error->message, "api_key"));
  g_assert_nonnull (strstr (error->message, "FayaPay"));
  g_assert_nonnull (strstr (error->message, "Osu shop"));
  g_clear_error (&error);

  provider = pd_provider_registry_create (account, NULL, &error);
  g_assert_error (error, PD_PROVIDER_REGISTRY_ERROR, PD_PROVIDER_REGISTRY_ERROR_MISSING_SECRET);
  g_assert_null (provider);
  g_clear_error (&error);

  pd_secret_set_set (secrets, "api_key", "");
  provider = pd_provider_registry_create (account, secrets, &error);
  g_assert_error (error, PD_PROVIDER_REGISTRY_ERROR, PD_PROVIDER_REGISTRY_ERROR_MISSING_SECRET);
  g_assert_null (provider);
}

static void
test_registry_unknown_provider (void)
{
  g_autoptr(PdAccount) account = new_account ("nopay", "http://127.0.0.1:1/v1");
  g_autoptr(PdSecretSet) secrets = pd_secret_set_new ();
  g_autoptr(PdProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  pd_secret_set_set (secrets, "api_key", "sk_test_x");
  provider = pd_provider_registry_create (account, secrets, &error);
  g_assert_error (error, PD_PROVIDER_REGISTRY_ERROR, PD_PROVIDER_REGISTRY_ERROR_UNKNOWN_PROVIDER);
  g_assert_nonnull (strstr (error->message, "nopay"));
  g_assert_null (provider);
  g_assert_false (pd_provider_registry_is_supported ("nopay"));
  g_assert_false (pd_provider_registry_is_supported (NULL));
  g_assert_null (pd_provider_registry_get_secret_fields ("nopay"));
}

/* The HTTP session */

/* Paydesk's sessions reach loopback hosts directly whatever proxy the
 * system names (a dead one here), and other hosts through it; and they
 * keep enough connections to one host for the look-ups a sync makes. */
static void
test_session_loopback_proxy (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GProxyResolver) system = g_simple_proxy_resolver_new ("http://127.0.0.1:9", NULL);
  g_autoptr(GProxyResolver) resolver = pd_http_proxy_resolver_new (system);
  g_autoptr(GProxyResolver) default_resolver = NULL;
  g_autoptr(SoupSession) session = pd_http_session_new ();
  g_autoptr(SoupSession) direct = soup_session_new_with_options ("proxy-resolver", resolver, NULL);
  g_autoptr(SoupSession) proxied = soup_session_new_with_options ("proxy-resolver", system, NULL);
  g_autofree char *url = g_strconcat (pd_test_sandbox_get_base_url (fixture->sandbox, "fayapay"),
                                      "/Charges?Limit=1", NULL);
  const char *key = pd_test_sandbox_get_credential (fixture->sandbox, "fayapay", "api_key");
  const char *const loopback[] = { "http://127.0.0.1:8080/v1", "http://localhost/", "http://[::1]:80/" };
  g_auto(GStrv) proxies = NULL;
  g_autoptr(GError) error = NULL;
  guint per_host = 0;

  for (guint i = 0; i < G_N_ELEMENTS (loopback); i++)
    {
      proxies = g_proxy_resolver_lookup (resolver, loopback[i], NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstrv (proxies, ((const char * const[]) { "direct://", NULL }));
      g_clear_pointer (&proxies, g_strfreev);
    }
  proxies = g_proxy_resolver_lookup (resolver, "https://api.fayapay.example/v1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (proxies, ((const char * const[]) { "http://127.0.0.1:9", NULL }));
  g_clear_pointer (&proxies, g_strfreev);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = NULL;

      soup_message_headers_append (soup_message_get_request_headers (message), "authorization", key);
      body = soup_session_send_and_read (i == 0 ? direct : proxied, message, NULL, &error);
      if (i == 0)
        {
          /* Straight to the sandbox. */
          g_assert_no_error (error);
          g_assert_cmpuint (soup_message_get_status (message), ==, 200);
        }
      else
        {
          /* Through the dead proxy: the same request cannot get there. */
          g_assert_nonnull (error);
          g_clear_error (&error);
        }
    }

  /* pd_http_session_new() sets such a resolver up on the system's. */
  g_object_get (session, "proxy-resolver", &default_resolver, "max-conns-per-host", &per_host, NULL);
  g_assert_nonnull (default_resolver);
  proxies = g_proxy_resolver_lookup (default_resolver, url, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (proxies, ((const char * const[]) { "direct://", NULL }));
  g_assert_cmpuint (per_host, >=, 8);
}

static void
add_sandbox_test (const char *path,
                  void (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_sandbox_test ("/fayapay/interface", test_interface);
  add_sandbox_test ("/fayapay/list/customers", test_list_customers);
  add_sandbox_test ("/fayapay/list/charges", test_list_charges);
  add_sandbox_test ("/fayapay/list/charges-customers", test_list_charges_customers);
  add_sandbox_test ("/http/session/loopback-proxy", test_session_loopback_proxy);
  add_sandbox_test ("/fayapay/list/refunds", test_list_refunds);
  add_sandbox_test ("/fayapay/list/disbursements", test_list_disbursements);
  add_sandbox_test ("/fayapay/list/payouts", test_list_payouts);
  add_sandbox_test ("/fayapay/list/resume", test_list_resume);
  add_sandbox_test ("/fayapay/customers/crud", test_customers_crud);
  add_sandbox_test ("/fayapay/charges/get-update", test_charges_get_update);
  add_sandbox_test ("/fayapay/refunds/get-update", test_refunds_get_update);
  add_sandbox_test ("/fayapay/disbursements/get-update", test_disbursements_get_update);
  add_sandbox_test ("/fayapay/payouts/get", test_payouts_get);
  add_sandbox_test ("/fayapay/perform/charge", test_perform_charge);
  add_sandbox_test ("/fayapay/perform/disbursement", test_perform_disbursement);
  add_sandbox_test ("/fayapay/perform/refund-partial-then-full", test_refund_partial_then_full);
  add_sandbox_test ("/fayapay/perform/refund-exceeding", test_refund_exceeding);
  add_sandbox_test ("/fayapay/perform/replay", test_refund_replay);
  add_sandbox_test ("/fayapay/perform/lookup", test_refund_lookup);
  add_sandbox_test ("/fayapay/perform/refused-locally", test_operation_refused_locally);
  add_sandbox_test ("/fayapay/errors/auth", test_error_auth);
  add_sandbox_test ("/fayapay/errors/not-found", test_error_not_found);
  add_sandbox_test ("/fayapay/errors/validation", test_error_validation);
  add_sandbox_test ("/fayapay/errors/conflicts", test_error_conflicts);
  g_test_add_func ("/fayapay/errors/codes", test_error_codes);
  add_sandbox_test ("/fayapay/faults/unavailable-twice", test_fault_unavailable_twice);
  add_sandbox_test ("/fayapay/faults/rate-limited", test_fault_rate_limited);
  add_sandbox_test ("/fayapay/faults/malformed", test_fault_malformed);
  add_sandbox_test ("/fayapay/faults/drop-after-apply", test_fault_drop_after_apply);
  add_sandbox_test ("/fayapay/faults/drop-after-apply-once", test_fault_drop_after_apply_once);
  add_sandbox_test ("/fayapay/faults/source-lookup", test_fault_source_lookup);
  add_sandbox_test ("/fayapay/cancelled", test_cancelled);
  g_test_add_func ("/fayapay/canned-answers", test_canned_answers);
  add_sandbox_test ("/registry/fayapay", test_registry_fayapay);
  g_test_add_func ("/registry/defaults", test_registry_defaults);
  g_test_add_func ("/registry/missing-secret", test_registry_missing_secret);
  g_test_add_func ("/registry/unknown-provider", test_registry_unknown_provider);

  return g_test_run ();
}

/* test-sandbox-fayapay.c - the FayaPay simulator against its document
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pd-test-sandbox.h"

static PdTestResponse *
fayapay_full (PdTestSandbox *sandbox,
              const char    *method,
              const char    *path,
              const char    *body,
              const char    *idempotency_key,
              const char    *api_key,
              const char    *accept)
{
  g_autofree char *url = pd_test_sandbox_url (sandbox, "fayapay", path);
  const char *headers[9] = { NULL };
  guint n = 0;
  PdTestRequest request = {
    .method = method,
    .url = url,
    .headers = headers,
    .content_type = "application/json-patch+json",
    .body = body,
  };

  if (api_key != NULL)
    {
      headers[n++] = "authorization";
      headers[n++] = api_key;
    }
  if (accept != NULL)
    {
      headers[n++] = "accept";
      headers[n++] = accept;
    }
  if (idempotency_key != NULL)
    {
      headers[n++] = "X-IDEMPOTENCY-KEY";
      headers[n++] = idempotency_key;
    }

  return pd_test_sandbox_send (sandbox, &request);
}

static PdTestResponse *
fayapay (PdTestSandbox *sandbox,
         const char    *method,
         const char    *path,
         const char    *body)
{
  return fayapay_full (sandbox, method, path, body, NULL,
                       pd_test_sandbox_get_credential (sandbox, "fayapay", "api_key"),
                       "application/json");
}

/* Asserts the FayaPay ErrorResponse shape and returns its code. */
static const char *
assert_error (PdTestResponse *response,
              guint           status)
{
  JsonObject *object;
  JsonArray *messages;

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, status);
  object = pd_test_response_get_object (response);
  g_assert_cmpstr (pd_test_assert_string_member (object, "object"), ==, "error");
  messages = pd_test_assert_array_member (object, "messages");
  g_assert_cmpuint (json_array_get_length (messages), >=, 1);
  g_assert_true (json_node_get_value_type (json_array_get_element (messages, 0)) == G_TYPE_STRING);

  return pd_test_assert_string_member (object, "code");
}

static void
assert_keys (JsonObject         *object,
             const char * const *keys)
{
  guint n = g_strv_length ((char **)keys);

  for (guint i = 0; i < n; i++)
    {
      if (!json_object_has_member (object, keys[i]))
        g_error ("the member “%s” is missing", keys[i]);
    }

  g_assert_cmpuint (json_object_get_size (object), ==, n);
}

static void
assert_time (JsonObject *object,
             const char *member)
{
  const char *text = pd_test_assert_string_member (object, member);
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (time);
  g_assert_true (g_str_has_suffix (text, "Z"));
}

static void
assert_metadata (JsonObject *object)
{
  JsonObject *metadata = pd_test_assert_object_member (object, "metadata");
  g_autoptr(GList) members = json_object_get_members (metadata);

  for (const GList *l = members; l != NULL; l = l->next)
    pd_test_assert_string_member (metadata, l->data);
}

static void
assert_one_of (const char         *value,
               const char * const *allowed)
{
  g_assert_true (g_strv_contains (allowed, value));
}

static const char * const charge_keys[] = {
  "object", "id", "reference", "sourceId", "customerId", "amount", "amountRefunded", "fee",
  "currency", "statementDescriptor", "description", "paid", "metadata", "receiptId",
  "receiptEmail", "receiptPhone", "failureCode", "failureMessage", "state", "livemode",
  "createdAt", NULL
};

static void
assert_charge (JsonObject *charge)
{
  static const char * const states[] = { "Pending", "Succeeded", "Failed", "Refunded", NULL };
  static const char * const failures[] = { "None", "UserDeclined", "InsufficientBalance", "TimedOut", NULL };
  gint64 amount, refunded;
  const char *state;

  assert_keys (charge, charge_keys);
  g_assert_cmpstr (pd_test_assert_string_member (charge, "object"), ==, "charge");
  pd_test_assert_string_member (charge, "id");
  pd_test_assert_string_member (charge, "reference");
  pd_test_assert_string_or_null (charge, "sourceId");
  pd_test_assert_string_or_null (charge, "customerId");
  amount = pd_test_assert_int_member (charge, "amount");
  refunded = pd_test_assert_int_member (charge, "amountRefunded");
  g_assert_cmpint (amount, >=, 100);
  g_assert_cmpint (refunded, >=, 0);
  g_assert_cmpint (refunded, <=, amount);
  g_assert_cmpint (pd_test_assert_int_member (charge, "fee"), >=, 0);
  g_assert_cmpstr (pd_test_assert_string_member (charge, "currency"), ==, "GHS");
  pd_test_assert_string_or_null (charge, "statementDescriptor");
  pd_test_assert_string_or_null (charge, "description");
  pd_test_assert_boolean_member (charge, "paid");
  assert_metadata (charge);
  pd_test_assert_string_or_null (charge, "receiptId");
  pd_test_assert_string_or_null (charge, "receiptEmail");
  pd_test_assert_string_or_null (charge, "receiptPhone");
  assert_one_of (pd_test_assert_string_member (charge, "failureCode"), failures);
  pd_test_assert_string_or_null (charge, "failureMessage");
  state = pd_test_assert_string_member (charge, "state");
  assert_one_of (state, states);
  pd_test_assert_boolean_member (charge, "livemode");
  assert_time (charge, "createdAt");

  /* What the states mean together. */
  if (g_str_equal (state, "Refunded"))
    g_assert_cmpint (refunded, ==, amount);
  if (g_str_equal (state, "Failed"))
    {
      g_assert_false (pd_test_assert_boolean_member (charge, "paid"));
      g_assert_cmpstr (pd_test_assert_string_member (charge, "failureCode"), !=, "None");
    }
  if (g_str_equal (state, "Succeeded"))
    g_assert_true (pd_test_assert_boolean_member (charge, "paid"));
}

static void
assert_refund (JsonObject *refund)
{
  static const char * const keys[] = {
    "object", "id", "reference", "chargeId", "amount", "currency", "description", "metadata",
    "failureCode", "failureMessage", "state", "livemode", "createdAt", NULL
  };
  static const char * const states[] = { "Pending", "Succeeded", "Failed", NULL };
  static const char * const failures[] = { "None", "GatewayError", "UnableToProcess", "ClaimTokenExpired", NULL };

  assert_keys (refund, keys);
  g_assert_cmpstr (pd_test_assert_string_member (refund, "object"), ==, "refund");
  pd_test_assert_string_member (refund, "id");
  pd_test_assert_string_member (refund, "reference");
  pd_test_assert_string_member (refund, "chargeId");
  g_assert_cmpint (pd_test_assert_int_member (refund, "amount"), >=, 100);
  g_assert_cmpstr (pd_test_assert_string_member (refund, "currency"), ==, "GHS");
  pd_test_assert_string_or_null (refund, "description");
  assert_metadata (refund);
  assert_one_of (pd_test_assert_string_member (refund, "failureCode"), failures);
  pd_test_assert_string_or_null (refund, "failureMessage");
  assert_one_of (pd_test_assert_string_member (refund, "state"), states);
  pd_test_assert_boolean_member (refund, "livemode");
  assert_time (refund, "createdAt");
}

static void
assert_customer (JsonObject *customer)
{
  static const char * const keys[] = {
    "object", "id", "name", "email", "phone", "description", "metadata", "livemode", "createdAt", NULL
  };
  JsonNode *phone;

  assert_keys (customer, keys);
  g_assert_cmpstr (pd_test_assert_string_member (customer, "object"), ==, "customer");
  pd_test_assert_string_member (customer, "id");
  g_assert_cmpstr (pd_test_assert_string_member (customer, "name"), !=, "");
  pd_test_assert_string_or_null (customer, "email");
  pd_test_assert_string_or_null (customer, "phone");
  phone = json_object_get_member (customer, "phone");
  if (!JSON_NODE_HOLDS_NULL (phone))
    g_assert_true (g_str_has_prefix (json_node_get_string (phone), "+"));
  pd_test_assert_string_or_null (customer, "description");
  assert_metadata (customer);
  pd_test_assert_boolean_member (customer, "livemode");
  assert_time (customer, "createdAt");
}

static void
assert_source (JsonObject *source)
{
  static const char * const keys[] = {
    "object", "id", "customerId", "maskedName", "currency", "amount", "statementDescriptor", "type",
    "useType", "flow", "owner", "returnUrl", "clientSecret", "metadata", "redirectUrl", "state",
    "livemode", "createdAt", NULL
  };
  static const char * const owner_keys[] = {
    "name", "email", "phone", "verifiedName", "verifiedEmail", "verifiedPhone", NULL
  };
  static const char * const use_types[] = { "Single", "Reuseable", NULL };
  static const char * const flows[] = { "None", "Redirect", "InputCode", "ScanCode", "Receiver", NULL };
  static const char * const states[] = { "Pending", "Chargeable", "Consumed", "Canceled", "Failed", "Expired", NULL };
  JsonObject *owner;

  assert_keys (source, keys);
  g_assert_cmpstr (pd_test_assert_string_member (source, "object"), ==, "source");
  pd_test_assert_string_member (source, "id");
  pd_test_assert_string_or_null (source, "customerId");
  pd_test_assert_string_member (source, "maskedName");
  g_assert_cmpstr (pd_test_assert_string_member (source, "currency"), ==, "GHS");
  pd_test_assert_int_member (source, "amount");
  g_assert_cmpstr (pd_test_assert_string_member (source, "type"), ==, "momo");
  assert_one_of (pd_test_assert_string_member (source, "useType"), use_types);
  assert_one_of (pd_test_assert_string_member (source, "flow"), flows);
  owner = pd_test_assert_object_member (source, "owner");
  assert_keys (owner, owner_keys);
  for (guint i = 0; owner_keys[i] != NULL; i++)
    pd_test_assert_string_or_null (owner, owner_keys[i]);
  assert_metadata (source);
  assert_one_of (pd_test_assert_string_member (source, "state"), states);
  pd_test_assert_boolean_member (source, "livemode");
  assert_time (source, "createdAt");
}

static void
assert_disbursement (JsonObject *disbursement)
{
  static const char * const keys[] = {
    "object", "id", "reference", "amount", "fee", "currency", "recipientName", "recipientEmail",
    "recipientAccountProvider", "recipientAccountNumber", "recipientAccountCountry",
    "statementDescriptor", "description", "paid", "metadata", "receiptId", "receiptEmail",
    "receiptPhone", "failureCode", "failureMessage", "state", "livemode", "createdAt", NULL
  };
  static const char * const states[] = { "Pending", "Succeeded", "Failed", NULL };
  static const char * const failures[] = { "None", "GatewayError", "InsufficientBalance", "TimedOut", NULL };

  assert_keys (disbursement, keys);
  g_assert_cmpstr (pd_test_assert_string_member (disbursement, "object"), ==, "disbursement");
  pd_test_assert_string_member (disbursement, "id");
  pd_test_assert_string_member (disbursement, "reference");
  g_assert_cmpint (pd_test_assert_int_member (disbursement, "amount"), >=, 100);
  g_assert_cmpint (pd_test_assert_int_member (disbursement, "fee"), >=, 0);
  g_assert_cmpstr (pd_test_assert_string_member (disbursement, "currency"), ==, "GHS");
  pd_test_assert_string_or_null (disbursement, "recipientName");
  pd_test_assert_string_or_null (disbursement, "recipientEmail");
  pd_test_assert_string_member (disbursement, "recipientAccountProvider");
  pd_test_assert_string_member (disbursement, "recipientAccountNumber");
  pd_test_assert_string_member (disbursement, "recipientAccountCountry");
  pd_test_assert_string_or_null (disbursement, "statementDescriptor");
  pd_test_assert_string_or_null (disbursement, "description");
  pd_test_assert_boolean_member (disbursement, "paid");
  assert_metadata (disbursement);
  pd_test_assert_string_or_null (disbursement, "receiptId");
  pd_test_assert_string_or_null (disbursement, "receiptEmail");
  pd_test_assert_string_or_null (disbursement, "receiptPhone");
  assert_one_of (pd_test_assert_string_member (disbursement, "failureCode"), failures);
  pd_test_assert_string_or_null (disbursement, "failureMessage");
  assert_one_of (pd_test_assert_string_member (disbursement, "state"), states);
  pd_test_assert_boolean_member (disbursement, "livemode");
  assert_time (disbursement, "createdAt");
}

static void
assert_payout (JsonObject *payout)
{
  static const char * const keys[] = {
    "object", "id", "reference", "amount", "currency", "settlementAccountProvider",
    "settlementAccountNumber", "createdAt", NULL
  };

  assert_keys (payout, keys);
  g_assert_cmpstr (pd_test_assert_string_member (payout, "object"), ==, "payout");
  pd_test_assert_string_member (payout, "id");
  pd_test_assert_string_or_null (payout, "reference");
  g_assert_cmpint (pd_test_assert_int_member (payout, "amount"), >, 0);
  g_assert_cmpstr (pd_test_assert_string_member (payout, "currency"), ==, "GHS");
  pd_test_assert_string_or_null (payout, "settlementAccountProvider");
  pd_test_assert_string_or_null (payout, "settlementAccountNumber");
  assert_time (payout, "createdAt");
}

/* A list page: {"object":"list","data":[…],"nextCursor":…,"previousCursor":…} */
static JsonArray *
assert_list (PdTestResponse *response,
             void          (*assert_item) (JsonObject *))
{
  static const char * const keys[] = { "object", "data", "nextCursor", "previousCursor", NULL };
  JsonObject *page;
  JsonArray *data;

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, 200);
  page = pd_test_response_get_object (response);
  assert_keys (page, keys);
  g_assert_cmpstr (pd_test_assert_string_member (page, "object"), ==, "list");
  pd_test_assert_string_or_null (page, "nextCursor");
  pd_test_assert_string_or_null (page, "previousCursor");
  data = pd_test_assert_array_member (page, "data");
  for (guint i = 0; i < json_array_get_length (data); i++)
    assert_item (json_array_get_object_element (data, i));

  return data;
}

static JsonObject *
first_of_list (PdTestSandbox *sandbox,
               const char    *path,
               void         (*assert_item) (JsonObject *),
               PdTestResponse **keep)
{
  JsonArray *data;

  *keep = fayapay (sandbox, "GET", path, NULL);
  data = assert_list (*keep, assert_item);
  g_assert_cmpuint (json_array_get_length (data), >, 0);

  return json_array_get_object_element (data, 0);
}

/* A succeeded charge that no refund has touched. */
static char *
fresh_charge (PdTestSandbox *sandbox,
              const char    *reference,
              gint64         amount)
{
  g_autoptr(PdTestResponse) response = NULL;
  g_autofree char *body = g_strdup_printf ("{\"reference\":\"%s\",\"source\":\"src_test_%s\",\"amount\":%" G_GINT64_FORMAT ",\"currency\":\"GHS\",\"description\":\"Test, \\\"quoted\\\"\"}",
                                           reference, reference, amount);
  JsonObject *charge;

  response = fayapay (sandbox, "POST", "/Charges", body);
  g_assert_cmpuint (response->status, ==, 200);
  charge = pd_test_response_get_object (response);
  assert_charge (charge);
  g_assert_cmpstr (pd_test_assert_string_member (charge, "state"), ==, "Succeeded");

  return g_strdup (pd_test_assert_string_member (charge, "id"));
}

static void
test_first_line (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  const char *base = pd_test_sandbox_get_base_url (sandbox, "fayapay");
  const char *key = pd_test_sandbox_get_credential (sandbox, "fayapay", "api_key");

  /* Same path as the real base URL, on loopback. */
  g_assert_true (g_str_has_prefix (base, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (base, "/v1"));
  g_assert_cmpuint (strlen (key), >=, 16);
  g_assert_null (strchr (pd_test_sandbox_get_first_line (sandbox), '\n'));
  g_assert_cmpint (pd_test_assert_int_member (pd_test_sandbox_get_description (sandbox), "paydesk_sandbox"), ==, 1);
}

static void
test_auth (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  const char *key = pd_test_sandbox_get_credential (sandbox, "fayapay", "api_key");
  g_autofree char *bearer = g_strconcat ("Bearer ", key, NULL);
  g_autoptr(PdTestResponse) missing = fayapay_full (sandbox, "GET", "/Charges", NULL, NULL, NULL, NULL);
  g_autoptr(PdTestResponse) wrong = fayapay_full (sandbox, "GET", "/Charges", NULL, NULL, "sk_test_wrong", NULL);
  g_autoptr(PdTestResponse) prefixed = fayapay_full (sandbox, "GET", "/Charges", NULL, NULL, bearer, NULL);
  g_autoptr(PdTestResponse) html = fayapay_full (sandbox, "GET", "/Charges", NULL, NULL, key, "text/html");
  g_autoptr(PdTestResponse) any = fayapay_full (sandbox, "GET", "/Charges", NULL, NULL, key, "*/*");
  g_autoptr(PdTestResponse) ok = fayapay (sandbox, "GET", "/Charges", NULL);
  g_autoptr(PdTestResponse) unknown = fayapay (sandbox, "GET", "/Nothing", NULL);
  g_autoptr(PdTestResponse) method = fayapay (sandbox, "DELETE", "/Charges", NULL);

  g_assert_cmpstr (assert_error (missing, 401), ==, "authentication_error");
  g_assert_cmpstr (assert_error (wrong, 401), ==, "authentication_error");
  g_assert_cmpstr (assert_error (prefixed, 401), ==, "authentication_error");
  assert_error (html, 406);
  g_assert_cmpuint (any->status, ==, 200);
  g_assert_cmpuint (ok->status, ==, 200);
  assert_error (unknown, 404);
  assert_error (method, 405);
}

static void
test_charges_list (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start ("--records", "300", NULL);
  g_autoptr(PdTestResponse) first = fayapay (sandbox, "GET", "/Charges", NULL);
  g_autoptr(PdTestResponse) lower = fayapay (sandbox, "GET", "/charges?limit=3", NULL);
  JsonArray *data = assert_list (first, assert_charge);
  JsonObject *page = pd_test_response_get_object (first);
  gboolean seen[4] = { FALSE };

  /* Limit defaults to 10; the first page has nothing before it. */
  g_assert_cmpuint (json_array_get_length (data), ==, 10);
  pd_test_assert_null_member (page, "previousCursor");
  g_assert_cmpstr (pd_test_assert_string_member (page, "nextCursor"), ==,
                   pd_test_assert_string_member (json_array_get_object_element (data, 9), "id"));

  /* ASP.NET-style: paths and query names in any case. */
  g_assert_cmpuint (json_array_get_length (assert_list (lower, assert_charge)), ==, 3);

  /* The seeded data has every state a client must handle. */
  {
    g_autofree char *cursor = NULL;

    do
      {
        g_autofree char *path = cursor ? g_strdup_printf ("/Charges?Limit=50&StartingAfter=%s", cursor)
                                       : g_strdup ("/Charges?Limit=50");
        g_autoptr(PdTestResponse) all = fayapay (sandbox, "GET", path, NULL);
        JsonArray *items = assert_list (all, assert_charge);
        JsonNode *next = json_object_get_member (pd_test_response_get_object (all), "nextCursor");

        for (guint i = 0; i < json_array_get_length (items); i++)
          {
            const char *state = pd_test_assert_string_member (json_array_get_object_element (items, i), "state");

            seen[0] |= g_str_equal (state, "Succeeded");
            seen[1] |= g_str_equal (state, "Failed");
            seen[2] |= g_str_equal (state, "Refunded");
            seen[3] |= g_str_equal (state, "Pending");
          }

        g_clear_pointer (&cursor, g_free);
        if (!JSON_NODE_HOLDS_NULL (next))
          cursor = g_strdup (json_node_get_string (next));
      }
    while (cursor != NULL);
  }

  g_assert_true (seen[0] && seen[1] && seen[2] && seen[3]);
}

/* Walks a list forward with StartingAfter and back with EndingBefore:
 * every record exactly once, oldest first. */
static void
walk_list (PdTestSandbox *sandbox,
           const char    *resource,
           guint          limit,
           guint          expected)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cursor = NULL;
  g_autofree char *last_time = NULL;
  guint pages = 0;
  guint back = 0;

  do
    {
      g_autofree char *path = cursor
                              ? g_strdup_printf ("/%s?Limit=%u&StartingAfter=%s", resource, limit, cursor)
                              : g_strdup_printf ("/%s?Limit=%u", resource, limit);
      g_autoptr(PdTestResponse) response = fayapay (sandbox, "GET", path, NULL);
      JsonObject *page = pd_test_response_get_object (response);
      JsonArray *data = pd_test_assert_array_member (page, "data");
      JsonNode *next = json_object_get_member (page, "nextCursor");

      g_assert_cmpuint (response->status, ==, 200);
      g_assert_cmpuint (json_array_get_length (data), <=, limit);
      if (pages > 0)
        g_assert_cmpstr (pd_test_assert_string_member (page, "previousCursor"), ==,
                         pd_test_assert_string_member (json_array_get_object_element (data, 0), "id"));

      for (guint i = 0; i < json_array_get_length (data); i++)
        {
          JsonObject *item = json_array_get_object_element (data, i);
          const char *id = pd_test_assert_string_member (item, "id");
          const char *created = pd_test_assert_string_member (item, "createdAt");

          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, g_strdup (id));
          g_ptr_array_add (order, g_strdup (id));

          /* Oldest first: ISO 8601 UTC times sort as text. */
          if (last_time != NULL)
            g_assert_cmpstr (last_time, <=, created);
          g_free (last_time);
          last_time = g_strdup (created);
        }

      g_clear_pointer (&cursor, g_free);
      if (!JSON_NODE_HOLDS_NULL (next))
        {
          g_assert_cmpuint (json_array_get_length (data), ==, limit);
          cursor = g_strdup (json_node_get_string (next));
        }
      pages++;
    }
  while (cursor != NULL);

  g_assert_cmpuint (g_hash_table_size (seen), ==, expected);

  /* And back from the end with EndingBefore. */
  cursor = g_strdup (g_ptr_array_index (order, order->len - 1));
  back = 1;
  while (cursor != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/%s?Limit=%u&EndingBefore=%s", resource, limit, cursor);
      g_autoptr(PdTestResponse) response = fayapay (sandbox, "GET", path, NULL);
      JsonObject *page = pd_test_response_get_object (response);
      JsonArray *data = pd_test_assert_array_member (page, "data");
      JsonNode *previous = json_object_get_member (page, "previousCursor");
      guint length = json_array_get_length (data);

      for (guint i = 0; i < length; i++)
        {
          const char *id = pd_test_assert_string_member (json_array_get_object_element (data, i), "id");

          /* The page holds the records just before the cursor, still
           * oldest first. */
          g_assert_cmpstr (id, ==, g_ptr_array_index (order, order->len - back - length + i));
        }
      back += length;

      g_clear_pointer (&cursor, g_free);
      if (!JSON_NODE_HOLDS_NULL (previous))
        cursor = g_strdup (json_node_get_string (previous));
    }

  g_assert_cmpuint (back, ==, expected);
}

static void
test_pagination (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start ("--records", "437", NULL);
  const char *bad_limits[] = { "0", "51", "-1", "ten", "1.5", "" };

  walk_list (sandbox, "Charges", 50, 437);
  walk_list (sandbox, "Charges", 1, 437);
  walk_list (sandbox, "Customers", 50, 437 / 4);
  walk_list (sandbox, "Disbursements", 7, 437 / 4);

  for (guint i = 0; i < G_N_ELEMENTS (bad_limits); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Charges?Limit=%s", bad_limits[i]);
      g_autoptr(PdTestResponse) response = fayapay (sandbox, "GET", path, NULL);

      g_assert_cmpstr (assert_error (response, 400), ==, "validation_error");
    }

  {
    g_autoptr(PdTestResponse) unknown = fayapay (sandbox, "GET", "/Charges?StartingAfter=ch_nope", NULL);
    g_autoptr(PdTestResponse) both = fayapay (sandbox, "GET", "/Charges?StartingAfter=a&EndingBefore=b", NULL);
    g_autoptr(PdTestResponse) fifty = fayapay (sandbox, "GET", "/Charges?Limit=50", NULL);

    g_assert_cmpstr (assert_error (unknown, 400), ==, "validation_error");
    g_assert_cmpstr (assert_error (both, 400), ==, "validation_error");
    g_assert_cmpuint (json_array_get_length (assert_list (fifty, assert_charge)), ==, 50);
  }
}

static void
test_charges_get_and_create (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  g_autoptr(PdTestResponse) list = NULL;
  g_autoptr(PdTestResponse) customers = NULL;
  JsonObject *first = first_of_list (sandbox, "/Charges?Limit=1", assert_charge, &list);
  g_autofree char *path = g_strdup_printf ("/Charges/%s", pd_test_assert_string_member (first, "id"));
  g_autoptr(PdTestResponse) got = fayapay (sandbox, "GET", path, NULL);
  g_autoptr(PdTestResponse) missing = fayapay (sandbox, "GET", "/Charges/ch_missing", NULL);
  g_autoptr(GBytes) listed = NULL;
  JsonObject *customer = first_of_list (sandbox, "/Customers?Limit=50", assert_customer, &customers);
  g_autofree char *body = NULL;
  g_autoptr(PdTestResponse) created = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  JsonObject *charge, *entry;

  g_assert_cmpuint (got->status, ==, 200);
  assert_charge (pd_test_response_get_object (got));
  g_assert_true (json_node_equal (json_array_get_element (pd_test_assert_array_member (pd_test_response_get_object (list), "data"), 0),
                                  got->json));
  g_assert_cmpstr (assert_error (missing, 404), ==, "general_error");

  /* Charging a customer draws on their default source. */
  for (guint i = 0; i < json_array_get_length (pd_test_assert_array_member (pd_test_response_get_object (customers), "data")); i++)
    {
      JsonObject *candidate = json_array_get_object_element (pd_test_assert_array_member (pd_test_response_get_object (customers), "data"), i);
      g_autofree char *try_body = g_strdup_printf ("{\"reference\":\"try-%u\",\"customer\":\"%s\",\"amount\":1250,\"currency\":\"GHS\"}",
                                                   i, pd_test_assert_string_member (candidate, "id"));
      g_autoptr(PdTestResponse) attempt = fayapay (sandbox, "POST", "/Charges", try_body);

      if (attempt->status == 200)
        {
          customer = candidate;
          created = g_steal_pointer (&attempt);
          break;
        }
      g_assert_cmpstr (assert_error (attempt, 400), !=, "");
    }

  g_assert_nonnull (created);
  charge = pd_test_response_get_object (created);
  assert_charge (charge);
  g_assert_cmpstr (pd_test_assert_string_member (charge, "customerId"), ==, pd_test_assert_string_member (customer, "id"));
  g_assert_cmpint (pd_test_assert_int_member (charge, "amount"), ==, 1250);
  g_assert_cmpint (pd_test_assert_int_member (charge, "amountRefunded"), ==, 0);
  g_assert_cmpstr (pd_test_assert_string_member (charge, "state"), ==, "Succeeded");
  g_assert_true (pd_test_assert_boolean_member (charge, "paid"));

  ledger = pd_test_sandbox_get_ledger (sandbox, "fayapay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
  entry = json_array_get_object_element (ledger, 0);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "operation"), ==, "charge");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "amount"), ==, "12.50");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "currency"), ==, "GHS");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "id"), ==, pd_test_assert_string_member (charge, "id"));
  g_assert_cmpstr (pd_test_assert_string_member (entry, "reference"), ==, pd_test_assert_string_member (charge, "reference"));

  /* The new charge is the last of the list now. */
  {
    g_autofree char *after = g_strdup_printf ("/Charges?EndingBefore=%s&Limit=1", pd_test_assert_string_member (charge, "id"));
    g_autoptr(PdTestResponse) before = fayapay (sandbox, "GET", after, NULL);
    JsonArray *data = assert_list (before, assert_charge);

    g_assert_cmpuint (json_array_get_length (data), ==, 1);
    g_assert_false (JSON_NODE_HOLDS_NULL (json_object_get_member (pd_test_response_get_object (before), "nextCursor")));
  }

  /* Validation: each of these is refused and moves nothing. */
  {
    const char *bodies[] = {
      "{\"source\":\"src_test_a\",\"amount\":1000,\"currency\":\"GHS\"}",
      "{\"reference\":\"v2\",\"source\":\"src_test_a\",\"amount\":99,\"currency\":\"GHS\"}",
      "{\"reference\":\"v3\",\"source\":\"src_test_a\",\"amount\":10.5,\"currency\":\"GHS\"}",
      "{\"reference\":\"v4\",\"source\":\"src_test_a\",\"amount\":\"1000\",\"currency\":\"GHS\"}",
      "{\"reference\":\"v5\",\"source\":\"src_test_a\",\"amount\":1000,\"currency\":\"USD\"}",
      "{\"reference\":\"v6\",\"amount\":1000,\"currency\":\"GHS\"}",
      "{\"reference\":\"v7\",\"source\":\"src_nope\",\"amount\":1000,\"currency\":\"GHS\"}",
      "{\"reference\":\"v8\",\"customer\":\"cus_nope\",\"amount\":1000,\"currency\":\"GHS\"}",
      "{\"reference\":\"v9\",\"source\":\"src_test_a\",\"amount\":1000,\"currency\":\"GHS\",\"statementDescriptor\":\"a descriptor that is far too long\"}",
      "{\"reference\":\"v10\",\"source\":\"src_test_a\",\"amount\":1000,\"currency\":\"GHS\",\"metadata\":{\"n\":1}}",
      "not json",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
      {
        g_autoptr(PdTestResponse) refused = fayapay (sandbox, "POST", "/Charges", bodies[i]);

        assert_error (refused, 400);
      }

    g_clear_pointer (&ledger, json_array_unref);
    ledger = pd_test_sandbox_get_ledger (sandbox, "fayapay");
    g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
  }

  /* A reference is used once. */
  {
    g_autofree char *again = g_strdup_printf ("{\"reference\":\"%s\",\"source\":\"src_test_b\",\"amount\":500,\"currency\":\"GHS\"}",
                                              pd_test_assert_string_member (charge, "reference"));
    g_autoptr(PdTestResponse) duplicate = fayapay (sandbox, "POST", "/Charges", again);

    g_assert_cmpstr (assert_error (duplicate, 409), ==, "duplicate_reference");
  }

  /* An unattached source is consumed by its charge. */
  {
    g_autofree char *id = fresh_charge (sandbox, "consume-me", 2000);
    g_autoptr(PdTestResponse) source = fayapay (sandbox, "GET", "/Sources/src_test_consume-me", NULL);
    g_autoptr(PdTestResponse) twice = fayapay (sandbox, "POST", "/Charges",
                                              "{\"reference\":\"consume-2\",\"source\":\"src_test_consume-me\",\"amount\":2000,\"currency\":\"GHS\"}");

    g_assert_cmpstr (pd_test_assert_string_member (pd_test_response_get_object (source), "state"), ==, "Consumed");
    g_assert_cmpstr (assert_error (twice, 400), ==, "validation_error");
  }
}

static void
test_charges_update (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  g_autofree char *id = fresh_charge (sandbox, "upd-1", 3000);
  g_autofree char *path = g_strdup_printf ("/Charges/%s", id);
  g_autoptr(PdTestResponse) customers = NULL;
  JsonObject *customer = first_of_list (sandbox, "/Customers?Limit=2", assert_customer, &customers);
  JsonObject *other = json_array_get_object_element (pd_test_assert_array_member (pd_test_response_get_object (customers), "data"), 1);
  g_autofree char *set_customer = g_strdup_printf ("{\"customer\":\"%s\",\"description\":\"Zoë's order, \\\"large\\\"\",\"metadata\":{\"a\":\"1\",\"b\":\"2\"}}",
                                                   pd_test_assert_string_member (customer, "id"));
  g_autofree char *other_customer = g_strdup_printf ("{\"customer\":\"%s\"}", pd_test_assert_string_member (other, "id"));
  g_autoptr(PdTestResponse) first = fayapay (sandbox, "POST", path, set_customer);
  g_autoptr(PdTestResponse) merge = fayapay (sandbox, "POST", path, "{\"metadata\":{\"a\":\"\",\"c\":\"3\"},\"description\":null}");
  g_autoptr(PdTestResponse) refused = fayapay (sandbox, "POST", path, other_customer);
  g_autoptr(PdTestResponse) clear = fayapay (sandbox, "POST", path, "{\"metadata\":{}}");
  g_autoptr(PdTestResponse) missing = fayapay (sandbox, "POST", "/Charges/ch_missing", "{}");
  JsonObject *charge, *metadata;

  charge = pd_test_response_get_object (first);
  assert_charge (charge);
  g_assert_cmpstr (pd_test_assert_string_member (charge, "customerId"), ==, pd_test_assert_string_member (customer, "id"));
  g_assert_cmpstr (pd_test_assert_string_member (charge, "description"), ==, "Zoë's order, \"large\"");

  /* A patch: an empty value unsets a key, null leaves a field alone. */
  charge = pd_test_response_get_object (merge);
  metadata = pd_test_assert_object_member (charge, "metadata");
  g_assert_false (json_object_has_member (metadata, "a"));
  g_assert_cmpstr (pd_test_assert_string_member (metadata, "b"), ==, "2");
  g_assert_cmpstr (pd_test_assert_string_member (metadata, "c"), ==, "3");
  g_assert_cmpstr (pd_test_assert_string_member (charge, "description"), ==, "Zoë's order, \"large\"");

  /* The customer may only be set while there is none. */
  g_assert_cmpstr (assert_error (refused, 400), ==, "validation_error");

  g_assert_cmpuint (json_object_get_size (pd_test_assert_object_member (pd_test_response_get_object (clear), "metadata")), ==, 0);
  assert_error (missing, 404);
}

static gint64
charge_field (PdTestSandbox *sandbox,
              const char    *id,
              const char    *member,
              char         **state)
{
  g_autofree char *path = g_strdup_printf ("/Charges/%s", id);
  g_autoptr(PdTestResponse) response = fayapay (sandbox, "GET", path, NULL);
  JsonObject *charge = pd_test_response_get_object (response);

  assert_charge (charge);
  if (state != NULL)
    *state = g_strdup (pd_test_assert_string_member (charge, "state"));

  return pd_test_assert_int_member (charge, member);
}

static void
test_refunds_partial_and_full (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  g_autofree char *id = fresh_charge (sandbox, "rf-1", 10000);
  g_autofree char *path = g_strdup_printf ("/Charges/%s/Refunds", id);
  g_autoptr(PdTestResponse) partial = fayapay (sandbox, "POST", path, "{\"reference\":\"rf-1-a\",\"amount\":2500,\"description\":\"Out of stock, sorry\"}");
  g_autoptr(PdTestResponse) too_much = fayapay (sandbox, "POST", path, "{\"reference\":\"rf-1-b\",\"amount\":7501}");
  g_autoptr(PdTestResponse) too_small = fayapay (sandbox, "POST", path, "{\"reference\":\"rf-1-c\",\"amount\":50}");
  g_autoptr(PdTestResponse) duplicate = fayapay (sandbox, "POST", path, "{\"reference\":\"rf-1-a\",\"amount\":100}");
  g_autoptr(PdTestResponse) no_reference = fayapay (sandbox, "POST", path, "{\"amount\":100}");
  g_autoptr(PdTestResponse) rest = NULL;
  g_autoptr(PdTestResponse) after = NULL;
  g_autoptr(PdTestResponse) missing = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  g_autofree char *state = NULL;
  JsonObject *refund;

  refund = pd_test_response_get_object (partial);
  assert_refund (refund);
  g_assert_cmpint (pd_test_assert_int_member (refund, "amount"), ==, 2500);
  g_assert_cmpstr (pd_test_assert_string_member (refund, "chargeId"), ==, id);
  g_assert_cmpstr (pd_test_assert_string_member (refund, "state"), ==, "Succeeded");

  /* A partial refund leaves the charge Succeeded, with amountRefunded. */
  g_assert_cmpint (charge_field (sandbox, id, "amountRefunded", &state), ==, 2500);
  g_assert_cmpstr (state, ==, "Succeeded");

  g_assert_cmpstr (assert_error (too_much, 400), ==, "validation_error");
  g_assert_cmpstr (assert_error (too_small, 400), ==, "validation_error");
  g_assert_cmpstr (assert_error (duplicate, 409), ==, "duplicate_reference");
  g_assert_cmpstr (assert_error (no_reference, 400), ==, "validation_error");

  /* Omitting the amount refunds what is left, and the charge is Refunded. */
  rest = fayapay (sandbox, "POST", path, "{\"reference\":\"rf-1-d\"}");
  refund = pd_test_response_get_object (rest);
  assert_refund (refund);
  g_assert_cmpint (pd_test_assert_int_member (refund, "amount"), ==, 7500);
  g_clear_pointer (&state, g_free);
  g_assert_cmpint (charge_field (sandbox, id, "amountRefunded", &state), ==, 10000);
  g_assert_cmpstr (state, ==, "Refunded");

  after = fayapay (sandbox, "POST", path, "{\"reference\":\"rf-1-e\",\"amount\":100}");
  g_assert_cmpstr (assert_error (after, 400), ==, "validation_error");

  missing = fayapay (sandbox, "POST", "/Charges/ch_missing/Refunds", "{\"reference\":\"rf-x\"}");
  assert_error (missing, 404);

  ledger = pd_test_sandbox_get_ledger (sandbox, "fayapay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 3);
  g_assert_cmpstr (pd_test_assert_string_member (json_array_get_object_element (ledger, 1), "operation"), ==, "refund");
  g_assert_cmpstr (pd_test_assert_string_member (json_array_get_object_element (ledger, 1), "amount"), ==, "25.00");
  g_assert_cmpstr (pd_test_assert_string_member (json_array_get_object_element (ledger, 1), "target"), ==, id);
  g_assert_cmpstr (pd_test_assert_string_member (json_array_get_object_element (ledger, 2), "amount"), ==, "75.00");
}

static void
test_refund_idempotency (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  const char *key = pd_test_sandbox_get_credential (sandbox, "fayapay", "api_key");
  g_autofree char *id = fresh_charge (sandbox, "idem-1", 5000);
  g_autofree char *path = g_strdup_printf ("/Charges/%s/Refunds", id);
  const char *body = "{\"reference\":\"idem-1-r\",\"amount\":1000}";
  g_autoptr(PdTestResponse) first = fayapay_full (sandbox, "POST", path, body, "idem-1-r", key, "application/json");
  g_autoptr(PdTestResponse) second = fayapay_full (sandbox, "POST", path, body, "idem-1-r", key, "application/json");
  g_autoptr(PdTestResponse) other = fayapay_full (sandbox, "POST", path, "{\"reference\":\"idem-1-s\",\"amount\":1000}",
                                                  "idem-1-r", key, "application/json");
  g_autoptr(PdTestResponse) without_key = fayapay (sandbox, "POST", path, body);
  g_autoptr(JsonArray) ledger = NULL;

  g_assert_cmpuint (first->status, ==, 200);
  assert_refund (pd_test_response_get_object (first));
  g_assert_cmpuint (second->status, ==, 200);
  g_assert_true (g_bytes_equal (first->body, second->body));

  /* The same key with another request is refused. */
  g_assert_cmpstr (assert_error (other, 409), ==, "idempotency_error");

  /* Without the key the reference still protects. */
  g_assert_cmpstr (assert_error (without_key, 409), ==, "duplicate_reference");

  ledger = pd_test_sandbox_get_ledger (sandbox, "fayapay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 2);
  g_assert_cmpstr (pd_test_assert_string_member (json_array_get_object_element (ledger, 1), "idempotency_key"), ==, "idem-1-r");
  g_assert_cmpint (charge_field (sandbox, id, "amountRefunded", NULL), ==, 1000);
}

static void
test_refunds_list_get_update (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start ("--records", "400", NULL);
  g_autoptr(PdTestResponse) list = NULL;
  JsonObject *first = first_of_list (sandbox, "/Refunds?Limit=50", assert_refund, &list);
  g_autofree char *path = g_strdup_printf ("/Refunds/%s", pd_test_assert_string_member (first, "id"));
  g_autofree char *charge_path = g_strdup_printf ("/Charges/%s", pd_test_assert_string_member (first, "chargeId"));
  g_autoptr(PdTestResponse) got = fayapay (sandbox, "GET", path, NULL);
  g_autoptr(PdTestResponse) charge = fayapay (sandbox, "GET", charge_path, NULL);
  g_autoptr(PdTestResponse) updated = fayapay (sandbox, "POST", path, "{\"description\":\"Returned, \\\"torn\\\"\",\"metadata\":{\"reason\":\"damaged\"}}");
  g_autoptr(PdTestResponse) missing = fayapay (sandbox, "GET", "/Refunds/re_missing", NULL);
  JsonObject *refund;

  g_assert_true (json_node_equal (json_array_get_element (pd_test_assert_array_member (pd_test_response_get_object (list), "data"), 0),
                                  got->json));

  /* A seeded refund belongs to a real charge that shows it. */
  g_assert_cmpint (pd_test_assert_int_member (pd_test_response_get_object (charge), "amountRefunded"), >=,
                   g_str_equal (pd_test_assert_string_member (first, "state"), "Succeeded")
                   ? pd_test_assert_int_member (first, "amount") : 0);

  refund = pd_test_response_get_object (updated);
  assert_refund (refund);
  g_assert_cmpstr (pd_test_assert_string_member (refund, "description"), ==, "Returned, \"torn\"");
  g_assert_cmpstr (pd_test_assert_string_member (pd_test_assert_object_member (refund, "metadata"), "reason"), ==, "damaged");
  g_assert_cmpint (pd_test_assert_int_member (refund, "amount"), ==, pd_test_assert_int_member (first, "amount"));
  assert_error (missing, 404);

  walk_list (sandbox, "Refunds", 5,
             json_array_get_length (pd_test_assert_array_member (pd_test_response_get_object (list), "data")));
}

static void
test_customers (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  g_autoptr(PdTestResponse) list = fayapay (sandbox, "GET", "/Customers?Limit=50", NULL);
  g_autoptr(PdTestResponse) created = fayapay (sandbox, "POST", "/Customers",
                                              "{\"name\":\"Nguyễn Thị Lan\",\"email\":\"lan@example.com\",\"phone\":\"+233200123456\",\"description\":\"Wholesale, \\\"net 30\\\"\",\"metadata\":{\"city\":\"Accra\"}}");
  g_autoptr(PdTestResponse) bad_phone = fayapay (sandbox, "POST", "/Customers", "{\"name\":\"A\",\"phone\":\"0200123456\"}");
  g_autoptr(PdTestResponse) bad_email = fayapay (sandbox, "POST", "/Customers", "{\"name\":\"A\",\"email\":\"not-an-email\"}");
  g_autoptr(PdTestResponse) no_name = fayapay (sandbox, "POST", "/Customers", "{\"email\":\"a@example.com\"}");
  g_autoptr(PdTestResponse) got = NULL;
  g_autoptr(PdTestResponse) updated = NULL;
  g_autoptr(PdTestResponse) attached = NULL;
  g_autoptr(PdTestResponse) attach_again = NULL;
  g_autoptr(PdTestResponse) no_default = NULL;
  g_autoptr(PdTestResponse) set_default = NULL;
  g_autoptr(PdTestResponse) charged = NULL;
  g_autoptr(PdTestResponse) missing = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sources_path = NULL;
  g_autofree char *charge_body = NULL;
  JsonObject *customer, *source;
  const char *id;
  gboolean has_non_ascii = FALSE;

  for (guint i = 0; i < json_array_get_length (assert_list (list, assert_customer)); i++)
    {
      const char *name = pd_test_assert_string_member (json_array_get_object_element (pd_test_assert_array_member (pd_test_response_get_object (list), "data"), i), "name");

      has_non_ascii |= !g_str_is_ascii (name);
      g_assert_true (g_utf8_validate (name, -1, NULL));
    }
  /* Names from many places, in their own scripts. */
  g_assert_true (has_non_ascii);

  customer = pd_test_response_get_object (created);
  assert_customer (customer);
  g_assert_cmpstr (pd_test_assert_string_member (customer, "name"), ==, "Nguyễn Thị Lan");
  g_assert_cmpstr (pd_test_assert_string_member (customer, "phone"), ==, "+233200123456");
  id = pd_test_assert_string_member (customer, "id");

  g_assert_cmpstr (assert_error (bad_phone, 400), ==, "validation_error");
  g_assert_cmpstr (assert_error (bad_email, 400), ==, "validation_error");
  g_assert_cmpstr (assert_error (no_name, 400), ==, "validation_error");

  path = g_strdup_printf ("/Customers/%s", id);
  got = fayapay (sandbox, "GET", path, NULL);
  g_assert_true (json_node_equal (got->json, created->json));

  updated = fayapay (sandbox, "POST", path, "{\"email\":\"lan.nguyen@example.com\",\"name\":null}");
  customer = pd_test_response_get_object (updated);
  assert_customer (customer);
  g_assert_cmpstr (pd_test_assert_string_member (customer, "email"), ==, "lan.nguyen@example.com");
  g_assert_cmpstr (pd_test_assert_string_member (customer, "name"), ==, "Nguyễn Thị Lan");

  /* Attach a source; attaching leaves the default source alone. */
  sources_path = g_strdup_printf ("/Customers/%s/Sources", id);
  attached = fayapay (sandbox, "POST", sources_path, "{\"source\":\"src_test_lan\"}");
  source = pd_test_response_get_object (attached);
  assert_source (source);
  g_assert_cmpstr (pd_test_assert_string_member (source, "customerId"), ==, id);
  g_assert_cmpstr (pd_test_assert_string_member (source, "useType"), ==, "Reuseable");

  attach_again = fayapay (sandbox, "POST", sources_path, "{\"source\":\"src_test_lan\"}");
  g_assert_cmpstr (assert_error (attach_again, 400), ==, "validation_error");

  charge_body = g_strdup_printf ("{\"reference\":\"lan-1\",\"customer\":\"%s\",\"amount\":4200,\"currency\":\"GHS\"}", id);
  no_default = fayapay (sandbox, "POST", "/Charges", charge_body);
  g_assert_cmpstr (assert_error (no_default, 400), ==, "validation_error");

  set_default = fayapay (sandbox, "POST", path, "{\"defaultSource\":\"src_test_lan\"}");
  g_assert_cmpuint (set_default->status, ==, 200);
  charged = fayapay (sandbox, "POST", "/Charges", charge_body);
  g_assert_cmpuint (charged->status, ==, 200);
  g_assert_cmpstr (pd_test_assert_string_member (pd_test_response_get_object (charged), "sourceId"), ==, "src_test_lan");
  g_assert_cmpstr (pd_test_assert_string_member (pd_test_response_get_object (charged), "receiptEmail"), ==, "lan.nguyen@example.com");

  missing = fayapay (sandbox, "GET", "/Customers/cus_missing", NULL);
  assert_error (missing, 404);
}

static void
test_sources (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  g_autoptr(PdTestResponse) charges = NULL;
  JsonObject *charge = first_of_list (sandbox, "/Charges?Limit=1", assert_charge, &charges);
  g_autofree char *path = g_strdup_printf ("/Sources/%s", pd_test_assert_string_member (charge, "sourceId"));
  g_autoptr(PdTestResponse) source = fayapay (sandbox, "GET", path, NULL);
  g_autoptr(PdTestResponse) test_source = fayapay (sandbox, "GET", "/Sources/src_test_x", NULL);
  g_autoptr(PdTestResponse) missing = fayapay (sandbox, "GET", "/Sources/src_missing", NULL);
  g_autoptr(PdTestResponse) no_create = fayapay (sandbox, "POST", "/Sources", "{}");
  JsonObject *object;

  object = pd_test_response_get_object (source);
  assert_source (object);
  g_assert_cmpstr (pd_test_assert_string_member (object, "id"), ==, pd_test_assert_string_member (charge, "sourceId"));
  /* Masked: never a whole phone number. */
  g_assert_nonnull (strstr (pd_test_assert_string_member (object, "maskedName"), "****"));

  object = pd_test_response_get_object (test_source);
  assert_source (object);
  pd_test_assert_null_member (object, "customerId");
  g_assert_cmpstr (pd_test_assert_string_member (object, "state"), ==, "Chargeable");

  assert_error (missing, 404);
  assert_error (no_create, 404);
}

static void
test_disbursements (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  g_autoptr(PdTestResponse) list = NULL;
  JsonObject *first = first_of_list (sandbox, "/Disbursements?Limit=50", assert_disbursement, &list);
  g_autofree char *path = g_strdup_printf ("/Disbursements/%s", pd_test_assert_string_member (first, "id"));
  g_autoptr(PdTestResponse) got = fayapay (sandbox, "GET", path, NULL);
  const char *body = "{\"reference\":\"pay-kofi-1\",\"amount\":15075,\"currency\":\"GHS\",\"recipientName\":\"Kofi Boateng\","
                     "\"recipientEmail\":\"kofi@example.com\",\"recipientAccountProvider\":\"MTN\","
                     "\"recipientAccountNumber\":\"0241234567\",\"recipientAccountCountry\":\"GH\","
                     "\"description\":\"Supplier, \\\"cocoa\\\"\"}";
  g_autoptr(PdTestResponse) created = fayapay (sandbox, "POST", "/Disbursements", body);
  g_autoptr(PdTestResponse) duplicate = fayapay (sandbox, "POST", "/Disbursements", body);
  g_autoptr(PdTestResponse) missing_number = fayapay (sandbox, "POST", "/Disbursements",
                                                     "{\"reference\":\"x\",\"amount\":1000,\"currency\":\"GHS\",\"recipientAccountProvider\":\"MTN\",\"recipientAccountCountry\":\"GH\"}");
  g_autoptr(PdTestResponse) failed = fayapay (sandbox, "POST", "/Disbursements",
                                             "{\"reference\":\"broke\",\"amount\":99999,\"currency\":\"GHS\",\"recipientAccountProvider\":\"MTN\",\"recipientAccountNumber\":\"0241234567\",\"recipientAccountCountry\":\"GH\"}");
  g_autoptr(PdTestResponse) updated = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  g_autofree char *created_path = NULL;
  JsonObject *disbursement;

  g_assert_true (json_node_equal (json_array_get_element (pd_test_assert_array_member (pd_test_response_get_object (list), "data"), 0),
                                  got->json));

  disbursement = pd_test_response_get_object (created);
  assert_disbursement (disbursement);
  g_assert_cmpint (pd_test_assert_int_member (disbursement, "amount"), ==, 15075);
  g_assert_cmpstr (pd_test_assert_string_member (disbursement, "state"), ==, "Succeeded");
  g_assert_true (pd_test_assert_boolean_member (disbursement, "paid"));

  g_assert_cmpstr (assert_error (duplicate, 409), ==, "duplicate_reference");
  g_assert_cmpstr (assert_error (missing_number, 400), ==, "validation_error");

  disbursement = pd_test_response_get_object (failed);
  assert_disbursement (disbursement);
  g_assert_cmpstr (pd_test_assert_string_member (disbursement, "state"), ==, "Failed");
  g_assert_cmpstr (pd_test_assert_string_member (disbursement, "failureCode"), ==, "InsufficientBalance");

  created_path = g_strdup_printf ("/Disbursements/%s", pd_test_assert_string_member (pd_test_response_get_object (created), "id"));
  updated = fayapay (sandbox, "POST", created_path, "{\"description\":\"Supplier, paid\"}");
  g_assert_cmpstr (pd_test_assert_string_member (pd_test_response_get_object (updated), "description"), ==, "Supplier, paid");
  g_assert_cmpint (pd_test_assert_int_member (pd_test_response_get_object (updated), "amount"), ==, 15075);

  /* Only the disbursement that went through moved money. */
  ledger = pd_test_sandbox_get_ledger (sandbox, "fayapay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
  g_assert_cmpstr (pd_test_assert_string_member (json_array_get_object_element (ledger, 0), "operation"), ==, "disbursement");
  g_assert_cmpstr (pd_test_assert_string_member (json_array_get_object_element (ledger, 0), "amount"), ==, "150.75");
  g_assert_cmpstr (pd_test_assert_string_member (json_array_get_object_element (ledger, 0), "target"), ==, "0241234567");
}

static void
test_payouts (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  g_autoptr(PdTestResponse) list = NULL;
  JsonObject *first = first_of_list (sandbox, "/Payouts?Limit=50", assert_payout, &list);
  g_autofree char *path = g_strdup_printf ("/Payouts/%s", pd_test_assert_string_member (first, "id"));
  g_autoptr(PdTestResponse) got = fayapay (sandbox, "GET", path, NULL);
  g_autoptr(PdTestResponse) missing = fayapay (sandbox, "GET", "/Payouts/po_missing", NULL);
  g_autoptr(PdTestResponse) no_create = fayapay (sandbox, "POST", "/Payouts", "{}");

  g_assert_true (json_node_equal (json_array_get_element (pd_test_assert_array_member (pd_test_response_get_object (list), "data"), 0),
                                  got->json));
  assert_error (missing, 404);
  assert_error (no_create, 405);
}

static void
test_pending_and_failed (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  g_autoptr(PdTestResponse) pending = fayapay (sandbox, "POST", "/Charges",
                                              "{\"reference\":\"slow-momo\",\"source\":\"src_test_slow\",\"amount\":77777,\"currency\":\"GHS\"}");
  g_autoptr(PdTestResponse) declined = fayapay (sandbox, "POST", "/Charges",
                                               "{\"reference\":\"no-money\",\"source\":\"src_test_poor\",\"amount\":99999,\"currency\":\"GHS\"}");
  g_autoptr(PdTestResponse) refund_pending = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  g_autofree char *state = NULL;
  g_autofree char *refunds = NULL;
  const char *id;

  g_assert_cmpstr (pd_test_assert_string_member (pd_test_response_get_object (pending), "state"), ==, "Pending");
  g_assert_false (pd_test_assert_boolean_member (pd_test_response_get_object (pending), "paid"));
  id = pd_test_assert_string_member (pd_test_response_get_object (pending), "id");

  /* A pending charge cannot be refunded yet. */
  refunds = g_strdup_printf ("/Charges/%s/Refunds", id);
  refund_pending = fayapay (sandbox, "POST", refunds, "{\"reference\":\"too-early\"}");
  g_assert_cmpstr (assert_error (refund_pending, 400), ==, "validation_error");

  /* It settles when the simulated clock has moved a minute on. */
  charge_field (sandbox, id, "amount", &state);
  g_assert_cmpstr (state, ==, "Pending");
  g_clear_pointer (&state, g_free);
  pd_test_sandbox_advance_clock (sandbox, 61);
  charge_field (sandbox, id, "amount", &state);
  g_assert_cmpstr (state, ==, "Succeeded");

  assert_charge (pd_test_response_get_object (declined));
  g_assert_cmpstr (pd_test_assert_string_member (pd_test_response_get_object (declined), "state"), ==, "Failed");
  g_assert_cmpstr (pd_test_assert_string_member (pd_test_response_get_object (declined), "failureCode"), ==, "InsufficientBalance");

  /* The pending charge moved money, the failed one did not. */
  ledger = pd_test_sandbox_get_ledger (sandbox, NULL);
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
  g_assert_cmpstr (pd_test_assert_string_member (json_array_get_object_element (ledger, 0), "id"), ==, id);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/fayapay/first-line", test_first_line);
  g_test_add_func ("/sandbox/fayapay/auth", test_auth);
  g_test_add_func ("/sandbox/fayapay/charges/list", test_charges_list);
  g_test_add_func ("/sandbox/fayapay/charges/pagination", test_pagination);
  g_test_add_func ("/sandbox/fayapay/charges/get-create", test_charges_get_and_create);
  g_test_add_func ("/sandbox/fayapay/charges/update", test_charges_update);
  g_test_add_func ("/sandbox/fayapay/charges/pending-failed", test_pending_and_failed);
  g_test_add_func ("/sandbox/fayapay/refunds/partial-full", test_refunds_partial_and_full);
  g_test_add_func ("/sandbox/fayapay/refunds/idempotency", test_refund_idempotency);
  g_test_add_func ("/sandbox/fayapay/refunds/list-get-update", test_refunds_list_get_update);
  g_test_add_func ("/sandbox/fayapay/customers", test_customers);
  g_test_add_func ("/sandbox/fayapay/sources", test_sources);
  g_test_add_func ("/sandbox/fayapay/disbursements", test_disbursements);
  g_test_add_func ("/sandbox/fayapay/payouts", test_payouts);

  return g_test_run ();
}

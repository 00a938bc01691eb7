/* test-sandbox-eoneopay.c - the EoneoPay simulator against its document
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pd-test-sandbox.h"

#define FORM "application/x-www-form-urlencoded"

static PdTestResponse *
eoneopay_as (PdTestSandbox *sandbox,
             const char    *key,
             const char    *method,
             const char    *path,
             const char    *content_type,
             const char    *body)
{
  g_autofree char *url = pd_test_sandbox_url (sandbox, "eoneopay", path);
  g_autofree char *user = key ? g_strconcat (key, ":", NULL) : NULL;
  g_autofree char *encoded = user ? g_base64_encode ((const guchar *)user, strlen (user)) : NULL;
  g_autofree char *authorization = encoded ? g_strconcat ("Basic ", encoded, NULL) : NULL;
  const char *headers[] = { "Authorization", authorization, NULL };
  PdTestRequest request = {
    .method = method,
    .url = url,
    .headers = authorization ? headers : NULL,
    .content_type = content_type,
    .body = body,
  };

  return pd_test_sandbox_send (sandbox, &request);
}

static PdTestResponse *
eoneopay (PdTestSandbox *sandbox,
          const char    *method,
          const char    *path,
          const char    *content_type,
          const char    *body)
{
  return eoneopay_as (sandbox, pd_test_sandbox_get_credential (sandbox, "eoneopay", "api_key"),
                      method, path, content_type, body);
}

/* {"code": N, "message": "…"} with N the HTTP status. */
static void
assert_error (PdTestResponse *response,
              guint           status)
{
  JsonObject *object;

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, status);
  object = pd_test_response_get_object (response);
  g_assert_cmpint (pd_test_assert_int_member (object, "code"), ==, status);
  g_assert_cmpstr (pd_test_assert_string_member (object, "message"), !=, "");
}

static void
assert_success (PdTestResponse *response,
                const char     *message)
{
  JsonObject *object;

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, 200);
  object = pd_test_response_get_object (response);
  g_assert_cmpint (pd_test_assert_int_member (object, "code"), ==, 0);
  g_assert_cmpstr (pd_test_assert_string_member (object, "message"), ==, message);
}

static gboolean
all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;

  for (const char *p = text; *p; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  return TRUE;
}

/* The first six and last three digits, X between. */
static void
assert_masked_pan (const char *pan)
{
  gsize length = strlen (pan);

  g_assert_cmpuint (length, >=, 12);
  for (gsize i = 0; i < length; i++)
    {
      if (i < 6 || i + 3 >= length)
        g_assert_true (g_ascii_isdigit (pan[i]));
      else
        g_assert_cmpint (pan[i], ==, 'X');
    }
}

static void
assert_customer (JsonObject *customer)
{
  JsonArray *cards, *accounts;
  JsonNode *email;

  g_assert_cmpuint (json_object_get_size (customer), ==, 6);
  g_assert_cmpstr (pd_test_assert_string_member (customer, "name"), !=, "");
  email = json_object_get_member (customer, "email");
  g_assert_nonnull (email);
  if (!JSON_NODE_HOLDS_NULL (email))
    g_assert_nonnull (strchr (json_node_get_string (email), '@'));
  pd_test_assert_string_or_null (customer, "address");
  g_assert_true (g_str_has_prefix (pd_test_assert_string_member (customer, "id"), "cus_"));

  cards = pd_test_assert_array_member (customer, "credit_cards");
  for (guint i = 0; i < json_array_get_length (cards); i++)
    {
      JsonObject *card = json_array_get_object_element (cards, i);
      JsonObject *info = pd_test_assert_object_member (card, "creditCardInfo");
      const char *expiry;

      g_assert_cmpuint (json_object_get_size (card), ==, 2);
      g_assert_true (all_digits (pd_test_assert_string_member (card, "token")));
      g_assert_cmpuint (json_object_get_size (info), ==, 4);
      assert_masked_pan (pd_test_assert_string_member (info, "pan"));
      expiry = pd_test_assert_string_member (info, "expiryDate");
      g_assert_cmpuint (strlen (expiry), ==, 5);
      g_assert_cmpint (expiry[2], ==, '/');
      g_assert_true (all_digits (pd_test_assert_string_member (info, "cardType")));
      pd_test_assert_string_member (info, "cardDescription");
    }

  accounts = pd_test_assert_array_member (customer, "bank_accounts");
  for (guint i = 0; i < json_array_get_length (accounts); i++)
    {
      JsonObject *account = json_array_get_object_element (accounts, i);

      pd_test_assert_string_member (account, "name");
      json_object_get_member (account, "number");
      g_assert_nonnull (json_object_get_member (account, "number"));
      g_assert_nonnull (json_object_get_member (account, "branch"));
    }
}

static void
test_first_line_and_auth (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  const char *base = pd_test_sandbox_get_base_url (sandbox, "eoneopay");
  g_autoptr(PdTestResponse) missing = eoneopay_as (sandbox, NULL, "GET", "/customers", NULL, NULL);
  g_autoptr(PdTestResponse) wrong = eoneopay_as (sandbox, "sk_test_wrong", "GET", "/customers", NULL, NULL);
  g_autoptr(PdTestResponse) ok = eoneopay (sandbox, "GET", "/customers", NULL, NULL);
  g_autoptr(PdTestResponse) unknown = eoneopay (sandbox, "GET", "/nothing", NULL, NULL);
  const char *challenge;

  /* The real API has no path in its base URL. */
  g_assert_true (g_str_has_prefix (base, "http://127.0.0.1:"));
  g_assert_null (strchr (base + strlen ("http://"), '/'));
  g_assert_true (g_str_has_prefix (pd_test_sandbox_get_credential (sandbox, "eoneopay", "api_key"), "sk_test_"));

  assert_error (missing, 401);
  challenge = soup_message_headers_get_one (missing->headers, "WWW-Authenticate");
  g_assert_nonnull (challenge);
  g_assert_true (g_str_has_prefix (challenge, "Basic"));
  assert_error (wrong, 401);
  g_assert_cmpuint (ok->status, ==, 200);
  assert_error (unknown, 404);
}

static void
test_api_keys (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  const char *admin = pd_test_sandbox_get_credential (sandbox, "eoneopay", "api_key");
  g_autoptr(PdTestResponse) created = eoneopay (sandbox, "POST", "/apikeys", NULL, NULL);
  g_autoptr(PdTestResponse) got = NULL;
  g_autoptr(PdTestResponse) used = NULL;
  g_autoptr(PdTestResponse) public_key = NULL;
  g_autoptr(PdTestResponse) not_admin = NULL;
  g_autoptr(PdTestResponse) revoked = NULL;
  g_autoptr(PdTestResponse) after = NULL;
  g_autoptr(PdTestResponse) status = NULL;
  g_autoptr(PdTestResponse) self_revoke = NULL;
  g_autoptr(PdTestResponse) unknown = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *path = NULL;
  JsonObject *object;

  object = pd_test_response_get_object (created);
  g_assert_cmpuint (json_object_get_size (object), ==, 2);
  secret = g_strdup (pd_test_assert_string_member (object, "test_secret_key"));
  g_assert_true (g_str_has_prefix (secret, "sk_test_"));
  g_assert_true (g_str_has_prefix (pd_test_assert_string_member (object, "test_public_key"), "pk_test_"));

  path = g_strdup_printf ("/apikeys/%s", secret);
  got = eoneopay (sandbox, "GET", path, NULL, NULL);
  object = pd_test_response_get_object (got);
  g_assert_cmpstr (pd_test_assert_string_member (object, "api_key"), ==, secret);
  g_assert_cmpstr (pd_test_assert_string_member (object, "permissions"), ==, "+");
  g_assert_cmpstr (pd_test_assert_string_member (object, "status"), ==, "1");

  /* The new key works for the API, the public key does not, and only the
   * administrator key manages keys. */
  used = eoneopay_as (sandbox, secret, "GET", "/customers", NULL, NULL);
  g_assert_cmpuint (used->status, ==, 200);
  public_key = eoneopay_as (sandbox, pd_test_assert_string_member (pd_test_response_get_object (created), "test_public_key"),
                            "GET", "/customers", NULL, NULL);
  assert_error (public_key, 401);
  not_admin = eoneopay_as (sandbox, secret, "POST", "/apikeys", NULL, NULL);
  assert_error (not_admin, 403);

  revoked = eoneopay (sandbox, "DELETE", path, NULL, NULL);
  assert_success (revoked, "API Key revoked");
  after = eoneopay_as (sandbox, secret, "GET", "/customers", NULL, NULL);
  assert_error (after, 401);
  status = eoneopay (sandbox, "GET", path, NULL, NULL);
  g_assert_cmpstr (pd_test_assert_string_member (pd_test_response_get_object (status), "status"), ==, "0");

  {
    g_autofree char *own = g_strdup_printf ("/apikeys/%s", admin);

    self_revoke = eoneopay (sandbox, "DELETE", own, NULL, NULL);
    assert_error (self_revoke, 400);
  }

  unknown = eoneopay (sandbox, "GET", "/apikeys/sk_test_unknown", NULL, NULL);
  assert_error (unknown, 404);
}

static void
test_customers_list (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start ("--records", "240", NULL);
  g_autoptr(PdTestResponse) list = eoneopay (sandbox, "GET", "/customers", NULL, NULL);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *customers = pd_test_response_get_array (list);
  guint with_cards = 0, with_accounts = 0;

  g_assert_cmpuint (json_array_get_length (customers), ==, 60);
  for (guint i = 0; i < json_array_get_length (customers); i++)
    {
      JsonObject *customer = json_array_get_object_element (customers, i);
      JsonArray *accounts = pd_test_assert_array_member (customer, "bank_accounts");

      assert_customer (customer);
      g_assert_true (g_hash_table_add (ids, (gpointer)pd_test_assert_string_member (customer, "id")));
      with_cards += json_array_get_length (pd_test_assert_array_member (customer, "credit_cards")) > 0;
      with_accounts += json_array_get_length (accounts) > 0;

      /* Seeded accounts are numbers, as the document writes them. */
      for (guint j = 0; j < json_array_get_length (accounts); j++)
        {
          pd_test_assert_int_member (json_array_get_object_element (accounts, j), "number");
          pd_test_assert_int_member (json_array_get_object_element (accounts, j), "branch");
        }

      /* Each one can be fetched alone, identical. */
      if (i < 5)
        {
          g_autofree char *path = g_strdup_printf ("/customers/%s", pd_test_assert_string_member (customer, "id"));
          g_autoptr(PdTestResponse) got = eoneopay (sandbox, "GET", path, NULL, NULL);

          g_assert_true (json_node_equal (got->json, json_array_get_element (customers, i)));
        }
    }

  g_assert_cmpuint (with_cards, >, 30);
  g_assert_cmpuint (with_accounts, >, 5);
}

static void
test_customers_crud (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  /* As curl -d sends it: the JSON unencoded in a form field. */
  g_autoptr(PdTestResponse) created = eoneopay (sandbox, "POST", "/customers", FORM,
                                               "customer={\"name\":\"Siobhán O'Sullivan\",\"email\":\"siobhan@example.com.au\","
                                               "\"address\":\"94 Wattle Street\\nFitzroy VIC 3065\","
                                               "\"credit_cards\":[{\"number\":\"5559039016093199\",\"expiry_date\":\"05\\/29\",\"cvv\":602}],"
                                               "\"bank_accounts\":[{\"name\":\"Siobhán O'Sullivan\",\"number\":128818,\"branch\":632605}]}");
  g_autoptr(PdTestResponse) got = NULL;
  g_autoptr(PdTestResponse) updated = NULL;
  g_autoptr(PdTestResponse) list = NULL;
  g_autoptr(PdTestResponse) deleted = NULL;
  g_autoptr(PdTestResponse) gone = NULL;
  g_autoptr(PdTestResponse) delete_again = NULL;
  g_autoptr(PdTestResponse) pay_deleted = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autofree char *token = NULL;
  g_autofree char *update = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *payment = NULL;
  JsonObject *customer, *card, *account;
  JsonArray *cards;
  gboolean listed = FALSE;

  assert_success (created, "Customer created");
  customer = pd_test_assert_object_member (pd_test_response_get_object (created), "customer");
  assert_customer (customer);
  g_assert_cmpstr (pd_test_assert_string_member (customer, "name"), ==, "Siobhán O'Sullivan");
  g_assert_cmpstr (pd_test_assert_string_member (customer, "address"), ==, "94 Wattle Street\nFitzroy VIC 3065");

  card = json_array_get_object_element (pd_test_assert_array_member (customer, "credit_cards"), 0);
  token = g_strdup (pd_test_assert_string_member (card, "token"));
  g_assert_cmpuint (strlen (token), ==, 16);
  g_assert_cmpstr (pd_test_assert_string_member (pd_test_assert_object_member (card, "creditCardInfo"), "pan"), ==, "555903XXXXXXX199");
  g_assert_cmpstr (pd_test_assert_string_member (pd_test_assert_object_member (card, "creditCardInfo"), "expiryDate"), ==, "05/29");
  g_assert_cmpstr (pd_test_assert_string_member (pd_test_assert_object_member (card, "creditCardInfo"), "cardType"), ==, "5");
  g_assert_cmpstr (pd_test_assert_string_member (pd_test_assert_object_member (card, "creditCardInfo"), "cardDescription"), ==, "Master Card");

  account = json_array_get_object_element (pd_test_assert_array_member (customer, "bank_accounts"), 0);
  g_assert_cmpint (pd_test_assert_int_member (account, "number"), ==, 128818);
  g_assert_cmpint (pd_test_assert_int_member (account, "branch"), ==, 632605);

  /* The card number and the CVV never come back. */
  text = pd_test_response_dup_text (created);
  g_assert_null (strstr (text, "5559039016093199"));
  g_assert_null (strstr (text, "cvv"));

  path = g_strdup_printf ("/customers/%s", pd_test_assert_string_member (customer, "id"));
  got = eoneopay (sandbox, "GET", path, NULL, NULL);
  g_assert_true (json_node_equal (got->json, json_object_get_member (pd_test_response_get_object (created), "customer")));

  /* PUT keeps the card given by token, adds a new one, and takes a
   * percent-encoded form too. */
  update = g_strdup_printf ("{\"email\":\"s.osullivan@example.com.au\",\"credit_cards\":[{\"token\":\"%s\"},"
                            "{\"number\":4532981234567693,\"expiry_date\":\"01/30\",\"cvv\":\"123\"}],"
                            "\"bank_accounts\":[{\"name\":\"O'Sullivan & Co\",\"number\":\"012345\",\"branch\":\"063260\"}]}",
                            token);
  escaped = g_uri_escape_string (update, NULL, FALSE);
  g_free (update);
  update = g_strconcat ("customer=", escaped, NULL);
  updated = eoneopay (sandbox, "PUT", path, FORM, update);
  assert_success (updated, "Customer updated");
  customer = pd_test_assert_object_member (pd_test_response_get_object (updated), "customer");
  assert_customer (customer);
  g_assert_cmpstr (pd_test_assert_string_member (customer, "name"), ==, "Siobhán O'Sullivan");
  g_assert_cmpstr (pd_test_assert_string_member (customer, "email"), ==, "s.osullivan@example.com.au");
  cards = pd_test_assert_array_member (customer, "credit_cards");
  g_assert_cmpuint (json_array_get_length (cards), ==, 2);
  g_assert_cmpstr (pd_test_assert_string_member (json_array_get_object_element (cards, 0), "token"), ==, token);
  g_assert_cmpstr (pd_test_assert_string_member (pd_test_assert_object_member (json_array_get_object_element (cards, 1), "creditCardInfo"), "pan"),
                   ==, "453298XXXXXXX693");
  g_assert_cmpstr (pd_test_assert_string_member (pd_test_assert_object_member (json_array_get_object_element (cards, 1), "creditCardInfo"), "cardDescription"),
                   ==, "Visa");
  /* A leading zero survives: given as a string, kept as a string. */
  account = json_array_get_object_element (pd_test_assert_array_member (customer, "bank_accounts"), 0);
  g_assert_cmpstr (pd_test_assert_string_member (account, "number"), ==, "012345");

  list = eoneopay (sandbox, "GET", "/customers", NULL, NULL);
  for (guint i = 0; i < json_array_get_length (pd_test_response_get_array (list)); i++)
    listed |= json_node_equal (json_array_get_element (pd_test_response_get_array (list), i),
                               json_object_get_member (pd_test_response_get_object (updated), "customer"));
  g_assert_true (listed);

  deleted = eoneopay (sandbox, "DELETE", path, NULL, NULL);
  assert_success (deleted, "Customer deleted");
  gone = eoneopay (sandbox, "GET", path, NULL, NULL);
  assert_error (gone, 404);
  delete_again = eoneopay (sandbox, "DELETE", path, NULL, NULL);
  assert_error (delete_again, 404);

  /* A deleted customer's cards cannot pay. */
  payment = g_strdup_printf ("payment={\"token\":\"%s\",\"reference\":\"after delete\",\"amount\":1000,\"currency\":\"AUD\"}", token);
  pay_deleted = eoneopay (sandbox, "POST", "/payments", FORM, payment);
  assert_error (pay_deleted, 400);
}

static void
test_customers_bodies (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  g_autoptr(PdTestResponse) wrapped = eoneopay (sandbox, "POST", "/customers", "application/json",
                                               "{\"customer\":{\"name\":\"Wanjiru Kamau\",\"email\":\"wanjiru@example.co.ke\"}}");
  g_autoptr(PdTestResponse) bare = eoneopay (sandbox, "POST", "/customers", "application/json",
                                            "{\"name\":\"محمد عثمان\"}");
  const char *refused[] = {
    "customer={\"email\":\"nobody@example.com\"}",
    "customer={\"name\":\"A\",\"credit_cards\":[{\"number\":\"1234\",\"expiry_date\":\"01/30\",\"cvv\":\"123\"}]}",
    "customer={\"name\":\"A\",\"credit_cards\":[{\"number\":\"4532981234567693\",\"expiry_date\":\"13/30\",\"cvv\":\"123\"}]}",
    "customer={\"name\":\"A\",\"credit_cards\":[{\"number\":\"4532981234567693\",\"expiry_date\":\"01/30\"}]}",
    "customer={\"name\":\"A\",\"credit_cards\":[{\"token\":\"0000000000000000\"}]}",
    "customer={\"name\":\"A\",\"bank_accounts\":[{\"name\":\"A\",\"number\":\"12-34\",\"branch\":1}]}",
    "customer={\"name\":\"A\",\"email\":\"no at sign\"}",
    "customer=not json",
    "name=A",
  };

  assert_success (wrapped, "Customer created");
  g_assert_cmpstr (pd_test_assert_string_member (pd_test_assert_object_member (pd_test_response_get_object (wrapped), "customer"), "name"),
                   ==, "Wanjiru Kamau");
  assert_success (bare, "Customer created");
  g_assert_cmpstr (pd_test_assert_string_member (pd_test_assert_object_member (pd_test_response_get_object (bare), "customer"), "name"),
                   ==, "محمد عثمان");

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(PdTestResponse) response = eoneopay (sandbox, "POST", "/customers", FORM, refused[i]);

      assert_error (response, 400);
    }
}

static char *
customer_with_card (PdTestSandbox *sandbox,
                    const char    *expiry)
{
  g_autofree char *body = g_strdup_printf ("customer={\"name\":\"Jack Wilson\",\"credit_cards\":[{\"number\":\"4929331234567138\",\"expiry_date\":\"%s\",\"cvv\":\"321\"}]}",
                                           expiry);
  g_autoptr(PdTestResponse) created = eoneopay (sandbox, "POST", "/customers", FORM, body);
  JsonObject *customer;

  assert_success (created, "Customer created");
  customer = pd_test_assert_object_member (pd_test_response_get_object (created), "customer");

  return g_strdup (pd_test_assert_string_member (json_array_get_object_element (pd_test_assert_array_member (customer, "credit_cards"), 0), "token"));
}

static void
test_payments (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  g_autofree char *token = customer_with_card (sandbox, "12/30");
  g_autofree char *expired = customer_with_card (sandbox, "01/20");
  g_autofree char *body = g_strdup_printf ("payment={\"token\":\"%s\",\"reference\":\"Order 7, \\\"rush\\\"\",\"amount\":74200,\"currency\":\"AUD\"}", token);
  g_autoptr(PdTestResponse) paid = eoneopay (sandbox, "POST", "/payments", FORM, body);
  g_autoptr(PdTestResponse) refunded = NULL;
  g_autoptr(PdTestResponse) again = NULL;
  g_autoptr(PdTestResponse) unknown = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  g_autofree char *txn = NULL;
  g_autofree char *path = NULL;
  JsonObject *object, *payment, *refund, *entry;

  assert_success (paid, "Payment created");
  object = pd_test_response_get_object (paid);
  txn = g_strdup (pd_test_assert_string_member (object, "txnID"));
  g_assert_true (all_digits (txn));
  payment = pd_test_assert_object_member (object, "payment");
  g_assert_cmpuint (json_object_get_size (payment), ==, 5);
  g_assert_cmpstr (pd_test_assert_string_member (payment, "token"), ==, token);
  g_assert_cmpstr (pd_test_assert_string_member (payment, "reference"), ==, "Order 7, \"rush\"");
  g_assert_cmpint (pd_test_assert_int_member (payment, "amount"), ==, 74200);
  g_assert_cmpstr (pd_test_assert_string_member (payment, "currency"), ==, "AUD");
  g_assert_cmpstr (pd_test_assert_string_member (payment, "txnID"), ==, txn);

  ledger = pd_test_sandbox_get_ledger (sandbox, "eoneopay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
  entry = json_array_get_object_element (ledger, 0);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "operation"), ==, "payment");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "amount"), ==, "742.00");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "currency"), ==, "AUD");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "id"), ==, txn);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "target"), ==, token);
  pd_test_assert_null_member (entry, "idempotency_key");

  path = g_strdup_printf ("/payments/%s", txn);
  refunded = eoneopay (sandbox, "DELETE", path, NULL, NULL);
  assert_success (refunded, "Payment refunded");
  object = pd_test_response_get_object (refunded);
  refund = pd_test_assert_object_member (object, "refund");
  g_assert_cmpstr (pd_test_assert_string_member (object, "txnID"), !=, txn);
  g_assert_cmpstr (pd_test_assert_string_member (refund, "txnID"), ==, pd_test_assert_string_member (object, "txnID"));
  g_assert_cmpint (pd_test_assert_int_member (refund, "amount"), ==, 74200);
  g_assert_cmpstr (pd_test_assert_string_member (refund, "currency"), ==, "AUD");
  g_assert_cmpstr (pd_test_assert_string_member (refund, "purchaseOrderNo"), ==, "Order 7, \"rush\"");

  /* Never twice. */
  again = eoneopay (sandbox, "DELETE", path, NULL, NULL);
  assert_error (again, 409);
  unknown = eoneopay (sandbox, "DELETE", "/payments/1", NULL, NULL);
  assert_error (unknown, 404);

  g_clear_pointer (&ledger, json_array_unref);
  ledger = pd_test_sandbox_get_ledger (sandbox, "eoneopay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 2);
  entry = json_array_get_object_element (ledger, 1);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "operation"), ==, "refund");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "target"), ==, txn);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "amount"), ==, "742.00");

  /* Refused and declined payments move nothing. */
  {
    g_autofree char *declined = g_strdup_printf ("payment={\"token\":\"%s\",\"reference\":\"r\",\"amount\":99999,\"currency\":\"AUD\"}", token);
    g_autofree char *old_card = g_strdup_printf ("payment={\"token\":\"%s\",\"reference\":\"r\",\"amount\":1000,\"currency\":\"AUD\"}", expired);
    g_autofree char *dollars = g_strdup_printf ("payment={\"token\":\"%s\",\"reference\":\"r\",\"amount\":10.5,\"currency\":\"AUD\"}", token);
    g_autofree char *usd = g_strdup_printf ("payment={\"token\":\"%s\",\"reference\":\"r\",\"amount\":1000,\"currency\":\"USD\"}", token);
    g_autoptr(PdTestResponse) r1 = eoneopay (sandbox, "POST", "/payments", FORM, declined);
    g_autoptr(PdTestResponse) r2 = eoneopay (sandbox, "POST", "/payments", FORM, old_card);
    g_autoptr(PdTestResponse) r3 = eoneopay (sandbox, "POST", "/payments", FORM, dollars);
    g_autoptr(PdTestResponse) r4 = eoneopay (sandbox, "POST", "/payments", FORM, usd);
    g_autoptr(PdTestResponse) r5 = eoneopay (sandbox, "POST", "/payments", FORM,
                                            "payment={\"token\":\"999\",\"reference\":\"r\",\"amount\":1000,\"currency\":\"AUD\"}");

    assert_error (r1, 402);
    assert_error (r2, 402);
    assert_error (r3, 400);
    assert_error (r4, 400);
    assert_error (r5, 400);
  }

  g_clear_pointer (&ledger, json_array_unref);
  ledger = pd_test_sandbox_get_ledger (sandbox, "eoneopay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/eoneopay/first-line-auth", test_first_line_and_auth);
  g_test_add_func ("/sandbox/eoneopay/api-keys", test_api_keys);
  g_test_add_func ("/sandbox/eoneopay/customers/list", test_customers_list);
  g_test_add_func ("/sandbox/eoneopay/customers/crud", test_customers_crud);
  g_test_add_func ("/sandbox/eoneopay/customers/bodies", test_customers_bodies);
  g_test_add_func ("/sandbox/eoneopay/payments", test_payments);

  return g_test_run ();
}

/* test-eoneopay-client.c - the EoneoPay client against the sandbox over loopback
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pd-eoneopay-client.h"
#include "pd-test-sandbox.h"

/* A card that must never be seen again once sent, and its code. */
#define CARD_NUMBER        "4242424242424242"
#define CARD_NUMBER_SPACED "4242 4242 4242 4242"
#define CARD_CVV           "9173"

typedef struct
{
  PdTestSandbox    *sandbox;
  PdEoneopayClient *client;
  const char       *base_url;
  const char       *api_key;
} Fixture;

/* Everything the code under test logs, debug messages included. */
static GMutex log_lock;
static GString *captured_log;

static GLogWriterOutput
capture_log (GLogLevelFlags   level,
             const GLogField *fields,
             gsize            n_fields,
             gpointer         user_data)
{
  g_mutex_lock (&log_lock);
  for (gsize i = 0; i < n_fields; i++)
    {
      if (strcmp (fields[i].key, "MESSAGE") == 0)
        {
          if (fields[i].length < 0)
            g_string_append (captured_log, fields[i].value);
          else
            g_string_append_len (captured_log, fields[i].value, fields[i].length);
          g_string_append_c (captured_log, '\n');
        }
    }
  g_mutex_unlock (&log_lock);

  if (level & G_LOG_LEVEL_DEBUG)
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (level, fields, n_fields, user_data);
}

static char *
dup_captured_log (void)
{
  char *copy;

  g_mutex_lock (&log_lock);
  copy = g_strdup (captured_log->str);
  g_mutex_unlock (&log_lock);

  return copy;
}

static void
clear_captured_log (void)
{
  g_mutex_lock (&log_lock);
  g_string_truncate (captured_log, 0);
  g_mutex_unlock (&log_lock);
}

/* @needle occurs in @haystack as a number of its own, not inside a longer
 * run of digits (a port number, a token). */
static gboolean
contains_number (const char *haystack,
                 const char *needle)
{
  gsize length = strlen (needle);

  if (haystack == NULL)
    return FALSE;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    {
      gboolean before = p > haystack && g_ascii_isdigit (p[-1]);
      gboolean after = g_ascii_isdigit (p[length]);

      if (!before && !after)
        return TRUE;
    }

  return FALSE;
}

static void
assert_no_card_secrets (const char *text)
{
  if (text == NULL)
    return;

  g_assert_null (strstr (text, CARD_NUMBER));
  g_assert_null (strstr (text, CARD_NUMBER_SPACED));
  g_assert_false (contains_number (text, CARD_CVV));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  PdHttpClient *http;

  f->sandbox = pd_test_sandbox_start ("--records", "40", NULL);
  f->base_url = pd_test_sandbox_get_base_url (f->sandbox, "eoneopay");
  f->api_key = pd_test_sandbox_get_credential (f->sandbox, "eoneopay", "api_key");
  f->client = pd_eoneopay_client_new (f->base_url, f->api_key);

  /* Retries in milliseconds, so that a test takes no time waiting. */
  http = pd_eoneopay_client_get_http_client (f->client);
  pd_http_client_set_retry_delay (http, 10);
  pd_http_client_set_max_retry_delay (http, 40);
  pd_http_client_set_timeout (http, 10000);

  clear_captured_log ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->client);
  g_clear_pointer (&f->sandbox, pd_test_sandbox_stop);
}

/* ------------------------------------------------------- waiting */

static void
on_ready (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static void
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
spin_main_loop (guint milliseconds)
{
  gint64 end = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static GPtrArray *
list_customers (PdEoneopayClient  *client,
                GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_eoneopay_client_list_customers_async (client, NULL, on_ready, &result);
  wait_for (&result);

  return pd_eoneopay_client_list_customers_finish (client, result, error);
}

static PdEoneopayCustomer *
get_customer (PdEoneopayClient  *client,
              const char        *id,
              GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_eoneopay_client_get_customer_async (client, id, NULL, on_ready, &result);
  wait_for (&result);

  return pd_eoneopay_client_get_customer_finish (client, result, error);
}

static PdEoneopayCustomer *
create_customer (PdEoneopayClient              *client,
                 const PdEoneopayCustomerSpec  *spec,
                 GError                       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_eoneopay_client_create_customer_async (client, spec, NULL, on_ready, &result);
  wait_for (&result);

  return pd_eoneopay_client_create_customer_finish (client, result, error);
}

static PdEoneopayCustomer *
update_customer (PdEoneopayClient              *client,
                 const char                    *id,
                 const PdEoneopayCustomerSpec  *spec,
                 GError                       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_eoneopay_client_update_customer_async (client, id, spec, NULL, on_ready, &result);
  wait_for (&result);

  return pd_eoneopay_client_update_customer_finish (client, result, error);
}

static gboolean
delete_customer (PdEoneopayClient  *client,
                 const char        *id,
                 GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_eoneopay_client_delete_customer_async (client, id, NULL, on_ready, &result);
  wait_for (&result);

  return pd_eoneopay_client_delete_customer_finish (client, result, error);
}

static PdEoneopayApiKey *
create_api_key (PdEoneopayClient  *client,
                GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_eoneopay_client_create_api_key_async (client, NULL, on_ready, &result);
  wait_for (&result);

  return pd_eoneopay_client_create_api_key_finish (client, result, error);
}

static PdEoneopayApiKey *
get_api_key (PdEoneopayClient  *client,
             const char        *key,
             GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_eoneopay_client_get_api_key_async (client, key, NULL, on_ready, &result);
  wait_for (&result);

  return pd_eoneopay_client_get_api_key_finish (client, result, error);
}

static gboolean
revoke_api_key (PdEoneopayClient  *client,
                const char        *key,
                GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_eoneopay_client_revoke_api_key_async (client, key, NULL, on_ready, &result);
  wait_for (&result);

  return pd_eoneopay_client_revoke_api_key_finish (client, result, error);
}

static PdOperationResult *
perform (PdEoneopayClient   *client,
         const PdOperation  *operation,
         GCancellable       *cancellable,
         GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_provider_perform_async (PD_PROVIDER (client), operation, cancellable, on_ready, &result);
  wait_for (&result);

  return pd_provider_perform_finish (PD_PROVIDER (client), result, error);
}

static PdPage *
fetch_page (PdEoneopayClient  *client,
            const char        *resource,
            GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_provider_fetch_page_async (PD_PROVIDER (client), resource, NULL, NULL, on_ready, &result);
  wait_for (&result);

  return pd_provider_fetch_page_finish (PD_PROVIDER (client), result, error);
}

static gboolean
test_account (PdEoneopayClient  *client,
              GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_provider_test_async (PD_PROVIDER (client), NULL, on_ready, &result);
  wait_for (&result);

  return pd_provider_test_finish (PD_PROVIDER (client), result, error);
}

/* ------------------------------------------------------- sandbox */

/* The customers as the sandbox answers them, read without the client. */
static JsonArray *
raw_customers (Fixture *f)
{
  g_autofree char *url = pd_test_sandbox_url (f->sandbox, "eoneopay", "/customers");
  g_autofree char *user = g_strconcat (f->api_key, ":", NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *)user, strlen (user));
  g_autofree char *authorization = g_strconcat ("Basic ", encoded, NULL);
  const char *headers[] = { "Authorization", authorization, NULL };
  PdTestRequest request = { .method = "GET", .url = url, .headers = headers };
  g_autoptr(PdTestResponse) response = pd_test_sandbox_send (f->sandbox, &request);

  g_assert_cmpuint (response->status, ==, 200);

  return json_array_ref (pd_test_response_get_array (response));
}

static guint
ledger_length (Fixture *f)
{
  g_autoptr(JsonArray) ledger = pd_test_sandbox_get_ledger (f->sandbox, "eoneopay");

  return json_array_get_length (ledger);
}

static JsonObject *
ledger_entry (JsonArray *ledger,
              guint      index)
{
  return json_array_get_object_element (ledger, index);
}

static gboolean
expiry_has_passed (const char *expiry)
{
  guint month = (guint)((expiry[0] - '0') * 10 + (expiry[1] - '0'));
  guint year = (guint)((expiry[3] - '0') * 10 + (expiry[4] - '0'));

  /* The sandbox's clock starts at 2026-06-30. */
  return year < 26 || (year == 26 && month < 6);
}

/* A seeded card, from the sandbox's own answer: the first that has or has
 * not expired. Returns its holder in @customer_id. */
static char *
find_seeded_token (Fixture     *f,
                   gboolean     expired,
                   char       **customer_id)
{
  g_autoptr(JsonArray) customers = raw_customers (f);

  for (guint i = 0; i < json_array_get_length (customers); i++)
    {
      JsonObject *customer = json_array_get_object_element (customers, i);
      JsonArray *cards = json_object_get_array_member (customer, "credit_cards");

      for (guint j = 0; j < json_array_get_length (cards); j++)
        {
          JsonObject *card = json_array_get_object_element (cards, j);
          JsonObject *info = json_object_get_object_member (card, "creditCardInfo");

          if (expiry_has_passed (json_object_get_string_member (info, "expiryDate")) == expired)
            {
              if (customer_id != NULL)
                *customer_id = g_strdup (json_object_get_string_member (customer, "id"));
              return g_strdup (json_object_get_string_member (card, "token"));
            }
        }
    }

  g_assert_not_reached ();
}

static PdOperation *
new_charge (gint64      cents,
            const char *reference)
{
  PdOperation *operation = pd_operation_new (PD_OPERATION_CHARGE, 1);

  operation->reference = g_strdup (reference);
  operation->idempotency_key = g_strdup ("7d8e2f7c-0b0e-4f77-9a43-3c1d2c1b0a01");
  pd_money_init (&operation->amount, cents, 2, "AUD");

  return operation;
}

static PdOperation *
new_refund (const char *txn_id)
{
  PdOperation *operation = pd_operation_new (PD_OPERATION_REFUND, 1);

  operation->reference = g_strdup ("refund-ref-1");
  operation->idempotency_key = g_strdup ("0c1a6c52-7f3c-4f36-8b9e-2b2f1d0e7a55");
  operation->target_provider_id = g_strdup (txn_id);

  return operation;
}

static gboolean
all_digits (const char *text)
{
  if (text == NULL || *text == '\0')
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  return TRUE;
}

static guint
count_digits (const char *text)
{
  guint n = 0;

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        n++;
    }

  return n;
}

/* Masked as Paydesk keeps cards: the length of the number, nothing but its
 * last digits visible. */
static void
assert_card_masked (PdCard     *card,
                    const char *provider_pan)
{
  gsize length = strlen (provider_pan);

  g_assert_nonnull (card->masked_pan);
  g_assert_cmpuint (strlen (card->masked_pan), ==, length);
  g_assert_cmpuint (count_digits (card->masked_pan), <=, 4);
  g_assert_cmpstr (card->last4, ==, provider_pan + length - 3);
  g_assert_true (g_str_has_suffix (card->masked_pan, card->last4));
  for (gsize i = 0; i < length - 3; i++)
    g_assert_cmpint (card->masked_pan[i], ==, '*');
}

static void
assert_transaction_has_no_card_secrets (PdTransaction *transaction)
{
  const char *texts[] = {
    transaction->provider_id, transaction->reference, transaction->provider_status,
    transaction->parent_provider_id, transaction->customer_provider_id,
    transaction->customer_name, transaction->phone, transaction->email,
    transaction->card_last4, transaction->description, transaction->counterparty,
    transaction->raw_json,
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_no_card_secrets (texts[i]);
}

/* ------------------------------------------------------- tests */

static void
test_capabilities (Fixture       *f,
                   gconstpointer  data)
{
  PdProvider *provider = PD_PROVIDER (f->client);
  const char * const *resources = pd_provider_get_resources (provider);
  g_autoptr(PdOperation) operation = new_charge (1000, "lookup-1");
  g_autoptr(PdOperation) disbursement = pd_operation_new (PD_OPERATION_DISBURSEMENT, 1);
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(PdPage) page = NULL;
  g_autoptr(GAsyncResult) lookup = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (pd_provider_get_views (provider), ==,
                    PD_PROVIDER_VIEW_CUSTOMERS | PD_PROVIDER_VIEW_CHARGES |
                    PD_PROVIDER_VIEW_REFUNDS | PD_PROVIDER_VIEW_CARDS);
  g_assert_true (pd_provider_can_perform (provider, PD_OPERATION_CHARGE));
  g_assert_true (pd_provider_can_perform (provider, PD_OPERATION_REFUND));
  g_assert_false (pd_provider_can_perform (provider, PD_OPERATION_DISBURSEMENT));

  /* No lookup, no idempotency key: a person settles an unknown outcome. */
  g_assert_cmpint (pd_provider_get_reconcile_method (provider, PD_OPERATION_CHARGE), ==, PD_RECONCILE_NONE);
  g_assert_cmpint (pd_provider_get_reconcile_method (provider, PD_OPERATION_REFUND), ==, PD_RECONCILE_NONE);

  /* Payments cannot be listed. */
  g_assert_nonnull (resources);
  g_assert_cmpuint (g_strv_length ((char **)resources), ==, 2);
  g_assert_cmpstr (resources[0], ==, "customers");
  g_assert_cmpstr (resources[1], ==, "cards");

  page = fetch_page (f->client, "payments", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_null (page);
  g_clear_error (&error);

  /* A failed lookup must never read as "not found", which would allow a
   * resend. */
  pd_provider_lookup_async (provider, operation, NULL, on_ready, &lookup);
  wait_for (&lookup);
  result = pd_provider_lookup_finish (provider, lookup, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_null (result);
  g_clear_error (&error);

  pd_money_init (&disbursement->amount, 1000, 2, "AUD");
  disbursement->reference = g_strdup ("disb-1");
  result = perform (f->client, disbursement, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_null (result);

  g_assert_cmpuint (ledger_length (f), ==, 0);
}

static void
test_customers_list (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonArray) raw = raw_customers (f);
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(PdPage) customers_page = NULL;
  g_autoptr(PdPage) cards_page = NULL;
  g_autoptr(GError) error = NULL;
  guint n_cards = 0, n_accounts = 0, n_multiline = 0;

  /* --records 40 seeds 10 customers. */
  g_assert_cmpuint (json_array_get_length (raw), ==, 10);

  customers = list_customers (f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (customers->len, ==, json_array_get_length (raw));

  for (guint i = 0; i < customers->len; i++)
    {
      PdEoneopayCustomer *customer = g_ptr_array_index (customers, i);
      JsonObject *expected = json_array_get_object_element (raw, i);
      JsonArray *cards = json_object_get_array_member (expected, "credit_cards");
      JsonArray *accounts = json_object_get_array_member (expected, "bank_accounts");

      /* Every customer once, in the provider's order. */
      g_assert_cmpstr (customer->customer->provider_id, ==, json_object_get_string_member (expected, "id"));
      g_assert_true (g_hash_table_add (seen, customer->customer->provider_id));
      g_assert_cmpstr (customer->customer->name, ==, json_object_get_string_member (expected, "name"));
      g_assert_nonnull (customer->customer->raw_json);
      g_assert_cmpint (customer->customer->created_at, ==, 0);
      if (customer->address != NULL && strchr (customer->address, '\n') != NULL)
        n_multiline++;

      g_assert_cmpuint (customer->cards->len, ==, json_array_get_length (cards));
      for (guint j = 0; j < customer->cards->len; j++)
        {
          PdCard *card = g_ptr_array_index (customer->cards, j);
          JsonObject *raw_card = json_array_get_object_element (cards, j);
          JsonObject *info = json_object_get_object_member (raw_card, "creditCardInfo");
          const char *token = json_object_get_string_member (raw_card, "token");
          const char *type = json_object_get_string_member (info, "cardType");
          g_autofree char *card_id = pd_eoneopay_client_card_id_for_token (token);

          /* The token charges the card: it is not the card's id. */
          g_assert_cmpstr (card->provider_id, ==, card_id);
          g_assert_true (g_str_has_prefix (card->provider_id, "card_"));
          g_assert_null (strstr (card->provider_id, token));
          g_assert_cmpstr (card->customer_provider_id, ==, customer->customer->provider_id);
          g_assert_cmpstr (card->holder_name, ==, customer->customer->name);
          assert_card_masked (card, json_object_get_string_member (info, "pan"));
          g_assert_cmpuint (card->exp_month, >=, 1);
          g_assert_cmpuint (card->exp_month, <=, 12);
          g_assert_cmpuint (card->exp_year, >=, 2020);
          if (strcmp (type, "6") == 0)
            g_assert_cmpstr (card->brand, ==, "visa");
          else if (strcmp (type, "5") == 0)
            g_assert_cmpstr (card->brand, ==, "mastercard");
          else if (strcmp (type, "2") == 0)
            g_assert_cmpstr (card->brand, ==, "amex");
          n_cards++;
        }

      g_assert_cmpuint (customer->bank_accounts->len, ==, json_array_get_length (accounts));
      for (guint j = 0; j < customer->bank_accounts->len; j++)
        {
          PdEoneopayBankAccount *account = g_ptr_array_index (customer->bank_accounts, j);
          JsonObject *raw_account = json_array_get_object_element (accounts, j);
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                     json_object_get_int_member (raw_account, "number"));

          g_assert_cmpstr (account->number, ==, number);
          g_assert_true (all_digits (account->branch));
          g_assert_nonnull (account->name);
          n_accounts++;
        }
    }

  g_assert_cmpuint (g_hash_table_size (seen), ==, customers->len);
  g_assert_cmpuint (n_cards, >, 0);
  g_assert_cmpuint (n_accounts, >, 0);
  g_assert_cmpuint (n_multiline, >, 0);

  /* The sync walks the same list as two one-page resources. */
  customers_page = fetch_page (f->client, "customers", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (customers_page->resource, ==, "customers");
  g_assert_cmpuint (customers_page->customers->len, ==, customers->len);
  g_assert_cmpuint (customers_page->cards->len, ==, 0);
  g_assert_cmpuint (customers_page->transactions->len, ==, 0);
  g_assert_null (customers_page->next_cursor);

  cards_page = fetch_page (f->client, "cards", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cards_page->cards->len, ==, n_cards);
  g_assert_cmpuint (cards_page->customers->len, ==, 0);
  g_assert_null (cards_page->next_cursor);
  for (guint i = 0; i < cards_page->cards->len; i++)
    {
      PdCard *card = g_ptr_array_index (cards_page->cards, i);

      g_assert_cmpuint (count_digits (card->masked_pan), <=, 4);
      g_assert_true (g_hash_table_contains (seen, card->customer_provider_id));
    }
}

static void
test_customers_crud (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(PdEoneopayCustomerSpec) spec = pd_eoneopay_customer_spec_new ();
  g_autoptr(PdEoneopayCustomerSpec) change = pd_eoneopay_customer_spec_new ();
  g_autoptr(PdEoneopayCustomerSpec) drop = pd_eoneopay_customer_spec_new ();
  g_autoptr(PdEoneopayCustomerSpec) nameless = pd_eoneopay_customer_spec_new ();
  g_autoptr(PdEoneopayCustomerSpec) bad_card = pd_eoneopay_customer_spec_new ();
  g_autoptr(PdEoneopayCustomerSpec) unknown_card = pd_eoneopay_customer_spec_new ();
  g_autoptr(PdEoneopayCustomer) created = NULL;
  g_autoptr(PdEoneopayCustomer) fetched = NULL;
  g_autoptr(PdEoneopayCustomer) updated = NULL;
  g_autoptr(PdEoneopayCustomer) dropped = NULL;
  g_autoptr(PdEoneopayCustomer) missing = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  PdEoneopayBankAccount *account;
  PdCard *card, *second;
  g_autofree char *first_card_id = NULL;
  g_autofree char *second_card_id = NULL;
  const char *id;

  pd_eoneopay_customer_spec_set_name (spec, "Skyla Bins Sr.");
  pd_eoneopay_customer_spec_set_email (spec, "Holly82@hotmail.com");
  pd_eoneopay_customer_spec_set_address (spec, "94034 Mireya Knolls Suite 124\nEast Liliana NSW 2000");
  pd_eoneopay_customer_spec_add_card (spec, "5559 0390 1609 3199", "05/29", "602");
  pd_eoneopay_customer_spec_add_bank_account (spec, "Dorothea Walker", "128818", "632605");
  pd_eoneopay_customer_spec_add_bank_account (spec, "Wattle & Co Pty Ltd", "0123456", "062000");

  created = create_customer (f->client, spec, &error);
  g_assert_no_error (error);
  id = created->customer->provider_id;
  g_assert_true (g_str_has_prefix (id, "cus_"));
  g_assert_cmpstr (created->customer->name, ==, "Skyla Bins Sr.");
  g_assert_cmpstr (created->customer->email, ==, "Holly82@hotmail.com");
  g_assert_cmpstr (created->address, ==, "94034 Mireya Knolls Suite 124\nEast Liliana NSW 2000");

  g_assert_cmpuint (created->cards->len, ==, 1);
  card = g_ptr_array_index (created->cards, 0);
  g_assert_cmpstr (card->masked_pan, ==, "*************199");
  g_assert_cmpstr (card->last4, ==, "199");
  g_assert_cmpstr (card->brand, ==, "mastercard");
  g_assert_cmpuint (card->exp_month, ==, 5);
  g_assert_cmpuint (card->exp_year, ==, 2029);
  g_assert_cmpstr (card->customer_provider_id, ==, id);
  first_card_id = g_strdup (card->provider_id);
  g_assert_null (strstr (created->customer->raw_json, "5559039016093199"));
  g_assert_null (strstr (created->customer->raw_json, "\"cvv\""));
  g_assert_null (strstr (card->raw_json, "5559039016093199"));

  /* A leading zero survives as text. */
  g_assert_cmpuint (created->bank_accounts->len, ==, 2);
  account = g_ptr_array_index (created->bank_accounts, 0);
  g_assert_cmpstr (account->name, ==, "Dorothea Walker");
  g_assert_cmpstr (account->number, ==, "128818");
  g_assert_cmpstr (account->branch, ==, "632605");
  account = g_ptr_array_index (created->bank_accounts, 1);
  g_assert_cmpstr (account->name, ==, "Wattle & Co Pty Ltd");
  g_assert_cmpstr (account->number, ==, "0123456");
  g_assert_cmpstr (account->branch, ==, "062000");

  fetched = get_customer (f->client, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fetched->customer->provider_id, ==, id);
  g_assert_cmpstr (fetched->customer->name, ==, "Skyla Bins Sr.");
  g_assert_cmpuint (fetched->cards->len, ==, 1);
  g_assert_cmpstr (((PdCard *)g_ptr_array_index (fetched->cards, 0))->provider_id, ==, first_card_id);
  g_assert_cmpuint (fetched->bank_accounts->len, ==, 2);

  /* Keep the first card by its id, add one; the name stays as it was. */
  pd_eoneopay_customer_spec_set_email (change, "skyla@example.com.au");
  pd_eoneopay_customer_spec_keep_card (change, first_card_id);
  pd_eoneopay_customer_spec_add_card (change, "4111-1111-1111-1111", "12/2030", "123");
  updated = update_customer (f->client, id, change, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (updated->customer->name, ==, "Skyla Bins Sr.");
  g_assert_cmpstr (updated->customer->email, ==, "skyla@example.com.au");
  g_assert_cmpuint (updated->cards->len, ==, 2);
  g_assert_cmpstr (((PdCard *)g_ptr_array_index (updated->cards, 0))->provider_id, ==, first_card_id);
  second = g_ptr_array_index (updated->cards, 1);
  g_assert_cmpstr (second->masked_pan, ==, "*************111");
  g_assert_cmpstr (second->brand, ==, "visa");
  g_assert_cmpuint (second->exp_month, ==, 12);
  g_assert_cmpuint (second->exp_year, ==, 2030);
  g_assert_cmpstr (second->provider_id, !=, first_card_id);
  second_card_id = g_strdup (second->provider_id);
  g_assert_cmpuint (updated->bank_accounts->len, ==, 2);

  /* Cards left out are detached; bank accounts replaced by none. */
  pd_eoneopay_customer_spec_clear_cards (drop);
  pd_eoneopay_customer_spec_keep_card (drop, second_card_id);
  pd_eoneopay_customer_spec_clear_bank_accounts (drop);
  dropped = update_customer (f->client, id, drop, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dropped->cards->len, ==, 1);
  g_assert_cmpstr (((PdCard *)g_ptr_array_index (dropped->cards, 0))->provider_id, ==, second_card_id);
  g_assert_cmpuint (dropped->bank_accounts->len, ==, 0);

  /* Input refused before anything is sent. */
  g_assert_null (create_customer (f->client, nameless, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  pd_eoneopay_customer_spec_set_name (bad_card, "Short Number");
  pd_eoneopay_customer_spec_add_card (bad_card, "42424242424", "01/30", "123");
  g_assert_null (create_customer (f->client, bad_card, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  pd_eoneopay_customer_spec_keep_card (unknown_card, first_card_id);
  g_assert_null (update_customer (f->client, id, unknown_card, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (delete_customer (f->client, id, &error));
  g_assert_no_error (error);

  missing = get_customer (f->client, id, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NOT_FOUND);
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 404);
  g_assert_nonnull (strstr (pd_provider_error_get_provider_message (error), "No such customer"));
  g_assert_nonnull (strstr (error->message, "No such customer"));
  g_assert_null (missing);
  g_clear_error (&error);

  g_assert_false (delete_customer (f->client, id, &error));
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  customers = list_customers (f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (customers->len, ==, 10);
  for (guint i = 0; i < customers->len; i++)
    g_assert_cmpstr (((PdEoneopayCustomer *)g_ptr_array_index (customers, i))->customer->provider_id, !=, id);

  /* The numbers went to the provider once and into no log. */
  log = dup_captured_log ();
  g_assert_nonnull (strstr (log, "PUT"));
  g_assert_null (strstr (log, "5559039016093199"));
  g_assert_null (strstr (log, "4111111111111111"));
  g_assert_null (strstr (log, "4111-1111-1111-1111"));
}

static void
test_api_keys (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PdEoneopayApiKey) created = NULL;
  g_autoptr(PdEoneopayApiKey) details = NULL;
  g_autoptr(PdEoneopayApiKey) revoked = NULL;
  g_autoptr(PdEoneopayApiKey) forbidden = NULL;
  g_autoptr(PdEoneopayApiKey) unknown = NULL;
  g_autoptr(PdEoneopayClient) second = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;

  created = create_api_key (f->client, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (created->secret_key, "sk_test_"));
  g_assert_true (g_str_has_prefix (created->public_key, "pk_test_"));
  g_assert_true (created->active);

  details = get_api_key (f->client, created->secret_key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (details->secret_key, ==, created->secret_key);
  g_assert_cmpstr (details->permissions, ==, "+");
  g_assert_true (details->active);

  /* The new key works, but may not manage keys. */
  second = pd_eoneopay_client_new (f->base_url, created->secret_key);
  customers = list_customers (second, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (customers->len, ==, 10);
  g_assert_true (test_account (second, &error));
  g_assert_no_error (error);

  forbidden = create_api_key (second, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (pd_provider_error_get_provider_message (error), "administrator"));
  g_assert_null (forbidden);
  g_clear_error (&error);

  g_assert_true (revoke_api_key (f->client, created->secret_key, &error));
  g_assert_no_error (error);

  revoked = get_api_key (f->client, created->secret_key, &error);
  g_assert_no_error (error);
  g_assert_false (revoked->active);

  /* A revoked key is refused like a wrong one. */
  g_clear_pointer (&customers, g_ptr_array_unref);
  customers = list_customers (second, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH);
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 401);
  g_assert_null (customers);
  g_clear_error (&error);

  g_assert_false (test_account (second, &error));
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH);
  g_clear_error (&error);

  /* The administrator key cannot revoke itself; unknown keys are 404. */
  g_assert_false (revoke_api_key (f->client, f->api_key, &error));
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_VALIDATION);
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 400);
  g_clear_error (&error);

  unknown = get_api_key (f->client, "sk_test_000000000000000000000000", &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NOT_FOUND);
  g_assert_null (unknown);
  g_clear_error (&error);

  log = dup_captured_log ();
  g_assert_nonnull (strstr (log, "apikeys"));
  g_assert_null (strstr (log, created->secret_key));
  g_assert_null (strstr (log, f->api_key));

  g_assert_finalize_object (g_steal_pointer (&second));
}

static void
test_wrong_key (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PdEoneopayClient) wrong = pd_eoneopay_client_new (f->base_url, "sk_test_WrongWrongWrongWrong");
  g_autoptr(PdEoneopayClient) keyless = pd_eoneopay_client_new (f->base_url, NULL);
  g_autoptr(PdOperation) charge = new_charge (5000, "wrong-key-1");
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GError) error = NULL;

  customers = list_customers (wrong, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH);
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 401);
  g_assert_cmpstr (pd_provider_error_get_provider_message (error), ==, "Invalid API key provided.");
  g_assert_nonnull (strstr (error->message, "EoneoPay"));
  g_assert_null (customers);
  g_clear_error (&error);

  g_assert_false (test_account (wrong, &error));
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH);
  g_clear_error (&error);

  pd_operation_set_field (charge, "token", "1479093065260287");
  result = perform (wrong, charge, NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH);
  g_assert_false (pd_provider_error_is_outcome_unknown (error));
  g_assert_null (result);
  g_clear_error (&error);

  customers = list_customers (keyless, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH);
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 0);
  g_assert_null (customers);
  g_clear_error (&error);

  /* The right key passes the account check. */
  g_assert_true (test_account (f->client, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (ledger_length (f), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&wrong));
  g_assert_finalize_object (g_steal_pointer (&keyless));
}

static void
test_payment_with_card (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(PdOperation) charge = new_charge (74200, "Officia similique quaerat et eaque quo.");
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(PdEoneopayCustomer) holder = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  g_autofree char *card_id = NULL;
  PdTransaction *payment;
  PdMoney expected;
  JsonObject *entry;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  charge->description = g_strdup ("Counter sale");
  pd_operation_set_secret (charge, "card_number", CARD_NUMBER_SPACED);
  pd_operation_set_secret (charge, "cvv", CARD_CVV);
  pd_operation_set_field (charge, "expiry_date", "11/29");
  pd_operation_set_field (charge, "customer_name", "Walk-in Customer");
  pd_operation_set_field (charge, "email", "walkin@example.com.au");

  result = perform (f->client, charge, NULL, &error);
  g_assert_no_error (error);
  payment = result->transaction;

  g_assert_cmpint (payment->kind, ==, PD_TRANSACTION_KIND_PAYMENT);
  g_assert_cmpint (payment->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_true (all_digits (payment->provider_id));
  g_assert_cmpint (g_ascii_strtoll (payment->provider_id, NULL, 10), >=, 273040);
  pd_money_init (&expected, 74200, 2, "AUD");
  g_assert_true (pd_money_equal (&payment->amount, &expected));
  g_assert_cmpuint (payment->amount.scale, ==, 2);
  g_assert_cmpstr (payment->reference, ==, "Officia similique quaerat et eaque quo.");
  g_assert_cmpstr (payment->description, ==, "Counter sale");
  g_assert_cmpstr (payment->card_last4, ==, "4242");
  g_assert_cmpstr (payment->customer_name, ==, "Walk-in Customer");
  g_assert_true (g_str_has_prefix (payment->customer_provider_id, "cus_"));
  g_assert_cmpint (payment->created_at, >=, now - 60);
  g_assert_cmpint (payment->created_at, <=, now + 60);
  g_assert_nonnull (payment->raw_json);
  g_assert_nonnull (strstr (payment->raw_json, payment->provider_id));
  g_assert_nonnull (result->response_json);
  g_assert_cmpuint (result->updated->len, ==, 0);

  /* The number and the code went out once, and came back nowhere. */
  assert_transaction_has_no_card_secrets (payment);
  assert_no_card_secrets (result->response_json);
  log = dup_captured_log ();
  g_assert_nonnull (strstr (log, "POST"));
  g_assert_nonnull (strstr (log, "/payments"));
  assert_no_card_secrets (log);

  /* Exactly one payment moved money, on the card saved for the customer. */
  ledger = pd_test_sandbox_get_ledger (f->sandbox, "eoneopay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
  entry = ledger_entry (ledger, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "operation"), ==, "payment");
  g_assert_cmpstr (json_object_get_string_member (entry, "id"), ==, payment->provider_id);
  g_assert_cmpstr (json_object_get_string_member (entry, "amount"), ==, "742.00");
  g_assert_cmpstr (json_object_get_string_member (entry, "currency"), ==, "AUD");
  g_assert_cmpstr (json_object_get_string_member (entry, "reference"), ==, payment->reference);

  holder = get_customer (f->client, payment->customer_provider_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (holder->customer->name, ==, "Walk-in Customer");
  g_assert_cmpstr (holder->customer->email, ==, "walkin@example.com.au");
  g_assert_cmpuint (holder->cards->len, ==, 1);
  g_assert_cmpstr (((PdCard *)g_ptr_array_index (holder->cards, 0))->last4, ==, "242");
  /* The ledger's target is the token that was charged. */
  card_id = pd_eoneopay_client_card_id_for_token (json_object_get_string_member (entry, "target"));
  g_assert_cmpstr (((PdCard *)g_ptr_array_index (holder->cards, 0))->provider_id, ==, card_id);
}

static void
test_payment_new_card_for_customer (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *customer_id = NULL;
  g_autofree char *token = find_seeded_token (f, FALSE, &customer_id);
  g_autoptr(PdEoneopayCustomer) before = NULL;
  g_autoptr(PdEoneopayCustomer) after = NULL;
  g_autoptr(PdOperation) charge = new_charge (8800, "new-card-1");
  g_autoptr(PdOperation) plain = new_charge (1100, "first-valid-card-1");
  g_autoptr(PdOperation) unsaved = new_charge (1200, "unsaved-card-1");
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *new_card_id = NULL;
  g_autofree char *first_valid_id = NULL;
  g_autofree char *log = NULL;
  guint found = 0;

  before = get_customer (f->client, customer_id, &error);
  g_assert_no_error (error);

  /* A new card for a known customer joins the cards it holds. */
  charge->target_provider_id = g_strdup (customer_id);
  pd_operation_set_secret (charge, "card_number", CARD_NUMBER);
  pd_operation_set_secret (charge, "cvv", CARD_CVV);
  pd_operation_set_secret (charge, "expiry_date", "03/31");
  result = perform (f->client, charge, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (result->transaction->customer_provider_id, ==, customer_id);
  g_assert_cmpstr (result->transaction->customer_name, ==, before->customer->name);
  g_assert_cmpstr (result->transaction->card_last4, ==, "4242");
  assert_transaction_has_no_card_secrets (result->transaction);
  g_clear_pointer (&result, pd_operation_result_free);

  after = get_customer (f->client, customer_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->cards->len, ==, before->cards->len + 1);
  for (guint i = 0; i < before->cards->len; i++)
    {
      PdCard *kept = g_ptr_array_index (before->cards, i);

      for (guint j = 0; j < after->cards->len; j++)
        {
          if (g_strcmp0 (((PdCard *)g_ptr_array_index (after->cards, j))->provider_id, kept->provider_id) == 0)
            found++;
        }
    }
  g_assert_cmpuint (found, ==, before->cards->len);

  ledger = pd_test_sandbox_get_ledger (f->sandbox, "eoneopay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
  new_card_id = pd_eoneopay_client_card_id_for_token (json_object_get_string_member (ledger_entry (ledger, 0), "target"));
  g_assert_cmpstr (((PdCard *)g_ptr_array_index (after->cards, after->cards->len - 1))->provider_id, ==, new_card_id);
  g_clear_pointer (&ledger, json_array_unref);

  /* The customer alone: its first card that has not expired pays. */
  first_valid_id = pd_eoneopay_client_card_id_for_token (token);
  plain->target_provider_id = g_strdup (customer_id);
  result = perform (f->client, plain, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&result, pd_operation_result_free);
  ledger = pd_test_sandbox_get_ledger (f->sandbox, "eoneopay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (ledger_entry (ledger, 1), "target"), ==, token);

  /* Saving the card broke off: nothing was charged, and that is known. */
  pd_test_sandbox_arm_fault (f->sandbox,
                             "{\"provider\":\"eoneopay\",\"method\":\"PUT\",\"path\":\"/customers/*\","
                             "\"count\":1,\"action\":\"drop_after_apply\"}");
  unsaved->target_provider_id = g_strdup (customer_id);
  pd_operation_set_secret (unsaved, "card_number", CARD_NUMBER_SPACED);
  pd_operation_set_secret (unsaved, "cvv", CARD_CVV);
  pd_operation_set_field (unsaved, "expiry_date", "04/31");
  result = perform (f->client, unsaved, NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NETWORK);
  g_assert_false (pd_provider_error_is_outcome_unknown (error));
  g_assert_nonnull (strstr (error->message, "nothing was charged"));
  g_assert_null (result);

  spin_main_loop (100);
  g_assert_cmpuint (ledger_length (f), ==, 2);

  log = dup_captured_log ();
  assert_no_card_secrets (log);
}

static void
test_payment_saved_card_and_refund (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *customer_id = NULL;
  g_autofree char *token = find_seeded_token (f, FALSE, &customer_id);
  g_autofree char *card_id = pd_eoneopay_client_card_id_for_token (token);
  g_autoptr(PdOperation) charge = new_charge (1999, "ref-saved-card-1");
  g_autoptr(PdOperationResult) paid = NULL;
  g_autoptr(PdOperation) refund = NULL;
  g_autoptr(PdOperation) unknown = new_refund ("999999999");
  g_autoptr(PdOperationResult) refunded = NULL;
  g_autoptr(PdOperationResult) again = NULL;
  g_autoptr(PdOperationResult) missing = NULL;
  g_autoptr(PdEoneopayCustomer) holder = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  g_autoptr(GError) error = NULL;
  PdTransaction *payment, *transaction;
  PdCard *card = NULL;

  holder = get_customer (f->client, customer_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < holder->cards->len; i++)
    {
      if (g_strcmp0 (((PdCard *)g_ptr_array_index (holder->cards, i))->provider_id, card_id) == 0)
        card = g_ptr_array_index (holder->cards, i);
    }
  g_assert_nonnull (card);

  /* The customer and the card id: the token is found again. */
  charge->target_provider_id = g_strdup (customer_id);
  pd_operation_set_field (charge, "card", card_id);
  paid = perform (f->client, charge, NULL, &error);
  g_assert_no_error (error);
  payment = paid->transaction;
  g_assert_cmpint (payment->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpint (payment->amount.units, ==, 1999);
  g_assert_cmpstr (payment->amount.currency, ==, "AUD");
  g_assert_cmpstr (payment->customer_provider_id, ==, customer_id);
  g_assert_cmpstr (payment->customer_name, ==, holder->customer->name);
  g_assert_cmpstr (payment->card_last4, ==, card->last4);

  ledger = pd_test_sandbox_get_ledger (f->sandbox, "eoneopay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (ledger_entry (ledger, 0), "target"), ==, token);
  g_clear_pointer (&ledger, json_array_unref);

  refund = new_refund (payment->provider_id);
  refund->amount = payment->amount;
  refunded = perform (f->client, refund, NULL, &error);
  g_assert_no_error (error);
  transaction = refunded->transaction;
  g_assert_cmpint (transaction->kind, ==, PD_TRANSACTION_KIND_REFUND);
  g_assert_cmpint (transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (transaction->parent_provider_id, ==, payment->provider_id);
  g_assert_true (all_digits (transaction->provider_id));
  g_assert_cmpstr (transaction->provider_id, !=, payment->provider_id);
  g_assert_true (pd_money_equal (&transaction->amount, &payment->amount));
  g_assert_cmpstr (transaction->reference, ==, "ref-saved-card-1");
  g_assert_cmpstr (transaction->provider_status, ==, "Payment refunded");
  g_assert_nonnull (transaction->raw_json);

  ledger = pd_test_sandbox_get_ledger (f->sandbox, "eoneopay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (ledger_entry (ledger, 1), "operation"), ==, "refund");
  g_assert_cmpstr (json_object_get_string_member (ledger_entry (ledger, 1), "target"), ==, payment->provider_id);
  g_assert_cmpstr (json_object_get_string_member (ledger_entry (ledger, 1), "id"), ==, transaction->provider_id);

  /* A payment is refunded once. */
  again = perform (f->client, refund, NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_CONFLICT);
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 409);
  g_assert_nonnull (strstr (pd_provider_error_get_provider_message (error), "already refunded"));
  g_assert_false (pd_provider_error_is_outcome_unknown (error));
  g_assert_null (again);
  g_clear_error (&error);

  missing = perform (f->client, unknown, NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NOT_FOUND);
  g_assert_null (missing);
  g_clear_error (&error);

  g_assert_cmpuint (ledger_length (f), ==, 2);
}

static void
test_payment_declined (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *customer_id = NULL;
  g_autofree char *token = find_seeded_token (f, FALSE, &customer_id);
  g_autofree char *expired_token = find_seeded_token (f, TRUE, NULL);
  g_autoptr(PdOperation) poor = new_charge (99999, "declined-1");
  g_autoptr(PdOperation) expired = new_charge (1500, "declined-2");
  g_autoptr(PdOperation) dollars = new_charge (1500, "declined-3");
  g_autoptr(PdOperation) fraction = new_charge (1500, "declined-4");
  g_autoptr(PdOperation) nothing = new_charge (1500, "declined-5");
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(GError) error = NULL;

  pd_operation_set_field (poor, "token", token);
  result = perform (f->client, poor, NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_VALIDATION);
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 402);
  g_assert_cmpstr (pd_provider_error_get_provider_message (error), ==, "Card declined: insufficient funds.");
  g_assert_nonnull (strstr (error->message, "Card declined: insufficient funds."));
  g_assert_false (pd_provider_error_is_outcome_unknown (error));
  g_assert_null (result);
  g_clear_error (&error);

  pd_operation_set_field (expired, "token", expired_token);
  result = perform (f->client, expired, NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_VALIDATION);
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 402);
  g_assert_nonnull (strstr (pd_provider_error_get_provider_message (error), "expired"));
  g_assert_null (result);
  g_clear_error (&error);

  /* Refused before anything is sent. */
  pd_money_init (&dollars->amount, 1500, 2, "USD");
  pd_operation_set_field (dollars, "token", token);
  result = perform (f->client, dollars, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (result);
  g_clear_error (&error);

  pd_money_init (&fraction->amount, 15005, 3, "AUD");
  pd_operation_set_field (fraction, "token", token);
  result = perform (f->client, fraction, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (result);
  g_clear_error (&error);

  result = perform (f->client, nothing, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (result);
  g_clear_error (&error);

  g_assert_cmpuint (ledger_length (f), ==, 0);
}

static void
test_retry_get (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *token = find_seeded_token (f, FALSE, NULL);
  g_autoptr(PdOperation) charge = new_charge (2500, "busy-1");
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(PdTestResponse) faults = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *armed;

  /* A GET changes nothing: two 503s are sat out. */
  pd_test_sandbox_arm_fault (f->sandbox,
                             "{\"provider\":\"eoneopay\",\"method\":\"GET\",\"path\":\"/customers\","
                             "\"count\":2,\"action\":\"status\",\"status\":503}");
  customers = list_customers (f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (customers->len, ==, 10);

  faults = pd_test_sandbox_control (f->sandbox, "GET", "/faults", NULL);
  armed = pd_test_assert_array_member (pd_test_response_get_object (faults), "faults");
  for (guint i = 0; i < json_array_get_length (armed); i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (armed, i), "remaining"), ==, 0);

  /* A payment is not: one 503 and it is given up. Had it been resent, the
   * second attempt would have gone through. */
  pd_test_sandbox_clear_faults (f->sandbox);
  pd_test_sandbox_arm_fault (f->sandbox,
                             "{\"provider\":\"eoneopay\",\"method\":\"POST\",\"path\":\"/payments\","
                             "\"count\":1,\"action\":\"status\",\"status\":503}");
  pd_operation_set_field (charge, "token", token);
  result = perform (f->client, charge, NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_UNAVAILABLE);
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 503);
  g_assert_false (pd_provider_error_is_outcome_unknown (error));
  g_assert_null (result);

  spin_main_loop (100);
  g_assert_cmpuint (ledger_length (f), ==, 0);
}

static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *token = find_seeded_token (f, FALSE, NULL);
  g_autoptr(PdOperation) charge = new_charge (3100, "garbled-1");
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(PdPage) page = NULL;
  g_autoptr(GError) error = NULL;

  pd_test_sandbox_arm_fault (f->sandbox,
                             "{\"provider\":\"eoneopay\",\"method\":\"GET\",\"path\":\"/customers\","
                             "\"count\":2,\"action\":\"malformed\"}");
  customers = list_customers (f->client, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_MALFORMED);
  g_assert_false (pd_provider_error_is_outcome_unknown (error));
  g_assert_null (customers);
  g_clear_error (&error);

  page = fetch_page (f->client, "customers", &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_MALFORMED);
  g_assert_null (page);
  g_clear_error (&error);

  /* An unreadable answer to a payment: applied, but not known to be. */
  pd_test_sandbox_arm_fault (f->sandbox,
                             "{\"provider\":\"eoneopay\",\"method\":\"POST\",\"path\":\"/payments\","
                             "\"count\":1,\"action\":\"malformed\"}");
  pd_operation_set_field (charge, "token", token);
  result = perform (f->client, charge, NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_MALFORMED);
  g_assert_true (pd_provider_error_is_outcome_unknown (error));
  g_assert_null (result);

  spin_main_loop (100);
  g_assert_cmpuint (ledger_length (f), ==, 1);
}

static void
test_drop_after_apply (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *token = find_seeded_token (f, FALSE, NULL);
  g_autoptr(PdOperation) charge = new_charge (4700, "dropped-1");
  g_autoptr(PdOperation) refund = NULL;
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *entry;

  pd_test_sandbox_arm_fault (f->sandbox,
                             "{\"provider\":\"eoneopay\",\"method\":\"POST\",\"path\":\"/payments\","
                             "\"count\":1,\"action\":\"drop_after_apply\"}");
  pd_operation_set_field (charge, "token", token);
  result = perform (f->client, charge, NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NETWORK);
  g_assert_true (pd_provider_error_is_outcome_unknown (error));
  g_assert_nonnull (strstr (error->message, "may have been applied"));
  g_assert_null (result);
  g_clear_error (&error);

  /* Applied once, and not sent again: nothing is pending either. */
  spin_main_loop (200);
  ledger = pd_test_sandbox_get_ledger (f->sandbox, "eoneopay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
  entry = ledger_entry (ledger, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "operation"), ==, "payment");
  g_assert_cmpstr (json_object_get_string_member (entry, "reference"), ==, "dropped-1");
  g_assert_cmpstr (json_object_get_string_member (entry, "amount"), ==, "47.00");

  /* The same for a refund, a DELETE, sent right after a GET left a
   * kept-alive connection behind: libsoup would resend a DELETE that broke
   * on a reused connection, and the resend would read "already refunded". */
  customers = list_customers (f->client, &error);
  g_assert_no_error (error);
  refund = new_refund (json_object_get_string_member (entry, "id"));
  pd_test_sandbox_arm_fault (f->sandbox,
                             "{\"provider\":\"eoneopay\",\"method\":\"DELETE\",\"path\":\"/payments/*\","
                             "\"count\":1,\"action\":\"drop_after_apply\"}");
  result = perform (f->client, refund, NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NETWORK);
  g_assert_true (pd_provider_error_is_outcome_unknown (error));
  g_assert_null (result);

  spin_main_loop (200);
  g_clear_pointer (&ledger, json_array_unref);
  ledger = pd_test_sandbox_get_ledger (f->sandbox, "eoneopay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (ledger_entry (ledger, 1), "operation"), ==, "refund");
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PdOperation) charge = new_charge (1200, "cancelled-1");
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(GError) error = NULL;

  pd_operation_set_field (charge, "token", "1479093065260287");
  g_cancellable_cancel (cancellable);
  result = perform (f->client, charge, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result);

  g_assert_cmpuint (ledger_length (f), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_log, NULL, NULL);
  g_log_set_debug_enabled (TRUE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/eoneopay-client/capabilities", test_capabilities);
  ADD ("/eoneopay-client/customers/list", test_customers_list);
  ADD ("/eoneopay-client/customers/crud", test_customers_crud);
  ADD ("/eoneopay-client/api-keys", test_api_keys);
  ADD ("/eoneopay-client/auth/wrong-key", test_wrong_key);
  ADD ("/eoneopay-client/payments/card-number", test_payment_with_card);
  ADD ("/eoneopay-client/payments/new-card-for-customer", test_payment_new_card_for_customer);
  ADD ("/eoneopay-client/payments/saved-card-and-refund", test_payment_saved_card_and_refund);
  ADD ("/eoneopay-client/payments/declined", test_payment_declined);
  ADD ("/eoneopay-client/faults/retry-get", test_retry_get);
  ADD ("/eoneopay-client/faults/malformed", test_malformed);
  ADD ("/eoneopay-client/faults/drop-after-apply", test_drop_after_apply);
  ADD ("/eoneopay-client/cancelled", test_cancelled);

#undef ADD

  status = g_test_run ();
  g_string_free (captured_log, TRUE);

  return status;
}

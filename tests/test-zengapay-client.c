/* test-zengapay-client.c - the ZengaPay client against the sandbox over loopback
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gstdio.h>

#include "pd-json.h"
#include "pd-outbox.h"
#include "pd-provider-registry.h"
#include "pd-store.h"
#include "pd-sync.h"
#include "pd-test-sandbox.h"
#include "pd-zengapay-client.h"
#include "pd-zengapay-statement.h"
#include "pd-zengapay-webhook.h"

typedef struct
{
  PdTestSandbox    *sandbox;
  PdZengapayClient *client;
  PdProvider       *provider;
  char             *dir;
  PdStore          *store;
  gint64            account_id;
} Fixture;

/* Retries in milliseconds, not seconds, so the fault tests stay quick. */
static void
make_retries_quick (PdZengapayClient *client)
{
  PdHttpClient *http = pd_zengapay_client_get_http_client (client);

  pd_http_client_set_retry_delay (http, 10);
  pd_http_client_set_max_retry_delay (http, 40);
  pd_http_client_set_timeout (http, 15000);
}

static PdZengapayClient *
new_client (PdTestSandbox *sandbox,
            const char    *token)
{
  PdZengapayClient *client;

  client = pd_zengapay_client_new (pd_test_sandbox_get_base_url (sandbox, "zengapay"),
                                   token != NULL ? token
                                                 : pd_test_sandbox_get_credential (sandbox, "zengapay", "token"));
  make_retries_quick (client);

  return client;
}

static const char *
secret_hash (Fixture *fixture)
{
  return pd_test_sandbox_get_credential (fixture->sandbox, "zengapay", "secret_hash");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(PdAccount) account = pd_account_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->sandbox = pd_test_sandbox_start (NULL);
  fixture->client = new_client (fixture->sandbox, NULL);
  fixture->provider = PD_PROVIDER (fixture->client);

  fixture->dir = g_dir_make_tmp ("paydesk-zengapay-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "paydesk.db", NULL);
  fixture->store = pd_store_new_for_path (path, &error);
  g_assert_no_error (error);

  account->provider = g_strdup ("zengapay");
  account->label = g_strdup ("Kampala shop");
  account->base_url = g_strdup (pd_test_sandbox_get_base_url (fixture->sandbox, "zengapay"));
  account->mode = PD_ACCOUNT_MODE_TEST;
  g_assert_true (pd_store_add_account (fixture->store, account, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (account->timezone, ==, "Africa/Kampala");
  fixture->account_id = account->id;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_assert_finalize_object (fixture->client);
  g_assert_finalize_object (fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
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

/* Every page of a resource, as the sync engine walks it. */
static GPtrArray *
fetch_all (PdProvider *provider,
           const char *resource,
           guint      *n_pages)
{
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_page_unref);
  g_autofree char *cursor = NULL;

  do
    {
      g_autoptr(GError) error = NULL;
      PdPage *page = fetch_page (provider, resource, cursor, &error);

      g_assert_no_error (error);
      g_assert_nonnull (page);
      g_assert_cmpstr (page->resource, ==, resource);
      g_ptr_array_add (pages, page);
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
    }
  while (cursor != NULL);

  if (n_pages != NULL)
    *n_pages = pages->len;

  return pages;
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
check_account (PdProvider  *provider,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_provider_test_async (provider, NULL, on_ready, &result);
  return pd_provider_test_finish (provider, wait_for (&result), error);
}

static PdTransaction *
get_transaction (PdZengapayClient   *client,
                 PdZengapayProduct   product,
                 const char         *reference,
                 GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_zengapay_client_get_transaction_async (client, product, reference, NULL, on_ready, &result);
  return pd_zengapay_client_get_transaction_finish (client, wait_for (&result), error);
}

static GPtrArray *
list_networks (PdZengapayClient  *client,
               GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_zengapay_client_list_networks_async (client, NULL, on_ready, &result);
  return pd_zengapay_client_list_networks_finish (client, wait_for (&result), error);
}

static PdZengapayNetwork *
get_network (PdZengapayClient  *client,
             gint64             id,
             GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_zengapay_client_get_network_async (client, id, NULL, on_ready, &result);
  return pd_zengapay_client_get_network_finish (client, wait_for (&result), error);
}

static PdCustomer *
get_contact (PdZengapayClient  *client,
             const char        *id,
             GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_zengapay_client_get_contact_async (client, id, NULL, on_ready, &result);
  return pd_zengapay_client_get_contact_finish (client, wait_for (&result), error);
}

static PdCustomer *
create_contact (PdZengapayClient  *client,
                const char        *phone,
                const char        *first_name,
                const char        *last_name,
                const char        *email,
                GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_zengapay_client_create_contact_async (client, phone, first_name, last_name, email,
                                           NULL, on_ready, &result);
  return pd_zengapay_client_create_contact_finish (client, wait_for (&result), error);
}

static PdCustomer *
update_contact (PdZengapayClient  *client,
                const char        *id,
                const char        *phone,
                const char        *first_name,
                const char        *last_name,
                const char        *email,
                GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_zengapay_client_update_contact_async (client, id, phone, first_name, last_name, email,
                                           NULL, on_ready, &result);
  return pd_zengapay_client_update_contact_finish (client, wait_for (&result), error);
}

static PdZengapayAccount *
get_account (PdZengapayClient  *client,
             GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_zengapay_client_get_account_async (client, NULL, on_ready, &result);
  return pd_zengapay_client_get_account_finish (client, wait_for (&result), error);
}

static GPtrArray *
get_balances (PdZengapayClient  *client,
              GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_zengapay_client_get_balances_async (client, NULL, on_ready, &result);
  return pd_zengapay_client_get_balances_finish (client, wait_for (&result), error);
}

static PdPage *
fetch_statement (PdZengapayClient                 *client,
                 const PdZengapayStatementFilter  *filter,
                 guint                             page,
                 guint                            *last_page,
                 guint                            *total,
                 GError                          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_zengapay_client_fetch_statement_async (client, filter, page, NULL, on_ready, &result);
  return pd_zengapay_client_fetch_statement_finish (client, wait_for (&result), last_page, total, error);
}

static PdZengapayStatementSync *
sync_statement (Fixture                          *fixture,
                const PdZengapayStatementFilter  *filter,
                GCancellable                     *cancellable,
                GError                          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_zengapay_client_sync_statement_async (fixture->client, fixture->store, fixture->account_id,
                                           filter, cancellable, on_ready, &result);
  return pd_zengapay_client_sync_statement_finish (fixture->client, wait_for (&result), error);
}

/* Operations */

static char *
new_reference (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("PD-%.18s", uuid);
}

static PdOperation *
new_operation (Fixture         *fixture,
               PdOperationKind  kind,
               const char      *phone,
               const char      *amount)
{
  PdOperation *operation = pd_operation_new (kind, fixture->account_id);
  g_autoptr(GError) error = NULL;

  operation->reference = new_reference ();
  operation->idempotency_key = g_uuid_string_random ();
  operation->description = g_strdup ("Clearing Invoice - #0000001889191");
  pd_operation_set_field (operation, "phone", phone);
  g_assert_true (pd_money_parse (amount, "UGX", &operation->amount, &error));
  g_assert_no_error (error);

  return operation;
}

/* The sandbox ledger's entries for one external reference. */
static guint
ledger_count (Fixture    *fixture,
              const char *operation,
              const char *reference)
{
  g_autoptr(JsonArray) ledger = pd_test_sandbox_get_ledger (fixture->sandbox, "zengapay");
  guint count = 0;

  for (guint i = 0; i < json_array_get_length (ledger); i++)
    {
      JsonObject *entry = json_array_get_object_element (ledger, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "reference"), reference) == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (entry, "operation"), ==, operation);
          count++;
        }
    }

  return count;
}

static void
store_transaction (Fixture       *fixture,
                   PdTransaction *transaction)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (records, transaction);
  g_assert_true (pd_store_upsert_transactions (fixture->store, fixture->account_id, records, NULL, &error));
  g_assert_no_error (error);
}

static PdTransaction *
stored_transaction (Fixture           *fixture,
                    PdTransactionKind  kind,
                    const char        *provider_id)
{
  g_autoptr(GError) error = NULL;
  PdTransaction *transaction;

  transaction = pd_store_find_transaction (fixture->store, fixture->account_id, kind, provider_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (transaction);

  return transaction;
}

/* The outbox */

static PdOutboxEntry *
submit (PdOutbox          *outbox,
        const PdOperation *operation)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PdOutboxEntry *entry;

  pd_outbox_submit_async (outbox, operation, NULL, on_ready, &result);
  entry = pd_outbox_submit_finish (outbox, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);

  return entry;
}

static guint
poll_pending (PdOutbox *outbox)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n_pending = G_MAXUINT;

  pd_outbox_poll_pending_async (outbox, NULL, on_ready, &result);
  g_assert_true (pd_outbox_poll_pending_finish (outbox, wait_for (&result), &n_pending, &error));
  g_assert_no_error (error);

  return n_pending;
}

static GPtrArray *
reconcile (PdOutbox *outbox)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  pd_outbox_reconcile_async (outbox, NULL, on_ready, &result);
  entries = pd_outbox_reconcile_finish (outbox, wait_for (&result), &error);
  g_assert_no_error (error);

  return entries;
}

/* Lets the outbox's poll interval pass. */
static void
spin (guint milliseconds)
{
  gint64 until = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

/* Raw JSON */

static char *
raw_member (const char *raw_json,
            const char *member)
{
  g_autofree char *pattern = g_strdup_printf ("\"%s\":", member);
  const char *start = strstr (raw_json, pattern);
  const char *end;

  g_assert_nonnull (start);
  start += strlen (pattern);
  end = start + strcspn (start, ",}");

  return g_strndup (start, end - start);
}

static gint64
kampala_time (const char *text)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (3 * 3600);
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *iso = g_strdup (text);

  iso[10] = 'T';
  time = g_date_time_new_from_iso8601 (iso, tz);
  g_assert_nonnull (time);

  return g_date_time_to_unix (time);
}

/* Tests: the provider interface */

static void
test_interface (Fixture       *fixture,
                gconstpointer  user_data)
{
  const char * const *resources = pd_provider_get_resources (fixture->provider);
  const char * const expected[] = {
    "contacts", "collections", "transfers", "airtime", "bundles", "statement", "balances", NULL
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (g_strv_equal ((const char * const *)resources, expected));
  g_assert_cmpuint (pd_provider_get_views (fixture->provider), ==,
                    PD_PROVIDER_VIEW_CUSTOMERS | PD_PROVIDER_VIEW_CHARGES |
                    PD_PROVIDER_VIEW_DISBURSEMENTS | PD_PROVIDER_VIEW_STATEMENTS |
                    PD_PROVIDER_VIEW_BALANCES);

  g_assert_true (pd_provider_can_perform (fixture->provider, PD_OPERATION_COLLECTION));
  g_assert_true (pd_provider_can_perform (fixture->provider, PD_OPERATION_TRANSFER));
  g_assert_true (pd_provider_can_perform (fixture->provider, PD_OPERATION_TOPUP));
  g_assert_true (pd_provider_can_perform (fixture->provider, PD_OPERATION_DISBURSEMENT));
  g_assert_false (pd_provider_can_perform (fixture->provider, PD_OPERATION_REFUND));
  g_assert_false (pd_provider_can_perform (fixture->provider, PD_OPERATION_CHARGE));

  g_assert_cmpint (pd_provider_get_reconcile_method (fixture->provider, PD_OPERATION_COLLECTION), ==,
                   PD_RECONCILE_LOOKUP);
  g_assert_cmpint (pd_provider_get_reconcile_method (fixture->provider, PD_OPERATION_TRANSFER), ==,
                   PD_RECONCILE_LOOKUP);
  g_assert_cmpint (pd_provider_get_reconcile_method (fixture->provider, PD_OPERATION_TOPUP), ==,
                   PD_RECONCILE_LOOKUP);
  g_assert_cmpint (pd_provider_get_reconcile_method (fixture->provider, PD_OPERATION_REFUND), ==,
                   PD_RECONCILE_NONE);

  g_assert_true (check_account (fixture->provider, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (pd_zengapay_client_get_timezone (fixture->client), ==, "Africa/Kampala");
}

static void
test_unknown_resource (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPage) page = NULL;

  page = fetch_page (fixture->provider, "refunds", NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_null (page);
  g_clear_error (&error);

  page = fetch_page (fixture->provider, "collections", "zero", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (page);
}

/* Lists */

static guint
sandbox_total (Fixture    *fixture,
               const char *path,
               const char *member)
{
  g_autofree char *url = pd_test_sandbox_url (fixture->sandbox, "zengapay", path);
  g_autofree char *authorization =
    g_strconcat ("Bearer ", pd_test_sandbox_get_credential (fixture->sandbox, "zengapay", "token"), NULL);
  const char *headers[] = { "Authorization", authorization, NULL };
  PdTestRequest request = { .method = "GET", .url = url, .headers = headers };
  g_autoptr(PdTestResponse) response = pd_test_sandbox_send (fixture->sandbox, &request);
  JsonObject *envelope;

  g_assert_cmpuint (response->status, ==, 200);
  envelope = pd_test_assert_object_member (pd_test_response_get_object (response), member);

  return (guint)pd_test_assert_int_member (envelope, "total");
}

static void
check_transaction_list (Fixture           *fixture,
                        const char        *resource,
                        PdTransactionKind  kind,
                        gboolean           expect_waiting)
{
  g_autofree char *path = g_strdup_printf ("/%s", resource);
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_pages = 0, total = 0, waiting = 0;
  guint scales[3] = { 0, };

  pages = fetch_all (fixture->provider, resource, &n_pages);

  for (guint p = 0; p < pages->len; p++)
    {
      PdPage *page = g_ptr_array_index (pages, p);

      if (p + 1 < pages->len)
        g_assert_cmpuint (page->transactions->len, ==, 25);

      for (guint i = 0; i < page->transactions->len; i++)
        {
          PdTransaction *transaction = g_ptr_array_index (page->transactions, i);
          g_autofree char *amount = NULL;
          g_autofree char *plain = NULL;
          g_autofree char *initiated = NULL;

          g_assert_cmpint (transaction->kind, ==, kind);
          g_assert_true (g_hash_table_add (seen, transaction->provider_id));
          g_assert_cmpuint (strlen (transaction->provider_id), ==, 36);
          g_assert_nonnull (transaction->reference);
          g_assert_nonnull (transaction->phone);
          g_assert_true (g_str_has_prefix (transaction->phone, "2567"));
          g_assert_cmpstr (transaction->amount.currency, ==, "UGX");
          g_assert_nonnull (transaction->counterparty);
          g_assert_nonnull (transaction->raw_json);

          /* The raw JSON is the record's own bytes: whole, and its own. */
          {
            g_autoptr(JsonNode) raw = pd_json_parse (transaction->raw_json, -1, NULL);

            g_assert_nonnull (raw);
            g_assert_cmpstr (pd_json_get_string (json_node_get_object (raw), "transactionReference"), ==,
                             transaction->provider_id);
            g_assert_cmpstr (pd_json_get_string (json_node_get_object (raw), "transactionExternalNarrative"), ==,
                             transaction->description);
          }

          /* The amount is exactly the literal ZengaPay sent, in its form. */
          amount = raw_member (transaction->raw_json, "amount");
          plain = pd_money_to_plain (&transaction->amount);
          g_assert_cmpstr (amount, ==, plain);
          g_assert_cmpuint (transaction->amount.scale, <=, 2);
          scales[transaction->amount.scale]++;

          /* Times without a zone are Kampala's. */
          initiated = raw_member (transaction->raw_json, "transactionInitiationDate");
          initiated[strlen (initiated) - 1] = '\0';
          g_assert_cmpint (transaction->created_at, ==, kampala_time (initiated + 1));

          switch (transaction->state)
            {
            case PD_TRANSACTION_STATE_SUCCEEDED:
              g_assert_cmpstr (transaction->provider_status, ==, "SUCCEEDED");
              g_assert_cmpint (transaction->updated_at, >=, transaction->created_at);
              break;
            case PD_TRANSACTION_STATE_FAILED:
              g_assert_cmpstr (transaction->provider_status, ==, "FAILED");
              break;
            case PD_TRANSACTION_STATE_PENDING:
              g_assert_cmpstr (transaction->provider_status, ==, "PENDING");
              g_assert_cmpint (transaction->updated_at, ==, 0);
              waiting++;
              break;
            case PD_TRANSACTION_STATE_INDETERMINATE:
              g_assert_cmpstr (transaction->provider_status, ==, "INDETERMINATE");
              g_assert_cmpint (transaction->updated_at, ==, 0);
              waiting++;
              break;
            case PD_TRANSACTION_STATE_REFUNDED:
            case PD_TRANSACTION_STATE_PARTIALLY_REFUNDED:
            default:
              g_assert_not_reached ();
            }
          total++;
        }
    }

  g_assert_cmpuint (total, ==, sandbox_total (fixture, path, resource));
  g_assert_cmpuint (n_pages, ==, (total + 24) / 25);
  if (expect_waiting)
    {
      /* The newest collection waits for the customer, the one before it
       * is INDETERMINATE; and all three forms of amount are there. */
      g_assert_cmpuint (waiting, ==, 2);
      g_assert_cmpuint (scales[0], >, 0);
      g_assert_cmpuint (scales[1], >, 0);
      g_assert_cmpuint (scales[2], >, 0);
    }
}

static void
test_list_collections (Fixture       *fixture,
                       gconstpointer  user_data)
{
  check_transaction_list (fixture, "collections", PD_TRANSACTION_KIND_COLLECTION, TRUE);
}

static void
test_list_transfers (Fixture       *fixture,
                     gconstpointer  user_data)
{
  check_transaction_list (fixture, "transfers", PD_TRANSACTION_KIND_TRANSFER, FALSE);
}

static void
test_list_airtime_bundles (Fixture       *fixture,
                           gconstpointer  user_data)
{
  check_transaction_list (fixture, "airtime", PD_TRANSACTION_KIND_TOPUP, FALSE);
  check_transaction_list (fixture, "bundles", PD_TRANSACTION_KIND_TOPUP, FALSE);
}

static void
test_get_transactions (Fixture       *fixture,
                       gconstpointer  user_data)
{
  static const struct
  {
    const char        *resource;
    PdZengapayProduct  product;
  } products[] = {
    { "collections", PD_ZENGAPAY_PRODUCT_COLLECTION },
    { "transfers", PD_ZENGAPAY_PRODUCT_TRANSFER },
    { "airtime", PD_ZENGAPAY_PRODUCT_AIRTIME },
    { "bundles", PD_ZENGAPAY_PRODUCT_BUNDLE },
  };

  for (guint k = 0; k < G_N_ELEMENTS (products); k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdPage) page = fetch_page (fixture->provider, products[k].resource, NULL, &error);
      g_autoptr(PdTransaction) fetched = NULL;
      PdTransaction *listed;

      g_assert_no_error (error);
      g_assert_cmpuint (page->transactions->len, >, 0);
      listed = g_ptr_array_index (page->transactions, 0);

      fetched = get_transaction (fixture->client, products[k].product, listed->provider_id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (fetched->provider_id, ==, listed->provider_id);
      g_assert_cmpint (fetched->kind, ==, listed->kind);
      g_assert_cmpint (fetched->state, ==, listed->state);
      g_assert_cmpstr (fetched->reference, ==, listed->reference);
      g_assert_true (pd_money_equal (&fetched->amount, &listed->amount));
      g_assert_cmpuint (fetched->amount.scale, ==, listed->amount.scale);
      g_assert_cmpint (fetched->created_at, ==, listed->created_at);
      g_assert_cmpstr (fetched->phone, ==, listed->phone);
      g_assert_cmpstr (fetched->description, ==, listed->description);
      g_clear_pointer (&fetched, pd_transaction_free);

      /* A collection's reference is not a transfer's. */
      fetched = get_transaction (fixture->client, (products[k].product + 1) % 4, listed->provider_id,
                                 &error);
      g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NOT_FOUND);
      g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 404);
      g_assert_null (fetched);
    }
}

/* Money moving */

/* The Done-when case: a collection the customer approves later, through
 * the outbox: written, sent once, polled until final. */
static void
test_collection_outbox (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(PdOutbox) outbox = pd_outbox_new (fixture->store, fixture->provider, fixture->account_id);
  g_autoptr(PdOperation) operation = new_operation (fixture, PD_OPERATION_COLLECTION,
                                                    "256772123456", "186600.00");
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(PdTransaction) before = NULL;
  g_autoptr(PdTransaction) after = NULL;

  pd_outbox_set_poll_interval (outbox, 50);
  entry = submit (outbox, operation);
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_cmpuint (entry->attempts, ==, 1);
  g_assert_cmpuint (strlen (entry->result_provider_id), ==, 36);

  before = stored_transaction (fixture, PD_TRANSACTION_KIND_COLLECTION, entry->result_provider_id);
  g_assert_cmpint (before->state, ==, PD_TRANSACTION_STATE_PENDING);
  g_assert_cmpint (before->id, ==, entry->transaction_id);
  g_assert_cmpstr (before->reference, ==, operation->reference);

  /* Looked up at once: the customer has not approved yet. */
  g_assert_cmpuint (poll_pending (outbox), ==, 1);
  g_assert_cmpuint (ledger_count (fixture, "collection", operation->reference), ==, 0);

  pd_test_sandbox_advance_clock (fixture->sandbox, 30);
  spin (80);
  g_assert_cmpuint (poll_pending (outbox), ==, 0);

  after = stored_transaction (fixture, PD_TRANSACTION_KIND_COLLECTION, entry->result_provider_id);
  g_assert_cmpint (after->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpint (after->id, ==, before->id);
  g_assert_cmpint (after->amount.units, ==, 18660000);
  g_assert_cmpuint (after->amount.scale, ==, 2);
  g_assert_cmpuint (ledger_count (fixture, "collection", operation->reference), ==, 1);

  /* Nothing left to poll, and nothing was sent again. */
  g_assert_cmpuint (poll_pending (outbox), ==, 0);
  g_assert_cmpuint (ledger_count (fixture, "collection", operation->reference), ==, 1);
}

/* The answer to the POST is lost: the outbox reconciles by look-up. */
static void
test_collection_outbox_lost_answer (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  g_autoptr(PdOutbox) outbox = pd_outbox_new (fixture->store, fixture->provider, fixture->account_id);
  g_autoptr(PdOperation) operation = new_operation (fixture, PD_OPERATION_TRANSFER,
                                                    "256752329361", "4500");
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(PdOutboxEntry) settled = NULL;
  g_autoptr(PdTransaction) stored = NULL;
  g_autoptr(GPtrArray) reconciled = NULL;
  g_autoptr(GError) error = NULL;

  pd_outbox_set_poll_interval (outbox, 50);
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"zengapay\",\"method\":\"POST\",\"path\":\"/v1/transfers\","
                             "\"action\":\"drop_after_apply\"}");

  entry = submit (outbox, operation);
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_UNKNOWN);

  reconciled = reconcile (outbox);
  g_assert_cmpuint (reconciled->len, ==, 1);
  settled = pd_store_outbox_get (fixture->store, entry->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (settled->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_cmpuint (settled->attempts, ==, 1);

  pd_test_sandbox_advance_clock (fixture->sandbox, 30);
  spin (80);
  g_assert_cmpuint (poll_pending (outbox), ==, 0);

  stored = stored_transaction (fixture, PD_TRANSACTION_KIND_TRANSFER, settled->result_provider_id);
  g_assert_cmpint (stored->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpuint (ledger_count (fixture, "transfer", operation->reference), ==, 1);
}

static void
test_collection_settles (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(PdOperation) operation = new_operation (fixture, PD_OPERATION_COLLECTION,
                                                    "+256 772 123 456", "186600.00");
  g_autoptr(PdOperationResult) sent = NULL;
  g_autoptr(PdOperationResult) polled = NULL;
  g_autoptr(PdTransaction) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *amount = NULL;
  guint polls = 0;

  sent = perform (fixture->provider, operation, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sent->transaction);
  g_assert_cmpint (sent->transaction->kind, ==, PD_TRANSACTION_KIND_COLLECTION);
  g_assert_cmpint (sent->transaction->state, ==, PD_TRANSACTION_STATE_PENDING);
  g_assert_cmpstr (sent->transaction->reference, ==, operation->reference);
  g_assert_cmpstr (sent->transaction->phone, ==, "256772123456");
  g_assert_cmpstr (sent->transaction->counterparty, ==, "MTN Mobile Money");
  g_assert_cmpstr (sent->transaction->description, ==, operation->description);
  g_assert_nonnull (strstr (sent->response_json, "Transaction Initiated"));

  /* Sent in the form it had, and read back the same. */
  amount = raw_member (sent->transaction->raw_json, "amount");
  g_assert_cmpstr (amount, ==, "186600.00");
  g_assert_cmpint (sent->transaction->amount.units, ==, 18660000);
  g_assert_cmpuint (sent->transaction->amount.scale, ==, 2);

  store_transaction (fixture, sent->transaction);
  g_assert_cmpuint (ledger_count (fixture, "collection", operation->reference), ==, 0);

  /* The customer approves within 20 s of the simulated clock; polling
   * looks it up until it is final, and never sends it again. */
  for (;;)
    {
      g_clear_pointer (&polled, pd_operation_result_free);
      polled = lookup (fixture->provider, operation, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (polled->transaction->provider_id, ==, sent->transaction->provider_id);
      store_transaction (fixture, polled->transaction);
      polls++;

      if (polled->transaction->state != PD_TRANSACTION_STATE_PENDING)
        break;

      g_assert_cmpuint (polls, <, 5);
      pd_test_sandbox_advance_clock (fixture->sandbox, 10);
    }

  g_assert_cmpuint (polls, >, 1);
  g_assert_cmpint (polled->transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpint (polled->transaction->updated_at, >, 0);

  stored = stored_transaction (fixture, PD_TRANSACTION_KIND_COLLECTION, sent->transaction->provider_id);
  g_assert_cmpint (stored->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (stored->provider_status, ==, "SUCCEEDED");
  g_assert_cmpstr (stored->reference, ==, operation->reference);
  g_assert_cmpint (stored->amount.units, ==, 18660000);
  g_assert_cmpuint (stored->amount.scale, ==, 2);

  g_assert_cmpuint (ledger_count (fixture, "collection", operation->reference), ==, 1);
}

static PdOperationResult *
perform_and_settle (Fixture           *fixture,
                    const PdOperation *operation,
                    gint64             seconds)
{
  g_autoptr(PdOperationResult) sent = NULL;
  g_autoptr(GError) error = NULL;
  PdOperationResult *settled;

  sent = perform (fixture->provider, operation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sent->transaction->state, ==, PD_TRANSACTION_STATE_PENDING);

  pd_test_sandbox_advance_clock (fixture->sandbox, seconds);
  settled = lookup (fixture->provider, operation, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (settled->transaction->provider_id, ==, sent->transaction->provider_id);

  return settled;
}

static void
test_transfer_airtime_bundle (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(PdOperation) transfer = new_operation (fixture, PD_OPERATION_TRANSFER, "0752329361", "3200");
  g_autoptr(PdOperation) disbursement = new_operation (fixture, PD_OPERATION_DISBURSEMENT,
                                                       "256755329361", "2700.5");
  g_autoptr(PdOperation) airtime = new_operation (fixture, PD_OPERATION_TOPUP, "256775203801", "5000");
  g_autoptr(PdOperation) bundle = new_operation (fixture, PD_OPERATION_TOPUP, "256785203801", "25000");
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(PdTransaction) fetched = NULL;
  g_autoptr(GError) error = NULL;

  pd_operation_set_field (bundle, "product", "bundle");

  result = perform_and_settle (fixture, transfer, 30);
  g_assert_cmpint (result->transaction->kind, ==, PD_TRANSACTION_KIND_TRANSFER);
  g_assert_cmpint (result->transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (result->transaction->phone, ==, "256752329361");
  g_assert_cmpstr (result->transaction->counterparty, ==, "Airtel Money");
  g_assert_nonnull (strstr (result->transaction->raw_json, "OUTBOUND_MSISDN_DEBIT"));
  g_assert_cmpuint (ledger_count (fixture, "transfer", transfer->reference), ==, 1);
  g_clear_pointer (&result, pd_operation_result_free);

  /* A disbursement is a transfer, stored as one. */
  result = perform_and_settle (fixture, disbursement, 30);
  g_assert_cmpint (result->transaction->kind, ==, PD_TRANSACTION_KIND_TRANSFER);
  g_assert_cmpint (result->transaction->amount.units, ==, 27005);
  g_assert_cmpuint (result->transaction->amount.scale, ==, 1);
  g_assert_cmpuint (ledger_count (fixture, "transfer", disbursement->reference), ==, 1);
  g_clear_pointer (&result, pd_operation_result_free);

  result = perform_and_settle (fixture, airtime, 30);
  g_assert_cmpint (result->transaction->kind, ==, PD_TRANSACTION_KIND_TOPUP);
  g_assert_cmpint (result->transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_nonnull (strstr (result->transaction->raw_json, "OUTBOUND_AIRTIME_DEBIT"));
  g_assert_cmpuint (ledger_count (fixture, "airtime", airtime->reference), ==, 1);
  g_clear_pointer (&result, pd_operation_result_free);

  result = perform_and_settle (fixture, bundle, 30);
  g_assert_cmpint (result->transaction->kind, ==, PD_TRANSACTION_KIND_TOPUP);
  g_assert_cmpint (result->transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_nonnull (strstr (result->transaction->raw_json, "OUTBOUND_BUNDLE_DEBIT"));
  g_assert_cmpuint (ledger_count (fixture, "bundle", bundle->reference), ==, 1);

  /* It went to /bundles, not /airtime. */
  fetched = get_transaction (fixture->client, PD_ZENGAPAY_PRODUCT_BUNDLE,
                             result->transaction->provider_id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&fetched, pd_transaction_free);
  fetched = get_transaction (fixture->client, PD_ZENGAPAY_PRODUCT_AIRTIME,
                             result->transaction->provider_id, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NOT_FOUND);
}

static void
test_failed_and_indeterminate (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(PdOperation) declined = new_operation (fixture, PD_OPERATION_COLLECTION, "256772123999", "50000");
  g_autoptr(PdOperation) slow = new_operation (fixture, PD_OPERATION_COLLECTION, "256702123888", "7450.5");
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = perform_and_settle (fixture, declined, 30);
  g_assert_cmpint (result->transaction->state, ==, PD_TRANSACTION_STATE_FAILED);
  g_assert_cmpstr (result->transaction->provider_status, ==, "FAILED");
  g_assert_cmpuint (ledger_count (fixture, "collection", declined->reference), ==, 0);
  g_clear_pointer (&result, pd_operation_result_free);

  result = perform_and_settle (fixture, slow, 30);
  g_assert_cmpint (result->transaction->state, ==, PD_TRANSACTION_STATE_INDETERMINATE);
  g_assert_cmpstr (result->transaction->provider_status, ==, "INDETERMINATE");
  g_clear_pointer (&result, pd_operation_result_free);

  /* Resolved within the day. */
  pd_test_sandbox_advance_clock (fixture->sandbox, 6 * 60 * 60);
  result = lookup (fixture->provider, slow, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpuint (ledger_count (fixture, "collection", slow->reference), ==, 1);
}

static void
test_refused_locally (Fixture       *fixture,
                      gconstpointer  user_data)
{
  static const struct
  {
    PdOperationKind  kind;
    const char      *phone;
    const char      *amount;
    const char      *currency;
    gboolean         no_reference;
    gboolean         no_narration;
    const char      *product;
    int              code;
  } cases[] = {
    { PD_OPERATION_COLLECTION, "256712345678", "5000", "UGX", FALSE, FALSE, NULL, G_IO_ERROR_INVALID_ARGUMENT },
    { PD_OPERATION_COLLECTION, "+254 712 345 678", "5000", "UGX", FALSE, FALSE, NULL, G_IO_ERROR_INVALID_ARGUMENT },
    { PD_OPERATION_COLLECTION, "2567721234", "5000", "UGX", FALSE, FALSE, NULL, G_IO_ERROR_INVALID_ARGUMENT },
    { PD_OPERATION_TRANSFER, "256772123456", "5000", "KES", FALSE, FALSE, NULL, G_IO_ERROR_INVALID_ARGUMENT },
    { PD_OPERATION_TRANSFER, "256772123456", "5000.125", "UGX", FALSE, FALSE, NULL, G_IO_ERROR_INVALID_ARGUMENT },
    { PD_OPERATION_TRANSFER, "256772123456", "-5000", "UGX", FALSE, FALSE, NULL, G_IO_ERROR_INVALID_ARGUMENT },
    { PD_OPERATION_TRANSFER, "256772123456", "5000", "UGX", TRUE, FALSE, NULL, G_IO_ERROR_INVALID_ARGUMENT },
    { PD_OPERATION_TRANSFER, "256772123456", "5000", "UGX", FALSE, TRUE, NULL, G_IO_ERROR_INVALID_ARGUMENT },
    { PD_OPERATION_TOPUP, "256772123456", "5000", "UGX", FALSE, FALSE, "electricity", G_IO_ERROR_INVALID_ARGUMENT },
    { PD_OPERATION_REFUND, "256772123456", "5000", "UGX", FALSE, FALSE, NULL, G_IO_ERROR_NOT_SUPPORTED },
  };
  g_autoptr(JsonArray) ledger = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PdOperation) operation = new_operation (fixture, cases[i].kind, cases[i].phone, "1");
      g_autoptr(PdOperationResult) result = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (pd_money_parse (cases[i].amount, cases[i].currency, &operation->amount, &error));
      if (cases[i].no_reference)
        g_clear_pointer (&operation->reference, g_free);
      if (cases[i].no_narration)
        g_clear_pointer (&operation->description, g_free);
      if (cases[i].product != NULL)
        pd_operation_set_field (operation, "product", cases[i].product);

      result = perform (fixture->provider, operation, &error);
      g_assert_error (error, G_IO_ERROR, cases[i].code);
      g_assert_null (result);
    }

  /* Trailing zeros beyond two decimals are not a third decimal. */
  {
    g_autoptr(PdOperation) operation = new_operation (fixture, PD_OPERATION_COLLECTION,
                                                      "256772123456", "5000.500");
    g_autoptr(PdOperationResult) result = perform (fixture->provider, operation, NULL);

    g_assert_nonnull (result);
    g_assert_cmpint (result->transaction->amount.units, ==, 500050);
    g_assert_cmpuint (result->transaction->amount.scale, ==, 2);
  }

  pd_test_sandbox_advance_clock (fixture->sandbox, 30);
  g_clear_pointer (&ledger, json_array_unref);
  {
    g_autoptr(PdOperation) probe = new_operation (fixture, PD_OPERATION_COLLECTION, "256772123456", "5000");

    /* One request settles what fell due; only the last one was sent. */
    g_assert_null (lookup (fixture->provider, probe, NULL));
  }
  ledger = pd_test_sandbox_get_ledger (fixture->sandbox, "zengapay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
}

static void
test_duplicate_reference (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(PdOperation) operation = new_operation (fixture, PD_OPERATION_COLLECTION, "256772123456", "15000");
  g_autoptr(PdOperation) again = NULL;
  g_autoptr(PdOperationResult) first = NULL;
  g_autoptr(PdOperationResult) second = NULL;
  g_autoptr(PdOperationResult) settled = NULL;
  g_autoptr(GError) error = NULL;

  first = perform (fixture->provider, operation, &error);
  g_assert_no_error (error);

  /* The same reference, even for another amount, is refused as sent
   * before: it must be looked up. */
  again = pd_operation_copy (operation);
  pd_money_init (&again->amount, 20000, 0, "UGX");
  second = perform (fixture->provider, again, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_CONFLICT);
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 422);
  g_assert_cmpstr (pd_provider_error_get_provider_code (error), ==, "external_reference");
  g_assert_nonnull (strstr (pd_provider_error_get_provider_message (error), "already been taken"));
  g_assert_false (pd_provider_error_is_outcome_unknown (error));
  g_assert_null (second);

  pd_test_sandbox_advance_clock (fixture->sandbox, 30);
  settled = lookup (fixture->provider, operation, NULL);
  g_assert_cmpint (settled->transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpint (settled->transaction->amount.units, ==, 15000);
  g_assert_cmpuint (ledger_count (fixture, "collection", operation->reference), ==, 1);
}

static void
test_lookup_walks (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(PdOperation) operation = new_operation (fixture, PD_OPERATION_COLLECTION, "256772123456", "9000");
  g_autoptr(PdOperation) unknown = new_operation (fixture, PD_OPERATION_COLLECTION, "256772123456", "9000");
  g_autoptr(PdOperation) seeded = new_operation (fixture, PD_OPERATION_COLLECTION, "256772123456", "9000");
  g_autoptr(PdOperationResult) sent = NULL;
  g_autoptr(PdOperationResult) found = NULL;
  g_autoptr(PdZengapayClient) other = new_client (fixture->sandbox, NULL);
  g_autoptr(PdPage) page = NULL;
  g_autoptr(GError) error = NULL;
  PdTransaction *oldest;

  sent = perform (fixture->provider, operation, &error);
  g_assert_no_error (error);

  /* A client that never saw the answer (after a restart) walks the list,
   * newest page first. */
  found = lookup (PD_PROVIDER (other), operation, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->transaction->provider_id, ==, sent->transaction->provider_id);
  g_assert_cmpstr (found->response_json, ==, found->transaction->raw_json);
  g_clear_pointer (&found, pd_operation_result_free);

  /* The oldest collection is on the first page. */
  page = fetch_page (fixture->provider, "collections", NULL, &error);
  oldest = g_ptr_array_index (page->transactions, 0);
  g_free (seeded->reference);
  seeded->reference = g_strdup (oldest->reference);
  found = lookup (PD_PROVIDER (other), seeded, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->transaction->provider_id, ==, oldest->provider_id);
  g_clear_pointer (&found, pd_operation_result_free);

  /* The transactionReference, when the outbox has it, is asked directly. */
  pd_operation_set_field (seeded, "transaction_reference", oldest->provider_id);
  found = lookup (PD_PROVIDER (other), seeded, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->transaction->provider_id, ==, oldest->provider_id);
  g_clear_pointer (&found, pd_operation_result_free);

  /* Nothing there: not found, so the outbox knows it may send it. */
  found = lookup (PD_PROVIDER (other), unknown, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NOT_FOUND);
  g_assert_null (found);
  g_clear_error (&error);

  /* A wrong transactionReference falls back to the walk. */
  pd_operation_set_field (operation, "transaction_reference", oldest->provider_id);
  found = lookup (PD_PROVIDER (other), operation, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->transaction->provider_id, ==, sent->transaction->provider_id);

  g_assert_finalize_object (g_steal_pointer (&other));
}

static void
test_lost_answer (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(PdOperation) operation = new_operation (fixture, PD_OPERATION_COLLECTION, "256772123456", "126600");
  g_autoptr(PdOperationResult) sent = NULL;
  g_autoptr(PdOperationResult) found = NULL;
  g_autoptr(GError) error = NULL;

  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"zengapay\",\"method\":\"POST\",\"path\":\"/v1/collections\","
                             "\"action\":\"drop_after_apply\"}");

  sent = perform (fixture->provider, operation, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NETWORK);
  g_assert_true (pd_provider_error_is_outcome_unknown (error));
  g_assert_null (sent);
  g_clear_error (&error);

  /* Reconciled by look-up, never by sending it again. */
  found = lookup (fixture->provider, operation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->transaction->state, ==, PD_TRANSACTION_STATE_PENDING);
  g_clear_pointer (&found, pd_operation_result_free);

  pd_test_sandbox_advance_clock (fixture->sandbox, 30);
  found = lookup (fixture->provider, operation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpuint (ledger_count (fixture, "collection", operation->reference), ==, 1);
}

/* Errors */

static void
test_error_unauthorized (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(PdZengapayClient) client = new_client (fixture->sandbox, "ZPYPUBK-wrong");
  g_autoptr(PdOperation) operation = new_operation (fixture, PD_OPERATION_COLLECTION, "256772123456", "5000");
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(PdPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = fetch_page (PD_PROVIDER (client), "collections", NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH);
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 401);
  g_assert_nonnull (strstr (pd_provider_error_get_provider_message (error), "INVALID"));
  g_assert_null (page);
  g_clear_error (&error);

  g_assert_false (check_account (PD_PROVIDER (client), &error));
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH);
  g_clear_error (&error);

  /* The networks are read first: nothing is sent. */
  result = perform (PD_PROVIDER (client), operation, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH);
  g_assert_false (pd_provider_error_is_outcome_unknown (error));
  g_assert_null (result);

  g_assert_finalize_object (g_steal_pointer (&client));
}

static void
test_error_forbidden (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(PdOperation) operation = new_operation (fixture, PD_OPERATION_TRANSFER, "256772123456", "5000");
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(GError) error = NULL;

  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"zengapay\",\"method\":\"POST\",\"path\":\"/v1/transfers\","
                             "\"action\":\"status\",\"status\":403}");

  result = perform (fixture->provider, operation, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_FORBIDDEN);
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 403);
  g_assert_nonnull (strstr (pd_provider_error_get_provider_message (error), "/transfers endpoint"));
  g_assert_false (pd_provider_error_is_outcome_unknown (error));
  g_assert_null (result);

  pd_test_sandbox_advance_clock (fixture->sandbox, 30);
  g_clear_error (&error);
  g_assert_null (lookup (fixture->provider, operation, &error));
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NOT_FOUND);
  g_assert_cmpuint (ledger_count (fixture, "transfer", operation->reference), ==, 0);
}

static void
test_error_validation (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(PdOperation) operation = new_operation (fixture, PD_OPERATION_COLLECTION, "256772123456", "100");
  g_autoptr(PdZengapayStatementFilter) filter = pd_zengapay_statement_filter_new ();
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(PdPage) page = NULL;
  g_autoptr(GError) error = NULL;

  result = perform (fixture->provider, operation, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_VALIDATION);
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 422);
  g_assert_cmpstr (pd_provider_error_get_provider_code (error), ==, "amount");
  g_assert_nonnull (strstr (pd_provider_error_get_provider_message (error), "The given data was invalid."));
  g_assert_nonnull (strstr (pd_provider_error_get_provider_message (error), "between"));
  g_assert_null (result);
  g_clear_error (&error);

  filter->status = g_strdup ("DONE");
  filter->designation = g_strdup ("FEES");
  page = fetch_statement (fixture->client, filter, 1, NULL, NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_VALIDATION);
  g_assert_cmpstr (pd_provider_error_get_provider_code (error), ==, "status,designation");
  g_assert_null (page);
}

static void
test_error_rate_limited (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GPtrArray) balances = NULL;
  g_autoptr(GError) error = NULL;
  gint64 began;

  /* Longer than the client waits: the error says how long to wait. */
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"zengapay\",\"path\":\"/v1/account/balance\","
                             "\"action\":\"rate_limit\",\"retry_after\":120}");
  balances = get_balances (fixture->client, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_RATE_LIMITED);
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 429);
  g_assert_cmpuint (pd_provider_error_get_retry_after (error), ==, 120);
  g_assert_nonnull (strstr (pd_provider_error_get_provider_message (error), "rate limit"));
  g_assert_null (balances);
  g_clear_error (&error);

  /* A short wait is waited out, as asked. */
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"zengapay\",\"path\":\"/v1/account/balance\","
                             "\"action\":\"rate_limit\",\"retry_after\":1}");
  began = g_get_monotonic_time ();
  balances = get_balances (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (balances->len, ==, 3);
  g_assert_cmpint (g_get_monotonic_time () - began, >=, G_USEC_PER_SEC);
}

static void
test_error_unavailable (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(PdOperation) operation = new_operation (fixture, PD_OPERATION_COLLECTION, "256772123456", "5000");
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(GPtrArray) networks = NULL;
  g_autoptr(PdTestResponse) faults = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *armed;

  /* A read is tried again. */
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"zengapay\",\"path\":\"/v1/networks\",\"count\":2,"
                             "\"action\":\"status\",\"status\":503}");
  networks = list_networks (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (networks->len, ==, 2);

  /* Money is not: the answer says nothing moved, and the POST is sent
   * once. */
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"zengapay\",\"method\":\"POST\",\"path\":\"/v1/collections\","
                             "\"count\":2,\"action\":\"status\",\"status\":503}");
  result = perform (fixture->provider, operation, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_UNAVAILABLE);
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 503);
  g_assert_nonnull (strstr (pd_provider_error_get_provider_message (error), "maintenance"));
  g_assert_false (pd_provider_error_is_outcome_unknown (error));
  g_assert_null (result);
  g_clear_error (&error);

  faults = pd_test_sandbox_control (fixture->sandbox, "GET", "/faults", NULL);
  armed = pd_test_assert_array_member (pd_test_response_get_object (faults), "faults");
  g_assert_cmpuint (json_array_get_length (armed), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (armed, 0), "remaining"), ==, 1);
  pd_test_sandbox_clear_faults (fixture->sandbox);

  /* Nothing was applied, so the same operation can go now. */
  result = perform (fixture->provider, operation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->transaction->state, ==, PD_TRANSACTION_STATE_PENDING);
}

static void
test_error_malformed (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(PdZengapayStatementSync) result = NULL;
  g_autoptr(GError) error = NULL;

  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"zengapay\",\"path\":\"/v1/account/statement\","
                             "\"action\":\"malformed\"}");
  result = sync_statement (fixture, NULL, NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_MALFORMED);
  g_assert_null (result);
}

/* Networks and contacts */

static void
test_networks (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GPtrArray) networks = NULL;
  g_autoptr(PdZengapayNetwork) airtel = NULL;
  g_autoptr(PdZengapayNetwork) missing = NULL;
  g_autoptr(GError) error = NULL;
  PdZengapayNetwork *mtn;

  networks = list_networks (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (networks->len, ==, 2);
  mtn = g_ptr_array_index (networks, 0);
  g_assert_cmpint (mtn->id, ==, 1);
  g_assert_cmpstr (mtn->network_name, ==, "MTN Uganda Limited");
  g_assert_cmpstr (mtn->service_name, ==, "MTN Mobile Money");
  g_assert_cmpstr (mtn->currency_code, ==, "UGX-MTNMM");
  g_assert_cmpstr (mtn->country_iso2, ==, "UG");

  airtel = get_network (fixture->client, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (airtel->id, ==, 2);
  g_assert_cmpstr (airtel->network_name, ==, "Airtel Uganda Limited");
  g_assert_cmpstr (airtel->currency_code, ==, "UGX-ATLMM");

  missing = get_network (fixture->client, 3, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NOT_FOUND);
  g_assert_null (missing);
}

static void
test_network_for_phone (void)
{
  g_autoptr(GPtrArray) networks = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_zengapay_network_free);
  g_autoptr(GPtrArray) mtn_only = g_ptr_array_new ();
  static const struct
  {
    const char *phone;
    const char *msisdn;
    const char *wallet;
  } good[] = {
    { "256772123456", "256772123456", "UGX-MTNMM" },
    { "+256 772 123 456", "256772123456", "UGX-MTNMM" },
    { "0782-123-456", "256782123456", "UGX-MTNMM" },
    { "(0)76 2123456", "256762123456", "UGX-MTNMM" },
    { "00256 752 329 361", "256752329361", "UGX-ATLMM" },
    { "702983281", "256702983281", "UGX-ATLMM" },
    { "0742123456", "256742123456", "UGX-ATLMM" },
  };
  static const char * const bad[] = {
    "", "256712345678", "254712345678", "25677212345", "2567721234567", "+256 772 12x 456",
    "0312123456", "772 123 45",
  };

  for (guint i = 0; i < 2; i++)
    {
      PdZengapayNetwork *network = g_new0 (PdZengapayNetwork, 1);

      network->id = i + 1;
      network->network_name = g_strdup (i == 0 ? "MTN Uganda Limited" : "Airtel Uganda Limited");
      network->service_name = g_strdup (i == 0 ? "MTN Mobile Money" : "Airtel Money");
      network->currency_code = g_strdup (i == 0 ? "UGX-MTNMM" : "UGX-ATLMM");
      g_ptr_array_add (networks, network);
    }
  g_ptr_array_add (mtn_only, g_ptr_array_index (networks, 0));

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *msisdn = NULL;
      const PdZengapayNetwork *network;

      network = pd_zengapay_network_for_phone (networks, good[i].phone, &msisdn, &error);
      g_assert_no_error (error);
      g_assert_nonnull (network);
      g_assert_cmpstr (network->currency_code, ==, good[i].wallet);
      g_assert_cmpstr (msisdn, ==, good[i].msisdn);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *msisdn = NULL;

      g_assert_null (pd_zengapay_network_for_phone (networks, bad[i], &msisdn, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_null (msisdn);
    }

  /* An Airtel number when ZengaPay lists only MTN. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (pd_zengapay_network_for_phone (mtn_only, "256752329361", NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_assert_nonnull (strstr (error->message, "Airtel"));
  }
}

static void
test_contacts (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(PdCustomer) created = NULL;
  g_autoptr(PdCustomer) fetched = NULL;
  g_autoptr(PdCustomer) updated = NULL;
  g_autoptr(PdCustomer) duplicate = NULL;
  g_autoptr(PdCustomer) missing = NULL;
  g_autoptr(PdOperation) transfer = NULL;
  g_autoptr(PdOperationResult) paid = NULL;
  g_autoptr(GPtrArray) networks = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0, named = 0;

  pages = fetch_all (fixture->provider, "contacts", NULL);
  for (guint p = 0; p < pages->len; p++)
    {
      PdPage *page = g_ptr_array_index (pages, p);

      for (guint i = 0; i < page->customers->len; i++)
        {
          PdCustomer *contact = g_ptr_array_index (page->customers, i);

          g_assert_nonnull (contact->provider_id);
          g_assert_true (g_str_has_prefix (contact->phone, "2567"));
          g_assert_cmpint (contact->created_at, >, 0);
          named += contact->name != NULL;
          total++;
        }
    }
  g_assert_cmpuint (total, ==, sandbox_total (fixture, "/contacts", "contacts"));
  g_assert_cmpuint (named, >, 0);

  /* With the networks known, the number is written as ZengaPay wants. */
  networks = list_networks (fixture->client, &error);
  g_assert_no_error (error);
  created = create_contact (fixture->client, "0772 555 101", "Grace", "Nakato", "grace@example.ug", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (created->phone, ==, "256772555101");
  g_assert_cmpstr (created->name, ==, "Grace Nakato");
  g_assert_cmpstr (created->email, ==, "grace@example.ug");

  duplicate = create_contact (fixture->client, "256772555101", NULL, NULL, NULL, &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_VALIDATION);
  g_assert_cmpstr (pd_provider_error_get_provider_code (error), ==, "msisdn");
  g_assert_null (duplicate);
  g_clear_error (&error);

  fetched = get_contact (fixture->client, created->provider_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fetched->name, ==, "Grace Nakato");

  updated = update_contact (fixture->client, created->provider_id, NULL, NULL, "Namubiru", "", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (updated->name, ==, "Grace Namubiru");
  g_assert_null (updated->email);
  g_assert_cmpstr (updated->phone, ==, "256772555101");

  missing = get_contact (fixture->client, "999999", &error);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NOT_FOUND);
  g_assert_null (missing);
  g_clear_error (&error);

  /* A payment to a contact carries the contact's name. */
  transfer = new_operation (fixture, PD_OPERATION_TRANSFER, "256772555101", "5000");
  paid = perform (fixture->provider, transfer, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (paid->transaction->customer_name, ==, "Grace Namubiru");
  g_assert_cmpstr (paid->transaction->customer_provider_id, ==, created->provider_id);
}

/* Account and balances */

static void
test_account_and_balances (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(PdZengapayAccount) account = NULL;
  g_autoptr(GPtrArray) balances = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) latest = NULL;
  g_autoptr(GError) error = NULL;
  PdMoney sum;
  PdBalance *total;

  account = get_account (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account->name);
  g_assert_true (g_str_has_prefix (account->number, "100835"));
  g_assert_cmpstr (account->category, ==, "Business");
  g_assert_cmpint (account->created_at, >, 0);
  g_assert_cmpstr (account->available.currency, ==, "UGX");
  g_assert_true (g_str_has_suffix (account->in_words, "Shillings"));

  balances = get_balances (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (balances->len, ==, 3);
  g_assert_cmpstr (((PdBalance *)g_ptr_array_index (balances, 0))->wallet, ==, "UGX-MTNMM");
  g_assert_cmpstr (((PdBalance *)g_ptr_array_index (balances, 1))->wallet, ==, "UGX-ATLMM");
  total = g_ptr_array_index (balances, 2);
  g_assert_cmpstr (total->wallet, ==, PD_ZENGAPAY_TOTAL_WALLET);

  /* The total is exactly the sum of the wallets, and the summary's. */
  g_assert_true (pd_money_add (&((PdBalance *)g_ptr_array_index (balances, 0))->amount,
                               &((PdBalance *)g_ptr_array_index (balances, 1))->amount, &sum, NULL));
  g_assert_true (pd_money_equal (&sum, &total->amount));
  g_assert_true (pd_money_equal (&account->available, &total->amount));
  for (guint i = 0; i < balances->len; i++)
    g_assert_cmpint (((PdBalance *)g_ptr_array_index (balances, i))->recorded_at, >, 0);

  /* Each sync adds a reading to the history. */
  for (guint sync = 0; sync < 2; sync++)
    {
      g_autoptr(PdPage) page = fetch_page (fixture->provider, "balances", NULL, &error);

      g_assert_no_error (error);
      g_assert_null (page->next_cursor);
      g_assert_cmpuint (page->balances->len, ==, 3);
      for (guint i = 0; i < page->balances->len; i++)
        ((PdBalance *)g_ptr_array_index (page->balances, i))->recorded_at += sync * 3600;
      g_assert_true (pd_store_upsert_page (fixture->store, fixture->account_id, page, NULL, &error));
      g_assert_no_error (error);
    }

  g_assert_true (pd_store_list_balance_history (fixture->store, fixture->account_id, "UGX-ATLMM",
                                                0, 0, &history, &error));
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_true (pd_store_list_latest_balances (fixture->store, fixture->account_id, &latest, &error));
  g_assert_cmpuint (latest->len, ==, 3);
}

/* The statement */

static guint
count_stored_entries (Fixture    *fixture,
                      const char *wallet)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_store_list_statement_entries (fixture->store, fixture->account_id, 0, 0, wallet,
                                                  &entries, &error));
  g_assert_no_error (error);

  return entries->len;
}

static void
test_statement_sync (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(PdZengapayStatementSync) result = NULL;
  g_autoptr(PdSyncState) state = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) activity = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdZengapayStatementFilter) small = pd_zengapay_statement_filter_new ();
  guint total = sandbox_total (fixture, "/account/statement", "statement");
  guint charges = 0, transactions = 0, linked = 0, credits = 0, debits = 0, tenths = 0;

  result = sync_statement (fixture, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->entries, ==, total);
  g_assert_cmpuint (result->pages, ==, (total + PD_ZENGAPAY_STATEMENT_PAGE_SIZE - 1) /
                                        PD_ZENGAPAY_STATEMENT_PAGE_SIZE);
  g_assert_true (result->chain_checked);
  g_assert_cmpuint (result->breaks->len, ==, 0);
  g_assert_cmpuint (result->stats.inserted, ==, total);

  g_assert_true (pd_store_get_sync_state (fixture->store, fixture->account_id, "statement", &state, &error));
  g_assert_nonnull (state);
  g_assert_true (state->complete);

  g_assert_true (pd_store_list_statement_entries (fixture->store, fixture->account_id, 0, 0, NULL,
                                                  &entries, &error));
  g_assert_cmpuint (entries->len, ==, total);
  g_assert_cmpuint (count_stored_entries (fixture, "UGX-MTNMM") + count_stored_entries (fixture, "UGX-ATLMM"),
                    ==, total);

  for (guint i = 0; i < entries->len; i++)
    {
      PdStatementEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *amount = raw_member (entry->raw_json, "amount");
      g_autofree char *before = raw_member (entry->raw_json, "balanceBeforeTransaction");
      g_autofree char *after = raw_member (entry->raw_json, "balanceAfterTransaction");
      g_autofree char *plain_amount = pd_money_to_plain (&entry->amount);
      g_autofree char *plain_before = pd_money_to_plain (&entry->balance_before);
      g_autofree char *plain_after = pd_money_to_plain (&entry->balance_after);

      g_assert_true (g_str_has_prefix (entry->provider_id, "ZPY"));
      g_assert_cmpstr (amount, ==, plain_amount);
      g_assert_cmpstr (before, ==, plain_before);
      g_assert_cmpstr (after, ==, plain_after);
      g_assert_true (pd_money_sign (&entry->amount) > 0);
      tenths += entry->amount.scale == 1;

      if (entry->direction == PD_STATEMENT_DIRECTION_CREDIT)
        credits++;
      else
        debits++;

      if (g_strcmp0 (entry->entry_type, "CHARGES") == 0)
        {
          charges++;
          g_assert_cmpint (entry->direction, ==, PD_STATEMENT_DIRECTION_DEBIT);
          g_assert_null (entry->counterparty);
          g_assert_nonnull (strstr (entry->description, "CHARGE FOR TRANSACTION ID #"));
          if (entry->transaction_provider_id != NULL)
            {
              linked++;
              g_assert_cmpuint (strlen (entry->transaction_provider_id), ==, 36);
            }
        }
      else
        {
          g_assert_cmpstr (entry->entry_type, ==, "TRANSACTION");
          g_assert_nonnull (entry->counterparty);
          g_assert_nonnull (entry->transaction_provider_id);
          transactions++;
        }
    }

  g_assert_cmpuint (charges, >, 0);
  g_assert_cmpuint (transactions, >, charges);
  g_assert_cmpuint (linked, ==, charges);
  g_assert_cmpuint (credits, >, 0);
  g_assert_cmpuint (debits, >, 0);
  g_assert_cmpuint (tenths, >, 0);

  /* Again: the same lines, nothing new. */
  g_clear_pointer (&result, pd_zengapay_statement_sync_free);
  result = sync_statement (fixture, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->stats.inserted, ==, 0);
  g_assert_cmpuint (result->stats.updated, ==, 0);
  g_assert_cmpuint (result->stats.unchanged, ==, total);

  /* Small pages chain across their edges too. */
  small->limit = 7;
  g_clear_pointer (&result, pd_zengapay_statement_sync_free);
  result = sync_statement (fixture, small, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->pages, ==, (total + 6) / 7);
  g_assert_cmpuint (result->breaks->len, ==, 0);

  g_assert_true (pd_store_list_activity (fixture->store, fixture->account_id, 0, &activity, &error));
  g_assert_cmpuint (activity->len, ==, 0);
}

static void
test_statement_sync_engine_pages (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_autoptr(GPtrArray) pages = NULL;
  guint total = sandbox_total (fixture, "/account/statement", "statement");
  guint entries = 0;

  /* What pd_provider_fetch_page() gives the sync engine. */
  pd_zengapay_client_set_store (fixture->client, fixture->store, fixture->account_id);
  pages = fetch_all (fixture->provider, "statement", NULL);
  for (guint i = 0; i < pages->len; i++)
    {
      PdPage *page = g_ptr_array_index (pages, i);
      g_autoptr(GError) error = NULL;

      entries += page->statement_entries->len;
      g_assert_true (pd_store_upsert_page (fixture->store, fixture->account_id, page, NULL, &error));
      g_assert_no_error (error);
    }

  g_assert_cmpuint (entries, ==, total);
  g_assert_cmpuint (count_stored_entries (fixture, NULL), ==, total);
  pd_zengapay_client_set_store (fixture->client, NULL, 0);
}

/* The whole account through the sync engine, twice. */
static void
test_sync_engine (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(PdSync) sync = pd_sync_new (fixture->store, fixture->provider, fixture->account_id);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GPtrArray) latest = NULL;
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(PdQuery) query = pd_query_new ();
  g_autoptr(GError) error = NULL;
  PdUpsertStats stats = { 0, };
  guint64 collections = 0, topups = 0;
  guint statement = sandbox_total (fixture, "/account/statement", "statement");

  pd_zengapay_client_set_store (fixture->client, fixture->store, fixture->account_id);
  pd_sync_run_async (sync, NULL, NULL, on_ready, &result);
  g_assert_true (pd_sync_run_finish (sync, wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  g_assert_true (pd_store_list_customers (fixture->store, fixture->account_id, &customers, &error));
  g_assert_cmpuint (customers->len, ==, sandbox_total (fixture, "/contacts", "contacts"));
  g_assert_cmpuint (count_stored_entries (fixture, NULL), ==, statement);
  g_assert_true (pd_store_list_latest_balances (fixture->store, fixture->account_id, &latest, &error));
  g_assert_cmpuint (latest->len, ==, 3);

  query->account_id = fixture->account_id;
  query->kinds = PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_COLLECTION);
  g_assert_true (pd_store_count_transactions (fixture->store, query, &collections, &error));
  g_assert_cmpuint (collections, ==, sandbox_total (fixture, "/collections", "collections"));
  query->kinds = PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_TOPUP);
  g_assert_true (pd_store_count_transactions (fixture->store, query, &topups, &error));
  g_assert_cmpuint (topups, ==, sandbox_total (fixture, "/airtime", "airtime") +
                                sandbox_total (fixture, "/bundles", "bundles"));

  account = pd_store_get_account (fixture->store, fixture->account_id, &error);
  g_assert_cmpint (account->last_sync_at, >, 0);

  /* Again: nothing new but a balance reading. */
  pd_sync_run_async (sync, NULL, NULL, on_ready, &result);
  g_assert_true (pd_sync_run_finish (sync, wait_for (&result), &error));
  g_assert_no_error (error);
  pd_sync_get_stats (sync, &stats);
  g_assert_cmpuint (stats.inserted, <=, 3);
  g_assert_cmpuint (stats.updated, ==, 0);

  pd_zengapay_client_set_store (fixture->client, NULL, 0);
}

static gboolean
line_value (PdStatementEntry *entry,
            const char       *member,
            const char       *expected)
{
  g_autofree char *text = raw_member (entry->raw_json, member);
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", expected);

  return g_strcmp0 (text, quoted) == 0;
}

static GPtrArray *
statement_lines (Fixture                         *fixture,
                 const PdZengapayStatementFilter *filter,
                 guint                           *total_out)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_statement_entry_free);
  guint last_page = 1;

  for (guint page_number = 1; page_number <= last_page; page_number++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdPage) page = fetch_statement (fixture->client, filter, page_number, &last_page,
                                                total_out, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (page->statement_entries->len, <=, filter->limit != 0 ? filter->limit : 500);
      /* Takes the lines, leaving the page an empty array. */
      g_ptr_array_extend_and_steal (lines, g_ptr_array_ref (page->statement_entries));
    }

  return lines;
}

static void
test_statement_filters (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GTimeZone) kampala = g_time_zone_new_identifier ("Africa/Kampala");
  guint everything = sandbox_total (fixture, "/account/statement", "statement");
  static const char * const statuses[] = { "SUCCEEDED", "FAILED", "PENDING", "INDETERMINATE" };
  static const char * const wallets[] = { "UGX-MTNMM", "UGX-ATLMM" };
  static const char * const designations[] = { "TRANSACTION", "CHARGES" };
  guint sum = 0;

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(PdZengapayStatementFilter) filter = pd_zengapay_statement_filter_new ();
      g_autoptr(GPtrArray) lines = NULL;
      guint total = 0;

      filter->status = g_strdup (statuses[i]);
      lines = statement_lines (fixture, filter, &total);
      g_assert_cmpuint (lines->len, ==, total);
      for (guint l = 0; l < lines->len; l++)
        g_assert_cmpstr (((PdStatementEntry *)g_ptr_array_index (lines, l))->status, ==, statuses[i]);
      sum += total;
      g_assert_false (pd_zengapay_statement_filter_keeps_chain (filter));
    }
  g_assert_cmpuint (sum, ==, everything);

  sum = 0;
  for (guint i = 0; i < G_N_ELEMENTS (wallets); i++)
    {
      g_autoptr(PdZengapayStatementFilter) filter = pd_zengapay_statement_filter_new ();
      g_autoptr(GPtrArray) lines = NULL;
      g_autoptr(GPtrArray) breaks = NULL;
      guint total = 0;

      filter->currency_code = g_strdup (wallets[i]);
      filter->limit = 50;
      lines = statement_lines (fixture, filter, &total);
      g_assert_cmpuint (lines->len, ==, total);
      for (guint l = 0; l < lines->len; l++)
        g_assert_cmpstr (((PdStatementEntry *)g_ptr_array_index (lines, l))->wallet, ==, wallets[i]);
      sum += total;

      /* One wallet's lines are whole: they still chain. */
      g_assert_true (pd_zengapay_statement_filter_keeps_chain (filter));
      breaks = pd_zengapay_check_balance_chain (lines);
      g_assert_cmpuint (breaks->len, ==, 0);
    }
  g_assert_cmpuint (sum, ==, everything);

  sum = 0;
  for (guint i = 0; i < G_N_ELEMENTS (designations); i++)
    {
      g_autoptr(PdZengapayStatementFilter) filter = pd_zengapay_statement_filter_new ();
      g_autoptr(PdZengapayStatementSync) synced = NULL;
      g_autoptr(GPtrArray) lines = NULL;
      g_autoptr(GError) error = NULL;
      guint total = 0;

      filter->designation = g_strdup (designations[i]);
      lines = statement_lines (fixture, filter, &total);
      for (guint l = 0; l < lines->len; l++)
        g_assert_cmpstr (((PdStatementEntry *)g_ptr_array_index (lines, l))->entry_type, ==, designations[i]);
      sum += total;

      /* A filtered sync stores the lines, not the sync resource, and does
       * not check a chain it has gaps in. */
      synced = sync_statement (fixture, filter, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (synced->entries, ==, total);
      g_assert_false (synced->chain_checked);
      g_assert_cmpuint (synced->breaks->len, ==, 0);
    }
  g_assert_cmpuint (sum, ==, everything);
  g_assert_cmpuint (count_stored_entries (fixture, NULL), ==, everything);
  {
    g_autoptr(PdSyncState) state = NULL;

    g_assert_true (pd_store_get_sync_state (fixture->store, fixture->account_id, "statement", &state, NULL));
    g_assert_null (state);
  }

  /* A month, inclusive at both ends, in Kampala's time. */
  {
    g_autoptr(PdZengapayStatementFilter) filter = pd_zengapay_statement_filter_new ();
    g_autoptr(PdZengapayStatementFilter) copy = NULL;
    g_autoptr(GPtrArray) lines = NULL;
    gint64 start, end;
    guint total = 0;

    filter->start = g_date_time_new (kampala, 2026, 3, 1, 0, 0, 0);
    filter->end = g_date_time_new (kampala, 2026, 3, 31, 23, 59, 59);
    filter->status = g_strdup ("SUCCEEDED");
    filter->designation = g_strdup ("TRANSACTION");
    filter->currency_code = g_strdup ("UGX-MTNMM");
    filter->limit = 10;
    copy = pd_zengapay_statement_filter_copy (filter);
    lines = statement_lines (fixture, copy, &total);
    g_assert_cmpuint (total, >, 0);
    g_assert_cmpuint (lines->len, ==, total);

    start = g_date_time_to_unix (filter->start);
    end = g_date_time_to_unix (filter->end);
    for (guint l = 0; l < lines->len; l++)
      {
        PdStatementEntry *entry = g_ptr_array_index (lines, l);
        g_autofree char *initiated = raw_member (entry->raw_json, "transactionInitiationDate");
        gint64 at;

        initiated[strlen (initiated) - 1] = '\0';
        at = kampala_time (initiated + 1);
        g_assert_cmpint (at, >=, start);
        g_assert_cmpint (at, <=, end);
        g_assert_true (line_value (entry, "transactionStatus", "SUCCEEDED"));
        g_assert_true (line_value (entry, "transactionEntryDesignation", "TRANSACTION"));
        g_assert_true (line_value (entry, "currencyCode", "UGX-MTNMM"));
      }
  }

  /* An end before the start is refused, naming the field. */
  {
    g_autoptr(PdZengapayStatementFilter) filter = pd_zengapay_statement_filter_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(PdPage) page = NULL;

    filter->start = g_date_time_new (kampala, 2026, 3, 31, 0, 0, 0);
    filter->end = g_date_time_new (kampala, 2026, 3, 1, 0, 0, 0);
    page = fetch_statement (fixture->client, filter, 1, NULL, NULL, &error);
    g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_VALIDATION);
    g_assert_cmpstr (pd_provider_error_get_provider_code (error), ==, "end");
    g_assert_null (page);
  }

  /* The limit is the page size. */
  {
    g_autoptr(PdZengapayStatementFilter) filter = pd_zengapay_statement_filter_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(PdPage) page = NULL;
    guint last_page = 0, total = 0;

    filter->limit = 3;
    page = fetch_statement (fixture->client, filter, 2, &last_page, &total, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (page->statement_entries->len, ==, 3);
    g_assert_cmpstr (page->next_cursor, ==, "3");
    g_assert_cmpuint (total, ==, everything);
    g_assert_cmpuint (last_page, ==, (everything + 2) / 3);
  }
}

static PdStatementEntry *
line (const char *id,
      const char *wallet,
      const char *status,
      gboolean    credit,
      const char *amount,
      const char *before,
      const char *after)
{
  PdStatementEntry *entry = pd_statement_entry_new ();

  entry->provider_id = g_strdup (id);
  entry->wallet = g_strdup (wallet);
  entry->status = g_strdup (status);
  entry->entry_type = g_strdup (g_str_has_prefix (id, "FEE") ? "CHARGES" : "TRANSACTION");
  entry->direction = credit ? PD_STATEMENT_DIRECTION_CREDIT : PD_STATEMENT_DIRECTION_DEBIT;
  g_assert_true (pd_money_parse (amount, "UGX", &entry->amount, NULL));
  if (before != NULL)
    g_assert_true (pd_money_parse (before, "UGX", &entry->balance_before, NULL));
  if (after != NULL)
    g_assert_true (pd_money_parse (after, "UGX", &entry->balance_after, NULL));

  return entry;
}

static void
test_balance_chain (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GPtrArray) good = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_statement_entry_free);
  g_autoptr(GPtrArray) broken = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_statement_entry_free);
  g_autoptr(GPtrArray) example = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_statement_entry_free);
  g_autoptr(GPtrArray) page_one = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_statement_entry_free);
  g_autoptr(GPtrArray) page_two = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_statement_entry_free);
  g_autoptr(GPtrArray) breaks = NULL;
  g_autoptr(GPtrArray) activity = NULL;
  g_autoptr(PdZengapayChain) chain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sentence = NULL;
  PdZengapayChainBreak *first;

  /* Two wallets interleaved, a failed line, a fee of 2152.2, a pending
   * line at the end: all chains. */
  g_ptr_array_add (good, line ("A1", "UGX-MTNMM", "SUCCEEDED", TRUE, "107610", "1396870", "1504480"));
  g_ptr_array_add (good, line ("FEE1", "UGX-MTNMM", "SUCCEEDED", FALSE, "2152.2", "1504480", "1502327.8"));
  g_ptr_array_add (good, line ("B1", "UGX-ATLMM", "SUCCEEDED", TRUE, "5000", "0", "5000"));
  g_ptr_array_add (good, line ("A2", "UGX-MTNMM", "FAILED", FALSE, "90000", "1502327.80", "1502327.8"));
  g_ptr_array_add (good, line ("A3", "UGX-MTNMM", "SUCCEEDED", FALSE, "2327.8", "1502327.8", "1500000"));
  g_ptr_array_add (good, line ("A4", "UGX-MTNMM", "PENDING", TRUE, "186600.00", "1500000", "1500000"));
  breaks = pd_zengapay_check_balance_chain (good);
  g_assert_cmpuint (breaks->len, ==, 0);
  g_clear_pointer (&breaks, g_ptr_array_unref);

  /* A line that does not start where its wallet's line before it ended. */
  g_ptr_array_add (broken, line ("A1", "UGX-MTNMM", "SUCCEEDED", TRUE, "107610", "1396870", "1504480"));
  g_ptr_array_add (broken, line ("B1", "UGX-ATLMM", "SUCCEEDED", TRUE, "5000", "0", "5000"));
  g_ptr_array_add (broken, line ("A2", "UGX-MTNMM", "SUCCEEDED", FALSE, "4480", "1504000", "1499520"));
  g_ptr_array_add (broken, line ("B2", "UGX-ATLMM", "SUCCEEDED", TRUE, "1000", "5000", "6000"));
  breaks = pd_zengapay_check_balance_chain (broken);
  g_assert_cmpuint (breaks->len, ==, 1);
  first = g_ptr_array_index (breaks, 0);
  g_assert_cmpint (first->kind, ==, PD_ZENGAPAY_CHAIN_BREAK_LINK);
  g_assert_cmpstr (first->wallet, ==, "UGX-MTNMM");
  g_assert_cmpstr (first->entry_id, ==, "A2");
  g_assert_cmpstr (first->previous_id, ==, "A1");
  g_assert_cmpint (first->expected.units, ==, 1504480);
  g_assert_cmpint (first->found.units, ==, 1504000);
  sentence = pd_zengapay_chain_break_describe (first);
  g_assert_nonnull (strstr (sentence, "UGX-MTNMM"));
  g_assert_nonnull (strstr (sentence, "A2"));
  g_assert_nonnull (strstr (sentence, "A1"));
  g_assert_nonnull (strstr (sentence, "UGX -480"));

  /* The warning goes to the account's audit trail, once. */
  g_assert_true (pd_zengapay_record_chain_breaks (fixture->store, fixture->account_id, breaks, &error));
  g_assert_no_error (error);
  g_assert_true (pd_zengapay_record_chain_breaks (fixture->store, fixture->account_id, breaks, &error));
  g_assert_true (pd_store_list_activity (fixture->store, fixture->account_id, 0, &activity, &error));
  g_assert_cmpuint (activity->len, ==, 1);
  g_assert_cmpstr (((PdActivity *)g_ptr_array_index (activity, 0))->action, ==, PD_ZENGAPAY_CHAIN_ACTION);
  g_assert_cmpstr (((PdActivity *)g_ptr_array_index (activity, 0))->outcome, ==, "warning");
  g_assert_cmpstr (((PdActivity *)g_ptr_array_index (activity, 0))->detail, ==, sentence);
  g_assert_cmpint (((PdActivity *)g_ptr_array_index (activity, 0))->amount.units, ==, -480);
  g_clear_pointer (&breaks, g_ptr_array_unref);

  /* The document's own example: the links hold, two amounts do not. */
  g_ptr_array_add (example, line ("ZPY200806082352TX", "UGX-ATLMM", "SUCCEEDED", TRUE, "256600", "4794120", "5050720"));
  g_ptr_array_add (example, line ("FEE200806116741TX", "UGX-ATLMM", "SUCCEEDED", FALSE, "5132", "5050720", "5045580"));
  g_ptr_array_add (example, line ("ZPY200806112526TX", "UGX-ATLMM", "SUCCEEDED", TRUE, "5000", "5045580", "5050580"));
  g_ptr_array_add (example, line ("FEE200806141884TX", "UGX-ATLMM", "SUCCEEDED", FALSE, "100", "5050580", "5050480"));
  g_ptr_array_add (example, line ("ZPY200806176137TX", "UGX-MTNMM", "SUCCEEDED", TRUE, "107610", "1396870", "1504480"));
  g_ptr_array_add (example, line ("FEE200806205562TX", "UGX-MTNMM", "SUCCEEDED", FALSE, "2152.2", "1504480", "1502330"));
  breaks = pd_zengapay_check_balance_chain (example);
  g_assert_cmpuint (breaks->len, ==, 2);
  first = g_ptr_array_index (breaks, 0);
  g_assert_cmpint (first->kind, ==, PD_ZENGAPAY_CHAIN_BREAK_AMOUNT);
  g_assert_cmpstr (first->entry_id, ==, "FEE200806116741TX");
  g_assert_cmpint (first->expected.units, ==, 5045588);
  g_assert_cmpint (first->found.units, ==, 5045580);
  first = g_ptr_array_index (breaks, 1);
  g_assert_cmpstr (first->entry_id, ==, "FEE200806205562TX");
  g_assert_cmpint (first->expected.units, ==, 15023278);
  g_assert_cmpuint (first->expected.scale, ==, 1);
  g_clear_pointer (&breaks, g_ptr_array_unref);

  /* Page by page, with the end of one page repeated at the start of the
   * next (the list moved while it was read): still whole. */
  chain = pd_zengapay_chain_new ();
  breaks = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_zengapay_chain_break_free);
  g_ptr_array_add (page_one, line ("A1", "UGX-MTNMM", "SUCCEEDED", TRUE, "1000", "0", "1000"));
  g_ptr_array_add (page_one, line ("A2", "UGX-MTNMM", "SUCCEEDED", TRUE, "500", "1000", "1500"));
  g_ptr_array_add (page_two, line ("A2", "UGX-MTNMM", "SUCCEEDED", TRUE, "500", "1000", "1500"));
  g_ptr_array_add (page_two, line ("A3", "UGX-MTNMM", "SUCCEEDED", FALSE, "200", "1500", "1300"));
  g_ptr_array_add (page_two, line ("A4", "UGX-MTNMM", "SUCCEEDED", FALSE, "300", "1200", "900"));
  g_assert_cmpuint (pd_zengapay_chain_feed (chain, page_one, breaks), ==, 0);
  g_assert_cmpuint (pd_zengapay_chain_feed (chain, page_two, breaks), ==, 1);
  g_assert_cmpstr (((PdZengapayChainBreak *)g_ptr_array_index (breaks, 0))->entry_id, ==, "A4");
  g_assert_cmpstr (((PdZengapayChainBreak *)g_ptr_array_index (breaks, 0))->previous_id, ==, "A3");
}

static void
test_statement_cancelled (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PdZengapayStatementFilter) filter = pd_zengapay_statement_filter_new ();
  g_autoptr(PdZengapayStatementSync) result = NULL;
  g_autoptr(GAsyncResult) async_result = NULL;
  g_autoptr(GError) error = NULL;

  filter->limit = 5;
  pd_zengapay_client_sync_statement_async (fixture->client, fixture->store, fixture->account_id,
                                           filter, cancellable, on_ready, &async_result);
  /* Let a page or two through, then stop. */
  for (guint i = 0; i < 20 && async_result == NULL; i++)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);

  result = pd_zengapay_client_sync_statement_finish (fixture->client, wait_for (&async_result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result);
}

/* Webhooks */

#define COLLECTION_EVENT \
  "{\n" \
  "    \"event\": \"collection.success\",\n" \
  "    \"data\": {\n" \
  "        \"transactionStatus\": \"SUCCEEDED\",\n" \
  "        \"transactionReference\": \"%s\",\n" \
  "        \"externalTransactionReference\": \"%s\",\n" \
  "        \"MNOTransactionReferenceId\": \"42026012031\",\n" \
  "        \"currencyCode\": \"UGX-MTNMM\",\n" \
  "        \"amount\": \"126600\",\n" \
  "        \"msisdn\": \"256772123456\",\n" \
  "        \"channel\": \"API\",\n" \
  "        \"transactionType\": \"INBOUND_MSISDN_CREDIT\",\n" \
  "        \"transactionInitiationDate\": \"2020-08-05 13:16:43\",\n" \
  "        \"transactionCompletionDate\": \"2020-08-05 13:16:55\"\n" \
  "    }\n" \
  "}"

static void
test_webhook_signature (void)
{
  const char *secret = "s3cr3t-hash-0123456789";
  const char *body = "{\"event\":\"transfer.failed\",\"data\":{\"amount\":\"5000\"}}";
  g_autofree char *signature = pd_zengapay_webhook_sign (secret, body, strlen (body));
  g_autofree char *upper = g_ascii_strup (signature, -1);
  g_autofree char *tampered = g_strdup (body);
  g_autofree char *spaced = g_strdup_printf ("  %s \n", signature);
  g_autofree char *expected = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *)secret,
                                                         strlen (secret), body, -1);
  g_autoptr(GError) error = NULL;

  /* What PHP's hash_hmac('sha256', $input, $secret) prints. */
  g_assert_cmpstr (signature, ==, expected);
  g_assert_cmpuint (strlen (signature), ==, 64);

  g_assert_true (pd_zengapay_webhook_verify (secret, signature, body, strlen (body), &error));
  g_assert_no_error (error);
  g_assert_true (pd_zengapay_webhook_verify (secret, upper, body, strlen (body), &error));
  g_assert_true (pd_zengapay_webhook_verify (secret, spaced, body, strlen (body), &error));

  /* Another secret. */
  g_assert_false (pd_zengapay_webhook_verify ("another-secret", signature, body, strlen (body), &error));
  g_assert_error (error, PD_ZENGAPAY_WEBHOOK_ERROR, PD_ZENGAPAY_WEBHOOK_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);

  /* One byte of the body changed: 5000 → 9000. */
  tampered[strlen (tampered) - 7] = '9';
  g_assert_false (pd_zengapay_webhook_verify (secret, signature, tampered, strlen (tampered), &error));
  g_assert_error (error, PD_ZENGAPAY_WEBHOOK_ERROR, PD_ZENGAPAY_WEBHOOK_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);

  /* A body that is longer by a newline is another body. */
  {
    g_autofree char *longer = g_strconcat (body, "\n", NULL);

    g_assert_false (pd_zengapay_webhook_verify (secret, signature, longer, strlen (longer), &error));
    g_assert_error (error, PD_ZENGAPAY_WEBHOOK_ERROR, PD_ZENGAPAY_WEBHOOK_ERROR_BAD_SIGNATURE);
    g_clear_error (&error);
  }

  /* Not a signature at all, none, no secret. */
  g_assert_false (pd_zengapay_webhook_verify (secret, "sha256=abc", body, strlen (body), &error));
  g_assert_error (error, PD_ZENGAPAY_WEBHOOK_ERROR, PD_ZENGAPAY_WEBHOOK_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);
  signature[63] = 'g';
  g_assert_false (pd_zengapay_webhook_verify (secret, signature, body, strlen (body), &error));
  g_assert_error (error, PD_ZENGAPAY_WEBHOOK_ERROR, PD_ZENGAPAY_WEBHOOK_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);
  g_assert_false (pd_zengapay_webhook_verify (secret, NULL, body, strlen (body), &error));
  g_assert_error (error, PD_ZENGAPAY_WEBHOOK_ERROR, PD_ZENGAPAY_WEBHOOK_ERROR_NO_SIGNATURE);
  g_clear_error (&error);
  g_assert_false (pd_zengapay_webhook_verify ("", upper, body, strlen (body), &error));
  g_assert_error (error, PD_ZENGAPAY_WEBHOOK_ERROR, PD_ZENGAPAY_WEBHOOK_ERROR_NO_SECRET);
}

static void
test_webhook_parse (void)
{
  g_autofree char *body = g_strdup_printf (COLLECTION_EVENT, "566a4a89-4024-584c-b1f5-8c59aff0d334",
                                           "20080513164357");
  g_autoptr(PdZengapayWebhookEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *disagreeing = NULL;

  event = pd_zengapay_webhook_parse (body, strlen (body), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (event->event, ==, "collection.success");
  g_assert_cmpint (event->transaction->kind, ==, PD_TRANSACTION_KIND_COLLECTION);
  g_assert_cmpint (event->transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (event->transaction->provider_id, ==, "566a4a89-4024-584c-b1f5-8c59aff0d334");
  g_assert_cmpstr (event->transaction->reference, ==, "20080513164357");
  g_assert_cmpint (event->transaction->amount.units, ==, 126600);
  g_assert_cmpint (event->transaction->created_at, ==, kampala_time ("2020-08-05 13:16:43"));
  g_assert_cmpint (event->transaction->updated_at, ==, kampala_time ("2020-08-05 13:16:55"));
  g_assert_cmpstr (event->transaction->raw_json, ==, body);
  g_clear_pointer (&event, pd_zengapay_webhook_event_free);

  disagreeing = g_strdup ("{\"event\":\"transfer.failed\",\"data\":{\"transactionStatus\":\"SUCCEEDED\"}}");
  event = pd_zengapay_webhook_parse (disagreeing, strlen (disagreeing), NULL, &error);
  g_assert_error (error, PD_ZENGAPAY_WEBHOOK_ERROR, PD_ZENGAPAY_WEBHOOK_ERROR_MALFORMED);
  g_assert_null (event);
  g_clear_error (&error);

  {
    const char *refund = "{\"event\":\"refund.success\",\"data\":{}}";

    event = pd_zengapay_webhook_parse (refund, strlen (refund), NULL, &error);
  }
  g_assert_error (error, PD_ZENGAPAY_WEBHOOK_ERROR, PD_ZENGAPAY_WEBHOOK_ERROR_UNKNOWN_EVENT);
  g_assert_null (event);
  g_clear_error (&error);

  event = pd_zengapay_webhook_parse ("not json", 8, NULL, &error);
  g_assert_error (error, PD_ZENGAPAY_WEBHOOK_ERROR, PD_ZENGAPAY_WEBHOOK_ERROR_MALFORMED);
  g_assert_null (event);
}

static char *
capture (const char *secret,
         const char *body,
         const char *newline,
         gboolean    with_length)
{
  g_autofree char *signature = pd_zengapay_webhook_sign (secret, body, strlen (body));
  g_autofree char *length = g_strdup_printf ("Content-Length: %" G_GSIZE_FORMAT "%s", strlen (body), newline);

  return g_strconcat ("POST /zengapay/callback HTTP/1.1", newline,
                      "Host: shop.example.ug", newline,
                      "Content-Type: application/json", newline,
                      with_length ? length : "",
                      "x-zengapay-signature: ", signature, newline,
                      newline, body, with_length ? "\n" : "", NULL);
}

static void
on_import_ready (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_webhook_apply (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(PdOperation) operation = new_operation (fixture, PD_OPERATION_COLLECTION, "256772123456", "126600");
  g_autoptr(PdOperationResult) sent = NULL;
  g_autoptr(PdTransaction) applied = NULL;
  g_autoptr(PdTransaction) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *pasted = NULL;
  g_autofree char *tampered = NULL;
  g_autofree char *failed_body = NULL;
  g_autofree char *file_path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *signature = NULL;

  /* A pending collection, then its success event, pasted as received. */
  sent = perform (fixture->provider, operation, &error);
  g_assert_no_error (error);
  store_transaction (fixture, sent->transaction);

  body = g_strdup_printf (COLLECTION_EVENT, sent->transaction->provider_id, operation->reference);
  pasted = capture (secret_hash (fixture), body, "\r\n", FALSE);
  applied = pd_zengapay_webhook_import (fixture->store, fixture->account_id, secret_hash (fixture),
                                        pasted, strlen (pasted), &error);
  g_assert_no_error (error);
  g_assert_cmpint (applied->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpint (applied->id, >, 0);

  stored = stored_transaction (fixture, PD_TRANSACTION_KIND_COLLECTION, sent->transaction->provider_id);
  g_assert_cmpint (stored->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (stored->provider_status, ==, "SUCCEEDED");
  g_assert_cmpstr (stored->description, ==, operation->description);
  g_assert_cmpint (stored->updated_at, ==, kampala_time ("2020-08-05 13:16:55"));
  g_assert_nonnull (strstr (stored->raw_json, "collection.success"));
  g_clear_pointer (&stored, pd_transaction_free);
  g_clear_pointer (&applied, pd_transaction_free);

  /* The same event with its amount changed on the way changes nothing. */
  tampered = g_strdup (pasted);
  memcpy (strstr (tampered, "\"126600\""), "\"926600\"", 8);
  applied = pd_zengapay_webhook_import (fixture->store, fixture->account_id, secret_hash (fixture),
                                        tampered, strlen (tampered), &error);
  g_assert_error (error, PD_ZENGAPAY_WEBHOOK_ERROR, PD_ZENGAPAY_WEBHOOK_ERROR_BAD_SIGNATURE);
  g_assert_null (applied);
  g_clear_error (&error);

  /* A transfer.failed for a transfer the store has never seen, from a
   * file, with a Content-Length and the editor's final newline. */
  failed_body = g_strdup ("{\"event\":\"transfer.failed\",\"data\":{"
                          "\"transactionStatus\":\"FAILED\","
                          "\"transactionReference\":\"950ec58b-8b90-5219-aecc-41520f7e540e\","
                          "\"externalTransactionReference\":\"ENCPT730223314\","
                          "\"MNOTransactionReferenceId\":null,"
                          "\"currencyCode\":\"UGX-ATLMM\",\"amount\":\"3200.50\","
                          "\"msisdn\":\"256755329361\",\"channel\":\"API\","
                          "\"transactionType\":\"OUTBOUND_MSISDN_DEBIT\","
                          "\"transactionInitiationDate\":\"2020-10-11 12:44:04\","
                          "\"transactionCompletionDate\":\"2020-10-11 12:44:09\"}}");
  g_free (pasted);
  pasted = capture (secret_hash (fixture), failed_body, "\n", TRUE);
  file_path = g_build_filename (fixture->dir, "event.http", NULL);
  g_assert_true (g_file_set_contents (file_path, pasted, -1, &error));
  file = g_file_new_for_path (file_path);

  pd_zengapay_webhook_import_file_async (fixture->store, fixture->account_id, secret_hash (fixture),
                                         file, NULL, on_import_ready, &result);
  applied = pd_zengapay_webhook_import_file_finish (wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (applied->kind, ==, PD_TRANSACTION_KIND_TRANSFER);
  g_assert_cmpint (applied->state, ==, PD_TRANSACTION_STATE_FAILED);
  g_assert_cmpint (applied->amount.units, ==, 320050);
  g_assert_cmpuint (applied->amount.scale, ==, 2);
  g_assert_cmpstr (applied->reference, ==, "ENCPT730223314");
  g_assert_cmpstr (applied->phone, ==, "256755329361");

  /* A body alone, with its signature given separately. */
  signature = pd_zengapay_webhook_sign (secret_hash (fixture), failed_body, strlen (failed_body));
  g_clear_pointer (&applied, pd_transaction_free);
  applied = pd_zengapay_webhook_apply (fixture->store, fixture->account_id, secret_hash (fixture),
                                       signature, failed_body, strlen (failed_body), &error);
  g_assert_no_error (error);
  g_assert_cmpint (applied->state, ==, PD_TRANSACTION_STATE_FAILED);
  g_clear_pointer (&applied, pd_transaction_free);

  applied = pd_zengapay_webhook_import (fixture->store, fixture->account_id, secret_hash (fixture),
                                        failed_body, strlen (failed_body), &error);
  g_assert_error (error, PD_ZENGAPAY_WEBHOOK_ERROR, PD_ZENGAPAY_WEBHOOK_ERROR_NO_SIGNATURE);
  g_assert_null (applied);
}

/* The registry */

static void
test_registry (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(PdSecretSet) secrets = pd_secret_set_new ();
  g_autoptr(PdProvider) provider = NULL;
  g_autoptr(PdPage) page = NULL;
  g_autoptr(GError) error = NULL;

  account = pd_store_get_account (fixture->store, fixture->account_id, &error);
  g_assert_no_error (error);

  provider = pd_provider_registry_create (account, secrets, &error);
  g_assert_error (error, PD_PROVIDER_REGISTRY_ERROR, PD_PROVIDER_REGISTRY_ERROR_MISSING_SECRET);
  g_assert_nonnull (strstr (error->message, "token"));
  g_assert_null (provider);
  g_clear_error (&error);

  pd_secret_set_set (secrets, "token", pd_test_sandbox_get_credential (fixture->sandbox, "zengapay", "token"));
  pd_secret_set_set (secrets, "secret_hash", secret_hash (fixture));
  provider = pd_provider_registry_create (account, secrets, &error);
  g_assert_no_error (error);
  g_assert_true (PD_IS_ZENGAPAY_CLIENT (provider));
  g_assert_cmpstr (pd_zengapay_client_get_timezone (PD_ZENGAPAY_CLIENT (provider)), ==, "Africa/Kampala");

  page = fetch_page (provider, "networks", NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_assert_true (check_account (provider, &error));
  g_assert_no_error (error);

  g_assert_finalize_object (g_steal_pointer (&provider));
}

static void
add_sandbox_test (const char *path,
                  void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_sandbox_test ("/zengapay/interface", test_interface);
  add_sandbox_test ("/zengapay/unknown-resource", test_unknown_resource);
  add_sandbox_test ("/zengapay/collections/list", test_list_collections);
  add_sandbox_test ("/zengapay/transfers/list", test_list_transfers);
  add_sandbox_test ("/zengapay/airtime-bundles/list", test_list_airtime_bundles);
  add_sandbox_test ("/zengapay/transactions/get", test_get_transactions);
  add_sandbox_test ("/zengapay/collections/outbox-settles", test_collection_outbox);
  add_sandbox_test ("/zengapay/collections/outbox-lost-answer", test_collection_outbox_lost_answer);
  add_sandbox_test ("/zengapay/collections/settles", test_collection_settles);
  add_sandbox_test ("/zengapay/transfers/airtime-bundles", test_transfer_airtime_bundle);
  add_sandbox_test ("/zengapay/collections/failed-indeterminate", test_failed_and_indeterminate);
  add_sandbox_test ("/zengapay/operations/refused-locally", test_refused_locally);
  add_sandbox_test ("/zengapay/operations/duplicate-reference", test_duplicate_reference);
  add_sandbox_test ("/zengapay/lookup/walks", test_lookup_walks);
  add_sandbox_test ("/zengapay/lookup/lost-answer", test_lost_answer);
  add_sandbox_test ("/zengapay/errors/401", test_error_unauthorized);
  add_sandbox_test ("/zengapay/errors/403", test_error_forbidden);
  add_sandbox_test ("/zengapay/errors/422", test_error_validation);
  add_sandbox_test ("/zengapay/errors/429", test_error_rate_limited);
  add_sandbox_test ("/zengapay/errors/503", test_error_unavailable);
  add_sandbox_test ("/zengapay/errors/malformed", test_error_malformed);
  add_sandbox_test ("/zengapay/networks", test_networks);
  g_test_add_func ("/zengapay/networks/for-phone", test_network_for_phone);
  add_sandbox_test ("/zengapay/contacts", test_contacts);
  add_sandbox_test ("/zengapay/account-balances", test_account_and_balances);
  add_sandbox_test ("/zengapay/statement/sync", test_statement_sync);
  add_sandbox_test ("/zengapay/statement/provider-pages", test_statement_sync_engine_pages);
  add_sandbox_test ("/zengapay/statement/filters", test_statement_filters);
  add_sandbox_test ("/zengapay/sync-engine", test_sync_engine);
  add_sandbox_test ("/zengapay/statement/balance-chain", test_balance_chain);
  add_sandbox_test ("/zengapay/statement/cancelled", test_statement_cancelled);
  g_test_add_func ("/zengapay/webhook/signature", test_webhook_signature);
  g_test_add_func ("/zengapay/webhook/parse", test_webhook_parse);
  add_sandbox_test ("/zengapay/webhook/apply", test_webhook_apply);
  add_sandbox_test ("/zengapay/registry", test_registry);

  return g_test_run ();
}

/* test-pawacard-client.c - the PawaCard client against the sandbox over loopback
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gstdio.h>

#include "pd-json.h"
#include "pd-outbox.h"
#include "pd-pawacard-client.h"
#include "pd-provider-registry.h"
#include "pd-receipt.h"
#include "pd-store.h"
#include "pd-test-capture.h"
#include "pd-test-sandbox.h"

typedef struct
{
  PdTestSandbox    *sandbox;
  PdPawacardClient *client;
  PdProvider       *provider;
  guint             n_keys;
  char             *last_key;
} Fixture;

static void
on_session_key (PdPawacardClient *client,
                const char       *session_key,
                gpointer          user_data)
{
  Fixture *fixture = user_data;

  fixture->n_keys++;
  g_free (fixture->last_key);
  fixture->last_key = g_strdup (session_key);
}

static void
make_retries_quick (PdPawacardClient *client)
{
  PdHttpClient *http = pd_pawacard_client_get_http_client (client);

  pd_http_client_set_retry_delay (http, 10);
  pd_http_client_set_max_retry_delay (http, 40);
  pd_http_client_set_timeout (http, 15000);
}

static PdPawacardClient *
new_client (PdTestSandbox *sandbox,
            const char    *password,
            const char    *session_key)
{
  PdPawacardClient *client;

  client = pd_pawacard_client_new (pd_test_sandbox_get_base_url (sandbox, "pawacard"),
                                   pd_test_sandbox_get_credential (sandbox, "pawacard", "username"),
                                   password, session_key);
  make_retries_quick (client);
  pd_pawacard_client_set_poll_interval (client, 50);

  return client;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->sandbox = pd_test_sandbox_start (NULL);
  fixture->client = new_client (fixture->sandbox,
                                pd_test_sandbox_get_credential (fixture->sandbox, "pawacard", "password"),
                                NULL);
  fixture->provider = PD_PROVIDER (fixture->client);
  pd_pawacard_client_set_session_key_func (fixture->client, on_session_key, fixture, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_assert_finalize_object (fixture->client);
  pd_test_sandbox_stop (fixture->sandbox);
  g_free (fixture->last_key);
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

static PdBalance *
login (PdPawacardClient  *client,
       GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_pawacard_client_login_async (client, NULL, on_ready, &result);
  return pd_pawacard_client_login_finish (client, wait_for (&result), error);
}

static PdBalance *
get_balance (PdPawacardClient  *client,
             GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_pawacard_client_get_balance_async (client, NULL, on_ready, &result);
  return pd_pawacard_client_get_balance_finish (client, wait_for (&result), error);
}

static PdPawacardCustomer *
verify_meter (PdPawacardClient  *client,
              const char        *meter,
              GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_pawacard_client_verify_meter_async (client, meter, NULL, on_ready, &result);
  return pd_pawacard_client_verify_meter_finish (client, wait_for (&result), error);
}

static PdPawacardCustomer *
verify_account (PdPawacardClient  *client,
                const char        *account,
                GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_pawacard_client_verify_account_async (client, account, NULL, on_ready, &result);
  return pd_pawacard_client_verify_account_finish (client, wait_for (&result), error);
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

static PdTransaction *
get_transaction (PdPawacardClient     *client,
                 const PdTransaction  *transaction,
                 GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_pawacard_client_get_transaction_async (client, transaction, NULL, on_ready, &result);
  return pd_pawacard_client_get_transaction_finish (client, wait_for (&result), error);
}

static PdTransaction *
follow_transaction (PdPawacardClient     *client,
                    const PdTransaction  *transaction,
                    GCancellable         *cancellable,
                    GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_pawacard_client_follow_transaction_async (client, transaction, cancellable, on_ready, &result);
  return pd_pawacard_client_follow_transaction_finish (client, wait_for (&result), error);
}

static PdPage *
fetch_page (PdProvider  *provider,
            const char  *resource,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_provider_fetch_page_async (provider, resource, NULL, NULL, on_ready, &result);
  return pd_provider_fetch_page_finish (provider, wait_for (&result), error);
}

static gboolean
test_account (PdProvider  *provider,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_provider_test_async (provider, NULL, on_ready, &result);
  return pd_provider_test_finish (provider, wait_for (&result), error);
}

/* Test data */

/* Seeded meter k: "014", k in seven digits, a Luhn check digit (written
 * out again here rather than taken from the client). */
static char *
meter_number (guint k)
{
  g_autofree char *body = g_strdup_printf ("014%07u", k);
  guint sum = 0;
  gsize length = strlen (body);

  for (gsize i = 0; i < length; i++)
    {
      guint digit = body[length - 1 - i] - '0';

      /* Counting from the check digit to come, these are the doubled ones. */
      if (i % 2 == 0)
        {
          digit *= 2;
          if (digit > 9)
            digit -= 9;
        }
      sum += digit;
    }

  return g_strdup_printf ("%s%u", body, (10 - sum % 10) % 10);
}

static char *
new_ref (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strconcat ("t", uuid, NULL);
}

static PdOperation *
sale_operation (PdOperationKind  kind,
                const char      *number,
                gint64           shillings,
                const char      *ref)
{
  PdOperation *operation = pd_operation_new (kind, 1);

  pd_money_init (&operation->amount, shillings, 0, "KES");
  operation->reference = ref != NULL ? g_strdup (ref) : new_ref ();
  operation->idempotency_key = g_strdup (operation->reference);
  pd_operation_set_field (operation, kind == PD_OPERATION_BILL ? "account_number" : "meter", number);

  return operation;
}

static guint
count_ledger (PdTestSandbox *sandbox,
              const char    *operation,
              const char    *reference)
{
  g_autoptr(JsonArray) entries = pd_test_sandbox_get_ledger (sandbox, "pawacard");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "operation"), operation) != 0)
        continue;
      if (reference != NULL && g_strcmp0 (json_object_get_string_member (entry, "reference"), reference) != 0)
        continue;
      n++;
    }

  return n;
}

static gint64
money_units (const PdMoney *money,
             guint          scale)
{
  PdMoney out;

  g_assert_true (pd_money_rescale (money, scale, &out, NULL));
  return out.units;
}

static void
assert_token (const char *token)
{
  g_assert_nonnull (token);
  g_assert_cmpuint (strlen (token), ==, 20);
  for (const char *p = token; *p; p++)
    g_assert_true (g_ascii_isdigit (*p));
}

static char *
raw_member (const PdTransaction *transaction,
            const char          *member)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (transaction->raw_json);
  root = pd_json_parse (transaction->raw_json, -1, &error);
  g_assert_no_error (error);

  return pd_json_dup_text (json_node_get_object (root), member);
}

static char *
group_by_four (const char *token)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; token[i] != '\0'; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (text, ' ');
      g_string_append_c (text, token[i]);
    }

  return g_string_free (text, FALSE);
}

static void
remove_database (const char *dir,
                 const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      g_unlink (name);
    }
  g_rmdir (dir);
}

/* Logging in */

static void
test_login (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBalance) balance = NULL;
  gint64 shillings;

  g_assert_false (pd_pawacard_client_has_session_key (fixture->client));

  balance = login (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (balance);
  g_assert_cmpstr (balance->amount.currency, ==, "KES");
  g_assert_cmpstr (balance->wallet, ==, "KES");
  shillings = money_units (&balance->amount, 0);
  g_assert_cmpint (shillings, >=, 250000);
  g_assert_cmpint (shillings, <=, 750000);

  g_assert_true (pd_pawacard_client_has_session_key (fixture->client));
  g_assert_cmpuint (fixture->n_keys, ==, 1);
  g_assert_cmpuint (strlen (fixture->last_key), ==, 43);
}

static void
test_login_wrong_password (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  g_autoptr(PdPawacardClient) client = new_client (sandbox, "not-the-password", NULL);
  g_autoptr(PdBalance) balance = NULL;
  g_autoptr(PdBalance) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) balance_error = NULL;

  balance = login (client, &error);
  g_assert_null (balance);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH);
  g_assert_cmpstr (pd_provider_error_get_provider_message (error), ==, "Wrong Username or Password");
  g_assert_false (pd_pawacard_client_has_session_key (client));

  /* A call that needs a key reports the same refusal, once. */
  second = get_balance (client, &balance_error);
  g_assert_null (second);
  g_assert_error (balance_error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH);

  g_clear_object (&client);
}

/* The key comes by itself, and is renewed when its hour is out or it is
 * refused, once. */
static void
test_key_renewed (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBalance) first = NULL;
  g_autoptr(PdBalance) second = NULL;
  g_autofree char *first_key = NULL;

  first = get_balance (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_cmpuint (fixture->n_keys, ==, 1);
  first_key = g_strdup (fixture->last_key);

  /* PawaCard's hour passes on its clock, not on ours: the key is refused. */
  pd_test_sandbox_advance_clock (fixture->sandbox, 3601);

  second = get_balance (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
  g_assert_cmpuint (fixture->n_keys, ==, 2);
  g_assert_cmpstr (fixture->last_key, !=, first_key);
  g_assert_true (pd_money_equal (&first->amount, &second->amount));
}

static void
test_key_stale_from_keyring (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  const char *password = pd_test_sandbox_get_credential (sandbox, "pawacard", "password");
  g_autoptr(PdPawacardClient) client = new_client (sandbox, password, "an-old-key-from-the-keyring");
  g_autoptr(PdBalance) balance = NULL;
  g_autoptr(GError) error = NULL;
  Fixture counter = { 0, };

  pd_pawacard_client_set_session_key_func (client, on_session_key, &counter, NULL);
  g_assert_true (pd_pawacard_client_has_session_key (client));

  balance = get_balance (client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (balance);
  g_assert_cmpuint (counter.n_keys, ==, 1);

  g_clear_object (&client);
  g_free (counter.last_key);
}

static void
test_key_refused_twice (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBalance) balance = NULL;
  g_autoptr(PdTestResponse) faults = NULL;
  JsonArray *armed;

  balance = get_balance (fixture->client, &error);
  g_assert_no_error (error);
  g_clear_pointer (&balance, pd_balance_free);
  g_assert_cmpuint (fixture->n_keys, ==, 1);

  /* Refused, renewed, refused again: that is the end of it. */
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"pawacard\",\"method\":\"POST\",\"path\":\"/v3/balance\","
                             "\"action\":\"status\",\"status\":401,\"count\":3}");

  balance = get_balance (fixture->client, &error);
  g_assert_null (balance);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH);
  g_assert_cmpuint (fixture->n_keys, ==, 2);

  faults = pd_test_sandbox_control (fixture->sandbox, "GET", "/faults", NULL);
  armed = pd_test_assert_array_member (pd_test_response_get_object (faults), "faults");
  g_assert_cmpuint (json_array_get_length (armed), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (armed, 0), "remaining"), ==, 1);
}

/* Meters and accounts */

static void
test_verify_meter (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPawacardCustomer) customer = NULL;
  g_autoptr(PdPawacardCustomer) spaced = NULL;
  g_autofree char *meter = meter_number (1);
  g_autofree char *with_spaces = g_strconcat ("  ", meter, " ", NULL);

  g_assert_cmpstr (meter, ==, "01400000012");
  g_assert_true (pd_pawacard_meter_number_is_valid (meter));

  customer = verify_meter (fixture->client, meter, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (customer->number, ==, meter);
  g_assert_nonnull (customer->name);
  g_assert_cmpuint (strlen (customer->name), >, 0);
  g_assert_false (pd_money_is_set (&customer->balance_due));

  spaced = verify_meter (fixture->client, with_spaces, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spaced->name, ==, customer->name);
}

static void
test_verify_meter_luhn (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) remote_error = NULL;
  g_autoptr(PdPawacardCustomer) customer = NULL;
  g_autofree char *unknown = meter_number (9999);

  /* A wrong check digit is caught before anything is sent. */
  g_assert_false (pd_pawacard_meter_number_is_valid ("01400000013"));
  customer = verify_meter (fixture->client, "01400000013", &local_error);
  g_assert_null (customer);
  g_assert_error (local_error, PD_PAWACARD_ERROR, PD_PAWACARD_ERROR_INVALID_METER);
  g_assert_cmpstr (pd_pawacard_error_get_number (local_error), ==, "01400000013");
  g_assert_nonnull (strstr (local_error->message, "01400000013"));
  g_assert_nonnull (strstr (local_error->message, "Luhn"));
  g_assert_cmpuint (fixture->n_keys, ==, 0);

  /* A number Kenya Power does not know gets the document's elec100. */
  g_assert_true (pd_pawacard_meter_number_is_valid (unknown));
  customer = verify_meter (fixture->client, unknown, &remote_error);
  g_assert_null (customer);
  g_assert_error (remote_error, PD_PAWACARD_ERROR, PD_PAWACARD_ERROR_INVALID_METER);
  g_assert_cmpstr (pd_pawacard_error_get_number (remote_error), ==, unknown);
  g_assert_nonnull (strstr (remote_error->message, unknown));
  g_assert_nonnull (strstr (remote_error->message, "did not pass the Luhn validation"));
}

static void
test_verify_account (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPawacardCustomer) customer = NULL;
  g_autoptr(PdPawacardCustomer) unknown = NULL;

  customer = verify_account (fixture->client, " 0200001-01", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (customer->number, ==, "0200001-01");
  g_assert_cmpuint (strlen (customer->name), >, 0);
  g_assert_true (pd_money_is_set (&customer->balance_due));
  g_assert_cmpstr (customer->balance_due.currency, ==, "KES");

  unknown = verify_account (fixture->client, "0999999-01", &error);
  g_assert_null (unknown);
  g_assert_error (error, PD_PAWACARD_ERROR, PD_PAWACARD_ERROR_UNKNOWN_ACCOUNT);
  g_assert_cmpstr (pd_pawacard_error_get_number (error), ==, "0999999-01");
}

/* Vending */

static void
test_vend (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *meter = meter_number (2);
  g_autoptr(PdOperation) operation = sale_operation (PD_OPERATION_VEND, meter, 200, NULL);
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(PdBalance) before = NULL;
  g_autoptr(PdBalance) after = NULL;
  g_autofree char *token = NULL;
  g_autofree char *grouped = NULL;
  g_autofree char *units = NULL;
  g_autofree char *receipt = NULL;
  PdTransaction *vend;

  before = get_balance (fixture->client, &error);
  g_assert_no_error (error);

  result = perform (fixture->provider, operation, &error);
  g_assert_no_error (error);
  vend = result->transaction;
  g_assert_cmpint (vend->kind, ==, PD_TRANSACTION_KIND_VEND);
  g_assert_cmpint (vend->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (vend->provider_id, ==, operation->reference);
  g_assert_cmpstr (vend->reference, ==, operation->reference);
  g_assert_cmpstr (vend->provider_status, ==, "elec000");
  g_assert_cmpstr (vend->counterparty, ==, meter);
  g_assert_cmpstr (vend->amount.currency, ==, "KES");
  g_assert_cmpint (money_units (&vend->amount, 0), ==, 200);
  g_assert_nonnull (vend->customer_name);

  /* The document's date is Nairobi time, on the sandbox's clock. */
  g_assert_cmpint (vend->created_at, >=, 1782820800 - 60);
  g_assert_cmpint (vend->created_at, <=, 1782820800 + 3600);

  /* What was sold stays on the record: token, receipt, units, charges. */
  token = raw_member (vend, "token");
  assert_token (token);
  grouped = group_by_four (token);
  units = raw_member (vend, "units");
  receipt = raw_member (vend, "stdTokenRctNum");
  g_assert_cmpstr (units, ==, "3.97");
  g_assert_true (g_str_has_prefix (receipt, "RADIXOVS"));
  g_assert_nonnull (strstr (vend->description, grouped));
  g_assert_nonnull (strstr (vend->description, receipt));
  g_assert_nonnull (strstr (vend->description, "3.97 kWh"));
  g_assert_nonnull (strstr (vend->raw_json, "\"FuelIndexCharge\":\"92770\""));
  g_assert_null (strstr (vend->raw_json, "\"key\""));
  g_assert_nonnull (result->response_json);

  g_assert_cmpuint (count_ledger (fixture->sandbox, "vend", operation->reference), ==, 1);

  /* The record is enough for the customer's receipt. */
  {
    g_autoptr(PdReceipt) printed = pd_receipt_new_from_transaction (vend, NULL, &error);
    g_autofree char *text = NULL;

    g_assert_no_error (error);
    text = pd_receipt_to_text (printed);
    g_assert_nonnull (strstr (text, grouped));
    g_assert_nonnull (strstr (text, meter));
    g_assert_nonnull (strstr (text, receipt));
    g_assert_cmpstr (printed->receipt_number, ==, receipt);
    g_assert_cmpuint (printed->charges->len, ==, 7);
  }

  after = get_balance (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpint (money_units (&before->amount, 0) - money_units (&after->amount, 0), ==, 200);
}

static void
test_vend_throttled (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *meter = meter_number (3);
  g_autoptr(PdOperation) first = sale_operation (PD_OPERATION_VEND, meter, 100, NULL);
  g_autoptr(PdOperation) second = sale_operation (PD_OPERATION_VEND, meter, 150, NULL);
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(PdOperationResult) later = NULL;
  g_autoptr(GDateTime) retry_at = NULL;
  g_autoptr(GDateTime) shown = NULL;
  g_autofree char *clock = NULL;
  gint64 sold_at;
  gint64 wait;

  result = perform (fixture->provider, first, &error);
  g_assert_no_error (error);
  sold_at = g_get_real_time () / G_USEC_PER_SEC;

  g_clear_pointer (&result, pd_operation_result_free);
  result = perform (fixture->provider, second, &error);
  g_assert_null (result);
  g_assert_error (error, PD_PAWACARD_ERROR, PD_PAWACARD_ERROR_THROTTLED);
  g_assert_false (pd_provider_error_is_outcome_unknown (error));
  g_assert_cmpstr (pd_pawacard_error_get_number (error), ==, meter);

  /* Five minutes after the sale this client saw, told to the minute,
   * never earlier. */
  retry_at = pd_pawacard_error_get_retry_at (error);
  g_assert_nonnull (retry_at);
  wait = g_date_time_to_unix (retry_at) - sold_at;
  g_assert_cmpint (wait, >=, 299);
  g_assert_cmpint (wait, <=, 301);
  shown = g_date_time_add_seconds (retry_at, 59);
  clock = g_date_time_format (shown, "%H:%M");
  g_assert_nonnull (strstr (error->message, clock));
  g_assert_nonnull (strstr (error->message, meter));
  g_assert_null (pd_pawacard_error_get_retry_at (NULL));

  g_assert_cmpuint (count_ledger (fixture->sandbox, "vend", NULL), ==, 1);

  /* A refused sale left its ref free: the same operation goes through once
   * the five minutes are over. */
  pd_test_sandbox_advance_clock (fixture->sandbox, 301);
  later = perform (fixture->provider, second, &error);
  g_clear_error (&error);
  g_assert_nonnull (later);
  g_assert_cmpint (later->transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpuint (count_ledger (fixture->sandbox, "vend", second->reference), ==, 1);
}

static gboolean
advance_clock_later (gpointer user_data)
{
  Fixture *fixture = user_data;

  pd_test_sandbox_advance_clock (fixture->sandbox, 121);
  return G_SOURCE_REMOVE;
}

static void
test_vend_pending (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *meter = meter_number (4);
  g_autofree char *other = meter_number (5);
  g_autoptr(PdOperation) pending = sale_operation (PD_OPERATION_VEND, meter, 555, NULL);
  g_autoptr(PdOperation) queued = sale_operation (PD_OPERATION_VEND, other, 777, NULL);
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(PdOperationResult) queued_result = NULL;
  g_autoptr(PdTransaction) now = NULL;
  g_autoptr(PdTransaction) done = NULL;
  g_autofree char *token = NULL;

  result = perform (fixture->provider, pending, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->transaction->state, ==, PD_TRANSACTION_STATE_PENDING);
  g_assert_cmpstr (result->transaction->provider_status, ==, "pending (5)");
  g_assert_cmpint (money_units (&result->transaction->amount, 0), ==, 555);
  g_assert_cmpstr (result->transaction->counterparty, ==, meter);

  queued_result = perform (fixture->provider, queued, &error);
  g_assert_no_error (error);
  g_assert_cmpint (queued_result->transaction->state, ==, PD_TRANSACTION_STATE_PENDING);
  g_assert_cmpstr (queued_result->transaction->provider_status, ==, "pending (0)");

  /* Pending money moved already. */
  g_assert_cmpuint (count_ledger (fixture->sandbox, "vend", NULL), ==, 2);

  now = get_transaction (fixture->client, result->transaction, &error);
  g_assert_no_error (error);
  g_assert_cmpint (now->state, ==, PD_TRANSACTION_STATE_PENDING);
  g_assert_cmpint (money_units (&now->amount, 0), ==, 555);

  /* Followed with /transaction until it completes. */
  g_timeout_add (300, advance_clock_later, fixture);
  done = follow_transaction (fixture->client, result->transaction, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (done->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (done->provider_id, ==, pending->reference);
  g_assert_cmpstr (done->counterparty, ==, meter);
  token = raw_member (done, "token");
  assert_token (token);
  g_assert_cmpuint (count_ledger (fixture->sandbox, "vend", NULL), ==, 2);
}

static void
test_follow_cancelled (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *meter = meter_number (6);
  g_autoptr(PdOperation) pending = sale_operation (PD_OPERATION_VEND, meter, 555, NULL);
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(PdTransaction) done = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  result = perform (fixture->provider, pending, &error);
  g_assert_no_error (error);

  /* A long wait between questions is cut short by a cancellation. */
  pd_pawacard_client_set_poll_interval (fixture->client, 60000);
  g_timeout_add_once (200, (GSourceOnceFunc)g_cancellable_cancel, cancellable);
  done = follow_transaction (fixture->client, result->transaction, cancellable, &error);
  g_assert_null (done);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_vend_failed (Fixture       *fixture,
                  gconstpointer  user_data)
{
  const struct
  {
    gint64      amount;
    const char *code;
  } cases[] = {
    { 333, "elec001" },
    { 444, "elec003" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *meter = meter_number (10 + i);
      g_autoptr(PdOperation) operation = sale_operation (PD_OPERATION_VEND, meter, cases[i].amount, NULL);
      g_autoptr(PdOperationResult) result = NULL;
      g_autoptr(PdOperationResult) looked_up = NULL;

      result = perform (fixture->provider, operation, &error);
      g_assert_no_error (error);
      g_assert_cmpint (result->transaction->state, ==, PD_TRANSACTION_STATE_FAILED);
      g_assert_cmpstr (result->transaction->provider_status, ==, cases[i].code);
      g_assert_cmpuint (strlen (result->transaction->description), >, 0);

      looked_up = lookup (fixture->provider, operation, &error);
      g_assert_no_error (error);
      g_assert_cmpint (looked_up->transaction->state, ==, PD_TRANSACTION_STATE_FAILED);
    }

  g_assert_cmpuint (count_ledger (fixture->sandbox, "vend", NULL), ==, 0);
}

static void
test_vend_refusals (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *meter = meter_number (20);
  g_autofree char *fresh_meter = meter_number (21);
  g_autoptr(PdOperation) small = sale_operation (PD_OPERATION_VEND, meter, 5, NULL);
  g_autoptr(PdOperation) fraction = sale_operation (PD_OPERATION_VEND, meter, 100, NULL);
  g_autoptr(PdOperation) bad_meter = sale_operation (PD_OPERATION_VEND, "01400000013", 100, NULL);
  g_autoptr(PdOperation) bad_ref = sale_operation (PD_OPERATION_VEND, meter, 100, "a ref with spaces");
  g_autoptr(PdOperation) first = sale_operation (PD_OPERATION_VEND, meter, 100, NULL);
  g_autoptr(PdOperation) again = NULL;
  g_autoptr(PdOperation) bill = sale_operation (PD_OPERATION_BILL, "0200002-01", 100, NULL);
  g_autoptr(PdOperation) clash = NULL;
  g_autoptr(PdOperation) unknown = sale_operation (PD_OPERATION_VEND, meter, 100, NULL);
  g_autoptr(PdOperationResult) result = NULL;

  /* PawaCard's own refusal of an amount. */
  result = perform (fixture->provider, small, &error);
  g_assert_null (result);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_VALIDATION);
  g_assert_nonnull (strstr (pd_provider_error_get_provider_message (error), "Invalid amount"));
  g_clear_error (&error);

  /* Refused before sending: cents, a wrong check digit, a bad ref. */
  pd_money_init (&fraction->amount, 10050, 2, "KES");
  result = perform (fixture->provider, fraction, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  result = perform (fixture->provider, bad_meter, &error);
  g_assert_error (error, PD_PAWACARD_ERROR, PD_PAWACARD_ERROR_INVALID_METER);
  g_clear_error (&error);

  result = perform (fixture->provider, bad_ref, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (count_ledger (fixture->sandbox, "vend", NULL), ==, 0);

  /* 103: sending a sale again finds the first one instead of a second. */
  result = perform (fixture->provider, first, &error);
  g_assert_no_error (error);
  g_clear_pointer (&result, pd_operation_result_free);
  again = pd_operation_copy (first);
  pd_operation_set_field (again, "meter", fresh_meter);
  result = perform (fixture->provider, again, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (result->transaction->provider_id, ==, first->reference);
  g_clear_pointer (&result, pd_operation_result_free);
  g_assert_cmpuint (count_ledger (fixture->sandbox, "vend", NULL), ==, 1);

  /* 103 for a ref a bill took: a conflict, and nothing sold. */
  result = perform (fixture->provider, bill, &error);
  g_assert_no_error (error);
  g_clear_pointer (&result, pd_operation_result_free);
  clash = sale_operation (PD_OPERATION_VEND, fresh_meter, 100, bill->reference);
  result = perform (fixture->provider, clash, &error);
  g_assert_null (result);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_CONFLICT);
  g_assert_cmpstr (pd_provider_error_get_provider_code (error), ==, "103");
  g_clear_error (&error);
  g_assert_cmpuint (count_ledger (fixture->sandbox, "vend", NULL), ==, 1);

  /* 104: a ref PawaCard never saw. */
  result = lookup (fixture->provider, unknown, &error);
  g_assert_null (result);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NOT_FOUND);
  g_assert_cmpstr (pd_provider_error_get_provider_code (error), ==, "104");
}

/* 102 and 105 need the balance spent and a meter used ten times. */
static void
test_vend_limits (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *meter = meter_number (30);
  gboolean refused = FALSE;

  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(PdOperation) operation = sale_operation (PD_OPERATION_VEND, meter, 10, NULL);
      g_autoptr(PdOperationResult) result = perform (fixture->provider, operation, &error);

      g_assert_no_error (error);
      g_assert_cmpint (result->transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
      pd_test_sandbox_advance_clock (fixture->sandbox, 301);
    }

  /* Past the key's hour too. */
  pd_test_sandbox_advance_clock (fixture->sandbox, 600);

  {
    g_autoptr(PdOperation) eleventh = sale_operation (PD_OPERATION_VEND, meter, 10, NULL);
    g_autoptr(PdOperationResult) result = perform (fixture->provider, eleventh, &error);

    g_assert_null (result);
    g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_VALIDATION);
    g_assert_cmpstr (pd_provider_error_get_provider_code (error), ==, "105");
    g_assert_nonnull (strstr (error->message, meter));
    g_clear_error (&error);
  }

  /* The key's hour ran out on the way: it was renewed by itself. */
  g_assert_cmpuint (fixture->n_keys, ==, 2);

  for (guint k = 40; k < 45 && !refused; k++)
    {
      g_autofree char *big_meter = meter_number (k);
      g_autoptr(PdOperation) operation = sale_operation (PD_OPERATION_VEND, big_meter, 250000, NULL);
      g_autoptr(PdOperationResult) result = perform (fixture->provider, operation, &error);

      if (result != NULL)
        continue;

      g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_VALIDATION);
      g_assert_cmpstr (pd_provider_error_get_provider_code (error), ==, "102");
      g_assert_cmpstr (pd_provider_error_get_provider_message (error), ==, "Insufficient balance");
      g_assert_nonnull (strstr (error->message, "balance"));
      refused = TRUE;
    }

  g_assert_true (refused);
}

/* The Done-when case: the answer to a vend is lost after PawaCard applied
 * it. The outcome is unknown; /transaction finds the sale, and the store
 * ends with one completed vend with its token, the ledger with one vend. */
static void
test_vend_answer_lost (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *meter = meter_number (7);
  g_autoptr(PdOperation) operation = sale_operation (PD_OPERATION_VEND, meter, 300, NULL);
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(PdOperationResult) found = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdAccount) account = pd_account_new ();
  g_autoptr(PdTransaction) stored = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(PdQuery) query = pd_query_new ();
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *token = NULL;
  g_autofree char *grouped = NULL;
  PdUpsertStats stats = { 0, };
  guint64 count = 0;

  dir = g_dir_make_tmp ("paydesk-pawacard-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "paydesk.db", NULL);
  store = pd_store_new_for_path (path, &error);
  g_assert_no_error (error);
  account->provider = g_strdup ("pawacard");
  account->label = g_strdup ("Kisumu kiosk");
  account->username = g_strdup ("testvendor");
  g_assert_true (pd_store_add_account (store, account, &error));
  g_assert_no_error (error);
  operation->account_id = account->id;

  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"pawacard\",\"method\":\"POST\",\"path\":\"/v3/vend\","
                             "\"action\":\"drop_after_apply\"}");

  result = perform (fixture->provider, operation, &error);
  g_assert_null (result);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NETWORK);
  g_assert_true (pd_provider_error_is_outcome_unknown (error));
  g_clear_error (&error);
  g_assert_cmpuint (count_ledger (fixture->sandbox, "vend", operation->reference), ==, 1);

  /* Reconciled by looking it up, as the provider says it must be. */
  g_assert_cmpint (pd_provider_get_reconcile_method (fixture->provider, PD_OPERATION_VEND), ==,
                   PD_RECONCILE_LOOKUP);
  found = lookup (fixture->provider, operation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  token = raw_member (found->transaction, "token");
  assert_token (token);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_transaction_free);
  g_ptr_array_add (records, pd_transaction_copy (found->transaction));
  g_assert_true (pd_store_upsert_transactions (store, account->id, records, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.inserted, ==, 1);

  query->account_id = account->id;
  query->kinds = PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_VEND);
  g_assert_true (pd_store_count_transactions (store, query, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 1);

  stored = pd_store_find_transaction (store, account->id, PD_TRANSACTION_KIND_VEND,
                                      operation->reference, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  grouped = group_by_four (token);
  g_assert_nonnull (strstr (stored->description, grouped));
  g_assert_nonnull (strstr (stored->raw_json, token));

  /* Exactly one vend moved money. */
  g_assert_cmpuint (count_ledger (fixture->sandbox, "vend", NULL), ==, 1);

  g_clear_object (&store);
  remove_database (dir, path);
}

/* Through the outbox */

typedef struct
{
  char      *dir;
  char      *path;
  PdStore   *store;
  PdAccount *account;
  PdOutbox  *outbox;
} Ledger;

static void
ledger_open (Ledger  *ledger,
             Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  ledger->dir = g_dir_make_tmp ("paydesk-pawacard-XXXXXX", &error);
  g_assert_no_error (error);
  ledger->path = g_build_filename (ledger->dir, "paydesk.db", NULL);
  ledger->store = pd_store_new_for_path (ledger->path, &error);
  g_assert_no_error (error);

  ledger->account = pd_account_new ();
  ledger->account->provider = g_strdup ("pawacard");
  ledger->account->label = g_strdup ("Kisumu kiosk");
  ledger->account->username = g_strdup ("testvendor");
  g_assert_true (pd_store_add_account (ledger->store, ledger->account, &error));
  g_assert_no_error (error);

  ledger->outbox = pd_outbox_new (ledger->store, fixture->provider, ledger->account->id);
}

static void
ledger_close (Ledger *ledger)
{
  g_assert_finalize_object (ledger->outbox);
  g_assert_finalize_object (ledger->store);
  remove_database (ledger->dir, ledger->path);
  g_free (ledger->dir);
  g_free (ledger->path);
  pd_account_free (ledger->account);
}

static PdOutboxEntry *
submit (PdOutbox           *outbox,
        const PdOperation  *operation,
        GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_outbox_submit_async (outbox, operation, NULL, on_ready, &result);
  return pd_outbox_submit_finish (outbox, wait_for (&result), error);
}

static GPtrArray *
reconcile (PdOutbox  *outbox,
           GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_outbox_reconcile_async (outbox, NULL, on_ready, &result);
  return pd_outbox_reconcile_finish (outbox, wait_for (&result), error);
}

static gboolean
poll_pending (PdOutbox  *outbox,
              guint     *n_pending,
              GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_outbox_poll_pending_async (outbox, NULL, on_ready, &result);
  return pd_outbox_poll_pending_finish (outbox, wait_for (&result), n_pending, error);
}

static guint64
count_vends (Ledger *ledger)
{
  g_autoptr(PdQuery) query = pd_query_new ();
  g_autoptr(GError) error = NULL;
  guint64 count = 0;

  query->account_id = ledger->account->id;
  query->kinds = PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_VEND);
  g_assert_true (pd_store_count_transactions (ledger->store, query, &count, &error));
  g_assert_no_error (error);

  return count;
}

/* The Done-when case through the outbox: submit, the answer is lost after
 * PawaCard sold the token, reconcile. */
static void
test_outbox_answer_lost (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *meter = meter_number (15);
  g_autofree char *reference = pd_outbox_new_reference ();
  g_autoptr(PdOperation) operation = sale_operation (PD_OPERATION_VEND, meter, 250, reference);
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(GPtrArray) settled = NULL;
  g_autoptr(PdTransaction) stored = NULL;
  g_autofree char *token = NULL;
  g_autofree char *grouped = NULL;
  PdOutboxEntry *after;
  Ledger ledger = { NULL, };

  ledger_open (&ledger, fixture);
  operation->account_id = ledger.account->id;

  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"pawacard\",\"method\":\"POST\",\"path\":\"/v3/vend\","
                             "\"action\":\"drop_after_apply\"}");

  entry = submit (ledger.outbox, operation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_UNKNOWN);
  g_assert_cmpuint (count_ledger (fixture->sandbox, "vend", reference), ==, 1);

  /* The queued sale is in the local ledger already, pending. */
  g_assert_cmpuint (count_vends (&ledger), ==, 1);

  settled = reconcile (ledger.outbox, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (settled->len, ==, 1);
  after = g_ptr_array_index (settled, 0);
  g_assert_cmpint (after->state, ==, PD_OUTBOX_STATE_CONFIRMED);

  /* Found by /transaction: still one vend at PawaCard, one in the store,
   * completed, with its token. */
  g_assert_cmpuint (count_ledger (fixture->sandbox, "vend", NULL), ==, 1);
  g_assert_cmpuint (count_vends (&ledger), ==, 1);
  stored = pd_store_find_transaction (ledger.store, ledger.account->id, PD_TRANSACTION_KIND_VEND,
                                      reference, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpint (stored->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  token = raw_member (stored, "token");
  assert_token (token);
  grouped = group_by_four (token);
  g_assert_nonnull (strstr (stored->description, grouped));
  g_assert_cmpstr (stored->counterparty, ==, meter);

  ledger_close (&ledger);
}

/* A pending vend in the outbox is followed with /transaction until it
 * completes. */
static void
test_outbox_pending (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *meter = meter_number (16);
  g_autoptr(PdOperation) operation = sale_operation (PD_OPERATION_VEND, meter, 777, NULL);
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(PdTransaction) before = NULL;
  g_autoptr(PdTransaction) after = NULL;
  g_autofree char *token = NULL;
  guint n_pending = 99;
  Ledger ledger = { NULL, };

  ledger_open (&ledger, fixture);
  operation->account_id = ledger.account->id;

  entry = submit (ledger.outbox, operation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_CONFIRMED);

  before = pd_store_find_transaction (ledger.store, ledger.account->id, PD_TRANSACTION_KIND_VEND,
                                      operation->reference, &error);
  g_assert_no_error (error);
  g_assert_cmpint (before->state, ==, PD_TRANSACTION_STATE_PENDING);

  pd_test_sandbox_advance_clock (fixture->sandbox, 121);
  g_assert_true (poll_pending (ledger.outbox, &n_pending, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_pending, ==, 0);

  after = pd_store_find_transaction (ledger.store, ledger.account->id, PD_TRANSACTION_KIND_VEND,
                                     operation->reference, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpint (money_units (&after->amount, 0), ==, 777);
  token = raw_member (after, "token");
  assert_token (token);
  g_assert_cmpuint (count_vends (&ledger), ==, 1);

  ledger_close (&ledger);
}

/* The throttle through the outbox: the entry fails, nothing sold, and its
 * message says when to try again. */
static void
test_outbox_throttled (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *meter = meter_number (17);
  g_autoptr(PdOperation) first = sale_operation (PD_OPERATION_VEND, meter, 100, NULL);
  g_autoptr(PdOperation) second = sale_operation (PD_OPERATION_VEND, meter, 100, NULL);
  g_autoptr(PdOutboxEntry) sold = NULL;
  g_autoptr(PdOutboxEntry) refused = NULL;
  g_autoptr(GDateTime) free_at = NULL;
  Ledger ledger = { NULL, };

  ledger_open (&ledger, fixture);
  first->account_id = second->account_id = ledger.account->id;

  g_assert_null (pd_pawacard_client_dup_throttle_end (fixture->client, meter));
  sold = submit (ledger.outbox, first, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sold->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  free_at = pd_pawacard_client_dup_throttle_end (fixture->client, meter);
  g_assert_nonnull (free_at);

  refused = submit (ledger.outbox, second, &error);
  g_assert_no_error (error);
  g_assert_cmpint (refused->state, ==, PD_OUTBOX_STATE_FAILED);
  g_assert_nonnull (strstr (refused->error_message, "try again at"));
  g_assert_cmpuint (count_ledger (fixture->sandbox, "vend", NULL), ==, 1);

  ledger_close (&ledger);
}

/* A meter sold by another program: this client saw no sale, yet after the
 * refusal it knows the meter is throttled, so the app can say when to try
 * again rather than show a failure. */
static void
test_outbox_throttled_elsewhere (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *meter = meter_number (19);
  g_autoptr(PdPawacardClient) other = NULL;
  g_autoptr(PdOperation) elsewhere = sale_operation (PD_OPERATION_VEND, meter, 100, NULL);
  g_autoptr(PdOperation) here = sale_operation (PD_OPERATION_VEND, meter, 100, NULL);
  g_autoptr(PdOperationResult) sold = NULL;
  g_autoptr(PdOutboxEntry) refused = NULL;
  g_autoptr(GDateTime) free_at = NULL;
  gint64 refused_at;
  gint64 wait;
  Ledger ledger = { NULL, };

  other = new_client (fixture->sandbox,
                      pd_test_sandbox_get_credential (fixture->sandbox, "pawacard", "password"),
                      NULL);
  sold = perform (PD_PROVIDER (other), elsewhere, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sold);

  ledger_open (&ledger, fixture);
  here->account_id = ledger.account->id;
  g_assert_null (pd_pawacard_client_dup_throttle_end (fixture->client, meter));

  refused = submit (ledger.outbox, here, &error);
  refused_at = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_no_error (error);
  g_assert_cmpint (refused->state, ==, PD_OUTBOX_STATE_FAILED);
  g_assert_nonnull (strstr (refused->error_message, "try again at"));

  free_at = pd_pawacard_client_dup_throttle_end (fixture->client, meter);
  g_assert_nonnull (free_at);
  wait = g_date_time_to_unix (free_at) - refused_at;
  g_assert_cmpint (wait, >=, 298);
  g_assert_cmpint (wait, <=, 300);
  g_assert_cmpuint (count_ledger (fixture->sandbox, "vend", NULL), ==, 1);

  ledger_close (&ledger);
}

/* Postpaid bills */

static void
test_bill (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPawacardCustomer) before = NULL;
  g_autoptr(PdPawacardCustomer) after = NULL;
  g_autoptr(PdOperation) operation = sale_operation (PD_OPERATION_BILL, "0200003-01", 1000, NULL);
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(PdOperationResult) looked_up = NULL;
  g_autofree char *receipt = NULL;
  PdMoney difference;

  before = verify_account (fixture->client, "0200003-01", &error);
  g_assert_no_error (error);
  pd_operation_set_field (operation, "customer_name", before->name);

  result = perform (fixture->provider, operation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->transaction->kind, ==, PD_TRANSACTION_KIND_BILL);
  g_assert_cmpint (result->transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (result->transaction->provider_id, ==, operation->reference);
  g_assert_cmpstr (result->transaction->counterparty, ==, "0200003-01");
  g_assert_cmpstr (result->transaction->customer_name, ==, before->name);
  g_assert_cmpint (money_units (&result->transaction->amount, 0), ==, 1000);
  receipt = raw_member (result->transaction, "transaction");
  g_assert_null (receipt);
  g_assert_nonnull (strstr (result->transaction->raw_json, "\"rctNum\""));
  g_assert_nonnull (strstr (result->transaction->description, "receipt"));

  after = verify_account (fixture->client, "0200003-01", &error);
  g_assert_no_error (error);
  g_assert_true (pd_money_subtract (&before->balance_due, &after->balance_due, &difference, NULL));
  g_assert_cmpint (money_units (&difference, 0), ==, 1000);

  /* /postpaidtransaction reads it back. */
  looked_up = lookup (fixture->provider, operation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (looked_up->transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (looked_up->transaction->description, ==, result->transaction->description);

  g_assert_cmpuint (count_ledger (fixture->sandbox, "bill", operation->reference), ==, 1);
}

static void
test_bill_pending_and_failed (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdOperation) pending = sale_operation (PD_OPERATION_BILL, "0200004-01", 555, NULL);
  g_autoptr(PdOperation) failed = sale_operation (PD_OPERATION_BILL, "0200005-01", 333, NULL);
  g_autoptr(PdOperation) unknown = sale_operation (PD_OPERATION_BILL, "0999998-01", 100, NULL);
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(PdTransaction) done = NULL;

  result = perform (fixture->provider, pending, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->transaction->state, ==, PD_TRANSACTION_STATE_PENDING);

  pd_test_sandbox_advance_clock (fixture->sandbox, 121);
  done = follow_transaction (fixture->client, result->transaction, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (done->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpint (done->kind, ==, PD_TRANSACTION_KIND_BILL);
  g_clear_pointer (&result, pd_operation_result_free);

  result = perform (fixture->provider, failed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->transaction->state, ==, PD_TRANSACTION_STATE_FAILED);
  g_assert_cmpstr (result->transaction->description, ==, "Failed, please try again");
  g_clear_pointer (&result, pd_operation_result_free);

  result = perform (fixture->provider, unknown, &error);
  g_assert_null (result);
  g_assert_error (error, PD_PAWACARD_ERROR, PD_PAWACARD_ERROR_UNKNOWN_ACCOUNT);

  g_assert_cmpuint (count_ledger (fixture->sandbox, "bill", NULL), ==, 1);
}

/* Faults on the way */

static void
test_faults (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBalance) balance = NULL;
  g_autofree char *meter = meter_number (8);
  g_autoptr(PdOperation) operation = sale_operation (PD_OPERATION_VEND, meter, 100, NULL);
  g_autoptr(PdOperationResult) result = NULL;

  balance = get_balance (fixture->client, &error);
  g_assert_no_error (error);
  g_clear_pointer (&balance, pd_balance_free);

  /* A look-up is retried through a passing failure. */
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"pawacard\",\"path\":\"/v3/balance\","
                             "\"action\":\"status\",\"status\":503}");
  balance = get_balance (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (balance);

  /* A sale is not: a 503 is reported, nothing was sold. */
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"pawacard\",\"path\":\"/v3/vend\","
                             "\"action\":\"status\",\"status\":503}");
  result = perform (fixture->provider, operation, &error);
  g_assert_null (result);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_UNAVAILABLE);
  g_assert_false (pd_provider_error_is_outcome_unknown (error));
  g_clear_error (&error);

  /* An answer that cannot be read after the sale may have moved money. */
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"pawacard\",\"path\":\"/v3/vend\",\"action\":\"malformed\"}");
  result = perform (fixture->provider, operation, &error);
  g_assert_null (result);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_MALFORMED);
  g_assert_true (pd_provider_error_is_outcome_unknown (error));
  g_clear_error (&error);

  result = lookup (fixture->provider, operation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpuint (count_ledger (fixture->sandbox, "vend", NULL), ==, 1);
}

/* The provider interface */

static void
test_provider (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPage) page = NULL;
  g_autoptr(PdPage) none = NULL;
  const char * const *resources;
  PdBalance *balance;

  g_assert_cmpuint (pd_provider_get_views (fixture->provider), ==,
                    PD_PROVIDER_VIEW_CHARGES | PD_PROVIDER_VIEW_BALANCES);
  g_assert_true (pd_provider_can_perform (fixture->provider, PD_OPERATION_VEND));
  g_assert_true (pd_provider_can_perform (fixture->provider, PD_OPERATION_BILL));
  g_assert_false (pd_provider_can_perform (fixture->provider, PD_OPERATION_REFUND));
  g_assert_cmpint (pd_provider_get_reconcile_method (fixture->provider, PD_OPERATION_BILL), ==,
                   PD_RECONCILE_LOOKUP);

  resources = pd_provider_get_resources (fixture->provider);
  g_assert_cmpstr (resources[0], ==, "balances");
  g_assert_null (resources[1]);

  page = fetch_page (fixture->provider, "balances", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->balances->len, ==, 1);
  g_assert_null (page->next_cursor);
  balance = g_ptr_array_index (page->balances, 0);
  g_assert_cmpstr (balance->wallet, ==, "KES");

  none = fetch_page (fixture->provider, "vends", &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  g_assert_true (test_account (fixture->provider, &error));
  g_assert_no_error (error);
}

static void
test_registry (void)
{
  g_autoptr(PdAccount) account = pd_account_new ();
  g_autoptr(PdSecretSet) secrets = pd_secret_set_new ();
  g_autoptr(PdSecretSet) empty = pd_secret_set_new ();
  g_autoptr(PdProvider) provider = NULL;
  g_autoptr(PdProvider) missing = NULL;
  g_autoptr(GError) error = NULL;

  account->provider = g_strdup ("pawacard");
  account->label = g_strdup ("Kisumu kiosk");
  account->username = g_strdup ("testvendor");
  account->base_url = g_strdup ("http://127.0.0.1:9/v3");
  pd_secret_set_set (secrets, "password", "secret");
  pd_secret_set_set (secrets, "session_key", "a-kept-key");

  g_assert_true (pd_provider_registry_is_supported ("pawacard"));
  g_assert_cmpstr (pd_provider_registry_get_secret_fields ("pawacard")[0], ==, "password");

  provider = pd_provider_registry_create (account, secrets, &error);
  g_assert_no_error (error);
  g_assert_true (PD_IS_PAWACARD_CLIENT (provider));
  g_assert_true (pd_pawacard_client_has_session_key (PD_PAWACARD_CLIENT (provider)));
  g_assert_cmpstr (pd_pawacard_client_get_username (PD_PAWACARD_CLIENT (provider)), ==, "testvendor");
  g_assert_cmpstr (pd_pawacard_client_get_timezone (PD_PAWACARD_CLIENT (provider)), ==, "Africa/Nairobi");

  missing = pd_provider_registry_create (account, empty, &error);
  g_assert_null (missing);
  g_assert_error (error, PD_PROVIDER_REGISTRY_ERROR, PD_PROVIDER_REGISTRY_ERROR_MISSING_SECRET);
}

/* Neither the password nor the session key reaches the database or the
 * debug log (which is on: G_MESSAGES_DEBUG=all). */
static void
test_secrets_kept_out (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  const char *password = pd_test_sandbox_get_credential (fixture->sandbox, "pawacard", "password");
  g_autofree char *meter = meter_number (9);
  g_autoptr(PdOperation) operation = sale_operation (PD_OPERATION_VEND, meter, 200, NULL);
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(PdPage) page = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdAccount) account = pd_account_new ();
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_transaction_free);
  g_autoptr(GBytes) files = NULL;
  g_autoptr(GBytes) log = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *token = NULL;
  g_autofree char *log_text = NULL;

  dir = g_dir_make_tmp ("paydesk-pawacard-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "paydesk.db", NULL);
  store = pd_store_new_for_path (path, &error);
  g_assert_no_error (error);
  account->provider = g_strdup ("pawacard");
  account->label = g_strdup ("Kisumu kiosk");
  account->username = g_strdup ("testvendor");
  g_assert_true (pd_store_add_account (store, account, &error));

  pd_test_capture_start ();

  result = perform (fixture->provider, operation, &error);
  g_assert_no_error (error);
  page = fetch_page (fixture->provider, "balances", &error);
  g_assert_no_error (error);
  /* The key is refused once, so that the log sees a second login. */
  pd_test_sandbox_advance_clock (fixture->sandbox, 3601);
  g_clear_pointer (&page, pd_page_unref);
  page = fetch_page (fixture->provider, "balances", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_keys, ==, 2);

  g_ptr_array_add (records, pd_transaction_copy (result->transaction));
  g_assert_true (pd_store_upsert_transactions (store, account->id, records, NULL, &error));
  g_assert_true (pd_store_upsert_balances (store, account->id, page->balances, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  log_text = pd_test_capture_stop ();
  log = g_bytes_new (log_text, strlen (log_text));
  files = pd_test_read_database_files (path);

  /* The checks can fail: the token and the request lines are there. */
  token = raw_member (result->transaction, "token");
  g_assert_true (pd_test_bytes_contain (files, token));
  g_assert_true (pd_test_bytes_contain (log, "/v3/vend"));
  g_assert_true (pd_test_bytes_contain (log, "/v3/login"));
  g_assert_true (pd_test_bytes_contain (log, meter));

  pd_test_assert_not_in (files, password, "the database");
  pd_test_assert_not_in (log, password, "the debug log");
  pd_test_assert_not_in (files, fixture->last_key, "the database");
  pd_test_assert_not_in (log, fixture->last_key, "the debug log");

  remove_database (dir, path);
}

/* With no keyring on the bus, the key is kept in memory for the session,
 * under the account's item fields. */
static void
test_keyring_binding_child (void)
{
  g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autoptr(PdTestSandbox) sandbox = NULL;
  g_autoptr(PdPawacardClient) client = NULL;
  g_autoptr(PdSecrets) secrets = NULL;
  g_autoptr(PdSecretSet) kept = NULL;
  g_autoptr(PdBalance) balance = NULL;
  g_autoptr(GError) error = NULL;
  const char *password;
  const char *uuid = "0e5a1c3e-2d4b-4a6f-9b8c-7d6e5f4a3b2c";
  Fixture counter = { 0, };

  if (!g_test_subprocess ())
    {
      g_test_skip ("runs inside /pawacard/keyring/session-fallback");
      return;
    }

  g_test_dbus_up (bus);

  sandbox = pd_test_sandbox_start (NULL);
  password = pd_test_sandbox_get_credential (sandbox, "pawacard", "password");
  client = new_client (sandbox, password, NULL);
  secrets = pd_secrets_new ();
  pd_pawacard_client_bind_keyring (client, secrets, uuid, "Kisumu kiosk");

  balance = get_balance (client, &error);
  g_assert_no_error (error);

  /* The store is asynchronous: wait until the session copy is there. */
  for (guint i = 0; i < 500 && !pd_secrets_has_session_secrets (secrets, uuid); i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (pd_secrets_has_session_secrets (secrets, uuid));

  kept = pd_secrets_lookup_sync (secrets, uuid, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_secret_set_get (kept, "password"), ==, password);
  g_assert_cmpuint (strlen (pd_secret_set_get (kept, "session_key")), ==, 43);

  /* A client made from what was kept uses the key without logging in. */
  {
    g_autoptr(PdPawacardClient) again = new_client (sandbox, password, pd_secret_set_get (kept, "session_key"));
    g_autoptr(PdBalance) second = NULL;

    pd_pawacard_client_set_session_key_func (again, on_session_key, &counter, NULL);
    second = get_balance (again, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (counter.n_keys, ==, 0);
    g_clear_object (&again);
  }

  g_clear_object (&client);
  g_clear_object (&secrets);
  g_test_dbus_down (bus);
}

static void
test_keyring_binding (void)
{
  g_autofree char *dbus_daemon = g_find_program_in_path ("dbus-daemon");

  if (dbus_daemon == NULL)
    {
      g_test_skip ("dbus-daemon is not installed");
      return;
    }

  g_test_trap_subprocess ("/pawacard/keyring/session-fallback/child", 30 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
add_test (const char *path,
          void (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  pd_test_capture_install ();

  add_test ("/pawacard/login", test_login);
  g_test_add_func ("/pawacard/login/wrong-password", test_login_wrong_password);
  add_test ("/pawacard/key/renewed-when-expired", test_key_renewed);
  g_test_add_func ("/pawacard/key/stale-from-keyring", test_key_stale_from_keyring);
  add_test ("/pawacard/key/refused-twice", test_key_refused_twice);
  add_test ("/pawacard/verify/meter", test_verify_meter);
  add_test ("/pawacard/verify/luhn", test_verify_meter_luhn);
  add_test ("/pawacard/verify/account", test_verify_account);
  add_test ("/pawacard/vend", test_vend);
  add_test ("/pawacard/vend/throttled", test_vend_throttled);
  add_test ("/pawacard/vend/pending", test_vend_pending);
  add_test ("/pawacard/vend/follow-cancelled", test_follow_cancelled);
  add_test ("/pawacard/vend/failed", test_vend_failed);
  add_test ("/pawacard/vend/refusals", test_vend_refusals);
  add_test ("/pawacard/vend/limits", test_vend_limits);
  add_test ("/pawacard/vend/answer-lost", test_vend_answer_lost);
  add_test ("/pawacard/outbox/answer-lost", test_outbox_answer_lost);
  add_test ("/pawacard/outbox/pending", test_outbox_pending);
  add_test ("/pawacard/outbox/throttled", test_outbox_throttled);
  add_test ("/pawacard/outbox/throttled-elsewhere", test_outbox_throttled_elsewhere);
  add_test ("/pawacard/bill", test_bill);
  add_test ("/pawacard/bill/pending-and-failed", test_bill_pending_and_failed);
  add_test ("/pawacard/faults", test_faults);
  add_test ("/pawacard/provider", test_provider);
  g_test_add_func ("/pawacard/registry", test_registry);
  add_test ("/pawacard/secrets/kept-out", test_secrets_kept_out);
  g_test_add_func ("/pawacard/keyring/session-fallback", test_keyring_binding);
  g_test_add_func ("/pawacard/keyring/session-fallback/child", test_keyring_binding_child);

  return g_test_run ();
}

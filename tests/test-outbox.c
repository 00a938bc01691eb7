/* test-outbox.c - money moves exactly once: the outbox against the sandbox
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "pd-eoneopay-client.h"
#include "pd-fayapay-client.h"
#include "pd-json.h"
#include "pd-outbox.h"
#include "pd-store-private.h"
#include "pd-test-sandbox.h"
#include "pd-zengapay-client.h"

static const char *test_binary;

/* ------------------------------------------------------------- waiting */

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

static void
spin (guint milliseconds)
{
  gint64 end = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static PdOutboxEntry *
submit (PdOutbox           *outbox,
        const PdOperation  *operation,
        GCancellable       *cancellable,
        GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_outbox_submit_async (outbox, operation, cancellable, on_ready, &result);
  return pd_outbox_submit_finish (outbox, wait_for (&result), error);
}

static PdOutboxEntry *
submit_ok (PdOutbox          *outbox,
           const PdOperation *operation)
{
  g_autoptr(GError) error = NULL;
  PdOutboxEntry *entry = submit (outbox, operation, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entry);
  return entry;
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
  g_assert_nonnull (entries);

  return entries;
}

static PdOutboxEntry *
resolve (PdOutbox       *outbox,
         gint64          id,
         PdOutboxState   state,
         const char     *note,
         GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_outbox_resolve_async (outbox, id, state, note, NULL, on_ready, &result);
  return pd_outbox_resolve_finish (outbox, wait_for (&result), error);
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

/* ------------------------------------------------------------- the store */

static gint64
add_account (PdStore    *store,
             const char *provider,
             const char *base_url)
{
  g_autoptr(PdAccount) account = pd_account_new ();
  g_autoptr(GError) error = NULL;

  account->provider = g_strdup (provider);
  account->label = g_strdup ("Test shop");
  account->base_url = g_strdup (base_url);
  account->mode = PD_ACCOUNT_MODE_TEST;
  g_assert_true (pd_store_add_account (store, account, &error));
  g_assert_no_error (error);

  return account->id;
}

static gint64
query_int (PdStore    *store,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

static gint64
query_int (PdStore    *store,
           const char *format,
           ...)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = NULL;
  va_list args;
  gint64 value;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  g_assert_cmpint (sqlite3_prepare_v2 (pd_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static PdOutboxEntry *
stored_entry (PdStore    *store,
              const char *key)
{
  g_autoptr(GError) error = NULL;
  PdOutboxEntry *entry = pd_store_outbox_get_by_key (store, key, &error);

  g_assert_no_error (error);
  return entry;
}

static PdTransaction *
stored_transaction (PdStore *store,
                    gint64   id)
{
  g_autoptr(GError) error = NULL;
  PdTransaction *transaction = pd_store_get_transaction (store, id, &error);

  g_assert_no_error (error);
  return transaction;
}

static PdTransaction *
stored_charge (PdStore    *store,
               gint64      account_id,
               const char *charge_id)
{
  g_autoptr(GError) error = NULL;
  PdTransaction *charge = pd_store_find_transaction (store, account_id, PD_TRANSACTION_KIND_CHARGE,
                                                     charge_id, &error);

  g_assert_no_error (error);
  return charge;
}

static gint64
count_placeholders (PdStore *store)
{
  return query_int (store, "SELECT count(*) FROM transactions WHERE provider_id LIKE 'paydesk:%%'");
}

static gint64
count_refunds_of (PdStore    *store,
                  const char *charge_id)
{
  return query_int (store, "SELECT count(*) FROM transactions WHERE kind = 'refund'"
                           " AND parent_provider_id = '%s'", charge_id);
}

/* The audit lines of one entry, oldest first, as "action/outcome". */
static char *
audit_of (PdStore             *store,
          const PdOutboxEntry *entry)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *needle = g_strdup_printf ("outbox entry %" G_GINT64_FORMAT, entry->id);
  GString *out = g_string_new (NULL);

  g_assert_true (pd_store_list_activity (store, entry->account_id, 0, &lines, &error));
  g_assert_no_error (error);

  for (guint i = lines->len; i > 0; i--)
    {
      PdActivity *line = g_ptr_array_index (lines, i - 1);
      const char *end;

      if (line->detail == NULL || (end = strstr (line->detail, needle)) == NULL ||
          g_ascii_isdigit (end[strlen (needle)]))
        continue;

      g_assert_cmpstr (line->user, ==, g_get_user_name ());
      g_assert_true (pd_money_equal (&line->amount, &entry->amount));
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "%s/%s", line->action, line->outcome);
    }

  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------ the ledger */

static guint
armed_faults (PdTestSandbox *sandbox)
{
  g_autoptr(PdTestResponse) faults = pd_test_sandbox_control (sandbox, "GET", "/faults", NULL);

  return json_array_get_length (pd_test_assert_array_member (pd_test_response_get_object (faults), "faults"));
}

static void
wait_for_ledger (PdTestSandbox *sandbox,
                 const char    *provider,
                 const char    *operation,
                 guint          count)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (pd_test_sandbox_count_ledger (sandbox, provider, operation, NULL) < count)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      spin (50);
    }
}

/* ============================================================ fixtures */

typedef struct
{
  PdTestSandbox   *sandbox;
  char            *dir;
  char            *db_path;
  PdStore         *store;
  gint64           fayapay_id;
  gint64           eoneopay_id;
  PdFayapayClient *fayapay;
  PdOutbox        *outbox;
} Fixture;

static PdFayapayClient *
new_fayapay (const char *base_url,
             const char *api_key)
{
  PdFayapayClient *client = pd_fayapay_client_new (base_url, api_key);
  PdHttpClient *http = pd_fayapay_client_get_http_client (client);

  pd_fayapay_client_set_retry_delay (client, 10);
  pd_http_client_set_max_retry_delay (http, 40);
  pd_http_client_set_timeout (http, 15000);

  return client;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->sandbox = pd_test_sandbox_start ("--records", "40", NULL);
  fixture->dir = g_dir_make_tmp ("paydesk-test-outbox-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "paydesk.db", NULL);
  fixture->store = pd_store_new_for_path (fixture->db_path, &error);
  g_assert_no_error (error);

  fixture->fayapay_id = add_account (fixture->store, "fayapay",
                                     pd_test_sandbox_get_base_url (fixture->sandbox, "fayapay"));
  fixture->eoneopay_id = add_account (fixture->store, "eoneopay",
                                      pd_test_sandbox_get_base_url (fixture->sandbox, "eoneopay"));
  fixture->fayapay = new_fayapay (pd_test_sandbox_get_base_url (fixture->sandbox, "fayapay"),
                                  pd_test_sandbox_get_credential (fixture->sandbox, "fayapay", "api_key"));
  fixture->outbox = pd_outbox_new (fixture->store, PD_PROVIDER (fixture->fayapay), fixture->fayapay_id);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_assert_finalize_object (fixture->outbox);
  g_assert_finalize_object (fixture->fayapay);
  g_assert_finalize_object (fixture->store);
  pd_test_sandbox_stop (fixture->sandbox);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (fixture->db_path, suffixes[i], NULL);

      g_remove (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

static PdOperation *
new_operation (PdOperationKind  kind,
               const char      *target,
               gint64           pesewas)
{
  PdOperation *operation = pd_operation_new (kind, 0);

  operation->target_provider_id = g_strdup (target);
  if (pesewas > 0)
    pd_money_init (&operation->amount, pesewas, 2, "GHS");

  return operation;
}

/* A charge made through the outbox, on a fresh test source. */
static char *
make_charge (Fixture *fixture,
             gint64   pesewas)
{
  static guint n;
  g_autoptr(PdOperation) operation = new_operation (PD_OPERATION_CHARGE, NULL, pesewas);
  g_autofree char *source = g_strdup_printf ("src_test_outbox%u", ++n);
  g_autoptr(PdOutboxEntry) entry = NULL;

  pd_operation_set_field (operation, "source", source);
  operation->description = g_strdup ("Kente cloth, \"large\"");
  entry = submit_ok (fixture->outbox, operation);
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_nonnull (entry->result_provider_id);

  return g_strdup (entry->result_provider_id);
}

/* ============================================================= FayaPay */

/* A refund: confirmed, stored, its charge updated, every step audited. */
static void
test_refund_confirmed (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *charge_id = make_charge (fixture, 10000);
  g_autoptr(PdOperation) refund = new_operation (PD_OPERATION_REFUND, charge_id, 3000);
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(PdTransaction) row = NULL;
  g_autoptr(PdTransaction) charge = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  g_autofree char *audit = NULL;
  JsonObject *last;

  refund->description = g_strdup ("One bolt was short");
  entry = submit_ok (fixture->outbox, refund);

  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_cmpuint (entry->attempts, ==, 1);
  g_assert_cmpstr (entry->operation, ==, "refund");
  g_assert_cmpstr (entry->target_provider_id, ==, charge_id);
  g_assert_true (g_uuid_string_is_valid (entry->idempotency_key));
  g_assert_true (g_uuid_string_is_valid (entry->reference));
  g_assert_cmpstr (entry->idempotency_key, !=, entry->reference);
  g_assert_null (entry->error_message);
  g_assert_nonnull (entry->response_json);
  g_assert_true (g_str_has_prefix (entry->result_provider_id, "re_"));

  /* The local refund row is the provider's record, under the row id the
   * entry gave it when it was written down. */
  row = stored_transaction (fixture->store, entry->transaction_id);
  g_assert_cmpint (row->kind, ==, PD_TRANSACTION_KIND_REFUND);
  g_assert_cmpint (row->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (row->provider_id, ==, entry->result_provider_id);
  g_assert_cmpstr (row->reference, ==, entry->reference);
  g_assert_cmpstr (row->parent_provider_id, ==, charge_id);
  g_assert_cmpint (row->amount.units, ==, 3000);
  g_assert_cmpint (count_refunds_of (fixture->store, charge_id), ==, 1);
  g_assert_cmpint (count_placeholders (fixture->store), ==, 0);

  charge = stored_charge (fixture->store, fixture->fayapay_id, charge_id);
  g_assert_cmpint (charge->state, ==, PD_TRANSACTION_STATE_PARTIALLY_REFUNDED);
  g_assert_cmpint (charge->amount_refunded.units, ==, 3000);

  ledger = pd_test_sandbox_get_ledger (fixture->sandbox, "fayapay");
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "fayapay", "refund", NULL), ==, 1);
  last = json_array_get_object_element (ledger, json_array_get_length (ledger) - 1);
  g_assert_cmpstr (pd_json_get_string (last, "idempotency_key"), ==, entry->idempotency_key);
  g_assert_cmpstr (pd_json_get_string (last, "reference"), ==, entry->reference);
  g_assert_cmpstr (pd_json_get_string (last, "id"), ==, entry->result_provider_id);
  g_assert_cmpstr (pd_json_get_string (last, "amount"), ==, "30.00");

  audit = audit_of (fixture->store, entry);
  g_assert_cmpstr (audit, ==, "submit/queued send/sent answer/confirmed");
}

/* The answer is lost after the refund was applied: unknown; reconciling
 * replays it with its key and FayaPay answers as the first time. */
static void
test_refund_answer_lost (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *charge_id = make_charge (fixture, 6000);
  g_autoptr(PdOperation) refund = new_operation (PD_OPERATION_REFUND, charge_id, 2500);
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(PdTransaction) row = NULL;
  g_autoptr(PdOutboxEntry) settled = NULL;
  g_autoptr(GPtrArray) reconciled = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *audit = NULL;

  /* Every attempt of the HTTP layer is applied or replayed, and its answer lost. */
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"fayapay\",\"method\":\"POST\",\"path\":\"/v1/Charges/*/Refunds\","
                             "\"action\":\"drop_after_apply\",\"count\":20}");
  entry = submit_ok (fixture->outbox, refund);
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_UNKNOWN);
  g_assert_cmpuint (entry->attempts, ==, 1);
  g_assert_nonnull (entry->error_message);
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "fayapay", "refund", NULL), ==, 1);

  /* The row shows at once, as not known. */
  row = stored_transaction (fixture->store, entry->transaction_id);
  g_assert_cmpint (row->state, ==, PD_TRANSACTION_STATE_INDETERMINATE);
  g_assert_true (g_str_has_prefix (row->provider_id, "paydesk:"));
  g_assert_cmpint (row->amount.units, ==, 2500);

  pd_test_sandbox_clear_faults (fixture->sandbox);
  reconciled = reconcile (fixture->outbox);
  g_assert_cmpuint (reconciled->len, ==, 1);
  settled = stored_entry (fixture->store, entry->idempotency_key);
  g_assert_cmpint (settled->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_cmpuint (settled->attempts, ==, 2);
  g_assert_cmpint (((PdOutboxEntry *)g_ptr_array_index (reconciled, 0))->state, ==, PD_OUTBOX_STATE_CONFIRMED);

  /* One refund in FayaPay's ledger, one in the store, under the same row. */
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "fayapay", "refund", NULL), ==, 1);
  g_assert_cmpint (count_refunds_of (fixture->store, charge_id), ==, 1);
  g_assert_cmpint (count_placeholders (fixture->store), ==, 0);
  g_assert_cmpint (settled->transaction_id, ==, entry->transaction_id);

  audit = audit_of (fixture->store, entry);
  g_assert_cmpstr (audit, ==, "submit/queued send/sent answer/unknown reconcile/replay reconcile/confirmed");

  /* Confirmed entries are left alone. */
  again = reconcile (fixture->outbox);
  g_assert_cmpuint (again->len, ==, 0);
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "fayapay", "refund", NULL), ==, 1);
}

/* The same key twice, one after the other and both at once. */
static void
test_same_key_twice (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *charge_id = make_charge (fixture, 9000);
  g_autoptr(PdOperation) refund = new_operation (PD_OPERATION_REFUND, charge_id, 1000);
  g_autoptr(PdOperation) other = new_operation (PD_OPERATION_REFUND, charge_id, 1500);
  g_autoptr(PdOperation) clicked = new_operation (PD_OPERATION_REFUND, charge_id, 2000);
  g_autoptr(PdOutboxEntry) first = NULL;
  g_autoptr(PdOutboxEntry) second = NULL;
  g_autoptr(PdOutboxEntry) reused = NULL;
  g_autoptr(PdOutboxEntry) click1 = NULL;
  g_autoptr(PdOutboxEntry) click2 = NULL;
  g_autoptr(GAsyncResult) result1 = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GError) error = NULL;

  refund->idempotency_key = g_uuid_string_random ();
  first = submit_ok (fixture->outbox, refund);
  second = submit_ok (fixture->outbox, refund);
  g_assert_cmpint (second->id, ==, first->id);
  g_assert_cmpint (second->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_cmpuint (second->attempts, ==, 1);
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "fayapay", "refund",
                                                  "idempotency_key", refund->idempotency_key, NULL), ==, 1);

  /* The key of another movement is refused, and nothing is sent. */
  other->idempotency_key = g_strdup (refund->idempotency_key);
  reused = submit (fixture->outbox, other, NULL, &error);
  g_assert_error (error, PD_OUTBOX_ERROR, PD_OUTBOX_ERROR_KEY_REUSED);
  g_assert_null (reused);
  g_clear_error (&error);

  /* A double click: both submits start before either is written. */
  clicked->idempotency_key = g_uuid_string_random ();
  pd_outbox_submit_async (fixture->outbox, clicked, NULL, on_ready, &result1);
  pd_outbox_submit_async (fixture->outbox, clicked, NULL, on_ready, &result2);
  click1 = pd_outbox_submit_finish (fixture->outbox, wait_for (&result1), &error);
  g_assert_no_error (error);
  click2 = pd_outbox_submit_finish (fixture->outbox, wait_for (&result2), &error);
  g_assert_no_error (error);
  g_assert_cmpint (click1->id, ==, click2->id);
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "fayapay", "refund",
                                                  "idempotency_key", clicked->idempotency_key, NULL), ==, 1);
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "fayapay", "refund", NULL), ==, 2);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM outbox WHERE operation = 'refund'"), ==, 2);
  g_assert_cmpint (count_refunds_of (fixture->store, charge_id), ==, 2);
}

/* FayaPay refuses a refund larger than what is left: failed, with its
 * words, sent once, never again. */
static void
test_refund_refused (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *charge_id = make_charge (fixture, 5000);
  g_autoptr(PdOperation) refund = new_operation (PD_OPERATION_REFUND, charge_id, 6000);
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(PdOutboxEntry) after = NULL;
  g_autoptr(PdTransaction) row = NULL;
  g_autoptr(PdTransaction) charge = NULL;
  g_autoptr(GPtrArray) reconciled = NULL;
  g_autoptr(PdTestResponse) response = NULL;
  g_autofree char *url = NULL;
  g_autofree char *audit = NULL;
  const char *message;
  const char *headers[] = {
    "authorization", pd_test_sandbox_get_credential (fixture->sandbox, "fayapay", "api_key"),
    "accept", "application/json",
    NULL,
  };
  PdTestRequest request = { .method = "POST", .headers = headers, .content_type = "application/json",
                            .body = "{\"reference\":\"raw-refused\",\"amount\":6000}" };

  entry = submit_ok (fixture->outbox, refund);
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_FAILED);
  g_assert_cmpuint (entry->attempts, ==, 1);

  /* FayaPay's own message, as it says it to anyone who asks the same. */
  url = g_strdup_printf ("%s/Charges/%s/Refunds", pd_test_sandbox_get_base_url (fixture->sandbox, "fayapay"),
                         charge_id);
  request.url = url;
  response = pd_test_sandbox_send (fixture->sandbox, &request);
  g_assert_cmpuint (response->status, ==, 400);
  message = json_array_get_string_element (pd_test_assert_array_member (pd_test_response_get_object (response),
                                                                        "messages"), 0);
  g_assert_nonnull (strstr (entry->error_message, message));

  row = stored_transaction (fixture->store, entry->transaction_id);
  g_assert_cmpint (row->state, ==, PD_TRANSACTION_STATE_FAILED);
  charge = stored_charge (fixture->store, fixture->fayapay_id, charge_id);
  g_assert_cmpint (charge->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);

  /* Never sent again. */
  reconciled = reconcile (fixture->outbox);
  g_assert_cmpuint (reconciled->len, ==, 0);
  after = stored_entry (fixture->store, entry->idempotency_key);
  g_assert_cmpint (after->state, ==, PD_OUTBOX_STATE_FAILED);
  g_assert_cmpuint (after->attempts, ==, 1);
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "fayapay", "refund", NULL), ==, 0);

  audit = audit_of (fixture->store, entry);
  g_assert_cmpstr (audit, ==, "submit/queued send/sent answer/failed");
}

/* A charge FayaPay leaves pending for a minute: polled until final. */
static void
test_pending_polled (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(PdOperation) charge = new_operation (PD_OPERATION_CHARGE, NULL, 77777);
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(PdTransaction) before = NULL;
  g_autoptr(PdTransaction) after = NULL;
  g_autofree char *audit = NULL;

  pd_outbox_set_poll_interval (fixture->outbox, 100);
  pd_operation_set_field (charge, "source", "src_test_pending1");
  entry = submit_ok (fixture->outbox, charge);
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  before = stored_transaction (fixture->store, entry->transaction_id);
  g_assert_cmpint (before->state, ==, PD_TRANSACTION_STATE_PENDING);

  /* Looked up at once: still pending. Then not again before its time. */
  g_assert_cmpuint (poll_pending (fixture->outbox), ==, 1);
  g_assert_cmpuint (poll_pending (fixture->outbox), ==, 1);

  pd_test_sandbox_advance_clock (fixture->sandbox, 61);
  spin (150);
  g_assert_cmpuint (poll_pending (fixture->outbox), ==, 0);

  after = stored_transaction (fixture->store, entry->transaction_id);
  g_assert_cmpint (after->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (after->provider_id, ==, entry->result_provider_id);
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "fayapay", "charge",
                                                  "idempotency_key", entry->idempotency_key, NULL), ==, 1);

  audit = audit_of (fixture->store, entry);
  g_assert_cmpstr (audit, ==, "submit/queued send/sent answer/confirmed poll/succeeded");
  g_assert_cmpuint (poll_pending (fixture->outbox), ==, 0);
}

/* Cancelled while the request is out: unknown, then reconciled. */

typedef struct
{
  PdTestSandbox *sandbox;
  PdStore       *store;
  const char    *key;
  GCancellable  *cancellable;
} CancelWhenSent;

static gboolean
cancel_when_sent (gpointer user_data)
{
  CancelWhenSent *when = user_data;
  g_autoptr(PdOutboxEntry) entry = pd_store_outbox_get_by_key (when->store, when->key, NULL);

  /* Once the request has reached FayaPay (the slow fault is spent).
   * Removed by the test once the submit is over. */
  if (entry != NULL && entry->state == PD_OUTBOX_STATE_SENT && !g_cancellable_is_cancelled (when->cancellable) &&
      armed_faults (when->sandbox) == 0)
    g_cancellable_cancel (when->cancellable);

  return G_SOURCE_CONTINUE;
}

static void
test_cancelled_after_send (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *charge_id = make_charge (fixture, 8000);
  g_autoptr(PdOperation) refund = new_operation (PD_OPERATION_REFUND, charge_id, 0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(PdOutboxEntry) unknown = NULL;
  g_autoptr(PdOutboxEntry) settled = NULL;
  g_autoptr(PdTransaction) charge = NULL;
  g_autoptr(GPtrArray) reconciled = NULL;
  g_autoptr(GError) error = NULL;
  CancelWhenSent when;
  guint id;

  /* No amount: what is left, 80.00. */
  refund->idempotency_key = g_uuid_string_random ();
  when = (CancelWhenSent) { fixture->sandbox, fixture->store, refund->idempotency_key, cancellable };
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"fayapay\",\"method\":\"POST\",\"path\":\"/v1/Charges/*/Refunds\","
                             "\"action\":\"slow\",\"delay_ms\":1000}");
  id = g_timeout_add (5, cancel_when_sent, &when);

  entry = submit (fixture->outbox, refund, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (entry);
  g_clear_handle_id (&id, g_source_remove);

  unknown = stored_entry (fixture->store, refund->idempotency_key);
  g_assert_cmpint (unknown->state, ==, PD_OUTBOX_STATE_UNKNOWN);
  g_assert_cmpint (unknown->amount.units, ==, 8000);

  /* FayaPay applies it when its delay is over; reconciling finds out. */
  wait_for_ledger (fixture->sandbox, "fayapay", "refund", 1);
  reconciled = reconcile (fixture->outbox);
  g_assert_cmpuint (reconciled->len, ==, 1);
  settled = stored_entry (fixture->store, refund->idempotency_key);
  g_assert_cmpint (settled->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "fayapay", "refund", NULL), ==, 1);
  g_assert_cmpint (count_refunds_of (fixture->store, charge_id), ==, 1);
  charge = stored_charge (fixture->store, fixture->fayapay_id, charge_id);
  g_assert_cmpint (charge->state, ==, PD_TRANSACTION_STATE_REFUNDED);
}

/* The process dies between "sent" and "confirmed". A child process sends
 * a refund that FayaPay is slow to answer and is killed once the entry is
 * sent; the parent reconciles. */

static int
outbox_child (int   argc,
              char *argv[])
{
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdFayapayClient) client = NULL;
  g_autoptr(PdOutbox) outbox = NULL;
  g_autoptr(PdOperation) refund = NULL;
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  if (argc != 8)
    return 2;

  store = pd_store_new_for_path (argv[2], &error);
  g_assert_no_error (error);
  client = new_fayapay (argv[3], argv[4]);
  outbox = pd_outbox_new (store, PD_PROVIDER (client), g_ascii_strtoll (argv[5], NULL, 10));

  refund = new_operation (PD_OPERATION_REFUND, argv[6], 1200);
  refund->idempotency_key = g_strdup (argv[7]);
  entry = submit (outbox, refund, NULL, &error);

  /* Not reached: the parent kills this process first. */
  fputs ("answered\n", stdout);
  return 0;
}

static void
test_killed_between_sent_and_confirmed (Fixture       *fixture,
                                        gconstpointer  user_data)
{
  g_autofree char *charge_id = make_charge (fixture, 4000);
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *account = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->fayapay_id);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(PdOutboxEntry) sent = NULL;
  g_autoptr(PdOutboxEntry) settled = NULL;
  g_autoptr(PdTransaction) row = NULL;
  g_autoptr(PdTransaction) charge = NULL;
  g_autoptr(GPtrArray) reconciled = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *audit = NULL;
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"fayapay\",\"method\":\"POST\",\"path\":\"/v1/Charges/*/Refunds\","
                             "\"action\":\"slow\",\"delay_ms\":1500}");

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            test_binary, "--outbox-child", fixture->db_path,
                            pd_test_sandbox_get_base_url (fixture->sandbox, "fayapay"),
                            pd_test_sandbox_get_credential (fixture->sandbox, "fayapay", "api_key"),
                            account, charge_id, key, NULL);
  g_assert_no_error (error);

  /* Killed once the entry is durably "sent" and the request has reached
   * FayaPay (the slow fault is spent), before its answer comes. */
  for (;;)
    {
      g_autoptr(PdOutboxEntry) entry = pd_store_outbox_get_by_key (fixture->store, key, NULL);

      if (entry != NULL && entry->state == PD_OUTBOX_STATE_SENT && armed_faults (fixture->sandbox) == 0)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (5 * 1000);
    }
  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  sent = stored_entry (fixture->store, key);
  g_assert_cmpint (sent->state, ==, PD_OUTBOX_STATE_SENT);
  g_assert_cmpuint (sent->attempts, ==, 1);
  row = stored_transaction (fixture->store, sent->transaction_id);
  g_assert_cmpint (row->state, ==, PD_TRANSACTION_STATE_PENDING);

  /* FayaPay applied it after its delay, with nobody left to hear. */
  wait_for_ledger (fixture->sandbox, "fayapay", "refund", 1);

  reconciled = reconcile (fixture->outbox);
  g_assert_cmpuint (reconciled->len, ==, 1);
  settled = stored_entry (fixture->store, key);
  g_assert_cmpint (settled->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_cmpuint (settled->attempts, ==, 2);

  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "fayapay", "refund", NULL), ==, 1);
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "fayapay", "refund",
                                                  "idempotency_key", key, NULL), ==, 1);
  g_assert_cmpint (count_refunds_of (fixture->store, charge_id), ==, 1);
  g_assert_cmpint (count_placeholders (fixture->store), ==, 0);
  charge = stored_charge (fixture->store, fixture->fayapay_id, charge_id);
  g_assert_cmpint (charge->state, ==, PD_TRANSACTION_STATE_PARTIALLY_REFUNDED);
  g_assert_cmpint (charge->amount_refunded.units, ==, 1200);

  audit = audit_of (fixture->store, settled);
  g_assert_cmpstr (audit, ==, "submit/queued send/sent reconcile/replay reconcile/confirmed");
}

/* Written down but never sent (the program stopped in between): failed
 * by reconciling, with nothing sent. */
static void
test_queued_left_over (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(PdOutboxEntry) entry = pd_outbox_entry_new ();
  g_autoptr(PdOutboxEntry) after = NULL;
  g_autoptr(GPtrArray) reconciled = NULL;
  g_autoptr(GError) error = NULL;

  entry->account_id = fixture->fayapay_id;
  entry->operation = g_strdup ("refund");
  entry->idempotency_key = g_uuid_string_random ();
  entry->reference = pd_outbox_new_reference ();
  entry->target_provider_id = g_strdup ("ch_nothing");
  pd_money_init (&entry->amount, 500, 2, "GHS");
  entry->state = PD_OUTBOX_STATE_QUEUED;
  g_assert_true (pd_store_outbox_insert (fixture->store, entry, &error));
  g_assert_no_error (error);

  reconciled = reconcile (fixture->outbox);
  g_assert_cmpuint (reconciled->len, ==, 1);
  after = stored_entry (fixture->store, entry->idempotency_key);
  g_assert_cmpint (after->state, ==, PD_OUTBOX_STATE_FAILED);
  g_assert_cmpuint (after->attempts, ==, 0);
  g_assert_nonnull (after->error_message);
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "fayapay", "refund", NULL), ==, 0);
}

/* What the outbox refuses before writing anything. */
static void
test_refused_locally (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(PdOperation) vend = new_operation (PD_OPERATION_VEND, NULL, 1000);
  g_autoptr(PdOperation) elsewhere = new_operation (PD_OPERATION_REFUND, "ch_x", 1000);
  g_autoptr(PdOperation) no_amount = new_operation (PD_OPERATION_REFUND, "ch_unknown", 0);
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  entry = submit (fixture->outbox, vend, NULL, &error);
  g_assert_error (error, PD_OUTBOX_ERROR, PD_OUTBOX_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  elsewhere->account_id = fixture->eoneopay_id;
  entry = submit (fixture->outbox, elsewhere, NULL, &error);
  g_assert_error (error, PD_OUTBOX_ERROR, PD_OUTBOX_ERROR_INVALID);
  g_clear_error (&error);

  /* "What is left" of a charge Paydesk has never seen. */
  entry = submit (fixture->outbox, no_amount, NULL, &error);
  g_assert_error (error, PD_OUTBOX_ERROR, PD_OUTBOX_ERROR_INVALID);
  g_assert_null (entry);

  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM transactions"), ==, 0);
}

/* ============================================================ EoneoPay */

/* EoneoPay can neither look a payment up nor take it twice safely: an
 * unknown payment stays unknown until a person says what happened. */
static void
test_eoneopay_unknown_resolved (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(PdEoneopayClient) client = pd_eoneopay_client_new (pd_test_sandbox_get_base_url (fixture->sandbox, "eoneopay"),
                                                               pd_test_sandbox_get_credential (fixture->sandbox, "eoneopay", "api_key"));
  g_autoptr(PdOutbox) outbox = pd_outbox_new (fixture->store, PD_PROVIDER (client), fixture->eoneopay_id);
  g_autofree char *token = pd_test_sandbox_dup_eoneopay_card (fixture->sandbox, NULL);
  g_autoptr(PdOperation) payment = pd_operation_new (PD_OPERATION_CHARGE, 0);
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(PdOutboxEntry) still = NULL;
  g_autoptr(PdOutboxEntry) resolved = NULL;
  g_autoptr(PdOutboxEntry) twice = NULL;
  g_autoptr(PdTransaction) row = NULL;
  g_autoptr(PdTransaction) final = NULL;
  g_autoptr(GPtrArray) reconciled = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *audit = NULL;

  g_assert_cmpint (pd_provider_get_reconcile_method (PD_PROVIDER (client), PD_OPERATION_CHARGE), ==,
                   PD_RECONCILE_NONE);

  pd_money_init (&payment->amount, 4700, 2, "AUD");
  pd_operation_set_field (payment, "token", token);
  payment->description = g_strdup ("Two tickets");
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"eoneopay\",\"method\":\"POST\",\"path\":\"/payments\","
                             "\"action\":\"drop_after_apply\"}");

  entry = submit_ok (outbox, payment);
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_UNKNOWN);
  g_assert_cmpuint (entry->attempts, ==, 1);
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "eoneopay", "payment", NULL), ==, 1);

  /* EoneoPay has no list of payments: this row is the only record. */
  row = stored_transaction (fixture->store, entry->transaction_id);
  g_assert_cmpint (row->state, ==, PD_TRANSACTION_STATE_INDETERMINATE);
  g_assert_cmpint (row->amount.units, ==, 4700);
  g_assert_cmpstr (row->amount.currency, ==, "AUD");
  g_assert_cmpstr (row->reference, ==, entry->reference);

  /* Reconciling sends nothing and leaves it for a person. */
  reconciled = reconcile (outbox);
  g_assert_cmpuint (reconciled->len, ==, 1);
  still = stored_entry (fixture->store, entry->idempotency_key);
  g_assert_cmpint (still->state, ==, PD_OUTBOX_STATE_UNKNOWN);
  g_assert_cmpuint (still->attempts, ==, 1);
  g_assert_nonnull (strstr (still->error_message, "check with the provider"));
  spin (100);
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "eoneopay", "payment", NULL), ==, 1);

  resolved = resolve (outbox, entry->id, PD_OUTBOX_STATE_CONFIRMED,
                      "Seen in the EoneoPay dashboard", &error);
  g_assert_no_error (error);
  g_assert_cmpint (resolved->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_nonnull (strstr (resolved->error_message, "Seen in the EoneoPay dashboard"));
  g_assert_nonnull (strstr (resolved->error_message, g_get_user_name ()));
  final = stored_transaction (fixture->store, entry->transaction_id);
  g_assert_cmpint (final->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);

  twice = resolve (outbox, entry->id, PD_OUTBOX_STATE_FAILED, "changed my mind", &error);
  g_assert_error (error, PD_OUTBOX_ERROR, PD_OUTBOX_ERROR_SETTLED);
  g_assert_null (twice);

  again = reconcile (outbox);
  g_assert_cmpuint (again->len, ==, 0);
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "eoneopay", "payment", NULL), ==, 1);

  audit = audit_of (fixture->store, entry);
  g_assert_cmpstr (audit, ==, "submit/queued send/sent answer/unknown reconcile/unknown resolve/confirmed");

  g_assert_finalize_object (g_steal_pointer (&outbox));
  g_assert_finalize_object (g_steal_pointer (&client));
}

/* ================================================ a provider that looks up */

/* Reconciling by look-up: a provider that keeps what it applied by
 * reference, and can lose a request before or after applying it. */

typedef enum
{
  LOSE_NOTHING,
  LOSE_BEFORE_APPLYING,
  LOSE_AFTER_APPLYING,
} LoseMode;

#define PD_TYPE_LOOKUP_PROVIDER (pd_lookup_provider_get_type ())
G_DECLARE_FINAL_TYPE (PdLookupProvider, pd_lookup_provider, PD, LOOKUP_PROVIDER, GObject)

struct _PdLookupProvider
{
  GObject     parent_instance;

  LoseMode    lose;
  GHashTable *applied;     /* reference → PdTransaction */
  guint       n_sends;
  guint       n_lookups;
};

static void pd_lookup_provider_iface_init (PdProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdLookupProvider, pd_lookup_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_PROVIDER, pd_lookup_provider_iface_init))

static PdProviderViews
lookup_get_views (PdProvider *provider)
{
  return PD_PROVIDER_VIEW_CHARGES;
}

static guint
lookup_get_operations (PdProvider *provider)
{
  return PD_OPERATION_BIT (PD_OPERATION_COLLECTION);
}

static PdReconcileMethod
lookup_get_reconcile_method (PdProvider      *provider,
                             PdOperationKind  kind)
{
  return PD_RECONCILE_LOOKUP;
}

static const char * const *
lookup_get_resources (PdProvider *provider)
{
  static const char * const none[] = { NULL };

  return none;
}

static PdOperationResult *
result_for (PdTransaction *transaction)
{
  PdOperationResult *result = pd_operation_result_new (pd_transaction_copy (transaction));

  result->response_json = g_strdup_printf ("{\"id\":\"%s\"}", transaction->provider_id);
  return result;
}

static void
lookup_perform_async (PdProvider          *provider,
                      const PdOperation   *operation,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  PdLookupProvider *self = PD_LOOKUP_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  PdProviderErrorInfo info = { "Lookalike", 0, NULL, NULL, "the connection broke", 0, TRUE };
  PdTransaction *transaction;

  self->n_sends++;

  if (self->lose == LOSE_BEFORE_APPLYING)
    {
      self->lose = LOSE_NOTHING;
      g_task_return_error (task, pd_provider_error_new_full (PD_PROVIDER_ERROR_NETWORK, &info));
      return;
    }

  /* Like ZengaPay and PawaCard: a reference is taken once. */
  if (g_hash_table_contains (self->applied, operation->reference))
    {
      g_task_return_error (task, pd_provider_error_new (PD_PROVIDER_ERROR_VALIDATION, "Lookalike", 422,
                                                        NULL, "The reference has already been taken."));
      return;
    }

  transaction = pd_transaction_new ();
  transaction->kind = PD_TRANSACTION_KIND_COLLECTION;
  transaction->state = PD_TRANSACTION_STATE_SUCCEEDED;
  transaction->provider_id = g_strdup_printf ("col-%u", g_hash_table_size (self->applied) + 1);
  transaction->reference = g_strdup (operation->reference);
  transaction->amount = operation->amount;
  transaction->created_at = 1782820800;
  g_hash_table_insert (self->applied, g_strdup (operation->reference), transaction);

  if (self->lose == LOSE_AFTER_APPLYING)
    {
      self->lose = LOSE_NOTHING;
      g_task_return_error (task, pd_provider_error_new_full (PD_PROVIDER_ERROR_NETWORK, &info));
      return;
    }

  g_task_return_pointer (task, result_for (transaction), (GDestroyNotify)pd_operation_result_free);
}

static void
lookup_lookup_async (PdProvider          *provider,
                     const PdOperation   *operation,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  PdLookupProvider *self = PD_LOOKUP_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  PdTransaction *transaction = g_hash_table_lookup (self->applied, operation->reference);

  self->n_lookups++;

  if (transaction == NULL)
    g_task_return_error (task, pd_provider_error_new (PD_PROVIDER_ERROR_NOT_FOUND, "Lookalike", 404, NULL,
                                                      "No such transaction."));
  else
    g_task_return_pointer (task, result_for (transaction), (GDestroyNotify)pd_operation_result_free);
}

static PdOperationResult *
lookup_result_finish (PdProvider    *provider,
                      GAsyncResult  *result,
                      GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
lookup_fetch_page_async (PdProvider          *provider,
                         const char          *resource,
                         const char          *cursor,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_task_report_new_error (provider, callback, user_data, lookup_fetch_page_async,
                           G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "no lists");
}

static PdPage *
lookup_fetch_page_finish (PdProvider    *provider,
                          GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
pd_lookup_provider_iface_init (PdProviderInterface *iface)
{
  iface->get_views = lookup_get_views;
  iface->get_operations = lookup_get_operations;
  iface->get_reconcile_method = lookup_get_reconcile_method;
  iface->get_resources = lookup_get_resources;
  iface->fetch_page_async = lookup_fetch_page_async;
  iface->fetch_page_finish = lookup_fetch_page_finish;
  iface->perform_async = lookup_perform_async;
  iface->perform_finish = lookup_result_finish;
  iface->lookup_async = lookup_lookup_async;
  iface->lookup_finish = lookup_result_finish;
}

static void
pd_lookup_provider_finalize (GObject *object)
{
  g_hash_table_unref (PD_LOOKUP_PROVIDER (object)->applied);

  G_OBJECT_CLASS (pd_lookup_provider_parent_class)->finalize (object);
}

static void
pd_lookup_provider_class_init (PdLookupProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_lookup_provider_finalize;
}

static void
pd_lookup_provider_init (PdLookupProvider *self)
{
  self->applied = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)pd_transaction_free);
}

static void
test_lookup_reconcile (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(PdLookupProvider) provider = g_object_new (PD_TYPE_LOOKUP_PROVIDER, NULL);
  g_autoptr(PdOutbox) outbox = pd_outbox_new (fixture->store, PD_PROVIDER (provider), fixture->fayapay_id);
  g_autoptr(PdOperation) lost_before = pd_operation_new (PD_OPERATION_COLLECTION, 0);
  g_autoptr(PdOperation) lost_after = pd_operation_new (PD_OPERATION_COLLECTION, 0);
  g_autoptr(PdOutboxEntry) first = NULL;
  g_autoptr(PdOutboxEntry) second = NULL;
  g_autoptr(PdOutboxEntry) first_after = NULL;
  g_autoptr(PdOutboxEntry) second_after = NULL;
  g_autoptr(PdTransaction) row = NULL;
  g_autoptr(GPtrArray) reconciled = NULL;
  g_autofree char *audit = NULL;

  pd_money_init (&lost_before->amount, 50000, 0, "UGX");
  pd_operation_set_field (lost_before, "phone", "256772123456");
  pd_money_init (&lost_after->amount, 70000, 0, "UGX");

  /* Lost before it was applied: the look-up finds nothing, so it is
   * sent again with the same reference. */
  provider->lose = LOSE_BEFORE_APPLYING;
  first = submit_ok (outbox, lost_before);
  g_assert_cmpint (first->state, ==, PD_OUTBOX_STATE_UNKNOWN);

  /* Lost after it was applied: the look-up finds it; nothing is resent. */
  provider->lose = LOSE_AFTER_APPLYING;
  second = submit_ok (outbox, lost_after);
  g_assert_cmpint (second->state, ==, PD_OUTBOX_STATE_UNKNOWN);
  g_assert_cmpuint (provider->n_sends, ==, 2);

  reconciled = reconcile (outbox);
  g_assert_cmpuint (reconciled->len, ==, 2);
  g_assert_cmpuint (provider->n_lookups, ==, 2);
  g_assert_cmpuint (provider->n_sends, ==, 3);
  g_assert_cmpuint (g_hash_table_size (provider->applied), ==, 2);

  first_after = stored_entry (fixture->store, first->idempotency_key);
  g_assert_cmpint (first_after->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_cmpuint (first_after->attempts, ==, 2);
  g_assert_true (g_hash_table_contains (provider->applied, first->reference));
  row = stored_transaction (fixture->store, first_after->transaction_id);
  g_assert_cmpint (row->kind, ==, PD_TRANSACTION_KIND_COLLECTION);
  g_assert_cmpstr (row->reference, ==, first->reference);
  g_assert_cmpint (row->id, ==, first->transaction_id);

  second_after = stored_entry (fixture->store, second->idempotency_key);
  g_assert_cmpint (second_after->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_cmpuint (second_after->attempts, ==, 1);

  audit = audit_of (fixture->store, first);
  g_assert_cmpstr (audit, ==, "submit/queued send/sent answer/unknown reconcile/resend reconcile/confirmed");
  g_clear_pointer (&audit, g_free);
  audit = audit_of (fixture->store, second);
  g_assert_cmpstr (audit, ==, "submit/queued send/sent answer/unknown reconcile/confirmed");
  g_assert_cmpint (count_placeholders (fixture->store), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&outbox));
}

/* ============================================================ ZengaPay */

/* How many more requests the first armed fault will catch. */
static gint64
fault_remaining (PdTestSandbox *sandbox)
{
  g_autoptr(PdTestResponse) faults = pd_test_sandbox_control (sandbox, "GET", "/faults", NULL);
  JsonArray *array = pd_test_assert_array_member (pd_test_response_get_object (faults), "faults");

  g_assert_cmpuint (json_array_get_length (array), ==, 1);

  return pd_test_assert_int_member (json_array_get_object_element (array, 0), "remaining");
}

/* A collection still pending when Paydesk stops is polled after the
 * restart by the transactionReference ZengaPay answered, kept in the
 * outbox: one GET of that collection, as before the restart, not a walk
 * through the list of collections looking for its reference. */
static void
test_zengapay_polled_after_restart (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  const char *base_url = pd_test_sandbox_get_base_url (fixture->sandbox, "zengapay");
  const char *token = pd_test_sandbox_get_credential (fixture->sandbox, "zengapay", "token");
  gint64 account_id = add_account (fixture->store, "zengapay", base_url);
  g_autoptr(PdZengapayClient) client = pd_zengapay_client_new (base_url, token);
  g_autoptr(PdOutbox) outbox = pd_outbox_new (fixture->store, PD_PROVIDER (client), account_id);
  g_autoptr(PdOperation) operation = pd_operation_new (PD_OPERATION_COLLECTION, account_id);
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(PdTransaction) before = NULL;
  g_autoptr(PdTransaction) after = NULL;
  g_autofree char *audit = NULL;

  pd_money_init (&operation->amount, 25000, 0, "UGX");
  pd_operation_set_field (operation, "phone", "256772123456");
  operation->description = g_strdup ("Two bunches of matooke");

  entry = submit_ok (outbox, operation);
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_nonnull (entry->result_provider_id);
  before = stored_transaction (fixture->store, entry->transaction_id);
  g_assert_cmpint (before->state, ==, PD_TRANSACTION_STATE_PENDING);

  /* Paydesk stops while the customer has not approved yet; the store
   * stays, the client and what it remembered go. */
  g_assert_finalize_object (g_steal_pointer (&outbox));
  g_assert_finalize_object (g_steal_pointer (&client));

  client = pd_zengapay_client_new (base_url, token);
  pd_http_client_set_max_retry_delay (pd_zengapay_client_get_http_client (client), 40);
  outbox = pd_outbox_new (fixture->store, PD_PROVIDER (client), account_id);
  pd_outbox_set_poll_interval (outbox, 50);

  /* The list of collections fails for as long as this test runs, so a
   * look-up that walked it could not find the collection. */
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"zengapay\",\"method\":\"GET\","
                             "\"path\":\"/v1/collections\",\"action\":\"status\",\"status\":503,"
                             "\"count\":50}");
  pd_test_sandbox_advance_clock (fixture->sandbox, 30);
  spin (80);

  g_assert_cmpuint (poll_pending (outbox), ==, 0);
  g_assert_cmpint (fault_remaining (fixture->sandbox), ==, 50);
  pd_test_sandbox_clear_faults (fixture->sandbox);

  after = stored_transaction (fixture->store, entry->transaction_id);
  g_assert_cmpint (after->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (after->provider_id, ==, entry->result_provider_id);
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "zengapay", "collection", NULL), ==, 1);

  audit = audit_of (fixture->store, entry);
  g_assert_cmpstr (audit, ==, "submit/queued send/sent answer/confirmed poll/succeeded");

  g_assert_finalize_object (g_steal_pointer (&outbox));
  g_assert_finalize_object (g_steal_pointer (&client));
}

static void
add_test (const char *path,
          void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  if (argc > 1 && g_str_equal (argv[1], "--outbox-child"))
    return outbox_child (argc, argv);

  test_binary = argv[0];
  g_test_init (&argc, &argv, NULL);

  add_test ("/outbox/fayapay/refund-confirmed", test_refund_confirmed);
  add_test ("/outbox/fayapay/refund-answer-lost", test_refund_answer_lost);
  add_test ("/outbox/fayapay/killed-between-sent-and-confirmed", test_killed_between_sent_and_confirmed);
  add_test ("/outbox/fayapay/same-key-twice", test_same_key_twice);
  add_test ("/outbox/fayapay/refund-refused", test_refund_refused);
  add_test ("/outbox/fayapay/pending-polled", test_pending_polled);
  add_test ("/outbox/fayapay/cancelled-after-send", test_cancelled_after_send);
  add_test ("/outbox/queued-left-over", test_queued_left_over);
  add_test ("/outbox/refused-locally", test_refused_locally);
  add_test ("/outbox/eoneopay/unknown-resolved", test_eoneopay_unknown_resolved);
  add_test ("/outbox/lookup/reconcile", test_lookup_reconcile);
  add_test ("/outbox/zengapay/polled-after-restart", test_zengapay_polled_after_restart);

  return g_test_run ();
}

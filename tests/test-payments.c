/* test-payments.c - every account's outbox, followed until settled, against the sandbox
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gstdio.h>

#include "pd-fayapay-client.h"
#include "pd-json.h"
#include "pd-payments.h"
#include "pd-provider-registry.h"
#include "pd-test-sandbox.h"

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

/* ============================================================ fixtures */

typedef struct
{
  PdTestSandbox *sandbox;
  char          *dir;
  char          *db_path;
  PdStore       *store;
  PdSecrets     *secrets;
  PdPayments    *payments;
  gint64         fayapay_id;
  char          *fayapay_uuid;
  GPtrArray     *changed;        /* every PdOutboxEntry of entry-changed */
} Fixture;

static void
on_entry_changed (PdPayments    *payments,
                  PdOutboxEntry *entry,
                  Fixture       *fixture)
{
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_ptr_array_add (fixture->changed, pd_outbox_entry_copy (entry));
}

static PdPayments *
new_payments (Fixture *fixture)
{
  PdPayments *payments = pd_payments_new (fixture->store, fixture->secrets);

  pd_payments_set_poll_interval (payments, 100);
  g_signal_connect (payments, "entry-changed", G_CALLBACK (on_entry_changed), fixture);

  return payments;
}

static gint64
add_account (Fixture     *fixture,
             const char  *provider,
             const char  *field,
             const char  *secret,
             char       **uuid_out)
{
  g_autoptr(PdAccount) account = pd_account_new ();
  g_autoptr(PdSecretSet) set = pd_secret_set_new ();
  g_autoptr(GError) error = NULL;

  account->provider = g_strdup (provider);
  account->label = g_strdup ("Payments test shop");
  account->base_url = g_strdup (pd_test_sandbox_get_base_url (fixture->sandbox, provider));
  account->mode = PD_ACCOUNT_MODE_TEST;
  g_assert_true (pd_store_add_account (fixture->store, account, &error));
  g_assert_no_error (error);

  if (secret != NULL)
    {
      pd_secret_set_set (set, field, secret);
      g_assert_true (pd_secrets_store_sync (fixture->secrets, account->uuid, provider, account->label, set,
                                            PD_SECRETS_STORE_NONE, NULL, &error));
      g_assert_no_error (error);
    }

  if (uuid_out != NULL)
    *uuid_out = g_strdup (account->uuid);

  return account->id;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->sandbox = pd_test_sandbox_start ("--records", "20", NULL);
  fixture->dir = g_dir_make_tmp ("paydesk-test-payments-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "paydesk.db", NULL);
  fixture->store = pd_store_new_for_path (fixture->db_path, &error);
  g_assert_no_error (error);
  fixture->secrets = pd_secrets_new ();
  fixture->changed = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_outbox_entry_free);

  fixture->fayapay_id = add_account (fixture, "fayapay", "api_key",
                                     pd_test_sandbox_get_credential (fixture->sandbox, "fayapay", "api_key"),
                                     &fixture->fayapay_uuid);
  fixture->payments = new_payments (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };
  g_autoptr(GError) error = NULL;

  g_assert_finalize_object (fixture->payments);
  g_assert_true (pd_secrets_clear_sync (fixture->secrets, fixture->fayapay_uuid, NULL, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (fixture->secrets);
  g_assert_finalize_object (fixture->store);
  pd_test_sandbox_stop (fixture->sandbox);
  g_ptr_array_unref (fixture->changed);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (fixture->db_path, suffixes[i], NULL);

      g_remove (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
  g_free (fixture->fayapay_uuid);
}

/* ============================================================= helpers */

static PdOutbox *
get_outbox (PdPayments  *payments,
            gint64       account_id,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_payments_get_outbox_async (payments, account_id, NULL, on_ready, &result);
  return pd_payments_get_outbox_finish (payments, wait_for (&result), error);
}

static PdOutboxEntry *
submit_ok (PdPayments        *payments,
           const PdOperation *operation)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PdOutboxEntry *entry;

  pd_payments_submit_async (payments, operation, NULL, on_ready, &result);
  entry = pd_payments_submit_finish (payments, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);

  return entry;
}

/* Short retries, so that a request whose every answer is lost gives up
 * in well under a second. */
static void
quicken (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdOutbox) outbox = get_outbox (fixture->payments, fixture->fayapay_id, &error);
  PdFayapayClient *client;

  g_assert_no_error (error);
  client = PD_FAYAPAY_CLIENT (pd_outbox_get_provider (outbox));
  pd_fayapay_client_set_retry_delay (client, 10);
  pd_http_client_set_max_retry_delay (pd_fayapay_client_get_http_client (client), 40);
}

static PdOperation *
new_operation (Fixture         *fixture,
               PdOperationKind  kind,
               const char      *target,
               gint64           pesewas)
{
  PdOperation *operation = pd_operation_new (kind, fixture->fayapay_id);

  operation->target_provider_id = g_strdup (target);
  if (pesewas > 0)
    pd_money_init (&operation->amount, pesewas, 2, "GHS");

  return operation;
}

static char *
make_charge (Fixture    *fixture,
             gint64      pesewas,
             const char *source)
{
  g_autoptr(PdOperation) operation = new_operation (fixture, PD_OPERATION_CHARGE, NULL, pesewas);
  g_autoptr(PdOutboxEntry) entry = NULL;

  pd_operation_set_field (operation, "source", source);
  entry = submit_ok (fixture->payments, operation);
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_CONFIRMED);

  return g_strdup (entry->result_provider_id);
}

static guint
count_refunds_in_store (Fixture    *fixture,
                        const char *charge_id)
{
  g_autoptr(GPtrArray) refunds = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_store_list_refunds (fixture->store, fixture->fayapay_id, charge_id, &refunds, &error));
  g_assert_no_error (error);

  return refunds->len;
}

/* The last entry-changed of an entry, or NULL. */
static PdOutboxEntry *
last_change (Fixture *fixture,
             gint64   entry_id)
{
  for (guint i = fixture->changed->len; i > 0; i--)
    {
      PdOutboxEntry *entry = g_ptr_array_index (fixture->changed, i - 1);

      if (entry->id == entry_id)
        return entry;
    }

  return NULL;
}

static PdTransactionState
row_state (Fixture             *fixture,
           const PdOutboxEntry *entry)
{
  g_autoptr(PdTransaction) row = NULL;
  g_autoptr(GError) error = NULL;

  row = pd_store_get_transaction (fixture->store, entry->transaction_id, &error);
  g_assert_no_error (error);

  return row->state;
}

/* Runs the main loop until @entry_id is no longer followed. */
static void
wait_until_settled (Fixture *fixture,
                    gint64   entry_id)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (pd_payments_is_following (fixture->payments, entry_id))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* ================================================================ tests */

/* A refund through the account's outbox: made once, confirmed at once,
 * said once, and nothing left to follow. */
static void
test_submit (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *charge_id = make_charge (fixture, 10000, "src_test_payments1");
  g_autoptr(PdOperation) refund = new_operation (fixture, PD_OPERATION_REFUND, charge_id, 2500);
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(PdOutboxEntry) again = NULL;
  g_autoptr(PdOutbox) first = NULL;
  g_autoptr(PdOutbox) second = NULL;
  g_autoptr(GError) error = NULL;
  PdOutboxEntry *said;

  /* One outbox per account, made once. */
  first = get_outbox (fixture->payments, fixture->fayapay_id, &error);
  g_assert_no_error (error);
  second = get_outbox (fixture->payments, fixture->fayapay_id, &error);
  g_assert_no_error (error);
  g_assert_true (first == second);
  g_assert_cmpint (pd_outbox_get_account_id (first), ==, fixture->fayapay_id);

  /* FayaPay honours idempotency keys; an account never opened is unknown. */
  g_assert_cmpint (pd_payments_get_reconcile_method (fixture->payments, fixture->fayapay_id, PD_OPERATION_REFUND),
                   ==, PD_RECONCILE_REPLAY);
  g_assert_cmpint (pd_payments_get_reconcile_method (fixture->payments, fixture->fayapay_id + 1000,
                                                     PD_OPERATION_REFUND), ==, PD_RECONCILE_NONE);

  g_ptr_array_set_size (fixture->changed, 0);
  refund->description = g_strdup ("Returned one bolt");
  refund->idempotency_key = g_uuid_string_random ();
  entry = submit_ok (fixture->payments, refund);
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_cmpstr (entry->target_provider_id, ==, charge_id);
  g_assert_cmpint (entry->amount.units, ==, 2500);
  g_assert_cmpint (row_state (fixture, entry), ==, PD_TRANSACTION_STATE_SUCCEEDED);

  g_assert_cmpuint (fixture->changed->len, ==, 1);
  said = g_ptr_array_index (fixture->changed, 0);
  g_assert_cmpint (said->id, ==, entry->id);
  g_assert_cmpint (said->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_false (pd_payments_is_following (fixture->payments, entry->id));

  /* A second press with the same key moves nothing. */
  again = submit_ok (fixture->payments, refund);
  g_assert_cmpint (again->id, ==, entry->id);
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "fayapay", "refund",
                                                  "target", charge_id, NULL), ==, 1);
  g_assert_cmpuint (count_refunds_in_store (fixture, charge_id), ==, 1);
}

/* A charge FayaPay keeps pending for a simulated minute is followed by
 * polling until it succeeded, and the change is said. */
static void
test_pending_followed (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(PdOperation) charge = new_operation (fixture, PD_OPERATION_CHARGE, NULL, 77777);
  g_autoptr(PdOutboxEntry) entry = NULL;
  PdOutboxEntry *said;

  pd_operation_set_field (charge, "source", "src_test_payments_pending");
  entry = submit_ok (fixture->payments, charge);
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_cmpint (row_state (fixture, entry), ==, PD_TRANSACTION_STATE_PENDING);
  g_assert_true (pd_payments_is_following (fixture->payments, entry->id));

  pd_test_sandbox_advance_clock (fixture->sandbox, 61);
  wait_until_settled (fixture, entry->id);

  g_assert_cmpint (row_state (fixture, entry), ==, PD_TRANSACTION_STATE_SUCCEEDED);
  said = last_change (fixture, entry->id);
  g_assert_nonnull (said);
  g_assert_cmpint (said->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_cmpuint (fixture->changed->len, >=, 2);
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "fayapay", "charge",
                                                  "target", "src_test_payments_pending", NULL), ==, 1);
}

/* Every answer to a refund is lost after it was applied: unknown. The
 * entry is reconciled in the background once FayaPay answers again, and
 * exactly one refund exists on both sides. */
static void
test_unknown_reconciled (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *charge_id = make_charge (fixture, 8000, "src_test_payments2");
  g_autoptr(PdOperation) refund = new_operation (fixture, PD_OPERATION_REFUND, charge_id, 3000);
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(PdOutboxEntry) stored = NULL;
  g_autoptr(GError) error = NULL;
  PdOutboxEntry *said;

  quicken (fixture);
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"fayapay\",\"method\":\"POST\",\"path\":\"/v1/Charges/*/Refunds\","
                             "\"action\":\"drop_after_apply\",\"count\":20}");
  entry = submit_ok (fixture->payments, refund);
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_UNKNOWN);
  g_assert_cmpint (row_state (fixture, entry), ==, PD_TRANSACTION_STATE_INDETERMINATE);
  g_assert_true (pd_payments_is_following (fixture->payments, entry->id));
  said = last_change (fixture, entry->id);
  g_assert_nonnull (said);
  g_assert_cmpint (said->state, ==, PD_OUTBOX_STATE_UNKNOWN);

  pd_test_sandbox_clear_faults (fixture->sandbox);
  wait_until_settled (fixture, entry->id);

  said = last_change (fixture, entry->id);
  g_assert_cmpint (said->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  stored = pd_store_outbox_get (fixture->store, entry->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_cmpint (row_state (fixture, stored), ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "fayapay", "refund",
                                                  "target", charge_id, NULL), ==, 1);
  g_assert_cmpuint (count_refunds_in_store (fixture, charge_id), ==, 1);
}

/* An unknown entry left by an earlier run is reconciled at start-up by a
 * new PdPayments, which reports it changed. */
static void
test_reconcile_at_start (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *charge_id = make_charge (fixture, 9000, "src_test_payments3");
  g_autoptr(PdOperation) refund = new_operation (fixture, PD_OPERATION_REFUND, charge_id, 1500);
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) reconciled = NULL;
  g_autoptr(GError) error = NULL;
  PdOutboxEntry *settled;

  /* The first run does not follow, and ends. */
  quicken (fixture);
  pd_payments_set_follow (fixture->payments, FALSE);
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"fayapay\",\"method\":\"POST\",\"path\":\"/v1/Charges/*/Refunds\","
                             "\"action\":\"drop_after_apply\",\"count\":20}");
  entry = submit_ok (fixture->payments, refund);
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_UNKNOWN);
  g_assert_false (pd_payments_is_following (fixture->payments, entry->id));
  g_assert_finalize_object (fixture->payments);
  pd_test_sandbox_clear_faults (fixture->sandbox);

  fixture->payments = new_payments (fixture);
  g_ptr_array_set_size (fixture->changed, 0);
  pd_payments_reconcile_async (fixture->payments, 0, NULL, on_ready, &result);
  reconciled = pd_payments_reconcile_finish (fixture->payments, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reconciled->len, ==, 1);
  settled = g_ptr_array_index (reconciled, 0);
  g_assert_cmpint (settled->id, ==, entry->id);
  g_assert_cmpint (settled->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_cmpint (last_change (fixture, entry->id)->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_false (pd_payments_is_following (fixture->payments, entry->id));
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "fayapay", "refund",
                                                  "target", charge_id, NULL), ==, 1);
  g_assert_cmpuint (count_refunds_in_store (fixture, charge_id), ==, 1);

  /* Nothing left to reconcile. */
  g_clear_object (&result);
  g_clear_pointer (&reconciled, g_ptr_array_unref);
  pd_payments_reconcile_async (fixture->payments, fixture->fayapay_id, NULL, on_ready, &result);
  reconciled = pd_payments_reconcile_finish (fixture->payments, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reconciled->len, ==, 0);
}

/* Accounts that cannot be sent through say why, in the right domain. */
static void
test_no_outbox (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(PdOutbox) missing = NULL;
  g_autoptr(PdOutbox) secretless = NULL;
  g_autoptr(GError) error = NULL;
  gint64 account_id;

  missing = get_outbox (fixture->payments, fixture->fayapay_id + 1000, &error);
  g_assert_error (error, PD_PAYMENTS_ERROR, PD_PAYMENTS_ERROR_NO_ACCOUNT);
  g_assert_null (missing);
  g_clear_error (&error);

  account_id = add_account (fixture, "fayapay", NULL, NULL, NULL);
  secretless = get_outbox (fixture->payments, account_id, &error);
  g_assert_error (error, PD_PROVIDER_REGISTRY_ERROR, PD_PROVIDER_REGISTRY_ERROR_MISSING_SECRET);
  g_assert_null (secretless);
}

/* Accounts edited in Preferences move money with their new keys: the
 * cached client goes, and the next outbox reads the keyring again. */
static void
test_forget_accounts (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *charge_id = make_charge (fixture, 10000, "src_test_payments1");
  g_autoptr(PdOperation) before = new_operation (fixture, PD_OPERATION_REFUND, charge_id, 1000);
  g_autoptr(PdOperation) after = new_operation (fixture, PD_OPERATION_REFUND, charge_id, 1000);
  g_autoptr(PdSecretSet) wrong = pd_secret_set_new ();
  g_autoptr(PdOutboxEntry) sent_before = NULL;
  g_autoptr(PdOutboxEntry) sent_after = NULL;
  g_autoptr(PdOutbox) first = NULL;
  g_autoptr(PdOutbox) cached = NULL;
  g_autoptr(PdOutbox) fresh = NULL;
  g_autoptr(GError) error = NULL;

  first = get_outbox (fixture->payments, fixture->fayapay_id, &error);
  g_assert_no_error (error);

  /* The key is replaced in the keyring; the client made before keeps the
   * old one until told. */
  pd_secret_set_set (wrong, "api_key", "sk_test_not_the_key_any_more");
  g_assert_true (pd_secrets_store_sync (fixture->secrets, fixture->fayapay_uuid, "fayapay", "Payments test shop",
                                        wrong, PD_SECRETS_STORE_NONE, NULL, &error));
  g_assert_no_error (error);
  cached = get_outbox (fixture->payments, fixture->fayapay_id, &error);
  g_assert_no_error (error);
  g_assert_true (cached == first);
  sent_before = submit_ok (fixture->payments, before);
  g_assert_cmpint (sent_before->state, ==, PD_OUTBOX_STATE_CONFIRMED);

  pd_payments_forget_accounts (fixture->payments);
  fresh = get_outbox (fixture->payments, fixture->fayapay_id, &error);
  g_assert_no_error (error);
  g_assert_true (fresh != first);

  /* The new key is the one sent: FayaPay refuses it, and nothing moved. */
  sent_after = submit_ok (fixture->payments, after);
  g_assert_cmpint (sent_after->state, ==, PD_OUTBOX_STATE_FAILED);
  g_assert_cmpuint (pd_test_sandbox_count_ledger (fixture->sandbox, "fayapay", "refund",
                                                  "target", charge_id, NULL), ==, 1);
}

/* A pending entry still followed when its PdPayments goes away: the
 * timers go with it and nothing is left behind (checked under ASan). */
static void
test_dispose_while_following (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(PdOperation) charge = new_operation (fixture, PD_OPERATION_CHARGE, NULL, 77777);
  g_autoptr(PdOutboxEntry) entry = NULL;

  pd_operation_set_field (charge, "source", "src_test_payments_left");
  entry = submit_ok (fixture->payments, charge);
  g_assert_true (pd_payments_is_following (fixture->payments, entry->id));
  g_assert_finalize_object (fixture->payments);

  fixture->payments = new_payments (fixture);
}

/* EoneoPay can neither replay nor look a payment up: an unknown one is not
 * followed, and a person settles it. Nothing is sent again. */
static void
test_resolve_by_hand (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *uuid = NULL;
  gint64 account_id = add_account (fixture, "eoneopay", "api_key",
                                   pd_test_sandbox_get_credential (fixture->sandbox, "eoneopay", "api_key"),
                                   &uuid);
  g_autoptr(PdOperation) payment = pd_operation_new (PD_OPERATION_CHARGE, account_id);
  g_autofree char *token = pd_test_sandbox_dup_eoneopay_card (fixture->sandbox, NULL);
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(PdOutboxEntry) resolved = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PdOutboxEntry *said;
  gint64 deadline;

  pd_money_init (&payment->amount, 4700, 2, "AUD");
  pd_operation_set_field (payment, "token", token);
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"eoneopay\",\"method\":\"POST\",\"path\":\"/payments\","
                             "\"action\":\"drop_after_apply\",\"count\":10}");
  entry = submit_ok (fixture->payments, payment);
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_UNKNOWN);
  g_assert_cmpint (pd_payments_get_reconcile_method (fixture->payments, account_id, PD_OPERATION_CHARGE),
                   ==, PD_RECONCILE_NONE);

  /* One round finds nothing to ask, and stops following it. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (pd_payments_is_following (fixture->payments, entry->id))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  {
    g_autoptr(PdOutboxEntry) still = pd_store_outbox_get (fixture->store, entry->id, &error);

    g_assert_no_error (error);
    g_assert_cmpint (still->state, ==, PD_OUTBOX_STATE_UNKNOWN);
  }

  g_ptr_array_set_size (fixture->changed, 0);
  pd_payments_resolve_async (fixture->payments, entry->id, PD_OUTBOX_STATE_CONFIRMED,
                             "Seen in the EoneoPay dashboard", NULL, on_ready, &result);
  resolved = pd_payments_resolve_finish (fixture->payments, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (resolved->state, ==, PD_OUTBOX_STATE_CONFIRMED);
  g_assert_cmpint (row_state (fixture, resolved), ==, PD_TRANSACTION_STATE_SUCCEEDED);
  said = last_change (fixture, entry->id);
  g_assert_nonnull (said);
  g_assert_cmpint (said->state, ==, PD_OUTBOX_STATE_CONFIRMED);

  {
    g_autoptr(JsonArray) ledger = pd_test_sandbox_get_ledger (fixture->sandbox, "eoneopay");
    guint n_payments = 0;

    for (guint i = 0; i < json_array_get_length (ledger); i++)
      if (g_strcmp0 (pd_json_get_string (json_array_get_object_element (ledger, i), "operation"), "payment") == 0)
        n_payments++;
    g_assert_cmpuint (n_payments, ==, 1);
  }

  g_assert_true (pd_secrets_clear_sync (fixture->secrets, uuid, NULL, &error));
  g_assert_no_error (error);
}

/* What the window is told about refunds matches what each client can do. */
static void
test_refunds_known (Fixture       *fixture,
                    gconstpointer  user_data)
{
  const struct {
    const char *provider;
    const char *field;
    const char *credential;
  } providers[] = {
    { "fayapay", "api_key", "api_key" },
    { "zengapay", "token", "token" },
    { "eoneopay", "api_key", "api_key" },
    { "pawacard", "password", "password" },
    { "enayapay", "api_key", "api_key" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      g_autoptr(PdAccount) account = pd_account_new ();
      g_autoptr(PdSecretSet) set = pd_secret_set_new ();
      g_autoptr(PdProvider) provider = NULL;
      g_autoptr(GError) error = NULL;
      PdRefunds refunds = pd_payments_get_refunds (providers[i].provider);

      account->provider = g_strdup (providers[i].provider);
      account->label = g_strdup ("Refund check");
      account->base_url = g_strdup (pd_test_sandbox_get_base_url (fixture->sandbox, providers[i].provider));
      if (g_str_equal (providers[i].provider, "pawacard"))
        account->username = g_strdup (pd_test_sandbox_get_credential (fixture->sandbox, "pawacard", "username"));
      pd_secret_set_set (set, providers[i].field,
                         pd_test_sandbox_get_credential (fixture->sandbox, providers[i].provider,
                                                         providers[i].credential));
      provider = pd_provider_registry_create (account, set, &error);
      g_assert_no_error (error);

      g_test_message ("%s refunds: %d", providers[i].provider, refunds);
      g_assert_cmpint (pd_provider_can_perform (provider, PD_OPERATION_REFUND), ==, refunds != PD_REFUNDS_NONE);
    }
  g_assert_cmpint (pd_payments_get_refunds ("fayapay"), ==, PD_REFUNDS_PARTIAL);
  g_assert_cmpint (pd_payments_get_refunds ("eoneopay"), ==, PD_REFUNDS_FULL);
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
  g_test_init (&argc, &argv, NULL);

  add_test ("/payments/submit", test_submit);
  add_test ("/payments/pending-followed", test_pending_followed);
  add_test ("/payments/unknown-reconciled", test_unknown_reconciled);
  add_test ("/payments/reconcile-at-start", test_reconcile_at_start);
  add_test ("/payments/no-outbox", test_no_outbox);
  add_test ("/payments/forget-accounts", test_forget_accounts);
  add_test ("/payments/dispose-while-following", test_dispose_while_following);
  add_test ("/payments/refunds-known", test_refunds_known);
  add_test ("/payments/resolve-by-hand", test_resolve_by_hand);

  return g_test_run ();
}

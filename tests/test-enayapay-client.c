/* test-enayapay-client.c - the EnayaPay client against the sandbox over loopback
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gstdio.h>

#include "pd-enayapay-client.h"
#include "pd-json.h"
#include "pd-outbox.h"
#include "pd-provider-registry.h"
#include "pd-receipt.h"
#include "pd-store.h"
#include "pd-test-capture.h"
#include "pd-test-sandbox.h"

/* A card number with a valid check digit, new to the switch: it takes the
 * expiry of the first request that names it and opens with 250 000 SDG. */
#define CARD_NUMBER "4111111111111111"
#define CARD_EXPIRY "1230"
#define OTHER_CARD  "5555555555554444"
#define BAD_CARD    "4111111111111112"

#define EXAMPLE_METER      "024354364645"
#define EXAMPLE_SUBSCRIBER "0905450785"

typedef struct
{
  PdTestSandbox    *sandbox;
  PdEnayapayClient *client;
  PdProvider       *provider;
  guint             n_tokens;
  char             *last_token;
} Fixture;

static void
on_token (PdEnayapayClient *client,
          const char       *token,
          gpointer          user_data)
{
  Fixture *fixture = user_data;

  fixture->n_tokens++;
  g_free (fixture->last_token);
  fixture->last_token = g_strdup (token);
}

static const char *
credential (Fixture    *fixture,
            const char *field)
{
  return pd_test_sandbox_get_credential (fixture->sandbox, "enayapay", field);
}

static PdEnayapayClient *
new_client (PdTestSandbox *sandbox,
            const char    *api_key)
{
  PdEnayapayClient *client;
  PdHttpClient *http;

  client = pd_enayapay_client_new (pd_test_sandbox_get_base_url (sandbox, "enayapay"), api_key);
  http = pd_enayapay_client_get_http_client (client);
  pd_http_client_set_retry_delay (http, 10);
  pd_http_client_set_max_retry_delay (http, 40);
  pd_http_client_set_timeout (http, 15000);

  return client;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->sandbox = pd_test_sandbox_start (NULL);
  fixture->client = new_client (fixture->sandbox,
                                pd_test_sandbox_get_credential (fixture->sandbox, "enayapay", "api_key"));
  fixture->provider = PD_PROVIDER (fixture->client);
  pd_enayapay_client_set_token_func (fixture->client, on_token, fixture, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_assert_finalize_object (fixture->client);
  pd_test_sandbox_stop (fixture->sandbox);
  g_free (fixture->last_token);
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

static gboolean
do_register (PdEnayapayClient  *client,
             const char        *phone,
             const char        *name,
             const char        *password,
             GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_enayapay_client_register_async (client, phone, name, password, NULL, on_ready, &result);
  return pd_enayapay_client_register_finish (client, wait_for (&result), error);
}

static char *
verify (PdEnayapayClient  *client,
        const char        *phone,
        const char        *otp,
        GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_enayapay_client_verify_async (client, phone, otp, NULL, on_ready, &result);
  return pd_enayapay_client_verify_finish (client, wait_for (&result), error);
}

static char *
login (PdEnayapayClient  *client,
       const char        *phone,
       const char        *password,
       GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_enayapay_client_login_async (client, phone, password, NULL, on_ready, &result);
  return pd_enayapay_client_login_finish (client, wait_for (&result), error);
}

static gboolean
reset_password (PdEnayapayClient  *client,
                const char        *phone,
                const char        *password,
                GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_enayapay_client_reset_password_async (client, phone, password, NULL, on_ready, &result);
  return pd_enayapay_client_reset_password_finish (client, wait_for (&result), error);
}

static gboolean
change_password (PdEnayapayClient  *client,
                 const char        *current,
                 const char        *replacement,
                 GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_enayapay_client_change_password_async (client, current, replacement, NULL, on_ready, &result);
  return pd_enayapay_client_change_password_finish (client, wait_for (&result), error);
}

static PdCard *
add_card (PdEnayapayClient  *client,
          const char        *number,
          const char        *expiry,
          const char        *label,
          gboolean           is_default,
          GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_enayapay_client_add_card_async (client, number, expiry, label, is_default, NULL, on_ready, &result);
  return pd_enayapay_client_add_card_finish (client, wait_for (&result), error);
}

static GPtrArray *
list_cards (PdEnayapayClient  *client,
            GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_enayapay_client_list_cards_async (client, NULL, on_ready, &result);
  return pd_enayapay_client_list_cards_finish (client, wait_for (&result), error);
}

static PdCard *
get_card (PdEnayapayClient  *client,
          const char        *id,
          GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_enayapay_client_get_card_async (client, id, NULL, on_ready, &result);
  return pd_enayapay_client_get_card_finish (client, wait_for (&result), error);
}

static gboolean
delete_card (PdEnayapayClient  *client,
             const char        *id,
             GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_enayapay_client_delete_card_async (client, id, NULL, on_ready, &result);
  return pd_enayapay_client_delete_card_finish (client, wait_for (&result), error);
}

static PdBalance *
balance_inquiry (PdEnayapayClient  *client,
                 const char        *number,
                 const char        *expiry,
                 const char        *ipin,
                 GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_enayapay_client_balance_inquiry_async (client, number, expiry, ipin, NULL, on_ready, &result);
  return pd_enayapay_client_balance_inquiry_finish (client, wait_for (&result), error);
}

static PdEnayapayInvoice *
inquire_bill (PdEnayapayClient  *client,
              const char        *payee,
              const char        *phone,
              GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_enayapay_client_inquire_bill_async (client, payee, phone, NULL, on_ready, &result);
  return pd_enayapay_client_inquire_bill_finish (client, wait_for (&result), error);
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

/* Helpers */

static void
log_in (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  name = login (fixture->client, credential (fixture, "phone"), credential (fixture, "password"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, credential (fixture, "username"));
}

static gint64
money_units (const PdMoney *money,
             guint          scale)
{
  PdMoney out;

  g_assert_true (pd_money_rescale (money, scale, &out, NULL));
  return out.units;
}

static PdOperation *
payment (Fixture         *fixture,
         PdOperationKind  kind,
         const char      *target,
         gint64           piastres,
         const char      *card_number,
         const char      *ipin)
{
  PdOperation *operation = pd_operation_new (kind, 1);

  pd_money_init (&operation->amount, piastres, 2, "SDG");
  operation->reference = g_uuid_string_random ();
  operation->idempotency_key = g_strdup (operation->reference);
  pd_operation_set_field (operation, kind == PD_OPERATION_VEND ? "meter" : "phone", target);
  if (kind != PD_OPERATION_VEND)
    pd_operation_set_field (operation, "network", "zain");
  pd_operation_set_field (operation, "card_expiry", CARD_EXPIRY);
  pd_operation_set_secret (operation, "card_number", card_number);
  pd_operation_set_secret (operation, "ipin", ipin != NULL ? ipin : credential (fixture, "ipin"));

  return operation;
}

static guint
count_ledger (PdTestSandbox *sandbox,
              const char    *operation,
              const char    *reference)
{
  g_autoptr(JsonArray) entries = pd_test_sandbox_get_ledger (sandbox, "enayapay");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (operation != NULL && g_strcmp0 (json_object_get_string_member (entry, "operation"), operation) != 0)
        continue;
      if (reference != NULL && g_strcmp0 (json_object_get_string_member (entry, "reference"), reference) != 0)
        continue;
      n++;
    }

  return n;
}

static guint
count_digits (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      n++;

  return n;
}

static void
assert_masked (const PdCard *card)
{
  g_assert_cmpuint (count_digits (card->masked_pan), ==, 4);
  g_assert_true (g_str_has_suffix (card->masked_pan, card->last4));
  g_assert_cmpuint (strlen (card->last4), ==, 4);
  g_assert_null (strstr (card->raw_json, "922208"));
}

static void
assert_provider_error (const GError *error,
                       PdProviderError code,
                       guint           http_status)
{
  g_assert_error (error, PD_PROVIDER_ERROR, (gint)code);
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, http_status);
  g_assert_false (pd_provider_error_is_outcome_unknown (error));
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

/* Account set-up */

static void
test_register_and_verify (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *unknown = NULL;

  /* 201, twice while not verified (the details are replaced). */
  g_assert_true (do_register (fixture->client, "249912345678", "amna", "first-password", &error));
  g_assert_no_error (error);
  g_assert_true (do_register (fixture->client, "249912345678", "amna", "second-password", &error));
  g_assert_no_error (error);

  /* 203: a wrong code. */
  wrong = verify (fixture->client, "249912345678", "000000", &error);
  g_assert_null (wrong);
  assert_provider_error (error, PD_PROVIDER_ERROR_AUTH, 203);
  g_assert_nonnull (strstr (error->message, "code"));
  g_clear_error (&error);
  g_assert_cmpuint (fixture->n_tokens, ==, 0);

  /* 404: a phone never registered. */
  unknown = verify (fixture->client, "249911111111", credential (fixture, "otp"), &error);
  g_assert_null (unknown);
  assert_provider_error (error, PD_PROVIDER_ERROR_NOT_FOUND, 404);
  g_assert_cmpstr (pd_provider_error_get_provider_message (error), ==, "user not registered");
  g_clear_error (&error);

  name = verify (fixture->client, "249912345678", credential (fixture, "otp"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "amna");
  g_assert_true (pd_enayapay_client_has_token (fixture->client));
  g_assert_cmpuint (fixture->n_tokens, ==, 1);
  {
    g_auto(GStrv) parts = g_strsplit (fixture->last_token, ".", -1);

    g_assert_cmpuint (g_strv_length (parts), ==, 3);
  }

  /* 302: registered and verified already. */
  g_assert_false (do_register (fixture->client, "249912345678", "amna", "password", &error));
  assert_provider_error (error, PD_PROVIDER_ERROR_CONFLICT, 302);
  g_assert_nonnull (strstr (error->message, "already registered"));
}

static void
test_register_errors (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) invalid = NULL;
  g_autoptr(GError) blank = NULL;
  g_autoptr(GError) gateway = NULL;
  g_autoptr(GError) unavailable = NULL;
  g_autoptr(GError) key = NULL;
  g_autoptr(PdEnayapayClient) stranger = new_client (fixture->sandbox, "not-the-key");

  /* 406: not 249 and nine digits. */
  g_assert_false (do_register (fixture->client, "0912345678", "amna", "password", &invalid));
  assert_provider_error (invalid, PD_PROVIDER_ERROR_VALIDATION, 406);
  g_assert_cmpstr (pd_provider_error_get_provider_message (invalid), ==, "your number not valid");
  g_assert_nonnull (strstr (invalid->message, "249"));

  /* 400: the fields, said by field. */
  g_assert_false (do_register (fixture->client, "249912345678", "", "", &blank));
  assert_provider_error (blank, PD_PROVIDER_ERROR_VALIDATION, 400);
  g_assert_cmpstr (pd_provider_error_get_provider_message (blank), ==,
                   "user_name (This field may not be blank.); user_password (This field may not be blank.)");
  g_assert_nonnull (strstr (blank->message, "user_password"));

  /* 502 and 503: the SMS gateway, the service. */
  g_assert_false (do_register (fixture->client, "249900000502", "amna", "password", &gateway));
  assert_provider_error (gateway, PD_PROVIDER_ERROR_UNAVAILABLE, 502);
  g_assert_cmpstr (pd_provider_error_get_provider_message (gateway), ==, "bad getway");
  g_assert_nonnull (strstr (gateway->message, "SMS"));

  g_assert_false (do_register (fixture->client, "249900000503", "amna", "password", &unavailable));
  assert_provider_error (unavailable, PD_PROVIDER_ERROR_UNAVAILABLE, 503);
  g_assert_cmpstr (pd_provider_error_get_provider_message (unavailable), ==, "service not available");

  /* 401: a wrong API key, no body. */
  g_assert_false (do_register (stranger, "249912345678", "amna", "password", &key));
  assert_provider_error (key, PD_PROVIDER_ERROR_AUTH, 401);
  g_assert_nonnull (strstr (key->message, "API key"));

  g_clear_object (&stranger);
}

static void
test_login (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GError) wrong = NULL;
  g_autoptr(GError) unknown = NULL;
  g_autofree char *no_name = NULL;
  g_autofree char *nobody = NULL;

  no_name = login (fixture->client, credential (fixture, "phone"), "not-the-password", &wrong);
  g_assert_null (no_name);
  assert_provider_error (wrong, PD_PROVIDER_ERROR_AUTH, 203);
  g_assert_false (pd_enayapay_client_has_token (fixture->client));

  nobody = login (fixture->client, "249911111111", "password", &unknown);
  g_assert_null (nobody);
  assert_provider_error (unknown, PD_PROVIDER_ERROR_NOT_FOUND, 404);

  log_in (fixture);
  g_assert_true (pd_enayapay_client_has_token (fixture->client));
  g_assert_cmpuint (fixture->n_tokens, ==, 1);
}

static void
test_reset_password (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *again = NULL;

  /* A new user's own token resets its password. */
  g_assert_true (do_register (fixture->client, "249912345678", "amna", "forgotten", &error));
  g_free (verify (fixture->client, "249912345678", credential (fixture, "otp"), &error));
  g_assert_no_error (error);
  g_assert_true (reset_password (fixture->client, "249912345678", "remembered", &error));
  g_assert_no_error (error);
  name = login (fixture->client, "249912345678", "remembered", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "amna");

  /* Another user's token does not: 203. */
  g_assert_false (reset_password (fixture->client, credential (fixture, "phone"), "mine-now", &error));
  assert_provider_error (error, PD_PROVIDER_ERROR_AUTH, 203);
  g_clear_error (&error);

  /* 404 for a phone that is not registered. */
  g_assert_false (reset_password (fixture->client, "249911111111", "whatever", &error));
  assert_provider_error (error, PD_PROVIDER_ERROR_NOT_FOUND, 404);
  g_clear_error (&error);

  /* Without a token it is not even sent. */
  pd_enayapay_client_set_token (fixture->client, NULL);
  g_assert_false (reset_password (fixture->client, "249912345678", "again", &error));
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH);
  g_clear_error (&error);

  again = login (fixture->client, "249912345678", "remembered", &error);
  g_assert_no_error (error);
}

static void
test_change_password (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *old = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GPtrArray) cards = NULL;

  log_in (fixture);

  /* 203 with a body: the current password is wrong. */
  g_assert_false (change_password (fixture->client, "not-it", "new-password", &error));
  assert_provider_error (error, PD_PROVIDER_ERROR_AUTH, 203);
  g_assert_cmpstr (pd_provider_error_get_provider_message (error), ==, "wrong current password");
  g_clear_error (&error);

  g_assert_true (change_password (fixture->client, credential (fixture, "password"), "new-password", &error));
  g_assert_no_error (error);

  old = login (fixture->client, credential (fixture, "phone"), credential (fixture, "password"), &error);
  g_assert_null (old);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH);
  g_clear_error (&error);

  name = login (fixture->client, credential (fixture, "phone"), "new-password", &error);
  g_assert_no_error (error);

  /* The token is renewed with the new password when it is refused. */
  pd_enayapay_client_set_token (fixture->client, "refused.token.value");
  cards = list_cards (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cards);
}

static void
test_token_renewed (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) third = NULL;
  g_autoptr(PdEnayapayClient) stranger = NULL;
  g_autoptr(GPtrArray) none = NULL;

  /* With the phone and password known, the first call logs in. */
  pd_enayapay_client_set_login (fixture->client, credential (fixture, "phone"), credential (fixture, "password"));
  first = list_cards (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_tokens, ==, 1);

  /* A token is good through the day after its issue. */
  pd_test_sandbox_advance_clock (fixture->sandbox, 3 * 24 * 3600);
  second = list_cards (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_tokens, ==, 2);
  g_assert_cmpuint (first->len, ==, second->len);

  /* A token that is refused is renewed once. */
  pd_enayapay_client_set_token (fixture->client, "eyJhbGciOiJIUzI1NiJ9.e30.forged");
  third = list_cards (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_tokens, ==, 3);

  /* Without a login to fall back on, a call that needs a token says so. */
  stranger = new_client (fixture->sandbox, credential (fixture, "api_key"));
  none = list_cards (stranger, &error);
  g_assert_null (none);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH);
  g_clear_object (&stranger);
}

/* Cards */

static void
test_cards (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seeded = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(PdCard) added = NULL;
  g_autoptr(PdCard) fetched = NULL;
  g_autoptr(PdCard) twice = NULL;
  g_autoptr(PdCard) unknown = NULL;
  g_autoptr(PdCard) gone = NULL;
  gboolean found = FALSE;

  log_in (fixture);

  seeded = list_cards (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seeded->len, >=, 3);
  for (guint i = 0; i < seeded->len; i++)
    {
      PdCard *card = g_ptr_array_index (seeded, i);

      assert_masked (card);
      g_assert_cmpuint (card->exp_month, >=, 1);
      g_assert_cmpuint (card->exp_year, >=, 2025);
      g_assert_nonnull (card->holder_name);
    }

  /* 201: the full number goes once; the card comes back masked. */
  added = add_card (fixture->client, CARD_NUMBER, CARD_EXPIRY, "Till", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (added->last4, ==, "1111");
  g_assert_cmpstr (added->masked_pan, ==, "************1111");
  g_assert_null (strstr (added->raw_json, CARD_NUMBER));
  g_assert_cmpuint (added->exp_month, ==, 12);
  g_assert_cmpuint (added->exp_year, ==, 2030);

  after = list_cards (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, seeded->len + 1);
  for (guint i = 0; i < after->len; i++)
    {
      PdCard *card = g_ptr_array_index (after, i);

      if (g_strcmp0 (card->provider_id, added->provider_id) != 0)
        continue;
      found = TRUE;
      g_assert_cmpstr (card->last4, ==, "1111");
      g_assert_cmpstr (card->brand, ==, "visa");
      g_assert_nonnull (strstr (card->raw_json, "\"default\":1"));
    }
  g_assert_true (found);

  fetched = get_card (fixture->client, added->provider_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fetched->masked_pan, ==, "************1111");
  g_assert_cmpstr (fetched->holder_name, ==, "Till");

  /* 302: already on the account. */
  twice = add_card (fixture->client, CARD_NUMBER, CARD_EXPIRY, "Till again", FALSE, &error);
  g_assert_null (twice);
  assert_provider_error (error, PD_PROVIDER_ERROR_CONFLICT, 302);
  g_clear_error (&error);

  /* 406: a number the switch cannot know. */
  unknown = add_card (fixture->client, BAD_CARD, CARD_EXPIRY, "Typo", FALSE, &error);
  g_assert_null (unknown);
  assert_provider_error (error, PD_PROVIDER_ERROR_VALIDATION, 406);
  g_assert_cmpstr (pd_provider_error_get_provider_message (error), ==, "unknown card number");
  g_clear_error (&error);

  /* 400: fields. */
  unknown = add_card (fixture->client, OTHER_CARD, "2030", "Bad expiry", FALSE, &error);
  g_assert_null (unknown);
  assert_provider_error (error, PD_PROVIDER_ERROR_VALIDATION, 400);
  g_assert_nonnull (strstr (pd_provider_error_get_provider_message (error), "expiration_date"));
  g_clear_error (&error);

  /* 204, then 404 "card not found". */
  g_assert_true (delete_card (fixture->client, added->provider_id, &error));
  g_assert_no_error (error);
  gone = get_card (fixture->client, added->provider_id, &error);
  g_assert_null (gone);
  assert_provider_error (error, PD_PROVIDER_ERROR_NOT_FOUND, 404);
  g_assert_nonnull (strstr (error->message, "no such card"));
  g_clear_error (&error);
  g_assert_false (delete_card (fixture->client, added->provider_id, &error));
  assert_provider_error (error, PD_PROVIDER_ERROR_NOT_FOUND, 404);
  g_clear_error (&error);

  /* 503 for cards has its own text. */
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"enayapay\",\"path\":\"/api/v2.1/cards/\","
                             "\"action\":\"status\",\"status\":503,\"count\":4}");
  g_clear_pointer (&after, g_ptr_array_unref);
  after = list_cards (fixture->client, &error);
  g_assert_null (after);
  assert_provider_error (error, PD_PROVIDER_ERROR_UNAVAILABLE, 503);
  g_assert_cmpstr (pd_provider_error_get_provider_message (error), ==, "service unvailable for now");
}

/* Balance */

static void
test_balance (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBalance) balance = NULL;
  const char *ipin = credential (fixture, "ipin");
  const struct
  {
    const char *number;
    const char *expiry;
    const char *ipin;
    const char *code;
    const char *words;
  } refusals[] = {
    { CARD_NUMBER, CARD_EXPIRY, "0000", "55", "IPIN is wrong" },
    { OTHER_CARD, "0126", NULL, "54", "expired" },
    { BAD_CARD, CARD_EXPIRY, NULL, "14", "card number or its expiry date" },
    { CARD_NUMBER, "1131", NULL, "14", "card number or its expiry date" },
  };

  log_in (fixture);

  balance = balance_inquiry (fixture->client, CARD_NUMBER, CARD_EXPIRY, ipin, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (balance->amount.currency, ==, "SDG");
  g_assert_cmpint (money_units (&balance->amount, 2), ==, 25000000);
  g_assert_nonnull (strstr (balance->wallet, "1111"));
  g_assert_null (strstr (balance->wallet, CARD_NUMBER));

  /* 406 with its response code, in words. */
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(GError) refusal = NULL;
      g_autoptr(PdBalance) none = balance_inquiry (fixture->client, refusals[i].number, refusals[i].expiry,
                                                    refusals[i].ipin != NULL ? refusals[i].ipin : ipin,
                                                    &refusal);

      g_assert_null (none);
      assert_provider_error (refusal, PD_PROVIDER_ERROR_VALIDATION, 406);
      g_assert_cmpstr (pd_provider_error_get_provider_code (refusal), ==, refusals[i].code);
      g_assert_nonnull (strstr (refusal->message, refusals[i].words));
      g_assert_null (strstr (refusal->message, refusals[i].number));
    }

  /* 406 696: the switch itself failed. */
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"enayapay\",\"path\":\"/api/v2.1/balance/inquiry/\","
                             "\"action\":\"status\",\"status\":406}");
  g_clear_pointer (&balance, pd_balance_free);
  balance = balance_inquiry (fixture->client, CARD_NUMBER, CARD_EXPIRY, ipin, &error);
  g_assert_null (balance);
  assert_provider_error (error, PD_PROVIDER_ERROR_UNAVAILABLE, 406);
  g_assert_cmpstr (pd_provider_error_get_provider_code (error), ==, "696");
  g_assert_nonnull (strstr (error->message, "system error"));
  g_clear_error (&error);

  /* 502: the switch is down (retried, then reported). */
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"enayapay\",\"path\":\"/api/v2.1/balance/inquiry/\","
                             "\"action\":\"status\",\"status\":502,\"count\":4}");
  balance = balance_inquiry (fixture->client, CARD_NUMBER, CARD_EXPIRY, ipin, &error);
  g_assert_null (balance);
  assert_provider_error (error, PD_PROVIDER_ERROR_UNAVAILABLE, 502);
  g_assert_cmpstr (pd_provider_error_get_provider_message (error), ==, "bad getway");
  g_clear_error (&error);

  /* 400: the expiry must be MMYY. */
  balance = balance_inquiry (fixture->client, CARD_NUMBER, "12/30", ipin, &error);
  g_assert_null (balance);
  assert_provider_error (error, PD_PROVIDER_ERROR_VALIDATION, 400);
  g_clear_error (&error);

  /* 401: a token EnayaPay did not sign, with no login to renew it. */
  pd_enayapay_client_set_token (fixture->client, "eyJhbGciOiJIUzI1NiJ9.e30.forged");
  pd_enayapay_client_set_login (fixture->client, NULL, NULL);
  balance = balance_inquiry (fixture->client, CARD_NUMBER, CARD_EXPIRY, ipin, &error);
  g_assert_null (balance);
  assert_provider_error (error, PD_PROVIDER_ERROR_AUTH, 401);
}

/* Telecom */

static void
test_topup (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdOperation) operation = payment (fixture, PD_OPERATION_TOPUP, "0912345678", 30000, CARD_NUMBER, NULL);
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(PdBalance) balance = NULL;
  PdTransaction *topup;

  log_in (fixture);

  result = perform (fixture->provider, operation, &error);
  g_assert_no_error (error);
  topup = result->transaction;
  g_assert_cmpint (topup->kind, ==, PD_TRANSACTION_KIND_TOPUP);
  g_assert_cmpint (topup->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (topup->provider_id, ==, operation->reference);
  g_assert_cmpstr (topup->reference, ==, operation->reference);
  g_assert_cmpstr (topup->phone, ==, "0912345678");
  g_assert_cmpstr (topup->counterparty, ==, "0912345678");
  g_assert_cmpstr (topup->card_last4, ==, "1111");
  g_assert_cmpstr (topup->provider_status, ==, "Successful");
  g_assert_cmpint (money_units (&topup->amount, 2), ==, 30000);
  g_assert_true (pd_money_is_set (&topup->fee));
  g_assert_cmpint (pd_money_sign (&topup->fee), ==, 0);
  g_assert_cmpint (topup->created_at, >=, 1782820800 - 60);
  g_assert_cmpint (topup->created_at, <=, 1782820800 + 3600);
  g_assert_nonnull (strstr (topup->description, "Zain"));
  g_assert_nonnull (strstr (topup->raw_json, "MPHONE= 2490912345678"));
  g_assert_null (strstr (topup->raw_json, CARD_NUMBER));
  g_assert_null (strstr (result->response_json, CARD_NUMBER));
  g_assert_null (strstr (topup->raw_json, "411111"));

  g_assert_cmpuint (count_ledger (fixture->sandbox, "top-up", operation->reference), ==, 1);

  balance = balance_inquiry (fixture->client, CARD_NUMBER, CARD_EXPIRY, credential (fixture, "ipin"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (money_units (&balance->amount, 2), ==, 25000000 - 30000);
}

static void
test_topup_refusals (Fixture       *fixture,
                     gconstpointer  user_data)
{
  const struct
  {
    const char      *phone;
    gint64           piastres;
    const char      *ipin;
    const char      *card;
    PdProviderError  code;
    guint            status;
    const char      *provider_code;
  } cases[] = {
    /* 404: a number of another network. */
    { "0921234567", 30000, NULL, CARD_NUMBER, PD_PROVIDER_ERROR_NOT_FOUND, 404, NULL },
    /* 400: a phone number that is not local. */
    { "249912345678", 30000, NULL, CARD_NUMBER, PD_PROVIDER_ERROR_VALIDATION, 400, NULL },
    /* 406: the switch's codes. */
    { "0912345678", 69600, NULL, CARD_NUMBER, PD_PROVIDER_ERROR_UNAVAILABLE, 406, "696" },
    { "0912345678", 30000000, NULL, CARD_NUMBER, PD_PROVIDER_ERROR_VALIDATION, 406, "51" },
    { "0912345678", 30000, "9999", CARD_NUMBER, PD_PROVIDER_ERROR_VALIDATION, 406, "55" },
    { "0912345678", 30000, NULL, BAD_CARD, PD_PROVIDER_ERROR_VALIDATION, 406, "14" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdOperation) no_ipin = NULL;
  g_autoptr(PdOperation) unknown_payee = NULL;
  g_autoptr(PdOperation) unavailable = NULL;
  g_autoptr(PdOperationResult) result = NULL;

  log_in (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) refusal = NULL;
      g_autoptr(PdOperation) operation = payment (fixture, PD_OPERATION_TOPUP, cases[i].phone, cases[i].piastres,
                                                  cases[i].card, cases[i].ipin);
      g_autoptr(PdOperationResult) none = perform (fixture->provider, operation, &refusal);

      g_assert_null (none);
      assert_provider_error (refusal, cases[i].code, cases[i].status);
      g_assert_cmpstr (pd_provider_error_get_provider_code (refusal), ==, cases[i].provider_code);
      g_assert_nonnull (strstr (refusal->message, "Nothing was paid"));
    }

  /* An unknown payee is the 400 of `payee_id`. */
  unknown_payee = payment (fixture, PD_OPERATION_TOPUP, "0912345678", 30000, CARD_NUMBER, NULL);
  pd_operation_set_field (unknown_payee, "payee", "999");
  result = perform (fixture->provider, unknown_payee, &error);
  g_assert_null (result);
  assert_provider_error (error, PD_PROVIDER_ERROR_VALIDATION, 400);
  g_assert_nonnull (strstr (pd_provider_error_get_provider_message (error), "payee_id"));
  g_clear_error (&error);

  /* 503, not retried: a payment is sent once. */
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"enayapay\",\"path\":\"/api/v2.1/telecom/*\","
                             "\"action\":\"status\",\"status\":503}");
  unavailable = payment (fixture, PD_OPERATION_TOPUP, "0912345678", 30000, CARD_NUMBER, NULL);
  result = perform (fixture->provider, unavailable, &error);
  g_assert_null (result);
  assert_provider_error (error, PD_PROVIDER_ERROR_UNAVAILABLE, 503);
  g_assert_cmpstr (pd_provider_error_get_provider_message (error), ==, "service unavailable");
  g_clear_error (&error);

  /* Refused before sending: no IPIN. */
  no_ipin = payment (fixture, PD_OPERATION_TOPUP, "0912345678", 30000, CARD_NUMBER, NULL);
  pd_operation_set_secret (no_ipin, "ipin", NULL);
  result = perform (fixture->provider, no_ipin, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  g_assert_cmpuint (count_ledger (fixture->sandbox, NULL, NULL), ==, 0);
}

static void
test_bill (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  const char *bill_payee = pd_enayapay_network_get_payee_id (PD_ENAYAPAY_NETWORK_ZAIN, TRUE);
  g_autoptr(PdEnayapayInvoice) before = NULL;
  g_autoptr(PdEnayapayInvoice) after = NULL;
  g_autoptr(PdEnayapayInvoice) top_up_payee = NULL;
  g_autoptr(PdEnayapayInvoice) no_line = NULL;
  g_autoptr(PdOperation) operation = payment (fixture, PD_OPERATION_BILL, EXAMPLE_SUBSCRIBER, 15000, CARD_NUMBER, NULL);
  g_autoptr(PdOperationResult) result = NULL;

  log_in (fixture);
  g_assert_cmpstr (bill_payee, ==, "1100055511");

  before = inquire_bill (fixture->client, bill_payee, EXAMPLE_SUBSCRIBER, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (before->contract_number, ==, "34234235345");
  g_assert_cmpint (money_units (&before->total_amount, 2), ==, 40000);
  g_assert_cmpint (pd_money_sign (&before->fees), ==, 0);

  result = perform (fixture->provider, operation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->transaction->kind, ==, PD_TRANSACTION_KIND_BILL);
  g_assert_cmpint (result->transaction->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_nonnull (strstr (result->transaction->description, "Zain bill"));
  g_assert_cmpuint (count_ledger (fixture->sandbox, "bill", operation->reference), ==, 1);

  after = inquire_bill (fixture->client, bill_payee, EXAMPLE_SUBSCRIBER, &error);
  g_assert_no_error (error);
  g_assert_cmpint (money_units (&after->total_amount, 2), ==, 25000);

  /* 400: a top-up payee has no invoices; 404: no postpaid line. */
  top_up_payee = inquire_bill (fixture->client, "110010001", EXAMPLE_SUBSCRIBER, &error);
  g_assert_null (top_up_payee);
  assert_provider_error (error, PD_PROVIDER_ERROR_VALIDATION, 400);
  g_clear_error (&error);

  no_line = inquire_bill (fixture->client, bill_payee, "0911111111", &error);
  g_assert_null (no_line);
  assert_provider_error (error, PD_PROVIDER_ERROR_NOT_FOUND, 404);
  g_assert_nonnull (strstr (error->message, "postpaid"));
}

/* Electricity */

static void
test_electricity (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdOperation) operation = payment (fixture, PD_OPERATION_VEND, EXAMPLE_METER, 30000, CARD_NUMBER, NULL);
  g_autoptr(PdOperation) too_small = payment (fixture, PD_OPERATION_VEND, EXAMPLE_METER, 200, CARD_NUMBER, NULL);
  g_autoptr(PdOperation) unknown = payment (fixture, PD_OPERATION_VEND, "11111111", 30000, CARD_NUMBER, NULL);
  g_autoptr(PdOperation) malformed = payment (fixture, PD_OPERATION_VEND, "12", 30000, CARD_NUMBER, NULL);
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(PdOperationResult) none = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  g_autofree char *token = NULL;
  g_autofree char *units = NULL;
  JsonObject *raw;
  PdTransaction *vend;
  GString *grouped;

  log_in (fixture);

  result = perform (fixture->provider, operation, &error);
  g_assert_no_error (error);
  vend = result->transaction;
  g_assert_cmpint (vend->kind, ==, PD_TRANSACTION_KIND_VEND);
  g_assert_cmpint (vend->state, ==, PD_TRANSACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (vend->counterparty, ==, EXAMPLE_METER);
  g_assert_cmpstr (vend->provider_id, ==, operation->reference);
  g_assert_nonnull (vend->customer_name);
  g_assert_cmpint (money_units (&vend->amount, 2), ==, 30000);

  /* Token, units and fees stay on the record. */
  root = pd_json_parse (vend->raw_json, -1, &error);
  g_assert_no_error (error);
  raw = json_node_get_object (root);
  token = pd_json_dup_text (raw, "token");
  units = pd_json_dup_text (raw, "units_in_kwh");
  g_assert_cmpuint (strlen (token), ==, 20);
  g_assert_cmpstr (units, ==, "35");
  g_assert_cmpstr (pd_json_get_string (raw, "meter_number"), ==, EXAMPLE_METER);
  g_assert_true (json_object_has_member (raw, "meter_fees"));
  g_assert_true (json_object_has_member (raw, "water_fees"));
  g_assert_cmpstr (pd_json_get_string (raw, "pan"), ==, "************1111");
  grouped = g_string_new (NULL);
  for (guint i = 0; i < 20; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (grouped, ' ');
      g_string_append_c (grouped, token[i]);
    }
  g_assert_nonnull (strstr (vend->description, grouped->str));
  g_assert_nonnull (strstr (vend->description, "35 kWh"));
  g_string_free (grouped, TRUE);

  /* The record is enough for the customer's receipt. */
  {
    g_autoptr(PdReceipt) receipt = pd_receipt_new_from_transaction (vend, NULL, &error);
    g_autofree char *text = NULL;
    g_autofree char *spaced = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (receipt->token, ==, token);
    g_assert_cmpstr (receipt->units, ==, "35");
    g_assert_cmpuint (receipt->charges->len, ==, 2);
    text = pd_receipt_to_text (receipt);
    spaced = pd_receipt_format_token (token);
    g_assert_nonnull (strstr (text, spaced));
    g_assert_nonnull (strstr (text, EXAMPLE_METER));
  }

  ledger = pd_test_sandbox_get_ledger (fixture->sandbox, "enayapay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ledger, 0), "id"), ==, token);

  /* 406 13: not above the meter and water fees. */
  none = perform (fixture->provider, too_small, &error);
  g_assert_null (none);
  assert_provider_error (error, PD_PROVIDER_ERROR_VALIDATION, 406);
  g_assert_cmpstr (pd_provider_error_get_provider_code (error), ==, "13");
  g_assert_nonnull (strstr (error->message, "fees"));
  g_clear_error (&error);

  /* 404 without a body: an unknown meter. */
  none = perform (fixture->provider, unknown, &error);
  g_assert_null (none);
  assert_provider_error (error, PD_PROVIDER_ERROR_NOT_FOUND, 404);
  g_assert_nonnull (strstr (error->message, "meter"));
  g_clear_error (&error);

  /* 400: not a meter number at all. */
  none = perform (fixture->provider, malformed, &error);
  g_assert_null (none);
  assert_provider_error (error, PD_PROVIDER_ERROR_VALIDATION, 400);
  g_assert_nonnull (strstr (pd_provider_error_get_provider_message (error), "meter_no"));
  g_clear_error (&error);

  g_assert_cmpuint (count_ledger (fixture->sandbox, NULL, NULL), ==, 1);
}

/* No look-up, no idempotency: an answer that is lost waits for a person,
 * and nothing is sent twice. */
static void
test_answer_lost (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdOperation) operation = payment (fixture, PD_OPERATION_VEND, EXAMPLE_METER, 30000, CARD_NUMBER, NULL);
  g_autoptr(PdOperationResult) result = NULL;
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(GPtrArray) settled = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdAccount) account = pd_account_new ();
  g_autoptr(PdOutbox) outbox = NULL;
  g_autoptr(PdOperation) queued = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  log_in (fixture);
  g_assert_cmpint (pd_provider_get_reconcile_method (fixture->provider, PD_OPERATION_VEND), ==,
                   PD_RECONCILE_NONE);
  g_assert_cmpint (pd_provider_get_reconcile_method (fixture->provider, PD_OPERATION_TOPUP), ==,
                   PD_RECONCILE_NONE);

  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"enayapay\",\"path\":\"/api/v2.1/electricity/\","
                             "\"action\":\"drop_after_apply\"}");
  result = perform (fixture->provider, operation, &error);
  g_assert_null (result);
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NETWORK);
  g_assert_true (pd_provider_error_is_outcome_unknown (error));
  g_clear_error (&error);

  result = lookup (fixture->provider, operation, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_assert_cmpuint (count_ledger (fixture->sandbox, "electricity", NULL), ==, 1);

  /* Through the outbox: unknown, and reconciling sends nothing. */
  dir = g_dir_make_tmp ("paydesk-enayapay-XXXXXX", &error);
  path = g_build_filename (dir, "paydesk.db", NULL);
  store = pd_store_new_for_path (path, &error);
  g_assert_no_error (error);
  account->provider = g_strdup ("enayapay");
  account->label = g_strdup ("Omdurman shop");
  g_assert_true (pd_store_add_account (store, account, &error));
  outbox = pd_outbox_new (store, fixture->provider, account->id);

  queued = payment (fixture, PD_OPERATION_TOPUP, "0912345678", 10000, CARD_NUMBER, NULL);
  queued->account_id = account->id;
  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"enayapay\",\"path\":\"/api/v2.1/telecom/*\","
                             "\"action\":\"drop_after_apply\"}");
  {
    g_autoptr(GAsyncResult) async_result = NULL;

    pd_outbox_submit_async (outbox, queued, NULL, on_ready, &async_result);
    entry = pd_outbox_submit_finish (outbox, wait_for (&async_result), &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_UNKNOWN);

  {
    g_autoptr(GAsyncResult) async_result = NULL;

    pd_outbox_reconcile_async (outbox, NULL, on_ready, &async_result);
    settled = pd_outbox_reconcile_finish (outbox, wait_for (&async_result), &error);
    g_assert_no_error (error);
  }
  for (guint i = 0; i < settled->len; i++)
    g_assert_cmpint (((PdOutboxEntry *)g_ptr_array_index (settled, i))->state, ==, PD_OUTBOX_STATE_UNKNOWN);

  g_assert_cmpuint (count_ledger (fixture->sandbox, "top-up", queued->reference), ==, 1);

  g_assert_finalize_object (g_steal_pointer (&outbox));
  g_assert_finalize_object (g_steal_pointer (&store));
  remove_database (dir, path);
}

/* Every endpoint, every documented refusal, as the provider's own
 * answer to an armed fault: each is a clear error of its kind. */

typedef enum
{
  CALL_VERIFY,
  CALL_LOGIN,
  CALL_RESET,
  CALL_CHANGE,
  CALL_ADD_CARD,
  CALL_LIST_CARDS,
  CALL_GET_CARD,
  CALL_DELETE_CARD,
  CALL_BALANCE,
  CALL_INQUIRY,
  CALL_TOPUP,
  CALL_BILL,
  CALL_ELECTRICITY,
} Endpoint;

static const struct
{
  Endpoint    endpoint;
  const char *method;
  const char *path;
  const char *statuses;
} endpoints[] = {
  { CALL_VERIFY, "POST", "/api/v2.1/verify/", "400 401 404 503" },
  { CALL_LOGIN, "POST", "/api/v2.1/login/", "400 401 404 503" },
  { CALL_RESET, "POST", "/api/v2.1/rest/password/", "400 401 404 503" },
  { CALL_CHANGE, "POST", "/api/v2.1/change/password/", "400 401 404 503" },
  { CALL_ADD_CARD, "POST", "/api/v2.1/cards/", "400 401 404 406 503" },
  { CALL_LIST_CARDS, "GET", "/api/v2.1/cards/", "401 404 503" },
  { CALL_GET_CARD, "GET", "/api/v2.1/card/*", "401 404 503" },
  { CALL_DELETE_CARD, "DELETE", "/api/v2.1/card/*", "401 404" },
  { CALL_BALANCE, "POST", "/api/v2.1/balance/inquiry/", "400 401 406 502" },
  { CALL_INQUIRY, "POST", "/api/v2.1/telecom/*", "400 401 404 406 503" },
  { CALL_TOPUP, "POST", "/api/v2.1/telecom/*", "400 401 404 406 503" },
  { CALL_BILL, "POST", "/api/v2.1/telecom/*", "400 401 404 406 503" },
  { CALL_ELECTRICITY, "POST", "/api/v2.1/electricity/", "400 401 404 406 503" },
};

static GError *
call_endpoint (Fixture  *fixture,
               Endpoint  endpoint)
{
  GError *error = NULL;
  const char *ipin = credential (fixture, "ipin");

  switch (endpoint)
    {
    case CALL_VERIFY:
      g_free (verify (fixture->client, credential (fixture, "phone"), credential (fixture, "otp"), &error));
      break;
    case CALL_LOGIN:
      g_free (login (fixture->client, credential (fixture, "phone"), credential (fixture, "password"), &error));
      break;
    case CALL_RESET:
      reset_password (fixture->client, credential (fixture, "phone"), "another", &error);
      break;
    case CALL_CHANGE:
      change_password (fixture->client, credential (fixture, "password"), "another", &error);
      break;
    case CALL_ADD_CARD:
      pd_card_free (add_card (fixture->client, CARD_NUMBER, CARD_EXPIRY, "Till", FALSE, &error));
      break;
    case CALL_LIST_CARDS:
      {
        g_autoptr(GPtrArray) cards = list_cards (fixture->client, &error);
      }
      break;
    case CALL_GET_CARD:
      pd_card_free (get_card (fixture->client, "1", &error));
      break;
    case CALL_DELETE_CARD:
      delete_card (fixture->client, "1", &error);
      break;
    case CALL_BALANCE:
      pd_balance_free (balance_inquiry (fixture->client, CARD_NUMBER, CARD_EXPIRY, ipin, &error));
      break;
    case CALL_INQUIRY:
      pd_enayapay_invoice_free (inquire_bill (fixture->client, "1100055511", EXAMPLE_SUBSCRIBER, &error));
      break;
    case CALL_TOPUP:
    case CALL_BILL:
    case CALL_ELECTRICITY:
    default:
      {
        g_autoptr(PdOperation) operation = NULL;

        if (endpoint == CALL_ELECTRICITY)
          operation = payment (fixture, PD_OPERATION_VEND, EXAMPLE_METER, 30000, CARD_NUMBER, NULL);
        else
          operation = payment (fixture, endpoint == CALL_BILL ? PD_OPERATION_BILL : PD_OPERATION_TOPUP,
                               EXAMPLE_SUBSCRIBER, 30000, CARD_NUMBER, NULL);
        pd_operation_result_free (perform (fixture->provider, operation, &error));
      }
      break;
    }

  return error;
}

static PdProviderError
code_for_status (guint status)
{
  switch (status)
    {
    case 401:
      return PD_PROVIDER_ERROR_AUTH;
    case 404:
      return PD_PROVIDER_ERROR_NOT_FOUND;
    case 406:
      /* The switch's SYSTEM_ERROR (696), or "unknown card number" on add. */
      return PD_PROVIDER_ERROR_UNAVAILABLE;
    case 502:
    case 503:
      return PD_PROVIDER_ERROR_UNAVAILABLE;
    case 400:
    default:
      return PD_PROVIDER_ERROR_VALIDATION;
    }
}

static void
test_documented_statuses (Fixture       *fixture,
                          gconstpointer  user_data)
{
  guint n = 0;

  log_in (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    {
      g_auto(GStrv) statuses = g_strsplit (endpoints[i].statuses, " ", -1);

      for (guint j = 0; statuses[j] != NULL; j++)
        {
          guint status = (guint)g_ascii_strtoull (statuses[j], NULL, 10);
          g_autofree char *fault = NULL;
          g_autoptr(GError) error = NULL;
          PdProviderError expected = code_for_status (status);

          if (status == 406 && endpoints[i].endpoint == CALL_ADD_CARD)
            expected = PD_PROVIDER_ERROR_VALIDATION;

          pd_test_sandbox_clear_faults (fixture->sandbox);
          fault = g_strdup_printf ("{\"provider\":\"enayapay\",\"method\":\"%s\",\"path\":\"%s\","
                                   "\"action\":\"status\",\"status\":%u,\"count\":10}",
                                   endpoints[i].method, endpoints[i].path, status);
          pd_test_sandbox_arm_fault (fixture->sandbox, fault);

          error = call_endpoint (fixture, endpoints[i].endpoint);
          if (error == NULL)
            {
              g_test_fail_printf ("%s %s answered %u, and the client saw no error",
                                  endpoints[i].method, endpoints[i].path, status);
              continue;
            }

          if (!g_error_matches (error, PD_PROVIDER_ERROR, (gint)expected) ||
              pd_provider_error_get_http_status (error) != status ||
              strstr (error->message, "(HTTP") != NULL)
            g_test_fail_printf ("%s %s %u: %s (code %d)", endpoints[i].method, endpoints[i].path,
                                status, error->message, error->code);
          g_assert_false (pd_provider_error_is_outcome_unknown (error));
          n++;

          /* A refused token was renewed on the way: log in again, fresh. */
          if (status == 401)
            {
              pd_test_sandbox_clear_faults (fixture->sandbox);
              log_in (fixture);
            }
        }
    }

  g_assert_cmpuint (n, ==, 53);
  g_assert_cmpuint (count_ledger (fixture->sandbox, NULL, NULL), ==, 0);
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

  g_assert_cmpuint (pd_provider_get_views (fixture->provider), ==,
                    PD_PROVIDER_VIEW_CHARGES | PD_PROVIDER_VIEW_CARDS | PD_PROVIDER_VIEW_BALANCES);
  g_assert_true (pd_provider_can_perform (fixture->provider, PD_OPERATION_TOPUP));
  g_assert_true (pd_provider_can_perform (fixture->provider, PD_OPERATION_BILL));
  g_assert_true (pd_provider_can_perform (fixture->provider, PD_OPERATION_VEND));
  g_assert_false (pd_provider_can_perform (fixture->provider, PD_OPERATION_REFUND));

  resources = pd_provider_get_resources (fixture->provider);
  g_assert_cmpstr (resources[0], ==, "cards");
  g_assert_null (resources[1]);

  pd_enayapay_client_set_login (fixture->client, credential (fixture, "phone"), credential (fixture, "password"));
  page = fetch_page (fixture->provider, "cards", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->cards->len, >=, 3);
  g_assert_null (page->next_cursor);
  /* One answer is every card: the store may forget the others. */
  g_assert_true (page->all_cards);
  for (guint i = 0; i < page->cards->len; i++)
    assert_masked (g_ptr_array_index (page->cards, i));

  none = fetch_page (fixture->provider, "payments", &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  g_assert_true (test_account (fixture->provider, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (pd_enayapay_describe_response_code (55), ==, "the IPIN is wrong");
  g_assert_null (pd_enayapay_describe_response_code (12345));
}

static void
test_registry (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  g_autoptr(PdAccount) account = pd_account_new ();
  g_autoptr(PdSecretSet) secrets = pd_secret_set_new ();
  g_autoptr(PdSecretSet) empty = pd_secret_set_new ();
  g_autoptr(PdProvider) provider = NULL;
  g_autoptr(PdProvider) missing = NULL;
  g_autoptr(GError) error = NULL;

  account->provider = g_strdup ("enayapay");
  account->label = g_strdup ("Omdurman shop");
  account->base_url = g_strdup (pd_test_sandbox_get_base_url (sandbox, "enayapay"));
  account->phone = g_strdup (pd_test_sandbox_get_credential (sandbox, "enayapay", "phone"));
  pd_secret_set_set (secrets, "api_key", pd_test_sandbox_get_credential (sandbox, "enayapay", "api_key"));
  pd_secret_set_set (secrets, "password", pd_test_sandbox_get_credential (sandbox, "enayapay", "password"));

  g_assert_true (pd_provider_registry_is_supported ("enayapay"));
  provider = pd_provider_registry_create (account, secrets, &error);
  g_assert_no_error (error);
  g_assert_true (PD_IS_ENAYAPAY_CLIENT (provider));
  g_assert_false (pd_enayapay_client_has_token (PD_ENAYAPAY_CLIENT (provider)));

  /* It logs in by itself with what the keyring gave. */
  g_assert_true (test_account (provider, &error));
  g_assert_no_error (error);
  g_assert_true (pd_enayapay_client_has_token (PD_ENAYAPAY_CLIENT (provider)));

  missing = pd_provider_registry_create (account, empty, &error);
  g_assert_null (missing);
  g_assert_error (error, PD_PROVIDER_REGISTRY_ERROR, PD_PROVIDER_REGISTRY_ERROR_MISSING_SECRET);

  g_assert_finalize_object (g_steal_pointer (&provider));
}

/* The IPIN, the passwords, the one-time code, the session tokens, the API
 * key and full card numbers reach neither the database files nor the debug
 * log (G_MESSAGES_DEBUG=all) while every call that carries one is made, and
 * the records are stored directly and through the outbox. */
static void
test_secrets_kept_out (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdAccount) account = pd_account_new ();
  g_autoptr(PdOutbox) outbox = NULL;
  g_autoptr(PdCard) card = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(PdBalance) balance = NULL;
  g_autoptr(GPtrArray) balances = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_balance_free);
  g_autoptr(GPtrArray) transactions = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_transaction_free);
  g_autoptr(PdOperation) topup = payment (fixture, PD_OPERATION_TOPUP, "0912345678", 30000, CARD_NUMBER, NULL);
  g_autoptr(PdOperation) vend = payment (fixture, PD_OPERATION_VEND, EXAMPLE_METER, 30000, OTHER_CARD, NULL);
  g_autoptr(PdOperation) bill = payment (fixture, PD_OPERATION_BILL, EXAMPLE_SUBSCRIBER, 10000, CARD_NUMBER, NULL);
  g_autoptr(PdOperationResult) topup_result = NULL;
  g_autoptr(PdOperationResult) bill_result = NULL;
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(GBytes) files = NULL;
  g_autoptr(GBytes) log = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *log_text = NULL;
  g_autofree char *name = NULL;
  const char *secrets[] = {
    credential (fixture, "ipin"),
    credential (fixture, "password"),
    credential (fixture, "otp"),
    credential (fixture, "api_key"),
    "a-registered-password",
    "the-changed-password",
    CARD_NUMBER,
    OTHER_CARD,
  };

  dir = g_dir_make_tmp ("paydesk-enayapay-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "paydesk.db", NULL);
  store = pd_store_new_for_path (path, &error);
  g_assert_no_error (error);
  account->provider = g_strdup ("enayapay");
  account->label = g_strdup ("Omdurman shop");
  account->phone = g_strdup (credential (fixture, "phone"));
  g_assert_true (pd_store_add_account (store, account, &error));
  g_assert_no_error (error);
  outbox = pd_outbox_new (store, fixture->provider, account->id);

  pd_test_capture_start ();

  /* Every call that carries a secret. */
  g_assert_true (do_register (fixture->client, "249912345678", "amna", "a-registered-password", &error));
  g_free (verify (fixture->client, "249912345678", credential (fixture, "otp"), &error));
  g_assert_no_error (error);
  g_ptr_array_add (tokens, g_strdup (fixture->last_token));
  name = login (fixture->client, credential (fixture, "phone"), credential (fixture, "password"), &error);
  g_assert_no_error (error);
  g_ptr_array_add (tokens, g_strdup (fixture->last_token));
  g_assert_true (change_password (fixture->client, credential (fixture, "password"), "the-changed-password", &error));
  g_assert_no_error (error);

  card = add_card (fixture->client, CARD_NUMBER, CARD_EXPIRY, "Till", TRUE, &error);
  g_assert_no_error (error);
  cards = list_cards (fixture->client, &error);
  g_assert_no_error (error);
  balance = balance_inquiry (fixture->client, CARD_NUMBER, CARD_EXPIRY, credential (fixture, "ipin"), &error);
  g_assert_no_error (error);
  g_ptr_array_add (balances, g_steal_pointer (&balance));

  /* A wrong IPIN is refused, and not repeated anywhere either. */
  {
    g_autoptr(GError) refusal = NULL;
    g_autoptr(PdBalance) none = balance_inquiry (fixture->client, CARD_NUMBER, CARD_EXPIRY, "8642", &refusal);

    g_assert_null (none);
    g_assert_null (strstr (refusal->message, "8642"));
  }

  topup_result = perform (fixture->provider, topup, &error);
  g_assert_no_error (error);
  g_ptr_array_add (transactions, pd_transaction_copy (topup_result->transaction));
  bill_result = perform (fixture->provider, bill, &error);
  g_assert_no_error (error);
  g_ptr_array_add (transactions, pd_transaction_copy (bill_result->transaction));

  vend->account_id = account->id;
  {
    g_autoptr(GAsyncResult) async_result = NULL;

    pd_outbox_submit_async (outbox, vend, NULL, on_ready, &async_result);
    entry = pd_outbox_submit_finish (outbox, wait_for (&async_result), &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (entry->state, ==, PD_OUTBOX_STATE_CONFIRMED);

  g_assert_true (pd_store_upsert_cards (store, account->id, cards, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pd_store_upsert_balances (store, account->id, balances, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pd_store_upsert_transactions (store, account->id, transactions, NULL, &error));
  g_assert_no_error (error);

  g_assert_finalize_object (g_steal_pointer (&outbox));
  g_assert_finalize_object (g_steal_pointer (&store));

  log_text = pd_test_capture_stop ();
  log = g_bytes_new (log_text, strlen (log_text));
  files = pd_test_read_database_files (path);

  /* The checks can fail: what may be kept is there. */
  g_assert_true (pd_test_bytes_contain (files, "************1111"));
  g_assert_true (pd_test_bytes_contain (files, "0912345678"));
  g_assert_true (pd_test_bytes_contain (files, EXAMPLE_METER));
  g_assert_true (pd_test_bytes_contain (log, "/api/v2.1/balance/inquiry/"));
  g_assert_true (pd_test_bytes_contain (log, "/api/v2.1/electricity/"));
  g_assert_true (pd_test_bytes_contain (log, "0912345678"));

  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      pd_test_assert_not_in (files, secrets[i], "the database");
      pd_test_assert_not_in (log, secrets[i], "the debug log");
    }
  for (guint i = 0; i < tokens->len; i++)
    {
      pd_test_assert_not_in (files, g_ptr_array_index (tokens, i), "the database");
      pd_test_assert_not_in (log, g_ptr_array_index (tokens, i), "the debug log");
    }
  /* Not even the card's first six digits next to its last four. */
  pd_test_assert_not_in (files, "411111", "the database");

  remove_database (dir, path);
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

  add_test ("/enayapay/account/register-and-verify", test_register_and_verify);
  add_test ("/enayapay/account/register-errors", test_register_errors);
  add_test ("/enayapay/account/login", test_login);
  add_test ("/enayapay/account/reset-password", test_reset_password);
  add_test ("/enayapay/account/change-password", test_change_password);
  add_test ("/enayapay/account/token-renewed", test_token_renewed);
  add_test ("/enayapay/cards", test_cards);
  add_test ("/enayapay/balance", test_balance);
  add_test ("/enayapay/telecom/topup", test_topup);
  add_test ("/enayapay/telecom/topup-refusals", test_topup_refusals);
  add_test ("/enayapay/telecom/bill", test_bill);
  add_test ("/enayapay/electricity", test_electricity);
  add_test ("/enayapay/answer-lost", test_answer_lost);
  add_test ("/enayapay/documented-statuses", test_documented_statuses);
  add_test ("/enayapay/provider", test_provider);
  g_test_add_func ("/enayapay/registry", test_registry);
  add_test ("/enayapay/secrets/kept-out", test_secrets_kept_out);

  return g_test_run ();
}

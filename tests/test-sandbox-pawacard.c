/* test-sandbox-pawacard.c - the simulated PawaCard API over loopback HTTP
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pd-json.h"
#include "pd-money.h"
#include "pd-test-sandbox.h"

/* What HACKING.md ("Provider readings" → "PawaCard") promises. */
#define RECORDS "20"
#define N_RECORDS 20
#define KEY_LIFETIME (60 * 60)
#define THROTTLE_SECONDS (5 * 60)
#define MAX_VENDS_PER_DAY 10

static const char luhn_failure[] = "did not pass the Luhn validation";
static const char throttled[] =
  "This transaction has been done too soon from the last one. Please wait for a few minutes.";

typedef struct
{
  PdTestSandbox *sandbox;
  char          *key;
  guint          next_ref;
} Fixture;

/* Numbers */

static gboolean
luhn_valid (const char *number)
{
  gsize length = strlen (number);
  guint sum = 0;

  for (gsize i = 0; i < length; i++)
    {
      guint digit = (guint)(number[length - 1 - i] - '0');

      if (i % 2 == 1)
        digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }

  return length > 1 && sum % 10 == 0;
}

/* Seeded meter @k: "014", @k in seven digits, then whichever check digit
 * passes the Luhn check. */
static char *
meter_number (guint k)
{
  for (guint check = 0; check < 10; check++)
    {
      g_autofree char *number = g_strdup_printf ("014%07u%u", k, check);

      if (luhn_valid (number))
        return g_steal_pointer (&number);
    }

  g_assert_not_reached ();
}

static char *
account_number (guint k)
{
  return g_strdup_printf ("%07u-01", 200000 + k);
}

static PdMoney
parse_kes (const char *text)
{
  g_autoptr(GError) error = NULL;
  PdMoney money;

  /* PawaCard writes whole shillings as bare digits: "320", "1000". */
  g_assert_true (g_regex_match_simple ("^-?[0-9]+$", text, 0, 0));
  pd_money_parse (text, "KES", &money, &error);
  g_assert_no_error (error);

  return money;
}

static void
assert_kes_difference (const char *before,
                       const char *after,
                       const char *difference)
{
  PdMoney a = parse_kes (before);
  PdMoney b = parse_kes (after);
  PdMoney d = parse_kes (difference);
  PdMoney moved;

  g_assert_true (pd_money_subtract (&a, &b, &moved, NULL));
  if (!pd_money_equal (&moved, &d))
    g_error ("expected %s - %s = %s", before, after, difference);
}

/* Requests */

static char *
new_ref (Fixture *fixture)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, G_GUINT64_CONSTANT (370474587000) + fixture->next_ref++);
}

static PdTestResponse *
post_raw (PdTestSandbox *sandbox,
          const char    *path,
          const char    *body)
{
  g_autofree char *url = pd_test_sandbox_url (sandbox, "pawacard", path);
  PdTestRequest request = { .method = "POST", .url = url, .body = body };

  return pd_test_sandbox_send (sandbox, &request);
}

/* A JSON object of string members from NULL-terminated name, value pairs;
 * a NULL value leaves the member out. */
static char *
body_of_valist (const char *first_member,
                va_list     args)
{
  PdJsonWriter *writer = pd_json_writer_new ();

  pd_json_writer_begin_object (writer);
  for (const char *member = first_member; member != NULL; member = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (value == NULL)
        continue;
      pd_json_writer_member (writer, member);
      pd_json_writer_string (writer, value);
    }
  pd_json_writer_end_object (writer);

  return pd_json_writer_free_to_string (writer);
}

static char *
body_of (const char *first_member,
         ...)
{
  va_list args;
  char *body;

  va_start (args, first_member);
  body = body_of_valist (first_member, args);
  va_end (args);

  return body;
}

/* Posts to @path with the vendor's username and @key, plus the members given. */
static PdTestResponse *
call_with_key (Fixture    *fixture,
               const char *key,
               const char *path,
               ...)
{
  g_autoptr(GString) body = g_string_new (NULL);
  const char *username = pd_test_sandbox_get_credential (fixture->sandbox, "pawacard", "username");
  g_autofree char *head = body_of ("username", username, "key", key, NULL);
  g_autofree char *rest = NULL;
  va_list args;

  va_start (args, path);
  rest = body_of_valist (va_arg (args, const char *), args);
  va_end (args);

  /* Join {"username":…,"key":…} and {…} into one object. */
  g_string_append_len (body, head, strlen (head) - 1);
  if (strcmp (rest, "{}") != 0)
    {
      g_string_append_c (body, ',');
      g_string_append (body, rest + 1);
    }
  else
    g_string_append_c (body, '}');

  return post_raw (fixture->sandbox, path, body->str);
}

#define call(fixture, path, ...) call_with_key ((fixture), (fixture)->key, (path), __VA_ARGS__)

/* The body of an answer with HTTP @http_status and PawaCard @status. */
static JsonObject *
expect (PdTestResponse *response,
        guint           http_status,
        gint64          status)
{
  JsonObject *object;

  g_assert_no_error (response->error);
  if (response->status != http_status)
    {
      g_autofree char *text = pd_test_response_dup_text (response);

      g_error ("expected HTTP %u, got %u: %s", http_status, response->status, text);
    }

  object = pd_test_response_get_object (response);
  if (pd_test_assert_int_member (object, "status") != status)
    {
      g_autofree char *text = pd_test_response_dup_text (response);

      g_error ("expected status %" G_GINT64_FORMAT ": %s", status, text);
    }
  pd_test_assert_string_member (object, "msg");

  return object;
}

static char *
login (PdTestSandbox *sandbox)
{
  const char *username = pd_test_sandbox_get_credential (sandbox, "pawacard", "username");
  const char *password = pd_test_sandbox_get_credential (sandbox, "pawacard", "password");
  g_autofree char *body = body_of ("username", username, "password", password, NULL);
  g_autoptr(PdTestResponse) response = post_raw (sandbox, "/login", body);
  JsonObject *object = expect (response, 200, 0);

  return g_strdup (pd_test_assert_string_member (object, "key"));
}

static char *
get_balance (Fixture *fixture)
{
  g_autoptr(PdTestResponse) response = call (fixture, "/balance", NULL);
  JsonObject *object = expect (response, 200, 0);

  g_assert_cmpstr (pd_test_assert_string_member (object, "msg"), ==, "success");
  return g_strdup (pd_test_assert_string_member (object, "balance"));
}

static PdTestResponse *
vend (Fixture    *fixture,
      guint       meter,
      const char *amount,
      const char *ref)
{
  g_autofree char *number = meter_number (meter);

  return call (fixture, "/vend", "meter", number, "amount", amount, "ref", ref,
               "customerName", "Bilbo Baggins", NULL);
}

static guint
ledger_length (Fixture *fixture)
{
  g_autoptr(JsonArray) entries = pd_test_sandbox_get_ledger (fixture->sandbox, "pawacard");

  return json_array_get_length (entries);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->sandbox = pd_test_sandbox_start ("--seed", "1", "--records", RECORDS, NULL);
  fixture->key = login (fixture->sandbox);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->key, g_free);
  g_clear_pointer (&fixture->sandbox, pd_test_sandbox_stop);
}

/* A completed vend answer, with the document's members and types. */
static JsonObject *
assert_complete_vend (PdTestResponse *response,
                      const char     *amount,
                      const char     *ref)
{
  JsonObject *object = expect (response, 200, 0);
  JsonArray *fixed;
  const char *token;

  g_assert_cmpstr (pd_test_assert_string_member (object, "msg"), ==, "success");
  g_assert_cmpstr (pd_test_assert_string_member (object, "code"), ==, "elec000");
  token = pd_test_assert_string_member (object, "token");
  g_assert_true (g_regex_match_simple ("^[0-9]{20}$", token, 0, 0));
  g_assert_cmpuint (strlen (pd_test_assert_string_member (object, "stdTokenRctNum")), >, 0);
  g_assert_true (g_regex_match_simple ("^[0-9]{1,2}-[0-9]{1,2}-[0-9]{4} [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}$",
                                       pd_test_assert_string_member (object, "date"), 0, 0));
  g_assert_cmpstr (pd_test_assert_string_member (object, "totalAmount"), ==, amount);
  g_assert_cmpint (pd_test_assert_int_member (object, "transactionId"), >, 0);
  g_assert_true (g_regex_match_simple ("^[0-9]+\\.[0-9]{2}$",
                                       pd_test_assert_string_member (object, "units"), 0, 0));
  g_assert_cmpstr (pd_test_assert_string_member (object, "ref"), ==, ref);
  g_assert_cmpuint (strlen (pd_test_assert_string_member (object, "customerName")), >, 0);

  fixed = pd_test_assert_array_member (object, "fixed");
  g_assert_cmpuint (json_array_get_length (fixed), ==, 7);
  for (guint i = 0; i < json_array_get_length (fixed); i++)
    {
      JsonNode *node = json_array_get_element (fixed, i);
      g_autoptr(GList) members = NULL;

      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      members = json_object_get_members (json_node_get_object (node));
      g_assert_cmpuint (g_list_length (members), ==, 1);
      g_assert_true (g_regex_match_simple ("^[0-9]+$",
                                           pd_test_assert_string_member (json_node_get_object (node),
                                                                         members->data),
                                           0, 0));
    }

  return object;
}

/* A vend answer that is not final: general status 1 and the transaction's. */
static JsonObject *
assert_unfinished_vend (PdTestResponse *response,
                        gint64          status,
                        const char     *ref)
{
  JsonObject *object = expect (response, 200, 1);
  JsonObject *transaction = pd_test_assert_object_member (object, "transaction");

  g_assert_cmpint (pd_test_assert_int_member (transaction, "status"), ==, status);
  if (status != 2)
    {
      g_assert_cmpstr (pd_test_assert_string_member (object, "msg"), ==, "");
      g_assert_cmpstr (pd_test_assert_string_member (transaction, "msg"), ==, "transaction still pending");
      g_assert_false (json_object_has_member (object, "token"));
    }
  else
    g_assert_cmpuint (strlen (pd_test_assert_string_member (transaction, "msg")), >, 0);
  g_assert_cmpint (pd_test_assert_int_member (transaction, "transactionId"), >, 0);
  g_assert_cmpstr (pd_test_assert_string_member (transaction, "ref"), ==, ref);

  return object;
}

/* Tests */

static void
test_first_line (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *base = pd_test_sandbox_get_base_url (fixture->sandbox, "pawacard");

  g_assert_true (g_str_has_prefix (base, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (base, "/v3"));
  g_assert_cmpstr (pd_test_sandbox_get_credential (fixture->sandbox, "pawacard", "username"), !=, "");
  g_assert_cmpstr (pd_test_sandbox_get_credential (fixture->sandbox, "pawacard", "password"), !=, "");
}

static void
test_login (Fixture       *fixture,
            gconstpointer  data)
{
  const char *username = pd_test_sandbox_get_credential (fixture->sandbox, "pawacard", "username");
  const char *password = pd_test_sandbox_get_credential (fixture->sandbox, "pawacard", "password");
  g_autofree char *wrong = body_of ("username", username, "password", "not-the-password", NULL);
  g_autofree char *nobody = body_of ("username", "someone", "password", password, NULL);
  g_autofree char *right = body_of ("username", username, "password", password, NULL);
  g_autoptr(PdTestResponse) refused = post_raw (fixture->sandbox, "/login", wrong);
  g_autoptr(PdTestResponse) unknown = post_raw (fixture->sandbox, "/login", nobody);
  g_autoptr(PdTestResponse) accepted = post_raw (fixture->sandbox, "/login", right);
  g_autofree char *balance = NULL;
  JsonObject *object;
  const char *key;

  object = expect (refused, 401, 1);
  g_assert_cmpstr (pd_test_assert_string_member (object, "msg"), ==, "Wrong Username or Password");
  g_assert_false (json_object_has_member (object, "key"));
  object = expect (unknown, 401, 1);
  g_assert_cmpstr (pd_test_assert_string_member (object, "msg"), ==, "Wrong Username or Password");

  object = expect (accepted, 200, 0);
  g_assert_cmpstr (pd_test_assert_string_member (object, "msg"), ==, "success");
  key = pd_test_assert_string_member (object, "key");
  g_assert_cmpuint (strlen (key), >=, 32);
  g_assert_cmpstr (key, !=, fixture->key);
  balance = get_balance (fixture);
  g_assert_cmpstr (pd_test_assert_string_member (object, "balance"), ==, balance);

  /* Every key issued is good until it expires: a second login (another
   * till, say) does not log the first one out. */
  g_free (get_balance (fixture));
  {
    g_autoptr(PdTestResponse) response = call_with_key (fixture, key, "/balance", NULL);

    expect (response, 200, 0);
  }
}

static void
test_key_refused (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(PdTestResponse) made_up = call_with_key (fixture, "ElKW2XWqxylnUDPG6bKAW5zKI3JyT23CpP1Nu68c724",
                                                     "/balance", NULL);
  g_autoptr(PdTestResponse) no_key = post_raw (fixture->sandbox, "/balance", "{\"username\":\"testvendor\"}");
  g_autofree char *other_user = body_of ("username", "test", "key", fixture->key, NULL);
  g_autoptr(PdTestResponse) wrong_user = post_raw (fixture->sandbox, "/balance", other_user);
  g_autofree char *number = meter_number (1);
  g_autoptr(PdTestResponse) vend_refused = NULL;
  g_autofree char *ref = new_ref (fixture);

  g_assert_cmpuint (strlen (pd_test_assert_string_member (expect (made_up, 401, 1), "msg")), >, 0);
  expect (no_key, 401, 1);
  expect (wrong_user, 401, 1);

  vend_refused = call_with_key (fixture, "not-a-key", "/vend", "meter", number, "amount", "100",
                                "ref", ref, NULL);
  expect (vend_refused, 401, 1);
  g_assert_cmpuint (ledger_length (fixture), ==, 0);
}

static void
test_key_expiry (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *old_key = NULL;

  g_free (get_balance (fixture));

  /* Still good a minute before the hour is out … */
  pd_test_sandbox_advance_clock (fixture->sandbox, KEY_LIFETIME - 60);
  g_free (get_balance (fixture));

  /* … and refused once it is. */
  pd_test_sandbox_advance_clock (fixture->sandbox, 61);
  {
    g_autoptr(PdTestResponse) response = call (fixture, "/balance", NULL);
    JsonObject *object = expect (response, 401, 1);

    g_assert_false (json_object_has_member (object, "balance"));
  }
  {
    g_autofree char *number = meter_number (1);
    g_autoptr(PdTestResponse) response = call (fixture, "/verify", "meter", number, NULL);

    expect (response, 401, 1);
  }

  old_key = g_steal_pointer (&fixture->key);
  fixture->key = login (fixture->sandbox);
  g_assert_cmpstr (fixture->key, !=, old_key);
  g_free (get_balance (fixture));
}

static void
test_balance (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(PdTestResponse) response = call (fixture, "/balance", NULL);
  JsonObject *object = expect (response, 200, 0);
  PdMoney balance = parse_kes (pd_test_assert_string_member (object, "balance"));

  g_assert_cmpstr (pd_test_assert_string_member (object, "msg"), ==, "success");
  g_assert_cmpint (pd_money_sign (&balance), >, 0);
}

static void
test_verify (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *first = meter_number (1);
  g_autofree char *last = meter_number (N_RECORDS);
  g_autofree char *unseeded = meter_number (N_RECORDS + 1);
  g_autoptr(PdTestResponse) found = call (fixture, "/verify", "meter", first, NULL);
  g_autoptr(PdTestResponse) found_last = call (fixture, "/verify", "meter", last, NULL);
  g_autoptr(PdTestResponse) luhn = call (fixture, "/verify", "meter", "12345678912", NULL);
  g_autoptr(PdTestResponse) unknown = call (fixture, "/verify", "meter", unseeded, NULL);
  g_autofree char *mistyped = g_strdup (first);
  g_autoptr(PdTestResponse) typo = NULL;
  JsonObject *object;
  const char *msg;

  g_assert_true (luhn_valid (first));
  object = expect (found, 200, 0);
  g_assert_cmpstr (pd_test_assert_string_member (object, "msg"), ==, "success");
  g_assert_cmpuint (strlen (pd_test_assert_string_member (object, "customerName")), >, 3);
  object = expect (found_last, 200, 0);
  g_assert_cmpuint (strlen (pd_test_assert_string_member (object, "customerName")), >, 3);

  object = expect (luhn, 200, 1);
  g_assert_cmpstr (pd_test_assert_string_member (object, "code"), ==, "elec100");
  msg = pd_test_assert_string_member (object, "msg");
  g_assert_nonnull (strstr (msg, luhn_failure));
  g_assert_nonnull (strstr (msg, "MSNO 12345678912"));
  g_assert_false (json_object_has_member (object, "customerName"));

  /* Seeded meter 1 with a wrong check digit: only the Luhn check refuses it. */
  mistyped[10] = mistyped[10] == '9' ? '0' : mistyped[10] + 1;
  g_assert_false (luhn_valid (mistyped));
  typo = call (fixture, "/verify", "meter", mistyped, NULL);
  object = expect (typo, 200, 1);
  g_assert_cmpstr (pd_test_assert_string_member (object, "code"), ==, "elec100");

  /* A well-formed number Kenya Power does not know gets the same answer. */
  object = expect (unknown, 200, 1);
  g_assert_cmpstr (pd_test_assert_string_member (object, "code"), ==, "elec100");
}

static void
test_vend (Fixture       *fixture,
           gconstpointer  data)
{
  static const char * const names[] = {
    "REPCharge", "MonthlyFC", "ERCCharge", "TotalTax", "FuelIndexCharge", "ForexCharge",
    "InflationAdjustment",
  };
  static const char * const example[] = { "6486", "12000", "593", "1440", "92770", "31055", "5934" };
  g_autofree char *before = get_balance (fixture);
  g_autofree char *after = NULL;
  g_autofree char *ref = new_ref (fixture);
  g_autofree char *number = meter_number (2);
  g_autofree char *id = NULL;
  g_autofree char *vend_text = NULL;
  g_autofree char *lookup_text = NULL;
  g_autoptr(PdTestResponse) verified = call (fixture, "/verify", "meter", number, NULL);
  g_autoptr(PdTestResponse) sold = vend (fixture, 2, "200", ref);
  g_autoptr(PdTestResponse) lookup = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  JsonObject *object = assert_complete_vend (sold, "200", ref);
  JsonObject *entry;
  JsonArray *fixed;

  g_assert_cmpstr (pd_test_assert_string_member (object, "customerName"), ==,
                   pd_test_assert_string_member (expect (verified, 200, 0), "customerName"));
  /* The clock starts at 12:00 UTC, 15:00 in Nairobi. */
  g_assert_true (g_str_has_prefix (pd_test_assert_string_member (object, "date"), "30-6-2026 15:"));

  /* A vend of 200 is charged exactly as the document's example of 200. */
  fixed = pd_test_assert_array_member (object, "fixed");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpstr (pd_test_assert_string_member (json_array_get_object_element (fixed, i), names[i]),
                     ==, example[i]);
  g_assert_cmpstr (pd_test_assert_string_member (object, "units"), ==, "3.97");

  after = get_balance (fixture);
  assert_kes_difference (before, after, "200");

  ledger = pd_test_sandbox_get_ledger (fixture->sandbox, "pawacard");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
  entry = json_array_get_object_element (ledger, 0);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, pd_test_assert_int_member (object, "transactionId"));
  g_assert_cmpstr (pd_test_assert_string_member (entry, "provider"), ==, "pawacard");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "operation"), ==, "vend");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "target"), ==, number);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "id"), ==, id);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "reference"), ==, ref);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "amount"), ==, "200.00");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "currency"), ==, "KES");

  /* /transaction "will return the same data as /vend". */
  lookup = call (fixture, "/transaction", "ref", ref, NULL);
  vend_text = pd_test_response_dup_text (sold);
  lookup_text = pd_test_response_dup_text (lookup);
  g_assert_cmpstr (lookup_text, ==, vend_text);
  g_assert_cmpuint (ledger_length (fixture), ==, 1);

  /* Each vend charges in proportion and gets its own token. */
  {
    g_autofree char *second_ref = new_ref (fixture);
    g_autoptr(PdTestResponse) second = vend (fixture, 3, "1000", second_ref);
    JsonObject *other = assert_complete_vend (second, "1000", second_ref);

    JsonArray *other_fixed = pd_test_assert_array_member (other, "fixed");

    g_assert_cmpstr (pd_test_assert_string_member (json_array_get_object_element (other_fixed, 1),
                                                   "MonthlyFC"), ==, "60000");
    g_assert_cmpstr (pd_test_assert_string_member (other, "token"), !=,
                     pd_test_assert_string_member (object, "token"));
    g_assert_cmpint (pd_test_assert_int_member (other, "transactionId"), >,
                     pd_test_assert_int_member (object, "transactionId"));
  }
  g_assert_cmpuint (ledger_length (fixture), ==, 2);
}

static void
test_transaction_lookup (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(PdTestResponse) missing = call (fixture, "/transaction", "ref", "999999999999", NULL);
  g_autoptr(PdTestResponse) no_ref = call (fixture, "/transaction", NULL);
  JsonObject *object;

  object = expect (missing, 200, 104);
  g_assert_cmpstr (pd_test_assert_string_member (object, "msg"), ==, "Transaction not found");
  expect (no_ref, 200, 103);
}

static void
test_vend_refusals (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char * const bad_amounts[] = { "abc", "10.50", "5", "", "-50", "250001" };
  g_autofree char *before = get_balance (fixture);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad_amounts); i++)
    {
      g_autofree char *ref = new_ref (fixture);
      g_autoptr(PdTestResponse) response = vend (fixture, 4, bad_amounts[i], ref);
      g_autoptr(PdTestResponse) lookup = NULL;

      expect (response, 200, 1);
      lookup = call (fixture, "/transaction", "ref", ref, NULL);
      expect (lookup, 200, 104);
    }

  {
    g_autofree char *ref = new_ref (fixture);
    g_autoptr(PdTestResponse) response = call (fixture, "/vend", "meter", "12345678912", "amount", "50",
                                               "ref", ref, NULL);
    JsonObject *object = expect (response, 200, 1);

    g_assert_cmpstr (pd_test_assert_string_member (object, "code"), ==, "elec100");
    g_assert_nonnull (strstr (pd_test_assert_string_member (object, "msg"), luhn_failure));
  }

  {
    g_autoptr(PdTestResponse) empty = vend (fixture, 4, "50", "");
    g_autoptr(PdTestResponse) spaced = vend (fixture, 4, "50", "370 474");
    g_autoptr(PdTestResponse) absent = vend (fixture, 4, "50", NULL);

    expect (empty, 200, 103);
    expect (spaced, 200, 103);
    expect (absent, 200, 103);
  }

  after = get_balance (fixture);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (ledger_length (fixture), ==, 0);

  /* The meter was never vended to, so it is not throttled. */
  {
    g_autofree char *ref = new_ref (fixture);
    g_autoptr(PdTestResponse) response = vend (fixture, 4, "50", ref);

    assert_complete_vend (response, "50", ref);
  }
}

static void
test_insufficient_balance (Fixture       *fixture,
                           gconstpointer  data)
{
  guint meter = 1;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint entries;

  /* Vends are at most 250000; the seeded float is less than four times that. */
  for (;; meter++)
    {
      g_autofree char *ref = new_ref (fixture);
      g_autoptr(PdTestResponse) response = vend (fixture, meter, "250000", ref);
      JsonObject *object;

      g_assert_cmpuint (meter, <=, 4);
      object = pd_test_response_get_object (response);
      if (pd_test_assert_int_member (object, "status") == 102)
        {
          g_assert_cmpstr (pd_test_assert_string_member (object, "msg"), ==, "Insufficient balance");
          break;
        }
      assert_complete_vend (response, "250000", ref);
    }

  entries = ledger_length (fixture);
  g_assert_cmpuint (entries, ==, meter - 1);
  before = get_balance (fixture);
  {
    g_autofree char *ref = new_ref (fixture);
    g_autoptr(PdTestResponse) response = vend (fixture, meter + 1, "250000", ref);

    expect (response, 200, 102);
  }
  after = get_balance (fixture);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (ledger_length (fixture), ==, entries);
}

static void
test_duplicate_ref (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *ref = new_ref (fixture);
  g_autofree char *before = get_balance (fixture);
  g_autofree char *after = NULL;
  g_autofree char *account = account_number (1);
  g_autoptr(PdTestResponse) first = vend (fixture, 5, "100", ref);
  g_autoptr(PdTestResponse) again = vend (fixture, 6, "100", ref);
  g_autoptr(PdTestResponse) same = NULL;
  g_autoptr(PdTestResponse) as_bill = call (fixture, "/postpaidbill", "accountNo", account, "amount", "100",
                                            "ref", ref, NULL);
  g_autoptr(PdTestResponse) lookup = call (fixture, "/transaction", "ref", ref, NULL);
  g_autofree char *first_text = pd_test_response_dup_text (first);
  g_autofree char *lookup_text = pd_test_response_dup_text (lookup);

  assert_complete_vend (first, "100", ref);
  expect (again, 200, 103);
  expect (as_bill, 200, 103);

  /* Even the very same request, resent, moves no money twice. */
  pd_test_sandbox_advance_clock (fixture->sandbox, THROTTLE_SECONDS);
  same = vend (fixture, 5, "100", ref);
  expect (same, 200, 103);

  g_assert_cmpstr (lookup_text, ==, first_text);
  after = get_balance (fixture);
  assert_kes_difference (before, after, "100");
  g_assert_cmpuint (ledger_length (fixture), ==, 1);
}

static void
test_throttle (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *ref1 = new_ref (fixture);
  g_autofree char *ref2 = new_ref (fixture);
  g_autofree char *ref3 = new_ref (fixture);
  g_autofree char *ref4 = new_ref (fixture);
  g_autoptr(PdTestResponse) first = vend (fixture, 7, "100", ref1);
  g_autoptr(PdTestResponse) too_soon = vend (fixture, 7, "100", ref2);
  g_autoptr(PdTestResponse) other_meter = vend (fixture, 8, "100", ref3);
  g_autoptr(PdTestResponse) still_too_soon = NULL;
  g_autoptr(PdTestResponse) later = NULL;
  g_autoptr(PdTestResponse) lookup = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  JsonObject *object;

  assert_complete_vend (first, "100", ref1);
  object = expect (too_soon, 200, 1);
  g_assert_cmpstr (pd_test_assert_string_member (object, "msg"), ==, throttled);
  g_assert_false (json_object_has_member (object, "token"));
  assert_complete_vend (other_meter, "100", ref3);
  g_assert_cmpuint (ledger_length (fixture), ==, 2);

  /* The refused ref made nothing and can be used again. */
  lookup = call (fixture, "/transaction", "ref", ref2, NULL);
  expect (lookup, 200, 104);

  before = get_balance (fixture);
  pd_test_sandbox_advance_clock (fixture->sandbox, THROTTLE_SECONDS - 60);
  still_too_soon = vend (fixture, 7, "100", ref4);
  object = expect (still_too_soon, 200, 1);
  g_assert_cmpstr (pd_test_assert_string_member (object, "msg"), ==, throttled);
  after = get_balance (fixture);
  g_assert_cmpstr (after, ==, before);

  pd_test_sandbox_advance_clock (fixture->sandbox, 60);
  later = vend (fixture, 7, "100", ref2);
  assert_complete_vend (later, "100", ref2);
  g_assert_cmpuint (ledger_length (fixture), ==, 3);
}

static void
test_daily_limit (Fixture       *fixture,
                  gconstpointer  data)
{
  JsonObject *object;

  for (guint i = 0; i < MAX_VENDS_PER_DAY; i++)
    {
      g_autofree char *ref = new_ref (fixture);
      g_autoptr(PdTestResponse) response = vend (fixture, 9, "50", ref);

      assert_complete_vend (response, "50", ref);
      pd_test_sandbox_advance_clock (fixture->sandbox, THROTTLE_SECONDS);
    }

  {
    g_autofree char *ref = new_ref (fixture);
    g_autoptr(PdTestResponse) response = vend (fixture, 9, "50", ref);

    object = expect (response, 200, 105);
    g_assert_cmpstr (pd_test_assert_string_member (object, "msg"), ==,
                     "Meter has reached maximum vends allowed per day");
  }
  g_assert_cmpuint (ledger_length (fixture), ==, MAX_VENDS_PER_DAY);

  /* About 15:50 in Nairobi: nine hours on is the next day there. */
  pd_test_sandbox_advance_clock (fixture->sandbox, 9 * 60 * 60);
  g_free (fixture->key);
  fixture->key = login (fixture->sandbox);
  {
    g_autofree char *ref = new_ref (fixture);
    g_autoptr(PdTestResponse) response = vend (fixture, 9, "50", ref);

    assert_complete_vend (response, "50", ref);
  }
}

static void
test_pending (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *ref = new_ref (fixture);
  g_autofree char *before = get_balance (fixture);
  g_autofree char *after = NULL;
  g_autoptr(PdTestResponse) sold = vend (fixture, 10, "555", ref);
  g_autoptr(PdTestResponse) still = NULL;
  g_autoptr(PdTestResponse) done = NULL;
  JsonObject *object = assert_unfinished_vend (sold, 5, ref);
  gint64 id = pd_test_assert_int_member (pd_test_assert_object_member (object, "transaction"), "transactionId");

  /* The money is taken when the vend is accepted, once. */
  after = get_balance (fixture);
  assert_kes_difference (before, after, "555");
  g_assert_cmpuint (ledger_length (fixture), ==, 1);

  pd_test_sandbox_advance_clock (fixture->sandbox, 60);
  still = call (fixture, "/transaction", "ref", ref, NULL);
  assert_unfinished_vend (still, 5, ref);

  pd_test_sandbox_advance_clock (fixture->sandbox, 60);
  done = call (fixture, "/transaction", "ref", ref, NULL);
  object = assert_complete_vend (done, "555", ref);
  g_assert_cmpint (pd_test_assert_int_member (object, "transactionId"), ==, id);

  g_free (after);
  after = get_balance (fixture);
  assert_kes_difference (before, after, "555");
  g_assert_cmpuint (ledger_length (fixture), ==, 1);
}

static void
test_queued (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *ref = new_ref (fixture);
  g_autoptr(PdTestResponse) sold = vend (fixture, 11, "777", ref);
  g_autoptr(PdTestResponse) sent = NULL;
  g_autoptr(PdTestResponse) done = NULL;

  assert_unfinished_vend (sold, 0, ref);
  pd_test_sandbox_advance_clock (fixture->sandbox, 60);
  sent = call (fixture, "/transaction", "ref", ref, NULL);
  assert_unfinished_vend (sent, 5, ref);
  pd_test_sandbox_advance_clock (fixture->sandbox, 60);
  done = call (fixture, "/transaction", "ref", ref, NULL);
  assert_complete_vend (done, "777", ref);
  g_assert_cmpuint (ledger_length (fixture), ==, 1);
}

static void
test_failed_vends (Fixture       *fixture,
                   gconstpointer  data)
{
  static const struct
  {
    const char *amount;
    const char *code;
  } cases[] = {
    { "333", "elec001" },
    { "444", "elec003" },
  };
  g_autofree char *before = get_balance (fixture);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *ref = new_ref (fixture);
      g_autoptr(PdTestResponse) sold = vend (fixture, 12, cases[i].amount, ref);
      g_autoptr(PdTestResponse) lookup = NULL;
      g_autofree char *sold_text = NULL;
      g_autofree char *lookup_text = NULL;
      JsonObject *object = assert_unfinished_vend (sold, 2, ref);

      g_assert_cmpstr (pd_test_assert_string_member (object, "code"), ==, cases[i].code);
      g_assert_false (json_object_has_member (object, "token"));

      pd_test_sandbox_advance_clock (fixture->sandbox, 600);
      lookup = call (fixture, "/transaction", "ref", ref, NULL);
      sold_text = pd_test_response_dup_text (sold);
      lookup_text = pd_test_response_dup_text (lookup);
      g_assert_cmpstr (lookup_text, ==, sold_text);
    }

  after = get_balance (fixture);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (ledger_length (fixture), ==, 0);

  /* A failed vend does not throttle the meter. */
  {
    g_autofree char *ref = new_ref (fixture);
    g_autoptr(PdTestResponse) sold = vend (fixture, 12, "100", ref);

    assert_complete_vend (sold, "100", ref);
  }
}

static void
test_postpaid_verify (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *account = account_number (1);
  g_autofree char *spaced = g_strconcat (" ", account, NULL);
  g_autofree char *unknown = account_number (N_RECORDS + 1);
  g_autoptr(PdTestResponse) found = call (fixture, "/postpaidverify", "accountNo", account, NULL);
  g_autoptr(PdTestResponse) found_spaced = call (fixture, "/postpaidverify", "accountNo", spaced, NULL);
  g_autoptr(PdTestResponse) missing = call (fixture, "/postpaidverify", "accountNo", unknown, NULL);
  g_autoptr(PdTestResponse) garbage = call (fixture, "/postpaidverify", "accountNo", "02-03754", NULL);
  g_autofree char *found_text = pd_test_response_dup_text (found);
  g_autofree char *spaced_text = pd_test_response_dup_text (found_spaced);
  JsonObject *object = expect (found, 200, 0);

  g_assert_cmpstr (pd_test_assert_string_member (object, "msg"), ==, "");
  g_assert_cmpuint (strlen (pd_test_assert_string_member (object, "customerName")), >, 3);
  parse_kes (pd_test_assert_string_member (object, "customer_balance"));
  g_assert_cmpstr (spaced_text, ==, found_text);

  g_assert_false (json_object_has_member (expect (missing, 200, 1), "customerName"));
  expect (garbage, 200, 1);
}

static JsonObject *
assert_bill (PdTestResponse *response,
             gint64          status,
             gint64          transaction_status,
             const char     *account,
             const char     *amount,
             const char     *ref)
{
  JsonObject *object = expect (response, 200, status);
  JsonObject *transaction = pd_test_assert_object_member (object, "transaction");

  g_assert_cmpint (pd_test_assert_int_member (transaction, "status"), ==, transaction_status);
  g_assert_cmpstr (pd_test_assert_string_member (transaction, "vendor"), ==, "testvendor");
  g_assert_cmpstr (pd_test_assert_string_member (transaction, "accountNo"), ==, account);
  g_assert_cmpstr (pd_test_assert_string_member (transaction, "amount"), ==, amount);
  g_assert_true (g_regex_match_simple ("^[0-9]{1,2}-[0-9]{1,2}-[0-9]{4} [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}$",
                                       pd_test_assert_string_member (transaction, "date"), 0, 0));
  g_assert_cmpint (pd_test_assert_int_member (transaction, "transactionId"), >, 0);
  g_assert_cmpstr (pd_test_assert_string_member (transaction, "ref"), ==, ref);
  g_assert_cmpuint (strlen (pd_test_assert_string_member (transaction, "customerName")), >, 3);

  switch (transaction_status)
    {
    case 1:
      g_assert_cmpstr (pd_test_assert_string_member (object, "msg"), ==, "success");
      g_assert_true (g_regex_match_simple ("^[0-9]+$",
                                           pd_test_assert_string_member (transaction, "rctNum"), 0, 0));
      break;
    case 2:
      g_assert_cmpstr (pd_test_assert_string_member (transaction, "msg"), ==, "Failed, please try again");
      g_assert_false (json_object_has_member (transaction, "rctNum"));
      break;
    default:
      g_assert_cmpstr (pd_test_assert_string_member (transaction, "msg"), ==, "transaction still pending");
      g_assert_false (json_object_has_member (transaction, "rctNum"));
      break;
    }

  return transaction;
}

static char *
customer_balance (Fixture    *fixture,
                  const char *account)
{
  g_autoptr(PdTestResponse) response = call (fixture, "/postpaidverify", "accountNo", account, NULL);

  return g_strdup (pd_test_assert_string_member (expect (response, 200, 0), "customer_balance"));
}

static void
test_postpaid_bill (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *account = account_number (2);
  g_autofree char *ref = new_ref (fixture);
  g_autofree char *before = get_balance (fixture);
  g_autofree char *owed_before = customer_balance (fixture, account);
  g_autofree char *after = NULL;
  g_autofree char *owed_after = NULL;
  g_autofree char *bill_text = NULL;
  g_autofree char *lookup_text = NULL;
  g_autofree char *id = NULL;
  g_autoptr(PdTestResponse) paid = call (fixture, "/postpaidbill", "customerName", "Bilbo Baggins",
                                         "amount", "1000", "accountNo", account, "ref", ref, NULL);
  g_autoptr(PdTestResponse) lookup = call (fixture, "/postpaidtransaction", "ref", ref, NULL);
  g_autoptr(PdTestResponse) as_vend = call (fixture, "/transaction", "ref", ref, NULL);
  g_autoptr(JsonArray) ledger = NULL;
  JsonObject *transaction = assert_bill (paid, 0, 1, account, "1000", ref);
  JsonObject *entry;

  after = get_balance (fixture);
  assert_kes_difference (before, after, "1000");
  owed_after = customer_balance (fixture, account);
  assert_kes_difference (owed_before, owed_after, "1000");

  bill_text = pd_test_response_dup_text (paid);
  lookup_text = pd_test_response_dup_text (lookup);
  g_assert_cmpstr (lookup_text, ==, bill_text);
  expect (as_vend, 200, 104);

  ledger = pd_test_sandbox_get_ledger (fixture->sandbox, "pawacard");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
  entry = json_array_get_object_element (ledger, 0);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, pd_test_assert_int_member (transaction, "transactionId"));
  g_assert_cmpstr (pd_test_assert_string_member (entry, "operation"), ==, "bill");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "target"), ==, account);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "id"), ==, id);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "reference"), ==, ref);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "amount"), ==, "1000.00");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "currency"), ==, "KES");

  /* A vend ref is not a bill. */
  {
    g_autofree char *vend_ref = new_ref (fixture);
    g_autoptr(PdTestResponse) sold = vend (fixture, 13, "100", vend_ref);
    g_autoptr(PdTestResponse) not_bill = call (fixture, "/postpaidtransaction", "ref", vend_ref, NULL);

    assert_complete_vend (sold, "100", vend_ref);
    expect (not_bill, 200, 104);
  }
}

static void
test_postpaid_pending_and_failed (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *account = account_number (3);
  g_autofree char *pending_ref = new_ref (fixture);
  g_autofree char *failed_ref = new_ref (fixture);
  g_autofree char *before = get_balance (fixture);
  g_autofree char *after = NULL;
  g_autoptr(PdTestResponse) pending = call (fixture, "/postpaidbill", "amount", "777", "accountNo", account,
                                            "ref", pending_ref, NULL);
  g_autoptr(PdTestResponse) failed = call (fixture, "/postpaidbill", "amount", "333", "accountNo", account,
                                           "ref", failed_ref, NULL);
  g_autoptr(PdTestResponse) sent = NULL;
  g_autoptr(PdTestResponse) done = NULL;
  g_autoptr(PdTestResponse) still_failed = NULL;

  g_assert_cmpstr (pd_test_assert_string_member (expect (pending, 200, 1), "msg"), ==, "success");
  assert_bill (pending, 1, 0, account, "777", pending_ref);
  assert_bill (failed, 1, 2, account, "333", failed_ref);

  after = get_balance (fixture);
  assert_kes_difference (before, after, "777");
  g_assert_cmpuint (ledger_length (fixture), ==, 1);

  pd_test_sandbox_advance_clock (fixture->sandbox, 60);
  sent = call (fixture, "/postpaidtransaction", "ref", pending_ref, NULL);
  assert_bill (sent, 1, 5, account, "777", pending_ref);

  pd_test_sandbox_advance_clock (fixture->sandbox, 60);
  done = call (fixture, "/postpaidtransaction", "ref", pending_ref, NULL);
  assert_bill (done, 0, 1, account, "777", pending_ref);
  still_failed = call (fixture, "/postpaidtransaction", "ref", failed_ref, NULL);
  assert_bill (still_failed, 1, 2, account, "333", failed_ref);
  g_assert_cmpuint (ledger_length (fixture), ==, 1);
}

static void
test_drop_after_apply (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *ref = new_ref (fixture);
  g_autofree char *before = get_balance (fixture);
  g_autofree char *after = NULL;
  g_autofree char *number = meter_number (14);
  g_autofree char *url = pd_test_sandbox_url (fixture->sandbox, "pawacard", "/vend");
  g_autofree char *body = NULL;
  g_autoptr(PdTestResponse) dropped = NULL;
  g_autoptr(PdTestResponse) lookup = NULL;
  g_autoptr(PdTestResponse) resent = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  PdTestRequest request = { .method = "POST", .url = url, .fresh_connection = TRUE };

  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"pawacard\",\"method\":\"POST\",\"path\":\"/v3/vend\","
                             "\"count\":1,\"action\":\"drop_after_apply\"}");

  body = body_of ("username", "testvendor", "key", fixture->key, "meter", number, "amount", "300",
                  "ref", ref, NULL);
  request.body = body;
  dropped = pd_test_sandbox_send (fixture->sandbox, &request);
  g_assert_nonnull (dropped->error);
  g_assert_null (dropped->json);

  /* The vend happened, once, and the ref finds it. */
  lookup = call (fixture, "/transaction", "ref", ref, NULL);
  assert_complete_vend (lookup, "300", ref);
  after = get_balance (fixture);
  assert_kes_difference (before, after, "300");

  /* Sending it again (the fault is spent) is refused, not applied twice. */
  pd_test_sandbox_advance_clock (fixture->sandbox, THROTTLE_SECONDS);
  resent = vend (fixture, 14, "300", ref);
  expect (resent, 200, 103);

  ledger = pd_test_sandbox_get_ledger (fixture->sandbox, "pawacard");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
  g_assert_cmpstr (pd_test_assert_string_member (json_array_get_object_element (ledger, 0), "reference"),
                   ==, ref);
  g_free (after);
  after = get_balance (fixture);
  assert_kes_difference (before, after, "300");
}

static void
test_protocol_errors (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *url = pd_test_sandbox_url (fixture->sandbox, "pawacard", "/balance");
  PdTestRequest get = { .method = "GET", .url = url };
  g_autoptr(PdTestResponse) wrong_method = pd_test_sandbox_send (fixture->sandbox, &get);
  g_autoptr(PdTestResponse) no_such_path = post_raw (fixture->sandbox, "/refund", "{}");
  g_autoptr(PdTestResponse) not_json = post_raw (fixture->sandbox, "/balance", "username=testvendor");
  g_autoptr(PdTestResponse) not_string = post_raw (fixture->sandbox, "/balance",
                                                   "{\"username\":7,\"key\":\"x\"}");
  g_autoptr(PdTestResponse) unavailable = NULL;

  expect (wrong_method, 405, 1);
  expect (no_such_path, 404, 1);
  expect (not_json, 400, 1);
  expect (not_string, 400, 1);

  pd_test_sandbox_arm_fault (fixture->sandbox,
                             "{\"provider\":\"pawacard\",\"path\":\"/v3/balance\",\"count\":1,"
                             "\"action\":\"status\",\"status\":503}");
  unavailable = call (fixture, "/balance", NULL);
  g_assert_cmpuint (strlen (pd_test_assert_string_member (expect (unavailable, 503, 1), "msg")), >, 0);
  g_free (get_balance (fixture));

  /* An amount written as a JSON integer means the same shillings. */
  {
    g_autofree char *ref = new_ref (fixture);
    g_autofree char *number = meter_number (15);
    g_autofree char *body = g_strdup_printf ("{\"username\":\"testvendor\",\"key\":\"%s\",\"meter\":\"%s\","
                                             "\"amount\":50,\"ref\":\"%s\"}",
                                             fixture->key, number, ref);
    g_autoptr(PdTestResponse) response = post_raw (fixture->sandbox, "/vend", body);

    assert_complete_vend (response, "50", ref);
  }
}

/* The same requests to two sandboxes with the same seed give the same bytes
 * (the answers' dates aside, which follow the real clock). */
static char *
transcript (const char *seed)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start ("--seed", seed, "--records", RECORDS, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GRegex) dates = g_regex_new ("\"date\":\"[^\"]*\"", 0, 0, NULL);
  Fixture fixture = { .sandbox = sandbox };
  JsonObject *credentials;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  credentials = pd_test_assert_object_member (pd_test_sandbox_get_description (sandbox), "credentials");
  json_node_set_object (node, pd_test_assert_object_member (credentials, "pawacard"));
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_string_append_printf (out, "%s\n", text);

  fixture.key = login (sandbox);
  g_string_append_printf (out, "%s\n", fixture.key);

  for (guint k = 1; k <= 5; k++)
    {
      g_autofree char *number = meter_number (k);
      g_autofree char *account = account_number (k);
      g_autoptr(PdTestResponse) meter = call (&fixture, "/verify", "meter", number, NULL);
      g_autoptr(PdTestResponse) holder = call (&fixture, "/postpaidverify", "accountNo", account, NULL);
      g_autofree char *meter_text = pd_test_response_dup_text (meter);
      g_autofree char *holder_text = pd_test_response_dup_text (holder);

      g_string_append_printf (out, "%s\n%s\n", meter_text, holder_text);
    }

  {
    g_autoptr(PdTestResponse) sold = vend (&fixture, 1, "200", "370474587102");
    g_autoptr(PdTestResponse) paid = call (&fixture, "/postpaidbill", "accountNo", "0200001-01",
                                           "amount", "1000", "ref", "015117215614", NULL);
    g_autoptr(PdTestResponse) balance = call (&fixture, "/balance", NULL);
    g_autofree char *sold_text = pd_test_response_dup_text (sold);
    g_autofree char *paid_text = pd_test_response_dup_text (paid);
    g_autofree char *balance_text = pd_test_response_dup_text (balance);
    g_autofree char *undated_sold = g_regex_replace_literal (dates, sold_text, -1, 0, "\"date\":\"\"",
                                                             0, NULL);
    g_autofree char *undated_paid = g_regex_replace_literal (dates, paid_text, -1, 0, "\"date\":\"\"",
                                                             0, NULL);

    g_string_append_printf (out, "%s\n%s\n%s\n", undated_sold, undated_paid, balance_text);
  }

  g_free (fixture.key);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_determinism (void)
{
  g_autofree char *first = transcript ("7");
  g_autofree char *second = transcript ("7");
  g_autofree char *other = transcript ("8");

  g_assert_nonnull (strstr (first, "\"token\""));
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpstr (first, !=, other);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/sandbox/pawacard/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("first-line", test_first_line);
  ADD ("login", test_login);
  ADD ("key-refused", test_key_refused);
  ADD ("key-expiry", test_key_expiry);
  ADD ("balance", test_balance);
  ADD ("verify", test_verify);
  ADD ("vend", test_vend);
  ADD ("transaction-lookup", test_transaction_lookup);
  ADD ("vend-refusals", test_vend_refusals);
  ADD ("insufficient-balance", test_insufficient_balance);
  ADD ("duplicate-ref", test_duplicate_ref);
  ADD ("throttle", test_throttle);
  ADD ("daily-limit", test_daily_limit);
  ADD ("pending", test_pending);
  ADD ("queued", test_queued);
  ADD ("failed-vends", test_failed_vends);
  ADD ("postpaid-verify", test_postpaid_verify);
  ADD ("postpaid-bill", test_postpaid_bill);
  ADD ("postpaid-pending-and-failed", test_postpaid_pending_and_failed);
  ADD ("drop-after-apply", test_drop_after_apply);
  ADD ("protocol-errors", test_protocol_errors);
  g_test_add_func ("/sandbox/pawacard/determinism", test_determinism);

#undef ADD

  return g_test_run ();
}

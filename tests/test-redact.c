/* test-redact.c - tests for removing secrets and masking card numbers
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pd-json.h"
#include "pd-luhn.h"
#include "pd-redact.h"

typedef struct
{
  const char         *name;
  const char * const *absent;
  const char * const *present;
} Fixture;

#define STRINGS(...) ((const char * const[]) { __VA_ARGS__, NULL })

/* Answers and requests from the five provider documents. What must be gone
 * after redaction, and what must still be there, byte for byte. */
static const Fixture fixtures[] = {
  {
    "redact-fayapay-source",
    STRINGS ("clientSecret", "src_client_secret_f3KQ1m9VbX0oPq7s"),
    STRINGS ("\"phone\": \"+233200123456\"", "\"amount\": 74200",
             "\"maskedName\": \"MTN 024•••5678\"",
             "\\\"momo\\\" \\u2013 see receipt", "\"verifiedEmail\": null"),
  },
  {
    "redact-zengapay-balance",
    STRINGS ("this text is not in the fixture"),
    STRINGS ("\"available\": 26194436.5,", "\"available\": 21387726.50 }", "\"amount\": 2152.2,",
             "\"balanceBeforeTransaction\": 9007199254740993,",
             "\"balanceAfterTransaction\": 9007199254743145.2,", "\"fee\": 1e3",
             "\"msisdn\": \"256755329361\"", "\"number\": \"100835XXXXXX\""),
  },
  {
    "redact-eoneopay-customer-request",
    STRINGS ("5559039016093199", "cvv", "602"),
    STRINGS ("\"number\":\"************3199\"", "\"number\":128818", "\"branch\":632605",
             "\"expiry_date\":\"05\\/19\"", "Suite 124\\nEast"),
  },
  {
    "redact-eoneopay-customer",
    STRINGS ("8846051300564567", "1479093065260287", "4242424242424242", "\"token\"", "cvc"),
    STRINGS ("\"pan\":\"555903XXXXXXX199\"", "\"number\": \"************4242\"",
             "\"number\":128818",
             "\"amount\":74200", "\"txnID\":\"273040\""),
  },
  {
    "redact-eoneopay-apikeys",
    STRINGS ("sk_test_", "api_key", "test_secret_key"),
    STRINGS ("\"test_public_key\": \"pk_test_zgo5VQTGem75o0PDcphyqtSx\"", "\"permissions\":\"+\""),
  },
  {
    "redact-pawacard-login",
    STRINGS ("ElKW2", "\"key\""),
    STRINGS ("\"balance\": \"39\"", "\"status\": 0"),
  },
  {
    "redact-pawacard-vend",
    STRINGS ("ElKW2", "\"key\""),
    STRINGS ("\"meter\": \"0145117495500\"", "\"token\": \"66430474307561657038\"",
             "\"phone\": \"+254780107070\"", "\"transactionId\": 252", "\"totalAmount\": \"200\"",
             "\"ref\": \"370474587102\""),
  },
  {
    "redact-enayapay-electricity",
    STRINGS ("43443455656653465"),
    STRINGS ("\"pan\": \"*************3465\"", "\"amount\": 300.50,", "\"units_in_kwh\": 34.7,",
             "\"meter_number\": \"0145117495500\"", "\"payment_info\": \"METER=024354364645\"",
             "\"account_no\": 3423432423", "\"token\": \"4731 0897 5767 2950 5616\"",
             "\"tranDateTime\": 3343432432432"),
  },
  {
    "redact-enayapay-topup-request",
    STRINGS ("ipin", "reretertrterty5rt45", "4545 6789"),
    STRINGS ("\"pan\":\"*************8893\"", "\"phone_no\":\"0905450785\"", "\"amount\": 300,",
             "\"expiration_date\":\"0824\""),
  },
  {
    "redact-enayapay-verify",
    STRINGS ("eyJ", "token", "454345", "otp", "calicofdhfdsfsd", "password"),
    STRINGS ("\"user_name\": \"doctor\"", "\"user_phone\": \"249912345678\""),
  },
  {
    "redact-enayapay-cards",
    STRINGS ("454567894567988", "4545-6789", "IPIN", "xK3+9q=="),
    STRINGS ("\"card_pan\": \"***********7988\"", "\"card_pan\": \"*************8893\"",
             "\"card_expiry\": \"0824\"", "\"card_label\": \"Visa \\u00e9\"", "\"default\": 0"),
  },
};

static char *
read_fixture (const char *name,
              const char *suffix,
              gsize      *length)
{
  g_autofree char *file = g_strconcat (name, suffix, NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", file, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);

  return contents;
}

/* Walks a parsed result: no member is a secret (but an electricity token),
 * and no value of a card-ish member is a full card number. */
static void
assert_clean_tree (JsonNode   *node,
                   const char *name)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &member, &value))
        {
          if (pd_redact_is_secret_name (member))
            {
              g_assert_cmpstr (member, ==, "token");
              g_assert_cmpuint (strlen (json_node_get_string (value)), >=, 20);
            }
          assert_clean_tree (value, member);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        assert_clean_tree (json_array_get_element (array, i), name);
    }
  else if (name != NULL && JSON_NODE_HOLDS_VALUE (node) &&
           (strstr (name, "pan") != NULL || strstr (name, "card") != NULL ||
            g_strcmp0 (name, "number") == 0) &&
           json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      guint run = 0;
      guint longest = 0;

      /* Card numbers are written with spaces or dashes between groups. */
      for (const char *p = text; *p != '\0'; p++)
        {
          if (g_ascii_isdigit (*p))
            {
              run++;
              longest = MAX (longest, run);
            }
          else if (*p != ' ' && *p != '-')
            run = 0;
        }
      g_assert_cmpuint (longest, <, 12);
    }
}

static void
test_fixture (gconstpointer data)
{
  const Fixture *fixture = data;
  g_autofree char *input = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *output = NULL;
  g_autofree char *again = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  input = read_fixture (fixture->name, ".json", &length);
  expected = read_fixture (fixture->name, ".expected.json", NULL);

  output = pd_redact_json (input, length, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (output, ==, expected);

  for (guint i = 0; fixture->absent[i] != NULL; i++)
    {
      if (strstr (output, fixture->absent[i]) != NULL)
        g_error ("%s: “%s” is still there", fixture->name, fixture->absent[i]);
    }
  for (guint i = 0; fixture->present[i] != NULL; i++)
    {
      if (strstr (output, fixture->present[i]) == NULL)
        g_error ("%s: “%s” is missing", fixture->name, fixture->present[i]);
      /* Kept text is the provider's own, not a rewrite of it. */
      if (strstr (input, fixture->present[i]) == NULL && strchr (fixture->present[i], '*') == NULL)
        g_error ("%s: “%s” is not in the input", fixture->name, fixture->present[i]);
    }

  /* Valid JSON, with nothing secret left in it. */
  root = pd_json_parse (output, -1, &error);
  g_assert_no_error (error);
  assert_clean_tree (root, NULL);

  /* Redacting twice changes nothing more. */
  again = pd_redact_json (output, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, output);
}

static void
assert_redacts (const char *input,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = pd_redact_json (input, -1, &error);
  g_autoptr(JsonNode) root = NULL;

  g_assert_no_error (error);
  if (g_strcmp0 (output, expected) != 0)
    g_error ("Redacting %s gave %s, not %s", input, output, expected);

  root = pd_json_parse (output, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
}

static void
test_remove_members (void)
{
  assert_redacts ("{\"key\":\"a\",\"b\":1}", "{\"b\":1}");
  assert_redacts ("{\"a\":1,\"key\":\"x\"}", "{\"a\":1}");
  assert_redacts ("{\"a\":1,\"key\":\"x\",\"b\":2}", "{\"a\":1,\"b\":2}");
  assert_redacts ("{\"key\":\"x\"}", "{}");
  assert_redacts ("{\"key\":\"x\",\"pin\":1}", "{}");
  assert_redacts ("{\"key\":\"x\",\"pin\":1,\"c\":3,\"otp\":4}", "{\"c\":3}");
  assert_redacts ("{\"key\":{\"nested\":[1,2,{\"x\":\"y\"}]},\"pin\":1234,\"c\":true}",
                  "{\"c\":true}");
  assert_redacts ("{ \"a\" : 1 , \"password\" : [ ] , \"b\" : 2 }", "{ \"a\" : 1 , \"b\" : 2 }");
  assert_redacts ("{\n  \"token\": \"abc\",\n  \"b\": 2\n}", "{\n  \"b\": 2\n}");
  assert_redacts ("{\n  \"a\": 1,\n  \"ipin\": null\n}\n", "{\n  \"a\": 1\n}\n");
  assert_redacts ("[{\"cvv\":1},{\"cvv\":2,\"x\":3}]", "[{},{\"x\":3}]");
  assert_redacts ("{\"a\":{\"secret\":\"s\"},\"b\":[{\"otp\":\"1\"}]}", "{\"a\":{},\"b\":[{}]}");
  assert_redacts ("{\"Authorization\":\"Bearer x\",\"X-API-KEY\":\"k\",\"api_key\":\"k\","
                  "\"apiKey\":\"k\",\"x_api_key\":\"k\",\"Password\":\"p\",\"secret_hash\":\"h\","
                  "\"session_key\":\"s\",\"new_password\":\"n\",\"CVV2\":1,\"securityCode\":\"1\"}",
                  "{}");
  /* The name is read after its escapes. */
  assert_redacts ("{\"ke\\u0079\":\"x\",\"a\":1}", "{\"a\":1}");
  /* Secret words as values, and values of other members, are kept. */
  assert_redacts ("\"key\"", "\"key\"");
  assert_redacts ("{\"type\":\"token\",\"idempotency_key\":\"abc\",\"public_key\":\"pk\"}",
                  "{\"type\":\"token\",\"idempotency_key\":\"abc\",\"public_key\":\"pk\"}");
}

static void
test_numbers_exact (void)
{
  /* Everything but the secret, to the byte. */
  assert_redacts ("{\"amount\":2152.20,\"fee\":1e3,\"x\":-0.0,\"pin\":1,"
                  "\"big\":123456789012345678901234567890,\"e\":2.5E-1}",
                  "{\"amount\":2152.20,\"fee\":1e3,\"x\":-0.0,"
                  "\"big\":123456789012345678901234567890,\"e\":2.5E-1}");
  assert_redacts ("[26194436.5, 9007199254740993, 0.1]", "[26194436.5, 9007199254740993, 0.1]");
  assert_redacts ("12.50", "12.50");
}

static void
test_mask_cards (void)
{
  assert_redacts ("{\"pan\":4242424242424242}", "{\"pan\":\"************4242\"}");
  assert_redacts ("{\"cardNumber\":\"4242-4242-4242-4242\"}",
                  "{\"cardNumber\":\"************4242\"}");
  assert_redacts ("{\"card_no\":\"4545 6789 4567 988\"}", "{\"card_no\":\"***********7988\"}");
  /* Card numbers need not pass Luhn when the name says what they are. */
  assert_redacts ("{\"pan\":\"123456789012\"}", "{\"pan\":\"********9012\"}");

  /* Already masked, too short, too long: as they are. */
  assert_redacts ("{\"pan\":\"424242******4242\"}", "{\"pan\":\"424242******4242\"}");
  assert_redacts ("{\"pan\":\"xxxx1234\"}", "{\"pan\":\"xxxx1234\"}");
  assert_redacts ("{\"card_number\":\"4242\"}", "{\"card_number\":\"4242\"}");
  assert_redacts ("{\"pan\":\"12345678901234567890\"}", "{\"pan\":\"12345678901234567890\"}");

  /* "number" is a card number only inside a card. */
  assert_redacts ("{\"card\":{\"number\":\"5559039016093199\"}}",
                  "{\"card\":{\"number\":\"************3199\"}}");
  assert_redacts ("{\"credit_cards\":[{\"billing\":{\"number\":\"5559039016093199\"}}]}",
                  "{\"credit_cards\":[{\"billing\":{\"number\":\"************3199\"}}]}");
  assert_redacts ("{\"bank_account\":{\"number\":\"5559039016093199\"}}",
                  "{\"bank_account\":{\"number\":\"5559039016093199\"}}");
  assert_redacts ("{\"number\":\"5559039016093199\"}", "{\"number\":\"5559039016093199\"}");

  /* Other names that mention a card: only Luhn-valid numbers. */
  assert_redacts ("{\"card_ref\":\"4111 1111 1111 1111\"}", "{\"card_ref\":\"************1111\"}");
  assert_redacts ("{\"card_ref\":\"4111 1111 1111 1112\"}",
                  "{\"card_ref\":\"4111 1111 1111 1112\"}");
  assert_redacts ("{\"cards\":[\"4242424242424242\",\"x\",7]}",
                  "{\"cards\":[\"************4242\",\"x\",7]}");

  /* Phones and meters are not cards, even when they pass Luhn. */
  assert_redacts ("{\"phone\":\"4111111111111111\",\"meter\":\"0145117495500\","
                  "\"msisdn\":\"256775203801\",\"meter_no\":\"0145117495500\","
                  "\"accountNo\":\" 0203754-01\"}",
                  "{\"phone\":\"4111111111111111\",\"meter\":\"0145117495500\","
                  "\"msisdn\":\"256775203801\",\"meter_no\":\"0145117495500\","
                  "\"accountNo\":\" 0203754-01\"}");
}

static void
test_electricity_token (void)
{
  /* What a vend bought is kept; any other token goes. */
  assert_redacts ("{\"token\":\"66430474307561657038\",\"a\":1}",
                  "{\"token\":\"66430474307561657038\",\"a\":1}");
  assert_redacts ("{\"token\":\"6643 0474 3075 6165 7038\"}",
                  "{\"token\":\"6643 0474 3075 6165 7038\"}");
  assert_redacts ("{\"token\":66430474307561657038}", "{\"token\":66430474307561657038}");
  assert_redacts ("{\"token\":\"6643047430756165703\",\"a\":1}", "{\"a\":1}");
  assert_redacts ("{\"token\":\"1533969065430\",\"a\":1}", "{\"a\":1}");
  assert_redacts ("{\"access_token\":\"66430474307561657038\",\"a\":1}", "{\"a\":1}");
  assert_redacts ("{\"token\":{\"value\":\"66430474307561657038\"},\"a\":1}", "{\"a\":1}");
}

static void
test_malformed (void)
{
  static const char * const malformed[] = {
    "", "   ", "{\"a\":", "{\"key\":\"x\",}", "{\"pin\": [1,2}", "{\"key\":\"x\"}}", "[1,]",
    "{\"pan\": 4242424242424242", "{'key':'x'}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *output = pd_redact_json (malformed[i], -1, &error);

      g_assert_null (output);
      g_assert_error (error, PD_JSON_ERROR, PD_JSON_ERROR_MALFORMED);
    }

  /* The length is honoured. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *output = pd_redact_json ("{\"pin\":1}{\"pin\":2}", 9, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (output, ==, "{}");
  }
}

static void
test_card_number (void)
{
  static const struct
  {
    const char *input;
    const char *expected;
  } cases[] = {
    { "4242424242424242", "************4242" },
    { "4242 4242 4242 4242", "************4242" },
    { "4242-4242-4242-4242", "************4242" },
    { "454567894567988", "***********7988" },
    { "45456789456798893", "*************8893" },
    { "424242******4242", "424242******4242" },
    { "555903XXXXXXX199", "555903XXXXXXX199" },
    { "xxxx1234", "xxxx1234" },
    { "123", "123" },
    { "", "" },
    { "12345678901234567890", "12345678901234567890" },
    { "Card 4242424242424242 exp 05/19", "Card ************4242 exp 05/19" },
    { "4242 4242 4242 4242 (Visa)", "************4242 (Visa)" },
    { "Visa ending 4242, 2 cards", "Visa ending 4242, 2 cards" },
  };
  g_autofree char *null_result = pd_redact_card_number (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *masked = pd_redact_card_number (cases[i].input);

      g_assert_cmpstr (masked, ==, cases[i].expected);
    }

  g_assert_null (null_result);
}

static void
test_secret_names (void)
{
  static const char * const secret[] = {
    "key", "api_key", "apiKey", "x-api-key", "X-API-KEY", "secret", "secret_key", "secret_hash",
    "test_secret_key", "clientSecret", "token", "access_token", "refreshToken", "auth_token",
    "password", "passwd", "pass", "new_password", "old_password", "current_password",
    "user_password", "pin", "ipin", "IPIN", "cvv", "cvc", "cvv2", "CVC2", "security_code",
    "otp", "user_otp", "authorization", "Authorization", "session_key", "X-ZENGAPAY-SIGNATURE",
  };
  static const char * const not_secret[] = {
    "", "amount", "pan", "card_pan", "phone", "msisdn", "meter", "uuid", "idempotency_key",
    "X-IDEMPOTENCY-KEY", "public_key", "test_public_key", "token_type", "stdTokenRctNum",
    "keyboard", "passenger", "compass", "user_name", "expiration_date", "reference",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (secret); i++)
    {
      if (!pd_redact_is_secret_name (secret[i]))
        g_error ("“%s” should be a secret", secret[i]);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (not_secret); i++)
    {
      if (pd_redact_is_secret_name (not_secret[i]))
        g_error ("“%s” should not be a secret", not_secret[i]);
    }
  g_assert_false (pd_redact_is_secret_name (NULL));
}

static void
test_text (void)
{
  static const struct
  {
    const char *input;
    const char *expected;
  } cases[] = {
    { "authorization: KEY_live_abc123", "authorization: [redacted]" },
    { "Authorization: Bearer ZPYPUBK-x9cb6a2b822267b21ec4c5", "Authorization: Bearer [redacted]" },
    { "Authorization: Basic c2tfdGVzdDo=", "Authorization: Basic [redacted]" },
    { "-H \"x-api-key: gffdgdfgdfgdfgdfgdgd , token: ffdfdsfsdfds \"",
      "-H \"x-api-key: [redacted] , token: [redacted] \"" },
    { "POST /v3/login {\"username\": \"testvendor\", \"password\": \"hunt\\\"er2\"}",
      "POST /v3/login {\"username\": \"testvendor\", \"password\": \"[redacted]\"}" },
    { "{\"status\":0,\"key\":\"ElKW2XWqxylnUDPG6bKAW5zKI3JyT23CpP1Nu68c724\"}",
      "{\"status\":0,\"key\":\"[redacted]\"}" },
    { "GET /balance?api_key=abc123&limit=10", "GET /balance?api_key=[redacted]&limit=10" },
    { "{\"cvv\":602,\"ipin\":\"x\"}", "{\"cvv\":[redacted],\"ipin\":\"[redacted]\"}" },
    { "-u sk_test_QyeTXFXrvKd0I7sGObQGY6mi:", "-u [redacted]:" },
    { "verified eyJhbGciOiJIUzI1NiJ9.eyJ1c2VybmFtZSI6IjU3In0.2uU8eOnw8biYxH55 ok",
      "verified [redacted] ok" },
    { "Got eyJhbGciOiJIUzI1NiJ9.eyJ1c2VybmFtZSI6IjU3In0.2uU8eOnw8biYxH55.",
      "Got [redacted]." },
    { "eyJ is not a token; eyJhbGciOiJIUzI1NiJ9.x", "eyJ is not a token; eyJhbGciOiJIUzI1NiJ9.x" },
    { "card 4242 4242 4242 4242 declined", "card ************4242 declined" },
    { "paid with 4111111111111111.", "paid with ************1111." },
    { "{\"pan\":\"454567894567988\"}", "{\"pan\":\"***********7988\"}" },
    { "pan=43443455656653465&amount=300", "pan=*************3465&amount=300" },
    /* Not secrets: */
    { "phone 256775203801 meter 01451174955 ref 370474587102",
      "phone 256775203801 meter 01451174955 ref 370474587102" },
    { "tx ZPY200806176137TX at 2021-01-26 16:23:38",
      "tx ZPY200806176137TX at 2021-01-26 16:23:38" },
    { "txn 1479093065260287 (not Luhn)", "txn 1479093065260287 (not Luhn)" },
    { "the token expired; password reset", "the token expired; password reset" },
    { "x-api-key:", "x-api-key:" },
    { "amount 2152.2 UGX", "amount 2152.2 UGX" },
    { "", "" },
  };
  g_autofree char *null_result = pd_redact_text (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *output = pd_redact_text (cases[i].input);

      if (g_strcmp0 (output, cases[i].expected) != 0)
        g_error ("Redacting %s gave %s, not %s", cases[i].input, output, cases[i].expected);
    }

  g_assert_null (null_result);
}

/* The Luhn check digit, which redaction uses to tell card numbers from
 * other long numbers and the forms use to catch a mistyped number. */
static void
test_luhn (void)
{
  static const char * const valid[] = {
    "79927398713", "4111111111111111", "5555555555554444", "378282246310005", "01400000012", "00",
  };
  static const char * const invalid[] = {
    "79927398710", "4111111111111112", "01400000013", "0", "", "4111 1111 1111 1111", "41111111111111a1",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      gsize n = strlen (valid[i]);

      g_assert_true (pd_luhn_is_valid (valid[i], -1));
      g_assert_true (pd_luhn_is_valid (valid[i], n));
      /* The check digit is the one the number ends in. */
      g_assert_cmpint (pd_luhn_check_digit (valid[i], n - 1), ==, valid[i][n - 1]);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_false (pd_luhn_is_valid (invalid[i], -1));

  /* Only the given length counts. */
  g_assert_true (pd_luhn_is_valid ("799273987130000", 11));
  g_assert_cmpint (pd_luhn_check_digit ("7992739871", -1), ==, '3');
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      const char *short_name = fixtures[i].name + strlen ("redact-");
      g_autofree char *path = g_strdup_printf ("/redact/json/%s", short_name);

      g_test_add_data_func (path, &fixtures[i], test_fixture);
    }

  g_test_add_func ("/redact/json/remove-members", test_remove_members);
  g_test_add_func ("/redact/json/numbers-exact", test_numbers_exact);
  g_test_add_func ("/redact/json/cards", test_mask_cards);
  g_test_add_func ("/redact/json/electricity-token", test_electricity_token);
  g_test_add_func ("/redact/json/malformed", test_malformed);
  g_test_add_func ("/redact/card-number", test_card_number);
  g_test_add_func ("/redact/secret-names", test_secret_names);
  g_test_add_func ("/redact/text", test_text);
  g_test_add_func ("/redact/luhn", test_luhn);

  return g_test_run ();
}

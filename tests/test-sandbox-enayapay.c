/* test-sandbox-enayapay.c - the EnayaPay simulator, over HTTP on loopback
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pd-json.h"
#include "pd-money.h"
#include "pd-test-sandbox.h"

#define PROVIDER "enayapay"
#define SUBSCRIBER "0905450785"
#define CONTRACT G_GINT64_CONSTANT (34234235345)
#define METER "024354364645"
#define ZAIN_TOP_UP "110010001"
#define ZAIN_BILL "1100055511"

typedef struct
{
  PdTestSandbox *sandbox;
  const char    *api_key;
  const char    *username;
  const char    *password;
  const char    *phone;
  const char    *otp;
  const char    *ipin;
} Fixture;

static void
fixture_start (Fixture    *fixture,
               const char *seed,
               const char *records)
{
  fixture->sandbox = pd_test_sandbox_start ("--seed", seed, "--records", records, NULL);
  fixture->api_key = pd_test_sandbox_get_credential (fixture->sandbox, PROVIDER, "api_key");
  fixture->username = pd_test_sandbox_get_credential (fixture->sandbox, PROVIDER, "username");
  fixture->password = pd_test_sandbox_get_credential (fixture->sandbox, PROVIDER, "password");
  fixture->phone = pd_test_sandbox_get_credential (fixture->sandbox, PROVIDER, "phone");
  fixture->otp = pd_test_sandbox_get_credential (fixture->sandbox, PROVIDER, "otp");
  fixture->ipin = pd_test_sandbox_get_credential (fixture->sandbox, PROVIDER, "ipin");
}

static void
fixture_stop (Fixture *fixture)
{
  g_clear_pointer (&fixture->sandbox, pd_test_sandbox_stop);
}

/* One request with the given key (NULL: none) and token (NULL: none). */
static PdTestResponse *
call_full (Fixture    *fixture,
           const char *method,
           const char *path,
           const char *api_key,
           const char *token,
           const char *body)
{
  g_autofree char *url = pd_test_sandbox_url (fixture->sandbox, PROVIDER, path);
  const char *headers[5] = { NULL };
  guint n = 0;
  PdTestRequest request = { .method = method, .url = url, .body = body, .headers = headers };
  PdTestResponse *response;

  if (api_key != NULL)
    {
      headers[n++] = "x-api-key";
      headers[n++] = api_key;
    }
  if (token != NULL)
    {
      headers[n++] = "token";
      headers[n++] = token;
    }

  response = pd_test_sandbox_send (fixture->sandbox, &request);
  g_assert_no_error (response->error);

  return response;
}

static PdTestResponse *
call (Fixture    *fixture,
      const char *method,
      const char *path,
      const char *token,
      const char *body)
{
  return call_full (fixture, method, path, fixture->api_key, token, body);
}

static gsize
body_size (PdTestResponse *response)
{
  return response->body != NULL ? g_bytes_get_size (response->body) : 0;
}

/* A "None" answer: the status and no body at all. */
static void
assert_empty (PdTestResponse *response,
              guint           status)
{
  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpuint (body_size (response), ==, 0);
}

static void
assert_details (PdTestResponse *response,
                guint           status,
                const char     *text)
{
  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (pd_test_assert_string_member (pd_test_response_get_object (response), "details"), ==, text);
}

/* 400 naming @field with a message. */
static void
assert_field_error (PdTestResponse *response,
                    const char     *field)
{
  JsonObject *details;
  JsonArray *messages;

  g_assert_cmpuint (response->status, ==, 400);
  details = pd_test_assert_object_member (pd_test_response_get_object (response), "details");
  messages = pd_test_assert_array_member (details, field);
  g_assert_cmpuint (json_array_get_length (messages), >=, 1);
  g_assert_cmpstr (json_array_get_string_element (messages, 0), !=, "");
}

static void
assert_switch_error (PdTestResponse *response,
                     gint64          code,
                     const char     *message)
{
  JsonObject *object;

  g_assert_cmpuint (response->status, ==, 406);
  object = pd_test_response_get_object (response);
  g_assert_cmpint (pd_test_assert_int_member (object, "response_code"), ==, code);
  g_assert_cmpstr (pd_test_assert_string_member (object, "response_message"), ==, message);
}

/* The answer's text holds @fragment exactly, e.g. "\"amount\":300.5": the
 * way to see that a float went out as the number literal it should be. */
static void
assert_raw (PdTestResponse *response,
            const char     *fragment)
{
  g_autofree char *text = pd_test_response_dup_text (response);

  if (strstr (text, fragment) == NULL)
    g_error ("“%s” is not in the answer %s", fragment, text);
}

static void
assert_no_text (PdTestResponse *response,
                const char     *secret)
{
  g_autofree char *text = pd_test_response_dup_text (response);

  if (strstr (text, secret) != NULL)
    g_error ("the answer %s shows “%s”", text, secret);
}

/* No run of 13 or more digits: nothing that could be a full card number. */
static void
assert_no_card_number (PdTestResponse *response)
{
  g_autofree char *text = pd_test_response_dup_text (response);
  guint run = 0;

  for (const char *p = text; *p; p++)
    {
      run = g_ascii_isdigit (*p) ? run + 1 : 0;
      if (run >= 13)
        g_error ("the answer %s holds a card number", text);
    }
}

static PdMoney
money_member (JsonObject *object,
              const char *member)
{
  g_autoptr(GError) error = NULL;
  PdMoney money;

  g_assert_true (pd_json_get_money (object, member, "SDG", PD_AMOUNT_MAJOR, &money, &error));
  g_assert_no_error (error);

  return money;
}

static void
assert_money (const PdMoney *money,
              const char    *expected)
{
  g_autofree char *text = pd_money_to_plain (money);

  g_assert_cmpstr (text, ==, expected);
}

/* @prefix and a Luhn check digit. */
static char *
card_number (const char *prefix)
{
  gsize length = strlen (prefix);
  guint sum = 0;

  for (gsize i = 0; i < length; i++)
    {
      guint digit = prefix[length - 1 - i] - '0';

      if (i % 2 == 0)
        {
          digit *= 2;
          if (digit > 9)
            digit -= 9;
        }
      sum += digit;
    }

  return g_strdup_printf ("%s%u", prefix, (10 - sum % 10) % 10);
}

static char *
verify (Fixture    *fixture,
        const char *phone)
{
  g_autofree char *body = g_strdup_printf ("{\"user_phone\":\"%s\",\"user_otp\":\"%s\"}", phone, fixture->otp);
  g_autoptr(PdTestResponse) response = call (fixture, "POST", "/verify/", NULL, body);
  JsonObject *object;

  g_assert_cmpuint (response->status, ==, 200);
  object = pd_test_response_get_object (response);
  pd_test_assert_string_member (object, "user_name");

  return g_strdup (pd_test_assert_string_member (object, "token"));
}

static PdMoney
balance_of (Fixture    *fixture,
            const char *token,
            const char *pan,
            const char *expiry)
{
  g_autofree char *body = g_strdup_printf ("{\"pan\":\"%s\",\"ipin\":\"%s\",\"uuid\":\"bal-1\","
                                           "\"expiration_date\":\"%s\"}",
                                           pan, fixture->ipin, expiry);
  g_autoptr(PdTestResponse) response = call (fixture, "POST", "/balance/inquiry/", token, body);

  g_assert_cmpuint (response->status, ==, 200);
  return money_member (pd_test_response_get_object (response), "balance");
}

static char *
payment_body (const char *pan,
              const char *ipin,
              const char *expiry,
              const char *target_field,
              const char *target,
              const char *amount,
              const char *uuid)
{
  return g_strdup_printf ("{\"pan\":\"%s\",\"ipin\":\"%s\",\"expiration_date\":\"%s\","
                          "\"%s\":\"%s\",\"amount\":%s,\"uuid\":\"%s\",\"platform\":\"web\"}",
                          pan, ipin, expiry, target_field, target, amount, uuid);
}

static gboolean
has_arabic (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x0600 && c <= 0x06FF)
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_latin (const char *text)
{
  for (const char *p = text; *p; p++)
    {
      if ((guchar)*p >= 0x80)
        return FALSE;
    }

  return g_ascii_isalpha (*text);
}

static void
assert_card (JsonObject *card)
{
  const char *pan = pd_test_assert_string_member (card, "card_pan");
  const char *expiry = pd_test_assert_string_member (card, "card_expiry");
  gint64 is_default;

  g_assert_cmpint (pd_test_assert_int_member (card, "id"), >, 0);
  g_assert_nonnull (strchr (pan, '*'));
  g_assert_cmpuint (strlen (pan), >=, 16);
  g_assert_cmpuint (strlen (expiry), ==, 4);
  pd_test_assert_string_member (card, "card_label");
  g_assert_true (g_str_equal (pd_test_assert_string_member (card, "card_type"), "Local") ||
                 g_str_equal (pd_test_assert_string_member (card, "card_type"), "International"));
  pd_test_assert_string_member (card, "card_image");
  is_default = pd_test_assert_int_member (card, "default");
  g_assert_true (is_default == 0 || is_default == 1);
}

/* Tests */

static void
test_first_line (void)
{
  Fixture fixture = { NULL };
  g_autoptr(PdTestResponse) response = NULL;
  g_autofree char *body = NULL;
  const char *base;

  fixture_start (&fixture, "3", "200");

  base = pd_test_sandbox_get_base_url (fixture.sandbox, PROVIDER);
  g_assert_true (g_str_has_prefix (base, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (base, "/api/v2.1"));

  g_assert_cmpuint (strlen (fixture.api_key), >=, 16);
  g_assert_cmpstr (fixture.username, !=, "");
  g_assert_cmpstr (fixture.password, !=, "");
  g_assert_cmpuint (strlen (fixture.phone), ==, 12);
  g_assert_true (g_str_has_prefix (fixture.phone, "249"));
  g_assert_cmpuint (strlen (fixture.otp), ==, 6);
  g_assert_cmpuint (strlen (fixture.ipin), ==, 4);

  /* The credentials are the seeded user's: they log in. */
  body = g_strdup_printf ("{\"user_phone\":\"%s\",\"user_password\":\"%s\"}",
                          fixture.phone, fixture.password);
  response = call (&fixture, "POST", "/login/", NULL, body);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (pd_test_assert_string_member (pd_test_response_get_object (response), "user_name"),
                   ==, fixture.username);

  fixture_stop (&fixture);
}

static void
test_register_verify_login (void)
{
  Fixture fixture = { NULL };
  static const char phone[] = "249912345670";
  g_auto(GStrv) parts = NULL;
  g_autofree char *token = NULL;
  g_autofree char *second = NULL;
  PdTestResponse *response;
  JsonObject *object;

  fixture_start (&fixture, "3", "200");

  response = call (&fixture, "POST", "/register/", NULL,
                   "{\"user_phone\":\"249912345670\",\"user_name\":\"doctor\",\"user_password\":\"first-pass\"}");
  assert_empty (response, 201);
  pd_test_response_free (response);

  /* Not verified yet: login does not know the user. */
  response = call (&fixture, "POST", "/login/", NULL,
                   "{\"user_phone\":\"249912345670\",\"user_password\":\"first-pass\"}");
  assert_details (response, 404, "user not registered");
  pd_test_response_free (response);

  /* Before verifying, registering again starts over. */
  response = call (&fixture, "POST", "/register/", NULL,
                   "{\"user_phone\":\"249912345670\",\"user_name\":\"doctor\",\"user_password\":\"secret-1\"}");
  assert_empty (response, 201);
  pd_test_response_free (response);

  response = call (&fixture, "POST", "/verify/", NULL,
                   "{\"user_phone\":\"249912345670\",\"user_otp\":\"000000x\"}");
  assert_empty (response, 203);
  pd_test_response_free (response);

  response = call (&fixture, "POST", "/verify/", NULL,
                   "{\"user_phone\":\"249911111111\",\"user_otp\":\"123456\"}");
  assert_details (response, 404, "user not registered");
  pd_test_response_free (response);

  response = call (&fixture, "POST", "/verify/", NULL, "{\"user_phone\":\"249912345670\"}");
  assert_field_error (response, "user_otp");
  pd_test_response_free (response);

  token = verify (&fixture, phone);
  g_assert_true (g_str_has_prefix (token, "eyJ"));
  parts = g_strsplit (token, ".", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 3);

  /* The token opens the user's (empty) card list. */
  response = call (&fixture, "GET", "/cards/", token, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (pd_test_response_get_array (response)), ==, 0);
  pd_test_response_free (response);

  response = call (&fixture, "POST", "/register/", NULL,
                   "{\"user_phone\":\"249912345670\",\"user_name\":\"doctor\",\"user_password\":\"secret-1\"}");
  assert_empty (response, 302);
  pd_test_response_free (response);

  response = call (&fixture, "POST", "/login/", NULL,
                   "{\"user_phone\":\"249912345670\",\"user_password\":\"first-pass\"}");
  assert_empty (response, 203);
  pd_test_response_free (response);

  response = call (&fixture, "POST", "/login/", NULL,
                   "{\"user_phone\":\"249912345670\",\"user_password\":\"secret-1\"}");
  g_assert_cmpuint (response->status, ==, 200);
  object = pd_test_response_get_object (response);
  g_assert_cmpstr (pd_test_assert_string_member (object, "user_name"), ==, "doctor");
  g_assert_cmpstr (pd_test_assert_string_member (object, "status"), ==, "active");
  second = g_strdup (pd_test_assert_string_member (object, "token"));
  pd_test_response_free (response);

  response = call (&fixture, "GET", "/cards/", second, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  pd_test_response_free (response);

  fixture_stop (&fixture);
}

static void
test_register_errors (void)
{
  Fixture fixture = { NULL };
  PdTestResponse *response;
  JsonObject *details;

  fixture_start (&fixture, "3", "0");

  response = call (&fixture, "POST", "/register/", NULL, "{\"user_phone\":\"249912345671\",\"user_name\":\"x\"}");
  assert_field_error (response, "user_password");
  details = pd_test_assert_object_member (pd_test_response_get_object (response), "details");
  g_assert_cmpstr (json_array_get_string_element (pd_test_assert_array_member (details, "user_password"), 0),
                   ==, "This field is required.");
  g_assert_false (json_object_has_member (details, "user_phone"));
  pd_test_response_free (response);

  response = call (&fixture, "POST", "/register/", NULL, "");
  assert_field_error (response, "user_phone");
  assert_field_error (response, "user_name");
  assert_field_error (response, "user_password");
  pd_test_response_free (response);

  response = call (&fixture, "POST", "/register/", NULL, "{\"user_phone\":");
  g_assert_cmpuint (response->status, ==, 400);
  g_assert_true (g_str_has_prefix (pd_test_assert_string_member (pd_test_response_get_object (response), "details"),
                                   "JSON parse error"));
  pd_test_response_free (response);

  response = call (&fixture, "POST", "/register/", NULL,
                   "{\"user_phone\":\"0912345678\",\"user_name\":\"x\",\"user_password\":\"y\"}");
  assert_details (response, 406, "your number not valid");
  pd_test_response_free (response);

  response = call (&fixture, "POST", "/register/", NULL,
                   "{\"user_phone\":\"249900000502\",\"user_name\":\"x\",\"user_password\":\"y\"}");
  assert_details (response, 502, "bad getway");
  pd_test_response_free (response);

  response = call (&fixture, "POST", "/register/", NULL,
                   "{\"user_phone\":\"249900000503\",\"user_name\":\"x\",\"user_password\":\"y\"}");
  assert_details (response, 503, "service not available");
  pd_test_response_free (response);

  /* Neither registered anyone. */
  response = call (&fixture, "POST", "/verify/", NULL,
                   "{\"user_phone\":\"249900000502\",\"user_otp\":\"1\"}");
  assert_details (response, 404, "user not registered");
  pd_test_response_free (response);

  fixture_stop (&fixture);
}

static void
test_api_key (void)
{
  Fixture fixture = { NULL };
  g_autofree char *token = NULL;
  PdTestResponse *response;

  fixture_start (&fixture, "3", "0");
  token = verify (&fixture, fixture.phone);

  response = call_full (&fixture, "POST", "/register/", NULL, NULL,
                        "{\"user_phone\":\"249912345672\",\"user_name\":\"x\",\"user_password\":\"y\"}");
  assert_empty (response, 401);
  pd_test_response_free (response);

  response = call_full (&fixture, "POST", "/login/", "wrong-key", NULL, "{}");
  assert_empty (response, 401);
  pd_test_response_free (response);

  response = call_full (&fixture, "GET", "/cards/", NULL, token, NULL);
  assert_empty (response, 401);
  pd_test_response_free (response);

  response = call_full (&fixture, "GET", "/cards/", "wrong-key", token, NULL);
  assert_empty (response, 401);
  pd_test_response_free (response);

  /* The key is checked before the path. */
  response = call_full (&fixture, "GET", "/nowhere/", NULL, NULL, NULL);
  assert_empty (response, 401);
  pd_test_response_free (response);

  response = call (&fixture, "GET", "/nowhere/", NULL, NULL);
  assert_details (response, 404, "Not found.");
  pd_test_response_free (response);

  response = call (&fixture, "GET", "/login/", NULL, NULL);
  g_assert_cmpuint (response->status, ==, 405);
  pd_test_response_free (response);

  fixture_stop (&fixture);
}

static void
test_token (void)
{
  Fixture fixture = { NULL };
  Fixture other = { NULL };
  g_autofree char *token = NULL;
  g_autofree char *tampered = NULL;
  g_autofree char *stranger = NULL;
  g_autofree char *pan = card_number ("411111111111111");
  g_autofree char *payment = NULL;
  static const char * const token_paths[][2] = {
    { "GET", "/cards/" },
    { "POST", "/cards/" },
    { "GET", "/card/1/" },
    { "DELETE", "/card/1/" },
    { "POST", "/change/password/" },
    { "POST", "/balance/inquiry/" },
    { "POST", "/telecom/" ZAIN_TOP_UP "/topup/" },
    { "POST", "/telecom/" ZAIN_BILL "/inquiry/" },
    { "POST", "/electricity/" },
  };
  PdTestResponse *response;

  fixture_start (&fixture, "3", "200");
  token = verify (&fixture, fixture.phone);
  tampered = g_strconcat (token, "x", NULL);
  payment = payment_body (pan, fixture.ipin, "0830", "meter_no", METER, "300", "t-1");

  for (guint i = 0; i < G_N_ELEMENTS (token_paths); i++)
    {
      response = call (&fixture, token_paths[i][0], token_paths[i][1], NULL, "{}");
      assert_empty (response, 401);
      pd_test_response_free (response);

      response = call (&fixture, token_paths[i][0], token_paths[i][1], tampered, "{}");
      assert_empty (response, 401);
      pd_test_response_free (response);

      response = call (&fixture, token_paths[i][0], token_paths[i][1], "not-a-token", "{}");
      assert_empty (response, 401);
      pd_test_response_free (response);
    }

  /* "rest password" documents 203 for a token that is not valid. */
  response = call (&fixture, "POST", "/rest/password/", tampered, "{}");
  assert_empty (response, 203);
  pd_test_response_free (response);
  response = call (&fixture, "POST", "/rest/password/", NULL, "{}");
  assert_empty (response, 203);
  pd_test_response_free (response);

  /* A user registered in this run is unknown to another run of the same
   * seed, whose key signed the token just as well. */
  response = call (&fixture, "POST", "/register/", NULL,
                   "{\"user_phone\":\"249998887776\",\"user_name\":\"visitor\",\"user_password\":\"pw\"}");
  assert_empty (response, 201);
  pd_test_response_free (response);
  stranger = verify (&fixture, "249998887776");

  fixture_start (&other, "3", "200");
  response = call (&other, "GET", "/cards/", stranger, NULL);
  assert_details (response, 404, " user not registered");
  pd_test_response_free (response);
  response = call (&other, "POST", "/change/password/", stranger, "{}");
  assert_details (response, 404, "user not registered");
  pd_test_response_free (response);
  response = call (&other, "POST", "/electricity/", stranger, payment);
  assert_empty (response, 404);
  pd_test_response_free (response);

  /* The seeded user's token is good in both. */
  response = call (&other, "GET", "/cards/", token, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  pd_test_response_free (response);
  fixture_stop (&other);

  /* A token lives through the day after it was issued. */
  pd_test_sandbox_advance_clock (fixture.sandbox, 2 * 24 * 60 * 60 - 12 * 60 * 60 - 60);
  response = call (&fixture, "GET", "/cards/", token, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  pd_test_response_free (response);

  pd_test_sandbox_advance_clock (fixture.sandbox, 2 * 60 * 60);
  response = call (&fixture, "GET", "/cards/", token, NULL);
  assert_empty (response, 401);
  pd_test_response_free (response);

  g_clear_pointer (&token, g_free);
  token = verify (&fixture, fixture.phone);
  response = call (&fixture, "GET", "/cards/", token, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  pd_test_response_free (response);

  fixture_stop (&fixture);
}

static void
test_passwords (void)
{
  Fixture fixture = { NULL };
  g_autofree char *token = NULL;
  g_autofree char *body = NULL;
  g_autofree char *other_token = NULL;
  PdTestResponse *response;
  JsonObject *object;

  fixture_start (&fixture, "4", "0");
  token = verify (&fixture, fixture.phone);

  response = call (&fixture, "POST", "/change/password/", token,
                   "{\"current_password\":\"wrong\",\"new_password\":\"changed-1\"}");
  assert_details (response, 203, "wrong current password");
  pd_test_response_free (response);

  response = call (&fixture, "POST", "/change/password/", token, "{\"current_password\":\"x\"}");
  assert_field_error (response, "new_password");
  pd_test_response_free (response);

  body = g_strdup_printf ("{\"current_password\":\"%s\",\"new_password\":\"changed-1\"}", fixture.password);
  response = call (&fixture, "POST", "/change/password/", token, body);
  assert_details (response, 200, "password updated successful");
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  body = g_strdup_printf ("{\"user_phone\":\"%s\",\"user_password\":\"%s\"}", fixture.phone, fixture.password);
  response = call (&fixture, "POST", "/login/", NULL, body);
  assert_empty (response, 203);
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  body = g_strdup_printf ("{\"user_phone\":\"%s\",\"user_password\":\"changed-1\"}", fixture.phone);
  response = call (&fixture, "POST", "/login/", NULL, body);
  g_assert_cmpuint (response->status, ==, 200);
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  /* Forgotten password: the token from the OTP resets it. */
  body = g_strdup_printf ("{\"user_phone\":\"%s\",\"user_password\":\"reset-2\"}", fixture.phone);
  response = call (&fixture, "POST", "/rest/password/", token, body);
  g_assert_cmpuint (response->status, ==, 200);
  object = pd_test_response_get_object (response);
  g_assert_cmpstr (pd_test_assert_string_member (object, "user_name"), ==, fixture.username);
  g_assert_cmpstr (pd_test_assert_string_member (object, "status"), ==, "active");
  assert_no_text (response, "reset-2");
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  body = g_strdup_printf ("{\"user_phone\":\"%s\",\"user_password\":\"reset-2\"}", fixture.phone);
  response = call (&fixture, "POST", "/login/", NULL, body);
  g_assert_cmpuint (response->status, ==, 200);
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  response = call (&fixture, "POST", "/rest/password/", token,
                   "{\"user_phone\":\"249911000000\",\"user_password\":\"z\"}");
  assert_details (response, 404, "user not registered");
  pd_test_response_free (response);

  response = call (&fixture, "POST", "/rest/password/", token, "{\"user_phone\":\"249911000000\"}");
  assert_field_error (response, "user_password");
  pd_test_response_free (response);

  /* Another user's token does not reset this user's password. */
  response = call (&fixture, "POST", "/register/", NULL,
                   "{\"user_phone\":\"249966554433\",\"user_name\":\"other\",\"user_password\":\"pw\"}");
  assert_empty (response, 201);
  pd_test_response_free (response);
  other_token = verify (&fixture, "249966554433");
  body = g_strdup_printf ("{\"user_phone\":\"%s\",\"user_password\":\"stolen\"}", fixture.phone);
  response = call (&fixture, "POST", "/rest/password/", other_token, body);
  assert_empty (response, 203);
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  body = g_strdup_printf ("{\"user_phone\":\"%s\",\"user_password\":\"stolen\"}", fixture.phone);
  response = call (&fixture, "POST", "/login/", NULL, body);
  assert_empty (response, 203);
  pd_test_response_free (response);

  fixture_stop (&fixture);
}

static void
test_cards (void)
{
  Fixture fixture = { NULL };
  g_autofree char *token = NULL;
  g_autofree char *pan = card_number ("922208123456789");
  g_autofree char *visa = card_number ("454567894567988");
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *masked = NULL;
  gboolean arabic = FALSE, latin = FALSE;
  guint defaults = 0, seeded;
  gint64 id, visa_id;
  PdTestResponse *response;
  JsonArray *cards;
  JsonObject *card;

  fixture_start (&fixture, "5", "200");
  token = verify (&fixture, fixture.phone);

  response = call (&fixture, "GET", "/cards/", token, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  assert_no_card_number (response);
  cards = pd_test_response_get_array (response);
  seeded = json_array_get_length (cards);
  g_assert_cmpuint (seeded, >=, 3);
  for (guint i = 0; i < seeded; i++)
    {
      const char *label;

      card = json_array_get_object_element (cards, i);
      assert_card (card);
      label = pd_test_assert_string_member (card, "card_label");
      arabic |= has_arabic (label);
      latin |= is_latin (label);
      defaults += pd_test_assert_int_member (card, "default");
    }
  g_assert_true (arabic);
  g_assert_true (latin);
  g_assert_cmpuint (defaults, ==, 1);
  pd_test_response_free (response);

  /* Add: the full number goes in once and never comes back. */
  body = g_strdup_printf ("{\"pan\":\"%s\",\"label\":\"بطاقة الراتب\","
                          "\"expiration_date\":\"0829\",\"default\":1}", pan);
  response = call (&fixture, "POST", "/cards/", token, body);
  g_assert_cmpuint (response->status, ==, 201);
  id = pd_test_assert_int_member (pd_test_response_get_object (response), "id");
  assert_no_text (response, pan);
  pd_test_response_free (response);

  response = call (&fixture, "POST", "/cards/", token, body);
  assert_empty (response, 302);
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  body = g_strdup_printf ("{\"pan\":\"%s\",\"label\":\"Travel\","
                          "\"expiration_date\":\"1130\",\"default\":\"0\"}", visa);
  response = call (&fixture, "POST", "/cards/", token, body);
  g_assert_cmpuint (response->status, ==, 201);
  visa_id = pd_test_assert_int_member (pd_test_response_get_object (response), "id");
  g_assert_cmpint (visa_id, >, id);
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  response = call (&fixture, "GET", "/cards/", token, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  assert_no_text (response, pan);
  assert_no_text (response, visa);
  assert_no_card_number (response);
  cards = pd_test_response_get_array (response);
  g_assert_cmpuint (json_array_get_length (cards), ==, seeded + 2);
  defaults = 0;
  for (guint i = 0; i < json_array_get_length (cards); i++)
    {
      card = json_array_get_object_element (cards, i);
      assert_card (card);
      if (pd_test_assert_int_member (card, "default") == 1)
        {
          defaults++;
          g_assert_cmpint (pd_test_assert_int_member (card, "id"), ==, id);
        }
    }
  g_assert_cmpuint (defaults, ==, 1);
  pd_test_response_free (response);

  path = g_strdup_printf ("/card/%" G_GINT64_FORMAT "/", id);
  response = call (&fixture, "GET", path, token, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  assert_no_text (response, pan);
  cards = pd_test_response_get_array (response);
  g_assert_cmpuint (json_array_get_length (cards), ==, 1);
  card = json_array_get_object_element (cards, 0);
  assert_card (card);
  masked = g_strdup_printf ("922208******%s", pan + 12);
  g_assert_cmpstr (pd_test_assert_string_member (card, "card_pan"), ==, masked);
  g_assert_cmpstr (pd_test_assert_string_member (card, "card_expiry"), ==, "0829");
  g_assert_cmpstr (pd_test_assert_string_member (card, "card_label"), ==, "بطاقة الراتب");
  g_assert_cmpstr (pd_test_assert_string_member (card, "card_type"), ==, "Local");
  g_assert_cmpint (pd_test_assert_int_member (card, "default"), ==, 1);
  pd_test_response_free (response);

  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/card/%" G_GINT64_FORMAT "/", visa_id);
  response = call (&fixture, "GET", path, token, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  card = json_array_get_object_element (pd_test_response_get_array (response), 0);
  g_assert_cmpstr (pd_test_assert_string_member (card, "card_type"), ==, "International");
  g_assert_cmpint (pd_test_assert_int_member (card, "default"), ==, 0);
  pd_test_response_free (response);

  /* Errors of add. */
  response = call (&fixture, "POST", "/cards/", token,
                   "{\"pan\":\"4111111111111112\",\"label\":\"x\",\"expiration_date\":\"0829\",\"default\":1}");
  assert_details (response, 406, "unknown card number");
  pd_test_response_free (response);

  body = g_strdup_printf ("{\"pan\":\"%s\",\"label\":\"x\",\"expiration_date\":\"0130\",\"default\":0}", pan);
  response = call (&fixture, "POST", "/cards/", token, body);
  assert_details (response, 406, "unknown card number");
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  response = call (&fixture, "POST", "/cards/", token, "{\"label\":\"x\",\"expiration_date\":\"0829\",\"default\":1}");
  assert_field_error (response, "pan");
  pd_test_response_free (response);

  response = call (&fixture, "POST", "/cards/", token,
                   "{\"pan\":\"4111111111111111\",\"label\":\"x\",\"expiration_date\":\"1329\",\"default\":7}");
  assert_field_error (response, "expiration_date");
  assert_field_error (response, "default");
  pd_test_response_free (response);

  /* Delete. */
  response = call (&fixture, "DELETE", path, token, NULL);
  assert_empty (response, 204);
  pd_test_response_free (response);

  response = call (&fixture, "GET", path, token, NULL);
  assert_details (response, 404, "card not found");
  pd_test_response_free (response);

  response = call (&fixture, "DELETE", path, token, NULL);
  assert_details (response, 404, "card not found");
  pd_test_response_free (response);

  response = call (&fixture, "GET", "/card/abc/", token, NULL);
  assert_details (response, 404, "card not found");
  pd_test_response_free (response);

  response = call (&fixture, "GET", "/cards/", token, NULL);
  g_assert_cmpuint (json_array_get_length (pd_test_response_get_array (response)), ==, seeded + 1);
  pd_test_response_free (response);

  fixture_stop (&fixture);
}

static void
test_balance (void)
{
  Fixture fixture = { NULL };
  g_autofree char *token = NULL;
  g_autofree char *pan = card_number ("922211000000001");
  g_autofree char *old = card_number ("922211000000002");
  g_autofree char *body = NULL;
  PdTestResponse *response;
  JsonObject *object;
  PdMoney balance;

  fixture_start (&fixture, "6", "0");
  token = verify (&fixture, fixture.phone);

  body = g_strdup_printf ("{\"pan\":\"%s\",\"ipin\":\"%s\",\"uuid\":\"b-42\",\"expiration_date\":\"0731\"}",
                          pan, fixture.ipin);
  response = call (&fixture, "POST", "/balance/inquiry/", token, body);
  g_assert_cmpuint (response->status, ==, 200);
  object = pd_test_response_get_object (response);
  g_assert_cmpint (pd_test_assert_int_member (object, "response_code"), ==, 0);
  g_assert_cmpstr (pd_test_assert_string_member (object, "response_status"), ==, "Successful");
  g_assert_cmpstr (pd_test_assert_string_member (object, "uuid"), ==, "b-42");
  balance = money_member (object, "balance");
  assert_money (&balance, "250000.00");
  assert_raw (response, "\"balance\":250000,");
  g_assert_false (json_object_has_member (object, "ipin"));
  assert_no_text (response, pan);
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  /* Wrong IPIN. */
  body = g_strdup_printf ("{\"pan\":\"%s\",\"ipin\":\"%s9\",\"uuid\":\"b-43\",\"expiration_date\":\"0731\"}",
                          pan, fixture.ipin);
  response = call (&fixture, "POST", "/balance/inquiry/", token, body);
  assert_switch_error (response, 55, "INCORRECT_PIN");
  assert_no_text (response, "ipin");
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  /* Another expiry than the card's, and a number that is no card. */
  body = g_strdup_printf ("{\"pan\":\"%s\",\"ipin\":\"%s\",\"uuid\":\"b-44\",\"expiration_date\":\"0732\"}",
                          pan, fixture.ipin);
  response = call (&fixture, "POST", "/balance/inquiry/", token, body);
  assert_switch_error (response, 14, "INVALID_CARD");
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  body = g_strdup_printf ("{\"pan\":\"1234\",\"ipin\":\"%s\",\"uuid\":\"b-45\",\"expiration_date\":\"0731\"}",
                          fixture.ipin);
  response = call (&fixture, "POST", "/balance/inquiry/", token, body);
  assert_switch_error (response, 14, "INVALID_CARD");
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  /* A card that ran out before the simulated month (June 2026). */
  body = g_strdup_printf ("{\"pan\":\"%s\",\"ipin\":\"%s\",\"uuid\":\"b-46\",\"expiration_date\":\"0526\"}",
                          old, fixture.ipin);
  response = call (&fixture, "POST", "/balance/inquiry/", token, body);
  assert_switch_error (response, 54, "EXPIRED_CARD");
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  response = call (&fixture, "POST", "/balance/inquiry/", token, "{\"ipin\":\"1\",\"uuid\":\"u\"}");
  assert_field_error (response, "pan");
  assert_field_error (response, "expiration_date");
  pd_test_response_free (response);

  fixture_stop (&fixture);
}

static void
test_top_up (void)
{
  Fixture fixture = { NULL };
  g_autofree char *token = NULL;
  g_autofree char *pan = card_number ("922208555555555");
  g_autofree char *body = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  PdTestResponse *response;
  JsonObject *object, *entry;
  PdMoney before, after, amount, expected;

  fixture_start (&fixture, "7", "50");
  token = verify (&fixture, fixture.phone);
  before = balance_of (&fixture, token, pan, "1228");
  pd_test_sandbox_clear_ledger (fixture.sandbox);

  body = payment_body (pan, fixture.ipin, "1228", "phone_no", "0912345678", "300.5", "top-1");
  response = call (&fixture, "POST", "/telecom/" ZAIN_TOP_UP "/topup/", token, body);
  g_assert_cmpuint (response->status, ==, 200);
  object = pd_test_response_get_object (response);
  g_assert_cmpint (pd_test_assert_int_member (object, "response_code"), ==, 0);
  g_assert_cmpstr (pd_test_assert_string_member (object, "response_status"), ==, "Successful");
  g_assert_cmpstr (pd_test_assert_string_member (object, "response_message"), ==, "Approved");
  g_assert_cmpstr (pd_test_assert_string_member (object, "payment_info"), ==, "MPHONE= 2490912345678");
  g_assert_cmpstr (pd_test_assert_string_member (object, "uuid"), ==, "top-1");
  g_assert_nonnull (strchr (pd_test_assert_string_member (object, "pan"), '*'));
  g_assert_cmpint (pd_test_assert_int_member (object, "acq_tran_fee"), ==, 0);
  g_assert_cmpint (pd_test_assert_int_member (object, "dynamic_fees"), ==, 0);
  g_assert_cmpint (pd_test_assert_int_member (object, "issuer_tran_fee"), ==, 0);
  g_assert_cmpint (pd_test_assert_int_member (object, "tran_date_time"), >, G_GINT64_CONSTANT (1782000000000));
  amount = money_member (object, "amount");
  assert_money (&amount, "300.50");
  assert_raw (response, "\"amount\":300.5,");
  assert_no_text (response, pan);
  assert_no_text (response, "ipin");
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  after = balance_of (&fixture, token, pan, "1228");
  g_assert_true (pd_money_subtract (&before, &amount, &expected, NULL));
  g_assert_true (pd_money_equal (&after, &expected));

  ledger = pd_test_sandbox_get_ledger (fixture.sandbox, PROVIDER);
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
  entry = json_array_get_object_element (ledger, 0);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "provider"), ==, PROVIDER);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "operation"), ==, "top-up");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "target"), ==, "0912345678");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "reference"), ==, "top-1");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "amount"), ==, "300.50");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "currency"), ==, "SDG");
  g_clear_pointer (&ledger, json_array_unref);

  /* Refusals move nothing. */
  body = payment_body (pan, fixture.ipin, "1228", "phone_no", "0921234567", "100", "top-2");
  response = call (&fixture, "POST", "/telecom/" ZAIN_TOP_UP "/topup/", token, body);
  assert_empty (response, 404);
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  body = payment_body (pan, fixture.ipin, "1228", "phone_no", "0921234567", "100", "top-3");
  response = call (&fixture, "POST", "/telecom/110010002/topup/", token, body);
  g_assert_cmpuint (response->status, ==, 200);
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  body = payment_body (pan, "0000x", "1228", "phone_no", "0912345678", "100", "top-4");
  response = call (&fixture, "POST", "/telecom/" ZAIN_TOP_UP "/topup/", token, body);
  assert_switch_error (response, 55, "INCORRECT_PIN");
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  body = payment_body (pan, fixture.ipin, "1228", "phone_no", "0912345678", "696", "top-5");
  response = call (&fixture, "POST", "/telecom/" ZAIN_TOP_UP "/topup/", token, body);
  assert_switch_error (response, 696, "SYSTEM_ERROR");
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  body = payment_body (pan, fixture.ipin, "1228", "phone_no", "0912345678", "999999999", "top-6");
  response = call (&fixture, "POST", "/telecom/" ZAIN_TOP_UP "/topup/", token, body);
  assert_switch_error (response, 51, "INSUFFICIENT_FUNDS");
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  body = payment_body (pan, fixture.ipin, "1228", "phone_no", "0912345678", "1.005", "top-7");
  response = call (&fixture, "POST", "/telecom/" ZAIN_TOP_UP "/topup/", token, body);
  assert_field_error (response, "amount");
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  body = payment_body (pan, fixture.ipin, "1228", "phone_no", "912345678", "\"ten\"", "top-8");
  response = call (&fixture, "POST", "/telecom/" ZAIN_TOP_UP "/topup/", token, body);
  assert_field_error (response, "phone_no");
  assert_field_error (response, "amount");
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  body = payment_body (pan, fixture.ipin, "1228", "phone_no", "0912345678", "10", "top-9");
  response = call (&fixture, "POST", "/telecom/999/topup/", token, body);
  assert_field_error (response, "payee_id");
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  response = call (&fixture, "POST", "/telecom/" ZAIN_TOP_UP "/topup/", token, "{\"ipin\":\"1\"}");
  assert_field_error (response, "pan");
  assert_field_error (response, "uuid");
  assert_field_error (response, "platform");
  pd_test_response_free (response);

  /* One entry for the one other top-up that went through. */
  ledger = pd_test_sandbox_get_ledger (fixture.sandbox, PROVIDER);
  g_assert_cmpuint (json_array_get_length (ledger), ==, 2);
  g_assert_cmpstr (pd_test_assert_string_member (json_array_get_object_element (ledger, 1), "reference"),
                   ==, "top-3");

  fixture_stop (&fixture);
}

static void
test_bill (void)
{
  Fixture fixture = { NULL };
  g_autofree char *token = NULL;
  g_autofree char *pan = card_number ("512345678901234");
  g_autofree char *body = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  PdTestResponse *response;
  JsonObject *object, *entry;
  PdMoney due, before, after;

  fixture_start (&fixture, "8", "20");
  token = verify (&fixture, fixture.phone);
  before = balance_of (&fixture, token, pan, "0327");

  response = call (&fixture, "POST", "/telecom/" ZAIN_BILL "/inquiry/", token, "{\"phone_no\":\"" SUBSCRIBER "\"}");
  g_assert_cmpuint (response->status, ==, 200);
  object = pd_test_response_get_object (response);
  due = money_member (object, "total_amount");
  assert_money (&due, "400.00");
  g_assert_cmpint (pd_test_assert_int_member (object, "contract_number"), ==, CONTRACT);
  g_assert_cmpint (pd_test_assert_int_member (object, "acq_tran_fee"), ==, 0);
  g_assert_cmpint (pd_test_assert_int_member (object, "dynamic_fees"), ==, 0);
  g_assert_cmpint (pd_test_assert_int_member (object, "issuer_tran_fee"), ==, 0);
  g_assert_cmpint (pd_test_assert_int_member (object, "tran_date_time"), >, 0);
  pd_test_response_free (response);

  body = payment_body (pan, fixture.ipin, "0327", "phone_no", SUBSCRIBER, "150.25", "bill-1");
  response = call (&fixture, "POST", "/telecom/" ZAIN_BILL "/topup/", token, body);
  g_assert_cmpuint (response->status, ==, 200);
  object = pd_test_response_get_object (response);
  g_assert_cmpint (pd_test_assert_int_member (object, "response_code"), ==, 0);
  g_assert_cmpstr (pd_test_assert_string_member (object, "payment_info"), ==, "MPHONE= 249" SUBSCRIBER);
  assert_raw (response, "\"amount\":150.25,");
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  response = call (&fixture, "POST", "/telecom/" ZAIN_BILL "/inquiry/", token, "{\"phone_no\":\"" SUBSCRIBER "\"}");
  g_assert_cmpuint (response->status, ==, 200);
  due = money_member (pd_test_response_get_object (response), "total_amount");
  assert_money (&due, "249.75");
  assert_raw (response, "\"total_amount\":249.75,");
  pd_test_response_free (response);

  after = balance_of (&fixture, token, pan, "0327");
  assert_money (&before, "250000.00");
  assert_money (&after, "249849.75");

  ledger = pd_test_sandbox_get_ledger (fixture.sandbox, PROVIDER);
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
  entry = json_array_get_object_element (ledger, 0);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "operation"), ==, "bill");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "target"), ==, SUBSCRIBER);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "amount"), ==, "150.25");

  /* A line no operator bills, and the wrong payee kinds. */
  response = call (&fixture, "POST", "/telecom/" ZAIN_BILL "/inquiry/", token, "{\"phone_no\":\"0919999999\"}");
  assert_empty (response, 404);
  pd_test_response_free (response);

  body = payment_body (pan, fixture.ipin, "0327", "phone_no", "0919999999", "10", "bill-2");
  response = call (&fixture, "POST", "/telecom/" ZAIN_BILL "/topup/", token, body);
  assert_empty (response, 404);
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  response = call (&fixture, "POST", "/telecom/" ZAIN_TOP_UP "/inquiry/", token, "{\"phone_no\":\"" SUBSCRIBER "\"}");
  assert_field_error (response, "payee_id");
  pd_test_response_free (response);

  response = call (&fixture, "POST", "/telecom/" ZAIN_BILL "/inquiry/", token, "{}");
  assert_field_error (response, "phone_no");
  pd_test_response_free (response);

  g_clear_pointer (&ledger, json_array_unref);
  ledger = pd_test_sandbox_get_ledger (fixture.sandbox, PROVIDER);
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);

  fixture_stop (&fixture);
}

static void
test_electricity (void)
{
  Fixture fixture = { NULL };
  g_autofree char *token = NULL;
  g_autofree char *pan = card_number ("922208777777777");
  g_autofree char *body = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  PdTestResponse *response;
  JsonObject *object, *entry;
  PdMoney before, after, net;
  const char *vend_token;

  fixture_start (&fixture, "9", "20");
  token = verify (&fixture, fixture.phone);
  before = balance_of (&fixture, token, pan, "0928");

  body = payment_body (pan, fixture.ipin, "0928", "meter_no", METER, "300", "el-1");
  response = call (&fixture, "POST", "/electricity/", token, body);
  g_assert_cmpuint (response->status, ==, 200);
  object = pd_test_response_get_object (response);
  g_assert_cmpint (pd_test_assert_int_member (object, "response_code"), ==, 0);
  g_assert_cmpstr (pd_test_assert_string_member (object, "response_status"), ==, "Successful");
  g_assert_cmpstr (pd_test_assert_string_member (object, "response_message"), ==, "Approved");
  g_assert_cmpstr (pd_test_assert_string_member (object, "payment_info"), ==, "METER=" METER);
  g_assert_cmpstr (pd_test_assert_string_member (object, "meter_number"), ==, METER);
  g_assert_cmpstr (pd_test_assert_string_member (object, "operator_message"), ==, "Credit Purchase");
  g_assert_cmpstr (pd_test_assert_string_member (object, "uuid"), ==, "el-1");
  g_assert_cmpstr (pd_test_assert_string_member (object, "customer_name"), !=, "");
  g_assert_cmpint (pd_test_assert_int_member (object, "account_no"), ==, G_GINT64_CONSTANT (3423432423));
  g_assert_cmpint (pd_test_assert_int_member (object, "tranDateTime"), >, 0);
  g_assert_cmpint (pd_test_assert_int_member (object, "meter_fees"), ==, 1);
  g_assert_cmpint (pd_test_assert_int_member (object, "water_fees"), ==, 1);
  g_assert_cmpint (pd_test_assert_int_member (object, "net_amount"), ==, 298);
  g_assert_cmpint (pd_test_assert_int_member (object, "units_in_kwh"), ==, 35);
  g_assert_cmpint (pd_test_assert_int_member (object, "amount"), ==, 300);
  g_assert_cmpint (pd_test_assert_int_member (object, "acq_tran_fee"), ==, 0);
  vend_token = pd_test_assert_string_member (object, "token");
  g_assert_cmpuint (strlen (vend_token), ==, 20);
  for (const char *p = vend_token; *p; p++)
    g_assert_true (g_ascii_isdigit (*p));
  assert_no_text (response, pan);

  ledger = pd_test_sandbox_get_ledger (fixture.sandbox, PROVIDER);
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
  entry = json_array_get_object_element (ledger, 0);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "operation"), ==, "electricity");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "target"), ==, METER);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "id"), ==, vend_token);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "reference"), ==, "el-1");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "amount"), ==, "300.00");
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  after = balance_of (&fixture, token, pan, "0928");
  g_assert_true (pd_money_subtract (&before, &after, &net, NULL));
  assert_money (&net, "300.00");

  /* A fraction of a kWh is cut, not rounded: 98.3 − 2 at 8.50 is 11.3. */
  body = payment_body (pan, fixture.ipin, "0928", "meter_no", METER, "98.3", "el-2");
  response = call (&fixture, "POST", "/electricity/", token, body);
  g_assert_cmpuint (response->status, ==, 200);
  assert_raw (response, "\"units_in_kwh\":11.3,");
  assert_raw (response, "\"net_amount\":96.3,");
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  body = payment_body (pan, fixture.ipin, "0928", "meter_no", "011111111111", "300", "el-3");
  response = call (&fixture, "POST", "/electricity/", token, body);
  assert_empty (response, 404);
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  body = payment_body (pan, fixture.ipin, "0928", "meter_no", METER, "2", "el-4");
  response = call (&fixture, "POST", "/electricity/", token, body);
  assert_switch_error (response, 13, "INVALID_AMOUNT");
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  body = payment_body (pan, "9", "0928", "meter_no", METER, "300", "el-5");
  response = call (&fixture, "POST", "/electricity/", token, body);
  assert_switch_error (response, 55, "INCORRECT_PIN");
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  body = payment_body (pan, fixture.ipin, "0928", "meter_no", "04-12", "300", "el-6");
  response = call (&fixture, "POST", "/electricity/", token, body);
  assert_field_error (response, "meter_no");
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  g_clear_pointer (&ledger, json_array_unref);
  ledger = pd_test_sandbox_get_ledger (fixture.sandbox, PROVIDER);
  g_assert_cmpuint (json_array_get_length (ledger), ==, 2);

  after = balance_of (&fixture, token, pan, "0928");
  assert_money (&after, "249601.70");

  fixture_stop (&fixture);
}

static void
test_faults (void)
{
  Fixture fixture = { NULL };
  g_autofree char *token = NULL;
  g_autofree char *pan = card_number ("922208111111111");
  g_autofree char *body = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  PdTestResponse *response;

  fixture_start (&fixture, "10", "0");
  token = verify (&fixture, fixture.phone);

  pd_test_sandbox_arm_fault (fixture.sandbox,
                             "{\"provider\":\"enayapay\",\"path\":\"/api/v2.1/cards*\","
                             "\"action\":\"status\",\"status\":503}");
  response = call (&fixture, "GET", "/cards/", token, NULL);
  assert_details (response, 503, "service unvailable for now");
  pd_test_response_free (response);

  pd_test_sandbox_arm_fault (fixture.sandbox,
                             "{\"provider\":\"enayapay\",\"path\":\"/api/v2.1/login*\","
                             "\"action\":\"status\",\"status\":503}");
  response = call (&fixture, "POST", "/login/", NULL, "{}");
  assert_details (response, 503, "service not available");
  pd_test_response_free (response);

  pd_test_sandbox_arm_fault (fixture.sandbox,
                             "{\"provider\":\"enayapay\",\"path\":\"/api/v2.1/balance/*\","
                             "\"action\":\"status\",\"status\":502}");
  body = g_strdup_printf ("{\"pan\":\"%s\",\"ipin\":\"%s\",\"uuid\":\"f\",\"expiration_date\":\"0130\"}",
                          pan, fixture.ipin);
  response = call (&fixture, "POST", "/balance/inquiry/", token, body);
  assert_details (response, 502, "bad getway");
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  pd_test_sandbox_arm_fault (fixture.sandbox,
                             "{\"provider\":\"enayapay\",\"path\":\"/api/v2.1/telecom/*\","
                             "\"action\":\"status\",\"status\":503}");
  body = payment_body (pan, fixture.ipin, "0130", "phone_no", "0912345678", "10", "f-1");
  response = call (&fixture, "POST", "/telecom/" ZAIN_TOP_UP "/topup/", token, body);
  assert_details (response, 503, "service unavailable");
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  pd_test_sandbox_arm_fault (fixture.sandbox,
                             "{\"provider\":\"enayapay\",\"path\":\"/api/v2.1/electricity*\","
                             "\"action\":\"status\",\"status\":406}");
  body = payment_body (pan, fixture.ipin, "0130", "meter_no", METER, "300", "f-2");
  response = call (&fixture, "POST", "/electricity/", token, body);
  assert_switch_error (response, 696, "SYSTEM_ERROR");
  pd_test_response_free (response);

  /* Each fault was used up: the same purchase now goes through, once. */
  response = call (&fixture, "POST", "/electricity/", token, body);
  g_assert_cmpuint (response->status, ==, 200);
  pd_test_response_free (response);
  g_clear_pointer (&body, g_free);

  ledger = pd_test_sandbox_get_ledger (fixture.sandbox, PROVIDER);
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);

  fixture_stop (&fixture);
}

/* The answers of a fixed conversation, in order. */
static GPtrArray *
conversation (const char *seed)
{
  Fixture fixture = { NULL };
  GPtrArray *answers = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *token = NULL;
  g_autofree char *pan = card_number ("922208246813579");
  g_autofree char *body = NULL;
  const char *credentials[] = { "api_key", "username", "password", "phone", "otp", "ipin" };
  PdTestResponse *response;
  JsonObject *object;

  fixture_start (&fixture, seed, "300");

  for (guint i = 0; i < G_N_ELEMENTS (credentials); i++)
    g_ptr_array_add (answers, g_strdup (pd_test_sandbox_get_credential (fixture.sandbox, PROVIDER,
                                                                         credentials[i])));

  token = verify (&fixture, fixture.phone);
  g_ptr_array_add (answers, g_strdup (token));

  response = call (&fixture, "GET", "/cards/", token, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  g_ptr_array_add (answers, pd_test_response_dup_text (response));
  pd_test_response_free (response);

  body = payment_body (pan, fixture.ipin, "0430", "meter_no", METER, "500", "det-1");
  response = call (&fixture, "POST", "/electricity/", token, body);
  g_assert_cmpuint (response->status, ==, 200);
  object = pd_test_response_get_object (response);
  g_ptr_array_add (answers, g_strdup (pd_test_assert_string_member (object, "token")));
  g_ptr_array_add (answers, g_strdup (pd_test_assert_string_member (object, "customer_name")));
  pd_test_response_free (response);

  g_ptr_array_add (answers, g_strdup_printf ("%" G_GINT64_FORMAT, balance_of (&fixture, token, pan, "0430").units));

  fixture_stop (&fixture);

  return answers;
}

static void
test_determinism (void)
{
  g_autoptr(GPtrArray) first = conversation ("42");
  g_autoptr(GPtrArray) second = conversation ("42");
  g_autoptr(GPtrArray) other = conversation ("43");
  guint differ = 0;

  g_assert_cmpuint (first->len, ==, second->len);
  for (guint i = 0; i < first->len; i++)
    g_assert_cmpstr (g_ptr_array_index (first, i), ==, g_ptr_array_index (second, i));

  /* Another seed gives other keys, cards and tokens (the balance after the
   * same purchase on a new card is the same by design). */
  for (guint i = 0; i < first->len; i++)
    differ += g_strcmp0 (g_ptr_array_index (first, i), g_ptr_array_index (other, i)) != 0;
  g_assert_cmpuint (differ, >=, 8);
}

static void
test_no_records (void)
{
  Fixture fixture = { NULL };
  g_autofree char *token = NULL;
  PdTestResponse *response;

  fixture_start (&fixture, "11", "0");
  token = verify (&fixture, fixture.phone);

  response = call (&fixture, "GET", "/cards/", token, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (pd_test_response_get_array (response)), ==, 0);
  pd_test_response_free (response);

  /* The document's examples are there whatever --records says. */
  response = call (&fixture, "POST", "/telecom/" ZAIN_BILL "/inquiry/", token, "{\"phone_no\":\"" SUBSCRIBER "\"}");
  g_assert_cmpuint (response->status, ==, 200);
  pd_test_response_free (response);

  fixture_stop (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/enayapay/first-line", test_first_line);
  g_test_add_func ("/sandbox/enayapay/register-verify-login", test_register_verify_login);
  g_test_add_func ("/sandbox/enayapay/register-errors", test_register_errors);
  g_test_add_func ("/sandbox/enayapay/api-key", test_api_key);
  g_test_add_func ("/sandbox/enayapay/token", test_token);
  g_test_add_func ("/sandbox/enayapay/passwords", test_passwords);
  g_test_add_func ("/sandbox/enayapay/cards", test_cards);
  g_test_add_func ("/sandbox/enayapay/balance", test_balance);
  g_test_add_func ("/sandbox/enayapay/top-up", test_top_up);
  g_test_add_func ("/sandbox/enayapay/bill", test_bill);
  g_test_add_func ("/sandbox/enayapay/electricity", test_electricity);
  g_test_add_func ("/sandbox/enayapay/faults", test_faults);
  g_test_add_func ("/sandbox/enayapay/determinism", test_determinism);
  g_test_add_func ("/sandbox/enayapay/no-records", test_no_records);

  return g_test_run ();
}

/* test-sandbox-control.c - the sandbox's control API, faults, clock, ledger
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <string.h>

#include <gio/gio.h>

#include "pd-json.h"
#include "pd-test-sandbox.h"

static PdTestResponse *
fayapay_request (PdTestSandbox *sandbox,
                 const char    *method,
                 const char    *path,
                 const char    *body,
                 const char    *idempotency_key,
                 guint          timeout_seconds)
{
  g_autofree char *url = pd_test_sandbox_url (sandbox, "fayapay", path);
  const char *headers[] = {
    "authorization", pd_test_sandbox_get_credential (sandbox, "fayapay", "api_key"),
    "accept", "application/json",
    idempotency_key ? "X-IDEMPOTENCY-KEY" : NULL, idempotency_key,
    NULL
  };
  PdTestRequest request = {
    .method = method,
    .url = url,
    .headers = headers,
    .body = body,
    .timeout_seconds = timeout_seconds,
    /* A connection the sandbox drops must not be retried by libsoup on
     * its own: the test decides what is sent again. */
    .fresh_connection = TRUE,
  };

  return pd_test_sandbox_send (sandbox, &request);
}

static PdTestResponse *
charge (PdTestSandbox *sandbox,
        const char    *reference,
        const char    *idempotency_key)
{
  g_autofree char *body = g_strdup_printf ("{\"reference\":\"%s\",\"source\":\"src_test_%s\",\"amount\":1250,\"currency\":\"GHS\"}",
                                           reference, reference);

  return fayapay_request (sandbox, "POST", "/Charges", body, idempotency_key, 0);
}

static guint
ledger_length (PdTestSandbox *sandbox)
{
  g_autoptr(JsonArray) ledger = pd_test_sandbox_get_ledger (sandbox, NULL);

  return json_array_get_length (ledger);
}

static void
test_health_and_clock (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start ("--now", "2026-01-15T08:30:00Z", NULL);
  g_autoptr(PdTestResponse) health = pd_test_sandbox_control (sandbox, "GET", "/health", NULL);
  g_autoptr(PdTestResponse) backwards = pd_test_sandbox_control (sandbox, "POST", "/clock", "{\"advance_seconds\":-5}");
  g_autoptr(PdTestResponse) garbage = pd_test_sandbox_control (sandbox, "POST", "/clock", "soon");
  g_autoptr(PdTestResponse) unknown = pd_test_sandbox_control (sandbox, "GET", "/nothing", NULL);
  g_autoptr(PdTestResponse) advanced = NULL;
  g_autoptr(PdTestResponse) created = NULL;
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 1, 15, 8, 30, 0);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autoptr(GDateTime) created_at = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *after = NULL;

  g_assert_true (pd_test_assert_boolean_member (pd_test_response_get_object (health), "ok"));

  /* It starts at --now and runs at real speed. */
  clock = pd_test_sandbox_get_clock (sandbox);
  now = g_date_time_new_from_iso8601 (clock, NULL);
  g_assert_nonnull (now);
  g_assert_cmpint (g_date_time_difference (now, start), >=, 0);
  g_assert_cmpint (g_date_time_difference (now, start), <, 30 * G_TIME_SPAN_SECOND);

  advanced = pd_test_sandbox_control (sandbox, "POST", "/clock", "{\"advance_seconds\":86400}");
  g_assert_cmpuint (advanced->status, ==, 200);
  after = g_strdup (pd_test_assert_string_member (pd_test_response_get_object (advanced), "now"));
  later = g_date_time_new_from_iso8601 (after, NULL);
  g_assert_cmpint (g_date_time_difference (later, now), >=, 86400 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (g_date_time_difference (later, now), <, 86430 * G_TIME_SPAN_SECOND);

  /* New records are dated by the simulated clock. */
  created = charge (sandbox, "clocked", NULL);
  created_at = g_date_time_new_from_iso8601 (pd_test_assert_string_member (pd_test_response_get_object (created), "createdAt"), NULL);
  g_assert_cmpint (g_date_time_difference (created_at, later), >=, -G_TIME_SPAN_SECOND);

  g_assert_cmpuint (backwards->status, ==, 400);
  g_assert_cmpuint (garbage->status, ==, 400);
  g_assert_cmpuint (unknown->status, ==, 404);
}

static void
test_faults_arm_list_clear (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  guint first = pd_test_sandbox_arm_fault (sandbox, "{\"provider\":\"fayapay\",\"method\":\"GET\",\"path\":\"/v1/Payouts*\",\"count\":2,\"action\":\"status\",\"status\":500}");
  guint second = pd_test_sandbox_arm_fault (sandbox, "{\"provider\":\"eoneopay\",\"action\":\"rate_limit\",\"retry_after\":7}");
  g_autoptr(PdTestResponse) listed = pd_test_sandbox_control (sandbox, "GET", "/faults", NULL);
  g_autoptr(PdTestResponse) bad_provider = pd_test_sandbox_control (sandbox, "POST", "/faults", "{\"provider\":\"nopay\",\"action\":\"drop\"}");
  g_autoptr(PdTestResponse) bad_action = pd_test_sandbox_control (sandbox, "POST", "/faults", "{\"provider\":\"fayapay\",\"action\":\"explode\"}");
  g_autoptr(PdTestResponse) no_action = pd_test_sandbox_control (sandbox, "POST", "/faults", "{\"provider\":\"fayapay\"}");
  g_autoptr(PdTestResponse) bad_count = pd_test_sandbox_control (sandbox, "POST", "/faults", "{\"action\":\"drop\",\"count\":0}");
  g_autoptr(PdTestResponse) after_use = NULL;
  g_autoptr(PdTestResponse) cleared = NULL;
  JsonArray *faults;
  JsonObject *fault;

  g_assert_cmpuint (second, >, first);
  faults = pd_test_assert_array_member (pd_test_response_get_object (listed), "faults");
  g_assert_cmpuint (json_array_get_length (faults), ==, 2);
  fault = json_array_get_object_element (faults, 0);
  g_assert_cmpint (pd_test_assert_int_member (fault, "id"), ==, first);
  g_assert_cmpint (pd_test_assert_int_member (fault, "remaining"), ==, 2);
  g_assert_cmpstr (pd_test_assert_string_member (fault, "action"), ==, "status");
  g_assert_cmpstr (pd_test_assert_string_member (fault, "path"), ==, "/v1/Payouts*");

  g_assert_cmpuint (bad_provider->status, ==, 400);
  g_assert_cmpuint (bad_action->status, ==, 400);
  g_assert_cmpuint (no_action->status, ==, 400);
  g_assert_cmpuint (bad_count->status, ==, 400);

  /* Two matching requests use the fault up; others pass untouched. */
  {
    g_autoptr(PdTestResponse) other = fayapay_request (sandbox, "GET", "/Charges", NULL, NULL, 0);
    g_autoptr(PdTestResponse) hit1 = fayapay_request (sandbox, "GET", "/Payouts?Limit=1", NULL, NULL, 0);
    g_autoptr(PdTestResponse) hit2 = fayapay_request (sandbox, "GET", "/Payouts", NULL, NULL, 0);
    g_autoptr(PdTestResponse) normal = fayapay_request (sandbox, "GET", "/Payouts", NULL, NULL, 0);

    g_assert_cmpuint (other->status, ==, 200);
    g_assert_cmpuint (hit1->status, ==, 500);
    g_assert_cmpuint (hit2->status, ==, 500);
    g_assert_cmpuint (normal->status, ==, 200);
  }

  after_use = pd_test_sandbox_control (sandbox, "GET", "/faults", NULL);
  faults = pd_test_assert_array_member (pd_test_response_get_object (after_use), "faults");
  g_assert_cmpuint (json_array_get_length (faults), ==, 1);
  g_assert_cmpint (pd_test_assert_int_member (json_array_get_object_element (faults, 0), "id"), ==, second);

  pd_test_sandbox_clear_faults (sandbox);
  cleared = pd_test_sandbox_control (sandbox, "GET", "/faults", NULL);
  g_assert_cmpuint (json_array_get_length (pd_test_assert_array_member (pd_test_response_get_object (cleared), "faults")), ==, 0);
}

static void
test_fault_status (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  g_autoptr(PdTestResponse) failed = NULL;
  g_autoptr(PdTestResponse) retried = NULL;
  JsonObject *error;

  pd_test_sandbox_arm_fault (sandbox, "{\"provider\":\"fayapay\",\"method\":\"POST\",\"path\":\"/v1/Charges\",\"action\":\"status\",\"status\":503,\"retry_after\":2}");
  failed = charge (sandbox, "status-1", NULL);
  g_assert_no_error (failed->error);
  g_assert_cmpuint (failed->status, ==, 503);
  g_assert_cmpstr (soup_message_headers_get_one (failed->headers, "Retry-After"), ==, "2");

  /* The provider's own error body. */
  error = pd_test_response_get_object (failed);
  g_assert_cmpstr (pd_test_assert_string_member (error, "object"), ==, "error");
  g_assert_cmpstr (pd_test_assert_string_member (error, "code"), ==, "general_error");
  pd_test_assert_array_member (error, "messages");

  /* Nothing was applied: no money moved, and the reference is still free. */
  g_assert_cmpuint (ledger_length (sandbox), ==, 0);
  retried = charge (sandbox, "status-1", NULL);
  g_assert_cmpuint (retried->status, ==, 200);
  g_assert_cmpuint (ledger_length (sandbox), ==, 1);
}

static void
test_fault_rate_limit (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  g_autoptr(PdTestResponse) limited = NULL;
  g_autoptr(PdTestResponse) eoneo = NULL;
  g_autofree char *url = NULL;

  pd_test_sandbox_arm_fault (sandbox, "{\"provider\":\"fayapay\",\"action\":\"rate_limit\",\"retry_after\":3}");
  limited = fayapay_request (sandbox, "GET", "/Charges", NULL, NULL, 0);
  g_assert_cmpuint (limited->status, ==, 429);
  g_assert_cmpstr (soup_message_headers_get_one (limited->headers, "Retry-After"), ==, "3");
  g_assert_cmpstr (pd_test_assert_string_member (pd_test_response_get_object (limited), "object"), ==, "error");

  /* EoneoPay's own error shape, for its faults. */
  pd_test_sandbox_arm_fault (sandbox, "{\"provider\":\"eoneopay\",\"action\":\"rate_limit\"}");
  url = pd_test_sandbox_url (sandbox, "eoneopay", "/customers");
  {
    PdTestRequest request = { .method = "GET", .url = url };

    eoneo = pd_test_sandbox_send (sandbox, &request);
  }
  g_assert_cmpuint (eoneo->status, ==, 429);
  g_assert_nonnull (soup_message_headers_get_one (eoneo->headers, "Retry-After"));
  g_assert_cmpint (pd_test_assert_int_member (pd_test_response_get_object (eoneo), "code"), ==, 429);
}

static void
test_fault_slow (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  g_autoptr(PdTestResponse) slow = NULL;
  g_autoptr(PdTestResponse) fast = NULL;

  pd_test_sandbox_arm_fault (sandbox, "{\"provider\":\"fayapay\",\"method\":\"GET\",\"action\":\"slow\",\"delay_ms\":700}");
  slow = fayapay_request (sandbox, "GET", "/Charges?Limit=1", NULL, NULL, 0);
  fast = fayapay_request (sandbox, "GET", "/Charges?Limit=1", NULL, NULL, 0);

  g_assert_cmpuint (slow->status, ==, 200);
  g_assert_cmpfloat (slow->elapsed_ms, >=, 690);
  g_assert_true (g_bytes_equal (slow->body, fast->body));
  g_assert_cmpfloat (fast->elapsed_ms, <, 500);
}

/* A client that gives up on a slow answer has still moved the money. */
static void
test_fault_slow_timeout (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  g_autoptr(PdTestResponse) timed_out = NULL;
  g_autoptr(PdTestResponse) replay = NULL;
  g_autoptr(JsonArray) ledger = NULL;

  pd_test_sandbox_arm_fault (sandbox, "{\"provider\":\"fayapay\",\"method\":\"POST\",\"action\":\"slow\",\"delay_ms\":2500}");
  timed_out = fayapay_request (sandbox, "POST", "/Charges",
                               "{\"reference\":\"slow-1\",\"source\":\"src_test_slow\",\"amount\":1250,\"currency\":\"GHS\"}",
                               "slow-1", 1);
  g_assert_nonnull (timed_out->error);
  g_assert_cmpuint (ledger_length (sandbox), ==, 0);

  /* Once the delay is over the request has been applied. */
  g_usleep (2000 * 1000);
  ledger = pd_test_sandbox_get_ledger (sandbox, "fayapay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
  g_assert_cmpstr (pd_test_assert_string_member (json_array_get_object_element (ledger, 0), "reference"), ==, "slow-1");

  /* And a retry with the same key learns the outcome, moving nothing more. */
  replay = fayapay_request (sandbox, "POST", "/Charges",
                            "{\"reference\":\"slow-1\",\"source\":\"src_test_slow\",\"amount\":1250,\"currency\":\"GHS\"}",
                            "slow-1", 0);
  g_assert_cmpuint (replay->status, ==, 200);
  g_assert_cmpstr (pd_test_assert_string_member (pd_test_response_get_object (replay), "reference"), ==, "slow-1");
  g_assert_cmpuint (ledger_length (sandbox), ==, 1);
}

static void
test_fault_malformed (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  g_autoptr(PdTestResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gsize length = 0;
  const char *data;

  pd_test_sandbox_arm_fault (sandbox, "{\"provider\":\"fayapay\",\"path\":\"/v1/Customers\",\"action\":\"malformed\"}");
  response = fayapay_request (sandbox, "GET", "/Customers", NULL, NULL, 0);
  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, 200);

  data = g_bytes_get_data (response->body, &length);
  g_assert_cmpuint (length, >, 0);
  node = pd_json_parse (data, (gssize)length, &error);
  g_assert_null (node);
  g_assert_error (error, PD_JSON_ERROR, PD_JSON_ERROR_MALFORMED);
}

static void
test_fault_truncate (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  g_autoptr(PdTestResponse) whole = fayapay_request (sandbox, "GET", "/Charges?Limit=20", NULL, NULL, 0);
  g_autoptr(PdTestResponse) cut = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GString) raw = g_string_new (NULL);
  g_autofree char *request = NULL;
  const char *separator;
  char buffer[4096];
  gssize got;

  pd_test_sandbox_arm_fault (sandbox, "{\"provider\":\"fayapay\",\"action\":\"truncate\",\"count\":2}");

  /* libsoup sees a body shorter than its Content-Length. */
  cut = fayapay_request (sandbox, "GET", "/Charges?Limit=20", NULL, NULL, 0);
  g_assert_true (cut->error != NULL ||
                 (cut->body != NULL && g_bytes_get_size (cut->body) < g_bytes_get_size (whole->body)));

  /* On the wire: the whole length announced, half of it sent. */
  uri = g_uri_parse (pd_test_sandbox_get_base_url (sandbox, "fayapay"), G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  request = g_strdup_printf ("GET /v1/Charges?Limit=20 HTTP/1.1\r\nHost: 127.0.0.1\r\nauthorization: %s\r\n\r\n",
                             pd_test_sandbox_get_credential (sandbox, "fayapay", "api_key"));
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  while ((got = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                     buffer, sizeof buffer, NULL, &error)) > 0)
    g_string_append_len (raw, buffer, got);
  g_assert_no_error (error);

  separator = strstr (raw->str, "\r\n\r\n");
  g_assert_nonnull (separator);
  {
    g_autofree char *length = g_strdup_printf ("Content-Length: %" G_GSIZE_FORMAT "\r\n", g_bytes_get_size (whole->body));
    gsize body_length = raw->len - (separator + 4 - raw->str);

    g_assert_nonnull (strstr (raw->str, length));
    g_assert_cmpuint (body_length, ==, g_bytes_get_size (whole->body) / 2);
    g_assert_true (memcmp (separator + 4, g_bytes_get_data (whole->body, NULL), body_length) == 0);
  }
}

static void
test_fault_drop (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  g_autoptr(PdTestResponse) dropped = NULL;
  g_autoptr(PdTestResponse) retried = NULL;

  pd_test_sandbox_arm_fault (sandbox, "{\"provider\":\"fayapay\",\"method\":\"POST\",\"path\":\"/v1/Charges\",\"action\":\"drop\"}");
  dropped = charge (sandbox, "drop-1", "drop-1");
  g_assert_nonnull (dropped->error);
  g_assert_cmpuint (dropped->status, ==, 0);

  /* Not applied: nothing moved, and sending it again charges once. */
  g_assert_cmpuint (ledger_length (sandbox), ==, 0);
  retried = charge (sandbox, "drop-1", "drop-1");
  g_assert_cmpuint (retried->status, ==, 200);
  g_assert_cmpuint (ledger_length (sandbox), ==, 1);
}

static void
test_fault_drop_after_apply (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  g_autoptr(PdTestResponse) dropped = NULL;
  g_autoptr(PdTestResponse) replayed = NULL;
  g_autoptr(PdTestResponse) again = NULL;
  g_autoptr(PdTestResponse) unkeyed = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  g_autofree char *path = NULL;
  g_autoptr(PdTestResponse) looked_up = NULL;
  JsonObject *entry;

  pd_test_sandbox_arm_fault (sandbox, "{\"provider\":\"fayapay\",\"method\":\"POST\",\"path\":\"/v1/Charges\",\"action\":\"drop_after_apply\"}");
  dropped = charge (sandbox, "daa-1", "daa-1");
  g_assert_nonnull (dropped->error);

  /* Applied: the ledger has it, with the key it was sent with. */
  ledger = pd_test_sandbox_get_ledger (sandbox, "fayapay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
  entry = json_array_get_object_element (ledger, 0);
  g_assert_cmpstr (pd_test_assert_string_member (entry, "operation"), ==, "charge");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "idempotency_key"), ==, "daa-1");

  /* Replaying with the key returns the answer that was lost. */
  replayed = charge (sandbox, "daa-1", "daa-1");
  g_assert_cmpuint (replayed->status, ==, 200);
  g_assert_cmpstr (pd_test_assert_string_member (pd_test_response_get_object (replayed), "id"), ==,
                   pd_test_assert_string_member (entry, "id"));
  again = charge (sandbox, "daa-1", "daa-1");
  g_assert_true (g_bytes_equal (replayed->body, again->body));

  /* Without the key the reference stops a second charge. */
  unkeyed = charge (sandbox, "daa-1", NULL);
  g_assert_cmpuint (unkeyed->status, ==, 409);

  /* And the lookup endpoint shows it. */
  path = g_strdup_printf ("/Charges/%s", pd_test_assert_string_member (entry, "id"));
  looked_up = fayapay_request (sandbox, "GET", path, NULL, NULL, 0);
  g_assert_cmpuint (looked_up->status, ==, 200);

  g_assert_cmpuint (ledger_length (sandbox), ==, 1);
}

static void
test_ledger (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start (NULL);
  g_autoptr(PdTestResponse) one = charge (sandbox, "ledger-1", NULL);
  g_autoptr(PdTestResponse) two = charge (sandbox, "ledger-2", NULL);
  g_autoptr(JsonArray) all = pd_test_sandbox_get_ledger (sandbox, NULL);
  g_autoptr(JsonArray) eoneopay = pd_test_sandbox_get_ledger (sandbox, "eoneopay");
  g_autoptr(JsonArray) after = NULL;
  g_autoptr(PdTestResponse) three = NULL;
  static const char * const keys[] = {
    "seq", "provider", "operation", "target", "id", "reference", "idempotency_key", "amount", "currency", "at", NULL
  };
  JsonObject *entry;
  gint64 last_seq;

  g_assert_cmpuint (json_array_get_length (all), ==, 2);
  g_assert_cmpuint (json_array_get_length (eoneopay), ==, 0);
  entry = json_array_get_object_element (all, 0);
  g_assert_cmpuint (json_object_get_size (entry), ==, g_strv_length ((char **)keys));
  for (guint i = 0; keys[i] != NULL; i++)
    g_assert_true (json_object_has_member (entry, keys[i]));
  g_assert_cmpstr (pd_test_assert_string_member (entry, "provider"), ==, "fayapay");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "target"), ==, "src_test_ledger-1");
  g_assert_cmpstr (pd_test_assert_string_member (entry, "reference"), ==, "ledger-1");
  g_assert_true (g_str_has_suffix (pd_test_assert_string_member (entry, "at"), "Z"));
  g_assert_cmpint (pd_test_assert_int_member (entry, "seq"), <,
                   pd_test_assert_int_member (json_array_get_object_element (all, 1), "seq"));
  last_seq = pd_test_assert_int_member (json_array_get_object_element (all, 1), "seq");

  /* DELETE empties the ledger; data stays, and numbering goes on. */
  pd_test_sandbox_clear_ledger (sandbox);
  g_assert_cmpuint (ledger_length (sandbox), ==, 0);
  three = charge (sandbox, "ledger-1", NULL);
  g_assert_cmpuint (three->status, ==, 409);
  g_clear_pointer (&three, pd_test_response_free);
  three = charge (sandbox, "ledger-3", NULL);
  after = pd_test_sandbox_get_ledger (sandbox, "fayapay");
  g_assert_cmpuint (json_array_get_length (after), ==, 1);
  g_assert_cmpint (pd_test_assert_int_member (json_array_get_object_element (after, 0), "seq"), >, last_seq);
}

static const char * const snapshot_paths[][2] = {
  { "fayapay", "/Charges?Limit=50" },
  { "fayapay", "/Customers?Limit=50" },
  { "fayapay", "/Refunds?Limit=50" },
  { "fayapay", "/Disbursements?Limit=50" },
  { "fayapay", "/Payouts?Limit=50" },
  { "eoneopay", "/customers" },
};

/* Everything a client can read, concatenated: the same seed must give the
 * same bytes. */
static GBytes *
snapshot (PdTestSandbox *sandbox)
{
  g_autoptr(GByteArray) all = g_byte_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (snapshot_paths); i++)
    {
      g_autofree char *url = pd_test_sandbox_url (sandbox, snapshot_paths[i][0], snapshot_paths[i][1]);
      const char *key = pd_test_sandbox_get_credential (sandbox, snapshot_paths[i][0], "api_key");
      g_autofree char *user = g_strconcat (key, ":", NULL);
      g_autofree char *basic = g_base64_encode ((const guchar *)user, strlen (user));
      g_autofree char *authorization = g_str_equal (snapshot_paths[i][0], "fayapay")
                                       ? g_strdup (key) : g_strconcat ("Basic ", basic, NULL);
      const char *headers[] = { "Authorization", authorization, NULL };
      PdTestRequest request = { .method = "GET", .url = url, .headers = headers };
      g_autoptr(PdTestResponse) response = pd_test_sandbox_send (sandbox, &request);
      gsize length = 0;
      const guint8 *data;

      g_assert_cmpuint (response->status, ==, 200);
      data = g_bytes_get_data (response->body, &length);
      g_assert_cmpuint (length, >, 2);
      g_byte_array_append (all, data, length);
    }

  /* And one record of each kind fetched alone. */
  {
    g_autofree char *url = pd_test_sandbox_url (sandbox, "fayapay", "/Charges?Limit=1&StartingAfter=");
    const char *headers[] = { "Authorization", pd_test_sandbox_get_credential (sandbox, "fayapay", "api_key"), NULL };
    PdTestRequest request = { .method = "GET", .url = url, .headers = headers };
    g_autoptr(PdTestResponse) response = pd_test_sandbox_send (sandbox, &request);
    g_autofree char *source_path = g_strdup_printf ("/Sources/%s",
                                                    pd_test_assert_string_member (json_array_get_object_element (pd_test_assert_array_member (pd_test_response_get_object (response), "data"), 0),
                                                                                  "sourceId"));
    g_autofree char *source_url = pd_test_sandbox_url (sandbox, "fayapay", source_path);
    PdTestRequest source_request = { .method = "GET", .url = source_url, .headers = headers };
    g_autoptr(PdTestResponse) source = pd_test_sandbox_send (sandbox, &source_request);

    g_assert_cmpuint (source->status, ==, 200);
    g_byte_array_append (all, g_bytes_get_data (source->body, NULL), g_bytes_get_size (source->body));
  }

  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

static void
test_determinism (void)
{
  g_autoptr(PdTestSandbox) a = pd_test_sandbox_start ("--seed", "42", "--records", "300", NULL);
  g_autoptr(PdTestSandbox) b = pd_test_sandbox_start ("--seed", "42", "--records", "300", NULL);
  g_autoptr(PdTestSandbox) c = pd_test_sandbox_start ("--seed", "43", "--records", "300", NULL);
  g_autoptr(GBytes) snapshot_a = snapshot (a);
  g_autoptr(GBytes) snapshot_b = snapshot (b);
  g_autoptr(GBytes) snapshot_c = snapshot (c);
  JsonObject *credentials_a = pd_test_assert_object_member (pd_test_sandbox_get_description (a), "credentials");
  JsonObject *credentials_b = pd_test_assert_object_member (pd_test_sandbox_get_description (b), "credentials");
  JsonObject *credentials_c = pd_test_assert_object_member (pd_test_sandbox_get_description (c), "credentials");
  g_autoptr(JsonNode) node_a = json_node_init_object (json_node_alloc (), credentials_a);
  g_autoptr(JsonNode) node_b = json_node_init_object (json_node_alloc (), credentials_b);
  g_autoptr(JsonNode) node_c = json_node_init_object (json_node_alloc (), credentials_c);

  g_assert_true (g_bytes_equal (snapshot_a, snapshot_b));
  g_assert_false (g_bytes_equal (snapshot_a, snapshot_c));
  g_assert_true (json_node_equal (node_a, node_b));
  g_assert_false (json_node_equal (node_a, node_c));
}

static void
test_stdin_eof (void)
{
  PdTestSandbox *sandbox = pd_test_sandbox_start (NULL);
  GSubprocess *process = pd_test_sandbox_get_process (sandbox);
  g_autoptr(GError) error = NULL;

  /* Closing its stdin stops the sandbox, cleanly. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (process), NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  /* Stopping an exited sandbox only checks its status. */
  pd_test_sandbox_stop (sandbox);
}

static void
run_sandbox (const char * const *argv,
             int                *status,
             char              **out,
             char              **err)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  *status = g_subprocess_get_exit_status (process);
}

static void
test_command_line (void)
{
  const char *program = g_getenv ("PAYDESK_SANDBOX");
  const char *help[] = { program, "--help", NULL };
  const char *bad_now[] = { program, "--now", "yesterday", NULL };
  const char *bad_records[] = { program, "--records", "-3", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  run_sandbox (help, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "--port"));
  g_assert_nonnull (strstr (out, "--seed"));
  g_assert_nonnull (strstr (out, "--records"));
  g_assert_nonnull (strstr (out, "--now"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  run_sandbox (bad_now, &status, &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "--now"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  run_sandbox (bad_records, &status, &out, &err);
  g_assert_cmpint (status, ==, 2);
}

/* With --port N the control API is on N and each provider on N + its slot. */
static void
test_fixed_ports (void)
{
  for (guint attempt = 0; attempt < 5; attempt++)
    {
      g_autoptr(GSocket) probe = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
      g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
      g_autoptr(GSocketAddress) bound = NULL;
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GDataInputStream) lines = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) description = NULL;
      g_autofree char *line = NULL;
      g_autofree char *port_text = NULL;
      g_autofree char *control = NULL;
      g_autofree char *fayapay = NULL;
      g_autofree char *eoneopay = NULL;
      JsonObject *providers;
      guint port;

      /* A free port to start from, well below the top of the range. */
      g_assert_true (g_socket_bind (probe, any, TRUE, NULL));
      bound = g_socket_get_local_address (probe, NULL);
      port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
      g_socket_close (probe, NULL);
      if (port > 60000)
        continue;

      port_text = g_strdup_printf ("%u", port);
      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                  &error, g_getenv ("PAYDESK_SANDBOX"), "--port", port_text, NULL);
      g_assert_no_error (error);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
      line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL);
      if (line == NULL)
        {
          /* Another program took one of the six ports meanwhile. */
          g_subprocess_wait (process, NULL, NULL);
          continue;
        }

      description = pd_json_parse (line, -1, &error);
      g_assert_no_error (error);
      providers = pd_test_assert_object_member (json_node_get_object (description), "providers");
      control = g_strdup_printf ("http://127.0.0.1:%u", port);
      fayapay = g_strdup_printf ("http://127.0.0.1:%u/v1", port + 1);
      eoneopay = g_strdup_printf ("http://127.0.0.1:%u", port + 3);
      g_assert_cmpstr (pd_test_assert_string_member (json_node_get_object (description), "control"), ==, control);
      g_assert_cmpstr (pd_test_assert_string_member (providers, "fayapay"), ==, fayapay);
      g_assert_cmpstr (pd_test_assert_string_member (providers, "eoneopay"), ==, eoneopay);

      g_subprocess_send_signal (process, SIGTERM);
      g_subprocess_wait (process, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
      return;
    }

  g_test_skip ("no run of six free ports was found");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/control/health-clock", test_health_and_clock);
  g_test_add_func ("/sandbox/control/faults", test_faults_arm_list_clear);
  g_test_add_func ("/sandbox/control/fault/status", test_fault_status);
  g_test_add_func ("/sandbox/control/fault/rate-limit", test_fault_rate_limit);
  g_test_add_func ("/sandbox/control/fault/slow", test_fault_slow);
  g_test_add_func ("/sandbox/control/fault/slow-timeout", test_fault_slow_timeout);
  g_test_add_func ("/sandbox/control/fault/malformed", test_fault_malformed);
  g_test_add_func ("/sandbox/control/fault/truncate", test_fault_truncate);
  g_test_add_func ("/sandbox/control/fault/drop", test_fault_drop);
  g_test_add_func ("/sandbox/control/fault/drop-after-apply", test_fault_drop_after_apply);
  g_test_add_func ("/sandbox/control/ledger", test_ledger);
  g_test_add_func ("/sandbox/control/determinism", test_determinism);
  g_test_add_func ("/sandbox/control/stdin-eof", test_stdin_eof);
  g_test_add_func ("/sandbox/control/command-line", test_command_line);
  g_test_add_func ("/sandbox/control/fixed-ports", test_fixed_ports);

  return g_test_run ();
}

/* test-http-client.c - the shared HTTP layer against a real loopback server
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pd-http-client.h"
#include "pd-json.h"
#include "pd-provider-error.h"

/* A self-signed certificate for 127.0.0.1 that no one trusts, so that a
 * TLS connection to the test server must be refused. */
static const char test_certificate_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBkDCCATagAwIBAgIUfm/+OdJdPOMqa9Db9/R9EdMwzBgwCgYIKoZIzj0EAwIw\n"
  "FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyOTIzMTE1OFoYDzIxMjYxMTA1\n"
  "MjMxMTU4WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO\n"
  "PQMBBwNCAARn1Ov9hsW431bjRpJmTXwdkq37uOBGkgfCIW9QnxjKEgah/13PeCUW\n"
  "e3gWSyr07xqhpzGpt6Q5i/RLQKtnFqdso2QwYjAdBgNVHQ4EFgQUDPcQJdG65yTc\n"
  "uvilAqgR9/nv/g4wHwYDVR0jBBgwFoAUDPcQJdG65yTcuvilAqgR9/nv/g4wDwYD\n"
  "VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0gAMEUC\n"
  "IQD5x0+5DCe58mb1edaztH0BWonlB7tpuohjkL8brap8HAIgT1aUNfLTr7SNn4c5\n"
  "hI+Ka+/S8UY7gUAfO01SZkKNugY=\n"
  "-----END CERTIFICATE-----\n"
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg1SxebBqtzEQd3Ftz\n"
  "EwDAh47/+Ec21uvWnGy+n1bBuI+hRANCAARn1Ov9hsW431bjRpJmTXwdkq37uOBG\n"
  "kgfCIW9QnxjKEgah/13PeCUWe3gWSyr07xqhpzGpt6Q5i/RLQKtnFqds\n"
  "-----END PRIVATE KEY-----\n";

/* The test server: each path has a script of answers, one per request;
 * the last one repeats. */

typedef enum
{
  STEP_RESPOND,
  STEP_SLOW,
  STEP_DROP,
} StepAction;

typedef struct
{
  StepAction  action;
  guint       status;
  const char *content_type;
  const char *body;
  const char *retry_after;
  guint       delay_ms;
} Step;

typedef struct
{
  GArray             *steps;
  guint               served;
  char               *method;
  GBytes             *body;
  SoupMessageHeaders *headers;
  GHashTable         *query;
  GPtrArray          *idempotency_keys;
} Route;

typedef struct
{
  SoupServer *server;
  char       *base;
  GHashTable *routes;
  guint       slow_pending;
} TestServer;

static TestServer http_server;
static TestServer tls_server;
static GString *captured_log;

static void
route_free (gpointer pointer)
{
  Route *route = pointer;

  g_array_unref (route->steps);
  g_free (route->method);
  g_clear_pointer (&route->body, g_bytes_unref);
  g_clear_pointer (&route->headers, soup_message_headers_unref);
  g_clear_pointer (&route->query, g_hash_table_unref);
  g_ptr_array_unref (route->idempotency_keys);
  g_free (route);
}

static Route *
script (const char *path,
        const Step *steps,
        guint       n_steps)
{
  Route *route = g_new0 (Route, 1);

  route->steps = g_array_new (FALSE, FALSE, sizeof (Step));
  g_array_append_vals (route->steps, steps, n_steps);
  route->idempotency_keys = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_replace (http_server.routes, g_strdup (path), route);

  return route;
}

static Route *
script_one (const char *path,
            Step        step)
{
  return script (path, &step, 1);
}

static void
respond (SoupServerMessage *message,
         const Step        *step)
{
  soup_server_message_set_status (message, step->status, NULL);
  if (step->body != NULL)
    soup_server_message_set_response (message,
                                      step->content_type != NULL ? step->content_type : "application/json",
                                      SOUP_MEMORY_COPY, step->body, strlen (step->body));
  if (step->retry_after != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                  "Retry-After", step->retry_after);
}

typedef struct
{
  TestServer        *server;
  SoupServerMessage *message;
  Step               step;
} SlowAnswer;

static gboolean
answer_slowly (gpointer user_data)
{
  SlowAnswer *slow = user_data;

  respond (slow->message, &slow->step);
  soup_server_message_unpause (slow->message);
  g_object_unref (slow->message);
  slow->server->slow_pending--;
  g_free (slow);

  return G_SOURCE_REMOVE;
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  TestServer *test_server = user_data;
  Route *route = g_hash_table_lookup (test_server->routes, path);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *key;
  const Step *step;

  if (route == NULL)
    {
      g_test_message ("no route for %s", path);
      soup_server_message_set_status (message, 404, NULL);
      return;
    }

  step = &g_array_index (route->steps, Step, MIN (route->served, route->steps->len - 1));
  route->served++;

  g_free (route->method);
  route->method = g_strdup (soup_server_message_get_method (message));
  g_clear_pointer (&route->body, g_bytes_unref);
  route->body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  g_clear_pointer (&route->headers, soup_message_headers_unref);
  route->headers = soup_message_headers_ref (headers);
  g_clear_pointer (&route->query, g_hash_table_unref);
  if (query != NULL)
    route->query = g_hash_table_ref (query);
  key = soup_message_headers_get_one (headers, "X-IDEMPOTENCY-KEY");
  g_ptr_array_add (route->idempotency_keys, g_strdup (key != NULL ? key : ""));

  switch (step->action)
    {
    case STEP_RESPOND:
      respond (message, step);
      break;

    case STEP_SLOW:
      {
        SlowAnswer *slow = g_new0 (SlowAnswer, 1);

        slow->server = test_server;
        slow->message = g_object_ref (message);
        slow->step = *step;
        test_server->slow_pending++;
        soup_server_message_pause (message);
        g_timeout_add (step->delay_ms, answer_slowly, slow);
      }
      break;

    case STEP_DROP:
      {
        /* The request has been read in full: the provider may have acted
         * on it, and now the connection goes without an answer. */
        g_autoptr(GIOStream) stream = soup_server_message_steal_connection (message);

        g_io_stream_close (stream, NULL, NULL);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
test_server_start (TestServer *test_server,
                   gboolean    https)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoslist(GUri) uris = NULL;

  if (https)
    {
      certificate = g_tls_certificate_new_from_pem (test_certificate_pem, -1, &error);
      g_assert_no_error (error);
    }

  test_server->server = soup_server_new ("tls-certificate", certificate, NULL);
  test_server->routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, route_free);
  soup_server_add_handler (test_server->server, NULL, handle_request, test_server, NULL);

  soup_server_listen_local (test_server->server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY | (https ? SOUP_SERVER_LISTEN_HTTPS : 0),
                            &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (test_server->server);
  g_assert_nonnull (uris);
  test_server->base = g_strdup_printf ("%s://127.0.0.1:%d",
                                       https ? "https" : "http",
                                       g_uri_get_port (uris->data));
}

static void
test_server_stop (TestServer *test_server)
{
  while (test_server->slow_pending > 0)
    g_main_context_iteration (NULL, TRUE);

  soup_server_disconnect (test_server->server);
  g_clear_object (&test_server->server);
  g_clear_pointer (&test_server->routes, g_hash_table_unref);
  g_clear_pointer (&test_server->base, g_free);
}

/* The client side */

typedef struct
{
  guint           calls;
  PdHttpResponse *response;
  GError         *error;
  gint64          started;
  gint64          finished;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->response, pd_http_response_unref);
  g_clear_error (&outcome->error);
  outcome->calls = 0;
}

static double
outcome_seconds (Outcome *outcome)
{
  return (outcome->finished - outcome->started) / (double)G_USEC_PER_SEC;
}

static void
on_request_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->calls++;
  outcome->finished = g_get_monotonic_time ();
  outcome->response = pd_http_client_request_finish (PD_HTTP_CLIENT (source), result, &outcome->error);
}

static gboolean
on_test_hung (gpointer user_data)
{
  g_error ("a request did not finish within 20 seconds");
  return G_SOURCE_REMOVE;
}

static void
wait_for_outcome (Outcome *outcome)
{
  guint guard = g_timeout_add_seconds (20, on_test_hung, NULL);

  while (outcome->calls == 0)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (guard);
}

static void
send_and_wait (PdHttpClient  *client,
               PdHttpRequest *request,
               Outcome       *outcome)
{
  outcome_clear (outcome);
  outcome->started = g_get_monotonic_time ();
  pd_http_client_request_async (client, request, NULL, on_request_done, outcome);
  wait_for_outcome (outcome);
  g_assert_cmpuint (outcome->calls, ==, 1);
}

static void
spin_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static PdHttpClient *
make_client (const char *base)
{
  return g_object_new (PD_TYPE_HTTP_CLIENT,
                       "provider-name", "FayaPay",
                       "base-url", base,
                       "retry-delay", 10,
                       "max-retry-delay", 40,
                       "connect-timeout", 5000,
                       "timeout", 5000,
                       NULL);
}

static char *
base_url (const char *prefix)
{
  return g_strconcat (http_server.base, prefix, NULL);
}

/* Tests */

static void
test_error_domain (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  g_autoptr(GError) card = NULL;
  g_autoptr(GError) io = NULL;
  PdProviderErrorInfo info = { 0, };

  error = pd_provider_error_new (PD_PROVIDER_ERROR_VALIDATION, "FayaPay", 400,
                                 "validation_error", "Amount exceeds the refundable balance");
  g_assert_error (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==,
                   "FayaPay refused the request: Amount exceeds the refundable balance (validation_error).");
  g_assert_cmpuint (pd_provider_error_get_http_status (error), ==, 400);
  g_assert_cmpstr (pd_provider_error_get_provider_name (error), ==, "FayaPay");
  g_assert_false (pd_provider_error_is_outcome_unknown (error));

  /* The details travel with the error, through copies as through GTask. */
  copy = g_error_copy (error);
  g_assert_cmpstr (pd_provider_error_get_provider_code (copy), ==, "validation_error");
  g_assert_cmpstr (pd_provider_error_get_provider_message (copy), ==,
                   "Amount exceeds the refundable balance");
  g_assert_cmpstr (copy->message, ==, error->message);

  info.provider_name = "ZengaPay";
  info.detail = "Connection reset by peer";
  info.outcome_unknown = TRUE;
  g_clear_error (&copy);
  copy = pd_provider_error_new_full (PD_PROVIDER_ERROR_NETWORK, &info);
  g_assert_true (pd_provider_error_is_outcome_unknown (copy));
  g_assert_true (strstr (copy->message, "ZengaPay") != NULL);
  g_assert_true (strstr (copy->message, "may have been applied") != NULL);
  g_assert_null (pd_provider_error_get_provider_message (copy));

  /* A provider that echoes a card number back does not get it shown. */
  card = pd_provider_error_new (PD_PROVIDER_ERROR_VALIDATION, "EnayaPay", 406, NULL,
                                "unknown card number 4111 1111 1111 1111");
  g_assert_null (strstr (card->message, "4111 1111 1111 1111"));
  g_assert_null (strstr (pd_provider_error_get_provider_message (card), "4111 1111 1111 1111"));
  g_assert_true (strstr (card->message, "1111") != NULL);

  io = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "timed out");
  g_assert_false (pd_provider_error_is_outcome_unknown (io));
  g_assert_false (pd_provider_error_is_outcome_unknown (NULL));
  g_assert_cmpuint (pd_provider_error_get_http_status (io), ==, 0);
  g_assert_null (pd_provider_error_get_provider_code (io));

  g_assert_cmpint (pd_provider_error_code_for_http_status (401), ==, PD_PROVIDER_ERROR_AUTH);
  g_assert_cmpint (pd_provider_error_code_for_http_status (403), ==, PD_PROVIDER_ERROR_FORBIDDEN);
  g_assert_cmpint (pd_provider_error_code_for_http_status (404), ==, PD_PROVIDER_ERROR_NOT_FOUND);
  g_assert_cmpint (pd_provider_error_code_for_http_status (400), ==, PD_PROVIDER_ERROR_VALIDATION);
  g_assert_cmpint (pd_provider_error_code_for_http_status (422), ==, PD_PROVIDER_ERROR_VALIDATION);
  g_assert_cmpint (pd_provider_error_code_for_http_status (409), ==, PD_PROVIDER_ERROR_CONFLICT);
  g_assert_cmpint (pd_provider_error_code_for_http_status (429), ==, PD_PROVIDER_ERROR_RATE_LIMITED);
  g_assert_cmpint (pd_provider_error_code_for_http_status (502), ==, PD_PROVIDER_ERROR_UNAVAILABLE);
  g_assert_cmpint (pd_provider_error_code_for_http_status (503), ==, PD_PROVIDER_ERROR_UNAVAILABLE);
  g_assert_cmpint (pd_provider_error_code_for_http_status (302), ==, PD_PROVIDER_ERROR_MALFORMED);
}

static void
test_get_exact_json (void)
{
  g_autofree char *base = base_url ("/v1");
  g_autoptr(PdHttpClient) client = make_client (base);
  g_autoptr(PdHttpRequest) request = pd_http_request_new ("GET", "/Collections");
  Outcome outcome = { 0, };
  JsonObject *object;
  Route *route;

  route = script_one ("/v1/Collections", (Step) {
    STEP_RESPOND, 200, NULL,
    "{\"data\": [{\"amount\": 2152.2, \"fee\": 1e2, \"count\": 3}], \"total\": 2152.20}"
  });

  pd_http_request_add_query (request, "q", "a b&c=d+é/?");
  pd_http_request_add_query_int (request, "page", 2);
  send_and_wait (client, request, &outcome);

  g_assert_no_error (outcome.error);
  g_assert_nonnull (outcome.response);
  g_assert_cmpuint (pd_http_response_get_status (outcome.response), ==, 200);
  g_assert_cmpuint (pd_http_response_get_attempts (outcome.response), ==, 1);
  g_assert_cmpstr (pd_http_response_get_header (outcome.response, "content-type"), ==, "application/json");

  /* The amounts come back as the text that was sent, never via a double. */
  object = pd_http_response_get_object (outcome.response);
  g_assert_nonnull (object);
  g_assert_cmpstr (json_object_get_string_member (object, "total"), ==, "2152.20");
  object = json_array_get_object_element (json_object_get_array_member (object, "data"), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "amount"), ==, "2152.2");
  g_assert_cmpstr (json_object_get_string_member (object, "fee"), ==, "1e2");
  g_assert_cmpint (json_object_get_int_member (object, "count"), ==, 3);
  g_assert_cmpuint (g_bytes_get_size (pd_http_response_get_body (outcome.response)), >, 0);

  g_assert_cmpuint (route->served, ==, 1);
  g_assert_cmpstr (route->method, ==, "GET");
  g_assert_cmpstr (g_hash_table_lookup (route->query, "q"), ==, "a b&c=d+é/?");
  g_assert_cmpstr (g_hash_table_lookup (route->query, "page"), ==, "2");
  g_assert_cmpuint (g_hash_table_size (route->query), ==, 2);
  g_assert_cmpstr (soup_message_headers_get_one (route->headers, "Accept"), ==, "application/json");

  outcome_clear (&outcome);
  g_assert_finalize_object (g_steal_pointer (&client));
}

static void
test_path_segments_and_empty_body (void)
{
  g_autofree char *base = base_url ("/v1/");
  g_autoptr(PdHttpClient) client = make_client (base);
  g_autoptr(PdHttpRequest) request = pd_http_request_new ("GET", "/Charges");
  Outcome outcome = { 0, };
  Route *route;

  /* A segment is escaped: its "?" and "#" do not start a query or a
   * fragment (the server hands paths over decoded). */
  route = script_one ("/v1/Charges/ch 1/2?#", (Step) { STEP_RESPOND, 204 });
  pd_http_request_append_path_segment (request, "ch 1/2?#");
  send_and_wait (client, request, &outcome);

  g_assert_no_error (outcome.error);
  g_assert_cmpuint (route->served, ==, 1);
  g_assert_cmpuint (pd_http_response_get_status (outcome.response), ==, 204);
  g_assert_null (pd_http_response_get_root (outcome.response));
  g_assert_null (pd_http_response_get_object (outcome.response));

  outcome_clear (&outcome);
}

typedef struct
{
  guint            status;
  const char      *body;
  const char      *content_type;
  PdProviderError  code;
  const char      *provider_code;
  const char      *provider_message;
} StatusCase;

static void
test_status_errors (void)
{
  static const StatusCase cases[] = {
    { 400, "{\"object\":\"error\",\"code\":\"validation_error\",\"messages\":[\"Amount exceeds the refundable balance\"]}",
      NULL, PD_PROVIDER_ERROR_VALIDATION, "validation_error", "Amount exceeds the refundable balance" },
    { 401, "{\"code\": 401, \"status\": \"Unauthorized\", \"message\": \"The API KEY you supplied is either INVALID or API access has been DISABLED\"}",
      NULL, PD_PROVIDER_ERROR_AUTH, NULL, "The API KEY you supplied is either INVALID or API access has been DISABLED" },
    { 403, "{\"code\": 403, \"status\": \"Forbidden\", \"message\": \"Connection refused from unauthorized IP: 81.202.241.36\"}",
      NULL, PD_PROVIDER_ERROR_FORBIDDEN, NULL, "Connection refused from unauthorized IP: 81.202.241.36" },
    { 404, "{\"details\": \"user not registered\"}",
      NULL, PD_PROVIDER_ERROR_NOT_FOUND, NULL, "user not registered" },
    { 422, "{\"details\": {\"user_password\": [\"This field is required.\"]}}",
      NULL, PD_PROVIDER_ERROR_VALIDATION, NULL, "user_password — This field is required." },
    { 409, "{\"error\": {\"code\": \"duplicate_reference\", \"message\": \"Reference already used\"}}",
      NULL, PD_PROVIDER_ERROR_CONFLICT, "duplicate_reference", "Reference already used" },
    { 429, "{\"message\": \"Too many requests\"}",
      NULL, PD_PROVIDER_ERROR_RATE_LIMITED, NULL, "Too many requests" },
    { 503, "{\"details\" :\"service not available\"}",
      NULL, PD_PROVIDER_ERROR_UNAVAILABLE, NULL, "service not available" },
    { 502, "<html><body>Bad gateway</body></html>",
      "text/html", PD_PROVIDER_ERROR_UNAVAILABLE, NULL, NULL },
    { 500, "Internal failure, try later\nmore lines",
      "text/plain", PD_PROVIDER_ERROR_UNAVAILABLE, NULL, "Internal failure, try later" },
    { 406, "{\"response_code\": 696, \"response_message\": \"SYSTEM_ERROR\"}",
      NULL, PD_PROVIDER_ERROR_VALIDATION, "696", "SYSTEM_ERROR" },
    { 401, "{\"status\": 1, \"msg\": \"Wrong Username or Password\"}",
      NULL, PD_PROVIDER_ERROR_AUTH, NULL, "Wrong Username or Password" },
    { 401, NULL,
      NULL, PD_PROVIDER_ERROR_AUTH, NULL, NULL },
  };
  g_autofree char *base = base_url ("/v1");
  g_autoptr(PdHttpClient) client = make_client (base);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const StatusCase *c = &cases[i];
      g_autofree char *path = g_strdup_printf ("/status-%u", i);
      g_autofree char *server_path = g_strconcat ("/v1", path, NULL);
      g_autoptr(PdHttpRequest) request = pd_http_request_new ("POST", path);
      Outcome outcome = { 0, };
      Route *route;

      route = script_one (server_path, (Step) { STEP_RESPOND, c->status, c->content_type, c->body });
      pd_json_writer_member (pd_http_request_get_json_object (request), "amount");
      pd_json_writer_raw_number (pd_http_request_get_json_object (request), "12.50");
      send_and_wait (client, request, &outcome);

      g_test_message ("HTTP %u: %s", c->status, outcome.error != NULL ? outcome.error->message : "no error");
      g_assert_null (outcome.response);
      g_assert_error (outcome.error, PD_PROVIDER_ERROR, (gint)c->code);
      g_assert_cmpuint (pd_provider_error_get_http_status (outcome.error), ==, c->status);
      g_assert_cmpstr (pd_provider_error_get_provider_code (outcome.error), ==, c->provider_code);
      g_assert_cmpstr (pd_provider_error_get_provider_message (outcome.error), ==, c->provider_message);
      g_assert_false (pd_provider_error_is_outcome_unknown (outcome.error));
      g_assert_true (g_str_has_prefix (outcome.error->message, "FayaPay "));
      if (c->provider_message != NULL)
        g_assert_nonnull (strstr (outcome.error->message, c->provider_message));

      /* A POST without an idempotency key is never sent twice. */
      g_assert_cmpuint (route->served, ==, 1);
      outcome_clear (&outcome);
    }

  g_assert_finalize_object (g_steal_pointer (&client));
}

static void
test_retry_get_until_success (void)
{
  static const Step steps[] = {
    { STEP_RESPOND, 503, NULL, "{\"details\": \"service not available\"}" },
    { STEP_RESPOND, 503, NULL, "{\"details\": \"service not available\"}" },
    { STEP_RESPOND, 200, NULL, "{\"ok\": true}" },
  };
  g_autofree char *base = base_url ("/v1");
  g_autoptr(PdHttpClient) client = make_client (base);
  g_autoptr(PdHttpRequest) request = pd_http_request_new ("GET", "/flaky");
  Outcome outcome = { 0, };
  Route *route = script ("/v1/flaky", steps, G_N_ELEMENTS (steps));

  send_and_wait (client, request, &outcome);

  g_assert_no_error (outcome.error);
  g_assert_cmpuint (pd_http_response_get_attempts (outcome.response), ==, 3);
  g_assert_cmpuint (route->served, ==, 3);
  g_assert_true (json_object_get_boolean_member (pd_http_response_get_object (outcome.response), "ok"));
  outcome_clear (&outcome);

  /* Every attempt fails: the last error comes back after max-attempts. */
  {
    g_autoptr(PdHttpRequest) again = pd_http_request_new ("GET", "/down");
    Route *down = script_one ("/v1/down", (Step) { STEP_RESPOND, 502, "text/html", "<h1>down</h1>" });

    pd_http_client_set_max_attempts (client, 3);
    send_and_wait (client, again, &outcome);
    g_assert_error (outcome.error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_UNAVAILABLE);
    g_assert_cmpuint (down->served, ==, 3);
    outcome_clear (&outcome);
  }
}

static void
test_post_without_key_not_retried (void)
{
  g_autofree char *base = base_url ("/v1");
  g_autoptr(PdHttpClient) client = make_client (base);
  g_autoptr(PdHttpRequest) request = pd_http_request_new ("POST", "/Refunds");
  g_autoptr(PdHttpRequest) delete = pd_http_request_new ("DELETE", "/payments/273040");
  Outcome outcome = { 0, };
  Route *route;
  Route *refund;

  route = script_one ("/v1/Refunds", (Step) { STEP_RESPOND, 503, NULL, "{\"message\": \"maintenance\"}" });
  pd_json_writer_member (pd_http_request_get_json_object (request), "reference");
  pd_json_writer_string (pd_http_request_get_json_object (request), "ref-1");
  send_and_wait (client, request, &outcome);

  g_assert_error (outcome.error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_UNAVAILABLE);
  g_assert_cmpuint (route->served, ==, 1);
  g_assert_false (pd_provider_error_is_outcome_unknown (outcome.error));
  outcome_clear (&outcome);

  /* An EoneoPay refund is a DELETE: it moves money, so it is not retried. */
  refund = script_one ("/v1/payments/273040", (Step) { STEP_RESPOND, 503 });
  send_and_wait (client, delete, &outcome);
  g_assert_error (outcome.error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_UNAVAILABLE);
  g_assert_cmpuint (refund->served, ==, 1);
  outcome_clear (&outcome);
}

static void
test_post_with_key_retried (void)
{
  static const Step steps[] = {
    { STEP_RESPOND, 503, NULL, "{\"message\": \"maintenance\"}" },
    { STEP_RESPOND, 504 },
    { STEP_RESPOND, 201, NULL, "{\"id\": \"re_1\", \"amount\": 1250}" },
  };
  g_autofree char *base = base_url ("/v1");
  g_autoptr(PdHttpClient) client = make_client (base);
  g_autoptr(PdHttpRequest) request = pd_http_request_new ("POST", "/Refunds-keyed");
  Outcome outcome = { 0, };
  Route *route = script ("/v1/Refunds-keyed", steps, G_N_ELEMENTS (steps));
  g_autoptr(JsonNode) sent = NULL;

  pd_http_request_set_idempotency_key (request, "4f1c2a7e-refund-1");
  pd_json_writer_member (pd_http_request_get_json_object (request), "amount");
  pd_json_writer_int (pd_http_request_get_json_object (request), 1250);
  g_assert_true (pd_http_request_get_retry_safe (request));
  send_and_wait (client, request, &outcome);

  g_assert_no_error (outcome.error);
  g_assert_cmpuint (pd_http_response_get_status (outcome.response), ==, 201);
  g_assert_cmpuint (route->served, ==, 3);
  g_assert_cmpuint (route->idempotency_keys->len, ==, 3);
  for (guint i = 0; i < route->idempotency_keys->len; i++)
    g_assert_cmpstr (g_ptr_array_index (route->idempotency_keys, i), ==, "4f1c2a7e-refund-1");

  /* The same body every time. */
  sent = pd_json_parse_bytes (route->body, NULL);
  g_assert_nonnull (sent);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (sent), "amount"), ==, 1250);
  g_assert_cmpstr (soup_message_headers_get_content_type (route->headers, NULL), ==, "application/json");
  outcome_clear (&outcome);
}

static guint
no_jitter (guint    upper_bound,
           gpointer user_data)
{
  return 0;
}

static guint
longest_wait (guint    upper_bound,
              gpointer user_data)
{
  return upper_bound;
}

static void
test_rate_limit_retry_after (void)
{
  static const Step steps[] = {
    { STEP_RESPOND, 429, NULL, "{\"message\": \"slow down\"}", "1" },
    { STEP_RESPOND, 200, NULL, "{\"ok\": true}" },
  };
  g_autofree char *base = base_url ("/v1");
  g_autoptr(PdHttpClient) client = make_client (base);
  g_autoptr(PdHttpRequest) request = pd_http_request_new ("GET", "/limited");
  Outcome outcome = { 0, };
  Route *route = script ("/v1/limited", steps, G_N_ELEMENTS (steps));

  /* Without jitter any wait comes from Retry-After alone. */
  pd_http_client_set_random_func (client, no_jitter, NULL, NULL);
  send_and_wait (client, request, &outcome);

  g_assert_no_error (outcome.error);
  g_assert_cmpuint (route->served, ==, 2);
  g_assert_cmpuint (pd_http_response_get_attempts (outcome.response), ==, 2);
  g_assert_cmpfloat (outcome_seconds (&outcome), >=, 0.9);
  g_assert_cmpfloat (outcome_seconds (&outcome), <, 5.0);
  outcome_clear (&outcome);
}

static void
test_rate_limit_too_long (void)
{
  g_autofree char *base = base_url ("/v1");
  g_autoptr(PdHttpClient) client = make_client (base);
  g_autoptr(PdHttpRequest) request = pd_http_request_new ("GET", "/limited-long");
  g_autoptr(PdHttpRequest) dated = pd_http_request_new ("GET", "/limited-date");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 2);
  g_autofree char *date = soup_date_time_to_string (later, SOUP_DATE_HTTP);
  Outcome outcome = { 0, };
  Route *route;

  /* An hour is more than the client sits out: the caller hears at once. */
  route = script_one ("/v1/limited-long", (Step) { STEP_RESPOND, 429, NULL, "{\"message\": \"quota\"}", "3600" });
  send_and_wait (client, request, &outcome);
  g_assert_error (outcome.error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_RATE_LIMITED);
  g_assert_cmpuint (pd_provider_error_get_retry_after (outcome.error), ==, 3600);
  g_assert_nonnull (strstr (outcome.error->message, "3600"));
  g_assert_cmpuint (route->served, ==, 1);
  g_assert_cmpfloat (outcome_seconds (&outcome), <, 0.9);
  outcome_clear (&outcome);

  /* The HTTP-date form of Retry-After. */
  route = script_one ("/v1/limited-date", (Step) { STEP_RESPOND, 429, NULL, NULL, date });
  send_and_wait (client, dated, &outcome);
  g_assert_error (outcome.error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_RATE_LIMITED);
  g_assert_cmpuint (pd_provider_error_get_retry_after (outcome.error), >=, 7100);
  g_assert_cmpuint (pd_provider_error_get_retry_after (outcome.error), <=, 7201);
  g_assert_cmpuint (route->served, ==, 1);
  outcome_clear (&outcome);
}

static void
test_malformed (void)
{
  g_autofree char *base = base_url ("/v1");
  g_autoptr(PdHttpClient) client = make_client (base);
  g_autoptr(PdHttpRequest) get = pd_http_request_new ("GET", "/garbled");
  g_autoptr(PdHttpRequest) post = pd_http_request_new ("POST", "/garbled");
  Outcome outcome = { 0, };
  Route *route;

  route = script_one ("/v1/garbled", (Step) { STEP_RESPOND, 200, NULL, "{\"id\": \"ch_1\", \"amount\": 12" });
  send_and_wait (client, get, &outcome);
  g_assert_error (outcome.error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_MALFORMED);
  g_assert_false (pd_provider_error_is_outcome_unknown (outcome.error));
  g_assert_cmpuint (pd_provider_error_get_http_status (outcome.error), ==, 200);
  g_assert_cmpuint (route->served, ==, 1);
  outcome_clear (&outcome);

  /* The provider said yes to a POST, but nobody can read what it did. */
  pd_http_request_set_idempotency_key (post, "garbled-1");
  send_and_wait (client, post, &outcome);
  g_assert_error (outcome.error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_MALFORMED);
  g_assert_true (pd_provider_error_is_outcome_unknown (outcome.error));
  g_assert_nonnull (strstr (outcome.error->message, "may have been applied"));
  g_assert_cmpuint (route->served, ==, 2);
  outcome_clear (&outcome);
}

static void
test_dropped_connection (void)
{
  g_autofree char *base = base_url ("/v1");
  g_autoptr(PdHttpClient) client = make_client (base);
  g_autoptr(PdHttpRequest) post = pd_http_request_new ("POST", "/Disbursements");
  g_autoptr(PdHttpRequest) get = pd_http_request_new ("GET", "/dropping");
  Outcome outcome = { 0, };
  Route *route;

  route = script_one ("/v1/Disbursements", (Step) { STEP_DROP });
  pd_json_writer_member (pd_http_request_get_json_object (post), "amount");
  pd_json_writer_int (pd_http_request_get_json_object (post), 5000);
  send_and_wait (client, post, &outcome);
  g_assert_error (outcome.error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NETWORK);
  g_assert_true (pd_provider_error_is_outcome_unknown (outcome.error));
  g_assert_cmpuint (pd_provider_error_get_http_status (outcome.error), ==, 0);
  g_assert_cmpuint (route->served, ==, 1);
  outcome_clear (&outcome);

  /* A read is simply tried again, and changes nothing if it never arrives. */
  route = script_one ("/v1/dropping", (Step) { STEP_DROP });
  pd_http_client_set_max_attempts (client, 2);
  send_and_wait (client, get, &outcome);
  g_assert_error (outcome.error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NETWORK);
  g_assert_false (pd_provider_error_is_outcome_unknown (outcome.error));
  g_assert_cmpuint (route->served, >=, 2);
  outcome_clear (&outcome);
}

static guint16
unused_loopback_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  /* Closed again, so nothing listens there. */
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
test_connection_refused (void)
{
  g_autofree char *base = g_strdup_printf ("http://127.0.0.1:%u/v1", unused_loopback_port ());
  g_autoptr(PdHttpClient) client = make_client (base);
  g_autoptr(PdHttpRequest) post = pd_http_request_new ("POST", "/Charges");
  Outcome outcome = { 0, };

  send_and_wait (client, post, &outcome);
  g_assert_error (outcome.error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NETWORK);
  /* Nothing was sent, so nothing can have happened. */
  g_assert_false (pd_provider_error_is_outcome_unknown (outcome.error));
  g_assert_true (g_str_has_prefix (outcome.error->message, "Could not reach FayaPay"));
  outcome_clear (&outcome);

  /* Every loopback address may use plain http: these are tried (and find
   * nothing listening) rather than refused as insecure. */
  {
    guint16 port = unused_loopback_port ();
    g_autofree char *other = g_strdup_printf ("http://127.0.0.2:%u/v1", port);
    g_autofree char *ipv6 = g_strdup_printf ("http://[::1]:%u/v1", port);
    g_autofree char *name = g_strdup_printf ("http://localhost:%u/v1", port);
    const char * const loopback[] = { other, ipv6, name };

    for (guint i = 0; i < G_N_ELEMENTS (loopback); i++)
      {
        g_autoptr(PdHttpClient) local = make_client (loopback[i]);
        g_autoptr(PdHttpRequest) get = pd_http_request_new ("GET", "/Charges");

        pd_http_client_set_max_attempts (local, 1);
        send_and_wait (local, get, &outcome);
        g_test_message ("%s: %s", loopback[i], outcome.error->message);
        g_assert_error (outcome.error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NETWORK);
        outcome_clear (&outcome);
      }
  }
}

static void
test_timeout (void)
{
  g_autofree char *base = base_url ("/v1");
  g_autoptr(PdHttpClient) client = make_client (base);
  g_autoptr(PdHttpRequest) get = pd_http_request_new ("GET", "/slow");
  g_autoptr(PdHttpRequest) post = pd_http_request_new ("POST", "/slow");
  Outcome outcome = { 0, };
  Route *route = script_one ("/v1/slow", (Step) { STEP_SLOW, 200, NULL, "{}", NULL, 1500 });

  pd_http_client_set_timeout (client, 300);
  pd_http_client_set_max_attempts (client, 2);
  send_and_wait (client, get, &outcome);
  g_assert_error (outcome.error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_TIMEOUT);
  g_assert_false (pd_provider_error_is_outcome_unknown (outcome.error));
  g_assert_cmpuint (route->served, ==, 2);
  g_assert_cmpfloat (outcome_seconds (&outcome), >=, 0.55);
  g_assert_cmpfloat (outcome_seconds (&outcome), <, 1.4);
  outcome_clear (&outcome);

  send_and_wait (client, post, &outcome);
  g_assert_error (outcome.error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_TIMEOUT);
  g_assert_true (pd_provider_error_is_outcome_unknown (outcome.error));
  g_assert_cmpuint (route->served, ==, 3);
  g_assert_cmpfloat (outcome_seconds (&outcome), <, 1.0);
  outcome_clear (&outcome);
}

static gboolean
cancel_now (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  g_autofree char *base = base_url ("/v1");
  PdHttpClient *client = make_client (base);
  g_autoptr(PdHttpRequest) request = pd_http_request_new ("GET", "/slow-cancel");
  g_autoptr(PdHttpRequest) waiting = pd_http_request_new ("GET", "/busy");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancellable2 = g_cancellable_new ();
  Outcome outcome = { 0, };
  Route *route;

  route = script_one ("/v1/slow-cancel", (Step) { STEP_SLOW, 200, NULL, "{}", NULL, 1000 });
  g_object_add_weak_pointer (G_OBJECT (client), (gpointer *)&client);

  outcome.started = g_get_monotonic_time ();
  pd_http_client_request_async (client, request, cancellable, on_request_done, &outcome);
  /* The caller lets go of the client at once; the request keeps it alive. */
  g_object_unref (client);
  g_assert_nonnull (client);
  g_timeout_add (100, cancel_now, cancellable);
  wait_for_outcome (&outcome);

  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (outcome.response);
  g_assert_cmpfloat (outcome_seconds (&outcome), <, 0.9);
  g_assert_cmpuint (route->served, ==, 1);

  /* Nothing runs after the callback: the client goes, and no second
   * callback or retry comes even once the server answers. */
  spin_for (50);
  g_assert_null (client);
  spin_for (1100);
  g_assert_cmpuint (outcome.calls, ==, 1);
  g_assert_cmpuint (route->served, ==, 1);
  outcome_clear (&outcome);

  /* Cancelled while waiting to retry. */
  client = make_client (base);
  g_object_add_weak_pointer (G_OBJECT (client), (gpointer *)&client);
  pd_http_client_set_retry_delay (client, 10000);
  pd_http_client_set_max_retry_delay (client, 10000);
  pd_http_client_set_random_func (client, longest_wait, NULL, NULL);
  route = script_one ("/v1/busy", (Step) { STEP_RESPOND, 503 });

  outcome.started = g_get_monotonic_time ();
  pd_http_client_request_async (client, waiting, cancellable2, on_request_done, &outcome);
  g_object_unref (client);
  g_timeout_add (300, cancel_now, cancellable2);
  wait_for_outcome (&outcome);

  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (outcome_seconds (&outcome), <, 2.0);
  g_assert_cmpuint (route->served, ==, 1);
  spin_for (50);
  g_assert_null (client);
  g_assert_cmpuint (outcome.calls, ==, 1);
  outcome_clear (&outcome);

  /* Cancelled before it starts. */
  client = make_client (base);
  outcome.started = g_get_monotonic_time ();
  pd_http_client_request_async (client, waiting, cancellable2, on_request_done, &outcome);
  wait_for_outcome (&outcome);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (route->served, ==, 1);
  outcome_clear (&outcome);
  g_assert_finalize_object (client);
}

static guint queued_requests;

static void
on_request_queued (SoupSession *session,
                   SoupMessage *message,
                   gpointer     user_data)
{
  queued_requests++;
}

static gboolean
prepare_counting (PdHttpClient   *client,
                  PdHttpRequest  *request,
                  gpointer        user_data,
                  GError        **error)
{
  guint *calls = user_data;

  (*calls)++;
  pd_http_request_set_header (request, "authorization", "sk_live_never_sent");

  return TRUE;
}

static void
test_insecure (void)
{
  static const char * const refused[] = {
    "http://example.invalid/v1",
    "http://api.fayapay.io/v1",
    "http://10.0.0.1:8080/v1",
    "http://192.168.1.1/v1",
    "http://[fe80::1]/v1",
    "http://localhost.example.invalid/v1",
    "http://127.0.0.1.example.invalid/v1",
    "ftp://127.0.0.1/v1",
    "example.invalid/v1",
    "not a url",
    "",
  };
  SoupSession *session = pd_http_session_get_default ();
  gulong handler = g_signal_connect (session, "request-queued", G_CALLBACK (on_request_queued), NULL);
  guint prepared = 0;

  queued_requests = 0;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(PdHttpClient) client = make_client (refused[i]);
      g_autoptr(PdHttpRequest) request = pd_http_request_new ("POST", "/Charges");
      Outcome outcome = { 0, };

      pd_http_client_set_prepare_func (client, prepare_counting, &prepared, NULL);
      send_and_wait (client, request, &outcome);
      g_test_message ("%s: %s", refused[i], outcome.error->message);
      g_assert_error (outcome.error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_INSECURE);
      g_assert_false (pd_provider_error_is_outcome_unknown (outcome.error));
      outcome_clear (&outcome);
    }

  /* No base URL at all. */
  {
    g_autoptr(PdHttpClient) client = make_client (NULL);
    g_autoptr(PdHttpRequest) request = pd_http_request_new ("GET", "/Charges");
    Outcome outcome = { 0, };

    send_and_wait (client, request, &outcome);
    g_assert_error (outcome.error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_INSECURE);
    outcome_clear (&outcome);
  }

  /* Nothing was queued on the session, so nothing connected or resolved,
   * and no credentials were even added. */
  g_assert_cmpuint (queued_requests, ==, 0);
  g_assert_cmpuint (prepared, ==, 0);
  g_signal_handler_disconnect (session, handler);
}

static void
test_tls_fails_closed (void)
{
  g_autofree char *base = g_strconcat (tls_server.base, "/v1", NULL);
  g_autoptr(PdHttpClient) client = make_client (base);
  g_autoptr(PdHttpRequest) request = pd_http_request_new ("POST", "/Charges");
  Outcome outcome = { 0, };
  Route *route;

#ifdef __SANITIZE_ADDRESS__
  /* glib-networking runs the handshake on a worker thread whose dynamic
   * TLS (GnuTLS's) LeakSanitizer of GCC 12 on glibc 2.36 cannot scan: it
   * crashes at exit. The normal build runs this test. */
  g_test_skip ("LeakSanitizer crashes on the TLS handshake thread");
  return;
#endif

  route = g_new0 (Route, 1);
  route->steps = g_array_new (FALSE, FALSE, sizeof (Step));
  g_array_append_val (route->steps, ((Step) { STEP_RESPOND, 200, NULL, "{}" }));
  route->idempotency_keys = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_replace (tls_server.routes, g_strdup ("/v1/Charges"), route);

  pd_http_request_set_header (request, "authorization", "sk_live_must_not_leave");
  send_and_wait (client, request, &outcome);

  g_test_message ("%s", outcome.error != NULL ? outcome.error->message : "no error");
  g_assert_error (outcome.error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_TLS);
  g_assert_false (pd_provider_error_is_outcome_unknown (outcome.error));
  g_assert_cmpuint (route->served, ==, 0);
  outcome_clear (&outcome);
}

typedef struct
{
  guint calls;
} AuthState;

static gboolean
prepare_all_kinds (PdHttpClient   *client,
                   PdHttpRequest  *request,
                   gpointer        user_data,
                   GError        **error)
{
  AuthState *state = user_data;
  PdJsonWriter *writer;

  state->calls++;

  /* FayaPay, EnayaPay and PawaCard styles in one request. */
  pd_http_request_set_header (request, "authorization", "fp_key_123");
  pd_http_request_set_header (request, "x-api-key", "enaya_key_456");
  pd_http_request_set_header (request, "token", "enaya_token_789");
  writer = pd_http_request_get_json_object (request);
  pd_json_writer_member (writer, "username");
  pd_json_writer_string (writer, "testvendor");
  pd_json_writer_member (writer, "key");
  pd_json_writer_string (writer, "pawa_key_abc");

  return TRUE;
}

static gboolean
prepare_failing (PdHttpClient   *client,
                 PdHttpRequest  *request,
                 gpointer        user_data,
                 GError        **error)
{
  g_propagate_error (error, pd_provider_error_new (PD_PROVIDER_ERROR_AUTH, "PawaCard", 0,
                                                   NULL, "Not logged in"));
  return FALSE;
}

static void
test_auth_hook (void)
{
  static const Step steps[] = {
    { STEP_RESPOND, 503 },
    { STEP_RESPOND, 200, NULL, "{\"status\": 0, \"msg\": \"success\"}" },
  };
  g_autofree char *base = base_url ("/v3");
  g_autoptr(PdHttpClient) client = make_client (base);
  g_autoptr(PdHttpRequest) request = pd_http_request_new ("POST", "/transaction");
  g_autoptr(PdHttpRequest) basic = pd_http_request_new ("GET", "/customers");
  g_autoptr(PdHttpRequest) refused = pd_http_request_new ("POST", "/vend");
  g_autoptr(JsonNode) sent = NULL;
  g_autofree char *expected_basic = NULL;
  AuthState state = { 0, };
  Outcome outcome = { 0, };
  JsonObject *object;
  Route *route = script ("/v3/transaction", steps, G_N_ELEMENTS (steps));
  Route *customers;
  Route *vend;

  pd_http_client_set_prepare_func (client, prepare_all_kinds, &state, NULL);

  /* A status lookup is a POST that changes nothing. */
  pd_http_request_set_retry_safe (request, TRUE);
  pd_json_writer_member (pd_http_request_get_json_object (request), "ref");
  pd_json_writer_string (pd_http_request_get_json_object (request), "370474587102");
  pd_json_writer_member (pd_http_request_get_json_object (request), "amount");
  pd_json_writer_raw_number (pd_http_request_get_json_object (request), "2152.20");
  send_and_wait (client, request, &outcome);

  g_assert_no_error (outcome.error);
  g_assert_cmpuint (route->served, ==, 2);
  g_assert_cmpuint (state.calls, ==, 1);
  g_assert_cmpstr (soup_message_headers_get_one (route->headers, "Authorization"), ==, "fp_key_123");
  g_assert_cmpstr (soup_message_headers_get_one (route->headers, "X-Api-Key"), ==, "enaya_key_456");
  g_assert_cmpstr (soup_message_headers_get_one (route->headers, "token"), ==, "enaya_token_789");

  sent = pd_json_parse_bytes (route->body, NULL);
  g_assert_nonnull (sent);
  object = json_node_get_object (sent);
  g_assert_cmpstr (json_object_get_string_member (object, "ref"), ==, "370474587102");
  g_assert_cmpstr (json_object_get_string_member (object, "amount"), ==, "2152.20");
  g_assert_cmpstr (json_object_get_string_member (object, "username"), ==, "testvendor");
  g_assert_cmpstr (json_object_get_string_member (object, "key"), ==, "pawa_key_abc");
  outcome_clear (&outcome);

  /* EoneoPay: the key is the basic-auth user. */
  pd_http_client_set_prepare_func (client, NULL, NULL, NULL);
  customers = script_one ("/v3/customers", (Step) { STEP_RESPOND, 200, NULL, "[]" });
  pd_http_request_set_basic_auth (basic, "sk_test_QyeTXFXrvKd0I7sGObQGY6mi", NULL);
  send_and_wait (client, basic, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_nonnull (pd_http_response_get_array (outcome.response));
  expected_basic = g_strconcat ("Basic ", "c2tfdGVzdF9ReWVUWEZYcnZLZDBJN3NHT2JRR1k2bWk6", NULL);
  g_assert_cmpstr (soup_message_headers_get_one (customers->headers, "Authorization"), ==, expected_basic);
  outcome_clear (&outcome);

  /* A hook that cannot add credentials stops the request before it leaves. */
  pd_http_client_set_prepare_func (client, prepare_failing, NULL, NULL);
  vend = script_one ("/v3/vend", (Step) { STEP_RESPOND, 200, NULL, "{}" });
  send_and_wait (client, refused, &outcome);
  g_assert_error (outcome.error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_AUTH);
  g_assert_cmpuint (vend->served, ==, 0);
  outcome_clear (&outcome);
}

static void
parse_fayapay_errors (PdHttpClient       *client,
                      PdHttpErrorDetails *details,
                      gpointer            user_data)
{
  guint *calls = user_data;

  (*calls)++;
  pd_http_error_details_parse_default (details);

  if (g_strcmp0 (details->provider_code, "duplicate_reference") == 0)
    details->code = PD_PROVIDER_ERROR_CONFLICT;
}

static void
test_error_parser_hook (void)
{
  g_autofree char *base = base_url ("/v1");
  g_autoptr(PdHttpClient) client = make_client (base);
  g_autoptr(PdHttpRequest) request = pd_http_request_new ("POST", "/Charges-dup");
  Outcome outcome = { 0, };
  guint calls = 0;

  script_one ("/v1/Charges-dup", (Step) {
    STEP_RESPOND, 400, NULL,
    "{\"object\": \"error\", \"code\": \"duplicate_reference\", \"messages\": [\"Reference ref-7 was already used\"]}"
  });
  pd_http_client_set_error_parser (client, parse_fayapay_errors, &calls, NULL);
  send_and_wait (client, request, &outcome);

  g_assert_cmpuint (calls, ==, 1);
  g_assert_error (outcome.error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_CONFLICT);
  g_assert_cmpuint (pd_provider_error_get_http_status (outcome.error), ==, 400);
  g_assert_cmpstr (pd_provider_error_get_provider_code (outcome.error), ==, "duplicate_reference");
  g_assert_nonnull (strstr (outcome.error->message, "Reference ref-7 was already used"));
  outcome_clear (&outcome);
}

static gboolean
prepare_secrets (PdHttpClient   *client,
                 PdHttpRequest  *request,
                 gpointer        user_data,
                 GError        **error)
{
  pd_http_request_set_header (request, "authorization", "sk_live_SECRETKEY42");
  pd_http_request_set_header (request, "x-api-key", "apikey-SECRET-77");

  return TRUE;
}

static void
test_log_redacted (void)
{
  static const char * const secrets[] = {
    "sk_live_SECRETKEY42",
    "apikey-SECRET-77",
    "query-SECRET-99",
    "hunter2-SECRET",
    "4111111111111111",
    "4111 1111 1111 1111",
    "tok-SECRET-55",
    "cGF5ZGVzazpodW50ZXIy",
  };
  g_autofree char *base = base_url ("/v1");
  g_autoptr(PdHttpClient) client = make_client (base);
  g_autoptr(PdHttpRequest) request = pd_http_request_new ("POST", "/log-check");
  g_autoptr(PdHttpRequest) failing = pd_http_request_new ("POST", "/log-fail");
  g_autoptr(PdHttpRequest) basic = pd_http_request_new ("GET", "/log-basic");
  PdJsonWriter *writer;
  Outcome outcome = { 0, };

  script_one ("/v1/log-check", (Step) {
    STEP_RESPOND, 201, NULL,
    "{\"id\": \"ch_1\", \"source\": {\"number\": \"4111111111111111\"}, \"token\": \"tok-SECRET-55\", \"amount\": 10}"
  });
  script_one ("/v1/log-fail", (Step) {
    STEP_RESPOND, 400, NULL, "{\"message\": \"card 4111 1111 1111 1111 declined\", \"password\": \"hunter2-SECRET\"}"
  });
  script_one ("/v1/log-basic", (Step) { STEP_RESPOND, 200, NULL, "{}" });

  g_string_truncate (captured_log, 0);
  pd_http_client_set_prepare_func (client, prepare_secrets, NULL, NULL);

  pd_http_request_add_query (request, "api_key", "query-SECRET-99");
  writer = pd_http_request_get_json_object (request);
  pd_json_writer_member (writer, "password");
  pd_json_writer_string (writer, "hunter2-SECRET");
  pd_json_writer_member (writer, "card");
  pd_json_writer_begin_object (writer);
  pd_json_writer_member (writer, "number");
  pd_json_writer_string (writer, "4111111111111111");
  pd_json_writer_member (writer, "cvv");
  pd_json_writer_string (writer, "123");
  pd_json_writer_end_object (writer);
  send_and_wait (client, request, &outcome);
  g_assert_no_error (outcome.error);
  outcome_clear (&outcome);

  send_and_wait (client, failing, &outcome);
  g_assert_error (outcome.error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_VALIDATION);
  g_assert_null (strstr (outcome.error->message, "4111 1111 1111 1111"));
  outcome_clear (&outcome);

  pd_http_client_set_prepare_func (client, NULL, NULL, NULL);
  pd_http_request_set_basic_auth (basic, "paydesk", "hunter2");
  send_and_wait (client, basic, &outcome);
  g_assert_no_error (outcome.error);
  outcome_clear (&outcome);

  g_test_message ("log:\n%s", captured_log->str);

  /* The log says what happened… */
  g_assert_nonnull (strstr (captured_log->str, "POST"));
  g_assert_nonnull (strstr (captured_log->str, "/v1/log-check"));
  g_assert_nonnull (strstr (captured_log->str, "201"));
  g_assert_nonnull (strstr (captured_log->str, "400"));
  g_assert_nonnull (strstr (captured_log->str, "ch_1"));
  g_assert_nonnull (strstr (captured_log->str, " ms"));
  g_assert_nonnull (strstr (captured_log->str, "request body"));
  g_assert_nonnull (strstr (captured_log->str, "************1111"));
  g_assert_nonnull (strstr (captured_log->str, "api_key="));

  /* …and none of the secrets. */
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      if (strstr (captured_log->str, secrets[i]) != NULL)
        g_error ("the debug log shows “%s”", secrets[i]);
    }
}

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  if ((level & G_LOG_LEVEL_DEBUG) && g_strcmp0 (domain, "Paydesk") == 0)
    {
      g_string_append_printf (captured_log, "%s\n", message);
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (level, fields, n_fields, user_data);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* The log test needs the debug messages to be produced; they are kept
   * here rather than printed. */
  g_setenv ("G_MESSAGES_DEBUG", "Paydesk", TRUE);
  /* Loopback only, whatever proxy the environment names. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_init (&argc, &argv, NULL);

  test_server_start (&http_server, FALSE);
  test_server_start (&tls_server, TRUE);

  g_test_add_func ("/http/error-domain", test_error_domain);
  g_test_add_func ("/http/get-exact-json", test_get_exact_json);
  g_test_add_func ("/http/path-segments-empty-body", test_path_segments_and_empty_body);
  g_test_add_func ("/http/status-errors", test_status_errors);
  g_test_add_func ("/http/retry-get-until-success", test_retry_get_until_success);
  g_test_add_func ("/http/post-without-key-not-retried", test_post_without_key_not_retried);
  g_test_add_func ("/http/post-with-key-retried", test_post_with_key_retried);
  g_test_add_func ("/http/rate-limit-retry-after", test_rate_limit_retry_after);
  g_test_add_func ("/http/rate-limit-too-long", test_rate_limit_too_long);
  g_test_add_func ("/http/malformed", test_malformed);
  g_test_add_func ("/http/dropped-connection", test_dropped_connection);
  g_test_add_func ("/http/connection-refused", test_connection_refused);
  g_test_add_func ("/http/timeout", test_timeout);
  g_test_add_func ("/http/cancel", test_cancel);
  g_test_add_func ("/http/insecure", test_insecure);
  g_test_add_func ("/http/tls-fails-closed", test_tls_fails_closed);
  g_test_add_func ("/http/auth-hook", test_auth_hook);
  g_test_add_func ("/http/error-parser-hook", test_error_parser_hook);
  g_test_add_func ("/http/log-redacted", test_log_redacted);

  status = g_test_run ();

  test_server_stop (&http_server);
  test_server_stop (&tls_server);
  g_string_free (captured_log, TRUE);

  return status;
}

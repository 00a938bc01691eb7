/* pd-test-sandbox.c - run paydesk-sandbox from a test and talk to it
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-test-sandbox.h"

#include <signal.h>
#include <string.h>

#include "pd-json.h"

struct _PdTestSandbox
{
  GSubprocess *process;
  char        *first_line;
  JsonNode    *description;
  SoupSession *session;
};

static const char *
sandbox_path (void)
{
  const char *path = g_getenv ("PAYDESK_SANDBOX");

  if (path == NULL || *path == '\0')
    g_error ("PAYDESK_SANDBOX must name the paydesk-sandbox program to test");

  return path;
}

/* Starts the sandbox with the given arguments, NULL-terminated (always on
 * --port 0), and waits for its first line. */
PdTestSandbox *
pd_test_sandbox_start (const char *first_argument,
                       ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  PdTestSandbox *self = g_new0 (PdTestSandbox, 1);
  va_list args;

  g_ptr_array_add (argv, (gpointer)sandbox_path ());
  g_ptr_array_add (argv, (gpointer)"--port");
  g_ptr_array_add (argv, (gpointer)"0");

  va_start (args, first_argument);
  for (const char *argument = first_argument; argument != NULL; argument = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)argument);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  self->process = g_subprocess_newv ((const char * const *)argv->pdata,
                                     G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                     &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  self->first_line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (self->first_line);

  self->description = pd_json_parse (self->first_line, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (self->description));

  self->session = soup_session_new_with_options ("timeout", 30, NULL);

  return self;
}

/* Stops the sandbox with SIGTERM and checks that it exits cleanly (under
 * the sanitizers, a leak makes that exit status non-zero). */
void
pd_test_sandbox_stop (PdTestSandbox *self)
{
  g_autoptr(GError) error = NULL;

  if (self == NULL)
    return;

  if (self->process != NULL)
    {
      g_subprocess_send_signal (self->process, SIGTERM);
      g_subprocess_wait (self->process, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (self->process));
      g_assert_cmpint (g_subprocess_get_exit_status (self->process), ==, 0);
    }

  g_clear_object (&self->session);
  g_clear_object (&self->process);
  g_clear_pointer (&self->description, json_node_unref);
  g_free (self->first_line);
  g_free (self);
}

GSubprocess *
pd_test_sandbox_get_process (PdTestSandbox *self)
{
  return self->process;
}

const char *
pd_test_sandbox_get_first_line (PdTestSandbox *self)
{
  return self->first_line;
}

JsonObject *
pd_test_sandbox_get_description (PdTestSandbox *self)
{
  return json_node_get_object (self->description);
}

const char *
pd_test_sandbox_get_control_url (PdTestSandbox *self)
{
  return pd_test_assert_string_member (pd_test_sandbox_get_description (self), "control");
}

const char *
pd_test_sandbox_get_base_url (PdTestSandbox *self,
                              const char    *provider)
{
  JsonObject *providers = pd_test_assert_object_member (pd_test_sandbox_get_description (self), "providers");

  return pd_test_assert_string_member (providers, provider);
}

const char *
pd_test_sandbox_get_credential (PdTestSandbox *self,
                                const char    *provider,
                                const char    *field)
{
  JsonObject *credentials = pd_test_assert_object_member (pd_test_sandbox_get_description (self), "credentials");

  return pd_test_assert_string_member (pd_test_assert_object_member (credentials, provider), field);
}

char *
pd_test_sandbox_url (PdTestSandbox *self,
                     const char    *provider,
                     const char    *path)
{
  return g_strconcat (pd_test_sandbox_get_base_url (self, provider), path, NULL);
}

PdTestResponse *
pd_test_sandbox_send (PdTestSandbox       *self,
                      const PdTestRequest *request)
{
  g_autoptr(SoupMessage) message = soup_message_new (request->method, request->url);
  g_autoptr(SoupSession) own_session = NULL;
  PdTestResponse *response = g_new0 (PdTestResponse, 1);
  SoupSession *session = self->session;
  gint64 started;

  g_assert_nonnull (message);

  if (request->timeout_seconds > 0)
    session = own_session = soup_session_new_with_options ("timeout", request->timeout_seconds, NULL);

  if (request->fresh_connection)
    soup_message_add_flags (message, SOUP_MESSAGE_NEW_CONNECTION);

  for (guint i = 0; request->headers != NULL && request->headers[i] != NULL; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (message),
                                  request->headers[i], request->headers[i + 1]);

  if (request->body != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (request->body, strlen (request->body));

      soup_message_set_request_body_from_bytes (message,
                                                request->content_type ? request->content_type : "application/json",
                                                body);
    }

  started = g_get_monotonic_time ();
  response->body = soup_session_send_and_read (session, message, NULL, &response->error);
  response->elapsed_ms = (g_get_monotonic_time () - started) / 1000.0;
  response->status = soup_message_get_status (message);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (message));

  if (response->body != NULL && g_bytes_get_size (response->body) > 0)
    response->json = pd_json_parse_bytes (response->body, NULL);

  return response;
}

PdTestResponse *
pd_test_sandbox_control (PdTestSandbox *self,
                         const char    *method,
                         const char    *path,
                         const char    *body)
{
  g_autofree char *url = g_strconcat (pd_test_sandbox_get_control_url (self), path, NULL);
  PdTestRequest request = { .method = method, .url = url, .body = body };

  return pd_test_sandbox_send (self, &request);
}

guint
pd_test_sandbox_arm_fault (PdTestSandbox *self,
                           const char    *fault_json)
{
  g_autoptr(PdTestResponse) response = pd_test_sandbox_control (self, "POST", "/faults", fault_json);
  gint64 id;

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, 200);
  id = pd_test_assert_int_member (pd_test_response_get_object (response), "id");
  g_assert_cmpint (id, >, 0);

  return (guint)id;
}

void
pd_test_sandbox_clear_faults (PdTestSandbox *self)
{
  g_autoptr(PdTestResponse) response = pd_test_sandbox_control (self, "DELETE", "/faults", NULL);

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, 200);
}

/* The ledger's entries (of @provider only, unless it is NULL). */
JsonArray *
pd_test_sandbox_get_ledger (PdTestSandbox *self,
                            const char    *provider)
{
  g_autofree char *path = provider ? g_strdup_printf ("/ledger?provider=%s", provider) : g_strdup ("/ledger");
  g_autoptr(PdTestResponse) response = pd_test_sandbox_control (self, "GET", path, NULL);

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, 200);

  return json_array_ref (pd_test_assert_array_member (pd_test_response_get_object (response), "entries"));
}

/**
 * pd_test_sandbox_count_ledger:
 * @self: the sandbox
 * @provider: (nullable): the provider whose entries count, or %NULL for all
 * @operation: the entries' "operation", such as "refund"
 * @first_member: (nullable): the name of a string member of the entries,
 *   followed by the value it must have, then more such pairs, then %NULL
 *
 * A %NULL value leaves its member free, so that callers can pass an
 * optional filter through.
 *
 * Returns: how many entries of the ledger match
 */
guint
pd_test_sandbox_count_ledger (PdTestSandbox *self,
                              const char    *provider,
                              const char    *operation,
                              const char    *first_member,
                              ...)
{
  g_autoptr(JsonArray) ledger = pd_test_sandbox_get_ledger (self, provider);
  guint count = 0;

  for (guint i = 0; i < json_array_get_length (ledger); i++)
    {
      JsonObject *entry = json_array_get_object_element (ledger, i);
      gboolean match = g_strcmp0 (pd_json_get_string (entry, "operation"), operation) == 0;
      const char *member = first_member;
      va_list args;

      va_start (args, first_member);
      while (match && member != NULL)
        {
          const char *value = va_arg (args, const char *);

          match = value == NULL || g_strcmp0 (pd_json_get_string (entry, member), value) == 0;
          member = va_arg (args, const char *);
        }
      va_end (args);

      if (match)
        count++;
    }

  return count;
}

void
pd_test_sandbox_clear_ledger (PdTestSandbox *self)
{
  g_autoptr(PdTestResponse) response = pd_test_sandbox_control (self, "DELETE", "/ledger", NULL);

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, 200);
}

char *
pd_test_sandbox_get_clock (PdTestSandbox *self)
{
  g_autoptr(PdTestResponse) response = pd_test_sandbox_control (self, "GET", "/clock", NULL);

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, 200);

  return g_strdup (pd_test_assert_string_member (pd_test_response_get_object (response), "now"));
}

void
pd_test_sandbox_advance_clock (PdTestSandbox *self,
                               gint64         seconds)
{
  g_autofree char *body = g_strdup_printf ("{\"advance_seconds\":%" G_GINT64_FORMAT "}", seconds);
  g_autoptr(PdTestResponse) response = pd_test_sandbox_control (self, "POST", "/clock", body);

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, 200);
}

void
pd_test_response_free (PdTestResponse *response)
{
  if (response == NULL)
    return;

  g_clear_error (&response->error);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_free (response);
}

JsonObject *
pd_test_response_get_object (PdTestResponse *response)
{
  g_assert_no_error (response->error);
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));

  return json_node_get_object (response->json);
}

JsonArray *
pd_test_response_get_array (PdTestResponse *response)
{
  g_assert_no_error (response->error);
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (response->json));

  return json_node_get_array (response->json);
}

char *
pd_test_response_dup_text (PdTestResponse *response)
{
  gsize length = 0;
  const char *data = response->body ? g_bytes_get_data (response->body, &length) : NULL;

  return g_strndup (data ? data : "", length);
}

static JsonNode *
assert_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    g_error ("the member “%s” is missing", member);

  return node;
}

const char *
pd_test_assert_string_member (JsonObject *object,
                              const char *member)
{
  JsonNode *node = assert_member (object, member);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    g_error ("the member “%s” is not a string", member);

  return json_node_get_string (node);
}

void
pd_test_assert_null_member (JsonObject *object,
                            const char *member)
{
  if (!JSON_NODE_HOLDS_NULL (assert_member (object, member)))
    g_error ("the member “%s” is not null", member);
}

void
pd_test_assert_string_or_null (JsonObject *object,
                               const char *member)
{
  JsonNode *node = assert_member (object, member);

  if (!JSON_NODE_HOLDS_NULL (node))
    pd_test_assert_string_member (object, member);
}

gint64
pd_test_assert_int_member (JsonObject *object,
                           const char *member)
{
  JsonNode *node = assert_member (object, member);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    g_error ("the member “%s” is not an integer", member);

  return json_node_get_int (node);
}

gboolean
pd_test_assert_boolean_member (JsonObject *object,
                               const char *member)
{
  JsonNode *node = assert_member (object, member);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    g_error ("the member “%s” is not a boolean", member);

  return json_node_get_boolean (node);
}

JsonObject *
pd_test_assert_object_member (JsonObject *object,
                              const char *member)
{
  JsonNode *node = assert_member (object, member);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    g_error ("the member “%s” is not an object", member);

  return json_node_get_object (node);
}

JsonArray *
pd_test_assert_array_member (JsonObject *object,
                             const char *member)
{
  JsonNode *node = assert_member (object, member);

  if (!JSON_NODE_HOLDS_ARRAY (node))
    g_error ("the member “%s” is not an array", member);

  return json_node_get_array (node);
}

/**
 * pd_test_sandbox_dup_eoneopay_card:
 * @self: the sandbox
 * @customer_id: (out) (optional): where to put the card's customer
 *
 * A card of a seeded EoneoPay customer that has not expired by the
 * sandbox's 2026-06-30, read from the sandbox's /customers.
 *
 * Returns: (transfer full): the card's token
 */
char *
pd_test_sandbox_dup_eoneopay_card (PdTestSandbox  *self,
                                   char          **customer_id)
{
  const char *key = pd_test_sandbox_get_credential (self, "eoneopay", "api_key");
  g_autofree char *url = pd_test_sandbox_url (self, "eoneopay", "/customers");
  g_autofree char *user = g_strconcat (key, ":", NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *)user, strlen (user));
  g_autofree char *authorization = g_strconcat ("Basic ", encoded, NULL);
  const char *headers[] = { "Authorization", authorization, NULL };
  PdTestRequest request = { .method = "GET", .url = url, .headers = headers };
  g_autoptr(PdTestResponse) response = pd_test_sandbox_send (self, &request);
  JsonArray *customers;

  g_assert_cmpuint (response->status, ==, 200);
  customers = pd_test_response_get_array (response);
  for (guint i = 0; i < json_array_get_length (customers); i++)
    {
      JsonObject *customer = json_array_get_object_element (customers, i);
      JsonArray *cards = json_object_get_array_member (customer, "credit_cards");

      for (guint j = 0; cards != NULL && j < json_array_get_length (cards); j++)
        {
          JsonObject *card = json_array_get_object_element (cards, j);
          const char *expiry = json_object_get_string_member (json_object_get_object_member (card, "creditCardInfo"),
                                                              "expiryDate");
          guint month = (guint)g_ascii_strtoull (expiry, NULL, 10);
          guint year = (guint)g_ascii_strtoull (expiry + 3, NULL, 10);

          if (year > 26 || (year == 26 && month >= 7))
            {
              if (customer_id != NULL)
                *customer_id = g_strdup (json_object_get_string_member (customer, "id"));
              return g_strdup (json_object_get_string_member (card, "token"));
            }
        }
    }

  g_assert_not_reached ();
}

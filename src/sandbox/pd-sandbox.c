/* pd-sandbox.c - the simulator framework: servers, routes, requests
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-sandbox-private.h"

#include <string.h>

#include "pd-sandbox-replay.h"

typedef struct
{
  char              *method;
  char             **segments;
  PdSandboxHandler   handler;
} Route;

struct _PdSandboxProvider
{
  PdSandbox                   *sandbox;
  const PdSandboxProviderInfo *info;
  PdSandboxRandom              random;
  gpointer                     state;
  GPtrArray                   *routes;
  GPtrArray                   *credentials;
  GStringChunk                *strings;
  PdSandboxReplay             *replay;
  SoupServer                  *server;
  char                        *base_url;
  GHashTable                  *waiting;
};

struct _PdSandboxRequest
{
  PdSandboxProvider *provider;
  SoupServerMessage *msg;
  char              *path;
  char              *query_string;
  GHashTable        *query;
  GPtrArray         *params;
  GBytes            *body;
  guint              status;
  char              *content_type;
  GBytes            *response;
  GPtrArray         *headers;
  PdSandboxFault     fault;
  gboolean           has_fault;
  gboolean           paused;
  gboolean           disconnected;
  gulong             disconnected_id;
  guint              timeout_id;
  gint64             started;
};

static const char json_content_type[] = "application/json; charset=utf-8";

/* What a misbehaving gateway sends in place of JSON. */
static const char malformed_body[] =
  "<html><head><title>502 Bad Gateway</title></head>"
  "<body><h1>Bad Gateway</h1><p>upstream sent an invalid response</p></body></html>\n";

static void
route_free (gpointer data)
{
  Route *route = data;

  g_free (route->method);
  g_strfreev (route->segments);
  g_free (route);
}

/* Path segments after the base path; one trailing slash is ignored, an
 * empty segment in the middle is kept (and then matches nothing). */
static char **
split_path (const char *path)
{
  char **segments;
  guint length;

  while (*path == '/')
    path++;

  if (*path == '\0')
    return g_new0 (char *, 1);

  segments = g_strsplit (path, "/", -1);
  length = g_strv_length (segments);
  if (length > 0 && segments[length - 1][0] == '\0')
    g_clear_pointer (&segments[length - 1], g_free);

  return segments;
}

/* Provider */

static void
request_free (PdSandboxRequest *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_signal_handler (&self->disconnected_id, self->msg);
  g_clear_object (&self->msg);
  g_free (self->path);
  g_free (self->query_string);
  g_clear_pointer (&self->query, g_hash_table_unref);
  g_clear_pointer (&self->params, g_ptr_array_unref);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self->content_type);
  g_clear_pointer (&self->response, g_bytes_unref);
  g_clear_pointer (&self->headers, g_ptr_array_unref);
  g_free (self);
}

static void
provider_free (gpointer data)
{
  PdSandboxProvider *self = data;

  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }

  /* Requests still waiting out a "slow" fault when the sandbox stops. */
  g_clear_pointer (&self->waiting, g_hash_table_unref);

  if (self->state != NULL && self->info->free_state != NULL)
    self->info->free_state (self->state);

  g_clear_pointer (&self->routes, g_ptr_array_unref);
  g_clear_pointer (&self->credentials, g_ptr_array_unref);
  g_clear_pointer (&self->replay, pd_sandbox_replay_free);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_free (self->base_url);
  g_free (self);
}

const char *
pd_sandbox_provider_get_name (PdSandboxProvider *self)
{
  return self->info->name;
}

gpointer
pd_sandbox_provider_get_state (PdSandboxProvider *self)
{
  return self->state;
}

PdSandboxRandom *
pd_sandbox_provider_get_random (PdSandboxProvider *self)
{
  return &self->random;
}

/* The time given with --now: seeded data lies before it. */
gint64
pd_sandbox_provider_get_start (PdSandboxProvider *self)
{
  return pd_sandbox_clock_get_start (self->sandbox->clock);
}

gint64
pd_sandbox_provider_now (PdSandboxProvider *self)
{
  return pd_sandbox_clock_now (self->sandbox->clock);
}

/* @pattern is relative to the base path, "/Charges/{id}/Refunds": a
 * `{name}` segment matches any non-empty segment and is read back with
 * pd_sandbox_request_get_param(). */
void
pd_sandbox_provider_add_route (PdSandboxProvider *self,
                               const char        *method,
                               const char        *pattern,
                               PdSandboxHandler   handler)
{
  Route *route = g_new0 (Route, 1);

  route->method = g_ascii_strup (method, -1);
  route->segments = split_path (pattern);
  route->handler = handler;
  g_ptr_array_add (self->routes, route);
}

/* Credentials appear in the first line under "credentials", in the order
 * they are set. */
void
pd_sandbox_provider_set_credential (PdSandboxProvider *self,
                                    const char        *field,
                                    const char        *value)
{
  g_ptr_array_add (self->credentials, g_strdup (field));
  g_ptr_array_add (self->credentials, g_strdup (value));
}

/* Record strings live as long as the provider: seeding a hundred thousand
 * records then costs a few large allocations, not millions of small ones. */
const char *
pd_sandbox_provider_intern (PdSandboxProvider *self,
                            const char        *text)
{
  if (text == NULL)
    return NULL;

  return g_string_chunk_insert (self->strings, text);
}

/* Like pd_sandbox_provider_intern(), but frees @text. */
const char *
pd_sandbox_provider_take (PdSandboxProvider *self,
                          char              *text)
{
  const char *interned;

  if (text == NULL)
    return NULL;

  interned = g_string_chunk_insert (self->strings, text);
  g_free (text);

  return interned;
}

/* @length bytes of @data, which may hold NULs, plus a NUL after them. */
const char *
pd_sandbox_provider_intern_block (PdSandboxProvider *self,
                                  const char        *data,
                                  gsize              length)
{
  return g_string_chunk_insert_len (self->strings, data, (gssize)length);
}

const char *
pd_sandbox_provider_intern_printf (PdSandboxProvider *self,
                                   const char        *format,
                                   ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  return pd_sandbox_provider_take (self, text);
}

/* Requests */

PdSandboxProvider *
pd_sandbox_request_get_provider (PdSandboxRequest *self)
{
  return self->provider;
}

const char *
pd_sandbox_request_get_method (PdSandboxRequest *self)
{
  return soup_server_message_get_method (self->msg);
}

const char *
pd_sandbox_request_get_path (PdSandboxRequest *self)
{
  return self->path;
}

const char *
pd_sandbox_request_get_param (PdSandboxRequest *self,
                              const char       *name)
{
  if (self->params == NULL)
    return NULL;

  for (guint i = 0; i + 1 < self->params->len; i += 2)
    {
      if (strcmp (g_ptr_array_index (self->params, i), name) == 0)
        return g_ptr_array_index (self->params, i + 1);
    }

  return NULL;
}

const char *
pd_sandbox_request_get_query (PdSandboxRequest *self,
                              const char       *name)
{
  g_autofree char *folded = NULL;

  if (self->provider->info->flags & PD_SANDBOX_PROVIDER_CASE_INSENSITIVE)
    {
      folded = g_ascii_strdown (name, -1);
      name = folded;
    }

  return g_hash_table_lookup (self->query, name);
}

const char *
pd_sandbox_request_get_header (PdSandboxRequest *self,
                               const char       *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (self->msg), name);
}

GBytes *
pd_sandbox_request_get_body (PdSandboxRequest *self)
{
  return self->body;
}

/* The body as a JSON object, numbers kept exact (pd_json_parse()). */
JsonObject *
pd_sandbox_request_parse_object (PdSandboxRequest  *self,
                                 GError           **error)
{
  g_autoptr(JsonNode) root = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (self->body, &length);

  if (length == 0)
    {
      g_set_error_literal (error, PD_JSON_ERROR, PD_JSON_ERROR_MALFORMED,
                           "The request has no body; a JSON object was expected.");
      return NULL;
    }

  root = pd_json_parse (data, (gssize)length, error);
  if (root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, PD_JSON_ERROR, PD_JSON_ERROR_TYPE,
                           "The request body must be a JSON object.");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

const char *
pd_sandbox_request_get_idempotency_key (PdSandboxRequest *self)
{
  const char *header = self->provider->info->idempotency_header;
  const char *key;

  if (header == NULL)
    return NULL;

  key = pd_sandbox_request_get_header (self, header);
  if (key == NULL || *key == '\0')
    return NULL;

  return key;
}

void
pd_sandbox_request_set_header (PdSandboxRequest *self,
                               const char       *name,
                               const char       *value)
{
  if (self->headers == NULL)
    self->headers = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (self->headers, g_strdup (name));
  g_ptr_array_add (self->headers, g_strdup (value));
}

void
pd_sandbox_request_respond (PdSandboxRequest *self,
                            guint             status,
                            const char       *content_type,
                            GBytes           *body)
{
  self->status = status;
  g_free (self->content_type);
  self->content_type = g_strdup (content_type);
  g_clear_pointer (&self->response, g_bytes_unref);
  self->response = body ? g_bytes_ref (body) : g_bytes_new (NULL, 0);
}

/* Takes @writer. */
void
pd_sandbox_request_respond_json (PdSandboxRequest *self,
                                 guint             status,
                                 PdJsonWriter     *writer)
{
  g_autoptr(GBytes) body = pd_json_writer_free_to_bytes (writer);

  pd_sandbox_request_respond (self, status, json_content_type, body);
}

void
pd_sandbox_request_error (PdSandboxRequest *self,
                          guint             status,
                          const char       *code,
                          const char       *message)
{
  PdSandboxProvider *provider = self->provider;
  PdJsonWriter *writer;

  if (provider->info->write_error != NULL)
    {
      provider->info->write_error (provider, self, status, code, message);
      return;
    }

  writer = pd_json_writer_new ();
  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "error", message);
  pd_json_writer_end_object (writer);
  pd_sandbox_request_respond_json (self, status, writer);
}

void
pd_sandbox_request_errorf (PdSandboxRequest *self,
                           guint             status,
                           const char       *code,
                           const char       *format,
                           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  pd_sandbox_request_error (self, status, code, message);
}

/* Appends a money movement this request applied to the ledger. */
void
pd_sandbox_request_record (PdSandboxRequest *self,
                           const char       *operation,
                           const char       *target,
                           const char       *id,
                           const char       *reference,
                           const PdMoney    *amount)
{
  PdSandboxLedgerEntry entry = {
    .provider = self->provider->info->name,
    .operation = operation,
    .target = target,
    .id = id,
    .reference = reference,
    .idempotency_key = pd_sandbox_request_get_idempotency_key (self),
    .amount = *amount,
    .at = pd_sandbox_provider_now (self->provider),
  };

  pd_sandbox_ledger_append (self->provider->sandbox->ledger, &entry);
}

/* Reading bodies */

gboolean
pd_sandbox_json_get_string (JsonObject  *object,
                            const char  *member,
                            const char **out,
                            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, PD_JSON_ERROR, PD_JSON_ERROR_TYPE,
                   "The field %s must be a string.", member);
      return FALSE;
    }

  *out = json_node_get_string (node);
  return TRUE;
}

/* Only an integer literal is an integer: 100.0, "100" and 1e2 are not. */
gboolean
pd_sandbox_json_get_int (JsonObject  *object,
                         const char  *member,
                         gboolean    *present,
                         gint64      *out,
                         GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *present = FALSE;
  *out = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, PD_JSON_ERROR, PD_JSON_ERROR_TYPE,
                   "The field %s must be an integer.", member);
      return FALSE;
    }

  *present = TRUE;
  *out = json_node_get_int (node);
  return TRUE;
}

/* Writing answers */

void
pd_sandbox_write_string (PdJsonWriter *writer,
                         const char   *member,
                         const char   *value)
{
  pd_json_writer_member (writer, member);
  if (value != NULL)
    pd_json_writer_string (writer, value);
  else
    pd_json_writer_null (writer);
}

void
pd_sandbox_write_int (PdJsonWriter *writer,
                      const char   *member,
                      gint64        value)
{
  pd_json_writer_member (writer, member);
  pd_json_writer_int (writer, value);
}

void
pd_sandbox_write_boolean (PdJsonWriter *writer,
                          const char   *member,
                          gboolean      value)
{
  pd_json_writer_member (writer, member);
  pd_json_writer_boolean (writer, value);
}

void
pd_sandbox_write_time (PdJsonWriter *writer,
                       const char   *member,
                       gint64        unix_time)
{
  char text[PD_SANDBOX_TIME_LENGTH];

  pd_sandbox_print_time (text, unix_time);
  pd_json_writer_member (writer, member);
  pd_json_writer_string (writer, text);
}

/* Dispatch */

static gboolean
segment_matches (PdSandboxProvider *provider,
                 const char        *literal,
                 const char        *segment)
{
  if (provider->info->flags & PD_SANDBOX_PROVIDER_CASE_INSENSITIVE)
    return g_ascii_strcasecmp (literal, segment) == 0;

  return strcmp (literal, segment) == 0;
}

static Route *
match_route (PdSandboxRequest *request,
             const char       *method,
             gboolean         *path_known)
{
  PdSandboxProvider *provider = request->provider;
  const char *base = provider->info->base_path ? provider->info->base_path : "";
  gsize base_length = strlen (base);
  const char *rest = request->path;
  g_auto(GStrv) segments = NULL;
  guint n_segments;

  *path_known = FALSE;

  if (base_length > 0)
    {
      gboolean same = (provider->info->flags & PD_SANDBOX_PROVIDER_CASE_INSENSITIVE)
                      ? g_ascii_strncasecmp (rest, base, base_length) == 0
                      : strncmp (rest, base, base_length) == 0;

      if (!same || (rest[base_length] != '/' && rest[base_length] != '\0'))
        return NULL;

      rest += base_length;
    }

  segments = split_path (rest);
  n_segments = g_strv_length (segments);

  for (guint i = 0; i < provider->routes->len; i++)
    {
      Route *route = g_ptr_array_index (provider->routes, i);
      g_autoptr(GPtrArray) params = NULL;
      gboolean matches = TRUE;

      if (g_strv_length (route->segments) != n_segments)
        continue;

      for (guint j = 0; matches && j < n_segments; j++)
        {
          const char *pattern = route->segments[j];

          if (pattern[0] == '{')
            {
              g_autofree char *name = g_strndup (pattern + 1, strlen (pattern) - 2);
              char *value = g_uri_unescape_string (segments[j], NULL);

              if (value == NULL || value[0] == '\0')
                {
                  g_free (value);
                  matches = FALSE;
                  break;
                }

              if (params == NULL)
                params = g_ptr_array_new_with_free_func (g_free);
              g_ptr_array_add (params, g_steal_pointer (&name));
              g_ptr_array_add (params, value);
            }
          else if (!segment_matches (provider, pattern, segments[j]))
            matches = FALSE;
        }

      if (!matches)
        continue;

      if (strcmp (route->method, method) != 0)
        {
          *path_known = TRUE;
          continue;
        }

      request->params = g_steal_pointer (&params);
      return route;
    }

  return NULL;
}

static char *
request_fingerprint (PdSandboxRequest *request,
                     const char       *method)
{
  g_autofree char *digest = NULL;
  gsize length = 0;
  const guchar *data = g_bytes_get_data (request->body, &length);

  digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data ? data : (const guchar *)"", length);
  return g_strdup_printf ("%s %s?%s %s", method, request->path,
                          request->query_string ? request->query_string : "", digest);
}

static void
dispatch (PdSandboxRequest *request)
{
  PdSandboxProvider *provider = request->provider;
  const PdSandboxProviderInfo *info = provider->info;
  const char *method = soup_server_message_get_method (request->msg);
  g_autofree char *fingerprint = NULL;
  const char *key = NULL;
  gboolean path_known = FALSE;
  Route *route;

  if (info->authenticate != NULL && !info->authenticate (provider, request))
    return;

  route = match_route (request, method, &path_known);
  if (route == NULL)
    {
      if (path_known)
        pd_sandbox_request_errorf (request, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL,
                                   "%s is not allowed on %s.", method, request->path);
      else
        pd_sandbox_request_errorf (request, SOUP_STATUS_NOT_FOUND, NULL,
                                   "There is no resource at %s.", request->path);
      return;
    }

  if (strcmp (method, "GET") != 0 && strcmp (method, "HEAD") != 0)
    key = pd_sandbox_request_get_idempotency_key (request);

  if (key != NULL)
    {
      const char *content_type = NULL;
      g_autoptr(GBytes) body = NULL;
      guint status = 0;

      fingerprint = request_fingerprint (request, method);
      switch (pd_sandbox_replay_lookup (provider->replay, key, fingerprint,
                                        &status, &content_type, &body))
        {
        case PD_SANDBOX_REPLAY_HIT:
          pd_sandbox_request_respond (request, status, content_type, body);
          pd_sandbox_request_set_header (request, "Idempotent-Replayed", "true");
          return;

        case PD_SANDBOX_REPLAY_CONFLICT:
          pd_sandbox_request_error (request, SOUP_STATUS_CONFLICT, "idempotency_error",
                                    "This idempotency key was already used with a different request.");
          return;

        case PD_SANDBOX_REPLAY_MISS:
        default:
          break;
        }
    }

  route->handler (provider, request);

  if (request->response == NULL)
    pd_sandbox_request_error (request, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL,
                              "The sandbox did not answer this request.");

  /* Server errors are not kept: a retry with the same key gets another go. */
  if (key != NULL && request->status < 500)
    pd_sandbox_replay_store (provider->replay, key, fingerprint,
                             request->status, request->content_type, request->response);
}

static gboolean
is_secret_name (const char *name)
{
  static const char * const words[] = { "key", "token", "secret", "password", "pass", "pin", "cvv", "hash" };
  g_autofree char *folded = g_ascii_strdown (name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      if (strstr (folded, words[i]) != NULL)
        return TRUE;
    }

  return FALSE;
}

/* The query string for the log, with the values of secret-looking
 * parameters left out. */
static char *
redacted_query (const char *query)
{
  g_auto(GStrv) pairs = NULL;
  GString *out;

  if (query == NULL || *query == '\0')
    return g_strdup ("");

  out = g_string_new ("?");
  pairs = g_strsplit (query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *equals = strchr (pairs[i], '=');
      g_autofree char *name = equals ? g_strndup (pairs[i], equals - pairs[i]) : g_strdup (pairs[i]);

      if (i > 0)
        g_string_append_c (out, '&');

      if (equals != NULL && is_secret_name (name))
        g_string_append_printf (out, "%s=***", name);
      else
        g_string_append (out, pairs[i]);
    }

  return g_string_free (out, FALSE);
}

static void
log_request (PdSandboxRequest *request)
{
  g_autofree char *query = NULL;
  double elapsed_ms;

  if (!request->provider->sandbox->verbose)
    return;

  query = redacted_query (request->query_string);
  elapsed_ms = (g_get_monotonic_time () - request->started) / 1000.0;
  g_printerr ("%s %s %s%s -> %u (%.1f ms)%s%s\n",
              request->provider->info->name,
              soup_server_message_get_method (request->msg),
              request->path, query,
              request->status, elapsed_ms,
              request->has_fault ? " fault: " : "",
              request->has_fault ? pd_sandbox_fault_action_to_string (request->fault.action) : "");
}

/* Ends the exchange without an answer (`drop`, `drop_after_apply`) or with
 * the first @length bytes of one (`truncate`). */
static void
close_connection (PdSandboxRequest *request,
                  const char       *data,
                  gsize             length)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (request->msg);

  if (stream == NULL)
    return;

  if (length > 0)
    g_output_stream_write_all (g_io_stream_get_output_stream (stream),
                               data, length, NULL, NULL, NULL);

  g_io_stream_close (stream, NULL, NULL);
}

static void
send_truncated (PdSandboxRequest *request)
{
  g_autoptr(GString) raw = g_string_new (NULL);
  gsize length = 0;
  const char *body = g_bytes_get_data (request->response, &length);

  g_string_append_printf (raw, "HTTP/1.1 %u %s\r\n", request->status,
                          soup_status_get_phrase (request->status));
  g_string_append_printf (raw, "Content-Type: %s\r\n",
                          request->content_type ? request->content_type : json_content_type);
  g_string_append_printf (raw, "Content-Length: %" G_GSIZE_FORMAT "\r\n", length);
  g_string_append (raw, "Connection: close\r\n\r\n");
  g_string_append_len (raw, body, length / 2);

  close_connection (request, raw->str, raw->len);
}

static void
request_finish (PdSandboxRequest *request)
{
  SoupServerMessage *msg = request->msg;
  PdSandboxFaultAction action = request->has_fault ? request->fault.action : PD_SANDBOX_FAULT_SLOW;

  if (request->disconnected)
    {
      /* The client went away while a slow request waited: the request was
       * still applied, there is just nobody left to answer. */
    }
  else if (action == PD_SANDBOX_FAULT_DROP_AFTER_APPLY || action == PD_SANDBOX_FAULT_DROP)
    {
      close_connection (request, NULL, 0);
    }
  else if (action == PD_SANDBOX_FAULT_TRUNCATE)
    {
      send_truncated (request);
    }
  else
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

      if (action == PD_SANDBOX_FAULT_MALFORMED)
        {
          g_autoptr(GBytes) garbage = g_bytes_new_static (malformed_body, strlen (malformed_body));

          pd_sandbox_request_respond (request, SOUP_STATUS_OK, json_content_type, garbage);
        }

      soup_server_message_set_status (msg, request->status, NULL);
      for (guint i = 0; request->headers != NULL && i + 1 < request->headers->len; i += 2)
        soup_message_headers_replace (headers,
                                      g_ptr_array_index (request->headers, i),
                                      g_ptr_array_index (request->headers, i + 1));

      if (request->content_type != NULL)
        soup_message_headers_replace (headers, "Content-Type", request->content_type);
      /* libsoup refuses to append an empty buffer; an empty body needs none. */
      if (request->response != NULL && g_bytes_get_size (request->response) > 0)
        soup_message_body_append_bytes (soup_server_message_get_response_body (msg), request->response);

      if (request->paused)
        soup_server_message_unpause (msg);
    }

  log_request (request);
  request_free (request);
}

static void
on_disconnected (SoupServerMessage *msg,
                 PdSandboxRequest  *request)
{
  request->disconnected = TRUE;
}

static void
on_slow_done (gpointer user_data)
{
  PdSandboxRequest *request = user_data;

  request->timeout_id = 0;
  g_hash_table_steal (request->provider->waiting, request);
  dispatch (request);
  request_finish (request);
}

static void
provider_server_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  PdSandboxProvider *provider = user_data;
  PdSandboxRequest *request = g_new0 (PdSandboxRequest, 1);
  GUri *uri = soup_server_message_get_uri (msg);
  gboolean fold = (provider->info->flags & PD_SANDBOX_PROVIDER_CASE_INSENSITIVE) != 0;

  request->provider = provider;
  request->msg = g_object_ref (msg);
  request->path = g_strdup (path);
  request->query_string = g_strdup (g_uri_get_query (uri));
  request->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  request->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  request->started = g_get_monotonic_time ();

  if (query != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (request->query,
                             fold ? g_ascii_strdown (key, -1) : g_strdup (key),
                             g_strdup (value));
    }

  request->has_fault = pd_sandbox_faults_take (provider->sandbox->faults,
                                               provider->info->name,
                                               soup_server_message_get_method (msg),
                                               path, &request->fault);
  if (request->has_fault)
    {
      switch (request->fault.action)
        {
        case PD_SANDBOX_FAULT_STATUS:
        case PD_SANDBOX_FAULT_RATE_LIMIT:
          if (request->fault.retry_after >= 0)
            {
              g_autofree char *seconds = g_strdup_printf ("%d", request->fault.retry_after);

              pd_sandbox_request_set_header (request, "Retry-After", seconds);
            }
          pd_sandbox_request_error (request, request->fault.status, NULL,
                                    request->fault.status == 429
                                    ? "Too many requests; slow down and retry later."
                                    : "The service is unavailable; try again later.");
          request_finish (request);
          return;

        case PD_SANDBOX_FAULT_DROP:
          request->status = 0;
          request_finish (request);
          return;

        case PD_SANDBOX_FAULT_SLOW:
          soup_server_message_pause (msg);
          request->paused = TRUE;
          request->disconnected_id = g_signal_connect (msg, "disconnected",
                                                       G_CALLBACK (on_disconnected), request);
          request->timeout_id = g_timeout_add_once (request->fault.delay_ms, on_slow_done, request);
          g_hash_table_add (provider->waiting, request);
          return;

        case PD_SANDBOX_FAULT_MALFORMED:
        case PD_SANDBOX_FAULT_TRUNCATE:
        case PD_SANDBOX_FAULT_DROP_AFTER_APPLY:
        default:
          break;
        }
    }

  dispatch (request);
  request_finish (request);
}

/* The sandbox */

PdSandbox *
pd_sandbox_new (guint64  seed,
                guint    records,
                gint64   start,
                gboolean verbose)
{
  g_autoptr(PdSandbox) self = g_new0 (PdSandbox, 1);

  self->clock = pd_sandbox_clock_new (start);
  self->ledger = pd_sandbox_ledger_new ();
  self->faults = pd_sandbox_faults_new ();
  self->providers = g_ptr_array_new_with_free_func (provider_free);
  self->seed = seed;
  self->records = records;
  self->verbose = verbose;

  for (guint i = 0; pd_sandbox_provider_infos[i] != NULL; i++)
    {
      const PdSandboxProviderInfo *info = pd_sandbox_provider_infos[i];
      PdSandboxProvider *provider = g_new0 (PdSandboxProvider, 1);
      gint64 began;

      provider->sandbox = self;
      provider->info = info;
      provider->routes = g_ptr_array_new_with_free_func (route_free);
      provider->credentials = g_ptr_array_new_with_free_func (g_free);
      provider->strings = g_string_chunk_new (256 * 1024);
      provider->replay = pd_sandbox_replay_new ();
      provider->waiting = g_hash_table_new_full (NULL, NULL, (GDestroyNotify)request_free, NULL);
      pd_sandbox_random_init (&provider->random, seed, info->name);
      g_ptr_array_add (self->providers, provider);

      began = g_get_monotonic_time ();
      provider->state = info->create (provider, records);
      if (verbose)
        g_printerr ("%s: seeded in %.0f ms\n", info->name, (g_get_monotonic_time () - began) / 1000.0);
    }

  return g_steal_pointer (&self);
}

void
pd_sandbox_free (PdSandbox *self)
{
  if (self == NULL)
    return;

  if (self->control != NULL)
    {
      soup_server_disconnect (self->control);
      g_clear_object (&self->control);
    }

  g_clear_pointer (&self->providers, g_ptr_array_unref);
  g_clear_pointer (&self->faults, pd_sandbox_faults_free);
  g_clear_pointer (&self->ledger, pd_sandbox_ledger_free);
  g_clear_pointer (&self->clock, pd_sandbox_clock_free);
  g_free (self->control_url);
  g_free (self);
}

gboolean
pd_sandbox_has_provider (PdSandbox  *self,
                         const char *name)
{
  for (guint i = 0; i < self->providers->len; i++)
    {
      PdSandboxProvider *provider = g_ptr_array_index (self->providers, i);

      if (g_strcmp0 (provider->info->name, name) == 0)
        return TRUE;
    }

  return FALSE;
}

static char *
server_url (SoupServer *server,
            const char *path)
{
  GSList *uris = soup_server_get_uris (server);
  int port = uris ? g_uri_get_port (uris->data) : 0;

  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  return g_strdup_printf ("http://127.0.0.1:%d%s", port, path ? path : "");
}

static SoupServer *
listen_loopback (guint    port,
                 GError **error)
{
  g_autoptr(SoupServer) server = soup_server_new ("server-header", "paydesk-sandbox ", NULL);

  /* listen_local with IPV4_ONLY binds 127.0.0.1 and nothing else: the
   * sandbox is never reachable from another machine. */
  if (!soup_server_listen_local (server, port, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return NULL;

  return g_steal_pointer (&server);
}

/* With @port 0 every server gets a free port; otherwise the control API is
 * on @port and each provider on @port + its slot. */
gboolean
pd_sandbox_listen (PdSandbox  *self,
                   guint       port,
                   GError    **error)
{
  self->control = listen_loopback (port, error);
  if (self->control == NULL)
    return FALSE;

  self->control_url = server_url (self->control, NULL);
  pd_sandbox_control_attach (self, self->control);

  for (guint i = 0; i < self->providers->len; i++)
    {
      PdSandboxProvider *provider = g_ptr_array_index (self->providers, i);

      provider->server = listen_loopback (port ? port + provider->info->slot : 0, error);
      if (provider->server == NULL)
        return FALSE;

      soup_server_add_handler (provider->server, NULL, provider_server_cb, provider, NULL);
      provider->base_url = server_url (provider->server, provider->info->base_path);
    }

  return TRUE;
}

static int
compare_slots (gconstpointer a,
               gconstpointer b)
{
  const PdSandboxProvider *pa = *(PdSandboxProvider * const *)a;
  const PdSandboxProvider *pb = *(PdSandboxProvider * const *)b;

  return (int)pa->info->slot - (int)pb->info->slot;
}

/* The first line of standard output: see "paydesk-sandbox" in HACKING.md. */
char *
pd_sandbox_describe (PdSandbox *self)
{
  g_autoptr(PdJsonWriter) writer = pd_json_writer_new ();
  g_autoptr(GPtrArray) ordered = g_ptr_array_sized_new (self->providers->len);

  /* Not g_ptr_array_copy(): that would copy the free function too. */
  for (guint i = 0; i < self->providers->len; i++)
    g_ptr_array_add (ordered, g_ptr_array_index (self->providers, i));
  g_ptr_array_sort (ordered, compare_slots);

  pd_json_writer_begin_object (writer);
  pd_sandbox_write_int (writer, "paydesk_sandbox", 1);
  pd_sandbox_write_string (writer, "control", self->control_url);

  pd_json_writer_member (writer, "providers");
  pd_json_writer_begin_object (writer);
  for (guint i = 0; i < ordered->len; i++)
    {
      PdSandboxProvider *provider = g_ptr_array_index (ordered, i);

      pd_sandbox_write_string (writer, provider->info->name, provider->base_url);
    }
  pd_json_writer_end_object (writer);

  pd_json_writer_member (writer, "credentials");
  pd_json_writer_begin_object (writer);
  for (guint i = 0; i < ordered->len; i++)
    {
      PdSandboxProvider *provider = g_ptr_array_index (ordered, i);

      pd_json_writer_member (writer, provider->info->name);
      pd_json_writer_begin_object (writer);
      for (guint j = 0; j + 1 < provider->credentials->len; j += 2)
        pd_sandbox_write_string (writer,
                                 g_ptr_array_index (provider->credentials, j),
                                 g_ptr_array_index (provider->credentials, j + 1));
      pd_json_writer_end_object (writer);
    }
  pd_json_writer_end_object (writer);

  pd_json_writer_end_object (writer);

  return pd_json_writer_free_to_string (g_steal_pointer (&writer));
}

void
pd_sandbox_answer_message (SoupServerMessage *msg,
                           guint              status,
                           PdJsonWriter      *writer)
{
  g_autoptr(GBytes) body = pd_json_writer_free_to_bytes (writer);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Content-Type", json_content_type);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
}

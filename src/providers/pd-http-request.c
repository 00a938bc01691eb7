/* pd-http-request.c - one request to a provider: method, path, query, headers, body
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pd-http-private.h"

#define IDEMPOTENCY_HEADER "X-IDEMPOTENCY-KEY"

typedef struct
{
  char *name;
  char *value;
} Pair;

struct _PdHttpRequest
{
  gatomicrefcount  ref_count;
  char            *method;
  GString         *path;
  GArray          *query;    /* of Pair, unescaped */
  GArray          *headers;  /* of Pair */
  char            *idempotency_key;
  PdJsonWriter    *json_writer;
  GBytes          *body;
  char            *content_type;
  guint            retry_safe : 1;
  guint            sealed : 1;
};

G_DEFINE_BOXED_TYPE (PdHttpRequest, pd_http_request, pd_http_request_ref, pd_http_request_unref)

static void
pair_clear (gpointer data)
{
  Pair *pair = data;

  g_clear_pointer (&pair->name, g_free);
  g_clear_pointer (&pair->value, g_free);
}

static GArray *
pair_array_new (void)
{
  GArray *array = g_array_new (FALSE, TRUE, sizeof (Pair));

  g_array_set_clear_func (array, pair_clear);

  return array;
}

/**
 * pd_http_request_new:
 * @method: the HTTP method, e.g. "GET" or "POST"
 * @path: the path below the client's base URL, starting with `/` (may be
 *   empty), already in URL form
 *
 * Makes a request. @path is used as given: a segment that comes from data
 * (an id, a reference) must be added with pd_http_request_append_path_segment(),
 * which escapes it.
 *
 * A request is sealed when it is first sent: the prepare hook of the
 * client runs once, then headers and body stay as they are for every
 * attempt, and the request can no longer be changed.
 *
 * Returns: (transfer full): a new #PdHttpRequest
 */
PdHttpRequest *
pd_http_request_new (const char *method,
                     const char *path)
{
  PdHttpRequest *self;

  g_return_val_if_fail (method != NULL && *method != '\0', NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (*path == '\0' || *path == '/', NULL);

  self = g_new0 (PdHttpRequest, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->method = g_ascii_strup (method, -1);
  self->path = g_string_new (path);
  self->query = pair_array_new ();
  self->headers = pair_array_new ();

  return self;
}

/**
 * pd_http_request_ref:
 * @self: a #PdHttpRequest
 *
 * Returns: (transfer full): @self
 */
PdHttpRequest *
pd_http_request_ref (PdHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

/**
 * pd_http_request_unref:
 * @self: (transfer full): a #PdHttpRequest
 *
 * Drops a reference, freeing the request with the last one.
 */
void
pd_http_request_unref (PdHttpRequest *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->method);
  g_string_free (self->path, TRUE);
  g_array_unref (self->query);
  g_array_unref (self->headers);
  g_free (self->idempotency_key);
  g_clear_pointer (&self->json_writer, pd_json_writer_free);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self->content_type);
  g_free (self);
}

/**
 * pd_http_request_get_method:
 * @self: a #PdHttpRequest
 *
 * Returns: the HTTP method, in upper case
 */
const char *
pd_http_request_get_method (PdHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->method;
}

/**
 * pd_http_request_get_path:
 * @self: a #PdHttpRequest
 *
 * Returns: the path below the base URL, in URL form (escaped)
 */
const char *
pd_http_request_get_path (PdHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->path->str;
}

/**
 * pd_http_request_append_path_segment:
 * @self: a #PdHttpRequest
 * @segment: one path segment, unescaped (e.g. a charge id)
 *
 * Appends `/` and @segment to the path, escaping every character of
 * @segment that is not unreserved in a URL, so that an id such as
 * `a/../b` stays one segment.
 */
void
pd_http_request_append_path_segment (PdHttpRequest *self,
                                     const char    *segment)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (segment != NULL);
  g_return_if_fail (!self->sealed);

  escaped = g_uri_escape_string (segment, NULL, FALSE);
  if (self->path->len == 0 || self->path->str[self->path->len - 1] != '/')
    g_string_append_c (self->path, '/');
  g_string_append (self->path, escaped);
}

/**
 * pd_http_request_add_query:
 * @self: a #PdHttpRequest
 * @name: a query parameter name, unescaped
 * @value: its value, unescaped
 *
 * Adds `name=value` to the query string; both are escaped when the URL is
 * built (a `+` or `&` in @value arrives as itself). Parameters keep the
 * order they were added in, and a name may repeat.
 */
void
pd_http_request_add_query (PdHttpRequest *self,
                           const char    *name,
                           const char    *value)
{
  Pair pair;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL && *name != '\0');
  g_return_if_fail (value != NULL);
  g_return_if_fail (!self->sealed);

  pair.name = g_strdup (name);
  pair.value = g_strdup (value);
  g_array_append_val (self->query, pair);
}

/**
 * pd_http_request_add_query_int:
 * @self: a #PdHttpRequest
 * @name: a query parameter name, unescaped
 * @value: an integer value
 *
 * Like pd_http_request_add_query() for an integer, such as a page number.
 */
void
pd_http_request_add_query_int (PdHttpRequest *self,
                               const char    *name,
                               gint64         value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  pd_http_request_add_query (self, name, text);
}

static Pair *
find_header (PdHttpRequest *self,
             const char    *name,
             guint         *index)
{
  for (guint i = 0; i < self->headers->len; i++)
    {
      Pair *pair = &g_array_index (self->headers, Pair, i);

      if (g_ascii_strcasecmp (pair->name, name) == 0)
        {
          if (index != NULL)
            *index = i;
          return pair;
        }
    }

  return NULL;
}

/**
 * pd_http_request_set_header:
 * @self: a #PdHttpRequest
 * @name: a header name (compared without regard to case)
 * @value: (nullable): its value, or %NULL to remove the header
 *
 * Sets a request header, replacing an earlier value of the same name.
 * Header values never appear in the debug log except for a few harmless
 * ones (Accept, Content-Type, the idempotency key), so credentials may go
 * here.
 */
void
pd_http_request_set_header (PdHttpRequest *self,
                            const char    *name,
                            const char    *value)
{
  Pair *existing;
  guint index = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL && *name != '\0');
  g_return_if_fail (!self->sealed);

  existing = find_header (self, name, &index);

  if (value == NULL)
    {
      if (existing != NULL)
        g_array_remove_index (self->headers, index);
    }
  else if (existing != NULL)
    {
      g_free (existing->value);
      existing->value = g_strdup (value);
    }
  else
    {
      Pair pair = { g_strdup (name), g_strdup (value) };

      g_array_append_val (self->headers, pair);
    }
}

/**
 * pd_http_request_get_header:
 * @self: a #PdHttpRequest
 * @name: a header name
 *
 * Returns: (nullable): the value set with pd_http_request_set_header()
 */
const char *
pd_http_request_get_header (PdHttpRequest *self,
                            const char    *name)
{
  Pair *pair;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (g_ascii_strcasecmp (name, IDEMPOTENCY_HEADER) == 0)
    return self->idempotency_key;

  pair = find_header (self, name, NULL);

  return pair != NULL ? pair->value : NULL;
}

/**
 * pd_http_request_set_basic_auth:
 * @self: a #PdHttpRequest
 * @user: the user name (for EoneoPay, the API key)
 * @password: (nullable): the password, %NULL for none
 *
 * Sets an `Authorization: Basic` header for @user and @password.
 */
void
pd_http_request_set_basic_auth (PdHttpRequest *self,
                                const char    *user,
                                const char    *password)
{
  g_autofree char *pair = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *value = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (user != NULL);

  pair = g_strconcat (user, ":", password != NULL ? password : "", NULL);
  encoded = g_base64_encode ((const guchar *)pair, strlen (pair));
  value = g_strconcat ("Basic ", encoded, NULL);
  pd_http_request_set_header (self, "Authorization", value);
}

/**
 * pd_http_request_set_idempotency_key:
 * @self: a #PdHttpRequest
 * @key: (nullable): a key unique to this operation, or %NULL
 *
 * Sends @key in an `X-IDEMPOTENCY-KEY` header. A provider that honours it
 * applies the operation at most once however often it is sent, so a
 * request with a key is retried like a GET (see
 * pd_http_request_get_retry_safe()).
 */
void
pd_http_request_set_idempotency_key (PdHttpRequest *self,
                                     const char    *key)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->sealed);

  g_free (self->idempotency_key);
  self->idempotency_key = key != NULL && *key != '\0' ? g_strdup (key) : NULL;
}

/**
 * pd_http_request_get_idempotency_key:
 * @self: a #PdHttpRequest
 *
 * Returns: (nullable): the idempotency key, or %NULL
 */
const char *
pd_http_request_get_idempotency_key (PdHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->idempotency_key;
}

/**
 * pd_http_request_set_retry_safe:
 * @self: a #PdHttpRequest
 * @retry_safe: whether sending the request twice does no harm
 *
 * Marks a request that changes nothing although its method is not GET, such
 * as a PawaCard status lookup (every PawaCard request is a POST), so that it
 * is retried after a network failure, a timeout or a busy answer. Never mark
 * a request that moves money unless the provider deduplicates it.
 */
void
pd_http_request_set_retry_safe (PdHttpRequest *self,
                                gboolean       retry_safe)
{
  g_return_if_fail (self != NULL);

  self->retry_safe = !!retry_safe;
}

/**
 * pd_http_request_get_retry_safe:
 * @self: a #PdHttpRequest
 *
 * Whether the client may send the request again when an attempt fails in a
 * way worth retrying: always for GET and HEAD, for any method when the
 * request carries an idempotency key or was marked with
 * pd_http_request_set_retry_safe(), and never otherwise (a POST or DELETE
 * without a key may move money twice; EoneoPay refunds are DELETEs).
 *
 * Returns: %TRUE if the request may be repeated
 */
gboolean
pd_http_request_get_retry_safe (PdHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->retry_safe
         || self->idempotency_key != NULL
         || pd_http_request_is_safe_method (self);
}

/**
 * pd_http_request_get_json_object:
 * @self: a #PdHttpRequest
 *
 * Makes the body a JSON object (`Content-Type: application/json`) and
 * returns the writer positioned inside it, ready for
 * pd_json_writer_member() and a value. The object is closed when the
 * request is sealed, after the client's prepare hook has had its turn, so
 * a provider whose credentials travel in the body (PawaCard) can add them
 * there. Every call returns the same writer.
 *
 * Returns: (transfer none): the writer of the body, owned by @self
 */
PdJsonWriter *
pd_http_request_get_json_object (PdHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (!self->sealed, NULL);
  g_return_val_if_fail (self->body == NULL, NULL);

  if (self->json_writer == NULL)
    {
      self->json_writer = pd_json_writer_new ();
      pd_json_writer_begin_object (self->json_writer);
      g_free (self->content_type);
      self->content_type = g_strdup ("application/json");
    }

  return self->json_writer;
}

/**
 * pd_http_request_set_body:
 * @self: a #PdHttpRequest
 * @content_type: the media type of @body, e.g. "application/json"
 * @body: the whole body
 *
 * Sets a body that is already serialized, for a JSON document that is not
 * an object or for another media type. Use pd_http_request_get_json_object()
 * for the usual JSON object.
 */
void
pd_http_request_set_body (PdHttpRequest *self,
                          const char    *content_type,
                          GBytes        *body)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (content_type != NULL);
  g_return_if_fail (body != NULL);
  g_return_if_fail (!self->sealed);
  g_return_if_fail (self->json_writer == NULL);

  g_clear_pointer (&self->body, g_bytes_unref);
  self->body = g_bytes_ref (body);
  g_free (self->content_type);
  self->content_type = g_strdup (content_type);
}

/* Private API, see pd-http-private.h */

gboolean
pd_http_request_is_safe_method (PdHttpRequest *self)
{
  return g_str_equal (self->method, "GET") || g_str_equal (self->method, "HEAD");
}

gboolean
pd_http_request_is_sealed (PdHttpRequest *self)
{
  return self->sealed;
}

void
pd_http_request_seal (PdHttpRequest *self)
{
  if (self->sealed)
    return;

  if (self->json_writer != NULL)
    {
      pd_json_writer_end_object (self->json_writer);
      self->body = pd_json_writer_free_to_bytes (g_steal_pointer (&self->json_writer));
    }

  self->sealed = TRUE;
}

GBytes *
pd_http_request_get_body (PdHttpRequest *self)
{
  return self->body;
}

const char *
pd_http_request_get_content_type (PdHttpRequest *self)
{
  return self->content_type;
}

static void
append_query (GString *url,
              GArray  *query)
{
  for (guint i = 0; i < query->len; i++)
    {
      Pair *pair = &g_array_index (query, Pair, i);
      g_autofree char *name = g_uri_escape_string (pair->name, NULL, FALSE);
      g_autofree char *value = g_uri_escape_string (pair->value, NULL, FALSE);

      g_string_append_printf (url, "%c%s=%s", i == 0 ? '?' : '&', name, value);
    }
}

char *
pd_http_request_build_url (PdHttpRequest *self,
                           const char    *base_url)
{
  GString *url = g_string_new (base_url);

  while (url->len > 0 && url->str[url->len - 1] == '/')
    g_string_truncate (url, url->len - 1);

  if (self->path->len == 0)
    g_string_append_c (url, '/');
  else
    g_string_append (url, self->path->str);

  append_query (url, self->query);

  return g_string_free (url, FALSE);
}

static gboolean
header_is_harmless (const char *name)
{
  static const char * const harmless[] = {
    "accept", "content-type", "user-agent", IDEMPOTENCY_HEADER,
  };

  for (guint i = 0; i < G_N_ELEMENTS (harmless); i++)
    if (g_ascii_strcasecmp (name, harmless[i]) == 0)
      return TRUE;

  return FALSE;
}

void
pd_http_request_apply_headers (PdHttpRequest      *self,
                               SoupMessageHeaders *headers)
{
  soup_message_headers_replace (headers, "Accept", "application/json");

  for (guint i = 0; i < self->headers->len; i++)
    {
      Pair *pair = &g_array_index (self->headers, Pair, i);

      soup_message_headers_replace (headers, pair->name, pair->value);
    }

  if (self->idempotency_key != NULL)
    soup_message_headers_replace (headers, IDEMPOTENCY_HEADER, self->idempotency_key);
}

char *
pd_http_request_describe_headers (PdHttpRequest *self)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < self->headers->len; i++)
    {
      Pair *pair = &g_array_index (self->headers, Pair, i);

      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, "%s: %s", pair->name,
                              header_is_harmless (pair->name) ? pair->value : "[redacted]");
    }

  if (self->idempotency_key != NULL)
    g_string_append_printf (text, "%s" IDEMPOTENCY_HEADER ": %s",
                            text->len > 0 ? ", " : "", self->idempotency_key);

  return g_string_free (text, FALSE);
}

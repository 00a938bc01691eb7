/* pd-http-response.c - a provider's successful answer: status, headers, JSON
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-http-private.h"

struct _PdHttpResponse
{
  gatomicrefcount     ref_count;
  guint               status;
  guint               attempts;
  SoupMessageHeaders *headers;
  GBytes             *body;
  JsonNode           *root;
};

G_DEFINE_BOXED_TYPE (PdHttpResponse, pd_http_response, pd_http_response_ref, pd_http_response_unref)

PdHttpResponse *
pd_http_response_new (guint               status,
                      SoupMessageHeaders *headers,
                      GBytes             *body,
                      JsonNode           *root,
                      guint               attempts)
{
  PdHttpResponse *self = g_new0 (PdHttpResponse, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->status = status;
  self->attempts = attempts;
  self->headers = soup_message_headers_ref (headers);
  self->body = g_bytes_ref (body);
  self->root = root != NULL ? json_node_ref (root) : NULL;

  return self;
}

/**
 * pd_http_response_ref:
 * @self: a #PdHttpResponse
 *
 * Returns: (transfer full): @self
 */
PdHttpResponse *
pd_http_response_ref (PdHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

/**
 * pd_http_response_unref:
 * @self: (transfer full): a #PdHttpResponse
 *
 * Drops a reference, freeing the response with the last one.
 */
void
pd_http_response_unref (PdHttpResponse *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  soup_message_headers_unref (self->headers);
  g_bytes_unref (self->body);
  g_clear_pointer (&self->root, json_node_unref);
  g_free (self);
}

/**
 * pd_http_response_get_status:
 * @self: a #PdHttpResponse
 *
 * Returns: the HTTP status, always 2xx (other statuses are errors)
 */
guint
pd_http_response_get_status (PdHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->status;
}

/**
 * pd_http_response_get_header:
 * @self: a #PdHttpResponse
 * @name: a header name (any case)
 *
 * Returns: (nullable): the value of the response header @name; several
 *   headers of that name are joined with commas
 */
const char *
pd_http_response_get_header (PdHttpResponse *self,
                             const char     *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return soup_message_headers_get_list (self->headers, name);
}

/**
 * pd_http_response_get_body:
 * @self: a #PdHttpResponse
 *
 * Returns: (transfer none): the raw body as received (maybe empty), for
 *   keeping the provider's JSON with a record
 */
GBytes *
pd_http_response_get_body (PdHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->body;
}

/**
 * pd_http_response_get_root:
 * @self: a #PdHttpResponse
 *
 * The body parsed with pd_json_parse(): number literals with a fraction or
 * an exponent are string nodes holding their exact text.
 *
 * Returns: (transfer none) (nullable): the root of the body, or %NULL when
 *   the body is empty (e.g. 204 No Content)
 */
JsonNode *
pd_http_response_get_root (PdHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->root;
}

/**
 * pd_http_response_get_object:
 * @self: a #PdHttpResponse
 *
 * Returns: (transfer none) (nullable): the root object, or %NULL when the
 *   body is empty or not a JSON object
 */
JsonObject *
pd_http_response_get_object (PdHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->root == NULL || !JSON_NODE_HOLDS_OBJECT (self->root))
    return NULL;

  return json_node_get_object (self->root);
}

/**
 * pd_http_response_get_array:
 * @self: a #PdHttpResponse
 *
 * Returns: (transfer none) (nullable): the root array, or %NULL when the
 *   body is empty or not a JSON array
 */
JsonArray *
pd_http_response_get_array (PdHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->root == NULL || !JSON_NODE_HOLDS_ARRAY (self->root))
    return NULL;

  return json_node_get_array (self->root);
}

/**
 * pd_http_response_get_attempts:
 * @self: a #PdHttpResponse
 *
 * Returns: how many times the request was sent before this answer (1 when
 *   the first attempt succeeded)
 */
guint
pd_http_response_get_attempts (PdHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->attempts;
}

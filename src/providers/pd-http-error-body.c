/* pd-http-error-body.c - reading a provider's error answer into code and message
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pd-http-error-body.h"

/* Enough for a sentence in a toast; longer explanations are cut. */
#define MAX_MESSAGE_CHARS 300
#define MAX_DEPTH 4

static char *describe_node (JsonNode *node,
                            guint     depth);

static char *
describe_value (JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_STRING)
    return g_strstrip (g_strdup (json_node_get_string (node)));

  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");

  if (type == G_TYPE_DOUBLE)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
    }

  return NULL;
}

static void
append_part (GString    *out,
             const char *name,
             const char *part)
{
  if (part == NULL || *part == '\0')
    return;

  if (out->len > 0)
    g_string_append (out, "; ");
  if (name != NULL)
    g_string_append_printf (out, "%s — ", name);
  g_string_append (out, part);
}

/* Strings as they are, lists joined with "; ", and objects as
 * "field — message", which is how validation errors usually look:
 * {"details": {"user_password": ["This field is required."]}}. Not
 * "field: message": redaction would take "user_password: This" for a
 * secret and hide the message. */
static char *
describe_node (JsonNode *node,
               guint     depth)
{
  GString *out;

  if (node == NULL || depth > MAX_DEPTH)
    return NULL;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_VALUE:
      return describe_value (node);

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint length = json_array_get_length (array);

        out = g_string_new (NULL);
        for (guint i = 0; i < length; i++)
          {
            g_autofree char *part = describe_node (json_array_get_element (array, i), depth + 1);

            append_part (out, NULL, part);
          }
      }
      return g_string_free (out, FALSE);

    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        out = g_string_new (NULL);
        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          {
            g_autofree char *part = describe_node (member, depth + 1);

            append_part (out, name, part);
          }
      }
      return g_string_free (out, FALSE);

    case JSON_NODE_NULL:
    default:
      return NULL;
    }
}

static char *
finish_text (char *text)
{
  g_autofree char *owned = text;
  char *stripped;

  if (owned == NULL)
    return NULL;

  stripped = g_strstrip (owned);

  if (*stripped == '\0')
    return NULL;

  if (g_utf8_strlen (stripped, -1) > MAX_MESSAGE_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (stripped, 0, MAX_MESSAGE_CHARS - 1);

      return g_strconcat (cut, "…", NULL);
    }

  return g_strdup (stripped);
}

static char *
describe_member (JsonObject *object,
                 const char *member)
{
  if (!json_object_has_member (object, member))
    return NULL;

  return finish_text (describe_node (json_object_get_member (object, member), 0));
}

static char *
code_member (JsonObject *object,
             const char *member,
             guint       http_status)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  type = json_node_get_value_type (node);

  if (type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
    }

  /* ZengaPay repeats the HTTP status as "code"; that says nothing new. */
  if (type == G_TYPE_INT64 && json_node_get_int (node) != (gint64)http_status)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  return NULL;
}

static void
parse_object (JsonObject         *object,
              PdHttpErrorDetails *details,
              guint               depth)
{
  static const char * const message_members[] = {
    "message", "msg", "error_description", "response_message", "error_message",
    "errorMessage", "messages", "detail", "details", "errors", "description",
  };
  static const char * const code_members[] = {
    "code", "error_code", "errorCode", "response_code",
  };
  JsonNode *error_node = json_object_get_member (object, "error");

  /* {"error": {"code": …, "message": …}} says more inside than outside. */
  if (error_node != NULL && JSON_NODE_HOLDS_OBJECT (error_node) && depth < MAX_DEPTH)
    parse_object (json_node_get_object (error_node), details, depth + 1);

  for (guint i = 0; details->provider_message == NULL && i < G_N_ELEMENTS (message_members); i++)
    details->provider_message = describe_member (object, message_members[i]);

  for (guint i = 0; details->provider_code == NULL && i < G_N_ELEMENTS (code_members); i++)
    details->provider_code = code_member (object, code_members[i], details->http_status);

  /* {"error": "invalid_token", "error_description": "…"}: a bare "error"
   * string is the code when a message came from elsewhere. */
  if (error_node != NULL && JSON_NODE_HOLDS_VALUE (error_node))
    {
      if (details->provider_message == NULL)
        details->provider_message = describe_member (object, "error");
      else if (details->provider_code == NULL)
        details->provider_code = code_member (object, "error", details->http_status);
    }
}

static char *
plain_text_message (PdHttpErrorDetails *details)
{
  const char *data;
  gsize size = 0;
  const char *end;

  if (details->body == NULL || details->content_type == NULL
      || g_ascii_strcasecmp (details->content_type, "text/plain") != 0)
    return NULL;

  data = g_bytes_get_data (details->body, &size);
  if (size == 0 || size > MAX_MESSAGE_CHARS || !g_utf8_validate (data, size, NULL))
    return NULL;

  end = memchr (data, '\n', size);
  return finish_text (g_strndup (data, end != NULL ? (gsize)(end - data) : size));
}

/**
 * pd_http_error_details_parse_default:
 * @details: the answer to read, and where to put what was found
 *
 * Fills in @details->provider_code and @details->provider_message (those
 * still %NULL) from the error shapes the providers use:
 * `{"message": …}`, `{"msg": …}`, `{"error": {"code": …, "message": …}}`,
 * `{"code": …, "status": …, "message": …}`, `{"code": …, "messages": [ … ]}`,
 * `{"details": "…"}` and `{"details": {"field": ["…"]}}`,
 * `{"response_code": …, "response_message": …}` and
 * `{"error": …, "error_description": …}`, or a short text/plain body.
 * This is what a client uses when no error parser is set; a provider's own
 * parser may call it for the shapes it does not handle itself.
 */
void
pd_http_error_details_parse_default (PdHttpErrorDetails *details)
{
  g_return_if_fail (details != NULL);

  if (details->root == NULL)
    {
      if (details->provider_message == NULL)
        details->provider_message = plain_text_message (details);
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (details->root))
    {
      parse_object (json_node_get_object (details->root), details, 0);
    }
  else if (details->provider_message == NULL)
    {
      details->provider_message = finish_text (describe_node (details->root, 0));
    }
}

/* pd-json.c - JSON reading that keeps numbers exact, and a streaming writer
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pd-json.h"
#include "pd-json-private.h"

G_DEFINE_QUARK (pd-json-error-quark, pd_json_error)

/* The reader's expectations, between two tokens. */
enum
{
  STATE_VALUE,
  STATE_VALUE_OR_END_ARRAY,
  STATE_NAME_OR_END_OBJECT,
  STATE_NAME,
  STATE_COMMA_OR_END,
  STATE_DONE,
};

/* ---------------------------------------------------------------- reader */

static void
position_of (const char *data,
             gsize       offset,
             guint      *line,
             guint      *column)
{
  *line = 1;
  *column = 1;

  for (gsize i = 0; i < offset; i++)
    {
      guchar c = data[i];

      if (c == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else if ((c & 0xC0) != 0x80)
        {
          /* Count characters, not the continuation bytes of UTF-8. */
          (*column)++;
        }
    }
}

static gboolean
fail_at (PdJsonReader  *reader,
         gsize          offset,
         const char    *reason,
         GError       **error)
{
  guint line;
  guint column;

  position_of (reader->data, MIN (offset, reader->length), &line, &column);
  g_set_error (error, PD_JSON_ERROR, PD_JSON_ERROR_MALFORMED,
               _("Malformed JSON at line %u, column %u: %s"), line, column, reason);

  /* Stop here: the reader's state is no longer meaningful. */
  reader->state = STATE_DONE;
  reader->pos = reader->length;
  return FALSE;
}

static inline gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Reads four hex digits at @p (which has at least @available bytes). */
static int
read_hex4 (const char *p,
           gsize       available)
{
  int value = 0;

  if (available < 4)
    return -1;

  for (guint i = 0; i < 4; i++)
    {
      int digit = hex_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }

  return value;
}

/* Scans the number literal at @pos, following RFC 8259 exactly. Returns the
 * offset after it, or 0 (never a valid end) with *bad_offset set. */
static gsize
scan_number (const char *data,
             gsize       length,
             gsize       pos,
             gboolean   *is_int64,
             gsize      *bad_offset)
{
  gsize i = pos;
  gboolean negative = FALSE;
  gboolean integer = TRUE;
  gsize int_start;
  gsize int_end;

  if (i < length && data[i] == '-')
    {
      negative = TRUE;
      i++;
    }

  int_start = i;
  if (i >= length || !g_ascii_isdigit (data[i]))
    goto bad;

  if (data[i] == '0')
    {
      i++;
      if (i < length && g_ascii_isdigit (data[i]))
        goto bad;
    }
  else
    {
      while (i < length && g_ascii_isdigit (data[i]))
        i++;
    }
  int_end = i;

  if (i < length && data[i] == '.')
    {
      integer = FALSE;
      i++;
      if (i >= length || !g_ascii_isdigit (data[i]))
        goto bad;
      while (i < length && g_ascii_isdigit (data[i]))
        i++;
    }

  if (i < length && (data[i] == 'e' || data[i] == 'E'))
    {
      integer = FALSE;
      i++;
      if (i < length && (data[i] == '+' || data[i] == '-'))
        i++;
      if (i >= length || !g_ascii_isdigit (data[i]))
        goto bad;
      while (i < length && g_ascii_isdigit (data[i]))
        i++;
    }

  if (integer)
    {
      /* The magnitude of G_MININT64 is one more than G_MAXINT64. */
      guint64 limit = (guint64)G_MAXINT64 + (negative ? 1 : 0);
      guint64 magnitude = 0;

      for (gsize k = int_start; k < int_end && integer; k++)
        {
          guint digit = data[k] - '0';

          if (magnitude > (limit - digit) / 10)
            integer = FALSE;
          else
            magnitude = magnitude * 10 + digit;
        }
    }

  *is_int64 = integer;
  return i;

bad:
  *bad_offset = i;
  return 0;
}

/**
 * pd_json_is_number_literal:
 * @text: the text to check
 * @length: its length in bytes
 * @is_int64: (out) (optional): whether it is a plain integer that fits in a gint64
 *
 * Checks that @text is exactly one JSON number literal, such as "-12.50" or
 * "1e3" (not "+1", ".5", "01" or "NaN").
 *
 * Returns: %TRUE if it is
 */
gboolean
pd_json_is_number_literal (const char *text,
                           gsize       length,
                           gboolean   *is_int64)
{
  gboolean integer = FALSE;
  gsize bad_offset;
  gsize end;

  end = scan_number (text, length, 0, &integer, &bad_offset);
  if (end == 0 || end != length)
    return FALSE;

  if (is_int64 != NULL)
    *is_int64 = integer;
  return TRUE;
}

/* Scans the string literal whose opening quote is at reader->pos. */
static gboolean
scan_string (PdJsonReader  *reader,
             GError       **error)
{
  const char *data = reader->data;
  gsize length = reader->length;
  gsize i = reader->pos + 1;

  for (;;)
    {
      guchar c;

      if (i >= length)
        return fail_at (reader, reader->pos, _("the string is not terminated"), error);

      c = data[i];
      if (c == '"')
        break;

      if (c < 0x20)
        return fail_at (reader, i, _("a control character in a string must be escaped"), error);

      if (c != '\\')
        {
          i++;
          continue;
        }

      if (i + 1 >= length)
        return fail_at (reader, reader->pos, _("the string is not terminated"), error);

      switch (data[i + 1])
        {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          i += 2;
          break;

        case 'u':
          {
            int unit = read_hex4 (data + i + 2, length - (i + 2));

            if (unit < 0)
              return fail_at (reader, i, _("invalid \\u escape"), error);

            if (unit >= 0xD800 && unit <= 0xDBFF)
              {
                int low = -1;

                if (i + 7 < length && data[i + 6] == '\\' && data[i + 7] == 'u')
                  low = read_hex4 (data + i + 8, length - (i + 8));
                if (low < 0xDC00 || low > 0xDFFF)
                  return fail_at (reader, i, _("a \\u escape has half of a surrogate pair"), error);
                i += 12;
              }
            else if (unit >= 0xDC00 && unit <= 0xDFFF)
              return fail_at (reader, i, _("a \\u escape has half of a surrogate pair"), error);
            else
              i += 6;
          }
          break;

        default:
          return fail_at (reader, i, _("invalid escape sequence in a string"), error);
        }
    }

  reader->pos = i + 1;
  return TRUE;
}

/**
 * pd_json_reader_init:
 * @reader: a reader, usually on the stack
 * @data: the JSON text
 * @length: its length in bytes
 *
 * Prepares @reader to read @data, which must stay alive while it is read.
 * A UTF-8 byte order mark at the start is skipped.
 */
void
pd_json_reader_init (PdJsonReader *reader,
                     const char   *data,
                     gsize         length)
{
  reader->data = data;
  reader->length = length;
  reader->pos = 0;
  reader->depth = 0;
  reader->state = STATE_VALUE;
  reader->checked_utf8 = FALSE;

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    reader->pos = 3;
}

static void
after_value (PdJsonReader *reader)
{
  reader->state = reader->depth == 0 ? STATE_DONE : STATE_COMMA_OR_END;
}

static gboolean
read_value (PdJsonReader  *reader,
            PdJsonToken   *token,
            GError       **error)
{
  const char *data = reader->data;
  gsize start = reader->pos;

  token->start = start;
  token->depth = reader->depth;
  token->is_int64 = FALSE;

  switch (data[start])
    {
    case '{':
    case '[':
      if (reader->depth >= PD_JSON_MAX_DEPTH)
        return fail_at (reader, start, _("the values are nested too deeply"), error);
      reader->in_object[reader->depth++] = data[start] == '{';
      reader->pos = start + 1;
      if (data[start] == '{')
        {
          token->type = PD_JSON_TOKEN_BEGIN_OBJECT;
          reader->state = STATE_NAME_OR_END_OBJECT;
        }
      else
        {
          token->type = PD_JSON_TOKEN_BEGIN_ARRAY;
          reader->state = STATE_VALUE_OR_END_ARRAY;
        }
      token->end = reader->pos;
      return TRUE;

    case '"':
      if (!scan_string (reader, error))
        return FALSE;
      token->type = PD_JSON_TOKEN_STRING;
      break;

    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      {
        gsize bad_offset = start;
        gsize end = scan_number (data, reader->length, start, &token->is_int64, &bad_offset);

        if (end == 0)
          return fail_at (reader, bad_offset, _("invalid number"), error);
        reader->pos = end;
        token->type = PD_JSON_TOKEN_NUMBER;
      }
      break;

    case 't':
    case 'f':
    case 'n':
      {
        static const struct
        {
          const char      *text;
          gsize            length;
          PdJsonTokenType  type;
        } literals[] = {
          { "true", 4, PD_JSON_TOKEN_TRUE },
          { "false", 5, PD_JSON_TOKEN_FALSE },
          { "null", 4, PD_JSON_TOKEN_NULL },
        };
        gboolean found = FALSE;

        for (guint i = 0; i < G_N_ELEMENTS (literals) && !found; i++)
          {
            if (reader->length - start >= literals[i].length &&
                memcmp (data + start, literals[i].text, literals[i].length) == 0)
              {
                reader->pos = start + literals[i].length;
                token->type = literals[i].type;
                found = TRUE;
              }
          }
        if (!found)
          return fail_at (reader, start, _("expected a value"), error);
      }
      break;

    default:
      return fail_at (reader, start, _("expected a value"), error);
    }

  token->end = reader->pos;
  after_value (reader);
  return TRUE;
}

static gboolean
read_end (PdJsonReader  *reader,
          PdJsonToken   *token)
{
  gboolean object = reader->in_object[reader->depth - 1];

  token->type = object ? PD_JSON_TOKEN_END_OBJECT : PD_JSON_TOKEN_END_ARRAY;
  token->start = reader->pos;
  token->end = ++reader->pos;
  token->depth = --reader->depth;
  token->is_int64 = FALSE;
  after_value (reader);
  return TRUE;
}

/**
 * pd_json_reader_next:
 * @reader: a reader
 * @token: (out): the next token
 * @error: return location for a #GError
 *
 * Reads the next token, checking the grammar on the way. After the top-level
 * value it returns %PD_JSON_TOKEN_END (again on every later call).
 *
 * Returns: %TRUE with a token, or %FALSE with %PD_JSON_ERROR_MALFORMED
 *   saying where the text went wrong
 */
gboolean
pd_json_reader_next (PdJsonReader  *reader,
                     PdJsonToken   *token,
                     GError       **error)
{
  const char *data = reader->data;

  if (!reader->checked_utf8)
    {
      const char *bad = NULL;

      reader->checked_utf8 = TRUE;
      if (!g_utf8_validate_len (data, reader->length, &bad))
        return fail_at (reader, bad - data, _("the text is not valid UTF-8"), error);
    }

  for (;;)
    {
      char c;

      while (reader->pos < reader->length && is_json_space (data[reader->pos]))
        reader->pos++;

      if (reader->pos >= reader->length)
        {
          if (reader->state == STATE_DONE)
            {
              token->type = PD_JSON_TOKEN_END;
              token->start = token->end = reader->length;
              token->depth = 0;
              token->is_int64 = FALSE;
              return TRUE;
            }

          if (reader->state == STATE_VALUE && reader->depth == 0)
            {
              g_set_error_literal (error, PD_JSON_ERROR, PD_JSON_ERROR_MALFORMED,
                                   _("Malformed JSON: the text is empty"));
              return FALSE;
            }

          return fail_at (reader, reader->length, _("the text ends too early"), error);
        }

      c = data[reader->pos];

      switch (reader->state)
        {
        case STATE_VALUE:
          return read_value (reader, token, error);

        case STATE_VALUE_OR_END_ARRAY:
          if (c == ']')
            return read_end (reader, token);
          return read_value (reader, token, error);

        case STATE_NAME_OR_END_OBJECT:
        case STATE_NAME:
          if (c == '}' && reader->state == STATE_NAME_OR_END_OBJECT)
            return read_end (reader, token);
          if (c != '"')
            return fail_at (reader, reader->pos,
                            c == '}'
                            ? _("a comma is followed by no member")
                            : _("expected a member name in double quotes"),
                            error);

          token->type = PD_JSON_TOKEN_NAME;
          token->start = reader->pos;
          token->depth = reader->depth;
          token->is_int64 = FALSE;
          if (!scan_string (reader, error))
            return FALSE;
          token->end = reader->pos;

          while (reader->pos < reader->length && is_json_space (data[reader->pos]))
            reader->pos++;
          if (reader->pos >= reader->length || data[reader->pos] != ':')
            return fail_at (reader, reader->pos,
                            _("expected “:” after the member name"), error);
          reader->pos++;
          reader->state = STATE_VALUE;
          return TRUE;

        case STATE_COMMA_OR_END:
          {
            gboolean object = reader->in_object[reader->depth - 1];

            if (c == ',')
              {
                reader->pos++;
                reader->state = object ? STATE_NAME : STATE_VALUE;
                continue;
              }
            if (c == (object ? '}' : ']'))
              return read_end (reader, token);

            return fail_at (reader, reader->pos,
                            object ? _("expected “,” or “}”") : _("expected “,” or “]”"),
                            error);
          }

        case STATE_DONE:
        default:
          return fail_at (reader, reader->pos, _("there is more text after the JSON value"), error);
        }
    }
}

/**
 * pd_json_reader_skip_value:
 * @reader: a reader
 * @first: the first token of a value, just read
 * @last: (out): the last token of that value
 * @error: return location for a #GError
 *
 * Reads past the rest of the value that starts with @first: for an object or
 * an array, up to its closing token; for any other value, nothing.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_json_reader_skip_value (PdJsonReader       *reader,
                           const PdJsonToken  *first,
                           PdJsonToken        *last,
                           GError            **error)
{
  *last = *first;

  if (first->type != PD_JSON_TOKEN_BEGIN_OBJECT &&
      first->type != PD_JSON_TOKEN_BEGIN_ARRAY)
    return TRUE;

  do
    {
      if (!pd_json_reader_next (reader, last, error))
        return FALSE;
    }
  while (!((last->type == PD_JSON_TOKEN_END_OBJECT || last->type == PD_JSON_TOKEN_END_ARRAY) &&
           last->depth == first->depth));

  return TRUE;
}

/**
 * pd_json_reader_dup_string:
 * @reader: the reader that returned @token
 * @token: a NAME or STRING token
 *
 * Decodes a string token: quotes removed, escapes resolved.
 *
 * Returns: (transfer full): the string's UTF-8 text
 */
char *
pd_json_reader_dup_string (const PdJsonReader *reader,
                           const PdJsonToken  *token)
{
  const char *data = reader->data;
  gsize end = token->end - 1;
  gsize i = token->start + 1;
  GString *out = g_string_sized_new (end - i);

  g_return_val_if_fail (token->type == PD_JSON_TOKEN_NAME ||
                        token->type == PD_JSON_TOKEN_STRING, NULL);

  while (i < end)
    {
      gsize run = i;

      while (i < end && data[i] != '\\')
        i++;
      g_string_append_len (out, data + run, i - run);
      if (i >= end)
        break;

      /* The reader has checked every escape already. */
      switch (data[i + 1])
        {
        case 'b': g_string_append_c (out, '\b'); i += 2; break;
        case 'f': g_string_append_c (out, '\f'); i += 2; break;
        case 'n': g_string_append_c (out, '\n'); i += 2; break;
        case 'r': g_string_append_c (out, '\r'); i += 2; break;
        case 't': g_string_append_c (out, '\t'); i += 2; break;
        case 'u':
          {
            gunichar c = read_hex4 (data + i + 2, 4);

            i += 6;
            if (c >= 0xD800 && c <= 0xDBFF)
              {
                gunichar low = read_hex4 (data + i + 2, 4);

                c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                i += 6;
              }
            g_string_append_unichar (out, c);
          }
          break;
        default:
          g_string_append_c (out, data[i + 1]);
          i += 2;
          break;
        }
    }

  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------- parsing */

/**
 * pd_json_parse:
 * @data: JSON text
 * @length: its length in bytes, or -1 if it is NUL-terminated
 * @error: return location for a #GError
 *
 * Parses JSON with json-glib, without letting any amount pass through a
 * double: every number literal that is not a plain integer fitting in a
 * gint64 (one with a fraction or an exponent, or too large) becomes a string
 * node holding the literal's exact text, so `2152.2` reads back as "2152.2"
 * with pd_json_get_string() and exactly with pd_json_get_money(). Strings are
 * never touched. The text must be strict JSON (RFC 8259); a UTF-8 byte order
 * mark is allowed.
 *
 * Returns: (transfer full): the root node, or %NULL with
 *   %PD_JSON_ERROR_MALFORMED saying at which line and column the text is wrong
 */
JsonNode *
pd_json_parse (const char  *data,
               gssize       length,
               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GString) rewritten = NULL;
  g_autoptr(GError) local_error = NULL;
  PdJsonReader reader;
  PdJsonToken token;
  gsize copied;

  g_return_val_if_fail (data != NULL || length <= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data == NULL)
    data = "";
  if (length < 0)
    length = strlen (data);

  pd_json_reader_init (&reader, data, length);
  copied = reader.pos;

  do
    {
      if (!pd_json_reader_next (&reader, &token, error))
        return NULL;

      if (token.type == PD_JSON_TOKEN_NUMBER && !token.is_int64)
        {
          if (rewritten == NULL)
            rewritten = g_string_sized_new (length + 64);
          g_string_append_len (rewritten, data + copied, token.start - copied);
          g_string_append_c (rewritten, '"');
          g_string_append_len (rewritten, data + token.start, token.end - token.start);
          g_string_append_c (rewritten, '"');
          copied = token.end;
        }
    }
  while (token.type != PD_JSON_TOKEN_END);

  parser = json_parser_new_immutable ();

  if (rewritten != NULL)
    {
      g_string_append_len (rewritten, data + copied, length - copied);
      json_parser_load_from_data (parser, rewritten->str, rewritten->len, &local_error);
    }
  else
    {
      json_parser_load_from_data (parser, data + copied, length - copied, &local_error);
    }

  if (local_error != NULL)
    {
      /* Should not happen: the reader checked the grammar already. */
      g_set_error (error, PD_JSON_ERROR, PD_JSON_ERROR_MALFORMED,
                   _("Malformed JSON: %s"), local_error->message);
      return NULL;
    }

  return json_parser_steal_root (parser);
}

/**
 * pd_json_parse_bytes:
 * @bytes: JSON text
 * @error: return location for a #GError
 *
 * Like pd_json_parse(), for a #GBytes such as a libsoup response body.
 *
 * Returns: (transfer full): the root node, or %NULL with a #PdJsonError
 */
JsonNode *
pd_json_parse_bytes (GBytes  *bytes,
                     GError **error)
{
  gsize length;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &length);
  if (data == NULL)
    data = "";

  return pd_json_parse (data, length, error);
}

/* ---------------------------------------------------------------- getters */

static JsonNode *
get_member (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

/**
 * pd_json_get_string:
 * @object: a JSON object
 * @member: a member name
 *
 * Returns: (nullable): the member's string, or %NULL if it is absent, null or
 *   not a string. Numbers rewritten by pd_json_parse() are strings.
 */
const char *
pd_json_get_string (JsonObject *object,
                    const char *member)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (member != NULL, NULL);

  node = get_member (object, member);
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/**
 * pd_json_dup_text:
 * @object: a JSON object
 * @member: a member name
 *
 * Reads a member as text, for fields that providers send as strings or
 * numbers alike (ids, references, phone numbers): a string as it is, an
 * integer in decimal, a boolean as "true" or "false".
 *
 * Returns: (transfer full) (nullable): the text, or %NULL if the member is
 *   absent, null, an object or an array
 */
char *
pd_json_dup_text (JsonObject *object,
                  const char *member)
{
  JsonNode *node;
  GType type;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (member != NULL, NULL);

  node = get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
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

static const char *
describe_node (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return _("null");
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return _("a boolean");
    case G_TYPE_DOUBLE:
      return _("a floating-point number");
    case G_TYPE_STRING:
      return _("a string");
    case G_TYPE_INT64:
      return _("an integer");
    default:
      return _("a value of unknown type");
    }
}

/* Strict integer text: an optional '-' and digits, within a gint64. */
static gboolean
parse_int_text (const char *text,
                gint64     *out)
{
  gboolean is_int64 = FALSE;
  gsize length = strlen (text);

  if (!pd_json_is_number_literal (text, length, &is_int64) || !is_int64)
    return FALSE;

  return g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, out, NULL);
}

/**
 * pd_json_get_int:
 * @object: a JSON object
 * @member: a member name
 * @out: (out): where to store the value
 * @error: return location for a #GError
 *
 * Reads an integer member: an integer number, or a string holding one in
 * JSON's integer syntax ("39", "-7"; not "+7", " 7" or "07").
 *
 * Returns: %TRUE on success; %FALSE with %PD_JSON_ERROR_MISSING if the member
 *   is absent or null, %PD_JSON_ERROR_TYPE if it is anything else
 */
gboolean
pd_json_get_int (JsonObject  *object,
                 const char  *member,
                 gint64      *out,
                 GError     **error)
{
  JsonNode *node;
  GType type;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  node = get_member (object, member);
  if (node == NULL)
    {
      g_set_error (error, PD_JSON_ERROR, PD_JSON_ERROR_MISSING,
                   _("The member “%s” is missing"), member);
      return FALSE;
    }

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (type == G_TYPE_STRING && parse_int_text (json_node_get_string (node), out))
    return TRUE;

  g_set_error (error, PD_JSON_ERROR, PD_JSON_ERROR_TYPE,
               _("The member “%s” is %s, not an integer"), member, describe_node (node));
  return FALSE;
}

/**
 * pd_json_node_get_money:
 * @node: (nullable): a JSON node
 * @currency: the amount's ISO 4217 code
 * @form: whether the number is in major or in minor units
 * @out: (out): where to store the amount
 * @error: return location for a #GError
 *
 * Reads an amount from an integer node or a string node (which includes the
 * literals pd_json_parse() rewrites). In %PD_AMOUNT_MAJOR form the text is
 * read by pd_money_parse(), keeping its decimals; in %PD_AMOUNT_MINOR form by
 * pd_money_parse_minor(), so it must be a whole number of minor units.
 * Grouped text such as "1,000" is refused.
 *
 * Errors: %PD_JSON_ERROR_MISSING for %NULL or a null node;
 * %PD_JSON_ERROR_TYPE for an object, an array, a boolean, or a double (which
 * only a parser other than pd_json_parse() produces, and which cannot be read
 * exactly); a bad number, a bad currency or an overflow keep their own
 * %PD_MONEY_ERROR code.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_json_node_get_money (JsonNode      *node,
                        const char    *currency,
                        PdAmountForm   form,
                        PdMoney       *out,
                        GError       **error)
{
  char buffer[32];
  const char *text;
  GType type;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (form == PD_AMOUNT_MAJOR || form == PD_AMOUNT_MINOR, FALSE);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      g_set_error_literal (error, PD_JSON_ERROR, PD_JSON_ERROR_MISSING,
                           _("The amount is missing"));
      return FALSE;
    }

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    {
      g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, json_node_get_int (node));
      text = buffer;
    }
  else if (type == G_TYPE_STRING)
    {
      text = json_node_get_string (node);
    }
  else
    {
      g_set_error (error, PD_JSON_ERROR, PD_JSON_ERROR_TYPE,
                   _("The amount is %s, not a number"), describe_node (node));
      return FALSE;
    }

  if (form == PD_AMOUNT_MINOR)
    return pd_money_parse_minor (text, currency, out, error);
  return pd_money_parse (text, currency, out, error);
}

/**
 * pd_json_get_money:
 * @object: a JSON object
 * @member: the member holding the amount
 * @currency: the amount's ISO 4217 code
 * @form: whether the number is in major or in minor units
 * @out: (out): where to store the amount
 * @error: return location for a #GError
 *
 * Reads the amount in @member, as pd_json_node_get_money() does, with the
 * member's name at the start of every error message.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_json_get_money (JsonObject    *object,
                   const char    *member,
                   const char    *currency,
                   PdAmountForm   form,
                   PdMoney       *out,
                   GError       **error)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  node = get_member (object, member);
  if (node == NULL)
    {
      g_set_error (error, PD_JSON_ERROR, PD_JSON_ERROR_MISSING,
                   _("The amount “%s” is missing"), member);
      return FALSE;
    }

  if (!pd_json_node_get_money (node, currency, form, out, error))
    {
      g_prefix_error (error, "“%s”: ", member);
      return FALSE;
    }

  return TRUE;
}

/* ---------------------------------------------------------------- writer */

enum
{
  FRAME_OBJECT    = 1 << 0,
  FRAME_HAS_ITEMS = 1 << 1,
};

struct _PdJsonWriter
{
  GString    *out;
  GByteArray *frames;
  gboolean    after_name;
  gboolean    has_root;
};

/**
 * pd_json_writer_new:
 *
 * Creates a writer of compact JSON text. Values are written in order;
 * commas come by themselves. Misuse (a value where a member name is due,
 * an unbalanced end) is a programmer error reported with g_critical().
 *
 * Returns: (transfer full): a new writer
 */
PdJsonWriter *
pd_json_writer_new (void)
{
  PdJsonWriter *self = g_new0 (PdJsonWriter, 1);

  self->out = g_string_sized_new (1024);
  self->frames = g_byte_array_sized_new (16);

  return self;
}

/**
 * pd_json_writer_free:
 * @self: (nullable): a writer
 *
 * Frees the writer and what it wrote.
 */
void
pd_json_writer_free (PdJsonWriter *self)
{
  if (self == NULL)
    return;

  g_string_free (self->out, TRUE);
  g_byte_array_unref (self->frames);
  g_free (self);
}

/* Writes the comma a new value needs; FALSE if no value may come here. */
static gboolean
begin_value (PdJsonWriter *self)
{
  guint8 *top;

  if (self->after_name)
    {
      self->after_name = FALSE;
      return TRUE;
    }

  if (self->frames->len == 0)
    {
      g_return_val_if_fail (!self->has_root, FALSE);
      self->has_root = TRUE;
      return TRUE;
    }

  top = &self->frames->data[self->frames->len - 1];
  g_return_val_if_fail (!(*top & FRAME_OBJECT), FALSE);

  if (*top & FRAME_HAS_ITEMS)
    g_string_append_c (self->out, ',');
  *top |= FRAME_HAS_ITEMS;

  return TRUE;
}

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *valid = NULL;
  const char *run;
  const char *p;

  /* Invalid UTF-8 would make the whole document invalid. */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');

  for (run = p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      g_string_append_len (out, run, p - run);
      run = p + 1;

      switch (c)
        {
        case '"':  g_string_append_len (out, "\\\"", 2); break;
        case '\\': g_string_append_len (out, "\\\\", 2); break;
        case '\n': g_string_append_len (out, "\\n", 2); break;
        case '\r': g_string_append_len (out, "\\r", 2); break;
        case '\t': g_string_append_len (out, "\\t", 2); break;
        case '\b': g_string_append_len (out, "\\b", 2); break;
        case '\f': g_string_append_len (out, "\\f", 2); break;
        default:
          {
            static const char hex[] = "0123456789abcdef";
            char escape[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF] };

            g_string_append_len (out, escape, sizeof escape);
          }
          break;
        }
    }

  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static void
begin_container (PdJsonWriter *self,
                 gboolean      object)
{
  guint8 frame = object ? FRAME_OBJECT : 0;

  if (!begin_value (self))
    return;

  g_string_append_c (self->out, object ? '{' : '[');
  g_byte_array_append (self->frames, &frame, 1);
}

static void
end_container (PdJsonWriter *self,
               gboolean      object)
{
  g_return_if_fail (self->frames->len > 0);
  g_return_if_fail (!self->after_name);
  g_return_if_fail (!!(self->frames->data[self->frames->len - 1] & FRAME_OBJECT) == object);

  g_byte_array_set_size (self->frames, self->frames->len - 1);
  g_string_append_c (self->out, object ? '}' : ']');
}

/**
 * pd_json_writer_begin_object:
 * @self: a writer
 *
 * Starts an object; write pairs of pd_json_writer_member() and a value, then
 * pd_json_writer_end_object().
 */
void
pd_json_writer_begin_object (PdJsonWriter *self)
{
  g_return_if_fail (self != NULL);

  begin_container (self, TRUE);
}

/**
 * pd_json_writer_end_object:
 * @self: a writer
 *
 * Ends the innermost object.
 */
void
pd_json_writer_end_object (PdJsonWriter *self)
{
  g_return_if_fail (self != NULL);

  end_container (self, TRUE);
}

/**
 * pd_json_writer_begin_array:
 * @self: a writer
 *
 * Starts an array.
 */
void
pd_json_writer_begin_array (PdJsonWriter *self)
{
  g_return_if_fail (self != NULL);

  begin_container (self, FALSE);
}

/**
 * pd_json_writer_end_array:
 * @self: a writer
 *
 * Ends the innermost array.
 */
void
pd_json_writer_end_array (PdJsonWriter *self)
{
  g_return_if_fail (self != NULL);

  end_container (self, FALSE);
}

/**
 * pd_json_writer_member:
 * @self: a writer
 * @name: the member's name
 *
 * Writes a member name inside an object; the next value is its value.
 */
void
pd_json_writer_member (PdJsonWriter *self,
                       const char   *name)
{
  guint8 *top;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (self->frames->len > 0);
  g_return_if_fail (!self->after_name);

  top = &self->frames->data[self->frames->len - 1];
  g_return_if_fail (*top & FRAME_OBJECT);

  if (*top & FRAME_HAS_ITEMS)
    g_string_append_c (self->out, ',');
  *top |= FRAME_HAS_ITEMS;

  append_escaped (self->out, name);
  g_string_append_c (self->out, ':');
  self->after_name = TRUE;
}

/**
 * pd_json_writer_string:
 * @self: a writer
 * @value: (nullable): UTF-8 text, or %NULL to write null
 *
 * Writes a string, escaping '"', '\\' and control characters (as \n, \t …
 * or \u00XX) and passing all other characters through, '/' included.
 * Invalid UTF-8 is replaced by U+FFFD so that the document stays valid.
 */
void
pd_json_writer_string (PdJsonWriter *self,
                       const char   *value)
{
  g_return_if_fail (self != NULL);

  if (!begin_value (self))
    return;

  if (value == NULL)
    g_string_append_len (self->out, "null", 4);
  else
    append_escaped (self->out, value);
}

/**
 * pd_json_writer_int:
 * @self: a writer
 * @value: an integer
 *
 * Writes an integer number.
 */
void
pd_json_writer_int (PdJsonWriter *self,
                    gint64        value)
{
  char buffer[24];
  int length;

  g_return_if_fail (self != NULL);

  if (!begin_value (self))
    return;

  length = g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, value);
  g_string_append_len (self->out, buffer, length);
}

/**
 * pd_json_writer_boolean:
 * @self: a writer
 * @value: a boolean
 *
 * Writes true or false.
 */
void
pd_json_writer_boolean (PdJsonWriter *self,
                        gboolean      value)
{
  g_return_if_fail (self != NULL);

  if (!begin_value (self))
    return;

  if (value)
    g_string_append_len (self->out, "true", 4);
  else
    g_string_append_len (self->out, "false", 5);
}

/**
 * pd_json_writer_null:
 * @self: a writer
 *
 * Writes null.
 */
void
pd_json_writer_null (PdJsonWriter *self)
{
  g_return_if_fail (self != NULL);

  if (!begin_value (self))
    return;

  g_string_append_len (self->out, "null", 4);
}

/**
 * pd_json_writer_raw_number:
 * @self: a writer
 * @literal: a JSON number literal, such as "2152.2" or "1e3"
 *
 * Writes a number exactly as given, for amounts that must keep their text.
 * @literal must be one valid JSON number.
 */
void
pd_json_writer_raw_number (PdJsonWriter *self,
                           const char   *literal)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (literal != NULL);
  g_return_if_fail (pd_json_is_number_literal (literal, strlen (literal), NULL));

  if (!begin_value (self))
    return;

  g_string_append (self->out, literal);
}

/**
 * pd_json_writer_money:
 * @self: a writer
 * @money: an amount
 * @form: how to write it
 *
 * Writes an amount as a JSON number. %PD_AMOUNT_MAJOR writes it in currency
 * units with exactly its own decimals (UGX 2152.2 as `2152.2`, GHS 742.00 as
 * `742.00`, SDG 300 as `300`). %PD_AMOUNT_MINOR writes the integer count of
 * minor units at the currency's exponent (GHS 742.00 as `74200`); the amount
 * must have a currency and no non-zero digit below the minor unit.
 */
void
pd_json_writer_money (PdJsonWriter  *self,
                      const PdMoney *money,
                      PdAmountForm   form)
{
  g_autofree char *text = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (money != NULL);
  g_return_if_fail (money->scale <= PD_MONEY_MAX_SCALE);
  g_return_if_fail (form == PD_AMOUNT_MAJOR || form == PD_AMOUNT_MINOR);

  if (form == PD_AMOUNT_MINOR)
    {
      PdMoney minor;
      gboolean exact;

      g_return_if_fail (pd_money_is_set (money));

      exact = pd_money_rescale (money, pd_currency_exponent (money->currency), &minor, NULL);
      g_return_if_fail (exact);

      if (begin_value (self))
        g_string_append_printf (self->out, "%" G_GINT64_FORMAT, minor.units);
      return;
    }

  text = pd_money_to_plain_scale (money, 0);
  if (begin_value (self))
    g_string_append (self->out, text);
}

/**
 * pd_json_writer_node:
 * @self: a writer
 * @node: (nullable): a JSON tree, or %NULL to write null
 *
 * Writes a json-glib tree: members in their order, strings as strings
 * (including the literals pd_json_parse() rewrote), integers as integers,
 * doubles with g_ascii_dtostr() (null if not finite).
 */
void
pd_json_writer_node (PdJsonWriter *self,
                     JsonNode     *node)
{
  g_return_if_fail (self != NULL);

  if (node == NULL)
    {
      pd_json_writer_null (self);
      return;
    }

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        pd_json_writer_begin_object (self);
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            pd_json_writer_member (self, name);
            pd_json_writer_node (self, member);
          }
        pd_json_writer_end_object (self);
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        pd_json_writer_begin_array (self);
        for (guint i = 0; i < n; i++)
          pd_json_writer_node (self, json_array_get_element (array, i));
        pd_json_writer_end_array (self);
      }
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          pd_json_writer_string (self, json_node_get_string (node));
          break;

        case G_TYPE_INT64:
          pd_json_writer_int (self, json_node_get_int (node));
          break;

        case G_TYPE_BOOLEAN:
          pd_json_writer_boolean (self, json_node_get_boolean (node));
          break;

        case G_TYPE_DOUBLE:
          {
            char buffer[G_ASCII_DTOSTR_BUF_SIZE];
            const char *text = g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node));

            if (pd_json_is_number_literal (text, strlen (text), NULL))
              pd_json_writer_raw_number (self, text);
            else
              pd_json_writer_null (self);
          }
          break;

        default:
          pd_json_writer_null (self);
          break;
        }
      break;

    case JSON_NODE_NULL:
    default:
      pd_json_writer_null (self);
      break;
    }
}

/**
 * pd_json_writer_free_to_string:
 * @self: (transfer full): a writer whose containers are all closed
 *
 * Frees the writer and returns what it wrote.
 *
 * Returns: (transfer full): the JSON text
 */
char *
pd_json_writer_free_to_string (PdJsonWriter *self)
{
  char *text;

  g_return_val_if_fail (self != NULL, NULL);
  g_warn_if_fail (self->frames->len == 0 && !self->after_name);

  text = g_string_free (g_steal_pointer (&self->out), FALSE);
  g_byte_array_unref (self->frames);
  g_free (self);

  return text;
}

/**
 * pd_json_writer_free_to_bytes:
 * @self: (transfer full): a writer whose containers are all closed
 *
 * Frees the writer and returns what it wrote, for a libsoup message body.
 *
 * Returns: (transfer full): the JSON text, without a trailing NUL
 */
GBytes *
pd_json_writer_free_to_bytes (PdJsonWriter *self)
{
  GBytes *bytes;

  g_return_val_if_fail (self != NULL, NULL);
  g_warn_if_fail (self->frames->len == 0 && !self->after_name);

  bytes = g_string_free_to_bytes (g_steal_pointer (&self->out));
  g_byte_array_unref (self->frames);
  g_free (self);

  return bytes;
}

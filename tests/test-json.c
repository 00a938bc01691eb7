/* test-json.c - tests for exact JSON reading and the streaming writer
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-json.h"

static JsonNode *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = pd_json_parse (text, -1, &error);

  if (root == NULL)
    g_error ("“%s” did not parse: %s", text, error->message);
  g_assert_no_error (error);

  return root;
}

static JsonNode *
first_element (JsonNode *root)
{
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), >=, 1);

  return json_array_get_element (json_node_get_array (root), 0);
}

/* json-glib alone turns 2152.2 into 2152.1999999999998; pd_json_parse()
 * must not. */
static void
test_double_trap (void)
{
  const char *text = "{\"data\":{\"balance\":{\"currency\":\"UGX\",\"available\":26194436.5},"
                     "\"amount\":2152.2}}";
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  g_autoptr(JsonNode) plain = NULL;
  g_autoptr(JsonNode) exact = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *data;
  JsonObject *balance;
  PdMoney money;
  PdMoney expected;

  /* What json-glib does on its own: a double, which is not 2152.2. */
  plain = json_from_string (text, &error);
  g_assert_no_error (error);
  data = json_object_get_object_member (json_node_get_object (plain), "data");
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (data, "amount")),
                   ==, G_TYPE_DOUBLE);
  g_assert_cmpstr (g_ascii_dtostr (buffer, sizeof buffer,
                                   json_object_get_double_member (data, "amount")),
                   ==, "2152.1999999999998");

  /* What Paydesk reads: the literal's exact text. */
  exact = pd_json_parse (text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (exact);
  data = json_object_get_object_member (json_node_get_object (exact), "data");
  balance = json_object_get_object_member (data, "balance");

  g_assert_cmpint (json_node_get_value_type (json_object_get_member (data, "amount")),
                   ==, G_TYPE_STRING);
  g_assert_cmpstr (pd_json_get_string (data, "amount"), ==, "2152.2");
  g_assert_cmpstr (pd_json_get_string (balance, "available"), ==, "26194436.5");

  g_assert_true (pd_json_get_money (data, "amount", "UGX", PD_AMOUNT_MAJOR, &money, &error));
  g_assert_no_error (error);
  pd_money_init (&expected, 21522, 1, "UGX");
  g_assert_true (pd_money_equal (&money, &expected));
  g_assert_cmpuint (money.scale, ==, 1);

  g_assert_true (pd_json_get_money (balance, "available", "UGX", PD_AMOUNT_MAJOR, &money, &error));
  g_assert_cmpint (money.units, ==, 261944365);
  g_assert_cmpuint (money.scale, ==, 1);
}

static void
test_numbers (void)
{
  static const struct
  {
    const char *literal;
    gboolean    stays_int;
    gint64      value;
  } cases[] = {
    { "0", TRUE, 0 },
    { "74200", TRUE, 74200 },
    { "-12", TRUE, -12 },
    { "9007199254740993", TRUE, G_GINT64_CONSTANT (9007199254740993) },
    { "9223372036854775807", TRUE, G_MAXINT64 },
    { "-9223372036854775808", TRUE, G_MININT64 },
    { "9223372036854775808", FALSE, 0 },
    { "-9223372036854775809", FALSE, 0 },
    { "123456789012345678901234567890", FALSE, 0 },
    { "2152.2", FALSE, 0 },
    { "186600.00", FALSE, 0 },
    { "-0.5", FALSE, 0 },
    { "1e3", FALSE, 0 },
    { "1E+2", FALSE, 0 },
    { "2.5e-1", FALSE, 0 },
    { "0.0", FALSE, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("[%s]", cases[i].literal);
      g_autoptr(JsonNode) root = parse_ok (text);
      JsonNode *node = first_element (root);

      if (cases[i].stays_int)
        {
          g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
          g_assert_cmpint (json_node_get_int (node), ==, cases[i].value);
        }
      else
        {
          g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
          g_assert_cmpstr (json_node_get_string (node), ==, cases[i].literal);
        }
    }
}

static void
test_lexer_strings (void)
{
  /* Numbers inside strings, escaped quotes and backslashes before a closing
   * quote must not confuse the rewriting. */
  const char *text =
    "{\"a\":\"1.5\",\"b\":\"x\\\"1.5\\\"y\",\"c\":\"\\\\\",\"d\":1.5,"
    "\"e\":\"\\u0031.5\",\"f\":\"[2.5, {\\\"g\\\": 3.5}]\",\"1.5\":2.5,"
    "\"h\":\"\\\\\\\"\",\"i\":[1.25,\"1.25\",7],\"j\":\"\\ud83d\\ude00 / \\/\"}";
  g_autoptr(JsonNode) root = parse_ok (text);
  JsonObject *object = json_node_get_object (root);
  JsonArray *array;

  g_assert_cmpstr (pd_json_get_string (object, "a"), ==, "1.5");
  g_assert_cmpstr (pd_json_get_string (object, "b"), ==, "x\"1.5\"y");
  g_assert_cmpstr (pd_json_get_string (object, "c"), ==, "\\");
  g_assert_cmpstr (pd_json_get_string (object, "d"), ==, "1.5");
  g_assert_cmpstr (pd_json_get_string (object, "e"), ==, "1.5");
  g_assert_cmpstr (pd_json_get_string (object, "f"), ==, "[2.5, {\"g\": 3.5}]");
  g_assert_cmpstr (pd_json_get_string (object, "1.5"), ==, "2.5");
  g_assert_cmpstr (pd_json_get_string (object, "h"), ==, "\\\"");
  g_assert_cmpstr (pd_json_get_string (object, "j"), ==, "😀 / /");

  array = json_object_get_array_member (object, "i");
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, "1.25");
  g_assert_cmpstr (json_array_get_string_element (array, 1), ==, "1.25");
  g_assert_cmpint (json_array_get_int_element (array, 2), ==, 7);
  g_assert_cmpuint (json_object_get_size (object), ==, 10);
}

static void
test_parse_whitespace_and_bom (void)
{
  g_autoptr(JsonNode) pretty = parse_ok ("\r\n\t {\n  \"amount\" :\t2152.2 ,\n  \"n\" : 5\n}\n\n");
  g_autoptr(JsonNode) bom = parse_ok ("\xEF\xBB\xBF{\"amount\":1.5}");
  g_autoptr(JsonNode) scalar = parse_ok (" 12.50 ");
  g_autoptr(GBytes) bytes = g_bytes_new_static ("[1e3, 2]xxx", 8);
  g_autoptr(JsonNode) from_bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (pd_json_get_string (json_node_get_object (pretty), "amount"), ==, "2152.2");
  g_assert_cmpstr (pd_json_get_string (json_node_get_object (bom), "amount"), ==, "1.5");
  g_assert_cmpstr (json_node_get_string (scalar), ==, "12.50");

  /* The length is honoured: the bytes after it are not read. */
  from_bytes = pd_json_parse_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_node_get_string (first_element (from_bytes)), ==, "1e3");
}

static void
assert_malformed (const char *text,
                  gssize      length,
                  const char *where)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = pd_json_parse (text, length, &error);

  g_assert_null (root);
  g_assert_error (error, PD_JSON_ERROR, PD_JSON_ERROR_MALFORMED);
  if (strstr (error->message, where) == NULL)
    g_error ("For “%s”, expected “%s” in “%s”", text, where, error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), <, 120);
}

static void
test_malformed (void)
{
  g_autofree char *deep = NULL;
  GString *nested;

  assert_malformed ("", -1, "empty");
  assert_malformed (" \n\t ", -1, "empty");
  assert_malformed ("{", -1, "line 1, column 2");
  assert_malformed ("{\"a\":1,}", -1, "line 1, column 8");
  assert_malformed ("[1,]", -1, "line 1, column 4");
  assert_malformed ("[1 2]", -1, "line 1, column 4");
  assert_malformed ("{\"a\" 1}", -1, "line 1, column 6");
  assert_malformed ("{a:1}", -1, "line 1, column 2");
  assert_malformed ("{'a':1}", -1, "line 1, column 2");
  assert_malformed ("[01]", -1, "line 1, column 3");
  assert_malformed ("[1.]", -1, "line 1, column 4");
  assert_malformed ("[.5]", -1, "line 1, column 2");
  assert_malformed ("[+1]", -1, "line 1, column 2");
  assert_malformed ("[-]", -1, "line 1, column 3");
  assert_malformed ("[1e]", -1, "line 1, column 4");
  assert_malformed ("[NaN]", -1, "line 1, column 2");
  assert_malformed ("[Infinity]", -1, "line 1, column 2");
  assert_malformed ("[tru]", -1, "line 1, column 2");
  assert_malformed ("[0x1F]", -1, "line 1, column 3");
  assert_malformed ("\"unterminated", -1, "line 1, column 1");
  assert_malformed ("[1] x", -1, "line 1, column 5");
  assert_malformed ("{\"a\":1}{}", -1, "line 1, column 8");
  assert_malformed ("[\"\\x\"]", -1, "line 1, column 3");
  assert_malformed ("[\"\\u12G4\"]", -1, "line 1, column 3");
  assert_malformed ("[\"\\ud800\"]", -1, "line 1, column 3");
  assert_malformed ("[\"\\udc00x\"]", -1, "line 1, column 3");
  assert_malformed ("[\"tab\there\"]", -1, "line 1, column 6");
  assert_malformed ("[\"caf\xC3\"]", -1, "UTF-8");
  assert_malformed ("[1]\0[2]", 7, "line 1, column 4");

  /* Lines and columns count characters, not bytes. */
  assert_malformed ("{\n  \"a\": 1,\n  \"b\": }", -1, "line 3, column 8");
  assert_malformed ("{\"é€\": 2.}", -1, "line 1, column 10");

  /* A PawaCard answer exactly as its document prints it. */
  assert_malformed ("\"status\": 0,\n\"msg\": \"success\",\n\"customerName\": \"Bilbo Baggins\"\n}",
                    -1, "line 1, column 9");

  nested = g_string_new (NULL);
  for (guint i = 0; i < 600; i++)
    g_string_append_c (nested, '[');
  deep = g_string_free (nested, FALSE);
  assert_malformed (deep, -1, "deeply");
}

static void
test_get_string_and_text (void)
{
  g_autoptr(JsonNode) root = parse_ok ("{\"s\":\"abc\",\"i\":42,\"big\":9007199254740993,"
                                       "\"f\":2152.2,\"t\":true,\"n\":null,\"o\":{},\"a\":[]}");
  JsonObject *object = json_node_get_object (root);
  g_autofree char *text = NULL;

  g_assert_cmpstr (pd_json_get_string (object, "s"), ==, "abc");
  g_assert_null (pd_json_get_string (object, "i"));
  g_assert_cmpstr (pd_json_get_string (object, "f"), ==, "2152.2");
  g_assert_null (pd_json_get_string (object, "t"));
  g_assert_null (pd_json_get_string (object, "n"));
  g_assert_null (pd_json_get_string (object, "o"));
  g_assert_null (pd_json_get_string (object, "absent"));

  text = pd_json_dup_text (object, "s");
  g_assert_cmpstr (text, ==, "abc");
  g_clear_pointer (&text, g_free);
  text = pd_json_dup_text (object, "i");
  g_assert_cmpstr (text, ==, "42");
  g_clear_pointer (&text, g_free);
  text = pd_json_dup_text (object, "big");
  g_assert_cmpstr (text, ==, "9007199254740993");
  g_clear_pointer (&text, g_free);
  text = pd_json_dup_text (object, "f");
  g_assert_cmpstr (text, ==, "2152.2");
  g_clear_pointer (&text, g_free);
  text = pd_json_dup_text (object, "t");
  g_assert_cmpstr (text, ==, "true");
  g_clear_pointer (&text, g_free);

  g_assert_null (pd_json_dup_text (object, "n"));
  g_assert_null (pd_json_dup_text (object, "o"));
  g_assert_null (pd_json_dup_text (object, "a"));
  g_assert_null (pd_json_dup_text (object, "absent"));
}

static void
test_get_int (void)
{
  g_autoptr(JsonNode) root = parse_ok ("{\"i\":252,\"neg\":-7,\"s\":\"39\",\"sneg\":\"-39\","
                                       "\"f\":1.5,\"sf\":\"1.5\",\"sp\":\" 39\",\"plus\":\"+39\","
                                       "\"word\":\"abc\",\"big\":\"9223372036854775808\","
                                       "\"t\":false,\"n\":null,\"o\":{\"x\":1}}");
  JsonObject *object = json_node_get_object (root);
  static const char * const not_ints[] = { "f", "sf", "sp", "plus", "word", "big", "t", "o" };
  g_autoptr(GError) error = NULL;
  gint64 value = 0;

  g_assert_true (pd_json_get_int (object, "i", &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value, ==, 252);
  g_assert_true (pd_json_get_int (object, "neg", &value, &error));
  g_assert_cmpint (value, ==, -7);
  g_assert_true (pd_json_get_int (object, "s", &value, &error));
  g_assert_cmpint (value, ==, 39);
  g_assert_true (pd_json_get_int (object, "sneg", &value, &error));
  g_assert_cmpint (value, ==, -39);

  for (gsize i = 0; i < G_N_ELEMENTS (not_ints); i++)
    {
      value = 1234;
      g_assert_false (pd_json_get_int (object, not_ints[i], &value, &error));
      g_assert_error (error, PD_JSON_ERROR, PD_JSON_ERROR_TYPE);
      g_assert_nonnull (strstr (error->message, not_ints[i]));
      g_assert_cmpint (value, ==, 1234);
      g_clear_error (&error);
    }

  g_assert_false (pd_json_get_int (object, "n", &value, &error));
  g_assert_error (error, PD_JSON_ERROR, PD_JSON_ERROR_MISSING);
  g_clear_error (&error);

  g_assert_false (pd_json_get_int (object, "transactionId", &value, &error));
  g_assert_error (error, PD_JSON_ERROR, PD_JSON_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "“transactionId”"));
}

static void
assert_money (JsonObject   *object,
              const char   *member,
              const char   *currency,
              PdAmountForm  form,
              gint64        units,
              guint         scale)
{
  g_autoptr(GError) error = NULL;
  PdMoney money;

  if (!pd_json_get_money (object, member, currency, form, &money, &error))
    g_error ("“%s” did not read: %s", member, error->message);
  g_assert_cmpint (money.units, ==, units);
  g_assert_cmpuint (money.scale, ==, scale);
  g_assert_cmpstr (money.currency, ==, currency);
}

static void
assert_money_fails (JsonObject   *object,
                    const char   *member,
                    PdAmountForm  form,
                    GQuark        domain,
                    int           code)
{
  g_autoptr(GError) error = NULL;
  PdMoney money = { 5, 0, "XYZ" };

  g_assert_false (pd_json_get_money (object, member, "GHS", form, &money, &error));
  g_assert_error (error, domain, code);
  /* Every message names the member. */
  if (strstr (error->message, member) == NULL)
    g_error ("“%s” is not named in “%s”", member, error->message);
  g_assert_cmpint (money.units, ==, 5);
}

static void
test_get_money (void)
{
  g_autoptr(JsonNode) root =
    parse_ok ("{\"fayapay\":74200,\"zengapay\":2152.2,\"zengapay_int\":186600,"
              "\"zengapay_dec\":186600.00,\"pawacard\":\"39\",\"enayapay\":300.50,"
              "\"big\":9007199254740993,\"exp\":1e3,\"neg\":-12.50,\"fraction\":742.5,"
              "\"grouped\":\"1,000\",\"empty\":\"\",\"word\":\"abc\",\"null\":null,"
              "\"t\":true,\"o\":{\"amount\":1},\"a\":[1],\"huge\":9223372036854775808,"
              "\"min\":-9223372036854775808}");
  JsonObject *object = json_node_get_object (root);
  g_autoptr(JsonNode) double_node = json_node_alloc ();
  g_autoptr(GError) error = NULL;
  PdMoney money;

  assert_money (object, "fayapay", "GHS", PD_AMOUNT_MINOR, 74200, 2);
  assert_money (object, "fayapay", "GHS", PD_AMOUNT_MAJOR, 74200, 0);
  assert_money (object, "zengapay", "UGX", PD_AMOUNT_MAJOR, 21522, 1);
  assert_money (object, "zengapay_int", "UGX", PD_AMOUNT_MAJOR, 186600, 0);
  assert_money (object, "zengapay_dec", "UGX", PD_AMOUNT_MAJOR, 18660000, 2);
  assert_money (object, "pawacard", "KES", PD_AMOUNT_MAJOR, 39, 0);
  assert_money (object, "enayapay", "SDG", PD_AMOUNT_MAJOR, 30050, 2);
  assert_money (object, "big", "UGX", PD_AMOUNT_MAJOR, G_GINT64_CONSTANT (9007199254740993), 0);
  assert_money (object, "exp", "GHS", PD_AMOUNT_MAJOR, 1000, 0);
  assert_money (object, "exp", "GHS", PD_AMOUNT_MINOR, 1000, 2);
  assert_money (object, "neg", "GHS", PD_AMOUNT_MAJOR, -1250, 2);
  assert_money (object, "pawacard", "KES", PD_AMOUNT_MINOR, 39, 2);

  assert_money_fails (object, "fraction", PD_AMOUNT_MINOR, PD_MONEY_ERROR, PD_MONEY_ERROR_INVALID);
  assert_money_fails (object, "grouped", PD_AMOUNT_MAJOR, PD_MONEY_ERROR, PD_MONEY_ERROR_INVALID);
  assert_money_fails (object, "empty", PD_AMOUNT_MAJOR, PD_MONEY_ERROR, PD_MONEY_ERROR_EMPTY);
  assert_money_fails (object, "word", PD_AMOUNT_MAJOR, PD_MONEY_ERROR, PD_MONEY_ERROR_INVALID);
  assert_money_fails (object, "huge", PD_AMOUNT_MAJOR, PD_MONEY_ERROR, PD_MONEY_ERROR_OVERFLOW);
  assert_money_fails (object, "min", PD_AMOUNT_MAJOR, PD_MONEY_ERROR, PD_MONEY_ERROR_OVERFLOW);
  assert_money_fails (object, "null", PD_AMOUNT_MAJOR, PD_JSON_ERROR, PD_JSON_ERROR_MISSING);
  assert_money_fails (object, "absent", PD_AMOUNT_MAJOR, PD_JSON_ERROR, PD_JSON_ERROR_MISSING);
  assert_money_fails (object, "t", PD_AMOUNT_MAJOR, PD_JSON_ERROR, PD_JSON_ERROR_TYPE);
  assert_money_fails (object, "o", PD_AMOUNT_MAJOR, PD_JSON_ERROR, PD_JSON_ERROR_TYPE);
  assert_money_fails (object, "a", PD_AMOUNT_MINOR, PD_JSON_ERROR, PD_JSON_ERROR_TYPE);

  /* A bad currency is the caller's data too. */
  g_assert_false (pd_json_get_money (object, "fayapay", "GH", PD_AMOUNT_MINOR, &money, &error));
  g_assert_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_CURRENCY);
  g_clear_error (&error);

  /* A double can only come from another parser, and cannot be read exactly. */
  json_node_init_double (double_node, 2152.2);
  g_assert_false (pd_json_node_get_money (double_node, "UGX", PD_AMOUNT_MAJOR, &money, &error));
  g_assert_error (error, PD_JSON_ERROR, PD_JSON_ERROR_TYPE);
  g_clear_error (&error);

  g_assert_false (pd_json_node_get_money (NULL, "UGX", PD_AMOUNT_MAJOR, &money, &error));
  g_assert_error (error, PD_JSON_ERROR, PD_JSON_ERROR_MISSING);
  g_clear_error (&error);

  g_assert_true (pd_json_node_get_money (json_object_get_member (object, "zengapay"), "ugx",
                                         PD_AMOUNT_MAJOR, &money, &error));
  g_assert_no_error (error);
  g_assert_cmpint (money.units, ==, 21522);
  g_assert_cmpstr (money.currency, ==, "UGX");
}

static char *
write_sample (void)
{
  g_autoptr(PdJsonWriter) writer = pd_json_writer_new ();

  pd_json_writer_begin_object (writer);
  pd_json_writer_member (writer, "object");
  pd_json_writer_string (writer, "list");
  pd_json_writer_member (writer, "data");
  pd_json_writer_begin_array (writer);
  for (guint i = 0; i < 2; i++)
    {
      pd_json_writer_begin_object (writer);
      pd_json_writer_member (writer, "id");
      pd_json_writer_int (writer, i);
      pd_json_writer_member (writer, "paid");
      pd_json_writer_boolean (writer, i == 0);
      pd_json_writer_member (writer, "tags");
      pd_json_writer_begin_array (writer);
      pd_json_writer_end_array (writer);
      pd_json_writer_member (writer, "meta");
      pd_json_writer_begin_object (writer);
      pd_json_writer_end_object (writer);
      pd_json_writer_end_object (writer);
    }
  pd_json_writer_null (writer);
  pd_json_writer_begin_array (writer);
  pd_json_writer_int (writer, G_MININT64);
  pd_json_writer_raw_number (writer, "2152.2");
  pd_json_writer_end_array (writer);
  pd_json_writer_end_array (writer);
  pd_json_writer_member (writer, "nextCursor");
  pd_json_writer_string (writer, NULL);
  pd_json_writer_end_object (writer);

  return pd_json_writer_free_to_string (g_steal_pointer (&writer));
}

static void
test_writer_structure (void)
{
  g_autofree char *text = write_sample ();
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpstr (text, ==,
                   "{\"object\":\"list\","
                   "\"data\":[{\"id\":0,\"paid\":true,\"tags\":[],\"meta\":{}},"
                   "{\"id\":1,\"paid\":false,\"tags\":[],\"meta\":{}},null,"
                   "[-9223372036854775808,2152.2]],\"nextCursor\":null}");

  root = parse_ok (text);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
}

static void
test_writer_escaping (void)
{
  static const char * const strings[] = {
    "",
    "plain",
    "quote \" backslash \\ slash / end",
    "line\nfeed\rreturn\ttab\bback\fform",
    "\x01\x02\x1f\x7f",
    "Ama Owusu – Accra ₵ 😀",
    "\xE2\x80\xA8 and \xE2\x80\xA9",
    "\\u0041 is not unescaped",
    "</script>",
  };
  g_autofree char *controls = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      g_autoptr(PdJsonWriter) writer = pd_json_writer_new ();
      g_autofree char *text = NULL;
      g_autoptr(JsonNode) back = NULL;
      g_autoptr(GError) error = NULL;

      pd_json_writer_begin_object (writer);
      pd_json_writer_member (writer, strings[i]);
      pd_json_writer_string (writer, strings[i]);
      pd_json_writer_end_object (writer);
      text = pd_json_writer_free_to_string (g_steal_pointer (&writer));

      /* Round trip through json-glib's own parser. */
      back = json_from_string (text, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (back), strings[i]),
                       ==, strings[i]);
    }

  /* The exact escapes: short forms, \u00XX for the rest, '/' and UTF-8 as is. */
  {
    g_autoptr(PdJsonWriter) writer = pd_json_writer_new ();

    pd_json_writer_string (writer, "a\"b\\c/d\ne\x01\x1f€");
    controls = pd_json_writer_free_to_string (g_steal_pointer (&writer));
    g_assert_cmpstr (controls, ==, "\"a\\\"b\\\\c/d\\ne\\u0001\\u001f€\"");
  }

  /* Invalid UTF-8 cannot make the document invalid. */
  {
    g_autoptr(PdJsonWriter) writer = pd_json_writer_new ();
    g_autofree char *text = NULL;
    g_autoptr(JsonNode) back = NULL;

    pd_json_writer_begin_array (writer);
    pd_json_writer_string (writer, "caf\xC3 ok");
    pd_json_writer_end_array (writer);
    text = pd_json_writer_free_to_string (g_steal_pointer (&writer));
    g_assert_true (g_utf8_validate (text, -1, NULL));
    back = parse_ok (text);
    g_assert_cmpstr (json_node_get_string (first_element (back)), ==, "caf\xEF\xBF\xBD ok");
  }
}

static void
test_writer_money (void)
{
  static const struct
  {
    gint64       units;
    guint        scale;
    const char  *currency;
    PdAmountForm form;
    const char  *expected;
  } cases[] = {
    { 21522, 1, "UGX", PD_AMOUNT_MAJOR, "2152.2" },
    { 74200, 2, "GHS", PD_AMOUNT_MAJOR, "742.00" },
    { 300, 0, "SDG", PD_AMOUNT_MAJOR, "300" },
    { -1250, 2, "GHS", PD_AMOUNT_MAJOR, "-12.50" },
    { 5, 9, "USD", PD_AMOUNT_MAJOR, "0.000000005" },
    { G_GINT64_CONSTANT (9007199254740993), 0, "UGX", PD_AMOUNT_MAJOR, "9007199254740993" },
    { 74200, 2, "GHS", PD_AMOUNT_MINOR, "74200" },
    { 742, 0, "GHS", PD_AMOUNT_MINOR, "74200" },
    { 742000, 3, "GHS", PD_AMOUNT_MINOR, "74200" },
    { 21520, 1, "UGX", PD_AMOUNT_MINOR, "2152" },
    { -5, 1, "GHS", PD_AMOUNT_MINOR, "-50" },
    { 74200, 2, "AUD", PD_AMOUNT_MINOR, "74200" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PdJsonWriter) writer = pd_json_writer_new ();
      g_autofree char *text = NULL;
      g_autofree char *expected = NULL;
      g_autoptr(JsonNode) back = NULL;
      g_autoptr(GError) error = NULL;
      PdMoney money;
      PdMoney read;

      pd_money_init (&money, cases[i].units, cases[i].scale, cases[i].currency);
      pd_json_writer_begin_object (writer);
      pd_json_writer_member (writer, "amount");
      pd_json_writer_money (writer, &money, cases[i].form);
      pd_json_writer_end_object (writer);
      text = pd_json_writer_free_to_string (g_steal_pointer (&writer));

      expected = g_strdup_printf ("{\"amount\":%s}", cases[i].expected);
      g_assert_cmpstr (text, ==, expected);

      /* And it reads back as the same amount. */
      back = parse_ok (text);
      g_assert_true (pd_json_get_money (json_node_get_object (back), "amount", cases[i].currency,
                                        cases[i].form, &read, &error));
      g_assert_no_error (error);
      g_assert_true (pd_money_equal (&read, &money));
    }
}

static void
test_writer_node (void)
{
  const char *text = "{ \"b\": [1, 2.50, \"x\", true, null, {}],\n \"a\": {\"n\": -0.5e-3}, "
                     "\"big\": 9223372036854775808, \"s\": \"q\\\"/\\u00e9\" }";
  g_autoptr(JsonNode) root = parse_ok (text);
  g_autoptr(PdJsonWriter) writer = pd_json_writer_new ();
  g_autoptr(JsonNode) double_node = json_node_alloc ();
  g_autofree char *written = NULL;

  pd_json_writer_begin_array (writer);
  pd_json_writer_node (writer, root);
  json_node_init_double (double_node, 1000.5);
  pd_json_writer_node (writer, double_node);
  pd_json_writer_node (writer, NULL);
  pd_json_writer_end_array (writer);
  written = pd_json_writer_free_to_string (g_steal_pointer (&writer));

  /* Members in order; literals pd_json_parse() rewrote are strings now. */
  g_assert_cmpstr (written, ==,
                   "[{\"b\":[1,\"2.50\",\"x\",true,null,{}],\"a\":{\"n\":\"-0.5e-3\"},"
                   "\"big\":\"9223372036854775808\",\"s\":\"q\\\"/é\"},1000.5,null]");
}

static void
test_writer_bytes (void)
{
  g_autoptr(PdJsonWriter) writer = pd_json_writer_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  pd_json_writer_begin_object (writer);
  pd_json_writer_member (writer, "ok");
  pd_json_writer_boolean (writer, TRUE);
  pd_json_writer_end_object (writer);
  bytes = pd_json_writer_free_to_bytes (g_steal_pointer (&writer));

  g_assert_cmpuint (g_bytes_get_size (bytes), ==, strlen ("{\"ok\":true}"));
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "{\"ok\":true}", 11);

  root = pd_json_parse_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "ok"));
}

/* Misuse is a programmer error: a critical, and nothing written. */
static void
test_writer_misuse (void)
{
  g_autoptr(PdJsonWriter) writer = pd_json_writer_new ();
  g_autofree char *text = NULL;
  PdMoney ugx;

  pd_money_init (&ugx, 21522, 1, "UGX");

  pd_json_writer_begin_object (writer);

  g_test_expect_message ("Paydesk", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
  pd_json_writer_int (writer, 1);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Paydesk", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
  pd_json_writer_end_array (writer);
  g_test_assert_expected_messages ();

  pd_json_writer_member (writer, "n");
  g_test_expect_message ("Paydesk", G_LOG_LEVEL_CRITICAL, "*pd_json_is_number_literal*");
  pd_json_writer_raw_number (writer, "1,000");
  g_test_assert_expected_messages ();

  /* UGX 2152.2 has a decimal below the shilling. */
  g_test_expect_message ("Paydesk", G_LOG_LEVEL_CRITICAL, "*exact*");
  pd_json_writer_money (writer, &ugx, PD_AMOUNT_MINOR);
  g_test_assert_expected_messages ();

  pd_json_writer_raw_number (writer, "1e3");
  pd_json_writer_end_object (writer);
  text = pd_json_writer_free_to_string (g_steal_pointer (&writer));
  g_assert_cmpstr (text, ==, "{\"n\":1e3}");
}

/* The sandbox serves pages of 50 records from the writer; measure the same
 * shape so a slow path shows up (the bound is loose for sanitizer builds). */
static void
test_writer_page (void)
{
  g_autoptr(PdJsonWriter) writer = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  JsonArray *data;
  PdMoney amount;
  gulong microseconds;

  pd_money_init (&amount, 21522, 1, "UGX");

  writer = pd_json_writer_new ();
  pd_json_writer_begin_object (writer);
  pd_json_writer_member (writer, "data");
  pd_json_writer_begin_array (writer);
  for (guint i = 0; i < 50; i++)
    {
      pd_json_writer_begin_object (writer);
      pd_json_writer_member (writer, "transactionReference");
      pd_json_writer_string (writer, "4ff14e2a-27d5-5287-8783-46587e45f227");
      pd_json_writer_member (writer, "msisdn");
      pd_json_writer_string (writer, "256755329361");
      pd_json_writer_member (writer, "amount");
      pd_json_writer_money (writer, &amount, PD_AMOUNT_MAJOR);
      pd_json_writer_member (writer, "transactionExternalNarrative");
      pd_json_writer_string (writer, "Credit Note - \"2101266096\"");
      pd_json_writer_member (writer, "customerCharged");
      pd_json_writer_boolean (writer, FALSE);
      pd_json_writer_member (writer, "id");
      pd_json_writer_int (writer, i);
      pd_json_writer_end_object (writer);
    }
  pd_json_writer_end_array (writer);
  pd_json_writer_end_object (writer);
  text = pd_json_writer_free_to_string (g_steal_pointer (&writer));
  g_timer_stop (timer);
  g_timer_elapsed (timer, &microseconds);

  root = parse_ok (text);
  data = json_object_get_array_member (json_node_get_object (root), "data");
  g_assert_cmpuint (json_array_get_length (data), ==, 50);
  g_test_message ("A page of 50 records took %lu microseconds", microseconds);
  g_assert_cmpuint (microseconds, <, 50000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/parse/double-trap", test_double_trap);
  g_test_add_func ("/json/parse/numbers", test_numbers);
  g_test_add_func ("/json/parse/strings", test_lexer_strings);
  g_test_add_func ("/json/parse/whitespace-bom", test_parse_whitespace_and_bom);
  g_test_add_func ("/json/parse/malformed", test_malformed);
  g_test_add_func ("/json/get/string-text", test_get_string_and_text);
  g_test_add_func ("/json/get/int", test_get_int);
  g_test_add_func ("/json/get/money", test_get_money);
  g_test_add_func ("/json/writer/structure", test_writer_structure);
  g_test_add_func ("/json/writer/escaping", test_writer_escaping);
  g_test_add_func ("/json/writer/money", test_writer_money);
  g_test_add_func ("/json/writer/node", test_writer_node);
  g_test_add_func ("/json/writer/bytes", test_writer_bytes);
  g_test_add_func ("/json/writer/misuse", test_writer_misuse);
  g_test_add_func ("/json/writer/page", test_writer_page);

  return g_test_run ();
}

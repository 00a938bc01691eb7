/* test-money.c - tests for exact money amounts
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <locale.h>

#include "pd-money.h"

static void
assert_parses (const char *text,
               const char *currency,
               gint64      units,
               guint       scale)
{
  g_autoptr(GError) error = NULL;
  PdMoney money;

  if (!pd_money_parse (text, currency, &money, &error))
    g_error ("“%s” did not parse: %s", text, error->message);

  g_assert_no_error (error);
  g_assert_cmpint (money.units, ==, units);
  g_assert_cmpuint (money.scale, ==, scale);
  g_assert_cmpuint (strlen (money.currency), ==, 3);
  g_assert_true (g_ascii_strcasecmp (money.currency, currency) == 0);
}

static void
assert_parse_fails (const char   *text,
                    const char   *currency,
                    PdMoneyError  code)
{
  g_autoptr(GError) error = NULL;
  PdMoney money = { 77, 1, "XYZ" };

  g_assert_false (pd_money_parse (text, currency, &money, &error));
  g_assert_error (error, PD_MONEY_ERROR, (gint)code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");

  /* Untouched on error. */
  g_assert_cmpint (money.units, ==, 77);
  g_assert_cmpuint (money.scale, ==, 1);
  g_assert_cmpstr (money.currency, ==, "XYZ");
}

static void
test_parse_plain (void)
{
  assert_parses ("74200", "UGX", 74200, 0);
  assert_parses ("2152.2", "UGX", 21522, 1);
  assert_parses ("186600.00", "UGX", 18660000, 2);
  assert_parses ("-12.50", "GHS", -1250, 2);
  assert_parses ("+5", "GHS", 5, 0);
  assert_parses ("0", "GHS", 0, 0);
  assert_parses ("-0", "GHS", 0, 0);
  assert_parses ("0.000000001", "USD", 1, 9);
  assert_parses ("39", "KES", 39, 0);
  assert_parses ("007", "KES", 7, 0);
  assert_parses ("300", "SDG", 300, 0);
}

static void
test_parse_tolerated (void)
{
  PdMoney money;

  /* Spaces around the number, ".5" and "5." have one clear meaning. */
  assert_parses (" 12.50 ", "GHS", 1250, 2);
  assert_parses ("\t-3\n", "GHS", -3, 0);
  assert_parses (".5", "GHS", 5, 1);
  assert_parses ("-.5", "GHS", -5, 1);
  assert_parses ("5.", "GHS", 5, 0);

  /* The currency is stored upper case. */
  g_assert_true (pd_money_parse ("1", "ghs", &money, NULL));
  g_assert_cmpstr (money.currency, ==, "GHS");
  g_assert_true (pd_money_parse ("1", "Ugx", &money, NULL));
  g_assert_cmpstr (money.currency, ==, "UGX");
}

static void
test_parse_exponent (void)
{
  assert_parses ("1e3", "GHS", 1000, 0);
  assert_parses ("1E3", "GHS", 1000, 0);
  assert_parses ("1e+3", "GHS", 1000, 0);
  assert_parses ("2.5E-1", "GHS", 25, 2);
  assert_parses ("2.5e1", "GHS", 25, 0);
  assert_parses ("1.25e1", "GHS", 125, 1);
  assert_parses ("-7.5e-3", "BHD", -75, 4);
  assert_parses ("0e5", "GHS", 0, 0);
  assert_parses ("1e18", "GHS", G_GINT64_CONSTANT (1000000000000000000), 0);
  assert_parses ("1e-9", "GHS", 1, 9);

  /* Zeros beyond nine decimals are dropped; the value stays exact. */
  assert_parses ("100e-10", "GHS", 10, 9);
  assert_parses ("1.50000000000", "GHS", 1500000000, 9);
  assert_parses ("0.000000000000", "GHS", 0, 9);
}

static void
test_parse_large (void)
{
  /* Above 2^53 a double would round these; they must stay exact. */
  assert_parses ("9007199254740993", "UGX", G_GINT64_CONSTANT (9007199254740993), 0);
  assert_parses ("9007199254740993.5", "UGX", G_GINT64_CONSTANT (90071992547409935), 1);
  assert_parses ("-9007199254740993", "UGX", G_GINT64_CONSTANT (-9007199254740993), 0);
  assert_parses ("9223372036854775807", "UGX", G_MAXINT64, 0);
  assert_parses ("-9223372036854775807", "UGX", -G_MAXINT64, 0);
  assert_parses ("922337203685477580.7", "UGX", G_MAXINT64, 1);
  assert_parses ("00000000000000000000000000001", "UGX", 1, 0);

  assert_parse_fails ("9223372036854775808", "UGX", PD_MONEY_ERROR_OVERFLOW);
  assert_parse_fails ("-9223372036854775808", "UGX", PD_MONEY_ERROR_OVERFLOW);
  assert_parse_fails ("92233720368547758.08", "UGX", PD_MONEY_ERROR_OVERFLOW);
  assert_parse_fails ("99999999999999999999999", "UGX", PD_MONEY_ERROR_OVERFLOW);
  assert_parse_fails ("1e19", "UGX", PD_MONEY_ERROR_OVERFLOW);
  assert_parse_fails ("1e999999999999", "UGX", PD_MONEY_ERROR_OVERFLOW);
}

static void
test_parse_too_many_decimals (void)
{
  g_autoptr(GError) error = NULL;
  PdMoney money;

  /* Never rounded: refused. */
  assert_parse_fails ("0.0000000001", "USD", PD_MONEY_ERROR_INVALID);
  assert_parse_fails ("1.0000000001", "USD", PD_MONEY_ERROR_INVALID);
  assert_parse_fails ("1e-10", "USD", PD_MONEY_ERROR_INVALID);
  assert_parse_fails ("1e-999999999999", "USD", PD_MONEY_ERROR_INVALID);

  g_assert_false (pd_money_parse ("0.0000000001", "USD", &money, &error));
  g_assert_nonnull (strstr (error->message, "9 decimals"));
}

static void
test_parse_empty (void)
{
  assert_parse_fails ("", "GHS", PD_MONEY_ERROR_EMPTY);
  assert_parse_fails (NULL, "GHS", PD_MONEY_ERROR_EMPTY);
  assert_parse_fails ("null", "GHS", PD_MONEY_ERROR_EMPTY);
  assert_parse_fails ("NULL", "GHS", PD_MONEY_ERROR_EMPTY);
  assert_parse_fails ("   ", "GHS", PD_MONEY_ERROR_EMPTY);
}

static void
test_parse_invalid (void)
{
  static const char * const invalid[] = {
    "abc", "1.2.3", "--1", "+-1", "1e", "1e+", "e5", ".", "-", "+", "1.5.",
    "0x1F", "0X10", "NaN", "nan", "Infinity", "-Infinity", "inf",
    "1 000", "12.50 GHS", "GHS 12.50", "12,50", "1_000", "1..2", "1e2.5",
    "½", "١٢", "12\xff",
  };
  g_autoptr(GError) error = NULL;
  PdMoney money;

  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    assert_parse_fails (invalid[i], "GHS", PD_MONEY_ERROR_INVALID);

  /* Grouping is refused with a sentence that says why, quoting the text. */
  g_assert_false (pd_money_parse ("1,000", "GHS", &money, &error));
  g_assert_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“1,000”"));
  g_assert_nonnull (strstr (error->message, "comma"));
  g_clear_error (&error);

  /* The quoted text in a message is valid UTF-8 and short. */
  g_assert_false (pd_money_parse ("12\xff", "GHS", &money, &error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_clear_error (&error);

  g_assert_false (pd_money_parse ("1234567890123456789012345678901234567890abc", "GHS",
                                  &money, &error));
  g_assert_true (g_str_has_suffix (error->message, "…” is not a decimal amount"));
}

static void
test_parse_currency (void)
{
  static const char * const bad[] = { "", "GH", "GHSS", "G1S", "GH ", "€€€", "12.5" };
  g_autoptr(GError) error = NULL;
  PdMoney money;

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      assert_parse_fails ("12.50", bad[i], PD_MONEY_ERROR_CURRENCY);
      g_assert_false (pd_currency_is_valid (bad[i]));
    }
  assert_parse_fails ("12.50", NULL, PD_MONEY_ERROR_CURRENCY);
  g_assert_false (pd_currency_is_valid (NULL));

  g_assert_false (pd_money_parse ("1", "G1S", &money, &error));
  g_assert_nonnull (strstr (error->message, "“G1S”"));

  g_assert_true (pd_currency_is_valid ("GHS"));
  g_assert_true (pd_currency_is_valid ("ugx"));
}

static void
test_parse_minor (void)
{
  g_autofree char *plain = NULL;
  g_autoptr(GError) error = NULL;
  PdMoney money;

  /* FayaPay sends GHS 742.00 as 74200 pesewas. */
  g_assert_true (pd_money_parse_minor ("74200", "GHS", &money, &error));
  g_assert_no_error (error);
  g_assert_cmpint (money.units, ==, 74200);
  g_assert_cmpuint (money.scale, ==, 2);
  g_assert_cmpstr (money.currency, ==, "GHS");
  plain = pd_money_to_plain (&money);
  g_assert_cmpstr (plain, ==, "742.00");
  g_clear_pointer (&plain, g_free);

  g_assert_true (pd_money_parse_minor ("74200", "aud", &money, NULL));
  g_assert_cmpint (money.units, ==, 74200);
  g_assert_cmpuint (money.scale, ==, 2);
  g_assert_cmpstr (money.currency, ==, "AUD");

  g_assert_true (pd_money_parse_minor ("74200", "UGX", &money, NULL));
  g_assert_cmpint (money.units, ==, 74200);
  g_assert_cmpuint (money.scale, ==, 0);

  g_assert_true (pd_money_parse_minor ("-150", "BHD", &money, NULL));
  plain = pd_money_to_plain (&money);
  g_assert_cmpstr (plain, ==, "-0.150");
  g_clear_pointer (&plain, g_free);

  /* A whole number written with zero decimals or an exponent is accepted. */
  g_assert_true (pd_money_parse_minor ("74200.00", "GHS", &money, NULL));
  g_assert_cmpint (money.units, ==, 74200);
  g_assert_cmpuint (money.scale, ==, 2);
  g_assert_true (pd_money_parse_minor ("7.42e4", "GHS", &money, NULL));
  g_assert_cmpint (money.units, ==, 74200);

  g_assert_true (pd_money_parse_minor ("9007199254740993", "GHS", &money, NULL));
  g_assert_cmpint (money.units, ==, G_GINT64_CONSTANT (9007199254740993));
  plain = pd_money_to_plain (&money);
  g_assert_cmpstr (plain, ==, "90071992547409.93");

  g_assert_false (pd_money_parse_minor ("742.5", "GHS", &money, &error));
  g_assert_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "minor units"));
  g_clear_error (&error);

  g_assert_false (pd_money_parse_minor ("", "GHS", &money, &error));
  g_assert_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_EMPTY);
  g_clear_error (&error);

  g_assert_false (pd_money_parse_minor ("9223372036854775808", "GHS", &money, &error));
  g_assert_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_OVERFLOW);
  g_clear_error (&error);

  g_assert_false (pd_money_parse_minor ("100", "GHSX", &money, &error));
  g_assert_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_CURRENCY);
}

static void
test_currency_exponent (void)
{
  static const struct
  {
    const char *code;
    guint       exponent;
  } cases[] = {
    { "GHS", 2 }, { "UGX", 0 }, { "AUD", 2 }, { "KES", 2 }, { "SDG", 2 },
    { "USD", 2 }, { "EUR", 2 }, { "GBP", 2 }, { "NGN", 2 }, { "ZAR", 2 },
    { "TZS", 2 }, { "RWF", 0 }, { "XOF", 0 }, { "XAF", 0 }, { "JPY", 0 },
    { "KRW", 0 }, { "BHD", 3 }, { "KWD", 3 }, { "OMR", 3 }, { "TND", 3 },
    { "JOD", 3 }, { "CLF", 4 }, { "ugx", 0 }, { "Bhd", 3 },
    /* Unknown but well-formed codes get two decimals. */
    { "QQQ", 2 }, { "ABC", 2 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpuint (pd_currency_exponent (cases[i].code), ==, cases[i].exponent);
}

static void
test_init_and_set (void)
{
  PdMoney money = { 0, };

  g_assert_false (pd_money_is_set (&money));

  pd_money_init (&money, 21522, 1, "ugx");
  g_assert_true (pd_money_is_set (&money));
  g_assert_cmpint (money.units, ==, 21522);
  g_assert_cmpuint (money.scale, ==, 1);
  g_assert_cmpstr (money.currency, ==, "UGX");

  pd_money_init (&money, 5, 0, NULL);
  g_assert_false (pd_money_is_set (&money));
  g_assert_cmpstr (money.currency, ==, "");
}

static void
test_add_subtract (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plain = NULL;
  PdMoney a;
  PdMoney b;
  PdMoney sum;

  pd_money_init (&a, 21522, 1, "UGX");
  pd_money_init (&b, 100, 0, "UGX");

  g_assert_true (pd_money_add (&a, &b, &sum, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sum.units, ==, 22522);
  g_assert_cmpuint (sum.scale, ==, 1);
  g_assert_cmpstr (sum.currency, ==, "UGX");

  g_assert_true (pd_money_subtract (&b, &a, &sum, &error));
  g_assert_cmpint (sum.units, ==, -20522);
  g_assert_cmpuint (sum.scale, ==, 1);
  plain = pd_money_to_plain (&sum);
  g_assert_cmpstr (plain, ==, "-2052.2");

  /* The result may be one of the operands. */
  g_assert_true (pd_money_add (&a, &a, &a, &error));
  g_assert_cmpint (a.units, ==, 43044);

  /* The larger scale wins. */
  pd_money_init (&a, 1250, 2, "GHS");
  pd_money_init (&b, 5, 3, "GHS");
  g_assert_true (pd_money_add (&a, &b, &sum, &error));
  g_assert_cmpint (sum.units, ==, 12505);
  g_assert_cmpuint (sum.scale, ==, 3);
  g_assert_true (pd_money_subtract (&a, &a, &sum, &error));
  g_assert_cmpint (sum.units, ==, 0);
  g_assert_cmpint (pd_money_sign (&sum), ==, 0);
}

static void
test_mixed_currency (void)
{
  g_autoptr(GError) error = NULL;
  PdMoney ghs;
  PdMoney ugx;
  PdMoney out = { 99, 0, "ZZZ" };
  PdMoney unset = { 1, 0, "" };
  int result = 42;

  pd_money_init (&ghs, 1250, 2, "GHS");
  pd_money_init (&ugx, 1250, 2, "UGX");

  g_assert_false (pd_money_add (&ghs, &ugx, &out, &error));
  g_assert_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_CURRENCY);
  g_assert_nonnull (strstr (error->message, "GHS"));
  g_assert_nonnull (strstr (error->message, "UGX"));
  g_clear_error (&error);

  g_assert_false (pd_money_subtract (&ghs, &ugx, &out, &error));
  g_assert_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_CURRENCY);
  g_assert_nonnull (strstr (error->message, "GHS"));
  g_assert_nonnull (strstr (error->message, "UGX"));
  g_clear_error (&error);

  g_assert_false (pd_money_compare (&ghs, &ugx, &result, &error));
  g_assert_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_CURRENCY);
  g_assert_nonnull (strstr (error->message, "GHS"));
  g_assert_nonnull (strstr (error->message, "UGX"));
  g_clear_error (&error);

  g_assert_false (pd_money_add (&ghs, &unset, &out, &error));
  g_assert_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_CURRENCY);

  g_assert_cmpint (out.units, ==, 99);
  g_assert_cmpint (result, ==, 42);
  g_assert_false (pd_money_equal (&ghs, &ugx));
}

static void
test_overflow (void)
{
  g_autoptr(GError) error = NULL;
  PdMoney big;
  PdMoney one;
  PdMoney cent;
  PdMoney out;

  pd_money_init (&big, G_MAXINT64, 0, "UGX");
  pd_money_init (&one, 1, 0, "UGX");
  pd_money_init (&cent, 1, 2, "UGX");

  g_assert_false (pd_money_add (&big, &one, &out, &error));
  g_assert_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_OVERFLOW);
  g_clear_error (&error);

  /* Bringing big to scale 2 overflows before the sum does. */
  g_assert_false (pd_money_add (&big, &cent, &out, &error));
  g_assert_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_OVERFLOW);
  g_clear_error (&error);

  /* -MAX - 1 would be G_MININT64, which no amount may hold. */
  pd_money_negate (&big, &big);
  g_assert_false (pd_money_subtract (&big, &one, &out, &error));
  g_assert_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_OVERFLOW);
  g_clear_error (&error);

  g_assert_true (pd_money_add (&big, &one, &out, &error));
  g_assert_cmpint (out.units, ==, -G_MAXINT64 + 1);
}

static void
test_compare_equal (void)
{
  g_autoptr(GError) error = NULL;
  PdMoney a;
  PdMoney b;
  PdMoney huge;
  PdMoney tiny;
  int result = 42;

  /* Same value, different scales. */
  pd_money_init (&a, 21522, 1, "UGX");
  pd_money_init (&b, 215220, 2, "UGX");
  g_assert_true (pd_money_equal (&a, &b));
  g_assert_true (pd_money_compare (&a, &b, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, 0);

  pd_money_init (&b, 215221, 2, "UGX");
  g_assert_false (pd_money_equal (&a, &b));
  g_assert_true (pd_money_compare (&a, &b, &result, NULL));
  g_assert_cmpint (result, ==, -1);
  g_assert_true (pd_money_compare (&b, &a, &result, NULL));
  g_assert_cmpint (result, ==, 1);

  /* Negative amounts, and a fraction on each side of zero. */
  pd_money_init (&a, -5, 1, "GHS");
  pd_money_init (&b, -49, 2, "GHS");
  g_assert_true (pd_money_compare (&a, &b, &result, NULL));
  g_assert_cmpint (result, ==, -1);
  pd_money_init (&b, 1, 9, "GHS");
  g_assert_true (pd_money_compare (&a, &b, &result, NULL));
  g_assert_cmpint (result, ==, -1);
  pd_money_init (&a, -1, 0, "GHS");
  pd_money_init (&b, -1, 9, "GHS");
  g_assert_true (pd_money_compare (&a, &b, &result, NULL));
  g_assert_cmpint (result, ==, -1);

  /* Scales that cannot be brought together in 64 bits still compare. */
  pd_money_init (&huge, G_MAXINT64, 0, "UGX");
  pd_money_init (&tiny, G_MAXINT64, 9, "UGX");
  g_assert_true (pd_money_compare (&huge, &tiny, &result, NULL));
  g_assert_cmpint (result, ==, 1);
  g_assert_false (pd_money_equal (&huge, &tiny));

  /* Zero at any scale equals zero. */
  pd_money_init (&a, 0, 0, "GHS");
  pd_money_init (&b, 0, 9, "GHS");
  g_assert_true (pd_money_equal (&a, &b));

  /* The same number in another currency is not equal. */
  pd_money_init (&a, 100, 0, "GHS");
  pd_money_init (&b, 100, 0, "KES");
  g_assert_false (pd_money_equal (&a, &b));
}

static void
test_rescale (void)
{
  g_autoptr(GError) error = NULL;
  PdMoney money;
  PdMoney out;

  pd_money_init (&money, 21522, 1, "UGX");
  g_assert_true (pd_money_rescale (&money, 3, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpint (out.units, ==, 2152200);
  g_assert_cmpuint (out.scale, ==, 3);
  g_assert_cmpstr (out.currency, ==, "UGX");

  /* Fewer decimals only when nothing is rounded away. */
  g_assert_false (pd_money_rescale (&money, 0, &out, &error));
  g_assert_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2152.2"));
  g_clear_error (&error);

  pd_money_init (&money, 215200, 2, "UGX");
  g_assert_true (pd_money_rescale (&money, 0, &money, &error));
  g_assert_cmpint (money.units, ==, 2152);
  g_assert_cmpuint (money.scale, ==, 0);

  pd_money_init (&money, G_MAXINT64 / 10, 0, "UGX");
  g_assert_false (pd_money_rescale (&money, 2, &out, &error));
  g_assert_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_OVERFLOW);
}

static void
test_sign_negate (void)
{
  g_autofree char *plain = NULL;
  PdMoney money;
  PdMoney negated;

  pd_money_init (&money, -50, 2, "GHS");
  g_assert_cmpint (pd_money_sign (&money), ==, -1);
  pd_money_negate (&money, &negated);
  g_assert_cmpint (pd_money_sign (&negated), ==, 1);
  g_assert_cmpint (negated.units, ==, 50);
  g_assert_cmpuint (negated.scale, ==, 2);
  g_assert_cmpstr (negated.currency, ==, "GHS");
  plain = pd_money_to_plain (&negated);
  g_assert_cmpstr (plain, ==, "0.50");
}

static void
assert_plain (gint64      units,
              guint       scale,
              const char *currency,
              const char *expected)
{
  g_autofree char *plain = NULL;
  PdMoney money;

  pd_money_init (&money, units, scale, currency);
  plain = pd_money_to_plain (&money);
  g_assert_cmpstr (plain, ==, expected);
}

static void
test_to_plain (void)
{
  g_autofree char *text = NULL;
  PdMoney money;

  /* At least the currency's decimals, and never fewer than the amount has. */
  assert_plain (21522, 1, "UGX", "2152.2");
  assert_plain (742, 0, "GHS", "742.00");
  assert_plain (74200, 2, "GHS", "742.00");
  assert_plain (-50, 2, "GHS", "-0.50");
  assert_plain (-5, 1, "GHS", "-0.50");
  assert_plain (0, 0, "GHS", "0.00");
  assert_plain (0, 0, "UGX", "0");
  assert_plain (5, 9, "GHS", "0.000000005");
  assert_plain (-1, 3, "BHD", "-0.001");
  assert_plain (1, 0, "BHD", "1.000");
  assert_plain (G_GINT64_CONSTANT (9007199254740993), 0, "UGX", "9007199254740993");
  assert_plain (G_MAXINT64, 0, "UGX", "9223372036854775807");
  assert_plain (-G_MAXINT64, 2, "GHS", "-92233720368547758.07");
  assert_plain (1234, 1, NULL, "123.4");

  pd_money_init (&money, 74200, 2, "GHS");
  text = pd_money_to_plain_scale (&money, 4);
  g_assert_cmpstr (text, ==, "742.0000");
  g_clear_pointer (&text, g_free);

  text = pd_money_to_plain_scale (&money, 0);
  g_assert_cmpstr (text, ==, "742.00");
  g_clear_pointer (&text, g_free);

  pd_money_init (&money, 742, 0, "GHS");
  text = pd_money_to_plain_scale (&money, 0);
  g_assert_cmpstr (text, ==, "742");
  g_clear_pointer (&text, g_free);

  pd_money_init (&money, 21522, 1, "UGX");
  text = pd_money_to_plain_scale (&money, 0);
  g_assert_cmpstr (text, ==, "2152.2");
}

static void
test_round_trip (void)
{
  static const char * const texts[] = {
    "0.01", "-12.50", "2152.2", "26194436.5", "9007199254740993", "0.000000001",
    "-9223372036854775.807",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *plain = NULL;
      PdMoney money;
      PdMoney again;

      g_assert_true (pd_money_parse (texts[i], "XXX", &money, NULL));
      plain = pd_money_to_plain_scale (&money, 0);
      g_assert_cmpstr (plain, ==, texts[i]);
      g_assert_true (pd_money_parse (plain, "XXX", &again, NULL));
      g_assert_true (pd_money_equal (&money, &again));
    }
}

static char *
format (gint64      units,
        guint       scale,
        const char *currency)
{
  PdMoney money;

  pd_money_init (&money, units, scale, currency);
  return pd_money_format (&money);
}

static void
assert_format (gint64      units,
               guint       scale,
               const char *currency,
               const char *expected)
{
  g_autofree char *text = format (units, scale, currency);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_format_c (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));

  g_assert_nonnull (setlocale (LC_ALL, "C"));

  assert_format (123450, 2, "GHS", "GHS 1,234.50");
  assert_format (12345, 1, "GHS", "GHS 1,234.50");
  assert_format (21522, 1, "UGX", "UGX 2,152.2");
  assert_format (-123456789, 2, "GHS", "GHS -1,234,567.89");
  assert_format (50, 2, "GHS", "GHS 0.50");
  assert_format (100, 0, "UGX", "UGX 100");
  assert_format (100000, 0, "UGX", "UGX 100,000");
  assert_format (G_GINT64_CONSTANT (9007199254740993), 0, "UGX", "UGX 9,007,199,254,740,993");
  assert_format (1234, 0, NULL, "1,234");
  /* Zeros beyond the minor unit are not shown; other decimals are. */
  assert_format (2595000, 2, "UGX", "UGX 25,950");
  assert_format (2595080, 2, "UGX", "UGX 25,950.8");
  assert_format (1234500, 4, "GHS", "GHS 123.45");
  assert_format (1234505, 4, "GHS", "GHS 123.4505");
  assert_format (-1000, 3, "GHS", "GHS -1.00");

  setlocale (LC_ALL, saved);
}

/* Runs the checks of one locale; only this case is skipped when the locale
 * is not installed. */
static gboolean
use_locale (const char *name)
{
  g_autofree char *c_text = NULL;

  /* Whatever happens below, C formatting works. */
  setlocale (LC_ALL, "C");
  c_text = format (123450, 2, "GHS");
  g_assert_cmpstr (c_text, ==, "GHS 1,234.50");

  if (setlocale (LC_ALL, name) == NULL)
    {
      g_autofree char *message = g_strdup_printf ("The locale %s is not installed", name);

      g_test_skip (message);
      setlocale (LC_ALL, "C");
      return FALSE;
    }

  return TRUE;
}

static void
test_format_de (void)
{
  if (!use_locale ("de_DE.UTF-8"))
    return;

  assert_format (123450, 2, "GHS", "GHS 1.234,50");
  assert_format (21522, 1, "UGX", "UGX 2.152,2");
  assert_format (-123456789, 2, "GHS", "GHS -1.234.567,89");
  assert_format (50, 2, "EUR", "EUR 0,50");
  assert_format (1000, 3, "BHD", "BHD 1,000");

  /* Money follows LC_MONETARY, even when numbers are set otherwise. */
  g_assert_nonnull (setlocale (LC_NUMERIC, "C"));
  assert_format (123450, 2, "GHS", "GHS 1.234,50");

  /* Plain text ignores the locale. */
  {
    g_autofree char *plain = NULL;
    PdMoney money;

    pd_money_init (&money, 123450, 2, "GHS");
    plain = pd_money_to_plain (&money);
    g_assert_cmpstr (plain, ==, "1234.50");
    g_assert_true (pd_money_parse ("1234.50", "GHS", &money, NULL));
    g_assert_cmpint (money.units, ==, 123450);
  }

  setlocale (LC_ALL, "C");
}

static void
test_format_en_us (void)
{
  if (!use_locale ("en_US.UTF-8"))
    return;

  assert_format (123450, 2, "GHS", "GHS 1,234.50");
  assert_format (-123456789, 2, "KES", "KES -1,234,567.89");
  assert_format (21522, 1, "UGX", "UGX 2,152.2");

  setlocale (LC_ALL, "C");
}

static void
test_boxed (void)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(PdMoney) copy = NULL;
  PdMoney money;
  const PdMoney *held;

  g_assert_true (G_TYPE_IS_BOXED (PD_TYPE_MONEY));
  g_assert_cmpstr (g_type_name (PD_TYPE_MONEY), ==, "PdMoney");

  pd_money_init (&money, 21522, 1, "UGX");
  copy = pd_money_copy (&money);
  g_assert_true (copy != &money);
  g_assert_true (pd_money_equal (copy, &money));
  g_assert_cmpuint (copy->scale, ==, 1);

  g_value_init (&value, PD_TYPE_MONEY);
  g_value_set_boxed (&value, &money);
  held = g_value_get_boxed (&value);
  g_assert_true (held != &money);
  g_assert_cmpint (held->units, ==, 21522);
  g_assert_cmpstr (held->currency, ==, "UGX");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/parse/plain", test_parse_plain);
  g_test_add_func ("/money/parse/tolerated", test_parse_tolerated);
  g_test_add_func ("/money/parse/exponent", test_parse_exponent);
  g_test_add_func ("/money/parse/large", test_parse_large);
  g_test_add_func ("/money/parse/too-many-decimals", test_parse_too_many_decimals);
  g_test_add_func ("/money/parse/empty", test_parse_empty);
  g_test_add_func ("/money/parse/invalid", test_parse_invalid);
  g_test_add_func ("/money/parse/currency", test_parse_currency);
  g_test_add_func ("/money/parse/minor", test_parse_minor);
  g_test_add_func ("/money/currency-exponent", test_currency_exponent);
  g_test_add_func ("/money/init", test_init_and_set);
  g_test_add_func ("/money/add-subtract", test_add_subtract);
  g_test_add_func ("/money/mixed-currency", test_mixed_currency);
  g_test_add_func ("/money/overflow", test_overflow);
  g_test_add_func ("/money/compare-equal", test_compare_equal);
  g_test_add_func ("/money/rescale", test_rescale);
  g_test_add_func ("/money/sign-negate", test_sign_negate);
  g_test_add_func ("/money/to-plain", test_to_plain);
  g_test_add_func ("/money/round-trip", test_round_trip);
  g_test_add_func ("/money/format/C", test_format_c);
  g_test_add_func ("/money/format/de_DE", test_format_de);
  g_test_add_func ("/money/format/en_US", test_format_en_us);
  g_test_add_func ("/money/boxed", test_boxed);

  return g_test_run ();
}

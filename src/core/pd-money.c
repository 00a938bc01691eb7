/* pd-money.c - exact money amounts
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* For MON_DECIMAL_POINT, MON_THOUSANDS_SEP and MON_GROUPING. */
#ifndef _GNU_SOURCE
# define _GNU_SOURCE
#endif

#include <glib/gi18n-lib.h>
#include <langinfo.h>
#include <limits.h>
#include <string.h>

#include "pd-money.h"

G_DEFINE_QUARK (pd-money-error-quark, pd_money_error)

G_DEFINE_BOXED_TYPE (PdMoney, pd_money, pd_money_copy, pd_money_free)

/* How long a piece of bad input may get when quoted in an error message. */
#define QUOTE_MAX_CHARS 32

static const gint64 powers_of_ten[] = {
  G_GINT64_CONSTANT (1),
  G_GINT64_CONSTANT (10),
  G_GINT64_CONSTANT (100),
  G_GINT64_CONSTANT (1000),
  G_GINT64_CONSTANT (10000),
  G_GINT64_CONSTANT (100000),
  G_GINT64_CONSTANT (1000000),
  G_GINT64_CONSTANT (10000000),
  G_GINT64_CONSTANT (100000000),
  G_GINT64_CONSTANT (1000000000),
  G_GINT64_CONSTANT (10000000000),
  G_GINT64_CONSTANT (100000000000),
  G_GINT64_CONSTANT (1000000000000),
  G_GINT64_CONSTANT (10000000000000),
  G_GINT64_CONSTANT (100000000000000),
  G_GINT64_CONSTANT (1000000000000000),
  G_GINT64_CONSTANT (10000000000000000),
  G_GINT64_CONSTANT (100000000000000000),
  G_GINT64_CONSTANT (1000000000000000000),
};

/* ISO 4217 minor units. Every code not listed has two decimals; the two-decimal
 * currencies the providers use are listed anyway so that the table says so. */
static const struct
{
  char  code[4];
  guint exponent;
} currency_exponents[] = {
  { "AUD", 2 }, { "BHD", 3 }, { "BIF", 0 }, { "CLF", 4 }, { "CLP", 0 },
  { "DJF", 0 }, { "EUR", 2 }, { "GBP", 2 }, { "GHS", 2 }, { "GNF", 0 },
  { "IQD", 3 }, { "ISK", 0 }, { "JOD", 3 }, { "JPY", 0 }, { "KES", 2 },
  { "KMF", 0 }, { "KRW", 0 }, { "KWD", 3 }, { "LYD", 3 }, { "NGN", 2 },
  { "OMR", 3 }, { "PYG", 0 }, { "RWF", 0 }, { "SDG", 2 }, { "TND", 3 },
  { "TZS", 2 }, { "UGX", 0 }, { "USD", 2 }, { "UYI", 0 }, { "UYW", 4 },
  { "VND", 0 }, { "VUV", 0 }, { "XAF", 0 }, { "XOF", 0 }, { "XPF", 0 },
  { "ZAR", 2 },
};

/* A short, valid UTF-8 excerpt of untrusted text for an error message. */
static char *
quote_for_message (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  const char *cut;

  if (g_utf8_strlen (valid, -1) <= QUOTE_MAX_CHARS)
    return g_steal_pointer (&valid);

  cut = g_utf8_offset_to_pointer (valid, QUOTE_MAX_CHARS);
  return g_strdup_printf ("%.*s…", (int)(cut - valid), valid);
}

static gboolean
normalize_currency (const char  *currency,
                    char         out[4],
                    GError     **error)
{
  if (!pd_currency_is_valid (currency))
    {
      g_autofree char *quoted = quote_for_message (currency != NULL ? currency : "");

      g_set_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_CURRENCY,
                   _("“%s” is not a currency code; expected three letters such as GHS"),
                   quoted);
      return FALSE;
    }

  for (guint i = 0; i < 3; i++)
    out[i] = g_ascii_toupper (currency[i]);
  out[3] = '\0';

  return TRUE;
}

/**
 * pd_currency_is_valid:
 * @currency: (nullable): a currency code
 *
 * Checks that @currency has the shape of an ISO 4217 code: exactly three
 * ASCII letters, in either case. It does not check that the code is assigned.
 *
 * Returns: %TRUE if @currency can be used as a currency code
 */
gboolean
pd_currency_is_valid (const char *currency)
{
  if (currency == NULL)
    return FALSE;

  for (guint i = 0; i < 3; i++)
    {
      if (!g_ascii_isalpha (currency[i]))
        return FALSE;
    }

  return currency[3] == '\0';
}

/**
 * pd_currency_exponent:
 * @currency: an ISO 4217 code, in either case
 *
 * Looks up how many decimals the currency's minor unit has: 2 for GHS
 * (pesewas), 0 for UGX and JPY, 3 for BHD, KWD, OMR, TND and JOD. Codes that
 * are not in Paydesk's table, including invalid ones, get 2.
 *
 * Returns: the number of decimals of the minor unit
 */
guint
pd_currency_exponent (const char *currency)
{
  char code[4];

  g_return_val_if_fail (currency != NULL, 2);

  if (!normalize_currency (currency, code, NULL))
    return 2;

  for (gsize i = 0; i < G_N_ELEMENTS (currency_exponents); i++)
    {
      if (memcmp (currency_exponents[i].code, code, 4) == 0)
        return currency_exponents[i].exponent;
    }

  return 2;
}

/**
 * pd_money_copy:
 * @money: an amount
 *
 * Copies @money to the heap, for APIs that need a boxed value.
 *
 * Returns: (transfer full): a copy, freed with pd_money_free()
 */
PdMoney *
pd_money_copy (const PdMoney *money)
{
  PdMoney *copy;

  g_return_val_if_fail (money != NULL, NULL);

  copy = g_new (PdMoney, 1);
  *copy = *money;

  return copy;
}

/**
 * pd_money_free:
 * @money: (nullable): an amount from pd_money_copy()
 *
 * Frees a heap-allocated amount.
 */
void
pd_money_free (PdMoney *money)
{
  g_free (money);
}

/**
 * pd_money_is_set:
 * @money: an amount
 *
 * Returns: %TRUE if @money has a currency, that is, holds an amount at all
 */
gboolean
pd_money_is_set (const PdMoney *money)
{
  g_return_val_if_fail (money != NULL, FALSE);

  return money->currency[0] != '\0';
}

/**
 * pd_money_init:
 * @money: the amount to fill
 * @units: the amount in units of 10^-@scale
 * @scale: the number of decimals of @units, at most %PD_MONEY_MAX_SCALE
 * @currency: (nullable): a three-letter code, or %NULL or "" for no currency
 *
 * Fills @money. `pd_money_init (&m, 74200, 2, "GHS")` is GHS 742.00.
 * @units may not be %G_MININT64, so that every amount can be negated.
 */
void
pd_money_init (PdMoney    *money,
               gint64      units,
               guint       scale,
               const char *currency)
{
  g_return_if_fail (money != NULL);
  g_return_if_fail (scale <= PD_MONEY_MAX_SCALE);
  g_return_if_fail (units != G_MININT64);
  g_return_if_fail (currency == NULL || currency[0] == '\0' || pd_currency_is_valid (currency));

  money->units = units;
  money->scale = scale;
  if (currency == NULL || currency[0] == '\0')
    memset (money->currency, 0, sizeof money->currency);
  else
    normalize_currency (currency, money->currency, NULL);
}

static inline const char *
digit_at (const char *int_digits,
          gsize       n_int,
          const char *frac_digits,
          gsize       i)
{
  return i < n_int ? &int_digits[i] : &frac_digits[i - n_int];
}

/* Reads a decimal number exactly, by integer arithmetic on its digits. */
static gboolean
parse_decimal (const char  *text,
               gint64      *units_out,
               guint       *scale_out,
               GError     **error)
{
  g_autofree char *quoted = NULL;
  const char *p;
  const char *end;
  const char *int_digits;
  const char *frac_digits = "";
  gsize n_int;
  gsize n_frac = 0;
  gsize n_digits;
  gsize n_drop = 0;
  gboolean negative = FALSE;
  gint64 exponent = 0;
  gint64 scale;
  guint64 magnitude = 0;

  if (text == NULL)
    {
      g_set_error_literal (error, PD_MONEY_ERROR, PD_MONEY_ERROR_EMPTY,
                           _("No amount was given"));
      return FALSE;
    }

  p = text;
  end = text + strlen (text);
  while (p < end && g_ascii_isspace (*p))
    p++;
  while (end > p && g_ascii_isspace (end[-1]))
    end--;

  if (p == end || (end - p == 4 && g_ascii_strncasecmp (p, "null", 4) == 0))
    {
      g_set_error_literal (error, PD_MONEY_ERROR, PD_MONEY_ERROR_EMPTY,
                           _("No amount was given"));
      return FALSE;
    }

  quoted = quote_for_message (text);

  if (*p == '+' || *p == '-')
    negative = (*p++ == '-');

  int_digits = p;
  while (p < end && g_ascii_isdigit (*p))
    p++;
  n_int = p - int_digits;

  if (p < end && *p == '.')
    {
      frac_digits = ++p;
      while (p < end && g_ascii_isdigit (*p))
        p++;
      n_frac = p - frac_digits;
    }

  n_digits = n_int + n_frac;
  if (n_digits == 0)
    goto invalid;

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      gboolean negative_exponent = FALSE;
      const char *exponent_digits;

      p++;
      if (p < end && (*p == '+' || *p == '-'))
        negative_exponent = (*p++ == '-');

      exponent_digits = p;
      while (p < end && g_ascii_isdigit (*p))
        {
          /* Past a million the amount overflows or has too many decimals
           * anyway; capping keeps the arithmetic below in range. */
          if (exponent < 1000000)
            exponent = exponent * 10 + (*p - '0');
          p++;
        }
      if (p == exponent_digits)
        goto invalid;

      if (negative_exponent)
        exponent = -exponent;
    }

  if (p != end)
    goto invalid;

  scale = (gint64)n_frac - exponent;

  if (scale > PD_MONEY_MAX_SCALE)
    {
      gsize n_trailing_zeros = 0;

      while (n_trailing_zeros < n_digits &&
             *digit_at (int_digits, n_int, frac_digits, n_digits - 1 - n_trailing_zeros) == '0')
        n_trailing_zeros++;

      if (n_trailing_zeros == n_digits)
        {
          /* Zero, written with many decimals. */
          *units_out = 0;
          *scale_out = PD_MONEY_MAX_SCALE;
          return TRUE;
        }

      if ((gint64)n_trailing_zeros < scale - PD_MONEY_MAX_SCALE)
        {
          g_set_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_INVALID,
                       _("The amount “%s” has more than %d decimals"),
                       quoted, PD_MONEY_MAX_SCALE);
          return FALSE;
        }

      /* Only zeros are dropped: the value stays exact. */
      n_drop = scale - PD_MONEY_MAX_SCALE;
      scale = PD_MONEY_MAX_SCALE;
    }

  for (gsize i = 0; i < n_digits - n_drop; i++)
    {
      guint digit = *digit_at (int_digits, n_int, frac_digits, i) - '0';

      if (magnitude > (guint64)(G_MAXINT64 - digit) / 10)
        goto overflow;
      magnitude = magnitude * 10 + digit;
    }

  for (; scale < 0; scale++)
    {
      if (magnitude == 0)
        {
          scale = 0;
          break;
        }
      if (magnitude > G_MAXINT64 / 10)
        goto overflow;
      magnitude *= 10;
    }

  *units_out = negative ? -(gint64)magnitude : (gint64)magnitude;
  *scale_out = (guint)scale;
  return TRUE;

invalid:
  if (memchr (text, ',', strlen (text)) != NULL)
    g_set_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_INVALID,
                 _("“%s” is not a plain decimal amount: "
                   "it has a comma, for grouping or as a decimal separator"),
                 quoted);
  else
    g_set_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_INVALID,
                 _("“%s” is not a decimal amount"), quoted);
  return FALSE;

overflow:
  g_set_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_OVERFLOW,
               _("The amount “%s” is too large"), quoted);
  return FALSE;
}

/**
 * pd_money_parse:
 * @text: (nullable): a decimal amount in major units, such as "2152.2"
 * @currency: the ISO 4217 code, in either case
 * @out: (out): where to store the amount
 * @error: return location for a #GError
 *
 * Reads an amount exactly, keeping the decimals as written: "2152.2" UGX is
 * `{ 21522, 1, "UGX" }` although UGX has no minor unit, "186600.00" keeps
 * scale 2, "1e3" is `{ 1000, 0 }` and "2.5E-1" is `{ 25, 2 }`. The accepted
 * forms are listed in pd-money.h. @out is not changed on error.
 *
 * Returns: %TRUE on success; %FALSE with a %PD_MONEY_ERROR otherwise
 */
gboolean
pd_money_parse (const char  *text,
                const char  *currency,
                PdMoney     *out,
                GError     **error)
{
  char code[4];
  gint64 units;
  guint scale;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!normalize_currency (currency, code, error) ||
      !parse_decimal (text, &units, &scale, error))
    return FALSE;

  out->units = units;
  out->scale = scale;
  memcpy (out->currency, code, sizeof code);

  return TRUE;
}

/**
 * pd_money_parse_minor:
 * @text: (nullable): a whole number of minor units, such as "74200"
 * @currency: the ISO 4217 code, in either case
 * @out: (out): where to store the amount
 * @error: return location for a #GError
 *
 * Reads a count of minor units: "74200" GHS is GHS 742.00, stored with the
 * currency's own scale (`{ 74200, 2, "GHS" }`). The text is read like
 * pd_money_parse() reads it, and its value must be a whole number ("74200.00"
 * and "7.42e4" are accepted, "742.5" is %PD_MONEY_ERROR_INVALID).
 *
 * Returns: %TRUE on success; %FALSE with a %PD_MONEY_ERROR otherwise
 */
gboolean
pd_money_parse_minor (const char  *text,
                      const char  *currency,
                      PdMoney     *out,
                      GError     **error)
{
  char code[4];
  gint64 units;
  guint scale;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!normalize_currency (currency, code, error) ||
      !parse_decimal (text, &units, &scale, error))
    return FALSE;

  if (units % powers_of_ten[scale] != 0)
    {
      g_autofree char *quoted = quote_for_message (text);

      g_set_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_INVALID,
                   _("“%s” is not a whole number of minor units of %s"),
                   quoted, code);
      return FALSE;
    }

  out->units = units / powers_of_ten[scale];
  out->scale = pd_currency_exponent (code);
  memcpy (out->currency, code, sizeof code);

  return TRUE;
}

/* Brings @units from scale @from to scale @to; FALSE if it overflows or
 * would need rounding. */
static gboolean
rescale_units (gint64  units,
               guint   from,
               guint   to,
               gint64 *out)
{
  if (to >= from)
    {
      gint64 result;

      if (__builtin_mul_overflow (units, powers_of_ten[to - from], &result) ||
          result == G_MININT64)
        return FALSE;
      *out = result;
    }
  else
    {
      if (units % powers_of_ten[from - to] != 0)
        return FALSE;
      *out = units / powers_of_ten[from - to];
    }

  return TRUE;
}

/**
 * pd_money_rescale:
 * @money: an amount
 * @scale: the wanted number of decimals, at most %PD_MONEY_MAX_SCALE
 * @out: (out): where to store the amount; may be @money
 * @error: return location for a #GError
 *
 * Writes the same value with @scale decimals. Never rounds: going to fewer
 * decimals fails with %PD_MONEY_ERROR_INVALID unless the dropped digits are
 * zeros, and going to more fails with %PD_MONEY_ERROR_OVERFLOW if the units
 * no longer fit.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_money_rescale (const PdMoney  *money,
                  guint           scale,
                  PdMoney        *out,
                  GError        **error)
{
  gint64 units;

  g_return_val_if_fail (money != NULL, FALSE);
  g_return_val_if_fail (money->scale <= PD_MONEY_MAX_SCALE, FALSE);
  g_return_val_if_fail (scale <= PD_MONEY_MAX_SCALE, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!rescale_units (money->units, money->scale, scale, &units))
    {
      g_autofree char *plain = pd_money_to_plain (money);

      if (scale > money->scale)
        g_set_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_OVERFLOW,
                     _("The amount %s %s is too large to write with %u decimals"),
                     money->currency, plain, scale);
      else
        g_set_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_INVALID,
                     _("The amount %s %s cannot be written with %u decimals without rounding"),
                     money->currency, plain, scale);
      return FALSE;
    }

  memmove (out->currency, money->currency, sizeof out->currency);
  out->units = units;
  out->scale = scale;

  return TRUE;
}

typedef enum
{
  OPERATION_ADD,
  OPERATION_SUBTRACT,
  OPERATION_COMPARE,
} Operation;

static gboolean
check_same_currency (const PdMoney  *a,
                     const PdMoney  *b,
                     Operation       operation,
                     GError        **error)
{
  if (a->currency[0] == '\0' || b->currency[0] == '\0')
    {
      g_set_error_literal (error, PD_MONEY_ERROR, PD_MONEY_ERROR_CURRENCY,
                           _("An amount without a currency cannot be combined with another"));
      return FALSE;
    }

  if (memcmp (a->currency, b->currency, sizeof a->currency) == 0)
    return TRUE;

  switch (operation)
    {
    case OPERATION_ADD:
      g_set_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_CURRENCY,
                   _("Cannot add a %s amount to a %s amount: the currencies differ"),
                   b->currency, a->currency);
      break;

    case OPERATION_SUBTRACT:
      g_set_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_CURRENCY,
                   _("Cannot subtract a %s amount from a %s amount: the currencies differ"),
                   b->currency, a->currency);
      break;

    case OPERATION_COMPARE:
    default:
      g_set_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_CURRENCY,
                   _("Cannot compare a %s amount with a %s amount: the currencies differ"),
                   a->currency, b->currency);
      break;
    }

  return FALSE;
}

static gboolean
add_or_subtract (const PdMoney  *a,
                 const PdMoney  *b,
                 Operation       operation,
                 PdMoney        *out,
                 GError        **error)
{
  guint scale;
  gint64 ua;
  gint64 ub;
  gint64 result;

  if (!check_same_currency (a, b, operation, error))
    return FALSE;

  scale = MAX (a->scale, b->scale);
  if (!rescale_units (a->units, a->scale, scale, &ua) ||
      !rescale_units (b->units, b->scale, scale, &ub) ||
      (operation == OPERATION_ADD
       ? __builtin_add_overflow (ua, ub, &result)
       : __builtin_sub_overflow (ua, ub, &result)) ||
      result == G_MININT64)
    {
      g_set_error (error, PD_MONEY_ERROR, PD_MONEY_ERROR_OVERFLOW,
                   operation == OPERATION_ADD
                   ? _("The sum of the %s amounts is too large")
                   : _("The difference of the %s amounts is too large"),
                   a->currency);
      return FALSE;
    }

  memmove (out->currency, a->currency, sizeof out->currency);
  out->units = result;
  out->scale = scale;

  return TRUE;
}

/**
 * pd_money_add:
 * @a: an amount
 * @b: an amount in the same currency
 * @out: (out): where to store @a + @b; may be @a or @b
 * @error: return location for a #GError
 *
 * Adds two amounts of one currency. The result has the larger of the two
 * scales. Fails with %PD_MONEY_ERROR_CURRENCY if the currencies differ and
 * with %PD_MONEY_ERROR_OVERFLOW if the result does not fit.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_money_add (const PdMoney  *a,
              const PdMoney  *b,
              PdMoney        *out,
              GError        **error)
{
  g_return_val_if_fail (a != NULL && b != NULL && out != NULL, FALSE);
  g_return_val_if_fail (a->scale <= PD_MONEY_MAX_SCALE && b->scale <= PD_MONEY_MAX_SCALE, FALSE);

  return add_or_subtract (a, b, OPERATION_ADD, out, error);
}

/**
 * pd_money_subtract:
 * @a: an amount
 * @b: an amount in the same currency
 * @out: (out): where to store @a − @b; may be @a or @b
 * @error: return location for a #GError
 *
 * Subtracts @b from @a, like pd_money_add().
 *
 * Returns: %TRUE on success
 */
gboolean
pd_money_subtract (const PdMoney  *a,
                   const PdMoney  *b,
                   PdMoney        *out,
                   GError        **error)
{
  g_return_val_if_fail (a != NULL && b != NULL && out != NULL, FALSE);
  g_return_val_if_fail (a->scale <= PD_MONEY_MAX_SCALE && b->scale <= PD_MONEY_MAX_SCALE, FALSE);

  return add_or_subtract (a, b, OPERATION_SUBTRACT, out, error);
}

/* Compares values of any scales without rescaling, which could overflow:
 * the whole parts first, then the fractions brought to one scale. */
static int
compare_values (const PdMoney *a,
                const PdMoney *b)
{
  gint64 whole_a = a->units / powers_of_ten[a->scale];
  gint64 whole_b = b->units / powers_of_ten[b->scale];
  gint64 frac_a = a->units % powers_of_ten[a->scale];
  gint64 frac_b = b->units % powers_of_ten[b->scale];
  guint scale = MAX (a->scale, b->scale);

  if (whole_a != whole_b)
    return whole_a < whole_b ? -1 : 1;

  /* |frac| < 10^9 and the factor is at most 10^9: no overflow. */
  frac_a *= powers_of_ten[scale - a->scale];
  frac_b *= powers_of_ten[scale - b->scale];

  return (frac_a > frac_b) - (frac_a < frac_b);
}

/**
 * pd_money_compare:
 * @a: an amount
 * @b: an amount in the same currency
 * @result: (out): -1, 0 or 1 as @a is less than, equal to or greater than @b
 * @error: return location for a #GError
 *
 * Compares two amounts of one currency by value, whatever their scales.
 *
 * Returns: %TRUE on success; %FALSE with %PD_MONEY_ERROR_CURRENCY if the
 *   currencies differ
 */
gboolean
pd_money_compare (const PdMoney  *a,
                  const PdMoney  *b,
                  int            *result,
                  GError        **error)
{
  g_return_val_if_fail (a != NULL && b != NULL && result != NULL, FALSE);
  g_return_val_if_fail (a->scale <= PD_MONEY_MAX_SCALE && b->scale <= PD_MONEY_MAX_SCALE, FALSE);

  if (!check_same_currency (a, b, OPERATION_COMPARE, error))
    return FALSE;

  *result = compare_values (a, b);
  return TRUE;
}

/**
 * pd_money_equal:
 * @a: an amount
 * @b: an amount
 *
 * Checks that two amounts have the same currency and the same value:
 * UGX 2152.2 equals UGX 2152.20, and GHS 1 never equals KES 1.
 *
 * Returns: %TRUE if they are equal
 */
gboolean
pd_money_equal (const PdMoney *a,
                const PdMoney *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  g_return_val_if_fail (a->scale <= PD_MONEY_MAX_SCALE && b->scale <= PD_MONEY_MAX_SCALE, FALSE);

  return memcmp (a->currency, b->currency, sizeof a->currency) == 0 &&
         compare_values (a, b) == 0;
}

/**
 * pd_money_sign:
 * @money: an amount
 *
 * Returns: -1 if @money is negative, 0 if it is zero, 1 if it is positive
 */
int
pd_money_sign (const PdMoney *money)
{
  g_return_val_if_fail (money != NULL, 0);

  return (money->units > 0) - (money->units < 0);
}

/**
 * pd_money_negate:
 * @money: an amount
 * @out: (out): where to store −@money; may be @money
 *
 * Negates an amount, keeping its scale and currency.
 */
void
pd_money_negate (const PdMoney *money,
                 PdMoney       *out)
{
  g_return_if_fail (money != NULL && out != NULL);
  g_return_if_fail (money->units != G_MININT64);

  memmove (out->currency, money->currency, sizeof out->currency);
  out->scale = money->scale;
  out->units = -money->units;
}

/* Splits |units| into its integer digits and @decimals fraction digits. */
static void
split_digits (const PdMoney *money,
              guint          decimals,
              GString       *integer_part,
              GString       *fraction_part)
{
  char digits[24];
  guint64 magnitude;
  gsize n;
  gsize n_fraction;

  g_assert (decimals >= money->scale);

  /* Written so that it cannot overflow, even for G_MININT64. */
  magnitude = money->units < 0
              ? (guint64)(-(money->units + 1)) + 1
              : (guint64)money->units;
  n = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, magnitude);

  n_fraction = MIN (n, (gsize)money->scale);
  if (n > n_fraction)
    g_string_append_len (integer_part, digits, n - n_fraction);
  else
    g_string_append_c (integer_part, '0');

  for (gsize i = n_fraction; i < money->scale; i++)
    g_string_append_c (fraction_part, '0');
  g_string_append_len (fraction_part, digits + n - n_fraction, n_fraction);
  for (guint i = money->scale; i < decimals; i++)
    g_string_append_c (fraction_part, '0');
}

static char *
to_plain (const PdMoney *money,
          guint          min_decimals)
{
  g_autoptr(GString) integer_part = g_string_sized_new (24);
  g_autoptr(GString) fraction_part = g_string_sized_new (12);
  GString *out = g_string_sized_new (32);

  split_digits (money, MAX (min_decimals, money->scale), integer_part, fraction_part);

  if (money->units < 0)
    g_string_append_c (out, '-');
  g_string_append_len (out, integer_part->str, integer_part->len);
  if (fraction_part->len > 0)
    {
      g_string_append_c (out, '.');
      g_string_append_len (out, fraction_part->str, fraction_part->len);
    }

  return g_string_free (out, FALSE);
}

/**
 * pd_money_to_plain:
 * @money: an amount
 *
 * Writes the amount for machines: '.' as the decimal point, no grouping, no
 * currency, and at least the currency's own decimals without ever dropping
 * one it has: GHS 742 is "742.00", UGX 2152.2 is "2152.2", GHS −0.5 is
 * "-0.50". An amount without a currency keeps its own scale.
 *
 * Returns: (transfer full): the plain text of the amount
 */
char *
pd_money_to_plain (const PdMoney *money)
{
  g_return_val_if_fail (money != NULL, NULL);
  g_return_val_if_fail (money->scale <= PD_MONEY_MAX_SCALE, NULL);

  return to_plain (money, pd_money_is_set (money) ? pd_currency_exponent (money->currency) : 0);
}

/**
 * pd_money_to_plain_scale:
 * @money: an amount
 * @scale: the least number of decimals to write, at most %PD_MONEY_MAX_SCALE
 *
 * Like pd_money_to_plain(), but with at least @scale decimals instead of the
 * currency's; the amount's own decimals are still all written. With @scale 0
 * the amount is written exactly as it is held ("2152.2", "742").
 *
 * Returns: (transfer full): the plain text of the amount
 */
char *
pd_money_to_plain_scale (const PdMoney *money,
                         guint          scale)
{
  g_return_val_if_fail (money != NULL, NULL);
  g_return_val_if_fail (money->scale <= PD_MONEY_MAX_SCALE, NULL);
  g_return_val_if_fail (scale <= PD_MONEY_MAX_SCALE, NULL);

  return to_plain (money, scale);
}

/* The locale's text in UTF-8, which is what GLib strings are. */
static char *
locale_string_to_utf8 (const char *text)
{
  char *utf8;

  if (g_get_charset (NULL))
    return g_strdup (text);

  utf8 = g_locale_to_utf8 (text, -1, NULL, NULL, NULL);
  return utf8 != NULL ? utf8 : g_strdup ("");
}

static void
append_grouped (GString    *out,
                const char *digits,
                gsize       n_digits,
                const char *separator,
                const char *grouping)
{
  gsize cuts[32];
  guint n_cuts = 0;
  gsize position = n_digits;
  guint group = 0;

  /* POSIX grouping: each byte is the size of the next group leftwards; the
   * last one repeats, and CHAR_MAX or a non-positive size stops grouping. */
  if (separator[0] != '\0' && grouping[0] != '\0')
    {
      int size = grouping[0];

      while (size > 0 && size != CHAR_MAX && position > (gsize)size &&
             n_cuts < G_N_ELEMENTS (cuts))
        {
          position -= size;
          cuts[n_cuts++] = position;
          if (grouping[group + 1] != '\0')
            size = grouping[++group];
        }
    }

  position = 0;
  while (n_cuts > 0)
    {
      gsize cut = cuts[--n_cuts];

      g_string_append_len (out, digits + position, cut - position);
      g_string_append (out, separator);
      position = cut;
    }
  g_string_append_len (out, digits + position, n_digits - position);
}

/**
 * pd_money_format:
 * @money: an amount
 *
 * Writes the amount for people, in the user's locale: the currency code, a
 * space, the sign, then the digits grouped and with the decimal point of
 * LC_MONETARY (LC_NUMERIC if LC_MONETARY defines none), and the decimals
 * of the currency's minor unit, more only where the amount has more:
 * "GHS 1,234.50" in en_US, "GHS 1.234,50" in de_DE, "UGX -2,152.2", and
 * "UGX 25,950" for 25950.00 shillings. In the C and POSIX locales, which
 * define no grouping, the amount is grouped by three with ',' and '.' as the
 * decimal point, so that long amounts stay readable.
 *
 * Returns: (transfer full): the amount for display
 */
char *
pd_money_format (const PdMoney *money)
{
  g_autoptr(GString) integer_part = g_string_sized_new (24);
  g_autoptr(GString) fraction_part = g_string_sized_new (12);
  g_autofree char *decimal_point = NULL;
  g_autofree char *separator = NULL;
  g_autofree char *grouping = NULL;
  const char *locale_point;
  PdMoney shown;
  GString *out;
  guint decimals;

  g_return_val_if_fail (money != NULL, NULL);
  g_return_val_if_fail (money->scale <= PD_MONEY_MAX_SCALE, NULL);

  /* nl_langinfo() rather than localeconv(): it follows uselocale() and
   * does not share one static buffer between threads. */
  locale_point = nl_langinfo (MON_DECIMAL_POINT);
  if (locale_point != NULL && locale_point[0] != '\0')
    {
      decimal_point = locale_string_to_utf8 (locale_point);
      separator = locale_string_to_utf8 (nl_langinfo (MON_THOUSANDS_SEP));
      grouping = g_strdup (nl_langinfo (MON_GROUPING));
    }
  else
    {
      locale_point = nl_langinfo (RADIXCHAR);
      if (locale_point != NULL && locale_point[0] != '\0' &&
          strcmp (locale_point, ".") != 0)
        {
          decimal_point = locale_string_to_utf8 (locale_point);
          separator = locale_string_to_utf8 (nl_langinfo (THOUSEP));
          grouping = g_strdup (nl_langinfo (GROUPING));
        }
      else
        {
          decimal_point = g_strdup (".");
          separator = g_strdup (",");
          grouping = g_strdup ("\3");
        }
    }

  /* Zeros a provider wrote beyond the currency's minor unit say nothing:
   * "UGX 25,950.00" is shown as the "UGX 25,950" beside it. */
  decimals = pd_money_is_set (money) ? pd_currency_exponent (money->currency) : 0;
  shown = *money;
  while (shown.scale > decimals && shown.units % 10 == 0)
    {
      shown.units /= 10;
      shown.scale--;
    }
  decimals = MAX (decimals, shown.scale);
  split_digits (&shown, decimals, integer_part, fraction_part);

  out = g_string_sized_new (40);
  if (pd_money_is_set (money))
    {
      g_string_append (out, money->currency);
      g_string_append_c (out, ' ');
    }
  if (money->units < 0)
    g_string_append_c (out, '-');
  append_grouped (out, integer_part->str, integer_part->len, separator, grouping);
  if (fraction_part->len > 0)
    {
      g_string_append (out, decimal_point);
      g_string_append_len (out, fraction_part->str, fraction_part->len);
    }

  return g_string_free (out, FALSE);
}

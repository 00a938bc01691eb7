/* pd-luhn.c - the Luhn check digit of card and meter numbers
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pd-luhn.h"

/* The sum of the Luhn digits of @length digits, the last one counted
 * doubled when @last_doubled. */
static guint
luhn_sum (const char *digits,
          gsize       length,
          gboolean    last_doubled)
{
  guint sum = 0;

  for (gsize i = 0; i < length; i++)
    {
      guint digit = digits[length - 1 - i] - '0';

      if ((i % 2 == 0) == last_doubled)
        {
          digit *= 2;
          if (digit > 9)
            digit -= 9;
        }
      sum += digit;
    }

  return sum;
}

static gboolean
all_digits (const char *text,
            gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }

  return TRUE;
}

/**
 * pd_luhn_is_valid:
 * @digits: a card, meter or account number
 * @length: its length in bytes, or -1 when it ends in a nul
 *
 * Checks the number's last digit against the others with the Luhn
 * algorithm, as card switches and Kenya Power do before anything else.
 *
 * Returns: %TRUE when @digits is at least two digits, nothing else, and
 *   its check digit is right
 */
gboolean
pd_luhn_is_valid (const char *digits,
                  gssize      length)
{
  gsize n;

  g_return_val_if_fail (digits != NULL, FALSE);

  n = length < 0 ? strlen (digits) : (gsize)length;
  if (n < 2 || !all_digits (digits, n))
    return FALSE;

  return luhn_sum (digits, n, FALSE) % 10 == 0;
}

/**
 * pd_luhn_check_digit:
 * @body: digits
 * @length: the length of @body in bytes, or -1 when it ends in a nul
 *
 * Returns: the digit ('0' to '9') that makes @body followed by it pass
 *   the Luhn check
 */
char
pd_luhn_check_digit (const char *body,
                     gssize      length)
{
  gsize n;

  g_return_val_if_fail (body != NULL, '0');

  n = length < 0 ? strlen (body) : (gsize)length;
  g_return_val_if_fail (all_digits (body, n), '0');

  return (char)('0' + (10 - luhn_sum (body, n, TRUE) % 10) % 10);
}

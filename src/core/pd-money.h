/* pd-money.h - exact money amounts
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PD_MONEY_ERROR (pd_money_error_quark ())

/**
 * PdMoneyError:
 * @PD_MONEY_ERROR_EMPTY: no amount was given (empty text or `null`)
 * @PD_MONEY_ERROR_INVALID: the text is not a decimal number
 * @PD_MONEY_ERROR_OVERFLOW: the amount does not fit in 64 bits of minor units
 * @PD_MONEY_ERROR_CURRENCY: the currency code is not three letters, or two
 *   amounts of different currencies were combined
 *
 * Stable error codes of the money domain.
 */
typedef enum
{
  PD_MONEY_ERROR_EMPTY,
  PD_MONEY_ERROR_INVALID,
  PD_MONEY_ERROR_OVERFLOW,
  PD_MONEY_ERROR_CURRENCY,
} PdMoneyError;

/* The largest scale an amount may carry; more decimals are an error, never rounded. */
#define PD_MONEY_MAX_SCALE 9

/**
 * PdMoney:
 * @units: the amount in units of 10^-@scale of the currency
 * @scale: how many decimals @units carries (0 … %PD_MONEY_MAX_SCALE)
 * @currency: the ISO 4217 code, upper case, NUL-terminated; empty when unset
 *
 * An exact amount. `{ 21522, 1, "UGX" }` is UGX 2152.2, `{ 74200, 2, "GHS" }`
 * is GHS 742.00. The scale is the one the amount arrived with, never rounded;
 * two amounts with different scales but the same value compare equal.
 * A plain value type: copy it with `=`.
 */
typedef struct
{
  gint64 units;
  guint8 scale;
  char   currency[4];
} PdMoney;

/* PdMoney is also a boxed type, for GValues, properties and list items;
 * pd_money_copy() puts a copy on the heap, pd_money_free() frees it. */
#define PD_TYPE_MONEY (pd_money_get_type ())

GQuark    pd_money_error_quark      (void);
GType     pd_money_get_type         (void) G_GNUC_CONST;
PdMoney  *pd_money_copy             (const PdMoney *money);
void      pd_money_free             (PdMoney       *money);

guint     pd_currency_exponent      (const char    *currency);
gboolean  pd_currency_is_valid      (const char    *currency);

gboolean  pd_money_is_set           (const PdMoney *money);
void      pd_money_init             (PdMoney       *money,
                                     gint64         units,
                                     guint          scale,
                                     const char    *currency);
/* Accepted text (pd_money_parse, pd_money_parse_minor): an optional sign,
 * decimal digits with at most one '.', and an optional exponent ("1e3",
 * "2.5E-1"). Tolerated because the meaning is clear: spaces around the
 * number, a leading '+', leading zeros, ".5" and "5.". "", only spaces, NULL
 * and "null" are PD_MONEY_ERROR_EMPTY. Rejected as PD_MONEY_ERROR_INVALID:
 * anything else, such as "1,000" (grouping), "1.2.3", "--1", "1e", ".", hex,
 * "NaN", "Infinity", spaces inside the number, and amounts with more than
 * PD_MONEY_MAX_SCALE decimals (trailing zeros beyond that are dropped, never
 * a significant digit). The magnitude must fit in 63 bits (G_MININT64 is
 * refused too, so every amount can be negated): else PD_MONEY_ERROR_OVERFLOW.
 * The currency is checked first: three ASCII letters, stored upper case. */
gboolean  pd_money_parse            (const char    *text,
                                     const char    *currency,
                                     PdMoney       *out,
                                     GError       **error);
gboolean  pd_money_parse_minor      (const char    *text,
                                     const char    *currency,
                                     PdMoney       *out,
                                     GError       **error);
gboolean  pd_money_rescale          (const PdMoney *money,
                                     guint          scale,
                                     PdMoney       *out,
                                     GError       **error);
gboolean  pd_money_add              (const PdMoney *a,
                                     const PdMoney *b,
                                     PdMoney       *out,
                                     GError       **error);
gboolean  pd_money_subtract         (const PdMoney *a,
                                     const PdMoney *b,
                                     PdMoney       *out,
                                     GError       **error);
gboolean  pd_money_compare          (const PdMoney *a,
                                     const PdMoney *b,
                                     int           *result,
                                     GError       **error);
gboolean  pd_money_equal            (const PdMoney *a,
                                     const PdMoney *b);
int       pd_money_sign             (const PdMoney *money);
void      pd_money_negate           (const PdMoney *money,
                                     PdMoney       *out);
char     *pd_money_to_plain         (const PdMoney *money);
char     *pd_money_to_plain_scale   (const PdMoney *money,
                                     guint          scale);
char     *pd_money_format           (const PdMoney *money);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdMoney, pd_money_free)

G_END_DECLS

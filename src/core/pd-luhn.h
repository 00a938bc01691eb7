/* pd-luhn.h - the Luhn check digit of card and meter numbers
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean pd_luhn_is_valid    (const char *digits,
                              gssize      length);
char     pd_luhn_check_digit (const char *body,
                              gssize      length);

G_END_DECLS

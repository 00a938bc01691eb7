/* pd-format.h - how the views write dates, amounts and states
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pd-money.h"
#include "pd-records.h"

G_BEGIN_DECLS

char       *pd_format_date_time      (gint64              unix_seconds);
char       *pd_format_date           (gint64              unix_seconds);
char       *pd_format_utc            (gint64              unix_seconds);
char       *pd_format_fold_search    (const char         *text);
char       *pd_format_time_ago       (gint64              unix_seconds,
                                      gint64              now);
char       *pd_format_money          (const PdMoney      *money);
char       *pd_format_read_digits    (const char         *text);
const char *pd_format_state_class    (PdTransactionState  state);
const char *pd_format_state_label    (const PdTransaction *transaction);

G_END_DECLS

/* pd-test-window-data.h - a store filled with merchants' data, for the window's test and benchmark
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-store.h"

G_BEGIN_DECLS

/* The accounts the data is spread over, one per provider, in this order. */
#define PD_TEST_N_ACCOUNTS 5

/* A charge that only the phone fragment PD_TEST_PHONE_FRAGMENT finds. */
#define PD_TEST_PHONE_FRAGMENT  "772 918"
#define PD_TEST_PHONE_CUSTOMER  "Nakato Ssempala"
#define PD_TEST_PHONE_REFERENCE "INV-2026-0917"

gboolean pd_test_window_data_fill (PdStore  *store,
                                   guint     n_transactions,
                                   gint64    now,
                                   gboolean  with_search_index,
                                   GError  **error);

/* What the application loads itself (its style sheet), for a window made
 * without one. Call after adw_init(). */
void     pd_test_load_style       (void);

G_END_DECLS

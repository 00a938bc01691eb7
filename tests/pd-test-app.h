/* pd-test-app.h - the window and the main loop, for the tests that drive the application
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-payments.h"
#include "pd-secrets.h"
#include "pd-store.h"
#include "pd-window.h"

G_BEGIN_DECLS

/* How long pd_test_wait_for() waits before it fails the test. */
#define PD_TEST_WAIT_SECONDS 60

typedef gboolean (*PdTestCondition) (gpointer data);

void           pd_test_init_ui           (int              *argc,
                                          char           ***argv);

void           pd_test_wait_for          (PdTestCondition   condition,
                                          gpointer          data,
                                          const char       *what);
void           pd_test_settle            (void);
void           pd_test_save_screenshot   (GtkWidget        *widget,
                                          const char       *name);

void           pd_test_reset_last_view   (void);
PdStore       *pd_test_open_store        (const char       *dir);
PdWindow      *pd_test_present_window    (PdStore          *store,
                                          PdSyncQueue      *sync_queue,
                                          PdPayments       *payments);
gboolean       pd_test_store_secret_set  (PdSecrets        *secrets,
                                          const PdAccount  *account,
                                          PdSecretSet      *secret_set);

G_END_DECLS

/* pd-application.h - the Paydesk application
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-payments.h"
#include "pd-secrets.h"
#include "pd-store.h"
#include "pd-sync-queue.h"

G_BEGIN_DECLS

#define PD_TYPE_APPLICATION (pd_application_get_type ())

G_DECLARE_FINAL_TYPE (PdApplication, pd_application, PD, APPLICATION, AdwApplication)

PdApplication *pd_application_new            (void);
PdStore       *pd_application_get_store      (PdApplication *self);
PdSecrets     *pd_application_get_secrets    (PdApplication *self);
PdSyncQueue   *pd_application_get_sync_queue (PdApplication *self);
PdPayments    *pd_application_get_payments   (PdApplication *self);
GSettings     *pd_application_get_settings   (PdApplication *self);

GSettings     *pd_settings_new               (void);

G_END_DECLS

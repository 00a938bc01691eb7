/* pd-vend-dialog.h - sell an electricity token, once
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-payments.h"
#include "pd-window.h"

G_BEGIN_DECLS

#define PD_TYPE_VEND_DIALOG (pd_vend_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdVendDialog, pd_vend_dialog, PD, VEND_DIALOG, AdwWindow)

PdVendDialog  *pd_vend_dialog_new       (PdWindow     *window,
                                         PdPayments   *payments);
PdOutboxEntry *pd_vend_dialog_get_entry (PdVendDialog *self);

G_END_DECLS

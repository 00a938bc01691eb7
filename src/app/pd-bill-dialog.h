/* pd-bill-dialog.h - pay a phone or electricity bill, or top up a phone, once
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-payments.h"
#include "pd-window.h"

G_BEGIN_DECLS

#define PD_TYPE_BILL_DIALOG (pd_bill_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdBillDialog, pd_bill_dialog, PD, BILL_DIALOG, AdwWindow)

PdBillDialog  *pd_bill_dialog_new       (PdWindow     *window,
                                         PdPayments   *payments);
PdOutboxEntry *pd_bill_dialog_get_entry (PdBillDialog *self);

G_END_DECLS

/* pd-refund-dialog.h - refund a charge, in full or in part, once
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-payments.h"
#include "pd-window.h"

G_BEGIN_DECLS

#define PD_TYPE_REFUND_DIALOG (pd_refund_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdRefundDialog, pd_refund_dialog, PD, REFUND_DIALOG, AdwWindow)

gboolean        pd_refund_dialog_can_refund (const PdTransaction *charge);
PdRefundDialog *pd_refund_dialog_new        (PdWindow            *window,
                                             PdPayments          *payments,
                                             const PdTransaction *charge,
                                             const char          *account_label);
PdOutboxEntry  *pd_refund_dialog_get_entry  (PdRefundDialog      *self);

G_END_DECLS

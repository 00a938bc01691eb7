/* pd-send-dialog.h - send money to a phone or an account, once
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-payments.h"
#include "pd-window.h"

G_BEGIN_DECLS

#define PD_TYPE_SEND_DIALOG (pd_send_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdSendDialog, pd_send_dialog, PD, SEND_DIALOG, AdwWindow)

PdSendDialog  *pd_send_dialog_new       (PdWindow     *window,
                                         PdPayments   *payments);
PdOutboxEntry *pd_send_dialog_get_entry (PdSendDialog *self);

G_END_DECLS

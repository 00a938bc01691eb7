/* pd-card-dialog.h - add a card to an EnayaPay account, or ask a card's balance
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-payments.h"
#include "pd-window.h"

G_BEGIN_DECLS

#define PD_TYPE_CARD_DIALOG (pd_card_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdCardDialog, pd_card_dialog, PD, CARD_DIALOG, AdwWindow)

PdCardDialog    *pd_card_dialog_new             (PdWindow         *window,
                                                 PdPayments       *payments);
PdCardDialog    *pd_card_dialog_new_for_balance (PdWindow         *window,
                                                 PdPayments       *payments,
                                                 const PdCard     *card,
                                                 const char       *account_label);
const PdBalance *pd_card_dialog_get_balance     (PdCardDialog     *self);

G_END_DECLS

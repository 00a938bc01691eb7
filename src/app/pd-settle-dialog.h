/* pd-settle-dialog.h - say by hand what became of a payment nobody can look up
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-payments.h"
#include "pd-window.h"

G_BEGIN_DECLS

PdOutboxEntry *pd_settle_dialog_find_entry (PdPayments          *payments,
                                            const PdTransaction *transaction);
GtkWidget     *pd_settle_dialog_new        (PdWindow            *window,
                                            PdPayments          *payments,
                                            const PdOutboxEntry *entry,
                                            const PdTransaction *transaction);

G_END_DECLS

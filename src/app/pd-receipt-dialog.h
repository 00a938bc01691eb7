/* pd-receipt-dialog.h - the receipt of a sale, to read out, print or save
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-receipt.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_RECEIPT_DIALOG (pd_receipt_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdReceiptDialog, pd_receipt_dialog, PD, RECEIPT_DIALOG, AdwWindow)

PdReceiptDialog *pd_receipt_dialog_new         (GtkWindow        *parent,
                                                const PdReceipt  *receipt);
PdReceiptDialog *pd_receipt_dialog_new_for_transaction (GtkWindow            *parent,
                                                        PdStore              *store,
                                                        const PdTransaction  *transaction,
                                                        GError              **error);
const PdReceipt *pd_receipt_dialog_get_receipt (PdReceiptDialog  *self);
gboolean         pd_receipt_dialog_save_pdf    (PdReceiptDialog  *self,
                                                GFile            *file,
                                                GError          **error);

G_END_DECLS

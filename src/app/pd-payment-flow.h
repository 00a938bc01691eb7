/* pd-payment-flow.h - what the dialogs that move money share: accounts, one submit, the outcome
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-payment-accounts.h"
#include "pd-payments.h"
#include "pd-window.h"

G_BEGIN_DECLS

#define PD_TYPE_PAYMENT_FLOW (pd_payment_flow_get_type ())

G_DECLARE_FINAL_TYPE (PdPaymentFlow, pd_payment_flow, PD, PAYMENT_FLOW, GObject)

/**
 * PdPaymentFlowFlags:
 * @PD_PAYMENT_FLOW_NONE: nothing more
 * @PD_PAYMENT_FLOW_LOOK_AGAIN: read the entry's transaction again in a
 *   moment, where #PdPayments writes what the provider says
 * @PD_PAYMENT_FLOW_NO_TOAST: a refusal that the outcome page explains,
 *   not to be shown again as a toast
 * @PD_PAYMENT_FLOW_RECEIPT: a completed sale: its receipt opens by itself,
 *   once
 */
typedef enum
{
  PD_PAYMENT_FLOW_NONE       = 0,
  PD_PAYMENT_FLOW_LOOK_AGAIN = 1 << 0,
  PD_PAYMENT_FLOW_NO_TOAST   = 1 << 1,
  PD_PAYMENT_FLOW_RECEIPT    = 1 << 2,
} PdPaymentFlowFlags;

/**
 * PdPaymentFlowDescribeFunc:
 * @entry: the outbox entry, as last stored
 * @transaction: (nullable): its transaction in the store, if it has one
 * @icon_name: (out): the outcome page's icon
 * @title: (out) (transfer full): its title
 * @description: (out) (transfer full): its description
 * @user_data: the dialog
 *
 * Says in the dialog's words what became of its operation.
 *
 * Returns: what else to do
 */
typedef PdPaymentFlowFlags (*PdPaymentFlowDescribeFunc) (const PdOutboxEntry  *entry,
                                                         const PdTransaction  *transaction,
                                                         const char          **icon_name,
                                                         char                **title,
                                                         char                **description,
                                                         gpointer              user_data);

PdPaymentFlow          *pd_payment_flow_new                  (PdWindow                   *window,
                                                              PdPayments                 *payments,
                                                              AdwStatusPage              *result_page,
                                                              const char                 *error_title,
                                                              PdPaymentFlowDescribeFunc   describe,
                                                              gpointer                    user_data);
const char             *pd_payment_flow_get_idempotency_key  (PdPaymentFlow              *self);
gboolean                pd_payment_flow_get_submitted        (PdPaymentFlow              *self);
PdOutboxEntry          *pd_payment_flow_get_entry            (PdPaymentFlow              *self);
PdTransaction          *pd_payment_flow_dup_transaction      (PdPaymentFlow              *self);
gboolean                pd_payment_flow_submit               (PdPaymentFlow              *self,
                                                              const PdOperation          *operation,
                                                              GtkWidget                  *confirm_button);
void                    pd_payment_flow_open_receipt         (PdPaymentFlow              *self);

void                    pd_payment_flow_list_accounts_async  (PdPaymentFlow              *self,
                                                              guint                       operations,
                                                              GCancellable               *cancellable,
                                                              GAsyncReadyCallback         callback,
                                                              gpointer                    user_data);
GListModel             *pd_payment_flow_list_accounts_finish (PdPaymentFlow              *self,
                                                              GAsyncResult               *result,
                                                              GError                    **error);
gboolean                pd_payment_flow_fill_accounts        (PdPaymentFlow              *self,
                                                              GAsyncResult               *result,
                                                              AdwComboRow                *row,
                                                              GError                    **error);
const PdPaymentAccount *pd_payment_flow_get_account          (PdPaymentFlow              *self,
                                                              guint                       position);

G_END_DECLS

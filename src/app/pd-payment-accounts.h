/* pd-payment-accounts.h - the accounts that can move money, and the checks made before a sale
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-pawacard-client.h"
#include "pd-payments.h"

G_BEGIN_DECLS

/**
 * PdPaymentAccount:
 * @account: the account
 * @provider: its provider client, as #PdPayments made it for the outbox
 * @operations: the #PdOperationKind it can perform, as PD_OPERATION_BIT() bits
 *
 * An account whose client could be made, and what it can do.
 */
typedef struct
{
  PdAccount  *account;
  PdProvider *provider;
  guint       operations;
} PdPaymentAccount;

void                pd_payment_account_free                 (PdPaymentAccount     *self);
const char         *pd_payment_account_get_currency         (const PdPaymentAccount *self);
char               *pd_payment_account_dup_title            (const PdPaymentAccount *self);
GDateTime          *pd_payment_account_dup_throttle_end     (const PdPaymentAccount *self,
                                                             const char           *meter);

void                pd_payment_accounts_list_async          (PdPayments           *payments,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
GPtrArray          *pd_payment_accounts_list_finish         (PdPayments           *payments,
                                                             GAsyncResult         *result,
                                                             GError              **error);

void                pd_payment_accounts_verify_meter_async  (PdPayments           *payments,
                                                             gint64                account_id,
                                                             const char           *meter,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
PdPawacardCustomer *pd_payment_accounts_verify_meter_finish (PdPayments           *payments,
                                                             GAsyncResult         *result,
                                                             GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdPaymentAccount, pd_payment_account_free)

G_END_DECLS

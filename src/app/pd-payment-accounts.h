/* pd-payment-accounts.h - the accounts that can move money, and the checks made before a sale
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-enayapay-client.h"
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

void                pd_payment_accounts_verify_account_async  (PdPayments           *payments,
                                                               gint64                account_id,
                                                               const char           *account_number,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
PdPawacardCustomer *pd_payment_accounts_verify_account_finish (PdPayments           *payments,
                                                               GAsyncResult         *result,
                                                               GError              **error);

void                pd_payment_accounts_inquire_bill_async    (PdPayments           *payments,
                                                               gint64                account_id,
                                                               PdEnayapayNetwork     network,
                                                               const char           *phone,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
PdEnayapayInvoice  *pd_payment_accounts_inquire_bill_finish   (PdPayments           *payments,
                                                               GAsyncResult         *result,
                                                               GError              **error);

/* Cards */
gboolean            pd_payment_account_manages_cards        (const PdPaymentAccount *self);

void                pd_payment_accounts_add_card_async      (PdPayments           *payments,
                                                             gint64                account_id,
                                                             const char           *card_number,
                                                             const char           *expiry,
                                                             const char           *label,
                                                             gboolean              is_default,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
PdCard             *pd_payment_accounts_add_card_finish     (PdPayments           *payments,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void                pd_payment_accounts_remove_card_async   (PdPayments           *payments,
                                                             gint64                account_id,
                                                             const char           *card_id,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean            pd_payment_accounts_remove_card_finish  (PdPayments           *payments,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void                pd_payment_accounts_card_balance_async  (PdPayments           *payments,
                                                             gint64                account_id,
                                                             const char           *card_number,
                                                             const char           *expiry,
                                                             const char           *ipin,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
PdBalance          *pd_payment_accounts_card_balance_finish (PdPayments           *payments,
                                                             GAsyncResult         *result,
                                                             GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdPaymentAccount, pd_payment_account_free)

G_END_DECLS

/* pd-fayapay-client.h - the FayaPay provider: customers, charges, refunds, disbursements
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-http-client.h"
#include "pd-provider.h"
#include "pd-secrets.h"

G_BEGIN_DECLS

/**
 * PD_FAYAPAY_DEFAULT_BASE_URL:
 *
 * FayaPay's production base URL, used when an account names none.
 */
#define PD_FAYAPAY_DEFAULT_BASE_URL "https://api.fayapay.io/v1"

/**
 * PD_FAYAPAY_PAGE_SIZE:
 *
 * How many objects a list page asks for: the largest `Limit` FayaPay allows.
 */
#define PD_FAYAPAY_PAGE_SIZE 50

#define PD_TYPE_FAYAPAY_CLIENT (pd_fayapay_client_get_type ())

G_DECLARE_FINAL_TYPE (PdFayapayClient, pd_fayapay_client, PD, FAYAPAY_CLIENT, GObject)

PdFayapayClient *pd_fayapay_client_new                    (const char           *base_url,
                                                           const char           *api_key);
PdProvider      *pd_fayapay_client_new_for_account        (const PdAccount      *account,
                                                           const PdSecretSet    *secrets,
                                                           GError              **error);

PdHttpClient    *pd_fayapay_client_get_http_client        (PdFayapayClient      *self);
const char      *pd_fayapay_client_get_timezone           (PdFayapayClient      *self);
void             pd_fayapay_client_set_timezone           (PdFayapayClient      *self,
                                                           const char           *timezone);
guint            pd_fayapay_client_get_retry_delay        (PdFayapayClient      *self);
void             pd_fayapay_client_set_retry_delay        (PdFayapayClient      *self,
                                                           guint                 retry_delay_ms);

PdProviderError  pd_fayapay_error_code                    (const char           *code,
                                                           guint                 http_status);

/* Charges */
void             pd_fayapay_client_get_charge_async       (PdFayapayClient      *self,
                                                           const char           *charge_id,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
PdTransaction   *pd_fayapay_client_get_charge_finish      (PdFayapayClient      *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void             pd_fayapay_client_update_charge_async    (PdFayapayClient      *self,
                                                           const char           *charge_id,
                                                           const char           *customer_id,
                                                           const char           *description,
                                                           GHashTable           *metadata,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
PdTransaction   *pd_fayapay_client_update_charge_finish   (PdFayapayClient      *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

/* Refunds */
void             pd_fayapay_client_get_refund_async       (PdFayapayClient      *self,
                                                           const char           *refund_id,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
PdTransaction   *pd_fayapay_client_get_refund_finish      (PdFayapayClient      *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void             pd_fayapay_client_update_refund_async    (PdFayapayClient      *self,
                                                           const char           *refund_id,
                                                           const char           *description,
                                                           GHashTable           *metadata,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
PdTransaction   *pd_fayapay_client_update_refund_finish   (PdFayapayClient      *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

/* Customers and their sources */
void             pd_fayapay_client_create_customer_async  (PdFayapayClient      *self,
                                                           const char           *name,
                                                           const char           *email,
                                                           const char           *phone,
                                                           const char           *description,
                                                           GHashTable           *metadata,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
PdCustomer      *pd_fayapay_client_create_customer_finish (PdFayapayClient      *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void             pd_fayapay_client_get_customer_async     (PdFayapayClient      *self,
                                                           const char           *customer_id,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
PdCustomer      *pd_fayapay_client_get_customer_finish    (PdFayapayClient      *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void             pd_fayapay_client_update_customer_async  (PdFayapayClient      *self,
                                                           const char           *customer_id,
                                                           const char           *name,
                                                           const char           *email,
                                                           const char           *phone,
                                                           const char           *description,
                                                           const char           *default_source,
                                                           GHashTable           *metadata,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
PdCustomer      *pd_fayapay_client_update_customer_finish (PdFayapayClient      *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void             pd_fayapay_client_attach_source_async    (PdFayapayClient      *self,
                                                           const char           *customer_id,
                                                           const char           *source_id,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
PdCard          *pd_fayapay_client_attach_source_finish   (PdFayapayClient      *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void             pd_fayapay_client_get_source_async       (PdFayapayClient      *self,
                                                           const char           *source_id,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
PdCard          *pd_fayapay_client_get_source_finish      (PdFayapayClient      *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

/* Disbursements and payouts */
void             pd_fayapay_client_get_disbursement_async    (PdFayapayClient      *self,
                                                              const char           *disbursement_id,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
PdTransaction   *pd_fayapay_client_get_disbursement_finish   (PdFayapayClient      *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
void             pd_fayapay_client_update_disbursement_async (PdFayapayClient      *self,
                                                              const char           *disbursement_id,
                                                              const char           *description,
                                                              GHashTable           *metadata,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
PdTransaction   *pd_fayapay_client_update_disbursement_finish (PdFayapayClient     *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
void             pd_fayapay_client_get_payout_async          (PdFayapayClient      *self,
                                                              const char           *payout_id,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
PdTransaction   *pd_fayapay_client_get_payout_finish         (PdFayapayClient      *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

G_END_DECLS

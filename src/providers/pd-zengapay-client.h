/* pd-zengapay-client.h - the ZengaPay provider: collections, transfers, airtime, bundles, statements
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-http-client.h"
#include "pd-provider.h"
#include "pd-secrets.h"
#include "pd-store.h"
#include "pd-zengapay-statement.h"

G_BEGIN_DECLS

/**
 * PD_ZENGAPAY_DEFAULT_BASE_URL:
 *
 * ZengaPay's production base URL, used when an account names none.
 */
#define PD_ZENGAPAY_DEFAULT_BASE_URL "https://api.zengapay.com/v1"

/**
 * PD_ZENGAPAY_STATEMENT_PAGE_SIZE:
 *
 * How many statement lines a sync asks for per page (the `limit` filter):
 * the most ZengaPay serves at once.
 */
#define PD_ZENGAPAY_STATEMENT_PAGE_SIZE 500

/**
 * PD_ZENGAPAY_TOTAL_WALLET:
 *
 * The #PdBalance.wallet of the account's total over all its wallets. The
 * wallets themselves are named by their currency codes (`UGX-MTNMM`,
 * `UGX-ATLMM`), so a view that adds up the latest balances must leave this
 * one out.
 */
#define PD_ZENGAPAY_TOTAL_WALLET "UGX"

/**
 * PdZengapayProduct:
 * @PD_ZENGAPAY_PRODUCT_COLLECTION: money asked from a phone (`/collections`)
 * @PD_ZENGAPAY_PRODUCT_TRANSFER: money sent to a phone (`/transfers`)
 * @PD_ZENGAPAY_PRODUCT_AIRTIME: airtime sent to a phone (`/airtime`)
 * @PD_ZENGAPAY_PRODUCT_BUNDLE: a voice or data bundle sent to a phone
 *   (`/bundles`)
 *
 * ZengaPay's four kinds of transaction, each with its own endpoint.
 */
typedef enum
{
  PD_ZENGAPAY_PRODUCT_COLLECTION,
  PD_ZENGAPAY_PRODUCT_TRANSFER,
  PD_ZENGAPAY_PRODUCT_AIRTIME,
  PD_ZENGAPAY_PRODUCT_BUNDLE,
} PdZengapayProduct;

/**
 * PdZengapayNetwork:
 * @id: the network's id (1 MTN, 2 Airtel), 0 when the answer gave none
 * @network_name: the operator, e.g. "MTN Uganda Limited"
 * @service_name: its mobile money service, e.g. "MTN Mobile Money"
 * @currency_name: the wallet's name
 * @currency_code: the wallet, e.g. `UGX-MTNMM`
 * @country: the country, upper case
 * @country_iso2: the ISO 3166 code, e.g. `UG`
 *
 * A mobile network ZengaPay moves money on.
 */
typedef struct
{
  gint64  id;
  char   *network_name;
  char   *service_name;
  char   *currency_name;
  char   *currency_code;
  char   *country;
  char   *country_iso2;
} PdZengapayNetwork;

/**
 * PdZengapayAccount:
 * @name: the merchant's registered name
 * @number: the ZengaPay account number
 * @category: e.g. "Business"
 * @address: the postal address
 * @official_email: the account's official e-mail address
 * @support_email: the address customers write to
 * @website: the merchant's web site
 * @created_at: when the account was opened, Unix seconds, UTC
 * @available: the total available over all wallets
 * @in_words: the total as ZengaPay spells it
 *
 * The account summary (`GET /account`).
 */
typedef struct
{
  char    *name;
  char    *number;
  char    *category;
  char    *address;
  char    *official_email;
  char    *support_email;
  char    *website;
  gint64   created_at;
  PdMoney  available;
  char    *in_words;
} PdZengapayAccount;

#define PD_TYPE_ZENGAPAY_NETWORK (pd_zengapay_network_get_type ())
#define PD_TYPE_ZENGAPAY_ACCOUNT (pd_zengapay_account_get_type ())

GType               pd_zengapay_network_get_type             (void) G_GNUC_CONST;
PdZengapayNetwork  *pd_zengapay_network_copy                 (const PdZengapayNetwork  *self);
void                pd_zengapay_network_free                 (PdZengapayNetwork        *self);

GType               pd_zengapay_account_get_type             (void) G_GNUC_CONST;
PdZengapayAccount  *pd_zengapay_account_copy                 (const PdZengapayAccount  *self);
void                pd_zengapay_account_free                 (PdZengapayAccount        *self);

const PdZengapayNetwork *
                    pd_zengapay_network_for_phone            (GPtrArray                *networks,
                                                              const char               *phone,
                                                              char                    **msisdn_out,
                                                              GError                  **error);

#define PD_TYPE_ZENGAPAY_CLIENT (pd_zengapay_client_get_type ())

G_DECLARE_FINAL_TYPE (PdZengapayClient, pd_zengapay_client, PD, ZENGAPAY_CLIENT, GObject)

PdZengapayClient   *pd_zengapay_client_new                   (const char               *base_url,
                                                              const char               *token);
PdProvider         *pd_zengapay_client_new_for_account       (const PdAccount          *account,
                                                              const PdSecretSet        *secrets,
                                                              GError                  **error);

PdHttpClient       *pd_zengapay_client_get_http_client       (PdZengapayClient         *self);
const char         *pd_zengapay_client_get_timezone          (PdZengapayClient         *self);
void                pd_zengapay_client_set_timezone          (PdZengapayClient         *self,
                                                              const char               *timezone);
void                pd_zengapay_client_set_store             (PdZengapayClient         *self,
                                                              PdStore                  *store,
                                                              gint64                    account_id);

PdProviderError     pd_zengapay_error_code                   (guint                     http_status,
                                                              JsonObject               *body);

/* Collections, transfers, airtime and bundles */
void                pd_zengapay_client_get_transaction_async (PdZengapayClient         *self,
                                                              PdZengapayProduct         product,
                                                              const char               *transaction_reference,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
PdTransaction      *pd_zengapay_client_get_transaction_finish (PdZengapayClient        *self,
                                                              GAsyncResult             *result,
                                                              GError                  **error);

/* Networks */
void                pd_zengapay_client_list_networks_async   (PdZengapayClient         *self,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
GPtrArray          *pd_zengapay_client_list_networks_finish  (PdZengapayClient         *self,
                                                              GAsyncResult             *result,
                                                              GError                  **error);
void                pd_zengapay_client_get_network_async     (PdZengapayClient         *self,
                                                              gint64                    network_id,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
PdZengapayNetwork  *pd_zengapay_client_get_network_finish    (PdZengapayClient         *self,
                                                              GAsyncResult             *result,
                                                              GError                  **error);

/* Contacts */
void                pd_zengapay_client_get_contact_async     (PdZengapayClient         *self,
                                                              const char               *contact_id,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
PdCustomer         *pd_zengapay_client_get_contact_finish    (PdZengapayClient         *self,
                                                              GAsyncResult             *result,
                                                              GError                  **error);
void                pd_zengapay_client_create_contact_async  (PdZengapayClient         *self,
                                                              const char               *phone,
                                                              const char               *first_name,
                                                              const char               *last_name,
                                                              const char               *email,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
PdCustomer         *pd_zengapay_client_create_contact_finish (PdZengapayClient         *self,
                                                              GAsyncResult             *result,
                                                              GError                  **error);
void                pd_zengapay_client_update_contact_async  (PdZengapayClient         *self,
                                                              const char               *contact_id,
                                                              const char               *phone,
                                                              const char               *first_name,
                                                              const char               *last_name,
                                                              const char               *email,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
PdCustomer         *pd_zengapay_client_update_contact_finish (PdZengapayClient         *self,
                                                              GAsyncResult             *result,
                                                              GError                  **error);

/* Account and balances */
void                pd_zengapay_client_get_account_async     (PdZengapayClient         *self,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
PdZengapayAccount  *pd_zengapay_client_get_account_finish    (PdZengapayClient         *self,
                                                              GAsyncResult             *result,
                                                              GError                  **error);
void                pd_zengapay_client_get_balances_async    (PdZengapayClient         *self,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
GPtrArray          *pd_zengapay_client_get_balances_finish   (PdZengapayClient         *self,
                                                              GAsyncResult             *result,
                                                              GError                  **error);

/* Account statement */
void                pd_zengapay_client_fetch_statement_async (PdZengapayClient         *self,
                                                              const PdZengapayStatementFilter *filter,
                                                              guint                     page,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
PdPage             *pd_zengapay_client_fetch_statement_finish (PdZengapayClient        *self,
                                                              GAsyncResult             *result,
                                                              guint                    *last_page_out,
                                                              guint                    *total_out,
                                                              GError                  **error);
void                pd_zengapay_client_sync_statement_async  (PdZengapayClient         *self,
                                                              PdStore                  *store,
                                                              gint64                    account_id,
                                                              const PdZengapayStatementFilter *filter,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
PdZengapayStatementSync *
                    pd_zengapay_client_sync_statement_finish (PdZengapayClient         *self,
                                                              GAsyncResult             *result,
                                                              GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdZengapayNetwork, pd_zengapay_network_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdZengapayAccount, pd_zengapay_account_free)

G_END_DECLS

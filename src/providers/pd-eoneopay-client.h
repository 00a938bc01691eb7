/* pd-eoneopay-client.h - the EoneoPay API (Australia, cards and bank accounts)
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
 * PdEoneopayBankAccount:
 * @name: the account holder's name
 * @number: the account number, as text (digits; a leading zero is kept)
 * @branch: the branch (BSB) number, as text
 *
 * A bank account a customer keeps with EoneoPay.
 */
typedef struct
{
  char *name;
  char *number;
  char *branch;
} PdEoneopayBankAccount;

/**
 * PdEoneopayCustomer:
 * @customer: the normalized customer
 * @address: the postal address, line breaks kept, or %NULL
 * @cards: (element-type PdCard): the customer's saved cards, masked
 * @bank_accounts: (element-type PdEoneopayBankAccount): the customer's
 *   bank accounts
 *
 * One EoneoPay customer with everything the provider keeps for it.
 */
typedef struct
{
  PdCustomer *customer;
  char       *address;
  GPtrArray  *cards;
  GPtrArray  *bank_accounts;
} PdEoneopayCustomer;

/**
 * PdEoneopayApiKey:
 * @secret_key: the secret key (`sk_test_…`); wiped when freed
 * @public_key: the public key (`pk_test_…`), or %NULL when not given
 * @permissions: the key's permissions as EoneoPay writes them, or %NULL
 * @active: whether the key can still be used (its status is "1")
 *
 * An API key, as created or as looked up.
 */
typedef struct
{
  char     *secret_key;
  char     *public_key;
  char     *permissions;
  gboolean  active;
} PdEoneopayApiKey;

typedef struct _PdEoneopayCustomerSpec PdEoneopayCustomerSpec;

#define PD_TYPE_EONEOPAY_CLIENT (pd_eoneopay_client_get_type ())

G_DECLARE_FINAL_TYPE (PdEoneopayClient, pd_eoneopay_client, PD, EONEOPAY_CLIENT, GObject)

PdEoneopayClient       *pd_eoneopay_client_new                     (const char                   *base_url,
                                                                    const char                   *api_key);
PdProvider             *pd_eoneopay_client_new_for_account         (const PdAccount              *account,
                                                                    const PdSecretSet            *secrets,
                                                                    GError                      **error);
PdHttpClient           *pd_eoneopay_client_get_http_client         (PdEoneopayClient             *self);
const char             *pd_eoneopay_client_get_timezone            (PdEoneopayClient             *self);
void                    pd_eoneopay_client_set_timezone            (PdEoneopayClient             *self,
                                                                    const char                   *timezone);
void                    pd_eoneopay_client_set_api_key             (PdEoneopayClient             *self,
                                                                    const char                   *api_key);
char                   *pd_eoneopay_client_card_id_for_token       (const char                   *token);

/* API keys (the account's administrator key only) */
void                    pd_eoneopay_client_create_api_key_async    (PdEoneopayClient             *self,
                                                                    GCancellable                 *cancellable,
                                                                    GAsyncReadyCallback           callback,
                                                                    gpointer                      user_data);
PdEoneopayApiKey       *pd_eoneopay_client_create_api_key_finish   (PdEoneopayClient             *self,
                                                                    GAsyncResult                 *result,
                                                                    GError                      **error);
void                    pd_eoneopay_client_get_api_key_async       (PdEoneopayClient             *self,
                                                                    const char                   *api_key,
                                                                    GCancellable                 *cancellable,
                                                                    GAsyncReadyCallback           callback,
                                                                    gpointer                      user_data);
PdEoneopayApiKey       *pd_eoneopay_client_get_api_key_finish      (PdEoneopayClient             *self,
                                                                    GAsyncResult                 *result,
                                                                    GError                      **error);
void                    pd_eoneopay_client_revoke_api_key_async    (PdEoneopayClient             *self,
                                                                    const char                   *api_key,
                                                                    GCancellable                 *cancellable,
                                                                    GAsyncReadyCallback           callback,
                                                                    gpointer                      user_data);
gboolean                pd_eoneopay_client_revoke_api_key_finish   (PdEoneopayClient             *self,
                                                                    GAsyncResult                 *result,
                                                                    GError                      **error);

/* Customers */
void                    pd_eoneopay_client_list_customers_async    (PdEoneopayClient             *self,
                                                                    GCancellable                 *cancellable,
                                                                    GAsyncReadyCallback           callback,
                                                                    gpointer                      user_data);
GPtrArray              *pd_eoneopay_client_list_customers_finish   (PdEoneopayClient             *self,
                                                                    GAsyncResult                 *result,
                                                                    GError                      **error);
void                    pd_eoneopay_client_get_customer_async      (PdEoneopayClient             *self,
                                                                    const char                   *customer_id,
                                                                    GCancellable                 *cancellable,
                                                                    GAsyncReadyCallback           callback,
                                                                    gpointer                      user_data);
PdEoneopayCustomer     *pd_eoneopay_client_get_customer_finish     (PdEoneopayClient             *self,
                                                                    GAsyncResult                 *result,
                                                                    GError                      **error);
void                    pd_eoneopay_client_create_customer_async   (PdEoneopayClient             *self,
                                                                    const PdEoneopayCustomerSpec *spec,
                                                                    GCancellable                 *cancellable,
                                                                    GAsyncReadyCallback           callback,
                                                                    gpointer                      user_data);
PdEoneopayCustomer     *pd_eoneopay_client_create_customer_finish  (PdEoneopayClient             *self,
                                                                    GAsyncResult                 *result,
                                                                    GError                      **error);
void                    pd_eoneopay_client_update_customer_async   (PdEoneopayClient             *self,
                                                                    const char                   *customer_id,
                                                                    const PdEoneopayCustomerSpec *spec,
                                                                    GCancellable                 *cancellable,
                                                                    GAsyncReadyCallback           callback,
                                                                    gpointer                      user_data);
PdEoneopayCustomer     *pd_eoneopay_client_update_customer_finish  (PdEoneopayClient             *self,
                                                                    GAsyncResult                 *result,
                                                                    GError                      **error);
void                    pd_eoneopay_client_delete_customer_async   (PdEoneopayClient             *self,
                                                                    const char                   *customer_id,
                                                                    GCancellable                 *cancellable,
                                                                    GAsyncReadyCallback           callback,
                                                                    gpointer                      user_data);
gboolean                pd_eoneopay_client_delete_customer_finish  (PdEoneopayClient             *self,
                                                                    GAsyncResult                 *result,
                                                                    GError                      **error);

/* What a customer create or update sends */
PdEoneopayCustomerSpec *pd_eoneopay_customer_spec_new              (void);
PdEoneopayCustomerSpec *pd_eoneopay_customer_spec_copy             (const PdEoneopayCustomerSpec *self);
void                    pd_eoneopay_customer_spec_free             (PdEoneopayCustomerSpec       *self);
void                    pd_eoneopay_customer_spec_set_name         (PdEoneopayCustomerSpec       *self,
                                                                    const char                   *name);
void                    pd_eoneopay_customer_spec_set_email        (PdEoneopayCustomerSpec       *self,
                                                                    const char                   *email);
void                    pd_eoneopay_customer_spec_set_address      (PdEoneopayCustomerSpec       *self,
                                                                    const char                   *address);
void                    pd_eoneopay_customer_spec_clear_cards      (PdEoneopayCustomerSpec       *self);
void                    pd_eoneopay_customer_spec_keep_card        (PdEoneopayCustomerSpec       *self,
                                                                    const char                   *card);
void                    pd_eoneopay_customer_spec_add_card         (PdEoneopayCustomerSpec       *self,
                                                                    const char                   *number,
                                                                    const char                   *expiry_date,
                                                                    const char                   *cvv);
void                    pd_eoneopay_customer_spec_clear_bank_accounts (PdEoneopayCustomerSpec    *self);
void                    pd_eoneopay_customer_spec_add_bank_account (PdEoneopayCustomerSpec       *self,
                                                                    const char                   *name,
                                                                    const char                   *number,
                                                                    const char                   *branch);

/* Records */
void                    pd_eoneopay_customer_free                  (PdEoneopayCustomer           *self);
void                    pd_eoneopay_bank_account_free              (PdEoneopayBankAccount        *self);
void                    pd_eoneopay_api_key_free                   (PdEoneopayApiKey             *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdEoneopayCustomerSpec, pd_eoneopay_customer_spec_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdEoneopayCustomer, pd_eoneopay_customer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdEoneopayBankAccount, pd_eoneopay_bank_account_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdEoneopayApiKey, pd_eoneopay_api_key_free)

G_END_DECLS

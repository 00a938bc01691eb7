/* pd-enayapay-client.h - the EnayaPay provider: cards, telecom top-ups and bills, electricity
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
 * PD_ENAYAPAY_DEFAULT_BASE_URL:
 *
 * The base URL the EnayaPay document gives, used when an account names
 * none.
 */
#define PD_ENAYAPAY_DEFAULT_BASE_URL "https://sandbox.enayapay.com/api/v2.1"

/**
 * PdEnayapayNetwork:
 * @PD_ENAYAPAY_NETWORK_ZAIN: Zain Sudan
 * @PD_ENAYAPAY_NETWORK_MTN: MTN Sudan
 * @PD_ENAYAPAY_NETWORK_SUDANI: Sudani
 *
 * The telecom networks EnayaPay pays; each has a payee id for top-ups and
 * one for postpaid bills (pd_enayapay_network_get_payee_id()).
 */
typedef enum
{
  PD_ENAYAPAY_NETWORK_ZAIN,
  PD_ENAYAPAY_NETWORK_MTN,
  PD_ENAYAPAY_NETWORK_SUDANI,
} PdEnayapayNetwork;

/**
 * PdEnayapayInvoice:
 * @phone: the postpaid line, as sent (`0905450785`)
 * @payee_id: the network's bill payee id
 * @contract_number: the contract the invoice belongs to
 * @total_amount: what is due, in SDG
 * @fees: the fees the payment would add (the three fee members together)
 * @inquired_at: when EnayaPay answered, Unix seconds, UTC
 *
 * A telecom invoice, from an inquiry.
 */
typedef struct
{
  char    *phone;
  char    *payee_id;
  char    *contract_number;
  PdMoney  total_amount;
  PdMoney  fees;
  gint64   inquired_at;
} PdEnayapayInvoice;

#define PD_TYPE_ENAYAPAY_CLIENT (pd_enayapay_client_get_type ())

G_DECLARE_FINAL_TYPE (PdEnayapayClient, pd_enayapay_client, PD, ENAYAPAY_CLIENT, GObject)

/**
 * PdEnayapayTokenFunc:
 * @client: the client that received a token
 * @token: the new session token
 * @user_data: the data given with the function
 *
 * Called on the client's main context each time verify or login brings a
 * new token, so that the caller can keep it in the account's keyring item
 * as `token` (see pd_enayapay_client_bind_keyring()). @token is valid
 * during the call only.
 */
typedef void (*PdEnayapayTokenFunc) (PdEnayapayClient *client,
                                     const char       *token,
                                     gpointer          user_data);

GType               pd_enayapay_invoice_get_type               (void) G_GNUC_CONST;
PdEnayapayInvoice  *pd_enayapay_invoice_copy                   (const PdEnayapayInvoice *self);
void                pd_enayapay_invoice_free                   (PdEnayapayInvoice       *self);

const char         *pd_enayapay_network_get_payee_id           (PdEnayapayNetwork        network,
                                                                gboolean                 bill);
gboolean            pd_enayapay_network_from_string            (const char              *text,
                                                                PdEnayapayNetwork       *out);
const char         *pd_enayapay_describe_response_code         (gint64                   response_code);

PdEnayapayClient   *pd_enayapay_client_new                     (const char              *base_url,
                                                                const char              *api_key);
PdProvider         *pd_enayapay_client_new_for_account         (const PdAccount         *account,
                                                                const PdSecretSet       *secrets,
                                                                GError                 **error);

PdHttpClient       *pd_enayapay_client_get_http_client         (PdEnayapayClient        *self);
gboolean            pd_enayapay_client_has_token               (PdEnayapayClient        *self);
void                pd_enayapay_client_set_token               (PdEnayapayClient        *self,
                                                                const char              *token);
void                pd_enayapay_client_set_login               (PdEnayapayClient        *self,
                                                                const char              *phone,
                                                                const char              *password);
const char         *pd_enayapay_client_get_platform            (PdEnayapayClient        *self);
void                pd_enayapay_client_set_platform            (PdEnayapayClient        *self,
                                                                const char              *platform);
void                pd_enayapay_client_set_token_func          (PdEnayapayClient        *self,
                                                                PdEnayapayTokenFunc      func,
                                                                gpointer                 user_data,
                                                                GDestroyNotify           destroy);
void                pd_enayapay_client_bind_keyring            (PdEnayapayClient        *self,
                                                                PdSecrets               *secrets,
                                                                const char              *account_uuid,
                                                                const char              *label);

/* Account set-up */
void                pd_enayapay_client_register_async          (PdEnayapayClient        *self,
                                                                const char              *phone,
                                                                const char              *user_name,
                                                                const char              *password,
                                                                GCancellable            *cancellable,
                                                                GAsyncReadyCallback      callback,
                                                                gpointer                 user_data);
gboolean            pd_enayapay_client_register_finish         (PdEnayapayClient        *self,
                                                                GAsyncResult            *result,
                                                                GError                 **error);
void                pd_enayapay_client_verify_async            (PdEnayapayClient        *self,
                                                                const char              *phone,
                                                                const char              *otp,
                                                                GCancellable            *cancellable,
                                                                GAsyncReadyCallback      callback,
                                                                gpointer                 user_data);
char               *pd_enayapay_client_verify_finish           (PdEnayapayClient        *self,
                                                                GAsyncResult            *result,
                                                                GError                 **error);
void                pd_enayapay_client_login_async             (PdEnayapayClient        *self,
                                                                const char              *phone,
                                                                const char              *password,
                                                                GCancellable            *cancellable,
                                                                GAsyncReadyCallback      callback,
                                                                gpointer                 user_data);
char               *pd_enayapay_client_login_finish            (PdEnayapayClient        *self,
                                                                GAsyncResult            *result,
                                                                GError                 **error);
void                pd_enayapay_client_reset_password_async    (PdEnayapayClient        *self,
                                                                const char              *phone,
                                                                const char              *new_password,
                                                                GCancellable            *cancellable,
                                                                GAsyncReadyCallback      callback,
                                                                gpointer                 user_data);
gboolean            pd_enayapay_client_reset_password_finish   (PdEnayapayClient        *self,
                                                                GAsyncResult            *result,
                                                                GError                 **error);
void                pd_enayapay_client_change_password_async   (PdEnayapayClient        *self,
                                                                const char              *current_password,
                                                                const char              *new_password,
                                                                GCancellable            *cancellable,
                                                                GAsyncReadyCallback      callback,
                                                                gpointer                 user_data);
gboolean            pd_enayapay_client_change_password_finish  (PdEnayapayClient        *self,
                                                                GAsyncResult            *result,
                                                                GError                 **error);

/* Cards */
void                pd_enayapay_client_add_card_async          (PdEnayapayClient        *self,
                                                                const char              *card_number,
                                                                const char              *expiry,
                                                                const char              *label,
                                                                gboolean                 is_default,
                                                                GCancellable            *cancellable,
                                                                GAsyncReadyCallback      callback,
                                                                gpointer                 user_data);
PdCard             *pd_enayapay_client_add_card_finish         (PdEnayapayClient        *self,
                                                                GAsyncResult            *result,
                                                                GError                 **error);
void                pd_enayapay_client_list_cards_async        (PdEnayapayClient        *self,
                                                                GCancellable            *cancellable,
                                                                GAsyncReadyCallback      callback,
                                                                gpointer                 user_data);
GPtrArray          *pd_enayapay_client_list_cards_finish       (PdEnayapayClient        *self,
                                                                GAsyncResult            *result,
                                                                GError                 **error);
void                pd_enayapay_client_get_card_async          (PdEnayapayClient        *self,
                                                                const char              *card_id,
                                                                GCancellable            *cancellable,
                                                                GAsyncReadyCallback      callback,
                                                                gpointer                 user_data);
PdCard             *pd_enayapay_client_get_card_finish         (PdEnayapayClient        *self,
                                                                GAsyncResult            *result,
                                                                GError                 **error);
void                pd_enayapay_client_delete_card_async       (PdEnayapayClient        *self,
                                                                const char              *card_id,
                                                                GCancellable            *cancellable,
                                                                GAsyncReadyCallback      callback,
                                                                gpointer                 user_data);
gboolean            pd_enayapay_client_delete_card_finish      (PdEnayapayClient        *self,
                                                                GAsyncResult            *result,
                                                                GError                 **error);

/* Balance and invoices */
void                pd_enayapay_client_balance_inquiry_async   (PdEnayapayClient        *self,
                                                                const char              *card_number,
                                                                const char              *expiry,
                                                                const char              *ipin,
                                                                GCancellable            *cancellable,
                                                                GAsyncReadyCallback      callback,
                                                                gpointer                 user_data);
PdBalance          *pd_enayapay_client_balance_inquiry_finish  (PdEnayapayClient        *self,
                                                                GAsyncResult            *result,
                                                                GError                 **error);
void                pd_enayapay_client_inquire_bill_async      (PdEnayapayClient        *self,
                                                                const char              *payee_id,
                                                                const char              *phone,
                                                                GCancellable            *cancellable,
                                                                GAsyncReadyCallback      callback,
                                                                gpointer                 user_data);
PdEnayapayInvoice  *pd_enayapay_client_inquire_bill_finish     (PdEnayapayClient        *self,
                                                                GAsyncResult            *result,
                                                                GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdEnayapayInvoice, pd_enayapay_invoice_free)

G_END_DECLS

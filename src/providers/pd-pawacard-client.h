/* pd-pawacard-client.h - the PawaCard provider: Kenya Power tokens, postpaid bills, vendor balance
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
 * PD_PAWACARD_DEFAULT_BASE_URL:
 *
 * PawaCard's production base URL, used when an account names none.
 */
#define PD_PAWACARD_DEFAULT_BASE_URL "https://app.pawacard.co.ke:8586/v3"

/**
 * PD_PAWACARD_THROTTLE_SECONDS:
 *
 * PawaCard sells one token per meter in this many seconds ("1 transaction
 * in 5 minutes from the previous one").
 */
#define PD_PAWACARD_THROTTLE_SECONDS 300

#define PD_PAWACARD_ERROR (pd_pawacard_error_quark ())

/**
 * PdPawacardError:
 * @PD_PAWACARD_ERROR_THROTTLED: the meter had a token less than five
 *   minutes ago; nothing was sold and the same sale may be tried again at
 *   the time pd_pawacard_error_get_retry_at() gives. Not a failure.
 * @PD_PAWACARD_ERROR_INVALID_METER: the meter number is wrong: it fails
 *   the Luhn check, or Kenya Power does not know it
 * @PD_PAWACARD_ERROR_UNKNOWN_ACCOUNT: Kenya Power does not know the
 *   postpaid account number
 *
 * PawaCard refusals that a user must read differently from a failure.
 * Every other refusal is in the %PD_PROVIDER_ERROR domain, with PawaCard's
 * status or code (`102`, `105`, `elec001` …) as the provider code. None of
 * these errors ever moved money.
 */
typedef enum
{
  PD_PAWACARD_ERROR_THROTTLED,
  PD_PAWACARD_ERROR_INVALID_METER,
  PD_PAWACARD_ERROR_UNKNOWN_ACCOUNT,
} PdPawacardError;

/**
 * PdPawacardCustomer:
 * @number: the meter or postpaid account number, as Kenya Power knows it
 * @name: the name Kenya Power has registered for it
 * @balance_due: for a postpaid account, what the customer owes (negative
 *   for a credit); unset for a meter
 *
 * What a meter or account check answers.
 */
typedef struct
{
  char    *number;
  char    *name;
  PdMoney  balance_due;
} PdPawacardCustomer;

#define PD_TYPE_PAWACARD_CLIENT (pd_pawacard_client_get_type ())

G_DECLARE_FINAL_TYPE (PdPawacardClient, pd_pawacard_client, PD, PAWACARD_CLIENT, GObject)

/**
 * PdPawacardSessionKeyFunc:
 * @client: the client that logged in
 * @session_key: the new key
 * @user_data: the data given with the function
 *
 * Called on the client's main context each time the client logs in, with
 * the key PawaCard issued, so that the caller can keep it in the account's
 * keyring item as `session_key` (see pd_pawacard_client_bind_keyring()).
 * @session_key is valid during the call only.
 */
typedef void (*PdPawacardSessionKeyFunc) (PdPawacardClient *client,
                                          const char       *session_key,
                                          gpointer          user_data);

GQuark               pd_pawacard_error_quark                     (void);
GDateTime           *pd_pawacard_error_get_retry_at              (const GError             *error);
const char          *pd_pawacard_error_get_number                (const GError             *error);

GType                pd_pawacard_customer_get_type               (void) G_GNUC_CONST;
PdPawacardCustomer  *pd_pawacard_customer_copy                   (const PdPawacardCustomer *self);
void                 pd_pawacard_customer_free                   (PdPawacardCustomer       *self);

gboolean             pd_pawacard_meter_number_is_valid           (const char               *meter);

PdPawacardClient    *pd_pawacard_client_new                      (const char               *base_url,
                                                                  const char               *username,
                                                                  const char               *password,
                                                                  const char               *session_key);
PdProvider          *pd_pawacard_client_new_for_account          (const PdAccount          *account,
                                                                  const PdSecretSet        *secrets,
                                                                  GError                  **error);

PdHttpClient        *pd_pawacard_client_get_http_client          (PdPawacardClient         *self);
const char          *pd_pawacard_client_get_username             (PdPawacardClient         *self);
gboolean             pd_pawacard_client_has_session_key          (PdPawacardClient         *self);
GDateTime           *pd_pawacard_client_dup_throttle_end         (PdPawacardClient         *self,
                                                                  const char               *meter);
const char          *pd_pawacard_client_get_timezone             (PdPawacardClient         *self);
void                 pd_pawacard_client_set_timezone             (PdPawacardClient         *self,
                                                                  const char               *timezone);
guint                pd_pawacard_client_get_poll_interval        (PdPawacardClient         *self);
void                 pd_pawacard_client_set_poll_interval        (PdPawacardClient         *self,
                                                                  guint                     interval_ms);
void                 pd_pawacard_client_set_session_key_func     (PdPawacardClient         *self,
                                                                  PdPawacardSessionKeyFunc  func,
                                                                  gpointer                  user_data,
                                                                  GDestroyNotify            destroy);
void                 pd_pawacard_client_bind_keyring             (PdPawacardClient         *self,
                                                                  PdSecrets                *secrets,
                                                                  const char               *account_uuid,
                                                                  const char               *label);

void                 pd_pawacard_client_login_async              (PdPawacardClient         *self,
                                                                  GCancellable             *cancellable,
                                                                  GAsyncReadyCallback       callback,
                                                                  gpointer                  user_data);
PdBalance           *pd_pawacard_client_login_finish             (PdPawacardClient         *self,
                                                                  GAsyncResult             *result,
                                                                  GError                  **error);

void                 pd_pawacard_client_get_balance_async        (PdPawacardClient         *self,
                                                                  GCancellable             *cancellable,
                                                                  GAsyncReadyCallback       callback,
                                                                  gpointer                  user_data);
PdBalance           *pd_pawacard_client_get_balance_finish       (PdPawacardClient         *self,
                                                                  GAsyncResult             *result,
                                                                  GError                  **error);

void                 pd_pawacard_client_verify_meter_async       (PdPawacardClient         *self,
                                                                  const char               *meter,
                                                                  GCancellable             *cancellable,
                                                                  GAsyncReadyCallback       callback,
                                                                  gpointer                  user_data);
PdPawacardCustomer  *pd_pawacard_client_verify_meter_finish      (PdPawacardClient         *self,
                                                                  GAsyncResult             *result,
                                                                  GError                  **error);

void                 pd_pawacard_client_verify_account_async     (PdPawacardClient         *self,
                                                                  const char               *account_number,
                                                                  GCancellable             *cancellable,
                                                                  GAsyncReadyCallback       callback,
                                                                  gpointer                  user_data);
PdPawacardCustomer  *pd_pawacard_client_verify_account_finish    (PdPawacardClient         *self,
                                                                  GAsyncResult             *result,
                                                                  GError                  **error);

void                 pd_pawacard_client_get_transaction_async    (PdPawacardClient         *self,
                                                                  const PdTransaction      *transaction,
                                                                  GCancellable             *cancellable,
                                                                  GAsyncReadyCallback       callback,
                                                                  gpointer                  user_data);
PdTransaction       *pd_pawacard_client_get_transaction_finish   (PdPawacardClient         *self,
                                                                  GAsyncResult             *result,
                                                                  GError                  **error);

void                 pd_pawacard_client_follow_transaction_async (PdPawacardClient         *self,
                                                                  const PdTransaction      *transaction,
                                                                  GCancellable             *cancellable,
                                                                  GAsyncReadyCallback       callback,
                                                                  gpointer                  user_data);
PdTransaction       *pd_pawacard_client_follow_transaction_finish (PdPawacardClient        *self,
                                                                  GAsyncResult             *result,
                                                                  GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdPawacardCustomer, pd_pawacard_customer_free)

G_END_DECLS

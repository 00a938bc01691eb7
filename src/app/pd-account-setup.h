/* pd-account-setup.h - checks an account and runs the providers' set-up flows, without GTK
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-records.h"
#include "pd-secrets.h"

G_BEGIN_DECLS

const char   *pd_account_setup_get_default_base_url (const char         *provider);
gboolean      pd_account_setup_check                (const PdAccount    *account,
                                                     const PdSecretSet  *secrets,
                                                     GError            **error);

void          pd_account_setup_test_async           (const PdAccount    *account,
                                                     const PdSecretSet  *secrets,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
gboolean      pd_account_setup_test_finish          (GAsyncResult       *result,
                                                     GError            **error);

void          pd_account_setup_pawacard_login_async (const PdAccount    *account,
                                                     const char         *password,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
PdSecretSet  *pd_account_setup_pawacard_login_finish (GAsyncResult      *result,
                                                      GError           **error);

void          pd_account_setup_enayapay_register_async (const PdAccount    *account,
                                                        const char         *api_key,
                                                        const char         *user_name,
                                                        const char         *password,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
gboolean      pd_account_setup_enayapay_register_finish (GAsyncResult      *result,
                                                         GError           **error);
void          pd_account_setup_enayapay_verify_async (const PdAccount    *account,
                                                      const char         *api_key,
                                                      const char         *otp,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
PdSecretSet  *pd_account_setup_enayapay_verify_finish (GAsyncResult      *result,
                                                       GError           **error);
void          pd_account_setup_enayapay_login_async (const PdAccount    *account,
                                                     const char         *api_key,
                                                     const char         *password,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
PdSecretSet  *pd_account_setup_enayapay_login_finish (GAsyncResult      *result,
                                                      GError           **error);
void          pd_account_setup_enayapay_reset_password_async (const PdAccount    *account,
                                                              const char         *api_key,
                                                              const char         *otp,
                                                              const char         *new_password,
                                                              GCancellable       *cancellable,
                                                              GAsyncReadyCallback callback,
                                                              gpointer            user_data);
PdSecretSet  *pd_account_setup_enayapay_reset_password_finish (GAsyncResult      *result,
                                                               GError           **error);
void          pd_account_setup_enayapay_change_password_async (const PdAccount    *account,
                                                               const char         *api_key,
                                                               const char         *token,
                                                               const char         *current_password,
                                                               const char         *new_password,
                                                               GCancellable       *cancellable,
                                                               GAsyncReadyCallback callback,
                                                               gpointer            user_data);
PdSecretSet  *pd_account_setup_enayapay_change_password_finish (GAsyncResult      *result,
                                                                GError           **error);

G_END_DECLS

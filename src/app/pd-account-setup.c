/* pd-account-setup.c - checks an account and runs the providers' set-up flows, without GTK
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * What the accounts editor asks of a provider goes through here, so that
 * no widget talks HTTP: a connection test through the registry's client
 * (pd_provider_test_async()), PawaCard's log-in, and EnayaPay's register,
 * verify, log-in, password reset and password change. Each call makes a
 * client for the account as the form stands, unsaved; new keys, tokens and
 * passwords come back as a PdSecretSet for the caller to put in the keyring.
 */

#include <glib/gi18n.h>

#include "pd-account-setup.h"
#include "pd-enayapay-client.h"
#include "pd-fayapay-client.h"
#include "pd-pawacard-client.h"
#include "pd-provider-registry.h"
#include "pd-zengapay-client.h"

/**
 * pd_account_setup_get_default_base_url:
 * @provider: a provider name
 *
 * Returns: (nullable): the address a new account of @provider talks to when
 *   the user gives none: the one the provider's document names, or %NULL
 *   when it names none (EoneoPay)
 */
const char *
pd_account_setup_get_default_base_url (const char *provider)
{
  if (g_strcmp0 (provider, "fayapay") == 0)
    return PD_FAYAPAY_DEFAULT_BASE_URL;
  if (g_strcmp0 (provider, "zengapay") == 0)
    return PD_ZENGAPAY_DEFAULT_BASE_URL;
  if (g_strcmp0 (provider, "pawacard") == 0)
    return PD_PAWACARD_DEFAULT_BASE_URL;
  if (g_strcmp0 (provider, "enayapay") == 0)
    return PD_ENAYAPAY_DEFAULT_BASE_URL;

  return NULL;
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

/**
 * pd_account_setup_check:
 * @account: the account, saved or not
 * @secrets: (nullable): its secrets
 * @error: where to put an error
 *
 * Checks, without asking the provider, that @account has what its
 * provider's client needs: the secrets the registry lists, and the user
 * name or address some providers cannot do without.
 *
 * Returns: %TRUE when a client can be made for @account
 */
gboolean
pd_account_setup_check (const PdAccount    *account,
                        const PdSecretSet  *secrets,
                        GError            **error)
{
  g_autoptr(PdProvider) provider = NULL;

  g_return_val_if_fail (account != NULL, FALSE);

  provider = pd_provider_registry_create (account, secrets, error);

  return provider != NULL;
}

/* Connection test */

static void
tested_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!pd_provider_test_finish (PD_PROVIDER (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * pd_account_setup_test_async:
 * @account: the account, saved or not
 * @secrets: (nullable): its secrets
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Makes the provider's client for @account and asks it one cheap,
 * authenticated question. A missing secret fails with the registry's
 * error, a refused key with the provider's own message.
 */
void
pd_account_setup_test_async (const PdAccount     *account,
                             const PdSecretSet   *secrets,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PdProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (account != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_account_setup_test_async);

  provider = pd_provider_registry_create (account, secrets, &error);
  if (provider == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The task keeps the client alive until it answers. */
  g_task_set_task_data (task, g_object_ref (provider), g_object_unref);
  pd_provider_test_async (provider, cancellable, tested_cb, g_steal_pointer (&task));
}

/**
 * pd_account_setup_test_finish:
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * Returns: %TRUE when the provider accepted the account's credentials
 */
gboolean
pd_account_setup_test_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_account_setup_test_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Set-up flows: each keeps what the provider issued in a PdSecretSet. */

typedef struct
{
  GObject     *client;
  PdSecretSet *issued;
  /* For a flow of two calls: what the second one sends. */
  char        *phone;
  PdSecretSet *pending;
} Flow;

static void
flow_free (gpointer data)
{
  Flow *flow = data;

  g_clear_object (&flow->client);
  g_clear_pointer (&flow->issued, pd_secret_set_free);
  g_clear_pointer (&flow->phone, g_free);
  g_clear_pointer (&flow->pending, pd_secret_set_free);
  g_free (flow);
}

static GTask *
flow_task_new (gpointer             client,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Flow *flow = g_new0 (Flow, 1);

  g_task_set_source_tag (task, source_tag);
  if (client != NULL)
    flow->client = g_object_ref (client);
  flow->issued = pd_secret_set_new ();
  g_task_set_task_data (task, flow, flow_free);

  return task;
}

static PdSecretSet *
flow_finish (GAsyncResult  *result,
             gpointer       source_tag,
             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
return_issued (GTask      *task,
               const char *field)
{
  Flow *flow = g_task_get_task_data (task);

  if (pd_secret_set_get (flow->issued, field) == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The provider accepted the log-in but issued no key"));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&flow->issued), (GDestroyNotify)pd_secret_set_free);
}

/* PawaCard */

static void
pawacard_key_cb (PdPawacardClient *client,
                 const char       *session_key,
                 gpointer          user_data)
{
  Flow *flow = user_data;

  pd_secret_set_set (flow->issued, "session_key", session_key);
}

static void
pawacard_logged_in_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PdBalance) balance = NULL;
  g_autoptr(GError) error = NULL;

  balance = pd_pawacard_client_login_finish (PD_PAWACARD_CLIENT (object), result, &error);
  pd_pawacard_client_set_session_key_func (PD_PAWACARD_CLIENT (object), NULL, NULL, NULL);
  if (balance == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  return_issued (task, "session_key");
}

/**
 * pd_account_setup_pawacard_login_async:
 * @account: a PawaCard account; its username is the vendor's
 * @password: the vendor's password
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Logs in to PawaCard, for the key it issues.
 */
void
pd_account_setup_pawacard_login_async (const PdAccount     *account,
                                       const char          *password,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(PdPawacardClient) client = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (account != NULL);

  if (is_blank (account->username) || is_blank (password))
    {
      task = flow_task_new (NULL, pd_account_setup_pawacard_login_async, cancellable, callback, user_data);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Enter the vendor’s username and password to log in to PawaCard"));
      return;
    }

  client = pd_pawacard_client_new (is_blank (account->base_url) ? NULL : account->base_url,
                                   account->username, password, NULL);
  task = flow_task_new (client, pd_account_setup_pawacard_login_async, cancellable, callback, user_data);
  pd_pawacard_client_set_session_key_func (client, pawacard_key_cb, g_task_get_task_data (task), NULL);
  pd_pawacard_client_login_async (client, cancellable, pawacard_logged_in_cb, g_steal_pointer (&task));
}

/**
 * pd_account_setup_pawacard_login_finish:
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * A wrong username or password is %PD_PROVIDER_ERROR_AUTH.
 *
 * Returns: (transfer full): the secrets PawaCard issued (`session_key`),
 *   or %NULL with @error set
 */
PdSecretSet *
pd_account_setup_pawacard_login_finish (GAsyncResult  *result,
                                        GError       **error)
{
  return flow_finish (result, pd_account_setup_pawacard_login_async, error);
}

/* EnayaPay */

static void
enayapay_token_cb (PdEnayapayClient *client,
                   const char       *token,
                   gpointer          user_data)
{
  Flow *flow = user_data;

  pd_secret_set_set (flow->issued, "token", token);
}

static PdEnayapayClient *
enayapay_client_new (const PdAccount  *account,
                     const char       *api_key,
                     GError          **error)
{
  if (is_blank (api_key))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Enter the EnayaPay API key first"));
      return NULL;
    }

  if (is_blank (account->phone))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Enter the phone number EnayaPay knows you by first"));
      return NULL;
    }

  return pd_enayapay_client_new (is_blank (account->base_url) ? NULL : account->base_url, api_key);
}

static void
enayapay_registered_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!pd_enayapay_client_register_finish (PD_ENAYAPAY_CLIENT (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * pd_account_setup_enayapay_register_async:
 * @account: an EnayaPay account; its phone is the user's
 * @api_key: the merchant's API key
 * @user_name: the name to register
 * @password: the password to set
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Registers the account's phone with EnayaPay, which sends a one-time
 * code to it by SMS, for pd_account_setup_enayapay_verify_async().
 */
void
pd_account_setup_enayapay_register_async (const PdAccount     *account,
                                          const char          *api_key,
                                          const char          *user_name,
                                          const char          *password,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(PdEnayapayClient) client = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (account != NULL);

  client = enayapay_client_new (account, api_key, &error);
  task = flow_task_new (client, pd_account_setup_enayapay_register_async, cancellable, callback, user_data);
  if (client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  pd_enayapay_client_register_async (client, account->phone, user_name, password, cancellable,
                                     enayapay_registered_cb, g_steal_pointer (&task));
}

/**
 * pd_account_setup_enayapay_register_finish:
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * Returns: %TRUE when EnayaPay registered the phone and sent a code
 */
gboolean
pd_account_setup_enayapay_register_finish (GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_account_setup_enayapay_register_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
enayapay_token_answer_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *user_name = NULL;
  PdEnayapayClient *client = PD_ENAYAPAY_CLIENT (object);

  if (g_task_get_source_tag (task) == pd_account_setup_enayapay_verify_async)
    user_name = pd_enayapay_client_verify_finish (client, result, &error);
  else
    user_name = pd_enayapay_client_login_finish (client, result, &error);
  pd_enayapay_client_set_token_func (client, NULL, NULL, NULL);

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  return_issued (task, "token");
}

static void
enayapay_token_flow (const PdAccount     *account,
                     const char          *api_key,
                     const char          *otp,
                     const char          *password,
                     gpointer             source_tag,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(PdEnayapayClient) client = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  client = enayapay_client_new (account, api_key, &error);
  task = flow_task_new (client, source_tag, cancellable, callback, user_data);
  if (client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  pd_enayapay_client_set_token_func (client, enayapay_token_cb, g_task_get_task_data (task), NULL);
  if (otp != NULL)
    pd_enayapay_client_verify_async (client, account->phone, otp, cancellable,
                                     enayapay_token_answer_cb, g_steal_pointer (&task));
  else
    pd_enayapay_client_login_async (client, account->phone, password, cancellable,
                                    enayapay_token_answer_cb, g_steal_pointer (&task));
}

/**
 * pd_account_setup_enayapay_verify_async:
 * @account: an EnayaPay account; its phone is the user's
 * @api_key: the merchant's API key
 * @otp: the one-time code EnayaPay sent
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Verifies the registered phone with its code, for a session token.
 */
void
pd_account_setup_enayapay_verify_async (const PdAccount     *account,
                                        const char          *api_key,
                                        const char          *otp,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (account != NULL);
  g_return_if_fail (otp != NULL);

  enayapay_token_flow (account, api_key, otp, NULL, pd_account_setup_enayapay_verify_async,
                       cancellable, callback, user_data);
}

/**
 * pd_account_setup_enayapay_verify_finish:
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * A wrong code is %PD_PROVIDER_ERROR_AUTH.
 *
 * Returns: (transfer full): the secrets EnayaPay issued (`token`), or
 *   %NULL with @error set
 */
PdSecretSet *
pd_account_setup_enayapay_verify_finish (GAsyncResult  *result,
                                         GError       **error)
{
  return flow_finish (result, pd_account_setup_enayapay_verify_async, error);
}

/**
 * pd_account_setup_enayapay_login_async:
 * @account: an EnayaPay account; its phone is the user's
 * @api_key: the merchant's API key
 * @password: the user's password
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Logs in with the verified phone and its password, for a session token.
 */
void
pd_account_setup_enayapay_login_async (const PdAccount     *account,
                                       const char          *api_key,
                                       const char          *password,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (account != NULL);

  enayapay_token_flow (account, api_key, NULL, password != NULL ? password : "",
                       pd_account_setup_enayapay_login_async, cancellable, callback, user_data);
}

/**
 * pd_account_setup_enayapay_login_finish:
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * A wrong password is %PD_PROVIDER_ERROR_AUTH.
 *
 * Returns: (transfer full): the secrets EnayaPay issued (`token`), or
 *   %NULL with @error set
 */
PdSecretSet *
pd_account_setup_enayapay_login_finish (GAsyncResult  *result,
                                        GError       **error)
{
  return flow_finish (result, pd_account_setup_enayapay_login_async, error);
}

/* Passwords */

/* The new password is EnayaPay's now: it joins what was issued. */
static void
enayapay_password_set (GTask *task)
{
  Flow *flow = g_task_get_task_data (task);

  pd_secret_set_set (flow->issued, "password", pd_secret_set_get (flow->pending, "password"));
  g_task_return_pointer (task, g_steal_pointer (&flow->issued), (GDestroyNotify)pd_secret_set_free);
}

static void
enayapay_reset_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  PdEnayapayClient *client = PD_ENAYAPAY_CLIENT (object);

  pd_enayapay_client_set_token_func (client, NULL, NULL, NULL);
  if (!pd_enayapay_client_reset_password_finish (client, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  enayapay_password_set (task);
}

static void
enayapay_reset_verified_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *user_name = NULL;
  PdEnayapayClient *client = PD_ENAYAPAY_CLIENT (object);
  Flow *flow = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  user_name = pd_enayapay_client_verify_finish (client, result, &error);
  if (error != NULL)
    {
      pd_enayapay_client_set_token_func (client, NULL, NULL, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  pd_enayapay_client_reset_password_async (client, flow->phone, pd_secret_set_get (flow->pending, "password"),
                                           cancellable, enayapay_reset_cb, g_steal_pointer (&task));
}

/**
 * pd_account_setup_enayapay_reset_password_async:
 * @account: an EnayaPay account; its phone is the user's
 * @api_key: the merchant's API key
 * @otp: a one-time code EnayaPay sent to the phone
 * @new_password: the password to set
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Sets a forgotten password: the code proves the phone (verify, for a
 * session token of that user), then the password is set with that token.
 */
void
pd_account_setup_enayapay_reset_password_async (const PdAccount     *account,
                                                const char          *api_key,
                                                const char          *otp,
                                                const char          *new_password,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  g_autoptr(PdEnayapayClient) client = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Flow *flow;

  g_return_if_fail (account != NULL);

  client = enayapay_client_new (account, api_key, &error);
  task = flow_task_new (client, pd_account_setup_enayapay_reset_password_async, cancellable, callback, user_data);
  if (client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (is_blank (otp) || is_blank (new_password))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Enter the one-time code EnayaPay sent and the new password first"));
      return;
    }

  flow = g_task_get_task_data (task);
  flow->phone = g_strdup (account->phone);
  flow->pending = pd_secret_set_new ();
  pd_secret_set_set (flow->pending, "password", new_password);

  pd_enayapay_client_set_token_func (client, enayapay_token_cb, flow, NULL);
  pd_enayapay_client_verify_async (client, account->phone, otp, cancellable,
                                   enayapay_reset_verified_cb, g_steal_pointer (&task));
}

/**
 * pd_account_setup_enayapay_reset_password_finish:
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * A wrong code is %PD_PROVIDER_ERROR_AUTH.
 *
 * Returns: (transfer full): the new `password` and the `token` the code
 *   brought, or %NULL with @error set
 */
PdSecretSet *
pd_account_setup_enayapay_reset_password_finish (GAsyncResult  *result,
                                                 GError       **error)
{
  return flow_finish (result, pd_account_setup_enayapay_reset_password_async, error);
}

static void
enayapay_changed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  PdEnayapayClient *client = PD_ENAYAPAY_CLIENT (object);

  pd_enayapay_client_set_token_func (client, NULL, NULL, NULL);
  if (!pd_enayapay_client_change_password_finish (client, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  enayapay_password_set (task);
}

/**
 * pd_account_setup_enayapay_change_password_async:
 * @account: an EnayaPay account; its phone is the user's
 * @api_key: the merchant's API key
 * @token: (nullable): the session token kept for the account
 * @current_password: the password in use
 * @new_password: the password to set
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Changes the password. The session is @token, or, without one or when
 * EnayaPay refuses it, a log-in with @current_password.
 */
void
pd_account_setup_enayapay_change_password_async (const PdAccount     *account,
                                                 const char          *api_key,
                                                 const char          *token,
                                                 const char          *current_password,
                                                 const char          *new_password,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  g_autoptr(PdEnayapayClient) client = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Flow *flow;

  g_return_if_fail (account != NULL);

  client = enayapay_client_new (account, api_key, &error);
  task = flow_task_new (client, pd_account_setup_enayapay_change_password_async, cancellable, callback, user_data);
  if (client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (is_blank (current_password) || is_blank (new_password))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Enter the current EnayaPay password and the new one first"));
      return;
    }

  flow = g_task_get_task_data (task);
  flow->pending = pd_secret_set_new ();
  pd_secret_set_set (flow->pending, "password", new_password);

  pd_enayapay_client_set_token (client, token);
  pd_enayapay_client_set_login (client, account->phone, current_password);
  pd_enayapay_client_set_token_func (client, enayapay_token_cb, flow, NULL);
  pd_enayapay_client_change_password_async (client, current_password, new_password, cancellable,
                                            enayapay_changed_cb, g_steal_pointer (&task));
}

/**
 * pd_account_setup_enayapay_change_password_finish:
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * A wrong current password is %PD_PROVIDER_ERROR_AUTH.
 *
 * Returns: (transfer full): the new `password`, and a `token` when the
 *   client had to log in for one, or %NULL with @error set
 */
PdSecretSet *
pd_account_setup_enayapay_change_password_finish (GAsyncResult  *result,
                                                  GError       **error)
{
  return flow_finish (result, pd_account_setup_enayapay_change_password_async, error);
}

/* pd-secrets.h - account secrets in the system keyring
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * PD_SECRETS_SCHEMA_NAME:
 *
 * The name of the keyring schema of Paydesk's account items. Each item has
 * the attributes `account` (the account's uuid) and `provider` (the
 * provider id); its secret is a JSON object of the account's secret fields.
 */
#define PD_SECRETS_SCHEMA_NAME "io.github.paydesk.Paydesk.Account"

#define PD_SECRETS_ERROR (pd_secrets_error_quark ())

/**
 * PdSecretsError:
 * @PD_SECRETS_ERROR_NO_SERVICE: no Secret Service answers on the session bus
 *   (or there is no session bus at all)
 * @PD_SECRETS_ERROR_LOCKED: the keyring is locked, or has no default
 *   collection, and was not unlocked when asked
 * @PD_SECRETS_ERROR_NOT_FOUND: no secret is saved for the account
 * @PD_SECRETS_ERROR_INVALID: the saved secret cannot be read (it is not a
 *   JSON object of text fields), or the secret given to store is empty or
 *   not valid UTF-8
 * @PD_SECRETS_ERROR_FAILED: any other failure of the keyring
 *
 * Stable error codes of the secrets domain. Every message is a sentence the
 * user can act on. A cancelled operation reports %G_IO_ERROR_CANCELLED
 * instead.
 */
typedef enum
{
  PD_SECRETS_ERROR_NO_SERVICE,
  PD_SECRETS_ERROR_LOCKED,
  PD_SECRETS_ERROR_NOT_FOUND,
  PD_SECRETS_ERROR_INVALID,
  PD_SECRETS_ERROR_FAILED,
} PdSecretsError;

/**
 * PdSecretsStoreFlags:
 * @PD_SECRETS_STORE_NONE: store in the keyring or fail
 * @PD_SECRETS_STORE_SESSION_FALLBACK: when the keyring cannot take the
 *   secret because there is no Secret Service (%PD_SECRETS_ERROR_NO_SERVICE)
 *   or it is locked (%PD_SECRETS_ERROR_LOCKED), keep the secret in the
 *   memory of the #PdSecrets object until it is cleared or the object is
 *   finalized. The store still fails with that error, so that the caller
 *   tells the user the secret will not be remembered.
 *
 * How pd_secrets_store_async() behaves when the keyring is unavailable.
 */
typedef enum
{
  PD_SECRETS_STORE_NONE             = 0,
  PD_SECRETS_STORE_SESSION_FALLBACK = 1 << 0,
} PdSecretsStoreFlags;

/**
 * PdSecretSet:
 *
 * The secrets of one account, by field name (`api_key`, `token`,
 * `password`, `session_key`, `secret_hash`, …). A field name is 1 to 64
 * characters of lower-case ASCII letters, digits and `_`, starting with a
 * letter. A value is any text; a store refuses one that is not UTF-8.
 * Values are wiped from memory when they are replaced or removed, or the
 * set is freed.
 */
typedef struct _PdSecretSet PdSecretSet;

#define PD_TYPE_SECRET_SET (pd_secret_set_get_type ())

GType         pd_secret_set_get_type       (void) G_GNUC_CONST;
PdSecretSet  *pd_secret_set_new            (void);
PdSecretSet  *pd_secret_set_copy           (const PdSecretSet *set);
void          pd_secret_set_free           (PdSecretSet       *set);
gboolean      pd_secret_set_is_valid_field (const char        *field);
void          pd_secret_set_set            (PdSecretSet       *set,
                                            const char        *field,
                                            const char        *value);
const char   *pd_secret_set_get            (const PdSecretSet *set,
                                            const char        *field);
gboolean      pd_secret_set_remove         (PdSecretSet       *set,
                                            const char        *field);
guint         pd_secret_set_get_size       (const PdSecretSet *set);
char        **pd_secret_set_dup_fields     (const PdSecretSet *set);
gboolean      pd_secret_set_equal          (const PdSecretSet *a,
                                            const PdSecretSet *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSecretSet, pd_secret_set_free)

/**
 * PdSecretText:
 *
 * A string holding a secret for one request (a full card number, an IPIN,
 * a password typed at a prompt): with g_auto(), it is overwritten before
 * its memory is freed, as pd_secret_text_free() does.
 */
typedef char *PdSecretText;

void          pd_secret_text_free          (gpointer           text);

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (PdSecretText, pd_secret_text_free, NULL)

/**
 * PdSecrets:
 *
 * Saves, reads and removes the secrets of accounts in the user's keyring
 * (the Secret Service on the session bus), one item per account, as the
 * "Keyring schema" contract of HACKING.md describes.
 *
 * Secrets are never written to a file or logged. When the keyring cannot
 * take them, a store with %PD_SECRETS_STORE_SESSION_FALLBACK keeps them in
 * this object's memory instead, until they are cleared or the object is
 * finalized; #PdSecrets:session-only says when that is the case.
 */
#define PD_TYPE_SECRETS (pd_secrets_get_type ())

G_DECLARE_FINAL_TYPE (PdSecrets, pd_secrets, PD, SECRETS, GObject)

GQuark        pd_secrets_error_quark          (void);

PdSecrets    *pd_secrets_new                  (void);
gboolean      pd_secrets_get_session_only     (PdSecrets            *self);
gboolean      pd_secrets_has_session_secrets  (PdSecrets            *self,
                                               const char           *account_uuid);

void          pd_secrets_store_async          (PdSecrets            *self,
                                               const char           *account_uuid,
                                               const char           *provider,
                                               const char           *label,
                                               const PdSecretSet    *secrets,
                                               PdSecretsStoreFlags   flags,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean      pd_secrets_store_finish         (PdSecrets            *self,
                                               GAsyncResult         *result,
                                               GError              **error);
gboolean      pd_secrets_store_sync           (PdSecrets            *self,
                                               const char           *account_uuid,
                                               const char           *provider,
                                               const char           *label,
                                               const PdSecretSet    *secrets,
                                               PdSecretsStoreFlags   flags,
                                               GCancellable         *cancellable,
                                               GError              **error);

void          pd_secrets_lookup_async         (PdSecrets            *self,
                                               const char           *account_uuid,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
PdSecretSet  *pd_secrets_lookup_finish        (PdSecrets            *self,
                                               GAsyncResult         *result,
                                               GError              **error);
PdSecretSet  *pd_secrets_lookup_sync          (PdSecrets            *self,
                                               const char           *account_uuid,
                                               GCancellable         *cancellable,
                                               GError              **error);

void          pd_secrets_clear_async          (PdSecrets            *self,
                                               const char           *account_uuid,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean      pd_secrets_clear_finish         (PdSecrets            *self,
                                               GAsyncResult         *result,
                                               GError              **error);
gboolean      pd_secrets_clear_sync           (PdSecrets            *self,
                                               const char           *account_uuid,
                                               GCancellable         *cancellable,
                                               GError              **error);

G_END_DECLS

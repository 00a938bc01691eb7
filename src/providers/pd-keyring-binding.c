/* pd-keyring-binding.c - keeping a login's renewed session in an account's keyring item
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-keyring-binding.h"

struct _PdKeyringBinding
{
  PdSecrets *secrets;
  char      *account_uuid;
  char      *provider;
  char      *label;
};

/**
 * pd_keyring_binding_new:
 * @secrets: the keyring
 * @account_uuid: the account's uuid
 * @provider: the account's provider id (`pawacard`, `enayapay`)
 * @label: (nullable): the account's label, for the keyring item
 *
 * Returns: (transfer full): a binding, freed with pd_keyring_binding_free()
 */
PdKeyringBinding *
pd_keyring_binding_new (PdSecrets  *secrets,
                        const char *account_uuid,
                        const char *provider,
                        const char *label)
{
  PdKeyringBinding *self;

  g_return_val_if_fail (PD_IS_SECRETS (secrets), NULL);
  g_return_val_if_fail (account_uuid != NULL, NULL);
  g_return_val_if_fail (provider != NULL, NULL);

  self = g_new0 (PdKeyringBinding, 1);
  self->secrets = g_object_ref (secrets);
  self->account_uuid = g_strdup (account_uuid);
  self->provider = g_strdup (provider);
  self->label = g_strdup (label != NULL ? label : "");

  return self;
}

/**
 * pd_keyring_binding_free:
 * @self: (nullable): a binding
 */
void
pd_keyring_binding_free (PdKeyringBinding *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->secrets);
  g_free (self->account_uuid);
  g_free (self->provider);
  g_free (self->label);
  g_free (self);
}

static void
on_stored (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autofree char *provider = user_data;
  g_autoptr(GError) error = NULL;

  /* Kept for the session instead (the store's fallback): nothing is lost
   * but a login at the next start. */
  if (!pd_secrets_store_finish (PD_SECRETS (object), result, &error))
    g_debug ("%s: the renewed session was not saved in the keyring: %s", provider, error->message);
}

/**
 * pd_keyring_binding_store:
 * @self: a binding
 * @secrets: all the account's secrets, the new value among them
 *
 * Writes @secrets as the account's keyring item, in the background.
 */
void
pd_keyring_binding_store (PdKeyringBinding  *self,
                          const PdSecretSet *secrets)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (secrets != NULL);

  pd_secrets_store_async (self->secrets, self->account_uuid, self->provider, self->label, secrets,
                          PD_SECRETS_STORE_SESSION_FALLBACK, NULL, on_stored, g_strdup (self->provider));
}

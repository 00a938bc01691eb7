/* pd-provider-registry.c - the provider client for an account
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>

#include "pd-provider-registry.h"

#include "pd-enayapay-client.h"
#include "pd-eoneopay-client.h"
#include "pd-fayapay-client.h"
#include "pd-pawacard-client.h"
#include "pd-zengapay-client.h"

G_DEFINE_QUARK (pd-provider-registry-error-quark, pd_provider_registry_error)

typedef struct
{
  const char           *provider;
  const char * const   *secret_fields;
  PdProviderCreateFunc  create;
} ProviderEntry;

/* One entry per provider with a client: its name as in PdAccount.provider,
 * the secret fields it cannot work without (HACKING.md, "Keyring schema"),
 * and its constructor. */
static const ProviderEntry providers[] = {
  { "fayapay", (const char * const[]) { "api_key", NULL }, pd_fayapay_client_new_for_account },
  { "eoneopay", (const char * const[]) { "api_key", NULL }, pd_eoneopay_client_new_for_account },
  { "zengapay", (const char * const[]) { "token", NULL }, pd_zengapay_client_new_for_account },
  { "pawacard", (const char * const[]) { "password", NULL }, pd_pawacard_client_new_for_account },
  { "enayapay", (const char * const[]) { "api_key", NULL }, pd_enayapay_client_new_for_account },
};

static const ProviderEntry *
find_entry (const char *provider)
{
  if (provider == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    if (g_str_equal (providers[i].provider, provider))
      return &providers[i];

  return NULL;
}

/* What a secret field is called in a sentence. */
static const char *
describe_field (const char *field)
{
  static const struct
  {
    const char *field;
    const char *label;
  } labels[] = {
    { "api_key", N_("API key") },
    { "token", N_("access token") },
    { "password", N_("password") },
    { "session_key", N_("session key") },
    { "secret_hash", N_("secret hash") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].field, field))
      return _(labels[i].label);

  return field;
}

/**
 * pd_provider_registry_is_supported:
 * @provider: (nullable): a provider name, as in #PdAccount.provider
 *
 * Returns: whether Paydesk has a client for @provider
 */
gboolean
pd_provider_registry_is_supported (const char *provider)
{
  return find_entry (provider) != NULL;
}

/**
 * pd_provider_registry_get_secret_fields:
 * @provider: a provider name
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the secret
 *   fields an account of @provider needs (`api_key`, …), or %NULL when
 *   there is no client for @provider
 */
const char * const *
pd_provider_registry_get_secret_fields (const char *provider)
{
  const ProviderEntry *entry = find_entry (provider);

  return entry != NULL ? entry->secret_fields : NULL;
}

/**
 * pd_provider_registry_create:
 * @account: the account to connect
 * @secrets: (nullable): the account's secrets, from the keyring
 * @error: where to put an error
 *
 * Makes the provider client for @account. Fails with
 * %PD_PROVIDER_REGISTRY_ERROR_UNKNOWN_PROVIDER when Paydesk has no client
 * for the account's provider, and with
 * %PD_PROVIDER_REGISTRY_ERROR_MISSING_SECRET, naming the field, when
 * @secrets lacks one the provider needs.
 *
 * Returns: (transfer full): the client, or %NULL with @error set
 */
PdProvider *
pd_provider_registry_create (const PdAccount    *account,
                             const PdSecretSet  *secrets,
                             GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  const ProviderEntry *entry;
  const char *name;
  PdProvider *provider;

  g_return_val_if_fail (account != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  entry = find_entry (account->provider);
  if (entry == NULL)
    {
      if (pd_provider_is_known (account->provider))
        g_set_error (error, PD_PROVIDER_REGISTRY_ERROR, PD_PROVIDER_REGISTRY_ERROR_UNKNOWN_PROVIDER,
                     _("Paydesk cannot connect to %s accounts yet"),
                     pd_provider_get_display_name (account->provider));
      else
        g_set_error (error, PD_PROVIDER_REGISTRY_ERROR, PD_PROVIDER_REGISTRY_ERROR_UNKNOWN_PROVIDER,
                     _("“%s” is not a payment provider Paydesk knows"),
                     account->provider != NULL ? account->provider : "");
      return NULL;
    }

  name = pd_provider_get_display_name (entry->provider);

  for (guint i = 0; entry->secret_fields[i] != NULL; i++)
    {
      const char *field = entry->secret_fields[i];
      const char *value = secrets != NULL ? pd_secret_set_get (secrets, field) : NULL;

      if (value != NULL && *value != '\0')
        continue;

      if (account->label != NULL && *account->label != '\0')
        {
          /* Translators: e.g. "The FayaPay account “Osu shop” has no API key
           * saved (secret field “api_key”)." */
          g_set_error (error, PD_PROVIDER_REGISTRY_ERROR, PD_PROVIDER_REGISTRY_ERROR_MISSING_SECRET,
                       _("The %s account “%s” has no %s saved (secret field “%s”). "
                         "Enter it in the account’s settings."),
                       name, account->label, describe_field (field), field);
        }
      else
        {
          g_set_error (error, PD_PROVIDER_REGISTRY_ERROR, PD_PROVIDER_REGISTRY_ERROR_MISSING_SECRET,
                       _("The %s account has no %s saved (secret field “%s”). "
                         "Enter it in the account’s settings."),
                       name, describe_field (field), field);
        }
      return NULL;
    }

  provider = entry->create (account, secrets, &local_error);
  if (provider == NULL)
    {
      g_set_error (error, PD_PROVIDER_REGISTRY_ERROR, PD_PROVIDER_REGISTRY_ERROR_FAILED,
                   _("Could not connect the %s account: %s"), name,
                   local_error != NULL ? local_error->message : _("unknown error"));
      return NULL;
    }

  return provider;
}

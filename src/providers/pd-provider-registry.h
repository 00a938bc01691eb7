/* pd-provider-registry.h - the provider client for an account
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-provider.h"
#include "pd-records.h"
#include "pd-secrets.h"

G_BEGIN_DECLS

#define PD_PROVIDER_REGISTRY_ERROR (pd_provider_registry_error_quark ())

/**
 * PdProviderRegistryError:
 * @PD_PROVIDER_REGISTRY_ERROR_UNKNOWN_PROVIDER: the account's provider is
 *   not one Paydesk has a client for
 * @PD_PROVIDER_REGISTRY_ERROR_MISSING_SECRET: a secret the provider needs
 *   is not in the account's secret set; the message names the field
 * @PD_PROVIDER_REGISTRY_ERROR_FAILED: the client could not be made
 *
 * Stable error codes of the registry domain.
 */
typedef enum
{
  PD_PROVIDER_REGISTRY_ERROR_UNKNOWN_PROVIDER,
  PD_PROVIDER_REGISTRY_ERROR_MISSING_SECRET,
  PD_PROVIDER_REGISTRY_ERROR_FAILED,
} PdProviderRegistryError;

/**
 * PdProviderCreateFunc:
 * @account: the account
 * @secrets: its secrets, holding every field the registry entry lists
 * @error: where to put an error
 *
 * Makes a provider client for @account: its base URL (or the provider's
 * production one when it has none), its time zone and its credentials.
 *
 * Returns: (transfer full): the client, or %NULL with @error set
 */
typedef PdProvider *(*PdProviderCreateFunc) (const PdAccount    *account,
                                             const PdSecretSet  *secrets,
                                             GError            **error);

GQuark               pd_provider_registry_error_quark      (void);

gboolean             pd_provider_registry_is_supported     (const char         *provider);
const char * const  *pd_provider_registry_get_secret_fields (const char        *provider);
PdProvider          *pd_provider_registry_create           (const PdAccount    *account,
                                                            const PdSecretSet  *secrets,
                                                            GError            **error);

G_END_DECLS

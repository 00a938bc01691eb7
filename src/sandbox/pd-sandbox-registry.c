/* pd-sandbox-registry.c - the provider simulators built into the sandbox
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-sandbox-private.h"

/* Generated from `sandbox_providers` in meson.build: one
 * PD_SANDBOX_PROVIDER (name) per simulator file pd-NAME-sandbox.c. */
#include "pd-sandbox-providers.h"

#define PD_SANDBOX_PROVIDER(name) extern const PdSandboxProviderInfo pd_##name##_sandbox_info;
PD_SANDBOX_PROVIDER_LIST
#undef PD_SANDBOX_PROVIDER

#define PD_SANDBOX_PROVIDER(name) &pd_##name##_sandbox_info,
const PdSandboxProviderInfo * const pd_sandbox_provider_infos[] = {
  PD_SANDBOX_PROVIDER_LIST
  NULL
};
#undef PD_SANDBOX_PROVIDER

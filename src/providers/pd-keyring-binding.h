/* pd-keyring-binding.h - keeping a login's renewed session in an account's keyring item
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-secrets.h"

G_BEGIN_DECLS

/**
 * PdKeyringBinding:
 *
 * Where a client that logs in by itself (PawaCard's session key,
 * EnayaPay's token) keeps what each login brings: the account's keyring
 * item, written again with the new value beside the account's other
 * secrets. When no keyring can take it, the value is kept for the session
 * only, and the next start logs in again.
 */
typedef struct _PdKeyringBinding PdKeyringBinding;

PdKeyringBinding *pd_keyring_binding_new   (PdSecrets         *secrets,
                                            const char        *account_uuid,
                                            const char        *provider,
                                            const char        *label);
void              pd_keyring_binding_free  (PdKeyringBinding  *self);
void              pd_keyring_binding_store (PdKeyringBinding  *self,
                                            const PdSecretSet *secrets);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdKeyringBinding, pd_keyring_binding_free)

G_END_DECLS

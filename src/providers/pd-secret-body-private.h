/* pd-secret-body-private.h - JSON request bodies whose memory is wiped after use
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PdSecretBody PdSecretBody;

PdSecretBody *pd_secret_body_new           (void);
void          pd_secret_body_free          (PdSecretBody *self);
void          pd_secret_body_add_string    (PdSecretBody *self,
                                            const char   *name,
                                            const char   *value);
void          pd_secret_body_add_literal   (PdSecretBody *self,
                                            const char   *name,
                                            const char   *literal);
GBytes       *pd_secret_body_free_to_bytes (PdSecretBody *self);


G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSecretBody, pd_secret_body_free)

G_END_DECLS

/* pd-sandbox-replay.h - answers kept by idempotency key
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PD_SANDBOX_REPLAY_MISS,
  PD_SANDBOX_REPLAY_HIT,
  PD_SANDBOX_REPLAY_CONFLICT,
} PdSandboxReplayResult;

typedef struct _PdSandboxReplay PdSandboxReplay;

PdSandboxReplay       *pd_sandbox_replay_new    (void);
void                   pd_sandbox_replay_free   (PdSandboxReplay  *self);
PdSandboxReplayResult  pd_sandbox_replay_lookup (PdSandboxReplay  *self,
                                                 const char       *key,
                                                 const char       *fingerprint,
                                                 guint            *status,
                                                 const char      **content_type,
                                                 GBytes          **body);
void                   pd_sandbox_replay_store  (PdSandboxReplay  *self,
                                                 const char       *key,
                                                 const char       *fingerprint,
                                                 guint             status,
                                                 const char       *content_type,
                                                 GBytes           *body);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSandboxReplay, pd_sandbox_replay_free)

G_END_DECLS

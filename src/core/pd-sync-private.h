/* pd-sync-private.h - what tests may see of a PdSync
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-sync.h"

G_BEGIN_DECLS

/* The sync's own connection, or NULL before its first run opened it. */
PdStore *pd_sync_get_writer (PdSync *self);

G_END_DECLS

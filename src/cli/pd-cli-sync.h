/* pd-cli-sync.h - paydesk-cli's synchronization of one account
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-cli-output.h"
#include "pd-cli.h"

G_BEGIN_DECLS

PdCliTable *pd_cli_sync_table_new (void);
gboolean    pd_cli_sync_account   (PdCli            *cli,
                                   const PdAccount  *account,
                                   const char       *resource,
                                   PdCliTable       *table,
                                   GError          **failure);

G_END_DECLS

/* pd-cli-records.h - how paydesk-cli writes each kind of record
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-cli-output.h"
#include "pd-records.h"

G_BEGIN_DECLS

/* The stable field names of each kind of record, in JSON and CSV. */
PdCliTable *pd_cli_transactions_table_new   (const char             *name);
void        pd_cli_add_transaction          (PdCliTable             *table,
                                             const PdTransaction    *transaction,
                                             GHashTable             *accounts);
PdCliTable *pd_cli_outbox_table_new         (const char             *name);
void        pd_cli_add_outbox_entry         (PdCliTable             *table,
                                             const PdOutboxEntry    *entry,
                                             GHashTable             *accounts);
void        pd_cli_set_account              (PdCliTable             *table,
                                             gint64                  account_id,
                                             GHashTable             *accounts);

G_END_DECLS

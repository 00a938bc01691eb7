/* pd-sandbox-ledger.h - every money movement the sandbox applied
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pd-json.h"
#include "pd-money.h"

G_BEGIN_DECLS

typedef struct _PdSandboxLedger PdSandboxLedger;

typedef struct
{
  const char *provider;
  const char *operation;
  const char *target;
  const char *id;
  const char *reference;
  const char *idempotency_key;
  PdMoney     amount;
  gint64      at;
} PdSandboxLedgerEntry;

PdSandboxLedger *pd_sandbox_ledger_new     (void);
void             pd_sandbox_ledger_free    (PdSandboxLedger            *self);
guint64          pd_sandbox_ledger_append  (PdSandboxLedger            *self,
                                            const PdSandboxLedgerEntry *entry);
void             pd_sandbox_ledger_clear   (PdSandboxLedger            *self);
guint            pd_sandbox_ledger_get_length (PdSandboxLedger         *self);
void             pd_sandbox_ledger_write   (PdSandboxLedger            *self,
                                            const char                 *provider,
                                            PdJsonWriter               *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSandboxLedger, pd_sandbox_ledger_free)

G_END_DECLS

/* pd-sandbox-private.h - the sandbox as a whole, for main and the control API
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "pd-sandbox.h"
#include "pd-sandbox-clock.h"
#include "pd-sandbox-faults.h"
#include "pd-sandbox-ledger.h"

G_BEGIN_DECLS

struct _PdSandbox
{
  PdSandboxClock  *clock;
  PdSandboxLedger *ledger;
  PdSandboxFaults *faults;
  GPtrArray       *providers;
  SoupServer      *control;
  char            *control_url;
  guint64          seed;
  guint            records;
  gboolean         verbose;
};

/* The registered providers, NULL-terminated, in the order of
 * src/sandbox/meson.build. */
extern const PdSandboxProviderInfo * const pd_sandbox_provider_infos[];

PdSandbox *pd_sandbox_new             (guint64      seed,
                                       guint        records,
                                       gint64       start,
                                       gboolean     verbose);
void       pd_sandbox_free            (PdSandbox   *self);
gboolean   pd_sandbox_listen          (PdSandbox   *self,
                                       guint        port,
                                       GError     **error);
char      *pd_sandbox_describe        (PdSandbox   *self);
gboolean   pd_sandbox_has_provider    (PdSandbox   *self,
                                       const char  *name);

void       pd_sandbox_control_attach  (PdSandbox   *self,
                                       SoupServer  *server);

void       pd_sandbox_answer_message  (SoupServerMessage *msg,
                                       guint              status,
                                       PdJsonWriter      *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSandbox, pd_sandbox_free)

G_END_DECLS

/* pd-outbox-private.h - the outbox's own queries of the store
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-outbox.h"

G_BEGIN_DECLS

/* The provider id of the local row an entry shows as until the provider
 * has answered: PD_OUTBOX_PLACEHOLDER_PREFIX and the idempotency key. */
#define PD_OUTBOX_PLACEHOLDER_PREFIX "paydesk:"

/* Makes the audit line of an entry once it has its id. */
typedef PdActivity *(*PdOutboxActivityFunc) (const PdOutboxEntry *entry);

/* pd-store-outbox.c: each runs in one database transaction. */
gboolean pd_store_outbox_submit             (PdStore               *self,
                                             PdOutboxEntry         *entry,
                                             PdOutboxActivityFunc   activity_func,
                                             PdOutboxEntry        **existing_out,
                                             GError               **error);
gboolean pd_store_outbox_move               (PdStore               *self,
                                             const PdOutboxEntry   *entry,
                                             guint                  from_states,
                                             PdActivity            *activity,
                                             gboolean              *moved_out,
                                             GError               **error);
gboolean pd_store_outbox_adopt_transaction  (PdStore               *self,
                                             gint64                 account_id,
                                             gint64                 placeholder_id,
                                             PdTransactionKind      kind,
                                             const char            *provider_id,
                                             GError               **error);
gboolean pd_store_outbox_list_pending       (PdStore               *self,
                                             gint64                 account_id,
                                             GPtrArray            **out,
                                             GError               **error);

G_END_DECLS

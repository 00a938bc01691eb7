/* pd-provider.h - the interface every payment provider client implements
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-operation.h"
#include "pd-page.h"
#include "pd-provider-error.h"
#include "pd-records.h"

G_BEGIN_DECLS

/**
 * PdProviderViews:
 * @PD_PROVIDER_VIEW_CUSTOMERS: feeds the Customers view
 * @PD_PROVIDER_VIEW_CHARGES: feeds the Charges view
 * @PD_PROVIDER_VIEW_REFUNDS: feeds the Refunds view
 * @PD_PROVIDER_VIEW_DISBURSEMENTS: feeds the Disbursements view
 * @PD_PROVIDER_VIEW_CARDS: feeds the Cards view
 * @PD_PROVIDER_VIEW_STATEMENTS: has a statement of its own
 * @PD_PROVIDER_VIEW_BALANCES: reports balances
 *
 * Which views a provider's records appear in (DESIGN.md, capability matrix).
 */
typedef enum
{
  PD_PROVIDER_VIEW_CUSTOMERS     = 1 << 0,
  PD_PROVIDER_VIEW_CHARGES       = 1 << 1,
  PD_PROVIDER_VIEW_REFUNDS       = 1 << 2,
  PD_PROVIDER_VIEW_DISBURSEMENTS = 1 << 3,
  PD_PROVIDER_VIEW_CARDS         = 1 << 4,
  PD_PROVIDER_VIEW_STATEMENTS    = 1 << 5,
  PD_PROVIDER_VIEW_BALANCES      = 1 << 6,
} PdProviderViews;

/**
 * PdReconcileMethod:
 * @PD_RECONCILE_NONE: the provider can neither look the operation up nor
 *   replay it safely: an unknown outcome waits for a person to check with
 *   the provider, and is never sent again on its own
 * @PD_RECONCILE_LOOKUP: the provider can look the operation up by its
 *   reference (pd_provider_lookup_async())
 * @PD_RECONCILE_REPLAY: the provider honours an idempotency key, so sending
 *   the same request with the same key again returns the first answer and
 *   moves no money twice
 *
 * How an outbox entry whose outcome is unknown is settled.
 */
typedef enum
{
  PD_RECONCILE_NONE,
  PD_RECONCILE_LOOKUP,
  PD_RECONCILE_REPLAY,
} PdReconcileMethod;

#define PD_TYPE_PROVIDER (pd_provider_get_type ())

G_DECLARE_INTERFACE (PdProvider, pd_provider, PD, PROVIDER, GObject)

/**
 * PdProviderInterface:
 * @get_views: which views the provider feeds
 * @get_operations: which #PdOperationKind it can perform, as
 *   PD_OPERATION_BIT() bits
 * @get_reconcile_method: how an unknown outcome of @kind is settled
 * @get_resources: the resources a sync walks, in order (%NULL-terminated)
 * @fetch_page_async: fetch the page of @resource that starts at @cursor
 *   (%NULL: the first page)
 * @perform_async: send an operation once; the caller (the outbox) has
 *   written it down before
 * @lookup_async: find what an operation that was sent did, by its
 *   reference; fails with %PD_PROVIDER_ERROR_NOT_FOUND when the provider has
 *   no trace of it
 * @test_async: make one cheap authenticated request to check the account
 *
 * The contract between the sync engine and the outbox (in core) and the
 * provider clients (in src/providers). Every call is asynchronous and
 * cancellable; records come back normalized.
 */
struct _PdProviderInterface
{
  GTypeInterface parent_iface;

  PdProviderViews      (*get_views)            (PdProvider           *self);
  guint                (*get_operations)       (PdProvider           *self);
  PdReconcileMethod    (*get_reconcile_method) (PdProvider           *self,
                                                PdOperationKind       kind);
  const char * const * (*get_resources)        (PdProvider           *self);

  void                 (*fetch_page_async)     (PdProvider           *self,
                                                const char           *resource,
                                                const char           *cursor,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
  PdPage *             (*fetch_page_finish)    (PdProvider           *self,
                                                GAsyncResult         *result,
                                                GError              **error);

  void                 (*perform_async)        (PdProvider           *self,
                                                const PdOperation    *operation,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
  PdOperationResult *  (*perform_finish)       (PdProvider           *self,
                                                GAsyncResult         *result,
                                                GError              **error);

  void                 (*lookup_async)         (PdProvider           *self,
                                                const PdOperation    *operation,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
  PdOperationResult *  (*lookup_finish)        (PdProvider           *self,
                                                GAsyncResult         *result,
                                                GError              **error);

  void                 (*test_async)           (PdProvider           *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
  gboolean             (*test_finish)          (PdProvider           *self,
                                                GAsyncResult         *result,
                                                GError              **error);
};

PdProviderViews      pd_provider_get_views            (PdProvider           *self);
guint                pd_provider_get_operations       (PdProvider           *self);
gboolean             pd_provider_can_perform          (PdProvider           *self,
                                                       PdOperationKind       kind);
PdReconcileMethod    pd_provider_get_reconcile_method (PdProvider           *self,
                                                       PdOperationKind       kind);
const char * const * pd_provider_get_resources        (PdProvider           *self);

void                 pd_provider_fetch_page_async     (PdProvider           *self,
                                                       const char           *resource,
                                                       const char           *cursor,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
PdPage              *pd_provider_fetch_page_finish    (PdProvider           *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

void                 pd_provider_perform_async        (PdProvider           *self,
                                                       const PdOperation    *operation,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
PdOperationResult   *pd_provider_perform_finish       (PdProvider           *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

void                 pd_provider_lookup_async         (PdProvider           *self,
                                                       const PdOperation    *operation,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
PdOperationResult   *pd_provider_lookup_finish        (PdProvider           *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

void                 pd_provider_test_async           (PdProvider           *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean             pd_provider_test_finish          (PdProvider           *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

G_END_DECLS

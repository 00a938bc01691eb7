/* pd-provider.c - the interface every payment provider client implements
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-provider.h"

G_DEFINE_INTERFACE (PdProvider, pd_provider, G_TYPE_OBJECT)

static void
pd_provider_default_init (PdProviderInterface *iface)
{
}

/**
 * pd_provider_get_views:
 * @self: a #PdProvider
 *
 * Returns: the views the provider's records appear in
 */
PdProviderViews
pd_provider_get_views (PdProvider *self)
{
  g_return_val_if_fail (PD_IS_PROVIDER (self), 0);

  return PD_PROVIDER_GET_IFACE (self)->get_views (self);
}

/**
 * pd_provider_get_operations:
 * @self: a #PdProvider
 *
 * Returns: the operations the provider can perform, as PD_OPERATION_BIT() bits
 */
guint
pd_provider_get_operations (PdProvider *self)
{
  g_return_val_if_fail (PD_IS_PROVIDER (self), 0);

  return PD_PROVIDER_GET_IFACE (self)->get_operations (self);
}

/**
 * pd_provider_can_perform:
 * @self: a #PdProvider
 * @kind: an operation kind
 *
 * Returns: whether the provider can perform @kind
 */
gboolean
pd_provider_can_perform (PdProvider      *self,
                         PdOperationKind  kind)
{
  g_return_val_if_fail (PD_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (kind < PD_OPERATION_KIND_COUNT, FALSE);

  return (pd_provider_get_operations (self) & PD_OPERATION_BIT (kind)) != 0;
}

/**
 * pd_provider_get_reconcile_method:
 * @self: a #PdProvider
 * @kind: an operation kind the provider can perform
 *
 * Returns: how an operation of @kind whose outcome is unknown is settled
 */
PdReconcileMethod
pd_provider_get_reconcile_method (PdProvider      *self,
                                  PdOperationKind  kind)
{
  g_return_val_if_fail (PD_IS_PROVIDER (self), PD_RECONCILE_NONE);

  return PD_PROVIDER_GET_IFACE (self)->get_reconcile_method (self, kind);
}

/**
 * pd_provider_get_resources:
 * @self: a #PdProvider
 *
 * Returns: (transfer none): the resources a sync walks, %NULL-terminated
 */
const char * const *
pd_provider_get_resources (PdProvider *self)
{
  g_return_val_if_fail (PD_IS_PROVIDER (self), NULL);

  return PD_PROVIDER_GET_IFACE (self)->get_resources (self);
}

/**
 * pd_provider_fetch_page_async:
 * @self: a #PdProvider
 * @resource: one of pd_provider_get_resources()
 * @cursor: (nullable): where the page starts; %NULL for the first page
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the page arrived or failed
 * @user_data: data for @callback
 *
 * Fetches one page of @resource and normalizes its records.
 */
void
pd_provider_fetch_page_async (PdProvider          *self,
                              const char          *resource,
                              const char          *cursor,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (PD_IS_PROVIDER (self));
  g_return_if_fail (resource != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  PD_PROVIDER_GET_IFACE (self)->fetch_page_async (self, resource, cursor,
                                                  cancellable, callback, user_data);
}

/**
 * pd_provider_fetch_page_finish:
 * @self: a #PdProvider
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the page, or %NULL with @error set
 */
PdPage *
pd_provider_fetch_page_finish (PdProvider    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (PD_IS_PROVIDER (self), NULL);

  return PD_PROVIDER_GET_IFACE (self)->fetch_page_finish (self, result, error);
}

/**
 * pd_provider_perform_async:
 * @self: a #PdProvider
 * @operation: the operation, already written to the outbox
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the provider's answer
 * @user_data: data for @callback
 *
 * Sends @operation to the provider once. Only the outbox calls this.
 */
void
pd_provider_perform_async (PdProvider          *self,
                           const PdOperation   *operation,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (PD_IS_PROVIDER (self));
  g_return_if_fail (operation != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  PD_PROVIDER_GET_IFACE (self)->perform_async (self, operation, cancellable,
                                               callback, user_data);
}

/**
 * pd_provider_perform_finish:
 * @self: a #PdProvider
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * When this fails with an error for which
 * pd_provider_error_is_outcome_unknown() is %TRUE, money may have moved.
 *
 * Returns: (transfer full): what the operation did, or %NULL with @error set
 */
PdOperationResult *
pd_provider_perform_finish (PdProvider    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (PD_IS_PROVIDER (self), NULL);

  return PD_PROVIDER_GET_IFACE (self)->perform_finish (self, result, error);
}

/**
 * pd_provider_lookup_async:
 * @self: a #PdProvider
 * @operation: an operation that was sent
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with what the provider knows of it
 * @user_data: data for @callback
 *
 * Asks the provider what became of @operation, by its reference. Only valid
 * when pd_provider_get_reconcile_method() is %PD_RECONCILE_LOOKUP.
 */
void
pd_provider_lookup_async (PdProvider          *self,
                          const PdOperation   *operation,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (PD_IS_PROVIDER (self));
  g_return_if_fail (operation != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  PD_PROVIDER_GET_IFACE (self)->lookup_async (self, operation, cancellable,
                                              callback, user_data);
}

/**
 * pd_provider_lookup_finish:
 * @self: a #PdProvider
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): what the operation did, or %NULL with @error
 *   set; %PD_PROVIDER_ERROR_NOT_FOUND means the provider has no trace of it
 */
PdOperationResult *
pd_provider_lookup_finish (PdProvider    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (PD_IS_PROVIDER (self), NULL);

  return PD_PROVIDER_GET_IFACE (self)->lookup_finish (self, result, error);
}

/**
 * pd_provider_test_async:
 * @self: a #PdProvider
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the check is done
 * @user_data: data for @callback
 *
 * Makes one cheap authenticated request, to tell whether the account's
 * address and credentials work.
 */
void
pd_provider_test_async (PdProvider          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (PD_IS_PROVIDER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  PD_PROVIDER_GET_IFACE (self)->test_async (self, cancellable, callback, user_data);
}

/**
 * pd_provider_test_finish:
 * @self: a #PdProvider
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the account works
 */
gboolean
pd_provider_test_finish (PdProvider    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (PD_IS_PROVIDER (self), FALSE);

  return PD_PROVIDER_GET_IFACE (self)->test_finish (self, result, error);
}

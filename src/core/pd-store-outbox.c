/* pd-store-outbox.c - the outbox's steps that must be one database transaction
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>

#include "pd-outbox-private.h"
#include "pd-store-private.h"

/* An entry and the audit line that says so are written together: the
 * trail never shows a step that did not happen, nor misses one that did. */

/**
 * pd_store_outbox_submit:
 * @self: a store
 * @entry: the entry to write, queued; on success its id is set
 * @activity_func: (nullable): makes the audit line to write with it
 * @existing_out: (out) (transfer full): set instead, with nothing written,
 *   when an entry with @entry's idempotency key is already there
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_outbox_submit (PdStore               *self,
                        PdOutboxEntry         *entry,
                        PdOutboxActivityFunc   activity_func,
                        PdOutboxEntry        **existing_out,
                        GError               **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(GError) lookup_error = NULL;
  g_autoptr(PdActivity) activity = NULL;
  PdOutboxEntry *existing;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);
  g_return_val_if_fail (existing_out != NULL, FALSE);

  *existing_out = NULL;
  locker = g_rec_mutex_locker_new (&self->lock);

  if (!pd_store_begin (self, TRUE, error))
    return FALSE;

  existing = pd_store_outbox_get_by_key (self, entry->idempotency_key, &lookup_error);
  if (existing != NULL)
    {
      pd_store_rollback (self);
      *existing_out = existing;
      return TRUE;
    }

  if (!g_error_matches (lookup_error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND))
    {
      pd_store_rollback (self);
      g_propagate_error (error, g_steal_pointer (&lookup_error));
      return FALSE;
    }

  if (!pd_store_outbox_insert (self, entry, error))
    {
      pd_store_rollback (self);
      return FALSE;
    }

  if (activity_func != NULL)
    activity = activity_func (entry);
  if (activity != NULL && !pd_store_add_activity (self, activity, error))
    {
      pd_store_rollback (self);
      return FALSE;
    }

  return pd_store_commit (self, error);
}

/**
 * pd_store_outbox_move:
 * @self: a store
 * @entry: the entry as it is to be saved (state, attempts, answer, error,
 *   transaction)
 * @from_states: PD_OUTBOX_STATE_BIT()s of the states it may be saved over
 * @activity: (nullable): the audit line to write with it
 * @moved_out: (out): whether it was saved; %FALSE (and nothing written)
 *   when the stored entry was in another state, for example because
 *   another program settled it meanwhile
 * @error: return location for a #PD_STORE_ERROR
 *
 * Saves an entry only from the states given, so that two programs on the
 * same database can never both send an entry.
 *
 * Returns: %TRUE on success, whether or not it was moved
 */
gboolean
pd_store_outbox_move (PdStore              *self,
                      const PdOutboxEntry  *entry,
                      guint                 from_states,
                      PdActivity           *activity,
                      gboolean             *moved_out,
                      GError              **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdOutboxEntry) stored = NULL;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);
  g_return_val_if_fail (moved_out != NULL, FALSE);

  *moved_out = FALSE;
  locker = g_rec_mutex_locker_new (&self->lock);

  if (!pd_store_begin (self, TRUE, error))
    return FALSE;

  stored = pd_store_outbox_get (self, entry->id, error);
  if (stored == NULL)
    {
      pd_store_rollback (self);
      return FALSE;
    }

  if ((from_states & PD_OUTBOX_STATE_BIT (stored->state)) == 0)
    {
      pd_store_rollback (self);
      return TRUE;
    }

  if (!pd_store_outbox_update (self, entry, error) ||
      (activity != NULL && !pd_store_add_activity (self, activity, error)))
    {
      pd_store_rollback (self);
      return FALSE;
    }

  if (!pd_store_commit (self, error))
    return FALSE;

  *moved_out = TRUE;
  return TRUE;
}

/**
 * pd_store_outbox_adopt_transaction:
 * @self: a store
 * @account_id: the account
 * @placeholder_id: the row the entry showed as until the provider answered
 * @kind: the kind of what the provider made
 * @provider_id: the provider's id of what it made
 * @error: return location for a #PD_STORE_ERROR
 *
 * Gives the placeholder row the identity of what the provider made, so
 * that upserting the provider's record updates that row in place (and
 * keeps its id). When a row of that identity exists already (a sync
 * stored it first), the placeholder is removed instead. Nothing happens
 * when the placeholder is gone.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_outbox_adopt_transaction (PdStore            *self,
                                   gint64              account_id,
                                   gint64              placeholder_id,
                                   PdTransactionKind   kind,
                                   const char         *provider_id,
                                   GError            **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) change = NULL;
  gint64 existing = 0;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (provider_id != NULL, FALSE);

  if (placeholder_id == 0)
    return TRUE;

  locker = g_rec_mutex_locker_new (&self->lock);

  if (!pd_store_begin (self, TRUE, error))
    return FALSE;

  find = pd_store_prepare (self,
                           "SELECT id FROM transactions"
                           " WHERE account_id = ? AND kind = ? AND provider_id = ?",
                           error);
  if (find == NULL)
    goto fail;

  sqlite3_bind_int64 (find, 1, account_id);
  pd_store_bind_text (find, 2, pd_transaction_kind_to_string (kind));
  pd_store_bind_text (find, 3, provider_id);
  rc = sqlite3_step (find);
  if (rc == SQLITE_ROW)
    existing = sqlite3_column_int64 (find, 0);
  else if (rc != SQLITE_DONE)
    {
      pd_store_set_error (self, rc, _("save the outcome of a money movement"), error);
      goto fail;
    }

  if (existing == placeholder_id)
    return pd_store_commit (self, error);

  if (existing != 0)
    change = pd_store_prepare (self,
                               "DELETE FROM transactions WHERE id = ?1 AND account_id = ?2"
                               " AND provider_id LIKE '" PD_OUTBOX_PLACEHOLDER_PREFIX "%'",
                               error);
  else
    change = pd_store_prepare (self,
                               "UPDATE transactions SET kind = ?3, provider_id = ?4"
                               " WHERE id = ?1 AND account_id = ?2",
                               error);
  if (change == NULL)
    goto fail;

  sqlite3_bind_int64 (change, 1, placeholder_id);
  sqlite3_bind_int64 (change, 2, account_id);
  if (existing == 0)
    {
      pd_store_bind_text (change, 3, pd_transaction_kind_to_string (kind));
      pd_store_bind_text (change, 4, provider_id);
    }

  if (!pd_store_step_done (self, change, _("save the outcome of a money movement"), error))
    goto fail;

  return pd_store_commit (self, error);

fail:
  pd_store_rollback (self);
  return FALSE;
}

/**
 * pd_store_outbox_list_pending:
 * @self: a store
 * @account_id: the account
 * @out: (out) (transfer full) (element-type PdOutboxEntry): confirmed
 *   entries whose transaction is still pending or indeterminate, oldest
 *   first
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_outbox_list_pending (PdStore    *self,
                              gint64      account_id,
                              GPtrArray **out,
                              GError    **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare (self,
                           "SELECT outbox.id FROM outbox"
                           " JOIN transactions ON transactions.id = outbox.transaction_id"
                           " WHERE outbox.account_id = ? AND outbox.state = 'confirmed'"
                           "  AND transactions.state IN ('pending', 'indeterminate')"
                           " ORDER BY outbox.id",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    return pd_store_set_error (self, rc, _("read the outbox"), error);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_outbox_entry_free);
  for (guint i = 0; i < ids->len; i++)
    {
      PdOutboxEntry *entry = pd_store_outbox_get (self, g_array_index (ids, gint64, i), error);

      if (entry == NULL)
        return FALSE;
      g_ptr_array_add (entries, entry);
    }

  *out = g_steal_pointer (&entries);
  return TRUE;
}

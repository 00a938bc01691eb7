/* pd-store-state.c - outbox rows, sync cursors, audit trail, saved views
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pd-redact.h"
#include "pd-store-private.h"

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Outbox. Only storage: deciding what to send is the outbox's own logic.
 * Request and response JSON are redacted like raw JSON; what cannot be read
 * is not stored. */

#define OUTBOX_COLUMNS                                                                          \
  "id, account_id, operation, idempotency_key, reference, target_provider_id, amount_units,"    \
  " amount_scale, amount_currency, request_json, state, attempts, created_at, updated_at,"      \
  " response_json, error_message, transaction_id, result_provider_id"

static PdOutboxEntry *
outbox_entry_from_row (sqlite3_stmt *stmt)
{
  PdOutboxEntry *entry = pd_outbox_entry_new ();
  PdOutboxState state = PD_OUTBOX_STATE_UNKNOWN;

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->account_id = sqlite3_column_int64 (stmt, 1);
  entry->operation = pd_store_column_dup (stmt, 2);
  entry->idempotency_key = pd_store_column_dup (stmt, 3);
  entry->reference = pd_store_column_dup (stmt, 4);
  entry->target_provider_id = pd_store_column_dup (stmt, 5);
  pd_store_column_money (stmt, 6, &entry->amount);
  entry->request_json = pd_store_column_dup (stmt, 9);
  pd_outbox_state_from_string ((const char *)sqlite3_column_text (stmt, 10), &state);
  entry->state = state;
  entry->attempts = (guint)sqlite3_column_int (stmt, 11);
  entry->created_at = sqlite3_column_int64 (stmt, 12);
  entry->updated_at = sqlite3_column_int64 (stmt, 13);
  entry->response_json = pd_store_column_dup (stmt, 14);
  entry->error_message = pd_store_column_dup (stmt, 15);
  entry->transaction_id = sqlite3_column_int64 (stmt, 16);
  entry->result_provider_id = pd_store_column_dup (stmt, 17);

  return entry;
}

static char *
redact_or_drop (const char *json)
{
  if (json == NULL)
    return NULL;

  return pd_redact_json (json, -1, NULL);
}

static void
bind_optional_id (sqlite3_stmt *stmt,
                     int           index,
                     gint64        transaction_id)
{
  if (transaction_id == 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, transaction_id);
}

/**
 * pd_store_outbox_insert:
 * @self: a store
 * @entry: the entry; on success its id is set, and its creation and update
 *   times when they were 0
 * @error: return location for a #PD_STORE_ERROR
 *
 * Writes a money movement to the outbox, durably, before it is sent. Its
 * request JSON is redacted first.
 *
 * Returns: %TRUE on success; %PD_STORE_ERROR_CONSTRAINT when the
 *   idempotency key is already used
 */
gboolean
pd_store_outbox_insert (PdStore        *self,
                        PdOutboxEntry  *entry,
                        GError        **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;
  g_autofree char *request_json = NULL;
  g_autofree char *response_json = NULL;
  gint64 created_at, updated_at;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);

  if (entry->operation == NULL || entry->idempotency_key == NULL ||
      entry->idempotency_key[0] == '\0' || entry->amount.currency[0] == '\0' ||
      entry->amount.scale > PD_AMOUNT_NORM_SCALE || (guint)entry->state >= PD_OUTBOX_STATE_COUNT)
    {
      g_set_error_literal (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                           _("An outbox entry needs an operation, an idempotency key "
                             "and an amount"));
      return FALSE;
    }

  request_json = redact_or_drop (entry->request_json);
  response_json = redact_or_drop (entry->response_json);
  created_at = entry->created_at != 0 ? entry->created_at : now_seconds ();
  updated_at = entry->updated_at != 0 ? entry->updated_at : created_at;

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self,
                                  "INSERT INTO outbox (account_id, operation, idempotency_key,"
                                  " reference, target_provider_id, amount_units, amount_scale,"
                                  " amount_currency, request_json, state, attempts, created_at,"
                                  " updated_at, response_json, error_message, transaction_id,"
                                  " result_provider_id)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, entry->account_id);
  pd_store_bind_text (stmt, 2, entry->operation);
  pd_store_bind_text (stmt, 3, entry->idempotency_key);
  pd_store_bind_text (stmt, 4, entry->reference);
  pd_store_bind_text (stmt, 5, entry->target_provider_id);
  pd_store_bind_money (stmt, 6, &entry->amount);
  pd_store_bind_text (stmt, 9, request_json);
  pd_store_bind_text (stmt, 10, pd_outbox_state_to_string (entry->state));
  sqlite3_bind_int (stmt, 11, (int)entry->attempts);
  sqlite3_bind_int64 (stmt, 12, created_at);
  sqlite3_bind_int64 (stmt, 13, updated_at);
  pd_store_bind_text (stmt, 14, response_json);
  pd_store_bind_text (stmt, 15, entry->error_message);
  bind_optional_id (stmt, 16, entry->transaction_id);
  pd_store_bind_text (stmt, 17, entry->result_provider_id);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      if (rc == SQLITE_CONSTRAINT_UNIQUE)
        {
          g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CONSTRAINT,
                       _("The idempotency key %s is already used by another money movement"),
                       entry->idempotency_key);
          return FALSE;
        }
      return pd_store_set_error (self, rc, _("write to the outbox"), error);
    }

  entry->id = sqlite3_last_insert_rowid (self->db);
  entry->created_at = created_at;
  entry->updated_at = updated_at;

  return TRUE;
}

/**
 * pd_store_outbox_update:
 * @self: a store
 * @entry: the entry, by id
 * @error: return location for a #PD_STORE_ERROR
 *
 * Saves an entry's state, attempts, update time (now when 0), response
 * (redacted), error message, transaction id and result provider id. What
 * was requested never changes.
 *
 * Returns: %TRUE on success; %PD_STORE_ERROR_NOT_FOUND if there is no
 *   such entry
 */
gboolean
pd_store_outbox_update (PdStore              *self,
                        const PdOutboxEntry  *entry,
                        GError              **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;
  g_autofree char *response_json = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);

  if ((guint)entry->state >= PD_OUTBOX_STATE_COUNT)
    {
      g_set_error_literal (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                           _("Unknown outbox state"));
      return FALSE;
    }

  response_json = redact_or_drop (entry->response_json);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self,
                                  "UPDATE outbox SET state = ?, attempts = ?, updated_at = ?,"
                                  " response_json = ?, error_message = ?, transaction_id = ?,"
                                  " result_provider_id = ?"
                                  " WHERE id = ?",
                                  error);
  if (stmt == NULL)
    return FALSE;

  pd_store_bind_text (stmt, 1, pd_outbox_state_to_string (entry->state));
  sqlite3_bind_int (stmt, 2, (int)entry->attempts);
  sqlite3_bind_int64 (stmt, 3, entry->updated_at != 0 ? entry->updated_at : now_seconds ());
  pd_store_bind_text (stmt, 4, response_json);
  pd_store_bind_text (stmt, 5, entry->error_message);
  bind_optional_id (stmt, 6, entry->transaction_id);
  pd_store_bind_text (stmt, 7, entry->result_provider_id);
  sqlite3_bind_int64 (stmt, 8, entry->id);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return pd_store_set_error (self, rc, _("update the outbox"), error);

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND,
                   _("There is no outbox entry %" G_GINT64_FORMAT), entry->id);
      return FALSE;
    }

  return TRUE;
}

static PdOutboxEntry *
outbox_get_where (PdStore    *self,
                  const char *sql,
                  gint64      id,
                  const char *key,
                  GError    **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autoptr(PdCachedStmt) stmt = NULL;
  int rc;

  stmt = pd_store_prepare_cached (self, sql, error);
  if (stmt == NULL)
    return NULL;

  if (key != NULL)
    pd_store_bind_text (stmt, 1, key);
  else
    sqlite3_bind_int64 (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return outbox_entry_from_row (stmt);

  if (rc != SQLITE_DONE)
    pd_store_set_error (self, rc, _("read the outbox"), error);
  else
    g_set_error_literal (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND,
                         _("There is no such outbox entry"));

  return NULL;
}

/**
 * pd_store_outbox_get:
 * @self: a store
 * @id: an entry id
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): the entry, or %NULL with
 *   %PD_STORE_ERROR_NOT_FOUND
 */
PdOutboxEntry *
pd_store_outbox_get (PdStore  *self,
                     gint64    id,
                     GError  **error)
{
  g_return_val_if_fail (PD_IS_STORE (self), NULL);

  return outbox_get_where (self, "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE id = ?",
                           id, NULL, error);
}

/**
 * pd_store_outbox_get_by_key:
 * @self: a store
 * @idempotency_key: an idempotency key
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): the entry, or %NULL with
 *   %PD_STORE_ERROR_NOT_FOUND
 */
PdOutboxEntry *
pd_store_outbox_get_by_key (PdStore     *self,
                            const char  *idempotency_key,
                            GError     **error)
{
  g_return_val_if_fail (PD_IS_STORE (self), NULL);
  g_return_val_if_fail (idempotency_key != NULL, NULL);

  return outbox_get_where (self,
                           "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE idempotency_key = ?",
                           0, idempotency_key, error);
}

/**
 * pd_store_outbox_list:
 * @self: a store
 * @account_id: only this account's entries; 0 for all
 * @states: a set of PD_OUTBOX_STATE_BIT(); 0 for every state
 * @out: (out) (transfer full) (element-type PdOutboxEntry): the entries,
 *   oldest first
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_outbox_list (PdStore     *self,
                      gint64       account_id,
                      guint        states,
                      GPtrArray  **out,
                      GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self,
                                  "SELECT " OUTBOX_COLUMNS " FROM outbox"
                                  " WHERE (?1 = 0 OR account_id = ?1)"
                                  " ORDER BY id",
                                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_outbox_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdOutboxEntry *entry = outbox_entry_from_row (stmt);

      if (states == 0 || (states & PD_OUTBOX_STATE_BIT (entry->state)) != 0)
        g_ptr_array_add (entries, entry);
      else
        pd_outbox_entry_free (entry);
    }

  if (rc != SQLITE_DONE)
    return pd_store_set_error (self, rc, _("read the outbox"), error);

  *out = g_steal_pointer (&entries);

  return TRUE;
}

/* Sync state */

/**
 * pd_store_get_sync_state:
 * @self: a store
 * @account_id: the account
 * @resource: what is synced (`charges`, …)
 * @out: (out) (transfer full) (nullable): the state, or %NULL when the
 *   resource was never synced
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: %TRUE on success, also when there is no state yet
 */
gboolean
pd_store_get_sync_state (PdStore       *self,
                         gint64         account_id,
                         const char    *resource,
                         PdSyncState  **out,
                         GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;
  g_autoptr(PdSyncState) state = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (resource != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self,
                                  "SELECT cursor, complete, updated_at FROM sync_state"
                                  " WHERE account_id = ? AND resource = ?",
                                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  pd_store_bind_text (stmt, 2, resource);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      state = pd_sync_state_new ();
      state->account_id = account_id;
      state->resource = g_strdup (resource);
      state->cursor = pd_store_column_dup (stmt, 0);
      state->complete = sqlite3_column_int (stmt, 1) != 0;
      state->updated_at = sqlite3_column_int64 (stmt, 2);
    }
  else if (rc != SQLITE_DONE)
    {
      return pd_store_set_error (self, rc, _("read the sync state"), error);
    }

  *out = g_steal_pointer (&state);

  return TRUE;
}

/**
 * pd_store_set_sync_state:
 * @self: a store
 * @state: the state; its update time is now when 0
 * @error: return location for a #PD_STORE_ERROR
 *
 * Saves where the sync of a resource stands.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_set_sync_state (PdStore            *self,
                         const PdSyncState  *state,
                         GError            **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (state->resource != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self,
                                  "INSERT INTO sync_state (account_id, resource, cursor, complete,"
                                  " updated_at) VALUES (?, ?, ?, ?, ?)"
                                  " ON CONFLICT (account_id, resource) DO UPDATE SET"
                                  "  cursor = excluded.cursor, complete = excluded.complete,"
                                  "  updated_at = excluded.updated_at",
                                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, state->account_id);
  pd_store_bind_text (stmt, 2, state->resource);
  pd_store_bind_text (stmt, 3, state->cursor);
  sqlite3_bind_int (stmt, 4, state->complete ? 1 : 0);
  sqlite3_bind_int64 (stmt, 5, state->updated_at != 0 ? state->updated_at : now_seconds ());

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return pd_store_set_error (self, rc, _("save the sync state"), error);

  return TRUE;
}

/* Audit trail */

/**
 * pd_store_add_activity:
 * @self: a store
 * @activity: the entry; on success its id is set, its time (when 0: now)
 *   and its user (when %NULL: the current system user)
 * @error: return location for a #PD_STORE_ERROR
 *
 * Adds a line to the audit trail.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_add_activity (PdStore     *self,
                       PdActivity  *activity,
                       GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (activity != NULL, FALSE);

  if (activity->action == NULL || activity->action[0] == '\0' ||
      activity->amount.scale > PD_AMOUNT_NORM_SCALE)
    {
      g_set_error_literal (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                           _("An audit entry needs an action"));
      return FALSE;
    }

  if (activity->at == 0)
    activity->at = now_seconds ();
  if (activity->user == NULL)
    activity->user = g_strdup (g_get_user_name ());

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self,
                                  "INSERT INTO activity (at, user, account_id, action,"
                                  " amount_units, amount_scale, amount_currency, outcome, detail)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, activity->at);
  pd_store_bind_text (stmt, 2, activity->user);
  bind_optional_id (stmt, 3, activity->account_id);
  pd_store_bind_text (stmt, 4, activity->action);
  pd_store_bind_money (stmt, 5, &activity->amount);
  pd_store_bind_text (stmt, 8, activity->outcome);
  pd_store_bind_text (stmt, 9, activity->detail);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return pd_store_set_error (self, rc, _("write the audit trail"), error);

  activity->id = sqlite3_last_insert_rowid (self->db);

  return TRUE;
}

/**
 * pd_store_list_activity:
 * @self: a store
 * @account_id: only this account's entries; 0 for all
 * @limit: at most this many; 0 for all
 * @out: (out) (transfer full) (element-type PdActivity): the entries,
 *   newest first
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_list_activity (PdStore     *self,
                        gint64       account_id,
                        guint        limit,
                        GPtrArray  **out,
                        GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self,
                                  "SELECT id, at, user, account_id, action, amount_units,"
                                  " amount_scale, amount_currency, outcome, detail FROM activity"
                                  " WHERE ?1 = 0 OR account_id = ?1"
                                  " ORDER BY at DESC, id DESC LIMIT ?2",
                                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, limit != 0 ? (gint64)limit : -1);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_activity_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdActivity *activity = pd_activity_new ();

      activity->id = sqlite3_column_int64 (stmt, 0);
      activity->at = sqlite3_column_int64 (stmt, 1);
      activity->user = pd_store_column_dup (stmt, 2);
      activity->account_id = sqlite3_column_int64 (stmt, 3);
      activity->action = pd_store_column_dup (stmt, 4);
      pd_store_column_money (stmt, 5, &activity->amount);
      activity->outcome = pd_store_column_dup (stmt, 8);
      activity->detail = pd_store_column_dup (stmt, 9);
      g_ptr_array_add (entries, activity);
    }

  if (rc != SQLITE_DONE)
    return pd_store_set_error (self, rc, _("read the audit trail"), error);

  *out = g_steal_pointer (&entries);

  return TRUE;
}

/* Saved views */

/**
 * pd_store_save_view:
 * @self: a store
 * @name: the view's name; saving under an existing name replaces it
 * @query_json: the query, as pd_query_to_json() writes it
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: %TRUE on success; %PD_STORE_ERROR_INVALID when @query_json is
 *   not JSON
 */
gboolean
pd_store_save_view (PdStore     *self,
                    const char  *name,
                    const char  *query_json,
                    GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (query_json != NULL, FALSE);

  if (name[0] == '\0')
    {
      g_set_error_literal (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                           _("A saved view needs a name"));
      return FALSE;
    }

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self,
                                  "INSERT INTO saved_views (name, query, updated_at)"
                                  " VALUES (?, ?, ?)"
                                  " ON CONFLICT (name) DO UPDATE SET"
                                  "  query = excluded.query, updated_at = excluded.updated_at",
                                  error);
  if (stmt == NULL)
    return FALSE;

  pd_store_bind_text (stmt, 1, name);
  pd_store_bind_text (stmt, 2, query_json);
  sqlite3_bind_int64 (stmt, 3, now_seconds ());

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT_CHECK)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("The saved view “%s” is not valid JSON"), name);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return pd_store_set_error (self, rc, _("save the view"), error);

  return TRUE;
}

/**
 * pd_store_get_view:
 * @self: a store
 * @name: a saved view's name
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): the view's query JSON, or %NULL with
 *   %PD_STORE_ERROR_NOT_FOUND
 */
char *
pd_store_get_view (PdStore     *self,
                   const char  *name,
                   GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self, "SELECT query FROM saved_views WHERE name = ?", error);
  if (stmt == NULL)
    return NULL;

  pd_store_bind_text (stmt, 1, name);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return pd_store_column_dup (stmt, 0);

  if (rc != SQLITE_DONE)
    pd_store_set_error (self, rc, _("read the saved view"), error);
  else
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND,
                 _("There is no saved view “%s”"), name);

  return NULL;
}

/**
 * pd_store_list_views:
 * @self: a store
 * @names_out: (out) (transfer full): the saved views' names, sorted
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_list_views (PdStore  *self,
                     GStrv    *names_out,
                     GError  **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;
  g_autoptr(GStrvBuilder) names = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (names_out != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self, "SELECT name FROM saved_views ORDER BY name", error);
  if (stmt == NULL)
    return FALSE;

  names = g_strv_builder_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (names, (const char *)sqlite3_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    return pd_store_set_error (self, rc, _("read the saved views"), error);

  *names_out = g_strv_builder_end (names);

  return TRUE;
}

/**
 * pd_store_delete_view:
 * @self: a store
 * @name: a saved view's name
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: %TRUE on success; %PD_STORE_ERROR_NOT_FOUND if there is no such
 *   view
 */
gboolean
pd_store_delete_view (PdStore     *self,
                      const char  *name,
                      GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self, "DELETE FROM saved_views WHERE name = ?", error);
  if (stmt == NULL)
    return FALSE;

  pd_store_bind_text (stmt, 1, name);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return pd_store_set_error (self, rc, _("delete the saved view"), error);

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND,
                   _("There is no saved view “%s”"), name);
      return FALSE;
    }

  return TRUE;
}

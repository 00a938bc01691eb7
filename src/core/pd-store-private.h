/* pd-store-private.h - what the pd-store-*.c files share
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "pd-store.h"

G_BEGIN_DECLS

/* Called after each record an upsert wrote, with its 1-based position in
 * the page; lets a test stop a writer in the middle of a transaction. */
typedef void (*PdStoreRowHook) (gpointer user_data,
                                guint    row);

struct _PdStore
{
  GObject         parent_instance;

  char           *path;
  sqlite3        *db;

  /* Every public call holds it, so one PdStore may be shared between
   * threads (calls then run one after the other). */
  GRecMutex       lock;

  /* SQL text → prepared statement, for statements run per record. */
  GHashTable     *statements;

  /* How many queued ids pd_store_update_search_index() indexes per
   * database transaction. */
  guint           index_chunk;

  /* The schema version to migrate to while opening; 0 for the latest. */
  guint           target_version;

  PdStoreRowHook  row_hook;
  gpointer        row_hook_data;
};

/* A statement borrowed from the cache: reset, not finalized, when released. */
typedef sqlite3_stmt PdCachedStmt;

static inline void
pd_cached_stmt_release (PdCachedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdCachedStmt, pd_cached_stmt_release)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* The amounts' comparable column: the value in units of 10^-9
 * (PD_MONEY_MAX_SCALE), exact for every PdMoney within ±9 223 372 036.854775807
 * major units; beyond that it saturates at G_MININT64 / G_MAXINT64 and
 * comparisons fall back to pd_amount_cmp() on units and scale. */
#define PD_AMOUNT_NORM_SCALE 9

gint64        pd_amount_norm                (gint64          units,
                                             guint           scale,
                                             gboolean       *exact);
int           pd_amount_compare             (gint64          units_a,
                                             guint           scale_a,
                                             gint64          units_b,
                                             guint           scale_b);

/* pd-store.c */
gboolean      pd_store_set_error            (PdStore        *self,
                                             int             rc,
                                             const char     *doing,
                                             GError        **error);
PdCachedStmt *pd_store_prepare_cached       (PdStore        *self,
                                             const char     *sql,
                                             GError        **error);
sqlite3_stmt *pd_store_prepare              (PdStore        *self,
                                             const char     *sql,
                                             GError        **error);
gboolean      pd_store_exec                 (PdStore        *self,
                                             const char     *sql,
                                             GError        **error);
gboolean      pd_store_begin                (PdStore        *self,
                                             gboolean        write,
                                             GError        **error);
gboolean      pd_store_commit               (PdStore        *self,
                                             GError        **error);
void          pd_store_rollback             (PdStore        *self);
gboolean      pd_store_step_done            (PdStore        *self,
                                             sqlite3_stmt   *stmt,
                                             const char     *doing,
                                             GError        **error);
gboolean      pd_store_account_exists       (PdStore        *self,
                                             gint64          account_id,
                                             GError        **error);

void          pd_store_bind_text            (sqlite3_stmt   *stmt,
                                             int             index,
                                             const char     *text);
void          pd_store_bind_money           (sqlite3_stmt   *stmt,
                                             int             index,
                                             const PdMoney  *money);
char         *pd_store_column_dup           (sqlite3_stmt   *stmt,
                                             int             column);
void          pd_store_column_money         (sqlite3_stmt   *stmt,
                                             int             column,
                                             PdMoney        *out);

/* pd-store-schema.c */
guint         pd_store_schema_n_migrations  (void);
const char   *pd_store_schema_migration     (guint           version);

/* pd-store-search.c */
gboolean      pd_store_index_queue_locked   (PdStore        *self,
                                             gint64          limit,
                                             GError        **error);

/* For tests */
sqlite3      *pd_store_get_db               (PdStore        *self);
void          pd_store_set_row_hook         (PdStore        *self,
                                             PdStoreRowHook  hook,
                                             gpointer        user_data);
void          pd_store_set_index_chunk      (PdStore        *self,
                                             guint           chunk);
PdStore      *pd_store_new_for_path_at_version (const char  *path,
                                                guint        version,
                                                GError     **error);

G_END_DECLS

/* pd-store.c - the local SQLite cache of every provider account
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "pd-store-private.h"

/*
 * One PdStore is one SQLite connection. Its settings:
 *
 * - WAL, so the sync engine's own connection (in a worker thread) writes
 *   while the views read.
 * - synchronous=FULL: a committed transaction survives a power cut, not only
 *   a crash. The outbox is written before money moves and some providers
 *   cannot be re-downloaded, so losing the last commit is not acceptable;
 *   on this class of disk FULL costs under a tenth of a sync's speed.
 * - foreign_keys=ON (ON DELETE CASCADE from accounts), a busy timeout so two
 *   connections wait for each other instead of failing.
 * - an 8 MiB page cache instead of 2 MiB: provider ids, references and
 *   amounts arrive in random order, and their indexes must stay in memory
 *   for a large sync to keep its speed.
 */

#define PD_STORE_APPLICATION_ID 0x50594453 /* "PYDS" */
#define PD_STORE_BUSY_TIMEOUT_MS 15000

static void pd_store_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdStore, pd_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      pd_store_initable_iface_init))

G_DEFINE_QUARK (pd-store-error-quark, pd_store_error)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * pd_store_schema_version:
 *
 * Returns: the schema version this code writes (PRAGMA user_version)
 */
guint
pd_store_schema_version (void)
{
  return pd_store_schema_n_migrations ();
}

/**
 * pd_store_default_path:
 *
 * The database of the current user: `$PAYDESK_DATA_DIR/paydesk.db` when
 * that variable is set (tests, demo mode), otherwise
 * `$XDG_DATA_HOME/paydesk/paydesk.db`.
 *
 * Returns: (transfer full): the path
 */
char *
pd_store_default_path (void)
{
  const char *dir = g_getenv ("PAYDESK_DATA_DIR");

  if (dir != NULL && dir[0] != '\0')
    return g_build_filename (dir, "paydesk.db", NULL);

  return g_build_filename (g_get_user_data_dir (), "paydesk", "paydesk.db", NULL);
}

/* Errors */

gboolean
pd_store_set_error (PdStore    *self,
                    int         rc,
                    const char *doing,
                    GError    **error)
{
  PdStoreError code;
  const char *detail;

  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
      code = PD_STORE_ERROR_CONSTRAINT;
      break;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = PD_STORE_ERROR_CORRUPT;
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = PD_STORE_ERROR_BUSY;
      break;

    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_NOLFS:
      code = PD_STORE_ERROR_IO;
      break;

    default:
      code = PD_STORE_ERROR_FAILED;
      break;
    }

  if (self != NULL && self->db != NULL && sqlite3_errcode (self->db) == rc)
    detail = sqlite3_errmsg (self->db);
  else
    detail = sqlite3_errstr (rc);

  if (code == PD_STORE_ERROR_CORRUPT && self != NULL)
    g_set_error (error, PD_STORE_ERROR, code,
                 _("The database %s is damaged or is not a Paydesk database (%s)"),
                 self->path, detail);
  else if (code == PD_STORE_ERROR_BUSY)
    g_set_error (error, PD_STORE_ERROR, code,
                 _("Could not %s: another program kept the database busy (%s)"),
                 doing, detail);
  else
    g_set_error (error, PD_STORE_ERROR, code, _("Could not %s: %s"), doing, detail);

  return FALSE;
}

/* Statements */

PdCachedStmt *
pd_store_prepare_cached (PdStore    *self,
                         const char *sql,
                         GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      pd_store_set_error (self, rc, _("prepare a database statement"), error);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);

  return stmt;
}

sqlite3_stmt *
pd_store_prepare (PdStore    *self,
                  const char *sql,
                  GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      pd_store_set_error (self, rc, _("prepare a database statement"), error);
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

gboolean
pd_store_exec (PdStore    *self,
               const char *sql,
               GError    **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return pd_store_set_error (self, rc, _("update the database"), error);

  return TRUE;
}

/* Steps a statement that returns no rows. */
gboolean
pd_store_step_done (PdStore      *self,
                    sqlite3_stmt *stmt,
                    const char   *doing,
                    GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return pd_store_set_error (self, rc, doing, error);

  return TRUE;
}

gboolean
pd_store_begin (PdStore  *self,
                gboolean  write,
                GError  **error)
{
  g_autoptr(PdCachedStmt) stmt = NULL;
  int rc;

  /* IMMEDIATE takes the write lock up front: a writer never has to give up
   * half-way because another connection wrote first. */
  stmt = pd_store_prepare_cached (self, write ? "BEGIN IMMEDIATE" : "BEGIN", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return pd_store_set_error (self, rc, _("start a database transaction"), error);

  return TRUE;
}

gboolean
pd_store_commit (PdStore *self,
                 GError **error)
{
  g_autoptr(PdCachedStmt) stmt = NULL;
  int rc;

  stmt = pd_store_prepare_cached (self, "COMMIT", error);
  if (stmt == NULL)
    {
      pd_store_rollback (self);
      return FALSE;
    }

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      pd_store_set_error (self, rc, _("save to the database"), error);
      pd_store_rollback (self);
      return FALSE;
    }

  return TRUE;
}

void
pd_store_rollback (PdStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
pd_store_account_exists (PdStore *self,
                         gint64   account_id,
                         GError **error)
{
  g_autoptr(PdCachedStmt) stmt = NULL;
  int rc;

  stmt = pd_store_prepare_cached (self, "SELECT 1 FROM accounts WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return pd_store_set_error (self, rc, _("look up the account"), error);

  g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND,
               _("There is no account %" G_GINT64_FORMAT), account_id);
  return FALSE;
}

/* Binding and reading columns */

void
pd_store_bind_text (sqlite3_stmt *stmt,
                    int           index,
                    const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* Binds units, scale and currency at index, index + 1 and index + 2;
 * NULLs for an unset amount. */
void
pd_store_bind_money (sqlite3_stmt  *stmt,
                     int            index,
                     const PdMoney *money)
{
  if (money == NULL || money->currency[0] == '\0')
    {
      sqlite3_bind_null (stmt, index);
      sqlite3_bind_null (stmt, index + 1);
      sqlite3_bind_null (stmt, index + 2);
      return;
    }

  sqlite3_bind_int64 (stmt, index, money->units);
  sqlite3_bind_int (stmt, index + 1, money->scale);
  sqlite3_bind_text (stmt, index + 2, money->currency, -1, SQLITE_TRANSIENT);
}

char *
pd_store_column_dup (sqlite3_stmt *stmt,
                     int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;

  return g_strdup ((const char *)sqlite3_column_text (stmt, column));
}

/* Reads units, scale and currency from column, column + 1 and column + 2. */
void
pd_store_column_money (sqlite3_stmt *stmt,
                       int           column,
                       PdMoney      *out)
{
  const char *currency;

  memset (out, 0, sizeof *out);

  if (sqlite3_column_type (stmt, column + 2) == SQLITE_NULL)
    return;

  currency = (const char *)sqlite3_column_text (stmt, column + 2);
  out->units = sqlite3_column_int64 (stmt, column);
  out->scale = (guint8)sqlite3_column_int (stmt, column + 1);
  g_strlcpy (out->currency, currency != NULL ? currency : "", sizeof out->currency);
}

/* Amounts */

static const gint64 powers_of_ten[] = {
  G_GINT64_CONSTANT (1),
  G_GINT64_CONSTANT (10),
  G_GINT64_CONSTANT (100),
  G_GINT64_CONSTANT (1000),
  G_GINT64_CONSTANT (10000),
  G_GINT64_CONSTANT (100000),
  G_GINT64_CONSTANT (1000000),
  G_GINT64_CONSTANT (10000000),
  G_GINT64_CONSTANT (100000000),
  G_GINT64_CONSTANT (1000000000),
};

gint64
pd_amount_norm (gint64    units,
                guint     scale,
                gboolean *exact)
{
  gint64 result;

  g_assert (scale <= PD_AMOUNT_NORM_SCALE);

  if (__builtin_mul_overflow (units, powers_of_ten[PD_AMOUNT_NORM_SCALE - scale], &result))
    {
      if (exact != NULL)
        *exact = FALSE;
      return units < 0 ? G_MININT64 : G_MAXINT64;
    }

  if (exact != NULL)
    *exact = TRUE;

  return result;
}

/* Exact comparison of units × 10^-scale, with no overflow: whole parts
 * first, then the fractions brought to the same scale. */
int
pd_amount_compare (gint64 units_a,
                   guint  scale_a,
                   gint64 units_b,
                   guint  scale_b)
{
  gint64 whole_a = units_a / powers_of_ten[scale_a];
  gint64 whole_b = units_b / powers_of_ten[scale_b];
  gint64 frac_a, frac_b;

  if (whole_a != whole_b)
    return whole_a < whole_b ? -1 : 1;

  frac_a = (units_a % powers_of_ten[scale_a]) * powers_of_ten[PD_AMOUNT_NORM_SCALE - scale_a];
  frac_b = (units_b % powers_of_ten[scale_b]) * powers_of_ten[PD_AMOUNT_NORM_SCALE - scale_b];

  return frac_a < frac_b ? -1 : frac_a > frac_b ? 1 : 0;
}

/* SQL functions, registered on every connection */

static void
sql_amount_cmp (sqlite3_context  *context,
                int               argc,
                sqlite3_value   **argv)
{
  gint64 scale_a = sqlite3_value_int64 (argv[1]);
  gint64 scale_b = sqlite3_value_int64 (argv[3]);

  if (scale_a < 0 || scale_a > PD_AMOUNT_NORM_SCALE ||
      scale_b < 0 || scale_b > PD_AMOUNT_NORM_SCALE)
    {
      sqlite3_result_null (context);
      return;
    }

  sqlite3_result_int (context,
                      pd_amount_compare (sqlite3_value_int64 (argv[0]), (guint)scale_a,
                                         sqlite3_value_int64 (argv[2]), (guint)scale_b));
}

/* pd_amount_norm (units, scale): an amount's comparable value, as the
 * amount_norm column holds it; 0 for no amount (NULL units or scale). */
static void
sql_amount_norm (sqlite3_context  *context,
                 int               argc,
                 sqlite3_value   **argv)
{
  gint64 scale;

  if (sqlite3_value_type (argv[0]) == SQLITE_NULL ||
      sqlite3_value_type (argv[1]) == SQLITE_NULL)
    {
      sqlite3_result_int64 (context, 0);
      return;
    }

  scale = CLAMP (sqlite3_value_int64 (argv[1]), 0, PD_AMOUNT_NORM_SCALE);
  sqlite3_result_int64 (context, pd_amount_norm (sqlite3_value_int64 (argv[0]), (guint)scale,
                                                 NULL));
}

/* A phone number's digits alone, so "4567" finds "+256 774 567 000". */
static void
sql_digits (sqlite3_context  *context,
            int               argc,
            sqlite3_value   **argv)
{
  const char *text = (const char *)sqlite3_value_text (argv[0]);
  g_autoptr(GString) digits = NULL;

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  digits = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);

  if (digits->len == 0)
    sqlite3_result_null (context);
  else
    sqlite3_result_text (context, digits->str, (int)digits->len, SQLITE_TRANSIENT);
}

/* Opening */

static gboolean
make_private_file (const char  *path,
                   GError     **error)
{
  struct stat st;
  int fd;

  /* Created 0600 before SQLite sees it, so it never exists readable by
   * others, not even for a moment; SQLite gives -wal and -shm the mode of
   * the database file. */
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_OPEN,
                   _("Could not open the database %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  if (fstat (fd, &st) == 0 && (st.st_mode & 0077) != 0 && fchmod (fd, 0600) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
                   _("Could not make the database %s private: %s"), path,
                   g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *side = g_strconcat (path, i == 0 ? "-wal" : "-shm", NULL);

      if (g_stat (side, &st) == 0 && (st.st_mode & 0077) != 0)
        g_chmod (side, 0600);
    }

  return TRUE;
}

static gboolean
read_pragma_int (PdStore    *self,
                 const char *sql,
                 gint64     *out,
                 GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pd_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return pd_store_set_error (self, rc, _("read the database"), error);

  *out = sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

static gboolean
check_not_too_new (PdStore  *self,
                   gint64    version,
                   GError  **error)
{
  if (version > (gint64)pd_store_schema_n_migrations ())
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_SCHEMA_TOO_NEW,
                   _("The database %s was written by a newer version of Paydesk "
                     "(schema %" G_GINT64_FORMAT "; this version reads up to %u). "
                     "Update Paydesk to open it."),
                   self->path, version, pd_store_schema_n_migrations ());
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_is_ours (PdStore *self,
               GError **error)
{
  gint64 application_id, version, n_tables;

  if (!read_pragma_int (self, "PRAGMA application_id", &application_id, error) ||
      !read_pragma_int (self, "PRAGMA user_version", &version, error) ||
      !read_pragma_int (self, "SELECT count(*) FROM sqlite_schema", &n_tables, error))
    return FALSE;

  if (application_id == PD_STORE_APPLICATION_ID || (application_id == 0 && n_tables == 0))
    return check_not_too_new (self, version, error);

  g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CORRUPT,
               _("The file %s is a database of another program, not of Paydesk"),
               self->path);
  return FALSE;
}

static gboolean
migrate (PdStore *self,
         guint    target,
         GError **error)
{
  for (;;)
    {
      g_autofree char *set_version = NULL;
      gint64 version;

      if (!pd_store_begin (self, TRUE, error))
        return FALSE;

      /* Read again under the write lock: another connection may have
       * migrated while this one waited. */
      if (!read_pragma_int (self, "PRAGMA user_version", &version, error) ||
          !check_not_too_new (self, version, error))
        {
          pd_store_rollback (self);
          return FALSE;
        }

      if (version >= target)
        return pd_store_commit (self, error);

      set_version = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT ";"
                                     "PRAGMA application_id = %d;",
                                     version + 1, PD_STORE_APPLICATION_ID);

      if (!pd_store_exec (self, pd_store_schema_migration ((guint)version + 1), error) ||
          !pd_store_exec (self, set_version, error))
        {
          g_prefix_error (error,
                          _("Could not update the database %s to schema %" G_GINT64_FORMAT ": "),
                          self->path, version + 1);
          pd_store_rollback (self);
          return FALSE;
        }

      if (!pd_store_commit (self, error))
        return FALSE;
    }
}

static gboolean
pd_store_initable_init (GInitable     *initable,
                        GCancellable  *cancellable,
                        GError       **error)
{
  PdStore *self = PD_STORE (initable);
  g_autofree char *dir = NULL;
  g_autofree char *journal_mode = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint target;
  int rc;

  g_return_val_if_fail (self->path != NULL, FALSE);
  g_return_val_if_fail (self->db == NULL, FALSE);

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_OPEN,
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  if (!make_private_file (self->path, error))
    return FALSE;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_OPEN,
                   _("Could not open the database %s: %s"), self->path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return FALSE;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, PD_STORE_BUSY_TIMEOUT_MS);

  sqlite3_create_function (self->db, "pd_amount_cmp", 4,
                           SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                           NULL, sql_amount_cmp, NULL, NULL);
  sqlite3_create_function (self->db, "pd_amount_norm", 2,
                           SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                           NULL, sql_amount_norm, NULL, NULL);
  sqlite3_create_function (self->db, "pd_digits", 1,
                           SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                           NULL, sql_digits, NULL, NULL);

  /* The first statement that reads the file: a file that is not a
   * database fails here. */
  stmt = pd_store_prepare (self, "PRAGMA journal_mode = WAL", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return pd_store_set_error (self, rc, _("open the database"), error);

  journal_mode = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (g_strcmp0 (journal_mode, "wal") != 0)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_OPEN,
                   _("Could not open the database %s in write-ahead mode (the folder may not "
                     "allow shared memory files)"), self->path);
      return FALSE;
    }

  if (!pd_store_exec (self,
                      "PRAGMA synchronous = FULL;"
                      "PRAGMA cache_size = -8192;"
                      "PRAGMA foreign_keys = ON;",
                      error))
    return FALSE;

  if (!check_is_ours (self, error))
    return FALSE;

  target = self->target_version != 0 ? self->target_version : pd_store_schema_n_migrations ();

  return migrate (self, target, error);
}

static void
pd_store_initable_iface_init (GInitableIface *iface)
{
  iface->init = pd_store_initable_init;
}

static PdStore *
store_open (const char  *path,
            guint        target_version,
            GError     **error)
{
  g_autoptr(PdStore) self = NULL;

  self = g_object_new (PD_TYPE_STORE, "path", path, NULL);
  self->target_version = target_version;

  if (!g_initable_init (G_INITABLE (self), NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * pd_store_new_for_path:
 * @path: the database file; created (mode 0600, in a folder made 0700
 *   when missing) if it does not exist
 * @error: return location for a #PD_STORE_ERROR
 *
 * Opens the database, bringing its schema up to date.
 *
 * A #PdStore is one SQLite connection. Every call on it holds its lock, so
 * it may be shared between threads, but its calls then run one at a time;
 * a worker that writes a lot (the sync engine) opens its own #PdStore on the
 * same file instead, which WAL lets it do while others read.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set:
 *   %PD_STORE_ERROR_SCHEMA_TOO_NEW when a newer Paydesk wrote the file,
 *   %PD_STORE_ERROR_CORRUPT when it is not a Paydesk database
 */
PdStore *
pd_store_new_for_path (const char  *path,
                       GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return store_open (path, 0, error);
}

PdStore *
pd_store_new_for_path_at_version (const char  *path,
                                  guint        version,
                                  GError     **error)
{
  g_return_val_if_fail (version >= 1 && version <= pd_store_schema_n_migrations (), NULL);

  return store_open (path, version, error);
}

/**
 * pd_store_get_path:
 * @self: a store
 *
 * Returns: the database file's path
 */
const char *
pd_store_get_path (PdStore *self)
{
  g_return_val_if_fail (PD_IS_STORE (self), NULL);

  return self->path;
}

sqlite3 *
pd_store_get_db (PdStore *self)
{
  g_return_val_if_fail (PD_IS_STORE (self), NULL);

  return self->db;
}

void
pd_store_set_row_hook (PdStore        *self,
                       PdStoreRowHook  hook,
                       gpointer        user_data)
{
  g_return_if_fail (PD_IS_STORE (self));

  self->row_hook = hook;
  self->row_hook_data = user_data;
}

void
pd_store_set_index_chunk (PdStore *self,
                          guint    chunk)
{
  g_return_if_fail (PD_IS_STORE (self));
  g_return_if_fail (chunk > 0);

  self->index_chunk = chunk;
}

/* Accounts */

#define ACCOUNT_COLUMNS \
  "id, uuid, provider, label, base_url, mode, username, phone, timezone, created_at, last_sync_at"

static PdAccount *
account_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(PdAccount) account = pd_account_new ();
  PdAccountMode mode = PD_ACCOUNT_MODE_TEST;

  account->id = sqlite3_column_int64 (stmt, 0);
  account->uuid = pd_store_column_dup (stmt, 1);
  account->provider = pd_store_column_dup (stmt, 2);
  account->label = pd_store_column_dup (stmt, 3);
  account->base_url = pd_store_column_dup (stmt, 4);
  pd_account_mode_from_string ((const char *)sqlite3_column_text (stmt, 5), &mode);
  account->mode = mode;
  account->username = pd_store_column_dup (stmt, 6);
  account->phone = pd_store_column_dup (stmt, 7);
  account->timezone = pd_store_column_dup (stmt, 8);
  account->created_at = sqlite3_column_int64 (stmt, 9);
  account->last_sync_at = sqlite3_column_int64 (stmt, 10);

  return g_steal_pointer (&account);
}

/* A base URL may not carry a password ("https://user:secret@host"). */
static gboolean
check_base_url (const char  *base_url,
                GError     **error)
{
  g_autoptr(GUri) uri = NULL;

  if (base_url == NULL || base_url[0] == '\0')
    return TRUE;

  uri = g_uri_parse (base_url, G_URI_FLAGS_HAS_PASSWORD, NULL);
  if (uri == NULL)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("The address “%s” is not a valid URL"), base_url);
      return FALSE;
    }

  if (g_uri_get_password (uri) != NULL || g_uri_get_user (uri) != NULL)
    {
      g_set_error_literal (error, PD_STORE_ERROR, PD_STORE_ERROR_SECRET_REFUSED,
                           _("The account’s address contains a user name or password; "
                             "enter credentials separately, they are kept in the keyring"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_account (const PdAccount  *account,
               GError          **error)
{
  if (!pd_provider_is_known (account->provider))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("“%s” is not a provider Paydesk knows"),
                   account->provider != NULL ? account->provider : "");
      return FALSE;
    }

  if (account->label == NULL || account->label[0] == '\0')
    {
      g_set_error_literal (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                           _("An account needs a name"));
      return FALSE;
    }

  if ((guint)account->mode > PD_ACCOUNT_MODE_LIVE)
    {
      g_set_error_literal (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                           _("An account is either in test or in live mode"));
      return FALSE;
    }

  return check_base_url (account->base_url, error);
}

/**
 * pd_store_add_account:
 * @self: a store
 * @account: the account; on success its id is set, and its uuid (unless it
 *   already held a valid one), its time zone (when %NULL: the provider's
 *   home zone) and its creation time (when 0: now)
 * @error: return location for a #PD_STORE_ERROR
 *
 * Adds a provider account.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_add_account (PdStore    *self,
                      PdAccount  *account,
                      GError    **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;
  g_autofree char *uuid = NULL;
  const char *timezone;
  gint64 created_at;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (account != NULL, FALSE);

  if (!check_account (account, error))
    return FALSE;

  if (account->uuid != NULL && g_uuid_string_is_valid (account->uuid))
    uuid = g_ascii_strdown (account->uuid, -1);
  else
    uuid = g_uuid_string_random ();

  timezone = account->timezone != NULL ? account->timezone
                                       : pd_provider_get_default_timezone (account->provider);
  created_at = account->created_at != 0 ? account->created_at : g_get_real_time () / G_USEC_PER_SEC;

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self,
                                  "INSERT INTO accounts (uuid, provider, label, base_url, mode,"
                                  " username, phone, timezone, created_at, last_sync_at)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  error);
  if (stmt == NULL)
    return FALSE;

  pd_store_bind_text (stmt, 1, uuid);
  pd_store_bind_text (stmt, 2, account->provider);
  pd_store_bind_text (stmt, 3, account->label);
  pd_store_bind_text (stmt, 4, account->base_url);
  pd_store_bind_text (stmt, 5, pd_account_mode_to_string (account->mode));
  pd_store_bind_text (stmt, 6, account->username);
  pd_store_bind_text (stmt, 7, account->phone);
  pd_store_bind_text (stmt, 8, timezone);
  sqlite3_bind_int64 (stmt, 9, created_at);
  sqlite3_bind_int64 (stmt, 10, account->last_sync_at);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return pd_store_set_error (self, rc, _("add the account"), error);

  account->id = sqlite3_last_insert_rowid (self->db);
  g_free (account->uuid);
  account->uuid = g_steal_pointer (&uuid);
  if (account->timezone == NULL)
    account->timezone = g_strdup (timezone);
  account->created_at = created_at;

  return TRUE;
}

/**
 * pd_store_update_account:
 * @self: a store
 * @account: the account, by id; its provider and uuid never change
 * @error: return location for a #PD_STORE_ERROR
 *
 * Saves an account's label, base URL, mode, user name, phone, time zone
 * and last sync time.
 *
 * Returns: %TRUE on success; %PD_STORE_ERROR_NOT_FOUND if there is no
 *   such account
 */
gboolean
pd_store_update_account (PdStore          *self,
                         const PdAccount  *account,
                         GError          **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (account != NULL, FALSE);

  if (account->label == NULL || account->label[0] == '\0')
    {
      g_set_error_literal (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                           _("An account needs a name"));
      return FALSE;
    }

  if ((guint)account->mode > PD_ACCOUNT_MODE_LIVE)
    {
      g_set_error_literal (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                           _("An account is either in test or in live mode"));
      return FALSE;
    }

  if (!check_base_url (account->base_url, error))
    return FALSE;

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self,
                                  "UPDATE accounts SET label = ?, base_url = ?, mode = ?,"
                                  " username = ?, phone = ?, timezone = coalesce (?, timezone),"
                                  " last_sync_at = ?"
                                  " WHERE id = ?",
                                  error);
  if (stmt == NULL)
    return FALSE;

  pd_store_bind_text (stmt, 1, account->label);
  pd_store_bind_text (stmt, 2, account->base_url);
  pd_store_bind_text (stmt, 3, pd_account_mode_to_string (account->mode));
  pd_store_bind_text (stmt, 4, account->username);
  pd_store_bind_text (stmt, 5, account->phone);
  pd_store_bind_text (stmt, 6, account->timezone);
  sqlite3_bind_int64 (stmt, 7, account->last_sync_at);
  sqlite3_bind_int64 (stmt, 8, account->id);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return pd_store_set_error (self, rc, _("save the account"), error);

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND,
                   _("There is no account %" G_GINT64_FORMAT), account->id);
      return FALSE;
    }

  return TRUE;
}

/**
 * pd_store_set_account_synced:
 * @self: a store
 * @account_id: an account
 * @last_sync_at: when its sync ended, Unix seconds
 * @error: return location for a #PD_STORE_ERROR
 *
 * Records when an account was last synced.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_set_account_synced (PdStore  *self,
                             gint64    account_id,
                             gint64    last_sync_at,
                             GError  **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self, "UPDATE accounts SET last_sync_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, last_sync_at);
  sqlite3_bind_int64 (stmt, 2, account_id);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return pd_store_set_error (self, rc, _("save the account"), error);

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND,
                   _("There is no account %" G_GINT64_FORMAT), account_id);
      return FALSE;
    }

  return TRUE;
}

/**
 * pd_store_remove_account:
 * @self: a store
 * @account_id: an account
 * @error: return location for a #PD_STORE_ERROR
 *
 * Removes an account and everything stored for it (its audit trail stays).
 * Refused with %PD_STORE_ERROR_CONSTRAINT while the outbox holds a money
 * movement of the account that was sent and whose outcome is not known.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_remove_account (PdStore  *self,
                         gint64    account_id,
                         GError  **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) check = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  if (!pd_store_begin (self, TRUE, error))
    return FALSE;

  check = pd_store_prepare_cached (self,
                                   "SELECT count(*) FROM outbox"
                                   " WHERE account_id = ? AND state IN ('sent', 'unknown')",
                                   error);
  if (check == NULL)
    goto fail;

  sqlite3_bind_int64 (check, 1, account_id);
  rc = sqlite3_step (check);
  if (rc != SQLITE_ROW)
    {
      pd_store_set_error (self, rc, _("remove the account"), error);
      goto fail;
    }

  if (sqlite3_column_int64 (check, 0) > 0)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_CONSTRAINT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The account has %" G_GINT64_FORMAT " money movement whose "
                                "outcome is not known yet; resolve it before removing the account",
                                "The account has %" G_GINT64_FORMAT " money movements whose "
                                "outcome is not known yet; resolve them before removing "
                                "the account",
                                (gulong)sqlite3_column_int64 (check, 0)),
                   (gint64)sqlite3_column_int64 (check, 0));
      goto fail;
    }

  stmt = pd_store_prepare_cached (self, "DELETE FROM accounts WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;

  sqlite3_bind_int64 (stmt, 1, account_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      pd_store_set_error (self, rc, _("remove the account"), error);
      goto fail;
    }

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND,
                   _("There is no account %" G_GINT64_FORMAT), account_id);
      goto fail;
    }

  return pd_store_commit (self, error);

fail:
  pd_store_rollback (self);
  return FALSE;
}

static PdAccount *
get_account_where (PdStore    *self,
                   const char *sql,
                   gint64      id,
                   const char *uuid,
                   GError    **error)
{
  g_autoptr(PdCachedStmt) stmt = NULL;
  int rc;

  stmt = pd_store_prepare_cached (self, sql, error);
  if (stmt == NULL)
    return NULL;

  if (uuid != NULL)
    pd_store_bind_text (stmt, 1, uuid);
  else
    sqlite3_bind_int64 (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return account_from_row (stmt);

  if (rc != SQLITE_DONE)
    pd_store_set_error (self, rc, _("read the account"), error);
  else if (uuid != NULL)
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND,
                 _("There is no account %s"), uuid);
  else
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND,
                 _("There is no account %" G_GINT64_FORMAT), id);

  return NULL;
}

/**
 * pd_store_get_account:
 * @self: a store
 * @account_id: an account id
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): the account, or %NULL with
 *   %PD_STORE_ERROR_NOT_FOUND
 */
PdAccount *
pd_store_get_account (PdStore  *self,
                      gint64    account_id,
                      GError  **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;

  g_return_val_if_fail (PD_IS_STORE (self), NULL);

  locker = g_rec_mutex_locker_new (&self->lock);

  return get_account_where (self, "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE id = ?",
                            account_id, NULL, error);
}

/**
 * pd_store_get_account_by_uuid:
 * @self: a store
 * @uuid: an account's uuid
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): the account, or %NULL with
 *   %PD_STORE_ERROR_NOT_FOUND
 */
PdAccount *
pd_store_get_account_by_uuid (PdStore     *self,
                              const char  *uuid,
                              GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;

  g_return_val_if_fail (PD_IS_STORE (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  locker = g_rec_mutex_locker_new (&self->lock);

  return get_account_where (self, "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE uuid = ?",
                            0, uuid, error);
}

/**
 * pd_store_list_accounts:
 * @self: a store
 * @out: (out) (transfer full) (element-type PdAccount): the accounts, by id
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_list_accounts (PdStore    *self,
                        GPtrArray **out,
                        GError    **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self, "SELECT " ACCOUNT_COLUMNS " FROM accounts ORDER BY id",
                                  error);
  if (stmt == NULL)
    return FALSE;

  accounts = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_account_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (accounts, account_from_row (stmt));

  if (rc != SQLITE_DONE)
    return pd_store_set_error (self, rc, _("read the accounts"), error);

  *out = g_steal_pointer (&accounts);

  return TRUE;
}

/* GObject */

static void
pd_store_finalize (GObject *object)
{
  PdStore *self = (PdStore *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      /* The last connection to close checkpoints and removes the WAL. */
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_pointer (&self->path, g_free);
  g_rec_mutex_clear (&self->lock);

  G_OBJECT_CLASS (pd_store_parent_class)->finalize (object);
}

static void
pd_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PdStore *self = PD_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_store_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  PdStore *self = PD_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_store_class_init (PdStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_store_finalize;
  object_class->get_property = pd_store_get_property;
  object_class->set_property = pd_store_set_property;

  /**
   * PdStore:path:
   *
   * The database file.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
pd_store_init (PdStore *self)
{
  g_rec_mutex_init (&self->lock);
  self->index_chunk = 5000;
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
}

/* pd-export.c - statement exports for accountants: options, files, threads
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "pd-export-private.h"
#include "pd-store-export.h"

G_DEFINE_QUARK (pd-export-error-quark, pd_export_error)

G_DEFINE_BOXED_TYPE (PdExportOptions, pd_export_options,
                     pd_export_options_copy, pd_export_options_free)

/* Large writes go out in large pieces: a million CSV rows are ~200 MB. */
#define STREAM_BUFFER_SIZE (1 << 20)

/* GDate's day number of 1 January 1970 (its day 1 is 1 January of year 1). */
#define UNIX_EPOCH_JULIAN 719163

/**
 * pd_export_options_new:
 *
 * Returns: (transfer full): options for a CSV export of every account, of
 *   all time
 */
PdExportOptions *
pd_export_options_new (void)
{
  return g_new0 (PdExportOptions, 1);
}

/**
 * pd_export_options_copy:
 * @self: options
 *
 * Returns: (transfer full): a copy
 */
PdExportOptions *
pd_export_options_copy (const PdExportOptions *self)
{
  PdExportOptions *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new (PdExportOptions, 1);
  *copy = *self;
  copy->merchant_name = g_strdup (self->merchant_name);

  return copy;
}

/**
 * pd_export_options_free:
 * @self: (nullable): options
 */
void
pd_export_options_free (PdExportOptions *self)
{
  if (self == NULL)
    return;

  g_free (self->merchant_name);
  g_free (self);
}

static const char *const format_names[] = {
  [PD_EXPORT_FORMAT_CSV] = "csv",
  [PD_EXPORT_FORMAT_PDF] = "pdf",
  [PD_EXPORT_FORMAT_OFX] = "ofx",
};

/**
 * pd_export_format_to_string:
 * @format: a format
 *
 * Returns: `csv`, `pdf` or `ofx`; %NULL for an unknown value
 */
const char *
pd_export_format_to_string (PdExportFormat format)
{
  if ((guint)format >= G_N_ELEMENTS (format_names))
    return NULL;

  return format_names[format];
}

/**
 * pd_export_format_from_string:
 * @text: (nullable): `csv`, `pdf` or `ofx`, in either case
 * @out: (out): the format
 *
 * Returns: %TRUE if @text names a format
 */
gboolean
pd_export_format_from_string (const char     *text,
                              PdExportFormat *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    {
      if (g_ascii_strcasecmp (text, format_names[i]) == 0)
        {
          *out = (PdExportFormat)i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * pd_export_format_get_extension:
 * @format: a format
 *
 * Returns: the file name extension, without the dot (`csv`, `pdf`, `ofx`)
 */
const char *
pd_export_format_get_extension (PdExportFormat format)
{
  return pd_export_format_to_string (format);
}

/* Shared helpers (pd-export-private.h) */

gint64
pd_export_generated_at (const PdExportOptions *options)
{
  if (options->generated_at != 0)
    return options->generated_at;

  return g_get_real_time () / G_USEC_PER_SEC;
}

gboolean
pd_export_check_stream (FILE    *out,
                        GError **error)
{
  int saved_errno;

  if (fflush (out) == 0 && !ferror (out))
    return TRUE;

  saved_errno = errno;
  g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_IO,
               _("The export could not be written: %s"),
               g_strerror (saved_errno != 0 ? saved_errno : EIO));
  return FALSE;
}

/* Writes the decimal digits of @value backwards, ending at @end. */
static char *
put_digits_backwards (char    *end,
                      guint64  value)
{
  do
    {
      *--end = (char)('0' + value % 10);
      value /= 10;
    }
  while (value != 0);

  return end;
}

/* Writes @money with at least @min_decimals decimals and every one it
 * holds, no grouping, '-' for negative amounts: the rules of
 * pd_money_to_plain(), without allocating (a CSV of a million rows writes
 * four million amounts). */
gsize
pd_export_format_amount (const PdMoney *money,
                         guint          min_decimals,
                         char           decimal_mark,
                         char           buffer[PD_EXPORT_AMOUNT_MAX])
{
  char digits[24];
  char *end = digits + sizeof digits;
  char *start;
  guint64 magnitude;
  guint decimals = MAX (min_decimals, money->scale);
  gsize n_digits;
  gsize n_integer;
  gsize pos = 0;

  decimals = MIN (decimals, PD_MONEY_MAX_SCALE);
  magnitude = money->units < 0 ? (guint64)(-(money->units + 1)) + 1 : (guint64)money->units;
  start = put_digits_backwards (end, magnitude);
  n_digits = (gsize)(end - start);

  if (money->units < 0)
    buffer[pos++] = '-';

  n_integer = n_digits > money->scale ? n_digits - money->scale : 0;
  if (n_integer == 0)
    buffer[pos++] = '0';
  else
    {
      memcpy (buffer + pos, start, n_integer);
      pos += n_integer;
    }

  if (decimals > 0)
    {
      gsize n_fraction = n_digits - n_integer;

      buffer[pos++] = decimal_mark;
      for (gsize i = n_fraction; i < money->scale; i++)
        buffer[pos++] = '0';
      memcpy (buffer + pos, start + n_integer, n_fraction);
      pos += n_fraction;
      for (guint i = money->scale; i < decimals; i++)
        buffer[pos++] = '0';
    }

  buffer[pos] = '\0';

  return pos;
}

static gint32
offset_at (GTimeZone *time_zone,
           gint64     time)
{
  return g_time_zone_get_offset (time_zone,
                                 g_time_zone_find_interval (time_zone, G_TIME_TYPE_UNIVERSAL,
                                                            time));
}

gint32
pd_export_zone_offset (PdExportZoneCache *cache,
                       GTimeZone         *time_zone,
                       gint64             time)
{
  gint64 bucket = time >= 0 ? time / 900 : (time - 899) / 900;

  if (cache->time_zone != time_zone || cache->bucket != bucket)
    {
      gint32 first = offset_at (time_zone, bucket * 900);

      /* Zone transitions fall on quarters of an hour (UTC) since the
       * railway times; where one does not, the bucket is looked up row by
       * row. */
      cache->time_zone = time_zone;
      cache->bucket = bucket;
      cache->offset = first;
      cache->uniform = offset_at (time_zone, bucket * 900 + 899) == first;
    }

  return cache->uniform ? cache->offset : offset_at (time_zone, time);
}

static inline char *
put_two (char  *p,
         guint  value)
{
  p[0] = (char)('0' + value / 10 % 10);
  p[1] = (char)('0' + value % 10);

  return p + 2;
}

/* The date of a day counted from 1970-01-01, as YYYY-MM-DD or YYYYMMDD. */
static gsize
format_day (gint64    day,
            gboolean  dashes,
            char     *buffer)
{
  GDate date;
  gint64 julian = day + UNIX_EPOCH_JULIAN;
  guint year;
  char *p = buffer;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32)CLAMP (julian, 1, G_MAXUINT32 / 2));
  year = g_date_get_year (&date);

  if (year >= 10000)
    p += g_snprintf (p, 8, "%u", year);
  else
    {
      p = put_two (p, year / 100);
      p = put_two (p, year % 100);
    }
  if (dashes)
    *p++ = '-';
  p = put_two (p, g_date_get_month (&date));
  if (dashes)
    *p++ = '-';
  p = put_two (p, g_date_get_day (&date));
  *p = '\0';

  return (gsize)(p - buffer);
}

static inline gint64
floor_div (gint64 a,
           gint64 b)
{
  return a >= 0 ? a / b : (a - b + 1) / b;
}

/* ISO 8601 with the offset: "2026-06-02T10:30:00+03:00", or with @zulu
 * "2026-06-02T07:30:00Z" (then @offset must be 0). */
gsize
pd_export_format_time (PdExportDayCache *day_cache,
                       gint64            time,
                       gint32            offset,
                       gboolean          zulu,
                       char              buffer[PD_EXPORT_TIME_MAX])
{
  gint64 local = time + offset;
  gint64 day = floor_div (local, 86400);
  gint64 seconds = local - day * 86400;
  char *p = buffer;
  guint magnitude;

  if (day_cache->len == 0 || day_cache->day != day)
    {
      day_cache->day = day;
      day_cache->len = format_day (day, TRUE, day_cache->text);
    }
  memcpy (p, day_cache->text, day_cache->len);
  p += day_cache->len;

  *p++ = 'T';
  p = put_two (p, (guint)(seconds / 3600));
  *p++ = ':';
  p = put_two (p, (guint)(seconds / 60 % 60));
  *p++ = ':';
  p = put_two (p, (guint)(seconds % 60));

  if (zulu)
    *p++ = 'Z';
  else
    {
      magnitude = (guint)ABS (offset);
      *p++ = offset < 0 ? '-' : '+';
      p = put_two (p, magnitude / 3600);
      *p++ = ':';
      p = put_two (p, magnitude / 60 % 60);
      /* Offsets with seconds are older than any payment. */
    }
  *p = '\0';

  return (gsize)(p - buffer);
}

/* "20260602103000", the local time at @offset, as OFX and PDF dates use. */
gsize
pd_export_format_compact_time (gint64  time,
                               gint32  offset,
                               char    buffer[PD_EXPORT_TIME_MAX])
{
  gint64 local = time + offset;
  gint64 day = floor_div (local, 86400);
  gint64 seconds = local - day * 86400;
  char *p = buffer;

  p += format_day (day, FALSE, p);
  p = put_two (p, (guint)(seconds / 3600));
  p = put_two (p, (guint)(seconds / 60 % 60));
  p = put_two (p, (guint)(seconds % 60));
  *p = '\0';

  return (gsize)(p - buffer);
}

/* Writing */

/**
 * pd_export_statement_write:
 * @statement: a statement from pd_statement_new()
 * @options: what to write; @options' account and period are not looked
 *   at (the statement has them)
 * @out: an open stream; it is flushed, not closed
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @statement in the format of @options.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_export_statement_write (PdStatement            *statement,
                           const PdExportOptions  *options,
                           FILE                   *out,
                           GCancellable           *cancellable,
                           GError                **error)
{
  g_return_val_if_fail (statement != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  switch (options->format)
    {
    case PD_EXPORT_FORMAT_CSV:
      return pd_export_csv_write (statement, options, out, cancellable, error);
    case PD_EXPORT_FORMAT_PDF:
      return pd_export_pdf_write (statement, options, out, cancellable, error);
    case PD_EXPORT_FORMAT_OFX:
      return pd_export_ofx_write (statement, options, out, cancellable, error);
    default:
      g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID,
                   _("Unknown export format"));
      return FALSE;
    }
}

static gboolean
set_io_error (GError     **error,
              int          saved_errno,
              const char  *path)
{
  g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_IO,
               _("Could not write %s: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

/**
 * pd_export_statement_to_path:
 * @statement: a statement from pd_statement_new()
 * @options: what to write
 * @path: the file to write, or "-" for the standard output
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @statement to a file. The file appears whole or not at all: the
 * export goes to a temporary file beside it (readable by the user only, as
 * statements are private), which replaces @path when it is complete. A
 * failed or cancelled export leaves nothing behind.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_export_statement_to_path (PdStatement            *statement,
                             const PdExportOptions  *options,
                             const char             *path,
                             GCancellable           *cancellable,
                             GError                **error)
{
  g_autofree char *tmp_path = NULL;
  g_autofree char *buffer = NULL;
  FILE *out;
  gboolean ok;
  int fd;

  g_return_val_if_fail (statement != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (strcmp (path, "-") == 0)
    return pd_export_statement_write (statement, options, stdout, cancellable, error);

  tmp_path = g_strdup_printf ("%s.XXXXXX", path);
  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    return set_io_error (error, errno, path);

  out = fdopen (fd, "wb");
  if (out == NULL)
    {
      int saved_errno = errno;

      close (fd);
      g_unlink (tmp_path);
      return set_io_error (error, saved_errno, path);
    }

  buffer = g_malloc (STREAM_BUFFER_SIZE);
  setvbuf (out, buffer, _IOFBF, STREAM_BUFFER_SIZE);

  ok = pd_export_statement_write (statement, options, out, cancellable, error);

  if (fclose (out) != 0 && ok)
    ok = set_io_error (error, errno, path);

  if (ok && g_rename (tmp_path, path) != 0)
    ok = set_io_error (error, errno, path);

  if (!ok)
    g_unlink (tmp_path);

  return ok;
}

/**
 * pd_export_to_path:
 * @store: the store to read
 * @options: what to export
 * @path: the file to write, or "-" for the standard output
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Exports the statement of @options' account and period to a file, as
 * pd_export_statement_to_path() does. It reads @store from the calling
 * thread and holds @store's lock while it reads rows; for a large export
 * from the application, use pd_export_to_path_async(), and from a command
 * line program give it a store from pd_store_new_for_export().
 *
 * Returns: %TRUE on success
 */
gboolean
pd_export_to_path (PdStore                *store,
                   const PdExportOptions  *options,
                   const char             *path,
                   GCancellable           *cancellable,
                   GError                **error)
{
  g_autoptr(PdStatement) statement = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (pd_export_format_to_string (options->format) == NULL)
    {
      g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID,
                   _("Unknown export format"));
      return FALSE;
    }

  statement = pd_statement_new (store, options->account_id, options->from, options->to, error);
  if (statement == NULL)
    return FALSE;

  return pd_export_statement_to_path (statement, options, path, cancellable, error);
}

typedef struct
{
  PdExportOptions *options;
  char            *store_path;
  char            *path;
} ExportTask;

static void
export_task_free (ExportTask *data)
{
  pd_export_options_free (data->options);
  g_free (data->store_path);
  g_free (data->path);
  g_free (data);
}

static void
export_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportTask *data = task_data;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(GError) error = NULL;

  /* A connection of its own: the caller's store stays free for the main
   * loop while this one reads, which WAL allows. */
  store = pd_store_new_for_export (data->store_path, &error);
  if (store == NULL ||
      !pd_export_to_path (store, data->options, data->path, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * pd_export_to_path_async:
 * @store: the store to read
 * @options: what to export; copied
 * @path: the file to write
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's main context when the export is done
 * @user_data: data for @callback
 *
 * Exports like pd_export_to_path(), on a worker thread with its own
 * connection to @store's database, so that neither the main loop nor
 * @store waits for it.
 */
void
pd_export_to_path_async (PdStore                *store,
                         const PdExportOptions  *options,
                         const char             *path,
                         GCancellable           *cancellable,
                         GAsyncReadyCallback     callback,
                         gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportTask *data;

  g_return_if_fail (PD_IS_STORE (store));
  g_return_if_fail (options != NULL);
  g_return_if_fail (path != NULL);

  data = g_new0 (ExportTask, 1);
  data->options = pd_export_options_copy (options);
  data->store_path = g_strdup (pd_store_get_path (store));
  data->path = g_strdup (path);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_export_to_path_async);
  g_task_set_task_data (task, data, (GDestroyNotify)export_task_free);
  g_task_run_in_thread (task, export_worker);
}

/**
 * pd_export_to_path_finish:
 * @store: the store given to pd_export_to_path_async()
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the file was written
 */
gboolean
pd_export_to_path_finish (PdStore       *store,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_export_to_path_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

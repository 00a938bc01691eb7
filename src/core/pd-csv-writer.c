/* pd-csv-writer.c - rows of text as RFC 4180 CSV
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The exports of the views. Lines end in CRLF as RFC 4180 says; a cell is
 * quoted when it holds a comma, a quote or a line break. Rows are gathered
 * in a buffer and written in blocks of about 64 KiB, so a million rows
 * cost a few thousand writes.
 */

#include <string.h>

#include "pd-csv-writer.h"

#define FLUSH_AT (64 * 1024)

struct _PdCsvWriter
{
  GOutputStream *stream;
  GString       *buffer;
  gboolean       row_open;
  guint64        n_rows;
};

/**
 * pd_csv_writer_new:
 * @stream: where the CSV goes
 *
 * Returns: (transfer full): a writer
 */
PdCsvWriter *
pd_csv_writer_new (GOutputStream *stream)
{
  PdCsvWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_new0 (PdCsvWriter, 1);
  self->stream = g_object_ref (stream);
  self->buffer = g_string_sized_new (FLUSH_AT + 4096);

  return self;
}

void
pd_csv_writer_free (PdCsvWriter *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->stream);
  g_string_free (self->buffer, TRUE);
  g_free (self);
}

/**
 * pd_csv_writer_add:
 * @self: a writer
 * @cell: how to write the value
 * @value: (nullable): the value; %NULL is an empty cell
 *
 * Adds a cell to the current row.
 */
void
pd_csv_writer_add (PdCsvWriter *self,
                   PdCsvCell    cell,
                   const char  *value)
{
  gboolean formula;

  g_return_if_fail (self != NULL);

  if (self->row_open)
    g_string_append_c (self->buffer, ',');
  self->row_open = TRUE;

  if (value == NULL || value[0] == '\0')
    return;

  formula = cell == PD_CSV_TEXT && strchr ("=+-@", value[0]) != NULL;

  if (strpbrk (value, ",\"\r\n") == NULL && !formula)
    {
      g_string_append (self->buffer, value);
      return;
    }

  g_string_append_c (self->buffer, '"');
  if (formula)
    g_string_append_c (self->buffer, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (self->buffer, '"');
      g_string_append_c (self->buffer, *p);
    }
  g_string_append_c (self->buffer, '"');
}

static gboolean
flush (PdCsvWriter   *self,
       GCancellable  *cancellable,
       GError       **error)
{
  if (self->buffer->len == 0)
    return TRUE;

  if (!g_output_stream_write_all (self->stream, self->buffer->str, self->buffer->len,
                                  NULL, cancellable, error))
    return FALSE;

  g_string_truncate (self->buffer, 0);

  return TRUE;
}

/**
 * pd_csv_writer_end_row:
 * @self: a writer
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Ends the current row.
 *
 * Returns: %TRUE when the rows so far could be written
 */
gboolean
pd_csv_writer_end_row (PdCsvWriter   *self,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  g_string_append (self->buffer, "\r\n");
  self->row_open = FALSE;
  self->n_rows++;

  if (self->buffer->len >= FLUSH_AT)
    return flush (self, cancellable, error);

  return TRUE;
}

/**
 * pd_csv_writer_close:
 * @self: a writer
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Writes what is left and closes the stream.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_csv_writer_close (PdCsvWriter   *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return flush (self, cancellable, error)
    && g_output_stream_close (self->stream, cancellable, error);
}

/**
 * pd_csv_writer_get_n_rows:
 * @self: a writer
 *
 * Returns: the rows ended so far, the header included
 */
guint64
pd_csv_writer_get_n_rows (PdCsvWriter *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_rows;
}

/* pd-cli-output.c - paydesk-cli's results as a table, one JSON document or CSV
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * A command fills a PdCliTable with text values and prints it once, in the
 * format asked for:
 *
 * - the table for people: the columns marked in_table, aligned, long text
 *   cut; a single record as "Label: value" lines;
 * - JSON: one document, `{"NAME": [ {…}, … ]}` (or `{"NAME": {…}}` for a
 *   single record), with every column under its stable name, amounts as
 *   strings next to a `currency` member, times in ISO 8601 UTC, and the
 *   children (a charge's refunds) and extra JSON (the raw record) nested;
 * - CSV (RFC 4180, through PdCsvWriter): a header of the stable names, then
 *   one row per record.
 */

#include <stdio.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>

#include "pd-cli-output.h"
#include "pd-csv-writer.h"
#include "pd-json.h"

/* Text cut at this many characters in the table; JSON and CSV have it all. */
#define MAX_TEXT_WIDTH 36

typedef struct
{
  /* n_values, any of them NULL */
  char      **values;
  guint       n_values;
  GPtrArray  *json_names;
  GPtrArray  *json_nodes;
} Row;

struct _PdCliTable
{
  char              *name;
  char              *title;
  const PdCliColumn *columns;
  guint              n_columns;
  GPtrArray         *rows;
  GPtrArray         *children;
  gboolean           single;
};

static void
row_free (gpointer data)
{
  Row *row = data;

  for (guint i = 0; i < row->n_values; i++)
    g_free (row->values[i]);
  g_free (row->values);
  g_clear_pointer (&row->json_names, g_ptr_array_unref);
  g_clear_pointer (&row->json_nodes, g_ptr_array_unref);
  g_free (row);
}

/**
 * pd_cli_table_new:
 * @name: the stable name of what the rows are (`charges`), the JSON
 *   document's member
 * @columns: (array length=n_columns): the columns; must outlive the table
 * @n_columns: how many
 *
 * Returns: (transfer full): an empty table
 */
PdCliTable *
pd_cli_table_new (const char        *name,
                  const PdCliColumn *columns,
                  guint              n_columns)
{
  PdCliTable *self = g_new0 (PdCliTable, 1);

  self->name = g_strdup (name);
  self->columns = columns;
  self->n_columns = n_columns;
  self->rows = g_ptr_array_new_with_free_func (row_free);
  self->children = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_cli_table_free);

  return self;
}

void
pd_cli_table_free (PdCliTable *self)
{
  if (self == NULL)
    return;

  g_free (self->name);
  g_free (self->title);
  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->children);
  g_free (self);
}

/**
 * pd_cli_table_set_single:
 * @self: a table
 * @single: whether it holds one record
 *
 * A single record is printed as `{"NAME": {…}}` in JSON and as one
 * "Label: value" line per column in the table.
 */
void
pd_cli_table_set_single (PdCliTable *self,
                         gboolean    single)
{
  self->single = single;
}

/**
 * pd_cli_table_set_title:
 * @self: a table
 * @title: (nullable): a heading for the table for people
 */
void
pd_cli_table_set_title (PdCliTable *self,
                        const char *title)
{
  g_free (self->title);
  self->title = g_strdup (title);
}

void
pd_cli_table_add_row (PdCliTable *self)
{
  Row *row = g_new0 (Row, 1);

  row->values = g_new0 (char *, self->n_columns + 1);
  row->n_values = self->n_columns;
  g_ptr_array_add (self->rows, row);
}

guint
pd_cli_table_get_n_rows (PdCliTable *self)
{
  return self->rows->len;
}

static int
column_index (PdCliTable *self,
              const char *column)
{
  for (guint i = 0; i < self->n_columns; i++)
    if (g_str_equal (self->columns[i].name, column))
      return i;

  g_critical ("paydesk-cli: no column “%s” in %s", column, self->name);
  return -1;
}

/**
 * pd_cli_table_take:
 * @self: a table with a row
 * @column: a column's name
 * @value: (transfer full) (nullable): its value in the last row
 */
void
pd_cli_table_take (PdCliTable *self,
                   const char *column,
                   char       *value)
{
  int index = column_index (self, column);
  Row *row;

  g_return_if_fail (self->rows->len > 0);

  if (index < 0)
    {
      g_free (value);
      return;
    }

  row = g_ptr_array_index (self->rows, self->rows->len - 1);
  g_free (row->values[index]);
  row->values[index] = value;
}

void
pd_cli_table_set (PdCliTable *self,
                  const char *column,
                  const char *value)
{
  pd_cli_table_take (self, column, g_strdup (value));
}

void
pd_cli_table_set_int (PdCliTable *self,
                      const char *column,
                      gint64      value)
{
  pd_cli_table_take (self, column, g_strdup_printf ("%" G_GINT64_FORMAT, value));
}

/* An unset amount is null. */
void
pd_cli_table_set_money (PdCliTable    *self,
                        const char    *column,
                        const PdMoney *money)
{
  pd_cli_table_take (self, column, money != NULL && pd_money_is_set (money) ? pd_money_to_plain (money) : NULL);
}

/**
 * pd_cli_table_set_amount:
 * @self: a table with a row and the columns `amount` and `currency`
 * @money: the row's amount; unset, both are null
 */
void
pd_cli_table_set_amount (PdCliTable    *self,
                         const PdMoney *money)
{
  pd_cli_table_set_money (self, "amount", money);
  pd_cli_table_set (self, "currency", pd_money_is_set (money) ? money->currency : NULL);
}

/* 0 is "no time": null. */
void
pd_cli_table_set_time (PdCliTable *self,
                       const char *column,
                       gint64      unix_seconds)
{
  pd_cli_table_take (self, column,
                     unix_seconds != 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, unix_seconds) : NULL);
}

/**
 * pd_cli_table_set_json:
 * @self: a table with a row
 * @member: the member's name
 * @node: (transfer full) (nullable): JSON for the last row, written only in
 *   the JSON document (a record's raw JSON)
 */
void
pd_cli_table_set_json (PdCliTable *self,
                       const char *member,
                       JsonNode   *node)
{
  Row *row;

  g_return_if_fail (self->rows->len > 0);

  row = g_ptr_array_index (self->rows, self->rows->len - 1);
  if (row->json_names == NULL)
    {
      row->json_names = g_ptr_array_new_with_free_func (g_free);
      row->json_nodes = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
    }
  g_ptr_array_add (row->json_names, g_strdup (member));
  g_ptr_array_add (row->json_nodes, node != NULL ? node : json_node_new (JSON_NODE_NULL));
}

/**
 * pd_cli_table_add_child:
 * @self: a single-record table
 * @child: (transfer full): records that belong to it (a charge's refunds),
 *   nested under the child's name in JSON, printed after it in the table
 *   and left out of CSV
 */
void
pd_cli_table_add_child (PdCliTable *self,
                        PdCliTable *child)
{
  g_ptr_array_add (self->children, child);
}

/**
 * pd_cli_format_utc:
 * @unix_seconds: a time
 *
 * Returns: (transfer full): the time in ISO 8601, UTC, to the second
 */
char *
pd_cli_format_utc (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("");
}

static gint64
value_to_int (const char *value)
{
  return g_ascii_strtoll (value, NULL, 10);
}

/* JSON */

static void write_json_table (PdCliTable *self, PdJsonWriter *writer);

static void
write_json_row (PdCliTable   *self,
                Row          *row,
                PdJsonWriter *writer,
                gboolean      with_children)
{
  pd_json_writer_begin_object (writer);

  for (guint i = 0; i < self->n_columns; i++)
    {
      const char *value = row->values[i];

      pd_json_writer_member (writer, self->columns[i].name);
      if (value == NULL)
        {
          pd_json_writer_null (writer);
          continue;
        }

      switch (self->columns[i].type)
        {
        case PD_CLI_INT:
          pd_json_writer_int (writer, value_to_int (value));
          break;
        case PD_CLI_BOOL:
          pd_json_writer_boolean (writer, g_str_equal (value, "true"));
          break;
        case PD_CLI_TIME:
          {
            g_autofree char *utc = pd_cli_format_utc (value_to_int (value));

            pd_json_writer_string (writer, utc);
          }
          break;
        case PD_CLI_TEXT:
        case PD_CLI_AMOUNT:
        default:
          pd_json_writer_string (writer, value);
          break;
        }
    }

  for (guint i = 0; row->json_names != NULL && i < row->json_names->len; i++)
    {
      pd_json_writer_member (writer, g_ptr_array_index (row->json_names, i));
      pd_json_writer_node (writer, g_ptr_array_index (row->json_nodes, i));
    }

  for (guint i = 0; with_children && i < self->children->len; i++)
    {
      PdCliTable *child = g_ptr_array_index (self->children, i);

      pd_json_writer_member (writer, child->name);
      write_json_table (child, writer);
    }

  pd_json_writer_end_object (writer);
}

static void
write_json_table (PdCliTable   *self,
                  PdJsonWriter *writer)
{
  if (self->single)
    {
      if (self->rows->len == 0)
        pd_json_writer_null (writer);
      else
        write_json_row (self, g_ptr_array_index (self->rows, 0), writer, TRUE);
      return;
    }

  pd_json_writer_begin_array (writer);
  for (guint i = 0; i < self->rows->len; i++)
    write_json_row (self, g_ptr_array_index (self->rows, i), writer, FALSE);
  pd_json_writer_end_array (writer);
}

static gboolean
print_json (PdCliTable  *self,
            GError     **error)
{
  PdJsonWriter *writer = pd_json_writer_new ();
  g_autofree char *text = NULL;

  pd_json_writer_begin_object (writer);
  pd_json_writer_member (writer, self->name);
  write_json_table (self, writer);
  pd_json_writer_end_object (writer);

  text = pd_json_writer_free_to_string (writer);
  g_print ("%s\n", text);

  return TRUE;
}

/* CSV */

static gboolean
print_csv (PdCliTable  *self,
           GError     **error)
{
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(PdCsvWriter) writer = NULL;

  /* What g_print() buffered goes first. */
  fflush (stdout);

  stream = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  writer = pd_csv_writer_new (stream);

  for (guint i = 0; i < self->n_columns; i++)
    pd_csv_writer_add (writer, PD_CSV_TEXT, self->columns[i].name);
  if (!pd_csv_writer_end_row (writer, NULL, error))
    return FALSE;

  for (guint r = 0; r < self->rows->len; r++)
    {
      Row *row = g_ptr_array_index (self->rows, r);

      for (guint i = 0; i < self->n_columns; i++)
        {
          const char *value = row->values[i];

          switch (self->columns[i].type)
            {
            case PD_CLI_INT:
            case PD_CLI_AMOUNT:
              pd_csv_writer_add (writer, PD_CSV_NUMBER, value);
              break;
            case PD_CLI_TIME:
              {
                g_autofree char *utc = value != NULL ? pd_cli_format_utc (value_to_int (value)) : NULL;

                pd_csv_writer_add (writer, PD_CSV_TEXT, utc);
              }
              break;
            case PD_CLI_TEXT:
            case PD_CLI_BOOL:
            default:
              pd_csv_writer_add (writer, PD_CSV_TEXT, value);
              break;
            }
        }
      if (!pd_csv_writer_end_row (writer, NULL, error))
        return FALSE;
    }

  return pd_csv_writer_close (writer, NULL, error);
}

/* The table for people */

static char *
cell_text (const PdCliColumn *column,
           const char        *value,
           gboolean           cut)
{
  if (value == NULL)
    return g_strdup ("");

  switch (column->type)
    {
    case PD_CLI_TIME:
      {
        g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (value_to_int (value));

        return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M") : g_strdup ("");
      }

    case PD_CLI_BOOL:
      return g_strdup (g_str_equal (value, "true") ? _("yes") : _("no"));

    case PD_CLI_TEXT:
      {
        g_autofree char *line = g_strdup (value);

        g_strdelimit (line, "\r\n\t", ' ');
        if (cut && g_utf8_strlen (line, -1) > MAX_TEXT_WIDTH)
          {
            g_autofree char *head = g_utf8_substring (line, 0, MAX_TEXT_WIDTH - 1);

            return g_strconcat (head, "…", NULL);
          }
        return g_steal_pointer (&line);
      }

    case PD_CLI_INT:
    case PD_CLI_AMOUNT:
    default:
      return g_strdup (value);
    }
}

static void
append_padded (GString    *out,
               const char *text,
               guint       width,
               gboolean    right)
{
  glong length = g_utf8_strlen (text, -1);

  if (right)
    for (glong i = length; i < (glong)width; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, text);
  if (!right)
    for (glong i = length; i < (glong)width; i++)
      g_string_append_c (out, ' ');
}

static void
print_single (PdCliTable *self,
              GString    *out)
{
  Row *row = self->rows->len > 0 ? g_ptr_array_index (self->rows, 0) : NULL;
  guint width = 0;

  if (row == NULL)
    return;

  for (guint i = 0; i < self->n_columns; i++)
    width = MAX (width, (guint)g_utf8_strlen (_(self->columns[i].label), -1));

  for (guint i = 0; i < self->n_columns; i++)
    {
      g_autofree char *text = NULL;
      g_autofree char *label = NULL;

      if (row->values[i] == NULL)
        continue;

      text = cell_text (&self->columns[i], row->values[i], FALSE);
      label = g_strdup_printf ("%s:", _(self->columns[i].label));
      append_padded (out, label, width + 2, FALSE);
      g_string_append (out, text);
      g_string_append_c (out, '\n');
    }
}

static gboolean
is_right_aligned (const PdCliColumn *column)
{
  return column->type == PD_CLI_INT || column->type == PD_CLI_AMOUNT;
}

/* Ends a line, without trailing spaces after a short last column. */
static void
trim_line (GString *out,
           gsize    line_start)
{
  while (out->len > line_start && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  g_string_append_c (out, '\n');
}

/* One line of the table: the texts of the columns it shows, padded. */
static void
append_line (PdCliTable         *self,
             GString            *out,
             const char * const *texts,
             const guint        *widths)
{
  gsize line_start = out->len;

  for (guint i = 0, first = TRUE; i < self->n_columns; i++)
    {
      if (!self->columns[i].in_table)
        continue;
      if (!first)
        g_string_append (out, "  ");
      first = FALSE;
      append_padded (out, texts[i], widths[i], is_right_aligned (&self->columns[i]));
    }

  trim_line (out, line_start);
}

static void
print_rows (PdCliTable *self,
            GString    *out)
{
  g_autofree guint *widths = g_new0 (guint, self->n_columns);
  g_autofree const char **labels = g_new0 (const char *, self->n_columns);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

  if (self->rows->len == 0)
    {
      g_string_append (out, _("Nothing to show."));
      g_string_append_c (out, '\n');
      return;
    }

  for (guint i = 0; i < self->n_columns; i++)
    {
      labels[i] = _(self->columns[i].label);
      if (self->columns[i].in_table)
        widths[i] = g_utf8_strlen (labels[i], -1);
    }

  for (guint r = 0; r < self->rows->len; r++)
    {
      Row *row = g_ptr_array_index (self->rows, r);
      char **texts = g_new0 (char *, self->n_columns + 1);

      for (guint i = 0; i < self->n_columns; i++)
        {
          texts[i] = cell_text (&self->columns[i], row->values[i], TRUE);
          if (self->columns[i].in_table)
            widths[i] = MAX (widths[i], (guint)g_utf8_strlen (texts[i], -1));
        }
      g_ptr_array_add (cells, texts);
    }

  append_line (self, out, labels, widths);
  for (guint r = 0; r < cells->len; r++)
    append_line (self, out, g_ptr_array_index (cells, r), widths);
}

static void
print_table (PdCliTable *self,
             GString    *out)
{
  if (self->title != NULL)
    {
      g_string_append (out, self->title);
      g_string_append_c (out, '\n');
    }

  if (self->single)
    print_single (self, out);
  else
    print_rows (self, out);

  for (guint i = 0; i < self->children->len; i++)
    {
      g_string_append_c (out, '\n');
      print_table (g_ptr_array_index (self->children, i), out);
    }
}

/**
 * pd_cli_table_print:
 * @self: a table
 * @format: how to write it
 * @error: return location for an error
 *
 * Writes the table on standard output.
 *
 * Returns: %TRUE when it was written
 */
gboolean
pd_cli_table_print (PdCliTable   *self,
                    PdCliFormat   format,
                    GError      **error)
{
  switch (format)
    {
    case PD_CLI_FORMAT_JSON:
      return print_json (self, error);

    case PD_CLI_FORMAT_CSV:
      return print_csv (self, error);

    case PD_CLI_FORMAT_TABLE:
    default:
      {
        g_autoptr(GString) out = g_string_new (NULL);

        print_table (self, out);
        g_print ("%s", out->str);
        return TRUE;
      }
    }
}

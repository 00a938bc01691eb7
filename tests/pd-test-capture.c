/* pd-test-capture.c - catch the debug log, read a database's files, and make and remove test data directories
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gstdio.h>

#include "pd-test-capture.h"

G_LOCK_DEFINE_STATIC (capture);
static GString *captured;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  G_LOCK (capture);
  if (captured != NULL)
    {
      for (gsize i = 0; i < n_fields; i++)
        {
          if (fields[i].length < 0)
            g_string_append_printf (captured, "%s=%s ", fields[i].key, (const char *)fields[i].value);
          else if (fields[i].value != NULL)
            {
              g_string_append_printf (captured, "%s=", fields[i].key);
              g_string_append_len (captured, fields[i].value, fields[i].length);
              g_string_append_c (captured, ' ');
            }
        }
      g_string_append_c (captured, '\n');
    }
  G_UNLOCK (capture);

  if (log_level & G_LOG_LEVEL_DEBUG)
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static GLogFunc test_handler;

/* GLib's test framework prints log messages itself, by a default handler
 * that never reaches the writer: this one keeps them first. */
static void
capture_handler (const char     *log_domain,
                 GLogLevelFlags  log_level,
                 const char     *message,
                 gpointer        user_data)
{
  G_LOCK (capture);
  if (captured != NULL)
    g_string_append_printf (captured, "%s: %s\n", log_domain != NULL ? log_domain : "", message);
  G_UNLOCK (capture);

  if (log_level & G_LOG_LEVEL_DEBUG)
    return;

  if (test_handler != NULL)
    test_handler (log_domain, log_level, message, NULL);
  else
    g_log_default_handler (log_domain, log_level, message, NULL);
}

void
pd_test_capture_install (void)
{
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  test_handler = g_log_set_default_handler (capture_handler, NULL);
}

void
pd_test_capture_start (void)
{
  G_LOCK (capture);
  if (captured != NULL)
    g_string_free (captured, TRUE);
  captured = g_string_new (NULL);
  G_UNLOCK (capture);
}

char *
pd_test_capture_stop (void)
{
  char *text;

  G_LOCK (capture);
  text = captured != NULL ? g_string_free (captured, FALSE) : g_strdup ("");
  captured = NULL;
  G_UNLOCK (capture);

  return text;
}

GBytes *
pd_test_read_database_files (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  GByteArray *all = g_byte_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (name, &contents, &length, NULL))
        g_byte_array_append (all, (const guint8 *)contents, length);
    }

  return g_byte_array_free_to_bytes (all);
}

gboolean
pd_test_bytes_contain (GBytes     *haystack,
                       const char *needle)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (haystack, &size);
  gsize length;

  g_assert_nonnull (needle);
  length = strlen (needle);
  g_assert_cmpuint (length, >, 0);

  for (gsize i = 0; i + length <= size; i++)
    if (data[i] == needle[0] && memcmp (data + i, needle, length) == 0)
      return TRUE;

  return FALSE;
}

/* A short secret — a four-digit IPIN — turns up by chance inside longer
 * runs of a log or a database page (a timestamp, an id, a port), so it
 * counts only standing alone: not next to another letter or digit. A
 * leaked IPIN stands alone wherever it is written (`"ipin":"4071"`,
 * `ipin=4071`, a column of its own). */
#define PD_TEST_SHORT_SECRET 6

static gboolean
contains_alone (GBytes     *haystack,
                const char *needle)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (haystack, &size);
  gsize length = strlen (needle);

  for (gsize i = 0; i + length <= size; i++)
    {
      if (data[i] != needle[0] || memcmp (data + i, needle, length) != 0)
        continue;
      if (i > 0 && g_ascii_isalnum (data[i - 1]))
        continue;
      if (i + length < size && g_ascii_isalnum (data[i + length]))
        continue;
      return TRUE;
    }

  return FALSE;
}

void
pd_test_assert_not_in (GBytes     *haystack,
                       const char *needle,
                       const char *what)
{
  gboolean found;

  if (strlen (needle) < PD_TEST_SHORT_SECRET)
    found = contains_alone (haystack, needle);
  else
    found = pd_test_bytes_contain (haystack, needle);

  if (found)
    g_test_fail_printf ("a secret (%zu characters) was found in %s", strlen (needle), what);
}

/**
 * pd_test_make_tmp_dir:
 * @tmpl: a template for g_dir_make_tmp(), such as "paydesk-test-XXXXXX"
 *
 * Returns: (transfer full): the path of a new, empty directory; the test
 *   fails if it cannot be made
 */
char *
pd_test_make_tmp_dir (const char *tmpl)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dir);

  return dir;
}

/**
 * pd_test_remove_tree:
 * @path: a directory, or a path where there is none
 *
 * Removes @path and everything below it.
 */
void
pd_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        pd_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

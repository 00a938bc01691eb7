/* pd-test-capture.h - catch the debug log, read a database's files, and make and remove test data directories
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Call right after g_test_init(): turns debug output on
 * (G_MESSAGES_DEBUG=all, so that the HTTP layer writes its request and
 * answer lines) and installs the program's log writer and default log
 * handler, which keep every message while capturing and pass on all but
 * debug messages. */
void     pd_test_capture_install       (void);
void     pd_test_capture_start         (void);
char    *pd_test_capture_stop          (void);

/* The bytes of a SQLite database and its -wal and -shm files, one after
 * the other (the missing ones left out). */
GBytes  *pd_test_read_database_files   (const char *path);

/* Fails the test when @needle occurs in @haystack (one shorter than six
 * characters only where it stands alone); @what names the place. */
void     pd_test_assert_not_in         (GBytes     *haystack,
                                        const char *needle,
                                        const char *what);
gboolean pd_test_bytes_contain         (GBytes     *haystack,
                                        const char *needle);

/* A new directory of the test's own, from a g_dir_make_tmp() template,
 * and the removal of a directory with all that is in it. */
char    *pd_test_make_tmp_dir          (const char *tmpl);
void     pd_test_remove_tree           (const char *path);

G_END_DECLS

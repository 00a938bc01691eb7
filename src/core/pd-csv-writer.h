/* pd-csv-writer.h - rows of text as RFC 4180 CSV
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _PdCsvWriter PdCsvWriter;

/**
 * PdCsvCell:
 * @PD_CSV_TEXT: free text; a cell a spreadsheet would read as a formula
 *   (starting with = + - @) is written with a leading apostrophe
 * @PD_CSV_NUMBER: a plain decimal, written as it is
 */
typedef enum
{
  PD_CSV_TEXT,
  PD_CSV_NUMBER,
} PdCsvCell;

PdCsvWriter *pd_csv_writer_new     (GOutputStream      *stream);
void         pd_csv_writer_add     (PdCsvWriter        *self,
                                    PdCsvCell           cell,
                                    const char         *value);
gboolean     pd_csv_writer_end_row (PdCsvWriter        *self,
                                    GCancellable       *cancellable,
                                    GError            **error);
gboolean     pd_csv_writer_close   (PdCsvWriter        *self,
                                    GCancellable       *cancellable,
                                    GError            **error);
guint64      pd_csv_writer_get_n_rows (PdCsvWriter     *self);
void         pd_csv_writer_free    (PdCsvWriter        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdCsvWriter, pd_csv_writer_free)

G_END_DECLS

/* pd-export.h - statement exports for accountants: CSV, PDF and OFX
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>

#include <gio/gio.h>

#include "pd-statement.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_EXPORT_ERROR (pd_export_error_quark ())

/**
 * PdExportError:
 * @PD_EXPORT_ERROR_INVALID: the options make no sense (an unknown format)
 * @PD_EXPORT_ERROR_IO: the file could not be written (full disk, no
 *   permission, a folder that does not exist)
 * @PD_EXPORT_ERROR_FAILED: the document could not be made (the PDF
 *   library refused)
 *
 * Stable error codes of the exports. The statement and the store have
 * their own (%PD_STATEMENT_ERROR, %PD_STORE_ERROR); a cancelled export is
 * %G_IO_ERROR_CANCELLED.
 */
typedef enum
{
  PD_EXPORT_ERROR_INVALID,
  PD_EXPORT_ERROR_IO,
  PD_EXPORT_ERROR_FAILED,
} PdExportError;

/**
 * PdExportFormat:
 * @PD_EXPORT_FORMAT_CSV: comma-separated values for spreadsheets (RFC 4180)
 * @PD_EXPORT_FORMAT_PDF: a printable statement for filing
 * @PD_EXPORT_FORMAT_OFX: OFX 2.1.1 for accounting programs (GnuCash,
 *   HomeBank, …)
 */
typedef enum
{
  PD_EXPORT_FORMAT_CSV,
  PD_EXPORT_FORMAT_PDF,
  PD_EXPORT_FORMAT_OFX,
} PdExportFormat;

/**
 * PdExportFlags:
 * @PD_EXPORT_FLAGS_NONE: the defaults
 * @PD_EXPORT_FLAGS_CSV_BOM: start the CSV with a UTF-8 byte order mark,
 *   for spreadsheet programs that otherwise read it in a legacy encoding
 * @PD_EXPORT_FLAGS_CSV_SEMICOLON: the variant for locales whose decimal
 *   mark is a comma: fields separated by ';' and amounts written with a
 *   decimal comma, which is what spreadsheet programs in those locales read
 *   as numbers (a dot there turns "1.50" into text or a date)
 *
 * Options of the formats; a flag a format has no use for is ignored.
 */
typedef enum
{
  PD_EXPORT_FLAGS_NONE          = 0,
  PD_EXPORT_FLAGS_CSV_BOM       = 1 << 0,
  PD_EXPORT_FLAGS_CSV_SEMICOLON = 1 << 1,
} PdExportFlags;

/**
 * PdExportOptions:
 * @format: the format
 * @flags: #PdExportFlags
 * @account_id: the account; 0 for every account
 * @from: the start of the period (Unix seconds, included); 0 for the
 *   beginning of the records
 * @to: the end of the period (Unix seconds, excluded); 0 for no end
 * @merchant_name: (nullable): the merchant's name for the PDF's heading
 * @generated_at: the time the document says it was made (Unix seconds);
 *   0 for now. Set it to make two exports byte for byte the same.
 *
 * What to export. Fill it in directly.
 */
typedef struct
{
  PdExportFormat  format;
  PdExportFlags   flags;
  gint64          account_id;
  gint64          from;
  gint64          to;
  char           *merchant_name;
  gint64          generated_at;
} PdExportOptions;

#define PD_TYPE_EXPORT_OPTIONS (pd_export_options_get_type ())

GQuark           pd_export_error_quark          (void);

GType            pd_export_options_get_type     (void) G_GNUC_CONST;
PdExportOptions *pd_export_options_new          (void);
PdExportOptions *pd_export_options_copy         (const PdExportOptions *self);
void             pd_export_options_free         (PdExportOptions       *self);

const char      *pd_export_format_to_string     (PdExportFormat         format);
gboolean         pd_export_format_from_string   (const char            *text,
                                                 PdExportFormat        *out);
const char      *pd_export_format_get_extension (PdExportFormat         format);

gboolean         pd_export_statement_write      (PdStatement           *statement,
                                                 const PdExportOptions *options,
                                                 FILE                  *out,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
gboolean         pd_export_statement_to_path    (PdStatement           *statement,
                                                 const PdExportOptions *options,
                                                 const char            *path,
                                                 GCancellable          *cancellable,
                                                 GError               **error);

gboolean         pd_export_to_path              (PdStore               *store,
                                                 const PdExportOptions *options,
                                                 const char            *path,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
void             pd_export_to_path_async        (PdStore               *store,
                                                 const PdExportOptions *options,
                                                 const char            *path,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
gboolean         pd_export_to_path_finish       (PdStore               *store,
                                                 GAsyncResult          *result,
                                                 GError               **error);

/* One function per format, on an open stream (pd-export-csv.c, …). */
gboolean         pd_export_csv_write            (PdStatement           *statement,
                                                 const PdExportOptions *options,
                                                 FILE                  *out,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
gboolean         pd_export_pdf_write            (PdStatement           *statement,
                                                 const PdExportOptions *options,
                                                 FILE                  *out,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
gboolean         pd_export_ofx_write            (PdStatement           *statement,
                                                 const PdExportOptions *options,
                                                 FILE                  *out,
                                                 GCancellable          *cancellable,
                                                 GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdExportOptions, pd_export_options_free)

G_END_DECLS

/* pd-export-private.h - what the pd-export-*.c files share
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-export.h"

G_BEGIN_DECLS

/* Room for any amount: sign, 19 digits, a decimal mark, 9 decimals, NUL. */
#define PD_EXPORT_AMOUNT_MAX 48

/* Room for "-YYYYYY-MM-DDTHH:MM:SS+HH:MM" and a NUL. */
#define PD_EXPORT_TIME_MAX 40

/* The UTC offset of a time zone at a time, looked up once per quarter of
 * an hour of the rows' times rather than once per row (GTimeZone searches
 * its transitions one by one). */
typedef struct
{
  GTimeZone *time_zone;
  gint64     bucket;
  gint32     offset;
  gboolean   uniform;
} PdExportZoneCache;

/* A day's date as text, kept while the rows stay on that day. */
typedef struct
{
  gint64 day;
  char   text[16];
  gsize  len;
} PdExportDayCache;

gsize        pd_export_format_amount      (const PdMoney      *money,
                                           guint               min_decimals,
                                           char                decimal_mark,
                                           char                buffer[PD_EXPORT_AMOUNT_MAX]);
gint32       pd_export_zone_offset        (PdExportZoneCache  *cache,
                                           GTimeZone          *time_zone,
                                           gint64              time);
gsize        pd_export_format_time        (PdExportDayCache   *day_cache,
                                           gint64              time,
                                           gint32              offset,
                                           gboolean            zulu,
                                           char                buffer[PD_EXPORT_TIME_MAX]);
gsize        pd_export_format_compact_time (gint64             time,
                                           gint32              offset,
                                           char                buffer[PD_EXPORT_TIME_MAX]);
gint64       pd_export_generated_at       (const PdExportOptions *options);
gboolean     pd_export_check_stream       (FILE               *out,
                                           GError            **error);

G_END_DECLS

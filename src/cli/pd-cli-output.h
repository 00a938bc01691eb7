/* pd-cli-output.h - paydesk-cli's results as a table, one JSON document or CSV
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "pd-cli.h"
#include "pd-money.h"

G_BEGIN_DECLS

/**
 * PdCliType:
 * @PD_CLI_TEXT: text; a JSON string
 * @PD_CLI_INT: a whole number (an id, a count); a JSON number
 * @PD_CLI_AMOUNT: a plain decimal with a dot; a JSON string, so that no
 *   reader turns it into a floating-point number. A table with amounts has
 *   a `currency` column.
 * @PD_CLI_TIME: Unix seconds; ISO 8601 UTC in JSON and CSV, local time in
 *   the table
 * @PD_CLI_BOOL: `true` or `false`
 *
 * How a column's values are written. A %NULL value is JSON `null`, an
 * empty CSV cell and an empty table cell.
 */
typedef enum
{
  PD_CLI_TEXT,
  PD_CLI_INT,
  PD_CLI_AMOUNT,
  PD_CLI_TIME,
  PD_CLI_BOOL,
} PdCliType;

/**
 * PdCliColumn:
 * @name: the stable field name (JSON member, CSV header)
 * @label: the table header, translated
 * @type: how its values are written
 * @in_table: whether the table for people shows it (JSON and CSV have
 *   every column)
 */
typedef struct
{
  const char *name;
  const char *label;
  PdCliType   type;
  gboolean    in_table;
} PdCliColumn;

typedef struct _PdCliTable PdCliTable;

PdCliTable *pd_cli_table_new           (const char          *name,
                                        const PdCliColumn   *columns,
                                        guint                n_columns);
void        pd_cli_table_free          (PdCliTable          *self);
void        pd_cli_table_set_single    (PdCliTable          *self,
                                        gboolean             single);
void        pd_cli_table_set_title     (PdCliTable          *self,
                                        const char          *title);
void        pd_cli_table_add_row       (PdCliTable          *self);
void        pd_cli_table_set           (PdCliTable          *self,
                                        const char          *column,
                                        const char          *value);
void        pd_cli_table_take          (PdCliTable          *self,
                                        const char          *column,
                                        char                *value);
void        pd_cli_table_set_int       (PdCliTable          *self,
                                        const char          *column,
                                        gint64               value);
void        pd_cli_table_set_money     (PdCliTable          *self,
                                        const char          *column,
                                        const PdMoney       *money);
void        pd_cli_table_set_amount    (PdCliTable          *self,
                                        const PdMoney       *money);
void        pd_cli_table_set_time      (PdCliTable          *self,
                                        const char          *column,
                                        gint64               unix_seconds);
void        pd_cli_table_set_json      (PdCliTable          *self,
                                        const char          *member,
                                        JsonNode            *node);
void        pd_cli_table_add_child     (PdCliTable          *self,
                                        PdCliTable          *child);
guint       pd_cli_table_get_n_rows    (PdCliTable          *self);
gboolean    pd_cli_table_print         (PdCliTable          *self,
                                        PdCliFormat          format,
                                        GError             **error);
char       *pd_cli_format_utc          (gint64               unix_seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdCliTable, pd_cli_table_free)

G_END_DECLS

/* pd-zengapay-private.h - what the ZengaPay client, its records and its webhooks share
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "pd-json.h"
#include "pd-records.h"
#include "pd-zengapay-client.h"

G_BEGIN_DECLS

#define ZP_PROVIDER_NAME     "ZengaPay"
#define ZP_CURRENCY          "UGX"
#define ZP_DEFAULT_TIMEZONE  "Africa/Kampala"

/* A value's bytes in the text it was parsed from: [start, end). */
typedef struct
{
  gsize start;
  gsize end;
} ZpRange;

gboolean           zp_invalid                (GError             **error,
                                              const char          *format,
                                              ...) G_GNUC_PRINTF (2, 3);
gboolean           zp_is_blank               (const char          *text);
char              *zp_dup_text               (JsonObject          *object,
                                              const char          *member);
char              *zp_node_to_json           (JsonNode            *node);
GTimeZone         *zp_time_zone_new          (const char          *identifier);
gboolean           zp_parse_time             (GTimeZone           *tz,
                                              const char          *text,
                                              gint64              *out);
char              *zp_format_time            (GTimeZone           *tz,
                                              GDateTime           *time);

gboolean           zp_find_elements          (const char          *text,
                                              gsize                length,
                                              const char * const  *path,
                                              GArray              *ranges);
char              *zp_dup_value              (const char          *text,
                                              gsize                length,
                                              const char * const  *path);

const char        *zp_product_path           (PdZengapayProduct    product);
const char        *zp_product_resource       (PdZengapayProduct    product);
PdTransactionKind  zp_product_kind           (PdZengapayProduct    product);
PdTransactionState zp_state_from_status      (const char          *status);

PdTransaction     *zp_parse_transaction      (JsonNode            *node,
                                              PdTransactionKind    kind,
                                              GTimeZone           *tz,
                                              char                *raw_json,
                                              GError             **error);
PdStatementEntry  *zp_parse_statement_entry  (JsonNode            *node,
                                              GTimeZone           *tz,
                                              char                *raw_json,
                                              GError             **error);
PdCustomer        *zp_parse_contact          (JsonNode            *node,
                                              GTimeZone           *tz,
                                              char                *raw_json,
                                              GError             **error);
PdZengapayNetwork *zp_parse_network          (JsonNode            *node,
                                              GError             **error);
PdZengapayAccount *zp_parse_account          (JsonObject          *data,
                                              GTimeZone           *tz,
                                              GError             **error);
GPtrArray         *zp_parse_balances         (JsonObject          *data,
                                              gint64               recorded_at,
                                              GError             **error);

G_END_DECLS

/* pd-json.h - JSON reading that keeps numbers exact, and a streaming writer
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "pd-money.h"

G_BEGIN_DECLS

#define PD_JSON_ERROR (pd_json_error_quark ())

/**
 * PdJsonError:
 * @PD_JSON_ERROR_MALFORMED: the text is not JSON
 * @PD_JSON_ERROR_MISSING: a required member is absent or null
 * @PD_JSON_ERROR_TYPE: a member has a type that cannot be read as asked
 *
 * Stable error codes of the JSON domain.
 */
typedef enum
{
  PD_JSON_ERROR_MALFORMED,
  PD_JSON_ERROR_MISSING,
  PD_JSON_ERROR_TYPE,
} PdJsonError;

/**
 * PdAmountForm:
 * @PD_AMOUNT_MAJOR: the number is in currency units (`2152.2` is 2152.2 UGX)
 * @PD_AMOUNT_MINOR: the number is an integer count of minor units
 *   (`74200` is GHS 742.00)
 */
typedef enum
{
  PD_AMOUNT_MAJOR,
  PD_AMOUNT_MINOR,
} PdAmountForm;

GQuark      pd_json_error_quark            (void);

/* Number literals that are not plain 64-bit integers (a fraction, an
 * exponent, or too many digits) come back as string nodes holding the
 * literal's exact text, so no amount ever passes through a double. */
JsonNode   *pd_json_parse                  (const char    *data,
                                            gssize         length,
                                            GError       **error);
JsonNode   *pd_json_parse_bytes            (GBytes        *bytes,
                                            GError       **error);

const char *pd_json_get_string             (JsonObject    *object,
                                            const char    *member);
char       *pd_json_dup_text               (JsonObject    *object,
                                            const char    *member);
gboolean    pd_json_get_int                (JsonObject    *object,
                                            const char    *member,
                                            gint64        *out,
                                            GError       **error);
gboolean    pd_json_get_money              (JsonObject    *object,
                                            const char    *member,
                                            const char    *currency,
                                            PdAmountForm   form,
                                            PdMoney       *out,
                                            GError       **error);
gboolean    pd_json_node_get_money         (JsonNode      *node,
                                            const char    *currency,
                                            PdAmountForm   form,
                                            PdMoney       *out,
                                            GError       **error);

typedef struct _PdJsonWriter PdJsonWriter;

PdJsonWriter *pd_json_writer_new           (void);
void          pd_json_writer_free          (PdJsonWriter  *self);
void          pd_json_writer_begin_object  (PdJsonWriter  *self);
void          pd_json_writer_end_object    (PdJsonWriter  *self);
void          pd_json_writer_begin_array   (PdJsonWriter  *self);
void          pd_json_writer_end_array     (PdJsonWriter  *self);
void          pd_json_writer_member        (PdJsonWriter  *self,
                                            const char    *name);
void          pd_json_writer_string        (PdJsonWriter  *self,
                                            const char    *value);
void          pd_json_writer_int           (PdJsonWriter  *self,
                                            gint64         value);
void          pd_json_writer_boolean       (PdJsonWriter  *self,
                                            gboolean       value);
void          pd_json_writer_null          (PdJsonWriter  *self);
void          pd_json_writer_raw_number    (PdJsonWriter  *self,
                                            const char    *literal);
void          pd_json_writer_money         (PdJsonWriter  *self,
                                            const PdMoney *money,
                                            PdAmountForm   form);
void          pd_json_writer_node          (PdJsonWriter  *self,
                                            JsonNode      *node);
char         *pd_json_writer_free_to_string (PdJsonWriter *self);
GBytes       *pd_json_writer_free_to_bytes (PdJsonWriter  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdJsonWriter, pd_json_writer_free)

G_END_DECLS

/* pd-json-private.h - the JSON token reader shared by pd-json.c and pd-redact.c
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Deeper nesting is refused as malformed: no provider needs it, and
 * json-glib's parser recurses once per level. */
#define PD_JSON_MAX_DEPTH 512

typedef enum
{
  PD_JSON_TOKEN_BEGIN_OBJECT,
  PD_JSON_TOKEN_END_OBJECT,
  PD_JSON_TOKEN_BEGIN_ARRAY,
  PD_JSON_TOKEN_END_ARRAY,
  PD_JSON_TOKEN_NAME,
  PD_JSON_TOKEN_STRING,
  PD_JSON_TOKEN_NUMBER,
  PD_JSON_TOKEN_TRUE,
  PD_JSON_TOKEN_FALSE,
  PD_JSON_TOKEN_NULL,
  PD_JSON_TOKEN_END,
} PdJsonTokenType;

/*
 * One token, as byte offsets into the text: [start, end). A NAME or STRING
 * spans its quotes; the ':' after a NAME and the ',' between values are not
 * tokens, they stay in the gaps between tokens. A value's first and last
 * token (BEGIN_x and END_x of a container) carry the same depth.
 */
typedef struct
{
  PdJsonTokenType type;
  gsize           start;
  gsize           end;
  guint           depth;
  /* NUMBER only: no fraction, no exponent, and fits in a gint64. */
  gboolean        is_int64;
} PdJsonToken;

/* A validating pull reader: every token it returns is in a place where the
 * JSON grammar allows it, and the first error stops it. Lives on the stack. */
typedef struct
{
  const char *data;
  gsize       length;
  gsize       pos;
  guint       depth;
  guint       state;
  gboolean    checked_utf8;
  guint8      in_object[PD_JSON_MAX_DEPTH];
} PdJsonReader;

void      pd_json_reader_init         (PdJsonReader      *reader,
                                       const char        *data,
                                       gsize              length);
gboolean  pd_json_reader_next         (PdJsonReader      *reader,
                                       PdJsonToken       *token,
                                       GError           **error);
gboolean  pd_json_reader_skip_value   (PdJsonReader      *reader,
                                       const PdJsonToken *first,
                                       PdJsonToken       *last,
                                       GError           **error);
char     *pd_json_reader_dup_string   (const PdJsonReader *reader,
                                       const PdJsonToken *token);

gboolean  pd_json_is_number_literal   (const char        *text,
                                       gsize              length,
                                       gboolean          *is_int64);

G_END_DECLS

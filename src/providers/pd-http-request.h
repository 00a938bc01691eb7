/* pd-http-request.h - one request to a provider: method, path, query, headers, body
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pd-json.h"

G_BEGIN_DECLS

#define PD_TYPE_HTTP_REQUEST (pd_http_request_get_type ())

typedef struct _PdHttpRequest PdHttpRequest;

GType          pd_http_request_get_type             (void) G_GNUC_CONST;

PdHttpRequest *pd_http_request_new                  (const char    *method,
                                                     const char    *path);
PdHttpRequest *pd_http_request_ref                  (PdHttpRequest *self);
void           pd_http_request_unref                (PdHttpRequest *self);

const char    *pd_http_request_get_method           (PdHttpRequest *self);
const char    *pd_http_request_get_path             (PdHttpRequest *self);

void           pd_http_request_append_path_segment  (PdHttpRequest *self,
                                                     const char    *segment);
void           pd_http_request_add_query            (PdHttpRequest *self,
                                                     const char    *name,
                                                     const char    *value);
void           pd_http_request_add_query_int        (PdHttpRequest *self,
                                                     const char    *name,
                                                     gint64         value);

void           pd_http_request_set_header           (PdHttpRequest *self,
                                                     const char    *name,
                                                     const char    *value);
const char    *pd_http_request_get_header           (PdHttpRequest *self,
                                                     const char    *name);
void           pd_http_request_set_basic_auth       (PdHttpRequest *self,
                                                     const char    *user,
                                                     const char    *password);

void           pd_http_request_set_idempotency_key  (PdHttpRequest *self,
                                                     const char    *key);
const char    *pd_http_request_get_idempotency_key  (PdHttpRequest *self);
void           pd_http_request_set_retry_safe       (PdHttpRequest *self,
                                                     gboolean       retry_safe);
gboolean       pd_http_request_get_retry_safe       (PdHttpRequest *self);

PdJsonWriter  *pd_http_request_get_json_object      (PdHttpRequest *self);
void           pd_http_request_set_body             (PdHttpRequest *self,
                                                     const char    *content_type,
                                                     GBytes        *body);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdHttpRequest, pd_http_request_unref)

G_END_DECLS

/* pd-http-response.h - a provider's successful answer: status, headers, JSON
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PD_TYPE_HTTP_RESPONSE (pd_http_response_get_type ())

typedef struct _PdHttpResponse PdHttpResponse;

GType           pd_http_response_get_type       (void) G_GNUC_CONST;

PdHttpResponse *pd_http_response_ref            (PdHttpResponse *self);
void            pd_http_response_unref          (PdHttpResponse *self);

guint           pd_http_response_get_status     (PdHttpResponse *self);
const char     *pd_http_response_get_header     (PdHttpResponse *self,
                                                 const char     *name);
GBytes         *pd_http_response_get_body       (PdHttpResponse *self);
JsonNode       *pd_http_response_get_root       (PdHttpResponse *self);
JsonObject     *pd_http_response_get_object     (PdHttpResponse *self);
JsonArray      *pd_http_response_get_array      (PdHttpResponse *self);
guint           pd_http_response_get_attempts   (PdHttpResponse *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdHttpResponse, pd_http_response_unref)

G_END_DECLS

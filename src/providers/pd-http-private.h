/* pd-http-private.h - API shared by the files of the HTTP layer only
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "pd-http-request.h"
#include "pd-http-response.h"

G_BEGIN_DECLS

gboolean        pd_http_request_is_safe_method     (PdHttpRequest      *self);
gboolean        pd_http_request_is_sealed          (PdHttpRequest      *self);
void            pd_http_request_seal               (PdHttpRequest      *self);
GBytes         *pd_http_request_get_body           (PdHttpRequest      *self);
const char     *pd_http_request_get_content_type   (PdHttpRequest      *self);
char           *pd_http_request_build_url          (PdHttpRequest      *self,
                                                    const char         *base_url);
void            pd_http_request_apply_headers      (PdHttpRequest      *self,
                                                    SoupMessageHeaders *headers);
char           *pd_http_request_describe_headers   (PdHttpRequest      *self);

PdHttpResponse *pd_http_response_new               (guint               status,
                                                    SoupMessageHeaders *headers,
                                                    GBytes             *body,
                                                    JsonNode           *root,
                                                    guint               attempts);

GProxyResolver *pd_http_proxy_resolver_new         (GProxyResolver     *system);
gboolean        pd_http_uri_is_allowed             (GUri               *uri);
gboolean        pd_http_parse_retry_after          (const char         *value,
                                                    GDateTime          *now,
                                                    guint              *seconds);

G_END_DECLS

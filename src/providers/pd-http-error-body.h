/* pd-http-error-body.h - reading a provider's error answer into code and message
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "pd-provider-error.h"

G_BEGIN_DECLS

/**
 * PdHttpErrorDetails:
 * @http_status: the HTTP status of the answer (not 2xx)
 * @content_type: (nullable): the media type of the body, without parameters
 * @body: the raw body, maybe empty
 * @root: (nullable): the body parsed with pd_json_parse(), or %NULL if it is
 *   empty or not JSON
 * @code: on input the code for @http_status (see
 *   pd_provider_error_code_for_http_status()); a parser may change it, for
 *   example when a provider signals a conflict with a 400
 * @provider_code: (nullable): out: the provider's own error code, newly
 *   allocated
 * @provider_message: (nullable): out: the provider's own message, newly
 *   allocated
 *
 * What an error-body parser (#PdHttpErrorParseFunc) reads and fills in. The
 * client owns the struct and frees the two strings.
 */
typedef struct
{
  guint            http_status;
  const char      *content_type;
  GBytes          *body;
  JsonNode        *root;
  PdProviderError  code;
  char            *provider_code;
  char            *provider_message;
} PdHttpErrorDetails;

void pd_http_error_details_parse_default (PdHttpErrorDetails *details);

G_END_DECLS

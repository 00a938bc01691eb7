/* pd-http-client.h - JSON over HTTP to one provider account, with retries
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "pd-http-error-body.h"
#include "pd-http-request.h"
#include "pd-http-response.h"
#include "pd-http-session.h"
#include "pd-provider-error.h"

G_BEGIN_DECLS

#define PD_TYPE_HTTP_CLIENT (pd_http_client_get_type ())

G_DECLARE_FINAL_TYPE (PdHttpClient, pd_http_client, PD, HTTP_CLIENT, GObject)

/**
 * PdHttpPrepareFunc:
 * @client: the client about to send @request
 * @request: the request, not sealed yet
 * @user_data: the data given to pd_http_client_set_prepare_func()
 * @error: where to put an error
 *
 * Adds a provider's credentials to a request, once, just before it is first
 * sent: headers with pd_http_request_set_header() or
 * pd_http_request_set_basic_auth(), or members of the JSON body with
 * pd_http_request_get_json_object(). Runs on the thread that sends.
 *
 * Returns: %TRUE to send the request, %FALSE with @error set to fail it
 *   (for example %PD_PROVIDER_ERROR_AUTH when no key is known yet)
 */
typedef gboolean (*PdHttpPrepareFunc)    (PdHttpClient        *client,
                                          PdHttpRequest       *request,
                                          gpointer             user_data,
                                          GError             **error);

/**
 * PdHttpErrorParseFunc:
 * @client: the client that received the answer
 * @details: the answer, and where to put the provider's code and message
 * @user_data: the data given to pd_http_client_set_error_parser()
 *
 * Reads a provider's error answer (any status that is not 2xx). It may
 * call pd_http_error_details_parse_default() for shapes it does not know.
 */
typedef void     (*PdHttpErrorParseFunc) (PdHttpClient        *client,
                                          PdHttpErrorDetails  *details,
                                          gpointer             user_data);

/**
 * PdHttpRandomFunc:
 * @upper_bound: the largest value to return
 * @user_data: the data given to pd_http_client_set_random_func()
 *
 * Picks a backoff delay: a number from 0 to @upper_bound inclusive,
 * uniformly at random ("full jitter"). Tests replace it to make the delays
 * predictable.
 *
 * Returns: the delay in milliseconds
 */
typedef guint    (*PdHttpRandomFunc)     (guint                upper_bound,
                                          gpointer             user_data);

PdHttpClient   *pd_http_client_new                  (const char           *provider_name,
                                                     const char           *base_url);

const char     *pd_http_client_get_provider_name    (PdHttpClient         *self);
SoupSession    *pd_http_client_get_session          (PdHttpClient         *self);
const char     *pd_http_client_get_base_url         (PdHttpClient         *self);
void            pd_http_client_set_base_url         (PdHttpClient         *self,
                                                     const char           *base_url);
guint           pd_http_client_get_max_attempts     (PdHttpClient         *self);
void            pd_http_client_set_max_attempts     (PdHttpClient         *self,
                                                     guint                 max_attempts);
guint           pd_http_client_get_connect_timeout  (PdHttpClient         *self);
void            pd_http_client_set_connect_timeout  (PdHttpClient         *self,
                                                     guint                 timeout_ms);
guint           pd_http_client_get_timeout          (PdHttpClient         *self);
void            pd_http_client_set_timeout          (PdHttpClient         *self,
                                                     guint                 timeout_ms);
guint           pd_http_client_get_retry_delay      (PdHttpClient         *self);
void            pd_http_client_set_retry_delay      (PdHttpClient         *self,
                                                     guint                 base_delay_ms);
guint           pd_http_client_get_max_retry_delay  (PdHttpClient         *self);
void            pd_http_client_set_max_retry_delay  (PdHttpClient         *self,
                                                     guint                 max_delay_ms);
guint           pd_http_client_get_max_retry_after  (PdHttpClient         *self);
void            pd_http_client_set_max_retry_after  (PdHttpClient         *self,
                                                     guint                 seconds);

void            pd_http_client_set_prepare_func     (PdHttpClient         *self,
                                                     PdHttpPrepareFunc     func,
                                                     gpointer              user_data,
                                                     GDestroyNotify        destroy);
void            pd_http_client_set_error_parser     (PdHttpClient         *self,
                                                     PdHttpErrorParseFunc  func,
                                                     gpointer              user_data,
                                                     GDestroyNotify        destroy);
void            pd_http_client_set_random_func      (PdHttpClient         *self,
                                                     PdHttpRandomFunc      func,
                                                     gpointer              user_data,
                                                     GDestroyNotify        destroy);

void            pd_http_client_request_async        (PdHttpClient         *self,
                                                     PdHttpRequest        *request,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
PdHttpResponse *pd_http_client_request_finish       (PdHttpClient         *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

G_END_DECLS

/* pd-provider-error.h - the error domain of every payment provider request
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PD_PROVIDER_ERROR (pd_provider_error_quark ())

/**
 * PdProviderError:
 * @PD_PROVIDER_ERROR_AUTH: the provider did not accept the credentials
 *   (HTTP 401, a wrong key, token or password)
 * @PD_PROVIDER_ERROR_FORBIDDEN: the credentials are valid but not allowed to
 *   do this (HTTP 403, e.g. the computer's IP address is not whitelisted)
 * @PD_PROVIDER_ERROR_NOT_FOUND: the record does not exist (HTTP 404, 410)
 * @PD_PROVIDER_ERROR_VALIDATION: the provider refused the request as sent
 *   (HTTP 400, 422 and any other 4xx not listed here)
 * @PD_PROVIDER_ERROR_CONFLICT: the request clashes with an earlier one
 *   (HTTP 409, e.g. a reference that was already used)
 * @PD_PROVIDER_ERROR_RATE_LIMITED: too many requests (HTTP 429)
 * @PD_PROVIDER_ERROR_UNAVAILABLE: the provider failed or is down (HTTP 5xx)
 * @PD_PROVIDER_ERROR_NETWORK: the provider could not be reached, or the
 *   connection broke (refused, reset, dropped, name not resolved)
 * @PD_PROVIDER_ERROR_MALFORMED: the answer is not what the provider documents
 *   (not JSON where JSON was expected, an unexpected redirect)
 * @PD_PROVIDER_ERROR_TIMEOUT: no complete answer arrived in time
 * @PD_PROVIDER_ERROR_INSECURE: the address is not https (only loopback
 *   addresses may use plain http)
 * @PD_PROVIDER_ERROR_TLS: the secure connection could not be set up, for
 *   example because the server's certificate is not trusted
 *
 * Stable error codes of the provider domain. A cancelled request is reported
 * as %G_IO_ERROR_CANCELLED, as everywhere in GLib, never with this domain.
 *
 * Errors of this domain carry details beyond the message: read them with
 * pd_provider_error_get_http_status(), pd_provider_error_get_provider_code(),
 * pd_provider_error_get_provider_message() and the other getters below.
 */
typedef enum
{
  PD_PROVIDER_ERROR_AUTH,
  PD_PROVIDER_ERROR_FORBIDDEN,
  PD_PROVIDER_ERROR_NOT_FOUND,
  PD_PROVIDER_ERROR_VALIDATION,
  PD_PROVIDER_ERROR_CONFLICT,
  PD_PROVIDER_ERROR_RATE_LIMITED,
  PD_PROVIDER_ERROR_UNAVAILABLE,
  PD_PROVIDER_ERROR_NETWORK,
  PD_PROVIDER_ERROR_MALFORMED,
  PD_PROVIDER_ERROR_TIMEOUT,
  PD_PROVIDER_ERROR_INSECURE,
  PD_PROVIDER_ERROR_TLS,
} PdProviderError;

/**
 * PdProviderErrorInfo:
 * @provider_name: the provider's display name ("FayaPay"), or %NULL
 * @http_status: the HTTP status of the answer, or 0 when none arrived
 * @provider_code: the provider's own error code ("validation_error"), or %NULL
 * @provider_message: the provider's own explanation, or %NULL
 * @detail: what went wrong below HTTP (a transport or parser message), or %NULL
 * @retry_after_seconds: how long the provider asked to wait, or 0
 * @outcome_unknown: %TRUE when the request may have been applied although
 *   no usable answer arrived
 *
 * Everything pd_provider_error_new_full() records in an error. Strings are
 * copied; the struct is only read during the call.
 */
typedef struct
{
  const char *provider_name;
  guint       http_status;
  const char *provider_code;
  const char *provider_message;
  const char *detail;
  guint       retry_after_seconds;
  gboolean    outcome_unknown;
} PdProviderErrorInfo;

GQuark           pd_provider_error_quark                (void);

GError          *pd_provider_error_new                  (PdProviderError            code,
                                                         const char                *provider_name,
                                                         guint                      http_status,
                                                         const char                *provider_code,
                                                         const char                *provider_message);
GError          *pd_provider_error_new_full             (PdProviderError            code,
                                                         const PdProviderErrorInfo *info);

PdProviderError  pd_provider_error_code_for_http_status (guint                      http_status);

gboolean         pd_provider_error_is_outcome_unknown   (const GError              *error);
guint            pd_provider_error_get_http_status      (const GError              *error);
const char      *pd_provider_error_get_provider_name    (const GError              *error);
const char      *pd_provider_error_get_provider_code    (const GError              *error);
const char      *pd_provider_error_get_provider_message (const GError              *error);
guint            pd_provider_error_get_retry_after      (const GError              *error);

G_END_DECLS

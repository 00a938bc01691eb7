/* pd-provider-error.c - the error domain of every payment provider request
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pd-provider-error.h"
#include "pd-redact.h"

/* The details live in the error itself (an extended GError domain), so they
 * travel with it through GTask, g_error_copy() and g_propagate_error()
 * without a side table. */
typedef struct
{
  char     *provider_name;
  char     *provider_code;
  char     *provider_message;
  guint     http_status;
  guint     retry_after_seconds;
  gboolean  outcome_unknown;
} PdProviderErrorPrivate;

static void
pd_provider_error_private_init (PdProviderErrorPrivate *priv)
{
  priv->provider_name = NULL;
  priv->provider_code = NULL;
  priv->provider_message = NULL;
  priv->http_status = 0;
  priv->retry_after_seconds = 0;
  priv->outcome_unknown = FALSE;
}

static void
pd_provider_error_private_copy (const PdProviderErrorPrivate *src,
                                PdProviderErrorPrivate       *dest)
{
  dest->provider_name = g_strdup (src->provider_name);
  dest->provider_code = g_strdup (src->provider_code);
  dest->provider_message = g_strdup (src->provider_message);
  dest->http_status = src->http_status;
  dest->retry_after_seconds = src->retry_after_seconds;
  dest->outcome_unknown = src->outcome_unknown;
}

static void
pd_provider_error_private_clear (PdProviderErrorPrivate *priv)
{
  g_clear_pointer (&priv->provider_name, g_free);
  g_clear_pointer (&priv->provider_code, g_free);
  g_clear_pointer (&priv->provider_message, g_free);
}

/* Defines pd_provider_error_quark() like G_DEFINE_QUARK does, and registers
 * the private data above with the domain. */
G_DEFINE_EXTENDED_ERROR (PdProviderError, pd_provider_error)

static const PdProviderErrorPrivate *
lookup_private (const GError *error)
{
  if (error == NULL || error->domain != PD_PROVIDER_ERROR)
    return NULL;

  return pd_provider_error_get_private (error);
}

static char *
redact_or_null (const char *text)
{
  g_autofree char *stripped = NULL;

  if (text == NULL)
    return NULL;

  stripped = g_strstrip (g_strdup (text));
  if (*stripped == '\0')
    return NULL;

  return pd_redact_text (stripped);
}

static gboolean
ends_with_stop (const char *text)
{
  gsize len = strlen (text);

  return len > 0 && strchr (".!?", text[len - 1]) != NULL;
}

static char *
format_message (PdProviderError   code,
                const char       *name,
                guint             http_status,
                const char       *provider_code,
                const char       *provider_message,
                const char       *detail,
                guint             retry_after_seconds,
                gboolean          outcome_unknown)
{
  GString *text = g_string_new (NULL);
  const char *explanation = provider_message != NULL ? provider_message : detail;
  const char *advice = NULL;

  switch (code)
    {
    case PD_PROVIDER_ERROR_AUTH:
      g_string_append_printf (text, _("%s did not accept the account’s credentials"), name);
      advice = _("Check them in the account’s settings.");
      break;

    case PD_PROVIDER_ERROR_FORBIDDEN:
      g_string_append_printf (text, _("%s does not allow this account to do that"), name);
      advice = _("Check the account’s permissions and IP address whitelist with the provider.");
      break;

    case PD_PROVIDER_ERROR_NOT_FOUND:
      g_string_append_printf (text, _("%s has no such record"), name);
      break;

    case PD_PROVIDER_ERROR_VALIDATION:
      g_string_append_printf (text, _("%s refused the request"), name);
      break;

    case PD_PROVIDER_ERROR_CONFLICT:
      g_string_append_printf (text, _("%s refused the request because it clashes with an earlier one"), name);
      advice = _("Its reference may already have been used.");
      break;

    case PD_PROVIDER_ERROR_RATE_LIMITED:
      g_string_append_printf (text, _("%s is receiving too many requests"), name);
      break;

    case PD_PROVIDER_ERROR_UNAVAILABLE:
      g_string_append_printf (text, _("%s is not working right now"), name);
      advice = _("Try again later.");
      break;

    case PD_PROVIDER_ERROR_NETWORK:
      if (outcome_unknown)
        g_string_append_printf (text, _("The connection to %s broke before it answered"), name);
      else
        g_string_append_printf (text, _("Could not reach %s"), name);
      advice = _("Check the internet connection.");
      break;

    case PD_PROVIDER_ERROR_MALFORMED:
      g_string_append_printf (text, _("%s sent an answer that cannot be read"), name);
      break;

    case PD_PROVIDER_ERROR_TIMEOUT:
      g_string_append_printf (text, _("%s did not answer in time"), name);
      advice = _("Try again later.");
      break;

    case PD_PROVIDER_ERROR_INSECURE:
      g_string_append_printf (text, _("Paydesk only connects to %s over https"), name);
      advice = _("Use an address that starts with https://.");
      break;

    case PD_PROVIDER_ERROR_TLS:
      g_string_append_printf (text, _("The secure connection to %s could not be set up"), name);
      advice = _("Nothing was sent.");
      break;

    default:
      g_string_append_printf (text, _("%s failed"), name);
      break;
    }

  if (explanation != NULL)
    g_string_append_printf (text, ": %s", explanation);
  if (provider_code != NULL)
    g_string_append_printf (text, " (%s)", provider_code);
  else if (explanation == NULL && http_status != 0)
    g_string_append_printf (text, " (HTTP %u)", http_status);

  if (!ends_with_stop (text->str))
    g_string_append_c (text, '.');

  if (code == PD_PROVIDER_ERROR_RATE_LIMITED)
    {
      g_string_append_c (text, ' ');
      if (retry_after_seconds > 0)
        g_string_append_printf (text,
                                g_dngettext (GETTEXT_PACKAGE,
                                             "Try again in %u second.",
                                             "Try again in %u seconds.",
                                             retry_after_seconds),
                                retry_after_seconds);
      else
        g_string_append (text, _("Try again in a moment."));
    }

  /* For a request that may have moved money this matters more than any
   * generic advice. */
  if (outcome_unknown)
    advice = _("The request may have been applied; check with the provider before sending it again.");

  if (advice != NULL)
    {
      g_string_append_c (text, ' ');
      g_string_append (text, advice);
    }

  return g_string_free (text, FALSE);
}

/**
 * pd_provider_error_new_full:
 * @code: the #PdProviderError code
 * @info: what to record in the error
 *
 * Makes an error of the %PD_PROVIDER_ERROR domain whose message is a
 * sentence a user can act on, and which keeps the provider's own code and
 * message (readable with pd_provider_error_get_provider_code() and
 * pd_provider_error_get_provider_message()). Provider text is passed through
 * pd_redact_text() first, because providers sometimes echo a card number or
 * a key back in their error messages.
 *
 * Returns: (transfer full): a new #GError
 */
GError *
pd_provider_error_new_full (PdProviderError            code,
                            const PdProviderErrorInfo *info)
{
  g_autofree char *provider_code = NULL;
  g_autofree char *provider_message = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *message = NULL;
  const char *name;
  PdProviderErrorPrivate *priv;
  GError *error;

  g_return_val_if_fail (info != NULL, NULL);

  name = info->provider_name != NULL && *info->provider_name != '\0'
         ? info->provider_name : _("The payment provider");
  provider_code = redact_or_null (info->provider_code);
  provider_message = redact_or_null (info->provider_message);
  detail = redact_or_null (info->detail);

  message = format_message (code, name, info->http_status,
                            provider_code, provider_message, detail,
                            info->retry_after_seconds, info->outcome_unknown);
  error = g_error_new_literal (PD_PROVIDER_ERROR, code, message);

  priv = pd_provider_error_get_private (error);
  priv->provider_name = g_strdup (info->provider_name);
  priv->provider_code = g_steal_pointer (&provider_code);
  priv->provider_message = g_steal_pointer (&provider_message);
  priv->http_status = info->http_status;
  priv->retry_after_seconds = info->retry_after_seconds;
  priv->outcome_unknown = info->outcome_unknown;

  return error;
}

/**
 * pd_provider_error_new:
 * @code: the #PdProviderError code
 * @provider_name: (nullable): the provider's display name, e.g. "FayaPay"
 * @http_status: the HTTP status of the answer, or 0
 * @provider_code: (nullable): the provider's own error code
 * @provider_message: (nullable): the provider's own message
 *
 * The common case of pd_provider_error_new_full(): an answer that arrived
 * and refused the request. For example, `pd_provider_error_new
 * (PD_PROVIDER_ERROR_VALIDATION, "FayaPay", 400, "validation_error",
 * "Amount exceeds the refundable balance")` reads "FayaPay refused the
 * request: Amount exceeds the refundable balance (validation_error)."
 *
 * Returns: (transfer full): a new #GError
 */
GError *
pd_provider_error_new (PdProviderError  code,
                       const char      *provider_name,
                       guint            http_status,
                       const char      *provider_code,
                       const char      *provider_message)
{
  PdProviderErrorInfo info = {
    .provider_name = provider_name,
    .http_status = http_status,
    .provider_code = provider_code,
    .provider_message = provider_message,
  };

  return pd_provider_error_new_full (code, &info);
}

/**
 * pd_provider_error_code_for_http_status:
 * @http_status: an HTTP status that is not a success (not 2xx)
 *
 * Maps an HTTP status to the code of this domain: 401 is
 * %PD_PROVIDER_ERROR_AUTH, 403 %PD_PROVIDER_ERROR_FORBIDDEN, 404 and 410
 * %PD_PROVIDER_ERROR_NOT_FOUND, 408 %PD_PROVIDER_ERROR_TIMEOUT, 409
 * %PD_PROVIDER_ERROR_CONFLICT, 429 %PD_PROVIDER_ERROR_RATE_LIMITED, other
 * 4xx %PD_PROVIDER_ERROR_VALIDATION, 5xx %PD_PROVIDER_ERROR_UNAVAILABLE,
 * and anything else (1xx, 3xx) %PD_PROVIDER_ERROR_MALFORMED.
 *
 * Returns: the error code
 */
PdProviderError
pd_provider_error_code_for_http_status (guint http_status)
{
  switch (http_status)
    {
    case 401:
      return PD_PROVIDER_ERROR_AUTH;
    case 403:
      return PD_PROVIDER_ERROR_FORBIDDEN;
    case 404:
    case 410:
      return PD_PROVIDER_ERROR_NOT_FOUND;
    case 408:
      return PD_PROVIDER_ERROR_TIMEOUT;
    case 409:
      return PD_PROVIDER_ERROR_CONFLICT;
    case 429:
      return PD_PROVIDER_ERROR_RATE_LIMITED;
    default:
      break;
    }

  if (http_status >= 400 && http_status < 500)
    return PD_PROVIDER_ERROR_VALIDATION;
  if (http_status >= 500 && http_status < 600)
    return PD_PROVIDER_ERROR_UNAVAILABLE;

  return PD_PROVIDER_ERROR_MALFORMED;
}

/**
 * pd_provider_error_is_outcome_unknown:
 * @error: (nullable): any error
 *
 * Whether a request that may have been applied got no usable answer: it
 * timed out or the connection broke after the request was sent, or a
 * success status came with a body that was cut off or unreadable. A
 * money-moving request that fails this way must be reconciled with the
 * provider before it is ever sent again. Requests that cannot change
 * anything (GET, HEAD) never report an unknown outcome.
 *
 * Cancellation is reported as %G_IO_ERROR_CANCELLED, which carries no such
 * detail: a caller that cancels a money-moving request after sending it
 * must treat its outcome as unknown itself.
 *
 * Returns: %TRUE if @error is a %PD_PROVIDER_ERROR whose outcome is unknown
 */
gboolean
pd_provider_error_is_outcome_unknown (const GError *error)
{
  const PdProviderErrorPrivate *priv = lookup_private (error);

  return priv != NULL && priv->outcome_unknown;
}

/**
 * pd_provider_error_get_http_status:
 * @error: (nullable): any error
 *
 * Returns: the HTTP status of the answer that caused @error, or 0 if no
 *   answer arrived or @error is not a %PD_PROVIDER_ERROR
 */
guint
pd_provider_error_get_http_status (const GError *error)
{
  const PdProviderErrorPrivate *priv = lookup_private (error);

  return priv != NULL ? priv->http_status : 0;
}

/**
 * pd_provider_error_get_provider_name:
 * @error: (nullable): any error
 *
 * Returns: (nullable): the display name of the provider that failed
 */
const char *
pd_provider_error_get_provider_name (const GError *error)
{
  const PdProviderErrorPrivate *priv = lookup_private (error);

  return priv != NULL ? priv->provider_name : NULL;
}

/**
 * pd_provider_error_get_provider_code:
 * @error: (nullable): any error
 *
 * Returns: (nullable): the provider's own error code, such as
 *   "duplicate_reference", or %NULL if it sent none
 */
const char *
pd_provider_error_get_provider_code (const GError *error)
{
  const PdProviderErrorPrivate *priv = lookup_private (error);

  return priv != NULL ? priv->provider_code : NULL;
}

/**
 * pd_provider_error_get_provider_message:
 * @error: (nullable): any error
 *
 * Returns: (nullable): the provider's own explanation (redacted), or %NULL
 *   if it sent none
 */
const char *
pd_provider_error_get_provider_message (const GError *error)
{
  const PdProviderErrorPrivate *priv = lookup_private (error);

  return priv != NULL ? priv->provider_message : NULL;
}

/**
 * pd_provider_error_get_retry_after:
 * @error: (nullable): any error
 *
 * Returns: how many seconds the provider asked to wait before the next
 *   request (from `Retry-After`), or 0 if it did not say
 */
guint
pd_provider_error_get_retry_after (const GError *error)
{
  const PdProviderErrorPrivate *priv = lookup_private (error);

  return priv != NULL ? priv->retry_after_seconds : 0;
}

/* pd-http-session.c - the one libsoup session shared by every provider client
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-http-private.h"
#include "pd-http-session.h"

/* A Retry-After longer than this is treated as this; callers cap it much
 * lower anyway. It keeps the arithmetic in milliseconds far from overflow. */
#define MAX_RETRY_AFTER_SECONDS (7 * 24 * 3600)

/**
 * pd_http_session_new:
 *
 * Makes a session set up the way the HTTP layer expects: Paydesk's user
 * agent, and no authentication manager (credentials are headers or body
 * fields that each provider client adds itself, and a `WWW-Authenticate`
 * challenge must come back as an error rather than be answered from a
 * cache). Most code wants pd_http_session_get_default() instead; a separate
 * session is for tests that must not share connections.
 *
 * Returns: (transfer full): a new #SoupSession
 */
SoupSession *
pd_http_session_new (void)
{
  SoupSession *session;

  session = soup_session_new_with_options ("user-agent", "Paydesk/" PD_VERSION " ",
                                           NULL);
  soup_session_remove_feature_by_type (session, SOUP_TYPE_AUTH_MANAGER);

  return session;
}

/**
 * pd_http_session_get_default:
 *
 * The session every #PdHttpClient uses unless it is given another one, so
 * the whole process shares one connection pool. Like any #SoupSession it
 * is meant for the thread that first asks for it (the main thread).
 *
 * Returns: (transfer none): the process-wide #SoupSession
 */
SoupSession *
pd_http_session_get_default (void)
{
  static SoupSession *session;

  if (g_once_init_enter (&session))
    g_once_init_leave (&session, pd_http_session_new ());

  return session;
}

/* https everywhere; plain http only where nothing leaves the machine. */
gboolean
pd_http_uri_is_allowed (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);
  const char *host = g_uri_get_host (uri);
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL || *host == '\0')
    return FALSE;

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") != 0)
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* Retry-After is either a number of seconds or an HTTP date. */
gboolean
pd_http_parse_retry_after (const char *value,
                           GDateTime  *now,
                           guint      *seconds)
{
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) when = NULL;
  GTimeSpan span;

  if (value == NULL)
    return FALSE;

  text = g_strstrip (g_strdup (value));
  if (*text == '\0')
    return FALSE;

  if (g_ascii_isdigit (*text))
    {
      guint64 number = 0;

      if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &number, NULL))
        return FALSE;

      *seconds = (guint)MIN (number, (guint64)MAX_RETRY_AFTER_SECONDS);
      return TRUE;
    }

  when = soup_date_time_new_from_http_string (text);
  if (when == NULL)
    return FALSE;

  span = g_date_time_difference (when, now);
  if (span <= 0)
    *seconds = 0;
  else
    *seconds = (guint)MIN ((span + G_TIME_SPAN_SECOND - 1) / G_TIME_SPAN_SECOND,
                           (GTimeSpan)MAX_RETRY_AFTER_SECONDS);

  return TRUE;
}

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

/* Connections kept open to one host, and in all. libsoup's default of two
 * per host made a client that fetches records one by one (FayaPay's
 * sources while syncing charges) wait on two requests at a time however
 * many it sent. Sixteen is what one client sends at once at most
 * (MAX_PARALLEL_LOOKUPS in pd-fayapay-client.c). */
#define MAX_CONNS_PER_HOST 16
#define MAX_CONNS          32

/* The system's proxy settings, except for loopback hosts, which are always
 * reached directly: a proxy (a corporate http_proxy, a proxy.pac) cannot
 * reach the user's own machine, and the sandbox of the demo mode and of
 * the tests lives there. */
#define PD_TYPE_LOOPBACK_PROXY_RESOLVER (pd_loopback_proxy_resolver_get_type ())
G_DECLARE_FINAL_TYPE (PdLoopbackProxyResolver, pd_loopback_proxy_resolver,
                      PD, LOOPBACK_PROXY_RESOLVER, GObject)

struct _PdLoopbackProxyResolver
{
  GObject         parent_instance;
  GProxyResolver *system;
};

static void pd_loopback_proxy_resolver_iface_init (GProxyResolverInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdLoopbackProxyResolver, pd_loopback_proxy_resolver, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_PROXY_RESOLVER,
                                                      pd_loopback_proxy_resolver_iface_init))

static gboolean
uri_is_loopback (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  if (parsed == NULL || (host = g_uri_get_host (parsed)) == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

static char **
direct_only (void)
{
  char **proxies = g_new0 (char *, 2);

  proxies[0] = g_strdup ("direct://");

  return proxies;
}

static gboolean
pd_loopback_proxy_resolver_is_supported (GProxyResolver *resolver)
{
  return TRUE;
}

static char **
pd_loopback_proxy_resolver_lookup (GProxyResolver  *resolver,
                                   const char      *uri,
                                   GCancellable    *cancellable,
                                   GError         **error)
{
  PdLoopbackProxyResolver *self = PD_LOOPBACK_PROXY_RESOLVER (resolver);

  if (uri_is_loopback (uri) || self->system == NULL)
    return direct_only ();

  return g_proxy_resolver_lookup (self->system, uri, cancellable, error);
}

static void
on_system_lookup (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char **proxies;

  proxies = g_proxy_resolver_lookup_finish (G_PROXY_RESOLVER (object), result, &error);
  if (proxies == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, proxies, (GDestroyNotify)g_strfreev);
}

static void
pd_loopback_proxy_resolver_lookup_async (GProxyResolver      *resolver,
                                         const char          *uri,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  PdLoopbackProxyResolver *self = PD_LOOPBACK_PROXY_RESOLVER (resolver);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_loopback_proxy_resolver_lookup_async);

  if (uri_is_loopback (uri) || self->system == NULL)
    {
      g_task_return_pointer (task, direct_only (), (GDestroyNotify)g_strfreev);
      return;
    }

  g_proxy_resolver_lookup_async (self->system, uri, cancellable, on_system_lookup,
                                 g_steal_pointer (&task));
}

static char **
pd_loopback_proxy_resolver_lookup_finish (GProxyResolver  *resolver,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, resolver), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
pd_loopback_proxy_resolver_iface_init (GProxyResolverInterface *iface)
{
  iface->is_supported = pd_loopback_proxy_resolver_is_supported;
  iface->lookup = pd_loopback_proxy_resolver_lookup;
  iface->lookup_async = pd_loopback_proxy_resolver_lookup_async;
  iface->lookup_finish = pd_loopback_proxy_resolver_lookup_finish;
}

static void
pd_loopback_proxy_resolver_finalize (GObject *object)
{
  PdLoopbackProxyResolver *self = PD_LOOPBACK_PROXY_RESOLVER (object);

  g_clear_object (&self->system);

  G_OBJECT_CLASS (pd_loopback_proxy_resolver_parent_class)->finalize (object);
}

static void
pd_loopback_proxy_resolver_class_init (PdLoopbackProxyResolverClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_loopback_proxy_resolver_finalize;
}

static void
pd_loopback_proxy_resolver_init (PdLoopbackProxyResolver *self)
{
}

/* A resolver that answers "direct://" for loopback hosts and asks @system
 * (usually g_proxy_resolver_get_default()) about every other. */
GProxyResolver *
pd_http_proxy_resolver_new (GProxyResolver *system)
{
  PdLoopbackProxyResolver *self = g_object_new (PD_TYPE_LOOPBACK_PROXY_RESOLVER, NULL);

  g_set_object (&self->system, system);

  return G_PROXY_RESOLVER (self);
}

/**
 * pd_http_session_new:
 *
 * Makes a session set up the way the HTTP layer expects: Paydesk's user
 * agent, no authentication manager (credentials are headers or body
 * fields that each provider client adds itself, and a `WWW-Authenticate`
 * challenge must come back as an error rather than be answered from a
 * cache), up to 16 connections to one host (32 in all), and the
 * system's proxy settings for every host but loopback ones, which are
 * always reached directly. Most code wants pd_http_session_get_default()
 * instead; a separate session is for tests that must not share
 * connections.
 *
 * Returns: (transfer full): a new #SoupSession
 */
SoupSession *
pd_http_session_new (void)
{
  g_autoptr(GProxyResolver) resolver = pd_http_proxy_resolver_new (g_proxy_resolver_get_default ());
  SoupSession *session;

  session = soup_session_new_with_options ("user-agent", "Paydesk/" PD_VERSION " ",
                                           "max-conns", MAX_CONNS,
                                           "max-conns-per-host", MAX_CONNS_PER_HOST,
                                           "proxy-resolver", resolver,
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

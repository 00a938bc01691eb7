/* pd-http-client.c - JSON over HTTP to one provider account, with retries
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pd-http-client.h"
#include "pd-http-private.h"
#include "pd-redact.h"

#define DEFAULT_MAX_ATTEMPTS         4
#define DEFAULT_CONNECT_TIMEOUT_MS   (10 * 1000)
#define DEFAULT_TIMEOUT_MS           (60 * 1000)
#define DEFAULT_RETRY_DELAY_MS       500
#define DEFAULT_MAX_RETRY_DELAY_MS   (15 * 1000)
#define DEFAULT_MAX_RETRY_AFTER_S    60

/* No provider answer comes anywhere near this; a bigger one is a fault. */
#define MAX_BODY_SIZE                (64 * 1024 * 1024)
#define READ_CHUNK_SIZE              (64 * 1024)
#define MAX_LOGGED_BODY              2048

struct _PdHttpClient
{
  GObject               parent_instance;

  SoupSession          *session;
  char                 *provider_name;
  char                 *base_url;

  guint                 max_attempts;
  guint                 connect_timeout_ms;
  guint                 timeout_ms;
  guint                 retry_delay_ms;
  guint                 max_retry_delay_ms;
  guint                 max_retry_after_s;

  PdHttpPrepareFunc     prepare_func;
  gpointer              prepare_data;
  GDestroyNotify        prepare_destroy;

  PdHttpErrorParseFunc  error_func;
  gpointer              error_data;
  GDestroyNotify        error_destroy;

  PdHttpRandomFunc      random_func;
  gpointer              random_data;
  GDestroyNotify        random_destroy;
};

G_DEFINE_FINAL_TYPE (PdHttpClient, pd_http_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_PROVIDER_NAME,
  PROP_BASE_URL,
  PROP_MAX_ATTEMPTS,
  PROP_CONNECT_TIMEOUT,
  PROP_TIMEOUT,
  PROP_RETRY_DELAY,
  PROP_MAX_RETRY_DELAY,
  PROP_MAX_RETRY_AFTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  TIMED_OUT_NONE,
  TIMED_OUT_CONNECT,
  TIMED_OUT_TOTAL,
} TimedOut;

/* The state of one pd_http_client_request_async() call. At most one
 * asynchronous step (a send, a read or a backoff wait) is pending at a
 * time, and every path ends in exactly one return on the task. */
typedef struct
{
  PdHttpRequest *request;
  GUri          *uri;
  char          *log_url;
  guint          max_attempts;
  guint          attempt;
  GSource       *backoff_timer;
  GSource       *cancel_source;

  /* The attempt in flight */
  SoupMessage   *message;
  GCancellable  *attempt_cancellable;
  GInputStream  *stream;
  GByteArray    *buffer;
  GSource       *connect_timer;
  GSource       *total_timer;
  gint64         attempt_started;
  TimedOut       timed_out;
  gboolean       request_sent;
} RequestData;

static void start_attempt (GTask *task);

static gboolean
debug_enabled (void)
{
  return !g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN);
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
end_attempt (RequestData *data)
{
  clear_source (&data->connect_timer);
  clear_source (&data->total_timer);

  if (data->message != NULL)
    g_signal_handlers_disconnect_by_data (data->message, data);

  g_clear_object (&data->message);
  g_clear_object (&data->attempt_cancellable);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->buffer, g_byte_array_unref);
}

static void
request_data_free (gpointer pointer)
{
  RequestData *data = pointer;

  end_attempt (data);
  clear_source (&data->backoff_timer);
  clear_source (&data->cancel_source);
  g_clear_pointer (&data->request, pd_http_request_unref);
  g_clear_pointer (&data->uri, g_uri_unref);
  g_free (data->log_url);
  g_free (data);
}

static gboolean
user_cancelled (GTask *task)
{
  return g_cancellable_is_cancelled (g_task_get_cancellable (task));
}

static void
return_error (GTask  *task,
              GError *error)
{
  RequestData *data = g_task_get_task_data (task);

  end_attempt (data);
  clear_source (&data->backoff_timer);
  clear_source (&data->cancel_source);
  g_task_return_error (task, error);
}

static void
return_cancelled (GTask *task)
{
  GError *error = NULL;

  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    g_assert_not_reached ();

  return_error (task, error);
}

static gint64
attempt_elapsed_ms (RequestData *data)
{
  return (g_get_monotonic_time () - data->attempt_started) / 1000;
}

static void
log_body (PdHttpClient *self,
          const char   *what,
          GBytes       *body)
{
  g_autofree char *json = NULL;
  g_autofree char *redacted = NULL;
  const char *text;
  gsize size = 0;

  if (body == NULL || !debug_enabled ())
    return;

  text = g_bytes_get_data (body, &size);
  if (size == 0)
    return;

  /* Only JSON that the redactor understood is shown; anything else could
   * hold a secret in a shape nobody anticipated. */
  json = pd_redact_json (text, size, NULL);
  if (json == NULL)
    {
      g_debug ("%s: %s: %" G_GSIZE_FORMAT " bytes, not JSON (not shown)",
               self->provider_name, what, size);
      return;
    }

  /* The JSON redactor masks card numbers where cards are; a provider may
   * also quote one in a free-text message. */
  redacted = pd_redact_text (json);

  if (strlen (redacted) > MAX_LOGGED_BODY)
    {
      const char *end = g_utf8_find_prev_char (redacted, redacted + MAX_LOGGED_BODY);

      g_debug ("%s: %s: %.*s...", self->provider_name, what,
               (int)(end != NULL ? end - redacted : 0), redacted);
    }
  else
    {
      g_debug ("%s: %s: %s", self->provider_name, what, redacted);
    }
}

static guint
default_random (guint    upper_bound,
                gpointer user_data)
{
  upper_bound = MIN (upper_bound, (guint)G_MAXINT32 - 1);

  return (guint)g_random_int_range (0, (gint32)upper_bound + 1);
}

/* Exponential backoff with full jitter: the n-th retry waits a random time
 * between 0 and min(max, base × 2^(n-1)), which spreads clients that failed
 * together instead of having them retry in step. */
static guint
backoff_delay_ms (PdHttpClient *self,
                  guint         failures)
{
  guint64 ceiling = self->retry_delay_ms;
  guint delay;

  for (guint i = 1; i < failures && ceiling < self->max_retry_delay_ms; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, (guint64)self->max_retry_delay_ms);

  if (self->random_func != NULL)
    delay = self->random_func ((guint)ceiling, self->random_data);
  else
    delay = default_random ((guint)ceiling, NULL);

  return MIN (delay, (guint)ceiling);
}

static gboolean
on_backoff_done (gpointer user_data)
{
  GTask *task = user_data;
  RequestData *data = g_task_get_task_data (task);

  clear_source (&data->backoff_timer);

  if (user_cancelled (task))
    return_cancelled (task);
  else
    start_attempt (task);

  return G_SOURCE_REMOVE;
}

static gboolean
is_retryable_status (guint status)
{
  return status == 408 || status == 429 || status == 502 || status == 503 || status == 504;
}

/* Ends the attempt that failed with @error, then either tries again after a
 * delay or returns @error. */
static void
retry_or_fail (GTask    *task,
               GError   *error,
               gboolean  retryable,
               gboolean  has_retry_after,
               guint     retry_after_s)
{
  PdHttpClient *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GError) owned = error;
  guint delay_ms;

  end_attempt (data);

  if (!retryable || data->attempt >= data->max_attempts)
    {
      return_error (task, g_steal_pointer (&owned));
      return;
    }

  if (has_retry_after)
    {
      /* Never retry sooner than asked; a wait longer than the cap goes
       * back to the caller, whose error says how long to wait. */
      if (retry_after_s > self->max_retry_after_s)
        {
          return_error (task, g_steal_pointer (&owned));
          return;
        }
      delay_ms = retry_after_s * 1000;
    }
  else
    {
      delay_ms = backoff_delay_ms (self, data->attempt);
    }

  g_debug ("%s: attempt %u of %u failed (%s); retrying in %u ms",
           self->provider_name, data->attempt, data->max_attempts,
           owned->message, delay_ms);

  data->backoff_timer = g_timeout_source_new (delay_ms);
  g_source_set_static_name (data->backoff_timer, "[paydesk] http backoff");
  g_source_set_callback (data->backoff_timer, on_backoff_done,
                         g_object_ref (task), g_object_unref);
  g_source_attach (data->backoff_timer, g_task_get_context (task));
}

static const char *
describe_tls_problem (GTlsCertificateFlags flags)
{
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return _("the server’s certificate belongs to another address");
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    return _("the server’s certificate has expired");
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return _("the server’s certificate is not valid yet");
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    return _("the server’s certificate has been revoked");
  if (flags & (G_TLS_CERTIFICATE_UNKNOWN_CA | G_TLS_CERTIFICATE_INSECURE))
    return _("the server’s certificate is not trusted");
  if (flags != 0)
    return _("the server’s certificate is not valid");

  return NULL;
}

static gboolean
is_success (guint status)
{
  return status >= 200 && status < 300;
}

static void
fail_with_status (GTask              *task,
                  guint               status,
                  SoupMessageHeaders *headers,
                  GBytes             *body)
{
  PdHttpClient *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  PdHttpErrorDetails details = { 0, };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = NULL;
  PdProviderErrorInfo info = { 0, };
  guint retry_after_s = 0;
  gboolean has_retry_after;
  GError *error;

  if (body != NULL && g_bytes_get_size (body) > 0)
    root = pd_json_parse_bytes (body, NULL);

  details.http_status = status;
  details.content_type = soup_message_headers_get_content_type (headers, NULL);
  details.body = body;
  details.root = root;
  details.code = pd_provider_error_code_for_http_status (status);

  if (self->error_func != NULL)
    self->error_func (self, &details, self->error_data);
  else
    pd_http_error_details_parse_default (&details);

  now = g_date_time_new_now_utc ();
  has_retry_after = pd_http_parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"),
                                               now, &retry_after_s);

  info.provider_name = self->provider_name;
  info.http_status = status;
  info.provider_code = details.provider_code;
  info.provider_message = details.provider_message;
  info.retry_after_seconds = retry_after_s;
  error = pd_provider_error_new_full (details.code, &info);

  g_free (details.provider_code);
  g_free (details.provider_message);

  retry_or_fail (task, error,
                 is_retryable_status (status) && pd_http_request_get_retry_safe (data->request),
                 has_retry_after, retry_after_s);
}

/* The attempt ended below HTTP: no answer, or an answer cut short. */
static void
fail_with_transport_error (GTask  *task,
                           GError *transport_error)
{
  PdHttpClient *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  guint status = soup_message_get_status (data->message);
  GTlsCertificateFlags tls_flags = soup_message_get_tls_peer_certificate_errors (data->message);
  PdProviderErrorInfo info = { 0, };
  g_autofree char *detail = NULL;
  PdProviderError code;
  gboolean may_have_applied;
  gboolean retryable;

  if (debug_enabled ())
    {
      g_autofree char *reason = pd_redact_text (transport_error->message);

      g_debug ("%s: %s %s failed after %" G_GINT64_FORMAT " ms: %s",
               self->provider_name, pd_http_request_get_method (data->request),
               data->log_url, attempt_elapsed_ms (data),
               data->timed_out != TIMED_OUT_NONE ? "timed out" : reason);
    }

  /* A refusal whose body broke off is still a refusal. */
  if (status >= 300 && data->timed_out == TIMED_OUT_NONE)
    {
      fail_with_status (task, status, soup_message_get_response_headers (data->message), NULL);
      return;
    }

  if (data->timed_out == TIMED_OUT_CONNECT)
    {
      code = PD_PROVIDER_ERROR_TIMEOUT;
      detail = g_strdup_printf (_("no connection within %u ms"), pd_http_client_get_connect_timeout (self));
    }
  else if (data->timed_out == TIMED_OUT_TOTAL
           || g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      code = PD_PROVIDER_ERROR_TIMEOUT;
      detail = g_strdup_printf (_("no complete answer within %u ms"), pd_http_client_get_timeout (self));
    }
  else if (tls_flags != 0 || (transport_error->domain == G_TLS_ERROR && !data->request_sent))
    {
      code = PD_PROVIDER_ERROR_TLS;
      detail = g_strdup (describe_tls_problem (tls_flags));
      if (detail == NULL)
        detail = g_strdup (transport_error->message);
    }
  else if (transport_error->domain == SOUP_SESSION_ERROR)
    {
      code = PD_PROVIDER_ERROR_MALFORMED;
      detail = g_strdup (transport_error->message);
    }
  else
    {
      code = PD_PROVIDER_ERROR_NETWORK;
      detail = g_strdup (transport_error->message);
    }

  may_have_applied = (data->request_sent || is_success (status))
                     && !pd_http_request_is_safe_method (data->request)
                     && code != PD_PROVIDER_ERROR_TLS;
  retryable = (code == PD_PROVIDER_ERROR_NETWORK || code == PD_PROVIDER_ERROR_TIMEOUT)
              && pd_http_request_get_retry_safe (data->request);

  info.provider_name = self->provider_name;
  info.http_status = status;
  info.detail = detail;
  info.outcome_unknown = may_have_applied;

  retry_or_fail (task, pd_provider_error_new_full (code, &info), retryable, FALSE, 0);
}

static void
fail_malformed_success (GTask      *task,
                        guint       status,
                        const char *detail)
{
  PdHttpClient *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  PdProviderErrorInfo info = { 0, };

  info.provider_name = self->provider_name;
  info.http_status = status;
  info.detail = detail;
  info.outcome_unknown = !pd_http_request_is_safe_method (data->request);

  retry_or_fail (task, pd_provider_error_new_full (PD_PROVIDER_ERROR_MALFORMED, &info), FALSE, FALSE, 0);
}

static gboolean
is_blank (GBytes *body)
{
  gsize size = 0;
  const char *text = g_bytes_get_data (body, &size);

  for (gsize i = 0; i < size; i++)
    if (!g_ascii_isspace (text[i]))
      return FALSE;

  return TRUE;
}

/* The whole body has arrived. */
static void
complete_attempt (GTask *task)
{
  PdHttpClient *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (data->message);
  guint status = soup_message_get_status (data->message);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  PdHttpResponse *response;

  clear_source (&data->total_timer);
  body = g_byte_array_free_to_bytes (g_steal_pointer (&data->buffer));

  g_debug ("%s: %s %s: %u %s in %" G_GINT64_FORMAT " ms (attempt %u of %u)",
           self->provider_name, pd_http_request_get_method (data->request), data->log_url,
           status, soup_message_get_reason_phrase (data->message),
           attempt_elapsed_ms (data), data->attempt, data->max_attempts);
  log_body (self, "response body", body);

  if (!is_success (status))
    {
      fail_with_status (task, status, headers, body);
      return;
    }

  if (!is_blank (body))
    {
      root = pd_json_parse_bytes (body, &error);
      if (root == NULL)
        {
          fail_malformed_success (task, status, error->message);
          return;
        }
    }

  /* The response keeps its own reference to the headers, so the message
   * can go. */
  response = pd_http_response_new (status, headers, body, root, data->attempt);
  end_attempt (data);
  clear_source (&data->cancel_source);
  g_task_return_pointer (task, response, (GDestroyNotify)pd_http_response_unref);
}

static void read_more (GTask *task);

static void
on_read_ready (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  if (user_cancelled (task))
    {
      return_cancelled (task);
      return;
    }

  if (bytes == NULL)
    {
      fail_with_transport_error (task, error);
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      complete_attempt (task);
      return;
    }

  if (data->buffer->len + g_bytes_get_size (bytes) > MAX_BODY_SIZE)
    {
      guint status = soup_message_get_status (data->message);

      if (is_success (status))
        fail_malformed_success (task, status, _("the answer is far too large"));
      else
        fail_with_status (task, status, soup_message_get_response_headers (data->message), NULL);
      return;
    }

  g_byte_array_append (data->buffer, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  read_more (task);
}

static void
read_more (GTask *task)
{
  RequestData *data = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (data->stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   data->attempt_cancellable, on_read_ready,
                                   g_object_ref (task));
}

static void
on_send_ready (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);

  if (user_cancelled (task))
    {
      return_cancelled (task);
      return;
    }

  if (stream == NULL)
    {
      fail_with_transport_error (task, error);
      return;
    }

  /* The status is known now, but a refusal is read to its end too: its
   * body says why. */
  data->stream = g_steal_pointer (&stream);
  data->buffer = g_byte_array_new ();
  read_more (task);
}

static gboolean
on_connect_timeout (gpointer user_data)
{
  RequestData *data = user_data;

  g_clear_pointer (&data->connect_timer, g_source_unref);
  data->timed_out = TIMED_OUT_CONNECT;
  g_cancellable_cancel (data->attempt_cancellable);

  return G_SOURCE_REMOVE;
}

static gboolean
on_total_timeout (gpointer user_data)
{
  RequestData *data = user_data;

  g_clear_pointer (&data->total_timer, g_source_unref);
  data->timed_out = TIMED_OUT_TOTAL;
  g_cancellable_cancel (data->attempt_cancellable);

  return G_SOURCE_REMOVE;
}

static void
on_network_event (SoupMessage        *message,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            user_data)
{
  RequestData *data = user_data;

  if (event == G_SOCKET_CLIENT_COMPLETE)
    clear_source (&data->connect_timer);
}

static void
on_wrote_headers (SoupMessage *message,
                  gpointer     user_data)
{
  RequestData *data = user_data;

  /* From here on, the provider may act on the request. */
  data->request_sent = TRUE;
  clear_source (&data->connect_timer);
}

/* Fail closed: a certificate with any error is never accepted, whatever
 * else is connected to the session. */
static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  return FALSE;
}

static GSource *
add_timer (GTask       *task,
           guint        timeout_ms,
           GSourceFunc  func,
           const char  *name)
{
  GSource *source = g_timeout_source_new (timeout_ms);

  g_source_set_static_name (source, name);
  g_source_set_callback (source, func, g_task_get_task_data (task), NULL);
  g_source_attach (source, g_task_get_context (task));

  return source;
}

static void
start_attempt (GTask *task)
{
  PdHttpClient *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  GBytes *body = pd_http_request_get_body (data->request);
  const char *method = pd_http_request_get_method (data->request);

  data->attempt++;
  data->timed_out = TIMED_OUT_NONE;
  data->request_sent = FALSE;

  data->message = soup_message_new_from_uri (method, data->uri);
  /* A redirect could lead to plain http on another host; providers do
   * not redirect API calls, so one is reported instead of followed. */
  soup_message_add_flags (data->message, SOUP_MESSAGE_NO_REDIRECT);
  /* libsoup silently sends PUT and DELETE again when a kept-alive
   * connection breaks before the answer; a request that must not be
   * repeated gets a connection of its own, which libsoup never re-sends on. */
  if (!pd_http_request_get_retry_safe (data->request))
    soup_message_add_flags (data->message, SOUP_MESSAGE_NEW_CONNECTION);
  pd_http_request_apply_headers (data->request, soup_message_get_request_headers (data->message));
  if (body != NULL)
    soup_message_set_request_body_from_bytes (data->message,
                                              pd_http_request_get_content_type (data->request),
                                              body);

  g_signal_connect (data->message, "accept-certificate", G_CALLBACK (on_accept_certificate), NULL);
  g_signal_connect (data->message, "network-event", G_CALLBACK (on_network_event), data);
  g_signal_connect (data->message, "wrote-headers", G_CALLBACK (on_wrote_headers), data);

  data->attempt_cancellable = g_cancellable_new ();
  if (self->connect_timeout_ms > 0)
    data->connect_timer = add_timer (task, self->connect_timeout_ms, on_connect_timeout,
                                     "[paydesk] http connect timeout");
  if (self->timeout_ms > 0)
    data->total_timer = add_timer (task, self->timeout_ms, on_total_timeout,
                                   "[paydesk] http timeout");

  if (debug_enabled ())
    {
      g_autofree char *headers = pd_http_request_describe_headers (data->request);

      g_debug ("%s: %s %s (attempt %u of %u)%s%s",
               self->provider_name, method, data->log_url, data->attempt, data->max_attempts,
               *headers != '\0' ? "; headers: " : "", headers);
      log_body (self, "request body", body);
    }

  data->attempt_started = g_get_monotonic_time ();
  soup_session_send_async (self->session, data->message, G_PRIORITY_DEFAULT,
                           data->attempt_cancellable, on_send_ready, g_object_ref (task));
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  RequestData *data = g_task_get_task_data (task);

  /* While waiting to retry nothing else will notice; in flight, the
   * pending send or read finishes with the cancellation and returns it. */
  if (data->backoff_timer != NULL)
    {
      return_cancelled (task);
    }
  else
    {
      if (data->attempt_cancellable != NULL)
        g_cancellable_cancel (data->attempt_cancellable);
      clear_source (&data->cancel_source);
    }

  return G_SOURCE_REMOVE;
}

static GError *
insecure_error (PdHttpClient *self,
                const char   *detail)
{
  PdProviderErrorInfo info = { 0, };

  info.provider_name = self->provider_name;
  info.detail = detail;

  return pd_provider_error_new_full (PD_PROVIDER_ERROR_INSECURE, &info);
}

/* Builds the URL and checks it may be used, before anything is sent or
 * even resolved. */
static gboolean
resolve_url (PdHttpClient  *self,
             RequestData   *data,
             GError       **error)
{
  g_autoptr(GUri) base = NULL;
  g_autofree char *url = NULL;
  g_autofree char *log_base = NULL;
  g_autofree char *log_url = NULL;

  if (self->base_url == NULL || *self->base_url == '\0')
    {
      g_propagate_error (error, insecure_error (self, _("no address is set for the account")));
      return FALSE;
    }

  base = g_uri_parse (self->base_url, SOUP_HTTP_URI_FLAGS, NULL);
  if (base == NULL || g_uri_get_host (base) == NULL)
    {
      g_autofree char *shown = pd_redact_text (self->base_url);
      g_autofree char *detail = g_strdup_printf (_("“%s” is not a valid address"), shown);

      g_propagate_error (error, insecure_error (self, detail));
      return FALSE;
    }

  log_base = g_uri_to_string_partial (base, G_URI_HIDE_USERINFO);
  /* Secret query parameters, and a card number in a path, are hidden here. */
  log_url = pd_http_request_build_url (data->request, log_base);
  data->log_url = pd_redact_text (log_url);

  if (!pd_http_uri_is_allowed (base))
    {
      g_autofree char *detail = g_strdup_printf (_("the address %s is not encrypted"), log_base);

      g_propagate_error (error, insecure_error (self, detail));
      return FALSE;
    }

  url = pd_http_request_build_url (data->request, self->base_url);
  data->uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (data->uri == NULL || !pd_http_uri_is_allowed (data->uri))
    {
      g_autofree char *detail = g_strdup_printf (_("“%s” is not a valid address"), data->log_url);

      g_propagate_error (error, insecure_error (self, detail));
      return FALSE;
    }

  return TRUE;
}

/**
 * pd_http_client_request_async:
 * @self: a #PdHttpClient
 * @request: the request to send; it is sealed by this call
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once with the outcome
 * @user_data: data for @callback
 *
 * Sends @request to the client's base URL and reads the whole answer.
 *
 * Before anything is sent, the URL must be https, or http to a loopback
 * address; anything else fails with %PD_PROVIDER_ERROR_INSECURE. The
 * prepare hook then adds credentials (once per request).
 *
 * An attempt that fails with %PD_PROVIDER_ERROR_NETWORK or
 * %PD_PROVIDER_ERROR_TIMEOUT, or with HTTP 408, 429, 502, 503 or 504, is
 * repeated if the request is safe to repeat (see
 * pd_http_request_get_retry_safe()), up to #PdHttpClient:max-attempts
 * attempts in all. Between attempts the client waits a random time of up to
 * #PdHttpClient:retry-delay × 2^(n-1) (never above
 * #PdHttpClient:max-retry-delay), or exactly as long as a `Retry-After`
 * header asks; when that is longer than #PdHttpClient:max-retry-after, the
 * error is returned at once with the wait in
 * pd_provider_error_get_retry_after(). Each attempt must connect within
 * #PdHttpClient:connect-timeout and complete within #PdHttpClient:timeout.
 *
 * Cancelling @cancellable ends the request with %G_IO_ERROR_CANCELLED,
 * whether it is in flight or waiting to retry.
 */
void
pd_http_client_request_async (PdHttpClient        *self,
                              PdHttpRequest       *request,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  RequestData *data;

  g_return_if_fail (PD_IS_HTTP_CLIENT (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_http_client_request_async);

  data = g_new0 (RequestData, 1);
  data->request = pd_http_request_ref (request);
  data->max_attempts = MAX (self->max_attempts, 1);
  g_task_set_task_data (task, data, request_data_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!resolve_url (self, data, &error))
    {
      g_debug ("%s: %s refused: %s", self->provider_name,
               pd_http_request_get_method (request), error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!pd_http_request_is_sealed (request))
    {
      if (self->prepare_func != NULL
          && !self->prepare_func (self, request, self->prepare_data, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      pd_http_request_seal (request);
    }

  if (cancellable != NULL)
    {
      data->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_static_name (data->cancel_source, "[paydesk] http cancel");
      g_source_set_callback (data->cancel_source, G_SOURCE_FUNC (on_cancelled),
                             g_object_ref (task), g_object_unref);
      g_source_attach (data->cancel_source, g_task_get_context (task));
    }

  start_attempt (task);
}

/**
 * pd_http_client_request_finish:
 * @self: a #PdHttpClient
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Finishes pd_http_client_request_async(). A 2xx answer is a response;
 * every other outcome is an error of the %PD_PROVIDER_ERROR domain (with the
 * provider's own code and message, see pd_provider_error_get_provider_message())
 * or %G_IO_ERROR_CANCELLED.
 *
 * Returns: (transfer full): the response, or %NULL with @error set
 */
PdHttpResponse *
pd_http_client_request_finish (PdHttpClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (PD_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_http_client_request_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pd_http_client_new:
 * @provider_name: the provider's display name, used in messages ("FayaPay")
 * @base_url: (nullable): the base URL of the account's API, e.g.
 *   "https://api.fayapay.io/v1"
 *
 * Makes a client on the shared session (pd_http_session_get_default()).
 * Use g_object_new() with the #PdHttpClient:session property for another
 * session.
 *
 * Returns: (transfer full): a new #PdHttpClient
 */
PdHttpClient *
pd_http_client_new (const char *provider_name,
                    const char *base_url)
{
  g_return_val_if_fail (provider_name != NULL, NULL);

  return g_object_new (PD_TYPE_HTTP_CLIENT,
                       "provider-name", provider_name,
                       "base-url", base_url,
                       NULL);
}

/**
 * pd_http_client_get_provider_name:
 * @self: a #PdHttpClient
 *
 * Returns: the provider's display name
 */
const char *
pd_http_client_get_provider_name (PdHttpClient *self)
{
  g_return_val_if_fail (PD_IS_HTTP_CLIENT (self), NULL);

  return self->provider_name;
}

/**
 * pd_http_client_get_session:
 * @self: a #PdHttpClient
 *
 * Returns: (transfer none): the session requests go through
 */
SoupSession *
pd_http_client_get_session (PdHttpClient *self)
{
  g_return_val_if_fail (PD_IS_HTTP_CLIENT (self), NULL);

  return self->session;
}

/**
 * pd_http_client_get_base_url:
 * @self: a #PdHttpClient
 *
 * Returns: (nullable): the base URL that request paths are appended to
 */
const char *
pd_http_client_get_base_url (PdHttpClient *self)
{
  g_return_val_if_fail (PD_IS_HTTP_CLIENT (self), NULL);

  return self->base_url;
}

/**
 * pd_http_client_set_base_url:
 * @self: a #PdHttpClient
 * @base_url: (nullable): the base URL, e.g. "https://api.zengapay.com/v1"
 *
 * Sets the base URL; request paths are appended to it. It is checked when a
 * request is sent, not here, because it comes from the account's settings.
 */
void
pd_http_client_set_base_url (PdHttpClient *self,
                             const char   *base_url)
{
  g_return_if_fail (PD_IS_HTTP_CLIENT (self));

  if (g_strcmp0 (self->base_url, base_url) == 0)
    return;

  g_free (self->base_url);
  self->base_url = g_strdup (base_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

/**
 * pd_http_client_get_max_attempts:
 * @self: a #PdHttpClient
 *
 * Returns: how many times a request that is safe to repeat is sent at most
 */
guint
pd_http_client_get_max_attempts (PdHttpClient *self)
{
  g_return_val_if_fail (PD_IS_HTTP_CLIENT (self), 0);

  return self->max_attempts;
}

/**
 * pd_http_client_set_max_attempts:
 * @self: a #PdHttpClient
 * @max_attempts: the most attempts per request, at least 1
 *
 * Sets #PdHttpClient:max-attempts.
 */
void
pd_http_client_set_max_attempts (PdHttpClient *self,
                                 guint         max_attempts)
{
  g_return_if_fail (PD_IS_HTTP_CLIENT (self));

  if (self->max_attempts == max_attempts)
    return;

  self->max_attempts = max_attempts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ATTEMPTS]);
}

/**
 * pd_http_client_get_connect_timeout:
 * @self: a #PdHttpClient
 *
 * Returns: the connect timeout in milliseconds, 0 for none
 */
guint
pd_http_client_get_connect_timeout (PdHttpClient *self)
{
  g_return_val_if_fail (PD_IS_HTTP_CLIENT (self), 0);

  return self->connect_timeout_ms;
}

/**
 * pd_http_client_set_connect_timeout:
 * @self: a #PdHttpClient
 * @timeout_ms: how long an attempt may take to connect, in milliseconds
 *
 * Sets #PdHttpClient:connect-timeout.
 */
void
pd_http_client_set_connect_timeout (PdHttpClient *self,
                                    guint         timeout_ms)
{
  g_return_if_fail (PD_IS_HTTP_CLIENT (self));

  if (self->connect_timeout_ms == timeout_ms)
    return;

  self->connect_timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECT_TIMEOUT]);
}

/**
 * pd_http_client_get_timeout:
 * @self: a #PdHttpClient
 *
 * Returns: the timeout of one attempt in milliseconds, 0 for none
 */
guint
pd_http_client_get_timeout (PdHttpClient *self)
{
  g_return_val_if_fail (PD_IS_HTTP_CLIENT (self), 0);

  return self->timeout_ms;
}

/**
 * pd_http_client_set_timeout:
 * @self: a #PdHttpClient
 * @timeout_ms: how long one attempt may take from its start to the last
 *   byte of the answer, in milliseconds
 *
 * Sets #PdHttpClient:timeout.
 */
void
pd_http_client_set_timeout (PdHttpClient *self,
                            guint         timeout_ms)
{
  g_return_if_fail (PD_IS_HTTP_CLIENT (self));

  if (self->timeout_ms == timeout_ms)
    return;

  self->timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/**
 * pd_http_client_get_retry_delay:
 * @self: a #PdHttpClient
 *
 * Returns: the base backoff delay in milliseconds
 */
guint
pd_http_client_get_retry_delay (PdHttpClient *self)
{
  g_return_val_if_fail (PD_IS_HTTP_CLIENT (self), 0);

  return self->retry_delay_ms;
}

/**
 * pd_http_client_set_retry_delay:
 * @self: a #PdHttpClient
 * @base_delay_ms: the longest wait before the first retry, in
 *   milliseconds; the bound doubles with each further retry
 *
 * Sets #PdHttpClient:retry-delay.
 */
void
pd_http_client_set_retry_delay (PdHttpClient *self,
                                guint         base_delay_ms)
{
  g_return_if_fail (PD_IS_HTTP_CLIENT (self));

  if (self->retry_delay_ms == base_delay_ms)
    return;

  self->retry_delay_ms = base_delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_DELAY]);
}

/**
 * pd_http_client_get_max_retry_delay:
 * @self: a #PdHttpClient
 *
 * Returns: the cap on the backoff delay in milliseconds
 */
guint
pd_http_client_get_max_retry_delay (PdHttpClient *self)
{
  g_return_val_if_fail (PD_IS_HTTP_CLIENT (self), 0);

  return self->max_retry_delay_ms;
}

/**
 * pd_http_client_set_max_retry_delay:
 * @self: a #PdHttpClient
 * @max_delay_ms: the longest backoff delay, in milliseconds
 *
 * Sets #PdHttpClient:max-retry-delay.
 */
void
pd_http_client_set_max_retry_delay (PdHttpClient *self,
                                    guint         max_delay_ms)
{
  g_return_if_fail (PD_IS_HTTP_CLIENT (self));

  if (self->max_retry_delay_ms == max_delay_ms)
    return;

  self->max_retry_delay_ms = max_delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RETRY_DELAY]);
}

/**
 * pd_http_client_get_max_retry_after:
 * @self: a #PdHttpClient
 *
 * Returns: the longest `Retry-After` wait the client sits out, in seconds
 */
guint
pd_http_client_get_max_retry_after (PdHttpClient *self)
{
  g_return_val_if_fail (PD_IS_HTTP_CLIENT (self), 0);

  return self->max_retry_after_s;
}

/**
 * pd_http_client_set_max_retry_after:
 * @self: a #PdHttpClient
 * @seconds: the longest `Retry-After` wait to sit out before retrying
 *
 * Sets #PdHttpClient:max-retry-after.
 */
void
pd_http_client_set_max_retry_after (PdHttpClient *self,
                                    guint         seconds)
{
  g_return_if_fail (PD_IS_HTTP_CLIENT (self));

  if (self->max_retry_after_s == seconds)
    return;

  self->max_retry_after_s = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RETRY_AFTER]);
}

/**
 * pd_http_client_set_prepare_func:
 * @self: a #PdHttpClient
 * @func: (nullable): the hook that adds credentials to each request
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when the hook is replaced or the
 *   client is finalized
 *
 * Sets the hook that adds a provider's credentials to each request before
 * its first attempt; see #PdHttpPrepareFunc.
 */
void
pd_http_client_set_prepare_func (PdHttpClient      *self,
                                 PdHttpPrepareFunc  func,
                                 gpointer           user_data,
                                 GDestroyNotify     destroy)
{
  g_return_if_fail (PD_IS_HTTP_CLIENT (self));

  if (self->prepare_destroy != NULL)
    self->prepare_destroy (self->prepare_data);

  self->prepare_func = func;
  self->prepare_data = user_data;
  self->prepare_destroy = destroy;
}

/**
 * pd_http_client_set_error_parser:
 * @self: a #PdHttpClient
 * @func: (nullable): the provider's error-body parser, or %NULL for
 *   pd_http_error_details_parse_default()
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when the parser is replaced or the
 *   client is finalized
 *
 * Sets how the provider's error answers are read; see #PdHttpErrorParseFunc.
 */
void
pd_http_client_set_error_parser (PdHttpClient         *self,
                                 PdHttpErrorParseFunc  func,
                                 gpointer              user_data,
                                 GDestroyNotify        destroy)
{
  g_return_if_fail (PD_IS_HTTP_CLIENT (self));

  if (self->error_destroy != NULL)
    self->error_destroy (self->error_data);

  self->error_func = func;
  self->error_data = user_data;
  self->error_destroy = destroy;
}

/**
 * pd_http_client_set_random_func:
 * @self: a #PdHttpClient
 * @func: (nullable): picks backoff delays, or %NULL for g_random_int_range()
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when replaced or finalized
 *
 * Replaces the random source of the backoff jitter; see #PdHttpRandomFunc.
 */
void
pd_http_client_set_random_func (PdHttpClient     *self,
                                PdHttpRandomFunc  func,
                                gpointer          user_data,
                                GDestroyNotify    destroy)
{
  g_return_if_fail (PD_IS_HTTP_CLIENT (self));

  if (self->random_destroy != NULL)
    self->random_destroy (self->random_data);

  self->random_func = func;
  self->random_data = user_data;
  self->random_destroy = destroy;
}

static void
pd_http_client_constructed (GObject *object)
{
  PdHttpClient *self = (PdHttpClient *)object;

  G_OBJECT_CLASS (pd_http_client_parent_class)->constructed (object);

  if (self->session == NULL)
    self->session = g_object_ref (pd_http_session_get_default ());
  if (self->provider_name == NULL)
    self->provider_name = g_strdup (_("The payment provider"));
}

static void
pd_http_client_finalize (GObject *object)
{
  PdHttpClient *self = (PdHttpClient *)object;

  pd_http_client_set_prepare_func (self, NULL, NULL, NULL);
  pd_http_client_set_error_parser (self, NULL, NULL, NULL);
  pd_http_client_set_random_func (self, NULL, NULL, NULL);

  g_clear_object (&self->session);
  g_clear_pointer (&self->provider_name, g_free);
  g_clear_pointer (&self->base_url, g_free);

  G_OBJECT_CLASS (pd_http_client_parent_class)->finalize (object);
}

static void
pd_http_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PdHttpClient *self = PD_HTTP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_PROVIDER_NAME:
      g_value_set_string (value, self->provider_name);
      break;

    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_MAX_ATTEMPTS:
      g_value_set_uint (value, self->max_attempts);
      break;

    case PROP_CONNECT_TIMEOUT:
      g_value_set_uint (value, self->connect_timeout_ms);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout_ms);
      break;

    case PROP_RETRY_DELAY:
      g_value_set_uint (value, self->retry_delay_ms);
      break;

    case PROP_MAX_RETRY_DELAY:
      g_value_set_uint (value, self->max_retry_delay_ms);
      break;

    case PROP_MAX_RETRY_AFTER:
      g_value_set_uint (value, self->max_retry_after_s);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_http_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PdHttpClient *self = PD_HTTP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_PROVIDER_NAME:
      self->provider_name = g_value_dup_string (value);
      break;

    case PROP_BASE_URL:
      pd_http_client_set_base_url (self, g_value_get_string (value));
      break;

    case PROP_MAX_ATTEMPTS:
      pd_http_client_set_max_attempts (self, g_value_get_uint (value));
      break;

    case PROP_CONNECT_TIMEOUT:
      pd_http_client_set_connect_timeout (self, g_value_get_uint (value));
      break;

    case PROP_TIMEOUT:
      pd_http_client_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_RETRY_DELAY:
      pd_http_client_set_retry_delay (self, g_value_get_uint (value));
      break;

    case PROP_MAX_RETRY_DELAY:
      pd_http_client_set_max_retry_delay (self, g_value_get_uint (value));
      break;

    case PROP_MAX_RETRY_AFTER:
      pd_http_client_set_max_retry_after (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_http_client_class_init (PdHttpClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = pd_http_client_constructed;
  object_class->finalize = pd_http_client_finalize;
  object_class->get_property = pd_http_client_get_property;
  object_class->set_property = pd_http_client_set_property;

  /**
   * PdHttpClient:session:
   *
   * The session requests go through; the shared default session unless
   * one is given at construction.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         SOUP_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * PdHttpClient:provider-name:
   *
   * The provider's display name, used in error messages and the log.
   */
  properties[PROP_PROVIDER_NAME] =
    g_param_spec_string ("provider-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * PdHttpClient:base-url:
   *
   * The base URL request paths are appended to.
   */
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * PdHttpClient:max-attempts:
   *
   * How many times a request that is safe to repeat is sent at most.
   */
  properties[PROP_MAX_ATTEMPTS] =
    g_param_spec_uint ("max-attempts", NULL, NULL,
                       1, 100, DEFAULT_MAX_ATTEMPTS,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * PdHttpClient:connect-timeout:
   *
   * How long, in milliseconds, an attempt may take to connect (including
   * the TLS handshake); 0 for no limit.
   */
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL,
                       0, G_MAXUINT, DEFAULT_CONNECT_TIMEOUT_MS,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * PdHttpClient:timeout:
   *
   * How long, in milliseconds, one attempt may take from its start to the
   * last byte of the answer; 0 for no limit.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       0, G_MAXUINT, DEFAULT_TIMEOUT_MS,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * PdHttpClient:retry-delay:
   *
   * The longest wait before the first retry, in milliseconds; the bound
   * doubles with each further retry and the actual wait is random below it.
   */
  properties[PROP_RETRY_DELAY] =
    g_param_spec_uint ("retry-delay", NULL, NULL,
                       0, G_MAXUINT, DEFAULT_RETRY_DELAY_MS,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * PdHttpClient:max-retry-delay:
   *
   * The cap on the backoff bound, in milliseconds.
   */
  properties[PROP_MAX_RETRY_DELAY] =
    g_param_spec_uint ("max-retry-delay", NULL, NULL,
                       0, G_MAXUINT, DEFAULT_MAX_RETRY_DELAY_MS,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * PdHttpClient:max-retry-after:
   *
   * The longest wait, in seconds, that a `Retry-After` header may ask for
   * and still be sat out; a longer one ends the request with its error.
   */
  properties[PROP_MAX_RETRY_AFTER] =
    g_param_spec_uint ("max-retry-after", NULL, NULL,
                       0, 24 * 3600, DEFAULT_MAX_RETRY_AFTER_S,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_http_client_init (PdHttpClient *self)
{
}

/* pd-sandbox-control.c - the control API: clock, faults, ledger
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-sandbox-private.h"

#include <string.h>

static void
answer_error (SoupServerMessage *msg,
              guint              status,
              const char        *message)
{
  PdJsonWriter *writer = pd_json_writer_new ();

  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "error", message);
  pd_json_writer_end_object (writer);
  pd_sandbox_answer_message (msg, status, writer);
}

static void
answer_ok (SoupServerMessage *msg)
{
  PdJsonWriter *writer = pd_json_writer_new ();

  pd_json_writer_begin_object (writer);
  pd_sandbox_write_boolean (writer, "ok", TRUE);
  pd_json_writer_end_object (writer);
  pd_sandbox_answer_message (msg, SOUP_STATUS_OK, writer);
}

static void
answer_clock (PdSandbox         *self,
              SoupServerMessage *msg)
{
  PdJsonWriter *writer = pd_json_writer_new ();

  pd_json_writer_begin_object (writer);
  pd_sandbox_write_time (writer, "now", pd_sandbox_clock_now (self->clock));
  pd_json_writer_end_object (writer);
  pd_sandbox_answer_message (msg, SOUP_STATUS_OK, writer);
}

static JsonObject *
parse_body (SoupServerMessage  *msg,
            GError            **error)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonNode) root = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);

  root = pd_json_parse (data ? data : "", (gssize)length, error);
  if (root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, PD_JSON_ERROR, PD_JSON_ERROR_TYPE,
                           "The body must be a JSON object");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static void
handle_clock (PdSandbox         *self,
              SoupServerMessage *msg,
              const char        *method)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  gboolean present;
  gint64 seconds;

  if (strcmp (method, "GET") == 0)
    {
      answer_clock (self, msg);
      return;
    }

  if (strcmp (method, "POST") != 0)
    {
      answer_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Use GET or POST on /clock");
      return;
    }

  object = parse_body (msg, &error);
  if (object == NULL ||
      !pd_sandbox_json_get_int (object, "advance_seconds", &present, &seconds, &error))
    {
      answer_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }

  if (!present || seconds < 0)
    {
      answer_error (msg, SOUP_STATUS_BAD_REQUEST,
                    "“advance_seconds” must be a whole number of seconds, 0 or more: the clock only moves forward");
      return;
    }

  pd_sandbox_clock_advance (self->clock, seconds);
  answer_clock (self, msg);
}

static void
handle_faults (PdSandbox         *self,
               SoupServerMessage *msg,
               const char        *method)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  PdJsonWriter *writer;
  const char *provider = NULL;
  guint id;

  if (strcmp (method, "GET") == 0)
    {
      writer = pd_json_writer_new ();
      pd_sandbox_faults_write (self->faults, writer);
      pd_sandbox_answer_message (msg, SOUP_STATUS_OK, writer);
      return;
    }

  if (strcmp (method, "DELETE") == 0)
    {
      pd_sandbox_faults_clear (self->faults);
      answer_ok (msg);
      return;
    }

  if (strcmp (method, "POST") != 0)
    {
      answer_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Use GET, POST or DELETE on /faults");
      return;
    }

  object = parse_body (msg, &error);
  if (object == NULL || !pd_sandbox_json_get_string (object, "provider", &provider, &error))
    {
      answer_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }

  /* A misspelt provider would arm a fault that never fires. */
  if (provider != NULL && !pd_sandbox_has_provider (self, provider))
    {
      g_autofree char *message = g_strdup_printf ("There is no provider “%s” in this sandbox", provider);

      answer_error (msg, SOUP_STATUS_BAD_REQUEST, message);
      return;
    }

  id = pd_sandbox_faults_arm (self->faults, object, &error);
  if (id == 0)
    {
      answer_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }

  writer = pd_json_writer_new ();
  pd_json_writer_begin_object (writer);
  pd_sandbox_write_int (writer, "id", id);
  pd_json_writer_end_object (writer);
  pd_sandbox_answer_message (msg, SOUP_STATUS_OK, writer);
}

static void
handle_ledger (PdSandbox         *self,
               SoupServerMessage *msg,
               const char        *method,
               GHashTable        *query)
{
  PdJsonWriter *writer;

  if (strcmp (method, "DELETE") == 0)
    {
      pd_sandbox_ledger_clear (self->ledger);
      answer_ok (msg);
      return;
    }

  if (strcmp (method, "GET") != 0)
    {
      answer_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Use GET or DELETE on /ledger");
      return;
    }

  writer = pd_json_writer_new ();
  pd_sandbox_ledger_write (self->ledger,
                           query ? g_hash_table_lookup (query, "provider") : NULL,
                           writer);
  pd_sandbox_answer_message (msg, SOUP_STATUS_OK, writer);
}

static void
control_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  PdSandbox *self = user_data;
  const char *method = soup_server_message_get_method (msg);

  if (self->verbose)
    g_printerr ("control %s %s\n", method, path);

  if (strcmp (path, "/health") == 0)
    {
      PdJsonWriter *writer = pd_json_writer_new ();

      pd_json_writer_begin_object (writer);
      pd_sandbox_write_boolean (writer, "ok", TRUE);
      pd_json_writer_end_object (writer);
      pd_sandbox_answer_message (msg, SOUP_STATUS_OK, writer);
    }
  else if (strcmp (path, "/clock") == 0)
    handle_clock (self, msg, method);
  else if (strcmp (path, "/faults") == 0)
    handle_faults (self, msg, method);
  else if (strcmp (path, "/ledger") == 0)
    handle_ledger (self, msg, method, query);
  else
    answer_error (msg, SOUP_STATUS_NOT_FOUND, "Unknown control path");
}

void
pd_sandbox_control_attach (PdSandbox  *self,
                           SoupServer *server)
{
  soup_server_add_handler (server, NULL, control_cb, self, NULL);
}

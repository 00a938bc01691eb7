/* pd-sandbox-faults.c - faults armed through the control API
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-sandbox-faults.h"

#include <string.h>

typedef struct
{
  PdSandboxFault  fault;
  char           *provider;
  char           *method;
  char           *path;
  gint64          remaining;
} Armed;

struct _PdSandboxFaults
{
  GPtrArray *armed;
  guint      last_id;
};

static const char * const action_names[] = {
  [PD_SANDBOX_FAULT_STATUS] = "status",
  [PD_SANDBOX_FAULT_RATE_LIMIT] = "rate_limit",
  [PD_SANDBOX_FAULT_SLOW] = "slow",
  [PD_SANDBOX_FAULT_MALFORMED] = "malformed",
  [PD_SANDBOX_FAULT_TRUNCATE] = "truncate",
  [PD_SANDBOX_FAULT_DROP] = "drop",
  [PD_SANDBOX_FAULT_DROP_AFTER_APPLY] = "drop_after_apply",
};

/* Long enough to outlast any client timeout a test sets, short enough that a
 * typo cannot hang a test run. */
#define MAX_DELAY_MS 120000

static void
armed_free (gpointer data)
{
  Armed *armed = data;

  g_free (armed->provider);
  g_free (armed->method);
  g_free (armed->path);
  g_free (armed);
}

PdSandboxFaults *
pd_sandbox_faults_new (void)
{
  PdSandboxFaults *self = g_new0 (PdSandboxFaults, 1);

  self->armed = g_ptr_array_new_with_free_func (armed_free);
  return self;
}

void
pd_sandbox_faults_free (PdSandboxFaults *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->armed);
  g_free (self);
}

const char *
pd_sandbox_fault_action_to_string (PdSandboxFaultAction action)
{
  g_return_val_if_fail (action < G_N_ELEMENTS (action_names), NULL);

  return action_names[action];
}

/* `*` matches any run of characters, everything else only itself. */
gboolean
pd_sandbox_glob_match (const char *pattern,
                       const char *text)
{
  const char *star = NULL;
  const char *resume = NULL;

  while (*text)
    {
      if (*pattern == '*')
        {
          star = pattern++;
          resume = text;
        }
      else if (*pattern == *text)
        {
          pattern++;
          text++;
        }
      else if (star != NULL)
        {
          pattern = star + 1;
          text = ++resume;
        }
      else
        return FALSE;
    }

  while (*pattern == '*')
    pattern++;

  return *pattern == '\0';
}

static gboolean
get_optional_string (JsonObject  *object,
                     const char  *member,
                     char       **out,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, PD_JSON_ERROR, PD_JSON_ERROR_TYPE,
                   "“%s” must be a string", member);
      return FALSE;
    }

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
get_optional_int (JsonObject  *object,
                  const char  *member,
                  gint64       fallback,
                  gint64       low,
                  gint64       high,
                  gint64      *out,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = fallback;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, PD_JSON_ERROR, PD_JSON_ERROR_TYPE,
                   "“%s” must be an integer", member);
      return FALSE;
    }

  *out = json_node_get_int (node);
  if (*out < low || *out > high)
    {
      g_set_error (error, PD_JSON_ERROR, PD_JSON_ERROR_TYPE,
                   "“%s” must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT,
                   member, low, high);
      return FALSE;
    }

  return TRUE;
}

/* Arms the fault described by @object (see HACKING.md) and returns its id,
 * or 0 with @error set when the object does not describe one. */
guint
pd_sandbox_faults_arm (PdSandboxFaults *self,
                       JsonObject      *object,
                       GError         **error)
{
  g_autofree char *provider = NULL;
  g_autofree char *method = NULL;
  g_autofree char *path = NULL;
  g_autofree char *action = NULL;
  PdSandboxFault fault = { 0 };
  gint64 count, status, retry_after, delay_ms;
  gboolean found = FALSE;
  Armed *armed;

  if (!get_optional_string (object, "provider", &provider, error) ||
      !get_optional_string (object, "method", &method, error) ||
      !get_optional_string (object, "path", &path, error) ||
      !get_optional_string (object, "action", &action, error))
    return 0;

  if (action == NULL)
    {
      g_set_error_literal (error, PD_JSON_ERROR, PD_JSON_ERROR_MISSING,
                           "A fault needs an “action”");
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (action_names); i++)
    {
      if (g_strcmp0 (action, action_names[i]) == 0)
        {
          fault.action = i;
          found = TRUE;
        }
    }

  if (!found)
    {
      g_set_error (error, PD_JSON_ERROR, PD_JSON_ERROR_TYPE,
                   "Unknown fault action “%s”", action);
      return 0;
    }

  if (!get_optional_int (object, "count", 1, 1, G_MAXINT32, &count, error) ||
      !get_optional_int (object, "status",
                         fault.action == PD_SANDBOX_FAULT_RATE_LIMIT ? 429 : 503,
                         100, 599, &status, error) ||
      !get_optional_int (object, "retry_after",
                         fault.action == PD_SANDBOX_FAULT_RATE_LIMIT ? 1 : -1,
                         0, 86400, &retry_after, error) ||
      !get_optional_int (object, "delay_ms", 1000, 0, MAX_DELAY_MS, &delay_ms, error))
    return 0;

  fault.id = ++self->last_id;
  fault.status = fault.action == PD_SANDBOX_FAULT_RATE_LIMIT ? 429 : (guint)status;
  fault.retry_after = (gint)retry_after;
  fault.delay_ms = (guint)delay_ms;

  armed = g_new0 (Armed, 1);
  armed->fault = fault;
  armed->provider = g_steal_pointer (&provider);
  armed->method = method ? g_ascii_strup (method, -1) : NULL;
  armed->path = g_steal_pointer (&path);
  armed->remaining = count;
  g_ptr_array_add (self->armed, armed);

  return fault.id;
}

/* The first armed fault, in arming order, that matches the request; it is
 * used up by this call. */
gboolean
pd_sandbox_faults_take (PdSandboxFaults *self,
                        const char      *provider,
                        const char      *method,
                        const char      *path,
                        PdSandboxFault  *out)
{
  for (guint i = 0; i < self->armed->len; i++)
    {
      Armed *armed = g_ptr_array_index (self->armed, i);

      if (armed->provider != NULL && g_strcmp0 (armed->provider, provider) != 0)
        continue;
      if (armed->method != NULL && g_ascii_strcasecmp (armed->method, method) != 0)
        continue;
      if (armed->path != NULL && !pd_sandbox_glob_match (armed->path, path))
        continue;

      *out = armed->fault;
      if (--armed->remaining <= 0)
        g_ptr_array_remove_index (self->armed, i);

      return TRUE;
    }

  return FALSE;
}

void
pd_sandbox_faults_clear (PdSandboxFaults *self)
{
  g_ptr_array_set_size (self->armed, 0);
}

static void
write_optional_string (PdJsonWriter *writer,
                       const char   *name,
                       const char   *value)
{
  pd_json_writer_member (writer, name);
  if (value != NULL)
    pd_json_writer_string (writer, value);
  else
    pd_json_writer_null (writer);
}

void
pd_sandbox_faults_write (PdSandboxFaults *self,
                         PdJsonWriter    *writer)
{
  pd_json_writer_begin_object (writer);
  pd_json_writer_member (writer, "faults");
  pd_json_writer_begin_array (writer);

  for (guint i = 0; i < self->armed->len; i++)
    {
      Armed *armed = g_ptr_array_index (self->armed, i);

      pd_json_writer_begin_object (writer);
      pd_json_writer_member (writer, "id");
      pd_json_writer_int (writer, armed->fault.id);
      write_optional_string (writer, "provider", armed->provider);
      write_optional_string (writer, "method", armed->method);
      write_optional_string (writer, "path", armed->path);
      write_optional_string (writer, "action", action_names[armed->fault.action]);
      pd_json_writer_member (writer, "remaining");
      pd_json_writer_int (writer, armed->remaining);
      if (armed->fault.action == PD_SANDBOX_FAULT_STATUS ||
          armed->fault.action == PD_SANDBOX_FAULT_RATE_LIMIT)
        {
          pd_json_writer_member (writer, "status");
          pd_json_writer_int (writer, armed->fault.status);
        }
      if (armed->fault.retry_after >= 0)
        {
          pd_json_writer_member (writer, "retry_after");
          pd_json_writer_int (writer, armed->fault.retry_after);
        }
      if (armed->fault.action == PD_SANDBOX_FAULT_SLOW)
        {
          pd_json_writer_member (writer, "delay_ms");
          pd_json_writer_int (writer, armed->fault.delay_ms);
        }
      pd_json_writer_end_object (writer);
    }

  pd_json_writer_end_array (writer);
  pd_json_writer_end_object (writer);
}

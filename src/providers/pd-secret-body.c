/* pd-secret-body.c - JSON request bodies whose memory is wiped after use
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * A request that carries a password, an IPIN or a full card number is
 * built here rather than with PdJsonWriter: the buffer never moves without
 * the old copy being overwritten, and the GBytes handed to libsoup
 * overwrites its memory when the last reference to it goes. What the
 * kernel and libsoup's own buffers hold is beyond reach; nothing of it
 * lingers in Paydesk's heap.
 */

#include <string.h>

#include "pd-secret-body-private.h"

struct _PdSecretBody
{
  char  *data;
  gsize  length;
  gsize  capacity;
  guint  n_members;
};

typedef struct
{
  char  *data;
  gsize  capacity;
} Buffer;

static void
wipe (void  *data,
      gsize  size)
{
  if (data != NULL && size > 0)
    explicit_bzero (data, size);
}

static void
reserve (PdSecretBody *self,
         gsize         extra)
{
  gsize capacity = self->capacity;
  char *data;

  if (self->length + extra + 1 <= capacity)
    return;

  while (self->length + extra + 1 > capacity)
    capacity = capacity * 2;

  data = g_malloc (capacity);
  memcpy (data, self->data, self->length);
  wipe (self->data, self->capacity);
  g_free (self->data);
  self->data = data;
  self->capacity = capacity;
}

static void
append (PdSecretBody *self,
        const char   *text,
        gsize         length)
{
  reserve (self, length);
  memcpy (self->data + self->length, text, length);
  self->length += length;
  self->data[self->length] = '\0';
}

static void
append_quoted (PdSecretBody *self,
               const char   *text)
{
  append (self, "\"", 1);

  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar)*p;
      char escaped[8];

      if (c == '"' || c == '\\')
        {
          escaped[0] = '\\';
          escaped[1] = (char)c;
          append (self, escaped, 2);
        }
      else if (c < 0x20)
        {
          g_snprintf (escaped, sizeof escaped, "\\u%04x", c);
          append (self, escaped, 6);
          wipe (escaped, sizeof escaped);
        }
      else
        {
          append (self, p, 1);
        }
    }

  append (self, "\"", 1);
}

static void
begin_member (PdSecretBody *self,
              const char   *name)
{
  if (self->n_members++ > 0)
    append (self, ",", 1);

  append_quoted (self, name);
  append (self, ":", 1);
}

/**
 * pd_secret_body_new:
 *
 * Starts a JSON object.
 *
 * Returns: (transfer full): a new body
 */
PdSecretBody *
pd_secret_body_new (void)
{
  PdSecretBody *self = g_new0 (PdSecretBody, 1);

  self->capacity = 256;
  self->data = g_malloc0 (self->capacity);
  append (self, "{", 1);

  return self;
}

/**
 * pd_secret_body_free:
 * @self: (transfer full) (nullable): a body
 *
 * Wipes and frees a body that was not turned into bytes.
 */
void
pd_secret_body_free (PdSecretBody *self)
{
  if (self == NULL)
    return;

  wipe (self->data, self->capacity);
  g_free (self->data);
  g_free (self);
}

/**
 * pd_secret_body_add_string:
 * @self: a body
 * @name: the member name
 * @value: the member's text, UTF-8
 *
 * Adds `"name": "value"`.
 */
void
pd_secret_body_add_string (PdSecretBody *self,
                           const char   *name,
                           const char   *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  begin_member (self, name);
  append_quoted (self, value);
}

/**
 * pd_secret_body_add_literal:
 * @self: a body
 * @name: the member name
 * @literal: a JSON number literal, written as it is
 *
 * Adds `"name": literal`, for amounts that a provider wants as numbers.
 */
void
pd_secret_body_add_literal (PdSecretBody *self,
                            const char   *name,
                            const char   *literal)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (literal != NULL && *literal != '\0');

  begin_member (self, name);
  append (self, literal, strlen (literal));
}

static void
buffer_free (gpointer data)
{
  Buffer *buffer = data;

  wipe (buffer->data, buffer->capacity);
  g_free (buffer->data);
  g_free (buffer);
}

/**
 * pd_secret_body_free_to_bytes:
 * @self: (transfer full): a body
 *
 * Closes the object and hands its memory over to a #GBytes that wipes it
 * when it is released.
 *
 * Returns: (transfer full): the JSON text
 */
GBytes *
pd_secret_body_free_to_bytes (PdSecretBody *self)
{
  Buffer *buffer;
  gsize length;

  g_return_val_if_fail (self != NULL, NULL);

  append (self, "}", 1);

  buffer = g_new0 (Buffer, 1);
  buffer->data = g_steal_pointer (&self->data);
  buffer->capacity = self->capacity;
  length = self->length;
  g_free (self);

  return g_bytes_new_with_free_func (buffer->data, length, buffer_free, buffer);
}

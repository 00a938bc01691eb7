/* pd-sandbox-ledger.c - every money movement the sandbox applied
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-sandbox-ledger.h"

#include "pd-sandbox-clock.h"

typedef struct
{
  guint64  seq;
  char    *provider;
  char    *operation;
  char    *target;
  char    *id;
  char    *reference;
  char    *idempotency_key;
  PdMoney  amount;
  gint64   at;
} Entry;

struct _PdSandboxLedger
{
  GPtrArray *entries;
  guint64    last_seq;
};

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->provider);
  g_free (entry->operation);
  g_free (entry->target);
  g_free (entry->id);
  g_free (entry->reference);
  g_free (entry->idempotency_key);
  g_free (entry);
}

PdSandboxLedger *
pd_sandbox_ledger_new (void)
{
  PdSandboxLedger *self = g_new0 (PdSandboxLedger, 1);

  self->entries = g_ptr_array_new_with_free_func (entry_free);
  return self;
}

void
pd_sandbox_ledger_free (PdSandboxLedger *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->entries);
  g_free (self);
}

guint64
pd_sandbox_ledger_append (PdSandboxLedger            *self,
                          const PdSandboxLedgerEntry *entry)
{
  Entry *copy = g_new0 (Entry, 1);

  /* Sequence numbers keep counting after a DELETE /ledger, so a test never
   * mistakes a new entry for one it saw before the reset. */
  copy->seq = ++self->last_seq;
  copy->provider = g_strdup (entry->provider);
  copy->operation = g_strdup (entry->operation);
  copy->target = g_strdup (entry->target);
  copy->id = g_strdup (entry->id);
  copy->reference = g_strdup (entry->reference);
  copy->idempotency_key = g_strdup (entry->idempotency_key);
  copy->amount = entry->amount;
  copy->at = entry->at;
  g_ptr_array_add (self->entries, copy);

  return copy->seq;
}

void
pd_sandbox_ledger_clear (PdSandboxLedger *self)
{
  g_ptr_array_set_size (self->entries, 0);
}

guint
pd_sandbox_ledger_get_length (PdSandboxLedger *self)
{
  return self->entries->len;
}

static void
write_string_or_null (PdJsonWriter *writer,
                      const char   *name,
                      const char   *value)
{
  pd_json_writer_member (writer, name);
  if (value != NULL)
    pd_json_writer_string (writer, value);
  else
    pd_json_writer_null (writer);
}

/* Writes `{"entries":[…]}`, only @provider's entries when it is not NULL. */
void
pd_sandbox_ledger_write (PdSandboxLedger *self,
                         const char      *provider,
                         PdJsonWriter    *writer)
{
  pd_json_writer_begin_object (writer);
  pd_json_writer_member (writer, "entries");
  pd_json_writer_begin_array (writer);

  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (self->entries, i);
      g_autofree char *amount = NULL;
      g_autofree char *at = NULL;

      if (provider != NULL && g_strcmp0 (provider, entry->provider) != 0)
        continue;

      amount = pd_money_to_plain (&entry->amount);
      at = pd_sandbox_format_time (entry->at);

      pd_json_writer_begin_object (writer);
      pd_json_writer_member (writer, "seq");
      pd_json_writer_int (writer, (gint64)entry->seq);
      write_string_or_null (writer, "provider", entry->provider);
      write_string_or_null (writer, "operation", entry->operation);
      write_string_or_null (writer, "target", entry->target);
      write_string_or_null (writer, "id", entry->id);
      write_string_or_null (writer, "reference", entry->reference);
      write_string_or_null (writer, "idempotency_key", entry->idempotency_key);
      write_string_or_null (writer, "amount", amount);
      write_string_or_null (writer, "currency", entry->amount.currency);
      write_string_or_null (writer, "at", at);
      pd_json_writer_end_object (writer);
    }

  pd_json_writer_end_array (writer);
  pd_json_writer_end_object (writer);
}

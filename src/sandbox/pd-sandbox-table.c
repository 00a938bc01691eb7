/* pd-sandbox-table.c - records in creation order, indexed by id
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-sandbox-table.h"

/* Records are appended in creation order and never move, so a position is a
 * stable cursor and a page is a slice: serving one costs nothing but the
 * writing. The id index maps to position + 1 (0 is "absent"). */
struct _PdSandboxTable
{
  GPtrArray  *records;
  GHashTable *index;
};

PdSandboxTable *
pd_sandbox_table_new (GDestroyNotify free_record)
{
  PdSandboxTable *self = g_new0 (PdSandboxTable, 1);

  self->records = g_ptr_array_new_with_free_func (free_record);
  self->index = g_hash_table_new (g_str_hash, g_str_equal);

  return self;
}

void
pd_sandbox_table_free (PdSandboxTable *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->index);
  g_ptr_array_unref (self->records);
  g_free (self);
}

/* @id must live as long as the table (the providers intern theirs). */
void
pd_sandbox_table_append (PdSandboxTable *self,
                         const char     *id,
                         gpointer        record)
{
  g_ptr_array_add (self->records, record);

  /* One hash lookup, not two: seeding appends hundreds of thousands. */
  if (!g_hash_table_insert (self->index, (gpointer)id, GUINT_TO_POINTER (self->records->len)))
    g_critical ("Two records of one table have the id %s", id);
}

guint
pd_sandbox_table_get_length (PdSandboxTable *self)
{
  return self->records->len;
}

gpointer
pd_sandbox_table_get (PdSandboxTable *self,
                      guint           index)
{
  g_return_val_if_fail (index < self->records->len, NULL);

  return g_ptr_array_index (self->records, index);
}

gboolean
pd_sandbox_table_find (PdSandboxTable *self,
                       const char     *id,
                       guint          *index)
{
  guint position;

  if (id == NULL)
    return FALSE;

  position = GPOINTER_TO_UINT (g_hash_table_lookup (self->index, id));
  if (position == 0)
    return FALSE;

  if (index != NULL)
    *index = position - 1;

  return TRUE;
}

gpointer
pd_sandbox_table_lookup (PdSandboxTable *self,
                         const char     *id)
{
  guint index;

  if (!pd_sandbox_table_find (self, id, &index))
    return NULL;

  return g_ptr_array_index (self->records, index);
}

/* @limit records right after position @after, or right before position
 * @before; -1 for neither means the first page. */
void
pd_sandbox_table_page (PdSandboxTable *self,
                       gint64          after,
                       gint64          before,
                       guint           limit,
                       PdSandboxPage  *page)
{
  guint length = self->records->len;
  guint start, end;

  if (before >= 0)
    {
      end = (guint)MIN (before, (gint64)length);
      start = end > limit ? end - limit : 0;
    }
  else
    {
      start = after >= 0 ? (guint)MIN (after + 1, (gint64)length) : 0;
      end = length - start > limit ? start + limit : length;
    }

  page->start = start;
  page->end = end;
  page->more_before = start > 0;
  page->more_after = end < length;
}

/* pd-sandbox-table.h - records in creation order, indexed by id
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PdSandboxTable PdSandboxTable;

/* One page of a table: records [@start, @end), and whether any lie before or
 * after it. */
typedef struct
{
  guint    start;
  guint    end;
  gboolean more_before;
  gboolean more_after;
} PdSandboxPage;

PdSandboxTable *pd_sandbox_table_new        (GDestroyNotify   free_record);
void            pd_sandbox_table_free       (PdSandboxTable  *self);
void            pd_sandbox_table_append     (PdSandboxTable  *self,
                                             const char      *id,
                                             gpointer         record);
guint           pd_sandbox_table_get_length (PdSandboxTable  *self);
gpointer        pd_sandbox_table_get        (PdSandboxTable  *self,
                                             guint            index);
gpointer        pd_sandbox_table_lookup     (PdSandboxTable  *self,
                                             const char      *id);
gboolean        pd_sandbox_table_find       (PdSandboxTable  *self,
                                             const char      *id,
                                             guint           *index);
void            pd_sandbox_table_page       (PdSandboxTable  *self,
                                             gint64           after,
                                             gint64           before,
                                             guint            limit,
                                             PdSandboxPage   *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSandboxTable, pd_sandbox_table_free)

G_END_DECLS

/* pd-sort-key-sorter.h - a column's sort order, carried out by the store
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pd-query.h"

G_BEGIN_DECLS

#define PD_TYPE_SORT_KEY_SORTER (pd_sort_key_sorter_get_type ())

G_DECLARE_FINAL_TYPE (PdSortKeySorter, pd_sort_key_sorter, PD, SORT_KEY_SORTER, GtkSorter)

PdSortKeySorter *pd_sort_key_sorter_new          (PdSortKey        key);
PdSortKey        pd_sort_key_sorter_get_key      (PdSortKeySorter *self);
gboolean         pd_sort_key_sorter_read_primary (GtkSorter       *view_sorter,
                                                  PdSortKey       *key_out,
                                                  gboolean        *descending_out);

G_END_DECLS

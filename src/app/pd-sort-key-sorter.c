/* pd-sort-key-sorter.c - a column's sort order, carried out by the store
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The transaction lists are sorted by SQL, never in memory, so a column's
 * sorter only has to say which PdSortKey it stands for. What is missing is
 * a way to ask the column view which column sorts first and in which
 * direction: GTK 4.8 has no public getter on GtkColumnView's sorter (they
 * came in 4.10). That sorter compares two items by asking its column
 * sorters in order, primary first, and inverts the answer of a descending
 * column; it stops at the first answer that is not "equal".
 *
 * So pd_sort_key_sorter_read_primary() asks it to compare two probe
 * objects. Every PdSortKeySorter answers "smaller" for a probe and notes
 * its key in the probe: the first one asked — the primary column — is the
 * only one asked. The key noted is the column, and "larger" means that
 * column is descending. No column sorted gives "equal".
 */

#include "pd-sort-key-sorter.h"

struct _PdSortKeySorter
{
  GtkSorter parent_instance;

  PdSortKey key;
};

G_DEFINE_FINAL_TYPE (PdSortKeySorter, pd_sort_key_sorter, GTK_TYPE_SORTER)

enum {
  PROP_0,
  PROP_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Where the sorter asked first notes its key. */
static GQuark probe_quark;

static GtkOrdering
pd_sort_key_sorter_compare (GtkSorter *sorter,
                            gpointer   item1,
                            gpointer   item2)
{
  PdSortKeySorter *self = PD_SORT_KEY_SORTER (sorter);
  gpointer noted = g_object_get_qdata (item1, probe_quark);

  /* Only probes reach this sorter: no model is ever sorted by it. */
  if (noted == NULL)
    g_object_set_qdata (item1, probe_quark, GUINT_TO_POINTER (self->key + 1));

  return GTK_ORDERING_SMALLER;
}

static GtkSorterOrder
pd_sort_key_sorter_get_order (GtkSorter *sorter)
{
  return GTK_SORTER_ORDER_PARTIAL;
}

static void
pd_sort_key_sorter_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PdSortKeySorter *self = PD_SORT_KEY_SORTER (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_value_set_string (value, pd_sort_key_to_string (self->key));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_sort_key_sorter_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PdSortKeySorter *self = PD_SORT_KEY_SORTER (object);
  PdSortKey key;

  switch (prop_id)
    {
    case PROP_KEY:
      if (!pd_sort_key_from_string (g_value_get_string (value), &key))
        {
          g_critical ("“%s” is not a sort key", g_value_get_string (value));
          break;
        }
      if (key != self->key)
        {
          self->key = key;
          g_object_notify_by_pspec (object, pspec);
          gtk_sorter_changed (GTK_SORTER (self), GTK_SORTER_CHANGE_DIFFERENT);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_sort_key_sorter_class_init (PdSortKeySorterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  object_class->get_property = pd_sort_key_sorter_get_property;
  object_class->set_property = pd_sort_key_sorter_set_property;

  sorter_class->compare = pd_sort_key_sorter_compare;
  sorter_class->get_order = pd_sort_key_sorter_get_order;

  /**
   * PdSortKeySorter:key:
   *
   * The store's sort key of the column, as its stable string (`date`,
   * `amount`, `customer`, `reference`, `state`, `provider`, `account`,
   * `fee`).
   */
  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL,
                         "date",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  probe_quark = g_quark_from_static_string ("pd-sort-key-sorter-probe");
}

static void
pd_sort_key_sorter_init (PdSortKeySorter *self)
{
  self->key = PD_SORT_DATE;
}

PdSortKeySorter *
pd_sort_key_sorter_new (PdSortKey key)
{
  return g_object_new (PD_TYPE_SORT_KEY_SORTER,
                       "key", pd_sort_key_to_string (key),
                       NULL);
}

PdSortKey
pd_sort_key_sorter_get_key (PdSortKeySorter *self)
{
  g_return_val_if_fail (PD_IS_SORT_KEY_SORTER (self), PD_SORT_DATE);

  return self->key;
}

/**
 * pd_sort_key_sorter_read_primary:
 * @view_sorter: the sorter of a #GtkColumnView whose columns sort with
 *   #PdSortKeySorter
 * @key_out: (out): the key of the primary sort column
 * @descending_out: (out): whether it sorts descending
 *
 * Reads which column sorts first, and how (see the top of this file).
 *
 * Returns: %FALSE when no column is sorted
 */
gboolean
pd_sort_key_sorter_read_primary (GtkSorter *view_sorter,
                                 PdSortKey *key_out,
                                 gboolean  *descending_out)
{
  g_autoptr(GObject) probe = NULL;
  g_autoptr(GObject) other = NULL;
  GtkOrdering ordering;
  guint noted;

  g_return_val_if_fail (GTK_IS_SORTER (view_sorter), FALSE);
  g_return_val_if_fail (key_out != NULL && descending_out != NULL, FALSE);

  /* No PdSortKeySorter was ever made, so no column can sort. */
  if (probe_quark == 0)
    return FALSE;

  probe = g_object_new (G_TYPE_OBJECT, NULL);
  other = g_object_new (G_TYPE_OBJECT, NULL);
  ordering = gtk_sorter_compare (view_sorter, probe, other);
  noted = GPOINTER_TO_UINT (g_object_get_qdata (probe, probe_quark));

  if (ordering == GTK_ORDERING_EQUAL || noted == 0)
    return FALSE;

  *key_out = (PdSortKey)(noted - 1);
  *descending_out = ordering == GTK_ORDERING_LARGER;

  return TRUE;
}

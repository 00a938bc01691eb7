/* pd-saved-view-row.c - a saved view in the sidebar
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "pd-saved-view-row.h"

struct _PdSavedViewRow
{
  GtkListBoxRow  parent_instance;

  GtkLabel      *label;
  GtkButton     *delete_button;

  char          *name;
};

G_DEFINE_FINAL_TYPE (PdSavedViewRow, pd_saved_view_row, GTK_TYPE_LIST_BOX_ROW)

static void
pd_saved_view_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PD_TYPE_SAVED_VIEW_ROW);

  G_OBJECT_CLASS (pd_saved_view_row_parent_class)->dispose (object);
}

static void
pd_saved_view_row_finalize (GObject *object)
{
  PdSavedViewRow *self = (PdSavedViewRow *)object;

  g_free (self->name);

  G_OBJECT_CLASS (pd_saved_view_row_parent_class)->finalize (object);
}

static void
pd_saved_view_row_class_init (PdSavedViewRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_saved_view_row_dispose;
  object_class->finalize = pd_saved_view_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/paydesk/Paydesk/pd-saved-view-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PdSavedViewRow, label);
  gtk_widget_class_bind_template_child (widget_class, PdSavedViewRow, delete_button);
}

static void
pd_saved_view_row_init (PdSavedViewRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * pd_saved_view_row_new:
 * @name: the saved view's name
 *
 * Returns: (transfer floating): a row that applies the view when
 *   activated, and deletes it with its button
 */
GtkWidget *
pd_saved_view_row_new (const char *name)
{
  PdSavedViewRow *self;
  g_autofree char *delete_label = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (PD_TYPE_SAVED_VIEW_ROW, NULL);
  self->name = g_strdup (name);
  gtk_label_set_text (self->label, name);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->delete_button), "s", name);

  /* Translators: the accessible name of the button that deletes a saved view */
  delete_label = g_strdup_printf (_("Delete “%s”"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->delete_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, delete_label,
                                  -1);

  return GTK_WIDGET (self);
}

const char *
pd_saved_view_row_get_name (PdSavedViewRow *self)
{
  g_return_val_if_fail (PD_IS_SAVED_VIEW_ROW (self), NULL);

  return self->name;
}

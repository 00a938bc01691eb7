/* pd-account-row.c - a provider account and its last sync, in the sidebar
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "pd-account-row.h"
#include "pd-format.h"

struct _PdAccountRow
{
  GtkListBoxRow  parent_instance;

  GtkLabel      *label;
  GtkLabel      *status;
  GtkSpinner    *spinner;
  GtkImage      *warning;

  PdAccount     *account;
  gboolean       syncing;
  guint64        n_records;
  guint          n_pages;
  char          *error;
};

G_DEFINE_FINAL_TYPE (PdAccountRow, pd_account_row, GTK_TYPE_LIST_BOX_ROW)

static void
pd_account_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PD_TYPE_ACCOUNT_ROW);

  G_OBJECT_CLASS (pd_account_row_parent_class)->dispose (object);
}

static void
pd_account_row_finalize (GObject *object)
{
  PdAccountRow *self = (PdAccountRow *)object;

  g_clear_pointer (&self->account, pd_account_free);
  g_free (self->error);

  G_OBJECT_CLASS (pd_account_row_parent_class)->finalize (object);
}

static void
pd_account_row_class_init (PdAccountRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_account_row_dispose;
  object_class->finalize = pd_account_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/paydesk/Paydesk/pd-account-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PdAccountRow, label);
  gtk_widget_class_bind_template_child (widget_class, PdAccountRow, status);
  gtk_widget_class_bind_template_child (widget_class, PdAccountRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdAccountRow, warning);
}

static void
pd_account_row_init (PdAccountRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * pd_account_row_new:
 * @account: the account
 *
 * Returns: (transfer floating): a row
 */
GtkWidget *
pd_account_row_new (const PdAccount *account)
{
  PdAccountRow *self;

  g_return_val_if_fail (account != NULL, NULL);

  self = g_object_new (PD_TYPE_ACCOUNT_ROW, NULL);
  self->account = pd_account_copy (account);
  gtk_label_set_text (self->label, account->label);
  pd_account_row_refresh (self);

  return GTK_WIDGET (self);
}

gint64
pd_account_row_get_account_id (PdAccountRow *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT_ROW (self), 0);

  return self->account->id;
}

/**
 * pd_account_row_set_progress:
 * @self: a row
 * @syncing: whether the account is being synchronized
 * @n_records: records received in this sync so far
 * @n_pages: pages stored in this sync so far
 */
void
pd_account_row_set_progress (PdAccountRow *self,
                             gboolean      syncing,
                             guint64       n_records,
                             guint         n_pages)
{
  g_return_if_fail (PD_IS_ACCOUNT_ROW (self));

  self->syncing = syncing;
  self->n_records = n_records;
  self->n_pages = n_pages;
  if (syncing)
    g_clear_pointer (&self->error, g_free);
  pd_account_row_refresh (self);
}

/**
 * pd_account_row_set_error:
 * @self: a row
 * @message: (nullable): why the last sync failed, or %NULL
 */
void
pd_account_row_set_error (PdAccountRow *self,
                          const char   *message)
{
  g_return_if_fail (PD_IS_ACCOUNT_ROW (self));

  g_free (self->error);
  self->error = g_strdup (message);
  pd_account_row_refresh (self);
}

/**
 * pd_account_row_refresh:
 * @self: a row
 *
 * Writes the status line again, so that "5 minutes ago" stays true.
 */
void
pd_account_row_refresh (PdAccountRow *self)
{
  const char *provider;
  g_autofree char *status = NULL;
  g_autofree char *accessible = NULL;

  g_return_if_fail (PD_IS_ACCOUNT_ROW (self));

  provider = pd_provider_get_display_name (self->account->provider);

  if (self->syncing)
    {
      g_autofree char *records = g_strdup_printf ("%'" G_GUINT64_FORMAT, self->n_records);

      /* Translators: an account being synchronized: its provider, records and pages received */
      status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%s · synchronizing, %s records in %u page",
                                             "%s · synchronizing, %s records in %u pages",
                                             self->n_pages),
                                provider, records, self->n_pages);
    }
  else if (self->error != NULL)
    {
      /* Translators: an account whose last sync failed: its provider and why */
      status = g_strdup_printf (_("%s · %s"), provider, self->error);
    }
  else if (self->account->last_sync_at != 0)
    {
      g_autofree char *ago = pd_format_time_ago (self->account->last_sync_at,
                                                 g_get_real_time () / G_USEC_PER_SEC);

      /* Translators: an account: its provider and when it was last synchronized ("5 minutes ago") */
      status = g_strdup_printf (_("%s · synchronized %s"), provider, ago);
    }
  else
    {
      /* Translators: an account that was never synchronized: its provider */
      status = g_strdup_printf (_("%s · never synchronized"), provider);
    }

  gtk_label_set_text (self->status, status);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status), status);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->syncing);
  gtk_spinner_set_spinning (self->spinner, self->syncing);
  gtk_widget_set_visible (GTK_WIDGET (self->warning), !self->syncing && self->error != NULL);

  accessible = g_strdup_printf ("%s, %s", self->account->label, status);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

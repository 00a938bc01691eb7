/* pd-activity-view.c - the audit trail: every action taken from this desktop
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The store's activity table, newest first: every refund, disbursement and
 * sale the outbox sent and what came of it, account changes, and the
 * warnings of statement checks. It grows with what people do, not with
 * the providers' history, so it is read whole and filtered and sorted in
 * memory, like the record views.
 */

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pd-activity-item.h"
#include "pd-activity-view.h"
#include "pd-format.h"
#include "pd-view.h"

struct _PdActivityView
{
  GtkWidget            parent_instance;

  GtkStack            *stack;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *time_column;
  AdwStatusPage       *empty_page;

  GListStore          *items;
  GtkCustomFilter     *filter;
  GtkFilterListModel  *filtered;
  GtkSortListModel    *sorted;
  GtkSingleSelection  *selection;

  PdStore             *store;
  PdQuery             *query;
  char                *folded_text;
  /* The store changed while the view was not on screen. */
  gboolean             stale;
};

static void view_iface_init (PdViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdActivityView, pd_activity_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_VIEW, view_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS,

  PROP_SELECTED_ITEM = N_PROPS,
  PROP_SUMMARY,
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_filtered (PdActivityView *self)
{
  return self->query->account_id != 0 || self->query->provider != NULL
      || self->query->date_from != 0 || self->query->date_to != 0
      || (self->folded_text != NULL && self->folded_text[0] != '\0');
}

static void
update_empty_state (PdActivityView *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0 || self->stale)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  if (is_filtered (self))
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Results Found"));
      adw_status_page_set_description (self->empty_page,
                                       _("Try a different search, or clear the filters."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "document-open-recent-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Activity Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Every refund, disbursement and sale sent from this "
                                         "computer, what the provider answered, and changes to "
                                         "accounts will be listed here with who did them and "
                                         "when."));
    }

  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
shown_changed_cb (PdActivityView *self)
{
  update_empty_state (self);
  g_object_notify (G_OBJECT (self), "summary");
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  PdActivityView *self = user_data;
  PdActivityItem *line = item;
  const PdActivity *activity = pd_activity_item_get_activity (line);
  const PdQuery *query = self->query;

  if (query->account_id != 0 && activity->account_id != query->account_id)
    return FALSE;
  if (query->provider != NULL && g_strcmp0 (pd_activity_item_get_provider (line), query->provider) != 0)
    return FALSE;
  if (query->date_from != 0 && activity->at < query->date_from)
    return FALSE;
  if (query->date_to != 0 && activity->at >= query->date_to)
    return FALSE;

  return pd_activity_item_matches (line, self->folded_text);
}

/* PdView */

static PdViewFilters
pd_activity_view_get_filters (PdView *view)
{
  return PD_VIEW_FILTER_ACCOUNT | PD_VIEW_FILTER_PROVIDER | PD_VIEW_FILTER_DATES | PD_VIEW_FILTER_TEXT;
}

static void
pd_activity_view_set_filter (PdView        *view,
                             const PdQuery *filter)
{
  PdActivityView *self = PD_ACTIVITY_VIEW (view);

  self->query->account_id = filter->account_id;
  pd_query_set_provider (self->query, filter->provider);
  self->query->date_from = filter->date_from;
  self->query->date_to = filter->date_to;
  g_free (self->folded_text);
  self->folded_text = pd_format_fold_search (filter->text);

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  shown_changed_cb (self);
}

static gboolean
load_items (PdActivityView  *self,
            GPtrArray       *items,
            GError         **error)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);

  if (!pd_store_list_accounts (self->store, &accounts, error) ||
      !pd_store_list_activity (self->store, 0, 0, &lines, error))
    return FALSE;

  for (guint i = 0; i < accounts->len; i++)
    {
      PdAccount *account = g_ptr_array_index (accounts, i);

      g_hash_table_insert (by_id, &account->id, account);
    }

  /* The items take the lines over. */
  g_ptr_array_set_free_func (lines, NULL);
  for (guint i = 0; i < lines->len; i++)
    {
      PdActivity *activity = g_ptr_array_index (lines, i);

      g_ptr_array_add (items, pd_activity_item_new (activity, g_hash_table_lookup (by_id, &activity->account_id)));
    }

  return TRUE;
}

static void
pd_activity_view_reload (PdView *view)
{
  PdActivityView *self = PD_ACTIVITY_VIEW (view);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  /* A view not on screen reads the store when it is shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  self->stale = FALSE;

  if (!load_items (self, items, &error))
    pd_view_emit_error (view, error);

  /* One change for the whole list. */
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
  shown_changed_cb (self);
}

/* Export: the lines as the list shows them, copied on the main thread
 * (they are in memory) and written in a worker. */

static void
add_export_row (GPtrArray      *rows,
                PdActivityItem *item)
{
  const PdActivity *activity = pd_activity_item_get_activity (item);
  const char *provider = pd_activity_item_get_provider (item);
  g_autofree char *time = pd_format_utc (activity->at);
  g_autofree char *amount = pd_money_is_set (&activity->amount) ? pd_money_to_plain (&activity->amount)
                                                                : g_strdup ("");

  pd_view_export_rows_add (rows,
                           (const char *[]) { time,
                                              activity->user != NULL ? activity->user : "",
                                              pd_activity_item_get_account_label (item),
                                              provider != NULL ? pd_provider_get_display_name (provider) : "",
                                              pd_activity_item_get_action_label (item),
                                              amount,
                                              activity->amount.currency,
                                              pd_activity_item_get_outcome_label (item),
                                              activity->detail != NULL ? activity->detail : "" },
                           9, 1u << 5);
}

static void
pd_activity_view_export_async (PdView              *view,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  PdActivityView *self = PD_ACTIVITY_VIEW (view);
  GListModel *model = G_LIST_MODEL (self->sorted);
  GPtrArray *rows = pd_view_export_rows_new ();

  pd_view_export_rows_add (rows,
                           (const char *[]) { _("Time (UTC)"), _("User"), _("Account"), _("Provider"),
                                              _("Action"), _("Amount"), _("Currency"), _("Outcome"),
                                              _("Detail") },
                           9, 0);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PdActivityItem) item = g_list_model_get_item (model, i);

      add_export_row (rows, item);
    }

  pd_view_export_rows_async (view, rows, file, cancellable, callback, user_data);
}

static void
view_iface_init (PdViewInterface *iface)
{
  iface->get_filters = pd_activity_view_get_filters;
  iface->set_filter = pd_activity_view_set_filter;
  iface->reload = pd_activity_view_reload;
  iface->export_async = pd_activity_view_export_async;
  iface->export_finish = pd_view_export_task_finish;
}

/* GtkWidget */

static void
pd_activity_view_map (GtkWidget *widget)
{
  PdActivityView *self = PD_ACTIVITY_VIEW (widget);

  GTK_WIDGET_CLASS (pd_activity_view_parent_class)->map (widget);

  if (self->stale)
    pd_activity_view_reload (PD_VIEW (self));
}

/* GObject */

static void
pd_activity_view_dispose (GObject *object)
{
  PdActivityView *self = (PdActivityView *)object;

  if (self->filtered != NULL)
    g_signal_handlers_disconnect_by_data (self->filtered, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_ACTIVITY_VIEW);

  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->items);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pd_activity_view_parent_class)->dispose (object);
}

static void
pd_activity_view_finalize (GObject *object)
{
  PdActivityView *self = (PdActivityView *)object;

  g_clear_pointer (&self->query, pd_query_free);
  g_clear_pointer (&self->folded_text, g_free);

  G_OBJECT_CLASS (pd_activity_view_parent_class)->finalize (object);
}

static void
pd_activity_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PdActivityView *self = PD_ACTIVITY_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SELECTED_ITEM:
      /* An audit line has no record for the detail pane. */
      g_value_set_object (value, NULL);
      break;

    case PROP_SUMMARY:
      {
        guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
        g_autofree char *number = g_strdup_printf ("%'u", n);

        g_value_take_string (value, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s action",
                                                                  "%s actions", n), number));
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_activity_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PdActivityView *self = PD_ACTIVITY_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      if (self->store == NULL && g_value_get_object (value) != NULL)
        {
          self->store = g_value_dup_object (value);
          pd_activity_view_reload (PD_VIEW (self));
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_activity_view_class_init (PdActivityViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_activity_view_dispose;
  object_class->finalize = pd_activity_view_finalize;
  object_class->get_property = pd_activity_view_get_property;
  object_class->set_property = pd_activity_view_set_property;

  widget_class->map = pd_activity_view_map;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         PD_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_SELECTED_ITEM, "selected-item");
  g_object_class_override_property (object_class, PROP_SUMMARY, "summary");

  g_type_ensure (PD_TYPE_ACTIVITY_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/paydesk/Paydesk/pd-activity-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PdActivityView, stack);
  gtk_widget_class_bind_template_child (widget_class, PdActivityView, column_view);
  gtk_widget_class_bind_template_child (widget_class, PdActivityView, time_column);
  gtk_widget_class_bind_template_child (widget_class, PdActivityView, empty_page);
}

static void
pd_activity_view_init (PdActivityView *self)
{
  self->query = pd_query_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_list_store_new (PD_TYPE_ACTIVITY_ITEM);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->items)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  g_signal_connect_object (self->filtered, "items-changed",
                           G_CALLBACK (shown_changed_cb), self, G_CONNECT_SWAPPED);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  /* Newest first, as the store reads them. */
  gtk_column_view_sort_by_column (self->column_view, self->time_column, GTK_SORT_DESCENDING);

  update_empty_state (self);
}

/**
 * pd_activity_view_new:
 * @store: the store to read
 *
 * Returns: (transfer full): a new view of @store's audit trail
 */
GtkWidget *
pd_activity_view_new (PdStore *store)
{
  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  return g_object_new (PD_TYPE_ACTIVITY_VIEW, "store", store, NULL);
}

/**
 * pd_activity_view_get_model:
 * @self: a view
 *
 * Returns: (transfer none): the lines as the view shows them, filtered and
 *   sorted
 */
GListModel *
pd_activity_view_get_model (PdActivityView *self)
{
  g_return_val_if_fail (PD_IS_ACTIVITY_VIEW (self), NULL);

  return G_LIST_MODEL (self->sorted);
}

/**
 * pd_activity_view_get_column_view:
 * @self: a view
 *
 * Returns: (transfer none): the column view
 */
GtkColumnView *
pd_activity_view_get_column_view (PdActivityView *self)
{
  g_return_val_if_fail (PD_IS_ACTIVITY_VIEW (self), NULL);

  return self->column_view;
}

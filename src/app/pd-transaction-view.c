/* pd-transaction-view.c - a sortable list of transactions, read lazily from the store
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * One class for the Charges, Refunds and Disbursements views; the
 * "kind-set" property says which. The column view never sorts: clicking a
 * header changes the column view's sorter, whose primary column
 * (pd_sort_key_sorter_read_primary()) becomes the query's order, and the
 * store sorts. Every column has a sorter, as the store has an order for
 * each.
 */

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pd-csv-writer.h"
#include "pd-format.h"
#include "pd-sort-key-sorter.h"
#include "pd-transaction-item.h"
#include "pd-transaction-view.h"
#include "pd-view.h"

/* Rows read per query while exporting. */
#define EXPORT_PAGE 5000

typedef enum
{
  KIND_SET_CHARGES,
  KIND_SET_REFUNDS,
  KIND_SET_DISBURSEMENTS,
} KindSet;

struct _PdTransactionView
{
  GtkWidget           parent_instance;

  GtkStack           *stack;
  GtkScrolledWindow  *scroller;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *date_column;
  GtkColumnViewColumn *amount_column;
  GtkSingleSelection *selection;
  AdwStatusPage      *empty_page;
  GtkButton          *empty_button;

  PdStore            *store;
  PdTransactionModel *model;
  PdQuery            *query;
  KindSet             kind_set;
  GObject            *selected_item;
  gboolean            constructed;
  /* The query changed while the view was not on screen. */
  gboolean            stale;
};

static void view_iface_init (PdViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdTransactionView, pd_transaction_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_VIEW, view_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_KIND_SET,
  N_PROPS,

  PROP_SELECTED_ITEM = N_PROPS,
  PROP_SUMMARY,
};

static GParamSpec *properties[N_PROPS];

static const char * const kind_set_names[] = { "charges", "refunds", "disbursements" };

static guint
kinds_of (KindSet kind_set)
{
  switch (kind_set)
    {
    case KIND_SET_REFUNDS:
      return PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_REFUND);

    case KIND_SET_DISBURSEMENTS:
      return PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_DISBURSEMENT)
           | PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_TRANSFER)
           | PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_PAYOUT);

    case KIND_SET_CHARGES:
    default:
      return PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_CHARGE)
           | PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_COLLECTION)
           | PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_PAYMENT)
           | PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_VEND)
           | PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_BILL)
           | PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_TOPUP);
    }
}

static gboolean
query_is_filtered (const PdQuery *query)
{
  return query->account_id != 0 || query->provider != NULL || query->states != 0
      || query->date_from != 0 || query->date_to != 0
      || pd_money_is_set (&query->min_amount) || pd_money_is_set (&query->max_amount)
      || (query->text != NULL && query->text[0] != '\0');
}

static char *
dup_summary (PdTransactionView *self)
{
  guint n = self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  g_autofree char *number = g_strdup_printf ("%'u", n);

  if (self->model != NULL && !pd_transaction_model_get_counted (self->model))
    return g_strdup (_("Counting…"));

  switch (self->kind_set)
    {
    case KIND_SET_REFUNDS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s refund", "%s refunds", n), number);
    case KIND_SET_DISBURSEMENTS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s disbursement", "%s disbursements", n),
                              number);
    case KIND_SET_CHARGES:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s charge", "%s charges", n), number);
    }
}

static void
update_empty_state (PdTransactionView *self)
{
  gboolean empty = self->model == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0;
  gboolean filtered = query_is_filtered (self->query);

  /* Nothing is said about an empty list before it is known to be empty. */
  if (!empty || self->stale || (self->model != NULL && pd_transaction_model_get_loading (self->model)))
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  if (filtered)
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Results Found"));
      adw_status_page_set_description (self->empty_page,
                                       _("Try a different search, or clear the filters."));
      gtk_widget_set_visible (GTK_WIDGET (self->empty_button), FALSE);
    }
  else
    {
      switch (self->kind_set)
        {
        case KIND_SET_REFUNDS:
          adw_status_page_set_icon_name (self->empty_page, "edit-undo-symbolic");
          adw_status_page_set_title (self->empty_page, _("No Refunds"));
          adw_status_page_set_description (self->empty_page,
                                           _("Refunds appear here once a provider account is "
                                             "connected and synchronized."));
          break;

        case KIND_SET_DISBURSEMENTS:
          adw_status_page_set_icon_name (self->empty_page, "mail-send-symbolic");
          adw_status_page_set_title (self->empty_page, _("No Disbursements"));
          adw_status_page_set_description (self->empty_page,
                                           _("Money sent to suppliers, staff and banks appears "
                                             "here once a provider account is connected and "
                                             "synchronized."));
          break;

        case KIND_SET_CHARGES:
        default:
          adw_status_page_set_icon_name (self->empty_page, "pd-money-symbolic");
          adw_status_page_set_title (self->empty_page, _("No Charges"));
          adw_status_page_set_description (self->empty_page,
                                           _("Connect a provider account, then synchronize it "
                                             "to see its charges, collections and payments."));
          break;
        }
      /* Offered only when there is an account to synchronize. */
      gtk_widget_set_visible (GTK_WIDGET (self->empty_button),
                              gtk_widget_get_sensitive (GTK_WIDGET (self->empty_button)));
    }

  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
model_n_items_cb (PdTransactionView *self)
{
  update_empty_state (self);
  g_object_notify (G_OBJECT (self), "summary");
}

static void
model_error_cb (PdTransactionView *self,
                const GError      *error)
{
  pd_view_emit_error (PD_VIEW (self), error);
}

static void
selection_changed_cb (PdTransactionView *self)
{
  GObject *item = gtk_single_selection_get_selected_item (self->selection);

  if (g_set_object (&self->selected_item, item))
    g_object_notify (G_OBJECT (self), "selected-item");
}

/* Views not on screen read the store when they are shown, not before:
 * at start only the visible one does. */
static void
apply_query (PdTransactionView *self)
{
  if (self->model == NULL)
    return;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  self->stale = FALSE;

  /* Another list: nothing chosen in it yet, and seen from its top. The
   * model fills the rows on screen in place when the new ones come. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  pd_transaction_model_set_query (self->model, self->query);
  selection_changed_cb (self);
  update_empty_state (self);
  g_object_notify (G_OBJECT (self), "summary");
}

static void
sorter_changed_cb (PdTransactionView *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  PdSortKey key = PD_SORT_DATE;
  gboolean descending = TRUE;

  /* No column sorted: newest first, the natural order. */
  if (!pd_sort_key_sorter_read_primary (sorter, &key, &descending))
    {
      key = PD_SORT_DATE;
      descending = TRUE;
    }

  if (key == self->query->sort && descending == self->query->descending)
    return;

  self->query->sort = key;
  self->query->descending = descending;
  apply_query (self);
}

static void
load_accounts (PdTransactionView *self)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  if (!pd_store_list_accounts (self->store, &accounts, &error))
    {
      pd_view_emit_error (PD_VIEW (self), error);
      return;
    }

  pd_transaction_model_set_accounts (self->model, accounts);
}

static void
set_store (PdTransactionView *self,
           PdStore           *store)
{
  if (store == NULL || store == self->store)
    return;

  g_return_if_fail (self->store == NULL);

  self->store = g_object_ref (store);
  self->model = pd_transaction_model_new (store);
  g_signal_connect_object (self->model, "notify::n-items",
                           G_CALLBACK (model_n_items_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading",
                           G_CALLBACK (model_n_items_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "error",
                           G_CALLBACK (model_error_cb), self, G_CONNECT_SWAPPED);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->model));
  load_accounts (self);
}

/* Cells */

static void
setup_text_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               PdTransactionView        *self)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  /* An inscription's size does not follow its text: a cell filled again
   * costs no new layout of the list. */
  gtk_inscription_set_min_lines (GTK_INSCRIPTION (cell), 1);
  gtk_inscription_set_nat_lines (GTK_INSCRIPTION (cell), 1);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  /* One line high, or a long text would take a second line of the row. */
  gtk_widget_set_valign (cell, GTK_ALIGN_CENTER);
  gtk_list_item_set_child (list_item, cell);
}

static void
setup_number_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 PdTransactionView        *self)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_min_lines (GTK_INSCRIPTION (cell), 1);
  gtk_inscription_set_nat_lines (GTK_INSCRIPTION (cell), 1);
  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 1.0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_START);
  gtk_widget_set_valign (cell, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (cell, "numeric");
  gtk_list_item_set_child (list_item, cell);
}

static void
setup_badge_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                PdTransactionView        *self)
{
  GtkWidget *badge = gtk_label_new (NULL);

  gtk_widget_set_halign (badge, GTK_ALIGN_START);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "pd-badge");
  gtk_list_item_set_child (list_item, badge);
}

/* A cell shows its item as filled now, and again each time the model
 * fills the item with another row (PdTransactionItem:transaction). */
typedef void (*FillFunc) (GtkWidget               *cell,
                          PdTransactionItem       *item,
                          const PdTransaction     *transaction);

static void
item_filled_cb (PdTransactionItem *item,
                GParamSpec        *pspec,
                GtkListItem       *list_item)
{
  FillFunc fill = g_object_get_data (G_OBJECT (list_item), "pd-fill");

  fill (gtk_list_item_get_child (list_item), item, pd_transaction_item_get_transaction (item));
}

static void
bind_cell (GtkListItem *list_item,
           FillFunc     fill)
{
  PdTransactionItem *item = gtk_list_item_get_item (list_item);

  g_object_set_data (G_OBJECT (list_item), "pd-fill", fill);
  fill (gtk_list_item_get_child (list_item), item, pd_transaction_item_get_transaction (item));
  /* Disconnected when the cell is unbound, before the item can go. */
  g_signal_connect (item, "notify::transaction", G_CALLBACK (item_filled_cb), list_item);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           PdTransactionView        *self)
{
  GObject *item = gtk_list_item_get_item (list_item);

  if (item != NULL)
    g_signal_handlers_disconnect_by_func (item, item_filled_cb, list_item);
}

static void
set_text (GtkWidget  *cell,
          const char *text)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (cell), text);
}

static void
fill_date (GtkWidget           *cell,
           PdTransactionItem   *item,
           const PdTransaction *t)
{
  g_autofree char *text = t != NULL ? pd_format_date_time (t->created_at) : NULL;

  set_text (cell, text);
}

static void
fill_provider (GtkWidget           *cell,
               PdTransactionItem   *item,
               const PdTransaction *t)
{
  set_text (cell, t != NULL ? pd_provider_get_display_name (t->provider) : NULL);
}

static void
fill_account (GtkWidget           *cell,
              PdTransactionItem   *item,
              const PdTransaction *t)
{
  set_text (cell, pd_transaction_item_get_account_label (item));
}

static void
fill_customer (GtkWidget           *cell,
               PdTransactionItem   *item,
               const PdTransaction *t)
{
  set_text (cell, pd_transaction_item_get_customer (item));
}

static void
fill_reference (GtkWidget           *cell,
                PdTransactionItem   *item,
                const PdTransaction *t)
{
  set_text (cell, pd_transaction_item_get_reference (item));
}

static void
fill_amount (GtkWidget           *cell,
             PdTransactionItem   *item,
             const PdTransaction *t)
{
  g_autofree char *text = t != NULL ? pd_format_money (&t->amount) : NULL;

  set_text (cell, text);
}

static void
fill_fee (GtkWidget           *cell,
          PdTransactionItem   *item,
          const PdTransaction *t)
{
  g_autofree char *text = t != NULL ? pd_format_money (&t->fee) : NULL;

  set_text (cell, text);
}

static void
fill_state (GtkWidget           *cell,
            PdTransactionItem   *item,
            const PdTransaction *t)
{
  gtk_widget_set_visible (cell, t != NULL);
  if (t == NULL)
    return;

  gtk_label_set_text (GTK_LABEL (cell), pd_format_state_label (t));
  gtk_widget_set_css_classes (cell, (const char *[]) { "pd-badge", pd_format_state_class (t->state), NULL });
}

#define BIND_CALLBACK(column)                                           \
  static void                                                           \
  bind_##column##_cb (GtkSignalListItemFactory *factory,                \
                      GtkListItem              *list_item,              \
                      PdTransactionView        *self)                   \
  {                                                                     \
    bind_cell (list_item, fill_##column);                               \
  }

BIND_CALLBACK (date)
BIND_CALLBACK (provider)
BIND_CALLBACK (account)
BIND_CALLBACK (customer)
BIND_CALLBACK (reference)
BIND_CALLBACK (amount)
BIND_CALLBACK (fee)
BIND_CALLBACK (state)

static void
row_activated_cb (GtkColumnView     *column_view,
                  guint              position,
                  PdTransactionView *self)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-detail", NULL);
}

/* Export */

typedef struct
{
  char       *store_path;
  PdQuery    *query;
  GHashTable *account_labels;
  GFile      *file;
} ExportData;

static void
export_data_free (gpointer pointer)
{
  ExportData *data = pointer;

  g_free (data->store_path);
  g_clear_pointer (&data->query, pd_query_free);
  g_clear_pointer (&data->account_labels, g_hash_table_unref);
  g_clear_object (&data->file);
  g_free (data);
}

static void
write_header (PdCsvWriter *writer)
{
  const char *titles[] = {
    _("Date (UTC)"), _("Provider"), _("Account"), _("Kind"), _("State"), _("Reference"),
    _("Provider ID"), _("Customer"), _("Phone"), _("E-mail"), _("Card"), _("Amount"),
    _("Currency"), _("Fee"), _("Description"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    pd_csv_writer_add (writer, PD_CSV_TEXT, titles[i]);
}

static void
write_transaction (PdCsvWriter         *writer,
                   const PdTransaction *t,
                   GHashTable          *account_labels)
{
  g_autofree char *date = pd_format_utc (t->created_at);
  g_autofree char *amount = pd_money_to_plain (&t->amount);
  g_autofree char *fee = pd_money_is_set (&t->fee) ? pd_money_to_plain (&t->fee) : NULL;

  pd_csv_writer_add (writer, PD_CSV_TEXT, date);
  pd_csv_writer_add (writer, PD_CSV_TEXT, pd_provider_get_display_name (t->provider));
  pd_csv_writer_add (writer, PD_CSV_TEXT, g_hash_table_lookup (account_labels, &t->account_id));
  pd_csv_writer_add (writer, PD_CSV_TEXT, pd_transaction_kind_get_label (t->kind));
  pd_csv_writer_add (writer, PD_CSV_TEXT, pd_transaction_state_get_label (t->state));
  pd_csv_writer_add (writer, PD_CSV_TEXT, t->reference);
  pd_csv_writer_add (writer, PD_CSV_TEXT, t->provider_id);
  pd_csv_writer_add (writer, PD_CSV_TEXT, t->customer_name);
  pd_csv_writer_add (writer, PD_CSV_TEXT, t->phone);
  pd_csv_writer_add (writer, PD_CSV_TEXT, t->email);
  pd_csv_writer_add (writer, PD_CSV_TEXT, t->card_last4);
  pd_csv_writer_add (writer, PD_CSV_NUMBER, amount);
  pd_csv_writer_add (writer, PD_CSV_TEXT, t->amount.currency);
  pd_csv_writer_add (writer, PD_CSV_NUMBER, fee);
  pd_csv_writer_add (writer, PD_CSV_TEXT, t->description);
}

/* In a worker, on a connection of its own: every row of the query, a page
 * at a time, in the order the list shows them. */
static void
export_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(PdCsvWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  guint64 n_rows = 0;
  gboolean more = TRUE;

  store = pd_store_new_for_path (data->store_path, &error);
  if (store != NULL)
    stream = g_file_replace (data->file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                             cancellable, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  writer = pd_csv_writer_new (G_OUTPUT_STREAM (stream));
  write_header (writer);
  if (!pd_csv_writer_end_row (writer, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->query->limit = EXPORT_PAGE;
  data->query->offset = 0;
  pd_query_clear_after (data->query);

  while (more)
    {
      g_autoptr(GPtrArray) rows = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
          !pd_store_query_transactions (store, data->query, &rows, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      for (guint i = 0; i < rows->len; i++)
        {
          write_transaction (writer, g_ptr_array_index (rows, i), data->account_labels);
          if (!pd_csv_writer_end_row (writer, cancellable, &error))
            {
              g_task_return_error (task, g_steal_pointer (&error));
              return;
            }
        }

      n_rows += rows->len;
      more = rows->len == EXPORT_PAGE;
      if (more)
        pd_query_set_after (data->query, g_ptr_array_index (rows, rows->len - 1));
    }

  if (!pd_csv_writer_close (writer, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_int (task, (gssize)n_rows);
}

static void
pd_transaction_view_export_async (PdView              *view,
                                  GFile               *file,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  PdTransactionView *self = PD_TRANSACTION_VIEW (view);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  ExportData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_transaction_view_export_async);

  if (!pd_store_list_accounts (self->store, &accounts, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (ExportData, 1);
  data->store_path = g_strdup (pd_store_get_path (self->store));
  data->query = pd_query_copy (self->query);
  data->file = g_object_ref (file);
  data->account_labels = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < accounts->len; i++)
    {
      const PdAccount *account = g_ptr_array_index (accounts, i);

      g_hash_table_insert (data->account_labels, g_memdup2 (&account->id, sizeof account->id),
                           g_strdup (account->label));
    }

  g_task_set_task_data (task, data, export_data_free);
  g_task_run_in_thread (task, export_worker);
}

/* PdView */

static PdViewFilters
pd_transaction_view_get_filters (PdView *view)
{
  return PD_VIEW_FILTER_ACCOUNT | PD_VIEW_FILTER_PROVIDER | PD_VIEW_FILTER_STATE
       | PD_VIEW_FILTER_DATES | PD_VIEW_FILTER_AMOUNTS | PD_VIEW_FILTER_TEXT;
}

static void
copy_filter (PdQuery       *query,
             const PdQuery *filter)
{
  query->account_id = filter->account_id;
  pd_query_set_provider (query, filter->provider);
  query->states = filter->states;
  query->date_from = filter->date_from;
  query->date_to = filter->date_to;
  query->min_amount = filter->min_amount;
  query->max_amount = filter->max_amount;
  pd_query_set_text (query, filter->text);
}

static void
pd_transaction_view_set_filter (PdView        *view,
                                const PdQuery *filter)
{
  PdTransactionView *self = PD_TRANSACTION_VIEW (view);

  copy_filter (self->query, filter);
  apply_query (self);
}

static void
pd_transaction_view_reload (PdView *view)
{
  PdTransactionView *self = PD_TRANSACTION_VIEW (view);

  if (self->model == NULL)
    return;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }

  /* The rows shift as new ones come in: the row chosen is no longer the
   * one at its place (the detail pane keeps showing it). */
  load_accounts (self);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  pd_transaction_model_reload (self->model);
  selection_changed_cb (self);
  update_empty_state (self);
  g_object_notify (G_OBJECT (self), "summary");
}

static PdQuery *
pd_transaction_view_dup_saved_query (PdView *view)
{
  PdTransactionView *self = PD_TRANSACTION_VIEW (view);

  return pd_query_copy (self->query);
}

static void
pd_transaction_view_apply_saved_query (PdView        *view,
                                       const PdQuery *query)
{
  PdTransactionView *self = PD_TRANSACTION_VIEW (view);

  copy_filter (self->query, query);
  self->query->sort = query->sort;
  self->query->descending = query->descending;
  pd_transaction_view_sort_by (self, query->sort, query->descending);
  apply_query (self);
}

static void
view_iface_init (PdViewInterface *iface)
{
  iface->get_filters = pd_transaction_view_get_filters;
  iface->set_filter = pd_transaction_view_set_filter;
  iface->reload = pd_transaction_view_reload;
  iface->dup_saved_query = pd_transaction_view_dup_saved_query;
  iface->apply_saved_query = pd_transaction_view_apply_saved_query;
  iface->export_async = pd_transaction_view_export_async;
  iface->export_finish = pd_view_export_task_finish;
}

/* GtkWidget */

static void
pd_transaction_view_map (GtkWidget *widget)
{
  PdTransactionView *self = PD_TRANSACTION_VIEW (widget);

  GTK_WIDGET_CLASS (pd_transaction_view_parent_class)->map (widget);

  if (self->stale)
    {
      load_accounts (self);
      apply_query (self);
    }
}

/* GObject */

static void
pd_transaction_view_constructed (GObject *object)
{
  PdTransactionView *self = (PdTransactionView *)object;

  G_OBJECT_CLASS (pd_transaction_view_parent_class)->constructed (object);

  self->constructed = TRUE;
  self->query->kinds = kinds_of (self->kind_set);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->kind_set == KIND_SET_REFUNDS ? _("Refunds")
                                  : self->kind_set == KIND_SET_DISBURSEMENTS ? _("Disbursements")
                                  : _("Charges"),
                                  -1);
  apply_query (self);
}

static void
pd_transaction_view_dispose (GObject *object)
{
  PdTransactionView *self = (PdTransactionView *)object;

  /* Taking the column view apart changes its sorter and selection. */
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_TRANSACTION_VIEW);

  g_clear_object (&self->selected_item);
  g_clear_object (&self->model);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pd_transaction_view_parent_class)->dispose (object);
}

static void
pd_transaction_view_finalize (GObject *object)
{
  PdTransactionView *self = (PdTransactionView *)object;

  g_clear_pointer (&self->query, pd_query_free);

  G_OBJECT_CLASS (pd_transaction_view_parent_class)->finalize (object);
}

static void
pd_transaction_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PdTransactionView *self = PD_TRANSACTION_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_KIND_SET:
      g_value_set_string (value, kind_set_names[self->kind_set]);
      break;

    case PROP_SELECTED_ITEM:
      g_value_set_object (value, self->selected_item);
      break;

    case PROP_SUMMARY:
      g_value_take_string (value, dup_summary (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_transaction_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  PdTransactionView *self = PD_TRANSACTION_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      set_store (self, g_value_get_object (value));
      if (self->constructed)
        apply_query (self);
      break;

    case PROP_KIND_SET:
      for (guint i = 0; i < G_N_ELEMENTS (kind_set_names); i++)
        if (g_strcmp0 (g_value_get_string (value), kind_set_names[i]) == 0)
          self->kind_set = (KindSet)i;
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_transaction_view_class_init (PdTransactionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pd_transaction_view_constructed;
  object_class->dispose = pd_transaction_view_dispose;
  object_class->finalize = pd_transaction_view_finalize;
  object_class->get_property = pd_transaction_view_get_property;
  object_class->set_property = pd_transaction_view_set_property;

  widget_class->map = pd_transaction_view_map;

  /**
   * PdTransactionView:store:
   *
   * The store to list; set once, at construction or later (a template
   * makes the view before its window has a store).
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         PD_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * PdTransactionView:kind-set:
   *
   * Which transactions the view lists: `charges` (charges, collections,
   * payments, vends, bills and top-ups), `refunds` or `disbursements`
   * (disbursements, transfers and payouts).
   */
  properties[PROP_KIND_SET] =
    g_param_spec_string ("kind-set", NULL, NULL,
                         "charges",
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_SELECTED_ITEM, "selected-item");
  g_object_class_override_property (object_class, PROP_SUMMARY, "summary");

  g_type_ensure (PD_TYPE_SORT_KEY_SORTER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/paydesk/Paydesk/pd-transaction-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PdTransactionView, stack);
  gtk_widget_class_bind_template_child (widget_class, PdTransactionView, scroller);
  gtk_widget_class_bind_template_child (widget_class, PdTransactionView, column_view);
  gtk_widget_class_bind_template_child (widget_class, PdTransactionView, date_column);
  gtk_widget_class_bind_template_child (widget_class, PdTransactionView, amount_column);
  gtk_widget_class_bind_template_child (widget_class, PdTransactionView, selection);
  gtk_widget_class_bind_template_child (widget_class, PdTransactionView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PdTransactionView, empty_button);
  gtk_widget_class_bind_template_callback (widget_class, setup_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_number_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_badge_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_date_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_provider_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_account_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_customer_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_reference_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_amount_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_fee_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_state_cb);
  gtk_widget_class_bind_template_callback (widget_class, unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
pd_transaction_view_init (PdTransactionView *self)
{
  self->query = pd_query_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Newest first until a header is clicked. */
  gtk_column_view_sort_by_column (self->column_view, self->date_column, GTK_SORT_DESCENDING);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->empty_button, "notify::sensitive",
                           G_CALLBACK (update_empty_state), self, G_CONNECT_SWAPPED);
}

/**
 * pd_transaction_view_get_model:
 * @self: a view
 *
 * Returns: (transfer none) (nullable): the lazy model the view shows
 */
PdTransactionModel *
pd_transaction_view_get_model (PdTransactionView *self)
{
  g_return_val_if_fail (PD_IS_TRANSACTION_VIEW (self), NULL);

  return self->model;
}

/**
 * pd_transaction_view_get_column_view:
 * @self: a view
 *
 * Returns: (transfer none): the column view
 */
GtkColumnView *
pd_transaction_view_get_column_view (PdTransactionView *self)
{
  g_return_val_if_fail (PD_IS_TRANSACTION_VIEW (self), NULL);

  return self->column_view;
}

/**
 * pd_transaction_view_get_kinds:
 * @self: a view
 *
 * Returns: the PD_TRANSACTION_KIND_BIT() set of the kinds the view lists
 */
guint
pd_transaction_view_get_kinds (PdTransactionView *self)
{
  g_return_val_if_fail (PD_IS_TRANSACTION_VIEW (self), 0);

  return kinds_of (self->kind_set);
}

/**
 * pd_transaction_view_sort_by:
 * @self: a view
 * @key: the order
 * @descending: whether it is descending
 *
 * Sorts as a click on the column of @key would.
 */
void
pd_transaction_view_sort_by (PdTransactionView *self,
                             PdSortKey          key,
                             gboolean           descending)
{
  GListModel *columns;
  guint n;

  g_return_if_fail (PD_IS_TRANSACTION_VIEW (self));

  columns = gtk_column_view_get_columns (self->column_view);
  n = g_list_model_get_n_items (columns);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      GtkSorter *sorter = gtk_column_view_column_get_sorter (column);

      if (PD_IS_SORT_KEY_SORTER (sorter) && pd_sort_key_sorter_get_key (PD_SORT_KEY_SORTER (sorter)) == key)
        {
          gtk_column_view_sort_by_column (self->column_view, column,
                                          descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
          return;
        }
    }
}

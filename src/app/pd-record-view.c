/* pd-record-view.c - a list of customers, cards, statement lines or balances
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * These lists are as long as a merchant has customers or cards, not as
 * long as their history, so they are read whole and filtered and sorted in
 * memory: a GListStore under a GtkFilterListModel under a GtkSortListModel
 * that sorts by the column view's own sorter. Each kind's columns are in
 * ui/pd-<kind>-columns.ui, bound to PdRecordItem's properties.
 */

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pd-format.h"
#include "pd-record-view.h"
#include "pd-view.h"

struct _PdRecordView
{
  GtkWidget           parent_instance;

  GtkScrolledWindow  *header_scroller;
  AdwBin             *header_bin;
  GtkSeparator       *header_separator;
  GtkStack           *stack;
  GtkScrolledWindow  *scroller;
  AdwStatusPage      *empty_page;
  GtkButton          *empty_button;

  GtkColumnView      *column_view;
  GListStore         *records;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSortListModel   *sorted;
  GtkSingleSelection *selection;

  PdStore            *store;
  PdRecordKind        kind;
  PdQuery            *query;
  char               *folded_text;
  GObject            *selected_item;
  /* The store changed while the view was not on screen. */
  gboolean            stale;
};

static void view_iface_init (PdViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdRecordView, pd_record_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_VIEW, view_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_KIND,
  N_PROPS,

  PROP_SELECTED_ITEM = N_PROPS,
  PROP_SUMMARY,
};

static GParamSpec *properties[N_PROPS];

static const char * const kind_names[] = { "customers", "cards", "statements", "balances" };

static void ensure_columns (PdRecordView *self);

static gboolean
is_filtered (PdRecordView *self)
{
  return self->query->account_id != 0 || self->query->provider != NULL
      || self->query->date_from != 0 || self->query->date_to != 0
      || (self->folded_text != NULL && self->folded_text[0] != '\0');
}

static guint
n_shown (PdRecordView *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

static char *
dup_summary (PdRecordView *self)
{
  guint n = n_shown (self);
  g_autofree char *number = g_strdup_printf ("%'u", n);

  switch (self->kind)
    {
    case PD_RECORD_CARD:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s card", "%s cards", n), number);
    case PD_RECORD_STATEMENT_ENTRY:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s statement line", "%s statement lines", n),
                              number);
    case PD_RECORD_BALANCE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s wallet", "%s wallets", n), number);
    case PD_RECORD_CUSTOMER:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s customer", "%s customers", n), number);
    }
}

static void
update_empty_state (PdRecordView *self)
{
  if (n_shown (self) > 0 || self->stale)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  /* Offered only when there is an account to synchronize. */
  gtk_widget_set_visible (GTK_WIDGET (self->empty_button),
                          !is_filtered (self) && gtk_widget_get_sensitive (GTK_WIDGET (self->empty_button)));

  if (is_filtered (self))
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Results Found"));
      adw_status_page_set_description (self->empty_page,
                                       _("Try a different search, or clear the filters."));
    }
  else
    {
      switch (self->kind)
        {
        case PD_RECORD_CARD:
          adw_status_page_set_icon_name (self->empty_page, "auth-smartcard-symbolic");
          adw_status_page_set_title (self->empty_page, _("No Saved Cards"));
          adw_status_page_set_description (self->empty_page,
                                           _("Cards that customers saved with FayaPay, EoneoPay or "
                                             "EnayaPay appear here once the account is synchronized."));
          break;

        case PD_RECORD_STATEMENT_ENTRY:
          adw_status_page_set_icon_name (self->empty_page, "x-office-document-symbolic");
          adw_status_page_set_title (self->empty_page, _("No Statement Lines"));
          adw_status_page_set_description (self->empty_page,
                                           _("ZengaPay sends a statement of every movement of its "
                                             "wallets; it appears here once the account is "
                                             "synchronized."));
          break;

        case PD_RECORD_BALANCE:
          adw_status_page_set_icon_name (self->empty_page, "pd-chart-symbolic");
          adw_status_page_set_title (self->empty_page, _("No Balances"));
          adw_status_page_set_description (self->empty_page,
                                           _("ZengaPay wallets, the PawaCard vendor float and "
                                             "EnayaPay cards report their balances here once "
                                             "the account is synchronized."));
          break;

        case PD_RECORD_CUSTOMER:
        default:
          adw_status_page_set_icon_name (self->empty_page, "system-users-symbolic");
          adw_status_page_set_title (self->empty_page, _("No Customers"));
          adw_status_page_set_description (self->empty_page,
                                           _("Connect a provider account, then synchronize it to "
                                             "see the customers who paid you."));
          break;
        }
    }

  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
shown_changed_cb (PdRecordView *self)
{
  update_empty_state (self);
  g_object_notify (G_OBJECT (self), "summary");
}

static void
selection_changed_cb (PdRecordView *self)
{
  GObject *item = gtk_single_selection_get_selected_item (self->selection);

  if (g_set_object (&self->selected_item, item))
    g_object_notify (G_OBJECT (self), "selected-item");
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  PdRecordView *self = user_data;
  PdRecordItem *record = item;
  const PdQuery *query = self->query;
  gint64 date = pd_record_item_get_date (record);

  if (query->account_id != 0 && pd_record_item_get_account_id (record) != query->account_id)
    return FALSE;
  if (query->provider != NULL && g_strcmp0 (pd_record_item_get_provider (record), query->provider) != 0)
    return FALSE;
  if (query->date_from != 0 && date < query->date_from)
    return FALSE;
  if (query->date_to != 0 && date >= query->date_to)
    return FALSE;

  return pd_record_item_matches (record, self->folded_text);
}

static void
row_activated_cb (GtkColumnView *column_view,
                  guint          position,
                  PdRecordView  *self)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-detail", NULL);
}

/* Loading */

static GHashTable *
index_accounts (GPtrArray *accounts)
{
  GHashTable *by_id = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < accounts->len; i++)
    {
      PdAccount *account = g_ptr_array_index (accounts, i);

      g_hash_table_insert (by_id, &account->id, account);
    }

  return by_id;
}

static gboolean
load_cards (PdRecordView  *self,
            GHashTable    *accounts,
            GPtrArray     *items,
            GError       **error)
{
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GHashTable) names = NULL;

  if (!pd_store_list_cards (self->store, 0, NULL, &cards, error) ||
      !pd_store_list_customers (self->store, 0, &customers, error))
    return FALSE;

  /* "account id/customer id" → name, to name each card's customer. */
  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < customers->len; i++)
    {
      PdCustomer *customer = g_ptr_array_index (customers, i);

      g_hash_table_insert (names,
                           g_strdup_printf ("%" G_GINT64_FORMAT "/%s", customer->account_id,
                                            customer->provider_id),
                           customer->name);
    }

  g_ptr_array_set_free_func (cards, NULL);
  for (guint i = 0; i < cards->len; i++)
    {
      PdCard *card = g_ptr_array_index (cards, i);
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "/%s", card->account_id,
                                              card->customer_provider_id ? card->customer_provider_id : "");

      g_ptr_array_add (items, pd_record_item_new_card (card, g_hash_table_lookup (accounts, &card->account_id),
                                                       g_hash_table_lookup (names, key)));
    }

  return TRUE;
}

static gboolean
load_records (PdRecordView  *self,
              GPtrArray     *items,
              GError       **error)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) by_id = NULL;

  if (!pd_store_list_accounts (self->store, &accounts, error))
    return FALSE;
  by_id = index_accounts (accounts);

  switch (self->kind)
    {
    case PD_RECORD_CUSTOMER:
      if (!pd_store_list_customers (self->store, 0, &records, error))
        return FALSE;
      g_ptr_array_set_free_func (records, NULL);
      for (guint i = 0; i < records->len; i++)
        {
          PdCustomer *customer = g_ptr_array_index (records, i);

          g_ptr_array_add (items, pd_record_item_new_customer (customer,
                                                               g_hash_table_lookup (by_id, &customer->account_id)));
        }
      return TRUE;

    case PD_RECORD_CARD:
      return load_cards (self, by_id, items, error);

    case PD_RECORD_STATEMENT_ENTRY:
      if (!pd_store_list_statement_entries (self->store, 0, 0, 0, NULL, &records, error))
        return FALSE;
      g_ptr_array_set_free_func (records, NULL);
      for (guint i = 0; i < records->len; i++)
        {
          PdStatementEntry *entry = g_ptr_array_index (records, i);

          g_ptr_array_add (items, pd_record_item_new_statement_entry (entry,
                                                                      g_hash_table_lookup (by_id, &entry->account_id)));
        }
      return TRUE;

    case PD_RECORD_BALANCE:
    default:
      if (!pd_store_list_latest_balances (self->store, 0, &records, error))
        return FALSE;
      g_ptr_array_set_free_func (records, NULL);
      for (guint i = 0; i < records->len; i++)
        {
          PdBalance *balance = g_ptr_array_index (records, i);

          g_ptr_array_add (items, pd_record_item_new_balance (balance,
                                                              g_hash_table_lookup (by_id, &balance->account_id)));
        }
      return TRUE;
    }
}

/* PdView */

static PdViewFilters
pd_record_view_get_filters (PdView *view)
{
  PdRecordView *self = PD_RECORD_VIEW (view);
  PdViewFilters filters = PD_VIEW_FILTER_ACCOUNT | PD_VIEW_FILTER_PROVIDER | PD_VIEW_FILTER_TEXT;

  if (self->kind == PD_RECORD_CUSTOMER || self->kind == PD_RECORD_STATEMENT_ENTRY)
    filters |= PD_VIEW_FILTER_DATES;

  return filters;
}

static void
pd_record_view_set_filter (PdView        *view,
                           const PdQuery *filter)
{
  PdRecordView *self = PD_RECORD_VIEW (view);
  GtkWidget *header;

  self->query->account_id = filter->account_id;
  pd_query_set_provider (self->query, filter->provider);
  self->query->date_from = filter->date_from;
  self->query->date_to = filter->date_to;
  g_free (self->folded_text);
  self->folded_text = pd_format_fold_search (filter->text);

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  shown_changed_cb (self);

  header = adw_bin_get_child (self->header_bin);
  if (PD_IS_VIEW (header))
    pd_view_set_filter (PD_VIEW (header), filter);
}

static void
pd_record_view_reload (PdView *view)
{
  PdRecordView *self = PD_RECORD_VIEW (view);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  GtkWidget *header;

  if (self->store == NULL)
    return;

  /* Views not on screen read the store when they are shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  self->stale = FALSE;

  if (!load_records (self, items, &error))
    pd_view_emit_error (view, error);

  header = adw_bin_get_child (self->header_bin);
  if (PD_IS_VIEW (header))
    pd_view_reload (PD_VIEW (header));

  /* One change for the whole list. */
  g_list_store_splice (self->records, 0, g_list_model_get_n_items (G_LIST_MODEL (self->records)),
                       items->pdata, items->len);
  shown_changed_cb (self);
}

/* Export: the rows as the list shows them, filtered and sorted, copied on
 * the main thread (they are in memory) and written in a worker. */

static void
collect_rows (PdRecordView *self,
              GPtrArray    *rows)
{
  GListModel *model = G_LIST_MODEL (self->sorted);
  guint n = g_list_model_get_n_items (model);

  switch (self->kind)
    {
    case PD_RECORD_CUSTOMER:
      pd_view_export_rows_add (rows,
                               (const char *[]) { _("Name"), _("E-mail"), _("Phone"), _("Provider"),
                                                  _("Account"), _("Customer Since (UTC)"), _("Provider ID") },
                               7, 0);
      break;
    case PD_RECORD_CARD:
      pd_view_export_rows_add (rows,
                               (const char *[]) { _("Holder"), _("Brand"), _("Last Four Digits"), _("Expires"),
                                                  _("Provider"), _("Account"), _("Added (UTC)"),
                                                  _("Provider ID") },
                               8, 0);
      break;
    case PD_RECORD_STATEMENT_ENTRY:
      pd_view_export_rows_add (rows,
                               (const char *[]) { _("Date (UTC)"), _("Account"), _("Wallet"), _("Type"),
                                                  _("Direction"), _("Amount"), _("Currency"),
                                                  _("Balance After"), _("Status"), _("Description"),
                                                  _("Provider ID") },
                               11, 0);
      break;
    case PD_RECORD_BALANCE:
    default:
      pd_view_export_rows_add (rows,
                               (const char *[]) { _("Account"), _("Provider"), _("Wallet"), _("Balance"),
                                                  _("Currency"), _("As Of (UTC)") },
                               6, 0);
      break;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdRecordItem) item = g_list_model_get_item (model, i);
      const char *provider = pd_provider_get_display_name (pd_record_item_get_provider (item));
      const char *account = pd_record_item_get_account_label (item);
      g_autofree char *date = pd_format_utc (pd_record_item_get_date (item));

      switch (self->kind)
        {
        case PD_RECORD_CUSTOMER:
          {
            const PdCustomer *c = pd_record_item_get_customer (item);

            pd_view_export_rows_add (rows,
                                     (const char *[]) { c->name, c->email, c->phone, provider, account, date,
                                                        c->provider_id },
                                     7, 0);
          }
          break;

        case PD_RECORD_CARD:
          {
            const PdCard *c = pd_record_item_get_card (item);
            g_autofree char *expiry = c->exp_year != 0 ? g_strdup_printf ("%04u-%02u", c->exp_year, c->exp_month) : NULL;

            pd_view_export_rows_add (rows,
                                     (const char *[]) { pd_record_item_get_name (item), c->brand, c->last4,
                                                        expiry, provider, account, date, c->provider_id },
                                     8, 0);
          }
          break;

        case PD_RECORD_STATEMENT_ENTRY:
          {
            const PdStatementEntry *e = pd_record_item_get_statement_entry (item);
            g_autofree char *amount = pd_money_to_plain (&e->amount);
            g_autofree char *after = pd_money_is_set (&e->balance_after) ? pd_money_to_plain (&e->balance_after) : NULL;

            pd_view_export_rows_add (rows,
                                     (const char *[]) { date, account, e->wallet, e->entry_type,
                                                        pd_statement_direction_get_label (e->direction),
                                                        amount, e->amount.currency, after, e->status,
                                                        e->description, e->provider_id },
                                     11, (1u << 5) | (1u << 7));
          }
          break;

        case PD_RECORD_BALANCE:
        default:
          {
            const PdBalance *b = pd_record_item_get_balance (item);
            g_autofree char *amount = pd_money_to_plain (&b->amount);

            pd_view_export_rows_add (rows,
                                     (const char *[]) { account, provider, b->wallet, amount,
                                                        b->amount.currency, date },
                                     6, 1u << 3);
          }
          break;
        }
    }
}

static void
pd_record_view_export_async (PdView              *view,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  PdRecordView *self = PD_RECORD_VIEW (view);
  GPtrArray *rows = pd_view_export_rows_new ();

  ensure_columns (self);
  collect_rows (self, rows);

  pd_view_export_rows_async (view, rows, file, cancellable, callback, user_data);
}

static void
view_iface_init (PdViewInterface *iface)
{
  iface->get_filters = pd_record_view_get_filters;
  iface->set_filter = pd_record_view_set_filter;
  iface->reload = pd_record_view_reload;
  iface->export_async = pd_record_view_export_async;
  iface->export_finish = pd_view_export_task_finish;
}

/* GtkWidget */

static void
pd_record_view_map (GtkWidget *widget)
{
  PdRecordView *self = PD_RECORD_VIEW (widget);

  ensure_columns (self);

  GTK_WIDGET_CLASS (pd_record_view_parent_class)->map (widget);

  if (self->stale)
    pd_record_view_reload (PD_VIEW (self));
}

/* GObject */

/* The columns come from their own builder file; a view makes them when
 * it is first shown, not at start. */
static void
ensure_columns (PdRecordView *self)
{
  g_autofree char *path = NULL;
  g_autoptr(GtkBuilder) builder = NULL;
  GtkColumnViewColumn *default_column;

  if (self->column_view != NULL)
    return;

  path = g_strdup_printf ("/io/github/paydesk/Paydesk/pd-%s-columns.ui",
                          self->kind == PD_RECORD_CUSTOMER ? "customer"
                          : self->kind == PD_RECORD_CARD ? "card"
                          : self->kind == PD_RECORD_STATEMENT_ENTRY ? "statement" : "balance");
  builder = gtk_builder_new_from_resource (path);
  self->column_view = g_object_ref (GTK_COLUMN_VIEW (gtk_builder_get_object (builder, "column_view")));
  default_column = GTK_COLUMN_VIEW_COLUMN (gtk_builder_get_object (builder, "default_sort_column"));

  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->column_view, "activate",
                           G_CALLBACK (row_activated_cb), self, 0);

  /* Names read A to Z; everything dated, newest first. */
  gtk_column_view_sort_by_column (self->column_view, default_column,
                                  self->kind == PD_RECORD_CUSTOMER || self->kind == PD_RECORD_BALANCE
                                  ? GTK_SORT_ASCENDING : GTK_SORT_DESCENDING);

  gtk_scrolled_window_set_child (self->scroller, GTK_WIDGET (self->column_view));
}

static void
pd_record_view_dispose (GObject *object)
{
  PdRecordView *self = (PdRecordView *)object;

  /* Taking the lists apart changes them; nothing is listening any more. */
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->filtered != NULL)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_data (self->column_view, self);

  /* The scrolled window holds the column view until the template goes. */
  g_clear_object (&self->column_view);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_RECORD_VIEW);

  g_clear_object (&self->selected_item);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->records);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pd_record_view_parent_class)->dispose (object);
}

static void
pd_record_view_finalize (GObject *object)
{
  PdRecordView *self = (PdRecordView *)object;

  g_clear_pointer (&self->query, pd_query_free);
  g_clear_pointer (&self->folded_text, g_free);

  G_OBJECT_CLASS (pd_record_view_parent_class)->finalize (object);
}

static void
pd_record_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PdRecordView *self = PD_RECORD_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_KIND:
      g_value_set_string (value, kind_names[self->kind]);
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
pd_record_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PdRecordView *self = PD_RECORD_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      /* Set once, at construction or later (from a template). */
      if (self->store == NULL && g_value_get_object (value) != NULL)
        {
          self->store = g_value_dup_object (value);
          pd_record_view_reload (PD_VIEW (self));
        }
      break;

    case PROP_KIND:
      for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
        if (g_strcmp0 (g_value_get_string (value), kind_names[i]) == 0)
          self->kind = (PdRecordKind)i;
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_record_view_class_init (PdRecordViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_record_view_dispose;
  object_class->finalize = pd_record_view_finalize;
  object_class->get_property = pd_record_view_get_property;
  object_class->set_property = pd_record_view_set_property;

  widget_class->map = pd_record_view_map;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         PD_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * PdRecordView:kind:
   *
   * What the view lists: `customers`, `cards`, `statements` or `balances`.
   */
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL,
                         "customers",
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_SELECTED_ITEM, "selected-item");
  g_object_class_override_property (object_class, PROP_SUMMARY, "summary");

  g_type_ensure (PD_TYPE_RECORD_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/paydesk/Paydesk/pd-record-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PdRecordView, header_scroller);
  gtk_widget_class_bind_template_child (widget_class, PdRecordView, header_bin);
  gtk_widget_class_bind_template_child (widget_class, PdRecordView, header_separator);
  gtk_widget_class_bind_template_child (widget_class, PdRecordView, stack);
  gtk_widget_class_bind_template_child (widget_class, PdRecordView, scroller);
  gtk_widget_class_bind_template_child (widget_class, PdRecordView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PdRecordView, empty_button);
}

static void
pd_record_view_init (PdRecordView *self)
{
  self->query = pd_query_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->records = g_list_store_new (PD_TYPE_RECORD_ITEM);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->records)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  g_signal_connect_object (self->filtered, "items-changed",
                           G_CALLBACK (shown_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->empty_button, "notify::sensitive",
                           G_CALLBACK (update_empty_state), self, G_CONNECT_SWAPPED);
}

/**
 * pd_record_view_get_model:
 * @self: a view
 *
 * Returns: (transfer none): the rows as the view shows them, filtered and sorted
 */
GListModel *
pd_record_view_get_model (PdRecordView *self)
{
  g_return_val_if_fail (PD_IS_RECORD_VIEW (self), NULL);

  ensure_columns (self);

  return G_LIST_MODEL (self->sorted);
}

/**
 * pd_record_view_set_header:
 * @self: a view
 * @header: (nullable) (transfer floating): a widget shown above the list
 *   (a chart, totals), or %NULL for none
 *
 * When @header is a #PdView itself, the view passes it the filters it
 * gets and reloads it when it reads the store again, so that both show
 * the same records.
 */
void
pd_record_view_set_header (PdRecordView *self,
                           GtkWidget    *header)
{
  g_return_if_fail (PD_IS_RECORD_VIEW (self));
  g_return_if_fail (header == NULL || GTK_IS_WIDGET (header));

  /* A short window scrolls the header rather than grow to hold it. */
  adw_bin_set_child (self->header_bin, header);
  gtk_widget_set_visible (GTK_WIDGET (self->header_scroller), header != NULL);

  if (PD_IS_VIEW (header))
    {
      if (self->store != NULL && !self->stale && gtk_widget_get_mapped (GTK_WIDGET (self)))
        pd_view_reload (PD_VIEW (header));
      g_signal_connect_object (header, "error", G_CALLBACK (pd_view_emit_error), self, G_CONNECT_SWAPPED);
    }
}

/**
 * pd_record_view_get_header:
 * @self: a view
 *
 * Returns: (transfer none) (nullable): the widget above the list
 */
GtkWidget *
pd_record_view_get_header (PdRecordView *self)
{
  g_return_val_if_fail (PD_IS_RECORD_VIEW (self), NULL);

  return adw_bin_get_child (self->header_bin);
}

/**
 * pd_record_view_get_column_view:
 * @self: a view
 *
 * Returns: (transfer none): the column view
 */
GtkColumnView *
pd_record_view_get_column_view (PdRecordView *self)
{
  g_return_val_if_fail (PD_IS_RECORD_VIEW (self), NULL);

  ensure_columns (self);

  return self->column_view;
}

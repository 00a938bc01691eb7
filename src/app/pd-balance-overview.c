/* pd-balance-overview.c - today's totals and the balance chart above the Balances list
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The head of the Balances view. Today's totals are what moved since local
 * midnight, per currency and never added across currencies: money in
 * (charges, collections, payments), money out (refunds, disbursements,
 * transfers, payouts, and the vends, bills and top-ups paid from the
 * account) and their fees, counting the transactions that moved money
 * (succeeded, also when refunded since), as statements do. The chart shows
 * every wallet's recorded balances.
 *
 * The Balances view passes its filters and reloads on (see PdRecordView's
 * header), so both follow the account and provider chosen there.
 */

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pd-balance-overview.h"
#include "pd-format.h"
#include "pd-statement.h"
#include "pd-summary-table.h"
#include "pd-view.h"

struct _PdBalanceOverview
{
  GtkWidget       parent_instance;

  GtkLabel       *today_caption;
  GtkGrid        *table;
  GtkLabel       *chart_heading;
  PdBalanceChart *chart;

  PdStore        *store;
  gint64          account_id;
  char           *provider;
};

static void view_iface_init (PdViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdBalanceOverview, pd_balance_overview, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_VIEW, view_iface_init))

enum {
  PROP_0,
  PROP_SELECTED_ITEM,
  PROP_SUMMARY,
};

typedef struct
{
  char    currency[4];
  PdMoney credits;
  PdMoney debits;
  PdMoney fees;
  guint64 count;
} DayTotal;

static guint
posted_states (void)
{
  return PD_TRANSACTION_STATE_BIT (PD_TRANSACTION_STATE_SUCCEEDED)
       | PD_TRANSACTION_STATE_BIT (PD_TRANSACTION_STATE_REFUNDED)
       | PD_TRANSACTION_STATE_BIT (PD_TRANSACTION_STATE_PARTIALLY_REFUNDED);
}

static guint
kinds_of_direction (PdStatementDirection direction)
{
  guint kinds = 0;

  for (guint kind = 0; kind < PD_TRANSACTION_KIND_COUNT; kind++)
    if (pd_statement_kind_direction (kind) == direction)
      kinds |= PD_TRANSACTION_KIND_BIT (kind);

  return kinds;
}

static DayTotal *
find_total (GArray     *totals,
            const char *currency)
{
  DayTotal total = { { 0, }, };

  for (guint i = 0; i < totals->len; i++)
    if (g_str_equal (g_array_index (totals, DayTotal, i).currency, currency))
      return &g_array_index (totals, DayTotal, i);

  g_strlcpy (total.currency, currency, sizeof total.currency);
  pd_money_init (&total.credits, 0, 0, currency);
  pd_money_init (&total.debits, 0, 0, currency);
  pd_money_init (&total.fees, 0, 0, currency);
  g_array_append_val (totals, total);

  return &g_array_index (totals, DayTotal, totals->len - 1);
}

/* Credits and debits are the store's own totals; the fees are added up
 * from the day's transactions, which the totals do not carry. */
static gboolean
load_today (PdBalanceOverview  *self,
            GArray             *totals,
            GError            **error)
{
  g_autoptr(PdQuery) query = pd_query_new ();
  g_autoptr(GArray) credits = NULL;
  g_autoptr(GArray) debits = NULL;
  g_autoptr(GPtrArray) transactions = NULL;

  query->account_id = self->account_id;
  pd_query_set_provider (query, self->provider);
  query->states = posted_states ();
  pd_balance_overview_get_today (&query->date_from, &query->date_to);

  query->kinds = kinds_of_direction (PD_STATEMENT_DIRECTION_CREDIT);
  if (!pd_store_totals (self->store, query, &credits, error))
    return FALSE;
  query->kinds = kinds_of_direction (PD_STATEMENT_DIRECTION_DEBIT);
  if (!pd_store_totals (self->store, query, &debits, error))
    return FALSE;
  query->kinds = 0;
  if (!pd_store_query_transactions (self->store, query, &transactions, error))
    return FALSE;

  for (guint i = 0; i < credits->len; i++)
    {
      const PdTotal *total = &g_array_index (credits, PdTotal, i);
      DayTotal *day = find_total (totals, total->amount.currency);

      day->credits = total->amount;
      day->count += total->count;
    }
  for (guint i = 0; i < debits->len; i++)
    {
      const PdTotal *total = &g_array_index (debits, PdTotal, i);
      DayTotal *day = find_total (totals, total->amount.currency);

      day->debits = total->amount;
      day->count += total->count;
    }
  for (guint i = 0; i < transactions->len; i++)
    {
      const PdTransaction *transaction = g_ptr_array_index (transactions, i);

      if (pd_money_is_set (&transaction->fee) && transaction->fee.units != 0 &&
          !pd_summary_add_money (&find_total (totals, transaction->fee.currency)->fees, &transaction->fee, error))
        return FALSE;
    }

  return TRUE;
}

/* One row per currency: money in, out, fees and how many transactions. */
static void
fill_table (PdBalanceOverview *self,
            GArray            *totals)
{
  const char *titles[] = { _("Currency"), _("Money In"), _("Money Out"), _("Fees"), _("Transactions") };

  pd_summary_table_clear (self->table);

  for (guint c = 0; c < G_N_ELEMENTS (titles); c++)
    pd_summary_table_attach (self->table, titles[c], (int)c, 0,
                             c > 0 ? PD_SUMMARY_CELL_FIGURE : PD_SUMMARY_CELL_TEXT, "caption-heading");

  for (guint i = 0; i < totals->len; i++)
    {
      const DayTotal *total = &g_array_index (totals, DayTotal, i);
      const PdMoney *figures[] = { &total->credits, &total->debits, &total->fees };
      g_autofree char *count = g_strdup_printf ("%'" G_GUINT64_FORMAT, total->count);
      int row = (int)i + 1;

      pd_summary_table_attach (self->table, total->currency, 0, row, PD_SUMMARY_CELL_TEXT, "heading");
      for (guint f = 0; f < G_N_ELEMENTS (figures); f++)
        {
          g_autofree char *amount = pd_format_money (figures[f]);

          pd_summary_table_attach (self->table, amount, (int)f + 1, row, PD_SUMMARY_CELL_FIGURE, NULL);
        }
      pd_summary_table_attach (self->table, count, 4, row, PD_SUMMARY_CELL_FIGURE, "dim-label");
    }
}

static void
show_today (PdBalanceOverview *self,
            GArray            *totals)
{
  g_autofree char *date = NULL;
  gint64 from, to;

  fill_table (self, totals);

  pd_balance_overview_get_today (&from, &to);
  date = pd_format_date (from);
  if (totals->len == 0)
    {
      g_autofree char *text = g_strdup_printf (_("%s · No money has moved today"), date);

      gtk_label_set_text (self->today_caption, text);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("%s · Transactions that moved money since midnight"), date);

      gtk_label_set_text (self->today_caption, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->table), totals->len > 0);
}

static gboolean
load_chart (PdBalanceOverview  *self,
            GError            **error)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) latest = NULL;

  pd_balance_chart_clear (self->chart);

  if (!pd_store_list_accounts (self->store, &accounts, error) ||
      !pd_store_list_latest_balances (self->store, self->account_id, &latest, error))
    return FALSE;

  for (guint i = 0; i < latest->len; i++)
    {
      const PdBalance *balance = g_ptr_array_index (latest, i);
      const PdAccount *account = NULL;
      g_autoptr(GPtrArray) history = NULL;
      g_autofree char *label = NULL;

      for (guint a = 0; a < accounts->len && account == NULL; a++)
        if (((PdAccount *)g_ptr_array_index (accounts, a))->id == balance->account_id)
          account = g_ptr_array_index (accounts, a);
      if (account == NULL || (self->provider != NULL && g_strcmp0 (account->provider, self->provider) != 0))
        continue;

      if (!pd_store_list_balance_history (self->store, balance->account_id, balance->wallet, 0, 0,
                                          &history, error))
        return FALSE;

      /* Translators: a line of the balance chart: the account, then its wallet */
      label = g_strdup_printf (_("%s · %s"), account->label, balance->wallet);
      pd_balance_chart_add_series (self->chart, label, history);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->chart_heading), pd_balance_chart_get_n_series (self->chart) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->chart), pd_balance_chart_get_n_series (self->chart) > 0);

  return TRUE;
}

/* PdView */

static PdViewFilters
pd_balance_overview_get_filters (PdView *view)
{
  return PD_VIEW_FILTER_ACCOUNT | PD_VIEW_FILTER_PROVIDER;
}

static void
pd_balance_overview_reload (PdView *view)
{
  PdBalanceOverview *self = PD_BALANCE_OVERVIEW (view);
  g_autoptr(GArray) totals = g_array_new (FALSE, TRUE, sizeof (DayTotal));
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  if (!load_today (self, totals, &error) || !load_chart (self, &error))
    pd_view_emit_error (view, error);

  show_today (self, totals);
}

static void
pd_balance_overview_set_filter (PdView        *view,
                                const PdQuery *filter)
{
  PdBalanceOverview *self = PD_BALANCE_OVERVIEW (view);

  if (self->account_id == filter->account_id && g_strcmp0 (self->provider, filter->provider) == 0)
    return;

  self->account_id = filter->account_id;
  g_free (self->provider);
  self->provider = g_strdup (filter->provider);
  pd_balance_overview_reload (view);
}

static void
view_iface_init (PdViewInterface *iface)
{
  iface->get_filters = pd_balance_overview_get_filters;
  iface->set_filter = pd_balance_overview_set_filter;
  iface->reload = pd_balance_overview_reload;
}

/* GObject */

static void
pd_balance_overview_dispose (GObject *object)
{
  PdBalanceOverview *self = (PdBalanceOverview *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_BALANCE_OVERVIEW);
  /* The rows of the template that have no name go too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pd_balance_overview_parent_class)->dispose (object);
}

static void
pd_balance_overview_finalize (GObject *object)
{
  PdBalanceOverview *self = (PdBalanceOverview *)object;

  g_free (self->provider);

  G_OBJECT_CLASS (pd_balance_overview_parent_class)->finalize (object);
}

static void
pd_balance_overview_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SELECTED_ITEM:
      g_value_set_object (value, NULL);
      break;

    case PROP_SUMMARY:
      g_value_set_string (value, NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_balance_overview_class_init (PdBalanceOverviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_balance_overview_dispose;
  object_class->finalize = pd_balance_overview_finalize;
  object_class->get_property = pd_balance_overview_get_property;

  g_object_class_override_property (object_class, PROP_SELECTED_ITEM, "selected-item");
  g_object_class_override_property (object_class, PROP_SUMMARY, "summary");

  g_type_ensure (PD_TYPE_BALANCE_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/paydesk/Paydesk/pd-balance-overview.ui");
  gtk_widget_class_bind_template_child (widget_class, PdBalanceOverview, today_caption);
  gtk_widget_class_bind_template_child (widget_class, PdBalanceOverview, table);
  gtk_widget_class_bind_template_child (widget_class, PdBalanceOverview, chart_heading);
  gtk_widget_class_bind_template_child (widget_class, PdBalanceOverview, chart);
}

static void
pd_balance_overview_init (PdBalanceOverview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * pd_balance_overview_new:
 * @store: the store to read
 *
 * Returns: (transfer full): a new overview; it reads the store when its
 *   view reloads it
 */
GtkWidget *
pd_balance_overview_new (PdStore *store)
{
  PdBalanceOverview *self;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  self = g_object_new (PD_TYPE_BALANCE_OVERVIEW, NULL);
  self->store = g_object_ref (store);

  return GTK_WIDGET (self);
}

/**
 * pd_balance_overview_get_chart:
 * @self: an overview
 *
 * Returns: (transfer none): its chart
 */
PdBalanceChart *
pd_balance_overview_get_chart (PdBalanceOverview *self)
{
  g_return_val_if_fail (PD_IS_BALANCE_OVERVIEW (self), NULL);

  return self->chart;
}

/**
 * pd_balance_overview_get_today:
 * @from_out: (out): local midnight today, Unix seconds
 * @to_out: (out): local midnight tomorrow, Unix seconds
 *
 * The day whose totals the overview shows.
 */
void
pd_balance_overview_get_today (gint64 *from_out,
                               gint64 *to_out)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now),
                                                         g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now),
                                                         0, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (midnight, 1);

  *from_out = g_date_time_to_unix (midnight);
  *to_out = g_date_time_to_unix (tomorrow);
}

/* pd-statement-summary.c - opening, credits, debits, fees and closing balance above the Statements list
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The head of the Statements view: for the account and period chosen in
 * the filter bar, each currency's opening balance, credits, debits, fees
 * and closing balance, how many lines are flagged because their running
 * balances do not chain, and a chart of each section's running balance
 * over the period (its last balance of each day). The figures are PdStatement's, the very
 * model the CSV, PDF and OFX exports print; the sections of one currency
 * (wallets, accounts) are only put side by side here.
 *
 * A statement walks every line of the period, so it is added up in a
 * worker thread on a store connection of its own, and a newer filter
 * cancels the walk before it.
 */

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pd-balance-chart.h"
#include "pd-format.h"
#include "pd-statement.h"
#include "pd-statement-summary.h"
#include "pd-summary-table.h"
#include "pd-view.h"

struct _PdStatementSummary
{
  GtkWidget     parent_instance;

  GtkLabel     *period_label;
  GtkSpinner   *spinner;
  GtkGrid        *table;
  PdBalanceChart *chart;
  GtkLabel       *note_label;

  PdStore      *store;
  GCancellable *cancellable;
  gint64        account_id;
  char         *provider;
  gint64        from;
  gint64        to;
  gboolean      loading;
};

static void view_iface_init (PdViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdStatementSummary, pd_statement_summary, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_VIEW, view_iface_init))

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS,

  PROP_SELECTED_ITEM = N_PROPS,
  PROP_SUMMARY,
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char     *path;
  gint64    account_id;
  char     *provider;
  gint64    from;
  gint64    to;
} Request;

typedef struct
{
  char       currency[4];
  PdMoney    opening;
  PdMoney    credits;
  PdMoney    debits;
  PdMoney    fees;
  PdMoney    closing;
  PdMoney    difference;
  GPtrArray *accounts;
} CurrencyTotal;

/* One line of the chart: a section's running balance, one reading a day. */
typedef struct
{
  char      *label;
  GPtrArray *readings;
  gint64     last_day;
} Series;

typedef struct
{
  GArray     *totals;
  GPtrArray  *series;
  GHashTable *series_by_section;
  const char *provider;
  guint64     n_breaks;
  gboolean    any_derived;
} Result;

static void
series_free (Series *series)
{
  g_free (series->label);
  g_ptr_array_unref (series->readings);
  g_free (series);
}

static void
request_free (Request *request)
{
  g_free (request->path);
  g_free (request->provider);
  g_free (request);
}

static void
currency_total_clear (gpointer data)
{
  CurrencyTotal *total = data;

  g_clear_pointer (&total->accounts, g_ptr_array_unref);
}

static void
result_free (Result *result)
{
  g_array_unref (result->totals);
  g_ptr_array_unref (result->series);
  g_clear_pointer (&result->series_by_section, g_hash_table_unref);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Result, result_free)

static CurrencyTotal *
find_total (GArray     *totals,
            const char *currency)
{
  CurrencyTotal total = { { 0, }, };

  for (guint i = 0; i < totals->len; i++)
    if (g_str_equal (g_array_index (totals, CurrencyTotal, i).currency, currency))
      return &g_array_index (totals, CurrencyTotal, i);

  g_strlcpy (total.currency, currency, sizeof total.currency);
  pd_money_init (&total.opening, 0, 0, currency);
  pd_money_init (&total.credits, 0, 0, currency);
  pd_money_init (&total.debits, 0, 0, currency);
  pd_money_init (&total.fees, 0, 0, currency);
  pd_money_init (&total.closing, 0, 0, currency);
  pd_money_init (&total.difference, 0, 0, currency);
  total.accounts = g_ptr_array_new_with_free_func (g_free);
  g_array_append_val (totals, total);

  return &g_array_index (totals, CurrencyTotal, totals->len - 1);
}

static gboolean
contains (GPtrArray  *strings,
          const char *string)
{
  for (guint i = 0; i < strings->len; i++)
    if (g_str_equal (g_ptr_array_index (strings, i), string))
      return TRUE;

  return FALSE;
}

/* Keeps the line's running balance as its section's reading of the day:
 * a period of a million lines is drawn from a few hundred points. */
static gboolean
add_chart_point (const PdStatementLine  *line,
                 gpointer                user_data,
                 GError                **error)
{
  Result *result = user_data;
  const PdStatementSection *section = line->section;
  gint64 offset = 0;
  gint64 day;
  Series *series;
  PdBalance *last;

  if (!pd_money_is_set (&line->balance) ||
      (result->provider != NULL && g_strcmp0 (section->account->provider, result->provider) != 0))
    return TRUE;

  series = g_hash_table_lookup (result->series_by_section, section);
  if (series == NULL)
    {
      series = g_new0 (Series, 1);
      series->label = section->wallet != NULL
        /* Translators: a line of the statement chart: the account, then its wallet */
        ? g_strdup_printf (_("%s · %s"), section->account->label, section->wallet)
        : g_strdup (section->account->label);
      series->readings = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_balance_free);
      series->last_day = G_MININT64;
      g_ptr_array_add (result->series, series);
      g_hash_table_insert (result->series_by_section, (gpointer)section, series);
    }

  /* Days are the account's own, summer time included. */
  if (section->time_zone != NULL)
    offset = g_time_zone_get_offset (section->time_zone,
                                     g_time_zone_find_interval (section->time_zone, G_TIME_TYPE_UNIVERSAL,
                                                                line->created_at));
  day = (line->created_at + offset) / (24 * 60 * 60);

  if (day != series->last_day)
    {
      last = pd_balance_new ();
      last->account_id = section->account->id;
      last->wallet = g_strdup (section->wallet);
      g_ptr_array_add (series->readings, last);
      series->last_day = day;
    }
  else
    last = g_ptr_array_index (series->readings, series->readings->len - 1);
  last->recorded_at = line->created_at;
  last->amount = line->balance;

  return TRUE;
}

static void
summary_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Request *request = task_data;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdStatement) statement = NULL;
  g_autoptr(Result) result = g_new0 (Result, 1);
  g_autoptr(GError) error = NULL;

  result->totals = g_array_new (FALSE, TRUE, sizeof (CurrencyTotal));
  g_array_set_clear_func (result->totals, currency_total_clear);
  result->series = g_ptr_array_new_with_free_func ((GDestroyNotify)series_free);
  result->series_by_section = g_hash_table_new (NULL, NULL);
  result->provider = request->provider;

  /* Its own connection: the walk must not hold the views' store. */
  store = pd_store_new_for_path (request->path, &error);
  if (store != NULL)
    statement = pd_statement_new (store, request->account_id, request->from, request->to, &error);
  if (statement == NULL || !pd_statement_foreach_line (statement, add_chart_point, result, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < pd_statement_get_n_sections (statement); i++)
    {
      const PdStatementSection *section = pd_statement_get_section (statement, i);
      CurrencyTotal *total;

      if (request->provider != NULL && g_strcmp0 (section->account->provider, request->provider) != 0)
        continue;

      total = find_total (result->totals, section->currency);
      if (!pd_summary_add_money (&total->opening, &section->opening, &error) ||
          !pd_summary_add_money (&total->credits, &section->credits, &error) ||
          !pd_summary_add_money (&total->debits, &section->debits, &error) ||
          !pd_summary_add_money (&total->fees, &section->fees, &error) ||
          !pd_summary_add_money (&total->closing, &section->closing, &error) ||
          !pd_summary_add_money (&total->difference, &section->difference, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (!contains (total->accounts, section->account->label))
        g_ptr_array_add (total->accounts, g_strdup (section->account->label));
      result->n_breaks += section->n_breaks;
      result->any_derived |= section->source == PD_STATEMENT_SOURCE_DERIVED;
    }

  /* The sections belong to the statement, which goes now. */
  g_clear_pointer (&result->series_by_section, g_hash_table_unref);
  result->provider = NULL;
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify)result_free);
}

/* Showing */

/* One row per currency: its accounts, then the statement's figures. */
static void
fill_table (PdStatementSummary *self,
            GArray             *totals)
{
  const char *titles[] = { _("Currency"), _("Accounts"), _("Opening Balance"), _("Credits"), _("Debits"),
                           _("Fees"), _("Closing Balance"), _("Not Explained") };
  gboolean any_difference = FALSE;
  guint n_columns;

  pd_summary_table_clear (self->table);

  for (guint i = 0; i < totals->len; i++)
    any_difference |= g_array_index (totals, CurrencyTotal, i).difference.units != 0;
  n_columns = any_difference ? G_N_ELEMENTS (titles) : G_N_ELEMENTS (titles) - 1;

  for (guint c = 0; c < n_columns; c++)
    pd_summary_table_attach (self->table, titles[c], (int)c, 0,
                             c >= 2 ? PD_SUMMARY_CELL_FIGURE : PD_SUMMARY_CELL_ELLIPSIZED, "caption-heading");

  for (guint i = 0; i < totals->len; i++)
    {
      CurrencyTotal *total = &g_array_index (totals, CurrencyTotal, i);
      const PdMoney *figures[] = { &total->opening, &total->credits, &total->debits, &total->fees,
                                   &total->closing, &total->difference };
      g_autofree char *accounts = NULL;
      GtkWidget *accounts_cell;
      int row = (int)i + 1;

      g_ptr_array_add (total->accounts, NULL);
      accounts = g_strjoinv (", ", (char **)total->accounts->pdata);
      g_ptr_array_remove_index (total->accounts, total->accounts->len - 1);

      pd_summary_table_attach (self->table, total->currency, 0, row, PD_SUMMARY_CELL_ELLIPSIZED, "heading");
      accounts_cell = pd_summary_table_attach (self->table, accounts, 1, row, PD_SUMMARY_CELL_ELLIPSIZED,
                                               "dim-label");
      gtk_widget_set_tooltip_text (accounts_cell, accounts);
      gtk_label_set_max_width_chars (GTK_LABEL (accounts_cell), 32);
      for (guint f = 0; f + 2 < n_columns; f++)
        {
          g_autofree char *amount = pd_format_money (figures[f]);

          pd_summary_table_attach (self->table, amount, (int)f + 2, row, PD_SUMMARY_CELL_FIGURE,
                                   f == 4 ? "heading" : NULL);
        }
    }
}

static void
set_loading (PdStatementSummary *self,
             gboolean            loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_note (PdStatementSummary *self,
           const char         *text,
           const char         *css_class)
{
  gtk_label_set_text (self->note_label, text != NULL ? text : "");
  gtk_widget_set_css_classes (GTK_WIDGET (self->note_label),
                              (const char *[]) { "caption", css_class, NULL });
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), text != NULL && text[0] != '\0');
}

static void
summary_ready_cb (GObject      *object,
                  GAsyncResult *async_result,
                  gpointer      user_data)
{
  PdStatementSummary *self = PD_STATEMENT_SUMMARY (object);
  g_autoptr(Result) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) note = g_string_new (NULL);

  result = g_task_propagate_pointer (G_TASK (async_result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_loading (self, FALSE);

  pd_balance_chart_clear (self->chart);

  if (result == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->table), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->chart), FALSE);
      show_note (self, error->message, "error");
      return;
    }

  fill_table (self, result->totals);
  gtk_widget_set_visible (GTK_WIDGET (self->table), result->totals->len > 0);

  /* A line needs two days to say anything. */
  for (guint i = 0; i < result->series->len; i++)
    {
      Series *series = g_ptr_array_index (result->series, i);

      if (series->readings->len >= 2)
        pd_balance_chart_add_series (self->chart, series->label, series->readings);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->chart), pd_balance_chart_get_n_series (self->chart) > 0);

  if (result->totals->len == 0)
    g_string_append (note, _("No account has recorded anything in this period."));
  if (result->n_breaks > 0)
    g_string_append_printf (note, g_dngettext (GETTEXT_PACKAGE,
                                               "%'" G_GUINT64_FORMAT " line is flagged: its running balance does "
                                               "not follow from the line before. It is shown as the provider "
                                               "sent it.",
                                               "%'" G_GUINT64_FORMAT " lines are flagged: their running balances "
                                               "do not follow from the lines before. They are shown as the "
                                               "provider sent them.",
                                               result->n_breaks),
                            result->n_breaks);
  if (result->any_derived && result->totals->len > 0)
    {
      if (note->len > 0)
        g_string_append_c (note, ' ');
      g_string_append (note, _("For accounts without a provider statement, the balances are worked out "
                               "from the transactions Paydesk has stored."));
    }
  show_note (self, note->str, result->n_breaks > 0 ? "warning" : "dim-label");
}

static char *
describe_period (PdStatementSummary *self)
{
  g_autoptr(PdAccount) account = self->account_id != 0 ? pd_store_get_account (self->store, self->account_id, NULL) : NULL;
  g_autofree char *from = self->from != 0 ? pd_format_date (self->from) : NULL;
  /* The end is exclusive: the period's last day is the one before. */
  g_autofree char *to = self->to != 0 ? pd_format_date (self->to - 1) : NULL;
  g_autofree char *period = NULL;
  const char *who;

  if (account != NULL)
    who = account->label;
  else if (self->provider != NULL)
    who = pd_provider_get_display_name (self->provider);
  else
    who = _("All accounts");

  if (from != NULL && to != NULL)
    /* Translators: a statement period: the first day, then the last */
    period = g_strdup_printf (_("%s to %s"), from, to);
  else if (from != NULL)
    period = g_strdup_printf (_("Since %s"), from);
  else if (to != NULL)
    period = g_strdup_printf (_("Until %s"), to);
  else
    period = g_strdup (_("Everything recorded"));

  /* Translators: whose statement it is, then its period */
  return g_strdup_printf (_("%s · %s"), who, period);
}

static void
start_summary (PdStatementSummary *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *period = NULL;
  Request *request;

  if (self->store == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  period = describe_period (self);
  gtk_label_set_text (self->period_label, period);
  set_loading (self, TRUE);

  request = g_new0 (Request, 1);
  request->path = g_strdup (pd_store_get_path (self->store));
  request->account_id = self->account_id;
  request->provider = g_strdup (self->provider);
  request->from = self->from;
  request->to = self->to;

  task = g_task_new (self, self->cancellable, summary_ready_cb, NULL);
  g_task_set_source_tag (task, start_summary);
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);
  g_task_run_in_thread (task, summary_worker);
}

/* PdView */

static PdViewFilters
pd_statement_summary_get_filters (PdView *view)
{
  return PD_VIEW_FILTER_ACCOUNT | PD_VIEW_FILTER_PROVIDER | PD_VIEW_FILTER_DATES;
}

static void
pd_statement_summary_set_filter (PdView        *view,
                                 const PdQuery *filter)
{
  PdStatementSummary *self = PD_STATEMENT_SUMMARY (view);

  /* The search narrows the list, not the statement. */
  if (self->account_id == filter->account_id && g_strcmp0 (self->provider, filter->provider) == 0 &&
      self->from == filter->date_from && self->to == filter->date_to && self->cancellable != NULL)
    return;

  self->account_id = filter->account_id;
  g_free (self->provider);
  self->provider = g_strdup (filter->provider);
  self->from = filter->date_from;
  self->to = filter->date_to;
  start_summary (self);
}

static void
pd_statement_summary_reload (PdView *view)
{
  start_summary (PD_STATEMENT_SUMMARY (view));
}

static void
view_iface_init (PdViewInterface *iface)
{
  iface->get_filters = pd_statement_summary_get_filters;
  iface->set_filter = pd_statement_summary_set_filter;
  iface->reload = pd_statement_summary_reload;
}

/* GObject */

static void
pd_statement_summary_dispose (GObject *object)
{
  PdStatementSummary *self = (PdStatementSummary *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_STATEMENT_SUMMARY);
  /* The rows of the template that have no name go too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pd_statement_summary_parent_class)->dispose (object);
}

static void
pd_statement_summary_finalize (GObject *object)
{
  PdStatementSummary *self = (PdStatementSummary *)object;

  g_free (self->provider);

  G_OBJECT_CLASS (pd_statement_summary_parent_class)->finalize (object);
}

static void
pd_statement_summary_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PdStatementSummary *self = PD_STATEMENT_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

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
pd_statement_summary_class_init (PdStatementSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_statement_summary_dispose;
  object_class->finalize = pd_statement_summary_finalize;
  object_class->get_property = pd_statement_summary_get_property;

  /**
   * PdStatementSummary:loading:
   *
   * Whether the statement is being added up.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_SELECTED_ITEM, "selected-item");
  g_object_class_override_property (object_class, PROP_SUMMARY, "summary");

  g_type_ensure (PD_TYPE_BALANCE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/paydesk/Paydesk/pd-statement-summary.ui");
  gtk_widget_class_bind_template_child (widget_class, PdStatementSummary, period_label);
  gtk_widget_class_bind_template_child (widget_class, PdStatementSummary, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdStatementSummary, table);
  gtk_widget_class_bind_template_child (widget_class, PdStatementSummary, chart);
  gtk_widget_class_bind_template_child (widget_class, PdStatementSummary, note_label);
}

static void
pd_statement_summary_init (PdStatementSummary *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * pd_statement_summary_new:
 * @store: the store to read
 *
 * Returns: (transfer full): a new summary; it adds up the statement when
 *   its view reloads it or passes it a filter
 */
GtkWidget *
pd_statement_summary_new (PdStore *store)
{
  PdStatementSummary *self;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  self = g_object_new (PD_TYPE_STATEMENT_SUMMARY, NULL);
  self->store = g_object_ref (store);

  return GTK_WIDGET (self);
}

/**
 * pd_statement_summary_get_loading:
 * @self: a summary
 *
 * Returns: whether the statement is being added up
 */
gboolean
pd_statement_summary_get_loading (PdStatementSummary *self)
{
  g_return_val_if_fail (PD_IS_STATEMENT_SUMMARY (self), FALSE);

  return self->loading;
}

/**
 * pd_statement_summary_get_chart:
 * @self: a summary
 *
 * Returns: (transfer none): the chart of the sections' running balances
 */
PdBalanceChart *
pd_statement_summary_get_chart (PdStatementSummary *self)
{
  g_return_val_if_fail (PD_IS_STATEMENT_SUMMARY (self), NULL);

  return self->chart;
}

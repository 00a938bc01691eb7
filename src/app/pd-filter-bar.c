/* pd-filter-bar.c - account, provider, state, date and amount filters
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Emits "changed" whenever what it selects changes; the window then gives
 * the current view a new filter. The amount range needs a currency (the
 * store never compares amounts of two currencies); a bound that is not a
 * number is shown in error and left out.
 */

#include <glib/gi18n.h>

#include "pd-filter-bar.h"

static const char * const providers[] = { NULL, "fayapay", "zengapay", "eoneopay", "pawacard", "enayapay" };
static const char * const currencies[] = { NULL, "GHS", "UGX", "AUD", "KES", "SDG" };

struct _PdFilterBar
{
  GtkWidget       parent_instance;

  GtkFlowBox     *box;
  GtkDropDown    *account_dropdown;
  GtkStringList  *account_names;
  GtkDropDown    *provider_dropdown;
  GtkDropDown    *state_dropdown;
  GtkStringList  *state_names;
  GtkMenuButton  *from_button;
  GtkCalendar    *from_calendar;
  GtkMenuButton  *to_button;
  GtkCalendar    *to_calendar;
  GtkWidget      *amount_box;
  GtkDropDown    *currency_dropdown;
  GtkEntry       *min_entry;
  GtkEntry       *max_entry;

  /* The account of each row of account_dropdown after the first. */
  GArray         *account_ids;

  /* Local midnight of the chosen days, 0 for any day. */
  gint64          from;
  gint64          to;

  /* While the bar is set from a query, its changes are one change. */
  guint           updating;
};

G_DEFINE_FINAL_TYPE (PdFilterBar, pd_filter_bar, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (PdFilterBar *self)
{
  if (self->updating == 0)
    g_signal_emit (self, signals[CHANGED], 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "filter-bar.clear", pd_filter_bar_is_active (self));
}

static gint64
day_start (GDateTime *day)
{
  g_autoptr(GDateTime) local = g_date_time_new_local (g_date_time_get_year (day),
                                                      g_date_time_get_month (day),
                                                      g_date_time_get_day_of_month (day),
                                                      0, 0, 0);

  return g_date_time_to_unix (local);
}

static void
update_date_label (GtkMenuButton *button,
                   gint64         unix_seconds,
                   gboolean       is_end)
{
  g_autofree char *label = NULL;

  if (unix_seconds == 0)
    label = g_strdup (is_end ? _("To Any Day") : _("From Any Day"));
  else
    {
      /* The end is exclusive: the day shown is the one before it. */
      g_autoptr(GDateTime) day = g_date_time_new_from_unix_local (is_end ? unix_seconds - 1 : unix_seconds);
      /* Translators: a day in the filter bar, as a g_date_time_format() format */
      g_autofree char *text = g_date_time_format (day, _("%e %b %Y"));

      label = g_strdup_printf (is_end ? _("To %s") : _("From %s"), g_strstrip (text));
    }

  gtk_menu_button_set_label (button, label);
}

static void
from_day_selected_cb (PdFilterBar *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->from_calendar);

  self->from = day_start (day);
  update_date_label (self->from_button, self->from, FALSE);
  gtk_menu_button_popdown (self->from_button);
  emit_changed (self);
}

static void
from_cleared_cb (PdFilterBar *self)
{
  self->from = 0;
  update_date_label (self->from_button, 0, FALSE);
  gtk_menu_button_popdown (self->from_button);
  emit_changed (self);
}

static void
to_day_selected_cb (PdFilterBar *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->to_calendar);
  g_autoptr(GDateTime) next = g_date_time_add_days (day, 1);

  self->to = day_start (next);
  update_date_label (self->to_button, self->to, TRUE);
  gtk_menu_button_popdown (self->to_button);
  emit_changed (self);
}

static void
to_cleared_cb (PdFilterBar *self)
{
  self->to = 0;
  update_date_label (self->to_button, 0, TRUE);
  gtk_menu_button_popdown (self->to_button);
  emit_changed (self);
}

/* Reads an amount as typed: the locale's decimal comma is taken for a
 * point; grouping is not accepted. */
static gboolean
parse_amount (GtkEntry   *entry,
              const char *currency,
              PdMoney    *out)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
  g_autoptr(GError) error = NULL;

  g_strstrip (text);
  if (text[0] == '\0' || currency == NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      return FALSE;
    }

  g_strdelimit (text, ",", '.');
  if (!pd_money_parse (text, currency, out, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      return FALSE;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  return TRUE;
}

static void
amount_changed_cb (PdFilterBar *self)
{
  emit_changed (self);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  pd_filter_bar_clear (PD_FILTER_BAR (widget));
}

static void
pd_filter_bar_dispose (GObject *object)
{
  PdFilterBar *self = (PdFilterBar *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_FILTER_BAR);

  G_OBJECT_CLASS (pd_filter_bar_parent_class)->dispose (object);
}

static void
pd_filter_bar_finalize (GObject *object)
{
  PdFilterBar *self = (PdFilterBar *)object;

  g_clear_pointer (&self->account_ids, g_array_unref);

  G_OBJECT_CLASS (pd_filter_bar_parent_class)->finalize (object);
}

static void
pd_filter_bar_class_init (PdFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_filter_bar_dispose;
  object_class->finalize = pd_filter_bar_finalize;

  /**
   * PdFilterBar::changed:
   *
   * What the bar selects changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "filter-bar.clear", NULL, clear_action);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/paydesk/Paydesk/pd-filter-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, PdFilterBar, box);
  gtk_widget_class_bind_template_child (widget_class, PdFilterBar, account_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdFilterBar, account_names);
  gtk_widget_class_bind_template_child (widget_class, PdFilterBar, provider_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdFilterBar, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdFilterBar, state_names);
  gtk_widget_class_bind_template_child (widget_class, PdFilterBar, from_button);
  gtk_widget_class_bind_template_child (widget_class, PdFilterBar, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, PdFilterBar, to_button);
  gtk_widget_class_bind_template_child (widget_class, PdFilterBar, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, PdFilterBar, amount_box);
  gtk_widget_class_bind_template_child (widget_class, PdFilterBar, currency_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdFilterBar, min_entry);
  gtk_widget_class_bind_template_child (widget_class, PdFilterBar, max_entry);
  gtk_widget_class_bind_template_callback (widget_class, from_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, from_cleared_cb);
  gtk_widget_class_bind_template_callback (widget_class, to_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, to_cleared_cb);
  gtk_widget_class_bind_template_callback (widget_class, amount_changed_cb);
}

static void
pd_filter_bar_init (PdFilterBar *self)
{
  self->account_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (self->account_names, _("All Accounts"));
  gtk_string_list_append (self->state_names, _("Any State"));
  for (guint state = 0; state < PD_TRANSACTION_STATE_COUNT; state++)
    gtk_string_list_append (self->state_names, pd_transaction_state_get_label (state));

  update_date_label (self->from_button, 0, FALSE);
  update_date_label (self->to_button, 0, TRUE);

  g_signal_connect_object (self->account_dropdown, "notify::selected",
                           G_CALLBACK (emit_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->provider_dropdown, "notify::selected",
                           G_CALLBACK (emit_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->state_dropdown, "notify::selected",
                           G_CALLBACK (emit_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->currency_dropdown, "notify::selected",
                           G_CALLBACK (emit_changed), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "filter-bar.clear", FALSE);
}

/**
 * pd_filter_bar_set_accounts:
 * @self: a filter bar
 * @accounts: (element-type PdAccount): the accounts to choose from
 *
 * Keeps the chosen account chosen when it is still there.
 */
void
pd_filter_bar_set_accounts (PdFilterBar *self,
                            GPtrArray   *accounts)
{
  guint selected = gtk_drop_down_get_selected (self->account_dropdown);
  gint64 chosen = selected > 0 && selected <= self->account_ids->len
    ? g_array_index (self->account_ids, gint64, selected - 1) : 0;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->account_names));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint new_selected = 0;

  g_return_if_fail (PD_IS_FILTER_BAR (self));
  g_return_if_fail (accounts != NULL);

  self->updating++;

  g_array_set_size (self->account_ids, 0);
  for (guint i = 0; i < accounts->len; i++)
    {
      const PdAccount *account = g_ptr_array_index (accounts, i);

      g_array_append_val (self->account_ids, account->id);
      /* Translators: an account in the filter bar: its name and its provider */
      g_ptr_array_add (names, g_strdup_printf (_("%s (%s)"), account->label,
                                               pd_provider_get_display_name (account->provider)));
      if (account->id == chosen)
        new_selected = i + 1;
    }
  g_ptr_array_add (names, NULL);

  gtk_string_list_splice (self->account_names, 1, n_old - 1, (const char * const *)names->pdata);
  gtk_drop_down_set_selected (self->account_dropdown, new_selected);

  self->updating--;

  if (new_selected == 0 && chosen != 0)
    emit_changed (self);
}

/* A control and the flow box cell it sits in. */
static void
show_control (GtkWidget *control,
              gboolean   visible)
{
  GtkWidget *cell = gtk_widget_get_parent (control);

  gtk_widget_set_visible (control, visible);
  if (GTK_IS_FLOW_BOX_CHILD (cell))
    gtk_widget_set_visible (cell, visible);
}

/**
 * pd_filter_bar_set_filters:
 * @self: a filter bar
 * @filters: which filters the current view takes
 *
 * Shows only the filters that apply.
 */
void
pd_filter_bar_set_filters (PdFilterBar   *self,
                           PdViewFilters  filters)
{
  g_return_if_fail (PD_IS_FILTER_BAR (self));

  show_control (GTK_WIDGET (self->account_dropdown), (filters & PD_VIEW_FILTER_ACCOUNT) != 0);
  show_control (GTK_WIDGET (self->provider_dropdown), (filters & PD_VIEW_FILTER_PROVIDER) != 0);
  show_control (GTK_WIDGET (self->state_dropdown), (filters & PD_VIEW_FILTER_STATE) != 0);
  show_control (GTK_WIDGET (self->from_button), (filters & PD_VIEW_FILTER_DATES) != 0);
  show_control (GTK_WIDGET (self->to_button), (filters & PD_VIEW_FILTER_DATES) != 0);
  show_control (self->amount_box, (filters & PD_VIEW_FILTER_AMOUNTS) != 0);
}

/**
 * pd_filter_bar_fill_query:
 * @self: a filter bar
 * @query: the query to narrow
 *
 * Sets the account, provider, states, dates and amounts of @query to what
 * the bar selects.
 */
void
pd_filter_bar_fill_query (PdFilterBar *self,
                          PdQuery     *query)
{
  guint account = gtk_drop_down_get_selected (self->account_dropdown);
  guint provider = gtk_drop_down_get_selected (self->provider_dropdown);
  guint state = gtk_drop_down_get_selected (self->state_dropdown);
  guint currency = gtk_drop_down_get_selected (self->currency_dropdown);
  const char *code = currency < G_N_ELEMENTS (currencies) ? currencies[currency] : NULL;
  PdMoney unset = { 0 };

  g_return_if_fail (PD_IS_FILTER_BAR (self));
  g_return_if_fail (query != NULL);

  query->account_id = account > 0 && account <= self->account_ids->len
    ? g_array_index (self->account_ids, gint64, account - 1) : 0;
  pd_query_set_provider (query, provider < G_N_ELEMENTS (providers) ? providers[provider] : NULL);
  query->states = state > 0 && state <= PD_TRANSACTION_STATE_COUNT ? PD_TRANSACTION_STATE_BIT (state - 1) : 0;
  query->date_from = self->from;
  query->date_to = self->to;

  query->min_amount = unset;
  query->max_amount = unset;
  if (!parse_amount (self->min_entry, code, &query->min_amount))
    query->min_amount = unset;
  if (!parse_amount (self->max_entry, code, &query->max_amount))
    query->max_amount = unset;
}

static void
set_calendar (GtkCalendar *calendar,
              gint64       unix_seconds)
{
  g_autoptr(GDateTime) day = g_date_time_new_from_unix_local (unix_seconds);

  gtk_calendar_select_day (calendar, day);
}

/**
 * pd_filter_bar_set_query:
 * @self: a filter bar
 * @query: a query, from a saved view
 *
 * Selects what @query filters by. Emits "changed" once.
 */
void
pd_filter_bar_set_query (PdFilterBar   *self,
                         const PdQuery *query)
{
  guint provider = 0, state = 0, currency = 0, account = 0;
  const char *code;

  g_return_if_fail (PD_IS_FILTER_BAR (self));
  g_return_if_fail (query != NULL);

  self->updating++;

  for (guint i = 0; i < self->account_ids->len; i++)
    if (g_array_index (self->account_ids, gint64, i) == query->account_id)
      account = i + 1;
  for (guint i = 1; i < G_N_ELEMENTS (providers); i++)
    if (g_strcmp0 (providers[i], query->provider) == 0)
      provider = i;
  for (guint s = 0; s < PD_TRANSACTION_STATE_COUNT; s++)
    if (query->states == PD_TRANSACTION_STATE_BIT (s))
      state = s + 1;

  code = pd_money_is_set (&query->min_amount) ? query->min_amount.currency
       : pd_money_is_set (&query->max_amount) ? query->max_amount.currency : NULL;
  for (guint i = 1; i < G_N_ELEMENTS (currencies) && code != NULL; i++)
    if (g_ascii_strcasecmp (currencies[i], code) == 0)
      currency = i;

  gtk_drop_down_set_selected (self->account_dropdown, account);
  gtk_drop_down_set_selected (self->provider_dropdown, provider);
  gtk_drop_down_set_selected (self->state_dropdown, state);
  gtk_drop_down_set_selected (self->currency_dropdown, currency);

  {
    g_autofree char *min = pd_money_is_set (&query->min_amount) ? pd_money_to_plain (&query->min_amount) : NULL;
    g_autofree char *max = pd_money_is_set (&query->max_amount) ? pd_money_to_plain (&query->max_amount) : NULL;

    gtk_editable_set_text (GTK_EDITABLE (self->min_entry), min != NULL ? min : "");
    gtk_editable_set_text (GTK_EDITABLE (self->max_entry), max != NULL ? max : "");
  }

  self->from = query->date_from;
  self->to = query->date_to;
  if (self->from != 0)
    set_calendar (self->from_calendar, self->from);
  if (self->to != 0)
    set_calendar (self->to_calendar, self->to - 1);
  update_date_label (self->from_button, self->from, FALSE);
  update_date_label (self->to_button, self->to, TRUE);

  self->updating--;
  emit_changed (self);
}

/**
 * pd_filter_bar_is_active:
 * @self: a filter bar
 *
 * Returns: whether anything is filtered out
 */
gboolean
pd_filter_bar_is_active (PdFilterBar *self)
{
  g_return_val_if_fail (PD_IS_FILTER_BAR (self), FALSE);

  return gtk_drop_down_get_selected (self->account_dropdown) != 0
      || gtk_drop_down_get_selected (self->provider_dropdown) != 0
      || gtk_drop_down_get_selected (self->state_dropdown) != 0
      || self->from != 0 || self->to != 0
      || gtk_editable_get_text (GTK_EDITABLE (self->min_entry))[0] != '\0'
      || gtk_editable_get_text (GTK_EDITABLE (self->max_entry))[0] != '\0';
}

/**
 * pd_filter_bar_clear:
 * @self: a filter bar
 *
 * Selects everything again. Emits "changed" once.
 */
void
pd_filter_bar_clear (PdFilterBar *self)
{
  g_autoptr(PdQuery) everything = pd_query_new ();

  g_return_if_fail (PD_IS_FILTER_BAR (self));

  pd_filter_bar_set_query (self, everything);
}

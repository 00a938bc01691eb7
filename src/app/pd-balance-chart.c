/* pd-balance-chart.c - each wallet's balance over time, drawn
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * One line per wallet, its readings joined in time order. Amounts of
 * different currencies are never drawn against one axis: each currency
 * gets a panel of its own, with its own amount axis in the currency's
 * form, and all panels share the span of dates so that they read side by
 * side. Each panel lists its wallets under the plot, with their colours
 * and latest balances.
 *
 * Amounts stay exact: the axis is worked out in minor units of the
 * currency's largest scale; only the position on screen is a fraction.
 */

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pd-balance-chart.h"
#include "pd-format.h"

#define MIN_PANEL_WIDTH 300
#define PANEL_SPACING   24
#define TITLE_HEIGHT    24
#define PLOT_HEIGHT     150
#define AXIS_HEIGHT     22
#define LEGEND_LINE     20
#define N_Y_STEPS       4

typedef struct
{
  gint64  at;
  PdMoney amount;
  /* The amount in minor units of its panel's scale. */
  gint64  units;
} Point;

typedef struct
{
  char   *label;
  char    currency[4];
  GArray *points;
  guint   color;
} Series;

typedef struct
{
  char       currency[4];
  GPtrArray *series;
  guint      scale;
  gint64     low;
  gint64     high;
  gint64     step;
} Panel;

struct _PdBalanceChart
{
  GtkWidget  parent_instance;

  GPtrArray *series;
  GPtrArray *panels;
  gint64     first_at;
  gint64     last_at;
};

G_DEFINE_FINAL_TYPE (PdBalanceChart, pd_balance_chart, GTK_TYPE_WIDGET)

/* The GNOME palette: darker shades on a light background, lighter ones on
 * a dark background, so that every line keeps its contrast. */
static const GdkRGBA light_colors[] = {
  { 0.110f, 0.443f, 0.847f, 1.f },  /* blue 4 */
  { 0.149f, 0.635f, 0.412f, 1.f },  /* green 5 */
  { 0.902f, 0.380f, 0.000f, 1.f },  /* orange 5 */
  { 0.569f, 0.255f, 0.675f, 1.f },  /* purple 3 */
  { 0.753f, 0.110f, 0.157f, 1.f },  /* red 4 */
  { 0.596f, 0.416f, 0.267f, 1.f },  /* brown 3 */
};

static const GdkRGBA dark_colors[] = {
  { 0.384f, 0.627f, 0.918f, 1.f },  /* blue 2 */
  { 0.341f, 0.890f, 0.537f, 1.f },  /* green 2 */
  { 1.000f, 0.639f, 0.282f, 1.f },  /* orange 2 */
  { 0.863f, 0.541f, 0.867f, 1.f },  /* purple 1 */
  { 0.965f, 0.380f, 0.318f, 1.f },  /* red 2 */
  { 0.804f, 0.671f, 0.561f, 1.f },  /* brown 1 */
};

static void
series_free (Series *series)
{
  g_free (series->label);
  g_array_unref (series->points);
  g_free (series);
}

static void
panel_free (Panel *panel)
{
  g_ptr_array_unref (panel->series);
  g_free (panel);
}

static gint64
floor_to (gint64 value,
          gint64 step)
{
  gint64 q = value / step;

  if (value % step != 0 && value < 0)
    q--;

  return q * step;
}

static gint64
ceil_to (gint64 value,
         gint64 step)
{
  gint64 q = value / step;

  if (value % step != 0 && value > 0)
    q++;

  return q * step;
}

/* The range of the amount axis: from zero (or the lowest balance, when one
 * is below zero) to the highest, in round steps of 1, 2 or 5 × 10ⁿ. */
static void
panel_compute_axis (Panel *panel)
{
  gboolean any = FALSE;
  gint64 low = 0, high = 0, wanted, power = 1;

  panel->scale = 0;
  for (guint s = 0; s < panel->series->len; s++)
    {
      Series *series = g_ptr_array_index (panel->series, s);

      for (guint p = 0; p < series->points->len; p++)
        panel->scale = MAX (panel->scale, g_array_index (series->points, Point, p).amount.scale);
    }

  for (guint s = 0; s < panel->series->len; s++)
    {
      Series *series = g_ptr_array_index (panel->series, s);

      for (guint p = 0; p < series->points->len; p++)
        {
          Point *point = &g_array_index (series->points, Point, p);
          PdMoney rescaled;

          /* A larger scale never loses a digit; it only fails on overflow. */
          if (!pd_money_rescale (&point->amount, panel->scale, &rescaled, NULL))
            rescaled.units = 0;
          point->units = rescaled.units;
          if (!any)
            low = high = point->units;
          low = MIN (low, point->units);
          high = MAX (high, point->units);
          any = TRUE;
        }
    }

  low = MIN (low, 0);
  high = MAX (high, 0);
  if (high == low)
    {
      high = low + 1;
      for (guint i = 0; i < panel->scale; i++)
        high = low + (high - low) * 10;
    }

  wanted = (high - low) / N_Y_STEPS + 1;
  while (power <= G_MAXINT64 / 10 && power * 10 <= wanted)
    power *= 10;
  if (power >= wanted)
    panel->step = power;
  else if (power <= G_MAXINT64 / 2 && power * 2 >= wanted)
    panel->step = power * 2;
  else if (power <= G_MAXINT64 / 5 && power * 5 >= wanted)
    panel->step = power * 5;
  else
    panel->step = power <= G_MAXINT64 / 10 ? power * 10 : power;

  panel->low = floor_to (low, panel->step);
  panel->high = ceil_to (high, panel->step);
}

static void
rebuild_panels (PdBalanceChart *self)
{
  g_ptr_array_set_size (self->panels, 0);
  self->first_at = G_MAXINT64;
  self->last_at = G_MININT64;

  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);
      Panel *panel = NULL;

      for (guint p = 0; p < self->panels->len && panel == NULL; p++)
        if (g_str_equal (((Panel *)g_ptr_array_index (self->panels, p))->currency, series->currency))
          panel = g_ptr_array_index (self->panels, p);

      if (panel == NULL)
        {
          panel = g_new0 (Panel, 1);
          g_strlcpy (panel->currency, series->currency, sizeof panel->currency);
          panel->series = g_ptr_array_new ();
          g_ptr_array_add (self->panels, panel);
        }
      g_ptr_array_add (panel->series, series);

      for (guint p = 0; p < series->points->len; p++)
        {
          gint64 at = g_array_index (series->points, Point, p).at;

          self->first_at = MIN (self->first_at, at);
          self->last_at = MAX (self->last_at, at);
        }
    }

  for (guint p = 0; p < self->panels->len; p++)
    panel_compute_axis (g_ptr_array_index (self->panels, p));

  if (self->first_at > self->last_at)
    self->first_at = self->last_at = 0;
  if (self->first_at == self->last_at)
    {
      self->first_at -= 24 * 60 * 60;
      self->last_at += 24 * 60 * 60;
    }
}

static guint
max_series_per_panel (PdBalanceChart *self)
{
  guint n = 0;

  for (guint p = 0; p < self->panels->len; p++)
    n = MAX (n, ((Panel *)g_ptr_array_index (self->panels, p))->series->len);

  return n;
}

static guint
n_columns_for_width (PdBalanceChart *self,
                     int             width)
{
  guint n = self->panels->len;
  guint columns = MAX (1, (width + PANEL_SPACING) / (MIN_PANEL_WIDTH + PANEL_SPACING));

  return MAX (1, MIN (n, columns));
}

static int
panel_height (PdBalanceChart *self)
{
  return TITLE_HEIGHT + PLOT_HEIGHT + AXIS_HEIGHT + (int)max_series_per_panel (self) * LEGEND_LINE + 6;
}

/* Drawing */

static PangoLayout *
make_layout (PdBalanceChart *self,
             const char     *text,
             gboolean        bold,
             gboolean        small)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (small)
    pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
  pango_layout_set_attributes (layout, attrs);

  return layout;
}

static char *
format_units (gint64      units,
              guint       scale,
              const char *currency)
{
  PdMoney money;

  pd_money_init (&money, units, scale, currency);

  return pd_format_money (&money);
}

static double
x_for_time (PdBalanceChart *self,
            gint64          at,
            double          left,
            double          width)
{
  return left + width * (double)(at - self->first_at) / (double)(self->last_at - self->first_at);
}

static double
y_for_units (Panel  *panel,
             gint64  units,
             double  top,
             double  height)
{
  return top + height * (double)(panel->high - units) / (double)(panel->high - panel->low);
}

static void
set_color (cairo_t       *cr,
           const GdkRGBA *color,
           double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static void
draw_panel (PdBalanceChart *self,
            cairo_t        *cr,
            Panel          *panel,
            double          x,
            double          y,
            double          width,
            const GdkRGBA  *fg,
            const GdkRGBA  *palette,
            guint           n_colors)
{
  g_autoptr(PangoLayout) title = make_layout (self, panel->currency, TRUE, FALSE);
  double axis_width = 0, plot_left, plot_top, plot_width, plot_height;
  guint n_dates;
  int w, h;

  set_color (cr, fg, 1.0);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, title);

  /* The widest amount label sets the left margin. */
  for (gint64 tick = panel->low; tick <= panel->high; tick += panel->step)
    {
      g_autofree char *text = format_units (tick, panel->scale, panel->currency);
      g_autoptr(PangoLayout) label = make_layout (self, text, FALSE, TRUE);

      pango_layout_get_pixel_size (label, &w, &h);
      axis_width = MAX (axis_width, w);
      if (tick > G_MAXINT64 - panel->step)
        break;
    }

  plot_left = x + axis_width + 8;
  plot_top = y + TITLE_HEIGHT + 4;
  plot_width = MAX (width - axis_width - 16, 20);
  plot_height = PLOT_HEIGHT - 8;

  /* Grid and amounts */
  cairo_set_line_width (cr, 1);
  for (gint64 tick = panel->low; tick <= panel->high; tick += panel->step)
    {
      g_autofree char *text = format_units (tick, panel->scale, panel->currency);
      g_autoptr(PangoLayout) label = make_layout (self, text, FALSE, TRUE);
      double ty = (int)y_for_units (panel, tick, plot_top, plot_height) + 0.5;

      set_color (cr, fg, tick == 0 ? 0.35 : 0.12);
      cairo_move_to (cr, plot_left, ty);
      cairo_line_to (cr, plot_left + plot_width, ty);
      cairo_stroke (cr);

      pango_layout_get_pixel_size (label, &w, &h);
      set_color (cr, fg, 0.65);
      cairo_move_to (cr, plot_left - 8 - w, ty - h / 2.0);
      pango_cairo_show_layout (cr, label);
      if (tick > G_MAXINT64 - panel->step)
        break;
    }

  /* Dates */
  n_dates = CLAMP ((guint)(plot_width / 65), 2, 7);
  for (guint i = 0; i < n_dates; i++)
    {
      gint64 at = self->first_at + (self->last_at - self->first_at) * (gint64)i / (gint64)(n_dates - 1);
      g_autoptr(GDateTime) date_time = g_date_time_new_from_unix_local (at);
      /* Translators: a day under the balance chart, as a g_date_time_format() format */
      g_autofree char *text = date_time != NULL ? g_date_time_format (date_time, _("%-d %b")) : g_strdup ("");
      g_autoptr(PangoLayout) label = make_layout (self, text, FALSE, TRUE);
      double tx = x_for_time (self, at, plot_left, plot_width);

      pango_layout_get_pixel_size (label, &w, &h);
      set_color (cr, fg, 0.65);
      cairo_move_to (cr, CLAMP (tx - w / 2.0, plot_left, plot_left + plot_width - w), plot_top + plot_height + 6);
      pango_cairo_show_layout (cr, label);

      set_color (cr, fg, 0.35);
      cairo_move_to (cr, (int)tx + 0.5, plot_top + plot_height);
      cairo_line_to (cr, (int)tx + 0.5, plot_top + plot_height + 4);
      cairo_stroke (cr);
    }

  /* One line per wallet */
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint s = 0; s < panel->series->len; s++)
    {
      Series *series = g_ptr_array_index (panel->series, s);
      const GdkRGBA *color = &palette[series->color % n_colors];

      set_color (cr, color, 1.0);
      cairo_set_line_width (cr, 2);
      for (guint p = 0; p < series->points->len; p++)
        {
          Point *point = &g_array_index (series->points, Point, p);

          cairo_line_to (cr, x_for_time (self, point->at, plot_left, plot_width),
                         y_for_units (panel, point->units, plot_top, plot_height));
        }
      cairo_stroke (cr);

      if (series->points->len <= 40)
        for (guint p = 0; p < series->points->len; p++)
          {
            Point *point = &g_array_index (series->points, Point, p);

            cairo_new_sub_path (cr);
            cairo_arc (cr, x_for_time (self, point->at, plot_left, plot_width),
                       y_for_units (panel, point->units, plot_top, plot_height), 2.5, 0, 2 * G_PI);
            cairo_fill (cr);
          }
    }

  /* Legend: the wallet, its colour and its latest balance */
  for (guint s = 0; s < panel->series->len; s++)
    {
      Series *series = g_ptr_array_index (panel->series, s);
      const Point *last = series->points->len > 0
        ? &g_array_index (series->points, Point, series->points->len - 1) : NULL;
      g_autofree char *amount = last != NULL ? pd_format_money (&last->amount) : g_strdup ("");
      g_autoptr(PangoLayout) name = make_layout (self, series->label, FALSE, TRUE);
      g_autoptr(PangoLayout) value = make_layout (self, amount, FALSE, TRUE);
      double ly = y + TITLE_HEIGHT + PLOT_HEIGHT + AXIS_HEIGHT + s * LEGEND_LINE;
      int vw, vh;

      pango_layout_get_pixel_size (value, &vw, &vh);
      pango_layout_set_width (name, (int)MAX (width - vw - 40, 40) * PANGO_SCALE);
      pango_layout_set_ellipsize (name, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (name, &w, &h);

      set_color (cr, &palette[series->color % n_colors], 1.0);
      cairo_rectangle (cr, x + 2, ly + h / 2.0 - 1.5, 14, 3);
      cairo_fill (cr);

      set_color (cr, fg, 1.0);
      cairo_move_to (cr, x + 24, ly);
      pango_cairo_show_layout (cr, name);
      set_color (cr, fg, 0.8);
      cairo_move_to (cr, x + width - vw, ly);
      pango_cairo_show_layout (cr, value);
    }
}

static void
pd_balance_chart_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  PdBalanceChart *self = PD_BALANCE_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  const GdkRGBA *palette = dark ? dark_colors : light_colors;
  guint columns;
  double panel_width;
  GdkRGBA fg;
  cairo_t *cr;

  if (self->panels->len == 0 || width <= 0 || height <= 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  columns = n_columns_for_width (self, width);
  panel_width = (width - (double)(columns - 1) * PANEL_SPACING) / columns;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (guint p = 0; p < self->panels->len; p++)
    draw_panel (self, cr, g_ptr_array_index (self->panels, p),
                (p % columns) * (panel_width + PANEL_SPACING),
                (p / columns) * (double)(panel_height (self) + PANEL_SPACING),
                panel_width, &fg, palette, G_N_ELEMENTS (light_colors));
  cairo_destroy (cr);
}

static GtkSizeRequestMode
pd_balance_chart_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
pd_balance_chart_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  PdBalanceChart *self = PD_BALANCE_CHART (widget);
  guint n = self->panels->len;

  if (n == 0)
    {
      *minimum = *natural = 0;
      return;
    }

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_PANEL_WIDTH;
      *natural = (int)n * (MIN_PANEL_WIDTH + 100) + (int)(n - 1) * PANEL_SPACING;
    }
  else
    {
      guint columns = for_size > 0 ? n_columns_for_width (self, for_size) : n;
      guint rows = (n + columns - 1) / columns;

      *minimum = *natural = (int)rows * panel_height (self) + (int)(rows - 1) * PANEL_SPACING;
    }
}

static void
pd_balance_chart_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (pd_balance_chart_parent_class)->css_changed (widget, change);

  /* The colours follow the style, dark or light. */
  gtk_widget_queue_draw (widget);
}

/* Accessibility */

static void
update_description (PdBalanceChart *self)
{
  g_autofree char *description = pd_balance_chart_dup_description (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/* GObject */

static void
pd_balance_chart_finalize (GObject *object)
{
  PdBalanceChart *self = (PdBalanceChart *)object;

  g_clear_pointer (&self->panels, g_ptr_array_unref);
  g_clear_pointer (&self->series, g_ptr_array_unref);

  G_OBJECT_CLASS (pd_balance_chart_parent_class)->finalize (object);
}

static void
pd_balance_chart_class_init (PdBalanceChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pd_balance_chart_finalize;

  widget_class->snapshot = pd_balance_chart_snapshot;
  widget_class->get_request_mode = pd_balance_chart_get_request_mode;
  widget_class->measure = pd_balance_chart_measure;
  widget_class->css_changed = pd_balance_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "balancechart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pd_balance_chart_init (PdBalanceChart *self)
{
  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify)series_free);
  self->panels = g_ptr_array_new_with_free_func ((GDestroyNotify)panel_free);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Balances over time"),
                                  -1);
  update_description (self);
}

/**
 * pd_balance_chart_new:
 *
 * Returns: (transfer full): a new, empty chart
 */
GtkWidget *
pd_balance_chart_new (void)
{
  return g_object_new (PD_TYPE_BALANCE_CHART, NULL);
}

/**
 * pd_balance_chart_clear:
 * @self: a chart
 *
 * Removes every line.
 */
void
pd_balance_chart_clear (PdBalanceChart *self)
{
  g_return_if_fail (PD_IS_BALANCE_CHART (self));

  g_ptr_array_set_size (self->series, 0);
  rebuild_panels (self);
  update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * pd_balance_chart_add_series:
 * @self: a chart
 * @label: the wallet's name, for the legend
 * @readings: (element-type PdBalance): the wallet's balances, oldest first,
 *   all in one currency; copied
 *
 * Adds a line for one wallet. A wallet without readings is not drawn.
 */
void
pd_balance_chart_add_series (PdBalanceChart *self,
                             const char     *label,
                             GPtrArray      *readings)
{
  Series *series;

  g_return_if_fail (PD_IS_BALANCE_CHART (self));
  g_return_if_fail (label != NULL);
  g_return_if_fail (readings != NULL);

  if (readings->len == 0)
    return;

  series = g_new0 (Series, 1);
  series->label = g_strdup (label);
  series->color = self->series->len;
  series->points = g_array_sized_new (FALSE, FALSE, sizeof (Point), readings->len);
  g_strlcpy (series->currency, ((PdBalance *)g_ptr_array_index (readings, 0))->amount.currency,
             sizeof series->currency);

  for (guint i = 0; i < readings->len; i++)
    {
      const PdBalance *reading = g_ptr_array_index (readings, i);
      Point point = { reading->recorded_at, reading->amount, 0 };

      /* A reading in another currency belongs to no line of this one. */
      if (g_str_equal (reading->amount.currency, series->currency))
        g_array_append_val (series->points, point);
    }

  g_ptr_array_add (self->series, series);
  rebuild_panels (self);
  update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
pd_balance_chart_get_n_series (PdBalanceChart *self)
{
  g_return_val_if_fail (PD_IS_BALANCE_CHART (self), 0);

  return self->series->len;
}

const char *
pd_balance_chart_get_series_label (PdBalanceChart *self,
                                   guint           index)
{
  g_return_val_if_fail (PD_IS_BALANCE_CHART (self), NULL);
  g_return_val_if_fail (index < self->series->len, NULL);

  return ((Series *)g_ptr_array_index (self->series, index))->label;
}

const char *
pd_balance_chart_get_series_currency (PdBalanceChart *self,
                                      guint           index)
{
  g_return_val_if_fail (PD_IS_BALANCE_CHART (self), NULL);
  g_return_val_if_fail (index < self->series->len, NULL);

  return ((Series *)g_ptr_array_index (self->series, index))->currency;
}

guint
pd_balance_chart_get_series_n_points (PdBalanceChart *self,
                                      guint           index)
{
  g_return_val_if_fail (PD_IS_BALANCE_CHART (self), 0);
  g_return_val_if_fail (index < self->series->len, 0);

  return ((Series *)g_ptr_array_index (self->series, index))->points->len;
}

/**
 * pd_balance_chart_dup_description:
 * @self: a chart
 *
 * Returns: (transfer full): what the chart shows, in words, for a screen
 *   reader: each wallet's first and latest balance and their dates
 */
char *
pd_balance_chart_dup_description (PdBalanceChart *self)
{
  GString *text;

  g_return_val_if_fail (PD_IS_BALANCE_CHART (self), NULL);

  if (self->series->len == 0)
    return g_strdup (_("No balance has been recorded yet."));

  text = g_string_new (NULL);
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);
      const Point *first = &g_array_index (series->points, Point, 0);
      const Point *last = &g_array_index (series->points, Point, series->points->len - 1);
      g_autofree char *first_amount = pd_format_money (&first->amount);
      g_autofree char *last_amount = pd_format_money (&last->amount);
      g_autofree char *first_date = pd_format_date (first->at);
      g_autofree char *last_date = pd_format_date (last->at);

      if (text->len > 0)
        g_string_append_c (text, ' ');
      if (series->points->len == 1)
        /* Translators: a wallet's only balance reading, for screen readers */
        g_string_append_printf (text, _("%s: %s on %s."), series->label, last_amount, last_date);
      else
        /* Translators: a wallet's balance line, for screen readers: the
         * wallet, its first balance and date, its latest balance and date,
         * and how many readings there are */
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                   "%s: from %s on %s to %s on %s, %u reading.",
                                                   "%s: from %s on %s to %s on %s, %u readings.",
                                                   series->points->len),
                                series->label, first_amount, first_date, last_amount, last_date,
                                series->points->len);
    }

  return g_string_free (text, FALSE);
}

/* pd-receipt.c - the customer's receipt of an electricity token, a top-up or a bill
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * A receipt is read from the transaction the store keeps: its amount,
 * date, reference and counterparty, and the provider's own JSON for what
 * only the provider says — the token, the units, the receipt number and the
 * charges. PawaCard and EnayaPay name these differently, so each name is
 * looked for in the answer and in its `transaction` object:
 *
 *   token            token
 *   receipt number   stdTokenRctNum (vends), rctNum (bills)
 *   units            units (PawaCard), units_in_kwh (EnayaPay)
 *   meter            meter_number, accountNo, else the counterparty
 *   customer         customerName, customer_name
 *   charges          fixed: [{name: thousandths of a shilling}] (PawaCard),
 *                    meter_fees and water_fees (EnayaPay)
 */

#include <string.h>

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "pd-json.h"
#include "pd-receipt.h"

#define MARGIN 20.0

G_DEFINE_QUARK (pd-receipt-error-quark, pd_receipt_error)

G_DEFINE_BOXED_TYPE (PdReceipt, pd_receipt, pd_receipt_copy, pd_receipt_free)

static void
line_free (gpointer pointer)
{
  PdReceiptLine *line = pointer;

  g_free (line->label);
  g_free (line);
}

static void
add_line (PdReceipt     *self,
          const char    *label,
          const PdMoney *amount)
{
  PdReceiptLine *line = g_new0 (PdReceiptLine, 1);

  line->label = g_strdup (label);
  line->amount = *amount;
  g_ptr_array_add (self->charges, line);
}

static PdReceipt *
receipt_new (void)
{
  PdReceipt *self = g_new0 (PdReceipt, 1);

  self->charges = g_ptr_array_new_with_free_func (line_free);

  return self;
}

/**
 * pd_receipt_copy:
 * @self: a #PdReceipt
 *
 * Returns: (transfer full): a copy of @self
 */
PdReceipt *
pd_receipt_copy (const PdReceipt *self)
{
  PdReceipt *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = receipt_new ();
  copy->kind = self->kind;
  copy->provider = g_strdup (self->provider);
  copy->merchant = g_strdup (self->merchant);
  copy->account = g_strdup (self->account);
  copy->token = g_strdup (self->token);
  copy->number = g_strdup (self->number);
  copy->customer_name = g_strdup (self->customer_name);
  copy->units = g_strdup (self->units);
  copy->amount = self->amount;
  copy->fees = self->fees;
  copy->receipt_number = g_strdup (self->receipt_number);
  copy->reference = g_strdup (self->reference);
  copy->date = self->date;
  copy->timezone = g_strdup (self->timezone);

  for (guint i = 0; i < self->charges->len; i++)
    {
      PdReceiptLine *line = g_ptr_array_index (self->charges, i);

      add_line (copy, line->label, &line->amount);
    }

  return copy;
}

/**
 * pd_receipt_free:
 * @self: (transfer full) (nullable): a #PdReceipt
 *
 * Frees @self.
 */
void
pd_receipt_free (PdReceipt *self)
{
  if (self == NULL)
    return;

  g_free (self->provider);
  g_free (self->merchant);
  g_free (self->account);
  g_free (self->token);
  g_free (self->number);
  g_free (self->customer_name);
  g_free (self->units);
  g_ptr_array_unref (self->charges);
  g_free (self->receipt_number);
  g_free (self->reference);
  g_free (self->timezone);
  g_free (self);
}

/* Reading the provider's JSON */

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

/* @member as text, from the answer or else its `transaction` object. */
static char *
find_text (JsonObject *root,
           JsonObject *inner,
           const char *member)
{
  char *text = root != NULL ? pd_json_dup_text (root, member) : NULL;

  if (is_blank (text) && inner != NULL)
    {
      g_free (text);
      text = pd_json_dup_text (inner, member);
    }

  if (is_blank (text))
    g_clear_pointer (&text, g_free);

  return text;
}

static char *
digits_only (const char *text)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);

  return g_string_free (digits, FALSE);
}

/* The names Kenya Power gives the parts of a token's price, as a customer
 * reads them on a receipt. A name not here is shown as PawaCard wrote it. */
static const struct
{
  const char *name;
  const char *label;
} kenya_power_charges[] = {
  { "REPCharge", N_("Rural electrification levy") },
  { "MonthlyFC", N_("Monthly fixed charge") },
  { "ERCCharge", N_("Energy regulator levy") },
  { "WRMALevy", N_("Water resources levy") },
  { "TotalTax", N_("Tax") },
  { "FuelIndexCharge", N_("Fuel cost charge") },
  { "ForexCharge", N_("Exchange rate charge") },
  { "InflationAdjustment", N_("Inflation adjustment") },
};

static const char *
charge_label (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (kenya_power_charges); i++)
    {
      if (g_ascii_strcasecmp (kenya_power_charges[i].name, name) == 0)
        return _(kenya_power_charges[i].label);
    }

  return name;
}

/* PawaCard's `fixed`: one-member objects, values in thousandths of a
 * shilling. */
static void
read_fixed_charges (PdReceipt  *self,
                    JsonObject *root,
                    const char *currency)
{
  JsonNode *node = json_object_get_member (root, "fixed");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;

      json_object_iter_init (&iter, json_node_get_object (element));
      while (json_object_iter_next (&iter, &name, &value))
        {
          g_autofree char *text = pd_json_dup_text (json_node_get_object (element), name);
          gint64 mils;
          PdMoney amount;

          if (text == NULL || !g_ascii_string_to_signed (text, 10, G_MININT64 / 2, G_MAXINT64 / 2, &mils, NULL))
            continue;

          pd_money_init (&amount, mils, 3, currency);
          add_line (self, charge_label (name), &amount);
        }
    }
}

static void
read_fee_line (PdReceipt  *self,
               JsonObject *root,
               const char *member,
               const char *label,
               const char *currency)
{
  PdMoney amount;

  if (json_object_has_member (root, member) &&
      pd_json_get_money (root, member, currency, PD_AMOUNT_MAJOR, &amount, NULL))
    add_line (self, label, &amount);
}

static const char *
default_timezone (const char *provider)
{
  const char *zone = provider != NULL ? pd_provider_get_default_timezone (provider) : NULL;

  return zone != NULL ? zone : "UTC";
}

/**
 * pd_receipt_new_from_transaction:
 * @transaction: a completed electricity sale, top-up or bill payment
 * @account: (nullable): its account, for the merchant's name, the provider
 *   and the time zone
 * @error: where to put an error
 *
 * Reads what the customer's receipt shows from @transaction and the
 * provider JSON it keeps. A pending or failed sale has no receipt
 * (%PD_RECEIPT_ERROR_NOT_COMPLETE); nor has anything but a vend, a top-up
 * or a bill (%PD_RECEIPT_ERROR_UNSUPPORTED); an electricity sale whose
 * token is not known is %PD_RECEIPT_ERROR_INVALID.
 *
 * Returns: (transfer full): the receipt, or %NULL with @error set
 */
PdReceipt *
pd_receipt_new_from_transaction (const PdTransaction  *transaction,
                                 const PdAccount      *account,
                                 GError              **error)
{
  g_autoptr(PdReceipt) self = NULL;
  g_autoptr(JsonNode) root_node = NULL;
  JsonObject *root = NULL;
  JsonObject *inner = NULL;
  const char *provider;
  const char *currency;
  g_autofree char *token = NULL;
  g_autofree char *meter = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *account_no = NULL;

  g_return_val_if_fail (transaction != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (transaction->kind != PD_TRANSACTION_KIND_VEND &&
      transaction->kind != PD_TRANSACTION_KIND_TOPUP &&
      transaction->kind != PD_TRANSACTION_KIND_BILL)
    {
      g_set_error (error, PD_RECEIPT_ERROR, PD_RECEIPT_ERROR_UNSUPPORTED,
                   _("A receipt is made for electricity tokens, top-ups and bill payments, not "
                     "for a %s"),
                   pd_transaction_kind_get_label (transaction->kind));
      return NULL;
    }

  if (transaction->state != PD_TRANSACTION_STATE_SUCCEEDED)
    {
      g_set_error (error, PD_RECEIPT_ERROR, PD_RECEIPT_ERROR_NOT_COMPLETE,
                   _("The sale is %s: there is no receipt until it is complete"),
                   pd_transaction_state_get_label (transaction->state));
      return NULL;
    }

  if (transaction->raw_json != NULL)
    root_node = pd_json_parse (transaction->raw_json, -1, NULL);
  if (root_node != NULL && JSON_NODE_HOLDS_OBJECT (root_node))
    {
      JsonNode *node;

      root = json_node_get_object (root_node);
      node = json_object_get_member (root, "transaction");
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        inner = json_node_get_object (node);
    }

  provider = account != NULL && account->provider != NULL ? account->provider : transaction->provider;
  currency = transaction->amount.currency;

  self = receipt_new ();
  self->kind = transaction->kind;
  self->provider = g_strdup (provider != NULL && pd_provider_is_known (provider)
                             ? pd_provider_get_display_name (provider) : provider);
  if (account != NULL)
    {
      self->merchant = g_strdup (account->label);
      self->account = g_strdup (!is_blank (account->username) ? account->username : account->phone);
      self->timezone = g_strdup (!is_blank (account->timezone) ? account->timezone
                                                                : default_timezone (provider));
    }
  else
    {
      self->timezone = g_strdup (default_timezone (provider));
    }

  self->amount = transaction->amount;
  if (pd_money_is_set (&transaction->fee) && pd_money_sign (&transaction->fee) != 0)
    self->fees = transaction->fee;
  self->reference = g_strdup (transaction->reference != NULL ? transaction->reference
                                                             : transaction->provider_id);
  self->date = transaction->created_at;

  token = find_text (root, inner, "token");
  if (token != NULL)
    self->token = digits_only (token);

  if (self->kind == PD_TRANSACTION_KIND_VEND && is_blank (self->token))
    {
      g_set_error_literal (error, PD_RECEIPT_ERROR, PD_RECEIPT_ERROR_INVALID,
                           _("The electricity sale has no token to print"));
      return NULL;
    }

  meter = find_text (root, inner, "meter_number");
  account_no = find_text (root, inner, "accountNo");
  self->number = g_strdup (meter != NULL ? meter
                           : account_no != NULL ? account_no
                           : transaction->counterparty);

  customer = find_text (root, inner, "customerName");
  if (customer == NULL)
    customer = find_text (root, inner, "customer_name");
  self->customer_name = g_strdup (customer != NULL ? customer : transaction->customer_name);

  self->units = find_text (root, inner, "units");
  if (self->units == NULL)
    self->units = find_text (root, inner, "units_in_kwh");

  self->receipt_number = find_text (root, inner, "stdTokenRctNum");
  if (self->receipt_number == NULL)
    self->receipt_number = find_text (root, inner, "rctNum");

  if (root != NULL)
    {
      read_fixed_charges (self, root, currency);
      read_fee_line (self, root, "meter_fees", _("Meter fees"), currency);
      read_fee_line (self, root, "water_fees", _("Water fees"), currency);
    }

  return g_steal_pointer (&self);
}

/* Showing it */

/**
 * pd_receipt_format_token:
 * @token: an electricity token
 *
 * Writes a token as customers type it: its digits in groups of four,
 * `6643 0474 3075 6165 7038`. Anything but digits is left out.
 *
 * Returns: (transfer full): the grouped token
 */
char *
pd_receipt_format_token (const char *token)
{
  GString *text = g_string_new (NULL);
  guint n = 0;

  g_return_val_if_fail (token != NULL, NULL);

  for (const char *p = token; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        continue;
      if (n > 0 && n % 4 == 0)
        g_string_append_c (text, ' ');
      g_string_append_c (text, *p);
      n++;
    }

  return g_string_free (text, FALSE);
}

/**
 * pd_receipt_format_date:
 * @self: a #PdReceipt
 *
 * Returns: (transfer full): the date of the sale in the receipt's time
 *   zone, `2026-06-30 15:00 EAT`
 */
char *
pd_receipt_format_date (const PdReceipt *self)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  zone = g_time_zone_new_identifier (self->timezone != NULL ? self->timezone : "UTC");
  if (zone == NULL)
    zone = g_time_zone_new_utc ();

  utc = g_date_time_new_from_unix_utc (self->date);
  local = g_date_time_to_timezone (utc, zone);

  return g_date_time_format (local, "%Y-%m-%d %H:%M %Z");
}

/**
 * pd_receipt_get_title:
 * @self: a #PdReceipt
 *
 * Returns: what the receipt is for, translated ("Electricity token")
 */
const char *
pd_receipt_get_title (const PdReceipt *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  switch (self->kind)
    {
    case PD_TRANSACTION_KIND_VEND:
      return _("Electricity token");
    case PD_TRANSACTION_KIND_TOPUP:
      return _("Airtime top-up");
    case PD_TRANSACTION_KIND_BILL:
      return _("Bill payment");
    case PD_TRANSACTION_KIND_CHARGE:
    case PD_TRANSACTION_KIND_COLLECTION:
    case PD_TRANSACTION_KIND_PAYMENT:
    case PD_TRANSACTION_KIND_REFUND:
    case PD_TRANSACTION_KIND_DISBURSEMENT:
    case PD_TRANSACTION_KIND_TRANSFER:
    case PD_TRANSACTION_KIND_PAYOUT:
    default:
      return _("Receipt");
    }
}

typedef struct
{
  const char *label;
  char       *value;
  gboolean    detail;
} Row;

static void
row_clear (gpointer pointer)
{
  Row *row = pointer;

  g_free (row->value);
}

static void
add_row (GArray     *rows,
         const char *label,
         char       *value,
         gboolean    detail)
{
  Row row = { label, value, detail };

  if (value == NULL)
    return;

  g_array_append_val (rows, row);
}

static const char *
number_label (const PdReceipt *self)
{
  switch (self->kind)
    {
    case PD_TRANSACTION_KIND_VEND:
      return _("Meter");
    case PD_TRANSACTION_KIND_TOPUP:
      return _("Phone");
    case PD_TRANSACTION_KIND_BILL:
    case PD_TRANSACTION_KIND_CHARGE:
    case PD_TRANSACTION_KIND_COLLECTION:
    case PD_TRANSACTION_KIND_PAYMENT:
    case PD_TRANSACTION_KIND_REFUND:
    case PD_TRANSACTION_KIND_DISBURSEMENT:
    case PD_TRANSACTION_KIND_TRANSFER:
    case PD_TRANSACTION_KIND_PAYOUT:
    default:
      return _("Account");
    }
}

/* The labelled lines of the receipt, in print order. */
static GArray *
collect_rows (const PdReceipt *self)
{
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (Row));

  g_array_set_clear_func (rows, row_clear);

  add_row (rows, number_label (self), g_strdup (self->number), FALSE);
  add_row (rows, _("Customer"), g_strdup (self->customer_name), FALSE);
  if (self->units != NULL)
    /* Translators: energy bought, e.g. "3.97 kWh" */
    add_row (rows, _("Units"), g_strdup_printf (_("%s kWh"), self->units), FALSE);
  add_row (rows, _("Amount"), pd_money_format (&self->amount), FALSE);
  for (guint i = 0; i < self->charges->len; i++)
    {
      PdReceiptLine *line = g_ptr_array_index (self->charges, i);

      add_row (rows, line->label, pd_money_format (&line->amount), TRUE);
    }
  if (pd_money_is_set (&self->fees))
    add_row (rows, _("Fees"), pd_money_format (&self->fees), FALSE);
  add_row (rows, _("Date"), pd_receipt_format_date (self), FALSE);
  add_row (rows, _("Receipt number"), g_strdup (self->receipt_number), FALSE);
  add_row (rows, _("Reference"), g_strdup (self->reference), FALSE);
  add_row (rows, _("Provider"), g_strdup (self->provider), FALSE);
  if (self->merchant != NULL && self->account != NULL)
    add_row (rows, _("Merchant"), g_strdup_printf ("%s (%s)", self->merchant, self->account), FALSE);
  else
    add_row (rows, _("Merchant"), g_strdup (self->merchant != NULL ? self->merchant : self->account), FALSE);

  return rows;
}

static char *
heading (const PdReceipt *self)
{
  if (self->provider != NULL)
    return g_strdup_printf ("%s — %s", self->provider, pd_receipt_get_title (self));

  return g_strdup (pd_receipt_get_title (self));
}

/**
 * pd_receipt_to_text:
 * @self: a #PdReceipt
 *
 * Writes the receipt as plain text, one labelled line each, with the token
 * in groups of four on a line of its own, for showing and for
 * copying into a message to the customer.
 *
 * Returns: (transfer full): the receipt's text
 */
char *
pd_receipt_to_text (const PdReceipt *self)
{
  g_autoptr(GArray) rows = NULL;
  g_autofree char *title = NULL;
  GString *text;
  glong width = 0;

  g_return_val_if_fail (self != NULL, NULL);

  rows = collect_rows (self);
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);

      width = MAX (width, g_utf8_strlen (row->label, -1) + (row->detail ? 2 : 0));
    }

  text = g_string_new (NULL);
  title = heading (self);
  g_string_append_printf (text, "%s\n\n", title);

  if (self->token != NULL)
    {
      g_autofree char *grouped = pd_receipt_format_token (self->token);

      g_string_append_printf (text, "%s\n%s\n\n", _("Token"), grouped);
    }

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);
      glong length = g_utf8_strlen (row->label, -1) + (row->detail ? 2 : 0);

      g_string_append (text, row->detail ? "  " : "");
      g_string_append (text, row->label);
      for (glong pad = length; pad < width + 2; pad++)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, "%s\n", row->value);
    }

  return g_string_free (text, FALSE);
}

static PangoLayout *
new_layout (PangoContext *context,
            const char   *font,
            const char   *text,
            double        width)
{
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);
  PangoLayout *layout;

  layout = pango_layout_new (context);

  pango_layout_set_font_description (layout, description);
  pango_layout_set_text (layout, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }

  return layout;
}

/* Draws @layout at (@x, *@y) and moves *@y below it. */
static void
show (cairo_t     *cr,
      PangoLayout *layout,
      double       x,
      double      *y)
{
  int height = 0;

  cairo_move_to (cr, x, *y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, NULL, &height);
  *y += (double)height / PANGO_SCALE;
}

/* Draws the receipt on @cr's page with the layouts of @context. */
static void
render (const PdReceipt *self,
        cairo_t         *cr,
        PangoContext    *context,
        double           width,
        double           height)
{
  g_autoptr(GArray) rows = NULL;
  g_autoptr(PangoLayout) title_layout = NULL;
  g_autofree char *title = NULL;
  double inner = width - 2 * MARGIN;
  double label_width = inner * 0.4;
  double y = MARGIN;

  /* Sizes are in points, and so are the page's units. */
  pango_cairo_context_set_resolution (context, 72.0);
  pango_cairo_update_context (cr, context);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

  title = heading (self);
  title_layout = new_layout (context, "Sans Bold 12", title, inner);
  show (cr, title_layout, MARGIN, &y);
  y += 6;

  cairo_set_line_width (cr, 0.75);
  cairo_move_to (cr, MARGIN, y);
  cairo_line_to (cr, width - MARGIN, y);
  cairo_stroke (cr);
  y += 8;

  if (self->token != NULL)
    {
      g_autofree char *grouped = pd_receipt_format_token (self->token);
      g_autoptr(PangoLayout) label = new_layout (context, "Sans 8", _("Token"), inner);
      g_autoptr(PangoLayout) token = new_layout (context, "Monospace Bold 14", grouped, -1);
      int token_width = 0;

      /* The token stays on one line, the size it needs to fit. */
      pango_layout_get_size (token, &token_width, NULL);
      if ((double)token_width / PANGO_SCALE > inner)
        {
          g_autoptr(PangoFontDescription) smaller = pango_font_description_from_string ("Monospace Bold");

          pango_font_description_set_size (smaller, (int)(14 * PANGO_SCALE * inner * PANGO_SCALE / token_width));
          pango_layout_set_font_description (token, smaller);
          pango_layout_get_size (token, &token_width, NULL);
        }

      show (cr, label, MARGIN, &y);
      y += 2;
      show (cr, token, MARGIN + MAX (0, (inner - (double)token_width / PANGO_SCALE) / 2), &y);
      y += 10;
    }

  rows = collect_rows (self);
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);
      const char *font = row->detail ? "Sans 7" : "Sans 9";
      double indent = row->detail ? 10 : 0;
      g_autoptr(PangoLayout) label = new_layout (context, font, row->label, label_width - indent);
      g_autoptr(PangoLayout) value = new_layout (context, font, row->value, inner - label_width);
      double label_y = y;
      double value_y = y;

      show (cr, label, MARGIN + indent, &label_y);
      show (cr, value, MARGIN + label_width, &value_y);
      y = MAX (label_y, value_y) + 3;
    }

  cairo_restore (cr);
}

/**
 * pd_receipt_render:
 * @self: a #PdReceipt
 * @cr: where to draw, with its origin at the page's top left corner
 * @width: the page's width, in the units of @cr (points for print)
 * @height: the page's height
 *
 * Draws the receipt on one page: the provider and what was sold, the token
 * large in groups of four, then the labelled lines. For a print
 * operation's page; pd_receipt_write_pdf() draws the same.
 */
void
pd_receipt_render (const PdReceipt *self,
                   cairo_t         *cr,
                   double           width,
                   double           height)
{
  PangoContext *context;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  context = pango_cairo_create_context (cr);
  render (self, cr, context, width, height);
  g_object_unref (context);
}

/**
 * pd_receipt_write_pdf:
 * @self: a #PdReceipt
 * @path: the file to write
 * @error: where to put an error
 *
 * Writes the receipt as a PDF of one A6 page (%PD_RECEIPT_PAGE_WIDTH by
 * %PD_RECEIPT_PAGE_HEIGHT points), to print or send.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_receipt_write_pdf (const PdReceipt  *self,
                      const char       *path,
                      GError          **error)
{
  g_autoptr(PangoFontMap) font_map = NULL;
  PangoContext *context;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  g_autofree char *title = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  surface = cairo_pdf_surface_create (path, PD_RECEIPT_PAGE_WIDTH, PD_RECEIPT_PAGE_HEIGHT);
  title = heading (self);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Paydesk");

  cr = cairo_create (surface);
  /* A font map of its own, as statements have: Pango's default one is per
   * thread and lives as long as the thread. */
  font_map = pango_cairo_font_map_new ();
  context = pango_font_map_create_context (font_map);
  render (self, cr, context, PD_RECEIPT_PAGE_WIDTH, PD_RECEIPT_PAGE_HEIGHT);
  g_object_unref (context);
  cairo_show_page (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);

  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, PD_RECEIPT_ERROR, PD_RECEIPT_ERROR_WRITE,
                   _("Could not write the receipt to “%s”: %s"),
                   name, cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}

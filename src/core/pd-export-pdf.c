/* pd-export-pdf.c - statements as PDF for filing (cairo and Pango)
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "pd-export-private.h"

/*
 * A4 portrait. The document is laid out in full before the first page is
 * drawn, so that every page can say "Page N of M": each row is measured
 * with the Pango layout it will be drawn with, the rows are placed on
 * pages, then the pages are drawn. A section (an account's currency or
 * wallet) starts with its heading and opening balance; the table's header
 * row is repeated at the top of every page it runs onto; its totals and
 * closing balance are never split across pages. Long descriptions wrap
 * (at most MAX_DETAIL_LINES lines, then an ellipsis).
 *
 * Text is shaped by Pango with fontconfig's fallback, so Arabic, Ethiopic
 * and accented Latin names render when fonts for them are installed
 * (Noto); cairo embeds the glyphs with their text, so the PDF can be
 * searched and copied from.
 */

#define PAGE_WIDTH      595.276
#define PAGE_HEIGHT     841.890
#define MARGIN_X        36.0
#define MARGIN_TOP      36.0
#define CONTENT_BOTTOM  (PAGE_HEIGHT - 54.0)
#define FOOTER_Y        (PAGE_HEIGHT - 40.0)
#define CONTENT_WIDTH   (PAGE_WIDTH - 2 * MARGIN_X)
#define COLUMN_GAP      4.0
#define ROW_PADDING     2.5
#define BLOCK_GAP       10.0
#define MAX_DETAIL_LINES 16

typedef enum
{
  COLUMN_DATE,
  COLUMN_DETAILS,
  COLUMN_DEBIT,
  COLUMN_CREDIT,
  COLUMN_FEE,
  COLUMN_BALANCE,
  COLUMN_FLAG,
  N_COLUMNS
} ColumnId;

typedef struct
{
  double         x;
  double         width;
  PangoAlignment alignment;
} Column;

typedef struct
{
  char     *date;
  char     *details;
  char     *amounts[4];
  gboolean  flagged;
  double    height;
} PdfRow;

typedef struct
{
  const PdStatementSection *section;
  GPtrArray                *rows;
  char                     *heading;
  char                     *note;
  double                    head_height;
  double                    summary_height;
} PdfSection;

typedef enum
{
  PLACE_HEAD,
  PLACE_CONTINUED,
  PLACE_CONTINUED_TOTALS,
  PLACE_ROW,
  PLACE_SUMMARY,
  PLACE_EMPTY,
} PlaceKind;

typedef struct
{
  PlaceKind   kind;
  guint       page;
  double      y;
  PdfSection *section;
  PdfRow     *row;
} Placement;

typedef struct
{
  const PdExportOptions *options;
  PdStatement           *statement;
  cairo_t               *cr;
  PangoContext          *context;
  PangoFontDescription  *body;
  PangoFontDescription  *bold;
  PangoFontDescription  *small;
  PangoFontDescription  *heading;
  PangoFontDescription  *title;
  Column                 columns[N_COLUMNS];
  GHashTable            *by_section;
  GPtrArray             *sections;
  GArray                *placements;
  guint                  n_pages;
  char                  *period;
  char                  *generated;
  double                 first_header_height;
  double                 header_height;
  double                 table_header_height;
  double                 line_height;
  PdExportZoneCache      zone;
  PdExportDayCache       day;
} Pdf;

static void
pdf_row_free (PdfRow *row)
{
  g_free (row->date);
  g_free (row->details);
  for (guint i = 0; i < G_N_ELEMENTS (row->amounts); i++)
    g_free (row->amounts[i]);
  g_free (row);
}

static void
pdf_section_free (PdfSection *section)
{
  g_ptr_array_unref (section->rows);
  g_free (section->heading);
  g_free (section->note);
  g_free (section);
}

static PangoLayout *
make_layout (Pdf                        *pdf,
             const PangoFontDescription *font,
             const char                 *text,
             gboolean                    markup,
             double                      width,
             PangoAlignment              alignment,
             int                         max_lines)
{
  PangoLayout *layout = pango_layout_new (pdf->context);

  pango_layout_set_font_description (layout, font);
  if (width > 0.0)
    {
      pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, alignment);
  if (max_lines > 0)
    {
      pango_layout_set_height (layout, -max_lines);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  if (markup)
    pango_layout_set_markup (layout, text, -1);
  else
    pango_layout_set_text (layout, text, -1);

  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int width;
  int height;

  pango_layout_get_size (layout, &width, &height);

  return (double)height / PANGO_SCALE;
}

static double
text_height (Pdf                        *pdf,
             const PangoFontDescription *font,
             const char                 *text,
             gboolean                    markup,
             double                      width,
             int                         max_lines)
{
  g_autoptr(PangoLayout) layout = make_layout (pdf, font, text, markup, width,
                                               PANGO_ALIGN_LEFT, max_lines);

  return layout_height (layout);
}

static double
text_width (Pdf                        *pdf,
            const PangoFontDescription *font,
            const char                 *text)
{
  g_autoptr(PangoLayout) layout = make_layout (pdf, font, text, FALSE, 0.0, PANGO_ALIGN_LEFT, 0);
  int width;
  int height;

  pango_layout_get_size (layout, &width, &height);

  return (double)width / PANGO_SCALE;
}

static void
setup_columns (Pdf *pdf)
{
  struct { double width; PangoAlignment alignment; } widths[N_COLUMNS] = {
    [COLUMN_DATE] = { 0.0, PANGO_ALIGN_LEFT },
    [COLUMN_DETAILS] = { 0.0, PANGO_ALIGN_LEFT },
    [COLUMN_DEBIT] = { 66.0, PANGO_ALIGN_RIGHT },
    [COLUMN_CREDIT] = { 66.0, PANGO_ALIGN_RIGHT },
    [COLUMN_FEE] = { 56.0, PANGO_ALIGN_RIGHT },
    [COLUMN_BALANCE] = { 76.0, PANGO_ALIGN_RIGHT },
    [COLUMN_FLAG] = { 8.0, PANGO_ALIGN_LEFT },
  };
  double fixed = 0.0;
  double x = MARGIN_X;

  /* Dates never wrap: the column is as wide as the widest date. */
  widths[COLUMN_DATE].width = text_width (pdf, pdf->body, "0000-00-00") + 2.0;

  for (guint i = 0; i < N_COLUMNS; i++)
    fixed += widths[i].width;

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      pdf->columns[i].x = x;
      pdf->columns[i].width = widths[i].width > 0.0
                              ? widths[i].width
                              : CONTENT_WIDTH - fixed - COLUMN_GAP * (N_COLUMNS - 1);
      pdf->columns[i].alignment = widths[i].alignment;
      x += pdf->columns[i].width + COLUMN_GAP;
    }
}

static double
draw_text (Pdf                        *pdf,
           const PangoFontDescription *font,
           const char                 *text,
           gboolean                    markup,
           double                      x,
           double                      y,
           double                      width,
           PangoAlignment              alignment,
           int                         max_lines)
{
  g_autoptr(PangoLayout) layout = make_layout (pdf, font, text, markup, width, alignment,
                                               max_lines);

  cairo_move_to (pdf->cr, x, y);
  pango_cairo_show_layout (pdf->cr, layout);

  return layout_height (layout);
}

/* An amount for people, in the user's locale, without the currency code
 * that the section's heading already gives. */
static char *
format_cell_amount (const PdMoney *money)
{
  g_autofree char *formatted = pd_money_format (money);
  gsize code_len = strlen (money->currency);

  if (code_len > 0 && strncmp (formatted, money->currency, code_len) == 0 &&
      formatted[code_len] == ' ')
    return g_strdup (formatted + code_len + 1);

  return g_steal_pointer (&formatted);
}

static char *
format_local (Pdf       *pdf,
              gint64     time,
              GTimeZone *time_zone,
              gboolean   two_lines)
{
  char buffer[PD_EXPORT_TIME_MAX];
  gint32 offset = pd_export_zone_offset (&pdf->zone, time_zone, time);

  /* "2026-06-02T10:30:00+03:00" → "2026-06-02 10:30". */
  pd_export_format_time (&pdf->day, time, offset, FALSE, buffer);
  buffer[10] = two_lines ? '\n' : ' ';
  buffer[16] = '\0';

  return g_strdup (buffer);
}

static const char *
type_label (const PdStatementLine *line)
{
  PdTransactionKind kind;

  if (line->section->source == PD_STATEMENT_SOURCE_DERIVED &&
      pd_transaction_kind_from_string (line->type, &kind))
    return pd_transaction_kind_get_label (kind);

  if (line->type != NULL && g_ascii_strcasecmp (line->type, "CHARGES") == 0)
    return _("Charges");
  if (line->type != NULL && g_ascii_strcasecmp (line->type, "TRANSACTION") == 0)
    return _("Transaction");

  return line->type != NULL ? line->type : "";
}

static char *
details_markup (const PdStatementLine *line)
{
  GString *markup = g_string_new (NULL);
  g_autofree char *first = NULL;

  if (line->reference != NULL && line->reference[0] != '\0')
    first = g_markup_printf_escaped ("<b>%s</b> · %s", type_label (line), line->reference);
  else
    first = g_markup_printf_escaped ("<b>%s</b>", type_label (line));
  g_string_append (markup, first);

  if (line->counterparty != NULL && line->counterparty[0] != '\0')
    {
      g_autofree char *escaped = g_markup_escape_text (line->counterparty, -1);

      g_string_append_printf (markup, "\n%s", escaped);
    }

  if (line->description != NULL && line->description[0] != '\0')
    {
      g_autofree char *escaped = g_markup_escape_text (line->description, -1);

      g_string_append_printf (markup, "\n%s", escaped);
    }

  return g_string_free (markup, FALSE);
}

static PdfSection *
get_section (Pdf                      *pdf,
             const PdStatementSection *section)
{
  PdfSection *pdf_section = g_hash_table_lookup (pdf->by_section, section);

  if (pdf_section == NULL)
    {
      pdf_section = g_new0 (PdfSection, 1);
      pdf_section->section = section;
      pdf_section->rows = g_ptr_array_new_with_free_func ((GDestroyNotify)pdf_row_free);
      g_hash_table_insert (pdf->by_section, (gpointer)section, pdf_section);
    }

  return pdf_section;
}

static gboolean
collect_line (const PdStatementLine  *line,
              gpointer                user_data,
              GError                **error)
{
  Pdf *pdf = user_data;
  PdfSection *section = get_section (pdf, line->section);
  PdfRow *row = g_new0 (PdfRow, 1);
  gboolean debit = line->direction == PD_STATEMENT_DIRECTION_DEBIT;

  row->date = format_local (pdf, line->created_at, line->section->time_zone, TRUE);
  row->details = details_markup (line);
  if (debit && !line->is_fee)
    row->amounts[0] = format_cell_amount (&line->amount);
  if (!debit)
    row->amounts[1] = format_cell_amount (&line->amount);
  if (line->is_fee)
    row->amounts[2] = format_cell_amount (&line->amount);
  else if (pd_money_is_set (&line->fee))
    row->amounts[2] = format_cell_amount (&line->fee);
  row->amounts[3] = format_cell_amount (&line->balance);
  row->flagged = line->breaks != 0;

  g_ptr_array_add (section->rows, row);

  return TRUE;
}

/* Measuring */

static const char *
column_title (ColumnId column)
{
  switch (column)
    {
    case COLUMN_DATE:
      return _("Date");
    case COLUMN_DETAILS:
      return _("Details");
    case COLUMN_DEBIT:
      return _("Debit");
    case COLUMN_CREDIT:
      return _("Credit");
    case COLUMN_FEE:
      return _("Fee");
    case COLUMN_BALANCE:
      return _("Balance");
    case COLUMN_FLAG:
    case N_COLUMNS:
    default:
      return "";
    }
}

static double
measure_row (Pdf    *pdf,
             PdfRow *row)
{
  double height = text_height (pdf, pdf->body, row->date, FALSE, 0.0, 0);

  height = MAX (height, text_height (pdf, pdf->body, row->details, TRUE,
                                     pdf->columns[COLUMN_DETAILS].width, MAX_DETAIL_LINES));

  return height + 2 * ROW_PADDING;
}

static char *
section_heading (const PdStatementSection *section)
{
  const char *provider = pd_provider_get_display_name (section->account->provider);

  if (section->wallet != NULL)
    /* Translators: account label, provider, currency and wallet. */
    return g_strdup_printf (_("%s — %s — %s, wallet %s"), section->account->label, provider,
                            section->currency, section->wallet);

  /* Translators: account label, provider and currency. */
  return g_strdup_printf (_("%s — %s — %s"), section->account->label, provider,
                          section->currency);
}

static char *
section_note (const PdStatementSection *section)
{
  const char *provider = pd_provider_get_display_name (section->account->provider);

  if (section->source == PD_STATEMENT_SOURCE_PROVIDER)
    /* Translators: a time zone name and a provider. */
    return g_strdup_printf (_("Times in %s. Entries and running balances as given by %s."),
                            section->time_zone_name, provider);

  /* Translators: a time zone name. */
  return g_strdup_printf (_("Times in %s. Balances derived by Paydesk from the transactions it "
                            "stored; the opening balance is the sum of those before the period."),
                          section->time_zone_name);
}

static char *
opening_text (const PdStatementSection *section)
{
  g_autofree char *amount = pd_money_format (&section->opening);

  return g_strdup_printf (_("Opening balance: %s"), amount);
}

/* The lines of a section's totals: label and amount, then notes. */
static GPtrArray *
summary_lines (const PdStatementSection *section)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const struct { const char *label; const PdMoney *amount; } totals[] = {
    { _("Credits"), &section->credits },
    { _("Debits"), &section->debits },
    { _("Fees"), &section->fees },
    { _("Closing balance"), &section->closing },
  };

  for (guint i = 0; i < G_N_ELEMENTS (totals); i++)
    {
      g_ptr_array_add (lines, g_strdup (totals[i].label));
      g_ptr_array_add (lines, pd_money_format (totals[i].amount));
    }

  if (pd_money_sign (&section->difference) != 0)
    {
      g_ptr_array_add (lines, g_strdup (_("Not explained by the entries")));
      g_ptr_array_add (lines, pd_money_format (&section->difference));
    }

  return lines;
}

static char *
summary_notes (const PdStatementSection *section)
{
  GString *notes = g_string_new (NULL);
  guint n_breaks = (guint)MIN (section->n_breaks, G_MAXUINT);
  guint n_unposted = (guint)MIN (section->n_unposted, G_MAXUINT);

  if (n_breaks > 0)
    g_string_append_printf (notes,
                            ngettext ("* %u line where the provider's running balance does not "
                                      "chain: its balance before is not the previous balance "
                                      "after, or its balance after is not its balance before "
                                      "and its amount. The provider's balances are shown as "
                                      "given.",
                                      "* %u lines where the provider's running balance does not "
                                      "chain: their balance before is not the previous balance "
                                      "after, or their balance after is not their balance "
                                      "before and their amount. The provider's balances are "
                                      "shown as given.",
                                      n_breaks),
                            n_breaks);

  if (n_unposted > 0)
    {
      if (notes->len > 0)
        g_string_append_c (notes, '\n');
      g_string_append_printf (notes,
                              ngettext ("%u pending or failed entry moved no money and is not "
                                        "listed.",
                                        "%u pending or failed entries moved no money and are "
                                        "not listed.",
                                        n_unposted),
                              n_unposted);
    }

  return g_string_free (notes, FALSE);
}

static double
measure_summary (Pdf                      *pdf,
                 const PdStatementSection *section)
{
  g_autoptr(GPtrArray) lines = summary_lines (section);
  g_autofree char *notes = summary_notes (section);
  double height = ROW_PADDING + pdf->line_height * (lines->len / 2);

  if (notes[0] != '\0')
    height += ROW_PADDING + text_height (pdf, pdf->small, notes, FALSE, CONTENT_WIDTH, 0);

  return height + BLOCK_GAP;
}

static double
measure_head (Pdf        *pdf,
              PdfSection *section)
{
  g_autofree char *opening = opening_text (section->section);

  return text_height (pdf, pdf->heading, section->heading, FALSE, CONTENT_WIDTH, 0) +
         text_height (pdf, pdf->small, section->note, FALSE, CONTENT_WIDTH, 0) +
         text_height (pdf, pdf->bold, opening, FALSE, CONTENT_WIDTH, 0) +
         ROW_PADDING * 2 + pdf->table_header_height;
}

static double
measure_continued (Pdf        *pdf,
                   PdfSection *section,
                   gboolean    table)
{
  return text_height (pdf, pdf->bold, section->heading, FALSE, CONTENT_WIDTH, 0) +
         ROW_PADDING + (table ? pdf->table_header_height : 0.0);
}

/* Placing */

static void
place (Pdf        *pdf,
       PlaceKind   kind,
       guint       page,
       double      y,
       PdfSection *section,
       PdfRow     *row)
{
  Placement placement = { kind, page, y, section, row };

  g_array_append_val (pdf->placements, placement);
}

static double
page_top (Pdf   *pdf,
          guint  page)
{
  return MARGIN_TOP + (page == 0 ? pdf->first_header_height : pdf->header_height);
}

static void
paginate (Pdf *pdf)
{
  guint page = 0;
  double y = page_top (pdf, 0);

  if (pdf->sections->len == 0)
    place (pdf, PLACE_EMPTY, page, y, NULL, NULL);

  for (guint s = 0; s < pdf->sections->len; s++)
    {
      PdfSection *section = g_ptr_array_index (pdf->sections, s);
      guint n_rows = section->rows->len;
      double need = section->head_height;
      gboolean fresh;

      /* The heading stays with the first row, and the totals with the
       * last row: neither ever stands alone at the foot or head of a page. */
      if (n_rows > 0)
        need += ((PdfRow *)g_ptr_array_index (section->rows, 0))->height;
      if (n_rows <= 1)
        need += section->summary_height;
      if (y + need > CONTENT_BOTTOM && y > page_top (pdf, page))
        {
          page++;
          y = page_top (pdf, page);
        }
      place (pdf, PLACE_HEAD, page, y, section, NULL);
      y += section->head_height;
      fresh = TRUE;

      for (guint r = 0; r < n_rows; r++)
        {
          PdfRow *row = g_ptr_array_index (section->rows, r);

          need = row->height + (r + 1 == n_rows ? section->summary_height : 0.0);
          if (y + need > CONTENT_BOTTOM && !fresh)
            {
              page++;
              y = page_top (pdf, page);
              place (pdf, PLACE_CONTINUED, page, y, section, NULL);
              y += measure_continued (pdf, section, TRUE);
            }
          place (pdf, PLACE_ROW, page, y, section, row);
          y += row->height;
          fresh = FALSE;
        }

      /* Only when a last row and the totals cannot share even a page. */
      if (y + section->summary_height > CONTENT_BOTTOM)
        {
          page++;
          y = page_top (pdf, page);
          place (pdf, PLACE_CONTINUED_TOTALS, page, y, section, NULL);
          y += measure_continued (pdf, section, FALSE);
        }
      place (pdf, PLACE_SUMMARY, page, y, section, NULL);
      y += section->summary_height;
    }

  pdf->n_pages = page + 1;
}

/* Drawing */

static void
draw_rule (Pdf    *pdf,
           double  y,
           double  width)
{
  cairo_set_line_width (pdf->cr, width);
  cairo_move_to (pdf->cr, MARGIN_X, y);
  cairo_line_to (pdf->cr, PAGE_WIDTH - MARGIN_X, y);
  cairo_stroke (pdf->cr);
}

static double
draw_table_header (Pdf    *pdf,
                   double  y)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    draw_text (pdf, pdf->bold, column_title (i), FALSE, pdf->columns[i].x, y + ROW_PADDING,
               pdf->columns[i].width, pdf->columns[i].alignment, 0);

  draw_rule (pdf, y + pdf->table_header_height - 0.5, 0.6);

  return pdf->table_header_height;
}

static void
draw_head (Pdf        *pdf,
           PdfSection *section,
           double      y)
{
  g_autofree char *opening = opening_text (section->section);

  y += draw_text (pdf, pdf->heading, section->heading, FALSE, MARGIN_X, y, CONTENT_WIDTH,
                  PANGO_ALIGN_LEFT, 0);
  y += draw_text (pdf, pdf->small, section->note, FALSE, MARGIN_X, y, CONTENT_WIDTH,
                  PANGO_ALIGN_LEFT, 0);
  y += ROW_PADDING;
  y += draw_text (pdf, pdf->bold, opening, FALSE, MARGIN_X, y, CONTENT_WIDTH,
                  PANGO_ALIGN_LEFT, 0);
  y += ROW_PADDING;
  draw_table_header (pdf, y);
}

static void
draw_continued (Pdf        *pdf,
                PdfSection *section,
                double      y,
                gboolean    table)
{
  /* Translators: a section heading on the pages it runs onto. */
  g_autofree char *heading = g_strdup_printf (_("%s (continued)"), section->heading);

  y += draw_text (pdf, pdf->bold, heading, FALSE, MARGIN_X, y, CONTENT_WIDTH,
                  PANGO_ALIGN_LEFT, 0);
  y += ROW_PADDING;
  if (table)
    draw_table_header (pdf, y);
}

static void
draw_row (Pdf    *pdf,
          PdfRow *row,
          double  y)
{
  const ColumnId amount_columns[] = { COLUMN_DEBIT, COLUMN_CREDIT, COLUMN_FEE, COLUMN_BALANCE };
  double top = y + ROW_PADDING;

  draw_text (pdf, pdf->body, row->date, FALSE, pdf->columns[COLUMN_DATE].x, top, 0.0,
             PANGO_ALIGN_LEFT, 0);
  draw_text (pdf, pdf->body, row->details, TRUE, pdf->columns[COLUMN_DETAILS].x, top,
             pdf->columns[COLUMN_DETAILS].width, PANGO_ALIGN_LEFT, MAX_DETAIL_LINES);

  for (guint i = 0; i < G_N_ELEMENTS (amount_columns); i++)
    {
      const Column *column = &pdf->columns[amount_columns[i]];

      if (row->amounts[i] != NULL)
        draw_text (pdf, pdf->body, row->amounts[i], FALSE, column->x, top, column->width,
                   PANGO_ALIGN_RIGHT, 0);
    }

  if (row->flagged)
    {
      cairo_set_source_rgb (pdf->cr, 0.75, 0.1, 0.1);
      draw_text (pdf, pdf->bold, "*", FALSE, pdf->columns[COLUMN_FLAG].x, top,
                 pdf->columns[COLUMN_FLAG].width, PANGO_ALIGN_LEFT, 0);
      cairo_set_source_rgb (pdf->cr, 0, 0, 0);
    }

  cairo_set_source_rgb (pdf->cr, 0.8, 0.8, 0.8);
  draw_rule (pdf, y + row->height - 0.25, 0.25);
  cairo_set_source_rgb (pdf->cr, 0, 0, 0);
}

static void
draw_summary (Pdf        *pdf,
              PdfSection *section,
              double      y)
{
  g_autoptr(GPtrArray) lines = summary_lines (section->section);
  g_autofree char *notes = summary_notes (section->section);
  const Column *label = &pdf->columns[COLUMN_DETAILS];
  const Column *value = &pdf->columns[COLUMN_BALANCE];
  double label_width = value->x - label->x - COLUMN_GAP;

  y += ROW_PADDING;
  for (guint i = 0; i + 1 < lines->len; i += 2)
    {
      /* The closing balance stands out. */
      const PangoFontDescription *font = i == 6 ? pdf->bold : pdf->body;

      draw_text (pdf, font, g_ptr_array_index (lines, i), FALSE, label->x, y, label_width,
                 PANGO_ALIGN_RIGHT, 0);
      draw_text (pdf, font, g_ptr_array_index (lines, i + 1), FALSE, value->x - 40.0, y,
                 value->width + 40.0, PANGO_ALIGN_RIGHT, 0);
      y += pdf->line_height;
    }

  if (notes[0] != '\0')
    draw_text (pdf, pdf->small, notes, FALSE, MARGIN_X, y + ROW_PADDING, CONTENT_WIDTH,
               PANGO_ALIGN_LEFT, 0);
}

static void
draw_page_frame (Pdf   *pdf,
                 guint  page)
{
  const char *merchant = pdf->options->merchant_name;
  g_autofree char *page_text = NULL;
  double y = MARGIN_TOP;

  if (page == 0)
    {
      y += draw_text (pdf, pdf->title, _("Statement"), FALSE, MARGIN_X, y, CONTENT_WIDTH,
                      PANGO_ALIGN_LEFT, 0);
      if (merchant != NULL && merchant[0] != '\0')
        y += draw_text (pdf, pdf->heading, merchant, FALSE, MARGIN_X, y, CONTENT_WIDTH,
                        PANGO_ALIGN_LEFT, 0);
      draw_text (pdf, pdf->body, pdf->period, FALSE, MARGIN_X, y, CONTENT_WIDTH,
                 PANGO_ALIGN_LEFT, 0);
    }
  else
    {
      g_autofree char *running = NULL;

      if (merchant != NULL && merchant[0] != '\0')
        running = g_strdup_printf ("%s — %s — %s", _("Statement"), merchant, pdf->period);
      else
        running = g_strdup_printf ("%s — %s", _("Statement"), pdf->period);
      draw_text (pdf, pdf->small, running, FALSE, MARGIN_X, y, CONTENT_WIDTH,
                 PANGO_ALIGN_LEFT, 1);
    }

  cairo_set_source_rgb (pdf->cr, 0.4, 0.4, 0.4);
  draw_rule (pdf, FOOTER_Y - 4.0, 0.4);
  draw_text (pdf, pdf->small, pdf->generated, FALSE, MARGIN_X, FOOTER_Y, CONTENT_WIDTH / 2,
             PANGO_ALIGN_LEFT, 0);
  page_text = g_strdup_printf (_("Page %u of %u"), page + 1, pdf->n_pages);
  draw_text (pdf, pdf->small, page_text, FALSE, MARGIN_X + CONTENT_WIDTH / 2, FOOTER_Y,
             CONTENT_WIDTH / 2, PANGO_ALIGN_RIGHT, 0);
  cairo_set_source_rgb (pdf->cr, 0, 0, 0);
}

static void
draw_empty (Pdf    *pdf,
            double  y)
{
  draw_text (pdf, pdf->body, _("No account has entries or balances in this period."), FALSE,
             MARGIN_X, y, CONTENT_WIDTH, PANGO_ALIGN_LEFT, 0);
}

static gboolean
draw_pages (Pdf           *pdf,
            GCancellable  *cancellable,
            GError       **error)
{
  guint next = 0;

  for (guint page = 0; page < pdf->n_pages; page++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      draw_page_frame (pdf, page);

      for (; next < pdf->placements->len; next++)
        {
          Placement *placement = &g_array_index (pdf->placements, Placement, next);

          if (placement->page != page)
            break;

          switch (placement->kind)
            {
            case PLACE_HEAD:
              draw_head (pdf, placement->section, placement->y);
              break;
            case PLACE_CONTINUED:
            case PLACE_CONTINUED_TOTALS:
              draw_continued (pdf, placement->section, placement->y,
                              placement->kind == PLACE_CONTINUED);
              break;
            case PLACE_ROW:
              draw_row (pdf, placement->row, placement->y);
              break;
            case PLACE_SUMMARY:
              draw_summary (pdf, placement->section, placement->y);
              break;
            case PLACE_EMPTY:
            default:
              draw_empty (pdf, placement->y);
              break;
            }
        }

      cairo_show_page (pdf->cr);
    }

  return TRUE;
}

/* The period in the first account's zone: whole days when it runs from
 * midnight to midnight, else to the minute. */
static char *
format_period (Pdf    *pdf,
               gint64  generated_at)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  PdStatement *statement = pdf->statement;
  gint64 from = pd_statement_get_from (statement);
  gint64 to = pd_statement_get_to (statement);
  GTimeZone *time_zone = utc;
  const char *zone_name = "UTC";
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  gboolean whole_days = FALSE;

  if (pd_statement_get_n_sections (statement) > 0)
    {
      const PdStatementSection *section = pd_statement_get_section (statement, 0);

      time_zone = section->time_zone;
      zone_name = section->time_zone_name;
    }

  if (from != 0 && to != 0)
    {
      gint32 from_offset = pd_export_zone_offset (&pdf->zone, time_zone, from);
      gint32 to_offset = pd_export_zone_offset (&pdf->zone, time_zone, to);

      whole_days = (from + from_offset) % 86400 == 0 && (to + to_offset) % 86400 == 0;
    }

  if (whole_days)
    {
      from_text = format_local (pdf, from, time_zone, FALSE);
      to_text = format_local (pdf, to - 1, time_zone, FALSE);
      from_text[10] = '\0';
      to_text[10] = '\0';
    }
  else
    {
      from_text = from != 0 ? format_local (pdf, from, time_zone, FALSE)
                            : g_strdup (_("the first record"));
      to_text = format_local (pdf, to != 0 ? to : generated_at, time_zone, FALSE);
    }

  /* Translators: the start and end of a statement's period, and a time zone. */
  return g_strdup_printf (_("Period: %s to %s (%s)"), from_text, to_text, zone_name);
}

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  FILE *out = closure;

  return fwrite (data, 1, length, out) == length ? CAIRO_STATUS_SUCCESS
                                                 : CAIRO_STATUS_WRITE_ERROR;
}

static void
pdf_clear (Pdf *pdf)
{
  g_clear_pointer (&pdf->placements, g_array_unref);
  g_clear_pointer (&pdf->sections, g_ptr_array_unref);
  g_clear_pointer (&pdf->by_section, g_hash_table_unref);
  g_clear_pointer (&pdf->body, pango_font_description_free);
  g_clear_pointer (&pdf->bold, pango_font_description_free);
  g_clear_pointer (&pdf->small, pango_font_description_free);
  g_clear_pointer (&pdf->heading, pango_font_description_free);
  g_clear_pointer (&pdf->title, pango_font_description_free);
  g_clear_object (&pdf->context);
  g_clear_pointer (&pdf->cr, cairo_destroy);
  g_clear_pointer (&pdf->period, g_free);
  g_clear_pointer (&pdf->generated, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pdf, pdf_clear)

static void
setup_fonts (Pdf *pdf)
{
  pdf->body = pango_font_description_from_string ("Sans 8");
  pdf->bold = pango_font_description_from_string ("Sans Bold 8");
  pdf->small = pango_font_description_from_string ("Sans 7");
  pdf->heading = pango_font_description_from_string ("Sans Bold 11");
  pdf->title = pango_font_description_from_string ("Sans Bold 16");
}

static void
setup_metadata (cairo_surface_t *surface,
                Pdf             *pdf,
                gint64           generated_at)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (generated_at);
  g_autofree char *iso = g_date_time_format (date, "%Y-%m-%dT%H:%M:%SZ");
  const char *merchant = pdf->options->merchant_name;
  g_autofree char *title = NULL;

  if (merchant != NULL && merchant[0] != '\0')
    title = g_strdup_printf ("%s — %s", _("Statement"), merchant);
  else
    title = g_strdup (_("Statement"));

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Paydesk");
  /* A given generation time makes the file the same byte for byte. */
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, iso);
}

/**
 * pd_export_pdf_write:
 * @statement: a statement from pd_statement_new()
 * @options: the options (the merchant's name and the generation time)
 * @out: an open stream; flushed, not closed
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the statement as an A4 PDF: the merchant's name, the period, then
 * per account and currency (and wallet) its opening balance, every line
 * with its running balance, the credits, debits and fees, and the closing
 * balance; "Page N of M" and the generation time on every page. The whole
 * statement is read into memory to lay it out.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_export_pdf_write (PdStatement            *statement,
                     const PdExportOptions  *options,
                     FILE                   *out,
                     GCancellable           *cancellable,
                     GError                **error)
{
  g_autoptr(PangoFontMap) font_map = NULL;
  g_autoptr(GDateTime) generated = NULL;
  g_autofree char *generated_text = NULL;
  g_auto(Pdf) pdf = { 0 };
  cairo_surface_t *surface;
  cairo_font_options_t *font_options;
  cairo_status_t status;
  gint64 generated_at = pd_export_generated_at (options);
  gboolean ok;

  g_return_val_if_fail (statement != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  pdf.options = options;
  pdf.statement = statement;
  pdf.by_section = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)pdf_section_free);
  pdf.placements = g_array_new (FALSE, FALSE, sizeof (Placement));

  if (!pd_statement_foreach_line (statement, collect_line, &pdf, cancellable, error))
    return FALSE;

  surface = cairo_pdf_surface_create_for_stream (write_to_stream, out, PAGE_WIDTH, PAGE_HEIGHT);
  setup_metadata (surface, &pdf, generated_at);
  pdf.cr = cairo_create (surface);
  cairo_surface_destroy (surface);

  /* A font map of its own: exports run on worker threads, and Pango's
   * default one is per thread and lives as long as the thread. */
  font_map = pango_cairo_font_map_new ();
  pdf.context = pango_font_map_create_context (font_map);
  font_options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pdf.context, font_options);
  cairo_font_options_destroy (font_options);
  pango_cairo_update_context (pdf.cr, pdf.context);
  setup_fonts (&pdf);
  setup_columns (&pdf);

  generated = g_date_time_new_from_unix_utc (generated_at);
  generated_text = g_date_time_format (generated, "%Y-%m-%d %H:%M UTC");
  /* Translators: the time a statement was made. */
  pdf.generated = g_strdup_printf (_("Generated at %s by Paydesk"), generated_text);
  pdf.period = format_period (&pdf, generated_at);

  pdf.line_height = text_height (&pdf, pdf.bold, "Xy", FALSE, 0.0, 0) + 1.0;
  pdf.table_header_height = pdf.line_height + 2 * ROW_PADDING;
  pdf.header_height = text_height (&pdf, pdf.small, "Xy", FALSE, 0.0, 0) + BLOCK_GAP;
  pdf.first_header_height = text_height (&pdf, pdf.title, _("Statement"), FALSE, 0.0, 0) +
                            text_height (&pdf, pdf.body, pdf.period, FALSE, CONTENT_WIDTH, 0) +
                            BLOCK_GAP;
  if (options->merchant_name != NULL && options->merchant_name[0] != '\0')
    pdf.first_header_height += text_height (&pdf, pdf.heading, options->merchant_name, FALSE,
                                            CONTENT_WIDTH, 0);

  /* Every section of the statement, also those without a line in the
   * period: their balances are part of it. */
  pdf.sections = g_ptr_array_new ();
  for (guint i = 0; i < pd_statement_get_n_sections (statement); i++)
    {
      PdfSection *section = get_section (&pdf, pd_statement_get_section (statement, i));

      section->heading = section_heading (section->section);
      section->note = section_note (section->section);
      section->head_height = measure_head (&pdf, section);
      section->summary_height = measure_summary (&pdf, section->section);
      for (guint r = 0; r < section->rows->len; r++)
        {
          PdfRow *row = g_ptr_array_index (section->rows, r);

          row->height = measure_row (&pdf, row);
        }
      g_ptr_array_add (pdf.sections, section);
    }

  paginate (&pdf);
  ok = draw_pages (&pdf, cancellable, error);

  surface = cairo_get_target (pdf.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  if (ok && status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, PD_EXPORT_ERROR,
                   status == CAIRO_STATUS_WRITE_ERROR ? PD_EXPORT_ERROR_IO
                                                      : PD_EXPORT_ERROR_FAILED,
                   _("The PDF could not be written: %s"), cairo_status_to_string (status));
      ok = FALSE;
    }

  return ok && pd_export_check_stream (out, error);
}

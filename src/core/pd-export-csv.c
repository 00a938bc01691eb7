/* pd-export-csv.c - statements as CSV for spreadsheets (RFC 4180)
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "pd-export-private.h"

/*
 * One row per statement line, UTF-8, CRLF line ends, a field quoted only
 * when it holds the separator, a quote or a line break (a quote inside is
 * doubled). The header names are stable machine names, never translated:
 *
 *   date            ISO 8601 in the account's time zone, with its offset
 *   date_utc        the same instant in UTC
 *   time_zone       the account's IANA zone: the one dates are shown in,
 *                   and the one provider times without a zone (ZengaPay's,
 *                   PawaCard's) were read in
 *   provider        fayapay, zengapay, …
 *   account         the account's label
 *   type            the provider's entry type, or the transaction's kind
 *   id              the provider's id of the entry or transaction
 *   reference       the reference (a provider entry: its transaction's id)
 *   counterparty, description
 *   debit, credit, fee
 *                   plain decimals with at least the currency's decimals
 *                   (UGX 2152.2 stays "2152.2", GHS 742 is "742.00"); a
 *                   line fills debit or credit, and fee holds a fee of its
 *                   own (a provider's CHARGES line) or of the transaction
 *   balance_after   the running balance after the line
 *   currency        ISO 4217; each currency (and wallet) runs its own balance
 *   wallet          the provider's wallet without its currency (ATLMM)
 *   state           succeeded, refunded, … (or the provider's word)
 *   balance_source  provider: the provider's running balances;
 *                   derived: summed by Paydesk from the stored transactions
 *   chain_break     empty, or link / amount / link+amount where the
 *                   provider's balances do not chain (see PdStatementBreak)
 *
 * Text cells that start with '=', '+', '-', '@', a tab or a carriage return
 * get a leading "'" so that a spreadsheet shows them instead of running
 * them as formulas (a description "=HYPERLINK(…)" stays text); amount
 * columns are written by Paydesk and keep their '-'.
 *
 * The semicolon variant (PD_EXPORT_FLAGS_CSV_SEMICOLON) separates fields
 * with ';' and writes amounts with a decimal comma, for spreadsheet
 * programs in locales whose decimal mark is a comma.
 *
 * Rows go straight from the database cursor into a large buffer.
 */

static const char *const column_names[] = {
  "date", "date_utc", "time_zone", "provider", "account", "type", "id", "reference",
  "counterparty", "description", "debit", "credit", "fee", "balance_after", "currency",
  "wallet", "state", "balance_source", "chain_break",
};

/* Rows are put together in a buffer of the writer's own and handed to
 * stdio a megabyte at a time: a row is some forty small pieces, too many
 * for a library call each. */
#define OUT_BUFFER_SIZE (1 << 20)

typedef struct
{
  FILE                     *out;
  char                     *buffer;
  gsize                     len;
  int                       write_errno;
  char                      separator;
  char                      decimal_mark;
  const char               *quote_chars;
  const PdStatementSection *section;
  guint                     exponent;
  PdExportZoneCache         zone;
  PdExportDayCache          local_day;
  PdExportDayCache          utc_day;
} CsvWriter;

static void
flush_buffer (CsvWriter *writer)
{
  if (writer->len > 0 && writer->write_errno == 0 &&
      fwrite (writer->buffer, 1, writer->len, writer->out) != writer->len)
    writer->write_errno = errno != 0 ? errno : EIO;

  writer->len = 0;
}

/* Makes room for @len more bytes; FALSE when they can never fit. */
static inline gboolean
reserve (CsvWriter *writer,
         gsize      len)
{
  if (G_UNLIKELY (writer->len + len > OUT_BUFFER_SIZE))
    flush_buffer (writer);

  return len <= OUT_BUFFER_SIZE;
}

static inline void
put_raw (CsvWriter  *writer,
         const char *text,
         gsize       len)
{
  if (G_UNLIKELY (!reserve (writer, len)))
    {
      if (writer->write_errno == 0 && fwrite (text, 1, len, writer->out) != len)
        writer->write_errno = errno != 0 ? errno : EIO;
      return;
    }

  memcpy (writer->buffer + writer->len, text, len);
  writer->len += len;
}

static inline void
put_char (CsvWriter *writer,
          char       c)
{
  reserve (writer, 1);
  writer->buffer[writer->len++] = c;
}

static inline void
put_separator (CsvWriter *writer)
{
  put_char (writer, writer->separator);
}

static void
put_text (CsvWriter  *writer,
          const char *text)
{
  gboolean neutralize;
  const char *p;
  gsize len;

  if (text == NULL || text[0] == '\0')
    return;

  neutralize = strchr ("=+-@\t\r", text[0]) != NULL;
  len = strcspn (text, writer->quote_chars);

  if (text[len] == '\0')
    {
      if (neutralize)
        put_char (writer, '\'');
      put_raw (writer, text, len);
      return;
    }

  put_char (writer, '"');
  if (neutralize)
    put_char (writer, '\'');

  for (p = text;;)
    {
      const char *quote = strchr (p, '"');

      if (quote == NULL)
        {
          put_raw (writer, p, strlen (p));
          break;
        }
      put_raw (writer, p, (gsize)(quote - p) + 1);
      put_char (writer, '"');
      p = quote + 1;
    }

  put_char (writer, '"');
}

static void
put_amount (CsvWriter     *writer,
            const PdMoney *money)
{
  if (money == NULL || !pd_money_is_set (money))
    return;

  reserve (writer, PD_EXPORT_AMOUNT_MAX);
  writer->len += pd_export_format_amount (money, writer->exponent, writer->decimal_mark,
                                          writer->buffer + writer->len);
}

static gboolean
write_line (const PdStatementLine  *line,
            gpointer                user_data,
            GError                **error)
{
  CsvWriter *writer = user_data;
  const PdStatementSection *section = line->section;
  gboolean debit = line->direction == PD_STATEMENT_DIRECTION_DEBIT;
  const PdMoney *fee = NULL;
  gint32 offset;

  if (section != writer->section)
    {
      writer->section = section;
      writer->exponent = pd_currency_exponent (section->currency);
    }

  offset = pd_export_zone_offset (&writer->zone, section->time_zone, line->created_at);
  reserve (writer, 2 * PD_EXPORT_TIME_MAX);
  writer->len += pd_export_format_time (&writer->local_day, line->created_at, offset, FALSE,
                                        writer->buffer + writer->len);
  put_separator (writer);
  writer->len += pd_export_format_time (&writer->utc_day, line->created_at, 0, TRUE,
                                        writer->buffer + writer->len);
  put_separator (writer);
  put_text (writer, section->time_zone_name);
  put_separator (writer);
  put_text (writer, section->account->provider);
  put_separator (writer);
  put_text (writer, section->account->label);
  put_separator (writer);
  put_text (writer, line->type);
  put_separator (writer);
  put_text (writer, line->provider_id);
  put_separator (writer);
  put_text (writer, line->reference);
  put_separator (writer);
  put_text (writer, line->counterparty);
  put_separator (writer);
  put_text (writer, line->description);
  put_separator (writer);

  if (line->is_fee)
    fee = &line->amount;
  else if (pd_money_is_set (&line->fee))
    fee = &line->fee;

  put_amount (writer, debit && !line->is_fee ? &line->amount : NULL);
  put_separator (writer);
  put_amount (writer, debit ? NULL : &line->amount);
  put_separator (writer);
  put_amount (writer, fee);
  put_separator (writer);
  put_amount (writer, &line->balance);
  put_separator (writer);
  put_text (writer, section->currency);
  put_separator (writer);
  put_text (writer, section->wallet);
  put_separator (writer);
  put_text (writer, line->state);
  put_separator (writer);
  put_text (writer, pd_statement_source_to_string (section->source));
  put_separator (writer);
  put_text (writer, pd_statement_break_to_string (line->breaks));
  put_raw (writer, "\r\n", 2);

  if (G_UNLIKELY (writer->write_errno != 0))
    {
      g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_IO,
                   _("The export could not be written: %s"), g_strerror (writer->write_errno));
      return FALSE;
    }

  return TRUE;
}

/**
 * pd_export_csv_write:
 * @statement: a statement from pd_statement_new()
 * @options: the flags to follow (%PD_EXPORT_FLAGS_CSV_BOM,
 *   %PD_EXPORT_FLAGS_CSV_SEMICOLON)
 * @out: an open stream; flushed, not closed
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the statement as CSV, one row per line, streaming: the rows go
 * from the database to @out one at a time. The columns are described at
 * the top of pd-export-csv.c.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_export_csv_write (PdStatement            *statement,
                     const PdExportOptions  *options,
                     FILE                   *out,
                     GCancellable           *cancellable,
                     GError                **error)
{
  gboolean semicolon = (options->flags & PD_EXPORT_FLAGS_CSV_SEMICOLON) != 0;
  g_autofree char *buffer = NULL;
  CsvWriter writer = { 0 };
  gboolean ok;

  g_return_val_if_fail (statement != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  buffer = g_malloc (OUT_BUFFER_SIZE);
  writer.out = out;
  writer.buffer = buffer;
  writer.separator = semicolon ? ';' : ',';
  writer.decimal_mark = semicolon ? ',' : '.';
  writer.quote_chars = semicolon ? ";\"\r\n" : ",\"\r\n";

  if ((options->flags & PD_EXPORT_FLAGS_CSV_BOM) != 0)
    put_raw (&writer, "\xEF\xBB\xBF", 3);

  for (guint i = 0; i < G_N_ELEMENTS (column_names); i++)
    {
      if (i > 0)
        put_separator (&writer);
      put_raw (&writer, column_names[i], strlen (column_names[i]));
    }
  put_raw (&writer, "\r\n", 2);

  ok = pd_statement_foreach_line (statement, write_line, &writer, cancellable, error);
  flush_buffer (&writer);

  if (ok && writer.write_errno != 0)
    {
      g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_IO,
                   _("The export could not be written: %s"), g_strerror (writer.write_errno));
      return FALSE;
    }

  return ok && pd_export_check_stream (out, error);
}

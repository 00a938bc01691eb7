/* pd-export-ofx.c - statements as OFX 2.1.1 for accounting programs
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pd-export-private.h"

/*
 * OFX 2.1.1, the XML form, rather than the SGML of OFX 1.0.2: it declares
 * UTF-8, so that names such as محمد عثمان survive (1.0.2 files name a
 * Windows code page), and every XML tool can check it. libofx, through
 * which GnuCash and HomeBank import OFX, reads it (tests/test-export.c
 * runs libofx's ofxdump on it when installed).
 *
 * One STMTRS per account and currency, as a bank statement is: its
 * BANKACCTFROM is BANKID = the provider, ACCTID = the first 16 hex digits
 * of the account's uuid, a dash and the currency (22 characters at most,
 * as OFX allows), so the same account is recognised in every file.
 * The wallets of one currency (ZengaPay's UGX-MTNMM and UGX-ATLMM) share
 * it; LEDGERBAL is the sum of their closing balances.
 *
 * Each STMTTRN's FITID is provider:account uuid:provider id (and the
 * transaction kind for derived statements, whose ids are unique per kind),
 * so exporting an overlapping period again gives the same ids and an
 * importer skips what it already has. A derived line with a fee gives two
 * STMTTRN: the amount (CREDIT or DEBIT) and the fee (FEE, FITID ending in
 * ":fee"); a provider's CHARGES line is one FEE. TRNAMT is the exact
 * amount, negative for money out.
 */

/* OFX's NAME is at most 32 characters, MEMO and FITID 255. */
#define NAME_MAX_CHARS 32
#define MEMO_MAX_CHARS 255
#define FITID_MAX_CHARS 255

typedef struct
{
  const char *trntype;
  gint64      posted;
  PdMoney     amount;
  char       *fitid;
  char       *name;
  char       *memo;
} OfxTransaction;

typedef struct
{
  const PdAccount *account;
  GTimeZone       *time_zone;
  char             currency[4];
  GPtrArray       *transactions;
  PdMoney          ledger;
} OfxStatement;

typedef struct
{
  GHashTable *statements;
} OfxCollector;

static void
ofx_transaction_free (OfxTransaction *transaction)
{
  g_free (transaction->fitid);
  g_free (transaction->name);
  g_free (transaction->memo);
  g_free (transaction);
}

static OfxStatement *
ofx_statement_new (const PdStatementSection *section)
{
  OfxStatement *statement = g_new0 (OfxStatement, 1);

  statement->account = section->account;
  statement->time_zone = section->time_zone;
  g_strlcpy (statement->currency, section->currency, sizeof statement->currency);
  statement->transactions = g_ptr_array_new_with_free_func ((GDestroyNotify)ofx_transaction_free);
  pd_money_init (&statement->ledger, 0, 0, section->currency);

  return statement;
}

static void
ofx_statement_free (OfxStatement *statement)
{
  g_ptr_array_unref (statement->transactions);
  g_free (statement);
}

static char *
statement_key (const PdStatementSection *section)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%s", section->account->id, section->currency);
}

/* The first 16 hex digits of the uuid: stable, and short enough for ACCTID. */
static char *
account_short_id (const PdAccount *account,
                  gsize            n_digits)
{
  GString *id = g_string_sized_new (n_digits);

  for (const char *p = account->uuid; p != NULL && *p != '\0' && id->len < n_digits; p++)
    {
      if (g_ascii_isxdigit (*p))
        g_string_append_c (id, g_ascii_tolower (*p));
    }

  return g_string_free (id, FALSE);
}

static char *
make_fitid (const PdStatementLine *line,
            gboolean               fee)
{
  const PdStatementSection *section = line->section;
  g_autofree char *account = account_short_id (section->account, 32);
  g_autofree char *id_part = NULL;
  GString *fitid;

  id_part = g_strdup (line->provider_id != NULL ? line->provider_id : "");
  fitid = g_string_new (section->account->provider);
  g_string_append_printf (fitid, ":%s:", account);
  if (section->source == PD_STATEMENT_SOURCE_DERIVED)
    g_string_append_printf (fitid, "%s:", line->type);

  /* An id too long for OFX is replaced by its digest: still stable. */
  if (fitid->len + strlen (id_part) + 4 > FITID_MAX_CHARS)
    {
      g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, id_part, -1);

      g_free (id_part);
      id_part = g_strconcat ("sha256-", digest, NULL);
    }
  g_string_append (fitid, id_part);
  if (fee)
    g_string_append (fitid, ":fee");

  return g_string_free (fitid, FALSE);
}

/* Valid UTF-8 on one line, at most @max_chars characters. */
static char *
clean_text (const char *text,
            glong       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autofree char *collapsed = NULL;
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* XML 1.0 has no place for control characters; line breaks in a
       * memo become spaces. */
      if (c < 0x20 || c == 0x7f)
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
          continue;
        }
      g_string_append_unichar (out, c);
    }

  collapsed = g_strstrip (g_string_free (out, FALSE));
  if (g_utf8_strlen (collapsed, -1) > max_chars)
    return g_utf8_substring (collapsed, 0, max_chars);

  return g_steal_pointer (&collapsed);
}

static char *
make_memo (const PdStatementLine *line,
           gboolean               fee)
{
  GString *memo = g_string_new (NULL);
  g_autofree char *cleaned = NULL;

  if (fee)
    g_string_append_printf (memo, _("Fee: %s"), line->description != NULL ? line->description
                                                                          : line->type);
  else if (line->description != NULL)
    g_string_append (memo, line->description);
  else
    g_string_append (memo, line->type);

  if (line->reference != NULL && line->reference[0] != '\0')
    g_string_append_printf (memo, " (%s)", line->reference);
  if (line->breaks != 0)
    g_string_append_printf (memo, " [%s]", _("the provider's running balance does not chain here"));

  cleaned = clean_text (memo->str, MEMO_MAX_CHARS);
  g_string_free (memo, TRUE);

  return g_steal_pointer (&cleaned);
}

static void
add_transaction (OfxStatement          *statement,
                 const PdStatementLine *line,
                 const char            *trntype,
                 const PdMoney         *amount,
                 gboolean               negative,
                 gboolean               fee)
{
  OfxTransaction *transaction = g_new0 (OfxTransaction, 1);
  const char *name = line->counterparty;

  if (name == NULL || name[0] == '\0')
    name = line->description;
  if (name == NULL || name[0] == '\0')
    name = line->type;

  transaction->trntype = trntype;
  transaction->posted = line->created_at;
  transaction->amount = *amount;
  if (negative)
    pd_money_negate (amount, &transaction->amount);
  transaction->fitid = make_fitid (line, fee);
  transaction->name = clean_text (name, NAME_MAX_CHARS);
  transaction->memo = make_memo (line, fee);

  g_ptr_array_add (statement->transactions, transaction);
}

static gboolean
collect_line (const PdStatementLine  *line,
              gpointer                user_data,
              GError                **error)
{
  OfxCollector *collector = user_data;
  g_autofree char *key = statement_key (line->section);
  OfxStatement *statement = g_hash_table_lookup (collector->statements, key);
  gboolean debit = line->direction == PD_STATEMENT_DIRECTION_DEBIT;

  if (statement == NULL)
    {
      statement = ofx_statement_new (line->section);
      g_hash_table_insert (collector->statements, g_steal_pointer (&key), statement);
    }

  if (line->is_fee)
    add_transaction (statement, line, "FEE", &line->amount, TRUE, FALSE);
  else
    add_transaction (statement, line, debit ? "DEBIT" : "CREDIT", &line->amount, debit, FALSE);

  if (pd_money_is_set (&line->fee))
    add_transaction (statement, line, "FEE", &line->fee, TRUE, TRUE);

  return TRUE;
}

static void
put_escaped (GString    *out,
             const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

static void
put_element (GString    *out,
             guint       depth,
             const char *name,
             const char *text)
{
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
  g_string_append_printf (out, "<%s>", name);
  put_escaped (out, text);
  g_string_append_printf (out, "</%s>\n", name);
}

static void
put_open (GString    *out,
          guint       depth,
          const char *name,
          gboolean    open)
{
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
  g_string_append_printf (out, open ? "<%s>\n" : "</%s>\n", name);
}

/* An OFX date: local time with its offset where it is a whole number of
 * hours ("20260602103000.000[+3:EAT]"), else UTC ("[0:GMT]"). */
static char *
ofx_date (gint64     time,
          GTimeZone *time_zone)
{
  gint interval = g_time_zone_find_interval (time_zone, G_TIME_TYPE_UNIVERSAL, time);
  gint32 offset = g_time_zone_get_offset (time_zone, interval);
  const char *abbreviation = g_time_zone_get_abbreviation (time_zone, interval);
  char buffer[PD_EXPORT_TIME_MAX];
  gboolean named = abbreviation != NULL && abbreviation[0] != '\0';

  if (offset % 3600 != 0)
    {
      pd_export_format_compact_time (time, 0, buffer);
      return g_strdup_printf ("%s.000[0:GMT]", buffer);
    }

  for (const char *p = abbreviation; named && *p != '\0'; p++)
    named = g_ascii_isalpha (*p);

  pd_export_format_compact_time (time, offset, buffer);
  if (named)
    return g_strdup_printf ("%s.000[%+d:%s]", buffer, offset / 3600, abbreviation);

  return g_strdup_printf ("%s.000[%+d]", buffer, offset / 3600);
}

static char *
ofx_amount (const PdMoney *money)
{
  char buffer[PD_EXPORT_AMOUNT_MAX];

  pd_export_format_amount (money, pd_currency_exponent (money->currency), '.', buffer);

  return g_strdup (buffer);
}

static void
put_statement (GString            *out,
               const OfxStatement *statement,
               guint               number,
               gint64              start,
               gint64              end)
{
  g_autofree char *account_id = account_short_id (statement->account, 16);
  g_autofree char *acctid = g_strdup_printf ("%s-%s", account_id, statement->currency);
  g_autofree char *trnuid = g_strdup_printf ("%u", number);
  g_autofree char *dtstart = NULL;
  g_autofree char *dtend = ofx_date (end, statement->time_zone);
  g_autofree char *balance = ofx_amount (&statement->ledger);

  /* Without a start, the list starts with its first transaction. */
  if (start == 0 && statement->transactions->len > 0)
    start = ((const OfxTransaction *)g_ptr_array_index (statement->transactions, 0))->posted;
  else if (start == 0)
    start = end;
  dtstart = ofx_date (start, statement->time_zone);

  put_open (out, 2, "STMTTRNRS", TRUE);
  put_element (out, 3, "TRNUID", trnuid);
  put_open (out, 3, "STATUS", TRUE);
  put_element (out, 4, "CODE", "0");
  put_element (out, 4, "SEVERITY", "INFO");
  put_open (out, 3, "STATUS", FALSE);
  put_open (out, 3, "STMTRS", TRUE);
  put_element (out, 4, "CURDEF", statement->currency);
  put_open (out, 4, "BANKACCTFROM", TRUE);
  put_element (out, 5, "BANKID", statement->account->provider);
  put_element (out, 5, "ACCTID", acctid);
  put_element (out, 5, "ACCTTYPE", "CHECKING");
  put_open (out, 4, "BANKACCTFROM", FALSE);
  put_open (out, 4, "BANKTRANLIST", TRUE);
  put_element (out, 5, "DTSTART", dtstart);
  put_element (out, 5, "DTEND", dtend);

  for (guint i = 0; i < statement->transactions->len; i++)
    {
      const OfxTransaction *transaction = g_ptr_array_index (statement->transactions, i);
      g_autofree char *posted = ofx_date (transaction->posted, statement->time_zone);
      g_autofree char *amount = ofx_amount (&transaction->amount);

      put_open (out, 5, "STMTTRN", TRUE);
      put_element (out, 6, "TRNTYPE", transaction->trntype);
      put_element (out, 6, "DTPOSTED", posted);
      put_element (out, 6, "TRNAMT", amount);
      put_element (out, 6, "FITID", transaction->fitid);
      put_element (out, 6, "NAME", transaction->name);
      if (transaction->memo[0] != '\0')
        put_element (out, 6, "MEMO", transaction->memo);
      put_open (out, 5, "STMTTRN", FALSE);
    }

  put_open (out, 4, "BANKTRANLIST", FALSE);
  put_open (out, 4, "LEDGERBAL", TRUE);
  put_element (out, 5, "BALAMT", balance);
  put_element (out, 5, "DTASOF", dtend);
  put_open (out, 4, "LEDGERBAL", FALSE);
  put_open (out, 3, "STMTRS", FALSE);
  put_open (out, 2, "STMTTRNRS", FALSE);
}

/**
 * pd_export_ofx_write:
 * @statement: a statement from pd_statement_new()
 * @options: the options (only the generation time is used)
 * @out: an open stream; flushed, not closed
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the statement as an OFX 2.1.1 file: one bank statement per
 * account and currency, with stable FITIDs so that importing an overlapping
 * period again creates no duplicates. See the top of pd-export-ofx.c.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_export_ofx_write (PdStatement            *statement,
                     const PdExportOptions  *options,
                     FILE                   *out,
                     GCancellable           *cancellable,
                     GError                **error)
{
  g_autoptr(GHashTable) statements = NULL;
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GString) text = g_string_sized_new (4096);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *server_date = NULL;
  OfxCollector collector;
  gint64 generated_at = pd_export_generated_at (options);
  gint64 start;
  gint64 end;

  g_return_val_if_fail (statement != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify)ofx_statement_free);
  collector.statements = statements;

  if (!pd_statement_foreach_line (statement, collect_line, &collector, cancellable, error))
    return FALSE;

  /* One statement per account and currency, in the sections' order, also
   * for those without a line in the period (their balance still counts). */
  order = g_ptr_array_new ();
  for (guint i = 0; i < pd_statement_get_n_sections (statement); i++)
    {
      const PdStatementSection *section = pd_statement_get_section (statement, i);
      g_autofree char *key = statement_key (section);
      OfxStatement *ofx = g_hash_table_lookup (statements, key);

      if (ofx == NULL)
        {
          ofx = ofx_statement_new (section);
          g_hash_table_insert (statements, g_steal_pointer (&key), ofx);
        }
      if (!g_ptr_array_find (order, ofx, NULL))
        g_ptr_array_add (order, ofx);

      if (!pd_money_add (&ofx->ledger, &section->closing, &ofx->ledger, NULL))
        {
          g_set_error (error, PD_STATEMENT_ERROR, PD_STATEMENT_ERROR_OVERFLOW,
                       _("The %s balance of “%s” is too large to export"),
                       section->currency, section->account->label);
          return FALSE;
        }
    }

  start = pd_statement_get_from (statement);
  end = pd_statement_get_to (statement);
  if (end == 0)
    end = generated_at;

  server_date = ofx_date (generated_at, utc);

  g_string_append (text,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
                   "<?OFX OFXHEADER=\"200\" VERSION=\"211\" SECURITY=\"NONE\""
                   " OLDFILEUID=\"NONE\" NEWFILEUID=\"NONE\"?>\n"
                   "<OFX>\n");
  put_open (text, 1, "SIGNONMSGSRSV1", TRUE);
  put_open (text, 2, "SONRS", TRUE);
  put_open (text, 3, "STATUS", TRUE);
  put_element (text, 4, "CODE", "0");
  put_element (text, 4, "SEVERITY", "INFO");
  put_open (text, 3, "STATUS", FALSE);
  put_element (text, 3, "DTSERVER", server_date);
  put_element (text, 3, "LANGUAGE", "ENG");
  put_open (text, 2, "SONRS", FALSE);
  put_open (text, 1, "SIGNONMSGSRSV1", FALSE);
  put_open (text, 1, "BANKMSGSRSV1", TRUE);

  for (guint i = 0; i < order->len; i++)
    {
      const OfxStatement *ofx = g_ptr_array_index (order, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      put_statement (text, ofx, i + 1, start, end);
      fwrite (text->str, 1, text->len, out);
      g_string_truncate (text, 0);
    }

  put_open (text, 1, "BANKMSGSRSV1", FALSE);
  g_string_append (text, "</OFX>\n");
  fwrite (text->str, 1, text->len, out);

  return pd_export_check_stream (out, error);
}

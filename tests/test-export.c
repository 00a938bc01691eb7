/* test-export.c - tests of statements and their CSV, PDF and OFX exports
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "pd-export.h"
#include "pd-statement.h"
#include "pd-store.h"
#include "pd-test-capture.h"

/*
 * The fixture is a store with three accounts of June 2026, whose expected
 * figures are worked out by hand below (never by the code under test):
 *
 * FayaPay "Zoë's Boutique, Accra" (Africa/Accra, UTC+0), derived:
 *   before June: charge 500.00 fee 10.00, payout 200.00, a failed charge
 *                → opening GHS 290.00
 *   June (GHS):  charge 742.00 fee 14.84 → 1017.16
 *                charge 120.50 fee 2.41  → 1135.25
 *                charge 30.00            → 1165.25
 *                refund 50.00            → 1115.25
 *                disbursement 100.00 fee 1.00 → 1014.25
 *                (pending charge 10.00: not a line)
 *                charge 25.00, later refunded → 1039.25
 *                payout 300.00           → 739.25
 *                credits 917.50, debits 450.00, fees 18.25, closing 739.25
 *   June (USD):  charge 15.00 fee 0.45   → 14.55
 *
 * ZengaPay "Kampala Shop" (Africa/Kampala, UTC+3), the provider's statement:
 *   UGX-MTNMM: before June 1 396 870; collection 107 610 → 1 504 480;
 *              CHARGES 2 152.2 given as → 1 502 330 (an amount break: the
 *              document's own example); transfer 5 000 → 1 497 330; a failed
 *              and a pending line. Credits 107 610, debits 5 000, fees
 *              2 152.2, closing 1 497 330, unexplained 2.2.
 *   UGX-ATLMM: first line before 4 794 120; collection 256 600 → 5 050 720;
 *              CHARGES 5 132 → 5 045 588; collection 5 000 from 5 045 580
 *              (a link break) → 5 050 580; CHARGES 100 → 5 050 480. Credits
 *              261 600, fees 5 232, closing 5 050 480, unexplained −8.
 *
 * PawaCard "Nairobi Vendor" (Africa/Nairobi): vends of 200 and 1 000 KES,
 *   a failed bill: debits 1 200.00, closing −1 200.00.
 */

typedef struct
{
  char    *dir;
  char    *path;
  PdStore *store;
  gint64   faya;
  gint64   zenga;
  gint64   pawa;
  gint64   june;
  gint64   july;
} Fixture;

static const char *const csv_columns[] = {
  "date", "date_utc", "time_zone", "provider", "account", "type", "id", "reference",
  "counterparty", "description", "debit", "credit", "fee", "balance_after", "currency",
  "wallet", "state", "balance_source", "chain_break",
};

enum
{
  CSV_DATE,
  CSV_DATE_UTC,
  CSV_TIME_ZONE,
  CSV_PROVIDER,
  CSV_ACCOUNT,
  CSV_TYPE,
  CSV_ID,
  CSV_REFERENCE,
  CSV_COUNTERPARTY,
  CSV_DESCRIPTION,
  CSV_DEBIT,
  CSV_CREDIT,
  CSV_FEE,
  CSV_BALANCE,
  CSV_CURRENCY,
  CSV_WALLET,
  CSV_STATE,
  CSV_SOURCE,
  CSV_BREAK,
  CSV_N_COLUMNS
};

#define DESCRIPTION_QUOTES "Order 17, \"gift wrap\", 2 items"
#define DESCRIPTION_LINES "Line one\nLine two; and a semicolon"
#define DESCRIPTION_FORMULA "=HYPERLINK(\"http://evil.example\",\"click\")"
#define NAME_ARABIC "محمد عثمان"
#define NAME_ETHIOPIC "አበበ በቂላ"
#define NAME_LATIN "Zoë Müller"
#define FAYA_LABEL "Zoë's Boutique, Accra"
#define GENERATED_AT G_GINT64_CONSTANT (1782900000)

/* Helpers */

static gint64
at (const char *iso)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (time);

  return g_date_time_to_unix (time);
}

static PdMoney
money (const char *text,
       const char *currency)
{
  g_autoptr(GError) error = NULL;
  PdMoney value = { 0 };

  if (text == NULL)
    return value;

  g_assert_true (pd_money_parse (text, currency, &value, &error));
  g_assert_no_error (error);

  return value;
}

static void
assert_money (const PdMoney *actual,
              const char    *expected,
              const char    *currency)
{
  PdMoney want = money (expected, currency);

  if (!pd_money_equal (actual, &want))
    {
      g_autofree char *text = pd_money_to_plain (actual);

      g_error ("expected %s %s, got %s %s", currency, expected, actual->currency, text);
    }
}

static gint64
add_account (PdStore    *store,
             const char *provider,
             const char *label,
             const char *timezone)
{
  g_autoptr(PdAccount) account = pd_account_new ();
  g_autoptr(GError) error = NULL;

  account->provider = g_strdup (provider);
  account->label = g_strdup (label);
  account->timezone = g_strdup (timezone);
  account->base_url = g_strdup ("https://api.example.com/v1");
  g_assert_true (pd_store_add_account (store, account, &error));
  g_assert_no_error (error);

  return account->id;
}

static PdTransaction *
transaction (const char         *id,
             PdTransactionKind   kind,
             PdTransactionState  state,
             const char         *when,
             const char         *amount,
             const char         *fee,
             const char         *currency)
{
  PdTransaction *tx = pd_transaction_new ();

  tx->provider_id = g_strdup (id);
  tx->reference = g_strdup_printf ("ref-%s", id);
  tx->kind = kind;
  tx->state = state;
  tx->created_at = at (when);
  tx->amount = money (amount, currency);
  tx->fee = money (fee, currency);

  return tx;
}

static PdStatementEntry *
entry (const char           *id,
       const char           *type,
       PdStatementDirection  direction,
       const char           *status,
       const char           *when,
       const char           *amount,
       const char           *before,
       const char           *after,
       const char           *wallet)
{
  PdStatementEntry *e = pd_statement_entry_new ();

  e->provider_id = g_strdup (id);
  e->transaction_provider_id = g_strdup_printf ("tx-%s", id);
  e->entry_type = g_strdup (type);
  e->direction = direction;
  e->status = g_strdup (status);
  e->created_at = at (when);
  e->amount = money (amount, "UGX");
  e->balance_before = money (before, "UGX");
  e->balance_after = money (after, "UGX");
  e->wallet = g_strdup (wallet);

  return e;
}

static void
store_transactions (PdStore   *store,
                    gint64     account_id,
                    GPtrArray *page)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_store_upsert_transactions (store, account_id, page, NULL, &error));
  g_assert_no_error (error);
}

static void
fill_fayapay (Fixture *fixture)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_transaction_free);
  PdTransaction *tx;

  g_ptr_array_add (page, transaction ("ch_pre1", PD_TRANSACTION_KIND_CHARGE,
                                      PD_TRANSACTION_STATE_SUCCEEDED, "2026-05-10T10:00:00Z",
                                      "500.00", "10.00", "GHS"));
  g_ptr_array_add (page, transaction ("po_pre1", PD_TRANSACTION_KIND_PAYOUT,
                                      PD_TRANSACTION_STATE_SUCCEEDED, "2026-05-20T10:00:00Z",
                                      "200.00", NULL, "GHS"));
  g_ptr_array_add (page, transaction ("ch_pre_failed", PD_TRANSACTION_KIND_CHARGE,
                                      PD_TRANSACTION_STATE_FAILED, "2026-05-25T10:00:00Z",
                                      "999.00", NULL, "GHS"));

  tx = transaction ("ch_1", PD_TRANSACTION_KIND_CHARGE, PD_TRANSACTION_STATE_SUCCEEDED,
                    "2026-06-01T09:00:00Z", "742.00", "14.84", "GHS");
  tx->customer_name = g_strdup (NAME_ARABIC);
  tx->description = g_strdup (DESCRIPTION_QUOTES);
  g_ptr_array_add (page, tx);

  tx = transaction ("ch_2", PD_TRANSACTION_KIND_CHARGE, PD_TRANSACTION_STATE_SUCCEEDED,
                    "2026-06-03T09:00:00Z", "120.50", "2.41", "GHS");
  tx->customer_name = g_strdup (NAME_ETHIOPIC);
  tx->description = g_strdup (DESCRIPTION_LINES);
  g_ptr_array_add (page, tx);

  tx = transaction ("ch_3", PD_TRANSACTION_KIND_CHARGE, PD_TRANSACTION_STATE_SUCCEEDED,
                    "2026-06-05T09:00:00Z", "30.00", NULL, "GHS");
  tx->customer_name = g_strdup (NAME_LATIN);
  tx->description = g_strdup (DESCRIPTION_FORMULA);
  g_ptr_array_add (page, tx);

  tx = transaction ("re_1", PD_TRANSACTION_KIND_REFUND, PD_TRANSACTION_STATE_SUCCEEDED,
                    "2026-06-06T09:00:00Z", "50.00", NULL, "GHS");
  tx->parent_provider_id = g_strdup ("ch_1");
  tx->description = g_strdup ("-5 off, customer asked");
  g_ptr_array_add (page, tx);

  tx = transaction ("di_1", PD_TRANSACTION_KIND_DISBURSEMENT, PD_TRANSACTION_STATE_SUCCEEDED,
                    "2026-06-10T09:00:00Z", "100.00", "1.00", "GHS");
  tx->counterparty = g_strdup ("+233201234567");
  tx->description = g_strdup ("@supplier payment");
  g_ptr_array_add (page, tx);

  g_ptr_array_add (page, transaction ("ch_4", PD_TRANSACTION_KIND_CHARGE,
                                      PD_TRANSACTION_STATE_PENDING, "2026-06-11T09:00:00Z",
                                      "10.00", NULL, "GHS"));
  g_ptr_array_add (page, transaction ("ch_5", PD_TRANSACTION_KIND_CHARGE,
                                      PD_TRANSACTION_STATE_REFUNDED, "2026-06-12T09:00:00Z",
                                      "25.00", NULL, "GHS"));
  g_ptr_array_add (page, transaction ("ch_usd", PD_TRANSACTION_KIND_CHARGE,
                                      PD_TRANSACTION_STATE_SUCCEEDED, "2026-06-15T09:00:00Z",
                                      "15.00", "0.45", "USD"));
  g_ptr_array_add (page, transaction ("po_1", PD_TRANSACTION_KIND_PAYOUT,
                                      PD_TRANSACTION_STATE_SUCCEEDED, "2026-06-20T09:00:00Z",
                                      "300.00", NULL, "GHS"));
  g_ptr_array_add (page, transaction ("ch_jul", PD_TRANSACTION_KIND_CHARGE,
                                      PD_TRANSACTION_STATE_SUCCEEDED, "2026-07-02T09:00:00Z",
                                      "1.00", NULL, "GHS"));

  store_transactions (fixture->store, fixture->faya, page);
}

static void
fill_zengapay (Fixture *fixture)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_statement_entry_free);
  g_autoptr(GError) error = NULL;
  const PdStatementDirection in = PD_STATEMENT_DIRECTION_CREDIT;
  const PdStatementDirection out = PD_STATEMENT_DIRECTION_DEBIT;
  PdStatementEntry *e;

  g_ptr_array_add (page, entry ("e0", "TRANSACTION", in, "SUCCEEDED", "2026-05-15T10:00:00+03:00",
                                "1396870", "0", "1396870", "UGX-MTNMM"));
  e = entry ("e1", "TRANSACTION", in, "SUCCEEDED", "2026-06-06T20:47:34+03:00",
             "107610", "1396870", "1504480", "UGX-MTNMM");
  e->counterparty = g_strdup ("256784553576");
  e->description = g_strdup ("Service Setup - afcedugc.net");
  g_ptr_array_add (page, e);
  e = entry ("e2", "CHARGES", out, "SUCCEEDED", "2026-06-06T20:47:35+03:00",
             "2152.2", "1504480", "1502330", "UGX-MTNMM");
  e->description = g_strdup ("MTN_UGANDA 2PC DEPOSITS CHARGE FOR TRANSACTION ID #e1");
  g_ptr_array_add (page, e);
  e = entry ("e3", "TRANSACTION", out, "SUCCEEDED", "2026-06-08T09:00:00+03:00",
             "5000", "1502330", "1497330", "UGX-MTNMM");
  e->counterparty = g_strdup ("256772000001");
  e->description = g_strdup ("Transfer to " NAME_ARABIC);
  g_ptr_array_add (page, e);
  g_ptr_array_add (page, entry ("e4", "TRANSACTION", in, "FAILED", "2026-06-09T09:00:00+03:00",
                                "9999", "1497330", "1497330", "UGX-MTNMM"));
  g_ptr_array_add (page, entry ("a1", "TRANSACTION", in, "SUCCEEDED", "2026-06-02T11:27:04+03:00",
                                "256600", "4794120", "5050720", "UGX-ATLMM"));
  g_ptr_array_add (page, entry ("a2", "CHARGES", out, "SUCCEEDED", "2026-06-02T11:27:05+03:00",
                                "5132", "5050720", "5045588", "UGX-ATLMM"));
  g_ptr_array_add (page, entry ("a3", "TRANSACTION", in, "SUCCEEDED", "2026-06-02T14:44:23+03:00",
                                "5000", "5045580", "5050580", "UGX-ATLMM"));
  g_ptr_array_add (page, entry ("a4", "CHARGES", out, "SUCCEEDED", "2026-06-02T14:44:24+03:00",
                                "100", "5050580", "5050480", "UGX-ATLMM"));
  g_ptr_array_add (page, entry ("e5", "TRANSACTION", in, "PENDING", "2026-06-25T09:00:00+03:00",
                                "7000", "1497330", "1497330", "UGX-MTNMM"));
  g_ptr_array_add (page, entry ("e6", "TRANSACTION", in, "SUCCEEDED", "2026-07-02T09:00:00+03:00",
                                "1000", "1497330", "1498330", "UGX-MTNMM"));

  g_assert_true (pd_store_upsert_statement_entries (fixture->store, fixture->zenga, page, NULL,
                                                    &error));
  g_assert_no_error (error);
}

static void
fill_pawacard (Fixture *fixture)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_transaction_free);
  PdTransaction *tx;

  tx = transaction ("v1", PD_TRANSACTION_KIND_VEND, PD_TRANSACTION_STATE_SUCCEEDED,
                    "2026-06-02T12:00:00+03:00", "200", NULL, "KES");
  tx->counterparty = g_strdup ("01400000012");
  g_ptr_array_add (page, tx);
  g_ptr_array_add (page, transaction ("v2", PD_TRANSACTION_KIND_VEND,
                                      PD_TRANSACTION_STATE_SUCCEEDED,
                                      "2026-06-04T12:00:00+03:00", "1000", NULL, "KES"));
  g_ptr_array_add (page, transaction ("b1", PD_TRANSACTION_KIND_BILL,
                                      PD_TRANSACTION_STATE_FAILED,
                                      "2026-06-05T12:00:00+03:00", "500", NULL, "KES"));

  store_transactions (fixture->store, fixture->pawa, page);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = pd_test_make_tmp_dir ("paydesk-export-XXXXXX");
  fixture->path = g_build_filename (fixture->dir, "paydesk.db", NULL);
  fixture->store = pd_store_new_for_path (fixture->path, &error);
  g_assert_no_error (error);

  fixture->faya = add_account (fixture->store, "fayapay", FAYA_LABEL, "Africa/Accra");
  fixture->zenga = add_account (fixture->store, "zengapay", "Kampala Shop", "Africa/Kampala");
  fixture->pawa = add_account (fixture->store, "pawacard", "Nairobi Vendor", "Africa/Nairobi");
  fill_fayapay (fixture);
  fill_zengapay (fixture);
  fill_pawacard (fixture);

  fixture->june = at ("2026-06-01T00:00:00Z");
  fixture->july = at ("2026-07-01T00:00:00Z");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  /* A worker thread lets go of its GTask, and so of the store, just after
   * the task's callback ran on the main thread. */
  for (guint i = 0; i < 500 && G_OBJECT (fixture->store)->ref_count > 1; i++)
    g_usleep (10000);
  g_assert_finalize_object (fixture->store);
  pd_test_remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static char *
export_file (Fixture        *fixture,
             PdExportFormat  format,
             PdExportFlags   flags,
             gint64          account_id,
             gint64          from,
             gint64          to,
             const char     *name)
{
  g_autoptr(PdExportOptions) options = pd_export_options_new ();
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  options->format = format;
  options->flags = flags;
  options->account_id = account_id;
  options->from = from;
  options->to = to;
  options->merchant_name = g_strdup ("Paydesk Test Traders — " NAME_LATIN);
  options->generated_at = GENERATED_AT;

  g_assert_true (pd_export_to_path (fixture->store, options, path, NULL, &error));
  g_assert_no_error (error);

  return path;
}

static char *
read_file (const char *path,
           gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);

  return contents;
}

/* A strict RFC 4180 reader: quoted fields with doubled quotes, CRLF line
 * ends, and nothing else (a bare quote or a bare LF is an error). */
static GPtrArray *
parse_csv (const char *text,
           gsize       length,
           char        separator)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  gsize i = 0;

  while (i < length)
    {
      g_string_truncate (field, 0);

      if (text[i] == '"')
        {
          for (i++;; i++)
            {
              if (i >= length)
                g_error ("unterminated quoted field");
              if (text[i] == '"')
                {
                  if (i + 1 < length && text[i + 1] == '"')
                    {
                      g_string_append_c (field, '"');
                      i++;
                      continue;
                    }
                  i++;
                  break;
                }
              g_string_append_c (field, text[i]);
            }
          if (i < length && text[i] != separator && text[i] != '\r')
            g_error ("text after a closing quote at byte %" G_GSIZE_FORMAT, i);
        }
      else
        {
          while (i < length && text[i] != separator && text[i] != '\r')
            {
              if (text[i] == '"' || text[i] == '\n')
                g_error ("a quote or line feed in an unquoted field at byte %" G_GSIZE_FORMAT, i);
              g_string_append_c (field, text[i++]);
            }
        }

      g_ptr_array_add (row, g_strdup (field->str));

      if (i < length && text[i] == separator)
        {
          i++;
          continue;
        }

      if (i + 1 >= length || text[i] != '\r' || text[i + 1] != '\n')
        g_error ("a row does not end in CRLF at byte %" G_GSIZE_FORMAT, i);
      i += 2;

      g_ptr_array_add (row, NULL);
      g_ptr_array_set_free_func (row, NULL);
      g_ptr_array_add (rows, g_ptr_array_free (g_steal_pointer (&row), FALSE));
      row = g_ptr_array_new_with_free_func (g_free);
    }

  g_assert_cmpuint (row->len, ==, 0);

  return g_steal_pointer (&rows);
}

static GPtrArray *
read_csv (const char *path,
          char        separator,
          gboolean    bom)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gsize length;
  gsize skip = 0;

  text = read_file (path, &length);
  g_assert_true (g_utf8_validate (text, length, NULL));
  if (bom)
    {
      g_assert_cmpuint (length, >=, 3);
      g_assert_cmpmem (text, 3, "\xEF\xBB\xBF", 3);
      skip = 3;
    }
  else
    {
      g_assert_true (g_str_has_prefix (text, "date"));
    }

  rows = parse_csv (text + skip, length - skip, separator);
  g_assert_cmpuint (rows->len, >=, 1);

  /* The header: stable machine names. */
  {
    GStrv header = g_ptr_array_index (rows, 0);

    g_assert_cmpuint (g_strv_length (header), ==, CSV_N_COLUMNS);
    for (guint i = 0; i < CSV_N_COLUMNS; i++)
      g_assert_cmpstr (header[i], ==, csv_columns[i]);
  }

  for (guint i = 1; i < rows->len; i++)
    g_assert_cmpuint (g_strv_length (g_ptr_array_index (rows, i)), ==, CSV_N_COLUMNS);

  return g_steal_pointer (&rows);
}

static GStrv
find_row (GPtrArray  *rows,
          const char *id)
{
  for (guint i = 1; i < rows->len; i++)
    {
      GStrv row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row[CSV_ID], id) == 0)
        return row;
    }

  g_error ("no CSV row with id %s", id);
  return NULL;
}

/* Statement model */

static const PdStatementSection *
find_section (PdStatement *statement,
              gint64       account_id,
              const char  *currency,
              const char  *wallet)
{
  for (guint i = 0; i < pd_statement_get_n_sections (statement); i++)
    {
      const PdStatementSection *section = pd_statement_get_section (statement, i);

      if (section->account->id == account_id && strcmp (section->currency, currency) == 0 &&
          g_strcmp0 (section->wallet, wallet) == 0)
        return section;
    }

  g_error ("no section %s %s", currency, wallet);
  return NULL;
}

typedef struct
{
  GPtrArray *ids;
  GPtrArray *balances;
  GArray    *breaks;
} Collected;

static gboolean
collect_line (const PdStatementLine  *line,
              gpointer                user_data,
              GError                **error)
{
  Collected *collected = user_data;
  guint breaks = line->breaks;

  g_ptr_array_add (collected->ids, g_strdup (line->provider_id));
  g_ptr_array_add (collected->balances, pd_money_to_plain (&line->balance));
  g_array_append_val (collected->breaks, breaks);

  return TRUE;
}

static guint
collected_index (Collected  *collected,
                 const char *id)
{
  guint index;

  g_assert_true (g_ptr_array_find_with_equal_func (collected->ids, id, g_str_equal, &index));

  return index;
}

static void
test_statement_provider (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(PdStatement) statement = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) balances = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) breaks = g_array_new (FALSE, FALSE, sizeof (guint));
  Collected collected = { ids, balances, breaks };
  const PdStatementSection *mtn;
  const PdStatementSection *airtel;
  const char *expected_order[] = { "a1", "a2", "a3", "a4", "e1", "e2", "e3" };

  statement = pd_statement_new (fixture->store, fixture->zenga,
                                at ("2026-06-01T00:00:00+03:00"),
                                at ("2026-07-01T00:00:00+03:00"), &error);
  g_assert_no_error (error);
  g_assert_true (pd_statement_foreach_line (statement, collect_line, &collected, NULL, &error));
  g_assert_no_error (error);

  /* Date order, pending, failed and July lines left out. */
  g_assert_cmpuint (ids->len, ==, G_N_ELEMENTS (expected_order));
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpstr (g_ptr_array_index (ids, i), ==, expected_order[i]);

  g_assert_cmpuint (pd_statement_get_n_sections (statement), ==, 2);
  airtel = pd_statement_get_section (statement, 0);
  mtn = pd_statement_get_section (statement, 1);
  g_assert_cmpstr (airtel->wallet, ==, "ATLMM");
  g_assert_cmpstr (airtel->wallet_code, ==, "UGX-ATLMM");
  g_assert_cmpstr (mtn->wallet, ==, "MTNMM");
  g_assert_cmpstr (mtn->currency, ==, "UGX");
  g_assert_cmpint (mtn->source, ==, PD_STATEMENT_SOURCE_PROVIDER);
  g_assert_cmpstr (mtn->time_zone_name, ==, "Africa/Kampala");

  assert_money (&mtn->opening, "1396870", "UGX");
  assert_money (&mtn->credits, "107610", "UGX");
  assert_money (&mtn->debits, "5000", "UGX");
  assert_money (&mtn->fees, "2152.2", "UGX");
  assert_money (&mtn->closing, "1497330", "UGX");
  assert_money (&mtn->difference, "2.2", "UGX");
  g_assert_cmpuint (mtn->n_lines, ==, 3);
  g_assert_cmpuint (mtn->n_breaks, ==, 1);
  g_assert_cmpuint (mtn->n_unposted, ==, 2);

  assert_money (&airtel->opening, "4794120", "UGX");
  assert_money (&airtel->credits, "261600", "UGX");
  assert_money (&airtel->debits, "0", "UGX");
  assert_money (&airtel->fees, "5232", "UGX");
  assert_money (&airtel->closing, "5050480", "UGX");
  assert_money (&airtel->difference, "-8", "UGX");
  g_assert_cmpuint (airtel->n_breaks, ==, 1);
  g_assert_cmpuint (airtel->n_unposted, ==, 0);

  /* The provider's balances are shown as given, and the breaks flagged. */
  g_assert_cmpstr (g_ptr_array_index (balances, collected_index (&collected, "e2")), ==, "1502330");
  g_assert_cmpuint (g_array_index (breaks, guint, collected_index (&collected, "e2")), ==,
                    PD_STATEMENT_BREAK_AMOUNT);
  g_assert_cmpuint (g_array_index (breaks, guint, collected_index (&collected, "e3")), ==, 0);
  g_assert_cmpuint (g_array_index (breaks, guint, collected_index (&collected, "e1")), ==, 0);
  g_assert_cmpuint (g_array_index (breaks, guint, collected_index (&collected, "a3")), ==,
                    PD_STATEMENT_BREAK_LINK);
  g_assert_cmpuint (g_array_index (breaks, guint, collected_index (&collected, "a2")), ==, 0);
  g_assert_cmpstr (pd_statement_break_to_string (PD_STATEMENT_BREAK_LINK |
                                                 PD_STATEMENT_BREAK_AMOUNT), ==, "link+amount");

  /* A second walk starts again from the opening balances. */
  g_assert_true (pd_statement_foreach_line (statement, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  mtn = find_section (statement, fixture->zenga, "UGX", "MTNMM");
  assert_money (&mtn->closing, "1497330", "UGX");
  assert_money (&mtn->credits, "107610", "UGX");
}

static void
test_statement_derived (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(PdStatement) statement = NULL;
  g_autoptr(PdStatement) all_time = NULL;
  g_autoptr(GError) error = NULL;
  const PdStatementSection *ghs;
  const PdStatementSection *usd;
  const PdStatementSection *kes;

  statement = pd_statement_new (fixture->store, 0, fixture->june, fixture->july, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pd_statement_get_n_accounts (statement), ==, 3);
  g_assert_true (pd_statement_foreach_line (statement, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Per account, then currency: never mixed. */
  g_assert_cmpuint (pd_statement_get_n_sections (statement), ==, 5);
  ghs = pd_statement_get_section (statement, 0);
  usd = pd_statement_get_section (statement, 1);
  g_assert_cmpstr (ghs->currency, ==, "GHS");
  g_assert_cmpstr (usd->currency, ==, "USD");
  g_assert_cmpint (ghs->source, ==, PD_STATEMENT_SOURCE_DERIVED);
  g_assert_null (ghs->wallet);

  assert_money (&ghs->opening, "290.00", "GHS");
  assert_money (&ghs->credits, "917.50", "GHS");
  assert_money (&ghs->debits, "450.00", "GHS");
  assert_money (&ghs->fees, "18.25", "GHS");
  assert_money (&ghs->closing, "739.25", "GHS");
  assert_money (&ghs->difference, "0", "GHS");
  g_assert_cmpuint (ghs->n_lines, ==, 7);
  g_assert_cmpuint (ghs->n_unposted, ==, 1);

  assert_money (&usd->opening, "0", "USD");
  assert_money (&usd->credits, "15.00", "USD");
  assert_money (&usd->fees, "0.45", "USD");
  assert_money (&usd->closing, "14.55", "USD");

  /* Vends are paid out of the vendor's float: debits. */
  kes = find_section (statement, fixture->pawa, "KES", NULL);
  assert_money (&kes->debits, "1200", "KES");
  assert_money (&kes->credits, "0", "KES");
  assert_money (&kes->closing, "-1200", "KES");
  g_assert_cmpuint (kes->n_unposted, ==, 1);

  /* Without a start, nothing comes before: the opening is zero and July
   * is in. */
  all_time = pd_statement_new (fixture->store, fixture->faya, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_true (pd_statement_foreach_line (all_time, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  ghs = find_section (all_time, fixture->faya, "GHS", NULL);
  assert_money (&ghs->opening, "0", "GHS");
  assert_money (&ghs->closing, "740.25", "GHS");

  g_assert_cmpint (pd_statement_kind_direction (PD_TRANSACTION_KIND_COLLECTION), ==,
                   PD_STATEMENT_DIRECTION_CREDIT);
  g_assert_cmpint (pd_statement_kind_direction (PD_TRANSACTION_KIND_PAYMENT), ==,
                   PD_STATEMENT_DIRECTION_CREDIT);
  g_assert_cmpint (pd_statement_kind_direction (PD_TRANSACTION_KIND_TOPUP), ==,
                   PD_STATEMENT_DIRECTION_DEBIT);
  g_assert_cmpint (pd_statement_kind_direction (PD_TRANSACTION_KIND_TRANSFER), ==,
                   PD_STATEMENT_DIRECTION_DEBIT);
}

static void
test_statement_errors (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PdStatement *statement;

  statement = pd_statement_new (fixture->store, fixture->faya, fixture->july, fixture->june,
                                &error);
  g_assert_null (statement);
  g_assert_error (error, PD_STATEMENT_ERROR, PD_STATEMENT_ERROR_INVALID);
  g_clear_error (&error);

  statement = pd_statement_new (fixture->store, 9999, fixture->june, fixture->july, &error);
  g_assert_null (statement);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND);
}

static void
test_split_wallet (void)
{
  char currency[4];
  const char *wallet;

  g_assert_true (pd_statement_split_wallet ("UGX-ATLMM", currency, &wallet));
  g_assert_cmpstr (currency, ==, "UGX");
  g_assert_cmpstr (wallet, ==, "ATLMM");
  g_assert_true (pd_statement_split_wallet ("ugx-MTNMM", currency, &wallet));
  g_assert_cmpstr (currency, ==, "UGX");
  g_assert_cmpstr (wallet, ==, "MTNMM");
  g_assert_false (pd_statement_split_wallet ("MAIN", currency, &wallet));
  g_assert_cmpstr (currency, ==, "");
  g_assert_cmpstr (wallet, ==, "MAIN");
  g_assert_false (pd_statement_split_wallet ("UGX-", currency, &wallet));
  g_assert_false (pd_statement_split_wallet (NULL, currency, &wallet));
  g_assert_null (wallet);
}

/* CSV */

static void
test_csv_round_trip (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = export_file (fixture, PD_EXPORT_FORMAT_CSV, PD_EXPORT_FLAGS_NONE, 0,
                                       fixture->june, fixture->july, "june.csv");
  g_autoptr(GPtrArray) rows = read_csv (path, ',', FALSE);
  GStrv row;

  /* 8 FayaPay, 7 ZengaPay and 2 PawaCard lines. */
  g_assert_cmpuint (rows->len - 1, ==, 17);

  row = find_row (rows, "ch_1");
  g_assert_cmpstr (row[CSV_DATE], ==, "2026-06-01T09:00:00+00:00");
  g_assert_cmpstr (row[CSV_DATE_UTC], ==, "2026-06-01T09:00:00Z");
  g_assert_cmpstr (row[CSV_TIME_ZONE], ==, "Africa/Accra");
  g_assert_cmpstr (row[CSV_PROVIDER], ==, "fayapay");
  g_assert_cmpstr (row[CSV_ACCOUNT], ==, FAYA_LABEL);
  g_assert_cmpstr (row[CSV_TYPE], ==, "charge");
  g_assert_cmpstr (row[CSV_REFERENCE], ==, "ref-ch_1");
  g_assert_cmpstr (row[CSV_COUNTERPARTY], ==, NAME_ARABIC);
  g_assert_cmpstr (row[CSV_DESCRIPTION], ==, DESCRIPTION_QUOTES);
  g_assert_cmpstr (row[CSV_DEBIT], ==, "");
  g_assert_cmpstr (row[CSV_CREDIT], ==, "742.00");
  g_assert_cmpstr (row[CSV_FEE], ==, "14.84");
  g_assert_cmpstr (row[CSV_BALANCE], ==, "1017.16");
  g_assert_cmpstr (row[CSV_CURRENCY], ==, "GHS");
  g_assert_cmpstr (row[CSV_WALLET], ==, "");
  g_assert_cmpstr (row[CSV_STATE], ==, "succeeded");
  g_assert_cmpstr (row[CSV_SOURCE], ==, "derived");
  g_assert_cmpstr (row[CSV_BREAK], ==, "");

  row = find_row (rows, "ch_2");
  g_assert_cmpstr (row[CSV_COUNTERPARTY], ==, NAME_ETHIOPIC);
  g_assert_cmpstr (row[CSV_DESCRIPTION], ==, DESCRIPTION_LINES);
  g_assert_cmpstr (row[CSV_BALANCE], ==, "1135.25");

  row = find_row (rows, "ch_5");
  g_assert_cmpstr (row[CSV_STATE], ==, "refunded");
  g_assert_cmpstr (row[CSV_CREDIT], ==, "25.00");

  row = find_row (rows, "po_1");
  g_assert_cmpstr (row[CSV_TYPE], ==, "payout");
  g_assert_cmpstr (row[CSV_DEBIT], ==, "300.00");
  g_assert_cmpstr (row[CSV_BALANCE], ==, "739.25");

  /* ZengaPay: the provider's zone-less times were read in Kampala. */
  row = find_row (rows, "e2");
  g_assert_cmpstr (row[CSV_DATE], ==, "2026-06-06T20:47:35+03:00");
  g_assert_cmpstr (row[CSV_DATE_UTC], ==, "2026-06-06T17:47:35Z");
  g_assert_cmpstr (row[CSV_TIME_ZONE], ==, "Africa/Kampala");
  g_assert_cmpstr (row[CSV_TYPE], ==, "CHARGES");
  g_assert_cmpstr (row[CSV_DEBIT], ==, "");
  g_assert_cmpstr (row[CSV_FEE], ==, "2152.2");
  g_assert_cmpstr (row[CSV_BALANCE], ==, "1502330");
  g_assert_cmpstr (row[CSV_CURRENCY], ==, "UGX");
  g_assert_cmpstr (row[CSV_WALLET], ==, "MTNMM");
  g_assert_cmpstr (row[CSV_SOURCE], ==, "provider");
  g_assert_cmpstr (row[CSV_BREAK], ==, "amount");
  g_assert_cmpstr (row[CSV_REFERENCE], ==, "tx-e2");

  row = find_row (rows, "e3");
  g_assert_cmpstr (row[CSV_DEBIT], ==, "5000");
  g_assert_cmpstr (row[CSV_DESCRIPTION], ==, "Transfer to " NAME_ARABIC);

  row = find_row (rows, "a3");
  g_assert_cmpstr (row[CSV_CREDIT], ==, "5000");
  g_assert_cmpstr (row[CSV_BREAK], ==, "link");
  g_assert_cmpstr (row[CSV_WALLET], ==, "ATLMM");

  /* A negative balance is an amount, not a formula. */
  row = find_row (rows, "v2");
  g_assert_cmpstr (row[CSV_BALANCE], ==, "-1200.00");
  g_assert_cmpstr (row[CSV_DEBIT], ==, "1000.00");
  g_assert_cmpstr (row[CSV_DATE], ==, "2026-06-04T12:00:00+03:00");
}

static void
test_csv_formula (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = export_file (fixture, PD_EXPORT_FORMAT_CSV, PD_EXPORT_FLAGS_NONE,
                                       fixture->faya, fixture->june, fixture->july, "f.csv");
  g_autoptr(GPtrArray) rows = read_csv (path, ',', FALSE);
  GStrv row;

  row = find_row (rows, "ch_3");
  g_assert_cmpstr (row[CSV_DESCRIPTION], ==, "'" DESCRIPTION_FORMULA);
  g_assert_cmpstr (row[CSV_COUNTERPARTY], ==, NAME_LATIN);

  row = find_row (rows, "di_1");
  g_assert_cmpstr (row[CSV_COUNTERPARTY], ==, "'+233201234567");
  g_assert_cmpstr (row[CSV_DESCRIPTION], ==, "'@supplier payment");
  g_assert_cmpstr (row[CSV_FEE], ==, "1.00");

  row = find_row (rows, "re_1");
  g_assert_cmpstr (row[CSV_DESCRIPTION], ==, "'-5 off, customer asked");

  /* No cell of the file starts a formula. */
  for (guint i = 1; i < rows->len; i++)
    {
      GStrv cells = g_ptr_array_index (rows, i);

      for (guint c = 0; c < CSV_N_COLUMNS; c++)
        {
          if (c == CSV_DEBIT || c == CSV_CREDIT || c == CSV_FEE || c == CSV_BALANCE)
            continue;
          if (cells[c][0] != '\0' && strchr ("=+-@\t\r", cells[c][0]) != NULL)
            g_error ("cell %s of row %u starts a formula", cells[c], i);
        }
    }
}

static void
test_csv_bom (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *with_bom = export_file (fixture, PD_EXPORT_FORMAT_CSV,
                                           PD_EXPORT_FLAGS_CSV_BOM, fixture->zenga,
                                           fixture->june, fixture->july, "bom.csv");
  g_autofree char *without = export_file (fixture, PD_EXPORT_FORMAT_CSV, PD_EXPORT_FLAGS_NONE,
                                          fixture->zenga, fixture->june, fixture->july,
                                          "plain.csv");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(GPtrArray) rows = read_csv (with_bom, ',', TRUE);
  gsize length_a;
  gsize length_b;

  g_assert_cmpuint (rows->len - 1, ==, 7);

  /* The same bytes after the mark. */
  a = read_file (with_bom, &length_a);
  b = read_file (without, &length_b);
  g_assert_cmpuint (length_a, ==, length_b + 3);
  g_assert_cmpmem (a + 3, length_a - 3, b, length_b);
}

static void
test_csv_semicolon (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = export_file (fixture, PD_EXPORT_FORMAT_CSV,
                                       PD_EXPORT_FLAGS_CSV_SEMICOLON, 0, fixture->june,
                                       fixture->july, "semi.csv");
  g_autoptr(GPtrArray) rows = read_csv (path, ';', FALSE);
  GStrv row;

  g_assert_cmpuint (rows->len - 1, ==, 17);

  row = find_row (rows, "ch_1");
  g_assert_cmpstr (row[CSV_ACCOUNT], ==, FAYA_LABEL);
  g_assert_cmpstr (row[CSV_DESCRIPTION], ==, DESCRIPTION_QUOTES);
  g_assert_cmpstr (row[CSV_CREDIT], ==, "742,00");
  g_assert_cmpstr (row[CSV_FEE], ==, "14,84");
  g_assert_cmpstr (row[CSV_BALANCE], ==, "1017,16");

  /* A semicolon in the text is quoted in this variant. */
  row = find_row (rows, "ch_2");
  g_assert_cmpstr (row[CSV_DESCRIPTION], ==, DESCRIPTION_LINES);

  row = find_row (rows, "e2");
  g_assert_cmpstr (row[CSV_FEE], ==, "2152,2");
  g_assert_cmpstr (row[CSV_BALANCE], ==, "1502330");
}

/* Amounts of another zone: the offset follows daylight saving time. */
static void
test_csv_time_zones (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_transaction_free);
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 sydney = add_account (fixture->store, "eoneopay", "Sydney Cards", "Australia/Sydney");
  GStrv row;

  g_ptr_array_add (page, transaction ("p_jan", PD_TRANSACTION_KIND_PAYMENT,
                                      PD_TRANSACTION_STATE_SUCCEEDED,
                                      "2026-01-14T23:30:00Z", "10.00", NULL, "AUD"));
  g_ptr_array_add (page, transaction ("p_jul", PD_TRANSACTION_KIND_PAYMENT,
                                      PD_TRANSACTION_STATE_SUCCEEDED,
                                      "2026-07-14T23:30:00Z", "20.00", NULL, "AUD"));
  /* The end of daylight saving time: 03:00 AEDT becomes 02:00 AEST. */
  g_ptr_array_add (page, transaction ("p_dst", PD_TRANSACTION_KIND_PAYMENT,
                                      PD_TRANSACTION_STATE_SUCCEEDED,
                                      "2026-04-04T16:10:00Z", "1.00", NULL, "AUD"));
  g_ptr_array_add (page, transaction ("p_dst2", PD_TRANSACTION_KIND_PAYMENT,
                                      PD_TRANSACTION_STATE_SUCCEEDED,
                                      "2026-04-04T15:50:00Z", "1.00", NULL, "AUD"));
  store_transactions (fixture->store, sydney, page);

  path = export_file (fixture, PD_EXPORT_FORMAT_CSV, PD_EXPORT_FLAGS_NONE, sydney, 0, 0,
                      "sydney.csv");
  rows = read_csv (path, ',', FALSE);
  g_assert_cmpuint (rows->len - 1, ==, 4);

  row = find_row (rows, "p_jan");
  g_assert_cmpstr (row[CSV_DATE], ==, "2026-01-15T10:30:00+11:00");
  g_assert_cmpstr (row[CSV_DATE_UTC], ==, "2026-01-14T23:30:00Z");
  row = find_row (rows, "p_jul");
  g_assert_cmpstr (row[CSV_DATE], ==, "2026-07-15T09:30:00+10:00");
  row = find_row (rows, "p_dst2");
  g_assert_cmpstr (row[CSV_DATE], ==, "2026-04-05T02:50:00+11:00");
  row = find_row (rows, "p_dst");
  g_assert_cmpstr (row[CSV_DATE], ==, "2026-04-05T02:10:00+10:00");
  g_assert_cmpstr (row[CSV_BALANCE], ==, "12.00");
}

/* PDF */

static char *
run_tool (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *program = g_find_program_in_path (argv[0]);
  char *out = NULL;
  int status = 0;

  if (program == NULL)
    g_error ("%s is not installed (build-aux/deps.sh installs it)", argv[0]);

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s", argv[0], error->message, err);

  return out;
}

/* pdftotext wraps right-to-left runs in embedding marks and may split a
 * word where shaped glyphs join; compare without either. */
static char *
strip_spacing (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && !(c >= 0x200e && c <= 0x200f) &&
          !(c >= 0x202a && c <= 0x202e) && !(c >= 0x2066 && c <= 0x2069))
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
contains_ignoring_spacing (const char *text,
                           const char *needle)
{
  g_autofree char *stripped_text = strip_spacing (text);
  g_autofree char *stripped_needle = strip_spacing (needle);

  return strstr (stripped_text, stripped_needle) != NULL;
}

static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-layout", "-enc", "UTF-8", path, "-", NULL };

  return run_tool (argv);
}

static guint
pdf_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = run_tool (argv);
  const char *pages = strstr (info, "Pages:");

  g_assert_nonnull (pages);

  return (guint)g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10);
}

/* The text of a name can be in the file while its glyphs are boxes; the
 * Ethiopic name needs a font that has them (fonts-noto-core), and every
 * font must travel with the file. */
static void
check_fonts (const char *path)
{
  const char *argv[] = { "pdffonts", path, NULL };
  g_autofree char *fonts = run_tool (argv);
  g_auto(GStrv) lines = g_strsplit (fonts, "\n", -1);
  gboolean ethiopic = FALSE;
  guint n = 0;

  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (lines[i], " ", -1);
      guint n_fields = 0;
      gboolean embedded = FALSE;

      if (lines[i][0] == '\0')
        continue;
      for (guint f = 0; fields[f] != NULL; f++)
        {
          if (fields[f][0] == '\0')
            continue;
          /* name, type (one or two words), encoding, emb, sub, uni, … */
          if (n_fields > 0 && (strcmp (fields[f], "yes") == 0 || strcmp (fields[f], "no") == 0) &&
              !embedded)
            {
              g_assert_cmpstr (fields[f], ==, "yes");
              embedded = TRUE;
            }
          n_fields++;
        }
      g_assert_true (embedded);
      ethiopic |= strstr (lines[i], "Ethiopic") != NULL;
      n++;
    }

  g_assert_cmpuint (n, >=, 2);
  g_assert_true (ethiopic);
}

/* Renders every page to PNG, as a printer would, and counts them. */
static guint
pdf_render (const char *path,
            const char *dir)
{
  g_autofree char *prefix = g_build_filename (dir, "page", NULL);
  const char *argv[] = { "pdftoppm", "-r", "24", "-png", path, prefix, NULL };
  g_autofree char *out = run_tool (argv);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_str_has_prefix (name, "page") || !g_str_has_suffix (name, ".png"))
        continue;
      contents = read_file (file, &length);
      g_assert_cmpuint (length, >, 100);
      g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
      n++;
    }

  return n;
}

static void
test_pdf_render (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = export_file (fixture, PD_EXPORT_FORMAT_PDF, PD_EXPORT_FLAGS_NONE, 0,
                                       fixture->june, fixture->july, "june.pdf");
  g_autofree char *render_dir = g_build_filename (fixture->dir, "render", NULL);
  g_autofree char *text = pdf_text (path);
  g_autofree char *expected_page = NULL;
  guint pages = pdf_pages (path);

  g_assert_cmpint (g_mkdir (render_dir, 0700), ==, 0);
  g_assert_cmpuint (pages, >=, 1);
  g_assert_cmpuint (pdf_render (path, render_dir), ==, pages);

  expected_page = g_strdup_printf ("Page 1 of %u", pages);
  g_assert_nonnull (strstr (text, expected_page));
  g_assert_nonnull (strstr (text, "Statement"));
  g_assert_nonnull (strstr (text, "Paydesk Test Traders"));
  g_assert_nonnull (strstr (text, "Generated at 2026-07-01"));
  g_assert_nonnull (strstr (text, "2026-06-01 to 2026-06-30"));
  g_assert_nonnull (strstr (text, FAYA_LABEL));
  g_assert_nonnull (strstr (text, "Kampala Shop"));
  g_assert_nonnull (strstr (text, "wallet MTNMM"));
  g_assert_nonnull (strstr (text, "Opening balance: GHS 290.00"));

  /* Non-Latin names render as text. */
  g_assert_nonnull (strstr (text, NAME_LATIN));
  g_assert_nonnull (strstr (text, "Müller"));
  g_assert_nonnull (strstr (text, NAME_ETHIOPIC));
  g_assert_true (contains_ignoring_spacing (text, NAME_ARABIC));
  check_fonts (path);

  /* Breaks are flagged and explained, and unposted entries counted. */
  g_assert_nonnull (strstr (text, "does not chain"));
  g_assert_nonnull (strstr (text, "pending or failed entries"));
}

static gint64
add_long_account (Fixture *fixture,
                  guint    n)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_transaction_free);
  gint64 account = add_account (fixture->store, "eoneopay", "Long Street Café",
                                "Australia/Sydney");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("pay_%03u", i);
      g_autofree char *when = g_strdup_printf ("2026-06-%02uT%02u:00:00Z", 1 + i % 28, i % 24);
      PdTransaction *tx = transaction (id, PD_TRANSACTION_KIND_PAYMENT,
                                       PD_TRANSACTION_STATE_SUCCEEDED, when, "12.34", "0.25",
                                       "AUD");

      tx->customer_name = g_strdup (i % 3 == 0 ? NAME_ARABIC : i % 3 == 1 ? NAME_ETHIOPIC
                                                                           : NAME_LATIN);
      if (i % 10 == 0)
        tx->description = g_strnfill (600, 'w');
      else
        tx->description = g_strdup_printf ("Order %u: coffee, cake and a very long note that "
                                           "wraps onto a second line of the details column", i);
      g_ptr_array_add (page, tx);
    }
  store_transactions (fixture->store, account, page);

  return account;
}

static void
test_pdf_pages (Fixture       *fixture,
                gconstpointer  data)
{
  gint64 account = add_long_account (fixture, 150);
  g_autofree char *path = export_file (fixture, PD_EXPORT_FORMAT_PDF, PD_EXPORT_FLAGS_NONE,
                                       account, fixture->june, fixture->july, "long.pdf");
  g_autofree char *text = pdf_text (path);
  g_auto(GStrv) page_texts = NULL;
  guint pages = pdf_pages (path);

  g_assert_cmpuint (pages, >=, 3);

  /* pdftotext ends each page with a form feed. */
  page_texts = g_strsplit (text, "\f", -1);
  g_assert_cmpuint (g_strv_length (page_texts), >=, pages);
  for (guint i = 0; i < pages; i++)
    {
      g_autofree char *label = g_strdup_printf ("Page %u of %u", i + 1, pages);
      const char *page_text = page_texts[i];

      g_assert_nonnull (strstr (page_text, label));
      g_assert_nonnull (strstr (page_text, "Generated at"));
      /* The table's header row on every page. */
      g_assert_nonnull (strstr (page_text, "Balance"));
      g_assert_nonnull (strstr (page_text, "Details"));
      if (i > 0)
        g_assert_nonnull (strstr (page_text, "(continued)"));
    }

  /* Every row is there, and the totals close the statement. */
  for (guint i = 0; i < 150; i += 7)
    {
      g_autofree char *reference = g_strdup_printf ("ref-pay_%03u", i);

      g_assert_nonnull (strstr (text, reference));
    }
  g_assert_nonnull (strstr (page_texts[pages - 1], "Closing balance"));
  g_assert_nonnull (strstr (text, "1,813.50"));
}

/* OFX */

typedef struct
{
  char *trntype;
  char *trnamt;
  char *fitid;
  char *name;
  char *memo;
} OfxTrn;

typedef struct
{
  char      *currency;
  char      *bankid;
  char      *acctid;
  char      *balance;
  GPtrArray *transactions;
} OfxStmt;

typedef struct
{
  GPtrArray *statements;
  GString   *text;
  GPtrArray *path;
  gboolean   saw_header;
} OfxParse;

static void
ofx_trn_free (OfxTrn *trn)
{
  g_free (trn->trntype);
  g_free (trn->trnamt);
  g_free (trn->fitid);
  g_free (trn->name);
  g_free (trn->memo);
  g_free (trn);
}

static void
ofx_stmt_free (OfxStmt *stmt)
{
  g_free (stmt->currency);
  g_free (stmt->bankid);
  g_free (stmt->acctid);
  g_free (stmt->balance);
  g_ptr_array_unref (stmt->transactions);
  g_free (stmt);
}

static void
ofx_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  OfxParse *parse = user_data;

  g_assert_null (names[0]);
  g_ptr_array_add (parse->path, g_strdup (element));
  g_string_truncate (parse->text, 0);

  if (strcmp (element, "STMTRS") == 0)
    {
      OfxStmt *stmt = g_new0 (OfxStmt, 1);

      stmt->transactions = g_ptr_array_new_with_free_func ((GDestroyNotify)ofx_trn_free);
      g_ptr_array_add (parse->statements, stmt);
    }
  else if (strcmp (element, "STMTTRN") == 0)
    {
      OfxStmt *stmt = g_ptr_array_index (parse->statements, parse->statements->len - 1);

      g_ptr_array_add (stmt->transactions, g_new0 (OfxTrn, 1));
    }
}

static void
ofx_end (GMarkupParseContext  *context,
         const char           *element,
         gpointer              user_data,
         GError              **error)
{
  OfxParse *parse = user_data;
  const char *parent = parse->path->len >= 2
                       ? g_ptr_array_index (parse->path, parse->path->len - 2) : "";
  OfxStmt *stmt = parse->statements->len > 0
                  ? g_ptr_array_index (parse->statements, parse->statements->len - 1) : NULL;
  OfxTrn *trn = stmt != NULL && stmt->transactions->len > 0
                ? g_ptr_array_index (stmt->transactions, stmt->transactions->len - 1) : NULL;
  char *text = g_strdup (parse->text->str);

  if (strcmp (parent, "STMTTRN") == 0)
    {
      char **slot = strcmp (element, "TRNTYPE") == 0 ? &trn->trntype
                    : strcmp (element, "TRNAMT") == 0 ? &trn->trnamt
                    : strcmp (element, "FITID") == 0 ? &trn->fitid
                    : strcmp (element, "NAME") == 0 ? &trn->name
                    : strcmp (element, "MEMO") == 0 ? &trn->memo : NULL;

      if (slot != NULL)
        {
          g_free (*slot);
          *slot = g_steal_pointer (&text);
        }
    }
  else if (strcmp (parent, "STMTRS") == 0 && strcmp (element, "CURDEF") == 0)
    stmt->currency = g_steal_pointer (&text);
  else if (strcmp (parent, "BANKACCTFROM") == 0 && strcmp (element, "BANKID") == 0)
    stmt->bankid = g_steal_pointer (&text);
  else if (strcmp (parent, "BANKACCTFROM") == 0 && strcmp (element, "ACCTID") == 0)
    stmt->acctid = g_steal_pointer (&text);
  else if (strcmp (parent, "LEDGERBAL") == 0 && strcmp (element, "BALAMT") == 0)
    stmt->balance = g_steal_pointer (&text);

  g_free (text);
  g_ptr_array_remove_index (parse->path, parse->path->len - 1);
  g_string_truncate (parse->text, 0);
}

static void
ofx_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 length,
          gpointer              user_data,
          GError              **error)
{
  OfxParse *parse = user_data;

  g_string_append_len (parse->text, text, length);
}

static void
ofx_passthrough (GMarkupParseContext  *context,
                 const char           *text,
                 gsize                 length,
                 gpointer              user_data,
                 GError              **error)
{
  OfxParse *parse = user_data;

  if (g_str_has_prefix (text, "<?OFX ") && g_strstr_len (text, length, "VERSION=\"211\"") != NULL)
    parse->saw_header = TRUE;
}

/* Parses with GMarkup (well-formed XML, the elements where OFX puts them)
 * and returns the statements. */
static GPtrArray *
parse_ofx (const char *path)
{
  static const GMarkupParser parser = { ofx_start, ofx_end, ofx_text, ofx_passthrough, NULL };
  g_autoptr(GPtrArray) statements = g_ptr_array_new_with_free_func ((GDestroyNotify)ofx_stmt_free);
  g_autoptr(GPtrArray) element_path = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  OfxParse parse = { statements, text, element_path, FALSE };
  gsize length;

  contents = read_file (path, &length);
  g_assert_true (g_str_has_prefix (contents, "<?xml version=\"1.0\" encoding=\"UTF-8\""));

  context = g_markup_parse_context_new (&parser, 0, &parse, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, length, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_assert_true (parse.saw_header);

  for (guint i = 0; i < statements->len; i++)
    {
      OfxStmt *stmt = g_ptr_array_index (statements, i);

      g_assert_nonnull (stmt->currency);
      g_assert_nonnull (stmt->bankid);
      g_assert_nonnull (stmt->acctid);
      g_assert_nonnull (stmt->balance);
      g_assert_cmpuint (strlen (stmt->acctid), <=, 22);
      for (guint t = 0; t < stmt->transactions->len; t++)
        {
          OfxTrn *trn = g_ptr_array_index (stmt->transactions, t);

          g_assert_nonnull (trn->trntype);
          g_assert_nonnull (trn->trnamt);
          g_assert_nonnull (trn->fitid);
          g_assert_nonnull (trn->name);
          g_assert_cmpuint (g_utf8_strlen (trn->name, -1), <=, 32);
          g_assert_cmpuint (strlen (trn->fitid), <=, 255);
        }
    }

  return g_steal_pointer (&statements);
}

static OfxStmt *
find_ofx_statement (GPtrArray  *statements,
                    const char *bankid,
                    const char *currency)
{
  for (guint i = 0; i < statements->len; i++)
    {
      OfxStmt *stmt = g_ptr_array_index (statements, i);

      if (strcmp (stmt->bankid, bankid) == 0 && strcmp (stmt->currency, currency) == 0)
        return stmt;
    }

  g_error ("no OFX statement %s %s", bankid, currency);
  return NULL;
}

static GHashTable *
fitids (GPtrArray *statements)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < statements->len; i++)
    {
      OfxStmt *stmt = g_ptr_array_index (statements, i);

      for (guint t = 0; t < stmt->transactions->len; t++)
        {
          OfxTrn *trn = g_ptr_array_index (stmt->transactions, t);

          /* Unique: an importer skips a repeated FITID. */
          g_assert_false (g_hash_table_contains (set, trn->fitid));
          g_hash_table_insert (set, g_strdup (trn->fitid), g_strdup (trn->trnamt));
        }
    }

  return set;
}

/* What libofx (GnuCash's and HomeBank's importer) reads from the file. */
static void
check_with_libofx (const char *path,
                   GHashTable *expected_fitids)
{
  const char *argv[] = { "ofxdump", path, NULL };
  g_autofree char *out = run_tool (argv);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  const char *marker = "Financial institution's ID for this transaction: ";
  guint n_transactions = 0;
  guint n_statements = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *found = strstr (lines[i], marker);

      if (g_str_has_prefix (lines[i], "ofx_proc_statement"))
        n_statements++;
      if (found != NULL)
        {
          g_assert_true (g_hash_table_contains (expected_fitids, found + strlen (marker)));
          n_transactions++;
        }
    }

  g_assert_cmpuint (n_transactions, ==, g_hash_table_size (expected_fitids));
  g_assert_cmpuint (n_statements, >=, 1);
}

static void
test_ofx_structure (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = export_file (fixture, PD_EXPORT_FORMAT_OFX, PD_EXPORT_FLAGS_NONE, 0,
                                       fixture->june, fixture->july, "june.ofx");
  g_autoptr(GPtrArray) statements = parse_ofx (path);
  g_autoptr(GHashTable) ids = fitids (statements);
  OfxStmt *ghs;
  OfxStmt *ugx;
  OfxStmt *kes;
  gboolean seen_fee = FALSE;

  /* One statement per account and currency: GHS and USD at FayaPay, UGX
   * (both wallets) at ZengaPay, KES at PawaCard. */
  g_assert_cmpuint (statements->len, ==, 4);
  ghs = find_ofx_statement (statements, "fayapay", "GHS");
  find_ofx_statement (statements, "fayapay", "USD");
  ugx = find_ofx_statement (statements, "zengapay", "UGX");
  kes = find_ofx_statement (statements, "pawacard", "KES");
  g_assert_true (g_str_has_suffix (ghs->acctid, "-GHS"));
  g_assert_cmpstr (ghs->balance, ==, "739.25");
  g_assert_cmpstr (ugx->balance, ==, "6547810");
  g_assert_cmpstr (kes->balance, ==, "-1200.00");

  /* 7 lines, 3 of them with a fee of their own. */
  g_assert_cmpuint (ghs->transactions->len, ==, 10);
  g_assert_cmpuint (ugx->transactions->len, ==, 7);
  g_assert_cmpuint (g_hash_table_size (ids), ==, 10 + 2 + 7 + 2);

  for (guint t = 0; t < ghs->transactions->len; t++)
    {
      OfxTrn *trn = g_ptr_array_index (ghs->transactions, t);

      if (g_str_has_suffix (trn->fitid, ":charge:ch_1"))
        {
          g_assert_cmpstr (trn->trntype, ==, "CREDIT");
          g_assert_cmpstr (trn->trnamt, ==, "742.00");
          g_assert_cmpstr (trn->name, ==, NAME_ARABIC);
          g_assert_true (g_str_has_prefix (trn->memo, DESCRIPTION_QUOTES));
        }
      else if (g_str_has_suffix (trn->fitid, ":charge:ch_1:fee"))
        {
          g_assert_cmpstr (trn->trntype, ==, "FEE");
          g_assert_cmpstr (trn->trnamt, ==, "-14.84");
          seen_fee = TRUE;
        }
      else if (g_str_has_suffix (trn->fitid, ":charge:ch_2"))
        {
          /* Line breaks do not survive in one OFX field. */
          g_assert_cmpstr (trn->name, ==, NAME_ETHIOPIC);
          g_assert_true (g_str_has_prefix (trn->memo, "Line one Line two"));
        }
      else if (g_str_has_suffix (trn->fitid, ":payout:po_1"))
        {
          g_assert_cmpstr (trn->trntype, ==, "DEBIT");
          g_assert_cmpstr (trn->trnamt, ==, "-300.00");
        }
      g_assert_true (g_str_has_prefix (trn->fitid, "fayapay:"));
    }
  g_assert_true (seen_fee);

  for (guint t = 0; t < ugx->transactions->len; t++)
    {
      OfxTrn *trn = g_ptr_array_index (ugx->transactions, t);

      if (g_str_has_suffix (trn->fitid, ":e2"))
        {
          g_assert_cmpstr (trn->trntype, ==, "FEE");
          g_assert_cmpstr (trn->trnamt, ==, "-2152.2");
          g_assert_nonnull (strstr (trn->memo, "does not chain"));
        }
    }

  check_with_libofx (path, ids);
}

static void
test_ofx_overlap (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *first = export_file (fixture, PD_EXPORT_FORMAT_OFX, PD_EXPORT_FLAGS_NONE,
                                        fixture->faya, fixture->june,
                                        at ("2026-06-11T00:00:00Z"), "first.ofx");
  g_autofree char *second = export_file (fixture, PD_EXPORT_FORMAT_OFX, PD_EXPORT_FLAGS_NONE,
                                         fixture->faya, at ("2026-06-06T00:00:00Z"),
                                         fixture->july, "second.ofx");
  g_autofree char *whole = export_file (fixture, PD_EXPORT_FORMAT_OFX, PD_EXPORT_FLAGS_NONE,
                                        fixture->faya, fixture->june, fixture->july,
                                        "whole.ofx");
  g_autoptr(GPtrArray) first_statements = parse_ofx (first);
  g_autoptr(GPtrArray) second_statements = parse_ofx (second);
  g_autoptr(GPtrArray) whole_statements = parse_ofx (whole);
  g_autoptr(GHashTable) first_ids = fitids (first_statements);
  g_autoptr(GHashTable) second_ids = fitids (second_statements);
  g_autoptr(GHashTable) whole_ids = fitids (whole_statements);
  g_autoptr(GHashTable) imported = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;
  gpointer value;
  guint shared = 0;

  /* The refund and the disbursement with its fee are in both files, with
   * the same ids and amounts. */
  g_hash_table_iter_init (&iter, first_ids);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *other = g_hash_table_lookup (second_ids, key);

      if (other != NULL)
        {
          g_assert_cmpstr (other, ==, value);
          shared++;
        }
    }
  g_assert_cmpuint (shared, ==, 3);

  /* Importing both is importing the month once. */
  g_hash_table_iter_init (&iter, first_ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (imported, key);
  g_hash_table_iter_init (&iter, second_ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (imported, key);
  g_assert_cmpuint (g_hash_table_size (imported), ==, g_hash_table_size (whole_ids));
  g_hash_table_iter_init (&iter, whole_ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_true (g_hash_table_contains (imported, key));
}

/* The three formats agree */

typedef struct
{
  PdMoney credits;
  PdMoney debits;
  PdMoney fees;
  PdMoney closing;
} Totals;

static void
totals_init (Totals     *totals,
             const char *currency)
{
  pd_money_init (&totals->credits, 0, 0, currency);
  pd_money_init (&totals->debits, 0, 0, currency);
  pd_money_init (&totals->fees, 0, 0, currency);
  pd_money_init (&totals->closing, 0, 0, currency);
}

static void
add_text (PdMoney    *total,
          const char *text)
{
  g_autoptr(GError) error = NULL;
  PdMoney value;

  if (text == NULL || text[0] == '\0')
    return;
  g_assert_true (pd_money_parse (text, total->currency, &value, &error));
  g_assert_no_error (error);
  g_assert_true (pd_money_add (total, &value, total, &error));
  g_assert_no_error (error);
}

static void
assert_totals (const Totals *totals,
               const char   *credits,
               const char   *debits,
               const char   *fees,
               const char   *closing)
{
  const char *currency = totals->credits.currency;

  assert_money (&totals->credits, credits, currency);
  assert_money (&totals->debits, debits, currency);
  assert_money (&totals->fees, fees, currency);
  assert_money (&totals->closing, closing, currency);
}

/* CSV: the columns added up; the closing balance is each wallet's last
 * balance, added up. */
static Totals
csv_totals (const char *path,
            const char *currency)
{
  g_autoptr(GPtrArray) rows = read_csv (path, ',', FALSE);
  g_autoptr(GHashTable) last = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer value;
  Totals totals;

  totals_init (&totals, currency);
  for (guint i = 1; i < rows->len; i++)
    {
      GStrv row = g_ptr_array_index (rows, i);

      if (strcmp (row[CSV_CURRENCY], currency) != 0)
        continue;
      add_text (&totals.credits, row[CSV_CREDIT]);
      add_text (&totals.debits, row[CSV_DEBIT]);
      add_text (&totals.fees, row[CSV_FEE]);
      g_hash_table_insert (last, row[CSV_WALLET], row[CSV_BALANCE]);
    }

  g_hash_table_iter_init (&iter, last);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    add_text (&totals.closing, value);

  return totals;
}

/* OFX: TRNAMT by type (money out is negative), LEDGERBAL. */
static Totals
ofx_totals (const char *path,
            const char *bankid,
            const char *currency)
{
  g_autoptr(GPtrArray) statements = parse_ofx (path);
  OfxStmt *stmt = find_ofx_statement (statements, bankid, currency);
  Totals totals;

  totals_init (&totals, currency);
  for (guint t = 0; t < stmt->transactions->len; t++)
    {
      OfxTrn *trn = g_ptr_array_index (stmt->transactions, t);
      const char *amount = trn->trnamt;

      if (strcmp (trn->trntype, "CREDIT") == 0)
        add_text (&totals.credits, amount);
      else
        {
          g_assert_true (amount[0] == '-');
          add_text (strcmp (trn->trntype, "FEE") == 0 ? &totals.fees : &totals.debits, amount + 1);
        }
    }
  add_text (&totals.closing, stmt->balance);

  return totals;
}

/* PDF: the totals lines as pdftotext reads them ("Credits   GHS 917.50"),
 * grouping removed; several sections of a currency are added up. */
static Totals
pdf_totals (const char *path,
            const char *currency)
{
  g_autofree char *text = pdf_text (path);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  const char *labels[] = { "Credits", "Debits", "Fees", "Closing balance" };
  Totals totals;
  PdMoney *slots[] = { &totals.credits, &totals.debits, &totals.fees, &totals.closing };
  guint found = 0;

  totals_init (&totals, currency);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));

      for (guint l = 0; l < G_N_ELEMENTS (labels); l++)
        {
          g_autofree char *prefix = g_strdup_printf ("%s ", labels[l]);
          g_autofree char *code = g_strdup_printf (" %s ", currency);
          const char *amount = strstr (line, code);
          g_autoptr(GString) digits = NULL;

          if (!g_str_has_prefix (line, prefix) || amount == NULL)
            continue;
          digits = g_string_new (NULL);
          for (const char *p = amount + strlen (code); *p != '\0' && *p != ' '; p++)
            {
              if (*p != ',')
                g_string_append_c (digits, *p);
            }
          add_text (slots[l], digits->str);
          found++;
        }
    }
  g_assert_cmpuint (found, >=, 4);

  return totals;
}

static void
test_formats_agree (Fixture       *fixture,
                    gconstpointer  data)
{
  struct
  {
    gint64     *account;
    const char *bankid;
    const char *currency;
    const char *from;
    const char *to;
    const char *credits;
    const char *debits;
    const char *fees;
    const char *closing;
  } cases[] = {
    { &fixture->faya, "fayapay", "GHS", "2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z",
      "917.50", "450.00", "18.25", "739.25" },
    { &fixture->zenga, "zengapay", "UGX", "2026-06-01T00:00:00+03:00",
      "2026-07-01T00:00:00+03:00", "369210", "5000", "7384.2", "6547810" },
    { &fixture->pawa, "pawacard", "KES", "2026-06-01T00:00:00+03:00",
      "2026-07-01T00:00:00+03:00", "0", "1200", "0", "-1200" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 from = at (cases[i].from);
      gint64 to = at (cases[i].to);
      g_autofree char *csv = export_file (fixture, PD_EXPORT_FORMAT_CSV, PD_EXPORT_FLAGS_NONE,
                                          *cases[i].account, from, to, "agree.csv");
      g_autofree char *pdf = export_file (fixture, PD_EXPORT_FORMAT_PDF, PD_EXPORT_FLAGS_NONE,
                                          *cases[i].account, from, to, "agree.pdf");
      g_autofree char *ofx = export_file (fixture, PD_EXPORT_FORMAT_OFX, PD_EXPORT_FLAGS_NONE,
                                          *cases[i].account, from, to, "agree.ofx");
      Totals from_csv = csv_totals (csv, cases[i].currency);
      Totals from_pdf = pdf_totals (pdf, cases[i].currency);
      Totals from_ofx = ofx_totals (ofx, cases[i].bankid, cases[i].currency);

      assert_totals (&from_csv, cases[i].credits, cases[i].debits, cases[i].fees,
                     cases[i].closing);
      assert_totals (&from_pdf, cases[i].credits, cases[i].debits, cases[i].fees,
                     cases[i].closing);
      assert_totals (&from_ofx, cases[i].credits, cases[i].debits, cases[i].fees,
                     cases[i].closing);
    }
}

/* Files and threads */

typedef struct
{
  GMainLoop *loop;
  GError    *error;
  gboolean   ok;
  GThread   *thread;
} AsyncResult;

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncResult *async = user_data;

  async->thread = g_thread_self ();
  async->ok = pd_export_to_path_finish (PD_STORE (source), result, &async->error);
  g_main_loop_quit (async->loop);
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(PdExportOptions) options = pd_export_options_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *sync_path = NULL;
  g_autofree char *async_path = g_build_filename (fixture->dir, "async.pdf", NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  AsyncResult async = { loop, NULL, FALSE, NULL };
  gsize length_a;
  gsize length_b;

  /* The same options export_file() uses, so the same bytes. */
  sync_path = export_file (fixture, PD_EXPORT_FORMAT_PDF, PD_EXPORT_FLAGS_NONE, 0,
                           fixture->june, fixture->july, "sync.pdf");
  options->format = PD_EXPORT_FORMAT_PDF;
  options->from = fixture->june;
  options->to = fixture->july;
  options->merchant_name = g_strdup ("Paydesk Test Traders — " NAME_LATIN);
  options->generated_at = GENERATED_AT;

  pd_export_to_path_async (fixture->store, options, async_path, NULL, on_exported, &async);
  g_main_loop_run (loop);
  g_assert_no_error (async.error);
  g_assert_true (async.ok);
  g_assert_true (async.thread == g_thread_self ());

  a = read_file (sync_path, &length_a);
  b = read_file (async_path, &length_b);
  g_assert_cmpmem (a, length_a, b, length_b);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(PdExportOptions) options = pd_export_options_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = g_build_filename (fixture->dir, "cancelled.csv", NULL);
  g_autoptr(GDir) dir = NULL;
  AsyncResult async = { loop, NULL, FALSE, NULL };
  const char *name;

  g_cancellable_cancel (cancellable);
  pd_export_to_path_async (fixture->store, options, path, cancellable, on_exported, &async);
  g_main_loop_run (loop);
  g_assert_false (async.ok);
  g_assert_error (async.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&async.error);

  /* Nothing is left behind, not even the temporary file. */
  dir = g_dir_open (fixture->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (g_str_has_prefix (name, "cancelled"));
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(PdExportOptions) options = pd_export_options_new ();
  g_autofree char *missing = g_build_filename (fixture->dir, "no-such-dir", "x.csv", NULL);
  g_autoptr(GError) error = NULL;
  PdExportFormat format;

  g_assert_false (pd_export_to_path (fixture->store, options, missing, NULL, &error));
  g_assert_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_IO);
  g_clear_error (&error);

  options->account_id = 4242;
  g_assert_false (pd_export_to_path (fixture->store, options, missing, NULL, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  options->account_id = 0;
  options->format = (PdExportFormat)17;
  g_assert_false (pd_export_to_path (fixture->store, options, missing, NULL, &error));
  g_assert_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID);

  g_assert_true (pd_export_format_from_string ("OFX", &format));
  g_assert_cmpint (format, ==, PD_EXPORT_FORMAT_OFX);
  g_assert_false (pd_export_format_from_string ("xls", &format));
  g_assert_cmpstr (pd_export_format_get_extension (PD_EXPORT_FORMAT_PDF), ==, "pdf");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ((path), Fixture, NULL, fixture_setup, (func), fixture_teardown)

  ADD ("/export/statement/provider", test_statement_provider);
  ADD ("/export/statement/derived", test_statement_derived);
  ADD ("/export/statement/errors", test_statement_errors);
  g_test_add_func ("/export/statement/split-wallet", test_split_wallet);
  ADD ("/export/csv/round-trip", test_csv_round_trip);
  ADD ("/export/csv/formula", test_csv_formula);
  ADD ("/export/csv/bom", test_csv_bom);
  ADD ("/export/csv/semicolon", test_csv_semicolon);
  ADD ("/export/csv/time-zones", test_csv_time_zones);
  ADD ("/export/pdf/render", test_pdf_render);
  ADD ("/export/pdf/pages", test_pdf_pages);
  ADD ("/export/ofx/structure", test_ofx_structure);
  ADD ("/export/ofx/overlap", test_ofx_overlap);
  ADD ("/export/agree", test_formats_agree);
  ADD ("/export/async", test_async);
  ADD ("/export/cancel", test_cancel);
  ADD ("/export/errors", test_errors);

#undef ADD

  return g_test_run ();
}

/* test-receipt.c - receipts of electricity tokens, top-ups and bills: text and PDF
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "pd-receipt.h"

/* 2026-06-30 12:00:00 UTC, 15:00 in Nairobi and 14:00 in Khartoum. */
#define SALE_TIME G_GINT64_CONSTANT (1782820800)

/* A PawaCard vend answer as the client keeps it: the document's example,
 * made whole, with the units the sandbox adds. */
static const char pawacard_vend[] =
  "{\"status\":0,\"msg\":\"success\",\"code\":\"elec000\","
  "\"token\":\"66430474307561657038\",\"stdTokenRctNum\":\"RADIXOVS010VS224392\","
  "\"date\":\"30-6-2026 15:0:0\",\"totalAmount\":\"200\",\"transactionId\":252,"
  "\"fixed\":[{\"REPCharge\":\"6486\"},{\"MonthlyFC\":\"12000\"},{\"ERCCharge\":\"593\"},"
  "{\"TotalTax\":\"1440\"},{\"FuelIndexCharge\":\"92770\"},{\"ForexCharge\":\"31055\"},"
  "{\"InflationAdjustment\":\"5934\"}],\"units\":\"3.97\","
  "\"ref\":\"370474587102\",\"customerName\":\"Bilbo Baggins\"}";

static const char pawacard_bill[] =
  "{\"status\":0,\"msg\":\"success\",\"transaction\":{\"status\":1,"
  "\"rctNum\":\"151172056109030422\",\"vendor\":\"testvendor\",\"accountNo\":\"0203755-01\","
  "\"amount\":\"1000\",\"date\":\"30-6-2026 15:0:0\",\"transactionId\":3,"
  "\"ref\":\"015117215614\",\"customerName\":\"Bilbo Baggins\"}}";

static const char enayapay_electricity[] =
  "{\"acq_tran_fee\":0,\"dynamic_fees\":0,\"issuer_tran_fee\":0,\"pan\":\"************1111\","
  "\"payment_info\":\"METER=024354364645\",\"response_message\":\"Approved\","
  "\"response_status\":\"Successful\",\"amount\":300,\"tranDateTime\":1782820800000,"
  "\"uuid\":\"rerrwerwerwerwerwerwrweRWrwrwr\",\"response_code\":0,\"account_no\":3423432423,"
  "\"customer_name\":\"bakheet\",\"meter_fees\":1,\"meter_number\":\"024354364645\","
  "\"net_amount\":298,\"operator_message\":\"Credit Purchase\","
  "\"token\":\"47310897576729505616\",\"units_in_kwh\":35,\"water_fees\":1.5}";

static const char enayapay_topup[] =
  "{\"pan\":\"************1111\",\"acq_tran_fee\":0,\"dynamic_fees\":0,\"issuer_tran_fee\":0,"
  "\"payment_info\":\"MPHONE= 2490905450785\",\"response_message\":\"Approved\","
  "\"response_status\":\"Successful\",\"amount\":300,\"tran_date_time\":1782820800000,"
  "\"uuid\":\"rerrwerwerwerwerwerwrweRWrwrwr\",\"response_code\":0}";

static PdMoney
money (gint64      units,
       guint       scale,
       const char *currency)
{
  PdMoney amount;

  pd_money_init (&amount, units, scale, currency);
  return amount;
}

static PdTransaction *
sale (PdTransactionKind  kind,
      const char        *reference,
      const char        *counterparty,
      PdMoney            amount,
      const char        *raw_json)
{
  PdTransaction *transaction = pd_transaction_new ();

  transaction->kind = kind;
  transaction->state = PD_TRANSACTION_STATE_SUCCEEDED;
  transaction->provider_id = g_strdup (reference);
  transaction->reference = g_strdup (reference);
  transaction->counterparty = g_strdup (counterparty);
  transaction->amount = amount;
  transaction->created_at = SALE_TIME;
  transaction->raw_json = g_strdup (raw_json);

  return transaction;
}

static PdAccount *
account (const char *provider,
         const char *label,
         const char *username,
         const char *timezone)
{
  PdAccount *self = pd_account_new ();

  self->provider = g_strdup (provider);
  self->label = g_strdup (label);
  self->username = g_strdup (username);
  self->timezone = g_strdup (timezone);

  return self;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_test_fail_printf ("“%s” is not in:\n%s", part, text);
}

static void
test_token_grouping (void)
{
  const struct
  {
    const char *token;
    const char *grouped;
  } cases[] = {
    { "66430474307561657038", "6643 0474 3075 6165 7038" },
    { "6643-0474-3075-6165-7038", "6643 0474 3075 6165 7038" },
    { " 6643 047430756165 7038 ", "6643 0474 3075 6165 7038" },
    { "1234567", "1234 567" },
    { "1234", "1234" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *grouped = pd_receipt_format_token (cases[i].token);

      g_assert_cmpstr (grouped, ==, cases[i].grouped);
    }
}

static void
test_pawacard_vend (void)
{
  g_autoptr(PdTransaction) vend = sale (PD_TRANSACTION_KIND_VEND, "370474587102", "01451174955",
                                        money (200, 0, "KES"), pawacard_vend);
  g_autoptr(PdAccount) kiosk = account ("pawacard", "Kisumu kiosk", "testvendor", "Africa/Nairobi");
  g_autoptr(PdReceipt) receipt = NULL;
  g_autoptr(PdReceipt) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *date = NULL;
  PdReceiptLine *line;

  receipt = pd_receipt_new_from_transaction (vend, kiosk, &error);
  g_assert_no_error (error);
  g_assert_cmpint (receipt->kind, ==, PD_TRANSACTION_KIND_VEND);
  g_assert_cmpstr (receipt->provider, ==, "PawaCard");
  g_assert_cmpstr (receipt->token, ==, "66430474307561657038");
  g_assert_cmpstr (receipt->number, ==, "01451174955");
  g_assert_cmpstr (receipt->customer_name, ==, "Bilbo Baggins");
  g_assert_cmpstr (receipt->units, ==, "3.97");
  g_assert_cmpstr (receipt->receipt_number, ==, "RADIXOVS010VS224392");
  g_assert_cmpstr (receipt->reference, ==, "370474587102");
  g_assert_true (pd_money_equal (&receipt->amount, &vend->amount));
  g_assert_false (pd_money_is_set (&receipt->fees));

  /* The charges are thousandths of a shilling: 6486 is KES 6.486. */
  g_assert_cmpuint (receipt->charges->len, ==, 7);
  line = g_ptr_array_index (receipt->charges, 0);
  g_assert_cmpstr (line->label, ==, "Rural electrification levy");
  g_assert_true (pd_money_equal (&line->amount, &(PdMoney) { 6486, 3, "KES" }));
  line = g_ptr_array_index (receipt->charges, 4);
  g_assert_cmpstr (line->label, ==, "Fuel cost charge");
  g_assert_true (pd_money_equal (&line->amount, &(PdMoney) { 92770, 3, "KES" }));

  date = pd_receipt_format_date (receipt);
  g_assert_cmpstr (date, ==, "2026-06-30 15:00 EAT");

  text = pd_receipt_to_text (receipt);
  g_assert_true (g_str_has_prefix (text, "PawaCard — Electricity token\n"));
  assert_contains (text, "Token\n6643 0474 3075 6165 7038\n");
  assert_contains (text, "01451174955");
  assert_contains (text, "Bilbo Baggins");
  assert_contains (text, "3.97 kWh");
  assert_contains (text, "KES 200");
  assert_contains (text, "KES 6.486");
  assert_contains (text, "RADIXOVS010VS224392");
  assert_contains (text, "2026-06-30 15:00 EAT");
  assert_contains (text, "Kisumu kiosk (testvendor)");
  g_assert_null (strstr (text, "66430474307561657038"));

  copy = pd_receipt_copy (receipt);
  g_assert_cmpstr (copy->token, ==, receipt->token);
  g_assert_cmpuint (copy->charges->len, ==, 7);
}

static void
test_pawacard_bill (void)
{
  g_autoptr(PdTransaction) bill = sale (PD_TRANSACTION_KIND_BILL, "015117215614", "0203755-01",
                                        money (1000, 0, "KES"), pawacard_bill);
  g_autoptr(PdReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* No account: the provider's home time zone. */
  bill->provider = g_strdup ("pawacard");
  receipt = pd_receipt_new_from_transaction (bill, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (receipt->token);
  g_assert_cmpstr (receipt->number, ==, "0203755-01");
  g_assert_cmpstr (receipt->receipt_number, ==, "151172056109030422");
  g_assert_cmpstr (receipt->timezone, ==, "Africa/Nairobi");

  text = pd_receipt_to_text (receipt);
  g_assert_true (g_str_has_prefix (text, "PawaCard — Bill payment\n"));
  assert_contains (text, "Account");
  assert_contains (text, "151172056109030422");
  g_assert_null (strstr (text, "Token"));
}

static void
test_enayapay_electricity (void)
{
  g_autoptr(PdTransaction) vend = sale (PD_TRANSACTION_KIND_VEND, "rerrwerwerwerwerwerwrweRWrwrwr",
                                        "024354364645", money (300, 0, "SDG"), enayapay_electricity);
  g_autoptr(PdAccount) shop = account ("enayapay", "Omdurman shop", NULL, "Africa/Khartoum");
  g_autoptr(PdReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  PdReceiptLine *line;

  shop->phone = g_strdup ("249912345678");
  receipt = pd_receipt_new_from_transaction (vend, shop, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (receipt->provider, ==, "EnayaPay");
  g_assert_cmpstr (receipt->token, ==, "47310897576729505616");
  g_assert_cmpstr (receipt->units, ==, "35");
  g_assert_cmpstr (receipt->customer_name, ==, "bakheet");
  g_assert_null (receipt->receipt_number);
  g_assert_cmpuint (receipt->charges->len, ==, 2);
  line = g_ptr_array_index (receipt->charges, 1);
  g_assert_cmpstr (line->label, ==, "Water fees");
  g_assert_true (pd_money_equal (&line->amount, &(PdMoney) { 15, 1, "SDG" }));

  text = pd_receipt_to_text (receipt);
  assert_contains (text, "4731 0897 5767 2950 5616");
  assert_contains (text, "024354364645");
  assert_contains (text, "35 kWh");
  assert_contains (text, "SDG 300");
  assert_contains (text, "SDG 1.5");
  assert_contains (text, "2026-06-30 14:00");
  assert_contains (text, "rerrwerwerwerwerwerwrweRWrwrwr");
  assert_contains (text, "Omdurman shop (249912345678)");
}

static void
test_topup (void)
{
  g_autoptr(PdTransaction) topup = sale (PD_TRANSACTION_KIND_TOPUP, "rerrwerwerwerwerwerwrweRWrwrwr",
                                         "0905450785", money (300, 0, "SDG"), enayapay_topup);
  g_autoptr(PdReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  topup->fee = money (5, 0, "SDG");
  receipt = pd_receipt_new_from_transaction (topup, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (receipt->token);
  g_assert_true (pd_money_equal (&receipt->fees, &topup->fee));

  text = pd_receipt_to_text (receipt);
  g_assert_true (g_str_has_prefix (text, "Airtime top-up\n"));
  assert_contains (text, "Phone");
  assert_contains (text, "0905450785");
  assert_contains (text, "Fees");
  assert_contains (text, "2026-06-30 12:00 UTC");
}

static void
test_no_receipt (void)
{
  g_autoptr(PdTransaction) vend = sale (PD_TRANSACTION_KIND_VEND, "r1", "01451174955",
                                        money (200, 0, "KES"), pawacard_vend);
  g_autoptr(PdTransaction) charge = sale (PD_TRANSACTION_KIND_CHARGE, "r2", NULL,
                                          money (200, 0, "KES"), "{}");
  g_autoptr(PdTransaction) tokenless = sale (PD_TRANSACTION_KIND_VEND, "r3", "01451174955",
                                             money (200, 0, "KES"), "{\"status\":0}");
  const PdTransactionState states[] = { PD_TRANSACTION_STATE_PENDING, PD_TRANSACTION_STATE_FAILED };
  g_autoptr(GError) unsupported = NULL;
  g_autoptr(GError) invalid = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdReceipt) receipt = NULL;

      vend->state = states[i];
      receipt = pd_receipt_new_from_transaction (vend, NULL, &error);
      g_assert_null (receipt);
      g_assert_error (error, PD_RECEIPT_ERROR, PD_RECEIPT_ERROR_NOT_COMPLETE);
    }

  g_assert_null (pd_receipt_new_from_transaction (charge, NULL, &unsupported));
  g_assert_error (unsupported, PD_RECEIPT_ERROR, PD_RECEIPT_ERROR_UNSUPPORTED);

  g_assert_null (pd_receipt_new_from_transaction (tokenless, NULL, &invalid));
  g_assert_error (invalid, PD_RECEIPT_ERROR, PD_RECEIPT_ERROR_INVALID);
}

static char *
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  return out;
}

static void
test_pdf (void)
{
  g_autoptr(PdTransaction) vend = sale (PD_TRANSACTION_KIND_VEND, "370474587102", "01451174955",
                                        money (200, 0, "KES"), pawacard_vend);
  g_autoptr(PdAccount) kiosk = account ("pawacard", "Kisumu kiosk", "testvendor", "Africa/Nairobi");
  g_autoptr(PdReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autofree char *bad_path = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");

  if (pdftotext == NULL || pdfinfo == NULL)
    {
      g_test_skip ("pdftotext and pdfinfo (poppler-utils) are not installed");
      return;
    }

  receipt = pd_receipt_new_from_transaction (vend, kiosk, &error);
  g_assert_no_error (error);

  dir = g_dir_make_tmp ("paydesk-receipt-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "receipt.pdf", NULL);
  g_assert_true (pd_receipt_write_pdf (receipt, path, &error));
  g_assert_no_error (error);

  info = run ((const char * const[]) { "pdfinfo", path, NULL });
  if (!g_regex_match_simple ("^Pages: +1$", info, G_REGEX_MULTILINE, 0))
    g_test_fail_printf ("the receipt is not one page:\n%s", info);
  assert_contains (info, "Paydesk");

  text = run ((const char * const[]) { "pdftotext", "-layout", path, "-", NULL });
  assert_contains (text, "6643 0474 3075 6165 7038");
  assert_contains (text, "01451174955");
  assert_contains (text, "RADIXOVS010VS224392");
  assert_contains (text, "3.97 kWh");
  assert_contains (text, "Electricity token");

  /* A file that cannot be written is an error, not a crash. */
  bad_path = g_build_filename (dir, "missing", "receipt.pdf", NULL);
  g_assert_false (pd_receipt_write_pdf (receipt, bad_path, &error));
  g_assert_error (error, PD_RECEIPT_ERROR, PD_RECEIPT_ERROR_WRITE);

  g_unlink (path);
  g_rmdir (dir);
}

/* What a print operation's page gets: something is drawn, in the page. */
static void
test_render (void)
{
  g_autoptr(PdTransaction) topup = sale (PD_TRANSACTION_KIND_TOPUP, "r", "0905450785",
                                         money (300, 0, "SDG"), enayapay_topup);
  g_autoptr(PdReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  const guchar *data;
  guint dark = 0;
  int stride;

  receipt = pd_receipt_new_from_transaction (topup, NULL, &error);
  g_assert_no_error (error);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 298, 420);
  cr = cairo_create (surface);
  pd_receipt_render (receipt, cr, 298, 420);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < 420; y++)
    for (int x = 0; x < 298; x++)
      if (data[y * stride + x * 4] < 128)
        dark++;

  g_assert_cmpuint (dark, >, 200);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/receipt/token-grouping", test_token_grouping);
  g_test_add_func ("/receipt/pawacard-vend", test_pawacard_vend);
  g_test_add_func ("/receipt/pawacard-bill", test_pawacard_bill);
  g_test_add_func ("/receipt/enayapay-electricity", test_enayapay_electricity);
  g_test_add_func ("/receipt/topup", test_topup);
  g_test_add_func ("/receipt/no-receipt", test_no_receipt);
  g_test_add_func ("/receipt/pdf", test_pdf);
  g_test_add_func ("/receipt/render", test_render);

  status = g_test_run ();

  /* The print path draws with Pango's default font map, kept for the
   * life of the thread; it is let go here so that the leak check sees
   * only what Paydesk keeps. (cairo's and fontconfig's caches stay
   * reachable; resetting them races a PDF's own font map being let go.) */
  pango_cairo_font_map_set_default (NULL);

  return status;
}

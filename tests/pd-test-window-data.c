/* pd-test-window-data.c - a store filled with merchants' data, for the window's test and benchmark
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Five accounts, one per provider, with customers, cards, a ZengaPay
 * statement, balances with history and as many transactions as asked for,
 * written through the store's page upserts (500 records a page) as a sync
 * would. Everything is deterministic. One ZengaPay collection is the only
 * row in which the digits of PD_TEST_PHONE_FRAGMENT appear, so that a
 * search for it has exactly one right answer.
 */

#include <string.h>

#include <gtk/gtk.h>

#include "pd-test-window-data.h"

#define PAGE_SIZE     500
#define DAY           (24 * 3600)
#define SPAN_DAYS     540
#define N_CUSTOMERS   240

typedef struct
{
  const char         *provider;
  const char         *label;
  const char         *currency;
  guint               scale;
  const char         *country_code;
  const char * const *first_names;
  const char * const *last_names;
  const char         *id_prefix;
  const char         *email_domain;
} AccountSpec;

static const char * const ghana_first[] = {
  "Kwame", "Ama", "Kofi", "Akosua", "Yaw", "Efua", "Kojo", "Abena", "Kwabena", "Adwoa",
  "Kwesi", "Esi", NULL
};
static const char * const ghana_last[] = {
  "Mensah", "Owusu", "Boateng", "Asante", "Darko", "Nyamekyɛ", "Appiah", "Osei", "Agyeman",
  "Quaye", NULL
};
static const char * const uganda_first[] = {
  "Okello", "Namubiru", "Mugisha", "Achieng", "Ssekandi", "Nansubuga", "Tumusiime", "Kato",
  "Nabirye", "Mukasa", "Atim", "Byaruhanga", NULL
};
static const char * const uganda_last[] = {
  "James", "Grace", "Brian", "Ruth", "Paul", "Joan", "Peter", "Sarah", "Ivan", "Florence", NULL
};
static const char * const australia_first[] = {
  "Olivia", "Jack", "Zoë", "Liam", "Chloe", "Noah", "Mia", "Lachlan", "Charlotte", "Thanh",
  "Isla", "Oliver", NULL
};
static const char * const australia_last[] = {
  "Nguyễn", "Thompson", "Müller", "O'Brien", "Dubois-Lefèvre", "Ødegaard", "Šimić", "Walker",
  "Papadopoulos", "Singh", NULL
};
static const char * const kenya_first[] = {
  "Wanjiru", "Otieno", "Achieng", "Mwangi", "Chebet", "Njeri", "Kiprono", "Akinyi", "Kamau",
  "Wairimu", "Barasa", "Nekesa", NULL
};
static const char * const kenya_last[] = {
  "Kamau", "Ochieng", "Odhiambo", "Njoroge", "Kiprop", "Wambui", "Mutua", "Onyango", "Kariuki",
  "Wekesa", NULL
};
static const char * const sudan_first[] = {
  "محمد", "Fatima", "Omer", "Amna", "Hassan", "سارة", "Khalid", "Hiba", "Yousif", "Mawahib",
  "Tariq", "Nusaiba", NULL
};
static const char * const sudan_last[] = {
  "عثمان", "Elhassan", "Mustafa", "Abdelrahman", "Ibrahim", "أحمد", "Babiker", "Elamin",
  "Osman", "Idris", NULL
};

static const AccountSpec accounts[PD_TEST_N_ACCOUNTS] = {
  { "fayapay", "Accra Market Stall", "GHS", 2, "233", ghana_first, ghana_last, "ch_", "gmail.com" },
  { "zengapay", "Kampala Wholesale", "UGX", 0, "256", uganda_first, uganda_last, "", "yahoo.com" },
  { "eoneopay", "Sydney Online Shop", "AUD", 2, "61", australia_first, australia_last, "pay_", "outlook.com.au" },
  { "pawacard", "Nairobi Power Kiosk", "KES", 0, "254", kenya_first, kenya_last, "", "gmail.com" },
  { "enayapay", "Khartoum Corner Store", "SDG", 2, "249", sudan_first, sudan_last, "", "hotmail.com" },
};

/* The digits of PD_TEST_PHONE_FRAGMENT, which no other row may contain. */
static const char reserved_digits[] = "772918";

static guint
strv_len (const char * const *strv)
{
  return g_strv_length ((char **)strv);
}

/* Breaks any accidental occurrence of the reserved digits in text. */
static void
avoid_reserved (char *text)
{
  char *hit;

  while (text != NULL && (hit = strstr (text, reserved_digits)) != NULL)
    hit[0] = '6';
}

static guint32
mix (guint32 x)
{
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}

static char *
make_phone (const AccountSpec *spec,
            guint32            seed)
{
  char *phone;

  if (g_str_equal (spec->country_code, "61"))
    phone = g_strdup_printf ("+61 4%02u %03u %03u", mix (seed) % 100, mix (seed + 1) % 1000,
                             mix (seed + 2) % 1000);
  else if (g_str_equal (spec->country_code, "256"))
    phone = g_strdup_printf ("+256 7%u%u %03u %03u", (mix (seed) % 2) ? 5u : 0u,
                             mix (seed + 3) % 10, mix (seed + 1) % 1000, mix (seed + 2) % 1000);
  else
    phone = g_strdup_printf ("+%s %u%u %03u %04u", spec->country_code, 2 + mix (seed) % 7,
                             mix (seed + 3) % 10, mix (seed + 1) % 1000, mix (seed + 2) % 10000);
  avoid_reserved (phone);
  return phone;
}

static char *
make_customer_name (const AccountSpec *spec,
                    guint              index)
{
  guint n_first = strv_len (spec->first_names);
  guint n_last = strv_len (spec->last_names);

  return g_strdup_printf ("%s %s", spec->first_names[index % n_first],
                          spec->last_names[(index / n_first + index) % n_last]);
}

static char *
make_email (const AccountSpec *spec,
            const char        *name,
            guint              index)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  g_autoptr(GString) local = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalpha (*p))
        g_string_append_c (local, g_ascii_tolower (*p));
      else if (*p == ' ' && local->len > 0)
        g_string_append_c (local, '.');
    }
  if (local->len < 3 || strchr (local->str, '?') != NULL)
    g_string_assign (local, "customer");
  g_string_append_printf (local, "%u", index % 97);

  return g_strdup_printf ("%s@%s", local->str, spec->email_domain);
}

static char *
make_provider_id (const AccountSpec *spec,
                  const char        *prefix,
                  guint32            seed)
{
  static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  char body[15];
  char *id;

  for (guint i = 0; i < sizeof body - 1; i++)
    body[i] = alphabet[mix (seed * 31 + i) % (sizeof alphabet - 1)];
  body[sizeof body - 1] = '\0';

  if (g_str_equal (spec->provider, "zengapay"))
    id = g_strdup_printf ("%08x-%04x-4%03x-a%03x-%012" G_GINT64_MODIFIER "x", mix (seed),
                          mix (seed + 1) & 0xffff, mix (seed + 2) & 0xfff, mix (seed + 3) & 0xfff,
                          ((gint64)mix (seed + 4) << 16) | (mix (seed + 5) & 0xffff));
  else if (g_str_equal (spec->provider, "pawacard") || g_str_equal (spec->provider, "enayapay"))
    /* Numbered as these providers number them: one after the other. */
    id = g_strdup_printf ("%s%u", prefix, 10000000 + seed);
  else
    id = g_strdup_printf ("%s%s", prefix, body);
  avoid_reserved (id);
  return id;
}

static gboolean
fill_customers (PdStore            *store,
                gint64              account_id,
                const AccountSpec  *spec,
                guint               account_index,
                gint64              now,
                GPtrArray          *names,
                GPtrArray          *phones,
                GPtrArray          *emails,
                GPtrArray          *ids,
                GError            **error)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_customer_free);

  for (guint i = 0; i < N_CUSTOMERS; i++)
    {
      PdCustomer *customer = pd_customer_new ();
      guint32 seed = account_index * 100003 + i;

      customer->provider_id = g_str_equal (spec->provider, "zengapay")
        ? g_strdup_printf ("%u", 4100 + i)
        : make_provider_id (spec, "cus_", seed + 7777);
      customer->name = make_customer_name (spec, i);
      customer->email = make_email (spec, customer->name, i);
      customer->phone = make_phone (spec, seed);
      customer->created_at = now - (gint64)(SPAN_DAYS + 30 - i % SPAN_DAYS) * DAY + (gint64)(i * 617) % DAY;
      customer->raw_json = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"%s\",\"email\":\"%s\","
                                            "\"phone\":\"%s\",\"created\":%" G_GINT64_FORMAT "}",
                                            customer->provider_id, customer->name,
                                            customer->email, customer->phone,
                                            customer->created_at);
      g_ptr_array_add (names, g_strdup (customer->name));
      g_ptr_array_add (phones, g_strdup (customer->phone));
      g_ptr_array_add (emails, g_strdup (customer->email));
      g_ptr_array_add (ids, g_strdup (customer->provider_id));
      g_ptr_array_add (page, customer);
    }

  return pd_store_upsert_customers (store, account_id, page, NULL, error);
}

static gboolean
fill_cards (PdStore            *store,
            gint64              account_id,
            const AccountSpec  *spec,
            guint               account_index,
            gint64              now,
            GPtrArray          *names,
            GPtrArray          *ids,
            GError            **error)
{
  static const char * const brands[] = { "visa", "mastercard", "visa", "amex" };
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_card_free);

  for (guint i = 0; i < N_CUSTOMERS / 4; i++)
    {
      PdCard *card = pd_card_new ();
      guint customer = (i * 7) % N_CUSTOMERS;
      guint32 seed = account_index * 7919 + i;

      card->provider_id = make_provider_id (spec, g_str_equal (spec->provider, "fayapay") ? "src_" : "tok_", seed + 555);
      card->customer_provider_id = g_strdup (ids->pdata[customer]);
      card->holder_name = g_strdup (names->pdata[customer]);
      card->brand = g_strdup (g_str_equal (spec->provider, "enayapay") ? (i % 2 ? "local" : "visa")
                                                                      : brands[i % G_N_ELEMENTS (brands)]);
      card->last4 = g_strdup_printf ("%04u", mix (seed) % 10000);
      avoid_reserved (card->last4);
      card->masked_pan = g_strdup_printf ("•••• •••• •••• %s", card->last4);
      card->exp_month = 1 + mix (seed + 1) % 12;
      card->exp_year = 2026 + mix (seed + 2) % 5;
      card->created_at = now - (gint64)(i * 3 + 2) * DAY;
      card->raw_json = g_strdup_printf ("{\"id\":\"%s\",\"brand\":\"%s\",\"last4\":\"%s\","
                                        "\"exp_month\":%u,\"exp_year\":%u,\"name\":\"%s\"}",
                                        card->provider_id, card->brand, card->last4,
                                        card->exp_month, card->exp_year, card->holder_name);
      g_ptr_array_add (page, card);
    }

  return pd_store_upsert_cards (store, account_id, page, NULL, error);
}

static void
set_money (PdMoney           *money,
           const AccountSpec *spec,
           gint64             whole,
           guint              cents)
{
  gint64 units = whole;

  for (guint i = 0; i < spec->scale; i++)
    units *= 10;
  if (spec->scale == 2)
    units += cents % 100;
  pd_money_init (money, units, spec->scale, spec->currency);
}

typedef struct
{
  guint64    n_total;
  guint64    n_done;
  guint32    serial;
  GPtrArray *pages[PD_TEST_N_ACCOUNTS];
  gint64     account_ids[PD_TEST_N_ACCOUNTS];
  GPtrArray *names[PD_TEST_N_ACCOUNTS];
  GPtrArray *phones[PD_TEST_N_ACCOUNTS];
  GPtrArray *emails[PD_TEST_N_ACCOUNTS];
  GPtrArray *customer_ids[PD_TEST_N_ACCOUNTS];
} Filler;

static gboolean
flush_page (PdStore  *store,
            Filler   *filler,
            guint     account,
            GError  **error)
{
  GPtrArray *page = filler->pages[account];

  if (page->len == 0)
    return TRUE;
  if (!pd_store_upsert_transactions (store, filler->account_ids[account], page, NULL, error))
    return FALSE;
  g_ptr_array_set_size (page, 0);
  return TRUE;
}

static gboolean
add_transaction (PdStore        *store,
                 Filler         *filler,
                 guint           account,
                 PdTransaction  *record,
                 GError        **error)
{
  const AccountSpec *spec = &accounts[account];
  g_autofree char *amount = pd_money_to_plain (&record->amount);

  record->raw_json = g_strdup_printf ("{\"id\":\"%s\",\"object\":\"%s\",\"amount\":%s,"
                                      "\"currency\":\"%s\",\"status\":\"%s\","
                                      "\"reference\":\"%s\",\"customer\":%s%s%s,"
                                      "\"phone\":\"%s\",\"description\":\"%s\","
                                      "\"created\":%" G_GINT64_FORMAT "}",
                                      record->provider_id,
                                      pd_transaction_kind_to_string (record->kind),
                                      amount, spec->currency,
                                      record->provider_status,
                                      record->reference != NULL ? record->reference : "",
                                      record->customer_provider_id ? "\"" : "",
                                      record->customer_provider_id ? record->customer_provider_id : "null",
                                      record->customer_provider_id ? "\"" : "",
                                      record->phone != NULL ? record->phone : "",
                                      record->description != NULL ? record->description : "",
                                      record->created_at);
  g_ptr_array_add (filler->pages[account], record);
  filler->n_done++;

  if (filler->pages[account]->len >= PAGE_SIZE)
    return flush_page (store, filler, account, error);
  return TRUE;
}

static const char *
provider_status_for (const AccountSpec  *spec,
                     PdTransactionState  state)
{
  gboolean zenga = g_str_equal (spec->provider, "zengapay");

  switch (state)
    {
    case PD_TRANSACTION_STATE_PENDING:
      return zenga ? "PENDING" : "pending";
    case PD_TRANSACTION_STATE_FAILED:
      return zenga ? "FAILED" : "failed";
    case PD_TRANSACTION_STATE_REFUNDED:
      return "refunded";
    case PD_TRANSACTION_STATE_PARTIALLY_REFUNDED:
      return "partially_refunded";
    case PD_TRANSACTION_STATE_INDETERMINATE:
      return "INDETERMINATE";
    case PD_TRANSACTION_STATE_SUCCEEDED:
    default:
      return zenga ? "SUCCEEDED" : "succeeded";
    }
}

/* The incoming kind of each provider, and the outgoing one. */
static PdTransactionKind
incoming_kind (const AccountSpec *spec,
               guint32            roll)
{
  if (g_str_equal (spec->provider, "fayapay"))
    return PD_TRANSACTION_KIND_CHARGE;
  if (g_str_equal (spec->provider, "zengapay"))
    return PD_TRANSACTION_KIND_COLLECTION;
  if (g_str_equal (spec->provider, "eoneopay"))
    return PD_TRANSACTION_KIND_PAYMENT;
  if (g_str_equal (spec->provider, "pawacard"))
    return roll % 3 == 0 ? PD_TRANSACTION_KIND_BILL : PD_TRANSACTION_KIND_VEND;
  return roll % 3 == 0 ? PD_TRANSACTION_KIND_TOPUP
       : roll % 3 == 1 ? PD_TRANSACTION_KIND_VEND : PD_TRANSACTION_KIND_PAYMENT;
}

static PdTransactionKind
outgoing_kind (const AccountSpec *spec,
               guint32            roll)
{
  if (g_str_equal (spec->provider, "fayapay"))
    return roll % 4 == 0 ? PD_TRANSACTION_KIND_PAYOUT : PD_TRANSACTION_KIND_DISBURSEMENT;
  return PD_TRANSACTION_KIND_TRANSFER;
}

static const char *
describe (PdTransactionKind kind,
          guint32           roll)
{
  static const char * const goods[] = {
    "Order: 2 bags of rice, delivery", "Phone repair, screen", "School fees, term 2",
    "Airtime bundle", "Solar lantern", "Weekly groceries", "Tailoring, kitenge dress",
    "Spare parts, motorbike", "Electricity tokens", "Catering deposit",
  };

  switch (kind)
    {
    case PD_TRANSACTION_KIND_VEND:
      return "Prepaid electricity";
    case PD_TRANSACTION_KIND_BILL:
      return "Postpaid bill";
    case PD_TRANSACTION_KIND_TOPUP:
      return "Airtime top-up";
    case PD_TRANSACTION_KIND_PAYOUT:
      return "Settlement to bank account";
    case PD_TRANSACTION_KIND_DISBURSEMENT:
    case PD_TRANSACTION_KIND_TRANSFER:
      return roll % 2 ? "Supplier payment" : "Staff wages";
    default:
      return goods[roll % G_N_ELEMENTS (goods)];
    }
}

static gboolean
fill_transactions (PdStore  *store,
                   Filler   *filler,
                   gint64    now,
                   GError  **error)
{
  gint64 start = now - (gint64)SPAN_DAYS * DAY;
  guint64 n = filler->n_total;
  guint64 i = 0;
  gboolean target_done = FALSE;

  while (filler->n_done < n)
    {
      guint32 roll = mix ((guint32)i * 2654435761U + 17);
      guint account = roll % PD_TEST_N_ACCOUNTS;
      const AccountSpec *spec = &accounts[account];
      PdTransaction *record = pd_transaction_new ();
      guint customer = mix ((guint32)i + 99) % N_CUSTOMERS;
      guint32 kind_roll = (roll >> 8) % 100;
      guint32 state_roll = (roll >> 16) % 100;
      gint64 whole;

      record->created_at = start + (gint64)((SPAN_DAYS * (gint64)DAY) * i / MAX (n, 1)) + roll % 60;
      record->kind = kind_roll < 82 ? incoming_kind (spec, roll >> 3) : outgoing_kind (spec, roll >> 5);
      record->state = state_roll < 84 ? PD_TRANSACTION_STATE_SUCCEEDED
                    : state_roll < 91 ? PD_TRANSACTION_STATE_PENDING
                    : state_roll < 98 ? PD_TRANSACTION_STATE_FAILED
                    : PD_TRANSACTION_STATE_INDETERMINATE;
      record->provider_status = g_strdup (provider_status_for (spec, record->state));
      record->provider_id = make_provider_id (spec, g_str_equal (spec->provider, "fayapay") && record->kind != PD_TRANSACTION_KIND_CHARGE ? "tr_" : spec->id_prefix,
                                              (guint32)i * 7 + 3);
      record->reference = g_strdup_printf ("%s-%06u", record->kind == PD_TRANSACTION_KIND_PAYOUT ? "PO" : "ORD",
                                           (guint)(100000 + i % 900000));
      avoid_reserved (record->reference);
      record->customer_provider_id = g_strdup (filler->customer_ids[account]->pdata[customer]);
      record->customer_name = g_strdup (filler->names[account]->pdata[customer]);
      record->phone = g_strdup (filler->phones[account]->pdata[customer]);
      record->email = g_strdup (filler->emails[account]->pdata[customer]);
      record->description = g_strdup (describe (record->kind, roll >> 11));
      if (g_str_equal (spec->provider, "eoneopay") || g_str_equal (spec->provider, "enayapay"))
        {
          record->card_last4 = g_strdup_printf ("%04u", mix (customer + 40) % 10000);
          avoid_reserved (record->card_last4);
        }
      if (record->kind == PD_TRANSACTION_KIND_VEND || record->kind == PD_TRANSACTION_KIND_BILL)
        record->counterparty = g_strdup_printf ("Meter %u", 14000000 + mix (customer) % 900000);

      whole = g_str_equal (spec->currency, "UGX") ? 5000 + (roll % 400) * 1250
            : g_str_equal (spec->currency, "SDG") ? 500 + roll % 40000
            : g_str_equal (spec->currency, "KES") ? 50 + roll % 5000
            : 5 + roll % 900;
      set_money (&record->amount, spec, whole, roll >> 20);
      if (record->kind != PD_TRANSACTION_KIND_PAYOUT)
        {
          gint64 fee_units = record->amount.units * 2 / 100;

          pd_money_init (&record->fee, MAX (fee_units, 1), spec->scale, spec->currency);
        }

      /* The one row the phone search must find. */
      if (!target_done && account == 1 && record->kind == PD_TRANSACTION_KIND_COLLECTION
          && i >= n / 2)
        {
          g_free (record->customer_name);
          g_free (record->phone);
          g_free (record->reference);
          record->customer_name = g_strdup (PD_TEST_PHONE_CUSTOMER);
          record->phone = g_strdup ("+256 772 918 404");
          record->reference = g_strdup (PD_TEST_PHONE_REFERENCE);
          record->state = PD_TRANSACTION_STATE_SUCCEEDED;
          g_free (record->provider_status);
          record->provider_status = g_strdup ("SUCCEEDED");
          target_done = TRUE;
        }

      /* Some card and wallet charges are refunded, in full or in part. */
      if ((record->kind == PD_TRANSACTION_KIND_CHARGE || record->kind == PD_TRANSACTION_KIND_PAYMENT)
          && (g_str_equal (spec->provider, "fayapay") || g_str_equal (spec->provider, "eoneopay"))
          && record->state == PD_TRANSACTION_STATE_SUCCEEDED && roll % 9 == 0
          && filler->n_done + 1 < n)
        {
          PdTransaction *refund = pd_transaction_new ();
          gboolean full = roll % 2 == 0;

          refund->kind = PD_TRANSACTION_KIND_REFUND;
          refund->state = PD_TRANSACTION_STATE_SUCCEEDED;
          refund->provider_status = g_strdup ("succeeded");
          refund->provider_id = make_provider_id (spec, "re_", (guint32)i * 7 + 5);
          refund->parent_provider_id = g_strdup (record->provider_id);
          refund->reference = g_strdup (record->reference);
          refund->customer_provider_id = g_strdup (record->customer_provider_id);
          refund->customer_name = g_strdup (record->customer_name);
          refund->phone = g_strdup (record->phone);
          refund->email = g_strdup (record->email);
          refund->card_last4 = g_strdup (record->card_last4);
          refund->description = g_strdup (full ? "Refund: order cancelled" : "Refund: item returned");
          refund->created_at = record->created_at + 3 * 3600;
          refund->amount = record->amount;
          if (!full)
            refund->amount.units = record->amount.units / 3;
          record->amount_refunded = refund->amount;
          record->state = full ? PD_TRANSACTION_STATE_REFUNDED : PD_TRANSACTION_STATE_PARTIALLY_REFUNDED;
          g_free (record->provider_status);
          record->provider_status = g_strdup (full ? "refunded" : "partially_refunded");

          if (!add_transaction (store, filler, account, record, error) ||
              !add_transaction (store, filler, account, refund, error))
            return FALSE;
        }
      else if (!add_transaction (store, filler, account, record, error))
        return FALSE;

      i++;
    }

  for (guint a = 0; a < PD_TEST_N_ACCOUNTS; a++)
    if (!flush_page (store, filler, a, error))
      return FALSE;

  return TRUE;
}

static gboolean
fill_statement_and_balances (PdStore  *store,
                             Filler   *filler,
                             gint64    now,
                             GError  **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_statement_entry_free);
  g_autoptr(GPtrArray) balances = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_balance_free);
  const char * const wallets[] = { "UGX-MTNMM", "UGX-ATLMM" };
  gint64 wallet_balance[2] = { 0, 0 };
  const AccountSpec *zenga = &accounts[1];

  /* ZengaPay's own statement: each collection a credit and its 2 % fee a
   * debit, balances chained per wallet. */
  for (guint i = 0; i < 120; i++)
    {
      guint w = i % 2;
      gint64 amount = 20000 + (mix (i + 5) % 300) * 500;
      gint64 fee = amount / 50;
      gint64 at = now - (gint64)(120 - i) * DAY / 2;

      for (guint line = 0; line < 2; line++)
        {
          PdStatementEntry *entry = pd_statement_entry_new ();
          gint64 moved = line == 0 ? amount : fee;

          entry->provider_id = g_strdup_printf ("%u", 88000 + i * 2 + line);
          entry->transaction_provider_id = g_strdup_printf ("%u", 88000 + i * 2);
          entry->created_at = at + line;
          entry->entry_type = g_strdup (line == 0 ? "TRANSACTION" : "CHARGES");
          entry->direction = line == 0 ? PD_STATEMENT_DIRECTION_CREDIT : PD_STATEMENT_DIRECTION_DEBIT;
          pd_money_init (&entry->amount, moved, 0, zenga->currency);
          pd_money_init (&entry->balance_before, wallet_balance[w], 0, zenga->currency);
          wallet_balance[w] += line == 0 ? moved : -moved;
          pd_money_init (&entry->balance_after, wallet_balance[w], 0, zenga->currency);
          entry->wallet = g_strdup (wallets[w]);
          entry->status = g_strdup ("SUCCEEDED");
          entry->description = line == 0
            ? g_strdup_printf ("Collection from %s", (char *)filler->names[1]->pdata[i % N_CUSTOMERS])
            : g_strdup_printf ("MTN_UGANDA 2PC DEPOSITS CHARGE FOR TRANSACTION ID #%u", 88000 + i * 2);
          entry->counterparty = line == 0 ? g_strdup (filler->phones[1]->pdata[i % N_CUSTOMERS]) : NULL;
          entry->raw_json = g_strdup_printf ("{\"transactionSystemId\":\"%s\",\"amount\":%" G_GINT64_FORMAT
                                             ",\"currencyCode\":\"%s\",\"designation\":\"%s\"}",
                                             entry->provider_id, moved, entry->wallet, entry->entry_type);
          g_ptr_array_add (entries, entry);

          if (i % 10 == 9 && line == 1)
            {
              PdBalance *reading = pd_balance_new ();

              reading->wallet = g_strdup (wallets[w]);
              pd_money_init (&reading->amount, wallet_balance[w], 0, zenga->currency);
              reading->recorded_at = at + 2;
              g_ptr_array_add (balances, reading);
            }
        }
    }

  if (!pd_store_upsert_statement_entries (store, filler->account_ids[1], entries, NULL, error) ||
      !pd_store_upsert_balances (store, filler->account_ids[1], balances, NULL, error))
    return FALSE;

  /* The PawaCard vendor float and the EnayaPay card balances, a reading a
   * week for two months. */
  for (guint a = 3; a < PD_TEST_N_ACCOUNTS; a++)
    {
      g_autoptr(GPtrArray) readings = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_balance_free);
      const AccountSpec *spec = &accounts[a];

      for (guint week = 0; week < 8; week++)
        {
          PdBalance *reading = pd_balance_new ();

          reading->wallet = g_strdup (a == 3 ? "KES" : "Card •••• 3056");
          set_money (&reading->amount, spec, 250000 + (gint64)(mix (week + a) % 500000), week * 7);
          reading->recorded_at = now - (gint64)(8 - week) * 7 * DAY;
          g_ptr_array_add (readings, reading);
        }
      if (!pd_store_upsert_balances (store, filler->account_ids[a], readings, NULL, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * pd_test_window_data_fill:
 * @store: an empty store
 * @n_transactions: how many transactions to store
 * @now: the time the data ends at
 * @with_search_index: whether to bring the search index up to date at the end
 * @error: return location for an error
 *
 * Returns: %TRUE on success
 */
gboolean
pd_test_window_data_fill (PdStore  *store,
                          guint     n_transactions,
                          gint64    now,
                          gboolean  with_search_index,
                          GError  **error)
{
  Filler filler = { 0 };
  gboolean ok = TRUE;

  filler.n_total = n_transactions;

  for (guint a = 0; a < PD_TEST_N_ACCOUNTS && ok; a++)
    {
      g_autoptr(PdAccount) account = pd_account_new ();

      account->provider = g_strdup (accounts[a].provider);
      account->label = g_strdup (accounts[a].label);
      account->base_url = g_strdup ("http://127.0.0.1:9/");
      account->mode = PD_ACCOUNT_MODE_TEST;
      account->created_at = now - (gint64)(SPAN_DAYS + 40) * DAY;
      ok = pd_store_add_account (store, account, error)
        && pd_store_set_account_synced (store, account->id, now - (gint64)(a + 1) * 540, error);
      filler.account_ids[a] = account->id;
      filler.pages[a] = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_transaction_free);
      filler.names[a] = g_ptr_array_new_with_free_func (g_free);
      filler.phones[a] = g_ptr_array_new_with_free_func (g_free);
      filler.emails[a] = g_ptr_array_new_with_free_func (g_free);
      filler.customer_ids[a] = g_ptr_array_new_with_free_func (g_free);

      ok = ok
        && fill_customers (store, account->id, &accounts[a], a, now, filler.names[a],
                           filler.phones[a], filler.emails[a], filler.customer_ids[a], error)
        && (a == 1 || a == 3 || fill_cards (store, account->id, &accounts[a], a, now,
                                            filler.names[a], filler.customer_ids[a], error));
    }

  ok = ok
    && fill_transactions (store, &filler, now, error)
    && fill_statement_and_balances (store, &filler, now, error)
    && (!with_search_index || pd_store_update_search_index (store, error));

  for (guint a = 0; a < PD_TEST_N_ACCOUNTS; a++)
    {
      g_clear_pointer (&filler.pages[a], g_ptr_array_unref);
      g_clear_pointer (&filler.names[a], g_ptr_array_unref);
      g_clear_pointer (&filler.phones[a], g_ptr_array_unref);
      g_clear_pointer (&filler.emails[a], g_ptr_array_unref);
      g_clear_pointer (&filler.customer_ids[a], g_ptr_array_unref);
    }

  return ok;
}

void
pd_test_load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, "/io/github/paydesk/Paydesk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

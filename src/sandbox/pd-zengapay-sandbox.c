/* pd-zengapay-sandbox.c - the ZengaPay API (Uganda, MTN and Airtel mobile money), simulated
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <string.h>

#include <libsoup/soup.h>

#include "pd-sandbox.h"
#include "pd-sandbox-clock.h"

/* Where the document is silent or contradicts itself, the reading followed
 * here is recorded under "Provider readings" → "ZengaPay" in HACKING.md. */

#define CURRENCY "UGX"
#define KAMPALA_OFFSET (3 * 60 * 60)
#define DAY (24 * 60 * 60)
#define SEED_SPAN (548 * DAY)

#define LIST_PER_PAGE 25
#define NETWORKS_PER_PAGE 15
#define STATEMENT_DEFAULT_LIMIT 15
#define STATEMENT_MAX_LIMIT 500

#define MIN_AMOUNT 500
#define MAX_AMOUNT 5000000
#define MAX_REFERENCE 100
#define MAX_NARRATION 255

/* A request made through the API settles this long after it was made; a
 * number ending in FAILING_SUFFIX always fails, one ending in
 * INDETERMINATE_SUFFIX turns INDETERMINATE and succeeds hours later. */
#define SETTLE_SECONDS 20
#define INDETERMINATE_SECONDS (6 * 60 * 60)
#define FAILING_SUFFIX "999"
#define INDETERMINATE_SUFFIX "888"

#define NO_DATE "0000-00-00 00:00:00"
#define LOCAL_TIME_LENGTH 20

static const char unauthorized_message[] =
  "The API KEY you supplied is either INVALID or API access has been DISABLED because your "
  "account is unverified. If this error persists, please contact support@zengapay.com";

typedef enum
{
  WALLET_MTN,
  WALLET_AIRTEL,
  N_WALLETS,
} Wallet;

static const struct
{
  const char *code;
  const char *name;
  const char *network;
  const char *service;
  const char *tag;
  const char *prefixes[3];
} wallets[N_WALLETS] = {
  { "UGX-MTNMM", "Ugandan shillings (MTN Mobile Money)", "MTN Uganda Limited",
    "MTN Mobile Money", "MTN_UGANDA", { "77", "78", "76" } },
  { "UGX-ATLMM", "Ugandan shillings (Airtel Money)", "Airtel Uganda Limited",
    "Airtel Money", "AIRTEL_UGANDA", { "70", "75", "74" } },
};

typedef enum
{
  KIND_COLLECTION,
  KIND_TRANSFER,
  KIND_AIRTIME,
  KIND_BUNDLE,
  N_KINDS,
} Kind;

static const struct
{
  const char *member;
  const char *operation;
  const char *specific_type;
  gboolean    credit;
  guint       fee_percent;
  const char *fee_words;
} kinds[N_KINDS] = {
  { "collections", "collection", "INBOUND_MSISDN_CREDIT", TRUE, 2, "2PC DEPOSITS" },
  { "transfers", "transfer", "OUTBOUND_MSISDN_DEBIT", FALSE, 1, "1PC WITHDRAWALS" },
  { "airtime", "airtime", "OUTBOUND_AIRTIME_DEBIT", FALSE, 0, NULL },
  { "bundles", "bundle", "OUTBOUND_BUNDLE_DEBIT", FALSE, 0, NULL },
};

typedef enum
{
  STATUS_PENDING,
  STATUS_SUCCEEDED,
  STATUS_FAILED,
  STATUS_INDETERMINATE,
  N_STATUSES,
} Status;

static const char * const status_names[N_STATUSES] = {
  "PENDING", "SUCCEEDED", "FAILED", "INDETERMINATE",
};

/* Strings are interned in the provider. */
typedef struct
{
  const char *system_id;
  const char *reference;
  const char *external_reference;
  const char *narration;
  const char *msisdn;
  const char *mno_reference;
  const char *channel;
  PdMoney     amount;
  gint64      initiated;
  gint64      completed;
  gint64      settles_at;
  guint64     seq;
  guint8      kind;
  guint8      wallet;
  guint8      status;
} Transaction;

/* A line of the account statement, appended when a transaction settles:
 * its TRANSACTION line (no movement if it failed), then the CHARGES line
 * for its fee. */
typedef struct
{
  Transaction *transaction;
  const char  *system_id;
  const char  *reference;
  PdMoney      amount;
  PdMoney      before;
  PdMoney      after;
  gboolean     charge;
} Entry;

typedef struct
{
  const char *id;
  const char *first_name;
  const char *last_name;
  const char *msisdn;
  const char *email;
  gint64      created;
  gint64      updated;
  guint       number;
  guint8      wallet;
} Contact;

typedef struct
{
  PdSandboxProvider *provider;
  const char        *token;
  const char        *account_number;
  gint64             account_created;
  PdSandboxTable    *transactions[N_KINDS];
  PdSandboxTable    *contacts;
  GHashTable        *contact_numbers;
  GHashTable        *external_references;
  GPtrArray         *entries;
  GPtrArray         *waiting;
  PdMoney            balances[N_WALLETS];
  guint64            next_seq;
} ZengaPay;

/* Money */

static PdMoney
ugx (gint64 units,
     guint  scale)
{
  PdMoney money;

  pd_money_init (&money, units, scale, CURRENCY);
  return money;
}

/* Computed amounts (balances, fees) carry no trailing zeros: 2152.2, 1504480. */
static PdMoney
trimmed (PdMoney money)
{
  while (money.scale > 0 && money.units % 10 == 0)
    {
      money.units /= 10;
      money.scale--;
    }

  return money;
}

static PdMoney
money_plus (const PdMoney *a,
            const PdMoney *b)
{
  PdMoney sum;

  if (!pd_money_add (a, b, &sum, NULL))
    g_error ("A ZengaPay balance overflowed");

  return trimmed (sum);
}

static PdMoney
money_minus (const PdMoney *a,
             const PdMoney *b)
{
  PdMoney difference;

  if (!pd_money_subtract (a, b, &difference, NULL))
    g_error ("A ZengaPay balance overflowed");

  return trimmed (difference);
}

/* A fee is a whole percentage of the amount, rounded half up to a tenth of
 * a shilling as the document's 2152.2 is. */
static PdMoney
fee_for (const Transaction *transaction)
{
  gint64 raw = transaction->amount.units * kinds[transaction->kind].fee_percent;
  gint64 divisor = 1;

  /* @raw is at the amount's scale + 2; one decimal stays. */
  for (guint i = 0; i < transaction->amount.scale + 1u; i++)
    divisor *= 10;

  return trimmed (ugx ((raw + divisor / 2) / divisor, 1));
}

static void
write_amount (PdJsonWriter  *writer,
              const char    *member,
              const PdMoney *money)
{
  pd_json_writer_member (writer, member);
  pd_json_writer_money (writer, money, PD_AMOUNT_MAJOR);
}

/* "Twenty Six Million, One Hundred Ninety Four Thousand, Four Hundred
 * Thirty Six Shillings": whole shillings, as the document spells them. */
static const char * const small_words[] = {
  "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
  "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen",
  "Eighteen", "Nineteen",
};

static const char * const tens_words[] = {
  "", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety",
};

static const char * const group_words[] = {
  "", " Thousand", " Million", " Billion", " Trillion", " Quadrillion", " Quintillion",
};

static void
append_below_thousand (GString *out,
                       guint    n)
{
  if (n >= 100)
    {
      g_string_append_printf (out, "%s Hundred", small_words[n / 100]);
      n %= 100;
      if (n > 0)
        g_string_append_c (out, ' ');
    }

  if (n == 0)
    return;

  if (n < 20)
    g_string_append (out, small_words[n]);
  else if (n % 10 == 0)
    g_string_append (out, tens_words[n / 10]);
  else
    g_string_append_printf (out, "%s %s", tens_words[n / 10], small_words[n % 10]);
}

static char *
amount_in_words (const PdMoney *money)
{
  GString *out = g_string_new (NULL);
  guint groups[G_N_ELEMENTS (group_words)];
  guint n_groups = 0;
  guint64 whole;
  gint64 divisor = 1;

  for (guint i = 0; i < money->scale; i++)
    divisor *= 10;

  if (money->units < 0)
    g_string_append (out, "Minus ");

  whole = money->units < 0 ? (guint64)(-(money->units / divisor))
                            : (guint64)(money->units / divisor);
  if (whole == 0)
    g_string_append (out, "Zero");

  while (whole > 0 && n_groups < G_N_ELEMENTS (groups))
    {
      groups[n_groups++] = (guint)(whole % 1000);
      whole /= 1000;
    }

  for (guint i = n_groups; i-- > 0;)
    {
      if (groups[i] == 0)
        continue;

      if (out->len > 0 && !g_str_has_suffix (out->str, " "))
        g_string_append (out, ", ");
      append_below_thousand (out, groups[i]);
      g_string_append (out, group_words[i]);
    }

  g_string_append (out, " Shillings");
  return g_string_free (out, FALSE);
}

/* Times: ZengaPay writes local time in Kampala (UTC+03:00, no summer time)
 * as "YYYY-MM-DD HH:mm:ss". */

static void
print_local (char   buffer[LOCAL_TIME_LENGTH],
             gint64 unix_time)
{
  char iso[PD_SANDBOX_TIME_LENGTH];

  pd_sandbox_print_time (iso, unix_time + KAMPALA_OFFSET);
  memcpy (buffer, iso, 10);
  buffer[10] = ' ';
  memcpy (buffer + 11, iso + 11, 8);
  buffer[19] = '\0';
}

static void
write_local_time (PdJsonWriter *writer,
                  const char   *member,
                  gint64        unix_time)
{
  char text[LOCAL_TIME_LENGTH];

  pd_json_writer_member (writer, member);
  if (unix_time == 0)
    {
      pd_json_writer_string (writer, NO_DATE);
      return;
    }

  print_local (text, unix_time);
  pd_json_writer_string (writer, text);
}

static gboolean
parse_digits (const char *text,
              gsize       length,
              guint      *out)
{
  guint value = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (guint)(text[i] - '0');
    }

  *out = value;
  return TRUE;
}

/* "YYYY-MM-DD HH:MM:SS" (or with a "T"), or a bare "YYYY-MM-DD" that means
 * the start of the day, or its last second when @end_of_day. */
static gboolean
parse_local_time (const char *text,
                  gboolean    end_of_day,
                  gint64     *out)
{
  g_autoptr(GDateTime) time = NULL;
  gsize length = strlen (text);
  guint year, month, day, hour = 0, minute = 0, second = 0;

  if (length != 10 && length != 19)
    return FALSE;

  if (text[4] != '-' || text[7] != '-' ||
      !parse_digits (text, 4, &year) ||
      !parse_digits (text + 5, 2, &month) ||
      !parse_digits (text + 8, 2, &day))
    return FALSE;

  if (length == 19)
    {
      if ((text[10] != ' ' && text[10] != 'T') || text[13] != ':' || text[16] != ':' ||
          !parse_digits (text + 11, 2, &hour) ||
          !parse_digits (text + 14, 2, &minute) ||
          !parse_digits (text + 17, 2, &second))
        return FALSE;
    }
  else if (end_of_day)
    {
      hour = 23;
      minute = 59;
      second = 59;
    }

  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 ||
      hour > 23 || minute > 59 || second > 59)
    return FALSE;

  time = g_date_time_new_utc ((int)year, (int)month, (int)day, (int)hour, (int)minute, second);
  if (time == NULL)
    return FALSE;

  *out = g_date_time_to_unix (time) - KAMPALA_OFFSET;
  return TRUE;
}

/* Identifiers */

static const char hex_digits[] = "0123456789abcdef";

/* Shaped like the document's, a name-based (version 5) UUID. */
static const char *
new_uuid (ZengaPay *self)
{
  PdSandboxRandom *random = pd_sandbox_provider_get_random (self->provider);
  char text[37];

  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        text[i] = '-';
      else
        text[i] = hex_digits[pd_sandbox_random_below (random, 16)];
    }
  text[14] = '5';
  text[19] = hex_digits[8 + pd_sandbox_random_below (random, 4)];
  text[36] = '\0';

  return pd_sandbox_provider_intern (self->provider, text);
}

/* "ZPY" + the local date + six digits + "TX". The digits are the sequence
 * number scrambled by a bijection of 0 … 999 999, so two ids of one day
 * never collide. */
static const char *
new_system_id (ZengaPay *self,
               gint64    at,
               guint64  *seq)
{
  char local[LOCAL_TIME_LENGTH];
  guint64 n = self->next_seq++;

  if (seq != NULL)
    *seq = n;

  print_local (local, at);
  return pd_sandbox_provider_intern_printf (self->provider, "ZPY%.2s%.2s%.2s%06u" "TX",
                                            local + 2, local + 5, local + 8,
                                            (guint)((n * 387403 + 104729) % 1000000));
}

static const char *
new_digits (ZengaPay *self,
            gsize     length)
{
  PdSandboxRandom *random = pd_sandbox_provider_get_random (self->provider);
  g_autoptr(GString) digits = g_string_sized_new (length + 1);

  g_string_append_c (digits, '1' + pd_sandbox_random_below (random, 9));
  pd_sandbox_random_digits (random, digits, length - 1);

  return pd_sandbox_provider_intern (self->provider, digits->str);
}

/* "256" and nine digits on an MTN or Airtel Uganda prefix. */
static gboolean
msisdn_wallet (const char *msisdn,
               Wallet     *wallet)
{
  if (strlen (msisdn) != 12 || !g_str_has_prefix (msisdn, "2567"))
    return FALSE;

  for (const char *p = msisdn; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  for (guint w = 0; w < N_WALLETS; w++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (wallets[w].prefixes); i++)
        {
          if (strncmp (msisdn + 3, wallets[w].prefixes[i], 2) == 0)
            {
              *wallet = (Wallet)w;
              return TRUE;
            }
        }
    }

  return FALSE;
}

/* Settling: transactions wait in a binary heap ordered by when they next
 * change state, so they settle in time order however they were created. */

static gboolean
settles_before (const Transaction *a,
                const Transaction *b)
{
  if (a->settles_at != b->settles_at)
    return a->settles_at < b->settles_at;

  return a->seq < b->seq;
}

static void
heap_push (GPtrArray   *heap,
           Transaction *transaction)
{
  guint i = heap->len;

  g_ptr_array_add (heap, transaction);
  while (i > 0)
    {
      guint parent = (i - 1) / 2;

      if (!settles_before (g_ptr_array_index (heap, i), g_ptr_array_index (heap, parent)))
        break;

      heap->pdata[i] = heap->pdata[parent];
      heap->pdata[parent] = transaction;
      i = parent;
    }
}

static Transaction *
heap_pop (GPtrArray *heap)
{
  Transaction *top = g_ptr_array_index (heap, 0);
  Transaction *last = g_ptr_array_steal_index (heap, heap->len - 1);
  guint i = 0;

  if (heap->len == 0)
    return top;

  heap->pdata[0] = last;
  for (;;)
    {
      guint left = 2 * i + 1;
      guint right = left + 1;
      guint smallest = i;

      if (left < heap->len && settles_before (heap->pdata[left], heap->pdata[smallest]))
        smallest = left;
      if (right < heap->len && settles_before (heap->pdata[right], heap->pdata[smallest]))
        smallest = right;
      if (smallest == i)
        break;

      heap->pdata[i] = heap->pdata[smallest];
      heap->pdata[smallest] = last;
      i = smallest;
    }

  return top;
}

static Entry *
post_entry (ZengaPay    *self,
            Transaction *transaction,
            gboolean     charge,
            PdMoney      amount,
            int          direction)
{
  Entry *entry = g_new0 (Entry, 1);
  PdMoney *balance = &self->balances[transaction->wallet];

  entry->transaction = transaction;
  entry->charge = charge;
  entry->amount = amount;
  entry->before = *balance;

  if (direction > 0)
    *balance = money_plus (balance, &amount);
  else if (direction < 0)
    *balance = money_minus (balance, &amount);

  entry->after = *balance;

  if (charge)
    {
      entry->system_id = new_system_id (self, transaction->completed, NULL);
      entry->reference = new_uuid (self);
    }

  g_ptr_array_add (self->entries, entry);
  return entry;
}

/* Moves @transaction one step at its settles_at; returns %TRUE if it still
 * waits. @request, when given, is the request during which the step is
 * applied, so the movement goes to the ledger. */
static gboolean
settle_step (ZengaPay         *self,
             Transaction      *transaction,
             PdSandboxRequest *request)
{
  gint64 at = transaction->settles_at;
  gboolean credit = kinds[transaction->kind].credit;
  PdMoney fee = fee_for (transaction);
  gboolean fails = g_str_has_suffix (transaction->msisdn, FAILING_SUFFIX);

  if (transaction->status == STATUS_PENDING &&
      g_str_has_suffix (transaction->msisdn, INDETERMINATE_SUFFIX))
    {
      transaction->status = STATUS_INDETERMINATE;
      transaction->settles_at = MAX (transaction->initiated + INDETERMINATE_SECONDS, at + 1);
      return TRUE;
    }

  if (!fails && !credit)
    {
      PdMoney needed = money_plus (&transaction->amount, &fee);
      int order = 0;

      pd_money_compare (&self->balances[transaction->wallet], &needed, &order, NULL);
      fails = order < 0;
    }

  transaction->completed = at;
  transaction->settles_at = 0;

  if (fails)
    {
      transaction->status = STATUS_FAILED;
      post_entry (self, transaction, FALSE, transaction->amount, 0);
      return FALSE;
    }

  transaction->status = STATUS_SUCCEEDED;
  post_entry (self, transaction, FALSE, transaction->amount, credit ? 1 : -1);
  if (pd_money_sign (&fee) > 0)
    post_entry (self, transaction, TRUE, fee, -1);

  if (request != NULL)
    pd_sandbox_request_record (request, kinds[transaction->kind].operation,
                               transaction->msisdn, transaction->reference,
                               transaction->external_reference, &transaction->amount);

  return FALSE;
}

static void
settle_due (ZengaPay         *self,
            gint64            now,
            PdSandboxRequest *request)
{
  while (self->waiting->len > 0)
    {
      Transaction *next = g_ptr_array_index (self->waiting, 0);

      if (next->settles_at > now)
        break;

      heap_pop (self->waiting);
      if (settle_step (self, next, request))
        heap_push (self->waiting, next);
    }
}

/* Transactions and contacts */

static Transaction *
add_transaction (ZengaPay   *self,
                 Kind        kind,
                 Wallet      wallet,
                 gint64      initiated,
                 gint64      settles_at,
                 const char *msisdn,
                 PdMoney     amount,
                 const char *external_reference,
                 const char *narration,
                 const char *channel)
{
  Transaction *transaction = g_new0 (Transaction, 1);

  transaction->system_id = new_system_id (self, initiated, &transaction->seq);
  transaction->reference = new_uuid (self);
  transaction->external_reference = pd_sandbox_provider_intern (self->provider, external_reference);
  transaction->narration = pd_sandbox_provider_intern (self->provider, narration);
  transaction->msisdn = pd_sandbox_provider_intern (self->provider, msisdn);
  transaction->mno_reference = new_digits (self, 11);
  transaction->channel = channel;
  transaction->amount = amount;
  transaction->initiated = initiated;
  transaction->settles_at = settles_at;
  transaction->kind = kind;
  transaction->wallet = wallet;
  transaction->status = STATUS_PENDING;

  pd_sandbox_table_append (self->transactions[kind], transaction->reference, transaction);
  g_hash_table_insert (self->external_references, (gpointer)transaction->external_reference,
                       transaction);
  heap_push (self->waiting, transaction);

  return transaction;
}

static Contact *
add_contact (ZengaPay   *self,
             const char *msisdn,
             Wallet      wallet,
             const char *first_name,
             const char *last_name,
             const char *email,
             gint64      created)
{
  Contact *contact = g_new0 (Contact, 1);

  contact->number = pd_sandbox_table_get_length (self->contacts) + 1;
  contact->id = pd_sandbox_provider_intern_printf (self->provider, "%u", contact->number);
  contact->msisdn = pd_sandbox_provider_intern (self->provider, msisdn);
  contact->wallet = wallet;
  contact->first_name = pd_sandbox_provider_intern (self->provider, first_name);
  contact->last_name = pd_sandbox_provider_intern (self->provider, last_name);
  contact->email = pd_sandbox_provider_intern (self->provider, email);
  contact->created = created;
  contact->updated = created;

  pd_sandbox_table_append (self->contacts, contact->id, contact);
  g_hash_table_insert (self->contact_numbers, (gpointer)contact->msisdn, contact);

  return contact;
}

/* Answers */

static const char *
status_phrase (guint status)
{
  switch (status)
    {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return soup_status_get_phrase (status);
    }
}

static void
begin_answer (PdJsonWriter *writer,
              guint         code,
              const char   *status)
{
  pd_json_writer_begin_object (writer);
  pd_sandbox_write_int (writer, "code", code);
  pd_sandbox_write_string (writer, "status", status);
}

/* Every error is {code, status, message}. @code is NULL when the framework
 * answers for an armed fault or an unknown path; the faults then get the
 * document's own words. */
static void
write_error (PdSandboxProvider *provider,
             PdSandboxRequest  *request,
             guint              status,
             const char        *code,
             const char        *message)
{
  PdJsonWriter *writer = pd_json_writer_new ();
  g_autofree char *forbidden = NULL;

  if (code == NULL)
    {
      switch (status)
        {
        case SOUP_STATUS_FORBIDDEN:
          {
            const char *path = pd_sandbox_request_get_path (request);

            if (g_str_has_prefix (path, "/v1/"))
              path += 3;
            forbidden = g_strdup_printf ("Connection refused from unauthorized IP: 127.0.0.1,  "
                                         "This IP is NOT unauthorized to access the %s endpoint "
                                         "on your account. If you believe this is in error, "
                                         "please contact support@zengapay.com", path);
            message = forbidden;
          }
          break;
        case 429:
          message = "Too Many Requests. You have reached your API call(s) rate limit.";
          break;
        case SOUP_STATUS_INTERNAL_SERVER_ERROR:
          message = "We had a problem with our server. Try again later.";
          break;
        case SOUP_STATUS_SERVICE_UNAVAILABLE:
          message = "We're temporarily offline for maintenance. Please try again later.";
          break;
        default:
          break;
        }
    }

  begin_answer (writer, status, status_phrase (status));
  pd_sandbox_write_string (writer, "message", message);
  pd_json_writer_end_object (writer);

  pd_sandbox_request_respond_json (request, status, writer);
}

/* 422 with the message of every invalid field, as pairs in @errors. */
static void
respond_invalid (PdSandboxRequest *request,
                 GPtrArray        *errors)
{
  PdJsonWriter *writer = pd_json_writer_new ();

  begin_answer (writer, 422, status_phrase (422));
  pd_sandbox_write_string (writer, "message", "The given data was invalid.");
  pd_json_writer_member (writer, "errors");
  pd_json_writer_begin_object (writer);
  for (guint i = 0; i + 1 < errors->len; i += 2)
    {
      pd_json_writer_member (writer, g_ptr_array_index (errors, i));
      pd_json_writer_begin_array (writer);
      pd_json_writer_string (writer, g_ptr_array_index (errors, i + 1));
      pd_json_writer_end_array (writer);
    }
  pd_json_writer_end_object (writer);
  pd_json_writer_end_object (writer);

  pd_sandbox_request_respond_json (request, 422, writer);
}

static void
add_invalid (GPtrArray  *errors,
             const char *field,
             const char *format,
             ...) G_GNUC_PRINTF (3, 4);

static void
add_invalid (GPtrArray  *errors,
             const char *field,
             const char *format,
             ...)
{
  va_list args;

  for (guint i = 0; i + 1 < errors->len; i += 2)
    {
      if (strcmp (g_ptr_array_index (errors, i), field) == 0)
        return;
    }

  g_ptr_array_add (errors, g_strdup (field));
  va_start (args, format);
  g_ptr_array_add (errors, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
not_found (PdSandboxRequest *request,
           const char       *what)
{
  pd_sandbox_request_errorf (request, SOUP_STATUS_NOT_FOUND, "not_found",
                             "The specified %s could not be found.", what);
}

static void
write_transaction (ZengaPay          *self,
                   PdJsonWriter      *writer,
                   const Transaction *transaction)
{
  gboolean final = transaction->status == STATUS_SUCCEEDED || transaction->status == STATUS_FAILED;

  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "transactionSystemId", transaction->system_id);
  pd_sandbox_write_string (writer, "transactionReference", transaction->reference);
  pd_sandbox_write_string (writer, "transactionStatus", status_names[transaction->status]);
  write_amount (writer, "amount", &transaction->amount);
  pd_sandbox_write_string (writer, "msisdn", transaction->msisdn);
  pd_sandbox_write_string (writer, "channel", transaction->channel);
  if (transaction->kind == KIND_COLLECTION)
    pd_sandbox_write_boolean (writer, "customerCharged", FALSE);
  pd_sandbox_write_string (writer, "currencyCode", wallets[transaction->wallet].code);
  pd_sandbox_write_string (writer, "currencyName", wallets[transaction->wallet].name);
  pd_sandbox_write_string (writer, "MNOTransactionReferenceId",
                           final ? transaction->mno_reference : NULL);
  pd_sandbox_write_string (writer, "transactionExternalReference", transaction->external_reference);
  pd_sandbox_write_string (writer, "transactionExternalNarrative", transaction->narration);
  write_local_time (writer, "transactionInitiationDate", transaction->initiated);
  write_local_time (writer, "transactionCompletionDate", transaction->completed);
  pd_sandbox_write_string (writer, "transactionEntryGeneralType",
                           kinds[transaction->kind].credit ? "CREDIT" : "DEBIT");
  pd_sandbox_write_string (writer, "transactionEntryDesignation", "TRANSACTION");
  pd_sandbox_write_string (writer, "transactionEntrySpecificType",
                           kinds[transaction->kind].specific_type);
  pd_json_writer_end_object (writer);
}

/* A statement line: a posted @entry, or a @transaction still waiting
 * (then its balances are the wallet's current one: nothing moved yet). */
static void
write_statement_line (ZengaPay          *self,
                      PdJsonWriter      *writer,
                      const Entry       *entry,
                      const Transaction *transaction)
{
  const PdMoney *before, *after;
  gboolean charge = entry != NULL && entry->charge;

  if (entry != NULL)
    {
      transaction = entry->transaction;
      before = &entry->before;
      after = &entry->after;
    }
  else
    {
      before = after = &self->balances[transaction->wallet];
    }

  pd_json_writer_begin_object (writer);
  if (charge)
    {
      g_autofree char *narrative = g_strdup_printf ("%s %s CHARGE FOR TRANSACTION ID #%s",
                                                    wallets[transaction->wallet].tag,
                                                    kinds[transaction->kind].fee_words,
                                                    transaction->system_id);

      pd_sandbox_write_string (writer, "transactionSystemId", entry->system_id);
      pd_sandbox_write_string (writer, "transactionReference", entry->reference);
      pd_sandbox_write_string (writer, "transactionStatus", status_names[STATUS_SUCCEEDED]);
      write_amount (writer, "amount", &entry->amount);
      pd_sandbox_write_string (writer, "msisdn", NULL);
      pd_sandbox_write_string (writer, "channel", "BACK_END_PROCESSOR");
      pd_sandbox_write_string (writer, "currencyCode", wallets[transaction->wallet].code);
      pd_sandbox_write_string (writer, "currencyName", wallets[transaction->wallet].name);
      write_amount (writer, "balanceBeforeTransaction", before);
      write_amount (writer, "balanceAfterTransaction", after);
      pd_sandbox_write_string (writer, "transactionExternalReference", transaction->system_id);
      pd_sandbox_write_string (writer, "transactionExternalNarrative", narrative);
      write_local_time (writer, "transactionInitiationDate", transaction->completed);
      write_local_time (writer, "transactionCompletionDate", transaction->completed);
      pd_sandbox_write_string (writer, "transactionEntryGeneralType", "DEBIT");
      pd_sandbox_write_string (writer, "transactionEntryDesignation", "CHARGES");
      pd_sandbox_write_string (writer, "transactionEntrySpecificType", "OUTBOUND_ZPACCT_DEBIT");
    }
  else
    {
      pd_sandbox_write_string (writer, "transactionSystemId", transaction->system_id);
      pd_sandbox_write_string (writer, "transactionReference", transaction->reference);
      pd_sandbox_write_string (writer, "transactionStatus", status_names[transaction->status]);
      write_amount (writer, "amount", &transaction->amount);
      pd_sandbox_write_string (writer, "msisdn", transaction->msisdn);
      pd_sandbox_write_string (writer, "channel", transaction->channel);
      pd_sandbox_write_string (writer, "currencyCode", wallets[transaction->wallet].code);
      pd_sandbox_write_string (writer, "currencyName", wallets[transaction->wallet].name);
      write_amount (writer, "balanceBeforeTransaction", before);
      write_amount (writer, "balanceAfterTransaction", after);
      pd_sandbox_write_string (writer, "transactionExternalReference",
                               transaction->external_reference);
      pd_sandbox_write_string (writer, "transactionExternalNarrative", transaction->narration);
      write_local_time (writer, "transactionInitiationDate", transaction->initiated);
      write_local_time (writer, "transactionCompletionDate", transaction->completed);
      pd_sandbox_write_string (writer, "transactionEntryGeneralType",
                               kinds[transaction->kind].credit ? "CREDIT" : "DEBIT");
      pd_sandbox_write_string (writer, "transactionEntryDesignation", "TRANSACTION");
      pd_sandbox_write_string (writer, "transactionEntrySpecificType",
                               kinds[transaction->kind].specific_type);
    }
  pd_json_writer_end_object (writer);
}

static void
write_contact (ZengaPay      *self,
               PdJsonWriter  *writer,
               const Contact *contact)
{
  pd_json_writer_begin_object (writer);
  pd_sandbox_write_int (writer, "id", contact->number);
  pd_sandbox_write_string (writer, "firstName", contact->first_name);
  pd_sandbox_write_string (writer, "lastName", contact->last_name);
  pd_sandbox_write_string (writer, "msisdn", contact->msisdn);
  pd_sandbox_write_string (writer, "email", contact->email);
  pd_sandbox_write_string (writer, "currencyCode", wallets[contact->wallet].code);
  pd_sandbox_write_string (writer, "networkName", wallets[contact->wallet].network);
  write_local_time (writer, "created", contact->created);
  write_local_time (writer, "updated", contact->updated);
  pd_json_writer_end_object (writer);
}

static void
write_network (PdJsonWriter *writer,
               Wallet        wallet,
               gboolean      with_id)
{
  pd_json_writer_begin_object (writer);
  if (with_id)
    pd_sandbox_write_int (writer, "id", wallet + 1);
  pd_sandbox_write_string (writer, "networkName", wallets[wallet].network);
  pd_sandbox_write_string (writer, "serviceName", wallets[wallet].service);
  pd_sandbox_write_string (writer, "currencyName", wallets[wallet].name);
  pd_sandbox_write_string (writer, "currencyCode", wallets[wallet].code);
  pd_sandbox_write_string (writer, "country", "UGANDA");
  pd_sandbox_write_string (writer, "countryIso2", "UG");
  pd_json_writer_end_object (writer);
}

/* Pages: page-numbered envelopes, their URLs on this sandbox's own host. */

typedef struct
{
  char  *path;
  char  *query;
  guint  page;
  guint  per_page;
  guint  total;
  guint  last_page;
  guint  start;
  guint  end;
} Paging;

static void
paging_clear (Paging *paging)
{
  g_clear_pointer (&paging->path, g_free);
  g_clear_pointer (&paging->query, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Paging, paging_clear)

/* A positive page number; absent is page 1. */
static gboolean
parse_positive (const char *text,
                guint       fallback,
                guint       maximum,
                guint      *out)
{
  gint64 value;
  char *end = NULL;

  if (text == NULL)
    {
      *out = fallback;
      return TRUE;
    }

  errno = 0;
  value = g_ascii_strtoll (text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || value < 1 || value > maximum)
    return FALSE;

  *out = (guint)value;
  return TRUE;
}

static void
paging_init (Paging           *paging,
             PdSandboxRequest *request,
             const char       *resource,
             const char       *query,
             guint             page,
             guint             per_page,
             guint             total)
{
  const char *host = pd_sandbox_request_get_header (request, "Host");

  paging->path = g_strdup_printf ("http://%s/v1/%s", host ? host : "127.0.0.1", resource);
  paging->query = g_strdup (query ? query : "");
  paging->page = page;
  paging->per_page = per_page;
  paging->total = total;
  paging->last_page = MAX (1, (total + per_page - 1) / per_page);

  if ((guint64)(page - 1) * per_page >= total)
    {
      paging->start = paging->end = total;
    }
  else
    {
      paging->start = (page - 1) * per_page;
      paging->end = MIN (total, paging->start + per_page);
    }
}

static char *
page_url (const Paging *paging,
          guint         page)
{
  return g_strdup_printf ("%s?%spage=%u", paging->path, paging->query, page);
}

static void
write_page_url (PdJsonWriter *writer,
                const char   *member,
                const Paging *paging,
                guint         page)
{
  g_autofree char *url = page > 0 ? page_url (paging, page) : NULL;

  pd_sandbox_write_string (writer, member, url);
}

static void
write_link (PdJsonWriter *writer,
            const Paging *paging,
            guint         page,
            const char   *label,
            gboolean      active)
{
  g_autofree char *url = page > 0 ? page_url (paging, page) : NULL;

  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "url", url);
  pd_json_writer_member (writer, "label");
  if (label != NULL)
    pd_json_writer_string (writer, label);
  else
    pd_json_writer_int (writer, page);
  pd_sandbox_write_boolean (writer, "active", active);
  pd_json_writer_end_object (writer);
}

static void
write_link_range (PdJsonWriter *writer,
                  const Paging *paging,
                  guint         from,
                  guint         to)
{
  for (guint page = from; page <= to; page++)
    write_link (writer, paging, page, NULL, page == paging->page);
}

/* Every page when there are few; else the first two, three on each side of
 * the current page and the last two, with "..." for the gaps. */
static void
write_links (PdJsonWriter *writer,
             const Paging *paging)
{
  guint last = paging->last_page;
  guint page = paging->page;

  pd_json_writer_member (writer, "links");
  pd_json_writer_begin_array (writer);
  write_link (writer, paging, page > 1 ? page - 1 : 0, "pagination.previous", FALSE);

  if (last < 13)
    {
      write_link_range (writer, paging, 1, last);
    }
  else if (page <= 6)
    {
      write_link_range (writer, paging, 1, 8);
      write_link (writer, paging, 0, "...", FALSE);
      write_link_range (writer, paging, last - 1, last);
    }
  else if (page > last - 6)
    {
      write_link_range (writer, paging, 1, 2);
      write_link (writer, paging, 0, "...", FALSE);
      write_link_range (writer, paging, last - 7, last);
    }
  else
    {
      write_link_range (writer, paging, 1, 2);
      write_link (writer, paging, 0, "...", FALSE);
      write_link_range (writer, paging, page - 3, page + 3);
      write_link (writer, paging, 0, "...", FALSE);
      write_link_range (writer, paging, last - 1, last);
    }

  write_link (writer, paging, page < last ? page + 1 : 0, "pagination.next", FALSE);
  pd_json_writer_end_array (writer);
}

/* Writes `"member": { "current_page": …, "data": [` — the caller writes
 * the items, then calls end_page(). */
static void
begin_page (PdJsonWriter *writer,
            const char   *member,
            const Paging *paging)
{
  pd_json_writer_member (writer, member);
  pd_json_writer_begin_object (writer);
  pd_sandbox_write_int (writer, "current_page", paging->page);
  pd_json_writer_member (writer, "data");
  pd_json_writer_begin_array (writer);
}

static void
end_page (PdJsonWriter *writer,
          const Paging *paging,
          gboolean      with_links)
{
  gboolean empty = paging->start == paging->end;

  pd_json_writer_end_array (writer);
  write_page_url (writer, "first_page_url", paging, 1);
  pd_json_writer_member (writer, "from");
  if (empty)
    pd_json_writer_null (writer);
  else
    pd_json_writer_int (writer, paging->start + 1);
  pd_sandbox_write_int (writer, "last_page", paging->last_page);
  write_page_url (writer, "last_page_url", paging, paging->last_page);
  if (with_links)
    write_links (writer, paging);
  write_page_url (writer, "next_page_url", paging,
                  paging->page < paging->last_page ? paging->page + 1 : 0);
  pd_sandbox_write_string (writer, "path", paging->path);
  pd_sandbox_write_int (writer, "per_page", paging->per_page);
  write_page_url (writer, "prev_page_url", paging, paging->page > 1 ? paging->page - 1 : 0);
  pd_json_writer_member (writer, "to");
  if (empty)
    pd_json_writer_null (writer);
  else
    pd_json_writer_int (writer, paging->end);
  pd_sandbox_write_int (writer, "total", paging->total);
  pd_json_writer_end_object (writer);
}

static gboolean
read_page (PdSandboxRequest *request,
           guint            *page)
{
  g_autoptr(GPtrArray) errors = NULL;

  if (parse_positive (pd_sandbox_request_get_query (request, "page"), 1, G_MAXINT32, page))
    return TRUE;

  errors = g_ptr_array_new_with_free_func (g_free);
  add_invalid (errors, "page", "The page must be a whole number of at least 1.");
  respond_invalid (request, errors);
  return FALSE;
}

/* Request checks */

static gboolean
accepts_json (const char *accept)
{
  g_auto(GStrv) ranges = NULL;

  if (accept == NULL || *accept == '\0')
    return TRUE;

  ranges = g_strsplit (accept, ",", -1);
  for (guint i = 0; ranges[i] != NULL; i++)
    {
      g_autofree char *range = g_strdup (ranges[i]);
      char *parameters = strchr (range, ';');

      if (parameters != NULL)
        *parameters = '\0';
      g_strstrip (range);

      if (g_ascii_strcasecmp (range, "*/*") == 0 ||
          g_ascii_strcasecmp (range, "application/*") == 0 ||
          g_ascii_strcasecmp (range, "application/json") == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
authenticate (PdSandboxProvider *provider,
              PdSandboxRequest  *request)
{
  ZengaPay *self = pd_sandbox_provider_get_state (provider);
  const char *authorization = pd_sandbox_request_get_header (request, "Authorization");
  const char *token = NULL;

  /* The simulated clock moves on its own: whatever fell due since the last
   * request settles before this one is looked at. */
  settle_due (self, pd_sandbox_provider_now (provider), request);

  if (!accepts_json (pd_sandbox_request_get_header (request, "Accept")))
    {
      pd_sandbox_request_error (request, SOUP_STATUS_NOT_ACCEPTABLE, "not_acceptable",
                                "You requested a format that isn't json.");
      return FALSE;
    }

  if (authorization != NULL && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    {
      token = authorization + 7;
      while (*token == ' ')
        token++;
    }

  if (token == NULL || strcmp (token, self->token) != 0)
    {
      pd_sandbox_request_error (request, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                                unauthorized_message);
      return FALSE;
    }

  return TRUE;
}

/* The body as an object; an empty body reads as {} so that every required
 * field is reported. */
static JsonObject *
read_body (PdSandboxRequest *request)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = pd_sandbox_request_get_body (request);
  JsonObject *body;

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    return json_object_new ();

  body = pd_sandbox_request_parse_object (request, &error);
  if (body == NULL)
    pd_sandbox_request_errorf (request, SOUP_STATUS_BAD_REQUEST, "bad_request",
                               "Your request is invalid: %s", error->message);

  return body;
}

/* A text field that may also come as an integer (the document types msisdn
 * as an integer but writes it as a string). Returns a new string, or NULL
 * when absent; a wrong type adds an error. */
static char *
read_text (JsonObject *body,
           const char *field,
           GPtrArray  *errors)
{
  JsonNode *node = json_object_get_member (body, field);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  add_invalid (errors, field, "The %s must be a string.", field);
  return NULL;
}

static gboolean
is_plain_decimal (const char *text,
                  guint       max_decimals)
{
  const char *p = text;
  guint decimals = 0;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;

  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        {
          p++;
          decimals++;
        }
      if (decimals == 0)
        return FALSE;
    }

  return *p == '\0' && decimals <= max_decimals;
}

/* An amount: a JSON number (integer or with one or two decimals) or the
 * same as a string; it keeps the form it came in. */
static gboolean
read_amount (JsonObject *body,
             GPtrArray  *errors,
             PdMoney    *out)
{
  JsonNode *node = json_object_get_member (body, "amount");
  g_autoptr(GError) error = NULL;
  PdMoney minimum = ugx (MIN_AMOUNT, 0);
  PdMoney maximum = ugx (MAX_AMOUNT, 0);
  int low = 0, high = 0;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      add_invalid (errors, "amount", "The amount field is required.");
      return FALSE;
    }

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    *out = ugx (json_node_get_int (node), 0);
  else if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
           !is_plain_decimal (json_node_get_string (node), 2) ||
           !pd_money_parse (json_node_get_string (node), CURRENCY, out, &error))
    {
      add_invalid (errors, "amount", "The amount must be a number with at most 2 decimal places.");
      return FALSE;
    }

  pd_money_compare (out, &minimum, &low, NULL);
  pd_money_compare (out, &maximum, &high, NULL);
  if (low < 0 || high > 0)
    {
      add_invalid (errors, "amount", "The amount must be between %d and %d.",
                   MIN_AMOUNT, MAX_AMOUNT);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_msisdn (JsonObject  *body,
             GPtrArray   *errors,
             gboolean     required,
             char       **out,
             Wallet      *wallet)
{
  g_autofree char *msisdn = read_text (body, "msisdn", errors);

  *out = NULL;
  if (msisdn == NULL || *msisdn == '\0')
    {
      if (required)
        add_invalid (errors, "msisdn", "The msisdn field is required.");
      return !required;
    }

  if (!msisdn_wallet (msisdn, wallet))
    {
      add_invalid (errors, "msisdn",
                   "The msisdn must be an MTN or Airtel Uganda number written 256 and nine "
                   "digits, e.g. 256772123456.");
      return FALSE;
    }

  *out = g_steal_pointer (&msisdn);
  return TRUE;
}

static char *
read_required_text (JsonObject *body,
                    const char *field,
                    const char *label,
                    guint       max_length,
                    GPtrArray  *errors)
{
  g_autofree char *text = read_text (body, field, errors);

  if (text == NULL || *g_strstrip (text) == '\0')
    {
      add_invalid (errors, field, "The %s field is required.", label);
      return NULL;
    }

  if (g_utf8_strlen (text, -1) > max_length)
    {
      add_invalid (errors, field, "The %s may not be greater than %u characters.",
                   label, max_length);
      return NULL;
    }

  return g_steal_pointer (&text);
}

/* Transactions */

static void
respond_accepted (PdSandboxRequest  *request,
                  const Transaction *transaction)
{
  PdJsonWriter *writer = pd_json_writer_new ();

  begin_answer (writer, 202, "accepted");
  pd_sandbox_write_string (writer, "message", "Transaction Initiated");
  pd_sandbox_write_string (writer, "transactionReference", transaction->reference);
  pd_json_writer_end_object (writer);

  pd_sandbox_request_respond_json (request, SOUP_STATUS_ACCEPTED, writer);
}

static void
create_transaction (PdSandboxProvider *provider,
                    PdSandboxRequest  *request,
                    Kind               kind)
{
  ZengaPay *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *msisdn = NULL;
  g_autofree char *external_reference = NULL;
  g_autofree char *narration = NULL;
  Transaction *transaction;
  Wallet wallet = WALLET_MTN;
  PdMoney amount;
  gint64 now = pd_sandbox_provider_now (provider);

  if ((body = read_body (request)) == NULL)
    return;

  read_msisdn (body, errors, TRUE, &msisdn, &wallet);
  read_amount (body, errors, &amount);
  external_reference = read_required_text (body, "external_reference", "external reference",
                                           MAX_REFERENCE, errors);
  narration = read_required_text (body, "narration", "narration", MAX_NARRATION, errors);

  if (external_reference != NULL &&
      g_hash_table_contains (self->external_references, external_reference))
    add_invalid (errors, "external_reference", "The external reference has already been taken.");

  if (errors->len > 0)
    {
      respond_invalid (request, errors);
      return;
    }

  transaction = add_transaction (self, kind, wallet, now, now + SETTLE_SECONDS, msisdn, amount,
                                 external_reference, narration, "API");

  /* Paying a new number makes it a contact. */
  if (!kinds[kind].credit && !g_hash_table_contains (self->contact_numbers, msisdn))
    add_contact (self, msisdn, wallet, NULL, NULL, NULL, now);

  respond_accepted (request, transaction);
}

static void
get_transaction (PdSandboxProvider *provider,
                 PdSandboxRequest  *request,
                 Kind               kind)
{
  ZengaPay *self = pd_sandbox_provider_get_state (provider);
  const char *reference = pd_sandbox_request_get_param (request, "reference");
  Transaction *transaction = pd_sandbox_table_lookup (self->transactions[kind], reference);
  PdJsonWriter *writer;

  if (transaction == NULL)
    {
      not_found (request, "transaction");
      return;
    }

  writer = pd_json_writer_new ();
  begin_answer (writer, 200, "OK");
  pd_json_writer_member (writer, "data");
  write_transaction (self, writer, transaction);
  pd_json_writer_end_object (writer);

  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

static void
list_transactions (PdSandboxProvider *provider,
                   PdSandboxRequest  *request,
                   Kind               kind)
{
  ZengaPay *self = pd_sandbox_provider_get_state (provider);
  PdSandboxTable *table = self->transactions[kind];
  g_auto(Paging) paging = { 0 };
  PdJsonWriter *writer;
  guint page;

  if (!read_page (request, &page))
    return;

  paging_init (&paging, request, kinds[kind].member, NULL, page, LIST_PER_PAGE,
               pd_sandbox_table_get_length (table));

  writer = pd_json_writer_new ();
  begin_answer (writer, 200, "OK");
  begin_page (writer, kinds[kind].member, &paging);
  for (guint i = paging.start; i < paging.end; i++)
    write_transaction (self, writer, pd_sandbox_table_get (table, i));
  end_page (writer, &paging, TRUE);
  pd_json_writer_end_object (writer);

  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

#define TRANSACTION_HANDLERS(name, kind) \
  static void \
  create_##name (PdSandboxProvider *provider, \
                 PdSandboxRequest  *request) \
  { \
    create_transaction (provider, request, kind); \
  } \
  static void \
  get_##name (PdSandboxProvider *provider, \
              PdSandboxRequest  *request) \
  { \
    get_transaction (provider, request, kind); \
  } \
  static void \
  list_##name (PdSandboxProvider *provider, \
               PdSandboxRequest  *request) \
  { \
    list_transactions (provider, request, kind); \
  }

TRANSACTION_HANDLERS (collection, KIND_COLLECTION)
TRANSACTION_HANDLERS (transfer, KIND_TRANSFER)
TRANSACTION_HANDLERS (airtime, KIND_AIRTIME)
TRANSACTION_HANDLERS (bundle, KIND_BUNDLE)

/* Account */

static PdMoney
total_balance (ZengaPay *self)
{
  PdMoney total = ugx (0, 0);

  for (guint w = 0; w < N_WALLETS; w++)
    total = money_plus (&total, &self->balances[w]);

  return total;
}

static void
get_account (PdSandboxProvider *provider,
             PdSandboxRequest  *request)
{
  ZengaPay *self = pd_sandbox_provider_get_state (provider);
  PdJsonWriter *writer = pd_json_writer_new ();
  PdMoney total = total_balance (self);
  g_autofree char *words = amount_in_words (&total);

  begin_answer (writer, 200, "OK");
  pd_json_writer_member (writer, "data");
  pd_json_writer_begin_object (writer);
  pd_json_writer_member (writer, "account");
  pd_json_writer_begin_array (writer);
  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "name", "NILE CRAFT TRADERS LIMITED");
  pd_sandbox_write_string (writer, "number", self->account_number);
  pd_sandbox_write_string (writer, "category", "Business");
  pd_sandbox_write_string (writer, "address", "Plot 14, Kampala Road, Kampala");
  pd_sandbox_write_string (writer, "official_email", "accounts@nilecraft.co.ug");
  pd_sandbox_write_string (writer, "support_email", "support@nilecraft.co.ug");
  pd_sandbox_write_string (writer, "website", "https://nilecraft.co.ug");
  write_local_time (writer, "created", self->account_created);
  pd_json_writer_end_object (writer);
  pd_json_writer_end_array (writer);
  pd_json_writer_member (writer, "balance");
  pd_json_writer_begin_object (writer);
  pd_sandbox_write_string (writer, "currency", CURRENCY);
  write_amount (writer, "available", &total);
  pd_sandbox_write_string (writer, "inWords", words);
  pd_json_writer_end_object (writer);
  pd_json_writer_end_object (writer);
  pd_json_writer_end_object (writer);

  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

static void
get_balance (PdSandboxProvider *provider,
             PdSandboxRequest  *request)
{
  ZengaPay *self = pd_sandbox_provider_get_state (provider);
  PdJsonWriter *writer = pd_json_writer_new ();
  PdMoney total = total_balance (self);
  g_autofree char *words = amount_in_words (&total);

  begin_answer (writer, 200, "OK");
  pd_json_writer_member (writer, "data");
  pd_json_writer_begin_object (writer);
  pd_json_writer_member (writer, "balances");
  pd_json_writer_begin_array (writer);
  for (guint w = 0; w < N_WALLETS; w++)
    {
      pd_json_writer_begin_object (writer);
      pd_sandbox_write_string (writer, "currencyName", wallets[w].name);
      pd_sandbox_write_string (writer, "currencyCode", wallets[w].code);
      pd_sandbox_write_string (writer, "currencyProvider", wallets[w].network);
      write_amount (writer, "available", &self->balances[w]);
      pd_json_writer_end_object (writer);
    }
  pd_json_writer_end_array (writer);
  pd_json_writer_member (writer, "balance");
  pd_json_writer_begin_object (writer);
  write_amount (writer, "available", &total);
  pd_sandbox_write_string (writer, "currency", "Ugandan shillings (UGX)");
  pd_sandbox_write_string (writer, "inWords", words);
  pd_json_writer_end_object (writer);
  pd_json_writer_end_object (writer);
  pd_json_writer_end_object (writer);

  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

/* The statement: the posted lines in the order they moved the balances,
 * then the transactions still waiting, oldest first. */

typedef struct
{
  gboolean has_start;
  gboolean has_end;
  gint64   start;
  gint64   end;
  int      status;
  int      wallet;
  int      charges;
  guint    limit;
} Filters;

static int
compare_seq (gconstpointer a,
             gconstpointer b)
{
  const Transaction *ta = *(Transaction * const *)a;
  const Transaction *tb = *(Transaction * const *)b;

  return (ta->seq > tb->seq) - (ta->seq < tb->seq);
}

static gboolean
line_matches (const Filters     *filters,
              const Entry       *entry,
              const Transaction *transaction)
{
  gint64 at;
  int status;
  gboolean charge = entry != NULL && entry->charge;

  if (entry != NULL)
    transaction = entry->transaction;

  at = charge ? transaction->completed : transaction->initiated;
  status = charge ? STATUS_SUCCEEDED : transaction->status;

  return (!filters->has_start || at >= filters->start) &&
         (!filters->has_end || at <= filters->end) &&
         (filters->status < 0 || filters->status == status) &&
         (filters->wallet < 0 || filters->wallet == transaction->wallet) &&
         (filters->charges < 0 || filters->charges == charge);
}

static void
append_query (GString    *query,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  g_string_append_printf (query, "%s=%s&", name, escaped);
}

static int
lookup_name (const char         *value,
             const char * const *names,
             guint               n_names)
{
  for (guint i = 0; i < n_names; i++)
    {
      if (strcmp (value, names[i]) == 0)
        return (int)i;
    }

  return -1;
}

static gboolean
read_filters (PdSandboxRequest *request,
              Filters          *filters,
              GString          *query)
{
  static const char * const designations[] = { "TRANSACTION", "CHARGES" };
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  const char *start = pd_sandbox_request_get_query (request, "start");
  const char *end = pd_sandbox_request_get_query (request, "end");
  const char *status = pd_sandbox_request_get_query (request, "status");
  const char *currency_code = pd_sandbox_request_get_query (request, "currency_code");
  const char *designation = pd_sandbox_request_get_query (request, "designation");
  const char *limit = pd_sandbox_request_get_query (request, "limit");
  const char *codes[N_WALLETS];

  for (guint w = 0; w < N_WALLETS; w++)
    codes[w] = wallets[w].code;

  *filters = (Filters) { .status = -1, .wallet = -1, .charges = -1 };

  if (start != NULL && *start != '\0')
    {
      filters->has_start = parse_local_time (start, FALSE, &filters->start);
      if (!filters->has_start)
        add_invalid (errors, "start", "The start does not match the format Y-m-d H:i:s.");
      append_query (query, "start", start);
    }

  if (end != NULL && *end != '\0')
    {
      filters->has_end = parse_local_time (end, TRUE, &filters->end);
      if (!filters->has_end)
        add_invalid (errors, "end", "The end does not match the format Y-m-d H:i:s.");
      append_query (query, "end", end);
    }

  if (status != NULL && *status != '\0')
    {
      filters->status = lookup_name (status, status_names, N_STATUSES);
      if (filters->status < 0)
        add_invalid (errors, "status",
                     "The selected status is invalid: use FAILED, PENDING, INDETERMINATE "
                     "or SUCCEEDED.");
      append_query (query, "status", status);
    }

  if (currency_code != NULL && *currency_code != '\0')
    {
      filters->wallet = lookup_name (currency_code, codes, N_WALLETS);
      if (filters->wallet < 0)
        add_invalid (errors, "currency_code",
                     "The selected currency code is invalid: use UGX-MTNMM or UGX-ATLMM.");
      append_query (query, "currency_code", currency_code);
    }

  if (designation != NULL && *designation != '\0')
    {
      filters->charges = lookup_name (designation, designations, G_N_ELEMENTS (designations));
      if (filters->charges < 0)
        add_invalid (errors, "designation",
                     "The selected designation is invalid: use TRANSACTION or CHARGES.");
      append_query (query, "designation", designation);
    }

  if (!parse_positive (limit, STATEMENT_DEFAULT_LIMIT, STATEMENT_MAX_LIMIT, &filters->limit))
    add_invalid (errors, "limit", "The limit must be a whole number from 1 to %d.",
                 STATEMENT_MAX_LIMIT);
  else if (limit != NULL)
    append_query (query, "limit", limit);

  if (filters->has_start && filters->has_end && filters->end < filters->start)
    add_invalid (errors, "end", "The end must be a date after or equal to start.");

  if (errors->len > 0)
    {
      respond_invalid (request, errors);
      return FALSE;
    }

  return TRUE;
}

static void
get_statement (PdSandboxProvider *provider,
               PdSandboxRequest  *request)
{
  ZengaPay *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GPtrArray) tail = NULL;
  g_auto(Paging) paging = { 0 };
  PdJsonWriter *writer;
  Filters filters;
  gboolean filtered;
  guint n_posted = self->entries->len;
  guint n_lines, total = 0, position = 0;
  guint page;

  if (!read_filters (request, &filters, query) || !read_page (request, &page))
    return;

  tail = g_ptr_array_copy (self->waiting, NULL, NULL);
  g_ptr_array_sort (tail, compare_seq);
  n_lines = n_posted + tail->len;

  filtered = filters.has_start || filters.has_end || filters.status >= 0 ||
             filters.wallet >= 0 || filters.charges >= 0;

  if (!filtered)
    total = n_lines;
  else
    for (guint i = 0; i < n_lines; i++)
      {
        if (i < n_posted
            ? line_matches (&filters, g_ptr_array_index (self->entries, i), NULL)
            : line_matches (&filters, NULL, g_ptr_array_index (tail, i - n_posted)))
          total++;
      }

  paging_init (&paging, request, "account/statement", query->str, page, filters.limit, total);

  writer = pd_json_writer_new ();
  begin_answer (writer, 200, "OK");
  begin_page (writer, "statement", &paging);
  for (guint i = filtered ? 0 : paging.start; i < n_lines && position < paging.end; i++)
    {
      Entry *entry = i < n_posted ? g_ptr_array_index (self->entries, i) : NULL;
      Transaction *waiting = i < n_posted ? NULL : g_ptr_array_index (tail, i - n_posted);

      if (!filtered)
        position = i;
      else if (!line_matches (&filters, entry, waiting))
        continue;

      if (position >= paging.start)
        write_statement_line (self, writer, entry, waiting);
      position++;
    }
  end_page (writer, &paging, TRUE);
  pd_json_writer_end_object (writer);

  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

/* Networks */

static void
list_networks (PdSandboxProvider *provider,
               PdSandboxRequest  *request)
{
  g_auto(Paging) paging = { 0 };
  PdJsonWriter *writer;
  guint page;

  if (!read_page (request, &page))
    return;

  paging_init (&paging, request, "networks", NULL, page, NETWORKS_PER_PAGE, N_WALLETS);

  writer = pd_json_writer_new ();
  begin_answer (writer, 200, "OK");
  begin_page (writer, "networks", &paging);
  for (guint i = paging.start; i < paging.end; i++)
    write_network (writer, (Wallet)i, TRUE);
  end_page (writer, &paging, FALSE);
  pd_json_writer_end_object (writer);

  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

static void
get_network (PdSandboxProvider *provider,
             PdSandboxRequest  *request)
{
  const char *id = pd_sandbox_request_get_param (request, "id");
  PdJsonWriter *writer;
  guint number;

  if (!parse_positive (id, 0, N_WALLETS, &number))
    {
      not_found (request, "network");
      return;
    }

  writer = pd_json_writer_new ();
  begin_answer (writer, 200, "OK");
  pd_json_writer_member (writer, "network");
  write_network (writer, (Wallet)(number - 1), FALSE);
  pd_json_writer_end_object (writer);

  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

/* Contacts */

static void
respond_contact (ZengaPay         *self,
                 PdSandboxRequest *request,
                 const Contact    *contact,
                 const char       *message)
{
  PdJsonWriter *writer = pd_json_writer_new ();

  begin_answer (writer, 200, "OK");
  if (message != NULL)
    pd_sandbox_write_string (writer, "message", message);
  pd_json_writer_member (writer, "contact");
  write_contact (self, writer, contact);
  pd_json_writer_end_object (writer);

  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

static void
list_contacts (PdSandboxProvider *provider,
               PdSandboxRequest  *request)
{
  ZengaPay *self = pd_sandbox_provider_get_state (provider);
  g_auto(Paging) paging = { 0 };
  PdJsonWriter *writer;
  guint page;

  if (!read_page (request, &page))
    return;

  paging_init (&paging, request, "contacts", NULL, page, LIST_PER_PAGE,
               pd_sandbox_table_get_length (self->contacts));

  writer = pd_json_writer_new ();
  begin_answer (writer, 200, "OK");
  begin_page (writer, "contacts", &paging);
  for (guint i = paging.start; i < paging.end; i++)
    write_contact (self, writer, pd_sandbox_table_get (self->contacts, i));
  end_page (writer, &paging, TRUE);
  pd_json_writer_end_object (writer);

  pd_sandbox_request_respond_json (request, SOUP_STATUS_OK, writer);
}

static void
get_contact (PdSandboxProvider *provider,
             PdSandboxRequest  *request)
{
  ZengaPay *self = pd_sandbox_provider_get_state (provider);
  Contact *contact = pd_sandbox_table_lookup (self->contacts,
                                              pd_sandbox_request_get_param (request, "id"));

  if (contact == NULL)
    not_found (request, "contact");
  else
    respond_contact (self, request, contact, NULL);
}

/* Optional names and e-mail of a contact; "" clears them. */
static void
read_contact_texts (JsonObject *body,
                    GPtrArray  *errors,
                    char      **first_name,
                    char      **last_name,
                    char      **email)
{
  *first_name = read_text (body, "firstName", errors);
  *last_name = read_text (body, "lastName", errors);
  *email = read_text (body, "email", errors);

  if (*first_name != NULL && g_utf8_strlen (*first_name, -1) > MAX_REFERENCE)
    add_invalid (errors, "firstName", "The first name may not be greater than %d characters.",
                 MAX_REFERENCE);
  if (*last_name != NULL && g_utf8_strlen (*last_name, -1) > MAX_REFERENCE)
    add_invalid (errors, "lastName", "The last name may not be greater than %d characters.",
                 MAX_REFERENCE);
  if (*email != NULL && **email != '\0' &&
      (strchr (*email, '@') == NULL || strchr (*email, ' ') != NULL ||
       (*email)[0] == '@' || g_str_has_suffix (*email, "@")))
    add_invalid (errors, "email", "The email must be a valid email address.");
}

static const char *
contact_text (ZengaPay   *self,
              const char *current,
              const char *given)
{
  if (given == NULL)
    return current;
  if (*given == '\0')
    return NULL;

  return pd_sandbox_provider_intern (self->provider, given);
}

static void
create_contact (PdSandboxProvider *provider,
                PdSandboxRequest  *request)
{
  ZengaPay *self = pd_sandbox_provider_get_state (provider);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *msisdn = NULL;
  g_autofree char *first_name = NULL;
  g_autofree char *last_name = NULL;
  g_autofree char *email = NULL;
  Wallet wallet = WALLET_MTN;
  Contact *contact;

  if ((body = read_body (request)) == NULL)
    return;

  read_msisdn (body, errors, TRUE, &msisdn, &wallet);
  read_contact_texts (body, errors, &first_name, &last_name, &email);
  if (msisdn != NULL && g_hash_table_contains (self->contact_numbers, msisdn))
    add_invalid (errors, "msisdn", "The msisdn has already been taken.");

  if (errors->len > 0)
    {
      respond_invalid (request, errors);
      return;
    }

  contact = add_contact (self, msisdn, wallet,
                         contact_text (self, NULL, first_name),
                         contact_text (self, NULL, last_name),
                         contact_text (self, NULL, email),
                         pd_sandbox_provider_now (provider));
  respond_contact (self, request, contact, "Contact created");
}

static void
update_contact (PdSandboxProvider *provider,
                PdSandboxRequest  *request)
{
  ZengaPay *self = pd_sandbox_provider_get_state (provider);
  Contact *contact = pd_sandbox_table_lookup (self->contacts,
                                              pd_sandbox_request_get_param (request, "id"));
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *msisdn = NULL;
  g_autofree char *first_name = NULL;
  g_autofree char *last_name = NULL;
  g_autofree char *email = NULL;
  Wallet wallet = contact ? (Wallet)contact->wallet : WALLET_MTN;
  Contact *holder;

  if (contact == NULL)
    {
      not_found (request, "contact");
      return;
    }

  if ((body = read_body (request)) == NULL)
    return;

  read_msisdn (body, errors, FALSE, &msisdn, &wallet);
  read_contact_texts (body, errors, &first_name, &last_name, &email);
  holder = msisdn ? g_hash_table_lookup (self->contact_numbers, msisdn) : NULL;
  if (holder != NULL && holder != contact)
    add_invalid (errors, "msisdn", "The msisdn has already been taken.");

  if (errors->len > 0)
    {
      respond_invalid (request, errors);
      return;
    }

  if (msisdn != NULL && holder == NULL)
    {
      g_hash_table_remove (self->contact_numbers, contact->msisdn);
      contact->msisdn = pd_sandbox_provider_intern (provider, msisdn);
      contact->wallet = wallet;
      g_hash_table_insert (self->contact_numbers, (gpointer)contact->msisdn, contact);
    }

  contact->first_name = contact_text (self, contact->first_name, first_name);
  contact->last_name = contact_text (self, contact->last_name, last_name);
  contact->email = contact_text (self, contact->email, email);
  contact->updated = pd_sandbox_provider_now (provider);

  respond_contact (self, request, contact, "Contact updated");
}

/* Seeded data */

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 ta = *(const gint64 *)a;
  gint64 tb = *(const gint64 *)b;

  return (ta > tb) - (ta < tb);
}

/* A mobile number as ZengaPay writes it: 2567XXXXXXXX, no "+". */
static char *
seed_msisdn (PdSandboxRandom *random,
             Wallet          *wallet)
{
  g_autofree char *e164 = pd_sandbox_mobile_number (random, PD_SANDBOX_REGION_UGANDA, NULL);
  char *msisdn = g_strdup (e164 + 1);

  if (!msisdn_wallet (msisdn, wallet))
    g_error ("A seeded Ugandan number %s has no known network", msisdn);

  return msisdn;
}

/* Amounts in the forms the document shows: 186600, 186600.00, 7450.5. */
static PdMoney
seed_amount (PdSandboxRandom *random,
             gint64           low,
             gint64           high)
{
  guint tier = pd_sandbox_random_below (random, 100);
  guint form = pd_sandbox_random_below (random, 100);
  gint64 shillings;

  if (tier < 55)
    shillings = pd_sandbox_random_between (random, low, MIN (high, 50000));
  else if (tier < 90)
    shillings = pd_sandbox_random_between (random, MIN (high, 50000), MIN (high, 300000));
  else
    shillings = pd_sandbox_random_between (random, MIN (high, 300000), high);

  shillings -= shillings % 50;
  shillings = MAX (shillings, MIN_AMOUNT);

  if (form < 60)
    return ugx (shillings, 0);
  if (form < 85)
    return ugx (shillings * 100, 2);

  return ugx (shillings * 10 + pd_sandbox_random_between (random, 1, 9), 1);
}

static const char * const collection_narrations[] = {
  "Credit Note", "Clearing Invoice", "Service Setup", "School fees", "Order", "Hosting renewal",
};

static const char * const transfer_narrations[] = {
  "Payout", "Supplier payment", "Salary advance", "Refund to customer", "Boda boda fleet fuel",
};

static const char * const airtime_narrations[] = {
  "Airtime top up",
};

static const char * const bundle_narrations[] = {
  "Data bundle 1GB weekly", "Voice bundle 100 minutes", "Data bundle 10GB monthly",
};

static const char * const * const narrations[N_KINDS] = {
  collection_narrations, transfer_narrations, airtime_narrations, bundle_narrations,
};

static const guint n_narrations[N_KINDS] = {
  G_N_ELEMENTS (collection_narrations), G_N_ELEMENTS (transfer_narrations),
  G_N_ELEMENTS (airtime_narrations), G_N_ELEMENTS (bundle_narrations),
};

static const char * const seed_channels[] = {
  "API", "API", "API", "API", "API", "API", "API", "API", "WEB", "WEB", "APP",
};

static void
seed_contacts (ZengaPay        *self,
               PdSandboxRandom *random,
               guint            count,
               gint64           from)
{
  for (guint i = 0; i < count; i++)
    {
      g_auto(PdSandboxPerson) person = { 0 };
      g_autofree char *msisdn = NULL;
      g_auto(GStrv) names = NULL;
      Wallet wallet;

      pd_sandbox_person_init (&person, random, PD_SANDBOX_REGION_UGANDA);
      msisdn = seed_msisdn (random, &wallet);
      if (g_hash_table_contains (self->contact_numbers, msisdn))
        continue;

      names = g_strsplit (person.name, " ", 2);
      add_contact (self, msisdn, wallet, names[0], names[1],
                   pd_sandbox_random_percent (random, 60) ? person.email : NULL,
                   from + (gint64)i * 14 * DAY / count);
    }
}

/* A unique external reference as merchants' systems write them:
 * "YYMMDDHHMMSS" and two digits. */
static char *
seed_external_reference (ZengaPay        *self,
                         PdSandboxRandom *random,
                         gint64           at)
{
  char local[LOCAL_TIME_LENGTH];

  print_local (local, at);
  for (;;)
    {
      g_autofree char *reference =
        g_strdup_printf ("%.2s%.2s%.2s%.2s%.2s%.2s%02u", local + 2, local + 5, local + 8,
                         local + 11, local + 14, local + 17, pd_sandbox_random_below (random, 100));

      if (!g_hash_table_contains (self->external_references, reference))
        return g_steal_pointer (&reference);

      at++;
      print_local (local, at);
    }
}

static void
seed_transactions (ZengaPay        *self,
                   PdSandboxRandom *random,
                   guint            count,
                   gint64           start)
{
  g_autofree gint64 *times = g_new (gint64, MAX (count, 1));
  guint n_contacts = pd_sandbox_table_get_length (self->contacts);

  for (guint i = 0; i < count; i++)
    times[i] = pd_sandbox_random_between (random, start - SEED_SPAN, start - 3 * 60 * 60);
  qsort (times, count, sizeof *times, compare_times);

  /* The newest two show the waiting states: one collection the customer
   * has not approved yet, one INDETERMINATE for hours. */
  if (count >= 2)
    {
      times[count - 2] = start - 2 * 60 * 60;
      times[count - 1] = start - 15 * 60;
    }

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *msisdn = NULL;
      g_autofree char *reference = NULL;
      g_autofree char *document = NULL;
      g_autofree char *narration = NULL;
      const char *channel = PD_SANDBOX_RANDOM_PICK (random, seed_channels);
      const char *prefix;
      guint roll = pd_sandbox_random_below (random, 100);
      Kind kind = roll < 70 ? KIND_COLLECTION
                  : roll < 88 ? KIND_TRANSFER
                  : roll < 94 ? KIND_AIRTIME : KIND_BUNDLE;
      Wallet wallet = WALLET_MTN;
      gint64 settles_at;
      PdMoney amount;

      if (i + 2 >= count)
        kind = KIND_COLLECTION;

      if (!kinds[kind].credit && n_contacts > 0 && pd_sandbox_random_percent (random, 75))
        {
          Contact *contact = pd_sandbox_table_get (self->contacts,
                                                   pd_sandbox_random_below (random, n_contacts));

          msisdn = g_strdup (contact->msisdn);
          wallet = contact->wallet;
        }
      else
        {
          msisdn = seed_msisdn (random, &wallet);
        }

      /* Some customers decline; the document's test numbers decide how. */
      if (i + 2 == count)
        memcpy (msisdn + 9, INDETERMINATE_SUFFIX, 3);
      else if (i + 1 < count && pd_sandbox_random_percent (random, 4))
        memcpy (msisdn + 9, FAILING_SUFFIX, 3);

      switch (kind)
        {
        case KIND_COLLECTION:
          amount = seed_amount (random, 1000, 3000000);
          settles_at = times[i] + pd_sandbox_random_between (random, 8, 90);
          break;
        case KIND_TRANSFER:
          amount = seed_amount (random, 1000, 1500000);
          settles_at = times[i] + pd_sandbox_random_between (random, 3, 40);
          break;
        case KIND_AIRTIME:
          amount = ugx (pd_sandbox_random_between (random, 2, 100) * 500, 0);
          settles_at = times[i] + pd_sandbox_random_between (random, 2, 10);
          break;
        case KIND_BUNDLE:
        case N_KINDS:
        default:
          amount = ugx (pd_sandbox_random_between (random, 1, 10) * 5000, 0);
          settles_at = times[i] + pd_sandbox_random_between (random, 2, 10);
          break;
        }

      if (i + 1 == count)
        settles_at = start + 20 * 60;

      reference = seed_external_reference (self, random, times[i]);
      document = g_strdup_printf ("%010u", (guint)pd_sandbox_random_between (random, 1000000000,
                                                                              2999999999));
      prefix = pd_sandbox_random_pick (random, narrations[kind], n_narrations[kind]);
      narration = g_strdup_printf ("%s - %s", prefix, document);

      /* One in ten says it in the customer's own words, quotes and all. */
      if (kind == KIND_COLLECTION && pd_sandbox_random_percent (random, 10))
        {
          g_free (narration);
          narration = pd_sandbox_description (random, PD_SANDBOX_REGION_UGANDA);
        }

      add_transaction (self, kind, wallet, times[i], settles_at, msisdn, amount, reference,
                       narration, channel);

      if (!kinds[kind].credit && !g_hash_table_contains (self->contact_numbers, msisdn))
        add_contact (self, msisdn, wallet, NULL, NULL, NULL, times[i]);
    }

  settle_due (self, start, NULL);
}

/* Set-up */

static const struct
{
  const char       *method;
  const char       *pattern;
  PdSandboxHandler  handler;
} routes[] = {
  { "GET", "/collections", list_collection },
  { "POST", "/collections", create_collection },
  { "GET", "/collections/{reference}", get_collection },
  { "GET", "/transfers", list_transfer },
  { "POST", "/transfers", create_transfer },
  { "GET", "/transfers/{reference}", get_transfer },
  { "GET", "/airtime", list_airtime },
  { "POST", "/airtime", create_airtime },
  { "GET", "/airtime/{reference}", get_airtime },
  { "GET", "/bundles", list_bundle },
  { "POST", "/bundles", create_bundle },
  { "GET", "/bundles/{reference}", get_bundle },
  { "GET", "/account", get_account },
  { "GET", "/account/balance", get_balance },
  { "GET", "/account/statement", get_statement },
  { "GET", "/networks", list_networks },
  { "GET", "/networks/{id}", get_network },
  { "GET", "/contacts", list_contacts },
  { "POST", "/contacts", create_contact },
  { "GET", "/contacts/{id}", get_contact },
  { "PUT", "/contacts/{id}", update_contact },
  { "PATCH", "/contacts/{id}", update_contact },
};

static gpointer
zengapay_create (PdSandboxProvider *provider,
                 guint              records)
{
  ZengaPay *self = g_new0 (ZengaPay, 1);
  PdSandboxRandom *random = pd_sandbox_provider_get_random (provider);
  gint64 start = pd_sandbox_provider_get_start (provider);
  g_autoptr(GString) account_number = g_string_new ("100835");
  const char *secret_hash;

  self->provider = provider;
  for (guint k = 0; k < N_KINDS; k++)
    self->transactions[k] = pd_sandbox_table_new (g_free);
  self->contacts = pd_sandbox_table_new (g_free);
  self->contact_numbers = g_hash_table_new (g_str_hash, g_str_equal);
  self->external_references = g_hash_table_new (g_str_hash, g_str_equal);
  self->entries = g_ptr_array_new_with_free_func (g_free);
  self->waiting = g_ptr_array_new ();
  for (guint w = 0; w < N_WALLETS; w++)
    self->balances[w] = ugx (0, 0);

  self->token = pd_sandbox_provider_take (provider,
                                          pd_sandbox_random_token (random, "ZPYPUBK-", 40));
  secret_hash = pd_sandbox_provider_take (provider, pd_sandbox_random_token (random, NULL, 32));
  pd_sandbox_provider_set_credential (provider, "token", self->token);
  pd_sandbox_provider_set_credential (provider, "secret_hash", secret_hash);

  pd_sandbox_random_digits (random, account_number, 6);
  self->account_number = pd_sandbox_provider_intern (provider, account_number->str);
  self->account_created = start - SEED_SPAN - 21 * DAY;

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    pd_sandbox_provider_add_route (provider, routes[i].method, routes[i].pattern,
                                   routes[i].handler);

  /* --records counts collections, transfers, airtime and bundles together;
   * the statement holds about two lines for each. */
  seed_contacts (self, random, records / 10, start - SEED_SPAN - 14 * DAY);
  seed_transactions (self, random, records, start);

  return self;
}

static void
zengapay_free (gpointer data)
{
  ZengaPay *self = data;

  g_ptr_array_unref (self->waiting);
  g_ptr_array_unref (self->entries);
  g_hash_table_unref (self->external_references);
  g_hash_table_unref (self->contact_numbers);
  pd_sandbox_table_free (self->contacts);
  for (guint k = 0; k < N_KINDS; k++)
    pd_sandbox_table_free (self->transactions[k]);
  g_free (self);
}

const PdSandboxProviderInfo pd_zengapay_sandbox_info = {
  .name = "zengapay",
  .slot = 2,
  .base_path = "/v1",
  .flags = PD_SANDBOX_PROVIDER_FLAGS_NONE,
  .idempotency_header = NULL,
  .create = zengapay_create,
  .free_state = zengapay_free,
  .authenticate = authenticate,
  .write_error = write_error,
};

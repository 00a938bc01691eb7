/* test-sandbox-zengapay.c - the ZengaPay simulator against its document
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pd-json.h"
#include "pd-money.h"
#include "pd-test-sandbox.h"

#define NO_DATE "0000-00-00 00:00:00"

static const char * const statuses[] = { "PENDING", "SUCCEEDED", "FAILED", "INDETERMINATE", NULL };
static const char * const channels[] = { "API", "WEB", "APP", NULL };

static const char * const transaction_keys[] = {
  "transactionSystemId", "transactionReference", "transactionStatus", "amount", "msisdn",
  "channel", "currencyCode", "currencyName", "MNOTransactionReferenceId",
  "transactionExternalReference", "transactionExternalNarrative", "transactionInitiationDate",
  "transactionCompletionDate", "transactionEntryGeneralType", "transactionEntryDesignation",
  "transactionEntrySpecificType", NULL,
};

static const char * const statement_keys[] = {
  "transactionSystemId", "transactionReference", "transactionStatus", "amount", "msisdn",
  "channel", "currencyCode", "currencyName", "balanceBeforeTransaction",
  "balanceAfterTransaction", "transactionExternalReference", "transactionExternalNarrative",
  "transactionInitiationDate", "transactionCompletionDate", "transactionEntryGeneralType",
  "transactionEntryDesignation", "transactionEntrySpecificType", NULL,
};

static const char * const page_keys[] = {
  "current_page", "data", "first_page_url", "from", "last_page", "last_page_url", "links",
  "next_page_url", "path", "per_page", "prev_page_url", "to", "total", NULL,
};

/* Shorthand: the string member, failing the test if it is not one. */
static const char *
text_of (JsonObject *object,
         const char *member)
{
  return pd_test_assert_string_member (object, member);
}

/* Requests */

static PdTestResponse *
zenga_full (PdTestSandbox *sandbox,
            const char    *method,
            const char    *path,
            const char    *body,
            const char    *authorization,
            const char    *accept)
{
  g_autofree char *url = g_str_has_prefix (path, "http://")
                         ? g_strdup (path)
                         : pd_test_sandbox_url (sandbox, "zengapay", path);
  const char *headers[5] = { NULL };
  guint n = 0;
  PdTestRequest request = {
    .method = method,
    .url = url,
    .headers = headers,
    .content_type = "application/json",
    .body = body,
  };

  if (authorization != NULL)
    {
      headers[n++] = "Authorization";
      headers[n++] = authorization;
    }
  if (accept != NULL)
    {
      headers[n++] = "Accept";
      headers[n++] = accept;
    }

  return pd_test_sandbox_send (sandbox, &request);
}

static PdTestResponse *
zenga (PdTestSandbox *sandbox,
       const char    *method,
       const char    *path,
       const char    *body)
{
  g_autofree char *authorization =
    g_strconcat ("Bearer ", pd_test_sandbox_get_credential (sandbox, "zengapay", "token"), NULL);

  return zenga_full (sandbox, method, path, body, authorization, "application/json");
}

/* Checks the usual {code, status, …} answer; amounts must be JSON numbers,
 * never strings, so the raw text is checked too. */
static JsonObject *
assert_ok (PdTestResponse *response)
{
  static const char * const money_members[] = {
    "\"amount\":\"", "\"available\":\"", "\"balanceBeforeTransaction\":\"",
    "\"balanceAfterTransaction\":\"",
  };
  g_autofree char *text = NULL;
  JsonObject *object;

  g_assert_no_error (response->error);
  text = pd_test_response_dup_text (response);
  if (response->status != 200)
    g_error ("expected 200, got %u: %s", response->status, text);

  object = pd_test_response_get_object (response);
  g_assert_cmpint (pd_test_assert_int_member (object, "code"), ==, 200);
  g_assert_cmpstr (text_of (object, "status"), ==, "OK");

  for (guint i = 0; i < G_N_ELEMENTS (money_members); i++)
    g_assert_null (strstr (text, money_members[i]));

  return object;
}

/* The document's error body: {code, status, message}. */
static JsonObject *
assert_error (PdTestResponse *response,
              guint           status,
              const char     *phrase)
{
  JsonObject *object;

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, status);
  object = pd_test_response_get_object (response);
  g_assert_cmpint (pd_test_assert_int_member (object, "code"), ==, status);
  g_assert_cmpstr (text_of (object, "status"), ==, phrase);
  g_assert_cmpuint (strlen (text_of (object, "message")), >, 0);

  return object;
}

/* A 422 and the fields it names. */
static void
assert_invalid (PdTestResponse     *response,
                const char * const *fields)
{
  JsonObject *object = assert_error (response, 422, "Unprocessable Entity");
  JsonObject *errors = pd_test_assert_object_member (object, "errors");

  g_assert_cmpuint (json_object_get_size (errors), ==, g_strv_length ((char **)fields));
  for (guint i = 0; fields[i] != NULL; i++)
    {
      JsonArray *messages = pd_test_assert_array_member (errors, fields[i]);

      g_assert_cmpuint (json_array_get_length (messages), >=, 1);
      g_assert_cmpuint (strlen (json_array_get_string_element (messages, 0)), >, 0);
    }
}

static void
assert_keys (JsonObject         *object,
             const char * const *keys,
             const char         *extra)
{
  guint n = g_strv_length ((char **)keys);

  for (guint i = 0; i < n; i++)
    {
      if (!json_object_has_member (object, keys[i]))
        g_error ("the member “%s” is missing", keys[i]);
    }

  if (extra != NULL)
    {
      g_assert_true (json_object_has_member (object, extra));
      n++;
    }

  g_assert_cmpuint (json_object_get_size (object), ==, n);
}

/* Values */

static PdMoney
ugx (const char *text)
{
  g_autoptr(GError) error = NULL;
  PdMoney money;

  g_assert_true (pd_money_parse (text, "UGX", &money, &error));
  g_assert_no_error (error);
  return money;
}

static PdMoney
assert_amount (JsonObject *object,
               const char *member)
{
  g_autoptr(GError) error = NULL;
  PdMoney money;

  if (!pd_json_node_get_money (json_object_get_member (object, member), "UGX", PD_AMOUNT_MAJOR,
                               &money, &error))
    g_error ("the member “%s” is not an amount: %s", member, error->message);

  return money;
}

/* The amount exactly as it was written: "186600", "186600.00", "2152.2". */
static char *
amount_text (JsonObject *object,
             const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  return g_strdup (text_of (object, member));
}

static void
assert_money (const PdMoney *actual,
              const char    *expected)
{
  PdMoney wanted = ugx (expected);

  if (!pd_money_equal (actual, &wanted))
    {
      g_autofree char *text = pd_money_to_plain (actual);

      g_error ("expected UGX %s, got %s", expected, text);
    }
}

static PdMoney
money_plus (const PdMoney *a,
            const PdMoney *b)
{
  PdMoney sum;

  g_assert_true (pd_money_add (a, b, &sum, NULL));
  return sum;
}

static PdMoney
money_minus (const PdMoney *a,
             const PdMoney *b)
{
  PdMoney difference;

  g_assert_true (pd_money_subtract (a, b, &difference, NULL));
  return difference;
}

/* "YYYY-MM-DD HH:mm:ss" in Kampala time, as Unix time; 0 for the
 * document's "0000-00-00 00:00:00". */
static gint64
assert_local_time (JsonObject *object,
                   const char *member)
{
  const char *text = text_of (object, member);
  g_autofree char *iso = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (strcmp (text, NO_DATE) == 0)
    return 0;

  g_assert_cmpuint (strlen (text), ==, 19);
  g_assert_true (text[4] == '-' && text[7] == '-' && text[10] == ' ' &&
                 text[13] == ':' && text[16] == ':');
  iso = g_strdup_printf ("%.10sT%s+03:00", text, text + 11);
  time = g_date_time_new_from_iso8601 (iso, NULL);
  g_assert_nonnull (time);

  return g_date_time_to_unix (time);
}

static gboolean
is_digits (const char *text,
           gsize       length)
{
  if (strlen (text) != length)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }

  return TRUE;
}

static void
assert_uuid (const char *text)
{
  g_assert_cmpuint (strlen (text), ==, 36);
  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        g_assert_cmpint (text[i], ==, '-');
      else
        g_assert_true (g_ascii_isxdigit (text[i]));
    }
}

static void
assert_system_id (const char *text)
{
  g_assert_cmpuint (strlen (text), ==, 17);
  g_assert_true (g_str_has_prefix (text, "ZPY"));
  g_assert_true (g_str_has_suffix (text, "TX"));
  for (guint i = 3; i < 15; i++)
    g_assert_true (g_ascii_isdigit (text[i]));
}

/* An MTN number goes with the MTN wallet, an Airtel one with Airtel's. */
static void
assert_msisdn_wallet (const char *msisdn,
                      const char *currency_code)
{
  static const char * const mtn[] = { "77", "78", "76", NULL };
  static const char * const airtel[] = { "70", "75", "74", NULL };
  char prefix[3] = { 0 };

  g_assert_true (is_digits (msisdn, 12));
  g_assert_true (g_str_has_prefix (msisdn, "2567"));
  memcpy (prefix, msisdn + 3, 2);

  if (strcmp (currency_code, "UGX-MTNMM") == 0)
    g_assert_true (g_strv_contains (mtn, prefix));
  else if (strcmp (currency_code, "UGX-ATLMM") == 0)
    g_assert_true (g_strv_contains (airtel, prefix));
  else
    g_error ("unknown currency code %s", currency_code);
}

static const char *
currency_name (const char *currency_code)
{
  if (strcmp (currency_code, "UGX-MTNMM") == 0)
    return "Ugandan shillings (MTN Mobile Money)";

  return "Ugandan shillings (Airtel Money)";
}

/* A collection, transfer, airtime or bundle object as the document shows it. */
static void
assert_transaction (JsonObject *object,
                    const char *kind)
{
  gboolean collection = strcmp (kind, "collections") == 0;
  const char *status = text_of (object, "transactionStatus");
  const char *currency_code = text_of (object, "currencyCode");
  gboolean final = strcmp (status, "SUCCEEDED") == 0 || strcmp (status, "FAILED") == 0;
  PdMoney amount = assert_amount (object, "amount");
  gint64 initiated, completed;
  const char *specific;

  assert_keys (object, transaction_keys, collection ? "customerCharged" : NULL);
  assert_system_id (text_of (object, "transactionSystemId"));
  assert_uuid (text_of (object, "transactionReference"));
  g_assert_true (g_strv_contains (statuses, status));
  g_assert_cmpint (pd_money_sign (&amount), >, 0);
  assert_msisdn_wallet (text_of (object, "msisdn"), currency_code);
  g_assert_true (g_strv_contains (channels, text_of (object, "channel")));
  g_assert_cmpstr (text_of (object, "currencyName"), ==,
                   currency_name (currency_code));
  if (collection)
    g_assert_false (pd_test_assert_boolean_member (object, "customerCharged"));

  if (final)
    g_assert_true (is_digits (text_of (object, "MNOTransactionReferenceId"), 11));
  else
    pd_test_assert_null_member (object, "MNOTransactionReferenceId");

  g_assert_cmpuint (strlen (text_of (object, "transactionExternalReference")), >, 0);
  g_assert_cmpuint (strlen (text_of (object, "transactionExternalNarrative")), >, 0);

  initiated = assert_local_time (object, "transactionInitiationDate");
  completed = assert_local_time (object, "transactionCompletionDate");
  g_assert_cmpint (initiated, >, 0);
  if (final)
    g_assert_cmpint (completed, >=, initiated);
  else
    g_assert_cmpint (completed, ==, 0);

  g_assert_cmpstr (text_of (object, "transactionEntryGeneralType"), ==,
                   collection ? "CREDIT" : "DEBIT");
  g_assert_cmpstr (text_of (object, "transactionEntryDesignation"), ==,
                   "TRANSACTION");
  specific = text_of (object, "transactionEntrySpecificType");
  if (collection)
    g_assert_cmpstr (specific, ==, "INBOUND_MSISDN_CREDIT");
  else if (strcmp (kind, "transfers") == 0)
    g_assert_cmpstr (specific, ==, "OUTBOUND_MSISDN_DEBIT");
  else if (strcmp (kind, "airtime") == 0)
    g_assert_cmpstr (specific, ==, "OUTBOUND_AIRTIME_DEBIT");
  else
    g_assert_cmpstr (specific, ==, "OUTBOUND_BUNDLE_DEBIT");
}

static void
assert_statement_line (JsonObject *object)
{
  const char *designation = text_of (object, "transactionEntryDesignation");
  const char *currency_code = text_of (object, "currencyCode");
  const char *status = text_of (object, "transactionStatus");
  gint64 completed;

  assert_keys (object, statement_keys, NULL);
  assert_system_id (text_of (object, "transactionSystemId"));
  assert_uuid (text_of (object, "transactionReference"));
  g_assert_true (g_strv_contains (statuses, status));
  assert_amount (object, "amount");
  assert_amount (object, "balanceBeforeTransaction");
  assert_amount (object, "balanceAfterTransaction");
  g_assert_cmpstr (text_of (object, "currencyName"), ==,
                   currency_name (currency_code));
  assert_local_time (object, "transactionInitiationDate");
  completed = assert_local_time (object, "transactionCompletionDate");
  g_assert_true ((completed == 0) ==
                 (strcmp (status, "PENDING") == 0 || strcmp (status, "INDETERMINATE") == 0));

  if (strcmp (designation, "CHARGES") == 0)
    {
      pd_test_assert_null_member (object, "msisdn");
      g_assert_cmpstr (text_of (object, "channel"), ==, "BACK_END_PROCESSOR");
      g_assert_cmpstr (status, ==, "SUCCEEDED");
      g_assert_cmpstr (text_of (object, "transactionEntryGeneralType"), ==,
                       "DEBIT");
      g_assert_cmpstr (text_of (object, "transactionEntrySpecificType"), ==,
                       "OUTBOUND_ZPACCT_DEBIT");
      assert_system_id (text_of (object, "transactionExternalReference"));
    }
  else
    {
      g_assert_cmpstr (designation, ==, "TRANSACTION");
      assert_msisdn_wallet (text_of (object, "msisdn"), currency_code);
      g_assert_true (g_strv_contains (channels, text_of (object, "channel")));
    }
}

/* Pages */

static char *
path_without_query (const char *url)
{
  const char *query = strchr (url, '?');

  return query ? g_strndup (url, query - url) : g_strdup (url);
}

/* Checks one page envelope against the document's and returns its
 * next_page_url (or NULL on the last page). */
static char *
assert_page (PdTestSandbox *sandbox,
             JsonObject    *page,
             const char    *url,
             guint          number,
             guint          per_page,
             gboolean       with_links)
{
  const char *base = pd_test_sandbox_get_base_url (sandbox, "zengapay");
  g_autofree char *path = path_without_query (url);
  JsonArray *data;
  gint64 total, last_page, count;
  g_autofree char *page_marker = g_strdup_printf ("page=%u", number + 1);

  if (with_links)
    assert_keys (page, page_keys, NULL);
  else
    g_assert_false (json_object_has_member (page, "links"));

  data = pd_test_assert_array_member (page, "data");
  count = json_array_get_length (data);
  total = pd_test_assert_int_member (page, "total");
  last_page = pd_test_assert_int_member (page, "last_page");

  g_assert_cmpint (pd_test_assert_int_member (page, "current_page"), ==, number);
  g_assert_cmpint (pd_test_assert_int_member (page, "per_page"), ==, per_page);
  g_assert_cmpint (last_page, ==, MAX (1, (total + per_page - 1) / per_page));
  g_assert_cmpstr (text_of (page, "path"), ==, path);
  g_assert_true (g_str_has_prefix (text_of (page, "first_page_url"), base));
  g_assert_true (g_str_has_suffix (text_of (page, "first_page_url"), "page=1"));
  g_assert_true (g_str_has_prefix (text_of (page, "last_page_url"), base));

  if (count == 0)
    {
      pd_test_assert_null_member (page, "from");
      pd_test_assert_null_member (page, "to");
    }
  else
    {
      gint64 skipped = (gint64)(number - 1) * per_page;

      g_assert_cmpint (pd_test_assert_int_member (page, "from"), ==, skipped + 1);
      g_assert_cmpint (pd_test_assert_int_member (page, "to"), ==, skipped + count);
      g_assert_cmpint (count, <=, per_page);
    }

  if (number == 1)
    pd_test_assert_null_member (page, "prev_page_url");
  else
    g_assert_true (g_str_has_prefix (text_of (page, "prev_page_url"), base));

  if (with_links)
    {
      JsonArray *links = pd_test_assert_array_member (page, "links");
      JsonObject *previous = json_array_get_object_element (links, 0);
      JsonObject *next = json_array_get_object_element (links, json_array_get_length (links) - 1);

      g_assert_cmpstr (text_of (previous, "label"), ==, "pagination.previous");
      g_assert_cmpstr (text_of (next, "label"), ==, "pagination.next");
      g_assert_false (pd_test_assert_boolean_member (next, "active"));
    }

  if (number >= last_page)
    {
      g_assert_cmpint (count, ==,
                       number == last_page ? total - (gint64)(number - 1) * per_page : 0);
      pd_test_assert_null_member (page, "next_page_url");
      return NULL;
    }

  g_assert_cmpint (count, ==, per_page);
  g_assert_true (g_str_has_prefix (text_of (page, "next_page_url"), base));
  g_assert_true (g_str_has_suffix (text_of (page, "next_page_url"), page_marker));
  return g_strdup (text_of (page, "next_page_url"));
}

/* Follows next_page_url from @path to the last page; returns every item. */
static GPtrArray *
walk (PdTestSandbox *sandbox,
      const char    *path,
      const char    *member,
      guint          per_page,
      gboolean       with_links)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  g_autofree char *url = pd_test_sandbox_url (sandbox, "zengapay", path);
  gint64 total = -1;
  guint number = 1;

  while (url != NULL)
    {
      g_autoptr(PdTestResponse) response = zenga (sandbox, "GET", url, NULL);
      JsonObject *page = pd_test_assert_object_member (assert_ok (response), member);
      JsonArray *data = pd_test_assert_array_member (page, "data");
      g_autofree char *next = NULL;

      if (total < 0)
        total = pd_test_assert_int_member (page, "total");
      g_assert_cmpint (pd_test_assert_int_member (page, "total"), ==, total);

      for (guint i = 0; i < json_array_get_length (data); i++)
        g_ptr_array_add (items, json_object_ref (json_array_get_object_element (data, i)));

      next = assert_page (sandbox, page, url, number, per_page, with_links);
      g_free (url);
      url = g_steal_pointer (&next);
      number++;
    }

  g_assert_cmpint (items->len, ==, total);
  return items;
}

static void
assert_unique (GPtrArray  *items,
               const char *member)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < items->len; i++)
    {
      const char *value = text_of (g_ptr_array_index (items, i), member);

      if (!g_hash_table_add (seen, (gpointer)value))
        g_error ("%s %s appears twice", member, value);
    }
}

static JsonObject *
find_item (GPtrArray  *items,
           const char *member,
           const char *value)
{
  for (guint i = 0; i < items->len; i++)
    {
      JsonObject *item = g_ptr_array_index (items, i);

      if (g_strcmp0 (text_of (item, member), value) == 0)
        return item;
    }

  return NULL;
}

/* Money movements */

static char *
create (PdTestSandbox *sandbox,
        const char    *kind,
        const char    *msisdn,
        const char    *amount,
        const char    *reference)
{
  g_autofree char *path = g_strconcat ("/", kind, NULL);
  g_autofree char *body =
    g_strdup_printf ("{\"msisdn\":\"%s\",\"amount\":%s,\"external_reference\":\"%s\","
                     "\"narration\":\"Clearing Invoice - %s\"}",
                     msisdn, amount, reference, reference);
  g_autoptr(PdTestResponse) response = zenga (sandbox, "POST", path, body);
  JsonObject *object;

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, 202);
  object = pd_test_response_get_object (response);
  assert_keys (object, (const char * const[]) { "code", "status", "message",
                                                "transactionReference", NULL }, NULL);
  g_assert_cmpint (pd_test_assert_int_member (object, "code"), ==, 202);
  g_assert_cmpstr (text_of (object, "status"), ==, "accepted");
  g_assert_cmpstr (text_of (object, "message"), ==, "Transaction Initiated");
  assert_uuid (text_of (object, "transactionReference"));

  return g_strdup (text_of (object, "transactionReference"));
}

/* GET one transaction; the caller frees the response that owns it. */
static JsonObject *
fetch (PdTestSandbox   *sandbox,
       const char      *kind,
       const char      *reference,
       PdTestResponse **response)
{
  g_autofree char *path = g_strdup_printf ("/%s/%s", kind, reference);
  JsonObject *data;

  *response = zenga (sandbox, "GET", path, NULL);
  data = pd_test_assert_object_member (assert_ok (*response), "data");
  assert_transaction (data, kind);
  g_assert_cmpstr (text_of (data, "transactionReference"), ==, reference);

  return data;
}

static char *
status_of (PdTestSandbox *sandbox,
           const char    *kind,
           const char    *reference)
{
  g_autoptr(PdTestResponse) response = NULL;
  JsonObject *data = fetch (sandbox, kind, reference, &response);

  return g_strdup (text_of (data, "transactionStatus"));
}

/* The wallet balance of @currency_code ("UGX-MTNMM") or the total (NULL). */
static PdMoney
balance_of (PdTestSandbox *sandbox,
            const char    *currency_code)
{
  g_autoptr(PdTestResponse) response = zenga (sandbox, "GET", "/account/balance", NULL);
  JsonObject *data = pd_test_assert_object_member (assert_ok (response), "data");
  JsonArray *balances = pd_test_assert_array_member (data, "balances");

  if (currency_code == NULL)
    return assert_amount (pd_test_assert_object_member (data, "balance"), "available");

  for (guint i = 0; i < json_array_get_length (balances); i++)
    {
      JsonObject *wallet = json_array_get_object_element (balances, i);

      if (strcmp (text_of (wallet, "currencyCode"), currency_code) == 0)
        return assert_amount (wallet, "available");
    }

  g_error ("no wallet %s", currency_code);
}

static GPtrArray *
statement (PdTestSandbox *sandbox,
           const char    *query,
           guint          per_page)
{
  g_autofree char *path = g_strconcat ("/account/statement", query ? "?" : "", query, NULL);
  GPtrArray *lines = walk (sandbox, path, "statement", per_page, TRUE);

  for (guint i = 0; i < lines->len; i++)
    assert_statement_line (g_ptr_array_index (lines, i));

  return lines;
}

static guint
ledger_count (JsonArray  *ledger,
              const char *id)
{
  guint count = 0;

  for (guint i = 0; i < json_array_get_length (ledger); i++)
    {
      JsonObject *entry = json_array_get_object_element (ledger, i);

      if (g_strcmp0 (text_of (entry, "id"), id) == 0)
        count++;
    }

  return count;
}

/* Tests */

static void
test_first_line (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start ("--records", "0", NULL);
  const char *base = pd_test_sandbox_get_base_url (sandbox, "zengapay");
  const char *token = pd_test_sandbox_get_credential (sandbox, "zengapay", "token");

  g_assert_true (g_str_has_prefix (base, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (base, "/v1"));
  g_assert_true (g_str_has_prefix (token, "ZPYPUBK-"));
  g_assert_cmpuint (strlen (token), >, 20);
  g_assert_cmpuint (strlen (pd_test_sandbox_get_credential (sandbox, "zengapay", "secret_hash")),
                    >=, 16);
}

static void
test_auth (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start ("--records", "5", NULL);
  const char *token = pd_test_sandbox_get_credential (sandbox, "zengapay", "token");
  g_autofree char *lower = g_strconcat ("bearer ", token, NULL);
  g_autofree char *bare = g_strdup (token);
  g_autoptr(PdTestResponse) missing = zenga_full (sandbox, "GET", "/collections", NULL, NULL, NULL);
  g_autoptr(PdTestResponse) wrong = zenga_full (sandbox, "GET", "/collections", NULL,
                                                "Bearer ZPYPUBK-not-the-token", NULL);
  g_autoptr(PdTestResponse) no_scheme = zenga_full (sandbox, "GET", "/account", NULL, bare, NULL);
  g_autoptr(PdTestResponse) post = zenga_full (sandbox, "POST", "/transfers",
                                               "{\"msisdn\":\"256772123456\"}", NULL, NULL);
  g_autoptr(PdTestResponse) scheme_case = zenga_full (sandbox, "GET", "/networks", NULL,
                                                      lower, NULL);
  g_autoptr(PdTestResponse) html = zenga_full (sandbox, "GET", "/networks", NULL,
                                               lower, "text/html");
  g_autoptr(PdTestResponse) unknown = zenga (sandbox, "GET", "/banks/everywhere", NULL);
  g_autoptr(PdTestResponse) method = zenga (sandbox, "DELETE", "/collections", NULL);
  JsonObject *object = assert_error (missing, 401, "Unauthorized");

  g_assert_true (strstr (text_of (object, "message"), "API KEY") != NULL);
  assert_keys (object, (const char * const[]) { "code", "status", "message", NULL }, NULL);
  assert_error (wrong, 401, "Unauthorized");
  assert_error (no_scheme, 401, "Unauthorized");
  assert_error (post, 401, "Unauthorized");
  assert_ok (scheme_case);
  assert_error (html, 406, "Not Acceptable");
  assert_error (unknown, 404, "Not Found");
  assert_error (method, 405, "Method Not Allowed");
}

static void
test_lists (void)
{
  static const char * const kinds[] = { "collections", "transfers", "airtime", "bundles" };
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start ("--seed", "3", "--records", "320",
                                                            NULL);
  g_autoptr(GHashTable) references = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint all = 0;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *path = g_strconcat ("/", kinds[k], NULL);
      g_autoptr(GPtrArray) items = walk (sandbox, path, kinds[k], 25, TRUE);
      g_autoptr(PdTestResponse) response = NULL;
      g_autoptr(PdTestResponse) beyond = NULL;
      g_autoptr(PdTestResponse) bad_page = NULL;
      g_autofree char *beyond_path = g_strdup_printf ("%s?page=%u", path, items->len / 25 + 5);
      g_autofree char *bad_path = g_strdup_printf ("%s?page=zero", path);
      g_autofree char *missing_path = g_strdup_printf ("%s/%s", path,
                                                       "00000000-0000-5000-8000-000000000000");
      g_autoptr(PdTestResponse) missing = zenga (sandbox, "GET", missing_path, NULL);
      JsonObject *first, *got;
      gint64 previous = 0;

      g_assert_cmpuint (items->len, >, k < 2 ? 25 : 3);
      assert_unique (items, "transactionReference");
      assert_unique (items, "transactionSystemId");

      for (guint i = 0; i < items->len; i++)
        {
          JsonObject *item = g_ptr_array_index (items, i);
          gint64 initiated = assert_local_time (item, "transactionInitiationDate");

          assert_transaction (item, kinds[k]);
          /* Oldest first, as the document's pages are. */
          g_assert_cmpint (initiated, >=, previous);
          previous = initiated;
          g_hash_table_add (references,
                            g_strdup (text_of (item, "transactionExternalReference")));
          all++;
        }

      /* A single object is the list's, field for field. */
      first = g_ptr_array_index (items, items->len / 2);
      got = fetch (sandbox, kinds[k], text_of (first, "transactionReference"),
                   &response);
      {
        g_autoptr(JsonNode) a = json_node_init_object (json_node_alloc (), first);
        g_autoptr(JsonNode) b = json_node_init_object (json_node_alloc (), got);

        g_assert_true (json_node_equal (a, b));
      }

      beyond = zenga (sandbox, "GET", beyond_path, NULL);
      g_assert_cmpuint (json_array_get_length (pd_test_assert_array_member (
        pd_test_assert_object_member (assert_ok (beyond), kinds[k]), "data")), ==, 0);
      bad_page = zenga (sandbox, "GET", bad_path, NULL);
      assert_invalid (bad_page, (const char * const[]) { "page", NULL });
      assert_error (missing, 404, "Not Found");
    }

  /* External references are unique across every kind. */
  g_assert_cmpuint (g_hash_table_size (references), ==, all);
  g_assert_cmpuint (all, ==, 320);

  /* A transfer is not a collection. */
  {
    g_autoptr(GPtrArray) transfers = walk (sandbox, "/transfers", "transfers", 25, TRUE);
    g_autofree char *path = g_strdup_printf ("/collections/%s",
                                             text_of (g_ptr_array_index (transfers, 0),
                                                                           "transactionReference"));
    g_autoptr(PdTestResponse) response = zenga (sandbox, "GET", path, NULL);

    assert_error (response, 404, "Not Found");
  }
}

/* A request body from raw JSON values of msisdn and amount. */
static PdTestResponse *
post_fields (PdTestSandbox *sandbox,
             const char    *kind,
             const char    *msisdn,
             const char    *amount,
             const char    *reference)
{
  g_autofree char *path = g_strconcat ("/", kind, NULL);
  g_autofree char *body =
    g_strdup_printf ("{\"msisdn\":%s,\"amount\":%s,\"external_reference\":\"%s\","
                     "\"narration\":\"n\"}", msisdn, amount, reference);

  return zenga (sandbox, "POST", path, body);
}

static void
test_create_validation (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start ("--records", "20", NULL);
  g_autofree char *reference = NULL;
  g_autoptr(PdTestResponse) empty = zenga (sandbox, "POST", "/collections", NULL);
  g_autoptr(PdTestResponse) object = zenga (sandbox, "POST", "/transfers", "{}");
  g_autoptr(PdTestResponse) kenyan = post_fields (sandbox, "collections", "\"254712345678\"",
                                                 "5000", "v1");
  g_autoptr(PdTestResponse) short_number = post_fields (sandbox, "collections", "\"25677123456\"",
                                                       "5000", "v2");
  g_autoptr(PdTestResponse) small = post_fields (sandbox, "collections", "\"256772123456\"",
                                                "100", "v3");
  g_autoptr(PdTestResponse) decimals = post_fields (sandbox, "collections", "\"256772123456\"",
                                                   "5000.125", "v4");
  g_autoptr(PdTestResponse) words = post_fields (sandbox, "airtime", "\"256772123456\"",
                                                "\"five\"", "v5");
  g_autoptr(PdTestResponse) typed = post_fields (sandbox, "bundles", "[256772123456]",
                                                "5000", "v6");
  g_autoptr(PdTestResponse) malformed = zenga (sandbox, "POST", "/collections", "{\"msisdn\":");
  g_autoptr(PdTestResponse) duplicate = NULL;
  g_autoptr(PdTestResponse) integer_msisdn = NULL;
  g_autoptr(GPtrArray) collections = NULL;

  assert_invalid (empty, (const char * const[]) { "msisdn", "amount", "external_reference",
                                                  "narration", NULL });
  assert_invalid (object, (const char * const[]) { "msisdn", "amount", "external_reference",
                                                   "narration", NULL });
  assert_invalid (kenyan, (const char * const[]) { "msisdn", NULL });
  assert_invalid (short_number, (const char * const[]) { "msisdn", NULL });
  assert_invalid (small, (const char * const[]) { "amount", NULL });
  assert_invalid (decimals, (const char * const[]) { "amount", NULL });
  assert_invalid (words, (const char * const[]) { "amount", NULL });
  assert_invalid (typed, (const char * const[]) { "msisdn", NULL });
  assert_error (malformed, 400, "Bad Request");

  /* The document's own request: msisdn as a string, amount an integer. */
  reference = create (sandbox, "collections", "256775203801", "256600", "400000");
  duplicate = zenga (sandbox, "POST", "/transfers",
    "{\"msisdn\":\"256775203801\",\"amount\":256600,\"external_reference\":\"400000\","
    "\"narration\":\"Payout - 11200390191\"}");
  assert_invalid (duplicate, (const char * const[]) { "external_reference", NULL });

  /* Its table types msisdn as an integer: that is accepted too. */
  integer_msisdn = zenga (sandbox, "POST", "/collections",
    "{\"msisdn\":256755329361,\"amount\":\"186600.00\",\"external_reference\":\"v7\","
    "\"narration\":\"Credit Note\"}");
  g_assert_cmpuint (integer_msisdn->status, ==, 202);

  /* Nothing invalid was created. */
  collections = walk (sandbox, "/collections", "collections", 25, TRUE);
  g_assert_nonnull (find_item (collections, "transactionReference", reference));
  g_assert_null (find_item (collections, "transactionExternalReference", "v1"));
  g_assert_null (find_item (collections, "transactionExternalReference", "v3"));
  g_assert_nonnull (find_item (collections, "transactionExternalReference", "v7"));
}

/* A collection waits on the customer, then settles on the simulated clock:
 * the wallet grows by the amount less the fee, the statement gains both
 * lines and the ledger one movement. */
static void
test_collection_settles (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start ("--seed", "5", "--records", "60", NULL);
  PdMoney before = balance_of (sandbox, "UGX-MTNMM");
  PdMoney airtel = balance_of (sandbox, "UGX-ATLMM");
  PdMoney after, expected;
  g_autofree char *reference = NULL;
  g_autofree char *status = NULL;
  g_autofree char *start = NULL;
  g_autofree char *query = NULL;
  g_autofree char *fee_text = NULL;
  g_autofree char *amount_literal = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  g_autoptr(PdTestResponse) response = NULL;
  g_autoptr(PdTestResponse) settled_response = NULL;
  JsonObject *data, *line, *charge, *entry;
  PdMoney fee;

  pd_test_sandbox_clear_ledger (sandbox);
  reference = create (sandbox, "collections", "256772123456", "107610.00", "INV-2026-0001");

  data = fetch (sandbox, "collections", reference, &response);
  g_assert_cmpstr (text_of (data, "transactionStatus"), ==, "PENDING");
  g_assert_cmpstr (text_of (data, "transactionCompletionDate"), ==, NO_DATE);
  g_assert_cmpstr (text_of (data, "currencyCode"), ==, "UGX-MTNMM");
  g_assert_cmpstr (text_of (data, "channel"), ==, "API");
  amount_literal = amount_text (data, "amount");
  g_assert_cmpstr (amount_literal, ==, "107610.00");

  /* Waiting, it is on the statement but has moved nothing. */
  pending = statement (sandbox, "status=PENDING", 15);
  line = find_item (pending, "transactionReference", reference);
  g_assert_nonnull (line);
  {
    PdMoney line_before = assert_amount (line, "balanceBeforeTransaction");
    PdMoney line_after = assert_amount (line, "balanceAfterTransaction");

    g_assert_true (pd_money_equal (&line_before, &before));
    g_assert_true (pd_money_equal (&line_after, &before));
  }
  ledger = pd_test_sandbox_get_ledger (sandbox, "zengapay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 0);
  g_clear_pointer (&ledger, json_array_unref);

  pd_test_sandbox_advance_clock (sandbox, 25);
  data = fetch (sandbox, "collections", reference, &settled_response);
  g_assert_cmpstr (text_of (data, "transactionStatus"), ==, "SUCCEEDED");
  g_assert_cmpint (assert_local_time (data, "transactionCompletionDate") -
                   assert_local_time (data, "transactionInitiationDate"), ==, 20);

  /* 2 % of 107610 is the document's 2152.2. */
  after = balance_of (sandbox, "UGX-MTNMM");
  fee = ugx ("2152.2");
  expected = money_plus (&before, &(PdMoney) { 10761000, 2, "UGX" });
  expected = money_minus (&expected, &fee);
  g_assert_true (pd_money_equal (&after, &expected));
  {
    PdMoney airtel_after = balance_of (sandbox, "UGX-ATLMM");

    g_assert_true (pd_money_equal (&airtel_after, &airtel));
  }

  start = g_strndup (text_of (data, "transactionInitiationDate"), 19);
  query = g_strdup_printf ("start=%.10s%%20%s&currency_code=UGX-MTNMM", start, start + 11);
  lines = statement (sandbox, query, 15);
  g_assert_cmpuint (lines->len, ==, 2);
  line = g_ptr_array_index (lines, 0);
  charge = g_ptr_array_index (lines, 1);
  g_assert_cmpstr (text_of (line, "transactionReference"), ==, reference);
  g_assert_cmpstr (text_of (line, "transactionEntryGeneralType"), ==, "CREDIT");
  g_assert_cmpstr (text_of (line, "transactionStatus"), ==, "SUCCEEDED");
  {
    PdMoney line_before = assert_amount (line, "balanceBeforeTransaction");
    PdMoney line_after = assert_amount (line, "balanceAfterTransaction");
    PdMoney charge_before = assert_amount (charge, "balanceBeforeTransaction");
    PdMoney charge_after = assert_amount (charge, "balanceAfterTransaction");

    g_assert_true (pd_money_equal (&line_before, &before));
    expected = money_plus (&before, &(PdMoney) { 107610, 0, "UGX" });
    g_assert_true (pd_money_equal (&line_after, &expected));
    g_assert_true (pd_money_equal (&charge_before, &line_after));
    g_assert_true (pd_money_equal (&charge_after, &after));
  }
  g_assert_cmpstr (text_of (charge, "transactionEntryDesignation"), ==, "CHARGES");
  g_assert_cmpstr (text_of (charge, "transactionExternalReference"), ==,
                   text_of (line, "transactionSystemId"));
  g_assert_nonnull (strstr (text_of (charge, "transactionExternalNarrative"),
                            text_of (line, "transactionSystemId")));
  fee_text = amount_text (charge, "amount");
  g_assert_cmpstr (fee_text, ==, "2152.2");

  /* One movement in the ledger, and it stays one. */
  ledger = pd_test_sandbox_get_ledger (sandbox, "zengapay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
  entry = json_array_get_object_element (ledger, 0);
  g_assert_cmpstr (text_of (entry, "operation"), ==, "collection");
  g_assert_cmpstr (text_of (entry, "id"), ==, reference);
  g_assert_cmpstr (text_of (entry, "reference"), ==, "INV-2026-0001");
  g_assert_cmpstr (text_of (entry, "target"), ==, "256772123456");
  g_assert_cmpstr (text_of (entry, "currency"), ==, "UGX");
  {
    PdMoney moved = ugx (text_of (entry, "amount"));

    assert_money (&moved, "107610");
  }
  g_clear_pointer (&ledger, json_array_unref);

  pd_test_sandbox_advance_clock (sandbox, 60);
  status = status_of (sandbox, "collections", reference);
  g_assert_cmpstr (status, ==, "SUCCEEDED");
  ledger = pd_test_sandbox_get_ledger (sandbox, "zengapay");
  g_assert_cmpuint (ledger_count (ledger, reference), ==, 1);
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
}

/* From an empty account: a transfer the wallet cannot cover fails, one
 * it can succeeds with its 1 % fee, a number ending in 999 always fails. */
static void
test_transfers_airtime_bundles (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start ("--records", "0", NULL);
  g_autofree char *too_much = NULL;
  g_autofree char *deposit = NULL;
  g_autofree char *small = NULL;
  g_autofree char *fee_text = NULL;
  g_autofree char *payout = NULL;
  g_autofree char *declined = NULL;
  g_autofree char *airtime_mtn = NULL;
  g_autofree char *airtime = NULL;
  g_autofree char *bundle = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GPtrArray) bundles = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  g_autoptr(PdTestResponse) response = NULL;
  PdMoney balance;
  JsonObject *line, *contact;

  too_much = create (sandbox, "transfers", "256702123456", "5000", "PAY-1");
  pd_test_sandbox_advance_clock (sandbox, 25);
  deposit = create (sandbox, "collections", "256752123456", "200000", "INV-1");
  small = create (sandbox, "collections", "256752123457", "1237.5", "INV-2");
  pd_test_sandbox_advance_clock (sandbox, 25);

  {
    g_autoptr(PdTestResponse) account = zenga (sandbox, "GET", "/account/balance", NULL);
    JsonObject *data = pd_test_assert_object_member (assert_ok (account), "data");
    JsonObject *total = pd_test_assert_object_member (data, "balance");

    g_assert_cmpstr (text_of (total, "inWords"), ==,
                     "One Hundred Ninety Seven Thousand, Two Hundred Twelve Shillings");
  }

  payout = create (sandbox, "transfers", "256702123456", "50000.50", "PAY-2");
  declined = create (sandbox, "transfers", "256702123999", "1000", "PAY-3");
  airtime_mtn = create (sandbox, "airtime", "256772555111", "1000", "AIR-1");
  airtime = create (sandbox, "airtime", "256752555111", "1000", "AIR-2");
  bundle = create (sandbox, "bundles", "256752555111", "5000", "BUN-1");
  pd_test_sandbox_advance_clock (sandbox, 25);

  {
    const char *references[] = { too_much, deposit, payout, declined, airtime_mtn, airtime,
                                 bundle };
    const char *kinds[] = { "transfers", "collections", "transfers", "transfers", "airtime",
                            "airtime", "bundles" };
    const char *expected[] = { "FAILED", "SUCCEEDED", "SUCCEEDED", "FAILED", "FAILED",
                               "SUCCEEDED", "SUCCEEDED" };

    for (guint i = 0; i < G_N_ELEMENTS (references); i++)
      {
        g_autofree char *status = status_of (sandbox, kinds[i], references[i]);

        g_assert_cmpstr (status, ==, expected[i]);
      }
  }

  /* 200000 − 2 % = 196000; 1237.5 − 24.8 (2 % is 24.75, half up to a
   * tenth); − 50000.50 − 500 (1 %) − 1000 − 5000. */
  balance = balance_of (sandbox, "UGX-ATLMM");
  assert_money (&balance, "140712.2");
  balance = balance_of (sandbox, "UGX-MTNMM");
  assert_money (&balance, "0");
  balance = balance_of (sandbox, NULL);
  assert_money (&balance, "140712.2");

  /* A failed transfer is on the statement and moved nothing. */
  lines = statement (sandbox, NULL, 15);
  line = find_item (lines, "transactionReference", too_much);
  g_assert_nonnull (line);
  g_assert_cmpstr (text_of (line, "transactionStatus"), ==, "FAILED");
  balance = assert_amount (line, "balanceBeforeTransaction");
  assert_money (&balance, "0");
  balance = assert_amount (line, "balanceAfterTransaction");
  assert_money (&balance, "0");
  /* 2 collections + charges, transfer + charge, airtime, bundle, 3 failed. */
  g_assert_cmpuint (lines->len, ==, 11);
  line = find_item (lines, "transactionReference", small);
  g_assert_nonnull (line);
  line = g_ptr_array_index (lines, 4);
  g_assert_cmpstr (text_of (line, "transactionEntryDesignation"), ==, "CHARGES");
  fee_text = amount_text (line, "amount");
  g_assert_cmpstr (fee_text, ==, "24.8");

  ledger = pd_test_sandbox_get_ledger (sandbox, "zengapay");
  {
    const char *operations[] = { "collection", "collection", "transfer", "airtime", "bundle" };
    const char *ids[] = { deposit, small, payout, airtime, bundle };

    g_assert_cmpuint (json_array_get_length (ledger), ==, G_N_ELEMENTS (operations));
    for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
      {
        JsonObject *entry = json_array_get_object_element (ledger, i);

        g_assert_cmpstr (text_of (entry, "operation"), ==, operations[i]);
        g_assert_cmpstr (text_of (entry, "id"), ==, ids[i]);
      }
  }
  g_assert_cmpuint (ledger_count (ledger, too_much), ==, 0);
  g_assert_cmpuint (ledger_count (ledger, declined), ==, 0);
  balance = ugx (text_of (json_array_get_object_element (ledger, 2), "amount"));
  assert_money (&balance, "50000.5");

  /* Paying a new number made it a contact. */
  contacts = walk (sandbox, "/contacts", "contacts", 25, TRUE);
  contact = find_item (contacts, "msisdn", "256702123456");
  g_assert_nonnull (contact);
  pd_test_assert_null_member (contact, "firstName");
  g_assert_null (find_item (contacts, "msisdn", "256752123456"));

  bundles = walk (sandbox, "/bundles", "bundles", 25, TRUE);
  g_assert_cmpuint (bundles->len, ==, 1);
  response = zenga (sandbox, "GET", "/transfers?page=1", NULL);
  g_assert_cmpint (pd_test_assert_int_member (pd_test_assert_object_member (assert_ok (response),
                                                                            "transfers"),
                                              "total"), ==, 3);
}

static void
test_indeterminate (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start ("--records", "0", NULL);
  g_autofree char *waiting = create (sandbox, "collections", "256772000888", "50000", "INV-8");
  g_autofree char *declined = create (sandbox, "collections", "256752000999", "50000", "INV-9");
  g_autoptr(PdTestResponse) first = NULL;
  g_autoptr(PdTestResponse) second = NULL;
  g_autoptr(PdTestResponse) third = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  JsonObject *data;
  PdMoney balance;

  pd_test_sandbox_advance_clock (sandbox, 25);
  data = fetch (sandbox, "collections", waiting, &first);
  g_assert_cmpstr (text_of (data, "transactionStatus"), ==, "INDETERMINATE");
  pd_test_assert_null_member (data, "MNOTransactionReferenceId");
  g_assert_cmpstr (text_of (data, "transactionCompletionDate"), ==, NO_DATE);

  data = fetch (sandbox, "collections", declined, &second);
  g_assert_cmpstr (text_of (data, "transactionStatus"), ==, "FAILED");
  g_assert_cmpstr (text_of (data, "transactionCompletionDate"), !=, NO_DATE);

  lines = statement (sandbox, "status=INDETERMINATE", 15);
  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_cmpstr (text_of (g_ptr_array_index (lines, 0), "transactionReference"),
                   ==, waiting);
  balance = balance_of (sandbox, NULL);
  assert_money (&balance, "0");
  ledger = pd_test_sandbox_get_ledger (sandbox, "zengapay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 0);
  g_clear_pointer (&ledger, json_array_unref);

  /* Still unresolved an hour later, resolved within the day. */
  pd_test_sandbox_advance_clock (sandbox, 60 * 60);
  {
    g_autofree char *status = status_of (sandbox, "collections", waiting);

    g_assert_cmpstr (status, ==, "INDETERMINATE");
  }
  pd_test_sandbox_advance_clock (sandbox, 6 * 60 * 60);
  data = fetch (sandbox, "collections", waiting, &third);
  g_assert_cmpstr (text_of (data, "transactionStatus"), ==, "SUCCEEDED");
  g_assert_true (is_digits (text_of (data, "MNOTransactionReferenceId"), 11));
  balance = balance_of (sandbox, "UGX-MTNMM");
  assert_money (&balance, "49000");
  ledger = pd_test_sandbox_get_ledger (sandbox, "zengapay");
  g_assert_cmpuint (json_array_get_length (ledger), ==, 1);
  g_assert_cmpuint (ledger_count (ledger, waiting), ==, 1);
}

/* Lines of @all that @keep accepts, in order, as their system ids. */
typedef gboolean (*LineFilter) (JsonObject *line,
                                gconstpointer data);

static gboolean
member_is (JsonObject   *line,
           const char   *member,
           gconstpointer value)
{
  return strcmp (text_of (line, member), value) == 0;
}

static gboolean
status_is (JsonObject *line, gconstpointer value)
{
  return member_is (line, "transactionStatus", value);
}

static gboolean
currency_is (JsonObject *line, gconstpointer value)
{
  return member_is (line, "currencyCode", value);
}

static gboolean
designation_is (JsonObject *line, gconstpointer value)
{
  return member_is (line, "transactionEntryDesignation", value);
}

static gboolean
within (JsonObject *line, gconstpointer value)
{
  const gint64 *window = value;
  gint64 at = assert_local_time (line, "transactionInitiationDate");

  return at >= window[0] && at <= window[1];
}

static gboolean
mtn_succeeded_transactions (JsonObject *line, gconstpointer value)
{
  return currency_is (line, "UGX-MTNMM") && status_is (line, "SUCCEEDED") &&
         designation_is (line, "TRANSACTION");
}

static void
assert_filtered (PdTestSandbox *sandbox,
                 GPtrArray     *all,
                 const char    *query,
                 guint          per_page,
                 LineFilter     keep,
                 gconstpointer  data,
                 gboolean       expect_some)
{
  g_autoptr(GPtrArray) lines = statement (sandbox, query, per_page);
  guint j = 0;

  for (guint i = 0; i < all->len; i++)
    {
      JsonObject *line = g_ptr_array_index (all, i);

      if (!keep (line, data))
        continue;

      if (j >= lines->len)
        g_error ("%s: the line %s is missing", query,
                 text_of (line, "transactionSystemId"));
      g_assert_cmpstr (text_of (g_ptr_array_index (lines, j), "transactionSystemId"),
                       ==, text_of (line, "transactionSystemId"));
      j++;
    }

  g_assert_cmpuint (j, ==, lines->len);
  if (expect_some)
    g_assert_cmpuint (j, >, 0);
}

static void
test_statement_filters (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start ("--seed", "9", "--records", "400",
                                                            NULL);
  g_autoptr(GPtrArray) all = statement (sandbox, "limit=500", 500);
  g_autoptr(GPtrArray) defaults = statement (sandbox, NULL, 15);
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *window_query = NULL;
  gint64 window[2];
  static const struct
  {
    const char *query;
    const char *field;
  } invalid[] = {
    { "status=succeeded", "status" },
    { "status=DONE", "status" },
    { "currency_code=UGX", "currency_code" },
    { "designation=FEES", "designation" },
    { "start=yesterday", "start" },
    { "end=2026-13-01%2000:00:00", "end" },
    { "limit=0", "limit" },
    { "limit=ten", "limit" },
    { "start=2026-06-01&end=2026-05-01", "end" },
  };

  g_assert_cmpuint (all->len, >, 400);
  g_assert_cmpuint (defaults->len, ==, all->len);
  assert_unique (all, "transactionSystemId");

  assert_filtered (sandbox, all, "status=FAILED&limit=10", 10, status_is, "FAILED", TRUE);
  assert_filtered (sandbox, all, "status=PENDING", 15, status_is, "PENDING", TRUE);
  assert_filtered (sandbox, all, "status=INDETERMINATE&limit=1", 1,
                   status_is, "INDETERMINATE", TRUE);
  assert_filtered (sandbox, all, "status=SUCCEEDED&limit=100", 100, status_is, "SUCCEEDED", TRUE);
  assert_filtered (sandbox, all, "currency_code=UGX-ATLMM&limit=40", 40,
                   currency_is, "UGX-ATLMM", TRUE);
  assert_filtered (sandbox, all, "currency_code=UGX-MTNMM&limit=40", 40,
                   currency_is, "UGX-MTNMM", TRUE);
  assert_filtered (sandbox, all, "designation=CHARGES&limit=7", 7, designation_is, "CHARGES", TRUE);
  assert_filtered (sandbox, all, "designation=TRANSACTION&limit=50", 50,
                   designation_is, "TRANSACTION", TRUE);
  assert_filtered (sandbox, all,
                   "currency_code=UGX-MTNMM&status=SUCCEEDED&designation=TRANSACTION&limit=9",
                   9, mtn_succeeded_transactions, NULL, TRUE);

  /* A window of dates, inclusive at both ends, in the document's format. */
  start = g_strdup (text_of (g_ptr_array_index (all, all->len / 3),
                                                  "transactionInitiationDate"));
  end = g_strdup (text_of (g_ptr_array_index (all, all->len / 2),
                                                "transactionInitiationDate"));
  window[0] = assert_local_time (g_ptr_array_index (all, all->len / 3),
                                 "transactionInitiationDate");
  window[1] = assert_local_time (g_ptr_array_index (all, all->len / 2),
                                 "transactionInitiationDate");
  start[10] = '+';
  end[10] = '+';
  window_query = g_strdup_printf ("start=%s&end=%s&limit=12", start, end);
  assert_filtered (sandbox, all, window_query, 12, within, window, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autofree char *path = g_strdup_printf ("/account/statement?%s", invalid[i].query);
      g_autoptr(PdTestResponse) response = zenga (sandbox, "GET", path, NULL);

      assert_invalid (response, (const char * const[]) { invalid[i].field, NULL });
    }
}

/* Seeded data: 18 months, phones and amounts in the document's forms, and
 * per wallet a chain of balances from zero to what the balance says. */
static void
test_seeded_statement (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start ("--seed", "21", "--records", "500",
                                                            NULL);
  g_autoptr(GPtrArray) lines = statement (sandbox, "limit=500", 500);
  g_autoptr(GPtrArray) collections = walk (sandbox, "/collections", "collections", 25, TRUE);
  g_autoptr(GHashTable) by_system_id = g_hash_table_new (g_str_hash, g_str_equal);
  static const char * const codes[] = { "UGX-MTNMM", "UGX-ATLMM" };
  PdMoney running[2] = { { 0, 0, "UGX" }, { 0, 0, "UGX" } };
  guint forms[3] = { 0 };
  guint counted[4] = { 0 };
  gint64 first = G_MAXINT64, last = 0;
  PdMoney total = { 0, 0, "UGX" };
  g_autoptr(GDateTime) clock_start = g_date_time_new_from_iso8601 ("2026-06-30T12:00:00Z", NULL);
  guint charged_collections = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      JsonObject *line = g_ptr_array_index (lines, i);
      const char *code = text_of (line, "currencyCode");
      const char *status = text_of (line, "transactionStatus");
      const char *designation = text_of (line, "transactionEntryDesignation");
      guint w = strcmp (code, codes[0]) == 0 ? 0 : 1;
      PdMoney amount = assert_amount (line, "amount");
      PdMoney before = assert_amount (line, "balanceBeforeTransaction");
      PdMoney after = assert_amount (line, "balanceAfterTransaction");
      PdMoney expected = running[w];
      gint64 at = assert_local_time (line, "transactionInitiationDate");

      g_assert_true (pd_money_equal (&before, &running[w]));
      if (strcmp (status, "SUCCEEDED") == 0)
        {
          if (strcmp (text_of (line, "transactionEntryGeneralType"), "CREDIT") == 0)
            expected = money_plus (&before, &amount);
          else
            expected = money_minus (&before, &amount);
        }
      if (!pd_money_equal (&after, &expected))
        g_error ("line %u (%s) does not chain", i,
                 text_of (line, "transactionSystemId"));
      g_assert_cmpint (pd_money_sign (&after), >=, 0);
      running[w] = after;

      /* A charge follows the line it charges, on the same wallet. */
      if (strcmp (designation, "CHARGES") == 0)
        {
          const char *target = text_of (line, "transactionExternalReference");
          JsonObject *charged = g_hash_table_lookup (by_system_id, target);

          g_assert_nonnull (charged);
          g_assert_true (charged == g_ptr_array_index (lines, i - 1));
          g_assert_cmpstr (text_of (charged, "currencyCode"), ==, code);
          g_assert_cmpstr (text_of (charged, "transactionStatus"), ==, "SUCCEEDED");
        }
      else
        {
          for (guint k = 0; statuses[k] != NULL; k++)
            counted[k] += strcmp (status, statuses[k]) == 0;
        }

      g_hash_table_insert (by_system_id,
                           (gpointer)text_of (line, "transactionSystemId"), line);
      first = MIN (first, at);
      last = MAX (last, at);
    }

  /* Every succeeded collection is charged 2 %, rounded half up to a tenth
   * of a shilling (HACKING.md, "Provider readings"). */
  for (guint i = 0; i + 1 < lines->len; i++)
    {
      JsonObject *line = g_ptr_array_index (lines, i);
      JsonObject *next = g_ptr_array_index (lines, i + 1);
      PdMoney amount, fee, expected;
      gint64 divisor = 1;

      if (strcmp (text_of (line, "transactionEntrySpecificType"),
                  "INBOUND_MSISDN_CREDIT") != 0 ||
          strcmp (text_of (line, "transactionStatus"), "SUCCEEDED") != 0)
        continue;

      g_assert_cmpstr (text_of (next, "transactionEntryDesignation"), ==,
                       "CHARGES");
      amount = assert_amount (line, "amount");
      fee = assert_amount (next, "amount");
      for (guint k = 0; k < amount.scale + 1u; k++)
        divisor *= 10;
      pd_money_init (&expected, (amount.units * 2 + divisor / 2) / divisor, 1, "UGX");
      g_assert_true (pd_money_equal (&fee, &expected));
      charged_collections++;
    }
  g_assert_cmpuint (charged_collections, >, 100);

  /* Balances end where the balance endpoint says, and add up. */
  for (guint w = 0; w < 2; w++)
    {
      PdMoney wallet = balance_of (sandbox, codes[w]);

      g_assert_true (pd_money_equal (&wallet, &running[w]));
      total = money_plus (&total, &wallet);
    }
  {
    PdMoney stated = balance_of (sandbox, NULL);

    g_assert_true (pd_money_equal (&stated, &total));
  }

  /* Eighteen months of history, ending before the clock's start. */
  g_assert_cmpint (last - first, >, 500 * 24 * 60 * 60);
  g_assert_cmpint (last, <=, g_date_time_to_unix (clock_start));
  g_assert_cmpuint (counted[0], >=, 1);   /* PENDING */
  g_assert_cmpuint (counted[1], >, 100);  /* SUCCEEDED */
  g_assert_cmpuint (counted[2], >=, 3);   /* FAILED */
  g_assert_cmpuint (counted[3], >=, 1);   /* INDETERMINATE */

  /* Amounts in the document's three forms: 186600, 186600.00, 2152.2. */
  for (guint i = 0; i < collections->len; i++)
    {
      g_autofree char *text = amount_text (g_ptr_array_index (collections, i), "amount");
      const char *point = strchr (text, '.');

      forms[point == NULL ? 0 : strlen (point + 1) == 2 ? 1 : 2]++;
      if (point != NULL)
        g_assert_cmpuint (strlen (point + 1), <=, 2);
    }
  g_assert_cmpuint (forms[0], >, 10);
  g_assert_cmpuint (forms[1], >, 10);
  g_assert_cmpuint (forms[2], >, 10);
}

static void
test_account_and_networks (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start ("--records", "40", NULL);
  g_autoptr(PdTestResponse) summary = zenga (sandbox, "GET", "/account", NULL);
  g_autoptr(PdTestResponse) balance = zenga (sandbox, "GET", "/account/balance", NULL);
  g_autoptr(PdTestResponse) network = zenga (sandbox, "GET", "/networks/2", NULL);
  g_autoptr(PdTestResponse) no_network = zenga (sandbox, "GET", "/networks/3", NULL);
  g_autoptr(PdTestResponse) bad_network = zenga (sandbox, "GET", "/networks/airtel", NULL);
  g_autoptr(GPtrArray) networks = walk (sandbox, "/networks", "networks", 15, FALSE);
  JsonObject *data, *account, *total, *object;
  JsonArray *wallets;
  PdMoney sum = { 0, 0, "UGX" };
  PdMoney available;

  data = pd_test_assert_object_member (assert_ok (summary), "data");
  assert_keys (data, (const char * const[]) { "account", "balance", NULL }, NULL);
  g_assert_cmpuint (json_array_get_length (pd_test_assert_array_member (data, "account")), ==, 1);
  account = json_array_get_object_element (pd_test_assert_array_member (data, "account"), 0);
  assert_keys (account, (const char * const[]) { "name", "number", "category", "address",
                                                 "official_email", "support_email", "website",
                                                 "created", NULL }, NULL);
  g_assert_true (is_digits (text_of (account, "number"), 12));
  assert_local_time (account, "created");
  total = pd_test_assert_object_member (data, "balance");
  assert_keys (total, (const char * const[]) { "currency", "available", "inWords", NULL }, NULL);
  g_assert_cmpstr (text_of (total, "currency"), ==, "UGX");
  g_assert_true (g_str_has_suffix (text_of (total, "inWords"), " Shillings"));
  available = assert_amount (total, "available");

  data = pd_test_assert_object_member (assert_ok (balance), "data");
  wallets = pd_test_assert_array_member (data, "balances");
  g_assert_cmpuint (json_array_get_length (wallets), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *wallet = json_array_get_object_element (wallets, i);
      PdMoney amount = assert_amount (wallet, "available");

      assert_keys (wallet, (const char * const[]) { "currencyName", "currencyCode",
                                                    "currencyProvider", "available", NULL }, NULL);
      g_assert_cmpstr (text_of (wallet, "currencyCode"), ==,
                       i == 0 ? "UGX-MTNMM" : "UGX-ATLMM");
      g_assert_cmpstr (text_of (wallet, "currencyProvider"), ==,
                       i == 0 ? "MTN Uganda Limited" : "Airtel Uganda Limited");
      sum = money_plus (&sum, &amount);
    }
  total = pd_test_assert_object_member (data, "balance");
  assert_keys (total, (const char * const[]) { "available", "currency", "inWords", NULL }, NULL);
  g_assert_cmpstr (text_of (total, "currency"), ==, "Ugandan shillings (UGX)");
  {
    PdMoney stated = assert_amount (total, "available");

    g_assert_true (pd_money_equal (&stated, &sum));
    g_assert_true (pd_money_equal (&available, &sum));
  }

  g_assert_cmpuint (networks->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      object = g_ptr_array_index (networks, i);
      assert_keys (object, (const char * const[]) { "id", "networkName", "serviceName",
                                                    "currencyName", "currencyCode", "country",
                                                    "countryIso2", NULL }, NULL);
      g_assert_cmpint (pd_test_assert_int_member (object, "id"), ==, i + 1);
      g_assert_cmpstr (text_of (object, "countryIso2"), ==, "UG");
    }
  object = pd_test_assert_object_member (assert_ok (network), "network");
  assert_keys (object, (const char * const[]) { "networkName", "serviceName", "currencyName",
                                                "currencyCode", "country", "countryIso2",
                                                NULL }, NULL);
  g_assert_cmpstr (text_of (object, "networkName"), ==, "Airtel Uganda Limited");
  g_assert_cmpstr (text_of (object, "currencyCode"), ==, "UGX-ATLMM");
  assert_error (no_network, 404, "Not Found");
  assert_error (bad_network, 404, "Not Found");
}

static void
test_contacts (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start ("--records", "300", NULL);
  g_autoptr(GPtrArray) contacts = walk (sandbox, "/contacts", "contacts", 25, TRUE);
  g_autoptr(PdTestResponse) created = NULL;
  g_autoptr(PdTestResponse) got = NULL;
  g_autoptr(PdTestResponse) updated = NULL;
  g_autoptr(PdTestResponse) duplicate = NULL;
  g_autoptr(PdTestResponse) bad_email = NULL;
  g_autoptr(PdTestResponse) missing = zenga (sandbox, "GET", "/contacts/999999", NULL);
  g_autoptr(PdTestResponse) no_body = zenga (sandbox, "POST", "/contacts", "{}");
  g_autofree char *path = NULL;
  g_autofree char *taken = NULL;
  JsonObject *contact;
  gint64 id;
  guint named = 0;

  g_assert_cmpuint (contacts->len, >=, 30);
  assert_unique (contacts, "msisdn");
  for (guint i = 0; i < contacts->len; i++)
    {
      contact = g_ptr_array_index (contacts, i);
      assert_keys (contact, (const char * const[]) { "id", "firstName", "lastName", "msisdn",
                                                     "email", "currencyCode", "networkName",
                                                     "created", "updated", NULL }, NULL);
      g_assert_cmpint (pd_test_assert_int_member (contact, "id"), ==, i + 1);
      pd_test_assert_string_or_null (contact, "firstName");
      pd_test_assert_string_or_null (contact, "lastName");
      pd_test_assert_string_or_null (contact, "email");
      assert_msisdn_wallet (text_of (contact, "msisdn"),
                            text_of (contact, "currencyCode"));
      assert_local_time (contact, "created");
      named += !JSON_NODE_HOLDS_NULL (json_object_get_member (contact, "firstName"));
    }
  g_assert_cmpuint (named, >=, 20);

  created = zenga (sandbox, "POST", "/contacts",
                   "{\"msisdn\":\"256781234567\",\"firstName\":\"Grace\",\"lastName\":\"Nakato\","
                   "\"email\":\"grace.nakato@example.ug\"}");
  contact = pd_test_assert_object_member (assert_ok (created), "contact");
  id = pd_test_assert_int_member (contact, "id");
  g_assert_cmpint (id, ==, contacts->len + 1);
  g_assert_cmpstr (text_of (contact, "currencyCode"), ==, "UGX-MTNMM");

  path = g_strdup_printf ("/contacts/%" G_GINT64_FORMAT, id);
  updated = zenga (sandbox, "PUT", path, "{\"lastName\":\"Namutebi\",\"email\":\"\"}");
  contact = pd_test_assert_object_member (assert_ok (updated), "contact");
  g_assert_cmpstr (text_of (contact, "lastName"), ==, "Namutebi");
  g_assert_cmpstr (text_of (contact, "firstName"), ==, "Grace");
  pd_test_assert_null_member (contact, "email");

  got = zenga (sandbox, "GET", path, NULL);
  contact = pd_test_assert_object_member (assert_ok (got), "contact");
  g_assert_cmpstr (text_of (contact, "lastName"), ==, "Namutebi");
  g_assert_cmpstr (text_of (contact, "msisdn"), ==, "256781234567");

  taken = g_strdup_printf ("{\"msisdn\":\"%s\"}",
                           text_of (g_ptr_array_index (contacts, 0), "msisdn"));
  duplicate = zenga (sandbox, "PATCH", path, taken);
  assert_invalid (duplicate, (const char * const[]) { "msisdn", NULL });
  bad_email = zenga (sandbox, "POST", "/contacts",
                     "{\"msisdn\":\"256701111222\",\"email\":\"nobody\"}");
  assert_invalid (bad_email, (const char * const[]) { "email", NULL });
  assert_invalid (no_body, (const char * const[]) { "msisdn", NULL });
  assert_error (missing, 404, "Not Found");
}

static void
test_faults (void)
{
  g_autoptr(PdTestSandbox) sandbox = pd_test_sandbox_start ("--records", "10", NULL);
  g_autoptr(PdTestResponse) forbidden = NULL;
  g_autoptr(PdTestResponse) unavailable = NULL;
  g_autoptr(PdTestResponse) limited = NULL;
  g_autoptr(PdTestResponse) transfers = NULL;
  JsonObject *object;

  pd_test_sandbox_arm_fault (sandbox, "{\"provider\":\"zengapay\",\"method\":\"POST\","
                                      "\"path\":\"/v1/transfers\",\"count\":1,"
                                      "\"action\":\"status\",\"status\":403}");
  forbidden = zenga (sandbox, "POST", "/transfers",
                     "{\"msisdn\":\"256772123456\",\"amount\":5000,\"external_reference\":\"F-1\","
                     "\"narration\":\"Payout\"}");
  object = assert_error (forbidden, 403, "Forbidden");
  g_assert_nonnull (strstr (text_of (object, "message"), "unauthorized IP"));
  g_assert_nonnull (strstr (text_of (object, "message"), "/transfers"));
  transfers = zenga (sandbox, "GET", "/transfers", NULL);
  {
    g_autofree char *text = pd_test_response_dup_text (transfers);

    assert_ok (transfers);
    g_assert_null (strstr (text, "\"F-1\""));
  }

  pd_test_sandbox_arm_fault (sandbox, "{\"provider\":\"zengapay\",\"count\":1,"
                                      "\"action\":\"status\",\"status\":503}");
  unavailable = zenga (sandbox, "GET", "/account/balance", NULL);
  assert_error (unavailable, 503, "Service Unavailable");

  pd_test_sandbox_arm_fault (sandbox, "{\"provider\":\"zengapay\",\"count\":1,"
                                      "\"action\":\"rate_limit\",\"retry_after\":3}");
  limited = zenga (sandbox, "GET", "/collections", NULL);
  assert_error (limited, 429, "Too Many Requests");
  g_assert_cmpstr (soup_message_headers_get_one (limited->headers, "Retry-After"), ==, "3");
}

/* The same seed gives the same bytes, apart from the sandbox's own port. */
static char *
body_without_base (PdTestSandbox *sandbox,
                   const char    *path)
{
  g_autoptr(PdTestResponse) response = zenga (sandbox, "GET", path, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;

  assert_ok (response);
  text = pd_test_response_dup_text (response);
  parts = g_strsplit (text, pd_test_sandbox_get_base_url (sandbox, "zengapay"), -1);

  return g_strjoinv ("BASE", parts);
}

/* Fails with where the two bodies part, not both whole. */
static void
assert_same_text (const char *path,
                  const char *a,
                  const char *b)
{
  gsize i = 0;

  while (a[i] != '\0' && a[i] == b[i])
    i++;

  if (a[i] != b[i])
    g_error ("%s differs at byte %" G_GSIZE_FORMAT ": “%.60s” / “%.60s”",
             path, i, a + (i > 20 ? i - 20 : 0), b + (i > 20 ? i - 20 : 0));
}

static void
test_determinism (void)
{
  static const char * const paths[] = {
    "/collections", "/collections?page=3", "/transfers", "/airtime", "/bundles", "/contacts",
    "/account", "/account/balance", "/account/statement?limit=500",
    "/account/statement?limit=500&page=2",
    "/account/statement?status=FAILED&currency_code=UGX-ATLMM",
  };
  g_autoptr(PdTestSandbox) one = pd_test_sandbox_start ("--seed", "11", "--records", "250", NULL);
  g_autoptr(PdTestSandbox) two = pd_test_sandbox_start ("--seed", "11", "--records", "250", NULL);
  g_autoptr(PdTestSandbox) other = pd_test_sandbox_start ("--seed", "12", "--records", "250", NULL);

  g_assert_cmpstr (pd_test_sandbox_get_credential (one, "zengapay", "token"), ==,
                   pd_test_sandbox_get_credential (two, "zengapay", "token"));

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *a = body_without_base (one, paths[i]);
      g_autofree char *b = body_without_base (two, paths[i]);

      assert_same_text (paths[i], a, b);
    }

  {
    g_autofree char *a = body_without_base (one, "/account/statement?limit=500");
    g_autofree char *c = body_without_base (other, "/account/statement?limit=500");

    g_assert_false (g_str_equal (a, c));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/zengapay/first-line", test_first_line);
  g_test_add_func ("/sandbox/zengapay/auth", test_auth);
  g_test_add_func ("/sandbox/zengapay/lists", test_lists);
  g_test_add_func ("/sandbox/zengapay/create-validation", test_create_validation);
  g_test_add_func ("/sandbox/zengapay/collection-settles", test_collection_settles);
  g_test_add_func ("/sandbox/zengapay/transfers-airtime-bundles", test_transfers_airtime_bundles);
  g_test_add_func ("/sandbox/zengapay/indeterminate", test_indeterminate);
  g_test_add_func ("/sandbox/zengapay/statement-filters", test_statement_filters);
  g_test_add_func ("/sandbox/zengapay/seeded-statement", test_seeded_statement);
  g_test_add_func ("/sandbox/zengapay/account-networks", test_account_and_networks);
  g_test_add_func ("/sandbox/zengapay/contacts", test_contacts);
  g_test_add_func ("/sandbox/zengapay/faults", test_faults);
  g_test_add_func ("/sandbox/zengapay/determinism", test_determinism);

  return g_test_run ();
}

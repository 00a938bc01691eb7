/* pd-zengapay-records.c - ZengaPay's JSON objects read into Paydesk's records
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * How ZengaPay's objects are read (HACKING.md, "Provider readings" →
 * ZengaPay, has the rest):
 *
 * - A transaction is known by its `transactionReference` (the UUID the
 *   create answer gives and the look-up takes); the merchant's
 *   `external_reference` becomes the record's reference.
 * - Amounts are UGX in major units, kept with the decimals they came with:
 *   186600, 186600.00 and 2152.2 stay as they are. The wallet (`UGX-MTNMM`)
 *   names the currency before its dash.
 * - Times are written without a zone, in the account's zone (Kampala);
 *   `0000-00-00 00:00:00` is no time.
 * - A statement line is known by its `transactionSystemId`: a transaction's
 *   line and the line of its fee each have their own.
 * - Each record keeps the bytes ZengaPay sent for it as its raw JSON, so
 *   the detail view shows 2152.2 as a number, as it came.
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pd-zengapay-private.h"

/* Small helpers */

gboolean
zp_invalid (GError     **error,
            const char  *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, message);

  return FALSE;
}

gboolean
zp_is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

/* A member as text, stripped; NULL when absent, null or empty. */
char *
zp_dup_text (JsonObject *object,
             const char *member)
{
  g_autofree char *text = pd_json_dup_text (object, member);

  if (text == NULL)
    return NULL;

  g_strstrip (text);
  if (*text == '\0')
    return NULL;

  return g_steal_pointer (&text);
}

char *
zp_node_to_json (JsonNode *node)
{
  PdJsonWriter *writer = pd_json_writer_new ();

  pd_json_writer_node (writer, node);

  return pd_json_writer_free_to_string (writer);
}

/* An unknown zone reads times as Kampala's, then as UTC. */
GTimeZone *
zp_time_zone_new (const char *identifier)
{
  GTimeZone *tz = NULL;

  if (!zp_is_blank (identifier))
    tz = g_time_zone_new_identifier (identifier);
  if (tz == NULL)
    tz = g_time_zone_new_identifier (ZP_DEFAULT_TIMEZONE);
  if (tz == NULL)
    tz = g_time_zone_new_utc ();

  return tz;
}

static gboolean
read_digits (const char *text,
             guint       count,
             int        *out)
{
  int value = 0;

  for (guint i = 0; i < count; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (text[i] - '0');
    }

  *out = value;
  return TRUE;
}

/* "2020-05-15 18:44:44" (or with a T) in @tz; "0000-00-00 00:00:00" is 0.
 * A bare date is its first second. */
gboolean
zp_parse_time (GTimeZone  *tz,
               const char *text,
               gint64     *out)
{
  g_autoptr(GDateTime) time = NULL;
  int year, month, day, hour = 0, minute = 0, second = 0;
  gsize length;

  if (text == NULL)
    return FALSE;

  length = strlen (text);
  if ((length != 10 && length != 19) || text[4] != '-' || text[7] != '-' ||
      !read_digits (text, 4, &year) || !read_digits (text + 5, 2, &month) ||
      !read_digits (text + 8, 2, &day))
    return FALSE;

  if (length == 19 &&
      ((text[10] != ' ' && text[10] != 'T') || text[13] != ':' || text[16] != ':' ||
       !read_digits (text + 11, 2, &hour) || !read_digits (text + 14, 2, &minute) ||
       !read_digits (text + 17, 2, &second)))
    return FALSE;

  if (year == 0 && month == 0 && day == 0)
    {
      *out = 0;
      return TRUE;
    }

  time = g_date_time_new (tz, year, month, day, hour, minute, second);
  if (time == NULL)
    return FALSE;

  *out = g_date_time_to_unix (time);
  return TRUE;
}

/* @time in @tz as ZengaPay writes times: "2020-06-14 00:00:00". */
char *
zp_format_time (GTimeZone *tz,
                GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (time, tz);

  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

/* Raw JSON slices. The text was parsed already, so it is valid JSON; the
 * scanner only needs to find where each value begins and ends. */

static const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;

  return p;
}

static const char *
skip_string (const char *p,
             const char *end)
{
  p++;
  while (p < end && *p != '"')
    p += *p == '\\' ? 2 : 1;

  return p < end ? p + 1 : NULL;
}

static const char *
skip_value (const char *p,
            const char *end)
{
  guint depth = 0;

  p = skip_space (p, end);
  if (p >= end)
    return NULL;

  if (*p != '{' && *p != '[')
    {
      if (*p == '"')
        return skip_string (p, end);

      while (p < end && *p != ',' && *p != '}' && *p != ']' &&
             *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
        p++;
      return p;
    }

  while (p < end)
    {
      if (*p == '"')
        {
          if ((p = skip_string (p, end)) == NULL)
            return NULL;
          continue;
        }

      if (*p == '{' || *p == '[')
        depth++;
      else if ((*p == '}' || *p == ']') && --depth == 0)
        return p + 1;

      p++;
    }

  return NULL;
}

static gboolean
find_in_value (const char          *text,
               const char          *p,
               const char          *end,
               const char * const  *path,
               gboolean             elements,
               GArray              *ranges)
{
  p = skip_space (p, end);
  if (p >= end)
    return FALSE;

  if (*path == NULL && !elements)
    {
      const char *value_end = skip_value (p, end);
      ZpRange range;

      if (value_end == NULL)
        return FALSE;

      range.start = p - text;
      range.end = value_end - text;
      g_array_append_val (ranges, range);
      return TRUE;
    }

  if (*path == NULL)
    {
      if (*p != '[')
        return FALSE;

      p = skip_space (p + 1, end);
      if (p < end && *p == ']')
        return TRUE;

      while (p < end)
        {
          const char *value_end = skip_value (p, end);
          ZpRange range;

          if (value_end == NULL)
            return FALSE;

          range.start = p - text;
          range.end = value_end - text;
          g_array_append_val (ranges, range);

          p = skip_space (value_end, end);
          if (p < end && *p == ']')
            return TRUE;
          if (p >= end || *p != ',')
            return FALSE;
          p = skip_space (p + 1, end);
        }

      return FALSE;
    }

  if (*p != '{')
    return FALSE;

  p = skip_space (p + 1, end);
  while (p < end && *p == '"')
    {
      const char *key_end = skip_string (p, end);
      gsize wanted = strlen (*path);
      gboolean match;

      if (key_end == NULL)
        return FALSE;

      match = (gsize)(key_end - p - 2) == wanted && memcmp (p + 1, *path, wanted) == 0;
      p = skip_space (key_end, end);
      if (p >= end || *p != ':')
        return FALSE;
      p++;

      if (match)
        return find_in_value (text, p, end, path + 1, elements, ranges);

      if ((p = skip_value (p, end)) == NULL)
        return FALSE;
      p = skip_space (p, end);
      if (p < end && *p == ',')
        p = skip_space (p + 1, end);
    }

  return FALSE;
}

/* Appends to @ranges where each element of the array at @path (member
 * names from the root object, NULL-terminated) lies in @text. */
gboolean
zp_find_elements (const char          *text,
                  gsize                length,
                  const char * const  *path,
                  GArray              *ranges)
{
  guint before = ranges->len;

  if (find_in_value (text, text, text + length, path, TRUE, ranges))
    return TRUE;

  g_array_set_size (ranges, before);
  return FALSE;
}

/* The bytes of the value at @path in @text, or NULL. */
char *
zp_dup_value (const char          *text,
              gsize                length,
              const char * const  *path)
{
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (ZpRange));
  ZpRange *range;

  if (text == NULL || !find_in_value (text, text, text + length, path, FALSE, ranges))
    return NULL;

  range = &g_array_index (ranges, ZpRange, 0);
  return g_strndup (text + range->start, range->end - range->start);
}

/* Products */

const char *
zp_product_path (PdZengapayProduct product)
{
  switch (product)
    {
    case PD_ZENGAPAY_PRODUCT_COLLECTION:
      return "/collections";
    case PD_ZENGAPAY_PRODUCT_TRANSFER:
      return "/transfers";
    case PD_ZENGAPAY_PRODUCT_AIRTIME:
      return "/airtime";
    case PD_ZENGAPAY_PRODUCT_BUNDLE:
    default:
      return "/bundles";
    }
}

/* The sync resource, and the member that holds a list's page. */
const char *
zp_product_resource (PdZengapayProduct product)
{
  return zp_product_path (product) + 1;
}

PdTransactionKind
zp_product_kind (PdZengapayProduct product)
{
  switch (product)
    {
    case PD_ZENGAPAY_PRODUCT_COLLECTION:
      return PD_TRANSACTION_KIND_COLLECTION;
    case PD_ZENGAPAY_PRODUCT_TRANSFER:
      return PD_TRANSACTION_KIND_TRANSFER;
    case PD_ZENGAPAY_PRODUCT_AIRTIME:
    case PD_ZENGAPAY_PRODUCT_BUNDLE:
    default:
      return PD_TRANSACTION_KIND_TOPUP;
    }
}

/* The four statuses of the document; a word it does not know is kept as
 * the provider status and shown as indeterminate, to be looked up again. */
PdTransactionState
zp_state_from_status (const char *status)
{
  static const struct
  {
    const char         *word;
    PdTransactionState  state;
  } words[] = {
    { "PENDING", PD_TRANSACTION_STATE_PENDING },
    { "SUCCEEDED", PD_TRANSACTION_STATE_SUCCEEDED },
    { "FAILED", PD_TRANSACTION_STATE_FAILED },
    { "INDETERMINATE", PD_TRANSACTION_STATE_INDETERMINATE },
  };

  if (status != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (words); i++)
      if (g_ascii_strcasecmp (status, words[i].word) == 0)
        return words[i].state;

  return PD_TRANSACTION_STATE_INDETERMINATE;
}

/* Reading records */

static JsonObject *
record_object (JsonNode  *node,
               GError   **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      zp_invalid (error, _("a record in the answer is not a JSON object"));
      return NULL;
    }

  return json_node_get_object (node);
}

/* "UGX-MTNMM" → "UGX"; anything else is ZengaPay's only currency. */
static void
wallet_currency (const char *wallet,
                 char        currency[4])
{
  if (wallet != NULL && strlen (wallet) >= 3 && (wallet[3] == '-' || wallet[3] == '\0') &&
      g_ascii_isalpha (wallet[0]) && g_ascii_isalpha (wallet[1]) && g_ascii_isalpha (wallet[2]))
    {
      for (guint i = 0; i < 3; i++)
        currency[i] = g_ascii_toupper (wallet[i]);
      currency[3] = '\0';
      return;
    }

  memcpy (currency, ZP_CURRENCY, 4);
}

static gboolean
read_amount (JsonObject  *object,
             const char  *member,
             const char  *currency,
             const char  *id,
             gboolean     required,
             PdMoney     *out,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return zp_invalid (error, _("the record %s has no “%s”"), id, member);
      *out = (PdMoney) { 0, };
      return TRUE;
    }

  if (!pd_json_node_get_money (node, currency, PD_AMOUNT_MAJOR, out, &local_error))
    return zp_invalid (error, _("the “%s” of %s cannot be read: %s"), member, id,
                       local_error->message);

  return TRUE;
}

static gboolean
read_time (JsonObject  *object,
           const char  *member,
           GTimeZone   *tz,
           const char  *id,
           gboolean     required,
           gint64      *out)
{
  const char *text = pd_json_get_string (object, member);

  *out = 0;
  if (zp_is_blank (text))
    return !required;

  return zp_parse_time (tz, text, out);
}

/* "Ugandan shillings (MTN Mobile Money)" → "MTN Mobile Money": the
 * network's service, which labels the phone number. */
static char *
wallet_label (JsonObject *object)
{
  const char *name = pd_json_get_string (object, "currencyName");
  const char *open, *close;

  if (name != NULL && (open = strrchr (name, '(')) != NULL &&
      (close = strchr (open, ')')) != NULL && close > open + 1)
    return g_strndup (open + 1, close - open - 1);

  return zp_dup_text (object, "currencyCode");
}

/**
 * zp_parse_transaction:
 * @node: a collection, transfer, airtime or bundle object, or a webhook's
 *   `data`
 * @kind: the kind of record it is
 * @tz: the account's time zone
 * @raw_json: (transfer full) (nullable): the object's bytes as sent; when
 *   %NULL they are written from @node
 * @error: where to put an error
 *
 * Returns: (transfer full): the transaction, or %NULL with @error set
 */
PdTransaction *
zp_parse_transaction (JsonNode           *node,
                      PdTransactionKind   kind,
                      GTimeZone          *tz,
                      char               *raw_json,
                      GError            **error)
{
  g_autofree char *raw = raw_json;
  g_autoptr(PdTransaction) transaction = pd_transaction_new ();
  g_autofree char *wallet = NULL;
  const char *initiated;
  char currency[4];
  JsonObject *object;

  if ((object = record_object (node, error)) == NULL)
    return NULL;

  transaction->provider_id = zp_dup_text (object, "transactionReference");
  if (transaction->provider_id == NULL)
    {
      zp_invalid (error, _("a transaction in the answer has no “%s”"), "transactionReference");
      return NULL;
    }

  transaction->provider_status = zp_dup_text (object, "transactionStatus");
  if (transaction->provider_status == NULL)
    {
      zp_invalid (error, _("the record %s has no “%s”"), transaction->provider_id,
                  "transactionStatus");
      return NULL;
    }

  wallet = zp_dup_text (object, "currencyCode");
  wallet_currency (wallet, currency);

  if (!read_amount (object, "amount", currency, transaction->provider_id, TRUE,
                    &transaction->amount, error))
    return NULL;

  initiated = pd_json_get_string (object, "transactionInitiationDate");
  if (!read_time (object, "transactionInitiationDate", tz, transaction->provider_id, TRUE,
                  &transaction->created_at) || transaction->created_at == 0)
    {
      zp_invalid (error, _("the time “%s” of %s cannot be read"),
                  initiated != NULL ? initiated : "", transaction->provider_id);
      return NULL;
    }

  if (!read_time (object, "transactionCompletionDate", tz, transaction->provider_id, FALSE,
                  &transaction->updated_at))
    {
      zp_invalid (error, _("the time “%s” of %s cannot be read"),
                  pd_json_get_string (object, "transactionCompletionDate"), transaction->provider_id);
      return NULL;
    }

  transaction->kind = kind;
  transaction->state = zp_state_from_status (transaction->provider_status);
  transaction->reference = zp_dup_text (object, "transactionExternalReference");
  if (transaction->reference == NULL)
    transaction->reference = zp_dup_text (object, "externalTransactionReference");
  transaction->phone = zp_dup_text (object, "msisdn");
  transaction->description = zp_dup_text (object, "transactionExternalNarrative");
  transaction->counterparty = wallet_label (object);
  transaction->raw_json = raw != NULL ? g_steal_pointer (&raw) : zp_node_to_json (node);

  return g_steal_pointer (&transaction);
}

/**
 * zp_parse_statement_entry:
 * @node: a line of the account statement
 * @tz: the account's time zone
 * @raw_json: (transfer full) (nullable): the line's bytes as sent
 * @error: where to put an error
 *
 * The line is dated when it moved the balance (its completion), or when
 * it was made while it is still pending.
 *
 * Returns: (transfer full): the entry, or %NULL with @error set
 */
PdStatementEntry *
zp_parse_statement_entry (JsonNode   *node,
                          GTimeZone  *tz,
                          char       *raw_json,
                          GError    **error)
{
  g_autofree char *raw = raw_json;
  g_autoptr(PdStatementEntry) entry = pd_statement_entry_new ();
  g_autofree char *general = NULL;
  gint64 initiated = 0, completed = 0;
  char currency[4];
  JsonObject *object;

  if ((object = record_object (node, error)) == NULL)
    return NULL;

  entry->provider_id = zp_dup_text (object, "transactionSystemId");
  if (entry->provider_id == NULL)
    {
      zp_invalid (error, _("a statement line has no “%s”"), "transactionSystemId");
      return NULL;
    }

  entry->wallet = zp_dup_text (object, "currencyCode");
  wallet_currency (entry->wallet, currency);

  general = zp_dup_text (object, "transactionEntryGeneralType");
  if (general != NULL && g_ascii_strcasecmp (general, "CREDIT") == 0)
    entry->direction = PD_STATEMENT_DIRECTION_CREDIT;
  else if (general != NULL && g_ascii_strcasecmp (general, "DEBIT") == 0)
    entry->direction = PD_STATEMENT_DIRECTION_DEBIT;
  else
    {
      zp_invalid (error, _("the statement line %s is neither a CREDIT nor a DEBIT"),
                  entry->provider_id);
      return NULL;
    }

  if (!read_amount (object, "amount", currency, entry->provider_id, TRUE, &entry->amount, error) ||
      !read_amount (object, "balanceBeforeTransaction", currency, entry->provider_id, FALSE,
                    &entry->balance_before, error) ||
      !read_amount (object, "balanceAfterTransaction", currency, entry->provider_id, FALSE,
                    &entry->balance_after, error))
    return NULL;

  if (!read_time (object, "transactionInitiationDate", tz, entry->provider_id, TRUE, &initiated) ||
      !read_time (object, "transactionCompletionDate", tz, entry->provider_id, FALSE, &completed) ||
      (initiated == 0 && completed == 0))
    {
      zp_invalid (error, _("the dates of the statement line %s cannot be read"), entry->provider_id);
      return NULL;
    }

  entry->created_at = completed != 0 ? completed : initiated;
  entry->transaction_provider_id = zp_dup_text (object, "transactionReference");
  entry->entry_type = zp_dup_text (object, "transactionEntryDesignation");
  entry->status = zp_dup_text (object, "transactionStatus");
  entry->description = zp_dup_text (object, "transactionExternalNarrative");
  entry->counterparty = zp_dup_text (object, "msisdn");
  entry->raw_json = raw != NULL ? g_steal_pointer (&raw) : zp_node_to_json (node);

  return g_steal_pointer (&entry);
}

/**
 * zp_parse_contact:
 * @node: a contact object
 * @tz: the account's time zone
 * @raw_json: (transfer full) (nullable): the object's bytes as sent
 * @error: where to put an error
 *
 * Returns: (transfer full): the contact as a customer, or %NULL with
 *   @error set
 */
PdCustomer *
zp_parse_contact (JsonNode   *node,
                  GTimeZone  *tz,
                  char       *raw_json,
                  GError    **error)
{
  g_autofree char *raw = raw_json;
  g_autoptr(PdCustomer) customer = pd_customer_new ();
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  JsonObject *object;

  if ((object = record_object (node, error)) == NULL)
    return NULL;

  customer->provider_id = zp_dup_text (object, "id");
  if (customer->provider_id == NULL)
    {
      zp_invalid (error, _("a contact in the answer has no “%s”"), "id");
      return NULL;
    }

  if (!read_time (object, "created", tz, customer->provider_id, FALSE, &customer->created_at))
    {
      zp_invalid (error, _("the time “%s” of %s cannot be read"),
                  pd_json_get_string (object, "created"), customer->provider_id);
      return NULL;
    }

  first = zp_dup_text (object, "firstName");
  last = zp_dup_text (object, "lastName");
  if (first != NULL && last != NULL)
    customer->name = g_strconcat (first, " ", last, NULL);
  else
    customer->name = g_strdup (first != NULL ? first : last);

  customer->email = zp_dup_text (object, "email");
  customer->phone = zp_dup_text (object, "msisdn");
  customer->raw_json = raw != NULL ? g_steal_pointer (&raw) : zp_node_to_json (node);

  return g_steal_pointer (&customer);
}

/* Networks */

G_DEFINE_BOXED_TYPE (PdZengapayNetwork, pd_zengapay_network,
                     pd_zengapay_network_copy, pd_zengapay_network_free)

/**
 * pd_zengapay_network_copy:
 * @self: a network
 *
 * Returns: (transfer full): a copy of @self
 */
PdZengapayNetwork *
pd_zengapay_network_copy (const PdZengapayNetwork *self)
{
  PdZengapayNetwork *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (PdZengapayNetwork, 1);
  copy->id = self->id;
  copy->network_name = g_strdup (self->network_name);
  copy->service_name = g_strdup (self->service_name);
  copy->currency_name = g_strdup (self->currency_name);
  copy->currency_code = g_strdup (self->currency_code);
  copy->country = g_strdup (self->country);
  copy->country_iso2 = g_strdup (self->country_iso2);

  return copy;
}

/**
 * pd_zengapay_network_free:
 * @self: (nullable): a network
 *
 * Frees @self.
 */
void
pd_zengapay_network_free (PdZengapayNetwork *self)
{
  if (self == NULL)
    return;

  g_free (self->network_name);
  g_free (self->service_name);
  g_free (self->currency_name);
  g_free (self->currency_code);
  g_free (self->country);
  g_free (self->country_iso2);
  g_free (self);
}

PdZengapayNetwork *
zp_parse_network (JsonNode  *node,
                  GError   **error)
{
  g_autoptr(PdZengapayNetwork) network = g_new0 (PdZengapayNetwork, 1);
  g_autofree char *id = NULL;
  JsonObject *object;

  if ((object = record_object (node, error)) == NULL)
    return NULL;

  network->currency_code = zp_dup_text (object, "currencyCode");
  network->network_name = zp_dup_text (object, "networkName");
  if (network->currency_code == NULL && network->network_name == NULL)
    {
      zp_invalid (error, _("a network in the answer has neither “%s” nor “%s”"),
                  "networkName", "currencyCode");
      return NULL;
    }

  id = zp_dup_text (object, "id");
  if (id != NULL && !g_ascii_string_to_signed (id, 10, 1, G_MAXINT64, &network->id, NULL))
    {
      zp_invalid (error, _("the network id “%s” is not a number"), id);
      return NULL;
    }

  network->service_name = zp_dup_text (object, "serviceName");
  network->currency_name = zp_dup_text (object, "currencyName");
  network->country = zp_dup_text (object, "country");
  network->country_iso2 = zp_dup_text (object, "countryIso2");

  return g_steal_pointer (&network);
}

/* Which Ugandan network a subscriber number belongs to, by the two digits
 * after 256 (HACKING.md: MTN 77, 78, 76; Airtel 70, 75, 74). The networks
 * list names no prefixes, although the document says it does. */
static const struct
{
  const char *prefix;
  const char *currency_code;
  const char *name;
} uganda_prefixes[] = {
  { "77", "UGX-MTNMM", "MTN" },
  { "78", "UGX-MTNMM", "MTN" },
  { "76", "UGX-MTNMM", "MTN" },
  { "70", "UGX-ATLMM", "Airtel" },
  { "75", "UGX-ATLMM", "Airtel" },
  { "74", "UGX-ATLMM", "Airtel" },
};

/* "+256 772 123 456", "0772123456", "772123456" → "256772123456". */
static char *
normalize_msisdn (const char *phone)
{
  g_autoptr(GString) digits = g_string_new (NULL);

  for (const char *p = phone; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p == '+' && digits->len == 0)
        continue;
      else if (*p != ' ' && *p != '-' && *p != '.' && *p != '(' && *p != ')')
        return NULL;
    }

  if (g_str_has_prefix (digits->str, "00"))
    g_string_erase (digits, 0, 2);

  if (digits->len == 10 && digits->str[0] == '0')
    g_string_erase (digits, 0, 1);
  if (digits->len == 9 && digits->str[0] != '0')
    g_string_prepend (digits, "256");

  if (digits->len != 12 || !g_str_has_prefix (digits->str, "256"))
    return NULL;

  return g_string_free (g_steal_pointer (&digits), FALSE);
}

static gboolean
network_matches (const PdZengapayNetwork *network,
                 const char              *currency_code,
                 const char              *name)
{
  g_autofree char *folded_name = NULL;
  g_autofree char *folded_network = NULL;

  if (network->currency_code != NULL)
    return g_ascii_strcasecmp (network->currency_code, currency_code) == 0;

  if (network->network_name == NULL)
    return FALSE;

  folded_name = g_ascii_strdown (name, -1);
  folded_network = g_ascii_strdown (network->network_name, -1);
  return strstr (folded_network, folded_name) != NULL;
}

/**
 * pd_zengapay_network_for_phone:
 * @networks: (element-type PdZengapayNetwork): the networks ZengaPay
 *   supports, from pd_zengapay_client_list_networks_async()
 * @phone: a phone number as a person writes it (`+256 772 123 456`,
 *   `0772123456`, `256772123456`)
 * @msisdn_out: (out) (optional) (transfer full): the number as ZengaPay
 *   wants it, `256` and nine digits without `+`
 * @error: where to put an error
 *
 * Checks a phone number before money is asked from it or sent to it, and
 * finds the network (and so the wallet) it belongs to. Fails with
 * %G_IO_ERROR_INVALID_ARGUMENT when @phone is not a Ugandan mobile number
 * of a known network, and with %G_IO_ERROR_NOT_SUPPORTED when its network
 * is not in @networks. Nothing is asked of ZengaPay.
 *
 * Returns: (transfer none): the network, from @networks, or %NULL with
 *   @error set
 */
const PdZengapayNetwork *
pd_zengapay_network_for_phone (GPtrArray   *networks,
                               const char  *phone,
                               char       **msisdn_out,
                               GError     **error)
{
  g_autofree char *msisdn = NULL;

  g_return_val_if_fail (networks != NULL, NULL);

  if (msisdn_out != NULL)
    *msisdn_out = NULL;

  if (zp_is_blank (phone))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("No phone number was given"));
      return NULL;
    }

  msisdn = normalize_msisdn (phone);
  if (msisdn == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a Ugandan mobile number; write it as 256 and nine digits, "
                     "e.g. 256772123456"), phone);
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (uganda_prefixes); i++)
    {
      if (strncmp (msisdn + 3, uganda_prefixes[i].prefix, 2) != 0)
        continue;

      for (guint n = 0; n < networks->len; n++)
        {
          const PdZengapayNetwork *network = g_ptr_array_index (networks, n);

          if (network_matches (network, uganda_prefixes[i].currency_code, uganda_prefixes[i].name))
            {
              if (msisdn_out != NULL)
                *msisdn_out = g_steal_pointer (&msisdn);
              return network;
            }
        }

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is an %s Uganda number, but ZengaPay does not list that network"),
                   phone, uganda_prefixes[i].name);
      return NULL;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not on a mobile money network ZengaPay serves (MTN or Airtel Uganda)"),
               phone);
  return NULL;
}

/* Account */

G_DEFINE_BOXED_TYPE (PdZengapayAccount, pd_zengapay_account,
                     pd_zengapay_account_copy, pd_zengapay_account_free)

/**
 * pd_zengapay_account_copy:
 * @self: an account summary
 *
 * Returns: (transfer full): a copy of @self
 */
PdZengapayAccount *
pd_zengapay_account_copy (const PdZengapayAccount *self)
{
  PdZengapayAccount *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (PdZengapayAccount, 1);
  copy->name = g_strdup (self->name);
  copy->number = g_strdup (self->number);
  copy->category = g_strdup (self->category);
  copy->address = g_strdup (self->address);
  copy->official_email = g_strdup (self->official_email);
  copy->support_email = g_strdup (self->support_email);
  copy->website = g_strdup (self->website);
  copy->created_at = self->created_at;
  copy->available = self->available;
  copy->in_words = g_strdup (self->in_words);

  return copy;
}

/**
 * pd_zengapay_account_free:
 * @self: (nullable): an account summary
 *
 * Frees @self.
 */
void
pd_zengapay_account_free (PdZengapayAccount *self)
{
  if (self == NULL)
    return;

  g_free (self->name);
  g_free (self->number);
  g_free (self->category);
  g_free (self->address);
  g_free (self->official_email);
  g_free (self->support_email);
  g_free (self->website);
  g_free (self->in_words);
  g_free (self);
}

static JsonObject *
member_object (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

/* `data` of GET /account: `account`, an array of one object in the
 * document (an object alone is read too), and `balance`. */
PdZengapayAccount *
zp_parse_account (JsonObject  *data,
                  GTimeZone   *tz,
                  GError     **error)
{
  g_autoptr(PdZengapayAccount) account = g_new0 (PdZengapayAccount, 1);
  JsonNode *account_node = json_object_get_member (data, "account");
  JsonObject *details = NULL;
  JsonObject *balance;
  char currency[4];

  if (account_node != NULL && JSON_NODE_HOLDS_ARRAY (account_node) &&
      json_array_get_length (json_node_get_array (account_node)) > 0)
    account_node = json_array_get_element (json_node_get_array (account_node), 0);

  if (account_node != NULL && JSON_NODE_HOLDS_OBJECT (account_node))
    details = json_node_get_object (account_node);

  balance = member_object (data, "balance");
  if (details == NULL || balance == NULL)
    {
      zp_invalid (error, _("the account summary has no “%s”"), details == NULL ? "account" : "balance");
      return NULL;
    }

  account->name = zp_dup_text (details, "name");
  account->number = zp_dup_text (details, "number");
  account->category = zp_dup_text (details, "category");
  account->address = zp_dup_text (details, "address");
  account->official_email = zp_dup_text (details, "official_email");
  account->support_email = zp_dup_text (details, "support_email");
  account->website = zp_dup_text (details, "website");
  if (!read_time (details, "created", tz, "account", FALSE, &account->created_at))
    {
      zp_invalid (error, _("the time “%s” of %s cannot be read"),
                  pd_json_get_string (details, "created"), "account");
      return NULL;
    }

  wallet_currency (pd_json_get_string (balance, "currency"), currency);
  if (!read_amount (balance, "available", currency, "balance", TRUE, &account->available, error))
    return NULL;
  account->in_words = zp_dup_text (balance, "inWords");

  return g_steal_pointer (&account);
}

/* `data` of GET /account/balance: a reading per wallet, then the total. */
GPtrArray *
zp_parse_balances (JsonObject  *data,
                   gint64       recorded_at,
                   GError     **error)
{
  g_autoptr(GPtrArray) balances = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_balance_free);
  JsonNode *list = json_object_get_member (data, "balances");
  JsonObject *total = member_object (data, "balance");
  JsonArray *array;

  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      zp_invalid (error, _("the balances have no “%s” list"), "balances");
      return NULL;
    }

  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(PdBalance) balance = pd_balance_new ();
      JsonObject *object;
      char currency[4];

      if ((object = record_object (json_array_get_element (array, i), error)) == NULL)
        return NULL;

      balance->wallet = zp_dup_text (object, "currencyCode");
      if (balance->wallet == NULL)
        {
          zp_invalid (error, _("a wallet balance has no “%s”"), "currencyCode");
          return NULL;
        }

      wallet_currency (balance->wallet, currency);
      if (!read_amount (object, "available", currency, balance->wallet, TRUE, &balance->amount, error))
        return NULL;

      balance->recorded_at = recorded_at;
      g_ptr_array_add (balances, g_steal_pointer (&balance));
    }

  if (total != NULL)
    {
      g_autoptr(PdBalance) balance = pd_balance_new ();

      balance->wallet = g_strdup (PD_ZENGAPAY_TOTAL_WALLET);
      if (!read_amount (total, "available", ZP_CURRENCY, PD_ZENGAPAY_TOTAL_WALLET, TRUE,
                        &balance->amount, error))
        return NULL;

      balance->recorded_at = recorded_at;
      g_ptr_array_add (balances, g_steal_pointer (&balance));
    }

  return g_steal_pointer (&balances);
}

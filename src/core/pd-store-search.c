/* pd-store-search.c - transaction queries, totals and the search index
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pd-store-private.h"

/*
 * Free text (PdQuery.text) matches a transaction when any of these holds:
 *
 * - every word of three characters or more is a substring of one of its
 *   text columns (provider id, reference, customer name, phone, e-mail,
 *   card last four, description, counterparty), case-insensitively with
 *   Unicode case folding ("šim" finds "Šimić"). This is the FTS5 trigram
 *   index, whose rowid is the transaction id, so matches come newest first
 *   with no sort. Words shorter than three characters are left out, as the
 *   trigram index cannot look them up.
 * - the text is a phone number (digits and + - ( ) . spaces) with three
 *   digits or more, and those digits appear in the transaction's phone
 *   number with its punctuation removed ("772-345" finds "+256772345678").
 * - the text is a decimal number equal to the amount, in any scale or
 *   currency ("2152.2" and "2152.20" find UGX 2152.2), through the index on
 *   amount_norm.
 * - the text has no word of three characters or more (a search for "AB"):
 *   the reference starts with it, ignoring ASCII case, through the index
 *   on reference.
 */

/* SQL with its bound values, built up piece by piece. */
typedef struct
{
  GString *sql;
  GArray  *values;
} SqlBuilder;

typedef struct
{
  char   *text;
  gint64  number;
} SqlValue;

static void
sql_value_clear (gpointer data)
{
  SqlValue *value = data;

  g_free (value->text);
}

static void
builder_init (SqlBuilder *builder,
              const char *start)
{
  builder->sql = g_string_new (start);
  builder->values = g_array_new (FALSE, TRUE, sizeof (SqlValue));
  g_array_set_clear_func (builder->values, sql_value_clear);
}

static void
builder_clear (SqlBuilder *builder)
{
  if (builder->sql != NULL)
    g_string_free (builder->sql, TRUE);
  g_clear_pointer (&builder->values, g_array_unref);
  builder->sql = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SqlBuilder, builder_clear)

static void
builder_int (SqlBuilder *builder,
             gint64      number)
{
  SqlValue value = { NULL, number };

  g_array_append_val (builder->values, value);
}

static void
builder_text (SqlBuilder *builder,
              const char *text)
{
  SqlValue value = { g_strdup (text != NULL ? text : ""), 0 };

  g_array_append_val (builder->values, value);
}

static sqlite3_stmt *
builder_prepare (SqlBuilder  *builder,
                 PdStore     *self,
                 GError     **error)
{
  sqlite3_stmt *stmt = pd_store_prepare (self, builder->sql->str, error);

  if (stmt == NULL)
    return NULL;

  for (guint i = 0; i < builder->values->len; i++)
    {
      const SqlValue *value = &g_array_index (builder->values, SqlValue, i);

      if (value->text != NULL)
        sqlite3_bind_text (stmt, (int)i + 1, value->text, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_int64 (stmt, (int)i + 1, value->number);
    }

  return stmt;
}

/* Amount conditions: the index does the work; rows whose amount_norm is
 * saturated (or at its extremes) are compared exactly on units and scale. */
static void
append_amount_condition (SqlBuilder *builder,
                         const char *op,
                         gint64      units,
                         guint       scale)
{
  g_string_append_printf (builder->sql,
                          "(t.amount_norm %s ? AND (t.amount_norm NOT IN (%" G_GINT64_FORMAT
                          ", %" G_GINT64_FORMAT ") OR pd_amount_cmp (t.amount_units,"
                          " t.amount_scale, ?, ?) %s 0))",
                          op, G_MININT64, G_MAXINT64, op);
  builder_int (builder, pd_amount_norm (units, scale, NULL));
  builder_int (builder, units);
  builder_int (builder, scale);
}

/* A plain decimal: optional minus, digits, optional point and up to nine
 * decimals. */
static gboolean
parse_decimal (const char *text,
               gint64     *units_out,
               guint      *scale_out)
{
  const char *p = text;
  gboolean negative = FALSE, point = FALSE;
  guint n_digits = 0, scale = 0;
  gint64 units = 0;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }

  for (; *p != '\0'; p++)
    {
      if (*p == '.' && !point)
        {
          point = TRUE;
          continue;
        }

      if (!g_ascii_isdigit (*p))
        return FALSE;

      if (point && ++scale > PD_AMOUNT_NORM_SCALE)
        return FALSE;

      if (__builtin_mul_overflow (units, 10, &units) ||
          __builtin_add_overflow (units, *p - '0', &units))
        return FALSE;

      n_digits++;
    }

  if (n_digits == 0)
    return FALSE;

  *units_out = negative ? -units : units;
  *scale_out = scale;

  return TRUE;
}

static void
append_fts_phrase (GString    *match,
                   const char *word)
{
  g_string_append_c (match, '"');
  for (const char *p = word; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (match, '"');
      g_string_append_c (match, *p);
    }
  g_string_append_c (match, '"');
}

/* The FTS5 query for the text, or NULL when no word is long enough. */
static char *
build_fts_match (const char *text)
{
  g_autoptr(GString) match = g_string_new (NULL);
  g_autoptr(GString) digits = g_string_new (NULL);
  g_auto(GStrv) words = NULL;
  gboolean phone_like = TRUE;
  guint n_words = 0;

  words = g_strsplit_set (text, " \t\r\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (g_utf8_strlen (words[i], -1) < 3)
        continue;

      if (n_words > 0)
        g_string_append (match, " AND ");
      append_fts_phrase (match, words[i]);
      n_words++;
    }

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (strchr ("+-(). \t", *p) == NULL)
        phone_like = FALSE;
    }

  if (phone_like && digits->len >= 3 && !(n_words == 1 && strcmp (digits->str, text) == 0))
    {
      if (n_words > 0)
        {
          g_string_prepend_c (match, '(');
          g_string_append (match, ") OR ");
        }
      g_string_append (match, "phone_digits : ");
      append_fts_phrase (match, digits->str);
      n_words++;
    }

  if (n_words == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&match), FALSE);
}

/* What a query's free text asks for. */
typedef struct
{
  char     *match;     /* an FTS5 query, or NULL */
  char     *prefix;    /* a LIKE pattern on the reference, or NULL */
  gboolean  is_amount; /* whether the text is also an exact amount */
  gint64    units;
  guint     scale;
} TextSearch;

static void
text_search_clear (TextSearch *search)
{
  g_clear_pointer (&search->match, g_free);
  g_clear_pointer (&search->prefix, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TextSearch, text_search_clear)

/* Returns FALSE when there is no text to search for. */
static gboolean
text_search_init (TextSearch *search,
                  const char *raw_text)
{
  g_autofree char *valid = NULL;
  const char *text;

  memset (search, 0, sizeof *search);

  if (raw_text == NULL)
    return FALSE;

  valid = g_utf8_make_valid (raw_text, -1);
  text = g_strstrip (valid);
  if (text[0] == '\0')
    return FALSE;

  search->match = build_fts_match (text);
  if (search->match == NULL)
    {
      GString *pattern = g_string_new (NULL);

      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '%' || *p == '_' || *p == '\\')
            g_string_append_c (pattern, '\\');
          g_string_append_c (pattern, *p);
        }
      g_string_append_c (pattern, '%');
      search->prefix = g_string_free (pattern, FALSE);
    }

  search->is_amount = parse_decimal (text, &search->units, &search->scale);

  return TRUE;
}

static void
append_text_condition (SqlBuilder       *builder,
                       const TextSearch *search)
{
  g_string_append (builder->sql, " AND (");

  if (search->match != NULL)
    {
      g_string_append (builder->sql,
                       "t.id IN (SELECT rowid FROM transactions_fts"
                       " WHERE transactions_fts MATCH ?)");
      builder_text (builder, search->match);
    }
  else
    {
      /* reference_key is the reference (or '') with NOCASE: its index
       * serves a case-insensitive LIKE prefix. */
      g_string_append (builder->sql, "t.reference_key LIKE ? ESCAPE '\\'");
      builder_text (builder, search->prefix);
    }

  if (search->is_amount)
    {
      g_string_append (builder->sql, " OR ");
      append_amount_condition (builder, "=", search->units, search->scale);
    }

  g_string_append_c (builder->sql, ')');
}

/* The query's conditions; its free text only when text is not NULL. */
static gboolean
append_where (SqlBuilder        *builder,
              const PdQuery     *query,
              const TextSearch  *text,
              GError           **error)
{
  g_string_append (builder->sql, " WHERE 1");

  if (query->account_id != 0)
    {
      g_string_append (builder->sql, " AND t.account_id = ?");
      builder_int (builder, query->account_id);
    }

  if (query->provider != NULL)
    {
      g_string_append (builder->sql,
                       " AND t.account_id IN (SELECT id FROM accounts WHERE provider = ?)");
      builder_text (builder, query->provider);
    }

  if ((query->kinds & ((1u << PD_TRANSACTION_KIND_COUNT) - 1)) != 0)
    {
      const char *sep = "";

      g_string_append (builder->sql, " AND t.kind IN (");
      for (guint kind = 0; kind < PD_TRANSACTION_KIND_COUNT; kind++)
        {
          if ((query->kinds & PD_TRANSACTION_KIND_BIT (kind)) == 0)
            continue;
          g_string_append_printf (builder->sql, "%s?", sep);
          builder_text (builder, pd_transaction_kind_to_string (kind));
          sep = ", ";
        }
      g_string_append_c (builder->sql, ')');
    }

  if ((query->states & ((1u << PD_TRANSACTION_STATE_COUNT) - 1)) != 0)
    {
      const char *sep = "";

      g_string_append (builder->sql, " AND t.state IN (");
      for (guint state = 0; state < PD_TRANSACTION_STATE_COUNT; state++)
        {
          if ((query->states & PD_TRANSACTION_STATE_BIT (state)) == 0)
            continue;
          g_string_append_printf (builder->sql, "%s?", sep);
          builder_text (builder, pd_transaction_state_to_string (state));
          sep = ", ";
        }
      g_string_append_c (builder->sql, ')');
    }

  if (query->date_from != 0)
    {
      g_string_append (builder->sql, " AND t.created_at >= ?");
      builder_int (builder, query->date_from);
    }

  if (query->date_to != 0)
    {
      g_string_append (builder->sql, " AND t.created_at < ?");
      builder_int (builder, query->date_to);
    }

  if (query->min_amount.currency[0] != '\0' || query->max_amount.currency[0] != '\0')
    {
      const char *currency = query->min_amount.currency[0] != '\0' ? query->min_amount.currency
                                                                   : query->max_amount.currency;

      if (query->min_amount.currency[0] != '\0' && query->max_amount.currency[0] != '\0' &&
          g_ascii_strcasecmp (query->min_amount.currency, query->max_amount.currency) != 0)
        {
          g_set_error_literal (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                               _("The smallest and the largest amount must be in the "
                                 "same currency"));
          return FALSE;
        }

      if (query->min_amount.scale > PD_AMOUNT_NORM_SCALE ||
          query->max_amount.scale > PD_AMOUNT_NORM_SCALE)
        {
          g_set_error_literal (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                               _("An amount bound has too many decimals"));
          return FALSE;
        }

      g_string_append (builder->sql, " AND t.amount_currency = ?");
      {
        g_autofree char *upper = g_ascii_strup (currency, -1);

        builder_text (builder, upper);
      }

      if (query->min_amount.currency[0] != '\0')
        {
          g_string_append (builder->sql, " AND ");
          append_amount_condition (builder, ">=", query->min_amount.units, query->min_amount.scale);
        }

      if (query->max_amount.currency[0] != '\0')
        {
          g_string_append (builder->sql, " AND ");
          append_amount_condition (builder, "<=", query->max_amount.units, query->max_amount.scale);
        }
    }

  if (query->customer_provider_id != NULL)
    {
      g_string_append (builder->sql, " AND t.customer_provider_id = ?");
      builder_text (builder, query->customer_provider_id);
    }

  if (query->parent_provider_id != NULL)
    {
      g_string_append (builder->sql, " AND t.parent_provider_id = ?");
      builder_text (builder, query->parent_provider_id);
    }

  if (text != NULL)
    append_text_condition (builder, text);

  return TRUE;
}

/* The sort column; NULL for the date, which is the id itself. Each has an
 * index of its own, which is (column, id) since every index ends with the
 * rowid (see migrations 4 and 5 in pd-store-schema.c), and is NOT NULL, so
 * keyset comparisons are plain. customer_key and reference_key are
 * coalesce (…, '') COLLATE NOCASE; account_key is the account's label,
 * COLLATE NOCASE; fee_norm is 0 for no fee. */
static const char *
sort_expression (PdSortKey key)
{
  switch (key)
    {
    case PD_SORT_DATE:
      return NULL;
    case PD_SORT_AMOUNT:
      return "t.amount_norm";
    case PD_SORT_CUSTOMER:
      return "t.customer_key";
    case PD_SORT_REFERENCE:
      return "t.reference_key";
    case PD_SORT_STATE:
      return "t.state";
    case PD_SORT_PROVIDER:
      return "t.provider";
    case PD_SORT_ACCOUNT:
      return "t.account_key";
    case PD_SORT_FEE:
      return "t.fee_norm";
    default:
      g_assert_not_reached ();
    }
}

static void
append_limit (SqlBuilder    *builder,
              const PdQuery *query)
{
  if (query->limit != 0 || query->offset != 0)
    {
      g_string_append (builder->sql, " LIMIT ? OFFSET ?");
      builder_int (builder, query->limit != 0 ? (gint64)query->limit : -1);
      builder_int (builder, query->offset);
    }
}

static void
append_keyset_and_order (SqlBuilder    *builder,
                         const PdQuery *query)
{
  const char *expression = sort_expression (query->sort);
  const char *direction = query->descending ? "DESC" : "ASC";
  const char *op = query->descending ? "<" : ">";

  if (query->has_after)
    {
      if (expression == NULL)
        {
          g_string_append_printf (builder->sql, " AND t.id %s ?", op);
        }
      else
        {
          /* The collation named on the id lets SQLite seek the index on
           * both values: it extends a row-value range to the rowid only
           * when the comparison has a collating sequence, which the rowid
           * itself lacks. */
          g_string_append_printf (builder->sql, " AND (%s, t.id) %s (?, ? COLLATE BINARY)",
                                  expression, op);
          if (query->sort == PD_SORT_AMOUNT || query->sort == PD_SORT_FEE)
            builder_int (builder, query->after_number);
          else
            builder_text (builder, query->after_text);
        }
      builder_int (builder, query->after_id);
    }

  if (expression == NULL)
    g_string_append_printf (builder->sql, " ORDER BY t.id %s", direction);
  else
    g_string_append_printf (builder->sql, " ORDER BY %s %s, t.id %s",
                            expression, direction, direction);

  append_limit (builder, query);
}

#define TRANSACTION_COLUMNS "t.id, " TRANSACTION_COLUMNS_AFTER_ID
#define TRANSACTION_COLUMNS_AFTER_ID                                                            \
  "t.account_id, t.kind, t.state, t.provider_id, t.reference, t.provider_status,"         \
  " t.amount_units, t.amount_scale, t.amount_currency, t.fee_units, t.fee_scale,"               \
  " t.fee_currency, t.refunded_units, t.refunded_scale, t.refunded_currency,"                   \
  " t.parent_provider_id, t.customer_provider_id, t.customer_name, t.phone, t.email,"           \
  " t.card_last4, t.description, t.counterparty, t.created_at, t.updated_at, t.raw_json,"       \
  " (SELECT a.provider FROM accounts a WHERE a.id = t.account_id), t.account_key"

static PdTransaction *
transaction_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(PdTransaction) record = pd_transaction_new ();
  PdTransactionKind kind = PD_TRANSACTION_KIND_CHARGE;
  PdTransactionState state = PD_TRANSACTION_STATE_INDETERMINATE;

  record->id = sqlite3_column_int64 (stmt, 0);
  record->account_id = sqlite3_column_int64 (stmt, 1);
  pd_transaction_kind_from_string ((const char *)sqlite3_column_text (stmt, 2), &kind);
  pd_transaction_state_from_string ((const char *)sqlite3_column_text (stmt, 3), &state);
  record->kind = kind;
  record->state = state;
  record->provider_id = pd_store_column_dup (stmt, 4);
  record->reference = pd_store_column_dup (stmt, 5);
  record->provider_status = pd_store_column_dup (stmt, 6);
  pd_store_column_money (stmt, 7, &record->amount);
  pd_store_column_money (stmt, 10, &record->fee);
  pd_store_column_money (stmt, 13, &record->amount_refunded);
  record->parent_provider_id = pd_store_column_dup (stmt, 16);
  record->customer_provider_id = pd_store_column_dup (stmt, 17);
  record->customer_name = pd_store_column_dup (stmt, 18);
  record->phone = pd_store_column_dup (stmt, 19);
  record->email = pd_store_column_dup (stmt, 20);
  record->card_last4 = pd_store_column_dup (stmt, 21);
  record->description = pd_store_column_dup (stmt, 22);
  record->counterparty = pd_store_column_dup (stmt, 23);
  record->created_at = sqlite3_column_int64 (stmt, 24);
  record->updated_at = sqlite3_column_int64 (stmt, 25);
  record->raw_json = pd_store_column_dup (stmt, 26);
  record->provider = pd_store_column_dup (stmt, 27);
  record->account_label = pd_store_column_dup (stmt, 28);

  return g_steal_pointer (&record);
}

/* Search index */

static gboolean
search_queue_pending (PdStore  *self,
                      gboolean *pending_out,
                      GError  **error)
{
  g_autoptr(PdCachedStmt) stmt = NULL;
  int rc;

  stmt = pd_store_prepare_cached (self, "SELECT EXISTS (SELECT 1 FROM search_queue)", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return pd_store_set_error (self, rc, _("read the search index"), error);

  *pending_out = sqlite3_column_int (stmt, 0) != 0;

  return TRUE;
}

/* Indexes up to limit queued ids (-1: all), lowest first; the caller holds
 * a write transaction. The FTS table keeps its own copy of the text, so an
 * id's old entry is removed by rowid even though the row has changed (or
 * gone) since. */
gboolean
pd_store_index_queue_locked (PdStore *self,
                             gint64   limit,
                             GError **error)
{
  static const char *const steps[] = {
    "DELETE FROM transactions_fts WHERE rowid IN"
    " (SELECT id FROM search_queue ORDER BY id LIMIT ?1)",
    "INSERT INTO transactions_fts (rowid, provider_id, reference, customer_name, phone,"
    " phone_digits, email, card_last4, description, counterparty)"
    " SELECT t.id, t.provider_id, t.reference, t.customer_name, t.phone, pd_digits (t.phone),"
    " t.email, t.card_last4, t.description, t.counterparty"
    " FROM (SELECT id FROM search_queue ORDER BY id LIMIT ?1) q"
    " JOIN transactions t ON t.id = q.id",
    "DELETE FROM search_queue WHERE id IN (SELECT id FROM search_queue ORDER BY id LIMIT ?1)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(PdCachedStmt) stmt = pd_store_prepare_cached (self, steps[i], error);

      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, limit);
      if (!pd_store_step_done (self, stmt, _("update the search index"), error))
        return FALSE;
    }

  return TRUE;
}


/**
 * pd_store_update_search_index:
 * @self: a store
 * @error: return location for a #PD_STORE_ERROR
 *
 * Indexes, in bulk, every transaction stored or changed since the last
 * call, in database transactions of a few thousand rows each, so that a
 * writer on another connection never waits long. Searching indexes
 * what is left itself first, so calling this is never required for correct
 * results; the sync engine calls it after a sync so that the next search
 * is fast.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_update_search_index (PdStore *self,
                              GError **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  for (;;)
    {
      gboolean pending;

      if (!search_queue_pending (self, &pending, error))
        return FALSE;
      if (!pending)
        return TRUE;

      if (!pd_store_begin (self, TRUE, error))
        return FALSE;

      if (!pd_store_index_queue_locked (self, self->index_chunk, error))
        {
          pd_store_rollback (self);
          return FALSE;
        }

      if (!pd_store_commit (self, error))
        return FALSE;
    }
}

typedef gboolean (*SnapshotFunc) (PdStore  *self,
                                  gpointer  data,
                                  GError  **error);

/* Runs func in one snapshot in which the search index is complete: a read
 * transaction when the queue is empty, else a write transaction that
 * indexes the queue first. Either way no stored row is missed, even when
 * another connection writes meanwhile. */
static gboolean
run_with_search_index (PdStore       *self,
                       gboolean       text_search,
                       SnapshotFunc   func,
                       gpointer       data,
                       GError       **error)
{
  gboolean pending;

  if (!text_search)
    return func (self, data, error);

  if (!pd_store_begin (self, FALSE, error))
    return FALSE;

  if (!search_queue_pending (self, &pending, error))
    goto fail;

  if (pending)
    {
      pd_store_rollback (self);

      if (!pd_store_begin (self, TRUE, error))
        return FALSE;
      if (!pd_store_index_queue_locked (self, -1, error))
        goto fail;
    }

  if (!func (self, data, error))
    goto fail;

  return pd_store_commit (self, error);

fail:
  pd_store_rollback (self);
  return FALSE;
}

typedef struct
{
  const PdQuery *query;
  TextSearch     text;
  gboolean       has_text;
  GPtrArray     *rows;
  guint64        count;
  GArray        *totals;
} QueryData;

static void
query_data_init (QueryData     *data,
                 const PdQuery *query)
{
  memset (data, 0, sizeof *data);
  data->query = query;
  data->has_text = text_search_init (&data->text, query->text);
}

static void
query_data_clear (QueryData *data)
{
  text_search_clear (&data->text);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (QueryData, query_data_clear)

/* Newest (or oldest) matches first, with the trigram index driving in
 * rowid order: since rowids are transaction ids, which sort by date, a page
 * costs about as much as its rows, with no list of every match and no
 * sort. An exact amount comes from its own index, merged in order. */
static gboolean
build_search_by_date (SqlBuilder        *builder,
                      const PdQuery     *query,
                      const TextSearch  *text,
                      GError           **error)
{
  const char *direction = query->descending ? "DESC" : "ASC";
  const char *op = query->descending ? "<" : ">";

  builder_init (builder,
                "SELECT f.rowid, " TRANSACTION_COLUMNS_AFTER_ID
                " FROM transactions_fts f CROSS JOIN transactions t ON t.id = f.rowid");
  if (!append_where (builder, query, NULL, error))
    return FALSE;
  g_string_append (builder->sql, " AND transactions_fts MATCH ?");
  builder_text (builder, text->match);
  if (query->has_after)
    {
      g_string_append_printf (builder->sql, " AND f.rowid %s ?", op);
      builder_int (builder, query->after_id);
    }

  if (!text->is_amount)
    {
      g_string_append_printf (builder->sql, " ORDER BY f.rowid %s", direction);
      append_limit (builder, query);
      return TRUE;
    }

  g_string_append (builder->sql,
                   " UNION ALL SELECT t.id, " TRANSACTION_COLUMNS_AFTER_ID " FROM transactions t");
  if (!append_where (builder, query, NULL, error))
    return FALSE;
  g_string_append (builder->sql, " AND ");
  append_amount_condition (builder, "=", text->units, text->scale);
  if (query->has_after)
    {
      g_string_append_printf (builder->sql, " AND t.id %s ?", op);
      builder_int (builder, query->after_id);
    }
  /* Rows the text found already are not repeated. */
  g_string_append (builder->sql,
                   " AND NOT EXISTS (SELECT 1 FROM transactions_fts"
                   " WHERE transactions_fts MATCH ? AND rowid = t.id)");
  builder_text (builder, text->match);
  g_string_append_printf (builder->sql, " ORDER BY 1 %s", direction);
  append_limit (builder, query);

  return TRUE;
}

static gboolean
select_transactions (PdStore  *self,
                     gpointer  user_data,
                     GError  **error)
{
  QueryData *data = user_data;
  g_auto(SqlBuilder) builder = { NULL, NULL };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (data->has_text && data->text.match != NULL && data->query->sort == PD_SORT_DATE)
    {
      if (!build_search_by_date (&builder, data->query, &data->text, error))
        return FALSE;
    }
  else
    {
      builder_init (&builder, "SELECT " TRANSACTION_COLUMNS " FROM transactions t");
      if (!append_where (&builder, data->query, data->has_text ? &data->text : NULL, error))
        return FALSE;
      append_keyset_and_order (&builder, data->query);
    }

  stmt = builder_prepare (&builder, self, error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (data->rows, transaction_from_row (stmt));

  if (rc != SQLITE_DONE)
    return pd_store_set_error (self, rc, _("read the transactions"), error);

  return TRUE;
}

static gboolean
check_query (const PdQuery  *query,
             GError        **error)
{
  if ((guint)query->sort >= PD_SORT_KEY_COUNT)
    {
      g_set_error_literal (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                           _("Unknown sort order"));
      return FALSE;
    }

  return TRUE;
}

/**
 * pd_store_query_transactions:
 * @self: a store
 * @query: what to list
 * @out: (out) (transfer full) (element-type PdTransaction): the rows
 * @error: return location for a #PD_STORE_ERROR
 *
 * Lists the transactions that match @query, in its order. The next page
 * starts after the last row: pd_query_set_after() on that row.
 *
 * Amounts compare exactly across scales (UGX 2152.2 equals UGX 2152.20);
 * amount bounds only match amounts of their currency. For free text, see
 * the top of pd-store-search.c: trigram substrings of the text columns,
 * phone digits, an exact amount, or a reference prefix for text shorter
 * than three characters.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_query_transactions (PdStore        *self,
                             const PdQuery  *query,
                             GPtrArray     **out,
                             GError        **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_auto(QueryData) data = { NULL, };

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!check_query (query, error))
    return FALSE;

  locker = g_rec_mutex_locker_new (&self->lock);

  query_data_init (&data, query);
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_transaction_free);
  data.rows = rows;

  if (!run_with_search_index (self, data.has_text, select_transactions, &data, error))
    return FALSE;

  *out = g_steal_pointer (&rows);

  return TRUE;
}

static gboolean
count_transactions (PdStore  *self,
                    gpointer  user_data,
                    GError  **error)
{
  QueryData *data = user_data;
  g_auto(SqlBuilder) builder = { NULL, NULL };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  builder_init (&builder, "SELECT count(*) FROM transactions t");
  if (!append_where (&builder, data->query, data->has_text ? &data->text : NULL, error))
    return FALSE;

  stmt = builder_prepare (&builder, self, error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return pd_store_set_error (self, rc, _("count the transactions"), error);

  data->count = (guint64)sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

/**
 * pd_store_count_transactions:
 * @self: a store
 * @query: what to count; its sort, limit, offset and cursor are ignored
 * @count_out: (out): how many transactions match
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_count_transactions (PdStore        *self,
                             const PdQuery  *query,
                             guint64        *count_out,
                             GError        **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_auto(QueryData) data = { NULL, };

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (count_out != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  query_data_init (&data, query);
  if (!run_with_search_index (self, data.has_text, count_transactions, &data, error))
    return FALSE;

  *count_out = data.count;

  return TRUE;
}

static gboolean
sum_transactions (PdStore  *self,
                  gpointer  user_data,
                  GError  **error)
{
  QueryData *data = user_data;
  g_auto(SqlBuilder) builder = { NULL, NULL };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  /* Summed exactly in SQL per currency and scale (sum() of integers fails
   * rather than lose precision), then the scales of one currency are
   * combined exactly. */
  builder_init (&builder,
                "SELECT t.amount_currency, t.amount_scale, sum (t.amount_units), count(*)"
                " FROM transactions t");
  if (!append_where (&builder, data->query, data->has_text ? &data->text : NULL, error))
    return FALSE;
  g_string_append (builder.sql, " GROUP BY t.amount_currency, t.amount_scale ORDER BY 1, 2");

  stmt = builder_prepare (&builder, self, error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *currency = (const char *)sqlite3_column_text (stmt, 0);
      PdTotal *last = data->totals->len > 0
        ? &g_array_index (data->totals, PdTotal, data->totals->len - 1)
        : NULL;
      PdMoney part;

      pd_money_init (&part, sqlite3_column_int64 (stmt, 2), (guint)sqlite3_column_int (stmt, 1),
                     currency);

      if (last != NULL && strcmp (last->amount.currency, part.currency) == 0)
        {
          PdMoney sum;
          g_autoptr(GError) local_error = NULL;

          if (!pd_money_add (&last->amount, &part, &sum, &local_error))
            {
              g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                           _("Could not total the %s amounts: %s"), part.currency,
                           local_error->message);
              return FALSE;
            }
          last->amount = sum;
          last->count += (guint64)sqlite3_column_int64 (stmt, 3);
        }
      else
        {
          PdTotal total = { part, (guint64)sqlite3_column_int64 (stmt, 3) };

          g_array_append_val (data->totals, total);
        }
    }

  if (rc != SQLITE_DONE)
    return pd_store_set_error (self, rc, _("total the transactions"), error);

  return TRUE;
}

/**
 * pd_store_totals:
 * @self: a store
 * @query: what to total; its sort, limit, offset and cursor are ignored
 * @out: (out) (transfer full) (element-type PdTotal): one total per
 *   currency, by currency code; currencies are never added together
 * @error: return location for a #PD_STORE_ERROR
 *
 * Sums the amounts of the matching transactions, exactly.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_totals (PdStore        *self,
                 const PdQuery  *query,
                 GArray        **out,
                 GError        **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(GArray) totals = NULL;
  g_auto(QueryData) data = { NULL, };

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);

  query_data_init (&data, query);
  totals = g_array_new (FALSE, TRUE, sizeof (PdTotal));
  data.totals = totals;

  if (!run_with_search_index (self, data.has_text, sum_transactions, &data, error))
    return FALSE;

  *out = g_steal_pointer (&totals);

  return TRUE;
}

static PdTransaction *
get_one (PdStore      *self,
         sqlite3_stmt *stmt,
         GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return transaction_from_row (stmt);

  if (rc != SQLITE_DONE)
    pd_store_set_error (self, rc, _("read the transaction"), error);
  else
    g_set_error_literal (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND,
                         _("There is no such transaction"));

  return NULL;
}

/**
 * pd_store_get_transaction:
 * @self: a store
 * @id: a transaction id
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): the transaction, or %NULL with
 *   %PD_STORE_ERROR_NOT_FOUND
 */
PdTransaction *
pd_store_get_transaction (PdStore  *self,
                          gint64    id,
                          GError  **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (self), NULL);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self,
                                  "SELECT " TRANSACTION_COLUMNS " FROM transactions t"
                                  " WHERE t.id = ?",
                                  error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);

  return get_one (self, stmt, error);
}

/**
 * pd_store_find_transaction:
 * @self: a store
 * @account_id: the account
 * @kind: the kind
 * @provider_id: the provider's id
 * @error: return location for a #PD_STORE_ERROR
 *
 * Looks a transaction up by its identity.
 *
 * Returns: (transfer full) (nullable): the transaction, or %NULL with
 *   %PD_STORE_ERROR_NOT_FOUND
 */
PdTransaction *
pd_store_find_transaction (PdStore            *self,
                           gint64              account_id,
                           PdTransactionKind   kind,
                           const char         *provider_id,
                           GError            **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(PdCachedStmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (self), NULL);
  g_return_val_if_fail ((guint)kind < PD_TRANSACTION_KIND_COUNT, NULL);
  g_return_val_if_fail (provider_id != NULL, NULL);

  locker = g_rec_mutex_locker_new (&self->lock);

  stmt = pd_store_prepare_cached (self,
                                  "SELECT " TRANSACTION_COLUMNS " FROM transactions t"
                                  " WHERE t.account_id = ? AND t.kind = ? AND t.provider_id = ?",
                                  error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, account_id);
  pd_store_bind_text (stmt, 2, pd_transaction_kind_to_string (kind));
  pd_store_bind_text (stmt, 3, provider_id);

  return get_one (self, stmt, error);
}

/**
 * pd_store_list_refunds:
 * @self: a store
 * @account_id: the account of the charge
 * @charge_provider_id: the provider id of the charge
 * @out: (out) (transfer full) (element-type PdTransaction): its refunds,
 *   oldest first
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_list_refunds (PdStore     *self,
                       gint64       account_id,
                       const char  *charge_provider_id,
                       GPtrArray  **out,
                       GError     **error)
{
  g_autoptr(PdQuery) query = pd_query_new ();

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (charge_provider_id != NULL, FALSE);

  query->account_id = account_id;
  query->kinds = PD_TRANSACTION_KIND_BIT (PD_TRANSACTION_KIND_REFUND);
  query->parent_provider_id = g_strdup (charge_provider_id);
  query->descending = FALSE;

  return pd_store_query_transactions (self, query, out, error);
}

/**
 * pd_store_list_customer_transactions:
 * @self: a store
 * @account_id: the customer's account
 * @customer_provider_id: the provider id of the customer
 * @out: (out) (transfer full) (element-type PdTransaction): the customer's
 *   transactions, newest first
 * @error: return location for a #PD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
pd_store_list_customer_transactions (PdStore     *self,
                                     gint64       account_id,
                                     const char  *customer_provider_id,
                                     GPtrArray  **out,
                                     GError     **error)
{
  g_autoptr(PdQuery) query = pd_query_new ();

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (customer_provider_id != NULL, FALSE);

  query->account_id = account_id;
  query->customer_provider_id = g_strdup (customer_provider_id);

  return pd_store_query_transactions (self, query, out, error);
}

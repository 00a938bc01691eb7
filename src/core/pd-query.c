/* pd-query.c - what the transaction views and the CLI ask the store for
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "pd-query.h"
#include "pd-store.h"
#include "pd-store-private.h"

static const char *const sort_keys[] = {
  [PD_SORT_DATE] = "date",
  [PD_SORT_AMOUNT] = "amount",
  [PD_SORT_CUSTOMER] = "customer",
  [PD_SORT_REFERENCE] = "reference",
  [PD_SORT_STATE] = "state",
  [PD_SORT_PROVIDER] = "provider",
  [PD_SORT_ACCOUNT] = "account",
  [PD_SORT_FEE] = "fee",
};

/**
 * pd_sort_key_to_string:
 * @key: a sort key
 *
 * Returns: its stable string (`date`, `amount`, …), as the CLI takes it
 */
const char *
pd_sort_key_to_string (PdSortKey key)
{
  g_return_val_if_fail ((guint)key < G_N_ELEMENTS (sort_keys), NULL);

  return sort_keys[key];
}

/**
 * pd_sort_key_from_string:
 * @text: (nullable): a stable string
 * @out: (out) (optional): the sort key
 *
 * Returns: %FALSE when @text names no sort key
 */
gboolean
pd_sort_key_from_string (const char *text,
                         PdSortKey  *out)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (sort_keys); i++)
    {
      if (strcmp (sort_keys[i], text) == 0)
        {
          if (out != NULL)
            *out = (PdSortKey)i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * pd_query_new:
 *
 * Returns: (transfer full): a query for every transaction, newest first
 */
PdQuery *
pd_query_new (void)
{
  PdQuery *self = g_new0 (PdQuery, 1);

  self->sort = PD_SORT_DATE;
  self->descending = TRUE;

  return self;
}

/**
 * pd_query_copy:
 * @self: a query
 *
 * Returns: (transfer full): a deep copy
 */
PdQuery *
pd_query_copy (const PdQuery *self)
{
  PdQuery *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->provider = g_strdup (self->provider);
  copy->text = g_strdup (self->text);
  copy->customer_provider_id = g_strdup (self->customer_provider_id);
  copy->parent_provider_id = g_strdup (self->parent_provider_id);
  copy->after_text = g_strdup (self->after_text);

  return copy;
}

/**
 * pd_query_free:
 * @self: (nullable): a query
 *
 * Frees @self and everything it holds.
 */
void
pd_query_free (PdQuery *self)
{
  if (self == NULL)
    return;

  g_free (self->provider);
  g_free (self->text);
  g_free (self->customer_provider_id);
  g_free (self->parent_provider_id);
  g_free (self->after_text);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (PdQuery, pd_query, pd_query_copy, pd_query_free)

/**
 * pd_query_set_text:
 * @self: a query
 * @text: (nullable): free text, or %NULL for none
 *
 * Sets the free text to search for.
 */
void
pd_query_set_text (PdQuery    *self,
                   const char *text)
{
  g_return_if_fail (self != NULL);

  g_free (self->text);
  self->text = g_strdup (text);
}

/**
 * pd_query_set_provider:
 * @self: a query
 * @provider: (nullable): a provider name, or %NULL for all
 *
 * Limits the query to the accounts of one provider.
 */
void
pd_query_set_provider (PdQuery    *self,
                       const char *provider)
{
  g_return_if_fail (self != NULL);

  g_free (self->provider);
  self->provider = g_strdup (provider);
}

/**
 * pd_query_set_after:
 * @self: a query
 * @last: the last row of the previous page, as the store returned it
 *
 * Makes the query continue after @last in its sort order (keyset paging:
 * as fast for the thousandth page as for the first, and rows stored
 * meanwhile never shift a page).
 */
void
pd_query_set_after (PdQuery             *self,
                    const PdTransaction *last)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (last != NULL);

  g_clear_pointer (&self->after_text, g_free);
  self->after_number = 0;

  switch (self->sort)
    {
    case PD_SORT_DATE:
      break;

    case PD_SORT_AMOUNT:
      self->after_number = pd_amount_norm (last->amount.units,
                                           MIN (last->amount.scale, PD_AMOUNT_NORM_SCALE), NULL);
      break;

    case PD_SORT_CUSTOMER:
      self->after_text = g_strdup (last->customer_name != NULL ? last->customer_name : "");
      break;

    case PD_SORT_REFERENCE:
      self->after_text = g_strdup (last->reference != NULL ? last->reference : "");
      break;

    case PD_SORT_STATE:
      self->after_text = g_strdup (pd_transaction_state_to_string (last->state));
      break;

    case PD_SORT_PROVIDER:
      self->after_text = g_strdup (last->provider != NULL ? last->provider : "");
      break;

    case PD_SORT_ACCOUNT:
      self->after_text = g_strdup (last->account_label != NULL ? last->account_label : "");
      break;

    case PD_SORT_FEE:
      if (pd_money_is_set (&last->fee))
        self->after_number = pd_amount_norm (last->fee.units,
                                             MIN (last->fee.scale, PD_AMOUNT_NORM_SCALE), NULL);
      break;

    default:
      g_return_if_reached ();
    }

  self->after_id = last->id;
  self->has_after = TRUE;
}

/**
 * pd_query_clear_after:
 * @self: a query
 *
 * Makes the query start from its first row again.
 */
void
pd_query_clear_after (PdQuery *self)
{
  g_return_if_fail (self != NULL);

  self->has_after = FALSE;
  self->after_id = 0;
  self->after_number = 0;
  g_clear_pointer (&self->after_text, g_free);
}

static void
add_money_member (JsonBuilder   *builder,
                  const char    *name,
                  const PdMoney *money)
{
  g_autofree char *plain = NULL;

  if (money->currency[0] == '\0')
    return;

  plain = pd_money_to_plain (money);

  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "amount");
  json_builder_add_string_value (builder, plain);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, money->currency);
  json_builder_end_object (builder);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_int_member (JsonBuilder *builder,
                const char  *name,
                gint64       value)
{
  if (value == 0)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/**
 * pd_query_to_json:
 * @self: a query
 *
 * Writes what the query selects and its order (not its limit, offset or
 * cursor) as JSON, for saved views. Amounts are decimal strings.
 *
 * Returns: (transfer full): the JSON text
 */
char *
pd_query_to_json (const PdQuery *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  add_int_member (builder, "account_id", self->account_id);
  add_string_member (builder, "provider", self->provider);

  if (self->kinds != 0)
    {
      json_builder_set_member_name (builder, "kinds");
      json_builder_begin_array (builder);
      for (guint kind = 0; kind < PD_TRANSACTION_KIND_COUNT; kind++)
        if (self->kinds & PD_TRANSACTION_KIND_BIT (kind))
          json_builder_add_string_value (builder, pd_transaction_kind_to_string (kind));
      json_builder_end_array (builder);
    }

  if (self->states != 0)
    {
      json_builder_set_member_name (builder, "states");
      json_builder_begin_array (builder);
      for (guint state = 0; state < PD_TRANSACTION_STATE_COUNT; state++)
        if (self->states & PD_TRANSACTION_STATE_BIT (state))
          json_builder_add_string_value (builder, pd_transaction_state_to_string (state));
      json_builder_end_array (builder);
    }

  add_int_member (builder, "date_from", self->date_from);
  add_int_member (builder, "date_to", self->date_to);
  add_money_member (builder, "min_amount", &self->min_amount);
  add_money_member (builder, "max_amount", &self->max_amount);
  add_string_member (builder, "text", self->text);
  add_string_member (builder, "customer_provider_id", self->customer_provider_id);
  add_string_member (builder, "parent_provider_id", self->parent_provider_id);
  add_string_member (builder, "sort", pd_sort_key_to_string (self->sort));
  json_builder_set_member_name (builder, "descending");
  json_builder_add_boolean_value (builder, self->descending);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

static gboolean
invalid_member (const char  *member,
                GError     **error)
{
  g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
               _("The saved view has an invalid “%s”"), member);
  return FALSE;
}

static gboolean
read_money_member (JsonObject  *object,
                   const char  *member,
                   PdMoney     *out,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonObject *money;
  const char *amount, *currency;

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid_member (member, error);

  money = json_node_get_object (node);

  amount = json_object_get_string_member_with_default (money, "amount", NULL);
  currency = json_object_get_string_member_with_default (money, "currency", NULL);
  if (amount == NULL || currency == NULL || !pd_money_parse (amount, currency, out, NULL))
    return invalid_member (member, error);

  return TRUE;
}

static gboolean
read_set_member (JsonObject  *object,
                 const char  *member,
                 gboolean     kinds,
                 guint       *out,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  *out = 0;

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid_member (member, error);

  array = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *text = JSON_NODE_HOLDS_VALUE (element) ? json_node_get_string (element) : NULL;
      PdTransactionKind kind;
      PdTransactionState state;

      if (kinds && pd_transaction_kind_from_string (text, &kind))
        *out |= PD_TRANSACTION_KIND_BIT (kind);
      else if (!kinds && pd_transaction_state_from_string (text, &state))
        *out |= PD_TRANSACTION_STATE_BIT (state);
      else
        return invalid_member (member, error);
    }

  return TRUE;
}

static char *
dup_string_member (JsonObject *object,
                   const char *member)
{
  return g_strdup (json_object_get_string_member_with_default (object, member, NULL));
}

/**
 * pd_query_new_from_json:
 * @json: JSON text written by pd_query_to_json()
 * @error: return location for a #PD_STORE_ERROR
 *
 * Reads a saved query.
 *
 * Returns: (transfer full) (nullable): the query, or %NULL with
 *   %PD_STORE_ERROR_INVALID
 */
PdQuery *
pd_query_new_from_json (const char  *json,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(PdQuery) query = pd_query_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *object;
  const char *sort;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("The saved view is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                           _("The saved view is not a JSON object"));
      return NULL;
    }

  object = json_node_get_object (root);

  query->account_id = json_object_get_int_member_with_default (object, "account_id", 0);
  query->provider = dup_string_member (object, "provider");
  query->date_from = json_object_get_int_member_with_default (object, "date_from", 0);
  query->date_to = json_object_get_int_member_with_default (object, "date_to", 0);
  query->text = dup_string_member (object, "text");
  query->customer_provider_id = dup_string_member (object, "customer_provider_id");
  query->parent_provider_id = dup_string_member (object, "parent_provider_id");
  query->descending = json_object_get_boolean_member_with_default (object, "descending", TRUE);

  sort = json_object_get_string_member_with_default (object, "sort", "date");
  if (!pd_sort_key_from_string (sort, &query->sort))
    {
      invalid_member ("sort", error);
      return NULL;
    }

  if (!read_set_member (object, "kinds", TRUE, &query->kinds, error) ||
      !read_set_member (object, "states", FALSE, &query->states, error) ||
      !read_money_member (object, "min_amount", &query->min_amount, error) ||
      !read_money_member (object, "max_amount", &query->max_amount, error))
    return NULL;

  return g_steal_pointer (&query);
}

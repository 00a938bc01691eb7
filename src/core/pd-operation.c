/* pd-operation.c - a money movement to perform, and what came of it
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pd-json.h"
#include "pd-operation.h"
#include "pd-secrets.h"

static const struct {
  const char *name;
  const char *label;
} kinds[PD_OPERATION_KIND_COUNT] = {
  [PD_OPERATION_REFUND]       = { "refund",       N_("Refund") },
  [PD_OPERATION_CHARGE]       = { "charge",       N_("Charge") },
  [PD_OPERATION_COLLECTION]   = { "collection",   N_("Collection") },
  [PD_OPERATION_DISBURSEMENT] = { "disbursement", N_("Disbursement") },
  [PD_OPERATION_TRANSFER]     = { "transfer",     N_("Transfer") },
  [PD_OPERATION_VEND]         = { "vend",         N_("Electricity sale") },
  [PD_OPERATION_BILL]         = { "bill",         N_("Bill payment") },
  [PD_OPERATION_TOPUP]        = { "topup",        N_("Top-up") },
};

/**
 * pd_operation_kind_to_string:
 * @kind: an operation kind
 *
 * Returns: the stable lower-case name of @kind (`refund`, …)
 */
const char *
pd_operation_kind_to_string (PdOperationKind kind)
{
  g_return_val_if_fail (kind < PD_OPERATION_KIND_COUNT, NULL);

  return kinds[kind].name;
}

/**
 * pd_operation_kind_from_string:
 * @text: a name from pd_operation_kind_to_string()
 * @out: (out): the kind
 *
 * Returns: %TRUE if @text names a kind
 */
gboolean
pd_operation_kind_from_string (const char      *text,
                               PdOperationKind *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (strcmp (kinds[i].name, text) == 0)
        {
          *out = i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * pd_operation_kind_get_label:
 * @kind: an operation kind
 *
 * Returns: the translated name of @kind for people
 */
const char *
pd_operation_kind_get_label (PdOperationKind kind)
{
  g_return_val_if_fail (kind < PD_OPERATION_KIND_COUNT, NULL);

  return _(kinds[kind].label);
}

static GHashTable *
new_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static GHashTable *
new_secret_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, pd_secret_text_free);
}

/**
 * pd_operation_new:
 * @kind: what the operation does
 * @account_id: the account the money moves through
 *
 * Returns: (transfer full): an operation with no amount, fields or secrets
 */
PdOperation *
pd_operation_new (PdOperationKind kind,
                  gint64          account_id)
{
  PdOperation *self;

  g_return_val_if_fail (kind < PD_OPERATION_KIND_COUNT, NULL);

  self = g_new0 (PdOperation, 1);
  self->kind = kind;
  self->account_id = account_id;
  self->fields = new_table ();
  self->secrets = new_secret_table ();

  return self;
}

static void
copy_entries (GHashTable *from,
              GHashTable *to)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (to, g_strdup (key), g_strdup (value));
}

/**
 * pd_operation_copy:
 * @self: a #PdOperation
 *
 * Returns: (transfer full): a deep copy of @self, secrets included
 */
PdOperation *
pd_operation_copy (const PdOperation *self)
{
  PdOperation *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = pd_operation_new (self->kind, self->account_id);
  copy->idempotency_key = g_strdup (self->idempotency_key);
  copy->reference = g_strdup (self->reference);
  copy->target_provider_id = g_strdup (self->target_provider_id);
  copy->amount = self->amount;
  copy->description = g_strdup (self->description);
  copy_entries (self->fields, copy->fields);
  copy_entries (self->secrets, copy->secrets);

  return copy;
}

/**
 * pd_operation_free:
 * @self: (transfer full): a #PdOperation
 *
 * Frees @self, wiping its secrets first.
 */
void
pd_operation_free (PdOperation *self)
{
  if (self == NULL)
    return;

  g_free (self->idempotency_key);
  g_free (self->reference);
  g_free (self->target_provider_id);
  g_free (self->description);
  g_hash_table_unref (self->fields);
  g_hash_table_unref (self->secrets);
  g_free (self);
}

/**
 * pd_operation_get_field:
 * @self: a #PdOperation
 * @name: a field name
 *
 * Returns: (nullable): the field's value
 */
const char *
pd_operation_get_field (const PdOperation *self,
                        const char        *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->fields, name);
}

/**
 * pd_operation_set_field:
 * @self: a #PdOperation
 * @name: a field name
 * @value: (nullable): the value, or %NULL to remove the field
 *
 * Sets a field that is stored with the outbox entry. Never put a secret
 * here: use pd_operation_set_secret().
 */
void
pd_operation_set_field (PdOperation *self,
                        const char  *name,
                        const char  *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);

  if (value == NULL)
    g_hash_table_remove (self->fields, name);
  else
    g_hash_table_insert (self->fields, g_strdup (name), g_strdup (value));
}

/**
 * pd_operation_get_secret:
 * @self: a #PdOperation
 * @name: a secret's name
 *
 * Returns: (nullable): the secret
 */
const char *
pd_operation_get_secret (const PdOperation *self,
                         const char        *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->secrets, name);
}

/**
 * pd_operation_set_secret:
 * @self: a #PdOperation
 * @name: a secret's name (`ipin`, `cvv`, `card_number`)
 * @value: (nullable): the secret, or %NULL to remove it
 *
 * Sets a value that is sent with this request only, and never stored or
 * logged.
 */
void
pd_operation_set_secret (PdOperation *self,
                         const char  *name,
                         const char  *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);

  if (value == NULL)
    g_hash_table_remove (self->secrets, name);
  else
    g_hash_table_insert (self->secrets, g_strdup (name), g_strdup (value));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/**
 * pd_operation_fields_to_json:
 * @self: a #PdOperation
 *
 * The fields (never the secrets) as one JSON object with sorted members,
 * for the outbox.
 *
 * Returns: (transfer full): compact JSON text
 */
char *
pd_operation_fields_to_json (const PdOperation *self)
{
  g_autoptr(PdJsonWriter) writer = pd_json_writer_new ();
  g_autofree const char **names = NULL;
  guint n_names = 0;

  g_return_val_if_fail (self != NULL, NULL);

  names = (const char **)g_hash_table_get_keys_as_array (self->fields, &n_names);
  qsort (names, n_names, sizeof (char *), compare_strings);

  pd_json_writer_begin_object (writer);
  for (guint i = 0; i < n_names; i++)
    {
      pd_json_writer_member (writer, names[i]);
      pd_json_writer_string (writer, g_hash_table_lookup (self->fields, names[i]));
    }
  pd_json_writer_end_object (writer);

  return pd_json_writer_free_to_string (g_steal_pointer (&writer));
}

/**
 * pd_operation_fields_from_json:
 * @self: a #PdOperation
 * @json: text from pd_operation_fields_to_json()
 * @error: return location for a #GError
 *
 * Adds the fields of @json to @self.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_operation_fields_from_json (PdOperation  *self,
                               const char   *json,
                               GError      **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (json != NULL, FALSE);

  if (!(root = pd_json_parse (json, -1, error)))
    return FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PD_JSON_ERROR, PD_JSON_ERROR_TYPE,
                   _("The operation's fields are not a JSON object."));
      return FALSE;
    }

  object = json_node_get_object (root);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      g_autofree char *value = pd_json_dup_text (object, name);

      if (value != NULL)
        pd_operation_set_field (self, name, value);
    }

  return TRUE;
}

/**
 * pd_operation_result_new:
 * @transaction: (transfer full) (nullable): the transaction the operation made
 *
 * Returns: (transfer full): a result holding @transaction
 */
PdOperationResult *
pd_operation_result_new (PdTransaction *transaction)
{
  PdOperationResult *self = g_new0 (PdOperationResult, 1);

  self->transaction = transaction;
  self->updated = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_transaction_free);

  return self;
}

/**
 * pd_operation_result_free:
 * @self: (transfer full): a #PdOperationResult
 *
 * Frees @self and the records it holds.
 */
void
pd_operation_result_free (PdOperationResult *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->transaction, pd_transaction_free);
  g_ptr_array_unref (self->updated);
  g_free (self->response_json);
  g_free (self);
}

/* pd-zengapay-webhook.c - checking ZengaPay webhook events and applying them to the store
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * ZengaPay posts an event to the merchant's web address when a collection
 * or transfer ends. A desktop application is not that address, but a
 * merchant can paste an event (or save it to a file) from wherever it was
 * received, and have the store catch up with it before the next sync.
 *
 * The signature (HACKING.md, "Provider readings" → ZengaPay, "Webhooks"):
 * `X-ZENGAPAY-SIGNATURE` is the HMAC-SHA256 of the raw request body, keyed
 * with the account's secret hash, in lower-case hexadecimal — what the
 * document's PHP sample computes with hash_hmac('sha256', $input, …). The
 * sentence that calls it a signature of "transactionReference+msisdn+amount"
 * is not followed: the sample signs the body, and so does this. Upper-case
 * hexadecimal is accepted too; the comparison takes the same time wherever
 * the two differ.
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pd-zengapay-private.h"
#include "pd-zengapay-webhook.h"

#define DIGEST_LENGTH 32

G_DEFINE_QUARK (pd-zengapay-webhook-error-quark, pd_zengapay_webhook_error)

G_DEFINE_BOXED_TYPE (PdZengapayWebhookEvent, pd_zengapay_webhook_event,
                     pd_zengapay_webhook_event_copy, pd_zengapay_webhook_event_free)

/**
 * pd_zengapay_webhook_event_copy:
 * @self: an event
 *
 * Returns: (transfer full): a copy of @self
 */
PdZengapayWebhookEvent *
pd_zengapay_webhook_event_copy (const PdZengapayWebhookEvent *self)
{
  PdZengapayWebhookEvent *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (PdZengapayWebhookEvent, 1);
  copy->event = g_strdup (self->event);
  copy->transaction = self->transaction != NULL ? pd_transaction_copy (self->transaction) : NULL;

  return copy;
}

/**
 * pd_zengapay_webhook_event_free:
 * @self: (nullable): an event
 *
 * Frees @self.
 */
void
pd_zengapay_webhook_event_free (PdZengapayWebhookEvent *self)
{
  if (self == NULL)
    return;

  g_free (self->event);
  g_clear_pointer (&self->transaction, pd_transaction_free);
  g_free (self);
}

/* Signatures */

static void
compute_digest (const char *secret_hash,
                const char *body,
                gsize       length,
                guint8      digest[DIGEST_LENGTH])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *)secret_hash,
                                      strlen (secret_hash));
  gsize digest_length = DIGEST_LENGTH;

  if (length > 0)
    g_hmac_update (hmac, (const guchar *)body, length);
  g_hmac_get_digest (hmac, digest, &digest_length);
  g_assert (digest_length == DIGEST_LENGTH);
}

/**
 * pd_zengapay_webhook_sign:
 * @secret_hash: the account's secret hash
 * @body: (array length=length): the request body
 * @length: its length in bytes
 *
 * Computes the `X-ZENGAPAY-SIGNATURE` of @body as ZengaPay does: the
 * HMAC-SHA256 of the raw bytes with @secret_hash as the key, in lower-case
 * hexadecimal.
 *
 * Returns: (transfer full): the signature
 */
char *
pd_zengapay_webhook_sign (const char *secret_hash,
                          const char *body,
                          gsize       length)
{
  static const char hex[] = "0123456789abcdef";
  guint8 digest[DIGEST_LENGTH];
  char *text;

  g_return_val_if_fail (secret_hash != NULL, NULL);
  g_return_val_if_fail (body != NULL || length == 0, NULL);

  compute_digest (secret_hash, body, length, digest);

  text = g_new (char, 2 * DIGEST_LENGTH + 1);
  for (guint i = 0; i < DIGEST_LENGTH; i++)
    {
      text[2 * i] = hex[digest[i] >> 4];
      text[2 * i + 1] = hex[digest[i] & 0xf];
    }
  text[2 * DIGEST_LENGTH] = '\0';

  return text;
}

/* 64 hexadecimal digits, either case, with spaces around them. Only the
 * length and the alphabet decide, never the value. */
static gboolean
decode_signature (const char *signature,
                  guint8      out[DIGEST_LENGTH])
{
  gsize length;

  while (g_ascii_isspace (*signature))
    signature++;
  length = strlen (signature);
  while (length > 0 && g_ascii_isspace (signature[length - 1]))
    length--;

  if (length != 2 * DIGEST_LENGTH)
    return FALSE;

  for (guint i = 0; i < DIGEST_LENGTH; i++)
    {
      int high = g_ascii_xdigit_value (signature[2 * i]);
      int low = g_ascii_xdigit_value (signature[2 * i + 1]);

      if (high < 0 || low < 0)
        return FALSE;
      out[i] = (guint8)(high << 4 | low);
    }

  return TRUE;
}

/**
 * pd_zengapay_webhook_verify:
 * @secret_hash: (nullable): the account's secret hash (the keyring field
 *   `secret_hash`)
 * @signature: (nullable): the request's `X-ZENGAPAY-SIGNATURE`
 * @body: (array length=length): the raw request body, byte for byte
 * @length: its length in bytes
 * @error: where to put an error
 *
 * Checks that ZengaPay sent @body: that @signature is the HMAC-SHA256 of
 * it keyed with @secret_hash (pd_zengapay_webhook_sign()). The comparison
 * looks at every byte whatever the first difference, so its time tells
 * nothing about the right signature.
 *
 * Returns: %TRUE if the signature is good; else %FALSE with @error set
 *   (%PD_ZENGAPAY_WEBHOOK_ERROR_NO_SECRET, _NO_SIGNATURE or
 *   _BAD_SIGNATURE)
 */
gboolean
pd_zengapay_webhook_verify (const char  *secret_hash,
                            const char  *signature,
                            const char  *body,
                            gsize        length,
                            GError     **error)
{
  guint8 expected[DIGEST_LENGTH];
  guint8 given[DIGEST_LENGTH];
  guint8 difference = 0;

  g_return_val_if_fail (body != NULL || length == 0, FALSE);

  if (zp_is_blank (secret_hash))
    {
      g_set_error_literal (error, PD_ZENGAPAY_WEBHOOK_ERROR, PD_ZENGAPAY_WEBHOOK_ERROR_NO_SECRET,
                           _("The ZengaPay account has no secret hash to check webhook events "
                             "with; enter the one set in ZengaPay’s Developer Settings"));
      return FALSE;
    }

  if (zp_is_blank (signature))
    {
      g_set_error (error, PD_ZENGAPAY_WEBHOOK_ERROR, PD_ZENGAPAY_WEBHOOK_ERROR_NO_SIGNATURE,
                   _("The webhook event has no %s header, so it cannot be shown to come "
                     "from ZengaPay"), PD_ZENGAPAY_SIGNATURE_HEADER);
      return FALSE;
    }

  compute_digest (secret_hash, body, length, expected);

  if (!decode_signature (signature, given))
    {
      g_set_error (error, PD_ZENGAPAY_WEBHOOK_ERROR, PD_ZENGAPAY_WEBHOOK_ERROR_BAD_SIGNATURE,
                   _("The %s of the webhook event is not a signature (64 hexadecimal digits)"),
                   PD_ZENGAPAY_SIGNATURE_HEADER);
      return FALSE;
    }

  for (guint i = 0; i < DIGEST_LENGTH; i++)
    difference |= expected[i] ^ given[i];

  if (difference != 0)
    {
      g_set_error_literal (error, PD_ZENGAPAY_WEBHOOK_ERROR, PD_ZENGAPAY_WEBHOOK_ERROR_BAD_SIGNATURE,
                           _("The webhook event’s signature does not match its content: it was "
                             "not sent by ZengaPay with this account’s secret hash, or it was "
                             "changed since"));
      return FALSE;
    }

  return TRUE;
}

/* Events */

static gboolean
malformed (GError     **error,
           const char  *detail)
{
  g_set_error (error, PD_ZENGAPAY_WEBHOOK_ERROR, PD_ZENGAPAY_WEBHOOK_ERROR_MALFORMED,
               _("This is not a ZengaPay webhook event: %s"), detail);
  return FALSE;
}

/**
 * pd_zengapay_webhook_parse:
 * @body: (array length=length): the event's body
 * @length: its length in bytes
 * @timezone: (nullable): the account's time zone; %NULL for
 *   `Africa/Kampala`
 * @error: where to put an error
 *
 * Reads an event: `{"event": "collection.success", "data": {…}}`. The
 * document names `collection.success`, `collection.failed`,
 * `transfer.success` and `transfer.failed`; the part after the dot gives
 * the state when `data.transactionStatus` is missing, and must agree with
 * it when it is there. The transaction's raw JSON is the whole event.
 * Nothing checks the signature here (pd_zengapay_webhook_verify()).
 *
 * Returns: (transfer full): the event, or %NULL with @error set
 */
PdZengapayWebhookEvent *
pd_zengapay_webhook_parse (const char  *body,
                           gsize        length,
                           const char  *timezone,
                           GError     **error)
{
  g_autoptr(PdZengapayWebhookEvent) event = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) parts = NULL;
  PdTransactionKind kind;
  const char *word;
  const char *status;
  JsonObject *object;
  JsonNode *data;

  g_return_val_if_fail (body != NULL || length == 0, NULL);

  root = pd_json_parse (body, length, &local_error);
  if (root == NULL)
    {
      malformed (error, local_error->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      malformed (error, _("the body is not a JSON object"));
      return NULL;
    }

  object = json_node_get_object (root);
  data = json_object_get_member (object, "data");
  event = g_new0 (PdZengapayWebhookEvent, 1);
  event->event = zp_dup_text (object, "event");

  if (event->event == NULL || data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    {
      malformed (error, _("it needs an “event” and a “data” object"));
      return NULL;
    }

  parts = g_strsplit (event->event, ".", 2);
  if (g_strv_length (parts) != 2)
    {
      g_set_error (error, PD_ZENGAPAY_WEBHOOK_ERROR, PD_ZENGAPAY_WEBHOOK_ERROR_UNKNOWN_EVENT,
                   _("“%s” is not a ZengaPay event Paydesk knows"), event->event);
      return NULL;
    }

  if (g_ascii_strcasecmp (parts[0], "collection") == 0)
    kind = PD_TRANSACTION_KIND_COLLECTION;
  else if (g_ascii_strcasecmp (parts[0], "transfer") == 0)
    kind = PD_TRANSACTION_KIND_TRANSFER;
  else
    kind = PD_TRANSACTION_KIND_COUNT;

  if (g_ascii_strcasecmp (parts[1], "success") == 0)
    word = "SUCCEEDED";
  else if (g_ascii_strcasecmp (parts[1], "failed") == 0)
    word = "FAILED";
  else
    word = NULL;

  if (kind == PD_TRANSACTION_KIND_COUNT || word == NULL)
    {
      g_set_error (error, PD_ZENGAPAY_WEBHOOK_ERROR, PD_ZENGAPAY_WEBHOOK_ERROR_UNKNOWN_EVENT,
                   _("“%s” is not a ZengaPay event Paydesk knows"), event->event);
      return NULL;
    }

  status = pd_json_get_string (json_node_get_object (data), "transactionStatus");
  if (zp_is_blank (status))
    json_object_set_string_member (json_node_get_object (data), "transactionStatus", word);
  else if (g_ascii_strcasecmp (status, word) != 0)
    {
      g_autofree char *detail = g_strdup_printf (_("the event “%s” reports the status “%s”"),
                                                 event->event, status);

      malformed (error, detail);
      return NULL;
    }

  tz = zp_time_zone_new (timezone);
  event->transaction = zp_parse_transaction (data, kind, tz, g_strndup (body, length), &local_error);
  if (event->transaction == NULL)
    {
      malformed (error, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&event);
}

/* Captured requests */

static gboolean
line_is_request_line (const char *line,
                      gsize       length)
{
  g_autofree char *copy = g_strndup (line, length);

  return strchr (copy, ':') == NULL || strstr (copy, " HTTP/") != NULL;
}

/**
 * pd_zengapay_webhook_read_capture:
 * @text: (array length=length): a webhook request as a request inspector
 *   shows it: optionally the request line, then the headers, an empty
 *   line and the body
 * @length: its length in bytes
 * @signature_out: (out) (transfer full) (optional): the signature header's
 *   value, %NULL when there is none
 * @body_offset_out: (out) (optional): where the body starts in @text
 * @body_length_out: (out) (optional): the body's length in bytes
 * @error: where to put an error
 *
 * Splits a captured request into its signature and its raw body. Header
 * names are matched in any case; a `Content-Length` header, when there is
 * one, says where the body ends (an editor's final newline is not part of
 * what was signed). Text that starts with `{` is a body alone.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_zengapay_webhook_read_capture (const char  *text,
                                  gsize        length,
                                  char       **signature_out,
                                  gsize       *body_offset_out,
                                  gsize       *body_length_out,
                                  GError     **error)
{
  g_autofree char *signature = NULL;
  gint64 content_length = -1;
  gsize position = 0;
  gboolean first = TRUE;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);

  if (length > 0 && text[0] != '{')
    {
      for (;;)
        {
          const char *line = text + position;
          const char *newline = memchr (line, '\n', length - position);
          gsize line_length;
          const char *colon;

          if (newline == NULL)
            return malformed (error, _("the headers are not followed by an empty line and the body"));

          line_length = newline - line;
          position += line_length + 1;
          if (line_length > 0 && line[line_length - 1] == '\r')
            line_length--;

          if (line_length == 0)
            break;

          if (first && line_is_request_line (line, line_length))
            {
              first = FALSE;
              continue;
            }
          first = FALSE;

          colon = memchr (line, ':', line_length);
          if (colon == NULL)
            return malformed (error, _("a header line has no “:”"));

          {
            g_autofree char *name = g_strstrip (g_strndup (line, colon - line));
            g_autofree char *value = g_strstrip (g_strndup (colon + 1, line + line_length - colon - 1));

            if (g_ascii_strcasecmp (name, PD_ZENGAPAY_SIGNATURE_HEADER) == 0)
              {
                g_free (signature);
                signature = g_steal_pointer (&value);
              }
            else if (g_ascii_strcasecmp (name, "Content-Length") == 0 &&
                     !g_ascii_string_to_signed (value, 10, 0, G_MAXINT64, &content_length, NULL))
              return malformed (error, _("its Content-Length is not a number"));
          }
        }
    }

  if (content_length >= 0 && (guint64)content_length > length - position)
    return malformed (error, _("the body is shorter than its Content-Length says"));

  if (signature_out != NULL)
    *signature_out = g_steal_pointer (&signature);
  if (body_offset_out != NULL)
    *body_offset_out = position;
  if (body_length_out != NULL)
    *body_length_out = content_length >= 0 ? (gsize)content_length : length - position;

  return TRUE;
}

/* Applying */

static void
replace_if_given (char       **field,
                  const char  *value)
{
  if (value == NULL || *field == value)
    return;

  g_free (*field);
  *field = g_strdup (value);
}

/**
 * pd_zengapay_webhook_apply:
 * @store: the store
 * @account_id: the ZengaPay account the event was sent for
 * @secret_hash: (nullable): the account's secret hash
 * @signature: (nullable): the request's `X-ZENGAPAY-SIGNATURE`
 * @body: (array length=length): the raw request body
 * @length: its length in bytes
 * @error: where to put an error
 *
 * Checks the event's signature (pd_zengapay_webhook_verify()), reads it
 * (pd_zengapay_webhook_parse(), in the account's time zone) and writes what
 * it says to the store: the transaction's state, status and completion
 * time, and the event as its raw JSON. A transaction the store already has
 * keeps everything else it knows (its narration, its customer); one it
 * does not have yet is added. An event whose signature does not match
 * changes nothing. Blocking: for a worker thread or the command line.
 *
 * Returns: (transfer full): the transaction as stored, or %NULL with
 *   @error set
 */
PdTransaction *
pd_zengapay_webhook_apply (PdStore     *store,
                           gint64       account_id,
                           const char  *secret_hash,
                           const char  *signature,
                           const char  *body,
                           gsize        length,
                           GError     **error)
{
  g_autoptr(PdZengapayWebhookEvent) event = NULL;
  g_autoptr(PdTransaction) stored = NULL;
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) local_error = NULL;
  PdTransaction *reported;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (body != NULL || length == 0, NULL);

  account = pd_store_get_account (store, account_id, error);
  if (account == NULL)
    return NULL;

  if (g_strcmp0 (account->provider, "zengapay") != 0)
    {
      g_set_error (error, PD_ZENGAPAY_WEBHOOK_ERROR, PD_ZENGAPAY_WEBHOOK_ERROR_WRONG_ACCOUNT,
                   _("A ZengaPay webhook event cannot be applied to the %s account “%s”"),
                   pd_provider_get_display_name (account->provider), account->label);
      return NULL;
    }

  if (!pd_zengapay_webhook_verify (secret_hash, signature, body, length, error))
    return NULL;

  event = pd_zengapay_webhook_parse (body, length, account->timezone, error);
  if (event == NULL)
    return NULL;

  reported = event->transaction;
  stored = pd_store_find_transaction (store, account_id, reported->kind, reported->provider_id,
                                      &local_error);
  if (stored == NULL && !g_error_matches (local_error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (stored != NULL)
    {
      stored->state = reported->state;
      replace_if_given (&stored->provider_status, reported->provider_status);
      replace_if_given (&stored->raw_json, reported->raw_json);
      if (stored->reference == NULL)
        replace_if_given (&stored->reference, reported->reference);
      if (stored->phone == NULL)
        replace_if_given (&stored->phone, reported->phone);
      if (stored->counterparty == NULL)
        replace_if_given (&stored->counterparty, reported->counterparty);
      if (reported->updated_at != 0)
        stored->updated_at = reported->updated_at;
    }
  else
    {
      stored = g_steal_pointer (&event->transaction);
    }

  records = g_ptr_array_new ();
  g_ptr_array_add (records, stored);
  if (!pd_store_upsert_transactions (store, account_id, records, NULL, error))
    return NULL;

  return pd_store_find_transaction (store, account_id, stored->kind, stored->provider_id, error);
}

/**
 * pd_zengapay_webhook_import:
 * @store: the store
 * @account_id: the ZengaPay account the event was sent for
 * @secret_hash: (nullable): the account's secret hash
 * @capture: (array length=length): the request as captured, headers and
 *   body (pd_zengapay_webhook_read_capture())
 * @length: its length in bytes
 * @error: where to put an error
 *
 * Applies a pasted webhook request: its signature header and its body go
 * to pd_zengapay_webhook_apply().
 *
 * Returns: (transfer full): the transaction as stored, or %NULL with
 *   @error set
 */
PdTransaction *
pd_zengapay_webhook_import (PdStore     *store,
                            gint64       account_id,
                            const char  *secret_hash,
                            const char  *capture,
                            gsize        length,
                            GError     **error)
{
  g_autofree char *signature = NULL;
  gsize offset = 0, body_length = 0;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  if (!pd_zengapay_webhook_read_capture (capture, length, &signature, &offset, &body_length, error))
    return NULL;

  return pd_zengapay_webhook_apply (store, account_id, secret_hash, signature,
                                    capture + offset, body_length, error);
}

typedef struct
{
  PdStore *store;
  gint64   account_id;
  char    *secret_hash;
  GFile   *file;
} ImportData;

static void
import_data_free (gpointer pointer)
{
  ImportData *data = pointer;

  g_clear_object (&data->store);
  if (data->secret_hash != NULL)
    memset (data->secret_hash, 0, strlen (data->secret_hash));
  g_free (data->secret_hash);
  g_clear_object (&data->file);
  g_free (data);
}

static void
import_file_run (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ImportData *data = task_data;
  g_autoptr(PdTransaction) transaction = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents (data->file, cancellable, &contents, &length, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  transaction = pd_zengapay_webhook_import (data->store, data->account_id, data->secret_hash,
                                            contents, length, &error);

  /* The task may outlive its callback on this thread for a moment; the
   * store must not. */
  g_clear_object (&data->store);

  if (transaction == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&transaction), (GDestroyNotify)pd_transaction_free);
}

/**
 * pd_zengapay_webhook_import_file_async:
 * @store: the store
 * @account_id: the ZengaPay account the event was sent for
 * @secret_hash: (nullable): the account's secret hash
 * @file: a file holding a captured webhook request
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Reads @file and applies it as pd_zengapay_webhook_import() does, on a
 * worker thread.
 */
void
pd_zengapay_webhook_import_file_async (PdStore             *store,
                                       gint64               account_id,
                                       const char          *secret_hash,
                                       GFile               *file,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportData *data;

  g_return_if_fail (PD_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_zengapay_webhook_import_file_async);

  data = g_new0 (ImportData, 1);
  data->store = g_object_ref (store);
  data->account_id = account_id;
  data->secret_hash = g_strdup (secret_hash);
  data->file = g_object_ref (file);
  g_task_set_task_data (task, data, import_data_free);

  g_task_run_in_thread (task, import_file_run);
}

/**
 * pd_zengapay_webhook_import_file_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: where to put an error
 *
 * Returns: (transfer full): the transaction as stored, or %NULL with
 *   @error set
 */
PdTransaction *
pd_zengapay_webhook_import_file_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_zengapay_webhook_import_file_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

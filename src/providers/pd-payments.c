/* pd-payments.c - every account's outbox, money sent and followed until settled
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * PdPayments is what the window and the command line hold to move money.
 * It makes each account's provider client (secrets from the keyring, the
 * registry) and PdOutbox once, sends operations through that outbox, and
 * then follows what is not settled yet:
 *
 * - an entry whose outcome is unknown (or `sent`, left by a crash) is
 *   reconciled, as its provider allows; one whose provider can neither
 *   replay nor look it up is left to a person and no longer followed;
 * - a confirmed entry whose transaction the provider still reports pending
 *   (or indeterminate) is polled.
 *
 * Following runs from a timer in the main context the object was made in,
 * never at once, so a short-lived program that submits, reads the answer
 * and drops its PdPayments leaves nothing running: dispose removes the
 * timers and cancels what is in flight.
 */

#include <glib/gi18n-lib.h>

#include "pd-payments.h"
#include "pd-provider-registry.h"

#define DEFAULT_POLL_INTERVAL_MS 5000
#define MAX_FOLLOW_DELAY_MS      (60 * 1000)

G_DEFINE_QUARK (pd-payments-error-quark, pd_payments_error)

typedef struct _Follower Follower;

struct _PdPayments
{
  GObject       parent_instance;

  PdStore      *store;
  PdSecrets    *secrets;
  GMainContext *context;
  guint         poll_interval_ms;
  gboolean      follow;

  /* Cancelled in dispose. */
  GCancellable *cancellable;

  /* account id → PdOutbox, made once */
  GHashTable   *outboxes;
  /* account id → GPtrArray of GTask waiting for its outbox to be made */
  GHashTable   *opening;
  /* account id → Follower */
  GHashTable   *followers;
};

G_DEFINE_FINAL_TYPE (PdPayments, pd_payments, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SECRETS,
  PROP_POLL_INTERVAL,
  PROP_FOLLOW,
  N_PROPS
};

enum {
  ENTRY_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gint64 *
id_new (gint64 id)
{
  gint64 *key = g_new (gint64, 1);

  *key = id;
  return key;
}

/* The keys of a table of gint64 keys, to change the table while walking them. */
static GArray *
dup_ids (GHashTable *table)
{
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), g_hash_table_size (table));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *)key);

  return ids;
}

static gboolean
entry_is_unsettled (const PdOutboxEntry *entry)
{
  return entry->state == PD_OUTBOX_STATE_SENT ||
         entry->state == PD_OUTBOX_STATE_UNKNOWN ||
         entry->state == PD_OUTBOX_STATE_QUEUED;
}

static gboolean
transaction_state_is_open (PdTransactionState state)
{
  return state == PD_TRANSACTION_STATE_PENDING || state == PD_TRANSACTION_STATE_INDETERMINATE;
}

/* ------------------------------------------------------------- signals */

typedef struct
{
  PdPayments    *payments;
  PdOutboxEntry *entry;
} Emit;

static void
emit_free (gpointer pointer)
{
  Emit *emit = pointer;

  g_object_unref (emit->payments);
  pd_outbox_entry_free (emit->entry);
  g_free (emit);
}

static gboolean
emit_cb (gpointer user_data)
{
  Emit *emit = user_data;

  g_signal_emit (emit->payments, signals[ENTRY_CHANGED], 0, emit->entry);

  return G_SOURCE_REMOVE;
}

/* In the context the object was made in: at once when that is where we
 * are, else from an idle there. */
static void
emit_entry_changed (PdPayments          *self,
                    const PdOutboxEntry *entry)
{
  Emit *emit = g_new0 (Emit, 1);

  emit->payments = g_object_ref (self);
  emit->entry = pd_outbox_entry_copy (entry);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_cb, emit, emit_free);
}

/* ------------------------------------------------------------ outboxes */

typedef struct
{
  PdPayments *payments;
  PdAccount  *account;
} Open;

static void
open_free (Open *open)
{
  g_clear_object (&open->payments);
  g_clear_pointer (&open->account, pd_account_free);
  g_free (open);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Open, open_free)

static void
open_done (PdPayments   *self,
           gint64        account_id,
           PdOutbox     *outbox,
           const GError *error)
{
  g_autoptr(GPtrArray) waiting = NULL;
  gpointer key = NULL;

  if (!g_hash_table_steal_extended (self->opening, &account_id, &key, (gpointer *)&waiting))
    return;
  g_free (key);

  for (guint i = 0; i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);

      if (outbox != NULL)
        g_task_return_pointer (task, g_object_ref (outbox), g_object_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

static void
secrets_found_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Open) open = user_data;
  PdPayments *self = open->payments;
  g_autoptr(PdSecretSet) secrets = NULL;
  g_autoptr(PdProvider) provider = NULL;
  g_autoptr(PdOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;

  secrets = pd_secrets_lookup_finish (PD_SECRETS (object), result, &error);

  /* Without a secret, the registry names the field that is missing. */
  if (secrets == NULL && !g_error_matches (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NOT_FOUND))
    {
      open_done (self, open->account->id, NULL, error);
      return;
    }
  g_clear_error (&error);

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_set_error_literal (&error, PD_PAYMENTS_ERROR, PD_PAYMENTS_ERROR_CLOSED,
                           _("Payments are closing"));
      open_done (self, open->account->id, NULL, error);
      return;
    }

  provider = pd_provider_registry_create (open->account, secrets, &error);
  if (provider == NULL)
    {
      open_done (self, open->account->id, NULL, error);
      return;
    }

  outbox = pd_outbox_new (self->store, provider, open->account->id);
  pd_outbox_set_poll_interval (outbox, self->poll_interval_ms);
  g_hash_table_insert (self->outboxes, id_new (open->account->id), g_object_ref (outbox));

  open_done (self, open->account->id, outbox, NULL);
}

/**
 * pd_payments_get_outbox_async:
 * @self: a #PdPayments
 * @account_id: the account
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the outbox is ready
 * @user_data: data for @callback
 *
 * Gets the outbox of an account: the first time, its secrets are read from
 * the keyring and its provider client made by the registry; then the same
 * #PdOutbox is handed out for the life of @self.
 */
void
pd_payments_get_outbox_async (PdPayments          *self,
                              gint64               account_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdAccount) account = NULL;
  GPtrArray *waiting;
  PdOutbox *outbox;
  Open *open;

  g_return_if_fail (PD_IS_PAYMENTS (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_payments_get_outbox_async);

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_task_return_new_error (task, PD_PAYMENTS_ERROR, PD_PAYMENTS_ERROR_CLOSED,
                               _("Payments are closing"));
      return;
    }

  outbox = g_hash_table_lookup (self->outboxes, &account_id);
  if (outbox != NULL)
    {
      g_task_return_pointer (task, g_object_ref (outbox), g_object_unref);
      return;
    }

  waiting = g_hash_table_lookup (self->opening, &account_id);
  if (waiting != NULL)
    {
      g_ptr_array_add (waiting, g_steal_pointer (&task));
      return;
    }

  account = pd_store_get_account (self->store, account_id, &error);
  if (account == NULL)
    {
      if (g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND))
        g_task_return_new_error (task, PD_PAYMENTS_ERROR, PD_PAYMENTS_ERROR_NO_ACCOUNT,
                                 _("There is no account %" G_GINT64_FORMAT), account_id);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  waiting = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (waiting, g_steal_pointer (&task));
  g_hash_table_insert (self->opening, id_new (account_id), waiting);

  open = g_new0 (Open, 1);
  open->payments = g_object_ref (self);
  open->account = g_steal_pointer (&account);
  pd_secrets_lookup_async (self->secrets, open->account->uuid, self->cancellable,
                           secrets_found_cb, open);
}

/**
 * pd_payments_get_outbox_finish:
 * @self: a #PdPayments
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full): the account's outbox, or %NULL with @error set
 *   (the keyring's, the registry's — which names a missing secret — or
 *   %PD_PAYMENTS_ERROR_NO_ACCOUNT)
 */
PdOutbox *
pd_payments_get_outbox_finish (PdPayments    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (PD_IS_PAYMENTS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_payments_get_outbox_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ----------------------------------------------------------- following */

/* What was last seen of a followed entry, to tell when it changed. */
typedef struct
{
  PdOutboxState      state;
  PdTransactionState transaction_state;
} Seen;

struct _Follower
{
  PdPayments *payments;         /* NULL once the payments are disposed */
  gint64      account_id;
  GHashTable *entries;          /* entry id → Seen */
  GSource    *timeout;
  guint       delay_ms;
  gboolean    busy;
  gboolean    again;
  PdOutbox   *outbox;           /* while a round runs */
};

static void
follower_free (Follower *follower)
{
  if (follower->timeout != NULL)
    {
      g_source_destroy (follower->timeout);
      g_clear_pointer (&follower->timeout, g_source_unref);
    }
  g_clear_object (&follower->outbox);
  g_clear_pointer (&follower->entries, g_hash_table_unref);
  g_free (follower);
}

static void follower_schedule (Follower *follower);
static void follower_round_done (Follower *follower);

/* Reads an entry and its transaction as they stand; NULL when gone. */
static PdOutboxEntry *
read_entry (PdStore            *store,
            gint64              entry_id,
            PdTransactionState *transaction_state)
{
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  entry = pd_store_outbox_get (store, entry_id, &error);
  if (entry == NULL)
    {
      g_debug ("Outbox entry %" G_GINT64_FORMAT " not read: %s", entry_id, error->message);
      return NULL;
    }

  *transaction_state = PD_TRANSACTION_STATE_SUCCEEDED;
  if (entry->transaction_id != 0)
    {
      g_autoptr(PdTransaction) transaction = NULL;

      transaction = pd_store_get_transaction (store, entry->transaction_id, NULL);
      if (transaction != NULL)
        *transaction_state = transaction->state;
    }

  return g_steal_pointer (&entry);
}

static gboolean
needs_following (const PdOutboxEntry *entry,
                 PdTransactionState   transaction_state)
{
  return entry_is_unsettled (entry) ||
         (entry->state == PD_OUTBOX_STATE_CONFIRMED && transaction_state_is_open (transaction_state));
}

static Follower *
get_follower (PdPayments *self,
              gint64      account_id)
{
  Follower *follower = g_hash_table_lookup (self->followers, &account_id);

  if (follower == NULL)
    {
      follower = g_new0 (Follower, 1);
      follower->payments = self;
      follower->account_id = account_id;
      follower->entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      follower->delay_ms = self->poll_interval_ms;
      g_hash_table_insert (self->followers, id_new (account_id), follower);
    }

  return follower;
}

/* Starts or goes on following @entry, as last stored. */
static void
follow_entry (PdPayments          *self,
              const PdOutboxEntry *entry,
              PdTransactionState   transaction_state)
{
  Follower *follower;
  Seen *seen;

  if (!self->follow || g_cancellable_is_cancelled (self->cancellable))
    return;

  follower = g_hash_table_lookup (self->followers, &entry->account_id);
  if (!needs_following (entry, transaction_state))
    {
      if (follower != NULL)
        g_hash_table_remove (follower->entries, &entry->id);
      return;
    }

  follower = get_follower (self, entry->account_id);
  seen = g_hash_table_lookup (follower->entries, &entry->id);
  if (seen == NULL)
    {
      seen = g_new0 (Seen, 1);
      g_hash_table_insert (follower->entries, id_new (entry->id), seen);
      /* Something new to follow: look soon again. */
      follower->delay_ms = self->poll_interval_ms;
    }
  seen->state = entry->state;
  seen->transaction_state = transaction_state;

  follower_schedule (follower);
}

/* Compares each followed entry with the store, says which changed, and
 * drops those that need no more following. */
static void
follower_refresh (Follower *follower)
{
  PdPayments *self = follower->payments;
  g_autoptr(GArray) ids = dup_ids (follower->entries);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(PdOutboxEntry) entry = NULL;
      PdTransactionState transaction_state;
      Seen *seen;

      entry = read_entry (self->store, id, &transaction_state);
      if (entry == NULL)
        {
          g_hash_table_remove (follower->entries, &id);
          continue;
        }

      seen = g_hash_table_lookup (follower->entries, &id);
      if (seen->state != entry->state || seen->transaction_state != transaction_state)
        {
          seen->state = entry->state;
          seen->transaction_state = transaction_state;
          follower->delay_ms = self->poll_interval_ms;
          emit_entry_changed (self, entry);
        }

      if (!needs_following (entry, transaction_state))
        {
          g_hash_table_remove (follower->entries, &id);
          continue;
        }

      /* Unknown, and the provider offers no way to find out: a person
       * settles it (pd_outbox_resolve_async()); asking again is useless. */
      if (entry->state == PD_OUTBOX_STATE_UNKNOWN && follower->outbox != NULL)
        {
          PdOperationKind kind;

          if (pd_operation_kind_from_string (entry->operation, &kind) &&
              pd_provider_get_reconcile_method (pd_outbox_get_provider (follower->outbox),
                                                kind) == PD_RECONCILE_NONE)
            g_hash_table_remove (follower->entries, &id);
        }
    }
}

static gboolean
follower_has (Follower *follower,
              gboolean  unsettled)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, follower->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Seen *seen = value;
      gboolean is_unsettled = seen->state == PD_OUTBOX_STATE_SENT ||
                              seen->state == PD_OUTBOX_STATE_UNKNOWN ||
                              seen->state == PD_OUTBOX_STATE_QUEUED;

      if (is_unsettled == unsettled)
        return TRUE;
    }

  return FALSE;
}

static void
follow_polled_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Follower *follower = user_data;
  g_autoptr(GError) error = NULL;

  if (!pd_outbox_poll_pending_finish (PD_OUTBOX (object), result, NULL, &error))
    g_debug ("Polling account %" G_GINT64_FORMAT ": %s", follower->account_id, error->message);

  if (follower->payments == NULL)
    {
      follower_free (follower);
      return;
    }

  follower_refresh (follower);
  follower_round_done (follower);
}

static void
follow_poll (Follower *follower)
{
  if (!follower_has (follower, FALSE))
    {
      follower_round_done (follower);
      return;
    }

  pd_outbox_poll_pending_async (follower->outbox, follower->payments->cancellable,
                                follow_polled_cb, follower);
}

static void
follow_reconciled_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Follower *follower = user_data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = pd_outbox_reconcile_finish (PD_OUTBOX (object), result, &error);
  if (entries == NULL)
    g_debug ("Reconciling account %" G_GINT64_FORMAT ": %s", follower->account_id, error->message);

  if (follower->payments == NULL)
    {
      follower_free (follower);
      return;
    }

  follower_refresh (follower);
  follow_poll (follower);
}

static void
follow_outbox_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Follower *follower = user_data;
  g_autoptr(GError) error = NULL;

  follower->outbox = pd_payments_get_outbox_finish (PD_PAYMENTS (object), result, &error);
  if (follower->payments == NULL)
    {
      follower_free (follower);
      return;
    }

  if (follower->outbox == NULL)
    {
      g_debug ("Following account %" G_GINT64_FORMAT ": %s", follower->account_id, error->message);
      follower_round_done (follower);
      return;
    }

  if (follower_has (follower, TRUE))
    pd_outbox_reconcile_async (follower->outbox, follower->payments->cancellable,
                               follow_reconciled_cb, follower);
  else
    follow_poll (follower);
}

static gboolean
follower_tick_cb (gpointer user_data)
{
  Follower *follower = user_data;

  g_clear_pointer (&follower->timeout, g_source_unref);
  follower->busy = TRUE;
  follower->again = FALSE;

  pd_payments_get_outbox_async (follower->payments, follower->account_id, NULL,
                                follow_outbox_cb, follower);

  return G_SOURCE_REMOVE;
}

static void
follower_schedule (Follower *follower)
{
  if (follower->busy)
    {
      follower->again = TRUE;
      return;
    }

  if (follower->timeout != NULL || g_hash_table_size (follower->entries) == 0)
    return;

  follower->timeout = g_timeout_source_new (follower->delay_ms);
  g_source_set_static_name (follower->timeout, "[paydesk] follow payments");
  g_source_set_callback (follower->timeout, follower_tick_cb, follower, NULL);
  g_source_attach (follower->timeout, follower->payments->context);
}

static void
follower_round_done (Follower *follower)
{
  PdPayments *self = follower->payments;

  g_clear_object (&follower->outbox);
  follower->busy = FALSE;

  if (g_hash_table_size (follower->entries) == 0)
    {
      g_hash_table_remove (self->followers, &follower->account_id);
      return;
    }

  if (!follower->again)
    follower->delay_ms = MIN (follower->delay_ms * 2, MAX (MAX_FOLLOW_DELAY_MS, self->poll_interval_ms));
  follower_schedule (follower);
}

/* The followers table's value destructor: a follower in the middle of a
 * round is freed by the round's callback, which finds it orphaned. */
static void
follower_release (gpointer pointer)
{
  Follower *follower = pointer;

  if (follower->busy)
    {
      follower->payments = NULL;
      if (follower->timeout != NULL)
        {
          g_source_destroy (follower->timeout);
          g_clear_pointer (&follower->timeout, g_source_unref);
        }
      return;
    }

  follower_free (follower);
}

/**
 * pd_payments_is_following:
 * @self: a #PdPayments
 * @entry_id: an outbox entry
 *
 * Whether @self is still following the entry: its outcome is not known
 * yet, or its transaction is still pending at the provider.
 *
 * Returns: %TRUE while the entry is followed
 */
gboolean
pd_payments_is_following (PdPayments *self,
                          gint64      entry_id)
{
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (PD_IS_PAYMENTS (self), FALSE);

  g_hash_table_iter_init (&iter, self->followers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Follower *follower = value;

      if (g_hash_table_contains (follower->entries, &entry_id))
        return TRUE;
    }

  return FALSE;
}

/**
 * pd_payments_get_reconcile_method:
 * @self: a #PdPayments
 * @account_id: an account whose outbox was made (by a submit, a reconcile
 *   or pd_payments_get_outbox_async())
 * @kind: an operation kind
 *
 * How an unknown outcome of @kind is settled on that account: whether
 * Paydesk can find out by itself, or a person must check with the
 * provider. Asks nothing of the provider.
 *
 * Returns: the provider's #PdReconcileMethod, or %PD_RECONCILE_NONE when
 *   the account's outbox was not made
 */
PdReconcileMethod
pd_payments_get_reconcile_method (PdPayments      *self,
                                  gint64           account_id,
                                  PdOperationKind  kind)
{
  PdOutbox *outbox;

  g_return_val_if_fail (PD_IS_PAYMENTS (self), PD_RECONCILE_NONE);

  outbox = g_hash_table_lookup (self->outboxes, &account_id);
  if (outbox == NULL)
    return PD_RECONCILE_NONE;

  return pd_provider_get_reconcile_method (pd_outbox_get_provider (outbox), kind);
}

/**
 * pd_payments_forget_accounts:
 * @self: a #PdPayments
 *
 * Drops every account's provider client and outbox, to be made again from
 * the store and the keyring when next needed: called when accounts were
 * edited or removed (another key, another address). A movement being sent
 * keeps the outbox it started with until it is settled; the store's
 * compare-and-set keeps the old and the new outbox from acting twice on
 * one entry.
 */
void
pd_payments_forget_accounts (PdPayments *self)
{
  g_return_if_fail (PD_IS_PAYMENTS (self));

  g_hash_table_remove_all (self->outboxes);
}

/* ------------------------------------------------------------ submitting */

static void
submitted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdPayments *self = g_task_get_source_object (task);
  PdOperation *operation = g_task_get_task_data (task);
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  PdTransactionState transaction_state;

  entry = pd_outbox_submit_finish (PD_OUTBOX (object), result, &error);
  if (entry == NULL)
    {
      g_autoptr(PdOutboxEntry) stored = NULL;

      /* Cancelled after it left: the entry is unknown, and followed. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        stored = pd_store_outbox_get_by_key (self->store, operation->idempotency_key, NULL);
      if (stored != NULL && stored->account_id == operation->account_id)
        {
          g_autoptr(PdOutboxEntry) current = read_entry (self->store, stored->id, &transaction_state);

          if (current != NULL)
            {
              emit_entry_changed (self, current);
              follow_entry (self, current, transaction_state);
            }
        }

      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The row as the outbox left it tells whether it is still pending. */
  {
    g_autoptr(PdOutboxEntry) current = read_entry (self->store, entry->id, &transaction_state);

    if (current == NULL)
      transaction_state = PD_TRANSACTION_STATE_SUCCEEDED;
  }

  emit_entry_changed (self, entry);
  follow_entry (self, entry, transaction_state);

  g_task_return_pointer (task, g_steal_pointer (&entry), (GDestroyNotify)pd_outbox_entry_free);
}

static void
submit_outbox_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdOperation *operation = g_task_get_task_data (task);
  g_autoptr(PdOutbox) outbox = NULL;
  GError *error = NULL;

  outbox = pd_payments_get_outbox_finish (PD_PAYMENTS (object), result, &error);
  if (outbox == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  pd_outbox_submit_async (outbox, operation, g_task_get_cancellable (task),
                          submitted_cb, g_object_ref (task));
}

/**
 * pd_payments_submit_async:
 * @self: a #PdPayments
 * @operation: the money movement; @operation->account_id names the account
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the entry as it stands after the first answer
 * @user_data: data for @callback
 *
 * Writes the operation to its account's outbox and sends it once
 * (pd_outbox_submit_async()). An idempotency key and a reference are made
 * when @operation has none; submitting the same key again returns the
 * entry as it stands and moves nothing.
 *
 * An entry whose outcome is unknown, or whose transaction the provider
 * still reports pending, is then followed in the background — reconciled
 * or polled from a timer — until it is settled, and #PdPayments::entry-changed
 * says each new state.
 */
void
pd_payments_submit_async (PdPayments          *self,
                          const PdOperation   *operation,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PdOperation *copy;

  g_return_if_fail (PD_IS_PAYMENTS (self));
  g_return_if_fail (operation != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_payments_submit_async);

  /* The key is ours to know, to find the entry again whatever happens. */
  copy = pd_operation_copy (operation);
  if (copy->idempotency_key == NULL || *copy->idempotency_key == '\0')
    {
      g_free (copy->idempotency_key);
      copy->idempotency_key = g_uuid_string_random ();
    }
  g_task_set_task_data (task, copy, (GDestroyNotify)pd_operation_free);

  pd_payments_get_outbox_async (self, copy->account_id, cancellable,
                                submit_outbox_cb, g_steal_pointer (&task));
}

/**
 * pd_payments_submit_finish:
 * @self: a #PdPayments
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * As pd_outbox_submit_finish(): a refusal by the provider or an unknown
 * outcome is the entry's state (%PD_OUTBOX_STATE_FAILED with the
 * provider's message, %PD_OUTBOX_STATE_UNKNOWN), not an error. A confirmed
 * entry's transaction may still be pending at the provider.
 *
 * Returns: (transfer full): the entry as it stands, or %NULL with @error set
 */
PdOutboxEntry *
pd_payments_submit_finish (PdPayments    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (PD_IS_PAYMENTS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_payments_submit_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ----------------------------------------------------------- reconciling */

/* What the store holds that is not settled: the accounts with unknown,
 * sent or queued entries, and the confirmed entries still pending. */
typedef struct
{
  PdStore   *store;
  gint64     account_id;
  GArray    *accounts;
  GPtrArray *pending;
  GArray    *pending_states;
  GPtrArray *changed;
  guint      n_running;
  GError    *error;
} Reconcile;

static void
reconcile_free (gpointer pointer)
{
  Reconcile *reconcile = pointer;

  g_clear_object (&reconcile->store);
  g_clear_pointer (&reconcile->accounts, g_array_unref);
  g_clear_pointer (&reconcile->pending, g_ptr_array_unref);
  g_clear_pointer (&reconcile->pending_states, g_array_unref);
  g_clear_pointer (&reconcile->changed, g_ptr_array_unref);
  g_clear_error (&reconcile->error);
  g_free (reconcile);
}

static void
reconcile_list_worker (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  Reconcile *reconcile = task_data;
  PdStore *store = reconcile->store;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GError *error = NULL;

  if (!pd_store_outbox_list (store, reconcile->account_id,
                             PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_QUEUED) |
                             PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_SENT) |
                             PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_UNKNOWN) |
                             PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_CONFIRMED),
                             &entries, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      PdOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (entry_is_unsettled (entry))
        {
          if (!g_hash_table_contains (seen, &entry->account_id))
            {
              g_hash_table_add (seen, id_new (entry->account_id));
              g_array_append_val (reconcile->accounts, entry->account_id);
            }
        }
      else if (entry->transaction_id != 0)
        {
          g_autoptr(PdTransaction) transaction = NULL;

          transaction = pd_store_get_transaction (store, entry->transaction_id, NULL);
          if (transaction != NULL && transaction_state_is_open (transaction->state))
            {
              g_ptr_array_add (reconcile->pending, pd_outbox_entry_copy (entry));
              g_array_append_val (reconcile->pending_states, transaction->state);
            }
        }
    }

  g_task_return_boolean (task, TRUE);
}

static void
reconcile_account_done (GTask *task)
{
  PdPayments *self = g_task_get_source_object (task);
  Reconcile *reconcile = g_task_get_task_data (task);

  if (--reconcile->n_running > 0)
    return;

  /* Confirmed entries still pending are followed from now on. */
  for (guint i = 0; i < reconcile->pending->len; i++)
    follow_entry (self, g_ptr_array_index (reconcile->pending, i),
                  g_array_index (reconcile->pending_states, PdTransactionState, i));

  if (reconcile->error != NULL)
    g_task_return_error (task, g_steal_pointer (&reconcile->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&reconcile->changed),
                           (GDestroyNotify)g_ptr_array_unref);
  g_object_unref (task);
}

static void
reconcile_account_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  PdPayments *self = g_task_get_source_object (task);
  Reconcile *reconcile = g_task_get_task_data (task);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = pd_outbox_reconcile_finish (PD_OUTBOX (object), result, &error);
  if (entries == NULL)
    {
      /* Another round is reconciling this account right now: it will
       * report what it finds. */
      if (!g_error_matches (error, PD_OUTBOX_ERROR, PD_OUTBOX_ERROR_BUSY) && reconcile->error == NULL)
        reconcile->error = g_steal_pointer (&error);
      reconcile_account_done (task);
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      PdOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(PdOutboxEntry) current = NULL;
      PdTransactionState transaction_state;

      current = read_entry (self->store, entry->id, &transaction_state);
      if (current == NULL)
        current = pd_outbox_entry_copy (entry);

      emit_entry_changed (self, current);
      follow_entry (self, current, transaction_state);
      g_ptr_array_add (reconcile->changed, g_steal_pointer (&current));
    }

  reconcile_account_done (task);
}

static void
reconcile_outbox_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Reconcile *reconcile = g_task_get_task_data (task);
  g_autoptr(PdOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;

  outbox = pd_payments_get_outbox_finish (PD_PAYMENTS (object), result, &error);
  if (outbox == NULL)
    {
      if (reconcile->error == NULL)
        reconcile->error = g_steal_pointer (&error);
      reconcile_account_done (task);
      return;
    }

  pd_outbox_reconcile_async (outbox, g_task_get_cancellable (task), reconcile_account_cb, task);
}

static void
reconcile_listed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  PdPayments *self = g_task_get_source_object (task);
  Reconcile *reconcile = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  /* One more than the accounts, released below, so that no account's
   * answer ends the task before every account was started. */
  reconcile->n_running = reconcile->accounts->len + 1;
  for (guint i = 0; i < reconcile->accounts->len; i++)
    pd_payments_get_outbox_async (self, g_array_index (reconcile->accounts, gint64, i),
                                  g_task_get_cancellable (task), reconcile_outbox_cb, task);
  reconcile_account_done (task);
}

/**
 * pd_payments_reconcile_async:
 * @self: a #PdPayments
 * @account_id: the account, or 0 for every account that has entries not
 *   settled
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when every account was reconciled
 * @user_data: data for @callback
 *
 * Reconciles the entries whose outcome is not known (pd_outbox_reconcile_async()
 * for each account that has some), as at start-up, and from then on
 * follows those still unsettled and the confirmed ones whose transaction
 * is still pending. #PdPayments::entry-changed is emitted for each entry
 * reconciled.
 */
void
pd_payments_reconcile_async (PdPayments          *self,
                             gint64               account_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) list = NULL;
  GTask *task;
  Reconcile *reconcile;

  g_return_if_fail (PD_IS_PAYMENTS (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_payments_reconcile_async);

  reconcile = g_new0 (Reconcile, 1);
  reconcile->store = g_object_ref (self->store);
  reconcile->account_id = account_id;
  reconcile->accounts = g_array_new (FALSE, FALSE, sizeof (gint64));
  reconcile->pending = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_outbox_entry_free);
  reconcile->pending_states = g_array_new (FALSE, FALSE, sizeof (PdTransactionState));
  reconcile->changed = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_outbox_entry_free);
  g_task_set_task_data (task, reconcile, reconcile_free);

  /* The listing shares the task data; its own task only carries it to a
   * worker thread. It has no source object: the worker's last reference
   * to it may go after its callback ran, and must not keep @self. */
  list = g_task_new (NULL, cancellable, reconcile_listed_cb, task);
  g_task_set_task_data (list, reconcile, NULL);
  g_task_run_in_thread (list, reconcile_list_worker);
}

/**
 * pd_payments_reconcile_finish:
 * @self: a #PdPayments
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type PdOutboxEntry): the entries
 *   reconciled, as they stand now, or %NULL with @error set (the first
 *   account's error; the other accounts were still reconciled)
 */
GPtrArray *
pd_payments_reconcile_finish (PdPayments    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (PD_IS_PAYMENTS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_payments_reconcile_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------ resolving */

typedef struct
{
  gint64         entry_id;
  PdOutboxState  state;
  char          *note;
} Resolve;

static void
resolve_free (gpointer pointer)
{
  Resolve *resolve = pointer;

  g_free (resolve->note);
  g_free (resolve);
}

static void
resolved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdPayments *self = g_task_get_source_object (task);
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(PdOutboxEntry) current = NULL;
  PdTransactionState transaction_state = PD_TRANSACTION_STATE_SUCCEEDED;
  GError *error = NULL;

  entry = pd_outbox_resolve_finish (PD_OUTBOX (object), result, &error);
  if (entry == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The row's state, as the resolve left it. */
  current = read_entry (self->store, entry->id, &transaction_state);
  emit_entry_changed (self, entry);
  follow_entry (self, entry, transaction_state);

  g_task_return_pointer (task, g_steal_pointer (&entry), (GDestroyNotify)pd_outbox_entry_free);
}

static void
resolve_outbox_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Resolve *resolve = g_task_get_task_data (task);
  g_autoptr(PdOutbox) outbox = NULL;
  GError *error = NULL;

  outbox = pd_payments_get_outbox_finish (PD_PAYMENTS (object), result, &error);
  if (outbox == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  pd_outbox_resolve_async (outbox, resolve->entry_id, resolve->state, resolve->note,
                           g_task_get_cancellable (task), resolved_cb, g_object_ref (task));
}

/**
 * pd_payments_resolve_async:
 * @self: a #PdPayments
 * @entry_id: an outbox entry whose outcome is unknown
 * @state: %PD_OUTBOX_STATE_CONFIRMED or %PD_OUTBOX_STATE_FAILED: what a
 *   person found out from the provider
 * @note: (nullable): what they found, for the audit trail
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the entry is settled
 * @user_data: data for @callback
 *
 * Settles by hand an entry that Paydesk cannot settle by itself (its
 * provider can neither replay nor look it up), through its account's
 * outbox (pd_outbox_resolve_async()). Nothing is sent.
 * #PdPayments::entry-changed says the new state.
 */
void
pd_payments_resolve_async (PdPayments          *self,
                           gint64               entry_id,
                           PdOutboxState        state,
                           const char          *note,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PdOutboxEntry) entry = NULL;
  GError *error = NULL;
  Resolve *resolve;

  g_return_if_fail (PD_IS_PAYMENTS (self));
  g_return_if_fail (state == PD_OUTBOX_STATE_CONFIRMED || state == PD_OUTBOX_STATE_FAILED);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_payments_resolve_async);

  entry = pd_store_outbox_get (self->store, entry_id, &error);
  if (entry == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  resolve = g_new0 (Resolve, 1);
  resolve->entry_id = entry_id;
  resolve->state = state;
  resolve->note = g_strdup (note);
  g_task_set_task_data (task, resolve, resolve_free);

  pd_payments_get_outbox_async (self, entry->account_id, cancellable, resolve_outbox_cb, g_steal_pointer (&task));
}

/**
 * pd_payments_resolve_finish:
 * @self: a #PdPayments
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full): the entry as it now stands, or %NULL with
 *   @error set (%PD_OUTBOX_ERROR_SETTLED when it was settled meanwhile)
 */
PdOutboxEntry *
pd_payments_resolve_finish (PdPayments    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (PD_IS_PAYMENTS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_payments_resolve_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------- refunds */

/**
 * pd_payments_get_refunds:
 * @provider: a provider's name (`fayapay`, …)
 *
 * How the provider's client refunds, known without making a client (the
 * window enables "Refund…" on it): FayaPay refunds any part of what is
 * left, EoneoPay only a payment whole (`DELETE /payments/ID`), the others
 * cannot refund. test-payments checks this against each client's
 * pd_provider_can_perform().
 *
 * Returns: how @provider refunds
 */
PdRefunds
pd_payments_get_refunds (const char *provider)
{
  if (g_strcmp0 (provider, "fayapay") == 0)
    return PD_REFUNDS_PARTIAL;
  if (g_strcmp0 (provider, "eoneopay") == 0)
    return PD_REFUNDS_FULL;

  return PD_REFUNDS_NONE;
}

/* --------------------------------------------------------------- GObject */

/**
 * pd_payments_new:
 * @store: the store
 * @secrets: where the accounts' secrets are
 *
 * Makes the object that sends every account's money movements. It follows
 * entries from timers in the thread-default main context of the caller,
 * where #PdPayments::entry-changed is emitted too.
 *
 * Returns: (transfer full): a new #PdPayments
 */
PdPayments *
pd_payments_new (PdStore   *store,
                 PdSecrets *secrets)
{
  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (PD_IS_SECRETS (secrets), NULL);

  return g_object_new (PD_TYPE_PAYMENTS,
                       "store", store,
                       "secrets", secrets,
                       NULL);
}

/**
 * pd_payments_get_store:
 * @self: a #PdPayments
 *
 * Returns: (transfer none): the store
 */
PdStore *
pd_payments_get_store (PdPayments *self)
{
  g_return_val_if_fail (PD_IS_PAYMENTS (self), NULL);

  return self->store;
}

/**
 * pd_payments_get_poll_interval:
 * @self: a #PdPayments
 *
 * Returns: the first delay, in milliseconds, before an entry is looked at
 *   again; it doubles while nothing changes, up to a minute
 */
guint
pd_payments_get_poll_interval (PdPayments *self)
{
  g_return_val_if_fail (PD_IS_PAYMENTS (self), 0);

  return self->poll_interval_ms;
}

/**
 * pd_payments_set_poll_interval:
 * @self: a #PdPayments
 * @interval_ms: the first delay, in milliseconds, at least 1
 *
 * Sets #PdPayments:poll-interval, for the outboxes made from now on too.
 */
void
pd_payments_set_poll_interval (PdPayments *self,
                               guint       interval_ms)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (PD_IS_PAYMENTS (self));
  g_return_if_fail (interval_ms > 0);

  if (self->poll_interval_ms == interval_ms)
    return;

  self->poll_interval_ms = interval_ms;

  g_hash_table_iter_init (&iter, self->outboxes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    pd_outbox_set_poll_interval (value, interval_ms);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL_INTERVAL]);
}

/**
 * pd_payments_get_follow:
 * @self: a #PdPayments
 *
 * Returns: whether unsettled entries are followed in the background
 */
gboolean
pd_payments_get_follow (PdPayments *self)
{
  g_return_val_if_fail (PD_IS_PAYMENTS (self), FALSE);

  return self->follow;
}

/**
 * pd_payments_set_follow:
 * @self: a #PdPayments
 * @follow: whether to follow unsettled entries
 *
 * Sets #PdPayments:follow. A program that only submits and exits may turn
 * following off; the entries are then settled by the next reconcile.
 * Turning it off stops the following of entries already followed once
 * their round in flight, if any, ends.
 */
void
pd_payments_set_follow (PdPayments *self,
                        gboolean    follow)
{
  g_return_if_fail (PD_IS_PAYMENTS (self));

  follow = !!follow;
  if (self->follow == follow)
    return;

  self->follow = follow;
  if (!follow)
    g_hash_table_remove_all (self->followers);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW]);
}

static void
pd_payments_dispose (GObject *object)
{
  PdPayments *self = (PdPayments *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->followers != NULL)
    g_hash_table_remove_all (self->followers);
  if (self->opening != NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (PD_PAYMENTS_ERROR, PD_PAYMENTS_ERROR_CLOSED,
                                                     _("Payments are closing"));
      g_autoptr(GArray) ids = dup_ids (self->opening);

      for (guint i = 0; i < ids->len; i++)
        open_done (self, g_array_index (ids, gint64, i), NULL, error);
    }
  if (self->outboxes != NULL)
    g_hash_table_remove_all (self->outboxes);

  G_OBJECT_CLASS (pd_payments_parent_class)->dispose (object);
}

static void
pd_payments_finalize (GObject *object)
{
  PdPayments *self = (PdPayments *)object;

  g_clear_pointer (&self->followers, g_hash_table_unref);
  g_clear_pointer (&self->opening, g_hash_table_unref);
  g_clear_pointer (&self->outboxes, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->secrets);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (pd_payments_parent_class)->finalize (object);
}

static void
pd_payments_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PdPayments *self = PD_PAYMENTS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SECRETS:
      g_value_set_object (value, self->secrets);
      break;
    case PROP_POLL_INTERVAL:
      g_value_set_uint (value, self->poll_interval_ms);
      break;
    case PROP_FOLLOW:
      g_value_set_boolean (value, self->follow);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_payments_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PdPayments *self = PD_PAYMENTS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SECRETS:
      self->secrets = g_value_dup_object (value);
      break;
    case PROP_POLL_INTERVAL:
      pd_payments_set_poll_interval (self, g_value_get_uint (value));
      break;
    case PROP_FOLLOW:
      pd_payments_set_follow (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_payments_class_init (PdPaymentsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_payments_dispose;
  object_class->finalize = pd_payments_finalize;
  object_class->get_property = pd_payments_get_property;
  object_class->set_property = pd_payments_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         PD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SECRETS] =
    g_param_spec_object ("secrets", NULL, NULL,
                         PD_TYPE_SECRETS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PdPayments:poll-interval:
   *
   * The first delay, in milliseconds, before a followed entry is looked at
   * again; it doubles while nothing changes, up to a minute.
   */
  properties[PROP_POLL_INTERVAL] =
    g_param_spec_uint ("poll-interval", NULL, NULL,
                       1, G_MAXUINT, DEFAULT_POLL_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PdPayments:follow:
   *
   * Whether entries not settled are followed in the background.
   */
  properties[PROP_FOLLOW] =
    g_param_spec_boolean ("follow", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdPayments::entry-changed:
   * @self: the #PdPayments
   * @entry: the entry as it now stands
   *
   * A submit, a poll or a reconcile stored a new state of an outbox entry
   * (or of its transaction). Emitted in the thread-default main context
   * @self was made in.
   */
  signals[ENTRY_CHANGED] =
    g_signal_new ("entry-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PD_TYPE_OUTBOX_ENTRY | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
pd_payments_init (PdPayments *self)
{
  self->poll_interval_ms = DEFAULT_POLL_INTERVAL_MS;
  self->follow = TRUE;
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->outboxes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->opening = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                         (GDestroyNotify)g_ptr_array_unref);
  self->followers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, follower_release);
}

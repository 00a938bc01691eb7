/* pd-outbox.c - money movements written down before they are sent, sent once
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The rules (HACKING.md, Contracts → "Outbox"):
 *
 * - An operation is written down (queued, with a local pending row) and
 *   marked sent, durably, before its request leaves. A crash can therefore
 *   never hide a request that left: whatever is `sent` or `unknown` after a
 *   restart may have moved money, and whatever is `queued` did not.
 * - Nothing is ever sent a second time on its own. Only reconciling sends
 *   again, and only where that cannot move money twice: a replay with the
 *   same idempotency key, or after a look-up by reference found nothing.
 * - Every state change is a compare-and-set in the database, made in the
 *   same transaction as its audit line, so two programs on one database
 *   cannot both send an entry.
 *
 * The outbox writes through a connection of its own, in worker threads:
 * the main loop never waits for SQLite, nor for another connection's
 * write lock.
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pd-json.h"
#include "pd-outbox.h"
#include "pd-outbox-private.h"

#define DEFAULT_POLL_INTERVAL_MS 5000
#define MAX_POLL_INTERVAL_MS     (15 * 60 * 1000)

G_DEFINE_QUARK (pd-outbox-error-quark, pd_outbox_error)

/* The outbox's own connection, shared with its workers (which never hold
 * the PdOutbox itself), opened by the first one that needs it. */
typedef struct
{
  GMutex   lock;
  char    *path;
  PdStore *store;
} Connection;

static Connection *
connection_new (const char *path)
{
  Connection *connection = g_atomic_rc_box_new0 (Connection);

  g_mutex_init (&connection->lock);
  connection->path = g_strdup (path);

  return connection;
}

static void
connection_clear (gpointer pointer)
{
  Connection *connection = pointer;

  g_clear_object (&connection->store);
  g_free (connection->path);
  g_mutex_clear (&connection->lock);
}

static void
connection_unref (Connection *connection)
{
  g_atomic_rc_box_release_full (connection, connection_clear);
}

static PdStore *
connection_get (Connection  *connection,
                GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&connection->lock);

  if (connection->store == NULL)
    connection->store = pd_store_new_for_path (connection->path, error);

  return connection->store;
}

struct _PdOutbox
{
  GObject       parent_instance;

  PdStore      *store;
  PdProvider   *provider;
  gint64        account_id;
  guint         poll_interval_ms;

  Connection   *connection;

  /* Cancelled in dispose: stops every request the outbox has started. */
  GCancellable *cancellable;

  /* Idempotency keys being submitted or reconciled by this outbox, with
   * how many calls hold each: reconciling leaves them alone. */
  GHashTable   *in_flight;
  gboolean      reconciling;

  /* Pending transactions: when each may be looked up again (entry id →
   * PollSchedule), and the operation kinds the provider cannot look up. */
  GHashTable   *polls;
  guint         unpollable_kinds;
};

G_DEFINE_FINAL_TYPE (PdOutbox, pd_outbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_PROVIDER,
  PROP_ACCOUNT_ID,
  PROP_POLL_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  gint64 due_us;
  guint  delay_ms;
} PollSchedule;

/* ------------------------------------------------------------ helpers */

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static PdTransactionKind
transaction_kind_for (PdOperationKind kind)
{
  switch (kind)
    {
    case PD_OPERATION_REFUND:
      return PD_TRANSACTION_KIND_REFUND;
    case PD_OPERATION_CHARGE:
      return PD_TRANSACTION_KIND_CHARGE;
    case PD_OPERATION_COLLECTION:
      return PD_TRANSACTION_KIND_COLLECTION;
    case PD_OPERATION_DISBURSEMENT:
      return PD_TRANSACTION_KIND_DISBURSEMENT;
    case PD_OPERATION_TRANSFER:
      return PD_TRANSACTION_KIND_TRANSFER;
    case PD_OPERATION_VEND:
      return PD_TRANSACTION_KIND_VEND;
    case PD_OPERATION_BILL:
      return PD_TRANSACTION_KIND_BILL;
    case PD_OPERATION_TOPUP:
    default:
      return PD_TRANSACTION_KIND_TOPUP;
    }
}

static void
in_flight_hold (PdOutbox   *self,
                const char *key)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->in_flight, key));

  g_hash_table_replace (self->in_flight, g_strdup (key), GUINT_TO_POINTER (count + 1));
}

static void
in_flight_release (PdOutbox   *self,
                   const char *key)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->in_flight, key));

  if (count <= 1)
    g_hash_table_remove (self->in_flight, key);
  else
    g_hash_table_replace (self->in_flight, g_strdup (key), GUINT_TO_POINTER (count - 1));
}

/* One sentence naming an entry, for the audit trail. */
static char *
describe_entry (const PdOutboxEntry *entry)
{
  g_autofree char *amount = pd_money_to_plain (&entry->amount);
  PdOperationKind kind = PD_OPERATION_REFUND;
  const char *label = entry->operation;

  if (pd_operation_kind_from_string (entry->operation, &kind))
    label = pd_operation_kind_get_label (kind);

  if (entry->target_provider_id != NULL)
    /* Translators: e.g. "Refund of GHS 12.50 for ch_123, reference 9f…, outbox entry 4" */
    return g_strdup_printf (_("%s of %s %s for %s, reference %s, outbox entry %" G_GINT64_FORMAT),
                            label, entry->amount.currency, amount, entry->target_provider_id,
                            entry->reference, entry->id);

  /* Translators: e.g. "Disbursement of GHS 150.75, reference 9f…, outbox entry 4" */
  return g_strdup_printf (_("%s of %s %s, reference %s, outbox entry %" G_GINT64_FORMAT),
                          label, entry->amount.currency, amount, entry->reference, entry->id);
}

static PdActivity *
new_activity (const PdOutboxEntry *entry,
              const char          *action,
              const char          *outcome,
              const char          *message)
{
  PdActivity *activity = pd_activity_new ();
  g_autofree char *description = describe_entry (entry);

  activity->user = g_strdup (g_get_user_name ());
  activity->account_id = entry->account_id;
  activity->action = g_strdup (action);
  activity->amount = entry->amount;
  activity->outcome = g_strdup (outcome);
  if (message != NULL && *message != '\0')
    activity->detail = g_strdup_printf ("%s: %s", description, message);
  else
    activity->detail = g_steal_pointer (&description);

  return activity;
}

/* The request as the outbox keeps it, to send it again identically. */
static char *
operation_to_json (const PdOperation *operation)
{
  g_autoptr(PdJsonWriter) writer = pd_json_writer_new ();
  g_autofree char *fields = pd_operation_fields_to_json (operation);
  g_autoptr(JsonNode) fields_node = pd_json_parse (fields, -1, NULL);

  pd_json_writer_begin_object (writer);
  pd_json_writer_member (writer, "kind");
  pd_json_writer_string (writer, pd_operation_kind_to_string (operation->kind));
  pd_json_writer_member (writer, "reference");
  pd_json_writer_string (writer, operation->reference);
  pd_json_writer_member (writer, "target");
  pd_json_writer_string (writer, operation->target_provider_id);
  pd_json_writer_member (writer, "amount");
  if (pd_money_is_set (&operation->amount))
    {
      pd_json_writer_begin_object (writer);
      pd_json_writer_member (writer, "units");
      pd_json_writer_int (writer, operation->amount.units);
      pd_json_writer_member (writer, "scale");
      pd_json_writer_int (writer, operation->amount.scale);
      pd_json_writer_member (writer, "currency");
      pd_json_writer_string (writer, operation->amount.currency);
      pd_json_writer_end_object (writer);
    }
  else
    {
      pd_json_writer_null (writer);
    }
  pd_json_writer_member (writer, "description");
  pd_json_writer_string (writer, operation->description);
  pd_json_writer_member (writer, "fields");
  pd_json_writer_node (writer, fields_node);
  pd_json_writer_end_object (writer);

  return pd_json_writer_free_to_string (g_steal_pointer (&writer));
}

/* The operation an entry was made from, to reconcile or poll it. Secrets
 * were never stored, and fields with secret-looking names were redacted
 * away by the store. */
static PdOperation *
entry_to_operation (const PdOutboxEntry  *entry,
                    GError              **error)
{
  g_autoptr(PdOperation) operation = NULL;
  g_autoptr(JsonNode) root = NULL;
  PdOperationKind kind;

  if (!pd_operation_kind_from_string (entry->operation, &kind))
    {
      g_set_error (error, PD_OUTBOX_ERROR, PD_OUTBOX_ERROR_INVALID,
                   _("The outbox entry %" G_GINT64_FORMAT " is of an unknown kind “%s”"),
                   entry->id, entry->operation);
      return NULL;
    }

  operation = pd_operation_new (kind, entry->account_id);
  operation->idempotency_key = g_strdup (entry->idempotency_key);
  operation->reference = g_strdup (entry->reference);
  operation->target_provider_id = g_strdup (entry->target_provider_id);
  operation->amount = entry->amount;

  if (entry->request_json != NULL)
    root = pd_json_parse (entry->request_json, -1, NULL);

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      JsonNode *amount = json_object_get_member (object, "amount");
      JsonNode *fields = json_object_get_member (object, "fields");

      operation->description = pd_json_dup_text (object, "description");

      /* No amount was given (a refund of what is left): none is sent. */
      if (amount != NULL && JSON_NODE_HOLDS_NULL (amount))
        operation->amount = (PdMoney) { 0, 0, "" };

      if (fields != NULL && JSON_NODE_HOLDS_OBJECT (fields))
        {
          JsonObjectIter iter;
          const char *name;
          JsonNode *value;

          json_object_iter_init (&iter, json_node_get_object (fields));
          while (json_object_iter_next (&iter, &name, &value))
            {
              if (JSON_NODE_HOLDS_VALUE (value))
                pd_operation_set_field (operation, name, json_node_get_string (value));
            }
        }
    }

  /* The provider's own id of what the operation made, kept from its
   * answer: a client that looks transactions up by that id rather than by
   * the reference (ZengaPay's transactionReference, the field its
   * look-up reads) then asks for that one transaction, as it did before
   * the restart, instead of searching its lists for the reference. Only
   * entries that were answered have it, and those are never sent again,
   * so the field never goes out in a request. */
  if (entry->result_provider_id != NULL &&
      pd_operation_get_field (operation, "transaction_reference") == NULL)
    pd_operation_set_field (operation, "transaction_reference", entry->result_provider_id);

  return g_steal_pointer (&operation);
}

static gboolean
same_operation (const PdOutboxEntry *entry,
                const PdOperation   *operation,
                gboolean             reference_given)
{
  if (g_strcmp0 (entry->operation, pd_operation_kind_to_string (operation->kind)) != 0 ||
      entry->account_id != operation->account_id ||
      g_strcmp0 (entry->target_provider_id, operation->target_provider_id) != 0)
    return FALSE;

  if (reference_given && g_strcmp0 (entry->reference, operation->reference) != 0)
    return FALSE;

  return !pd_money_is_set (&operation->amount) || pd_money_equal (&entry->amount, &operation->amount);
}

/* ------------------------------------------------- linked cancellables */

/* A request of the outbox stops when its caller cancels or the outbox is
 * disposed, whichever comes first. */
typedef struct
{
  GCancellable *cancellable;
  GCancellable *sources[2];
  gulong        handlers[2];
} Linked;

static void
on_source_cancelled (GCancellable *source,
                     gpointer      user_data)
{
  g_cancellable_cancel (user_data);
}

static void
linked_init (Linked       *linked,
             GCancellable *caller,
             GCancellable *owner)
{
  GCancellable *sources[2] = { caller, owner };

  linked->cancellable = g_cancellable_new ();
  for (guint i = 0; i < 2; i++)
    {
      if (sources[i] == NULL)
        continue;
      linked->sources[i] = g_object_ref (sources[i]);
      linked->handlers[i] = g_cancellable_connect (sources[i], G_CALLBACK (on_source_cancelled),
                                                   linked->cancellable, NULL);
    }
}

static void
linked_clear (Linked *linked)
{
  for (guint i = 0; i < 2; i++)
    {
      if (linked->sources[i] == NULL)
        continue;
      g_cancellable_disconnect (linked->sources[i], linked->handlers[i]);
      g_clear_object (&linked->sources[i]);
    }
  g_clear_object (&linked->cancellable);
}

/* ------------------------------------------------------ store workers */

typedef gboolean (*StoreFunc) (PdStore  *store,
                               gpointer  data,
                               GError  **error);

typedef struct
{
  Connection     *connection;
  StoreFunc       func;
  gpointer        data;
  GDestroyNotify  data_free;
} Step;

static void
step_free (gpointer pointer)
{
  Step *step = pointer;

  if (step->data_free != NULL)
    step->data_free (step->data);
  connection_unref (step->connection);
  g_free (step);
}

static void
step_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Step *step = task_data;
  GError *error = NULL;
  PdStore *store;

  store = connection_get (step->connection, &error);
  if (store == NULL || !step->func (store, step->data, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Runs @func on the outbox's connection in a worker; @callback gets the
 * step's result, @user_data is passed through. Never cancelled: what a
 * step writes (an answer, an unknown outcome) must be written. */
static void
run_step (PdOutbox            *self,
          StoreFunc            func,
          gpointer             data,
          GDestroyNotify       data_free,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);
  Step *step = g_new0 (Step, 1);

  step->connection = g_atomic_rc_box_acquire (self->connection);
  step->func = func;
  step->data = data;
  step->data_free = data_free;
  g_task_set_source_tag (task, run_step);
  g_task_set_task_data (task, step, step_free);
  g_task_run_in_thread (task, step_worker);
}

static gpointer
step_finish (GAsyncResult  *result,
             GError       **error)
{
  Step *step = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  return step->data;
}

/* Sets the state of the row an entry shows as, while that row is still
 * Paydesk's own (the provider's record, once there, is left as it is). */
static gboolean
set_placeholder_state (PdStore             *store,
                       const PdOutboxEntry *entry,
                       PdTransactionState   state,
                       GError             **error)
{
  g_autoptr(PdTransaction) row = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) local_error = NULL;

  if (entry->transaction_id == 0)
    return TRUE;

  row = pd_store_get_transaction (store, entry->transaction_id, &local_error);
  if (row == NULL)
    {
      if (g_error_matches (local_error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!g_str_has_prefix (row->provider_id, PD_OUTBOX_PLACEHOLDER_PREFIX) || row->state == state)
    return TRUE;

  row->state = state;
  rows = g_ptr_array_new ();
  g_ptr_array_add (rows, row);

  return pd_store_upsert_transactions (store, entry->account_id, rows, NULL, error);
}

/* --------------------------------------------------------- settling */

typedef enum
{
  SETTLE_RESULT,    /* the provider answered with what it made */
  SETTLE_FAILED,    /* refused, or provably never applied */
  SETTLE_UNKNOWN,   /* may have been applied; nobody can tell yet */
  SETTLE_RESOLVED,  /* a person said what happened */
} SettleKind;

typedef struct
{
  PdOutboxEntry     *entry;       /* as it stands; updated in place */
  SettleKind         kind;
  PdOutboxState      resolved;    /* SETTLE_RESOLVED: confirmed or failed */
  guint              from_states;
  PdOperationResult *result;
  char              *message;
  const char        *action;
  gboolean           moved;
} Settle;

static void
settle_free (gpointer pointer)
{
  Settle *settle = pointer;

  pd_outbox_entry_free (settle->entry);
  g_clear_pointer (&settle->result, pd_operation_result_free);
  g_free (settle->message);
  g_free (settle);
}

static Settle *
settle_new (const PdOutboxEntry *entry,
            SettleKind           kind,
            guint                from_states,
            const char          *action)
{
  Settle *settle = g_new0 (Settle, 1);

  settle->entry = pd_outbox_entry_copy (entry);
  settle->kind = kind;
  settle->from_states = from_states;
  settle->action = action;

  return settle;
}

static gboolean
reload_entry (PdStore        *store,
              PdOutboxEntry **entry,
              GError        **error)
{
  PdOutboxEntry *stored = pd_store_outbox_get (store, (*entry)->id, error);

  if (stored == NULL)
    return FALSE;

  pd_outbox_entry_free (*entry);
  *entry = stored;
  return TRUE;
}

static gboolean
settle_func (PdStore   *store,
             gpointer   data,
             GError   **error)
{
  Settle *settle = data;
  PdOutboxEntry *entry = settle->entry;
  g_autoptr(PdActivity) activity = NULL;
  PdTransactionState row_state = PD_TRANSACTION_STATE_PENDING;

  entry->updated_at = 0;

  if (settle->kind == SETTLE_RESULT)
    {
      PdTransaction *made = settle->result->transaction;
      g_autoptr(GPtrArray) rows = g_ptr_array_new ();
      gboolean failed = made->state == PD_TRANSACTION_STATE_FAILED;

      if (!pd_store_outbox_adopt_transaction (store, entry->account_id, entry->transaction_id,
                                              made->kind, made->provider_id, error))
        return FALSE;

      g_ptr_array_add (rows, made);
      for (guint i = 0; i < settle->result->updated->len; i++)
        g_ptr_array_add (rows, g_ptr_array_index (settle->result->updated, i));
      if (!pd_store_upsert_transactions (store, entry->account_id, rows, NULL, error))
        return FALSE;

      entry->state = failed ? PD_OUTBOX_STATE_FAILED : PD_OUTBOX_STATE_CONFIRMED;
      entry->transaction_id = made->id;
      g_free (entry->result_provider_id);
      entry->result_provider_id = g_strdup (made->provider_id);
      g_free (entry->response_json);
      entry->response_json = g_strdup (settle->result->response_json);
      g_free (entry->error_message);
      entry->error_message = failed
        ? g_strdup_printf (_("%s reports it as failed (%s)"),
                           pd_transaction_kind_get_label (made->kind),
                           made->provider_status != NULL ? made->provider_status : "")
        : NULL;

      activity = new_activity (entry, settle->action, pd_outbox_state_to_string (entry->state),
                               entry->error_message);
      return pd_store_outbox_move (store, entry, settle->from_states, activity, &settle->moved, error) &&
             (settle->moved || reload_entry (store, &settle->entry, error));
    }

  switch (settle->kind)
    {
    case SETTLE_FAILED:
      entry->state = PD_OUTBOX_STATE_FAILED;
      row_state = PD_TRANSACTION_STATE_FAILED;
      break;
    case SETTLE_UNKNOWN:
      entry->state = PD_OUTBOX_STATE_UNKNOWN;
      row_state = PD_TRANSACTION_STATE_INDETERMINATE;
      break;
    case SETTLE_RESOLVED:
      entry->state = settle->resolved;
      row_state = settle->resolved == PD_OUTBOX_STATE_CONFIRMED ? PD_TRANSACTION_STATE_SUCCEEDED
                                                                : PD_TRANSACTION_STATE_FAILED;
      break;
    case SETTLE_RESULT:
    default:
      g_assert_not_reached ();
    }

  g_free (entry->error_message);
  entry->error_message = g_strdup (settle->message);

  activity = new_activity (entry, settle->action, pd_outbox_state_to_string (entry->state),
                           settle->message);
  if (!pd_store_outbox_move (store, entry, settle->from_states, activity, &settle->moved, error))
    return FALSE;

  if (!settle->moved)
    return reload_entry (store, &settle->entry, error);

  return set_placeholder_state (store, entry, row_state, error);
}

/* An entry taken up again by reconciling: sent once more, with the same
 * key and reference. */
typedef struct
{
  PdOutboxEntry *entry;
  const char    *outcome;
  char          *message;
  gboolean       moved;
} Resend;

static void
resend_free (gpointer pointer)
{
  Resend *resend = pointer;

  pd_outbox_entry_free (resend->entry);
  g_free (resend->message);
  g_free (resend);
}

static gboolean
resend_func (PdStore  *store,
             gpointer  data,
             GError  **error)
{
  Resend *resend = data;
  g_autoptr(PdActivity) activity = NULL;

  resend->entry->state = PD_OUTBOX_STATE_SENT;
  resend->entry->attempts++;
  resend->entry->updated_at = 0;
  activity = new_activity (resend->entry, "reconcile", resend->outcome, resend->message);

  if (!pd_store_outbox_move (store, resend->entry,
                             PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_SENT) |
                             PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_UNKNOWN),
                             activity, &resend->moved, error))
    return FALSE;

  return resend->moved || reload_entry (store, &resend->entry, error);
}

/* How an error from sending an operation settles it. */
typedef enum
{
  SEND_FIRST,   /* the first send, or a resend after a look-up found nothing */
  SEND_REPLAY,  /* a replay with the key of an earlier send */
} SendPhase;

static SettleKind
classify_send_error (const GError *error,
                     SendPhase     phase,
                     gboolean     *try_lookup)
{
  *try_lookup = FALSE;

  /* A request that left may have been applied, whatever stopped it. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      pd_provider_error_is_outcome_unknown (error))
    return SETTLE_UNKNOWN;

  /* The HTTP layer only reports an error without "outcome unknown" when
   * the provider refused the request or it never reached the provider. */
  if (phase == SEND_FIRST)
    return SETTLE_FAILED;

  /* A replay is answered with the first answer, so a refusal now is the
   * refusal then (or the first never arrived): no money moved. Anything
   * else says nothing about the first request. */
  if (g_error_matches (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_VALIDATION) ||
      g_error_matches (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NOT_FOUND))
    return SETTLE_FAILED;

  /* The key is no longer known but the reference is: look it up. */
  if (g_error_matches (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_CONFLICT))
    *try_lookup = TRUE;

  return SETTLE_UNKNOWN;
}

/* ----------------------------------------------------------- submitting */

typedef struct
{
  gint64         account_id;
  PdOperation   *operation;
  GCancellable  *cancellable;
  PdOutboxEntry *entry;
  gboolean       existing;
  gboolean       send;
} Prepare;

static void
prepare_free (gpointer pointer)
{
  Prepare *prepare = pointer;

  pd_operation_free (prepare->operation);
  g_clear_object (&prepare->cancellable);
  g_clear_pointer (&prepare->entry, pd_outbox_entry_free);
  g_free (prepare);
}

/* A refund "of what is left" names no amount: the entry shows what the
 * store knows is left on the charge. */
static gboolean
amount_left (PdStore            *store,
             const PdOperation  *operation,
             PdMoney            *out,
             GError            **error)
{
  static const PdTransactionKind kinds[] = {
    PD_TRANSACTION_KIND_CHARGE, PD_TRANSACTION_KIND_PAYMENT, PD_TRANSACTION_KIND_COLLECTION,
  };

  for (guint i = 0; operation->target_provider_id != NULL && i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(PdTransaction) target = pd_store_find_transaction (store, operation->account_id, kinds[i],
                                                                  operation->target_provider_id, NULL);

      if (target == NULL)
        continue;

      if (!pd_money_is_set (&target->amount_refunded))
        {
          *out = target->amount;
          return TRUE;
        }

      return pd_money_subtract (&target->amount, &target->amount_refunded, out, error);
    }

  g_set_error (error, PD_OUTBOX_ERROR, PD_OUTBOX_ERROR_INVALID,
               _("Say how much to refund: %s is not in Paydesk’s records yet"),
               operation->target_provider_id != NULL ? operation->target_provider_id : "");
  return FALSE;
}

static PdTransaction *
new_placeholder (const PdOperation *operation,
                 const PdMoney     *amount)
{
  PdTransaction *row = pd_transaction_new ();
  const char *counterparty;

  row->kind = transaction_kind_for (operation->kind);
  row->state = PD_TRANSACTION_STATE_PENDING;
  row->provider_id = g_strconcat (PD_OUTBOX_PLACEHOLDER_PREFIX, operation->idempotency_key, NULL);
  row->reference = g_strdup (operation->reference);
  row->amount = *amount;
  row->description = g_strdup (operation->description);
  row->created_at = now_seconds ();
  row->phone = g_strdup (pd_operation_get_field (operation, "phone"));

  switch (operation->kind)
    {
    case PD_OPERATION_REFUND:
      row->parent_provider_id = g_strdup (operation->target_provider_id);
      break;
    case PD_OPERATION_CHARGE:
    case PD_OPERATION_COLLECTION:
      row->customer_provider_id = g_strdup (operation->target_provider_id);
      break;
    case PD_OPERATION_DISBURSEMENT:
    case PD_OPERATION_TRANSFER:
    case PD_OPERATION_VEND:
    case PD_OPERATION_BILL:
    case PD_OPERATION_TOPUP:
    default:
      counterparty = operation->target_provider_id;
      if (counterparty == NULL)
        counterparty = pd_operation_get_field (operation, "account_number");
      if (counterparty == NULL)
        counterparty = pd_operation_get_field (operation, "meter");
      if (counterparty == NULL)
        counterparty = pd_operation_get_field (operation, "phone");
      row->counterparty = g_strdup (counterparty);
      break;
    }

  return row;
}

static PdActivity *
submitted_activity (const PdOutboxEntry *entry)
{
  return new_activity (entry, "submit", pd_outbox_state_to_string (PD_OUTBOX_STATE_QUEUED), NULL);
}

static gboolean
prepare_func (PdStore   *store,
              gpointer   data,
              GError   **error)
{
  Prepare *prepare = data;
  PdOperation *operation = prepare->operation;
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(PdOutboxEntry) existing = NULL;
  g_autoptr(PdActivity) activity = NULL;
  g_autoptr(PdTransaction) row = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) lookup_error = NULL;
  PdMoney amount = operation->amount;
  gboolean moved = FALSE;

  /* A second submit of the same key (a double click) sends nothing. */
  existing = pd_store_outbox_get_by_key (store, operation->idempotency_key, &lookup_error);
  if (existing == NULL && !g_error_matches (lookup_error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&lookup_error));
      return FALSE;
    }

  if (existing == NULL && !pd_money_is_set (&amount) &&
      !amount_left (store, operation, &amount, error))
    return FALSE;

  if (existing == NULL)
    {
      entry = pd_outbox_entry_new ();
      entry->account_id = operation->account_id;
      entry->operation = g_strdup (pd_operation_kind_to_string (operation->kind));
      entry->idempotency_key = g_strdup (operation->idempotency_key);
      entry->reference = g_strdup (operation->reference);
      entry->target_provider_id = g_strdup (operation->target_provider_id);
      entry->amount = amount;
      entry->request_json = operation_to_json (operation);
      entry->state = PD_OUTBOX_STATE_QUEUED;

      if (!pd_store_outbox_submit (store, entry, submitted_activity, &existing, error))
        return FALSE;
    }

  if (existing != NULL)
    {
      prepare->entry = g_steal_pointer (&existing);
      prepare->existing = TRUE;
      return TRUE;
    }

  /* The row appears in the views at once; for a provider that cannot be
   * re-downloaded it is the only record there will ever be. */
  row = new_placeholder (operation, &amount);
  rows = g_ptr_array_new ();
  g_ptr_array_add (rows, row);
  if (!pd_store_upsert_transactions (store, operation->account_id, rows, NULL, error))
    return FALSE;
  entry->transaction_id = row->id;

  if (g_cancellable_is_cancelled (prepare->cancellable))
    {
      entry->state = PD_OUTBOX_STATE_FAILED;
      entry->error_message = g_strdup (_("Cancelled before it was sent; nothing was sent"));
      activity = new_activity (entry, "send", pd_outbox_state_to_string (entry->state), entry->error_message);
      if (!pd_store_outbox_move (store, entry, PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_QUEUED),
                                 activity, &moved, error))
        return FALSE;
      if (moved && !set_placeholder_state (store, entry, PD_TRANSACTION_STATE_FAILED, error))
        return FALSE;
      prepare->entry = g_steal_pointer (&entry);
      return moved || reload_entry (store, &prepare->entry, error);
    }

  /* Durably "sent" before a byte leaves: after a crash it is reconciled,
   * never taken for unsent. */
  entry->state = PD_OUTBOX_STATE_SENT;
  entry->attempts = 1;
  entry->updated_at = 0;
  activity = new_activity (entry, "send", pd_outbox_state_to_string (entry->state), NULL);
  if (!pd_store_outbox_move (store, entry, PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_QUEUED),
                             activity, &moved, error))
    return FALSE;

  prepare->entry = g_steal_pointer (&entry);
  prepare->send = moved;

  /* Another program settled it first (reconciling it as never sent). */
  return moved || reload_entry (store, &prepare->entry, error);
}

typedef struct
{
  PdOperation   *operation;
  gboolean       reference_given;
  Linked         linked;
  char          *key;
  PdOutboxEntry *entry;
} Submit;

static void
submit_free (gpointer pointer)
{
  Submit *submit = pointer;

  pd_operation_free (submit->operation);
  linked_clear (&submit->linked);
  g_free (submit->key);
  g_clear_pointer (&submit->entry, pd_outbox_entry_free);
  g_free (submit);
}

static void
submit_return (GTask  *task,
               GError *error)
{
  PdOutbox *self = g_task_get_source_object (task);
  Submit *submit = g_task_get_task_data (task);

  in_flight_release (self, submit->key);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&submit->entry), (GDestroyNotify)pd_outbox_entry_free);
}

static void
on_submit_settled (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Submit *submit = g_task_get_task_data (task);
  GError *error = NULL;
  Settle *settle;

  settle = step_finish (result, &error);
  if (settle == NULL)
    {
      submit_return (task, error);
      return;
    }

  g_clear_pointer (&submit->entry, pd_outbox_entry_free);
  submit->entry = pd_outbox_entry_copy (settle->entry);

  /* Written down as unknown; the caller asked to stop. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      submit_return (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                _("Cancelled after it was sent; its outcome is unknown "
                                                  "until it is reconciled")));
      return;
    }

  submit_return (task, NULL);
}

static void
settle_async (PdOutbox          *self,
              Settle            *settle,
              GAsyncReadyCallback callback,
              GTask             *task)
{
  run_step (self, settle_func, settle, settle_free, callback, g_object_ref (task));
}

static Settle *
settle_from_answer (const PdOutboxEntry *entry,
                    PdOperationResult   *result,
                    const GError        *error,
                    SendPhase            phase,
                    const char          *action,
                    gboolean            *try_lookup)
{
  guint from = PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_SENT) | PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_UNKNOWN);
  Settle *settle;

  *try_lookup = FALSE;

  if (result != NULL)
    {
      settle = settle_new (entry, SETTLE_RESULT, from, action);
      settle->result = result;
      return settle;
    }

  if (error == NULL)
    {
      /* A provider that answered neither a result nor an error: nothing
       * can be said about the money. */
      settle = settle_new (entry, SETTLE_UNKNOWN, from, action);
      settle->message = g_strdup (_("The provider gave no answer"));
      return settle;
    }

  settle = settle_new (entry, classify_send_error (error, phase, try_lookup), from, action);
  settle->message = g_strdup (error->message);
  return settle;
}

static void
on_submit_performed (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdOutbox *self = g_task_get_source_object (task);
  Submit *submit = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  PdOperationResult *answer;
  gboolean try_lookup;

  answer = pd_provider_perform_finish (PD_PROVIDER (object), result, &error);
  settle_async (self, settle_from_answer (submit->entry, answer, error, SEND_FIRST, "answer", &try_lookup),
                on_submit_settled, task);
}

static void
on_submit_prepared (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdOutbox *self = g_task_get_source_object (task);
  Submit *submit = g_task_get_task_data (task);
  GError *error = NULL;
  Prepare *prepare;

  prepare = step_finish (result, &error);
  if (prepare == NULL)
    {
      submit_return (task, error);
      return;
    }

  submit->entry = g_steal_pointer (&prepare->entry);

  if (prepare->existing)
    {
      if (!same_operation (submit->entry, submit->operation, submit->reference_given))
        {
          submit_return (task, g_error_new (PD_OUTBOX_ERROR, PD_OUTBOX_ERROR_KEY_REUSED,
                                            _("The idempotency key %s already belongs to another money movement"),
                                            submit->key));
          return;
        }

      submit_return (task, NULL);
      return;
    }

  if (!prepare->send)
    {
      submit_return (task, NULL);
      return;
    }

  pd_provider_perform_async (self->provider, submit->operation, submit->linked.cancellable,
                             on_submit_performed, g_object_ref (task));
}

/**
 * pd_outbox_new_reference:
 *
 * A reference for a new money movement: a random (version 4) UUID in
 * lower case, 36 characters of hexadecimal digits and hyphens, which every
 * provider accepts as its reference (PawaCard allows 40 letters, digits,
 * `-` and `_`; EnayaPay's `uuid` is one).
 *
 * Returns: (transfer full): a new reference
 */
char *
pd_outbox_new_reference (void)
{
  return g_uuid_string_random ();
}

/**
 * pd_outbox_submit_async:
 * @self: a #PdOutbox
 * @operation: the money movement; its account must be the outbox's (or
 *   0), and an idempotency key and a reference are made for it when it has
 *   none
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the entry is settled or was found
 * @user_data: data for @callback
 *
 * Writes the operation down and sends it once. Before anything is sent,
 * the entry (queued), a pending row in the account's transactions and the
 * audit lines are on disk, and the entry is marked sent. The provider's
 * answer makes it confirmed (its transaction and the records it changed
 * are stored, and the row becomes the provider's record) or failed (the
 * provider refused it; its message is kept); no usable answer makes it
 * unknown, to be settled by pd_outbox_reconcile_async(). It is never sent
 * again from here.
 *
 * An entry with the same idempotency key is returned as it stands, and
 * nothing is sent: a second click cannot move money twice.
 */
void
pd_outbox_submit_async (PdOutbox            *self,
                        const PdOperation   *operation,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Submit *submit;
  Prepare *prepare;

  g_return_if_fail (PD_IS_OUTBOX (self));
  g_return_if_fail (operation != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_outbox_submit_async);

  if (operation->account_id != 0 && operation->account_id != self->account_id)
    {
      g_task_return_new_error (task, PD_OUTBOX_ERROR, PD_OUTBOX_ERROR_INVALID,
                               _("The money movement belongs to another account"));
      return;
    }

  if (!pd_provider_can_perform (self->provider, operation->kind))
    {
      g_task_return_new_error (task, PD_OUTBOX_ERROR, PD_OUTBOX_ERROR_UNSUPPORTED,
                               _("This provider cannot make a “%s”"),
                               pd_operation_kind_get_label (operation->kind));
      return;
    }

  if (!pd_money_is_set (&operation->amount) && operation->kind != PD_OPERATION_REFUND)
    {
      g_task_return_new_error (task, PD_OUTBOX_ERROR, PD_OUTBOX_ERROR_INVALID,
                               _("Say how much to move"));
      return;
    }

  submit = g_new0 (Submit, 1);
  submit->operation = pd_operation_copy (operation);
  submit->operation->account_id = self->account_id;
  submit->reference_given = operation->reference != NULL && *operation->reference != '\0';
  if (operation->idempotency_key == NULL || *operation->idempotency_key == '\0')
    {
      g_free (submit->operation->idempotency_key);
      submit->operation->idempotency_key = g_uuid_string_random ();
    }
  if (!submit->reference_given)
    {
      g_free (submit->operation->reference);
      submit->operation->reference = pd_outbox_new_reference ();
    }
  submit->key = g_strdup (submit->operation->idempotency_key);
  linked_init (&submit->linked, cancellable, self->cancellable);
  g_task_set_task_data (task, submit, submit_free);

  in_flight_hold (self, submit->key);

  prepare = g_new0 (Prepare, 1);
  prepare->account_id = self->account_id;
  prepare->operation = pd_operation_copy (submit->operation);
  prepare->cancellable = g_object_ref (submit->linked.cancellable);
  run_step (self, prepare_func, prepare, prepare_free, on_submit_prepared, g_object_ref (task));
}

/**
 * pd_outbox_submit_finish:
 * @self: a #PdOutbox
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * A refusal by the provider or an unknown outcome is not an error here:
 * it is the entry's state (%PD_OUTBOX_STATE_FAILED with the provider's
 * message in its error message, %PD_OUTBOX_STATE_UNKNOWN). Errors are
 * local: a #PdOutboxError (nothing was written), a #PD_STORE_ERROR, or
 * %G_IO_ERROR_CANCELLED (the entry is then failed if it was not sent yet,
 * unknown if it was).
 *
 * Returns: (transfer full): the entry as it stands, or %NULL
 */
PdOutboxEntry *
pd_outbox_submit_finish (PdOutbox      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (PD_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_outbox_submit_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------- reconciling */

typedef struct
{
  gint64     account_id;
  GPtrArray *entries;
} ListUnsettled;

static void
list_unsettled_free (gpointer pointer)
{
  ListUnsettled *list = pointer;

  g_clear_pointer (&list->entries, g_ptr_array_unref);
  g_free (list);
}

static gboolean
list_unsettled_func (PdStore  *store,
                     gpointer  data,
                     GError  **error)
{
  ListUnsettled *list = data;

  return pd_store_outbox_list (store, list->account_id,
                               PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_QUEUED) |
                               PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_SENT) |
                               PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_UNKNOWN),
                               &list->entries, error);
}

typedef struct
{
  Linked         linked;
  GPtrArray     *entries;    /* to reconcile */
  guint          next;
  GPtrArray     *done;       /* as they stand afterwards */
  PdOutboxEntry *current;
  PdOperation   *operation;
  SendPhase      phase;
  GError        *error;
} Reconcile;

static void
reconcile_free (gpointer pointer)
{
  Reconcile *reconcile = pointer;

  linked_clear (&reconcile->linked);
  g_clear_pointer (&reconcile->entries, g_ptr_array_unref);
  g_clear_pointer (&reconcile->done, g_ptr_array_unref);
  g_clear_pointer (&reconcile->current, pd_outbox_entry_free);
  g_clear_pointer (&reconcile->operation, pd_operation_free);
  g_clear_error (&reconcile->error);
  g_free (reconcile);
}

static void reconcile_next (GTask *task);

/* The current entry is settled (or left as it was): on to the next. */
static void
reconcile_done (GTask         *task,
                PdOutboxEntry *entry)
{
  PdOutbox *self = g_task_get_source_object (task);
  Reconcile *reconcile = g_task_get_task_data (task);

  in_flight_release (self, reconcile->current->idempotency_key);
  g_ptr_array_add (reconcile->done, entry != NULL ? entry : pd_outbox_entry_copy (reconcile->current));
  g_clear_pointer (&reconcile->current, pd_outbox_entry_free);
  g_clear_pointer (&reconcile->operation, pd_operation_free);

  reconcile_next (task);
}

static void
on_reconcile_settled (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Reconcile *reconcile = g_task_get_task_data (task);
  GError *error = NULL;
  Settle *settle;

  settle = step_finish (result, &error);
  if (settle == NULL)
    {
      /* The database failed: stop here, say so. */
      reconcile->error = error;
      reconcile_done (task, NULL);
      return;
    }

  reconcile_done (task, pd_outbox_entry_copy (settle->entry));
}

static void
reconcile_settle (GTask  *task,
                  Settle *settle)
{
  PdOutbox *self = g_task_get_source_object (task);

  settle_async (self, settle, on_reconcile_settled, task);
}

static void
reconcile_leave_unknown (GTask      *task,
                         const char *message)
{
  Reconcile *reconcile = g_task_get_task_data (task);
  Settle *settle = settle_new (reconcile->current, SETTLE_UNKNOWN,
                               PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_SENT) |
                               PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_UNKNOWN),
                               "reconcile");

  settle->message = g_strdup (message);
  reconcile_settle (task, settle);
}

static void
on_reconcile_looked_up (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data);

static void
on_reconcile_performed (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdOutbox *self = g_task_get_source_object (task);
  Reconcile *reconcile = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  PdOperationResult *answer;
  gboolean try_lookup = FALSE;
  Settle *settle;

  answer = pd_provider_perform_finish (PD_PROVIDER (object), result, &error);
  settle = settle_from_answer (reconcile->current, answer, error, reconcile->phase, "reconcile", &try_lookup);

  if (try_lookup)
    {
      settle_free (settle);
      pd_provider_lookup_async (self->provider, reconcile->operation, reconcile->linked.cancellable,
                                on_reconcile_looked_up, g_object_ref (task));
      return;
    }

  reconcile_settle (task, settle);
}

static void
on_reconcile_resent (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdOutbox *self = g_task_get_source_object (task);
  Reconcile *reconcile = g_task_get_task_data (task);
  GError *error = NULL;
  Resend *resend;

  resend = step_finish (result, &error);
  if (resend == NULL)
    {
      reconcile->error = error;
      reconcile_done (task, NULL);
      return;
    }

  /* Settled elsewhere meanwhile: nothing to send. */
  if (!resend->moved)
    {
      reconcile_done (task, pd_outbox_entry_copy (resend->entry));
      return;
    }

  g_clear_pointer (&reconcile->current, pd_outbox_entry_free);
  reconcile->current = pd_outbox_entry_copy (resend->entry);
  pd_provider_perform_async (self->provider, reconcile->operation, reconcile->linked.cancellable,
                             on_reconcile_performed, g_object_ref (task));
}

static void
reconcile_resend (GTask      *task,
                  SendPhase   phase,
                  const char *outcome,
                  const char *message)
{
  PdOutbox *self = g_task_get_source_object (task);
  Reconcile *reconcile = g_task_get_task_data (task);
  Resend *resend = g_new0 (Resend, 1);

  reconcile->phase = phase;
  resend->entry = pd_outbox_entry_copy (reconcile->current);
  resend->outcome = outcome;
  resend->message = g_strdup (message);
  run_step (self, resend_func, resend, resend_free, on_reconcile_resent, g_object_ref (task));
}

static void
on_reconcile_looked_up (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdOutbox *self = g_task_get_source_object (task);
  Reconcile *reconcile = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  PdOperationResult *found;
  Settle *settle;

  found = pd_provider_lookup_finish (PD_PROVIDER (object), result, &error);
  if (found != NULL)
    {
      settle = settle_new (reconcile->current, SETTLE_RESULT,
                           PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_SENT) |
                           PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_UNKNOWN),
                           "reconcile");
      settle->result = found;
      reconcile_settle (task, settle);
      return;
    }

  /* The provider has no trace of the reference: the request never
   * arrived, and only now may it be sent again, with the same reference
   * (which the provider would refuse a second time). A look-up after a
   * replay that clashed is not taken that far. */
  if (g_error_matches (error, PD_PROVIDER_ERROR, PD_PROVIDER_ERROR_NOT_FOUND) &&
      pd_provider_get_reconcile_method (self->provider, reconcile->operation->kind) == PD_RECONCILE_LOOKUP &&
      reconcile->phase != SEND_REPLAY)
    {
      reconcile_resend (task, SEND_FIRST, "resend",
                        _("the provider has no trace of it, so it is sent again with the same reference"));
      return;
    }

  reconcile_leave_unknown (task, error->message);
}

static void
on_reconcile_listed (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data);

static void
reconcile_next (GTask *task)
{
  PdOutbox *self = g_task_get_source_object (task);
  Reconcile *reconcile = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  PdReconcileMethod method;
  PdOutboxEntry *entry;

  if (reconcile->error == NULL)
    g_cancellable_set_error_if_cancelled (reconcile->linked.cancellable, &reconcile->error);

  if (reconcile->error != NULL)
    {
      self->reconciling = FALSE;
      g_task_return_error (task, g_steal_pointer (&reconcile->error));
      return;
    }

  /* Entries this outbox is sending right now are not reconciled. */
  do
    {
      if (reconcile->next >= reconcile->entries->len)
        {
          self->reconciling = FALSE;
          g_task_return_pointer (task, g_steal_pointer (&reconcile->done), (GDestroyNotify)g_ptr_array_unref);
          return;
        }
      entry = g_ptr_array_index (reconcile->entries, reconcile->next++);
    }
  while (g_hash_table_contains (self->in_flight, entry->idempotency_key));

  reconcile->current = pd_outbox_entry_copy (entry);
  in_flight_hold (self, entry->idempotency_key);

  /* Queued and not being sent: the program that wrote it stopped before
   * marking it sent, so it never left. */
  if (entry->state == PD_OUTBOX_STATE_QUEUED)
    {
      Settle *settle = settle_new (entry, SETTLE_FAILED, PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_QUEUED),
                                   "reconcile");

      settle->message = g_strdup (_("Never sent: Paydesk stopped before sending it; nothing moved"));
      reconcile_settle (task, settle);
      return;
    }

  reconcile->operation = entry_to_operation (entry, &error);
  if (reconcile->operation == NULL)
    {
      reconcile_leave_unknown (task, error->message);
      return;
    }

  method = pd_provider_get_reconcile_method (self->provider, reconcile->operation->kind);
  switch (method)
    {
    case PD_RECONCILE_REPLAY:
      reconcile_resend (task, SEND_REPLAY, "replay",
                        _("sent again with the same idempotency key, which the provider answers "
                          "with its first answer"));
      break;

    case PD_RECONCILE_LOOKUP:
      reconcile->phase = SEND_FIRST;
      pd_provider_lookup_async (self->provider, reconcile->operation, reconcile->linked.cancellable,
                                on_reconcile_looked_up, g_object_ref (task));
      break;

    case PD_RECONCILE_NONE:
    default:
      reconcile_leave_unknown (task,
                               _("The provider can neither look this up nor take it again safely: "
                                 "check with the provider whether it went through, then mark it"));
      break;
    }
}

static void
on_reconcile_listed (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdOutbox *self = g_task_get_source_object (task);
  Reconcile *reconcile = g_task_get_task_data (task);
  GError *error = NULL;
  ListUnsettled *list;

  list = step_finish (result, &error);
  if (list == NULL)
    {
      self->reconciling = FALSE;
      g_task_return_error (task, error);
      return;
    }

  reconcile->entries = g_steal_pointer (&list->entries);
  reconcile_next (task);
}

/**
 * pd_outbox_reconcile_async:
 * @self: a #PdOutbox
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when every entry was looked at
 * @user_data: data for @callback
 *
 * Settles the account's entries whose outcome is not known: `sent` ones
 * (left by a crash) and `unknown` ones, one after the other, as the
 * provider allows (pd_provider_get_reconcile_method()): a provider that
 * honours idempotency keys gets the same request with the same key again
 * and answers as it did the first time; a provider that can look an
 * operation up is asked by reference, and only when it has no trace of it
 * is the operation sent again, with the same reference; any other provider
 * leaves the entry unknown until a person calls pd_outbox_resolve_async().
 * `queued` entries not being sent by this outbox never left, and become
 * failed. Confirmed and failed entries are never touched.
 */
void
pd_outbox_reconcile_async (PdOutbox            *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Reconcile *reconcile;
  ListUnsettled *list;

  g_return_if_fail (PD_IS_OUTBOX (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_outbox_reconcile_async);

  if (self->reconciling)
    {
      g_task_return_new_error (task, PD_OUTBOX_ERROR, PD_OUTBOX_ERROR_BUSY,
                               _("The outbox is already being reconciled"));
      return;
    }

  self->reconciling = TRUE;
  reconcile = g_new0 (Reconcile, 1);
  linked_init (&reconcile->linked, cancellable, self->cancellable);
  reconcile->done = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_outbox_entry_free);
  g_task_set_task_data (task, reconcile, reconcile_free);

  list = g_new0 (ListUnsettled, 1);
  list->account_id = self->account_id;
  run_step (self, list_unsettled_func, list, list_unsettled_free, on_reconcile_listed, g_object_ref (task));
}

/**
 * pd_outbox_reconcile_finish:
 * @self: a #PdOutbox
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type PdOutboxEntry): the entries that
 *   were reconciled, as they stand now, or %NULL on a local error
 */
GPtrArray *
pd_outbox_reconcile_finish (PdOutbox      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (PD_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_outbox_reconcile_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------ resolving */

typedef struct
{
  gint64         id;
  PdOutboxEntry *entry;
} Load;

static void
load_free (gpointer pointer)
{
  Load *load = pointer;

  g_clear_pointer (&load->entry, pd_outbox_entry_free);
  g_free (load);
}

static gboolean
load_func (PdStore  *store,
           gpointer  data,
           GError  **error)
{
  Load *load = data;

  load->entry = pd_store_outbox_get (store, load->id, error);
  return load->entry != NULL;
}

typedef struct
{
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
on_resolved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  Settle *settle;

  settle = step_finish (result, &error);
  if (settle == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!settle->moved)
    {
      g_task_return_new_error (task, PD_OUTBOX_ERROR, PD_OUTBOX_ERROR_SETTLED,
                               _("The money movement was settled meanwhile: it is %s"),
                               pd_outbox_state_get_label (settle->entry->state));
      return;
    }

  g_task_return_pointer (task, pd_outbox_entry_copy (settle->entry), (GDestroyNotify)pd_outbox_entry_free);
}

static void
on_resolve_loaded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdOutbox *self = g_task_get_source_object (task);
  Resolve *resolve = g_task_get_task_data (task);
  GError *error = NULL;
  Settle *settle;
  Load *load;

  load = step_finish (result, &error);
  if (load == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (load->entry->account_id != self->account_id)
    {
      g_task_return_new_error (task, PD_OUTBOX_ERROR, PD_OUTBOX_ERROR_INVALID,
                               _("The money movement belongs to another account"));
      return;
    }

  if (load->entry->state == PD_OUTBOX_STATE_CONFIRMED || load->entry->state == PD_OUTBOX_STATE_FAILED)
    {
      g_task_return_new_error (task, PD_OUTBOX_ERROR, PD_OUTBOX_ERROR_SETTLED,
                               _("The money movement is already %s"),
                               pd_outbox_state_get_label (load->entry->state));
      return;
    }

  if (g_hash_table_contains (self->in_flight, load->entry->idempotency_key))
    {
      g_task_return_new_error (task, PD_OUTBOX_ERROR, PD_OUTBOX_ERROR_BUSY,
                               _("The money movement is being sent or checked right now"));
      return;
    }

  settle = settle_new (load->entry, SETTLE_RESOLVED,
                       PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_QUEUED) |
                       PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_SENT) |
                       PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_UNKNOWN),
                       "resolve");
  settle->resolved = resolve->state;
  /* Translators: the first %s is a user name, the second their note */
  settle->message = g_strdup_printf (_("Marked by %s: %s"), g_get_user_name (),
                                     resolve->note != NULL ? resolve->note : "");
  run_step (self, settle_func, settle, settle_free, on_resolved, g_object_ref (task));
}

/**
 * pd_outbox_resolve_async:
 * @self: a #PdOutbox
 * @entry_id: an entry of the outbox's account that is not settled
 * @state: %PD_OUTBOX_STATE_CONFIRMED or %PD_OUTBOX_STATE_FAILED: what the
 *   person found out from the provider
 * @note: (nullable): what they found, for the audit trail
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the entry is settled
 * @user_data: data for @callback
 *
 * Settles an entry by hand; the only way out of `unknown` for a provider
 * that can neither look an operation up nor replay it. Its row in the
 * transactions becomes succeeded or failed; the note and the system user
 * go to the audit trail. Nothing is sent.
 */
void
pd_outbox_resolve_async (PdOutbox            *self,
                         gint64               entry_id,
                         PdOutboxState        state,
                         const char          *note,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Resolve *resolve;
  Load *load;

  g_return_if_fail (PD_IS_OUTBOX (self));
  g_return_if_fail (state == PD_OUTBOX_STATE_CONFIRMED || state == PD_OUTBOX_STATE_FAILED);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_outbox_resolve_async);

  resolve = g_new0 (Resolve, 1);
  resolve->state = state;
  resolve->note = g_strdup (note);
  g_task_set_task_data (task, resolve, resolve_free);

  load = g_new0 (Load, 1);
  load->id = entry_id;
  run_step (self, load_func, load, load_free, on_resolve_loaded, g_object_ref (task));
}

/**
 * pd_outbox_resolve_finish:
 * @self: a #PdOutbox
 * @result: the #GAsyncResult
 * @error: return location for an error; %PD_OUTBOX_ERROR_SETTLED when the
 *   entry was already confirmed or failed
 *
 * Returns: (transfer full): the entry as it stands now, or %NULL
 */
PdOutboxEntry *
pd_outbox_resolve_finish (PdOutbox      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (PD_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_outbox_resolve_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* -------------------------------------------------------------- polling */

typedef struct
{
  gint64     account_id;
  GPtrArray *entries;
} ListPending;

static void
list_pending_free (gpointer pointer)
{
  ListPending *list = pointer;

  g_clear_pointer (&list->entries, g_ptr_array_unref);
  g_free (list);
}

static gboolean
list_pending_func (PdStore  *store,
                   gpointer  data,
                   GError  **error)
{
  ListPending *list = data;

  return pd_store_outbox_list_pending (store, list->account_id, &list->entries, error);
}

/* Stores what a look-up found for a pending transaction. */
typedef struct
{
  PdOutboxEntry     *entry;
  PdOperationResult *result;
  gboolean           pending;
} PollApply;

static void
poll_apply_free (gpointer pointer)
{
  PollApply *apply = pointer;

  pd_outbox_entry_free (apply->entry);
  g_clear_pointer (&apply->result, pd_operation_result_free);
  g_free (apply);
}

static gboolean
poll_apply_func (PdStore  *store,
                 gpointer  data,
                 GError  **error)
{
  PollApply *apply = data;
  PdOutboxEntry *entry = apply->entry;
  PdTransaction *found = apply->result->transaction;
  g_autoptr(PdTransaction) before = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(PdActivity) activity = NULL;
  gboolean moved;

  before = pd_store_get_transaction (store, entry->transaction_id, NULL);

  g_ptr_array_add (rows, found);
  for (guint i = 0; i < apply->result->updated->len; i++)
    g_ptr_array_add (rows, g_ptr_array_index (apply->result->updated, i));
  if (!pd_store_upsert_transactions (store, entry->account_id, rows, NULL, error))
    return FALSE;

  apply->pending = found->state == PD_TRANSACTION_STATE_PENDING ||
                   found->state == PD_TRANSACTION_STATE_INDETERMINATE;

  if (before != NULL && before->state == found->state)
    return TRUE;

  /* It settled: say so, and a movement that failed after all is failed. */
  if (found->state == PD_TRANSACTION_STATE_FAILED)
    {
      entry->state = PD_OUTBOX_STATE_FAILED;
      g_free (entry->error_message);
      entry->error_message = g_strdup_printf (_("%s reports it as failed (%s)"),
                                              pd_transaction_kind_get_label (found->kind),
                                              found->provider_status != NULL ? found->provider_status : "");
      entry->updated_at = 0;
      activity = new_activity (entry, "poll", pd_transaction_state_to_string (found->state),
                               entry->error_message);
      return pd_store_outbox_move (store, entry, PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_CONFIRMED),
                                   activity, &moved, error);
    }

  activity = new_activity (entry, "poll", pd_transaction_state_to_string (found->state), NULL);
  return pd_store_add_activity (store, activity, error);
}

typedef struct
{
  Linked         linked;
  GPtrArray     *entries;
  guint          next;
  guint          n_pending;
  PdOutboxEntry *current;
  GError        *error;
} Poll;

static void
poll_free (gpointer pointer)
{
  Poll *poll = pointer;

  linked_clear (&poll->linked);
  g_clear_pointer (&poll->entries, g_ptr_array_unref);
  g_clear_pointer (&poll->current, pd_outbox_entry_free);
  g_clear_error (&poll->error);
  g_free (poll);
}

static void poll_next (GTask *task);

static void
schedule_next_poll (PdOutbox *self,
                    gint64    entry_id,
                    gboolean  pending)
{
  PollSchedule *schedule = g_hash_table_lookup (self->polls, &entry_id);

  if (!pending)
    {
      g_hash_table_remove (self->polls, &entry_id);
      return;
    }

  if (schedule == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = entry_id;
      schedule = g_new0 (PollSchedule, 1);
      schedule->delay_ms = self->poll_interval_ms;
      g_hash_table_insert (self->polls, key, schedule);
    }
  else
    {
      schedule->delay_ms = MIN ((guint64)schedule->delay_ms * 2, MAX_POLL_INTERVAL_MS);
    }

  schedule->due_us = g_get_monotonic_time () + (gint64)schedule->delay_ms * 1000;
}

static void
on_poll_applied (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdOutbox *self = g_task_get_source_object (task);
  Poll *poll = g_task_get_task_data (task);
  GError *error = NULL;
  PollApply *apply;

  apply = step_finish (result, &error);
  if (apply == NULL)
    {
      poll->error = error;
      poll_next (task);
      return;
    }

  schedule_next_poll (self, apply->entry->id, apply->pending);
  if (apply->pending)
    poll->n_pending++;

  poll_next (task);
}

static void
on_poll_looked_up (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdOutbox *self = g_task_get_source_object (task);
  Poll *poll = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  PdOperationResult *found;
  PollApply *apply;

  found = pd_provider_lookup_finish (PD_PROVIDER (object), result, &error);
  if (found == NULL)
    {
      PdOperationKind kind;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED) &&
          pd_operation_kind_from_string (poll->current->operation, &kind))
        self->unpollable_kinds |= PD_OPERATION_BIT (kind);

      g_debug ("Pending %s %s not looked up: %s", poll->current->operation,
               poll->current->reference, error->message);
      schedule_next_poll (self, poll->current->id, TRUE);
      poll->n_pending++;
      poll_next (task);
      return;
    }

  apply = g_new0 (PollApply, 1);
  apply->entry = pd_outbox_entry_copy (poll->current);
  apply->result = found;
  run_step (self, poll_apply_func, apply, poll_apply_free, on_poll_applied, g_object_ref (task));
}

static void
poll_next (GTask *task)
{
  PdOutbox *self = g_task_get_source_object (task);
  Poll *poll = g_task_get_task_data (task);
  g_autoptr(PdOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  PdOutboxEntry *entry = NULL;
  PollSchedule *schedule;
  PdOperationKind kind;

  g_clear_pointer (&poll->current, pd_outbox_entry_free);

  while (poll->error == NULL && poll->next < poll->entries->len)
    {
      entry = g_ptr_array_index (poll->entries, poll->next++);
      schedule = g_hash_table_lookup (self->polls, &entry->id);

      /* Not due yet, or not something the provider can look up. */
      if ((schedule != NULL && schedule->due_us > g_get_monotonic_time ()) ||
          g_cancellable_is_cancelled (poll->linked.cancellable) ||
          !pd_operation_kind_from_string (entry->operation, &kind) ||
          (self->unpollable_kinds & PD_OPERATION_BIT (kind)) != 0)
        {
          poll->n_pending++;
          entry = NULL;
          continue;
        }
      break;
    }

  if (poll->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&poll->error));
      return;
    }

  if (entry == NULL)
    {
      if (!g_task_return_error_if_cancelled (task))
        g_task_return_int (task, poll->n_pending);
      return;
    }

  poll->current = pd_outbox_entry_copy (entry);
  operation = entry_to_operation (entry, &error);
  if (operation == NULL)
    {
      schedule_next_poll (self, entry->id, TRUE);
      poll->n_pending++;
      poll_next (task);
      return;
    }

  pd_provider_lookup_async (self->provider, operation, poll->linked.cancellable,
                            on_poll_looked_up, g_object_ref (task));
}

static void
on_poll_listed (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Poll *poll = g_task_get_task_data (task);
  GError *error = NULL;
  ListPending *list;

  list = step_finish (result, &error);
  if (list == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  poll->entries = g_steal_pointer (&list->entries);
  poll_next (task);
}

/**
 * pd_outbox_poll_pending_async:
 * @self: a #PdOutbox
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when every pending transaction due was looked up
 * @user_data: data for @callback
 *
 * Looks up, by reference, the transactions of confirmed entries that the
 * provider still reported pending (or indeterminate), and stores what it
 * says now. Each is looked up at once the first time, then after
 * #PdOutbox:poll-interval, twice that, and so on up to 15 minutes; one not
 * due yet is skipped. A transaction that ends failed makes its entry
 * failed. Providers that cannot look an operation up are not asked again.
 * Call it from a timer while pd_outbox_poll_pending_finish() reports
 * pending transactions.
 */
void
pd_outbox_poll_pending_async (PdOutbox            *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ListPending *list;
  Poll *poll;

  g_return_if_fail (PD_IS_OUTBOX (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_outbox_poll_pending_async);

  poll = g_new0 (Poll, 1);
  linked_init (&poll->linked, cancellable, self->cancellable);
  g_task_set_task_data (task, poll, poll_free);

  list = g_new0 (ListPending, 1);
  list->account_id = self->account_id;
  run_step (self, list_pending_func, list, list_pending_free, on_poll_listed, g_object_ref (task));
}

/**
 * pd_outbox_poll_pending_finish:
 * @self: a #PdOutbox
 * @result: the #GAsyncResult
 * @n_pending: (out) (optional): how many transactions are still pending
 * @error: return location for an error
 *
 * Returns: %TRUE on success
 */
gboolean
pd_outbox_poll_pending_finish (PdOutbox      *self,
                               GAsyncResult  *result,
                               guint         *n_pending,
                               GError       **error)
{
  gssize pending;

  g_return_val_if_fail (PD_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_outbox_poll_pending_async, FALSE);

  pending = g_task_propagate_int (G_TASK (result), error);
  if (pending < 0)
    return FALSE;

  if (n_pending != NULL)
    *n_pending = (guint)pending;
  return TRUE;
}

/* ---------------------------------------------------------------- GObject */

/**
 * pd_outbox_new:
 * @store: the store; the outbox writes through a connection of its own to
 *   the same file
 * @provider: the account's provider client
 * @account_id: the account whose money movements this outbox sends
 *
 * Returns: (transfer full): a new #PdOutbox
 */
PdOutbox *
pd_outbox_new (PdStore    *store,
               PdProvider *provider,
               gint64      account_id)
{
  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (PD_IS_PROVIDER (provider), NULL);

  return g_object_new (PD_TYPE_OUTBOX,
                       "store", store,
                       "provider", provider,
                       "account-id", account_id,
                       NULL);
}

/**
 * pd_outbox_get_store:
 * @self: a #PdOutbox
 *
 * Returns: (transfer none): the store given at construction
 */
PdStore *
pd_outbox_get_store (PdOutbox *self)
{
  g_return_val_if_fail (PD_IS_OUTBOX (self), NULL);

  return self->store;
}

/**
 * pd_outbox_get_provider:
 * @self: a #PdOutbox
 *
 * Returns: (transfer none): the provider client
 */
PdProvider *
pd_outbox_get_provider (PdOutbox *self)
{
  g_return_val_if_fail (PD_IS_OUTBOX (self), NULL);

  return self->provider;
}

/**
 * pd_outbox_get_account_id:
 * @self: a #PdOutbox
 *
 * Returns: the account
 */
gint64
pd_outbox_get_account_id (PdOutbox *self)
{
  g_return_val_if_fail (PD_IS_OUTBOX (self), 0);

  return self->account_id;
}

/**
 * pd_outbox_get_poll_interval:
 * @self: a #PdOutbox
 *
 * Returns: the first delay between two look-ups of a pending transaction,
 *   in milliseconds
 */
guint
pd_outbox_get_poll_interval (PdOutbox *self)
{
  g_return_val_if_fail (PD_IS_OUTBOX (self), 0);

  return self->poll_interval_ms;
}

/**
 * pd_outbox_set_poll_interval:
 * @self: a #PdOutbox
 * @interval_ms: the first delay between two look-ups of a pending
 *   transaction, in milliseconds; each next one is twice as long
 */
void
pd_outbox_set_poll_interval (PdOutbox *self,
                             guint     interval_ms)
{
  g_return_if_fail (PD_IS_OUTBOX (self));

  if (self->poll_interval_ms == interval_ms)
    return;

  self->poll_interval_ms = interval_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL_INTERVAL]);
}

static void
pd_outbox_constructed (GObject *object)
{
  PdOutbox *self = PD_OUTBOX (object);

  G_OBJECT_CLASS (pd_outbox_parent_class)->constructed (object);

  self->connection = connection_new (pd_store_get_path (self->store));
}

static void
pd_outbox_dispose (GObject *object)
{
  PdOutbox *self = PD_OUTBOX (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->provider);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pd_outbox_parent_class)->dispose (object);
}

static void
pd_outbox_finalize (GObject *object)
{
  PdOutbox *self = PD_OUTBOX (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->connection, connection_unref);
  g_hash_table_unref (self->in_flight);
  g_hash_table_unref (self->polls);

  G_OBJECT_CLASS (pd_outbox_parent_class)->finalize (object);
}

static void
pd_outbox_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PdOutbox *self = PD_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_PROVIDER:
      g_value_set_object (value, self->provider);
      break;
    case PROP_ACCOUNT_ID:
      g_value_set_int64 (value, self->account_id);
      break;
    case PROP_POLL_INTERVAL:
      g_value_set_uint (value, self->poll_interval_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_outbox_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PdOutbox *self = PD_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_PROVIDER:
      self->provider = g_value_dup_object (value);
      break;
    case PROP_ACCOUNT_ID:
      self->account_id = g_value_get_int64 (value);
      break;
    case PROP_POLL_INTERVAL:
      pd_outbox_set_poll_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_outbox_class_init (PdOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = pd_outbox_constructed;
  object_class->dispose = pd_outbox_dispose;
  object_class->finalize = pd_outbox_finalize;
  object_class->get_property = pd_outbox_get_property;
  object_class->set_property = pd_outbox_set_property;

  /**
   * PdOutbox:store:
   *
   * The store. Only its file is used: the outbox writes through a
   * connection of its own.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         PD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PdOutbox:provider:
   *
   * The account's provider client.
   */
  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL,
                         PD_TYPE_PROVIDER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PdOutbox:account-id:
   *
   * The account whose money movements the outbox sends.
   */
  properties[PROP_ACCOUNT_ID] =
    g_param_spec_int64 ("account-id", NULL, NULL,
                        1, G_MAXINT64, 1,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PdOutbox:poll-interval:
   *
   * The first delay between two look-ups of a pending transaction, in
   * milliseconds; each next one is twice as long, up to 15 minutes.
   */
  properties[PROP_POLL_INTERVAL] =
    g_param_spec_uint ("poll-interval", NULL, NULL,
                       0, MAX_POLL_INTERVAL_MS, DEFAULT_POLL_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_outbox_init (PdOutbox *self)
{
  self->poll_interval_ms = DEFAULT_POLL_INTERVAL_MS;
  self->cancellable = g_cancellable_new ();
  self->in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->polls = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

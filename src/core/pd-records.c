/* pd-records.c - normalized records shared by providers, store and views
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pd-records.h"

typedef struct
{
  const char *name;
  const char *display_name;
  const char *timezone;
  const char *currency;
} ProviderInfo;

/* The currency is the one each provider moves money in; its client
 * refuses any other (HACKING.md, "Provider readings"). */
static const ProviderInfo providers[] = {
  { "fayapay", "FayaPay", "Africa/Accra", "GHS" },
  { "zengapay", "ZengaPay", "Africa/Kampala", "UGX" },
  { "eoneopay", "EoneoPay", "Australia/Sydney", "AUD" },
  { "pawacard", "PawaCard", "Africa/Nairobi", "KES" },
  { "enayapay", "EnayaPay", "Africa/Khartoum", "SDG" },
};

static const ProviderInfo *
find_provider (const char *provider)
{
  if (provider == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    if (strcmp (providers[i].name, provider) == 0)
      return &providers[i];

  return NULL;
}

/**
 * pd_provider_is_known:
 * @provider: (nullable): a provider name
 *
 * Returns: whether @provider is one of `fayapay`, `zengapay`, `eoneopay`,
 *   `pawacard` and `enayapay`
 */
gboolean
pd_provider_is_known (const char *provider)
{
  return find_provider (provider) != NULL;
}

/**
 * pd_provider_get_display_name:
 * @provider: a provider name
 *
 * Returns: the provider's brand name ("FayaPay"), or @provider itself when
 *   it is not known
 */
const char *
pd_provider_get_display_name (const char *provider)
{
  const ProviderInfo *info = find_provider (provider);

  return info != NULL ? info->display_name : provider;
}

/**
 * pd_provider_get_default_timezone:
 * @provider: a provider name
 *
 * Returns: (nullable): the IANA time zone a new account of @provider reads
 *   zone-less times in, or %NULL when @provider is not known
 */
const char *
pd_provider_get_default_timezone (const char *provider)
{
  const ProviderInfo *info = find_provider (provider);

  return info != NULL ? info->timezone : NULL;
}

/**
 * pd_provider_get_currency:
 * @provider: a provider name
 *
 * Returns: (nullable): the ISO code of the one currency @provider moves
 *   money in ("GHS"), or %NULL when @provider is not known
 */
const char *
pd_provider_get_currency (const char *provider)
{
  const ProviderInfo *info = find_provider (provider);

  return info != NULL ? info->currency : NULL;
}

typedef struct
{
  const char *string;
  const char *label;
} EnumText;

static const EnumText account_modes[] = {
  [PD_ACCOUNT_MODE_TEST] = { "test", N_("Test") },
  [PD_ACCOUNT_MODE_LIVE] = { "live", N_("Live") },
};

static const EnumText transaction_kinds[] = {
  [PD_TRANSACTION_KIND_CHARGE] = { "charge", N_("Charge") },
  [PD_TRANSACTION_KIND_COLLECTION] = { "collection", N_("Collection") },
  [PD_TRANSACTION_KIND_PAYMENT] = { "payment", N_("Payment") },
  [PD_TRANSACTION_KIND_VEND] = { "vend", N_("Electricity vend") },
  [PD_TRANSACTION_KIND_BILL] = { "bill", N_("Bill payment") },
  [PD_TRANSACTION_KIND_TOPUP] = { "topup", N_("Top-up") },
  [PD_TRANSACTION_KIND_REFUND] = { "refund", N_("Refund") },
  [PD_TRANSACTION_KIND_DISBURSEMENT] = { "disbursement", N_("Disbursement") },
  [PD_TRANSACTION_KIND_TRANSFER] = { "transfer", N_("Transfer") },
  [PD_TRANSACTION_KIND_PAYOUT] = { "payout", N_("Payout") },
};

static const EnumText transaction_states[] = {
  [PD_TRANSACTION_STATE_PENDING] = { "pending", N_("Pending") },
  [PD_TRANSACTION_STATE_SUCCEEDED] = { "succeeded", N_("Succeeded") },
  [PD_TRANSACTION_STATE_FAILED] = { "failed", N_("Failed") },
  [PD_TRANSACTION_STATE_REFUNDED] = { "refunded", N_("Refunded") },
  [PD_TRANSACTION_STATE_PARTIALLY_REFUNDED] = { "partially_refunded", N_("Partially refunded") },
  [PD_TRANSACTION_STATE_INDETERMINATE] = { "indeterminate", N_("Indeterminate") },
};

static const EnumText statement_directions[] = {
  [PD_STATEMENT_DIRECTION_CREDIT] = { "credit", N_("Credit") },
  [PD_STATEMENT_DIRECTION_DEBIT] = { "debit", N_("Debit") },
};

static const EnumText outbox_states[] = {
  [PD_OUTBOX_STATE_QUEUED] = { "queued", N_("Queued") },
  [PD_OUTBOX_STATE_SENT] = { "sent", N_("Sent") },
  [PD_OUTBOX_STATE_CONFIRMED] = { "confirmed", N_("Confirmed") },
  [PD_OUTBOX_STATE_FAILED] = { "failed", N_("Failed") },
  [PD_OUTBOX_STATE_UNKNOWN] = { "unknown", N_("Check with the provider") },
};

static gboolean
enum_from_string (const EnumText *table,
                  guint           n,
                  const char     *text,
                  int            *out)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (strcmp (table[i].string, text) == 0)
        {
          *out = (int)i;
          return TRUE;
        }
    }

  return FALSE;
}

#define DEFINE_ENUM_TEXT(Type, prefix, table)                                 \
  const char *                                                                \
  prefix##_to_string (Type value)                                             \
  {                                                                           \
    g_return_val_if_fail ((guint)value < G_N_ELEMENTS (table), NULL);         \
    return table[value].string;                                               \
  }                                                                           \
                                                                              \
  gboolean                                                                    \
  prefix##_from_string (const char *text,                                     \
                        Type       *out)                                      \
  {                                                                           \
    int value;                                                                \
                                                                              \
    if (!enum_from_string (table, G_N_ELEMENTS (table), text, &value))        \
      return FALSE;                                                           \
    if (out != NULL)                                                          \
      *out = (Type)value;                                                     \
    return TRUE;                                                              \
  }                                                                           \
                                                                              \
  const char *                                                                \
  prefix##_get_label (Type value)                                             \
  {                                                                           \
    g_return_val_if_fail ((guint)value < G_N_ELEMENTS (table), NULL);         \
    return _(table[value].label);                                             \
  }

/**
 * pd_account_mode_to_string:
 * @mode: a mode
 *
 * Returns: `test` or `live`
 */
/**
 * pd_account_mode_from_string:
 * @text: (nullable): a stable string
 * @out: (out) (optional): the mode
 *
 * Returns: %FALSE when @text is not a mode's stable string
 */
/**
 * pd_account_mode_get_label:
 * @mode: a mode
 *
 * Returns: the translated label to show
 */
DEFINE_ENUM_TEXT (PdAccountMode, pd_account_mode, account_modes)

/**
 * pd_transaction_kind_to_string:
 * @kind: a kind
 *
 * Returns: the stable lower-case string (`charge`, `topup`, …)
 */
/**
 * pd_transaction_kind_from_string:
 * @text: (nullable): a stable string
 * @out: (out) (optional): the kind
 *
 * Returns: %FALSE when @text is not a kind's stable string
 */
/**
 * pd_transaction_kind_get_label:
 * @kind: a kind
 *
 * Returns: the translated label to show
 */
DEFINE_ENUM_TEXT (PdTransactionKind, pd_transaction_kind, transaction_kinds)

/**
 * pd_transaction_state_to_string:
 * @state: a state
 *
 * Returns: the stable lower-case string (`partially_refunded`, …)
 */
/**
 * pd_transaction_state_from_string:
 * @text: (nullable): a stable string
 * @out: (out) (optional): the state
 *
 * Returns: %FALSE when @text is not a state's stable string
 */
/**
 * pd_transaction_state_get_label:
 * @state: a state
 *
 * Returns: the translated label to show
 */
DEFINE_ENUM_TEXT (PdTransactionState, pd_transaction_state, transaction_states)

/**
 * pd_statement_direction_to_string:
 * @direction: a direction
 *
 * Returns: `credit` or `debit`
 */
/**
 * pd_statement_direction_from_string:
 * @text: (nullable): a stable string
 * @out: (out) (optional): the direction
 *
 * Returns: %FALSE when @text is not a direction's stable string
 */
/**
 * pd_statement_direction_get_label:
 * @direction: a direction
 *
 * Returns: the translated label to show
 */
DEFINE_ENUM_TEXT (PdStatementDirection, pd_statement_direction, statement_directions)

/**
 * pd_outbox_state_to_string:
 * @state: a state
 *
 * Returns: `queued`, `sent`, `confirmed`, `failed` or `unknown`
 */
/**
 * pd_outbox_state_from_string:
 * @text: (nullable): a stable string
 * @out: (out) (optional): the state
 *
 * Returns: %FALSE when @text is not a state's stable string
 */
/**
 * pd_outbox_state_get_label:
 * @state: a state
 *
 * Returns: the translated label to show
 */
DEFINE_ENUM_TEXT (PdOutboxState, pd_outbox_state, outbox_states)

/* Accounts */

/**
 * pd_account_new:
 *
 * Returns: (transfer full): an empty account in test mode
 */
PdAccount *
pd_account_new (void)
{
  return g_new0 (PdAccount, 1);
}

/**
 * pd_account_copy:
 * @self: an account
 *
 * Returns: (transfer full): a deep copy
 */
PdAccount *
pd_account_copy (const PdAccount *self)
{
  PdAccount *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->uuid = g_strdup (self->uuid);
  copy->provider = g_strdup (self->provider);
  copy->label = g_strdup (self->label);
  copy->base_url = g_strdup (self->base_url);
  copy->username = g_strdup (self->username);
  copy->phone = g_strdup (self->phone);
  copy->timezone = g_strdup (self->timezone);

  return copy;
}

/**
 * pd_account_free:
 * @self: (nullable): an account
 *
 * Frees @self and everything it holds.
 */
void
pd_account_free (PdAccount *self)
{
  if (self == NULL)
    return;

  g_free (self->uuid);
  g_free (self->provider);
  g_free (self->label);
  g_free (self->base_url);
  g_free (self->username);
  g_free (self->phone);
  g_free (self->timezone);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (PdAccount, pd_account, pd_account_copy, pd_account_free)

/* Customers */

/**
 * pd_customer_new:
 *
 * Returns: (transfer full): an empty customer
 */
PdCustomer *
pd_customer_new (void)
{
  return g_new0 (PdCustomer, 1);
}

/**
 * pd_customer_copy:
 * @self: a customer
 *
 * Returns: (transfer full): a deep copy
 */
PdCustomer *
pd_customer_copy (const PdCustomer *self)
{
  PdCustomer *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->provider_id = g_strdup (self->provider_id);
  copy->name = g_strdup (self->name);
  copy->email = g_strdup (self->email);
  copy->phone = g_strdup (self->phone);
  copy->raw_json = g_strdup (self->raw_json);

  return copy;
}

/**
 * pd_customer_free:
 * @self: (nullable): a customer
 *
 * Frees @self and everything it holds.
 */
void
pd_customer_free (PdCustomer *self)
{
  if (self == NULL)
    return;

  g_free (self->provider_id);
  g_free (self->name);
  g_free (self->email);
  g_free (self->phone);
  g_free (self->raw_json);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (PdCustomer, pd_customer, pd_customer_copy, pd_customer_free)

/* Transactions */

/**
 * pd_transaction_new:
 *
 * Returns: (transfer full): an empty pending charge with every amount unset
 */
PdTransaction *
pd_transaction_new (void)
{
  return g_new0 (PdTransaction, 1);
}

/**
 * pd_transaction_copy:
 * @self: a transaction
 *
 * Returns: (transfer full): a deep copy
 */
PdTransaction *
pd_transaction_copy (const PdTransaction *self)
{
  PdTransaction *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->provider_id = g_strdup (self->provider_id);
  copy->reference = g_strdup (self->reference);
  copy->provider_status = g_strdup (self->provider_status);
  copy->parent_provider_id = g_strdup (self->parent_provider_id);
  copy->customer_provider_id = g_strdup (self->customer_provider_id);
  copy->customer_name = g_strdup (self->customer_name);
  copy->phone = g_strdup (self->phone);
  copy->email = g_strdup (self->email);
  copy->card_last4 = g_strdup (self->card_last4);
  copy->description = g_strdup (self->description);
  copy->counterparty = g_strdup (self->counterparty);
  copy->raw_json = g_strdup (self->raw_json);
  copy->provider = g_strdup (self->provider);
  copy->account_label = g_strdup (self->account_label);

  return copy;
}

/**
 * pd_transaction_free:
 * @self: (nullable): a transaction
 *
 * Frees @self and everything it holds.
 */
void
pd_transaction_free (PdTransaction *self)
{
  if (self == NULL)
    return;

  g_free (self->provider_id);
  g_free (self->reference);
  g_free (self->provider_status);
  g_free (self->parent_provider_id);
  g_free (self->customer_provider_id);
  g_free (self->customer_name);
  g_free (self->phone);
  g_free (self->email);
  g_free (self->card_last4);
  g_free (self->description);
  g_free (self->counterparty);
  g_free (self->raw_json);
  g_free (self->provider);
  g_free (self->account_label);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (PdTransaction, pd_transaction, pd_transaction_copy, pd_transaction_free)

/* Cards */

/**
 * pd_card_new:
 *
 * Returns: (transfer full): an empty card
 */
PdCard *
pd_card_new (void)
{
  return g_new0 (PdCard, 1);
}

/**
 * pd_card_copy:
 * @self: a card
 *
 * Returns: (transfer full): a deep copy
 */
PdCard *
pd_card_copy (const PdCard *self)
{
  PdCard *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->provider_id = g_strdup (self->provider_id);
  copy->customer_provider_id = g_strdup (self->customer_provider_id);
  copy->brand = g_strdup (self->brand);
  copy->last4 = g_strdup (self->last4);
  copy->masked_pan = g_strdup (self->masked_pan);
  copy->holder_name = g_strdup (self->holder_name);
  copy->raw_json = g_strdup (self->raw_json);

  return copy;
}

/**
 * pd_card_free:
 * @self: (nullable): a card
 *
 * Frees @self and everything it holds.
 */
void
pd_card_free (PdCard *self)
{
  if (self == NULL)
    return;

  g_free (self->provider_id);
  g_free (self->customer_provider_id);
  g_free (self->brand);
  g_free (self->last4);
  g_free (self->masked_pan);
  g_free (self->holder_name);
  g_free (self->raw_json);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (PdCard, pd_card, pd_card_copy, pd_card_free)

/* Statement entries */

/**
 * pd_statement_entry_new:
 *
 * Returns: (transfer full): an empty credit entry with every amount unset
 */
PdStatementEntry *
pd_statement_entry_new (void)
{
  return g_new0 (PdStatementEntry, 1);
}

/**
 * pd_statement_entry_copy:
 * @self: a statement entry
 *
 * Returns: (transfer full): a deep copy
 */
PdStatementEntry *
pd_statement_entry_copy (const PdStatementEntry *self)
{
  PdStatementEntry *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->provider_id = g_strdup (self->provider_id);
  copy->transaction_provider_id = g_strdup (self->transaction_provider_id);
  copy->entry_type = g_strdup (self->entry_type);
  copy->wallet = g_strdup (self->wallet);
  copy->status = g_strdup (self->status);
  copy->description = g_strdup (self->description);
  copy->counterparty = g_strdup (self->counterparty);
  copy->raw_json = g_strdup (self->raw_json);

  return copy;
}

/**
 * pd_statement_entry_free:
 * @self: (nullable): a statement entry
 *
 * Frees @self and everything it holds.
 */
void
pd_statement_entry_free (PdStatementEntry *self)
{
  if (self == NULL)
    return;

  g_free (self->provider_id);
  g_free (self->transaction_provider_id);
  g_free (self->entry_type);
  g_free (self->wallet);
  g_free (self->status);
  g_free (self->description);
  g_free (self->counterparty);
  g_free (self->raw_json);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (PdStatementEntry, pd_statement_entry,
                     pd_statement_entry_copy, pd_statement_entry_free)

/* Balances */

/**
 * pd_balance_new:
 *
 * Returns: (transfer full): an empty balance reading
 */
PdBalance *
pd_balance_new (void)
{
  return g_new0 (PdBalance, 1);
}

/**
 * pd_balance_copy:
 * @self: a balance reading
 *
 * Returns: (transfer full): a deep copy
 */
PdBalance *
pd_balance_copy (const PdBalance *self)
{
  PdBalance *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->wallet = g_strdup (self->wallet);

  return copy;
}

/**
 * pd_balance_free:
 * @self: (nullable): a balance reading
 *
 * Frees @self and everything it holds.
 */
void
pd_balance_free (PdBalance *self)
{
  if (self == NULL)
    return;

  g_free (self->wallet);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (PdBalance, pd_balance, pd_balance_copy, pd_balance_free)

/* Outbox entries */

/**
 * pd_outbox_entry_new:
 *
 * Returns: (transfer full): an empty queued entry
 */
PdOutboxEntry *
pd_outbox_entry_new (void)
{
  return g_new0 (PdOutboxEntry, 1);
}

/**
 * pd_outbox_entry_copy:
 * @self: an outbox entry
 *
 * Returns: (transfer full): a deep copy
 */
PdOutboxEntry *
pd_outbox_entry_copy (const PdOutboxEntry *self)
{
  PdOutboxEntry *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->operation = g_strdup (self->operation);
  copy->idempotency_key = g_strdup (self->idempotency_key);
  copy->reference = g_strdup (self->reference);
  copy->target_provider_id = g_strdup (self->target_provider_id);
  copy->request_json = g_strdup (self->request_json);
  copy->response_json = g_strdup (self->response_json);
  copy->error_message = g_strdup (self->error_message);
  copy->result_provider_id = g_strdup (self->result_provider_id);

  return copy;
}

/**
 * pd_outbox_entry_free:
 * @self: (nullable): an outbox entry
 *
 * Frees @self and everything it holds.
 */
void
pd_outbox_entry_free (PdOutboxEntry *self)
{
  if (self == NULL)
    return;

  g_free (self->operation);
  g_free (self->idempotency_key);
  g_free (self->reference);
  g_free (self->target_provider_id);
  g_free (self->request_json);
  g_free (self->response_json);
  g_free (self->error_message);
  g_free (self->result_provider_id);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (PdOutboxEntry, pd_outbox_entry, pd_outbox_entry_copy, pd_outbox_entry_free)

/* Sync state */

/**
 * pd_sync_state_new:
 *
 * Returns: (transfer full): an empty sync state
 */
PdSyncState *
pd_sync_state_new (void)
{
  return g_new0 (PdSyncState, 1);
}

/**
 * pd_sync_state_copy:
 * @self: a sync state
 *
 * Returns: (transfer full): a deep copy
 */
PdSyncState *
pd_sync_state_copy (const PdSyncState *self)
{
  PdSyncState *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->resource = g_strdup (self->resource);
  copy->cursor = g_strdup (self->cursor);

  return copy;
}

/**
 * pd_sync_state_free:
 * @self: (nullable): a sync state
 *
 * Frees @self and everything it holds.
 */
void
pd_sync_state_free (PdSyncState *self)
{
  if (self == NULL)
    return;

  g_free (self->resource);
  g_free (self->cursor);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (PdSyncState, pd_sync_state, pd_sync_state_copy, pd_sync_state_free)

/* Activity */

/**
 * pd_activity_new:
 *
 * Returns: (transfer full): an empty audit entry
 */
PdActivity *
pd_activity_new (void)
{
  return g_new0 (PdActivity, 1);
}

/**
 * pd_activity_copy:
 * @self: an audit entry
 *
 * Returns: (transfer full): a deep copy
 */
PdActivity *
pd_activity_copy (const PdActivity *self)
{
  PdActivity *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->user = g_strdup (self->user);
  copy->action = g_strdup (self->action);
  copy->outcome = g_strdup (self->outcome);
  copy->detail = g_strdup (self->detail);

  return copy;
}

/**
 * pd_activity_free:
 * @self: (nullable): an audit entry
 *
 * Frees @self and everything it holds.
 */
void
pd_activity_free (PdActivity *self)
{
  if (self == NULL)
    return;

  g_free (self->user);
  g_free (self->action);
  g_free (self->outcome);
  g_free (self->detail);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (PdActivity, pd_activity, pd_activity_copy, pd_activity_free)

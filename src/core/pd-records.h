/* pd-records.h - normalized records shared by providers, store and views
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pd-money.h"

G_BEGIN_DECLS

/**
 * PdAccountMode:
 * @PD_ACCOUNT_MODE_TEST: the provider's sandbox or test environment
 * @PD_ACCOUNT_MODE_LIVE: production, real money
 *
 * Which environment of the provider an account talks to.
 */
typedef enum
{
  PD_ACCOUNT_MODE_TEST,
  PD_ACCOUNT_MODE_LIVE,
} PdAccountMode;

/**
 * PdTransactionKind:
 * @PD_TRANSACTION_KIND_CHARGE: a card or wallet charge (FayaPay)
 * @PD_TRANSACTION_KIND_COLLECTION: a mobile money collection (ZengaPay)
 * @PD_TRANSACTION_KIND_PAYMENT: a payment (EoneoPay, EnayaPay)
 * @PD_TRANSACTION_KIND_VEND: an electricity vend (PawaCard, EnayaPay)
 * @PD_TRANSACTION_KIND_BILL: a postpaid bill payment
 * @PD_TRANSACTION_KIND_TOPUP: an airtime or telecom top-up
 * @PD_TRANSACTION_KIND_REFUND: money returned to a customer
 * @PD_TRANSACTION_KIND_DISBURSEMENT: money sent to a beneficiary
 * @PD_TRANSACTION_KIND_TRANSFER: a transfer to another wallet or account
 * @PD_TRANSACTION_KIND_PAYOUT: a settlement to the merchant's bank
 *
 * What a transaction is. The stable strings of
 * pd_transaction_kind_to_string() are stored in the database and printed by
 * `paydesk-cli --json`.
 */
typedef enum
{
  PD_TRANSACTION_KIND_CHARGE,
  PD_TRANSACTION_KIND_COLLECTION,
  PD_TRANSACTION_KIND_PAYMENT,
  PD_TRANSACTION_KIND_VEND,
  PD_TRANSACTION_KIND_BILL,
  PD_TRANSACTION_KIND_TOPUP,
  PD_TRANSACTION_KIND_REFUND,
  PD_TRANSACTION_KIND_DISBURSEMENT,
  PD_TRANSACTION_KIND_TRANSFER,
  PD_TRANSACTION_KIND_PAYOUT,
} PdTransactionKind;

#define PD_TRANSACTION_KIND_COUNT (PD_TRANSACTION_KIND_PAYOUT + 1)

/**
 * PdTransactionState:
 * @PD_TRANSACTION_STATE_PENDING: not final yet; will be polled
 * @PD_TRANSACTION_STATE_SUCCEEDED: the money moved
 * @PD_TRANSACTION_STATE_FAILED: the money did not move
 * @PD_TRANSACTION_STATE_REFUNDED: moved, then returned in full
 * @PD_TRANSACTION_STATE_PARTIALLY_REFUNDED: moved, then returned in part
 * @PD_TRANSACTION_STATE_INDETERMINATE: the provider itself does not know
 *
 * The normalized state of a transaction; the provider's own word is kept in
 * #PdTransaction.provider_status.
 */
typedef enum
{
  PD_TRANSACTION_STATE_PENDING,
  PD_TRANSACTION_STATE_SUCCEEDED,
  PD_TRANSACTION_STATE_FAILED,
  PD_TRANSACTION_STATE_REFUNDED,
  PD_TRANSACTION_STATE_PARTIALLY_REFUNDED,
  PD_TRANSACTION_STATE_INDETERMINATE,
} PdTransactionState;

#define PD_TRANSACTION_STATE_COUNT (PD_TRANSACTION_STATE_INDETERMINATE + 1)

/* Bits for the kind and state sets of a PdQuery. */
#define PD_TRANSACTION_KIND_BIT(kind)   (1u << (kind))
#define PD_TRANSACTION_STATE_BIT(state) (1u << (state))

/**
 * PdStatementDirection:
 * @PD_STATEMENT_DIRECTION_CREDIT: money came into the wallet
 * @PD_STATEMENT_DIRECTION_DEBIT: money left the wallet
 */
typedef enum
{
  PD_STATEMENT_DIRECTION_CREDIT,
  PD_STATEMENT_DIRECTION_DEBIT,
} PdStatementDirection;

/**
 * PdOutboxState:
 * @PD_OUTBOX_STATE_QUEUED: written, not sent yet
 * @PD_OUTBOX_STATE_SENT: sent, no answer yet
 * @PD_OUTBOX_STATE_CONFIRMED: the provider confirmed it
 * @PD_OUTBOX_STATE_FAILED: the provider refused it; no money moved
 * @PD_OUTBOX_STATE_UNKNOWN: the outcome is not known; must be reconciled
 *   before anything is sent again
 */
typedef enum
{
  PD_OUTBOX_STATE_QUEUED,
  PD_OUTBOX_STATE_SENT,
  PD_OUTBOX_STATE_CONFIRMED,
  PD_OUTBOX_STATE_FAILED,
  PD_OUTBOX_STATE_UNKNOWN,
} PdOutboxState;

#define PD_OUTBOX_STATE_COUNT (PD_OUTBOX_STATE_UNKNOWN + 1)
#define PD_OUTBOX_STATE_BIT(state) (1u << (state))

/**
 * PdAccount:
 * @id: the store's primary key; 0 until added
 * @uuid: random, 36 characters; ties the account to its keyring item
 * @provider: `fayapay`, `zengapay`, `eoneopay`, `pawacard` or `enayapay`
 * @label: the merchant's name for the account
 * @base_url: the provider's base URL (sandbox or production)
 * @mode: test or live
 * @username: the provider user name, if the provider has one (not secret)
 * @phone: the phone number the provider knows the merchant by (not secret)
 * @timezone: IANA zone used to read provider times without a zone
 * @created_at: Unix seconds, UTC
 * @last_sync_at: Unix seconds, UTC; 0 when never synced
 *
 * A connected provider account. Secrets are never part of it: they live in
 * the keyring under @uuid.
 */
typedef struct
{
  gint64         id;
  char          *uuid;
  char          *provider;
  char          *label;
  char          *base_url;
  PdAccountMode  mode;
  char          *username;
  char          *phone;
  char          *timezone;
  gint64         created_at;
  gint64         last_sync_at;
} PdAccount;

/**
 * PdCustomer:
 * @id: the store's primary key; 0 until stored
 * @account_id: the account the customer belongs to
 * @provider_id: the provider's id of the customer
 * @name: display name
 * @email: e-mail address
 * @phone: phone number
 * @created_at: Unix seconds, UTC
 * @raw_json: the provider's JSON for the record (redacted by the store)
 */
typedef struct
{
  gint64  id;
  gint64  account_id;
  char   *provider_id;
  char   *name;
  char   *email;
  char   *phone;
  gint64  created_at;
  char   *raw_json;
} PdCustomer;

/**
 * PdTransaction:
 * @id: sorts in creation order: @created_at × 65 536 + a sequence number;
 *   given by the store, never changed afterwards (see HACKING.md "Ids")
 * @account_id: the account
 * @kind: what the transaction is
 * @state: the normalized state
 * @provider_id: the provider's id; with @account_id and @kind, the identity
 * @reference: the merchant's or provider's reference
 * @provider_status: the provider's own word for the state
 * @amount: the amount, exact
 * @fee: the provider's fee; unset (currency "") when there is none
 * @amount_refunded: how much was refunded; unset when nothing was
 * @parent_provider_id: for a refund, the provider id of its charge
 * @customer_provider_id: the provider id of the customer
 * @customer_name: the customer's name
 * @phone: the payer's or beneficiary's phone number
 * @email: the customer's e-mail address
 * @card_last4: the last four digits of the card, never more
 * @description: free text
 * @counterparty: the other side (a meter, a beneficiary, a bank account)
 * @created_at: Unix seconds, UTC
 * @updated_at: Unix seconds, UTC; 0 when the provider does not say
 * @raw_json: the provider's JSON for the record (redacted by the store)
 * @provider: read only: the account's provider, filled in by the store
 * @account_label: read only: the account's label, filled in by the store
 *
 * One money movement, of any provider.
 */
typedef struct
{
  gint64              id;
  gint64              account_id;
  PdTransactionKind   kind;
  PdTransactionState  state;
  char               *provider_id;
  char               *reference;
  char               *provider_status;
  PdMoney             amount;
  PdMoney             fee;
  PdMoney             amount_refunded;
  char               *parent_provider_id;
  char               *customer_provider_id;
  char               *customer_name;
  char               *phone;
  char               *email;
  char               *card_last4;
  char               *description;
  char               *counterparty;
  gint64              created_at;
  gint64              updated_at;
  char               *raw_json;
  char               *provider;
  char               *account_label;
} PdTransaction;

/**
 * PdCard:
 * @id: the store's primary key; 0 until stored
 * @account_id: the account
 * @provider_id: the provider's id of the card (source, token)
 * @customer_provider_id: the provider id of the card holder's customer
 * @brand: `visa`, `mastercard`, …
 * @last4: the last four digits
 * @masked_pan: the number with every digit but the last four masked;
 *   the store refuses anything that shows more
 * @exp_month: 1 … 12, 0 when unknown
 * @exp_year: four digits, 0 when unknown
 * @holder_name: the name on the card
 * @created_at: Unix seconds, UTC
 * @raw_json: the provider's JSON for the record (redacted by the store)
 */
typedef struct
{
  gint64  id;
  gint64  account_id;
  char   *provider_id;
  char   *customer_provider_id;
  char   *brand;
  char   *last4;
  char   *masked_pan;
  guint   exp_month;
  guint   exp_year;
  char   *holder_name;
  gint64  created_at;
  char   *raw_json;
} PdCard;

/**
 * PdStatementEntry:
 * @id: the store's primary key; 0 until stored
 * @account_id: the account
 * @provider_id: the provider's id of the entry
 * @transaction_provider_id: the provider id of the transaction it belongs to
 * @created_at: Unix seconds, UTC
 * @entry_type: the provider's entry type (`TRANSACTION`, `CHARGES`, …)
 * @direction: credit or debit
 * @amount: the amount, positive
 * @balance_before: the wallet balance before; unset when not given
 * @balance_after: the wallet balance after; unset when not given
 * @wallet: the wallet (`UGX-MTNMM`, …)
 * @status: the provider's status word
 * @description: free text
 * @counterparty: the other side
 * @raw_json: the provider's JSON for the record (redacted by the store)
 */
typedef struct
{
  gint64                id;
  gint64                account_id;
  char                 *provider_id;
  char                 *transaction_provider_id;
  gint64                created_at;
  char                 *entry_type;
  PdStatementDirection  direction;
  PdMoney               amount;
  PdMoney               balance_before;
  PdMoney               balance_after;
  char                 *wallet;
  char                 *status;
  char                 *description;
  char                 *counterparty;
  char                 *raw_json;
} PdStatementEntry;

/**
 * PdBalance:
 * @account_id: the account
 * @wallet: the wallet, or the currency when the provider has one balance
 * @amount: the balance
 * @recorded_at: when it was read, Unix seconds, UTC
 *
 * One reading of a balance; the store keeps every reading as history.
 */
typedef struct
{
  gint64   account_id;
  char    *wallet;
  PdMoney  amount;
  gint64   recorded_at;
} PdBalance;

/**
 * PdOutboxEntry:
 * @id: the store's primary key; 0 until inserted
 * @account_id: the account the money moves from
 * @operation: `refund`, `charge`, `disbursement`, …
 * @idempotency_key: unique; sent to the provider where it supports one
 * @reference: the reference sent to the provider
 * @target_provider_id: the provider id acted on (the charge refunded, …)
 * @amount: the amount to move
 * @request_json: the request (redacted by the store)
 * @state: where the entry stands
 * @attempts: how many times it was sent
 * @created_at: Unix seconds, UTC
 * @updated_at: Unix seconds, UTC
 * @response_json: the provider's answer (redacted by the store)
 * @error_message: the last error, in words
 * @transaction_id: the local transaction it produced, 0 when none yet
 * @result_provider_id: the provider's id of what it produced
 *
 * A money-moving request, written before it is sent.
 */
typedef struct
{
  gint64         id;
  gint64         account_id;
  char          *operation;
  char          *idempotency_key;
  char          *reference;
  char          *target_provider_id;
  PdMoney        amount;
  char          *request_json;
  PdOutboxState  state;
  guint          attempts;
  gint64         created_at;
  gint64         updated_at;
  char          *response_json;
  char          *error_message;
  gint64         transaction_id;
  char          *result_provider_id;
} PdOutboxEntry;

/**
 * PdSyncState:
 * @account_id: the account
 * @resource: what is synced (`charges`, `refunds`, …)
 * @cursor: where the next page starts; %NULL to start from the beginning
 * @complete: whether the last sync reached the end
 * @updated_at: Unix seconds, UTC
 */
typedef struct
{
  gint64    account_id;
  char     *resource;
  char     *cursor;
  gboolean  complete;
  gint64    updated_at;
} PdSyncState;

/**
 * PdActivity:
 * @id: the store's primary key; 0 until added
 * @at: Unix seconds, UTC; 0 means now
 * @user: the system user; %NULL means the current one
 * @account_id: the account, 0 when none (or when it was removed)
 * @action: what was done (`refund`, `account-add`, …)
 * @amount: the amount involved; unset when none
 * @outcome: `ok`, `failed`, `unknown`, …
 * @detail: more words
 *
 * One line of the audit trail.
 */
typedef struct
{
  gint64   id;
  gint64   at;
  char    *user;
  gint64   account_id;
  char    *action;
  PdMoney  amount;
  char    *outcome;
  char    *detail;
} PdActivity;

/* Providers */
gboolean            pd_provider_is_known                 (const char            *provider);
const char         *pd_provider_get_display_name         (const char            *provider);
const char         *pd_provider_get_default_timezone     (const char            *provider);
const char         *pd_provider_get_currency             (const char            *provider);

/* Enum strings (stable, lower case) and display labels (translated) */
const char         *pd_account_mode_to_string            (PdAccountMode          mode);
gboolean            pd_account_mode_from_string          (const char            *text,
                                                          PdAccountMode         *out);
const char         *pd_account_mode_get_label            (PdAccountMode          mode);

const char         *pd_transaction_kind_to_string        (PdTransactionKind      kind);
gboolean            pd_transaction_kind_from_string      (const char            *text,
                                                          PdTransactionKind     *out);
const char         *pd_transaction_kind_get_label        (PdTransactionKind      kind);

const char         *pd_transaction_state_to_string       (PdTransactionState     state);
gboolean            pd_transaction_state_from_string     (const char            *text,
                                                          PdTransactionState    *out);
const char         *pd_transaction_state_get_label       (PdTransactionState     state);

const char         *pd_statement_direction_to_string     (PdStatementDirection   direction);
gboolean            pd_statement_direction_from_string   (const char            *text,
                                                          PdStatementDirection  *out);
const char         *pd_statement_direction_get_label     (PdStatementDirection   direction);

const char         *pd_outbox_state_to_string            (PdOutboxState          state);
gboolean            pd_outbox_state_from_string          (const char            *text,
                                                          PdOutboxState         *out);
const char         *pd_outbox_state_get_label            (PdOutboxState          state);

/* Records */
GType               pd_account_get_type                  (void) G_GNUC_CONST;
PdAccount          *pd_account_new                       (void);
PdAccount          *pd_account_copy                      (const PdAccount       *self);
void                pd_account_free                      (PdAccount             *self);

GType               pd_customer_get_type                 (void) G_GNUC_CONST;
PdCustomer         *pd_customer_new                      (void);
PdCustomer         *pd_customer_copy                     (const PdCustomer      *self);
void                pd_customer_free                     (PdCustomer            *self);

GType               pd_transaction_get_type              (void) G_GNUC_CONST;
PdTransaction      *pd_transaction_new                   (void);
PdTransaction      *pd_transaction_copy                  (const PdTransaction   *self);
void                pd_transaction_free                  (PdTransaction         *self);

GType               pd_card_get_type                     (void) G_GNUC_CONST;
PdCard             *pd_card_new                          (void);
PdCard             *pd_card_copy                         (const PdCard          *self);
void                pd_card_free                         (PdCard                *self);

GType               pd_statement_entry_get_type          (void) G_GNUC_CONST;
PdStatementEntry   *pd_statement_entry_new               (void);
PdStatementEntry   *pd_statement_entry_copy              (const PdStatementEntry *self);
void                pd_statement_entry_free              (PdStatementEntry      *self);

GType               pd_balance_get_type                  (void) G_GNUC_CONST;
PdBalance          *pd_balance_new                       (void);
PdBalance          *pd_balance_copy                      (const PdBalance       *self);
void                pd_balance_free                      (PdBalance             *self);

GType               pd_outbox_entry_get_type             (void) G_GNUC_CONST;
PdOutboxEntry      *pd_outbox_entry_new                  (void);
PdOutboxEntry      *pd_outbox_entry_copy                 (const PdOutboxEntry   *self);
void                pd_outbox_entry_free                 (PdOutboxEntry         *self);

GType               pd_sync_state_get_type               (void) G_GNUC_CONST;
PdSyncState        *pd_sync_state_new                    (void);
PdSyncState        *pd_sync_state_copy                   (const PdSyncState     *self);
void                pd_sync_state_free                   (PdSyncState           *self);

GType               pd_activity_get_type                 (void) G_GNUC_CONST;
PdActivity         *pd_activity_new                      (void);
PdActivity         *pd_activity_copy                     (const PdActivity      *self);
void                pd_activity_free                     (PdActivity            *self);

#define PD_TYPE_ACCOUNT          (pd_account_get_type ())
#define PD_TYPE_CUSTOMER         (pd_customer_get_type ())
#define PD_TYPE_TRANSACTION      (pd_transaction_get_type ())
#define PD_TYPE_CARD             (pd_card_get_type ())
#define PD_TYPE_STATEMENT_ENTRY  (pd_statement_entry_get_type ())
#define PD_TYPE_BALANCE          (pd_balance_get_type ())
#define PD_TYPE_OUTBOX_ENTRY     (pd_outbox_entry_get_type ())
#define PD_TYPE_SYNC_STATE       (pd_sync_state_get_type ())
#define PD_TYPE_ACTIVITY         (pd_activity_get_type ())

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAccount, pd_account_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdCustomer, pd_customer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTransaction, pd_transaction_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdCard, pd_card_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdStatementEntry, pd_statement_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdBalance, pd_balance_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdOutboxEntry, pd_outbox_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSyncState, pd_sync_state_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdActivity, pd_activity_free)

G_END_DECLS

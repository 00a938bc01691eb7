/* pd-cli-records.c - how paydesk-cli writes each kind of record
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "pd-cli-records.h"

static const PdCliColumn transaction_columns[] = {
  { "id", N_("ID"), PD_CLI_INT, TRUE },
  { "created_at", N_("Date"), PD_CLI_TIME, TRUE },
  { "account_id", N_("Account ID"), PD_CLI_INT, FALSE },
  { "account", N_("Account"), PD_CLI_TEXT, TRUE },
  { "provider", N_("Provider"), PD_CLI_TEXT, FALSE },
  { "kind", N_("Kind"), PD_CLI_TEXT, TRUE },
  { "state", N_("State"), PD_CLI_TEXT, TRUE },
  { "amount", N_("Amount"), PD_CLI_AMOUNT, TRUE },
  { "currency", N_("Currency"), PD_CLI_TEXT, TRUE },
  { "fee", N_("Fee"), PD_CLI_AMOUNT, FALSE },
  { "amount_refunded", N_("Refunded"), PD_CLI_AMOUNT, FALSE },
  { "customer", N_("Customer"), PD_CLI_TEXT, TRUE },
  { "phone", N_("Phone"), PD_CLI_TEXT, FALSE },
  { "email", N_("E-mail"), PD_CLI_TEXT, FALSE },
  { "card_last4", N_("Card"), PD_CLI_TEXT, FALSE },
  { "reference", N_("Reference"), PD_CLI_TEXT, TRUE },
  { "provider_id", N_("Provider ID"), PD_CLI_TEXT, FALSE },
  { "provider_status", N_("Provider Status"), PD_CLI_TEXT, FALSE },
  { "parent_provider_id", N_("Refund Of"), PD_CLI_TEXT, FALSE },
  { "customer_provider_id", N_("Customer ID"), PD_CLI_TEXT, FALSE },
  { "counterparty", N_("Counterparty"), PD_CLI_TEXT, FALSE },
  { "description", N_("Description"), PD_CLI_TEXT, FALSE },
  { "updated_at", N_("Updated"), PD_CLI_TIME, FALSE },
};

static const PdCliColumn outbox_columns[] = {
  { "id", N_("Entry"), PD_CLI_INT, TRUE },
  { "created_at", N_("Date"), PD_CLI_TIME, TRUE },
  { "account_id", N_("Account ID"), PD_CLI_INT, FALSE },
  { "account", N_("Account"), PD_CLI_TEXT, TRUE },
  { "operation", N_("Operation"), PD_CLI_TEXT, TRUE },
  { "state", N_("State"), PD_CLI_TEXT, TRUE },
  { "amount", N_("Amount"), PD_CLI_AMOUNT, TRUE },
  { "currency", N_("Currency"), PD_CLI_TEXT, TRUE },
  { "target", N_("Target"), PD_CLI_TEXT, TRUE },
  { "reference", N_("Reference"), PD_CLI_TEXT, FALSE },
  { "idempotency_key", N_("Idempotency Key"), PD_CLI_TEXT, FALSE },
  { "attempts", N_("Attempts"), PD_CLI_INT, FALSE },
  { "transaction_id", N_("Transaction"), PD_CLI_INT, TRUE },
  { "result_provider_id", N_("Provider ID"), PD_CLI_TEXT, FALSE },
  { "error", N_("Error"), PD_CLI_TEXT, FALSE },
  { "updated_at", N_("Updated"), PD_CLI_TIME, FALSE },
};

/**
 * pd_cli_set_account:
 * @table: a table with a row and the columns `account_id`, `account` and
 *   `provider`
 * @account_id: the id of the account the row's record belongs to
 * @accounts: (nullable): the accounts by id, to name it
 */
void
pd_cli_set_account (PdCliTable *table,
                    gint64      account_id,
                    GHashTable *accounts)
{
  const PdAccount *account = accounts != NULL ? g_hash_table_lookup (accounts, &account_id) : NULL;

  pd_cli_table_set_int (table, "account_id", account_id);
  pd_cli_table_set (table, "account", account != NULL ? account->label : NULL);
  pd_cli_table_set (table, "provider", account != NULL ? account->provider : NULL);
}

PdCliTable *
pd_cli_transactions_table_new (const char *name)
{
  return pd_cli_table_new (name, transaction_columns, G_N_ELEMENTS (transaction_columns));
}

/**
 * pd_cli_add_transaction:
 * @table: a table from pd_cli_transactions_table_new()
 * @transaction: a transaction
 * @accounts: (nullable): the accounts by id, to name the transaction's
 */
void
pd_cli_add_transaction (PdCliTable          *table,
                        const PdTransaction *transaction,
                        GHashTable          *accounts)
{
  pd_cli_table_add_row (table);
  pd_cli_table_set_int (table, "id", transaction->id);
  pd_cli_table_set_time (table, "created_at", transaction->created_at);
  pd_cli_set_account (table, transaction->account_id, accounts);
  /* The store's word for the provider, when it gave one. */
  if (transaction->provider != NULL)
    pd_cli_table_set (table, "provider", transaction->provider);
  pd_cli_table_set (table, "kind", pd_transaction_kind_to_string (transaction->kind));
  pd_cli_table_set (table, "state", pd_transaction_state_to_string (transaction->state));
  pd_cli_table_set_amount (table, &transaction->amount);
  pd_cli_table_set_money (table, "fee", &transaction->fee);
  pd_cli_table_set_money (table, "amount_refunded", &transaction->amount_refunded);
  pd_cli_table_set (table, "customer", transaction->customer_name);
  pd_cli_table_set (table, "phone", transaction->phone);
  pd_cli_table_set (table, "email", transaction->email);
  pd_cli_table_set (table, "card_last4", transaction->card_last4);
  pd_cli_table_set (table, "reference", transaction->reference);
  pd_cli_table_set (table, "provider_id", transaction->provider_id);
  pd_cli_table_set (table, "provider_status", transaction->provider_status);
  pd_cli_table_set (table, "parent_provider_id", transaction->parent_provider_id);
  pd_cli_table_set (table, "customer_provider_id", transaction->customer_provider_id);
  pd_cli_table_set (table, "counterparty", transaction->counterparty);
  pd_cli_table_set (table, "description", transaction->description);
  pd_cli_table_set_time (table, "updated_at", transaction->updated_at);
}

PdCliTable *
pd_cli_outbox_table_new (const char *name)
{
  return pd_cli_table_new (name, outbox_columns, G_N_ELEMENTS (outbox_columns));
}

/**
 * pd_cli_add_outbox_entry:
 * @table: a table from pd_cli_outbox_table_new()
 * @entry: an outbox entry
 * @accounts: (nullable): the accounts by id, to name the entry's
 */
void
pd_cli_add_outbox_entry (PdCliTable          *table,
                         const PdOutboxEntry *entry,
                         GHashTable          *accounts)
{
  const PdAccount *account = accounts != NULL ? g_hash_table_lookup (accounts, &entry->account_id) : NULL;

  pd_cli_table_add_row (table);
  pd_cli_table_set_int (table, "id", entry->id);
  pd_cli_table_set_time (table, "created_at", entry->created_at);
  pd_cli_table_set_int (table, "account_id", entry->account_id);
  pd_cli_table_set (table, "account", account != NULL ? account->label : NULL);
  pd_cli_table_set (table, "operation", entry->operation);
  pd_cli_table_set (table, "state", pd_outbox_state_to_string (entry->state));
  pd_cli_table_set_amount (table, &entry->amount);
  pd_cli_table_set (table, "target", entry->target_provider_id);
  pd_cli_table_set (table, "reference", entry->reference);
  pd_cli_table_set (table, "idempotency_key", entry->idempotency_key);
  pd_cli_table_set_int (table, "attempts", entry->attempts);
  if (entry->transaction_id != 0)
    pd_cli_table_set_int (table, "transaction_id", entry->transaction_id);
  pd_cli_table_set (table, "result_provider_id", entry->result_provider_id);
  pd_cli_table_set (table, "error", entry->error_message);
  pd_cli_table_set_time (table, "updated_at", entry->updated_at);
}

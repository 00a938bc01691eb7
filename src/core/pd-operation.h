/* pd-operation.h - a money movement to perform, and what came of it
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pd-money.h"
#include "pd-records.h"

G_BEGIN_DECLS

/**
 * PdOperationKind:
 * @PD_OPERATION_REFUND: return money for a charge or payment, in full or part
 * @PD_OPERATION_CHARGE: take money from a card or wallet
 * @PD_OPERATION_COLLECTION: ask a phone's wallet for money
 * @PD_OPERATION_DISBURSEMENT: send money to a beneficiary
 * @PD_OPERATION_TRANSFER: send money to a phone's wallet
 * @PD_OPERATION_VEND: sell a prepaid electricity token
 * @PD_OPERATION_BILL: pay a postpaid bill or invoice
 * @PD_OPERATION_TOPUP: buy airtime or a voice/data bundle
 *
 * What an operation does. Every kind moves money, so every operation goes
 * through the outbox. The stable strings of pd_operation_kind_to_string()
 * are stored in the outbox.
 */
typedef enum
{
  PD_OPERATION_REFUND,
  PD_OPERATION_CHARGE,
  PD_OPERATION_COLLECTION,
  PD_OPERATION_DISBURSEMENT,
  PD_OPERATION_TRANSFER,
  PD_OPERATION_VEND,
  PD_OPERATION_BILL,
  PD_OPERATION_TOPUP,
} PdOperationKind;

#define PD_OPERATION_KIND_COUNT (PD_OPERATION_TOPUP + 1)
#define PD_OPERATION_BIT(kind) (1u << (kind))

/**
 * PdOperation:
 * @kind: what to do
 * @account_id: the account the money moves through
 * @idempotency_key: unique per outbox entry; sent as the provider's
 *   idempotency key where it has one
 * @reference: the merchant reference sent to the provider (unique per
 *   outbox entry, so that a look-up finds exactly this operation)
 * @target_provider_id: what is acted on: the charge to refund, the customer
 *   to charge; %NULL when nothing
 * @amount: how much moves
 * @description: the reason or narration, for the provider and the receipt
 * @fields: (element-type utf8 utf8): further named values the operation
 *   needs (`phone`, `meter`, `network`, `bundle`, `account_number`, …);
 *   stored with the outbox entry
 * @secrets: (element-type utf8 utf8): values needed for this one request
 *   and never stored or logged (`ipin`, `cvv`, `card_number`)
 *
 * One money movement, as the outbox writes it down before sending it.
 */
typedef struct
{
  PdOperationKind  kind;
  gint64           account_id;
  char            *idempotency_key;
  char            *reference;
  char            *target_provider_id;
  PdMoney          amount;
  char            *description;
  GHashTable      *fields;
  GHashTable      *secrets;
} PdOperation;

/**
 * PdOperationResult:
 * @transaction: the transaction the operation made, as the provider reports
 *   it (a refund, a collection, a vend …); its state may still be pending
 * @updated: (element-type PdTransaction): other records the operation
 *   changed, as the provider reports them (the refunded charge); may be empty
 * @response_json: the provider's answer, for the outbox (redacted when
 *   stored)
 *
 * What a provider said an operation did.
 */
typedef struct
{
  PdTransaction *transaction;
  GPtrArray     *updated;
  char          *response_json;
} PdOperationResult;

const char        *pd_operation_kind_to_string   (PdOperationKind          kind);
gboolean           pd_operation_kind_from_string (const char              *text,
                                                  PdOperationKind         *out);
const char        *pd_operation_kind_get_label   (PdOperationKind          kind);

PdOperation       *pd_operation_new              (PdOperationKind          kind,
                                                  gint64                   account_id);
PdOperation       *pd_operation_copy             (const PdOperation       *self);
void               pd_operation_free             (PdOperation             *self);
const char        *pd_operation_get_field        (const PdOperation       *self,
                                                  const char              *name);
void               pd_operation_set_field        (PdOperation             *self,
                                                  const char              *name,
                                                  const char              *value);
const char        *pd_operation_get_secret       (const PdOperation       *self,
                                                  const char              *name);
void               pd_operation_set_secret       (PdOperation             *self,
                                                  const char              *name,
                                                  const char              *value);
char              *pd_operation_fields_to_json   (const PdOperation       *self);
gboolean           pd_operation_fields_from_json (PdOperation             *self,
                                                  const char              *json,
                                                  GError                 **error);

PdOperationResult *pd_operation_result_new       (PdTransaction           *transaction);
void               pd_operation_result_free      (PdOperationResult       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdOperation, pd_operation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdOperationResult, pd_operation_result_free)

G_END_DECLS

/* pd-record-item.h - a customer, card, statement line or balance as a list item
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pd-records.h"

G_BEGIN_DECLS

/**
 * PdRecordKind:
 * @PD_RECORD_CUSTOMER: a #PdCustomer
 * @PD_RECORD_CARD: a #PdCard
 * @PD_RECORD_STATEMENT_ENTRY: a #PdStatementEntry
 * @PD_RECORD_BALANCE: a #PdBalance
 */
typedef enum
{
  PD_RECORD_CUSTOMER,
  PD_RECORD_CARD,
  PD_RECORD_STATEMENT_ENTRY,
  PD_RECORD_BALANCE,
} PdRecordKind;

#define PD_TYPE_RECORD_ITEM (pd_record_item_get_type ())

G_DECLARE_FINAL_TYPE (PdRecordItem, pd_record_item, PD, RECORD_ITEM, GObject)

PdRecordItem           *pd_record_item_new_customer        (PdCustomer       *customer,
                                                            const PdAccount  *account);
PdRecordItem           *pd_record_item_new_card            (PdCard           *card,
                                                            const PdAccount  *account,
                                                            const char       *customer_name);
PdRecordItem           *pd_record_item_new_statement_entry (PdStatementEntry *entry,
                                                            const PdAccount  *account);
PdRecordItem           *pd_record_item_new_balance         (PdBalance        *balance,
                                                            const PdAccount  *account);

PdRecordKind            pd_record_item_get_kind            (PdRecordItem     *self);
gint64                  pd_record_item_get_account_id      (PdRecordItem     *self);
const char             *pd_record_item_get_provider        (PdRecordItem     *self);
const char             *pd_record_item_get_account_label   (PdRecordItem     *self);
const char             *pd_record_item_get_name            (PdRecordItem     *self);
gint64                  pd_record_item_get_date            (PdRecordItem     *self);
const char             *pd_record_item_get_raw_json        (PdRecordItem     *self);
const PdCustomer       *pd_record_item_get_customer        (PdRecordItem     *self);
const PdCard           *pd_record_item_get_card            (PdRecordItem     *self);
const PdStatementEntry *pd_record_item_get_statement_entry (PdRecordItem     *self);
const PdBalance        *pd_record_item_get_balance         (PdRecordItem     *self);
gboolean                pd_record_item_matches             (PdRecordItem     *self,
                                                            const char       *folded_text);

G_END_DECLS

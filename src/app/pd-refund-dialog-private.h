/* pd-refund-dialog-private.h - the refund dialog's parts, for its test
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-payment-flow.h"
#include "pd-refund-dialog.h"

G_BEGIN_DECLS

struct _PdRefundDialog
{
  AdwWindow            parent_instance;

  /* Template */
  AdwWindowTitle      *window_title;
  GtkButton           *back_button;
  GtkButton           *next_button;
  GtkStack            *stack;
  AdwPreferencesGroup *charge_group;
  GtkLabel            *charged_label;
  GtkLabel            *refunded_label;
  GtkLabel            *pending_label;
  GtkLabel            *refundable_label;
  AdwActionRow        *full_row;
  GtkSwitch           *full_switch;
  AdwEntryRow         *amount_row;
  GtkLabel            *amount_message;
  AdwEntryRow         *reason_row;
  GtkLabel            *form_message;
  AdwStatusPage       *confirm_page;
  AdwStatusPage       *sending_page;
  AdwStatusPage       *result_page;

  /* State */
  PdWindow            *window;
  PdPayments          *payments;
  PdPaymentFlow       *flow;
  GCancellable        *cancellable;
  PdTransaction       *charge;
  char                *account_label;
  char                *customer;
  PdRefunds            refunds;
  PdMoney              charged;
  PdMoney              refunded;
  PdMoney              pending;
  PdMoney              refundable;
  /* Made once, as the flow's idempotency key: every submit of this
   * dialog is the same refund. */
  char                *reference;
  PdOperation         *operation;
  gboolean             row_shown;
  guint                appear_source;
};

G_END_DECLS

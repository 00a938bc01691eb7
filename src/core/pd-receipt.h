/* pd-receipt.h - the customer's receipt of an electricity token, a top-up or a bill
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "pd-money.h"
#include "pd-records.h"

G_BEGIN_DECLS

#define PD_RECEIPT_ERROR (pd_receipt_error_quark ())

/**
 * PdReceiptError:
 * @PD_RECEIPT_ERROR_UNSUPPORTED: the transaction is not a sale a receipt is
 *   made for (only electricity tokens, top-ups and bill payments are)
 * @PD_RECEIPT_ERROR_NOT_COMPLETE: the sale is pending or failed: there is
 *   nothing to hand the customer yet
 * @PD_RECEIPT_ERROR_INVALID: the transaction lacks what a receipt must show
 *   (an electricity sale without its token)
 * @PD_RECEIPT_ERROR_WRITE: the PDF could not be written
 *
 * Stable error codes of receipts.
 */
typedef enum
{
  PD_RECEIPT_ERROR_UNSUPPORTED,
  PD_RECEIPT_ERROR_NOT_COMPLETE,
  PD_RECEIPT_ERROR_INVALID,
  PD_RECEIPT_ERROR_WRITE,
} PdReceiptError;

/**
 * PdReceiptLine:
 * @label: what the amount is (`REPCharge`, `Meter fees`)
 * @amount: the amount, exact, in the scale it came in
 *
 * One line of the charges that make up a sale.
 */
typedef struct
{
  char    *label;
  PdMoney  amount;
} PdReceiptLine;

/**
 * PdReceipt:
 * @kind: a vend, a top-up or a bill payment
 * @provider: the provider's display name ("PawaCard")
 * @merchant: (nullable): the merchant's name for the account
 * @account: (nullable): the account at the provider (vendor name, phone)
 * @token: (nullable): the electricity token, digits only
 * @number: (nullable): the meter, postpaid account or phone number
 * @customer_name: (nullable): the name the provider has for the customer
 * @units: (nullable): the energy bought, in kWh, as the provider wrote it
 * @amount: what the customer paid
 * @fees: (nullable): the provider's fees on top; unset when none
 * @charges: (element-type PdReceiptLine): what the amount is made of,
 *   when the provider says (PawaCard's `fixed` charges, EnayaPay's meter and
 *   water fees); may be empty
 * @receipt_number: (nullable): the provider's receipt number
 * @reference: the merchant's reference of the sale
 * @date: when the sale was made, Unix seconds, UTC
 * @timezone: the IANA time zone the date is shown in
 *
 * What a printed receipt says. Made from a completed transaction with
 * pd_receipt_new_from_transaction(), shown with pd_receipt_to_text() and
 * printed with pd_receipt_render() or pd_receipt_write_pdf().
 */
typedef struct
{
  PdTransactionKind  kind;
  char              *provider;
  char              *merchant;
  char              *account;
  char              *token;
  char              *number;
  char              *customer_name;
  char              *units;
  PdMoney            amount;
  PdMoney            fees;
  GPtrArray         *charges;
  char              *receipt_number;
  char              *reference;
  gint64             date;
  char              *timezone;
} PdReceipt;

/* An A6 page, in points: a receipt fits on a quarter of an A4 sheet. */
#define PD_RECEIPT_PAGE_WIDTH  297.64
#define PD_RECEIPT_PAGE_HEIGHT 419.53

#define PD_TYPE_RECEIPT (pd_receipt_get_type ())

GQuark      pd_receipt_error_quark          (void);
GType       pd_receipt_get_type             (void) G_GNUC_CONST;

PdReceipt  *pd_receipt_new_from_transaction (const PdTransaction  *transaction,
                                             const PdAccount      *account,
                                             GError              **error);
PdReceipt  *pd_receipt_copy                 (const PdReceipt      *self);
void        pd_receipt_free                 (PdReceipt            *self);

char       *pd_receipt_format_token         (const char           *token);
char       *pd_receipt_format_date          (const PdReceipt      *self);
const char *pd_receipt_get_title            (const PdReceipt      *self);
char       *pd_receipt_to_text              (const PdReceipt      *self);
void        pd_receipt_render               (const PdReceipt      *self,
                                             cairo_t              *cr,
                                             double                width,
                                             double                height);
gboolean    pd_receipt_write_pdf            (const PdReceipt      *self,
                                             const char           *path,
                                             GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdReceipt, pd_receipt_free)

G_END_DECLS

/* pd-zengapay-webhook.h - checking ZengaPay webhook events and applying them to the store
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-records.h"
#include "pd-store.h"

G_BEGIN_DECLS

/**
 * PD_ZENGAPAY_SIGNATURE_HEADER:
 *
 * The header a ZengaPay webhook request carries its signature in.
 */
#define PD_ZENGAPAY_SIGNATURE_HEADER "X-ZENGAPAY-SIGNATURE"

#define PD_ZENGAPAY_WEBHOOK_ERROR (pd_zengapay_webhook_error_quark ())

/**
 * PdZengapayWebhookError:
 * @PD_ZENGAPAY_WEBHOOK_ERROR_NO_SECRET: the account has no secret hash to
 *   check signatures with
 * @PD_ZENGAPAY_WEBHOOK_ERROR_NO_SIGNATURE: the event came without an
 *   `X-ZENGAPAY-SIGNATURE`
 * @PD_ZENGAPAY_WEBHOOK_ERROR_BAD_SIGNATURE: the signature does not match
 *   the body: it was not sent by ZengaPay, or it was changed on the way
 * @PD_ZENGAPAY_WEBHOOK_ERROR_MALFORMED: the body is not a webhook event
 * @PD_ZENGAPAY_WEBHOOK_ERROR_UNKNOWN_EVENT: an event the document does not
 *   describe
 * @PD_ZENGAPAY_WEBHOOK_ERROR_WRONG_ACCOUNT: the account is not a ZengaPay
 *   account
 *
 * Stable error codes of the webhook domain.
 */
typedef enum
{
  PD_ZENGAPAY_WEBHOOK_ERROR_NO_SECRET,
  PD_ZENGAPAY_WEBHOOK_ERROR_NO_SIGNATURE,
  PD_ZENGAPAY_WEBHOOK_ERROR_BAD_SIGNATURE,
  PD_ZENGAPAY_WEBHOOK_ERROR_MALFORMED,
  PD_ZENGAPAY_WEBHOOK_ERROR_UNKNOWN_EVENT,
  PD_ZENGAPAY_WEBHOOK_ERROR_WRONG_ACCOUNT,
} PdZengapayWebhookError;

/**
 * PdZengapayWebhookEvent:
 * @event: the event's name, e.g. `collection.success`
 * @transaction: the transaction it reports, in the state it reports
 *
 * A webhook event, read.
 */
typedef struct
{
  char          *event;
  PdTransaction *transaction;
} PdZengapayWebhookEvent;

#define PD_TYPE_ZENGAPAY_WEBHOOK_EVENT (pd_zengapay_webhook_event_get_type ())

GQuark                  pd_zengapay_webhook_error_quark        (void);

GType                   pd_zengapay_webhook_event_get_type     (void) G_GNUC_CONST;
PdZengapayWebhookEvent *pd_zengapay_webhook_event_copy         (const PdZengapayWebhookEvent *self);
void                    pd_zengapay_webhook_event_free         (PdZengapayWebhookEvent       *self);

char                   *pd_zengapay_webhook_sign               (const char                   *secret_hash,
                                                                const char                   *body,
                                                                gsize                         length);
gboolean                pd_zengapay_webhook_verify             (const char                   *secret_hash,
                                                                const char                   *signature,
                                                                const char                   *body,
                                                                gsize                         length,
                                                                GError                      **error);
PdZengapayWebhookEvent *pd_zengapay_webhook_parse              (const char                   *body,
                                                                gsize                         length,
                                                                const char                   *timezone,
                                                                GError                      **error);
gboolean                pd_zengapay_webhook_read_capture       (const char                   *text,
                                                                gsize                         length,
                                                                char                        **signature_out,
                                                                gsize                        *body_offset_out,
                                                                gsize                        *body_length_out,
                                                                GError                      **error);

PdTransaction          *pd_zengapay_webhook_apply              (PdStore                      *store,
                                                                gint64                        account_id,
                                                                const char                   *secret_hash,
                                                                const char                   *signature,
                                                                const char                   *body,
                                                                gsize                         length,
                                                                GError                      **error);
PdTransaction          *pd_zengapay_webhook_import             (PdStore                      *store,
                                                                gint64                        account_id,
                                                                const char                   *secret_hash,
                                                                const char                   *capture,
                                                                gsize                         length,
                                                                GError                      **error);
void                    pd_zengapay_webhook_import_file_async  (PdStore                      *store,
                                                                gint64                        account_id,
                                                                const char                   *secret_hash,
                                                                GFile                        *file,
                                                                GCancellable                 *cancellable,
                                                                GAsyncReadyCallback           callback,
                                                                gpointer                      user_data);
PdTransaction          *pd_zengapay_webhook_import_file_finish (GAsyncResult                 *result,
                                                                GError                      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdZengapayWebhookEvent, pd_zengapay_webhook_event_free)

G_END_DECLS

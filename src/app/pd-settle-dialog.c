/* pd-settle-dialog.c - say by hand what became of a payment nobody can look up
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * A money movement whose answer was lost, on a provider that can neither
 * replay it nor look it up (EoneoPay, EnayaPay), stays "checking with the
 * provider" until a person has checked and says what happened: it went
 * through, or it did not. Nothing is sent either way; the note goes to the
 * audit trail (pd_payments_resolve_async()).
 */

#include <string.h>

#include <glib/gi18n.h>

#include "pd-format.h"
#include "pd-settle-dialog.h"

#define PLACEHOLDER_PREFIX "paydesk:"

/**
 * pd_settle_dialog_find_entry:
 * @payments: what moves money
 * @transaction: a transaction row
 *
 * The outbox entry behind @transaction when it is one a person must
 * settle: sent from here, its outcome unknown, and its provider unable to
 * tell Paydesk by itself.
 *
 * Returns: (transfer full) (nullable): the entry, or %NULL
 */
PdOutboxEntry *
pd_settle_dialog_find_entry (PdPayments          *payments,
                             const PdTransaction *transaction)
{
  g_autoptr(PdOutboxEntry) entry = NULL;
  PdOperationKind kind;

  if (payments == NULL || transaction == NULL ||
      transaction->state != PD_TRANSACTION_STATE_INDETERMINATE ||
      !g_str_has_prefix (transaction->provider_id != NULL ? transaction->provider_id : "", PLACEHOLDER_PREFIX))
    return NULL;

  entry = pd_store_outbox_get_by_key (pd_payments_get_store (payments),
                                      transaction->provider_id + strlen (PLACEHOLDER_PREFIX), NULL);
  if (entry == NULL || entry->state != PD_OUTBOX_STATE_UNKNOWN ||
      !pd_operation_kind_from_string (entry->operation, &kind) ||
      pd_payments_get_reconcile_method (payments, entry->account_id, kind) != PD_RECONCILE_NONE)
    return NULL;

  return g_steal_pointer (&entry);
}

typedef struct
{
  PdWindow      *window;
  PdPayments    *payments;
  PdOutboxEntry *entry;
  GtkEditable   *note;
} Settle;

static void
settle_free (gpointer  pointer,
             GClosure *closure)
{
  Settle *settle = pointer;

  g_clear_object (&settle->window);
  g_clear_object (&settle->payments);
  g_clear_pointer (&settle->entry, pd_outbox_entry_free);
  g_free (settle);
}

static void
settled_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PdWindow) window = user_data;
  g_autoptr(PdOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  entry = pd_payments_resolve_finish (PD_PAYMENTS (object), result, &error);
  if (entry == NULL)
    {
      pd_window_show_error (window, error);
      return;
    }

  pd_window_add_toast (window, entry->state == PD_OUTBOX_STATE_CONFIRMED
                               ? _("Marked as gone through")
                               : _("Marked as not gone through"));
}

static void
note_changed_cb (GtkEditable      *note,
                 AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (note)));

  adw_message_dialog_set_response_enabled (dialog, "confirmed", text[0] != '\0');
  adw_message_dialog_set_response_enabled (dialog, "failed", text[0] != '\0');
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             Settle           *settle)
{
  g_autofree char *note = g_strstrip (g_strdup (gtk_editable_get_text (settle->note)));
  PdOutboxState state;

  if (g_strcmp0 (response, "confirmed") == 0)
    state = PD_OUTBOX_STATE_CONFIRMED;
  else if (g_strcmp0 (response, "failed") == 0)
    state = PD_OUTBOX_STATE_FAILED;
  else
    return;

  if (note[0] == '\0')
    return;

  pd_payments_resolve_async (settle->payments, settle->entry->id, state, note, NULL,
                             settled_cb, g_object_ref (settle->window));
}

/**
 * pd_settle_dialog_new:
 * @window: the window
 * @payments: what moves money
 * @entry: the entry, from pd_settle_dialog_find_entry()
 * @transaction: its row
 *
 * Returns: (transfer floating): an #AdwMessageDialog over @window; present it
 */
GtkWidget *
pd_settle_dialog_new (PdWindow            *window,
                      PdPayments          *payments,
                      const PdOutboxEntry *entry,
                      const PdTransaction *transaction)
{
  const char *provider = pd_provider_get_display_name (transaction->provider);
  g_autofree char *amount = pd_format_money (&transaction->amount);
  g_autofree char *date = pd_format_date_time (entry->created_at);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkWidget *note;
  Settle *settle;

  g_return_val_if_fail (PD_IS_WINDOW (window), NULL);
  g_return_val_if_fail (PD_IS_PAYMENTS (payments), NULL);

  /* Translators: %s is an amount, "AUD 42.50" */
  heading = g_strdup_printf (_("What Became of %s?"), amount);
  /* Translators: %s: the kind of movement, its amount, when, the provider (three times) */
  body = g_strdup_printf (_("%s of %s, sent on %s: its answer was lost, and %s offers no way to look it "
                            "up. Check with %s (its dashboard or support) whether it went through, then "
                            "say so here. Nothing is sent either way.\n\nReference: %s"),
                          pd_transaction_kind_get_label (transaction->kind), amount, date, provider, provider,
                          entry->reference);

  dialog = adw_message_dialog_new (GTK_WINDOW (window), heading, body);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "failed", _("It Did _Not Go Through"),
                                    "confirmed", _("It _Went Through"),
                                    NULL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "failed", FALSE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "confirmed", FALSE);

  note = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (note), _("What the provider said, such as a ticket number"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What the provider said"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), note);

  settle = g_new0 (Settle, 1);
  settle->window = g_object_ref (window);
  settle->payments = g_object_ref (payments);
  settle->entry = pd_outbox_entry_copy (entry);
  settle->note = GTK_EDITABLE (note);

  g_signal_connect_object (note, "changed", G_CALLBACK (note_changed_cb), dialog, 0);
  /* What the dialog holds goes with its handler, when it is disposed. */
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), settle, settle_free, 0);

  return dialog;
}

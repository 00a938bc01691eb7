/* pd-refund-dialog.c - refund a charge, in full or in part, once
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The dialog shows what was charged, what is already refunded (the
 * charge's confirmed refunds in the store), what is pending (refunds of
 * it in the outbox not settled yet) and what is still refundable; the
 * amount typed is read exactly, in the currency's decimals, and capped at
 * what is left. The confirmation says what moves, to whom, through which
 * account and in which currency.
 *
 * The idempotency key and the reference are made once per dialog, and the
 * Refund button is made insensitive before the submit starts: pressing it
 * again sends nothing, and a second submit of this dialog could only find
 * the same outbox entry. An unknown outcome is shown as "checking with the
 * provider" and never offered again: PdPayments reconciles it, and its
 * entry-changed signal brings the outcome here and to the window.
 */

#include <string.h>

#include <glib/gi18n.h>

#include "pd-format.h"
#include "pd-refund-dialog-private.h"

/* How often to look for the entry while the request is out, to show the
 * pending row at once. */
#define APPEAR_INTERVAL_MS 100

G_DEFINE_FINAL_TYPE (PdRefundDialog, pd_refund_dialog, ADW_TYPE_WINDOW)

static PdStore *
get_store (PdRefundDialog *self)
{
  return pd_payments_get_store (self->payments);
}

/* Figures */

static gboolean
add_to (PdMoney       *sum,
        const PdMoney *amount)
{
  if (!pd_money_is_set (amount) || g_strcmp0 (amount->currency, sum->currency) != 0)
    return FALSE;

  return pd_money_add (sum, amount, sum, NULL);
}

static gboolean
is_open (PdTransactionState state)
{
  return state == PD_TRANSACTION_STATE_PENDING || state == PD_TRANSACTION_STATE_INDETERMINATE;
}

/* Reads the charge and its refunds from the store again: charged, already
 * refunded, pending and what is left. */
static gboolean
load_figures (PdRefundDialog  *self,
              GError         **error)
{
  PdStore *store = get_store (self);
  g_autoptr(PdTransaction) charge = NULL;
  g_autoptr(GPtrArray) refunds = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  const char *currency;
  guint exponent;
  int cmp = 0;

  charge = pd_store_get_transaction (store, self->charge->id, error);
  if (charge == NULL)
    return FALSE;
  g_clear_pointer (&self->charge, pd_transaction_free);
  self->charge = g_steal_pointer (&charge);

  currency = self->charge->amount.currency;
  exponent = pd_currency_exponent (currency);
  if (!pd_money_rescale (&self->charge->amount, MAX (exponent, self->charge->amount.scale), &self->charged, error))
    return FALSE;
  pd_money_init (&self->refunded, 0, self->charged.scale, currency);
  pd_money_init (&self->pending, 0, self->charged.scale, currency);

  /* Already refunded: the confirmed refunds of the charge, or what the
   * provider says of the charge if it knows of more. */
  if (!pd_store_list_refunds (store, self->charge->account_id, self->charge->provider_id, &refunds, error))
    return FALSE;
  for (guint i = 0; i < refunds->len; i++)
    {
      const PdTransaction *refund = g_ptr_array_index (refunds, i);

      if (refund->state == PD_TRANSACTION_STATE_SUCCEEDED)
        add_to (&self->refunded, &refund->amount);
    }
  if (pd_money_is_set (&self->charge->amount_refunded) &&
      pd_money_compare (&self->charge->amount_refunded, &self->refunded, &cmp, NULL) && cmp > 0)
    pd_money_rescale (&self->charge->amount_refunded, self->charged.scale, &self->refunded, NULL);

  /* Pending: refunds of the charge in the outbox whose outcome is not
   * known yet, or that the provider still reports pending. */
  if (!pd_store_outbox_list (store, self->charge->account_id,
                             PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_QUEUED) |
                             PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_SENT) |
                             PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_UNKNOWN) |
                             PD_OUTBOX_STATE_BIT (PD_OUTBOX_STATE_CONFIRMED),
                             &entries, error))
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      const PdOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (entry->operation, "refund") != 0 ||
          g_strcmp0 (entry->target_provider_id, self->charge->provider_id) != 0)
        continue;

      if (entry->state == PD_OUTBOX_STATE_CONFIRMED)
        {
          g_autoptr(PdTransaction) row = NULL;

          if (entry->transaction_id != 0)
            row = pd_store_get_transaction (store, entry->transaction_id, NULL);
          if (row == NULL || !is_open (row->state))
            continue;
        }

      add_to (&self->pending, &entry->amount);
    }

  if (!pd_money_subtract (&self->charged, &self->refunded, &self->refundable, error) ||
      !pd_money_subtract (&self->refundable, &self->pending, &self->refundable, error))
    return FALSE;
  if (pd_money_sign (&self->refundable) < 0)
    pd_money_init (&self->refundable, 0, self->charged.scale, currency);

  /* A provider that refunds only whole: all of it, or nothing. */
  if (self->refunds == PD_REFUNDS_FULL &&
      (pd_money_sign (&self->refunded) > 0 || pd_money_sign (&self->pending) > 0))
    pd_money_init (&self->refundable, 0, self->charged.scale, currency);

  return TRUE;
}

static void
set_figure (GtkLabel      *label,
            const PdMoney *amount)
{
  g_autofree char *text = pd_format_money (amount);

  gtk_label_set_text (label, text);
}

static void
show_figures (PdRefundDialog *self)
{
  g_autofree char *date = pd_format_date (self->charge->created_at);
  g_autofree char *description = NULL;

  set_figure (self->charged_label, &self->charged);
  set_figure (self->refunded_label, &self->refunded);
  set_figure (self->pending_label, &self->pending);
  set_figure (self->refundable_label, &self->refundable);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->charge_group), self->customer);
  /* Translators: under the customer's name: the day of the charge, its
   * account and provider */
  description = g_strdup_printf (_("Charged on %s through %s (%s)"), date, self->account_label,
                                 pd_provider_get_display_name (self->charge->provider));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->charge_group), description);
}

/* Who gets the money back, in words: never a raw id. */
static char *
dup_customer (PdRefundDialog *self)
{
  const PdTransaction *t = self->charge;

  if (t->customer_name != NULL && t->customer_name[0] != '\0')
    return g_strdup (t->customer_name);

  if (t->customer_provider_id != NULL)
    {
      g_autoptr(PdCustomer) customer = pd_store_get_customer (get_store (self), t->account_id,
                                                              t->customer_provider_id, NULL);

      if (customer != NULL && customer->name != NULL && customer->name[0] != '\0')
        return g_strdup (customer->name);
    }

  if (t->phone != NULL && t->phone[0] != '\0')
    return g_strdup (t->phone);
  if (t->email != NULL && t->email[0] != '\0')
    return g_strdup (t->email);
  if (t->card_last4 != NULL && t->card_last4[0] != '\0')
    /* Translators: who is refunded when only the card is known */
    return g_strdup_printf (_("the holder of the card ending %s"), t->card_last4);

  return g_strdup (_("the customer who paid"));
}

/* The form */

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* The amount to refund, exact, in the currency's decimals; or FALSE with
 * a sentence saying what is wrong with what was typed. */
static gboolean
read_amount (PdRefundDialog  *self,
             PdMoney         *out,
             char           **problem)
{
  g_autofree char *text = entry_text (self->amount_row);
  g_autofree char *left = pd_format_money (&self->refundable);
  const char *currency = self->charged.currency;
  guint exponent = pd_currency_exponent (currency);
  PdMoney amount;
  int cmp = 0;

  *problem = NULL;

  if (gtk_switch_get_active (self->full_switch))
    {
      *out = self->refundable;
      return pd_money_sign (out) > 0;
    }

  if (text[0] == '\0')
    return FALSE;

  if (strpbrk (text, "eE") != NULL || !pd_money_parse (text, currency, &amount, NULL))
    {
      *problem = g_strdup (_("Write the amount as digits, with a point before the decimals, such as 12.50."));
      return FALSE;
    }

  if (amount.scale > exponent && !pd_money_rescale (&amount, exponent, &amount, NULL))
    {
      *problem = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%s amounts have at most %u decimal.",
                                               "%s amounts have at most %u decimals.",
                                               exponent),
                                  currency, exponent);
      return FALSE;
    }
  pd_money_rescale (&amount, MAX (exponent, amount.scale), &amount, NULL);

  if (pd_money_sign (&amount) <= 0)
    {
      *problem = g_strdup (_("The amount must be more than zero."));
      return FALSE;
    }

  if (!pd_money_compare (&amount, &self->refundable, &cmp, NULL) || cmp > 0)
    {
      /* Translators: %s is what is left to refund, "GHS 75.00" */
      *problem = g_strdup_printf (_("At most %s is left to refund."), left);
      return FALSE;
    }

  *out = amount;
  return TRUE;
}

static void
update_form (PdRefundDialog *self)
{
  g_autofree char *problem = NULL;
  gboolean full = gtk_switch_get_active (self->full_switch);
  gboolean nothing_left = pd_money_sign (&self->refundable) <= 0;
  PdMoney amount;
  gboolean ok;

  gtk_widget_set_sensitive (GTK_WIDGET (self->amount_row), !full && !nothing_left);
  if (full)
    {
      g_autofree char *plain = pd_money_to_plain (&self->refundable);

      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->amount_row)), plain) != 0)
        gtk_editable_set_text (GTK_EDITABLE (self->amount_row), plain);
    }

  ok = !nothing_left && read_amount (self, &amount, &problem);

  gtk_label_set_text (self->amount_message, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->amount_message), problem != NULL);
  if (problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->amount_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->amount_row), "error");

  gtk_widget_set_visible (GTK_WIDGET (self->form_message), nothing_left);
  if (nothing_left)
    gtk_label_set_text (self->form_message,
                        pd_money_sign (&self->pending) > 0
                        ? _("Nothing is left to refund until the pending refunds are settled.")
                        : _("Nothing is left to refund on this charge."));

  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "form"))
    gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), ok);
}

static void
form_changed_cb (PdRefundDialog *self)
{
  update_form (self);
}

/* Pages */

static void
show_page (PdRefundDialog *self,
           const char     *name)
{
  gboolean form = g_str_equal (name, "form");
  gboolean confirm = g_str_equal (name, "confirm");
  gboolean result = g_str_equal (name, "result");

  gtk_stack_set_visible_child_name (self->stack, name);

  gtk_button_set_label (self->back_button, confirm ? _("_Back") : _("_Cancel"));
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), !result && !g_str_equal (name, "sending"));

  gtk_widget_set_visible (GTK_WIDGET (self->next_button), form || confirm || result);
  gtk_widget_remove_css_class (GTK_WIDGET (self->next_button), "destructive-action");
  gtk_widget_add_css_class (GTK_WIDGET (self->next_button), "suggested-action");
  if (form)
    {
      gtk_button_set_label (self->next_button, _("_Continue"));
      update_form (self);
    }
  else if (result)
    {
      gtk_button_set_label (self->next_button, _("_Done"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), TRUE);
    }
}

static void
show_confirmation (PdRefundDialog *self)
{
  g_autofree char *amount = pd_format_money (&self->operation->amount);
  g_autofree char *charged = pd_format_money (&self->charged);
  g_autofree char *date = pd_format_date (self->charge->created_at);
  g_autofree char *title = NULL;
  g_autofree char *what = NULL;
  g_autofree char *description = NULL;
  g_autofree char *button = NULL;
  const char *provider = pd_provider_get_display_name (self->charge->provider);
  const char *reason = self->operation->description;

  /* Translators: the confirmation's question; %s is an amount, "GHS 12.50" */
  title = g_strdup_printf (_("Refund %s?"), amount);
  /* Translators: what moves, to whom, for which charge, through which
   * account and provider, in which currency */
  what = g_strdup_printf (_("%s will be returned to %s for the charge of %s on %s, through %s (%s), in %s."),
                          amount, self->customer, charged, date, self->account_label, provider,
                          self->operation->amount.currency);
  if (reason != NULL)
    /* Translators: the confirmation, then the reason given */
    description = g_strdup_printf (_("%s\nReason: “%s”\n\nA refund cannot be taken back."), what, reason);
  else
    description = g_strdup_printf (_("%s\n\nA refund cannot be taken back."), what);

  adw_status_page_set_title (self->confirm_page, title);
  adw_status_page_set_description (self->confirm_page, description);

  show_page (self, "confirm");
  /* Translators: the button that sends the refund; %s is an amount */
  button = g_strdup_printf (_("_Refund %s"), amount);
  gtk_button_set_label (self->next_button, button);
  gtk_widget_remove_css_class (GTK_WIDGET (self->next_button), "suggested-action");
  gtk_widget_add_css_class (GTK_WIDGET (self->next_button), "destructive-action");
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), !pd_payment_flow_get_submitted (self->flow));
}

static PdPaymentFlowFlags
describe_entry (const PdOutboxEntry  *entry,
                const PdTransaction  *row,
                const char          **icon,
                char                **title,
                char                **description,
                gpointer              user_data)
{
  PdRefundDialog *self = user_data;
  const char *provider = pd_provider_get_display_name (self->charge->provider);
  g_autofree char *amount = pd_format_money (&entry->amount);

  switch (entry->state)
    {
    case PD_OUTBOX_STATE_CONFIRMED:
      if (row != NULL && is_open (row->state))
        {
          *icon = "content-loading-symbolic";
          *title = g_strdup (_("Refund Pending"));
          /* Translators: %s: amount, provider */
          *description = g_strdup_printf (_("%s accepted the refund of %s and is still processing it. "
                                            "Its row in Refunds turns confirmed or failed by itself."),
                                          provider, amount);
        }
      else
        {
          *icon = "emblem-ok-symbolic";
          *title = g_strdup (_("Refund Confirmed"));
          /* Translators: %s: amount, customer, provider */
          *description = g_strdup_printf (_("%s is on its way back to %s. %s confirmed it."),
                                          amount, self->customer, provider);
        }
      break;

    case PD_OUTBOX_STATE_FAILED:
      *icon = "dialog-error-symbolic";
      *title = g_strdup (_("Refund Refused"));
      /* Translators: %s is the provider's own message */
      *description = g_strdup_printf (_("No money moved. %s"),
                                      entry->error_message != NULL ? entry->error_message : "");
      break;

    case PD_OUTBOX_STATE_UNKNOWN:
      *icon = "content-loading-symbolic";
      *title = g_strdup (_("Checking with the Provider"));
      if (pd_payments_get_reconcile_method (self->payments, entry->account_id,
                                            PD_OPERATION_REFUND) == PD_RECONCILE_NONE)
        /* Translators: %s is a provider's name */
        *description = g_strdup_printf (_("The answer of %s was lost, so whether the refund was made is not "
                                          "known, and %s offers no way to look it up. Check with %s; "
                                          "Paydesk will never send it again on its own."),
                                        provider, provider, provider);
      else
        /* Translators: %s is a provider's name */
        *description = g_strdup_printf (_("The answer of %s was lost, so whether the refund was made is not "
                                          "known yet. Paydesk is checking with %s and will never send it "
                                          "again on its own: its row in Refunds shows the outcome."),
                                        provider, provider);
      break;

    case PD_OUTBOX_STATE_QUEUED:
    case PD_OUTBOX_STATE_SENT:
    default:
      *icon = "content-loading-symbolic";
      *title = g_strdup (_("Waiting for an Answer"));
      /* Translators: %s: amount, provider */
      *description = g_strdup_printf (_("The refund of %s is on its way to %s."), amount, provider);
      break;
    }

  return PD_PAYMENT_FLOW_NONE;
}

/* Sending */

static void
outcome_cb (PdRefundDialog *self)
{
  g_clear_handle_id (&self->appear_source, g_source_remove);
  show_page (self, "result");
}

/* The row is on disk before the request leaves: show it in the window at
 * once, pending, while the provider is asked. */
static gboolean
appear_cb (gpointer user_data)
{
  PdRefundDialog *self = user_data;
  g_autoptr(PdOutboxEntry) entry = NULL;

  entry = pd_store_outbox_get_by_key (get_store (self), pd_payment_flow_get_idempotency_key (self->flow), NULL);
  if (entry == NULL || entry->transaction_id == 0)
    return G_SOURCE_CONTINUE;

  self->appear_source = 0;
  self->row_shown = TRUE;
  pd_window_reload (self->window);

  return G_SOURCE_REMOVE;
}

static PdOperation *
build_operation (PdRefundDialog *self)
{
  g_autoptr(PdOperation) operation = NULL;
  g_autofree char *reason = entry_text (self->reason_row);
  g_autofree char *problem = NULL;

  operation = pd_operation_new (PD_OPERATION_REFUND, self->charge->account_id);
  operation->idempotency_key = g_strdup (pd_payment_flow_get_idempotency_key (self->flow));
  operation->reference = g_strdup (self->reference);
  operation->target_provider_id = g_strdup (self->charge->provider_id);
  if (!read_amount (self, &operation->amount, &problem))
    return NULL;
  if (reason[0] != '\0')
    operation->description = g_steal_pointer (&reason);

  return g_steal_pointer (&operation);
}

static void
send (PdRefundDialog *self)
{
  if (!pd_payment_flow_submit (self->flow, self->operation, GTK_WIDGET (self->next_button)))
    return;

  show_page (self, "sending");
  self->appear_source = g_timeout_add (APPEAR_INTERVAL_MS, appear_cb, self);
}

static void
next_clicked_cb (PdRefundDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_str_equal (page, "form"))
    {
      if (!gtk_widget_get_sensitive (GTK_WIDGET (self->next_button)))
        return;

      g_clear_pointer (&self->operation, pd_operation_free);
      self->operation = build_operation (self);
      if (self->operation != NULL)
        show_confirmation (self);
    }
  else if (g_str_equal (page, "confirm"))
    send (self);
  else if (g_str_equal (page, "result"))
    gtk_window_close (GTK_WINDOW (self));
}

static void
back_clicked_cb (PdRefundDialog *self)
{
  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "confirm") &&
      !pd_payment_flow_get_submitted (self->flow))
    show_page (self, "form");
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* GObject */

static void
pd_refund_dialog_dispose (GObject *object)
{
  PdRefundDialog *self = (PdRefundDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->appear_source, g_source_remove);
  /* A refund still out answers into a flow that touches nothing. */
  if (self->flow != NULL)
    g_object_run_dispose (G_OBJECT (self->flow));
  g_clear_object (&self->flow);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_REFUND_DIALOG);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->payments);
  g_clear_object (&self->window);

  G_OBJECT_CLASS (pd_refund_dialog_parent_class)->dispose (object);
}

static void
pd_refund_dialog_finalize (GObject *object)
{
  PdRefundDialog *self = (PdRefundDialog *)object;

  g_clear_pointer (&self->charge, pd_transaction_free);
  g_clear_pointer (&self->operation, pd_operation_free);
  g_free (self->account_label);
  g_free (self->customer);
  g_free (self->reference);

  G_OBJECT_CLASS (pd_refund_dialog_parent_class)->finalize (object);
}

static void
pd_refund_dialog_class_init (PdRefundDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_refund_dialog_dispose;
  object_class->finalize = pd_refund_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/paydesk/Paydesk/pd-refund-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdRefundDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PdRefundDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, PdRefundDialog, next_button);
  gtk_widget_class_bind_template_child (widget_class, PdRefundDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, PdRefundDialog, charge_group);
  gtk_widget_class_bind_template_child (widget_class, PdRefundDialog, charged_label);
  gtk_widget_class_bind_template_child (widget_class, PdRefundDialog, refunded_label);
  gtk_widget_class_bind_template_child (widget_class, PdRefundDialog, pending_label);
  gtk_widget_class_bind_template_child (widget_class, PdRefundDialog, refundable_label);
  gtk_widget_class_bind_template_child (widget_class, PdRefundDialog, full_row);
  gtk_widget_class_bind_template_child (widget_class, PdRefundDialog, full_switch);
  gtk_widget_class_bind_template_child (widget_class, PdRefundDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, PdRefundDialog, amount_message);
  gtk_widget_class_bind_template_child (widget_class, PdRefundDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, PdRefundDialog, form_message);
  gtk_widget_class_bind_template_child (widget_class, PdRefundDialog, confirm_page);
  gtk_widget_class_bind_template_child (widget_class, PdRefundDialog, sending_page);
  gtk_widget_class_bind_template_child (widget_class, PdRefundDialog, result_page);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pd_refund_dialog_init (PdRefundDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->reference = pd_outbox_new_reference ();
}

/**
 * pd_refund_dialog_can_refund:
 * @charge: a transaction
 *
 * Whether @charge is a charge (or payment) that went through and that its
 * provider can refund, with something left to refund as far as the
 * record says.
 *
 * Returns: %TRUE if "Refund…" may be offered for @charge
 */
gboolean
pd_refund_dialog_can_refund (const PdTransaction *charge)
{
  PdRefunds refunds;
  int cmp = -1;

  if (charge == NULL ||
      (charge->kind != PD_TRANSACTION_KIND_CHARGE && charge->kind != PD_TRANSACTION_KIND_PAYMENT))
    return FALSE;

  refunds = pd_payments_get_refunds (charge->provider);
  if (refunds == PD_REFUNDS_NONE)
    return FALSE;

  if (charge->state == PD_TRANSACTION_STATE_SUCCEEDED)
    return TRUE;

  if (charge->state != PD_TRANSACTION_STATE_PARTIALLY_REFUNDED || refunds != PD_REFUNDS_PARTIAL)
    return FALSE;

  return !pd_money_is_set (&charge->amount_refunded) ||
         (pd_money_compare (&charge->amount_refunded, &charge->amount, &cmp, NULL) && cmp < 0);
}

/**
 * pd_refund_dialog_new:
 * @window: the window the dialog belongs to
 * @payments: what sends the refund
 * @charge: the charge to refund
 * @account_label: the label of the charge's account
 *
 * Returns: (transfer floating): a dialog, transient for @window; present it
 */
PdRefundDialog *
pd_refund_dialog_new (PdWindow            *window,
                      PdPayments          *payments,
                      const PdTransaction *charge,
                      const char          *account_label)
{
  PdRefundDialog *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *amount_title = NULL;

  g_return_val_if_fail (PD_IS_WINDOW (window), NULL);
  g_return_val_if_fail (PD_IS_PAYMENTS (payments), NULL);
  g_return_val_if_fail (charge != NULL, NULL);

  self = g_object_new (PD_TYPE_REFUND_DIALOG,
                       "transient-for", window,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->window = g_object_ref (window);
  self->payments = g_object_ref (payments);
  self->charge = pd_transaction_copy (charge);
  self->account_label = g_strdup (account_label != NULL && account_label[0] != '\0'
                                  ? account_label : pd_provider_get_display_name (charge->provider));
  self->refunds = pd_payments_get_refunds (charge->provider);
  self->customer = dup_customer (self);

  self->flow = pd_payment_flow_new (window, payments, self->result_page, _("Not Refunded"), describe_entry, self);
  g_signal_connect_swapped (self->flow, "outcome", G_CALLBACK (outcome_cb), self);

  adw_window_title_set_subtitle (self->window_title, self->customer);
  /* Translators: the title of the amount field, with its currency: "Amount (GHS)" */
  amount_title = g_strdup_printf (_("Amount (%s)"), charge->amount.currency);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->amount_row), amount_title);

  /* A provider that refunds only whole offers no part. */
  if (self->refunds == PD_REFUNDS_FULL)
    {
      g_autofree char *subtitle = NULL;

      /* Translators: %s is a provider's name */
      subtitle = g_strdup_printf (_("%s refunds a payment whole"), pd_provider_get_display_name (charge->provider));
      adw_action_row_set_subtitle (self->full_row, subtitle);
      gtk_widget_set_sensitive (GTK_WIDGET (self->full_switch), FALSE);
    }

  if (!load_figures (self, &error))
    {
      pd_window_show_error (window, error);
      pd_money_init (&self->refundable, 0, 0, charge->amount.currency);
    }
  else
    show_figures (self);

  show_page (self, "form");
  gtk_widget_grab_focus (GTK_WIDGET (self->full_switch));

  return self;
}

/**
 * pd_refund_dialog_get_entry:
 * @self: a dialog
 *
 * Returns: (transfer none) (nullable): the outbox entry of the refund, as
 *   last stored, once it was sent
 */
PdOutboxEntry *
pd_refund_dialog_get_entry (PdRefundDialog *self)
{
  g_return_val_if_fail (PD_IS_REFUND_DIALOG (self), NULL);

  return pd_payment_flow_get_entry (self->flow);
}

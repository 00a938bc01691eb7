/* pd-vend-dialog.c - sell an electricity token, once
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * "Sell Electricity…" through whichever account sells tokens: PawaCard
 * (Kenya Power) or EnayaPay (Sudan). For PawaCard the meter is checked
 * first — a number failing its Luhn check digit is refused here without a
 * request, then Kenya Power names the customer — and a meter that had a
 * token less than five minutes ago is shown as "try again at HH:MM", not
 * as a failure. EnayaPay pays with a card: its number and IPIN are asked
 * for now, put in the operation's secrets for this one request, and
 * cleared from the form once it is sent; nothing keeps or logs them.
 *
 * The operation and its idempotency key are made once per dialog and
 * the Sell button cannot be pressed twice. A completed sale opens its
 * receipt.
 */

#include <glib/gi18n.h>

#include "pd-format.h"
#include "pd-payment-flow.h"
#include "pd-vend-dialog.h"

struct _PdVendDialog
{
  AdwWindow            parent_instance;

  /* Template */
  AdwWindowTitle      *window_title;
  GtkButton           *back_button;
  GtkButton           *next_button;
  GtkSpinner          *checking_spinner;
  GtkStack            *stack;
  AdwComboRow         *account_row;
  AdwEntryRow         *meter_row;
  AdwActionRow        *customer_row;
  AdwPreferencesGroup *card_group;
  AdwEntryRow         *card_row;
  AdwEntryRow         *expiry_row;
  AdwEntryRow         *ipin_row;
  AdwEntryRow         *amount_row;
  GtkLabel            *throttle_label;
  GtkLabel            *form_message;
  AdwStatusPage       *confirm_page;
  AdwStatusPage       *result_page;
  GtkButton           *receipt_button;

  /* State */
  PdWindow            *window;
  PdPayments          *payments;
  PdPaymentFlow       *flow;
  GCancellable        *cancellable;
  GCancellable        *verify_cancellable;
  char                *verified_meter;
  char                *customer_name;
  PdOperation         *operation;
  PdMoney              amount;
  char                *meter;
  guint                throttle_source;
};

G_DEFINE_FINAL_TYPE (PdVendDialog, pd_vend_dialog, ADW_TYPE_WINDOW)

static const PdPaymentAccount *
selected_account (PdVendDialog *self)
{
  return pd_payment_flow_get_account (self->flow, adw_combo_row_get_selected (self->account_row));
}

static gboolean
is_pawacard (const PdPaymentAccount *account)
{
  return account != NULL && PD_IS_PAWACARD_CLIENT (account->provider);
}

/* The digits typed in @row; "" when it holds no number. */
static char *
digits_of (AdwEntryRow *row)
{
  char *digits = pd_format_read_digits (gtk_editable_get_text (GTK_EDITABLE (row)));

  return digits != NULL ? digits : g_strdup ("");
}

static gboolean
read_amount (PdVendDialog  *self,
             PdMoney       *out,
             char         **problem)
{
  const PdPaymentAccount *account = selected_account (self);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->amount_row))));

  *problem = NULL;
  if (account == NULL || text[0] == '\0')
    return FALSE;

  if (!pd_money_parse (text, pd_payment_account_get_currency (account), out, NULL) ||
      strchr (text, 'e') != NULL || strchr (text, 'E') != NULL)
    {
      *problem = g_strdup (_("Write the amount as digits, with a point before the decimals, such as 200."));
      return FALSE;
    }

  if (pd_money_sign (out) <= 0)
    {
      *problem = g_strdup (_("The amount must be more than zero."));
      return FALSE;
    }

  if (out->scale > (is_pawacard (account) ? 0 : 2))
    {
      *problem = g_strdup (is_pawacard (account)
                           ? _("Kenya Power sells tokens for whole shillings.")
                           : _("The amount can have at most two decimals."));
      return FALSE;
    }

  return TRUE;
}

/* The throttle */

static void update_form (PdVendDialog *self);

static gboolean
throttle_over_cb (gpointer user_data)
{
  PdVendDialog *self = user_data;

  self->throttle_source = 0;
  update_form (self);

  return G_SOURCE_REMOVE;
}

static char *
throttle_sentence (const char *meter,
                   GDateTime  *retry_at)
{
  g_autoptr(GDateTime) shown = NULL;
  g_autofree char *clock = NULL;

  /* A time shown to the minute is never earlier than the real one. */
  shown = g_date_time_add_seconds (retry_at, 59 - g_date_time_get_second (retry_at));
  clock = g_date_time_format (shown, "%H:%M");

  /* Translators: %s is a meter number, then a time such as 14:05 */
  return g_strdup_printf (_("Meter %s had a token less than five minutes ago, and Kenya Power sells "
                            "one token per meter every five minutes. Nothing was sold. "
                            "Try again at %s."), meter, clock);
}

/* Whether the meter is in its five minutes; says until when. */
static gboolean
check_throttle (PdVendDialog *self,
                const char   *meter)
{
  const PdPaymentAccount *account = selected_account (self);
  g_autoptr(GDateTime) retry_at = NULL;
  g_autofree char *sentence = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_clear_handle_id (&self->throttle_source, g_source_remove);

  if (account != NULL && meter != NULL && meter[0] != '\0')
    retry_at = pd_payment_account_dup_throttle_end (account, meter);

  gtk_widget_set_visible (GTK_WIDGET (self->throttle_label), retry_at != NULL);
  if (retry_at == NULL)
    return FALSE;

  sentence = throttle_sentence (meter, retry_at);
  gtk_label_set_text (self->throttle_label, sentence);
  self->throttle_source = g_timeout_add_seconds (g_date_time_difference (retry_at, now) / G_USEC_PER_SEC + 1,
                                                 throttle_over_cb, self);

  return TRUE;
}

/* The form */

static void
update_form (PdVendDialog *self)
{
  const PdPaymentAccount *account = selected_account (self);
  g_autofree char *meter = digits_of (self->meter_row);
  g_autofree char *problem = NULL;
  gboolean pawacard = is_pawacard (account);
  gboolean checking = gtk_widget_get_visible (GTK_WIDGET (self->checking_spinner));
  PdMoney amount;
  gboolean ok = account != NULL && !checking;

  ok = read_amount (self, &amount, &problem) && ok;

  if (meter[0] == '\0')
    ok = FALSE;
  else if (pawacard && strlen (meter) >= 11 && !pd_pawacard_meter_number_is_valid (meter))
    {
      g_free (problem);
      /* Translators: %s is a meter number */
      problem = g_strdup_printf (_("%s is not a Kenya Power meter number: its last digit does not "
                                   "match the others (the Luhn check). Check the number on the meter."),
                                 meter);
      ok = FALSE;
    }
  else if (pawacard && strlen (meter) < 11)
    ok = FALSE;
  else if (!pawacard && (strlen (meter) < 8 || strlen (meter) > 15))
    ok = FALSE;

  if (ok && pawacard && g_strcmp0 (meter, self->verified_meter) == 0 && check_throttle (self, meter))
    ok = FALSE;
  else if (!pawacard || g_strcmp0 (meter, self->verified_meter) != 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->throttle_label), FALSE);
      g_clear_handle_id (&self->throttle_source, g_source_remove);
    }

  if (!pawacard)
    {
      g_autofree char *card = digits_of (self->card_row);
      g_autofree char *expiry = digits_of (self->expiry_row);
      const char *ipin = gtk_editable_get_text (GTK_EDITABLE (self->ipin_row));

      ok = ok && strlen (card) >= 16 && strlen (card) <= 19 && strlen (expiry) == 4 && ipin[0] != '\0';
    }

  gtk_label_set_text (self->form_message, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->form_message), problem != NULL);

  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "form"))
    gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), ok);
}

static void
form_changed_cb (PdVendDialog *self)
{
  update_form (self);
}

static void
meter_changed_cb (PdVendDialog *self)
{
  g_autofree char *meter = digits_of (self->meter_row);

  if (g_strcmp0 (meter, self->verified_meter) != 0)
    {
      /* A check of the number as it was answers nothing now. */
      g_cancellable_cancel (self->verify_cancellable);
      if (gtk_widget_get_visible (GTK_WIDGET (self->checking_spinner)))
        {
          gtk_widget_set_visible (GTK_WIDGET (self->checking_spinner), FALSE);
          gtk_spinner_set_spinning (self->checking_spinner, FALSE);
        }
      g_clear_pointer (&self->verified_meter, g_free);
      g_clear_pointer (&self->customer_name, g_free);
      gtk_widget_set_visible (GTK_WIDGET (self->customer_row), FALSE);
    }

  update_form (self);
}

static void
account_changed_cb (PdVendDialog *self)
{
  const PdPaymentAccount *account = selected_account (self);
  g_autofree char *amount_title = NULL;

  if (account == NULL)
    return;

  adw_window_title_set_subtitle (self->window_title, account->account->label);
  gtk_widget_set_visible (GTK_WIDGET (self->card_group), !is_pawacard (account));

  /* Translators: the title of the amount field, with its currency: "Amount (KES)" */
  amount_title = g_strdup_printf (_("Amount (%s)"), pd_payment_account_get_currency (account));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->amount_row), amount_title);

  g_clear_pointer (&self->verified_meter, g_free);
  g_clear_pointer (&self->customer_name, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->customer_row), FALSE);
  update_form (self);
}

/* Pages */

static void
show_page (PdVendDialog *self,
           const char   *name)
{
  gboolean form = g_str_equal (name, "form");
  gboolean confirm = g_str_equal (name, "confirm");
  gboolean result = g_str_equal (name, "result");

  gtk_stack_set_visible_child_name (self->stack, name);

  gtk_button_set_label (self->back_button, confirm ? _("_Back") : _("_Cancel"));
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), !result);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), !g_str_equal (name, "sending"));

  gtk_widget_set_visible (GTK_WIDGET (self->next_button), form || confirm || result);
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
show_confirmation (PdVendDialog *self)
{
  const PdPaymentAccount *account = selected_account (self);
  g_autofree char *amount = pd_format_money (&self->amount);
  g_autofree char *from = pd_payment_account_dup_title (account);
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *button = NULL;
  g_autofree char *card = NULL;

  /* Translators: the confirmation's question; %s is an amount, "KES 200" */
  title = g_strdup_printf (_("Sell %s of Electricity?"), amount);

  if (is_pawacard (account))
    /* Translators: amount, meter, customer's name, account, currency */
    description = g_strdup_printf (_("A token for %s will be bought for meter %s, registered to %s, "
                                     "through %s, in %s. The customer pays %s."),
                                   amount, self->meter, self->customer_name, from,
                                   self->amount.currency, amount);
  else
    {
      g_autofree char *digits = digits_of (self->card_row);

      card = g_strdup (digits + strlen (digits) - 4);
      /* Translators: amount, meter, account, currency, last four digits of a card */
      description = g_strdup_printf (_("A token for %s will be bought for meter %s through %s, in %s, "
                                       "paid with the card ending in %s."),
                                     amount, self->meter, from, self->amount.currency, card);
    }

  adw_status_page_set_title (self->confirm_page, title);
  adw_status_page_set_description (self->confirm_page, description);

  /* Translators: the button that buys the token; %s is an amount */
  button = g_strdup_printf (_("_Sell for %s"), amount);
  show_page (self, "confirm");
  gtk_button_set_label (self->next_button, button);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), !pd_payment_flow_get_submitted (self->flow));
}

static PdPaymentFlowFlags
describe_entry (const PdOutboxEntry  *entry,
                const PdTransaction  *transaction,
                const char          **icon,
                char                **title,
                char                **description,
                gpointer              user_data)
{
  PdVendDialog *self = user_data;
  const PdPaymentAccount *account = selected_account (self);
  const char *provider = pd_provider_get_display_name (account->account->provider);
  g_autofree char *amount = pd_format_money (&self->amount);
  PdPaymentFlowFlags flags = PD_PAYMENT_FLOW_NONE;
  gboolean sold = FALSE;

  switch (entry->state)
    {
    case PD_OUTBOX_STATE_CONFIRMED:
      if (transaction != NULL && transaction->state == PD_TRANSACTION_STATE_SUCCEEDED)
        {
          *icon = "emblem-ok-symbolic";
          *title = g_strdup (_("Token Sold"));
          /* Translators: amount and meter */
          *description = g_strdup_printf (_("%s of electricity for meter %s. The receipt shows the token "
                                            "to give the customer."), amount, self->meter);
          sold = TRUE;
        }
      else if (transaction != NULL && transaction->state == PD_TRANSACTION_STATE_FAILED)
        {
          *icon = "dialog-error-symbolic";
          *title = g_strdup (_("Not Sold"));
          *description = g_strdup_printf (_("%s reported the sale failed. No money moved."), provider);
        }
      else
        {
          *icon = "content-loading-symbolic";
          *title = g_strdup (_("Sold, Waiting for the Token"));
          /* Translators: %s is a provider's name */
          *description = g_strdup_printf (_("%s accepted the sale and is waiting for the token. The receipt "
                                            "opens by itself when it comes."), provider);
          flags = PD_PAYMENT_FLOW_LOOK_AGAIN;
        }
      break;

    case PD_OUTBOX_STATE_FAILED:
      {
        g_autoptr(GDateTime) retry_at = pd_payment_account_dup_throttle_end (account, self->meter);

        if (retry_at != NULL)
          {
            g_autoptr(GDateTime) shown = g_date_time_add_seconds (retry_at, 59 - g_date_time_get_second (retry_at));
            g_autofree char *clock = g_date_time_format (shown, "%H:%M");

            *icon = "alarm-symbolic";
            /* Translators: %s is a time such as 14:05 */
            *title = g_strdup_printf (_("Try Again at %s"), clock);
            *description = throttle_sentence (self->meter, retry_at);
            /* Not a refusal: the page says when to try again. */
            flags = PD_PAYMENT_FLOW_NO_TOAST;
          }
        else
          {
            *icon = "dialog-error-symbolic";
            *title = g_strdup (_("Not Sold"));
            *description = g_strdup_printf (_("No money moved. %s"),
                                            entry->error_message != NULL ? entry->error_message : "");
          }
      }
      break;

    case PD_OUTBOX_STATE_UNKNOWN:
      *icon = "content-loading-symbolic";
      *title = g_strdup (_("Checking with the Provider"));
      /* Translators: %s is a provider's name */
      *description = g_strdup_printf (_("The answer of %s was lost, so whether the token was sold is not "
                                        "known yet. Paydesk is asking %s and will never send the sale again "
                                        "on its own: the row in Charges shows the outcome."),
                                      provider, provider);
      break;

    case PD_OUTBOX_STATE_QUEUED:
    case PD_OUTBOX_STATE_SENT:
    default:
      *icon = "content-loading-symbolic";
      *title = g_strdup (_("Sent, Waiting for an Answer"));
      *description = g_strdup_printf (_("The sale is on its way to %s."), provider);
      break;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->receipt_button), sold);

  return sold ? flags | PD_PAYMENT_FLOW_RECEIPT : flags;
}

static void
outcome_cb (PdVendDialog *self)
{
  show_page (self, "result");
}

static void
receipt_clicked_cb (PdVendDialog *self)
{
  pd_payment_flow_open_receipt (self->flow);
}

/* Selling */

static PdOperation *
build_operation (PdVendDialog *self)
{
  const PdPaymentAccount *account = selected_account (self);
  g_autoptr(PdOperation) operation = NULL;
  g_autofree char *problem = NULL;

  operation = pd_operation_new (PD_OPERATION_VEND, account->account->id);
  operation->idempotency_key = g_strdup (pd_payment_flow_get_idempotency_key (self->flow));
  if (!read_amount (self, &operation->amount, &problem))
    return NULL;
  self->amount = operation->amount;

  g_free (self->meter);
  self->meter = digits_of (self->meter_row);
  pd_operation_set_field (operation, "meter", self->meter);

  if (is_pawacard (account))
    pd_operation_set_field (operation, "customer_name", self->customer_name);
  else
    {
      g_autofree char *card = digits_of (self->card_row);
      g_autofree char *expiry = digits_of (self->expiry_row);

      pd_operation_set_field (operation, "card_expiry", expiry);
      pd_operation_set_secret (operation, "card_number", card);
      pd_operation_set_secret (operation, "ipin", gtk_editable_get_text (GTK_EDITABLE (self->ipin_row)));
    }

  return g_steal_pointer (&operation);
}

static void
sell (PdVendDialog *self)
{
  if (!pd_payment_flow_submit (self->flow, self->operation, GTK_WIDGET (self->next_button)))
    return;

  show_page (self, "sending");

  /* The card's secrets were needed for this one request only, and
   * PdPayments sends its own copy of the operation. */
  g_clear_pointer (&self->operation, pd_operation_free);

  /* Nothing of the card stays on screen or in the form's buffers. */
  gtk_editable_set_text (GTK_EDITABLE (self->ipin_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->card_row), "");
}

static void
continue_to_confirmation (PdVendDialog *self)
{
  g_clear_pointer (&self->operation, pd_operation_free);
  self->operation = build_operation (self);
  if (self->operation != NULL)
    show_confirmation (self);
}

static void
set_checking (PdVendDialog *self,
              gboolean      checking)
{
  gtk_widget_set_visible (GTK_WIDGET (self->checking_spinner), checking);
  gtk_spinner_set_spinning (self->checking_spinner, checking);
  update_form (self);
}

static void
meter_verified_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PdVendDialog) self = user_data;
  g_autoptr(PdPawacardCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;

  customer = pd_payment_accounts_verify_meter_finish (PD_PAYMENTS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_checking (self, FALSE);

  if (customer == NULL)
    {
      gtk_label_set_text (self->form_message, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->form_message), TRUE);
      return;
    }

  g_free (self->verified_meter);
  self->verified_meter = g_strdup (customer->number);
  g_free (self->customer_name);
  self->customer_name = g_strdup (customer->name);
  adw_action_row_set_subtitle (self->customer_row, customer->name);
  gtk_widget_set_visible (GTK_WIDGET (self->customer_row), TRUE);

  /* Kenya Power may write the number its own way; the form follows. */
  {
    g_autofree char *typed = digits_of (self->meter_row);

    if (g_strcmp0 (typed, customer->number) != 0)
      gtk_editable_set_text (GTK_EDITABLE (self->meter_row), customer->number);
  }

  update_form (self);
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->next_button)))
    continue_to_confirmation (self);
}

static void
next_clicked_cb (PdVendDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_str_equal (page, "form"))
    {
      const PdPaymentAccount *account = selected_account (self);
      g_autofree char *meter = digits_of (self->meter_row);

      if (!gtk_widget_get_sensitive (GTK_WIDGET (self->next_button)))
        return;

      if (is_pawacard (account) && g_strcmp0 (meter, self->verified_meter) != 0)
        {
          g_cancellable_cancel (self->verify_cancellable);
          g_clear_object (&self->verify_cancellable);
          self->verify_cancellable = g_cancellable_new ();
          set_checking (self, TRUE);
          pd_payment_accounts_verify_meter_async (self->payments, account->account->id, meter,
                                                  self->verify_cancellable, meter_verified_cb,
                                                  g_object_ref (self));
          return;
        }

      continue_to_confirmation (self);
    }
  else if (g_str_equal (page, "confirm"))
    sell (self);
  else if (g_str_equal (page, "result"))
    gtk_window_close (GTK_WINDOW (self));
}

static void
back_clicked_cb (PdVendDialog *self)
{
  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "confirm") &&
      !pd_payment_flow_get_submitted (self->flow))
    {
      g_clear_pointer (&self->operation, pd_operation_free);
      show_page (self, "form");
    }
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* Accounts */

static void
accounts_listed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PdVendDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pd_payment_flow_fill_accounts (PD_PAYMENT_FLOW (object), result, self->account_row, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_page (self, "empty");
      return;
    }

  account_changed_cb (self);
  show_page (self, "form");
  gtk_widget_grab_focus (GTK_WIDGET (self->meter_row));
}

/* GObject */

static void
pd_vend_dialog_dispose (GObject *object)
{
  PdVendDialog *self = (PdVendDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->verify_cancellable);
  g_clear_handle_id (&self->throttle_source, g_source_remove);
  /* A sale still out answers into a flow that touches nothing. */
  if (self->flow != NULL)
    g_object_run_dispose (G_OBJECT (self->flow));
  g_clear_object (&self->flow);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_VEND_DIALOG);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->verify_cancellable);
  g_clear_object (&self->payments);
  g_clear_object (&self->window);

  G_OBJECT_CLASS (pd_vend_dialog_parent_class)->dispose (object);
}

static void
pd_vend_dialog_finalize (GObject *object)
{
  PdVendDialog *self = (PdVendDialog *)object;

  g_clear_pointer (&self->operation, pd_operation_free);
  g_free (self->verified_meter);
  g_free (self->customer_name);
  g_free (self->meter);

  G_OBJECT_CLASS (pd_vend_dialog_parent_class)->finalize (object);
}

static void
pd_vend_dialog_class_init (PdVendDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_vend_dialog_dispose;
  object_class->finalize = pd_vend_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/paydesk/Paydesk/pd-vend-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdVendDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PdVendDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, PdVendDialog, next_button);
  gtk_widget_class_bind_template_child (widget_class, PdVendDialog, checking_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdVendDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, PdVendDialog, account_row);
  gtk_widget_class_bind_template_child (widget_class, PdVendDialog, meter_row);
  gtk_widget_class_bind_template_child (widget_class, PdVendDialog, customer_row);
  gtk_widget_class_bind_template_child (widget_class, PdVendDialog, card_group);
  gtk_widget_class_bind_template_child (widget_class, PdVendDialog, card_row);
  gtk_widget_class_bind_template_child (widget_class, PdVendDialog, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, PdVendDialog, ipin_row);
  gtk_widget_class_bind_template_child (widget_class, PdVendDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, PdVendDialog, throttle_label);
  gtk_widget_class_bind_template_child (widget_class, PdVendDialog, form_message);
  gtk_widget_class_bind_template_child (widget_class, PdVendDialog, confirm_page);
  gtk_widget_class_bind_template_child (widget_class, PdVendDialog, result_page);
  gtk_widget_class_bind_template_child (widget_class, PdVendDialog, receipt_button);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, meter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, account_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, receipt_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pd_vend_dialog_init (PdVendDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->verify_cancellable = g_cancellable_new ();
}

/**
 * pd_vend_dialog_new:
 * @window: the window the dialog belongs to
 * @payments: what sends the sale
 *
 * Returns: (transfer floating): a dialog, transient for @window; present it
 */
PdVendDialog *
pd_vend_dialog_new (PdWindow   *window,
                    PdPayments *payments)
{
  PdVendDialog *self;

  g_return_val_if_fail (PD_IS_WINDOW (window), NULL);
  g_return_val_if_fail (PD_IS_PAYMENTS (payments), NULL);

  self = g_object_new (PD_TYPE_VEND_DIALOG,
                       "transient-for", window,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->window = g_object_ref (window);
  self->payments = g_object_ref (payments);

  self->flow = pd_payment_flow_new (window, payments, self->result_page, _("Not Sold"), describe_entry, self);
  g_signal_connect_swapped (self->flow, "outcome", G_CALLBACK (outcome_cb), self);
  show_page (self, "loading");
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), FALSE);
  pd_payment_flow_list_accounts_async (self->flow, PD_OPERATION_BIT (PD_OPERATION_VEND),
                                       self->cancellable, accounts_listed_cb, g_object_ref (self));

  return self;
}

/**
 * pd_vend_dialog_get_entry:
 * @self: a dialog
 *
 * Returns: (transfer none) (nullable): the outbox entry of the sale, as
 *   last stored, once it was sent
 */
PdOutboxEntry *
pd_vend_dialog_get_entry (PdVendDialog *self)
{
  g_return_val_if_fail (PD_IS_VEND_DIALOG (self), NULL);

  return pd_payment_flow_get_entry (self->flow);
}

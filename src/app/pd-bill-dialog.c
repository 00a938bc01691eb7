/* pd-bill-dialog.c - pay a phone or electricity bill, or top up a phone, once
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * "Pay a Bill or Top Up…" through whichever account can: EnayaPay (Sudan)
 * buys airtime for a phone and pays a postpaid phone bill; PawaCard (Kenya
 * Power) pays a postpaid electricity bill. A bill is read before it is
 * paid: EnayaPay says what the line owes and the fees, Kenya Power names
 * the account's customer and what they owe, and an empty amount is filled
 * in with what is due. EnayaPay pays with a card: its number and IPIN are
 * asked for now, put in the operation's secrets for this one request, and
 * cleared from the form once it is sent; nothing keeps or logs them.
 *
 * The operation and its idempotency key are made once per dialog and
 * the Pay button cannot be pressed twice. A completed payment opens its
 * receipt.
 */

#include <glib/gi18n.h>

#include "pd-format.h"
#include "pd-payment-flow.h"
#include "pd-bill-dialog.h"

/* What the "Payment" combo offers, by the operation and the provider. */
typedef enum
{
  PAYMENT_AIRTIME,
  PAYMENT_PHONE_BILL,
  PAYMENT_ELECTRICITY_BILL,
} Payment;

struct _PdBillDialog
{
  AdwWindow            parent_instance;

  /* Template */
  AdwWindowTitle      *window_title;
  GtkButton           *back_button;
  GtkButton           *next_button;
  GtkSpinner          *checking_spinner;
  GtkStack            *stack;
  AdwComboRow         *account_row;
  AdwComboRow         *kind_row;
  AdwPreferencesGroup *phone_group;
  AdwEntryRow         *phone_row;
  AdwComboRow         *network_row;
  AdwActionRow        *due_row;
  AdwActionRow        *fees_row;
  AdwPreferencesGroup *power_group;
  AdwEntryRow         *account_number_row;
  AdwActionRow        *customer_row;
  AdwActionRow        *balance_row;
  AdwPreferencesGroup *card_group;
  AdwEntryRow         *card_row;
  AdwEntryRow         *expiry_row;
  AdwEntryRow         *ipin_row;
  AdwEntryRow         *amount_row;
  GtkLabel            *form_message;
  AdwStatusPage       *confirm_page;
  AdwStatusPage       *result_page;
  GtkButton           *receipt_button;

  /* State */
  PdWindow            *window;
  PdPayments          *payments;
  PdPaymentFlow       *flow;
  GCancellable        *cancellable;
  GCancellable        *check_cancellable;
  /* What the combo offers for the selected account, in its order. */
  Payment              payments_offered[3];
  guint                n_payments_offered;
  /* The line or account last read, and what it answered. */
  char                *checked_target;
  char                *customer_name;
  PdMoney              due;
  PdMoney              fees;
  /* The operation, made on Continue. */
  PdOperation         *operation;
  Payment              payment;
  PdMoney              amount;
  char                *target;
};

G_DEFINE_FINAL_TYPE (PdBillDialog, pd_bill_dialog, ADW_TYPE_WINDOW)

static const PdEnayapayNetwork networks[] = {
  PD_ENAYAPAY_NETWORK_ZAIN,
  PD_ENAYAPAY_NETWORK_MTN,
  PD_ENAYAPAY_NETWORK_SUDANI,
};

static const char * const network_ids[] = { "zain", "mtn", "sudani" };
static const char * const network_names[] = { "Zain", "MTN", "Sudani" };

static const PdPaymentAccount *
selected_account (PdBillDialog *self)
{
  /* The network combo has its model, and says so, while the template is
   * being built. */
  if (self->flow == NULL)
    return NULL;

  return pd_payment_flow_get_account (self->flow, adw_combo_row_get_selected (self->account_row));
}

static gboolean
is_pawacard (const PdPaymentAccount *account)
{
  return account != NULL && PD_IS_PAWACARD_CLIENT (account->provider);
}

static Payment
selected_payment (PdBillDialog *self)
{
  guint position = adw_combo_row_get_selected (self->kind_row);

  if (position == GTK_INVALID_LIST_POSITION || position >= self->n_payments_offered)
    return is_pawacard (selected_account (self)) ? PAYMENT_ELECTRICITY_BILL : PAYMENT_AIRTIME;

  return self->payments_offered[position];
}

static guint
selected_network (PdBillDialog *self)
{
  guint position = adw_combo_row_get_selected (self->network_row);

  return position < G_N_ELEMENTS (networks) ? position : 0;
}

static gboolean
is_bill (Payment payment)
{
  return payment == PAYMENT_PHONE_BILL || payment == PAYMENT_ELECTRICITY_BILL;
}

static char *
digits_of (AdwEntryRow *row)
{
  char *digits = pd_format_read_digits (gtk_editable_get_text (GTK_EDITABLE (row)));

  return digits != NULL ? digits : g_strdup ("");
}

/* The digits of the phone number, a leading + allowed; %NULL if it
 * cannot be a number. */
static char *
phone_digits (PdBillDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->phone_row));

  text += strspn (text, " ");
  if (*text == '+')
    text++;

  return pd_format_read_digits (text);
}

/* The phone number in the local form EnayaPay takes, "0912345678"; "" if
 * it is none (yet). A number written with the country code, +249 912 345
 * 678, is the same line. */
static char *
local_phone (PdBillDialog *self)
{
  g_autofree char *digits = phone_digits (self);

  if (digits == NULL)
    return g_strdup ("");

  if (strlen (digits) == 12 && g_str_has_prefix (digits, "249"))
    return g_strconcat ("0", digits + 3, NULL);

  if (strlen (digits) == 10 && digits[0] == '0')
    return g_steal_pointer (&digits);

  return g_strdup ("");
}

/* The Kenya Power account number as typed, without the spaces around it. */
static char *
account_number (PdBillDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->account_number_row))));
}

/* What a check reads: the line and its network, or the account number;
 * "" when the form names none yet. */
static char *
check_target (PdBillDialog *self)
{
  g_autofree char *phone = NULL;

  if (selected_payment (self) == PAYMENT_ELECTRICITY_BILL)
    return account_number (self);

  phone = local_phone (self);
  if (phone[0] == '\0')
    return g_strdup ("");

  return g_strdup_printf ("%s %s", network_ids[selected_network (self)], phone);
}

static gboolean
read_amount (PdBillDialog  *self,
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
                           ? _("Kenya Power takes bill payments in whole shillings.")
                           : _("The amount can have at most two decimals."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
amount_is_empty (PdBillDialog *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->amount_row))));

  return text[0] == '\0';
}

/* The form */

static void
update_form (PdBillDialog *self)
{
  const PdPaymentAccount *account = selected_account (self);
  Payment payment = selected_payment (self);
  g_autofree char *target = check_target (self);
  g_autofree char *problem = NULL;
  gboolean checking = gtk_widget_get_visible (GTK_WIDGET (self->checking_spinner));
  gboolean needs_check = is_bill (payment) && g_strcmp0 (target, self->checked_target) != 0;
  gboolean amount_ok;
  gboolean ok;
  PdMoney amount;

  amount_ok = read_amount (self, &amount, &problem);

  if (payment != PAYMENT_ELECTRICITY_BILL && problem == NULL)
    {
      g_autofree char *digits = phone_digits (self);

      /* Said once the number is whole, or once it cannot become one. */
      if (target[0] == '\0' && (digits == NULL || strlen (digits) >= 10))
        problem = g_strdup (_("A Sudanese phone number has ten digits and starts with 0, such as "
                              "0912 345 678."));
    }

  /* A bill is read first, with or without an amount; then everything is
   * needed. */
  ok = account != NULL && !checking && target[0] != '\0';
  if (needs_check)
    ok = ok && (amount_ok || amount_is_empty (self));
  else
    {
      ok = ok && amount_ok;

      if (!is_pawacard (account))
        {
          g_autofree char *card = digits_of (self->card_row);
          g_autofree char *expiry = digits_of (self->expiry_row);
          const char *ipin = gtk_editable_get_text (GTK_EDITABLE (self->ipin_row));

          ok = ok && strlen (card) >= 16 && strlen (card) <= 19 && strlen (expiry) == 4 && ipin[0] != '\0';
        }
    }

  gtk_label_set_text (self->form_message, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->form_message), problem != NULL);

  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "form"))
    gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), ok);
}

/* Forgets what a check answered, and stops one on its way. */
static void
clear_check (PdBillDialog *self)
{
  /* A check cancelled answers nothing: its spinner stops here. */
  g_cancellable_cancel (self->check_cancellable);
  gtk_spinner_set_spinning (self->checking_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->checking_spinner), FALSE);
  g_clear_pointer (&self->checked_target, g_free);
  g_clear_pointer (&self->customer_name, g_free);
  memset (&self->due, 0, sizeof self->due);
  memset (&self->fees, 0, sizeof self->fees);

  gtk_widget_set_visible (GTK_WIDGET (self->due_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->fees_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->customer_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->balance_row), FALSE);
}

static void
form_changed_cb (PdBillDialog *self)
{
  if (selected_account (self) != NULL)
    update_form (self);
}

static void
target_changed_cb (PdBillDialog *self)
{
  g_autofree char *target = NULL;

  if (selected_account (self) == NULL)
    return;

  target = check_target (self);
  if (g_strcmp0 (target, self->checked_target) != 0)
    clear_check (self);

  update_form (self);
}

static void
kind_changed_cb (PdBillDialog *self)
{
  Payment payment;
  gboolean pawacard;

  if (selected_account (self) == NULL)
    return;

  payment = selected_payment (self);
  pawacard = is_pawacard (selected_account (self));
  gtk_widget_set_visible (GTK_WIDGET (self->phone_group), !pawacard);
  gtk_widget_set_visible (GTK_WIDGET (self->power_group), pawacard);
  gtk_widget_set_visible (GTK_WIDGET (self->card_group), !pawacard);
  adw_preferences_group_set_description (self->phone_group,
                                         payment == PAYMENT_PHONE_BILL
                                         ? _("What the postpaid line owes is read before anything is paid.")
                                         : NULL);

  clear_check (self);
  update_form (self);
}

static void
account_changed_cb (PdBillDialog *self)
{
  const PdPaymentAccount *account = selected_account (self);
  g_autoptr(GtkStringList) offered = NULL;
  g_autofree char *amount_title = NULL;

  if (account == NULL)
    return;

  adw_window_title_set_subtitle (self->window_title, account->account->label);

  /* What this account's provider can do, as the combo offers it. */
  offered = gtk_string_list_new (NULL);
  self->n_payments_offered = 0;
  if (is_pawacard (account))
    {
      if (account->operations & PD_OPERATION_BIT (PD_OPERATION_BILL))
        {
          self->payments_offered[self->n_payments_offered++] = PAYMENT_ELECTRICITY_BILL;
          gtk_string_list_append (offered, _("Electricity Bill"));
        }
    }
  else
    {
      if (account->operations & PD_OPERATION_BIT (PD_OPERATION_TOPUP))
        {
          self->payments_offered[self->n_payments_offered++] = PAYMENT_AIRTIME;
          gtk_string_list_append (offered, _("Airtime Top-Up"));
        }
      if (account->operations & PD_OPERATION_BIT (PD_OPERATION_BILL))
        {
          self->payments_offered[self->n_payments_offered++] = PAYMENT_PHONE_BILL;
          gtk_string_list_append (offered, _("Phone Bill"));
        }
    }

  /* Translators: the title of the amount field, with its currency: "Amount (SDG)" */
  amount_title = g_strdup_printf (_("Amount (%s)"), pd_payment_account_get_currency (account));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->amount_row), amount_title);

  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (offered));
  adw_combo_row_set_selected (self->kind_row, 0);
  kind_changed_cb (self);
}

/* Pages */

static void
show_page (PdBillDialog *self,
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

static char *
card_ending (PdBillDialog *self)
{
  g_autofree char *digits = digits_of (self->card_row);

  return g_strdup (digits + strlen (digits) - MIN (strlen (digits), 4));
}

static void
show_confirmation (PdBillDialog *self)
{
  const PdPaymentAccount *account = selected_account (self);
  g_autofree char *amount = pd_format_money (&self->amount);
  g_autofree char *from = pd_payment_account_dup_title (account);
  g_autofree char *due = pd_format_money (&self->due);
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *button = NULL;
  g_autofree char *card = NULL;
  const char *network = network_names[selected_network (self)];

  switch (self->payment)
    {
    case PAYMENT_AIRTIME:
      card = card_ending (self);
      /* Translators: the confirmation's question; %s is an amount, "SDG 300" */
      title = g_strdup_printf (_("Buy %s of Airtime?"), amount);
      /* Translators: amount, phone number, network, account, currency, last four digits of a card */
      description = g_strdup_printf (_("%s of airtime will be bought for %s on %s through %s, in %s, "
                                       "paid with the card ending in %s."),
                                     amount, self->target, network, from, self->amount.currency, card);
      break;

    case PAYMENT_PHONE_BILL:
      {
        g_autofree char *fees = pd_format_money (&self->fees);

        card = card_ending (self);
        /* Translators: the confirmation's question; %s is an amount, "SDG 400" */
        title = g_strdup_printf (_("Pay %s on the Phone Bill?"), amount);
        /* Translators: amount, network, phone number, account, currency, last four digits of a card,
         * then what the line owes and the fees, both amounts */
        description = g_strdup_printf (_("%s will be paid on the %s bill of %s through %s, in %s, paid with "
                                         "the card ending in %s. The line owes %s; the fees are %s."),
                                       amount, network, self->target, from, self->amount.currency, card,
                                       due, fees);
      }
      break;

    case PAYMENT_ELECTRICITY_BILL:
    default:
      /* Translators: the confirmation's question; %s is an amount, "KES 1,000" */
      title = g_strdup_printf (_("Pay %s on the Electricity Bill?"), amount);
      if (pd_money_is_set (&self->due))
        /* Translators: amount, account number, customer's name, account, currency, then what the
         * customer owes, an amount */
        description = g_strdup_printf (_("%s will be paid to Kenya Power for account %s, registered to %s, "
                                         "through %s, in %s. The account owes %s."),
                                       amount, self->target, self->customer_name, from,
                                       self->amount.currency, due);
      else
        /* Translators: amount, account number, customer's name, account, currency */
        description = g_strdup_printf (_("%s will be paid to Kenya Power for account %s, registered to %s, "
                                         "through %s, in %s."),
                                       amount, self->target, self->customer_name, from,
                                       self->amount.currency);
      break;
    }

  adw_status_page_set_title (self->confirm_page, title);
  adw_status_page_set_description (self->confirm_page, description);

  /* Translators: the button that pays; %s is an amount */
  button = g_strdup_printf (_("_Pay %s"), amount);
  show_page (self, "confirm");
  gtk_button_set_label (self->next_button, button);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), !pd_payment_flow_get_submitted (self->flow));
}

static char *
describe_paid (PdBillDialog *self)
{
  g_autofree char *amount = pd_format_money (&self->amount);

  switch (self->payment)
    {
    case PAYMENT_AIRTIME:
      /* Translators: amount, phone number, network */
      return g_strdup_printf (_("%s of airtime for %s on %s. The receipt shows the payment."),
                              amount, self->target, network_names[selected_network (self)]);
    case PAYMENT_PHONE_BILL:
      /* Translators: amount, phone number */
      return g_strdup_printf (_("%s paid on the phone bill of %s. The receipt shows the payment."),
                              amount, self->target);
    case PAYMENT_ELECTRICITY_BILL:
    default:
      /* Translators: amount, Kenya Power account number */
      return g_strdup_printf (_("%s paid to Kenya Power for account %s. The receipt shows the payment."),
                              amount, self->target);
    }
}

static PdPaymentFlowFlags
describe_entry (const PdOutboxEntry  *entry,
                const PdTransaction  *transaction,
                const char          **icon,
                char                **title,
                char                **description,
                gpointer              user_data)
{
  PdBillDialog *self = user_data;
  const PdPaymentAccount *account = selected_account (self);
  const char *provider = pd_provider_get_display_name (account->account->provider);
  PdPaymentFlowFlags flags = PD_PAYMENT_FLOW_NONE;
  gboolean paid = FALSE;

  switch (entry->state)
    {
    case PD_OUTBOX_STATE_CONFIRMED:
      if (transaction != NULL && transaction->state == PD_TRANSACTION_STATE_SUCCEEDED)
        {
          *icon = "emblem-ok-symbolic";
          *title = g_strdup (_("Paid"));
          *description = describe_paid (self);
          paid = TRUE;
        }
      else if (transaction != NULL && transaction->state == PD_TRANSACTION_STATE_FAILED)
        {
          *icon = "dialog-error-symbolic";
          *title = g_strdup (_("Not Paid"));
          /* Translators: %s is a provider's name */
          *description = g_strdup_printf (_("%s reported the payment failed. No money moved."), provider);
        }
      else
        {
          *icon = "content-loading-symbolic";
          *title = g_strdup (_("Accepted, Waiting for Confirmation"));
          /* Translators: %s is a provider's name */
          *description = g_strdup_printf (_("%s accepted the payment and has not confirmed it yet. The "
                                            "receipt opens by itself when it does."), provider);
          flags = PD_PAYMENT_FLOW_LOOK_AGAIN;
        }
      break;

    case PD_OUTBOX_STATE_FAILED:
      *icon = "dialog-error-symbolic";
      *title = g_strdup (_("Not Paid"));
      /* Translators: %s is the provider's reason */
      *description = g_strdup_printf (_("No money moved. %s"),
                                      entry->error_message != NULL ? entry->error_message : "");
      break;

    case PD_OUTBOX_STATE_UNKNOWN:
      *icon = "content-loading-symbolic";
      *title = g_strdup (_("Checking with the Provider"));
      /* Translators: %s is a provider's name, twice */
      *description = g_strdup_printf (_("The answer of %s was lost, so whether the payment was made is not "
                                        "known yet. Paydesk is asking %s and will never send the payment "
                                        "again on its own: the row in Charges shows the outcome."),
                                      provider, provider);
      break;

    case PD_OUTBOX_STATE_QUEUED:
    case PD_OUTBOX_STATE_SENT:
    default:
      *icon = "content-loading-symbolic";
      *title = g_strdup (_("Sent, Waiting for an Answer"));
      /* Translators: %s is a provider's name */
      *description = g_strdup_printf (_("The payment is on its way to %s."), provider);
      break;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->receipt_button), paid);

  return paid ? flags | PD_PAYMENT_FLOW_RECEIPT : flags;
}

static void
outcome_cb (PdBillDialog *self)
{
  show_page (self, "result");
}

static void
receipt_clicked_cb (PdBillDialog *self)
{
  pd_payment_flow_open_receipt (self->flow);
}

/* Paying */

static PdOperation *
build_operation (PdBillDialog *self)
{
  const PdPaymentAccount *account = selected_account (self);
  g_autoptr(PdOperation) operation = NULL;
  g_autofree char *problem = NULL;
  Payment payment = selected_payment (self);

  operation = pd_operation_new (payment == PAYMENT_AIRTIME ? PD_OPERATION_TOPUP : PD_OPERATION_BILL,
                                account->account->id);
  operation->idempotency_key = g_strdup (pd_payment_flow_get_idempotency_key (self->flow));
  if (!read_amount (self, &operation->amount, &problem))
    return NULL;
  self->amount = operation->amount;
  self->payment = payment;

  g_free (self->target);
  if (payment == PAYMENT_ELECTRICITY_BILL)
    {
      self->target = account_number (self);
      pd_operation_set_field (operation, "account_number", self->target);
      pd_operation_set_field (operation, "customer_name", self->customer_name);
    }
  else
    {
      g_autofree char *card = digits_of (self->card_row);
      g_autofree char *expiry = digits_of (self->expiry_row);

      self->target = local_phone (self);
      pd_operation_set_field (operation, "phone", self->target);
      pd_operation_set_field (operation, "network", network_ids[selected_network (self)]);
      pd_operation_set_field (operation, "card_expiry", expiry);
      pd_operation_set_secret (operation, "card_number", card);
      pd_operation_set_secret (operation, "ipin", gtk_editable_get_text (GTK_EDITABLE (self->ipin_row)));
    }

  return g_steal_pointer (&operation);
}

static void
pay (PdBillDialog *self)
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
continue_to_confirmation (PdBillDialog *self)
{
  g_clear_pointer (&self->operation, pd_operation_free);
  self->operation = build_operation (self);
  if (self->operation != NULL)
    show_confirmation (self);
}

static void
set_checking (PdBillDialog *self,
              gboolean      checking)
{
  gtk_widget_set_visible (GTK_WIDGET (self->checking_spinner), checking);
  gtk_spinner_set_spinning (self->checking_spinner, checking);
  update_form (self);
}

static void
show_check_error (PdBillDialog *self,
                  const GError *error)
{
  gtk_label_set_text (self->form_message, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->form_message), TRUE);
}

/* Fills an empty amount with what is due, in what the provider takes;
 * returns whether it did. */
static gboolean
prefill_amount (PdBillDialog *self,
                guint         scale)
{
  PdMoney shown;
  g_autofree char *text = NULL;

  if (!amount_is_empty (self) || !pd_money_is_set (&self->due) || pd_money_sign (&self->due) <= 0)
    return FALSE;

  /* Kenya Power takes whole shillings: what is owed, rounded up. */
  if (!pd_money_rescale (&self->due, scale, &shown, NULL))
    {
      gint64 divisor = 1;

      for (guint i = scale; i < self->due.scale; i++)
        divisor *= 10;
      pd_money_init (&shown, self->due.units / divisor + (self->due.units % divisor != 0 ? 1 : 0),
                     scale, self->due.currency);
    }

  text = pd_money_to_plain_scale (&shown, scale);
  gtk_editable_set_text (GTK_EDITABLE (self->amount_row), text);

  return TRUE;
}

/* After a check: what was read is on the form; a prefilled amount is
 * left for the person to see, else the confirmation follows. */
static void
checked (PdBillDialog *self,
         gboolean      prefilled)
{
  update_form (self);

  if (prefilled)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->amount_row));
      return;
    }

  if (gtk_widget_get_sensitive (GTK_WIDGET (self->next_button)))
    continue_to_confirmation (self);
}

static void
account_verified_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PdBillDialog) self = user_data;
  g_autoptr(PdPawacardCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *balance = NULL;

  customer = pd_payment_accounts_verify_account_finish (PD_PAYMENTS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_checking (self, FALSE);

  if (customer == NULL)
    {
      show_check_error (self, error);
      return;
    }

  g_free (self->checked_target);
  self->checked_target = account_number (self);
  g_free (self->customer_name);
  self->customer_name = g_strdup (customer->name);
  self->due = customer->balance_due;
  adw_action_row_set_subtitle (self->customer_row, customer->name);
  gtk_widget_set_visible (GTK_WIDGET (self->customer_row), TRUE);

  if (pd_money_is_set (&self->due))
    {
      balance = pd_format_money (&self->due);
      adw_action_row_set_subtitle (self->balance_row, balance);
      gtk_widget_set_visible (GTK_WIDGET (self->balance_row), TRUE);
    }

  checked (self, prefill_amount (self, 0));
}

static void
bill_inquired_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PdBillDialog) self = user_data;
  g_autoptr(PdEnayapayInvoice) invoice = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *due = NULL;
  g_autofree char *fees = NULL;

  invoice = pd_payment_accounts_inquire_bill_finish (PD_PAYMENTS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_checking (self, FALSE);

  if (invoice == NULL)
    {
      show_check_error (self, error);
      return;
    }

  g_free (self->checked_target);
  self->checked_target = check_target (self);
  self->due = invoice->total_amount;
  self->fees = invoice->fees;

  due = pd_format_money (&self->due);
  fees = pd_format_money (&self->fees);
  adw_action_row_set_subtitle (self->due_row, due);
  adw_action_row_set_subtitle (self->fees_row, fees);
  gtk_widget_set_visible (GTK_WIDGET (self->due_row), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->fees_row), pd_money_is_set (&self->fees));

  checked (self, prefill_amount (self, 2));
}

static void
start_check (PdBillDialog *self)
{
  const PdPaymentAccount *account = selected_account (self);

  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  self->check_cancellable = g_cancellable_new ();
  set_checking (self, TRUE);

  if (selected_payment (self) == PAYMENT_ELECTRICITY_BILL)
    {
      g_autofree char *number = account_number (self);

      pd_payment_accounts_verify_account_async (self->payments, account->account->id, number,
                                                self->check_cancellable, account_verified_cb,
                                                g_object_ref (self));
    }
  else
    {
      g_autofree char *phone = local_phone (self);

      pd_payment_accounts_inquire_bill_async (self->payments, account->account->id,
                                              networks[selected_network (self)], phone,
                                              self->check_cancellable, bill_inquired_cb,
                                              g_object_ref (self));
    }
}

static void
next_clicked_cb (PdBillDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_str_equal (page, "form"))
    {
      g_autofree char *target = check_target (self);

      if (!gtk_widget_get_sensitive (GTK_WIDGET (self->next_button)))
        return;

      if (is_bill (selected_payment (self)) && g_strcmp0 (target, self->checked_target) != 0)
        {
          start_check (self);
          return;
        }

      continue_to_confirmation (self);
    }
  else if (g_str_equal (page, "confirm"))
    pay (self);
  else if (g_str_equal (page, "result"))
    gtk_window_close (GTK_WINDOW (self));
}

static void
back_clicked_cb (PdBillDialog *self)
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
  g_autoptr(PdBillDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pd_payment_flow_fill_accounts (PD_PAYMENT_FLOW (object), result, self->account_row, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_page (self, "empty");
      return;
    }

  account_changed_cb (self);
  show_page (self, "form");
  gtk_widget_grab_focus (is_pawacard (selected_account (self)) ? GTK_WIDGET (self->account_number_row)
                                                                : GTK_WIDGET (self->phone_row));
}

/* GObject */

static void
pd_bill_dialog_dispose (GObject *object)
{
  PdBillDialog *self = (PdBillDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->check_cancellable);
  /* A payment still out answers into a flow that touches nothing. */
  if (self->flow != NULL)
    g_object_run_dispose (G_OBJECT (self->flow));
  g_clear_object (&self->flow);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_BILL_DIALOG);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->check_cancellable);
  g_clear_object (&self->payments);
  g_clear_object (&self->window);

  G_OBJECT_CLASS (pd_bill_dialog_parent_class)->dispose (object);
}

static void
pd_bill_dialog_finalize (GObject *object)
{
  PdBillDialog *self = (PdBillDialog *)object;

  g_clear_pointer (&self->operation, pd_operation_free);
  g_free (self->checked_target);
  g_free (self->customer_name);
  g_free (self->target);

  G_OBJECT_CLASS (pd_bill_dialog_parent_class)->finalize (object);
}

static void
pd_bill_dialog_class_init (PdBillDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_bill_dialog_dispose;
  object_class->finalize = pd_bill_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/paydesk/Paydesk/pd-bill-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, next_button);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, checking_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, account_row);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, phone_group);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, network_row);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, due_row);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, fees_row);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, power_group);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, account_number_row);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, customer_row);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, balance_row);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, card_group);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, card_row);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, ipin_row);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, form_message);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, confirm_page);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, result_page);
  gtk_widget_class_bind_template_child (widget_class, PdBillDialog, receipt_button);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, target_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, account_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, receipt_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pd_bill_dialog_init (PdBillDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->check_cancellable = g_cancellable_new ();
}

/**
 * pd_bill_dialog_new:
 * @window: the window the dialog belongs to
 * @payments: what sends the payment
 *
 * Returns: (transfer floating): a dialog, transient for @window; present it
 */
PdBillDialog *
pd_bill_dialog_new (PdWindow   *window,
                    PdPayments *payments)
{
  PdBillDialog *self;

  g_return_val_if_fail (PD_IS_WINDOW (window), NULL);
  g_return_val_if_fail (PD_IS_PAYMENTS (payments), NULL);

  self = g_object_new (PD_TYPE_BILL_DIALOG,
                       "transient-for", window,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->window = g_object_ref (window);
  self->payments = g_object_ref (payments);

  self->flow = pd_payment_flow_new (window, payments, self->result_page, _("Not Paid"), describe_entry, self);
  g_signal_connect_swapped (self->flow, "outcome", G_CALLBACK (outcome_cb), self);
  show_page (self, "loading");
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), FALSE);
  pd_payment_flow_list_accounts_async (self->flow,
                                       PD_OPERATION_BIT (PD_OPERATION_TOPUP) | PD_OPERATION_BIT (PD_OPERATION_BILL),
                                       self->cancellable, accounts_listed_cb, g_object_ref (self));

  return self;
}

/**
 * pd_bill_dialog_get_entry:
 * @self: a dialog
 *
 * Returns: (transfer none) (nullable): the outbox entry of the payment, as
 *   last stored, once it was sent
 */
PdOutboxEntry *
pd_bill_dialog_get_entry (PdBillDialog *self)
{
  g_return_val_if_fail (PD_IS_BILL_DIALOG (self), NULL);

  return pd_payment_flow_get_entry (self->flow);
}

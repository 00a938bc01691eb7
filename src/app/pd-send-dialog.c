/* pd-send-dialog.c - send money to a phone or an account, once
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * One dialog for every outgoing payment: a ZengaPay transfer ("Send
 * Money") or a FayaPay disbursement ("New Disbursement"), whichever the
 * chosen account's provider performs. The pages follow one another: the
 * form, a confirmation that says what moves, to whom, through which
 * account and in which currency, then the outcome as the outbox stores it.
 *
 * The operation and its idempotency key are made once per dialog, and the
 * Send button is made insensitive before the submit starts: a second
 * click sends nothing. An unknown outcome is shown as "checking with the
 * provider" and never offered again: PdPayments reconciles it.
 */

#include <glib/gi18n.h>

#include "pd-format.h"
#include "pd-payment-flow.h"
#include "pd-send-dialog.h"

struct _PdSendDialog
{
  AdwWindow            parent_instance;

  /* Template */
  AdwWindowTitle      *window_title;
  GtkButton           *back_button;
  GtkButton           *next_button;
  GtkStack            *stack;
  AdwComboRow         *account_row;
  AdwPreferencesGroup *recipient_group;
  AdwEntryRow         *number_row;
  AdwComboRow         *network_row;
  AdwEntryRow         *name_row;
  AdwEntryRow         *amount_row;
  AdwEntryRow         *description_row;
  GtkLabel            *form_message;
  AdwStatusPage       *confirm_page;
  AdwStatusPage       *sending_page;
  AdwStatusPage       *result_page;

  /* State */
  PdWindow            *window;
  PdPayments          *payments;
  PdPaymentFlow       *flow;
  GCancellable        *cancellable;
  PdOperation         *operation;
};

G_DEFINE_FINAL_TYPE (PdSendDialog, pd_send_dialog, ADW_TYPE_WINDOW)

static const PdPaymentAccount *
selected_account (PdSendDialog *self)
{
  return pd_payment_flow_get_account (self->flow, adw_combo_row_get_selected (self->account_row));
}

/* A ZengaPay transfer is "sending money"; a provider that only disburses
 * (FayaPay) disburses. */
static PdOperationKind
account_kind (const PdPaymentAccount *account)
{
  if (account->operations & PD_OPERATION_BIT (PD_OPERATION_TRANSFER))
    return PD_OPERATION_TRANSFER;

  return PD_OPERATION_DISBURSEMENT;
}

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static gboolean
is_phone_number (const char *text)
{
  guint n_digits = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        n_digits++;
      else if (*p != ' ' && *p != '-' && !(*p == '+' && p == text))
        return FALSE;
    }

  return n_digits >= 9 && n_digits <= 15;
}

/* The amount typed, in the account's currency, or %NULL with a sentence
 * saying what is wrong with it. */
static gboolean
read_amount (PdSendDialog  *self,
             PdMoney       *out,
             char         **problem)
{
  const PdPaymentAccount *account = selected_account (self);
  g_autofree char *text = entry_text (self->amount_row);
  g_autoptr(GError) error = NULL;

  *problem = NULL;
  if (account == NULL || text[0] == '\0')
    return FALSE;

  if (!pd_money_parse (text, pd_payment_account_get_currency (account), out, &error) ||
      strchr (text, 'e') != NULL || strchr (text, 'E') != NULL)
    {
      *problem = g_strdup (_("Write the amount as digits, with a point before the decimals, such as 125.50."));
      return FALSE;
    }

  if (pd_money_sign (out) <= 0)
    {
      *problem = g_strdup (_("The amount must be more than zero."));
      return FALSE;
    }

  if (out->scale > 2)
    {
      *problem = g_strdup (_("The amount can have at most two decimals."));
      return FALSE;
    }

  return TRUE;
}

static void
update_form (PdSendDialog *self)
{
  const PdPaymentAccount *account = selected_account (self);
  g_autofree char *number = entry_text (self->number_row);
  g_autofree char *description = entry_text (self->description_row);
  g_autofree char *problem = NULL;
  PdMoney amount;
  gboolean amount_ok;
  gboolean ok = account != NULL;

  amount_ok = read_amount (self, &amount, &problem);
  ok = ok && amount_ok;

  if (number[0] != '\0' && !is_phone_number (number) && problem == NULL)
    problem = g_strdup (_("A mobile money number has 9 to 15 digits, such as 0244 123 456."));
  ok = ok && is_phone_number (number);

  /* ZengaPay's narration is required. */
  if (account != NULL && account_kind (account) == PD_OPERATION_TRANSFER)
    ok = ok && description[0] != '\0';

  gtk_label_set_text (self->form_message, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->form_message), problem != NULL);

  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "form"))
    gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), ok);
}

static void
form_changed_cb (PdSendDialog *self)
{
  update_form (self);
}

static void
account_changed_cb (PdSendDialog *self)
{
  const PdPaymentAccount *account = selected_account (self);
  gboolean transfer;
  g_autofree char *amount_title = NULL;
  const char *title;

  if (account == NULL)
    return;

  transfer = account_kind (account) == PD_OPERATION_TRANSFER;
  title = transfer ? _("Send Money") : _("New Disbursement");
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_subtitle (self->window_title, account->account->label);

  /* FayaPay needs the network and takes a name; ZengaPay reads the
   * network from the number and needs a narration. */
  gtk_widget_set_visible (GTK_WIDGET (self->network_row), !transfer);
  gtk_widget_set_visible (GTK_WIDGET (self->name_row), !transfer);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->description_row),
                                 transfer ? _("Narration (required)") : _("Description"));

  /* Translators: the title of the amount field, with its currency: "Amount (GHS)" */
  amount_title = g_strdup_printf (_("Amount (%s)"), pd_payment_account_get_currency (account));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->amount_row), amount_title);

  update_form (self);
}

/* Pages */

static void
show_page (PdSendDialog *self,
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
      gtk_widget_remove_css_class (GTK_WIDGET (self->next_button), "destructive-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->next_button), "suggested-action");
    }
}

static char *
recipient_text (const PdOperation *operation)
{
  const char *name = pd_operation_get_field (operation, "recipient_name");
  const char *number = pd_operation_get_field (operation, "phone");
  const char *network = pd_operation_get_field (operation, "account_provider");

  if (number == NULL)
    number = pd_operation_get_field (operation, "account_number");

  if (name != NULL && network != NULL)
    /* Translators: a recipient: name, network and number, "Kofi Mensah (MTN 0244123456)" */
    return g_strdup_printf (_("%s (%s %s)"), name, network, number);
  if (network != NULL)
    return g_strdup_printf ("%s %s", network, number);

  return g_strdup (number);
}

static void
show_confirmation (PdSendDialog *self)
{
  const PdPaymentAccount *account = selected_account (self);
  g_autofree char *amount = pd_format_money (&self->operation->amount);
  g_autofree char *recipient = recipient_text (self->operation);
  g_autofree char *from = pd_payment_account_dup_title (account);
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *button = NULL;

  /* Translators: the confirmation's question; %s is an amount, "GHS 12.50" */
  title = g_strdup_printf (_("Send %s?"), amount);
  /* Translators: what moves, to whom, through which account, in which currency */
  description = g_strdup_printf (_("%s will be sent to %s from %s, in %s.\n“%s”\n\n"
                                   "The provider may add its fee. Money that was sent cannot be "
                                   "taken back from here."),
                                 amount, recipient, from, self->operation->amount.currency,
                                 self->operation->description != NULL ? self->operation->description : "");
  adw_status_page_set_title (self->confirm_page, title);
  adw_status_page_set_description (self->confirm_page, description);

  /* Translators: the button that sends; %s is an amount */
  button = g_strdup_printf (_("_Send %s"), amount);
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
  PdSendDialog *self = user_data;
  const char *provider = pd_provider_get_display_name (selected_account (self)->account->provider);
  g_autofree char *amount = pd_format_money (&self->operation->amount);
  g_autofree char *recipient = recipient_text (self->operation);
  PdPaymentFlowFlags flags = PD_PAYMENT_FLOW_NONE;

  switch (entry->state)
    {
    case PD_OUTBOX_STATE_CONFIRMED:
      if (transaction != NULL && transaction->state == PD_TRANSACTION_STATE_PENDING)
        {
          *icon = "content-loading-symbolic";
          *title = g_strdup (_("Sent, Waiting for the Network"));
          /* Translators: %s: amount, recipient, provider */
          *description = g_strdup_printf (_("%s to %s was accepted by %s and is pending. Its row in "
                                            "Disbursements turns confirmed or failed by itself."),
                                          amount, recipient, provider);
          flags = PD_PAYMENT_FLOW_LOOK_AGAIN;
        }
      else if (transaction != NULL && transaction->state == PD_TRANSACTION_STATE_FAILED)
        {
          *icon = "dialog-error-symbolic";
          *title = g_strdup (_("Not Sent"));
          /* Translators: %s is a provider's name */
          *description = g_strdup_printf (_("%s reported the payment failed. No money moved."), provider);
        }
      else
        {
          *icon = "emblem-ok-symbolic";
          *title = g_strdup (_("Money Sent"));
          /* Translators: %s: amount, recipient, provider */
          *description = g_strdup_printf (_("%s went to %s. %s confirmed it."), amount, recipient, provider);
        }
      break;

    case PD_OUTBOX_STATE_FAILED:
      *icon = "dialog-error-symbolic";
      *title = g_strdup (_("Not Sent"));
      *description = g_strdup_printf (_("No money moved. %s"),
                                      entry->error_message != NULL ? entry->error_message : "");
      break;

    case PD_OUTBOX_STATE_UNKNOWN:
      *icon = "content-loading-symbolic";
      *title = g_strdup (_("Checking with the Provider"));
      /* Translators: %s is a provider's name */
      *description = g_strdup_printf (_("The answer of %s was lost, so whether the money moved is not "
                                        "known yet. Paydesk is asking %s and will never send it again on "
                                        "its own: the row in Disbursements shows the outcome."),
                                      provider, provider);
      break;

    case PD_OUTBOX_STATE_QUEUED:
    case PD_OUTBOX_STATE_SENT:
    default:
      *icon = "content-loading-symbolic";
      *title = g_strdup (_("Sent, Waiting for an Answer"));
      *description = g_strdup_printf (_("%s to %s is on its way to %s."), amount, recipient, provider);
      break;
    }

  return flags;
}

/* Sending */

static void
outcome_cb (PdSendDialog *self)
{
  show_page (self, "result");
}

static PdOperation *
build_operation (PdSendDialog *self)
{
  const PdPaymentAccount *account = selected_account (self);
  g_autoptr(PdOperation) operation = NULL;
  g_autofree char *number = entry_text (self->number_row);
  g_autofree char *name = entry_text (self->name_row);
  g_autofree char *description = entry_text (self->description_row);
  g_autofree char *problem = NULL;
  g_autoptr(GString) digits = g_string_new (NULL);

  if (account == NULL)
    return NULL;

  operation = pd_operation_new (account_kind (account), account->account->id);
  operation->idempotency_key = g_strdup (pd_payment_flow_get_idempotency_key (self->flow));
  if (!read_amount (self, &operation->amount, &problem))
    return NULL;

  for (const char *p = number; *p != '\0'; p++)
    if (g_ascii_isdigit (*p) || *p == '+')
      g_string_append_c (digits, *p);

  if (description[0] != '\0')
    operation->description = g_strdup (description);

  if (operation->kind == PD_OPERATION_TRANSFER)
    pd_operation_set_field (operation, "phone", digits->str);
  else
    {
      GtkStringObject *network = adw_combo_row_get_selected_item (self->network_row);

      pd_operation_set_field (operation, "account_number", digits->str);
      pd_operation_set_field (operation, "account_provider", gtk_string_object_get_string (network));
      if (name[0] != '\0')
        pd_operation_set_field (operation, "recipient_name", name);
    }

  return g_steal_pointer (&operation);
}

static void
send (PdSendDialog *self)
{
  if (pd_payment_flow_submit (self->flow, self->operation, GTK_WIDGET (self->next_button)))
    show_page (self, "sending");
}

static void
next_clicked_cb (PdSendDialog *self)
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
back_clicked_cb (PdSendDialog *self)
{
  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "confirm") &&
      !pd_payment_flow_get_submitted (self->flow))
    show_page (self, "form");
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* Accounts */

static void
accounts_listed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PdSendDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pd_payment_flow_fill_accounts (PD_PAYMENT_FLOW (object), result, self->account_row, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_page (self, "empty");
      return;
    }

  account_changed_cb (self);
  show_page (self, "form");
  gtk_widget_grab_focus (GTK_WIDGET (self->number_row));
}

/* GObject */

static void
pd_send_dialog_dispose (GObject *object)
{
  PdSendDialog *self = (PdSendDialog *)object;

  g_cancellable_cancel (self->cancellable);
  /* Money still on its way answers into a flow that touches nothing. */
  if (self->flow != NULL)
    g_object_run_dispose (G_OBJECT (self->flow));
  g_clear_object (&self->flow);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_SEND_DIALOG);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->payments);
  g_clear_object (&self->window);

  G_OBJECT_CLASS (pd_send_dialog_parent_class)->dispose (object);
}

static void
pd_send_dialog_finalize (GObject *object)
{
  PdSendDialog *self = (PdSendDialog *)object;

  g_clear_pointer (&self->operation, pd_operation_free);

  G_OBJECT_CLASS (pd_send_dialog_parent_class)->finalize (object);
}

static void
pd_send_dialog_class_init (PdSendDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_send_dialog_dispose;
  object_class->finalize = pd_send_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/paydesk/Paydesk/pd-send-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdSendDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PdSendDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, PdSendDialog, next_button);
  gtk_widget_class_bind_template_child (widget_class, PdSendDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, PdSendDialog, account_row);
  gtk_widget_class_bind_template_child (widget_class, PdSendDialog, recipient_group);
  gtk_widget_class_bind_template_child (widget_class, PdSendDialog, number_row);
  gtk_widget_class_bind_template_child (widget_class, PdSendDialog, network_row);
  gtk_widget_class_bind_template_child (widget_class, PdSendDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, PdSendDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, PdSendDialog, description_row);
  gtk_widget_class_bind_template_child (widget_class, PdSendDialog, form_message);
  gtk_widget_class_bind_template_child (widget_class, PdSendDialog, confirm_page);
  gtk_widget_class_bind_template_child (widget_class, PdSendDialog, sending_page);
  gtk_widget_class_bind_template_child (widget_class, PdSendDialog, result_page);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, account_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pd_send_dialog_init (PdSendDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

/**
 * pd_send_dialog_new:
 * @window: the window the dialog belongs to
 * @payments: what sends the money
 *
 * Returns: (transfer floating): a dialog, transient for @window; present it
 */
PdSendDialog *
pd_send_dialog_new (PdWindow   *window,
                    PdPayments *payments)
{
  PdSendDialog *self;

  g_return_val_if_fail (PD_IS_WINDOW (window), NULL);
  g_return_val_if_fail (PD_IS_PAYMENTS (payments), NULL);

  self = g_object_new (PD_TYPE_SEND_DIALOG,
                       "transient-for", window,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->window = g_object_ref (window);
  self->payments = g_object_ref (payments);

  self->flow = pd_payment_flow_new (window, payments, self->result_page, _("Not Sent"), describe_entry, self);
  g_signal_connect_swapped (self->flow, "outcome", G_CALLBACK (outcome_cb), self);
  show_page (self, "loading");
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), FALSE);
  pd_payment_flow_list_accounts_async (self->flow,
                                       PD_OPERATION_BIT (PD_OPERATION_TRANSFER) |
                                       PD_OPERATION_BIT (PD_OPERATION_DISBURSEMENT),
                                       self->cancellable, accounts_listed_cb, g_object_ref (self));

  return self;
}

/**
 * pd_send_dialog_get_entry:
 * @self: a dialog
 *
 * Returns: (transfer none) (nullable): the outbox entry of the payment, as
 *   last stored, once it was sent
 */
PdOutboxEntry *
pd_send_dialog_get_entry (PdSendDialog *self)
{
  g_return_val_if_fail (PD_IS_SEND_DIALOG (self), NULL);

  return pd_payment_flow_get_entry (self->flow);
}

/* pd-card-dialog.c - add a card to an EnayaPay account, or ask a card's balance
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Two uses of one form. "Add Card…" sends a card number, its expiry, a
 * label and whether it becomes the default card to an EnayaPay account;
 * "Check Balance…" asks the card switch for the balance of a card the
 * store lists. The store keeps a card's last four digits only, so the
 * balance inquiry asks for the full number again (and checks it ends in
 * those four digits) and for the IPIN.
 *
 * A number failing its Luhn check digit is refused here, without a
 * request. The full number and the IPIN are read from the form when sent,
 * never stored or logged, and the form lets go of them: the number of a
 * card being added and the IPIN at once, the number of a balance inquiry
 * once it succeeded (so that a mistyped IPIN is all there is to type
 * again).
 */

#include <string.h>

#include <glib/gi18n.h>

#include "pd-card-dialog.h"
#include "pd-format.h"
#include "pd-luhn.h"
#include "pd-payment-accounts.h"

struct _PdCardDialog
{
  AdwWindow            parent_instance;

  /* Template */
  AdwWindowTitle      *window_title;
  GtkButton           *cancel_button;
  GtkButton           *next_button;
  GtkStack            *stack;
  AdwPreferencesGroup *account_group;
  AdwComboRow         *account_row;
  AdwPreferencesGroup *card_group;
  AdwActionRow        *selected_card_row;
  AdwEntryRow         *number_row;
  AdwEntryRow         *expiry_row;
  AdwEntryRow         *label_row;
  AdwPasswordEntryRow *ipin_row;
  AdwActionRow        *default_row;
  GtkSwitch           *default_switch;
  GtkLabel            *form_message;
  AdwStatusPage       *sending_page;
  AdwStatusPage       *result_page;

  /* State */
  PdWindow            *window;
  PdPayments          *payments;
  GCancellable        *cancellable;
  /* Adding: the accounts that keep cards, in the combo's order. */
  GPtrArray           *accounts;
  /* Checking a balance: the card, and what the switch said. */
  PdCard              *card;
  PdBalance           *balance;
  /* A request is out: the dialog waits for its answer. */
  gboolean             sending;
};

G_DEFINE_FINAL_TYPE (PdCardDialog, pd_card_dialog, ADW_TYPE_WINDOW)

static gboolean
checking_balance (PdCardDialog *self)
{
  return self->card != NULL;
}

static const PdPaymentAccount *
selected_account (PdCardDialog *self)
{
  guint position = adw_combo_row_get_selected (self->account_row);

  if (self->accounts == NULL || position >= self->accounts->len)
    return NULL;

  return g_ptr_array_index (self->accounts, position);
}

/* The digits of @row, with the spaces and dashes people type between
 * groups left out; "" when it holds anything else, NULL when it holds
 * nothing at all. */
static char *
digits_of (GtkEditable *row)
{
  const char *text = gtk_editable_get_text (row);
  char *digits;

  if (text[0] == '\0')
    return NULL;

  digits = pd_format_read_digits (text);
  return digits != NULL ? digits : g_strdup ("");
}

/* The card's expiry as EnayaPay takes it, MMYY, when the store knows it. */
static char *
known_expiry (PdCardDialog *self)
{
  if (self->card == NULL || self->card->exp_month < 1 || self->card->exp_month > 12 || self->card->exp_year == 0)
    return NULL;

  return g_strdup_printf ("%02u%02u", self->card->exp_month, self->card->exp_year % 100);
}

/* Validation. @finished: the person pressed the button, so what is still
 * missing is said too; otherwise only what is already wrong. Returns
 * whether the field is good, and sets @problem to a sentence when not. */

static gboolean
check_number (PdCardDialog  *self,
              const char    *number,
              gboolean       finished,
              char         **problem)
{
  gsize length;

  if (number == NULL)
    return FALSE;

  length = strlen (number);
  if (length == 0)
    *problem = g_strdup (_("A card number has digits only; spaces between groups of digits are fine."));
  else if (length > 19 || (finished && length < 16))
    /* Translators: %u is how many digits were typed */
    *problem = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "A card number has 16 to 19 digits; this one has %u.",
                                             "A card number has 16 to 19 digits; this one has %u.",
                                             length),
                                (guint)length);
  else if (length < 16)
    return FALSE;
  else if (length < 19 && !finished)
    /* Perhaps the start of a longer number: its faults are said when it
     * is sent. */
    return pd_luhn_is_valid (number, -1) && (!checking_balance (self) || g_str_has_suffix (number, self->card->last4));
  else if (!pd_luhn_is_valid (number, -1))
    *problem = g_strdup (_("This is not a card number: its last digit does not match the others (the "
                           "Luhn check). Check the number on the card."));
  else if (checking_balance (self) && !g_str_has_suffix (number, self->card->last4))
    /* Translators: %s is the last four digits of the card chosen in the list */
    *problem = g_strdup_printf (_("This number does not end in %s, as the card chosen does. Check the "
                                  "number on the card."),
                                self->card->last4);

  return *problem == NULL;
}

static gboolean
check_expiry (const char  *expiry,
              gboolean     finished,
              char       **problem)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  guint month, year;

  if (expiry == NULL)
    return FALSE;

  if (strlen (expiry) < 4 && expiry[0] != '\0' && !finished)
    return FALSE;

  if (strlen (expiry) != 4 || (month = (expiry[0] - '0') * 10 + (expiry[1] - '0')) < 1 || month > 12)
    {
      *problem = g_strdup (_("Write the expiry as on the card, four digits, month then year: 0829 for "
                             "August 2029."));
      return FALSE;
    }

  /* A card is good through the last day of its expiry month. */
  year = 2000 + (expiry[2] - '0') * 10 + (expiry[3] - '0');
  if (year < (guint)g_date_time_get_year (now) ||
      (year == (guint)g_date_time_get_year (now) && month < (guint)g_date_time_get_month (now)))
    {
      /* Translators: the month and year a card expired, such as 05/24 */
      *problem = g_strdup_printf (_("This card expired at the end of %.2s/%.2s."), expiry, expiry + 2);
      return FALSE;
    }

  return TRUE;
}

/* Whether the form can be sent; says what is wrong in @problem. */
static gboolean
check_form (PdCardDialog  *self,
            gboolean       finished,
            char         **problem)
{
  g_auto(PdSecretText) number = digits_of (GTK_EDITABLE (self->number_row));
  g_autofree char *expiry = NULL;
  gboolean ok;

  *problem = NULL;

  ok = check_number (self, number, finished, problem);

  if (gtk_widget_get_visible (GTK_WIDGET (self->expiry_row)))
    {
      g_autofree char *expiry_problem = NULL;

      expiry = digits_of (GTK_EDITABLE (self->expiry_row));
      ok = check_expiry (expiry, finished, &expiry_problem) && ok;
      if (*problem == NULL)
        *problem = g_steal_pointer (&expiry_problem);
    }

  if (checking_balance (self))
    {
      const char *ipin = gtk_editable_get_text (GTK_EDITABLE (self->ipin_row));

      if (ipin[0] == '\0')
        ok = FALSE;
      else
        for (const char *p = ipin; *p != '\0'; p++)
          if (!g_ascii_isdigit (*p))
            {
              if (*problem == NULL)
                *problem = g_strdup (_("The IPIN has digits only."));
              ok = FALSE;
              break;
            }
    }
  else
    {
      g_autofree char *label = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->label_row))));

      ok = ok && selected_account (self) != NULL && label[0] != '\0';
    }

  return ok && *problem == NULL;
}

/* Whether every field the form asks for holds something. */
static gboolean
form_filled (PdCardDialog *self)
{
  GtkEditable *rows[] = {
    GTK_EDITABLE (self->number_row),
    GTK_EDITABLE (self->expiry_row),
    checking_balance (self) ? GTK_EDITABLE (self->ipin_row) : GTK_EDITABLE (self->label_row),
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *p = gtk_editable_get_text (rows[i]);

      if (!gtk_widget_get_visible (GTK_WIDGET (rows[i])))
        continue;

      /* Read in place: the rows hold a card number and an IPIN. */
      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        return FALSE;
    }

  return checking_balance (self) || selected_account (self) != NULL;
}

static void
show_problem (PdCardDialog *self,
              const char   *problem)
{
  gtk_label_set_text (self->form_message, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->form_message), problem != NULL);
}

static void
update_form (PdCardDialog *self)
{
  g_autofree char *problem = NULL;
  gboolean ok = check_form (self, FALSE, &problem);

  show_problem (self, problem);

  /* What is still too short is said when the button is pressed, so the
   * button works once every field holds something. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "form") == 0)
    gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), ok || (problem == NULL && form_filled (self)));
}

static void
form_changed_cb (PdCardDialog *self)
{
  const PdPaymentAccount *account = selected_account (self);

  if (!checking_balance (self) && account != NULL)
    adw_window_title_set_subtitle (self->window_title, account->account->label);

  update_form (self);
}

/* Pages */

static void
show_page (PdCardDialog *self,
           const char   *name)
{
  gboolean form = g_str_equal (name, "form");
  gboolean result = g_str_equal (name, "result");

  gtk_stack_set_visible_child_name (self->stack, name);

  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), !result);
  /* What was sent is seen through; the dialog waits for it. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), !g_str_equal (name, "sending"));

  gtk_widget_set_visible (GTK_WIDGET (self->next_button), form || result);
  if (form)
    {
      gtk_button_set_label (self->next_button, checking_balance (self) ? _("_Check") : _("_Add"));
      update_form (self);
    }
  else if (result)
    {
      gtk_button_set_label (self->next_button, _("_Done"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
    }
}

static void
show_failure (PdCardDialog *self,
              const GError *error)
{
  show_page (self, "form");
  show_problem (self, error->message);
}

/* Adding */

static void
card_added_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PdCardDialog) self = user_data;
  g_autoptr(PdCard) card = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  card = pd_payment_accounts_add_card_finish (PD_PAYMENTS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->sending = FALSE;

  if (card == NULL)
    {
      show_failure (self, error);
      gtk_widget_grab_focus (GTK_WIDGET (self->number_row));
      return;
    }

  pd_window_reload (self->window);
  /* Translators: a toast; %s is the last four digits of a card */
  message = g_strdup_printf (_("Card ending in %s added"), card->last4);
  pd_window_add_toast (self->window, message);
  gtk_window_close (GTK_WINDOW (self));
}

static void
add_card (PdCardDialog *self)
{
  const PdPaymentAccount *account = selected_account (self);
  g_auto(PdSecretText) number = digits_of (GTK_EDITABLE (self->number_row));
  g_autofree char *expiry = digits_of (GTK_EDITABLE (self->expiry_row));
  g_autofree char *label = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->label_row))));

  /* The number leaves the form as it leaves for EnayaPay. */
  gtk_editable_set_text (GTK_EDITABLE (self->number_row), "");
  adw_status_page_set_title (self->sending_page, _("Adding the Card…"));
  show_page (self, "sending");
  self->sending = TRUE;

  pd_payment_accounts_add_card_async (self->payments, account->account->id, number, expiry, label,
                                      gtk_switch_get_active (self->default_switch), self->cancellable,
                                      card_added_cb, g_object_ref (self));
}

/* Checking a balance */

static void
balance_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PdCardDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GDateTime) read_at = NULL;
  g_autofree char *clock = NULL;
  PdBalance *balance;

  balance = pd_payment_accounts_card_balance_finish (PD_PAYMENTS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->sending = FALSE;

  if (balance == NULL)
    {
      show_failure (self, error);
      gtk_widget_grab_focus (GTK_WIDGET (self->ipin_row));
      return;
    }

  g_clear_pointer (&self->balance, pd_balance_free);
  self->balance = balance;
  gtk_editable_set_text (GTK_EDITABLE (self->number_row), "");

  amount = pd_format_money (&balance->amount);
  read_at = g_date_time_new_from_unix_local (balance->recorded_at);
  clock = g_date_time_format (read_at, "%H:%M");
  /* Translators: under a card's balance: the card's last four digits, then a time such as 14:05 */
  description = g_strdup_printf (_("Available on the card ending in %s, as the card switch reported it "
                                   "at %s. The reading is kept in Balances."),
                                 self->card->last4, clock);
  adw_status_page_set_title (self->result_page, amount);
  adw_status_page_set_description (self->result_page, description);
  show_page (self, "result");

  /* The Balances view shows the new reading. */
  pd_window_reload (self->window);
}

static void
check_balance (PdCardDialog *self)
{
  g_auto(PdSecretText) number = digits_of (GTK_EDITABLE (self->number_row));
  g_auto(PdSecretText) ipin = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->ipin_row)));
  g_autofree char *expiry = known_expiry (self);

  if (expiry == NULL)
    expiry = digits_of (GTK_EDITABLE (self->expiry_row));

  gtk_editable_set_text (GTK_EDITABLE (self->ipin_row), "");
  adw_status_page_set_title (self->sending_page, _("Asking the Card Switch…"));
  show_page (self, "sending");
  self->sending = TRUE;

  pd_payment_accounts_card_balance_async (self->payments, self->card->account_id, number, expiry, ipin,
                                          self->cancellable, balance_cb, g_object_ref (self));
}

static void
next_clicked_cb (PdCardDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  g_autofree char *problem = NULL;

  if (g_str_equal (page, "result"))
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  if (!g_str_equal (page, "form") || !gtk_widget_get_sensitive (GTK_WIDGET (self->next_button)))
    return;

  if (!check_form (self, TRUE, &problem))
    {
      show_problem (self, problem);
      return;
    }

  if (checking_balance (self))
    check_balance (self);
  else
    add_card (self);
}

/* Accounts */

static void
accounts_listed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PdCardDialog) self = user_data;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;

  accounts = pd_payment_accounts_list_finish (PD_PAYMENTS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (accounts == NULL)
    pd_window_show_error (self->window, error);

  self->accounts = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_payment_account_free);
  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    {
      PdPaymentAccount *account = g_ptr_array_index (accounts, i);
      g_autofree char *title = NULL;

      if (!pd_payment_account_manages_cards (account))
        continue;

      title = pd_payment_account_dup_title (account);
      gtk_string_list_append (titles, title);
      g_ptr_array_add (self->accounts, g_steal_pointer (&g_ptr_array_index (accounts, i)));
    }

  if (self->accounts->len == 0)
    {
      show_page (self, "empty");
      return;
    }

  adw_combo_row_set_model (self->account_row, G_LIST_MODEL (titles));
  adw_combo_row_set_selected (self->account_row, 0);
  form_changed_cb (self);
  show_page (self, "form");
  gtk_widget_grab_focus (GTK_WIDGET (self->number_row));
}

/* GObject */

static gboolean
pd_card_dialog_close_request (GtkWindow *window)
{
  PdCardDialog *self = PD_CARD_DIALOG (window);

  /* Escape too waits for what was sent: its answer updates the lists. */
  if (self->sending)
    return TRUE;

  if (GTK_WINDOW_CLASS (pd_card_dialog_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (pd_card_dialog_parent_class)->close_request (window);

  return FALSE;
}

static void
pd_card_dialog_dispose (GObject *object)
{
  PdCardDialog *self = (PdCardDialog *)object;

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_CARD_DIALOG);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->payments);
  g_clear_object (&self->window);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);

  G_OBJECT_CLASS (pd_card_dialog_parent_class)->dispose (object);
}

static void
pd_card_dialog_finalize (GObject *object)
{
  PdCardDialog *self = (PdCardDialog *)object;

  g_clear_pointer (&self->card, pd_card_free);
  g_clear_pointer (&self->balance, pd_balance_free);

  G_OBJECT_CLASS (pd_card_dialog_parent_class)->finalize (object);
}

static void
pd_card_dialog_class_init (PdCardDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pd_card_dialog_dispose;
  object_class->finalize = pd_card_dialog_finalize;
  window_class->close_request = pd_card_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/paydesk/Paydesk/pd-card-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdCardDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PdCardDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PdCardDialog, next_button);
  gtk_widget_class_bind_template_child (widget_class, PdCardDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, PdCardDialog, account_group);
  gtk_widget_class_bind_template_child (widget_class, PdCardDialog, account_row);
  gtk_widget_class_bind_template_child (widget_class, PdCardDialog, card_group);
  gtk_widget_class_bind_template_child (widget_class, PdCardDialog, selected_card_row);
  gtk_widget_class_bind_template_child (widget_class, PdCardDialog, number_row);
  gtk_widget_class_bind_template_child (widget_class, PdCardDialog, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, PdCardDialog, label_row);
  gtk_widget_class_bind_template_child (widget_class, PdCardDialog, ipin_row);
  gtk_widget_class_bind_template_child (widget_class, PdCardDialog, default_row);
  gtk_widget_class_bind_template_child (widget_class, PdCardDialog, default_switch);
  gtk_widget_class_bind_template_child (widget_class, PdCardDialog, form_message);
  gtk_widget_class_bind_template_child (widget_class, PdCardDialog, sending_page);
  gtk_widget_class_bind_template_child (widget_class, PdCardDialog, result_page);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pd_card_dialog_init (PdCardDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

static PdCardDialog *
card_dialog_new (PdWindow   *window,
                 PdPayments *payments)
{
  PdCardDialog *self;

  self = g_object_new (PD_TYPE_CARD_DIALOG,
                       "transient-for", window,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->window = g_object_ref (window);
  self->payments = g_object_ref (payments);

  return self;
}

/**
 * pd_card_dialog_new:
 * @window: the window the dialog belongs to
 * @payments: what reaches the accounts' clients
 *
 * Returns: (transfer floating): a dialog that adds a card to an EnayaPay
 *   account, transient for @window; present it
 */
PdCardDialog *
pd_card_dialog_new (PdWindow   *window,
                    PdPayments *payments)
{
  PdCardDialog *self;

  g_return_val_if_fail (PD_IS_WINDOW (window), NULL);
  g_return_val_if_fail (PD_IS_PAYMENTS (payments), NULL);

  self = card_dialog_new (window, payments);
  show_page (self, "loading");
  pd_payment_accounts_list_async (payments, self->cancellable, accounts_listed_cb, g_object_ref (self));

  return self;
}

/**
 * pd_card_dialog_new_for_balance:
 * @window: the window the dialog belongs to
 * @payments: what reaches the accounts' clients
 * @card: a card of an EnayaPay account, as the store lists it
 * @account_label: (nullable): the label of the card's account
 *
 * Returns: (transfer floating): a dialog that asks for @card's balance,
 *   transient for @window; present it
 */
PdCardDialog *
pd_card_dialog_new_for_balance (PdWindow     *window,
                                PdPayments   *payments,
                                const PdCard *card,
                                const char   *account_label)
{
  PdCardDialog *self;
  g_autofree char *expiry = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *card_text = NULL;

  g_return_val_if_fail (PD_IS_WINDOW (window), NULL);
  g_return_val_if_fail (PD_IS_PAYMENTS (payments), NULL);
  g_return_val_if_fail (card != NULL && card->last4 != NULL, NULL);

  self = card_dialog_new (window, payments);
  self->card = pd_card_copy (card);

  gtk_window_set_title (GTK_WINDOW (self), _("Check Balance"));
  adw_window_title_set_title (self->window_title, _("Check Balance"));
  /* Translators: the last four digits of a card, as a card is shown */
  card_text = g_strdup_printf (_("•••• %s"), card->last4);
  adw_window_title_set_subtitle (self->window_title, card_text);

  if (card->holder_name != NULL && card->holder_name[0] != '\0')
    title = g_strdup (card->holder_name);
  else
    /* Translators: a card without a label; %s is its last four digits */
    title = g_strdup_printf (_("Card Ending in %s"), card->last4);
  /* Translators: under a card's label: its last four digits, then its account */
  subtitle = g_strdup_printf (_("%s · %s"), card_text, account_label != NULL ? account_label : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->selected_card_row), title);
  adw_action_row_set_subtitle (self->selected_card_row, subtitle);

  adw_preferences_group_set_description (self->card_group,
                                         _("The store keeps only the last four digits of a card. Its full "
                                           "number and IPIN are sent once for this inquiry and never kept."));
  gtk_widget_set_visible (GTK_WIDGET (self->account_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->selected_card_row), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->label_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->default_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->ipin_row), TRUE);

  /* The expiry is asked only when the provider never said it. */
  expiry = known_expiry (self);
  gtk_widget_set_visible (GTK_WIDGET (self->expiry_row), expiry == NULL);

  adw_status_page_set_icon_name (self->result_page, "pd-money-symbolic");
  show_page (self, "form");
  gtk_widget_grab_focus (GTK_WIDGET (self->number_row));

  return self;
}

/**
 * pd_card_dialog_get_balance:
 * @self: a dialog
 *
 * Returns: (transfer none) (nullable): the balance the card switch
 *   reported, once it did
 */
const PdBalance *
pd_card_dialog_get_balance (PdCardDialog *self)
{
  g_return_val_if_fail (PD_IS_CARD_DIALOG (self), NULL);

  return self->balance;
}

/* pd-receipt-dialog.c - the receipt of a sale, to read out, print or save
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Shows a PdReceipt (src/core/pd-receipt.h) the way a cashier reads it to
 * a customer: the token in groups of four, large, then the meter or
 * phone, the units, the amount and its charges, the date and the receipt
 * number. "Print…" draws the page with pd_receipt_render() through
 * GtkPrintOperation; "Save as PDF…" writes pd_receipt_write_pdf() where
 * the person chooses.
 */

#include <glib/gi18n.h>

#include "pd-format.h"
#include "pd-receipt-dialog.h"

struct _PdReceiptDialog
{
  AdwWindow            parent_instance;

  /* Template */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkLabel            *heading_label;
  GtkWidget           *token_box;
  GtkLabel            *token_label;
  AdwPreferencesGroup *lines_group;

  PdReceipt           *receipt;
};

G_DEFINE_FINAL_TYPE (PdReceiptDialog, pd_receipt_dialog, ADW_TYPE_WINDOW)

static void
add_line (PdReceiptDialog *self,
          const char      *label,
          const char      *value,
          gboolean         detail)
{
  GtkWidget *row;
  GtkWidget *suffix;

  if (value == NULL || value[0] == '\0')
    return;

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (detail)
    gtk_widget_add_css_class (row, "dim-label");

  suffix = gtk_label_new (value);
  gtk_label_set_selectable (GTK_LABEL (suffix), TRUE);
  gtk_label_set_xalign (GTK_LABEL (suffix), 1.0);
  gtk_widget_add_css_class (suffix, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);

  /* Read as "Meter, 01400000012". */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, value, -1);

  adw_preferences_group_add (self->lines_group, row);
}

static const char *
number_label (const PdReceipt *receipt)
{
  switch (receipt->kind)
    {
    case PD_TRANSACTION_KIND_VEND:
      return _("Meter");
    case PD_TRANSACTION_KIND_TOPUP:
      return _("Phone");
    case PD_TRANSACTION_KIND_BILL:
    case PD_TRANSACTION_KIND_CHARGE:
    case PD_TRANSACTION_KIND_COLLECTION:
    case PD_TRANSACTION_KIND_PAYMENT:
    case PD_TRANSACTION_KIND_REFUND:
    case PD_TRANSACTION_KIND_DISBURSEMENT:
    case PD_TRANSACTION_KIND_TRANSFER:
    case PD_TRANSACTION_KIND_PAYOUT:
    default:
      return _("Account");
    }
}

static void
show_receipt (PdReceiptDialog *self)
{
  const PdReceipt *receipt = self->receipt;
  g_autofree char *amount = pd_format_money (&receipt->amount);
  g_autofree char *date = pd_receipt_format_date (receipt);
  g_autofree char *units = NULL;
  g_autofree char *heading = NULL;

  adw_window_title_set_subtitle (self->window_title, date);

  if (receipt->provider != NULL)
    /* Translators: a receipt's heading: the provider, then what was sold */
    heading = g_strdup_printf (_("%s — %s"), receipt->provider, pd_receipt_get_title (receipt));
  else
    heading = g_strdup (pd_receipt_get_title (receipt));
  gtk_label_set_text (self->heading_label, heading);

  gtk_widget_set_visible (self->token_box, receipt->token != NULL);
  if (receipt->token != NULL)
    {
      g_autofree char *grouped = pd_receipt_format_token (receipt->token);

      gtk_label_set_text (self->token_label, grouped);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->token_label),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, grouped, -1);
    }

  add_line (self, number_label (receipt), receipt->number, FALSE);
  add_line (self, _("Customer"), receipt->customer_name, FALSE);
  if (receipt->units != NULL)
    /* Translators: energy bought, "3.97 kWh" */
    units = g_strdup_printf (_("%s kWh"), receipt->units);
  add_line (self, _("Units"), units, FALSE);
  add_line (self, _("Amount"), amount, FALSE);
  for (guint i = 0; receipt->charges != NULL && i < receipt->charges->len; i++)
    {
      const PdReceiptLine *line = g_ptr_array_index (receipt->charges, i);
      g_autofree char *value = pd_format_money (&line->amount);

      add_line (self, line->label, value, TRUE);
    }
  if (pd_money_is_set (&receipt->fees))
    {
      g_autofree char *fees = pd_format_money (&receipt->fees);

      add_line (self, _("Fees"), fees, FALSE);
    }
  add_line (self, _("Date"), date, FALSE);
  add_line (self, _("Receipt number"), receipt->receipt_number, FALSE);
  add_line (self, _("Reference"), receipt->reference, FALSE);
  add_line (self, _("Merchant"), receipt->merchant != NULL ? receipt->merchant : receipt->account, FALSE);
}

/* Printing */

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PdReceiptDialog   *self)
{
  gtk_print_operation_set_n_pages (operation, 1);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PdReceiptDialog   *self)
{
  pd_receipt_render (self->receipt,
                     gtk_print_context_get_cairo_context (context),
                     gtk_print_context_get_width (context),
                     gtk_print_context_get_height (context));
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               PdReceiptDialog         *self)
{
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (error != NULL ? error->message
                                                                : _("The receipt could not be printed")));
    }
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PdReceiptDialog *self = PD_RECEIPT_DIALOG (widget);
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a6 = gtk_paper_size_new ("iso_a6");
  g_autoptr(GError) error = NULL;
  g_autofree char *job = NULL;

  gtk_page_setup_set_paper_size_and_default_margins (setup, a6);
  gtk_print_operation_set_default_page_setup (operation, setup);
  /* Translators: the name of a print job; %s is the sale's reference */
  job = g_strdup_printf (_("Receipt %s"), self->receipt->reference != NULL ? self->receipt->reference : "");
  gtk_print_operation_set_job_name (operation, job);
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);

  g_signal_connect_object (operation, "begin-print", G_CALLBACK (begin_print_cb), self, 0);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (draw_page_cb), self, 0);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self, 0);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

/* Saving */

/**
 * pd_receipt_dialog_save_pdf:
 * @self: a dialog
 * @file: where to write
 * @error: return location for an error
 *
 * Writes the receipt as a one-page PDF, as "Save as PDF…" does.
 *
 * Returns: %TRUE when written
 */
gboolean
pd_receipt_dialog_save_pdf (PdReceiptDialog  *self,
                            GFile            *file,
                            GError          **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (PD_IS_RECEIPT_DIALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Receipts are saved to local files only"));
      return FALSE;
    }

  return pd_receipt_write_pdf (self->receipt, path, error);
}

static void
pdf_chosen_cb (GtkNativeDialog *chooser,
               int              response,
               PdReceiptDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file == NULL)
    return;

  if (!pd_receipt_dialog_save_pdf (self, file, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
  else
    {
      g_autofree char *name = g_file_get_basename (file);
      /* Translators: a toast after saving a receipt; %s is a file name */
      g_autofree char *message = g_strdup_printf (_("Saved %s"), name);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
    }
}

static void
save_pdf_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PdReceiptDialog *self = PD_RECEIPT_DIALOG (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  /* Translators: the suggested file name of a receipt; %s is the sale's reference */
  name = g_strdup_printf (_("Receipt %s.pdf"), self->receipt->reference != NULL ? self->receipt->reference : "");

  chooser = gtk_file_chooser_native_new (_("Save Receipt as PDF"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  g_signal_connect_object (chooser, "response", G_CALLBACK (pdf_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* GObject */

static void
pd_receipt_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PD_TYPE_RECEIPT_DIALOG);

  G_OBJECT_CLASS (pd_receipt_dialog_parent_class)->dispose (object);
}

static void
pd_receipt_dialog_finalize (GObject *object)
{
  PdReceiptDialog *self = (PdReceiptDialog *)object;

  g_clear_pointer (&self->receipt, pd_receipt_free);

  G_OBJECT_CLASS (pd_receipt_dialog_parent_class)->finalize (object);
}

static void
pd_receipt_dialog_class_init (PdReceiptDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_receipt_dialog_dispose;
  object_class->finalize = pd_receipt_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/paydesk/Paydesk/pd-receipt-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdReceiptDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PdReceiptDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PdReceiptDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, PdReceiptDialog, token_box);
  gtk_widget_class_bind_template_child (widget_class, PdReceiptDialog, token_label);
  gtk_widget_class_bind_template_child (widget_class, PdReceiptDialog, lines_group);

  gtk_widget_class_install_action (widget_class, "receipt.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "receipt.save-pdf", NULL, save_pdf_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "receipt.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "receipt.save-pdf", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pd_receipt_dialog_init (PdReceiptDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * pd_receipt_dialog_new:
 * @parent: (nullable): the window the receipt belongs to
 * @receipt: the receipt
 *
 * Returns: (transfer floating): a dialog showing a copy of @receipt
 */
PdReceiptDialog *
pd_receipt_dialog_new (GtkWindow       *parent,
                       const PdReceipt *receipt)
{
  PdReceiptDialog *self;

  g_return_val_if_fail (receipt != NULL, NULL);

  self = g_object_new (PD_TYPE_RECEIPT_DIALOG,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->receipt = pd_receipt_copy (receipt);
  show_receipt (self);

  return self;
}

/**
 * pd_receipt_dialog_new_for_transaction:
 * @parent: (nullable): the window the receipt belongs to
 * @store: the store the transaction's account is in
 * @transaction: a completed vend, top-up or bill payment
 * @error: return location for an error
 *
 * Returns: (transfer floating): a dialog showing the transaction's
 *   receipt, or %NULL with @error set (#PD_RECEIPT_ERROR: the sale is not
 *   complete, or is no sale)
 */
PdReceiptDialog *
pd_receipt_dialog_new_for_transaction (GtkWindow            *parent,
                                       PdStore              *store,
                                       const PdTransaction  *transaction,
                                       GError              **error)
{
  g_autoptr(PdAccount) account = NULL;
  g_autoptr(PdReceipt) receipt = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (transaction != NULL, NULL);

  account = pd_store_get_account (store, transaction->account_id, error);
  if (account == NULL)
    return NULL;

  receipt = pd_receipt_new_from_transaction (transaction, account, error);
  if (receipt == NULL)
    return NULL;

  return pd_receipt_dialog_new (parent, receipt);
}

/**
 * pd_receipt_dialog_get_receipt:
 * @self: a dialog
 *
 * Returns: (transfer none): the receipt shown
 */
const PdReceipt *
pd_receipt_dialog_get_receipt (PdReceiptDialog *self)
{
  g_return_val_if_fail (PD_IS_RECEIPT_DIALOG (self), NULL);

  return self->receipt;
}

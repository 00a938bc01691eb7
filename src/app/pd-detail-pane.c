/* pd-detail-pane.c - the whole record, its related records and its provider JSON
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Shows a PdTransactionItem or a PdRecordItem: every field that is set,
 * named; the records it belongs with (a charge's refunds and customer, a
 * refund's charge, a customer's latest transactions and cards, a card's
 * customer, a statement line's transaction, a wallet's recent balances);
 * and the provider's JSON as stored. A related record is a row that opens
 * it here in turn.
 *
 * The JSON is indented character by character, never parsed and written
 * again: json-glib would turn 2152.2 into 2152.1999999999998.
 */

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pd-detail-pane.h"
#include "pd-format.h"
#include "pd-record-item.h"
#include "pd-refund-dialog.h"
#include "pd-transaction-item.h"

/* Transactions of a customer listed at most. */
#define MAX_RELATED 20

struct _PdDetailPane
{
  GtkWidget            parent_instance;

  GtkWidget           *content;
  GtkScrolledWindow   *scroller;
  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  GtkLabel            *badge;
  GtkWidget           *receipt_button;
  GtkWidget           *refund_button;
  GtkWidget           *settle_button;
  GtkWidget           *card_balance_button;
  GtkWidget           *remove_card_button;
  AdwPreferencesGroup *details_group;
  AdwPreferencesGroup *related_group;
  AdwPreferencesGroup *raw_group;
  GtkTextView         *raw_view;

  PdStore             *store;
  GObject             *item;
  GHashTable          *accounts;
  GPtrArray           *detail_rows;
  GPtrArray           *related_rows;
};

G_DEFINE_FINAL_TYPE (PdDetailPane, pd_detail_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
has_text (const char *text)
{
  return text != NULL && text[0] != '\0';
}

/* Indents JSON text without reading its values. */
static char *
indent_json (const char *json)
{
  GString *out = g_string_sized_new (strlen (json) * 2);
  gboolean in_string = FALSE, escaped = FALSE;
  guint depth = 0;

  for (const char *p = json; *p != '\0'; p++)
    {
      char c = *p;

      if (in_string)
        {
          g_string_append_c (out, c);
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          g_string_append_c (out, c);
          break;

        case '{':
        case '[':
          g_string_append_c (out, c);
          /* An empty object or array stays on its line. */
          if (p[1] == (c == '{' ? '}' : ']'))
            {
              g_string_append_c (out, p[1]);
              p++;
              break;
            }
          depth++;
          g_string_append_c (out, '\n');
          g_string_append_printf (out, "%*s", (int)depth * 2, "");
          break;

        case '}':
        case ']':
          depth = depth > 0 ? depth - 1 : 0;
          g_string_append_c (out, '\n');
          g_string_append_printf (out, "%*s", (int)depth * 2, "");
          g_string_append_c (out, c);
          break;

        case ',':
          g_string_append (out, ",\n");
          g_string_append_printf (out, "%*s", (int)depth * 2, "");
          break;

        case ':':
          g_string_append (out, ": ");
          break;

        case ' ':
        case '\t':
        case '\r':
        case '\n':
          break;

        default:
          g_string_append_c (out, c);
        }
    }

  return g_string_free (out, FALSE);
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

/* A field: its name above its value, which can be selected and copied. */
static void
add_field (PdDetailPane *self,
           const char   *name,
           const char   *value)
{
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *name_label;
  GtkWidget *value_label;

  if (!has_text (value))
    return;

  name_label = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (name_label), 0.0);
  gtk_widget_add_css_class (name_label, "caption");
  gtk_widget_add_css_class (name_label, "dim-label");

  value_label = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (value_label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (value_label, "pd-detail-value");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value_label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, name_label, NULL,
                                  -1);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_box_append (GTK_BOX (box), name_label);
  gtk_box_append (GTK_BOX (box), value_label);

  row = adw_preferences_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  adw_preferences_group_add (self->details_group, row);
  g_ptr_array_add (self->detail_rows, row);
}

static void
add_field_take (PdDetailPane *self,
                const char   *name,
                char         *value)
{
  add_field (self, name, value);
  g_free (value);
}

static void
add_money_field (PdDetailPane  *self,
                 const char    *name,
                 const PdMoney *money)
{
  if (pd_money_is_set (money))
    add_field_take (self, name, pd_money_format (money));
}

static void
related_activated_cb (AdwActionRow *row,
                      PdDetailPane *self)
{
  GObject *item = g_object_get_data (G_OBJECT (row), "pd-item");

  if (item != NULL)
    pd_detail_pane_show_item (self, item);
}

static void
add_related (PdDetailPane *self,
             GObject      *item,
             const char   *title,
             const char   *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : "");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "pd-item", g_object_ref (item), g_object_unref);
  g_signal_connect_object (row, "activated", G_CALLBACK (related_activated_cb), self, 0);

  adw_preferences_group_add (self->related_group, row);
  g_ptr_array_add (self->related_rows, row);
}

static const PdAccount *
find_account (PdDetailPane *self,
              gint64        account_id)
{
  return g_hash_table_lookup (self->accounts, &account_id);
}

static void
load_accounts (PdDetailPane *self)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  g_hash_table_remove_all (self->accounts);
  if (self->store == NULL || !pd_store_list_accounts (self->store, &accounts, &error))
    {
      if (error != NULL)
        g_warning ("Cannot read the accounts: %s", error->message);
      return;
    }

  g_ptr_array_set_free_func (accounts, NULL);
  for (guint i = 0; i < accounts->len; i++)
    {
      PdAccount *account = g_ptr_array_index (accounts, i);

      g_hash_table_insert (self->accounts, &account->id, account);
    }
}

static const char *
account_label (PdDetailPane *self,
               gint64        account_id)
{
  const PdAccount *account = find_account (self, account_id);

  return account != NULL ? account->label : NULL;
}

static void
add_related_transaction (PdDetailPane  *self,
                         PdTransaction *transaction)
{
  g_autoptr(PdTransactionItem) item = NULL;
  g_autofree char *amount = pd_format_money (&transaction->amount);
  g_autofree char *date = pd_format_date_time (transaction->created_at);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: a related transaction: its kind and its amount */
  title = g_strdup_printf (_("%s of %s"), pd_transaction_kind_get_label (transaction->kind), amount);
  /* Translators: a related transaction's date and state */
  subtitle = g_strdup_printf (_("%s · %s"), date, pd_transaction_state_get_label (transaction->state));
  item = pd_transaction_item_new (transaction, account_label (self, transaction->account_id));
  add_related (self, G_OBJECT (item), title, subtitle);
}

static void
add_related_customer (PdDetailPane *self,
                      gint64        account_id,
                      const char   *customer_provider_id)
{
  g_autoptr(GError) error = NULL;
  PdCustomer *customer;
  g_autoptr(PdRecordItem) item = NULL;
  g_autofree char *title = NULL;

  if (!has_text (customer_provider_id))
    return;

  customer = pd_store_get_customer (self->store, account_id, customer_provider_id, &error);
  if (customer == NULL)
    return;

  item = pd_record_item_new_customer (customer, find_account (self, account_id));
  /* Translators: a related record: the customer, by name */
  title = g_strdup_printf (_("Customer %s"), pd_record_item_get_name (item));
  add_related (self, G_OBJECT (item), title, customer->phone != NULL ? customer->phone : customer->email);
}

/* A transaction of any kind by its provider id. */
static PdTransaction *
find_any_kind (PdStore    *store,
               gint64      account_id,
               const char *provider_id)
{
  for (guint kind = 0; kind < PD_TRANSACTION_KIND_COUNT; kind++)
    {
      PdTransaction *found = pd_store_find_transaction (store, account_id, kind, provider_id, NULL);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
show_transaction (PdDetailPane      *self,
                  PdTransactionItem *item)
{
  const PdTransaction *t = pd_transaction_item_get_transaction (item);
  g_autofree char *amount = pd_format_money (&t->amount);
  g_autofree char *subtitle = NULL;
  g_autoptr(GError) error = NULL;

  gtk_label_set_text (self->title_label, amount);
  /* Translators: under a transaction's amount: its kind, provider and account */
  subtitle = g_strdup_printf (_("%s · %s · %s"), pd_transaction_kind_get_label (t->kind),
                              pd_provider_get_display_name (t->provider),
                              has_text (pd_transaction_item_get_account_label (item))
                              ? pd_transaction_item_get_account_label (item) : "");
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_label_set_text (self->badge, pd_format_state_label (t));
  gtk_widget_set_css_classes (GTK_WIDGET (self->badge),
                              (const char *[]) { "pd-badge", pd_format_state_class (t->state), NULL });
  gtk_widget_set_visible (GTK_WIDGET (self->badge), TRUE);
  /* A sale's receipt (win.show-receipt), once it completed. */
  gtk_widget_set_visible (self->receipt_button,
                          t->state == PD_TRANSACTION_STATE_SUCCEEDED &&
                          (t->kind == PD_TRANSACTION_KIND_VEND || t->kind == PD_TRANSACTION_KIND_TOPUP ||
                           t->kind == PD_TRANSACTION_KIND_BILL));
  /* A charge that can still be refunded (win.refund). */
  gtk_widget_set_visible (self->refund_button, pd_refund_dialog_can_refund (t));
  /* Sent from here, its answer lost (win.settle-payment says whether a
   * person can settle it). */
  gtk_widget_set_visible (self->settle_button,
                          t->state == PD_TRANSACTION_STATE_INDETERMINATE &&
                          g_str_has_prefix (t->provider_id != NULL ? t->provider_id : "", "paydesk:"));

  add_field (self, _("Customer"), t->customer_name);
  add_field (self, _("Phone"), t->phone);
  add_field (self, _("E-mail"), t->email);
  if (has_text (t->card_last4))
    add_field_take (self, _("Card"), g_strdup_printf ("•••• %s", t->card_last4));
  add_field (self, _("Reference"), t->reference);
  add_field (self, _("Provider ID"), t->provider_id);
  add_field (self, _("Provider Status"), t->provider_status);
  add_money_field (self, _("Fee"), &t->fee);
  add_money_field (self, _("Refunded"), &t->amount_refunded);
  add_field (self, _("Description"), t->description);
  add_field (self, _("Counterparty"), t->counterparty);
  add_field_take (self, _("Created"), pd_format_date_time (t->created_at));
  if (t->updated_at != 0)
    add_field_take (self, _("Updated"), pd_format_date_time (t->updated_at));

  if (t->kind == PD_TRANSACTION_KIND_REFUND && has_text (t->parent_provider_id))
    {
      PdTransaction *charge = find_any_kind (self->store, t->account_id, t->parent_provider_id);

      if (charge != NULL)
        add_related_transaction (self, charge);
    }
  else if (has_text (t->provider_id))
    {
      g_autoptr(GPtrArray) refunds = NULL;

      if (pd_store_list_refunds (self->store, t->account_id, t->provider_id, &refunds, &error))
        {
          g_ptr_array_set_free_func (refunds, NULL);
          for (guint i = 0; i < refunds->len; i++)
            add_related_transaction (self, g_ptr_array_index (refunds, i));
        }
    }

  add_related_customer (self, t->account_id, t->customer_provider_id);
}

static void
show_customer (PdDetailPane *self,
               PdRecordItem *item)
{
  const PdCustomer *customer = pd_record_item_get_customer (item);
  g_autoptr(PdQuery) query = pd_query_new ();
  g_autoptr(GPtrArray) transactions = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GError) error = NULL;
  guint64 count = 0;

  add_field (self, _("E-mail"), customer->email);
  add_field (self, _("Phone"), customer->phone);
  add_field (self, _("Provider ID"), customer->provider_id);
  add_field_take (self, _("Customer Since"), pd_format_date_time (customer->created_at));

  query->account_id = customer->account_id;
  query->customer_provider_id = g_strdup (customer->provider_id);
  query->limit = MAX_RELATED;
  if (pd_store_count_transactions (self->store, query, &count, &error) &&
      pd_store_query_transactions (self->store, query, &transactions, &error))
    {
      g_ptr_array_set_free_func (transactions, NULL);
      for (guint i = 0; i < transactions->len; i++)
        add_related_transaction (self, g_ptr_array_index (transactions, i));
    }
  if (count > MAX_RELATED)
    {
      g_autofree char *shown = g_strdup_printf ("%'u", MAX_RELATED);
      g_autofree char *total = g_strdup_printf ("%'" G_GUINT64_FORMAT, count);
      g_autofree char *description = NULL;

      /* Translators: the related records of a customer: how many are listed of how many */
      description = g_strdup_printf (_("The latest %s of %s transactions and every saved card"), shown, total);
      adw_preferences_group_set_description (self->related_group, description);
    }

  if (pd_store_list_cards (self->store, customer->account_id, customer->provider_id, &cards, NULL))
    {
      g_ptr_array_set_free_func (cards, NULL);
      for (guint i = 0; i < cards->len; i++)
        {
          PdCard *card = g_ptr_array_index (cards, i);
          g_autoptr(PdRecordItem) card_item = pd_record_item_new_card (card, find_account (self, card->account_id),
                                                                       customer->name);
          g_autofree char *card_text = NULL;
          g_autofree char *title = NULL;

          g_object_get (card_item, "card", &card_text, NULL);
          /* Translators: a related record: a saved card */
          title = g_strdup_printf (_("Card %s"), card_text != NULL ? card_text : "");
          add_related (self, G_OBJECT (card_item), title, card->holder_name);
        }
    }
}

static void
show_card (PdDetailPane *self,
           PdRecordItem *item)
{
  const PdCard *card = pd_record_item_get_card (item);
  g_autofree char *expiry = NULL;

  g_object_get (item, "expiry", &expiry, NULL);
  add_field (self, _("Holder"), card->holder_name);
  add_field (self, _("Brand"), card->brand);
  add_field (self, _("Last Four Digits"), card->last4);
  add_field (self, _("Expires"), expiry);
  add_field (self, _("Provider ID"), card->provider_id);
  add_field_take (self, _("Added"), pd_format_date_time (card->created_at));

  add_related_customer (self, card->account_id, card->customer_provider_id);

  /* An EnayaPay card is asked its balance and removed from here
   * (win.card-balance, win.remove-card). */
  gtk_widget_set_visible (self->card_balance_button,
                          g_strcmp0 (pd_record_item_get_provider (item), "enayapay") == 0);
  gtk_widget_set_visible (self->remove_card_button,
                          g_strcmp0 (pd_record_item_get_provider (item), "enayapay") == 0);
}

static void
show_statement_entry (PdDetailPane *self,
                      PdRecordItem *item)
{
  const PdStatementEntry *entry = pd_record_item_get_statement_entry (item);

  add_field (self, _("Wallet"), entry->wallet);
  add_field (self, _("Type"), entry->entry_type);
  add_field (self, _("Direction"), pd_statement_direction_get_label (entry->direction));
  add_money_field (self, _("Balance Before"), &entry->balance_before);
  add_money_field (self, _("Balance After"), &entry->balance_after);
  add_field (self, _("Status"), entry->status);
  add_field (self, _("Counterparty"), entry->counterparty);
  add_field (self, _("Provider ID"), entry->provider_id);
  add_field (self, _("Transaction"), entry->transaction_provider_id);
  add_field_take (self, _("Date"), pd_format_date_time (entry->created_at));

  if (has_text (entry->transaction_provider_id))
    {
      PdTransaction *transaction = find_any_kind (self->store, entry->account_id,
                                                  entry->transaction_provider_id);

      if (transaction != NULL)
        add_related_transaction (self, transaction);
    }
}

static void
show_balance (PdDetailPane *self,
              PdRecordItem *item)
{
  const PdBalance *balance = pd_record_item_get_balance (item);
  g_autoptr(GPtrArray) history = NULL;

  add_field (self, _("Wallet"), balance->wallet);
  add_field_take (self, _("As Of"), pd_format_date_time (balance->recorded_at));

  if (!pd_store_list_balance_history (self->store, balance->account_id, balance->wallet, 0, 0, &history, NULL))
    return;

  /* The readings before this one, newest first. */
  for (guint i = history->len, shown = 0; i > 0 && shown < MAX_RELATED; i--)
    {
      const PdBalance *reading = g_ptr_array_index (history, i - 1);
      g_autoptr(PdRecordItem) reading_item = NULL;
      g_autofree char *amount = NULL;
      g_autofree char *date = NULL;

      if (reading->recorded_at >= balance->recorded_at)
        continue;

      amount = pd_format_money (&reading->amount);
      date = pd_format_date_time (reading->recorded_at);
      reading_item = pd_record_item_new_balance (pd_balance_copy (reading),
                                                 find_account (self, reading->account_id));
      add_related (self, G_OBJECT (reading_item), amount, date);
      shown++;
    }
}

static void
show_record (PdDetailPane *self,
             PdRecordItem *item)
{
  const PdAccount *account = find_account (self, pd_record_item_get_account_id (item));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  switch (pd_record_item_get_kind (item))
    {
    case PD_RECORD_CARD:
      g_object_get (item, "card", &title, NULL);
      break;
    case PD_RECORD_STATEMENT_ENTRY:
    case PD_RECORD_BALANCE:
      g_object_get (item, "amount-text", &title, NULL);
      break;
    case PD_RECORD_CUSTOMER:
    default:
      title = g_strdup (pd_record_item_get_name (item));
      break;
    }

  gtk_label_set_text (self->title_label, title != NULL ? title : "");
  /* Translators: under a record's name: its provider and account */
  subtitle = g_strdup_printf (_("%s · %s"), pd_provider_get_display_name (pd_record_item_get_provider (item)),
                              account != NULL ? account->label : "");
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->badge), FALSE);

  switch (pd_record_item_get_kind (item))
    {
    case PD_RECORD_CUSTOMER:
      show_customer (self, item);
      break;
    case PD_RECORD_CARD:
      show_card (self, item);
      break;
    case PD_RECORD_STATEMENT_ENTRY:
      show_statement_entry (self, item);
      break;
    case PD_RECORD_BALANCE:
    default:
      show_balance (self, item);
      break;
    }
}

static void
pd_detail_pane_dispose (GObject *object)
{
  PdDetailPane *self = (PdDetailPane *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_DETAIL_PANE);

  g_clear_object (&self->item);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pd_detail_pane_parent_class)->dispose (object);
}

static void
pd_detail_pane_finalize (GObject *object)
{
  PdDetailPane *self = (PdDetailPane *)object;

  g_clear_pointer (&self->accounts, g_hash_table_unref);
  g_clear_pointer (&self->detail_rows, g_ptr_array_unref);
  g_clear_pointer (&self->related_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (pd_detail_pane_parent_class)->finalize (object);
}

static void
pd_detail_pane_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PdDetailPane *self = PD_DETAIL_PANE (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_detail_pane_class_init (PdDetailPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_detail_pane_dispose;
  object_class->finalize = pd_detail_pane_finalize;
  object_class->get_property = pd_detail_pane_get_property;

  /**
   * PdDetailPane:item:
   *
   * The record shown: a #PdTransactionItem, a #PdRecordItem or %NULL.
   */
  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL,
                         G_TYPE_OBJECT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/paydesk/Paydesk/pd-detail-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, PdDetailPane, content);
  gtk_widget_class_bind_template_child (widget_class, PdDetailPane, scroller);
  gtk_widget_class_bind_template_child (widget_class, PdDetailPane, title_label);
  gtk_widget_class_bind_template_child (widget_class, PdDetailPane, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, PdDetailPane, badge);
  gtk_widget_class_bind_template_child (widget_class, PdDetailPane, receipt_button);
  gtk_widget_class_bind_template_child (widget_class, PdDetailPane, refund_button);
  gtk_widget_class_bind_template_child (widget_class, PdDetailPane, card_balance_button);
  gtk_widget_class_bind_template_child (widget_class, PdDetailPane, remove_card_button);
  gtk_widget_class_bind_template_child (widget_class, PdDetailPane, settle_button);
  gtk_widget_class_bind_template_child (widget_class, PdDetailPane, details_group);
  gtk_widget_class_bind_template_child (widget_class, PdDetailPane, related_group);
  gtk_widget_class_bind_template_child (widget_class, PdDetailPane, raw_group);
  gtk_widget_class_bind_template_child (widget_class, PdDetailPane, raw_view);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pd_detail_pane_init (PdDetailPane *self)
{
  self->accounts = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify)pd_account_free);
  self->detail_rows = g_ptr_array_new ();
  self->related_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Details"), -1);
}

void
pd_detail_pane_set_store (PdDetailPane *self,
                          PdStore      *store)
{
  g_return_if_fail (PD_IS_DETAIL_PANE (self));
  g_return_if_fail (PD_IS_STORE (store));

  g_set_object (&self->store, store);
}

/**
 * pd_detail_pane_show_item:
 * @self: a detail pane
 * @item: (nullable): a #PdTransactionItem or a #PdRecordItem
 *
 * Shows the record, or nothing.
 */
void
pd_detail_pane_show_item (PdDetailPane *self,
                          GObject      *item)
{
  const char *raw_json = NULL;
  g_autofree char *indented = NULL;

  g_return_if_fail (PD_IS_DETAIL_PANE (self));
  g_return_if_fail (item == NULL || PD_IS_TRANSACTION_ITEM (item) || PD_IS_RECORD_ITEM (item));

  /* A list's item is filled with other rows as the list changes: the
   * pane keeps a copy of what it shows. (The item may also be the one a
   * related row holds, which goes below.) */
  if (PD_IS_TRANSACTION_ITEM (item))
    {
      const PdTransaction *t = pd_transaction_item_get_transaction (PD_TRANSACTION_ITEM (item));

      item = t != NULL
        ? G_OBJECT (pd_transaction_item_new (pd_transaction_copy (t),
                                             pd_transaction_item_get_account_label (PD_TRANSACTION_ITEM (item))))
        : NULL;
    }
  else if (item != NULL)
    g_object_ref (item);
  g_clear_object (&self->item);
  self->item = item;

  clear_rows (self->details_group, self->detail_rows);
  clear_rows (self->related_group, self->related_rows);
  adw_preferences_group_set_description (self->related_group, NULL);
  gtk_widget_set_visible (self->receipt_button, FALSE);
  gtk_widget_set_visible (self->refund_button, FALSE);
  gtk_widget_set_visible (self->settle_button, FALSE);
  gtk_widget_set_visible (self->card_balance_button, FALSE);
  gtk_widget_set_visible (self->remove_card_button, FALSE);

  if (item != NULL && self->store != NULL)
    {
      load_accounts (self);

      if (PD_IS_TRANSACTION_ITEM (item))
        {
          show_transaction (self, PD_TRANSACTION_ITEM (item));
          raw_json = pd_transaction_item_get_transaction (PD_TRANSACTION_ITEM (item))->raw_json;
        }
      else
        {
          show_record (self, PD_RECORD_ITEM (item));
          raw_json = pd_record_item_get_raw_json (PD_RECORD_ITEM (item));
        }
    }
  else
    {
      gtk_label_set_text (self->title_label, "");
      gtk_label_set_text (self->subtitle_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->badge), FALSE);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->related_group), self->related_rows->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->raw_group), has_text (raw_json));
  indented = has_text (raw_json) ? indent_json (raw_json) : g_strdup ("");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->raw_view), indented, -1);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/**
 * pd_detail_pane_get_item:
 * @self: a detail pane
 *
 * Returns: (transfer none) (nullable): the record shown
 */
GObject *
pd_detail_pane_get_item (PdDetailPane *self)
{
  g_return_val_if_fail (PD_IS_DETAIL_PANE (self), NULL);

  return self->item;
}

/**
 * pd_detail_pane_get_n_related:
 * @self: a detail pane
 *
 * Returns: how many related records are listed
 */
guint
pd_detail_pane_get_n_related (PdDetailPane *self)
{
  g_return_val_if_fail (PD_IS_DETAIL_PANE (self), 0);

  return self->related_rows->len;
}

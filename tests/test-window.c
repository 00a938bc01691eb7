/* test-window.c - the main window, on a filled store and on the demo providers
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (build-aux/test.sh) with GSK_RENDERER=cairo. Each view is
 * shown, checked for rows with names rather than ids, and saved as a PNG in
 * the build directory (tests/screenshots/), to be looked at.
 */

#include <string.h>

#include <adwaita.h>

#include "pd-activity-item.h"
#include "pd-activity-view.h"
#include "pd-application.h"
#include "pd-balance-overview.h"
#include "pd-demo.h"
#include "pd-format.h"
#include "pd-record-item.h"
#include "pd-sort-key-sorter.h"
#include "pd-statement.h"
#include "pd-statement-summary.h"
#include "pd-sync-queue.h"
#include "pd-test-app.h"
#include "pd-test-capture.h"
#include "pd-test-window-data.h"
#include "pd-transaction-item.h"
#include "pd-window-private.h"

#define N_TRANSACTIONS 3000

static const char * const account_labels[] = {
  "Accra Market Stall", "Kampala Wholesale", "Sydney Online Shop", "Nairobi Power Kiosk",
  "Khartoum Corner Store",
};

static const char * const view_names[] = {
  "customers", "charges", "refunds", "disbursements", "cards", "statements", "balances",
};

typedef struct
{
  char     *dir;
  PdStore  *store;
  PdWindow *window;
} Fixture;

/* Helpers */

static gboolean
view_ready (gpointer data)
{
  GtkWidget *view = data;

  if (PD_IS_TRANSACTION_VIEW (view))
    {
      PdTransactionModel *model = pd_transaction_view_get_model (PD_TRANSACTION_VIEW (view));

      return model != NULL && !pd_transaction_model_get_loading (model);
    }

  return TRUE;
}

static void
wait_for_view (PdView *view)
{
  pd_test_wait_for (view_ready, view, "the list to load");
  pd_test_settle ();
}

/* The texts on screen: labels, and the inscriptions of list cells. */
static void
collect_labels (GtkWidget *widget,
                GPtrArray *texts)
{
  const char *text = NULL;

  if (GTK_IS_LABEL (widget))
    text = gtk_label_get_text (GTK_LABEL (widget));
  else if (GTK_IS_INSCRIPTION (widget))
    text = gtk_inscription_get_text (GTK_INSCRIPTION (widget));

  if (text != NULL && text[0] != '\0' && gtk_widget_get_mapped (widget))
    g_ptr_array_add (texts, g_strdup (text));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

static gboolean
texts_contain (GPtrArray  *texts,
               const char *needle)
{
  for (guint i = 0; i < texts->len; i++)
    if (strstr (g_ptr_array_index (texts, i), needle) != NULL)
      return TRUE;

  return FALSE;
}

static gboolean
texts_have_prefix (GPtrArray  *texts,
                   const char *prefix)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (texts, i), prefix))
      return TRUE;

  return FALSE;
}

static GtkWidget *
view_widget (Fixture    *fixture,
             const char *name)
{
  PdView *view = pd_window_get_view (fixture->window, name);

  g_assert_nonnull (view);
  return GTK_WIDGET (view);
}

static GtkColumnView *
view_column_view (GtkWidget *view)
{
  if (PD_IS_TRANSACTION_VIEW (view))
    return pd_transaction_view_get_column_view (PD_TRANSACTION_VIEW (view));

  return pd_record_view_get_column_view (PD_RECORD_VIEW (view));
}

static GListModel *
view_model (GtkWidget *view)
{
  if (PD_IS_TRANSACTION_VIEW (view))
    return G_LIST_MODEL (pd_transaction_view_get_model (PD_TRANSACTION_VIEW (view)));

  return pd_record_view_get_model (PD_RECORD_VIEW (view));
}

static gboolean
rows_shown (gpointer data)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  collect_labels (GTK_WIDGET (view_column_view (data)), texts);

  /* The headers, and at least a row's cells. */
  return texts->len > 10;
}

static void
show_view (Fixture    *fixture,
           const char *name)
{
  GtkWidget *view;

  pd_window_show_view (fixture->window, name);
  g_assert_cmpstr (pd_window_get_view_name (fixture->window), ==, name);
  view = view_widget (fixture, name);
  wait_for_view (PD_VIEW (view));
  if (g_list_model_get_n_items (view_model (view)) > 0)
    pd_test_wait_for (rows_shown, view, "rows on screen");
}

/* Fixture */

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  pd_test_reset_last_view ();

  fixture->dir = pd_test_make_tmp_dir ("paydesk-window-XXXXXX");
  fixture->store = pd_test_open_store (fixture->dir);

  g_assert_true (pd_test_window_data_fill (fixture->store, N_TRANSACTIONS,
                                           g_get_real_time () / G_USEC_PER_SEC, TRUE, &error));
  g_assert_no_error (error);

  fixture->window = pd_test_present_window (fixture->store, NULL, NULL);
  wait_for_view (PD_VIEW (view_widget (fixture, "charges")));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  pd_test_settle ();
  g_clear_object (&fixture->store);
  pd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* Tests */

/* Every view shows rows, with the names of accounts, providers and
 * customers rather than ids, and leaves a screenshot behind. */
static void
test_every_view (Fixture       *fixture,
                 gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (view_names); i++)
    {
      GtkWidget *view;
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *summary = NULL;
      gboolean any_account = FALSE;

      g_test_message ("View %s", view_names[i]);
      show_view (fixture, view_names[i]);
      view = view_widget (fixture, view_names[i]);

      g_assert_cmpuint (g_list_model_get_n_items (view_model (view)), >, 0);
      summary = pd_view_dup_summary (PD_VIEW (view));
      g_assert_nonnull (summary);
      g_assert_true (g_ascii_isdigit (summary[0]));

      collect_labels (GTK_WIDGET (view_column_view (view)), texts);
      g_assert_cmpuint (texts->len, >, 10);
      for (guint a = 0; a < G_N_ELEMENTS (account_labels); a++)
        any_account |= texts_contain (texts, account_labels[a]);
      g_assert_true (any_account);

      /* Providers by name; no customer, account or card shown by id. */
      if (!g_str_equal (view_names[i], "statements"))
        g_assert_true (texts_contain (texts, "Pay") || texts_contain (texts, "PawaCard"));
      g_assert_false (texts_have_prefix (texts, "cus_"));
      g_assert_false (texts_have_prefix (texts, "tok_"));
      g_assert_false (texts_have_prefix (texts, "src_"));

      pd_test_save_screenshot (GTK_WIDGET (fixture->window), view_names[i]);
    }
}

/* The detail pane shows a refunded charge whole, its refund and its
 * customer as related records, and its provider JSON. */
static void
test_detail_pane (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *view;
  GListModel *model;
  GtkSingleSelection *selection;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  guint position = GTK_INVALID_LIST_POSITION;
  GObject *shown;

  show_view (fixture, "charges");
  view = view_widget (fixture, "charges");
  model = view_model (view);

  for (guint i = 0; i < MIN (g_list_model_get_n_items (model), PD_TRANSACTION_MODEL_WINDOW); i++)
    {
      g_autoptr(PdTransactionItem) item = g_list_model_get_item (model, i);
      const PdTransaction *t = pd_transaction_item_get_transaction (item);

      if (t != NULL && t->state == PD_TRANSACTION_STATE_REFUNDED)
        {
          position = i;
          break;
        }
    }
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);

  selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (view_column_view (view)));
  gtk_single_selection_set_selected (selection, position);
  pd_test_settle ();

  g_assert_true (adw_flap_get_reveal_flap (fixture->window->detail_flap));
  shown = pd_window_get_selected_item (fixture->window);
  g_assert_true (PD_IS_TRANSACTION_ITEM (shown));
  /* The refund and the customer. */
  g_assert_cmpuint (pd_detail_pane_get_n_related (fixture->window->detail_pane), >=, 2);

  collect_labels (GTK_WIDGET (fixture->window->detail_pane), texts);
  g_assert_true (texts_contain (texts, "Refund of"));
  g_assert_true (texts_contain (texts, pd_transaction_item_get_transaction (PD_TRANSACTION_ITEM (shown))->customer_name));
  pd_test_save_screenshot (GTK_WIDGET (fixture->window), "charges-detail");

  /* A customer: their transactions and cards. */
  show_view (fixture, "customers");
  view = view_widget (fixture, "customers");
  selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (view_column_view (view)));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (selection)); i++)
    {
      g_autoptr(PdRecordItem) item = g_list_model_get_item (G_LIST_MODEL (selection), i);

      if (g_str_equal (pd_record_item_get_provider (item), "fayapay"))
        {
          gtk_single_selection_set_selected (selection, i);
          break;
        }
    }
  pd_test_settle ();
  g_assert_true (PD_IS_RECORD_ITEM (pd_window_get_selected_item (fixture->window)));
  g_assert_cmpuint (pd_detail_pane_get_n_related (fixture->window->detail_pane), >, 1);
  pd_test_save_screenshot (GTK_WIDGET (fixture->window), "customers-detail");

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.hide-detail", NULL);
  pd_test_settle ();
  g_assert_false (adw_flap_get_reveal_flap (fixture->window->detail_flap));
}

typedef struct
{
  PdTransactionModel *model;
  const char         *text;
} QueryWait;

static gboolean
model_shows_text (gpointer data)
{
  QueryWait *wait = data;
  const PdQuery *query = pd_transaction_model_get_query (wait->model);

  return g_strcmp0 (query->text, wait->text) == 0 && !pd_transaction_model_get_loading (wait->model);
}

static void
type_search (Fixture    *fixture,
             const char *text)
{
  PdTransactionModel *model = pd_transaction_view_get_model (PD_TRANSACTION_VIEW (view_widget (fixture, "charges")));
  QueryWait wait = { model, text[0] != '\0' ? text : NULL };

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL);
  gtk_editable_set_text (GTK_EDITABLE (fixture->window->search_entry), text);
  pd_test_wait_for (model_shows_text, &wait, "the search");
  pd_test_settle ();
}

/* A fragment of a phone number finds the one charge paid from it, across
 * every provider and account. */
static void
test_search_phone (Fixture       *fixture,
                   gconstpointer  data)
{
  GListModel *model;
  g_autoptr(PdTransactionItem) item = NULL;
  const PdTransaction *t;

  show_view (fixture, "charges");
  model = view_model (view_widget (fixture, "charges"));
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 1000);

  type_search (fixture, PD_TEST_PHONE_FRAGMENT);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  item = g_list_model_get_item (model, 0);
  t = pd_transaction_item_get_transaction (item);
  g_assert_nonnull (t);
  g_assert_cmpstr (t->reference, ==, PD_TEST_PHONE_REFERENCE);
  g_assert_cmpstr (t->customer_name, ==, PD_TEST_PHONE_CUSTOMER);
  g_assert_cmpstr (pd_transaction_item_get_account_label (item), ==, "Kampala Wholesale");
  pd_test_save_screenshot (GTK_WIDGET (fixture->window), "search-phone");

  /* The same with spaces, as a person reads a number out. */
  type_search (fixture, "772 918 404");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);

  /* A name matches across providers; clearing the search shows all again. */
  type_search (fixture, "Kamau");
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 1);
  type_search (fixture, "");
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 1000);
}

static gint64
order_value (const PdMoney *money)
{
  gint64 value = money->units;

  for (guint scale = money->scale; scale < 6; scale++)
    value *= 10;

  return value;
}

typedef struct
{
  PdTransactionModel *model;
  PdSortKey           key;
  gboolean            descending;
} SortWait;

static gboolean
model_sorted (gpointer data)
{
  SortWait *wait = data;
  const PdQuery *query = pd_transaction_model_get_query (wait->model);

  return query->sort == wait->key && query->descending == wait->descending
      && !pd_transaction_model_get_loading (wait->model);
}

static void
assert_amount_order (GListModel *model,
                     gboolean    descending)
{
  gint64 previous = descending ? G_MAXINT64 : G_MININT64;

  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(PdTransactionItem) item = g_list_model_get_item (model, i);
      const PdTransaction *t = pd_transaction_item_get_transaction (item);
      gint64 value;

      g_assert_nonnull (t);
      value = order_value (&t->amount);
      if (descending)
        g_assert_cmpint (value, <=, previous);
      else
        g_assert_cmpint (value, >=, previous);
      previous = value;
    }
}

/* Clicking the Amount header sorts by amount in the store, both ways. */
static void
test_sort_amount (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *view = view_widget (fixture, "charges");
  PdTransactionModel *model = pd_transaction_view_get_model (PD_TRANSACTION_VIEW (view));
  GtkColumnView *column_view = view_column_view (view);
  GListModel *columns = gtk_column_view_get_columns (column_view);
  g_autoptr(GtkColumnViewColumn) amount_column = NULL;
  g_autoptr(PdTransactionItem) largest = NULL;
  SortWait wait = { model, PD_SORT_AMOUNT, FALSE };
  gint64 newest_id;

  show_view (fixture, "charges");
  {
    g_autoptr(PdTransactionItem) newest = g_list_model_get_item (G_LIST_MODEL (model), 0);

    /* The model fills the same item with the row at its place: keep the id. */
    newest_id = pd_transaction_item_get_transaction (newest)->id;
  }

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), "Amount") == 0)
        amount_column = g_steal_pointer (&column);
    }
  g_assert_nonnull (amount_column);

  /* What a click on the header does. */
  gtk_column_view_sort_by_column (column_view, amount_column, GTK_SORT_ASCENDING);
  pd_test_wait_for (model_sorted, &wait, "the ascending order");
  assert_amount_order (G_LIST_MODEL (model), FALSE);

  gtk_column_view_sort_by_column (column_view, amount_column, GTK_SORT_DESCENDING);
  wait.descending = TRUE;
  pd_test_wait_for (model_sorted, &wait, "the descending order");
  assert_amount_order (G_LIST_MODEL (model), TRUE);

  largest = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpint (pd_transaction_item_get_transaction (largest)->id, !=, newest_id);
  pd_test_settle ();
  pd_test_save_screenshot (GTK_WIDGET (fixture->window), "charges-by-amount");

  /* Far down the list, rows still come in order (keyset windows). */
  {
    g_autoptr(PdTransactionItem) far = g_list_model_get_item (G_LIST_MODEL (model), 1500);

    g_assert_true (pd_transaction_item_is_loading (far) ||
                   pd_transaction_item_get_transaction (far) != NULL);
  }
}

static GtkColumnViewColumn *
find_column (GtkColumnView *column_view,
             const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (column_view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return g_steal_pointer (&column);
    }

  return NULL;
}

/* Every column sorts in the store; the Account and Fee headers too. */
static void
test_sort_account_fee (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *view = view_widget (fixture, "charges");
  PdTransactionModel *model = pd_transaction_view_get_model (PD_TRANSACTION_VIEW (view));
  GtkColumnView *column_view = view_column_view (view);
  GListModel *columns = gtk_column_view_get_columns (column_view);
  g_autoptr(GtkColumnViewColumn) account_column = NULL;
  g_autoptr(GtkColumnViewColumn) fee_column = NULL;
  SortWait wait = { model, PD_SORT_ACCOUNT, FALSE };
  g_autofree char *previous_label = NULL;
  gint64 previous_fee = G_MAXINT64;

  show_view (fixture, "charges");

  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, PD_SORT_KEY_COUNT);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_assert_true (PD_IS_SORT_KEY_SORTER (gtk_column_view_column_get_sorter (column)));
    }

  account_column = find_column (column_view, "Account");
  g_assert_nonnull (account_column);
  gtk_column_view_sort_by_column (column_view, account_column, GTK_SORT_ASCENDING);
  pd_test_wait_for (model_sorted, &wait, "the account order");
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(PdTransactionItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      const PdTransaction *t = pd_transaction_item_get_transaction (item);

      g_assert_nonnull (t);
      g_assert_nonnull (t->account_label);
      if (previous_label != NULL)
        g_assert_cmpint (g_ascii_strcasecmp (previous_label, t->account_label), <=, 0);
      g_free (previous_label);
      previous_label = g_strdup (t->account_label);
    }

  fee_column = find_column (column_view, "Fee");
  g_assert_nonnull (fee_column);
  gtk_column_view_sort_by_column (column_view, fee_column, GTK_SORT_DESCENDING);
  wait.key = PD_SORT_FEE;
  wait.descending = TRUE;
  pd_test_wait_for (model_sorted, &wait, "the fee order");
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(PdTransactionItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      const PdTransaction *t = pd_transaction_item_get_transaction (item);
      gint64 value;

      g_assert_nonnull (t);
      value = pd_money_is_set (&t->fee) ? order_value (&t->fee) : 0;
      g_assert_cmpint (value, <=, previous_fee);
      previous_fee = value;
    }
}

typedef struct
{
  GListModel *model;
  guint       position;
} RowWait;

static gboolean
row_loaded (gpointer data)
{
  RowWait *wait = data;
  g_autoptr(PdTransactionItem) item = g_list_model_get_item (wait->model, wait->position);

  return !pd_transaction_item_is_loading (item);
}

typedef struct
{
  GListModel *model;
  guint64     count;
} CountWait;

static gboolean
model_has_count (gpointer data)
{
  CountWait *wait = data;

  return g_list_model_get_n_items (wait->model) == wait->count;
}

/* The model reads windows, never every row. */
static void
test_lazy_model (Fixture       *fixture,
                 gconstpointer  data)
{
  PdTransactionModel *model = pd_transaction_view_get_model (PD_TRANSACTION_VIEW (view_widget (fixture, "charges")));
  CountWait count_wait = { G_LIST_MODEL (model), 0 };
  RowWait wait = { G_LIST_MODEL (model), 0 };
  g_autoptr(PdTransactionItem) last = NULL;
  g_autoptr(PdQuery) count_query = pd_query_new ();
  g_autoptr(GError) error = NULL;
  guint64 count = 0;
  guint n;

  count_query->kinds = pd_transaction_view_get_kinds (PD_TRANSACTION_VIEW (view_widget (fixture, "charges")));
  g_assert_true (pd_store_count_transactions (fixture->store, count_query, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, >, PD_TRANSACTION_MODEL_WINDOW);

  /* The first window shows at once; the list grows to the store's count
   * when the worker has counted (later on a busy machine). */
  count_wait.count = count;
  pd_test_wait_for (model_has_count, &count_wait, "the list to grow to its count");
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, count);
  wait.position = n - 1;
  g_assert_cmpuint (pd_transaction_model_get_n_cached (model), <=,
                    PD_TRANSACTION_MODEL_WINDOW * PD_TRANSACTION_MODEL_MAX_WINDOWS);

  /* The last row, read on demand; the oldest charge. */
  pd_test_wait_for (row_loaded, &wait, "the last row");
  last = g_list_model_get_item (G_LIST_MODEL (model), n - 1);
  g_assert_nonnull (pd_transaction_item_get_transaction (last));
  g_assert_cmpuint (pd_transaction_model_get_n_fetched (model), <, count);
}

/* The search and the filters are saved under a name, and one click on
 * that name shows them again. */
static void
test_saved_view (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(PdQuery) filter = pd_query_new ();
  PdTransactionModel *model;
  const PdQuery *query;
  guint n_saved;
  GtkListBoxRow *row;

  show_view (fixture, "charges");
  model = pd_transaction_view_get_model (PD_TRANSACTION_VIEW (view_widget (fixture, "charges")));

  filter->states = PD_TRANSACTION_STATE_BIT (PD_TRANSACTION_STATE_PENDING);
  pd_filter_bar_set_query (fixture->window->filter_bar, filter);
  type_search (fixture, "Kam");
  n_saved = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n_saved, >, 0);
  g_assert_cmpuint (pd_transaction_model_get_query (model)->states, ==, filter->states);

  pd_window_save_view (fixture->window, "Pending Kam");
  row = gtk_list_box_get_row_at_index (fixture->window->saved_list, 0);
  g_assert_nonnull (row);

  /* Everything cleared, on another view. */
  pd_filter_bar_clear (fixture->window->filter_bar);
  type_search (fixture, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, n_saved);
  show_view (fixture, "refunds");

  /* One click. */
  g_signal_emit_by_name (fixture->window->saved_list, "row-activated", row);
  g_assert_cmpstr (pd_window_get_view_name (fixture->window), ==, "charges");
  {
    QueryWait wait = { model, "Kam" };

    pd_test_wait_for (model_shows_text, &wait, "the saved view");
  }
  query = pd_transaction_model_get_query (model);
  g_assert_cmpstr (query->text, ==, "Kam");
  g_assert_cmpuint (query->states, ==, PD_TRANSACTION_STATE_BIT (PD_TRANSACTION_STATE_PENDING));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->window->search_entry)), ==, "Kam");
  g_assert_true (pd_filter_bar_is_active (fixture->window->filter_bar));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n_saved);
  pd_test_settle ();
  pd_test_save_screenshot (GTK_WIDGET (fixture->window), "saved-view");

  /* And it goes away. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-saved-view", "s", "Pending Kam");
  g_assert_null (gtk_list_box_get_row_at_index (fixture->window->saved_list, 0));
}

typedef struct
{
  gboolean  done;
  guint64   n_rows;
  GError   *error;
} ExportWait;

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ExportWait *wait = user_data;

  pd_view_export_finish (PD_VIEW (object), result, &wait->n_rows, &wait->error);
  wait->done = TRUE;
}

static gboolean
export_done (gpointer data)
{
  return ((ExportWait *)data)->done;
}

/* An export holds every row the list shows, not only those on screen. */
static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  PdView *view = PD_VIEW (view_widget (fixture, "charges"));
  GListModel *model = view_model (GTK_WIDGET (view));
  g_autofree char *path = g_build_filename (fixture->dir, "charges.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  ExportWait wait = { FALSE, 0, NULL };

  show_view (fixture, "charges");
  type_search (fixture, "Kamau");
  pd_view_export_async (view, file, NULL, exported_cb, &wait);
  pd_test_wait_for (export_done, &wait, "the export");
  g_assert_no_error (wait.error);
  g_assert_cmpuint (wait.n_rows, ==, g_list_model_get_n_items (model));

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\r\n", -1);
  /* The header, the rows, and the empty string after the last CRLF. */
  g_assert_cmpuint (g_strv_length (lines), ==, wait.n_rows + 2);
  g_assert_true (g_str_has_prefix (lines[0], "Date (UTC),Provider,Account,"));
  g_assert_nonnull (strstr (lines[1], "Kamau"));

  /* A record view exports what it shows too. */
  {
    PdView *customers = PD_VIEW (view_widget (fixture, "customers"));
    ExportWait customers_wait = { FALSE, 0, NULL };

    show_view (fixture, "customers");
    pd_view_export_async (customers, file, NULL, exported_cb, &customers_wait);
    pd_test_wait_for (export_done, &customers_wait, "the customers export");
    g_assert_no_error (customers_wait.error);
    g_assert_cmpuint (customers_wait.n_rows, ==, g_list_model_get_n_items (view_model (GTK_WIDGET (customers))));
  }
}

/* The filter bar narrows by state, and by account. */
static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(PdQuery) filter = pd_query_new ();
  GListModel *model = view_model (view_widget (fixture, "charges"));
  g_autoptr(GPtrArray) accounts = NULL;
  const PdAccount *kampala = NULL;

  show_view (fixture, "charges");
  g_assert_true (pd_store_list_accounts (fixture->store, &accounts, NULL));
  for (guint i = 0; i < accounts->len; i++)
    if (g_str_equal (((PdAccount *)g_ptr_array_index (accounts, i))->provider, "zengapay"))
      kampala = g_ptr_array_index (accounts, i);
  g_assert_nonnull (kampala);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.toggle-filters", NULL);
  filter->account_id = kampala->id;
  filter->states = PD_TRANSACTION_STATE_BIT (PD_TRANSACTION_STATE_FAILED);
  pd_filter_bar_set_query (fixture->window->filter_bar, filter);
  wait_for_view (PD_VIEW (view_widget (fixture, "charges")));

  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  for (guint i = 0; i < MIN (g_list_model_get_n_items (model), PD_TRANSACTION_MODEL_WINDOW); i++)
    {
      g_autoptr(PdTransactionItem) item = g_list_model_get_item (model, i);
      const PdTransaction *t = pd_transaction_item_get_transaction (item);

      g_assert_cmpint (t->account_id, ==, kampala->id);
      g_assert_cmpint (t->state, ==, PD_TRANSACTION_STATE_FAILED);
    }
  pd_test_save_screenshot (GTK_WIDGET (fixture->window), "filters");

  /* The same filter narrows the customers to the account. */
  show_view (fixture, "customers");
  model = view_model (view_widget (fixture, "customers"));
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PdRecordItem) item = g_list_model_get_item (model, i);

      g_assert_cmpint (pd_record_item_get_account_id (item), ==, kampala->id);
    }
}

/* The dark style, as a person who chose it sees the window. */
static void
test_dark_style (Fixture       *fixture,
                 gconstpointer  data)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  show_view (fixture, "charges");
  g_assert_true (adw_style_manager_get_dark (manager));
  pd_test_settle ();
  pd_test_save_screenshot (GTK_WIDGET (fixture->window), "charges-dark");
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

static gboolean
window_has_action (const char *name)
{
  GtkWidgetClass *klass = g_type_class_peek (PD_TYPE_WINDOW);
  const GVariantType *parameter_type;
  const char *action_name;
  const char *property_name;
  GType owner;
  guint i = 0;

  while (gtk_widget_class_query_action (klass, i++, &owner, &action_name, &parameter_type, &property_name))
    if (g_str_equal (action_name, name))
      return TRUE;

  return FALSE;
}

/* The shortcuts window parses, and every window action it lists exists. */
static void
test_shortcuts (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/paydesk/Paydesk/gtk/help-overlay.ui");
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  guint n_window_actions = 0;

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *action = NULL;
      g_autofree char *name = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;

      g_object_get (l->data, "action-name", &action, NULL);
      if (action == NULL || !g_str_has_prefix (action, "win."))
        continue;

      name = g_strndup (action, strcspn (action, ":"));
      g_test_message ("Shortcut for %s", name);
      g_assert_true (window_has_action (name));
      n_window_actions++;
    }
  g_assert_cmpuint (n_window_actions, >=, 10);

  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
}

/* Demo mode: the simulator's data, synchronized through every provider
 * client the registry has, into the window. */

typedef struct
{
  gboolean done;
  GError  *error;
} DemoWait;

static void
demo_started_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DemoWait *wait = user_data;

  pd_demo_start_finish (PD_DEMO (object), result, &wait->error);
  wait->done = TRUE;
}

static void
demo_stopped_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DemoWait *wait = user_data;

  pd_demo_stop_finish (PD_DEMO (object), result, &wait->error);
  wait->done = TRUE;
}

static gboolean
demo_done (gpointer data)
{
  return ((DemoWait *)data)->done;
}

static gboolean
sync_finished (gpointer data)
{
  return !pd_sync_queue_get_running (data);
}

static void
test_demo (void)
{
  g_autoptr(PdSecrets) secrets = pd_secrets_new ();
  g_autoptr(PdDemo) demo = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdSyncQueue) queue = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *sandbox = pd_demo_find_sandbox (NULL);
  DemoWait started = { FALSE, NULL };
  DemoWait stopped = { FALSE, NULL };
  PdWindow *window;
  GListModel *model;
  guint n_synced = 0;

  if (sandbox == NULL)
    {
      g_test_skip ("paydesk-sandbox is not built");
      return;
    }

  demo = pd_demo_new (secrets, &error);
  g_assert_no_error (error);
  dir = g_strdup (pd_demo_get_data_dir (demo));
  path = pd_demo_dup_store_path (demo);
  store = pd_store_new_for_path (path, &error);
  g_assert_no_error (error);

  pd_demo_start_async (demo, store, NULL, demo_started_cb, &started);
  pd_test_wait_for (demo_done, &started, "the demo to start");
  g_assert_no_error (started.error);
  g_assert_cmpuint (pd_demo_get_accounts (demo)->len, ==, 5);

  queue = pd_sync_queue_new (store, secrets);
  window = pd_test_present_window (store, queue, NULL);

  /* One account, as Preferences does for a new one: the others wait. */
  {
    const PdAccount *first = g_ptr_array_index (pd_demo_get_accounts (demo), 0);
    guint pages = 0;

    pd_sync_queue_sync_account (queue, first->id);
    g_assert_true (pd_sync_queue_get_running (queue));
    pd_test_wait_for (sync_finished, queue, "the first account's sync");
    g_assert_null (pd_sync_queue_get_error (queue, first->id));
    pd_sync_queue_get_progress (queue, first->id, NULL, &pages);
    g_assert_cmpuint (pages, >, 0);
    for (guint i = 1; i < pd_demo_get_accounts (demo)->len; i++)
      {
        const PdAccount *other = g_ptr_array_index (pd_demo_get_accounts (demo), i);

        pages = 1;
        g_assert_false (pd_sync_queue_get_progress (queue, other->id, NULL, &pages));
        g_assert_cmpuint (pages, ==, 0);
        g_assert_null (pd_sync_queue_get_error (queue, other->id));
      }
  }

  pd_sync_queue_sync_all (queue);
  g_assert_true (pd_sync_queue_get_running (queue));
  pd_test_wait_for (sync_finished, queue, "the demo sync");

  /* Every account the registry has a client for synchronized. */
  for (guint i = 0; i < pd_demo_get_accounts (demo)->len; i++)
    {
      const PdAccount *account = g_ptr_array_index (pd_demo_get_accounts (demo), i);
      const char *account_error = pd_sync_queue_get_error (queue, account->id);

      g_test_message ("%s: %s", account->label, account_error != NULL ? account_error : "synchronized");
      if (account_error == NULL)
        n_synced++;
    }
  g_assert_cmpuint (n_synced, >, 0);

  pd_window_show_view (window, "charges");
  model = G_LIST_MODEL (pd_transaction_view_get_model (PD_TRANSACTION_VIEW (pd_window_get_view (window, "charges"))));
  wait_for_view (pd_window_get_view (window, "charges"));
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  {
    g_autoptr(PdTransactionItem) item = g_list_model_get_item (model, 0);

    g_assert_true (g_str_has_suffix (pd_transaction_item_get_account_label (item), "Demo"));
  }
  pd_test_save_screenshot (GTK_WIDGET (window), "demo-charges");

  gtk_window_destroy (GTK_WINDOW (window));
  pd_test_settle ();
  g_clear_object (&queue);
  g_clear_object (&store);

  pd_demo_stop_async (demo, NULL, demo_stopped_cb, &stopped);
  pd_test_wait_for (demo_done, &stopped, "the demo to stop");
  g_assert_no_error (stopped.error);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

/* Activity, and balances and statements at a glance */

static gint64
account_id_for_label (PdStore    *store,
                      const char *label)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_store_list_accounts (store, &accounts, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < accounts->len; i++)
    {
      PdAccount *account = g_ptr_array_index (accounts, i);

      if (g_str_equal (account->label, label))
        return account->id;
    }

  g_assert_not_reached ();
}

static GPtrArray *
widget_texts (GtkWidget *widget)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  collect_labels (widget, texts);

  return texts;
}

static gboolean
texts_include (GPtrArray  *texts,
               const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_str_equal (g_ptr_array_index (texts, i), text))
      return TRUE;

  return FALSE;
}

static gboolean
activity_rows_shown (gpointer data)
{
  PdActivityView *view = data;
  g_autoptr(GPtrArray) texts = widget_texts (GTK_WIDGET (pd_activity_view_get_column_view (view)));

  return texts->len > 7;
}

/* Every action taken from this desktop is listed, newest first, with the
 * account's name, the action and outcome in words and the amount in the
 * currency's form; a new line shows when the store changed. */
static void
test_activity (Fixture       *fixture,
               gconstpointer  data)
{
  gint64 kampala = account_id_for_label (fixture->store, "Kampala Wholesale");
  gint64 accra = account_id_for_label (fixture->store, "Accra Market Stall");
  g_autoptr(PdActivity) submitted = pd_activity_new ();
  g_autoptr(PdActivity) answered = pd_activity_new ();
  g_autoptr(PdActivity) refund = pd_activity_new ();
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *summary = NULL;
  PdActivityView *view;
  GListModel *model;
  PdActivityItem *first;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  pd_window_show_view (fixture->window, "activity");
  g_assert_cmpstr (pd_window_get_view_name (fixture->window), ==, "activity");
  pd_test_settle ();
  view = PD_ACTIVITY_VIEW (view_widget (fixture, "activity"));
  model = pd_activity_view_get_model (view);

  /* Nothing was done yet: the page says what will be there. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  texts = widget_texts (GTK_WIDGET (view));
  g_assert_true (texts_include (texts, "No Activity Yet"));
  g_clear_pointer (&texts, g_ptr_array_unref);
  pd_test_save_screenshot (GTK_WIDGET (fixture->window), "activity-empty");

  /* A disbursement as the outbox records it: written, then answered. */
  submitted->at = now - 60;
  submitted->account_id = kampala;
  submitted->action = g_strdup ("submit");
  submitted->outcome = g_strdup ("queued");
  pd_money_init (&submitted->amount, 250000, 0, "UGX");
  submitted->detail = g_strdup ("Disbursement of UGX 250000, reference 1f0c7f5e, outbox entry 1");
  g_assert_true (pd_store_add_activity (fixture->store, submitted, &error));
  g_assert_no_error (error);

  answered->at = now - 55;
  answered->account_id = kampala;
  answered->action = g_strdup ("answer");
  answered->outcome = g_strdup ("unknown");
  answered->amount = submitted->amount;
  answered->detail = g_strdup ("Disbursement of UGX 250000, reference 1f0c7f5e, outbox entry 1: "
                               "the connection was lost");
  g_assert_true (pd_store_add_activity (fixture->store, answered, &error));
  g_assert_no_error (error);

  pd_window_reload (fixture->window);
  pd_test_wait_for (activity_rows_shown, view, "activity rows on screen");
  pd_test_settle ();

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  first = g_list_model_get_item (model, 0);
  g_assert_cmpint (pd_activity_item_get_activity (first)->id, ==, answered->id);
  g_object_unref (first);
  summary = pd_view_dup_summary (PD_VIEW (view));
  g_assert_cmpstr (summary, ==, "2 actions");

  texts = widget_texts (GTK_WIDGET (pd_activity_view_get_column_view (view)));
  amount = pd_format_money (&submitted->amount);
  g_assert_true (texts_include (texts, "Kampala Wholesale"));
  g_assert_true (texts_include (texts, amount));
  g_assert_true (texts_include (texts, "Submitted"));
  g_assert_true (texts_include (texts, "Queued"));
  g_assert_true (texts_include (texts, "Provider answered"));
  g_assert_true (texts_include (texts, "Checking with the provider"));
  g_assert_true (texts_include (texts, g_get_user_name ()));
  /* Never the stored words, never an account id. */
  g_assert_false (texts_include (texts, "submit"));
  g_assert_false (texts_include (texts, "unknown"));
  g_clear_pointer (&texts, g_ptr_array_unref);

  /* Money moved while the view is shown: it follows. */
  refund->account_id = accra;
  refund->action = g_strdup ("answer");
  refund->outcome = g_strdup ("confirmed");
  pd_money_init (&refund->amount, 1250, 2, "GHS");
  refund->detail = g_strdup ("Refund of GHS 12.50 for ch_1, reference 7d1e, outbox entry 2");
  g_assert_true (pd_store_add_activity (fixture->store, refund, &error));
  g_assert_no_error (error);
  pd_window_reload (fixture->window);
  pd_test_settle ();

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  first = g_list_model_get_item (model, 0);
  g_assert_cmpint (pd_activity_item_get_activity (first)->id, ==, refund->id);
  g_assert_cmpstr (pd_activity_item_get_account_label (first), ==, "Accra Market Stall");
  g_assert_cmpstr (pd_activity_item_get_outcome_class (first), ==, "succeeded");
  g_object_unref (first);
  texts = widget_texts (GTK_WIDGET (pd_activity_view_get_column_view (view)));
  g_assert_true (texts_include (texts, "Accra Market Stall"));
  g_assert_true (texts_include (texts, "Confirmed"));

  pd_test_save_screenshot (GTK_WIDGET (fixture->window), "activity");

  /* The audit trail exports as it is listed. */
  {
    g_autofree char *path = g_build_filename (fixture->dir, "activity.csv", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autofree char *contents = NULL;
    g_auto(GStrv) lines = NULL;
    ExportWait wait = { FALSE, 0, NULL };

    g_assert_true (pd_view_can_export (PD_VIEW (view)));
    pd_view_export_async (PD_VIEW (view), file, NULL, exported_cb, &wait);
    pd_test_wait_for (export_done, &wait, "the activity export");
    g_assert_no_error (wait.error);
    g_assert_cmpuint (wait.n_rows, ==, 3);
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    lines = g_strsplit (contents, "\r\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 5);
    g_assert_true (g_str_has_prefix (lines[0], "Time (UTC),User,Account,Provider,Action,Amount,Currency,"));
    g_assert_nonnull (strstr (lines[1], "Accra Market Stall,FayaPay,Provider answered,12.50,GHS,Confirmed,"));
    g_assert_nonnull (strstr (lines[3], "Kampala Wholesale,ZengaPay,Submitted,250000,UGX,Queued,"));
  }

  /* The shortcut finds it from another view. */
  show_view (fixture, "charges");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "activity"));
  g_assert_cmpstr (pd_window_get_view_name (fixture->window), ==, "activity");
}

static PdTransaction *
new_transaction_now (PdTransactionKind  kind,
                     const char        *provider_id,
                     gint64             units,
                     gint64             fee_units,
                     gint64             at)
{
  PdTransaction *transaction = pd_transaction_new ();

  transaction->kind = kind;
  transaction->state = PD_TRANSACTION_STATE_SUCCEEDED;
  transaction->provider_id = g_strdup (provider_id);
  transaction->reference = g_strdup_printf ("GLANCE-%s", provider_id);
  pd_money_init (&transaction->amount, units, 2, "GHS");
  pd_money_init (&transaction->fee, fee_units, 2, "GHS");
  transaction->created_at = at;
  transaction->updated_at = at;

  return transaction;
}

static guint
today_kinds (PdStatementDirection direction)
{
  guint kinds = 0;

  for (guint kind = 0; kind < PD_TRANSACTION_KIND_COUNT; kind++)
    if (pd_statement_kind_direction (kind) == direction)
      kinds |= PD_TRANSACTION_KIND_BIT (kind);

  return kinds;
}

/* The Balances view charts each wallet's recorded balances, one line per
 * wallet, and shows today's money in, out and fees per currency as the
 * store totals them. */
static void
test_balances_at_a_glance (Fixture       *fixture,
                           gconstpointer  data)
{
  gint64 accra = account_id_for_label (fixture->store, "Accra Market Stall");
  g_autoptr(GPtrArray) transactions = g_ptr_array_new_with_free_func ((GDestroyNotify)pd_transaction_free);
  g_autoptr(GPtrArray) latest = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(PdQuery) query = pd_query_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  PdBalanceOverview *overview;
  PdBalanceChart *chart;
  gint64 from, to, at;
  guint n_series = 0, n_currencies = 0;

  /* Money that moved today, whatever the time the test runs at. */
  pd_balance_overview_get_today (&from, &to);
  at = MAX (from, g_get_real_time () / G_USEC_PER_SEC - 60);
  g_ptr_array_add (transactions, new_transaction_now (PD_TRANSACTION_KIND_CHARGE, "ch_glance_1", 48000, 1392, at));
  g_ptr_array_add (transactions, new_transaction_now (PD_TRANSACTION_KIND_CHARGE, "ch_glance_2", 12050, 349, at));
  g_ptr_array_add (transactions, new_transaction_now (PD_TRANSACTION_KIND_DISBURSEMENT, "po_glance_1", 30000, 150, at));
  g_assert_true (pd_store_upsert_transactions (fixture->store, accra, transactions, NULL, &error));
  g_assert_no_error (error);

  show_view (fixture, "balances");
  overview = PD_BALANCE_OVERVIEW (pd_record_view_get_header (PD_RECORD_VIEW (view_widget (fixture, "balances"))));
  g_assert_true (PD_IS_BALANCE_OVERVIEW (overview));
  pd_window_reload (fixture->window);
  pd_test_settle ();
  chart = pd_balance_overview_get_chart (overview);

  /* One line per wallet with a history, with its readings. */
  g_assert_true (pd_store_list_latest_balances (fixture->store, 0, &latest, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < latest->len; i++)
    {
      const PdBalance *balance = g_ptr_array_index (latest, i);
      g_autoptr(GPtrArray) history = NULL;
      g_autoptr(PdAccount) account = pd_store_get_account (fixture->store, balance->account_id, &error);
      gboolean found = FALSE;

      g_assert_no_error (error);
      g_assert_true (pd_store_list_balance_history (fixture->store, balance->account_id, balance->wallet, 0, 0,
                                                    &history, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (history->len, >, 0);
      n_series++;

      for (guint s = 0; s < pd_balance_chart_get_n_series (chart); s++)
        {
          const char *label = pd_balance_chart_get_series_label (chart, s);

          if (strstr (label, account->label) != NULL && g_str_has_suffix (label, balance->wallet))
            {
              g_assert_false (found);
              found = TRUE;
              g_assert_cmpuint (pd_balance_chart_get_series_n_points (chart, s), ==, history->len);
              g_assert_cmpstr (pd_balance_chart_get_series_currency (chart, s), ==, balance->amount.currency);
            }
        }
      g_assert_true (found);
    }
  g_assert_cmpuint (n_series, >=, 3);
  g_assert_cmpuint (pd_balance_chart_get_n_series (chart), ==, n_series);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (chart)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (chart)), >, 150);
  description = pd_balance_chart_dup_description (chart);
  g_assert_nonnull (strstr (description, "Kampala Wholesale"));

  /* Today's totals are the store's, currency by currency. */
  texts = widget_texts (GTK_WIDGET (overview));
  query->date_from = from;
  query->date_to = to;
  query->states = PD_TRANSACTION_STATE_BIT (PD_TRANSACTION_STATE_SUCCEEDED)
                | PD_TRANSACTION_STATE_BIT (PD_TRANSACTION_STATE_REFUNDED)
                | PD_TRANSACTION_STATE_BIT (PD_TRANSACTION_STATE_PARTIALLY_REFUNDED);
  for (guint d = 0; d < 2; d++)
    {
      g_autoptr(GArray) totals = NULL;

      query->kinds = today_kinds (d == 0 ? PD_STATEMENT_DIRECTION_CREDIT : PD_STATEMENT_DIRECTION_DEBIT);
      g_assert_true (pd_store_totals (fixture->store, query, &totals, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (totals->len, >, 0);
      for (guint i = 0; i < totals->len; i++)
        {
          const PdTotal *total = &g_array_index (totals, PdTotal, i);
          g_autofree char *shown = pd_format_money (&total->amount);

          g_test_message ("Today %s: %s", d == 0 ? "in" : "out", shown);
          g_assert_true (texts_include (texts, total->amount.currency));
          g_assert_true (texts_include (texts, shown));
          if (g_str_equal (total->amount.currency, "GHS"))
            n_currencies++;
        }
    }
  g_assert_cmpuint (n_currencies, ==, 2);

  pd_test_save_screenshot (GTK_WIDGET (fixture->window), "balances-at-a-glance");

  /* The chart's lines keep their contrast in the dark style. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  pd_test_settle ();
  pd_test_save_screenshot (GTK_WIDGET (fixture->window), "balances-at-a-glance-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static gboolean
summary_ready (gpointer data)
{
  return !pd_statement_summary_get_loading (data);
}

/* Adds up pd-statement's sections of the period per currency, and checks
 * that the summary shows each figure. */
static void
assert_summary_matches (Fixture            *fixture,
                        PdStatementSummary *summary,
                        const PdQuery      *filter,
                        guint64            *n_breaks_out)
{
  g_autoptr(PdStatement) statement = NULL;
  g_autoptr(GPtrArray) texts = widget_texts (GTK_WIDGET (summary));
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) sums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer currency, figures;
  guint64 n_breaks = 0;

  statement = pd_statement_new (fixture->store, filter->account_id, filter->date_from, filter->date_to, &error);
  g_assert_no_error (error);
  g_assert_true (pd_statement_foreach_line (statement, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pd_statement_get_n_sections (statement), >, 0);

  for (guint i = 0; i < pd_statement_get_n_sections (statement); i++)
    {
      const PdStatementSection *section = pd_statement_get_section (statement, i);
      const PdMoney *parts[] = { &section->opening, &section->credits, &section->debits, &section->fees,
                                 &section->closing };
      PdMoney *sum = g_hash_table_lookup (sums, section->currency);

      if (sum == NULL)
        {
          sum = g_new0 (PdMoney, G_N_ELEMENTS (parts));
          for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
            pd_money_init (&sum[p], 0, 0, section->currency);
          g_hash_table_insert (sums, g_strdup (section->currency), sum);
        }
      for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
        {
          PdMoney added;

          g_assert_true (pd_money_add (&sum[p], parts[p], &added, &error));
          g_assert_no_error (error);
          sum[p] = added;
        }
      n_breaks += section->n_breaks;
    }

  g_hash_table_iter_init (&iter, sums);
  while (g_hash_table_iter_next (&iter, &currency, &figures))
    {
      g_assert_true (texts_include (texts, currency));
      for (guint p = 0; p < 5; p++)
        {
          g_autofree char *shown = pd_format_money (&((PdMoney *)figures)[p]);

          g_test_message ("Statement %s figure %u: %s", (char *)currency, p, shown);
          g_assert_true (texts_include (texts, shown));
        }
    }

  *n_breaks_out = n_breaks;
}

/* The days on which each section of the statement has a running balance,
 * in the section's own time zone, as the chart should draw them. */
typedef struct
{
  GHashTable *days;
  GHashTable *labels;
} ChartWant;

static gboolean
count_chart_day (const PdStatementLine  *line,
                 gpointer                user_data,
                 GError                **error)
{
  ChartWant *want = user_data;
  const PdStatementSection *section = line->section;
  g_autoptr(GDateTime) at = NULL;
  GHashTable *days;

  if (!pd_money_is_set (&line->balance))
    return TRUE;

  days = g_hash_table_lookup (want->days, section);
  if (days == NULL)
    {
      days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (want->days, (gpointer)section, days);
      g_hash_table_insert (want->labels, (gpointer)section,
                           section->wallet != NULL
                           ? g_strdup_printf ("%s · %s", section->account->label, section->wallet)
                           : g_strdup (section->account->label));
    }

  at = g_date_time_new_from_unix_utc (line->created_at);
  if (section->time_zone != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_timezone (at, section->time_zone);

      g_hash_table_add (days, g_date_time_format (local, "%F"));
    }
  else
    g_hash_table_add (days, g_date_time_format (at, "%F"));

  return TRUE;
}

/* The chart beside the figures draws one line per section with balances
 * on two days or more, one point a day. */
static void
assert_chart_matches (Fixture            *fixture,
                      PdStatementSummary *summary,
                      const PdQuery      *filter)
{
  PdBalanceChart *chart = pd_statement_summary_get_chart (summary);
  g_autoptr(PdStatement) statement = NULL;
  g_autoptr(GError) error = NULL;
  ChartWant want = {
    g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_hash_table_unref),
    g_hash_table_new_full (NULL, NULL, NULL, g_free),
  };
  GHashTableIter iter;
  gpointer section, days;
  guint n_series = 0;

  statement = pd_statement_new (fixture->store, filter->account_id, filter->date_from, filter->date_to, &error);
  g_assert_no_error (error);
  g_assert_true (pd_statement_foreach_line (statement, count_chart_day, &want, NULL, &error));
  g_assert_no_error (error);

  g_hash_table_iter_init (&iter, want.days);
  while (g_hash_table_iter_next (&iter, &section, &days))
    {
      const char *label = g_hash_table_lookup (want.labels, section);
      gboolean found = FALSE;

      if (g_hash_table_size (days) < 2)
        continue;
      n_series++;

      for (guint s = 0; s < pd_balance_chart_get_n_series (chart); s++)
        if (g_strcmp0 (pd_balance_chart_get_series_label (chart, s), label) == 0)
          {
            g_test_message ("Statement chart %s: %u days", label, g_hash_table_size (days));
            g_assert_cmpuint (pd_balance_chart_get_series_n_points (chart, s), ==, g_hash_table_size (days));
            found = TRUE;
          }
      g_assert_true (found);
    }

  g_assert_cmpuint (pd_balance_chart_get_n_series (chart), ==, n_series);
  g_assert_cmpint (gtk_widget_get_visible (GTK_WIDGET (chart)), ==, n_series > 0);

  g_hash_table_unref (want.days);
  g_hash_table_unref (want.labels);
}

/* The Statements view shows, for the period and account of the filter
 * bar, pd-statement's opening balance, credits, debits, fees and closing
 * balance per currency, and how many lines are flagged. */
static void
test_statements_at_a_glance (Fixture       *fixture,
                             gconstpointer  data)
{
  gint64 kampala = account_id_for_label (fixture->store, "Kampala Wholesale");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(PdStatementEntry) broken = pd_statement_entry_new ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(PdQuery) query = pd_query_new ();
  g_autoptr(PdQuery) shown = pd_query_new ();
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *flagged = NULL;
  PdStatementSummary *summary;
  guint64 n_breaks = 0;

  show_view (fixture, "statements");
  summary = PD_STATEMENT_SUMMARY (pd_record_view_get_header (PD_RECORD_VIEW (view_widget (fixture, "statements"))));
  g_assert_true (PD_IS_STATEMENT_SUMMARY (summary));

  /* Every account, everything recorded: one card per currency. */
  pd_test_wait_for (summary_ready, summary, "the statement to be added up");
  pd_test_settle ();
  assert_summary_matches (fixture, summary, query, &n_breaks);
  g_assert_cmpuint (n_breaks, ==, 0);
  assert_chart_matches (fixture, summary, query);
  g_assert_cmpuint (pd_balance_chart_get_n_series (pd_statement_summary_get_chart (summary)), >, 0);

  /* A line of the provider whose balance does not follow from the one
   * before, in the last ten days. */
  broken->provider_id = g_strdup ("88999");
  broken->transaction_provider_id = g_strdup ("88999");
  broken->created_at = now - 3 * 24 * 60 * 60;
  broken->entry_type = g_strdup ("TRANSACTION");
  broken->direction = PD_STATEMENT_DIRECTION_CREDIT;
  pd_money_init (&broken->amount, 5000, 0, "UGX");
  pd_money_init (&broken->balance_before, 1, 0, "UGX");
  pd_money_init (&broken->balance_after, 5001, 0, "UGX");
  broken->wallet = g_strdup ("UGX-MTNMM");
  broken->status = g_strdup ("SUCCEEDED");
  broken->description = g_strdup ("Collection from Grace Okello");
  g_ptr_array_add (entries, broken);
  g_assert_true (pd_store_upsert_statement_entries (fixture->store, kampala, entries, NULL, &error));
  g_assert_no_error (error);

  /* Kampala Wholesale over the last ten days, chosen in the filter bar. */
  query->account_id = kampala;
  query->date_from = now - 10 * 24 * 60 * 60;
  query->date_to = now + 60;
  gtk_toggle_button_set_active (fixture->window->filter_button, TRUE);
  pd_filter_bar_set_query (fixture->window->filter_bar, query);
  pd_window_reload (fixture->window);
  pd_test_settle ();
  pd_test_wait_for (summary_ready, summary, "the statement to be added up");
  pd_test_settle ();

  pd_filter_bar_fill_query (fixture->window->filter_bar, shown);
  g_assert_cmpint (shown->account_id, ==, kampala);
  g_assert_cmpint (shown->date_from, >, 0);
  assert_summary_matches (fixture, summary, shown, &n_breaks);
  g_assert_cmpuint (n_breaks, >=, 1);
  assert_chart_matches (fixture, summary, shown);

  texts = widget_texts (GTK_WIDGET (summary));
  g_assert_true (texts_contain (texts, "Kampala Wholesale"));
  flagged = g_strdup_printf ("%" G_GUINT64_FORMAT " line", n_breaks);
  g_assert_true (texts_contain (texts, flagged));
  g_assert_true (texts_contain (texts, "flagged"));

  pd_test_save_screenshot (GTK_WIDGET (fixture->window), "statements-at-a-glance");
}

int
main (int   argc,
      char *argv[])
{
  /* Without a session bus of its own (build-aux/test.sh starts one, with
   * an unlocked keyring), never let D-Bus start one on the X display: the
   * keyring it would start is locked and the demo would wait on it. With
   * no bus, secrets are kept for the session, as in a desktop without a
   * keyring. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/paydesk-test-bus", FALSE);

  pd_test_init_ui (&argc, &argv);

  g_test_add ("/window/every-view", Fixture, NULL, fixture_setup, test_every_view, fixture_teardown);
  g_test_add ("/window/detail-pane", Fixture, NULL, fixture_setup, test_detail_pane, fixture_teardown);
  g_test_add ("/window/search-phone", Fixture, NULL, fixture_setup, test_search_phone, fixture_teardown);
  g_test_add ("/window/sort-amount", Fixture, NULL, fixture_setup, test_sort_amount, fixture_teardown);
  g_test_add ("/window/sort-account-fee", Fixture, NULL, fixture_setup, test_sort_account_fee,
              fixture_teardown);
  g_test_add ("/window/lazy-model", Fixture, NULL, fixture_setup, test_lazy_model, fixture_teardown);
  g_test_add ("/window/saved-view", Fixture, NULL, fixture_setup, test_saved_view, fixture_teardown);
  g_test_add ("/window/export", Fixture, NULL, fixture_setup, test_export, fixture_teardown);
  g_test_add ("/window/filters", Fixture, NULL, fixture_setup, test_filters, fixture_teardown);
  g_test_add ("/window/dark-style", Fixture, NULL, fixture_setup, test_dark_style, fixture_teardown);
  g_test_add ("/window/shortcuts", Fixture, NULL, fixture_setup, test_shortcuts, fixture_teardown);
  g_test_add ("/window/activity", Fixture, NULL, fixture_setup, test_activity, fixture_teardown);
  g_test_add ("/window/balances-at-a-glance", Fixture, NULL, fixture_setup, test_balances_at_a_glance,
              fixture_teardown);
  g_test_add ("/window/statements-at-a-glance", Fixture, NULL, fixture_setup, test_statements_at_a_glance,
              fixture_teardown);
  g_test_add_func ("/window/demo", test_demo);

  return g_test_run ();
}

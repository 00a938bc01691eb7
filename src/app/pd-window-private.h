/* pd-window-private.h - what pd-window.c and pd-window-actions.c share
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-detail-pane.h"
#include "pd-filter-bar.h"
#include "pd-record-view.h"
#include "pd-transaction-view.h"
#include "pd-window.h"

G_BEGIN_DECLS

struct _PdWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkListBox           *views_list;
  GtkListBox           *saved_list;
  GtkLabel             *saved_heading;
  GtkLabel             *saved_hint;
  GtkListBox           *accounts_list;
  GtkLabel             *accounts_hint;
  GtkRevealer          *sync_revealer;
  GtkLabel             *sync_label;
  GtkProgressBar       *sync_progress;
  AdwWindowTitle       *view_title;
  GtkToggleButton      *search_button;
  GtkToggleButton      *filter_button;
  GtkSpinner           *loading_spinner;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  PdFilterBar          *filter_bar;
  AdwFlap              *detail_flap;
  AdwViewStack         *stack;
  PdDetailPane         *detail_pane;
  PdRecordView         *customers_view;
  PdTransactionView    *charges_view;
  PdTransactionView    *refunds_view;
  PdTransactionView    *disbursements_view;
  PdRecordView         *cards_view;
  PdRecordView         *statements_view;
  PdRecordView         *balances_view;

  /* State */
  PdStore              *store;
  PdSyncQueue          *sync_queue;
  PdPayments           *payments;
  /* What the accounts' providers can do (PD_OPERATION_BIT), asked of
   * their clients again after the accounts were read. */
  guint                 money_operations;
  gboolean              money_operations_stale;
  /* Whether an account keeps cards (EnayaPay), asked at the same time. */
  gboolean              card_accounts;
  /* Follows pd_window_get_payments(): a payment that changes state shows
   * in the lists at once. */
  GSignalGroup         *payments_signals;
  GSettings            *settings;
  GCancellable         *cancellable;
  GSignalGroup         *view_signals;
  GSignalGroup         *model_signals;
  /* Every PdView of the stack, in the order of the sidebar. */
  GPtrArray            *views;
  GHashTable           *stale_views;
  guint                 n_accounts;
  guint                 reload_source;
  guint                 pulse_source;
  guint                 clock_source;
  gboolean              exporting;
  gboolean              applying;
};

/* pd-window.c */
PdView   *pd_window_get_current_view     (PdWindow      *self);
void      pd_window_apply_filter         (PdWindow      *self);
void      pd_window_load_saved_views     (PdWindow      *self);
void      pd_window_load_accounts        (PdWindow      *self);
void      pd_window_show_saved_query     (PdWindow      *self,
                                          const PdQuery *query);
void      pd_window_set_detail_revealed  (PdWindow      *self,
                                          gboolean       revealed);

/* pd-window-actions.c */
void      pd_window_class_add_actions    (GtkWidgetClass *widget_class);
void      pd_window_update_actions       (PdWindow       *self);
void      pd_window_apply_saved_view     (PdWindow       *self,
                                          const char     *name);
void      pd_window_save_view            (PdWindow       *self,
                                          const char     *name);

G_END_DECLS

/* pd-activity-item.h - one line of the audit trail as a list item
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pd-records.h"

G_BEGIN_DECLS

#define PD_TYPE_ACTIVITY_ITEM (pd_activity_item_get_type ())

G_DECLARE_FINAL_TYPE (PdActivityItem, pd_activity_item, PD, ACTIVITY_ITEM, GObject)

PdActivityItem   *pd_activity_item_new               (PdActivity      *activity,
                                                      const PdAccount *account);

const PdActivity *pd_activity_item_get_activity      (PdActivityItem  *self);
const char       *pd_activity_item_get_provider      (PdActivityItem  *self);
const char       *pd_activity_item_get_account_label (PdActivityItem  *self);
const char       *pd_activity_item_get_action_label  (PdActivityItem  *self);
const char       *pd_activity_item_get_outcome_label (PdActivityItem  *self);
const char       *pd_activity_item_get_outcome_class (PdActivityItem  *self);
char             *pd_activity_item_dup_amount_text   (PdActivityItem  *self);
gboolean          pd_activity_item_matches           (PdActivityItem  *self,
                                                      const char      *folded_text);

const char       *pd_activity_action_get_label       (const char      *action);
const char       *pd_activity_outcome_get_label      (const char      *outcome);
const char       *pd_activity_outcome_get_class      (const char      *outcome);

G_END_DECLS

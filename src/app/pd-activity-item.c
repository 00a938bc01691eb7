/* pd-activity-item.c - one line of the audit trail as a list item
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n.h>

#include "pd-activity-item.h"
#include "pd-format.h"

struct _PdActivityItem
{
  GObject     parent_instance;

  PdActivity *activity;
  char       *provider;
  char       *account_label;
  char       *action_label;
  char       *time_text;
  char       *folded;
};

G_DEFINE_FINAL_TYPE (PdActivityItem, pd_activity_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TIME,
  PROP_TIME_TEXT,
  PROP_USER,
  PROP_ACCOUNT_LABEL,
  PROP_PROVIDER_NAME,
  PROP_ACTION_LABEL,
  PROP_AMOUNT_TEXT,
  PROP_OUTCOME_LABEL,
  PROP_OUTCOME_CLASSES,
  PROP_DETAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * pd_activity_action_get_label:
 * @action: an audit line's action (`submit`, `account-add`, …)
 *
 * Returns: (nullable): the action in words, or %NULL when Paydesk does
 *   not know it
 */
const char *
pd_activity_action_get_label (const char *action)
{
  static const struct { const char *action; const char *label; } labels[] = {
    { "submit", N_("Submitted") },
    { "send", N_("Sent to the provider") },
    { "answer", N_("Provider answered") },
    { "reconcile", N_("Checked with the provider") },
    { "resolve", N_("Settled by hand") },
    { "poll", N_("Status checked") },
    { "statement-balance-check", N_("Statement balance check") },
    { "account-add", N_("Account added") },
    { "account-edit", N_("Account changed") },
    { "account-update", N_("Account changed") },
    { "account-remove", N_("Account removed") },
    { "account-test", N_("Account tested") },
    { "refund", N_("Refund") },
    { "disbursement", N_("Disbursement") },
    { "vend", N_("Electricity sale") },
    { "sync", N_("Synchronized") },
  };

  if (action == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (strcmp (labels[i].action, action) == 0)
      return _(labels[i].label);

  return NULL;
}

/**
 * pd_activity_outcome_get_label:
 * @outcome: (nullable): an audit line's outcome (`confirmed`, `unknown`, …)
 *
 * Returns: the outcome in words; the outcome itself when Paydesk does not
 *   know it
 */
const char *
pd_activity_outcome_get_label (const char *outcome)
{
  PdTransactionState state;

  if (outcome == NULL || outcome[0] == '\0')
    return "";
  if (strcmp (outcome, "queued") == 0)
    return _("Queued");
  if (strcmp (outcome, "sent") == 0)
    return _("Sent");
  if (strcmp (outcome, "confirmed") == 0)
    return _("Confirmed");
  if (strcmp (outcome, "failed") == 0)
    return _("Failed");
  if (strcmp (outcome, "unknown") == 0)
    return _("Checking with the provider");
  if (strcmp (outcome, "replay") == 0 || strcmp (outcome, "resend") == 0)
    return _("Sent again");
  if (strcmp (outcome, "ok") == 0)
    return _("Done");
  if (strcmp (outcome, "warning") == 0)
    return _("Warning");
  if (pd_transaction_state_from_string (outcome, &state))
    return pd_transaction_state_get_label (state);

  return outcome;
}

/**
 * pd_activity_outcome_get_class:
 * @outcome: (nullable): an audit line's outcome
 *
 * Returns: the CSS class that colours a badge of the outcome, as for a
 *   transaction's state (style.css)
 */
const char *
pd_activity_outcome_get_class (const char *outcome)
{
  PdTransactionState state;

  if (outcome == NULL)
    return "indeterminate";
  if (strcmp (outcome, "confirmed") == 0 || strcmp (outcome, "ok") == 0)
    return "succeeded";
  if (strcmp (outcome, "queued") == 0 || strcmp (outcome, "sent") == 0 ||
      strcmp (outcome, "replay") == 0 || strcmp (outcome, "resend") == 0 ||
      strcmp (outcome, "warning") == 0)
    return "pending";
  if (strcmp (outcome, "failed") == 0)
    return "failed";
  if (pd_transaction_state_from_string (outcome, &state))
    return pd_format_state_class (state);

  return "indeterminate";
}

/* "statement-balance-check" → "Statement balance check", for actions
 * written by a newer Paydesk. */
static char *
humanize (const char *action)
{
  g_autofree char *spaced = g_strdelimit (g_strdup (action), "-_", ' ');
  g_autofree char *first = NULL;

  if (spaced[0] == '\0' || !g_utf8_validate (spaced, -1, NULL))
    return g_steal_pointer (&spaced);

  first = g_utf8_strup (spaced, g_utf8_next_char (spaced) - spaced);

  return g_strconcat (first, g_utf8_next_char (spaced), NULL);
}

static void
pd_activity_item_finalize (GObject *object)
{
  PdActivityItem *self = (PdActivityItem *)object;

  g_clear_pointer (&self->activity, pd_activity_free);
  g_free (self->provider);
  g_free (self->account_label);
  g_free (self->action_label);
  g_free (self->time_text);
  g_free (self->folded);

  G_OBJECT_CLASS (pd_activity_item_parent_class)->finalize (object);
}

static void
pd_activity_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PdActivityItem *self = PD_ACTIVITY_ITEM (object);

  switch (prop_id)
    {
    case PROP_TIME:
      g_value_set_int64 (value, self->activity->at);
      break;

    case PROP_TIME_TEXT:
      g_value_set_string (value, self->time_text);
      break;

    case PROP_USER:
      g_value_set_string (value, self->activity->user);
      break;

    case PROP_ACCOUNT_LABEL:
      g_value_set_string (value, self->account_label);
      break;

    case PROP_PROVIDER_NAME:
      g_value_set_string (value, self->provider != NULL ? pd_provider_get_display_name (self->provider) : "");
      break;

    case PROP_ACTION_LABEL:
      g_value_set_string (value, self->action_label);
      break;

    case PROP_AMOUNT_TEXT:
      g_value_take_string (value, pd_activity_item_dup_amount_text (self));
      break;

    case PROP_OUTCOME_LABEL:
      g_value_set_string (value, pd_activity_item_get_outcome_label (self));
      break;

    case PROP_OUTCOME_CLASSES:
      g_value_take_boxed (value, g_strdupv ((char *[]) { (char *)"pd-badge",
                                                         (char *)pd_activity_item_get_outcome_class (self),
                                                         NULL }));
      break;

    case PROP_DETAIL:
      g_value_set_string (value, self->activity->detail);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_activity_item_class_init (PdActivityItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pd_activity_item_finalize;
  object_class->get_property = pd_activity_item_get_property;

  properties[PROP_TIME] = g_param_spec_int64 ("time", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_TIME_TEXT] = g_param_spec_string ("time-text", NULL, NULL, NULL, flags);
  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, NULL, flags);
  properties[PROP_ACCOUNT_LABEL] = g_param_spec_string ("account-label", NULL, NULL, NULL, flags);
  properties[PROP_PROVIDER_NAME] = g_param_spec_string ("provider-name", NULL, NULL, NULL, flags);
  properties[PROP_ACTION_LABEL] = g_param_spec_string ("action-label", NULL, NULL, NULL, flags);
  properties[PROP_AMOUNT_TEXT] = g_param_spec_string ("amount-text", NULL, NULL, NULL, flags);
  properties[PROP_OUTCOME_LABEL] = g_param_spec_string ("outcome-label", NULL, NULL, NULL, flags);
  /**
   * PdActivityItem:outcome-classes:
   *
   * The CSS classes of the outcome's badge.
   */
  properties[PROP_OUTCOME_CLASSES] = g_param_spec_boxed ("outcome-classes", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_activity_item_init (PdActivityItem *self)
{
}

/**
 * pd_activity_item_new:
 * @activity: (transfer full): the audit line
 * @account: (nullable): its account, when it has one and it still exists
 *
 * Returns: (transfer full): a new item
 */
PdActivityItem *
pd_activity_item_new (PdActivity      *activity,
                      const PdAccount *account)
{
  PdActivityItem *self;
  const char *action_label;
  g_autofree char *amount = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (activity != NULL, NULL);

  self = g_object_new (PD_TYPE_ACTIVITY_ITEM, NULL);
  self->activity = activity;

  if (account != NULL)
    {
      self->provider = g_strdup (account->provider);
      self->account_label = g_strdup (account->label);
    }
  else if (activity->account_id != 0)
    self->account_label = g_strdup (_("Removed account"));
  else
    self->account_label = g_strdup ("");

  action_label = pd_activity_action_get_label (activity->action);
  self->action_label = action_label != NULL ? g_strdup (action_label) : humanize (activity->action);
  self->time_text = pd_format_date_time (activity->at);

  amount = pd_activity_item_dup_amount_text (self);
  text = g_strjoin ("\n", self->time_text, activity->user ? activity->user : "", self->account_label,
                    self->provider ? pd_provider_get_display_name (self->provider) : "",
                    self->action_label, pd_activity_item_get_outcome_label (self),
                    activity->action, amount, activity->detail ? activity->detail : "", NULL);
  self->folded = g_utf8_casefold (text, -1);

  return self;
}

const PdActivity *
pd_activity_item_get_activity (PdActivityItem *self)
{
  g_return_val_if_fail (PD_IS_ACTIVITY_ITEM (self), NULL);

  return self->activity;
}

/**
 * pd_activity_item_get_provider:
 * @self: an item
 *
 * Returns: (nullable): the account's provider, %NULL without an account
 */
const char *
pd_activity_item_get_provider (PdActivityItem *self)
{
  g_return_val_if_fail (PD_IS_ACTIVITY_ITEM (self), NULL);

  return self->provider;
}

const char *
pd_activity_item_get_account_label (PdActivityItem *self)
{
  g_return_val_if_fail (PD_IS_ACTIVITY_ITEM (self), NULL);

  return self->account_label;
}

const char *
pd_activity_item_get_action_label (PdActivityItem *self)
{
  g_return_val_if_fail (PD_IS_ACTIVITY_ITEM (self), NULL);

  return self->action_label;
}

const char *
pd_activity_item_get_outcome_label (PdActivityItem *self)
{
  g_return_val_if_fail (PD_IS_ACTIVITY_ITEM (self), NULL);

  return pd_activity_outcome_get_label (self->activity->outcome);
}

const char *
pd_activity_item_get_outcome_class (PdActivityItem *self)
{
  g_return_val_if_fail (PD_IS_ACTIVITY_ITEM (self), NULL);

  return pd_activity_outcome_get_class (self->activity->outcome);
}

/**
 * pd_activity_item_dup_amount_text:
 * @self: an item
 *
 * Returns: (transfer full): the amount in its currency's form, "" when the
 *   line has none
 */
char *
pd_activity_item_dup_amount_text (PdActivityItem *self)
{
  g_return_val_if_fail (PD_IS_ACTIVITY_ITEM (self), NULL);

  return pd_format_money (&self->activity->amount);
}

/**
 * pd_activity_item_matches:
 * @self: an item
 * @folded_text: (nullable): text folded with g_utf8_casefold()
 *
 * Returns: whether any of the texts the line shows contains @folded_text
 */
gboolean
pd_activity_item_matches (PdActivityItem *self,
                          const char     *folded_text)
{
  g_return_val_if_fail (PD_IS_ACTIVITY_ITEM (self), FALSE);

  return folded_text == NULL || folded_text[0] == '\0' || strstr (self->folded, folded_text) != NULL;
}

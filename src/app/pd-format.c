/* pd-format.c - how the views write dates, amounts and states
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n.h>

#include "pd-format.h"

/**
 * pd_format_date_time:
 * @unix_seconds: a time, Unix seconds
 *
 * Returns: (transfer full): the time in the local time zone, for a list;
 *   "" when @unix_seconds is 0, a time the provider did not give
 */
char *
pd_format_date_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) date_time = NULL;

  if (unix_seconds == 0)
    return g_strdup ("");

  date_time = g_date_time_new_from_unix_local (unix_seconds);
  if (date_time == NULL)
    return g_strdup ("");

  /* Translators: the date and time of a record in a list, as a
   * g_date_time_format() format; keep it short and sortable by eye. */
  return g_date_time_format (date_time, _("%Y-%m-%d %H:%M"));
}

/**
 * pd_format_date:
 * @unix_seconds: a time, Unix seconds
 *
 * Returns: (transfer full): the day in the local time zone;
 *   "" when @unix_seconds is 0, a time the provider did not give
 */
char *
pd_format_date (gint64 unix_seconds)
{
  g_autoptr(GDateTime) date_time = NULL;

  if (unix_seconds == 0)
    return g_strdup ("");

  date_time = g_date_time_new_from_unix_local (unix_seconds);
  if (date_time == NULL)
    return g_strdup ("");

  /* Translators: a day, as a g_date_time_format() format */
  return g_date_time_format (date_time, _("%Y-%m-%d"));
}

/**
 * pd_format_utc:
 * @unix_seconds: a time, Unix seconds
 *
 * Returns: (transfer full): the time in UTC as ISO 8601, for an export
 */
char *
pd_format_utc (gint64 unix_seconds)
{
  g_autoptr(GDateTime) date_time = g_date_time_new_from_unix_utc (unix_seconds);

  return date_time != NULL ? g_date_time_format_iso8601 (date_time) : g_strdup ("");
}

/**
 * pd_format_fold_search:
 * @text: (nullable): what was typed in the search entry
 *
 * Returns: (transfer full) (nullable): @text without the spaces around it,
 *   case-folded, to be matched against case-folded record texts; %NULL for
 *   %NULL
 */
char *
pd_format_fold_search (const char *text)
{
  g_autofree char *stripped = NULL;

  if (text == NULL)
    return NULL;

  stripped = g_strstrip (g_strdup (text));

  return g_utf8_casefold (stripped, -1);
}

/**
 * pd_format_time_ago:
 * @unix_seconds: a time in the past, Unix seconds
 * @now: the time now, Unix seconds
 *
 * Returns: (transfer full): how long ago it was, in words
 */
char *
pd_format_time_ago (gint64 unix_seconds,
                    gint64 now)
{
  gint64 seconds = MAX (now - unix_seconds, 0);
  gint64 minutes = seconds / 60;
  gint64 hours = minutes / 60;
  gint64 days = hours / 24;

  if (minutes < 1)
    return g_strdup (_("just now"));
  if (hours < 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                         (gulong)minutes), (int)minutes);
  if (days < 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago",
                                         (gulong)hours), (int)hours);
  if (days < 7)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago",
                                         (gulong)days), (int)days);

  return pd_format_date (unix_seconds);
}

/**
 * pd_format_money:
 * @money: an amount, set or not
 *
 * Returns: (transfer full): the amount in the currency's own form, or ""
 *   when it is not set
 */
char *
pd_format_money (const PdMoney *money)
{
  if (money == NULL || !pd_money_is_set (money))
    return g_strdup ("");

  return pd_money_format (money);
}

/**
 * pd_format_read_digits:
 * @text: a number as a person typed it: a card, meter, phone or account
 *   number, an expiry date
 *
 * Reads the digits of @text, leaving out the spaces and dashes people type
 * between groups. What was read is overwritten when @text is no number,
 * since it may be part of a card number.
 *
 * Returns: (transfer full) (nullable): the digits ("" for an empty @text),
 *   or %NULL when @text holds anything else
 */
char *
pd_format_read_digits (const char *text)
{
  GString *digits;

  g_return_val_if_fail (text != NULL, NULL);

  digits = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '-')
        {
          explicit_bzero (digits->str, digits->len);
          g_string_free (digits, TRUE);
          return NULL;
        }
    }

  return g_string_free (digits, FALSE);
}

/**
 * pd_format_state_class:
 * @state: a transaction state
 *
 * Returns: the CSS class that colours a badge of the state (style.css)
 */
const char *
pd_format_state_class (PdTransactionState state)
{
  switch (state)
    {
    case PD_TRANSACTION_STATE_PENDING:
      return "pending";
    case PD_TRANSACTION_STATE_SUCCEEDED:
      return "succeeded";
    case PD_TRANSACTION_STATE_FAILED:
      return "failed";
    case PD_TRANSACTION_STATE_REFUNDED:
    case PD_TRANSACTION_STATE_PARTIALLY_REFUNDED:
      return "refunded";
    case PD_TRANSACTION_STATE_INDETERMINATE:
    default:
      return "indeterminate";
    }
}

/**
 * pd_format_state_label:
 * @transaction: a transaction
 *
 * The state as a badge says it. A movement sent from here whose answer was
 * lost (the outbox's row, still under its `paydesk:` id) is being checked
 * with the provider, which is what the person needs to know; nothing is
 * offered to send it again.
 *
 * Returns: the label of the transaction's state
 */
const char *
pd_format_state_label (const PdTransaction *transaction)
{
  if (transaction->state == PD_TRANSACTION_STATE_INDETERMINATE &&
      g_str_has_prefix (transaction->provider_id != NULL ? transaction->provider_id : "", "paydesk:"))
    return _("Checking with the provider");

  return pd_transaction_state_get_label (transaction->state);
}

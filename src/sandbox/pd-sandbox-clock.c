/* pd-sandbox-clock.c - the simulated clock of the sandbox
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-sandbox-clock.h"

/* Simulated time is the start given with --now, plus the real time that has
 * passed since the sandbox started, plus whatever the control API added. */
struct _PdSandboxClock
{
  gint64 start;
  gint64 started_monotonic;
  gint64 advanced;
};

PdSandboxClock *
pd_sandbox_clock_new (gint64 start)
{
  PdSandboxClock *self = g_new0 (PdSandboxClock, 1);

  self->start = start;
  self->started_monotonic = g_get_monotonic_time ();

  return self;
}

void
pd_sandbox_clock_free (PdSandboxClock *self)
{
  g_free (self);
}

gint64
pd_sandbox_clock_get_start (PdSandboxClock *self)
{
  return self->start;
}

gint64
pd_sandbox_clock_now (PdSandboxClock *self)
{
  gint64 elapsed = (g_get_monotonic_time () - self->started_monotonic) / G_USEC_PER_SEC;

  return self->start + elapsed + self->advanced;
}

void
pd_sandbox_clock_advance (PdSandboxClock *self,
                          gint64          seconds)
{
  g_return_if_fail (seconds >= 0);

  self->advanced += seconds;
}

gboolean
pd_sandbox_parse_time (const char *text,
                       gint64     *out)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GTimeZone) utc = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;

  utc = g_time_zone_new_utc ();
  time = g_date_time_new_from_iso8601 (text, utc);
  if (time == NULL)
    return FALSE;

  *out = g_date_time_to_unix (time);
  return TRUE;
}

/* Civil date from days since 1970-01-01 (Howard Hinnant's algorithm): the
 * sandbox formats hundreds of thousands of dates while it starts, and this
 * costs no allocation. */
static void
civil_from_days (gint64  days,
                 int    *year,
                 guint  *month,
                 guint  *day)
{
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  guint doe = (guint)(z - era * 146097);
  guint yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  guint doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  guint mp = (5 * doy + 2) / 153;

  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = (int)(yoe + era * 400) + (*month <= 2);
}

/* Writes the ISO 8601 UTC form of @unix_time into @buffer, which has room
 * for %PD_SANDBOX_TIME_LENGTH bytes. */
void
pd_sandbox_print_time (char   *buffer,
                       gint64  unix_time)
{
  gint64 days = unix_time >= 0 ? unix_time / 86400 : (unix_time - 86399) / 86400;
  gint64 seconds = unix_time - days * 86400;
  int year;
  guint month, day;

  civil_from_days (days, &year, &month, &day);
  g_snprintf (buffer, PD_SANDBOX_TIME_LENGTH, "%04d-%02u-%02uT%02u:%02u:%02uZ",
              CLAMP (year, 0, 9999), month, day,
              (guint)(seconds / 3600),
              (guint)(seconds / 60 % 60),
              (guint)(seconds % 60));
}

void
pd_sandbox_append_time (GString *out,
                        gint64   unix_time)
{
  char buffer[PD_SANDBOX_TIME_LENGTH];

  pd_sandbox_print_time (buffer, unix_time);
  g_string_append (out, buffer);
}

char *
pd_sandbox_format_time (gint64 unix_time)
{
  GString *out = g_string_sized_new (24);

  pd_sandbox_append_time (out, unix_time);
  return g_string_free (out, FALSE);
}

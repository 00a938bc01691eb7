/* pd-sandbox-clock.h - the simulated clock of the sandbox
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PdSandboxClock PdSandboxClock;

/* Room for "YYYY-MM-DDTHH:MM:SSZ" and its NUL. */
#define PD_SANDBOX_TIME_LENGTH 24

PdSandboxClock *pd_sandbox_clock_new       (gint64          start);
void            pd_sandbox_clock_free      (PdSandboxClock *self);
gint64          pd_sandbox_clock_get_start (PdSandboxClock *self);
gint64          pd_sandbox_clock_now       (PdSandboxClock *self);
void            pd_sandbox_clock_advance   (PdSandboxClock *self,
                                            gint64          seconds);

gboolean        pd_sandbox_parse_time      (const char     *text,
                                            gint64         *out);
char           *pd_sandbox_format_time     (gint64          unix_time);
void            pd_sandbox_print_time      (char           *buffer,
                                            gint64          unix_time);
void            pd_sandbox_append_time     (GString        *out,
                                            gint64          unix_time);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSandboxClock, pd_sandbox_clock_free)

G_END_DECLS

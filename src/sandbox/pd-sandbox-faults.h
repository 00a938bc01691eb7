/* pd-sandbox-faults.h - faults armed through the control API
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "pd-json.h"

G_BEGIN_DECLS

typedef enum
{
  PD_SANDBOX_FAULT_STATUS,
  PD_SANDBOX_FAULT_RATE_LIMIT,
  PD_SANDBOX_FAULT_SLOW,
  PD_SANDBOX_FAULT_MALFORMED,
  PD_SANDBOX_FAULT_TRUNCATE,
  PD_SANDBOX_FAULT_DROP,
  PD_SANDBOX_FAULT_DROP_AFTER_APPLY,
} PdSandboxFaultAction;

/* What one matching request gets. A copy: it stays valid however the armed
 * faults change while a slow request waits. */
typedef struct
{
  guint                id;
  PdSandboxFaultAction action;
  guint                status;
  gint                 retry_after;  /* seconds, or -1 when not given */
  guint                delay_ms;
} PdSandboxFault;

typedef struct _PdSandboxFaults PdSandboxFaults;

PdSandboxFaults *pd_sandbox_faults_new     (void);
void             pd_sandbox_faults_free    (PdSandboxFaults *self);
guint            pd_sandbox_faults_arm     (PdSandboxFaults *self,
                                            JsonObject      *object,
                                            GError         **error);
gboolean         pd_sandbox_faults_take    (PdSandboxFaults *self,
                                            const char      *provider,
                                            const char      *method,
                                            const char      *path,
                                            PdSandboxFault  *out);
void             pd_sandbox_faults_clear   (PdSandboxFaults *self);
void             pd_sandbox_faults_write   (PdSandboxFaults *self,
                                            PdJsonWriter    *writer);

gboolean         pd_sandbox_glob_match     (const char      *pattern,
                                            const char      *text);
const char      *pd_sandbox_fault_action_to_string (PdSandboxFaultAction action);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSandboxFaults, pd_sandbox_faults_free)

G_END_DECLS

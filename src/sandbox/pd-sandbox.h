/* pd-sandbox.h - the simulator framework that each provider file plugs into
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "pd-json.h"
#include "pd-money.h"
#include "pd-sandbox-names.h"
#include "pd-sandbox-random.h"
#include "pd-sandbox-table.h"

G_BEGIN_DECLS

typedef struct _PdSandbox         PdSandbox;
typedef struct _PdSandboxProvider PdSandboxProvider;
typedef struct _PdSandboxRequest  PdSandboxRequest;

typedef void (*PdSandboxHandler) (PdSandboxProvider *provider,
                                  PdSandboxRequest  *request);

typedef enum
{
  PD_SANDBOX_PROVIDER_FLAGS_NONE = 0,
  /* Literal path segments and query parameter names match in any case. */
  PD_SANDBOX_PROVIDER_CASE_INSENSITIVE = 1 << 0,
} PdSandboxProviderFlags;

/**
 * PdSandboxProviderInfo:
 * @name: the provider's key in the first line, in fault objects and in the
 *   ledger (`fayapay`)
 * @slot: 1 … 5, the provider's port offset from `--port` (see HACKING.md)
 * @base_path: the path of the real base URL (`/v1`), or "" for none
 * @flags: how requests are matched
 * @idempotency_header: the request header whose value makes a non-GET
 *   request replay its first answer, or %NULL if the provider has none
 * @create: makes the provider's state: registers routes with
 *   pd_sandbox_provider_add_route(), credentials with
 *   pd_sandbox_provider_set_credential(), and seeds @records records from
 *   pd_sandbox_provider_get_random()
 * @free_state: frees what @create returned
 * @authenticate: checks the credentials of a request; on failure it answers
 *   it (with pd_sandbox_request_error()) and returns %FALSE
 * @write_error: answers @request with the provider's own error body for
 *   @status; @code is a provider error code or %NULL for the usual one
 *
 * A provider simulator is one file that defines a
 * `const PdSandboxProviderInfo pd_NAME_sandbox_info` and is listed in
 * `sandbox_providers` in `src/sandbox/meson.build`.
 */
typedef struct
{
  const char             *name;
  guint                   slot;
  const char             *base_path;
  PdSandboxProviderFlags  flags;
  const char             *idempotency_header;
  gpointer              (*create)       (PdSandboxProvider *provider,
                                         guint              records);
  void                  (*free_state)   (gpointer           state);
  gboolean              (*authenticate) (PdSandboxProvider *provider,
                                         PdSandboxRequest  *request);
  void                  (*write_error)  (PdSandboxProvider *provider,
                                         PdSandboxRequest  *request,
                                         guint              status,
                                         const char        *code,
                                         const char        *message);
} PdSandboxProviderInfo;

/* Provider set-up and state */
const char      *pd_sandbox_provider_get_name       (PdSandboxProvider *self);
gpointer         pd_sandbox_provider_get_state      (PdSandboxProvider *self);
PdSandboxRandom *pd_sandbox_provider_get_random     (PdSandboxProvider *self);
gint64           pd_sandbox_provider_get_start      (PdSandboxProvider *self);
gint64           pd_sandbox_provider_now            (PdSandboxProvider *self);
void             pd_sandbox_provider_add_route      (PdSandboxProvider *self,
                                                     const char        *method,
                                                     const char        *pattern,
                                                     PdSandboxHandler   handler);
void             pd_sandbox_provider_set_credential (PdSandboxProvider *self,
                                                     const char        *field,
                                                     const char        *value);
const char      *pd_sandbox_provider_intern         (PdSandboxProvider *self,
                                                     const char        *text);
const char      *pd_sandbox_provider_take           (PdSandboxProvider *self,
                                                     char              *text);
const char      *pd_sandbox_provider_intern_block   (PdSandboxProvider *self,
                                                     const char        *data,
                                                     gsize              length);
const char      *pd_sandbox_provider_intern_printf  (PdSandboxProvider *self,
                                                     const char        *format,
                                                     ...) G_GNUC_PRINTF (2, 3);

/* Requests */
PdSandboxProvider *pd_sandbox_request_get_provider  (PdSandboxRequest  *self);
const char      *pd_sandbox_request_get_method      (PdSandboxRequest  *self);
const char      *pd_sandbox_request_get_path        (PdSandboxRequest  *self);
const char      *pd_sandbox_request_get_param       (PdSandboxRequest  *self,
                                                     const char        *name);
const char      *pd_sandbox_request_get_query       (PdSandboxRequest  *self,
                                                     const char        *name);
const char      *pd_sandbox_request_get_header      (PdSandboxRequest  *self,
                                                     const char        *name);
GBytes          *pd_sandbox_request_get_body        (PdSandboxRequest  *self);
JsonObject      *pd_sandbox_request_parse_object    (PdSandboxRequest  *self,
                                                     GError           **error);
const char      *pd_sandbox_request_get_idempotency_key (PdSandboxRequest *self);
void             pd_sandbox_request_set_header      (PdSandboxRequest  *self,
                                                     const char        *name,
                                                     const char        *value);
void             pd_sandbox_request_respond         (PdSandboxRequest  *self,
                                                     guint              status,
                                                     const char        *content_type,
                                                     GBytes            *body);
void             pd_sandbox_request_respond_json    (PdSandboxRequest  *self,
                                                     guint              status,
                                                     PdJsonWriter      *writer);
void             pd_sandbox_request_error           (PdSandboxRequest  *self,
                                                     guint              status,
                                                     const char        *code,
                                                     const char        *message);
void             pd_sandbox_request_errorf          (PdSandboxRequest  *self,
                                                     guint              status,
                                                     const char        *code,
                                                     const char        *format,
                                                     ...) G_GNUC_PRINTF (4, 5);
void             pd_sandbox_request_record          (PdSandboxRequest  *self,
                                                     const char        *operation,
                                                     const char        *target,
                                                     const char        *id,
                                                     const char        *reference,
                                                     const PdMoney     *amount);

/* Reading request bodies: absent and null members read as NULL / not
 * present; a member of the wrong type is an error. */
gboolean         pd_sandbox_json_get_string         (JsonObject        *object,
                                                     const char        *member,
                                                     const char       **out,
                                                     GError           **error);
gboolean         pd_sandbox_json_get_int            (JsonObject        *object,
                                                     const char        *member,
                                                     gboolean          *present,
                                                     gint64            *out,
                                                     GError           **error);

/* Writing answers */
void             pd_sandbox_write_string            (PdJsonWriter      *writer,
                                                     const char        *member,
                                                     const char        *value);
void             pd_sandbox_write_int               (PdJsonWriter      *writer,
                                                     const char        *member,
                                                     gint64             value);
void             pd_sandbox_write_boolean           (PdJsonWriter      *writer,
                                                     const char        *member,
                                                     gboolean           value);
void             pd_sandbox_write_time              (PdJsonWriter      *writer,
                                                     const char        *member,
                                                     gint64             unix_time);

G_END_DECLS

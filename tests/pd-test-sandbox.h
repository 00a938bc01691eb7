/* pd-test-sandbox.h - run paydesk-sandbox from a test and talk to it
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _PdTestSandbox PdTestSandbox;

/* One HTTP request. @headers is NULL or a NULL-terminated list of
 * name, value pairs. A @timeout_seconds other than 0 uses a session of its
 * own with that timeout; @fresh_connection never reuses a kept-alive
 * connection (so a dropped connection is not retried behind the test's
 * back). */
typedef struct
{
  const char         *method;
  const char         *url;
  const char * const *headers;
  const char         *content_type;
  const char         *body;
  guint               timeout_seconds;
  gboolean            fresh_connection;
} PdTestRequest;

typedef struct
{
  GError             *error;
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  JsonNode           *json;
  double              elapsed_ms;
} PdTestResponse;

/* Not G_GNUC_NULL_TERMINATED: pd_test_sandbox_start (NULL) is the common
 * call, with no argument before the NULL. */
PdTestSandbox  *pd_test_sandbox_start            (const char         *first_argument,
                                                  ...);
void            pd_test_sandbox_stop             (PdTestSandbox      *self);
GSubprocess    *pd_test_sandbox_get_process      (PdTestSandbox      *self);
const char     *pd_test_sandbox_get_first_line   (PdTestSandbox      *self);
JsonObject     *pd_test_sandbox_get_description  (PdTestSandbox      *self);
const char     *pd_test_sandbox_get_control_url  (PdTestSandbox      *self);
const char     *pd_test_sandbox_get_base_url     (PdTestSandbox      *self,
                                                  const char         *provider);
const char     *pd_test_sandbox_get_credential   (PdTestSandbox      *self,
                                                  const char         *provider,
                                                  const char         *field);
char           *pd_test_sandbox_url              (PdTestSandbox      *self,
                                                  const char         *provider,
                                                  const char         *path);

PdTestResponse *pd_test_sandbox_send             (PdTestSandbox      *self,
                                                  const PdTestRequest *request);
PdTestResponse *pd_test_sandbox_control          (PdTestSandbox      *self,
                                                  const char         *method,
                                                  const char         *path,
                                                  const char         *body);

guint           pd_test_sandbox_arm_fault        (PdTestSandbox      *self,
                                                  const char         *fault_json);
void            pd_test_sandbox_clear_faults     (PdTestSandbox      *self);
JsonArray      *pd_test_sandbox_get_ledger       (PdTestSandbox      *self,
                                                  const char         *provider);
void            pd_test_sandbox_clear_ledger     (PdTestSandbox      *self);
/* Not G_GNUC_NULL_TERMINATED either: a count of one operation, with no
 * member to match, ends at @first_member (NULL). */
guint           pd_test_sandbox_count_ledger     (PdTestSandbox      *self,
                                                  const char         *provider,
                                                  const char         *operation,
                                                  const char         *first_member,
                                                  ...);
char           *pd_test_sandbox_dup_eoneopay_card (PdTestSandbox     *self,
                                                  char              **customer_id);
char           *pd_test_sandbox_get_clock        (PdTestSandbox      *self);
void            pd_test_sandbox_advance_clock    (PdTestSandbox      *self,
                                                  gint64              seconds);

void            pd_test_response_free            (PdTestResponse     *response);
JsonObject     *pd_test_response_get_object      (PdTestResponse     *response);
JsonArray      *pd_test_response_get_array       (PdTestResponse     *response);
char           *pd_test_response_dup_text        (PdTestResponse     *response);

/* Assertions on JSON members: each fails the test with the member's name. */
const char     *pd_test_assert_string_member     (JsonObject         *object,
                                                  const char         *member);
void            pd_test_assert_null_member       (JsonObject         *object,
                                                  const char         *member);
void            pd_test_assert_string_or_null    (JsonObject         *object,
                                                  const char         *member);
gint64          pd_test_assert_int_member        (JsonObject         *object,
                                                  const char         *member);
gboolean        pd_test_assert_boolean_member    (JsonObject         *object,
                                                  const char         *member);
JsonObject     *pd_test_assert_object_member     (JsonObject         *object,
                                                  const char         *member);
JsonArray      *pd_test_assert_array_member      (JsonObject         *object,
                                                  const char         *member);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTestSandbox, pd_test_sandbox_stop)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTestResponse, pd_test_response_free)

G_END_DECLS

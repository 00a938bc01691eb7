/* pd-sandbox-replay.c - answers kept by idempotency key
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-sandbox-replay.h"

typedef struct
{
  char   *fingerprint;
  guint   status;
  char   *content_type;
  GBytes *body;
} Answer;

struct _PdSandboxReplay
{
  GHashTable *answers;
};

static void
answer_free (gpointer data)
{
  Answer *answer = data;

  g_free (answer->fingerprint);
  g_free (answer->content_type);
  g_bytes_unref (answer->body);
  g_free (answer);
}

PdSandboxReplay *
pd_sandbox_replay_new (void)
{
  PdSandboxReplay *self = g_new0 (PdSandboxReplay, 1);

  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, answer_free);
  return self;
}

void
pd_sandbox_replay_free (PdSandboxReplay *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->answers);
  g_free (self);
}

/* A hit hands back the first answer given for @key; a key seen before with
 * another request (another @fingerprint) is a conflict. */
PdSandboxReplayResult
pd_sandbox_replay_lookup (PdSandboxReplay  *self,
                          const char       *key,
                          const char       *fingerprint,
                          guint            *status,
                          const char      **content_type,
                          GBytes          **body)
{
  Answer *answer = g_hash_table_lookup (self->answers, key);

  if (answer == NULL)
    return PD_SANDBOX_REPLAY_MISS;

  if (g_strcmp0 (answer->fingerprint, fingerprint) != 0)
    return PD_SANDBOX_REPLAY_CONFLICT;

  *status = answer->status;
  *content_type = answer->content_type;
  *body = g_bytes_ref (answer->body);

  return PD_SANDBOX_REPLAY_HIT;
}

void
pd_sandbox_replay_store (PdSandboxReplay *self,
                         const char      *key,
                         const char      *fingerprint,
                         guint            status,
                         const char      *content_type,
                         GBytes          *body)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->fingerprint = g_strdup (fingerprint);
  answer->status = status;
  answer->content_type = g_strdup (content_type);
  answer->body = body ? g_bytes_ref (body) : g_bytes_new (NULL, 0);

  g_hash_table_replace (self->answers, g_strdup (key), answer);
}

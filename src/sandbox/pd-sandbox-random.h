/* pd-sandbox-random.h - a deterministic random stream for seeded data
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* xoshiro256** state. A plain value: the same seed and stream name always
 * give the same sequence on every machine, which is what makes the
 * sandbox's answers byte-for-byte reproducible. */
typedef struct
{
  guint64 s[4];
} PdSandboxRandom;

void        pd_sandbox_random_init        (PdSandboxRandom    *self,
                                           guint64             seed,
                                           const char         *stream);
guint64     pd_sandbox_random_next        (PdSandboxRandom    *self);
guint32     pd_sandbox_random_below       (PdSandboxRandom    *self,
                                           guint32             bound);
gint64      pd_sandbox_random_between     (PdSandboxRandom    *self,
                                           gint64              low,
                                           gint64              high);
gboolean    pd_sandbox_random_percent     (PdSandboxRandom    *self,
                                           guint               percent);
const char *pd_sandbox_random_pick        (PdSandboxRandom    *self,
                                           const char * const *items,
                                           gsize               n_items);
void        pd_sandbox_random_fill        (PdSandboxRandom    *self,
                                           char               *buffer,
                                           gsize               length,
                                           const char         *alphabet);
char       *pd_sandbox_random_token       (PdSandboxRandom    *self,
                                           const char         *prefix,
                                           gsize               length);
void        pd_sandbox_random_digits      (PdSandboxRandom    *self,
                                           GString            *out,
                                           gsize               length);

#define PD_SANDBOX_RANDOM_PICK(random, array) \
  pd_sandbox_random_pick ((random), (array), G_N_ELEMENTS (array))

G_END_DECLS

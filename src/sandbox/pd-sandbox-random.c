/* pd-sandbox-random.c - a deterministic random stream for seeded data
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-sandbox-random.h"

#include <string.h>

static const char alnum[] =
  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

void
pd_sandbox_random_init (PdSandboxRandom *self,
                        guint64          seed,
                        const char      *stream)
{
  guint64 state;
  guint64 hash = G_GUINT64_CONSTANT (0xCBF29CE484222325);

  g_return_if_fail (self != NULL);

  /* FNV-1a of the stream name, so each provider draws from its own sequence
   * and adding a provider never shifts another one's data. */
  for (const char *p = stream ? stream : ""; *p; p++)
    {
      hash ^= (guchar)*p;
      hash *= G_GUINT64_CONSTANT (0x100000001B3);
    }

  state = seed ^ hash;
  for (guint i = 0; i < 4; i++)
    self->s[i] = splitmix64 (&state);
}

guint64
pd_sandbox_random_next (PdSandboxRandom *self)
{
  guint64 *s = self->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);

  return result;
}

/* Lemire's multiply-and-reject: unbiased, and almost never loops. */
guint32
pd_sandbox_random_below (PdSandboxRandom *self,
                         guint32          bound)
{
  guint64 m;
  guint32 low;

  if (bound <= 1)
    return 0;

  m = (pd_sandbox_random_next (self) >> 32) * bound;
  low = (guint32)m;
  if (low < bound)
    {
      guint32 threshold = -bound % bound;

      while (low < threshold)
        {
          m = (pd_sandbox_random_next (self) >> 32) * bound;
          low = (guint32)m;
        }
    }

  return (guint32)(m >> 32);
}

/* Inclusive at both ends. */
gint64
pd_sandbox_random_between (PdSandboxRandom *self,
                           gint64           low,
                           gint64           high)
{
  guint64 span;

  if (high <= low)
    return low;

  span = (guint64)(high - low) + 1;
  if (span <= G_MAXUINT32)
    return low + pd_sandbox_random_below (self, (guint32)span);

  return low + (gint64)(pd_sandbox_random_next (self) % span);
}

gboolean
pd_sandbox_random_percent (PdSandboxRandom *self,
                           guint            percent)
{
  return pd_sandbox_random_below (self, 100) < percent;
}

const char *
pd_sandbox_random_pick (PdSandboxRandom    *self,
                        const char * const *items,
                        gsize               n_items)
{
  g_return_val_if_fail (n_items > 0, NULL);

  return items[pd_sandbox_random_below (self, (guint32)n_items)];
}

void
pd_sandbox_random_fill (PdSandboxRandom *self,
                        char            *buffer,
                        gsize            length,
                        const char      *alphabet)
{
  const char *chars = alphabet ? alphabet : alnum;
  guint32 n = (guint32)strlen (chars);

  for (gsize i = 0; i < length; i++)
    buffer[i] = chars[pd_sandbox_random_below (self, n)];
}

char *
pd_sandbox_random_token (PdSandboxRandom *self,
                         const char      *prefix,
                         gsize            length)
{
  gsize prefix_length = prefix ? strlen (prefix) : 0;
  char *token = g_malloc (prefix_length + length + 1);

  if (prefix_length)
    memcpy (token, prefix, prefix_length);
  pd_sandbox_random_fill (self, token + prefix_length, length, NULL);
  token[prefix_length + length] = '\0';

  return token;
}

void
pd_sandbox_random_digits (PdSandboxRandom *self,
                          GString         *out,
                          gsize            length)
{
  for (gsize i = 0; i < length; i++)
    g_string_append_c (out, '0' + pd_sandbox_random_below (self, 10));
}

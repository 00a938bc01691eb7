/* pd-redact.c - remove secrets and mask card numbers in provider JSON
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pd-json.h"
#include "pd-json-private.h"
#include "pd-luhn.h"
#include "pd-redact.h"

/* What replaces a secret value in free text. */
#define REDACTED "[redacted]"

/* Member names, normalized (lower case, without '_' and '-'), whose value is
 * a secret wherever they appear. Collected from the five provider documents
 * and the keyring schema: FayaPay `authorization`, `clientSecret`; ZengaPay
 * `Authorization`, secret hash, `X-ZENGAPAY-SIGNATURE`; EoneoPay `api_key`,
 * `test_secret_key`, card `token`, `cvv`; PawaCard `password`, `key`;
 * EnayaPay `x-api-key`, `token`, `ipin`, `user_password`,
 * `current_password`, `new_password`, `user_otp`. */
static const char * const secret_names[] = {
  "authorization", "proxyauthorization", "xzengapaysignature",
  "key", "pass", "pwd", "cvn", "csc",
  "securitycode", "cardsecuritycode", "cardverificationvalue", "cardverificationcode",
};

/* Names ending like this are secrets too: "user_password", "clientSecret",
 * "x-api-key", "refresh_token", "ipin", "user_otp", "cvv2" … */
static const char * const secret_suffixes[] = {
  "password", "passwd", "passphrase", "passcode",
  "secret", "secretkey", "secrethash",
  "apikey", "privatekey", "sessionkey", "accesskey", "signingkey", "authkey",
  "token",
  "pin", "otp",
  "cvv", "cvc", "cvv2", "cvc2",
};

/* Names that hold a card number anywhere (EnayaPay `pan`, `card_pan`). */
static const char * const card_number_names[] = {
  "pan", "cardpan", "cardnumber", "cardno", "cardnum", "creditcardnumber",
  "debitcardnumber", "ccnumber", "ccnum", "primaryaccountnumber",
};

/* Names that hold a card number inside a card object (EoneoPay's
 * `credit_cards: [{ "number": … }]`), and only there: a bank account's or
 * a meter's number is not a card's. */
static const char * const card_context_number_names[] = {
  "number", "num", "no",
};

static char *
normalize_name (const char *name,
                gssize      length)
{
  char *out;
  gsize n = 0;

  if (length < 0)
    length = strlen (name);

  out = g_malloc (length + 1);
  for (gssize i = 0; i < length; i++)
    {
      if (name[i] != '_' && name[i] != '-')
        out[n++] = g_ascii_tolower (name[i]);
    }
  out[n] = '\0';

  return out;
}

static gboolean
in_list (const char         *name,
         const char * const *list,
         gsize               n)
{
  for (gsize i = 0; i < n; i++)
    {
      if (strcmp (name, list[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_secret_normalized (const char *name)
{
  if (in_list (name, secret_names, G_N_ELEMENTS (secret_names)))
    return TRUE;

  for (gsize i = 0; i < G_N_ELEMENTS (secret_suffixes); i++)
    {
      if (g_str_has_suffix (name, secret_suffixes[i]))
        return TRUE;
    }

  return FALSE;
}

/**
 * pd_redact_is_secret_name:
 * @member: (nullable): a JSON member name, header name or query parameter
 *
 * Decides whether a field holds a secret that Paydesk never stores: keys,
 * tokens, passwords, PINs and IPINs, one-time passwords, CVV/CVC codes and
 * authorization headers. Case and the characters '_' and '-' are ignored,
 * so "X-API-KEY", "api_key" and "apiKey" are the same name. A name is secret
 * if it is one of "key", "pass", "pwd", "authorization", "securitycode" …
 * or ends with "password", "passwd", "passcode", "secret", "secretkey",
 * "secrethash", "apikey", "privatekey", "sessionkey", "accesskey",
 * "token", "pin", "otp", "cvv", "cvc", "cvv2" or "cvc2" ("user_password",
 * "clientSecret", "refresh_token", "ipin", "user_otp"). Not secret:
 * "idempotency_key", "public_key", "token_type".
 *
 * Returns: %TRUE if values of @member must not be stored
 */
gboolean
pd_redact_is_secret_name (const char *member)
{
  g_autofree char *name = NULL;

  if (member == NULL)
    return FALSE;

  name = normalize_name (member, -1);
  return is_secret_normalized (name);
}

static gboolean
mentions_card (const char *name)
{
  return strstr (name, "card") != NULL || strstr (name, "pan") != NULL;
}

static gboolean
is_card_number_name (const char *name,
                     gboolean    in_card)
{
  return in_list (name, card_number_names, G_N_ELEMENTS (card_number_names)) ||
         (in_card && in_list (name, card_context_number_names,
                              G_N_ELEMENTS (card_context_number_names)));
}

/* Collects the digits of text made of digits, spaces and dashes only (as
 * card numbers are written). Returns the number of digits, or 0 if the text
 * holds anything else. */
static gsize
collect_digits (const char *text,
                gsize       length,
                char       *digits,
                gsize       max_digits)
{
  gsize n = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (g_ascii_isdigit (text[i]))
        {
          if (n == max_digits)
            return 0;
          digits[n++] = text[i];
        }
      else if (text[i] != ' ' && text[i] != '-')
        {
          return 0;
        }
    }

  return n;
}

/* One mask everywhere: an asterisk for each hidden digit, then the last four. */
static void
append_mask (GString    *out,
             const char *digits,
             gsize       n)
{
  for (gsize i = 0; i + 4 < n; i++)
    g_string_append_c (out, '*');
  g_string_append_len (out, digits + n - MIN (n, 4), MIN (n, 4));
}

/* Card numbers are 12 to 19 digits long; we read at most one digit more to
 * tell a longer number apart. */
#define MAX_CARD_DIGITS 19

/* Reads a run of digits at @p, with single spaces or dashes between groups
 * as card numbers are written. Keeps up to MAX_CARD_DIGITS of them in
 * @digits; *n_digits counts them all. Returns where the run ends. */
static const char *
scan_digit_run (const char *p,
                char       *digits,
                gsize      *n_digits)
{
  gsize n = 0;

  for (;;)
    {
      if (g_ascii_isdigit (*p))
        {
          if (n < MAX_CARD_DIGITS)
            digits[n] = *p;
          n++;
          p++;
        }
      else if (n > 0 && (*p == ' ' || *p == '-') && g_ascii_isdigit (p[1]))
        p++;
      else
        break;
    }

  *n_digits = n;
  return p;
}

/**
 * pd_redact_card_number:
 * @number: (nullable): a card number as a provider sends it
 *
 * Masks a card number to its last four digits, with one asterisk for each
 * hidden digit: "4242 4242 4242 4242" becomes "************4242". Text
 * that is not 12 to 19 digits (spaces and dashes allowed) comes back as it
 * is, so an already-masked "424242******4242" or "xxxx1234" is kept, except
 * that any run of 12 to 19 digits inside it is masked too.
 *
 * Returns: (transfer full) (nullable): the masked number, or %NULL for %NULL
 */
char *
pd_redact_card_number (const char *number)
{
  char digits[MAX_CARD_DIGITS + 1];
  GString *out;
  gsize n;
  const char *p;

  if (number == NULL)
    return NULL;

  n = collect_digits (number, strlen (number), digits, sizeof digits);
  if (n >= 12 && n <= MAX_CARD_DIGITS)
    {
      out = g_string_sized_new (n);
      append_mask (out, digits, n);
      return g_string_free (out, FALSE);
    }

  out = g_string_sized_new (strlen (number));
  for (p = number; *p != '\0';)
    {
      const char *run = p;

      p = scan_digit_run (p, digits, &n);
      if (n >= 12 && n <= MAX_CARD_DIGITS)
        append_mask (out, digits, n);
      else if (p > run)
        g_string_append_len (out, run, p - run);
      else
        g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ JSON */

typedef struct
{
  /* The normalized name of the member this container is the value of; an
   * array's elements are read as if they had that name. */
  char     *name;
  gboolean  is_object;
  /* Inside something whose name mentions cards. */
  gboolean  in_card;
  guint     n_written;
} Frame;

typedef struct
{
  PdJsonReader  reader;
  GString      *out;
  gsize         copied;
  Frame        *frames;
  guint         n_frames;
  guint         n_allocated;
} Redactor;

static void
redactor_clear (Redactor *self)
{
  for (guint i = 0; i < self->n_frames; i++)
    g_free (self->frames[i].name);
  g_clear_pointer (&self->frames, g_free);
  self->n_frames = 0;

  if (self->out != NULL)
    g_string_free (g_steal_pointer (&self->out), TRUE);
}

/* Copies the input up to the start of @token. */
static void
copy_gap (Redactor          *self,
          const PdJsonToken *token,
          gboolean           drop_commas)
{
  const char *data = self->reader.data;

  if (!drop_commas)
    {
      g_string_append_len (self->out, data + self->copied, token->start - self->copied);
    }
  else
    {
      for (gsize i = self->copied; i < token->start; i++)
        {
          if (data[i] != ',')
            g_string_append_c (self->out, data[i]);
        }
    }

  self->copied = token->start;
}

static void
copy_token (Redactor          *self,
            const PdJsonToken *token,
            gboolean           drop_commas)
{
  copy_gap (self, token, drop_commas);
  g_string_append_len (self->out, self->reader.data + token->start, token->end - token->start);
  self->copied = token->end;
}

/* The digits of a string or number token, if it is written like a card
 * number would be. */
static gsize
token_digits (Redactor          *self,
              const PdJsonToken *token,
              char              *digits)
{
  if (token->type == PD_JSON_TOKEN_NUMBER)
    return collect_digits (self->reader.data + token->start, token->end - token->start,
                           digits, MAX_CARD_DIGITS + 1);

  if (token->type == PD_JSON_TOKEN_STRING)
    {
      g_autofree char *text = pd_json_reader_dup_string (&self->reader, token);

      return collect_digits (text, strlen (text), digits, MAX_CARD_DIGITS + 1);
    }

  return 0;
}

/* An electricity token (STS: 20 digits, often in groups of four) is what a
 * vend bought: the customer types it into the meter, it works on that meter
 * only, and support staff read it out again when the SMS is lost. It is not
 * a credential, and for PawaCard and EnayaPay the stored record is the only
 * copy, so a "token" member that holds one is kept. */
static gboolean
is_electricity_token (Redactor          *self,
                      const char        *name,
                      const PdJsonToken *value)
{
  g_autofree char *text = NULL;
  gsize n = 0;

  if (strcmp (name, "token") != 0)
    return FALSE;

  if (value->type == PD_JSON_TOKEN_NUMBER)
    {
      /* Too long for the card-sized buffer: count by hand. */
      for (gsize i = value->start; i < value->end; i++)
        {
          if (!g_ascii_isdigit (self->reader.data[i]))
            return FALSE;
          n++;
        }
      return n == 20;
    }

  if (value->type != PD_JSON_TOKEN_STRING)
    return FALSE;

  text = pd_json_reader_dup_string (&self->reader, value);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        n++;
      else if (*p != ' ' && *p != '-')
        return FALSE;
    }

  return n == 20;
}

static gboolean
should_mask (Redactor          *self,
             const char        *name,
             gboolean           in_card,
             const PdJsonToken *value,
             char              *digits,
             gsize             *n_digits)
{
  gsize n;

  if (name == NULL ||
      (value->type != PD_JSON_TOKEN_STRING && value->type != PD_JSON_TOKEN_NUMBER))
    return FALSE;

  if (!is_card_number_name (name, in_card) && !mentions_card (name))
    return FALSE;

  n = token_digits (self, value, digits);
  *n_digits = n;

  if (n < 12 || n > MAX_CARD_DIGITS)
    return FALSE;

  if (is_card_number_name (name, in_card))
    return TRUE;

  return n >= 13 && pd_luhn_is_valid (digits, n);
}

static void
push_frame (Redactor   *self,
            const char *name,
            gboolean    is_object)
{
  Frame *parent;
  Frame *frame;

  /* The reader refuses more than PD_JSON_MAX_DEPTH levels. */
  if (self->n_frames == self->n_allocated)
    {
      self->n_allocated = MIN (self->n_allocated * 2, PD_JSON_MAX_DEPTH);
      self->frames = g_renew (Frame, self->frames, self->n_allocated);
    }

  parent = self->n_frames > 0 ? &self->frames[self->n_frames - 1] : NULL;
  frame = &self->frames[self->n_frames++];

  frame->name = g_strdup (name);
  frame->is_object = is_object;
  frame->in_card = (parent != NULL && parent->in_card) ||
                   (name != NULL && strstr (name, "card") != NULL);
  frame->n_written = 0;
}

/* Writes a value's first token; @name is the member (or array) it belongs to. */
static void
write_value (Redactor          *self,
             const PdJsonToken *value,
             const char        *name)
{
  Frame *parent = self->n_frames > 0 ? &self->frames[self->n_frames - 1] : NULL;
  gboolean in_card = parent != NULL && parent->in_card;
  char digits[MAX_CARD_DIGITS + 1];
  gsize n_digits = 0;

  switch (value->type)
    {
    case PD_JSON_TOKEN_BEGIN_OBJECT:
    case PD_JSON_TOKEN_BEGIN_ARRAY:
      copy_token (self, value, FALSE);
      push_frame (self, name, value->type == PD_JSON_TOKEN_BEGIN_OBJECT);
      break;

    case PD_JSON_TOKEN_STRING:
    case PD_JSON_TOKEN_NUMBER:
      if (should_mask (self, name, in_card, value, digits, &n_digits))
        {
          copy_gap (self, value, FALSE);
          g_string_append_c (self->out, '"');
          append_mask (self->out, digits, n_digits);
          g_string_append_c (self->out, '"');
          self->copied = value->end;
        }
      else
        {
          copy_token (self, value, FALSE);
        }
      break;

    default:
      copy_token (self, value, FALSE);
      break;
    }
}

/**
 * pd_redact_json:
 * @text: JSON text from a provider
 * @length: its length in bytes, or -1 if it is NUL-terminated
 * @error: return location for a #GError
 *
 * Makes a provider's JSON safe to store, working on the text so that
 * everything it does not redact stays byte for byte, number literals and
 * white space included:
 *
 * - a member whose name is a secret (pd_redact_is_secret_name()) is removed
 *   with its value, whatever the value is, and the commas around it are
 *   fixed; the one exception is a "token" holding a 20-digit electricity
 *   (STS) token, which is what a vend bought and is kept;
 * - a card number — a string or integer of 12 to 19 digits (spaces and
 *   dashes allowed) in a member named "pan", "card_pan", "cardNumber" …,
 *   or named "number" inside a card object — becomes a string masked to its
 *   last four digits as pd_redact_card_number() does;
 * - any other member whose name mentions "card" or "pan" is masked too if
 *   it holds 13 to 19 digits that pass the Luhn check.
 *
 * Phone numbers, meter and account numbers are not card numbers and are
 * left alone, as are values that are already masked ("555903XXXXXXX199").
 *
 * Returns: (transfer full): the redacted JSON text, or %NULL with
 *   %PD_JSON_ERROR_MALFORMED if @text is not JSON
 */
char *
pd_redact_json (const char  *text,
                gssize       length,
                GError     **error)
{
  Redactor self = { 0, };
  PdJsonToken token;
  char *result;

  g_return_val_if_fail (text != NULL || length <= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    text = "";
  if (length < 0)
    length = strlen (text);

  pd_json_reader_init (&self.reader, text, length);
  self.out = g_string_sized_new (length + 16);
  self.n_allocated = 16;
  self.frames = g_new0 (Frame, self.n_allocated);

  do
    {
      if (!pd_json_reader_next (&self.reader, &token, error))
        goto failed;

      switch (token.type)
        {
        case PD_JSON_TOKEN_NAME:
          {
            Frame *frame = &self.frames[self.n_frames - 1];
            g_autofree char *raw = pd_json_reader_dup_string (&self.reader, &token);
            g_autofree char *name = normalize_name (raw, -1);
            PdJsonToken value;

            if (!pd_json_reader_next (&self.reader, &value, error))
              goto failed;

            if (is_secret_normalized (name) && !is_electricity_token (&self, name, &value))
              {
                PdJsonToken last;

                /* Drop the member and the gap before it, which holds its
                 * leading comma if it has one. If it was the object's first,
                 * the next member's comma goes instead (see below). */
                if (!pd_json_reader_skip_value (&self.reader, &value, &last, error))
                  goto failed;
                self.copied = last.end;
                break;
              }

            copy_token (&self, &token, frame->n_written == 0);
            frame->n_written++;
            write_value (&self, &value, name);
          }
          break;

        case PD_JSON_TOKEN_END_OBJECT:
        case PD_JSON_TOKEN_END_ARRAY:
          copy_token (&self, &token, FALSE);
          g_free (self.frames[--self.n_frames].name);
          break;

        case PD_JSON_TOKEN_END:
          g_string_append_len (self.out, text + self.copied, length - self.copied);
          break;

        case PD_JSON_TOKEN_BEGIN_OBJECT:
        case PD_JSON_TOKEN_BEGIN_ARRAY:
        case PD_JSON_TOKEN_STRING:
        case PD_JSON_TOKEN_NUMBER:
        case PD_JSON_TOKEN_TRUE:
        case PD_JSON_TOKEN_FALSE:
        case PD_JSON_TOKEN_NULL:
        default:
          /* An array element or the top-level value. */
          write_value (&self, &token,
                       self.n_frames > 0 ? self.frames[self.n_frames - 1].name : NULL);
          break;
        }
    }
  while (token.type != PD_JSON_TOKEN_END);

  result = g_string_free (g_steal_pointer (&self.out), FALSE);
  redactor_clear (&self);
  return result;

failed:
  redactor_clear (&self);
  return NULL;
}

/* ------------------------------------------------------------------ text */

static inline gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-';
}

static inline gboolean
ends_unquoted_value (char c)
{
  return c == '\0' || g_ascii_isspace (c) || strchr (",;&\"'}])", c) != NULL;
}

/* Prefixes of keys that are secret however they are labelled: Stripe-style
 * keys (EoneoPay's "sk_test_…") and ZengaPay's API tokens. */
static const char * const secret_prefixes[] = {
  "sk_live_", "sk_test_", "rk_live_", "rk_test_", "ZPYPUBK-", "ZPYSECK-",
};

/* A JSON Web Token (EnayaPay's session token): three base64url parts. */
static gsize
jwt_length (const char *p)
{
  const char *start = p;

  if (strncmp (p, "eyJ", 3) != 0)
    return 0;

  /* header.payload.signature; a '.' after it ends a sentence. */
  for (guint part = 0; part < 3; part++)
    {
      const char *part_start = p;

      while (is_word_char (*p))
        p++;
      if (p == part_start && part < 2)
        return 0;
      if (part < 2)
        {
          if (*p != '.')
            return 0;
          p++;
        }
    }

  return p - start;
}

/* At @p, just after a secret's name: if a separator and a value follow,
 * writes everything up to the value and the replacement, and returns where
 * the value ends; else returns NULL and writes nothing. */
static const char *
redact_value_after_name (GString    *out,
                         const char *p,
                         gboolean    card_number)
{
  const char *q = p;
  const char *value;
  const char *value_end;

  if (*q == '"' || *q == '\'')
    q++;
  while (*q == ' ' || *q == '\t')
    q++;
  if (*q != ':' && *q != '=')
    return NULL;
  q++;
  while (*q == ' ' || *q == '\t')
    q++;

  if (*q == '"' || *q == '\'')
    {
      char quote = *q++;

      value = q;
      while (*q != '\0' && *q != quote)
        q += (*q == '\\' && q[1] != '\0') ? 2 : 1;
      value_end = q;
    }
  else
    {
      static const char * const schemes[] = { "Bearer ", "Basic ", "Digest ", "Token ", "Key " };

      for (gsize i = 0; i < G_N_ELEMENTS (schemes); i++)
        {
          if (g_ascii_strncasecmp (q, schemes[i], strlen (schemes[i])) == 0)
            {
              q += strlen (schemes[i]);
              while (*q == ' ')
                q++;
              break;
            }
        }

      value = q;
      while (!ends_unquoted_value (*q))
        q++;
      value_end = q;
    }

  if (value_end == value)
    return NULL;

  if (card_number)
    {
      g_autofree char *number = g_strndup (value, value_end - value);
      char digits[MAX_CARD_DIGITS + 1];
      gsize n = collect_digits (number, strlen (number), digits, sizeof digits);

      if (n < 12 || n > MAX_CARD_DIGITS)
        return NULL;

      g_string_append_len (out, p, value - p);
      append_mask (out, digits, n);
      return value_end;
    }

  g_string_append_len (out, p, value - p);
  g_string_append (out, REDACTED);
  return value_end;
}

/**
 * pd_redact_text:
 * @text: (nullable): a line for a debug log: headers, a URL, a body
 *
 * Hides secrets in free text before it is logged:
 *
 * - the value after any secret name (pd_redact_is_secret_name()) followed
 *   by ':' or '=' — quoted or not, and after an auth scheme such as
 *   "Bearer " — becomes "[redacted]": `authorization: KEY`,
 *   `x-api-key: …`, `"token":"…"`, `password=…`, `Authorization: Basic …`;
 * - the value after a card number's name ("pan": "…") is masked to its
 *   last four digits if it is 12 to 19 digits;
 * - any run of 13 to 19 digits (single spaces or dashes allowed between
 *   them) that passes the Luhn check and stands alone is masked to its last
 *   four digits, as pd_redact_card_number() does;
 * - keys recognizable by their shape ("sk_test_…", "ZPYPUBK-…") and JSON
 *   Web Tokens ("eyJ….….…") become "[redacted]".
 *
 * Everything else is copied unchanged. It is a safety net for logs, not a
 * parser: use pd_redact_json() for JSON that is stored.
 *
 * Returns: (transfer full) (nullable): the redacted text, or %NULL for %NULL
 */
char *
pd_redact_text (const char *text)
{
  GString *out;
  const char *p;

  if (text == NULL)
    return NULL;

  out = g_string_sized_new (strlen (text) + 16);
  p = text;

  while (*p != '\0')
    {
      gboolean boundary = p == text || !(g_ascii_isalnum (p[-1]) || p[-1] == '_');

      if (boundary && g_ascii_isdigit (*p))
        {
          const char *run = p;
          char digits[MAX_CARD_DIGITS];
          gsize n;

          p = scan_digit_run (p, digits, &n);
          if (n >= 13 && n <= MAX_CARD_DIGITS && !(g_ascii_isalpha (*p) || *p == '_') &&
              pd_luhn_is_valid (digits, n))
            append_mask (out, digits, n);
          else
            g_string_append_len (out, run, p - run);
          continue;
        }

      if (boundary && (g_ascii_isalpha (*p) || *p == '_'))
        {
          const char *word = p;
          g_autofree char *name = NULL;
          const char *after;
          gsize length;

          length = jwt_length (p);
          if (length > 0)
            {
              g_string_append (out, REDACTED);
              p += length;
              continue;
            }

          for (gsize i = 0; i < G_N_ELEMENTS (secret_prefixes); i++)
            {
              if (g_str_has_prefix (p, secret_prefixes[i]))
                {
                  while (is_word_char (*p))
                    p++;
                  break;
                }
            }
          if (p != word)
            {
              g_string_append (out, REDACTED);
              continue;
            }

          while (is_word_char (*p))
            p++;
          g_string_append_len (out, word, p - word);

          name = normalize_name (word, p - word);
          after = NULL;
          if (is_secret_normalized (name))
            after = redact_value_after_name (out, p, FALSE);
          else if (is_card_number_name (name, FALSE))
            after = redact_value_after_name (out, p, TRUE);

          if (after != NULL)
            p = after;
          continue;
        }

      g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}

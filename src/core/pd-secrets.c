/* pd-secrets.c - account secrets in the system keyring
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "pd-secrets.h"

#define MAX_FIELD_LENGTH 64

struct _PdSecretSet
{
  /* field name → value; values are wiped when removed */
  GHashTable *fields;
};

/* How long a keyring call may take. Only an unlock prompt makes one take
 * more than a moment, and a prompt nobody answers (the keyring shows it
 * where nobody looks, or a prompter that never shows it) would make the
 * call wait for ever. */
#define DEFAULT_PROMPT_TIMEOUT_MS (2 * 60 * 1000)

struct _PdSecrets
{
  GObject     parent_instance;

  /* account uuid → PdSecretSet, held in memory only, never written anywhere */
  GHashTable *session;

  guint       prompt_timeout_ms;
};

enum {
  PROP_0,
  PROP_SESSION_ONLY,
  PROP_PROMPT_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Why a store, lookup or clear could not use the keyring. */
typedef enum
{
  REASON_NO_SERVICE,
  REASON_LOCKED,
  REASON_NO_COLLECTION,
  REASON_OTHER,
} Reason;

typedef enum
{
  OPERATION_STORE,
  OPERATION_LOOKUP,
  OPERATION_CLEAR,
} Operation;

static const SecretSchema account_schema = {
  PD_SECRETS_SCHEMA_NAME,
  SECRET_SCHEMA_NONE,
  {
    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

G_DEFINE_QUARK (pd-secrets-error-quark, pd_secrets_error)

G_DEFINE_BOXED_TYPE (PdSecretSet, pd_secret_set, pd_secret_set_copy, pd_secret_set_free)

G_DEFINE_FINAL_TYPE (PdSecrets, pd_secrets, G_TYPE_OBJECT)

/* Volatile stores cannot be optimized away, unlike a memset () right
 * before free (). */
static void
wipe (gpointer data,
      gsize    length)
{
  volatile guchar *p = data;

  while (length-- > 0)
    *p++ = 0;
}

/* PdSecretSet */

/**
 * pd_secret_text_free:
 * @text: (nullable): a secret string, allocated with g_malloc()
 *
 * Overwrites @text, then frees it; a #GDestroyNotify for secrets.
 */
void
pd_secret_text_free (gpointer text)
{
  if (text == NULL)
    return;

  explicit_bzero (text, strlen (text));
  g_free (text);
}

/**
 * pd_secret_set_new:
 *
 * Creates an empty set of secrets.
 *
 * Returns: (transfer full): a new #PdSecretSet
 */
PdSecretSet *
pd_secret_set_new (void)
{
  PdSecretSet *set = g_new0 (PdSecretSet, 1);

  set->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, pd_secret_text_free);

  return set;
}

/**
 * pd_secret_set_copy:
 * @set: a #PdSecretSet
 *
 * Copies @set and every value in it.
 *
 * Returns: (transfer full): a new #PdSecretSet
 */
PdSecretSet *
pd_secret_set_copy (const PdSecretSet *set)
{
  PdSecretSet *copy;
  GHashTableIter iter;
  gpointer field, value;

  g_return_val_if_fail (set != NULL, NULL);

  copy = pd_secret_set_new ();
  g_hash_table_iter_init (&iter, set->fields);
  while (g_hash_table_iter_next (&iter, &field, &value))
    g_hash_table_insert (copy->fields, g_strdup (field), g_strdup (value));

  return copy;
}

/**
 * pd_secret_set_free:
 * @set: (nullable): a #PdSecretSet
 *
 * Wipes every value of @set from memory and frees it.
 */
void
pd_secret_set_free (PdSecretSet *set)
{
  if (set == NULL)
    return;

  g_hash_table_unref (set->fields);
  g_free (set);
}

/**
 * pd_secret_set_is_valid_field:
 * @field: (nullable): a field name
 *
 * Checks that @field can name a secret: 1 to 64 characters of lower-case
 * ASCII letters, digits and `_`, starting with a letter.
 *
 * Returns: %TRUE if @field is a valid field name
 */
gboolean
pd_secret_set_is_valid_field (const char *field)
{
  gsize i;

  if (field == NULL || !g_ascii_islower (field[0]))
    return FALSE;

  for (i = 1; field[i] != '\0'; i++)
    {
      if (i >= MAX_FIELD_LENGTH)
        return FALSE;
      if (!g_ascii_islower (field[i]) && !g_ascii_isdigit (field[i]) && field[i] != '_')
        return FALSE;
    }

  return TRUE;
}

/**
 * pd_secret_set_set:
 * @set: a #PdSecretSet
 * @field: a valid field name, see pd_secret_set_is_valid_field()
 * @value: the secret
 *
 * Sets the secret @field to a copy of @value, wiping any previous value.
 */
void
pd_secret_set_set (PdSecretSet *set,
                   const char  *field,
                   const char  *value)
{
  g_return_if_fail (set != NULL);
  g_return_if_fail (pd_secret_set_is_valid_field (field));
  g_return_if_fail (value != NULL);

  g_hash_table_replace (set->fields, g_strdup (field), g_strdup (value));
}

/**
 * pd_secret_set_get:
 * @set: a #PdSecretSet
 * @field: a field name
 *
 * Gets the secret @field.
 *
 * Returns: (nullable): the value, owned by @set, or %NULL if @set has no
 *   such field
 */
const char *
pd_secret_set_get (const PdSecretSet *set,
                   const char        *field)
{
  g_return_val_if_fail (set != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);

  return g_hash_table_lookup (set->fields, field);
}

/**
 * pd_secret_set_remove:
 * @set: a #PdSecretSet
 * @field: a field name
 *
 * Removes the secret @field and wipes its value.
 *
 * Returns: %TRUE if @set had the field
 */
gboolean
pd_secret_set_remove (PdSecretSet *set,
                      const char  *field)
{
  g_return_val_if_fail (set != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  return g_hash_table_remove (set->fields, field);
}

/**
 * pd_secret_set_get_size:
 * @set: a #PdSecretSet
 *
 * Counts the fields of @set.
 *
 * Returns: the number of fields
 */
guint
pd_secret_set_get_size (const PdSecretSet *set)
{
  g_return_val_if_fail (set != NULL, 0);

  return g_hash_table_size (set->fields);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/**
 * pd_secret_set_dup_fields:
 * @set: a #PdSecretSet
 *
 * Lists the field names of @set in byte order (never the values).
 *
 * Returns: (transfer full): a %NULL-terminated array of field names
 */
char **
pd_secret_set_dup_fields (const PdSecretSet *set)
{
  g_autoptr(GPtrArray) fields = NULL;
  GHashTableIter iter;
  gpointer field;

  g_return_val_if_fail (set != NULL, NULL);

  fields = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_iter_init (&iter, set->fields);
  while (g_hash_table_iter_next (&iter, &field, NULL))
    g_ptr_array_add (fields, g_strdup (field));
  g_ptr_array_sort (fields, compare_strings);
  g_ptr_array_add (fields, NULL);

  return (char **)g_ptr_array_free (g_steal_pointer (&fields), FALSE);
}

/**
 * pd_secret_set_equal:
 * @a: a #PdSecretSet
 * @b: another #PdSecretSet
 *
 * Compares two sets field by field.
 *
 * Returns: %TRUE if @a and @b have the same fields with the same values
 */
gboolean
pd_secret_set_equal (const PdSecretSet *a,
                     const PdSecretSet *b)
{
  GHashTableIter iter;
  gpointer field, value;

  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  if (g_hash_table_size (a->fields) != g_hash_table_size (b->fields))
    return FALSE;

  g_hash_table_iter_init (&iter, a->fields);
  while (g_hash_table_iter_next (&iter, &field, &value))
    {
      const char *other = g_hash_table_lookup (b->fields, field);

      if (other == NULL || strcmp (value, other) != 0)
        return FALSE;
    }

  return TRUE;
}

/* The keyring item's secret is a flat JSON object of strings. It is
 * written and read here rather than with json-glib so that every buffer
 * that held a secret can be wiped: no growing string or parser node leaves
 * a copy behind in freed memory. */

static gsize
json_string_length (const char *s)
{
  gsize length = 2;

  for (; *s != '\0'; s++)
    {
      guchar c = *s;

      if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t')
        length += 2;
      else if (c < 0x20)
        length += 6;
      else
        length += 1;
    }

  return length;
}

static char *
json_write_string (char       *out,
                   const char *s)
{
  static const char hex[] = "0123456789abcdef";

  *out++ = '"';
  for (; *s != '\0'; s++)
    {
      guchar c = *s;

      switch (c)
        {
        case '"':  *out++ = '\\'; *out++ = '"'; break;
        case '\\': *out++ = '\\'; *out++ = '\\'; break;
        case '\b': *out++ = '\\'; *out++ = 'b'; break;
        case '\f': *out++ = '\\'; *out++ = 'f'; break;
        case '\n': *out++ = '\\'; *out++ = 'n'; break;
        case '\r': *out++ = '\\'; *out++ = 'r'; break;
        case '\t': *out++ = '\\'; *out++ = 't'; break;
        default:
          if (c < 0x20)
            {
              *out++ = '\\';
              *out++ = 'u';
              *out++ = '0';
              *out++ = '0';
              *out++ = hex[c >> 4];
              *out++ = hex[c & 0xf];
            }
          else
            {
              *out++ = c;
            }
        }
    }
  *out++ = '"';

  return out;
}

/* Returns a NUL-terminated buffer of exactly *length bytes (plus the NUL)
 * that the caller wipes. */
static char *
secret_set_to_json (const PdSecretSet *set,
                    gsize             *length)
{
  g_auto(GStrv) fields = pd_secret_set_dup_fields (set);
  gsize total = 2;
  char *json;
  char *p;
  guint i;

  for (i = 0; fields[i] != NULL; i++)
    {
      total += json_string_length (fields[i]) + 1;
      total += json_string_length (g_hash_table_lookup (set->fields, fields[i]));
      if (i > 0)
        total += 1;
    }

  json = g_malloc (total + 1);
  p = json;
  *p++ = '{';
  for (i = 0; fields[i] != NULL; i++)
    {
      if (i > 0)
        *p++ = ',';
      p = json_write_string (p, fields[i]);
      *p++ = ':';
      p = json_write_string (p, g_hash_table_lookup (set->fields, fields[i]));
    }
  *p++ = '}';
  *p = '\0';

  g_assert ((gsize)(p - json) == total);
  *length = total;

  return json;
}

typedef struct
{
  const char *p;
  const char *end;
} JsonReader;

static void
json_skip_space (JsonReader *reader)
{
  while (reader->p < reader->end &&
         (*reader->p == ' ' || *reader->p == '\t' || *reader->p == '\n' || *reader->p == '\r'))
    reader->p++;
}

static gboolean
json_expect (JsonReader *reader,
             char        c)
{
  if (reader->p >= reader->end || *reader->p != c)
    return FALSE;

  reader->p++;
  return TRUE;
}

static gboolean
json_read_hex4 (const char *p,
                const char *end,
                gunichar   *value)
{
  int i;

  if (end - p < 4)
    return FALSE;

  *value = 0;
  for (i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return FALSE;
      *value = (*value << 4) | (gunichar)digit;
    }

  return TRUE;
}

/* Reads one string token and returns it unescaped, or NULL if it is not a
 * valid JSON string of UTF-8 text without NUL characters. The unescaped
 * text is never longer than the token, so one allocation of the token's
 * size holds it and no other copy is made. */
static char *
json_read_string (JsonReader *reader)
{
  const char *close;
  const char *p;
  gsize size;
  char *out;
  char *o;

  if (!json_expect (reader, '"'))
    return NULL;

  for (close = reader->p; close < reader->end && *close != '"'; close++)
    {
      if (*close == '\\')
        {
          close++;
          if (close >= reader->end)
            return NULL;
        }
    }
  if (close >= reader->end)
    return NULL;

  size = (gsize)(close - reader->p) + 1;
  out = o = g_malloc (size);

  for (p = reader->p; p < close;)
    {
      guchar c = *p++;
      gunichar ch;

      if (c < 0x20)
        goto fail;

      if (c != '\\')
        {
          *o++ = c;
          continue;
        }

      c = *p++;
      switch (c)
        {
        case '"':
        case '\\':
        case '/':
          *o++ = c;
          break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u':
          if (!json_read_hex4 (p, close, &ch))
            goto fail;
          p += 4;
          if (ch >= 0xdc00 && ch <= 0xdfff)
            goto fail;
          if (ch >= 0xd800 && ch <= 0xdbff)
            {
              gunichar low;

              if (close - p < 6 || p[0] != '\\' || p[1] != 'u' ||
                  !json_read_hex4 (p + 2, close, &low) ||
                  low < 0xdc00 || low > 0xdfff)
                goto fail;
              p += 6;
              ch = 0x10000 + ((ch - 0xd800) << 10) + (low - 0xdc00);
            }
          if (ch == 0)
            goto fail;
          o += g_unichar_to_utf8 (ch, o);
          break;
        default:
          goto fail;
        }
    }

  *o = '\0';
  if (!g_utf8_validate (out, o - out, NULL))
    goto fail;

  reader->p = close + 1;
  return out;

fail:
  wipe (out, size);
  g_free (out);
  return NULL;
}

static PdSecretSet *
secret_set_from_json (const char *data,
                      gsize       length)
{
  g_autoptr(PdSecretSet) set = pd_secret_set_new ();
  JsonReader reader = { data, data + length };

  json_skip_space (&reader);
  if (!json_expect (&reader, '{'))
    return NULL;

  /* An empty object is refused too: nothing stores one. */
  for (;;)
    {
      g_autofree char *field = NULL;
      char *value;

      json_skip_space (&reader);
      field = json_read_string (&reader);
      if (field == NULL ||
          !pd_secret_set_is_valid_field (field) ||
          g_hash_table_contains (set->fields, field))
        return NULL;

      json_skip_space (&reader);
      if (!json_expect (&reader, ':'))
        return NULL;
      json_skip_space (&reader);

      value = json_read_string (&reader);
      if (value == NULL)
        return NULL;
      g_hash_table_insert (set->fields, g_steal_pointer (&field), value);

      json_skip_space (&reader);
      if (json_expect (&reader, '}'))
        break;
      if (!json_expect (&reader, ','))
        return NULL;
    }

  json_skip_space (&reader);
  if (reader.p != reader.end)
    return NULL;

  return g_steal_pointer (&set);
}

/* Errors */

static Reason
classify_error (const GError *error,
                Operation     operation,
                gboolean      connecting)
{
  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    return REASON_LOCKED;

  /* The default alias points nowhere (gnome-keyring without a login
   * keyring), and libsecret could not have one created. */
  if (operation == OPERATION_STORE &&
      (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT) ||
       g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
       g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT)))
    return REASON_NO_COLLECTION;

  if (error->domain == G_DBUS_ERROR)
    {
      switch (error->code)
        {
        case G_DBUS_ERROR_SERVICE_UNKNOWN:
        case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
        case G_DBUS_ERROR_NO_SERVER:
        case G_DBUS_ERROR_DISCONNECTED:
        case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
        case G_DBUS_ERROR_SPAWN_FORK_FAILED:
        case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
        case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
        case G_DBUS_ERROR_SPAWN_FAILED:
        case G_DBUS_ERROR_SPAWN_SETUP_FAILED:
        case G_DBUS_ERROR_SPAWN_CONFIG_INVALID:
        case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
        case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
        case G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID:
        case G_DBUS_ERROR_SPAWN_FILE_INVALID:
        case G_DBUS_ERROR_SPAWN_NO_MEMORY:
          return REASON_NO_SERVICE;
        default:
          break;
        }
    }

  /* No session bus to connect to, or it went away. */
  if (error->domain == G_IO_ERROR &&
      (connecting ||
       error->code == G_IO_ERROR_CLOSED ||
       error->code == G_IO_ERROR_CONNECTION_CLOSED))
    return REASON_NO_SERVICE;

  return REASON_OTHER;
}

static const char *
reason_message (Reason    reason,
                Operation operation,
                gboolean  kept)
{
  switch (reason)
    {
    case REASON_NO_SERVICE:
      if (operation == OPERATION_STORE && kept)
        return _("No keyring service is running, so the secret could not be saved. "
                 "It is kept in memory until Paydesk quits; start a keyring such as "
                 "GNOME Keyring to save it.");
      if (operation == OPERATION_STORE)
        return _("No keyring service is running, so the secret could not be saved. "
                 "Start a keyring such as GNOME Keyring and try again.");
      if (operation == OPERATION_LOOKUP)
        return _("No keyring service is running, so the saved secret of this account "
                 "cannot be read. Start a keyring such as GNOME Keyring, or enter the "
                 "secret again for this session.");
      return _("No keyring service is running, so the secret of this account could not "
               "be removed from it. Start a keyring such as GNOME Keyring and try again.");

    case REASON_LOCKED:
      if (operation == OPERATION_STORE && kept)
        return _("The keyring is locked, so the secret could not be saved. It is kept in "
                 "memory until Paydesk quits; unlock the keyring, for example in "
                 "Passwords and Keys, to save it.");
      if (operation == OPERATION_STORE)
        return _("The keyring is locked, so the secret could not be saved. Unlock the "
                 "keyring, for example in Passwords and Keys, and try again.");
      if (operation == OPERATION_LOOKUP)
        return _("The keyring is locked, so the secret of this account cannot be read. "
                 "Unlock the keyring, for example in Passwords and Keys, and try again.");
      return _("The keyring is locked, so the secret of this account could not be "
               "removed. Unlock the keyring, for example in Passwords and Keys, and "
               "try again.");

    case REASON_NO_COLLECTION:
      if (kept)
        return _("The keyring has no default collection, so the secret could not be "
                 "saved. It is kept in memory until Paydesk quits; create a default "
                 "keyring, for example in Passwords and Keys, to save it.");
      return _("The keyring has no default collection, so the secret could not be "
               "saved. Create a default keyring, for example in Passwords and Keys, "
               "and try again.");

    case REASON_OTHER:
    default:
      break;
    }

  g_return_val_if_reached (NULL);
}

/* Turns an error of libsecret or GDBus into one of PD_SECRETS_ERROR,
 * except a cancellation, which is passed on as it is. */
static GError *
translate_error (const GError *error,
                 Reason        reason,
                 Operation     operation,
                 gboolean      kept)
{
  g_autofree char *detail = NULL;
  GError *copy;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  switch (reason)
    {
    case REASON_NO_SERVICE:
      return g_error_new_literal (PD_SECRETS_ERROR, PD_SECRETS_ERROR_NO_SERVICE,
                                  reason_message (reason, operation, kept));

    case REASON_LOCKED:
    case REASON_NO_COLLECTION:
      return g_error_new_literal (PD_SECRETS_ERROR, PD_SECRETS_ERROR_LOCKED,
                                  reason_message (reason, operation, kept));

    case REASON_OTHER:
    default:
      copy = g_error_copy (error);
      g_dbus_error_strip_remote_error (copy);
      detail = g_strdup (copy->message);
      g_error_free (copy);
      return g_error_new (PD_SECRETS_ERROR, PD_SECRETS_ERROR_FAILED,
                          _("The keyring could not be used: %s"), detail);
    }
}

/* The error of a lookup or clear that the keyring refused. */
static GError *
keyring_error (const GError *error,
               Operation     operation,
               gboolean      connecting)
{
  Reason reason = classify_error (error, operation, connecting);

  return translate_error (error, reason, operation, FALSE);
}

static GHashTable *
account_attributes (const char *account_uuid,
                    const char *provider)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (gpointer)"account", (gpointer)account_uuid);
  if (provider != NULL)
    g_hash_table_insert (attributes, (gpointer)"provider", (gpointer)provider);

  return attributes;
}

static const char *
provider_display_name (const char *provider)
{
  static const struct {
    const char *id;
    const char *name;
  } names[] = {
    { "fayapay", "FayaPay" },
    { "zengapay", "ZengaPay" },
    { "eoneopay", "EoneoPay" },
    { "pawacard", "PawaCard" },
    { "enayapay", "EnayaPay" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_str_equal (names[i].id, provider))
        return names[i].name;
    }

  return provider;
}

/* Deadlines
 *
 * A keyring call takes a moment, unless the keyring shows an unlock prompt:
 * then it waits for the user. A prompt nobody answers (a prompter that
 * never shows it, a screen nobody looks at) would keep it waiting for
 * ever, so every operation has a deadline (PdSecrets:prompt-timeout) at
 * which it fails with PD_SECRETS_ERROR_LOCKED, as if the prompt had been
 * dismissed.
 *
 * At the deadline the keyring call is left to finish on its own rather
 * than cancelled: cancelling dismisses the prompt, which gnome-keyring
 * (42) does not survive while its prompter is still showing it. A call
 * left so holds nothing of its caller's, and whatever it answers later is
 * dropped. */

typedef struct _Deadline Deadline;

typedef void (*ExpireFunc) (GTask *task);

/* The keyring call an async operation waits for. */
typedef struct
{
  GTask               *task;
  Deadline            *deadline;
  GAsyncReadyCallback  callback;
} Step;

struct _Deadline
{
  GSource    *timeout;
  Step       *step;
  ExpireFunc  expire;
};

/* The error an operation whose time ran out ends with, before it is
 * translated for the caller. */
static GError *
timed_out_error (void)
{
  return g_error_new_literal (SECRET_ERROR, SECRET_ERROR_IS_LOCKED,
                              "The keyring was not unlocked in time");
}

static Deadline *
deadline_new (ExpireFunc expire)
{
  Deadline *deadline = g_new0 (Deadline, 1);

  deadline->expire = expire;

  return deadline;
}

static void
deadline_free (Deadline *deadline)
{
  /* A step in flight holds the task, and so this deadline. */
  g_assert (deadline->step == NULL);

  if (deadline->timeout != NULL)
    {
      g_source_destroy (deadline->timeout);
      g_source_unref (deadline->timeout);
    }

  g_free (deadline);
}

static gboolean
on_deadline (gpointer user_data)
{
  Deadline *deadline = user_data;
  g_autoptr(GTask) task = NULL;

  g_clear_pointer (&deadline->timeout, g_source_unref);
  if (deadline->step == NULL)
    return G_SOURCE_REMOVE;

  /* The call goes on without the task; the operation answers now. */
  task = g_steal_pointer (&deadline->step->task);
  deadline->step->deadline = NULL;
  deadline->step = NULL;
  deadline->expire (task);

  return G_SOURCE_REMOVE;
}

/* Starts the time of @task's operation, on its main context. */
static void
deadline_start (Deadline *deadline,
                GTask    *task,
                guint     timeout_ms)
{
  deadline->timeout = g_timeout_source_new (timeout_ms);
  g_source_set_static_name (deadline->timeout, "[paydesk] keyring deadline");
  g_source_set_callback (deadline->timeout, on_deadline, deadline, NULL);
  g_source_attach (deadline->timeout, g_task_get_context (task));
}

static void
on_step_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Step *step = user_data;
  GAsyncReadyCallback callback = step->callback;
  GTask *task = g_steal_pointer (&step->task);

  if (step->deadline != NULL)
    step->deadline->step = NULL;
  g_free (step);

  /* Left at the deadline: the operation has answered already. */
  if (task == NULL)
    return;

  callback (object, result, task);
}

/* The user data of the next keyring call of @task's operation, whose
 * callback is on_step_done(); @callback then gets the task. Takes @task. */
static Step *
deadline_step (Deadline            *deadline,
               GAsyncReadyCallback  callback,
               GTask               *task)
{
  Step *step = g_new0 (Step, 1);

  step->task = task;
  step->deadline = deadline;
  step->callback = callback;
  deadline->step = step;

  return step;
}

/* The blocking variants make their keyring calls on a thread of their own
 * and wait for it until the deadline; a call left then goes on there. */

typedef enum
{
  BLOCKING_STORE,
  BLOCKING_LOOKUP,
  BLOCKING_CLEAR,
} BlockingKind;

typedef struct
{
  gatomicrefcount  ref;
  GMutex           mutex;
  GCond            cond;
  gboolean         done;

  BlockingKind     kind;
  GCancellable    *cancellable;
  GHashTable      *attributes;
  char            *label;
  SecretValue     *value;

  GError          *error;
  gboolean         connecting;
  GList           *items;
  guint            locked;
} Blocking;

static Blocking *
blocking_new (BlockingKind  kind,
              GCancellable *cancellable,
              const char   *account_uuid,
              const char   *provider)
{
  Blocking *call = g_new0 (Blocking, 1);

  g_atomic_ref_count_init (&call->ref);
  g_mutex_init (&call->mutex);
  g_cond_init (&call->cond);
  call->kind = kind;
  call->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  call->attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (call->attributes, (gpointer)"account", g_strdup (account_uuid));
  if (provider != NULL)
    g_hash_table_insert (call->attributes, (gpointer)"provider", g_strdup (provider));

  return call;
}

static void
blocking_unref (Blocking *call)
{
  if (!g_atomic_ref_count_dec (&call->ref))
    return;

  g_clear_object (&call->cancellable);
  g_hash_table_unref (call->attributes);
  g_free (call->label);
  g_clear_pointer (&call->value, secret_value_unref);
  g_clear_error (&call->error);
  g_list_free_full (call->items, g_object_unref);
  g_mutex_clear (&call->mutex);
  g_cond_clear (&call->cond);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Blocking, blocking_unref)

static gpointer
blocking_run (gpointer data)
{
  Blocking *call = data;
  g_autoptr(SecretService) service = NULL;
  GError *error = NULL;
  GList *items = NULL;
  guint locked = 0;

  service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION, call->cancellable, &error);
  if (service != NULL)
    {
      switch (call->kind)
        {
        case BLOCKING_STORE:
          secret_service_store_sync (service, &account_schema, call->attributes, NULL,
                                     call->label, call->value, call->cancellable, &error);
          break;

        case BLOCKING_LOOKUP:
          items = secret_service_search_sync (service, &account_schema, call->attributes,
                                              SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                                              call->cancellable, &error);
          break;

        case BLOCKING_CLEAR:
          items = secret_service_search_sync (service, &account_schema, call->attributes,
                                              SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK,
                                              call->cancellable, &error);
          /* An item that stays locked is counted; any other failure ends
           * the clear. */
          for (GList *l = items; error == NULL && l != NULL; l = l->next)
            {
              if (!secret_item_delete_sync (l->data, call->cancellable, &error) &&
                  classify_error (error, OPERATION_CLEAR, FALSE) == REASON_LOCKED)
                {
                  locked++;
                  g_clear_error (&error);
                }
            }
          g_list_free_full (g_steal_pointer (&items), g_object_unref);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  g_mutex_lock (&call->mutex);
  call->error = error;
  call->connecting = service == NULL;
  call->items = items;
  call->locked = locked;
  call->done = TRUE;
  g_cond_signal (&call->cond);
  g_mutex_unlock (&call->mutex);

  blocking_unref (call);

  return NULL;
}

/* Runs @call and waits for it at most @timeout_ms; FALSE when its time ran
 * out, and then it goes on without anyone waiting. */
static gboolean
blocking_wait (Blocking *call,
               guint     timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64)timeout_ms * 1000;
  gboolean done;

  g_atomic_ref_count_inc (&call->ref);
  g_thread_unref (g_thread_new ("pd-keyring", blocking_run, call));

  g_mutex_lock (&call->mutex);
  while (!call->done && g_cond_wait_until (&call->cond, &call->mutex, end))
    ;
  done = call->done;
  g_mutex_unlock (&call->mutex);

  return done;
}

/* Session-only secrets */

static void
keep_in_session (PdSecrets         *self,
                 const char        *account_uuid,
                 const PdSecretSet *secrets)
{
  gboolean was_session_only = g_hash_table_size (self->session) > 0;

  g_hash_table_replace (self->session, g_strdup (account_uuid), pd_secret_set_copy (secrets));

  if (!was_session_only)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_ONLY]);
}

static void
forget_session (PdSecrets  *self,
                const char *account_uuid)
{
  if (g_hash_table_remove (self->session, account_uuid) &&
      g_hash_table_size (self->session) == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_ONLY]);
}

/* Store */

typedef struct
{
  char                *account_uuid;
  char                *provider;
  char                *label;
  PdSecretSet         *secrets;
  PdSecretsStoreFlags  flags;
  Deadline            *deadline;
} StoreData;

static void
store_data_free (gpointer data)
{
  StoreData *store = data;

  g_free (store->account_uuid);
  g_free (store->provider);
  g_free (store->label);
  pd_secret_set_free (store->secrets);
  g_clear_pointer (&store->deadline, deadline_free);
  g_free (store);
}

static gboolean
validate_secrets (const PdSecretSet  *secrets,
                  GError            **error)
{
  GHashTableIter iter;
  gpointer field, value;

  if (g_hash_table_size (secrets->fields) == 0)
    {
      g_set_error_literal (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_INVALID,
                           _("There is no secret to save. Enter the account's key or "
                             "password and try again."));
      return FALSE;
    }

  g_hash_table_iter_init (&iter, secrets->fields);
  while (g_hash_table_iter_next (&iter, &field, &value))
    {
      if (!g_utf8_validate (value, -1, NULL))
        {
          g_set_error (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_INVALID,
                       _("The secret “%s” is not valid text. Enter it again and try "
                         "again."), (const char *)field);
          return FALSE;
        }
    }

  return TRUE;
}

/* Applies the outcome of a store to the secrets held for the session, and
 * returns the error to report, or NULL if the keyring took the secrets. */
static GError *
store_outcome (PdSecrets           *self,
               const char          *account_uuid,
               const PdSecretSet   *secrets,
               PdSecretsStoreFlags  flags,
               const GError        *error,
               gboolean             connecting)
{
  Reason reason;
  gboolean kept = FALSE;

  if (error == NULL)
    {
      /* The keyring now holds the newest secret; an older copy in memory
       * would shadow it on lookup. */
      forget_session (self, account_uuid);
      return NULL;
    }

  reason = classify_error (error, OPERATION_STORE, connecting);
  if ((flags & PD_SECRETS_STORE_SESSION_FALLBACK) != 0 &&
      reason != REASON_OTHER &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      keep_in_session (self, account_uuid, secrets);
      kept = TRUE;
    }

  return translate_error (error, reason, OPERATION_STORE, kept);
}

/* secret_value_new () copies the secret into memory that libsecret locks
 * and wipes itself; the JSON text it was made from is wiped here. */
static SecretValue *
secret_value_for (const PdSecretSet *secrets)
{
  SecretValue *value;
  char *json;
  gsize length;

  json = secret_set_to_json (secrets, &length);
  value = secret_value_new (json, length, "text/plain");
  wipe (json, length);
  g_free (json);

  return value;
}

static char *
item_label (const char *label,
            const char *provider)
{
  return g_strdup_printf ("Paydesk: %s (%s)", label, provider_display_name (provider));
}

static void
store_return (GTask        *task,
              const GError *error,
              gboolean      connecting)
{
  PdSecrets *self = g_task_get_source_object (task);
  StoreData *store = g_task_get_task_data (task);
  GError *failure;

  failure = store_outcome (self, store->account_uuid, store->secrets, store->flags,
                           error, connecting);
  if (failure != NULL)
    g_task_return_error (task, failure);
  else
    g_task_return_boolean (task, TRUE);
}

static void
store_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  secret_service_store_finish (SECRET_SERVICE (object), result, &error);
  store_return (task, error, FALSE);
}

static void
store_expire (GTask *task)
{
  g_autoptr(GError) error = timed_out_error ();

  store_return (task, error, FALSE);
}

static void
store_got_service (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autofree char *label = NULL;
  StoreData *store = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  service = secret_service_get_finish (result, &error);
  if (service == NULL)
    {
      store_return (task, error, TRUE);
      return;
    }

  value = secret_value_for (store->secrets);
  attributes = account_attributes (store->account_uuid, store->provider);
  label = item_label (store->label, store->provider);

  secret_service_store (service, &account_schema, attributes, NULL, label, value,
                        cancellable, on_step_done,
                        deadline_step (store->deadline, store_done, g_steal_pointer (&task)));
}

/**
 * pd_secrets_store_async:
 * @self: a #PdSecrets
 * @account_uuid: the account's uuid
 * @provider: the provider id, such as `fayapay`
 * @label: the account's label, for the keyring item's label
 *   `Paydesk: LABEL (Provider)`
 * @secrets: the account's secrets; at least one field
 * @flags: what to do when the keyring is unavailable
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the secrets are stored or could not be
 * @user_data: data for @callback
 *
 * Saves @secrets in the default keyring collection, replacing the item of
 * the account if there is one. A locked collection is unlocked first if
 * the keyring can ask the user.
 *
 * With %PD_SECRETS_STORE_SESSION_FALLBACK, a secret that the keyring
 * cannot take (%PD_SECRETS_ERROR_NO_SERVICE or %PD_SECRETS_ERROR_LOCKED) is
 * kept in memory instead, and pd_secrets_store_finish() still reports that
 * error so the caller can say the secret will be forgotten.
 *
 * A prompt that gets no answer within #PdSecrets:prompt-timeout ends the
 * store with %PD_SECRETS_ERROR_LOCKED, as a dismissed one does.
 */
void
pd_secrets_store_async (PdSecrets           *self,
                        const char          *account_uuid,
                        const char          *provider,
                        const char          *label,
                        const PdSecretSet   *secrets,
                        PdSecretsStoreFlags  flags,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  StoreData *store;

  g_return_if_fail (PD_IS_SECRETS (self));
  g_return_if_fail (account_uuid != NULL && g_uuid_string_is_valid (account_uuid));
  g_return_if_fail (provider != NULL && *provider != '\0');
  g_return_if_fail (label != NULL);
  g_return_if_fail (secrets != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_secrets_store_async);

  store = g_new0 (StoreData, 1);
  store->account_uuid = g_strdup (account_uuid);
  store->provider = g_strdup (provider);
  store->label = g_strdup (label);
  store->secrets = pd_secret_set_copy (secrets);
  store->flags = flags;
  store->deadline = deadline_new (store_expire);
  g_task_set_task_data (task, store, store_data_free);

  if (!validate_secrets (secrets, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  deadline_start (store->deadline, task, self->prompt_timeout_ms);
  secret_service_get (SECRET_SERVICE_OPEN_SESSION, cancellable, on_step_done,
                      deadline_step (store->deadline, store_got_service, g_steal_pointer (&task)));
}

/**
 * pd_secrets_store_finish:
 * @self: a #PdSecrets
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Completes pd_secrets_store_async().
 *
 * Returns: %TRUE if the secrets are saved in the keyring. %FALSE with
 *   %PD_SECRETS_ERROR_NO_SERVICE or %PD_SECRETS_ERROR_LOCKED if the
 *   keyring could not take them; when the store asked for
 *   %PD_SECRETS_STORE_SESSION_FALLBACK they are then held in memory (see
 *   pd_secrets_has_session_secrets()).
 */
gboolean
pd_secrets_store_finish (PdSecrets     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (PD_IS_SECRETS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_secrets_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Lookup */

/* The secrets of the first item a search found: unlocked items come
 * first, and a locked one that the user did not unlock when asked has no
 * secret loaded. */
static PdSecretSet *
secrets_from_items (GList   *items,
                    GError **error)
{
  g_autoptr(SecretValue) value = NULL;
  PdSecretSet *secrets;
  const char *data;
  gsize length;

  if (items == NULL)
    {
      g_set_error_literal (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_NOT_FOUND,
                           _("No secret is saved in the keyring for this account. "
                             "Enter the account's key or password again."));
      return NULL;
    }

  value = secret_item_get_secret (items->data);
  if (value == NULL)
    {
      if (secret_item_get_locked (items->data))
        g_set_error_literal (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_LOCKED,
                             reason_message (REASON_LOCKED, OPERATION_LOOKUP, FALSE));
      else
        g_set_error_literal (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_FAILED,
                             _("The keyring did not hand over the secret of this "
                               "account. Try again."));
      return NULL;
    }

  data = secret_value_get (value, &length);
  secrets = secret_set_from_json (data, length);
  if (secrets == NULL)
    {
      g_set_error_literal (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_INVALID,
                           _("The secret saved in the keyring for this account is "
                             "not in a form Paydesk can read. Enter the account's "
                             "key or password again to replace it."));
      return NULL;
    }

  return secrets;
}

typedef struct
{
  char     *account_uuid;
  Deadline *deadline;
} LookupData;

static void
lookup_data_free (gpointer data)
{
  LookupData *lookup = data;

  g_free (lookup->account_uuid);
  g_clear_pointer (&lookup->deadline, deadline_free);
  g_free (lookup);
}

static void
lookup_searched (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autolist(SecretItem) items = NULL;
  PdSecretSet *secrets;

  items = secret_service_search_finish (SECRET_SERVICE (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (error, OPERATION_LOOKUP, FALSE));
      return;
    }

  secrets = secrets_from_items (items, &error);
  if (secrets == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, secrets, (GDestroyNotify)pd_secret_set_free);
}

static void
lookup_expire (GTask *task)
{
  g_autoptr(GError) error = timed_out_error ();

  g_task_return_error (task, keyring_error (error, OPERATION_LOOKUP, FALSE));
}

static void
lookup_got_service (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  LookupData *lookup = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  service = secret_service_get_finish (result, &error);
  if (service == NULL)
    {
      g_task_return_error (task, keyring_error (error, OPERATION_LOOKUP, TRUE));
      return;
    }

  attributes = account_attributes (lookup->account_uuid, NULL);
  secret_service_search (service, &account_schema, attributes,
                         SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                         cancellable, on_step_done,
                         deadline_step (lookup->deadline, lookup_searched, g_steal_pointer (&task)));
}

/**
 * pd_secrets_lookup_async:
 * @self: a #PdSecrets
 * @account_uuid: the account's uuid
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the secrets
 * @user_data: data for @callback
 *
 * Reads the secrets of an account: those held in memory for this session
 * if there are any, else those saved in the keyring. A locked item is
 * unlocked first if the keyring can ask the user; a prompt that gets no
 * answer within #PdSecrets:prompt-timeout ends the lookup with
 * %PD_SECRETS_ERROR_LOCKED.
 */
void
pd_secrets_lookup_async (PdSecrets           *self,
                         const char          *account_uuid,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PdSecretSet *session;
  LookupData *lookup;

  g_return_if_fail (PD_IS_SECRETS (self));
  g_return_if_fail (account_uuid != NULL && g_uuid_string_is_valid (account_uuid));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_secrets_lookup_async);

  session = g_hash_table_lookup (self->session, account_uuid);
  if (session != NULL)
    {
      g_task_return_pointer (task, pd_secret_set_copy (session),
                             (GDestroyNotify)pd_secret_set_free);
      return;
    }

  lookup = g_new0 (LookupData, 1);
  lookup->account_uuid = g_strdup (account_uuid);
  lookup->deadline = deadline_new (lookup_expire);
  g_task_set_task_data (task, lookup, lookup_data_free);

  deadline_start (lookup->deadline, task, self->prompt_timeout_ms);
  secret_service_get (SECRET_SERVICE_OPEN_SESSION, cancellable, on_step_done,
                      deadline_step (lookup->deadline, lookup_got_service, g_steal_pointer (&task)));
}

/**
 * pd_secrets_lookup_finish:
 * @self: a #PdSecrets
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Completes pd_secrets_lookup_async().
 *
 * Returns: (transfer full): the account's secrets, or %NULL with
 *   %PD_SECRETS_ERROR_NOT_FOUND if none are saved, or another error
 */
PdSecretSet *
pd_secrets_lookup_finish (PdSecrets     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (PD_IS_SECRETS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_secrets_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Clear */

typedef struct
{
  char     *account_uuid;
  Deadline *deadline;
  GList    *items;
  guint     locked;
} ClearData;

static void
clear_data_free (gpointer data)
{
  ClearData *clear = data;

  g_free (clear->account_uuid);
  g_clear_pointer (&clear->deadline, deadline_free);
  g_list_free_full (clear->items, g_object_unref);
  g_free (clear);
}

static void clear_next (GTask *task);

/* Counts an item that stayed locked, which is reported once all others
 * are deleted; any other failure ends the clear. */
static gboolean
clear_item_failed (const GError  *error,
                   guint         *locked,
                   GError       **failure)
{
  Reason reason = classify_error (error, OPERATION_CLEAR, FALSE);

  if (reason == REASON_LOCKED)
    {
      (*locked)++;
      return FALSE;
    }

  *failure = translate_error (error, reason, OPERATION_CLEAR, FALSE);
  return TRUE;
}

static gboolean
clear_result (guint    locked,
              GError **error)
{
  if (locked > 0)
    {
      g_set_error_literal (error, PD_SECRETS_ERROR, PD_SECRETS_ERROR_LOCKED,
                           reason_message (REASON_LOCKED, OPERATION_CLEAR, FALSE));
      return FALSE;
    }

  return TRUE;
}

static void
clear_deleted (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  ClearData *clear = g_task_get_task_data (task);
  GError *failure = NULL;

  if (!secret_item_delete_finish (SECRET_ITEM (object), result, &error) &&
      clear_item_failed (error, &clear->locked, &failure))
    {
      g_task_return_error (task, failure);
      return;
    }

  clear_next (g_steal_pointer (&task));
}

static void
clear_next (GTask *task_in)
{
  g_autoptr(GTask) task = task_in;
  g_autoptr(SecretItem) item = NULL;
  g_autoptr(GError) error = NULL;
  ClearData *clear = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (clear->items == NULL)
    {
      if (clear_result (clear->locked, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  item = clear->items->data;
  clear->items = g_list_delete_link (clear->items, clear->items);

  secret_item_delete (item, cancellable, on_step_done,
                      deadline_step (clear->deadline, clear_deleted, g_steal_pointer (&task)));
}

static void
clear_searched (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  ClearData *clear = g_task_get_task_data (task);

  clear->items = secret_service_search_finish (SECRET_SERVICE (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (error, OPERATION_CLEAR, FALSE));
      return;
    }

  clear_next (g_steal_pointer (&task));
}

static void
clear_expire (GTask *task)
{
  g_autoptr(GError) error = timed_out_error ();

  g_task_return_error (task, keyring_error (error, OPERATION_CLEAR, FALSE));
}

static void
clear_got_service (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  ClearData *clear = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  service = secret_service_get_finish (result, &error);
  if (service == NULL)
    {
      g_task_return_error (task, keyring_error (error, OPERATION_CLEAR, TRUE));
      return;
    }

  attributes = account_attributes (clear->account_uuid, NULL);
  secret_service_search (service, &account_schema, attributes,
                         SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK,
                         cancellable, on_step_done,
                         deadline_step (clear->deadline, clear_searched, g_steal_pointer (&task)));
}

/**
 * pd_secrets_clear_async:
 * @self: a #PdSecrets
 * @account_uuid: the account's uuid
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the secrets are removed or could not be
 * @user_data: data for @callback
 *
 * Forgets the secrets of an account: the copy held in memory for this
 * session is wiped at once, then every keyring item of the account is
 * deleted. A prompt that gets no answer within #PdSecrets:prompt-timeout
 * ends the clear with %PD_SECRETS_ERROR_LOCKED.
 */
void
pd_secrets_clear_async (PdSecrets           *self,
                        const char          *account_uuid,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ClearData *clear;

  g_return_if_fail (PD_IS_SECRETS (self));
  g_return_if_fail (account_uuid != NULL && g_uuid_string_is_valid (account_uuid));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_secrets_clear_async);

  clear = g_new0 (ClearData, 1);
  clear->account_uuid = g_strdup (account_uuid);
  clear->deadline = deadline_new (clear_expire);
  g_task_set_task_data (task, clear, clear_data_free);

  forget_session (self, account_uuid);

  deadline_start (clear->deadline, task, self->prompt_timeout_ms);
  secret_service_get (SECRET_SERVICE_OPEN_SESSION, cancellable, on_step_done,
                      deadline_step (clear->deadline, clear_got_service, g_steal_pointer (&task)));
}

/**
 * pd_secrets_clear_finish:
 * @self: a #PdSecrets
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Completes pd_secrets_clear_async().
 *
 * Returns: %TRUE if no secret of the account is left, whether or not there
 *   was one; %FALSE with %PD_SECRETS_ERROR_NO_SERVICE or
 *   %PD_SECRETS_ERROR_LOCKED if the keyring could not be cleared (the copy
 *   in memory is wiped all the same)
 */
gboolean
pd_secrets_clear_finish (PdSecrets     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (PD_IS_SECRETS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_secrets_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Blocking variants for paydesk-cli and tests. They call libsecret's own
 * blocking functions rather than running the async variants on a private
 * main context: D-Bus proxies set up asynchronously on a context that is
 * then dropped are never released. They call them on a thread of their
 * own (see Blocking), so that a prompt nobody answers cannot hold the
 * caller past its deadline. */

/**
 * pd_secrets_store_sync:
 * @self: a #PdSecrets
 * @account_uuid: the account's uuid
 * @provider: the provider id, such as `fayapay`
 * @label: the account's label
 * @secrets: the account's secrets; at least one field
 * @flags: what to do when the keyring is unavailable
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Blocking variant of pd_secrets_store_async(), for the command line.
 *
 * Returns: as pd_secrets_store_finish()
 */
gboolean
pd_secrets_store_sync (PdSecrets            *self,
                       const char           *account_uuid,
                       const char           *provider,
                       const char           *label,
                       const PdSecretSet    *secrets,
                       PdSecretsStoreFlags   flags,
                       GCancellable         *cancellable,
                       GError              **error)
{
  g_autoptr(Blocking) call = NULL;
  g_autoptr(GError) timed_out = NULL;
  GError *failure;

  g_return_val_if_fail (PD_IS_SECRETS (self), FALSE);
  g_return_val_if_fail (account_uuid != NULL && g_uuid_string_is_valid (account_uuid), FALSE);
  g_return_val_if_fail (provider != NULL && *provider != '\0', FALSE);
  g_return_val_if_fail (label != NULL, FALSE);
  g_return_val_if_fail (secrets != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_secrets (secrets, error))
    return FALSE;

  call = blocking_new (BLOCKING_STORE, cancellable, account_uuid, provider);
  call->label = item_label (label, provider);
  call->value = secret_value_for (secrets);

  if (!blocking_wait (call, self->prompt_timeout_ms))
    {
      timed_out = timed_out_error ();
      failure = store_outcome (self, account_uuid, secrets, flags, timed_out, FALSE);
    }
  else
    {
      failure = store_outcome (self, account_uuid, secrets, flags, call->error, call->connecting);
    }

  if (failure != NULL)
    {
      g_propagate_error (error, failure);
      return FALSE;
    }

  return TRUE;
}

/**
 * pd_secrets_lookup_sync:
 * @self: a #PdSecrets
 * @account_uuid: the account's uuid
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Blocking variant of pd_secrets_lookup_async(), for the command line.
 *
 * Returns: (transfer full): as pd_secrets_lookup_finish()
 */
PdSecretSet *
pd_secrets_lookup_sync (PdSecrets     *self,
                        const char    *account_uuid,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(Blocking) call = NULL;
  g_autoptr(GError) timed_out = NULL;
  PdSecretSet *session;

  g_return_val_if_fail (PD_IS_SECRETS (self), NULL);
  g_return_val_if_fail (account_uuid != NULL && g_uuid_string_is_valid (account_uuid), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  session = g_hash_table_lookup (self->session, account_uuid);
  if (session != NULL)
    return pd_secret_set_copy (session);

  call = blocking_new (BLOCKING_LOOKUP, cancellable, account_uuid, NULL);

  if (!blocking_wait (call, self->prompt_timeout_ms))
    {
      timed_out = timed_out_error ();
      g_propagate_error (error, keyring_error (timed_out, OPERATION_LOOKUP, FALSE));
      return NULL;
    }

  if (call->error != NULL)
    {
      g_propagate_error (error, keyring_error (call->error, OPERATION_LOOKUP, call->connecting));
      return NULL;
    }

  return secrets_from_items (call->items, error);
}

/**
 * pd_secrets_clear_sync:
 * @self: a #PdSecrets
 * @account_uuid: the account's uuid
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Blocking variant of pd_secrets_clear_async(), for the command line.
 *
 * Returns: as pd_secrets_clear_finish()
 */
gboolean
pd_secrets_clear_sync (PdSecrets     *self,
                       const char    *account_uuid,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(Blocking) call = NULL;
  g_autoptr(GError) timed_out = NULL;

  g_return_val_if_fail (PD_IS_SECRETS (self), FALSE);
  g_return_val_if_fail (account_uuid != NULL && g_uuid_string_is_valid (account_uuid), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  forget_session (self, account_uuid);

  call = blocking_new (BLOCKING_CLEAR, cancellable, account_uuid, NULL);

  if (!blocking_wait (call, self->prompt_timeout_ms))
    {
      timed_out = timed_out_error ();
      g_propagate_error (error, keyring_error (timed_out, OPERATION_CLEAR, FALSE));
      return FALSE;
    }

  if (call->error != NULL)
    {
      g_propagate_error (error, keyring_error (call->error, OPERATION_CLEAR, call->connecting));
      return FALSE;
    }

  return clear_result (call->locked, error);
}

/* PdSecrets */

/**
 * pd_secrets_new:
 *
 * Creates the keyring access of one session. Secrets kept in memory (see
 * %PD_SECRETS_STORE_SESSION_FALLBACK) live as long as this object, so an
 * application makes one and keeps it. Use it from one thread only.
 *
 * Returns: (transfer full): a new #PdSecrets
 */
PdSecrets *
pd_secrets_new (void)
{
  return g_object_new (PD_TYPE_SECRETS, NULL);
}

/**
 * pd_secrets_get_session_only:
 * @self: a #PdSecrets
 *
 * Tells whether the secrets of at least one account are held in memory
 * only, and will be forgotten when @self is finalized. Notified as
 * #PdSecrets:session-only.
 *
 * Returns: %TRUE if some secrets are not saved in the keyring
 */
gboolean
pd_secrets_get_session_only (PdSecrets *self)
{
  g_return_val_if_fail (PD_IS_SECRETS (self), FALSE);

  return g_hash_table_size (self->session) > 0;
}

/**
 * pd_secrets_has_session_secrets:
 * @self: a #PdSecrets
 * @account_uuid: the account's uuid
 *
 * Tells whether the secrets of an account are held in memory only.
 *
 * Returns: %TRUE if the account's secrets are held in memory only
 */
gboolean
pd_secrets_has_session_secrets (PdSecrets  *self,
                                const char *account_uuid)
{
  g_return_val_if_fail (PD_IS_SECRETS (self), FALSE);
  g_return_val_if_fail (account_uuid != NULL, FALSE);

  return g_hash_table_contains (self->session, account_uuid);
}

static void
pd_secrets_finalize (GObject *object)
{
  PdSecrets *self = (PdSecrets *)object;

  /* Wipes every value held for the session. */
  g_clear_pointer (&self->session, g_hash_table_unref);

  G_OBJECT_CLASS (pd_secrets_parent_class)->finalize (object);
}

static void
pd_secrets_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PdSecrets *self = PD_SECRETS (object);

  switch (prop_id)
    {
    case PROP_SESSION_ONLY:
      g_value_set_boolean (value, pd_secrets_get_session_only (self));
      break;

    case PROP_PROMPT_TIMEOUT:
      g_value_set_uint (value, self->prompt_timeout_ms);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_secrets_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PdSecrets *self = PD_SECRETS (object);

  switch (prop_id)
    {
    case PROP_PROMPT_TIMEOUT:
      if (self->prompt_timeout_ms != g_value_get_uint (value))
        {
          self->prompt_timeout_ms = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_secrets_class_init (PdSecretsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_secrets_finalize;
  object_class->get_property = pd_secrets_get_property;
  object_class->set_property = pd_secrets_set_property;

  /**
   * PdSecrets:session-only:
   *
   * Whether the secrets of at least one account are held in memory only
   * because the keyring could not take them.
   */
  properties[PROP_SESSION_ONLY] =
    g_param_spec_boolean ("session-only", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * PdSecrets:prompt-timeout:
   *
   * How long, in milliseconds, a keyring call waits at most, which is how
   * long the user has to answer an unlock prompt. Past it the call fails
   * with %PD_SECRETS_ERROR_LOCKED, as when the prompt is dismissed: a
   * prompt that cannot be shown, or that nobody answers, never leaves a
   * call waiting for ever. Two minutes unless set.
   */
  properties[PROP_PROMPT_TIMEOUT] =
    g_param_spec_uint ("prompt-timeout", NULL, NULL,
                       1, G_MAXUINT, DEFAULT_PROMPT_TIMEOUT_MS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_secrets_init (PdSecrets *self)
{
  self->session = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)pd_secret_set_free);
  self->prompt_timeout_ms = DEFAULT_PROMPT_TIMEOUT_MS;
}

/* test-data.c - checks of the desktop entry, metainfo, schema, icons,
 *               translation list and Flatpak manifest
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * desktop-file-validate, appstream-util and glib-compile-schemas check the
 * formats (tests/meson.build runs them); this checks what they cannot know:
 * that the files agree with each other and with the application.
 */

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

static char *
source_path (const char *first,
             ...)
{
  g_autofree char *relative = NULL;
  va_list args;

  va_start (args, first);
  relative = g_build_filename_valist (first, &args);
  va_end (args);

  return g_test_build_filename (G_TEST_DIST, "..", relative, NULL);
}

static char *
built_path (const char *first,
            ...)
{
  g_autofree char *relative = NULL;
  va_list args;

  va_start (args, first);
  relative = g_build_filename_valist (first, &args);
  va_end (args);

  return g_test_build_filename (G_TEST_BUILT, "..", relative, NULL);
}

/* An XML file read into "a/b/c" → texts and "a/b/c@attr" → values, in
 * document order. */

typedef struct
{
  GHashTable *values;
  GPtrArray  *stack;
  GString    *text;
  GPtrArray  *colours;
} XmlValues;

static void
xml_add (XmlValues  *xml,
         const char *key,
         const char *value)
{
  GPtrArray *list = g_hash_table_lookup (xml->values, key);

  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (xml->values, g_strdup (key), list);
    }
  g_ptr_array_add (list, g_strdup (value));
}

static char *
xml_path (XmlValues *xml)
{
  g_autoptr(GString) path = g_string_new (NULL);
  guint i;

  for (i = 0; i < xml->stack->len; i++)
    {
      if (i > 0)
        g_string_append_c (path, '/');
      g_string_append (path, g_ptr_array_index (xml->stack, i));
    }

  return g_string_free (g_steal_pointer (&path), FALSE);
}

static void
xml_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  XmlValues *xml = user_data;
  g_autofree char *path = NULL;
  guint i;

  g_ptr_array_add (xml->stack, g_strdup (element));
  g_string_truncate (xml->text, 0);
  path = xml_path (xml);

  for (i = 0; names[i] != NULL; i++)
    {
      g_autofree char *key = g_strdup_printf ("%s@%s", path, names[i]);

      xml_add (xml, key, values[i]);
      if (g_str_equal (names[i], "fill") || g_str_equal (names[i], "stroke") ||
          g_str_equal (names[i], "stop-color") || g_str_equal (names[i], "style"))
        g_ptr_array_add (xml->colours, g_strdup_printf ("%s=%s", names[i], values[i]));
    }
}

static void
xml_end (GMarkupParseContext  *context,
         const char           *element,
         gpointer              user_data,
         GError              **error)
{
  XmlValues *xml = user_data;
  g_autofree char *path = xml_path (xml);
  g_autofree char *text = g_strstrip (g_strdup (xml->text->str));

  xml_add (xml, path, text);
  g_string_truncate (xml->text, 0);
  g_ptr_array_remove_index (xml->stack, xml->stack->len - 1);
}

static void
xml_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 length,
          gpointer              user_data,
          GError              **error)
{
  XmlValues *xml = user_data;

  g_string_append_len (xml->text, text, length);
}

static void
xml_values_free (XmlValues *xml)
{
  g_hash_table_unref (xml->values);
  g_ptr_array_unref (xml->stack);
  g_string_free (xml->text, TRUE);
  g_ptr_array_unref (xml->colours);
  g_free (xml);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XmlValues, xml_values_free)

static XmlValues *
read_xml (const char *path)
{
  static const GMarkupParser parser = { xml_start, xml_end, xml_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  XmlValues *xml;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  xml = g_new0 (XmlValues, 1);
  xml->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify)g_ptr_array_unref);
  xml->stack = g_ptr_array_new_with_free_func (g_free);
  xml->text = g_string_new (NULL);
  xml->colours = g_ptr_array_new_with_free_func (g_free);

  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, xml, NULL);
  g_markup_parse_context_parse (context, contents, length, &error);
  if (error == NULL)
    g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);

  return xml;
}

/* The first value of @key, or NULL. */
static const char *
xml_get (XmlValues  *xml,
         const char *key)
{
  GPtrArray *list = g_hash_table_lookup (xml->values, key);

  return list != NULL && list->len > 0 ? g_ptr_array_index (list, 0) : NULL;
}

static gboolean
xml_has (XmlValues  *xml,
         const char *key,
         const char *value)
{
  GPtrArray *list = g_hash_table_lookup (xml->values, key);
  guint i;

  for (i = 0; list != NULL && i < list->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (list, i), value))
        return TRUE;
    }

  return FALSE;
}

static GKeyFile *
read_desktop_file (void)
{
  g_autofree char *path = built_path ("data", PD_APP_ID ".desktop", NULL);
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  g_key_file_load_from_file (keys, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&keys);
}

static void
test_desktop_file (void)
{
  g_autoptr(GKeyFile) keys = read_desktop_file ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) categories = NULL;
  g_auto(GStrv) keywords = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *icon = NULL;
  g_autofree char *name = NULL;
  g_autofree char *icon_path = NULL;

  name = g_key_file_get_string (keys, G_KEY_FILE_DESKTOP_GROUP,
                                G_KEY_FILE_DESKTOP_KEY_NAME, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "Paydesk");

  exec = g_key_file_get_string (keys, G_KEY_FILE_DESKTOP_GROUP,
                                G_KEY_FILE_DESKTOP_KEY_EXEC, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (exec, ==, "paydesk");

  icon = g_key_file_get_string (keys, G_KEY_FILE_DESKTOP_GROUP,
                                G_KEY_FILE_DESKTOP_KEY_ICON, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (icon, ==, PD_APP_ID);

  /* The icon it names is the one installed. */
  icon_path = source_path ("data", "icons", "hicolor", "scalable", "apps", PD_APP_ID ".svg",
                           NULL);
  g_assert_true (g_file_test (icon_path, G_FILE_TEST_IS_REGULAR));

  categories = g_key_file_get_string_list (keys, G_KEY_FILE_DESKTOP_GROUP,
                                           G_KEY_FILE_DESKTOP_KEY_CATEGORIES, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *)categories, "Office"));
  g_assert_true (g_strv_contains ((const char * const *)categories, "Finance"));
  g_assert_true (g_strv_contains ((const char * const *)categories, "GTK"));

  keywords = g_key_file_get_string_list (keys, G_KEY_FILE_DESKTOP_GROUP, "Keywords", NULL,
                                         &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *)keywords, "refunds"));

  g_assert_true (g_key_file_get_boolean (keys, G_KEY_FILE_DESKTOP_GROUP,
                                         G_KEY_FILE_DESKTOP_KEY_STARTUP_NOTIFY, &error));
  g_assert_no_error (error);

  /* Activation over D-Bus would need a service file, which is not shipped. */
  g_assert_false (g_key_file_get_boolean (keys, G_KEY_FILE_DESKTOP_GROUP,
                                          G_KEY_FILE_DESKTOP_KEY_DBUS_ACTIVATABLE, NULL));
}

static void
test_metainfo (void)
{
  g_autofree char *path = built_path ("data", PD_APP_ID ".metainfo.xml", NULL);
  g_autoptr(XmlValues) xml = read_xml (path);

  g_assert_cmpstr (xml_get (xml, "component@type"), ==, "desktop-application");
  g_assert_cmpstr (xml_get (xml, "component/id"), ==, PD_APP_ID);
  g_assert_cmpstr (xml_get (xml, "component/metadata_license"), ==, "CC0-1.0");
  g_assert_cmpstr (xml_get (xml, "component/project_license"), ==, "GPL-3.0-or-later");
  g_assert_cmpstr (xml_get (xml, "component/name"), ==, "Paydesk");
  g_assert_cmpstr (xml_get (xml, "component/developer_name"), ==, "The Paydesk authors");
  g_assert_cmpstr (xml_get (xml, "component/content_rating@type"), ==, "oars-1.1");
  g_assert_cmpstr (xml_get (xml, "component/translation"), ==, "paydesk");

  /* Software centres open the desktop entry this names. */
  g_assert_cmpstr (xml_get (xml, "component/launchable@type"), ==, "desktop-id");
  g_assert_cmpstr (xml_get (xml, "component/launchable"), ==, PD_APP_ID ".desktop");

  g_assert_true (xml_has (xml, "component/url@type", "homepage"));
  g_assert_true (xml_has (xml, "component/provides/binary", "paydesk"));
  g_assert_true (xml_has (xml, "component/provides/binary", "paydesk-cli"));

  /* The newest release, listed first, is the version being built. */
  g_assert_cmpstr (xml_get (xml, "component/releases/release@version"), ==, PD_VERSION);
  g_assert_nonnull (xml_get (xml, "component/releases/release@date"));
}

static void
assert_choices (GSettingsSchema    *schema,
                const char         *key_name,
                const char * const *expected)
{
  g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (schema, key_name);
  g_autoptr(GVariant) range = g_settings_schema_key_get_range (key);
  g_autoptr(GVariant) choices = NULL;
  g_autoptr(GVariant) nonsense = g_variant_ref_sink (g_variant_new_string ("nonsense"));
  g_autofree const char **values = NULL;
  const char *type;
  gsize n_values;
  guint i;

  g_variant_get (range, "(&sv)", &type, &choices);
  g_assert_cmpstr (type, ==, "enum");
  values = g_variant_get_strv (choices, &n_values);
  g_assert_cmpuint (n_values, ==, g_strv_length ((char **)expected));

  for (i = 0; expected[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_variant_ref_sink (g_variant_new_string (expected[i]));

      g_assert_true (g_strv_contains (values, expected[i]));
      g_assert_true (g_settings_schema_key_range_check (key, value));
    }
  g_assert_false (g_settings_schema_key_range_check (key, nonsense));
}

static void
assert_default (GSettingsSchema *schema,
                const char      *key_name,
                const char      *type,
                const char      *text)
{
  g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (schema, key_name);
  g_autoptr(GVariant) value = g_settings_schema_key_get_default_value (key);
  g_autofree char *printed = g_variant_print (value, FALSE);

  g_assert_cmpstr (g_variant_get_type_string (value), ==, type);
  g_assert_cmpstr (printed, ==, text);
}

static void
test_schema (void)
{
  const char * const views[] = {
    "customers", "charges", "refunds", "disbursements", "cards", "statements", "balances",
    "activity", NULL
  };
  const char * const variants[] = { "default", "light", "dark", NULL };
  g_autofree char *dir = built_path ("data", NULL);
  g_autoptr(GSettingsSchemaSource) source = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GError) error = NULL;

  /* What GSETTINGS_SCHEMA_DIR=<build>/data gives an uninstalled run. */
  source = g_settings_schema_source_new_from_directory (dir, NULL, TRUE, &error);
  g_assert_no_error (error);
  schema = g_settings_schema_source_lookup (source, PD_APP_ID, FALSE);
  g_assert_nonnull (schema);
  g_assert_cmpstr (g_settings_schema_get_path (schema), ==, "/io/github/paydesk/Paydesk/");

  assert_default (schema, "window-width", "i", "1100");
  assert_default (schema, "window-height", "i", "740");
  assert_default (schema, "window-maximized", "b", "false");
  assert_default (schema, "last-view", "s", "'charges'");
  assert_default (schema, "style-variant", "s", "'default'");
  assert_default (schema, "sync-on-start", "b", "true");
  assert_default (schema, "default-account", "s", "''");

  assert_choices (schema, "last-view", views);
  assert_choices (schema, "style-variant", variants);
}

/* The compiled schema leaves summaries out; dconf-editor and translators
 * read them from the source. */
static void
test_schema_described (void)
{
  g_autofree char *path = source_path ("data", PD_APP_ID ".gschema.xml", NULL);
  g_autoptr(XmlValues) xml = read_xml (path);
  GPtrArray *keys = g_hash_table_lookup (xml->values, "schemalist/schema/key@name");
  GPtrArray *summaries = g_hash_table_lookup (xml->values, "schemalist/schema/key/summary");
  GPtrArray *descriptions = g_hash_table_lookup (xml->values,
                                                 "schemalist/schema/key/description");
  guint i;

  g_assert_cmpstr (xml_get (xml, "schemalist@gettext-domain"), ==, "paydesk");
  g_assert_nonnull (keys);
  g_assert_nonnull (summaries);
  g_assert_nonnull (descriptions);
  g_assert_cmpuint (summaries->len, ==, keys->len);
  g_assert_cmpuint (descriptions->len, ==, keys->len);

  for (i = 0; i < keys->len; i++)
    {
      g_assert_cmpstr (g_ptr_array_index (summaries, i), !=, "");
      g_assert_cmpstr (g_ptr_array_index (descriptions, i), !=, "");
    }
}

static void
assert_svg (const char *path,
            const char *size,
            gboolean    symbolic)
{
  g_autoptr(XmlValues) xml = read_xml (path);
  g_autofree char *view_box = g_strdup_printf ("0 0 %s %s", size, size);
  guint i;

  g_test_message ("%s", path);
  g_assert_cmpstr (xml_get (xml, "svg@xmlns"), ==, "http://www.w3.org/2000/svg");
  g_assert_cmpstr (xml_get (xml, "svg@width"), ==, size);
  g_assert_cmpstr (xml_get (xml, "svg@height"), ==, size);
  g_assert_cmpstr (xml_get (xml, "svg@viewBox"), ==, view_box);
  g_assert_cmpuint (xml->colours->len, >, 0);

  /* Symbolic icons are recoloured from #2e3436 by the toolkit. */
  for (i = 0; symbolic && i < xml->colours->len; i++)
    {
      const char *colour = g_ptr_array_index (xml->colours, i);

      if (!g_str_equal (colour, "fill=#2e3436") && !g_str_equal (colour, "fill=none") &&
          !g_str_equal (colour, "stroke=#2e3436") && !g_str_equal (colour, "stroke=none"))
        g_test_fail_printf ("%s: %s is not the symbolic colour", path, colour);
    }
}

static void
test_icons (void)
{
  g_autofree char *full = source_path ("data", "icons", "hicolor", "scalable", "apps",
                                       PD_APP_ID ".svg", NULL);
  g_autofree char *symbolic = source_path ("data", "icons", "hicolor", "symbolic", "apps",
                                           PD_APP_ID "-symbolic.svg", NULL);

  assert_svg (full, "128", FALSE);
  assert_svg (symbolic, "16", TRUE);
}

static JsonObject *
read_manifest (JsonParser *parser)
{
  g_autofree char *path = source_path ("flatpak", PD_APP_ID ".json", NULL);
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_node_get_object (root);
}

static void
test_flatpak_manifest (void)
{
  const char * const permissions[] = {
    "--share=ipc", "--socket=fallback-x11", "--socket=wayland", "--device=dri",
    "--share=network", "--talk-name=org.freedesktop.secrets", NULL
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GKeyFile) desktop = read_desktop_file ();
  g_autofree char *exec = NULL;
  JsonObject *manifest = read_manifest (parser);
  JsonObject *paydesk;
  JsonObject *source;
  JsonArray *finish_args;
  JsonArray *modules;
  JsonArray *sources;
  const char *version;
  guint i;

  g_assert_cmpstr (json_object_get_string_member (manifest, "id"), ==, PD_APP_ID);
  /* The deprecated spelling would be a second, possibly different id. */
  g_assert_false (json_object_has_member (manifest, "app-id"));
  g_assert_cmpstr (json_object_get_string_member (manifest, "runtime"), ==,
                   "org.gnome.Platform");
  g_assert_cmpstr (json_object_get_string_member (manifest, "sdk"), ==, "org.gnome.Sdk");

  /* GTK 4.8 and libadwaita 1.2, which Paydesk needs, came with GNOME 43;
   * 47 is the oldest runtime it is meant for. */
  version = json_object_get_string_member (manifest, "runtime-version");
  g_assert_nonnull (version);
  g_assert_true (g_ascii_string_to_unsigned (version, 10, 47, 999, NULL, NULL));

  /* The command is what the desktop entry runs. */
  exec = g_key_file_get_string (desktop, G_KEY_FILE_DESKTOP_GROUP,
                                G_KEY_FILE_DESKTOP_KEY_EXEC, NULL);
  g_assert_cmpstr (json_object_get_string_member (manifest, "command"), ==, "paydesk");
  g_assert_cmpstr (exec, ==, "paydesk");

  /* Exactly these permissions: each one is a promise to the user. */
  finish_args = json_object_get_array_member (manifest, "finish-args");
  g_assert_cmpuint (json_array_get_length (finish_args), ==, g_strv_length ((char **)permissions));
  for (i = 0; i < json_array_get_length (finish_args); i++)
    {
      const char *arg = json_array_get_string_element (finish_args, i);

      g_test_message ("finish-arg %s", arg);
      g_assert_true (g_strv_contains (permissions, arg));
    }

  modules = json_object_get_array_member (manifest, "modules");
  g_assert_cmpuint (json_array_get_length (modules), >, 0);
  paydesk = json_array_get_object_element (modules, json_array_get_length (modules) - 1);
  g_assert_cmpstr (json_object_get_string_member (paydesk, "name"), ==, "paydesk");
  g_assert_cmpstr (json_object_get_string_member (paydesk, "buildsystem"), ==, "meson");

  sources = json_object_get_array_member (paydesk, "sources");
  g_assert_cmpuint (json_array_get_length (sources), ==, 1);
  source = json_array_get_object_element (sources, 0);
  g_assert_cmpstr (json_object_get_string_member (source, "type"), ==, "dir");
  g_assert_cmpstr (json_object_get_string_member (source, "path"), ==, "..");
}

/* Whether a C file calls gettext: _("…"), N_("…"), C_("…", …), NC_(…) or
 * ngettext (…), with or without a space before the parenthesis. */
static gboolean
c_has_gettext (const char *text)
{
  const char *names[] = { "_", "N_", "C_", "NC_", "ngettext", "g_dngettext" };
  const char *p;

  for (p = text; *p != '\0'; p++)
    {
      const char *start = p;
      const char *end;
      guint i;

      if (p > text && (g_ascii_isalnum (p[-1]) || p[-1] == '_'))
        continue;
      for (end = p; g_ascii_isalnum (*end) || *end == '_'; end++)
        ;
      if (end == start)
        continue;

      for (i = 0; i < G_N_ELEMENTS (names); i++)
        {
          const char *after = end;

          if ((gsize)(end - start) != strlen (names[i]) ||
              strncmp (start, names[i], end - start) != 0)
            continue;
          while (*after == ' ')
            after++;
          if (*after == '(')
            return TRUE;
        }
      p = end - 1;
    }

  return FALSE;
}

static void
collect_translatable (const char *root,
                      const char *relative,
                      GPtrArray  *found)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (relative, name, NULL);
      g_autofree char *child_path = g_build_filename (root, child, NULL);
      g_autofree char *contents = NULL;

      if (g_file_test (child_path, G_FILE_TEST_IS_DIR))
        {
          collect_translatable (root, child, found);
          continue;
        }

      if (!g_str_has_suffix (name, ".c") && !g_str_has_suffix (name, ".ui"))
        continue;
      if (!g_file_get_contents (child_path, &contents, NULL, NULL))
        continue;

      if ((g_str_has_suffix (name, ".c") && c_has_gettext (contents)) ||
          (g_str_has_suffix (name, ".ui") && strstr (contents, "translatable=\"yes\"") != NULL))
        g_ptr_array_add (found, g_steal_pointer (&child));
    }
}

static void
test_potfiles (void)
{
  g_autofree char *root = source_path (".", NULL);
  g_autofree char *potfiles_path = source_path ("po", "POTFILES.in", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  const char *data_files[] = {
    "data/" PD_APP_ID ".desktop.in",
    "data/" PD_APP_ID ".metainfo.xml.in",
    "data/" PD_APP_ID ".gschema.xml",
  };
  guint i;

  g_file_get_contents (potfiles_path, &contents, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (contents, "\n", -1);
  for (i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *file = NULL;
      const char *line = g_strstrip (lines[i]);

      if (*line == '\0' || *line == '#')
        continue;

      /* xgettext stops at the first listed file that is gone. */
      file = g_build_filename (root, line, NULL);
      if (!g_file_test (file, G_FILE_TEST_IS_REGULAR))
        g_test_fail_printf ("po/POTFILES.in lists %s, which does not exist", line);
      g_ptr_array_add (listed, g_strdup (line));
    }

  for (i = 0; i < G_N_ELEMENTS (data_files); i++)
    g_assert_true (g_ptr_array_find_with_equal_func (listed, data_files[i], g_str_equal, NULL));

  /* A file with strings for the user that is not listed is never
   * translated. */
  collect_translatable (root, "src", found);
  collect_translatable (root, "ui", found);
  g_assert_cmpuint (found->len, >, 0);
  for (i = 0; i < found->len; i++)
    {
      const char *file = g_ptr_array_index (found, i);

      if (!g_ptr_array_find_with_equal_func (listed, file, g_str_equal, NULL))
        g_test_fail_printf ("%s has translatable strings but is not listed in po/POTFILES.in",
                            file);
    }
}

static void
test_gettext_scan (void)
{
  g_assert_true (c_has_gettext ("x = _(\"Paydesk\");"));
  g_assert_true (c_has_gettext ("x = _ (\"Paydesk\");"));
  g_assert_true (c_has_gettext ("{ N_(\"Charges\") }"));
  g_assert_true (c_has_gettext ("C_ (\"view\", \"Cards\")"));
  g_assert_true (c_has_gettext ("ngettext (\"%u refund\", \"%u refunds\", n)"));
  g_assert_false (c_has_gettext ("G_DEFINE_TYPE (PdThing, pd_thing, G_TYPE_OBJECT)"));
  g_assert_false (c_has_gettext ("pd_money_error_quark ();"));
  g_assert_false (c_has_gettext ("some_(x); other_ (y);"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/data/desktop-file", test_desktop_file);
  g_test_add_func ("/data/metainfo", test_metainfo);
  g_test_add_func ("/data/schema/compiled", test_schema);
  g_test_add_func ("/data/schema/described", test_schema_described);
  g_test_add_func ("/data/icons", test_icons);
  g_test_add_func ("/data/flatpak-manifest", test_flatpak_manifest);
  g_test_add_func ("/data/potfiles/scan", test_gettext_scan);
  g_test_add_func ("/data/potfiles/complete", test_potfiles);

  return g_test_run ();
}

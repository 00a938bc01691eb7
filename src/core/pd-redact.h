/* pd-redact.h - remove secrets and mask card numbers in provider JSON
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *pd_redact_json        (const char  *text,
                                 gssize       length,
                                 GError     **error);
char     *pd_redact_card_number (const char  *number);
gboolean  pd_redact_is_secret_name (const char *member);
char     *pd_redact_text        (const char  *text);

G_END_DECLS

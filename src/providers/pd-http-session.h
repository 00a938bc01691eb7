/* pd-http-session.h - the one libsoup session shared by every provider client
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

SoupSession *pd_http_session_get_default (void);
SoupSession *pd_http_session_new         (void);

G_END_DECLS

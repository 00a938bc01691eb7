/* pd-cli-money.h - paydesk-cli: what the commands that move money share
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-cli.h"
#include "pd-operation.h"

G_BEGIN_DECLS

char           *pd_cli_describe_account       (const PdAccount  *account);
gboolean        pd_cli_parse_amount_to_move   (const char       *text,
                                               const char       *currency,
                                               const char       *not_positive,
                                               PdMoney          *out,
                                               GError          **error);
gboolean        pd_cli_check_card_expiry      (const char       *expiry,
                                               GError          **error);
gboolean        pd_cli_send                   (PdCli            *cli,
                                               PdOperation      *operation,
                                               const char       *summary,
                                               gboolean          yes,
                                               gboolean          with_card,
                                               GError          **error);

G_END_DECLS

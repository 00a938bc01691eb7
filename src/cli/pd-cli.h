/* pd-cli.h - paydesk-cli: the state of one command, and what its commands share
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-demo.h"
#include "pd-provider.h"
#include "pd-secrets.h"
#include "pd-store.h"

G_BEGIN_DECLS

/**
 * PdCliExit:
 * @PD_CLI_EXIT_OK: success
 * @PD_CLI_EXIT_FAILURE: a local failure (store, keyring, file, export)
 * @PD_CLI_EXIT_USAGE: a usage error (unknown command or option, bad value)
 * @PD_CLI_EXIT_PROVIDER: the provider refused or could not be reached
 * @PD_CLI_EXIT_OUTCOME_UNKNOWN: the outcome of a money movement is unknown;
 *   it is being reconciled
 *
 * The exit statuses of paydesk-cli (HACKING.md, "Exit statuses of
 * paydesk-cli").
 */
typedef enum
{
  PD_CLI_EXIT_OK              = 0,
  PD_CLI_EXIT_FAILURE         = 1,
  PD_CLI_EXIT_USAGE           = 2,
  PD_CLI_EXIT_PROVIDER        = 3,
  PD_CLI_EXIT_OUTCOME_UNKNOWN = 4,
} PdCliExit;

#define PD_CLI_ERROR (pd_cli_error_quark ())

/**
 * PdCliError:
 * @PD_CLI_ERROR_USAGE: the command line makes no sense
 * @PD_CLI_ERROR_NOT_FOUND: no such account, record or entry
 * @PD_CLI_ERROR_REFUSED: the provider refused a money movement; nothing moved
 * @PD_CLI_ERROR_OUTCOME_UNKNOWN: a money movement may or may not have
 *   happened; its outbox entry is being reconciled
 * @PD_CLI_ERROR_DECLINED: the person at the terminal said no
 *
 * Stable error codes of paydesk-cli.
 */
typedef enum
{
  PD_CLI_ERROR_USAGE,
  PD_CLI_ERROR_NOT_FOUND,
  PD_CLI_ERROR_REFUSED,
  PD_CLI_ERROR_OUTCOME_UNKNOWN,
  PD_CLI_ERROR_DECLINED,
} PdCliError;

/**
 * PdCliFormat:
 * @PD_CLI_FORMAT_TABLE: aligned columns for people
 * @PD_CLI_FORMAT_JSON: one JSON document
 * @PD_CLI_FORMAT_CSV: RFC 4180 CSV
 */
typedef enum
{
  PD_CLI_FORMAT_TABLE,
  PD_CLI_FORMAT_JSON,
  PD_CLI_FORMAT_CSV,
} PdCliFormat;

/**
 * PdCli:
 * @format: how results are written
 * @store: the store (the demo's, with `--demo`)
 * @secrets: the keyring; in paydesk-cli "the session" is one command
 * @demo: (nullable): the running demo
 * @cancellable: cancelled by SIGINT and SIGTERM
 *
 * What every command of one run shares.
 */
typedef struct
{
  PdCliFormat   format;
  PdStore      *store;
  PdSecrets    *secrets;
  PdDemo       *demo;
  GCancellable *cancellable;
} PdCli;

typedef gboolean (*PdCliCommandFunc) (PdCli   *cli,
                                      int      argc,
                                      char   **argv,
                                      GError **error);

/**
 * PdCliCommand:
 * @name: what it is called on the command line
 * @func: what runs it
 * @summary: a line about it for `--help`, untranslated
 *
 * A command, or a subcommand of one.
 */
typedef struct
{
  const char       *name;
  PdCliCommandFunc  func;
  const char       *summary;
} PdCliCommand;

GQuark          pd_cli_error_quark          (void);
int             pd_cli_main                 (int              argc,
                                             char           **argv);
PdCliExit       pd_cli_exit_status_for      (const GError    *error);

/* Shared by the commands */
gboolean        pd_cli_parse_command        (const char      *parameters,
                                             const char      *summary,
                                             const GOptionEntry *entries,
                                             int              max_arguments,
                                             int             *argc,
                                             char          ***argv,
                                             gboolean        *help_shown,
                                             GError         **error);
gboolean        pd_cli_run_subcommand       (PdCli           *cli,
                                             const char      *usage,
                                             const PdCliCommand *subcommands,
                                             guint            n_subcommands,
                                             const char      *missing,
                                             int              argc,
                                             char           **argv,
                                             GError         **error);
gboolean        pd_cli_usage_error          (GError         **error,
                                             const char      *format,
                                             ...) G_GNUC_PRINTF (2, 3);
void            pd_cli_ready_cb             (GObject         *object,
                                             GAsyncResult    *result,
                                             gpointer         user_data);
void            pd_cli_wait                 (PdCli           *cli,
                                             GAsyncResult   **result);
PdAccount      *pd_cli_get_account          (PdCli           *cli,
                                             const char      *text,
                                             GError         **error);
gboolean        pd_cli_get_account_id       (PdCli           *cli,
                                             const char      *text,
                                             gint64          *out,
                                             GError         **error);
GHashTable     *pd_cli_dup_accounts_by_id   (PdCli           *cli,
                                             GError         **error);
PdTransaction  *pd_cli_find_transaction     (PdCli           *cli,
                                             const char      *text,
                                             GError         **error);
PdProvider     *pd_cli_connect_account      (PdCli           *cli,
                                             const PdAccount *account,
                                             GError         **error);
gboolean        pd_cli_parse_time           (const char      *text,
                                             gboolean         is_end,
                                             gint64          *out,
                                             GError         **error);
gboolean        pd_cli_parse_amount         (const char      *text,
                                             const char      *currency,
                                             PdMoney         *out,
                                             GError         **error);
gboolean        pd_cli_stdin_is_tty         (void);
char           *pd_cli_read_stdin           (GError         **error);

/* The commands (pd-cli-*.c) */
gboolean        pd_cli_account_command      (PdCli *cli, int argc, char **argv, GError **error);
gboolean        pd_cli_sync_command         (PdCli *cli, int argc, char **argv, GError **error);
gboolean        pd_cli_list_command         (PdCli *cli, int argc, char **argv, GError **error);
gboolean        pd_cli_balances_command     (PdCli *cli, int argc, char **argv, GError **error);
gboolean        pd_cli_search_command       (PdCli *cli, int argc, char **argv, GError **error);
gboolean        pd_cli_show_command         (PdCli *cli, int argc, char **argv, GError **error);
gboolean        pd_cli_refund_command       (PdCli *cli, int argc, char **argv, GError **error);
gboolean        pd_cli_disburse_command     (PdCli *cli, int argc, char **argv, GError **error);
gboolean        pd_cli_vend_command         (PdCli *cli, int argc, char **argv, GError **error);
gboolean        pd_cli_topup_command        (PdCli *cli, int argc, char **argv, GError **error);
gboolean        pd_cli_bill_command         (PdCli *cli, int argc, char **argv, GError **error);
gboolean        pd_cli_receipt_command      (PdCli *cli, int argc, char **argv, GError **error);
gboolean        pd_cli_outbox_command       (PdCli *cli, int argc, char **argv, GError **error);
gboolean        pd_cli_statement_command    (PdCli *cli, int argc, char **argv, GError **error);

G_END_DECLS

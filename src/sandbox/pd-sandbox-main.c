/* pd-sandbox-main.c - paydesk-sandbox: simulated provider APIs on loopback
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <glib-unix.h>

#include "pd-sandbox-private.h"

#define DEFAULT_NOW "2026-06-30T12:00:00Z"
#define MAX_RECORDS 2000000

typedef struct
{
  GMainLoop *loop;
  guint      stdin_id;
  guint      sigterm_id;
  guint      sigint_id;
} Watch;

static gboolean
on_signal (gpointer user_data)
{
  Watch *watch = user_data;

  g_main_loop_quit (watch->loop);
  return G_SOURCE_CONTINUE;
}

/* The process that started the sandbox holds its stdin: when that end
 * closes, the sandbox goes too, even if its parent died without a word. */
static gboolean
on_stdin (int          fd,
          GIOCondition condition,
          gpointer     user_data)
{
  char buffer[512];
  gssize got = read (fd, buffer, sizeof buffer);
  Watch *watch = user_data;

  if (got > 0 || (got < 0 && (errno == EINTR || errno == EAGAIN)))
    return G_SOURCE_CONTINUE;

  watch->stdin_id = 0;
  g_main_loop_quit (watch->loop);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PdSandbox) sandbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *now = NULL;
  g_autofree char *line = NULL;
  gint64 seed = 1;
  gint64 start = 0;
  int port = 0;
  int records = 200;
  gboolean verbose = FALSE;
  Watch watch = { 0 };
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      "Port of the control API; providers on PORT+1 … PORT+5 (default 0: any free ports)", "PORT" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed,
      "Seed of the generated data (default 1)", "N" },
    { "records", 'r', 0, G_OPTION_ARG_INT, &records,
      "Records to generate per provider (default 200)", "N" },
    { "now", 'n', 0, G_OPTION_ARG_STRING, &now,
      "Start of the simulated clock, ISO 8601 (default " DEFAULT_NOW ")", "TIME" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      "Log every request on standard error (never secrets or bodies)", NULL },
    { NULL }
  };

  context = g_option_context_new ("— simulated payment provider APIs on loopback");
  g_option_context_set_summary (context,
                                "Serves FayaPay, EoneoPay and the other providers' APIs on 127.0.0.1 with\n"
                                "deterministic seeded data. The first line on standard output is one JSON\n"
                                "object with the base URLs and demo credentials; the sandbox stops on\n"
                                "SIGTERM, SIGINT or end of file on standard input.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("paydesk-sandbox: %s\n", error->message);
      return 2;
    }

  if (port < 0 || port > 65535 - 5)
    {
      g_printerr ("paydesk-sandbox: --port must be between 0 and 65530\n");
      return 2;
    }

  if (records < 0 || records > MAX_RECORDS)
    {
      g_printerr ("paydesk-sandbox: --records must be between 0 and %d\n", MAX_RECORDS);
      return 2;
    }

  if (!pd_sandbox_parse_time (now ? now : DEFAULT_NOW, &start))
    {
      g_printerr ("paydesk-sandbox: --now wants an ISO 8601 time such as %s\n", DEFAULT_NOW);
      return 2;
    }

  /* A client that goes away mid-answer must not kill the sandbox. */
  signal (SIGPIPE, SIG_IGN);

  sandbox = pd_sandbox_new ((guint64)seed, (guint)records, start, verbose);
  if (!pd_sandbox_listen (sandbox, (guint)port, &error))
    {
      g_printerr ("paydesk-sandbox: cannot listen on 127.0.0.1: %s\n", error->message);
      return 1;
    }

  /* Watch before the first line: whoever reads it may signal at once. */
  watch.loop = g_main_loop_new (NULL, FALSE);
  watch.sigterm_id = g_unix_signal_add (SIGTERM, on_signal, &watch);
  watch.sigint_id = g_unix_signal_add (SIGINT, on_signal, &watch);
  watch.stdin_id = g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, on_stdin, &watch);

  line = pd_sandbox_describe (sandbox);
  fputs (line, stdout);
  fputc ('\n', stdout);
  fflush (stdout);

  g_main_loop_run (watch.loop);

  g_clear_handle_id (&watch.stdin_id, g_source_remove);
  g_clear_handle_id (&watch.sigterm_id, g_source_remove);
  g_clear_handle_id (&watch.sigint_id, g_source_remove);
  g_main_loop_unref (watch.loop);

  return 0;
}

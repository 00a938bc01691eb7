/* bench-sandbox.c - how fast paydesk-sandbox starts and serves a page
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pd-test-sandbox.h"

#define RECORDS "100000"
#define STARTS 3
#define PAGES 300

static int
compare_doubles (const void *a,
                 const void *b)
{
  double da = *(const double *)a;
  double db = *(const double *)b;

  return (da > db) - (da < db);
}

static double
percentile (double *values,
            guint   n,
            double  fraction)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return values[MIN (n - 1, (guint)(fraction * n))];
}

static char *
resident_memory (PdTestSandbox *sandbox)
{
  const char *pid = g_subprocess_get_identifier (pd_test_sandbox_get_process (sandbox));
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL) || (line = strstr (status, "VmRSS:")) == NULL)
    return g_strdup ("unknown");

  line += strlen ("VmRSS:");
  while (*line == ' ' || *line == '\t')
    line++;

  return g_strndup (line, strcspn (line, "\n"));
}

static void
time_pages (PdTestSandbox *sandbox,
            const char    *path,
            const char    *label)
{
  g_autofree char *url = pd_test_sandbox_url (sandbox, "fayapay", path);
  const char *headers[] = {
    "authorization", pd_test_sandbox_get_credential (sandbox, "fayapay", "api_key"),
    "accept", "application/json",
    NULL
  };
  PdTestRequest request = { .method = "GET", .url = url, .headers = headers };
  double times[PAGES];
  gsize bytes = 0;

  for (guint i = 0; i < PAGES; i++)
    {
      g_autoptr(PdTestResponse) response = pd_test_sandbox_send (sandbox, &request);

      g_assert_cmpuint (response->status, ==, 200);
      g_assert_cmpuint (json_array_get_length (pd_test_assert_array_member (pd_test_response_get_object (response), "data")), ==, 50);
      times[i] = response->elapsed_ms;
      bytes = g_bytes_get_size (response->body);
    }

  printf ("  %-38s median %6.2f ms   p95 %6.2f ms   (%" G_GSIZE_FORMAT " bytes, %d requests, kept-alive connection)\n",
          label, percentile (times, PAGES, 0.5), percentile (times, PAGES, 0.95), bytes, PAGES);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdTestSandbox) sandbox = NULL;
  g_autoptr(PdTestResponse) middle = NULL;
  g_autofree char *rss = NULL;
  g_autofree char *after_path = NULL;
  double starts[STARTS];
  double median;

  printf ("paydesk-sandbox benchmark (--records %s)\n", RECORDS);

  for (guint i = 0; i < STARTS; i++)
    {
      gint64 began = g_get_monotonic_time ();

      sandbox = pd_test_sandbox_start ("--records", RECORDS, NULL);
      starts[i] = (g_get_monotonic_time () - began) / 1000.0;
      if (i + 1 < STARTS)
        g_clear_pointer (&sandbox, pd_test_sandbox_stop);
    }

  rss = resident_memory (sandbox);
  median = percentile (starts, STARTS, 0.5);
  printf ("  start-up to first line                 median %6.0f ms   worst %6.0f ms   (%d starts; resident %s)\n",
          median, starts[STARTS - 1], STARTS, rss);

  time_pages (sandbox, "/Charges?Limit=50", "FayaPay first page of 50 charges");

  /* A page from the middle of the list, found by a cursor. */
  {
    g_autofree char *url = pd_test_sandbox_url (sandbox, "fayapay", "/Charges?Limit=50");
    const char *headers[] = { "authorization", pd_test_sandbox_get_credential (sandbox, "fayapay", "api_key"), NULL };
    g_autofree char *cursor = NULL;

    for (guint page = 0; page < 1000; page++)
      {
        g_autofree char *page_url = cursor ? g_strdup_printf ("%s&StartingAfter=%s", url, cursor) : g_strdup (url);
        PdTestRequest request = { .method = "GET", .url = page_url, .headers = headers };

        g_clear_pointer (&middle, pd_test_response_free);
        middle = pd_test_sandbox_send (sandbox, &request);
        g_free (cursor);
        cursor = g_strdup (pd_test_assert_string_member (pd_test_response_get_object (middle), "nextCursor"));
      }

    after_path = g_strdup_printf ("/Charges?Limit=50&StartingAfter=%s", cursor);
  }
  time_pages (sandbox, after_path, "FayaPay page of 50 at charge 50 000");

  return 0;
}

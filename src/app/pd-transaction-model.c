/* pd-transaction-model.c - a lazy list of the store's transactions
 *
 * Copyright 2026 The Paydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The model holds a screenful, whatever the store holds: it reads rows a
 * window of PD_TRANSACTION_MODEL_WINDOW at a time when a view asks for
 * them, and keeps the last PD_TRANSACTION_MODEL_MAX_WINDOWS windows (more
 * only while a view still shows their items).
 *
 * Reads that may be slow run on a worker thread with a connection of its
 * own (SQLite in WAL mode lets it read while a sync writes): on a million
 * rows, counting the rows of a filter takes a third of a second. Every
 * order a list offers has an index in the store (customer, reference,
 * state, provider, account, amount, fee, date; see HACKING.md), so reads
 * that cost a millisecond or two — a window next to a known cursor, with
 * no text search — run at once on the main thread, so that scrolling shows
 * rows, not blanks. The main loop never waits for anything longer.
 *
 * Items are made when a view asks for them, empty ("loading") if their
 * window is still being read, and the same item is filled again when its
 * row arrives, when a new query puts another row at its place, or when a
 * sync changed the rows: the list never rebuilds its row widgets for a
 * refresh, and only the size of the list goes through items-changed.
 *
 * A new query shows its first window (read at once or by the worker),
 * then grows the list to its count when the worker has it. A reload of the
 * same query, after a sync stored pages, counts first and changes the list
 * once. Until the first window of a new query arrives, the rows of the
 * previous one stay on screen.
 *
 * Windows are read with keyset paging: a window read leaves the cursor of
 * its last row as the anchor of the next, so scrolling never uses OFFSET.
 * After the first window, the worker walks the whole result in the
 * background along the order's index, a page at a time and after any
 * window a view is waiting for, and leaves an anchor every window: a jump
 * across a million rows then costs one window, not an OFFSET of half a
 * million rows.
 */

#include <sys/resource.h>

#include "pd-transaction-item.h"
#include "pd-transaction-model.h"

/* Rows the background walk reads at a time. */
#define WALK_PAGE 1000

typedef struct
{
  gint64  id;
  gint64  number;
  char   *text;
} Cursor;

typedef struct
{
  guint  window;
  Cursor cursor;
} Anchor;

typedef enum
{
  JOB_STOP,
  JOB_FIRST,
  JOB_WINDOW,
  JOB_WALK,
  JOB_COUNT,
} JobKind;

typedef struct
{
  JobKind   kind;
  guint     generation;
  gboolean  count_first;
  guint     window;
  guint     position;
  PdQuery  *query;
} Job;

typedef enum
{
  RESULT_FIRST,
  RESULT_COUNT,
  RESULT_WINDOW,
  RESULT_ANCHORS,
  RESULT_ERROR,
} ResultKind;

/* What the model and its worker share; the worker may outlive the model
 * while it finishes a read. */
typedef struct
{
  gatomicrefcount  ref_count;
  GAsyncQueue     *jobs;
  char            *path;
  GMainContext    *context;
  GWeakRef         model;
  gint             generation;
} Shared;

typedef struct
{
  Shared     *shared;
  ResultKind  kind;
  guint       generation;
  guint       window;
  gboolean    counted;
  GPtrArray  *rows;
  guint64     count;
  GArray     *anchors;
  GError     *error;
} Result;

/* A window of rows. Its items are made when a view first asks for them,
 * before their rows are read, and stay the same objects for as long as
 * the window is kept: a row that arrives, or changes after a sync or a
 * new query, is filled into the item already on screen (which notifies
 * PdTransactionItem:transaction) rather than replacing it, so a list never
 * rebuilds its row widgets for it. */
typedef struct
{
  GPtrArray *items;
  gboolean   filled;
  gboolean   pending;
} Window;

struct _PdTransactionModel
{
  GObject      parent_instance;

  PdStore     *store;
  PdQuery     *query;
  GHashTable  *account_labels;
  Shared      *shared;

  guint        generation;
  gboolean     first_pending;
  gboolean     counted;
  gboolean     loading;
  guint        n_items;
  guint        n_pending;

  /* window index → Window */
  GHashTable  *windows;
  /* window indices, most recently used first */
  GQueue       recent;
  /* window index → Cursor of the row just before the window */
  GHashTable  *anchors;

  guint        reload_idle;
  guint64      n_fetched;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdTransactionModel, pd_transaction_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_N_ITEMS,
  PROP_LOADING,
  N_PROPS
};

enum {
  ERROR,
  WINDOW_LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Cursors */

static void
cursor_clear (Cursor *cursor)
{
  g_clear_pointer (&cursor->text, g_free);
}

static void
cursor_free (gpointer data)
{
  cursor_clear (data);
  g_free (data);
}

static void
anchor_clear (gpointer data)
{
  cursor_clear (&((Anchor *)data)->cursor);
}

/* The keyset cursor after @row in the order of @query. */
static void
cursor_init_from_row (Cursor              *cursor,
                      const PdQuery       *query,
                      const PdTransaction *row)
{
  PdQuery probe = *query;

  /* pd_query_set_after() only writes the cursor fields. */
  probe.after_text = NULL;
  pd_query_set_after (&probe, row);
  cursor->id = probe.after_id;
  cursor->number = probe.after_number;
  cursor->text = probe.after_text;
}

static void
query_set_cursor (PdQuery      *query,
                  const Cursor *cursor)
{
  g_clear_pointer (&query->after_text, g_free);
  query->has_after = TRUE;
  query->after_id = cursor->id;
  query->after_number = cursor->number;
  query->after_text = g_strdup (cursor->text);
}

/* Shared state, jobs and results */

static Shared *
shared_ref (Shared *shared)
{
  g_atomic_ref_count_inc (&shared->ref_count);
  return shared;
}

static void
shared_unref (Shared *shared)
{
  if (!g_atomic_ref_count_dec (&shared->ref_count))
    return;

  g_async_queue_unref (shared->jobs);
  g_free (shared->path);
  g_main_context_unref (shared->context);
  g_weak_ref_clear (&shared->model);
  g_free (shared);
}

static void
job_free (Job *job)
{
  g_clear_pointer (&job->query, pd_query_free);
  g_free (job);
}

static Job *
job_new (JobKind        kind,
         guint          generation,
         const PdQuery *query)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->generation = generation;
  job->query = query != NULL ? pd_query_copy (query) : NULL;

  return job;
}

static void
result_free (gpointer data)
{
  Result *result = data;

  g_clear_pointer (&result->rows, g_ptr_array_unref);
  g_clear_pointer (&result->anchors, g_array_unref);
  g_clear_error (&result->error);
  shared_unref (result->shared);
  g_free (result);
}

static gboolean deliver (gpointer data);

/* Always through the main loop: g_main_context_invoke() would run the
 * callback in the worker when the main thread does not hold its context at
 * that moment. */
static void
post (Shared     *shared,
      Result     *result)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  result->shared = shared_ref (shared);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver, result, result_free);
  g_source_set_static_name (source, "[pd-transaction-model] deliver");
  g_source_attach (source, shared->context);
}

static Result *
result_new (ResultKind kind,
            const Job *job)
{
  Result *result = g_new0 (Result, 1);

  result->kind = kind;
  result->generation = job->generation;
  result->window = job->window;

  return result;
}

static gboolean
is_stale (Shared    *shared,
          const Job *job)
{
  return (gint)job->generation != g_atomic_int_get (&shared->generation);
}

static void
post_error (Shared    *shared,
            const Job *job,
            GError    *error)
{
  Result *result = result_new (RESULT_ERROR, job);

  result->error = error;
  post (shared, result);
}

/* Orders with an index: keyset pages cost what they read. Since schema 5
 * every sort key, account and fee included, has one. */
static gboolean
order_is_indexed (const PdQuery *query)
{
  return (guint)query->sort < PD_SORT_KEY_COUNT;
}

static void
queue_walk (Shared              *shared,
            const Job           *job,
            guint                position,
            const PdTransaction *last)
{
  Job *walk = job_new (JOB_WALK, job->generation, job->query);
  Cursor cursor = { 0 };

  cursor_init_from_row (&cursor, job->query, last);
  query_set_cursor (walk->query, &cursor);
  cursor_clear (&cursor);
  walk->query->offset = 0;
  walk->query->limit = WALK_PAGE;
  walk->position = position;

  /* Behind every window a view waits for. */
  g_async_queue_push (shared->jobs, walk);
}

static void
run_first (Shared    *shared,
           PdStore   *store,
           const Job *job)
{
  g_autoptr(GPtrArray) rows = NULL;
  GError *error = NULL;
  Result *result;
  guint64 count = 0;
  gboolean counted;

  if (job->count_first && !pd_store_count_transactions (store, job->query, &count, &error))
    {
      post_error (shared, job, error);
      return;
    }

  if (!pd_store_query_transactions (store, job->query, &rows, &error))
    {
      post_error (shared, job, error);
      return;
    }

  if (rows->len == PD_TRANSACTION_MODEL_WINDOW && order_is_indexed (job->query))
    queue_walk (shared, job, rows->len, g_ptr_array_index (rows, rows->len - 1));

  counted = job->count_first || rows->len < PD_TRANSACTION_MODEL_WINDOW;
  result = result_new (RESULT_FIRST, job);
  result->counted = counted;
  result->count = job->count_first ? MAX (count, rows->len) : rows->len;
  result->rows = g_steal_pointer (&rows);
  /* From here the result is the main thread's. */
  post (shared, result);

  if (counted || is_stale (shared, job))
    return;

  if (!pd_store_count_transactions (store, job->query, &count, &error))
    {
      post_error (shared, job, error);
      return;
    }

  result = result_new (RESULT_COUNT, job);
  result->count = count;
  post (shared, result);
}

/* The first window was read on the main thread: count, and walk on from
 * the cursor after that window. */
static void
run_count (Shared    *shared,
           PdStore   *store,
           const Job *job)
{
  GError *error = NULL;
  guint64 count = 0;
  Result *result;

  if (!pd_store_count_transactions (store, job->query, &count, &error))
    {
      post_error (shared, job, error);
      return;
    }

  result = result_new (RESULT_COUNT, job);
  result->count = count;
  post (shared, result);

  if (job->query->has_after && order_is_indexed (job->query))
    {
      Job *walk = job_new (JOB_WALK, job->generation, job->query);

      walk->query->limit = WALK_PAGE;
      walk->position = job->position;
      g_async_queue_push (shared->jobs, walk);
    }
}

static void
run_window (Shared    *shared,
            PdStore   *store,
            const Job *job)
{
  GError *error = NULL;
  GPtrArray *rows = NULL;
  Result *result;

  if (!pd_store_query_transactions (store, job->query, &rows, &error))
    {
      post_error (shared, job, error);
      return;
    }

  result = result_new (RESULT_WINDOW, job);
  result->rows = rows;
  post (shared, result);
}

static void
run_walk (Shared    *shared,
          PdStore   *store,
          const Job *job)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GArray *anchors;
  Result *result;

  /* A failed walk only leaves jumps slower; the windows report errors. */
  if (!pd_store_query_transactions (store, job->query, &rows, &error))
    return;

  anchors = g_array_new (FALSE, TRUE, sizeof (Anchor));
  g_array_set_clear_func (anchors, anchor_clear);
  for (guint i = 0; i < rows->len; i++)
    {
      guint next = job->position + i + 1;

      if (next % PD_TRANSACTION_MODEL_WINDOW == 0)
        {
          Anchor anchor = { next / PD_TRANSACTION_MODEL_WINDOW, { 0 } };

          cursor_init_from_row (&anchor.cursor, job->query, g_ptr_array_index (rows, i));
          g_array_append_val (anchors, anchor);
        }
    }

  result = result_new (RESULT_ANCHORS, job);
  result->anchors = anchors;
  post (shared, result);

  if (rows->len == WALK_PAGE)
    queue_walk (shared, job, job->position + rows->len, g_ptr_array_index (rows, rows->len - 1));
}

static gpointer
worker_main (gpointer data)
{
  Shared *shared = data;
  g_autoptr(PdStore) store = NULL;

  /* Second to the main loop when the machine is busy: a count or a walk
   * can wait a frame, the list on screen cannot. On Linux this lowers the
   * priority of this thread alone. */
  setpriority (PRIO_PROCESS, 0, 10);

  for (;;)
    {
      Job *job = g_async_queue_pop (shared->jobs);

      if (job->kind == JOB_STOP)
        {
          job_free (job);
          break;
        }

      if (is_stale (shared, job))
        {
          job_free (job);
          continue;
        }

      if (store == NULL)
        {
          GError *error = NULL;

          store = pd_store_new_for_path (shared->path, &error);
          if (store == NULL)
            {
              post_error (shared, job, error);
              job_free (job);
              continue;
            }
        }

      switch (job->kind)
        {
        case JOB_FIRST:
          run_first (shared, store, job);
          break;
        case JOB_WINDOW:
          run_window (shared, store, job);
          break;
        case JOB_WALK:
          run_walk (shared, store, job);
          break;
        case JOB_COUNT:
          run_count (shared, store, job);
          break;
        case JOB_STOP:
        default:
          g_assert_not_reached ();
        }

      job_free (job);
    }

  shared_unref (shared);

  return NULL;
}

/* The model, on the main thread */

static void
window_free (gpointer data)
{
  Window *window = data;

  g_ptr_array_unref (window->items);
  g_free (window);
}

static void
update_loading (PdTransactionModel *self)
{
  gboolean loading = self->first_pending || !self->counted || self->n_pending > 0;

  if (loading != self->loading)
    {
      self->loading = loading;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

/* Whether a view holds one of the window's items. */
static gboolean
window_in_use (Window *window)
{
  for (guint i = 0; i < window->items->len; i++)
    if (G_OBJECT (g_ptr_array_index (window->items, i))->ref_count > 1)
      return TRUE;

  return FALSE;
}

static void
forget_window (PdTransactionModel *self,
               guint               index)
{
  Window *window = g_hash_table_lookup (self->windows, GUINT_TO_POINTER (index));

  if (window == NULL)
    return;

  if (window->pending)
    self->n_pending--;
  g_queue_remove (&self->recent, GUINT_TO_POINTER (index));
  g_hash_table_remove (self->windows, GUINT_TO_POINTER (index));
}

/* Keeps the last windows used, and any a view still shows or that is
 * being read. */
static void
trim_windows (PdTransactionModel *self)
{
  GList *link = self->recent.tail;

  /* Never the window just used, at the head. */
  while (self->recent.length > PD_TRANSACTION_MODEL_MAX_WINDOWS && link != NULL && link != self->recent.head)
    {
      GList *previous = link->prev;
      guint index = GPOINTER_TO_UINT (link->data);
      Window *window = g_hash_table_lookup (self->windows, link->data);

      if (!window->pending && !window_in_use (window))
        forget_window (self, index);
      link = previous;
    }
}

static Window *
get_window (PdTransactionModel *self,
            guint               index)
{
  Window *window = g_hash_table_lookup (self->windows, GUINT_TO_POINTER (index));
  GList *link;

  if (window == NULL)
    {
      window = g_new0 (Window, 1);
      window->items = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->windows, GUINT_TO_POINTER (index), window);
      g_queue_push_head (&self->recent, GUINT_TO_POINTER (index));
      trim_windows (self);
      return window;
    }

  link = g_queue_find (&self->recent, GUINT_TO_POINTER (index));
  if (link != self->recent.head)
    {
      g_queue_unlink (&self->recent, link);
      g_queue_push_head_link (&self->recent, link);
    }

  return window;
}

static PdTransactionItem *
window_item (Window *window,
             guint   offset)
{
  while (window->items->len <= offset)
    g_ptr_array_add (window->items, pd_transaction_item_new_loading ());

  return g_ptr_array_index (window->items, offset);
}

static void
push_job (PdTransactionModel *self,
          Job                *job,
          gboolean            urgent)
{
  if (self->shared == NULL)
    {
      g_autoptr(GThread) thread = NULL;

      self->shared = g_new0 (Shared, 1);
      g_atomic_ref_count_init (&self->shared->ref_count);
      self->shared->jobs = g_async_queue_new_full ((GDestroyNotify)job_free);
      self->shared->path = g_strdup (pd_store_get_path (self->store));
      self->shared->context = g_main_context_ref_thread_default ();
      g_weak_ref_init (&self->shared->model, self);
      g_atomic_int_set (&self->shared->generation, (gint)self->generation);

      thread = g_thread_new ("pd-transaction-model", worker_main, shared_ref (self->shared));
    }

  if (urgent)
    g_async_queue_push_front (self->shared->jobs, job);
  else
    g_async_queue_push (self->shared->jobs, job);
}

static void apply_first_rows (PdTransactionModel *self,
                              GPtrArray          *rows,
                              gboolean            counted,
                              guint64             count);

static void
start_generation (PdTransactionModel *self,
                  gboolean            count_first)
{
  GHashTableIter iter;
  gpointer value;
  Job *job;

  g_clear_handle_id (&self->reload_idle, g_source_remove);

  self->generation++;
  if (self->shared != NULL)
    g_atomic_int_set (&self->shared->generation, (gint)self->generation);

  self->first_pending = TRUE;
  self->counted = FALSE;

  /* What was asked of the worker belongs to the previous query now. */
  g_hash_table_iter_init (&iter, self->windows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((Window *)value)->pending = FALSE;
  self->n_pending = 0;

  job = job_new (JOB_FIRST, self->generation, self->query);
  job->count_first = count_first;
  job->query->limit = PD_TRANSACTION_MODEL_WINDOW;
  job->query->offset = 0;
  pd_query_clear_after (job->query);

  /* A new query in an order with an index shows its first rows at once
   * (a few milliseconds); the count follows from the worker. A reload
   * waits for the worker instead. */
  if (!count_first && order_is_indexed (self->query) &&
      (self->query->text == NULL || self->query->text[0] == '\0'))
    {
      g_autoptr(GPtrArray) rows = NULL;

      if (pd_store_query_transactions (self->store, job->query, &rows, NULL))
        {
          gboolean counted = rows->len < PD_TRANSACTION_MODEL_WINDOW;

          if (!counted)
            {
              job->kind = JOB_COUNT;
              job->position = rows->len;
              pd_query_set_after (job->query, g_ptr_array_index (rows, rows->len - 1));
              job->query->limit = 0;
              push_job (self, job, TRUE);
            }
          else
            job_free (job);

          apply_first_rows (self, rows, counted, rows->len);
          update_loading (self);
          return;
        }
    }

  push_job (self, job, TRUE);

  update_loading (self);
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  PdTransactionModel *self = user_data;

  self->reload_idle = 0;
  start_generation (self, TRUE);

  return G_SOURCE_REMOVE;
}

/* The store holds fewer rows than counted: count again, but not from
 * inside get_item(), where a view does not expect the model to change. */
static void
queue_reload (PdTransactionModel *self)
{
  if (self->reload_idle == 0)
    self->reload_idle = g_idle_add (reload_idle_cb, self);
}

static void
remember_anchor (PdTransactionModel  *self,
                 guint                index,
                 const PdTransaction *last)
{
  Cursor *cursor = g_new0 (Cursor, 1);

  cursor_init_from_row (cursor, self->query, last);
  g_hash_table_replace (self->anchors, GUINT_TO_POINTER (index), cursor);
}

/* Puts the rows into the window's items; returns how many it took. */
static guint
fill_window (PdTransactionModel *self,
             guint               index,
             Window             *window,
             GPtrArray          *rows)
{
  guint start = index * PD_TRANSACTION_MODEL_WINDOW;
  guint expected = start < self->n_items ? MIN (PD_TRANSACTION_MODEL_WINDOW, self->n_items - start) : 0;
  guint n_rows = rows->len;

  if (rows->len == PD_TRANSACTION_MODEL_WINDOW)
    remember_anchor (self, index + 1, g_ptr_array_index (rows, rows->len - 1));

  g_ptr_array_set_free_func (rows, NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      PdTransaction *transaction = g_ptr_array_index (rows, i);
      const char *label = g_hash_table_lookup (self->account_labels, &transaction->account_id);

      pd_transaction_item_set_transaction (window_item (window, i), transaction, label);
    }
  g_ptr_array_set_size (rows, 0);

  /* Rows that were counted but are gone show as loading until the next
   * count. */
  for (guint i = n_rows; i < window->items->len; i++)
    pd_transaction_item_set_transaction (g_ptr_array_index (window->items, i), NULL, NULL);

  window->filled = TRUE;
  self->n_fetched += n_rows;

  if (n_rows < expected)
    queue_reload (self);

  return n_rows;
}

static void
request_window (PdTransactionModel *self,
                guint               index,
                Window             *window)
{
  Cursor *anchor = NULL;
  guint from = index;
  Job *job;

  if (window->pending || window->filled || self->first_pending)
    return;

  /* The nearest anchor at or before the window; window 0 needs none. */
  for (; from > 0; from--)
    if ((anchor = g_hash_table_lookup (self->anchors, GUINT_TO_POINTER (from))) != NULL)
      break;

  job = job_new (JOB_WINDOW, self->generation, self->query);
  job->window = index;
  job->query->limit = PD_TRANSACTION_MODEL_WINDOW;
  job->query->offset = (index - from) * PD_TRANSACTION_MODEL_WINDOW;
  if (anchor != NULL)
    query_set_cursor (job->query, anchor);
  else
    pd_query_clear_after (job->query);

  /* A window next to an anchor, in an order with an index, costs a
   * millisecond or two: it is read at once, and its rows are bound with
   * their text the first time. A search may have to bring the index up to
   * date first, which writes: it waits for the worker. */
  if (index - from <= 2 && order_is_indexed (self->query) &&
      (self->query->text == NULL || self->query->text[0] == '\0'))
    {
      g_autoptr(GPtrArray) rows = NULL;

      if (pd_store_query_transactions (self->store, job->query, &rows, NULL))
        {
          job_free (job);
          fill_window (self, index, window, rows);
          g_signal_emit (self, signals[WINDOW_LOADED], 0, index);
          return;
        }
    }

  window->pending = TRUE;
  self->n_pending++;
  push_job (self, job, TRUE);
  update_loading (self);
}

static void
set_n_items (PdTransactionModel *self,
             guint               n_items)
{
  guint old_n_items = self->n_items;

  if (n_items == old_n_items)
    return;

  self->n_items = n_items;
  if (n_items > old_n_items)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n_items, 0, n_items - old_n_items);
  else
    g_list_model_items_changed (G_LIST_MODEL (self), n_items, old_n_items - n_items, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
apply_first_rows (PdTransactionModel *self,
                  GPtrArray          *rows,
                  gboolean            counted,
                  guint64             count)
{
  guint n_items = (guint)MIN (count, G_MAXUINT);
  g_autoptr(GArray) stale = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key, value;

  self->first_pending = FALSE;
  self->counted = counted;
  g_hash_table_remove_all (self->anchors);

  /* The rows of other windows are the previous query's: windows on screen
   * are read again (their items show the old rows until then), the others
   * go. */
  g_hash_table_iter_init (&iter, self->windows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      ((Window *)value)->filled = FALSE;
      if (GPOINTER_TO_UINT (key) != 0)
        g_array_append_val (stale, (guint){ GPOINTER_TO_UINT (key) });
    }

  /* The size changes first, so that the items past its end go before the
   * first window fills the rest. */
  set_n_items (self, n_items);
  fill_window (self, 0, get_window (self, 0), rows);

  for (guint i = 0; i < stale->len; i++)
    {
      guint index = g_array_index (stale, guint, i);
      Window *window = g_hash_table_lookup (self->windows, GUINT_TO_POINTER (index));

      if (window == NULL)
        continue;
      if (index * PD_TRANSACTION_MODEL_WINDOW < self->n_items && window_in_use (window))
        request_window (self, index, window);
      else
        forget_window (self, index);
    }

  g_signal_emit (self, signals[WINDOW_LOADED], 0, 0u);
}

static void
deliver_first (PdTransactionModel *self,
               Result             *result)
{
  apply_first_rows (self, result->rows, result->counted, result->count);
}

static void
deliver_count (PdTransactionModel *self,
               Result             *result)
{
  guint n_items = (guint)MIN (result->count, G_MAXUINT);

  self->counted = TRUE;
  if (n_items > self->n_items)
    set_n_items (self, n_items);
  else if (n_items < self->n_items)
    /* Rows went away between the first window and the count. */
    queue_reload (self);
}

static void
deliver_window (PdTransactionModel *self,
                Result             *result)
{
  Window *window = g_hash_table_lookup (self->windows, GUINT_TO_POINTER (result->window));

  if (window == NULL || !window->pending)
    return;

  window->pending = FALSE;
  self->n_pending--;
  fill_window (self, result->window, window, result->rows);
  trim_windows (self);

  g_signal_emit (self, signals[WINDOW_LOADED], 0, result->window);
}

static void
deliver_anchors (PdTransactionModel *self,
                 Result             *result)
{
  for (guint i = 0; i < result->anchors->len; i++)
    {
      Anchor *anchor = &g_array_index (result->anchors, Anchor, i);
      Cursor *cursor = g_new0 (Cursor, 1);

      *cursor = anchor->cursor;
      anchor->cursor.text = NULL;
      g_hash_table_replace (self->anchors, GUINT_TO_POINTER (anchor->window), cursor);
    }
}

static gboolean
deliver (gpointer data)
{
  Result *result = data;
  g_autoptr(PdTransactionModel) self = g_weak_ref_get (&result->shared->model);

  if (self == NULL || result->generation != self->generation)
    return G_SOURCE_REMOVE;

  switch (result->kind)
    {
    case RESULT_FIRST:
      deliver_first (self, result);
      break;

    case RESULT_COUNT:
      deliver_count (self, result);
      break;

    case RESULT_WINDOW:
      deliver_window (self, result);
      break;

    case RESULT_ANCHORS:
      deliver_anchors (self, result);
      break;

    case RESULT_ERROR:
    default:
      {
        Window *window = g_hash_table_lookup (self->windows, GUINT_TO_POINTER (result->window));

        if (self->first_pending)
          set_n_items (self, 0);
        self->first_pending = FALSE;
        self->counted = TRUE;
        if (window != NULL && window->pending)
          {
            window->pending = FALSE;
            self->n_pending--;
          }
        g_signal_emit (self, signals[ERROR], 0, result->error);
      }
      break;
    }

  update_loading (self);

  return G_SOURCE_REMOVE;
}

static GType
pd_transaction_model_get_item_type (GListModel *model)
{
  return PD_TYPE_TRANSACTION_ITEM;
}

static guint
pd_transaction_model_get_n_items (GListModel *model)
{
  return PD_TRANSACTION_MODEL (model)->n_items;
}

static gpointer
pd_transaction_model_get_item (GListModel *model,
                               guint       position)
{
  PdTransactionModel *self = PD_TRANSACTION_MODEL (model);
  guint index = position / PD_TRANSACTION_MODEL_WINDOW;
  Window *window;
  PdTransactionItem *item;

  if (position >= self->n_items)
    return NULL;

  window = get_window (self, index);
  item = g_object_ref (window_item (window, position % PD_TRANSACTION_MODEL_WINDOW));

  /* While a new query's first window is on its way, anchors belong to the
   * previous query: its rows stay on screen until the new ones come. */
  request_window (self, index, window);

  return item;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = pd_transaction_model_get_item_type;
  iface->get_n_items = pd_transaction_model_get_n_items;
  iface->get_item = pd_transaction_model_get_item;
}

static void
pd_transaction_model_dispose (GObject *object)
{
  PdTransactionModel *self = (PdTransactionModel *)object;

  g_clear_handle_id (&self->reload_idle, g_source_remove);

  if (self->shared != NULL)
    {
      /* The worker ends after the read it is in, if any. */
      g_atomic_int_set (&self->shared->generation, -1);
      g_async_queue_push_front (self->shared->jobs, job_new (JOB_STOP, 0, NULL));
      g_clear_pointer (&self->shared, shared_unref);
    }

  g_hash_table_remove_all (self->windows);
  g_hash_table_remove_all (self->anchors);
  g_queue_clear (&self->recent);
  self->n_pending = 0;
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pd_transaction_model_parent_class)->dispose (object);
}

static void
pd_transaction_model_finalize (GObject *object)
{
  PdTransactionModel *self = (PdTransactionModel *)object;

  g_clear_pointer (&self->query, pd_query_free);
  g_clear_pointer (&self->account_labels, g_hash_table_unref);
  g_clear_pointer (&self->windows, g_hash_table_unref);
  g_clear_pointer (&self->anchors, g_hash_table_unref);

  G_OBJECT_CLASS (pd_transaction_model_parent_class)->finalize (object);
}

static void
pd_transaction_model_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PdTransactionModel *self = PD_TRANSACTION_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_transaction_model_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PdTransactionModel *self = PD_TRANSACTION_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_transaction_model_class_init (PdTransactionModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_transaction_model_dispose;
  object_class->finalize = pd_transaction_model_finalize;
  object_class->get_property = pd_transaction_model_get_property;
  object_class->set_property = pd_transaction_model_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         PD_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * PdTransactionModel:loading:
   *
   * Whether rows or the count of the current query are still being read,
   * or no query has been read yet.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdTransactionModel::error:
   * @self: the model
   * @error: what went wrong, in words
   *
   * The store could not be read; the model shows what it could.
   */
  signals[ERROR] =
    g_signal_new ("error",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  /**
   * PdTransactionModel::window-loaded:
   * @self: the model
   * @window: the window whose rows were read, 0 for the first rows of a
   *   new query
   *
   * Rows were filled into the items of a window.
   */
  signals[WINDOW_LOADED] =
    g_signal_new ("window-loaded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
pd_transaction_model_init (PdTransactionModel *self)
{
  self->query = pd_query_new ();
  self->counted = TRUE;
  /* Nothing is known before the first query has shown its rows: a view
   * maps, and sets its query, only once it is on screen. */
  self->first_pending = TRUE;
  self->loading = TRUE;
  self->account_labels = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->windows = g_hash_table_new_full (NULL, NULL, NULL, window_free);
  self->anchors = g_hash_table_new_full (NULL, NULL, NULL, cursor_free);
  g_queue_init (&self->recent);
}

/**
 * pd_transaction_model_new:
 * @store: the store to read
 *
 * Returns: (transfer full): a model of no rows until a query is set
 */
PdTransactionModel *
pd_transaction_model_new (PdStore *store)
{
  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  return g_object_new (PD_TYPE_TRANSACTION_MODEL,
                       "store", store,
                       NULL);
}

PdStore *
pd_transaction_model_get_store (PdTransactionModel *self)
{
  g_return_val_if_fail (PD_IS_TRANSACTION_MODEL (self), NULL);

  return self->store;
}

/**
 * pd_transaction_model_get_query:
 * @self: a model
 *
 * Returns: (transfer none): what the model lists, and in which order
 */
const PdQuery *
pd_transaction_model_get_query (PdTransactionModel *self)
{
  g_return_val_if_fail (PD_IS_TRANSACTION_MODEL (self), NULL);

  return self->query;
}

/**
 * pd_transaction_model_set_query:
 * @self: a model
 * @query: what to list and in which order; its limit, offset and cursor
 *   are ignored
 *
 * Lists the rows of @query instead, from the top, as soon as its first
 * window is read.
 */
void
pd_transaction_model_set_query (PdTransactionModel *self,
                                const PdQuery      *query)
{
  g_return_if_fail (PD_IS_TRANSACTION_MODEL (self));
  g_return_if_fail (query != NULL);

  g_clear_pointer (&self->query, pd_query_free);
  self->query = pd_query_copy (query);
  self->query->limit = 0;
  self->query->offset = 0;
  pd_query_clear_after (self->query);

  start_generation (self, FALSE);
}

/**
 * pd_transaction_model_set_accounts:
 * @self: a model
 * @accounts: (element-type PdAccount): every account
 *
 * Gives the model the names of the accounts, for its items. Rows already
 * read keep the names they had until the next reload.
 */
void
pd_transaction_model_set_accounts (PdTransactionModel *self,
                                   GPtrArray          *accounts)
{
  g_return_if_fail (PD_IS_TRANSACTION_MODEL (self));
  g_return_if_fail (accounts != NULL);

  g_hash_table_remove_all (self->account_labels);
  for (guint i = 0; i < accounts->len; i++)
    {
      const PdAccount *account = g_ptr_array_index (accounts, i);

      g_hash_table_insert (self->account_labels, g_memdup2 (&account->id, sizeof account->id),
                           g_strdup (account->label));
    }
}

/**
 * pd_transaction_model_reload:
 * @self: a model
 *
 * Reads the query again after the store changed. The rows on screen stay
 * until the new ones are read; then views hear of it in one items-changed.
 */
void
pd_transaction_model_reload (PdTransactionModel *self)
{
  g_return_if_fail (PD_IS_TRANSACTION_MODEL (self));

  start_generation (self, TRUE);
}

/**
 * pd_transaction_model_get_loading:
 * @self: a model
 *
 * Returns: whether rows or the count are still being read
 */
gboolean
pd_transaction_model_get_loading (PdTransactionModel *self)
{
  g_return_val_if_fail (PD_IS_TRANSACTION_MODEL (self), FALSE);

  return self->loading;
}

/**
 * pd_transaction_model_get_counted:
 * @self: a model
 *
 * Returns: whether the number of items is the query's count, rather than
 *   the rows of the first window while the count is on its way
 */
gboolean
pd_transaction_model_get_counted (PdTransactionModel *self)
{
  g_return_val_if_fail (PD_IS_TRANSACTION_MODEL (self), FALSE);

  return self->counted && !self->first_pending;
}

/**
 * pd_transaction_model_get_n_fetched:
 * @self: a model
 *
 * Returns: how many rows the model has taken from the store so far, the
 *   background walk for anchors left out
 */
guint64
pd_transaction_model_get_n_fetched (PdTransactionModel *self)
{
  g_return_val_if_fail (PD_IS_TRANSACTION_MODEL (self), 0);

  return self->n_fetched;
}

/**
 * pd_transaction_model_get_n_cached:
 * @self: a model
 *
 * Returns: how many rows the model holds now
 */
guint
pd_transaction_model_get_n_cached (PdTransactionModel *self)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_return_val_if_fail (PD_IS_TRANSACTION_MODEL (self), 0);

  g_hash_table_iter_init (&iter, self->windows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Window *)value)->filled)
      n += ((Window *)value)->items->len;

  return n;
}

/**
 * pd_transaction_model_get_n_anchors:
 * @self: a model
 *
 * Returns: how many windows can be read without an OFFSET
 */
guint
pd_transaction_model_get_n_anchors (PdTransactionModel *self)
{
  g_return_val_if_fail (PD_IS_TRANSACTION_MODEL (self), 0);

  return g_hash_table_size (self->anchors);
}

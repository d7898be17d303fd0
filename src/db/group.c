/* Group commit (db.h: db_tx_grouped). One queue per group. A batch is the
 * front of the queue run in one BEGIN IMMEDIATE transaction (an item
 * that fails is undone alone: see run_batch) and committed once; then its callers are woken (or,
 * for items queued by db_tx_grouped_async, told). The process-wide group
 * has one writer thread that runs every batch on the one writer
 * connection; other groups are led by whichever caller finds no batch
 * being written. The queue is FIFO and a batch is capped, so a flood
 * cannot keep anyone waiting for ever. */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>

#include "core/log.h"
#include "db/db.h"
#include "db/db_internal.h"

#define GROUP_MAX_BATCH 1024

struct group_item {
	db_tx_fn fn;
	void *ctx;
	db_done_fn done_fn; /* queued by db_tx_grouped_async: told, then freed */
	void *done_ctx;
	enum db_status status;
	bool settled;   /* failed on its own: not run again when the batch restarts */
	bool done;      /* status is final; the caller may return */
	struct group_item *next;
};

struct db_group {
	pthread_mutex_t lock;
	pthread_cond_t wake;  /* waiting callers: a batch finished */
	pthread_cond_t work;  /* the writer thread: items are queued */
	struct group_item *head, **tail;
	bool writing;
	/* The process-wide group has a thread of its own that writes every
	 * batch, so that callers need not wait (db_tx_grouped_async); groups
	 * from db_group_new() are led by one of their callers. */
	bool own_thread, thread_running, stopping;
	pthread_t thread;
	struct db_group_stats stats;
	/* the writer's spare-time work (db_group_set_idle), and whether it
	 * may have something to do: set after every batch */
	db_idle_fn idle;
	bool idle_more;
	uint64_t queued; /* items in the queue */
};

static struct db_group shared = {
	PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER,
	NULL, &shared.head, false, true, false, false, 0, { 0 }, NULL, false, 0,
};

/* The size of the batch this thread is running, for its items to see. */
static _Thread_local uint64_t running_batch;

uint64_t db_group_batch_size(void)
{
	return running_batch;
}

uint64_t db_group_waiting(void)
{
	pthread_mutex_lock(&shared.lock);
	uint64_t n = shared.queued;
	pthread_mutex_unlock(&shared.lock);
	return n;
}

void db_group_set_idle(db_idle_fn fn)
{
	pthread_mutex_lock(&shared.lock);
	shared.idle = fn;
	shared.idle_more = fn != NULL;
	if (shared.thread_running)
		pthread_cond_signal(&shared.work);
	pthread_mutex_unlock(&shared.lock);
}

struct db_group *db_group_new(void)
{
	struct db_group *g = calloc(1, sizeof *g);
	if (g == NULL)
		abort();
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->wake, NULL);
	pthread_cond_init(&g->work, NULL);
	g->tail = &g->head;
	return g;
}

void db_group_free(struct db_group *g)
{
	if (g == NULL || g == &shared)
		return;
	pthread_cond_destroy(&g->work);
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
	free(g);
}

void db_group_stats(struct db_group *g, struct db_group_stats *out)
{
	if (g == NULL)
		g = &shared;
	pthread_mutex_lock(&g->lock);
	*out = g->stats;
	pthread_mutex_unlock(&g->lock);
}

static void backoff(void)
{
	struct timespec ts = { 0, (long)(5 + (rand() % 20)) * 1000000L };
	nanosleep(&ts, NULL);
}

static void settle_rest(struct group_item *batch, enum db_status s)
{
	for (struct group_item *it = batch; it; it = it->next)
		if (!it->settled)
			it->status = s;
}

/* Runs the batch; every item gets its status. Items rarely fail, so the
 * first pass runs them bare, one after another: a savepoint per item costs
 * as much as the item (full-text tables flush at every savepoint). When an
 * item fails, the transaction is rolled back, that item keeps its status,
 * and the rest run again, now each in its own SAVEPOINT so that a later
 * failure is undone alone. */
static void run_batch(struct db *db, struct group_item *batch)
{
	int busy = 0;
	bool isolate = false;
	for (;;) {
		enum db_status s = db_exec(db, "BEGIN IMMEDIATE", DB_NOARGS);
		if (s == DB_BUSY && ++busy < 5) {
			backoff();
			continue;
		}
		if (s != DB_OK) {
			settle_rest(batch, s);
			return;
		}
		bool restart = false;
		for (struct group_item *it = batch; it && !restart; it = it->next) {
			if (it->settled)
				continue;
			if (isolate && (s = db_exec(db, "SAVEPOINT db_group_item", DB_NOARGS)) != DB_OK) {
				/* cannot isolate items: the batch as a whole fails */
				db_exec(db, "ROLLBACK", DB_NOARGS);
				settle_rest(batch, s);
				return;
			}
			enum db_status r = it->fn(db, it->ctx);
			if (r == DB_OK &&
			    (!isolate || db_exec(db, "RELEASE db_group_item", DB_NOARGS) == DB_OK)) {
				it->status = DB_OK;
				continue;
			}
			it->status = r == DB_OK ? DB_ERROR : r;
			it->settled = true;
			/* Undo this item alone. Without a savepoint, or when an
			 * error (I/O, disk full) made SQLite roll the whole
			 * transaction back, the items before it are undone too
			 * and the batch runs again without the one that failed. */
			if (!isolate || !db_in_tx(db) ||
			    db_exec(db, "ROLLBACK TO db_group_item", DB_NOARGS) != DB_OK ||
			    db_exec(db, "RELEASE db_group_item", DB_NOARGS) != DB_OK)
				restart = true;
		}
		if (restart) {
			if (db_in_tx(db))
				db_exec(db, "ROLLBACK", DB_NOARGS);
			isolate = true;
			continue; /* each restart settles one more item: this ends */
		}
		s = db_exec(db, "COMMIT", DB_NOARGS);
		if (s == DB_OK)
			return;
		if (db_in_tx(db))
			db_exec(db, "ROLLBACK", DB_NOARGS);
		if (s == DB_BUSY && ++busy < 5) {
			backoff();
			continue;
		}
		log_error("database: a grouped commit of a batch failed");
		for (struct group_item *it = batch; it; it = it->next)
			if (it->status == DB_OK)
				it->status = s;
		return;
	}
}

/* With the lock held: the first GROUP_MAX_BATCH queued items, taken off
 * the queue; *n is how many. */
static struct group_item *take_batch(struct db_group *g, uint64_t *n)
{
	struct group_item *batch = g->head, *last = batch;
	*n = 1;
	while (last->next && *n < GROUP_MAX_BATCH) {
		last = last->next;
		(*n)++;
	}
	g->head = last->next;
	if (g->head == NULL)
		g->tail = &g->head;
	last->next = NULL;
	g->writing = true;
	g->queued -= *n;
	return batch;
}

/* With the lock held: counts the batch, releases its waiting callers and
 * answers the items queued without a caller waiting: those are returned,
 * to be told once the lock is let go. */
static struct group_item *finish_batch(struct db_group *g, struct group_item *batch, uint64_t n)
{
	g->stats.batches++;
	g->stats.items += n;
	if (n > g->stats.largest)
		g->stats.largest = n;
	struct group_item *to_tell = NULL;
	for (struct group_item *it = batch, *next; it; it = next) {
		next = it->next; /* `it` may be gone once done is seen */
		if (it->status != DB_OK)
			g->stats.failed_items++;
		if (it->done_fn) {
			it->next = to_tell;
			to_tell = it;
		} else {
			it->done = true;
		}
	}
	g->writing = false;
	pthread_cond_broadcast(&g->wake);
	return to_tell;
}

static void tell(struct group_item *list)
{
	for (struct group_item *it = list, *next; it; it = next) {
		next = it->next;
		it->done_fn(it->done_ctx, it->status);
		free(it);
	}
}

/* The process-wide group's writer: every batch on the one writer
 * connection, until asked to stop with nothing left queued. */
static void *writer_main(void *p)
{
	struct db_group *g = p;
	struct db *w = db_shared_writer();
	pthread_mutex_lock(&g->lock);
	for (;;) {
		while (g->head == NULL && !g->stopping) {
			if (g->idle && g->idle_more && w != NULL) {
				/* nothing queued: spare time for deferred work, one
				 * short transaction at a time, so a new batch waits
				 * for at most one of them */
				db_idle_fn idle = g->idle;
				pthread_mutex_unlock(&g->lock);
				bool more = idle(w);
				pthread_mutex_lock(&g->lock);
				g->idle_more = more;
				continue;
			}
			pthread_cond_wait(&g->work, &g->lock);
		}
		if (g->head == NULL)
			break;
		uint64_t n;
		struct group_item *batch = take_batch(g, &n);
		pthread_mutex_unlock(&g->lock);
		running_batch = n;
		if (w != NULL)
			run_batch(w, batch);
		else
			settle_rest(batch, DB_ERROR);
		running_batch = 0;
		pthread_mutex_lock(&g->lock);
		g->idle_more = g->idle != NULL;
		struct group_item *to_tell = finish_batch(g, batch, n);
		pthread_mutex_unlock(&g->lock);
		tell(to_tell);
		pthread_mutex_lock(&g->lock);
	}
	/* from here on, enqueue() refuses (stopping) instead of queueing
	 * items nobody would write */
	g->thread_running = false;
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

/* The writer takes no signals: a process that waits for its stop signals
 * on one thread (sanctuary serve) must not have them land here. */
static bool start_writer(struct db_group *g)
{
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	bool ok = pthread_create(&g->thread, NULL, writer_main, g) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	g->thread_running = ok;
	return ok;
}

/* With the lock held: queue the item, starting the writer if needed. */
static bool enqueue(struct db_group *g, struct group_item *it)
{
	if (g->own_thread && !g->thread_running && (g->stopping || !start_writer(g)))
		return false;
	*g->tail = it;
	g->tail = &it->next;
	g->queued++;
	if (g->own_thread)
		pthread_cond_signal(&g->work);
	return true;
}

void db_group_start_writer(void)
{
	pthread_mutex_lock(&shared.lock);
	if (!shared.thread_running && !shared.stopping)
		start_writer(&shared);
	pthread_mutex_unlock(&shared.lock);
}

void db_group_stop_writer(void)
{
	struct db_group *g = &shared;
	pthread_mutex_lock(&g->lock);
	bool running = g->thread_running;
	g->stopping = true;
	pthread_cond_signal(&g->work);
	pthread_mutex_unlock(&g->lock);
	if (running)
		pthread_join(g->thread, NULL);
	pthread_mutex_lock(&g->lock);
	g->stopping = false; /* a later db_open_global() may start it again */
	pthread_mutex_unlock(&g->lock);
}

bool db_tx_grouped_async(db_tx_fn fn, void *ctx, db_done_fn done, void *done_ctx)
{
	if (!db_have_global() || done == NULL)
		return false;
	struct group_item *it = calloc(1, sizeof *it);
	if (it == NULL)
		abort();
	*it = (struct group_item){ .fn = fn, .ctx = ctx, .done_fn = done, .done_ctx = done_ctx };
	pthread_mutex_lock(&shared.lock);
	bool queued = enqueue(&shared, it);
	pthread_mutex_unlock(&shared.lock);
	if (!queued)
		free(it);
	return queued;
}

enum db_status db_tx_grouped(struct db *db, struct db_group *g, db_tx_fn fn, void *ctx)
{
	if (db == NULL || db_in_tx(db))
		return DB_ERROR;
	if (g == NULL) {
		/* no global database: nothing to share, the caller's connection writes */
		if (!db_have_global())
			return db_tx(db, fn, ctx);
		g = &shared;
	}
	struct group_item mine = { .fn = fn, .ctx = ctx, .status = DB_OK };
	pthread_mutex_lock(&g->lock);
	if (!enqueue(g, &mine)) {
		pthread_mutex_unlock(&g->lock);
		return DB_ERROR;
	}
	while (!mine.done) {
		if (g->own_thread || g->writing) {
			pthread_cond_wait(&g->wake, &g->lock);
			continue;
		}
		/* lead: take up to GROUP_MAX_BATCH items from the front */
		uint64_t n;
		struct group_item *batch = take_batch(g, &n);
		pthread_mutex_unlock(&g->lock);
		running_batch = n;
		run_batch(db, batch);
		running_batch = 0;
		pthread_mutex_lock(&g->lock);
		finish_batch(g, batch, n); /* such groups take no asynchronous items */
	}
	pthread_mutex_unlock(&g->lock);
	return mine.status;
}

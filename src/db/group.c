/* Group commit (db.h: db_tx_grouped). One queue per group; whoever finds
 * no batch being written leads: it takes the queue, runs every item in one
 * BEGIN IMMEDIATE transaction (each in its own SAVEPOINT), commits once
 * and wakes the waiters. The queue is FIFO and a batch is capped, so a
 * flood cannot make one leader's request wait for ever. */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "core/log.h"
#include "db/db.h"
#include "db/db_internal.h"

#define GROUP_MAX_BATCH 1024

struct group_item {
	db_tx_fn fn;
	void *ctx;
	enum db_status status;
	bool settled;   /* failed on its own: not run again when the batch restarts */
	bool done;      /* status is final; the caller may return */
	struct group_item *next;
};

struct db_group {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct group_item *head, **tail;
	bool writing;
	struct db_group_stats stats;
};

static struct db_group shared = {
	PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, &shared.head, false, { 0 },
};

struct db_group *db_group_new(void)
{
	struct db_group *g = calloc(1, sizeof *g);
	if (g == NULL)
		abort();
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->wake, NULL);
	g->tail = &g->head;
	return g;
}

void db_group_free(struct db_group *g)
{
	if (g == NULL || g == &shared)
		return;
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

/* Runs the batch on the leader's connection; every item gets its status. */
static void run_batch(struct db *db, struct group_item *batch)
{
	int busy = 0;
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
			s = db_exec(db, "SAVEPOINT db_group_item", DB_NOARGS);
			if (s != DB_OK) {
				/* cannot isolate items: the batch as a whole fails */
				db_exec(db, "ROLLBACK", DB_NOARGS);
				settle_rest(batch, s);
				return;
			}
			enum db_status r = it->fn(db, it->ctx);
			if (r == DB_OK && db_exec(db, "RELEASE db_group_item", DB_NOARGS) == DB_OK) {
				it->status = DB_OK;
				continue;
			}
			it->status = r == DB_OK ? DB_ERROR : r;
			it->settled = true;
			/* Undo this item alone. Some errors (I/O, disk full) make
			 * SQLite roll the whole transaction back: then the items
			 * before it are lost too and the batch runs again without
			 * the one that failed. */
			if (!db_in_tx(db) ||
			    db_exec(db, "ROLLBACK TO db_group_item", DB_NOARGS) != DB_OK ||
			    db_exec(db, "RELEASE db_group_item", DB_NOARGS) != DB_OK)
				restart = true;
		}
		if (restart) {
			if (db_in_tx(db))
				db_exec(db, "ROLLBACK", DB_NOARGS);
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

enum db_status db_tx_grouped(struct db *db, struct db_group *g, db_tx_fn fn, void *ctx)
{
	if (db == NULL || db_in_tx(db))
		return DB_ERROR;
	if (g == NULL)
		g = &shared;
	struct group_item mine = { fn, ctx, DB_OK, false, false, NULL };
	pthread_mutex_lock(&g->lock);
	*g->tail = &mine;
	g->tail = &mine.next;
	while (!mine.done) {
		if (g->writing) {
			pthread_cond_wait(&g->wake, &g->lock);
			continue;
		}
		/* lead: take up to GROUP_MAX_BATCH items from the front */
		struct group_item *batch = g->head, *last = batch;
		uint64_t n = 1;
		while (last->next && n < GROUP_MAX_BATCH) {
			last = last->next;
			n++;
		}
		g->head = last->next;
		if (g->head == NULL)
			g->tail = &g->head;
		last->next = NULL;
		g->writing = true;
		pthread_mutex_unlock(&g->lock);

		/* the shared group writes on its one writer connection */
		struct db *w = g == &shared ? db_shared_writer() : NULL;
		run_batch(w ? w : db, batch);

		pthread_mutex_lock(&g->lock);
		g->stats.batches++;
		g->stats.items += n;
		if (n > g->stats.largest)
			g->stats.largest = n;
		for (struct group_item *it = batch, *next; it; it = next) {
			next = it->next; /* `it` may be gone once done is seen */
			if (it->status != DB_OK)
				g->stats.failed_items++;
			it->done = true;
		}
		g->writing = false;
		pthread_cond_broadcast(&g->wake);
	}
	pthread_mutex_unlock(&g->lock);
	return mine.status;
}

/* Group commit (db_tx_grouped): concurrent writers share one transaction
 * and one fsync; an item that fails is rolled back alone; every item whose
 * call returned DB_OK is on disk, even when the process is killed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"

static char dir[] = "/tmp/sanctuary-unit-group-XXXXXX";
static char path[256];

static int setup(void **state)
{
	(void)state;
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof path, "%s/g.db", dir);
	struct db *db = db_open(path);
	if (db == NULL)
		return -1;
	enum db_status s = db_exec_script(db,
		"CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL UNIQUE, side INTEGER);"
		"CREATE TABLE counter (n INTEGER NOT NULL); INSERT INTO counter VALUES (0);");
	db_close(db);
	return s == DB_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void reset(void)
{
	struct db *db = db_open(path);
	assert_int_equal(db_exec_script(db, "DELETE FROM t; UPDATE counter SET n = 0; INSERT INTO t (v) VALUES (-1);"), DB_OK);
	db_close(db);
}

/* An item: a row with value v, the counter moved, and (bad) then a second
 * row with a value already taken, so the item fails with DB_CONFLICT after
 * it has written — its first row and its counter step must vanish. */
struct item {
	int64_t v;
	bool bad;
	int64_t got_id;
};

static enum db_status item_fn(struct db *db, void *p)
{
	struct item *it = p;
	if (db_exec(db, "INSERT INTO t (v) VALUES (?)", DB_ARGS(DB_INT(it->v))) != DB_OK)
		return DB_ERROR;
	it->got_id = db_last_id(db);
	if (db_exec(db, "UPDATE counter SET n = n + 1", DB_NOARGS) != DB_OK)
		return DB_ERROR;
	if (it->bad)
		return db_exec(db, "INSERT INTO t (v) VALUES (-1)", DB_NOARGS) == DB_OK ? DB_ERROR : DB_CONFLICT;
	return DB_OK;
}

static int64_t count_where(struct db *db, const char *sql, int64_t v)
{
	int64_t n = -1;
	assert_int_equal(db_get_int(db, sql, DB_ARGS(DB_INT(v)), &n), DB_OK);
	return n;
}

#define THREADS 24
#define PER_THREAD 150

struct worker {
	struct db_group *g;
	int n;
	enum db_status status[PER_THREAD];
};

static void *worker_main(void *p)
{
	struct worker *w = p;
	struct db *db = db_open(path); /* its own connection, as a server thread */
	for (int i = 0; i < PER_THREAD; i++) {
		/* every seventh item fails */
		struct item it = { .v = (int64_t)w->n * 100000 + i + 1, .bad = (i % 7) == 3 };
		w->status[i] = db_tx_grouped(db, w->g, item_fn, &it);
	}
	db_close(db);
	return NULL;
}

static void many_threads_share_commits(void **state)
{
	(void)state;
	reset();
	struct db_group *g = db_group_new();
	static struct worker w[THREADS];
	pthread_t th[THREADS];
	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct worker){ .g = g, .n = i };
		assert_int_equal(pthread_create(&th[i], NULL, worker_main, &w[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);

	struct db *db = db_open(path);
	int64_t ok = 0;
	for (int t = 0; t < THREADS; t++)
		for (int i = 0; i < PER_THREAD; i++) {
			int64_t v = (int64_t)t * 100000 + i + 1;
			bool bad = (i % 7) == 3;
			/* each item got its own answer: the bad ones alone failed */
			assert_int_equal(w[t].status[i], bad ? DB_CONFLICT : DB_OK);
			assert_int_equal(count_where(db, "SELECT COUNT(*) FROM t WHERE v = ?", v), bad ? 0 : 1);
			ok += !bad;
		}
	assert_int_equal(count_where(db, "SELECT COUNT(*) FROM t WHERE v > ?", 0), ok);
	assert_int_equal(count_where(db, "SELECT n FROM counter WHERE ? = 1", 1), ok);
	db_close(db);

	struct db_group_stats st;
	db_group_stats(g, &st);
	assert_int_equal(st.items, THREADS * PER_THREAD);
	assert_int_equal(st.failed_items, THREADS * PER_THREAD - ok);
	/* the point: far fewer commits than items */
	assert_true(st.largest > 1);
	assert_true(st.batches < st.items / 2);
	print_message("group commit: %llu items in %llu batches, largest %llu\n",
	              (unsigned long long)st.items, (unsigned long long)st.batches,
	              (unsigned long long)st.largest);
	db_group_free(g);
}

/* A deterministic batch: the first leader is held inside its item while a
 * good and a bad item queue up; they then commit together, as one batch,
 * and only the bad one fails. */
static pthread_mutex_t hold_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hold_cond = PTHREAD_COND_INITIALIZER;
static bool holding, released;

static enum db_status held_fn(struct db *db, void *p)
{
	pthread_mutex_lock(&hold_lock);
	holding = true;
	pthread_cond_broadcast(&hold_cond);
	while (!released)
		pthread_cond_wait(&hold_cond, &hold_lock);
	pthread_mutex_unlock(&hold_lock);
	return item_fn(db, p);
}

struct one {
	struct db_group *g;
	struct item it;
	db_tx_fn fn;
	enum db_status status;
};

static void *one_main(void *p)
{
	struct one *o = p;
	struct db *db = db_open(path);
	o->status = db_tx_grouped(db, o->g, o->fn, &o->it);
	db_close(db);
	return NULL;
}

static void failing_item_does_not_fail_its_batch(void **state)
{
	(void)state;
	reset();
	struct db_group *g = db_group_new();
	struct one first = { g, { .v = 1 }, held_fn, DB_ERROR };
	struct one good = { g, { .v = 2 }, item_fn, DB_ERROR };
	struct one bad = { g, { .v = 3, .bad = true }, item_fn, DB_OK };
	struct one good2 = { g, { .v = 4 }, item_fn, DB_ERROR };
	pthread_t t0, t[3];
	pthread_create(&t0, NULL, one_main, &first);
	pthread_mutex_lock(&hold_lock);
	while (!holding)
		pthread_cond_wait(&hold_cond, &hold_lock);
	pthread_mutex_unlock(&hold_lock);
	/* in this order, so the bad item sits between two good ones */
	struct one *rest[3] = { &good, &bad, &good2 };
	for (int i = 0; i < 3; i++) {
		pthread_create(&t[i], NULL, one_main, rest[i]);
		struct timespec ts = { 0, 100 * 1000000L };
		nanosleep(&ts, NULL);
	}
	pthread_mutex_lock(&hold_lock);
	released = true;
	pthread_cond_broadcast(&hold_cond);
	pthread_mutex_unlock(&hold_lock);
	pthread_join(t0, NULL);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);

	assert_int_equal(first.status, DB_OK);
	assert_int_equal(good.status, DB_OK);
	assert_int_equal(bad.status, DB_CONFLICT);
	assert_int_equal(good2.status, DB_OK);
	struct db_group_stats st;
	db_group_stats(g, &st);
	assert_int_equal(st.batches, 2);
	assert_int_equal(st.largest, 3);
	assert_int_equal(st.failed_items, 1);
	struct db *db = db_open(path);
	assert_int_equal(count_where(db, "SELECT COUNT(*) FROM t WHERE v IN (1, 2, 4) AND ? = 1", 1), 3);
	assert_int_equal(count_where(db, "SELECT COUNT(*) FROM t WHERE v = ?", 3), 0);
	assert_int_equal(count_where(db, "SELECT n FROM counter WHERE ? = 1", 1), 3);
	db_close(db);
	/* the caller's connection inside a transaction is refused */
	db = db_open(path);
	assert_int_equal(db_exec(db, "BEGIN", DB_NOARGS), DB_OK);
	struct item it = { .v = 5 };
	assert_int_equal(db_tx_grouped(db, g, item_fn, &it), DB_ERROR);
	db_exec(db, "ROLLBACK", DB_NOARGS);
	/* and the shared group (NULL) works like any other */
	assert_int_equal(db_tx_grouped(db, NULL, item_fn, &it), DB_OK);
	assert_int_equal(count_where(db, "SELECT COUNT(*) FROM t WHERE v = ?", 5), 1);
	db_close(db);
	db_group_free(g);
}

/* Killed mid-flood: every value acknowledged (written to the pipe after
 * db_tx_grouped returned DB_OK) is in the database afterwards. */
static int ack_fd = -1;
static char ack_path[300];

static void *flood_main(void *p)
{
	int n = (int)(intptr_t)p;
	struct db *db = db_thread();
	for (int64_t i = 1;; i++) {
		struct item it = { .v = 1000000 + (int64_t)n * 1000000 + i };
		if (db_tx_grouped(db, NULL, item_fn, &it) == DB_OK &&
		    write(ack_fd, &it.v, sizeof it.v) != (ssize_t)sizeof it.v)
			_exit(3);
	}
	return NULL;
}

static void acknowledged_items_survive_sigkill(void **state)
{
	(void)state;
	reset();
	/* acknowledgements go to a file: it outlives the killed process */
	snprintf(ack_path, sizeof ack_path, "%s/acks", dir);
	int fd = open(ack_path, O_CREAT | O_TRUNC | O_WRONLY | O_APPEND, 0600);
	assert_true(fd >= 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		ack_fd = fd;
		/* the shared group then writes on its own writer connection */
		if (db_open_global(path) != DB_OK)
			_exit(4);
		pthread_t th[12];
		for (int i = 0; i < 12; i++)
			pthread_create(&th[i], NULL, flood_main, (void *)(intptr_t)i);
		pause();
		_exit(0);
	}
	close(fd);
	struct timespec ts = { 0, 700 * 1000000L };
	nanosleep(&ts, NULL);
	kill(pid, SIGKILL);
	int status;
	waitpid(pid, &status, 0);
	assert_true(WIFSIGNALED(status));
	int64_t v, acked = 0;
	struct db *db = db_open(path);
	fd = open(ack_path, O_RDONLY);
	assert_true(fd >= 0);
	while (read(fd, &v, sizeof v) == (ssize_t)sizeof v) {
		assert_int_equal(count_where(db, "SELECT COUNT(*) FROM t WHERE v = ?", v), 1);
		acked++;
	}
	close(fd);
	assert_true(acked > 0);
	assert_true(db_integrity_ok(db));
	print_message("killed after %lld acknowledged items: all on disk\n", (long long)acked);
	db_close(db);
}

/* Queued without waiting (db_tx_grouped_async, what a parked request
 * uses): the call returns at once; each item is told its own outcome on
 * the writer thread after its batch committed, and a failing one is undone
 * alone. Without a global database nothing is queued. */
#define ASYNC_ITEMS 600

struct async_tally {
	pthread_mutex_t lock;
	pthread_cond_t all_told;
	int told, ok, failed;
	bool on_caller_thread;
	pthread_t caller;
};

struct async_item {
	struct item it;
	struct async_tally *tally;
	enum db_status status;
};

static enum db_status async_fn(struct db *db, void *p)
{
	return item_fn(db, &((struct async_item *)p)->it);
}

static void async_done(void *p, enum db_status status)
{
	struct async_item *ai = p;
	struct async_tally *t = ai->tally;
	pthread_mutex_lock(&t->lock);
	ai->status = status;
	t->told++;
	if (status == DB_OK)
		t->ok++;
	else
		t->failed++;
	if (pthread_equal(pthread_self(), t->caller))
		t->on_caller_thread = true;
	if (t->told == ASYNC_ITEMS)
		pthread_cond_signal(&t->all_told);
	pthread_mutex_unlock(&t->lock);
}

static void queued_items_are_told_after_their_commit(void **state)
{
	(void)state;
	reset();
	db_close_global();
	struct item probe = { .v = 7 };
	assert_false(db_tx_grouped_async(async_fn, &probe, async_done, NULL));
	assert_int_equal(db_open_global(path), DB_OK);
	struct async_tally t = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, false,
	                         pthread_self() };
	struct async_item *items = calloc(ASYNC_ITEMS, sizeof *items);
	for (int i = 0; i < ASYNC_ITEMS; i++) {
		items[i] = (struct async_item){ .it = { .v = 500000 + i, .bad = (i % 50) == 10 },
		                                .tally = &t, .status = DB_BUSY };
		assert_true(db_tx_grouped_async(async_fn, &items[i], async_done, &items[i]));
	}
	pthread_mutex_lock(&t.lock);
	while (t.told < ASYNC_ITEMS)
		pthread_cond_wait(&t.all_told, &t.lock);
	pthread_mutex_unlock(&t.lock);
	assert_false(t.on_caller_thread);
	assert_int_equal(t.failed, ASYNC_ITEMS / 50);
	assert_int_equal(t.ok, ASYNC_ITEMS - ASYNC_ITEMS / 50);
	struct db *db = db_open(path);
	for (int i = 0; i < ASYNC_ITEMS; i++) {
		bool bad = (i % 50) == 10;
		assert_int_equal(items[i].status, bad ? DB_CONFLICT : DB_OK);
		assert_int_equal(count_where(db, "SELECT COUNT(*) FROM t WHERE v = ?", 500000 + i), bad ? 0 : 1);
	}
	/* the counter moved once per item that committed, never for a failed one */
	assert_int_equal(count_where(db, "SELECT n + ? FROM counter", 0), ASYNC_ITEMS - ASYNC_ITEMS / 50);
	struct db_group_stats st;
	db_group_stats(NULL, &st);
	assert_true(st.batches < (uint64_t)ASYNC_ITEMS); /* they shared commits */
	print_message("%d queued items in %llu commits\n", ASYNC_ITEMS, (unsigned long long)st.batches);
	db_close(db);
	db_close_global();
	free(items);
}

/* Spare-time work (db_group_set_idle): the writer runs it, in its own
 * transactions on the writer's connection, while nothing is queued and
 * until it says it is done; items see the size of their batch. */
static atomic_int idle_calls;
static atomic_bool idle_trouble; /* checked on the test's thread: no cmocka asserts on the writer */

static enum db_status idle_row_tx(struct db *db, void *p)
{
	return db_exec(db, "INSERT INTO t (v) VALUES (?)", DB_ARGS(DB_INT(*(int64_t *)p)));
}

static bool idle_fn(struct db *writer)
{
	int64_t v = 900000 + atomic_fetch_add(&idle_calls, 1);
	if (db_group_batch_size() != 0 || db_tx(writer, idle_row_tx, &v) != DB_OK) /* not inside a batch */
		atomic_store(&idle_trouble, true);
	return v < 900004; /* five rows, then done */
}

static enum db_status batch_size_fn(struct db *db, void *p)
{
	(void)db;
	*(uint64_t *)p = db_group_batch_size();
	return DB_OK;
}

static void spare_time_work_runs_when_nothing_is_queued(void **state)
{
	(void)state;
	reset();
	assert_int_equal(db_open_global(path), DB_OK);
	db_group_set_idle(idle_fn);
	struct db *db = db_open(path);
	for (int tries = 0; tries < 500 && count_where(db, "SELECT COUNT(*) + ? FROM t WHERE v >= 900000", 0) < 5;
	     tries++)
		usleep(10000);
	assert_int_equal(count_where(db, "SELECT COUNT(*) + ? FROM t WHERE v >= 900000", 0), 5);
	assert_int_equal(atomic_load(&idle_calls), 5);
	/* a lone item is a batch of one; after it the work is asked again */
	uint64_t seen = 99;
	assert_int_equal(db_tx_grouped(db, NULL, batch_size_fn, &seen), DB_OK);
	assert_int_equal(seen, 1);
	assert_int_equal(db_group_batch_size(), 0);
	for (int tries = 0; tries < 500 && atomic_load(&idle_calls) < 6; tries++)
		usleep(10000);
	assert_int_equal(atomic_load(&idle_calls), 6);
	assert_false(atomic_load(&idle_trouble));
	assert_int_equal(db_group_waiting(), 0);
	db_group_set_idle(NULL);
	db_close(db);
	db_close_global();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(many_threads_share_commits),
		cmocka_unit_test(failing_item_does_not_fail_its_batch),
		cmocka_unit_test(queued_items_are_told_after_their_commit),
		cmocka_unit_test(spare_time_work_runs_when_nothing_is_queued),
		cmocka_unit_test(acknowledged_items_survive_sigkill),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

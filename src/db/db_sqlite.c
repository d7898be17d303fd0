/* The SQLite backend of db.h.
 *
 * Settings (checked at open): journal_mode=WAL so readers never block the
 * writer; synchronous=FULL so an acknowledged commit survives power loss;
 * foreign_keys=ON; busy_timeout=5000; secure_delete=ON so deleted personal
 * data is overwritten on disk rather than left in free pages. */
#include "db/db.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/log.h"
#include "db/db_internal.h"

#define STMT_CACHE 128

struct cached_stmt {
	char *sql;       /* our own copy: callers may build SQL from constant parts */
	uint32_t hash;
	sqlite3_stmt *stmt;
};

struct db {
	sqlite3 *handle;
	struct cached_stmt cache[STMT_CACHE];
	size_t cached;
	struct db *next_open; /* registry of per-thread connections */
};

struct db_rows {
	struct db *db;
	sqlite3_stmt *stmt;
	bool owned;      /* finalize at done (not from the cache) */
	int last;        /* last sqlite3_step result */
};

static char *global_path;
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct db *registry;
static _Thread_local struct db *thread_db;
static struct db *writer;      /* db_shared_writer() */
static char *writer_path;

static enum db_status status_of(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return DB_OK;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_BUSY;
	case SQLITE_CONSTRAINT:
		return DB_CONFLICT;
	default:
		return DB_ERROR;
	}
}

static bool run_pragma(sqlite3 *h, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(h, sql, NULL, NULL, &err) != SQLITE_OK) {
		log_error("database: %s: %s", sql, err ? err : "?");
		sqlite3_free(err);
		return false;
	}
	return true;
}

/* Before the first connection: no global memory statistics, which SQLite
 * otherwise keeps under a process-wide mutex on every allocation. */
static void configure_once(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

struct db *db_open(const char *path)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, configure_once);
	sqlite3 *h = NULL;
	int rc = sqlite3_open_v2(path, &h,
	                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                         NULL);
	if (rc != SQLITE_OK) {
		log_error("database: cannot open: %s", h ? sqlite3_errmsg(h) : "out of memory");
		sqlite3_close(h);
		return NULL;
	}
	sqlite3_busy_timeout(h, 5000);
	sqlite3_extended_result_codes(h, 1);
	if (!run_pragma(h, "PRAGMA journal_mode=WAL") ||
	    !run_pragma(h, "PRAGMA synchronous=FULL") ||
	    !run_pragma(h, "PRAGMA foreign_keys=ON") ||
	    !run_pragma(h, "PRAGMA secure_delete=ON") ||
	    !run_pragma(h, "PRAGMA temp_store=MEMORY") ||
	    !run_pragma(h, "PRAGMA trusted_schema=OFF") ||
	    /* 8 MiB per connection (one per thread): the people list's
	     * indexes stay cached instead of being read again every request */
	    !run_pragma(h, "PRAGMA cache_size=-8192") ||
	    /* reads through a shared mapping instead of a copy per page: the
	     * mapped pages are the kernel's page cache, shared by every
	     * connection, not memory of our own */
	    !run_pragma(h, "PRAGMA mmap_size=1073741824")) {
		sqlite3_close(h);
		return NULL;
	}
	struct db *db = calloc(1, sizeof *db);
	if (db == NULL)
		abort();
	db->handle = h;
	return db;
}

void db_close(struct db *db)
{
	if (db == NULL)
		return;
	for (size_t i = 0; i < db->cached; i++) {
		sqlite3_finalize(db->cache[i].stmt);
		free(db->cache[i].sql);
	}
	sqlite3_close(db->handle);
	free(db);
}

enum db_status db_open_global(const char *path)
{
	db_group_stop_writer(); /* it writes on the former file's connection */
	free(global_path);
	global_path = strdup(path);
	struct db *db = db_open(path);
	if (db == NULL)
		return DB_ERROR;
	db_close(db);
	db_group_start_writer();
	return DB_OK;
}

struct db *db_thread(void)
{
	if (thread_db != NULL)
		return thread_db;
	if (global_path == NULL)
		return NULL;
	thread_db = db_open(global_path);
	if (thread_db != NULL) {
		pthread_mutex_lock(&registry_lock);
		thread_db->next_open = registry;
		registry = thread_db;
		pthread_mutex_unlock(&registry_lock);
	}
	return thread_db;
}

static void unregister(struct db *db)
{
	pthread_mutex_lock(&registry_lock);
	for (struct db **p = &registry; *p; p = &(*p)->next_open)
		if (*p == db) {
			*p = db->next_open;
			break;
		}
	pthread_mutex_unlock(&registry_lock);
}

void db_thread_close(void)
{
	if (thread_db == NULL)
		return;
	unregister(thread_db);
	db_close(thread_db);
	thread_db = NULL;
}

/* SQLite's usual checkpoint size, and when the background checkpointer
 * starts copying ahead of it. */
#define CHECKPOINT_PAGES 1000
#define CHECKPOINT_AHEAD_PAGES 250

/* After each of the shared writer's commits. The background checkpointer
 * copies most of the log while the writer goes on; the writer's own
 * checkpoint at the usual size then has only the rest to copy, and being
 * the only writer it reaches the log's end, so the log starts over
 * instead of growing without end. */
static int wal_grew(void *ctx, sqlite3 *h, const char *name, int pages)
{
	(void)ctx;
	if (pages >= CHECKPOINT_PAGES)
		sqlite3_wal_checkpoint_v2(h, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	else if (pages >= CHECKPOINT_AHEAD_PAGES)
		db_checkpointer_nudge();
	return SQLITE_OK;
}

struct db *db_shared_writer(void)
{
	if (global_path == NULL)
		return NULL;
	if (writer != NULL && strcmp(writer_path, global_path) == 0)
		return writer;
	db_close(writer);
	free(writer_path);
	writer_path = NULL;
	writer = db_open(global_path);
	if (writer != NULL) {
		writer_path = strdup(global_path);
		/* its commits only say when the log is long; the checkpointer
		 * thread copies it back, off the signers' path */
		if (db_checkpointer_start(global_path))
			sqlite3_wal_hook(writer->handle, wal_grew, NULL);
	}
	return writer;
}

bool db_have_global(void)
{
	return global_path != NULL;
}

void db_close_global(void)
{
	db_group_stop_writer();
	db_checkpointer_stop();
	db_close(writer);
	writer = NULL;
	free(writer_path);
	writer_path = NULL;
	pthread_mutex_lock(&registry_lock);
	struct db *db = registry;
	registry = NULL;
	pthread_mutex_unlock(&registry_lock);
	while (db) {
		struct db *next = db->next_open;
		db_close(db);
		db = next;
	}
	thread_db = NULL;
	free(global_path);
	global_path = NULL;
}

static uint32_t sql_hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* A prepared statement for `sql`, from the cache when it is free. */
static sqlite3_stmt *statement(struct db *db, const char *sql, bool *owned)
{
	*owned = false;
	uint32_t h = sql_hash(sql);
	bool cached = false;
	for (size_t i = 0; i < db->cached; i++) {
		struct cached_stmt *c = &db->cache[i];
		if (c->hash == h && strcmp(c->sql, sql) == 0) {
			if (!sqlite3_stmt_busy(c->stmt))
				return c->stmt;
			cached = true; /* in use by an open cursor: prepare a private one */
			break;
		}
	}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		log_error("database: prepare failed: %s", sqlite3_errmsg(db->handle));
		return NULL;
	}
	char *copy = cached || db->cached == STMT_CACHE ? NULL : strdup(sql);
	if (copy != NULL)
		db->cache[db->cached++] = (struct cached_stmt){ copy, h, st };
	else
		*owned = true;
	return st;
}

static bool bind_all(struct db *db, sqlite3_stmt *st, const struct db_val *args, size_t n)
{
	if ((size_t)sqlite3_bind_parameter_count(st) != n) {
		log_error("database: statement wants %d values, got %zu",
		          sqlite3_bind_parameter_count(st), n);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		int idx = (int)i + 1, rc;
		const struct db_val *v = &args[i];
		switch (v->type) {
		case DBV_INT:
			rc = sqlite3_bind_int64(st, idx, v->i);
			break;
		case DBV_TEXT:
			rc = sqlite3_bind_text(st, idx, v->p,
			                       v->n == (size_t)-1 ? -1 : (int)v->n, SQLITE_STATIC);
			break;
		case DBV_BLOB:
			rc = sqlite3_bind_blob(st, idx, v->p, (int)v->n, SQLITE_STATIC);
			break;
		case DBV_NULL:
		default:
			rc = sqlite3_bind_null(st, idx);
			break;
		}
		if (rc != SQLITE_OK) {
			log_error("database: bind failed: %s", sqlite3_errmsg(db->handle));
			return false;
		}
	}
	return true;
}

static void release(sqlite3_stmt *st, bool owned)
{
	if (owned) {
		sqlite3_finalize(st);
	} else {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
}

enum db_status db_exec(struct db *db, const char *sql, const struct db_val *args, size_t n)
{
	bool owned;
	sqlite3_stmt *st = statement(db, sql, &owned);
	if (st == NULL)
		return DB_ERROR;
	if (!bind_all(db, st, args, n)) {
		release(st, owned);
		return DB_ERROR;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	enum db_status s = status_of(rc);
	if (s == DB_ERROR)
		log_error("database: %s", sqlite3_errmsg(db->handle));
	release(st, owned);
	return s;
}

int64_t db_changes(struct db *db)
{
	return sqlite3_changes64(db->handle);
}

int64_t db_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->handle);
}

struct db_rows *db_query(struct db *db, const char *sql, const struct db_val *args, size_t n)
{
	bool owned;
	sqlite3_stmt *st = statement(db, sql, &owned);
	if (st == NULL)
		return NULL;
	if (!bind_all(db, st, args, n)) {
		release(st, owned);
		return NULL;
	}
	struct db_rows *r = malloc(sizeof *r);
	if (r == NULL)
		abort();
	*r = (struct db_rows){ db, st, owned, SQLITE_OK };
	return r;
}

bool db_next(struct db_rows *r)
{
	if (r == NULL)
		return false;
	if (r->last != SQLITE_OK && r->last != SQLITE_ROW)
		return false;
	r->last = sqlite3_step(r->stmt);
	return r->last == SQLITE_ROW;
}

const char *db_col_text(struct db_rows *r, int col)
{
	return (const char *)sqlite3_column_text(r->stmt, col);
}

char *db_col_dup(struct db_rows *r, int col, struct arena *a)
{
	const char *s = db_col_text(r, col);
	return s ? arena_strdup(a, s) : NULL;
}

int64_t db_col_int(struct db_rows *r, int col)
{
	return sqlite3_column_int64(r->stmt, col);
}

const void *db_col_blob(struct db_rows *r, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(r->stmt, col);
	*len = (size_t)sqlite3_column_bytes(r->stmt, col);
	return p;
}

bool db_col_null(struct db_rows *r, int col)
{
	return sqlite3_column_type(r->stmt, col) == SQLITE_NULL;
}

enum db_status db_done(struct db_rows *r)
{
	if (r == NULL)
		return DB_ERROR;
	enum db_status s = status_of(r->last);
	if (s == DB_ERROR)
		log_error("database: %s", sqlite3_errmsg(r->db->handle));
	release(r->stmt, r->owned);
	free(r);
	return s;
}

enum db_status db_get_int(struct db *db, const char *sql, const struct db_val *args, size_t n,
                          int64_t *out)
{
	struct db_rows *r = db_query(db, sql, args, n);
	if (r == NULL)
		return DB_ERROR;
	bool found = db_next(r);
	if (found)
		*out = db_col_int(r, 0);
	enum db_status s = db_done(r);
	return s != DB_OK ? s : found ? DB_OK : DB_NOT_FOUND;
}

enum db_status db_get_text(struct db *db, const char *sql, const struct db_val *args, size_t n,
                           struct arena *a, char **out)
{
	struct db_rows *r = db_query(db, sql, args, n);
	if (r == NULL)
		return DB_ERROR;
	bool found = db_next(r);
	if (found)
		*out = db_col_dup(r, 0, a);
	enum db_status s = db_done(r);
	return s != DB_OK ? s : found ? DB_OK : DB_NOT_FOUND;
}

enum db_status db_tx(struct db *db, db_tx_fn fn, void *ctx)
{
	for (int attempt = 0; attempt < 5; attempt++) {
		enum db_status s = db_exec(db, "BEGIN IMMEDIATE", DB_NOARGS);
		if (s == DB_OK) {
			s = fn(db, ctx);
			if (s == DB_OK)
				s = db_exec(db, "COMMIT", DB_NOARGS);
			if (s != DB_OK)
				db_exec(db, "ROLLBACK", DB_NOARGS);
		}
		if (s != DB_BUSY)
			return s;
		/* busy_timeout already waited; back off a little more, with jitter */
		struct timespec ts = { 0, (long)(10 + (rand() % 40)) * 1000000L };
		nanosleep(&ts, NULL);
	}
	return DB_BUSY;
}

bool db_in_tx(struct db *db)
{
	return sqlite3_get_autocommit(db->handle) == 0;
}

enum db_status db_exec_script(struct db *db, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(db->handle, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK) {
		log_error("database: script failed: %s", err ? err : "?");
		sqlite3_free(err);
	}
	return status_of(rc);
}

enum db_status db_checkpoint(struct db *db)
{
	int log_frames = 0, done = 0;
	int rc = sqlite3_wal_checkpoint_v2(db->handle, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log_frames,
	                                   &done);
	return status_of(rc);
}

bool db_integrity_ok(struct db *db)
{
	struct db_rows *r = db_query(db, "PRAGMA integrity_check", DB_NOARGS);
	bool ok = r && db_next(r) && db_col_text(r, 0) && strcmp(db_col_text(r, 0), "ok") == 0;
	db_done(r);
	return ok;
}

char *db_pragma(struct db *db, const char *name, struct arena *a)
{
	static const char *const allowed[] = {
		"journal_mode", "synchronous", "foreign_keys", "busy_timeout", "secure_delete",
		"user_version", "page_count", "freelist_count",
	};
	for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
		if (strcmp(name, allowed[i]) != 0)
			continue;
		/* The name comes from the constant list above, never from input. */
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA %s", allowed[i]);
		sqlite3_stmt *st = NULL;
		char *out = NULL;
		if (sqlite3_prepare_v2(db->handle, sql, -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
			out = arena_strdup(a, (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		return out;
	}
	return NULL;
}

enum db_status db_snapshot(const char *path, unsigned char **bytes, size_t *len)
{
	sqlite3 *src = NULL, *mem = NULL;
	enum db_status result = DB_ERROR;
	*bytes = NULL;
	*len = 0;
	if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_open(":memory:", &mem) != SQLITE_OK)
		goto out;
	sqlite3_busy_timeout(src, 5000);
	/* One step copies every page inside a single read transaction: the
	 * copy is the database as of one instant, whatever writers do. */
	sqlite3_backup *b = sqlite3_backup_init(mem, "main", src, "main");
	if (b == NULL)
		goto out;
	int rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		result = status_of(rc);
		goto out;
	}
	sqlite3_int64 size = 0;
	unsigned char *image = sqlite3_serialize(mem, "main", &size, 0);
	if (image == NULL)
		goto out;
	*bytes = malloc((size_t)size);
	if (*bytes == NULL)
		abort();
	memcpy(*bytes, image, (size_t)size);
	sqlite3_free(image);
	/* The header still says WAL (bytes 18-19 = 2), which an image cannot
	 * be opened as: mark it rollback-journal; db_open() turns WAL back on. */
	if (size >= 100) {
		(*bytes)[18] = 1;
		(*bytes)[19] = 1;
	}
	*len = (size_t)size;
	result = DB_OK;
out:
	sqlite3_close(mem);
	sqlite3_close(src);
	return result;
}

enum db_status db_restore_image(const char *path, const unsigned char *bytes, size_t len)
{
	sqlite3 *mem = NULL, *dst = NULL;
	enum db_status result = DB_ERROR;
	if (sqlite3_open(":memory:", &mem) != SQLITE_OK)
		goto out;
	unsigned char *copy = sqlite3_malloc64(len);
	if (copy == NULL)
		goto out;
	memcpy(copy, bytes, len);
	if (len >= 100)
		copy[18] = copy[19] = 1;
	if (sqlite3_deserialize(mem, "main", copy, (sqlite3_int64)len, (sqlite3_int64)len,
	                        SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) !=
	    SQLITE_OK)
		goto out;
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		goto out;
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", mem, "main");
	if (b == NULL)
		goto out;
	int rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		goto out;
	sqlite3_close(dst);
	dst = NULL;
	struct db *check = db_open(path);
	if (check != NULL) {
		result = db_integrity_ok(check) ? DB_OK : DB_ERROR;
		db_close(check);
	}
out:
	sqlite3_close(dst);
	sqlite3_close(mem);
	return result;
}

/* 24 MiB: the indexes a 200,000-person import fills stay cached, and the
 * process stays well under 50 MB. */
void db_bulk_begin(struct db *db)
{
	run_pragma(db->handle, "PRAGMA cache_size=-24576");
	/* writes go through the page cache anyway; a map would only make the
	 * pages touched count as this process's memory */
	run_pragma(db->handle, "PRAGMA mmap_size=0");
	run_pragma(db->handle, "PRAGMA synchronous=NORMAL");
}

void db_bulk_end(struct db *db)
{
	run_pragma(db->handle, "PRAGMA cache_size=-8192");
	run_pragma(db->handle, "PRAGMA mmap_size=1073741824");
	run_pragma(db->handle, "PRAGMA synchronous=FULL");
}

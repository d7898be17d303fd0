/* The database interface. Handlers and models use only this header, never
 * sqlite3.h, so a PostgreSQL backend can be put behind the same calls.
 *
 * - db_open_global() names the data folder once; each thread then gets its
 *   own connection from db_thread(), opened lazily, with statements
 *   prepared once and cached for the connection's life.
 * - Every value is bound (struct db_val); SQL text is always a constant.
 * - Writes go through db_tx(), which opens BEGIN IMMEDIATE, runs the
 *   callback, commits, and retries the whole callback when the database
 *   is busy. A callback returns DB_OK to commit or anything else to roll
 *   back.
 * - Rows are read with a cursor: db_query() .. db_next() .. db_done(). */
#ifndef SANCTUARY_DB_H
#define SANCTUARY_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct arena;

enum db_status {
	DB_OK = 0,
	DB_NOT_FOUND,   /* a lookup found no row */
	DB_CONFLICT,    /* a UNIQUE or other constraint refused the write */
	DB_BUSY,        /* still locked after retries */
	DB_ERROR,       /* anything else; logged */
};

enum db_val_type { DBV_NULL, DBV_INT, DBV_TEXT, DBV_BLOB };

struct db_val {
	enum db_val_type type;
	int64_t i;
	const void *p;
	size_t n;
};

#define DB_NULL ((struct db_val){ .type = DBV_NULL })
#define DB_INT(x) ((struct db_val){ .type = DBV_INT, .i = (int64_t)(x) })
/* NULL text binds SQL NULL. */
static inline struct db_val db_text_val(const char *s)
{
	return (struct db_val){ .type = s ? DBV_TEXT : DBV_NULL, .p = s, .n = (size_t)-1 };
}
#define DB_TEXT(s) db_text_val(s)
#define DB_BLOB(ptr, len) ((struct db_val){ .type = DBV_BLOB, .p = (ptr), .n = (len) })

#define DB_ARGS(...) (struct db_val[]){ __VA_ARGS__ }, \
	sizeof((struct db_val[]){ __VA_ARGS__ }) / sizeof(struct db_val)
#define DB_NOARGS NULL, 0

/* ---- lifecycle ---- */

/* Remembers the database file for db_thread(); opens and checks it once
 * (WAL, synchronous=FULL, foreign keys). Returns DB_OK or DB_ERROR. */
enum db_status db_open_global(const char *path);
/* The calling thread's connection (opened on first use); NULL on error. */
struct db *db_thread(void);
/* Closes the calling thread's connection (before a thread exits). */
void db_thread_close(void);
/* Closes everything; for shutdown and tests. */
void db_close_global(void);
/* A connection outside the per-thread pool (CLI tools, backups); the
 * caller closes it with db_close(). */
struct db *db_open(const char *path);
void db_close(struct db *db);

/* ---- statements ---- */

/* Runs a statement that returns no rows. */
enum db_status db_exec(struct db *db, const char *sql, const struct db_val *args, size_t n);
/* Rows changed by the last db_exec on this connection. */
int64_t db_changes(struct db *db);
int64_t db_last_id(struct db *db);

struct db_rows;
/* Starts a query; NULL on error (logged). Always finish with db_done(). */
struct db_rows *db_query(struct db *db, const char *sql, const struct db_val *args, size_t n);
/* Advances to the next row; false at the end or on error. */
bool db_next(struct db_rows *r);
/* Column values of the current row. Text is valid until the next
 * db_next/db_done; copy it (db_col_dup) to keep it. */
const char *db_col_text(struct db_rows *r, int col);
char *db_col_dup(struct db_rows *r, int col, struct arena *a);
int64_t db_col_int(struct db_rows *r, int col);
const void *db_col_blob(struct db_rows *r, int col, size_t *len);
bool db_col_null(struct db_rows *r, int col);
/* Ends the query; returns DB_OK or the error met while stepping. */
enum db_status db_done(struct db_rows *r);

/* Convenience: first column of the first row as an integer. Returns
 * DB_NOT_FOUND when there is no row. */
enum db_status db_get_int(struct db *db, const char *sql, const struct db_val *args, size_t n,
                          int64_t *out);
/* ... as text copied into the arena. */
enum db_status db_get_text(struct db *db, const char *sql, const struct db_val *args, size_t n,
                           struct arena *a, char **out);

/* ---- transactions ---- */

typedef enum db_status (*db_tx_fn)(struct db *db, void *ctx);
/* BEGIN IMMEDIATE; fn; COMMIT — retried up to a few times on DB_BUSY. */
enum db_status db_tx(struct db *db, db_tx_fn fn, void *ctx);
/* Is this connection inside a transaction? */
bool db_in_tx(struct db *db);

/* Group commit. Each commit waits for the disk (synchronous=FULL: an
 * fsync, milliseconds), so concurrent writers share one: a caller of
 * db_tx_grouped() queues its item; a batch (everything queued, up to a
 * cap) runs in ONE BEGIN IMMEDIATE transaction and commits once. An item
 * whose fn returns anything but DB_OK (a constraint, a validation) is
 * undone alone and gets its own status; the others commit (fn may run
 * more than once: it must start from its ctx's inputs each time). Every caller returns only after its batch
 * committed (or failed), so an acknowledged write is as durable as with
 * db_tx().
 *
 * The process-wide group (g == NULL, what the server uses) has one writer
 * thread running every batch on one writer connection on the
 * db_open_global() file; without a global database, db_tx_grouped(db,
 * NULL, ...) is db_tx(db, ...). Groups made with db_group_new() are led
 * by the first caller that finds no batch being written, on its `db`. fn
 * must use only the `db` it is given (never db_thread()) and must not
 * queue grouped writes itself. The caller's connection must not be inside
 * a transaction. */
struct db_group;
struct db_group *db_group_new(void);
void db_group_free(struct db_group *g);
enum db_status db_tx_grouped(struct db *db, struct db_group *g, db_tx_fn fn, void *ctx);
/* The same on the process-wide group without waiting, so that a server
 * thread need not sit idle during a commit: fn is queued and the call
 * returns at once; done(done_ctx, status) runs later on the writer thread,
 * once the batch holding fn has committed (or failed) — it must be quick
 * and must not touch the database. false (nothing queued, done never
 * called) without db_open_global(). */
typedef void (*db_done_fn)(void *done_ctx, enum db_status status);
bool db_tx_grouped_async(db_tx_fn fn, void *ctx, db_done_fn done, void *done_ctx);
/* Inside an item: how many items the batch running it holds (1 when
 * alone; 0 outside a grouped write). A crowd shows as large batches. */
uint64_t db_group_batch_size(void);
/* Work for the process-wide group's writer when nothing is queued: `fn`
 * runs on the writer's connection (transactions of its own, kept short)
 * and returns true while more may remain; it is asked again after every
 * batch. NULL removes it. */
typedef bool (*db_idle_fn)(struct db *writer);
/* How many writes are queued for the process-wide group (idle work
 * yields to a crowd). */
uint64_t db_group_waiting(void);
void db_group_set_idle(db_idle_fn fn);
struct db_group_stats {
	uint64_t batches, items, failed_items, largest;
};
void db_group_stats(struct db_group *g, struct db_group_stats *out);

/* ---- maintenance ---- */

/* Runs a constant multi-statement script (migrations only). */
enum db_status db_exec_script(struct db *db, const char *sql);

/* PRAGMA wal_checkpoint(TRUNCATE); returns DB_OK or DB_BUSY. */
enum db_status db_checkpoint(struct db *db);
/* PRAGMA integrity_check == "ok". */
bool db_integrity_ok(struct db *db);
/* A consistent snapshot of the database at `path`, taken online with the
 * backup API while other connections keep writing, as the bytes of an
 * SQLite file (malloc'd; the caller wipes and frees it). */
enum db_status db_snapshot(const char *path, unsigned char **bytes, size_t *len);
/* Writes an SQLite file image to a new database at `path` (which must not
 * exist) and runs integrity_check on it. */
enum db_status db_restore_image(const char *path, const unsigned char *bytes, size_t len);

/* Value of a PRAGMA as text (tests and start-up assertions). */
char *db_pragma(struct db *db, const char *name, struct arena *a);

/* Bulk work (imports) on this connection: a bigger page cache, so the
 * indexes being filled stay in memory, until db_bulk_end. */
void db_bulk_begin(struct db *db);
void db_bulk_end(struct db *db);

#endif

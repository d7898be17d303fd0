#include "model/imports.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/log.h"
#include "core/random.h"
#include "crypto/seal.h"
#include "db/db.h"
#include "model/audit.h"
#include "model/people_csv.h"

enum import_create_status import_create(struct db *db, struct arena *a, int64_t by_user,
                                        const char *filename, const unsigned char *data,
                                        size_t len, const char **token)
{
	if (len == 0)
		return IMPORT_EMPTY;
	/* the header and first rows, re-written as CSV, and the row count */
	struct csv_reader *r = csv_open_mem((const char *)data, len);
	struct csv_row row;
	struct buf preview;
	buf_init(&preview, a, 1024);
	int64_t rows = 0;
	int n_columns = 0;
	enum csv_status st;
	while ((st = csv_next(r, &row)) != CSV_END) {
		if (rows == 0 && st != CSV_ROW)
			break;
		if (rows == 0)
			n_columns = (int)row.n;
		if (rows <= IMPORT_PREVIEW_ROWS && st == CSV_ROW)
			csv_write_row(&preview, row.fields, row.n);
		rows++;
	}
	csv_close(r);
	if (rows == 0 || n_columns == 0)
		return IMPORT_NOT_CSV;
	*token = random_token(a, 18);
	if (db_exec(db,
	            "INSERT INTO imports (token, created_by, created_at, filename, rows_total, n_columns) "
	            "VALUES (?, ?, ?, ?, ?, ?)",
	            DB_ARGS(DB_TEXT(*token), by_user ? DB_INT(by_user) : DB_NULL, DB_INT(time(NULL)),
	                    DB_TEXT(filename ? filename : ""), DB_INT(rows - 1), DB_INT(n_columns))) != DB_OK)
		return IMPORT_FAILED;
	int64_t id = db_last_id(db);
	size_t data_len, preview_len;
	unsigned char *sealed = seal_value(a, "imports", "data", id, data, len, &data_len);
	unsigned char *sealed_preview = seal_value(a, "imports", "preview", id, preview.data, preview.len,
	                                           &preview_len);
	if (sealed == NULL || sealed_preview == NULL ||
	    db_exec(db, "UPDATE imports SET data_sealed = ?, preview_sealed = ? WHERE id = ?",
	            DB_ARGS(DB_BLOB(sealed, data_len), DB_BLOB(sealed_preview, preview_len),
	                    DB_INT(id))) != DB_OK)
		return IMPORT_FAILED;
	/* the guessed mapping, from the header */
	struct import_mapping m;
	r = csv_open_mem(preview.data, preview.len);
	if (csv_next(r, &row) == CSV_ROW)
		import_guess_mapping(&row, &m);
	else
		import_mapping_parse("", &m);
	csv_close(r);
	return import_set_mapping(db, id, import_mapping_format(a, &m)) ? IMPORT_CREATED : IMPORT_FAILED;
}

#define JOB_COLUMNS \
	"id, token, filename, mapping, state, problems, created_by, created_at, rows_total, " \
	"rows_done, created, updated, bad, n_columns, preview_sealed"

static void read_job(struct db_rows *r, struct arena *a, struct import_job *j)
{
	memset(j, 0, sizeof *j);
	j->id = db_col_int(r, 0);
	j->token = db_col_dup(r, 1, a);
	j->filename = db_col_dup(r, 2, a);
	j->mapping = db_col_dup(r, 3, a);
	j->state = db_col_dup(r, 4, a);
	j->problems = db_col_dup(r, 5, a);
	j->created_by = db_col_int(r, 6);
	j->created_at = db_col_int(r, 7);
	j->rows_total = db_col_int(r, 8);
	j->rows_done = db_col_int(r, 9);
	j->created = db_col_int(r, 10);
	j->updated = db_col_int(r, 11);
	j->bad = db_col_int(r, 12);
	j->n_columns = (int)db_col_int(r, 13);
	size_t len;
	const void *blob = db_col_blob(r, 14, &len);
	j->preview = blob ? seal_open(a, "imports", "preview", j->id, blob, len, NULL) : NULL;
}

bool import_get(struct db *db, struct arena *a, const char *token, struct import_job *out)
{
	struct db_rows *r = db_query(db, "SELECT " JOB_COLUMNS " FROM imports WHERE token = ?",
	                             DB_ARGS(DB_TEXT(token)));
	bool found = db_next(r);
	if (found)
		read_job(r, a, out);
	return db_done(r) == DB_OK && found;
}

bool import_each_recent(struct db *db, struct arena *a, int limit, import_fn fn, void *ctx)
{
	struct db_rows *r = db_query(db, "SELECT " JOB_COLUMNS " FROM imports ORDER BY id DESC LIMIT ?",
	                             DB_ARGS(DB_INT(limit)));
	while (db_next(r)) {
		struct import_job j;
		read_job(r, a, &j);
		fn(&j, ctx);
	}
	return db_done(r) == DB_OK;
}

bool import_set_mapping(struct db *db, int64_t id, const char *mapping)
{
	return db_exec(db, "UPDATE imports SET mapping = ? WHERE id = ? AND state IN ('uploaded', 'checked')",
	               DB_ARGS(DB_TEXT(mapping), DB_INT(id))) == DB_OK;
}

/* ---- the background job ---- */

static pthread_mutex_t job_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t job_thread;
static bool job_started;        /* a thread exists (running or to be joined) */
static atomic_bool job_running;
static atomic_bool job_stop;

struct job {
	int64_t id;
	bool dry_run;
	struct db *db;
	struct buf problems;
	int n_problems;
};

static void note_problem(size_t line, const char *msgid, void *p)
{
	struct job *j = p;
	if (j->n_problems++ < IMPORT_MAX_PROBLEMS)
		buf_printf(&j->problems, "%zu\t%s\n", line, msgid);
}

static bool note_progress(int64_t rows, void *p)
{
	struct job *j = p;
	db_exec(j->db, "UPDATE imports SET rows_done = ? WHERE id = ?",
	        DB_ARGS(DB_INT(rows), DB_INT(j->id)));
	return !atomic_load(&job_stop);
}

static void *run_job(void *p)
{
	struct job *j = p;
	struct arena *a = arena_new(64 * 1024);
	j->db = db_thread();
	buf_init(&j->problems, a, 4096);
	char *data = NULL, *mapping = NULL;
	size_t len = 0;
	struct db_rows *r = j->db ? db_query(j->db, "SELECT data_sealed, mapping FROM imports WHERE id = ?",
	                                    DB_ARGS(DB_INT(j->id))) : NULL;
	if (r && db_next(r)) {
		size_t blob_len;
		const void *blob = db_col_blob(r, 0, &blob_len);
		data = blob ? seal_open(a, "imports", "data", j->id, blob, blob_len, &len) : NULL;
		mapping = db_col_dup(r, 1, a);
	}
	if (r)
		db_done(r);
	struct import_mapping m;
	struct import_report rep = { 0 };
	bool ok = data && mapping && import_mapping_parse(mapping, &m);
	if (ok) {
		struct csv_reader *csv = csv_open_mem(data, len);
		ok = people_import_csv(j->db, csv, &m, j->dry_run, note_problem, note_progress, j, &rep);
		csv_close(csv);
	}
	const char *state = !ok ? "failed" : j->dry_run ? "checked" : "done";
	if (j->db) {
		db_exec(j->db,
		        "UPDATE imports SET state = ?, rows_done = ?, created = ?, updated = ?, bad = ?, "
		        "problems = ?, data_sealed = CASE WHEN ? THEN NULL ELSE data_sealed END WHERE id = ?",
		        DB_ARGS(DB_TEXT(state), DB_INT(rep.rows), DB_INT(rep.created), DB_INT(rep.updated),
		                DB_INT(rep.bad), DB_TEXT(j->problems.data),
		                DB_INT(strcmp(state, "done") == 0), DB_INT(j->id)));
		if (!j->dry_run) {
			int64_t by = 0;
			db_get_int(j->db, "SELECT COALESCE(created_by, 0) FROM imports WHERE id = ?",
			           DB_ARGS(DB_INT(j->id)), &by);
			audit_append(j->db, &(struct audit_entry){ by ? AUDIT_USER : AUDIT_SYSTEM, by,
			                                            "people.import", "import", j->id,
			                                            ok ? NULL : "failed" });
		}
		db_thread_close();
	}
	log_info("import %lld %s: %lld rows, %lld new, %lld updated, %lld with problems",
	         (long long)j->id, state, (long long)rep.rows, (long long)rep.created,
	         (long long)rep.updated, (long long)rep.bad);
	arena_destroy(a);
	free(j);
	atomic_store(&job_running, false);
	return NULL;
}

bool import_start(struct db *db, int64_t id, bool dry_run)
{
	pthread_mutex_lock(&job_lock);
	bool ok = false;
	if (atomic_load(&job_running))
		goto out;
	if (job_started) {
		pthread_join(job_thread, NULL);
		job_started = false;
	}
	if (db_exec(db,
	            "UPDATE imports SET state = ?, rows_done = 0, problems = '' "
	            "WHERE id = ? AND state IN ('uploaded', 'checked', 'failed') AND data_sealed IS NOT NULL",
	            DB_ARGS(DB_TEXT(dry_run ? "checking" : "importing"), DB_INT(id))) != DB_OK ||
	    db_changes(db) != 1)
		goto out;
	struct job *j = calloc(1, sizeof *j);
	if (j == NULL)
		goto out;
	j->id = id;
	j->dry_run = dry_run;
	atomic_store(&job_stop, false);
	atomic_store(&job_running, true);
	if (pthread_create(&job_thread, NULL, run_job, j) != 0) {
		atomic_store(&job_running, false);
		free(j);
		db_exec(db, "UPDATE imports SET state = 'failed' WHERE id = ?", DB_ARGS(DB_INT(id)));
		goto out;
	}
	job_started = true;
	ok = true;
out:
	pthread_mutex_unlock(&job_lock);
	return ok;
}

void import_recover(struct db *db)
{
	db_exec(db, "UPDATE imports SET state = 'failed' WHERE state IN ('checking', 'importing')",
	        DB_NOARGS);
	/* uploads nobody imported are not kept past a day */
	db_exec(db, "DELETE FROM imports WHERE state != 'done' AND created_at < ?",
	        DB_ARGS(DB_INT(time(NULL) - 24 * 3600)));
}

void import_stop(void)
{
	pthread_mutex_lock(&job_lock);
	atomic_store(&job_stop, true);
	if (job_started) {
		pthread_join(job_thread, NULL);
		job_started = false;
	}
	pthread_mutex_unlock(&job_lock);
}

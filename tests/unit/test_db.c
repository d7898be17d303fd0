/* The database layer: settings at open, migrations, bound values,
 * transactions (commit, rollback, retry), cursors, snapshots. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "db/db.h"
#include "db/migrate.h"

static char dir[] = "/tmp/sanctuary-unit-db-XXXXXX";
static char path[256];

static int setup(void **state)
{
	(void)state;
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof path, "%s/t.db", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void opens_with_durable_settings(void **state)
{
	(void)state;
	struct db *db = db_open(path);
	assert_non_null(db);
	struct arena *a = arena_new(256);
	assert_string_equal(db_pragma(db, "journal_mode", a), "wal");
	assert_string_equal(db_pragma(db, "synchronous", a), "2"); /* FULL */
	assert_string_equal(db_pragma(db, "foreign_keys", a), "1");
	assert_string_equal(db_pragma(db, "secure_delete", a), "1");
	assert_null(db_pragma(db, "anything; DROP TABLE x", a));
	arena_destroy(a);
	db_close(db);
}

static void migrations_apply_once(void **state)
{
	(void)state;
	struct db *db = db_open(path);
	/* every migration, numbered without gaps, applies once */
	int applied = migrate_up(db, false);
	assert_int_equal(applied, migrate_latest());
	assert_int_equal(migrate_up(db, false), 0);
	assert_int_equal(migrate_current(db), migrate_latest());
	int64_t n = 0;
	assert_int_equal(db_get_int(db, "SELECT COUNT(*) FROM schema_migrations", DB_NOARGS, &n), DB_OK);
	assert_int_equal(n, applied);
	db_close(db);
}

static void values_are_bound_never_spliced(void **state)
{
	(void)state;
	struct db *db = db_open(path);
	const char *evil = "x'); DROP TABLE settings; --";
	assert_int_equal(db_exec(db, "INSERT INTO settings (key, value) VALUES (?, ?)",
	                         DB_ARGS(DB_TEXT("k1"), DB_TEXT(evil))), DB_OK);
	struct arena *a = arena_new(256);
	char *v = NULL;
	assert_int_equal(db_get_text(db, "SELECT value FROM settings WHERE key = ?",
	                             DB_ARGS(DB_TEXT("k1")), a, &v), DB_OK);
	assert_string_equal(v, evil);
	assert_int_equal(db_get_text(db, "SELECT value FROM settings WHERE key = ?",
	                             DB_ARGS(DB_TEXT("none")), a, &v), DB_NOT_FOUND);
	/* a duplicate key is a conflict, not an error */
	assert_int_equal(db_exec(db, "INSERT INTO settings (key, value) VALUES (?, ?)",
	                         DB_ARGS(DB_TEXT("k1"), DB_TEXT("again"))), DB_CONFLICT);
	/* the wrong number of values is refused */
	assert_int_equal(db_exec(db, "INSERT INTO settings (key, value) VALUES (?, ?)",
	                         DB_ARGS(DB_TEXT("k2"))), DB_ERROR);
	arena_destroy(a);
	db_close(db);
}

static enum db_status insert_then_fail(struct db *db, void *ctx)
{
	(void)ctx;
	db_exec(db, "INSERT INTO settings (key, value) VALUES ('rolled', 'back')", DB_NOARGS);
	return DB_ERROR;
}

static enum db_status insert_ok(struct db *db, void *ctx)
{
	return db_exec(db, "INSERT INTO settings (key, value) VALUES (?, 'yes')",
	               DB_ARGS(DB_TEXT((const char *)ctx)));
}

static void transactions_commit_or_roll_back(void **state)
{
	(void)state;
	struct db *db = db_open(path);
	assert_int_equal(db_tx(db, insert_then_fail, NULL), DB_ERROR);
	int64_t n = -1;
	assert_int_equal(db_get_int(db, "SELECT COUNT(*) FROM settings WHERE key = 'rolled'",
	                            DB_NOARGS, &n), DB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(db_tx(db, insert_ok, "kept"), DB_OK);
	assert_int_equal(db_get_int(db, "SELECT COUNT(*) FROM settings WHERE key = 'kept'",
	                            DB_NOARGS, &n), DB_OK);
	assert_int_equal(n, 1);
	db_close(db);
}

static void cursors_and_nested_queries(void **state)
{
	(void)state;
	struct db *db = db_open(path);
	for (int i = 0; i < 5; i++) {
		char key[16];
		snprintf(key, sizeof key, "n%d", i);
		db_exec(db, "INSERT INTO settings (key, value) VALUES (?, ?)", DB_ARGS(DB_TEXT(key), DB_TEXT(key)));
	}
	/* the same SQL while its cached statement is busy gets a private one */
	static const char *sql = "SELECT key FROM settings WHERE key LIKE 'n%' ORDER BY key";
	struct db_rows *outer = db_query(db, sql, DB_NOARGS);
	int rows = 0;
	while (db_next(outer)) {
		struct db_rows *inner = db_query(db, sql, DB_NOARGS);
		int inner_rows = 0;
		while (db_next(inner))
			inner_rows++;
		assert_int_equal(db_done(inner), DB_OK);
		assert_int_equal(inner_rows, 5);
		rows++;
	}
	assert_int_equal(db_done(outer), DB_OK);
	assert_int_equal(rows, 5);
	db_close(db);
}

static void snapshot_restores_equal(void **state)
{
	(void)state;
	unsigned char *bytes = NULL;
	size_t len = 0;
	assert_int_equal(db_snapshot(path, &bytes, &len), DB_OK);
	assert_true(len > 0);
	char copy[300];
	snprintf(copy, sizeof copy, "%s/copy.db", dir);
	assert_int_equal(db_restore_image(copy, bytes, len), DB_OK);
	free(bytes);
	struct db *db = db_open(copy);
	int64_t n = 0;
	assert_int_equal(db_get_int(db, "SELECT COUNT(*) FROM settings WHERE key LIKE 'n%'", DB_NOARGS, &n), DB_OK);
	assert_int_equal(n, 5);
	assert_true(db_integrity_ok(db));
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(opens_with_durable_settings),
		cmocka_unit_test(migrations_apply_once),
		cmocka_unit_test(values_are_bound_never_spliced),
		cmocka_unit_test(transactions_commit_or_roll_back),
		cmocka_unit_test(cursors_and_nested_queries),
		cmocka_unit_test(snapshot_restores_equal),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

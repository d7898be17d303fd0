#include "db/migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "db/db.h"
#include "embedded.h"

/* Migrations are embedded as "src/db/migrations/NNNN_name.sql". */
static int version_of(const char *name, const char **base)
{
	const char *slash = strrchr(name, '/');
	*base = slash ? slash + 1 : name;
	if (strncmp(name, "src/db/migrations/", 18) != 0)
		return -1;
	int v = atoi(*base);
	return v > 0 ? v : -1;
}

static enum db_status ensure_table(struct db *db)
{
	return db_exec(db,
	               "CREATE TABLE IF NOT EXISTS schema_migrations ("
	               "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
	               DB_NOARGS);
}

int migrate_current(struct db *db)
{
	int64_t v = 0;
	if (ensure_table(db) != DB_OK)
		return -1;
	if (db_get_int(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", DB_NOARGS,
	               &v) != DB_OK)
		return -1;
	return (int)v;
}

int migrate_latest(void)
{
	int latest = 0;
	for (size_t i = 0; i < embedded_files_count; i++) {
		const char *base;
		int v = version_of(embedded_files[i].name, &base);
		if (v > latest)
			latest = v;
	}
	return latest;
}

struct apply_ctx {
	const struct embedded_file *file;
	int version;
	const char *name;
};

static enum db_status apply_one(struct db *db, void *p)
{
	struct apply_ctx *ctx = p;
	enum db_status s = db_exec_script(db, (const char *)ctx->file->data);
	if (s != DB_OK)
		return s;
	return db_exec(db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
	               DB_ARGS(DB_INT(ctx->version), DB_TEXT(ctx->name), DB_INT(time(NULL))));
}

int migrate_up(struct db *db, bool verbose)
{
	int current = migrate_current(db);
	if (current < 0)
		return -1;
	int applied = 0;
	/* embedded files are sorted by name, so versions come in order */
	for (size_t i = 0; i < embedded_files_count; i++) {
		const char *base;
		int v = version_of(embedded_files[i].name, &base);
		if (v <= current)
			continue;
		struct apply_ctx ctx = { &embedded_files[i], v, base };
		if (db_tx(db, apply_one, &ctx) != DB_OK) {
			log_error("migration %s failed", base);
			return -1;
		}
		if (verbose)
			printf("applied %s\n", base);
		applied++;
	}
	return applied;
}

#include "model/talents.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "db/db.h"

bool talent_each(struct db *db, struct arena *a, talent_fn fn, void *ctx)
{
	struct db_rows *r = db_query(db,
		"SELECT t.id, t.slug, t.msgid, t.name, (SELECT COUNT(*) FROM person_talents p "
		"WHERE p.talent_id = t.id) FROM talents t ORDER BY t.position, t.id", DB_NOARGS);
	while (db_next(r)) {
		struct talent t = {
			.id = db_col_int(r, 0), .slug = db_col_dup(r, 1, a),
			.msgid = db_col_null(r, 2) ? NULL : db_col_dup(r, 2, a), .name = db_col_dup(r, 3, a),
			.people = db_col_int(r, 4),
		};
		fn(&t, ctx);
	}
	return db_done(r) == DB_OK;
}

static bool name_taken(struct db *db, const char *name, int64_t except)
{
	int64_t n = 0;
	return db_get_int(db, "SELECT COUNT(*) FROM talents WHERE name = ? COLLATE NOCASE AND id != ?",
	                  DB_ARGS(DB_TEXT(name), DB_INT(except)), &n) != DB_OK || n > 0;
}

int64_t talent_create(struct db *db, const char *name)
{
	if (name_taken(db, name, 0))
		return 0;
	/* the slug only has to be unique and stable: the group's own get "own-N" */
	int64_t next = 0;
	if (db_get_int(db, "SELECT COALESCE(MAX(id), 0) + 1 FROM talents", DB_NOARGS, &next) != DB_OK)
		return -1;
	char slug[32];
	snprintf(slug, sizeof slug, "own-%lld", (long long)next);
	if (db_exec(db,
	            "INSERT INTO talents (slug, name, msgid, position) "
	            "VALUES (?, ?, NULL, (SELECT COALESCE(MAX(position), 0) + 1 FROM talents))",
	            DB_ARGS(DB_TEXT(slug), DB_TEXT(name))) != DB_OK)
		return -1;
	return db_last_id(db);
}

bool talent_rename(struct db *db, int64_t id, const char *name, bool *conflict)
{
	*conflict = name_taken(db, name, id);
	if (*conflict)
		return false;
	/* a renamed seeded talent keeps the group's words, in every language */
	return db_exec(db, "UPDATE talents SET name = ?, msgid = NULL WHERE id = ?",
	               DB_ARGS(DB_TEXT(name), DB_INT(id))) == DB_OK && db_changes(db) == 1;
}

bool talent_delete(struct db *db, int64_t id)
{
	return db_exec(db, "DELETE FROM talents WHERE id = ?", DB_ARGS(DB_INT(id))) == DB_OK &&
	       db_changes(db) == 1;
}

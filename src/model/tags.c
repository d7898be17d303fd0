#include "model/tags.h"

#include <time.h>

#include "core/arena.h"
#include "db/db.h"

bool tag_each(struct db *db, struct arena *a, tag_fn fn, void *ctx)
{
	struct db_rows *r = db_query(db,
		"SELECT g.id, g.name, (SELECT COUNT(*) FROM taggings t JOIN people p ON p.id = t.person_id "
		"WHERE t.tag_id = g.id AND p.merged_into IS NULL) FROM tags g ORDER BY g.name COLLATE NOCASE",
		DB_NOARGS);
	while (db_next(r)) {
		struct tag t = { db_col_int(r, 0), db_col_dup(r, 1, a), db_col_int(r, 2) };
		fn(&t, ctx);
	}
	return db_done(r) == DB_OK;
}

int64_t tag_id(struct db *db, const char *name, bool create)
{
	int64_t id = 0;
	enum db_status s = db_get_int(db, "SELECT id FROM tags WHERE name = ?", DB_ARGS(DB_TEXT(name)), &id);
	if (s == DB_OK)
		return id;
	if (s != DB_NOT_FOUND || !create)
		return s == DB_NOT_FOUND ? 0 : -1;
	if (db_exec(db, "INSERT INTO tags (name, created_at) VALUES (?, ?)",
	            DB_ARGS(DB_TEXT(name), DB_INT(time(NULL)))) != DB_OK)
		return -1;
	return db_last_id(db);
}

bool tag_rename(struct db *db, int64_t id, const char *name, bool *conflict)
{
	enum db_status s = db_exec(db, "UPDATE tags SET name = ? WHERE id = ?",
	                           DB_ARGS(DB_TEXT(name), DB_INT(id)));
	*conflict = s == DB_CONFLICT;
	return s == DB_OK && db_changes(db) == 1;
}

bool tag_merge(struct db *db, int64_t from, int64_t into)
{
	if (from == into)
		return true;
	return db_exec(db,
	               "INSERT OR IGNORE INTO taggings (tag_id, person_id, created_at) "
	               "SELECT ?, person_id, created_at FROM taggings WHERE tag_id = ?",
	               DB_ARGS(DB_INT(into), DB_INT(from))) == DB_OK &&
	       tag_delete(db, from);
}

bool tag_delete(struct db *db, int64_t id)
{
	return db_exec(db, "DELETE FROM tags WHERE id = ?", DB_ARGS(DB_INT(id))) == DB_OK &&
	       db_changes(db) == 1;
}

bool tag_person(struct db *db, int64_t tag, int64_t person, bool on)
{
	if (on)
		return db_exec(db,
		               "INSERT OR IGNORE INTO taggings (tag_id, person_id, created_at) VALUES (?, ?, ?)",
		               DB_ARGS(DB_INT(tag), DB_INT(person), DB_INT(time(NULL)))) == DB_OK;
	return db_exec(db, "DELETE FROM taggings WHERE tag_id = ? AND person_id = ?",
	               DB_ARGS(DB_INT(tag), DB_INT(person))) == DB_OK;
}

bool segment_each(struct db *db, struct arena *a, segment_fn fn, void *ctx)
{
	struct db_rows *r = db_query(db, "SELECT id, name, query FROM segments ORDER BY name COLLATE NOCASE",
	                             DB_NOARGS);
	while (db_next(r)) {
		struct segment s = { db_col_int(r, 0), db_col_dup(r, 1, a), db_col_dup(r, 2, a) };
		fn(&s, ctx);
	}
	return db_done(r) == DB_OK;
}

int64_t segment_save(struct db *db, const char *name, const char *query, int64_t by_user)
{
	if (db_exec(db,
	            "INSERT INTO segments (name, query, created_by, created_at) VALUES (?, ?, ?, ?) "
	            "ON CONFLICT (name) DO UPDATE SET query = excluded.query",
	            DB_ARGS(DB_TEXT(name), DB_TEXT(query), by_user ? DB_INT(by_user) : DB_NULL,
	                    DB_INT(time(NULL)))) != DB_OK)
		return -1;
	int64_t id = 0;
	return db_get_int(db, "SELECT id FROM segments WHERE name = ?", DB_ARGS(DB_TEXT(name)), &id) ==
	               DB_OK ? id : -1;
}

bool segment_get(struct db *db, struct arena *a, int64_t id, struct segment *out)
{
	struct db_rows *r = db_query(db, "SELECT id, name, query FROM segments WHERE id = ?",
	                             DB_ARGS(DB_INT(id)));
	bool found = db_next(r);
	if (found)
		*out = (struct segment){ db_col_int(r, 0), db_col_dup(r, 1, a), db_col_dup(r, 2, a) };
	return db_done(r) == DB_OK && found;
}

bool segment_delete(struct db *db, int64_t id)
{
	return db_exec(db, "DELETE FROM segments WHERE id = ?", DB_ARGS(DB_INT(id))) == DB_OK &&
	       db_changes(db) == 1;
}

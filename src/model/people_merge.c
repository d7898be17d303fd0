#include "model/people_merge.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/text.h"
#include "crypto/seal.h"
#include "db/db.h"
#include "model/people.h"

/* ---- finding duplicates ---- */

/* Each query yields pairs (a, b) with a < b among people not merged. */
static const char *const pair_sql[] = {
	[DUP_EMAIL] =
		"SELECT DISTINCT x.person_id, y.person_id FROM person_emails x "
		"JOIN person_emails y ON y.email_index = x.email_index AND y.person_id > x.person_id "
		"JOIN people p ON p.id = x.person_id AND p.merged_into IS NULL "
		"JOIN people q ON q.id = y.person_id AND q.merged_into IS NULL",
	[DUP_PHONE] =
		"SELECT DISTINCT x.person_id, y.person_id FROM person_phones x "
		"JOIN person_phones y ON y.phone_index = x.phone_index AND y.person_id > x.person_id "
		"JOIN people p ON p.id = x.person_id AND p.merged_into IS NULL "
		"JOIN people q ON q.id = y.person_id AND q.merged_into IS NULL",
	/* the grouping reads the (name_fold, postal_code) index in order */
	[DUP_NAME_POSTAL] =
		"SELECT x.id, y.id FROM people x JOIN people y "
		"ON y.name_fold = x.name_fold AND y.postal_code = x.postal_code AND y.id > x.id "
		"AND y.merged_into IS NULL "
		"WHERE x.merged_into IS NULL AND x.name_fold != '' AND x.postal_code != ''",
};

bool people_duplicates(struct db *db, int limit, duplicate_fn fn, void *ctx, int64_t *total)
{
	/* A pair found by a stronger reason is not listed again by a weaker
	 * one; the pairs seen so far are remembered in a temporary table. */
	if (db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS dup_seen (a INTEGER, b INTEGER, "
	                "PRIMARY KEY (a, b)) WITHOUT ROWID", DB_NOARGS) != DB_OK ||
	    db_exec(db, "DELETE FROM temp.dup_seen", DB_NOARGS) != DB_OK)
		return false;
	int64_t n = 0;
	bool ok = true;
	for (int reason = DUP_EMAIL; ok && reason <= DUP_NAME_POSTAL; reason++) {
		struct db_rows *r = db_query(db, pair_sql[reason], DB_NOARGS);
		while (db_next(r)) {
			int64_t a = db_col_int(r, 0), b = db_col_int(r, 1);
			if (db_exec(db, "INSERT OR IGNORE INTO temp.dup_seen (a, b) VALUES (?, ?)",
			            DB_ARGS(DB_INT(a), DB_INT(b))) != DB_OK) {
				ok = false;
				break;
			}
			if (db_changes(db) == 0)
				continue;
			if (n++ < limit) {
				struct duplicate_pair p = { a, b, (enum duplicate_reason)reason };
				fn(&p, ctx);
			}
		}
		ok = db_done(r) == DB_OK && ok;
	}
	db_exec(db, "DELETE FROM temp.dup_seen", DB_NOARGS);
	*total = n;
	return ok;
}

/* ---- merging ---- */

#define MAX_HOOKS 16
static person_merge_hook hooks[MAX_HOOKS];
static size_t n_hooks;

void person_merge_register(person_merge_hook fn)
{
	if (n_hooks < MAX_HOOKS)
		hooks[n_hooks++] = fn;
}

int64_t person_current_id(struct db *db, int64_t id)
{
	for (int hops = 0; hops < 32; hops++) {
		struct db_rows *r = db_query(db, "SELECT merged_into FROM people WHERE id = ?",
		                             DB_ARGS(DB_INT(id)));
		bool found = db_next(r);
		int64_t into = found && !db_col_null(r, 0) ? db_col_int(r, 0) : 0;
		if (db_done(r) != DB_OK || !found)
			return 0;
		if (into == 0)
			return id;
		id = into;
	}
	return 0;
}

static bool alive(struct db *db, int64_t id)
{
	int64_t n = 0;
	return db_get_int(db, "SELECT COUNT(*) FROM people WHERE id = ? AND merged_into IS NULL",
	                  DB_ARGS(DB_INT(id)), &n) == DB_OK && n == 1;
}

/* Opens a sealed people column of `from`, or NULL. */
static char *open_column(struct db *db, struct arena *a, const char *sql, const char *column,
                         int64_t id)
{
	struct db_rows *r = db_query(db, sql, DB_ARGS(DB_INT(id)));
	char *v = NULL;
	if (db_next(r)) {
		size_t len;
		const void *blob = db_col_blob(r, 0, &len);
		if (blob)
			v = seal_open(a, "people", column, id, blob, len, NULL);
	}
	db_done(r);
	return v;
}

static bool store_column(struct db *db, struct arena *a, const char *sql, const char *column,
                         int64_t id, const char *value)
{
	size_t len;
	unsigned char *blob = seal_value(a, "people", column, id, value, strlen(value), &len);
	return blob && db_exec(db, sql, DB_ARGS(DB_BLOB(blob, len), DB_INT(id))) == DB_OK;
}

/* Address and notes are sealed to their row: open the dropped person's
 * and seal them again for the kept one. Two notes are joined; an address
 * the kept person does not have is kept, a different one goes to notes. */
static bool merge_sealed(struct db *db, struct arena *a, int64_t keep, int64_t drop)
{
	static const char *addr_sql = "SELECT address_sealed FROM people WHERE id = ?";
	static const char *notes_sql = "SELECT notes_sealed FROM people WHERE id = ?";
	char *keep_addr = open_column(db, a, addr_sql, "address", keep);
	char *drop_addr = open_column(db, a, addr_sql, "address", drop);
	char *keep_notes = open_column(db, a, notes_sql, "notes", keep);
	char *drop_notes = open_column(db, a, notes_sql, "notes", drop);
	bool ok = true;
	if (drop_addr && *drop_addr) {
		if (keep_addr == NULL || *keep_addr == '\0')
			ok = store_column(db, a, "UPDATE people SET address_sealed = ? WHERE id = ?",
			                  "address", keep, drop_addr);
		else if (strcmp(keep_addr, drop_addr) != 0)
			drop_notes = arena_printf(a, "%s%s%s", drop_notes ? drop_notes : "",
			                          drop_notes ? "\n" : "", drop_addr);
	}
	if (ok && drop_notes && *drop_notes) {
		const char *joined = keep_notes && *keep_notes
			? arena_printf(a, "%s\n\n%s", keep_notes, drop_notes) : drop_notes;
		ok = store_column(db, a, "UPDATE people SET notes_sealed = ? WHERE id = ?", "notes",
		                  keep, joined);
	}
	return ok;
}

/* Emails or phones: re-sealed under the kept person, unless they have the
 * same one already (same blind index). */
static bool merge_contacts(struct db *db, struct arena *a, int64_t keep, int64_t drop, bool email)
{
	const char *table = email ? "person_emails" : "person_phones";
	const char *column = email ? "email" : "phone";
	struct db_rows *r = db_query(db,
		email ? "SELECT id, email_sealed, email_index IN (SELECT email_index FROM person_emails "
		        "WHERE person_id = ?) FROM person_emails WHERE person_id = ?"
		      : "SELECT id, phone_sealed, phone_index IN (SELECT phone_index FROM person_phones "
		        "WHERE person_id = ?) FROM person_phones WHERE person_id = ?",
		DB_ARGS(DB_INT(keep), DB_INT(drop)));
	struct move { int64_t id; char *value; bool dup; struct move *next; } *moves = NULL;
	while (db_next(r)) {
		struct move *m = arena_calloc(a, 1, sizeof *m);
		m->id = db_col_int(r, 0);
		size_t len;
		const void *blob = db_col_blob(r, 1, &len);
		m->value = seal_open(a, table, column, drop, blob, len, NULL);
		m->dup = db_col_int(r, 2) != 0;
		m->next = moves;
		moves = m;
	}
	if (db_done(r) != DB_OK)
		return false;
	for (struct move *m = moves; m; m = m->next) {
		if (m->dup || m->value == NULL) {
			if (db_exec(db, email ? "DELETE FROM person_emails WHERE id = ?"
			                      : "DELETE FROM person_phones WHERE id = ?",
			            DB_ARGS(DB_INT(m->id))) != DB_OK)
				return false;
			continue;
		}
		size_t len;
		unsigned char *blob = seal_value(a, table, column, keep, m->value, strlen(m->value), &len);
		if (blob == NULL ||
		    db_exec(db, email ? "UPDATE person_emails SET person_id = ?, email_sealed = ? WHERE id = ?"
		                      : "UPDATE person_phones SET person_id = ?, phone_sealed = ? WHERE id = ?",
		            DB_ARGS(DB_INT(keep), DB_BLOB(blob, len), DB_INT(m->id))) != DB_OK)
			return false;
	}
	return true;
}

/* The cached consent per channel is the latest event's, now that both
 * histories are one. */
static bool recompute_consent(struct db *db, int64_t id)
{
	static const char *const sql[] = {
		"UPDATE people SET consent_email = COALESCE((SELECT status FROM consent_events WHERE "
		"person_id = ?1 AND channel = 'email' ORDER BY at DESC, id DESC LIMIT 1), 'never_asked') "
		"WHERE id = ?1",
		"UPDATE people SET consent_sms = COALESCE((SELECT status FROM consent_events WHERE "
		"person_id = ?1 AND channel = 'sms' ORDER BY at DESC, id DESC LIMIT 1), 'never_asked') "
		"WHERE id = ?1",
		"UPDATE people SET consent_phone = COALESCE((SELECT status FROM consent_events WHERE "
		"person_id = ?1 AND channel = 'phone' ORDER BY at DESC, id DESC LIMIT 1), 'never_asked') "
		"WHERE id = ?1",
	};
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++)
		if (db_exec(db, sql[i], DB_ARGS(DB_INT(id))) != DB_OK)
			return false;
	return true;
}

/* Statements that move rows with (keep, drop) bound, in this order. */
static const char *const move_sql[] = {
	"UPDATE people SET "
	"given_name = CASE WHEN given_name = '' THEN (SELECT given_name FROM people WHERE id = ?2) ELSE given_name END, "
	"family_name = CASE WHEN family_name = '' THEN (SELECT family_name FROM people WHERE id = ?2) ELSE family_name END, "
	"known_as = CASE WHEN known_as = '' THEN (SELECT known_as FROM people WHERE id = ?2) ELSE known_as END, "
	"postal_code = CASE WHEN postal_code = '' THEN (SELECT postal_code FROM people WHERE id = ?2) ELSE postal_code END, "
	"lang = CASE WHEN lang = '' THEN (SELECT lang FROM people WHERE id = ?2) ELSE lang END, "
	"source = CASE WHEN source = '' THEN (SELECT source FROM people WHERE id = ?2) ELSE source END, "
	"availability = availability | (SELECT availability FROM people WHERE id = ?2), "
	"created_at = MIN(created_at, (SELECT created_at FROM people WHERE id = ?2)) "
	"WHERE id = ?1",
	"INSERT OR IGNORE INTO person_languages (person_id, lang) "
	"SELECT ?1, lang FROM person_languages WHERE person_id = ?2",
	"DELETE FROM person_languages WHERE person_id = ?2",
	"INSERT OR IGNORE INTO person_talents (person_id, talent_id, detail) "
	"SELECT ?1, talent_id, detail FROM person_talents WHERE person_id = ?2",
	"DELETE FROM person_talents WHERE person_id = ?2",
	"INSERT OR IGNORE INTO taggings (tag_id, person_id, created_at) "
	"SELECT tag_id, ?1, created_at FROM taggings WHERE person_id = ?2",
	"DELETE FROM taggings WHERE person_id = ?2",
	"UPDATE consent_events SET person_id = ?1 WHERE person_id = ?2",
	"UPDATE activities SET person_id = ?1 WHERE person_id = ?2",
	"UPDATE messages SET person_id = ?1 WHERE person_id = ?2",
	"UPDATE people SET merged_into = ?1 WHERE merged_into = ?2",
	/* the tombstone keeps nothing about the person */
	"UPDATE people SET merged_into = ?1, given_name = '', family_name = '', known_as = '', "
	"name_fold = '', postal_code = '', address_sealed = NULL, notes_sealed = NULL, "
	"updated_at = strftime('%s', 'now') WHERE id = ?2",
	"DELETE FROM people_search WHERE rowid = ?2",
};

static bool reindex_name(struct db *db, struct arena *a, int64_t id)
{
	struct db_rows *r = db_query(db,
		"SELECT given_name || ' ' || family_name || ' ' || known_as FROM people WHERE id = ?",
		DB_ARGS(DB_INT(id)));
	char *names = db_next(r) ? db_col_dup(r, 0, a) : NULL;
	if (db_done(r) != DB_OK || names == NULL)
		return false;
	char *fold = text_trim(text_fold(a, names));
	return db_exec(db, "UPDATE people SET name_fold = ?, updated_at = ? WHERE id = ?",
	               DB_ARGS(DB_TEXT(fold), DB_INT(time(NULL)), DB_INT(id))) == DB_OK &&
	       db_exec(db, "DELETE FROM people_search WHERE rowid = ?", DB_ARGS(DB_INT(id))) == DB_OK &&
	       db_exec(db, "INSERT INTO people_search (rowid, name_fold) VALUES (?, ?)",
	               DB_ARGS(DB_INT(id), DB_TEXT(fold))) == DB_OK;
}

bool person_merge(struct db *db, int64_t keep, int64_t drop, int64_t by_user)
{
	(void)by_user; /* who merged is in the audit log and the activity */
	if (keep == drop || !alive(db, keep) || !alive(db, drop))
		return false;
	struct arena *a = arena_new(4096);
	bool ok = merge_sealed(db, a, keep, drop) && merge_contacts(db, a, keep, drop, true) &&
	          merge_contacts(db, a, keep, drop, false);
	for (size_t i = 0; ok && i < n_hooks; i++)
		ok = hooks[i](db, keep, drop);
	for (size_t i = 0; ok && i < sizeof move_sql / sizeof move_sql[0]; i++)
		ok = db_exec(db, move_sql[i], DB_ARGS(DB_INT(keep), DB_INT(drop))) == DB_OK;
	ok = ok && recompute_consent(db, keep) && reindex_name(db, a, keep) &&
	     person_activity(db, keep, "merged", "person", drop, NULL);
	arena_destroy(a);
	return ok;
}

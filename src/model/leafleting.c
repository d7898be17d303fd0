#include "model/leafleting.h"

#include <string.h>
#include <time.h>

#include "db/db.h"

int64_t shift_create(struct db *db, const struct shift *s)
{
	if (db_exec(db,
	            "INSERT INTO leafleting_shifts (place, shift_date, start_time, minutes, others, "
	            "conversations, follow_ups, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	            DB_ARGS(DB_TEXT(s->place), DB_TEXT(s->date), DB_TEXT(s->start_time ? s->start_time : ""),
	                    DB_INT(s->minutes), DB_INT(s->others), DB_INT(s->conversations),
	                    DB_INT(s->follow_ups), s->created_by > 0 ? DB_INT(s->created_by) : DB_NULL,
	                    DB_INT(time(NULL)))) != DB_OK)
		return -1;
	int64_t id = db_last_id(db);
	for (size_t i = 0; i < s->n_volunteers; i++)
		if (db_exec(db, "INSERT OR IGNORE INTO leafleting_volunteers (shift_id, user_id) VALUES (?, ?)",
		            DB_ARGS(DB_INT(id), DB_INT(s->volunteers[i]))) != DB_OK)
			return -1;
	for (size_t i = 0; i < s->n_counts; i++)
		if (s->counts[i].leaflets > 0 &&
		    db_exec(db, "INSERT INTO leafleting_counts (shift_id, lang, leaflets) VALUES (?, ?, ?)",
		            DB_ARGS(DB_INT(id), DB_TEXT(s->counts[i].lang), DB_INT(s->counts[i].leaflets))) != DB_OK)
			return -1;
	return id;
}

size_t shifts_recent(struct db *db, struct arena *a, struct shift *out, size_t cap)
{
	size_t n = 0;
	struct db_rows *r = db_query(db,
		"SELECT id, place, shift_date, start_time, minutes, others, conversations, follow_ups, "
		"COALESCE(created_by, 0) FROM leafleting_shifts ORDER BY shift_date DESC, start_time DESC, id DESC "
		"LIMIT ?",
		DB_ARGS(DB_INT(cap)));
	while (n < cap && db_next(r)) {
		struct shift *s = &out[n++];
		memset(s, 0, sizeof *s);
		s->id = db_col_int(r, 0);
		s->place = db_col_dup(r, 1, a);
		s->date = db_col_dup(r, 2, a);
		s->start_time = db_col_dup(r, 3, a);
		s->minutes = db_col_int(r, 4);
		s->others = db_col_int(r, 5);
		s->conversations = db_col_int(r, 6);
		s->follow_ups = db_col_int(r, 7);
		s->created_by = db_col_int(r, 8);
	}
	db_done(r);
	for (size_t i = 0; i < n; i++) {
		struct shift *s = &out[i];
		r = db_query(db, "SELECT user_id FROM leafleting_volunteers WHERE shift_id = ? ORDER BY user_id",
		             DB_ARGS(DB_INT(s->id)));
		while (s->n_volunteers < LEAFLETING_MAX_VOLUNTEERS && db_next(r))
			s->volunteers[s->n_volunteers++] = db_col_int(r, 0);
		db_done(r);
		r = db_query(db, "SELECT lang, leaflets FROM leafleting_counts WHERE shift_id = ? ORDER BY lang",
		             DB_ARGS(DB_INT(s->id)));
		while (s->n_counts < LEAFLETING_MAX_LANGS && db_next(r)) {
			s->counts[s->n_counts].lang = db_col_dup(r, 0, a);
			s->counts[s->n_counts++].leaflets = db_col_int(r, 1);
		}
		db_done(r);
	}
	return n;
}

size_t shifts_summary(struct db *db, struct arena *a, struct shift_summary *out, size_t cap)
{
	size_t n = 0;
	struct db_rows *r = db_query(db,
		"SELECT substr(s.shift_date, 1, 7) AS month, s.place, COUNT(*), "
		"SUM(s.others + (SELECT COUNT(*) FROM leafleting_volunteers v WHERE v.shift_id = s.id)), "
		"SUM(s.conversations), SUM(s.follow_ups), "
		"SUM((SELECT COALESCE(SUM(c.leaflets), 0) FROM leafleting_counts c WHERE c.shift_id = s.id)) "
		"FROM leafleting_shifts s GROUP BY month, s.place ORDER BY month DESC, s.place LIMIT ?",
		DB_ARGS(DB_INT(cap)));
	while (n < cap && db_next(r)) {
		struct shift_summary *m = &out[n++];
		memset(m, 0, sizeof *m);
		m->month = db_col_dup(r, 0, a);
		m->place = db_col_dup(r, 1, a);
		m->shifts = db_col_int(r, 2);
		m->people = db_col_int(r, 3);
		m->conversations = db_col_int(r, 4);
		m->follow_ups = db_col_int(r, 5);
		m->leaflets = db_col_int(r, 6);
	}
	db_done(r);
	for (size_t i = 0; i < n; i++) {
		struct shift_summary *m = &out[i];
		r = db_query(db,
			"SELECT c.lang, SUM(c.leaflets) FROM leafleting_counts c JOIN leafleting_shifts s ON "
			"s.id = c.shift_id WHERE substr(s.shift_date, 1, 7) = ? AND s.place = ? GROUP BY c.lang "
			"ORDER BY SUM(c.leaflets) DESC, c.lang",
			DB_ARGS(DB_TEXT(m->month), DB_TEXT(m->place)));
		while (m->n_counts < LEAFLETING_MAX_LANGS && db_next(r)) {
			m->counts[m->n_counts].lang = db_col_dup(r, 0, a);
			m->counts[m->n_counts++].leaflets = db_col_int(r, 1);
		}
		db_done(r);
	}
	return n;
}

size_t shift_places(struct db *db, struct arena *a, const char **out, size_t cap)
{
	size_t n = 0;
	struct db_rows *r = db_query(db,
		"SELECT place FROM leafleting_shifts GROUP BY place ORDER BY COUNT(*) DESC, place LIMIT ?",
		DB_ARGS(DB_INT(cap)));
	while (n < cap && db_next(r))
		out[n++] = db_col_dup(r, 0, a);
	db_done(r);
	return n;
}

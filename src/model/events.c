#include "model/events.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/random.h"
#include "core/text.h"
#include "crypto/keys.h"
#include "crypto/seal.h"
#include "db/db.h"
#include "i18n/i18n.h"
#include "i18n/msgid.h"
#include "model/ics.h"
#include "model/outbox.h"
#include "model/people.h"

const char *const event_fields[] = { "title", "description", "directions", "accessibility", NULL };

#define REMIND_DAY (24 * 3600)
#define REMIND_HOURS (2 * 3600)

#define COLS "id, slug, starts_at, ends_at, place, capacity, interpretation, childcare, visibility, " \
	"anonymous_count, sequence, created_at, updated_at, " \
	"(SELECT count(*) FROM event_rsvps r WHERE r.event_id = events.id AND r.status = 'going'), " \
	"(SELECT count(*) FROM event_rsvps r WHERE r.event_id = events.id AND r.status = 'waitlist'), " \
	"(SELECT count(*) FROM event_rsvps r WHERE r.event_id = events.id AND r.checked_in_at IS NOT NULL)"

static void row_to_event(struct db_rows *r, struct arena *a, struct event *e)
{
	*e = (struct event){
		.id = db_col_int(r, 0), .slug = db_col_dup(r, 1, a), .starts_at = db_col_int(r, 2),
		.ends_at = db_col_int(r, 3), .place = db_col_dup(r, 4, a), .capacity = db_col_int(r, 5),
		.interpretation = db_col_dup(r, 6, a), .childcare = db_col_int(r, 7) != 0,
		.unlisted = db_col_text(r, 8) && strcmp(db_col_text(r, 8), "unlisted") == 0,
		.anonymous_count = db_col_int(r, 9), .sequence = db_col_int(r, 10),
		.created_at = db_col_int(r, 11), .updated_at = db_col_int(r, 12), .going = db_col_int(r, 13),
		.waitlist = db_col_int(r, 14), .checked_in = db_col_int(r, 15),
	};
}

static bool load(struct db_rows *r, struct arena *a, struct event *out)
{
	bool found = db_next(r);
	if (found)
		row_to_event(r, a, out);
	return db_done(r) == DB_OK && found;
}

bool event_get(struct db *db, struct arena *a, int64_t id, struct event *out)
{
	return load(db_query(db, "SELECT " COLS " FROM events WHERE id = ?", DB_ARGS(DB_INT(id))), a, out);
}

bool event_by_slug(struct db *db, struct arena *a, const char *slug, struct event *out)
{
	return load(db_query(db, "SELECT " COLS " FROM events WHERE slug = ?", DB_ARGS(DB_TEXT(slug))), a, out);
}

int64_t event_create(struct db *db, const struct event *e, int64_t by_user)
{
	int64_t now = time(NULL);
	if (db_exec(db,
	            "INSERT INTO events (slug, starts_at, ends_at, place, capacity, interpretation, childcare, "
	            "visibility, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	            "ON CONFLICT (slug) DO NOTHING",
	            DB_ARGS(DB_TEXT(e->slug), DB_INT(e->starts_at), DB_INT(e->ends_at),
	                    DB_TEXT(e->place ? e->place : ""), DB_INT(e->capacity),
	                    DB_TEXT(e->interpretation ? e->interpretation : ""), DB_INT(e->childcare),
	                    DB_TEXT(e->unlisted ? "unlisted" : "public"), by_user ? DB_INT(by_user) : DB_NULL,
	                    DB_INT(now), DB_INT(now))) != DB_OK)
		return -1;
	return db_changes(db) ? db_last_id(db) : 0;
}

int event_update(struct db *db, const struct event *e)
{
	int64_t taken = 0;
	if (db_get_int(db, "SELECT count(*) FROM events WHERE slug = ? AND id != ?",
	               DB_ARGS(DB_TEXT(e->slug), DB_INT(e->id)), &taken) != DB_OK)
		return DB_ERROR;
	if (taken)
		return DB_CONFLICT;
	return db_exec(db,
		"UPDATE events SET slug = ?, starts_at = ?, ends_at = ?, place = ?, capacity = ?, "
		"interpretation = ?, childcare = ?, visibility = ?, sequence = sequence + 1, updated_at = ? "
		"WHERE id = ?",
		DB_ARGS(DB_TEXT(e->slug), DB_INT(e->starts_at), DB_INT(e->ends_at), DB_TEXT(e->place ? e->place : ""),
		        DB_INT(e->capacity), DB_TEXT(e->interpretation ? e->interpretation : ""),
		        DB_INT(e->childcare), DB_TEXT(e->unlisted ? "unlisted" : "public"), DB_INT(time(NULL)),
		        DB_INT(e->id)));
}

bool events_list(struct db *db, struct arena *a, bool public_only, int64_t from, int64_t offset,
                 int64_t limit, event_row_fn fn, void *ctx, int64_t *total)
{
	if (total && db_get_int(db, "SELECT count(*) FROM events WHERE (? = 0 OR visibility = 'public') "
	                            "AND ends_at >= ?",
	                        DB_ARGS(DB_INT(public_only), DB_INT(from)), total) != DB_OK)
		return false;
	struct db_rows *r = db_query(db,
		"SELECT " COLS " FROM events WHERE (? = 0 OR visibility = 'public') AND ends_at >= ? "
		"ORDER BY starts_at, id LIMIT ? OFFSET ?",
		DB_ARGS(DB_INT(public_only), DB_INT(from), DB_INT(limit), DB_INT(offset)));
	while (db_next(r)) {
		struct event e;
		row_to_event(r, a, &e);
		fn(&e, ctx);
	}
	return db_done(r) == DB_OK;
}

/* ---- RSVPs ---- */

const char *rsvp_status_name(enum rsvp_status s)
{
	return s == RSVP_GOING ? "going" : s == RSVP_WAITLIST ? "waitlist" : "cancelled";
}

static enum rsvp_status status_parse(const char *s)
{
	return s && strcmp(s, "going") == 0 ? RSVP_GOING : s && strcmp(s, "waitlist") == 0 ? RSVP_WAITLIST
	                                                                                  : RSVP_CANCELLED;
}

static void token_hash(const char *token, unsigned char out[32])
{
	char msg[128];
	snprintf(msg, sizeof msg, "rsvp:%s", token);
	secret_hash(KEY_SESSIONS, msg, out);
}

/* The confirmation (with the .ics) and, for people going, the reminders
 * the day before and two hours before, in the person's language. */
static bool queue_messages(struct db *db, struct arena *a, int64_t rsvp_id, int64_t person_id,
                           int64_t event_id, const char *email, const char *phone, const char *lang,
                           const char *kind, bool going, const struct event_words *w,
                           const char *token, const char *ics)
{
	if (email == NULL && phone == NULL)
		return true;
	int64_t now = time(NULL), starts = 0;
	if (db_get_int(db, "SELECT starts_at FROM events WHERE id = ?", DB_ARGS(DB_INT(event_id)), &starts) != DB_OK)
		return false;
	const char *link = token ? arena_printf(a, "%s%s", w->link_prefix ? w->link_prefix : "", token)
	                         : w->page_url ? w->page_url : "";
	const char *subject_id = strcmp(kind, "going") == 0 ? N_("event.msg.going.subject") :
	                         strcmp(kind, "waitlist") == 0 ? N_("event.msg.waitlist.subject") :
	                         N_("event.msg.moved_up.subject");
	const char *body_id = strcmp(kind, "going") == 0 ? N_("event.msg.going") :
	                      strcmp(kind, "waitlist") == 0 ? N_("event.msg.waitlist") : N_("event.msg.moved_up");
	const char *title = w->title ? w->title : "", *when = w->when ? w->when : "",
	           *place = w->place ? w->place : "";
	struct outbox_message m = {
		.channel = email ? OUTBOX_EMAIL : OUTBOX_SMS, .person_id = person_id, .to = email ? email : phone,
		.lang = lang,
		.subject = email ? i18n_format(a, lang, subject_id, "title", title, NULL) : NULL,
		.body = i18n_format(a, lang, body_id, "title", title, "when", when, "place", place, "link", link, NULL),
		.purpose = arena_printf(a, "event.%s", kind), .ref_kind = "rsvp", .ref_id = rsvp_id,
		.idempotency_key = arena_printf(a, "event.%s.%lld.%lld", kind, (long long)rsvp_id, (long long)now),
	};
	if (email && ics && going) {
		m.attachment_name = "event.ics";
		m.attachment_type = "text/calendar; method=PUBLISH; charset=utf-8";
		m.attachment = ics;
		m.attachment_len = strlen(ics);
	}
	if (outbox_enqueue(db, &m) < 0)
		return false;
	if (!going)
		return true;
	static const struct { const char *purpose; int64_t before; } reminders[] = {
		{ "event.reminder.day", REMIND_DAY }, { "event.reminder.2h", REMIND_HOURS },
	};
	for (size_t i = 0; i < 2; i++) {
		int64_t at = starts - reminders[i].before;
		if (at <= now)
			continue;
		struct outbox_message r = {
			.channel = m.channel, .person_id = person_id, .to = m.to, .lang = lang,
			.subject = email ? i18n_format(a, lang, N_("event.msg.reminder.subject"), "title", title,
			                               "when", when, NULL) : NULL,
			.body = i18n_format(a, lang, N_("event.msg.reminder"), "title", title, "when", when, "place",
			                    place, "link", link, NULL),
			.purpose = reminders[i].purpose, .ref_kind = "rsvp", .ref_id = rsvp_id,
			.idempotency_key = arena_printf(a, "%s.%lld.%lld", reminders[i].purpose, (long long)rsvp_id,
			                                (long long)now),
			.not_before = at,
		};
		if (outbox_enqueue(db, &r) < 0)
			return false;
	}
	return true;
}

static bool has_room(struct db *db, int64_t event_id, bool *room)
{
	int64_t capacity = 0, going = 0;
	if (db_get_int(db, "SELECT capacity FROM events WHERE id = ?", DB_ARGS(DB_INT(event_id)), &capacity) != DB_OK ||
	    db_get_int(db, "SELECT count(*) FROM event_rsvps WHERE event_id = ? AND status = 'going'",
	               DB_ARGS(DB_INT(event_id)), &going) != DB_OK)
		return false;
	*room = capacity == 0 || going < capacity;
	return true;
}

static bool first_event(struct db *db, int64_t person_id, int64_t rsvp_id, bool *first)
{
	int64_t before = 0;
	if (db_get_int(db, "SELECT count(*) FROM event_rsvps WHERE person_id = ? AND id != ? "
	                   "AND checked_in_at IS NOT NULL", DB_ARGS(DB_INT(person_id), DB_INT(rsvp_id)),
	               &before) != DB_OK)
		return false;
	*first = before == 0;
	return true;
}

bool event_rsvp(struct db *db, struct arena *a, const struct rsvp_input *in, struct rsvp_result *out)
{
	*out = (struct rsvp_result){ 0 };
	struct person_input p = {
		.given_name = in->given_name, .family_name = in->family_name, .lang = in->lang, .source = "event",
		.emails = (const char *const[]){ in->email }, .n_emails = in->email ? 1 : 0,
		.phones = (const char *const[]){ in->phone }, .n_phones = in->phone ? 1 : 0,
		.subscribe = { in->subscribe[0], in->subscribe[1], in->subscribe[2] },
		.how = in->how ? in->how : "event.rsvp",
	};
	const char *spoken[1] = { in->interpretation };
	if (in->interpretation && *in->interpretation) {
		p.languages = spoken;
		p.n_languages = 1;
	}
	out->person_id = person_upsert(db, &p, &out->person_created);
	if (out->person_id < 0)
		return false;
	int64_t now = time(NULL);
	struct db_rows *r = db_query(db, "SELECT id, status FROM event_rsvps WHERE event_id = ? AND person_id = ?",
	                             DB_ARGS(DB_INT(in->event_id), DB_INT(out->person_id)));
	int64_t existing = 0;
	enum rsvp_status old = RSVP_CANCELLED;
	if (db_next(r)) {
		existing = db_col_int(r, 0);
		old = status_parse(db_col_text(r, 1));
	}
	if (db_done(r) != DB_OK)
		return false;
	if (existing && old != RSVP_CANCELLED) {
		/* registered already; at the door that means checking them in */
		out->already = true;
		out->rsvp_id = existing;
		out->status = in->walk_in ? RSVP_GOING : old;
		return !in->walk_in || event_check_in(db, in->event_id, existing);
	}
	bool room = true;
	if (!in->walk_in && !has_room(db, in->event_id, &room))
		return false;
	out->status = room ? RSVP_GOING : RSVP_WAITLIST;
	out->token = random_token(a, 24);
	unsigned char hash[32];
	token_hash(out->token, hash);
	const char *name = arena_printf(a, "%s%s%s", in->given_name ? in->given_name : "",
	                                in->family_name && *in->family_name ? " " : "",
	                                in->family_name ? in->family_name : "");
	const char *fold = text_trim(text_fold(a, name));
	bool ok;
	if (existing) {
		ok = db_exec(db,
			"UPDATE event_rsvps SET status = ?, name = ?, name_fold = ?, lang = ?, interpretation = ?, "
			"childcare = ?, cancel_hash = ?, walk_in = walk_in OR ?, "
			"checked_in_at = CASE WHEN ? THEN coalesce(checked_in_at, ?) ELSE checked_in_at END, "
			"updated_at = ? WHERE id = ?",
			DB_ARGS(DB_TEXT(rsvp_status_name(out->status)), DB_TEXT(name), DB_TEXT(fold),
			        DB_TEXT(in->lang ? in->lang : ""), DB_TEXT(in->interpretation ? in->interpretation : ""),
			        DB_INT(in->childcare), DB_BLOB(hash, sizeof hash), DB_INT(in->walk_in),
			        DB_INT(in->walk_in), DB_INT(now), DB_INT(now), DB_INT(existing))) == DB_OK;
		out->rsvp_id = existing;
	} else {
		ok = db_exec(db,
			"INSERT INTO event_rsvps (event_id, person_id, name, name_fold, status, lang, interpretation, "
			"childcare, cancel_hash, walk_in, new_person, checked_in_at, created_at, updated_at) "
			"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			DB_ARGS(DB_INT(in->event_id), DB_INT(out->person_id), DB_TEXT(name), DB_TEXT(fold),
			        DB_TEXT(rsvp_status_name(out->status)), DB_TEXT(in->lang ? in->lang : ""),
			        DB_TEXT(in->interpretation ? in->interpretation : ""), DB_INT(in->childcare),
			        DB_BLOB(hash, sizeof hash), DB_INT(in->walk_in), DB_INT(out->person_created),
			        in->walk_in ? DB_INT(now) : DB_NULL, DB_INT(now), DB_INT(now))) == DB_OK;
		out->rsvp_id = db_last_id(db);
	}
	if (ok)
		ok = person_activity(db, out->person_id, "event.rsvp", "event", in->event_id,
		                     in->walk_in ? "walk_in" : rsvp_status_name(out->status));
	if (ok && in->walk_in) {
		bool first = false;
		ok = first_event(db, out->person_id, out->rsvp_id, &first) &&
		     db_exec(db, "UPDATE event_rsvps SET first_time = ? WHERE id = ?",
		             DB_ARGS(DB_INT(first), DB_INT(out->rsvp_id))) == DB_OK &&
		     person_activity(db, out->person_id, "event.attended", "event", in->event_id, "walk_in");
	}
	if (ok && !in->walk_in)
		ok = queue_messages(db, a, out->rsvp_id, out->person_id, in->event_id, in->email, in->phone,
		                    in->lang ? in->lang : "en", out->status == RSVP_GOING ? "going" : "waitlist",
		                    out->status == RSVP_GOING, &in->words, out->token, in->ics);
	return ok;
}

static bool load_rsvp(struct db_rows *r, struct arena *a, struct rsvp *out)
{
	bool found = db_next(r);
	if (found)
		*out = (struct rsvp){
			.id = db_col_int(r, 0), .event_id = db_col_int(r, 1), .person_id = db_col_int(r, 2),
			.name = db_col_dup(r, 3, a), .lang = db_col_dup(r, 4, a), .interpretation = db_col_dup(r, 5, a),
			.status = status_parse(db_col_text(r, 6)), .childcare = db_col_int(r, 7),
			.checked_in_at = db_col_null(r, 8) ? 0 : db_col_int(r, 8), .created_at = db_col_int(r, 9),
			.walk_in = db_col_int(r, 10) != 0, .new_person = db_col_int(r, 11) != 0,
			.first_time = db_col_int(r, 12) != 0, .waitlist_position = db_col_int(r, 13),
		};
	return found;
}

#define RSVP_COLS "id, event_id, person_id, name, lang, interpretation, status, childcare, checked_in_at, " \
	"created_at, walk_in, new_person, first_time, " \
	"CASE WHEN status = 'waitlist' THEN (SELECT count(*) FROM event_rsvps w WHERE w.event_id = " \
	"event_rsvps.event_id AND w.status = 'waitlist' AND w.id <= event_rsvps.id) ELSE 0 END"

bool rsvp_by_token(struct db *db, struct arena *a, const char *token, struct rsvp *out)
{
	if (token == NULL || strlen(token) < 20 || strlen(token) > 64)
		return false;
	unsigned char hash[32];
	token_hash(token, hash);
	struct db_rows *r = db_query(db, "SELECT " RSVP_COLS " FROM event_rsvps WHERE cancel_hash = ?",
	                             DB_ARGS(DB_BLOB(hash, sizeof hash)));
	bool found = load_rsvp(r, a, out);
	return db_done(r) == DB_OK && found;
}

/* Moves the first on the waiting list up when there is room, with their
 * message; *moved is its RSVP id, or 0 when nobody moved. */
static bool promote_one(struct db *db, struct arena *a, int64_t event_id, event_words_fn words_for, void *ctx,
                        int64_t *moved)
{
	*moved = 0;
	bool room = false;
	if (!has_room(db, event_id, &room))
		return false;
	if (!room)
		return true;
	struct db_rows *r = db_query(db, "SELECT " RSVP_COLS " FROM event_rsvps WHERE event_id = ? "
	                                 "AND status = 'waitlist' ORDER BY id LIMIT 1", DB_ARGS(DB_INT(event_id)));
	struct rsvp next;
	bool found = load_rsvp(r, a, &next);
	if (db_done(r) != DB_OK)
		return false;
	if (!found)
		return true;
	if (db_exec(db, "UPDATE event_rsvps SET status = 'going', updated_at = ? WHERE id = ?",
	            DB_ARGS(DB_INT(time(NULL)), DB_INT(next.id))) != DB_OK ||
	    !person_activity(db, next.person_id, "event.moved_up", "event", event_id, NULL))
		return false;
	*moved = next.id;
	struct person p;
	if (!person_get(db, a, next.person_id, true, &p))
		return true;
	const char *email = p.emails && p.emails[0] ? p.emails[0] : NULL;
	const char *phone = p.phones && p.phones[0] ? p.phones[0] : NULL;
	const char *lang = next.lang && *next.lang ? next.lang : "en";
	struct event_words w = { 0 };
	const char *ics = NULL;
	if (words_for && !words_for(a, event_id, lang, &w, &ics, ctx))
		return true;
	/* the message links to the event page: the personal link's token is
	 * not kept in clear, so it cannot be sent again */
	return queue_messages(db, a, next.id, next.person_id, event_id, email, phone, lang, "moved_up", true, &w,
	                      NULL, ics);
}

bool rsvp_cancel(struct db *db, struct arena *a, int64_t rsvp_id, event_words_fn words_for, void *ctx,
                 int64_t *moved_up)
{
	*moved_up = 0;
	struct db_rows *r = db_query(db, "SELECT " RSVP_COLS " FROM event_rsvps WHERE id = ?",
	                             DB_ARGS(DB_INT(rsvp_id)));
	struct rsvp cur;
	bool found = load_rsvp(r, a, &cur);
	if (db_done(r) != DB_OK || !found)
		return false;
	if (cur.status == RSVP_CANCELLED)
		return true;
	int64_t now = time(NULL);
	if (db_exec(db, "UPDATE event_rsvps SET status = 'cancelled', updated_at = ? WHERE id = ?",
	            DB_ARGS(DB_INT(now), DB_INT(rsvp_id))) != DB_OK ||
	    outbox_cancel(db, NULL, "rsvp", rsvp_id) < 0 ||
	    !person_activity(db, cur.person_id, "event.cancelled", "event", cur.event_id, NULL))
		return false;
	if (cur.status != RSVP_GOING)
		return true;
	/* a place is free: the first on the waiting list moves up */
	return promote_one(db, a, cur.event_id, words_for, ctx, moved_up);
}

bool event_fill_from_waitlist(struct db *db, struct arena *a, int64_t event_id, event_words_fn words_for,
                              void *ctx, int64_t *moved)
{
	*moved = 0;
	for (int64_t id = 1; id != 0;) {
		if (!promote_one(db, a, event_id, words_for, ctx, &id))
			return false;
		if (id)
			(*moved)++;
	}
	return true;
}

/* ---- the door ---- */

bool event_rsvps(struct db *db, struct arena *a, int64_t event_id, const char *q, int64_t limit,
                 rsvp_row_fn fn, void *ctx)
{
	const char *pattern = "%";
	if (q && *q) {
		char *f = text_trim(text_fold(a, q));
		struct buf b;
		buf_init(&b, a, strlen(f) + 3);
		buf_putc(&b, '%');
		for (const char *p = f; *p; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				buf_putc(&b, '\\');
			buf_putc(&b, *p);
		}
		buf_putc(&b, '%');
		pattern = b.data;
	}
	struct db_rows *r = db_query(db,
		"SELECT " RSVP_COLS " FROM event_rsvps WHERE event_id = ? AND status != 'cancelled' "
		"AND name_fold LIKE ? ESCAPE '\\' ORDER BY checked_in_at IS NOT NULL, name_fold, id LIMIT ?",
		DB_ARGS(DB_INT(event_id), DB_TEXT(pattern), DB_INT(limit)));
	struct rsvp row;
	while (load_rsvp(r, a, &row))
		fn(&row, ctx);
	return db_done(r) == DB_OK;
}

bool event_check_in(struct db *db, int64_t event_id, int64_t rsvp_id)
{
	int64_t person = 0, checked = 0;
	struct db_rows *r = db_query(db, "SELECT person_id, checked_in_at IS NOT NULL FROM event_rsvps "
	                                 "WHERE id = ? AND event_id = ? AND status != 'cancelled'",
	                             DB_ARGS(DB_INT(rsvp_id), DB_INT(event_id)));
	bool found = db_next(r);
	if (found) {
		person = db_col_int(r, 0);
		checked = db_col_int(r, 1);
	}
	if (db_done(r) != DB_OK || !found)
		return false;
	if (checked)
		return true;
	bool first = false;
	return first_event(db, person, rsvp_id, &first) &&
	       db_exec(db, "UPDATE event_rsvps SET checked_in_at = ?, first_time = ?, status = 'going', "
	                   "updated_at = ? WHERE id = ?",
	               DB_ARGS(DB_INT(time(NULL)), DB_INT(first), DB_INT(time(NULL)), DB_INT(rsvp_id))) == DB_OK &&
	       outbox_cancel(db, "event.reminder.2h", "rsvp", rsvp_id) >= 0 &&
	       person_activity(db, person, "event.attended", "event", event_id, NULL);
}

bool event_headcount(struct db *db, int64_t event_id, int delta)
{
	return db_exec(db, "UPDATE events SET anonymous_count = max(0, anonymous_count + ?) WHERE id = ?",
	               DB_ARGS(DB_INT(delta), DB_INT(event_id))) == DB_OK && db_changes(db) == 1;
}

bool event_totals(struct db *db, int64_t event_id, struct event_totals *out)
{
	*out = (struct event_totals){ 0 };
	struct db_rows *r = db_query(db,
		"SELECT coalesce(sum(status = 'going'), 0), coalesce(sum(status = 'waitlist'), 0), "
		"coalesce(sum(status = 'cancelled'), 0), coalesce(sum(checked_in_at IS NOT NULL), 0), "
		"coalesce(sum(walk_in), 0), coalesce(sum(checked_in_at IS NOT NULL AND new_person), 0), "
		"coalesce(sum(checked_in_at IS NOT NULL AND first_time), 0), "
		"(SELECT anonymous_count FROM events WHERE id = ?) FROM event_rsvps WHERE event_id = ?",
		DB_ARGS(DB_INT(event_id), DB_INT(event_id)));
	if (db_next(r)) {
		out->going = db_col_int(r, 0);
		out->waitlist = db_col_int(r, 1);
		out->cancelled = db_col_int(r, 2);
		out->checked_in = db_col_int(r, 3);
		out->walk_ins = db_col_int(r, 4);
		out->new_people = db_col_int(r, 5);
		out->first_timers = db_col_int(r, 6);
		out->anonymous = db_col_int(r, 7);
	}
	out->attendance = out->checked_in + out->anonymous;
	return db_done(r) == DB_OK;
}

void event_ics_fill(const struct event *e, const struct event_words *w, const char *description,
                    struct ics_event *out, struct arena *a)
{
	*out = (struct ics_event){
		.uid = arena_printf(a, "event-%lld-%lld@sanctuary", (long long)e->id, (long long)e->created_at),
		.dtstamp = e->updated_at ? e->updated_at : time(NULL),
		.starts_at = e->starts_at, .ends_at = e->ends_at,
		.summary = w && w->title ? w->title : e->slug, .description = description,
		.location = e->place, .sequence = e->sequence,
		.url = w && w->ics_url_prefix ? arena_printf(a, "%s%s", w->ics_url_prefix, e->slug) : NULL,
	};
}

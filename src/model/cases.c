#include "model/cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/random.h"
#include "core/tz.h"
#include "crypto/seal.h"
#include "db/db.h"
#include "i18n/i18n.h"
#include "i18n/msgid.h"
#include "model/changes.h"
#include "model/mobilize.h"
#include "model/outbox.h"
#include "model/settings.h"
#include "model/users.h"

const char *const case_file_columns[CF__COUNT] = {
	"legal_name", "a_number", "country", "situation", "detention", "facility",
	"attorney", "attorney_contact", "family", "notes",
};
const char *const case_file_msgids[CF__COUNT] = {
	N_("case.f.legal_name"), N_("case.f.a_number"), N_("case.f.country"),
	N_("case.f.situation"), N_("case.f.detention"), N_("case.f.facility"),
	N_("case.f.attorney"), N_("case.f.attorney_contact"), N_("case.f.family"),
	N_("case.f.notes"),
};

/* The UPDATE for each sealed column: constant SQL text only. */
static const char *const file_update_sql[CF__COUNT] = {
	"UPDATE cases SET legal_name_sealed = ? WHERE id = ?",
	"UPDATE cases SET a_number_sealed = ? WHERE id = ?",
	"UPDATE cases SET country_sealed = ? WHERE id = ?",
	"UPDATE cases SET situation_sealed = ? WHERE id = ?",
	"UPDATE cases SET detention_sealed = ? WHERE id = ?",
	"UPDATE cases SET facility_sealed = ? WHERE id = ?",
	"UPDATE cases SET attorney_sealed = ? WHERE id = ?",
	"UPDATE cases SET attorney_contact_sealed = ? WHERE id = ?",
	"UPDATE cases SET family_sealed = ? WHERE id = ?",
	"UPDATE cases SET notes_sealed = ? WHERE id = ?",
};

/* Seals `value` into table.column of row id with `sql` (UPDATE ... SET x = ? WHERE id = ?);
 * an empty value stores NULL. */
static bool seal_set(struct db *db, const char *table, const char *column, int64_t id,
                     const char *sql, const char *value)
{
	if (value == NULL || *value == '\0')
		return db_exec(db, sql, DB_ARGS(DB_NULL, DB_INT(id))) == DB_OK;
	struct arena *a = arena_new(1024 + strlen(value));
	if (a == NULL)
		return false;
	size_t len;
	unsigned char *blob = seal_value(a, table, column, id, value, strlen(value), &len);
	bool ok = blob && db_exec(db, sql, DB_ARGS(DB_BLOB(blob, len), DB_INT(id))) == DB_OK;
	arena_destroy(a);
	return ok;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

int64_t case_event_add(struct db *db, int64_t case_id, const char *kind, const char *text,
                       int64_t by_user, const char *ref_kind, int64_t ref_id)
{
	if (db_exec(db,
	            "INSERT INTO case_events (case_id, at, kind, by_user, ref_kind, ref_id) "
	            "VALUES (?, ?, ?, ?, ?, ?)",
	            DB_ARGS(DB_INT(case_id), DB_INT(time(NULL)), DB_TEXT(kind),
	                    by_user > 0 ? DB_INT(by_user) : DB_NULL, DB_TEXT(ref_kind),
	                    ref_kind ? DB_INT(ref_id) : DB_NULL)) != DB_OK)
		return -1;
	int64_t id = db_last_id(db);
	if (text && *text &&
	    !seal_set(db, "case_events", "text", id, "UPDATE case_events SET text_sealed = ? WHERE id = ?",
	              text))
		return -1;
	return id;
}

char *case_event_text(struct arena *a, int64_t event_id, const void *blob, size_t len)
{
	if (blob == NULL || len == 0)
		return NULL;
	return seal_open(a, "case_events", "text", event_id, blob, len, NULL);
}

int64_t case_create(struct db *db, const struct case_input *in)
{
	int64_t now = time(NULL);
	if (db_exec(db,
	            "INSERT INTO cases (person_id, title, consent_given_by, consent_by_user, consent_at, "
	            "consent_public, consent_photo, alias, created_by, created_at, updated_at) "
	            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	            DB_ARGS(in->person_id > 0 ? DB_INT(in->person_id) : DB_NULL, DB_TEXT(in->title),
	                    DB_TEXT(nz(in->consent_given_by)),
	                    in->by_user > 0 ? DB_INT(in->by_user) : DB_NULL, DB_INT(now),
	                    DB_INT(in->consent_public), DB_INT(in->consent_photo),
	                    DB_TEXT(in->consent_public ? nz(in->alias) : ""),
	                    in->by_user > 0 ? DB_INT(in->by_user) : DB_NULL, DB_INT(now),
	                    DB_INT(now))) != DB_OK)
		return -1;
	int64_t id = db_last_id(db);
	for (int f = 0; f < CF__COUNT; f++)
		if (in->file[f] && *in->file[f] &&
		    !seal_set(db, "cases", case_file_columns[f], id, file_update_sql[f], in->file[f]))
			return -1;
	if (in->by_user > 0 && !case_team_add(db, id, in->by_user))
		return -1;
	char consent[200];
	snprintf(consent, sizeof consent, "%s%s%s", nz(in->consent_given_by),
	         in->consent_public ? " · public page" : " · private", in->consent_photo ? " · photo" : "");
	if (case_event_add(db, id, "opened", NULL, in->by_user, NULL, 0) < 0 ||
	    case_event_add(db, id, "consent", consent, in->by_user, NULL, 0) < 0)
		return -1;
	return id;
}

bool case_update_file(struct db *db, int64_t id, const char *const file[CF__COUNT], int64_t by_user)
{
	for (int f = 0; f < CF__COUNT; f++)
		if (file[f] && !seal_set(db, "cases", case_file_columns[f], id, file_update_sql[f], file[f]))
			return false;
	return db_exec(db, "UPDATE cases SET updated_at = ? WHERE id = ?",
	               DB_ARGS(DB_INT(time(NULL)), DB_INT(id))) == DB_OK &&
	       case_event_add(db, id, "note", "file updated", by_user, NULL, 0) >= 0;
}

bool case_set_consent(struct db *db, int64_t id, const char *given_by, bool is_public, bool photo,
                      const char *alias, int64_t by_user)
{
	if (db_exec(db,
	            "UPDATE cases SET consent_given_by = ?, consent_by_user = ?, consent_at = ?, "
	            "consent_public = ?, consent_photo = ?, alias = ?, "
	            "published = CASE WHEN ? THEN published ELSE 0 END, updated_at = ? WHERE id = ?",
	            DB_ARGS(DB_TEXT(nz(given_by)), by_user > 0 ? DB_INT(by_user) : DB_NULL,
	                    DB_INT(time(NULL)), DB_INT(is_public), DB_INT(photo),
	                    DB_TEXT(is_public ? nz(alias) : ""), DB_INT(is_public),
	                    DB_INT(time(NULL)), DB_INT(id))) != DB_OK)
		return false;
	/* a withdrawn consent deletes what it allowed: the photo, and the
	 * public story (kept in the clear only because it was public) */
	if ((!photo || !is_public) &&
	    db_exec(db, "DELETE FROM case_photos WHERE case_id = ?", DB_ARGS(DB_INT(id))) != DB_OK)
		return false;
	if (!is_public &&
	    db_exec(db, "DELETE FROM translations WHERE entity = 'case' AND entity_id = ? AND field = 'story'",
	            DB_ARGS(DB_INT(id))) != DB_OK)
		return false;
	char consent[200];
	snprintf(consent, sizeof consent, "%s%s%s", nz(given_by),
	         is_public ? " · public page" : " · private", photo ? " · photo" : "");
	if (public_data_changed)
		public_data_changed();
	return case_event_add(db, id, "consent", consent, by_user, NULL, 0) >= 0;
}

bool case_get(struct db *db, struct arena *a, int64_t id, bool open_file, struct case_info *out)
{
	memset(out, 0, sizeof *out);
	struct db_rows *r = db_query(db,
		"SELECT id, COALESCE(person_id, 0), title, status, alias, slug, consent_given_by, "
		"consent_public, consent_photo, published, consent_at, COALESCE(consent_by_user, 0), "
		"outcome, COALESCE(outcome_until, 0), COALESCE(outcome_at, 0), created_at, "
		"legal_name_sealed, a_number_sealed, country_sealed, situation_sealed, detention_sealed, "
		"facility_sealed, attorney_sealed, attorney_contact_sealed, family_sealed, notes_sealed "
		"FROM cases WHERE id = ?",
		DB_ARGS(DB_INT(id)));
	bool found = false;
	if (db_next(r)) {
		found = true;
		out->id = db_col_int(r, 0);
		out->person_id = db_col_int(r, 1);
		out->title = db_col_dup(r, 2, a);
		out->status = db_col_dup(r, 3, a);
		out->alias = db_col_dup(r, 4, a);
		out->slug = db_col_null(r, 5) ? NULL : db_col_dup(r, 5, a);
		out->consent_given_by = db_col_dup(r, 6, a);
		out->consent_public = db_col_int(r, 7) != 0;
		out->consent_photo = db_col_int(r, 8) != 0;
		out->published = db_col_int(r, 9) != 0;
		out->consent_at = db_col_int(r, 10);
		out->consent_by_user = db_col_int(r, 11);
		out->outcome = db_col_null(r, 12) ? NULL : db_col_dup(r, 12, a);
		out->outcome_until = db_col_int(r, 13);
		out->outcome_at = db_col_int(r, 14);
		out->created_at = db_col_int(r, 15);
		for (int f = 0; open_file && f < CF__COUNT; f++) {
			size_t len = 0;
			const void *blob = db_col_blob(r, 16 + f, &len);
			if (blob && len)
				out->file[f] = seal_open(a, "cases", case_file_columns[f], id, blob, len, NULL);
		}
	}
	db_done(r);
	return found;
}

bool case_on_team(struct db *db, int64_t case_id, int64_t user_id)
{
	int64_t n = 0;
	return db_get_int(db, "SELECT COUNT(*) FROM case_team WHERE case_id = ? AND user_id = ?",
	                  DB_ARGS(DB_INT(case_id), DB_INT(user_id)), &n) == DB_OK && n > 0;
}

static bool queue_reminders(struct db *db, int64_t date_id);

bool case_team_add(struct db *db, int64_t case_id, int64_t user_id)
{
	if (db_exec(db, "INSERT OR IGNORE INTO case_team (case_id, user_id, added_at) VALUES (?, ?, ?)",
	            DB_ARGS(DB_INT(case_id), DB_INT(user_id), DB_INT(time(NULL)))) != DB_OK)
		return false;
	if (db_changes(db) == 0)
		return true;
	int64_t dates[256];
	size_t n = 0;
	struct db_rows *r = db_query(db,
		"SELECT id FROM case_dates WHERE case_id = ? AND status = 'scheduled' AND starts_at > ? "
		"ORDER BY starts_at LIMIT 256",
		DB_ARGS(DB_INT(case_id), DB_INT(time(NULL))));
	while (db_next(r))
		dates[n++] = db_col_int(r, 0);
	if (db_done(r) != DB_OK)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!queue_reminders(db, dates[i]))
			return false;
	return true;
}

bool case_team_remove(struct db *db, int64_t case_id, int64_t user_id)
{
	return db_exec(db, "DELETE FROM case_team WHERE case_id = ? AND user_id = ?",
	               DB_ARGS(DB_INT(case_id), DB_INT(user_id))) == DB_OK;
}

bool case_date_kind_valid(const char *kind)
{
	static const char *const kinds[] = { "checkin", "hearing", "deadline", "other" };
	for (size_t i = 0; kind && i < 4; i++)
		if (strcmp(kind, kinds[i]) == 0)
			return true;
	return false;
}

bool case_outcome_valid(const char *o)
{
	static const char *const outcomes[] = { "stay_granted", "released", "reopened", "deported",
	                                        "detained" };
	for (size_t i = 0; o && i < 5; i++)
		if (strcmp(o, outcomes[i]) == 0)
			return true;
	return false;
}

int64_t case_of_date(struct db *db, int64_t date_id)
{
	int64_t c = 0;
	if (db_get_int(db, "SELECT case_id FROM case_dates WHERE id = ?", DB_ARGS(DB_INT(date_id)),
	               &c) != DB_OK)
		return 0;
	return c;
}

static const char *kind_msgid(const char *kind)
{
	if (strcmp(kind, "checkin") == 0)
		return N_("case.date.checkin");
	if (strcmp(kind, "hearing") == 0)
		return N_("case.date.hearing");
	if (strcmp(kind, "deadline") == 0)
		return N_("case.date.deadline");
	return N_("case.date.other");
}

/* The origin for links in messages (SANCTUARY_PUBLIC_URL), or "" for
 * links relative to wherever the reader finds Sanctuary. */
static const char *public_url(void)
{
	static const char *url;
	if (url == NULL) {
		const char *env = getenv("SANCTUARY_PUBLIC_URL");
		url = env && strncmp(env, "http", 4) == 0 ? env : "";
	}
	return url;
}

/* Cancels a date's queued reminders; the next ones get new keys. */
static bool cancel_reminders(struct db *db, int64_t date_id)
{
	return outbox_cancel(db, "case.reminder", "case_date", date_id) >= 0 &&
	       db_exec(db, "UPDATE case_dates SET reminder_gen = reminder_gen + 1 WHERE id = ?",
	               DB_ARGS(DB_INT(date_id))) == DB_OK;
}

/* Queues the 7-day and 1-day reminders of a date to every member of the
 * case team (admins included only when they are on it). The key holds
 * the date's time, so a moved date gets new reminders. */
static bool queue_reminders(struct db *db, int64_t date_id)
{
	struct arena *a = arena_new(8192);
	if (a == NULL)
		return false;
	int64_t case_id = 0, starts = 0, gen = 0;
	char *kind = NULL, *place = NULL, *title = NULL, *case_title = NULL;
	struct db_rows *r = db_query(db,
		"SELECT d.case_id, d.starts_at, d.kind, d.place, d.title, c.title, d.reminder_gen FROM case_dates d "
		"JOIN cases c ON c.id = d.case_id WHERE d.id = ? AND d.status = 'scheduled'",
		DB_ARGS(DB_INT(date_id)));
	if (db_next(r)) {
		case_id = db_col_int(r, 0);
		starts = db_col_int(r, 1);
		kind = db_col_dup(r, 2, a);
		place = db_col_dup(r, 3, a);
		title = db_col_dup(r, 4, a);
		case_title = db_col_dup(r, 5, a);
		gen = db_col_int(r, 6);
	}
	if (db_done(r) != DB_OK) {
		arena_destroy(a);
		return false;
	}
	int64_t now = time(NULL);
	if (case_id == 0 || starts <= now) {
		arena_destroy(a);
		return true;
	}
	struct settings s;
	settings_get(&s);
	char when[40];
	tz_format(s.timezone, starts, when, sizeof when);
	int64_t users[64];
	size_t n_users = 0;
	r = db_query(db, "SELECT user_id FROM case_team WHERE case_id = ? ORDER BY user_id",
	             DB_ARGS(DB_INT(case_id)));
	while (db_next(r) && n_users < 64)
		users[n_users++] = db_col_int(r, 0);
	if (db_done(r) != DB_OK) {
		arena_destroy(a);
		return false;
	}
	static const struct { int64_t before; const char *tag; } marks[] = {
		{ 7 * 86400, "7d" }, { 86400, "1d" },
	};
	bool ok = true;
	for (size_t u = 0; ok && u < n_users; u++) {
		struct user usr;
		if (!user_by_id(db, a, users[u], &usr) || usr.disabled || usr.email == NULL)
			continue;
		const char *lang = usr.lang && *usr.lang ? usr.lang : s.default_lang;
		const char *what = i18n_get(lang, kind_msgid(kind));
		for (size_t k = 0; ok && k < 2; k++) {
			int64_t at = starts - marks[k].before;
			/* a reminder whose time has passed: only the nearest one, at once */
			if (at < now) {
				if (k == 0)
					continue;
				at = now;
			}
			char key[120];
			snprintf(key, sizeof key, "case.reminder.%lld.%lld.g%lld.%s.%lld", (long long)date_id,
			         (long long)starts, (long long)gen, marks[k].tag, (long long)users[u]);
			struct outbox_message m = {
				.channel = OUTBOX_EMAIL, .to = usr.email, .lang = lang,
				.subject = i18n_format(a, lang, N_("case.reminder.subject"), "what", what,
				                       "when", when, "case", case_title, NULL),
				.body = i18n_format(a, lang, N_("case.reminder.body"), "what", what, "title",
				                    title, "when", when, "place", place, "case", case_title,
				                    "link", arena_printf(a, "%s/app/cases/%lld", public_url(),
				                                         (long long)case_id),
				                    NULL),
				.purpose = "case.reminder", .ref_kind = "case_date", .ref_id = date_id,
				.idempotency_key = key, .not_before = at,
			};
			ok = outbox_enqueue(db, &m) >= 0;
		}
	}
	arena_destroy(a);
	return ok;
}

int64_t case_date_add(struct db *db, int64_t case_id, const struct case_date_input *in,
                      int64_t by_user)
{
	if (!case_date_kind_valid(in->kind))
		return -1;
	if (db_exec(db,
	            "INSERT INTO case_dates (case_id, kind, title, place, court, judge, hearing_type, "
	            "starts_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	            DB_ARGS(DB_INT(case_id), DB_TEXT(in->kind), DB_TEXT(nz(in->title)),
	                    DB_TEXT(nz(in->place)), DB_TEXT(nz(in->court)), DB_TEXT(nz(in->judge)),
	                    DB_TEXT(nz(in->hearing_type)), DB_INT(in->starts_at),
	                    DB_INT(time(NULL)))) != DB_OK)
		return -1;
	int64_t id = db_last_id(db);
	struct settings s;
	settings_get(&s);
	char when[40], text[400];
	tz_format(s.timezone, in->starts_at, when, sizeof when);
	snprintf(text, sizeof text, "%s · %s · %s", nz(in->title), when, nz(in->place));
	if (case_event_add(db, case_id, "date", text, by_user, "case_date", id) < 0 ||
	    !queue_reminders(db, id))
		return -1;
	return id;
}

bool case_date_reschedule(struct db *db, int64_t date_id, int64_t starts_at, const char *place,
                          const char *reason, int64_t by_user)
{
	int64_t case_id = 0, old_at = 0;
	char old_place[400] = "";
	struct db_rows *r = db_query(db, "SELECT case_id, starts_at, place FROM case_dates WHERE id = ?",
	                             DB_ARGS(DB_INT(date_id)));
	if (db_next(r)) {
		case_id = db_col_int(r, 0);
		old_at = db_col_int(r, 1);
		snprintf(old_place, sizeof old_place, "%s", nz(db_col_text(r, 2)));
	}
	if (db_done(r) != DB_OK || case_id == 0)
		return false;
	const char *new_place = place && *place ? place : old_place;
	if (db_exec(db,
	            "INSERT INTO case_date_changes (date_id, old_starts_at, new_starts_at, old_place, "
	            "new_place, by_user, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
	            DB_ARGS(DB_INT(date_id), DB_INT(old_at), DB_INT(starts_at), DB_TEXT(old_place),
	                    DB_TEXT(new_place), by_user > 0 ? DB_INT(by_user) : DB_NULL,
	                    DB_INT(time(NULL)))) != DB_OK)
		return false;
	int64_t change = db_last_id(db);
	if (reason && *reason &&
	    !seal_set(db, "case_date_changes", "reason", change,
	              "UPDATE case_date_changes SET reason_sealed = ? WHERE id = ?", reason))
		return false;
	if (db_exec(db, "UPDATE case_dates SET starts_at = ?, place = ?, status = 'scheduled' WHERE id = ?",
	            DB_ARGS(DB_INT(starts_at), DB_TEXT(new_place), DB_INT(date_id))) != DB_OK)
		return false;
	/* calls for this date follow it */
	if (db_exec(db, "UPDATE calls SET starts_at = ?, place = ? WHERE date_id = ?",
	            DB_ARGS(DB_INT(starts_at), DB_TEXT(new_place), DB_INT(date_id))) != DB_OK)
		return false;
	struct settings s;
	settings_get(&s);
	char was[40], now_at[40], text[600];
	tz_format(s.timezone, old_at, was, sizeof was);
	tz_format(s.timezone, starts_at, now_at, sizeof now_at);
	snprintf(text, sizeof text, "%s → %s%s%s", was, now_at, reason && *reason ? " · " : "",
	         reason && *reason ? reason : "");
	return cancel_reminders(db, date_id) && queue_reminders(db, date_id) &&
	       mobilization_date_changed(db, date_id, true) &&
	       case_event_add(db, case_id, "reschedule", text, by_user, "case_date", date_id) >= 0;
}

bool case_date_set_status(struct db *db, int64_t date_id, const char *status, int64_t by_user)
{
	int64_t case_id = case_of_date(db, date_id);
	if (case_id == 0 || db_exec(db, "UPDATE case_dates SET status = ? WHERE id = ?",
	                            DB_ARGS(DB_TEXT(status), DB_INT(date_id))) != DB_OK)
		return false;
	bool on = strcmp(status, "scheduled") == 0;
	if (on ? !queue_reminders(db, date_id) : !cancel_reminders(db, date_id))
		return false;
	if (!mobilization_date_changed(db, date_id, on))
		return false;
	return case_event_add(db, case_id, "date", status, by_user, "case_date", date_id) >= 0;
}

int64_t case_task_add(struct db *db, int64_t case_id, const char *title, int64_t owner,
                      int64_t due_at, int64_t by_user)
{
	if (db_exec(db, "INSERT INTO case_tasks (case_id, owner, due_at, created_at) VALUES (?, ?, ?, ?)",
	            DB_ARGS(DB_INT(case_id), owner > 0 ? DB_INT(owner) : DB_NULL,
	                    due_at > 0 ? DB_INT(due_at) : DB_NULL, DB_INT(time(NULL)))) != DB_OK)
		return -1;
	int64_t id = db_last_id(db);
	if (!seal_set(db, "case_tasks", "title", id, "UPDATE case_tasks SET title_sealed = ? WHERE id = ?",
	              title) ||
	    case_event_add(db, case_id, "task", title, by_user, "case_task", id) < 0)
		return -1;
	return id;
}

bool case_task_done(struct db *db, int64_t case_id, int64_t task_id, int64_t by_user)
{
	if (db_exec(db, "UPDATE case_tasks SET done_at = ? WHERE id = ? AND case_id = ? AND done_at IS NULL",
	            DB_ARGS(DB_INT(time(NULL)), DB_INT(task_id), DB_INT(case_id))) != DB_OK)
		return false;
	if (db_changes(db) == 0)
		return true;
	return case_event_add(db, case_id, "task", "done", by_user, "case_task", task_id) >= 0;
}

bool case_outcome_set(struct db *db, int64_t case_id, const char *outcome, int64_t until,
                      const char *note, int64_t by_user)
{
	if (!case_outcome_valid(outcome))
		return false;
	int64_t now = time(NULL);
	if (db_exec(db, "UPDATE cases SET outcome = ?, outcome_until = ?, outcome_at = ?, updated_at = ? "
	                "WHERE id = ?",
	            DB_ARGS(DB_TEXT(outcome), until > 0 ? DB_INT(until) : DB_NULL, DB_INT(now),
	                    DB_INT(now), DB_INT(case_id))) != DB_OK)
		return false;
	char text[600];
	char until_text[40] = "";
	if (until > 0) {
		struct settings s;
		settings_get(&s);
		tz_format(s.timezone, until, until_text, sizeof until_text);
		until_text[10] = '\0';
	}
	snprintf(text, sizeof text, "%s%s%s%s%s", outcome, until > 0 ? " → " : "", until_text,
	         note && *note ? " · " : "", note && *note ? note : "");
	if (public_data_changed)
		public_data_changed();
	return case_event_add(db, case_id, "outcome", text, by_user, NULL, 0) >= 0;
}

bool case_publish(struct db *db, int64_t case_id, bool on, int64_t by_user)
{
	if (on) {
		char slug[32];
		random_token_into(slug, sizeof slug, 9);
		if (db_exec(db,
		            "UPDATE cases SET published = 1, slug = COALESCE(slug, ?) "
		            "WHERE id = ? AND consent_public = 1",
		            DB_ARGS(DB_TEXT(slug), DB_INT(case_id))) != DB_OK ||
		    db_changes(db) == 0)
			return false;
	} else if (db_exec(db, "UPDATE cases SET published = 0 WHERE id = ?",
	                   DB_ARGS(DB_INT(case_id))) != DB_OK) {
		return false;
	}
	if (public_data_changed)
		public_data_changed();
	return case_event_add(db, case_id, "note", on ? "public page published" : "public page withdrawn",
	                      by_user, NULL, 0) >= 0;
}

/* Cases in the staff area. Nothing about a case is visible outside its
 * team (the organizers assigned to it, and admins): a case anyone else
 * asks for answers 404, exactly like a case that does not exist. Each
 * opening of the private file is audited ("case.read"). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/cases_app.h"
#include "app/page.h"
#include "auth/permissions.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/text.h"
#include "core/tz.h"
#include "crypto/seal.h"
#include "db/db.h"
#include "html/template.h"
#include "http/reply.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "i18n/msgid.h"
#include "model/cases.h"
#include "model/changes.h"
#include "model/content.h"
#include "model/people.h"
#include "model/sessions.h"
#include "model/settings.h"
#include "model/users.h"

/* ---- shared helpers (cases_app.h) ---- */

const char *case_clean(struct request *req, const char *field, size_t max, bool multiline)
{
	const char *raw = request_form(req, field);
	if (raw == NULL)
		return "";
	char *v = text_trim(text_nfc(req->arena, raw));
	if (v == NULL || text_codepoints(v, strlen(v)) > max)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if ((*p < 0x20 && !(multiline && (*p == '\n' || *p == '\r' || *p == '\t'))) || *p == 0x7f)
			return NULL;
	return v;
}

bool case_load(struct request *req, enum action act, bool open_file, struct case_info *c)
{
	long long id = request_param_id(req, "id");
	struct db *db = db_thread();
	if (id <= 0 || db == NULL || !case_get(db, req->arena, id, open_file, c)) {
		reply_error(req, ERR_NOT_FOUND);
		return false;
	}
	bool on_team = req->actor->kind == ACTOR_USER && case_on_team(db, id, req->actor->id);
	if (!perm_allows_record(req->actor, act, on_team)) {
		app_audit(req, "case.denied", "case", id, "denied");
		reply_error(req, ERR_NOT_FOUND);
		return false;
	}
	if (open_file)
		app_audit(req, "case.read", "case", id, NULL);
	return true;
}

char *case_local_time(struct request *req, int64_t t)
{
	struct settings s;
	settings_get(&s);
	char *out = arena_alloc(req->arena, 40);
	tz_format(s.timezone, t, out, 40);
	return out;
}

bool case_parse_when(const char *date, const char *hm, int64_t *out)
{
	struct settings s;
	settings_get(&s);
	return tz_parse_local(s.timezone, date, hm, out);
}

static void back_to_case(struct request *req, int64_t id, const char *anchor)
{
	reply_redirect(req, arena_printf(req->arena, "/app/cases/%lld%s", (long long)id,
	                                 anchor ? anchor : ""));
}

/* ---- the list ---- */

void cases_list(struct request *req)
{
	struct db *db = db_thread();
	struct view *v = page_view(req, N_("cases.title"));
	view_set_bool(v, "staff_area", true);
	view_set_bool(v, "can_create", perm_allows(req->actor, ACT_CASES_CREATE));
	bool admin = req->actor->role == ROLE_ADMIN;
	struct db_rows *r = db_query(db,
		"SELECT c.id, c.title, c.status, c.outcome, "
		"(SELECT MIN(starts_at) FROM case_dates d WHERE d.case_id = c.id AND d.status = 'scheduled' "
		" AND d.starts_at > ?) FROM cases c "
		"WHERE ? OR c.id IN (SELECT case_id FROM case_team WHERE user_id = ?) "
		"ORDER BY c.status, c.updated_at DESC LIMIT 500",
		DB_ARGS(DB_INT(time(NULL)), DB_INT(admin), DB_INT(req->actor->id)));
	int n = 0;
	while (db_next(r)) {
		struct view *item = view_add_item(v, "cases");
		view_set_int(item, "id", db_col_int(r, 0));
		view_set(item, "title", db_col_text(r, 1));
		view_set(item, "status", page_t(req, strcmp(db_col_text(r, 2), "open") == 0
		                                     ? N_("case.status.open") : N_("case.status.closed")));
		if (!db_col_null(r, 4))
			view_set(item, "next", case_local_time(req, db_col_int(r, 4)));
		n++;
	}
	db_done(r);
	view_set_bool(v, "none", n == 0);
	page_render(req, 200, "cases.html", v);
}

/* ---- opening a case ---- */

static void new_form(struct request *req, unsigned status, const char *error)
{
	struct view *v = page_view(req, N_("case.new.title"));
	view_set_bool(v, "staff_area", true);
	if (error)
		view_set(v, "form_error", page_t(req, error));
	static const char *const keep[] = { "title", "person_id", "consent_given_by", "alias" };
	for (size_t i = 0; i < 4; i++)
		view_set(v, keep[i], request_form(req, keep[i]) ? request_form(req, keep[i])
		                                                : request_query(req, keep[i]));
	view_set_bool(v, "consent_checked", request_form(req, "consent") != NULL);
	view_set_bool(v, "consent_public_checked", request_form(req, "consent_public") != NULL);
	view_set_bool(v, "consent_photo_checked", request_form(req, "consent_photo") != NULL);
	for (int f = 0; f < CF__COUNT; f++) {
		struct view *item = view_add_item(v, "file_fields");
		view_set(item, "name", case_file_columns[f]);
		view_set(item, "label", page_t(req, case_file_msgids[f]));
		view_set(item, "value", request_form(req, case_file_columns[f]));
		view_set_bool(item, "long", f == CF_NOTES || f == CF_FAMILY || f == CF_SITUATION);
	}
	page_render(req, status, "case_new.html", v);
}

void case_new_form(struct request *req)
{
	new_form(req, 200, NULL);
}

struct create_ctx {
	struct case_input in;
	int64_t id;
};

static enum db_status create_tx(struct db *db, void *p)
{
	struct create_ctx *c = p;
	c->id = case_create(db, &c->in);
	return c->id > 0 ? DB_OK : DB_ERROR;
}

void case_create_submit(struct request *req)
{
	struct create_ctx c = { .in = { .by_user = req->actor->id } };
	c.in.title = case_clean(req, "title", 120, false);
	c.in.consent_given_by = case_clean(req, "consent_given_by", 200, false);
	c.in.alias = case_clean(req, "alias", 80, false);
	c.in.consent_public = request_form(req, "consent_public") != NULL;
	c.in.consent_photo = request_form(req, "consent_photo") != NULL;
	const char *pid = request_form(req, "person_id");
	c.in.person_id = pid ? atoll(pid) : 0;
	bool ok = c.in.title && *c.in.title && c.in.consent_given_by && c.in.alias;
	for (int f = 0; ok && f < CF__COUNT; f++) {
		c.in.file[f] = case_clean(req, case_file_columns[f], f == CF_NOTES ? 20000 : 2000, true);
		ok = c.in.file[f] != NULL;
	}
	if (!ok) {
		new_form(req, 422, N_("case.error.fields"));
		return;
	}
	/* consent is the first thing recorded: no consent, no case */
	if (request_form(req, "consent") == NULL || *c.in.consent_given_by == '\0') {
		new_form(req, 422, N_("case.error.consent"));
		return;
	}
	struct db *db = db_thread();
	struct person p;
	if (c.in.person_id <= 0 || !person_get(db, req->arena, c.in.person_id, false, &p)) {
		new_form(req, 422, N_("case.error.person"));
		return;
	}
	if (db_tx(db, create_tx, &c) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "case.create", "case", c.id, NULL);
	back_to_case(req, c.id, NULL);
}

/* ---- one case ---- */

static const char *event_msgid(const char *kind)
{
	static const struct { const char *kind, *msgid; } kinds[] = {
		{ "opened", N_("case.ev.opened") }, { "consent", N_("case.ev.consent") },
		{ "note", N_("case.ev.note") }, { "meeting", N_("case.ev.meeting") },
		{ "call", N_("case.ev.call") }, { "filing", N_("case.ev.filing") },
		{ "press", N_("case.ev.press") }, { "petition", N_("case.ev.petition") },
		{ "outcome", N_("case.ev.outcome") }, { "date", N_("case.ev.date") },
		{ "reschedule", N_("case.ev.reschedule") }, { "task", N_("case.ev.task") },
		{ "mobilization", N_("case.ev.mobilization") }, { "answer", N_("case.ev.answer") },
		{ "accompaniment", N_("case.ev.accompaniment") }, { "document", N_("case.ev.document") },
	};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return kinds[i].msgid;
	return N_("case.ev.note");
}

const char *case_outcome_msgid(const char *o)
{
	static const struct { const char *o, *msgid; } outcomes[] = {
		{ "stay_granted", N_("case.outcome.stay_granted") },
		{ "released", N_("case.outcome.released") }, { "reopened", N_("case.outcome.reopened") },
		{ "deported", N_("case.outcome.deported") }, { "detained", N_("case.outcome.detained") },
	};
	for (size_t i = 0; o && i < 5; i++)
		if (strcmp(outcomes[i].o, o) == 0)
			return outcomes[i].msgid;
	return N_("case.outcome.none");
}

static const char *date_kind_msgid(const char *k)
{
	if (strcmp(k, "checkin") == 0)
		return N_("case.date.checkin");
	if (strcmp(k, "hearing") == 0)
		return N_("case.date.hearing");
	if (strcmp(k, "deadline") == 0)
		return N_("case.date.deadline");
	return N_("case.date.other");
}

static const char *date_status_msgid(const char *s)
{
	if (strcmp(s, "done") == 0)
		return N_("case.date.status.done");
	if (strcmp(s, "cancelled") == 0)
		return N_("case.date.status.cancelled");
	if (strcmp(s, "missed") == 0)
		return N_("case.date.status.missed");
	return N_("case.date.status.scheduled");
}

static void add_team(struct request *req, struct view *v, struct db *db, int64_t id)
{
	struct db_rows *r = db_query(db, "SELECT user_id FROM case_team WHERE case_id = ? ORDER BY added_at",
	                             DB_ARGS(DB_INT(id)));
	int64_t ids[64];
	size_t n = 0;
	while (db_next(r) && n < 64)
		ids[n++] = db_col_int(r, 0);
	db_done(r);
	for (size_t i = 0; i < n; i++) {
		struct user u;
		if (!user_by_id(db, req->arena, ids[i], &u))
			continue;
		struct view *item = view_add_item(v, "team");
		view_set(item, "name", u.display_name && *u.display_name ? u.display_name : u.email);
		view_set_int(item, "id", u.id);
	}
}

struct user_opts {
	struct request *req;
	struct view *v;
};

static void add_user_option(const struct user *u, void *p)
{
	struct user_opts *o = p;
	if (u->disabled || u->role == ROLE_VOLUNTEER)
		return;
	struct view *item = view_add_item(o->v, "staff_options");
	view_set_int(item, "id", u->id);
	view_set(item, "name", u->display_name && *u->display_name ? u->display_name : u->email);
}

void case_render(struct request *req, const struct case_info *c, unsigned status, const char *error)
{
	struct db *db = db_thread();
	struct view *v = page_view(req, N_("case.title"));
	view_set_bool(v, "staff_area", true);
	if (error)
		view_set(v, "form_error", page_t(req, error));
	view_set_int(v, "case_id", c->id);
	view_set(v, "title", c->title);
	view_set(v, "status", c->status);
	view_set(v, "consent_given_by", c->consent_given_by);
	view_set(v, "consent_at", case_local_time(req, c->consent_at));
	view_set_bool(v, "consent_public", c->consent_public);
	view_set_bool(v, "consent_photo", c->consent_photo);
	view_set(v, "alias", c->alias);
	view_set_bool(v, "published", c->published);
	if (c->slug && c->published)
		view_setf(v, "public_href", "/c/%s", c->slug);
	view_set(v, "outcome", page_t(req, case_outcome_msgid(c->outcome)));
	if (c->outcome_until)
		view_set(v, "outcome_until", case_local_time(req, c->outcome_until));
	if (c->consent_by_user) {
		struct user u;
		if (user_by_id(db, req->arena, c->consent_by_user, &u))
			view_set(v, "consent_by", u.display_name && *u.display_name ? u.display_name : u.email);
	}
	if (c->person_id) {
		struct person p;
		if (person_get(db, req->arena, c->person_id, false, &p)) {
			view_set_int(v, "person_id", p.id);
			view_set(v, "person_name", p.display_name);
		}
	}
	for (int f = 0; f < CF__COUNT; f++) {
		struct view *item = view_add_item(v, "file");
		view_set(item, "name", case_file_columns[f]);
		view_set(item, "label", page_t(req, case_file_msgids[f]));
		view_set(item, "value", c->file[f]);
		view_set_bool(item, "long", f == CF_NOTES || f == CF_FAMILY || f == CF_SITUATION);
	}
	add_team(req, v, db, c->id);
	struct user_opts uo = { req, v };
	user_each(db, req->arena, add_user_option, &uo);
	/* key dates with their history */
	struct db_rows *r = db_query(db,
		"SELECT id, kind, title, place, court, judge, hearing_type, starts_at, status FROM case_dates "
		"WHERE case_id = ? ORDER BY starts_at",
		DB_ARGS(DB_INT(c->id)));
	while (db_next(r)) {
		struct view *d = view_add_item(v, "dates");
		int64_t did = db_col_int(r, 0);
		view_set_int(d, "id", did);
		view_set(d, "kind", page_t(req, date_kind_msgid(db_col_text(r, 1))));
		view_set(d, "title", db_col_text(r, 2));
		view_set(d, "place", db_col_text(r, 3));
		view_set(d, "court", db_col_text(r, 4));
		view_set(d, "judge", db_col_text(r, 5));
		view_set(d, "hearing_type", db_col_text(r, 6));
		view_set(d, "when", case_local_time(req, db_col_int(r, 7)));
		view_set(d, "status", page_t(req, date_status_msgid(db_col_text(r, 8))));
		struct settings s;
		settings_get(&s);
		char date[11], hm[6];
		tz_format_parts(s.timezone, db_col_int(r, 7), date, hm);
		view_set(d, "date_value", arena_strdup(req->arena, date));
		view_set(d, "time_value", arena_strdup(req->arena, hm));
		struct db_rows *h = db_query(db,
			"SELECT old_starts_at, new_starts_at, old_place, new_place, at FROM case_date_changes "
			"WHERE date_id = ? ORDER BY at, id",
			DB_ARGS(DB_INT(did)));
		while (db_next(h)) {
			struct view *hi = view_add_item(d, "history");
			view_set(hi, "from", case_local_time(req, db_col_int(h, 0)));
			view_set(hi, "to", case_local_time(req, db_col_int(h, 1)));
			view_set(hi, "old_place", db_col_text(h, 2));
			view_set(hi, "new_place", db_col_text(h, 3));
		}
		db_done(h);
	}
	db_done(r);
	/* tasks */
	r = db_query(db,
		"SELECT id, title_sealed, owner, due_at, done_at FROM case_tasks WHERE case_id = ? "
		"ORDER BY done_at IS NOT NULL, due_at IS NULL, due_at, id",
		DB_ARGS(DB_INT(c->id)));
	while (db_next(r)) {
		struct view *t = view_add_item(v, "tasks");
		int64_t tid = db_col_int(r, 0);
		size_t len = 0;
		const void *blob = db_col_blob(r, 1, &len);
		view_set_int(t, "id", tid);
		view_set(t, "title", blob ? seal_open(req->arena, "case_tasks", "title", tid, blob, len, NULL) : "");
		if (!db_col_null(r, 3))
			view_set(t, "due", case_local_time(req, db_col_int(r, 3)));
		view_set_bool(t, "done", !db_col_null(r, 4));
		if (!db_col_null(r, 2)) {
			struct user u;
			if (user_by_id(db, req->arena, db_col_int(r, 2), &u))
				view_set(t, "owner", u.display_name && *u.display_name ? u.display_name : u.email);
		}
	}
	db_done(r);
	/* accompaniment calls and mobilizations */
	r = db_query(db, "SELECT id, place, starts_at, cap, public FROM calls WHERE case_id = ? ORDER BY starts_at",
	             DB_ARGS(DB_INT(c->id)));
	while (db_next(r)) {
		struct view *k = view_add_item(v, "calls");
		view_set_int(k, "id", db_col_int(r, 0));
		view_set(k, "place", db_col_text(r, 1));
		view_set(k, "when", case_local_time(req, db_col_int(r, 2)));
	}
	db_done(r);
	r = db_query(db,
		"SELECT id, title, recipients, sent_at, (SELECT COUNT(*) FROM mobilization_answers a "
		"WHERE a.mobilization_id = m.id AND a.answer = 'yes') FROM mobilizations m WHERE case_id = ? "
		"ORDER BY id DESC",
		DB_ARGS(DB_INT(c->id)));
	while (db_next(r)) {
		struct view *m = view_add_item(v, "mobilizations");
		view_set_int(m, "id", db_col_int(r, 0));
		view_set(m, "title", db_col_text(r, 1));
		view_set_int(m, "recipients", db_col_int(r, 2));
		view_set_int(m, "yes", db_col_int(r, 4));
	}
	db_done(r);
	/* documents: names opened for the team, files only as downloads */
	r = db_query(db, "SELECT id, kind, size, at, name_sealed FROM case_documents WHERE case_id = ? ORDER BY at DESC, id DESC",
	             DB_ARGS(DB_INT(c->id)));
	while (db_next(r)) {
		struct view *d = view_add_item(v, "documents");
		int64_t did = db_col_int(r, 0);
		view_set_int(d, "id", did);
		view_set(d, "kind", db_col_text(r, 1));
		view_set_int(d, "kb", (db_col_int(r, 2) + 1023) / 1024);
		view_set(d, "at", case_local_time(req, db_col_int(r, 3)));
		size_t len = 0;
		const void *blob = db_col_blob(r, 4, &len);
		view_set(d, "name", blob ? seal_open(req->arena, "case_documents", "name", did, blob, len, NULL) : "");
	}
	db_done(r);
	int64_t has_photo = 0;
	db_get_int(db, "SELECT COUNT(*) FROM case_photos WHERE case_id = ?", DB_ARGS(DB_INT(c->id)), &has_photo);
	view_set_bool(v, "has_photo", has_photo > 0);
	/* public story per enabled language */
	struct settings s;
	settings_get(&s);
	for (size_t i = 0; i < s.n_langs; i++) {
		struct view *st = view_add_item(v, "stories");
		view_set(st, "lang", s.langs[i]);
		view_set(st, "lang_name", i18n_native_name(s.langs[i]));
		struct content_text t;
		if (content_get(db, req->arena, "case", c->id, "story", s.langs[i], NULL, &t) &&
		    !t.is_fallback)
			view_set(st, "text", t.value);
	}
	/* timeline, newest first */
	r = db_query(db,
		"SELECT id, at, kind, text_sealed FROM case_events WHERE case_id = ? ORDER BY at DESC, id DESC LIMIT 300",
		DB_ARGS(DB_INT(c->id)));
	while (db_next(r)) {
		struct view *e = view_add_item(v, "timeline");
		int64_t eid = db_col_int(r, 0);
		view_set(e, "at", case_local_time(req, db_col_int(r, 1)));
		view_set(e, "kind", page_t(req, event_msgid(db_col_text(r, 2))));
		view_set(e, "kind_code", db_col_text(r, 2));
		size_t len = 0;
		const void *blob = db_col_blob(r, 3, &len);
		view_set(e, "text", case_event_text(req->arena, eid, blob, len));
	}
	db_done(r);
	page_render(req, status, "case.html", v);
}

void case_show(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_READ, true, &c))
		return;
	case_render(req, &c, 200, NULL);
}

/* Re-renders the case with an error (the file is read again: audited). */
void case_error(struct request *req, const char *msgid)
{
	struct case_info c;
	if (case_load(req, ACT_CASES_EDIT, true, &c))
		case_render(req, &c, 422, msgid);
}

/* ---- edits ---- */

struct file_ctx {
	int64_t id, by;
	const char *file[CF__COUNT];
};

static enum db_status file_tx(struct db *db, void *p)
{
	struct file_ctx *c = p;
	return case_update_file(db, c->id, c->file, c->by) ? DB_OK : DB_ERROR;
}

void case_file_save(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_EDIT, false, &c))
		return;
	struct file_ctx fc = { c.id, req->actor->id, { 0 } };
	for (int f = 0; f < CF__COUNT; f++) {
		fc.file[f] = case_clean(req, case_file_columns[f], f == CF_NOTES ? 20000 : 2000, true);
		if (fc.file[f] == NULL) {
			case_error(req, N_("case.error.fields"));
			return;
		}
	}
	if (db_tx(db_thread(), file_tx, &fc) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "case.edit", "case", c.id, NULL);
	back_to_case(req, c.id, "#file");
}

struct consent_ctx {
	int64_t id, by;
	const char *given_by, *alias;
	bool pub, photo;
};

static enum db_status consent_tx(struct db *db, void *p)
{
	struct consent_ctx *c = p;
	return case_set_consent(db, c->id, c->given_by, c->pub, c->photo, c->alias, c->by) ? DB_OK
	                                                                                   : DB_ERROR;
}

void case_consent_save(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_EDIT, false, &c))
		return;
	struct consent_ctx cc = { c.id, req->actor->id, case_clean(req, "consent_given_by", 200, false),
		case_clean(req, "alias", 80, false), request_form(req, "consent_public") != NULL,
		request_form(req, "consent_photo") != NULL };
	if (cc.given_by == NULL || *cc.given_by == '\0' || cc.alias == NULL) {
		case_error(req, N_("case.error.consent"));
		return;
	}
	if (db_tx(db_thread(), consent_tx, &cc) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "case.consent", "case", c.id, NULL);
	back_to_case(req, c.id, "#consent");
}

void case_story_save(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_EDIT, false, &c))
		return;
	struct settings s;
	settings_get(&s);
	const char *lang = request_form(req, "lang");
	const char *text = case_clean(req, "story", 8000, true);
	if (lang == NULL || !settings_lang_enabled(&s, lang) || text == NULL) {
		case_error(req, N_("case.error.fields"));
		return;
	}
	/* the story is public text: kept only with consent to a public page */
	if (!c.consent_public) {
		case_error(req, N_("case.error.no_public_consent"));
		return;
	}
	struct db *db = db_thread();
	if (!content_put(db, "case", c.id, "story", lang, text, REVIEW_DRAFT, NULL)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	case_event_add(db, c.id, "note", arena_printf(req->arena, "story (%s) approved", lang),
	               req->actor->id, NULL, 0);
	model_public_changed();
	back_to_case(req, c.id, "#public");
}

struct publish_ctx {
	int64_t id, by;
	bool on, ok;
};

static enum db_status publish_tx(struct db *db, void *p)
{
	struct publish_ctx *c = p;
	c->ok = case_publish(db, c->id, c->on, c->by);
	return c->ok ? DB_OK : DB_ERROR;
}

void case_publish_submit(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_EDIT, false, &c))
		return;
	struct publish_ctx pc = { c.id, req->actor->id, request_form(req, "on") != NULL, false };
	if (pc.on && !c.consent_public) {
		case_error(req, N_("case.error.no_public_consent"));
		return;
	}
	if (db_tx(db_thread(), publish_tx, &pc) != DB_OK) {
		case_error(req, N_("case.error.no_public_consent"));
		return;
	}
	app_audit(req, pc.on ? "case.publish" : "case.unpublish", "case", c.id, NULL);
	back_to_case(req, c.id, "#public");
}

struct team_ctx {
	int64_t case_id, user_id, by;
	bool remove;
};

static enum db_status team_tx(struct db *db, void *p)
{
	struct team_ctx *c = p;
	bool ok = c->remove ? case_team_remove(db, c->case_id, c->user_id)
	                    : case_team_add(db, c->case_id, c->user_id);
	return ok && case_event_add(db, c->case_id, "note",
	                            c->remove ? "team member removed" : "team member added", c->by,
	                            "user", c->user_id) > 0
	       ? DB_OK : DB_ERROR;
}

void case_team_submit(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_EDIT, false, &c))
		return;
	const char *uid = request_form(req, "user_id");
	struct db *db = db_thread();
	struct user u;
	if (uid == NULL || !user_by_id(db, req->arena, atoll(uid), &u) || u.disabled ||
	    u.role == ROLE_VOLUNTEER) {
		case_error(req, N_("case.error.team"));
		return;
	}
	struct team_ctx tc = { c.id, u.id, req->actor->id, request_form(req, "remove") != NULL };
	bool remove = tc.remove;
	if (db_tx(db, team_tx, &tc) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, remove ? "case.team_remove" : "case.team_add", "case", c.id, NULL);
	back_to_case(req, c.id, "#team");
}

struct date_ctx {
	int64_t case_id, date_id, by;
	struct case_date_input in;
	const char *reason;
	bool ok;
};

static enum db_status date_tx(struct db *db, void *p)
{
	struct date_ctx *c = p;
	if (c->date_id) {
		c->ok = case_date_reschedule(db, c->date_id, c->in.starts_at, c->in.place, c->reason, c->by);
	} else {
		c->date_id = case_date_add(db, c->case_id, &c->in, c->by);
		c->ok = c->date_id > 0;
	}
	return c->ok ? DB_OK : DB_ERROR;
}

void case_date_submit(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_EDIT, false, &c))
		return;
	struct date_ctx dc = { .case_id = c.id, .by = req->actor->id };
	dc.in.kind = request_form(req, "kind");
	dc.in.title = case_clean(req, "title", 200, false);
	dc.in.place = case_clean(req, "place", 300, false);
	dc.in.court = case_clean(req, "court", 200, false);
	dc.in.judge = case_clean(req, "judge", 200, false);
	dc.in.hearing_type = case_clean(req, "hearing_type", 200, false);
	if (!case_date_kind_valid(dc.in.kind) || !dc.in.title || !dc.in.place || !dc.in.court ||
	    !dc.in.judge || !dc.in.hearing_type ||
	    !case_parse_when(request_form(req, "date"), request_form(req, "time"), &dc.in.starts_at)) {
		case_error(req, N_("case.error.date"));
		return;
	}
	if (db_tx(db_thread(), date_tx, &dc) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	back_to_case(req, c.id, "#dates");
}

void case_date_reschedule_submit(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_EDIT, false, &c))
		return;
	struct db *db = db_thread();
	long long did = request_param_id(req, "date");
	if (did <= 0 || case_of_date(db, did) != c.id) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	struct date_ctx dc = { .case_id = c.id, .date_id = did, .by = req->actor->id };
	dc.in.place = case_clean(req, "place", 300, false);
	dc.reason = case_clean(req, "reason", 500, false);
	if (!dc.in.place || !dc.reason ||
	    !case_parse_when(request_form(req, "date"), request_form(req, "time"), &dc.in.starts_at)) {
		case_error(req, N_("case.error.date"));
		return;
	}
	if (db_tx(db, date_tx, &dc) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	back_to_case(req, c.id, "#dates");
}

struct status_ctx {
	int64_t date_id, by;
	const char *status;
};

static enum db_status status_tx(struct db *db, void *p)
{
	struct status_ctx *c = p;
	return case_date_set_status(db, c->date_id, c->status, c->by) ? DB_OK : DB_ERROR;
}

void case_date_status_submit(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_EDIT, false, &c))
		return;
	struct db *db = db_thread();
	long long did = request_param_id(req, "date");
	if (did <= 0 || case_of_date(db, did) != c.id) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	static const char *const statuses[] = { "scheduled", "done", "cancelled", "missed" };
	const char *status = request_form(req, "status");
	bool valid = false;
	for (size_t i = 0; status && i < 4; i++)
		valid = valid || strcmp(status, statuses[i]) == 0;
	if (!valid) {
		case_error(req, N_("case.error.date"));
		return;
	}
	struct status_ctx sc = { did, req->actor->id, status };
	if (db_tx(db, status_tx, &sc) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	back_to_case(req, c.id, "#dates");
}

void case_event_submit(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_EDIT, false, &c))
		return;
	static const char *const kinds[] = { "note", "meeting", "call", "filing", "press", "petition" };
	const char *kind = request_form(req, "kind");
	bool kind_ok = false;
	for (size_t i = 0; kind && i < 6; i++)
		kind_ok = kind_ok || strcmp(kind, kinds[i]) == 0;
	const char *text = case_clean(req, "text", 8000, true);
	if (!kind_ok || text == NULL || *text == '\0') {
		case_error(req, N_("case.error.fields"));
		return;
	}
	if (case_event_add(db_thread(), c.id, kind, text, req->actor->id, NULL, 0) < 0) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	back_to_case(req, c.id, "#timeline");
}

void case_task_submit(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_EDIT, false, &c))
		return;
	const char *title = case_clean(req, "title", 300, false);
	const char *owner = request_form(req, "owner");
	const char *due = request_form(req, "due");
	int64_t due_at = 0;
	if (title == NULL || *title == '\0' ||
	    (due && *due && !case_parse_when(due, "17:00", &due_at))) {
		case_error(req, N_("case.error.fields"));
		return;
	}
	struct db *db = db_thread();
	int64_t owner_id = owner ? atoll(owner) : 0;
	if (owner_id > 0 && !case_on_team(db, c.id, owner_id))
		owner_id = 0;
	if (case_task_add(db, c.id, title, owner_id, due_at, req->actor->id) < 0) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	back_to_case(req, c.id, "#tasks");
}

void case_task_done_submit(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_EDIT, false, &c))
		return;
	long long tid = request_param_id(req, "task");
	if (tid <= 0 || !case_task_done(db_thread(), c.id, tid, req->actor->id)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	back_to_case(req, c.id, "#tasks");
}

struct outcome_ctx {
	int64_t id, by, until;
	const char *outcome, *note;
	struct case_date_input next;    /* the next date it brings, if any */
};

static enum db_status outcome_tx(struct db *db, void *p)
{
	struct outcome_ctx *c = p;
	if (!case_outcome_set(db, c->id, c->outcome, c->until, c->note, c->by))
		return DB_ERROR;
	if (c->next.starts_at > 0 && case_date_add(db, c->id, &c->next, c->by) <= 0)
		return DB_ERROR;
	return DB_OK;
}

void case_outcome_submit(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_EDIT, false, &c))
		return;
	struct outcome_ctx oc = { c.id, req->actor->id, 0, request_form(req, "outcome"),
		case_clean(req, "note", 2000, true), { 0 } };
	const char *until = request_form(req, "until");
	if (!case_outcome_valid(oc.outcome) || oc.note == NULL ||
	    (until && *until && !case_parse_when(until, "00:00", &oc.until))) {
		case_error(req, N_("case.error.fields"));
		return;
	}
	/* the next date the outcome brings (a check-in at the end of a stay...) */
	const char *next = request_form(req, "next_date");
	if (next && *next) {
		oc.next.kind = request_form(req, "next_kind");
		oc.next.title = case_clean(req, "next_title", 200, false);
		oc.next.place = case_clean(req, "next_place", 300, false);
		if (!case_date_kind_valid(oc.next.kind) || !oc.next.title || !oc.next.place ||
		    !case_parse_when(next, request_form(req, "next_time"), &oc.next.starts_at)) {
			case_error(req, N_("case.error.date"));
			return;
		}
	}
	if (db_tx(db_thread(), outcome_tx, &oc) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "case.outcome", "case", c.id, NULL);
	back_to_case(req, c.id, "#outcome");
}

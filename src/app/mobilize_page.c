/* Mobilizations and accompaniment calls of a case (staff, team only), the
 * personal answer page behind each one-tap link (/m/{token}, no sign-in),
 * and the public campaign page (/c/{slug}, only with the person's consent:
 * alias, approved story, how to help — never anything from the file). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/cases_app.h"
#include "app/page.h"
#include "auth/throttle.h"
#include "auth/permissions.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/phone.h"
#include "crypto/seal.h"
#include "db/db.h"
#include "html/template.h"
#include "http/fields.h"
#include "http/reply.h"
#include "http/router.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "i18n/msgid.h"
#include "model/cases.h"
#include "model/changes.h"
#include "model/content.h"
#include "model/people.h"
#include "model/mobilize.h"
#include "model/settings.h"
#include "model/tags.h"

static const char *const roles[] = { "interpreter", "legal_observer", "driver", "companion", NULL };
static const char *const role_msgids[] = {
	N_("call.role.interpreter"), N_("call.role.legal_observer"), N_("call.role.driver"),
	N_("call.role.companion"),
};

static const char *role_label(struct request *req, const char *role)
{
	for (size_t i = 0; roles[i]; i++)
		if (role && strcmp(role, roles[i]) == 0)
			return page_t(req, role_msgids[i]);
	return page_t(req, N_("call.role.none"));
}

static const char *answer_msgid(const char *a)
{
	if (a == NULL)
		return N_("mob.answer.none");
	if (strcmp(a, "yes") == 0)
		return N_("mob.answer.yes");
	if (strcmp(a, "no") == 0)
		return N_("mob.answer.no");
	return N_("mob.answer.maybe");
}

/* Where answer links point: SANCTUARY_PUBLIC_URL, else this request's host. */
static const char *public_base(struct request *req)
{
	static const char *configured;
	static bool read;
	if (!read) {
		configured = getenv("SANCTUARY_PUBLIC_URL");
		read = true;
	}
	if (configured && *configured)
		return configured;
	const char *host = request_header(req, "host");
	return arena_printf(req->arena, "%s://%s", req->is_tls ? "https" : "http",
	                    host && strlen(host) < 200 && !strpbrk(host, "/\\@ \"<>") ? host : "localhost");
}

/* ---- mobilize ---- */

static void mobilize_form(struct request *req, const struct case_info *c, unsigned status,
                          const char *error, const struct mobilization_preview *pv)
{
	struct db *db = db_thread();
	struct view *v = page_view(req, N_("mob.new.title"));
	view_set_bool(v, "staff_area", true);
	view_set_int(v, "case_id", c->id);
	view_set(v, "case_title", c->title);
	if (error)
		view_set(v, "form_error", page_t(req, error));
	view_set(v, "title", request_form(req, "title"));
	view_set(v, "query", request_form(req, "query"));
	view_set(v, "urgent_reason", request_form(req, "urgent_reason"));
	bool posted = req->method == HTTP_POST;
	view_set_bool(v, "email_checked", !posted || request_form(req, "email"));
	view_set_bool(v, "sms_checked", !posted || request_form(req, "sms"));
	const char *seg = request_form(req, "segment");
	struct arena *a = req->arena;
	struct db_rows *r = db_query(db, "SELECT id, name FROM segments ORDER BY name COLLATE NOCASE", DB_NOARGS);
	while (db_next(r)) {
		struct view *o = view_add_item(v, "segments");
		view_set_int(o, "id", db_col_int(r, 0));
		view_set(o, "name", db_col_text(r, 1));
		view_set_bool(o, "selected", seg && atoll(seg) == db_col_int(r, 0));
	}
	db_done(r);
	r = db_query(db, "SELECT id, place, starts_at FROM calls WHERE case_id = ? ORDER BY starts_at",
	             DB_ARGS(DB_INT(c->id)));
	const char *call = request_form(req, "call_id");
	while (db_next(r)) {
		struct view *o = view_add_item(v, "calls");
		view_set_int(o, "id", db_col_int(r, 0));
		view_set(o, "label", arena_printf(a, "%s · %s", case_local_time(req, db_col_int(r, 2)),
		                                  db_col_text(r, 1)));
		view_set_bool(o, "selected", call && atoll(call) == db_col_int(r, 0));
	}
	db_done(r);
	struct settings s;
	settings_get(&s);
	for (size_t i = 0; i < s.n_langs; i++) {
		struct view *t = view_add_item(v, "texts");
		view_set(t, "lang", s.langs[i]);
		view_set(t, "lang_name", i18n_native_name(s.langs[i]));
		view_set(t, "value", request_form(req, arena_printf(a, "text_%s", s.langs[i])));
		struct view *o = view_add_item(v, "lang_filters");
		view_set(o, "lang", s.langs[i]);
		view_set(o, "lang_name", i18n_native_name(s.langs[i]));
		bool on = false;
		for (size_t k = 0; k < req->form.count; k++)
			on = on || (strcmp(req->form.items[k].name, "only_lang") == 0 &&
			            strcmp(req->form.items[k].value, s.langs[i]) == 0);
		view_set_bool(o, "checked", on);
	}
	if (pv) {
		view_set_bool(v, "preview", true);
		view_set_int(v, "pv_people", pv->people);
		view_set_int(v, "pv_emails", pv->emails);
		view_set_int(v, "pv_sms", pv->sms);
		view_set_int(v, "pv_excluded", pv->excluded);
		for (size_t i = 0; i < pv->n_excluded_ids; i++) {
			struct db_rows *er = db_query(db,
				"SELECT trim(CASE WHEN known_as != '' THEN known_as ELSE given_name || ' ' || family_name END) "
				"FROM people WHERE id = ?",
				DB_ARGS(DB_INT(pv->excluded_ids[i])));
			if (db_next(er)) {
				struct view *o = view_add_item(v, "pv_excluded_people");
				view_set_int(o, "id", pv->excluded_ids[i]);
				view_set(o, "name", db_col_text(er, 0));
			}
			db_done(er);
		}
		for (size_t i = 0; i < pv->n_langs; i++) {
			struct view *o = view_add_item(v, "pv_langs");
			view_set(o, "lang", *pv->langs[i].lang ? i18n_native_name(pv->langs[i].lang) : "—");
			view_set_int(o, "n", pv->langs[i].n);
		}
	}
	page_render(req, status, "mobilize.html", v);
}

void case_mobilize_form(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_EDIT, false, &c))
		return;
	mobilize_form(req, &c, 200, NULL, NULL);
}

struct send_ctx {
	struct mobilization_input in;
	struct mobilization_result out;
};

static enum db_status send_tx(struct db *db, void *p)
{
	struct send_ctx *c = p;
	return mobilization_send(db, &c->in, &c->out) ? DB_OK : DB_ERROR;
}

void case_mobilize_submit(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_EDIT, false, &c))
		return;
	struct db *db = db_thread();
	struct arena *a = req->arena;
	/* the people: a saved segment (recomputed now) or a filter query */
	const char *query = case_clean(req, "query", 1000, false);
	const char *seg = request_form(req, "segment");
	if (seg && atoll(seg) > 0) {
		struct segment sg;
		if (!segment_get(db, a, atoll(seg), &sg)) {
			mobilize_form(req, &c, 422, N_("mob.error.segment"), NULL);
			return;
		}
		query = sg.query;
	}
	if (query == NULL) {
		mobilize_form(req, &c, 422, N_("mob.error.segment"), NULL);
		return;
	}
	const char **only = arena_calloc(a, req->form.count + 1, sizeof *only);
	size_t n_only = 0;
	struct settings s;
	settings_get(&s);
	for (size_t k = 0; k < req->form.count; k++)
		if (strcmp(req->form.items[k].name, "only_lang") == 0 &&
		    settings_lang_enabled(&s, req->form.items[k].value))
			only[n_only++] = req->form.items[k].value;
	bool email = request_form(req, "email") != NULL, sms = request_form(req, "sms") != NULL;
	if (!email && !sms) {
		mobilize_form(req, &c, 422, N_("mob.error.channel"), NULL);
		return;
	}
	if (request_form(req, "preview")) {
		struct mobilization_preview pv;
		if (!mobilization_preview(db, query, n_only ? only : NULL, email, sms, &pv)) {
			reply_error(req, ERR_INTERNAL);
			return;
		}
		mobilize_form(req, &c, 200, NULL, &pv);
		return;
	}
	struct mobilization_text *texts = arena_calloc(a, s.n_langs, sizeof *texts);
	size_t n_texts = 0;
	for (size_t i = 0; i < s.n_langs; i++) {
		const char *t = case_clean(req, arena_printf(a, "text_%s", s.langs[i]), 600, true);
		if (t == NULL) {
			mobilize_form(req, &c, 422, N_("mob.error.text"), NULL);
			return;
		}
		if (*t) {
			/* the group's default language first: the last fallback */
			if (strcmp(s.langs[i], s.default_lang) == 0 && n_texts > 0) {
				texts[n_texts] = texts[0];
				texts[0] = (struct mobilization_text){ s.langs[i], t };
			} else {
				texts[n_texts] = (struct mobilization_text){ s.langs[i], t };
			}
			n_texts++;
		}
	}
	const char *title = case_clean(req, "title", 120, false);
	if (title == NULL || *title == '\0' || n_texts == 0) {
		mobilize_form(req, &c, 422, N_("mob.error.text"), NULL);
		return;
	}
	/* a reason sends it through the group's quiet hours (a hearing at 9 tomorrow) */
	const char *urgent = case_clean(req, "urgent_reason", 200, false);
	if (urgent == NULL) {
		mobilize_form(req, &c, 422, N_("mob.error.urgent"), NULL);
		return;
	}
	int64_t call_id = request_form(req, "call_id") ? atoll(request_form(req, "call_id")) : 0;
	int64_t call_case = 0;
	if (call_id > 0 && (db_get_int(db, "SELECT case_id FROM calls WHERE id = ?",
	                               DB_ARGS(DB_INT(call_id)), &call_case) != DB_OK ||
	                    call_case != c.id))
		call_id = 0;
	struct send_ctx sc = { .in = { .case_id = c.id, .call_id = call_id, .title = title,
		.query = query, .only_langs = n_only ? only : NULL, .email = email, .sms = sms,
		.texts = texts, .n_texts = n_texts, .base_url = public_base(req),
		.urgent_reason = urgent, .by_user = req->actor->id } };
	if (db_tx(db, send_tx, &sc) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "mobilization.send", "mobilization", sc.out.id, NULL);
	reply_redirect(req, arena_printf(a, "/app/cases/%lld/mobilizations/%lld", (long long)c.id,
	                                 (long long)sc.out.id));
}

/* ---- the live count ---- */

struct count_ctx {
	struct request *req;
	struct view *v;
	int64_t yes, no, maybe, none;
};

static void add_count(const struct mobilization_count *mc, void *p)
{
	struct count_ctx *c = p;
	if (mc->answer == NULL)
		c->none += mc->n;
	else if (strcmp(mc->answer, "yes") == 0)
		c->yes += mc->n;
	else if (strcmp(mc->answer, "no") == 0)
		c->no += mc->n;
	else
		c->maybe += mc->n;
	if (mc->answer && strcmp(mc->answer, "no") != 0) {
		struct view *item = view_add_item(c->v, "by_role");
		view_set(item, "answer", page_t(c->req, answer_msgid(mc->answer)));
		view_set(item, "role", role_label(c->req, mc->role));
		view_set_int(item, "n", mc->n);
	}
}

static bool mobilization_of_case(struct request *req, const struct case_info *c, int64_t *mid,
                                 int64_t *call_id, char **title)
{
	*mid = request_param_id(req, "mid");
	int64_t case_id = -1;
	struct db_rows *r = db_query(db_thread(),
		"SELECT COALESCE(case_id, 0), COALESCE(call_id, 0), title FROM mobilizations WHERE id = ?",
		DB_ARGS(DB_INT(*mid)));
	if (db_next(r)) {
		case_id = db_col_int(r, 0);
		*call_id = db_col_int(r, 1);
		*title = db_col_dup(r, 2, req->arena);
	}
	db_done(r);
	if (case_id != c->id) {
		reply_error(req, ERR_NOT_FOUND);
		return false;
	}
	return true;
}

void mobilization_show(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_READ, false, &c))
		return;
	int64_t mid, call_id = 0;
	char *title = NULL;
	if (!mobilization_of_case(req, &c, &mid, &call_id, &title))
		return;
	struct view *v = page_view(req, N_("mob.live.title"));
	view_set_bool(v, "staff_area", true);
	view_set_int(v, "case_id", c.id);
	view_set_int(v, "mid", mid);
	view_set(v, "title", title);
	view_set(v, "case_title", c.title);
	struct count_ctx cc = { req, v, 0, 0, 0, 0 };
	if (!mobilization_counts(db_thread(), req->arena, mid, add_count, &cc)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	view_set_int(v, "yes", cc.yes);
	view_set_int(v, "no", cc.no);
	view_set_int(v, "maybe", cc.maybe);
	view_set_int(v, "none", cc.none);
	view_set_int(v, "total", cc.yes + cc.no + cc.maybe + cc.none);
	view_set_bool(v, "has_call", call_id > 0);
	if (call_id > 0) {
		/* the roles the accompaniment needs, and how many signed up so far */
		struct db_rows *r = db_query(db_thread(),
			"SELECT r.role, r.lang, r.needed, (SELECT COUNT(*) FROM call_signups s WHERE s.role_id = r.id) "
			"FROM call_roles r WHERE r.call_id = ? ORDER BY r.id",
			DB_ARGS(DB_INT(call_id)));
		while (db_next(r)) {
			struct view *item = view_add_item(v, "needs");
			view_set(item, "role", role_label(req, db_col_text(r, 0)));
			view_set(item, "lang", *db_col_text(r, 1) ? i18n_native_name(db_col_text(r, 1)) : "");
			view_set_int(item, "needed", db_col_int(r, 2));
			view_set_int(item, "have", db_col_int(r, 3));
		}
		db_done(r);
		view_setf(v, "call_href", "/app/cases/%lld/calls/%lld", (long long)c.id, (long long)call_id);
	}
	if (request_query(req, "partial")) {
		struct buf out;
		buf_init(&out, req->arena, 2048);
		page_render_fragment(req, "mobilization_counts.html", v, &out);
		reply_bytes(req, 200, "text/html; charset=utf-8", out.data, out.len);
		return;
	}
	page_render(req, 200, "mobilization.html", v);
}

struct follow_ctx {
	int64_t id;
	const char *base, *outcome;
	bool thank;
	int64_t n;
};

static enum db_status follow_tx(struct db *db, void *p)
{
	struct follow_ctx *c = p;
	c->n = c->thank ? mobilization_thank(db, c->id, c->outcome)
	                : mobilization_remind_yes(db, c->id, c->base);
	return c->n >= 0 ? DB_OK : DB_ERROR;
}

static void follow(struct request *req, bool thank)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_EDIT, false, &c))
		return;
	int64_t mid, call_id = 0;
	char *title = NULL;
	if (!mobilization_of_case(req, &c, &mid, &call_id, &title))
		return;
	struct follow_ctx fc = { mid, public_base(req), case_clean(req, "outcome", 300, false), thank, 0 };
	if (thank && (fc.outcome == NULL || *fc.outcome == '\0')) {
		case_render(req, &c, 422, N_("mob.error.outcome"));
		return;
	}
	if (db_tx(db_thread(), follow_tx, &fc) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	reply_redirect(req, arena_printf(req->arena, "/app/cases/%lld/mobilizations/%lld?queued=%lld",
	                                 (long long)c.id, (long long)mid, (long long)fc.n));
}

void mobilization_remind_submit(struct request *req)
{
	follow(req, false);
}

void mobilization_thank_submit(struct request *req)
{
	follow(req, true);
}

/* ---- accompaniment calls ---- */

struct call_ctx {
	int64_t case_id, date_id, starts, cap, by, id;
	const char *place, *bring, *behave, *interp_lang;
	long long counts[4];
	bool is_public;
};

static enum db_status call_tx(struct db *db, void *p)
{
	struct call_ctx *c = p;
	if (db_exec(db,
	            "INSERT INTO calls (case_id, date_id, place, starts_at, bring, behave, cap, public, "
	            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	            DB_ARGS(DB_INT(c->case_id), c->date_id > 0 ? DB_INT(c->date_id) : DB_NULL,
	                    DB_TEXT(c->place), DB_INT(c->starts), DB_TEXT(c->bring), DB_TEXT(c->behave),
	                    DB_INT(c->cap), DB_INT(c->is_public), DB_INT(time(NULL)))) != DB_OK)
		return DB_ERROR;
	c->id = db_last_id(db);
	for (int i = 0; i < 4; i++)
		if (c->counts[i] > 0 &&
		    db_exec(db, "INSERT INTO call_roles (call_id, role, lang, needed) VALUES (?, ?, ?, ?)",
		            DB_ARGS(DB_INT(c->id), DB_TEXT(roles[i]), DB_TEXT(i == 0 ? c->interp_lang : ""),
		                    DB_INT(c->counts[i]))) != DB_OK)
			return DB_ERROR;
	if (c->is_public && public_data_changed)
		public_data_changed();
	return case_event_add(db, c->case_id, "accompaniment", c->place, c->by, "call", c->id) > 0
	       ? DB_OK : DB_ERROR;
}

void call_create_submit(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_EDIT, false, &c))
		return;
	struct db *db = db_thread();
	struct call_ctx cc = { .case_id = c.id, .by = req->actor->id };
	const char *date = request_form(req, "date_id");
	cc.date_id = date ? atoll(date) : 0;
	if (cc.date_id > 0 && case_of_date(db, cc.date_id) != c.id)
		cc.date_id = 0;
	cc.place = case_clean(req, "place", 300, false);
	cc.bring = case_clean(req, "bring", 1000, true);
	cc.behave = case_clean(req, "behave", 1000, true);
	cc.interp_lang = case_clean(req, "interpreter_lang", 20, false);
	cc.is_public = request_form(req, "public") != NULL && c.consent_public;
	const char *cap = request_form(req, "cap");
	cc.cap = cap ? atoll(cap) : 0;
	for (int i = 0; i < 4; i++) {
		const char *n = request_form(req, arena_printf(req->arena, "need_%s", roles[i]));
		cc.counts[i] = n ? atoll(n) : 0;
		if (cc.counts[i] < 0 || cc.counts[i] > 500)
			cc.counts[i] = -1;
	}
	bool when_ok;
	if (cc.date_id > 0 && (!request_form(req, "date") || !*request_form(req, "date")))
		when_ok = db_get_int(db, "SELECT starts_at FROM case_dates WHERE id = ?",
		                     DB_ARGS(DB_INT(cc.date_id)), &cc.starts) == DB_OK;
	else
		when_ok = case_parse_when(request_form(req, "date"), request_form(req, "time"), &cc.starts);
	if (!cc.place || !*cc.place || !cc.bring || !cc.behave || !cc.interp_lang || cc.cap < 0 ||
	    cc.cap > 10000 || !when_ok || cc.counts[0] < 0 || cc.counts[1] < 0 || cc.counts[2] < 0 ||
	    cc.counts[3] < 0) {
		case_error(req, N_("case.error.call"));
		return;
	}
	if (db_tx(db, call_tx, &cc) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	reply_redirect(req, arena_printf(req->arena, "/app/cases/%lld/calls/%lld", (long long)c.id,
	                                 (long long)cc.id));
}

static bool call_of_case(struct request *req, const struct case_info *c, int64_t *call_id)
{
	*call_id = request_param_id(req, "call");
	int64_t case_id = 0;
	if (*call_id <= 0 ||
	    db_get_int(db_thread(), "SELECT case_id FROM calls WHERE id = ?", DB_ARGS(DB_INT(*call_id)),
	               &case_id) != DB_OK ||
	    case_id != c->id) {
		reply_error(req, ERR_NOT_FOUND);
		return false;
	}
	return true;
}

/* On the day: who signed up, with a tap for "came" / "didn't come". */
void call_show(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_READ, false, &c))
		return;
	int64_t call_id;
	if (!call_of_case(req, &c, &call_id))
		return;
	struct db *db = db_thread();
	struct view *v = page_view(req, N_("call.title"));
	view_set_bool(v, "staff_area", true);
	view_set_int(v, "case_id", c.id);
	view_set_int(v, "call_id", call_id);
	view_set(v, "case_title", c.title);
	struct db_rows *r = db_query(db,
		"SELECT place, starts_at, bring, behave, cap, debrief_sealed FROM calls WHERE id = ?",
		DB_ARGS(DB_INT(call_id)));
	if (db_next(r)) {
		view_set(v, "place", db_col_text(r, 0));
		view_set(v, "when", case_local_time(req, db_col_int(r, 1)));
		view_set(v, "bring", db_col_text(r, 2));
		view_set(v, "behave", db_col_text(r, 3));
		view_set_int(v, "cap", db_col_int(r, 4));
		size_t len = 0;
		const void *blob = db_col_blob(r, 5, &len);
		if (blob && len)
			view_set(v, "debrief", seal_open(req->arena, "calls", "debrief", call_id, blob, len, NULL));
	}
	db_done(r);
	r = db_query(db,
		"SELECT r.role, r.lang, r.needed, (SELECT COUNT(*) FROM call_signups s WHERE s.role_id = r.id) "
		"FROM call_roles r WHERE r.call_id = ? ORDER BY r.id",
		DB_ARGS(DB_INT(call_id)));
	while (db_next(r)) {
		struct view *item = view_add_item(v, "roles");
		view_set(item, "role", role_label(req, db_col_text(r, 0)));
		view_set(item, "lang", *db_col_text(r, 1) ? i18n_native_name(db_col_text(r, 1)) : "");
		view_set_int(item, "needed", db_col_int(r, 2));
		view_set_int(item, "have", db_col_int(r, 3));
	}
	db_done(r);
	r = db_query(db,
		"SELECT s.id, p.given_name, p.family_name, p.known_as, COALESCE(r.role, ''), s.came "
		"FROM call_signups s JOIN people p ON p.id = s.person_id "
		"LEFT JOIN call_roles r ON r.id = s.role_id WHERE s.call_id = ? ORDER BY p.name_fold",
		DB_ARGS(DB_INT(call_id)));
	int n = 0;
	while (db_next(r)) {
		struct view *item = view_add_item(v, "signups");
		view_set_int(item, "id", db_col_int(r, 0));
		const char *known = db_col_text(r, 3);
		view_set(item, "name", known && *known ? known
		                       : arena_printf(req->arena, "%s %s", db_col_text(r, 1), db_col_text(r, 2)));
		view_set(item, "role", *db_col_text(r, 4) ? role_label(req, db_col_text(r, 4)) : "");
		view_set_bool(item, "came", !db_col_null(r, 5) && db_col_int(r, 5) == 1);
		view_set_bool(item, "absent", !db_col_null(r, 5) && db_col_int(r, 5) == 0);
		n++;
	}
	db_done(r);
	view_set_int(v, "signed_up", n);
	page_render(req, 200, "call.html", v);
}

void call_checkin_submit(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_EDIT, false, &c))
		return;
	int64_t call_id;
	if (!call_of_case(req, &c, &call_id))
		return;
	const char *sid = request_form(req, "signup");
	const char *came = request_form(req, "came");
	struct db *db = db_thread();
	if (sid == NULL || came == NULL ||
	    db_exec(db, "UPDATE call_signups SET came = ? WHERE id = ? AND call_id = ?",
	            DB_ARGS(DB_INT(strcmp(came, "1") == 0), DB_INT(atoll(sid)), DB_INT(call_id))) != DB_OK ||
	    db_changes(db) == 0) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	int64_t pid = 0;
	db_get_int(db, "SELECT person_id FROM call_signups WHERE id = ?", DB_ARGS(DB_INT(atoll(sid))), &pid);
	if (pid > 0 && strcmp(came, "1") == 0)
		person_activity(db, pid, "accompaniment.came", "call", call_id, NULL);
	reply_redirect(req, arena_printf(req->arena, "/app/cases/%lld/calls/%lld#s%s", (long long)c.id,
	                                 (long long)call_id, sid));
}

void call_debrief_submit(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_EDIT, false, &c))
		return;
	int64_t call_id;
	if (!call_of_case(req, &c, &call_id))
		return;
	const char *text = case_clean(req, "debrief", 8000, true);
	if (text == NULL || *text == '\0') {
		case_error(req, N_("case.error.fields"));
		return;
	}
	struct db *db = db_thread();
	size_t len;
	unsigned char *blob = seal_value(req->arena, "calls", "debrief", call_id, text, strlen(text), &len);
	if (blob == NULL ||
	    db_exec(db, "UPDATE calls SET debrief_sealed = ? WHERE id = ?",
	            DB_ARGS(DB_BLOB(blob, len), DB_INT(call_id))) != DB_OK ||
	    case_event_add(db, c.id, "accompaniment", text, req->actor->id, "call", call_id) < 0) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	reply_redirect(req, arena_printf(req->arena, "/app/cases/%lld/calls/%lld", (long long)c.id,
	                                 (long long)call_id));
}

/* ---- the personal answer page (public, no sign-in) ---- */

static void answer_page(struct request *req, const struct mobilization_ask *ask, unsigned status,
                        bool just_answered)
{
	struct view *v = page_view(req, N_("mob.answer.title"));
	view_set(v, "csrf", app_anon_csrf(req));
	view_set(v, "token", request_param(req, "token"));
	view_set(v, "title", ask->title);
	view_set(v, "body", ask->body);
	view_set_bool(v, "just_answered", just_answered);
	if (ask->answer)
		view_set(v, "current", page_t(req, answer_msgid(ask->answer)));
	view_set_bool(v, "yes_now", ask->answer && strcmp(ask->answer, "yes") == 0);
	if (ask->call_id > 0) {
		struct db_rows *r = db_query(db_thread(),
			"SELECT DISTINCT role FROM call_roles WHERE call_id = ? ORDER BY id",
			DB_ARGS(DB_INT(ask->call_id)));
		while (db_next(r)) {
			struct view *o = view_add_item(v, "roles");
			view_set(o, "value", db_col_text(r, 0));
			view_set(o, "label", role_label(req, db_col_text(r, 0)));
			view_set_bool(o, "checked", ask->role && strcmp(ask->role, db_col_text(r, 0)) == 0);
		}
		db_done(r);
	}
	page_render(req, status, "answer.html", v);
}

void answer_form(struct request *req)
{
	struct mobilization_ask ask;
	if (!mobilization_by_token(db_thread(), req->arena, request_param(req, "token"), &ask)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	/* shown in the language the person was written to, unless they chose */
	if (request_query(req, "lang") == NULL && kv_get(&req->cookies, "lang") == NULL && ask.lang && *ask.lang)
		req->lang = ask.lang;
	reply_header(req, "Referrer-Policy", "no-referrer");
	answer_page(req, &ask, 200, false);
}

struct answer_ctx {
	const char *token, *answer, *role;
	int64_t mid;
};

/* Answers arrive in bursts (hundreds of people tapping within a minute)
 * and each commit waits for the disk, so they go through the group
 * commit: one transaction and one fsync for all answers waiting at once,
 * and one that fails fails alone. Runs on the writer's thread: only `db`
 * and the context. */
static enum db_status answer_tx(struct db *db, void *p)
{
	struct answer_ctx *c = p;
	c->mid = mobilization_answer_link(db, c->token, c->answer, c->role);
	return c->mid < 0 ? DB_ERROR : DB_OK;
}

static void answered(struct request *req, void *p, enum db_status status)
{
	struct answer_ctx *ac = p;
	if (status != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	struct mobilization_ask ask;
	if (ac->mid == 0 || !mobilization_by_token(db_thread(), req->arena, ac->token, &ask)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	if (request_query(req, "lang") == NULL && kv_get(&req->cookies, "lang") == NULL && ask.lang && *ask.lang)
		req->lang = ask.lang;
	answer_page(req, &ask, 200, true);
}

void answer_submit(struct request *req)
{
	struct answer_ctx *ac = arena_calloc(req->arena, 1, sizeof *ac);
	*ac = (struct answer_ctx){ request_param(req, "token"), request_form(req, "answer"),
	                           request_form(req, "role"), 0 };
	/* the thread serves others while the answer waits for its commit */
	app_reply_after_commit(req, answer_tx, ac, answered);
}

/* ---- the public campaign page ---- */

static void campaign_render(struct request *req, unsigned status, int64_t bad_call, const char *error,
                            const struct form *f);

void campaign_show(struct request *req)
{
	campaign_render(req, 200, 0, NULL, NULL);
}

static void campaign_render(struct request *req, unsigned status, int64_t bad_call, const char *error,
                            const struct form *f)
{
	const char *slug = request_param(req, "slug");
	struct db *db = db_thread();
	int64_t id = 0;
	char *alias = NULL, *outcome = NULL;
	/* only columns that are public by consent: never the file */
	struct db_rows *r = db_query(db,
		"SELECT id, alias, outcome FROM cases WHERE slug = ? AND published = 1 AND consent_public = 1",
		DB_ARGS(DB_TEXT(slug)));
	if (db_next(r)) {
		id = db_col_int(r, 0);
		alias = db_col_dup(r, 1, req->arena);
		outcome = db_col_null(r, 2) ? NULL : db_col_dup(r, 2, req->arena);
	}
	db_done(r);
	if (id == 0) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	struct view *v = page_view(req, N_("campaign.title"));
	view_set(v, "alias", alias);
	view_set(v, "slug", slug);
	view_set(v, "csrf", app_anon_csrf(req));
	view_set_bool(v, "signed", request_query(req, "signed") != NULL);
	struct settings s;
	settings_get(&s);
	struct content_text t;
	if (content_get(db, req->arena, "case", id, "story", req->lang, s.default_lang, &t)) {
		view_set(v, "story", t.value);
		view_set(v, "story_lang", t.lang);
		view_set_bool(v, "story_fallback", t.is_fallback);
	}
	if (outcome)
		view_set(v, "outcome", page_t(req, case_outcome_msgid(outcome)));
	int64_t has_photo = 0;
	db_get_int(db, "SELECT COUNT(*) FROM case_photos p JOIN cases c ON c.id = p.case_id "
	               "WHERE c.id = ? AND c.consent_photo = 1", DB_ARGS(DB_INT(id)), &has_photo);
	view_set_bool(v, "photo", has_photo > 0);
	r = db_query(db,
		"SELECT id, place, starts_at, bring, behave FROM calls WHERE case_id = ? AND public = 1 "
		"AND starts_at > ? ORDER BY starts_at",
		DB_ARGS(DB_INT(id), DB_INT(time(NULL) - 3600)));
	while (db_next(r)) {
		struct view *k = view_add_item(v, "calls");
		int64_t call_id = db_col_int(r, 0);
		view_set_int(k, "id", call_id);
		view_set(k, "place", db_col_text(r, 1));
		view_set(k, "when", case_local_time(req, db_col_int(r, 2)));
		view_set(k, "bring", db_col_text(r, 3));
		view_set(k, "behave", db_col_text(r, 4));
		if (call_id == bad_call) {
			if (error)
				view_set(k, "form_error", page_t(req, error));
			if (f)
				form_to_view(f, k, req->lang);
		}
		struct db_rows *rr = db_query(db, "SELECT DISTINCT role FROM call_roles WHERE call_id = ? ORDER BY id",
		                              DB_ARGS(DB_INT(call_id)));
		while (db_next(rr)) {
			struct view *o = view_add_item(k, "roles");
			view_set(o, "value", db_col_text(rr, 0));
			view_set(o, "label", role_label(req, db_col_text(rr, 0)));
		}
		db_done(rr);
	}
	db_done(r);
	page_render(req, status, "campaign.html", v);
}

/* ---- signing up from the public page ---- */

struct signup_ctx {
	struct person_input in;
	int64_t call_id, case_id, person;
	const char *role;
	bool full, created;
};

static enum db_status signup_tx(struct db *db, void *p)
{
	struct signup_ctx *c = p;
	int64_t cap = 0, have = 0;
	if (db_get_int(db, "SELECT cap FROM calls WHERE id = ?", DB_ARGS(DB_INT(c->call_id)), &cap) != DB_OK ||
	    db_get_int(db, "SELECT COUNT(*) FROM call_signups WHERE call_id = ?", DB_ARGS(DB_INT(c->call_id)),
	               &have) != DB_OK)
		return DB_ERROR;
	c->person = person_upsert(db, &c->in, &c->created);
	if (c->person < 0)
		return DB_ERROR;
	int64_t already = 0;
	if (db_get_int(db, "SELECT COUNT(*) FROM call_signups WHERE call_id = ? AND person_id = ?",
	               DB_ARGS(DB_INT(c->call_id), DB_INT(c->person)), &already) != DB_OK)
		return DB_ERROR;
	if (cap > 0 && have >= cap && !already) {
		c->full = true;
		return DB_NOT_FOUND; /* roll back: nothing kept */
	}
	if (db_exec(db,
	            "INSERT INTO call_signups (call_id, person_id, role_id, via, created_at) VALUES "
	            "(?, ?, (SELECT id FROM call_roles WHERE call_id = ? AND role = ? ORDER BY id LIMIT 1), "
	            "'public', ?) ON CONFLICT (call_id, person_id) DO UPDATE SET role_id = excluded.role_id",
	            DB_ARGS(DB_INT(c->call_id), DB_INT(c->person), DB_INT(c->call_id), DB_TEXT(c->role),
	                    DB_INT(time(NULL)))) != DB_OK)
		return DB_ERROR;
	return person_activity(db, c->person, "accompaniment.signup", "call", c->call_id, c->role) &&
	       case_event_add(db, c->case_id, "accompaniment",
	                      c->role && *c->role ? c->role : "sign-up", 0, "call", c->call_id) > 0
	       ? DB_OK : DB_ERROR;
}

void campaign_signup(struct request *req)
{
	const char *slug = request_param(req, "slug");
	long long call_id = request_param_id(req, "call");
	struct db *db = db_thread();
	int64_t case_id = 0;
	if (call_id <= 0 ||
	    db_get_int(db,
	               "SELECT c.id FROM cases c JOIN calls k ON k.case_id = c.id WHERE c.slug = ? AND "
	               "c.published = 1 AND c.consent_public = 1 AND k.id = ? AND k.public = 1 AND k.starts_at > ?",
	               DB_ARGS(DB_TEXT(slug), DB_INT(call_id), DB_INT(time(NULL) - 3600)), &case_id) != DB_OK ||
	    case_id == 0) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	static const char *const role_choices[] = { "interpreter", "legal_observer", "driver", "companion", NULL };
	const struct field_spec spec[] = {
		{ .name = "given_name", .type = FIELD_TEXT, .required = true, .max_len = 80 },
		{ .name = "email", .type = FIELD_EMAIL, .max_len = 254 },
		{ .name = "phone", .type = FIELD_TEXT, .max_len = 40 },
		{ .name = "role", .type = FIELD_CHOICE, .choices = role_choices },
		{ .name = "consent_email", .type = FIELD_CHECKBOX },
		{ .name = "consent_sms", .type = FIELD_CHECKBOX },
		{ .name = "website", .type = FIELD_TEXT, .max_len = 200 }, /* the honeypot */
	};
	struct form f;
	form_validate(req->arena, spec, sizeof spec / sizeof spec[0], &req->form, &f);
	const char *trap = form_value(&f, "website");
	if (trap && *trap) {
		reply_redirect(req, arena_printf(req->arena, "/c/%s?signed=1", slug));
		return;
	}
	if (!throttle_form_take(req->client_addr, req->client_addr_len, time(NULL))) {
		campaign_render(req, 429, call_id, N_("join.too_many"), &f);
		return;
	}
	const char *email = form_value(&f, "email"), *typed = form_value(&f, "phone"), *phone = NULL;
	if (typed && *typed && form_field(&f, "phone")->error == NULL) {
		const char *problem = NULL;
		phone = phone_normalize(req->arena, typed, "US", &problem);
		if (phone == NULL)
			form_set_error(&f, "phone", problem ? problem : N_("phone.invalid"));
	}
	if ((email == NULL || *email == '\0') && (typed == NULL || *typed == '\0'))
		form_set_error(&f, "email", N_("join.need_contact"));
	if (!f.ok) {
		campaign_render(req, 422, call_id, N_("form.fix_errors"), &f);
		return;
	}
	struct signup_ctx c = { .in = {
		.given_name = form_value(&f, "given_name"), .lang = req->lang, .source = "accompaniment",
		.emails = (const char *const[]){ email }, .n_emails = email && *email ? 1 : 0,
		.phones = (const char *const[]){ phone }, .n_phones = phone ? 1 : 0,
		.subscribe = { form_field(&f, "consent_email")->checked && email && *email,
		               form_field(&f, "consent_sms")->checked && phone, false },
		.how = "accompaniment",
	}, .call_id = call_id, .case_id = case_id, .role = form_value(&f, "role") };
	enum db_status s = db_tx(db, signup_tx, &c);
	if (c.full) {
		campaign_render(req, 422, call_id, N_("call.full"), &f);
		return;
	}
	if (s != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "call.signup", "call", call_id, NULL);
	reply_redirect(req, arena_printf(req->arena, "/c/%s?signed=1#thanks", slug));
}

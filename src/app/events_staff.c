/* Events in the staff area: the list, creating and editing (organizers),
 * each language's words with their review status, the RSVP list, the
 * numbers after the event, and the door: search as you type (a plain
 * search form without JavaScript), one tap to check in, walk-ins in a few
 * taps, an anonymous headcount, live totals. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/content_form.h"
#include "app/events_shared.h"
#include "app/page.h"
#include "app/public_forms.h"
#include "auth/permissions.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/phone.h"
#include "db/db.h"
#include "html/escape.h"
#include "html/template.h"
#include "http/fields.h"
#include "http/reply.h"
#include "http/request.h"
#include "i18n/languages.h"
#include "i18n/msgid.h"
#include "model/changes.h"
#include "model/content.h"
#include "model/events.h"
#include "model/petitions.h"
#include "model/settings.h"

static const char *const visibility_choices[] = { "public", "unlisted", NULL };

struct list_ctx {
	struct request *req;
	struct view *v;
};

static void list_row(const struct event *e, void *p)
{
	struct list_ctx *c = p;
	struct view *item = view_add_item(c->v, "events");
	struct content_text t;
	view_set_int(item, "id", e->id);
	view_set(item, "slug", e->slug);
	view_set(item, "title", event_text(c->req, e->id, "title", c->req->lang, &t));
	view_set(item, "when", event_when(c->req->arena, e));
	view_set_int(item, "going", e->going);
	view_set_int(item, "waitlist", e->waitlist);
	view_set_int(item, "checked_in", e->checked_in);
}

static void show_list(struct request *req, unsigned status, const struct form *f)
{
	struct view *v = page_view(req, N_("events.admin.title"));
	view_set_bool(v, "staff_area", true);
	view_set_bool(v, "can_manage", perm_allows(req->actor, ACT_EVENTS_MANAGE));
	if (f) {
		form_to_view(f, v, req->lang);
		view_set(v, "form_error", page_t(req, N_("form.fix_errors")));
	}
	const struct spoken_language *spoken;
	size_t n = spoken_languages(&spoken);
	const struct field_result *langs = f ? form_field(f, "interpretation") : NULL;
	for (size_t i = 0; i < n; i++) {
		struct view *item = view_add_item(v, "language_choices");
		view_set(item, "code", spoken[i].code);
		view_set(item, "name", spoken[i].endonym);
		bool on = false;
		for (size_t k = 0; langs && k < langs->n_values; k++)
			on = on || strcmp(langs->values[k], spoken[i].code) == 0;
		view_set_bool(item, "checked", on);
	}
	if (f)
		view_set_bool(v, "childcare", form_field(f, "childcare")->checked);
	struct list_ctx c = { req, v };
	int64_t total = 0;
	struct db *db = db_thread();
	if (db)
		events_list(db, req->arena, false, 0, 0, 500, list_row, &c, &total);
	page_render(req, status, "events_admin.html", v);
}

void events_admin_list(struct request *req)
{
	show_list(req, 200, NULL);
}

/* Validates the fields shared by create and edit into e; errors on f. */
static void read_event(struct request *req, struct form *f, struct event *e)
{
	(void)req;
	e->slug = form_value(f, "slug");
	if (form_field(f, "slug")->error == NULL && !petition_slug_ok(e->slug))
		form_set_error(f, "slug", N_("petitions.admin.bad_slug"));
	const char *starts = form_value(f, "starts"), *ends = form_value(f, "ends");
	if (form_field(f, "starts")->error == NULL && !local_time_parse(starts, &e->starts_at))
		form_set_error(f, "starts", N_("form.bad_datetime"));
	if (form_field(f, "ends")->error == NULL && !local_time_parse(ends, &e->ends_at))
		form_set_error(f, "ends", N_("form.bad_datetime"));
	if (f->ok && e->ends_at <= e->starts_at)
		form_set_error(f, "ends", N_("form.end_before_start"));
	e->place = form_value(f, "place") ? form_value(f, "place") : "";
	e->capacity = form_field(f, "capacity")->number;
	const struct field_result *langs = form_field(f, "interpretation");
	struct buf b;
	buf_init(&b, req->arena, 64);
	for (size_t i = 0; langs && i < langs->n_values; i++) {
		if (i)
			buf_putc(&b, ',');
		buf_puts(&b, langs->values[i]);
	}
	e->interpretation = b.data;
	e->childcare = form_field(f, "childcare")->checked;
	const char *vis = form_value(f, "visibility");
	e->unlisted = vis && strcmp(vis, "unlisted") == 0;
}

#define EVENT_SPEC \
	{ .name = "slug", .type = FIELD_TEXT, .required = true, .max_len = 48 }, \
	{ .name = "starts", .type = FIELD_TEXT, .required = true, .max_len = 16 }, \
	{ .name = "ends", .type = FIELD_TEXT, .required = true, .max_len = 16 }, \
	{ .name = "place", .type = FIELD_TEXTAREA, .max_len = 300 }, \
	{ .name = "capacity", .type = FIELD_INT, .min = 0, .max = 100000 }, \
	{ .name = "interpretation", .type = FIELD_CHOICES, .choices = spoken_language_codes() }, \
	{ .name = "childcare", .type = FIELD_CHECKBOX }, \
	{ .name = "visibility", .type = FIELD_CHOICE, .choices = visibility_choices }

struct create_ctx {
	struct event e;
	const char *title, *lang;
	int64_t user, id;
};

static enum db_status create_tx(struct db *db, void *p)
{
	struct create_ctx *c = p;
	c->id = event_create(db, &c->e, c->user);
	if (c->id <= 0)
		return c->id == 0 ? DB_CONFLICT : DB_ERROR;
	return content_put(db, "event", c->id, "title", c->lang, c->title, REVIEW_DRAFT, NULL) ? DB_OK : DB_ERROR;
}

void events_admin_create(struct request *req)
{
	const struct field_spec spec[] = {
		EVENT_SPEC,
		{ .name = "title", .type = FIELD_TEXT, .required = true, .max_len = 200 },
	};
	struct form f;
	form_validate(req->arena, spec, sizeof spec / sizeof spec[0], &req->form, &f);
	struct create_ctx c = { .user = req->actor->id };
	read_event(req, &f, &c.e);
	if (!f.ok) {
		show_list(req, 422, &f);
		return;
	}
	struct settings s;
	settings_get(&s);
	c.title = form_value(&f, "title");
	c.lang = s.default_lang;
	struct db *db = db_thread();
	enum db_status st = db ? db_tx(db, create_tx, &c) : DB_ERROR;
	if (st == DB_CONFLICT) {
		form_set_error(&f, "slug", N_("petitions.admin.slug_taken"));
		show_list(req, 422, &f);
		return;
	}
	if (st != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "event.create", "event", c.id, NULL);
	reply_redirect(req, arena_printf(req->arena, "/app/events/%lld", (long long)c.id));
}

static bool load(struct request *req, struct event *e)
{
	struct db *db = db_thread();
	long long id = request_param_id(req, "id");
	if (db == NULL || id <= 0 || !event_get(db, req->arena, id, e)) {
		reply_error(req, ERR_NOT_FOUND);
		return false;
	}
	return true;
}

struct rsvp_list_ctx {
	struct request *req;
	struct view *v;
	const char *key;
};

static void rsvp_row(const struct rsvp *r, void *p)
{
	struct rsvp_list_ctx *c = p;
	struct view *item = view_add_item(c->v, c->key);
	view_set_int(item, "rid", r->id);
	view_set_int(item, "person_id", r->person_id);
	view_set(item, "name", r->name && *r->name ? r->name : "—");
	view_set(item, "status", page_t(c->req, r->status == RSVP_GOING ? N_("event.status.going")
	                                        : N_("event.status.waitlist")));
	view_set_bool(item, "waitlist", r->status == RSVP_WAITLIST);
	view_set_bool(item, "checked_in", r->checked_in_at != 0);
	view_set_bool(item, "walk_in", r->walk_in);
	view_set_bool(item, "first_time", r->first_time);
	view_set(item, "interpretation", r->interpretation);
	if (r->childcare)
		view_set_int(item, "childcare", r->childcare);
}

static void add_totals(struct request *req, struct view *v, int64_t event_id)
{
	struct event_totals t;
	struct db *db = db_thread();
	if (db == NULL || !event_totals(db, event_id, &t))
		return;
	view_set_int(v, "t_going", t.going);
	view_set_int(v, "t_waitlist", t.waitlist);
	view_set_int(v, "t_cancelled", t.cancelled);
	view_set_int(v, "t_checked_in", t.checked_in);
	view_set_int(v, "t_walk_ins", t.walk_ins);
	view_set_int(v, "t_anonymous", t.anonymous);
	view_set_int(v, "t_attendance", t.attendance);
	view_set_int(v, "t_new", t.new_people);
	view_set_int(v, "t_first", t.first_timers);
	(void)req;
}

/* Each language's words: the same fields as event_fields. */
static const struct field_spec text_fields[] = {
	{ .name = "title", .type = FIELD_TEXT, .required = true, .max_len = 200 },
	{ .name = "description", .type = FIELD_TEXTAREA, .max_len = 20000 },
	{ .name = "directions", .type = FIELD_TEXTAREA, .max_len = 2000 },
	{ .name = "accessibility", .type = FIELD_TEXTAREA, .max_len = 2000 },
};
#define TEXT_FIELDS (sizeof text_fields / sizeof text_fields[0])

/* `f` is a rejected settings form, `typed` a rejected text (or NULL). */
static void show_event(struct request *req, unsigned status, const struct event *e, const struct form *f,
                       const struct content_form *typed, const char *alert)
{
	struct view *v = page_view(req, N_("events.admin.title"));
	view_set_bool(v, "staff_area", true);
	bool manage = perm_allows(req->actor, ACT_EVENTS_MANAGE);
	view_set_bool(v, "can_manage", manage);
	struct content_text t;
	view_set(v, "title", event_text(req, e->id, "title", req->lang, &t));
	view_set_int(v, "id", e->id);
	view_set(v, "slug", e->slug);
	view_set(v, "when", event_when(req->arena, e));
	view_set(v, "starts", local_time(req->arena, e->starts_at, "%Y-%m-%dT%H:%M"));
	view_set(v, "ends", local_time(req->arena, e->ends_at, "%Y-%m-%dT%H:%M"));
	view_set(v, "place", e->place);
	view_set(v, "capacity", arena_printf(req->arena, "%lld", (long long)e->capacity));
	view_set_bool(v, "childcare", e->childcare);
	view_set_bool(v, "unlisted", e->unlisted);
	if (f)
		form_to_view(f, v, req->lang);
	if (alert)
		view_set(v, "form_error", page_t(req, alert));
	add_totals(req, v, e->id);
	const struct spoken_language *spoken;
	size_t n = spoken_languages(&spoken);
	for (size_t i = 0; i < n; i++) {
		struct view *item = view_add_item(v, "language_choices");
		view_set(item, "code", spoken[i].code);
		view_set(item, "name", spoken[i].endonym);
		char pat[16];
		snprintf(pat, sizeof pat, ",%s,", spoken[i].code);
		view_set_bool(item, "checked", strstr(arena_printf(req->arena, ",%s,", e->interpretation), pat) != NULL);
	}
	struct db *db = db_thread();
	if (manage)
		content_form_view(req, v, "event", e->id, text_fields, TEXT_FIELDS, typed);
	struct rsvp_list_ctx c = { req, v, "rsvps" };
	if (db)
		event_rsvps(db, req->arena, e->id, NULL, 2000, rsvp_row, &c);
	page_render(req, status, "event_admin.html", v);
}

void events_admin_show(struct request *req)
{
	struct event e;
	if (load(req, &e))
		show_event(req, 200, &e, NULL, NULL, request_query(req, "saved") ? N_("settings.saved") : NULL);
}

struct save_ctx {
	struct event e;
	struct request *req;
	int64_t moved;
};

/* The edit, and when the capacity grew, the waiting list moves up. */
static enum db_status save_tx(struct db *db, void *p)
{
	struct save_ctx *c = p;
	enum db_status st = (enum db_status)event_update(db, &c->e);
	if (st != DB_OK)
		return st;
	return event_fill_from_waitlist(db, c->req->arena, c->e.id, event_words_for, c->req, &c->moved) ? DB_OK
	                                                                                               : DB_ERROR;
}

void events_admin_save(struct request *req)
{
	struct event e;
	if (!load(req, &e))
		return;
	const struct field_spec spec[] = { EVENT_SPEC };
	struct form f;
	form_validate(req->arena, spec, sizeof spec / sizeof spec[0], &req->form, &f);
	struct save_ctx c = { e, req, 0 };
	read_event(req, &f, &c.e);
	if (!f.ok) {
		show_event(req, 422, &e, &f, NULL, N_("form.fix_errors"));
		return;
	}
	struct db *db = db_thread();
	enum db_status st = db ? db_tx(db, save_tx, &c) : DB_ERROR;
	if (st == DB_CONFLICT) {
		form_set_error(&f, "slug", N_("petitions.admin.slug_taken"));
		show_event(req, 422, &e, &f, NULL, N_("form.fix_errors"));
		return;
	}
	if (st != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	model_public_changed();
	app_audit(req, "event.edit", "event", e.id, c.moved ? "waitlist_moved" : NULL);
	reply_redirect(req, arena_printf(req->arena, "/app/events/%lld?saved=1", (long long)e.id));
}

void events_admin_text(struct request *req)
{
	struct event e;
	if (!load(req, &e))
		return;
	struct content_form cf;
	if (!content_form_read(req, text_fields, TEXT_FIELDS, &cf)) {
		show_event(req, 422, &e, NULL, &cf, N_("form.fix_errors"));
		return;
	}
	if (!content_form_save(req, &cf, "event", e.id, "event.text")) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	reply_redirect(req, arena_printf(req->arena, "/app/events/%lld?saved=1", (long long)e.id));
}

/* ---- the door ---- */

static void door_view(struct request *req, struct view *v, const struct event *e, const char *q)
{
	struct content_text t;
	view_set(v, "title", event_text(req, e->id, "title", req->lang, &t));
	view_set_int(v, "id", e->id);
	view_set(v, "q", q ? q : "");
	add_totals(req, v, e->id);
	struct rsvp_list_ctx c = { req, v, "matches" };
	struct db *db = db_thread();
	if (db)
		event_rsvps(db, req->arena, e->id, q, 50, rsvp_row, &c);
}

void events_door(struct request *req)
{
	struct event e;
	if (!load(req, &e))
		return;
	const char *q = request_query(req, "q");
	if (q && strlen(q) > 80)
		q = NULL;
	struct view *v = page_view(req, N_("events.door.title"));
	view_set_bool(v, "staff_area", true);
	door_view(req, v, &e, q);
	if (request_query(req, "partial")) {
		struct buf out;
		buf_init(&out, req->arena, 4096);
		page_render_fragment(req, "event_door_results.html", v, &out);
		reply_bytes(req, 200, "text/html; charset=utf-8", out.data, out.len);
		return;
	}
	const char *done = request_query(req, "done");
	if (done && strcmp(done, "checkin") == 0)
		view_set(v, "notice", page_t(req, N_("events.door.checked_in")));
	else if (done && strcmp(done, "walkin") == 0)
		view_set(v, "notice", page_t(req, N_("events.door.walked_in")));
	else if (done && strcmp(done, "headcount") == 0)
		view_set(v, "notice", page_t(req, N_("events.door.counted")));
	page_render(req, 200, "event_door.html", v);
}

struct checkin_ctx {
	int64_t event_id, rsvp_id;
	bool ok;
};

static enum db_status checkin_tx(struct db *db, void *p)
{
	struct checkin_ctx *c = p;
	c->ok = event_check_in(db, c->event_id, c->rsvp_id);
	return c->ok ? DB_OK : DB_NOT_FOUND;
}

static const char *back_to_door(struct request *req, const struct event *e, const char *done)
{
	struct buf b;
	buf_init(&b, req->arena, 128);
	buf_printf(&b, "/app/events/%lld/door?done=%s", (long long)e->id, done);
	const char *q = request_form(req, "q");
	if (q && *q && strlen(q) <= 80) {
		buf_puts(&b, "&q=");
		escape_url_component(&b, q);
	}
	return b.data;
}

void events_door_checkin(struct request *req)
{
	struct event e;
	if (!load(req, &e))
		return;
	struct checkin_ctx c = { e.id, request_param_id(req, "rid"), false };
	struct db *db = db_thread();
	enum db_status st = db ? db_tx(db, checkin_tx, &c) : DB_ERROR;
	if (st == DB_NOT_FOUND) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	if (st != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "event.checkin", "event", e.id, NULL);
	reply_redirect(req, back_to_door(req, &e, "checkin"));
}

struct walkin_ctx {
	struct arena *a;
	struct rsvp_input in;
	struct rsvp_result out;
};

static enum db_status walkin_tx(struct db *db, void *p)
{
	struct walkin_ctx *c = p;
	return event_rsvp(db, c->a, &c->in, &c->out) ? DB_OK : DB_ERROR;
}

void events_door_walkin(struct request *req)
{
	struct event e;
	if (!load(req, &e))
		return;
	static const struct field_spec spec[] = {
		{ .name = "given_name", .type = FIELD_TEXT, .required = true, .max_len = 80 },
		{ .name = "family_name", .type = FIELD_TEXT, .max_len = 80 },
		{ .name = "contact", .type = FIELD_TEXT, .max_len = 254 },
		{ .name = "consent", .type = FIELD_CHECKBOX },
	};
	struct form f;
	form_validate(req->arena, spec, sizeof spec / sizeof spec[0], &req->form, &f);
	/* one contact method: an email if it has an @, else a phone */
	const char *contact = form_value(&f, "contact"), *email = NULL, *phone = NULL;
	if (contact && *contact) {
		if (strchr(contact, '@')) {
			struct form ef;
			static const struct field_spec es[] = { { .name = "contact", .type = FIELD_EMAIL, .max_len = 254 } };
			if (form_validate(req->arena, es, 1, &req->form, &ef))
				email = form_value(&ef, "contact");
			else
				form_set_error(&f, "contact", N_("field.email_invalid"));
		} else {
			const char *problem = NULL;
			phone = phone_normalize(req->arena, contact, "US", &problem);
			if (phone == NULL)
				form_set_error(&f, "contact", problem ? problem : N_("phone.invalid"));
		}
	}
	if (!f.ok) {
		struct view *v = page_view(req, N_("events.door.title"));
		view_set_bool(v, "staff_area", true);
		door_view(req, v, &e, NULL);
		form_to_view(&f, v, req->lang);
		view_set(v, "form_error", page_t(req, N_("form.fix_errors")));
		page_render(req, 422, "event_door.html", v);
		return;
	}
	bool consent = form_field(&f, "consent")->checked;
	struct walkin_ctx c = { .a = req->arena, .in = {
		.event_id = e.id, .given_name = form_value(&f, "given_name"), .family_name = form_value(&f, "family_name"),
		.email = email, .phone = phone, .lang = req->lang, .walk_in = true, .how = "event.door",
		.subscribe = { consent && email, consent && phone, false },
	} };
	struct db *db = db_thread();
	if (db == NULL || db_tx(db, walkin_tx, &c) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "event.walk_in", "event", e.id, NULL);
	reply_redirect(req, back_to_door(req, &e, "walkin"));
}

struct count_ctx {
	int64_t event_id;
	int delta;
};

static enum db_status count_tx(struct db *db, void *p)
{
	struct count_ctx *c = p;
	return event_headcount(db, c->event_id, c->delta) ? DB_OK : DB_ERROR;
}

void events_door_headcount(struct request *req)
{
	struct event e;
	if (!load(req, &e))
		return;
	const char *d = request_form(req, "delta");
	struct count_ctx c = { e.id, d && strcmp(d, "-1") == 0 ? -1 : 1 };
	struct db *db = db_thread();
	if (db == NULL || db_tx(db, count_tx, &c) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	reply_redirect(req, back_to_door(req, &e, "headcount"));
}

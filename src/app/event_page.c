/* Public event pages: /events (upcoming public events), /events/{slug}
 * with the RSVP form (no account), the personal page /events/{slug}/rsvp/
 * {token} where the person sees their place and can cancel (which moves
 * the waiting list up), and the calendar feeds /events.ics and
 * /events/{slug}.ics.
 *
 * Like petitions, the event page is cached whole per language for at most
 * PUBLIC_PAGE_MAX_AGE second (it shows places left), and its form carries
 * a signed time stamp instead of a per-visitor CSRF token: it uses no
 * cookie, so a forged submission can do nothing a direct one could not. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/events_shared.h"
#include "app/page.h"
#include "app/page_cache.h"
#include "app/public_forms.h"
#include "auth/throttle.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/phone.h"
#include "db/db.h"
#include "html/template.h"
#include "http/fields.h"
#include "http/reply.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "i18n/languages.h"
#include "i18n/msgid.h"
#include "model/content.h"
#include "model/events.h"
#include "model/ics.h"
#include "model/petitions.h"
#include "model/settings.h"

const char *event_text(struct request *req, int64_t id, const char *field, const char *lang,
                       struct content_text *out)
{
	struct settings s;
	settings_get(&s);
	struct db *db = db_thread();
	if (db && content_get(db, req->arena, "event", id, field, lang, s.default_lang, out))
		return out->value;
	*out = (struct content_text){ .value = "", .lang = lang };
	return "";
}

char *event_when(struct arena *a, const struct event *e)
{
	return arena_printf(a, "%s – %s", local_time(a, e->starts_at, "%Y-%m-%d %H:%M"),
	                    local_time(a, e->ends_at, "%H:%M"));
}

/* The words of messages and calendars in `lang`. */
bool event_words_for(struct arena *a, int64_t event_id, const char *lang, struct event_words *w,
                     const char **ics, void *ctx)
{
	struct request *req = ctx;
	struct db *db = db_thread();
	struct event e;
	if (db == NULL || !event_get(db, a, event_id, &e))
		return false;
	struct content_text t, d;
	const char *base = public_base_url(req);
	*w = (struct event_words){
		.title = event_text(req, event_id, "title", lang, &t), .when = event_when(a, &e), .place = e.place,
		.link_prefix = arena_printf(a, "%s/events/%s/rsvp/", base, e.slug),
		.ics_url_prefix = arena_printf(a, "%s/events/", base),
		.page_url = arena_printf(a, "%s/events/%s", base, e.slug),
	};
	if (ics) {
		struct buf b;
		buf_init(&b, a, 2048);
		struct ics_event ie;
		event_ics_fill(&e, w, event_text(req, event_id, "description", lang, &d), &ie, a);
		ics_begin(&b, "PUBLISH");
		ics_add_event(&b, &ie);
		ics_end(&b);
		*ics = b.data;
	}
	return true;
}

static bool load_event(struct request *req, const char *slug, struct event *e)
{
	struct db *db = db_thread();
	if (db == NULL || !petition_slug_ok(slug) || !event_by_slug(db, req->arena, slug, e)) {
		reply_error(req, ERR_NOT_FOUND);
		return false;
	}
	return true;
}

void event_add_common(struct request *req, struct view *v, const struct event *e)
{
	struct content_text title, desc, dir, acc;
	view_set(v, "title", event_text(req, e->id, "title", req->lang, &title));
	view_set(v, "page_title", title.value);
	view_set(v, "text_lang", title.lang);
	view_set(v, "text_dir", i18n_dir(title.lang));
	view_set(v, "review_status", review_status_name(title.status));
	view_set(v, "review_text", page_t(req, title.is_fallback ? N_("content.status.not_translated")
	                                                         : review_status_msgid(title.status)));
	view_paragraphs(v, "paragraphs", event_text(req, e->id, "description", req->lang, &desc));
	view_set(v, "directions", event_text(req, e->id, "directions", req->lang, &dir));
	view_set(v, "accessibility", event_text(req, e->id, "accessibility", req->lang, &acc));
	view_set(v, "when", event_when(req->arena, e));
	view_set(v, "starts_iso", local_time(req->arena, e->starts_at, "%Y-%m-%dT%H:%M"));
	view_set(v, "place", e->place);
	view_set(v, "slug", e->slug);
	view_set_bool(v, "childcare", e->childcare);
	char *copy = arena_strdup(req->arena, e->interpretation ? e->interpretation : ""), *save = NULL;
	for (char *c = strtok_r(copy, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
		struct view *item = view_add_item(v, "interpretation");
		view_set(item, "code", c);
		const char *name = spoken_language_name(c);
		view_set(item, "name", name ? name : c);
	}
	if (e->capacity > 0) {
		int64_t left = e->capacity - e->going;
		view_set_int(v, "places_left", left > 0 ? left : 0);
		view_set_bool(v, "full", left <= 0);
		view_set_int(v, "capacity", e->capacity);
	}
	view_set_bool(v, "past", e->ends_at < time(NULL));
	view_set_bool(v, "noindex", e->unlisted);
}

static const char *const childcare_choices[] = { "0", "1", "2", "3", "4", "5", NULL };

static void show(struct request *req, unsigned status, const struct event *e, const struct form *f,
                 const char *alert, const char *stamp)
{
	struct view *v = page_view(req, N_("event.title"));
	event_add_common(req, v, e);
	view_set(v, "stamp", stamp ? stamp : form_stamp(req->arena, "event", e->id, time(NULL)));
	if (f)
		form_to_view(f, v, req->lang);
	if (alert)
		view_set(v, "form_error", page_t(req, alert));
	const char *chosen = f ? form_value(f, "interpretation") : NULL;
	for (size_t i = 0;; i++) {
		struct view *item = NULL;
		const char *code = NULL;
		char *copy = arena_strdup(req->arena, e->interpretation ? e->interpretation : ""), *save = NULL;
		size_t k = 0;
		for (char *c = strtok_r(copy, ",", &save); c; c = strtok_r(NULL, ",", &save), k++)
			if (k == i)
				code = c;
		if (code == NULL)
			break;
		item = view_add_item(v, "interpretation_choices");
		view_set(item, "code", code);
		const char *name = spoken_language_name(code);
		view_set(item, "name", name ? name : code);
		view_set_bool(item, "selected", chosen && strcmp(chosen, code) == 0);
	}
	const char *kids = f ? form_value(f, "childcare_count") : NULL;
	for (size_t i = 0; e->childcare && childcare_choices[i]; i++) {
		struct view *item = view_add_item(v, "childcare_choices");
		view_set(item, "value", childcare_choices[i]);
		view_set_bool(item, "selected", kids && strcmp(kids, childcare_choices[i]) == 0);
	}
	page_render(req, status, "event.html", v);
}

static void event_ics(struct request *req, const char *slug)
{
	struct event e;
	if (!load_event(req, slug, &e))
		return;
	struct event_words w;
	const char *ics = NULL;
	if (!event_words_for(req->arena, e.id, req->lang, &w, &ics, req)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	reply_header(req, "Content-Disposition",
	             arena_printf(req->arena, "attachment; filename=\"%s.ics\"", e.slug));
	reply_bytes(req, 200, "text/calendar; charset=utf-8", ics, strlen(ics));
}

void event_show(struct request *req)
{
	const char *slug = request_param(req, "slug");
	size_t n = slug ? strlen(slug) : 0;
	if (n > 4 && strcmp(slug + n - 4, ".ics") == 0) {
		event_ics(req, arena_strndup(req->arena, slug, n - 4));
		return;
	}
	char key[64];
	bool cacheable = req->session == NULL && n <= 48;
	if (cacheable) {
		snprintf(key, sizeof key, "e:%s:%s", slug, req->lang);
		if (page_cache_reply_max_age(req, key, PUBLIC_PAGE_MAX_AGE))
			return;
	}
	struct event e;
	if (!load_event(req, slug, &e))
		return;
	show(req, 200, &e, NULL, NULL, NULL);
	if (cacheable)
		page_cache_store(req, key);
}

struct feed_ctx {
	struct request *req;
	struct buf *out;
};

static void feed_row(const struct event *e, void *p)
{
	struct feed_ctx *c = p;
	struct event_words w;
	struct content_text t, d;
	const char *base = public_base_url(c->req);
	w = (struct event_words){ .title = event_text(c->req, e->id, "title", c->req->lang, &t),
	                          .ics_url_prefix = arena_printf(c->req->arena, "%s/events/", base) };
	struct ics_event ie;
	event_ics_fill(e, &w, event_text(c->req, e->id, "description", c->req->lang, &d), &ie, c->req->arena);
	ics_add_event(c->out, &ie);
}

void events_feed(struct request *req)
{
	struct buf out;
	buf_init(&out, req->arena, 8192);
	ics_begin(&out, "PUBLISH");
	ics_line(&out, "X-WR-CALNAME", "Events");
	struct feed_ctx c = { req, &out };
	int64_t total = 0;
	struct db *db = db_thread();
	/* public events from 30 days ago on */
	if (db == NULL || !events_list(db, req->arena, true, time(NULL) - 30 * 86400, 0, 500, feed_row, &c, &total)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	ics_end(&out);
	reply_bytes(req, 200, "text/calendar; charset=utf-8", out.data, out.len);
}

struct list_ctx {
	struct request *req;
	struct view *v;
};

static void list_row(const struct event *e, void *p)
{
	struct list_ctx *c = p;
	struct view *item = view_add_item(c->v, "events");
	struct content_text t;
	view_set(item, "title", event_text(c->req, e->id, "title", c->req->lang, &t));
	view_set(item, "slug", e->slug);
	view_set(item, "when", event_when(c->req->arena, e));
	view_set(item, "place", e->place);
}

void events_public_list(struct request *req)
{
	struct view *v = page_view(req, N_("events.title"));
	view_set_bool(v, "nav_events", true);
	struct list_ctx c = { req, v };
	int64_t total = 0;
	struct db *db = db_thread();
	if (db)
		events_list(db, req->arena, true, time(NULL), 0, 100, list_row, &c, &total);
	page_render(req, 200, "events.html", v);
}

struct rsvp_ctx {
	struct request *req;
	struct rsvp_input in;
	struct rsvp_result out;
	struct arena *a;
};

static enum db_status rsvp_tx(struct db *db, void *p)
{
	struct rsvp_ctx *c = p;
	return event_rsvp(db, c->a, &c->in, &c->out) ? DB_OK : DB_ERROR;
}

void event_rsvp_submit(struct request *req)
{
	struct event e;
	if (!load_event(req, request_param(req, "slug"), &e))
		return;
	const char *interp[16] = { 0 };
	size_t ni = 0;
	char *copy = arena_strdup(req->arena, e.interpretation ? e.interpretation : ""), *save = NULL;
	for (char *c = strtok_r(copy, ",", &save); c && ni < 15; c = strtok_r(NULL, ",", &save))
		interp[ni++] = c;
	const struct field_spec spec[] = {
		{ .name = "given_name", .type = FIELD_TEXT, .required = true, .max_len = 80 },
		{ .name = "family_name", .type = FIELD_TEXT, .max_len = 80 },
		{ .name = "email", .type = FIELD_EMAIL, .max_len = 254 },
		{ .name = "phone", .type = FIELD_TEXT, .max_len = 40 },
		{ .name = "interpretation", .type = FIELD_TEXT, .max_len = 12 },
		{ .name = "childcare_count", .type = FIELD_CHOICE, .choices = childcare_choices },
		{ .name = "consent_email", .type = FIELD_CHECKBOX },
		{ .name = "consent_sms", .type = FIELD_CHECKBOX },
		{ .name = "consent_phone", .type = FIELD_CHECKBOX },
		{ .name = "stamp", .type = FIELD_TEXT, .max_len = 60 },
		{ .name = "website", .type = FIELD_TEXT, .max_len = 200 },
	};
	struct form f;
	form_validate(req->arena, spec, sizeof spec / sizeof spec[0], &req->form, &f);
	const char *trap = form_value(&f, "website");
	if (trap && *trap) {
		reply_redirect(req, arena_printf(req->arena, "/events/%s?lang=%s", e.slug, req->lang));
		return;
	}
	if (cross_site_post(req)) {
		reply_error(req, ERR_CSRF);
		return;
	}
	int64_t now = time(NULL);
	const char *stamp = form_value(&f, "stamp");
	enum stamp_check sc = form_stamp_check(stamp, "event", e.id, now);
	if (sc == STAMP_BAD || sc == STAMP_EXPIRED) {
		show(req, 422, &e, &f, N_("form.expired"), NULL);
		return;
	}
	if (sc == STAMP_TOO_FAST) {
		show(req, 422, &e, &f, N_("form.too_fast"), stamp);
		return;
	}
	if (e.ends_at < now) {
		show(req, 422, &e, &f, N_("event.past"), NULL);
		return;
	}
	if (!throttle_form_take(req->client_addr, req->client_addr_len, now)) {
		show(req, 429, &e, &f, N_("join.too_many"), stamp);
		return;
	}
	const char *email = form_value(&f, "email"), *typed_phone = form_value(&f, "phone"), *phone = NULL;
	if (email && *email == '\0')
		email = NULL;
	if (typed_phone && *typed_phone && form_field(&f, "phone")->error == NULL) {
		const char *problem = NULL;
		phone = phone_normalize(req->arena, typed_phone, "US", &problem);
		if (phone == NULL)
			form_set_error(&f, "phone", problem ? problem : N_("phone.invalid"));
	}
	if (email == NULL && (typed_phone == NULL || *typed_phone == '\0'))
		form_set_error(&f, "email", N_("join.need_contact"));
	if (form_field(&f, "consent_email")->checked && email == NULL)
		form_set_error(&f, "email", N_("join.consent_needs_email"));
	if ((form_field(&f, "consent_sms")->checked || form_field(&f, "consent_phone")->checked) &&
	    (typed_phone == NULL || *typed_phone == '\0'))
		form_set_error(&f, "phone", N_("join.consent_needs_phone"));
	const char *want = form_value(&f, "interpretation");
	bool offered = want == NULL || *want == '\0';
	for (size_t i = 0; i < ni && !offered; i++)
		offered = strcmp(interp[i], want) == 0;
	if (!offered)
		form_set_error(&f, "interpretation", N_("field.invalid_choice"));
	if (!f.ok) {
		show(req, 422, &e, &f, N_("form.fix_errors"), stamp);
		return;
	}
	struct rsvp_ctx c = { .req = req, .a = req->arena, .in = {
		.event_id = e.id, .given_name = form_value(&f, "given_name"),
		.family_name = form_value(&f, "family_name"), .email = email, .phone = phone, .lang = req->lang,
		.interpretation = want && *want ? want : NULL,
		.childcare = form_value(&f, "childcare_count") ? form_value(&f, "childcare_count")[0] - '0' : 0,
		.subscribe = { form_field(&f, "consent_email")->checked, form_field(&f, "consent_sms")->checked,
		               form_field(&f, "consent_phone")->checked },
		.how = "event.rsvp",
	} };
	const char *ics = NULL;
	if (!event_words_for(req->arena, e.id, req->lang, &c.in.words, &ics, req)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	c.in.ics = ics;
	struct db *db = db_thread();
	if (db == NULL || db_tx(db, rsvp_tx, &c) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	if (c.out.already) {
		/* already registered: said on the page, nothing sent again */
		show(req, 200, &e, NULL, N_("event.already"), NULL);
		return;
	}
	app_audit(req, "event.rsvp", "event", e.id, rsvp_status_name(c.out.status));
	reply_redirect(req, arena_printf(req->arena, "/events/%s/rsvp/%s?lang=%s&new=1", e.slug, c.out.token,
	                                 req->lang));
}

static bool load_rsvp(struct request *req, struct event *e, struct rsvp *r)
{
	if (!load_event(req, request_param(req, "slug"), e))
		return false;
	struct db *db = db_thread();
	if (db == NULL || !rsvp_by_token(db, req->arena, request_param(req, "token"), r) || r->event_id != e->id) {
		reply_error(req, ERR_NOT_FOUND);
		return false;
	}
	return true;
}

void event_rsvp_show(struct request *req)
{
	struct event e;
	struct rsvp r;
	if (!load_rsvp(req, &e, &r))
		return;
	struct view *v = page_view(req, N_("event.rsvp.title"));
	event_add_common(req, v, &e);
	view_set_bool(v, "noindex", true); /* a personal link */
	view_set(v, "name", r.name);
	view_set(v, "status", rsvp_status_name(r.status));
	view_set_bool(v, "going", r.status == RSVP_GOING);
	view_set_bool(v, "waitlist", r.status == RSVP_WAITLIST);
	view_set_bool(v, "cancelled", r.status == RSVP_CANCELLED);
	view_set_int(v, "position", r.waitlist_position);
	view_set_bool(v, "new", request_query(req, "new") != NULL);
	view_set(v, "token", request_param(req, "token"));
	page_render(req, 200, "event_rsvp.html", v);
}

struct cancel_ctx {
	struct request *req;
	int64_t rsvp_id, moved_up;
};

static enum db_status cancel_tx(struct db *db, void *p)
{
	struct cancel_ctx *c = p;
	return rsvp_cancel(db, c->req->arena, c->rsvp_id, event_words_for, c->req, &c->moved_up) ? DB_OK : DB_ERROR;
}

void event_rsvp_cancel(struct request *req)
{
	struct event e;
	struct rsvp r;
	if (!load_rsvp(req, &e, &r))
		return;
	if (cross_site_post(req)) {
		reply_error(req, ERR_CSRF);
		return;
	}
	struct cancel_ctx c = { req, r.id, 0 };
	struct db *db = db_thread();
	if (db == NULL || db_tx(db, cancel_tx, &c) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "event.cancel", "event", e.id, c.moved_up ? "moved_up" : NULL);
	reply_redirect(req, arena_printf(req->arena, "/events/%s/rsvp/%s?lang=%s", e.slug,
	                                 request_param(req, "token"), req->lang));
}

/* The OSDI petition and event APIs (HAL+JSON), paged as the people API:
 * GET /api/v1/petitions[/{id}], GET /api/v1/petitions/{id}/signatures,
 * POST /api/v1/petitions/{id}/signatures (the record signature helper);
 * GET /api/v1/events[/{id}], GET /api/v1/events/{id}/attendances,
 * POST /api/v1/events/{id}/attendances (the record attendance helper).
 * Signatures and attendances link to people; contact details are only in
 * the people API, under its own permission. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/events_shared.h"
#include "app/public_forms.h"
#include "auth/permissions.h"
#include "core/log.h"
#include "core/arena.h"
#include "core/contact.h"
#include "core/phone.h"
#include "core/text.h"
#include "db/db.h"
#include "http/reply.h"
#include "http/request.h"
#include "i18n/msgid.h"
#include "model/audit.h"
#include "model/content.h"
#include "model/events.h"
#include "model/petition_intake.h"
#include "model/petitions.h"
#include "model/settings.h"

#define MAX_PER_PAGE 100

static char *iso_time(struct arena *a, int64_t t)
{
	char buf[32];
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return arena_strdup(a, buf);
}

struct paging {
	int page, per_page;
};

static struct paging paging(struct request *req)
{
	const char *page_s = request_query(req, "page"), *per_s = request_query(req, "per_page");
	struct paging p = { page_s ? atoi(page_s) : 1, per_s ? atoi(per_s) : 25 };
	if (p.page < 1)
		p.page = 1;
	if (p.per_page < 1)
		p.per_page = 25;
	if (p.per_page > MAX_PER_PAGE)
		p.per_page = MAX_PER_PAGE;
	return p;
}

/* The collection document: totals, self/next/prev links, embedded items. */
static json_t *collection(struct request *req, const char *path, const char *rel, struct paging pg,
                          int64_t total, json_t *items)
{
	int64_t pages = (total + pg.per_page - 1) / pg.per_page;
	json_t *hrefs = json_array();
	size_t i;
	json_t *item;
	json_array_foreach(items, i, item) {
		json_t *href = json_object_get(json_object_get(json_object_get(item, "_links"), "self"), "href");
		json_array_append_new(hrefs, json_pack("{s:s}", "href", json_is_string(href) ? json_string_value(href) : ""));
	}
	json_t *doc = json_pack("{s:I, s:i, s:i, s:I, s:{s:{s:s}, s:o}, s:{s:o}}",
		"total_pages", (json_int_t)pages, "per_page", pg.per_page, "page", pg.page,
		"total_records", (json_int_t)total,
		"_links", "self", "href", arena_printf(req->arena, "%s?page=%d&per_page=%d", path, pg.page, pg.per_page),
		rel, hrefs, "_embedded", rel, items);
	json_t *links = json_object_get(doc, "_links");
	if (pg.page < pages)
		json_object_set_new(links, "next", json_pack("{s:s}", "href",
			arena_printf(req->arena, "%s?page=%d&per_page=%d", path, pg.page + 1, pg.per_page)));
	if (pg.page > 1)
		json_object_set_new(links, "prev", json_pack("{s:s}", "href",
			arena_printf(req->arena, "%s?page=%d&per_page=%d", path, pg.page - 1, pg.per_page)));
	return doc;
}

static const char *text_of(struct request *req, const char *entity, int64_t id, const char *field)
{
	struct settings s;
	settings_get(&s);
	struct content_text t;
	struct db *db = db_thread();
	if (db && content_get(db, req->arena, entity, id, field, s.default_lang, s.default_lang, &t))
		return t.value;
	return "";
}

/* ---- petitions ---- */

static json_t *petition_json(struct request *req, int64_t id, const char *slug, int64_t goal, int64_t count,
                             int64_t created)
{
	const char *self = arena_printf(req->arena, "/api/v1/petitions/%lld", (long long)id);
	return json_pack("{s:[s], s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}}}",
		"identifiers", arena_printf(req->arena, "sanctuary:%lld", (long long)id),
		"name", slug, "title", text_of(req, "petition", id, "title"),
		"description", text_of(req, "petition", id, "body"),
		"petition_text", text_of(req, "petition", id, "ask"),
		"target_signatures", (json_int_t)goal, "total_signatures", (json_int_t)count,
		"created_date", iso_time(req->arena, created),
		"browser_url", arena_printf(req->arena, "%s/p/%s", public_base_url(req), slug),
		"_links", "self", "href", self,
		"osdi:signatures", "href", arena_printf(req->arena, "%s/signatures", self),
		"osdi:record_signature_helper", "href", arena_printf(req->arena, "%s/signatures", self));
}

struct plist_ctx {
	struct request *req;
	json_t *items;
};

static void plist_row(const struct petition_list_row *row, void *p)
{
	struct plist_ctx *c = p;
	json_array_append_new(c->items, petition_json(c->req, row->id, row->slug, row->goal, row->count, 0));
}

void api_petitions_list(struct request *req)
{
	struct paging pg = paging(req);
	struct plist_ctx c = { req, json_array() };
	int64_t total = 0;
	struct db *db = db_thread();
	if (db == NULL || !petitions_list(db, req->arena, false, (int64_t)(pg.page - 1) * pg.per_page, pg.per_page,
	                                  plist_row, &c, &total)) {
		json_decref(c.items);
		reply_error(req, ERR_INTERNAL);
		return;
	}
	json_t *doc = collection(req, "/api/v1/petitions", "osdi:petitions", pg, total, c.items);
	reply_hal(req, 200, doc);
}

static bool load_petition(struct request *req, struct petition *p)
{
	struct db *db = db_thread();
	long long id = request_param_id(req, "id");
	if (db == NULL || id <= 0 || !petition_get(db, req->arena, id, p)) {
		reply_error(req, ERR_NOT_FOUND);
		return false;
	}
	return true;
}

void api_petition_show(struct request *req)
{
	struct petition p;
	if (load_petition(req, &p))
		reply_hal(req, 200, petition_json(req, p.id, p.slug, p.goal, p.count, p.created_at));
}

struct sig_ctx {
	struct request *req;
	json_t *items;
	int64_t petition_id;
};

static void sig_row(const struct signature_row *row, void *p)
{
	struct sig_ctx *c = p;
	const char *self = arena_printf(c->req->arena, "/api/v1/petitions/%lld/signatures/%lld",
	                                (long long)c->petition_id, (long long)row->id);
	json_t *j = json_pack("{s:[s], s:s, s:b, s:{s:{s:s}, s:{s:s}, s:{s:s}}}",
		"identifiers", arena_printf(c->req->arena, "sanctuary:signature:%lld", (long long)row->id),
		"created_date", iso_time(c->req->arena, row->created_at), "sanctuary:confirmed", row->confirmed,
		"_links", "self", "href", self,
		"osdi:person", "href", arena_printf(c->req->arena, "/api/v1/people/%lld", (long long)row->person_id),
		"osdi:petition", "href", arena_printf(c->req->arena, "/api/v1/petitions/%lld", (long long)c->petition_id));
	if (row->comment && !row->comment_hidden)
		json_object_set_new(j, "comments", json_string(row->comment));
	json_array_append_new(c->items, j);
}

void api_petition_signatures(struct request *req)
{
	struct petition p;
	if (!load_petition(req, &p))
		return;
	struct paging pg = paging(req);
	struct sig_ctx c = { req, json_array(), p.id };
	int64_t total = 0;
	struct db *db = db_thread();
	/* a crowd's signatures still in the intake are filed first */
	if (db && !petition_intake_file_all(db))
		log_error("petition intake: filing before an API read failed");
	if (!petition_signatures(db, req->arena, p.id, true, false, (int64_t)(pg.page - 1) * pg.per_page, pg.per_page,
	                         sig_row, &c, &total)) {
		json_decref(c.items);
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "petition.api_signatures", "petition", p.id, NULL);
	json_t *doc = collection(req, arena_printf(req->arena, "/api/v1/petitions/%lld/signatures", (long long)p.id),
	                         "osdi:signatures", pg, total, c.items);
	reply_hal(req, 200, doc);
}

/* The person of a helper's body: names, one email and/or one phone. */
struct api_person {
	const char *given, *family, *email, *phone, *postal, *lang;
};

static const char *first_of(json_t *person, const char *array, const char *key)
{
	json_t *v = json_object_get(json_array_get(json_object_get(person, array), 0), key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static const char *clean(struct request *req, const char *s, size_t max)
{
	if (s == NULL)
		return "";
	char *v = text_trim(text_nfc(req->arena, s));
	return v && text_codepoints(v, strlen(v)) <= max ? v : NULL;
}

static bool read_person(struct request *req, struct api_person *out)
{
	json_t *person = json_object_get(req->json, "person");
	if (!json_is_object(person)) {
		reply_error_detail(req, ERR_VALIDATION, N_("api.person_required"));
		return false;
	}
	const char *email = first_of(person, "email_addresses", "address");
	const char *phone_typed = first_of(person, "phone_numbers", "number");
	*out = (struct api_person){ 0 };
	if (email) {
		email = email_normalize(req->arena, email);
		if (email_problem(email)) {
			reply_error_detail(req, ERR_VALIDATION, N_("field.email_invalid"));
			return false;
		}
		out->email = email;
	}
	if (phone_typed && (out->phone = phone_normalize(req->arena, phone_typed, "US", NULL)) == NULL) {
		reply_error_detail(req, ERR_VALIDATION, N_("phone.invalid"));
		return false;
	}
	if (out->email == NULL && out->phone == NULL) {
		reply_error_detail(req, ERR_VALIDATION, N_("join.need_contact"));
		return false;
	}
	json_t *gv = json_object_get(person, "given_name"), *fv = json_object_get(person, "family_name");
	out->given = clean(req, json_is_string(gv) ? json_string_value(gv) : NULL, 80);
	out->family = clean(req, json_is_string(fv) ? json_string_value(fv) : NULL, 80);
	out->postal = clean(req, first_of(person, "postal_addresses", "postal_code"), 12);
	json_t *lv = json_object_get(person, "languages_spoken");
	const char *lang = json_is_string(json_array_get(lv, 0)) ? json_string_value(json_array_get(lv, 0)) : NULL;
	struct settings s;
	settings_get(&s);
	/* copied: `s` is gone when the caller uses it */
	out->lang = lang && settings_lang_enabled(&s, lang) ? lang : arena_strdup(req->arena, s.default_lang);
	if (out->given == NULL || out->family == NULL || out->postal == NULL) {
		reply_error_detail(req, ERR_VALIDATION, N_("field.too_long"));
		return false;
	}
	return true;
}

struct record_sig_ctx {
	struct signature_input in;
	struct sign_result out;
	struct audit_entry audit;
	int64_t petition_id;
};

/* An item of a group commit, run on the writer thread (see petition_page.c):
 * only `db` and the context. */
static enum db_status record_sig_tx(struct db *db, void *p)
{
	struct record_sig_ctx *c = p;
	if (!petition_sign(db, &c->in, &c->out))
		return DB_ERROR;
	c->audit.outcome = c->out.outcome == SIGN_ALREADY ? "already" : NULL;
	return audit_append_tx(db, &c->audit) ? DB_OK : DB_ERROR;
}

static void recorded(struct request *req, void *p, enum db_status status)
{
	struct record_sig_ctx *c = p;
	if (status != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	struct sig_ctx sc = { req, json_array(), c->petition_id };
	sig_row(&(struct signature_row){ .id = c->out.signature_id, .person_id = c->out.person_id,
	                                 .created_at = time(NULL), .confirmed = c->out.outcome != SIGN_PENDING,
	                                 .comment = c->in.comment }, &sc);
	json_t *doc = json_incref(json_array_get(sc.items, 0));
	json_decref(sc.items);
	reply_hal(req, c->out.outcome == SIGN_ALREADY ? 200 : 201, doc);
}

void api_petition_record_signature(struct request *req)
{
	struct petition p;
	if (!load_petition(req, &p))
		return;
	struct api_person ap;
	if (!read_person(req, &ap))
		return;
	json_t *cv = json_object_get(req->json, "comments");
	const char *comment = clean(req, json_is_string(cv) ? json_string_value(cv) : NULL, 500);
	if (comment == NULL) {
		reply_error_detail(req, ERR_VALIDATION, N_("field.too_long"));
		return;
	}
	struct record_sig_ctx *c = arena_calloc(req->arena, 1, sizeof *c);
	c->in = (struct signature_input){
		.petition_id = p.id, .given_name = ap.given, .family_name = ap.family, .email = ap.email,
		.phone = ap.phone, .postal_code = ap.postal, .comment = *comment ? comment : NULL, .lang = ap.lang,
		.title = text_of(req, "petition", p.id, "title"),
	};
	c->petition_id = p.id;
	app_audit_entry(req, &c->audit, "petition.api_sign", "petition", p.id);
	app_reply_after_commit(req, record_sig_tx, c, recorded);
}

/* ---- events ---- */

static json_t *event_json(struct request *req, const struct event *e)
{
	const char *self = arena_printf(req->arena, "/api/v1/events/%lld", (long long)e->id);
	json_t *j = json_pack("{s:[s], s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:{s:s}, "
	                      "s:{s:{s:s}, s:{s:s}, s:{s:s}}}",
		"identifiers", arena_printf(req->arena, "sanctuary:%lld", (long long)e->id),
		"name", e->slug, "title", text_of(req, "event", e->id, "title"),
		"description", text_of(req, "event", e->id, "description"),
		"start_date", iso_time(req->arena, e->starts_at), "end_date", iso_time(req->arena, e->ends_at),
		"status", "confirmed", "capacity", (json_int_t)e->capacity,
		"total_accepted", (json_int_t)e->going,
		"browser_url", arena_printf(req->arena, "%s/events/%s", public_base_url(req), e->slug),
		"location", "venue", e->place ? e->place : "",
		"_links", "self", "href", self,
		"osdi:attendances", "href", arena_printf(req->arena, "%s/attendances", self),
		"osdi:record_attendance_helper", "href", arena_printf(req->arena, "%s/attendances", self));
	return j;
}

struct elist_ctx {
	struct request *req;
	json_t *items;
};

static void elist_row(const struct event *e, void *p)
{
	struct elist_ctx *c = p;
	json_array_append_new(c->items, event_json(c->req, e));
}

void api_events_list(struct request *req)
{
	struct paging pg = paging(req);
	struct elist_ctx c = { req, json_array() };
	int64_t total = 0;
	struct db *db = db_thread();
	if (db == NULL || !events_list(db, req->arena, false, 0, (int64_t)(pg.page - 1) * pg.per_page, pg.per_page,
	                               elist_row, &c, &total)) {
		json_decref(c.items);
		reply_error(req, ERR_INTERNAL);
		return;
	}
	json_t *doc = collection(req, "/api/v1/events", "osdi:events", pg, total, c.items);
	reply_hal(req, 200, doc);
}

static bool load_event(struct request *req, struct event *e)
{
	struct db *db = db_thread();
	long long id = request_param_id(req, "id");
	if (db == NULL || id <= 0 || !event_get(db, req->arena, id, e)) {
		reply_error(req, ERR_NOT_FOUND);
		return false;
	}
	return true;
}

void api_event_show(struct request *req)
{
	struct event e;
	if (load_event(req, &e))
		reply_hal(req, 200, event_json(req, &e));
}

static json_t *attendance_json(struct request *req, const struct rsvp *r)
{
	const char *self = arena_printf(req->arena, "/api/v1/events/%lld/attendances/%lld", (long long)r->event_id,
	                                (long long)r->id);
	json_t *j = json_pack("{s:[s], s:s, s:s, s:b, s:{s:{s:s}, s:{s:s}, s:{s:s}}}",
		"identifiers", arena_printf(req->arena, "sanctuary:attendance:%lld", (long long)r->id),
		"created_date", iso_time(req->arena, r->created_at),
		"status", r->status == RSVP_GOING ? "accepted" : r->status == RSVP_WAITLIST ? "tentative" : "declined",
		"attended", r->checked_in_at != 0,
		"_links", "self", "href", self,
		"osdi:person", "href", arena_printf(req->arena, "/api/v1/people/%lld", (long long)r->person_id),
		"osdi:event", "href", arena_printf(req->arena, "/api/v1/events/%lld", (long long)r->event_id));
	return j;
}

struct att_ctx {
	struct request *req;
	json_t *items;
	int64_t skip, take, seen;
};

static void att_row(const struct rsvp *r, void *p)
{
	struct att_ctx *c = p;
	if (c->seen++ < c->skip || (int64_t)json_array_size(c->items) >= c->take)
		return;
	json_array_append_new(c->items, attendance_json(c->req, r));
}

void api_event_attendances(struct request *req)
{
	struct event e;
	if (!load_event(req, &e))
		return;
	struct paging pg = paging(req);
	struct att_ctx c = { req, json_array(), (int64_t)(pg.page - 1) * pg.per_page, pg.per_page, 0 };
	struct db *db = db_thread();
	if (!event_rsvps(db, req->arena, e.id, NULL, 100000, att_row, &c)) {
		json_decref(c.items);
		reply_error(req, ERR_INTERNAL);
		return;
	}
	json_t *doc = collection(req, arena_printf(req->arena, "/api/v1/events/%lld/attendances", (long long)e.id),
	                         "osdi:attendances", pg, c.seen, c.items);
	reply_hal(req, 200, doc);
}

struct record_att_ctx {
	struct arena *a;
	struct rsvp_input in;
	struct rsvp_result out;
};

static enum db_status record_att_tx(struct db *db, void *p)
{
	struct record_att_ctx *c = p;
	return event_rsvp(db, c->a, &c->in, &c->out) ? DB_OK : DB_ERROR;
}

void api_event_record_attendance(struct request *req)
{
	struct event e;
	if (!load_event(req, &e))
		return;
	struct api_person ap;
	if (!read_person(req, &ap))
		return;
	json_t *attended = json_object_get(req->json, "attended");
	struct content_text t;
	const char *base = public_base_url(req);
	struct record_att_ctx c = { .a = req->arena, .in = {
		.event_id = e.id, .given_name = ap.given, .family_name = ap.family, .email = ap.email, .phone = ap.phone,
		.lang = ap.lang, .walk_in = json_is_true(attended), .how = "api",
		.words = { .title = event_text(req, e.id, "title", ap.lang, &t), .when = event_when(req->arena, &e),
		           .place = e.place, .link_prefix = arena_printf(req->arena, "%s/events/%s/rsvp/", base, e.slug),
		           .page_url = arena_printf(req->arena, "%s/events/%s", base, e.slug) },
	} };
	struct db *db = db_thread();
	if (db == NULL || db_tx(db, record_att_tx, &c) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "event.api_attendance", "event", e.id, NULL);
	struct rsvp r = { .id = c.out.rsvp_id, .event_id = e.id, .person_id = c.out.person_id, .status = c.out.status,
	                  .created_at = time(NULL), .checked_in_at = c.in.walk_in ? time(NULL) : 0 };
	reply_hal(req, c.out.already ? 200 : 201, attendance_json(req, &r));
}

/* Tags and segments, for organizers and admins: tag one person, tag every
 * result of a search at once, manage the tag list (create, rename, merge,
 * delete), and save a search as a segment. */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/page.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/text.h"
#include "db/db.h"
#include "html/escape.h"
#include "html/template.h"
#include "http/reply.h"
#include "http/request.h"
#include "i18n/msgid.h"
#include "model/people.h"
#include "model/people_csv.h"
#include "model/sessions.h"
#include "model/tags.h"

const char *app_clean_name(struct request *req, const char *field)
{
	const char *raw = request_form(req, field);
	if (raw == NULL)
		return NULL;
	char *v = text_trim(text_nfc(req->arena, raw));
	size_t n = strlen(v), cps = text_codepoints(v, n);
	if (cps == 0 || cps > 60)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return NULL;
	return v;
}

/* The people list's filters, read from the form (bulk actions post them). */
static struct people_query query_from_form(struct request *req)
{
	struct people_query q;
	people_query_from_fields(&req->form, &q);
	return q;
}

/* The same filters as a query string, for links and segments. */
static char *query_string(struct request *req)
{
	struct buf b;
	buf_init(&b, req->arena, 128);
	for (size_t i = 0; people_filter_keys[i]; i++) {
		const char *v = request_form(req, people_filter_keys[i]);
		if (v == NULL || *v == '\0')
			continue;
		if (b.len)
			buf_putc(&b, '&');
		buf_printf(&b, "%s=", people_filter_keys[i]);
		escape_url_component(&b, v);
	}
	return b.data;
}

struct bulk_ctx {
	struct request *req;
	const char *tag;
	struct people_query q;
	int64_t tagged;
};

static enum db_status bulk_tag(struct db *db, void *p)
{
	struct bulk_ctx *c = p;
	int64_t id = tag_id(db, c->tag, true);
	if (id <= 0)
		return DB_ERROR;
	return people_tag_matching(db, c->req->arena, &c->q, id, &c->tagged) ? DB_OK : DB_ERROR;
}

void people_bulk_tag(struct request *req)
{
	struct bulk_ctx c = { req, app_clean_name(req, "new_tag"), query_from_form(req), 0 };
	if (c.tag == NULL) {
		reply_error_detail(req, ERR_VALIDATION, N_("tags.name_invalid"));
		return;
	}
	struct db *db = db_thread();
	if (db == NULL || db_tx(db, bulk_tag, &c) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "people.bulk_tag", "tag", 0, NULL);
	char *qs = query_string(req);
	reply_redirect(req, arena_printf(req->arena, "/app/people?%s%stagged=%lld", qs, *qs ? "&" : "",
	                                 (long long)c.tagged));
}

struct person_tag_ctx {
	int64_t person;
	const char *name;
	int64_t tag;
	bool on;
};

static enum db_status person_tag_tx(struct db *db, void *p)
{
	struct person_tag_ctx *c = p;
	if (c->tag == 0)
		c->tag = tag_id(db, c->name, true);
	if (c->tag <= 0)
		return DB_ERROR;
	return tag_person(db, c->tag, c->person, c->on) ? DB_OK : DB_ERROR;
}

static bool person_exists(struct db *db, int64_t id)
{
	int64_t n = 0;
	return db_get_int(db, "SELECT COUNT(*) FROM people WHERE id = ? AND merged_into IS NULL",
	                  DB_ARGS(DB_INT(id)), &n) == DB_OK && n == 1;
}

void person_tag_add(struct request *req)
{
	struct person_tag_ctx c = { request_param_id(req, "id"), app_clean_name(req, "tag"), 0, true };
	struct db *db = db_thread();
	if (c.person == 0 || db == NULL || !person_exists(db, c.person)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	if (c.name == NULL) {
		reply_error_detail(req, ERR_VALIDATION, N_("tags.name_invalid"));
		return;
	}
	if (db_tx(db, person_tag_tx, &c) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	reply_redirect(req, arena_printf(req->arena, "/app/people/%lld", (long long)c.person));
}

void person_tag_remove(struct request *req)
{
	struct person_tag_ctx c = { request_param_id(req, "id"), NULL, request_param_id(req, "tag"), false };
	struct db *db = db_thread();
	if (c.person == 0 || c.tag == 0 || db == NULL || !person_exists(db, c.person)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	if (db_tx(db, person_tag_tx, &c) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	reply_redirect(req, arena_printf(req->arena, "/app/people/%lld", (long long)c.person));
}

/* ---- the tag list ---- */

struct list_ctx {
	struct request *req;
	struct view *v;
};

static void add_tag(const struct tag *t, void *p)
{
	struct list_ctx *c = p;
	struct view *item = view_add_item(c->v, "tags");
	view_set_int(item, "id", t->id);
	view_set(item, "name", t->name);
	view_set_int(item, "people", t->people);
	struct buf href;
	buf_init(&href, c->req->arena, 64);
	buf_puts(&href, "/app/people?tag=");
	escape_url_component(&href, t->name);
	view_set(item, "href", href.data);
	struct view *opt = view_add_item(c->v, "merge_targets");
	view_set_int(opt, "id", t->id);
	view_set(opt, "name", t->name);
}

static void add_segment(const struct segment *s, void *p)
{
	struct list_ctx *c = p;
	struct view *item = view_add_item(c->v, "segments");
	view_set_int(item, "id", s->id);
	view_set(item, "name", s->name);
	view_setf(item, "href", "/app/people?%s", s->query);
}

static void show_tags(struct request *req, unsigned status, const char *error)
{
	struct view *v = page_view(req, N_("tags.title"));
	view_set_bool(v, "staff_area", true);
	if (error)
		view_set(v, "form_error", page_t(req, error));
	struct list_ctx c = { req, v };
	struct db *db = db_thread();
	if (db == NULL || !tag_each(db, req->arena, add_tag, &c) ||
	    !segment_each(db, req->arena, add_segment, &c)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	page_render(req, status, "tags.html", v);
}

void tags_list(struct request *req)
{
	show_tags(req, 200, NULL);
}

void tags_create(struct request *req)
{
	const char *name = app_clean_name(req, "name");
	struct db *db = db_thread();
	if (name == NULL) {
		show_tags(req, 422, N_("tags.name_invalid"));
		return;
	}
	if (db == NULL || tag_id(db, name, true) <= 0) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	reply_redirect(req, "/app/tags");
}

void tags_rename(struct request *req)
{
	long long id = request_param_id(req, "id");
	const char *name = app_clean_name(req, "name");
	bool conflict = false;
	struct db *db = db_thread();
	if (name == NULL) {
		show_tags(req, 422, N_("tags.name_invalid"));
		return;
	}
	if (id == 0 || db == NULL || !tag_rename(db, id, name, &conflict)) {
		if (conflict)
			show_tags(req, 422, N_("tags.name_taken"));
		else
			reply_error(req, ERR_NOT_FOUND);
		return;
	}
	app_audit(req, "tag.rename", "tag", id, NULL);
	reply_redirect(req, "/app/tags");
}

struct merge_ctx {
	int64_t from, into;
};

static enum db_status merge_tx(struct db *db, void *p)
{
	struct merge_ctx *c = p;
	return tag_merge(db, c->from, c->into) ? DB_OK : DB_NOT_FOUND;
}

void tags_merge(struct request *req)
{
	const char *into_s = request_form(req, "into");
	struct merge_ctx c = { request_param_id(req, "id"), into_s ? atoll(into_s) : 0 };
	struct db *db = db_thread();
	if (c.from == 0 || c.into <= 0 || db == NULL || db_tx(db, merge_tx, &c) != DB_OK) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	app_audit(req, "tag.merge", "tag", c.from, NULL);
	reply_redirect(req, "/app/tags");
}

void tags_delete(struct request *req)
{
	long long id = request_param_id(req, "id");
	struct db *db = db_thread();
	if (id == 0 || db == NULL || !tag_delete(db, id)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	app_audit(req, "tag.delete", "tag", id, NULL);
	reply_redirect(req, "/app/tags");
}

void segments_save(struct request *req)
{
	const char *name = app_clean_name(req, "segment_name");
	if (name == NULL) {
		reply_error_detail(req, ERR_VALIDATION, N_("tags.name_invalid"));
		return;
	}
	struct db *db = db_thread();
	int64_t id = db ? segment_save(db, name, query_string(req), req->session->user.id) : -1;
	if (id < 0) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "segment.save", "segment", id, NULL);
	reply_redirect(req, "/app/tags");
}

void segments_delete(struct request *req)
{
	long long id = request_param_id(req, "id");
	struct db *db = db_thread();
	if (id == 0 || db == NULL || !segment_delete(db, id)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	reply_redirect(req, "/app/tags");
}

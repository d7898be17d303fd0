/* Petitions in the staff area: the list with counts (volunteers may read),
 * creating and editing (organizers), each language's text with its review
 * status, the QR code for leaflets, the delivery packet (printable, and
 * CSV) and hiding abusive comments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/content_form.h"
#include "app/page.h"
#include "app/public_forms.h"
#include "auth/permissions.h"
#include "core/log.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/csv.h"
#include "db/db.h"
#include "html/qr.h"
#include "html/template.h"
#include "http/fields.h"
#include "http/reply.h"
#include "http/request.h"
#include "i18n/msgid.h"
#include "model/changes.h"
#include "model/content.h"
#include "model/petition_intake.h"
#include "model/petitions.h"
#include "model/settings.h"

static const char *const visibility_choices[] = { "public", "unlisted", NULL };

struct list_ctx {
	struct request *req;
	struct view *v;
};

static void list_row(const struct petition_list_row *row, void *p)
{
	struct list_ctx *c = p;
	struct view *item = view_add_item(c->v, "petitions");
	struct content_text t;
	view_set_int(item, "id", row->id);
	view_set(item, "slug", row->slug);
	view_set(item, "title", petition_text(c->req, row->id, "title", &t));
	view_set_int(item, "count", row->count);
	view_set_int(item, "goal", row->goal);
	view_set_bool(item, "unlisted", row->unlisted);
}

static void show_list(struct request *req, unsigned status, const struct form *f)
{
	struct view *v = page_view(req, N_("petitions.admin.title"));
	view_set_bool(v, "staff_area", true);
	view_set_bool(v, "can_manage", perm_allows(req->actor, ACT_PETITIONS_MANAGE));
	if (f) {
		form_to_view(f, v, req->lang);
		view_set(v, "form_error", page_t(req, N_("form.fix_errors")));
	}
	struct list_ctx c = { req, v };
	int64_t total = 0;
	struct db *db = db_thread();
	if (db)
		petitions_list(db, req->arena, false, 0, 500, list_row, &c, &total);
	page_render(req, status, "petitions_admin.html", v);
}

void petitions_admin_list(struct request *req)
{
	show_list(req, 200, NULL);
}

struct create_ctx {
	struct petition p;
	const char *title, *lang;
	int64_t user, id;
};

static enum db_status create_tx(struct db *db, void *p)
{
	struct create_ctx *c = p;
	c->id = petition_create(db, &c->p, c->user);
	if (c->id <= 0)
		return c->id == 0 ? DB_CONFLICT : DB_ERROR;
	return content_put(db, "petition", c->id, "title", c->lang, c->title, REVIEW_DRAFT, NULL) ? DB_OK
	                                                                                           : DB_ERROR;
}

void petitions_admin_create(struct request *req)
{
	static const struct field_spec spec[] = {
		{ .name = "slug", .type = FIELD_TEXT, .required = true, .max_len = 48 },
		{ .name = "title", .type = FIELD_TEXT, .required = true, .max_len = 200 },
		{ .name = "goal", .type = FIELD_INT, .min = 0, .max = 100000000 },
	};
	struct form f;
	form_validate(req->arena, spec, 3, &req->form, &f);
	const char *slug = form_value(&f, "slug");
	if (form_field(&f, "slug")->error == NULL && !petition_slug_ok(slug))
		form_set_error(&f, "slug", N_("petitions.admin.bad_slug"));
	if (!f.ok) {
		show_list(req, 422, &f);
		return;
	}
	struct settings s;
	settings_get(&s);
	struct create_ctx c = {
		.p = { .slug = slug, .goal = form_field(&f, "goal")->number },
		.title = form_value(&f, "title"), .lang = s.default_lang, .user = req->actor->id,
	};
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
	app_audit(req, "petition.create", "petition", c.id, NULL);
	reply_redirect(req, arena_printf(req->arena, "/app/petitions/%lld", (long long)c.id));
}

static bool load(struct request *req, struct petition *p)
{
	struct db *db = db_thread();
	long long id = request_param_id(req, "id");
	if (db == NULL || id <= 0 || !petition_get(db, req->arena, id, p)) {
		reply_error(req, ERR_NOT_FOUND);
		return false;
	}
	/* staff see every signature: a crowd's, still in the intake, are
	 * filed first */
	if (!petition_intake_file_all(db))
		log_error("petition intake: filing before a staff view failed");
	return true;
}

static const char *datetime_value(struct arena *a, int64_t t)
{
	return t ? local_time(a, t, "%Y-%m-%dT%H:%M") : "";
}

struct milestone_ctx {
	struct request *req;
	struct view *v;
};

static void milestone_row(const char *kind, int64_t count, int64_t reached_at, void *p)
{
	struct milestone_ctx *c = p;
	struct view *item = view_add_item(c->v, "milestones");
	view_set_bool(item, "goal", strcmp(kind, "goal") == 0);
	view_set_int(item, "count", count);
	view_set(item, "when", local_time(c->req->arena, reached_at, "%Y-%m-%d %H:%M"));
}

/* Each language's text: the same fields as petition_fields. */
static const struct field_spec text_fields[] = {
	{ .name = "title", .type = FIELD_TEXT, .required = true, .max_len = 200 },
	{ .name = "body", .type = FIELD_TEXTAREA, .max_len = 20000 },
	{ .name = "ask", .type = FIELD_TEXTAREA, .max_len = 2000 },
	{ .name = "targets", .type = FIELD_TEXTAREA, .max_len = 2000 },
};
#define TEXT_FIELDS (sizeof text_fields / sizeof text_fields[0])

/* `f` is a rejected settings form, `typed` a rejected text (or NULL). */
static void show_petition(struct request *req, unsigned status, const struct petition *p,
                          const struct form *f, const struct content_form *typed, const char *alert)
{
	struct view *v = page_view(req, N_("petitions.admin.title"));
	view_set_bool(v, "staff_area", true);
	bool manage = perm_allows(req->actor, ACT_PETITIONS_MANAGE);
	view_set_bool(v, "can_manage", manage);
	struct content_text t;
	view_set(v, "title", petition_text(req, p->id, "title", &t));
	view_set_int(v, "id", p->id);
	view_set(v, "slug", p->slug);
	view_set_int(v, "count", p->count);
	view_set_int(v, "pending", petition_pending(db_thread(), p->id));
	view_set_int(v, "goal", p->goal);
	view_set(v, "goal_value", arena_printf(req->arena, "%lld", (long long)p->goal));
	view_set(v, "starts_value", datetime_value(req->arena, p->starts_at));
	view_set(v, "ends_value", datetime_value(req->arena, p->ends_at));
	view_set_bool(v, "unlisted", p->unlisted);
	view_set_bool(v, "double_opt_in", p->double_opt_in);
	if (p->case_id)
		view_set(v, "case_value", arena_printf(req->arena, "%lld", (long long)p->case_id));
	if (f)
		form_to_view(f, v, req->lang);
	if (alert)
		view_set(v, "form_error", page_t(req, alert));
	const char *url = arena_printf(req->arena, "%s/p/%s", public_base_url(req), p->slug);
	view_set(v, "public_url", url);
	struct milestone_ctx mc = { req, v };
	if (db_thread())
		petition_milestones(db_thread(), req->arena, p->id, milestone_row, &mc);
	char *svg = qr_svg(req->arena, url, page_t(req, N_("petitions.admin.qr")));
	if (svg)
		view_set_trusted_html(v, "qr", svg);
	if (manage)
		content_form_view(req, v, "petition", p->id, text_fields, TEXT_FIELDS, typed);
	page_render(req, status, "petition_admin.html", v);
}

void petitions_admin_show(struct request *req)
{
	struct petition p;
	if (load(req, &p))
		show_petition(req, 200, &p, NULL, NULL, request_query(req, "saved") ? N_("settings.saved") : NULL);
}

struct save_ctx {
	struct petition p;
};

static enum db_status save_tx(struct db *db, void *p)
{
	struct save_ctx *c = p;
	int r = petition_update(db, &c->p);
	return (enum db_status)r;
}

void petitions_admin_save(struct request *req)
{
	struct petition p;
	if (!load(req, &p))
		return;
	static const struct field_spec spec[] = {
		{ .name = "slug", .type = FIELD_TEXT, .required = true, .max_len = 48 },
		{ .name = "goal", .type = FIELD_INT, .min = 0, .max = 100000000 },
		{ .name = "starts", .type = FIELD_TEXT, .max_len = 16 },
		{ .name = "ends", .type = FIELD_TEXT, .max_len = 16 },
		{ .name = "visibility", .type = FIELD_CHOICE, .choices = visibility_choices },
		{ .name = "double_opt_in", .type = FIELD_CHECKBOX },
		{ .name = "case_id", .type = FIELD_INT, .min = 0, .max = 1000000000 },
	};
	struct form f;
	form_validate(req->arena, spec, sizeof spec / sizeof spec[0], &req->form, &f);
	struct petition n = p;
	n.slug = form_value(&f, "slug");
	if (form_field(&f, "slug")->error == NULL && !petition_slug_ok(n.slug))
		form_set_error(&f, "slug", N_("petitions.admin.bad_slug"));
	n.goal = form_field(&f, "goal")->number;
	n.case_id = form_field(&f, "case_id")->number;
	n.starts_at = n.ends_at = 0;
	const char *starts = form_value(&f, "starts"), *ends = form_value(&f, "ends");
	if (starts && *starts && !local_time_parse(starts, &n.starts_at))
		form_set_error(&f, "starts", N_("form.bad_datetime"));
	if (ends && *ends && !local_time_parse(ends, &n.ends_at))
		form_set_error(&f, "ends", N_("form.bad_datetime"));
	if (n.starts_at && n.ends_at && n.ends_at <= n.starts_at)
		form_set_error(&f, "ends", N_("form.end_before_start"));
	const char *vis = form_value(&f, "visibility");
	n.unlisted = vis && strcmp(vis, "unlisted") == 0;
	n.double_opt_in = form_field(&f, "double_opt_in")->checked;
	if (!f.ok) {
		show_petition(req, 422, &p, &f, NULL, N_("form.fix_errors"));
		return;
	}
	struct save_ctx c = { n };
	struct db *db = db_thread();
	enum db_status st = db ? db_tx(db, save_tx, &c) : DB_ERROR;
	if (st == DB_CONFLICT) {
		form_set_error(&f, "slug", N_("petitions.admin.slug_taken"));
		show_petition(req, 422, &p, &f, NULL, N_("form.fix_errors"));
		return;
	}
	if (st != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	model_public_changed();
	app_audit(req, "petition.edit", "petition", p.id, NULL);
	reply_redirect(req, arena_printf(req->arena, "/app/petitions/%lld?saved=1", (long long)p.id));
}

void petitions_admin_text(struct request *req)
{
	struct petition p;
	if (!load(req, &p))
		return;
	struct content_form cf;
	if (!content_form_read(req, text_fields, TEXT_FIELDS, &cf)) {
		show_petition(req, 422, &p, NULL, &cf, N_("form.fix_errors"));
		return;
	}
	if (!content_form_save(req, &cf, "petition", p.id, "petition.text")) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	reply_redirect(req, arena_printf(req->arena, "/app/petitions/%lld?saved=1", (long long)p.id));
}

/* ---- the delivery packet ---- */

struct packet_ctx {
	struct request *req;
	struct view *v;
	struct buf *csv;
};

static void packet_row(const struct signature_row *row, void *p)
{
	struct packet_ctx *c = p;
	const char *date = local_time(c->req->arena, row->created_at, "%Y-%m-%d");
	if (c->csv) {
		const char *fields[] = { row->name, row->postal_code,
		                         row->comment_hidden ? "" : (row->comment ? row->comment : ""), date };
		csv_write_row(c->csv, fields, 4);
		return;
	}
	struct view *item = view_add_item(c->v, "signatures");
	view_set_int(item, "sid", row->id);
	view_set(item, "name", row->name);
	view_set(item, "postal_code", row->postal_code);
	view_set(item, "comment", row->comment ? row->comment : "");
	view_set_bool(item, "hidden", row->comment_hidden);
	view_set(item, "date", date);
}

void petitions_admin_packet(struct request *req)
{
	struct petition p;
	if (!load(req, &p))
		return;
	struct view *v = page_view(req, N_("petitions.admin.packet"));
	view_set_bool(v, "staff_area", true);
	struct content_text t;
	view_set(v, "title", petition_text(req, p.id, "title", &t));
	view_paragraphs(v, "paragraphs", petition_text(req, p.id, "ask", &t));
	view_paragraphs(v, "targets", petition_text(req, p.id, "targets", &t));
	view_set_int(v, "id", p.id);
	view_set_int(v, "count", p.count);
	view_set(v, "today", local_time(req->arena, time(NULL), "%Y-%m-%d"));
	struct packet_ctx c = { req, v, NULL };
	int64_t total = 0;
	struct db *db = db_thread();
	if (db == NULL || !petition_signatures(db, req->arena, p.id, true, true, 0, 1000000, packet_row, &c, &total)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "petition.packet", "petition", p.id, NULL);
	page_render(req, 200, "petition_packet.html", v);
}

void petitions_admin_csv(struct request *req)
{
	struct petition p;
	if (!load(req, &p))
		return;
	struct buf out;
	buf_init(&out, req->arena, 4096);
	const char *head[] = { "name", "postal_code", "comment", "date" };
	csv_write_row(&out, head, 4);
	struct packet_ctx c = { req, NULL, &out };
	int64_t total = 0;
	struct db *db = db_thread();
	if (db == NULL || !petition_signatures(db, req->arena, p.id, true, true, 0, 1000000, packet_row, &c, &total)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "petition.csv", "petition", p.id, NULL);
	reply_header(req, "Content-Disposition",
	             arena_printf(req->arena, "attachment; filename=\"petition-%s.csv\"", p.slug));
	reply_bytes(req, 200, "text/csv; charset=utf-8", out.data, out.len);
}

struct hide_ctx {
	int64_t petition_id, signature_id;
	bool hidden, found;
};

static enum db_status hide_tx(struct db *db, void *p)
{
	struct hide_ctx *c = p;
	c->found = petition_hide_comment(db, c->petition_id, c->signature_id, c->hidden);
	return DB_OK;
}

void petitions_admin_hide(struct request *req)
{
	struct petition p;
	if (!load(req, &p))
		return;
	const char *hidden = request_form(req, "hidden");
	struct hide_ctx c = { p.id, request_param_id(req, "sid"), !(hidden && strcmp(hidden, "0") == 0), false };
	struct db *db = db_thread();
	if (db == NULL || db_tx(db, hide_tx, &c) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	if (!c.found) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	app_audit(req, c.hidden ? "petition.comment_hide" : "petition.comment_show", "petition", p.id, NULL);
	reply_redirect(req, arena_printf(req->arena, "/app/petitions/%lld/packet", (long long)p.id));
}

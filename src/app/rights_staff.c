/* Staff pages for the rights library (organizers and admins): every
 * article's translations and their review status at a glance, editing one
 * translation (Markdown, summary, the group's own guidance where sources
 * disagree, review status with who reviewed), the article's sources and
 * the date its facts were checked, and which city and state hotlines are
 * shown. Every save is audited. */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/page.h"
#include "app/rights_view.h"
#include "core/arena.h"
#include "db/db.h"
#include "html/markdown.h"
#include "html/template.h"
#include "http/fields.h"
#include "http/reply.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "i18n/languages.h"
#include "i18n/msgid.h"
#include "model/rights.h"
#include "model/sessions.h"
#include "model/settings.h"

static const char *const statuses[] = { "draft", "native_reviewed", "lawyer_reviewed", NULL };
static const char *const status_msgids[] = {
	N_("rights.admin.status.draft"), N_("rights.admin.status.native_reviewed"),
	N_("rights.admin.status.lawyer_reviewed"),
};

void rights_admin_list(struct request *req)
{
	struct settings s;
	settings_get(&s);
	struct db *db = db_thread();
	if (db == NULL) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	struct view *v = page_view(req, N_("rights.admin.title"));
	view_set_bool(v, "staff_area", true);
	const char *saved = request_query(req, "saved");
	if (saved)
		view_set(v, "saved", page_t(req, strcmp(saved, "draft") == 0     ? N_("rights.admin.saved_as_draft")
		                                 : strcmp(saved, "invalid") == 0 ? N_("rights.admin.hotline_invalid")
		                                 : strcmp(saved, "bad_article") == 0 ? N_("rights.admin.bad_article")
		                                                                 : N_("rights.admin.saved")));
	for (size_t i = 0; i < s.n_langs; i++)
		view_set(view_add_item(v, "langs"), "code", s.langs[i]);
	struct article list[RIGHTS_MAX_ARTICLES];
	size_t n = rights_articles(db, req->arena, s.default_lang, "en", true, list, RIGHTS_MAX_ARTICLES);
	for (size_t i = 0; i < n; i++) {
		struct view *item = view_add_item(v, "articles");
		view_set_int(item, "id", list[i].id);
		view_set(item, "slug", list[i].slug);
		view_set(item, "title", list[i].title);
		view_set(item, "facts_checked", list[i].facts_checked);
		view_set_bool(item, "published", list[i].published);
		for (size_t k = 0; k < s.n_langs; k++) {
			struct article t;
			struct view *cell = view_add_item(item, "cells");
			view_set(cell, "code", s.langs[k]);
			view_set(cell, "href", arena_printf(req->arena, "/app/rights/%lld?tlang=%s", (long long)list[i].id,
			                                    s.langs[k]));
			if (rights_article(db, req->arena, list[i].slug, s.langs[k], s.langs[k], true, &t) &&
			    !t.is_fallback) {
				view_set(cell, "status", review_status_name(t.status));
				view_set(cell, "status_text", page_t(req, status_msgids[t.status]));
			} else {
				view_set(cell, "status", "missing");
				view_set(cell, "status_text", page_t(req, N_("rights.admin.missing")));
			}
		}
		const char *have[64];
		size_t nh = rights_article_langs(db, req->arena, list[i].id, have, 64);
		for (size_t k = 0; k < nh; k++) {
			if (settings_lang_enabled(&s, have[k]))
				continue;
			struct view *o = view_add_item(item, "others");
			view_set(o, "code", have[k]);
			view_set(o, "name", rights_lang_name(have[k]));
			view_set(o, "href", arena_printf(req->arena, "/app/rights/%lld?tlang=%s", (long long)list[i].id, have[k]));
		}
	}
	struct hotline hl[RIGHTS_MAX_HOTLINES];
	size_t nh = rights_hotlines(db, req->arena, true, hl, RIGHTS_MAX_HOTLINES);
	for (size_t i = 0; i < nh; i++) {
		struct view *h = view_add_item(v, "hotlines");
		view_set_int(h, "id", hl[i].id);
		view_set(h, "name", hl[i].name);
		view_set(h, "number", hl[i].number);
		view_set(h, "source", hl[i].source);
		view_set_bool(h, "enabled", hl[i].enabled);
	}
	view_set(v, "own_hotline", s.hotline);
	for (size_t i = 0; i < s.n_langs; i++) {
		struct view *o = view_add_item(v, "new_langs");
		view_set(o, "code", s.langs[i]);
		view_set(o, "name", i18n_native_name(s.langs[i]));
		view_set_bool(o, "selected", strcmp(s.langs[i], s.default_lang) == 0);
	}
	const struct spoken_language *spoken;
	size_t nsp = spoken_languages(&spoken);
	for (size_t i = 0; i < nsp; i++) {
		if (settings_lang_enabled(&s, spoken[i].code))
			continue;
		struct view *o = view_add_item(v, "more_langs");
		view_set(o, "code", spoken[i].code);
		view_set(o, "name", spoken[i].endonym);
	}
	page_render(req, 200, "rights_admin.html", v);
}

/* The article in the route's {id} (slug and id), or 0. */
static int64_t article_slug(struct request *req, struct db *db, char **slug)
{
	long long id = request_param_id(req, "id");
	if (id <= 0 || db_get_text(db, "SELECT slug FROM articles WHERE id = ?", DB_ARGS(DB_INT(id)), req->arena,
	                           slug) != DB_OK)
		return 0;
	return id;
}

/* The translation language asked for: an enabled language, else 0. */
static const char *target_lang(const char *given)
{
	struct settings s;
	settings_get(&s);
	return given && (settings_lang_enabled(&s, given) || spoken_language_known(given)) ? given : NULL;
}

static void show_form(struct request *req, unsigned status, int64_t id, const char *slug, const char *tlang,
                      const struct form *f)
{
	struct db *db = db_thread();
	struct article a;
	if (!rights_article(db, req->arena, slug, tlang, "en", true, &a)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	struct view *v = page_view(req, N_("rights.edit.title"));
	view_set_bool(v, "staff_area", true);
	view_set_int(v, "id", id);
	view_set(v, "slug", slug);
	view_set(v, "tlang", tlang);
	view_set(v, "tlang_name", rights_lang_name(tlang));
	view_set(v, "tdir", i18n_dir(tlang));
	if (a.is_fallback)
		view_set(v, "from_lang", rights_lang_name(a.lang));
	const char *chosen = review_status_name(a.is_fallback ? REVIEW_DRAFT : a.status);
	if (f) {
		form_to_view(f, v, req->lang);
		view_set(v, "form_error", page_t(req, N_("form.fix_errors")));
		if (form_value(f, "status"))
			chosen = form_value(f, "status");
	} else {
		view_set(v, "title", a.title);
		view_set(v, "summary", a.summary);
		view_set(v, "body", a.body);
		view_set(v, "guidance", a.guidance);
		view_set(v, "reviewed_by", a.is_fallback ? "" : (a.reviewed_by ? a.reviewed_by : ""));
		view_set(v, "sources", a.sources_text);
		view_set(v, "facts_checked", a.facts_checked);
	}
	if (!a.is_fallback && a.reviewed_at)
		view_set(v, "reviewed_at", page_time(req->arena, a.reviewed_at, PAGE_DATE));
	for (size_t i = 0; statuses[i]; i++) {
		struct view *o = view_add_item(v, "statuses");
		view_set(o, "value", statuses[i]);
		view_set(o, "label", page_t(req, status_msgids[i]));
		view_set_bool(o, "selected", strcmp(chosen, statuses[i]) == 0);
	}
	const char *body = view_get(v, "body");
	view_set_trusted_html(v, "preview_html", markdown_html(req->arena, body ? body : "", body ? strlen(body) : 0));
	page_render(req, status, "rights_edit.html", v);
}

void rights_edit_form(struct request *req)
{
	struct db *db = db_thread();
	char *slug = NULL;
	int64_t id = db ? article_slug(req, db, &slug) : 0;
	const char *tlang = target_lang(request_query(req, "tlang"));
	if (id == 0 || tlang == NULL) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	show_form(req, 200, id, slug, tlang, NULL);
}

struct save_ctx {
	int64_t id;
	const char *lang, *sources, *facts_checked;
	struct article_text t;
};

static enum db_status save(struct db *db, void *p)
{
	struct save_ctx *c = p;
	return rights_put_translation(db, c->id, c->lang, &c->t) &&
	               rights_put_sources(db, c->id, c->sources, c->facts_checked)
	       ? DB_OK
	       : DB_ERROR;
}

static bool date_ok(const char *d)
{
	int y, m, day;
	char end;
	return d && strlen(d) == 10 && sscanf(d, "%4d-%2d-%2d%c", &y, &m, &day, &end) == 3 && y >= 2000 &&
	       y <= 2100 && m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

/* Each non-empty line: "https://... label". */
static bool sources_ok(const char *text)
{
	const char *p = text ? text : "";
	while (*p) {
		size_t line = strcspn(p, "\n");
		if (line > 0 && !(strncmp(p, "https://", 8) == 0 || strncmp(p, "http://", 7) == 0))
			return false;
		p += line;
		if (*p)
			p++;
	}
	return true;
}

void rights_edit_save(struct request *req)
{
	struct db *db = db_thread();
	char *slug = NULL;
	int64_t id = db ? article_slug(req, db, &slug) : 0;
	const char *tlang = target_lang(request_form(req, "tlang"));
	if (id == 0 || tlang == NULL) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	static const struct field_spec spec[] = {
		{ .name = "title", .type = FIELD_TEXT, .required = true, .max_len = 200 },
		{ .name = "summary", .type = FIELD_TEXT, .max_len = 300 },
		{ .name = "body", .type = FIELD_TEXTAREA, .required = true, .max_len = 20000 },
		{ .name = "guidance", .type = FIELD_TEXTAREA, .max_len = 5000 },
		{ .name = "status", .type = FIELD_CHOICE, .required = true, .choices = statuses },
		{ .name = "reviewed_by", .type = FIELD_TEXT, .max_len = 100 },
		{ .name = "sources", .type = FIELD_TEXTAREA, .max_len = 5000 },
		{ .name = "facts_checked", .type = FIELD_TEXT, .max_len = 10 },
		{ .name = "review_confirmed", .type = FIELD_CHECKBOX },
	};
	struct form f;
	form_validate(req->arena, spec, sizeof spec / sizeof spec[0], &req->form, &f);
	enum review_status st = REVIEW_DRAFT;
	if (form_value(&f, "status"))
		review_status_parse(form_value(&f, "status"), &st);
	const char *who = form_value(&f, "reviewed_by");
	if (st != REVIEW_DRAFT && (who == NULL || *who == '\0'))
		form_set_error(&f, "reviewed_by", N_("rights.edit.need_reviewer"));
	const char *checked = form_value(&f, "facts_checked");
	if (checked && *checked && !date_ok(checked))
		form_set_error(&f, "facts_checked", N_("rights.edit.bad_date"));
	if (!sources_ok(form_value(&f, "sources")))
		form_set_error(&f, "sources", N_("rights.edit.bad_sources"));
	if (!f.ok) {
		show_form(req, 422, id, slug, tlang, &f);
		return;
	}
	/* Honesty of the review status: a changed text is a draft again unless
	 * the editor confirms the named reviewer read this version; an
	 * unchanged, still-reviewed text keeps the date it was reviewed. */
	struct article cur;
	bool have = rights_article(db, req->arena, slug, tlang, tlang, true, &cur) && !cur.is_fallback;
	const char *summary = form_value(&f, "summary") ? form_value(&f, "summary") : "";
	const char *guidance = form_value(&f, "guidance") ? form_value(&f, "guidance") : "";
	bool changed = !have || strcmp(cur.title, form_value(&f, "title")) != 0 || strcmp(cur.summary, summary) != 0 ||
	               strcmp(cur.body, form_value(&f, "body")) != 0 || strcmp(cur.guidance, guidance) != 0;
	bool downgraded = false;
	int64_t keep_at = 0;
	if (st != REVIEW_DRAFT && changed && !form_field(&f, "review_confirmed")->checked) {
		st = REVIEW_DRAFT;
		downgraded = true;
	} else if (st != REVIEW_DRAFT && !changed && have && cur.status == st && cur.reviewed_by &&
	           strcmp(cur.reviewed_by, who) == 0) {
		keep_at = cur.reviewed_at;
	}
	struct save_ctx c = {
		.id = id,
		.lang = tlang,
		.sources = form_value(&f, "sources") ? form_value(&f, "sources") : "",
		.facts_checked = checked ? checked : "",
		.t = { form_value(&f, "title"), summary, form_value(&f, "body"), guidance, st,
		       st != REVIEW_DRAFT ? who : NULL, keep_at },
	};
	if (db_tx(db, save, &c) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "article.edit", "article", id, NULL);
	reply_redirect(req, downgraded ? "/app/rights?saved=draft" : "/app/rights?saved=1");
}

void rights_hotline_toggle(struct request *req)
{
	long long id = request_param_id(req, "id");
	const char *on = request_form(req, "enabled");
	struct db *db = db_thread();
	if (id <= 0 || db == NULL || !rights_hotline_enable(db, id, on && strcmp(on, "1") == 0)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	app_audit(req, on && strcmp(on, "1") == 0 ? "hotline.show" : "hotline.hide", "hotline", id, NULL);
	reply_redirect(req, "/app/rights?saved=1");
}

void rights_hotline_create(struct request *req)
{
	static const struct field_spec spec[] = {
		{ .name = "name", .type = FIELD_TEXT, .required = true, .max_len = 120 },
		{ .name = "number", .type = FIELD_TEXT, .required = true, .max_len = 40 },
		{ .name = "hours", .type = FIELD_TEXT, .max_len = 80 },
		{ .name = "source", .type = FIELD_TEXT, .max_len = 500 },
	};
	struct form f;
	form_validate(req->arena, spec, sizeof spec / sizeof spec[0], &req->form, &f);
	const char *number = form_value(&f, "number"), *source = form_value(&f, "source");
	if (number && *number && settings_check_hotline(number))
		form_set_error(&f, "number", settings_check_hotline(number));
	if (source && *source && strncmp(source, "https://", 8) != 0 && strncmp(source, "http://", 7) != 0)
		form_set_error(&f, "source", N_("rights.edit.bad_sources"));
	struct db *db = db_thread();
	if (!f.ok) {
		reply_redirect(req, "/app/rights?saved=invalid");
		return;
	}
	int64_t id = db ? rights_hotline_add(db, form_value(&f, "name"), number, form_value(&f, "hours"), source) : -1;
	if (id <= 0) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "hotline.add", "hotline", id, NULL);
	reply_redirect(req, "/app/rights?saved=1");
}

struct create_ctx {
	const char *slug, *lang, *title, *body;
	int64_t id;
};

static enum db_status create_tx(struct db *db, void *p)
{
	struct create_ctx *c = p;
	c->id = rights_article_create(db, c->slug, c->lang, c->title, c->body);
	return c->id > 0 ? DB_OK : c->id == 0 ? DB_CONFLICT : DB_ERROR;
}

void rights_article_new(struct request *req)
{
	static const struct field_spec spec[] = {
		{ .name = "slug", .type = FIELD_TEXT, .required = true, .max_len = 64 },
		{ .name = "tlang", .type = FIELD_TEXT, .required = true, .max_len = 8 },
		{ .name = "title", .type = FIELD_TEXT, .required = true, .max_len = 200 },
	};
	struct form f;
	form_validate(req->arena, spec, sizeof spec / sizeof spec[0], &req->form, &f);
	const char *slug = form_value(&f, "slug"), *tlang = target_lang(form_value(&f, "tlang"));
	struct db *db = db_thread();
	if (!f.ok || !rights_slug_ok(slug) || tlang == NULL || db == NULL) {
		reply_redirect(req, "/app/rights?saved=bad_article");
		return;
	}
	struct create_ctx c = { slug, tlang, form_value(&f, "title"), form_value(&f, "title"), 0 };
	enum db_status st = db_tx(db, create_tx, &c);
	if (st == DB_CONFLICT) {
		reply_redirect(req, "/app/rights?saved=bad_article");
		return;
	}
	if (st != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "article.create", "article", c.id, NULL);
	reply_redirect(req, arena_printf(req->arena, "/app/rights/%lld?tlang=%s", (long long)c.id, tlang));
}

void rights_article_toggle(struct request *req)
{
	long long id = request_param_id(req, "id");
	const char *on = request_form(req, "published");
	bool show = on && strcmp(on, "1") == 0;
	struct db *db = db_thread();
	if (id <= 0 || db == NULL || !rights_article_publish(db, id, show)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	app_audit(req, show ? "article.publish" : "article.unpublish", "article", id, NULL);
	reply_redirect(req, "/app/rights?saved=1");
}

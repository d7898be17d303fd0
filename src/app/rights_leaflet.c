/* Printable leaflets: /rights/leaflet?articles=a[,b]&lang=en[&lang2=bn]
 * [&size=letter|a4|half]. One sheet per article; one column per language,
 * side by side; each column carries its own title, text, review status,
 * the group's name and hotline and a QR code to the online article in
 * that language, all in that language. Print CSS (named @page sizes)
 * makes the browser's "Print" give a clean PDF. Without `articles` the
 * same URL is the builder: a plain GET form. */
#include <string.h>

#include "app/app.h"
#include "app/page.h"
#include "app/rights_view.h"
#include "core/arena.h"
#include "core/buf.h"
#include "db/db.h"
#include "html/markdown.h"
#include "html/qr.h"
#include "html/template.h"
#include "http/reply.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "i18n/languages.h"
#include "i18n/msgid.h"
#include "model/rights.h"
#include "model/settings.h"

#define LEAFLET_MAX_ARTICLES 2

static const char *const sizes[] = { "letter", "a4", "half", NULL };

static bool size_ok(const char *s)
{
	for (size_t i = 0; s && sizes[i]; i++)
		if (strcmp(s, sizes[i]) == 0)
			return true;
	return false;
}

static void builder(struct request *req, unsigned status, const char *problem_msgid)
{
	struct settings s;
	settings_get(&s);
	struct article list[RIGHTS_MAX_ARTICLES];
	struct db *db = db_thread();
	size_t n = db ? rights_articles(db, req->arena, req->lang, s.default_lang, false, list,
	                                RIGHTS_MAX_ARTICLES)
	              : 0;
	struct view *v = page_view(req, N_("leaflet.builder.title"));
	view_set_bool(v, "nav_rights", true);
	if (problem_msgid)
		view_set(v, "form_error", page_t(req, problem_msgid));
	for (size_t i = 0; i < n; i++) {
		struct view *item = view_add_item(v, "articles");
		view_set(item, "slug", list[i].slug);
		view_set(item, "title", list[i].title);
	}
	for (size_t i = 0; i < s.n_langs; i++) {
		struct view *l = view_add_item(v, "langs");
		view_set(l, "code", s.langs[i]);
		view_set(l, "name", i18n_native_name(s.langs[i]));
		view_set_bool(l, "selected", strcmp(s.langs[i], req->lang) == 0);
	}
	page_render(req, status, "leaflet_builder.html", v);
}

/* One language column of one article's sheet. */
static void add_column(struct request *req, struct view *sheet, const struct article *a,
                       const char *lang, const char *origin)
{
	struct settings s;
	settings_get(&s);
	struct view *c = view_add_item(sheet, "columns");
	view_set(c, "col_lang", a->lang);
	view_set(c, "col_dir", i18n_dir(a->lang));
	view_set(c, "title", a->title);
	view_set(c, "summary", a->summary);
	view_set_trusted_html(c, "body_html", markdown_html(req->arena, a->body, strlen(a->body)));
	view_set_bool(c, "is_draft", !a->is_fallback && a->status == REVIEW_DRAFT);
	view_set(c, "status_text", i18n_get(lang, a->is_fallback ? N_("content.status.not_translated")
	                                                         : review_status_msgid(a->status)));
	view_set(c, "hotline_label", i18n_get(lang, N_("footer.hotline")));
	view_set(c, "online_label", i18n_get(lang, N_("leaflet.online")));
	view_set(c, "not_advice", i18n_get(lang, N_("footer.not_legal_advice")));
	view_set(c, "checked_label", i18n_get(lang, N_("rights.facts_checked")));
	view_set(c, "facts_checked", a->facts_checked);
	char *url = arena_printf(req->arena, "%s/rights/%s?lang=%s", origin, a->slug, lang);
	view_set(c, "online_url", url);
	char *svg = qr_svg(req->arena, url, a->title);
	if (svg)
		view_set_trusted_html(c, "qr_svg", svg);
	view_set(c, "group_name", s.group_name);
}

void rights_leaflet(struct request *req)
{
	/* "articles=a,b" from a link, or "articles=a&articles=b" from the builder */
	struct buf joined;
	buf_init(&joined, req->arena, 128);
	for (size_t i = 0; i < req->query.count; i++)
		if (strcmp(req->query.items[i].name, "articles") == 0 && req->query.items[i].value[0]) {
			if (joined.len)
				buf_putc(&joined, ',');
			buf_puts(&joined, req->query.items[i].value);
		}
	const char *slugs = joined.len ? joined.data : NULL;
	if (slugs == NULL) {
		builder(req, 200, NULL);
		return;
	}
	struct settings s;
	settings_get(&s);
	const char *lang = request_query(req, "lang");
	const char *lang2 = request_query(req, "lang2");
	const char *size = request_query(req, "size");
	/* Interface languages, or any spoken language the articles are
	 * translated into (checked below: no fallback on paper). */
	if (lang == NULL || !(settings_lang_enabled(&s, lang) || spoken_language_known(lang)))
		lang = req->lang;
	if (lang2 && (*lang2 == '\0' || strcmp(lang2, lang) == 0))
		lang2 = NULL;
	if (size == NULL || *size == '\0')
		size = "letter";
	if ((lang2 && !settings_lang_enabled(&s, lang2) && !spoken_language_known(lang2)) || !size_ok(size) ||
	    strlen(slugs) > 200) {
		builder(req, 422, N_("leaflet.builder.invalid"));
		return;
	}
	struct db *db = db_thread();
	if (db == NULL) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	const char *origin = rights_origin(req);
	struct view *v = page_view(req, N_("leaflet.title"));
	view_set(v, "size", size);
	view_set_bool(v, "two_langs", lang2 != NULL);
	char *list = arena_strdup(req->arena, slugs);
	const char *wanted[LEAFLET_MAX_ARTICLES + 1];
	size_t n = 0;
	for (char *save = NULL, *slug = strtok_r(list, ",", &save); slug; slug = strtok_r(NULL, ",", &save)) {
		if (n == LEAFLET_MAX_ARTICLES) {
			builder(req, 422, N_("leaflet.builder.invalid"));
			return;
		}
		wanted[n++] = slug;
	}
	for (size_t i = 0; i < n; i++) {
		struct article a, b;
		if (!rights_article(db, req->arena, wanted[i], lang, s.default_lang, false, &a) ||
		    (lang2 && !rights_article(db, req->arena, wanted[i], lang2, s.default_lang, false, &b))) {
			reply_error(req, ERR_NOT_FOUND);
			return;
		}
		/* On paper a column in another language than its heading says
		 * would mislead: refuse instead of falling back. */
		if (a.is_fallback || (lang2 && b.is_fallback)) {
			builder(req, 422, N_("leaflet.builder.not_translated"));
			return;
		}
		struct view *sheet = view_add_item(v, "sheets");
		view_set(sheet, "size", size);
		add_column(req, sheet, &a, lang, origin);
		if (lang2)
			add_column(req, sheet, &b, lang2, origin);
	}
	if (n == 0) {
		builder(req, 422, N_("leaflet.builder.invalid"));
		return;
	}
	rights_add_hotlines(req, v);
	struct buf out;
	buf_init(&out, req->arena, 32768);
	if (!page_render_fragment(req, "leaflet.html", v, &out)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	reply_bytes(req, 200, "text/html; charset=utf-8", out.data, out.len);
}

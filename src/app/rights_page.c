/* The public know-your-rights pages: the library (/rights), one article
 * (/rights/{slug}), the warrant checker (/rights/warrant, one plain GET
 * form per step with the answers so far in the query), its printable
 * wallet card, and printable leaflets (/rights/leaflet: one or two
 * articles, one or two languages side by side, QR codes to the online
 * version in each language). No JavaScript is needed anywhere; the review
 * status of every text is shown as it is. */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/page.h"
#include "app/page_cache.h"
#include "app/rights_view.h"
#include "core/arena.h"
#include "core/buf.h"
#include "db/db.h"
#include "html/escape.h"
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
#include "model/warrant.h"

/* ---- shared pieces -------------------------------------------------- */

char *rights_tel_href(struct arena *a, const char *number)
{
	char tel[48];
	size_t w = 0;
	for (const char *p = number; p && *p && w < sizeof tel - 1; p++)
		if ((*p >= '0' && *p <= '9') || (*p == '+' && w == 0))
			tel[w++] = *p;
	tel[w] = '\0';
	return arena_printf(a, "tel:%s", tel);
}

void rights_add_hotlines(struct request *req, struct view *v)
{
	struct settings s;
	settings_get(&s);
	if (s.hotline[0]) {
		struct view *h = view_add_item(v, "hotlines");
		view_set(h, "name", s.group_name);
		view_set(h, "number", s.hotline);
		view_set(h, "href", rights_tel_href(req->arena, s.hotline));
		view_set_bool(h, "ours", true);
		view_set(v, "main_hotline", s.hotline);
		view_set(v, "main_hotline_href", rights_tel_href(req->arena, s.hotline));
	}
	struct hotline list[RIGHTS_MAX_HOTLINES];
	struct db *db = db_thread();
	size_t n = db ? rights_hotlines(db, req->arena, false, list, RIGHTS_MAX_HOTLINES) : 0;
	for (size_t i = 0; i < n; i++) {
		struct view *h = view_add_item(v, "hotlines");
		view_set(h, "name", list[i].name);
		view_set(h, "number", list[i].number);
		view_set(h, "hours", list[i].hours);
		view_set(h, "href", rights_tel_href(req->arena, list[i].number));
		if (!s.hotline[0] && i == 0) {
			view_set(v, "main_hotline", list[i].number);
			view_set(v, "main_hotline_href", rights_tel_href(req->arena, list[i].number));
		}
	}
}

const char *rights_content_lang(struct request *req)
{
	const char *q = request_query(req, "lang");
	if (q && strcmp(q, req->lang) != 0 && spoken_language_known(q))
		return q;
	return req->lang;
}

const char *rights_lang_name(const char *code)
{
	const char *n = spoken_language_name(code);
	return n ? n : i18n_native_name(code);
}

/* "http://host" from the Host header when it looks like a host name, so
 * printed QR codes carry a full URL; "" otherwise. */
char *rights_origin(struct request *req)
{
	const char *host = request_header(req, "host");
	if (host == NULL || strlen(host) == 0 || strlen(host) > 200 ||
	    strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") != strlen(host))
		return "";
	return arena_printf(req->arena, "%s://%s", req->is_tls ? "https" : "http", host);
}

/* The review status of one translation, as the public sees it. */
static void set_status(struct request *req, struct view *v, const struct article *a)
{
	view_set(v, "status", a->is_fallback ? "fallback" : review_status_name(a->status));
	view_set(v, "status_text", page_t(req, a->is_fallback ? N_("content.status.not_translated")
	                                                      : review_status_msgid(a->status)));
	view_set_bool(v, "is_draft", !a->is_fallback && a->status == REVIEW_DRAFT);
	if (a->reviewed_by && a->status != REVIEW_DRAFT) {
		view_set(v, "reviewed_by", a->reviewed_by);
		view_set(v, "reviewed_at", page_time(req->arena, a->reviewed_at, PAGE_DATE));
	}
}

static void set_sources(struct view *v, const struct article *a)
{
	for (size_t i = 0; i < a->n_sources; i++) {
		struct view *s = view_add_item(v, "sources");
		view_set(s, "href", a->sources[i].url);
		view_set(s, "label", a->sources[i].label);
	}
}

/* ---- the library ---------------------------------------------------- */

void rights_index(struct request *req)
{
	char key[48];
	snprintf(key, sizeof key, "rights:%s", req->lang);
	if (req->session == NULL && page_cache_reply(req, key))
		return;
	struct settings s;
	settings_get(&s);
	struct article list[RIGHTS_MAX_ARTICLES];
	struct db *db = db_thread();
	size_t n = db ? rights_articles(db, req->arena, req->lang, s.default_lang, false, list,
	                                RIGHTS_MAX_ARTICLES)
	              : 0;
	struct view *v = page_view(req, N_("rights.title"));
	view_set_bool(v, "nav_rights", true);
	for (size_t i = 0; i < n; i++) {
		struct view *item = view_add_item(v, "articles");
		view_set(item, "slug", list[i].slug);
		view_set(item, "title", list[i].title);
		view_set(item, "summary", list[i].summary);
		view_set(item, "article_lang", list[i].lang);
		view_set(item, "article_dir", i18n_dir(list[i].lang));
		set_status(req, item, &list[i]);
	}
	rights_add_hotlines(req, v);
	page_render(req, 200, "rights.html", v);
	if (req->session == NULL)
		page_cache_store(req, key);
}

void rights_article_show(struct request *req)
{
	const char *slug = request_param(req, "slug");
	if (!rights_slug_ok(slug)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	const char *want = rights_content_lang(req);
	char key[128];
	snprintf(key, sizeof key, "rights:%s:%s:%s", slug, want, req->lang);
	if (req->session == NULL && page_cache_reply(req, key))
		return;
	struct settings s;
	settings_get(&s);
	struct article a;
	struct db *db = db_thread();
	if (db == NULL || !rights_article(db, req->arena, slug, want, s.default_lang, false, &a)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	struct view *v = page_view(req, N_("rights.title"));
	view_set(v, "page_title", a.title);
	view_set_bool(v, "nav_rights", true);
	view_set(v, "slug", a.slug);
	view_set(v, "title", a.title);
	view_set(v, "article_lang", a.lang);
	view_set(v, "article_dir", i18n_dir(a.lang));
	view_set_trusted_html(v, "body_html", markdown_html(req->arena, a.body, strlen(a.body)));
	if (a.has_dispute) {
		view_set_bool(v, "has_dispute", true);
		if (a.guidance && *a.guidance)
			view_set_trusted_html(v, "guidance_html", markdown_html(req->arena, a.guidance, strlen(a.guidance)));
	}
	set_status(req, v, &a);
	set_sources(v, &a);
	view_set(v, "facts_checked", a.facts_checked);
	const char *langs[SETTINGS_MAX_LANGS * 2];
	size_t nl = rights_article_langs(db, req->arena, a.id, langs, sizeof langs / sizeof langs[0]);
	for (size_t i = 0; i < nl; i++) {
		if (!settings_lang_enabled(&s, langs[i]) && !spoken_language_known(langs[i]))
			continue;
		struct view *l = view_add_item(v, "translations");
		view_set(l, "code", langs[i]);
		view_set(l, "name", rights_lang_name(langs[i]));
		view_set(l, "href", arena_printf(req->arena, "/rights/%s?lang=%s", a.slug, langs[i]));
		view_set_bool(l, "current", strcmp(langs[i], a.lang) == 0);
	}
	view_set(v, "leaflet_href", arena_printf(req->arena, "/rights/leaflet?articles=%s&lang=%s", a.slug, a.lang));
	rights_add_hotlines(req, v);
	page_render(req, 200, "rights_article.html", v);
	if (req->session == NULL)
		page_cache_store(req, key);
}

/* ---- the warrant checker -------------------------------------------- */

static const char *query_answer(void *ud, const char *step)
{
	return request_query(ud, step);
}

/* "/rights/warrant?top=court&signer=judge&lang=bn" for the first `n`
 * rules taken: the language travels too, so the walk keeps it even where
 * cookies are refused. Steps and choices are fixed identifiers. */
static char *walk_href(struct request *req, const struct warrant_walk *w, size_t n)
{
	struct buf b;
	buf_init(&b, req->arena, 128);
	buf_puts(&b, "/rights/warrant?");
	for (size_t i = 0; i < n; i++) {
		buf_puts(&b, w->taken[i]->step);
		buf_putc(&b, '=');
		buf_puts(&b, w->taken[i]->choice);
		buf_putc(&b, '&');
	}
	buf_puts(&b, "lang=");
	escape_url_component(&b, req->lang);
	return b.data;
}

static void add_source(struct view *v, const struct warrant_source *s)
{
	if (s->url == NULL)
		return;
	struct view *item = view_add_item(v, "sources");
	view_set(item, "href", s->url);
	view_set(item, "label", s->label);
}

static void set_reviewed(struct request *req, struct view *v)
{
	view_set(v, "rules_reviewed", WARRANT_RULES_REVIEWED);
	if (WARRANT_RULES_REVIEWER[0])
		view_set(v, "rules_reviewer", WARRANT_RULES_REVIEWER);
	else
		view_set(v, "rules_not_reviewed", page_t(req, N_("warrant.not_lawyer_reviewed")));
}

static void add_do_list(struct request *req, struct view *v)
{
	static const char *const todo[] = {
		N_("warrant.do.calm"), N_("warrant.do.slide"), N_("warrant.do.resist"),
		N_("warrant.do.silent"), N_("warrant.do.note"), N_("warrant.do.call"),
	};
	for (size_t i = 0; i < sizeof todo / sizeof todo[0]; i++)
		view_set(view_add_item(v, "todo"), "text", page_t(req, todo[i]));
}

void warrant_show(struct request *req)
{
	struct warrant_walk w;
	warrant_walk(query_answer, req, &w);
	struct view *v = page_view(req, N_("warrant.title"));
	view_set_bool(v, "nav_rights", true);
	for (size_t i = 0; i < w.n_taken; i++) {
		const struct warrant_step *st = warrant_step(w.taken[i]->step);
		struct view *item = view_add_item(v, "taken");
		view_set(item, "question", page_t(req, st->question_msgid));
		view_set(item, "choice", page_t(req, w.taken[i]->label_msgid));
		view_set(item, "step", w.taken[i]->step);
		view_set(item, "value", w.taken[i]->choice);
	}
	if (w.n_taken > 0) {
		view_set(v, "back_href", walk_href(req, &w, w.n_taken - 1));
		view_set_int(v, "step_number", (long long)w.n_taken + 1);
	} else {
		/* the first question's "back" is the library it was opened from */
		view_set(v, "back_href", arena_printf(req->arena, "/rights?lang=%s", req->lang));
		view_set_int(v, "step_number", 1);
	}
	if (w.answer) {
		const struct warrant_answer *an = w.answer;
		view_set_bool(v, "answered", true);
		view_set(v, "answer_id", an->id);
		view_set(v, "page_title", page_t(req, an->title_msgid));
		view_set(v, "answer_title", page_t(req, an->title_msgid));
		view_set(v, "answer_means", page_t(req, an->means_msgid));
		view_set(v, "answer_say", page_t(req, an->say_msgid));
		if (an->extra_msgid)
			view_set(v, "answer_extra", page_t(req, an->extra_msgid));
		view_set_bool(v, "judicial", an->judicial);
		for (size_t i = 0; i < WARRANT_MAX_SOURCES; i++)
			add_source(v, &an->sources[i]);
		for (size_t i = 0; i < w.n_taken; i++) {
			bool seen = false;
			for (size_t k = 0; k < WARRANT_MAX_SOURCES && an->sources[k].url; k++)
				seen = seen || strcmp(an->sources[k].url, w.taken[i]->source.url) == 0;
			for (size_t k = 0; k < i; k++)
				seen = seen || strcmp(w.taken[k]->source.url, w.taken[i]->source.url) == 0;
			if (!seen)
				add_source(v, &w.taken[i]->source);
		}
		add_do_list(req, v);
	} else {
		const struct warrant_step *st = w.step;
		view_set(v, "step", st->id);
		view_set(v, "question", page_t(req, st->question_msgid));
		if (st->help_msgid)
			view_set(v, "help", page_t(req, st->help_msgid));
		const struct warrant_rule *choices[WARRANT_MAX_CHOICES];
		size_t n = warrant_choices(st->id, choices, WARRANT_MAX_CHOICES);
		for (size_t i = 0; i < n; i++) {
			struct view *c = view_add_item(v, "choices");
			view_set(c, "value", choices[i]->choice);
			view_set(c, "label", page_t(req, choices[i]->label_msgid));
			view_setf(c, "id", "c-%s", choices[i]->choice);
		}
	}
	set_reviewed(req, v);
	rights_add_hotlines(req, v);
	page_render(req, 200, "warrant.html", v);
}

void warrant_card(struct request *req)
{
	struct view *v = page_view(req, N_("warrant.card.title"));
	view_set_bool(v, "print_page", true);
	add_do_list(req, v);
	set_reviewed(req, v);
	rights_add_hotlines(req, v);
	char *url = arena_printf(req->arena, "%s/rights/warrant?lang=%s", rights_origin(req), req->lang);
	view_set(v, "qr_url", url);
	char *svg = qr_svg(req->arena, url, page_t(req, N_("warrant.title")));
	if (svg)
		view_set_trusted_html(v, "qr_svg", svg);
	page_render(req, 200, "warrant_card.html", v);
}

/* The whole rules table on one page, for a lawyer's review and for anyone
 * who wants to know why the checker says what it says. */
void warrant_rules_show(struct request *req)
{
	struct view *v = page_view(req, N_("warrant.rules.title"));
	view_set_bool(v, "nav_rights", true);
	size_t ns, nr, na;
	const struct warrant_step *steps = warrant_steps(&ns);
	warrant_rules(&nr);
	const struct warrant_answer *answers = warrant_answers(&na);
	for (size_t i = 0; i < ns; i++) {
		struct view *st = view_add_item(v, "steps");
		view_set(st, "id", steps[i].id);
		view_set(st, "question", page_t(req, steps[i].question_msgid));
		const struct warrant_rule *c[WARRANT_MAX_CHOICES];
		size_t n = warrant_choices(steps[i].id, c, WARRANT_MAX_CHOICES);
		for (size_t k = 0; k < n; k++) {
			struct view *r = view_add_item(st, "rules");
			view_setf(r, "rule", "%s.%s", c[k]->step, c[k]->choice);
			view_set(r, "choice", page_t(req, c[k]->label_msgid));
			if (c[k]->answer) {
				view_set(r, "leads_answer", c[k]->answer);
				view_set(r, "leads", page_t(req, warrant_answer(c[k]->answer)->title_msgid));
			} else {
				view_set(r, "leads_step", c[k]->next_step);
				view_set(r, "leads", page_t(req, warrant_step(c[k]->next_step)->question_msgid));
			}
			view_set(r, "href", c[k]->source.url);
			view_set(r, "label", c[k]->source.label);
		}
	}
	for (size_t i = 0; i < na; i++) {
		struct view *a = view_add_item(v, "answers");
		view_set(a, "id", answers[i].id);
		view_set(a, "title", page_t(req, answers[i].title_msgid));
		view_set(a, "means", page_t(req, answers[i].means_msgid));
		for (size_t k = 0; k < WARRANT_MAX_SOURCES; k++)
			add_source(a, &answers[i].sources[k]);
	}
	view_set_int(v, "n_rules", (long long)nr);
	set_reviewed(req, v);
	page_render(req, 200, "warrant_rules.html", v);
}

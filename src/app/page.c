#include "app/page.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "embedded.h"
#include "html/escape.h"
#include "html/template.h"
#include "http/assets.h"
#include "http/errors.h"
#include "http/reply.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "model/sessions.h"
#include "model/settings.h"
#include "i18n/msgid.h"

static struct tpl_set *templates;

static const char *translate(void *ud, const char *msgid)
{
	const char *lang = ud;
	return i18n_get(lang, msgid);
}

static const char *asset_url(void *ud, const char *name)
{
	(void)ud;
	return assets_url(name);
}

static void render_error_page(struct request *req, const struct err_info *info,
                              const char *detail_msgid)
{
	struct view *v = page_view(req, info->title_msgid);
	view_set(v, "error_title", page_t(req, info->title_msgid));
	view_set(v, "error_detail", page_t(req, detail_msgid));
	page_render(req, info->status, "error.html", v);
}

bool page_init(void)
{
	templates = tpl_set_new();
	for (size_t i = 0; i < embedded_files_count; i++) {
		const struct embedded_file *f = &embedded_files[i];
		if (strncmp(f->name, "templates/", 10) != 0)
			continue;
		char err[256];
		if (!tpl_set_add(templates, f->name + 10, (const char *)f->data, f->len, err,
		                 sizeof err)) {
			fprintf(stderr, "sanctuary: template %s\n", err);
			return false;
		}
	}
	reply_set_error_renderer(render_error_page);
	return true;
}

void page_shutdown(void)
{
	tpl_set_free(templates);
	templates = NULL;
}

const struct tpl_set *page_templates(void)
{
	return templates;
}

const char *page_t(const struct request *req, const char *msgid)
{
	return i18n_get(req->lang ? req->lang : "en", msgid);
}

/* The current path with ?lang=code, for the language switcher. */
static char *lang_href(struct request *req, const char *code)
{
	struct buf b;
	buf_init(&b, req->arena, 128);
	buf_puts(&b, req->path ? req->path : "/");
	buf_puts(&b, "?lang=");
	escape_url_component(&b, code);
	return b.data;
}

struct view *page_view(struct request *req, const char *title_msgid)
{
	struct settings s;
	settings_get(&s);
	const char *lang = req->lang ? req->lang : s.default_lang;
	struct view *v = view_new(req->arena);
	view_set(v, "lang", lang);
	view_set(v, "dir", i18n_dir(lang));
	view_set(v, "page_title", i18n_get(lang, title_msgid));
	view_set(v, "group_name", s.group_name);
	if (s.hotline[0]) {
		view_set(v, "hotline", s.hotline);
		char tel[48];
		size_t w = 0;
		for (const char *p = s.hotline; *p && w < sizeof tel - 1; p++)
			if ((*p >= '0' && *p <= '9') || (*p == '+' && w == 0))
				tel[w++] = *p;
		tel[w] = '\0';
		view_setf(v, "hotline_href", "tel:%s", tel);
	}
	for (size_t i = 0; i < s.n_langs; i++) {
		struct view *item = view_add_item(v, "languages");
		view_set(item, "code", s.langs[i]);
		view_set(item, "name", i18n_native_name(s.langs[i]));
		view_set(item, "href", lang_href(req, s.langs[i]));
		view_set_bool(item, "current", strcmp(s.langs[i], lang) == 0);
	}
	if (req->session) {
		view_set_bool(v, "signed_in", true);
		view_set(v, "user_name", req->session->user.display_name);
		view_set(v, "user_role", page_t(req, req->session->user.role == ROLE_ADMIN ? N_("role.admin") :
		                                      req->session->user.role == ROLE_ORGANIZER ? N_("role.organizer") :
		                                      N_("role.volunteer")));
		view_set(v, "csrf", req->session->csrf);
		view_set_bool(v, "is_admin", req->session->user.role == ROLE_ADMIN);
	}
	return v;
}

void page_render(struct request *req, unsigned status, const char *template_name, struct view *v)
{
	/* The view owns a copy of the language code, so it can lend it out. */
	char *lang = arena_strdup(req->arena, view_get(v, "lang") ? view_get(v, "lang") : "en");
	struct tpl_env env = { translate, asset_url, lang };
	struct buf content, page;
	buf_init(&content, req->arena, 8192);
	if (!tpl_render(templates, template_name, v, &env, &content)) {
		reply_text(req, 500, "missing template");
		return;
	}
	view_set_trusted_html(v, "content", content.data);
	buf_init(&page, req->arena, content.len + 4096);
	tpl_render(templates, "layout.html", v, &env, &page);
	reply_bytes(req, status, "text/html; charset=utf-8", page.data, page.len);
}

bool page_render_fragment(struct request *req, const char *template_name, struct view *v,
                          struct buf *out)
{
	char *lang = arena_strdup(req->arena, view_get(v, "lang") ? view_get(v, "lang") : "en");
	struct tpl_env env = { translate, asset_url, lang };
	return tpl_render(templates, template_name, v, &env, out);
}

char *page_time(struct arena *a, int64_t t, enum page_time_format f)
{
	char buf[32];
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	switch (f) {
	case PAGE_MINUTE:
		strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
		break;
	case PAGE_SECOND:
		strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
		break;
	case PAGE_DATE:
	default:
		strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
		break;
	}
	return arena_strdup(a, buf);
}

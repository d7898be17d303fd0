#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/page.h"
#include "app/page_cache.h"
#include "core/arena.h"
#include "db/db.h"
#include "html/template.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "model/content.h"
#include "model/settings.h"
#include "i18n/msgid.h"

/* The group's own "about us" text is content, translated per language
 * with a review status: entity "group", id 1, field "about". */
static void add_about(struct request *req, struct view *v)
{
	struct settings s;
	settings_get(&s);
	struct content_text about;
	struct db *db = db_thread();
	if (db == NULL || !content_get(db, req->arena, "group", 1, "about", req->lang,
	                               s.default_lang, &about))
		return;
	view_set_bool(v, "about", true);
	view_set(v, "about_lang", about.lang);
	view_set(v, "about_dir", i18n_dir(about.lang));
	/* paragraphs are separated by blank lines */
	char *text = arena_strdup(req->arena, about.value);
	for (char *p = text; p && *p;) {
		char *gap = strstr(p, "\n\n");
		if (gap)
			*gap = '\0';
		if (*p)
			view_set(view_add_item(v, "about_paragraphs"), "text", p);
		p = gap ? gap + 2 : NULL;
	}
	view_set(v, "about_status", review_status_name(about.status));
	view_set(v, "about_status_text",
	         page_t(req, about.is_fallback ? N_("content.status.not_translated")
	                                       : review_status_msgid(about.status)));
}

void home_show(struct request *req)
{
	/* Anonymous visitors all see the same page per language. */
	char key[32];
	snprintf(key, sizeof key, "home:%s", req->lang);
	if (req->session == NULL && page_cache_reply(req, key))
		return;
	struct view *v = page_view(req, N_("home.title"));
	view_set_bool(v, "nav_home", true);
	add_about(req, v);
	page_render(req, 200, "home.html", v);
	if (req->session == NULL)
		page_cache_store(req, key);
}

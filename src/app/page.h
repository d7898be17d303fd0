/* Pages: a view pre-filled with what every page needs (language,
 * direction, group name, language switcher, signed-in user, CSRF token),
 * and rendering of a content template inside the layout. */
#ifndef SANCTUARY_PAGE_H
#define SANCTUARY_PAGE_H

#include <stdbool.h>
#include <stdint.h>

struct arena;
struct request;
struct view;
struct tpl_set;

bool page_init(void);
void page_shutdown(void);

/* A new view for `req` with the common keys; `title_msgid` names the page. */
struct view *page_view(struct request *req, const char *title_msgid);
/* Renders `template_name` with `v` into the layout and replies `status`. */
void page_render(struct request *req, unsigned status, const char *template_name, struct view *v);
/* Renders a template alone, without the layout (fragments fetched by
 * script, e.g. search results as you type). */
struct buf;
bool page_render_fragment(struct request *req, const char *template_name, struct view *v,
                          struct buf *out);
/* A UTC time as text in the arena: PAGE_DATE "2026-11-27",
 * PAGE_MINUTE "2026-11-27 20:56 UTC", PAGE_SECOND "2026-11-27 20:56:31". */
enum page_time_format { PAGE_DATE, PAGE_MINUTE, PAGE_SECOND };
char *page_time(struct arena *a, int64_t t, enum page_time_format f);
/* A translated UI string in the request's language. */
const char *page_t(const struct request *req, const char *msgid);

/* For tests and the translation check. */
const struct tpl_set *page_templates(void);

#endif

/* Templates that escape by default.
 *
 * Syntax (the whole language):
 *   {{name}}                 value, HTML-escaped (text and quoted attributes)
 *   {{url name}}             value as a URL attribute (escape_url_attr)
 *   {{t message.id}}         translation; `{key}` inside it is replaced by the
 *                            escaped value of `key` from the view
 *   {{asset app.css}}        content-hashed URL of a compiled-in asset
 *   {{#if name}} .. {{else}} .. {{/if}}     truthy: non-empty, not "0", or a
 *   {{#unless name}} .. {{/unless}}          non-empty list
 *   {{#each name}} .. {{/each}}             repeat per list item; inside, names
 *                                            resolve in the item first
 *   {{> other.html}}         include another template of the same set
 *   {{raw_trusted_html name}} unescaped: only values set with
 *                            view_set_trusted_html() print, anything else is
 *                            an empty string. Loud on both sides by design.
 *   {{! comment }}
 * Templates are compiled into the binary and parsed once at start-up; a
 * parse error there is a build bug, reported with the line number. */
#ifndef SANCTUARY_TEMPLATE_H
#define SANCTUARY_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct buf;

/* ---- views: the data a template sees ---- */
struct view;

struct view *view_new(struct arena *a);
void view_set(struct view *v, const char *key, const char *value);
void view_setf(struct view *v, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void view_set_bool(struct view *v, const char *key, bool on);
void view_set_int(struct view *v, const char *key, long long n);
/* Marks markup the caller built safely (e.g. a rendered sub-template). */
void view_set_trusted_html(struct view *v, const char *key, const char *html);
/* Appends an item to the list `key` and returns its scope (child of v). */
struct view *view_add_item(struct view *v, const char *key);
/* Looks `key` up in v and its parents; NULL if absent or a list. */
const char *view_get(const struct view *v, const char *key);
struct arena *view_arena(const struct view *v);

/* ---- compiled templates ---- */
struct tpl_set;

struct tpl_env {
	/* Message for an id in the current language; never NULL. */
	const char *(*translate)(void *ud, const char *msgid);
	/* URL of a compiled-in asset, or NULL if there is none. */
	const char *(*asset_url)(void *ud, const char *name);
	void *ud;
};

struct tpl_set *tpl_set_new(void);
void tpl_set_free(struct tpl_set *set);
/* Parses `text` as template `name`. On error returns false and writes a
 * message with the line number to err. */
bool tpl_set_add(struct tpl_set *set, const char *name, const char *text, size_t len,
                 char *err, size_t err_size);
bool tpl_exists(const struct tpl_set *set, const char *name);
/* Renders `name` with `view`; false if no such template. */
bool tpl_render(const struct tpl_set *set, const char *name, const struct view *view,
                const struct tpl_env *env, struct buf *out);

/* Substitutes `{key}` placeholders in a translated message with escaped
 * view values; unknown keys render as nothing. Exposed for tests. */
void tpl_format_message(struct buf *out, const char *message, const struct view *view);

#endif

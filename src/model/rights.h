/* The know-your-rights library: articles with one translation per
 * language (Markdown, review status, who reviewed and when), the sources
 * and the date their facts were last checked, and the hotlines shown
 * with them. Articles are public; writing them is for organizers. */
#ifndef SANCTUARY_RIGHTS_H
#define SANCTUARY_RIGHTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/content.h"

struct db;
struct arena;

#define RIGHTS_MAX_ARTICLES 64
#define RIGHTS_MAX_SOURCES 16
#define RIGHTS_MAX_HOTLINES 16

struct rights_source {
	const char *url, *label;
};

struct article {
	int64_t id;
	const char *slug, *topic;
	const char *facts_checked;   /* YYYY-MM-DD, "" if never */
	bool has_dispute, published;
	struct rights_source sources[RIGHTS_MAX_SOURCES];
	size_t n_sources;
	const char *sources_text;    /* as stored: one "URL label" per line */
	/* the translation found (the language asked for, else a fallback) */
	const char *lang, *title, *summary, *body, *guidance;
	enum review_status status;
	const char *reviewed_by;     /* NULL if never */
	int64_t reviewed_at;         /* 0 if never */
	bool is_fallback;
};

struct hotline {
	int64_t id;
	const char *name, *number, *hours, *source;
	bool enabled;
};

/* Is `slug` a well-formed article slug (a-z, 0-9, '-', 1..64)? */
bool rights_slug_ok(const char *slug);
/* Splits stored source lines ("URL label") into out[]; returns the count. */
size_t rights_parse_sources(struct arena *a, const char *text, struct rights_source *out, size_t cap);

/* One article by slug, in `lang` or else `fallback` (or English, or any).
 * Unpublished articles are found only when `with_unpublished`. */
bool rights_article(struct db *db, struct arena *a, const char *slug, const char *lang,
                    const char *fallback, bool with_unpublished, struct article *out);
/* Every article in display order, each in `lang` or its fallback. */
size_t rights_articles(struct db *db, struct arena *a, const char *lang, const char *fallback,
                       bool with_unpublished, struct article *out, size_t cap);
/* The languages an article has a translation in (codes into the arena). */
size_t rights_article_langs(struct db *db, struct arena *a, int64_t id, const char **out, size_t cap);

/* Writes one translation (inside the caller's transaction, or alone).
 * A status other than draft records `reviewed_by` and the time (now, or
 * t->reviewed_at when the caller keeps an earlier review). Callers decide
 * whether a changed text keeps its review (rights_staff.c: only when the
 * editor confirms the reviewer read this version). */
struct article_text {
	const char *title, *summary, *body, *guidance;
	enum review_status status;
	const char *reviewed_by;
	int64_t reviewed_at;   /* when a reviewed status is kept as it was; 0 = now */
};
bool rights_put_translation(struct db *db, int64_t article_id, const char *lang,
                            const struct article_text *t);
/* Updates the article's sources and the date its facts were checked. */
bool rights_put_sources(struct db *db, int64_t article_id, const char *sources,
                        const char *facts_checked);

/* Creates an article (published, last in the list) with its first
 * translation, a draft. Returns the id, 0 when the slug is taken, -1 on
 * error. */
int64_t rights_article_create(struct db *db, const char *slug, const char *lang, const char *title,
                              const char *body);
/* Shows or hides an article on the public pages. */
bool rights_article_publish(struct db *db, int64_t id, bool on);

/* Hotlines in display order; only the enabled ones unless `all`. */
size_t rights_hotlines(struct db *db, struct arena *a, bool all, struct hotline *out, size_t cap);
bool rights_hotline_enable(struct db *db, int64_t id, bool on);
/* Adds a hotline the group chose (shown at once, after the others). */
int64_t rights_hotline_add(struct db *db, const char *name, const char *number, const char *hours,
                           const char *source);

#endif

/* Content translations: the text of articles, petitions, events, messages
 * and the group's own pages, one row per (entity, id, field, language),
 * each with a review status. UI strings are not here: they live in the
 * po/ catalogs. */
#ifndef SANCTUARY_CONTENT_H
#define SANCTUARY_CONTENT_H

#include <stdbool.h>
#include <stdint.h>

struct db;
struct arena;

enum review_status {
	REVIEW_DRAFT,           /* machine or volunteer draft, not yet checked */
	REVIEW_NATIVE,          /* reviewed by a native speaker */
	REVIEW_LAWYER,          /* reviewed by a lawyer (legal content) */
};

struct content_text {
	const char *value;
	const char *lang;           /* the language actually found */
	enum review_status status;
	const char *reviewed_by;    /* may be NULL */
	int64_t reviewed_at;        /* 0 if never */
	bool is_fallback;           /* not in the language asked for */
};

const char *review_status_name(enum review_status s); /* "draft", ... */
bool review_status_parse(const char *s, enum review_status *out);
/* Message id describing the status to the public ("content.status.draft"). */
const char *review_status_msgid(enum review_status s);

/* The text in `lang`, else in `fallback_lang`, else English, else any.
 * Returns false when the field has no text at all. */
bool content_get(struct db *db, struct arena *a, const char *entity, int64_t id,
                 const char *field, const char *lang, const char *fallback_lang,
                 struct content_text *out);
/* Creates or replaces one translation. */
bool content_put(struct db *db, const char *entity, int64_t id, const char *field,
                 const char *lang, const char *value, enum review_status status,
                 const char *reviewed_by);

#endif

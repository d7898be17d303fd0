/* Tags on people, and saved segments (a named search, recomputed each
 * time it is used: what mobilization and messaging will target). */
#ifndef SANCTUARY_TAGS_H
#define SANCTUARY_TAGS_H

#include <stdbool.h>
#include <stdint.h>

struct db;
struct arena;

struct tag {
	int64_t id;
	const char *name;
	int64_t people;  /* how many people carry it */
};

typedef void (*tag_fn)(const struct tag *t, void *ctx);
bool tag_each(struct db *db, struct arena *a, tag_fn fn, void *ctx);
/* The tag's id, creating it when `create`; 0 if absent, -1 on error. */
int64_t tag_id(struct db *db, const char *name, bool create);
/* false with *conflict set when another tag already has the name. */
bool tag_rename(struct db *db, int64_t id, const char *name, bool *conflict);
/* Moves every tagging of `from` onto `into`, then deletes `from`. */
bool tag_merge(struct db *db, int64_t from, int64_t into);
bool tag_delete(struct db *db, int64_t id);
bool tag_person(struct db *db, int64_t tag, int64_t person, bool on);

struct segment {
	int64_t id;
	const char *name;
	const char *query;  /* the people list's query string */
};
typedef void (*segment_fn)(const struct segment *s, void *ctx);
bool segment_each(struct db *db, struct arena *a, segment_fn fn, void *ctx);
/* Saves (or replaces) a segment by name; returns its id or -1. */
int64_t segment_save(struct db *db, const char *name, const char *query, int64_t by_user);
bool segment_get(struct db *db, struct arena *a, int64_t id, struct segment *out);
bool segment_delete(struct db *db, int64_t id);

#endif

/* Talents: what people can offer, in a list the group edits. The seeded
 * ones carry a message id (so they read in every language) until the group
 * renames them; the group's own carry the name it gave. */
#ifndef SANCTUARY_TALENTS_H
#define SANCTUARY_TALENTS_H

#include <stdbool.h>
#include <stdint.h>

struct db;
struct arena;

struct talent {
	int64_t id;
	const char *slug;
	const char *msgid;   /* NULL for the group's own */
	const char *name;    /* the group's name for it, "" for seeded ones */
	int64_t people;
};

typedef void (*talent_fn)(const struct talent *t, void *ctx);
bool talent_each(struct db *db, struct arena *a, talent_fn fn, void *ctx);
/* Adds a talent at the end of the list; returns its id, 0 if one with that
 * name exists, -1 on error. */
int64_t talent_create(struct db *db, const char *name);
/* false with *conflict when another talent has the name. */
bool talent_rename(struct db *db, int64_t id, const char *name, bool *conflict);
/* Deletes the talent (people lose it). */
bool talent_delete(struct db *db, int64_t id);

#endif

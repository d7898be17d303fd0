/* The leafleting log: shifts (place, local date and time, who came, how
 * many leaflets in which languages, conversations, follow-ups) and a
 * summary per place and month. Only counts about the public are kept:
 * never the names of people spoken to. */
#ifndef SANCTUARY_LEAFLETING_H
#define SANCTUARY_LEAFLETING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct arena;

#define LEAFLETING_MAX_LANGS 16
#define LEAFLETING_MAX_VOLUNTEERS 64

struct leaflet_count {
	const char *lang;
	int64_t leaflets;
};

struct shift {
	int64_t id;
	const char *place;
	const char *date;        /* YYYY-MM-DD, the group's local date */
	const char *start_time;  /* HH:MM or "" */
	int64_t minutes, others, conversations, follow_ups;
	int64_t volunteers[LEAFLETING_MAX_VOLUNTEERS]; /* user ids */
	size_t n_volunteers;
	struct leaflet_count counts[LEAFLETING_MAX_LANGS];
	size_t n_counts;
	int64_t created_by;
};

/* Records a shift with its volunteers and counts (call inside db_tx).
 * Returns the new id, or -1. */
int64_t shift_create(struct db *db, const struct shift *s);

/* The latest shifts, newest first (volunteers and counts filled in). */
size_t shifts_recent(struct db *db, struct arena *a, struct shift *out, size_t cap);

struct shift_summary {
	const char *month;       /* YYYY-MM */
	const char *place;
	int64_t shifts, people, conversations, follow_ups, leaflets;
	struct leaflet_count counts[LEAFLETING_MAX_LANGS];
	size_t n_counts;
};
/* Totals per (month, place), newest month first, then by place. */
size_t shifts_summary(struct db *db, struct arena *a, struct shift_summary *out, size_t cap);

/* Places used before, most used first (for the form's suggestions). */
size_t shift_places(struct db *db, struct arena *a, const char **out, size_t cap);

#endif

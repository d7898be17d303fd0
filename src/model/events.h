/* Events: forums, trainings, meetings. Words (title, description, how to
 * get there, accessibility) are content translations (entity "event");
 * the row holds times (UTC), the place, capacity, interpretation offered,
 * childcare, and the door's anonymous headcount.
 *
 * RSVPs need no account: the person is found or made by person_upsert(),
 * gets a personal link (a token; only its hash is kept) to see or cancel,
 * and is "going" or on the waiting list. Cancelling moves the first on
 * the waiting list up, in the same transaction, with their messages. */
#ifndef SANCTUARY_EVENTS_H
#define SANCTUARY_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct arena;
struct buf;

struct event {
	int64_t id;
	const char *slug;
	int64_t starts_at, ends_at;
	const char *place;
	int64_t capacity;            /* 0: no limit */
	const char *interpretation;  /* "es,bn" */
	bool childcare, unlisted;
	int64_t anonymous_count, sequence, created_at, updated_at;
	/* counts */
	int64_t going, waitlist, checked_in;
};

extern const char *const event_fields[]; /* title, description, directions, accessibility */

bool event_get(struct db *db, struct arena *a, int64_t id, struct event *out);
bool event_by_slug(struct db *db, struct arena *a, const char *slug, struct event *out);
/* Returns the id, 0 when the slug is taken, -1 on error. In a transaction. */
int64_t event_create(struct db *db, const struct event *e, int64_t by_user);
/* DB_OK, DB_CONFLICT (slug taken) or DB_ERROR. Bumps the iCalendar sequence. */
int event_update(struct db *db, const struct event *e);

typedef void (*event_row_fn)(const struct event *e, void *ctx);
/* By start time; public_only leaves unlisted ones out; from: only events
 * ending after it (0: all). */
bool events_list(struct db *db, struct arena *a, bool public_only, int64_t from, int64_t offset,
                 int64_t limit, event_row_fn fn, void *ctx, int64_t *total);

/* ---- RSVPs ---- */

enum rsvp_status { RSVP_GOING, RSVP_WAITLIST, RSVP_CANCELLED };
const char *rsvp_status_name(enum rsvp_status s);

/* What messages say: built by the caller in the person's language. */
struct event_words {
	const char *title, *when, *place, *link_prefix, *ics_url_prefix;
	const char *page_url;        /* the public page, for messages without a personal link */
};

struct rsvp_input {
	int64_t event_id;
	const char *given_name, *family_name, *email, *phone;
	const char *lang, *interpretation;
	int64_t childcare;           /* children needing care */
	bool subscribe[3];
	bool walk_in;                /* at the door: going and checked in */
	const char *how;             /* "event.rsvp", "event.door" */
	/* messages: the title etc. in `lang`; the personal link is link_prefix + token */
	struct event_words words;
	const char *ics;             /* the .ics attachment (CRLF text), or NULL */
};

struct rsvp_result {
	int64_t rsvp_id, person_id;
	enum rsvp_status status;
	bool already, person_created;
	const char *token;           /* the personal link's token (new RSVPs only) */
};

/* In the caller's write transaction. */
bool event_rsvp(struct db *db, struct arena *a, const struct rsvp_input *in, struct rsvp_result *out);

struct rsvp {
	int64_t id, event_id, person_id;
	const char *name, *lang, *interpretation;
	enum rsvp_status status;
	int64_t childcare, checked_in_at, created_at, waitlist_position;
	bool walk_in, new_person, first_time;
};
bool rsvp_by_token(struct db *db, struct arena *a, const char *token, struct rsvp *out);

/* Cancels through the personal link; moves the first on the waiting list
 * up (messages in their language through `words_for`). Sets *moved_up to
 * that RSVP's id, or 0. In a transaction. */
typedef bool (*event_words_fn)(struct arena *a, int64_t event_id, const char *lang,
                               struct event_words *out, const char **ics, void *ctx);
bool rsvp_cancel(struct db *db, struct arena *a, int64_t rsvp_id, event_words_fn words_for,
                 void *ctx, int64_t *moved_up);

/* After the capacity grew: moves people up from the waiting list while
 * there is room, each with their message. Sets *moved to how many. */
bool event_fill_from_waitlist(struct db *db, struct arena *a, int64_t event_id, event_words_fn words_for,
                              void *ctx, int64_t *moved);

/* ---- the door ---- */

typedef void (*rsvp_row_fn)(const struct rsvp *r, void *ctx);
/* RSVPs of the event whose name contains q (folded), all when q is empty;
 * checked-in last, then by name. Cancelled ones are left out. */
bool event_rsvps(struct db *db, struct arena *a, int64_t event_id, const char *q, int64_t limit,
                 rsvp_row_fn fn, void *ctx);
/* Checks an RSVP in (idempotent); records attendance and whether it is
 * the person's first event. False when no such RSVP for this event. */
bool event_check_in(struct db *db, int64_t event_id, int64_t rsvp_id);
bool event_headcount(struct db *db, int64_t event_id, int delta);

struct event_totals {
	int64_t going, waitlist, cancelled, checked_in, walk_ins, anonymous;
	int64_t attendance;          /* checked in + anonymous */
	int64_t new_people, first_timers;
};
bool event_totals(struct db *db, int64_t event_id, struct event_totals *out);

/* The .ics of one event (words in one language). */
struct ics_event;
void event_ics_fill(const struct event *e, const struct event_words *w, const char *description,
                    struct ics_event *out, struct arena *a);

#endif

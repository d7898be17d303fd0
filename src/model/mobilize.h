/* Rapid mobilization: one question ("Can you come to 26 Federal Plaza
 * tomorrow at 9?") to everyone a segment finds, each in their language,
 * by email and/or SMS, each with a personal one-tap answer link; answers
 * by link or SMS reply; counts by answer and role; follow-ups.
 *
 * Messages are only queued (model/outbox.h), in the same transaction as
 * the mobilization. Link tokens are stored as keyed hashes only. */
#ifndef SANCTUARY_MOBILIZE_H
#define SANCTUARY_MOBILIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct arena;

struct mobilization_text {
	const char *lang;
	const char *body;
};

struct mobilization_input {
	int64_t case_id;                /* 0: on its own */
	int64_t call_id;                /* 0: none; a "yes" with a role signs up to it */
	const char *title;              /* for staff: "Hearing tomorrow 9:00" */
	const char *query;              /* the people list's query string (a segment's) */
	const char *const *only_langs;  /* NULL-terminated, or NULL: everyone the query finds */
	bool email, sms;
	const struct mobilization_text *texts; /* at least one */
	size_t n_texts;
	const char *base_url;           /* "https://example.org": the links' origin */
	const char *urgent_reason;      /* non-empty: sent through the group's quiet hours */
	int64_t by_user;
};

struct mobilization_result {
	int64_t id;
	int64_t people;                 /* asked */
	int64_t emails, sms;            /* messages queued */
	int64_t excluded;               /* found but without consent/address on the channels */
};

/* Creates the mobilization and queues every message, inside the caller's
 * write transaction. false on error. */
bool mobilization_send(struct db *db, const struct mobilization_input *in,
                       struct mobilization_result *out);

/* How many a query would reach, per channel and language, and how many
 * are excluded for lack of consent. (No write.) */
struct mobilization_preview {
	int64_t people, emails, sms, excluded;
	struct { char lang[8]; int64_t n; } langs[16];
	size_t n_langs;
	int64_t excluded_ids[50];       /* the first 50 left out, to name them */
	size_t n_excluded_ids;
};
bool mobilization_preview(struct db *db, const char *query, const char *const *only_langs,
                          bool email, bool sms, struct mobilization_preview *out);

/* Records an answer by personal link. `answer` is yes, no or maybe; role
 * may be NULL or one of the call roles. Returns the mobilization id, 0
 * for an unknown token, -1 on error. Inside the caller's transaction. */
int64_t mobilization_answer_link(struct db *db, const char *token, const char *answer,
                                 const char *role);
/* What a token's link shows: the mobilization and the answer so far. */
struct mobilization_ask {
	int64_t id, case_id, call_id, person_id;
	const char *title, *lang, *answer, *role;
	const char *body;               /* the message in the person's language */
};
bool mobilization_by_token(struct db *db, struct arena *a, const char *token,
                           struct mobilization_ask *out);

/* The inbound SMS handler (registered at start-up): YES/NO/MAYBE, 1/2/3
 * and their equivalents in each language answer the newest mobilization
 * the sender was asked by SMS in the last 14 days. */
bool mobilization_sms_reply(struct db *db, const char *from, int64_t person_id, const char *body);
/* Parses a reply word: "yes", "no", "maybe" or NULL. */
const char *mobilization_parse_reply(const char *body);
/* Registers mobilization_sms_reply with model/inbound.h. */
void mobilization_register_inbound(void);

struct mobilization_count {
	const char *answer;             /* yes, no, maybe, or NULL: not yet */
	const char *role;               /* "" when none */
	int64_t n;
};
typedef void (*mobilization_count_fn)(const struct mobilization_count *c, void *ctx);
bool mobilization_counts(struct db *db, struct arena *a, int64_t id, mobilization_count_fn fn,
                         void *ctx);

/* Follow-ups: the morning-of reminder to those who said yes (queued for
 * 7:00 local time on the day, or now if that has passed), and a
 * thank-you with the outcome to everyone who said yes or maybe. Return
 * how many were queued, or -1. */
int64_t mobilization_remind_yes(struct db *db, int64_t id, const char *base_url);
/* A key date moved (still_on) or was called off / done (!still_on): the
 * queued morning-of reminders of the mobilizations for its accompaniment
 * calls are cancelled and, when it moved, queued again for the new day
 * with the new time and place. Inside the caller's transaction. */
bool mobilization_date_changed(struct db *db, int64_t date_id, bool still_on);
int64_t mobilization_thank(struct db *db, int64_t id, const char *outcome_text);

#endif

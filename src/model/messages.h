/* Delivery bookkeeping for the outbox (model/outbox.h): the worker's
 * claim and result writes, suppression, counts for the staff page, and
 * one-click unsubscribe tokens. Nothing here talks to a network. */
#ifndef SANCTUARY_MESSAGES_H
#define SANCTUARY_MESSAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/seal.h"
#include "model/outbox.h"

struct db;
struct arena;

/* Purposes that answer the recipient's own keyword (STOP, START, HELP):
 * sent even to a suppressed number, as carriers require. */
#define PURPOSE_SMS_STOP_CONFIRM "sms.stop_confirm"
#define PURPOSE_SMS_START_CONFIRM "sms.start_confirm"
#define PURPOSE_SMS_HELP "sms.help"

/* A claimed row, its sealed fields opened. */
struct claimed {
	int64_t id;
	int64_t person_id;
	enum outbox_channel channel;
	const char *to, *subject, *body, *lang, *purpose, *key;
	const char *attachment_name, *attachment_type;
	const void *attachment;
	size_t attachment_len;
	bool bulk;
	int attempts;          /* including this one */
	unsigned char to_index[BLIND_INDEX_BYTES];
};

enum send_outcome {
	SEND_OK,        /* handed over; provider_id says under which id */
	SEND_RETRY,     /* temporary: try again after the backoff */
	SEND_FAIL,      /* permanent: status 'failed' */
	SEND_BOUNCE,    /* permanent for this address: 'failed' and suppressed */
	SEND_UNSENT,    /* not tried (stopping): back to 'queued', attempt not counted */
};

struct send_result {
	enum send_outcome outcome;
	char provider_id[128];
	char error[200];
};

struct retry_policy {
	int max_attempts;       /* then 'dead' */
	int64_t base, cap;      /* seconds */
};

/* Seconds to wait before attempt `attempts + 1`, after `attempts` failed
 * ones (>= 1): base * 2^(attempts-1) capped at `cap`, with jitter drawn
 * from `random` into the upper half: [d/2, d]. */
int64_t backoff_delay(int attempts, int64_t base, int64_t cap, uint32_t random);

/* Rows a crash left in 'sending' go back to 'queued' (same idempotency
 * key). Returns how many, or -1. Run before the workers start. */
int64_t messages_recover(struct db *db);

/* In one transaction: marks due rows to suppressed addresses 'suppressed',
 * then claims up to `limit` due rows of the channel whose address is not
 * suppressed (the claim query itself excludes them), marking them
 * 'sending' and counting the attempt. Fills out[] (in `a`); returns how
 * many, or -1. */
int messages_claim(struct db *db, struct arena *a, enum outbox_channel ch, int64_t now, int limit,
                   bool quiet, struct claimed *out);
/* During quiet hours (`quiet`), bulk messages without an urgent reason
 * are not claimed: they wait, queued, for the end of the quiet hours. */

/* Is `local_minute` (minutes since local midnight) within quiet hours
 * [start, end) given in minutes? start == end means no quiet hours; the
 * range may wrap midnight (21:00-08:00). */
bool quiet_hours_contain(int start, int end, int local_minute);

/* Writes the outcome of each claimed row in one transaction: the provider
 * id and 'sent' in the same statement (never 'sent' without it), a retry
 * time with backoff, 'dead' after the last attempt. */
bool messages_record(struct db *db, const struct claimed *c, const struct send_result *r, size_t n,
                     const struct retry_policy *p, int64_t now);

/* Suppression by blind index (outbox_address_index). add: 1 when new,
 * 0 when it was already there, -1 on error. remove: 1 removed, 0 none. */
int suppression_add(struct db *db, enum outbox_channel ch, const unsigned char idx[BLIND_INDEX_BYTES],
                    const char *reason);
int suppression_remove(struct db *db, enum outbox_channel ch,
                       const unsigned char idx[BLIND_INDEX_BYTES]);
bool suppressed(struct db *db, enum outbox_channel ch, const unsigned char idx[BLIND_INDEX_BYTES]);

/* Consent change recorded as history on the person ("how": reply,
 * unsubscribe). Only when it changes. */
bool messages_person_consent(struct db *db, int64_t person_id, enum outbox_channel ch,
                             bool subscribed, const char *how);

/* A dead or failed message back to the queue, attempts reset. */
bool messages_retry(struct db *db, int64_t id);

/* The one-click unsubscribe token of a message: "<id>.<32 hex>" (a keyed
 * hash of the id), and the id it names, or 0 when it is not genuine. */
char *messages_unsubscribe_token(struct arena *a, int64_t message_id);
int64_t messages_unsubscribe_check(const char *token);
/* Suppresses the message's address (email), records the consent change.
 * 1 done, 0 no such message, -1 error. Inside the caller's transaction. */
int messages_unsubscribe(struct db *db, int64_t message_id);

#endif

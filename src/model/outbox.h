/* The outbox: how every feature sends a message. A feature calls
 * outbox_enqueue() inside the same write transaction as what caused the
 * message, so either both happen or neither does; a delivery worker
 * (messaging) sends queued rows later, with retries.
 *
 * The idempotency key is what makes repeats harmless: it is unique, so
 * enqueuing the same message for the same recipient twice is a no-op, and
 * transports send it as the email Message-ID and with the SMS request. */
#ifndef SANCTUARY_OUTBOX_H
#define SANCTUARY_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

enum outbox_channel { OUTBOX_EMAIL, OUTBOX_SMS };

struct outbox_message {
	enum outbox_channel channel;
	int64_t person_id;              /* 0 when not (yet) a person */
	const char *to;                 /* normalized email or E.164 number */
	const char *lang;               /* the recipient's language */
	const char *subject;            /* email only */
	const char *body;               /* plain text */
	const char *attachment_name;    /* optional, email only: "event.ics" */
	const char *attachment_type;    /* "text/calendar; method=REQUEST" */
	const void *attachment;
	size_t attachment_len;
	bool bulk;                      /* bulk mail: unsubscribe headers, suppression */
	const char *purpose;            /* "petition.confirm", "event.reminder", ... */
	const char *ref_kind;           /* "petition", "event", "case", ... or NULL */
	int64_t ref_id;
	/* Stable per message and recipient. NULL derives one from purpose,
	 * ref and recipient, which suits "one such message per recipient". */
	const char *idempotency_key;
	int64_t not_before;             /* 0: now */
	/* Bulk messages wait for the end of the group's quiet hours (e.g.
	 * 21:00-08:00) unless this says why they cannot: "hearing tomorrow
	 * 9:00, moved today". Recorded with the message. */
	const char *urgent_reason;
};

/* Queues a message inside the caller's write transaction. Returns the
 * message id, 0 if a message with that idempotency key already exists
 * (nothing is written), or -1 on error. */
int64_t outbox_enqueue(struct db *db, const struct outbox_message *m);

/* Cancels queued, not yet sent messages for a purpose and ref (a
 * rescheduled hearing's reminders, a cancelled RSVP's reminder); purpose
 * NULL cancels every purpose. Returns how many, or -1. */
int64_t outbox_cancel(struct db *db, const char *purpose, const char *ref_kind, int64_t ref_id);

/* After the commit that queued messages: asks the delivery workers to
 * look at the queue now rather than at their next poll (within 250 ms).
 * Harmless when no worker runs (CLI tools). */
void outbox_kick(void);
/* Set by the messaging workers when they start. */
extern void (*outbox_kick_fn)(void);

/* Blind index of a message address (the same one suppression uses). */
void outbox_address_index(enum outbox_channel c, const char *to, unsigned char out[8]);

#endif

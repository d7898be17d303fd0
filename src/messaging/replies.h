/* What comes back from the SMS gateway: replies (opt-out, opt-in, help,
 * or an answer for a feature through model/inbound.h) and delivery
 * status callbacks. Both are idempotent on the gateway's MessageSid. */
#ifndef SANCTUARY_REPLIES_H
#define SANCTUARY_REPLIES_H

#include <stdbool.h>

struct db;

enum reply_kind {
	REPLY_DUPLICATE,   /* this MessageSid was handled before: nothing done */
	REPLY_STOP,        /* number suppressed, consent history, one confirmation */
	REPLY_START,       /* suppression lifted, confirmation */
	REPLY_HELP,        /* who we are and how to stop */
	REPLY_DISPATCHED,  /* a feature's handler took it */
	REPLY_UNHANDLED,
	REPLY_ERROR,
};

/* from: E.164. Runs its own write transaction. */
enum reply_kind sms_reply_handle(struct db *db, const char *message_sid, const char *from,
                                 const char *body);

/* A status callback: records MessageStatus on the message with that
 * provider id; error 21610 (recipient opted out at the carrier)
 * suppresses the number. */
bool sms_status_handle(struct db *db, const char *message_sid, const char *status,
                       const char *error_code);

#endif

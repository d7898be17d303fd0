/* Replies that come back: an SMS from a supporter reaches the messaging
 * webhook, which handles opt-out words (STOP, BAJA, ...) and HELP itself
 * and passes anything else to the feature that asked a question (a
 * mobilization's "reply YES to come"). Features register a handler at
 * start-up, so messaging does not depend on them. */
#ifndef SANCTUARY_INBOUND_H
#define SANCTUARY_INBOUND_H

#include <stdbool.h>
#include <stdint.h>

struct db;

/* Called inside the webhook's write transaction with the sender's E.164
 * number, the person it belongs to (0 if unknown) and the text. Returns
 * true if it took the reply (the first handler that does wins). */
typedef bool (*inbound_sms_fn)(struct db *db, const char *from, int64_t person_id,
                               const char *body);

void inbound_sms_register(inbound_sms_fn fn);
/* Offers a reply to the registered handlers; true if one took it. */
bool inbound_sms_dispatch(struct db *db, const char *from, int64_t person_id, const char *body);

#endif

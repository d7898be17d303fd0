/* The delivery workers started by `sanctuary serve`: one thread per
 * channel (email, SMS), each with its own transport (one libcurl handle,
 * so SMTP and HTTP connections are reused). Each loop claims up to
 * WORKER_BATCH due rows ('sending'), sends them, and writes the outcomes
 * in one transaction. At start, rows a crash left in 'sending' go back to
 * the queue; those are the only possible repeats, with the same
 * idempotency key. */
#ifndef SANCTUARY_WORKER_H
#define SANCTUARY_WORKER_H

#include <stdbool.h>

/* Messages claimed (and their outcomes recorded) per transaction: a
 * petition going viral queues one confirmation per signer, and each claim
 * and record is a commit shared with the signers' own. */
#define WORKER_BATCH 100

/* Call after db_open_global() and app_init(). */
bool messaging_start(const char *data_dir, const char *fallback_public_url);
/* Finishes the message being sent, puts the rest of the batch back, joins. */
void messaging_stop(void);
/* Asks the workers to look at the queue now (after a commit that queued). */
void messaging_wake(void);

#endif

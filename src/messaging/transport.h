/* Transports: hand one claimed message to SMTP (libcurl, one easy handle
 * per worker so the connection is reused), to a Twilio-style SMS gateway
 * (form POST with basic auth and the idempotency key as a header), or,
 * when no URL is configured for the channel, to files in the outbox
 * folder (the demo). */
#ifndef SANCTUARY_TRANSPORT_H
#define SANCTUARY_TRANSPORT_H

#include <stdbool.h>

#include "model/messages.h"

struct arena;
struct messaging_config;
struct transport;

/* `cancelled` (may be NULL) is polled during transfers: when it returns
 * true the transfer stops and the message is retried later. */
struct transport *transport_new(bool (*cancelled)(void));
void transport_free(struct transport *t);
/* At exit, after every transport is freed: stops libcurl if it started. */
void transport_global_cleanup(void);
/* Sends m; fills r. Never blocks longer than the transfer timeouts. */
void transport_send(struct transport *t, const struct messaging_config *cfg, struct arena *a,
                    const struct claimed *m, struct send_result *r);
/* Which transport the channel uses under cfg: "smtp", "sms-http" or "file". */
const char *transport_name(const struct messaging_config *cfg, enum outbox_channel ch);

#endif

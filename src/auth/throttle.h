/* Throttling of sign-in attempts, held in memory only (nothing about who
 * tried, or from where, is ever written to disk).
 *
 * - Per account: at most THROTTLE_ACCOUNT_FAILURES failed attempts in
 *   THROTTLE_WINDOW seconds; the next attempt is refused before any
 *   password hash is computed. Keyed by the typed email, so it works the
 *   same whether or not the account exists.
 * - Per address: a token bucket, so one address cannot spray many
 *   accounts. IPv6 addresses count per /64.
 * Keys are hashed with a per-process random key; raw addresses are not
 * kept. The tables have fixed sizes: under a flood the oldest entries are
 * recycled rather than memory growing. */
#ifndef SANCTUARY_THROTTLE_H
#define SANCTUARY_THROTTLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define THROTTLE_ACCOUNT_FAILURES 10
#define THROTTLE_WINDOW (15 * 60)
#define THROTTLE_ADDRESS_BURST 50
#define THROTTLE_ADDRESS_REFILL_SECONDS 6

/* Would one more attempt on this account be allowed now? */
bool throttle_account_allowed(const char *account, int64_t now);
void throttle_account_failed(const char *account, int64_t now);
void throttle_account_succeeded(const char *account);

/* May this address try again? Each failure takes one token from its
 * bucket (THROTTLE_ADDRESS_BURST, refilled one per
 * THROTTLE_ADDRESS_REFILL_SECONDS); successes cost nothing. */
bool throttle_address_allowed(const unsigned char *addr, size_t len, int64_t now);
void throttle_address_failed(const unsigned char *addr, size_t len, int64_t now);

/* Public forms (joining, later signing and RSVPs): each submission takes
 * one token from the address's own bucket (THROTTLE_FORM_BURST, refilled
 * one per THROTTLE_FORM_REFILL_SECONDS): a forum's shared Wi-Fi can sign
 * up a room of people, a script cannot sign up thousands. */
#define THROTTLE_FORM_BURST 30
#define THROTTLE_FORM_REFILL_SECONDS 10
bool throttle_form_take(const unsigned char *addr, size_t len, int64_t now);

/* Forget everything (tests). */
void throttle_reset(void);

#endif

/* Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30 s, 6 digits)
 * through liboath, with ±1 step of drift. A code is accepted once: the
 * matched counter is returned so the caller stores it and refuses any
 * code at or below it (ASVS 2.8.4). */
#ifndef SANCTUARY_TOTP_H
#define SANCTUARY_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

#define TOTP_SECRET_BYTES 20

void totp_new_secret(unsigned char out[TOTP_SECRET_BYTES]);
/* Base32 of the secret, for typing into an app (in `a`). */
char *totp_base32(struct arena *a, const unsigned char *secret, size_t len);
/* otpauth:// URI for the QR code. */
char *totp_uri(struct arena *a, const unsigned char *secret, size_t len, const char *issuer,
               const char *account);
/* Checks a 6-digit code at time `now`; on success returns true and the
 * matched time-step counter. */
bool totp_check(const unsigned char *secret, size_t len, const char *code, int64_t now,
                int64_t *counter);
/* The current code (tests and the demo). */
bool totp_code(const unsigned char *secret, size_t len, int64_t now, char out[7]);

#endif

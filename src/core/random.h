/* Secrets from libsodium's CSPRNG, encoded for URLs and cookies. */
#ifndef SANCTUARY_RANDOM_H
#define SANCTUARY_RANDOM_H

#include <stddef.h>

struct arena;

/* `bytes` random bytes as unpadded base64url (bytes*4/3 chars). */
char *random_token(struct arena *a, size_t bytes);
/* Same, into a caller buffer of at least bytes*2 chars + 1. */
void random_token_into(char *out, size_t out_size, size_t bytes);

#endif

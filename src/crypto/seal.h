/* Sealing field values at rest, and blind indexes for exact lookups.
 *
 * A sealed value is XChaCha20-Poly1305 with a random nonce; its associated
 * data binds it to (table, column, row id, key version), so a ciphertext
 * copied into another row or column fails to open. Layout:
 *   0x01 | key_version | nonce (24) | ciphertext + tag (16)
 *
 * A blind index is keyed BLAKE2b of the normalized value under a per-index
 * key, truncated: equal inputs give equal indexes, nothing else is
 * revealed except equality. Never blind-index a low-cardinality field
 * (status, country): equality there is the secret. */
#ifndef SANCTUARY_SEAL_H
#define SANCTUARY_SEAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

#define SEAL_OVERHEAD (2 + 24 + 16)
#define BLIND_INDEX_BYTES 8

/* Seals plaintext[0..n) for table.column of row `row_id`. Returns the
 * sealed blob (in `a`) and its length; NULL if keys are not loaded. */
unsigned char *seal_value(struct arena *a, const char *table, const char *column, int64_t row_id,
                          const void *plaintext, size_t n, size_t *out_len);
/* Opens a blob sealed by seal_value for the same table/column/row.
 * Returns a NUL-terminated copy in `a`, or NULL if it was tampered with,
 * moved, or sealed under another key. */
char *seal_open(struct arena *a, const char *table, const char *column, int64_t row_id,
                const void *blob, size_t len, size_t *out_len);

/* Blind index of `normalized` for the index called `index_name`
 * ("users.email"). Writes BLIND_INDEX_BYTES bytes. */
void blind_index(const char *index_name, const char *normalized, unsigned char out[BLIND_INDEX_BYTES]);

/* Keyed hash for secrets we only ever compare (session tokens, API
 * tokens, recovery codes): 32 bytes, under the given purpose key. */
void secret_hash(int purpose, const char *secret, unsigned char out[32]);

#endif

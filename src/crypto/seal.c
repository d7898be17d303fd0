#include "crypto/seal.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "crypto/keys.h"

#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES

static size_t make_ad(char *ad, size_t n, const char *table, const char *column, int64_t row_id,
                      uint8_t version)
{
	int len = snprintf(ad, n, "%s%c%s%c%lld%c%u", table, 0, column, 0, (long long)row_id, 0,
	                   (unsigned)version);
	return len < 0 ? 0 : (size_t)len < n ? (size_t)len : n - 1;
}

unsigned char *seal_value(struct arena *a, const char *table, const char *column, int64_t row_id,
                          const void *plaintext, size_t n, size_t *out_len)
{
	const unsigned char *key = keys_get(KEY_FIELDS);
	if (key == NULL)
		return NULL;
	uint8_t version = keys_version();
	unsigned char *blob = arena_alloc(a, n + SEAL_OVERHEAD);
	blob[0] = 0x01;
	blob[1] = version;
	randombytes_buf(blob + 2, NONCE_BYTES);
	char ad[256];
	size_t ad_len = make_ad(ad, sizeof ad, table, column, row_id, version);
	unsigned long long clen = 0;
	crypto_aead_xchacha20poly1305_ietf_encrypt(blob + 2 + NONCE_BYTES, &clen, plaintext, n,
	                                           (const unsigned char *)ad, ad_len, NULL, blob + 2,
	                                           key);
	*out_len = 2 + NONCE_BYTES + (size_t)clen;
	return blob;
}

char *seal_open(struct arena *a, const char *table, const char *column, int64_t row_id,
                const void *blob_v, size_t len, size_t *out_len)
{
	const unsigned char *blob = blob_v;
	const unsigned char *key = keys_get(KEY_FIELDS);
	if (key == NULL || blob == NULL || len < SEAL_OVERHEAD || blob[0] != 0x01)
		return NULL;
	char ad[256];
	size_t ad_len = make_ad(ad, sizeof ad, table, column, row_id, blob[1]);
	size_t clen = len - 2 - NONCE_BYTES;
	char *out = arena_alloc(a, clen - TAG_BYTES + 1);
	unsigned long long plen = 0;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)out, &plen, NULL,
	                                               blob + 2 + NONCE_BYTES, clen,
	                                               (const unsigned char *)ad, ad_len, blob + 2,
	                                               key) != 0)
		return NULL;
	out[plen] = '\0';
	if (out_len)
		*out_len = (size_t)plen;
	return out;
}

void blind_index(const char *index_name, const char *normalized, unsigned char out[BLIND_INDEX_BYTES])
{
	const unsigned char *root = keys_get(KEY_BLIND_INDEX);
	if (root == NULL)
		abort(); /* an unkeyed index would be a dictionary for anyone */
	unsigned char index_key[32];
	/* one key per index, so equal values in two indexes do not match */
	crypto_generichash(index_key, sizeof index_key, (const unsigned char *)index_name,
	                   strlen(index_name), root, 32);
	crypto_generichash(out, BLIND_INDEX_BYTES, (const unsigned char *)normalized,
	                   strlen(normalized), index_key, sizeof index_key);
	sodium_memzero(index_key, sizeof index_key);
}

void secret_hash(int purpose, const char *secret, unsigned char out[32])
{
	const unsigned char *key = keys_get((enum key_purpose)purpose);
	if (key == NULL)
		abort();
	crypto_generichash(out, 32, (const unsigned char *)secret, strlen(secret), key, 32);
}

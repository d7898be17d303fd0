#include "core/random.h"

#include <sodium.h>
#include <stdlib.h>

#include "core/arena.h"

void random_token_into(char *out, size_t out_size, size_t bytes)
{
	unsigned char raw[64];
	if (bytes > sizeof raw ||
	    out_size < sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		abort();
	randombytes_buf(raw, bytes);
	sodium_bin2base64(out, out_size, raw, bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

char *random_token(struct arena *a, size_t bytes)
{
	size_t n = sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, n);
	random_token_into(out, n, bytes);
	return out;
}

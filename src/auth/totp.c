#include "auth/totp.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "html/escape.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init(void)
{
	oath_init();
}

void totp_new_secret(unsigned char out[TOTP_SECRET_BYTES])
{
	randombytes_buf(out, TOTP_SECRET_BYTES);
}

char *totp_base32(struct arena *a, const unsigned char *secret, size_t len)
{
	pthread_once(&once, init);
	char *out = NULL;
	size_t out_len = 0;
	if (oath_base32_encode((const char *)secret, len, &out, &out_len) != OATH_OK)
		return NULL;
	/* apps accept it without the '=' padding */
	while (out_len > 0 && out[out_len - 1] == '=')
		out_len--;
	char *copy = arena_strndup(a, out, out_len);
	sodium_memzero(out, out_len);
	free(out);
	return copy;
}

char *totp_uri(struct arena *a, const unsigned char *secret, size_t len, const char *issuer,
               const char *account)
{
	struct buf b;
	buf_init(&b, a, 256);
	buf_puts(&b, "otpauth://totp/");
	escape_url_component(&b, issuer);
	buf_puts(&b, ":");
	escape_url_component(&b, account);
	buf_puts(&b, "?secret=");
	buf_puts(&b, totp_base32(a, secret, len));
	buf_puts(&b, "&issuer=");
	escape_url_component(&b, issuer);
	buf_puts(&b, "&algorithm=SHA1&digits=6&period=30");
	return b.data;
}

bool totp_check(const unsigned char *secret, size_t len, const char *code, int64_t now,
                int64_t *counter)
{
	pthread_once(&once, init);
	if (code == NULL || strlen(code) != 6 || strspn(code, "0123456789") != 6)
		return false;
	int pos = 0;
	uint64_t matched = 0;
	int rc = oath_totp_validate3((const char *)secret, len, (time_t)now, 30, 0, 1, &pos,
	                             &matched, code);
	if (rc < 0)
		return false;
	*counter = (int64_t)matched;
	return true;
}

bool totp_code(const unsigned char *secret, size_t len, int64_t now, char out[7])
{
	pthread_once(&once, init);
	return oath_totp_generate((const char *)secret, len, (time_t)now, 30, 0, 6, out) == OATH_OK;
}

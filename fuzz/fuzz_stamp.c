/* The public forms' signed time stamp (form_stamp_check), the staff's
 * date-time input (local_time_parse) and the iCalendar writer (ics_text)
 * on arbitrary bytes: a stamp is accepted only if we made it, a parsed
 * time lies in the accepted years, and every calendar line is CRLF-ended,
 * at most 75 octets, never split inside a UTF-8 character. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "app/public_forms.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/text.h"
#include "crypto/keys.h"
#include "fuzz_check.h"
#include "model/ics.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/sanctuary-fuzz-stamp-XXXXXX";

static void remove_keys(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct key_source src = { NULL, "fuzzing passphrase only" };
	if (sodium_init() < 0 || mkdtemp(dir) == NULL || !keys_create(dir, &src) || !keys_load(dir, &src))
		abort();
	atexit(remove_keys);
	setenv("TZ", "America/New_York", 1);
	tzset();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	struct arena *a = arena_new(16384);
	char *s = arena_strndup(a, (const char *)data, size);
	int64_t now = 1800000000;
	enum stamp_check c = form_stamp_check(s, "petition", 1, now);
	FUZZ_ASSERT(c == STAMP_OK || c == STAMP_BAD || c == STAMP_TOO_FAST || c == STAMP_EXPIRED);
	if (c != STAMP_BAD) {
		/* only a stamp we made passes the MAC: it must be one of ours */
		long long t = strtoll(s, NULL, 10);
		FUZZ_ASSERT(strcmp(s, form_stamp(a, "petition", 1, t)) == 0);
	}
	FUZZ_ASSERT(form_stamp_check(form_stamp(a, "petition", 1, now - 10), "petition", 1, now) == STAMP_OK);
	FUZZ_ASSERT(form_stamp_check(form_stamp(a, "petition", 2, now - 10), "petition", 1, now) == STAMP_BAD);

	int64_t t = 0;
	if (local_time_parse(s, &t))
		FUZZ_ASSERT(t > 946000000 && t < 4134200000);

	struct buf out;
	buf_init(&out, a, 256);
	ics_text(&out, "DESCRIPTION", s);
	bool utf8 = text_valid_utf8(s, strlen(s));
	const char *p = out.data;
	bool first = true;
	while (*p) {
		const char *eol = strstr(p, "\r\n");
		FUZZ_ASSERT(eol != NULL);
		size_t len = (size_t)(eol - p);
		FUZZ_ASSERT(len <= 75);
		FUZZ_ASSERT(memchr(p, '\n', len) == NULL && memchr(p, '\r', len) == NULL);
		if (!first) {
			FUZZ_ASSERT(p[0] == ' ');
			if (utf8 && len > 1)
				FUZZ_ASSERT(((unsigned char)p[1] & 0xC0) != 0x80);
		}
		first = false;
		p = eol + 2;
	}
	FUZZ_ASSERT((size_t)(p - out.data) == out.len);
	arena_destroy(a);
	return 0;
}

/* The words of an SMS reply to a mobilization, and wall-clock dates typed
 * by organizers, on arbitrary bytes: a reply is yes, no, maybe or nothing;
 * a date that parses formats back to the same minute and parses again to
 * the same instant. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/tz.h"
#include "fuzz_check.h"
#include "model/mobilize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_date(const char *date, const char *hm)
{
	int64_t t = 0;
	if (!tz_parse_local("America/New_York", date, hm, &t))
		return;
	char out[40], d[11], m[6];
	tz_format("America/New_York", t, out, sizeof out);
	tz_format_parts("America/New_York", t, d, m);
	FUZZ_ASSERT(strlen(out) == 16 && strncmp(out, d, 10) == 0 && strcmp(out + 11, m) == 0);
	int64_t again = 0;
	FUZZ_ASSERT(tz_parse_local("America/New_York", d, m, &again));
	/* the repeated hour when clocks go back may pick the other instant */
	FUZZ_ASSERT(again == t || again == t - 3600 || again == t + 3600);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(1024);
	char *text = arena_strndup(a, (const char *)data, size);
	const char *r = mobilization_parse_reply(text);
	FUZZ_ASSERT(r == NULL || strcmp(r, "yes") == 0 || strcmp(r, "no") == 0 || strcmp(r, "maybe") == 0);
	size_t half = size / 2;
	char *date = arena_strndup(a, (const char *)data, half);
	char *hm = arena_strndup(a, (const char *)data + half, size - half);
	check_date(date, hm);
	check_date(text, NULL);
	arena_destroy(a);
	return 0;
}

/* Invariants the fuzz targets check on every successful parse. A broken
 * invariant aborts, which libFuzzer reports as a crash with its input. */
#ifndef SANCTUARY_FUZZ_CHECK_H
#define SANCTUARY_FUZZ_CHECK_H

#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "http/kv.h"
#include "http/parse.h"

#define FUZZ_ASSERT(cond) \
	do { \
		if (!(cond)) \
			abort(); \
	} while (0)

/* A NUL-terminated string that is valid UTF-8 and at most max bytes. */
static inline void fuzz_check_text(const char *s, size_t max)
{
	FUZZ_ASSERT(s != NULL);
	size_t n = strlen(s);
	FUZZ_ASSERT(n <= max);
	FUZZ_ASSERT(text_valid_utf8(s, n));
}

/* Parsed pairs respect the limits and the text rules. */
static inline void fuzz_check_kv(const struct kv_list *l, const struct parse_limits *lim)
{
	FUZZ_ASSERT(l->count <= lim->max_fields);
	FUZZ_ASSERT(l->count <= l->cap);
	for (size_t i = 0; i < l->count; i++) {
		fuzz_check_text(l->items[i].name, lim->max_name);
		fuzz_check_text(l->items[i].value, lim->max_value);
		FUZZ_ASSERT(strlen(l->items[i].value) == l->items[i].value_len);
	}
}

/* Every status is one of the documented ones. */
static inline void fuzz_check_status(enum parse_status st)
{
	FUZZ_ASSERT(st == PARSE_OK || st == PARSE_MALFORMED || st == PARSE_BAD_UTF8 ||
	            st == PARSE_TOO_MANY_FIELDS || st == PARSE_FIELD_TOO_LONG);
}

#endif

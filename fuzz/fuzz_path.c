/* parse_path on arbitrary bytes (the part of a request target before `?`). */
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "fuzz_check.h"
#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(4096);
	char *out = NULL;
	enum parse_status st = parse_path(a, (const char *)data, size, &out);
	fuzz_check_status(st);
	FUZZ_ASSERT(st != PARSE_TOO_MANY_FIELDS && st != PARSE_FIELD_TOO_LONG);
	if (st == PARSE_OK)
		fuzz_check_text(out, size);
	arena_destroy(a);
	return 0;
}

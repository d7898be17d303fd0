/* parse_cookies on arbitrary bytes (a Cookie header value). */
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "fuzz_check.h"
#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct parse_limits limit_sets[] = {
	{ .max_fields = 200, .max_name = 128, .max_value = 64 * 1024 },
	{ .max_fields = 3, .max_name = 4, .max_value = 8 },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (size_t i = 0; i < sizeof limit_sets / sizeof limit_sets[0]; i++) {
		struct arena *a = arena_new(4096);
		struct kv_list out = { 0 };
		enum parse_status st = parse_cookies(a, (const char *)data, size, &limit_sets[i],
		                                     &out);
		fuzz_check_status(st);
		FUZZ_ASSERT(st != PARSE_MALFORMED); /* junk is skipped, never an error */
		if (st == PARSE_OK) {
			fuzz_check_kv(&out, &limit_sets[i]);
			for (size_t k = 0; k < out.count; k++) {
				FUZZ_ASSERT(out.items[k].name[0] != '\0');
				FUZZ_ASSERT(strpbrk(out.items[k].name, " \t;=\"") == NULL);
				FUZZ_ASSERT(strpbrk(out.items[k].value, ";\"") == NULL);
			}
		}
		arena_destroy(a);
	}
	return 0;
}

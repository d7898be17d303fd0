/* parse_urlencoded on arbitrary bytes, with production and tight limits. */
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
		enum parse_status st = parse_urlencoded(a, (const char *)data, size,
		                                        &limit_sets[i], &out);
		fuzz_check_status(st);
		if (st == PARSE_OK) {
			fuzz_check_kv(&out, &limit_sets[i]);
			/* Decoding never grows a field: at most one pair per byte. */
			FUZZ_ASSERT(out.count <= size);
		}
		arena_destroy(a);
	}
	return 0;
}

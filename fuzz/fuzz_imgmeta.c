/* Removing photo metadata on arbitrary bytes: a result is never longer
 * than the input, starts like a JPEG or PNG of the kind reported, and
 * stripping it again changes nothing. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/imgmeta.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(size + 64);
	size_t len = 0;
	enum img_kind kind;
	unsigned char *out = img_strip_metadata(a, data, size, &len, &kind);
	if (out == NULL) {
		FUZZ_ASSERT(kind == IMG_NONE && len == 0);
	} else {
		FUZZ_ASSERT(len <= size && len >= 4);
		FUZZ_ASSERT(kind == IMG_JPEG ? out[0] == 0xFF && out[1] == 0xD8
		                             : kind == IMG_PNG && memcmp(out, "\x89PNG", 4) == 0);
		size_t len2 = 0;
		enum img_kind kind2;
		unsigned char *again = img_strip_metadata(a, out, len, &len2, &kind2);
		FUZZ_ASSERT(again != NULL && kind2 == kind && len2 == len && memcmp(again, out, len) == 0);
	}
	arena_destroy(a);
	return 0;
}

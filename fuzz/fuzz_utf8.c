/* text_valid_utf8 against utf8proc's decoder, then text_nfc, text_fold
 * and text_codepoints on the inputs it accepts. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/arena.h"
#include "core/text.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Independent opinion: utf8proc decodes every code point, no NUL. */
static bool reference_valid(const uint8_t *s, size_t n, size_t *codepoints)
{
	size_t i = 0, count = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t step = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
		if (step <= 0 || cp == 0)
			return false;
		i += (size_t)step;
		count++;
	}
	*codepoints = count;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool valid = text_valid_utf8((const char *)data, size);
	size_t codepoints = 0;
	FUZZ_ASSERT(valid == reference_valid(data, size, &codepoints));
	if (!valid)
		return 0;
	FUZZ_ASSERT(text_codepoints((const char *)data, size) == codepoints);

	struct arena *a = arena_new(4096);
	char *s = arena_memdup(a, data, size);
	char *nfc = text_nfc(a, s);
	fuzz_check_text(nfc, SIZE_MAX);
	/* NFC is idempotent. */
	FUZZ_ASSERT(strcmp(text_nfc(a, nfc), nfc) == 0);
	char *folded = text_fold(a, s);
	fuzz_check_text(folded, SIZE_MAX);
	/* Canonically equivalent input folds to the same key. */
	FUZZ_ASSERT(strcmp(text_fold(a, nfc), folded) == 0);
	arena_destroy(a);
	return 0;
}

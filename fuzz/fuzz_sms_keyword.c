/* sms_keyword_match on arbitrary bytes: never crashes, a match always
 * names a language we know, malformed UTF-8 never matches, and the
 * answer does not change with surrounding spaces or a final full stop. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/text.h"
#include "fuzz_check.h"
#include "messaging/keywords.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *lang = NULL;
	enum sms_keyword k = sms_keyword_match((const char *)data, size, &lang);
	FUZZ_ASSERT(k >= SMS_KW_NONE && k <= SMS_KW_HELP);
	if (k == SMS_KW_NONE) {
		FUZZ_ASSERT(lang == NULL);
		return 0;
	}
	FUZZ_ASSERT(text_valid_utf8((const char *)data, size));
	FUZZ_ASSERT(lang && (strcmp(lang, "en") == 0 || strcmp(lang, "es") == 0 ||
	                     strcmp(lang, "bn") == 0 || strcmp(lang, "ne") == 0 ||
	                     strcmp(lang, "ur") == 0));
	if (size < 100) {
		struct arena *a = arena_new(512);
		char *padded = arena_printf(a, "  %.*s. ", (int)size, (const char *)data);
		const char *lang2 = NULL;
		FUZZ_ASSERT(sms_keyword_match(padded, strlen(padded), &lang2) == k);
		FUZZ_ASSERT(lang2 && strcmp(lang2, lang) == 0);
		arena_destroy(a);
	}
	return 0;
}

/* phone_normalize on arbitrary bytes: a result is "+" and 8-15 ASCII
 * digits, normalizes to itself in any region, and survives phone_display;
 * a refusal names one of the documented message ids; malformed UTF-8 is
 * always "phone.invalid". */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/phone.h"
#include "core/text.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_e164(const char *s)
{
	size_t n = strlen(s);
	FUZZ_ASSERT(n >= 9 && n <= 16 && s[0] == '+');
	for (size_t i = 1; i < n; i++)
		FUZZ_ASSERT(s[i] >= '0' && s[i] <= '9');
}

static bool documented(const char *msgid)
{
	static const char *const ids[] = {
		"field.required", "phone.invalid", "phone.too_short", "phone.too_long",
		"phone.needs_area_code", "phone.needs_country_code",
	};
	for (size_t i = 0; msgid && i < sizeof ids / sizeof ids[0]; i++)
		if (strcmp(msgid, ids[i]) == 0)
			return true;
	return false;
}

static void check_region(struct arena *a, const char *typed, bool malformed, const char *region)
{
	const char *problem = NULL;
	const char *out = phone_normalize(a, typed, region, &problem);
	if (out == NULL) {
		FUZZ_ASSERT(documented(problem));
		FUZZ_ASSERT(!malformed || strcmp(problem, "phone.invalid") == 0);
		return;
	}
	FUZZ_ASSERT(problem == NULL);
	check_e164(out);
	static const char *const regions[] = { "US", "BD", NULL };
	for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++) {
		const char *again = phone_normalize(a, out, regions[i], &problem);
		FUZZ_ASSERT(again != NULL && strcmp(again, out) == 0);
	}
	char *shown = phone_display(a, out);
	fuzz_check_text(shown, 64);
	const char *back = phone_normalize(a, shown, "US", &problem);
	FUZZ_ASSERT(back != NULL && strcmp(back, out) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(4096);
	char *typed = arena_strndup(a, (const char *)data, size);
	bool has_nul = memchr(data, 0, size) != NULL;
	bool valid = text_valid_utf8((const char *)data, size);
	check_region(a, typed, !valid && !has_nul, "US");
	check_region(a, typed, !valid && !has_nul, "BD");
	if (valid)
		fuzz_check_text(phone_display(a, typed), 2 * size + 4);
	arena_destroy(a);
	return 0;
}

/* lang_negotiate and lang_code_valid. The first byte picks which of the
 * known codes are enabled; the rest is the header. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "fuzz_check.h"
#include "i18n/negotiate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const known[] = { "en", "es", "bn", "ne", "ur", "zh", "pt", "fil" };
#define N_KNOWN (sizeof known / sizeof known[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct arena *a = arena_new(1024);
	const char **enabled = arena_alloc(a, N_KNOWN * sizeof *enabled);
	size_t n_enabled = 0;
	for (size_t i = 0; i < N_KNOWN; i++)
		if (data[0] & (1u << i))
			enabled[n_enabled++] = known[i];

	/* An exact-size heap copy, so a read past the NUL is caught by ASan
	 * (arena blocks have slack after each allocation). */
	size_t n = size - 1;
	char *header = malloc(n + 1);
	FUZZ_ASSERT(header != NULL);
	memcpy(header, data + 1, n);
	header[n] = '\0';

	int best = lang_negotiate(header, enabled, n_enabled);
	FUZZ_ASSERT(best >= -1 && best < (int)n_enabled);
	if (best >= 0) {
		/* Something in the header must name it or be a wildcard. */
		const char *code = enabled[best];
		FUZZ_ASSERT(strchr(header, '*') != NULL || strcasestr(header, code) != NULL);
	}
	int valid = lang_code_valid(header);
	FUZZ_ASSERT(valid == 0 || valid == 1);
	if (valid)
		FUZZ_ASSERT(strlen(header) >= 2 && strlen(header) <= 3);
	free(header);
	arena_destroy(a);
	return 0;
}

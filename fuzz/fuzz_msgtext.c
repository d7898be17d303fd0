/* msgtext_fill on arbitrary templates: never crashes, never reads past the
 * text, and a template without '{' comes back unchanged; valid UTF-8 in
 * gives valid UTF-8 out (values are ASCII here). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/text.h"
#include "fuzz_check.h"
#include "model/msgtext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(4096);
	char *text = arena_strndup(a, (const char *)data, size);
	char *out = msgtext_fill(a, text, "alias", "Rahim", "place", "26 Federal Plaza", "", "empty",
	                         "time", "{time}", NULL);
	FUZZ_ASSERT(out != NULL);
	if (strchr(text, '{') == NULL)
		FUZZ_ASSERT(strcmp(out, text) == 0);
	if (text_valid_utf8(text, strlen(text)))
		FUZZ_ASSERT(text_valid_utf8(out, strlen(out)));
	/* each placeholder grows the text by at most its value's length */
	FUZZ_ASSERT(strlen(out) <= strlen(text) * 17 + 1);
	arena_destroy(a);
	return 0;
}

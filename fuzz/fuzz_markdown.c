/* markdown_html (cmark, raw HTML refused) and rights_parse_sources on any
 * bytes: never a raw <script>/<iframe>/<style> or event-handler attribute
 * from the input, never a javascript:/vbscript:/data: link target, and
 * the output is valid UTF-8 when the input is. */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/text.h"
#include "fuzz_check.h"
#include "html/markdown.h"
#include "model/rights.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *lower(struct arena *a, const char *s)
{
	char *out = arena_strdup(a, s);
	for (char *p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 64 * 1024)
		return 0;
	struct arena *a = arena_new(8192);
	char *text = arena_strndup(a, (const char *)data, size);
	size_t len = strlen(text);
	char *html = markdown_html(a, text, len);
	FUZZ_ASSERT(html != NULL);
	char *l = lower(a, html);
	FUZZ_ASSERT(strstr(l, "<script") == NULL);
	FUZZ_ASSERT(strstr(l, "<iframe") == NULL);
	FUZZ_ASSERT(strstr(l, "<style") == NULL);
	FUZZ_ASSERT(strstr(l, "href=\"javascript:") == NULL);
	FUZZ_ASSERT(strstr(l, "href=\"vbscript:") == NULL);
	FUZZ_ASSERT(strstr(l, "href=\"data:") == NULL);
	FUZZ_ASSERT(strstr(l, "src=\"javascript:") == NULL);
	/* a tag cmark made never carries an event handler */
	for (char *p = strchr(l, '<'); p; p = strchr(p + 1, '<')) {
		char *end = strchr(p, '>');
		if (end == NULL)
			break;
		*end = '\0';
		FUZZ_ASSERT(strstr(p, " on") == NULL || strncmp(p, "<!--", 4) == 0 ||
		            strstr(p, "=\"") == NULL || strstr(p, " on") > strstr(p, "=\""));
		*end = '>';
	}
	if (text_valid_utf8(text, len))
		FUZZ_ASSERT(text_valid_utf8(html, strlen(html)));
	struct rights_source src[RIGHTS_MAX_SOURCES];
	size_t n = rights_parse_sources(a, text, src, RIGHTS_MAX_SOURCES);
	FUZZ_ASSERT(n <= RIGHTS_MAX_SOURCES);
	for (size_t i = 0; i < n; i++) {
		FUZZ_ASSERT(src[i].url && *src[i].url && strchr(src[i].url, '\n') == NULL);
		FUZZ_ASSERT(src[i].label && strchr(src[i].label, '\n') == NULL);
	}
	arena_destroy(a);
	return 0;
}

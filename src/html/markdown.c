#include "html/markdown.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

char *markdown_html(struct arena *a, const char *text, size_t len)
{
	/* CMARK_OPT_SAFE is the default since cmark 0.29; named anyway so the
	 * intent survives an older library. Never CMARK_OPT_UNSAFE. */
	char *html = cmark_markdown_to_html(text ? text : "", text ? len : 0,
	                                    CMARK_OPT_SAFE);
	if (html == NULL)
		return arena_strdup(a, "");
	char *copy = arena_strdup(a, html);
	free(html);
	return copy;
}

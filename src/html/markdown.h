/* Markdown the group writes (articles, guidance) as HTML, through cmark
 * (CommonMark) with raw HTML refused: embedded tags become comments and
 * links or images with javascript:, vbscript:, file: or data: (other
 * than images) URLs lose them. The result is safe to hand to
 * view_set_trusted_html(). */
#ifndef SANCTUARY_MARKDOWN_H
#define SANCTUARY_MARKDOWN_H

#include <stddef.h>

struct arena;

/* HTML for `text` (`len` bytes, need not be NUL-terminated), copied into
 * the arena. Never NULL: an empty string when cmark fails. */
char *markdown_html(struct arena *a, const char *text, size_t len);

#endif

/* The template parser and renderer, and the escapers: arbitrary templates
 * and values must never crash, and escaped output never holds a raw '<'
 * from a value. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "html/escape.h"
#include "html/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *echo(void *ud, const char *id)
{
	(void)ud;
	return id;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(4096);
	/* first half: the template; second half: a value */
	size_t cut = size / 2;
	char *value = arena_memdup(a, data + cut, size - cut);
	struct buf b;
	buf_init(&b, a, 64);
	escape_html(&b, value);
	if (strchr(b.data, '<') || strchr(b.data, '"'))
		__builtin_trap();
	buf_reset(&b);
	escape_url_attr(&b, value);
	if (strchr(b.data, '"') || strchr(b.data, '<') || strchr(b.data, ' '))
		__builtin_trap();
	buf_reset(&b);
	escape_url_component(&b, value);

	struct tpl_set *set = tpl_set_new();
	char err[128];
	if (tpl_set_add(set, "t", (const char *)data, cut, err, sizeof err)) {
		struct view *v = view_new(a);
		view_set(v, "x", value);
		view_set(view_add_item(v, "items"), "x", value);
		view_set_trusted_html(v, "raw", "<b>");
		struct tpl_env env = { echo, NULL, NULL };
		buf_reset(&b);
		tpl_render(set, "t", v, &env, &b);
	}
	tpl_set_free(set);
	arena_destroy(a);
	return 0;
}

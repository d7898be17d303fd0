/* A linear scan is the right data structure here: a few dozen routes, each
 * compared segment by segment without allocation until a match is found. */
#include "http/router.h"

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"

static const struct {
	unsigned bit;
	const char *name;
} methods[] = {
	{ HTTP_GET, "GET" },       { HTTP_HEAD, "HEAD" },     { HTTP_POST, "POST" },
	{ HTTP_PUT, "PUT" },       { HTTP_PATCH, "PATCH" },   { HTTP_DELETE, "DELETE" },
	{ HTTP_OPTIONS, "OPTIONS" },
};

unsigned http_method_parse(const char *name)
{
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (strcmp(methods[i].name, name) == 0)
			return methods[i].bit;
	return 0;
}

const char *http_method_name(unsigned method)
{
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (methods[i].bit == method)
			return methods[i].name;
	return "?";
}

/* Does `path` fit `pattern`? Records placeholders into `params` only when
 * `a` is non-NULL (the second, capturing pass). */
static int pattern_fits(const char *pattern, const char *path, struct arena *a,
                        struct kv_list *params)
{
	const char *p = pattern, *s = path;
	while (*p != '\0' && *s != '\0') {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			if (close == NULL)
				return 0;
			size_t seg = strcspn(s, "/");
			if (seg == 0)
				return 0;
			if (a != NULL)
				kv_add(a, params, arena_strndup(a, p + 1, (size_t)(close - p - 1)),
				       arena_strndup(a, s, seg), seg);
			p = close + 1;
			s += seg;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	return *p == '\0' && *s == '\0';
}

enum route_result router_match(const struct route *table, size_t n, unsigned method,
                               const char *path, struct arena *a, struct route_match *out)
{
	memset(out, 0, sizeof *out);
	unsigned want = method == HTTP_HEAD ? (HTTP_HEAD | HTTP_GET) : method;
	for (size_t i = 0; i < n; i++) {
		const struct route *r = &table[i];
		if (!pattern_fits(r->pattern, path, NULL, NULL))
			continue;
		unsigned accepts = r->methods;
		if (accepts & HTTP_GET)
			accepts |= HTTP_HEAD;
		out->allowed |= accepts;
		if ((r->methods & want) != 0) {
			/* the first route for this method wins; the Allow list is
			 * only needed when none does */
			out->route = r;
			pattern_fits(r->pattern, path, a, &out->params);
			break;
		}
	}
	if (out->route != NULL)
		return ROUTE_FOUND;
	return out->allowed ? ROUTE_METHOD_NOT_ALLOWED : ROUTE_NOT_FOUND;
}

char *router_allow_header(struct arena *a, unsigned allowed)
{
	struct buf b;
	buf_init(&b, a, 64);
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		if (!(allowed & methods[i].bit))
			continue;
		if (b.len)
			buf_puts(&b, ", ");
		buf_puts(&b, methods[i].name);
	}
	return b.data;
}

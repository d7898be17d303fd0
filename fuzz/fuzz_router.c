/* The router against arbitrary paths and methods, with the real table. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "app/app.h"
#include "core/arena.h"
#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct arena *a = arena_new(1024);
	char *path = arena_memdup(a, data + 1, size - 1);
	size_t n;
	const struct route *routes = app_routes(&n);
	struct route_match m;
	unsigned method = 1u << (data[0] % 8);
	enum route_result r = router_match(routes, n, method, path, a, &m);
	if (r == ROUTE_FOUND && m.route == NULL)
		__builtin_trap();
	if (r == ROUTE_METHOD_NOT_ALLOWED)
		(void)router_allow_header(a, m.allowed);
	arena_destroy(a);
	return 0;
}

/* Table-driven routing.
 *
 * The application declares one static array of `struct route`; the router
 * matches a method and a decoded path against it. Patterns are literal
 * segments and `{name}` placeholders matching exactly one non-empty
 * segment. 404 and 405 (with the Allow list) are derived from the same
 * table, so they can never disagree with what is served. HEAD is served
 * wherever GET is. */
#ifndef SANCTUARY_ROUTER_H
#define SANCTUARY_ROUTER_H

#include <stddef.h>

#include "http/kv.h"

struct arena;
struct request;

enum http_method {
	HTTP_GET = 1u << 0,
	HTTP_HEAD = 1u << 1,
	HTTP_POST = 1u << 2,
	HTTP_PUT = 1u << 3,
	HTTP_PATCH = 1u << 4,
	HTTP_DELETE = 1u << 5,
	HTTP_OPTIONS = 1u << 6,
};

/* Who may reach a route at all; finer decisions belong to the permission
 * checks inside handlers. */
enum route_access {
	ACCESS_PUBLIC = 0, /* anyone */
	ACCESS_STAFF,      /* a signed-in user (any role) */
	ACCESS_API,        /* an API token or a signed-in user */
};

typedef void (*route_handler)(struct request *req);

struct route {
	unsigned methods;       /* bitmask of enum http_method */
	const char *pattern;    /* "/app/people/{id}" */
	route_handler handler;
	enum route_access access;
	size_t max_body;        /* 0: no body accepted */
	unsigned flags;         /* ROUTE_* */
	int action;             /* the application's permission action (0: none) */
};

#define ROUTE_NO_LOG 1u    /* e.g. /healthz: keep the access log quiet */
#define ROUTE_NO_CSRF 2u   /* a state-changing route that has its own proof */
#define ROUTE_2FA_SETUP 4u /* reachable by staff who must still enrol in two-factor */

enum route_result {
	ROUTE_FOUND,
	ROUTE_NOT_FOUND,
	ROUTE_METHOD_NOT_ALLOWED,
};

struct route_match {
	const struct route *route;
	struct kv_list params; /* named placeholders */
	unsigned allowed;      /* methods the matching patterns accept (complete only when no route was found) */
};

/* Parses a method name; 0 for unknown methods. */
unsigned http_method_parse(const char *name);
const char *http_method_name(unsigned method);

/* Matches `path` (decoded, starting with '/') against `table`. On
 * ROUTE_FOUND, out->route and out->params are set; on
 * ROUTE_METHOD_NOT_ALLOWED, out->allowed lists what the path accepts. */
enum route_result router_match(const struct route *table, size_t n, unsigned method,
                               const char *path, struct arena *a, struct route_match *out);

/* "GET, HEAD, POST" for a method bitmask, into the arena. */
char *router_allow_header(struct arena *a, unsigned methods);

#endif

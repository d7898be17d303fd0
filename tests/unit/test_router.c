/* The router: placeholders, 404/405 and Allow, HEAD for GET. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/arena.h"
#include "http/router.h"

static void h_a(struct request *r) { (void)r; }
static void h_b(struct request *r) { (void)r; }
static void h_c(struct request *r) { (void)r; }

static const struct route table[] = {
	{ HTTP_GET, "/", h_a, ACCESS_PUBLIC, 0, 0, 0 },
	{ HTTP_GET, "/people/{id}", h_b, ACCESS_STAFF, 0, 0, 0 },
	{ HTTP_POST, "/people/{id}", h_c, ACCESS_STAFF, 1024, 0, 0 },
	{ HTTP_GET | HTTP_POST, "/cases/{case}/dates/{date}", h_a, ACCESS_STAFF, 0, 0, 0 },
	{ HTTP_DELETE, "/cases/{case}", h_b, ACCESS_STAFF, 0, 0, 0 },
};
#define N (sizeof table / sizeof table[0])

static void matches_literal_and_placeholders(void **state)
{
	(void)state;
	struct arena *a = arena_new(1024);
	struct route_match m;
	assert_int_equal(router_match(table, N, HTTP_GET, "/", a, &m), ROUTE_FOUND);
	assert_ptr_equal(m.route, &table[0]);
	assert_int_equal(router_match(table, N, HTTP_GET, "/people/42", a, &m), ROUTE_FOUND);
	assert_ptr_equal(m.route->handler, h_b);
	assert_string_equal(kv_get(&m.params, "id"), "42");
	assert_int_equal(router_match(table, N, HTTP_POST, "/people/7", a, &m), ROUTE_FOUND);
	assert_ptr_equal(m.route->handler, h_c);
	assert_int_equal(router_match(table, N, HTTP_POST, "/cases/3/dates/9", a, &m), ROUTE_FOUND);
	assert_string_equal(kv_get(&m.params, "case"), "3");
	assert_string_equal(kv_get(&m.params, "date"), "9");
	arena_destroy(a);
}

static void not_found_shapes(void **state)
{
	(void)state;
	struct arena *a = arena_new(1024);
	struct route_match m;
	const char *misses[] = { "/people", "/people/", "/people/1/x", "//", "/peoplex/1", "",
	                         "/cases/1/dates/", "/Cases/1" };
	for (size_t i = 0; i < sizeof misses / sizeof misses[0]; i++)
		assert_int_equal(router_match(table, N, HTTP_GET, misses[i], a, &m), ROUTE_NOT_FOUND);
	arena_destroy(a);
}

static void method_not_allowed_lists_allow(void **state)
{
	(void)state;
	struct arena *a = arena_new(1024);
	struct route_match m;
	assert_int_equal(router_match(table, N, HTTP_PUT, "/people/1", a, &m), ROUTE_METHOD_NOT_ALLOWED);
	assert_string_equal(router_allow_header(a, m.allowed), "GET, HEAD, POST");
	assert_int_equal(router_match(table, N, HTTP_POST, "/", a, &m), ROUTE_METHOD_NOT_ALLOWED);
	assert_string_equal(router_allow_header(a, m.allowed), "GET, HEAD");
	assert_int_equal(router_match(table, N, HTTP_GET, "/cases/5", a, &m), ROUTE_METHOD_NOT_ALLOWED);
	assert_string_equal(router_allow_header(a, m.allowed), "DELETE");
	/* an unknown method (0) is never found */
	assert_int_equal(router_match(table, N, 0, "/", a, &m), ROUTE_METHOD_NOT_ALLOWED);
	arena_destroy(a);
}

static void head_is_served_by_get(void **state)
{
	(void)state;
	struct arena *a = arena_new(1024);
	struct route_match m;
	assert_int_equal(router_match(table, N, HTTP_HEAD, "/people/1", a, &m), ROUTE_FOUND);
	assert_ptr_equal(m.route->handler, h_b);
	arena_destroy(a);
}

static void method_names_round_trip(void **state)
{
	(void)state;
	const char *names[] = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" };
	for (size_t i = 0; i < 7; i++)
		assert_string_equal(http_method_name(http_method_parse(names[i])), names[i]);
	assert_int_equal(http_method_parse("get"), 0);
	assert_int_equal(http_method_parse("BREW"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matches_literal_and_placeholders),
		cmocka_unit_test(not_found_shapes),
		cmocka_unit_test(method_not_allowed_lists_allow),
		cmocka_unit_test(head_is_served_by_get),
		cmocka_unit_test(method_names_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

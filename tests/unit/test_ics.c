/* Unit tests for model/ics.c (RFC 5545 writing): CRLF, folding at 75
 * octets without splitting UTF-8, TEXT escaping, UTC times. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "model/ics.h"

/* Every physical line ends in CRLF and has at most 75 octets; unfolding
 * (dropping CRLF + one space) gives back `want`. */
static void check_folded(const char *out, const char *want)
{
	char unfolded[4096];
	size_t n = 0;
	const char *p = out;
	bool first = true;
	while (*p) {
		const char *eol = strstr(p, "\r\n");
		assert_non_null(eol);
		size_t len = (size_t)(eol - p);
		assert_true(len <= 75);
		if (!first) {
			assert_int_equal(p[0], ' ');
			p++;
			len--;
		}
		/* a continuation never starts inside a UTF-8 sequence */
		assert_true(len == 0 || ((unsigned char)p[0] & 0xC0) != 0x80);
		memcpy(unfolded + n, p, len);
		n += len;
		p = eol + 2;
		first = false;
	}
	unfolded[n] = '\0';
	assert_string_equal(unfolded, want);
}

static void test_escaping(void **state)
{
	(void)state;
	struct arena *a = arena_new(4096);
	struct buf b;
	buf_init(&b, a, 64);
	ics_text(&b, "SUMMARY", "Forum; rights, \\ and\nmore\r");
	assert_string_equal(b.data, "SUMMARY:Forum\\; rights\\, \\\\ and\\nmore\r\n");
	arena_destroy(a);
}

static void test_folding_ascii_and_utf8(void **state)
{
	(void)state;
	struct arena *a = arena_new(16384);
	char longtext[600];
	memset(longtext, 'x', sizeof longtext - 1);
	longtext[sizeof longtext - 1] = '\0';
	struct buf b;
	buf_init(&b, a, 64);
	ics_line(&b, "DESCRIPTION", longtext);
	char want[700];
	snprintf(want, sizeof want, "DESCRIPTION:%s", longtext);
	check_folded(b.data, want);
	/* Bengali: three octets per character, never split */
	const char *bn = "আপনার অধিকার জানুন: কমিউনিটি সভা, আপনার অধিকার জানুন: কমিউনিটি সভা";
	buf_init(&b, a, 64);
	ics_line(&b, "SUMMARY", bn);
	snprintf(want, sizeof want, "SUMMARY:%s", bn);
	check_folded(b.data, want);
	arena_destroy(a);
}

static void test_event_is_utc(void **state)
{
	(void)state;
	struct arena *a = arena_new(8192);
	struct buf b;
	buf_init(&b, a, 512);
	ics_begin(&b, "PUBLISH");
	ics_add_event(&b, &(struct ics_event){ .uid = "event-1@x", .dtstamp = 0, .starts_at = 1796340600,
	                                       .ends_at = 1796347800, .summary = "S", .location = "a,b" });
	ics_end(&b);
	assert_non_null(strstr(b.data, "DTSTART:20261203T233000Z\r\n"));
	assert_non_null(strstr(b.data, "DTSTAMP:19700101T000000Z\r\n"));
	assert_non_null(strstr(b.data, "LOCATION:a\\,b\r\n"));
	assert_true(strncmp(b.data, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 30) == 0);
	assert_non_null(strstr(b.data, "END:VCALENDAR\r\n"));
	arena_destroy(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_folding_ascii_and_utf8),
		cmocka_unit_test(test_event_is_utc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

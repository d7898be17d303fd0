/* Unit tests for i18n/negotiate.c: Accept-Language against enabled codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "i18n/negotiate.h"

static const char *const langs[] = { "en", "es", "bn", "ne", "ur" };
#define N_LANGS (sizeof langs / sizeof langs[0])

static int pick(const char *header)
{
	return lang_negotiate(header, langs, N_LANGS);
}

static void test_real_browser_headers(void **state)
{
	(void)state;
	assert_int_equal(pick("bn-BD,bn;q=0.9,en-US;q=0.8"), 2);
	assert_int_equal(pick("en-US,en;q=0.9"), 0);
	assert_int_equal(pick("es-MX,es;q=0.9,en;q=0.8"), 1);
	assert_int_equal(pick("ne-NP,ne;q=0.9,hi;q=0.8,en-US;q=0.7,en;q=0.6"), 3);
	assert_int_equal(pick("ur-PK,ur;q=0.9,en;q=0.8"), 4);
	assert_int_equal(pick("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5"), 0);
	assert_int_equal(pick("de-DE,de;q=0.9"), -1);
}

static void test_q_values_order(void **state)
{
	(void)state;
	assert_int_equal(pick("en;q=0.5, bn;q=0.8"), 2);
	assert_int_equal(pick("en;q=0.5, bn;q=0.501"), 2);
	assert_int_equal(pick("en;q=0.501, bn;q=0.5"), 0);
	assert_int_equal(pick("en;q=1.0, bn;q=1"), 0);
	assert_int_equal(pick("ur;q=0.1"), 4);
	/* Ties keep header order, not the enabled order. */
	assert_int_equal(pick("ur;q=0.7, es;q=0.7"), 4);
	assert_int_equal(pick("ne, bn"), 3);
	/* A language listed twice takes its best weight. */
	assert_int_equal(pick("en;q=0.2, bn;q=0.5, en-GB;q=0.9"), 0);
}

static void test_case_and_prefix(void **state)
{
	(void)state;
	assert_int_equal(pick("BN-bd"), 2);
	assert_int_equal(pick("ES"), 1);
	assert_int_equal(pick("zh-Hant-TW, es-419"), 1);
	/* A prefix only matches on a subtag boundary. */
	assert_int_equal(pick("eng, bnx, e, b"), -1);
	assert_int_equal(pick("ens;q=1, es;q=0.1"), 1);
	/* A range less specific than the code also matches. */
	static const char *const regional[] = { "pt-br", "zh-hant" };
	assert_int_equal(lang_negotiate("zh", regional, 2), 1);
	assert_int_equal(lang_negotiate("pt-BR", regional, 2), 0);
	assert_int_equal(lang_negotiate("pt-PT", regional, 2), -1);
}

static void test_q_zero_excludes(void **state)
{
	(void)state;
	assert_int_equal(pick("en;q=0"), -1);
	assert_int_equal(pick("en;q=0.000, bn;q=0.1"), 2);
	assert_int_equal(pick("bn;q=0, bn-BD"), -1); /* the refusal wins over the more specific */
	/* Refusing a region is not refusing the language. */
	assert_int_equal(pick("es-MX;q=0, es;q=0.5, en;q=0.4"), 1);
	assert_int_equal(pick("*, en;q=0"), 1);      /* everything but English */
	assert_int_equal(pick("*;q=0"), -1);
	assert_int_equal(pick("*;q=0, ur;q=0.3"), 4);
}

static void test_wildcard(void **state)
{
	(void)state;
	assert_int_equal(pick("*"), 0);
	/* "*" means the first enabled language not otherwise listed. */
	assert_int_equal(pick("en;q=0.1, *;q=0.5"), 1);
	assert_int_equal(pick("en;q=0, es;q=0, *"), 2);
	assert_int_equal(pick("de, *;q=0.2, bn;q=0.2"), 0);
	assert_int_equal(pick("de, bn;q=0.2, *;q=0.2"), 2);
}

static void test_junk_is_tolerated(void **state)
{
	(void)state;
	assert_int_equal(pick(""), -1);
	assert_int_equal(pick("   "), -1);
	assert_int_equal(pick(",,, ,\t,"), -1);
	assert_int_equal(pick("*;q=abc, es;q=-1, ;;;"), -1);
	assert_int_equal(pick("*;q=abc, es;q=-1, ;;;, bn"), 2);
	assert_int_equal(pick("en;q=1.5, es;q=2, ur;q=0.1234, bn;q=0.3"), 2);
	assert_int_equal(pick("en junk, es;q=0.5"), 1);
	assert_int_equal(pick("e\xffs, e1, 1en, en_US, en--US, ur"), 4);
	assert_int_equal(pick("  \tbn ; q = 0.4 ,  en ;q=0.3  "), 2);
	assert_int_equal(pick("en;level=1;q=0.2, bn;q=0.1"), 0);
	assert_int_equal(pick("abcdefghi, ur"), 4);
	assert_int_equal(pick("en-abcdefghi, ur"), 4); /* subtags are 1 to 8 characters */
	assert_int_equal(pick("en-abcdefgh, ur"), 0);
	assert_int_equal(lang_negotiate(NULL, langs, N_LANGS), -1);
	assert_int_equal(lang_negotiate("en", NULL, 0), -1);
	assert_int_equal(lang_negotiate("en", langs, 0), -1);
}

static void test_at_most_32_ranges(void **state)
{
	(void)state;
	char header[2048] = "";
	size_t n = 0;
	for (int i = 0; i < 31; i++)
		n += (size_t)snprintf(header + n, sizeof header - n, "x%c,", 'a' + i % 26);
	/* The 32nd range is read, the 33rd is not. */
	snprintf(header + n, sizeof header - n, "bn;q=0.5,en");
	assert_int_equal(pick(header), 2);
	/* Junk elements count as read too. */
	n = 0;
	for (int i = 0; i < 31; i++)
		n += (size_t)snprintf(header + n, sizeof header - n, "%d,", i);
	snprintf(header + n, sizeof header - n, "bn;q=0.5,en");
	assert_int_equal(pick(header), 2);
	/* A huge header is cut at 32 ranges, not read out of bounds. */
	size_t big = 1 << 20;
	char *h = malloc(big + 1);
	assert_non_null(h);
	for (size_t i = 0; i < big; i++)
		h[i] = "en;q=0.1,"[i % 9];
	h[big] = '\0';
	assert_int_equal(pick(h), 0);
	free(h);
}

static void test_code_valid(void **state)
{
	(void)state;
	assert_true(lang_code_valid("en"));
	assert_true(lang_code_valid("bn"));
	assert_true(lang_code_valid("fil"));
	assert_false(lang_code_valid("e"));
	assert_false(lang_code_valid("engl"));
	assert_false(lang_code_valid("EN"));
	assert_false(lang_code_valid("e1"));
	assert_false(lang_code_valid("en-US"));
	assert_false(lang_code_valid(""));
	assert_false(lang_code_valid(NULL));
	assert_false(lang_code_valid("\xc3\xa9n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_browser_headers),
		cmocka_unit_test(test_q_values_order),
		cmocka_unit_test(test_case_and_prefix),
		cmocka_unit_test(test_q_zero_excludes),
		cmocka_unit_test(test_wildcard),
		cmocka_unit_test(test_junk_is_tolerated),
		cmocka_unit_test(test_at_most_32_ranges),
		cmocka_unit_test(test_code_valid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

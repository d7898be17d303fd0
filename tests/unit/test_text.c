/* Unit tests for core/text.c: UTF-8 validation, NFC, search folding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/text.h"

static int arena_setup(void **state)
{
	*state = arena_new(4096);
	return 0;
}

static int arena_teardown(void **state)
{
	arena_destroy(*state);
	return 0;
}

static bool valid(const char *s)
{
	return text_valid_utf8(s, strlen(s));
}

static void test_utf8_valid(void **state)
{
	(void)state;
	assert_true(text_valid_utf8("", 0));
	assert_true(valid("plain ASCII ~\x7f"));
	assert_true(valid("Jos\xc3\xa9"));                  /* é */
	assert_true(valid("\xe0\xa6\xb0\xe0\xa6\xbf"));     /* রি */
	assert_true(valid("\xf0\x9f\x98\x80"));             /* U+1F600 */
	assert_true(valid("\xc2\x80"));                     /* U+0080, smallest 2-byte */
	assert_true(valid("\xe0\xa0\x80"));                 /* U+0800, smallest 3-byte */
	assert_true(valid("\xf0\x90\x80\x80"));             /* U+10000, smallest 4-byte */
	assert_true(valid("\xed\x9f\xbf"));                 /* U+D7FF, just below surrogates */
	assert_true(valid("\xee\x80\x80"));                 /* U+E000, just above */
	assert_true(valid("\xef\xbf\xbf"));                 /* U+FFFF */
	assert_true(valid("\xf4\x8f\xbf\xbf"));             /* U+10FFFF */
}

static void test_utf8_invalid(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"\x80",                 /* lone continuation */
		"a\xbf",
		"\xff", "\xfe",
		"\xc0\x80",             /* overlong NUL */
		"\xc0\xaf", "\xc1\xbf", /* overlong '/', overlong U+007F */
		"\xe0\x80\xaf",         /* overlong 3-byte */
		"\xe0\x9f\xbf",         /* overlong U+07FF */
		"\xf0\x80\x80\xaf",     /* overlong 4-byte */
		"\xf0\x8f\xbf\xbf",     /* overlong U+FFFF */
		"\xed\xa0\x80",         /* U+D800 */
		"\xed\xbf\xbf",         /* U+DFFF */
		"\xed\xa0\xbd\xed\xb8\x80", /* CESU-8 surrogate pair */
		"\xf4\x90\x80\x80",     /* U+110000 */
		"\xf5\x80\x80\x80", "\xf8\x88\x80\x80\x80", "\xfc\x84\x80\x80\x80\x80",
		"\xc3",                 /* truncated */
		"\xe2\x82", "\xf0\x9f\x98",
		"\xc3\x28",             /* bad continuation */
		"\xe2\x28\xa1", "\xe2\x82\x28", "\xf0\x28\x8c\xbc",
		"ok\xe0\xa6",           /* truncated Bengali at the end */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (valid(bad[i]))
			fail_msg("case %zu accepted", i);
}

static void test_utf8_nul_and_length(void **state)
{
	(void)state;
	assert_false(text_valid_utf8("a\0b", 3));
	assert_false(text_valid_utf8("\0", 1));
	/* Only n bytes are looked at. */
	assert_true(text_valid_utf8("ab\xff", 2));
	assert_true(text_valid_utf8("\xc3\xa9\xc3", 2));
	assert_false(text_valid_utf8("\xc3\xa9\xc3", 3));
	assert_false(text_valid_utf8("\xc3\xa9", 1));
}

static void test_nfc(void **state)
{
	struct arena *a = *state;
	/* e + COMBINING ACUTE composes to U+00E9. */
	assert_string_equal(text_nfc(a, "Jose\xcc\x81"), "Jos\xc3\xa9");
	assert_string_equal(text_nfc(a, "Jos\xc3\xa9"), "Jos\xc3\xa9");
	/* Canonical reordering: dot below (ccc 220) before dot above (230). */
	assert_string_equal(text_nfc(a, "q\xcc\x87\xcc\xa3"), "q\xcc\xa3\xcc\x87");
	/* Compatibility characters are left alone by NFC. */
	assert_string_equal(text_nfc(a, "\xef\xac\x81"), "\xef\xac\x81"); /* ﬁ */
	/* Bengali: KA + VOWEL SIGN E + AU LENGTH MARK composes to KA + VOWEL SIGN AU. */
	assert_string_equal(text_nfc(a, "\xe0\xa6\x95\xe0\xa7\x87\xe0\xa7\x97"),
	                    "\xe0\xa6\x95\xe0\xa7\x8c");
	/* Hangul jamo compose. */
	assert_string_equal(text_nfc(a, "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab"), "\xed\x95\x9c");
	assert_string_equal(text_nfc(a, ""), "");
}

/* The printable-ASCII fast path gives what the library gives: each
 * character alone and after a non-ASCII one (which takes the slow path). */
static void test_ascii_fast_path_matches_library(void **state)
{
	struct arena *a = *state;
	for (int c = 0x20; c <= 0x7e; c++) {
		char fast[4] = { 'x', (char)c, 'y', 0 };
		char slow[6] = { '\xc3', '\xa9', 'x', (char)c, 'y', 0 }; /* é first */
		const char *ff = text_fold(a, fast), *sf = text_fold(a, slow);
		assert_string_equal(ff, sf + 1);       /* "é" folds to "e" */
		assert_string_equal(text_nfc(a, fast), text_nfc(a, slow) + 2);
	}
}

static void test_fold_latin(void **state)
{
	struct arena *a = *state;
	assert_string_equal(text_fold(a, "Jos\xc3\xa9"), text_fold(a, "jose"));
	assert_string_equal(text_fold(a, "Jose\xcc\x81"), text_fold(a, "JOSE"));
	assert_string_equal(text_fold(a, "jose"), "jose");
	assert_string_equal(text_fold(a, "M\xc3\x9cLLER"), text_fold(a, "m\xc3\xbcller"));
	assert_string_equal(text_fold(a, "m\xc3\xbcller"), "muller");
	assert_string_equal(text_fold(a, "Stra\xc3\x9f" "e"), "strasse");
	assert_string_equal(text_fold(a, "\xef\xac\x81" "le"), "file"); /* ﬁ ligature */
	assert_string_equal(text_fold(a, "\xce\x8c\xce\xbc\xce\xb7\xcf\x81\xce\xbf\xcf\x82"),
	                    text_fold(a, "\xce\xbf\xce\xbc\xce\xb7\xcf\x81\xce\xbf\xcf\x83"));
	/* Folding must not merge different words. */
	assert_string_not_equal(text_fold(a, "Jos\xc3\xa9"), text_fold(a, "Josh"));
}

static void test_fold_keeps_vowel_signs(void **state)
{
	struct arena *a = *state;
	/* রিয়াজ with YA + NUKTA, as keyboards type it, is already its own key. */
	const char *riaz = "\xe0\xa6\xb0\xe0\xa6\xbf\xe0\xa6\xaf\xe0\xa6\xbc\xe0\xa6\xbe\xe0\xa6\x9c";
	assert_string_equal(text_fold(a, riaz), riaz);
	/* The precomposed YYA (U+09DF) folds to the same key. */
	const char *riaz_yya = "\xe0\xa6\xb0\xe0\xa6\xbf\xe0\xa7\x9f\xe0\xa6\xbe\xe0\xa6\x9c";
	assert_string_equal(text_fold(a, riaz_yya), riaz);
	/* কি and কা and কু differ only by vowel signs and must stay different. */
	assert_string_not_equal(text_fold(a, "\xe0\xa6\x95\xe0\xa6\xbf"),
	                        text_fold(a, "\xe0\xa6\x95\xe0\xa6\xbe"));
	assert_string_not_equal(text_fold(a, "\xe0\xa6\x95\xe0\xa7\x81"), text_fold(a, "\xe0\xa6\x95"));
	/* Devanagari: नेपाल keeps its vowel signs (MATRA E is Mn), and
	 * हिंदी keeps its ANUSVARA (Mn). */
	const char *nepal = "\xe0\xa4\xa8\xe0\xa5\x87\xe0\xa4\xaa\xe0\xa4\xbe\xe0\xa4\xb2";
	assert_string_equal(text_fold(a, nepal), nepal);
	const char *hindi = "\xe0\xa4\xb9\xe0\xa4\xbf\xe0\xa4\x82\xe0\xa4\xa6\xe0\xa5\x80";
	assert_string_equal(text_fold(a, hindi), hindi);
	assert_string_not_equal(text_fold(a, "\xe0\xa4\xa8\xe0\xa5\x87"), text_fold(a, "\xe0\xa4\xa8"));
	/* Urdu: ZER (U+0650, Mn) after an Arabic letter is kept. */
	const char *urdu = "\xd8\xa8\xd9\x90";
	assert_string_equal(text_fold(a, urdu), urdu);
}

static void test_codepoints_and_trim(void **state)
{
	struct arena *a = *state;
	assert_int_equal(text_codepoints("", 0), 0);
	assert_int_equal(text_codepoints("abc", 3), 3);
	assert_int_equal(text_codepoints("Jos\xc3\xa9", 5), 4);
	assert_int_equal(text_codepoints("\xe0\xa6\xb0\xe0\xa6\xbf", 6), 2);
	assert_int_equal(text_codepoints("\xf0\x9f\x98\x80!", 5), 2);

	char *s = arena_strdup(a, " \t\r\n hello world \n\t ");
	assert_string_equal(text_trim(s), "hello world");
	s = arena_strdup(a, "   ");
	assert_string_equal(text_trim(s), "");
	s = arena_strdup(a, "x");
	assert_string_equal(text_trim(s), "x");
	s = arena_strdup(a, "\xc2\xa0nbsp\xc2\xa0"); /* only ASCII whitespace goes */
	assert_string_equal(text_trim(s), "\xc2\xa0nbsp\xc2\xa0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_utf8_nul_and_length),
		cmocka_unit_test_setup_teardown(test_nfc, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_ascii_fast_path_matches_library, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_fold_latin, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_fold_keeps_vowel_signs, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(test_codepoints_and_trim, arena_setup, arena_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

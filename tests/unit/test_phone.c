/* Unit tests for core/phone.c: typed numbers to E.164, and back for display. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/phone.h"

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

struct ok_case {
	const char *typed;
	const char *want;
};

struct bad_case {
	const char *typed;
	const char *problem;
};

/* Each typed number gives `want`, and normalizing `want` gives it again. */
static void check_ok(struct arena *a, const char *region, const struct ok_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *problem = "unset";
		const char *got = phone_normalize(a, c[i].typed, region, &problem);
		if (got == NULL)
			fail_msg("\"%s\": refused with %s, want %s", c[i].typed, problem, c[i].want);
		if (strcmp(got, c[i].want) != 0)
			fail_msg("\"%s\": got %s, want %s", c[i].typed, got, c[i].want);
		assert_null(problem);
		const char *again = phone_normalize(a, got, region, &problem);
		if (again == NULL || strcmp(again, got) != 0)
			fail_msg("%s does not normalize to itself", got);
	}
}

static void check_bad(struct arena *a, const char *region, const struct bad_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *problem = NULL;
		const char *got = phone_normalize(a, c[i].typed, region, &problem);
		if (got != NULL)
			fail_msg("case %zu \"%s\": accepted as %s, want %s", i, c[i].typed, got,
			         c[i].problem);
		if (problem == NULL || strcmp(problem, c[i].problem) != 0)
			fail_msg("case %zu \"%s\": refused with %s, want %s", i, c[i].typed,
			         problem ? problem : "(null)", c[i].problem);
	}
}

#define COUNT(x) (sizeof(x) / sizeof((x)[0]))

static void test_us_national(void **state)
{
	static const struct ok_case cases[] = {
		{ "(718) 555-0142", "+17185550142" },
		{ "718.555.0142", "+17185550142" },
		{ "718-555-0142", "+17185550142" },
		{ "7185550142", "+17185550142" },
		{ "718 555 0142", "+17185550142" },
		{ "1-718-555-0142", "+17185550142" },
		{ "1 (718) 555-0142", "+17185550142" },
		{ "17185550142", "+17185550142" },
		{ "  \t718 555 0142 \r\n", "+17185550142" },
		{ "(347) 555-0199", "+13475550199" },
		{ "929.555.0100", "+19295550100" },
		{ "917-555-0123", "+19175550123" },
		{ "(212)5550123", "+12125550123" },
		{ "tel:718-555-0142", "+17185550142" },
		{ "TEL:7185550142", "+17185550142" },
		{ "(809) 555-0123", "+18095550123" },            /* Dominican Republic is NANP */
		{ "718\xc2\xa0" "555\xe2\x80\x93" "0142", "+17185550142" }, /* NBSP, en dash */
		{ "718\xe2\x80\x91" "555\xe2\x88\x92" "0142", "+17185550142" }, /* NB hyphen, minus */
		{ "\xe2\x80\x8e" "718 555 0142\xe2\x80\x8f", "+17185550142" }, /* LRM ... RLM */
		{ "\xd8\x9c" "718 555 0142", "+17185550142" },    /* Arabic letter mark */
		{ "\xe2\x81\xa6" "718-555-0142\xe2\x81\xa9", "+17185550142" }, /* LRI ... PDI */
		{ "\xef\xbb\xbf" "7185550142", "+17185550142" },  /* BOM from a pasted file */
		{ "(201) 555-0100", "+12015550100" },
		{ "800-555-0100", "+18005550100" },
	};
	check_ok(*state, "US", cases, COUNT(cases));
	check_ok(*state, NULL, cases, COUNT(cases));
	check_ok(*state, "", cases, COUNT(cases));
	check_ok(*state, "us", cases, COUNT(cases));
}

static void test_us_international_forms(void **state)
{
	static const struct ok_case cases[] = {
		{ "+1 718 555 0142", "+17185550142" },
		{ "+1 (718) 555-0142", "+17185550142" },
		{ "+1-718-555-0142", "+17185550142" },
		{ "+17185550142", "+17185550142" },
		{ "(+1) 718 555 0142", "+17185550142" },
		{ "tel:+1-718-555-0142", "+17185550142" },
		{ "001 718 555 0142", "+17185550142" },
		{ "011 1 718 555 0142", "+17185550142" },
		{ "\xef\xbc\x8b" "1 718 555 0142", "+17185550142" }, /* fullwidth plus */
	};
	check_ok(*state, "US", cases, COUNT(cases));
}

static void test_other_scripts(void **state)
{
	static const struct ok_case cases[] = {
		/* Bengali ৭১৮৫৫৫০১৪২: a valid 10-digit US number */
		{ "\xe0\xa7\xad\xe0\xa7\xa7\xe0\xa7\xae\xe0\xa7\xab\xe0\xa7\xab\xe0\xa7\xab"
		  "\xe0\xa7\xa6\xe0\xa7\xa7\xe0\xa7\xaa\xe0\xa7\xa8", "+17185550142" },
		/* Devanagari (७१८) ५५५-०१४२ */
		{ "(\xe0\xa5\xad\xe0\xa5\xa7\xe0\xa5\xae) \xe0\xa5\xab\xe0\xa5\xab\xe0\xa5\xab-"
		  "\xe0\xa5\xa6\xe0\xa5\xa7\xe0\xa5\xaa\xe0\xa5\xa8", "+17185550142" },
		/* Extended Arabic-Indic (Urdu) ۷۱۸-۵۵۵-۰۱۴۲ */
		{ "\xdb\xb7\xdb\xb1\xdb\xb8-\xdb\xb5\xdb\xb5\xdb\xb5-\xdb\xb0\xdb\xb1\xdb\xb4\xdb\xb2",
		  "+17185550142" },
		/* Arabic-Indic ٧١٨ ٥٥٥ ٠١٤٢ */
		{ "\xd9\xa7\xd9\xa1\xd9\xa8 \xd9\xa5\xd9\xa5\xd9\xa5 \xd9\xa0\xd9\xa1\xd9\xa4\xd9\xa2",
		  "+17185550142" },
		/* Tibetan ༧༡༨ ༥༥༥ ༠༡༤༢ */
		{ "\xe0\xbc\xa7\xe0\xbc\xa1\xe0\xbc\xa8 \xe0\xbc\xa5\xe0\xbc\xa5\xe0\xbc\xa5 "
		  "\xe0\xbc\xa0\xe0\xbc\xa1\xe0\xbc\xa4\xe0\xbc\xa2", "+17185550142" },
		/* fullwidth ７１８－５５５－０１４２ */
		{ "\xef\xbc\x97\xef\xbc\x91\xef\xbc\x98\xef\xbc\x8d\xef\xbc\x95\xef\xbc\x95\xef\xbc\x95"
		  "\xef\xbc\x8d\xef\xbc\x90\xef\xbc\x91\xef\xbc\x94\xef\xbc\x92", "+17185550142" },
		/* mixed: 718 ৫৫৫ ०१४२ */
		{ "718 \xe0\xa7\xab\xe0\xa7\xab\xe0\xa7\xab \xe0\xa5\xa6\xe0\xa5\xa7\xe0\xa5\xaa\xe0\xa5\xa8",
		  "+17185550142" },
		/* Bengali +৮৮০ ১৭১২-৩৪৫৬৭৮ */
		{ "+\xe0\xa7\xae\xe0\xa7\xae\xe0\xa7\xa6 \xe0\xa7\xa7\xe0\xa7\xad\xe0\xa7\xa7\xe0\xa7\xa8-"
		  "\xe0\xa7\xa9\xe0\xa7\xaa\xe0\xa7\xab\xe0\xa7\xac\xe0\xa7\xad\xe0\xa7\xae", "+8801712345678" },
		/* Devanagari +९७७ ९८०-१२३४५६७ */
		{ "+\xe0\xa5\xaf\xe0\xa5\xad\xe0\xa5\xad \xe0\xa5\xaf\xe0\xa5\xae\xe0\xa5\xa6-"
		  "\xe0\xa5\xa7\xe0\xa5\xa8\xe0\xa5\xa9\xe0\xa5\xaa\xe0\xa5\xab\xe0\xa5\xac\xe0\xa5\xad",
		  "+9779801234567" },
		/* Urdu +۹۲ ۳۰۰ ۱۲۳۴۵۶۷ */
		{ "+\xdb\xb9\xdb\xb2 \xdb\xb3\xdb\xb0\xdb\xb0 \xdb\xb1\xdb\xb2\xdb\xb3\xdb\xb4\xdb\xb5"
		  "\xdb\xb6\xdb\xb7", "+923001234567" },
		/* Arabic-Indic +٩٢ ٣٠٠ ١٢٣٤٥٦٧ */
		{ "+\xd9\xa9\xd9\xa2 \xd9\xa3\xd9\xa0\xd9\xa0 \xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4\xd9\xa5"
		  "\xd9\xa6\xd9\xa7", "+923001234567" },
	};
	check_ok(*state, "US", cases, COUNT(cases));
}

static void test_international(void **state)
{
	static const struct ok_case cases[] = {
		/* Bangladesh */
		{ "011 880 1712 345678", "+8801712345678" },
		{ "+880 1712-345678", "+8801712345678" },
		{ "+880 01712-345678", "+8801712345678" },   /* trunk 0 dropped */
		{ "00880 1712 345678", "+8801712345678" },
		{ "(+880) 1712-345678", "+8801712345678" },
		{ "+880 1912 345678", "+8801912345678" },
		{ "+880 2 9123456", "+88029123456" },        /* Dhaka landline */
		{ "+880 2 55012345", "+880255012345" },
		/* Nepal */
		{ "+977 980-1234567", "+9779801234567" },
		{ "+977 01-4123456", "+97714123456" },       /* Kathmandu, trunk 0 dropped */
		{ "00977 9841234567", "+9779841234567" },
		/* Pakistan */
		{ "+92 300 1234567", "+923001234567" },
		{ "+92 0300 1234567", "+923001234567" },
		{ "+92 21 12345678", "+922112345678" },      /* Karachi landline */
		{ "011-92-321-7654321", "+923217654321" },
		/* India */
		{ "+91 98765 43210", "+919876543210" },
		{ "+91 098765 43210", "+919876543210" },
		{ "+91 11 2345 6789", "+911123456789" },
		/* Mexico */
		{ "+52 55 1234 5678", "+525512345678" },
		{ "+52 1 55 1234 5678", "+525512345678" },   /* old mobile "1" dropped */
		{ "+52 (222) 123-4567", "+522221234567" },
		{ "011 52 33 1234 5678", "+523312345678" },
		/* Colombia */
		{ "+57 321 1234567", "+573211234567" },
		{ "+57 601 2345678", "+576012345678" },
		/* Ecuador */
		{ "+593 99 123 4567", "+593991234567" },
		{ "+593 099 123 4567", "+593991234567" },
		{ "+593 2 123 4567", "+59321234567" },
		/* Central America */
		{ "+502 5123 4567", "+50251234567" },
		{ "+503 7123-4567", "+50371234567" },
		{ "+504 9123-4567", "+50491234567" },
		/* Other countries: 8-15 digits */
		{ "+44 20 7946 0958", "+442079460958" },
		{ "+44 (0)20 7946 0958", "+4402079460958" }, /* no UK rules: the 0 stays */
		{ "+33 1 23 45 67 89", "+33123456789" },
		{ "+39 06 1234 5678", "+390612345678" },     /* Italy keeps its 0 */
		{ "+86 138 0013 8000", "+8613800138000" },
		{ "+7 912 345 6789", "+79123456789" },
		{ "+234 803 123 4567", "+2348031234567" },
		{ "+975 17 123 456", "+97517123456" },       /* Bhutan */
	};
	check_ok(*state, "US", cases, COUNT(cases));
	static const struct ok_case edges[] = {
		{ "+49 301 2345", "+493012345" },             /* 9 digits, unknown rules */
		{ "+297 123 4567", "+2971234567" },
		{ "+999 123 456 789 012", "+999123456789012" }, /* 15: the E.164 maximum */
		{ "+44 1234 56", "+44123456" },               /* 8: the minimum */
	};
	check_ok(*state, "US", edges, COUNT(edges));
}

static void test_region_international_only(void **state)
{
	static const struct ok_case ok[] = {
		{ "+880 1712-345678", "+8801712345678" },
		{ "00 880 1712 345678", "+8801712345678" },
		{ "+1 718 555 0142", "+17185550142" },
	};
	static const struct bad_case bad[] = {
		{ "01712-345678", "phone.needs_country_code" },
		{ "718-555-0142", "phone.needs_country_code" },
		{ "011 880 1712 345678", "phone.needs_country_code" }, /* 011 is NANP only */
		{ "", "field.required" },
		{ "abc", "phone.invalid" },
	};
	check_ok(*state, "BD", ok, COUNT(ok));
	check_bad(*state, "BD", bad, COUNT(bad));
	check_ok(*state, "MX", ok, COUNT(ok));
}

static void test_refused(void **state)
{
	static const struct bad_case cases[] = {
		{ "", "field.required" },
		{ "   ", "field.required" },
		{ " \t\r\n", "field.required" },
		{ "\xe2\x80\x8e", "field.required" },          /* only an LRM */
		{ "123", "phone.too_short" },
		{ "55501", "phone.too_short" },
		{ "555-0142", "phone.needs_area_code" },
		{ "5550142", "phone.needs_area_code" },
		{ "718-555-014", "phone.too_short" },
		{ "71855501", "phone.too_short" },
		{ "abc", "phone.invalid" },
		{ "none", "phone.invalid" },
		{ "n/a", "phone.invalid" },
		{ "-", "phone.invalid" },
		{ "()", "phone.invalid" },
		{ "+", "phone.invalid" },
		{ "tel:", "phone.invalid" },
		{ "1-800-FLOWERS", "phone.invalid" },
		{ "+1 (011) 555 0142", "phone.invalid" },
		{ "(011) 555-0142", "phone.too_short" },       /* 011 + 7 digits */
		{ "(118) 555-0142", "phone.invalid" },
		{ "(718) 055-0142", "phone.invalid" },
		{ "(718) 155-0142", "phone.invalid" },
		{ "(911) 555-0142", "phone.invalid" },
		{ "(718) 411-0142", "phone.invalid" },
		{ "(292) 555-0142", "phone.invalid" },         /* N9X area codes are reserved */
		{ "++1 718 555 0142", "phone.invalid" },
		{ "+1 +718 555 0142", "phone.invalid" },
		{ "718-555-0142+", "phone.invalid" },
		{ "+1 718 555 0142 ext 3", "phone.invalid" },
		{ "718-555-0142 x3", "phone.invalid" },
		{ "718-555-0142 x 3", "phone.invalid" },
		{ "718-555-0142#3", "phone.invalid" },
		{ "718-555-0142 ext. 12", "phone.invalid" },
		{ "tel:+1-718-555-0142;ext=3", "phone.invalid" },
		{ "*67 718 555 0142", "phone.invalid" },
		{ "718 555 0142 / 917 555 0100", "phone.invalid" },
		{ "718-555-0142, 917-555-0100", "phone.invalid" },
		{ "718\n555 0142", "phone.invalid" },
		{ "(718 555-0142", "phone.invalid" },
		{ "718) 555-0142", "phone.invalid" },
		{ "((718)) 555-0142", "phone.invalid" },
		{ "718_555_0142", "phone.invalid" },
		{ "\xe0\xb9\x97\xe0\xb9\x91\xe0\xb9\x98 555 0142", "phone.invalid" }, /* Thai digits */
		{ "\xc2\xb2" "718 555 0142", "phone.invalid" }, /* superscript two */
		{ "tel: 1-718-555-0142 tel:", "phone.invalid" },
		{ "1 718 555 01420", "phone.too_long" },
		{ "718 555 01420", "phone.too_long" },
		{ "17185550142 1", "phone.too_long" },
		{ "12345678901234567", "phone.too_long" },
		{ "1234567890123456789012345678901234567890", "phone.too_long" },
		{ "+1234567890123456", "phone.too_long" },      /* 16 digits */
		{ "+44 1234 5678 9012 34", "phone.too_long" },
		{ "+44 1234 5", "phone.too_short" },
		{ "+1 718 555 014", "phone.too_short" },
		{ "+1 718 555 01420", "phone.too_long" },
		{ "+0 718 555 0142", "phone.invalid" },
		{ "+00 880 1712 345678", "phone.invalid" },
		{ "+011 880 1712 345678", "phone.invalid" },
		{ "00", "phone.too_short" },
		/* a national number from elsewhere, or a country code without "+" */
		{ "01712-345678", "phone.needs_country_code" },
		{ "0300 1234567", "phone.needs_country_code" },
		{ "8801712345678", "phone.needs_country_code" },
		{ "52 55 1234 5678", "phone.needs_country_code" },
		/* Bengali ০১৭১২৩৪৫৬৭৮: a Bangladeshi mobile without +880 */
		{ "\xe0\xa7\xa6\xe0\xa7\xa7\xe0\xa7\xad\xe0\xa7\xa7\xe0\xa7\xa8\xe0\xa7\xa9\xe0\xa7\xaa"
		  "\xe0\xa7\xab\xe0\xa7\xac\xe0\xa7\xad\xe0\xa7\xae", "phone.needs_country_code" },
		/* light country rules */
		{ "+880 1212 345678", "phone.invalid" },        /* no 012 operator */
		{ "+880 1712 34567", "phone.too_short" },
		{ "+880 1712 3456789", "phone.too_long" },
		{ "+880 0 01712 345678", "phone.invalid" },
		{ "+977 980 123456", "phone.too_short" },
		{ "+977 980 12345678", "phone.too_long" },
		{ "+92 300 123456", "phone.too_short" },
		{ "+92 300 12345678", "phone.too_long" },
		{ "+91 98765 4321", "phone.too_short" },
		{ "+91 98765 432100", "phone.too_long" },
		{ "+52 55 1234 567", "phone.too_short" },
		{ "+52 155 1234 567", "phone.invalid" },
		{ "+52 0 55 1234 5678", "phone.invalid" },
		{ "+57 1 2345678", "phone.too_short" },
		{ "+593 99 123 456", "phone.too_short" },
		{ "+593 2 123 45678", "phone.too_long" },
		{ "+502 5123 456", "phone.too_short" },
		{ "+503 7123 45678", "phone.too_long" },
		{ "+504 0123 4567", "phone.invalid" },
		/* malformed UTF-8 */
		{ "718\xff" "5550142", "phone.invalid" },
		{ "718555014\xe0\xa7", "phone.invalid" },
		{ "\xc0\xb1" "7185550142", "phone.invalid" },   /* overlong '1' */
		{ "\xed\xa0\x80" "7185550142", "phone.invalid" }, /* surrogate */
		{ "\xe0\x80\xb1" "7185550142", "phone.invalid" },
	};
	check_bad(*state, "US", cases, COUNT(cases));
}

static void test_null_and_problem_pointer(void **state)
{
	struct arena *a = *state;
	const char *problem = "unset";
	assert_null(phone_normalize(a, NULL, "US", &problem));
	assert_string_equal(problem, "field.required");
	/* problem_msgid may be NULL. */
	assert_null(phone_normalize(a, "abc", "US", NULL));
	assert_string_equal(phone_normalize(a, "718-555-0142", "US", NULL), "+17185550142");
	/* Only the bytes before the NUL count. */
	static const char with_nul[] = "718-555-0142\0 ext 3";
	assert_string_equal(phone_normalize(a, with_nul, "US", &problem), "+17185550142");
	assert_null(problem);
	static const char cut[] = "555-0142\0-9999";
	assert_null(phone_normalize(a, cut, "US", &problem));
	assert_string_equal(problem, "phone.needs_area_code");
	/* A long run of separators is fine; a long run of digits is too long. */
	char buf[4096];
	memset(buf, ' ', sizeof buf - 1);
	buf[sizeof buf - 1] = '\0';
	memcpy(buf + 2000, "7185550142", 10);
	assert_string_equal(phone_normalize(a, buf, "US", &problem), "+17185550142");
	memset(buf, '7', sizeof buf - 1);
	assert_null(phone_normalize(a, buf, "US", &problem));
	assert_string_equal(problem, "phone.too_long");
}

static void test_display(void **state)
{
	struct arena *a = *state;
	static const struct ok_case cases[] = {
		{ "+17185550142", "+1 718-555-0142" },
		{ "+18095550123", "+1 809-555-0123" },
		{ "+8801712345678", "+880 1712-345678" },
		{ "+88029123456", "+880 2912 3456" },
		{ "+9779801234567", "+977 980-1234567" },
		{ "+97714123456", "+977 1412 3456" },
		{ "+923001234567", "+92 300 1234567" },
		{ "+922112345678", "+92 211 234 5678" },
		{ "+919876543210", "+91 98765 43210" },
		{ "+525512345678", "+52 55 1234 5678" },
		{ "+522221234567", "+52 222 123 4567" },
		{ "+573211234567", "+57 321 1234567" },
		{ "+593991234567", "+593 99 123 4567" },
		{ "+59321234567", "+593 2 123 4567" },
		{ "+50251234567", "+502 5123 4567" },
		{ "+50371234567", "+503 7123 4567" },
		{ "+50491234567", "+504 9123 4567" },
		{ "+442079460958", "+44 207 946 0958" },
		{ "+33123456789", "+33 12 345 6789" },
		{ "+4930123456", "+49 3012 3456" },
		{ "+8613800138000", "+86 1380 013 8000" },
		{ "+79123456789", "+7 912 345 6789" },
		{ "+999123456789012", "+999 12 345 678 9012" },
		{ "+23412345", "+234 12 345" },
		{ "+234123456", "+234 12 3456" },
		{ "+2341234567", "+234 123 4567" },
		{ "+2341234", "+234 1234" },
		{ "+441", "+44 1" },
		/* not E.164: copied */
		{ "+1", "+1" },
		{ "+", "+" },
		{ "", "" },
		{ "hello", "hello" },
		{ "17185550142", "17185550142" },
		{ "+1 718", "+1 718" },
		{ "+1234567890123456", "+1234567890123456" },
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		const char *got = phone_display(a, cases[i].typed);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", cases[i].typed, got, cases[i].want);
	}
	assert_string_equal(phone_display(a, NULL), "");
	/* What phone_display shows normalizes back to the same number. */
	for (size_t i = 0; i < 22; i++) {
		const char *back = phone_normalize(a, phone_display(a, cases[i].typed), "US", NULL);
		if (back == NULL || strcmp(back, cases[i].typed) != 0)
			fail_msg("%s does not survive display", cases[i].typed);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_us_national, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_us_international_forms, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_other_scripts, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_international, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_region_international_only, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(test_refused, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_null_and_problem_pointer, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(test_display, arena_setup, arena_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The PO catalog reader, and language fallbacks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/arena.h"
#include "i18n/i18n.h"
#include "i18n/po.h"

static void reads_entries_escapes_and_skips_fuzzy(void **state)
{
	(void)state;
	const char *po =
		"# comment\nmsgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
		"msgid \"a.one\"\nmsgstr \"One \\\"quoted\\\"\\n\"\n\n"
		"#, fuzzy\nmsgid \"a.fuzzy\"\nmsgstr \"guess\"\n\n"
		"msgctxt \"ctx\"\nmsgid \"a.multi\"\nmsgstr \"\"\n\"first \"\n\"second\"\n\n"
		"msgid \"a.empty\"\nmsgstr \"\"\n\n"
		"msgid \"a.one\"\nmsgstr \"Later wins\"\n";
	struct arena *a = arena_new(4096);
	struct po_catalog c;
	char err[100];
	assert_true(po_parse(a, po, strlen(po), &c, err, sizeof err));
	assert_string_equal(po_lookup(&c, "a.one"), "Later wins");
	assert_string_equal(po_lookup(&c, "a.multi"), "first second");
	assert_null(po_lookup(&c, "a.fuzzy"));
	assert_null(po_lookup(&c, "a.empty"));
	assert_null(po_lookup(&c, ""));
	assert_int_equal(c.count, 2);
	arena_destroy(a);
}

static void rejects_broken_files_with_a_line(void **state)
{
	(void)state;
	const char *bad[] = { "msgid \"x\"\n", "msgid \"x\nmsgstr \"y\"\n", "garbage\n",
	                      "msgstr \"y\"\n", "msgid \"x\"\nmsgstr \"bad \\q escape\"\n",
	                      "msgid \"\xff\"\nmsgstr \"x\"\n" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct arena *a = arena_new(1024);
		struct po_catalog c;
		char err[100] = "";
		assert_false(po_parse(a, bad[i], strlen(bad[i]), &c, err, sizeof err));
		assert_true(err[0] != '\0');
		arena_destroy(a);
	}
}

static void shipped_catalogs_and_fallbacks(void **state)
{
	(void)state;
	assert_true(i18n_init());
	const char *const *codes;
	size_t n = i18n_available(&codes);
	assert_true(n >= 5);
	assert_string_equal(codes[0], "en");
	assert_string_equal(i18n_native_name("bn"), "বাংলা");
	assert_string_equal(i18n_dir("ur"), "rtl");
	assert_string_equal(i18n_dir("bn"), "ltr");
	/* a missing id falls back to English, then to the id itself */
	assert_string_equal(i18n_get("xx", "nav.home"), "Home");
	assert_string_equal(i18n_get("es", "no.such.id"), "no.such.id");
	assert_string_not_equal(i18n_get("es", "nav.home"), "Home");
	struct arena *a = arena_new(256);
	char *s = i18n_format(a, "en", "app.signed_in_as", "user_name", "Ana", "user_role", "admin", NULL);
	assert_string_equal(s, "Signed in as Ana (admin).");
	arena_destroy(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_entries_escapes_and_skips_fuzzy),
		cmocka_unit_test(rejects_broken_files_with_a_line),
		cmocka_unit_test(shipped_catalogs_and_fallbacks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

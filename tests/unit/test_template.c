/* Escaping per context and the template engine. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "html/escape.h"
#include "html/template.h"

static const char *fake_translate(void *ud, const char *id)
{
	(void)ud;
	if (strcmp(id, "greet") == 0)
		return "Hello, {name} & <friends>";
	return id;
}

static const char *fake_asset(void *ud, const char *name)
{
	(void)ud;
	return strcmp(name, "app.css") == 0 ? "/assets/app.abc.css" : NULL;
}

static char *render(struct arena *a, const char *src, struct view *v)
{
	struct tpl_set *set = tpl_set_new();
	char err[200];
	assert_true(tpl_set_add(set, "t", src, strlen(src), err, sizeof err));
	assert_true(tpl_set_add(set, "p", "[{{name}}]", 10, err, sizeof err));
	struct buf b;
	buf_init(&b, a, 64);
	struct tpl_env env = { fake_translate, fake_asset, NULL };
	assert_true(tpl_render(set, "t", v, &env, &b));
	tpl_set_free(set);
	return b.data;
}

static void escapes_text_and_attributes(void **state)
{
	(void)state;
	struct arena *a = arena_new(4096);
	struct buf b;
	buf_init(&b, a, 16);
	escape_html(&b, "<script>alert('x')</script> & \"q\"");
	assert_string_equal(b.data, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
	struct view *v = view_new(a);
	view_set(v, "name", "\"><img src=x onerror=alert(1)>");
	char *out = render(a, "<input value=\"{{name}}\">", v);
	assert_null(strstr(out, "<img"));
	assert_non_null(strstr(out, "&quot;&gt;&lt;img"));
	arena_destroy(a);
}

static void url_context_refuses_dangerous_schemes(void **state)
{
	(void)state;
	struct arena *a = arena_new(4096);
	const char *bad[] = { "javascript:alert(1)", "JaVaScRiPt:x", " javascript:x", "\tjavascript:x",
	                      "data:text/html,x", "vbscript:x", "//evil.example/x", "/\\evil", "\\\\evil" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct buf b;
		buf_init(&b, a, 16);
		escape_url_attr(&b, bad[i]);
		assert_string_equal(b.data, "#");
	}
	const char *good[][2] = {
		{ "/people/3?x=1&y=2", "/people/3?x=1&amp;y=2" },
		{ "https://example.org/a b", "https://example.org/a%20b" },
		{ "tel:+17185550142", "tel:+17185550142" },
		{ "?lang=bn", "?lang=bn" },
		{ "/\"onmouseover=x", "/%22onmouseover=x" },
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		struct buf b;
		buf_init(&b, a, 16);
		escape_url_attr(&b, good[i][0]);
		assert_string_equal(b.data, good[i][1]);
	}
	struct buf c;
	buf_init(&c, a, 16);
	escape_url_component(&c, "a b&c=d/é");
	assert_string_equal(c.data, "a%20b%26c%3Dd%2F%C3%A9");
	arena_destroy(a);
}

static void blocks_lists_partials(void **state)
{
	(void)state;
	struct arena *a = arena_new(4096);
	struct view *v = view_new(a);
	view_set(v, "name", "Riaz");
	view_set_bool(v, "yes", true);
	view_set(v, "zero", "0");
	for (int i = 0; i < 3; i++)
		view_setf(view_add_item(v, "items"), "n", "%d", i);
	char *out = render(a,
		"{{#if yes}}Y{{else}}N{{/if}}{{#if zero}}Z{{else}}z{{/if}}{{#unless missing}}U{{/unless}}"
		"{{#each items}}<{{n}}:{{name}}>{{/each}}{{> p}}{{! a comment }}{{#each none}}x{{/each}}",
		v);
	assert_string_equal(out, "YzU<0:Riaz><1:Riaz><2:Riaz>[Riaz]");
	arena_destroy(a);
}

static void translations_fill_and_escape(void **state)
{
	(void)state;
	struct arena *a = arena_new(4096);
	struct view *v = view_new(a);
	view_set(v, "name", "<b>Ana</b>");
	char *out = render(a, "{{t greet}} {{asset app.css}} {{asset nope.css}}", v);
	assert_string_equal(out, "Hello, &lt;b&gt;Ana&lt;/b&gt; &amp; &lt;friends&gt; /assets/app.abc.css #");
	arena_destroy(a);
}

static void raw_needs_both_sides(void **state)
{
	(void)state;
	struct arena *a = arena_new(4096);
	struct view *v = view_new(a);
	view_set(v, "plain", "<b>not trusted</b>");
	view_set_trusted_html(v, "trusted", "<b>ok</b>");
	char *out = render(a, "{{raw_trusted_html plain}}|{{raw_trusted_html trusted}}|{{trusted}}", v);
	assert_string_equal(out, "|<b>ok</b>|");
	arena_destroy(a);
}

static void parse_errors_name_the_line(void **state)
{
	(void)state;
	const char *bad[] = { "a\n{{#if x}}b", "{{/if}}", "{{#each x}}{{else}}{{/each}}", "{{x", "{{bad name}}",
	                      "{{#if x}}{{/each}}" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct tpl_set *set = tpl_set_new();
		char err[200] = "";
		assert_false(tpl_set_add(set, "bad.html", bad[i], strlen(bad[i]), err, sizeof err));
		assert_non_null(strstr(err, "bad.html"));
		tpl_set_free(set);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes_text_and_attributes),
		cmocka_unit_test(url_context_refuses_dangerous_schemes),
		cmocka_unit_test(blocks_lists_partials),
		cmocka_unit_test(translations_fill_and_escape),
		cmocka_unit_test(raw_needs_both_sides),
		cmocka_unit_test(parse_errors_name_the_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for the warrant checker's rules table (model/warrant.c), the
 * Markdown renderer's safety (html/markdown.c) and source-line parsing
 * (model/rights.c). The table must stay a well-formed decision tree:
 * every rule leads somewhere that exists, every answer is reachable,
 * every rule and answer cites an https source, every step has choices. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "html/markdown.h"
#include "model/rights.h"
#include "model/warrant.h"

static void test_rules_form_a_tree(void **state)
{
	(void)state;
	size_t nr, ns, na;
	const struct warrant_rule *rules = warrant_rules(&nr);
	const struct warrant_step *steps = warrant_steps(&ns);
	const struct warrant_answer *answers = warrant_answers(&na);
	assert_true(nr >= 10 && ns >= 4 && na >= 8);
	bool reached[64] = { false };
	assert_true(na <= 64);
	for (size_t i = 0; i < nr; i++) {
		assert_non_null(warrant_step(rules[i].step));
		assert_true((rules[i].next_step == NULL) != (rules[i].answer == NULL));
		if (rules[i].next_step)
			assert_non_null(warrant_step(rules[i].next_step));
		if (rules[i].answer) {
			const struct warrant_answer *a = warrant_answer(rules[i].answer);
			assert_non_null(a);
			reached[a - answers] = true;
		}
		assert_non_null(rules[i].source.url);
		assert_int_equal(strncmp(rules[i].source.url, "https://", 8), 0);
		assert_non_null(rules[i].label_msgid);
		/* no two rules answer the same choice of the same step */
		for (size_t k = 0; k < i; k++)
			assert_false(strcmp(rules[k].step, rules[i].step) == 0 &&
			             strcmp(rules[k].choice, rules[i].choice) == 0);
	}
	for (size_t i = 0; i < na; i++) {
		assert_true(reached[i]);
		assert_non_null(answers[i].title_msgid);
		assert_non_null(answers[i].means_msgid);
		assert_non_null(answers[i].say_msgid);
		assert_non_null(answers[i].sources[0].url);
		for (size_t k = 0; k < WARRANT_MAX_SOURCES && answers[i].sources[k].url; k++)
			assert_int_equal(strncmp(answers[i].sources[k].url, "https://", 8), 0);
	}
	for (size_t i = 0; i < ns; i++) {
		const struct warrant_rule *c[WARRANT_MAX_CHOICES + 1];
		size_t n = warrant_choices(steps[i].id, c, WARRANT_MAX_CHOICES + 1);
		assert_true(n >= 2 && n <= WARRANT_MAX_CHOICES);
	}
	/* the review date is a date */
	assert_int_equal(strlen(WARRANT_RULES_REVIEWED), 10);
}

struct answers {
	const char *const *pairs; /* step, choice, step, choice, ..., NULL */
};

static const char *get(void *ud, const char *step)
{
	const struct answers *a = ud;
	for (size_t i = 0; a->pairs[i]; i += 2)
		if (strcmp(a->pairs[i], step) == 0)
			return a->pairs[i + 1];
	return NULL;
}

static void test_walks(void **state)
{
	(void)state;
	struct warrant_walk w;
	struct answers none = { (const char *const[]){ NULL } };
	warrant_walk(get, &none, &w);
	assert_null(w.answer);
	assert_string_equal(w.step->id, "top");
	assert_int_equal(w.n_taken, 0);

	struct answers judicial = { (const char *const[]){ "top", "court", "signer", "judge", "names", "yes",
	                                                   "date", "yes", NULL } };
	warrant_walk(get, &judicial, &w);
	assert_non_null(w.answer);
	assert_string_equal(w.answer->id, "judicial");
	assert_true(w.answer->judicial);
	assert_int_equal(w.n_taken, 4);

	/* answers to steps off the path are ignored; an unknown choice stops the walk */
	struct answers i205 = { (const char *const[]){ "form", "i205", "signer", "judge", "top", "dhs", NULL } };
	warrant_walk(get, &i205, &w);
	assert_string_equal(w.answer->id, "admin_i205");
	assert_non_null(w.answer->extra_msgid); /* the dispute is stated */
	struct answers bogus = { (const char *const[]){ "top", "court", "signer", "<script>", NULL } };
	warrant_walk(get, &bogus, &w);
	assert_null(w.answer);
	assert_string_equal(w.step->id, "signer");
	assert_int_equal(w.n_taken, 1);
}

static void test_markdown_refuses_raw_html_and_bad_links(void **state)
{
	struct arena *a = *state;
	const char *md = "# Title\n\n<script>alert(1)</script>\n\n[x](javascript:alert(2)) "
	                 "[y](https://example.org/) <img src=x onerror=alert(3)> **b**\n";
	char *html = markdown_html(a, md, strlen(md));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "javascript:"));
	assert_non_null(strstr(html, "<h1>Title</h1>"));
	assert_non_null(strstr(html, "<a href=\"https://example.org/\">y</a>"));
	assert_non_null(strstr(html, "<strong>b</strong>"));
	assert_string_equal(markdown_html(a, NULL, 0), "");
}

static void test_sources_and_slugs(void **state)
{
	struct arena *a = *state;
	struct rights_source s[4];
	size_t n = rights_parse_sources(a, "https://a.example/x  Label one\r\n\n  \nhttps://b.example/\nhttps://c.example/ C\n",
	                                s, 2);
	assert_int_equal(n, 2);
	assert_string_equal(s[0].url, "https://a.example/x");
	assert_string_equal(s[0].label, "Label one");
	assert_string_equal(s[1].url, "https://b.example/");
	assert_string_equal(s[1].label, "https://b.example/");
	assert_true(rights_slug_ok("at-home"));
	assert_false(rights_slug_ok(""));
	assert_false(rights_slug_ok("At-home"));
	assert_false(rights_slug_ok("../x"));
	assert_false(rights_slug_ok(NULL));
	/* leading blanks never make an empty address (found by fuzz_markdown) */
	n = rights_parse_sources(a, "   https://d.example/ D\n\t x", s, 4);
	assert_int_equal(n, 2);
	assert_string_equal(s[0].url, "https://d.example/");
	assert_string_equal(s[1].url, "x");
}

static int setup(void **state)
{
	*state = arena_new(4096);
	return 0;
}

static int teardown(void **state)
{
	arena_destroy(*state);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_form_a_tree),
		cmocka_unit_test(test_walks),
		cmocka_unit_test_setup_teardown(test_markdown_refuses_raw_html_and_bad_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sources_and_slugs, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

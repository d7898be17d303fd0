/* Unit tests for messaging: the retry schedule (model/messages.c), RFC 2047
 * header encoding, Message-IDs and whole messages (messaging/mime.c), and
 * SMS keyword matching in every language (messaging/keywords.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/arena.h"
#include "messaging/config.h"
#include "messaging/keywords.h"
#include "messaging/mime.h"
#include "db/db.h"
#include "db/migrate.h"
#include "model/messages.h"
#include "model/msgtext.h"

/* ---- backoff ---- */

static void backoff_doubles_then_caps(void **state)
{
	(void)state;
	/* random 0 gives the low end d/2 rounded up; UINT32_MAX % (half+1) varies */
	int64_t base = 30, cap = 3600;
	int64_t want_full[] = { 30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600 };
	for (int attempts = 1; attempts <= 10; attempts++) {
		int64_t d = want_full[attempts - 1];
		int64_t lo = backoff_delay(attempts, base, cap, 0);
		assert_int_equal(lo, d - d / 2);
		for (uint32_t r = 0; r < 2000; r += 7) {
			int64_t got = backoff_delay(attempts, base, cap, r * 2654435761u);
			assert_true(got >= d - d / 2);
			assert_true(got <= d);
		}
		/* the top of the range is reachable */
		assert_int_equal(backoff_delay(attempts, base, cap, (uint32_t)(d / 2)), d);
	}
}

static void backoff_never_overflows(void **state)
{
	(void)state;
	assert_int_equal(backoff_delay(1000000, 1, 86400, 86400 / 2), 86400);
	assert_true(backoff_delay(64, 30, 3600, 12345) <= 3600);
	/* nonsense input is clamped, never zero */
	assert_true(backoff_delay(0, 0, 0, 0) >= 1);
	assert_true(backoff_delay(-5, -1, -1, 99) >= 1);
}

static void backoff_jitter_spreads(void **state)
{
	(void)state;
	/* 1,000 retries of the same attempt do not all land on the same second */
	int seen[3601] = { 0 };
	int distinct = 0;
	for (int i = 0; i < 1000; i++) {
		int64_t d = backoff_delay(5, 30, 3600, randombytes_random());
		assert_true(d >= 240 && d <= 480);
		if (!seen[d]++)
			distinct++;
	}
	assert_true(distinct > 100);
}

static void quiet_hours(void **state)
{
	(void)state;
	/* 21:00-08:00 wraps midnight */
	assert_true(quiet_hours_contain(21 * 60, 8 * 60, 21 * 60));
	assert_true(quiet_hours_contain(21 * 60, 8 * 60, 23 * 60 + 59));
	assert_true(quiet_hours_contain(21 * 60, 8 * 60, 0));
	assert_true(quiet_hours_contain(21 * 60, 8 * 60, 7 * 60 + 59));
	assert_false(quiet_hours_contain(21 * 60, 8 * 60, 8 * 60));
	assert_false(quiet_hours_contain(21 * 60, 8 * 60, 12 * 60));
	assert_false(quiet_hours_contain(21 * 60, 8 * 60, 20 * 60 + 59));
	/* 13:00-14:00 does not wrap */
	assert_true(quiet_hours_contain(13 * 60, 14 * 60, 13 * 60 + 30));
	assert_false(quiet_hours_contain(13 * 60, 14 * 60, 14 * 60));
	/* equal ends: none */
	assert_false(quiet_hours_contain(0, 0, 0));
	int s, e;
	assert_true(quiet_hours_parse("21:00-08:00", &s, &e));
	assert_int_equal(s, 21 * 60);
	assert_int_equal(e, 8 * 60);
	assert_true(quiet_hours_parse("off", &s, &e));
	assert_int_equal(s, e);
	assert_true(quiet_hours_parse("", &s, &e));
	assert_false(quiet_hours_parse("25:00-08:00", &s, &e));
	assert_false(quiet_hours_parse("21:00-08:60", &s, &e));
	assert_false(quiet_hours_parse("9pm-8am", &s, &e));
	assert_false(quiet_hours_parse("21:00-08:00x", &s, &e));
}

/* ---- RFC 2047 ---- */

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

/* Decodes a header made of encoded words (our own output only). */
static char *decode_words(struct arena *a, const char *h)
{
	char *out = arena_alloc(a, strlen(h) + 1);
	size_t o = 0;
	const char *p = h;
	while (*p) {
		if (strncmp(p, "\r\n ", 3) == 0) {
			p += 3;
			continue;
		}
		assert_memory_equal(p, "=?UTF-8?B?", 10);
		p += 10;
		const char *end = strstr(p, "?=");
		assert_non_null(end);
		size_t len;
		assert_int_equal(sodium_base642bin((unsigned char *)out + o, strlen(h) - o, p,
		                                   (size_t)(end - p), NULL, &len, NULL,
		                                   sodium_base64_VARIANT_ORIGINAL), 0);
		o += len;
		p = end + 2;
	}
	out[o] = '\0';
	return out;
}

static void rfc2047_ascii_stays(void **state)
{
	struct arena *a = *state;
	assert_string_equal(mime_header_encode(a, "Hearing tomorrow at 9"), "Hearing tomorrow at 9");
	assert_string_equal(mime_header_encode(a, ""), "");
	assert_string_equal(mime_header_encode(a, NULL), "");
	/* ASCII that looks like an encoded word is encoded, so no reader decodes it */
	char *h = mime_header_encode(a, "=?UTF-8?B?SGk=?=");
	assert_memory_equal(h, "=?UTF-8?B?", 10);
	assert_string_equal(decode_words(a, h), "=?UTF-8?B?SGk=?=");
}

static void rfc2047_utf8_words(void **state)
{
	struct arena *a = *state;
	const char *cases[] = {
		"¡Vengan a 26 Federal Plaza!",
		"মঙ্গলবার সকাল ৯টায় আদালতে আসুন — আমাদের প্রতিবেশীর শুনানি",
		"भोलि बिहान ९ बजे अदालतमा आउनुहोस्",
		"کل صبح 9 بجے عدالت آئیں",
		"😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *h = mime_header_encode(a, cases[i]);
		/* 7-bit, no bare line breaks, every word <= 75 characters */
		for (const char *p = h; *p; p++)
			assert_true((unsigned char)*p < 0x80);
		const char *w = h;
		while (w) {
			const char *next = strstr(w, "\r\n ");
			size_t len = next ? (size_t)(next - w) : strlen(w);
			assert_true(len <= 75);
			w = next ? next + 3 : NULL;
		}
		assert_string_equal(decode_words(a, h), cases[i]);
	}
}

static void rfc2047_never_splits_a_character(void **state)
{
	struct arena *a = *state;
	/* each word alone must be valid UTF-8 */
	char *h = mime_header_encode(a, "আমাদের প্রতিবেশীর শুনানি আমাদের প্রতিবেশীর শুনানি");
	char *copy = arena_strdup(a, h);
	for (char *w = strtok(copy, "\r\n "); w; w = strtok(NULL, "\r\n ")) {
		char *one = decode_words(a, w);
		assert_true(one[0] != '\0');
		/* continuation bytes never start a word */
		assert_false(((unsigned char)one[0] & 0xC0) == 0x80);
		size_t n = strlen(one);
		unsigned char last = (unsigned char)one[n - 1];
		assert_false(last >= 0xC0); /* a lead byte never ends one */
	}
}

static void header_injection_is_neutralised(void **state)
{
	struct arena *a = *state;
	char *h = mime_header_encode(a, "Hello\r\nBcc: everyone@example.org");
	assert_null(strchr(h, '\r'));
	assert_null(strchr(h, '\n'));
	struct mail m = { .from_addr = "a@example.org", .to = "b@example.org\r\nBcc: x@example.org",
		          .subject = "s", .body = "b", .message_id = "<k@example.org>", .date = 0 };
	size_t len;
	assert_null(mime_build(a, &m, &len));
	m.to = "b@example.org";
	m.attachment_type = "text/calendar\r\nX-Evil: 1";
	m.attachment = "x";
	m.attachment_len = 1;
	assert_null(mime_build(a, &m, &len));
}

static void message_id_is_the_key(void **state)
{
	struct arena *a = *state;
	assert_string_equal(mime_message_id(a, "event.reminder.event.12.a1b2c3d4e5f60718", "jhis.org"),
	                    "<event.reminder.event.12.a1b2c3d4e5f60718@jhis.org>");
	/* not dot-atom: a stable hex form of the same key */
	assert_string_equal(mime_message_id(a, "a b", "jhis.org"), "<x-612062@jhis.org>");
	assert_string_equal(mime_message_id(a, ".lead", "jhis.org"), "<x-2e6c656164@jhis.org>");
	assert_string_equal(mime_message_id(a, "k", "bad domain"), "<k@sanctuary.invalid>");
}

static void whole_message(void **state)
{
	struct arena *a = *state;
	struct mail m = {
		.from_name = "Jackson Heights Solidaridad",
		.from_addr = "alerts@jhis.org",
		.to = "nasrin@example.org",
		.subject = "শুনানি",
		.body = "line one\nline two",
		.message_id = "<k1@jhis.org>",
		.unsubscribe_url = "https://jhis.org/unsubscribe/1.abc",
		.attachment_name = "hearing.ics",
		.attachment_type = "text/calendar; method=REQUEST; charset=utf-8",
		.attachment = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
		.attachment_len = 32,
		.date = 1795816096,
	};
	size_t len;
	char *msg = mime_build(a, &m, &len);
	assert_non_null(msg);
	assert_int_equal(strlen(msg), len);
	assert_non_null(strstr(msg, "From: Jackson Heights Solidaridad <alerts@jhis.org>\r\n"));
	assert_non_null(strstr(msg, "Subject: =?UTF-8?B?"));
	assert_non_null(strstr(msg, "Message-ID: <k1@jhis.org>\r\n"));
	assert_non_null(strstr(msg, "Date: Fri, 27 Nov 2026 "));
	assert_non_null(strstr(msg, "List-Unsubscribe: <https://jhis.org/unsubscribe/1.abc>\r\n"));
	assert_non_null(strstr(msg, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
	assert_non_null(strstr(msg, "Content-Type: multipart/mixed; boundary="));
	assert_non_null(strstr(msg, "Content-Type: text/plain; charset=utf-8\r\n"));
	assert_non_null(strstr(msg, "Content-Disposition: attachment; filename=\"hearing.ics\"\r\n"));
	/* every line ends CRLF and stays under 998 characters */
	for (const char *p = msg; (p = strchr(p, '\n')) != NULL; p++)
		assert_true(p > msg && p[-1] == '\r');
	/* no attachment, not bulk: a single text part, no unsubscribe header */
	m.attachment = NULL;
	m.attachment_len = 0;
	m.unsubscribe_url = NULL;
	msg = mime_build(a, &m, &len);
	assert_null(strstr(msg, "List-Unsubscribe"));
	assert_null(strstr(msg, "multipart"));
}

/* ---- message texts ---- */

static void fill_placeholders(void **state)
{
	struct arena *a = *state;
	assert_string_equal(msgtext_fill(a, "Hearing for {alias} at {place}, {time}.", "alias", "Rahim",
	                                 "place", "26 Federal Plaza", "time", "9:00", NULL),
	                    "Hearing for Rahim at 26 Federal Plaza, 9:00.");
	/* unknown and unclosed placeholders stay; {{ is a literal brace */
	assert_string_equal(msgtext_fill(a, "{who} {{x} {open", "x", "1", NULL), "{who} {x} {open");
	/* a value is never filled again */
	assert_string_equal(msgtext_fill(a, "{a}{b}", "a", "{b}", "b", "B", NULL), "{b}B");
	assert_string_equal(msgtext_fill(a, "শুনানি {time}", "time", "৯টা", NULL), "শুনানি ৯টা");
}

static void pick_language(void **state)
{
	(void)state;
	char dir[] = "/tmp/sanctuary-unit-msgtext-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[128];
	snprintf(path, sizeof path, "%s/t.db", dir);
	struct db *db = db_open(path);
	assert_non_null(db);
	assert_true(migrate_up(db, false) > 0);
	assert_int_equal(db_exec_script(db,
		"INSERT INTO people (id, lang, created_at, updated_at) VALUES (1, 'bn', 0, 0), (2, 'ne', 0, 0), (3, '', 0, 0);"
		"INSERT INTO person_languages (person_id, lang) VALUES (2, 'ne'), (2, 'en'), (3, 'ur');"), DB_OK);
	const char *const en_bn[] = { "en", "bn" };
	const char *const en_es[] = { "en", "es" };
	const char *const es_ur[] = { "es", "ur" };
	const char *const es_only[] = { "es" };
	assert_string_equal(msgtext_pick_lang(db, 1, en_bn, 2), "bn");  /* preferred */
	assert_string_equal(msgtext_pick_lang(db, 2, en_bn, 2), "en");  /* one they speak */
	assert_string_equal(msgtext_pick_lang(db, 3, es_ur, 2), "ur");
	assert_string_equal(msgtext_pick_lang(db, 1, en_es, 2), "en");  /* the group default */
	assert_string_equal(msgtext_pick_lang(db, 1, es_only, 1), "es"); /* what there is */
	assert_string_equal(msgtext_pick_lang(db, 0, en_bn, 2), "en");
	assert_null(msgtext_pick_lang(db, 1, NULL, 0));
	db_close(db);
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* ---- keywords ---- */

struct kw_case {
	const char *text;
	enum sms_keyword want;
	const char *lang;
};

static void keywords_all_languages(void **state)
{
	(void)state;
	static const struct kw_case cases[] = {
		{ "STOP", SMS_KW_STOP, "en" }, { "stop", SMS_KW_STOP, "en" },
		{ "  Stop.  ", SMS_KW_STOP, "en" }, { "STOP!", SMS_KW_STOP, "en" },
		{ "StopAll", SMS_KW_STOP, "en" }, { "END", SMS_KW_STOP, "en" },
		{ "cancel", SMS_KW_STOP, "en" }, { "UNSUBSCRIBE", SMS_KW_STOP, "en" },
		{ "quit", SMS_KW_STOP, "en" }, { "Revoke", SMS_KW_STOP, "en" },
		{ "OPT OUT", SMS_KW_STOP, "en" }, { "opt-out", SMS_KW_STOP, "en" },
		{ "optout", SMS_KW_STOP, "en" }, { "opt   out", SMS_KW_STOP, "en" },
		{ "BAJA", SMS_KW_STOP, "es" }, { "baja", SMS_KW_STOP, "es" },
		{ "¡Parar!", SMS_KW_STOP, "es" }, { "CANCELAR", SMS_KW_STOP, "es" },
		{ "No más", SMS_KW_STOP, "es" }, { "NO MAS", SMS_KW_STOP, "es" },
		{ "বন্ধ", SMS_KW_STOP, "bn" }, { "বন্ধ করুন।", SMS_KW_STOP, "bn" },
		{ "থামুন", SMS_KW_STOP, "bn" }, { "BONDHO", SMS_KW_STOP, "bn" },
		{ "Bondho koren", SMS_KW_STOP, "bn" },
		{ "रोक", SMS_KW_STOP, "ne" }, { "बन्द", SMS_KW_STOP, "ne" },
		{ "रोक्नुहोस्।", SMS_KW_STOP, "ne" }, { "Roknuhos", SMS_KW_STOP, "ne" },
		{ "بند", SMS_KW_STOP, "ur" }, { "بند کریں۔", SMS_KW_STOP, "ur" },
		{ "Band karo", SMS_KW_STOP, "ur" }, { "mansookh", SMS_KW_STOP, "ur" },
		{ "START", SMS_KW_START, "en" }, { "unstop", SMS_KW_START, "en" },
		{ "Alta", SMS_KW_START, "es" }, { "শুরু", SMS_KW_START, "bn" },
		{ "सुरु", SMS_KW_START, "ne" }, { "شروع", SMS_KW_START, "ur" },
		{ "HELP", SMS_KW_HELP, "en" }, { "info?", SMS_KW_HELP, "en" },
		{ "Ayuda", SMS_KW_HELP, "es" }, { "Información", SMS_KW_HELP, "es" },
		{ "সাহায্য", SMS_KW_HELP, "bn" }, { "मद्दत", SMS_KW_HELP, "ne" },
		{ "مدد", SMS_KW_HELP, "ur" },
		/* not keywords: a sentence, YES (a mobilization's answer), empty */
		{ "stop by later", SMS_KW_NONE, NULL }, { "YES", SMS_KW_NONE, NULL },
		{ "Yes I'll be there", SMS_KW_NONE, NULL }, { "", SMS_KW_NONE, NULL },
		{ "   ", SMS_KW_NONE, NULL }, { "1", SMS_KW_NONE, NULL },
		{ "stopp", SMS_KW_NONE, NULL }, { "st op", SMS_KW_NONE, NULL },
		{ "বন্ধু", SMS_KW_NONE, NULL }, /* "friend" is not "stop" */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *lang = "unset";
		enum sms_keyword got = sms_keyword_match(cases[i].text, strlen(cases[i].text), &lang);
		if (got != cases[i].want)
			fail_msg("'%s': got %d, want %d", cases[i].text, got, cases[i].want);
		if (cases[i].lang)
			assert_string_equal(lang, cases[i].lang);
		else
			assert_null(lang);
	}
}

static void keywords_refuse_bad_input(void **state)
{
	(void)state;
	assert_int_equal(sms_keyword_match("ST\xffOP", 5, NULL), SMS_KW_NONE);
	assert_int_equal(sms_keyword_match("STOP\0", 5, NULL), SMS_KW_NONE);
	assert_int_equal(sms_keyword_match(NULL, 0, NULL), SMS_KW_NONE);
	char long_text[400];
	memset(long_text, ' ', sizeof long_text);
	memcpy(long_text + 200, "STOP", 4);
	assert_int_equal(sms_keyword_match(long_text, sizeof long_text, NULL), SMS_KW_NONE);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(backoff_doubles_then_caps),
		cmocka_unit_test(backoff_never_overflows),
		cmocka_unit_test(backoff_jitter_spreads),
		cmocka_unit_test(quiet_hours),
		cmocka_unit_test_setup_teardown(rfc2047_ascii_stays, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(rfc2047_utf8_words, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(rfc2047_never_splits_a_character, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(header_injection_is_neutralised, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(message_id_is_the_key, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(whole_message, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(fill_placeholders, arena_setup, arena_teardown),
		cmocka_unit_test(pick_language),
		cmocka_unit_test(keywords_all_languages),
		cmocka_unit_test(keywords_refuse_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

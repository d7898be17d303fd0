/* Cases and mobilization: reply words in every language, the inbound SMS
 * handler against a real database, wall-clock time in New York, and the
 * record-level permission for case teams. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/permissions.h"
#include "core/arena.h"
#include "core/imgmeta.h"
#include "core/tz.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "db/migrate.h"
#include "model/cases.h"
#include "model/inbound.h"
#include "model/mobilize.h"
#include "model/people.h"

static char dir[] = "/tmp/sanctuary-unit-cases-XXXXXX";
static char path[300];

static int setup(void **state)
{
	(void)state;
	if (sodium_init() < 0 || mkdtemp(dir) == NULL)
		return -1;
	struct key_source pass = { NULL, "unit test passphrase for cases" };
	if (!keys_create(dir, &pass))
		return -1;
	snprintf(path, sizeof path, "%s/t.db", dir);
	struct db *db = db_open(path);
	if (db == NULL || migrate_up(db, false) < 0)
		return -1;
	db_close(db);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	keys_unload();
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void reply_words_in_every_language(void **state)
{
	(void)state;
	static const char *const yes[] = { "YES", "yes", " Yes. ", "y", "1", "SI", "sí", "Sí!",
	                                   "হ্যাঁ", "১", "हो", "ہاں", "ok" };
	static const char *const no[] = { "NO", "no", "2", "না", "होइन", "نہیں", "২" };
	static const char *const maybe[] = { "maybe", "3", "quizás", "Quizas", "হয়তো", "सायद", "شاید" };
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		assert_string_equal(mobilization_parse_reply(yes[i]), "yes");
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		assert_string_equal(mobilization_parse_reply(no[i]), "no");
	for (size_t i = 0; i < sizeof maybe / sizeof maybe[0]; i++)
		assert_string_equal(mobilization_parse_reply(maybe[i]), "maybe");
	/* anything else is not an answer (STOP is the messaging layer's) */
	static const char *const other[] = { "", "STOP", "yes please call me", "who is this?", "12",
	                                     "nope", NULL };
	for (size_t i = 0; other[i]; i++)
		assert_null(mobilization_parse_reply(other[i]));
	assert_null(mobilization_parse_reply(NULL));
}

static int64_t add_person(struct db *db, const char *phone, const char *lang)
{
	struct person_input in = {
		.given_name = "Test", .lang = lang, .source = "unit", .how = "unit",
		.phones = (const char *const[]){ phone }, .n_phones = 1,
		.languages = (const char *const[]){ lang }, .n_languages = 1,
		.subscribe = { false, true, false },
	};
	bool created;
	return person_upsert(db, &in, &created);
}

struct fixture {
	int64_t riaz, pemba, mob, case_id;
};

static enum db_status build(struct db *db, void *p)
{
	struct fixture *f = p;
	f->riaz = add_person(db, "+17185550110", "bn");
	f->pemba = add_person(db, "+17185550113", "ne");
	struct case_input ci = { .person_id = f->riaz, .title = "R.", .consent_given_by = "himself" };
	f->case_id = case_create(db, &ci);
	if (f->riaz <= 0 || f->pemba <= 0 || f->case_id <= 0 ||
	    db_exec(db, "INSERT INTO tags (name, created_at) VALUES ('supporters', 0)", DB_NOARGS) != DB_OK ||
	    db_exec(db, "INSERT INTO taggings (tag_id, person_id, created_at) VALUES (1, ?, 0)",
	            DB_ARGS(DB_INT(f->riaz))) != DB_OK)
		return DB_ERROR;
	static const struct mobilization_text texts[] = { { "en", "Can you come?" },
	                                                  { "bn", "আপনি কি আসতে পারবেন?" } };
	struct mobilization_input in = { .case_id = f->case_id, .title = "Hearing", .query = "tag=supporters",
		.sms = true, .texts = texts, .n_texts = 2, .base_url = "https://example.org" };
	struct mobilization_result r;
	if (!mobilization_send(db, &in, &r) || r.people != 1 || r.sms != 1)
		return DB_ERROR;
	f->mob = r.id;
	return DB_OK;
}

struct reply {
	const char *from, *text;
	bool taken;
};

static enum db_status dispatch(struct db *db, void *p)
{
	struct reply *r = p;
	r->taken = inbound_sms_dispatch(db, r->from, person_by_phone(db, r->from), r->text);
	return DB_OK;
}

static void sms_replies_answer_the_newest_mobilization(void **state)
{
	(void)state;
	struct db *db = db_open(path);
	assert_non_null(db);
	struct fixture f = { 0 };
	assert_int_equal(db_tx(db, build, &f), DB_OK);
	struct arena *a = arena_new(1024);
	char *lang = NULL;
	assert_int_equal(db_get_text(db, "SELECT lang FROM messages WHERE ref_id = ? AND channel = 'sms'",
	                             DB_ARGS(DB_INT(f.mob)), a, &lang), DB_OK);
	assert_string_equal(lang, "bn");
	mobilization_register_inbound();
	struct reply r = { "+17185550110", "হ্যাঁ", false };
	assert_int_equal(db_tx(db, dispatch, &r), DB_OK);
	assert_true(r.taken);
	char *answer = NULL, *via = NULL;
	assert_int_equal(db_get_text(db, "SELECT answer FROM mobilization_answers WHERE person_id = ?",
	                             DB_ARGS(DB_INT(f.riaz)), a, &answer), DB_OK);
	assert_int_equal(db_get_text(db, "SELECT via FROM mobilization_answers WHERE person_id = ?",
	                             DB_ARGS(DB_INT(f.riaz)), a, &via), DB_OK);
	assert_string_equal(answer, "yes");
	assert_string_equal(via, "sms");
	/* on the person's history and the case's timeline */
	int64_t n = 0;
	assert_int_equal(db_get_int(db, "SELECT COUNT(*) FROM activities WHERE person_id = ? AND kind = "
	                                "'mobilization.answer'", DB_ARGS(DB_INT(f.riaz)), &n), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(db_get_int(db, "SELECT COUNT(*) FROM case_events WHERE case_id = ? AND kind = "
	                                "'answer'", DB_ARGS(DB_INT(f.case_id)), &n), DB_OK);
	assert_int_equal(n, 1);
	/* someone who was not asked, and a sentence, are left to others */
	struct reply other = { "+17185550113", "YES", true };
	assert_int_equal(db_tx(db, dispatch, &other), DB_OK);
	assert_false(other.taken);
	struct reply chat = { "+17185550110", "what time?", true };
	assert_int_equal(db_tx(db, dispatch, &chat), DB_OK);
	assert_false(chat.taken);
	/* a change of mind counts once */
	struct reply no = { "+17185550110", "2", false };
	assert_int_equal(db_tx(db, dispatch, &no), DB_OK);
	assert_true(no.taken);
	assert_int_equal(db_get_int(db, "SELECT COUNT(*) FROM mobilization_answers WHERE mobilization_id = ? "
	                                "AND answer = 'no'", DB_ARGS(DB_INT(f.mob)), &n), DB_OK);
	assert_int_equal(n, 1);
	arena_destroy(a);
	db_close(db);
}

static void new_york_wall_clock(void **state)
{
	(void)state;
	int64_t t = 0;
	/* winter: UTC-5; summer: UTC-4 */
	assert_true(tz_parse_local("America/New_York", "2026-11-28", "09:00", &t));
	assert_int_equal(t, 1795874400); /* 2026-11-28 14:00 UTC */
	assert_true(tz_parse_local("America/New_York", "2026-07-01T09:00", NULL, &t));
	assert_int_equal(t, 1782910800); /* 2026-07-01 13:00 UTC */
	char out[40], date[11], hm[6];
	tz_format("America/New_York", 1795874400, out, sizeof out);
	assert_string_equal(out, "2026-11-28 09:00");
	tz_format_parts("America/New_York", 1782910800, date, hm);
	assert_string_equal(date, "2026-07-01");
	assert_string_equal(hm, "09:00");
	/* nonsense is refused, and a zone name cannot walk the file system */
	assert_false(tz_parse_local("America/New_York", "2026-02-31", "09:00", &t));
	assert_false(tz_parse_local("America/New_York", "2026-11-28", "25:00", &t));
	assert_false(tz_parse_local("America/New_York", "tomorrow", "09:00", &t));
	assert_true(tz_parse_local("../../etc/passwd", "2026-11-28", "09:00", &t));
	assert_int_equal(t, 1795856400); /* treated as UTC */
}

static void case_teams_decide(void **state)
{
	(void)state;
	struct actor vol = { ACTOR_USER, 1, ROLE_VOLUNTEER }, org = { ACTOR_USER, 2, ROLE_ORGANIZER },
	             admin = { ACTOR_USER, 3, ROLE_ADMIN }, token = { ACTOR_TOKEN, 4, ROLE_ADMIN };
	assert_false(perm_allows_record(&vol, ACT_CASES_READ, true)); /* never, even if added */
	assert_false(perm_allows_record(&org, ACT_CASES_READ, false));
	assert_true(perm_allows_record(&org, ACT_CASES_READ, true));
	assert_true(perm_allows_record(&admin, ACT_CASES_EDIT, false));
	assert_false(perm_allows_record(&token, ACT_CASES_READ, true)); /* no case API for tokens yet */
	assert_false(perm_allows(&vol, ACT_CASES_CREATE));
	assert_true(perm_allows(&org, ACT_CASES_CREATE));
}

static void photos_lose_their_metadata(void **state)
{
	(void)state;
	struct arena *a = arena_new(4096);
	static const unsigned char jpeg[] = {
		0xFF, 0xD8,
		0xFF, 0xE0, 0x00, 0x06, 'J', 'F', 'I', 'F',                 /* APP0: kept */
		0xFF, 0xE1, 0x00, 0x08, 'E', 'x', 'i', 'f', 'G', 'P',       /* APP1 EXIF: dropped */
		0xFF, 0xFE, 0x00, 0x05, 'G', 'P', 'S',                      /* COM: dropped */
		0xFF, 0xDB, 0x00, 0x03, 0x00,                               /* DQT: kept */
		0xFF, 0xDA, 0x00, 0x03, 0x00, 0x12, 0xFF, 0x00, 0x34,       /* SOS + data */
		0xFF, 0xD9, 'G', 'P', 'S',                                  /* EOI + trailer: dropped */
	};
	static const unsigned char want[] = {
		0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x06, 'J', 'F', 'I', 'F', 0xFF, 0xDB, 0x00, 0x03, 0x00,
		0xFF, 0xDA, 0x00, 0x03, 0x00, 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD9,
	};
	size_t len;
	enum img_kind kind;
	unsigned char *out = img_strip_metadata(a, jpeg, sizeof jpeg, &len, &kind);
	assert_non_null(out);
	assert_int_equal(kind, IMG_JPEG);
	assert_int_equal(len, sizeof want);
	assert_memory_equal(out, want, sizeof want);
	static const unsigned char png[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
		0, 0, 0, 1, 'I', 'H', 'D', 'R', 9, 0, 0, 0, 0,
		0, 0, 0, 3, 't', 'E', 'X', 't', 'G', 'P', 'S', 0, 0, 0, 0,
		0, 0, 0, 1, 'I', 'D', 'A', 'T', 7, 0, 0, 0, 0,
		0, 0, 0, 0, 'I', 'E', 'N', 'D', 0, 0, 0, 0,
		'G', 'P', 'S',
	};
	out = img_strip_metadata(a, png, sizeof png, &len, &kind);
	assert_non_null(out);
	assert_int_equal(kind, IMG_PNG);
	assert_int_equal(len, sizeof png - 15 - 3);
	assert_null(memmem(out, len, "GPS", 3));
	assert_non_null(memmem(out, len, "IDAT", 4));
	/* anything else, or a truncated file, is refused */
	assert_null(img_strip_metadata(a, (const unsigned char *)"<svg/>", 6, &len, &kind));
	assert_int_equal(kind, IMG_NONE);
	assert_null(img_strip_metadata(a, jpeg, 12, &len, &kind));
	assert_null(img_strip_metadata(a, png, 30, &len, &kind));
	arena_destroy(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reply_words_in_every_language),
		cmocka_unit_test(sms_replies_answer_the_newest_mobilization),
		cmocka_unit_test(new_york_wall_clock),
		cmocka_unit_test(case_teams_decide),
		cmocka_unit_test(photos_lose_their_metadata),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

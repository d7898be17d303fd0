/* Unit tests for model/petitions.c and model/events.c against a real
 * database: one signature per person, double opt-in counted only after
 * the link, milestones; the intake a crowd's signatures go through (counted
 * at once, filed later, duplicates caught at both ends, a bad row set
 * aside); RSVPs by capacity and the waiting list moving up
 * when someone cancels. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/arena.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "db/migrate.h"
#include "i18n/i18n.h"
#include "model/events.h"
#include "model/people.h"
#include "model/petition_intake.h"
#include "model/petitions.h"

static char dir[] = "/tmp/sanctuary-unit-petitions-XXXXXX";
static struct db *db;

static int setup(void **state)
{
	(void)state;
	if (sodium_init() < 0 || mkdtemp(dir) == NULL || !i18n_init())
		return -1;
	struct key_source pass = { NULL, "correct horse battery staple" };
	if (!keys_create(dir, &pass) || !keys_load(dir, &pass))
		return -1;
	char path[300];
	snprintf(path, sizeof path, "%s/t.db", dir);
	db = db_open(path);
	return db && migrate_up(db, false) > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	db_close(db);
	keys_unload();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int64_t count_of(int64_t id)
{
	int64_t n = -1;
	assert_int_equal(db_get_int(db, "SELECT signature_count FROM petitions WHERE id = ?", DB_ARGS(DB_INT(id)), &n),
	                 DB_OK);
	return n;
}

static void double_opt_in_counts_after_the_link_once(void **state)
{
	(void)state;
	int64_t id = petition_create(db, &(struct petition){ .slug = "opt-in", .goal = 1, .double_opt_in = true }, 0);
	assert_true(id > 0);
	assert_int_equal(petition_create(db, &(struct petition){ .slug = "opt-in" }, 0), 0); /* slug taken */
	struct signature_input in = { .petition_id = id, .given_name = "Ana", .family_name = "Ruiz",
	                              .email = "ana@example.org", .lang = "es", .needs_confirmation = true,
	                              .confirm_url_prefix = "https://x/p/opt-in/confirm/", .title = "T" };
	struct sign_result r;
	assert_true(petition_sign(db, &in, &r));
	assert_int_equal(r.outcome, SIGN_PENDING);
	assert_true(strlen(r.confirm_token) >= 32);
	assert_int_equal(count_of(id), 0);
	int64_t pid = 0;
	bool already = true;
	assert_false(petition_confirm(db, "not-a-token-at-all-xxxxxxxxxxxx", &pid, &already));
	assert_true(petition_confirm(db, r.confirm_token, &pid, &already));
	assert_int_equal(pid, id);
	assert_false(already);
	assert_int_equal(count_of(id), 1);
	assert_true(petition_confirm(db, r.confirm_token, &pid, &already));
	assert_true(already);
	assert_int_equal(count_of(id), 1);
	/* signing again: the same person, "already", nothing counted */
	struct sign_result again;
	assert_true(petition_sign(db, &in, &again));
	assert_int_equal(again.outcome, SIGN_ALREADY);
	assert_int_equal(again.person_id, r.person_id);
	assert_int_equal(count_of(id), 1);
	/* the goal (1) was reached at the confirmation */
	int64_t m = 0;
	assert_int_equal(db_get_int(db, "SELECT count(*) FROM petition_milestones WHERE petition_id = ? AND kind = 'goal'",
	                            DB_ARGS(DB_INT(id)), &m), DB_OK);
	assert_int_equal(m, 1);
	/* the confirmation message was queued in the signer's language */
	struct arena *a = arena_new(256);
	char *lang = NULL;
	assert_int_equal(db_get_text(db, "SELECT lang FROM messages WHERE purpose = 'petition.confirm' AND ref_id = ?",
	                             DB_ARGS(DB_INT(id)), a, &lang), DB_OK);
	assert_string_equal(lang, "es");
	arena_destroy(a);
}

static void waiting_list_moves_up_on_cancel(void **state)
{
	(void)state;
	int64_t now = time(NULL);
	int64_t id = event_create(db, &(struct event){ .slug = "tiny", .starts_at = now + 7 * 86400,
	                                               .ends_at = now + 7 * 86400 + 3600, .capacity = 1 }, 0);
	assert_true(id > 0);
	struct arena *a = arena_new(4096);
	struct rsvp_result first, second;
	struct rsvp_input in = { .event_id = id, .given_name = "Uno", .email = "uno@example.org", .lang = "en" };
	assert_true(event_rsvp(db, a, &in, &first));
	assert_int_equal(first.status, RSVP_GOING);
	in.given_name = "Dos";
	in.email = "dos@example.org";
	in.lang = "bn";
	assert_true(event_rsvp(db, a, &in, &second));
	assert_int_equal(second.status, RSVP_WAITLIST);
	struct rsvp r;
	assert_true(rsvp_by_token(db, a, second.token, &r));
	assert_int_equal(r.waitlist_position, 1);
	/* the first cancels: the second moves up, with a message in Bengali */
	assert_true(rsvp_by_token(db, a, first.token, &r));
	int64_t moved = 0;
	assert_true(rsvp_cancel(db, a, r.id, NULL, NULL, &moved));
	assert_int_equal(moved, second.rsvp_id);
	assert_true(rsvp_by_token(db, a, second.token, &r));
	assert_int_equal(r.status, RSVP_GOING);
	int64_t queued = 0;
	assert_int_equal(db_get_int(db, "SELECT count(*) FROM messages WHERE ref_kind = 'rsvp' AND ref_id = ? "
	                                "AND purpose = 'event.moved_up' AND lang = 'bn'",
	                            DB_ARGS(DB_INT(second.rsvp_id)), &queued), DB_OK);
	assert_int_equal(queued, 1);
	/* the first one's reminders were cancelled with the RSVP */
	assert_int_equal(db_get_int(db, "SELECT count(*) FROM messages WHERE ref_kind = 'rsvp' AND ref_id = ? "
	                                "AND purpose LIKE 'event.reminder%' AND status = 'queued'",
	                            DB_ARGS(DB_INT(first.rsvp_id)), &queued), DB_OK);
	assert_int_equal(queued, 0);
	/* check-in: first event ever for this person */
	assert_true(event_check_in(db, id, second.rsvp_id));
	struct event_totals t;
	assert_true(event_headcount(db, id, 1));
	assert_true(event_totals(db, id, &t));
	assert_int_equal(t.checked_in, 1);
	assert_int_equal(t.first_timers, 1);
	assert_int_equal(t.anonymous, 1);
	assert_int_equal(t.attendance, 2);
	assert_int_equal(t.cancelled, 1);
	/* a "walk-in" who had registered is checked in, not counted as a walk-in */
	int64_t other = event_create(db, &(struct event){ .slug = "tiny-two", .starts_at = now + 86400 * 8,
	                                                  .ends_at = now + 86400 * 8 + 3600 }, 0);
	struct rsvp_result reg, door;
	in = (struct rsvp_input){ .event_id = other, .given_name = "Tres", .phone = "+17185550133", .lang = "es" };
	assert_true(event_rsvp(db, a, &in, &reg));
	in.walk_in = true;
	assert_true(event_rsvp(db, a, &in, &door));
	assert_true(door.already);
	assert_int_equal(door.rsvp_id, reg.rsvp_id);
	assert_true(event_totals(db, other, &t));
	assert_int_equal(t.checked_in, 1);
	assert_int_equal(t.walk_ins, 0);
	arena_destroy(a);
}


static int64_t scalar(const char *sql, int64_t arg)
{
	int64_t n = -1;
	assert_int_equal(db_get_int(db, sql, DB_ARGS(DB_INT(arg)), &n), DB_OK);
	return n;
}

static const struct audit_entry public_signing = { AUDIT_ANONYMOUS, 0, "petition.sign", "petition", 0, NULL };

static void intake_counts_at_once_and_files_later(void **state)
{
	(void)state;
	int64_t id = petition_create(db, &(struct petition){ .slug = "crowd", .goal = 1000 }, 0);
	assert_true(id > 0);
	struct signature_input in = { .petition_id = id, .given_name = "Rosa", .family_name = "Paz",
	                              .email = "rosa@example.org", .postal_code = "11372", .lang = "es",
	                              .comment = "Sí, que se quede", .show_publicly = true, .title = "T" };
	struct sign_result r;
	assert_true(petition_intake_add(db, &in, &public_signing, &r));
	assert_int_equal(r.outcome, SIGN_COUNTED);
	assert_int_equal(count_of(id), 1);
	assert_int_equal(petition_intake_waiting(db), 1);
	/* the row holds nothing readable: the payload is sealed */
	assert_int_equal(scalar("SELECT COUNT(*) FROM petition_intake WHERE petition_id = ? AND "
	                        "(instr(payload_sealed, 'rosa') > 0 OR instr(payload_sealed, 'Rosa') > 0)", id), 0);
	/* the same signer again, through the intake or at once: already signed */
	assert_true(petition_intake_add(db, &in, &public_signing, &r));
	assert_int_equal(r.outcome, SIGN_ALREADY);
	assert_true(petition_sign(db, &in, &r));
	assert_int_equal(r.outcome, SIGN_ALREADY);
	assert_int_equal(count_of(id), 1);
	assert_int_equal(person_by_email(db, "rosa@example.org"), 0); /* not filed yet */

	assert_true(petition_intake_file_all(db));
	assert_int_equal(petition_intake_waiting(db), 0);
	assert_int_equal(count_of(id), 1);
	int64_t person = person_by_email(db, "rosa@example.org");
	assert_true(person > 0);
	assert_int_equal(scalar("SELECT COUNT(*) FROM petition_signatures WHERE petition_id = ? AND confirmed = 1 "
	                        "AND name = 'Rosa Paz' AND postal_code = '11372' AND comment_sealed IS NOT NULL", id), 1);
	assert_int_equal(scalar("SELECT COUNT(*) FROM messages WHERE purpose = 'petition.thanks' AND ref_id = ?", id), 1);
	assert_int_equal(scalar("SELECT COUNT(*) FROM activities WHERE person_id = ? AND kind = 'petition.signed'",
	                        person), 1);
	assert_int_equal(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'petition.sign' AND object_id = ?", id), 1);
	/* and once filed, still already signed */
	assert_true(petition_intake_add(db, &in, &public_signing, &r));
	assert_int_equal(r.outcome, SIGN_ALREADY);
	assert_int_equal(count_of(id), 1);
}

static void intake_drops_a_second_signature_found_when_filed(void **state)
{
	(void)state;
	/* someone who joined with both an email and a phone */
	bool created;
	int64_t person = person_upsert(db, &(struct person_input){
		.given_name = "Bilal", .emails = (const char *const[]){ "bilal@example.org" }, .n_emails = 1,
		.phones = (const char *const[]){ "+17185550101" }, .n_phones = 1, .source = "join" }, &created);
	assert_true(person > 0);
	int64_t id = petition_create(db, &(struct petition){ .slug = "crowd-two", .goal = 10 }, 0);
	struct sign_result r;
	assert_true(petition_intake_add(db, &(struct signature_input){ .petition_id = id, .given_name = "Bilal",
		.email = "bilal@example.org", .lang = "en", .title = "T" }, &public_signing, &r));
	assert_int_equal(r.outcome, SIGN_COUNTED);
	/* the same person by phone, before the first is filed: cannot be told yet */
	assert_true(petition_intake_add(db, &(struct signature_input){ .petition_id = id, .given_name = "Bilal",
		.phone = "+17185550101", .lang = "en", .title = "T" }, &public_signing, &r));
	assert_int_equal(r.outcome, SIGN_COUNTED);
	assert_int_equal(count_of(id), 2);
	assert_true(petition_intake_file_all(db));
	assert_int_equal(count_of(id), 1);
	assert_int_equal(scalar("SELECT COUNT(*) FROM petition_signatures WHERE petition_id = ?", id), 1);
	assert_int_equal(scalar("SELECT person_id FROM petition_signatures WHERE petition_id = ?", id), person);
}

static void intake_double_opt_in_waits_for_the_link(void **state)
{
	(void)state;
	int64_t id = petition_create(db, &(struct petition){ .slug = "crowd-opt-in", .goal = 5, .double_opt_in = true }, 0);
	struct signature_input in = { .petition_id = id, .given_name = "Dawa", .email = "dawa@example.org",
	                              .lang = "ne", .needs_confirmation = true,
	                              .confirm_url_prefix = "https://x/p/crowd-opt-in/confirm/", .title = "T" };
	struct sign_result r;
	assert_true(petition_intake_add(db, &in, &public_signing, &r));
	assert_int_equal(r.outcome, SIGN_PENDING);
	assert_true(strlen(r.confirm_token) >= 32);
	assert_int_equal(count_of(id), 0);
	assert_true(petition_intake_file_all(db));
	assert_int_equal(count_of(id), 0);
	assert_int_equal(scalar("SELECT COUNT(*) FROM petition_signatures WHERE petition_id = ? AND confirmed = 0", id), 1);
	assert_int_equal(scalar("SELECT COUNT(*) FROM messages WHERE purpose = 'petition.confirm' AND ref_id = ?", id), 1);
	/* the token the signer was given is the one that confirms */
	int64_t pid = 0;
	bool already = true;
	assert_true(petition_confirm(db, r.confirm_token, &pid, &already));
	assert_false(already);
	assert_int_equal(count_of(id), 1);
}

static void intake_sets_aside_a_row_it_cannot_file(void **state)
{
	(void)state;
	int64_t id = petition_create(db, &(struct petition){ .slug = "crowd-bad", .goal = 5 }, 0);
	struct sign_result r;
	assert_true(petition_intake_add(db, &(struct signature_input){ .petition_id = id, .given_name = "A",
		.email = "a-bad@example.org", .lang = "en", .title = "T" }, &public_signing, &r));
	assert_true(petition_intake_add(db, &(struct signature_input){ .petition_id = id, .given_name = "B",
		.email = "b-good@example.org", .lang = "en", .title = "T" }, &public_signing, &r));
	/* a payload that no longer opens (moved to another row) */
	assert_int_equal(db_exec(db, "UPDATE petition_intake SET payload_sealed = (SELECT payload_sealed FROM "
	                             "petition_intake WHERE petition_id = ?1 ORDER BY id DESC LIMIT 1) "
	                             "WHERE id = (SELECT MIN(id) FROM petition_intake WHERE petition_id = ?1)",
	                         DB_ARGS(DB_INT(id))), DB_OK);
	assert_true(petition_intake_file_all(db));
	assert_int_equal(petition_intake_waiting(db), 0);
	assert_int_equal(scalar("SELECT COUNT(*) FROM petition_intake WHERE petition_id = ? AND failed = 1", id), 1);
	assert_true(person_by_email(db, "b-good@example.org") > 0);
	assert_int_equal(person_by_email(db, "a-bad@example.org"), 0);
	/* kept aside, it still stops the same address from signing twice */
	assert_true(petition_intake_add(db, &(struct signature_input){ .petition_id = id, .given_name = "A",
		.email = "a-bad@example.org", .lang = "en", .title = "T" }, &public_signing, &r));
	assert_int_equal(r.outcome, SIGN_ALREADY);
	/* after the days it is kept, it is erased and its count taken back */
	int64_t counted = count_of(id);
	assert_int_equal(petition_intake_purge(db, time(NULL)), 0);
	assert_int_equal(petition_intake_purge(db, time(NULL) + (PETITION_INTAKE_KEEP_DAYS + 1) * 86400), 1);
	assert_int_equal(scalar("SELECT COUNT(*) FROM petition_intake WHERE petition_id = ?", id), 0);
	assert_int_equal(count_of(id), counted - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(double_opt_in_counts_after_the_link_once),
		cmocka_unit_test(intake_counts_at_once_and_files_later),
		cmocka_unit_test(intake_drops_a_second_signature_found_when_filed),
		cmocka_unit_test(intake_double_opt_in_waits_for_the_link),
		cmocka_unit_test(intake_sets_aside_a_row_it_cannot_file),
		cmocka_unit_test(waiting_list_moves_up_on_cancel),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

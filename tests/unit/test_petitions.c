/* Unit tests for model/petitions.c and model/events.c against a real
 * database: one signature per person, double opt-in counted only after
 * the link, milestones; RSVPs by capacity and the waiting list moving up
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(double_opt_in_counts_after_the_link_once),
		cmocka_unit_test(waiting_list_moves_up_on_cancel),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

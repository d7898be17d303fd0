/* sanctuary mobilization: tools around rapid mobilization.
 *   messages  print the queued messages of a mobilization, opened (for the
 *             demo and tests before a transport is configured; audited)
 *   reply     offer an SMS reply to the inbound handlers, as the SMS
 *             webhook does (for tests and a gateway without webhooks)
 *   bench     time queuing a mobilization to N synthetic people */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "core/arena.h"
#include "crypto/seal.h"
#include "db/db.h"
#include "model/audit.h"
#include "model/inbound.h"
#include "model/mobilize.h"
#include "model/people.h"

static void print_escaped(const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\n')
			fputs("\\n", stdout);
		else if (*s == '\t')
			fputs("\\t", stdout);
		else
			putchar(*s);
	}
}

static int messages(int argc, char **argv)
{
	const char *dir = NULL, *key_file = NULL, *id = NULL;
	const struct flag flags[] = {
		{ "--data", "DIR", "data folder", true, &dir, NULL },
		{ "--id", "N", "the mobilization", true, &id, NULL },
		KEY_FILE_FLAG(key_file),
	};
	enum args_result r = args_parse("sanctuary mobilization messages --data DIR --id N",
	                                "Prints the messages queued for a mobilization and its "
	                                "follow-ups, one per line: id, channel, language, purpose, "
	                                "status, address, body. The read is audited.",
	                                argc, argv, flags, sizeof flags / sizeof flags[0], NULL, 0, NULL);
	if (r != ARGS_OK)
		return args_exit(r);
	struct db *db = cli_open_data(dir, true, key_file);
	if (db == NULL)
		return 1;
	struct arena *a = arena_new(64 * 1024);
	struct db_rows *rows = db_query(db,
		"SELECT id, channel, lang, purpose, status, to_sealed, body_sealed FROM messages "
		"WHERE ref_kind = 'mobilization' AND ref_id = ? ORDER BY id",
		DB_ARGS(DB_INT(atoll(id))));
	while (db_next(rows)) {
		int64_t mid = db_col_int(rows, 0);
		size_t tl = 0, bl = 0;
		const void *tb = db_col_blob(rows, 5, &tl), *bb = db_col_blob(rows, 6, &bl);
		char *to = tb ? seal_open(a, "messages", "to", mid, tb, tl, NULL) : NULL;
		char *body = bb ? seal_open(a, "messages", "body", mid, bb, bl, NULL) : NULL;
		printf("%lld\t%s\t%s\t%s\t%s\t", (long long)mid, db_col_text(rows, 1), db_col_text(rows, 2),
		       db_col_text(rows, 3), db_col_text(rows, 4));
		print_escaped(to);
		putchar('\t');
		print_escaped(body);
		putchar('\n');
	}
	bool ok = db_done(rows) == DB_OK;
	audit_append(db, &(struct audit_entry){ AUDIT_CLI, 0, "outbox.read", "mobilization", atoll(id), NULL });
	arena_destroy(a);
	db_close(db);
	return ok ? 0 : 1;
}

struct reply_ctx {
	const char *from, *text;
	bool taken;
};

static enum db_status reply_tx(struct db *db, void *p)
{
	struct reply_ctx *c = p;
	c->taken = inbound_sms_dispatch(db, c->from, person_by_phone(db, c->from), c->text);
	return DB_OK;
}

static int reply(int argc, char **argv)
{
	const char *dir = NULL, *key_file = NULL, *from = NULL, *text = NULL;
	const struct flag flags[] = {
		{ "--data", "DIR", "data folder", true, &dir, NULL },
		{ "--from", "PHONE", "sender, E.164", true, &from, NULL },
		{ "--text", "TEXT", "the reply", true, &text, NULL },
		KEY_FILE_FLAG(key_file),
	};
	enum args_result r = args_parse("sanctuary mobilization reply --data DIR --from +1... --text YES",
	                                "Offers an SMS reply to the handlers, as the SMS webhook does; "
	                                "prints \"taken\" when a mobilization recorded it.",
	                                argc, argv, flags, sizeof flags / sizeof flags[0], NULL, 0, NULL);
	if (r != ARGS_OK)
		return args_exit(r);
	struct db *db = cli_open_data(dir, true, key_file);
	if (db == NULL)
		return 1;
	mobilization_register_inbound();
	struct reply_ctx c = { from, text, false };
	bool ok = db_tx(db, reply_tx, &c) == DB_OK;
	printf("%s\n", c.taken ? "taken" : "not taken");
	db_close(db);
	return ok ? 0 : 1;
}

struct bench_ctx {
	long n;
	struct mobilization_input in;
	struct mobilization_result out;
};

static enum db_status people_tx(struct db *db, void *p)
{
	struct bench_ctx *c = p;
	char email[64], phone[20];
	if (db_exec(db, "INSERT OR IGNORE INTO tags (name, created_at) VALUES ('bench', 0)", DB_NOARGS) != DB_OK)
		return DB_ERROR;
	for (long i = 0; i < c->n; i++) {
		snprintf(email, sizeof email, "bench%ld@example.org", i);
		snprintf(phone, sizeof phone, "+1212555%04ld", i % 10000);
		const char *langs[] = { i % 2 ? "bn" : "en" };
		struct person_input in = {
			.given_name = "Bench", .lang = langs[0], .source = "bench", .how = "bench",
			.emails = (const char *const[]){ email }, .n_emails = 1,
			.phones = (const char *const[]){ phone }, .n_phones = i < 10000 ? 1 : 0,
			.languages = langs, .n_languages = 1, .subscribe = { true, true, false },
		};
		bool created;
		int64_t id = person_upsert(db, &in, &created);
		if (id < 0 || db_exec(db, "INSERT OR IGNORE INTO taggings (tag_id, person_id, created_at) "
		                          "SELECT id, ?, 0 FROM tags WHERE name = 'bench'",
		                      DB_ARGS(DB_INT(id))) != DB_OK)
			return DB_ERROR;
	}
	return DB_OK;
}

static enum db_status send_tx(struct db *db, void *p)
{
	struct bench_ctx *c = p;
	return mobilization_send(db, &c->in, &c->out) ? DB_OK : DB_ERROR;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int bench(int argc, char **argv)
{
	const char *dir = NULL, *key_file = NULL, *n = NULL;
	bool email_only = false;
	const struct flag flags[] = {
		{ "--data", "DIR", "data folder (use a throwaway one)", true, &dir, NULL },
		{ "--people", "N", "how many synthetic people (tagged bench)", true, &n, NULL },
		{ "--email-only", NULL, "queue email only (one message per person)", false, NULL, &email_only },
		KEY_FILE_FLAG(key_file),
	};
	enum args_result r = args_parse("sanctuary mobilization bench --data DIR --people N",
	                                "Adds N synthetic people tagged \"bench\" (once), then times "
	                                "queuing one mobilization to all of them in one transaction.",
	                                argc, argv, flags, sizeof flags / sizeof flags[0], NULL, 0, NULL);
	if (r != ARGS_OK)
		return args_exit(r);
	struct db *db = cli_open_data(dir, true, key_file);
	if (db == NULL)
		return 1;
	static const struct mobilization_text texts[] = {
		{ "en", "Hearing tomorrow 9:00 at 26 Federal Plaza. Can you come?" },
		{ "bn", "আগামীকাল সকাল ৯টায় ২৬ ফেডারেল প্লাজায় শুনানি। আপনি কি আসতে পারবেন?" },
	};
	struct bench_ctx c = { .n = atol(n) };
	if (c.n <= 0 || c.n > 1000000) {
		fprintf(stderr, "sanctuary: --people must be 1..1000000\n");
		db_close(db);
		return 2;
	}
	double t0 = now_ms();
	if (db_tx(db, people_tx, &c) != DB_OK) {
		fprintf(stderr, "sanctuary: could not add the people\n");
		db_close(db);
		return 1;
	}
	double t1 = now_ms();
	c.in = (struct mobilization_input){ .title = "bench", .query = "tag=bench", .email = true,
		.sms = !email_only, .texts = texts, .n_texts = 2, .base_url = "https://example.org" };
	bool ok = db_tx(db, send_tx, &c) == DB_OK;
	double t2 = now_ms();
	printf("people ready in %.0f ms\n", t1 - t0);
	printf("queued mobilization %lld to %lld people (%lld email, %lld SMS) in %.0f ms\n",
	       (long long)c.out.id, (long long)c.out.people, (long long)c.out.emails,
	       (long long)c.out.sms, t2 - t1);
	db_close(db);
	return ok ? 0 : 1;
}

int cmd_mobilization(int argc, char **argv)
{
	if (argc >= 1 && strcmp(argv[0], "messages") == 0)
		return messages(argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "reply") == 0)
		return reply(argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "bench") == 0)
		return bench(argc - 1, argv + 1);
	if (argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
		printf("usage: sanctuary mobilization messages --data DIR --id N\n"
		       "       sanctuary mobilization reply --data DIR --from +1... --text YES\n"
		       "       sanctuary mobilization bench --data DIR --people N [--email-only]\n");
		return 0;
	}
	fprintf(stderr, "sanctuary: usage: sanctuary mobilization (messages|reply|bench) --data DIR ...\n");
	return 2;
}

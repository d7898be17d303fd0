/* sanctuary messages status / test: the outbox from the command line.
 *
 *   status  counts by channel and status (what the staff page shows)
 *   test    queues N test messages to one address, to check a transport
 *           end to end (and to measure it: bench/messaging.sh, the crash
 *           test). Each gets its own idempotency key "test.RUN.I", so the
 *           Message-IDs are distinct. The running server sends them. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "core/arena.h"
#include "core/contact.h"
#include "core/phone.h"
#include "core/text.h"
#include "db/db.h"
#include "model/outbox.h"

static int status(int argc, char **argv)
{
	const char *dir = NULL, *key_file = NULL;
	const struct flag flags[] = {
		{ "--data", "DIR", "data folder", true, &dir, NULL },
		KEY_FILE_FLAG(key_file),
	};
	enum args_result r = args_parse("sanctuary messages status --data DIR",
	                                "Counts messages by channel and status.", argc, argv, flags,
	                                sizeof flags / sizeof flags[0], NULL, 0, NULL);
	if (r != ARGS_OK)
		return args_exit(r);
	struct db *db = cli_open_data(dir, true, key_file);
	if (db == NULL)
		return 1;
	struct db_rows *rows = db_query(db,
		"SELECT channel, status, COUNT(*) FROM messages GROUP BY 1, 2 ORDER BY 1, 2", DB_NOARGS);
	while (rows && db_next(rows))
		printf("%s %s %lld\n", db_col_text(rows, 0), db_col_text(rows, 1),
		       (long long)db_col_int(rows, 2));
	bool ok = rows && db_done(rows) == DB_OK;
	db_close(db);
	return ok ? 0 : 1;
}

struct test_ctx {
	enum outbox_channel ch;
	const char *to;
	long count;
	bool bulk;
	const char *subject, *urgent;
	char run[24];
	long queued;
};

static enum db_status queue_tx(struct db *db, void *p)
{
	struct test_ctx *c = p;
	struct arena *a = arena_new(4096);
	for (long i = 1; i <= c->count; i++) {
		char key[64], subject[400], body[160];
		snprintf(key, sizeof key, "test.%s.%ld", c->run, i);
		if (c->subject)
			snprintf(subject, sizeof subject, "%s", c->subject);
		else
			snprintf(subject, sizeof subject, "Sanctuary test %ld/%ld", i, c->count);
		snprintf(body, sizeof body,
		         "This is test message %ld of %ld (run %s), queued by `sanctuary messages test`.",
		         i, c->count, c->run);
		struct outbox_message m = {
			.channel = c->ch, .to = c->to, .lang = "en", .subject = subject, .body = body,
			.bulk = c->bulk, .purpose = "messaging.test", .idempotency_key = key,
			.urgent_reason = c->urgent,
		};
		int64_t id = outbox_enqueue(db, &m);
		if (id < 0) {
			arena_destroy(a);
			return DB_ERROR;
		}
		c->queued += id > 0;
	}
	arena_destroy(a);
	return DB_OK;
}

static int test(int argc, char **argv)
{
	const char *dir = NULL, *key_file = NULL, *email = NULL, *sms = NULL, *count_s = "1",
	           *subject = NULL, *urgent = NULL;
	bool bulk = false;
	const struct flag flags[] = {
		{ "--data", "DIR", "data folder", true, &dir, NULL },
		{ "--email", "ADDRESS", "send test emails to this address", false, &email, NULL },
		{ "--sms", "NUMBER", "send test texts to this number", false, &sms, NULL },
		{ "--count", "N", "how many (1; at most 100000)", false, &count_s, NULL },
		{ "--subject", "TEXT", "the emails' subject (any language)", false, &subject, NULL },
		{ "--urgent", "REASON", "send even during quiet hours, for this reason", false, &urgent, NULL },
		{ "--bulk", NULL, "as bulk mail (List-Unsubscribe headers)", false, NULL, &bulk },
		KEY_FILE_FLAG(key_file),
	};
	enum args_result r = args_parse(
		"sanctuary messages test --data DIR (--email ADDRESS | --sms NUMBER) [--count N] [--subject TEXT] [--bulk] [--urgent REASON]",
		"Queues test messages to one address to check a transport; the running server "
		"delivers them.",
		argc, argv, flags, sizeof flags / sizeof flags[0], NULL, 0, NULL);
	if (r != ARGS_OK)
		return args_exit(r);
	char *end;
	long count = strtol(count_s, &end, 10);
	if ((email == NULL) == (sms == NULL) || *end || count < 1 || count > 100000) {
		fprintf(stderr, "sanctuary: give one of --email or --sms, and --count 1..100000\n");
		return 2;
	}
	struct arena *a = arena_new(1024);
	const char *to = email ? email_normalize(a, email) : phone_normalize(a, sms, "US", NULL);
	if (to == NULL || (email && email_problem(to))) {
		fprintf(stderr, "sanctuary: that address is not usable\n");
		arena_destroy(a);
		return 2;
	}
	struct db *db = cli_open_data(dir, true, key_file);
	if (db == NULL) {
		arena_destroy(a);
		return 1;
	}
	if (subject && (strlen(subject) > 300 || !text_valid_utf8(subject, strlen(subject)))) {
		fprintf(stderr, "sanctuary: --subject must be UTF-8, at most 300 bytes\n");
		arena_destroy(a);
		return 2;
	}
	struct test_ctx c = { email ? OUTBOX_EMAIL : OUTBOX_SMS, to, count, bulk, subject, urgent, "", 0 };
	snprintf(c.run, sizeof c.run, "%lld-%08x", (long long)time(NULL), randombytes_random());
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	bool ok = db_tx(db, queue_tx, &c) == DB_OK;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	db_close(db);
	arena_destroy(a);
	if (!ok) {
		fprintf(stderr, "sanctuary: could not queue the messages\n");
		return 1;
	}
	printf("queued %ld test messages (run %s) in %.3f s\n", c.queued, c.run,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}

int cmd_messages(int argc, char **argv)
{
	if (argc >= 1 && strcmp(argv[0], "status") == 0)
		return status(argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "test") == 0)
		return test(argc - 1, argv + 1);
	if (argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
		printf("usage: sanctuary messages status --data DIR\n"
		       "       sanctuary messages test --data DIR (--email ADDRESS | --sms NUMBER) "
		       "[--count N] [--bulk]\n");
		return 0;
	}
	fprintf(stderr, "sanctuary: usage: sanctuary messages (status|test) --data DIR ...\n");
	return 2;
}

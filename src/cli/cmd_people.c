/* sanctuary people import / export: CSV from spreadsheets and Action
 * Network, with progress and per-row problems on standard error. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "core/arena.h"
#include "core/csv.h"
#include "db/db.h"
#include "i18n/i18n.h"
#include "model/audit.h"
#include "model/people.h"
#include "model/people_csv.h"
#include "model/people_merge.h"
#include "model/tags.h"

static void print_problem(size_t line, const char *msgid, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "line %zu: %s\n", line, i18n_get("en", msgid));
}

static bool print_progress(int64_t rows, void *ctx)
{
	(void)ctx;
	if (rows % 10000 == 0)
		fprintf(stderr, "%lld rows read\n", (long long)rows);
	return true;
}

static int import(int argc, char **argv)
{
	const char *dir = NULL, *key_file = NULL, *file = NULL;
	bool dry_run = false;
	const struct flag flags[] = {
		{ "--data", "DIR", "data folder", true, &dir, NULL },
		{ "--dry-run", NULL, "check every row, import nothing", false, NULL, &dry_run },
		KEY_FILE_FLAG(key_file),
	};
	size_t npos = 0;
	enum args_result r = args_parse("sanctuary people import --data DIR [--dry-run] FILE.csv",
	                                "Adds or updates people from a CSV file (spreadsheet or Action "
	                                "Network export); people already known by email or phone are "
	                                "updated, never duplicated. Rows with problems are reported "
	                                "with their line number and skipped.",
	                                argc, argv, flags, sizeof flags / sizeof flags[0], &file, 1, &npos);
	if (r != ARGS_OK)
		return args_exit(r);
	if (npos != 1) {
		fprintf(stderr, "sanctuary: name the CSV file to import\n");
		return 2;
	}
	int fd = strcmp(file, "-") == 0 ? STDIN_FILENO : open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "sanctuary: cannot read %s: %s\n", file, strerror(errno));
		return 1;
	}
	struct db *db = cli_open_data(dir, true, key_file);
	if (db == NULL)
		return 1;
	struct import_report rep;
	struct csv_reader *csv = csv_open_fd(fd);
	bool ok = people_import_csv(db, csv, NULL, dry_run, print_problem, print_progress, NULL, &rep);
	csv_close(csv);
	if (fd != STDIN_FILENO)
		close(fd);
	if (!ok) {
		fprintf(stderr, "sanctuary: import failed (no email or phone column, or a database error)\n");
		db_close(db);
		return 1;
	}
	if (!dry_run)
		audit_append(db, &(struct audit_entry){ AUDIT_CLI, 0, "people.import", "people",
		                                        rep.created + rep.updated, NULL });
	printf("%s%lld rows: %lld new, %lld updated, %lld with problems\n", dry_run ? "dry run: " : "",
	       (long long)rep.rows, (long long)rep.created, (long long)rep.updated, (long long)rep.bad);
	db_close(db);
	return 0;
}

static int export(int argc, char **argv)
{
	const char *dir = NULL, *key_file = NULL, *segment = NULL;
	const struct flag flags[] = {
		{ "--data", "DIR", "data folder", true, &dir, NULL },
		{ "--segment", "NAME", "only the people of this saved search", false, &segment, NULL },
		KEY_FILE_FLAG(key_file),
	};
	enum args_result r = args_parse("sanctuary people export --data DIR [--segment NAME]",
	                                "Writes people as CSV to standard output (the same columns "
	                                "import reads). Audited.",
	                                argc, argv, flags, sizeof flags / sizeof flags[0], NULL, 0, NULL);
	if (r != ARGS_OK)
		return args_exit(r);
	struct db *db = cli_open_data(dir, true, key_file);
	if (db == NULL)
		return 1;
	struct people_query q = { .consent_channel = -1 };
	if (segment) {
		/* a segment is a saved query string of the people list */
		struct arena *a = arena_new(1024);
		char *query = NULL;
		if (db_get_text(db, "SELECT query FROM segments WHERE name = ?", DB_ARGS(DB_TEXT(segment)),
		                a, &query) != DB_OK) {
			fprintf(stderr, "sanctuary: no saved search named '%s'\n", segment);
			arena_destroy(a);
			db_close(db);
			return 1;
		}
		people_query_from_string(a, query, &q);
		int64_t n = people_export_csv(db, &q, stdout);
		arena_destroy(a);
		audit_append(db, &(struct audit_entry){ AUDIT_CLI, 0, "people.export", "segment", n, NULL });
		db_close(db);
		return n < 0 ? 1 : 0;
	}
	int64_t n = people_export_csv(db, &q, stdout);
	audit_append(db, &(struct audit_entry){ AUDIT_CLI, 0, "people.export", "people", n, NULL });
	fprintf(stderr, "%lld people exported\n", (long long)n);
	db_close(db);
	return n < 0 ? 1 : 0;
}

struct dup_print {
	int64_t shown;
};

static void print_pair(const struct duplicate_pair *p, void *ctx)
{
	static const char *const reasons[] = { "same email", "same phone", "same name and postal code" };
	struct dup_print *d = ctx;
	d->shown++;
	printf("%lld\t%lld\t%s\n", (long long)p->a, (long long)p->b, reasons[p->reason]);
}

/* Ids and reasons only: names stay in the staff area. */
static int duplicates(int argc, char **argv)
{
	const char *dir = NULL, *key_file = NULL, *limit_s = NULL;
	const struct flag flags[] = {
		{ "--data", "DIR", "data folder", true, &dir, NULL },
		{ "--limit", "N", "list at most N pairs (default 100; 0 counts only)", false, &limit_s, NULL },
		KEY_FILE_FLAG(key_file),
	};
	enum args_result r = args_parse("sanctuary people duplicates --data DIR [--limit N]",
	                                "Lists likely duplicate people (same email, same phone, or same "
	                                "name and postal code) as person ids and the reason; merge them "
	                                "in the staff area (People > Duplicates).",
	                                argc, argv, flags, sizeof flags / sizeof flags[0], NULL, 0, NULL);
	if (r != ARGS_OK)
		return args_exit(r);
	int limit = limit_s ? atoi(limit_s) : 100;
	if (limit < 0) {
		fprintf(stderr, "sanctuary: --limit must be 0 or more\n");
		return 2;
	}
	struct db *db = cli_open_data(dir, false, key_file);
	if (db == NULL)
		return 1;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct dup_print d = { 0 };
	int64_t total = 0;
	bool ok = people_duplicates(db, limit, print_pair, &d, &total);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	db_close(db);
	if (!ok) {
		fprintf(stderr, "sanctuary: the duplicate finder failed\n");
		return 1;
	}
	fprintf(stderr, "%lld likely duplicate pairs (found in %.3f s)\n", (long long)total,
	        (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}

int cmd_people(int argc, char **argv)
{
	if (argc >= 1 && strcmp(argv[0], "import") == 0)
		return import(argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "export") == 0)
		return export(argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "duplicates") == 0)
		return duplicates(argc - 1, argv + 1);
	if (argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
		printf("usage: sanctuary people import --data DIR [--dry-run] FILE.csv\n"
		       "       sanctuary people export --data DIR [--segment NAME]\n"
		       "       sanctuary people duplicates --data DIR [--limit N]\n");
		return 0;
	}
	fprintf(stderr, "sanctuary: usage: sanctuary people (import|export|duplicates) --data DIR ...\n");
	return 2;
}

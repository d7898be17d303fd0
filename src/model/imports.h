/* Staff imports: an uploaded CSV kept sealed while an organizer maps its
 * columns, checks it (dry run) and imports it. Checking and importing run
 * on a background thread that records rows done, so the page can show a
 * progress bar; the file is erased once imported. One import runs at a
 * time. */
#ifndef SANCTUARY_IMPORTS_H
#define SANCTUARY_IMPORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct arena;

#define IMPORT_PREVIEW_ROWS 5
#define IMPORT_MAX_PROBLEMS 500

struct import_job {
	int64_t id;
	const char *token, *filename, *mapping, *state;
	const char *preview;        /* CSV text: the header and the first rows */
	const char *problems;       /* "line\tmsgid\n"... */
	int64_t created_by, created_at, rows_total, rows_done, created, updated, bad;
	int n_columns;
};

enum import_create_status { IMPORT_CREATED, IMPORT_EMPTY, IMPORT_NOT_CSV, IMPORT_FAILED };

/* Keeps an uploaded file (sealed) with its preview and guessed mapping;
 * sets *token to the import's URL id. Inside the caller's transaction. */
enum import_create_status import_create(struct db *db, struct arena *a, int64_t by_user,
                                        const char *filename, const unsigned char *data,
                                        size_t len, const char **token);
bool import_get(struct db *db, struct arena *a, const char *token, struct import_job *out);
bool import_set_mapping(struct db *db, int64_t id, const char *mapping);
/* The latest imports, newest first. */
typedef void (*import_fn)(const struct import_job *job, void *ctx);
bool import_each_recent(struct db *db, struct arena *a, int limit, import_fn fn, void *ctx);

/* Starts the check (dry run) or the import in the background. False if
 * another one is running or the file is gone. */
bool import_start(struct db *db, int64_t id, bool dry_run);
/* At start-up: jobs a stopped server left running are marked failed (the
 * rows already committed stay; running the import again finishes it,
 * since people are matched by email and phone). */
void import_recover(struct db *db);
/* Stops a running job at its next progress point and waits for it
 * (shutdown): committed batches stay, the job is marked failed. */
void import_stop(void);

#endif

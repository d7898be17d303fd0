/* People to and from CSV: the shapes spreadsheets and Action Network
 * exports use. Columns are recognized from their headers (first_name,
 * last_name, email, zip_code, can2_phone, Phone, Language, tags, ...).
 * Import streams: memory stays flat whatever the file's size. */
#ifndef SANCTUARY_PEOPLE_CSV_H
#define SANCTUARY_PEOPLE_CSV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct db;
struct people_query;

struct import_report {
	int64_t rows, created, updated, bad;
};

/* Called for every row that cannot be imported: the CSV line and a
 * message id saying why (never the row's content). */
typedef void (*import_problem_fn)(size_t line, const char *msgid, void *ctx);
/* Called every `every` rows with the count so far (progress). */
typedef void (*import_progress_fn)(int64_t rows, void *ctx);

/* Reads CSV from fd and adds or updates people (deduped by email and
 * phone), committing in batches. With `dry_run` nothing is written, but
 * every problem is reported. Returns false only on a database error or an
 * unusable file (no recognizable column). */
bool people_import_csv(struct db *db, int fd, bool dry_run, import_problem_fn problem,
                       import_progress_fn progress, void *ctx, struct import_report *out);

/* Writes everyone the query matches as CSV (same columns as import reads)
 * to out; returns the number of people, or -1. */
int64_t people_export_csv(struct db *db, const struct people_query *q, FILE *out);

/* The people list's filters (q, tag, lang_spoken, talent, consent,
 * source, sort) from parsed fields: the list's query string, a bulk
 * action's form, or a saved search. Strings point into `fields`. */
struct arena;
struct kv_list;
void people_query_from_fields(const struct kv_list *fields, struct people_query *out);
/* The same from a saved search's query string; strings live in `a`. */
bool people_query_from_string(struct arena *a, const char *query, struct people_query *out);

#endif

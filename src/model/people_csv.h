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
struct csv_reader;
struct csv_row;
struct arena;

/* What a column can become. */
enum import_field {
	IMPORT_GIVEN, IMPORT_FAMILY, IMPORT_EMAIL, IMPORT_PHONE, IMPORT_ZIP, IMPORT_LANG, IMPORT_TAGS,
	IMPORT__COUNT
};

/* Which CSV column (0-based) feeds each field; -1 for none. */
struct import_mapping {
	int column[IMPORT__COUNT];
};

/* "given_name", "email", ...: the names mappings and forms use. */
const char *import_field_name(enum import_field f);
/* The field's label message id. */
const char *import_field_msgid(enum import_field f);
/* Guesses the mapping from a header row (first_name, can2_phone, Phone,
 * zip_code, Language, ...); true if any column was recognized. */
bool import_guess_mapping(const struct csv_row *header, struct import_mapping *out);
/* Usable: at least an email or a phone column, no column used twice. */
bool import_mapping_usable(const struct import_mapping *m, int n_columns);
/* "given_name=0,email=2" and back (unknown names and bad numbers refused). */
char *import_mapping_format(struct arena *a, const struct import_mapping *m);
bool import_mapping_parse(const char *s, struct import_mapping *out);

struct import_report {
	int64_t rows, created, updated, bad;
};

/* Called for every row that cannot be imported: the CSV line and a
 * message id saying why (never the row's content). */
typedef void (*import_problem_fn)(size_t line, const char *msgid, void *ctx);
/* Called every IMPORT_PROGRESS_EVERY rows with the count so far; returning
 * false stops the import (what was committed stays). */
typedef bool (*import_progress_fn)(int64_t rows, void *ctx);

/* Reads CSV (its first row is the header) and adds or updates people
 * (deduped by email and phone), committing in batches. `mapping` NULL
 * guesses it from the header. With `dry_run` nothing is written, but every
 * problem is reported. `progress` is called every IMPORT_PROGRESS_EVERY
 * rows. Returns false only on a database error or an unusable file or
 * mapping (no email or phone column). */
#define IMPORT_PROGRESS_EVERY 1000
bool people_import_csv(struct db *db, struct csv_reader *r, const struct import_mapping *mapping,
                       bool dry_run, import_problem_fn problem, import_progress_fn progress,
                       void *ctx, struct import_report *out);

/* Writes everyone the query matches as CSV (same columns as import reads)
 * to out; returns the number of people, or -1. */
int64_t people_export_csv(struct db *db, const struct people_query *q, FILE *out);

/* The names of the people list's filters, in the order links carry them
 * (NULL-terminated): q, tag, lang_spoken, talent, availability, consent,
 * source, joined_from, joined_to. */
extern const char *const people_filter_keys[];

/* The people list's filters (people_filter_keys, and sort) from parsed fields: the list's query string, a bulk
 * action's form, or a saved search. Strings point into `fields`. */
struct arena;
struct kv_list;
void people_query_from_fields(const struct kv_list *fields, struct people_query *out);
/* The same from a saved search's query string; strings live in `a`. */
bool people_query_from_string(struct arena *a, const char *query, struct people_query *out);

#endif

/* Likely duplicates and merging two people into one.
 *
 * Duplicates are pairs that share an email or phone (their blind indexes)
 * or the same folded name and postal code. Merging keeps everything of
 * both: contacts, languages, talents, tags, consent history, activities,
 * notes; the dropped record stays as a tombstone pointing at the kept one
 * (merged_into), with its personal data erased, so old links still lead
 * somewhere and nothing about the person is left behind twice. */
#ifndef SANCTUARY_PEOPLE_MERGE_H
#define SANCTUARY_PEOPLE_MERGE_H

#include <stdbool.h>
#include <stdint.h>

struct db;
struct arena;

enum duplicate_reason { DUP_EMAIL, DUP_PHONE, DUP_NAME_POSTAL };

struct duplicate_pair {
	int64_t a, b;  /* a < b */
	enum duplicate_reason reason;
};

typedef void (*duplicate_fn)(const struct duplicate_pair *p, void *ctx);
/* Calls fn for up to `limit` likely duplicate pairs (each pair once, the
 * strongest reason first); sets *total to how many pairs there are in all.
 * Returns false on a database error. */
bool people_duplicates(struct db *db, int limit, duplicate_fn fn, void *ctx, int64_t *total);

/* Features that keep rows about people (signatures, RSVPs, cases...)
 * register how to move them from one person to another; called inside
 * the merge's transaction. */
typedef bool (*person_merge_hook)(struct db *db, int64_t keep, int64_t drop);
void person_merge_register(person_merge_hook fn);

/* Merges `drop` into `keep` inside the caller's write transaction.
 * Returns false (changing nothing the caller commits) if either is
 * missing or already merged, or they are the same person. */
bool person_merge(struct db *db, int64_t keep, int64_t drop, int64_t by_user);

/* The person a merged record now lives in (following the chain), or id
 * itself; 0 if there is no such record. */
int64_t person_current_id(struct db *db, int64_t id);

#endif

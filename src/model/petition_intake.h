/* The petition intake: signatures taken in during a crowd, filed moments
 * later.
 *
 * When many signatures reach the writer together (a petition going viral),
 * each is written as one sealed row here, in the same synchronous commit
 * that answers the signer: durable, counted (unless it waits for an emailed
 * confirmation), and already stopping the same email or phone from signing
 * twice. Everything else a signature brings (the person found or created,
 * the signature row, the activity, the confirmation or thank-you message,
 * the audit entry) is filed from these rows when the writer has nothing
 * queued (db_group_set_idle), and all at once before the server serves, so
 * a crash leaves nothing half done. A row the filing finds to be a second
 * signature of a person known by their other contact is dropped and
 * uncounted. A row that cannot be filed is kept (failed = 1) and logged. */
#ifndef SANCTUARY_PETITION_INTAKE_H
#define SANCTUARY_PETITION_INTAKE_H

#include <stdbool.h>
#include <stdint.h>

#include "model/audit.h"
#include "model/petitions.h"

struct db;

/* From this many items in a group-commit batch on, public signatures go
 * through the intake (a lone signature is filed at once, as before). */
#define PETITION_INTAKE_FROM_BATCH 8

/* Inside the caller's transaction: the signature as an intake row (or
 * SIGN_ALREADY). `audit` is written when the row is filed. */
bool petition_intake_add(struct db *db, const struct signature_input *in, const struct audit_entry *audit,
                         struct sign_result *out);

/* An intake row's id when `petition_id` has a signature waiting with this
 * email or phone (either may be NULL), 0 if none, -1 on error. */
int64_t petition_intake_find(struct db *db, int64_t petition_id, const char *email, const char *phone);

/* For db_group_set_idle: files a few rows on the writer's connection in one
 * transaction; true while more wait. */
bool petition_intake_idle(struct db *writer);

/* Files every waiting row through the group commit (before the server
 * serves, and before staff read a petition's signatures). */
bool petition_intake_file_all(struct db *db);

/* Since the process started: rows taken in, rows filed (or dropped as
 * duplicates). For the log at stop. */
struct petition_intake_stats {
	uint64_t taken, filed;
};
void petition_intake_stats(struct petition_intake_stats *out);

/* Rows set aside (failed) hold a signer's details: after this many days
 * they are erased and the count they added taken back (the daily
 * retention purge, model/retention.c). */
#define PETITION_INTAKE_KEEP_DAYS 30
int64_t petition_intake_purge(struct db *db, int64_t now);

/* How many rows wait, all petitions (for the start log and tests). */
int64_t petition_intake_waiting(struct db *db);

#endif

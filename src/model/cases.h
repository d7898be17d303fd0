/* Cases: a neighbor facing deportation, their sealed file, their team,
 * key dates with reminders, a timeline, tasks and outcomes.
 *
 * Who may see a case is decided by the app (perm_allows_record with
 * case_on_team); this module only stores. Every free-text field that
 * could identify the person or their situation is sealed, bound to
 * (table, column, row). */
#ifndef SANCTUARY_CASES_H
#define SANCTUARY_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct arena;

/* The private file, field by field (index into case_file_columns). */
enum case_field {
	CF_LEGAL_NAME, CF_A_NUMBER, CF_COUNTRY, CF_SITUATION, CF_DETENTION, CF_FACILITY,
	CF_ATTORNEY, CF_ATTORNEY_CONTACT, CF_FAMILY, CF_NOTES, CF__COUNT
};
/* Column stems ("legal_name" → legal_name_sealed) and their label ids. */
extern const char *const case_file_columns[CF__COUNT];
extern const char *const case_file_msgids[CF__COUNT];

struct case_input {
	int64_t person_id;
	const char *title;              /* pseudonymous working title */
	const char *consent_given_by;   /* who agreed ("the person himself") */
	bool consent_public, consent_photo;
	const char *alias;              /* public name, if consent_public */
	const char *file[CF__COUNT];    /* NULL or "" leaves a field empty */
	int64_t by_user;
};

/* Creates the case, seals its file, puts the creator on the team and
 * starts the timeline. Inside the caller's transaction. Returns the id or -1. */
int64_t case_create(struct db *db, const struct case_input *in);
/* Replaces the file's fields (NULL keeps a field as it is). */
bool case_update_file(struct db *db, int64_t id, const char *const file[CF__COUNT], int64_t by_user);
/* Records new consent (history on the timeline); unpublishes the page when
 * the public consent is withdrawn. */
bool case_set_consent(struct db *db, int64_t id, const char *given_by, bool is_public,
                      bool photo, const char *alias, int64_t by_user);

struct case_info {
	int64_t id, person_id;
	const char *title, *status, *alias, *slug, *consent_given_by;
	bool consent_public, consent_photo, published;
	int64_t consent_at, consent_by_user;
	const char *outcome;            /* NULL if none yet */
	int64_t outcome_until, outcome_at, created_at;
	const char *file[CF__COUNT];    /* opened only when asked; else NULL */
};
/* Loads a case; false when there is none. */
bool case_get(struct db *db, struct arena *a, int64_t id, bool open_file, struct case_info *out);

bool case_on_team(struct db *db, int64_t case_id, int64_t user_id);
/* Adds a member; their reminders of the case's coming dates are queued
 * (the others' are untouched: reminder keys are per person). */
bool case_team_add(struct db *db, int64_t case_id, int64_t user_id);
bool case_team_remove(struct db *db, int64_t case_id, int64_t user_id);

/* Appends to the timeline; the text is sealed. Returns the entry id or -1. */
int64_t case_event_add(struct db *db, int64_t case_id, const char *kind, const char *text,
                       int64_t by_user, const char *ref_kind, int64_t ref_id);
/* Opens one timeline entry's text (for listing). */
char *case_event_text(struct arena *a, int64_t event_id, const void *blob, size_t len);

/* ---- key dates ---- */

struct case_date_input {
	const char *kind;               /* checkin, hearing, deadline, other */
	const char *title, *place, *court, *judge, *hearing_type;
	int64_t starts_at;              /* UTC */
};
/* Adds a key date and queues reminders to the team 7 days and 1 day
 * before (a reminder whose time has passed but whose date has not is
 * sent at once). Returns the id or -1. */
int64_t case_date_add(struct db *db, int64_t case_id, const struct case_date_input *in,
                      int64_t by_user);
/* Moves a date: the change goes into its history, its reminders are
 * cancelled and queued again for the new time. */
bool case_date_reschedule(struct db *db, int64_t date_id, int64_t starts_at, const char *place,
                          const char *reason, int64_t by_user);
bool case_date_set_status(struct db *db, int64_t date_id, const char *status, int64_t by_user);
/* The case a date belongs to, or 0. */
int64_t case_of_date(struct db *db, int64_t date_id);

/* ---- tasks and outcomes ---- */

int64_t case_task_add(struct db *db, int64_t case_id, const char *title, int64_t owner,
                      int64_t due_at, int64_t by_user);
bool case_task_done(struct db *db, int64_t case_id, int64_t task_id, int64_t by_user);
/* Records an outcome (stay_granted, released, reopened, deported,
 * detained) with an optional "until" date and note. */
bool case_outcome_set(struct db *db, int64_t case_id, const char *outcome, int64_t until,
                      const char *note, int64_t by_user);
bool case_outcome_valid(const char *outcome);
bool case_date_kind_valid(const char *kind);

/* Publishes or unpublishes the public campaign page (only with consent);
 * sets a random slug the first time. */
bool case_publish(struct db *db, int64_t case_id, bool on, int64_t by_user);

#endif

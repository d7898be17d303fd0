/* Petitions and signatures. A petition's words (title, text, the ask,
 * targets) are content translations (entity "petition"), each language
 * with its review status; the row holds the slug, goal, dates, and the
 * counter of counted signatures, kept in the signing transaction so the
 * public page never counts rows.
 *
 * One signature per person per petition: the signer is found (or made)
 * by person_upsert() through the blind index of their email or phone, and
 * UNIQUE(petition, person) makes a second signature impossible. With
 * double opt-in, a signature counts only once its emailed link is opened. */
#ifndef SANCTUARY_PETITIONS_H
#define SANCTUARY_PETITIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct arena;

struct petition {
	int64_t id;
	const char *slug;
	int64_t goal;
	int64_t case_id;           /* 0: none */
	int64_t starts_at, ends_at; /* 0: open */
	bool unlisted;
	bool double_opt_in;
	int64_t count;             /* counted signatures */
	int64_t created_at;
};

/* Fields of a petition's text, in the order staff pages show them. */
extern const char *const petition_fields[]; /* "title", "body", "ask", "targets", NULL */

bool petition_slug_ok(const char *slug);  /* [a-z0-9-], 2..48, not only digits */

bool petition_get(struct db *db, struct arena *a, int64_t id, struct petition *out);
/* Signatures awaiting their emailed confirmation: counted only where an
 * organizer looks (it grows with a double opt-in flood; loading a petition
 * for every signer must not). */
int64_t petition_pending(struct db *db, int64_t id);
bool petition_by_slug(struct db *db, struct arena *a, const char *slug, struct petition *out);
/* Is it open for signing at `now`? */
bool petition_open(const struct petition *p, int64_t now);

/* Inside the caller's transaction. Returns the id, 0 when the slug is
 * taken, -1 on error. */
int64_t petition_create(struct db *db, const struct petition *p, int64_t by_user);
/* Slug, goal, dates, visibility, opt-in, case. DB_CONFLICT when the slug is taken. */
int petition_update(struct db *db, const struct petition *p);

struct petition_list_row {
	int64_t id;
	const char *slug;
	int64_t goal, count, ends_at;
	bool unlisted;
};
typedef void (*petition_row_fn)(const struct petition_list_row *row, void *ctx);
/* Newest first; public_only leaves unlisted ones out. */
bool petitions_list(struct db *db, struct arena *a, bool public_only, int64_t offset,
                    int64_t limit, petition_row_fn fn, void *ctx, int64_t *total);

/* ---- signing ---- */

struct signature_input {
	int64_t petition_id;
	const char *given_name, *family_name;
	const char *email;              /* normalized, or NULL */
	const char *phone;              /* E.164, or NULL */
	const char *postal_code;
	const char *comment;            /* may be NULL */
	const char *lang;               /* the signer's language */
	bool show_publicly;             /* first name and initial on the page */
	bool subscribe[3];              /* consent ticks: email, sms, phone */
	bool needs_confirmation;        /* double opt-in: counted after the link */
	const char *confirm_url_prefix; /* "https://host/p/slug/confirm/": the token is appended */
	const char *title;              /* for the messages, in `lang` */
};

enum sign_outcome {
	SIGN_COUNTED,        /* new and counted */
	SIGN_PENDING,        /* new, waiting for the emailed link */
	SIGN_ALREADY,        /* this person had signed: nothing counted */
};

struct sign_result {
	enum sign_outcome outcome;
	int64_t signature_id, person_id;
	bool person_created;
	char confirm_token[64];      /* SIGN_PENDING: the emailed link's token */
};

/* Inside the caller's write transaction: the person (source "petition"),
 * the signature, the counter, the activity and the outbox rows (a
 * confirmation link or a thank-you, in the signer's language). A signer
 * whose earlier signature still waits in the intake (model/petition_intake.h)
 * has already signed. */
bool petition_sign(struct db *db, const struct signature_input *in, struct sign_result *out);

/* petition_sign without the intake check, for a signature made at
 * `signed_at`: the person, the signature row, its activity and message, and
 * the count unless `counted` (the intake counted it when the signer was
 * answered).
 * `token` is the emailed link's token for a double opt-in signature (NULL:
 * a new one). SIGN_ALREADY when this person had signed. */
bool petition_file_signature(struct db *db, const struct signature_input *in, int64_t signed_at,
                             bool counted, const char *token, struct sign_result *out);

/* One more counted signature: the counter and the milestones it reaches. */
bool petition_count_one(struct db *db, int64_t petition_id);

/* Counts the signature whose emailed token this is. Inside a transaction.
 * Sets *petition_id; returns false when the token is unknown; *already
 * when it had been confirmed before. */
bool petition_confirm(struct db *db, const char *token, int64_t *petition_id, bool *already);

struct signature_row {
	int64_t id, person_id;
	const char *name, *public_name, *postal_code, *comment, *lang;
	bool comment_hidden, confirmed;
	int64_t created_at;
};
typedef void (*signature_row_fn)(const struct signature_row *row, void *ctx);
/* Oldest first. `with_comments` opens the sealed comments. counted_only
 * leaves out unconfirmed signatures. */
bool petition_signatures(struct db *db, struct arena *a, int64_t petition_id, bool with_comments,
                         bool counted_only, int64_t offset, int64_t limit, signature_row_fn fn,
                         void *ctx, int64_t *total);
/* The newest counted signers who chose to be shown: "Ana M." */
size_t petition_recent_public(struct db *db, struct arena *a, int64_t petition_id,
                              const char **out, size_t cap);
/* Milestones reached (kind "100", "1000", "goal"), oldest first: recorded
 * in the signing transaction, for the petition page and a linked case's
 * timeline. */
typedef void (*milestone_fn)(const char *kind, int64_t count, int64_t reached_at, void *ctx);
bool petition_milestones(struct db *db, struct arena *a, int64_t petition_id, milestone_fn fn, void *ctx);

bool petition_hide_comment(struct db *db, int64_t petition_id, int64_t signature_id, bool hidden);

#endif

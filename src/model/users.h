/* Staff accounts: admins, organizers, volunteers.
 *
 * Emails and names are sealed at rest (a leaked database does not reveal
 * who volunteers); an email is found by its blind index. Passwords are
 * argon2id (libsodium crypto_pwhash_str, INTERACTIVE limits), with at most
 * two hashes running at once so a flood of sign-ins cannot exhaust memory.
 * Two-factor secrets are sealed too. */
#ifndef SANCTUARY_USERS_H
#define SANCTUARY_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct arena;

enum role { ROLE_VOLUNTEER = 0, ROLE_ORGANIZER = 1, ROLE_ADMIN = 2 };

struct user {
	int64_t id;
	const char *email;
	const char *display_name;
	const char *lang;
	enum role role;
	bool disabled;
	bool has_password;
	bool totp_enabled;
	int64_t created_at;
};

const char *role_name(enum role r);
bool role_parse(const char *s, enum role *out);

/* Message id when the password is not acceptable (length, common), else NULL. */
const char *password_problem(const char *password);

/* Creates a user (email already normalized). Returns the id, 0 if the
 * email is taken, -1 on error. `password` may be NULL (set later through
 * an invitation). Runs inside the caller's transaction when `in_tx`. */
int64_t user_create(struct db *db, const char *email, const char *name, enum role role,
                    const char *lang, const char *password);
bool user_by_id(struct db *db, struct arena *a, int64_t id, struct user *out);
/* Id of the user with this (normalized) email, or 0. */
int64_t user_id_by_email(struct db *db, const char *email);
bool user_set_password(struct db *db, int64_t id, const char *password);
bool user_set_role(struct db *db, int64_t id, enum role role);
bool user_set_disabled(struct db *db, int64_t id, bool disabled);

/* Calls fn for every user, ordered by id. */
typedef void (*user_fn)(const struct user *u, void *ctx);
bool user_each(struct db *db, struct arena *a, user_fn fn, void *ctx);

/* Checks a password against the user's hash. Spends one hash even when
 * the user does not exist or has no password, so timing does not reveal
 * which accounts exist. Returns true only for an enabled account. */
bool user_check_password(struct db *db, int64_t id, const char *password);

/* The sealed TOTP secret (raw bytes) and last accepted counter. */
bool user_totp_get(struct db *db, struct arena *a, int64_t id, unsigned char **secret,
                   size_t *len, int64_t *last_counter);
bool user_totp_set(struct db *db, int64_t id, const unsigned char *secret, size_t len);
/* Records counter as used if it is above the stored one (atomically);
 * false if the code was already used. */
bool user_totp_use_counter(struct db *db, int64_t id, int64_t counter);
bool user_totp_clear(struct db *db, int64_t id);

#endif

/* Sign-in sessions. The browser holds a 256-bit random token; the
 * database holds only its keyed BLAKE2b hash, so a copy of the database
 * cannot be replayed. Sessions end after 30 minutes idle or 12 hours in all. */
#ifndef SANCTUARY_SESSIONS_H
#define SANCTUARY_SESSIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/users.h"

struct db;
struct arena;

#define SESSION_IDLE_SECONDS (30 * 60)
#define SESSION_MAX_SECONDS (12 * 60 * 60)
#define SESSION_TOKEN_BYTES 32

struct session {
	int64_t id;
	struct user user;
	int64_t created_at;
	int64_t last_seen_at;
	const char *token;  /* as presented by the browser */
	const char *csrf;   /* this session's form token */
};

/* Starts a session for `user_id`; returns the token (to put in the
 * cookie), or NULL on error. */
char *session_create(struct db *db, struct arena *a, int64_t user_id, const char *user_agent);
/* The live session for `token`, touching its last-seen time; false when
 * the token is unknown, expired (then deleted) or its user disabled. */
bool session_lookup(struct db *db, struct arena *a, const char *token, int64_t now,
                    struct session *out);
/* Lists a user's sessions, newest activity first. */
typedef void (*session_fn)(int64_t id, int64_t created_at, int64_t last_seen_at,
                           const char *user_agent, void *ctx);
bool session_each(struct db *db, int64_t user_id, session_fn fn, void *ctx);
/* Ends one of the user's own sessions; false if it is not theirs. */
bool session_revoke(struct db *db, int64_t user_id, int64_t session_id);
/* Ends the session server-side. */
void session_end(struct db *db, const char *token);
/* Deletes expired sessions; returns how many. */
int64_t session_purge(struct db *db, int64_t now);
/* The CSRF token for a session token (derived, never stored). */
char *session_csrf(struct arena *a, const char *token);
/* Compares a submitted CSRF token in constant time. */
bool session_csrf_ok(const struct session *s, const char *submitted);

/* The cookie name: "__Host-sid" over TLS (the prefix requires Secure),
 * "sid" on plain-HTTP development and loopback setups. */
const char *session_cookie_name(bool tls);

#endif

#include "model/sessions.h"

#include <sodium.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/random.h"
#include "crypto/keys.h"
#include "crypto/seal.h"
#include "db/db.h"

static void token_hash(const char *token, unsigned char out[32])
{
	secret_hash(KEY_SESSIONS, token, out);
}

const char *session_cookie_name(bool tls)
{
	return tls ? "__Host-sid" : "sid";
}

char *session_create(struct db *db, struct arena *a, int64_t user_id, const char *user_agent)
{
	char *token = random_token(a, SESSION_TOKEN_BYTES);
	unsigned char h[32];
	token_hash(token, h);
	int64_t now = time(NULL);
	enum db_status s = db_exec(db,
		"INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, user_agent) "
		"VALUES (?, ?, ?, ?, ?)",
		DB_ARGS(DB_BLOB(h, sizeof h), DB_INT(user_id), DB_INT(now), DB_INT(now),
		        DB_TEXT(user_agent)));
	return s == DB_OK ? token : NULL;
}

bool session_lookup(struct db *db, struct arena *a, const char *token, int64_t now,
                    struct session *out)
{
	if (token == NULL || strlen(token) < 40 || strlen(token) > 64)
		return false;
	unsigned char h[32];
	token_hash(token, h);
	struct db_rows *r = db_query(db,
		"SELECT id, created_at, last_seen_at, user_id FROM sessions WHERE token_hash = ?",
		DB_ARGS(DB_BLOB(h, sizeof h)));
	int64_t user_id = 0;
	bool found = db_next(r);
	if (found) {
		out->id = db_col_int(r, 0);
		out->created_at = db_col_int(r, 1);
		out->last_seen_at = db_col_int(r, 2);
		user_id = db_col_int(r, 3);
	}
	if (db_done(r) != DB_OK || !found || !user_by_id(db, a, user_id, &out->user))
		return false;
	if (out->user.disabled || now - out->last_seen_at > SESSION_IDLE_SECONDS ||
	    now - out->created_at > SESSION_MAX_SECONDS) {
		db_exec(db, "DELETE FROM sessions WHERE id = ?", DB_ARGS(DB_INT(out->id)));
		return false;
	}
	/* Touch at most once a minute: a write per page view is wasted fsyncs. */
	if (now - out->last_seen_at >= 60)
		db_exec(db, "UPDATE sessions SET last_seen_at = ? WHERE id = ?",
		        DB_ARGS(DB_INT(now), DB_INT(out->id)));
	out->token = arena_strdup(a, token);
	out->csrf = session_csrf(a, token);
	return true;
}

bool session_each(struct db *db, int64_t user_id, session_fn fn, void *ctx)
{
	struct db_rows *r = db_query(db,
		"SELECT id, created_at, last_seen_at, user_agent FROM sessions WHERE user_id = ? "
		"ORDER BY last_seen_at DESC",
		DB_ARGS(DB_INT(user_id)));
	while (db_next(r))
		fn(db_col_int(r, 0), db_col_int(r, 1), db_col_int(r, 2), db_col_text(r, 3), ctx);
	return db_done(r) == DB_OK;
}

bool session_revoke(struct db *db, int64_t user_id, int64_t session_id)
{
	return db_exec(db, "DELETE FROM sessions WHERE id = ? AND user_id = ?",
	               DB_ARGS(DB_INT(session_id), DB_INT(user_id))) == DB_OK &&
	       db_changes(db) == 1;
}

void session_end(struct db *db, const char *token)
{
	if (token == NULL)
		return;
	unsigned char h[32];
	token_hash(token, h);
	db_exec(db, "DELETE FROM sessions WHERE token_hash = ?", DB_ARGS(DB_BLOB(h, sizeof h)));
}

int64_t session_purge(struct db *db, int64_t now)
{
	if (db_exec(db, "DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?",
	            DB_ARGS(DB_INT(now - SESSION_IDLE_SECONDS), DB_INT(now - SESSION_MAX_SECONDS))) !=
	    DB_OK)
		return -1;
	return db_changes(db);
}

char *session_csrf(struct arena *a, const char *token)
{
	unsigned char mac[24];
	crypto_generichash(mac, sizeof mac, (const unsigned char *)"csrf-v1", 7,
	                   (const unsigned char *)token, strlen(token));
	size_t n = sodium_base64_ENCODED_LEN(sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, n);
	sodium_bin2base64(out, n, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

bool session_csrf_ok(const struct session *s, const char *submitted)
{
	if (s == NULL || s->csrf == NULL || submitted == NULL)
		return false;
	size_t n = strlen(s->csrf);
	return strlen(submitted) == n && sodium_memcmp(s->csrf, submitted, n) == 0;
}

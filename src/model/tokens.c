#include "model/tokens.h"

#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/random.h"
#include "crypto/keys.h"
#include "crypto/seal.h"
#include "db/db.h"

#define TOKEN_PREFIX "sct_"

char *token_create(struct db *db, struct arena *a, const char *name, enum role role, int64_t *id)
{
	char *token = arena_printf(a, TOKEN_PREFIX "%s", random_token(a, 32));
	unsigned char h[32];
	secret_hash(KEY_SESSIONS, token, h);
	if (db_exec(db,
	            "INSERT INTO api_tokens (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)",
	            DB_ARGS(DB_TEXT(name), DB_TEXT(role_name(role)), DB_BLOB(h, sizeof h),
	                    DB_INT(time(NULL)))) != DB_OK)
		return NULL;
	*id = db_last_id(db);
	return token;
}

static void read_token(struct db_rows *r, struct arena *a, struct api_token *t)
{
	t->id = db_col_int(r, 0);
	t->name = db_col_dup(r, 1, a);
	if (!role_parse(db_col_text(r, 2), &t->role))
		t->role = ROLE_VOLUNTEER;
	t->created_at = db_col_int(r, 3);
	t->last_used_at = db_col_int(r, 4);
	t->revoked_at = db_col_int(r, 5);
}

bool token_lookup(struct db *db, struct arena *a, const char *secret, struct api_token *out)
{
	if (secret == NULL || strncmp(secret, TOKEN_PREFIX, 4) != 0 || strlen(secret) > 100)
		return false;
	unsigned char h[32];
	secret_hash(KEY_SESSIONS, secret, h);
	struct db_rows *r = db_query(db,
		"SELECT id, name, role, created_at, last_used_at, revoked_at FROM api_tokens "
		"WHERE token_hash = ? AND revoked_at IS NULL",
		DB_ARGS(DB_BLOB(h, sizeof h)));
	bool found = db_next(r);
	if (found)
		read_token(r, a, out);
	if (db_done(r) != DB_OK || !found)
		return false;
	int64_t now = time(NULL);
	if (now - out->last_used_at >= 60)
		db_exec(db, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?",
		        DB_ARGS(DB_INT(now), DB_INT(out->id)));
	return true;
}

bool token_revoke(struct db *db, int64_t id)
{
	return db_exec(db, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
	               DB_ARGS(DB_INT(time(NULL)), DB_INT(id))) == DB_OK &&
	       db_changes(db) == 1;
}

bool token_each(struct db *db, struct arena *a, token_fn fn, void *ctx)
{
	struct db_rows *r = db_query(db,
		"SELECT id, name, role, created_at, COALESCE(last_used_at, 0), COALESCE(revoked_at, 0) "
		"FROM api_tokens ORDER BY id DESC",
		DB_NOARGS);
	while (db_next(r)) {
		struct api_token t;
		read_token(r, a, &t);
		fn(&t, ctx);
	}
	return db_done(r) == DB_OK;
}

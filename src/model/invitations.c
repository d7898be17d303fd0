#include "model/invitations.h"

#include <string.h>
#include <time.h>

#include "core/random.h"
#include "crypto/keys.h"
#include "crypto/seal.h"
#include "db/db.h"

char *invitation_create(struct db *db, struct arena *a, int64_t user_id, int64_t created_by)
{
	char *token = random_token(a, 32);
	unsigned char h[32];
	secret_hash(KEY_SESSIONS, token, h);
	int64_t now = time(NULL);
	if (db_exec(db,
	            "INSERT INTO invitations (token_hash, user_id, created_by, created_at, expires_at) "
	            "VALUES (?, ?, ?, ?, ?)",
	            DB_ARGS(DB_BLOB(h, sizeof h), DB_INT(user_id),
	                    created_by ? DB_INT(created_by) : DB_NULL, DB_INT(now),
	                    DB_INT(now + INVITATION_TTL))) != DB_OK)
		return NULL;
	return token;
}

int64_t invitation_user(struct db *db, const char *token, int64_t now)
{
	if (token == NULL || strlen(token) < 40 || strlen(token) > 64)
		return 0;
	unsigned char h[32];
	secret_hash(KEY_SESSIONS, token, h);
	int64_t id = 0;
	if (db_get_int(db,
	               "SELECT user_id FROM invitations WHERE token_hash = ? AND used_at IS NULL "
	               "AND expires_at > ?",
	               DB_ARGS(DB_BLOB(h, sizeof h), DB_INT(now)), &id) != DB_OK)
		return 0;
	return id;
}

bool invitation_use(struct db *db, const char *token, int64_t now)
{
	unsigned char h[32];
	secret_hash(KEY_SESSIONS, token, h);
	return db_exec(db,
	               "UPDATE invitations SET used_at = ? WHERE token_hash = ? AND used_at IS NULL "
	               "AND expires_at > ?",
	               DB_ARGS(DB_INT(now), DB_BLOB(h, sizeof h), DB_INT(now))) == DB_OK &&
	       db_changes(db) == 1;
}

int64_t invitation_purge(struct db *db, int64_t now, int days)
{
	if (db_exec(db, "DELETE FROM invitations WHERE expires_at < ? OR used_at < ?",
	            DB_ARGS(DB_INT(now - (int64_t)days * 86400), DB_INT(now - (int64_t)days * 86400))) !=
	    DB_OK)
		return -1;
	return db_changes(db);
}

#include "model/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crypto/keys.h"
#include "db/db.h"

static const char *const actor_names[] = { "anonymous", "user", "token", "cli", "system" };

const char *audit_actor_name(enum audit_actor a)
{
	return (unsigned)a < 5 ? actor_names[a] : "anonymous";
}

/* The canonical text of an entry: fields joined by 0x1f, which no field
 * can contain (actions and kinds are code constants). */
static void entry_hash(const unsigned char prev[32], int64_t id, int64_t at, const char *actor,
                       int64_t actor_id, const char *action, const char *object_kind,
                       int64_t object_id, const char *outcome, unsigned char out[32])
{
	char text[512];
	int n = snprintf(text, sizeof text, "%lld\x1f%lld\x1f%s\x1f%lld\x1f%s\x1f%s\x1f%lld\x1f%s",
	                 (long long)id, (long long)at, actor, (long long)actor_id, action,
	                 object_kind ? object_kind : "", (long long)object_id, outcome);
	size_t len = n < 0 ? 0 : (size_t)n < sizeof text ? (size_t)n : sizeof text - 1;
	const unsigned char *key = keys_get(KEY_AUDIT);
	crypto_generichash_state st;
	crypto_generichash_init(&st, key, key ? KEY_BYTES : 0, 32);
	crypto_generichash_update(&st, prev, 32);
	crypto_generichash_update(&st, (const unsigned char *)text, len);
	crypto_generichash_final(&st, out, 32);
}

bool audit_append_tx(struct db *db, const struct audit_entry *e)
{
	if (keys_get(KEY_AUDIT) == NULL)
		return false;
	unsigned char prev[32] = { 0 }, hash[32];
	int64_t last_id = 0;
	struct db_rows *r = db_query(db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
	                             DB_NOARGS);
	if (db_next(r)) {
		size_t len;
		const void *h = db_col_blob(r, 1, &len);
		last_id = db_col_int(r, 0);
		if (len == 32)
			memcpy(prev, h, 32);
	}
	if (db_done(r) != DB_OK)
		return false;
	int64_t id = last_id + 1, at = time(NULL);
	const char *actor = audit_actor_name(e->actor);
	const char *outcome = e->outcome ? e->outcome : "ok";
	entry_hash(prev, id, at, actor, e->actor_id, e->action, e->object_kind, e->object_id, outcome,
	           hash);
	return db_exec(db,
		"INSERT INTO audit_log (id, at, actor_kind, actor_id, action, object_kind, object_id, "
		"outcome, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		DB_ARGS(DB_INT(id), DB_INT(at), DB_TEXT(actor), DB_INT(e->actor_id), DB_TEXT(e->action),
		        DB_TEXT(e->object_kind), DB_INT(e->object_id), DB_TEXT(outcome),
		        DB_BLOB(prev, 32), DB_BLOB(hash, 32))) == DB_OK;
}

static enum db_status append_fn(struct db *db, void *p)
{
	return audit_append_tx(db, p) ? DB_OK : DB_ERROR;
}

bool audit_append(struct db *db, const struct audit_entry *e)
{
	return db_tx(db, append_fn, (void *)(uintptr_t)e) == DB_OK;
}

int64_t audit_verify(struct db *db, int64_t *count)
{
	unsigned char expect_prev[32] = { 0 };
	int64_t checked = 0, broken = 0, expect_id = 0;
	struct db_rows *r = db_query(db,
		"SELECT id, at, actor_kind, actor_id, action, object_kind, object_id, outcome, "
		"prev_hash, hash FROM audit_log ORDER BY id",
		DB_NOARGS);
	if (r == NULL)
		return -1;
	while (db_next(r)) {
		int64_t id = db_col_int(r, 0);
		size_t plen, hlen;
		const void *prev = db_col_blob(r, 8, &plen);
		const void *hash = db_col_blob(r, 9, &hlen);
		unsigned char want[32];
		entry_hash(expect_prev, id, db_col_int(r, 1), db_col_text(r, 2) ? db_col_text(r, 2) : "",
		           db_col_int(r, 3), db_col_text(r, 4) ? db_col_text(r, 4) : "",
		           db_col_text(r, 5), db_col_int(r, 6),
		           db_col_text(r, 7) ? db_col_text(r, 7) : "", want);
		bool ok = (expect_id == 0 || id == expect_id + 1) && plen == 32 && hlen == 32 &&
		          sodium_memcmp(prev, expect_prev, 32) == 0 && sodium_memcmp(hash, want, 32) == 0;
		checked++;
		if (!ok) {
			broken = id;
			break;
		}
		memcpy(expect_prev, hash, 32);
		expect_id = id;
	}
	if (db_done(r) != DB_OK)
		return -1;
	if (count)
		*count = checked;
	return broken;
}

#include "model/outbox.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "crypto/seal.h"
#include "db/db.h"

void (*outbox_kick_fn)(void);

void outbox_kick(void)
{
	if (outbox_kick_fn)
		outbox_kick_fn();
}

void outbox_address_index(enum outbox_channel c, const char *to, unsigned char out[8])
{
	blind_index(c == OUTBOX_EMAIL ? "messages.email" : "messages.sms", to, out);
}

static bool seal_into(struct db *db, struct arena *a, int64_t id, const char *column,
                      const char *sql, const void *value, size_t n)
{
	if (value == NULL)
		return true;
	size_t len;
	unsigned char *blob = seal_value(a, "messages", column, id, value, n, &len);
	return blob && db_exec(db, sql, DB_ARGS(DB_BLOB(blob, len), DB_INT(id))) == DB_OK;
}

int64_t outbox_enqueue(struct db *db, const struct outbox_message *m)
{
	if (m->to == NULL || m->body == NULL || m->purpose == NULL)
		return -1;
	unsigned char idx[BLIND_INDEX_BYTES];
	outbox_address_index(m->channel, m->to, idx);

	char derived[160];
	const char *key = m->idempotency_key;
	if (key == NULL) {
		/* purpose, ref and the address's index: never the address itself */
		char hex[2 * BLIND_INDEX_BYTES + 1];
		for (size_t i = 0; i < sizeof idx; i++)
			snprintf(hex + 2 * i, 3, "%02x", idx[i]);
		snprintf(derived, sizeof derived, "%s.%s.%lld.%s", m->purpose,
		         m->ref_kind ? m->ref_kind : "-", (long long)m->ref_id, hex);
		key = derived;
	}
	int64_t now = time(NULL);
	enum db_status s = db_exec(db,
		"INSERT INTO messages (channel, person_id, to_index, attachment_name, attachment_type, "
		"lang, bulk, purpose, ref_kind, ref_id, idempotency_key, next_attempt_at, created_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING",
		DB_ARGS(DB_TEXT(m->channel == OUTBOX_EMAIL ? "email" : "sms"),
		        m->person_id > 0 ? DB_INT(m->person_id) : DB_NULL, DB_BLOB(idx, sizeof idx),
		        DB_TEXT(m->attachment_name), DB_TEXT(m->attachment_type),
		        DB_TEXT(m->lang ? m->lang : ""), DB_INT(m->bulk), DB_TEXT(m->purpose),
		        DB_TEXT(m->ref_kind), m->ref_kind ? DB_INT(m->ref_id) : DB_NULL, DB_TEXT(key),
		        DB_INT(m->not_before > 0 ? m->not_before : now), DB_INT(now)));
	if (s != DB_OK)
		return -1;
	if (db_changes(db) == 0)
		return 0;
	int64_t id = db_last_id(db);
	if (m->urgent_reason && *m->urgent_reason &&
	    db_exec(db, "UPDATE messages SET urgent_reason = ? WHERE id = ?",
	            DB_ARGS(DB_TEXT(m->urgent_reason), DB_INT(id))) != DB_OK)
		return -1;

	struct arena *a = arena_new(4096);
	if (a == NULL)
		return -1;
	bool ok =
		seal_into(db, a, id, "to", "UPDATE messages SET to_sealed = ? WHERE id = ?", m->to,
		          strlen(m->to)) &&
		seal_into(db, a, id, "subject", "UPDATE messages SET subject_sealed = ? WHERE id = ?",
		          m->subject, m->subject ? strlen(m->subject) : 0) &&
		seal_into(db, a, id, "body", "UPDATE messages SET body_sealed = ? WHERE id = ?", m->body,
		          strlen(m->body)) &&
		seal_into(db, a, id, "attachment",
		          "UPDATE messages SET attachment_sealed = ? WHERE id = ?", m->attachment,
		          m->attachment_len);
	arena_destroy(a);
	return ok ? id : -1;
}

int64_t outbox_cancel(struct db *db, const char *purpose, const char *ref_kind, int64_t ref_id)
{
	enum db_status s = db_exec(db,
		"UPDATE messages SET status = 'cancelled' WHERE status = 'queued' "
		"AND ref_kind = ? AND ref_id = ? AND (? IS NULL OR purpose = ?)",
		DB_ARGS(DB_TEXT(ref_kind), DB_INT(ref_id), DB_TEXT(purpose), DB_TEXT(purpose)));
	return s == DB_OK ? db_changes(db) : -1;
}

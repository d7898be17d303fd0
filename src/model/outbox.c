#include "model/outbox.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

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

/* NULL (a NULL column) when there is no value; *ok false if it cannot be sealed. */
static unsigned char *seal_column(struct arena *a, int64_t id, const char *column,
                                  const void *value, size_t n, size_t *len, bool *ok)
{
	*len = 0;
	if (value == NULL)
		return NULL;
	unsigned char *blob = seal_value(a, "messages", column, id, value, n, len);
	if (blob == NULL)
		*ok = false;
	return blob;
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
		sodium_bin2hex(hex, sizeof hex, idx, sizeof idx);
		snprintf(derived, sizeof derived, "%s.%s.%lld.%s", m->purpose,
		         m->ref_kind ? m->ref_kind : "-", (long long)m->ref_id, hex);
		key = derived;
	}
	/* The sealed columns are bound to the row's id, so the row takes the
	 * next id and is written whole (one insert, not an insert and four
	 * updates: confirmations are queued inside every signature's commit).
	 * Inside the caller's transaction no other writer can take that id;
	 * outside one, a race fails the insert rather than mislabel a seal. */
	int64_t id = 0;
	if (db_get_int(db, "SELECT COALESCE(MAX(id), 0) + 1 FROM messages", DB_NOARGS, &id) != DB_OK)
		return -1;
	struct arena *a = arena_new(4096);
	if (a == NULL)
		return -1;
	bool ok = true;
	size_t to_len, subject_len, body_len, attachment_len;
	unsigned char *to = seal_column(a, id, "to", m->to, strlen(m->to), &to_len, &ok);
	unsigned char *subject = seal_column(a, id, "subject", m->subject,
	                                     m->subject ? strlen(m->subject) : 0, &subject_len, &ok);
	unsigned char *body = seal_column(a, id, "body", m->body, strlen(m->body), &body_len, &ok);
	unsigned char *attachment = seal_column(a, id, "attachment", m->attachment,
	                                        m->attachment_len, &attachment_len, &ok);
	int64_t now = time(NULL);
	enum db_status s = ok ? db_exec(db,
		"INSERT INTO messages (id, channel, person_id, to_index, attachment_name, attachment_type, "
		"lang, bulk, purpose, ref_kind, ref_id, idempotency_key, next_attempt_at, created_at, "
		"urgent_reason, to_sealed, subject_sealed, body_sealed, attachment_sealed) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT (idempotency_key) DO NOTHING",
		DB_ARGS(DB_INT(id), DB_TEXT(m->channel == OUTBOX_EMAIL ? "email" : "sms"),
		        m->person_id > 0 ? DB_INT(m->person_id) : DB_NULL, DB_BLOB(idx, sizeof idx),
		        DB_TEXT(m->attachment_name), DB_TEXT(m->attachment_type),
		        DB_TEXT(m->lang ? m->lang : ""), DB_INT(m->bulk), DB_TEXT(m->purpose),
		        DB_TEXT(m->ref_kind), m->ref_kind ? DB_INT(m->ref_id) : DB_NULL, DB_TEXT(key),
		        DB_INT(m->not_before > 0 ? m->not_before : now), DB_INT(now),
		        m->urgent_reason && *m->urgent_reason ? DB_TEXT(m->urgent_reason) : DB_NULL,
		        DB_BLOB(to, to_len), DB_BLOB(subject, subject_len), DB_BLOB(body, body_len),
		        DB_BLOB(attachment, attachment_len))) : DB_ERROR;
	arena_destroy(a);
	if (s != DB_OK)
		return -1;
	return db_changes(db) == 0 ? 0 : id;
}

int64_t outbox_cancel(struct db *db, const char *purpose, const char *ref_kind, int64_t ref_id)
{
	enum db_status s = db_exec(db,
		"UPDATE messages SET status = 'cancelled' WHERE status = 'queued' "
		"AND ref_kind = ? AND ref_id = ? AND (? IS NULL OR purpose = ?)",
		DB_ARGS(DB_TEXT(ref_kind), DB_INT(ref_id), DB_TEXT(purpose), DB_TEXT(purpose)));
	return s == DB_OK ? db_changes(db) : -1;
}

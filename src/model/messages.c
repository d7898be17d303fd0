#include "model/messages.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "crypto/keys.h"
#include "db/db.h"

static const char *channel_text(enum outbox_channel ch)
{
	return ch == OUTBOX_EMAIL ? "email" : "sms";
}

int64_t messages_recover(struct db *db)
{
	if (db_exec(db,
	            "UPDATE messages SET status = 'queued', next_attempt_at = ? WHERE status = 'sending'",
	            DB_ARGS(DB_INT(time(NULL)))) != DB_OK)
		return -1;
	return db_changes(db);
}

bool quiet_hours_contain(int start, int end, int local_minute)
{
	if (start == end || start < 0 || end < 0)
		return false;
	if (start < end)
		return local_minute >= start && local_minute < end;
	return local_minute >= start || local_minute < end;
}

/* A claimed row's sealed columns, copied out inside the transaction and
 * opened after it: decrypting is the worker's own work, not the writer's. */
struct sealed_cols {
	const void *blob[4]; /* to, subject, body, attachment */
	size_t len[4];
};

static const char *const sealed_names[4] = { "to", "subject", "body", "attachment" };

struct claim_ctx {
	struct arena *a;
	enum outbox_channel ch;
	int64_t now;
	int limit;
	bool quiet;
	struct claimed *out;
	struct sealed_cols *sealed;
	int n;
};

static void copy_sealed(struct arena *a, struct db_rows *r, const int cols[4], struct sealed_cols *s)
{
	for (int i = 0; i < 4; i++) {
		const void *blob = db_col_blob(r, cols[i], &s->len[i]);
		s->blob[i] = blob ? arena_memdup(a, blob, s->len[i]) : NULL;
	}
}

static void open_sealed(struct arena *a, const struct sealed_cols *s, struct claimed *m)
{
	const char **text[3] = { &m->to, &m->subject, &m->body };
	for (int i = 0; i < 4; i++) {
		if (s->blob[i] == NULL)
			continue;
		size_t plain;
		char *v = seal_open(a, "messages", sealed_names[i], m->id, s->blob[i], s->len[i], &plain);
		if (i < 3) {
			*text[i] = v;
		} else {
			m->attachment = v;
			m->attachment_len = v ? plain : 0;
		}
	}
}

static enum db_status claim_tx(struct db *db, void *p)
{
	struct claim_ctx *c = p;
	c->n = 0;
	const char *ch = channel_text(c->ch);
	/* bookkeeping: what can never be sent says so. Only the rows this
	 * claim is about to take are checked (the next `limit` due ones), so
	 * the cost follows the batch, not the backlog or the suppression list;
	 * a suppressed row further back is skipped by the send query below and
	 * marked when it reaches the front. */
	if (db_exec(db,
	            "UPDATE messages SET status = 'suppressed', last_error = 'suppressed address' "
	            "WHERE id IN (SELECT w.id FROM (SELECT m.id, m.to_index, m.purpose FROM messages m "
	            "WHERE m.status = 'queued' AND m.channel = ?1 AND m.next_attempt_at <= ?2 "
	            "AND (?4 = 0 OR m.bulk = 0 OR m.urgent_reason IS NOT NULL) "
	            "ORDER BY m.next_attempt_at, m.id LIMIT ?3) w "
	            "WHERE w.purpose NOT IN ('" PURPOSE_SMS_STOP_CONFIRM "', '" PURPOSE_SMS_START_CONFIRM
	            "', '" PURPOSE_SMS_HELP "') AND EXISTS (SELECT 1 FROM suppressions s "
	            "WHERE s.channel = ?1 AND s.address_index = w.to_index))",
	            DB_ARGS(DB_TEXT(ch), DB_INT(c->now), DB_INT(c->limit), DB_INT(c->quiet))) != DB_OK)
		return DB_ERROR;
	/* the send query: a suppressed address is never selected */
	struct db_rows *r = db_query(db,
		"UPDATE messages SET status = 'sending', attempts = attempts + 1 WHERE id IN ("
		"SELECT m.id FROM messages m WHERE m.status = 'queued' AND m.channel = ?1 "
		"AND m.next_attempt_at <= ?2 AND (m.purpose IN ('" PURPOSE_SMS_STOP_CONFIRM "', '"
		PURPOSE_SMS_START_CONFIRM "', '" PURPOSE_SMS_HELP "') OR NOT EXISTS ("
		"SELECT 1 FROM suppressions s WHERE s.channel = m.channel AND s.address_index = m.to_index)) "
		"AND (?4 = 0 OR m.bulk = 0 OR m.urgent_reason IS NOT NULL) "
		"ORDER BY m.next_attempt_at, m.id LIMIT ?3) "
		"RETURNING id, COALESCE(person_id, 0), to_sealed, subject_sealed, body_sealed, lang, purpose, "
		"idempotency_key, attachment_name, attachment_type, attachment_sealed, bulk, attempts, to_index",
		DB_ARGS(DB_TEXT(ch), DB_INT(c->now), DB_INT(c->limit), DB_INT(c->quiet)));
	if (r == NULL)
		return DB_ERROR;
	while (db_next(r) && c->n < c->limit) {
		struct claimed *m = &c->out[c->n];
		memset(m, 0, sizeof *m);
		m->id = db_col_int(r, 0);
		m->person_id = db_col_int(r, 1);
		m->channel = c->ch;
		copy_sealed(c->a, r, (const int[4]){ 2, 3, 4, 10 }, &c->sealed[c->n]);
		m->lang = db_col_dup(r, 5, c->a);
		m->purpose = db_col_dup(r, 6, c->a);
		m->key = db_col_dup(r, 7, c->a);
		m->attachment_name = db_col_null(r, 8) ? NULL : db_col_dup(r, 8, c->a);
		m->attachment_type = db_col_null(r, 9) ? NULL : db_col_dup(r, 9, c->a);
		m->bulk = db_col_int(r, 11) != 0;
		m->attempts = (int)db_col_int(r, 12);
		size_t ilen;
		const void *idx = db_col_blob(r, 13, &ilen);
		if (idx && ilen == BLIND_INDEX_BYTES)
			memcpy(m->to_index, idx, BLIND_INDEX_BYTES);
		c->n++;
	}
	return db_done(r);
}

int messages_claim(struct db *db, struct arena *a, enum outbox_channel ch, int64_t now, int limit,
                   bool quiet, struct claimed *out)
{
	if (limit <= 0)
		return 0;
	struct claim_ctx c = { a, ch, now, limit, quiet, out,
	                       arena_calloc(a, (size_t)limit, sizeof(struct sealed_cols)), 0 };
	/* in the server's group commit: a worker never fights the signers
	 * for the write lock, it rides along in their next batch */
	if (db_tx_grouped(db, NULL, claim_tx, &c) != DB_OK)
		return -1;
	for (int i = 0; i < c.n; i++)
		open_sealed(a, &c.sealed[i], &out[i]);
	return c.n;
}

int suppression_add(struct db *db, enum outbox_channel ch, const unsigned char idx[BLIND_INDEX_BYTES],
                    const char *reason)
{
	if (db_exec(db,
	            "INSERT INTO suppressions (channel, address_index, reason, at) VALUES (?, ?, ?, ?) "
	            "ON CONFLICT DO NOTHING",
	            DB_ARGS(DB_TEXT(channel_text(ch)), DB_BLOB(idx, BLIND_INDEX_BYTES), DB_TEXT(reason),
	                    DB_INT(time(NULL)))) != DB_OK)
		return -1;
	return db_changes(db) > 0 ? 1 : 0;
}

int suppression_remove(struct db *db, enum outbox_channel ch,
                       const unsigned char idx[BLIND_INDEX_BYTES])
{
	if (db_exec(db, "DELETE FROM suppressions WHERE channel = ? AND address_index = ?",
	            DB_ARGS(DB_TEXT(channel_text(ch)), DB_BLOB(idx, BLIND_INDEX_BYTES))) != DB_OK)
		return -1;
	return db_changes(db) > 0 ? 1 : 0;
}

bool suppressed(struct db *db, enum outbox_channel ch, const unsigned char idx[BLIND_INDEX_BYTES])
{
	int64_t n = 0;
	return db_get_int(db, "SELECT 1 FROM suppressions WHERE channel = ? AND address_index = ?",
	                  DB_ARGS(DB_TEXT(channel_text(ch)), DB_BLOB(idx, BLIND_INDEX_BYTES)),
	                  &n) == DB_OK && n == 1;
}

bool messages_person_consent(struct db *db, int64_t person_id, enum outbox_channel ch,
                             bool subscribed, const char *how)
{
	if (person_id <= 0)
		return true;
	const char *status = subscribed ? "subscribed" : "unsubscribed";
	int64_t same = 0;
	enum db_status s = db_get_int(db,
		ch == OUTBOX_EMAIL ? "SELECT consent_email = ? FROM people WHERE id = ?"
		                   : "SELECT consent_sms = ? FROM people WHERE id = ?",
		DB_ARGS(DB_TEXT(status), DB_INT(person_id)), &same);
	if (s == DB_NOT_FOUND)
		return true;
	if (s != DB_OK)
		return false;
	if (same)
		return true;
	int64_t now = time(NULL);
	return db_exec(db,
	               "INSERT INTO consent_events (person_id, channel, status, at, how) "
	               "VALUES (?, ?, ?, ?, ?)",
	               DB_ARGS(DB_INT(person_id), DB_TEXT(channel_text(ch)), DB_TEXT(status),
	                       DB_INT(now), DB_TEXT(how))) == DB_OK &&
	       db_exec(db,
	               ch == OUTBOX_EMAIL
	                       ? "UPDATE people SET consent_email = ?, updated_at = ? WHERE id = ?"
	                       : "UPDATE people SET consent_sms = ?, updated_at = ? WHERE id = ?",
	               DB_ARGS(DB_TEXT(status), DB_INT(now), DB_INT(person_id))) == DB_OK;
}

struct record_ctx {
	const struct claimed *c;
	const struct send_result *r;
	size_t n;
	const struct retry_policy *p;
	int64_t now;
};

static enum db_status record_tx(struct db *db, void *p)
{
	struct record_ctx *x = p;
	for (size_t i = 0; i < x->n; i++) {
		const struct claimed *c = &x->c[i];
		const struct send_result *r = &x->r[i];
		enum db_status s = DB_OK;
		switch (r->outcome) {
		case SEND_OK:
			/* one statement: the provider id is there before it counts as sent */
			s = db_exec(db,
				"UPDATE messages SET provider_id = ?, status = 'sent', sent_at = ?, "
				"last_error = NULL WHERE id = ? AND status = 'sending'",
				DB_ARGS(DB_TEXT(r->provider_id), DB_INT(x->now), DB_INT(c->id)));
			break;
		case SEND_RETRY:
			if (c->attempts >= x->p->max_attempts) {
				s = db_exec(db,
					"UPDATE messages SET status = 'dead', last_error = ? "
					"WHERE id = ? AND status = 'sending'",
					DB_ARGS(DB_TEXT(r->error), DB_INT(c->id)));
			} else {
				/* + 1: times are whole seconds, and the wait is a minimum */
				int64_t wait = 1 + backoff_delay(c->attempts, x->p->base, x->p->cap,
				                                 randombytes_random());
				s = db_exec(db,
					"UPDATE messages SET status = 'queued', next_attempt_at = ?, last_error = ? "
					"WHERE id = ? AND status = 'sending'",
					DB_ARGS(DB_INT(x->now + wait), DB_TEXT(r->error), DB_INT(c->id)));
			}
			break;
		case SEND_BOUNCE:
			if (suppression_add(db, c->channel, c->to_index, "bounce") < 0)
				return DB_ERROR;
			__attribute__((fallthrough));
		case SEND_FAIL:
			s = db_exec(db,
				"UPDATE messages SET status = 'failed', last_error = ? "
				"WHERE id = ? AND status = 'sending'",
				DB_ARGS(DB_TEXT(r->error), DB_INT(c->id)));
			break;
		case SEND_UNSENT:
			s = db_exec(db,
				"UPDATE messages SET status = 'queued', attempts = MAX(attempts - 1, 0) "
				"WHERE id = ? AND status = 'sending'",
				DB_ARGS(DB_INT(c->id)));
			break;
		}
		if (s != DB_OK)
			return s;
	}
	return DB_OK;
}

bool messages_record(struct db *db, const struct claimed *c, const struct send_result *r, size_t n,
                     const struct retry_policy *p, int64_t now)
{
	struct record_ctx x = { c, r, n, p, now };
	return db_tx_grouped(db, NULL, record_tx, &x) == DB_OK;
}

bool messages_retry(struct db *db, int64_t id)
{
	return db_exec(db,
	               "UPDATE messages SET status = 'queued', attempts = 0, next_attempt_at = ?, "
	               "last_error = NULL WHERE id = ? AND status IN ('dead', 'failed')",
	               DB_ARGS(DB_INT(time(NULL)), DB_INT(id))) == DB_OK &&
	       db_changes(db) == 1;
}

static void token_mac(int64_t id, char hex[33])
{
	char msg[48];
	snprintf(msg, sizeof msg, "unsubscribe:%lld", (long long)id);
	unsigned char h[32];
	secret_hash(KEY_SESSIONS, msg, h);
	sodium_bin2hex(hex, 33, h, 16);
}

char *messages_unsubscribe_token(struct arena *a, int64_t message_id)
{
	char hex[33];
	token_mac(message_id, hex);
	return arena_printf(a, "%lld.%s", (long long)message_id, hex);
}

int64_t messages_unsubscribe_check(const char *token)
{
	if (token == NULL || strlen(token) > 60)
		return 0;
	const char *dot = strchr(token, '.');
	if (dot == NULL || dot == token || strlen(dot + 1) != 32)
		return 0;
	int64_t id = 0;
	for (const char *p = token; p < dot; p++) {
		if (*p < '0' || *p > '9' || id > 100000000000LL)
			return 0;
		id = id * 10 + (*p - '0');
	}
	if (id <= 0)
		return 0;
	char hex[33];
	token_mac(id, hex);
	return sodium_memcmp(hex, dot + 1, 32) == 0 ? id : 0;
}

int messages_unsubscribe(struct db *db, int64_t message_id)
{
	struct db_rows *r = db_query(db,
		"SELECT channel, to_index, COALESCE(person_id, 0) FROM messages WHERE id = ?",
		DB_ARGS(DB_INT(message_id)));
	if (r == NULL)
		return -1;
	bool found = false;
	enum outbox_channel ch = OUTBOX_EMAIL;
	unsigned char idx[BLIND_INDEX_BYTES] = { 0 };
	int64_t person = 0;
	if (db_next(r)) {
		size_t len;
		const void *b = db_col_blob(r, 1, &len);
		const char *c = db_col_text(r, 0);
		if (b && len == BLIND_INDEX_BYTES && c) {
			found = true;
			memcpy(idx, b, len);
			ch = strcmp(c, "sms") == 0 ? OUTBOX_SMS : OUTBOX_EMAIL;
			person = db_col_int(r, 2);
		}
	}
	if (db_done(r) != DB_OK)
		return -1;
	if (!found)
		return 0;
	if (suppression_add(db, ch, idx, "unsubscribe") < 0 ||
	    !messages_person_consent(db, person, ch, false, "unsubscribe"))
		return -1;
	return 1;
}

int64_t backoff_delay(int attempts, int64_t base, int64_t cap, uint32_t random)
{
	if (base < 1)
		base = 1;
	if (cap < base)
		cap = base;
	if (attempts < 1)
		attempts = 1;
	int64_t d = base;
	for (int i = 1; i < attempts && d < cap; i++)
		d *= 2;
	if (d > cap)
		d = cap;
	int64_t half = d / 2;
	return (d - half) + (int64_t)(random % (uint64_t)(half + 1));
}

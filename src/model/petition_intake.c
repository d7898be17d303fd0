#include "model/petition_intake.h"

#include <jansson.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/random.h"
#include "crypto/seal.h"
#include "db/db.h"
#include "model/people.h"

/* Rows filed per transaction. Each commit's cost is mostly the pages it
 * writes, shared by its rows, so a chunk is large: up to FILE_CHUNK rows
 * or FILE_CHUNK_MS. Once a crowd is queued behind it (as many writes as
 * send signatures to the intake), it stops after FILE_CHUNK_MIN rows, so
 * the crowd waits a millisecond or two; a lone write (a delivery worker's
 * claim, one signer) waits for the chunk. */
#define FILE_CHUNK 2048
#define FILE_CHUNK_MIN 16
#define FILE_CHUNK_MS 50

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static atomic_ullong taken, filed;

void petition_intake_stats(struct petition_intake_stats *out)
{
	out->taken = atomic_load(&taken);
	out->filed = atomic_load(&filed);
}

/* The oldest row waiting to be filed: DB_OK (and its id), DB_NOT_FOUND, or
 * an error. */
static enum db_status oldest_waiting(struct db *db, int64_t *id)
{
	return db_get_int(db, "SELECT id FROM petition_intake WHERE failed = 0 ORDER BY id LIMIT 1", DB_NOARGS, id);
}

int64_t petition_intake_find(struct db *db, int64_t petition_id, const char *email, const char *phone)
{
	const char *values[2] = { email, phone };
	static const char *const sql[2] = {
		"SELECT id FROM petition_intake WHERE email_index = ? AND petition_id = ? LIMIT 1",
		"SELECT id FROM petition_intake WHERE phone_index = ? AND petition_id = ? LIMIT 1",
	};
	/* the people tables' own blind indexes: the same value space, no new key */
	static const char *const kind[2] = { "people.email", "people.phone" };
	for (int i = 0; i < 2; i++) {
		if (values[i] == NULL || *values[i] == '\0')
			continue;
		unsigned char idx[BLIND_INDEX_BYTES];
		blind_index(kind[i], values[i], idx);
		int64_t id = 0;
		enum db_status s = db_get_int(db, sql[i], DB_ARGS(DB_BLOB(idx, sizeof idx), DB_INT(petition_id)), &id);
		if (s == DB_OK)
			return id;
		if (s != DB_NOT_FOUND)
			return -1;
	}
	return 0;
}

/* Already signed: waiting in the intake, or filed for a person known by
 * this email or phone. */
static enum db_status already_signed(struct db *db, const struct signature_input *in, int64_t *signature_id)
{
	int64_t waiting = petition_intake_find(db, in->petition_id, in->email, in->phone);
	if (waiting != 0)
		return waiting > 0 ? DB_OK : DB_ERROR;
	int64_t person = in->email ? person_by_email(db, in->email) : 0;
	if (person == 0 && in->phone)
		person = person_by_phone(db, in->phone);
	if (person <= 0)
		return DB_NOT_FOUND;
	return db_get_int(db, "SELECT id FROM petition_signatures WHERE petition_id = ? AND person_id = ?",
	                  DB_ARGS(DB_INT(in->petition_id), DB_INT(person)), signature_id);
}

static char *payload_of(const struct signature_input *in, const struct audit_entry *audit, const char *token)
{
	json_t *j = json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:b, s:[b,b,b], s:b, s:s?, s:s?, "
	                      "s:s?, s:i, s:I}",
	                      "given", in->given_name, "family", in->family_name, "email", in->email,
	                      "phone", in->phone, "postal", in->postal_code, "comment", in->comment,
	                      "lang", in->lang, "public", in->show_publicly, "subscribe", in->subscribe[0],
	                      in->subscribe[1], in->subscribe[2], "confirm", in->needs_confirmation,
	                      "confirm_url", in->confirm_url_prefix, "title", in->title, "token", token,
	                      "actor", (int)audit->actor, "actor_id", (json_int_t)audit->actor_id);
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	return text;
}

bool petition_intake_add(struct db *db, const struct signature_input *in, const struct audit_entry *audit,
                         struct sign_result *out)
{
	*out = (struct sign_result){ 0 };
	enum db_status s = already_signed(db, in, &out->signature_id);
	if (s == DB_OK) {
		out->outcome = SIGN_ALREADY;
		return true;
	}
	if (s != DB_NOT_FOUND)
		return false;
	bool pending = in->needs_confirmation && in->email;
	if (pending)
		random_token_into(out->confirm_token, sizeof out->confirm_token, 32);
	char *payload = payload_of(in, audit, pending ? out->confirm_token : NULL);
	if (payload == NULL)
		return false;
	/* the seal is bound to the row's id: take the next one, inside this
	 * transaction no other writer can */
	int64_t id = 0;
	struct arena *a = arena_new(1024);
	size_t sealed_len = 0;
	unsigned char *sealed = NULL;
	if (db_get_int(db, "SELECT COALESCE(MAX(id), 0) + 1 FROM petition_intake", DB_NOARGS, &id) == DB_OK)
		sealed = seal_value(a, "petition_intake", "payload", id, payload, strlen(payload), &sealed_len);
	free(payload);
	unsigned char email_idx[BLIND_INDEX_BYTES], phone_idx[BLIND_INDEX_BYTES];
	if (in->email)
		blind_index("people.email", in->email, email_idx);
	if (in->phone)
		blind_index("people.phone", in->phone, phone_idx);
	bool ok = sealed != NULL &&
	          db_exec(db,
	                  "INSERT INTO petition_intake (id, petition_id, email_index, phone_index, counted, "
	                  "payload_sealed, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
	                  DB_ARGS(DB_INT(id), DB_INT(in->petition_id),
	                          in->email ? DB_BLOB(email_idx, sizeof email_idx) : DB_NULL,
	                          in->phone ? DB_BLOB(phone_idx, sizeof phone_idx) : DB_NULL, DB_INT(!pending),
	                          DB_BLOB(sealed, sealed_len), DB_INT(time(NULL)))) == DB_OK;
	arena_destroy(a);
	if (ok && !pending)
		ok = petition_count_one(db, in->petition_id);
	out->outcome = pending ? SIGN_PENDING : SIGN_COUNTED;
	if (ok)
		atomic_fetch_add(&taken, 1); /* a batch undone and run again may count one twice: a log figure */
	return ok;
}

/* ---- filing ---- */

static const char *text_of(struct arena *a, json_t *j, const char *key)
{
	const char *v = json_string_value(json_object_get(j, key));
	return v ? arena_strdup(a, v) : NULL;
}

/* Files one row: everything petition_sign does, dated when it was signed;
 * a second signature of the same person is dropped and uncounted. */
static bool file_row(struct db *db, struct arena *a, int64_t id, int64_t petition_id, bool counted,
                     const void *blob, size_t blob_len, int64_t signed_at)
{
	size_t len;
	char *text = seal_open(a, "petition_intake", "payload", id, blob, blob_len, &len);
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;
	if (j == NULL)
		return false;
	json_t *sub = json_object_get(j, "subscribe");
	struct signature_input in = {
		.petition_id = petition_id,
		.given_name = text_of(a, j, "given"), .family_name = text_of(a, j, "family"),
		.email = text_of(a, j, "email"), .phone = text_of(a, j, "phone"),
		.postal_code = text_of(a, j, "postal"), .comment = text_of(a, j, "comment"),
		.lang = text_of(a, j, "lang"),
		.show_publicly = json_is_true(json_object_get(j, "public")),
		.subscribe = { json_is_true(json_array_get(sub, 0)), json_is_true(json_array_get(sub, 1)),
		               json_is_true(json_array_get(sub, 2)) },
		.needs_confirmation = json_is_true(json_object_get(j, "confirm")),
		.confirm_url_prefix = text_of(a, j, "confirm_url"),
		.title = text_of(a, j, "title"),
	};
	const char *token = text_of(a, j, "token");
	struct audit_entry audit = {
		.actor = (enum audit_actor)json_integer_value(json_object_get(j, "actor")),
		.actor_id = json_integer_value(json_object_get(j, "actor_id")),
		.action = "petition.sign", .object_kind = "petition", .object_id = petition_id,
	};
	json_decref(j);
	struct sign_result out = { 0 };
	bool ok = petition_file_signature(db, &in, signed_at, counted, token, &out);
	if (ok && out.outcome == SIGN_ALREADY && counted)
		ok = db_exec(db, "UPDATE petitions SET signature_count = signature_count - 1 "
		                 "WHERE id = ? AND signature_count > 0", DB_ARGS(DB_INT(petition_id))) == DB_OK;
	if (ok && out.outcome != SIGN_ALREADY) {
		audit.outcome = out.person_created ? "new_person" : "known_person";
		ok = audit_append_tx(db, &audit);
	}
	return ok && db_exec(db, "DELETE FROM petition_intake WHERE id = ?", DB_ARGS(DB_INT(id))) == DB_OK;
}

struct chunk {
	int64_t only;  /* file just this row (after a chunk failed), else 0 */
	bool yield;    /* on the writer: stop early for queued signers */
	int filed;
};

static enum db_status file_chunk_tx(struct db *db, void *p)
{
	struct chunk *c = p;
	c->filed = 0;
	struct arena *a = arena_new(16384);
	struct db_rows *r = db_query(db,
		"SELECT id, petition_id, counted, payload_sealed, created_at FROM petition_intake "
		"WHERE failed = 0 AND (?1 = 0 OR id = ?1) ORDER BY id LIMIT ?2",
		DB_ARGS(DB_INT(c->only), DB_INT(FILE_CHUNK)));
	struct row {
		int64_t id, petition_id, created_at;
		bool counted;
		void *blob;
		size_t len;
	} *rows = arena_alloc(a, FILE_CHUNK * sizeof *rows);
	int n = 0;
	while (n < FILE_CHUNK && db_next(r)) {
		struct row *w = &rows[n++];
		w->id = db_col_int(r, 0);
		w->petition_id = db_col_int(r, 1);
		w->counted = db_col_int(r, 2) != 0;
		const void *blob = db_col_blob(r, 3, &w->len);
		w->blob = blob ? arena_memdup(a, blob, w->len) : NULL;
		w->created_at = db_col_int(r, 4);
	}
	enum db_status s = db_done(r);
	double until = now_ms() + FILE_CHUNK_MS;
	for (int i = 0; s == DB_OK && i < n && (i == 0 || now_ms() < until); i++) {
		if (i >= FILE_CHUNK_MIN && c->yield && db_group_waiting() >= PETITION_INTAKE_FROM_BATCH)
			break;
		if (rows[i].blob == NULL || !file_row(db, a, rows[i].id, rows[i].petition_id, rows[i].counted,
		                                     rows[i].blob, rows[i].len, rows[i].created_at))
			s = DB_ERROR;
		else
			c->filed++;
	}
	arena_destroy(a);
	return s;
}

static enum db_status mark_failed_tx(struct db *db, void *p)
{
	const int64_t *id = p;
	return db_exec(db, "UPDATE petition_intake SET failed = 1 WHERE id = ?", DB_ARGS(DB_INT(*id)));
}

typedef enum db_status (*tx_runner)(struct db *db, db_tx_fn fn, void *ctx);

static enum db_status run_direct(struct db *db, db_tx_fn fn, void *ctx)
{
	return db_tx(db, fn, ctx);
}

static enum db_status run_grouped(struct db *db, db_tx_fn fn, void *ctx)
{
	return db_tx_grouped(db, NULL, fn, ctx);
}

/* One chunk; if it fails, the oldest row alone, and if that fails too it
 * is set aside, so one bad row never blocks the rest. Returns the rows
 * filed or set aside, -1 on an error that may pass (try again later). */
static int file_some(struct db *db, tx_runner run)
{
	struct chunk c = { 0, run == run_direct, 0 };
	for (int attempt = 0; attempt < 2; attempt++) {
		if (run(db, file_chunk_tx, &c) == DB_OK) {
			atomic_fetch_add(&filed, (unsigned long long)c.filed);
			return c.filed;
		}
		if (attempt == 0 && oldest_waiting(db, &c.only) != DB_OK)
			return -1;
	}
	if (run(db, mark_failed_tx, &c.only) != DB_OK)
		return -1;
	log_error("petition intake: signature %lld could not be filed; kept aside", (long long)c.only);
	return 1;
}

bool petition_intake_idle(struct db *writer)
{
	int64_t any = 0;
	if (oldest_waiting(writer, &any) != DB_OK)
		return false; /* nothing waits (or the read failed: the next batch asks again) */
	return file_some(writer, run_direct) > 0;
}

bool petition_intake_file_all(struct db *db)
{
	int64_t any = 0;
	enum db_status s = oldest_waiting(db, &any);
	if (s != DB_OK)
		return s == DB_NOT_FOUND; /* nothing waits: no write at all */
	for (;;) {
		int n = file_some(db, run_grouped);
		if (n < 0)
			return false;
		if (n == 0)
			return true;
	}
}

int64_t petition_intake_waiting(struct db *db)
{
	int64_t n = 0;
	return db_get_int(db, "SELECT COUNT(*) FROM petition_intake WHERE failed = 0", DB_NOARGS, &n) == DB_OK ? n : -1;
}

static enum db_status purge_tx(struct db *db, void *p)
{
	int64_t *ctx = p; /* in: the cut-off; out: rows erased */
	int64_t before = *ctx;
	if (db_exec(db,
	            "UPDATE petitions SET signature_count = MAX(signature_count - (SELECT count(*) FROM "
	            "petition_intake i WHERE i.petition_id = petitions.id AND i.failed = 1 AND i.counted = 1 "
	            "AND i.created_at < ?1), 0) WHERE id IN (SELECT petition_id FROM petition_intake "
	            "WHERE failed = 1 AND counted = 1 AND created_at < ?1)",
	            DB_ARGS(DB_INT(before))) != DB_OK ||
	    db_exec(db, "DELETE FROM petition_intake WHERE failed = 1 AND created_at < ?",
	            DB_ARGS(DB_INT(before))) != DB_OK)
		return DB_ERROR;
	*ctx = db_changes(db);
	return DB_OK;
}

int64_t petition_intake_purge(struct db *db, int64_t now)
{
	int64_t ctx = now - PETITION_INTAKE_KEEP_DAYS * 86400;
	return db_tx(db, purge_tx, &ctx) == DB_OK ? ctx : -1;
}

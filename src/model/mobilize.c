#include "model/mobilize.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/random.h"
#include "core/text.h"
#include "core/tz.h"
#include "crypto/keys.h"
#include "crypto/seal.h"
#include "db/db.h"
#include "i18n/i18n.h"
#include "i18n/msgid.h"
#include "model/cases.h"
#include "model/inbound.h"
#include "model/outbox.h"
#include "model/people.h"
#include "model/people_csv.h"
#include "model/settings.h"

#define TOKEN_BYTES 24

static void token_hash(const char *token, unsigned char out[32])
{
	char buf[80];
	snprintf(buf, sizeof buf, "mobilization:%s", token);
	secret_hash(KEY_SESSIONS, buf, out);
}

/* ---- finding the people ---- */

struct ids {
	int64_t *v;
	size_t n, cap;
	bool ok;
};

static void collect(int64_t id, void *p)
{
	struct ids *ids = p;
	if (!ids->ok)
		return;
	if (ids->n == ids->cap) {
		size_t cap = ids->cap ? ids->cap * 2 : 1024;
		int64_t *nv = realloc(ids->v, cap * sizeof *nv);
		if (nv == NULL) {
			ids->ok = false;
			return;
		}
		ids->v = nv;
		ids->cap = cap;
	}
	ids->v[ids->n++] = id;
}

/* Everyone the query finds, recomputed now (a segment is a saved query). */
static bool find_people(struct db *db, const char *query, struct ids *out)
{
	*out = (struct ids){ .ok = true };
	struct arena *a = arena_new(16 * 1024);
	struct people_query q;
	bool ok = a && people_query_from_string(a, query ? query : "", &q) &&
	          people_ids(db, a, &q, collect, out) && out->ok;
	if (a)
		arena_destroy(a);
	if (!ok) {
		free(out->v);
		out->v = NULL;
	}
	return ok;
}

/* One person's language, consent and first email and phone (opened). */
struct recipient {
	char lang[8];
	char langs[128];                /* comma-separated */
	bool email_ok, sms_ok;
	char *email, *phone;
};

/* Everyone in `ids` (sorted), read in one pass over the people table:
 * one statement for all of them instead of one each. */
struct rcursor {
	struct db_rows *rows;
	const struct ids *ids;
	size_t next;
};

static void rcursor_open(struct db *db, const struct ids *ids, struct rcursor *c)
{
	c->ids = ids;
	c->next = 0;
	c->rows = ids->n == 0 ? NULL : db_query(db,
		"SELECT p.id, p.lang, p.consent_email = 'subscribed', p.consent_sms = 'subscribed', "
		"(SELECT email_sealed FROM person_emails e WHERE e.person_id = p.id ORDER BY e.id LIMIT 1), "
		"(SELECT phone_sealed FROM person_phones f WHERE f.person_id = p.id ORDER BY f.id LIMIT 1), "
		"(SELECT group_concat(lang) FROM person_languages l WHERE l.person_id = p.id) "
		"FROM people p WHERE p.id BETWEEN ? AND ? AND p.merged_into IS NULL ORDER BY p.id",
		DB_ARGS(DB_INT(ids->v[0]), DB_INT(ids->v[ids->n - 1])));
}

static bool rcursor_next(struct rcursor *c, struct arena *a, bool open, int64_t *pid,
                         struct recipient *r)
{
	while (c->rows && db_next(c->rows)) {
		int64_t id = db_col_int(c->rows, 0);
		while (c->next < c->ids->n && c->ids->v[c->next] < id)
			c->next++;
		if (c->next >= c->ids->n)
			return false;
		if (c->ids->v[c->next] != id)
			continue;
		struct db_rows *rows = c->rows;
		memset(r, 0, sizeof *r);
		*pid = id;
		snprintf(r->lang, sizeof r->lang, "%s", db_col_text(rows, 1) ? db_col_text(rows, 1) : "");
		snprintf(r->langs, sizeof r->langs, "%s", db_col_text(rows, 6) ? db_col_text(rows, 6) : "");
		size_t len = 0;
		const void *blob = db_col_blob(rows, 4, &len);
		r->email_ok = db_col_int(rows, 2) && blob && len;
		if (open && r->email_ok)
			r->email = seal_open(a, "person_emails", "email", id, blob, len, NULL);
		blob = db_col_blob(rows, 5, &len);
		r->sms_ok = db_col_int(rows, 3) && blob && len;
		if (open && r->sms_ok)
			r->phone = seal_open(a, "person_phones", "phone", id, blob, len, NULL);
		return true;
	}
	return false;
}

static bool rcursor_close(struct rcursor *c)
{
	return c->rows == NULL || db_done(c->rows) == DB_OK;
}

static bool load_recipient(struct db *db, struct arena *a, int64_t id, bool open, struct recipient *r)
{
	memset(r, 0, sizeof *r);
	struct db_rows *rows = db_query(db,
		"SELECT p.lang, p.consent_email = 'subscribed', p.consent_sms = 'subscribed', "
		"(SELECT email_sealed FROM person_emails e WHERE e.person_id = p.id ORDER BY e.id LIMIT 1), "
		"(SELECT phone_sealed FROM person_phones f WHERE f.person_id = p.id ORDER BY f.id LIMIT 1), "
		"(SELECT group_concat(lang) FROM person_languages l WHERE l.person_id = p.id) "
		"FROM people p WHERE p.id = ? AND p.merged_into IS NULL",
		DB_ARGS(DB_INT(id)));
	bool found = false;
	if (db_next(rows)) {
		found = true;
		snprintf(r->lang, sizeof r->lang, "%s", db_col_text(rows, 0) ? db_col_text(rows, 0) : "");
		snprintf(r->langs, sizeof r->langs, "%s", db_col_text(rows, 5) ? db_col_text(rows, 5) : "");
		size_t len = 0;
		const void *blob = db_col_blob(rows, 3, &len);
		r->email_ok = db_col_int(rows, 1) && blob && len;
		if (open && r->email_ok)
			r->email = seal_open(a, "person_emails", "email", id, blob, len, NULL);
		blob = db_col_blob(rows, 4, &len);
		r->sms_ok = db_col_int(rows, 2) && blob && len;
		if (open && r->sms_ok)
			r->phone = seal_open(a, "person_phones", "phone", id, blob, len, NULL);
	}
	return db_done(rows) == DB_OK && found;
}

static bool speaks(const struct recipient *r, const char *lang)
{
	if (strcmp(r->lang, lang) == 0)
		return true;
	size_t n = strlen(lang);
	for (const char *p = r->langs; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && memcmp(p, lang, n) == 0)
			return true;
		if (!comma)
			break;
		p = comma + 1;
	}
	return false;
}

static bool wanted(const struct recipient *r, const char *const *only_langs)
{
	if (only_langs == NULL || only_langs[0] == NULL)
		return true;
	for (size_t i = 0; only_langs[i]; i++)
		if (speaks(r, only_langs[i]))
			return true;
	return false;
}

/* The text for this person: their preferred language, then one they
 * speak, then the group's default, then the first text. */
static const struct mobilization_text *pick_text(const struct mobilization_input *in,
                                                 const struct recipient *r, const char *def)
{
	for (size_t i = 0; i < in->n_texts; i++)
		if (strcmp(in->texts[i].lang, r->lang) == 0)
			return &in->texts[i];
	for (size_t i = 0; i < in->n_texts; i++)
		if (speaks(r, in->texts[i].lang))
			return &in->texts[i];
	for (size_t i = 0; i < in->n_texts; i++)
		if (strcmp(in->texts[i].lang, def) == 0)
			return &in->texts[i];
	return &in->texts[0];
}

bool mobilization_preview(struct db *db, const char *query, const char *const *only_langs,
                          bool email, bool sms, struct mobilization_preview *out)
{
	memset(out, 0, sizeof *out);
	struct ids ids;
	if (!find_people(db, query, &ids))
		return false;
	struct rcursor cur;
	rcursor_open(db, &ids, &cur);
	struct recipient r;
	int64_t pid;
	while (rcursor_next(&cur, NULL, false, &pid, &r)) {
		if (!wanted(&r, only_langs))
			continue;
		bool e = email && r.email_ok, s = sms && r.sms_ok;
		if (!e && !s) {
			out->excluded++;
			if (out->n_excluded_ids < 50)
				out->excluded_ids[out->n_excluded_ids++] = pid;
			continue;
		}
		out->people++;
		out->emails += e;
		out->sms += s;
		size_t k;
		for (k = 0; k < out->n_langs; k++)
			if (strcmp(out->langs[k].lang, r.lang) == 0)
				break;
		if (k == out->n_langs && k < 16) {
			snprintf(out->langs[k].lang, sizeof out->langs[k].lang, "%s", r.lang);
			out->n_langs++;
		}
		if (k < 16)
			out->langs[k].n++;
	}
	bool ok = rcursor_close(&cur);
	free(ids.v);
	return ok;
}

bool mobilization_send(struct db *db, const struct mobilization_input *in,
                       struct mobilization_result *out)
{
	memset(out, 0, sizeof *out);
	if (in->n_texts == 0 || (!in->email && !in->sms) || in->title == NULL)
		return false;
	int64_t now = time(NULL);
	if (db_exec(db,
	            "INSERT INTO mobilizations (case_id, call_id, title, segment_query, email, sms, "
	            "created_by, created_at, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	            DB_ARGS(in->case_id > 0 ? DB_INT(in->case_id) : DB_NULL,
	                    in->call_id > 0 ? DB_INT(in->call_id) : DB_NULL, DB_TEXT(in->title),
	                    DB_TEXT(in->query ? in->query : ""), DB_INT(in->email), DB_INT(in->sms),
	                    in->by_user > 0 ? DB_INT(in->by_user) : DB_NULL, DB_INT(now),
	                    DB_INT(now))) != DB_OK)
		return false;
	int64_t mid = db_last_id(db);
	out->id = mid;
	/* the texts, sealed: bound to (mobilization, language) through a row id */
	for (size_t i = 0; i < in->n_texts; i++) {
		int64_t tid = mid * 64 + (int64_t)i;
		struct arena *ta = arena_new(2048);
		size_t len;
		unsigned char *blob = seal_value(ta, "mobilization_texts", "body", tid, in->texts[i].body,
		                                 strlen(in->texts[i].body), &len);
		bool ok = blob && db_exec(db,
			"INSERT INTO mobilization_texts (mobilization_id, lang, id, body_sealed) VALUES (?, ?, ?, ?)",
			DB_ARGS(DB_INT(mid), DB_TEXT(in->texts[i].lang), DB_INT(tid), DB_BLOB(blob, len))) == DB_OK;
		arena_destroy(ta);
		if (!ok)
			return false;
	}
	struct ids ids;
	if (!find_people(db, in->query, &ids))
		return false;
	struct settings s;
	settings_get(&s);
	bool ok = true;
	const char *urgent = in->urgent_reason && *in->urgent_reason ? in->urgent_reason : NULL;
	struct arena *a = arena_new(64 * 1024);
	struct rcursor cur;
	rcursor_open(db, &ids, &cur);
	struct recipient r;
	int64_t pid;
	for (size_t i = 0; ok; i++) {
		if (i > 0 && i % 256 == 0) {
			/* memory stays flat however many people */
			arena_destroy(a);
			a = arena_new(64 * 1024);
		}
		if (!rcursor_next(&cur, a, true, &pid, &r))
			break;
		if (!wanted(&r, in->only_langs))
			continue;
		bool e = in->email && r.email, sms = in->sms && r.phone;
		if (!e && !sms) {
			out->excluded++;
			continue;
		}
		const struct mobilization_text *t = pick_text(in, &r, s.default_lang);
		char token[64];
		random_token_into(token, sizeof token, TOKEN_BYTES);
		unsigned char h[32];
		token_hash(token, h);
		if (db_exec(db,
		            "INSERT INTO mobilization_answers (mobilization_id, person_id, token_hash, lang, "
		            "by_email, by_sms) VALUES (?, ?, ?, ?, ?, ?) "
		            "ON CONFLICT (mobilization_id, person_id) DO NOTHING",
		            DB_ARGS(DB_INT(mid), DB_INT(pid), DB_BLOB(h, sizeof h), DB_TEXT(t->lang),
		                    DB_INT(e), DB_INT(sms))) != DB_OK) {
			ok = false;
			break;
		}
		if (db_changes(db) == 0)
			continue;
		char *link = arena_printf(a, "%s/m/%s", in->base_url ? in->base_url : "", token);
		char key[96];
		if (e) {
			snprintf(key, sizeof key, "mobilization.%lld.%lld.email", (long long)mid, (long long)pid);
			struct outbox_message m = {
				.channel = OUTBOX_EMAIL, .person_id = pid, .to = r.email, .lang = t->lang,
				.subject = i18n_get(t->lang, N_("mob.answer.title")),
				.body = i18n_format(a, t->lang, N_("mob.message_email"), "body", t->body, "link",
				                    link, NULL),
				.bulk = true, .purpose = "mobilization", .ref_kind = "mobilization", .ref_id = mid,
				.idempotency_key = key, .urgent_reason = urgent,
			};
			ok = outbox_enqueue(db, &m) >= 0;
			out->emails++;
		}
		if (ok && sms) {
			snprintf(key, sizeof key, "mobilization.%lld.%lld.sms", (long long)mid, (long long)pid);
			struct outbox_message m = {
				.channel = OUTBOX_SMS, .person_id = pid, .to = r.phone, .lang = t->lang,
				.body = i18n_format(a, t->lang, N_("mob.message_sms"), "body", t->body, "link",
				                    link, NULL),
				.bulk = true, .purpose = "mobilization", .ref_kind = "mobilization", .ref_id = mid,
				.idempotency_key = key, .urgent_reason = urgent,
			};
			ok = outbox_enqueue(db, &m) >= 0;
			out->sms++;
		}
		out->people++;
	}
	ok = rcursor_close(&cur) && ok;
	arena_destroy(a);
	free(ids.v);
	if (!ok)
		return false;
	/* each person's history, in one statement */
	if (db_exec(db, "UPDATE mobilizations SET recipients = ? WHERE id = ?",
	            DB_ARGS(DB_INT(out->people), DB_INT(mid))) != DB_OK ||
	    db_exec(db,
	            "INSERT INTO activities (person_id, at, kind, ref_kind, ref_id, detail) "
	            "SELECT person_id, ?, 'mobilization.asked', 'mobilization', ?, ? "
	            "FROM mobilization_answers WHERE mobilization_id = ?",
	            DB_ARGS(DB_INT(now), DB_INT(mid), DB_TEXT(in->title), DB_INT(mid))) != DB_OK)
		return false;
	if (in->case_id > 0) {
		char text[300];
		snprintf(text, sizeof text, "%s · %lld people · %lld email · %lld SMS%s%s", in->title,
		         (long long)out->people, (long long)out->emails, (long long)out->sms,
		         urgent ? " · urgent: " : "", urgent ? urgent : "");
		if (case_event_add(db, in->case_id, "mobilization", text, in->by_user, "mobilization", mid) < 0)
			return false;
	}
	return true;
}

/* ---- answers ---- */

static bool role_valid(const char *role)
{
	static const char *const roles[] = { "interpreter", "legal_observer", "driver", "companion" };
	for (size_t i = 0; role && i < 4; i++)
		if (strcmp(role, roles[i]) == 0)
			return true;
	return false;
}

static bool answer_valid(const char *a)
{
	return a && (strcmp(a, "yes") == 0 || strcmp(a, "no") == 0 || strcmp(a, "maybe") == 0);
}

/* Records an answer on row `row` (already found) and everything it causes. */
static int64_t record(struct db *db, int64_t row, const char *answer, const char *role, const char *via)
{
	int64_t mid = 0, pid = 0, case_id = 0, call_id = 0;
	char *prev = NULL;
	struct arena *a = arena_new(1024);
	struct db_rows *r = db_query(db,
		"SELECT a.mobilization_id, a.person_id, COALESCE(m.case_id, 0), COALESCE(m.call_id, 0), a.answer "
		"FROM mobilization_answers a JOIN mobilizations m ON m.id = a.mobilization_id WHERE a.id = ?",
		DB_ARGS(DB_INT(row)));
	if (db_next(r)) {
		mid = db_col_int(r, 0);
		pid = db_col_int(r, 1);
		case_id = db_col_int(r, 2);
		call_id = db_col_int(r, 3);
		prev = db_col_null(r, 4) ? NULL : db_col_dup(r, 4, a);
	}
	if (db_done(r) != DB_OK || mid == 0) {
		arena_destroy(a);
		return mid == 0 ? 0 : -1;
	}
	const char *rl = role_valid(role) ? role : "";
	bool ok = db_exec(db,
		"UPDATE mobilization_answers SET answer = ?, role = ?, via = ?, answered_at = ? WHERE id = ?",
		DB_ARGS(DB_TEXT(answer), DB_TEXT(rl), DB_TEXT(via), DB_INT(time(NULL)), DB_INT(row))) == DB_OK;
	char *detail = arena_printf(a, "%s%s%s (%s)", answer, *rl ? " · " : "", rl, via);
	ok = ok && person_activity(db, pid, "mobilization.answer", "mobilization", mid, detail);
	if (ok && case_id > 0 && (prev == NULL || strcmp(prev, answer) != 0)) {
		char *name = NULL;
		if (db_get_text(db, "SELECT trim(CASE WHEN known_as != '' THEN known_as "
		                    "ELSE given_name || ' ' || family_name END) FROM people WHERE id = ?",
		                DB_ARGS(DB_INT(pid)), a, &name) != DB_OK)
			name = NULL;
		ok = case_event_add(db, case_id, "answer",
		                    arena_printf(a, "%s: %s", name && *name ? name : "?", detail), 0,
		                    "person", pid) >= 0;
	}
	/* no longer coming: the morning-of reminder waiting for them is called off */
	if (ok && prev && strcmp(prev, "yes") == 0 && strcmp(answer, "yes") != 0)
		ok = db_exec(db,
			"UPDATE messages SET status = 'cancelled' WHERE status = 'queued' AND "
			"purpose = 'mobilization.reminder' AND ref_kind = 'mobilization' AND ref_id = ? AND "
			"person_id = ?",
			DB_ARGS(DB_INT(mid), DB_INT(pid))) == DB_OK;
	/* a "yes" signs up to the accompaniment call; anything else withdraws */
	if (ok && call_id > 0) {
		if (strcmp(answer, "yes") == 0) {
			ok = db_exec(db,
				"INSERT INTO call_signups (call_id, person_id, role_id, via, created_at) VALUES "
				"(?, ?, (SELECT id FROM call_roles WHERE call_id = ? AND role = ? ORDER BY id LIMIT 1), "
				"?, ?) ON CONFLICT (call_id, person_id) DO UPDATE SET role_id = excluded.role_id",
				DB_ARGS(DB_INT(call_id), DB_INT(pid), DB_INT(call_id), DB_TEXT(rl), DB_TEXT(via),
				        DB_INT(time(NULL)))) == DB_OK;
		} else {
			ok = db_exec(db, "DELETE FROM call_signups WHERE call_id = ? AND person_id = ?",
			             DB_ARGS(DB_INT(call_id), DB_INT(pid))) == DB_OK;
		}
	}
	arena_destroy(a);
	return ok ? mid : -1;
}

static int64_t row_by_token(struct db *db, const char *token)
{
	if (token == NULL || strlen(token) < 20 || strlen(token) > 64)
		return 0;
	unsigned char h[32];
	token_hash(token, h);
	int64_t row = 0;
	if (db_get_int(db, "SELECT id FROM mobilization_answers WHERE token_hash = ?",
	               DB_ARGS(DB_BLOB(h, sizeof h)), &row) != DB_OK)
		return 0;
	return row;
}

int64_t mobilization_answer_link(struct db *db, const char *token, const char *answer,
                                 const char *role)
{
	if (!answer_valid(answer))
		return 0;
	int64_t row = row_by_token(db, token);
	return row ? record(db, row, answer, role, "link") : 0;
}

bool mobilization_by_token(struct db *db, struct arena *a, const char *token,
                           struct mobilization_ask *out)
{
	memset(out, 0, sizeof *out);
	int64_t row = row_by_token(db, token);
	if (row == 0)
		return false;
	struct db_rows *r = db_query(db,
		"SELECT m.id, COALESCE(m.case_id, 0), COALESCE(m.call_id, 0), a.person_id, m.title, a.lang, "
		"a.answer, a.role FROM mobilization_answers a JOIN mobilizations m ON m.id = a.mobilization_id "
		"WHERE a.id = ?",
		DB_ARGS(DB_INT(row)));
	bool found = false;
	if (db_next(r)) {
		found = true;
		out->id = db_col_int(r, 0);
		out->case_id = db_col_int(r, 1);
		out->call_id = db_col_int(r, 2);
		out->person_id = db_col_int(r, 3);
		out->title = db_col_dup(r, 4, a);
		out->lang = db_col_dup(r, 5, a);
		out->answer = db_col_null(r, 6) ? NULL : db_col_dup(r, 6, a);
		out->role = db_col_dup(r, 7, a);
	}
	if (db_done(r) != DB_OK || !found)
		return false;
	/* the text in the language they were written to, else any */
	r = db_query(db,
		"SELECT id, body_sealed FROM mobilization_texts WHERE mobilization_id = ? "
		"ORDER BY lang = ? DESC, id LIMIT 1",
		DB_ARGS(DB_INT(out->id), DB_TEXT(out->lang)));
	if (db_next(r)) {
		size_t len = 0;
		const void *blob = db_col_blob(r, 1, &len);
		if (blob && len)
			out->body = seal_open(a, "mobilization_texts", "body", db_col_int(r, 0), blob, len, NULL);
	}
	db_done(r);
	return true;
}

/* Reply words, compared after folding (case and Latin accents) and trimming. */
const char *mobilization_parse_reply(const char *body)
{
	static const struct { const char *word, *answer; } words[] = {
		{ "yes", "yes" }, { "y", "yes" }, { "1", "yes" }, { "si", "yes" }, { "ok", "yes" },
		{ "হ্যাঁ", "yes" }, { "হাঁ", "yes" }, { "হ্যা", "yes" }, { "১", "yes" },
		{ "हो", "yes" }, { "हजुर", "yes" }, { "१", "yes" }, { "ہاں", "yes" }, { "جی", "yes" },
		{ "۱", "yes" },
		{ "no", "no" }, { "n", "no" }, { "2", "no" }, { "না", "no" }, { "২", "no" },
		{ "होइन", "no" }, { "२", "no" }, { "نہیں", "no" }, { "۲", "no" },
		{ "maybe", "maybe" }, { "3", "maybe" }, { "quizas", "maybe" }, { "tal vez", "maybe" },
		{ "হয়তো", "maybe" }, { "৩", "maybe" }, { "सायद", "maybe" }, { "३", "maybe" },
		{ "شاید", "maybe" }, { "۳", "maybe" },
	};
	if (body == NULL || strlen(body) > 40 || !text_valid_utf8(body, strlen(body)))
		return NULL;
	struct arena *a = arena_new(256);
	if (a == NULL)
		return NULL;
	char *w = text_trim(text_fold(a, body));
	size_t n = strlen(w);
	while (n > 0 && (w[n - 1] == '.' || w[n - 1] == '!' || w[n - 1] == ' '))
		w[--n] = '\0';
	const char *found = NULL;
	for (size_t i = 0; !found && i < sizeof words / sizeof words[0]; i++)
		if (strcmp(w, words[i].word) == 0)
			found = words[i].answer;
	arena_destroy(a);
	return found;
}

bool mobilization_sms_reply(struct db *db, const char *from, int64_t person_id, const char *body)
{
	const char *answer = mobilization_parse_reply(body);
	if (answer == NULL)
		return false;
	if (person_id <= 0 && from)
		person_id = person_by_phone(db, from);
	if (person_id <= 0)
		return false;
	int64_t row = 0;
	if (db_get_int(db,
	               "SELECT a.id FROM mobilization_answers a JOIN mobilizations m ON m.id = a.mobilization_id "
	               "WHERE a.person_id = ? AND a.by_sms = 1 AND m.sent_at >= ? "
	               "ORDER BY m.sent_at DESC, m.id DESC LIMIT 1",
	               DB_ARGS(DB_INT(person_id), DB_INT(time(NULL) - 14 * 86400)), &row) != DB_OK ||
	    row == 0)
		return false;
	return record(db, row, answer, NULL, "sms") > 0;
}

void mobilization_register_inbound(void)
{
	inbound_sms_register(mobilization_sms_reply);
}

bool mobilization_counts(struct db *db, struct arena *a, int64_t id, mobilization_count_fn fn,
                         void *ctx)
{
	struct db_rows *r = db_query(db,
		"SELECT answer, role, COUNT(*) FROM mobilization_answers WHERE mobilization_id = ? "
		"GROUP BY answer, role ORDER BY answer, role",
		DB_ARGS(DB_INT(id)));
	while (db_next(r)) {
		struct mobilization_count c = {
			.answer = db_col_null(r, 0) ? NULL : db_col_dup(r, 0, a),
			.role = db_col_dup(r, 1, a),
			.n = db_col_int(r, 2),
		};
		fn(&c, ctx);
	}
	return db_done(r) == DB_OK;
}

/* Queues one follow-up per person answering `which` ("yes" or "yes,maybe"),
 * on the channels they were asked by. */
static int64_t follow_up(struct db *db, int64_t id, bool maybe_too, const char *purpose,
                         const char *msgid, const char *k1, const char *v1, const char *k2,
                         const char *v2, int64_t not_before, const char *key_suffix)
{
	if (key_suffix == NULL)
		key_suffix = "";
	int64_t n = 0;
	struct arena *a = arena_new(64 * 1024);
	char *title = NULL;
	if (db_get_text(db, "SELECT title FROM mobilizations WHERE id = ?", DB_ARGS(DB_INT(id)), a,
	                &title) != DB_OK) {
		arena_destroy(a);
		return -1;
	}
	struct row { int64_t pid; char lang[8]; bool e, s; } *rows = NULL;
	size_t nrows = 0, cap = 0;
	struct db_rows *r = db_query(db,
		"SELECT person_id, lang, by_email, by_sms FROM mobilization_answers "
		"WHERE mobilization_id = ? AND (answer = 'yes' OR (? AND answer = 'maybe')) ORDER BY id",
		DB_ARGS(DB_INT(id), DB_INT(maybe_too)));
	while (db_next(r)) {
		if (nrows == cap) {
			cap = cap ? cap * 2 : 256;
			struct row *nr = realloc(rows, cap * sizeof *nr);
			if (nr == NULL)
				break;
			rows = nr;
		}
		rows[nrows].pid = db_col_int(r, 0);
		snprintf(rows[nrows].lang, sizeof rows[nrows].lang, "%s", db_col_text(r, 1));
		rows[nrows].e = db_col_int(r, 2) != 0;
		rows[nrows].s = db_col_int(r, 3) != 0;
		nrows++;
	}
	bool ok = db_done(r) == DB_OK;
	for (size_t i = 0; ok && i < nrows; i++) {
		struct recipient rc;
		if (!load_recipient(db, a, rows[i].pid, true, &rc))
			continue;
		const char *lang = rows[i].lang;
		char *text = i18n_format(a, lang, msgid, "title", title, k1, v1, k2, v2, NULL);
		char key[128];
		const char *suffix = key_suffix;
		if (*key_suffix) {
			/* the person's own generation: how many of theirs were called off */
			int64_t gen = 0;
			if (db_get_int(db, "SELECT COUNT(*) FROM messages WHERE purpose = ? AND ref_kind = "
			                   "'mobilization' AND ref_id = ? AND person_id = ? AND status = 'cancelled'",
			               DB_ARGS(DB_TEXT(purpose), DB_INT(id), DB_INT(rows[i].pid)), &gen) != DB_OK) {
				ok = false;
				break;
			}
			suffix = arena_printf(a, "%s.c%lld", key_suffix, (long long)gen);
		}
		if (rows[i].e && rc.email) {
			snprintf(key, sizeof key, "%s.%lld.%lld.email%s", purpose, (long long)id,
			         (long long)rows[i].pid, suffix);
			struct outbox_message m = { .channel = OUTBOX_EMAIL, .person_id = rows[i].pid,
				.to = rc.email, .lang = lang, .subject = title, .body = text, .bulk = true,
				.purpose = purpose, .ref_kind = "mobilization", .ref_id = id,
				.idempotency_key = key, .not_before = not_before };
			int64_t q = outbox_enqueue(db, &m);
			ok = q >= 0;
			n += q > 0;
		}
		if (ok && rows[i].s && rc.phone) {
			snprintf(key, sizeof key, "%s.%lld.%lld.sms%s", purpose, (long long)id,
			         (long long)rows[i].pid, suffix);
			struct outbox_message m = { .channel = OUTBOX_SMS, .person_id = rows[i].pid,
				.to = rc.phone, .lang = lang, .body = text, .bulk = true, .purpose = purpose,
				.ref_kind = "mobilization", .ref_id = id, .idempotency_key = key,
				.not_before = not_before };
			int64_t q = outbox_enqueue(db, &m);
			ok = q >= 0;
			n += q > 0;
		}
		ok = ok && person_activity(db, rows[i].pid, purpose, "mobilization", id, title);
	}
	free(rows);
	arena_destroy(a);
	return ok ? n : -1;
}

int64_t mobilization_remind_yes(struct db *db, int64_t id, const char *base_url)
{
	(void)base_url;
	/* where and when: the call's, else the key date's */
	struct arena *a = arena_new(2048);
	int64_t starts = 0, case_id = 0;
	char *place = NULL, *bring = NULL;
	struct db_rows *r = db_query(db,
		"SELECT COALESCE(c.starts_at, 0), COALESCE(c.place, ''), COALESCE(c.bring, ''), "
		"COALESCE(m.case_id, 0) FROM mobilizations m LEFT JOIN calls c ON c.id = m.call_id "
		"WHERE m.id = ?",
		DB_ARGS(DB_INT(id)));
	if (db_next(r)) {
		starts = db_col_int(r, 0);
		place = db_col_dup(r, 1, a);
		bring = db_col_dup(r, 2, a);
		case_id = db_col_int(r, 3);
	}
	if (db_done(r) != DB_OK || case_id < 0) {
		arena_destroy(a);
		return -1;
	}
	if (starts == 0 && case_id > 0) {
		/* no call: the case's next key date */
		r = db_query(db, "SELECT starts_at, place FROM case_dates WHERE case_id = ? AND "
		                 "status = 'scheduled' AND starts_at > ? ORDER BY starts_at LIMIT 1",
		             DB_ARGS(DB_INT(case_id), DB_INT(time(NULL))));
		if (db_next(r)) {
			starts = db_col_int(r, 0);
			place = db_col_dup(r, 1, a);
		}
		db_done(r);
	}
	struct settings s;
	settings_get(&s);
	char when[40] = "";
	int64_t not_before = 0;
	if (starts > 0) {
		tz_format(s.timezone, starts, when, sizeof when);
		char date[11], hm[6];
		tz_format_parts(s.timezone, starts, date, hm);
		int64_t morning = 0;
		if (tz_parse_local(s.timezone, date, "07:00", &morning) && morning > time(NULL) &&
		    morning < starts)
			not_before = morning;
	}
	char *where = arena_printf(a, "%s · %s%s%s", when, place ? place : "", bring && *bring ? " · " : "",
	                           bring ? bring : "");
	/* one reminder per person and day: those still waiting are replaced;
	 * the key names the time it is for and how many of the person's were
	 * called off before, so a moved date gets new ones and one already sent
	 * is never sent again */
	if (outbox_cancel(db, "mobilization.reminder", "mobilization", id) < 0) {
		arena_destroy(a);
		return -1;
	}
	char suffix[32];
	snprintf(suffix, sizeof suffix, ".s%lld", (long long)starts);
	int64_t n = follow_up(db, id, false, "mobilization.reminder", N_("mob.reminder_text"), "where",
	                      where, NULL, NULL, not_before, suffix);
	if (n >= 0) {
		db_exec(db, "UPDATE mobilizations SET reminded_at = ? WHERE id = ?",
		        DB_ARGS(DB_INT(time(NULL)), DB_INT(id)));
		if (case_id > 0)
			case_event_add(db, case_id, "mobilization",
			               arena_printf(a, "reminder to %lld who said yes", (long long)n), 0,
			               "mobilization", id);
	}
	arena_destroy(a);
	return n;
}

int64_t mobilization_thank(struct db *db, int64_t id, const char *outcome_text)
{
	int64_t case_id = 0;
	db_get_int(db, "SELECT COALESCE(case_id, 0) FROM mobilizations WHERE id = ?",
	           DB_ARGS(DB_INT(id)), &case_id);
	int64_t n = follow_up(db, id, true, "mobilization.thanks", N_("mob.thanks_text"), "outcome",
	                      outcome_text ? outcome_text : "", NULL, NULL, 0, NULL);
	if (n >= 0) {
		db_exec(db, "UPDATE mobilizations SET thanked_at = ?, outcome_text = ? WHERE id = ?",
		        DB_ARGS(DB_INT(time(NULL)), DB_TEXT(outcome_text ? outcome_text : ""), DB_INT(id)));
		if (case_id > 0) {
			char text[300];
			snprintf(text, sizeof text, "thank-you to %lld", (long long)n);
			case_event_add(db, case_id, "mobilization", text, 0, "mobilization", id);
		}
	}
	return n;
}

bool mobilization_date_changed(struct db *db, int64_t date_id, bool still_on)
{
	/* the mobilizations for this date's calls, and whether a reminder was queued */
	struct { int64_t id; bool reminded; } mobs[64];
	size_t n = 0;
	struct db_rows *r = db_query(db,
		"SELECT m.id, m.reminded_at IS NOT NULL FROM mobilizations m JOIN calls c ON c.id = m.call_id "
		"WHERE c.date_id = ? ORDER BY m.id DESC LIMIT 64",
		DB_ARGS(DB_INT(date_id)));
	while (db_next(r)) {
		mobs[n].id = db_col_int(r, 0);
		mobs[n].reminded = db_col_int(r, 1) != 0;
		n++;
	}
	if (db_done(r) != DB_OK)
		return false;
	for (size_t i = 0; i < n; i++) {
		/* queued again wherever the organizer had asked for one (the waiting
		 * ones are replaced): one already sent for the old day is followed by
		 * one for the new day */
		bool ok = still_on && mobs[i].reminded
		          ? mobilization_remind_yes(db, mobs[i].id, NULL) >= 0
		          : outbox_cancel(db, "mobilization.reminder", "mobilization", mobs[i].id) >= 0;
		if (!ok)
			return false;
	}
	return true;
}

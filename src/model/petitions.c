#include "model/petitions.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/random.h"
#include "crypto/keys.h"
#include "crypto/seal.h"
#include "db/db.h"
#include "i18n/i18n.h"
#include "i18n/msgid.h"
#include "model/outbox.h"
#include "model/people.h"
#include "model/petition_intake.h"

const char *const petition_fields[] = { "title", "body", "ask", "targets", NULL };

bool petition_slug_ok(const char *slug)
{
	size_t n = slug ? strlen(slug) : 0;
	if (n < 2 || n > 48 || slug[0] == '-' || slug[n - 1] == '-')
		return false;
	bool letter = false;
	for (size_t i = 0; i < n; i++) {
		char c = slug[i];
		if (c >= 'a' && c <= 'z')
			letter = true;
		else if (!((c >= '0' && c <= '9') || c == '-'))
			return false;
	}
	return letter;
}

#define COLS "id, slug, goal, case_id, starts_at, ends_at, visibility, double_opt_in, signature_count, " \
	"created_at"

static bool load(struct db_rows *r, struct arena *a, struct petition *out)
{
	bool found = db_next(r);
	if (found) {
		*out = (struct petition){
			.id = db_col_int(r, 0), .slug = db_col_dup(r, 1, a), .goal = db_col_int(r, 2),
			.case_id = db_col_null(r, 3) ? 0 : db_col_int(r, 3), .starts_at = db_col_int(r, 4),
			.ends_at = db_col_int(r, 5),
			.unlisted = db_col_text(r, 6) && strcmp(db_col_text(r, 6), "unlisted") == 0,
			.double_opt_in = db_col_int(r, 7) != 0, .count = db_col_int(r, 8),
			.created_at = db_col_int(r, 9),
		};
	}
	return db_done(r) == DB_OK && found;
}

int64_t petition_pending(struct db *db, int64_t id)
{
	int64_t n = 0;
	if (db != NULL)
		db_get_int(db, "SELECT count(*) FROM petition_signatures WHERE petition_id = ? AND confirmed = 0",
		           DB_ARGS(DB_INT(id)), &n);
	return n;
}

bool petition_get(struct db *db, struct arena *a, int64_t id, struct petition *out)
{
	return load(db_query(db, "SELECT " COLS " FROM petitions WHERE id = ?", DB_ARGS(DB_INT(id))), a, out);
}

bool petition_by_slug(struct db *db, struct arena *a, const char *slug, struct petition *out)
{
	return load(db_query(db, "SELECT " COLS " FROM petitions WHERE slug = ?", DB_ARGS(DB_TEXT(slug))),
	            a, out);
}

bool petition_open(const struct petition *p, int64_t now)
{
	return (p->starts_at == 0 || now >= p->starts_at) && (p->ends_at == 0 || now < p->ends_at);
}

int64_t petition_create(struct db *db, const struct petition *p, int64_t by_user)
{
	int64_t now = time(NULL);
	enum db_status s = db_exec(db,
		"INSERT INTO petitions (slug, goal, case_id, starts_at, ends_at, visibility, double_opt_in, "
		"created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT (slug) DO NOTHING",
		DB_ARGS(DB_TEXT(p->slug), DB_INT(p->goal), p->case_id ? DB_INT(p->case_id) : DB_NULL,
		        DB_INT(p->starts_at), DB_INT(p->ends_at), DB_TEXT(p->unlisted ? "unlisted" : "public"),
		        DB_INT(p->double_opt_in), by_user ? DB_INT(by_user) : DB_NULL, DB_INT(now), DB_INT(now)));
	if (s != DB_OK)
		return -1;
	return db_changes(db) ? db_last_id(db) : 0;
}

int petition_update(struct db *db, const struct petition *p)
{
	int64_t taken = 0;
	if (db_get_int(db, "SELECT count(*) FROM petitions WHERE slug = ? AND id != ?",
	               DB_ARGS(DB_TEXT(p->slug), DB_INT(p->id)), &taken) != DB_OK)
		return DB_ERROR;
	if (taken)
		return DB_CONFLICT;
	return db_exec(db,
		"UPDATE petitions SET slug = ?, goal = ?, case_id = ?, starts_at = ?, ends_at = ?, "
		"visibility = ?, double_opt_in = ?, updated_at = ? WHERE id = ?",
		DB_ARGS(DB_TEXT(p->slug), DB_INT(p->goal), p->case_id ? DB_INT(p->case_id) : DB_NULL,
		        DB_INT(p->starts_at), DB_INT(p->ends_at), DB_TEXT(p->unlisted ? "unlisted" : "public"),
		        DB_INT(p->double_opt_in), DB_INT(time(NULL)), DB_INT(p->id)));
}

bool petitions_list(struct db *db, struct arena *a, bool public_only, int64_t offset,
                    int64_t limit, petition_row_fn fn, void *ctx, int64_t *total)
{
	if (db_get_int(db, "SELECT count(*) FROM petitions WHERE (? = 0 OR visibility = 'public')",
	               DB_ARGS(DB_INT(public_only)), total) != DB_OK)
		return false;
	struct db_rows *r = db_query(db,
		"SELECT id, slug, goal, signature_count, ends_at, visibility FROM petitions "
		"WHERE (? = 0 OR visibility = 'public') ORDER BY id DESC LIMIT ? OFFSET ?",
		DB_ARGS(DB_INT(public_only), DB_INT(limit), DB_INT(offset)));
	while (db_next(r)) {
		struct petition_list_row row = {
			db_col_int(r, 0), db_col_dup(r, 1, a), db_col_int(r, 2), db_col_int(r, 3),
			db_col_int(r, 4), db_col_text(r, 5) && strcmp(db_col_text(r, 5), "unlisted") == 0,
		};
		fn(&row, ctx);
	}
	return db_done(r) == DB_OK;
}

/* ---- signing ---- */

/* "Ana M.": the given name and the first letter (code point) of the family name. */
static char *public_name(struct arena *a, const char *given, const char *family)
{
	if (given == NULL || *given == '\0')
		return arena_strdup(a, "");
	if (family == NULL || *family == '\0')
		return arena_strdup(a, given);
	size_t n = 1;
	while (family[n] && ((unsigned char)family[n] & 0xC0) == 0x80)
		n++;
	return arena_printf(a, "%s %.*s.", given, (int)n, family);
}

static bool seal_comment(struct db *db, struct arena *a, int64_t id, const char *comment)
{
	if (comment == NULL || *comment == '\0')
		return true;
	size_t len;
	unsigned char *blob = seal_value(a, "petition_signatures", "comment", id, comment,
	                                 strlen(comment), &len);
	return blob && db_exec(db, "UPDATE petition_signatures SET comment_sealed = ? WHERE id = ?",
	                       DB_ARGS(DB_BLOB(blob, len), DB_INT(id))) == DB_OK;
}

/* After the counter moved by one: a milestone reached now is recorded. */
static bool milestones(struct db *db, int64_t petition_id)
{
	struct db_rows *r = db_query(db, "SELECT signature_count, goal, case_id FROM petitions WHERE id = ?",
	                             DB_ARGS(DB_INT(petition_id)));
	int64_t count = 0, goal = 0, case_id = 0;
	if (db_next(r)) {
		count = db_col_int(r, 0);
		goal = db_col_int(r, 1);
		case_id = db_col_null(r, 2) ? 0 : db_col_int(r, 2);
	}
	if (db_done(r) != DB_OK)
		return false;
	const char *kind = count == goal && goal > 0 ? "goal" : count == 100 ? "100" : count == 1000 ? "1000" : NULL;
	for (int pass = 0; kind && pass < 2; pass++) {
		if (db_exec(db, "INSERT INTO petition_milestones (petition_id, kind, count, case_id, reached_at) "
		                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (petition_id, kind) DO NOTHING",
		            DB_ARGS(DB_INT(petition_id), DB_TEXT(kind), DB_INT(count),
		                    case_id ? DB_INT(case_id) : DB_NULL, DB_INT(time(NULL)))) != DB_OK)
			return false;
		/* a goal of exactly 100 or 1,000 is both */
		kind = strcmp(kind, "goal") == 0 && count == 100 ? "100" :
		       strcmp(kind, "goal") == 0 && count == 1000 ? "1000" : NULL;
	}
	return true;
}

bool petition_count_one(struct db *db, int64_t petition_id)
{
	return db_exec(db, "UPDATE petitions SET signature_count = signature_count + 1 WHERE id = ?",
	               DB_ARGS(DB_INT(petition_id))) == DB_OK &&
	       milestones(db, petition_id);
}

bool petition_milestones(struct db *db, struct arena *a, int64_t petition_id, milestone_fn fn, void *ctx)
{
	struct db_rows *r = db_query(db, "SELECT kind, count, reached_at FROM petition_milestones "
	                                 "WHERE petition_id = ? ORDER BY reached_at, id", DB_ARGS(DB_INT(petition_id)));
	while (db_next(r))
		fn(db_col_dup(r, 0, a), db_col_int(r, 1), db_col_int(r, 2), ctx);
	return db_done(r) == DB_OK;
}

static struct person_input person_of(const struct signature_input *in)
{
	return (struct person_input){
		.given_name = in->given_name, .family_name = in->family_name,
		.postal_code = in->postal_code, .lang = in->lang, .source = "petition",
		.emails = &in->email, .n_emails = in->email ? 1 : 0,
		.phones = &in->phone, .n_phones = in->phone ? 1 : 0,
		.subscribe = { in->subscribe[0], in->subscribe[1], in->subscribe[2] },
		.how = "petition",
	};
}

bool petition_sign(struct db *db, const struct signature_input *in, struct sign_result *out)
{
	*out = (struct sign_result){ 0 };
	/* a signature still in the intake (a crowd's) has no person yet */
	int64_t waiting = petition_intake_find(db, in->petition_id, in->email, in->phone);
	if (waiting != 0) {
		out->outcome = SIGN_ALREADY;
		return waiting > 0;
	}
	return petition_file_signature(db, in, time(NULL), false, NULL, out);
}

bool petition_file_signature(struct db *db, const struct signature_input *in, int64_t signed_at,
                             bool counted, const char *token, struct sign_result *out)
{
	struct person_input p = person_of(in);
	out->person_id = person_upsert(db, &p, &out->person_created);
	if (out->person_id < 0)
		return false;
	int64_t existing = 0;
	enum db_status s = db_get_int(db,
		"SELECT id FROM petition_signatures WHERE petition_id = ? AND person_id = ?",
		DB_ARGS(DB_INT(in->petition_id), DB_INT(out->person_id)), &existing);
	if (s == DB_OK) {
		out->outcome = SIGN_ALREADY;
		out->signature_id = existing;
		return true;
	}
	if (s != DB_NOT_FOUND)
		return false;

	struct arena *a = arena_new(4096);
	if (a == NULL)
		return false;
	bool pending = in->needs_confirmation && in->email;
	if (pending && token == NULL)
		token = random_token(a, 32);
	unsigned char hash[32];
	if (pending) {
		secret_hash(KEY_SESSIONS, arena_printf(a, "petition-confirm:%s", token), hash);
		snprintf(out->confirm_token, sizeof out->confirm_token, "%s", token);
	}
	char *name = arena_printf(a, "%s%s%s", in->given_name ? in->given_name : "",
	                          in->family_name && *in->family_name ? " " : "",
	                          in->family_name ? in->family_name : "");
	bool ok = db_exec(db,
		"INSERT INTO petition_signatures (petition_id, person_id, name, public_name, postal_code, "
		"lang, confirmed, confirm_hash, created_at, confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		DB_ARGS(DB_INT(in->petition_id), DB_INT(out->person_id), DB_TEXT(name),
		        DB_TEXT(in->show_publicly ? public_name(a, in->given_name, in->family_name) : ""),
		        DB_TEXT(in->postal_code ? in->postal_code : ""), DB_TEXT(in->lang),
		        DB_INT(!pending), pending ? DB_BLOB(hash, sizeof hash) : DB_NULL, DB_INT(signed_at),
		        pending ? DB_NULL : DB_INT(signed_at))) == DB_OK;
	if (ok) {
		out->signature_id = db_last_id(db);
		ok = seal_comment(db, a, out->signature_id, in->comment);
	}
	if (ok && !pending && !counted)
		ok = petition_count_one(db, in->petition_id);
	if (ok)
		ok = person_activity(db, out->person_id, "petition.signed", "petition", in->petition_id,
		                     pending ? "pending" : NULL);
	/* The message, in the signer's language, queued with the signature. */
	const char *lang = in->lang ? in->lang : "en";
	const char *title = in->title ? in->title : "";
	if (ok && pending) {
		const char *link = arena_printf(a, "%s%s", in->confirm_url_prefix ? in->confirm_url_prefix : "",
		                                token);
		ok = outbox_enqueue(db, &(struct outbox_message){
			.channel = OUTBOX_EMAIL, .person_id = out->person_id, .to = in->email, .lang = lang,
			.subject = i18n_format(a, lang, N_("petition.mail.confirm.subject"), "title", title, NULL),
			.body = i18n_format(a, lang, N_("petition.mail.confirm.body"), "title", title, "link",
			                    link, NULL),
			.purpose = "petition.confirm", .ref_kind = "petition", .ref_id = in->petition_id,
		}) >= 0;
	} else if (ok && in->email) {
		ok = outbox_enqueue(db, &(struct outbox_message){
			.channel = OUTBOX_EMAIL, .person_id = out->person_id, .to = in->email, .lang = lang,
			.subject = i18n_format(a, lang, N_("petition.mail.thanks.subject"), "title", title, NULL),
			.body = i18n_format(a, lang, N_("petition.mail.thanks.body"), "title", title, NULL),
			.purpose = "petition.thanks", .ref_kind = "petition", .ref_id = in->petition_id,
		}) >= 0;
	} else if (ok && in->phone && in->subscribe[1]) {
		/* only a phone, and texts agreed to: a short text */
		ok = outbox_enqueue(db, &(struct outbox_message){
			.channel = OUTBOX_SMS, .person_id = out->person_id, .to = in->phone, .lang = lang,
			.body = i18n_format(a, lang, N_("petition.sms.thanks"), "title", title, NULL),
			.purpose = "petition.thanks", .ref_kind = "petition", .ref_id = in->petition_id,
		}) >= 0;
	}
	arena_destroy(a);
	out->outcome = pending ? SIGN_PENDING : SIGN_COUNTED;
	return ok;
}

bool petition_confirm(struct db *db, const char *token, int64_t *petition_id, bool *already)
{
	if (token == NULL || strlen(token) < 20 || strlen(token) > 64)
		return false;
	struct arena *a = arena_new(512);
	unsigned char hash[32];
	secret_hash(KEY_SESSIONS, arena_printf(a, "petition-confirm:%s", token), hash);
	arena_destroy(a);
	struct db_rows *r = db_query(db,
		"SELECT id, petition_id, confirmed, person_id FROM petition_signatures WHERE confirm_hash = ?",
		DB_ARGS(DB_BLOB(hash, sizeof hash)));
	int64_t id = 0, confirmed = 0, person = 0;
	if (db_next(r)) {
		id = db_col_int(r, 0);
		*petition_id = db_col_int(r, 1);
		confirmed = db_col_int(r, 2);
		person = db_col_int(r, 3);
	}
	if (db_done(r) != DB_OK || id == 0)
		return false;
	*already = confirmed != 0;
	if (confirmed)
		return true;
	return db_exec(db, "UPDATE petition_signatures SET confirmed = 1, confirmed_at = ? WHERE id = ?",
	               DB_ARGS(DB_INT(time(NULL)), DB_INT(id))) == DB_OK &&
	       petition_count_one(db, *petition_id) &&
	       person_activity(db, person, "petition.confirmed", "petition", *petition_id, NULL);
}

bool petition_signatures(struct db *db, struct arena *a, int64_t petition_id, bool with_comments,
                         bool counted_only, int64_t offset, int64_t limit, signature_row_fn fn,
                         void *ctx, int64_t *total)
{
	if (total && db_get_int(db, "SELECT count(*) FROM petition_signatures WHERE petition_id = ? "
	                            "AND (? = 0 OR confirmed = 1)",
	                        DB_ARGS(DB_INT(petition_id), DB_INT(counted_only)), total) != DB_OK)
		return false;
	struct db_rows *r = db_query(db,
		"SELECT id, person_id, name, public_name, postal_code, comment_sealed, lang, comment_hidden, "
		"confirmed, created_at FROM petition_signatures WHERE petition_id = ? "
		"AND (? = 0 OR confirmed = 1) ORDER BY id LIMIT ? OFFSET ?",
		DB_ARGS(DB_INT(petition_id), DB_INT(counted_only), DB_INT(limit), DB_INT(offset)));
	while (db_next(r)) {
		struct signature_row row = {
			.id = db_col_int(r, 0), .person_id = db_col_int(r, 1), .name = db_col_dup(r, 2, a),
			.public_name = db_col_dup(r, 3, a), .postal_code = db_col_dup(r, 4, a),
			.lang = db_col_dup(r, 6, a), .comment_hidden = db_col_int(r, 7) != 0,
			.confirmed = db_col_int(r, 8) != 0, .created_at = db_col_int(r, 9),
		};
		size_t blen = 0, plen = 0;
		const void *blob = db_col_blob(r, 5, &blen);
		if (with_comments && blob && blen)
			row.comment = seal_open(a, "petition_signatures", "comment", row.id, blob, blen, &plen);
		fn(&row, ctx);
	}
	return db_done(r) == DB_OK;
}

size_t petition_recent_public(struct db *db, struct arena *a, int64_t petition_id,
                              const char **out, size_t cap)
{
	size_t n = 0;
	struct db_rows *r = db_query(db,
		"SELECT public_name FROM petition_signatures WHERE petition_id = ? AND confirmed = 1 "
		"AND public_name != '' ORDER BY id DESC LIMIT ?",
		DB_ARGS(DB_INT(petition_id), DB_INT(cap)));
	while (db_next(r) && n < cap)
		out[n++] = db_col_dup(r, 0, a);
	db_done(r);
	return n;
}

bool petition_hide_comment(struct db *db, int64_t petition_id, int64_t signature_id, bool hidden)
{
	return db_exec(db, "UPDATE petition_signatures SET comment_hidden = ? WHERE id = ? AND petition_id = ?",
	               DB_ARGS(DB_INT(hidden), DB_INT(signature_id), DB_INT(petition_id))) == DB_OK &&
	       db_changes(db) == 1;
}

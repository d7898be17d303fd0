#include "model/people.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/text.h"
#include "crypto/seal.h"
#include "db/db.h"
#include "i18n/msgid.h"

const char *const seeded_talent_msgids[] = {
	N_("talent.interpreting"), N_("talent.legal"), N_("talent.accompaniment"),
	N_("talent.driving"), N_("talent.childcare"), N_("talent.design"),
	N_("talent.social_media"), N_("talent.writing"), N_("talent.photography"),
	N_("talent.food"), N_("talent.canvassing"), N_("talent.tech"), NULL,
};

static const char *const channel_names[] = { "email", "sms", "phone" };
static const char *const consent_names[] = { "never_asked", "subscribed", "unsubscribed" };

static const char *const availability_names[] = {
	"weekday_mornings", "weekday_afternoons", "weekday_evenings", "weekends",
};
static const char *const availability_msgids[] = {
	N_("join.avail.weekday_mornings"), N_("join.avail.weekday_afternoons"),
	N_("join.avail.weekday_evenings"), N_("join.avail.weekends"),
};

static int availability_index(unsigned bit)
{
	for (int k = 0; k < 4; k++)
		if (bit == 1u << k)
			return k;
	return -1;
}

const char *availability_name(unsigned bit)
{
	int k = availability_index(bit);
	return k < 0 ? "" : availability_names[k];
}

const char *availability_msgid(unsigned bit)
{
	int k = availability_index(bit);
	return k < 0 ? "" : availability_msgids[k];
}

const char *channel_name(enum channel c)
{
	return (unsigned)c < CHANNEL__COUNT ? channel_names[c] : "email";
}

const char *consent_name(enum consent c)
{
	return (unsigned)c < 3 ? consent_names[c] : "never_asked";
}

bool consent_parse(const char *s, enum consent *out)
{
	for (unsigned i = 0; s && i < 3; i++)
		if (strcmp(s, consent_names[i]) == 0) {
			*out = (enum consent)i;
			return true;
		}
	return false;
}

static int64_t by_index(struct db *db, const char *sql, const char *index_name, const char *value)
{
	if (value == NULL || *value == '\0')
		return 0;
	unsigned char idx[BLIND_INDEX_BYTES];
	blind_index(index_name, value, idx);
	int64_t id = 0;
	return db_get_int(db, sql, DB_ARGS(DB_BLOB(idx, sizeof idx)), &id) == DB_OK ? id : 0;
}

int64_t person_by_email(struct db *db, const char *email)
{
	return by_index(db,
		"SELECT e.person_id FROM person_emails e JOIN people p ON p.id = e.person_id "
		"WHERE e.email_index = ? AND p.merged_into IS NULL ORDER BY e.person_id LIMIT 1",
		"people.email", email);
}

int64_t person_by_phone(struct db *db, const char *phone)
{
	return by_index(db,
		"SELECT f.person_id FROM person_phones f JOIN people p ON p.id = f.person_id "
		"WHERE f.phone_index = ? AND p.merged_into IS NULL ORDER BY f.person_id LIMIT 1",
		"people.phone", phone);
}

static bool blank(const char *s)
{
	return s == NULL || *s == '\0';
}

static bool seal_column(struct db *db, struct arena *a, int64_t id, const char *column,
                        const char *sql, const char *value)
{
	size_t len;
	unsigned char *blob = seal_value(a, "people", column, id, value, strlen(value), &len);
	return blob && db_exec(db, sql, DB_ARGS(DB_BLOB(blob, len), DB_INT(id))) == DB_OK;
}

/* Adds an email or phone the person does not have yet (`is_new`: the
 * person was just created, so there is nothing to compare with). */
static bool add_contact(struct db *db, struct arena *a, int64_t id, const char *kind,
                        const char *value, bool is_new)
{
	bool email = strcmp(kind, "email") == 0;
	unsigned char idx[BLIND_INDEX_BYTES];
	blind_index(email ? "people.email" : "people.phone", value, idx);
	int64_t have = 0;
	enum db_status s = is_new ? DB_OK : db_get_int(db,
		email ? "SELECT COUNT(*) FROM person_emails WHERE person_id = ? AND email_index = ?"
		      : "SELECT COUNT(*) FROM person_phones WHERE person_id = ? AND phone_index = ?",
		DB_ARGS(DB_INT(id), DB_BLOB(idx, sizeof idx)), &have);
	if (s != DB_OK)
		return false;
	if (have)
		return true;
	size_t len;
	unsigned char *blob = seal_value(a, email ? "person_emails" : "person_phones", kind, id, value,
	                                 strlen(value), &len);
	return blob && db_exec(db,
		email ? "INSERT INTO person_emails (person_id, email_index, email_sealed, created_at) "
		        "VALUES (?, ?, ?, ?)"
		      : "INSERT INTO person_phones (person_id, phone_index, phone_sealed, created_at) "
		        "VALUES (?, ?, ?, ?)",
		DB_ARGS(DB_INT(id), DB_BLOB(idx, sizeof idx), DB_BLOB(blob, len),
		        DB_INT(time(NULL)))) == DB_OK;
}

static const char *const consent_columns[] = {
	"UPDATE people SET consent_email = ? WHERE id = ?",
	"UPDATE people SET consent_sms = ? WHERE id = ?",
	"UPDATE people SET consent_phone = ? WHERE id = ?",
};

static bool subscribe(struct db *db, int64_t id, enum channel c, const char *how, int64_t by_user)
{
	static const char *const current[] = {
		"SELECT consent_email = 'subscribed' FROM people WHERE id = ?",
		"SELECT consent_sms = 'subscribed' FROM people WHERE id = ?",
		"SELECT consent_phone = 'subscribed' FROM people WHERE id = ?",
	};
	int64_t already = 0;
	if (db_get_int(db, current[c], DB_ARGS(DB_INT(id)), &already) != DB_OK)
		return false;
	if (already)
		return true;
	return db_exec(db,
	               "INSERT INTO consent_events (person_id, channel, status, at, how, by_user) "
	               "VALUES (?, ?, 'subscribed', ?, ?, ?)",
	               DB_ARGS(DB_INT(id), DB_TEXT(channel_name(c)), DB_INT(time(NULL)),
	                       DB_TEXT(how ? how : "staff"), by_user ? DB_INT(by_user) : DB_NULL)) == DB_OK &&
	       db_exec(db, consent_columns[c], DB_ARGS(DB_TEXT("subscribed"), DB_INT(id))) == DB_OK;
}

/* Recomputes the folded name and the search row from the stored names. */
static bool reindex(struct db *db, struct arena *a, int64_t id)
{
	struct db_rows *r = db_query(db,
		"SELECT given_name || ' ' || family_name || ' ' || known_as FROM people WHERE id = ?",
		DB_ARGS(DB_INT(id)));
	char *names = db_next(r) ? db_col_dup(r, 0, a) : NULL;
	if (db_done(r) != DB_OK || names == NULL)
		return false;
	char *fold = text_trim(text_fold(a, names));
	return db_exec(db, "UPDATE people SET name_fold = ? WHERE id = ?",
	               DB_ARGS(DB_TEXT(fold), DB_INT(id))) == DB_OK &&
	       db_exec(db, "DELETE FROM people_search WHERE rowid = ?", DB_ARGS(DB_INT(id))) == DB_OK &&
	       db_exec(db, "INSERT INTO people_search (rowid, name_fold) VALUES (?, ?)",
	               DB_ARGS(DB_INT(id), DB_TEXT(fold))) == DB_OK;
}

/* Adds languages and talents (by slug) a person does not have yet. */
static bool add_sets(struct db *db, int64_t id, const char *const *languages, size_t n_languages,
                     const char *const *talents, size_t n_talents)
{
	bool ok = true;
	for (size_t i = 0; ok && i < n_languages; i++)
		ok = db_exec(db, "INSERT OR IGNORE INTO person_languages (person_id, lang) VALUES (?, ?)",
		             DB_ARGS(DB_INT(id), DB_TEXT(languages[i]))) == DB_OK;
	for (size_t i = 0; ok && i < n_talents; i++)
		ok = db_exec(db,
		             "INSERT OR IGNORE INTO person_talents (person_id, talent_id) "
		             "SELECT ?, id FROM talents WHERE slug = ?",
		             DB_ARGS(DB_INT(id), DB_TEXT(talents[i]))) == DB_OK;
	return ok;
}

/* What an input adds to a person: contacts, languages, talents, and
 * consent for ticked channels (`fresh`: the person was just created). */
static bool add_from_input(struct db *db, struct arena *a, int64_t id, const struct person_input *in,
                           bool fresh)
{
	bool ok = true;
	for (size_t i = 0; ok && i < in->n_emails; i++)
		ok = blank(in->emails[i]) || add_contact(db, a, id, "email", in->emails[i], fresh && i == 0);
	for (size_t i = 0; ok && i < in->n_phones; i++)
		ok = blank(in->phones[i]) || add_contact(db, a, id, "phone", in->phones[i], fresh && i == 0);
	ok = ok && add_sets(db, id, in->languages, in->n_languages, in->talents, in->n_talents);
	for (int c = 0; ok && c < CHANNEL__COUNT; c++)
		if (in->subscribe[c])
			ok = subscribe(db, id, (enum channel)c, in->how, in->by_user);
	return ok;
}

int64_t person_upsert(struct db *db, const struct person_input *in, bool *created)
{
	int64_t id = 0;
	for (size_t i = 0; id == 0 && i < in->n_emails; i++)
		id = person_by_email(db, in->emails[i]);
	for (size_t i = 0; id == 0 && i < in->n_phones; i++)
		id = person_by_phone(db, in->phones[i]);
	int64_t now = time(NULL);
	*created = id == 0;
	struct arena *a = arena_new(2048);
	char *fold = NULL;
	if (id == 0) {
		/* a new person: the folded name goes in with the row */
		fold = text_trim(text_fold(a, arena_printf(a, "%s %s %s", in->given_name ? in->given_name : "",
		                                          in->family_name ? in->family_name : "",
		                                          in->known_as ? in->known_as : "")));
		if (db_exec(db,
		            "INSERT INTO people (given_name, family_name, known_as, name_fold, postal_code, lang, "
		            "availability, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		            DB_ARGS(DB_TEXT(in->given_name ? in->given_name : ""),
		                    DB_TEXT(in->family_name ? in->family_name : ""),
		                    DB_TEXT(in->known_as ? in->known_as : ""), DB_TEXT(fold),
		                    DB_TEXT(in->postal_code ? in->postal_code : ""),
		                    DB_TEXT(in->lang ? in->lang : ""), DB_INT(in->availability),
		                    DB_TEXT(in->source ? in->source : ""), DB_INT(now), DB_INT(now))) != DB_OK) {
			arena_destroy(a);
			return -1;
		}
		id = db_last_id(db);
	} else {
		/* add, never erase: empty fields are filled, known ones kept */
		if (db_exec(db,
		            "UPDATE people SET "
		            "given_name = CASE WHEN given_name = '' THEN ? ELSE given_name END, "
		            "family_name = CASE WHEN family_name = '' THEN ? ELSE family_name END, "
		            "known_as = CASE WHEN known_as = '' THEN ? ELSE known_as END, "
		            "postal_code = CASE WHEN postal_code = '' THEN ? ELSE postal_code END, "
		            "lang = CASE WHEN lang = '' THEN ? ELSE lang END, "
		            "availability = availability | ?, updated_at = ? WHERE id = ?",
		            DB_ARGS(DB_TEXT(in->given_name ? in->given_name : ""),
		                    DB_TEXT(in->family_name ? in->family_name : ""),
		                    DB_TEXT(in->known_as ? in->known_as : ""),
		                    DB_TEXT(in->postal_code ? in->postal_code : ""),
		                    DB_TEXT(in->lang ? in->lang : ""), DB_INT(in->availability),
		                    DB_INT(now), DB_INT(id))) != DB_OK) {
			arena_destroy(a);
			return -1;
		}
	}
	bool ok = true;
	if (!blank(in->address)) {
		int64_t has = 0;
		ok = ok && db_get_int(db, "SELECT address_sealed IS NOT NULL FROM people WHERE id = ?",
		                      DB_ARGS(DB_INT(id)), &has) == DB_OK;
		if (ok && !has)
			ok = seal_column(db, a, id, "address",
			                 "UPDATE people SET address_sealed = ? WHERE id = ?", in->address);
	}
	if (ok && !blank(in->notes)) {
		int64_t has = 0;
		ok = db_get_int(db, "SELECT notes_sealed IS NOT NULL FROM people WHERE id = ?",
		                DB_ARGS(DB_INT(id)), &has) == DB_OK;
		if (ok && !has)
			ok = seal_column(db, a, id, "notes", "UPDATE people SET notes_sealed = ? WHERE id = ?",
			                 in->notes);
	}
	/* a person created just now has no contacts to compare the first with */
	ok = ok && add_from_input(db, a, id, in, fold != NULL);
	if (fold != NULL)
		ok = ok && db_exec(db, "INSERT INTO people_search (rowid, name_fold) VALUES (?, ?)",
		                   DB_ARGS(DB_INT(id), DB_TEXT(fold))) == DB_OK;
	else
		ok = ok && reindex(db, a, id);
	arena_destroy(a);
	return ok ? id : -1;
}

bool person_update(struct db *db, int64_t id, const struct person_input *in)
{
	int64_t alive = 0;
	if (db_get_int(db, "SELECT COUNT(*) FROM people WHERE id = ? AND merged_into IS NULL",
	               DB_ARGS(DB_INT(id)), &alive) != DB_OK || alive != 1)
		return false;
	if (db_exec(db,
	            "UPDATE people SET given_name = COALESCE(?, given_name), "
	            "family_name = COALESCE(?, family_name), known_as = COALESCE(?, known_as), "
	            "postal_code = COALESCE(?, postal_code), lang = COALESCE(?, lang), "
	            "availability = availability | ?, updated_at = ? WHERE id = ?",
	            DB_ARGS(DB_TEXT(in->given_name), DB_TEXT(in->family_name), DB_TEXT(in->known_as),
	                    DB_TEXT(in->postal_code), DB_TEXT(in->lang), DB_INT(in->availability),
	                    DB_INT(time(NULL)), DB_INT(id))) != DB_OK)
		return false;
	struct arena *a = arena_new(2048);
	bool ok = add_from_input(db, a, id, in, false) && reindex(db, a, id);
	arena_destroy(a);
	return ok;
}

bool person_set_consent(struct db *db, int64_t id, enum channel c, enum consent status,
                        const char *how, int64_t by_user)
{
	static const char *const current[] = {
		"SELECT consent_email FROM people WHERE id = ?",
		"SELECT consent_sms FROM people WHERE id = ?",
		"SELECT consent_phone FROM people WHERE id = ?",
	};
	if ((unsigned)c >= CHANNEL__COUNT)
		return false;
	struct arena *a = arena_new(256);
	char *now = NULL;
	bool ok = db_get_text(db, current[c], DB_ARGS(DB_INT(id)), a, &now) == DB_OK;
	bool same = ok && now && strcmp(now, consent_name(status)) == 0;
	arena_destroy(a);
	if (!ok || same)
		return ok;
	return db_exec(db,
	               "INSERT INTO consent_events (person_id, channel, status, at, how, by_user) "
	               "VALUES (?, ?, ?, ?, ?, ?)",
	               DB_ARGS(DB_INT(id), DB_TEXT(channel_name(c)), DB_TEXT(consent_name(status)),
	                       DB_INT(time(NULL)), DB_TEXT(how ? how : "staff"),
	                       by_user ? DB_INT(by_user) : DB_NULL)) == DB_OK &&
	       db_exec(db, consent_columns[c], DB_ARGS(DB_TEXT(consent_name(status)), DB_INT(id))) == DB_OK;
}

/* Replaces a sealed people column: NULL or "" clears it. */
static bool replace_sealed(struct db *db, struct arena *a, int64_t id, const char *column,
                           const char *set_sql, const char *clear_sql, const char *value)
{
	if (value == NULL || *value == '\0')
		return db_exec(db, clear_sql, DB_ARGS(DB_INT(id))) == DB_OK;
	return seal_column(db, a, id, column, set_sql, value);
}

static bool remove_contact(struct db *db, int64_t id, bool email, const char *value)
{
	unsigned char idx[BLIND_INDEX_BYTES];
	blind_index(email ? "people.email" : "people.phone", value, idx);
	return db_exec(db,
	               email ? "DELETE FROM person_emails WHERE person_id = ? AND email_index = ?"
	                     : "DELETE FROM person_phones WHERE person_id = ? AND phone_index = ?",
	               DB_ARGS(DB_INT(id), DB_BLOB(idx, sizeof idx))) == DB_OK;
}

bool person_edit(struct db *db, int64_t id, const struct person_edit *e)
{
	int64_t alive = 0;
	if (db_get_int(db, "SELECT COUNT(*) FROM people WHERE id = ? AND merged_into IS NULL",
	               DB_ARGS(DB_INT(id)), &alive) != DB_OK || alive != 1)
		return false;
	if (db_exec(db,
	            "UPDATE people SET given_name = ?, family_name = ?, known_as = ?, postal_code = ?, "
	            "lang = ?, availability = ?, updated_at = ? WHERE id = ?",
	            DB_ARGS(DB_TEXT(e->given_name ? e->given_name : ""),
	                    DB_TEXT(e->family_name ? e->family_name : ""),
	                    DB_TEXT(e->known_as ? e->known_as : ""),
	                    DB_TEXT(e->postal_code ? e->postal_code : ""), DB_TEXT(e->lang ? e->lang : ""),
	                    DB_INT(e->availability), DB_INT(time(NULL)), DB_INT(id))) != DB_OK)
		return false;
	struct arena *a = arena_new(2048);
	bool ok = replace_sealed(db, a, id, "address", "UPDATE people SET address_sealed = ? WHERE id = ?",
	                         "UPDATE people SET address_sealed = NULL WHERE id = ?", e->address) &&
	          replace_sealed(db, a, id, "notes", "UPDATE people SET notes_sealed = ? WHERE id = ?",
	                         "UPDATE people SET notes_sealed = NULL WHERE id = ?", e->notes) &&
	          db_exec(db, "DELETE FROM person_languages WHERE person_id = ?", DB_ARGS(DB_INT(id))) == DB_OK &&
	          db_exec(db, "DELETE FROM person_talents WHERE person_id = ?", DB_ARGS(DB_INT(id))) == DB_OK;
	ok = ok && add_sets(db, id, e->languages, e->n_languages, e->talents, e->n_talents);
	for (size_t i = 0; ok && i < e->n_remove_emails; i++)
		ok = remove_contact(db, id, true, e->remove_emails[i]);
	for (size_t i = 0; ok && i < e->n_remove_phones; i++)
		ok = remove_contact(db, id, false, e->remove_phones[i]);
	if (ok && e->add_email && *e->add_email)
		ok = add_contact(db, a, id, "email", e->add_email, false);
	if (ok && e->add_phone && *e->add_phone)
		ok = add_contact(db, a, id, "phone", e->add_phone, false);
	for (int c = 0; ok && c < CHANNEL__COUNT; c++)
		if (e->consent[c] >= 0)
			ok = person_set_consent(db, id, (enum channel)c, (enum consent)e->consent[c], "staff",
			                        e->by_user);
	ok = ok && reindex(db, a, id);
	arena_destroy(a);
	return ok;
}

/* NULL-terminated list of column 0 of a query, opened when `table` is set. */
static const char **list(struct db *db, struct arena *a, const char *sql, int64_t id,
                         const char *seal_table, const char *seal_column_name)
{
	size_t cap = 8, n = 0;
	const char **items = arena_calloc(a, cap + 1, sizeof *items);
	struct db_rows *r = db_query(db, sql, DB_ARGS(DB_INT(id)));
	while (db_next(r)) {
		const char *v;
		if (seal_table) {
			size_t len;
			const void *blob = db_col_blob(r, 0, &len);
			v = seal_open(a, seal_table, seal_column_name, id, blob, len, NULL);
		} else {
			v = db_col_dup(r, 0, a);
		}
		if (v == NULL)
			continue;
		if (n == cap) {
			const char **more = arena_calloc(a, cap * 2 + 1, sizeof *more);
			memcpy(more, items, n * sizeof *items);
			items = more;
			cap *= 2;
		}
		items[n++] = v;
	}
	db_done(r);
	return items;
}

static char *display_name(struct arena *a, const char *given, const char *family, const char *known)
{
	if (!blank(known))
		return arena_strdup(a, known);
	if (blank(given) && blank(family))
		return NULL;
	return text_trim(arena_printf(a, "%s %s", given ? given : "", family ? family : ""));
}

bool person_get(struct db *db, struct arena *a, int64_t id, bool with_contact, struct person *out)
{
	memset(out, 0, sizeof *out);
	struct db_rows *r = db_query(db,
		"SELECT given_name, family_name, known_as, postal_code, lang, source, availability, "
		"consent_email, consent_sms, consent_phone, created_at, updated_at, address_sealed, "
		"notes_sealed FROM people WHERE id = ? AND merged_into IS NULL",
		DB_ARGS(DB_INT(id)));
	bool found = db_next(r);
	if (found) {
		out->id = id;
		out->given_name = db_col_dup(r, 0, a);
		out->family_name = db_col_dup(r, 1, a);
		out->known_as = db_col_dup(r, 2, a);
		out->postal_code = db_col_dup(r, 3, a);
		out->lang = db_col_dup(r, 4, a);
		out->source = db_col_dup(r, 5, a);
		out->availability = (unsigned)db_col_int(r, 6);
		for (int c = 0; c < CHANNEL__COUNT; c++)
			if (!consent_parse(db_col_text(r, 7 + c), &out->consent[c]))
				out->consent[c] = CONSENT_NEVER_ASKED;
		out->created_at = db_col_int(r, 10);
		out->updated_at = db_col_int(r, 11);
		if (with_contact) {
			size_t len;
			const void *blob = db_col_blob(r, 12, &len);
			if (blob)
				out->address = seal_open(a, "people", "address", id, blob, len, NULL);
			blob = db_col_blob(r, 13, &len);
			if (blob)
				out->notes = seal_open(a, "people", "notes", id, blob, len, NULL);
		}
	}
	if (db_done(r) != DB_OK || !found)
		return false;
	out->display_name = display_name(a, out->given_name, out->family_name, out->known_as);
	static const char *const none[] = { NULL };
	out->emails = out->phones = none;
	if (with_contact) {
		out->emails = list(db, a, "SELECT email_sealed FROM person_emails WHERE person_id = ? ORDER BY id",
		                   id, "person_emails", "email");
		out->phones = list(db, a, "SELECT phone_sealed FROM person_phones WHERE person_id = ? ORDER BY id",
		                   id, "person_phones", "phone");
	}
	out->languages = list(db, a, "SELECT lang FROM person_languages WHERE person_id = ? ORDER BY lang",
	                      id, NULL, NULL);
	out->talents = list(db, a,
		"SELECT t.slug FROM person_talents p JOIN talents t ON t.id = p.talent_id "
		"WHERE p.person_id = ? ORDER BY t.position, t.slug", id, NULL, NULL);
	out->tags = list(db, a,
		"SELECT g.name FROM taggings t JOIN tags g ON g.id = t.tag_id WHERE t.person_id = ? "
		"ORDER BY g.name", id, NULL, NULL);
	return true;
}

bool person_activity(struct db *db, int64_t person_id, const char *kind, const char *ref_kind,
                     int64_t ref_id, const char *detail)
{
	return db_exec(db,
	               "INSERT INTO activities (person_id, at, kind, ref_kind, ref_id, detail) "
	               "VALUES (?, ?, ?, ?, ?, ?)",
	               DB_ARGS(DB_INT(person_id), DB_INT(time(NULL)), DB_TEXT(kind), DB_TEXT(ref_kind),
	                       ref_id ? DB_INT(ref_id) : DB_NULL, DB_TEXT(detail ? detail : ""))) == DB_OK;
}

/* ---- search ---- */

#define MAX_ARGS 16

struct query_builder {
	struct buf where;
	struct db_val args[MAX_ARGS];
	size_t n;
};

static void clause(struct query_builder *qb, const char *sql)
{
	buf_puts(&qb->where, " AND ");
	buf_puts(&qb->where, sql);
}

static void arg(struct query_builder *qb, struct db_val v)
{
	if (qb->n < MAX_ARGS)
		qb->args[qb->n++] = v;
}

static bool all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if ((*s < '0' || *s > '9') && *s != '-')
			return false;
	return true;
}

/* A LIKE pattern matching values that start with s (wildcards escaped). */
static char *like_prefix(struct arena *a, const char *s)
{
	struct buf b;
	buf_init(&b, a, strlen(s) + 4);
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, *s);
	}
	buf_putc(&b, '%');
	return b.data;
}

/* One FTS5 phrase: quotes doubled, so the input is never syntax. */
static char *fts_phrase(struct arena *a, const char *term)
{
	struct buf phrase;
	buf_init(&phrase, a, strlen(term) + 4);
	buf_putc(&phrase, '"');
	for (const char *p = term; *p; p++) {
		if (*p == '"')
			buf_putc(&phrase, '"');
		buf_putc(&phrase, *p);
	}
	buf_putc(&phrase, '"');
	return phrase.data;
}

/* The next string after every string starting with `prefix` (its last
 * byte plus one), for an index range instead of LIKE. */
static char *prefix_end(struct arena *a, const char *prefix)
{
	char *end = arena_strdup(a, prefix);
	size_t n = strlen(end);
	if (n > 0)
		end[n - 1] = (char)(end[n - 1] + 1);
	return end;
}

/* How a query finds its people. A filter that "drives" is collected
 * first (IN, or an index range) and its matches sorted; the others are
 * tested per row (EXISTS, or a range the index must not serve). With no
 * driver, people are walked in the page's order (an index) and tested,
 * which stops after a page: the fast way when matches are dense. */
struct query_plan {
	bool tag, lang, talent, postal, text; /* which filters drive */
	/* the page (not the count) walks the sort order past many full-text
	 * matches instead of sorting them all */
	bool page_walks_text;
};

static const struct query_plan all_drive = { true, true, true, true, true, false };

/* Builds the WHERE clause for q (constant fragments; values bound). */
static void build_where(struct arena *a, const struct people_query *q,
                        const struct query_plan *plan, struct query_builder *qb_out)
{
	struct query_builder qb = { .n = 0 };
	buf_init(&qb.where, a, 512);
	buf_puts(&qb.where, "p.merged_into IS NULL");
	if (!blank(q->q)) {
		char *term = text_trim(text_fold(a, q->q));
		if (all_digits(term)) {
			/* unary + keeps the postal index out when it should not drive */
			clause(&qb, plan->postal ? "p.postal_code >= ? AND p.postal_code < ?"
			                         : "+p.postal_code >= ? AND +p.postal_code < ?");
			arg(&qb, DB_TEXT(term));
			arg(&qb, DB_TEXT(prefix_end(a, term)));
		} else if (text_codepoints(term, strlen(term)) >= 3) {
			clause(&qb, plan->text ? "p.id IN (SELECT rowid FROM people_search WHERE people_search MATCH ?)"
			                       : "+p.id IN (SELECT rowid FROM people_search WHERE people_search MATCH ?)");
			arg(&qb, DB_TEXT(fts_phrase(a, term)));
		} else if (*term) {
			/* too short for trigrams: names starting with it, or a word in them */
			clause(&qb, "(p.name_fold LIKE ? ESCAPE '\\' OR p.name_fold LIKE ? ESCAPE '\\')");
			arg(&qb, DB_TEXT(like_prefix(a, term)));
			arg(&qb, DB_TEXT(arena_printf(a, "%% %s", like_prefix(a, term))));
		}
	}
	if (!blank(q->tag)) {
		clause(&qb, !plan->tag ? "EXISTS (SELECT 1 FROM taggings t WHERE t.person_id = p.id AND "
		                    "t.tag_id = (SELECT id FROM tags WHERE name = ?))"
		                  : "p.id IN (SELECT t.person_id FROM taggings t JOIN tags g ON g.id = t.tag_id "
		                    "WHERE g.name = ?)");
		arg(&qb, DB_TEXT(q->tag));
	}
	if (!blank(q->lang)) {
		clause(&qb, !plan->lang ? "EXISTS (SELECT 1 FROM person_languages l WHERE l.person_id = p.id "
		                    "AND l.lang = ?)"
		                  : "p.id IN (SELECT person_id FROM person_languages WHERE lang = ?)");
		arg(&qb, DB_TEXT(q->lang));
	}
	if (!blank(q->talent)) {
		clause(&qb, !plan->talent ? "EXISTS (SELECT 1 FROM person_talents pt WHERE pt.person_id = p.id "
		                    "AND pt.talent_id = (SELECT id FROM talents WHERE slug = ?))"
		                  : "p.id IN (SELECT pt.person_id FROM person_talents pt JOIN talents tl "
		                    "ON tl.id = pt.talent_id WHERE tl.slug = ?)");
		arg(&qb, DB_TEXT(q->talent));
	}
	if (q->availability) {
		clause(&qb, "(p.availability & ?) != 0");
		arg(&qb, DB_INT(q->availability));
	}
	static const char *const subscribed[] = {
		"p.consent_email = 'subscribed'", "p.consent_sms = 'subscribed'",
		"p.consent_phone = 'subscribed'",
	};
	if (q->consent_channel >= 0 && q->consent_channel < CHANNEL__COUNT)
		clause(&qb, subscribed[q->consent_channel]);
	if (!blank(q->source)) {
		clause(&qb, "p.source = ?");
		arg(&qb, DB_TEXT(q->source));
	}
	if (q->joined_from) {
		clause(&qb, "p.created_at >= ?");
		arg(&qb, DB_INT(q->joined_from));
	}
	if (q->joined_to) {
		clause(&qb, "p.created_at < ?");
		arg(&qb, DB_INT(q->joined_to));
	}
	*qb_out = qb;
}

/* Chooses the plan from each filter's size, read from its covering index
 * (a millisecond or two): walking costs about (rows wanted) / density
 * rows, driving costs the smallest filter's size, probing the others. */
static struct query_plan plan_query(struct db *db, struct arena *a, const struct people_query *q)
{
	struct query_plan plan = { false, false, false, false, false, false };
	char *term = blank(q->q) ? NULL : text_trim(text_fold(a, q->q));
	bool postal = term && all_digits(term);
	bool text = term && !postal && text_codepoints(term, strlen(term)) >= 3;
	int64_t population = 0;
	if (db_get_int(db, "SELECT COALESCE(MAX(id), 0) FROM people", DB_NOARGS, &population) != DB_OK ||
	    population < 1) {
		plan.text = text;
		return plan;
	}
	enum { F_TAG, F_LANG, F_TALENT, F_POSTAL, F__N };
	int64_t size[F__N] = { -1, -1, -1, -1 };
	if (!blank(q->tag))
		db_get_int(db, "SELECT COUNT(*) FROM taggings WHERE tag_id = (SELECT id FROM tags WHERE name = ?)",
		           DB_ARGS(DB_TEXT(q->tag)), &size[F_TAG]);
	if (!blank(q->lang))
		db_get_int(db, "SELECT COUNT(*) FROM person_languages WHERE lang = ?",
		           DB_ARGS(DB_TEXT(q->lang)), &size[F_LANG]);
	if (!blank(q->talent))
		db_get_int(db, "SELECT COUNT(*) FROM person_talents WHERE talent_id = "
		               "(SELECT id FROM talents WHERE slug = ?)", DB_ARGS(DB_TEXT(q->talent)), &size[F_TALENT]);
	if (postal)
		db_get_int(db, "SELECT COUNT(*) FROM (SELECT 1 FROM people WHERE postal_code >= ? AND "
		               "postal_code < ? LIMIT 50000)",
		           DB_ARGS(DB_TEXT(term), DB_TEXT(prefix_end(a, term))), &size[F_POSTAL]);
	if (text) {
		/* Full-text search drives the count (its matches in id order,
		 * each other filter probed, stopping at the cap). The page either
		 * sorts every match or walks the date order probing them: when
		 * the matches are many, walking reaches a page sooner. */
		plan.text = true;
		int64_t matches = 0;
		db_get_int(db, "SELECT COUNT(*) FROM (SELECT 1 FROM people_search WHERE people_search "
		               "MATCH ? LIMIT 20000)", DB_ARGS(DB_TEXT(fts_phrase(a, term))), &matches);
		double density = (double)matches / (double)population;
		for (int f = 0; f < F__N; f++)
			if (size[f] >= 0)
				density *= (double)size[f] / (double)population;
		double wanted = (double)(q->page > 0 ? q->page : 1) * (q->per_page > 0 ? q->per_page : 50);
		/* never in name order: what a name search matches is bunched in
		 * it (a Bengali fragment matches names that sort after every
		 * Latin one), so a walk could pass most people first */
		bool by_date = q->sort && (strcmp(q->sort, "newest") == 0 || strcmp(q->sort, "oldest") == 0);
		plan.page_walks_text = by_date && density > 0 && wanted / density < (double)matches;
		return plan;
	}
	double density = 1.0;
	int smallest = -1, filters = 0;
	for (int f = 0; f < F__N; f++) {
		if (size[f] < 0)
			continue;
		filters++;
		density *= (double)size[f] / (double)population;
		if (smallest < 0 || size[f] < size[smallest])
			smallest = f;
	}
	if (smallest < 0)
		return plan; /* no filter: walk */
	double wanted = (double)(q->count_cap > 0 ? q->count_cap + 1 : population) +
	                (double)(q->page > 0 ? q->page : 1) * (q->per_page > 0 ? q->per_page : 50);
	double walk = density > 0 ? wanted / density : 1e18;
	if (walk > (double)population)
		walk = (double)population * filters;
	double drive = (double)size[smallest] * filters;
	if (walk <= drive)
		return plan;
	plan.tag = smallest == F_TAG;
	plan.lang = smallest == F_LANG;
	plan.talent = smallest == F_TALENT;
	plan.postal = smallest == F_POSTAL;
	return plan;
}

bool people_search(struct db *db, struct arena *a, const struct people_query *q,
                   person_row_fn fn, void *ctx, int64_t *total)
{
	struct query_builder qb, page_qb;
	struct query_plan plan = plan_query(db, a, q);
	build_where(a, q, &plan, &qb);
	page_qb = qb;
	if (plan.page_walks_text) {
		struct query_plan walk = plan;
		walk.text = false;
		build_where(a, q, &walk, &page_qb);
	}
	/* The SQL is assembled from the constant fragments above only; every
	 * value the visitor typed is bound. */
	if (q->count_cap > 0) {
		char *count_sql = arena_printf(a,
			"SELECT COUNT(*) FROM (SELECT 1 FROM people p WHERE %s LIMIT ?)", qb.where.data);
		struct db_val args[MAX_ARGS + 1];
		memcpy(args, qb.args, qb.n * sizeof *args);
		args[qb.n] = DB_INT(q->count_cap + 1);
		if (db_get_int(db, count_sql, args, qb.n + 1, total) != DB_OK)
			return false;
	} else {
		char *count_sql = arena_printf(a, "SELECT COUNT(*) FROM people p WHERE %s", qb.where.data);
		if (db_get_int(db, count_sql, qb.args, qb.n, total) != DB_OK)
			return false;
	}
	const char *order = q->sort && strcmp(q->sort, "newest") == 0 ? "p.created_at DESC, p.id DESC" :
	                    q->sort && strcmp(q->sort, "oldest") == 0 ? "p.created_at, p.id" :
	                    "p.name_fold, p.id";
	int per_page = q->per_page > 0 && q->per_page <= 500 ? q->per_page : 50;
	int page = q->page > 0 ? q->page : 1;
	char *sql = arena_printf(a,
		"SELECT p.id, p.given_name, p.family_name, p.known_as, p.postal_code, p.lang, p.created_at "
		"FROM people p WHERE %s ORDER BY %s LIMIT ? OFFSET ?", page_qb.where.data, order);
	struct db_val args[MAX_ARGS + 2];
	memcpy(args, page_qb.args, page_qb.n * sizeof *args);
	args[page_qb.n] = DB_INT(per_page);
	args[page_qb.n + 1] = DB_INT((int64_t)(page - 1) * per_page);
	struct db_rows *r = db_query(db, sql, args, page_qb.n + 2);
	while (db_next(r)) {
		struct person_row row = {
			.id = db_col_int(r, 0),
			.postal_code = db_col_dup(r, 4, a),
			.lang = db_col_dup(r, 5, a),
			.created_at = db_col_int(r, 6),
		};
		row.display_name = display_name(a, db_col_text(r, 1), db_col_text(r, 2), db_col_text(r, 3));
		fn(&row, ctx);
	}
	return db_done(r) == DB_OK;
}

bool people_tag_matching(struct db *db, struct arena *a, const struct people_query *q,
                         int64_t tag_id, int64_t *tagged)
{
	struct query_builder qb;
	build_where(a, q, &all_drive, &qb);
	char *sql = arena_printf(a,
		"INSERT OR IGNORE INTO taggings (tag_id, person_id, created_at) "
		"SELECT ?, p.id, ? FROM people p WHERE %s", qb.where.data);
	struct db_val args[MAX_ARGS + 2];
	args[0] = DB_INT(tag_id);
	args[1] = DB_INT(time(NULL));
	memcpy(args + 2, qb.args, qb.n * sizeof *args);
	if (db_exec(db, sql, args, qb.n + 2) != DB_OK)
		return false;
	*tagged = db_changes(db);
	return true;
}

bool people_ids(struct db *db, struct arena *a, const struct people_query *q, person_id_fn fn,
                void *ctx)
{
	struct query_builder qb;
	build_where(a, q, &all_drive, &qb);
	char *sql = arena_printf(a, "SELECT p.id FROM people p WHERE %s ORDER BY p.id", qb.where.data);
	struct db_rows *r = db_query(db, sql, qb.args, qb.n);
	while (db_next(r))
		fn(db_col_int(r, 0), ctx);
	return db_done(r) == DB_OK;
}

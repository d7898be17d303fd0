#include "model/people_csv.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/contact.h"
#include "core/csv.h"
#include "core/phone.h"
#include "core/text.h"
#include "db/db.h"
#include "http/parse.h"
#include "i18n/languages.h"
#include "i18n/msgid.h"
#include "model/people.h"
#include "model/tags.h"

/* Header names each field answers to, compared case-insensitively. */
static const char *const headers[IMPORT__COUNT][8] = {
	[IMPORT_GIVEN] = { "first_name", "given_name", "first name", "firstname", "name", NULL },
	[IMPORT_FAMILY] = { "last_name", "family_name", "last name", "lastname", "surname", NULL },
	[IMPORT_EMAIL] = { "email", "email_address", "e-mail", "email address", NULL },
	[IMPORT_PHONE] = { "phone", "can2_phone", "phone_number", "mobile", "cell", "mobile_number", "phone number", NULL },
	[IMPORT_ZIP] = { "zip_code", "zip", "postal_code", "zipcode", "postcode", "zip code", NULL },
	[IMPORT_LANG] = { "language", "lang", "preferred_language", "languages", NULL },
	[IMPORT_TAGS] = { "tags", "can2_tags", "tag", NULL },
};

static const char *const field_names[IMPORT__COUNT] = {
	"given_name", "family_name", "email", "phone", "postal_code", "language", "tags",
};

static const char *const field_msgids[IMPORT__COUNT] = {
	N_("join.given_name"), N_("join.family_name"), N_("join.email"), N_("join.phone"),
	N_("join.postal_code"), N_("join.preferred_lang"), N_("person.tags"),
};

const char *import_field_name(enum import_field f)
{
	return (unsigned)f < IMPORT__COUNT ? field_names[f] : "";
}

const char *import_field_msgid(enum import_field f)
{
	return (unsigned)f < IMPORT__COUNT ? field_msgids[f] : "";
}

bool import_guess_mapping(const struct csv_row *header, struct import_mapping *out)
{
	for (int f = 0; f < IMPORT__COUNT; f++)
		out->column[f] = -1;
	bool any = false;
	for (size_t i = 0; i < header->n && i < CSV_MAX_COLUMNS; i++) {
		char *h = text_trim(strdup(header->fields[i]));
		for (int f = 0; f < IMPORT__COUNT; f++)
			for (int k = 0; headers[f][k]; k++)
				if (out->column[f] < 0 && strcasecmp(h, headers[f][k]) == 0) {
					out->column[f] = (int)i;
					any = true;
				}
		free(h);
	}
	return any;
}

bool import_mapping_usable(const struct import_mapping *m, int n_columns)
{
	if (m->column[IMPORT_EMAIL] < 0 && m->column[IMPORT_PHONE] < 0)
		return false;
	for (int f = 0; f < IMPORT__COUNT; f++) {
		if (m->column[f] >= n_columns)
			return false;
		for (int g = f + 1; g < IMPORT__COUNT; g++)
			if (m->column[f] >= 0 && m->column[f] == m->column[g])
				return false;
	}
	return true;
}

char *import_mapping_format(struct arena *a, const struct import_mapping *m)
{
	struct buf b;
	buf_init(&b, a, 96);
	for (int f = 0; f < IMPORT__COUNT; f++)
		if (m->column[f] >= 0)
			buf_printf(&b, "%s%s=%d", b.len ? "," : "", field_names[f], m->column[f]);
	return b.data;
}

bool import_mapping_parse(const char *s, struct import_mapping *out)
{
	for (int f = 0; f < IMPORT__COUNT; f++)
		out->column[f] = -1;
	while (*s) {
		size_t n = strcspn(s, "=");
		int f = 0;
		while (f < IMPORT__COUNT && !(strlen(field_names[f]) == n && strncmp(s, field_names[f], n) == 0))
			f++;
		if (f == IMPORT__COUNT || s[n] != '=')
			return false;
		s += n + 1;
		char *end;
		long col = strtol(s, &end, 10);
		if (end == s || col < 0 || col >= CSV_MAX_COLUMNS)
			return false;
		out->column[f] = (int)col;
		s = end;
		if (*s == ',')
			s++;
		else if (*s)
			return false;
	}
	return true;
}

/* Language names people write in spreadsheets, to codes. */
static const char *language_code(const char *v)
{
	static const char *const names[][2] = {
		{ "english", "en" }, { "spanish", "es" }, { "español", "es" }, { "espanol", "es" },
		{ "bengali", "bn" }, { "bangla", "bn" }, { "বাংলা", "bn" }, { "nepali", "ne" },
		{ "नेपाली", "ne" }, { "urdu", "ur" }, { "اردو", "ur" }, { "hindi", "hi" },
		{ "punjabi", "pa" }, { "tibetan", "bo" }, { "arabic", "ar" }, { "chinese", "zh" },
		{ "tagalog", "tl" }, { "french", "fr" }, { "haitian creole", "ht" }, { "quechua", "qu" },
		{ "portuguese", "pt" }, { "korean", "ko" },
	};
	if (spoken_language_known(v))
		return v;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(v, names[i][0]) == 0)
			return names[i][1];
	/* "es-MX" → "es" */
	char prefix[4];
	size_t n = strcspn(v, "-_");
	if (n >= 2 && n <= 3) {
		memcpy(prefix, v, n);
		prefix[n] = '\0';
		for (char *p = prefix; *p; p++)
			*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
		for (const char *const *code = spoken_language_codes(); *code; code++)
			if (strcmp(*code, prefix) == 0)
				return *code;
	}
	return NULL;
}

/* Rows per transaction: big batches keep the write-ahead log from being
 * checkpointed mid-import (20,000 rows ≈ 25 MB of pages). */
#define BATCH 20000

/* The few tags a file uses, remembered by name (exact bytes) so each row
 * does not look its tags up again. A tag's id never changes during an
 * import; a rolled back batch may drop a new tag, so the cache is cleared
 * with every batch. */
#define TAG_CACHE 32
struct tag_cache {
	size_t n;
	char *names[TAG_CACHE];
	int64_t ids[TAG_CACHE];
};

static int64_t tag_cached(struct tag_cache *c, struct db *db, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->names[i], name) == 0)
			return c->ids[i];
	int64_t id = tag_id(db, name, true);
	if (id > 0 && c->n < TAG_CACHE) {
		c->names[c->n] = strdup(name);
		if (c->names[c->n])
			c->ids[c->n++] = id;
	}
	return id;
}

static void tag_cache_clear(struct tag_cache *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->names[i]);
	c->n = 0;
}

bool people_import_csv(struct db *db, struct csv_reader *r, const struct import_mapping *mapping,
                       bool dry_run, import_problem_fn problem, import_progress_fn progress,
                       void *ctx, struct import_report *out)
{
	memset(out, 0, sizeof *out);
	struct csv_row row;
	enum csv_status st = csv_next(r, &row);
	if (st != CSV_ROW)
		return false;
	struct import_mapping guessed;
	if (mapping == NULL) {
		import_guess_mapping(&row, &guessed);
		mapping = &guessed;
	}
	if (!import_mapping_usable(mapping, (int)row.n))
		return false;
	const int *map = mapping->column;
	if (!dry_run)
		db_bulk_begin(db);
	struct arena *a = arena_new(64 * 1024);
	struct tag_cache tags_seen = { 0 };
	bool ok = true, in_tx = false;
	while (ok && (st = csv_next(r, &row)) != CSV_END) {
		out->rows++;
		if (progress && out->rows % IMPORT_PROGRESS_EVERY == 0 && !progress(out->rows, ctx)) {
			ok = false;
			break;
		}
		if (st != CSV_ROW) {
			out->bad++;
			problem(row.line, st == CSV_BAD_UTF8 ? N_("import.bad_text") : N_("import.bad_row"), ctx);
			continue;
		}
		const char *v[IMPORT__COUNT];
		for (int c = 0; c < IMPORT__COUNT; c++) {
			v[c] = map[c] >= 0 && (size_t)map[c] < row.n ? text_trim(text_nfc(a, row.fields[map[c]])) : "";
		}
		const char *email = NULL, *phone = NULL, *lang = NULL, *why = NULL;
		if (*v[IMPORT_EMAIL]) {
			email = email_normalize(a, v[IMPORT_EMAIL]);
			if (email_problem(email))
				why = N_("import.bad_email");
		}
		if (!why && *v[IMPORT_PHONE]) {
			const char *p = NULL;
			phone = phone_normalize(a, v[IMPORT_PHONE], "US", &p);
			if (phone == NULL)
				why = N_("import.bad_phone");
		}
		if (!why && *v[IMPORT_LANG] && (lang = language_code(v[IMPORT_LANG])) == NULL)
			why = N_("import.bad_language");
		if (!why && email == NULL && phone == NULL)
			why = N_("import.no_contact");
		if (!why && (text_codepoints(v[IMPORT_GIVEN], strlen(v[IMPORT_GIVEN])) > 80 ||
		             text_codepoints(v[IMPORT_FAMILY], strlen(v[IMPORT_FAMILY])) > 80 ||
		             strlen(v[IMPORT_ZIP]) > 12))
			why = N_("import.too_long");
		if (why) {
			out->bad++;
			problem(row.line, why, ctx);
			continue;
		}
		if (dry_run)
			continue;
		if (!in_tx) {
			ok = db_exec(db, "BEGIN IMMEDIATE", DB_NOARGS) == DB_OK;
			in_tx = ok;
		}
		struct person_input in = {
			.given_name = v[IMPORT_GIVEN], .family_name = v[IMPORT_FAMILY], .postal_code = v[IMPORT_ZIP],
			.lang = lang, .source = "import", .how = "import",
			.emails = (const char *const[]){ email }, .n_emails = email ? 1 : 0,
			.phones = (const char *const[]){ phone }, .n_phones = phone ? 1 : 0,
			.languages = (const char *const[]){ lang }, .n_languages = lang ? 1 : 0,
		};
		bool created = false;
		int64_t id = ok ? person_upsert(db, &in, &created) : -1;
		ok = id > 0;
		if (ok && created)
			ok = person_activity(db, id, "imported", NULL, 0, NULL);
		/* tags: "a, b; c" */
		char *tags = arena_strdup(a, v[IMPORT_TAGS]), *save = NULL;
		for (char *t = strtok_r(tags, ",;", &save); ok && t; t = strtok_r(NULL, ",;", &save)) {
			t = text_trim(t);
			if (*t == '\0' || text_codepoints(t, strlen(t)) > 60)
				continue;
			int64_t tag = tag_cached(&tags_seen, db, t);
			ok = tag > 0 && tag_person(db, tag, id, true);
		}
		if (ok)
			created ? out->created++ : out->updated++;
		if (ok && (out->created + out->updated) % BATCH == 0) {
			ok = db_exec(db, "COMMIT", DB_NOARGS) == DB_OK;
			in_tx = false;
			tag_cache_clear(&tags_seen);
			arena_destroy(a);
			a = arena_new(64 * 1024);
		}
	}
	if (in_tx)
		ok = db_exec(db, ok ? "COMMIT" : "ROLLBACK", DB_NOARGS) == DB_OK && ok;
	if (!dry_run)
		db_bulk_end(db);
	tag_cache_clear(&tags_seen);
	arena_destroy(a);
	return ok;
}

struct export_ctx {
	struct db *db;
	FILE *out;
	struct arena *a;
	int64_t n;
	bool ok;
};

static void export_row(const struct person_row *row, void *p)
{
	struct export_ctx *c = p;
	struct person person;
	if (!person_get(c->db, c->a, row->id, true, &person)) {
		c->ok = false;
		return;
	}
	struct buf tags, line;
	buf_init(&tags, c->a, 64);
	for (size_t i = 0; person.tags[i]; i++) {
		if (i)
			buf_puts(&tags, ", ");
		buf_puts(&tags, person.tags[i]);
	}
	const char *fields[] = {
		person.given_name, person.family_name, person.emails[0] ? person.emails[0] : "",
		person.phones[0] ? person.phones[0] : "", person.postal_code, person.lang, tags.data,
	};
	buf_init(&line, c->a, 256);
	csv_write_row(&line, fields, sizeof fields / sizeof fields[0]);
	if (fwrite(line.data, 1, line.len, c->out) != line.len)
		c->ok = false;
	c->n++;
}

int64_t people_export_csv(struct db *db, const struct people_query *q, FILE *out)
{
	static const char *const header[] = { "first_name", "last_name", "email", "phone",
	                                       "zip_code", "language", "tags" };
	struct arena *a = arena_new(64 * 1024);
	struct buf line;
	buf_init(&line, a, 128);
	csv_write_row(&line, header, sizeof header / sizeof header[0]);
	fwrite(line.data, 1, line.len, out);
	arena_destroy(a);
	struct export_ctx c = { db, out, NULL, 0, true };
	struct people_query page = *q;
	page.per_page = 500;
	page.sort = "oldest";
	for (page.page = 1;; page.page++) {
		/* one arena per page: memory stays flat however many people */
		c.a = arena_new(64 * 1024);
		int64_t total = 0, before = c.n;
		page.count_cap = 1; /* the count is not needed: a short page is the last */
		bool ok = people_search(db, c.a, &page, export_row, &c, &total) && c.ok;
		arena_destroy(c.a);
		if (!ok)
			return -1;
		if (c.n - before < page.per_page)
			break;
	}
	return c.n;
}

bool people_query_from_string(struct arena *a, const char *query, struct people_query *out)
{
	static const struct parse_limits lim = { 32, 32, 1024 };
	struct kv_list kv = { 0 };
	memset(out, 0, sizeof *out);
	out->consent_channel = -1;
	if (parse_urlencoded(a, query, strlen(query), &lim, &kv) != PARSE_OK)
		return false;
	people_query_from_fields(&kv, out);
	return true;
}

const char *const people_filter_keys[] = {
	"q", "tag", "lang_spoken", "talent", "availability", "consent", "source", "joined_from",
	"joined_to", NULL,
};

/* "2026-11-27" as the UTC midnight starting that day; 0 if not a date. */
static int64_t day_start(const char *s)
{
	struct tm tm = { 0 };
	const char *end = s ? strptime(s, "%Y-%m-%d", &tm) : NULL;
	if (end == NULL || *end != '\0')
		return 0;
	return (int64_t)timegm(&tm);
}

void people_query_from_fields(const struct kv_list *kv, struct people_query *out)
{
	memset(out, 0, sizeof *out);
	out->consent_channel = -1;
	out->q = kv_get(kv, "q");
	out->tag = kv_get(kv, "tag");
	out->lang = kv_get(kv, "lang_spoken");
	out->talent = kv_get(kv, "talent");
	out->source = kv_get(kv, "source");
	out->sort = kv_get(kv, "sort");
	const char *consent = kv_get(kv, "consent");
	for (int ch = 0; consent && ch < CHANNEL__COUNT; ch++)
		if (strcmp(consent, channel_name((enum channel)ch)) == 0)
			out->consent_channel = ch;
	const char *avail = kv_get(kv, "availability");
	for (unsigned k = 0; avail && k < 4; k++)
		if (strcmp(avail, availability_name(1u << k)) == 0)
			out->availability = 1u << k;
	out->joined_from = day_start(kv_get(kv, "joined_from"));
	int64_t to = day_start(kv_get(kv, "joined_to"));
	out->joined_to = to ? to + 24 * 3600 : 0; /* the whole last day */
}

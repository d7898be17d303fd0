/* The OSDI people API (HAL+JSON), as Action Network implements it:
 * GET /api/v1/people (paged, with the OData `filter` subset), GET
 * /api/v1/people/{id}, POST /api/v1/people/signup (the person signup
 * helper: match by email or phone, merge, add tags), PUT /api/v1/people/{id}
 * (merges the fields given into the person), GET /api/v1/tags,
 * /api/v1/tags/{id} and its taggings (GET paged, POST to tag a person).
 * A token sees contact details only if its role may (organizers, admins). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "auth/permissions.h"
#include "core/arena.h"
#include "core/contact.h"
#include "core/phone.h"
#include "core/text.h"
#include "db/db.h"
#include "http/reply.h"
#include "http/request.h"
#include "i18n/msgid.h"
#include "i18n/languages.h"
#include "model/people.h"
#include "model/tags.h"

#define MAX_PER_PAGE 100

static char *iso_time(struct arena *a, int64_t t)
{
	char buf[32];
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return arena_strdup(a, buf);
}

static json_t *person_json(struct request *req, const struct person *p, bool contact)
{
	char *self = arena_printf(req->arena, "/api/v1/people/%lld", (long long)p->id);
	json_t *j = json_pack("{s:[s], s:s, s:s, s:s, s:s, s:{s:{s:s}}}",
		"identifiers", arena_printf(req->arena, "sanctuary:%lld", (long long)p->id),
		"given_name", p->given_name, "family_name", p->family_name,
		"created_date", iso_time(req->arena, p->created_at),
		"modified_date", iso_time(req->arena, p->updated_at),
		"_links", "self", "href", self);
	json_t *langs = json_array();
	for (size_t i = 0; p->languages[i]; i++)
		json_array_append_new(langs, json_string(p->languages[i]));
	json_object_set_new(j, "languages_spoken", langs);
	json_t *postal = json_array();
	if (p->postal_code && *p->postal_code)
		json_array_append_new(postal, json_pack("{s:b, s:s}", "primary", 1, "postal_code", p->postal_code));
	json_object_set_new(j, "postal_addresses", postal);
	if (contact) {
		json_t *emails = json_array(), *phones = json_array();
		for (size_t i = 0; p->emails[i]; i++)
			json_array_append_new(emails, json_pack("{s:s, s:b, s:s}", "address", p->emails[i],
			                                        "primary", i == 0, "status",
			                                        p->consent[CHANNEL_EMAIL] == CONSENT_SUBSCRIBED ? "subscribed" : "unsubscribed"));
		for (size_t i = 0; p->phones[i]; i++)
			json_array_append_new(phones, json_pack("{s:s, s:b, s:s, s:s}", "number", p->phones[i],
			                                        "primary", i == 0, "number_type", "Mobile", "status",
			                                        p->consent[CHANNEL_SMS] == CONSENT_SUBSCRIBED ? "subscribed" : "unsubscribed"));
		json_object_set_new(j, "email_addresses", emails);
		json_object_set_new(j, "phone_numbers", phones);
	}
	return j;
}

void api_person_show(struct request *req)
{
	struct person p;
	bool contact;
	if (!app_person_load(req, &p, &contact))
		return;
	reply_hal(req, 200, person_json(req, &p, contact));
}

/* The OData subset: "<field> eq '<value>'" for email_address, phone_number,
 * given_name and family_name; "modified_date gt|lt '<ISO date>'". Returns
 * false for anything else (answered 400). */
static bool parse_filter(struct request *req, const char *f, struct people_query *q,
                         const char **email, const char **phone, const char **given,
                         const char **family, int64_t *modified_gt, int64_t *modified_lt)
{
	char field[32], op[4];
	const char *quote = strchr(f, '\'');
	if (quote == NULL || sscanf(f, "%31s %3s", field, op) != 2)
		return false;
	const char *end = strrchr(f, '\'');
	if (end == quote)
		return false;
	char *value = arena_strndup(req->arena, quote + 1, (size_t)(end - quote - 1));
	(void)q;
	if (strcmp(op, "eq") == 0) {
		if (strcmp(field, "email_address") == 0)
			*email = email_normalize(req->arena, value);
		else if (strcmp(field, "phone_number") == 0)
			*phone = phone_normalize(req->arena, value, "US", NULL);
		else if (strcmp(field, "given_name") == 0)
			*given = value;
		else if (strcmp(field, "family_name") == 0)
			*family = value;
		else
			return false;
		return (strcmp(field, "phone_number") != 0 || *phone != NULL);
	}
	if (strcmp(field, "modified_date") == 0 && (strcmp(op, "gt") == 0 || strcmp(op, "lt") == 0)) {
		struct tm tm = { 0 };
		const char *rest = strptime(value, "%Y-%m-%d", &tm);
		if (rest == NULL)
			return false;
		if (*rest == 'T')
			strptime(rest + 1, "%H:%M:%S", &tm);
		int64_t t = (int64_t)timegm(&tm);
		*(strcmp(op, "gt") == 0 ? modified_gt : modified_lt) = t;
		return true;
	}
	return false;
}

void api_people_list(struct request *req)
{
	const char *page_s = request_query(req, "page"), *per_s = request_query(req, "per_page");
	int page = page_s ? atoi(page_s) : 1, per_page = per_s ? atoi(per_s) : 25;
	if (page < 1)
		page = 1;
	if (per_page < 1 || per_page > MAX_PER_PAGE)
		per_page = per_page < 1 ? 25 : MAX_PER_PAGE;
	bool contact = perm_allows(req->actor, ACT_PEOPLE_CONTACT);
	const char *email = NULL, *phone = NULL, *given = NULL, *family = NULL;
	int64_t gt = 0, lt = 0;
	struct people_query q = { .consent_channel = -1, .sort = "oldest" };
	const char *filter = request_query(req, "filter");
	if (filter && !parse_filter(req, filter, &q, &email, &phone, &given, &family, &gt, &lt)) {
		reply_error_detail(req, ERR_BAD_REQUEST, N_("api.bad_filter"));
		return;
	}
	if ((email || phone) && !contact) {
		/* looking people up by contact details is itself a contact read */
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	struct db *db = db_thread();
	json_t *items = json_array(), *links = json_array();
	int64_t total = 0;
	/* Exact lookups go through the blind indexes; the rest is the list. */
	struct db_rows *r = NULL;
	if (email || phone) {
		int64_t id = email ? person_by_email(db, email) : person_by_phone(db, phone);
		r = db_query(db, "SELECT id FROM people WHERE id = ? AND merged_into IS NULL", DB_ARGS(DB_INT(id)));
	} else {
		int64_t n = 0;
		db_get_int(db,
		           "SELECT COUNT(*) FROM people WHERE merged_into IS NULL AND (? IS NULL OR given_name = ?) "
		           "AND (? IS NULL OR family_name = ?) AND updated_at > ? AND (? = 0 OR updated_at < ?)",
		           DB_ARGS(DB_TEXT(given), DB_TEXT(given), DB_TEXT(family), DB_TEXT(family), DB_INT(gt),
		                   DB_INT(lt), DB_INT(lt)), &n);
		total = n;
		r = db_query(db,
		             "SELECT id FROM people WHERE merged_into IS NULL AND (? IS NULL OR given_name = ?) "
		             "AND (? IS NULL OR family_name = ?) AND updated_at > ? AND (? = 0 OR updated_at < ?) "
		             "ORDER BY id LIMIT ? OFFSET ?",
		             DB_ARGS(DB_TEXT(given), DB_TEXT(given), DB_TEXT(family), DB_TEXT(family), DB_INT(gt),
		                     DB_INT(lt), DB_INT(lt), DB_INT(per_page), DB_INT((int64_t)(page - 1) * per_page)));
	}
	int64_t ids[MAX_PER_PAGE];
	size_t n_ids = 0;
	while (db_next(r) && n_ids < MAX_PER_PAGE)
		ids[n_ids++] = db_col_int(r, 0);
	db_done(r);
	if (email || phone)
		total = (int64_t)n_ids;
	for (size_t i = 0; i < n_ids; i++) {
		struct person p;
		if (!person_get(db, req->arena, ids[i], contact, &p))
			continue;
		json_array_append_new(items, person_json(req, &p, contact));
		json_array_append_new(links, json_pack("{s:s}", "href",
		                                       arena_printf(req->arena, "/api/v1/people/%lld", (long long)p.id)));
	}
	if (contact && n_ids)
		app_audit(req, "people.api_list", "people", (int64_t)n_ids, NULL);
	int64_t pages = (total + per_page - 1) / per_page;
	json_t *doc = json_pack("{s:I, s:i, s:i, s:I, s:{s:{s:s}, s:o}, s:{s:o}}",
		"total_pages", (json_int_t)pages, "per_page", per_page, "page", page,
		"total_records", (json_int_t)total,
		"_links", "self", "href", arena_printf(req->arena, "/api/v1/people?page=%d&per_page=%d", page, per_page),
		"osdi:people", links,
		"_embedded", "osdi:people", items);
	if (page < pages)
		json_object_set_new(json_object_get(doc, "_links"), "next",
		                    json_pack("{s:s}", "href", arena_printf(req->arena, "/api/v1/people?page=%d&per_page=%d",
		                                                           page + 1, per_page)));
	if (page > 1)
		json_object_set_new(json_object_get(doc, "_links"), "prev",
		                    json_pack("{s:s}", "href", arena_printf(req->arena, "/api/v1/people?page=%d&per_page=%d",
		                                                           page - 1, per_page)));
	reply_hal(req, 200, doc);
}

struct signup_ctx {
	struct person_input in;
	const char **tags;
	size_t n_tags;
	int64_t id;
	bool created;
};

static enum db_status signup_tx(struct db *db, void *p)
{
	struct signup_ctx *c = p;
	c->id = person_upsert(db, &c->in, &c->created);
	if (c->id < 0)
		return DB_ERROR;
	for (size_t i = 0; i < c->n_tags; i++) {
		int64_t tag = tag_id(db, c->tags[i], true);
		if (tag <= 0 || !tag_person(db, tag, c->id, true))
			return DB_ERROR;
	}
	return DB_OK;
}

/* A string member of the first element of an array member, e.g.
 * person.email_addresses[0].address; NULL if absent or not a string. */
static const char *first_of(json_t *person, const char *array, const char *key)
{
	json_t *v = json_object_get(json_array_get(json_object_get(person, array), 0), key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static const char *clean(struct request *req, const char *s, size_t max)
{
	if (s == NULL)
		return NULL;
	char *v = text_trim(text_nfc(req->arena, s));
	return text_codepoints(v, strlen(v)) <= max ? v : NULL;
}

void api_people_signup(struct request *req)
{
	json_t *person = json_object_get(req->json, "person");
	if (!json_is_object(person)) {
		reply_error_detail(req, ERR_VALIDATION, N_("api.person_required"));
		return;
	}
	const char *email = first_of(person, "email_addresses", "address");
	const char *phone_typed = first_of(person, "phone_numbers", "number");
	const char *phone = NULL;
	if (email) {
		email = email_normalize(req->arena, email);
		if (email_problem(email)) {
			reply_error_detail(req, ERR_VALIDATION, N_("field.email_invalid"));
			return;
		}
	}
	if (phone_typed && (phone = phone_normalize(req->arena, phone_typed, "US", NULL)) == NULL) {
		reply_error_detail(req, ERR_VALIDATION, N_("phone.invalid"));
		return;
	}
	if (email == NULL && phone == NULL) {
		reply_error_detail(req, ERR_VALIDATION, N_("join.need_contact"));
		return;
	}
	json_t *gv = json_object_get(person, "given_name"), *fv = json_object_get(person, "family_name");
	struct signup_ctx c = { .in = {
		.given_name = clean(req, json_is_string(gv) ? json_string_value(gv) : "", 80),
		.family_name = clean(req, json_is_string(fv) ? json_string_value(fv) : "", 80),
		.postal_code = clean(req, first_of(person, "postal_addresses", "postal_code"), 12),
		.source = "api", .how = "api",
		.emails = (const char *const[]){ email }, .n_emails = email ? 1 : 0,
		.phones = (const char *const[]){ phone }, .n_phones = phone ? 1 : 0,
	} };
	if (c.in.given_name == NULL || c.in.family_name == NULL) {
		reply_error_detail(req, ERR_VALIDATION, N_("field.too_long"));
		return;
	}
	json_t *tags = json_object_get(req->json, "add_tags");
	size_t n = json_is_array(tags) ? json_array_size(tags) : 0;
	c.tags = arena_calloc(req->arena, n + 1, sizeof *c.tags);
	for (size_t i = 0; i < n && i < 50; i++) {
		const char *t = clean(req, json_string_value(json_array_get(tags, i)), 60);
		if (t && *t)
			c.tags[c.n_tags++] = t;
	}
	struct db *db = db_thread();
	if (db == NULL || db_tx(db, signup_tx, &c) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, c.created ? "person.api_create" : "person.api_update", "person", c.id, NULL);
	struct person p;
	bool contact = perm_allows(req->actor, ACT_PEOPLE_CONTACT);
	if (!person_get(db, req->arena, c.id, contact, &p)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	reply_hal(req, c.created ? 201 : 200, person_json(req, &p, contact));
}

/* ---- PUT /api/v1/people/{id} ---- */

struct update_ctx {
	int64_t id;
	struct person_input in;
};

static enum db_status update_tx(struct db *db, void *p)
{
	struct update_ctx *c = p;
	return person_update(db, c->id, &c->in) ? DB_OK : DB_NOT_FOUND;
}

/* Every string member `key` of the objects in person[array]. */
static const char **strings_of(struct request *req, json_t *person, const char *array,
                               const char *key, size_t *n)
{
	json_t *list = json_object_get(person, array);
	size_t cap = json_is_array(list) ? json_array_size(list) : 0;
	if (cap > 20)
		cap = 20;
	const char **out = arena_calloc(req->arena, cap + 1, sizeof *out);
	*n = 0;
	for (size_t i = 0; i < cap; i++) {
		json_t *item = json_array_get(list, i);
		json_t *v = key ? json_object_get(item, key) : item;
		if (json_is_string(v))
			out[(*n)++] = json_string_value(v);
	}
	return out;
}

/* A replaced string field: absent → NULL (kept), too long → *bad. */
static const char *replaced(struct request *req, json_t *v, size_t max, bool *bad)
{
	if (v == NULL || json_is_null(v))
		return NULL;
	const char *s = clean(req, json_is_string(v) ? json_string_value(v) : NULL, max);
	if (s == NULL)
		*bad = true;
	return s;
}

void api_person_update(struct request *req)
{
	long long id = request_param_id(req, "id");
	json_t *person = json_object_get(req->json, "person");
	if (!json_is_object(person))
		person = req->json;
	if (!json_is_object(person)) {
		reply_error_detail(req, ERR_VALIDATION, N_("api.person_required"));
		return;
	}
	struct update_ctx c = { .id = id, .in = { .how = "api", .by_user = 0 } };
	bool bad = false;
	c.in.given_name = replaced(req, json_object_get(person, "given_name"), 80, &bad);
	c.in.family_name = replaced(req, json_object_get(person, "family_name"), 80, &bad);
	c.in.postal_code = replaced(req, json_object_get(json_array_get(json_object_get(person,
	                            "postal_addresses"), 0), "postal_code"), 12, &bad);
	if (bad) {
		reply_error_detail(req, ERR_VALIDATION, N_("field.too_long"));
		return;
	}
	size_t n;
	const char **emails = strings_of(req, person, "email_addresses", "address", &n);
	for (size_t i = 0; i < n; i++) {
		emails[i] = email_normalize(req->arena, emails[i]);
		if (email_problem(emails[i])) {
			reply_error_detail(req, ERR_VALIDATION, N_("field.email_invalid"));
			return;
		}
	}
	c.in.emails = emails;
	c.in.n_emails = n;
	const char **phones = strings_of(req, person, "phone_numbers", "number", &n);
	for (size_t i = 0; i < n; i++)
		if ((phones[i] = phone_normalize(req->arena, phones[i], "US", NULL)) == NULL) {
			reply_error_detail(req, ERR_VALIDATION, N_("phone.invalid"));
			return;
		}
	c.in.phones = phones;
	c.in.n_phones = n;
	const char **langs = strings_of(req, person, "languages_spoken", NULL, &n);
	for (size_t i = 0; i < n; i++)
		if (!spoken_language_known(langs[i])) {
			reply_error_detail(req, ERR_VALIDATION, N_("import.bad_language"));
			return;
		}
	c.in.languages = langs;
	c.in.n_languages = n;
	json_t *pref = json_object_get(person, "preferred_language");
	if (json_is_string(pref)) {
		if (!spoken_language_known(json_string_value(pref))) {
			reply_error_detail(req, ERR_VALIDATION, N_("import.bad_language"));
			return;
		}
		c.in.lang = json_string_value(pref);
	}
	/* only an actor who may see contact details may add them */
	bool contact = perm_allows(req->actor, ACT_PEOPLE_CONTACT);
	if (!contact && (c.in.n_emails || c.in.n_phones)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	struct db *db = db_thread();
	enum db_status st = id > 0 && db ? db_tx(db, update_tx, &c) : DB_NOT_FOUND;
	if (st == DB_NOT_FOUND) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	if (st != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "person.api_update", "person", id, NULL);
	struct person p;
	if (!person_get(db, req->arena, id, contact, &p)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	reply_hal(req, 200, person_json(req, &p, contact));
}

/* ---- tags and taggings ---- */

static json_t *tag_json(struct request *req, int64_t id, const char *name, int64_t people)
{
	char *self = arena_printf(req->arena, "/api/v1/tags/%lld", (long long)id);
	return json_pack("{s:[s], s:s, s:I, s:{s:{s:s}, s:{s:s}}}",
		"identifiers", arena_printf(req->arena, "sanctuary:tag:%lld", (long long)id),
		"name", name, "sanctuary:people", (json_int_t)people,
		"_links", "self", "href", self,
		"osdi:taggings", "href", arena_printf(req->arena, "%s/taggings", self));
}

struct tags_ctx {
	struct request *req;
	json_t *items;
};

static void add_tag_json(const struct tag *t, void *p)
{
	struct tags_ctx *c = p;
	json_array_append_new(c->items, tag_json(c->req, t->id, t->name, t->people));
}

void api_tags_list(struct request *req)
{
	json_t *items = json_array();
	struct tags_ctx c = { req, items };
	struct db *db = db_thread();
	if (db == NULL || !tag_each(db, req->arena, add_tag_json, &c)) {
		json_decref(items);
		reply_error(req, ERR_INTERNAL);
		return;
	}
	reply_hal(req, 200, json_pack("{s:I, s:{s:{s:s}}, s:{s:o}}", "total_records",
	                              (json_int_t)json_array_size(items), "_links", "self", "href",
	                              "/api/v1/tags", "_embedded", "osdi:tags", items));
}

/* The tag named by the path's {id}; false (answered 404) if none. */
static bool load_tag(struct request *req, struct db *db, int64_t *id, char **name)
{
	*id = request_param_id(req, "id");
	*name = NULL;
	if (*id <= 0 || db == NULL ||
	    db_get_text(db, "SELECT name FROM tags WHERE id = ?", DB_ARGS(DB_INT(*id)), req->arena,
	                name) != DB_OK) {
		reply_error(req, ERR_NOT_FOUND);
		return false;
	}
	return true;
}

void api_tag_show(struct request *req)
{
	struct db *db = db_thread();
	int64_t id, people = 0;
	char *name;
	if (!load_tag(req, db, &id, &name))
		return;
	db_get_int(db, "SELECT COUNT(*) FROM taggings WHERE tag_id = ?", DB_ARGS(DB_INT(id)), &people);
	reply_hal(req, 200, tag_json(req, id, name, people));
}

static json_t *tagging_json(struct request *req, int64_t tag, int64_t person, int64_t at)
{
	return json_pack("{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}}}",
		"created_date", iso_time(req->arena, at),
		"_links",
		"self", "href", arena_printf(req->arena, "/api/v1/tags/%lld/taggings/%lld", (long long)tag, (long long)person),
		"osdi:tag", "href", arena_printf(req->arena, "/api/v1/tags/%lld", (long long)tag),
		"osdi:person", "href", arena_printf(req->arena, "/api/v1/people/%lld", (long long)person));
}

void api_taggings_list(struct request *req)
{
	struct db *db = db_thread();
	int64_t id, total = 0;
	char *name;
	if (!load_tag(req, db, &id, &name))
		return;
	const char *page_s = request_query(req, "page"), *per_s = request_query(req, "per_page");
	int page = page_s ? atoi(page_s) : 1, per_page = per_s ? atoi(per_s) : 25;
	if (page < 1)
		page = 1;
	if (per_page < 1 || per_page > MAX_PER_PAGE)
		per_page = per_page < 1 ? 25 : MAX_PER_PAGE;
	db_get_int(db,
	           "SELECT COUNT(*) FROM taggings t JOIN people p ON p.id = t.person_id "
	           "WHERE t.tag_id = ? AND p.merged_into IS NULL", DB_ARGS(DB_INT(id)), &total);
	json_t *items = json_array();
	struct db_rows *r = db_query(db,
		"SELECT t.person_id, t.created_at FROM taggings t JOIN people p ON p.id = t.person_id "
		"WHERE t.tag_id = ? AND p.merged_into IS NULL ORDER BY t.person_id LIMIT ? OFFSET ?",
		DB_ARGS(DB_INT(id), DB_INT(per_page), DB_INT((int64_t)(page - 1) * per_page)));
	while (db_next(r))
		json_array_append_new(items, tagging_json(req, id, db_col_int(r, 0), db_col_int(r, 1)));
	if (db_done(r) != DB_OK) {
		json_decref(items);
		reply_error(req, ERR_INTERNAL);
		return;
	}
	int64_t pages = (total + per_page - 1) / per_page;
	const char *self = arena_printf(req->arena, "/api/v1/tags/%lld/taggings", (long long)id);
	json_t *doc = json_pack("{s:I, s:i, s:i, s:I, s:{s:{s:s}}, s:{s:o}}",
		"total_pages", (json_int_t)pages, "per_page", per_page, "page", page,
		"total_records", (json_int_t)total,
		"_links", "self", "href", arena_printf(req->arena, "%s?page=%d&per_page=%d", self, page, per_page),
		"_embedded", "osdi:taggings", items);
	if (page < pages)
		json_object_set_new(json_object_get(doc, "_links"), "next",
		                    json_pack("{s:s}", "href", arena_printf(req->arena, "%s?page=%d&per_page=%d",
		                                                           self, page + 1, per_page)));
	reply_hal(req, 200, doc);
}

struct tagging_ctx {
	int64_t tag, person;
};

static enum db_status tagging_tx(struct db *db, void *p)
{
	struct tagging_ctx *c = p;
	int64_t alive = 0;
	if (db_get_int(db, "SELECT COUNT(*) FROM people WHERE id = ? AND merged_into IS NULL",
	               DB_ARGS(DB_INT(c->person)), &alive) != DB_OK || alive != 1)
		return DB_NOT_FOUND;
	return tag_person(db, c->tag, c->person, true) ? DB_OK : DB_ERROR;
}

/* POST /api/v1/tags/{id}/taggings with
 * {"_links": {"osdi:person": {"href": ".../api/v1/people/ID"}}}. */
void api_tagging_create(struct request *req)
{
	struct db *db = db_thread();
	int64_t id;
	char *name;
	if (!load_tag(req, db, &id, &name))
		return;
	json_t *href = json_object_get(json_object_get(json_object_get(req->json, "_links"), "osdi:person"), "href");
	const char *h = json_is_string(href) ? json_string_value(href) : NULL;
	const char *marker = h ? strstr(h, "/api/v1/people/") : NULL;
	char *end = NULL;
	long long person = marker ? strtoll(marker + strlen("/api/v1/people/"), &end, 10) : 0;
	if (person <= 0 || (end && *end != '\0')) {
		reply_error_detail(req, ERR_VALIDATION, N_("api.tagging_person_required"));
		return;
	}
	struct tagging_ctx c = { id, person };
	enum db_status st = db_tx(db, tagging_tx, &c);
	if (st == DB_NOT_FOUND) {
		reply_error_detail(req, ERR_VALIDATION, N_("api.tagging_person_required"));
		return;
	}
	if (st != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "person.api_tag", "person", person, NULL);
	reply_hal(req, 201, tagging_json(req, id, person, time(NULL)));
}

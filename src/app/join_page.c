/* The public "Join us" page: name, how to reach you, languages, talents,
 * availability, what you would like to help with, consent per channel.
 * Only one contact method is required. Works without JavaScript; a
 * rejected form comes back as typed; a honeypot field and a per-address
 * rate limit keep bots out without any third-party CAPTCHA. Joining
 * again with a known email or phone adds to that person. */
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/page.h"
#include "auth/throttle.h"
#include "core/arena.h"
#include "core/phone.h"
#include "db/db.h"
#include "html/template.h"
#include "http/fields.h"
#include "http/reply.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "i18n/languages.h"
#include "i18n/msgid.h"
#include "model/people.h"
#include "model/settings.h"

#define MAX_TALENTS 64

static const char *const availability_choices[] = {
	"weekday_mornings", "weekday_afternoons", "weekday_evenings", "weekends", NULL,
};
static const char *const availability_msgids[] = {
	N_("join.avail.weekday_mornings"), N_("join.avail.weekday_afternoons"),
	N_("join.avail.weekday_evenings"), N_("join.avail.weekends"),
};

size_t app_talents(struct request *req, struct app_talent *out, size_t cap)
{
	size_t n = 0;
	struct db *db = db_thread();
	struct db_rows *r = db ? db_query(db, "SELECT slug, msgid, name FROM talents ORDER BY position, slug",
	                                  DB_NOARGS) : NULL;
	while (db_next(r) && n < cap) {
		out[n].slug = db_col_dup(r, 0, req->arena);
		const char *msgid = db_col_text(r, 1);
		out[n].label = msgid ? arena_strdup(req->arena, page_t(req, msgid))
		                     : db_col_dup(r, 2, req->arena);
		n++;
	}
	db_done(r);
	return n;
}

static bool in_list(const char *const *values, size_t n, const char *v)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(values[i], v) == 0)
			return true;
	return false;
}

static void show(struct request *req, unsigned status, const struct form *f, const char *alert)
{
	struct view *v = page_view(req, N_("join.title"));
	view_set_bool(v, "nav_join", true);
	view_set(v, "csrf", app_anon_csrf(req));
	if (f)
		form_to_view(f, v, req->lang);
	if (alert)
		view_set(v, "form_error", page_t(req, alert));
	const struct field_result *langs = f ? form_field(f, "languages") : NULL;
	const struct field_result *talents = f ? form_field(f, "talents") : NULL;
	const struct field_result *avail = f ? form_field(f, "availability") : NULL;
	const char *preferred = f && form_value(f, "lang") ? form_value(f, "lang") : req->lang;
	const struct spoken_language *spoken;
	size_t n = spoken_languages(&spoken);
	for (size_t i = 0; i < n; i++) {
		struct view *item = view_add_item(v, "language_choices");
		view_set(item, "code", spoken[i].code);
		view_set(item, "name", spoken[i].endonym);
		view_set_bool(item, "checked", langs ? in_list(langs->values, langs->n_values, spoken[i].code)
		                                     : strcmp(spoken[i].code, req->lang) == 0);
		struct view *opt = view_add_item(v, "preferred_choices");
		view_set(opt, "code", spoken[i].code);
		view_set(opt, "name", spoken[i].endonym);
		view_set_bool(opt, "selected", preferred && strcmp(preferred, spoken[i].code) == 0);
	}
	struct app_talent list[MAX_TALENTS];
	size_t nt = app_talents(req, list, MAX_TALENTS);
	for (size_t i = 0; i < nt; i++) {
		struct view *item = view_add_item(v, "talent_choices");
		view_set(item, "slug", list[i].slug);
		view_set(item, "label", list[i].label);
		view_set_bool(item, "checked", talents && in_list(talents->values, talents->n_values, list[i].slug));
	}
	for (size_t i = 0; availability_choices[i]; i++) {
		struct view *item = view_add_item(v, "availability_choices");
		view_set(item, "value", availability_choices[i]);
		view_set(item, "label", page_t(req, availability_msgids[i]));
		view_set_bool(item, "checked", avail && in_list(avail->values, avail->n_values, availability_choices[i]));
	}
	page_render(req, status, "join.html", v);
}

void join_form(struct request *req)
{
	show(req, 200, NULL, NULL);
}

struct join_ctx {
	struct person_input in;
	int64_t id;
	bool created;
};

static enum db_status save(struct db *db, void *p)
{
	struct join_ctx *c = p;
	c->id = person_upsert(db, &c->in, &c->created);
	if (c->id < 0)
		return DB_ERROR;
	return person_activity(db, c->id, c->created ? "joined" : "joined_again", NULL, 0, NULL) ? DB_OK
	                                                                                     : DB_ERROR;
}

void join_submit(struct request *req)
{
	const char *talent_slugs[MAX_TALENTS + 1] = { 0 };
	struct app_talent list[MAX_TALENTS];
	size_t nt = app_talents(req, list, MAX_TALENTS);
	for (size_t i = 0; i < nt; i++)
		talent_slugs[i] = list[i].slug;
	const struct field_spec spec[] = {
		{ .name = "given_name", .type = FIELD_TEXT, .max_len = 80 },
		{ .name = "family_name", .type = FIELD_TEXT, .max_len = 80 },
		{ .name = "email", .type = FIELD_EMAIL, .max_len = 254 },
		{ .name = "phone", .type = FIELD_TEXT, .max_len = 40 },
		{ .name = "postal_code", .type = FIELD_TEXT, .max_len = 12 },
		{ .name = "lang", .type = FIELD_CHOICE, .choices = spoken_language_codes() },
		{ .name = "languages", .type = FIELD_CHOICES, .choices = spoken_language_codes() },
		{ .name = "talents", .type = FIELD_CHOICES, .choices = talent_slugs },
		{ .name = "availability", .type = FIELD_CHOICES, .choices = availability_choices },
		{ .name = "help", .type = FIELD_TEXTAREA, .max_len = 1000 },
		{ .name = "consent_email", .type = FIELD_CHECKBOX },
		{ .name = "consent_sms", .type = FIELD_CHECKBOX },
		{ .name = "consent_phone", .type = FIELD_CHECKBOX },
		{ .name = "website", .type = FIELD_TEXT, .max_len = 200 }, /* the honeypot */
	};
	struct form f;
	form_validate(req->arena, spec, sizeof spec / sizeof spec[0], &req->form, &f);
	const char *trap = form_value(&f, "website");
	if (trap && *trap) {
		/* a bot filled the field people never see: thank it and keep nothing */
		reply_redirect(req, "/join/thanks");
		return;
	}
	if (!throttle_form_take(req->client_addr, req->client_addr_len, time(NULL))) {
		show(req, 429, &f, N_("join.too_many"));
		return;
	}
	const char *email = form_value(&f, "email"), *typed_phone = form_value(&f, "phone");
	const char *phone = NULL;
	if (typed_phone && *typed_phone && form_field(&f, "phone")->error == NULL) {
		const char *problem = NULL;
		phone = phone_normalize(req->arena, typed_phone, "US", &problem);
		if (phone == NULL)
			form_set_error(&f, "phone", problem ? problem : N_("phone.invalid"));
	}
	if ((email == NULL || *email == '\0') && (typed_phone == NULL || *typed_phone == '\0'))
		form_set_error(&f, "email", N_("join.need_contact"));
	if (form_field(&f, "consent_email")->checked && (email == NULL || *email == '\0'))
		form_set_error(&f, "email", N_("join.consent_needs_email"));
	if ((form_field(&f, "consent_sms")->checked || form_field(&f, "consent_phone")->checked) &&
	    (typed_phone == NULL || *typed_phone == '\0'))
		form_set_error(&f, "phone", N_("join.consent_needs_phone"));
	if (!f.ok) {
		show(req, 422, &f, N_("form.fix_errors"));
		return;
	}
	const struct field_result *langs = form_field(&f, "languages"), *talents = form_field(&f, "talents"),
	                          *avail = form_field(&f, "availability");
	unsigned availability = 0;
	for (size_t i = 0; i < avail->n_values; i++)
		for (unsigned k = 0; availability_choices[k]; k++)
			if (strcmp(avail->values[i], availability_choices[k]) == 0)
				availability |= 1u << k;
	struct join_ctx c = { .in = {
		.given_name = form_value(&f, "given_name"),
		.family_name = form_value(&f, "family_name"),
		.postal_code = form_value(&f, "postal_code"),
		.notes = form_value(&f, "help"),
		.lang = form_value(&f, "lang") ? form_value(&f, "lang") : req->lang,
		.source = "join",
		.emails = (const char *const[]){ email },
		.n_emails = email && *email ? 1 : 0,
		.phones = (const char *const[]){ phone },
		.n_phones = phone ? 1 : 0,
		.languages = langs->values,
		.n_languages = langs->n_values,
		.talents = talents->values,
		.n_talents = talents->n_values,
		.availability = availability,
		.subscribe = { form_field(&f, "consent_email")->checked, form_field(&f, "consent_sms")->checked,
		               form_field(&f, "consent_phone")->checked },
		.how = "join",
	} };
	struct db *db = db_thread();
	if (db == NULL || db_tx(db, save, &c) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, c.created ? "person.join" : "person.join_again", "person", c.id, NULL);
	reply_redirect(req, arena_printf(req->arena, "/join/thanks?lang=%s", req->lang));
}

void join_thanks(struct request *req)
{
	struct view *v = page_view(req, N_("join.thanks.title"));
	page_render(req, 200, "join_thanks.html", v);
}

/* Editing a person in the staff area (organizers and admins): names,
 * postal code, address and notes, languages, talents, availability,
 * contacts to add or remove, and consent per channel, each change of
 * consent kept as history with who made it. A rejected form comes back
 * as typed, with a message by each field. Opening the form reads contact
 * details, so it is audited like the person page. */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/page.h"
#include "auth/permissions.h"
#include "core/arena.h"
#include "core/phone.h"
#include "db/db.h"
#include "html/template.h"
#include "http/fields.h"
#include "http/reply.h"
#include "http/request.h"
#include "i18n/languages.h"
#include "i18n/msgid.h"
#include "model/people.h"

#define MAX_TALENTS 64
#define MAX_CONTACTS 32

static const char *const consent_values[] = { "never_asked", "subscribed", "unsubscribed", NULL };
static const char *const consent_fields[] = { "consent_email", "consent_sms", "consent_phone" };
static const char *const consent_msgids[] = {
	N_("consent.never_asked"), N_("consent.subscribed"), N_("consent.unsubscribed"),
};
static const char *const channel_msgids[] = { N_("channel.email"), N_("channel.sms"), N_("channel.phone") };

static bool listed(const char *const *values, size_t n, const char *v)
{
	for (size_t i = 0; i < n; i++)
		if (values[i] && strcmp(values[i], v) == 0)
			return true;
	return false;
}

static size_t count(const char *const *list)
{
	size_t n = 0;
	while (list && list[n])
		n++;
	return n;
}

/* The form, from the stored person (f NULL) or from what was typed. */
static void show(struct request *req, unsigned status, const struct person *p, const struct form *f,
                 const char *alert)
{
	struct view *v = page_view(req, N_("person_edit.title"));
	view_set_bool(v, "staff_area", true);
	view_set_int(v, "person_id", p->id);
	view_set(v, "name", p->display_name ? p->display_name : page_t(req, N_("people.unnamed")));
	if (alert)
		view_set(v, "form_error", page_t(req, alert));
	if (f) {
		form_to_view(f, v, req->lang);
	} else {
		view_set(v, "given_name", p->given_name);
		view_set(v, "family_name", p->family_name);
		view_set(v, "known_as", p->known_as);
		view_set(v, "postal_code", p->postal_code);
		view_set(v, "address", p->address);
		view_set(v, "notes", p->notes);
	}
	const struct field_result *langs = f ? form_field(f, "languages") : NULL;
	const struct field_result *talents = f ? form_field(f, "talents") : NULL;
	const struct field_result *avail = f ? form_field(f, "availability") : NULL;
	const char *preferred = f ? form_value(f, "lang") : p->lang;
	const struct spoken_language *spoken;
	size_t n = spoken_languages(&spoken);
	for (size_t i = 0; i < n; i++) {
		struct view *item = view_add_item(v, "language_choices");
		view_set(item, "code", spoken[i].code);
		view_set(item, "name", spoken[i].endonym);
		view_set_bool(item, "checked", langs ? listed(langs->values, langs->n_values, spoken[i].code)
		                                     : listed(p->languages, count(p->languages), spoken[i].code));
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
		view_set_bool(item, "checked", talents ? listed(talents->values, talents->n_values, list[i].slug)
		                                       : listed(p->talents, count(p->talents), list[i].slug));
	}
	for (unsigned k = 0; k < 4; k++) {
		struct view *item = view_add_item(v, "availability_choices");
		view_set(item, "value", availability_name(1u << k));
		view_set(item, "label", page_t(req, availability_msgid(1u << k)));
		view_set_bool(item, "checked", avail ? listed(avail->values, avail->n_values, availability_name(1u << k))
		                                     : (p->availability & (1u << k)) != 0);
	}
	for (int c = 0; c < CHANNEL__COUNT; c++) {
		struct view *ch = view_add_item(v, "consents");
		view_set(ch, "field", consent_fields[c]);
		view_set(ch, "label", page_t(req, channel_msgids[c]));
		const char *chosen = f ? form_value(f, consent_fields[c]) : consent_name(p->consent[c]);
		for (int s = 0; consent_values[s]; s++) {
			struct view *o = view_add_item(ch, "options");
			view_set(o, "value", consent_values[s]);
			view_set(o, "label", page_t(req, consent_msgids[s]));
			view_set_bool(o, "selected", chosen && strcmp(chosen, consent_values[s]) == 0);
		}
	}
	for (size_t i = 0; p->emails[i]; i++)
		view_set(view_add_item(v, "emails"), "value", p->emails[i]);
	for (size_t i = 0; p->phones[i]; i++)
		view_set(view_add_item(v, "phones"), "value", p->phones[i]);
	page_render(req, status, "person_edit.html", v);
}

/* Contact details are part of the form: organizers and admins only (the
 * route already requires people.edit; this keeps the rule explicit). */
static bool load(struct request *req, struct person *p)
{
	bool contact;
	if (!perm_allows(req->actor, ACT_PEOPLE_CONTACT)) {
		reply_error(req, ERR_NOT_FOUND);
		return false;
	}
	return app_person_load(req, p, &contact);
}

void person_edit_form(struct request *req)
{
	struct person p;
	if (load(req, &p))
		show(req, 200, &p, NULL, NULL);
}

struct edit_ctx {
	int64_t id;
	struct person_edit e;
};

static enum db_status edit_tx(struct db *db, void *p)
{
	struct edit_ctx *c = p;
	return person_edit(db, c->id, &c->e) ? DB_OK : DB_ERROR;
}

void person_edit_submit(struct request *req)
{
	struct person p;
	if (!load(req, &p))
		return;
	const char *talent_slugs[MAX_TALENTS + 1] = { 0 };
	struct app_talent list[MAX_TALENTS];
	size_t nt = app_talents(req, list, MAX_TALENTS);
	for (size_t i = 0; i < nt; i++)
		talent_slugs[i] = list[i].slug;
	const char *avail_names[5] = { 0 };
	for (unsigned k = 0; k < 4; k++)
		avail_names[k] = availability_name(1u << k);
	const struct field_spec spec[] = {
		{ .name = "given_name", .type = FIELD_TEXT, .max_len = 80 },
		{ .name = "family_name", .type = FIELD_TEXT, .max_len = 80 },
		{ .name = "known_as", .type = FIELD_TEXT, .max_len = 80 },
		{ .name = "postal_code", .type = FIELD_TEXT, .max_len = 12 },
		{ .name = "lang", .type = FIELD_CHOICE, .choices = spoken_language_codes() },
		{ .name = "address", .type = FIELD_TEXTAREA, .max_len = 300 },
		{ .name = "notes", .type = FIELD_TEXTAREA, .max_len = 4000 },
		{ .name = "languages", .type = FIELD_CHOICES, .choices = spoken_language_codes() },
		{ .name = "talents", .type = FIELD_CHOICES, .choices = talent_slugs },
		{ .name = "availability", .type = FIELD_CHOICES, .choices = avail_names },
		{ .name = "consent_email", .type = FIELD_CHOICE, .required = true, .choices = consent_values },
		{ .name = "consent_sms", .type = FIELD_CHOICE, .required = true, .choices = consent_values },
		{ .name = "consent_phone", .type = FIELD_CHOICE, .required = true, .choices = consent_values },
		{ .name = "add_email", .type = FIELD_EMAIL, .max_len = 254 },
		{ .name = "add_phone", .type = FIELD_TEXT, .max_len = 40 },
		{ .name = "remove_email", .type = FIELD_CHOICES, .choices = p.emails },
		{ .name = "remove_phone", .type = FIELD_CHOICES, .choices = p.phones },
	};
	struct form f;
	form_validate(req->arena, spec, sizeof spec / sizeof spec[0], &req->form, &f);
	const char *typed_phone = form_value(&f, "add_phone"), *phone = NULL;
	if (typed_phone && *typed_phone && form_field(&f, "add_phone")->error == NULL) {
		const char *problem = NULL;
		phone = phone_normalize(req->arena, typed_phone, "US", &problem);
		if (phone == NULL)
			form_set_error(&f, "add_phone", problem ? problem : N_("phone.invalid"));
	}
	/* a person keeps at least one way to reach them */
	const struct field_result *rm_e = form_field(&f, "remove_email"), *rm_p = form_field(&f, "remove_phone");
	const char *email = form_value(&f, "add_email");
	size_t left = count(p.emails) + count(p.phones) - rm_e->n_values - rm_p->n_values +
	              (email && *email) + (phone != NULL);
	if (left == 0)
		form_set_error(&f, "add_email", N_("join.need_contact"));
	if (!f.ok) {
		show(req, 422, &p, &f, N_("form.fix_errors"));
		return;
	}
	const struct field_result *langs = form_field(&f, "languages"), *talents = form_field(&f, "talents"),
	                          *avail = form_field(&f, "availability");
	struct edit_ctx c = { .id = p.id, .e = {
		.given_name = form_value(&f, "given_name"), .family_name = form_value(&f, "family_name"),
		.known_as = form_value(&f, "known_as"), .postal_code = form_value(&f, "postal_code"),
		.lang = form_value(&f, "lang"), .address = form_value(&f, "address"),
		.notes = form_value(&f, "notes"),
		.languages = langs->values, .n_languages = langs->n_values,
		.talents = talents->values, .n_talents = talents->n_values,
		.add_email = email && *email ? email : NULL, .add_phone = phone,
		.remove_emails = rm_e->values, .n_remove_emails = rm_e->n_values,
		.remove_phones = rm_p->values, .n_remove_phones = rm_p->n_values,
		.by_user = req->actor->id,
	} };
	for (size_t i = 0; i < avail->n_values; i++)
		for (unsigned k = 0; k < 4; k++)
			if (strcmp(avail->values[i], availability_name(1u << k)) == 0)
				c.e.availability |= 1u << k;
	for (int ch = 0; ch < CHANNEL__COUNT; ch++) {
		enum consent want;
		c.e.consent[ch] = consent_parse(form_value(&f, consent_fields[ch]), &want) && want != p.consent[ch]
			? (int)want : -1;
	}
	struct db *db = db_thread();
	if (db == NULL || db_tx(db, edit_tx, &c) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "person.edit", "person", p.id, NULL);
	reply_redirect(req, arena_printf(req->arena, "/app/people/%lld?saved=1", (long long)p.id));
}

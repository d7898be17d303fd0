/* The text of a petition or an event in one language: read, saved, drawn
 * (see content_form.h). */
#include <string.h>

#include "app/app.h"
#include "app/content_form.h"
#include "app/page.h"
#include "core/arena.h"
#include "db/db.h"
#include "html/template.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "i18n/msgid.h"
#include "model/sessions.h"
#include "model/settings.h"

static const char *const status_choices[] = { "draft", "native_reviewed", "lawyer_reviewed", NULL };

/* The form's own inputs, before the record's fields. */
enum { LEAD = 2 };

bool content_form_read(struct request *req, const struct field_spec *fields, size_t n,
                       struct content_form *out)
{
	struct field_spec *spec = arena_calloc(req->arena, n + LEAD, sizeof *spec);
	spec[0] = (struct field_spec){ .name = "lang", .type = FIELD_TEXT, .required = true, .max_len = 8 };
	spec[1] = (struct field_spec){ .name = "status", .type = FIELD_CHOICE, .choices = status_choices };
	memcpy(spec + LEAD, fields, n * sizeof *fields);
	form_validate(req->arena, spec, n + LEAD, &req->form, &out->form);
	const char *lang = form_value(&out->form, "lang");
	out->lang = lang ? lang : "";
	struct settings s;
	settings_get(&s);
	if (form_field(&out->form, "lang")->error == NULL && !settings_lang_enabled(&s, out->lang))
		form_set_error(&out->form, "lang", N_("petitions.admin.text_invalid"));
	if (!review_status_parse(form_value(&out->form, "status"), &out->status))
		out->status = REVIEW_DRAFT;
	return out->form.ok;
}

struct save_ctx {
	const struct content_form *cf;
	const char *entity, *reviewer;
	int64_t id;
};

static enum db_status save_tx(struct db *db, void *p)
{
	struct save_ctx *c = p;
	const struct form *f = &c->cf->form;
	for (size_t k = LEAD; k < f->n; k++) {
		const char *value = f->fields[k].value;
		if (!content_put(db, c->entity, c->id, f->spec[k].name, c->cf->lang, value ? value : "", c->cf->status,
		                 c->cf->status == REVIEW_DRAFT ? NULL : c->reviewer))
			return DB_ERROR;
	}
	return DB_OK;
}

bool content_form_save(struct request *req, const struct content_form *cf, const char *entity, int64_t id,
                       const char *action)
{
	struct save_ctx c = { cf, entity, req->session ? req->session->user.display_name : NULL, id };
	struct db *db = db_thread();
	if (db == NULL || db_tx(db, save_tx, &c) != DB_OK)
		return false;
	app_audit(req, action, entity, id, cf->lang);
	return true;
}

static void add_statuses(struct request *req, struct view *item, const char *selected)
{
	for (size_t k = 0; status_choices[k]; k++) {
		struct view *o = view_add_item(item, "statuses");
		view_set(o, "value", status_choices[k]);
		view_set(o, "label", page_t(req, review_status_msgid((enum review_status)k)));
		view_set_bool(o, "selected", selected && strcmp(status_choices[k], selected) == 0);
	}
}

/* What was typed, in place of the saved text. */
static void add_typed(struct request *req, struct view *item, const struct content_form *typed)
{
	form_to_view(&typed->form, item, req->lang);
	view_set_bool(item, "open", true);
	add_statuses(req, item, form_value(&typed->form, "status"));
}

void content_form_view(struct request *req, struct view *v, const char *entity, int64_t id,
                       const struct field_spec *fields, size_t n, const struct content_form *typed)
{
	struct db *db = db_thread();
	if (db == NULL)
		return;
	struct settings s;
	settings_get(&s);
	bool typed_shown = false;
	for (size_t i = 0; i < s.n_langs; i++) {
		struct view *item = view_add_item(v, "translations");
		view_set(item, "code", s.langs[i]);
		view_set(item, "name", i18n_native_name(s.langs[i]));
		/* every field set, so an empty one never shows the page's own */
		for (size_t k = 0; k < n; k++)
			view_set(item, fields[k].name, "");
		if (typed && strcmp(typed->lang, s.langs[i]) == 0) {
			add_typed(req, item, typed);
			typed_shown = true;
			continue;
		}
		const char *status_name = "draft";
		for (size_t k = 0; k < n; k++) {
			struct content_text ct;
			if (content_get(db, req->arena, entity, id, fields[k].name, s.langs[i], s.langs[i], &ct) &&
			    !ct.is_fallback) {
				view_set(item, fields[k].name, ct.value);
				if (k == 0)
					status_name = review_status_name(ct.status);
			}
		}
		add_statuses(req, item, status_name);
	}
	if (typed && !typed_shown) {
		struct view *item = view_add_item(v, "translations");
		view_set(item, "code", typed->lang);
		view_set(item, "name", *typed->lang ? i18n_native_name(typed->lang) : "?");
		for (size_t k = 0; k < n; k++)
			view_set(item, fields[k].name, "");
		add_typed(req, item, typed);
	}
}

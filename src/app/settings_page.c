/* Group settings, for admins: name, languages, default language, time
 * zone, hotline. */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/page.h"
#include "core/arena.h"
#include "core/buf.h"
#include "db/db.h"
#include "html/template.h"
#include "http/fields.h"
#include "http/reply.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "model/sessions.h"
#include "model/settings.h"
#include "i18n/msgid.h"

static bool is_admin(const struct request *req)
{
	return req->session && req->session->user.role == ROLE_ADMIN;
}

/* Shows the form with `checked` languages and the given values. */
static void show(struct request *req, unsigned status, const char *name,
                 const char *const *checked, size_t n_checked, const char *default_lang,
                 const char *tz, const char *hotline, bool require_2fa, const char *retention,
                 const struct form *f, bool saved)
{
	struct view *v = page_view(req, N_("settings.title"));
	view_set_bool(v, "staff_area", true);
	view_set_bool(v, "nav_app", true);
	view_set(v, "group_name_value", name);
	view_set(v, "timezone_value", tz);
	view_set(v, "hotline_value", hotline);
	view_set_bool(v, "require_2fa_checked", require_2fa);
	view_set(v, "retention_invitations_days_value", retention);
	const char *const *codes;
	size_t n = i18n_available(&codes);
	for (size_t i = 0; i < n; i++) {
		struct view *item = view_add_item(v, "language_choices");
		view_set(item, "code", codes[i]);
		view_set(item, "name", i18n_native_name(codes[i]));
		bool on = false;
		for (size_t k = 0; k < n_checked; k++)
			if (strcmp(checked[k], codes[i]) == 0)
				on = true;
		view_set_bool(item, "checked", on);
		struct view *opt = view_add_item(v, "default_choices");
		view_set(opt, "code", codes[i]);
		view_set(opt, "name", i18n_native_name(codes[i]));
		view_set_bool(opt, "selected", default_lang && strcmp(default_lang, codes[i]) == 0);
	}
	if (f) {
		for (size_t i = 0; i < f->n; i++)
			if (f->fields[i].error)
				view_set(v, arena_printf(req->arena, "%s_error", f->spec[i].name),
				         page_t(req, f->fields[i].error));
		view_set_bool(v, "form_has_errors", !f->ok);
	}
	view_set_bool(v, "saved", saved);
	page_render(req, status, "app_settings.html", v);
}

void settings_show(struct request *req)
{
	if (!is_admin(req)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	struct settings s;
	settings_get(&s);
	char retention[16];
	snprintf(retention, sizeof retention, "%d", s.retention_invitations_days);
	show(req, 200, s.group_name, s.lang_ptrs, s.n_langs, s.default_lang, s.timezone, s.hotline,
	     s.require_2fa, retention, NULL, request_query(req, "saved") != NULL);
}

struct save_ctx {
	const char *name, *langs, *default_lang, *tz, *hotline, *retention;
	bool require_2fa;
};

static enum db_status save(struct db *db, void *p)
{
	struct save_ctx *c = p;
	if (!settings_put(db, "group_name", c->name) || !settings_put(db, "languages", c->langs) ||
	    !settings_put(db, "default_lang", c->default_lang) ||
	    !settings_put(db, "timezone", c->tz) || !settings_put(db, "hotline", c->hotline) ||
	    !settings_put(db, "require_2fa", c->require_2fa ? "1" : "0") ||
	    !settings_put(db, "retention.invitations_days", c->retention))
		return DB_ERROR;
	return DB_OK;
}

void settings_save(struct request *req)
{
	if (!is_admin(req)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	const char *const *codes;
	size_t n_codes = i18n_available(&codes);
	const char *choices[17] = { 0 };
	for (size_t i = 0; i < n_codes && i < 16; i++)
		choices[i] = codes[i];
	const struct field_spec spec[] = {
		{ .name = "group_name", .type = FIELD_TEXT, .required = true, .max_len = 80 },
		{ .name = "languages", .type = FIELD_CHOICES, .required = true, .choices = choices },
		{ .name = "default_lang", .type = FIELD_CHOICE, .required = true, .choices = choices },
		{ .name = "timezone", .type = FIELD_TEXT, .required = true, .max_len = 60 },
		{ .name = "hotline", .type = FIELD_TEXT, .max_len = 30 },
		{ .name = "require_2fa", .type = FIELD_CHECKBOX },
		{ .name = "retention_invitations_days", .type = FIELD_INT, .required = true, .min = 1,
		  .max = 3650 },
	};
	struct form f;
	form_validate(req->arena, spec, sizeof spec / sizeof spec[0], &req->form, &f);
	const struct field_result *langs = form_field(&f, "languages");
	struct buf csv;
	buf_init(&csv, req->arena, 64);
	for (size_t i = 0; i < langs->n_values; i++) {
		if (i)
			buf_putc(&csv, ',');
		buf_puts(&csv, langs->values[i]);
	}
	const char *default_lang = form_value(&f, "default_lang");
	const char *problem;
	if (langs->error == NULL && (problem = settings_check_langs(csv.data, NULL)) != NULL)
		form_set_error(&f, "languages", problem);
	if (default_lang && form_field(&f, "default_lang")->error == NULL && langs->error == NULL &&
	    settings_check_langs(csv.data, default_lang) != NULL)
		form_set_error(&f, "default_lang", N_("settings.error.default_not_enabled"));
	const char *tz = form_value(&f, "timezone");
	if (tz && *tz && form_field(&f, "timezone")->error == NULL &&
	    (problem = settings_check_timezone(tz)) != NULL)
		form_set_error(&f, "timezone", problem);
	const char *hotline = form_value(&f, "hotline");
	if (form_field(&f, "hotline")->error == NULL && (problem = settings_check_hotline(hotline)))
		form_set_error(&f, "hotline", problem);
	if (!f.ok) {
		show(req, 422, form_value(&f, "group_name"), langs->values, langs->n_values,
		     default_lang, tz, hotline, form_field(&f, "require_2fa")->checked,
		     form_value(&f, "retention_invitations_days"), &f, false);
		return;
	}
	bool require_2fa = form_field(&f, "require_2fa")->checked;
	struct settings before;
	settings_get(&before);
	struct save_ctx ctx = { form_value(&f, "group_name"), csv.data, default_lang, tz,
	                        hotline ? hotline : "", form_value(&f, "retention_invitations_days"),
	                        require_2fa };
	struct db *db = db_thread();
	if (db == NULL || db_tx(db, save, &ctx) != DB_OK || !settings_load(db)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "settings.change", "settings", 0, NULL);
	if (before.require_2fa != require_2fa)
		/* never silent: audited on its own, and every admin sees a banner */
		app_audit(req, require_2fa ? "settings.require_2fa_on" : "settings.require_2fa_off",
		          "settings", 0, NULL);
	reply_redirect(req, "/app/settings?saved=1");
}

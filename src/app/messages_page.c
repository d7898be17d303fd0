/* Messages, for organizers and admins: how many are queued, sending,
 * sent, failed, dead or suppressed per channel, the dead letters with a
 * retry button (purpose and error only: never an address or a body), and
 * for admins the transport settings and the webhook URLs. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/page.h"
#include "core/arena.h"
#include "db/db.h"
#include "html/template.h"
#include "http/fields.h"
#include "http/reply.h"
#include "http/request.h"
#include "i18n/msgid.h"
#include "messaging/config.h"
#include "messaging/transport.h"
#include "messaging/worker.h"
#include "model/messages.h"
#include "model/sessions.h"
#include "model/settings.h"

static const char *const statuses[] = { "queued", "sending", "sent", "failed", "dead",
	                                "suppressed", "cancelled" };

static bool is_admin(const struct request *req)
{
	return req->session && req->session->user.role == ROLE_ADMIN;
}

void messages_show(struct request *req)
{
	struct db *db = db_thread();
	if (db == NULL) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	struct view *v = page_view(req, N_("messages.title"));
	view_set_bool(v, "staff_area", true);
	view_set_bool(v, "nav_app", true);
	long long counts[2][7] = { { 0 } };
	struct db_rows *r = db_query(db, "SELECT channel, status, COUNT(*) FROM messages GROUP BY 1, 2",
	                             DB_NOARGS);
	while (r && db_next(r)) {
		const char *ch = db_col_text(r, 0), *st = db_col_text(r, 1);
		int c = ch && strcmp(ch, "sms") == 0 ? 1 : 0;
		for (size_t i = 0; st && i < 7; i++)
			if (strcmp(st, statuses[i]) == 0)
				counts[c][i] = db_col_int(r, 2);
	}
	if (r == NULL || db_done(r) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	for (size_t i = 0; i < 7; i++) {
		struct view *row = view_add_item(v, "counts");
		view_set(row, "status", statuses[i]);
		view_set_int(row, "email", counts[0][i]);
		view_set_int(row, "sms", counts[1][i]);
	}
	r = db_query(db,
		"SELECT id, channel, purpose, status, attempts, COALESCE(last_error, ''), created_at "
		"FROM messages WHERE status IN ('dead', 'failed') ORDER BY id DESC LIMIT 50",
		DB_NOARGS);
	bool any = false;
	while (r && db_next(r)) {
		any = true;
		struct view *row = view_add_item(v, "dead");
		view_set_int(row, "id", db_col_int(r, 0));
		view_set(row, "channel", db_col_text(r, 1));
		view_set(row, "purpose", db_col_text(r, 2));
		view_set(row, "status", db_col_text(r, 3));
		view_set_int(row, "attempts", db_col_int(r, 4));
		view_set(row, "error", db_col_text(r, 5));
		view_set(row, "created", page_time(req->arena, db_col_int(r, 6), PAGE_MINUTE));
	}
	if (r == NULL || db_done(r) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	view_set_bool(v, "any_dead", any);
	int64_t n_supp = 0;
	db_get_int(db, "SELECT COUNT(*) FROM suppressions", DB_NOARGS, &n_supp);
	view_set_int(v, "suppressed_addresses", n_supp);
	struct messaging_config cfg;
	messaging_config_get(&cfg);
	view_set(v, "email_transport", transport_name(&cfg, OUTBOX_EMAIL));
	view_set(v, "sms_transport", transport_name(&cfg, OUTBOX_SMS));
	view_set_bool(v, "is_admin", is_admin(req));
	view_set_bool(v, "quiet_now", messaging_quiet_now(&cfg, time(NULL)));
	view_set_bool(v, "retried", request_query(req, "retried") != NULL);
	page_render(req, 200, "app_messages.html", v);
}

void messages_retry_submit(struct request *req)
{
	long long id = request_param_id(req, "id");
	struct db *db = db_thread();
	if (db == NULL) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	if (id <= 0 || !messages_retry(db, id)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	app_audit(req, "message.retry", "message", id, NULL);
	messaging_wake();
	reply_redirect(req, "/app/messages?retried=1");
}

/* ---- transport settings (admins) ---- */

static const struct field_spec spec[] = {
	{ .name = "smtp_url", .type = FIELD_TEXT, .max_len = 500 },
	{ .name = "smtp_user", .type = FIELD_TEXT, .max_len = 200 },
	{ .name = "smtp_password", .type = FIELD_PASSWORD, .max_len = 200 },
	{ .name = "mail_from", .type = FIELD_EMAIL },
	{ .name = "sms_url", .type = FIELD_TEXT, .max_len = 500 },
	{ .name = "sms_user", .type = FIELD_TEXT, .max_len = 200 },
	{ .name = "sms_password", .type = FIELD_PASSWORD, .max_len = 200 },
	{ .name = "sms_from", .type = FIELD_TEXT, .max_len = 20 },
	{ .name = "public_url", .type = FIELD_TEXT, .max_len = 200 },
	{ .name = "max_attempts", .type = FIELD_INT, .required = true, .min = 1, .max = 50 },
	{ .name = "quiet_hours", .type = FIELD_TEXT, .max_len = 20 },
};
#define N_SPEC (sizeof spec / sizeof spec[0])

static void settings_view(struct request *req, unsigned status, const struct form *f, bool saved)
{
	struct messaging_config cfg;
	messaging_config_get(&cfg);
	struct view *v = page_view(req, N_("messages.settings.title"));
	view_set_bool(v, "staff_area", true);
	view_set_bool(v, "nav_app", true);
	if (f) {
		form_to_view(f, v, req->lang);
		view_set_bool(v, "form_has_errors", !f->ok);
	} else {
		view_set(v, "smtp_url", cfg.smtp_url);
		view_set(v, "smtp_user", cfg.smtp_user);
		view_set(v, "mail_from", cfg.mail_from);
		view_set(v, "sms_url", cfg.sms_url);
		view_set(v, "sms_user", cfg.sms_user);
		view_set(v, "sms_from", cfg.sms_from);
		view_set(v, "public_url", cfg.public_url);
		view_set_int(v, "max_attempts", cfg.max_attempts);
		if (cfg.quiet_start != cfg.quiet_end)
			view_set(v, "quiet_hours", arena_printf(req->arena, "%02d:%02d-%02d:%02d",
			                                        cfg.quiet_start / 60, cfg.quiet_start % 60,
			                                        cfg.quiet_end / 60, cfg.quiet_end % 60));
		else
			view_set(v, "quiet_hours", "off");
	}
	view_set_bool(v, "smtp_password_set", cfg.smtp_password[0] != '\0');
	view_set_bool(v, "sms_password_set", cfg.sms_password[0] != '\0');
	view_set_bool(v, "env_smtp", cfg.env_smtp_url || cfg.env_smtp_password);
	view_set_bool(v, "env_sms", cfg.env_sms_url || cfg.env_sms_password);
	view_set(v, "inbound_url",
	         arena_printf(req->arena, "%s/hooks/sms/inbound?key=%s", cfg.public_url, cfg.webhook_secret));
	view_set(v, "status_url",
	         arena_printf(req->arena, "%s/hooks/sms/status?key=%s", cfg.public_url, cfg.webhook_secret));
	view_set(v, "outbox_dir", cfg.outbox_dir);
	view_set_bool(v, "saved", saved);
	page_render(req, status, "app_messages_settings.html", v);
}

void messages_settings_show(struct request *req)
{
	if (!is_admin(req)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	settings_view(req, 200, NULL, request_query(req, "saved") != NULL);
}

struct save_ctx {
	const struct form *f;
};

static bool put(struct db *db, const char *key, const char *value)
{
	return settings_put(db, key, value ? value : "");
}

static enum db_status save(struct db *db, void *p)
{
	const struct form *f = ((struct save_ctx *)p)->f;
	char attempts[16];
	snprintf(attempts, sizeof attempts, "%lld", form_field(f, "max_attempts")->number);
	const char *smtp_pw = form_value(f, "smtp_password");
	const char *sms_pw = form_value(f, "sms_password");
	bool ok = put(db, MSET_SMTP_URL, form_value(f, "smtp_url")) &&
	          put(db, MSET_SMTP_USER, form_value(f, "smtp_user")) &&
	          put(db, MSET_MAIL_FROM, form_value(f, "mail_from")) &&
	          put(db, MSET_SMS_URL, form_value(f, "sms_url")) &&
	          put(db, MSET_SMS_USER, form_value(f, "sms_user")) &&
	          put(db, MSET_SMS_FROM, form_value(f, "sms_from")) &&
	          put(db, MSET_PUBLIC_URL, form_value(f, "public_url")) &&
	          put(db, MSET_MAX_ATTEMPTS, attempts) &&
	          put(db, MSET_QUIET_HOURS, form_value(f, "quiet_hours") && *form_value(f, "quiet_hours")
	                                          ? form_value(f, "quiet_hours") : "off") &&
	          /* a blank password field keeps the stored one */
	          (smtp_pw == NULL || *smtp_pw == '\0' || messaging_put_secret(db, MSET_SMTP_PASSWORD, smtp_pw)) &&
	          (sms_pw == NULL || *sms_pw == '\0' || messaging_put_secret(db, MSET_SMS_PASSWORD, sms_pw));
	return ok ? DB_OK : DB_ERROR;
}

static bool starts(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

void messages_settings_save(struct request *req)
{
	if (!is_admin(req)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	struct form f;
	form_validate(req->arena, spec, N_SPEC, &req->form, &f);
	const char *v = form_value(&f, "smtp_url");
	if (v && *v && !starts(v, "smtp://") && !starts(v, "smtps://"))
		form_set_error(&f, "smtp_url", N_("messages.settings.error.smtp_url"));
	v = form_value(&f, "sms_url");
	if (v && *v && !starts(v, "https://") && !starts(v, "http://"))
		form_set_error(&f, "sms_url", N_("messages.settings.error.url"));
	v = form_value(&f, "public_url");
	if (v && *v && !starts(v, "https://") && !starts(v, "http://"))
		form_set_error(&f, "public_url", N_("messages.settings.error.url"));
	v = form_value(&f, "sms_from");
	if (v && *v && (v[0] != '+' || strspn(v + 1, "0123456789") != strlen(v + 1) || strlen(v) < 9))
		form_set_error(&f, "sms_from", N_("messages.settings.error.sms_from"));
	int qs, qe;
	if (!quiet_hours_parse(form_value(&f, "quiet_hours"), &qs, &qe))
		form_set_error(&f, "quiet_hours", N_("messages.settings.error.quiet_hours"));
	if (!f.ok) {
		settings_view(req, 422, &f, false);
		return;
	}
	struct save_ctx ctx = { &f };
	struct db *db = db_thread();
	if (db == NULL || db_tx(db, save, &ctx) != DB_OK || !messaging_config_reload(db)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "settings.messaging", "settings", 0, NULL);
	reply_redirect(req, "/app/messages/settings?saved=1");
}

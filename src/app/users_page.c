/* Staff accounts, for admins: list, invite, change role, disable. And the
 * public end of an invitation, where the new member sets a password. */
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/page.h"
#include "core/arena.h"
#include "core/contact.h"
#include "db/db.h"
#include "html/template.h"
#include "http/fields.h"
#include "http/reply.h"
#include "http/request.h"
#include "model/audit.h"
#include "model/invitations.h"
#include "model/sessions.h"
#include "i18n/msgid.h"

static const char *const role_choices[] = { "volunteer", "organizer", "admin", NULL };

static const struct field_spec invite_fields[] = {
	{ .name = "email", .type = FIELD_EMAIL, .required = true, .max_len = 254 },
	{ .name = "name", .type = FIELD_TEXT, .required = true, .max_len = 80 },
	{ .name = "role", .type = FIELD_CHOICE, .required = true, .choices = role_choices },
};

struct list_ctx {
	struct request *req;
	struct view *v;
};

static void add_user(const struct user *u, void *p)
{
	struct list_ctx *c = p;
	struct view *item = view_add_item(c->v, "users");
	view_set_int(item, "id", u->id);
	view_set(item, "name", u->display_name);
	view_set(item, "email", u->email);
	view_set(item, "role_text", page_t(c->req, u->role == ROLE_ADMIN ? N_("role.admin") :
	                                     u->role == ROLE_ORGANIZER ? N_("role.organizer") :
	                                     N_("role.volunteer")));
	view_set_bool(item, "disabled", u->disabled);
	view_set_bool(item, "totp", u->totp_enabled);
	view_set_bool(item, "pending", !u->has_password);
	view_set_bool(item, "is_self", u->id == c->req->session->user.id);
	for (int r = 0; r < 3; r++) {
		struct view *opt = view_add_item(item, "role_options");
		view_set(opt, "value", role_choices[r]);
		view_set(opt, "label", page_t(c->req, r == 2 ? N_("role.admin") : r == 1 ? N_("role.organizer") :
		                                      N_("role.volunteer")));
		view_set_bool(opt, "selected", (int)u->role == r);
	}
}

static void show(struct request *req, unsigned status, const struct form *f, const char *link)
{
	struct view *v = page_view(req, N_("users.title"));
	view_set_bool(v, "staff_area", true);
	if (f)
		form_to_view(f, v, req->lang);
	if (link)
		view_set(v, "invite_link", link);
	for (int r = 0; r < 3; r++) {
		struct view *opt = view_add_item(v, "invite_roles");
		view_set(opt, "value", role_choices[r]);
		view_set(opt, "label", page_t(req, r == 2 ? N_("role.admin") : r == 1 ? N_("role.organizer") :
		                                   N_("role.volunteer")));
		const char *chosen = f ? form_value(f, "role") : NULL;
		view_set_bool(opt, "selected", chosen ? strcmp(chosen, role_choices[r]) == 0 : r == 0);
	}
	struct list_ctx c = { req, v };
	struct db *db = db_thread();
	if (db == NULL || !user_each(db, req->arena, add_user, &c)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	page_render(req, status, "users.html", v);
}

void users_list(struct request *req)
{
	show(req, 200, NULL, NULL);
}

struct invite_ctx {
	struct request *req;
	const struct form *f;
	int64_t user_id;
	char *token;
};

static enum db_status invite_tx(struct db *db, void *p)
{
	struct invite_ctx *c = p;
	enum role role = ROLE_VOLUNTEER;
	role_parse(form_value(c->f, "role"), &role);
	c->user_id = user_create(db, form_value(c->f, "email"), form_value(c->f, "name"), role,
	                         c->req->lang, NULL);
	if (c->user_id <= 0)
		return c->user_id == 0 ? DB_CONFLICT : DB_ERROR;
	c->token = invitation_create(db, c->req->arena, c->user_id, c->req->session->user.id);
	return c->token ? DB_OK : DB_ERROR;
}

void users_invite(struct request *req)
{
	struct form f;
	if (!form_validate(req->arena, invite_fields, 3, &req->form, &f)) {
		show(req, 422, &f, NULL);
		return;
	}
	struct invite_ctx c = { req, &f, 0, NULL };
	struct db *db = db_thread();
	enum db_status s = db ? db_tx(db, invite_tx, &c) : DB_ERROR;
	if (s == DB_CONFLICT) {
		form_set_error(&f, "email", N_("users.email_taken"));
		show(req, 422, &f, NULL);
		return;
	}
	if (s != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "user.invite", "user", c.user_id, NULL);
	const char *host = request_header(req, "host");
	bool host_ok = host && strlen(host) < 200 && strspn(host, "abcdefghijklmnopqrstuvwxyz"
	                                                          "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                                                          "0123456789.-:[]") == strlen(host);
	char *link = arena_printf(req->arena, "%s%s%s/invite/%s", host_ok ? (req->is_tls ? "https://" : "http://") : "",
	                          host_ok ? host : "", "", c.token);
	show(req, 200, NULL, link);
}

/* The user named in the path, if it is not the acting admin. */
static int64_t target(struct request *req)
{
	long long id = request_param_id(req, "id");
	struct user u;
	struct db *db = db_thread();
	if (id == 0 || db == NULL || !user_by_id(db, req->arena, id, &u))
		return 0;
	return id;
}

void users_set_role(struct request *req)
{
	int64_t id = target(req);
	enum role role;
	if (id == 0 || !role_parse(request_form(req, "role"), &role)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	if (id == req->session->user.id) {
		/* no admin can demote themselves into a locked-out group */
		reply_error_detail(req, ERR_FORBIDDEN, N_("users.cannot_change_self"));
		return;
	}
	if (!user_set_role(db_thread(), id, role)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "user.role", "user", id, role_name(role));
	reply_redirect(req, "/app/users");
}

static void set_disabled(struct request *req, bool disabled)
{
	int64_t id = target(req);
	if (id == 0) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	if (id == req->session->user.id) {
		reply_error_detail(req, ERR_FORBIDDEN, N_("users.cannot_change_self"));
		return;
	}
	if (!user_set_disabled(db_thread(), id, disabled)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, disabled ? "user.disable" : "user.enable", "user", id, NULL);
	reply_redirect(req, "/app/users");
}

void users_disable(struct request *req)
{
	set_disabled(req, true);
}

void users_enable(struct request *req)
{
	set_disabled(req, false);
}

/* ---- the invited person's side ---- */

static const struct field_spec password_fields[] = {
	{ .name = "password", .type = FIELD_PASSWORD, .required = true },
	{ .name = "password2", .type = FIELD_PASSWORD, .required = true },
};

static void show_invite(struct request *req, unsigned status, const struct user *u,
                        const struct form *f)
{
	struct view *v = page_view(req, N_("invite.title"));
	view_set(v, "csrf", app_anon_csrf(req));
	view_set(v, "invitee", u->display_name);
	view_set(v, "token", request_param(req, "token"));
	if (f)
		form_to_view(f, v, req->lang);
	page_render(req, status, "invite.html", v);
}

void invite_form(struct request *req)
{
	struct db *db = db_thread();
	int64_t id = db ? invitation_user(db, request_param(req, "token"), time(NULL)) : 0;
	struct user u;
	if (id == 0 || !user_by_id(db, req->arena, id, &u)) {
		reply_error_detail(req, ERR_NOT_FOUND, N_("invite.invalid"));
		return;
	}
	show_invite(req, 200, &u, NULL);
}

void invite_submit(struct request *req)
{
	struct db *db = db_thread();
	const char *token = request_param(req, "token");
	int64_t now = time(NULL);
	int64_t id = db ? invitation_user(db, token, now) : 0;
	struct user u;
	if (id == 0 || !user_by_id(db, req->arena, id, &u)) {
		reply_error_detail(req, ERR_NOT_FOUND, N_("invite.invalid"));
		return;
	}
	struct form f;
	form_validate(req->arena, password_fields, 2, &req->form, &f);
	const char *pw = form_value(&f, "password"), *pw2 = form_value(&f, "password2");
	const char *problem;
	if (pw && (problem = password_problem(pw)) != NULL)
		form_set_error(&f, "password", problem);
	else if (pw && pw2 && strcmp(pw, pw2) != 0)
		form_set_error(&f, "password2", N_("invite.passwords_differ"));
	if (!f.ok) {
		show_invite(req, 422, &u, &f);
		return;
	}
	if (!invitation_use(db, token, now) || !user_set_password(db, id, pw)) {
		reply_error_detail(req, ERR_NOT_FOUND, N_("invite.invalid"));
		return;
	}
	audit_append(db, &(struct audit_entry){ AUDIT_USER, id, "user.password_set", "user", id, NULL });
	reply_redirect(req, "/signin?welcome=1");
}

/* API tokens, for admins: list, create (shown once), revoke. */
#include <stdio.h>
#include <time.h>

#include "app/app.h"
#include "app/page.h"
#include "core/arena.h"
#include "db/db.h"
#include "html/template.h"
#include "http/fields.h"
#include "http/reply.h"
#include "http/request.h"
#include "model/tokens.h"
#include "i18n/msgid.h"

static const char *const role_choices[] = { "volunteer", "organizer", "admin", NULL };

static const struct field_spec token_fields[] = {
	{ .name = "name", .type = FIELD_TEXT, .required = true, .max_len = 80 },
	{ .name = "role", .type = FIELD_CHOICE, .required = true, .choices = role_choices },
};

struct list_ctx {
	struct request *req;
	struct view *v;
};

static void add_token(const struct api_token *t, void *p)
{
	struct list_ctx *c = p;
	struct view *item = view_add_item(c->v, "tokens");
	view_set_int(item, "id", t->id);
	view_set(item, "name", t->name);
	view_set(item, "role", role_name(t->role));
	view_set_bool(item, "revoked", t->revoked_at != 0);
	view_set(item, "created", page_time(c->req->arena, t->created_at, PAGE_DATE));
}

static void show(struct request *req, unsigned status, const struct form *f, const char *secret)
{
	struct view *v = page_view(req, N_("tokens.title"));
	view_set_bool(v, "staff_area", true);
	if (f)
		form_to_view(f, v, req->lang);
	if (secret)
		view_set(v, "new_token", secret);
	struct list_ctx c = { req, v };
	struct db *db = db_thread();
	if (db == NULL || !token_each(db, req->arena, add_token, &c)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	page_render(req, status, "tokens.html", v);
}

void tokens_list(struct request *req)
{
	show(req, 200, NULL, NULL);
}

void tokens_create(struct request *req)
{
	struct form f;
	if (!form_validate(req->arena, token_fields, 2, &req->form, &f)) {
		show(req, 422, &f, NULL);
		return;
	}
	enum role role = ROLE_VOLUNTEER;
	role_parse(form_value(&f, "role"), &role);
	int64_t id = 0;
	char *secret = token_create(db_thread(), req->arena, form_value(&f, "name"), role, &id);
	if (secret == NULL) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "token.create", "api_token", id, NULL);
	show(req, 200, NULL, secret);
}

void tokens_revoke(struct request *req)
{
	long long id = request_param_id(req, "id");
	struct db *db = db_thread();
	if (id == 0 || db == NULL || !token_revoke(db, id)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	app_audit(req, "token.revoke", "api_token", id, NULL);
	reply_redirect(req, "/app/tokens");
}

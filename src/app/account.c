/* One's own account: who you are, your sessions (and ending them), your
 * two-factor status. */
#include <stdio.h>
#include <time.h>

#include "app/app.h"
#include "app/page.h"
#include "core/arena.h"
#include "db/db.h"
#include "html/template.h"
#include "http/reply.h"
#include "http/request.h"
#include "model/audit.h"
#include "model/sessions.h"
#include "i18n/msgid.h"

struct list_ctx {
	struct request *req;
	struct view *v;
};

static void add_session(int64_t id, int64_t created, int64_t seen, const char *ua, void *p)
{
	struct list_ctx *c = p;
	struct view *item = view_add_item(c->v, "sessions");
	view_set_int(item, "id", id);
	view_set(item, "created", page_time(c->req->arena, created, PAGE_MINUTE));
	view_set(item, "seen", page_time(c->req->arena, seen, PAGE_MINUTE));
	view_set(item, "browser", ua ? ua : "?");
	view_set_bool(item, "current", id == c->req->session->id);
}

void account_show(struct request *req)
{
	struct view *v = page_view(req, N_("account.title"));
	view_set_bool(v, "staff_area", true);
	view_set_bool(v, "nav_app", true);
	view_set(v, "email", req->session->user.email);
	view_set_bool(v, "totp_enabled", req->session->user.totp_enabled);
	view_set_bool(v, "revoked", request_query(req, "revoked") != NULL);
	struct list_ctx c = { req, v };
	struct db *db = db_thread();
	if (db == NULL || !session_each(db, req->session->user.id, add_session, &c)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	page_render(req, 200, "account.html", v);
}

void account_session_revoke(struct request *req)
{
	long long id = request_param_id(req, "id");
	struct db *db = db_thread();
	if (db == NULL || id == 0 || !session_revoke(db, req->session->user.id, id)) {
		reply_error(req, ERR_NOT_FOUND); /* not one of yours, or gone */
		return;
	}
	app_audit(req, "session.revoke", "session", id, NULL);
	reply_redirect(req, id == req->session->id ? "/signin" : "/app/account?revoked=1");
}

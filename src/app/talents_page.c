/* The talents list, for organizers and admins: what people can offer
 * when they join or are edited. Add, rename (a seeded talent renamed
 * keeps the group's words), delete (people lose it). */
#include <stdlib.h>

#include "app/app.h"
#include "app/page.h"
#include "core/arena.h"
#include "db/db.h"
#include "html/template.h"
#include "http/reply.h"
#include "http/request.h"
#include "i18n/msgid.h"
#include "model/talents.h"

struct list_ctx {
	struct request *req;
	struct view *v;
};

static void add_talent(const struct talent *t, void *p)
{
	struct list_ctx *c = p;
	struct view *item = view_add_item(c->v, "talents");
	view_set_int(item, "id", t->id);
	view_set(item, "name", t->msgid ? page_t(c->req, t->msgid) : t->name);
	view_set(item, "slug", t->slug);
	view_set_int(item, "people", t->people);
}

static void show(struct request *req, unsigned status, const char *error)
{
	struct view *v = page_view(req, N_("talents.title"));
	view_set_bool(v, "staff_area", true);
	if (error)
		view_set(v, "form_error", page_t(req, error));
	struct list_ctx c = { req, v };
	struct db *db = db_thread();
	if (db == NULL || !talent_each(db, req->arena, add_talent, &c)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	page_render(req, status, "talents.html", v);
}

void talents_list(struct request *req)
{
	show(req, 200, NULL);
}

struct create_ctx {
	const char *name;
	int64_t id;
};

static enum db_status create_tx(struct db *db, void *p)
{
	struct create_ctx *c = p;
	c->id = talent_create(db, c->name);
	return c->id > 0 ? DB_OK : c->id == 0 ? DB_CONFLICT : DB_ERROR;
}

void talents_create(struct request *req)
{
	struct create_ctx c = { app_clean_name(req, "name"), 0 };
	if (c.name == NULL) {
		show(req, 422, N_("talents.name_invalid"));
		return;
	}
	struct db *db = db_thread();
	enum db_status s = db ? db_tx(db, create_tx, &c) : DB_ERROR;
	if (s == DB_CONFLICT) {
		show(req, 422, N_("talents.name_taken"));
		return;
	}
	if (s != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "talent.create", "talent", c.id, NULL);
	reply_redirect(req, "/app/talents");
}

void talents_rename(struct request *req)
{
	long long id = request_param_id(req, "id");
	const char *name = app_clean_name(req, "name");
	if (name == NULL) {
		show(req, 422, N_("talents.name_invalid"));
		return;
	}
	bool conflict = false;
	struct db *db = db_thread();
	if (id == 0 || db == NULL || !talent_rename(db, id, name, &conflict)) {
		if (conflict)
			show(req, 422, N_("talents.name_taken"));
		else
			reply_error(req, ERR_NOT_FOUND);
		return;
	}
	app_audit(req, "talent.rename", "talent", id, NULL);
	reply_redirect(req, "/app/talents");
}

void talents_delete(struct request *req)
{
	long long id = request_param_id(req, "id");
	struct db *db = db_thread();
	if (id == 0 || db == NULL || !talent_delete(db, id)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	app_audit(req, "talent.delete", "talent", id, NULL);
	reply_redirect(req, "/app/talents");
}

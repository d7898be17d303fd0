/* The audit log, for admins: newest first, 100 a page. Shows who did
 * what to which record, never content. */
#include <stdlib.h>
#include <time.h>

#include "app/app.h"
#include "app/page.h"
#include "core/arena.h"
#include "db/db.h"
#include "html/template.h"
#include "http/reply.h"
#include "http/request.h"
#include "model/audit.h"
#include "i18n/msgid.h"

#define PAGE_SIZE 100

void audit_list(struct request *req)
{
	const char *before_s = request_query(req, "before");
	long long before = before_s ? atoll(before_s) : 0;
	if (before <= 0)
		before = INT64_MAX;
	struct db *db = db_thread();
	struct view *v = page_view(req, N_("audit.title"));
	view_set_bool(v, "staff_area", true);
	app_audit(req, "audit.read", "audit_log", 0, NULL);
	struct db_rows *r = db_query(db,
		"SELECT id, at, actor_kind, actor_id, action, object_kind, object_id, outcome "
		"FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?",
		DB_ARGS(DB_INT(before), DB_INT(PAGE_SIZE)));
	int64_t last = 0, n = 0;
	while (db_next(r)) {
		struct view *item = view_add_item(v, "entries");
		last = db_col_int(r, 0);
		n++;
		view_set_int(item, "id", last);
		view_set(item, "at", page_time(req->arena, db_col_int(r, 1), PAGE_SECOND));
		view_set(item, "actor", db_col_text(r, 2));
		if (!db_col_null(r, 3) && db_col_int(r, 3))
			view_set_int(item, "actor_id", db_col_int(r, 3));
		view_set(item, "action", db_col_text(r, 4));
		view_set(item, "object_kind", db_col_text(r, 5));
		if (db_col_int(r, 6))
			view_set_int(item, "object_id", db_col_int(r, 6));
		view_set(item, "outcome", db_col_text(r, 7));
	}
	if (db_done(r) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	if (n == PAGE_SIZE)
		view_setf(v, "older_href", "/app/audit?before=%lld", (long long)last);
	page_render(req, 200, "audit.html", v);
}

/* The cases API, under our own curie (sanctuary:): admin tokens only —
 * tokens belong to no case team — and never a sealed field: status,
 * outcome, the public alias (only with the person's consent to a public
 * page), key dates, and mobilizations with their answer counts. Every
 * read is audited. Everyone else gets 404, as for a case that does not
 * exist. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "core/arena.h"
#include "db/db.h"
#include "http/reply.h"
#include "http/request.h"
#include "model/cases.h"

#define MAX_PER_PAGE 100

static json_t *iso(int64_t t)
{
	if (t <= 0)
		return json_null();
	char buf[32];
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(buf);
}

/* {"href": "/api/v1/cases/ID<suffix>"} */
static json_t *link(struct arena *a, long long id, const char *suffix)
{
	return json_pack("{s:s}", "href", arena_printf(a, "/api/v1/cases/%lld%s", id, suffix));
}

static json_t *case_json(struct request *req, const struct case_info *c)
{
	struct arena *a = req->arena;
	json_t *j = json_object();
	json_object_set_new(j, "identifiers", json_pack("[s]", arena_printf(a, "sanctuary:case:%lld", (long long)c->id)));
	json_object_set_new(j, "status", json_string(c->status));
	json_object_set_new(j, "outcome", c->outcome ? json_string(c->outcome) : json_null());
	json_object_set_new(j, "outcome_until", iso(c->outcome_until));
	json_object_set_new(j, "created_date", iso(c->created_at));
	bool public_page = c->consent_public && c->published && c->slug;
	json_object_set_new(j, "public_alias", public_page ? json_string(c->alias) : json_null());
	json_t *links = json_object();
	json_object_set_new(links, "self", link(a, c->id, ""));
	json_object_set_new(links, "sanctuary:key_dates", link(a, c->id, "/key_dates"));
	json_object_set_new(links, "sanctuary:mobilizations", link(a, c->id, "/mobilizations"));
	json_object_set_new(links, "sanctuary:calls", link(a, c->id, "/calls"));
	if (public_page)
		json_object_set_new(links, "sanctuary:public_page",
		                    json_pack("{s:s}", "href", arena_printf(a, "/c/%s", c->slug)));
	json_object_set_new(j, "_links", links);
	return j;
}

static bool load(struct request *req, struct case_info *c)
{
	long long id = request_param_id(req, "id");
	if (id <= 0 || !case_get(db_thread(), req->arena, id, false, c)) {
		reply_error(req, ERR_NOT_FOUND);
		return false;
	}
	app_audit(req, "case.api_read", "case", id, NULL);
	return true;
}

void api_cases_list(struct request *req)
{
	struct db *db = db_thread();
	const char *ps = request_query(req, "page"), *pp = request_query(req, "per_page");
	long page = ps ? atol(ps) : 1, per = pp ? atol(pp) : 25;
	if (page < 1 || page > 100000)
		page = 1;
	if (per < 1 || per > MAX_PER_PAGE)
		per = 25;
	int64_t total = 0;
	db_get_int(db, "SELECT COUNT(*) FROM cases", DB_NOARGS, &total);
	json_t *items = json_array();
	int64_t ids[MAX_PER_PAGE];
	size_t n = 0;
	struct db_rows *r = db_query(db, "SELECT id FROM cases ORDER BY id LIMIT ? OFFSET ?",
	                             DB_ARGS(DB_INT(per), DB_INT((page - 1) * per)));
	while (db_next(r) && n < MAX_PER_PAGE)
		ids[n++] = db_col_int(r, 0);
	db_done(r);
	for (size_t i = 0; i < n; i++) {
		struct case_info c;
		if (case_get(db, req->arena, ids[i], false, &c))
			json_array_append_new(items, case_json(req, &c));
	}
	app_audit(req, "case.api_list", "case", 0, NULL);
	json_t *doc = json_pack("{s:I, s:i, s:i, s:i, s:{s:o}, s:{s:{s:s}}}",
		"total_records", (json_int_t)total, "total_pages", (int)((total + per - 1) / per),
		"page", (int)page, "per_page", (int)per, "_embedded", "sanctuary:cases", items,
		"_links", "self", "href", "/api/v1/cases");
	reply_hal(req, 200, doc);
}

void api_case_show(struct request *req)
{
	struct case_info c;
	if (load(req, &c))
		reply_hal(req, 200, case_json(req, &c));
}

void api_case_key_dates(struct request *req)
{
	struct case_info c;
	if (!load(req, &c))
		return;
	json_t *items = json_array();
	struct db_rows *r = db_query(db_thread(),
		"SELECT id, kind, title, place, court, judge, hearing_type, starts_at, status, "
		"(SELECT COUNT(*) FROM case_date_changes h WHERE h.date_id = d.id) "
		"FROM case_dates d WHERE case_id = ? ORDER BY starts_at",
		DB_ARGS(DB_INT(c.id)));
	while (db_next(r)) {
		json_t *d = json_pack("{s:[s], s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:I}",
			"identifiers", arena_printf(req->arena, "sanctuary:key_date:%lld", (long long)db_col_int(r, 0)),
			"kind", db_col_text(r, 1), "title", db_col_text(r, 2), "location", db_col_text(r, 3),
			"court", db_col_text(r, 4), "judge", db_col_text(r, 5), "hearing_type", db_col_text(r, 6),
			"start_date", iso(db_col_int(r, 7)), "status", db_col_text(r, 8),
			"times_rescheduled", (json_int_t)db_col_int(r, 9));
		json_array_append_new(items, d);
	}
	db_done(r);
	reply_hal(req, 200, json_pack("{s:{s:o}, s:{s:{s:s}}}", "_embedded", "sanctuary:key_dates", items,
	                              "_links", "self", "href",
	                              arena_printf(req->arena, "/api/v1/cases/%lld/key_dates", (long long)c.id)));
}

void api_case_mobilizations(struct request *req)
{
	struct case_info c;
	if (!load(req, &c))
		return;
	json_t *items = json_array();
	struct db_rows *r = db_query(db_thread(),
		"SELECT m.id, m.title, m.email, m.sms, m.recipients, m.sent_at, "
		"SUM(a.answer = 'yes'), SUM(a.answer = 'no'), SUM(a.answer = 'maybe'), SUM(a.answer IS NULL) "
		"FROM mobilizations m LEFT JOIN mobilization_answers a ON a.mobilization_id = m.id "
		"WHERE m.case_id = ? GROUP BY m.id ORDER BY m.id",
		DB_ARGS(DB_INT(c.id)));
	while (db_next(r)) {
		json_t *m = json_pack("{s:[s], s:s, s:b, s:b, s:I, s:o, s:{s:I, s:I, s:I, s:I}}",
			"identifiers", arena_printf(req->arena, "sanctuary:mobilization:%lld", (long long)db_col_int(r, 0)),
			"title", db_col_text(r, 1), "email", (int)db_col_int(r, 2), "sms", (int)db_col_int(r, 3),
			"total_recipients", (json_int_t)db_col_int(r, 4), "sent_date", iso(db_col_int(r, 5)),
			"answers", "yes", (json_int_t)db_col_int(r, 6), "no", (json_int_t)db_col_int(r, 7),
			"maybe", (json_int_t)db_col_int(r, 8), "none", (json_int_t)db_col_int(r, 9));
		json_array_append_new(items, m);
	}
	db_done(r);
	reply_hal(req, 200, json_pack("{s:{s:o}, s:{s:{s:s}}}", "_embedded", "sanctuary:mobilizations",
	                              items, "_links", "self", "href",
	                              arena_printf(req->arena, "/api/v1/cases/%lld/mobilizations", (long long)c.id)));
}

void api_case_calls(struct request *req)
{
	struct case_info c;
	if (!load(req, &c))
		return;
	struct db *db = db_thread();
	json_t *items = json_array();
	int64_t ids[64];
	size_t n = 0;
	struct db_rows *r = db_query(db,
		"SELECT id, place, starts_at, cap, public, COALESCE(date_id, 0), "
		"(SELECT COUNT(*) FROM call_signups s WHERE s.call_id = k.id), "
		"(SELECT COUNT(*) FROM call_signups s WHERE s.call_id = k.id AND s.came = 1) "
		"FROM calls k WHERE case_id = ? ORDER BY starts_at LIMIT 64",
		DB_ARGS(DB_INT(c.id)));
	while (db_next(r)) {
		ids[n++] = db_col_int(r, 0);
		json_t *k = json_pack("{s:[s], s:s, s:o, s:I, s:b, s:I, s:I}",
			"identifiers", arena_printf(req->arena, "sanctuary:call:%lld", (long long)db_col_int(r, 0)),
			"location", db_col_text(r, 1), "start_date", iso(db_col_int(r, 2)),
			"capacity", (json_int_t)db_col_int(r, 3), "public", (int)db_col_int(r, 4),
			"total_signups", (json_int_t)db_col_int(r, 6), "total_came", (json_int_t)db_col_int(r, 7));
		if (db_col_int(r, 5) > 0)
			json_object_set_new(k, "key_date", json_string(arena_printf(req->arena, "sanctuary:key_date:%lld",
			                                                            (long long)db_col_int(r, 5))));
		json_array_append_new(items, k);
	}
	db_done(r);
	/* the roles needed and filled, per call */
	for (size_t i = 0; i < n; i++) {
		json_t *roles = json_array();
		r = db_query(db,
			"SELECT role, lang, needed, (SELECT COUNT(*) FROM call_signups s WHERE s.role_id = cr.id) "
			"FROM call_roles cr WHERE call_id = ? ORDER BY id",
			DB_ARGS(DB_INT(ids[i])));
		while (db_next(r))
			json_array_append_new(roles, json_pack("{s:s, s:s, s:I, s:I}", "role", db_col_text(r, 0),
				"language", db_col_text(r, 1), "needed", (json_int_t)db_col_int(r, 2),
				"signed_up", (json_int_t)db_col_int(r, 3)));
		db_done(r);
		json_object_set_new(json_array_get(items, i), "roles", roles);
	}
	reply_hal(req, 200, json_pack("{s:{s:o}, s:{s:{s:s}}}", "_embedded", "sanctuary:calls", items,
	                              "_links", "self", "href",
	                              arena_printf(req->arena, "/api/v1/cases/%lld/calls", (long long)c.id)));
}

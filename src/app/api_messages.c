/* Messages under the OSDI API, read-only, in OSDI's message shape: what
 * was sent, when, by which channel, and its outcome. One OSDI message per
 * outbox row (one recipient). No address, subject or body ever leaves
 * here: those are personal data, and the recipient is a link to the
 * person (which applies the person's own permission). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "core/arena.h"
#include "db/db.h"
#include "http/reply.h"
#include "http/request.h"

#define MAX_PER_PAGE 100
#define COLUMNS "id, channel, purpose, COALESCE(ref_kind, ''), COALESCE(ref_id, 0), status, attempts, " \
	"created_at, COALESCE(sent_at, 0), COALESCE(delivery_status, ''), COALESCE(person_id, 0), lang, bulk"

static char *iso_time(struct arena *a, int64_t t)
{
	char buf[32];
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return arena_strdup(a, buf);
}

/* OSDI statuses: draft, scheduled, sent, ... (ours in sanctuary:status) */
static const char *osdi_status(const char *s)
{
	if (strcmp(s, "sent") == 0)
		return "sent";
	if (strcmp(s, "queued") == 0 || strcmp(s, "sending") == 0)
		return "scheduled";
	return "canceled"; /* failed, dead, suppressed, cancelled: it will not go */
}

static json_t *message_json(struct request *req, struct db_rows *r)
{
	int64_t id = db_col_int(r, 0), sent = db_col_int(r, 8), person = db_col_int(r, 10);
	const char *status = db_col_text(r, 5);
	json_t *j = json_pack("{s:[s], s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:s, s:I, s:b}",
		"identifiers", arena_printf(req->arena, "sanctuary:%lld", (long long)id),
		"origin_system", "Sanctuary",
		"created_date", iso_time(req->arena, db_col_int(r, 7)),
		"type", db_col_text(r, 1),
		"status", osdi_status(status),
		"sanctuary:status", status,
		"sanctuary:purpose", db_col_text(r, 2),
		"total_targeted", 1,
		"total_sent", strcmp(status, "sent") == 0 ? 1 : 0,
		"sanctuary:attempts", (int)db_col_int(r, 6),
		"sanctuary:language", db_col_text(r, 11),
		"sanctuary:ref_id", (json_int_t)db_col_int(r, 4),
		"sanctuary:bulk", db_col_int(r, 12) != 0);
	if (*db_col_text(r, 3))
		json_object_set_new(j, "sanctuary:ref_kind", json_string(db_col_text(r, 3)));
	if (sent)
		json_object_set_new(j, "sent_start_date", json_string(iso_time(req->arena, sent)));
	if (*db_col_text(r, 9))
		json_object_set_new(j, "sanctuary:delivery_status", json_string(db_col_text(r, 9)));
	json_t *links = json_pack("{s:{s:s}}", "self", "href",
	                          arena_printf(req->arena, "/api/v1/messages/%lld", (long long)id));
	if (person)
		json_object_set_new(links, "osdi:recipient",
		                    json_pack("{s:s}", "href", arena_printf(req->arena, "/api/v1/people/%lld",
		                                                            (long long)person)));
	json_object_set_new(j, "_links", links);
	return j;
}

void api_message_show(struct request *req)
{
	long long id = request_param_id(req, "id");
	struct db *db = db_thread();
	struct db_rows *r = db && id > 0
		? db_query(db, "SELECT " COLUMNS " FROM messages WHERE id = ?", DB_ARGS(DB_INT(id)))
		: NULL;
	json_t *j = r && db_next(r) ? message_json(req, r) : NULL;
	if (r)
		db_done(r);
	if (j == NULL) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	reply_hal(req, 200, j);
}

void api_messages_list(struct request *req)
{
	const char *page_s = request_query(req, "page"), *per_s = request_query(req, "per_page");
	int page = page_s ? atoi(page_s) : 1, per_page = per_s ? atoi(per_s) : 25;
	if (page < 1 || page > 1000000)
		page = 1;
	if (per_page < 1 || per_page > MAX_PER_PAGE)
		per_page = per_page < 1 ? 25 : MAX_PER_PAGE;
	struct db *db = db_thread();
	int64_t total = 0;
	if (db == NULL || db_get_int(db, "SELECT COUNT(*) FROM messages", DB_NOARGS, &total) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	struct db_rows *r = db_query(db, "SELECT " COLUMNS " FROM messages ORDER BY id DESC LIMIT ? OFFSET ?",
	                             DB_ARGS(DB_INT(per_page), DB_INT((int64_t)(page - 1) * per_page)));
	json_t *items = json_array(), *links = json_array();
	while (r && db_next(r)) {
		json_array_append_new(links, json_pack("{s:s}", "href",
			arena_printf(req->arena, "/api/v1/messages/%lld", (long long)db_col_int(r, 0))));
		json_array_append_new(items, message_json(req, r));
	}
	if (r == NULL || db_done(r) != DB_OK) {
		json_decref(items);
		json_decref(links);
		reply_error(req, ERR_INTERNAL);
		return;
	}
	int64_t pages = (total + per_page - 1) / per_page;
	json_t *doc = json_pack("{s:I, s:i, s:i, s:I, s:{s:{s:s}, s:o}, s:{s:o}}",
		"total_pages", (json_int_t)pages, "per_page", per_page, "page", page,
		"total_records", (json_int_t)total,
		"_links", "self", "href",
		arena_printf(req->arena, "/api/v1/messages?page=%d&per_page=%d", page, per_page),
		"osdi:messages", links,
		"_embedded", "osdi:messages", items);
	if (page < pages)
		json_object_set_new(json_object_get(doc, "_links"), "next",
			json_pack("{s:s}", "href", arena_printf(req->arena,
				"/api/v1/messages?page=%d&per_page=%d", page + 1, per_page)));
	if (page > 1)
		json_object_set_new(json_object_get(doc, "_links"), "prev",
			json_pack("{s:s}", "href", arena_printf(req->arena,
				"/api/v1/messages?page=%d&per_page=%d", page - 1, per_page)));
	reply_hal(req, 200, doc);
}

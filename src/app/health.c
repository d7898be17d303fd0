#include "app/app.h"
#include "db/db.h"
#include "http/reply.h"
#include "http/request.h"

/* Liveness and readiness in one: the server answers and its database
 * answers. Kept out of the access log (monitors poll it). */
void health_show(struct request *req)
{
	struct db *db = db_thread();
	int64_t one = 0;
	if (db == NULL || db_get_int(db, "SELECT 1", DB_NOARGS, &one) != DB_OK || one != 1) {
		reply_json(req, 503, json_pack("{s:s}", "status", "unavailable"));
		return;
	}
	reply_json(req, 200, json_pack("{s:s}", "status", "ok"));
}

/* Answers that wait for a group commit without holding a server thread.
 * While a batch is being written, the request that queued a signature is
 * parked (request_defer) instead of blocking its thread, so a handful of
 * threads can keep hundreds of signers in one commit. */
#include "app/app.h"
#include "core/arena.h"
#include "db/db.h"
#include "http/request.h"

struct after_commit {
	struct request *req;
	db_tx_fn write;
	void *ctx;
	app_committed_fn then;
	enum db_status status;
};

/* On the writer thread: only note the outcome and wake the request. */
static void committed(void *p, enum db_status status)
{
	struct after_commit *ac = p;
	ac->status = status;
	request_wake(ac->req);
}

static void start(struct request *req, void *p)
{
	struct after_commit *ac = p;
	if (!db_tx_grouped_async(ac->write, ac->ctx, committed, ac)) {
		ac->status = DB_ERROR;
		request_wake(req);
	}
}

static void finish(struct request *req, void *p)
{
	struct after_commit *ac = p;
	ac->then(req, ac->ctx, ac->status);
}

void app_reply_after_commit(struct request *req, db_tx_fn write, void *ctx, app_committed_fn then)
{
	struct after_commit *ac = arena_calloc(req->arena, 1, sizeof *ac);
	*ac = (struct after_commit){ req, write, ctx, then, DB_ERROR };
	request_defer(req, start, finish, ac);
}

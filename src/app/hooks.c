/* What the outside world sends back about messages:
 *
 * - POST /hooks/sms/inbound?key=SECRET  Twilio-style form (From, Body,
 *   MessageSid): opt-out/opt-in/help words, else the features' handlers.
 * - POST /hooks/sms/status?key=SECRET   status callbacks (MessageSid,
 *   MessageStatus, ErrorCode).
 *   Authentication is the shared secret in the URL (compared in constant
 *   time; a wrong or missing key answers 404). We do not check
 *   X-Twilio-Signature: self-hosted gateways do not send it.
 * - GET/POST /unsubscribe/{token}       one-click unsubscribe (RFC 8058):
 *   GET shows a confirmation page with a button (no JavaScript); POST,
 *   from the button or a mail provider's one-click, suppresses the
 *   address. The token is a keyed hash of the message id. */
#include <sodium.h>
#include <string.h>

#include "app/app.h"
#include "app/page.h"
#include "core/arena.h"
#include "core/phone.h"
#include "db/db.h"
#include "html/template.h"
#include "http/reply.h"
#include "http/request.h"
#include "i18n/msgid.h"
#include "messaging/config.h"
#include "messaging/replies.h"
#include "messaging/worker.h"
#include "model/messages.h"
#include "model/settings.h"

static const char twiml_empty[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

static bool key_ok(struct request *req)
{
	struct messaging_config cfg;
	messaging_config_get(&cfg);
	const char *key = request_query(req, "key");
	size_t n = strlen(cfg.webhook_secret);
	bool ok = key && n >= 16 && strlen(key) == n && sodium_memcmp(key, cfg.webhook_secret, n) == 0;
	sodium_memzero(&cfg, sizeof cfg);
	return ok;
}

static bool sid_ok(const char *s)
{
	if (s == NULL || *s == '\0' || strlen(s) > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || *s == '-'))
			return false;
	return true;
}

void hooks_sms_inbound(struct request *req)
{
	if (!key_ok(req)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	const char *sid = request_form(req, "MessageSid");
	const char *from_typed = request_form(req, "From");
	const char *body = request_form(req, "Body");
	const char *from = from_typed ? phone_normalize(req->arena, from_typed, "US", NULL) : NULL;
	if (!sid_ok(sid) || from == NULL || (body && strlen(body) > 1600)) {
		reply_error(req, ERR_BAD_REQUEST);
		return;
	}
	struct db *db = db_thread();
	enum reply_kind k = db ? sms_reply_handle(db, sid, from, body ? body : "") : REPLY_ERROR;
	if (k == REPLY_ERROR) {
		reply_error(req, ERR_UNAVAILABLE); /* the gateway retries */
		return;
	}
	if (k == REPLY_STOP || k == REPLY_START || k == REPLY_HELP)
		messaging_wake();
	reply_bytes(req, 200, "text/xml; charset=utf-8", twiml_empty, sizeof twiml_empty - 1);
}

void hooks_sms_status(struct request *req)
{
	if (!key_ok(req)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	const char *sid = request_form(req, "MessageSid");
	const char *status = request_form(req, "MessageStatus");
	const char *code = request_form(req, "ErrorCode");
	if (!sid_ok(sid) || status == NULL || strlen(status) > 32 || (code && strlen(code) > 16)) {
		reply_error(req, ERR_BAD_REQUEST);
		return;
	}
	for (const char *p = status; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '_' || *p == '-')) {
			reply_error(req, ERR_BAD_REQUEST);
			return;
		}
	struct db *db = db_thread();
	if (db == NULL || !sms_status_handle(db, sid, status, code)) {
		reply_error(req, ERR_UNAVAILABLE);
		return;
	}
	reply_bytes(req, 200, "text/xml; charset=utf-8", twiml_empty, sizeof twiml_empty - 1);
}

static void unsubscribe_page(struct request *req, const char *token, bool done)
{
	struct view *v = page_view(req, N_("unsubscribe.title"));
	struct settings s;
	settings_get(&s);
	view_set(v, "token", token);
	view_set_bool(v, "done", done);
	page_render(req, 200, "unsubscribe.html", v);
}

void unsubscribe_form(struct request *req)
{
	const char *token = request_param(req, "token");
	if (messages_unsubscribe_check(token) == 0) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	reply_header(req, "Referrer-Policy", "no-referrer");
	unsubscribe_page(req, token, false);
}

struct unsub_ctx {
	int64_t id;
	int result;
};

static enum db_status unsub_tx(struct db *db, void *p)
{
	struct unsub_ctx *c = p;
	c->result = messages_unsubscribe(db, c->id);
	return c->result < 0 ? DB_ERROR : DB_OK;
}

void unsubscribe_submit(struct request *req)
{
	const char *token = request_param(req, "token");
	struct unsub_ctx c = { messages_unsubscribe_check(token), 0 };
	if (c.id == 0) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	struct db *db = db_thread();
	if (db == NULL || db_tx(db, unsub_tx, &c) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	if (c.result == 0) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	unsubscribe_page(req, token, true);
}

#include "http/reply.h"

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "http/request.h"
#include "i18n/i18n.h"

static reply_error_renderer html_renderer;

void reply_set_error_renderer(reply_error_renderer fn)
{
	html_renderer = fn;
}

static bool already(struct request *req)
{
	if (req->reply.status != 0) {
		log_error("handler for %s replied twice", req->route_pattern ? req->route_pattern : "?");
		return true;
	}
	return false;
}

void reply_header(struct request *req, const char *name, const char *value)
{
	/* Header values never come from raw input; still, refuse CR/LF. */
	if (strpbrk(value, "\r\n") != NULL)
		return;
	kv_add(req->arena, &req->reply.headers, name, arena_strdup(req->arena, value), strlen(value));
}

void reply_bytes(struct request *req, unsigned status, const char *content_type,
                 const char *body, size_t len)
{
	if (already(req))
		return;
	req->reply.status = status;
	req->reply.content_type = content_type;
	req->reply.body = body;
	req->reply.body_len = len;
}

void reply_text(struct request *req, unsigned status, const char *text)
{
	reply_bytes(req, status, "text/plain; charset=utf-8", text, strlen(text));
}

static void reply_json_as(struct request *req, unsigned status, json_t *json, const char *type)
{
	char *s = json_dumps(json, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(json);
	if (s == NULL) {
		reply_text(req, 500, "internal error");
		return;
	}
	char *copy = arena_strdup(req->arena, s);
	free(s);
	reply_bytes(req, status, type, copy, strlen(copy));
}

void reply_json(struct request *req, unsigned status, json_t *json)
{
	reply_json_as(req, status, json, "application/json; charset=utf-8");
}

void reply_hal(struct request *req, unsigned status, json_t *json)
{
	reply_json_as(req, status, json, "application/hal+json; charset=utf-8");
}

void reply_redirect(struct request *req, const char *path)
{
	if (path == NULL || path[0] != '/' || path[1] == '/' || path[1] == '\\' ||
	    strpbrk(path, "\r\n") != NULL)
		path = "/";
	if (already(req))
		return;
	reply_header(req, "Location", path);
	req->reply.status = 303;
	req->reply.content_type = "text/plain; charset=utf-8";
	req->reply.body = "";
	req->reply.body_len = 0;
}

void reply_error_detail(struct request *req, enum err e, const char *detail_msgid)
{
	const struct err_info *info = err_info(e);
	const char *lang = req->lang ? req->lang : "en";
	if (detail_msgid == NULL)
		detail_msgid = info->detail_msgid;
	if (req->is_api || html_renderer == NULL) {
		json_t *p = json_pack("{s:s, s:s, s:i, s:s}",
		                      "type", arena_printf(req->arena, "/problems/%s", info->slug),
		                      "title", i18n_get(lang, info->title_msgid),
		                      "status", (int)info->status,
		                      "detail", i18n_get(lang, detail_msgid));
		if (req->is_api) {
			reply_json_as(req, info->status, p, "application/problem+json; charset=utf-8");
			return;
		}
		json_decref(p);
		reply_text(req, info->status, i18n_get(lang, info->title_msgid));
		return;
	}
	html_renderer(req, info, detail_msgid);
}

void reply_error(struct request *req, enum err e)
{
	reply_error_detail(req, e, NULL);
}

void reply_cookie(struct request *req, const char *name, const char *value, long max_age,
                  int flags)
{
	struct buf b;
	buf_init(&b, req->arena, 128);
	buf_printf(&b, "%s=%s; Path=/; SameSite=%s", name, value,
	           (flags & COOKIE_STRICT) ? "Strict" : "Lax");
	if (max_age >= 0)
		buf_printf(&b, "; Max-Age=%ld", max_age);
	if (flags & COOKIE_HTTP_ONLY)
		buf_puts(&b, "; HttpOnly");
	if (req->is_tls)
		buf_puts(&b, "; Secure");
	reply_header(req, "Set-Cookie", b.data);
}

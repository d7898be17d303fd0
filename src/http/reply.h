/* Building the reply. Every function here only records what to send in
 * req->reply; server.c adds the security headers that every response
 * carries and hands it to libmicrohttpd. The first reply wins: a handler
 * that replies twice keeps the first one (and logs the bug). */
#ifndef SANCTUARY_REPLY_H
#define SANCTUARY_REPLY_H

#include <jansson.h>
#include <stddef.h>

#include "http/errors.h"

struct request;

void reply_header(struct request *req, const char *name, const char *value);
void reply_bytes(struct request *req, unsigned status, const char *content_type,
                 const char *body, size_t len);
void reply_text(struct request *req, unsigned status, const char *text);
/* Takes the caller's reference to `json`. */
void reply_json(struct request *req, unsigned status, json_t *json);
/* HAL+JSON, for the OSDI API. Takes the reference. */
void reply_hal(struct request *req, unsigned status, json_t *json);
/* 303 See Other to a local path (must start with '/'; anything else goes to "/"). */
void reply_redirect(struct request *req, const char *local_path);

/* An error from the registry: an HTML page in the visitor's language, or
 * application/problem+json (RFC 9457) under /api/. `detail_msgid` may be
 * NULL to use the registry's explanation; it is a message id, never user
 * input. */
void reply_error(struct request *req, enum err e);
void reply_error_detail(struct request *req, enum err e, const char *detail_msgid);

/* The HTML error page is drawn by the application layer (it owns the
 * layout); until one is registered, HTML errors are plain text. */
typedef void (*reply_error_renderer)(struct request *req, const struct err_info *info,
                                     const char *detail_msgid);
void reply_set_error_renderer(reply_error_renderer fn);

/* Sets a cookie with Path=/ and SameSite=Lax (Strict with COOKIE_STRICT),
 * HttpOnly with COOKIE_HTTP_ONLY, Secure when the request came over TLS.
 * max_age < 0 omits it (a browser-session cookie); 0 deletes. */
#define COOKIE_HTTP_ONLY 1
#define COOKIE_STRICT 2
void reply_cookie(struct request *req, const char *name, const char *value, long max_age,
                  int flags);

#endif

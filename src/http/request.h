/* One HTTP request as handlers see it: decoded, validated input in typed
 * lists, an arena that dies with the request, and the reply being built.
 * Handlers never touch libmicrohttpd; server.c fills this in and sends
 * what reply.c left in `reply`. */
#ifndef SANCTUARY_REQUEST_H
#define SANCTUARY_REQUEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "http/kv.h"
#include "http/parse.h"

struct arena;
struct route;
struct session;
struct actor;

struct reply {
	unsigned status;       /* 0 until a reply function ran */
	const char *content_type;
	const char *body;
	size_t body_len;
	bool body_static;      /* body outlives the request (assets) */
	struct kv_list headers;
	/* Set when this exact reply (body and headers) will be given again to
	 * others under the same key: the server then builds it once and
	 * reuses it. The key must change whenever the bytes do. */
	const char *share_key;
};

/* A step of a deferred request (request_defer). */
struct request;
typedef void (*request_step_fn)(struct request *req, void *ctx);

struct request {
	struct arena *arena;
	void *conn;             /* struct MHD_Connection *, for server.c only */
	unsigned method;
	const char *raw_uri;
	const char *path;       /* percent-decoded, valid UTF-8 */
	const struct route *route;
	const char *route_pattern; /* for the access log: never the real path */
	struct kv_list params;  /* route placeholders */
	struct kv_list query;
	struct kv_list form;    /* urlencoded or multipart fields */
	struct upload_list files;
	json_t *json;           /* JSON body, owned; released with the request */
	struct kv_list cookies;
	struct kv_list headers_in; /* request headers (names lowercased) */

	struct buf body;        /* raw body as received */
	bool body_too_large;
	bool input_rejected;    /* header or body failed validation */

	const char *lang;       /* negotiated language code */
	bool is_api;            /* path under /api/: errors as problem+json */
	bool is_tls;            /* reached over HTTPS (directly or via proxy) */

	struct session *session;  /* signed-in user, or NULL */
	struct actor *actor;      /* who is asking: user, API token or anonymous */

	/* The peer's address, for in-memory rate limits only: never logged,
	 * never stored. 4 bytes (IPv4) or 16 (IPv6); 0 if unknown. */
	unsigned char client_addr[16];
	size_t client_addr_len;

	struct reply reply;
	double started_ms;

	struct {
		request_step_fn start, finish;
		void *ctx;
	} deferred;             /* set by request_defer() */
};

/* A request header by lowercase name, or NULL. */
const char *request_header(const struct request *req, const char *lowercase_name);
/* Route placeholder, query parameter, form field (NULL if absent). */
const char *request_param(const struct request *req, const char *name);
const char *request_query(const struct request *req, const char *name);
const char *request_form(const struct request *req, const char *name);
/* Route placeholder parsed as a positive id; 0 when absent or not a number. */
long long request_param_id(const struct request *req, const char *name);

/* For a handler whose answer waits on work done by another thread (a
 * group commit) without holding its server thread meanwhile: it calls
 * request_defer() and returns without replying. The server parks the
 * connection, then calls start(req, ctx), which must see to it that
 * request_wake(req) is called exactly once, from any thread, when the
 * work is done; finish(req, ctx) then runs on a server thread and
 * replies. ctx lives in the request's arena. */
void request_defer(struct request *req, request_step_fn start, request_step_fn finish, void *ctx);
void request_wake(struct request *req);

#endif

/* libmicrohttpd glue. The life of a request:
 *
 *   uri_logged()     MHD read the request line: make the arena and the
 *                    request (the raw URI is only available here).
 *   on_request() #1  headers are in: decode path and query, check every
 *                    header, read cookies, negotiate the language, route
 *                    (404/405), check Content-Length against the route's
 *                    body limit (413).
 *   on_request() #n  body bytes: append, up to the limit.
 *   on_request() end parse the body by Content-Type, let the app prepare
 *                    (session, access, CSRF), run the handler, send —
 *                    or, if the handler deferred (request_defer), park
 *                    the connection and start the work; request_wake()
 *                    resumes it and on_request() runs again: finish, send.
 *   completed()      access log line; free the arena and JSON.
 *
 * Errors found before the body has been read are sent at once; libmicro-
 * httpd then closes the connection instead of reading the body. */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/text.h"
#include "http/reply.h"
#include "http/request.h"
#include "http/router.h"

struct server {
	struct MHD_Daemon *daemon;
	struct server_config cfg;
	unsigned short port;
	atomic_int in_flight;
};

static const struct parse_limits input_limits = {
	.max_fields = SERVER_MAX_FIELDS,
	.max_name = SERVER_MAX_NAME,
	.max_value = SERVER_MAX_VALUE,
};

/* The request is created when the request line arrives and travels as
 * MHD's per-request pointer. */
struct request_state {
	struct request req;
	bool started;    /* first on_request call done */
	bool parked;     /* suspended by request_defer(), waiting for request_wake() */
	bool replied;    /* a response has been queued */
	bool hidden_nul; /* a raw NUL byte was seen in the request line or a header */
};

/* libmicrohttpd hands us NUL-terminated strings, so a raw NUL byte inside
 * the request line or a header value silently cuts it short. It splits
 * the request line in place, replacing the space before the version with
 * a NUL: if what follows the URI's terminator is not the "HTTP/" of the
 * version, the URI held a NUL of its own. Reads stop at the first byte
 * that does not match, so they never pass the line's own terminator. */
static bool uri_hid_nul(const char *uri)
{
	const char *after = uri + strlen(uri) + 1;
	static const char version[] = "HTTP/";
	for (size_t i = 0; i < sizeof version - 1; i++)
		if (after[i] != version[i])
			return true;
	return false;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void *uri_logged(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct server *s = cls;
	struct arena *a = arena_new(8192);
	struct request_state *st = arena_calloc(a, 1, sizeof *st);
	st->req.arena = a;
	st->req.conn = conn;
	st->req.raw_uri = arena_strdup(a, uri ? uri : "");
	st->hidden_nul = uri != NULL && uri_hid_nul(uri);
	st->req.started_ms = now_ms();
	st->req.route_pattern = "-";
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET) {
			memcpy(st->req.client_addr, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
			st->req.client_addr_len = 4;
		} else if (sa->sa_family == AF_INET6) {
			memcpy(st->req.client_addr, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
			st->req.client_addr_len = 16;
		}
	}
	atomic_fetch_add(&s->in_flight, 1);
	return st;
}

static void completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                      enum MHD_RequestTerminationCode toe)
{
	(void)conn;
	(void)toe;
	struct server *s = cls;
	struct request_state *st = *req_cls;
	if (st == NULL)
		return;
	struct request *req = &st->req;
	if (!(req->route && (req->route->flags & ROUTE_NO_LOG)))
		log_access(req->method ? http_method_name(req->method) : "-", req->route_pattern,
		           req->reply.status, now_ms() - req->started_ms);
	if (req->json)
		json_decref(req->json);
	arena_destroy(req->arena);
	*req_cls = NULL;
	atomic_fetch_sub(&s->in_flight, 1);
}

/* ---- sending ---- */

static void add_security_headers(struct MHD_Response *r, const struct request *req)
{
	MHD_add_response_header(r, "Content-Security-Policy",
	                        "default-src 'none'; script-src 'self'; style-src 'self'; "
	                        "img-src 'self'; font-src 'self'; connect-src 'self'; "
	                        "manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; "
	                        "base-uri 'none'; object-src 'none'");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(r, "Permissions-Policy",
	                        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
	                        "interest-cohort=(), browsing-topics=()");
	if (req->is_tls)
		MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
}

/* Prepared responses for replies that many visitors get byte for byte
 * (cached public pages, assets): building one costs more than serving it. */
#define SHARED_SLOTS 64

struct shared_response {
	char key[96];
	uint32_t hash; /* of key: most slots are told apart without a strcmp */
	struct MHD_Response *response;
	unsigned long last_used;
};

static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static struct shared_response shared[SHARED_SLOTS];
static unsigned long shared_clock;

static uint32_t key_hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static struct shared_response *shared_find(const char *key, uint32_t hash)
{
	for (size_t i = 0; i < SHARED_SLOTS; i++)
		if (shared[i].response && shared[i].hash == hash && strcmp(shared[i].key, key) == 0)
			return &shared[i];
	return NULL;
}

/* Queues the prepared response for key on conn, if there is one. Queued
 * under the lock: the queue takes its own reference before a concurrent
 * shared_put() could drop the table's. */
static bool shared_queue(const char *key, struct MHD_Connection *conn, unsigned status,
                         enum MHD_Result *result)
{
	uint32_t hash = key_hash(key);
	pthread_mutex_lock(&shared_lock);
	struct shared_response *slot = shared_find(key, hash);
	if (slot) {
		slot->last_used = ++shared_clock;
		*result = MHD_queue_response(conn, status, slot->response);
	}
	pthread_mutex_unlock(&shared_lock);
	return slot != NULL;
}

/* Stores r (taking the caller's reference) unless key is already there;
 * returns whether it did. */
static bool shared_put(const char *key, struct MHD_Response *r)
{
	if (strlen(key) >= sizeof shared[0].key)
		return false;
	uint32_t hash = key_hash(key);
	pthread_mutex_lock(&shared_lock);
	if (shared_find(key, hash)) {
		pthread_mutex_unlock(&shared_lock);
		return false; /* another thread was quicker */
	}
	struct shared_response *slot = &shared[0];
	for (size_t i = 0; i < SHARED_SLOTS; i++)
		if (shared[i].response == NULL || shared[i].last_used < slot->last_used)
			slot = &shared[i];
	if (slot->response)
		MHD_destroy_response(slot->response); /* responses in flight keep their own reference */
	strcpy(slot->key, key);
	slot->hash = hash;
	slot->response = r;
	slot->last_used = ++shared_clock;
	pthread_mutex_unlock(&shared_lock);
	return true;
}

static void shared_clear(void)
{
	pthread_mutex_lock(&shared_lock);
	for (size_t i = 0; i < SHARED_SLOTS; i++)
		if (shared[i].response) {
			MHD_destroy_response(shared[i].response);
			shared[i].response = NULL;
		}
	pthread_mutex_unlock(&shared_lock);
}

/* "status|key|lang|tls" (what a prepared response depends on), or "" when
 * it does not fit. Built by hand: this runs on every cached page view. */
static void share_key(char *out, size_t size, unsigned status, const char *key, const char *lang,
                      bool tls)
{
	size_t k = strlen(key), l = lang ? strlen(lang) : 0;
	out[0] = '\0';
	if (status > 999 || k + l + 8 > size)
		return;
	char *p = out;
	*p++ = (char)('0' + status / 100);
	*p++ = (char)('0' + status / 10 % 10);
	*p++ = (char)('0' + status % 10);
	*p++ = '|';
	memcpy(p, key, k);
	p += k;
	*p++ = '|';
	memcpy(p, lang, l);
	p += l;
	*p++ = '|';
	*p++ = tls ? '1' : '0';
	*p = '\0';
}

static enum MHD_Result send_reply(struct request_state *st)
{
	struct request *req = &st->req;
	struct reply *rep = &req->reply;
	if (rep->status == 0)
		reply_error(req, ERR_INTERNAL);
	/* Shareable only when nothing personal rides along (no cookies). */
	char share[128] = "";
	if (rep->share_key && kv_get(&rep->headers, "Set-Cookie") == NULL) {
		share_key(share, sizeof share, rep->status, rep->share_key, req->lang, req->is_tls);
		enum MHD_Result ok;
		if (share[0] && shared_queue(share, req->conn, rep->status, &ok)) {
			st->replied = true;
			return ok;
		}
	}
	struct MHD_Response *r = MHD_create_response_from_buffer(
		rep->body_len, (void *)(uintptr_t)rep->body,
		rep->body_static ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type",
	                        rep->content_type ? rep->content_type : "text/plain; charset=utf-8");
	add_security_headers(r, req);
	bool has_cache_control = false;
	for (size_t i = 0; i < rep->headers.count; i++) {
		MHD_add_response_header(r, rep->headers.items[i].name, rep->headers.items[i].value);
		if (strcasecmp(rep->headers.items[i].name, "Cache-Control") == 0)
			has_cache_control = true;
	}
	if (!has_cache_control)
		MHD_add_response_header(r, "Cache-Control", "no-store");
	if (req->lang)
		MHD_add_response_header(r, "Content-Language", req->lang);
	enum MHD_Result ok = MHD_queue_response(req->conn, rep->status, r);
	/* A shared response owns its bytes (copied, or static memory), so the
	 * table can keep our reference past this request. */
	if (!(share[0] && shared_put(share, r)))
		MHD_destroy_response(r);
	st->replied = true;
	return ok;
}

static enum MHD_Result fail(struct request_state *st, enum err e)
{
	reply_error(&st->req, e);
	return send_reply(st);
}

/* ---- reading ---- */

struct header_scan {
	struct request *req;
	bool bad;
	bool bad_syntax;
	unsigned content_lengths, hosts;
	size_t total;
};

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      size_t key_size, const char *value, size_t value_size)
{
	(void)kind;
	struct header_scan *scan = cls;
	if (!text_valid_utf8(key, key_size) || (value_size && !text_valid_utf8(value, value_size))) {
		scan->bad = true;
		return MHD_NO;
	}
	/* The header line's CR LF became two NULs in place; anything else
	 * right after the terminator means the value hid a raw NUL byte. */
	if (value != NULL && value[value_size + 1] != '\0' && value[value_size + 1] != ' ' &&
	    value[value_size + 1] != '\t') {
		scan->bad = true;
		return MHD_NO;
	}
	/* A header name is a token: whitespace before the colon is how some
	 * proxies and servers are made to disagree (RFC 9112 §5.1). */
	if (key_size == 0 || strpbrk(key, " \t") != NULL) {
		scan->bad_syntax = true;
		return MHD_NO;
	}
	if (strcasecmp(key, "content-length") == 0)
		scan->content_lengths++;
	else if (strcasecmp(key, "host") == 0)
		scan->hosts++;
	scan->total += key_size + value_size + 4;
	char *name = arena_memdup(scan->req->arena, key, key_size);
	for (char *p = name; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	kv_add(scan->req->arena, &scan->req->headers_in, name,
	       arena_memdup(scan->req->arena, value ? value : "", value_size), value_size);
	return MHD_YES;
}

/* read_head/read_body answer ERR_NONE when all is well. */
#define ERR_NONE ERR__COUNT

static enum err status_to_err(enum parse_status ps)
{
	switch (ps) {
	case PARSE_BAD_UTF8: return ERR_BAD_UTF8;
	case PARSE_TOO_MANY_FIELDS: return ERR_TOO_MANY_FIELDS;
	case PARSE_FIELD_TOO_LONG: return ERR_FIELD_TOO_LONG;
	case PARSE_MALFORMED:
	case PARSE_OK:
	default: return ERR_MALFORMED_BODY;
	}
}

/* Headers and cookies first (so an error page can still be in the
 * visitor's language), then the path and query: ERR_NONE or the error to
 * send. */
static enum err read_head(struct server *s, struct request_state *st, const char *method,
                          const char *version)
{
	struct request *req = &st->req;
	req->method = http_method_parse(method);
	req->is_api = strncmp(req->raw_uri, "/api/", 5) == 0 || strcmp(req->raw_uri, "/api") == 0 ||
	              strncmp(req->raw_uri, "/api?", 5) == 0;
	struct header_scan scan = { req, false, false, 0, 0, 0 };
	MHD_get_connection_values_n(req->conn, MHD_HEADER_KIND, collect_header, &scan);
	const char *cookie = request_header(req, "cookie");
	if (!scan.bad && cookie != NULL &&
	    parse_cookies(req->arena, cookie, strlen(cookie), &input_limits, &req->cookies) != PARSE_OK)
		return ERR_BAD_REQUEST;
	if (scan.bad || st->hidden_nul)
		return ERR_BAD_UTF8;
	if (scan.bad_syntax)
		return ERR_BAD_REQUEST;
	/* The request line counts with the headers against one limit. */
	if (scan.total + strlen(req->raw_uri) > SERVER_MAX_HEADER_BYTES)
		return ERR_HEADERS_TOO_LARGE;
	/* Ambiguous framing or target is how requests are smuggled
	 * (RFC 9112 §3.2, §6.3): refuse it. */
	bool http10 = version != NULL && strcmp(version, "HTTP/1.0") == 0;
	if (scan.content_lengths > 1 || scan.hosts > 1 || (scan.hosts == 0 && !http10) ||
	    (request_header(req, "transfer-encoding") && request_header(req, "content-length")))
		return ERR_BAD_REQUEST;
	if (s->cfg.trust_proxy) {
		const char *proto = request_header(req, "x-forwarded-proto");
		req->is_tls = proto != NULL && strcmp(proto, "https") == 0;
	}
	const char *uri = req->raw_uri;
	if (uri[0] != '/')
		return ERR_BAD_REQUEST;
	size_t path_len = strcspn(uri, "?#");
	char *path = NULL;
	enum parse_status ps = parse_path(req->arena, uri, path_len, &path);
	if (ps != PARSE_OK)
		return ps == PARSE_MALFORMED ? ERR_BAD_REQUEST : ERR_BAD_UTF8;
	req->path = path;
	if (uri[path_len] == '?') {
		const char *q = uri + path_len + 1;
		size_t qlen = strcspn(q, "#");
		ps = parse_urlencoded(req->arena, q, qlen, &input_limits, &req->query);
		if (ps != PARSE_OK)
			return ps == PARSE_MALFORMED ? ERR_BAD_REQUEST : status_to_err(ps);
	}
	return ERR_NONE;
}

static bool content_type_is(const char *ct, const char *want)
{
	size_t n = strlen(want);
	return ct != NULL && strncasecmp(ct, want, n) == 0 &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* Parses the body by Content-Type: ERR_NONE or the error to send. */
static enum err read_body(struct request *req)
{
	if (req->body.len == 0)
		return ERR_NONE;
	const char *ct = request_header(req, "content-type");
	enum parse_status ps;
	if (content_type_is(ct, "application/x-www-form-urlencoded")) {
		ps = parse_urlencoded(req->arena, req->body.data, req->body.len, &input_limits,
		                      &req->form);
		return ps == PARSE_OK ? ERR_NONE : status_to_err(ps);
	}
	if (content_type_is(ct, "multipart/form-data")) {
		const char *boundary = parse_multipart_boundary(req->arena, ct);
		if (boundary == NULL)
			return ERR_MALFORMED_BODY;
		struct parse_limits lim = input_limits;
		lim.max_value = req->route->max_body;
		ps = parse_multipart(req->arena, req->body.data, req->body.len, boundary, &lim,
		                     &req->form, &req->files);
		return ps == PARSE_OK ? ERR_NONE : status_to_err(ps);
	}
	if (content_type_is(ct, "application/json") || content_type_is(ct, "application/hal+json") ||
	    (ct == NULL && req->is_api)) {
		if (!text_valid_utf8(req->body.data, req->body.len))
			return ERR_BAD_UTF8;
		json_error_t jerr;
		req->json = json_loadb(req->body.data, req->body.len, JSON_REJECT_DUPLICATES, &jerr);
		return req->json ? ERR_NONE : ERR_BAD_JSON;
	}
	return ERR_UNSUPPORTED_MEDIA_TYPE;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **req_cls)
{
	(void)url;
	struct server *s = cls;
	struct request_state *st = *req_cls;
	if (st == NULL)
		return MHD_NO; /* no URI callback ran: cannot happen */
	struct request *req = &st->req;
	req->conn = conn;

	if (!st->started) {
		st->started = true;
		enum err e = read_head(s, st, method, version);
		if (s->cfg.negotiate)
			s->cfg.negotiate(req);
		if (e != ERR_NONE)
			return fail(st, e);
		struct route_match m;
		switch (router_match(s->cfg.routes, s->cfg.n_routes, req->method, req->path, req->arena,
		                     &m)) {
		case ROUTE_NOT_FOUND:
			return fail(st, ERR_NOT_FOUND);
		case ROUTE_METHOD_NOT_ALLOWED:
			reply_header(req, "Allow", router_allow_header(req->arena, m.allowed));
			return fail(st, ERR_METHOD_NOT_ALLOWED);
		case ROUTE_FOUND:
			break;
		}
		req->route = m.route;
		req->route_pattern = m.route->pattern;
		req->params = m.params;
		const char *cl = request_header(req, "content-length");
		if (cl != NULL) {
			char *end = NULL;
			unsigned long long n = strtoull(cl, &end, 10);
			if (end == cl || *end != '\0' || cl[0] == '-')
				return fail(st, ERR_BAD_REQUEST);
			if (n > req->route->max_body)
				return fail(st, ERR_BODY_TOO_LARGE);
			buf_init(&req->body, req->arena, n > 0 ? (size_t)n + 1 : 64);
		} else {
			buf_init(&req->body, req->arena, 256);
		}
		return MHD_YES;
	}

	if (*upload_data_size > 0) {
		if (!st->replied) {
			if (req->body.len + *upload_data_size > req->route->max_body) {
				/* Chunked body over the limit: stop reading, close. */
				return MHD_NO;
			}
			buf_append(&req->body, upload_data, *upload_data_size);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}

	if (st->replied)
		return MHD_YES;
	if (st->parked) {
		/* resumed by request_wake(): the work is done */
		st->parked = false;
		req->deferred.finish(req, req->deferred.ctx);
		return send_reply(st);
	}
	enum err e = read_body(req);
	if (e != ERR_NONE)
		return fail(st, e);
	if (s->cfg.prepare == NULL || s->cfg.prepare(req))
		req->route->handler(req);
	if (req->deferred.start != NULL) {
		/* parked before the work starts, so a wake can never come first */
		request_step_fn start = req->deferred.start;
		req->deferred.start = NULL;
		st->parked = true;
		MHD_suspend_connection(conn);
		start(req, req->deferred.ctx);
		return MHD_YES;
	}
	return send_reply(st);
}

void request_defer(struct request *req, request_step_fn start, request_step_fn finish, void *ctx)
{
	req->deferred.start = start;
	req->deferred.finish = finish;
	req->deferred.ctx = ctx;
}

void request_wake(struct request *req)
{
	MHD_resume_connection(req->conn);
}

/* libmicrohttpd's own messages can name client addresses: keep them out. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	(void)fmt;
	(void)ap;
}

static bool resolve(const char *host, unsigned short port, struct sockaddr_storage *out,
                    socklen_t *len)
{
	struct addrinfo hints = { 0 }, *res = NULL;
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
	char port_s[8];
	snprintf(port_s, sizeof port_s, "%u", port);
	if (getaddrinfo(host, port_s, &hints, &res) != 0 || res == NULL)
		return false;
	memcpy(out, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return true;
}

struct server *server_start(const struct server_config *cfg)
{
	struct server *s = calloc(1, sizeof *s);
	if (s == NULL)
		abort();
	s->cfg = *cfg;
	struct sockaddr_storage addr;
	socklen_t addr_len;
	if (!resolve(cfg->host, cfg->port, &addr, &addr_len)) {
		fprintf(stderr, "sanctuary: cannot resolve listen address %s\n", cfg->host);
		free(s);
		return NULL;
	}
	unsigned threads = cfg->threads;
	if (threads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? (unsigned)n : 1;
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
	                 MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
	if (addr.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->daemon = MHD_start_daemon(
		flags, cfg->port, NULL, NULL, on_request, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s ? cfg->timeout_s : 30u,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->max_per_ip ? cfg->max_per_ip : 128u,
		MHD_OPTION_CONNECTION_LIMIT, cfg->max_connections ? cfg->max_connections : 1000u,
		/* Room for headers well past our own limit, so that we, not the
		 * library, answer an oversized request (with our headers). */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(SERVER_MAX_HEADER_BYTES * 4),
		MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
		/* Lenient parsing hands odd requests to read_head(), which refuses
		 * them itself: the answer then carries our headers and language. */
		MHD_OPTION_STRICT_FOR_CLIENT, 0,
		MHD_OPTION_URI_LOG_CALLBACK, uri_logged, s,
		MHD_OPTION_NOTIFY_COMPLETED, completed, s,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_END);
	if (s->daemon == NULL) {
		fprintf(stderr, "sanctuary: cannot listen on %s:%u (in use, or no permission)\n",
		        cfg->host, cfg->port);
		free(s);
		return NULL;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : cfg->port;
	return s;
}

unsigned short server_port(const struct server *s)
{
	return s->port;
}

void server_stop(struct server *s, unsigned grace_ms)
{
	if (s == NULL)
		return;
	MHD_socket listen_fd = MHD_quiesce_daemon(s->daemon);
	if (listen_fd != MHD_INVALID_SOCKET)
		close(listen_fd);
	/* Requests in flight finish (parked ones too: the daemon must not stop
	 * with a connection suspended); idle keep-alive connections just close. */
	for (unsigned waited = 0; atomic_load(&s->in_flight) > 0 && waited < grace_ms; waited += 10) {
		struct timespec ts = { 0, 10 * 1000000L };
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(s->daemon);
	shared_clear();
	free(s);
}

/* The HTTP server: libmicrohttpd with epoll and a thread pool sized to the
 * cores. It turns each connection's bytes into a `struct request` (with
 * every limit and text rule enforced before a handler runs), routes it,
 * lets the application authenticate it, calls the handler, and sends the
 * reply with the security headers every response carries. */
#ifndef SANCTUARY_SERVER_H
#define SANCTUARY_SERVER_H

#include <stdbool.h>
#include <stddef.h>

struct route;
struct request;

struct server_config {
	const char *host;          /* "127.0.0.1", "0.0.0.0", "::1", "localhost" */
	unsigned short port;       /* 0: pick a free port */
	const struct route *routes;
	size_t n_routes;
	unsigned threads;          /* 0: one per core */
	unsigned timeout_s;        /* idle connection timeout */
	unsigned max_per_ip;       /* simultaneous connections per address */
	unsigned max_connections;
	bool trust_proxy;          /* honour X-Forwarded-Proto from loopback */
	/* Runs once the path, query, headers and cookies are read, before
	 * routing: picks the language (so even a 404 is in the right one). */
	void (*negotiate)(struct request *req);
	/* Runs after routing and body parsing, before the handler: decides the
	 * language, loads the session, checks access and CSRF. Returns false
	 * when it has already replied (e.g. 401, 403, redirect). */
	bool (*prepare)(struct request *req);
};

struct server;

/* Starts listening; NULL on failure (message on stderr). */
struct server *server_start(const struct server_config *cfg);
unsigned short server_port(const struct server *s);
/* Stops accepting, waits up to `grace_ms` for requests in flight, stops. */
void server_stop(struct server *s, unsigned grace_ms);

/* Limits applied to every request (exposed for tests and docs). */
#define SERVER_MAX_HEADER_BYTES (16 * 1024)
#define SERVER_MAX_FIELDS 200
#define SERVER_MAX_NAME 128
#define SERVER_MAX_VALUE (64 * 1024)

#endif

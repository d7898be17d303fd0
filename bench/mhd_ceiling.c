/* The libmicrohttpd ceiling for `make bench`: the smallest useful server
 * built on the same library and with the same daemon options as Sanctuary
 * (src/http/server.c), answering every GET/HEAD with one file's bytes held
 * in memory. Whatever Sanctuary spends beyond this is Sanctuary's own.
 *
 *   mhd_ceiling FILE CONTENT_TYPE [PORT [MAX_PER_IP [MEMORY_LIMIT [STRICT]]]]
 *
 * MEMORY_LIMIT (MHD_OPTION_CONNECTION_MEMORY_LIMIT, bytes) and STRICT
 * (MHD_OPTION_STRICT_FOR_CLIENT) must match Sanctuary's: bench/run.sh reads
 * them from src/http/server.c. libmicrohttpd zeroes the connection pool
 * between requests, so the memory limit alone moves the ceiling.
 *
 * Listens on 127.0.0.1 only; PORT 0 (the default) picks a free port.
 * Prints "listening on http://127.0.0.1:PORT" once ready; SIGINT/SIGTERM
 * stop it. */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Sanctuary's defaults (src/http/server.c, src/cli/cmd_serve.c). */
#define TIMEOUT_S 30u
#define MAX_CONNECTIONS 1000u
#define MEMORY_LIMIT (64u * 1024u)
#define BACKLOG 1024u

static struct MHD_Response *ok_response;
static struct MHD_Response *not_allowed;

/* The usual two-call pattern, as in Sanctuary: the first call only sees
 * the headers, the response is queued once the (empty) body is read. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **req_cls)
{
	static int marker;
	(void)cls;
	(void)url;
	(void)version;
	(void)upload_data;
	if (*req_cls == NULL) {
		*req_cls = &marker;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		*upload_data_size = 0; /* ignore a body */
		return MHD_YES;
	}
	if (strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0)
		return MHD_queue_response(conn, MHD_HTTP_OK, ok_response);
	return MHD_queue_response(conn, MHD_HTTP_METHOD_NOT_ALLOWED, not_allowed);
}

static void quiet_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	(void)fmt;
	(void)ap;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 65536, n = 0;
	char *data = malloc(cap);
	while (data != NULL) {
		size_t got = fread(data + n, 1, cap - n, f);
		n += got;
		if (n < cap)
			break;
		char *bigger = realloc(data, cap * 2);
		if (bigger == NULL) {
			free(data);
			data = NULL;
			break;
		}
		data = bigger;
		cap *= 2;
	}
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		free(data);
		return NULL;
	}
	*len = n;
	return data;
}

static long number(const char *s, long lo, long hi, const char *what)
{
	char *end = NULL;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi) {
		fprintf(stderr, "mhd_ceiling: bad %s: %s\n", what, s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 7) {
		fprintf(stderr, "usage: mhd_ceiling FILE CONTENT_TYPE [PORT [MAX_PER_IP [MEMORY_LIMIT "
		                "[STRICT]]]]\n");
		return 2;
	}
	unsigned short port = argc > 3 ? (unsigned short)number(argv[3], 0, 65535, "port") : 0;
	unsigned max_per_ip = argc > 4 ? (unsigned)number(argv[4], 1, 100000, "MAX_PER_IP") : 128u;
	size_t memory_limit = argc > 5 ? (size_t)number(argv[5], 4096, 16L * 1024 * 1024,
	                                                "MEMORY_LIMIT")
	                               : MEMORY_LIMIT;
	int strict = argc > 6 ? (int)number(argv[6], -1, 2, "STRICT") : 1;

	size_t len = 0;
	char *body = read_file(argv[1], &len);
	if (body == NULL) {
		fprintf(stderr, "mhd_ceiling: cannot read %s\n", argv[1]);
		return 1;
	}
	ok_response = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_PERSISTENT);
	static char nope[] = "method not allowed\n";
	not_allowed =
		MHD_create_response_from_buffer(sizeof nope - 1, nope, MHD_RESPMEM_PERSISTENT);
	if (ok_response == NULL || not_allowed == NULL ||
	    MHD_add_response_header(ok_response, "Content-Type", argv[2]) != MHD_YES ||
	    MHD_add_response_header(not_allowed, "Allow", "GET, HEAD") != MHD_YES) {
		fprintf(stderr, "mhd_ceiling: cannot build the responses\n");
		return 1;
	}

	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = cores > 0 ? (unsigned)cores : 1u;

	struct sockaddr_in addr;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons(port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL); /* before MHD starts its threads */
	signal(SIGPIPE, SIG_IGN);

	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG,
		port, NULL, NULL, on_request, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_TIMEOUT, TIMEOUT_S,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, max_per_ip,
		MHD_OPTION_CONNECTION_LIMIT, MAX_CONNECTIONS,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, memory_limit,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, BACKLOG,
		MHD_OPTION_STRICT_FOR_CLIENT, strict,
		MHD_OPTION_EXTERNAL_LOGGER, quiet_log, NULL,
		MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "mhd_ceiling: cannot listen on 127.0.0.1:%u\n", port);
		return 1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("listening on http://127.0.0.1:%u\n", info ? info->port : port);
	fflush(stdout);

	int sig = 0;
	sigwait(&stop, &sig);
	MHD_stop_daemon(d);
	MHD_destroy_response(ok_response);
	MHD_destroy_response(not_allowed);
	free(body);
	return 0;
}

/* A constant-rate HTTP load generator, for latency at a given request rate
 * (what wrk2 does; Debian does not package it). Requests are scheduled at
 * fixed times (rate per second, spread over keep-alive connections); the
 * latency of each is measured from when it was *meant* to be sent, so a
 * slow server is not hidden by the client waiting for it (no coordinated
 * omission). Prints the achieved rate and the latency percentiles.
 *
 *   rate -c CONNECTIONS -r RATE -d SECONDS http://127.0.0.1:PORT/path
 *
 * Only plain http:// on an IPv4 address, GET, Content-Length bodies:
 * enough for measuring our own server on the loopback. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct conn {
	int fd;
	bool busy;
	double intended;      /* when the request in flight was meant to go */
	char buf[65536];
	size_t have;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int connect_to(struct sockaddr_in *addr)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(fd, (struct sockaddr *)addr, sizeof *addr) < 0 && errno != EINPROGRESS) {
		perror("connect");
		exit(1);
	}
	return fd;
}

/* A whole response in c->buf? Returns its length, 0 if not yet, -1 if bad. */
static long complete(struct conn *c)
{
	char *end = memmem(c->buf, c->have, "\r\n\r\n", 4);
	if (end == NULL)
		return c->have == sizeof c->buf ? -1 : 0;
	size_t head = (size_t)(end - c->buf) + 4;
	long len = 0;
	char *cl = memmem(c->buf, head, "\r\nContent-Length:", 17);
	if (cl == NULL)
		cl = memmem(c->buf, head, "\r\ncontent-length:", 17);
	if (cl)
		len = strtol(cl + 17, NULL, 10);
	if (len < 0 || head + (size_t)len > sizeof c->buf)
		return -1;
	return head + (size_t)len <= c->have ? (long)(head + (size_t)len) : 0;
}

int main(int argc, char **argv)
{
	int conns = 64, seconds = 10, opt;
	double rate = 1000;
	while ((opt = getopt(argc, argv, "c:r:d:")) != -1) {
		if (opt == 'c') conns = atoi(optarg);
		else if (opt == 'r') rate = atof(optarg);
		else if (opt == 'd') seconds = atoi(optarg);
		else { fprintf(stderr, "usage: rate -c N -r RATE -d SECONDS URL\n"); return 2; }
	}
	if (optind != argc - 1 || conns < 1 || rate <= 0 || seconds < 1) {
		fprintf(stderr, "usage: rate -c N -r RATE -d SECONDS http://HOST:PORT/path\n");
		return 2;
	}
	char host[64], path[1024] = "/";
	int port = 80;
	if (sscanf(argv[optind], "http://%63[^:/]:%d%1023s", host, &port, path) < 2) {
		fprintf(stderr, "rate: only http://IPv4:PORT/path URLs\n");
		return 2;
	}
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
		fprintf(stderr, "rate: %s is not an IPv4 address\n", host);
		return 2;
	}
	char req[1200];
	int req_len = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s:%d\r\nAccept-Language: en\r\n\r\n",
	                       path, host, port);
	struct conn *c = calloc((size_t)conns, sizeof *c);
	int ep = epoll_create1(0);
	for (int i = 0; i < conns; i++) {
		c[i].fd = connect_to(&addr);
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)i };
		epoll_ctl(ep, EPOLL_CTL_ADD, c[i].fd, &ev);
	}
	size_t total = (size_t)(rate * seconds), sent = 0, done = 0, errors = 0;
	double *lat = calloc(total, sizeof *lat);
	double start = now() + 0.2; /* connections settle */
	double deadline = start + seconds + 5;
	int idle_hint = 0;
	while (done + errors < total && now() < deadline) {
		double t = now();
		/* send every request whose time has come, on idle connections */
		while (sent < total && start + (double)sent / rate <= t) {
			int k = -1;
			for (int j = 0; j < conns; j++) {
				int i = (idle_hint + j) % conns;
				if (!c[i].busy) {
					k = i;
					break;
				}
			}
			if (k < 0)
				break; /* all busy: the request waits, and its latency grows */
			idle_hint = (k + 1) % conns;
			c[k].busy = true;
			c[k].intended = start + (double)sent / rate;
			c[k].have = 0;
			if (write(c[k].fd, req, (size_t)req_len) != req_len) {
				errors++;
				c[k].busy = false;
			}
			sent++;
		}
		double next = sent < total ? start + (double)sent / rate : t + 0.01;
		int wait_ms = (int)((next - now()) * 1000);
		if (wait_ms < 0)
			wait_ms = 0;
		struct epoll_event evs[256];
		int n = epoll_wait(ep, evs, 256, wait_ms > 10 ? 10 : wait_ms);
		for (int e = 0; e < n; e++) {
			struct conn *x = &c[evs[e].data.u32];
			ssize_t r = read(x->fd, x->buf + x->have, sizeof x->buf - x->have);
			if (r <= 0) {
				if (r < 0 && errno == EAGAIN)
					continue;
				errors += x->busy;
				x->busy = false;
				continue;
			}
			x->have += (size_t)r;
			long whole = complete(x);
			if (whole < 0) {
				errors++;
				x->busy = false;
			} else if (whole > 0 && x->busy) {
				if (strncmp(x->buf, "HTTP/1.1 200", 12) != 0)
					errors++;
				else
					lat[done++] = now() - x->intended;
				x->busy = false;
				x->have = 0;
			}
		}
	}
	double elapsed = now() - start;
	qsort(lat, done, sizeof *lat, cmp_double);
#define PCT(p) (done ? lat[(size_t)((double)(done - 1) * (p))] * 1000 : 0)
	printf("RATE target %.0f/s achieved %.0f/s requests %zu errors %zu p50 %.2f ms p90 %.2f ms "
	       "p99 %.2f ms max %.2f ms\n", rate, (double)done / elapsed, done, errors, PCT(0.50),
	       PCT(0.90), PCT(0.99), done ? lat[done - 1] * 1000 : 0);
	return errors ? 1 : 0;
}

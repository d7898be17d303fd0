/* Signing throughput for bench/petition.sh: C client threads, each with one
 * keep-alive connection, POST signatures to /p/{slug}/sign as fast as the
 * answers come (each answered only after its commit, synchronous=FULL),
 * from many loopback addresses so the per-address rate limit (30 at once,
 * one more every 10 s) is respected, as a crowd would. Then, in the same
 * run, a bare loop inserting one row per transaction into SQLite with the
 * same settings (WAL, synchronous=FULL) on the same file system.
 *
 * The bare loop runs first, while the server is idle, so the two never
 * share the disk. With SERVER_DB (the server's database file), the run
 * also waits, after the flood, until the petition intake is empty (the
 * signatures a crowd left to be filed into people, messages and history)
 * and reports how many were waiting and how long filing them took.
 *
 * usage: sign_flood URL SLUG DATA_DIR SECONDS CONNECTIONS [SERVER_DB] → one
 * JSON line (a client in C so the client does not eat the 2 cores the
 * server needs). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PER_ADDRESS 28
#define MAX_LAT 200000

static char host[64] = "127.0.0.1", slug[128], stamp_enc[256];
static int port;
static double stop_at;
static atomic_long acked, failed;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int connect_from(const char *src)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	struct timeval tv = { 10, 0 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	struct sockaddr_in a = { .sin_family = AF_INET };
	if (src) {
		inet_pton(AF_INET, src, &a.sin_addr);
		if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0) {
			close(fd);
			return -1;
		}
	}
	a.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, host, &a.sin_addr);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads one response; returns the status (and whether Location says
 * "r=counted"), or -1. `buf` holds at least 64 KiB. */
static int read_response(int fd, char *buf, size_t cap, int *counted, int *closing)
{
	size_t have = 0;
	char *end = NULL;
	while (end == NULL) {
		if (have + 1 >= cap)
			return -1;
		ssize_t r = recv(fd, buf + have, cap - 1 - have, 0);
		if (r <= 0)
			return -1;
		have += (size_t)r;
		buf[have] = '\0';
		end = strstr(buf, "\r\n\r\n");
	}
	int status = 0;
	if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
		return -1;
	size_t head = (size_t)(end - buf) + 4;
	long body = 0;
	*counted = 0;
	*closing = 0;
	for (char *line = strstr(buf, "\r\n"); line && line < end; line = strstr(line + 2, "\r\n")) {
		char *l = line + 2;
		if (strncasecmp(l, "content-length:", 15) == 0)
			body = strtol(l + 15, NULL, 10);
		else if (strncasecmp(l, "location:", 9) == 0) {
			char *eol = strstr(l, "\r\n");
			*counted = eol && memmem(l, (size_t)(eol - l), "r=counted", 9) != NULL;
		} else if (strncasecmp(l, "connection:", 11) == 0 && strcasestr(l, "close") &&
		           strcasestr(l, "close") < strstr(l, "\r\n"))
			*closing = 1;
	}
	long left = body - (long)(have - head);
	while (left > 0) {
		ssize_t r = recv(fd, buf, cap < (size_t)left ? cap : (size_t)left, 0);
		if (r <= 0)
			return -1;
		left -= r;
	}
	return status;
}

struct worker {
	int n;
	double *lat;
	size_t n_lat;
};

static void *worker_main(void *p)
{
	struct worker *w = p;
	char *buf = malloc(65536), req[2048], body[1024], src[32];
	long seq = 0;
	int fd = -1;
	while (now_s() < stop_at) {
		if (seq % PER_ADDRESS == 0 || fd < 0) {
			if (fd >= 0)
				close(fd);
			long k = seq / PER_ADDRESS;
			snprintf(src, sizeof src, "127.%d.%ld.%ld", 1 + w->n, (k / 250) % 250, 1 + k % 250);
			fd = connect_from(src);
			if (fd < 0) {
				atomic_fetch_add(&failed, 1);
				seq += PER_ADDRESS - seq % PER_ADDRESS;
				continue;
			}
		}
		int bl = snprintf(body, sizeof body,
		                  "given_name=Bench%d&family_name=%ld&email=bench%d-%ld%%40example.org&stamp=%s",
		                  w->n, seq, w->n, seq, stamp_enc);
		int rl = snprintf(req, sizeof req,
		                  "POST /p/%s/sign HTTP/1.1\r\nHost: %s:%d\r\n"
		                  "Content-Type: application/x-www-form-urlencoded\r\n"
		                  "Content-Length: %d\r\n\r\n%s", slug, host, port, bl, body);
		seq++;
		double t0 = now_s();
		int counted = 0, closing = 0, status = -1;
		if (send_all(fd, req, (size_t)rl) == 0)
			status = read_response(fd, buf, 65536, &counted, &closing);
		if (status == 303 && counted) {
			atomic_fetch_add(&acked, 1);
			if (w->n_lat < MAX_LAT)
				w->lat[w->n_lat++] = now_s() - t0;
		} else {
			atomic_fetch_add(&failed, 1);
		}
		if (status < 0 || closing) {
			close(fd);
			fd = -1;
		}
	}
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}

/* Rows waiting in the server's petition intake, -1 if it cannot be read. */
static long intake_waiting(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	long n = -1;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM petition_intake WHERE failed = 0", -1, &st, NULL) ==
	        SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double bare_loop(const char *dir, double seconds)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/bare-loop.db", dir);
	unlink(path);
	sqlite3 *db = NULL;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
	                 "CREATE TABLE t (id INTEGER PRIMARY KEY, petition_id INTEGER, name TEXT, created_at INTEGER)",
	             NULL, NULL, NULL);
	sqlite3_stmt *ins = NULL;
	sqlite3_prepare_v2(db, "INSERT INTO t (petition_id, name, created_at) VALUES (1, ?, ?)", -1, &ins, NULL);
	long n = 0;
	double t0 = now_s(), t;
	char name[32];
	while ((t = now_s()) - t0 < seconds) {
		sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		snprintf(name, sizeof name, "row %ld", n);
		sqlite3_bind_text(ins, 1, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(ins, 2, (sqlite3_int64)time(NULL));
		sqlite3_step(ins);
		sqlite3_reset(ins);
		if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			return -1;
		n++;
	}
	sqlite3_finalize(ins);
	sqlite3_close(db);
	unlink(path);
	char side[4200];
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	return (double)n / (now_s() - t0);
}

/* GET the page (one request, Connection: close) and take its form stamp. */
static int fetch_stamp(void)
{
	int fd = connect_from(NULL);
	if (fd < 0)
		return -1;
	char req[512];
	int n = snprintf(req, sizeof req, "GET /p/%s HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n\r\n",
	                 slug, host, port);
	send_all(fd, req, (size_t)n);
	size_t cap = 1 << 20, have = 0;
	char *page = malloc(cap);
	ssize_t r;
	while (have + 1 < cap && (r = recv(fd, page + have, cap - 1 - have, 0)) > 0)
		have += (size_t)r;
	page[have] = '\0';
	close(fd);
	char *s = strstr(page, "name=\"stamp\" value=\"");
	if (s == NULL) {
		free(page);
		return -1;
	}
	s += 20;
	size_t o = 0;
	for (; *s && *s != '"' && o + 4 < sizeof stamp_enc; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '_' || c == '.')
			stamp_enc[o++] = (char)c;
		else
			o += (size_t)snprintf(stamp_enc + o, sizeof stamp_enc - o, "%%%02X", c);
	}
	stamp_enc[o] = '\0';
	free(page);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 6 && argc != 7) {
		fprintf(stderr, "usage: sign_flood URL SLUG DATA_DIR SECONDS CONNECTIONS [SERVER_DB]\n");
		return 2;
	}
	if (sscanf(argv[1], "http://%63[^:]:%d", host, &port) != 2) {
		fprintf(stderr, "sign_flood: URL must be http://HOST:PORT\n");
		return 2;
	}
	snprintf(slug, sizeof slug, "%s", argv[2]);
	double seconds = atof(argv[4]);
	int conns = atoi(argv[5]);
	if (conns < 1 || conns > 250 || seconds <= 0) {
		fprintf(stderr, "sign_flood: 1..250 connections, seconds > 0\n");
		return 2;
	}
	if (fetch_stamp() != 0) {
		fprintf(stderr, "sign_flood: no form stamp on /p/%s\n", slug);
		return 1;
	}
	/* the bare loop first, the server idle: the time on the page passes meanwhile */
	double bare = bare_loop(argv[3], seconds < 5 ? seconds : 5);
	struct timespec wait = { 3, 200000000L }; /* the form's minimum time on the page */
	nanosleep(&wait, NULL);

	struct worker *w = calloc((size_t)conns, sizeof *w);
	pthread_t *th = calloc((size_t)conns, sizeof *th);
	double start = now_s();
	stop_at = start + seconds;
	for (int i = 0; i < conns; i++) {
		w[i].n = i;
		w[i].lat = malloc(MAX_LAT * sizeof(double));
		pthread_create(&th[i], NULL, worker_main, &w[i]);
	}
	size_t total = 0;
	for (int i = 0; i < conns; i++) {
		pthread_join(th[i], NULL);
		total += w[i].n_lat;
	}
	double elapsed = now_s() - start;
	double *all = malloc((total + 1) * sizeof(double));
	size_t k = 0;
	for (int i = 0; i < conns; i++) {
		memcpy(all + k, w[i].lat, w[i].n_lat * sizeof(double));
		k += w[i].n_lat;
		free(w[i].lat);
	}
	qsort(all, total, sizeof(double), cmp_double);
	double p50 = total ? all[total / 2] * 1000 : 0, p99 = total ? all[total * 99 / 100] * 1000 : 0;
	long backlog = -1;
	double filed_after = 0;
	sqlite3 *sdb = NULL;
	if (argc == 7 && sqlite3_open_v2(argv[6], &sdb, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
		sqlite3_busy_timeout(sdb, 2000);
		double t0 = now_s();
		backlog = intake_waiting(sdb);
		for (long n = backlog; n > 0 && now_s() - t0 < 300; n = intake_waiting(sdb)) {
			struct timespec tick = { 0, 20000000L };
			nanosleep(&tick, NULL);
		}
		filed_after = backlog > 0 ? now_s() - t0 : 0;
	}
	sqlite3_close(sdb);
	printf("{\"signatures_per_s\": %.0f, \"acked\": %ld, \"failed\": %ld, \"bare_inserts_per_s\": %.0f, "
	       "\"connections\": %d, \"p50_ms\": %.2f, \"p99_ms\": %.2f, \"intake_backlog\": %ld, "
	       "\"filed_after_s\": %.2f, \"filed_per_s\": %.0f}\n",
	       (double)atomic_load(&acked) / elapsed, atomic_load(&acked), atomic_load(&failed), bare, conns,
	       p50, p99, backlog, filed_after, (double)atomic_load(&acked) / (elapsed + filed_after));
	free(all);
	free(w);
	free(th);
	return 0;
}

/* Access-log lines are handed to a writer thread in batches: one write()
 * per batch instead of one per request, and request threads never wait on
 * stderr. Lines reach stderr within LOG_FLUSH_MS, and all of them are
 * written when the writer stops. Without a writer (the CLI) every line is
 * written at once. Other messages are always written at once. */
#include "core/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LOG_BUFFER (64 * 1024)
#define LOG_FLUSH_MS 50

static int access_enabled = 1;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static char pending[LOG_BUFFER];
static size_t pending_len;
static bool writer_running, writer_stop;
static pthread_t writer;

void log_set_access(int enabled)
{
	access_enabled = enabled;
}

static void write_all(const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDERR_FILENO, p, n);
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

/* The time to the second, formatted once per second per thread. */
static void stamp(char *out, size_t n)
{
	static _Thread_local time_t last_sec = -1;
	static _Thread_local char last[32];
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME_COARSE, &ts);
	if (ts.tv_sec != last_sec) {
		struct tm tm;
		gmtime_r(&ts.tv_sec, &tm);
		strftime(last, sizeof last, "%Y-%m-%dT%H:%M:%SZ", &tm);
		last_sec = ts.tv_sec;
	}
	snprintf(out, n, "%s", last);
}

/* Writes what is pending (lock held on entry and exit). */
static void flush_locked(void)
{
	static char out[LOG_BUFFER];
	size_t n = pending_len;
	memcpy(out, pending, n);
	pending_len = 0;
	pthread_mutex_unlock(&lock);
	write_all(out, n);
	pthread_mutex_lock(&lock);
}

static void *writer_main(void *unused)
{
	(void)unused;
	pthread_mutex_lock(&lock);
	while (!writer_stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += LOG_FLUSH_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&wake, &lock, &until);
		if (pending_len > 0)
			flush_locked();
	}
	if (pending_len > 0)
		flush_locked();
	pthread_mutex_unlock(&lock);
	return NULL;
}

void log_start_writer(void)
{
	pthread_mutex_lock(&lock);
	if (!writer_running) {
		writer_stop = false;
		writer_running = pthread_create(&writer, NULL, writer_main, NULL) == 0;
	}
	pthread_mutex_unlock(&lock);
}

void log_stop_writer(void)
{
	pthread_mutex_lock(&lock);
	bool running = writer_running;
	writer_stop = true;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	if (running)
		pthread_join(writer, NULL);
	pthread_mutex_lock(&lock);
	writer_running = false;
	if (pending_len > 0)
		flush_locked();
	pthread_mutex_unlock(&lock);
}

void log_access(const char *method, const char *route_pattern, unsigned status,
                double duration_ms)
{
	if (!access_enabled)
		return;
	char t[32], line[320];
	stamp(t, sizeof t);
	int n = snprintf(line, sizeof line, "%s access %s %s %u %.2fms\n", t, method, route_pattern,
	                 status, duration_ms);
	if (n <= 0)
		return;
	size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
	pthread_mutex_lock(&lock);
	if (!writer_running) {
		pthread_mutex_unlock(&lock);
		write_all(line, len);
		return;
	}
	if (pending_len + len > sizeof pending)
		flush_locked();
	memcpy(pending + pending_len, line, len);
	pending_len += len;
	if (pending_len > sizeof pending / 2)
		pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
}

__attribute__((format(printf, 2, 0)))
static void vlog(const char *level, const char *fmt, va_list ap)
{
	char t[32], msg[512], line[600];
	stamp(t, sizeof t);
	vsnprintf(msg, sizeof msg, fmt, ap);
	int n = snprintf(line, sizeof line, "%s %s %s\n", t, level, msg);
	if (n > 0)
		write_all(line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

void log_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("info", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("error", fmt, ap);
	va_end(ap);
}

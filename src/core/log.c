#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

static int access_enabled = 1;

void log_set_access(int enabled)
{
	access_enabled = enabled;
}

static void stamp(char *out, size_t n)
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void log_access(const char *method, const char *route_pattern, unsigned status,
                double duration_ms)
{
	if (!access_enabled)
		return;
	char t[32];
	stamp(t, sizeof t);
	/* One fprintf: stderr is unbuffered, so each line is one write(). */
	fprintf(stderr, "%s access %s %s %u %.2fms\n", t, method, route_pattern, status,
	        duration_ms);
}

static void vlog(const char *level, const char *fmt, va_list ap)
{
	char t[32], msg[512];
	stamp(t, sizeof t);
	vsnprintf(msg, sizeof msg, fmt, ap);
	fprintf(stderr, "%s %s %s\n", t, level, msg);
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

#include "core/tz.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

static bool zone_ok(const char *zone)
{
	if (zone == NULL || *zone == '\0' || strlen(zone) > 60 || zone[0] == '/' || strstr(zone, ".."))
		return false;
	for (const char *p = zone; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '/' || *p == '_' || *p == '-' || *p == '+'))
			return false;
	return true;
}

static void enter(const char *zone)
{
	pthread_mutex_lock(&tz_lock);
	setenv("TZ", zone_ok(zone) ? zone : "UTC", 1);
	tzset();
}

static void leave(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	pthread_mutex_unlock(&tz_lock);
}

bool tz_parse_local(const char *zone, const char *date, const char *hm, int64_t *out)
{
	if (date == NULL)
		return false;
	int y, mo, d, h = 0, mi = 0;
	char tail = 0;
	if (hm == NULL) {
		if (sscanf(date, "%4d-%2d-%2dT%2d:%2d%c", &y, &mo, &d, &h, &mi, &tail) != 5)
			return false;
	} else {
		if (sscanf(date, "%4d-%2d-%2d%c", &y, &mo, &d, &tail) != 3)
			return false;
		if (*hm && sscanf(hm, "%2d:%2d%c", &h, &mi, &tail) != 2)
			return false;
	}
	if (y < 1970 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 ||
	    mi < 0 || mi > 59)
		return false;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h,
	                 .tm_min = mi, .tm_isdst = -1 };
	enter(zone);
	time_t t = mktime(&tm);
	leave();
	if (t == (time_t)-1 || tm.tm_mday != d)
		return false; /* 31 February and the like */
	*out = (int64_t)t;
	return true;
}

static void local_tm(const char *zone, int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;
	enter(zone);
	localtime_r(&tt, tm);
	leave();
}

void tz_format(const char *zone, int64_t t, char *out, size_t cap)
{
	struct tm tm;
	local_tm(zone, t, &tm);
	strftime(out, cap, "%Y-%m-%d %H:%M", &tm);
}

void tz_format_parts(const char *zone, int64_t t, char date[11], char hm[6])
{
	struct tm tm;
	local_tm(zone, t, &tm);
	strftime(date, 11, "%Y-%m-%d", &tm);
	strftime(hm, 6, "%H:%M", &tm);
}

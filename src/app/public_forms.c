#include "app/public_forms.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "crypto/keys.h"
#include "crypto/seal.h"
#include "http/request.h"

static void mac_hex(const char *purpose, int64_t id, long long t, char out[33])
{
	char msg[160];
	snprintf(msg, sizeof msg, "form-stamp:%s:%lld:%lld", purpose, (long long)id, t);
	unsigned char h[32];
	secret_hash(KEY_SESSIONS, msg, h);
	for (int i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}

char *form_stamp(struct arena *a, const char *purpose, int64_t id, int64_t now)
{
	char mac[33];
	mac_hex(purpose, id, (long long)now, mac);
	return arena_printf(a, "%lld.%s", (long long)now, mac);
}

enum stamp_check form_stamp_check(const char *stamp, const char *purpose, int64_t id, int64_t now)
{
	if (stamp == NULL || strlen(stamp) > 60)
		return STAMP_BAD;
	char *end = NULL;
	long long t = strtoll(stamp, &end, 10);
	if (end == stamp || *end != '.' || t <= 0)
		return STAMP_BAD;
	char mac[33];
	mac_hex(purpose, id, t, mac);
	if (strlen(end + 1) != 32)
		return STAMP_BAD;
	unsigned diff = 0;
	for (int i = 0; i < 32; i++)
		diff |= (unsigned)(mac[i] ^ end[1 + i]);
	if (diff)
		return STAMP_BAD;
	if (now - t < FORM_MIN_SECONDS)
		return STAMP_TOO_FAST;
	if (now - t > FORM_MAX_SECONDS)
		return STAMP_EXPIRED;
	return STAMP_OK;
}

const char *public_base_url(struct request *req)
{
	static const char *env;
	static atomic_bool env_read;
	if (!atomic_load_explicit(&env_read, memory_order_acquire)) {
		/* read once: the environment does not change under a running server */
		env = getenv("SANCTUARY_PUBLIC_URL");
		atomic_store_explicit(&env_read, true, memory_order_release);
	}
	if (env && (strncmp(env, "https://", 8) == 0 || strncmp(env, "http://", 7) == 0)) {
		size_t n = strlen(env);
		while (n > 0 && env[n - 1] == '/')
			n--;
		return arena_strndup(req->arena, env, n);
	}
	const char *host = request_header(req, "host");
	if (host == NULL || *host == '\0' || strlen(host) > 100)
		return "http://localhost";
	for (const char *p = host; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '.' || *p == '-' || *p == ':' || *p == '[' || *p == ']'))
			return "http://localhost";
	size_t n = strlen(host);
	char *url = arena_alloc(req->arena, n + 9);
	int w = req->is_tls ? 8 : 7;
	memcpy(url, req->is_tls ? "https://" : "http://", (size_t)w);
	memcpy(url + w, host, n + 1);
	return url;
}

void local_time_init(const char *zone)
{
	if (zone && *zone && getenv("SANCTUARY_KEEP_TZ") == NULL)
		setenv("TZ", zone, 1);
	tzset();
}

char *local_time(struct arena *a, int64_t t, const char *fmt)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	char buf[80];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	/* callers pass literals, checked through the header's format attribute */
	size_t n = strftime(buf, sizeof buf, fmt, &tm);
#pragma GCC diagnostic pop
	if (n == 0)
		buf[0] = '\0';
	return arena_strdup(a, buf);
}

bool local_time_parse(const char *s, int64_t *out)
{
	if (s == NULL)
		return false;
	struct tm tm = { 0 };
	int y, mo, d, h = 0, mi = 0;
	char extra;
	size_t n = strlen(s);
	if (n == 10) {
		if (sscanf(s, "%4d-%2d-%2d%c", &y, &mo, &d, &extra) != 3)
			return false;
	} else if (n == 16) {
		if (sscanf(s, "%4d-%2d-%2dT%2d:%2d%c", &y, &mo, &d, &h, &mi, &extra) != 5)
			return false;
	} else {
		return false;
	}
	if (y < 2000 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 ||
	    mi > 59)
		return false;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_isdst = -1;
	time_t t = mktime(&tm);
	if (t == (time_t)-1 || tm.tm_mday != d)
		return false;
	*out = (int64_t)t;
	return true;
}

bool cross_site_post(const struct request *req)
{
	const char *site = request_header(req, "sec-fetch-site");
	return site && strcmp(site, "cross-site") == 0;
}

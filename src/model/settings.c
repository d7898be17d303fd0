#include "model/settings.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/text.h"
#include "db/db.h"
#include "i18n/i18n.h"
#include "i18n/negotiate.h"
#include "model/changes.h"
#include "i18n/msgid.h"

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static struct settings current = {
	.group_name = "Sanctuary",
	.default_lang = "en",
	.timezone = "America/New_York",
	.langs = { "en" },
	.n_langs = 1,
	.require_2fa = true,
	.retention_invitations_days = 30,
};

void (*public_data_changed)(void);

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

static void parse_langs(struct settings *s, const char *csv)
{
	s->n_langs = 0;
	const char *p = csv;
	while (*p && s->n_langs < SETTINGS_MAX_LANGS) {
		size_t len = strcspn(p, ",");
		char code[8];
		if (len > 0 && len < sizeof code) {
			memcpy(code, p, len);
			code[len] = '\0';
			if (i18n_has(code))
				copy(s->langs[s->n_langs++], sizeof s->langs[0], code);
		}
		p += len;
		if (*p == ',')
			p++;
	}
	if (s->n_langs == 0)
		copy(s->langs[s->n_langs++], sizeof s->langs[0], "en");
}

bool settings_load(struct db *db)
{
	struct settings s = current;
	struct db_rows *r = db_query(db, "SELECT key, value FROM settings", DB_NOARGS);
	if (r == NULL)
		return false;
	while (db_next(r)) {
		const char *k = db_col_text(r, 0), *v = db_col_text(r, 1);
		if (k == NULL || v == NULL)
			continue;
		if (strcmp(k, "group_name") == 0)
			copy(s.group_name, sizeof s.group_name, v);
		else if (strcmp(k, "default_lang") == 0)
			copy(s.default_lang, sizeof s.default_lang, v);
		else if (strcmp(k, "timezone") == 0)
			copy(s.timezone, sizeof s.timezone, v);
		else if (strcmp(k, "hotline") == 0)
			copy(s.hotline, sizeof s.hotline, v);
		else if (strcmp(k, "languages") == 0)
			parse_langs(&s, v);
		else if (strcmp(k, "require_2fa") == 0)
			s.require_2fa = strcmp(v, "0") != 0;
		else if (strcmp(k, "retention.invitations_days") == 0)
			s.retention_invitations_days = atoi(v) > 0 ? atoi(v) : 30;
	}
	if (db_done(r) != DB_OK)
		return false;
	if (!settings_lang_enabled(&s, s.default_lang))
		copy(s.default_lang, sizeof s.default_lang, s.langs[0]);
	pthread_rwlock_wrlock(&lock);
	current = s;
	pthread_rwlock_unlock(&lock);
	model_public_changed();
	return true;
}

void settings_get(struct settings *out)
{
	pthread_rwlock_rdlock(&lock);
	*out = current;
	pthread_rwlock_unlock(&lock);
	for (size_t i = 0; i < out->n_langs; i++)
		out->lang_ptrs[i] = out->langs[i];
}

bool settings_lang_enabled(const struct settings *s, const char *lang)
{
	for (size_t i = 0; lang && i < s->n_langs; i++)
		if (strcmp(s->langs[i], lang) == 0)
			return true;
	return false;
}

const char *settings_check_name(const char *v)
{
	size_t n = v ? strlen(v) : 0;
	if (n == 0)
		return N_("field.required");
	if (n >= sizeof current.group_name || text_codepoints(v, n) > 80)
		return N_("field.too_long");
	return NULL;
}

const char *settings_check_langs(const char *csv, const char *default_lang)
{
	if (csv == NULL || *csv == '\0')
		return N_("settings.error.no_languages");
	bool has_default = false;
	size_t count = 0;
	for (const char *p = csv; *p;) {
		size_t len = strcspn(p, ",");
		char code[8];
		if (len == 0 || len >= sizeof code)
			return N_("settings.error.unknown_language");
		memcpy(code, p, len);
		code[len] = '\0';
		if (!i18n_has(code))
			return N_("settings.error.unknown_language");
		if (default_lang && strcmp(code, default_lang) == 0)
			has_default = true;
		if (++count > SETTINGS_MAX_LANGS)
			return N_("settings.error.unknown_language");
		p += len;
		if (*p == ',')
			p++;
	}
	if (default_lang && !has_default)
		return N_("settings.error.default_not_enabled");
	return NULL;
}

const char *settings_check_timezone(const char *v)
{
	/* A zone name is valid when the system's tz database has it. */
	if (v == NULL || *v == '\0' || strlen(v) > 60 || strstr(v, "..") || v[0] == '/')
		return N_("settings.error.timezone");
	for (const char *p = v; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '/' || *p == '_' || *p == '-' || *p == '+'))
			return N_("settings.error.timezone");
	char path[128];
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", v);
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return N_("settings.error.timezone");
	return NULL;
}

const char *settings_check_hotline(const char *v)
{
	if (v == NULL || *v == '\0')
		return NULL; /* optional */
	size_t digits = 0, n = strlen(v);
	if (n > 30)
		return N_("field.too_long");
	for (const char *p = v; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr("+-() .", *p))
			return N_("settings.error.hotline");
	}
	return digits >= 3 ? NULL : N_("settings.error.hotline");
}

bool settings_put(struct db *db, const char *key, const char *value)
{
	return db_exec(db,
	               "INSERT INTO settings (key, value) VALUES (?, ?) "
	               "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	               DB_ARGS(DB_TEXT(key), DB_TEXT(value))) == DB_OK;
}

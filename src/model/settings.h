/* Group settings: name, languages, default language, time zone, hotline.
 * Stored as key/value rows; read through a process-wide snapshot that is
 * reloaded when a setting changes, so pages never query them. */
#ifndef SANCTUARY_SETTINGS_H
#define SANCTUARY_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

struct db;
struct arena;

#define SETTINGS_MAX_LANGS 16

struct settings {
	char group_name[128];
	char default_lang[8];
	char timezone[64];
	char hotline[40];
	bool require_2fa;       /* organizers and admins must use two-factor */
	int retention_invitations_days; /* unused invitations are deleted after */
	char langs[SETTINGS_MAX_LANGS][8]; /* enabled, in display order */
	size_t n_langs;
	const char *lang_ptrs[SETTINGS_MAX_LANGS];
};

/* Loads settings from the database into the shared snapshot. */
bool settings_load(struct db *db);
/* A copy of the current snapshot (cheap: a struct copy under a lock). */
void settings_get(struct settings *out);
bool settings_lang_enabled(const struct settings *s, const char *lang);

/* Validation for each setting; return a message id on error, else NULL. */
const char *settings_check_name(const char *v);
const char *settings_check_langs(const char *csv, const char *default_lang);
const char *settings_check_timezone(const char *v);
const char *settings_check_hotline(const char *v);

/* Writes one setting (within the caller's transaction, or alone). */
bool settings_put(struct db *db, const char *key, const char *value);

#endif

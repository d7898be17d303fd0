/* UI languages: the catalogs compiled from po/<lang>.po, lookups with
 * fallback to English and then to the message id itself, writing
 * direction, and the choice of language for a request. */
#ifndef SANCTUARY_I18N_H
#define SANCTUARY_I18N_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct view;

/* Loads every embedded catalog. Returns false (with a message on stderr)
 * if one does not parse. Call once at start-up. */
bool i18n_init(void);

/* Languages that ship a catalog, in a stable order (en first). */
size_t i18n_available(const char *const **codes);
bool i18n_has(const char *lang);

/* The message for `msgid` in `lang`, falling back to English, then to
 * the id. Never NULL. */
const char *i18n_get(const char *lang, const char *msgid);
/* The message with `{key}` placeholders filled from NULL-terminated
 * key, value pairs; plain text, not escaped (for emails, logs, JSON). */
char *i18n_format(struct arena *a, const char *lang, const char *msgid, ...)
	__attribute__((sentinel));

/* "rtl" or "ltr". */
const char *i18n_dir(const char *lang);
/* The language's own name ("বাংলা"). */
const char *i18n_native_name(const char *lang);

/* True when msgid is present (not fuzzy) in lang's own catalog. */
bool i18n_has_message(const char *lang, const char *msgid);

#endif

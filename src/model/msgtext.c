#include "model/msgtext.h"

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "db/db.h"
#include "model/settings.h"

static const char *find(const char *const *available, size_t n, const char *lang)
{
	for (size_t i = 0; lang && *lang && i < n; i++)
		if (available[i] && strcmp(available[i], lang) == 0)
			return available[i];
	return NULL;
}

const char *msgtext_pick_lang(struct db *db, int64_t person_id, const char *const *available,
                              size_t n)
{
	if (n == 0)
		return NULL;
	const char *got = NULL;
	if (person_id > 0 && db) {
		struct db_rows *r = db_query(db,
			"SELECT lang, 0 FROM people WHERE id = ?1 "
			"UNION ALL SELECT lang, 1 FROM person_languages WHERE person_id = ?1 ORDER BY 2",
			DB_ARGS(DB_INT(person_id)));
		while (r && got == NULL && db_next(r))
			got = find(available, n, db_col_text(r, 0));
		if (r)
			db_done(r);
	}
	if (got == NULL) {
		struct settings s;
		settings_get(&s);
		got = find(available, n, s.default_lang);
	}
	return got ? got : available[0];
}

char *msgtext_fill(struct arena *a, const char *text, ...)
{
	struct buf b;
	buf_init(&b, a, strlen(text) + 64);
	for (const char *p = text; *p;) {
		if (p[0] == '{' && p[1] == '{') {
			buf_putc(&b, '{');
			p += 2;
			continue;
		}
		const char *close = p[0] == '{' ? strchr(p, '}') : NULL;
		if (close == NULL) {
			buf_putc(&b, *p++);
			continue;
		}
		size_t len = (size_t)(close - p - 1);
		const char *value = NULL;
		va_list ap;
		va_start(ap, text);
		for (const char *name = va_arg(ap, const char *); name; name = va_arg(ap, const char *)) {
			const char *v = va_arg(ap, const char *);
			if (value == NULL && strlen(name) == len && memcmp(name, p + 1, len) == 0)
				value = v ? v : "";
		}
		va_end(ap);
		if (value) {
			buf_puts(&b, value);
			p = close + 1;
		} else {
			buf_putc(&b, *p++);
		}
	}
	return b.data;
}

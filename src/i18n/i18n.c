#include "i18n/i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "embedded.h"
#include "i18n/po.h"
#include "i18n/msgid.h"

#define MAX_LANGS 16

struct catalog {
	char code[8];
	struct po_catalog po;
};

static struct catalog catalogs[MAX_LANGS];
static const char *codes[MAX_LANGS];
static size_t n_catalogs;
static struct arena *catalog_arena;

/* Preferred order in the language switcher; others follow alphabetically. */
static const char *const preferred[] = { "en", "es", "bn", "ne", "ur" };

static int rank(const char *code)
{
	for (size_t i = 0; i < sizeof preferred / sizeof preferred[0]; i++)
		if (strcmp(preferred[i], code) == 0)
			return (int)i;
	return 100;
}

bool i18n_init(void)
{
	if (catalog_arena != NULL)
		return true;
	catalog_arena = arena_new(64 * 1024);
	for (size_t i = 0; i < embedded_files_count; i++) {
		const struct embedded_file *f = &embedded_files[i];
		size_t len = strlen(f->name);
		if (strncmp(f->name, "po/", 3) != 0 || len < 7 || len > 12 ||
		    strcmp(f->name + len - 3, ".po") != 0 || n_catalogs == MAX_LANGS)
			continue;
		struct catalog *c = &catalogs[n_catalogs];
		memcpy(c->code, f->name + 3, len - 6);
		c->code[len - 6] = '\0';
		char err[128];
		if (!po_parse(catalog_arena, (const char *)f->data, f->len, &c->po, err, sizeof err)) {
			fprintf(stderr, "sanctuary: %s: %s\n", f->name, err);
			return false;
		}
		n_catalogs++;
	}
	/* insertion sort by preferred rank, then code */
	for (size_t i = 1; i < n_catalogs; i++) {
		struct catalog tmp = catalogs[i];
		size_t j = i;
		while (j > 0 && (rank(catalogs[j - 1].code) > rank(tmp.code) ||
		                 (rank(catalogs[j - 1].code) == rank(tmp.code) &&
		                  strcmp(catalogs[j - 1].code, tmp.code) > 0))) {
			catalogs[j] = catalogs[j - 1];
			j--;
		}
		catalogs[j] = tmp;
	}
	for (size_t i = 0; i < n_catalogs; i++)
		codes[i] = catalogs[i].code;
	return true;
}

size_t i18n_available(const char *const **out)
{
	*out = codes;
	return n_catalogs;
}

static const struct catalog *find(const char *lang)
{
	if (lang == NULL)
		return NULL;
	for (size_t i = 0; i < n_catalogs; i++)
		if (strcmp(catalogs[i].code, lang) == 0)
			return &catalogs[i];
	return NULL;
}

bool i18n_has(const char *lang)
{
	return find(lang) != NULL;
}

bool i18n_has_message(const char *lang, const char *msgid)
{
	const struct catalog *c = find(lang);
	return c != NULL && po_lookup(&c->po, msgid) != NULL;
}

const char *i18n_get(const char *lang, const char *msgid)
{
	const struct catalog *c = find(lang);
	const char *s = c ? po_lookup(&c->po, msgid) : NULL;
	if (s == NULL && (c = find("en")) != NULL)
		s = po_lookup(&c->po, msgid);
	return s ? s : msgid;
}

char *i18n_format(struct arena *a, const char *lang, const char *msgid, ...)
{
	const char *msg = i18n_get(lang, msgid);
	struct buf out;
	buf_init(&out, a, strlen(msg) + 64);
	const char *run = msg;
	for (const char *p = msg; *p; p++) {
		if (*p != '{')
			continue;
		const char *close = strchr(p + 1, '}');
		if (close == NULL)
			break;
		va_list ap;
		va_start(ap, msgid);
		const char *key, *value = NULL;
		while ((key = va_arg(ap, const char *)) != NULL) {
			const char *v = va_arg(ap, const char *);
			if (strlen(key) == (size_t)(close - p - 1) &&
			    strncmp(key, p + 1, (size_t)(close - p - 1)) == 0) {
				value = v;
				break;
			}
		}
		va_end(ap);
		if (key == NULL)
			continue;
		buf_append(&out, run, (size_t)(p - run));
		buf_puts(&out, value ? value : "");
		run = close + 1;
		p = close;
	}
	buf_puts(&out, run);
	return out.data;
}

const char *i18n_dir(const char *lang)
{
	static const char *const rtl[] = { "ar", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi" };
	for (size_t i = 0; lang && i < sizeof rtl / sizeof rtl[0]; i++)
		if (strcmp(lang, rtl[i]) == 0)
			return "rtl";
	return "ltr";
}

const char *i18n_native_name(const char *lang)
{
	const struct catalog *c = find(lang);
	const char *s = c ? po_lookup(&c->po, N_("language.native_name")) : NULL;
	return s ? s : lang;
}

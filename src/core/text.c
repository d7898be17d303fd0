#include "core/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/arena.h"

bool text_valid_utf8(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len;
		uint32_t cp, min;
		if ((c & 0xE0) == 0xC0) {
			len = 2; cp = c & 0x1F; min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3; cp = c & 0x0F; min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4; cp = c & 0x07; min = 0x10000;
		} else {
			return false;
		}
		if (n - i < len)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += len;
	}
	return true;
}

size_t text_codepoints(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

static char *copy_and_free(struct arena *a, utf8proc_uint8_t *p)
{
	char *out = arena_strdup(a, (const char *)p);
	free(p);
	return out;
}

/* Printable ASCII only: already NFC, and folds by lowercasing. Most
 * emails, phones, postal codes and many names are, and imports normalize
 * every field of every row, so this skips the library there. */
static bool printable_ascii(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return false;
	return true;
}

char *text_nfc(struct arena *a, const char *s)
{
	if (printable_ascii(s))
		return arena_strdup(a, s);
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
	                                  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (r < 0)
		return arena_strdup(a, s);
	return copy_and_free(a, out);
}

/* Scripts whose combining marks are accents rather than vowel signs. */
static bool strips_marks(utf8proc_int32_t base)
{
	return base < 0x0590 || (base >= 0x1E00 && base <= 0x1FFF);
}

char *text_fold(struct arena *a, const char *s)
{
	if (printable_ascii(s)) {
		char *out = arena_strdup(a, s);
		for (char *p = out; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		return out;
	}
	utf8proc_int32_t *cps = NULL;
	utf8proc_uint8_t *decomposed = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &decomposed,
	                                  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
	                                  UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
	if (n < 0)
		return arena_strdup(a, s);
	cps = malloc(((size_t)n + 1) * sizeof *cps);
	if (cps == NULL)
		abort();
	utf8proc_ssize_t count = 0, pos = 0;
	utf8proc_int32_t base = 0;
	while (pos < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t step = utf8proc_iterate(decomposed + pos, n - pos, &cp);
		if (step <= 0)
			break;
		pos += step;
		utf8proc_category_t cat = utf8proc_category(cp);
		if (cat == UTF8PROC_CATEGORY_MN && strips_marks(base))
			continue;
		if (cat != UTF8PROC_CATEGORY_MN && cat != UTF8PROC_CATEGORY_MC)
			base = cp;
		cps[count++] = cp;
	}
	free(decomposed);
	/* Recompose what remains (Bengali vowel signs etc.) into NFC. */
	utf8proc_ssize_t len = utf8proc_reencode(cps, count, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (len < 0) {
		free(cps);
		return arena_strdup(a, s);
	}
	char *out = arena_strdup(a, (const char *)cps);
	free(cps);
	return out;
}

char *text_trim(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	size_t i = 0;
	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')
		i++;
	if (i > 0)
		memmove(s, s + i, n - i + 1);
	return s;
}

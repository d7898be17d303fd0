/* Accept-Language negotiation (contract in negotiate.h).
 *
 * The header is read once into at most MAX_RANGES ranges, without
 * allocating; junk elements (bad tags, bad q-values) are skipped rather
 * than failing the whole header. Every scan stops at the header's NUL. */
#include "i18n/negotiate.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define MAX_RANGES 32
#define Q_MAX 1000 /* q-values are kept in thousandths */

struct lang_range {
	const char *tag; /* into the header; not NUL-terminated */
	size_t len;
	int q;
};

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* RFC 4647 §2.1: "*" or 1*8ALPHA *("-" 1*8alphanum). */
static bool range_valid(const char *s, size_t n)
{
	if (n == 1 && s[0] == '*')
		return true;
	size_t i = 0, sub = 0;
	bool first = true;
	for (;;) {
		size_t start = i;
		while (i < n && (is_alpha(s[i]) || (!first && is_digit(s[i]))))
			i++;
		sub = i - start;
		if (sub == 0 || sub > 8)
			return false;
		if (i == n)
			return true;
		if (s[i] != '-')
			return false;
		i++;
		first = false;
	}
}

/* RFC 9110 §12.4.2 qvalue, in thousandths; -1 if malformed. */
static int parse_qvalue(const char *s, size_t n)
{
	if (n == 0 || n > 5 || (s[0] != '0' && s[0] != '1'))
		return -1;
	int q = (s[0] - '0') * Q_MAX;
	if (n == 1)
		return q;
	if (s[1] != '.')
		return -1;
	int scale = 100;
	for (size_t i = 2; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		q += (s[i] - '0') * scale;
		scale /= 10;
	}
	return q > Q_MAX ? -1 : q;
}

/* Reads the parameters after a range, s[0..n): the q-value (Q_MAX when
 * absent), or -1 if they are malformed. Unknown parameters are ignored. */
static int read_weight(const char *s, size_t n)
{
	int q = Q_MAX;
	size_t i = 0;
	while (i < n && is_ows(s[i]))
		i++;
	while (i < n) {
		if (s[i] != ';')
			return -1;
		i++;
		const char *semi = memchr(s + i, ';', n - i);
		size_t end = semi ? (size_t)(semi - s) : n;
		while (i < end && is_ows(s[i]))
			i++;
		size_t stop = end;
		while (stop > i && is_ows(s[stop - 1]))
			stop--;
		if (stop > i && ascii_lower(s[i]) == 'q') {
			size_t j = i + 1;
			while (j < stop && is_ows(s[j]))
				j++;
			if (j < stop && s[j] == '=') {
				j++;
				while (j < stop && is_ows(s[j]))
					j++;
				q = parse_qvalue(s + j, stop - j);
				if (q < 0)
					return -1;
			}
		}
		i = end;
	}
	return q;
}

/* Splits the header on commas into valid ranges; returns how many. */
static size_t read_ranges(const char *header, struct lang_range *out)
{
	size_t count = 0, read = 0;
	const char *p = header;
	while (*p != '\0' && read < MAX_RANGES) {
		size_t len = strcspn(p, ",");
		const char *item = p;
		p += len;
		if (*p == ',')
			p++;
		while (len > 0 && is_ows(*item)) {
			item++;
			len--;
		}
		while (len > 0 && is_ows(item[len - 1]))
			len--;
		if (len == 0)
			continue; /* empty list elements do not count (RFC 9110 §5.6.1) */
		read++;
		size_t tag_len = 0;
		while (tag_len < len && item[tag_len] != ';' && !is_ows(item[tag_len]))
			tag_len++;
		if (!range_valid(item, tag_len))
			continue;
		int q = read_weight(item + tag_len, len - tag_len);
		if (q < 0)
			continue;
		out[count++] = (struct lang_range){ item, tag_len, q };
	}
	return count;
}

static bool is_wildcard(const struct lang_range *r)
{
	return r->len == 1 && r->tag[0] == '*';
}

/* Whether range r and the enabled code match by prefix on a subtag
 * boundary, in either direction ("es-MX" ~ "es", "zh" ~ "zh-hant"). */
static bool range_matches(const struct lang_range *r, const char *code, size_t code_len)
{
	size_t common = r->len < code_len ? r->len : code_len;
	for (size_t i = 0; i < common; i++)
		if (ascii_lower(r->tag[i]) != ascii_lower(code[i]))
			return false;
	if (r->len == code_len)
		return true;
	if (r->len > code_len)
		return r->tag[code_len] == '-';
	return code[r->len] == '-';
}

int lang_negotiate(const char *header, const char *const *enabled, size_t n_enabled)
{
	if (header == NULL || enabled == NULL)
		return -1;
	struct lang_range ranges[MAX_RANGES];
	size_t count = read_ranges(header, ranges);

	int best = -1, best_q = 0;
	size_t best_pos = SIZE_MAX;
	for (size_t e = 0; e < n_enabled && e < INT32_MAX; e++) {
		const char *code = enabled[e];
		if (code == NULL || code[0] == '\0')
			continue;
		size_t code_len = strlen(code);
		int q = -1;
		size_t pos = SIZE_MAX;
		bool excluded = false;
		for (size_t i = 0; i < count; i++) {
			const struct lang_range *r = &ranges[i];
			if (is_wildcard(r) || !range_matches(r, code, code_len))
				continue;
			/* "es;q=0" refuses es; "es-MX;q=0" alone does not. */
			if (r->q == 0 && r->len <= code_len)
				excluded = true;
			if (r->q > q) {
				q = r->q;
				pos = i;
			}
		}
		if (excluded)
			continue;
		if (q < 0) {
			/* Not listed: "*" speaks for it. */
			for (size_t i = 0; i < count; i++) {
				if (is_wildcard(&ranges[i]) && ranges[i].q > q) {
					q = ranges[i].q;
					pos = i;
				}
			}
		}
		if (q <= 0)
			continue;
		if (q > best_q || (q == best_q && pos < best_pos)) {
			best = (int)e;
			best_q = q;
			best_pos = pos;
		}
	}
	return best;
}

int lang_code_valid(const char *s)
{
	size_t n = s ? strnlen(s, 4) : 0;
	if (n < 2 || n > 3)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	return 1;
}

#include "core/phone.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "core/arena.h"
#include "i18n/msgid.h"

/* More digits than any accepted number has ("011" + 15); past this many
 * only the count is kept. */
enum { MAX_KEEP = 24, E164_MIN = 8, E164_MAX = 15 };

/* What the scan of typed text found. */
struct scan {
	char d[MAX_KEEP + 1];
	size_t n;            /* digits seen (may exceed MAX_KEEP) */
	bool plus;
	bool blank;          /* nothing but whitespace and invisible marks */
	bool bad;            /* a character a phone number cannot have */
};

/* Next code point of strict UTF-8 at *p (advanced), or -1 when malformed. */
static long next_cp(const unsigned char **p)
{
	const unsigned char *s = *p;
	long cp;
	size_t len;
	if (s[0] < 0x80) {
		*p = s + 1;
		return s[0];
	} else if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		cp = s[0] & 0x1f;
		len = 2;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		cp = s[0] & 0x0f;
		len = 3;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		cp = s[0] & 0x07;
		len = 4;
	} else {
		return -1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)  /* also stops at the NUL */
			return -1;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*p = s + len;
	return cp;
}

/* 0-9 for a decimal digit of a script people here type numbers in, else -1:
 * ASCII, Arabic-Indic, Extended Arabic-Indic (Urdu), Devanagari (Nepali,
 * Hindi), Bengali, Tibetan, fullwidth. */
static int digit_value(long cp)
{
	static const long zeros[] = { 0x30, 0x660, 0x6f0, 0x966, 0x9e6, 0xf20, 0xff10 };
	for (size_t i = 0; i < sizeof zeros / sizeof zeros[0]; i++)
		if (cp >= zeros[i] && cp <= zeros[i] + 9)
			return (int)(cp - zeros[i]);
	return -1;
}

/* Spaces and invisible direction/format marks (phones and RTL keyboards
 * insert these around numbers). Not line breaks. */
static bool is_blank(long cp)
{
	return cp == ' ' || cp == '\t' || cp == 0xa0 || cp == 0xad || cp == 0x61c ||
	       (cp >= 0x2000 && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202f) ||
	       cp == 0x205f || cp == 0x2060 || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x3000 || cp == 0xfeff;
}

/* Dots and dashes between digit groups. */
static bool is_separator(long cp)
{
	return cp == '.' || cp == '-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 ||
	       cp == 0xfe63 || cp == 0xff0d || cp == 0xff0e;
}

static bool starts_ci(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != *prefix)
			return false;
	}
	return true;
}

/* Reads typed text: at most one "+" before the first digit, one level of
 * parentheses, "tel:" first. Sets sc->bad on anything else. */
static void scan(const char *typed, struct scan *sc)
{
	memset(sc, 0, sizeof *sc);
	sc->blank = true;
	size_t len = strlen(typed);
	while (len > 0 && strchr(" \t\r\n\v\f", typed[len - 1]))
		len--;
	while (len > 0 && strchr(" \t\r\n\v\f", typed[0])) {
		typed++;
		len--;
	}
	const unsigned char *p = (const unsigned char *)typed;
	const unsigned char *end = p + len;
	if (len >= 4 && starts_ci(typed, "tel:")) {
		p += 4;
		sc->blank = false;
	}
	int depth = 0;
	while (p < end) {
		long cp = next_cp(&p);
		if (cp < 0 || p > end) {
			sc->bad = true;
			return;
		}
		if (is_blank(cp))
			continue;
		sc->blank = false;
		int v = digit_value(cp);
		if (v >= 0) {
			if (sc->n < MAX_KEEP)
				sc->d[sc->n] = (char)('0' + v);
			sc->n++;
		} else if ((cp == '+' || cp == 0xff0b) && !sc->plus && sc->n == 0) {
			sc->plus = true;
		} else if ((cp == '(' || cp == 0xff08) && depth == 0) {
			depth = 1;
		} else if ((cp == ')' || cp == 0xff09) && depth == 1) {
			depth = 0;
		} else if (!is_separator(cp)) {
			sc->bad = true;  /* letters (ext, x), '#', '*', '/', ',', ';', a second '+' */
			return;
		}
	}
	if (depth != 0)
		sc->bad = true;
	if (sc->n <= MAX_KEEP)
		sc->d[sc->n] = '\0';
}

/* NANP area code + exchange + line (10 digits): area code and exchange
 * are [2-9]XX and not N11 service codes; area codes N9X are reserved. */
static bool nanp_valid(const char *d)
{
	if (d[0] < '2' || d[3] < '2')
		return false;
	if ((d[1] == '1' && d[2] == '1') || (d[4] == '1' && d[5] == '1'))
		return false;
	return d[1] != '9';
}

/* Light national-number rules for countries our neighbors call. A number
 * whose NSN starts with `lead` must have exactly `lead_len` digits; other
 * NSNs have min..max digits. */
struct country {
	const char *cc;
	bool trunk0;          /* a "0" typed after the country code is dropped */
	bool mx_mobile1;      /* Mexico: the old mobile "1" (+52 1 55...) is dropped */
	const char *first;    /* allowed first NSN digits; NULL: 1-9 */
	char lead;
	unsigned char lead_len;
	const char *lead_next; /* allowed digits after `lead`; NULL: any */
	unsigned char min, max;
};

static const struct country countries[] = {
	{ "880", true, false, NULL, '1', 10, "3456789", 6, 10 },  /* Bangladesh: 01712-345678 */
	{ "977", true, false, NULL, '9', 10, NULL, 7, 8 },        /* Nepal: 980-1234567 */
	{ "92", true, false, NULL, '3', 10, NULL, 8, 11 },        /* Pakistan: 0300 1234567 */
	{ "91", true, false, NULL, 0, 0, NULL, 10, 10 },          /* India */
	{ "52", false, true, "23456789", 0, 0, NULL, 10, 10 },    /* Mexico, 10 digits since 2019 */
	{ "57", false, false, NULL, 0, 0, NULL, 10, 10 },         /* Colombia, 10 digits since 2021 */
	{ "593", true, false, NULL, '9', 9, NULL, 8, 8 },         /* Ecuador: 099 123 4567 */
	{ "502", false, false, NULL, 0, 0, NULL, 8, 8 },          /* Guatemala */
	{ "503", false, false, NULL, 0, 0, NULL, 8, 8 },          /* El Salvador */
	{ "504", false, false, NULL, 0, 0, NULL, 8, 8 },          /* Honduras */
};

/* ITU two-digit country codes; "1" and "7" are the one-digit ones and
 * every other code has three digits. */
static size_t cc_len(const char *d)
{
	static const char two[] = "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 "
	                          "51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 "
	                          "86 90 91 92 93 94 95 98 ";
	if (d[0] == '1' || d[0] == '7')
		return 1;
	for (const char *t = two; *t; t += 3)
		if (t[0] == d[0] && t[1] == d[1])
			return 2;
	return 3;
}

static const char *fail(const char **problem, const char *msgid)
{
	if (problem)
		*problem = msgid;
	return NULL;
}

static const char *length_problem(size_t n, size_t min, size_t max)
{
	if (n < min)
		return N_("phone.too_short");
	if (n > max)
		return N_("phone.too_long");
	return NULL;
}

/* "+" and d[0..n) in the arena. */
static const char *e164(struct arena *a, const char *d, size_t n)
{
	char *out = arena_alloc(a, n + 2);
	out[0] = '+';
	memcpy(out + 1, d, n);
	out[n + 1] = '\0';
	return out;
}

/* Country code and national number d[0..n) typed after "+", "00" or "011". */
static const char *international(struct arena *a, const char *d, size_t n,
                                 const char **problem)
{
	const char *why;
	if (n == 0)
		return fail(problem, N_("phone.too_short"));
	if (d[0] == '0')
		return fail(problem, N_("phone.invalid"));
	if (d[0] == '1') {
		if ((why = length_problem(n, 11, 11)))
			return fail(problem, why);
		return nanp_valid(d + 1) ? e164(a, d, n) : fail(problem, N_("phone.invalid"));
	}
	for (size_t i = 0; i < sizeof countries / sizeof countries[0]; i++) {
		const struct country *c = &countries[i];
		size_t ccn = strlen(c->cc);
		if (n < ccn || memcmp(d, c->cc, ccn) != 0)
			continue;
		char buf[MAX_KEEP + 1];
		const char *nsn = d + ccn;
		size_t m = n - ccn;
		if (c->trunk0 && m > 0 && nsn[0] == '0') {
			nsn++;
			m--;
		}
		if (c->mx_mobile1 && m == 11 && nsn[0] == '1') {
			nsn++;
			m--;
		}
		if (m == 0)
			return fail(problem, N_("phone.too_short"));
		if (nsn[0] == '0' || (c->first && !strchr(c->first, nsn[0])))
			return fail(problem, N_("phone.invalid"));
		if (c->lead && nsn[0] == c->lead) {
			if ((why = length_problem(m, c->lead_len, c->lead_len)))
				return fail(problem, why);
			if (c->lead_next && !strchr(c->lead_next, nsn[1]))
				return fail(problem, N_("phone.invalid"));
		} else if ((why = length_problem(m, c->min, c->max))) {
			return fail(problem, why);
		}
		if ((why = length_problem(ccn + m, E164_MIN, E164_MAX)))
			return fail(problem, why);
		memcpy(buf, c->cc, ccn);
		memcpy(buf + ccn, nsn, m);
		return e164(a, buf, ccn + m);
	}
	if ((why = length_problem(n, E164_MIN, E164_MAX)))
		return fail(problem, why);
	return e164(a, d, n);
}

/* A number typed without an international prefix in the US. */
static const char *us_national(struct arena *a, const char *d, size_t n, const char **problem)
{
	char buf[12] = "1";
	if (n < 7)
		return fail(problem, N_("phone.too_short"));
	if (d[0] == '0')  /* a trunk prefix: a national number from elsewhere */
		return fail(problem, N_("phone.needs_country_code"));
	if (n == 7)
		return fail(problem, N_("phone.needs_area_code"));
	if (n < 10)
		return fail(problem, N_("phone.too_short"));
	if (n == 10)
		memcpy(buf + 1, d, 10);
	else if (n == 11 && d[0] == '1')
		memcpy(buf + 1, d + 1, 10);
	else if (n == 11 || d[0] == '1' || n > E164_MAX)
		return fail(problem, N_("phone.too_long"));
	else  /* 12-15 digits: a country code typed without "+"? */
		return fail(problem, N_("phone.needs_country_code"));
	return nanp_valid(buf + 1) ? e164(a, buf, 11) : fail(problem, N_("phone.invalid"));
}

const char *phone_normalize(struct arena *a, const char *typed, const char *default_region,
                            const char **problem_msgid)
{
	struct scan sc;
	if (problem_msgid)
		*problem_msgid = NULL;
	if (typed == NULL)
		return fail(problem_msgid, N_("field.required"));
	scan(typed, &sc);
	if (sc.bad)
		return fail(problem_msgid, N_("phone.invalid"));
	if (sc.blank)
		return fail(problem_msgid, N_("field.required"));
	if (sc.n == 0)
		return fail(problem_msgid, N_("phone.invalid"));
	if (sc.n > MAX_KEEP)
		return fail(problem_msgid, N_("phone.too_long"));
	bool us = default_region == NULL || default_region[0] == '\0' ||
	          (starts_ci(default_region, "us") && default_region[2] == '\0');
	if (sc.plus)
		return international(a, sc.d, sc.n, problem_msgid);
	if (us && starts_ci(sc.d, "011"))
		return international(a, sc.d + 3, sc.n - 3, problem_msgid);
	if (starts_ci(sc.d, "00"))
		return international(a, sc.d + 2, sc.n - 2, problem_msgid);
	if (us)
		return us_national(a, sc.d, sc.n, problem_msgid);
	return fail(problem_msgid, N_("phone.needs_country_code"));
}

/* Display patterns: each X takes a digit of the national number. */
struct layout {
	const char *cc;
	const char *prefix;   /* the national number starts with this */
	const char *pattern;
};

static const struct layout layouts[] = {
	{ "1", "", "XXX-XXX-XXXX" },
	{ "880", "1", "XXXX-XXXXXX" },
	{ "977", "9", "XXX-XXXXXXX" },
	{ "92", "3", "XXX XXXXXXX" },
	{ "91", "", "XXXXX XXXXX" },
	{ "52", "55", "XX XXXX XXXX" },
	{ "52", "33", "XX XXXX XXXX" },
	{ "52", "81", "XX XXXX XXXX" },
	{ "52", "", "XXX XXX XXXX" },
	{ "57", "", "XXX XXXXXXX" },
	{ "593", "9", "XX XXX XXXX" },
	{ "593", "", "X XXX XXXX" },
	{ "502", "", "XXXX XXXX" },
	{ "503", "", "XXXX XXXX" },
	{ "504", "", "XXXX XXXX" },
};

static size_t count_x(const char *pattern)
{
	size_t n = 0;
	for (; *pattern; pattern++)
		n += *pattern == 'X';
	return n;
}

char *phone_display(struct arena *a, const char *e164_in)
{
	if (e164_in == NULL)
		return arena_strdup(a, "");
	size_t n = strlen(e164_in);
	bool ok = n >= 2 && n <= 1 + E164_MAX && e164_in[0] == '+';
	for (size_t i = 1; ok && i < n; i++)
		ok = e164_in[i] >= '0' && e164_in[i] <= '9';
	if (!ok)
		return arena_strdup(a, e164_in);

	const char *d = e164_in + 1;
	size_t ccn = cc_len(d);
	if (ccn >= n - 1)
		return arena_strdup(a, e164_in);
	const char *nsn = d + ccn;
	size_t m = strlen(nsn);
	char *out = arena_alloc(a, 2 * n + 4), *o = out;
	*o++ = '+';
	memcpy(o, d, ccn);
	o += ccn;
	*o++ = ' ';

	for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
		const struct layout *l = &layouts[i];
		if (strlen(l->cc) != ccn || memcmp(d, l->cc, ccn) != 0 ||
		    strncmp(nsn, l->prefix, strlen(l->prefix)) != 0 || count_x(l->pattern) != m)
			continue;
		for (const char *p = l->pattern; *p; p++)
			*o++ = *p == 'X' ? *nsn++ : *p;
		*o = '\0';
		return out;
	}

	/* Groups of three, the last of four, no group of one: 12 345 6789. */
	size_t first = m;
	if (m == 5)
		first = 2;
	else if (m > 5)
		first = (m - 4) % 3 == 0 ? 3 : (m - 4) % 3 == 1 ? 4 : 2;
	size_t rest = m - first;
	memcpy(o, nsn, first);
	o += first;
	nsn += first;
	while (rest > 0) {
		size_t g = rest == 4 ? 4 : 3;
		*o++ = ' ';
		memcpy(o, nsn, g);
		o += g;
		nsn += g;
		rest -= g;
	}
	*o = '\0';
	return out;
}

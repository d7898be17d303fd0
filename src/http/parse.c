/* Request input parsers (contracts in parse.h).
 *
 * Everything here reads hostile bytes, so each loop is bounded by the
 * input length, nothing recurses, and every decoded string is checked
 * with text_valid_utf8() (which also refuses NUL) before it is handed on.
 * Output lives in the arena; inputs need not be NUL-terminated. */
#include "http/parse.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/text.h"

/* RFC 2046 §5.1.1: a boundary is 1 to 70 characters. */
#define MULTIPART_MAX_BOUNDARY 70
/* Per part: browsers send two or three header lines. */
#define MULTIPART_MAX_HEADERS 8
#define MULTIPART_MAX_HEADER_LINE 1024
/* NAME_MAX on common file systems; filenames are names, not paths. */
#define MULTIPART_MAX_FILENAME 255
/* RFC 7578 §4.4 allows text/plain; octet-stream is never rendered. */
#define MULTIPART_DEFAULT_FILE_TYPE "application/octet-stream"

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* RFC 9110 tchar. */
static bool is_tchar(char ch)
{
	unsigned char c = (unsigned char)ch;
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static bool is_ctl(char ch)
{
	unsigned char c = (unsigned char)ch;
	return c < 0x20 || c == 0x7f;
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* s[0..n) equals the lowercase NUL-terminated `word`, ignoring ASCII case. */
static bool equals_word(const char *s, size_t n, const char *word)
{
	size_t i = 0;
	for (; i < n; i++)
		if (word[i] == '\0' || ascii_lower(s[i]) != word[i])
			return false;
	return word[i] == '\0';
}

static int hex_value(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Percent-decodes s[0..n) into the arena, `+` becoming a space when
 * plus_is_space. The result must be at most `max` bytes, valid UTF-8 and
 * free of NUL. A `%` not followed by two hex digits is PARSE_MALFORMED. */
static enum parse_status percent_decode(struct arena *a, const char *s, size_t n,
                                        bool plus_is_space, size_t max,
                                        char **out, size_t *out_len)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++, len++) {
		if (s[i] != '%')
			continue;
		if (n - i < 3 || hex_value(s[i + 1]) < 0 || hex_value(s[i + 2]) < 0)
			return PARSE_MALFORMED;
		i += 2;
	}
	if (len > max)
		return PARSE_FIELD_TOO_LONG;
	char *d = arena_alloc(a, len + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			c = (char)(hex_value(s[i + 1]) << 4 | hex_value(s[i + 2]));
			i += 2;
		} else if (c == '+' && plus_is_space) {
			c = ' ';
		}
		d[j++] = c;
	}
	d[j] = '\0';
	if (!text_valid_utf8(d, j))
		return PARSE_BAD_UTF8;
	*out = d;
	*out_len = j;
	return PARSE_OK;
}

enum parse_status parse_urlencoded(struct arena *a, const char *s, size_t n,
                                   const struct parse_limits *lim, struct kv_list *out)
{
	size_t fields = 0;
	size_t i = 0;
	while (i < n) {
		const char *pair = s + i;
		const char *amp = memchr(pair, '&', n - i);
		size_t pair_len = amp ? (size_t)(amp - pair) : n - i;
		i += pair_len + 1;
		if (pair_len == 0)
			continue;
		if (fields == lim->max_fields)
			return PARSE_TOO_MANY_FIELDS;
		const char *eq = memchr(pair, '=', pair_len);
		size_t name_len = eq ? (size_t)(eq - pair) : pair_len;
		const char *raw_value = eq ? eq + 1 : pair + pair_len;
		size_t raw_value_len = eq ? pair_len - name_len - 1 : 0;

		char *name, *value;
		size_t decoded_name_len, value_len;
		enum parse_status st = percent_decode(a, pair, name_len, true, lim->max_name,
		                                      &name, &decoded_name_len);
		if (st != PARSE_OK)
			return st;
		st = percent_decode(a, raw_value, raw_value_len, true, lim->max_value, &value,
		                    &value_len);
		if (st != PARSE_OK)
			return st;
		kv_add(a, out, name, value, value_len);
		fields++;
	}
	return PARSE_OK;
}

enum parse_status parse_path(struct arena *a, const char *s, size_t n, char **out)
{
	size_t len;
	*out = NULL;
	return percent_decode(a, s, n, false, SIZE_MAX, out, &len);
}

/* ---- Cookie header ------------------------------------------------------ */

/* Trims spaces and tabs from both ends of [*start, *end). */
static void trim_ows(const char **start, const char **end)
{
	while (*start < *end && is_ows(**start))
		(*start)++;
	while (*end > *start && is_ows((*end)[-1]))
		(*end)--;
}

enum parse_status parse_cookies(struct arena *a, const char *s, size_t n,
                                const struct parse_limits *lim, struct kv_list *out)
{
	size_t cookies = 0;
	size_t i = 0;
	while (i < n) {
		const char *start = s + i;
		const char *semi = memchr(start, ';', n - i);
		const char *end = semi ? semi : s + n;
		i = (size_t)(end - s) + 1;

		trim_ows(&start, &end);
		const char *eq = memchr(start, '=', (size_t)(end - start));
		if (eq == NULL)
			continue;
		const char *name = start, *name_end = eq;
		const char *value = eq + 1, *value_end = end;
		trim_ows(&name, &name_end);
		trim_ows(&value, &value_end);
		if (name == name_end)
			continue;
		bool name_ok = true;
		for (const char *p = name; p < name_end; p++)
			name_ok = name_ok && is_tchar(*p);
		if (!name_ok)
			continue;
		if (value < value_end && *value == '"') {
			if (value_end - value < 2 || value_end[-1] != '"')
				continue;
			value++;
			value_end--;
		}
		bool value_ok = true;
		for (const char *p = value; p < value_end; p++)
			value_ok = value_ok && !is_ctl(*p) && *p != '"';
		if (!value_ok)
			continue;

		size_t name_len = (size_t)(name_end - name);
		size_t value_len = (size_t)(value_end - value);
		if (cookies == lim->max_fields)
			return PARSE_TOO_MANY_FIELDS;
		if (name_len > lim->max_name || value_len > lim->max_value)
			return PARSE_FIELD_TOO_LONG;
		if (!text_valid_utf8(value, value_len))
			return PARSE_BAD_UTF8;
		kv_add(a, out, arena_memdup(a, name, name_len), arena_memdup(a, value, value_len),
		       value_len);
		cookies++;
	}
	return PARSE_OK;
}

/* ---- multipart/form-data ------------------------------------------------ */

/* One `; name=value` parameter of a header value (RFC 9110 §5.6.6). The
 * value is left in place; param_value() copies it out when it is wanted,
 * so ignored parameters cost no memory. */
struct param {
	const char *name;
	size_t name_len;
	const char *raw;   /* the token, or the inside of the quotes */
	size_t raw_len;
	size_t value_len;  /* after removing backslash escapes */
	bool quoted;
};

/* Reads the next parameter from [*pp, end): 1 with `out` filled and *pp
 * moved past it, 0 at the end (a trailing `;` is tolerated), -1 on a
 * syntax error. Quoted values may use backslash escapes. */
static int next_param(const char **pp, const char *end, struct param *out)
{
	const char *p = *pp;
	while (p < end && is_ows(*p))
		p++;
	if (p == end)
		return 0;
	if (*p != ';')
		return -1;
	p++;
	while (p < end && is_ows(*p))
		p++;
	if (p == end) {
		*pp = p;
		return 0;
	}
	out->name = p;
	while (p < end && is_tchar(*p))
		p++;
	out->name_len = (size_t)(p - out->name);
	if (out->name_len == 0)
		return -1;
	while (p < end && is_ows(*p))
		p++;
	if (p == end || *p != '=')
		return -1;
	p++;
	while (p < end && is_ows(*p))
		p++;
	out->quoted = p < end && *p == '"';
	if (out->quoted) {
		out->raw = ++p;
		out->value_len = 0;
		for (;;) {
			if (p == end)
				return -1;
			if (*p == '"')
				break;
			if (*p == '\\' && ++p == end)
				return -1;
			p++;
			out->value_len++;
		}
		out->raw_len = (size_t)(p - out->raw);
		p++; /* the closing quote */
	} else {
		out->raw = p;
		while (p < end && is_tchar(*p))
			p++;
		out->raw_len = out->value_len = (size_t)(p - out->raw);
		if (out->raw_len == 0)
			return -1;
	}
	*pp = p;
	return 1;
}

/* The parameter's value, unquoted and unescaped, NUL-terminated. */
static char *param_value(struct arena *a, const struct param *prm)
{
	if (!prm->quoted)
		return arena_memdup(a, prm->raw, prm->raw_len);
	char *v = arena_alloc(a, prm->value_len + 1);
	size_t len = 0;
	for (size_t i = 0; i < prm->raw_len; i++) {
		if (prm->raw[i] == '\\')
			i++;
		v[len++] = prm->raw[i];
	}
	v[len] = '\0';
	return v;
}

/* RFC 2046 bcharsnospace plus inner spaces, 1 to 70 of them. */
static bool boundary_valid(const char *b, size_t n)
{
	if (n == 0 || n > MULTIPART_MAX_BOUNDARY || b[n - 1] == ' ')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = b[i];
		bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		             (c >= 'A' && c <= 'Z');
		if (!alnum && (c == '\0' || strchr("'()+_,-./:=? ", c) == NULL))
			return false;
	}
	return true;
}

const char *parse_multipart_boundary(struct arena *a, const char *content_type)
{
	if (content_type == NULL)
		return NULL;
	const char *end = content_type + strlen(content_type);
	const char *p = memchr(content_type, ';', (size_t)(end - content_type));
	if (p == NULL)
		return NULL;
	struct param prm, boundary = { 0 };
	int r;
	while ((r = next_param(&p, end, &prm)) > 0) {
		if (!equals_word(prm.name, prm.name_len, "boundary"))
			continue;
		if (boundary.name != NULL)
			return NULL; /* two boundaries: ambiguous, refuse */
		boundary = prm;
	}
	if (r < 0 || boundary.name == NULL || boundary.value_len > MULTIPART_MAX_BOUNDARY)
		return NULL;
	char *b = param_value(a, &boundary);
	return boundary_valid(b, boundary.value_len) ? b : NULL;
}

/* What the headers of one part said. */
struct part_head {
	bool has_disposition;
	const char *name;       /* NULL if absent */
	size_t name_len;
	const char *filename;   /* NULL if absent: the part is a field */
	size_t filename_len;
	const char *content_type;
	size_t content_type_len;
};

/* Content-Disposition: form-data; name="..."; filename="..." */
static enum parse_status read_disposition(struct arena *a, const char *v, const char *end,
                                          struct part_head *h)
{
	const char *type = v;
	while (v < end && is_tchar(*v))
		v++;
	if (!equals_word(type, (size_t)(v - type), "form-data"))
		return PARSE_MALFORMED;
	struct param prm;
	int r;
	while ((r = next_param(&v, end, &prm)) > 0) {
		if (equals_word(prm.name, prm.name_len, "name")) {
			if (h->name != NULL)
				return PARSE_MALFORMED;
			h->name = param_value(a, &prm);
			h->name_len = prm.value_len;
		} else if (equals_word(prm.name, prm.name_len, "filename")) {
			if (h->filename != NULL)
				return PARSE_MALFORMED;
			h->filename = param_value(a, &prm);
			h->filename_len = prm.value_len;
		}
		/* Others (filename* included, RFC 7578 §4.2) are ignored. */
	}
	return r < 0 ? PARSE_MALFORMED : PARSE_OK;
}

/* One header line (without its CRLF). */
static enum parse_status read_part_header(struct arena *a, const char *line, size_t len,
                                          struct part_head *h)
{
	const char *end = line + len;
	const char *colon = memchr(line, ':', len);
	if (colon == NULL || colon == line)
		return PARSE_MALFORMED;
	for (const char *p = line; p < colon; p++)
		if (!is_tchar(*p))
			return PARSE_MALFORMED;
	for (const char *p = colon + 1; p < end; p++)
		if (is_ctl(*p) && *p != '\t')
			return PARSE_MALFORMED;
	const char *value = colon + 1;
	trim_ows(&value, &end);
	size_t name_len = (size_t)(colon - line);
	if (equals_word(line, name_len, "content-disposition")) {
		if (h->has_disposition)
			return PARSE_MALFORMED;
		h->has_disposition = true;
		return read_disposition(a, value, end, h);
	}
	if (equals_word(line, name_len, "content-type")) {
		if (h->content_type != NULL)
			return PARSE_MALFORMED;
		h->content_type_len = (size_t)(end - value);
		h->content_type = arena_memdup(a, value, h->content_type_len);
	}
	return PARSE_OK;
}

static void upload_add(struct arena *a, struct upload_list *l, const struct upload *u)
{
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 4;
		struct upload *items = arena_alloc(a, cap * sizeof *items);
		if (l->count)
			memcpy(items, l->items, l->count * sizeof *items);
		l->items = items;
		l->cap = cap;
	}
	l->items[l->count++] = *u;
}

/* One body part: p[0..n) lies between the CRLF that ends a delimiter
 * line and the CRLF that starts the next delimiter. */
static enum parse_status read_part(struct arena *a, const char *p, size_t n,
                                   const struct parse_limits *lim, struct kv_list *fields,
                                   struct upload_list *files)
{
	const char *end = p + n;
	struct part_head h = { 0 };
	size_t headers = 0;
	for (;;) {
		size_t left = (size_t)(end - p);
		size_t window = left < MULTIPART_MAX_HEADER_LINE + 2 ? left
		                                                     : MULTIPART_MAX_HEADER_LINE + 2;
		const char *cr = memchr(p, '\r', window);
		if (cr == NULL)
			return left > MULTIPART_MAX_HEADER_LINE ? PARSE_FIELD_TOO_LONG
			                                        : PARSE_MALFORMED;
		if (end - cr < 2 || cr[1] != '\n')
			return PARSE_MALFORMED;
		size_t line_len = (size_t)(cr - p);
		const char *line = p;
		p = cr + 2;
		if (line_len == 0)
			break; /* blank line: the content follows */
		if (line_len > MULTIPART_MAX_HEADER_LINE)
			return PARSE_FIELD_TOO_LONG;
		if (++headers > MULTIPART_MAX_HEADERS)
			return PARSE_MALFORMED;
		enum parse_status st = read_part_header(a, line, line_len, &h);
		if (st != PARSE_OK)
			return st;
	}
	if (!h.has_disposition || h.name == NULL)
		return PARSE_MALFORMED;
	if (h.name_len > lim->max_name)
		return PARSE_FIELD_TOO_LONG;
	if (!text_valid_utf8(h.name, h.name_len))
		return PARSE_BAD_UTF8;
	size_t len = (size_t)(end - p);
	if (len > lim->max_value)
		return PARSE_FIELD_TOO_LONG;

	if (h.filename == NULL) {
		if (!text_valid_utf8(p, len))
			return PARSE_BAD_UTF8;
		kv_add(a, fields, h.name, arena_memdup(a, p, len), len);
		return PARSE_OK;
	}
	if (h.filename_len > MULTIPART_MAX_FILENAME)
		return PARSE_FIELD_TOO_LONG;
	if (!text_valid_utf8(h.filename, h.filename_len))
		return PARSE_BAD_UTF8;
	if (h.content_type == NULL || h.content_type_len == 0)
		h.content_type = MULTIPART_DEFAULT_FILE_TYPE;
	else if (!text_valid_utf8(h.content_type, h.content_type_len))
		return PARSE_BAD_UTF8;
	struct upload u = {
		.field = h.name,
		.filename = h.filename,
		.content_type = h.content_type,
		.data = (const unsigned char *)arena_memdup(a, p, len),
		.len = len,
	};
	upload_add(a, files, &u);
	return PARSE_OK;
}

/* RFC 2046 §5.1.1: [preamble CRLF] "--" boundary padding CRLF part, then
 * (CRLF "--" boundary padding CRLF part)*, then CRLF "--" boundary "--"
 * [epilogue]. A delimiter may not occur inside a part, so the first
 * CRLF "--" boundary after a part's start ends it. */
enum parse_status parse_multipart(struct arena *a, const char *body, size_t n,
                                  const char *boundary, const struct parse_limits *lim,
                                  struct kv_list *fields, struct upload_list *files)
{
	if (boundary == NULL || body == NULL || n == 0)
		return PARSE_MALFORMED;
	size_t blen = strlen(boundary);
	if (!boundary_valid(boundary, blen))
		return PARSE_MALFORMED;
	size_t delim_len = blen + 4;
	char *delim = arena_alloc(a, delim_len + 1);
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, boundary, blen + 1);

	size_t pos; /* just past a "--boundary" */
	if (n >= delim_len - 2 && memcmp(body, delim + 2, delim_len - 2) == 0) {
		pos = delim_len - 2;
	} else {
		const char *hit = memmem(body, n, delim, delim_len);
		if (hit == NULL)
			return PARSE_MALFORMED;
		pos = (size_t)(hit - body) + delim_len;
	}
	size_t parts = 0;
	for (;;) {
		if (n - pos >= 2 && body[pos] == '-' && body[pos + 1] == '-')
			return PARSE_OK; /* close delimiter; the epilogue is ignored */
		while (pos < n && is_ows(body[pos]))
			pos++;
		if (n - pos < 2 || body[pos] != '\r' || body[pos + 1] != '\n')
			return PARSE_MALFORMED;
		pos += 2;
		const char *hit = memmem(body + pos, n - pos, delim, delim_len);
		if (hit == NULL)
			return PARSE_MALFORMED; /* truncated: no closing delimiter */
		if (parts == lim->max_fields)
			return PARSE_TOO_MANY_FIELDS;
		parts++;
		size_t part_end = (size_t)(hit - body);
		enum parse_status st = read_part(a, body + pos, part_end - pos, lim, fields, files);
		if (st != PARSE_OK)
			return st;
		pos = part_end + delim_len;
	}
}

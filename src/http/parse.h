/* Parsers for untrusted request input: urlencoded forms and query strings,
 * multipart/form-data bodies, Cookie headers. Each is a pure function of its
 * input bytes (no libmicrohttpd types) so it can be unit tested and fuzzed.
 *
 * Every parser enforces `struct parse_limits` and the text rules of
 * core/text.h (valid UTF-8, no NUL after decoding); it returns PARSE_OK or
 * the first error met. Output strings are NUL-terminated, in the arena. */
#ifndef SANCTUARY_PARSE_H
#define SANCTUARY_PARSE_H

#include <stddef.h>

#include "http/kv.h"

struct arena;

enum parse_status {
	PARSE_OK = 0,
	PARSE_MALFORMED,      /* syntax error, bad percent-escape, bad boundary */
	PARSE_BAD_UTF8,       /* invalid UTF-8 or NUL after decoding */
	PARSE_TOO_MANY_FIELDS,
	PARSE_FIELD_TOO_LONG, /* a name or value over its limit */
};

struct parse_limits {
	size_t max_fields;    /* pairs / parts / cookies */
	size_t max_name;      /* bytes */
	size_t max_value;     /* bytes, per value (uploads: per file) */
};

/* application/x-www-form-urlencoded (also the query string): `+` is space,
 * %XX escapes, pairs split by `&` (empty pairs skipped), a name without `=`
 * has an empty value. */
enum parse_status parse_urlencoded(struct arena *a, const char *s, size_t n,
                                   const struct parse_limits *lim, struct kv_list *out);

/* One uploaded file from a multipart body. Content is raw bytes (not
 * UTF-8 checked); filename is UTF-8 checked and never used as a path. */
struct upload {
	const char *field;
	const char *filename;
	const char *content_type;
	const unsigned char *data;
	size_t len;
};

struct upload_list {
	struct upload *items;
	size_t count;
	size_t cap;
};

/* Extracts the boundary parameter from a Content-Type header value
 * ("multipart/form-data; boundary=..."), possibly quoted; NULL if absent
 * or longer than 70 bytes (RFC 2046). */
const char *parse_multipart_boundary(struct arena *a, const char *content_type);

/* multipart/form-data: parts with a filename go to `files`, others to
 * `fields` (UTF-8 checked). Parts count against max_fields. */
enum parse_status parse_multipart(struct arena *a, const char *body, size_t n,
                                  const char *boundary, const struct parse_limits *lim,
                                  struct kv_list *fields, struct upload_list *files);

/* A Cookie header: "a=1; b=2". Values may be double-quoted (quotes
 * removed); no percent-decoding. Malformed pairs are skipped, not errors,
 * as browsers send what other sites set. */
enum parse_status parse_cookies(struct arena *a, const char *s, size_t n,
                                const struct parse_limits *lim, struct kv_list *out);

/* Percent-decodes a URL path (no `+` rule). Fails on a bad escape, on
 * %00, or on invalid UTF-8. */
enum parse_status parse_path(struct arena *a, const char *s, size_t n, char **out);

#endif

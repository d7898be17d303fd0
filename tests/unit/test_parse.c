/* Unit tests for http/parse.c: urlencoded bodies and query strings,
 * multipart/form-data, Cookie headers and URL paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "http/kv.h"
#include "http/parse.h"

static const struct parse_limits limits = {
	.max_fields = 8,
	.max_name = 16,
	.max_value = 64,
};

static int arena_setup(void **state)
{
	*state = arena_new(4096);
	return 0;
}

static int arena_teardown(void **state)
{
	arena_destroy(*state);
	return 0;
}

static enum parse_status urlencoded(struct arena *a, const char *s, struct kv_list *out)
{
	memset(out, 0, sizeof *out);
	return parse_urlencoded(a, s, strlen(s), &limits, out);
}

static enum parse_status cookies(struct arena *a, const char *s, struct kv_list *out)
{
	memset(out, 0, sizeof *out);
	return parse_cookies(a, s, strlen(s), &limits, out);
}

static enum parse_status multipart(struct arena *a, const char *body, const char *boundary,
                                   struct kv_list *fields, struct upload_list *files)
{
	memset(fields, 0, sizeof *fields);
	memset(files, 0, sizeof *files);
	return parse_multipart(a, body, strlen(body), boundary, &limits, fields, files);
}

/* ---- urlencoded ---------------------------------------------------------- */

static void test_urlencoded_basic(void **state)
{
	struct kv_list l;
	assert_int_equal(urlencoded(*state, "email=a%40b.org&password=hunter2", &l), PARSE_OK);
	assert_int_equal(l.count, 2);
	assert_string_equal(l.items[0].name, "email");
	assert_string_equal(l.items[0].value, "a@b.org");
	assert_int_equal(l.items[0].value_len, 7);
	assert_string_equal(kv_get(&l, "password"), "hunter2");
}

static void test_urlencoded_plus_and_escapes(void **state)
{
	struct kv_list l;
	assert_int_equal(urlencoded(*state, "q=caf%C3%A9+au+lait&a+b=%2B%2b%3d", &l), PARSE_OK);
	assert_string_equal(kv_get(&l, "q"), "café au lait");
	assert_string_equal(kv_get(&l, "a b"), "++=");
	/* Bengali, percent-encoded as a browser sends it. */
	assert_int_equal(urlencoded(*state, "name=%E0%A6%B0%E0%A6%BF", &l), PARSE_OK);
	assert_string_equal(kv_get(&l, "name"), "রি");
	/* Raw UTF-8 (as in a query string typed by hand) passes through. */
	assert_int_equal(urlencoded(*state, "q=Jos\xc3\xa9", &l), PARSE_OK);
	assert_string_equal(kv_get(&l, "q"), "José");
}

static void test_urlencoded_empty_pairs_and_bare_names(void **state)
{
	struct kv_list l;
	assert_int_equal(urlencoded(*state, "&&a=1&&&flag&b=&=x&", &l), PARSE_OK);
	assert_int_equal(l.count, 4);
	assert_string_equal(l.items[0].name, "a");
	assert_string_equal(l.items[1].name, "flag");
	assert_string_equal(l.items[1].value, "");
	assert_int_equal(l.items[1].value_len, 0);
	assert_string_equal(l.items[2].name, "b");
	assert_string_equal(l.items[2].value, "");
	assert_string_equal(l.items[3].name, "");
	assert_string_equal(l.items[3].value, "x");
	/* Only the first `=` splits. */
	assert_int_equal(urlencoded(*state, "k=a=b", &l), PARSE_OK);
	assert_string_equal(kv_get(&l, "k"), "a=b");

	assert_int_equal(urlencoded(*state, "", &l), PARSE_OK);
	assert_int_equal(l.count, 0);
	assert_int_equal(urlencoded(*state, "&&&", &l), PARSE_OK);
	assert_int_equal(l.count, 0);
}

static void test_urlencoded_repeated_names(void **state)
{
	struct kv_list l;
	assert_int_equal(urlencoded(*state, "tag=a&x=1&tag=b&tag=c", &l), PARSE_OK);
	assert_int_equal(kv_count(&l, "tag"), 3);
	assert_string_equal(kv_get(&l, "tag"), "a");
	assert_string_equal(l.items[2].value, "b");
	assert_string_equal(l.items[3].value, "c");
}

static void test_urlencoded_bad_escapes(void **state)
{
	struct kv_list l;
	assert_int_equal(urlencoded(*state, "q=%4", &l), PARSE_MALFORMED);
	assert_int_equal(urlencoded(*state, "q=%G1", &l), PARSE_MALFORMED);
	assert_int_equal(urlencoded(*state, "q=%1G", &l), PARSE_MALFORMED);
	assert_int_equal(urlencoded(*state, "q=%", &l), PARSE_MALFORMED);
	assert_int_equal(urlencoded(*state, "%zz=1", &l), PARSE_MALFORMED);
	assert_int_equal(urlencoded(*state, "a=1&b=%%41", &l), PARSE_MALFORMED);
	/* NUL, decoded or raw, is not text. */
	assert_int_equal(urlencoded(*state, "q=%00", &l), PARSE_BAD_UTF8);
	assert_int_equal(urlencoded(*state, "q%00=1", &l), PARSE_BAD_UTF8);
	assert_int_equal(parse_urlencoded(*state, "q=a\0b", 5, &limits, &l), PARSE_BAD_UTF8);
}

static void test_urlencoded_bad_utf8(void **state)
{
	struct kv_list l;
	static const char *const bad[] = {
		"q=%FF", "q=%C3%28", "q=%C0%AF", "q=%ED%A0%80", "q=%F4%90%80%80", "q=%E2%82",
		"%FF=1", "q=\xff",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(urlencoded(*state, bad[i], &l), PARSE_BAD_UTF8);
}

static void test_urlencoded_limits(void **state)
{
	struct kv_list l;
	/* max_fields = 8: eight pass, nine do not; empty pairs are free. */
	assert_int_equal(urlencoded(*state, "a=1&b&c&d&e&f&g&h&&&", &l), PARSE_OK);
	assert_int_equal(l.count, 8);
	assert_int_equal(urlencoded(*state, "a=1&b&c&d&e&f&g&h&i", &l), PARSE_TOO_MANY_FIELDS);
	/* max_name = 16 bytes, counted after decoding. */
	assert_int_equal(urlencoded(*state, "0123456789abcdef=1", &l), PARSE_OK);
	assert_int_equal(urlencoded(*state, "0123456789abcdefg=1", &l), PARSE_FIELD_TOO_LONG);
	assert_int_equal(urlencoded(*state, "%30123456789abcdef=1", &l), PARSE_OK);
	/* max_value = 64 bytes. */
	char body[128] = "v=";
	memset(body + 2, 'x', 64);
	assert_int_equal(urlencoded(*state, body, &l), PARSE_OK);
	assert_int_equal(l.items[0].value_len, 64);
	body[66] = 'x';
	assert_int_equal(urlencoded(*state, body, &l), PARSE_FIELD_TOO_LONG);
}

static void test_urlencoded_length_is_respected(void **state)
{
	/* Only n bytes are read: the query string ends before the `#`. */
	struct kv_list l = { 0 };
	const char *uri_query = "a=1&b=2#fragment&c=3";
	assert_int_equal(parse_urlencoded(*state, uri_query, 7, &limits, &l), PARSE_OK);
	assert_int_equal(l.count, 2);
	assert_string_equal(kv_get(&l, "b"), "2");
	assert_null(kv_get(&l, "c"));
	/* A truncated escape at the cut is malformed, not a read past it. */
	memset(&l, 0, sizeof l);
	assert_int_equal(parse_urlencoded(*state, "a=%41", 4, &limits, &l), PARSE_MALFORMED);
}

/* ---- path ---------------------------------------------------------------- */

static void test_path(void **state)
{
	char *out = NULL;
	const char *p = "/docs/a%20b+c/%E0%A6%AC";
	assert_int_equal(parse_path(*state, p, strlen(p), &out), PARSE_OK);
	assert_string_equal(out, "/docs/a b+c/ব");
	assert_int_equal(parse_path(*state, "/", 1, &out), PARSE_OK);
	assert_string_equal(out, "/");
	/* Only n bytes. */
	assert_int_equal(parse_path(*state, "/app?x=1", 4, &out), PARSE_OK);
	assert_string_equal(out, "/app");

	assert_int_equal(parse_path(*state, "/%", 2, &out), PARSE_MALFORMED);
	assert_int_equal(parse_path(*state, "/%4", 3, &out), PARSE_MALFORMED);
	assert_int_equal(parse_path(*state, "/%zz", 4, &out), PARSE_MALFORMED);
	assert_int_equal(parse_path(*state, "/a%00b", 6, &out), PARSE_BAD_UTF8);
	assert_int_equal(parse_path(*state, "/%C0%AF", 7, &out), PARSE_BAD_UTF8);
	assert_int_equal(parse_path(*state, "/%ED%A0%80", 10, &out), PARSE_BAD_UTF8);
	assert_int_equal(parse_path(*state, "/\xff", 2, &out), PARSE_BAD_UTF8);
}

/* ---- cookies ------------------------------------------------------------- */

static void test_cookies_basic(void **state)
{
	struct kv_list l;
	assert_int_equal(cookies(*state, "lang=bn; sid=abc123;theme=dark", &l), PARSE_OK);
	assert_int_equal(l.count, 3);
	assert_string_equal(l.items[0].name, "lang");
	assert_string_equal(l.items[0].value, "bn");
	assert_string_equal(kv_get(&l, "sid"), "abc123");
	assert_string_equal(kv_get(&l, "theme"), "dark");
}

static void test_cookies_quoting_and_no_decoding(void **state)
{
	struct kv_list l;
	assert_int_equal(cookies(*state, "a=\"quoted value\"; b=\"\"; c=%41+b; d=x=y", &l), PARSE_OK);
	assert_int_equal(l.count, 4);
	assert_string_equal(kv_get(&l, "a"), "quoted value");
	assert_string_equal(kv_get(&l, "b"), "");
	assert_int_equal(l.items[1].value_len, 0);
	assert_string_equal(kv_get(&l, "c"), "%41+b"); /* no percent-decoding */
	assert_string_equal(kv_get(&l, "d"), "x=y");
}

static void test_cookies_junk_is_skipped(void **state)
{
	struct kv_list l;
	const char *h = " ; ;; =novalue; junk; a=1;  b = 2 ; c=\"open; d=\"x\"y\"; e=\x01; "
	                "bad name=1; f(g)=1; \"q\"=1; ok=yes ;";
	assert_int_equal(cookies(*state, h, &l), PARSE_OK);
	assert_int_equal(l.count, 3);
	assert_string_equal(l.items[0].name, "a");
	assert_string_equal(l.items[0].value, "1");
	assert_string_equal(l.items[1].name, "b");
	assert_string_equal(l.items[1].value, "2");
	assert_string_equal(l.items[2].name, "ok");
	assert_string_equal(l.items[2].value, "yes");
	assert_int_equal(cookies(*state, "", &l), PARSE_OK);
	assert_int_equal(l.count, 0);
	assert_int_equal(cookies(*state, "=; ; ;==;", &l), PARSE_OK);
	assert_int_equal(l.count, 0);
}

static void test_cookies_repeated_names_keep_order(void **state)
{
	struct kv_list l;
	assert_int_equal(cookies(*state, "sid=path-specific; sid=site-wide", &l), PARSE_OK);
	assert_int_equal(kv_count(&l, "sid"), 2);
	assert_string_equal(kv_get(&l, "sid"), "path-specific");
}

static void test_cookies_text_and_limits(void **state)
{
	struct kv_list l;
	assert_int_equal(cookies(*state, "name=Jos\xc3\xa9", &l), PARSE_OK);
	assert_string_equal(kv_get(&l, "name"), "José");
	assert_int_equal(cookies(*state, "lang=e\xff", &l), PARSE_BAD_UTF8);
	assert_int_equal(cookies(*state, "lang=\xc3\x28", &l), PARSE_BAD_UTF8);
	assert_int_equal(cookies(*state, "a=1;b=2;c=3;d=4;e=5;f=6;g=7;h=8", &l), PARSE_OK);
	assert_int_equal(cookies(*state, "a=1;b=2;c=3;d=4;e=5;f=6;g=7;h=8;i=9", &l),
	                 PARSE_TOO_MANY_FIELDS);
	/* Skipped junk does not count against max_fields. */
	assert_int_equal(cookies(*state, "a=1;b=2;c=3;d=4;x;y;z;e=5;f=6;g=7;h=8", &l), PARSE_OK);
	assert_int_equal(cookies(*state, "0123456789abcdefg=1", &l), PARSE_FIELD_TOO_LONG);
	char h[128] = "v=";
	memset(h + 2, 'x', 65);
	assert_int_equal(cookies(*state, h, &l), PARSE_FIELD_TOO_LONG);
	h[66] = '\0';
	assert_int_equal(cookies(*state, h, &l), PARSE_OK);
}

/* ---- multipart ----------------------------------------------------------- */

static void test_multipart_boundary(void **state)
{
	struct arena *a = *state;
	const char *b = parse_multipart_boundary(a,
		"multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW");
	assert_non_null(b);
	assert_string_equal(b, "----WebKitFormBoundary7MA4YWxkTrZu0gW");
	b = parse_multipart_boundary(a, "multipart/form-data; charset=utf-8; BOUNDARY=\"a b:c\"");
	assert_non_null(b);
	assert_string_equal(b, "a b:c");
	b = parse_multipart_boundary(a, "multipart/form-data;boundary=\"q\\\"x\" ; x=y");
	assert_null(b); /* `"` is not a boundary character */
	b = parse_multipart_boundary(a, "multipart/form-data ; boundary = abc ;");
	assert_non_null(b);
	assert_string_equal(b, "abc");
	/* 70 bytes is the most RFC 2046 allows. */
	char ct[160] = "multipart/form-data; boundary=";
	size_t off = strlen(ct);
	memset(ct + off, 'b', 70);
	b = parse_multipart_boundary(a, ct);
	assert_non_null(b);
	assert_int_equal(strlen(b), 70);
	ct[off + 70] = 'b';
	assert_null(parse_multipart_boundary(a, ct));

	assert_null(parse_multipart_boundary(a, NULL));
	assert_null(parse_multipart_boundary(a, "multipart/form-data"));
	assert_null(parse_multipart_boundary(a, "multipart/form-data; boundary="));
	assert_null(parse_multipart_boundary(a, "multipart/form-data; boundary=\"\""));
	assert_null(parse_multipart_boundary(a, "multipart/form-data; boundary=\"abc"));
	assert_null(parse_multipart_boundary(a, "multipart/form-data; boundary=\"abc \""));
	assert_null(parse_multipart_boundary(a, "multipart/form-data; boundary=a; boundary=b"));
	assert_null(parse_multipart_boundary(a, "multipart/form-data; boundary=abc junk"));
	assert_null(parse_multipart_boundary(a, "multipart/form-data; charset=utf-8"));
}

#define CRLF "\r\n"
#define B "----WebKitFormBoundary7MA4YWxkTrZu0gW"

static void test_multipart_fields_and_file(void **state)
{
	struct kv_list f;
	struct upload_list up;
	const char *body =
		"This preamble is ignored." CRLF
		"--" B CRLF
		"Content-Disposition: form-data; name=\"title\"" CRLF
		CRLF
		"Notes from Dhaka" CRLF
		"--" B CRLF
		"content-disposition: form-data; name=\"name\"" CRLF
		"Content-Type: text/plain; charset=UTF-8" CRLF
		CRLF
		"রিয়াজ" CRLF
		"--" B CRLF
		"Content-Disposition: form-data; name=\"photo\"; filename=\"পাখি.png\"" CRLF
		"Content-Type: image/png" CRLF
		CRLF
		"\x89PNG\r\n\x1a\n\xff\xfe" CRLF
		"--" B CRLF
		"Content-Disposition: form-data; name=\"body\"" CRLF
		CRLF
		"line one" CRLF "line two" CRLF CRLF
		"--" B "--" CRLF
		"epilogue, also ignored";
	assert_int_equal(multipart(*state, body, B, &f, &up), PARSE_OK);
	assert_int_equal(f.count, 3);
	assert_string_equal(kv_get(&f, "title"), "Notes from Dhaka");
	assert_string_equal(kv_get(&f, "name"), "রিয়াজ");
	assert_string_equal(kv_get(&f, "body"), "line one\r\nline two\r\n");
	assert_int_equal(f.items[2].value_len, strlen("line one\r\nline two\r\n"));
	assert_int_equal(up.count, 1);
	assert_string_equal(up.items[0].field, "photo");
	assert_string_equal(up.items[0].filename, "পাখি.png");
	assert_string_equal(up.items[0].content_type, "image/png");
	assert_int_equal(up.items[0].len, 10);
	assert_memory_equal(up.items[0].data, "\x89PNG\r\n\x1a\n\xff\xfe", 10);
}

static void test_multipart_binary_file_with_nul(void **state)
{
	/* File bytes are not text: NUL and invalid UTF-8 are kept. */
	static const char body[] =
		"--b" CRLF
		"Content-Disposition: form-data; name=\"f\"; filename=\"a.bin\"" CRLF
		CRLF
		"\x00\xff\x00" CRLF
		"--b--";
	struct kv_list f = { 0 };
	struct upload_list up = { 0 };
	assert_int_equal(parse_multipart(*state, body, sizeof body - 1, "b", &limits, &f, &up),
	                 PARSE_OK);
	assert_int_equal(up.count, 1);
	assert_int_equal(up.items[0].len, 3);
	assert_memory_equal(up.items[0].data, "\x00\xff\x00", 3);
	/* No Content-Type: a safe default, never NULL. */
	assert_string_equal(up.items[0].content_type, "application/octet-stream");
	/* But a NUL in an ordinary field is refused. */
	static const char field[] =
		"--b" CRLF "Content-Disposition: form-data; name=\"t\"" CRLF CRLF "a\0b" CRLF "--b--";
	assert_int_equal(parse_multipart(*state, field, sizeof field - 1, "b", &limits, &f, &up),
	                 PARSE_BAD_UTF8);
}

static void test_multipart_quoted_names(void **state)
{
	struct kv_list f;
	struct upload_list up;
	const char *body =
		"--xyz" CRLF
		"Content-Disposition: form-data; name=\"a\\\"b\"; filename=\"c:\\\\d \\\"e\\\".txt\"" CRLF
		CRLF
		"data" CRLF
		"--xyz" CRLF
		"Content-Disposition: FORM-DATA; NAME=plain" CRLF
		CRLF
		"v" CRLF
		"--xyz" CRLF
		"Content-Disposition: form-data; name=\"empty\"; filename=\"\"" CRLF
		"Content-Type: application/octet-stream" CRLF
		CRLF
		CRLF
		"--xyz--";
	assert_int_equal(multipart(*state, body, "xyz", &f, &up), PARSE_OK);
	assert_int_equal(up.count, 2);
	assert_string_equal(up.items[0].field, "a\"b");
	assert_string_equal(up.items[0].filename, "c:\\d \"e\".txt");
	assert_string_equal(up.items[1].field, "empty");
	assert_string_equal(up.items[1].filename, "");
	assert_int_equal(up.items[1].len, 0);
	assert_int_equal(f.count, 1);
	assert_string_equal(kv_get(&f, "plain"), "v");
}

static void test_multipart_quoted_boundary(void **state)
{
	struct arena *a = *state;
	const char *boundary = parse_multipart_boundary(a,
		"multipart/form-data; boundary=\"simple boundary\"");
	assert_non_null(boundary);
	struct kv_list f;
	struct upload_list up;
	const char *body =
		"--simple boundary" CRLF
		"Content-Disposition: form-data; name=\"x\"" CRLF
		CRLF
		"1" CRLF
		"--simple boundary--";
	assert_int_equal(multipart(a, body, boundary, &f, &up), PARSE_OK);
	assert_string_equal(kv_get(&f, "x"), "1");
}

static void test_multipart_boundary_lookalikes(void **state)
{
	struct kv_list f;
	struct upload_list up;
	/* "--b" without a preceding CRLF inside content is just content,
	 * and transport padding after a delimiter is allowed. */
	const char *body =
		"--b \t" CRLF
		"Content-Disposition: form-data; name=\"x\"" CRLF
		CRLF
		"a--b c\n--b" CRLF
		"--b--";
	assert_int_equal(multipart(*state, body, "b", &f, &up), PARSE_OK);
	assert_string_equal(kv_get(&f, "x"), "a--b c\n--b");
	/* A delimiter followed by junk is malformed. */
	body = "--b" CRLF "Content-Disposition: form-data; name=\"x\"" CRLF CRLF "a" CRLF "--bb" CRLF
	       "--b--";
	assert_int_equal(multipart(*state, body, "b", &f, &up), PARSE_MALFORMED);
	/* Zero parts is a valid (empty) form. */
	assert_int_equal(multipart(*state, "--b--" CRLF, "b", &f, &up), PARSE_OK);
	assert_int_equal(f.count + up.count, 0);
}

static void test_multipart_truncated(void **state)
{
	struct kv_list f;
	struct upload_list up;
	const char *full =
		"--b" CRLF "Content-Disposition: form-data; name=\"x\"" CRLF CRLF "1" CRLF "--b--";
	assert_int_equal(multipart(*state, full, "b", &f, &up), PARSE_OK);
	/* Every proper prefix that drops the closing "--" is refused. */
	size_t n = strlen(full);
	for (size_t cut = 0; cut < n - 1; cut++) {
		memset(&f, 0, sizeof f);
		memset(&up, 0, sizeof up);
		enum parse_status st = parse_multipart(*state, full, cut, "b", &limits, &f, &up);
		assert_int_equal(st, PARSE_MALFORMED);
	}
	assert_int_equal(multipart(*state, "", "b", &f, &up), PARSE_MALFORMED);
	assert_int_equal(multipart(*state, "no boundary at all", "b", &f, &up), PARSE_MALFORMED);
	/* The body's boundary must be the header's. */
	assert_int_equal(multipart(*state, full, "c", &f, &up), PARSE_MALFORMED);
}

static void test_multipart_malformed_parts(void **state)
{
	struct kv_list f;
	struct upload_list up;
	static const char *const bad[] = {
		/* no Content-Disposition */
		"--b" CRLF "Content-Type: text/plain" CRLF CRLF "1" CRLF "--b--",
		/* no name */
		"--b" CRLF "Content-Disposition: form-data; filename=\"a\"" CRLF CRLF "1" CRLF "--b--",
		/* not form-data */
		"--b" CRLF "Content-Disposition: attachment; name=\"x\"" CRLF CRLF "1" CRLF "--b--",
		/* unterminated quote */
		"--b" CRLF "Content-Disposition: form-data; name=\"x" CRLF CRLF "1" CRLF "--b--",
		/* duplicate name parameter */
		"--b" CRLF "Content-Disposition: form-data; name=x; name=y" CRLF CRLF "1" CRLF "--b--",
		/* two Content-Disposition headers */
		"--b" CRLF "Content-Disposition: form-data; name=x" CRLF
		"Content-Disposition: form-data; name=y" CRLF CRLF "1" CRLF "--b--",
		/* headers never end */
		"--b" CRLF "Content-Disposition: form-data; name=x" CRLF "--b--",
		/* bare LF line endings */
		"--b\nContent-Disposition: form-data; name=x\n\n1\n--b--",
		/* space before the colon, folded header */
		"--b" CRLF "Content-Disposition : form-data; name=x" CRLF CRLF "1" CRLF "--b--",
		"--b" CRLF "Content-Disposition: form-data;" CRLF " name=x" CRLF CRLF "1" CRLF "--b--",
		/* empty part */
		"--b" CRLF CRLF "--b--",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		enum parse_status st = multipart(*state, bad[i], "b", &f, &up);
		if (st != PARSE_MALFORMED)
			fail_msg("case %zu: status %d", i, (int)st);
	}
	assert_int_equal(multipart(*state, "--b" CRLF "Content-Disposition: form-data; name=x" CRLF
	                           CRLF "1" CRLF "--b--", NULL, &f, &up), PARSE_MALFORMED);
}

static void test_multipart_bad_text(void **state)
{
	struct kv_list f;
	struct upload_list up;
	assert_int_equal(multipart(*state, "--b" CRLF "Content-Disposition: form-data; name=x" CRLF
	                           CRLF "x\xffy" CRLF "--b--", "b", &f, &up), PARSE_BAD_UTF8);
	assert_int_equal(multipart(*state, "--b" CRLF "Content-Disposition: form-data; name=x" CRLF
	                           CRLF "\xed\xa0\x80" CRLF "--b--", "b", &f, &up), PARSE_BAD_UTF8);
	assert_int_equal(multipart(*state, "--b" CRLF
	                           "Content-Disposition: form-data; name=\"\xc0\xaf\"" CRLF
	                           CRLF "1" CRLF "--b--", "b", &f, &up), PARSE_BAD_UTF8);
	assert_int_equal(multipart(*state, "--b" CRLF
	                           "Content-Disposition: form-data; name=f; filename=\"\xff.txt\"" CRLF
	                           CRLF "1" CRLF "--b--", "b", &f, &up), PARSE_BAD_UTF8);
}

static void test_multipart_limits(void **state)
{
	struct arena *a = *state;
	struct kv_list f;
	struct upload_list up;
	char body[4096];
	size_t n = 0;
	/* max_fields = 8 parts, files included. */
	for (int i = 0; i < 9; i++) {
		n += (size_t)snprintf(body + n, sizeof body - n,
		                      "--b\r\nContent-Disposition: form-data; name=f%d%s\r\n\r\nv\r\n",
		                      i, i % 2 ? "" : "; filename=x");
		memcpy(body + n, "--b--", 5);
		memset(&f, 0, sizeof f);
		memset(&up, 0, sizeof up);
		enum parse_status st = parse_multipart(a, body, n + 5, "b", &limits, &f, &up);
		if (i < 8) {
			assert_int_equal(st, PARSE_OK);
			assert_int_equal(f.count + up.count, (size_t)i + 1);
		} else {
			assert_int_equal(st, PARSE_TOO_MANY_FIELDS);
		}
	}
	/* Name over 16 bytes; value over 64 bytes (files too). */
	assert_int_equal(multipart(a, "--b" CRLF "Content-Disposition: form-data; name=0123456789abcdefg"
	                           CRLF CRLF "1" CRLF "--b--", "b", &f, &up), PARSE_FIELD_TOO_LONG);
	char big[512];
	snprintf(big, sizeof big, "--b\r\nContent-Disposition: form-data; name=x\r\n\r\n"
	         "%065d\r\n--b--", 0);
	assert_int_equal(multipart(a, big, "b", &f, &up), PARSE_FIELD_TOO_LONG);
	snprintf(big, sizeof big, "--b\r\nContent-Disposition: form-data; name=x\r\n\r\n"
	         "%064d\r\n--b--", 0);
	assert_int_equal(multipart(a, big, "b", &f, &up), PARSE_OK);
	snprintf(big, sizeof big, "--b\r\nContent-Disposition: form-data; name=x; filename=y\r\n\r\n"
	         "%065d\r\n--b--", 0);
	assert_int_equal(multipart(a, big, "b", &f, &up), PARSE_FIELD_TOO_LONG);
}

static void test_multipart_header_caps(void **state)
{
	struct arena *a = *state;
	struct kv_list f;
	struct upload_list up;
	char body[8192];
	/* Eight header lines are fine, nine are not. */
	for (int extra = 7; extra <= 8; extra++) {
		size_t n = (size_t)snprintf(body, sizeof body, "--b\r\nContent-Disposition: form-data; "
		                            "name=x\r\n");
		for (int i = 0; i < extra; i++)
			n += (size_t)snprintf(body + n, sizeof body - n, "X-Extra-%d: 1\r\n", i);
		snprintf(body + n, sizeof body - n, "\r\nv\r\n--b--");
		assert_int_equal(multipart(a, body, "b", &f, &up),
		                 extra == 7 ? PARSE_OK : PARSE_MALFORMED);
	}
	/* A header line over 1024 bytes. */
	size_t n = (size_t)snprintf(body, sizeof body, "--b\r\nContent-Disposition: form-data; "
	                            "name=x\r\nX-Long: ");
	memset(body + n, 'L', 2000);
	n += 2000;
	snprintf(body + n, sizeof body - n, "\r\n\r\nv\r\n--b--");
	assert_int_equal(multipart(a, body, "b", &f, &up), PARSE_FIELD_TOO_LONG);
	/* A filename over 255 bytes. */
	n = (size_t)snprintf(body, sizeof body, "--b\r\nContent-Disposition: form-data; name=x; "
	                     "filename=\"");
	memset(body + n, 'n', 256);
	n += 256;
	snprintf(body + n, sizeof body - n, "\"\r\n\r\nv\r\n--b--");
	assert_int_equal(multipart(a, body, "b", &f, &up), PARSE_FIELD_TOO_LONG);
}

static void test_multipart_ignored_params_cost_nothing(void **state)
{
	(void)state;
	/* Thousands of ignored parameters must not each copy the rest of
	 * the header (quadratic memory from one request). */
	struct arena *a = arena_new(4096);
	char ct[16384] = "multipart/form-data";
	size_t n = strlen(ct);
	while (n + 8 < sizeof ct - 32) {
		memcpy(ct + n, "; x=\"\"", 6);
		n += 6;
	}
	snprintf(ct + n, sizeof ct - n, "; boundary=b");
	const char *b = parse_multipart_boundary(a, ct);
	assert_non_null(b);
	assert_string_equal(b, "b");
	assert_true(arena_reserved(a) < 64 * 1024);

	char body[2048] = "--b\r\nContent-Disposition: form-data; name=x";
	n = strlen(body);
	while (n + 7 < 1000) {
		memcpy(body + n, "; y=\"\"", 6);
		n += 6;
	}
	snprintf(body + n, sizeof body - n, "\r\n\r\nv\r\n--b--");
	struct kv_list f = { 0 };
	struct upload_list up = { 0 };
	assert_int_equal(parse_multipart(a, body, strlen(body), "b", &limits, &f, &up), PARSE_OK);
	assert_string_equal(kv_get(&f, "x"), "v");
	assert_true(arena_reserved(a) < 64 * 1024);
	arena_destroy(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_urlencoded_basic, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_urlencoded_plus_and_escapes, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(test_urlencoded_empty_pairs_and_bare_names, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(test_urlencoded_repeated_names, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(test_urlencoded_bad_escapes, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_urlencoded_bad_utf8, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_urlencoded_limits, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_urlencoded_length_is_respected, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(test_path, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_cookies_basic, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_cookies_quoting_and_no_decoding, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(test_cookies_junk_is_skipped, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_cookies_repeated_names_keep_order, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(test_cookies_text_and_limits, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_multipart_boundary, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_multipart_fields_and_file, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(test_multipart_binary_file_with_nul, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(test_multipart_quoted_names, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_multipart_quoted_boundary, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(test_multipart_boundary_lookalikes, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(test_multipart_truncated, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_multipart_malformed_parts, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(test_multipart_bad_text, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_multipart_limits, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_multipart_header_caps, arena_setup, arena_teardown),
		cmocka_unit_test(test_multipart_ignored_params_cost_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

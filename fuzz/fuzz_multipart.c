/* parse_multipart_boundary and parse_multipart. Input: one byte giving
 * the boundary's length (mod 71), that many boundary bytes, then the
 * body. The boundary goes through the Content-Type parser first; the raw
 * bytes are also tried directly, so parse_multipart sees bad ones too. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/arena.h"
#include "fuzz_check.h"
#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct parse_limits limits = {
	.max_fields = 16,
	.max_name = 128,
	.max_value = 4096,
};

static void parse_body(struct arena *a, const char *body, size_t n, const char *boundary)
{
	struct kv_list fields = { 0 };
	struct upload_list files = { 0 };
	enum parse_status st = parse_multipart(a, body, n, boundary, &limits, &fields, &files);
	fuzz_check_status(st);
	if (st != PARSE_OK)
		return;
	fuzz_check_kv(&fields, &limits);
	FUZZ_ASSERT(fields.count + files.count <= limits.max_fields);
	for (size_t i = 0; i < files.count; i++) {
		const struct upload *u = &files.items[i];
		fuzz_check_text(u->field, limits.max_name);
		fuzz_check_text(u->filename, 255);
		fuzz_check_text(u->content_type, 1024);
		FUZZ_ASSERT(u->len <= limits.max_value && u->len <= n);
		FUZZ_ASSERT(u->data != NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t blen = data[0] % 71;
	if (blen > size - 1)
		blen = size - 1;
	const char *raw = (const char *)data + 1;
	const char *body = raw + blen;
	size_t n = size - 1 - blen;

	struct arena *a = arena_new(4096);
	char *raw_boundary = arena_strndup(a, raw, blen);
	char *ct = arena_printf(a, "multipart/form-data; boundary=%s", raw_boundary);
	const char *boundary = parse_multipart_boundary(a, ct);
	if (boundary != NULL) {
		size_t len = strlen(boundary);
		FUZZ_ASSERT(len >= 1 && len <= 70);
		parse_body(a, body, n, boundary);
	}
	parse_body(a, body, n, raw_boundary);
	arena_destroy(a);
	return 0;
}

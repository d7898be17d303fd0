#include "i18n/po.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/text.h"

enum slot { SLOT_NONE, SLOT_CTXT, SLOT_ID, SLOT_STR };

struct pending {
	struct buf ctxt, id, str;
	bool fuzzy, have_id, have_str;
};

/* Appends the contents of a quoted PO string at `p` to `out`. */
static bool read_quoted(const char *p, const char *line_end, struct buf *out)
{
	while (p < line_end && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= line_end || *p != '"')
		return false;
	p++;
	while (p < line_end && *p != '"') {
		if (*p == '\\') {
			if (++p >= line_end)
				return false;
			switch (*p) {
			case 'n': buf_putc(out, '\n'); break;
			case 't': buf_putc(out, '\t'); break;
			case '"': buf_putc(out, '"'); break;
			case '\\': buf_putc(out, '\\'); break;
			default: return false;
			}
			p++;
			continue;
		}
		buf_putc(out, *p++);
	}
	if (p >= line_end)
		return false;
	for (p++; p < line_end; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return false;
	return true;
}

static void entry_add(struct arena *a, struct po_catalog *c, size_t *cap, struct pending *e)
{
	if (e->have_id && e->have_str && !e->fuzzy && e->id.len > 0 && e->str.len > 0) {
		if (c->count == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			struct po_entry *n = arena_alloc(a, *cap * sizeof *n);
			if (c->count)
				memcpy(n, c->entries, c->count * sizeof *n);
			c->entries = n;
		}
		c->entries[c->count++] = (struct po_entry){ arena_strdup(a, e->id.data),
		                                            arena_strdup(a, e->str.data) };
	}
	buf_reset(&e->ctxt);
	buf_reset(&e->id);
	buf_reset(&e->str);
	e->fuzzy = e->have_id = e->have_str = false;
}

static int cmp_entry(const void *x, const void *y)
{
	return strcmp(((const struct po_entry *)x)->msgid, ((const struct po_entry *)y)->msgid);
}

bool po_parse(struct arena *a, const char *text, size_t n, struct po_catalog *out,
              char *err, size_t err_size)
{
	struct arena *scratch = arena_new(4096);
	struct pending e;
	size_t cap = 0, line_no = 0;
	enum slot slot = SLOT_NONE;
	bool ok = true;
	buf_init(&e.ctxt, scratch, 64);
	buf_init(&e.id, scratch, 256);
	buf_init(&e.str, scratch, 256);
	e.fuzzy = e.have_id = e.have_str = false;
	out->entries = NULL;
	out->count = 0;

	if (!text_valid_utf8(text, n)) {
		snprintf(err, err_size, "not valid UTF-8");
		arena_destroy(scratch);
		return false;
	}
	const char *p = text, *end = text + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;
		line_no++;
		const char *s = p;
		while (s < line_end && (*s == ' ' || *s == '\t' || *s == '\r'))
			s++;
		size_t len = (size_t)(line_end - s);
		if (len == 0) {
			/* blank line: ends nothing by itself; entries end at the next keyword */
		} else if (*s == '#') {
			if (len >= 2 && s[1] == ',') {
				if (e.have_str)
					entry_add(a, out, &cap, &e), slot = SLOT_NONE;
				if (memmem(s, len, "fuzzy", 5) != NULL)
					e.fuzzy = true;
			}
		} else if (len >= 7 && strncmp(s, "msgctxt", 7) == 0) {
			if (e.have_str)
				entry_add(a, out, &cap, &e);
			slot = SLOT_CTXT;
			ok = read_quoted(s + 7, line_end, &e.ctxt);
		} else if (len >= 12 && strncmp(s, "msgid_plural", 12) == 0) {
			ok = false;
		} else if (len >= 5 && strncmp(s, "msgid", 5) == 0) {
			if (e.have_str)
				entry_add(a, out, &cap, &e);
			if (e.have_id)
				ok = false;
			slot = SLOT_ID;
			e.have_id = true;
			ok = ok && read_quoted(s + 5, line_end, &e.id);
		} else if (len >= 6 && strncmp(s, "msgstr", 6) == 0) {
			if (!e.have_id || e.have_str)
				ok = false;
			slot = SLOT_STR;
			e.have_str = true;
			ok = ok && read_quoted(s + 6, line_end, &e.str);
		} else if (*s == '"') {
			struct buf *target = slot == SLOT_CTXT ? &e.ctxt : slot == SLOT_ID ? &e.id :
			                     slot == SLOT_STR ? &e.str : NULL;
			ok = target != NULL && read_quoted(s, line_end, target);
		} else {
			ok = false;
		}
		if (!ok) {
			snprintf(err, err_size, "line %zu: not a PO line", line_no);
			arena_destroy(scratch);
			return false;
		}
		p = nl ? nl + 1 : end;
	}
	if (e.have_id && !e.have_str) {
		snprintf(err, err_size, "line %zu: msgid without msgstr", line_no);
		arena_destroy(scratch);
		return false;
	}
	entry_add(a, out, &cap, &e);
	arena_destroy(scratch);

	if (out->count > 1) {
		qsort(out->entries, out->count, sizeof *out->entries, cmp_entry);
		/* keep the last of duplicates: qsort is not stable, so just dedupe */
		size_t w = 0;
		for (size_t i = 0; i < out->count; i++) {
			if (w > 0 && strcmp(out->entries[w - 1].msgid, out->entries[i].msgid) == 0)
				out->entries[w - 1] = out->entries[i];
			else
				out->entries[w++] = out->entries[i];
		}
		out->count = w;
	}
	return true;
}

const char *po_lookup(const struct po_catalog *c, const char *msgid)
{
	size_t lo = 0, hi = c->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(c->entries[mid].msgid, msgid);
		if (r == 0)
			return c->entries[mid].msgstr;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

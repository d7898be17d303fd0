/* A reader for the subset of gettext PO files Sanctuary's catalogs use:
 * msgctxt (ignored), msgid, msgstr, multi-line strings, C escapes
 * (\n \t \" \\), comments, and the `#, fuzzy` flag (fuzzy entries are
 * skipped: an unreviewed guess must not replace the English text). The
 * header entry (empty msgid) and empty msgstr are skipped. Plural forms
 * are not used. */
#ifndef SANCTUARY_PO_H
#define SANCTUARY_PO_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

struct po_entry {
	const char *msgid;
	const char *msgstr;
};

struct po_catalog {
	struct po_entry *entries; /* sorted by msgid after po_parse */
	size_t count;
};

/* Parses text[0..n). On a syntax error returns false with a message
 * naming the line in err. Entries live in `a`. Duplicate msgids: the
 * last one wins. */
bool po_parse(struct arena *a, const char *text, size_t n, struct po_catalog *out,
              char *err, size_t err_size);
/* msgstr for msgid, or NULL. */
const char *po_lookup(const struct po_catalog *c, const char *msgid);

#endif

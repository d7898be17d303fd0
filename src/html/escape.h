/* Output escaping, one function per context. The template engine calls
 * these; handlers building markup by hand must too. */
#ifndef SANCTUARY_ESCAPE_H
#define SANCTUARY_ESCAPE_H

struct buf;

/* Text and quoted attribute values: & < > " ' become entities. */
void escape_html(struct buf *out, const char *s);

/* A URL placed in an href/src/action attribute. Only relative references
 * ("/x", "?x", "#x", "x/y" without a colon before the first slash) and the
 * schemes http, https, mailto and tel pass; anything else (javascript:,
 * data:, vbscript:, protocol-relative "//host", backslash tricks) becomes
 * "#". Spaces, quotes, angle brackets, control and non-ASCII bytes are
 * percent-encoded, then the result is HTML-escaped. */
void escape_url_attr(struct buf *out, const char *url);

/* One query-string or path component: everything but A-Z a-z 0-9 - _ . ~
 * is percent-encoded (like encodeURIComponent). */
void escape_url_component(struct buf *out, const char *s);

#endif

/* A growable byte string that lives in an arena.
 *
 * Used to build pages and JSON: append, append, append, then take
 * buf.data/buf.len. Growth copies into a new arena allocation (the old one
 * is simply abandoned until the arena dies), which is cheap because pages
 * grow geometrically. */
#ifndef SANCTUARY_BUF_H
#define SANCTUARY_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct buf {
	struct arena *arena;
	char *data; /* always NUL-terminated */
	size_t len;
	size_t cap;
};

void buf_init(struct buf *b, struct arena *a, size_t cap);
void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);

#endif

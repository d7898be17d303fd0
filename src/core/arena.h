/* Per-request memory: bump-allocate, free everything at once.
 *
 * An arena hands out memory from large blocks and never frees a single
 * allocation; arena_destroy() releases the lot. Handlers therefore never
 * call free(). Allocation failure aborts the process (a server that cannot
 * get a few KB is not going to recover gracefully), so callers need no
 * error paths for out-of-memory. */
#ifndef SANCTUARY_ARENA_H
#define SANCTUARY_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* A new arena whose first block holds at least `first_block` bytes. */
struct arena *arena_new(size_t first_block);
/* Frees every allocation made from `a` and `a` itself. NULL is a no-op. */
void arena_destroy(struct arena *a);

/* `size` bytes aligned for any type; never NULL. */
void *arena_alloc(struct arena *a, size_t size);
/* Like arena_alloc, zero-filled; n*size overflow aborts. */
void *arena_calloc(struct arena *a, size_t n, size_t size);
/* Copies; the result is NUL-terminated. NULL in gives NULL out. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_memdup(struct arena *a, const void *p, size_t n);
/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Total bytes reserved from the system (for tests and stats). */
size_t arena_reserved(const struct arena *a);

#endif

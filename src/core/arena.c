/* Bump allocator in a chain of blocks. Each block is at least twice the
 * previous one (capped), so a request that builds a 200 KB page makes a
 * handful of mallocs, and a small request makes one. */
#include "core/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN 16u
#define ARENA_MAX_GROWTH (1u << 20)

struct block {
	struct block *next;
	size_t size; /* usable bytes in data[] */
	size_t used;
	_Alignas(16) unsigned char data[];
};

struct arena {
	struct block *head;
	size_t reserved;
	size_t next_size; /* doubles with each new block, capped */
};

static void die_oom(void)
{
	fputs("sanctuary: out of memory\n", stderr);
	abort();
}

static struct block *block_new(size_t size)
{
	if (size > SIZE_MAX - sizeof(struct block))
		die_oom();
	struct block *b = malloc(sizeof(struct block) + size);
	if (b == NULL)
		die_oom();
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

struct arena *arena_new(size_t first_block)
{
	struct arena *a = malloc(sizeof *a);
	if (a == NULL)
		die_oom();
	if (first_block < 256)
		first_block = 256;
	a->head = block_new(first_block);
	a->reserved = first_block;
	a->next_size = first_block * 2;
	return a;
}

void arena_destroy(struct arena *a)
{
	if (a == NULL)
		return;
	struct block *b = a->head;
	while (b != NULL) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	free(a);
}

void *arena_alloc(struct arena *a, size_t size)
{
	if (size == 0)
		size = 1;
	if (size > SIZE_MAX - ARENA_ALIGN)
		die_oom();
	size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	struct block *b = a->head;
	if (b->size - b->used >= size) {
		void *p = b->data + b->used;
		b->used += size;
		return p;
	}
	if (size > a->next_size / 2) {
		/* A large allocation gets a block of its own, kept behind the
		 * head so small allocations go on filling the head. */
		struct block *own = block_new(size);
		own->used = size;
		own->next = b->next;
		b->next = own;
		a->reserved += size;
		return own->data;
	}
	struct block *nb = block_new(a->next_size);
	a->reserved += a->next_size;
	if (a->next_size < ARENA_MAX_GROWTH)
		a->next_size *= 2;
	nb->next = b;
	a->head = nb;
	void *p = nb->data;
	nb->used = size;
	return p;
}

void *arena_calloc(struct arena *a, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		die_oom();
	void *p = arena_alloc(a, n * size);
	memset(p, 0, n * size);
	return p;
}

char *arena_memdup(struct arena *a, const void *p, size_t n)
{
	if (n == SIZE_MAX)
		die_oom();
	char *d = arena_alloc(a, n + 1);
	if (n > 0)
		memcpy(d, p, n);
	d[n] = '\0';
	return d;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	if (s == NULL)
		return NULL;
	size_t len = strnlen(s, n);
	return arena_memdup(a, s, len);
}

char *arena_strdup(struct arena *a, const char *s)
{
	if (s == NULL)
		return NULL;
	return arena_memdup(a, s, strlen(s));
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	/* Format straight into the head block's free space; only when the
	 * text does not fit is it measured and formatted a second time. */
	struct block *b = a->head;
	size_t room = b->size - b->used;
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf((char *)b->data + b->used, room, fmt, copy);
	va_end(copy);
	if (n < 0)
		return arena_strdup(a, "");
	size_t rounded = ((size_t)n + ARENA_ALIGN) & ~(size_t)(ARENA_ALIGN - 1);
	if ((size_t)n < room && rounded <= room)
		return arena_alloc(a, (size_t)n + 1); /* the head block: the bytes just written */
	char *s = arena_alloc(a, (size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return s;
}

size_t arena_reserved(const struct arena *a)
{
	return a->reserved;
}

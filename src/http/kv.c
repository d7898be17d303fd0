#include "http/kv.h"

#include <string.h>

#include "core/arena.h"

void kv_add(struct arena *a, struct kv_list *l, const char *name, const char *value,
            size_t value_len)
{
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct kv *items = arena_alloc(a, cap * sizeof *items);
		if (l->count)
			memcpy(items, l->items, l->count * sizeof *items);
		l->items = items;
		l->cap = cap;
	}
	l->items[l->count++] = (struct kv){ name, value, value_len };
}

const char *kv_get(const struct kv_list *l, const char *name)
{
	for (size_t i = 0; i < l->count; i++)
		if (strcmp(l->items[i].name, name) == 0)
			return l->items[i].value;
	return NULL;
}

size_t kv_count(const struct kv_list *l, const char *name)
{
	size_t n = 0;
	for (size_t i = 0; i < l->count; i++)
		if (strcmp(l->items[i].name, name) == 0)
			n++;
	return n;
}

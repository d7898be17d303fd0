/* An ordered list of name/value pairs (query strings, form fields, cookies,
 * route parameters). Values may repeat a name (checkboxes). Everything lives
 * in the request arena. */
#ifndef SANCTUARY_KV_H
#define SANCTUARY_KV_H

#include <stddef.h>

struct arena;

struct kv {
	const char *name;
	const char *value; /* NUL-terminated; value_len excludes the NUL */
	size_t value_len;
};

struct kv_list {
	struct kv *items;
	size_t count;
	size_t cap;
};

void kv_add(struct arena *a, struct kv_list *l, const char *name, const char *value,
            size_t value_len);
/* First value for `name`, or NULL. */
const char *kv_get(const struct kv_list *l, const char *name);
/* Number of values for `name`. */
size_t kv_count(const struct kv_list *l, const char *name);

#endif

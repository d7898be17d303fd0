/* JSON bodies through jansson and the declarative field specs. */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "http/fields.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const choices[] = { "en", "es", "bn", NULL };

static const struct field_spec spec[] = {
	{ .name = "email", .type = FIELD_EMAIL, .required = true },
	{ .name = "name", .type = FIELD_TEXT, .max_len = 80 },
	{ .name = "notes", .type = FIELD_TEXTAREA, .max_len = 2000 },
	{ .name = "count", .type = FIELD_INT, .min = 1, .max = 100 },
	{ .name = "ok", .type = FIELD_CHECKBOX },
	{ .name = "lang", .type = FIELD_CHOICE, .choices = choices },
	{ .name = "langs", .type = FIELD_CHOICES, .choices = choices },
	{ .name = "password", .type = FIELD_PASSWORD },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t err;
	json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
	struct arena *a = arena_new(4096);
	struct form f;
	form_validate_json(a, spec, sizeof spec / sizeof spec[0], doc, &f);
	for (size_t i = 0; i < f.n; i++)
		if (f.fields[i].error == NULL && f.fields[i].value && spec[i].type == FIELD_INT &&
		    (f.fields[i].number < 1 || f.fields[i].number > 100))
			__builtin_trap();
	json_decref(doc);
	arena_destroy(a);
	return 0;
}

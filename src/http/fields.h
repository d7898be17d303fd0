/* Declarative input validation.
 *
 * A handler declares what it accepts as an array of `struct field_spec`
 * and validates a form or a JSON object in one call. Undeclared inputs are
 * ignored. Each field gets its normalized value (trimmed, NFC) back even
 * when invalid, plus a message id for its error, so a rejected form can be
 * shown again exactly as typed with a message beside each field. */
#ifndef SANCTUARY_FIELDS_H
#define SANCTUARY_FIELDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "http/kv.h"

struct arena;
struct view;

enum field_type {
	FIELD_TEXT,      /* one line: no control characters */
	FIELD_TEXTAREA,  /* may contain newlines (CRLF becomes LF) */
	FIELD_EMAIL,
	FIELD_PASSWORD,  /* not trimmed or normalized; never echoed back */
	FIELD_INT,
	FIELD_CHECKBOX,  /* present = on */
	FIELD_CHOICE,    /* one of `choices` */
	FIELD_CHOICES,   /* any number of `choices` (repeated name) */
};

struct field_spec {
	const char *name;
	enum field_type type;
	bool required;
	size_t min_len;               /* code points */
	size_t max_len;               /* code points; 0 means 200 */
	long long min, max;           /* FIELD_INT; both 0 means no bounds */
	const char *const *choices;   /* FIELD_CHOICE(S), NULL-terminated */
};

struct field_result {
	const char *value;      /* normalized text as typed (NULL if absent) */
	long long number;       /* FIELD_INT */
	bool checked;           /* FIELD_CHECKBOX */
	const char **values;    /* FIELD_CHOICES */
	size_t n_values;
	const char *error;      /* message id, or NULL */
};

struct form {
	const struct field_spec *spec;
	size_t n;
	struct field_result *fields;
	bool ok;                /* no field has an error */
};

/* Validates urlencoded/multipart fields. Returns form->ok. */
bool form_validate(struct arena *a, const struct field_spec *spec, size_t n,
                   const struct kv_list *input, struct form *out);
/* Same rules for a JSON object: strings, numbers, booleans, and arrays of
 * strings for FIELD_CHOICES. A value of the wrong JSON type is an error
 * on that field. `obj` may be NULL or not an object (every required field
 * then fails). */
bool form_validate_json(struct arena *a, const struct field_spec *spec, size_t n,
                        const json_t *obj, struct form *out);

const struct field_result *form_field(const struct form *f, const char *name);
const char *form_value(const struct form *f, const char *name);
/* Marks a field invalid after cross-field checks (e.g. "already taken"). */
void form_set_error(struct form *f, const char *name, const char *msgid);

/* Puts each field in the view for re-display: `<name>` = value (never for
 * passwords), `<name>_error` = translated message, `<name>_checked`. */
void form_to_view(const struct form *f, struct view *v, const char *lang);

#endif

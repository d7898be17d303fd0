#include "http/fields.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/text.h"
#include "html/template.h"
#include "i18n/i18n.h"
#include "core/contact.h"
#include "i18n/msgid.h"

static size_t max_len(const struct field_spec *s)
{
	return s->max_len ? s->max_len : 200;
}

static bool is_choice(const struct field_spec *s, const char *v)
{
	for (const char *const *c = s->choices; c && *c; c++)
		if (strcmp(*c, v) == 0)
			return true;
	return false;
}

/* Normalizes `raw` for spec and validates it; sets r->value/error. */
static void check_text(struct arena *a, const struct field_spec *s, const char *raw,
                       struct field_result *r)
{
	if (s->type == FIELD_PASSWORD) {
		r->value = raw;
		if (raw && strlen(raw) > 4096)
			r->error = N_("field.too_long");
		return;
	}
	char *v = text_trim(text_nfc(a, raw));
	if (s->type == FIELD_TEXTAREA) {
		char *w = v;
		for (char *p = v; *p; p++)
			if (!(p[0] == '\r' && p[1] == '\n'))
				*w++ = *p == '\r' ? '\n' : *p;
		*w = '\0';
	}
	r->value = v;
	size_t n = strlen(v);
	if (n == 0)
		return;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if ((*p < 0x20 && !(s->type == FIELD_TEXTAREA && (*p == '\n' || *p == '\t'))) ||
		    *p == 0x7f) {
			r->error = N_("field.single_line");
			return;
		}
	size_t cps = text_codepoints(v, n);
	if (cps > max_len(s)) {
		r->error = N_("field.too_long");
		return;
	}
	if (cps < s->min_len) {
		r->error = N_("field.too_short");
		return;
	}
	switch (s->type) {
	case FIELD_EMAIL:
		r->value = email_normalize(a, v);
		r->error = email_problem(r->value);
		break;
	case FIELD_INT: {
		char *end;
		errno = 0;
		long long x = strtoll(v, &end, 10);
		if (errno || *end != '\0' || end == v) {
			r->error = N_("field.not_a_number");
		} else if ((s->min || s->max) && (x < s->min || x > s->max)) {
			r->error = N_("field.out_of_range");
		} else {
			r->number = x;
		}
		break;
	}
	case FIELD_CHOICE:
		if (!is_choice(s, v))
			r->error = N_("field.invalid_choice");
		break;
	default:
		break;
	}
}

static void finish(struct form *out)
{
	out->ok = true;
	for (size_t i = 0; i < out->n; i++) {
		const struct field_spec *s = &out->spec[i];
		struct field_result *r = &out->fields[i];
		bool empty = s->type == FIELD_CHOICES ? r->n_values == 0 :
		             s->type == FIELD_CHECKBOX ? !r->checked :
		             r->value == NULL || r->value[0] == '\0';
		if (r->error == NULL && s->required && empty)
			r->error = N_("field.required");
		if (r->error)
			out->ok = false;
	}
}

static void start(struct arena *a, const struct field_spec *spec, size_t n, struct form *out)
{
	out->spec = spec;
	out->n = n;
	out->fields = arena_calloc(a, n ? n : 1, sizeof *out->fields);
	out->ok = false;
}

bool form_validate(struct arena *a, const struct field_spec *spec, size_t n,
                   const struct kv_list *input, struct form *out)
{
	start(a, spec, n, out);
	for (size_t i = 0; i < n; i++) {
		const struct field_spec *s = &spec[i];
		struct field_result *r = &out->fields[i];
		if (s->type == FIELD_CHECKBOX) {
			r->checked = kv_get(input, s->name) != NULL;
			continue;
		}
		if (s->type == FIELD_CHOICES) {
			size_t count = kv_count(input, s->name);
			r->values = arena_calloc(a, count + 1, sizeof *r->values);
			for (size_t k = 0; k < input->count; k++) {
				const struct kv *kv = &input->items[k];
				if (strcmp(kv->name, s->name) != 0)
					continue;
				if (!is_choice(s, kv->value))
					r->error = N_("field.invalid_choice");
				else
					r->values[r->n_values++] = kv->value;
			}
			continue;
		}
		const char *raw = kv_get(input, s->name);
		if (raw != NULL)
			check_text(a, s, raw, r);
	}
	finish(out);
	return out->ok;
}

bool form_validate_json(struct arena *a, const struct field_spec *spec, size_t n,
                        const json_t *obj, struct form *out)
{
	start(a, spec, n, out);
	bool is_obj = obj != NULL && json_is_object(obj);
	for (size_t i = 0; i < n && is_obj; i++) {
		const struct field_spec *s = &spec[i];
		struct field_result *r = &out->fields[i];
		json_t *v = json_object_get(obj, s->name);
		if (v == NULL || json_is_null(v))
			continue;
		switch (s->type) {
		case FIELD_CHECKBOX:
			if (json_is_boolean(v))
				r->checked = json_is_true(v);
			else
				r->error = N_("field.wrong_type");
			break;
		case FIELD_CHOICES:
			if (!json_is_array(v) || json_array_size(v) > 100) {
				r->error = N_("field.wrong_type");
				break;
			}
			r->values = arena_calloc(a, json_array_size(v) + 1, sizeof *r->values);
			for (size_t k = 0; k < json_array_size(v); k++) {
				json_t *item = json_array_get(v, k);
				if (!json_is_string(item) || !is_choice(s, json_string_value(item)))
					r->error = N_("field.invalid_choice");
				else
					r->values[r->n_values++] = arena_strdup(a, json_string_value(item));
			}
			break;
		case FIELD_INT:
			if (json_is_integer(v)) {
				r->number = (long long)json_integer_value(v);
				r->value = arena_printf(a, "%lld", r->number);
				if ((s->min || s->max) && (r->number < s->min || r->number > s->max))
					r->error = N_("field.out_of_range");
			} else {
				r->error = N_("field.wrong_type");
			}
			break;
		default:
			if (json_is_string(v))
				/* jansson has already refused invalid UTF-8 and \u0000 */
				check_text(a, s, json_string_value(v), r);
			else
				r->error = N_("field.wrong_type");
			break;
		}
	}
	finish(out);
	return out->ok;
}

const struct field_result *form_field(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->spec[i].name, name) == 0)
			return &f->fields[i];
	return NULL;
}

const char *form_value(const struct form *f, const char *name)
{
	const struct field_result *r = form_field(f, name);
	return r ? r->value : NULL;
}

void form_set_error(struct form *f, const char *name, const char *msgid)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->spec[i].name, name) == 0) {
			f->fields[i].error = msgid;
			f->ok = false;
		}
}

void form_to_view(const struct form *f, struct view *v, const char *lang)
{
	struct arena *a = view_arena(v);
	for (size_t i = 0; i < f->n; i++) {
		const struct field_spec *s = &f->spec[i];
		const struct field_result *r = &f->fields[i];
		if (s->type != FIELD_PASSWORD && r->value)
			view_set(v, s->name, r->value);
		if (s->type == FIELD_CHECKBOX)
			view_set_bool(v, arena_printf(a, "%s_checked", s->name), r->checked);
		if (r->error)
			view_set(v, arena_printf(a, "%s_error", s->name), i18n_get(lang, r->error));
	}
	view_set_bool(v, "form_has_errors", !f->ok);
}

/* An organizer's text of one record in one language, as petitions and
 * events have it: the record's own fields (title, body, ...), the language
 * (one the group offers) and how far it was reviewed. The same form is
 * read, saved and drawn for each kind of record; a rejected one comes back
 * in its language's form exactly as typed, with a message by each field. */
#ifndef SANCTUARY_CONTENT_FORM_H
#define SANCTUARY_CONTENT_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/fields.h"
#include "model/content.h"

struct request;
struct view;

struct content_form {
	struct form form;          /* "lang", "status", then the record's fields */
	const char *lang;          /* as typed; "" when absent */
	enum review_status status; /* draft when absent */
};

/* Validates the posted form: the record's `fields` (n of them), a
 * language the group offers (else an error on "lang") and a review status.
 * Returns out->form.ok. */
bool content_form_read(struct request *req, const struct field_spec *fields, size_t n,
                       struct content_form *out);

/* Saves every field with content_put in one transaction (the reviewer's
 * name only when the status is above draft) and audits `action` on
 * (entity, id). False on a database error. */
bool content_form_save(struct request *req, const struct content_form *cf, const char *entity, int64_t id,
                       const char *action);

/* Adds the list `translations` to `v`: one item per language the group
 * offers with its saved text (`code`, `name`, each field, `statuses`).
 * With `typed`, its language holds what was typed instead, with the
 * errors (`<field>_error`, `lang_error`) and `open`; a typed language the
 * group does not offer gets an item of its own at the end. */
void content_form_view(struct request *req, struct view *v, const char *entity, int64_t id,
                       const struct field_spec *fields, size_t n, const struct content_form *typed);

#endif

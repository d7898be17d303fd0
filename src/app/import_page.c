/* Importing people from a spreadsheet in the staff area: upload, a preview
 * with the columns mapped (guessed from the header, changeable), a check
 * that reports every bad row with its line number, then the import, with
 * a progress bar (the page refreshes itself; no JavaScript needed).
 * Organizers and admins only; uploads and imports are audited. */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/page.h"
#include "auth/permissions.h"
#include "core/arena.h"
#include "core/csv.h"
#include "db/db.h"
#include "html/template.h"
#include "http/reply.h"
#include "http/request.h"
#include "i18n/msgid.h"
#include "model/imports.h"
#include "model/people_csv.h"

#define RECENT 10

static const char *state_msgid(const char *state)
{
	static const struct { const char *state, *msgid; } states[] = {
		{ "uploaded", N_("import.state.uploaded") }, { "checking", N_("import.state.checking") },
		{ "checked", N_("import.state.checked") }, { "importing", N_("import.state.importing") },
		{ "done", N_("import.state.done") }, { "failed", N_("import.state.failed") },
	};
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
		if (strcmp(states[i].state, state) == 0)
			return states[i].msgid;
	return N_("import.state.failed");
}

struct recent_ctx {
	struct request *req;
	struct view *v;
};

static void add_recent(const struct import_job *j, void *p)
{
	struct recent_ctx *c = p;
	struct view *item = view_add_item(c->v, "imports");
	view_set(item, "token", j->token);
	view_set(item, "filename", j->filename);
	view_set(item, "state", page_t(c->req, state_msgid(j->state)));
	view_set(item, "at", page_time(c->req->arena, j->created_at, PAGE_MINUTE));
	view_set_int(item, "rows", j->rows_total);
}

static void show_upload(struct request *req, unsigned status, const char *error)
{
	struct view *v = page_view(req, N_("import.title"));
	view_set_bool(v, "staff_area", true);
	if (error)
		view_set(v, "form_error", page_t(req, error));
	struct recent_ctx c = { req, v };
	struct db *db = db_thread();
	if (db)
		import_each_recent(db, req->arena, RECENT, add_recent, &c);
	page_render(req, status, "import.html", v);
}

void import_form(struct request *req)
{
	show_upload(req, 200, NULL);
}

struct create_ctx {
	struct request *req;
	const struct upload *file;
	enum import_create_status status;
	const char *token;
};

static enum db_status create_tx(struct db *db, void *p)
{
	struct create_ctx *c = p;
	c->status = import_create(db, c->req->arena, c->req->actor->id, c->file->filename,
	                          c->file->data, c->file->len, &c->token);
	return c->status == IMPORT_CREATED ? DB_OK : DB_CONFLICT;
}

void import_upload(struct request *req)
{
	const struct upload *file = NULL;
	for (size_t i = 0; i < req->files.count; i++)
		if (strcmp(req->files.items[i].field, "file") == 0)
			file = &req->files.items[i];
	if (file == NULL || file->len == 0) {
		show_upload(req, 422, N_("import.no_file"));
		return;
	}
	struct create_ctx c = { req, file, IMPORT_FAILED, NULL };
	struct db *db = db_thread();
	enum db_status s = db ? db_tx(db, create_tx, &c) : DB_ERROR;
	if (c.status == IMPORT_EMPTY || c.status == IMPORT_NOT_CSV) {
		show_upload(req, 422, N_("import.not_csv"));
		return;
	}
	if (s != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "people.import.upload", "import", 0, NULL);
	reply_redirect(req, arena_printf(req->arena, "/app/people/import/%s", c.token));
}

/* The preview rows, and per CSV column a choice of field, selected from
 * `m`. */
static void add_preview(struct request *req, struct view *v, const struct import_job *j,
                        const struct import_mapping *m)
{
	struct csv_reader *r = csv_open_mem(j->preview ? j->preview : "", j->preview ? strlen(j->preview) : 0);
	struct csv_row row;
	for (int line = 0; csv_next(r, &row) == CSV_ROW; line++) {
		if (line == 0) {
			for (size_t col = 0; col < row.n; col++) {
				struct view *c = view_add_item(v, "columns");
				view_set_int(c, "index", (int64_t)col);
				view_set(c, "header", row.fields[col]);
				struct view *none = view_add_item(c, "choices");
				view_set(none, "value", "");
				view_set(none, "label", page_t(req, N_("import.skip_column")));
				for (int f = 0; f < IMPORT__COUNT; f++) {
					struct view *o = view_add_item(c, "choices");
					view_set(o, "value", import_field_name((enum import_field)f));
					view_set(o, "label", page_t(req, import_field_msgid((enum import_field)f)));
					view_set_bool(o, "selected", m->column[f] == (int)col);
				}
			}
			continue;
		}
		struct view *rv = view_add_item(v, "rows");
		for (size_t col = 0; col < row.n; col++)
			view_set(view_add_item(rv, "cells"), "value", row.fields[col]);
	}
	csv_close(r);
}

static void add_problems(struct request *req, struct view *v, const char *problems)
{
	const char *p = problems;
	while (p && *p) {
		const char *tab = strchr(p, '\t'), *nl = strchr(p, '\n');
		if (tab == NULL || nl == NULL || tab > nl)
			break;
		struct view *item = view_add_item(v, "problems");
		view_set(item, "line", arena_strndup(req->arena, p, (size_t)(tab - p)));
		view_set(item, "message", page_t(req, arena_strndup(req->arena, tab + 1, (size_t)(nl - tab - 1))));
		p = nl + 1;
	}
}

static void show_job(struct request *req, unsigned status, const struct import_job *j,
                     const struct import_mapping *m, const char *error)
{
	struct view *v = page_view(req, N_("import.title"));
	view_set_bool(v, "staff_area", true);
	if (error)
		view_set(v, "form_error", page_t(req, error));
	view_set(v, "token", j->token);
	view_set(v, "filename", j->filename);
	view_set(v, "state", page_t(req, state_msgid(j->state)));
	view_set_int(v, "rows_total", j->rows_total);
	view_set_int(v, "rows_done", j->rows_done);
	view_set_int(v, "created", j->created);
	view_set_int(v, "updated", j->updated);
	view_set_int(v, "bad", j->bad);
	view_set_int(v, "good", j->rows_done - j->bad);
	bool running = strcmp(j->state, "checking") == 0 || strcmp(j->state, "importing") == 0;
	view_set_bool(v, "running", running);
	view_set_bool(v, "mappable", strcmp(j->state, "uploaded") == 0 || strcmp(j->state, "checked") == 0 ||
	                             strcmp(j->state, "failed") == 0);
	view_set_bool(v, "checked", strcmp(j->state, "checked") == 0);
	view_set_bool(v, "done", strcmp(j->state, "done") == 0);
	view_set_bool(v, "failed", strcmp(j->state, "failed") == 0);
	view_set_bool(v, "more_problems", j->bad > IMPORT_MAX_PROBLEMS);
	view_set_int(v, "max_problems", IMPORT_MAX_PROBLEMS);
	if (running)
		view_set_int(v, "refresh_seconds", 1);
	add_preview(req, v, j, m);
	add_problems(req, v, j->problems);
	page_render(req, status, "import_job.html", v);
}

static bool load(struct request *req, struct import_job *j)
{
	const char *token = request_param(req, "id");
	struct db *db = db_thread();
	if (token == NULL || db == NULL || !import_get(db, req->arena, token, j)) {
		reply_error(req, ERR_NOT_FOUND);
		return false;
	}
	return true;
}

void import_show(struct request *req)
{
	struct import_job j;
	if (!load(req, &j))
		return;
	struct import_mapping m;
	import_mapping_parse(j.mapping, &m);
	show_job(req, 200, &j, &m, NULL);
}

/* The mapping chosen on the form: field "col<N>" names the field column N
 * feeds (or is empty). */
static bool mapping_from_form(struct request *req, const struct import_job *j, struct import_mapping *m)
{
	import_mapping_parse("", m);
	bool ok = true;
	for (int col = 0; col < j->n_columns && col < CSV_MAX_COLUMNS; col++) {
		const char *f = request_form(req, arena_printf(req->arena, "col%d", col));
		if (f == NULL || *f == '\0')
			continue;
		int k = 0;
		while (k < IMPORT__COUNT && strcmp(f, import_field_name((enum import_field)k)) != 0)
			k++;
		if (k == IMPORT__COUNT || m->column[k] >= 0)
			ok = false; /* unknown, or the same field twice */
		else
			m->column[k] = col;
	}
	return ok && import_mapping_usable(m, j->n_columns);
}

static void start(struct request *req, bool dry_run)
{
	struct import_job j;
	if (!load(req, &j))
		return;
	struct import_mapping m;
	if (!mapping_from_form(req, &j, &m)) {
		show_job(req, 422, &j, &m, N_("import.bad_mapping"));
		return;
	}
	struct db *db = db_thread();
	if (!import_set_mapping(db, j.id, import_mapping_format(req->arena, &m)) ||
	    !import_start(db, j.id, dry_run)) {
		show_job(req, 409, &j, &m, N_("import.busy"));
		return;
	}
	app_audit(req, dry_run ? "people.import.check" : "people.import.start", "import", j.id, NULL);
	reply_redirect(req, arena_printf(req->arena, "/app/people/import/%s", j.token));
}

void import_check(struct request *req)
{
	start(req, true);
}

void import_run(struct request *req)
{
	start(req, false);
}

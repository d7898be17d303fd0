/* Documents of a case (team only): uploaded with a size limit and a short
 * list of kinds recognized from their first bytes (PDF, JPEG, PNG, plain
 * text), stored sealed, and served only as downloads — Content-Disposition:
 * attachment, a neutral Content-Type, nosniff (on every reply) and a
 * sandboxing CSP — so a document is never rendered in our origin. Every
 * download is audited. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/cases_app.h"
#include "app/page.h"
#include "core/arena.h"
#include "core/imgmeta.h"
#include "core/text.h"
#include "crypto/seal.h"
#include "db/db.h"
#include "http/reply.h"
#include "http/request.h"
#include "i18n/msgid.h"
#include "model/cases.h"
#include "model/changes.h"

#define MAX_DOCUMENT (4u * 1024 * 1024)

/* The kind of a file from its bytes; NULL when it is none we accept. */
static const char *sniff(const unsigned char *p, size_t n)
{
	if (n >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return "pdf";
	if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return "jpeg";
	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "png";
	/* plain text: valid UTF-8 without NUL, and not something a browser would take for markup */
	if (n > 0 && memchr(p, 0, n) == NULL && text_valid_utf8((const char *)p, n)) {
		size_t i = 0;
		while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
			i++;
		if (i < n && p[i] == '<')
			return NULL;
		return "text";
	}
	return NULL;
}

static const char *extension(const char *kind)
{
	return strcmp(kind, "pdf") == 0 ? "pdf" : strcmp(kind, "jpeg") == 0 ? "jpg"
	       : strcmp(kind, "png") == 0 ? "png" : "txt";
}

struct doc_ctx {
	int64_t case_id, by, id;
	const char *kind, *name;
	const unsigned char *data;
	size_t len;
};

static bool seal_col(struct db *db, struct arena *a, int64_t id, const char *column, const char *sql,
                     const void *v, size_t n)
{
	size_t len;
	unsigned char *blob = seal_value(a, "case_documents", column, id, v, n, &len);
	return blob && db_exec(db, sql, DB_ARGS(DB_BLOB(blob, len), DB_INT(id))) == DB_OK;
}

static enum db_status doc_tx(struct db *db, void *p)
{
	struct doc_ctx *c = p;
	if (db_exec(db, "INSERT INTO case_documents (case_id, kind, size, by_user, at) VALUES (?, ?, ?, ?, ?)",
	            DB_ARGS(DB_INT(c->case_id), DB_TEXT(c->kind), DB_INT((int64_t)c->len),
	                    c->by > 0 ? DB_INT(c->by) : DB_NULL, DB_INT(time(NULL)))) != DB_OK)
		return DB_ERROR;
	c->id = db_last_id(db);
	struct arena *a = arena_new(c->len + 4096);
	bool ok = seal_col(db, a, c->id, "content", "UPDATE case_documents SET content_sealed = ? WHERE id = ?",
	                   c->data, c->len) &&
	          seal_col(db, a, c->id, "name", "UPDATE case_documents SET name_sealed = ? WHERE id = ?",
	                   c->name, strlen(c->name));
	arena_destroy(a);
	return ok && case_event_add(db, c->case_id, "document", c->name, c->by, "case_document", c->id) > 0
	       ? DB_OK : DB_ERROR;
}

void case_document_upload(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_EDIT, false, &c))
		return;
	const struct upload *up = NULL;
	for (size_t i = 0; i < req->files.count; i++)
		if (strcmp(req->files.items[i].field, "file") == 0)
			up = &req->files.items[i];
	if (up == NULL || up->len == 0) {
		case_error(req, N_("case.doc.error.none"));
		return;
	}
	if (up->len > MAX_DOCUMENT) {
		case_error(req, N_("case.doc.error.size"));
		return;
	}
	const char *kind = sniff(up->data, up->len);
	if (kind == NULL) {
		case_error(req, N_("case.doc.error.kind"));
		return;
	}
	/* the name as given, kept only as text for the team (never a header) */
	const char *name = case_clean(req, "name", 120, false);
	if (name == NULL || *name == '\0') {
		const char *fn = up->filename && text_valid_utf8(up->filename, strlen(up->filename))
		                 ? up->filename : "";
		name = text_codepoints(fn, strlen(fn)) <= 120 && *fn ? fn : "document";
	}
	struct doc_ctx dc = { c.id, req->actor->id, 0, kind, name, up->data, up->len };
	if (db_tx(db_thread(), doc_tx, &dc) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "case.document_add", "case_document", dc.id, NULL);
	reply_redirect(req, arena_printf(req->arena, "/app/cases/%lld#documents", (long long)c.id));
}

void case_document_download(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_READ, false, &c))
		return;
	long long doc = request_param_id(req, "doc");
	struct db *db = db_thread();
	char *kind = NULL, *content = NULL;
	size_t len = 0;
	struct db_rows *r = db_query(db,
		"SELECT kind, content_sealed FROM case_documents WHERE id = ? AND case_id = ?",
		DB_ARGS(DB_INT(doc), DB_INT(c.id)));
	if (db_next(r)) {
		kind = db_col_dup(r, 0, req->arena);
		size_t blen = 0;
		const void *blob = db_col_blob(r, 1, &blen);
		if (blob)
			content = seal_open(req->arena, "case_documents", "content", doc, blob, blen, &len);
	}
	db_done(r);
	if (kind == NULL || content == NULL) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	app_audit(req, "case.document_read", "case_document", doc, NULL);
	/* a fixed file name: what was typed never reaches a header */
	reply_header(req, "Content-Disposition",
	             arena_printf(req->arena, "attachment; filename=\"case-%lld-document-%lld.%s\"",
	                          (long long)c.id, doc, extension(kind)));
	reply_header(req, "Content-Security-Policy", "default-src 'none'; sandbox");
	reply_bytes(req, 200, "application/octet-stream", content, len);
}

/* ---- the public photo (only with consent to it) ---- */

void case_photo_upload(struct request *req)
{
	struct case_info c;
	if (!case_load(req, ACT_CASES_EDIT, false, &c))
		return;
	if (!c.consent_photo || !c.consent_public) {
		case_error(req, N_("case.photo.no_consent"));
		return;
	}
	struct db *db = db_thread();
	if (request_form(req, "remove")) {
		if (db_exec(db, "DELETE FROM case_photos WHERE case_id = ?", DB_ARGS(DB_INT(c.id))) != DB_OK) {
			reply_error(req, ERR_INTERNAL);
			return;
		}
		model_public_changed();
		reply_redirect(req, arena_printf(req->arena, "/app/cases/%lld#public", (long long)c.id));
		return;
	}
	const struct upload *up = NULL;
	for (size_t i = 0; i < req->files.count; i++)
		if (strcmp(req->files.items[i].field, "photo") == 0)
			up = &req->files.items[i];
	if (up == NULL || up->len == 0 || up->len > MAX_DOCUMENT) {
		case_error(req, N_("case.photo.error"));
		return;
	}
	size_t len = 0;
	enum img_kind kind;
	unsigned char *clean = img_strip_metadata(req->arena, up->data, up->len, &len, &kind);
	if (clean == NULL) {
		case_error(req, N_("case.photo.error"));
		return;
	}
	if (db_exec(db,
	            "INSERT INTO case_photos (case_id, kind, data, at) VALUES (?, ?, ?, ?) "
	            "ON CONFLICT (case_id) DO UPDATE SET kind = excluded.kind, data = excluded.data, at = excluded.at",
	            DB_ARGS(DB_INT(c.id), DB_TEXT(kind == IMG_JPEG ? "jpeg" : "png"), DB_BLOB(clean, len),
	                    DB_INT(time(NULL)))) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	case_event_add(db, c.id, "note", "public photo set", req->actor->id, NULL, 0);
	model_public_changed();
	reply_redirect(req, arena_printf(req->arena, "/app/cases/%lld#public", (long long)c.id));
}

void campaign_photo(struct request *req)
{
	struct db *db = db_thread();
	char *kind = NULL;
	const void *data = NULL;
	size_t len = 0;
	struct db_rows *r = db_query(db,
		"SELECT p.kind, p.data FROM case_photos p JOIN cases c ON c.id = p.case_id WHERE c.slug = ? "
		"AND c.published = 1 AND c.consent_public = 1 AND c.consent_photo = 1",
		DB_ARGS(DB_TEXT(request_param(req, "slug"))));
	if (db_next(r)) {
		kind = db_col_dup(r, 0, req->arena);
		const void *blob = db_col_blob(r, 1, &len);
		data = blob ? arena_memdup(req->arena, blob, len) : NULL;
	}
	db_done(r);
	if (kind == NULL || data == NULL) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	reply_header(req, "Cache-Control", "no-store");
	reply_bytes(req, 200, strcmp(kind, "jpeg") == 0 ? "image/jpeg" : "image/png", data, len);
}

#include "model/content.h"

#include <string.h>
#include <time.h>

#include "db/db.h"
#include "model/changes.h"
#include "i18n/msgid.h"

static const char *const names[] = { "draft", "native_reviewed", "lawyer_reviewed" };

const char *review_status_name(enum review_status s)
{
	return (unsigned)s < 3 ? names[s] : names[0];
}

bool review_status_parse(const char *s, enum review_status *out)
{
	for (unsigned i = 0; s && i < 3; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum review_status)i;
			return true;
		}
	return false;
}

const char *review_status_msgid(enum review_status s)
{
	switch (s) {
	case REVIEW_NATIVE: return N_("content.status.native_reviewed");
	case REVIEW_LAWYER: return N_("content.status.lawyer_reviewed");
	case REVIEW_DRAFT:
	default: return N_("content.status.draft");
	}
}

bool content_get(struct db *db, struct arena *a, const char *entity, int64_t id,
                 const char *field, const char *lang, const char *fallback_lang,
                 struct content_text *out)
{
	/* One query ranks the candidates: asked language, fallback, English, rest. */
	struct db_rows *r = db_query(db,
		"SELECT value, lang, status, reviewed_by, reviewed_at FROM translations "
		"WHERE entity = ? AND entity_id = ? AND field = ? "
		"ORDER BY CASE lang WHEN ? THEN 0 WHEN ? THEN 1 WHEN 'en' THEN 2 ELSE 3 END, lang "
		"LIMIT 1",
		DB_ARGS(DB_TEXT(entity), DB_INT(id), DB_TEXT(field), DB_TEXT(lang),
		        DB_TEXT(fallback_lang ? fallback_lang : "en")));
	bool found = db_next(r);
	if (found) {
		out->value = db_col_dup(r, 0, a);
		out->lang = db_col_dup(r, 1, a);
		if (!review_status_parse(db_col_text(r, 2), &out->status))
			out->status = REVIEW_DRAFT;
		out->reviewed_by = db_col_dup(r, 3, a);
		out->reviewed_at = db_col_int(r, 4);
		out->is_fallback = strcmp(out->lang, lang) != 0;
	}
	return db_done(r) == DB_OK && found;
}

bool content_put(struct db *db, const char *entity, int64_t id, const char *field,
                 const char *lang, const char *value, enum review_status status,
                 const char *reviewed_by)
{
	int64_t now = time(NULL);
	model_public_changed();
	return db_exec(db,
		"INSERT INTO translations (entity, entity_id, field, lang, value, status, reviewed_by, "
		"reviewed_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT (entity, entity_id, field, lang) DO UPDATE SET value = excluded.value, "
		"status = excluded.status, reviewed_by = excluded.reviewed_by, "
		"reviewed_at = excluded.reviewed_at, updated_at = excluded.updated_at",
		DB_ARGS(DB_TEXT(entity), DB_INT(id), DB_TEXT(field), DB_TEXT(lang), DB_TEXT(value),
		        DB_TEXT(review_status_name(status)), DB_TEXT(reviewed_by),
		        reviewed_by ? DB_INT(now) : DB_NULL, DB_INT(now))) == DB_OK;
}

#include "model/rights.h"

#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "db/db.h"
#include "model/changes.h"

bool rights_slug_ok(const char *slug)
{
	size_t n = slug ? strlen(slug) : 0;
	return n >= 1 && n <= 64 && strspn(slug, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

size_t rights_parse_sources(struct arena *a, const char *text, struct rights_source *out, size_t cap)
{
	size_t n = 0;
	const char *p = text ? text : "";
	while (*p && n < cap) {
		size_t line = strcspn(p, "\n");
		char *l = arena_strndup(a, p, line);
		l += strspn(l, " \t\r");
		size_t end = strlen(l);
		while (end && (l[end - 1] == '\r' || l[end - 1] == ' '))
			l[--end] = '\0';
		char *space = strchr(l, ' ');
		if (*l) {
			if (space) {
				*space = '\0';
				out[n].label = space + 1 + strspn(space + 1, " ");
			} else {
				out[n].label = l;
			}
			out[n].url = l;
			n++;
		}
		p += line;
		if (*p == '\n')
			p++;
	}
	return n;
}

#define ARTICLE_COLS                                                                                  \
	"a.id, a.slug, a.topic, a.facts_checked, a.has_dispute, a.published, a.sources, t.lang, t.title, " \
	"t.summary, t.body, t.guidance, t.status, t.reviewed_by, t.reviewed_at "
/* The best translation per article: asked language, fallback, English, rest. */
#define BEST_TRANSLATION                                                                              \
	"JOIN article_translations t ON t.article_id = a.id AND t.lang = (SELECT lang FROM "            \
	"article_translations x WHERE x.article_id = a.id ORDER BY CASE x.lang WHEN ?1 THEN 0 WHEN ?2 " \
	"THEN 1 WHEN 'en' THEN 2 ELSE 3 END, x.lang LIMIT 1) "

static void read_row(struct db_rows *r, struct arena *a, const char *lang, struct article *out)
{
	memset(out, 0, sizeof *out);
	out->id = db_col_int(r, 0);
	out->slug = db_col_dup(r, 1, a);
	out->topic = db_col_dup(r, 2, a);
	out->facts_checked = db_col_dup(r, 3, a);
	out->has_dispute = db_col_int(r, 4) != 0;
	out->published = db_col_int(r, 5) != 0;
	out->sources_text = db_col_dup(r, 6, a);
	out->n_sources = rights_parse_sources(a, out->sources_text, out->sources, RIGHTS_MAX_SOURCES);
	out->lang = db_col_dup(r, 7, a);
	out->title = db_col_dup(r, 8, a);
	out->summary = db_col_dup(r, 9, a);
	out->body = db_col_dup(r, 10, a);
	out->guidance = db_col_dup(r, 11, a);
	if (!review_status_parse(db_col_text(r, 12), &out->status))
		out->status = REVIEW_DRAFT;
	out->reviewed_by = db_col_null(r, 13) ? NULL : db_col_dup(r, 13, a);
	out->reviewed_at = db_col_int(r, 14);
	out->is_fallback = strcmp(out->lang, lang) != 0;
}

bool rights_article(struct db *db, struct arena *a, const char *slug, const char *lang,
                    const char *fallback, bool with_unpublished, struct article *out)
{
	if (!rights_slug_ok(slug))
		return false;
	struct db_rows *r = db_query(db,
		"SELECT " ARTICLE_COLS "FROM articles a " BEST_TRANSLATION
		"WHERE a.slug = ?3 AND (a.published = 1 OR ?4)",
		DB_ARGS(DB_TEXT(lang), DB_TEXT(fallback ? fallback : "en"), DB_TEXT(slug),
		        DB_INT(with_unpublished)));
	bool found = db_next(r);
	if (found)
		read_row(r, a, lang, out);
	return db_done(r) == DB_OK && found;
}

size_t rights_articles(struct db *db, struct arena *a, const char *lang, const char *fallback,
                       bool with_unpublished, struct article *out, size_t cap)
{
	size_t n = 0;
	struct db_rows *r = db_query(db,
		"SELECT " ARTICLE_COLS "FROM articles a " BEST_TRANSLATION
		"WHERE a.published = 1 OR ?3 ORDER BY a.position, a.slug",
		DB_ARGS(DB_TEXT(lang), DB_TEXT(fallback ? fallback : "en"), DB_INT(with_unpublished)));
	while (n < cap && db_next(r))
		read_row(r, a, lang, &out[n++]);
	db_done(r);
	return n;
}

size_t rights_article_langs(struct db *db, struct arena *a, int64_t id, const char **out, size_t cap)
{
	size_t n = 0;
	struct db_rows *r = db_query(db, "SELECT lang FROM article_translations WHERE article_id = ? ORDER BY lang",
	                             DB_ARGS(DB_INT(id)));
	while (n < cap && db_next(r))
		out[n++] = db_col_dup(r, 0, a);
	db_done(r);
	return n;
}

bool rights_put_translation(struct db *db, int64_t article_id, const char *lang,
                            const struct article_text *t)
{
	int64_t now = time(NULL);
	bool reviewed = t->status != REVIEW_DRAFT;
	model_public_changed();
	return db_exec(db,
		"INSERT INTO article_translations (article_id, lang, title, summary, body, guidance, status, "
		"reviewed_by, reviewed_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT (article_id, lang) DO UPDATE SET title = excluded.title, "
		"summary = excluded.summary, body = excluded.body, guidance = excluded.guidance, "
		"status = excluded.status, reviewed_by = excluded.reviewed_by, "
		"reviewed_at = excluded.reviewed_at, updated_at = excluded.updated_at",
		DB_ARGS(DB_INT(article_id), DB_TEXT(lang), DB_TEXT(t->title), DB_TEXT(t->summary ? t->summary : ""),
		        DB_TEXT(t->body), DB_TEXT(t->guidance ? t->guidance : ""),
		        DB_TEXT(review_status_name(t->status)), reviewed ? DB_TEXT(t->reviewed_by) : DB_NULL,
		        reviewed ? DB_INT(t->reviewed_at > 0 ? t->reviewed_at : now) : DB_NULL, DB_INT(now))) == DB_OK;
}

bool rights_put_sources(struct db *db, int64_t article_id, const char *sources,
                        const char *facts_checked)
{
	model_public_changed();
	return db_exec(db, "UPDATE articles SET sources = ?, facts_checked = ?, updated_at = ? WHERE id = ?",
	               DB_ARGS(DB_TEXT(sources), DB_TEXT(facts_checked), DB_INT(time(NULL)),
	                       DB_INT(article_id))) == DB_OK &&
	       db_changes(db) == 1;
}

size_t rights_hotlines(struct db *db, struct arena *a, bool all, struct hotline *out, size_t cap)
{
	size_t n = 0;
	struct db_rows *r = db_query(db,
		"SELECT id, name, number, hours, source, enabled FROM hotlines WHERE enabled = 1 OR ? "
		"ORDER BY position, id",
		DB_ARGS(DB_INT(all)));
	while (n < cap && db_next(r)) {
		out[n].id = db_col_int(r, 0);
		out[n].name = db_col_dup(r, 1, a);
		out[n].number = db_col_dup(r, 2, a);
		out[n].hours = db_col_dup(r, 3, a);
		out[n].source = db_col_dup(r, 4, a);
		out[n].enabled = db_col_int(r, 5) != 0;
		n++;
	}
	db_done(r);
	return n;
}

bool rights_hotline_enable(struct db *db, int64_t id, bool on)
{
	model_public_changed();
	return db_exec(db, "UPDATE hotlines SET enabled = ? WHERE id = ?", DB_ARGS(DB_INT(on), DB_INT(id))) ==
	               DB_OK &&
	       db_changes(db) == 1;
}

int64_t rights_hotline_add(struct db *db, const char *name, const char *number, const char *hours,
                           const char *source)
{
	model_public_changed();
	if (db_exec(db,
	            "INSERT INTO hotlines (position, name, number, hours, source, enabled) VALUES "
	            "((SELECT COALESCE(MAX(position), 0) + 1 FROM hotlines), ?, ?, ?, ?, 1)",
	            DB_ARGS(DB_TEXT(name), DB_TEXT(number), DB_TEXT(hours ? hours : ""),
	                    DB_TEXT(source ? source : ""))) != DB_OK)
		return -1;
	return db_last_id(db);
}

int64_t rights_article_create(struct db *db, const char *slug, const char *lang, const char *title,
                              const char *body)
{
	if (!rights_slug_ok(slug))
		return 0;
	enum db_status st = db_exec(db,
		"INSERT INTO articles (slug, topic, position, updated_at) VALUES (?, ?, "
		"(SELECT COALESCE(MAX(position), 0) + 1 FROM articles), ?)",
		DB_ARGS(DB_TEXT(slug), DB_TEXT(slug), DB_INT(time(NULL))));
	if (st == DB_CONFLICT)
		return 0;
	if (st != DB_OK)
		return -1;
	int64_t id = db_last_id(db);
	struct article_text t = { title, "", body, "", REVIEW_DRAFT, NULL, 0 };
	return rights_put_translation(db, id, lang, &t) ? id : -1;
}

bool rights_article_publish(struct db *db, int64_t id, bool on)
{
	model_public_changed();
	return db_exec(db, "UPDATE articles SET published = ?, updated_at = ? WHERE id = ?",
	               DB_ARGS(DB_INT(on), DB_INT(time(NULL)), DB_INT(id))) == DB_OK &&
	       db_changes(db) == 1;
}

/* Likely duplicates and merging, for organizers and admins: a list of
 * pairs with the reason each looks like one person, a side-by-side
 * comparison, and the merge (which keeps everything of both). */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/page.h"
#include "auth/permissions.h"
#include "core/arena.h"
#include "db/db.h"
#include "html/template.h"
#include "http/reply.h"
#include "http/request.h"
#include "i18n/languages.h"
#include "i18n/msgid.h"
#include "model/people.h"
#include "model/people_merge.h"

#define SHOWN 200

static const char *const reason_msgids[] = {
	[DUP_EMAIL] = N_("duplicates.same_email"),
	[DUP_PHONE] = N_("duplicates.same_phone"),
	[DUP_NAME_POSTAL] = N_("duplicates.same_name_postal"),
};

struct dup_ctx {
	struct request *req;
	struct view *v;
	struct db *db;
};

static const char *name_of(struct request *req, const struct person *p)
{
	return p->display_name ? p->display_name : page_t(req, N_("people.unnamed"));
}

static void add_pair(const struct duplicate_pair *pair, void *p)
{
	struct dup_ctx *c = p;
	struct person a, b;
	if (!person_get(c->db, c->req->arena, pair->a, false, &a) ||
	    !person_get(c->db, c->req->arena, pair->b, false, &b))
		return;
	struct view *item = view_add_item(c->v, "pairs");
	view_set_int(item, "a", a.id);
	view_set_int(item, "b", b.id);
	view_set(item, "a_name", name_of(c->req, &a));
	view_set(item, "b_name", name_of(c->req, &b));
	view_set(item, "a_postal", a.postal_code);
	view_set(item, "b_postal", b.postal_code);
	view_set(item, "reason", page_t(c->req, reason_msgids[pair->reason]));
}

void duplicates_list(struct request *req)
{
	struct db *db = db_thread();
	struct view *v = page_view(req, N_("duplicates.title"));
	view_set_bool(v, "staff_area", true);
	struct dup_ctx c = { req, v, db };
	int64_t total = 0;
	if (db == NULL || !people_duplicates(db, SHOWN, add_pair, &c, &total)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	view_set_int(v, "total", total);
	view_set_bool(v, "more", total > SHOWN);
	view_set_int(v, "shown", SHOWN);
	page_render(req, 200, "duplicates.html", v);
}

static void add_side(struct request *req, struct db *db, struct view *v, const char *key,
                     const struct person *p, bool contact)
{
	struct view *s = view_add_item(v, key);
	view_set_int(s, "id", p->id);
	view_set(s, "name", name_of(req, p));
	view_set(s, "given_name", p->given_name);
	view_set(s, "family_name", p->family_name);
	view_set(s, "postal_code", p->postal_code);
	view_set(s, "source", p->source);
	view_set(s, "joined", page_time(req->arena, p->created_at, PAGE_DATE));
	for (size_t i = 0; p->languages[i]; i++) {
		const char *name = spoken_language_name(p->languages[i]);
		view_set(view_add_item(s, "languages"), "value", name ? name : p->languages[i]);
	}
	for (size_t i = 0; p->tags[i]; i++)
		view_set(view_add_item(s, "tags"), "value", p->tags[i]);
	if (contact) {
		for (size_t i = 0; p->emails[i]; i++)
			view_set(view_add_item(s, "emails"), "value", p->emails[i]);
		for (size_t i = 0; p->phones[i]; i++)
			view_set(view_add_item(s, "phones"), "value", p->phones[i]);
	}
	int64_t n = 0;
	db_get_int(db, "SELECT COUNT(*) FROM activities WHERE person_id = ?", DB_ARGS(DB_INT(p->id)), &n);
	view_set_int(s, "activities", n);
}

void merge_form(struct request *req)
{
	const char *qa = request_query(req, "a"), *qb = request_query(req, "b");
	long long ida = qa ? atoll(qa) : 0, idb = qb ? atoll(qb) : 0;
	struct db *db = db_thread();
	bool contact = perm_allows(req->actor, ACT_PEOPLE_CONTACT);
	struct person a, b;
	if (db == NULL || ida <= 0 || idb <= 0 || ida == idb ||
	    !person_get(db, req->arena, ida, contact, &a) || !person_get(db, req->arena, idb, contact, &b)) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	if (contact) {
		app_audit(req, "person.read_contact", "person", a.id, NULL);
		app_audit(req, "person.read_contact", "person", b.id, NULL);
	}
	struct view *v = page_view(req, N_("merge.title"));
	view_set_bool(v, "staff_area", true);
	view_set_bool(v, "show_contact", contact);
	add_side(req, db, v, "sides", &a, contact);
	add_side(req, db, v, "sides", &b, contact);
	view_set_int(v, "a", a.id);
	view_set_int(v, "b", b.id);
	view_set(v, "a_name", name_of(req, &a));
	view_set(v, "b_name", name_of(req, &b));
	page_render(req, 200, "merge.html", v);
}

struct merge_ctx {
	int64_t keep, drop, by;
};

static enum db_status merge_tx(struct db *db, void *p)
{
	struct merge_ctx *c = p;
	return person_merge(db, c->keep, c->drop, c->by) ? DB_OK : DB_NOT_FOUND;
}

void merge_submit(struct request *req)
{
	const char *fa = request_form(req, "a"), *fb = request_form(req, "b");
	const char *keep = request_form(req, "keep");
	long long a = fa ? atoll(fa) : 0, b = fb ? atoll(fb) : 0, k = keep ? atoll(keep) : 0;
	if (a <= 0 || b <= 0 || a == b || (k != a && k != b)) {
		reply_error_detail(req, ERR_VALIDATION, N_("merge.choose"));
		return;
	}
	struct merge_ctx c = { k, k == a ? b : a, req->actor->id };
	struct db *db = db_thread();
	enum db_status s = db ? db_tx(db, merge_tx, &c) : DB_ERROR;
	if (s == DB_NOT_FOUND) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	if (s != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "person.merge", "person", c.keep,
	          arena_printf(req->arena, "merged %lld", (long long)c.drop));
	reply_redirect(req, arena_printf(req->arena, "/app/people/%lld?merged=1", (long long)c.keep));
}

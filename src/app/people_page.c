/* People in the staff area: the list with search as you type and
 * filters, and one person's page. Volunteers see names, languages,
 * talents and tags; contact details (emails, phones, address, notes) are
 * for organizers and admins, and every opening of them is audited. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/page.h"
#include "auth/permissions.h"
#include "core/arena.h"
#include "core/buf.h"
#include "db/db.h"
#include "html/escape.h"
#include "html/template.h"
#include "http/reply.h"
#include "http/request.h"
#include "i18n/languages.h"
#include "i18n/msgid.h"
#include "model/people.h"
#include "model/people_csv.h"
#include "model/people_merge.h"
#include "model/sessions.h"
#include "model/tags.h"

#define PER_PAGE 50
#define COUNT_CAP 200

struct list_ctx {
	struct request *req;
	struct view *v;
	int rows;
};

static void add_row(const struct person_row *row, void *p)
{
	struct list_ctx *c = p;
	c->rows++;
	struct view *item = view_add_item(c->v, "people");
	view_set_int(item, "id", row->id);
	view_set(item, "name", row->display_name ? row->display_name : page_t(c->req, N_("people.unnamed")));
	view_set(item, "postal_code", row->postal_code);
	const char *lang_name = spoken_language_name(row->lang);
	view_set(item, "lang", lang_name ? lang_name : row->lang);
	view_set(item, "joined", page_time(c->req->arena, row->created_at, PAGE_DATE));
}

static void add_filters(struct request *req, struct view *v, const struct people_query *q);

/* The current query string without `page`, for paging links. */
static char *query_without_page(struct request *req)
{
	struct buf b;
	buf_init(&b, req->arena, 128);
	for (size_t i = 0; people_filter_keys[i]; i++) {
		const char *v = request_query(req, people_filter_keys[i]);
		if (v == NULL || *v == '\0')
			continue;
		buf_printf(&b, "%s=", people_filter_keys[i]);
		escape_url_component(&b, v);
		buf_putc(&b, '&');
	}
	const char *sort = request_query(req, "sort");
	if (sort && *sort) {
		buf_puts(&b, "sort=");
		escape_url_component(&b, sort);
		buf_putc(&b, '&');
	}
	return b.data;
}

void people_list(struct request *req)
{
	struct people_query q;
	people_query_from_fields(&req->query, &q);
	q.page = request_query(req, "page") ? atoi(request_query(req, "page")) : 1;
	q.per_page = PER_PAGE;
	/* counting every match of a broad search costs more than the page:
	 * past COUNT_CAP the list says "more than" */
	q.count_cap = COUNT_CAP;
	if (q.page < 1 || q.page > 100000)
		q.page = 1;
	bool partial = request_query(req, "partial") != NULL;
	struct view *v = page_view(req, N_("people.title"));
	view_set_bool(v, "staff_area", true);
	view_set(v, "q", q.q);
	if (!partial)
		add_filters(req, v, &q);
	struct list_ctx c = { req, v, 0 };
	int64_t total = 0;
	struct db *db = db_thread();
	if (db == NULL || !people_search(db, req->arena, &q, add_row, &c, &total)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	view_set_bool(v, "more_than", total > COUNT_CAP);
	view_set_int(v, "total", total > COUNT_CAP ? COUNT_CAP : total);
	view_set_bool(v, "none", total == 0);
	char *base = query_without_page(req);
	if (q.page > 1)
		view_setf(v, "prev_href", "/app/people?%spage=%d", base, q.page - 1);
	/* past the cap the exact total is unknown: a full page may have more */
	if ((int64_t)q.page * PER_PAGE < total || (total > COUNT_CAP && c.rows == PER_PAGE))
		view_setf(v, "next_href", "/app/people?%spage=%d", base, q.page + 1);
	if (partial) {
		/* search as you type fetches only the results */
		struct buf out;
		buf_init(&out, req->arena, 8192);
		page_render_fragment(req, "people_results.html", v, &out);
		reply_bytes(req, 200, "text/html; charset=utf-8", out.data, out.len);
		return;
	}
	page_render(req, 200, "people.html", v);
}

/* Message id for an activity kind (later features add theirs here). */
static const char *activity_msgid(const char *kind)
{
	static const struct { const char *kind, *msgid; } kinds[] = {
		{ "joined", N_("activity.joined") },
		{ "joined_again", N_("activity.joined_again") },
		{ "imported", N_("activity.imported") },
		{ "merged", N_("activity.merged") },
		{ "mobilization.asked", N_("activity.mobilization_asked") },
		{ "mobilization.answer", N_("activity.mobilization_answer") },
		{ "mobilization.reminder", N_("activity.mobilization_reminder") },
		{ "mobilization.thanks", N_("activity.mobilization_thanks") },
		{ "accompaniment.signup", N_("activity.accompaniment_signup") },
		{ "accompaniment.came", N_("activity.accompaniment_came") },
		{ "sms.reply", N_("activity.sms_reply") },
		{ "event.rsvp", N_("activity.event_rsvp") },
		{ "event.attended", N_("activity.event_attended") },
		{ "event.moved_up", N_("activity.event_moved_up") },
		{ "event.cancelled", N_("activity.event_cancelled") },
		{ "petition.signed", N_("activity.petition_signed") },
		{ "petition.confirmed", N_("activity.petition_confirmed") },
	};
	for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return kinds[i].msgid;
	return kind ? kind : "";
}

/* What an activity's detail adds on the person's page: a mobilization
 * answer ("yes · interpreter (link)") in the reader's language, and the
 * keyword of a text reply (STOP, START, HELP). NULL: nothing. */
static const char *activity_detail(struct request *req, const char *kind, const char *detail)
{
	if (kind == NULL || detail == NULL || *detail == '\0')
		return NULL;
	if (strcmp(kind, "sms.reply") == 0) {
		static const char *const words[][2] = { { "stop", "STOP" }, { "start", "START" },
		                                        { "help", "HELP" } };
		for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
			if (strcmp(detail, words[i][0]) == 0)
				return words[i][1];
		return NULL;
	}
	if (strcmp(kind, "mobilization.answer") != 0)
		return NULL;
	static const char *const answers[][2] = { { "yes", N_("mob.answer.yes") },
	                                          { "no", N_("mob.answer.no") },
	                                          { "maybe", N_("mob.answer.maybe") } };
	static const char *const roles[][2] = {
		{ "interpreter", N_("call.role.interpreter") },
		{ "legal_observer", N_("call.role.legal_observer") },
		{ "driver", N_("call.role.driver") }, { "companion", N_("call.role.companion") } };
	const char *answer = NULL, *role = NULL, *via = NULL;
	size_t n = strcspn(detail, " ");
	for (size_t i = 0; i < 3; i++)
		if (strlen(answers[i][0]) == n && strncmp(detail, answers[i][0], n) == 0)
			answer = page_t(req, answers[i][1]);
	for (size_t i = 0; i < 4; i++)
		if (strstr(detail, roles[i][0]))
			role = page_t(req, roles[i][1]);
	if (strstr(detail, "(sms)"))
		via = page_t(req, N_("activity.via_sms"));
	else if (strstr(detail, "(link)"))
		via = page_t(req, N_("activity.via_link"));
	if (answer == NULL)
		return NULL;
	return arena_printf(req->arena, "%s%s%s%s%s%s", answer, role ? " · " : "", role ? role : "",
	                    via ? " (" : "", via ? via : "", via ? ")" : "");
}

/* The filter controls, with the current choices selected, and the
 * current filters as hidden fields for the bulk actions. */
static void add_filters(struct request *req, struct view *v, const struct people_query *q)
{
	struct db *db = db_thread();
	view_set_bool(v, "can_edit", perm_allows(req->actor, ACT_PEOPLE_EDIT));
	view_set_bool(v, "can_merge", perm_allows(req->actor, ACT_PEOPLE_MERGE));
	view_set_bool(v, "can_import", perm_allows(req->actor, ACT_PEOPLE_IMPORT));
	view_set_bool(v, "can_export", perm_allows(req->actor, ACT_PEOPLE_EXPORT));
	view_set(v, "export_href", arena_printf(req->arena, "/app/people/export.csv?%s", query_without_page(req)));
	view_set(v, "tagged", request_query(req, "tagged"));
	view_set_bool(v, "filtered", (q->tag && *q->tag) || (q->lang && *q->lang) ||
	                             (q->talent && *q->talent) || q->consent_channel >= 0 ||
	                             q->availability || (q->source && *q->source) || q->joined_from ||
	                             q->joined_to);
	struct db_rows *r = db_query(db, "SELECT name FROM tags ORDER BY name COLLATE NOCASE", DB_NOARGS);
	while (db_next(r)) {
		struct view *o = view_add_item(v, "tag_options");
		view_set(o, "value", db_col_text(r, 0));
		view_set_bool(o, "selected", q->tag && strcmp(q->tag, db_col_text(r, 0)) == 0);
	}
	db_done(r);
	const struct spoken_language *spoken;
	size_t n = spoken_languages(&spoken);
	for (size_t i = 0; i < n; i++) {
		struct view *o = view_add_item(v, "lang_options");
		view_set(o, "value", spoken[i].code);
		view_set(o, "label", spoken[i].endonym);
		view_set_bool(o, "selected", q->lang && strcmp(q->lang, spoken[i].code) == 0);
	}
	r = db_query(db, "SELECT slug, msgid, name FROM talents ORDER BY position, slug", DB_NOARGS);
	while (db_next(r)) {
		struct view *o = view_add_item(v, "talent_options");
		view_set(o, "value", db_col_text(r, 0));
		view_set(o, "label", db_col_text(r, 1) ? page_t(req, db_col_text(r, 1)) : db_col_text(r, 2));
		view_set_bool(o, "selected", q->talent && strcmp(q->talent, db_col_text(r, 0)) == 0);
	}
	db_done(r);
	static const char *const consent_labels[] = {
		N_("people.consented_email"), N_("people.consented_sms"), N_("people.consented_phone"),
	};
	for (int ch = 0; ch < CHANNEL__COUNT; ch++) {
		struct view *o = view_add_item(v, "consent_options");
		view_set(o, "value", channel_name((enum channel)ch));
		view_set(o, "label", page_t(req, consent_labels[ch]));
		view_set_bool(o, "selected", q->consent_channel == ch);
	}
	static const struct { const char *value, *msgid; } sorts[] = {
		{ "name", N_("people.sort_name") }, { "newest", N_("people.sort_newest") },
		{ "oldest", N_("people.sort_oldest") },
	};
	for (size_t i = 0; i < 3; i++) {
		struct view *o = view_add_item(v, "sort_options");
		view_set(o, "value", sorts[i].value);
		view_set(o, "label", page_t(req, sorts[i].msgid));
		view_set_bool(o, "selected", q->sort ? strcmp(q->sort, sorts[i].value) == 0 : i == 0);
	}
	for (size_t i = 0; people_filter_keys[i]; i++) {
		const char *val = request_query(req, people_filter_keys[i]);
		if (val == NULL || *val == '\0')
			continue;
		struct view *f = view_add_item(v, "current_filters");
		view_set(f, "key", people_filter_keys[i]);
		view_set(f, "value", val);
	}
	for (unsigned k = 0; k < 4; k++) {
		struct view *o = view_add_item(v, "availability_options");
		view_set(o, "value", availability_name(1u << k));
		view_set(o, "label", page_t(req, availability_msgid(1u << k)));
		view_set_bool(o, "selected", q->availability == 1u << k);
	}
	view_set(v, "source", request_query(req, "source"));
	view_set(v, "joined_from", request_query(req, "joined_from"));
	view_set(v, "joined_to", request_query(req, "joined_to"));
}

static void add_list(struct view *v, const char *key, const char *const *items)
{
	for (size_t i = 0; items && items[i]; i++)
		view_set(view_add_item(v, key), "value", items[i]);
}

void person_show(struct request *req)
{
	/* a merged record's old address leads to the person it became */
	long long asked = request_param_id(req, "id");
	struct db *mdb = db_thread();
	int64_t current = asked > 0 && mdb ? person_current_id(mdb, asked) : 0;
	if (current > 0 && current != asked) {
		reply_redirect(req, arena_printf(req->arena, "/app/people/%lld", (long long)current));
		return;
	}
	struct person p;
	bool contact;
	if (!app_person_load(req, &p, &contact))
		return;
	int64_t id = p.id;
	struct db *db = db_thread();
	struct view *v = page_view(req, N_("person.title"));
	view_set_bool(v, "staff_area", true);
	view_set(v, "name", p.display_name ? p.display_name : page_t(req, N_("people.unnamed")));
	view_set(v, "given_name", p.given_name);
	view_set(v, "family_name", p.family_name);
	view_set(v, "known_as", p.known_as);
	view_set(v, "postal_code", p.postal_code);
	view_set(v, "source", p.source);
	view_set(v, "joined", page_time(req->arena, p.created_at, PAGE_DATE));
	const char *pref = spoken_language_name(p.lang);
	view_set(v, "preferred_lang", pref ? pref : p.lang);
	view_set_bool(v, "show_contact", contact);
	if (contact) {
		add_list(v, "emails", p.emails);
		add_list(v, "phones", p.phones);
		view_set(v, "address", p.address);
		view_set(v, "notes", p.notes);
	}
	for (size_t i = 0; p.languages[i]; i++) {
		const char *name = spoken_language_name(p.languages[i]);
		view_set(view_add_item(v, "languages"), "value", name ? name : p.languages[i]);
	}
	struct db_rows *t = db_query(db,
		"SELECT tl.msgid, tl.name FROM person_talents pt JOIN talents tl ON tl.id = pt.talent_id "
		"WHERE pt.person_id = ? ORDER BY tl.position, tl.slug",
		DB_ARGS(DB_INT(id)));
	while (db_next(t))
		view_set(view_add_item(v, "talents"), "value",
		         db_col_text(t, 0) ? page_t(req, db_col_text(t, 0)) : db_col_text(t, 1));
	db_done(t);
	bool can_edit = perm_allows(req->actor, ACT_PEOPLE_EDIT);
	view_set_bool(v, "can_edit", can_edit);
	view_set_bool(v, "merged", request_query(req, "merged") != NULL);
	view_set_bool(v, "saved", request_query(req, "saved") != NULL);
	view_set_bool(v, "can_edit_contact", can_edit && contact);
	view_set_int(v, "person_id", id);
	struct db_rows *tg = db_query(db,
		"SELECT g.id, g.name FROM taggings t JOIN tags g ON g.id = t.tag_id WHERE t.person_id = ? "
		"ORDER BY g.name COLLATE NOCASE",
		DB_ARGS(DB_INT(id)));
	while (db_next(tg)) {
		struct view *item = view_add_item(v, "tags");
		view_set_int(item, "id", db_col_int(tg, 0));
		view_set(item, "name", db_col_text(tg, 1));
	}
	db_done(tg);
	static const char *const avail[] = {
		N_("join.avail.weekday_mornings"), N_("join.avail.weekday_afternoons"),
		N_("join.avail.weekday_evenings"), N_("join.avail.weekends"),
	};
	for (unsigned k = 0; k < 4; k++)
		if (p.availability & (1u << k))
			view_set(view_add_item(v, "availability"), "value", page_t(req, avail[k]));
	static const char *const consent_msgids[] = {
		N_("consent.never_asked"), N_("consent.subscribed"), N_("consent.unsubscribed"),
	};
	static const char *const channel_msgids[] = {
		N_("channel.email"), N_("channel.sms"), N_("channel.phone"),
	};
	for (int ch = 0; ch < CHANNEL__COUNT; ch++) {
		struct view *item = view_add_item(v, "consents");
		view_set(item, "channel", page_t(req, channel_msgids[ch]));
		view_set(item, "status", page_t(req, consent_msgids[p.consent[ch]]));
	}
	/* consent is history: every change, newest first */
	struct db_rows *ce = db_query(db,
		"SELECT channel, status, at, how FROM consent_events WHERE person_id = ? "
		"ORDER BY at DESC, id DESC LIMIT 30", DB_ARGS(DB_INT(id)));
	while (db_next(ce)) {
		struct view *item = view_add_item(v, "consent_events");
		enum consent st = CONSENT_NEVER_ASKED;
		consent_parse(db_col_text(ce, 1), &st);
		const char *ch = db_col_text(ce, 0);
		int c = strcmp(ch, "email") == 0 ? 0 : strcmp(ch, "sms") == 0 ? 1 : 2;
		view_set(item, "channel", page_t(req, channel_msgids[c]));
		view_set(item, "status", page_t(req, consent_msgids[st]));
		view_set(item, "at", page_time(req->arena, db_col_int(ce, 2), PAGE_MINUTE));
		view_set(item, "how", db_col_text(ce, 3));
	}
	db_done(ce);
	struct db_rows *r = db_query(db,
		"SELECT at, kind, detail FROM activities WHERE person_id = ? ORDER BY at DESC, id DESC LIMIT 50",
		DB_ARGS(DB_INT(id)));
	while (db_next(r)) {
		struct view *item = view_add_item(v, "activities");
		view_set(item, "at", page_time(req->arena, db_col_int(r, 0), PAGE_DATE));
		view_set(item, "kind", page_t(req, activity_msgid(db_col_text(r, 1))));
		const char *detail = activity_detail(req, db_col_text(r, 1),
		                                     db_col_null(r, 2) ? NULL : db_col_text(r, 2));
		if (detail)
			view_set(item, "detail", detail);
	}
	db_done(r);
	page_render(req, 200, "person.html", v);
}

/* The current search (or a saved segment) as CSV, in the shape import
 * reads. Organizers and admins only; every export is audited. */
void people_export(struct request *req)
{
	struct people_query q;
	people_query_from_fields(&req->query, &q);
	struct db *db = db_thread();
	const char *segment = request_query(req, "segment");
	if (db == NULL) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	int64_t segment_id = 0;
	if (segment && *segment) {
		struct segment s;
		segment_id = atoll(segment);
		if (segment_id <= 0 || !segment_get(db, req->arena, segment_id, &s) ||
		    !people_query_from_string(req->arena, s.query, &q)) {
			reply_error(req, ERR_NOT_FOUND);
			return;
		}
	}
	char *data = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&data, &len);
	int64_t n = out ? people_export_csv(db, &q, out) : -1;
	if (out)
		fclose(out);
	if (n < 0) {
		free(data);
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "people.export", segment_id ? "segment" : "people", segment_id ? segment_id : n, NULL);
	reply_header(req, "Content-Disposition", "attachment; filename=\"people.csv\"");
	reply_header(req, "Cache-Control", "no-store");
	/* the reply borrows its body: it must live in the request's arena */
	char *body = arena_strndup(req->arena, data, len);
	free(data);
	reply_bytes(req, 200, "text/csv; charset=utf-8", body, len);
}

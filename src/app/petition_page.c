/* The public petition page, /p/{slug}: the text in the visitor's
 * language, the count toward the goal, the sign form, recent signers who
 * chose to be shown, plain share links. No JavaScript, no third-party
 * request, small enough for a cheap phone on a bad connection.
 *
 * Going viral: anonymous visitors get the page whole from the page cache
 * (per petition and language). Signing does not empty the cache (that
 * would make every signature cost a render for everyone); instead these
 * entries are served for at most PUBLIC_PAGE_MAX_AGE second, so the count
 * shown is never more than a second behind, and the signer's own thank-you
 * page is drawn fresh. Edits by staff go through content_put/petition
 * saves, which empty the cache at once.
 *
 * The sign form carries no per-visitor CSRF token (that would make the
 * page uncacheable); it needs none: it uses no cookie or session, so a
 * forged submission can do nothing a direct one could not. Its proof is a
 * signed time stamp (minimum time on the page), plus a honeypot and the
 * per-address rate limit held in memory. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/page.h"
#include "app/page_cache.h"
#include "app/public_forms.h"
#include "auth/throttle.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/phone.h"
#include "db/db.h"
#include "html/escape.h"
#include "html/template.h"
#include "http/fields.h"
#include "http/reply.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "i18n/msgid.h"
#include "model/audit.h"
#include "model/content.h"
#include "model/petition_intake.h"
#include "model/petitions.h"
#include "model/settings.h"

#define RECENT 8

/* Paragraphs separated by blank lines, as a list of {text}. */
void view_paragraphs(struct view *v, const char *key, const char *text)
{
	char *copy = arena_strdup(view_arena(v), text ? text : "");
	for (char *p = copy; p && *p;) {
		char *gap = strstr(p, "\n\n");
		if (gap)
			*gap = '\0';
		if (*p)
			view_set(view_add_item(v, key), "text", p);
		p = gap ? gap + 2 : NULL;
	}
}

/* One item per non-empty line. */
static void view_lines(struct view *v, const char *key, const char *text)
{
	char *copy = arena_strdup(view_arena(v), text ? text : "");
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		view_set(view_add_item(v, key), "text", line);
}

const char *petition_text(struct request *req, int64_t id, const char *field, struct content_text *out)
{
	struct settings s;
	settings_get(&s);
	struct db *db = db_thread();
	if (db && content_get(db, req->arena, "petition", id, field, req->lang, s.default_lang, out))
		return out->value;
	*out = (struct content_text){ .value = "", .lang = req->lang };
	return "";
}

static void add_text(struct request *req, struct view *v, const struct petition *p)
{
	struct content_text title, body, ask, targets;
	view_set(v, "title", petition_text(req, p->id, "title", &title));
	view_set(v, "text_lang", title.lang);
	view_set(v, "text_dir", i18n_dir(title.lang));
	view_set(v, "review_status", review_status_name(title.status));
	view_set(v, "review_text", page_t(req, title.is_fallback ? N_("content.status.not_translated")
	                                                         : review_status_msgid(title.status)));
	view_paragraphs(v, "paragraphs", petition_text(req, p->id, "body", &body));
	view_set(v, "ask", petition_text(req, p->id, "ask", &ask));
	view_lines(v, "targets", petition_text(req, p->id, "targets", &targets));
	view_set(v, "page_title", title.value);
}

static void add_progress(struct request *req, struct view *v, const struct petition *p)
{
	view_set_int(v, "count", p->count);
	if (p->goal > 0) {
		view_set_int(v, "goal", p->goal);
		view_set_int(v, "progress_max", p->goal);
		view_set_int(v, "progress_value", p->count < p->goal ? p->count : p->goal);
		view_set_int(v, "percent", p->count >= p->goal ? 100 : p->count * 100 / p->goal);
	}
	(void)req;
}

static void show(struct request *req, unsigned status, const struct petition *p, const struct form *f,
                 const char *alert, const char *stamp)
{
	struct view *v = page_view(req, N_("petition.title"));
	add_text(req, v, p);
	add_progress(req, v, p);
	int64_t now = time(NULL);
	bool open = petition_open(p, now);
	view_set_bool(v, "open", open);
	view_set_bool(v, "not_started", p->starts_at && now < p->starts_at);
	if (p->ends_at) {
		view_set(v, "ends", local_time(req->arena, p->ends_at, "%Y-%m-%d"));
		view_set_bool(v, "ended", now >= p->ends_at);
	}
	view_set(v, "slug", p->slug);
	view_set_bool(v, "noindex", p->unlisted);
	view_set(v, "stamp", stamp ? stamp : form_stamp(req->arena, "petition", p->id, now));
	view_set_bool(v, "double_opt_in", p->double_opt_in);
	if (f)
		form_to_view(f, v, req->lang);
	else
		view_set_bool(v, "consent_none", true);
	if (alert)
		view_set(v, "form_error", page_t(req, alert));
	const char *names[RECENT];
	struct db *db = db_thread();
	size_t n = db ? petition_recent_public(db, req->arena, p->id, names, RECENT) : 0;
	for (size_t i = 0; i < n; i++)
		view_set(view_add_item(v, "recent"), "name", names[i]);
	/* share links: plain URLs, nothing loaded from anyone else */
	const char *url = arena_printf(req->arena, "%s/p/%s", public_base_url(req), p->slug);
	view_set(v, "share_url", url);
	struct buf b;
	buf_init(&b, req->arena, 256);
	buf_puts(&b, "mailto:?subject=");
	escape_url_component(&b, view_get(v, "title"));
	buf_puts(&b, "&body=");
	escape_url_component(&b, url);
	view_set(v, "share_mail", b.data);
	buf_init(&b, req->arena, 256);
	buf_puts(&b, "https://wa.me/?text=");
	escape_url_component(&b, arena_printf(req->arena, "%s %s", view_get(v, "title"), url));
	view_set(v, "share_whatsapp", b.data);
	page_render(req, status, "petition.html", v);
}

static bool load_petition(struct request *req, struct petition *p)
{
	struct db *db = db_thread();
	const char *slug = request_param(req, "slug");
	if (db == NULL || !petition_slug_ok(slug) || !petition_by_slug(db, req->arena, slug, p)) {
		reply_error(req, ERR_NOT_FOUND);
		return false;
	}
	return true;
}

void petition_show(struct request *req)
{
	const char *slug = request_param(req, "slug");
	const char *key = NULL;
	if (req->session == NULL && slug && strlen(slug) <= 48) {
		/* the share links name the site's address, which may come from the
		 * Host header: it is part of the key, so a forged Host never reaches
		 * anyone else's page */
		key = arena_printf(req->arena, "p|%s|%s|%s", slug, req->lang, public_base_url(req));
		if (page_cache_reply_max_age(req, key, PUBLIC_PAGE_MAX_AGE))
			return;
	}
	struct petition p;
	if (!load_petition(req, &p))
		return;
	show(req, 200, &p, NULL, NULL, NULL);
	if (key)
		page_cache_store(req, key);
}

struct sign_ctx {
	struct signature_input in;
	struct sign_result out;
	struct audit_entry audit;
	struct content_text title;
	const char *thanks;
};

/* One item of a group commit: runs on the writer's thread, so it uses only
 * `db` and what is in the context. The audit entry is written in the same
 * transaction (no second commit per signature), or when the intake row is
 * filed. */
static enum db_status sign_tx(struct db *db, void *p)
{
	struct sign_ctx *c = p;
	/* a crowd: one sealed row each now, the rest filed in a moment */
	if (db_group_batch_size() >= PETITION_INTAKE_FROM_BATCH)
		return petition_intake_add(db, &c->in, &c->audit, &c->out) ? DB_OK : DB_ERROR;
	if (!petition_sign(db, &c->in, &c->out))
		return DB_ERROR;
	if (c->out.outcome == SIGN_ALREADY)
		return DB_OK;
	c->audit.outcome = c->out.person_created ? "new_person" : "known_person";
	return audit_append_tx(db, &c->audit) ? DB_OK : DB_ERROR;
}

static void signed_answer(struct request *req, void *p, enum db_status status)
{
	struct sign_ctx *c = p;
	if (status != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	reply_redirect(req, arena_printf(req->arena, "%s&r=%s", c->thanks,
	                                 c->out.outcome == SIGN_COUNTED ? "counted" :
	                                 c->out.outcome == SIGN_PENDING ? "pending" : "already"));
}

void petition_sign_submit(struct request *req)
{
	struct petition p;
	if (!load_petition(req, &p))
		return;
	static const struct field_spec spec[] = {
		{ .name = "given_name", .type = FIELD_TEXT, .required = true, .max_len = 80 },
		{ .name = "family_name", .type = FIELD_TEXT, .max_len = 80 },
		{ .name = "email", .type = FIELD_EMAIL, .max_len = 254 },
		{ .name = "phone", .type = FIELD_TEXT, .max_len = 40 },
		{ .name = "postal_code", .type = FIELD_TEXT, .max_len = 12 },
		{ .name = "comment", .type = FIELD_TEXTAREA, .max_len = 500 },
		{ .name = "show_public", .type = FIELD_CHECKBOX },
		{ .name = "consent_email", .type = FIELD_CHECKBOX },
		{ .name = "consent_sms", .type = FIELD_CHECKBOX },
		{ .name = "consent_phone", .type = FIELD_CHECKBOX },
		{ .name = "stamp", .type = FIELD_TEXT, .max_len = 60 },
		{ .name = "website", .type = FIELD_TEXT, .max_len = 200 }, /* the honeypot */
	};
	struct form f;
	form_validate(req->arena, spec, sizeof spec / sizeof spec[0], &req->form, &f);
	const char *thanks = arena_printf(req->arena, "/p/%s/thanks?lang=%s", p.slug, req->lang);
	const char *trap = form_value(&f, "website");
	if (trap && *trap) {
		reply_redirect(req, arena_printf(req->arena, "%s&r=counted", thanks));
		return;
	}
	if (cross_site_post(req)) {
		reply_error(req, ERR_CSRF);
		return;
	}
	int64_t now = time(NULL);
	const char *stamp = form_value(&f, "stamp");
	enum stamp_check sc = form_stamp_check(stamp, "petition", p.id, now);
	if (sc == STAMP_BAD || sc == STAMP_EXPIRED) {
		show(req, 422, &p, &f, N_("form.expired"), NULL);
		return;
	}
	if (sc == STAMP_TOO_FAST) {
		/* keep the stamp: sending again in a moment works */
		show(req, 422, &p, &f, N_("form.too_fast"), stamp);
		return;
	}
	if (!petition_open(&p, now)) {
		show(req, 422, &p, &f, N_("petition.closed"), NULL);
		return;
	}
	if (!throttle_form_take(req->client_addr, req->client_addr_len, now)) {
		show(req, 429, &p, &f, N_("join.too_many"), stamp);
		return;
	}
	const char *email = form_value(&f, "email"), *typed_phone = form_value(&f, "phone");
	const char *phone = NULL;
	if (email && *email == '\0')
		email = NULL;
	if (typed_phone && *typed_phone && form_field(&f, "phone")->error == NULL) {
		const char *problem = NULL;
		phone = phone_normalize(req->arena, typed_phone, "US", &problem);
		if (phone == NULL)
			form_set_error(&f, "phone", problem ? problem : N_("phone.invalid"));
	}
	if (email == NULL && (typed_phone == NULL || *typed_phone == '\0'))
		form_set_error(&f, "email", N_("join.need_contact"));
	if (p.double_opt_in && email == NULL && form_field(&f, "email")->error == NULL)
		form_set_error(&f, "email", N_("petition.need_email_confirm"));
	if (form_field(&f, "consent_email")->checked && email == NULL)
		form_set_error(&f, "email", N_("join.consent_needs_email"));
	if ((form_field(&f, "consent_sms")->checked || form_field(&f, "consent_phone")->checked) &&
	    (typed_phone == NULL || *typed_phone == '\0'))
		form_set_error(&f, "phone", N_("join.consent_needs_phone"));
	if (!f.ok) {
		show(req, 422, &p, &f, N_("form.fix_errors"), stamp);
		return;
	}
	struct sign_ctx *c = arena_calloc(req->arena, 1, sizeof *c);
	c->thanks = thanks;
	c->in = (struct signature_input){
		.petition_id = p.id,
		.given_name = form_value(&f, "given_name"),
		.family_name = form_value(&f, "family_name"),
		.email = email,
		.phone = phone,
		.postal_code = form_value(&f, "postal_code"),
		.comment = form_value(&f, "comment"),
		.lang = req->lang,
		.show_publicly = form_field(&f, "show_public")->checked,
		.subscribe = { form_field(&f, "consent_email")->checked, form_field(&f, "consent_sms")->checked,
		               form_field(&f, "consent_phone")->checked },
		.needs_confirmation = p.double_opt_in,
		.confirm_url_prefix = arena_printf(req->arena, "%s/p/%s/confirm/", public_base_url(req), p.slug),
		.title = petition_text(req, p.id, "title", &c->title),
	};
	app_audit_entry(req, &c->audit, "petition.sign", "petition", p.id);
	/* answered only once the batch holding this signature has committed */
	app_reply_after_commit(req, sign_tx, c, signed_answer);
}

void petition_thanks(struct request *req)
{
	struct petition p;
	if (!load_petition(req, &p))
		return;
	struct view *v = page_view(req, N_("petition.thanks.title"));
	view_set_bool(v, "noindex", true);
	add_text(req, v, &p);
	add_progress(req, v, &p);
	const char *r = request_query(req, "r");
	view_set_bool(v, "already", r && strcmp(r, "already") == 0);
	view_set_bool(v, "pending", r && strcmp(r, "pending") == 0);
	view_set(v, "slug", p.slug);
	view_set(v, "share_url", arena_printf(req->arena, "%s/p/%s", public_base_url(req), p.slug));
	page_render(req, 200, "petition_thanks.html", v);
}

/* The emailed link shows a button; only pressing it counts (mail scanners
 * that fetch links must not confirm on anyone's behalf). */
void petition_confirm_form(struct request *req)
{
	struct petition p;
	if (!load_petition(req, &p))
		return;
	struct view *v = page_view(req, N_("petition.confirm.title"));
	view_set_bool(v, "noindex", true);
	add_text(req, v, &p);
	view_set(v, "slug", p.slug);
	view_set(v, "token", request_param(req, "token"));
	page_render(req, 200, "petition_confirm.html", v);
}

struct confirm_ctx {
	const char *token;
	int64_t petition_id;
	bool found, already;
};

static enum db_status confirm_tx(struct db *db, void *p)
{
	struct confirm_ctx *c = p;
	c->found = petition_confirm(db, c->token, &c->petition_id, &c->already);
	return DB_OK;
}

void petition_confirm_submit(struct request *req)
{
	struct petition p;
	if (!load_petition(req, &p))
		return;
	struct confirm_ctx c = { .token = request_param(req, "token") };
	struct db *db = db_thread();
	if (db == NULL || db_tx(db, confirm_tx, &c) != DB_OK) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	if (!c.found || c.petition_id != p.id) {
		reply_error(req, ERR_NOT_FOUND);
		return;
	}
	reply_redirect(req, arena_printf(req->arena, "/p/%s/thanks?lang=%s&r=%s", p.slug, req->lang,
	                                 c.already ? "already" : "counted"));
}

/* The route table and what happens to every request before its handler:
 * language, who is asking (session or API token), access level,
 * permission, the two-factor requirement, CSRF. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/page.h"
#include "app/page_cache.h"
#include "app/public_forms.h"
#include "auth/permissions.h"
#include "core/arena.h"
#include "core/random.h"
#include "db/db.h"
#include "http/assets.h"
#include "http/reply.h"
#include "http/request.h"
#include "http/router.h"
#include "i18n/i18n.h"
#include "i18n/negotiate.h"
#include "model/audit.h"
#include "model/changes.h"
#include "model/imports.h"
#include "model/people_references.h"
#include "model/mobilize.h"
#include "model/sessions.h"
#include "model/settings.h"
#include "model/tokens.h"

#define KB 1024
#define STAFF(m, p, h, body, act) { m, p, h, ACCESS_STAFF, body, 0, act }
#define SETUP(m, p, h, body, act) { m, p, h, ACCESS_STAFF, body, ROUTE_2FA_SETUP, act }

static const struct route routes[] = {
	/* public */
	{ HTTP_GET, "/", home_show, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_GET, "/healthz", health_show, ACCESS_PUBLIC, 0, ROUTE_NO_LOG, ACT_NONE },
	{ HTTP_GET, "/assets/{file}", assets_serve, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_GET, "/signin", signin_form, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_POST, "/signin", signin_submit, ACCESS_PUBLIC, 8 * KB, 0, ACT_NONE },
	{ HTTP_GET, "/signin/code", signin_code_form, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_POST, "/signin/code", signin_code_submit, ACCESS_PUBLIC, 4 * KB, 0, ACT_NONE },
	{ HTTP_GET, "/invite/{token}", invite_form, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_POST, "/invite/{token}", invite_submit, ACCESS_PUBLIC, 8 * KB, 0, ACT_NONE },
	{ HTTP_GET, "/join", join_form, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_POST, "/join", join_submit, ACCESS_PUBLIC, 16 * KB, 0, ACT_NONE },
	{ HTTP_GET, "/join/thanks", join_thanks, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_GET, "/rights", rights_index, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_GET, "/rights/warrant", warrant_show, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_GET, "/rights/warrant/card", warrant_card, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_GET, "/rights/warrant/rules", warrant_rules_show, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_GET, "/rights/leaflet", rights_leaflet, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_GET, "/rights/{slug}", rights_article_show, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	/* petitions: the sign and confirm forms carry their own proof (a signed
	 * time stamp, an emailed token) and use no cookie: see petition_page.c */
	{ HTTP_GET, "/p/{slug}", petition_show, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_POST, "/p/{slug}/sign", petition_sign_submit, ACCESS_PUBLIC, 16 * KB, ROUTE_NO_CSRF, ACT_NONE },
	{ HTTP_GET, "/p/{slug}/thanks", petition_thanks, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_GET, "/p/{slug}/confirm/{token}", petition_confirm_form, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_POST, "/p/{slug}/confirm/{token}", petition_confirm_submit, ACCESS_PUBLIC, 4 * KB, ROUTE_NO_CSRF, ACT_NONE },
	/* events: the same arrangement; the personal link's token is the proof */
	{ HTTP_GET, "/events", events_public_list, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_GET, "/events.ics", events_feed, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_GET, "/events/{slug}", event_show, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_POST, "/events/{slug}/rsvp", event_rsvp_submit, ACCESS_PUBLIC, 16 * KB, ROUTE_NO_CSRF, ACT_NONE },
	{ HTTP_GET, "/events/{slug}/rsvp/{token}", event_rsvp_show, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_POST, "/events/{slug}/rsvp/{token}/cancel", event_rsvp_cancel, ACCESS_PUBLIC, 4 * KB, ROUTE_NO_CSRF, ACT_NONE },
	{ HTTP_GET, "/unsubscribe/{token}", unsubscribe_form, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_POST, "/unsubscribe/{token}", unsubscribe_submit, ACCESS_PUBLIC, 4 * KB, ROUTE_NO_CSRF, ACT_NONE },
	/* the SMS gateway's webhooks: a shared secret in the URL (hooks.c) */
	{ HTTP_POST, "/hooks/sms/inbound", hooks_sms_inbound, ACCESS_PUBLIC, 16 * KB, ROUTE_NO_CSRF, ACT_NONE },
	{ HTTP_POST, "/hooks/sms/status", hooks_sms_status, ACCESS_PUBLIC, 16 * KB, ROUTE_NO_CSRF, ACT_NONE },
	{ HTTP_GET, "/m/{token}", answer_form, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_POST, "/m/{token}", answer_submit, ACCESS_PUBLIC, 4 * KB, 0, ACT_NONE },
	{ HTTP_GET, "/c/{slug}", campaign_show, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_GET, "/c/{slug}/photo", campaign_photo, ACCESS_PUBLIC, 0, 0, ACT_NONE },
	{ HTTP_POST, "/c/{slug}/calls/{call}/signup", campaign_signup, ACCESS_PUBLIC, 8 * KB, 0, ACT_NONE },
	/* staff area */
	SETUP(HTTP_POST, "/signout", signout_submit, 4 * KB, ACT_ACCOUNT_SELF),
	STAFF(HTTP_GET, "/app", staff_home, 0, ACT_STAFF_HOME),
	STAFF(HTTP_GET, "/app/settings", settings_show, 0, ACT_SETTINGS_EDIT),
	STAFF(HTTP_POST, "/app/settings", settings_save, 16 * KB, ACT_SETTINGS_EDIT),
	SETUP(HTTP_GET, "/app/account", account_show, 0, ACT_ACCOUNT_SELF),
	SETUP(HTTP_POST, "/app/account/sessions/{id}/revoke", account_session_revoke, 4 * KB, ACT_ACCOUNT_SELF),
	SETUP(HTTP_GET, "/app/account/2fa", twofactor_show, 0, ACT_ACCOUNT_SELF),
	SETUP(HTTP_POST, "/app/account/2fa", twofactor_enable, 4 * KB, ACT_ACCOUNT_SELF),
	STAFF(HTTP_POST, "/app/account/2fa/disable", twofactor_disable, 4 * KB, ACT_ACCOUNT_SELF),
	STAFF(HTTP_GET, "/app/users", users_list, 0, ACT_USERS_MANAGE),
	STAFF(HTTP_POST, "/app/users", users_invite, 8 * KB, ACT_USERS_MANAGE),
	STAFF(HTTP_POST, "/app/users/{id}/role", users_set_role, 4 * KB, ACT_USERS_MANAGE),
	STAFF(HTTP_POST, "/app/users/{id}/disable", users_disable, 4 * KB, ACT_USERS_MANAGE),
	STAFF(HTTP_POST, "/app/users/{id}/enable", users_enable, 4 * KB, ACT_USERS_MANAGE),
	STAFF(HTTP_GET, "/app/tokens", tokens_list, 0, ACT_TOKENS_MANAGE),
	STAFF(HTTP_POST, "/app/tokens", tokens_create, 4 * KB, ACT_TOKENS_MANAGE),
	STAFF(HTTP_POST, "/app/tokens/{id}/revoke", tokens_revoke, 4 * KB, ACT_TOKENS_MANAGE),
	STAFF(HTTP_GET, "/app/audit", audit_list, 0, ACT_AUDIT_READ),
	STAFF(HTTP_GET, "/app/people", people_list, 0, ACT_PEOPLE_READ),
	STAFF(HTTP_GET, "/app/people/duplicates", duplicates_list, 0, ACT_PEOPLE_MERGE),
	STAFF(HTTP_GET, "/app/people/merge", merge_form, 0, ACT_PEOPLE_MERGE),
	STAFF(HTTP_POST, "/app/people/merge", merge_submit, 4 * KB, ACT_PEOPLE_MERGE),
	STAFF(HTTP_GET, "/app/people/export.csv", people_export, 0, ACT_PEOPLE_EXPORT),
	STAFF(HTTP_GET, "/app/people/import", import_form, 0, ACT_PEOPLE_IMPORT),
	STAFF(HTTP_POST, "/app/people/import", import_upload, 16 * 1024 * KB, ACT_PEOPLE_IMPORT),
	STAFF(HTTP_GET, "/app/people/import/{id}", import_show, 0, ACT_PEOPLE_IMPORT),
	STAFF(HTTP_POST, "/app/people/import/{id}/check", import_check, 64 * KB, ACT_PEOPLE_IMPORT),
	STAFF(HTTP_POST, "/app/people/import/{id}/run", import_run, 64 * KB, ACT_PEOPLE_IMPORT),
	STAFF(HTTP_GET, "/app/people/{id}", person_show, 0, ACT_PEOPLE_READ),
	STAFF(HTTP_GET, "/app/people/{id}/edit", person_edit_form, 0, ACT_PEOPLE_EDIT),
	STAFF(HTTP_POST, "/app/people/{id}/edit", person_edit_submit, 16 * KB, ACT_PEOPLE_EDIT),
	STAFF(HTTP_POST, "/app/people/tag", people_bulk_tag, 8 * KB, ACT_PEOPLE_EDIT),
	STAFF(HTTP_POST, "/app/people/{id}/tags", person_tag_add, 4 * KB, ACT_PEOPLE_EDIT),
	STAFF(HTTP_POST, "/app/people/{id}/tags/{tag}/remove", person_tag_remove, 4 * KB, ACT_PEOPLE_EDIT),
	STAFF(HTTP_GET, "/app/tags", tags_list, 0, ACT_PEOPLE_EDIT),
	STAFF(HTTP_POST, "/app/tags", tags_create, 4 * KB, ACT_PEOPLE_EDIT),
	STAFF(HTTP_POST, "/app/tags/{id}/rename", tags_rename, 4 * KB, ACT_PEOPLE_EDIT),
	STAFF(HTTP_POST, "/app/tags/{id}/merge", tags_merge, 4 * KB, ACT_PEOPLE_EDIT),
	STAFF(HTTP_POST, "/app/tags/{id}/delete", tags_delete, 4 * KB, ACT_PEOPLE_EDIT),
	STAFF(HTTP_GET, "/app/talents", talents_list, 0, ACT_PEOPLE_EDIT),
	STAFF(HTTP_POST, "/app/talents", talents_create, 4 * KB, ACT_PEOPLE_EDIT),
	STAFF(HTTP_POST, "/app/talents/{id}/rename", talents_rename, 4 * KB, ACT_PEOPLE_EDIT),
	STAFF(HTTP_POST, "/app/talents/{id}/delete", talents_delete, 4 * KB, ACT_PEOPLE_EDIT),
	STAFF(HTTP_POST, "/app/segments", segments_save, 8 * KB, ACT_PEOPLE_EDIT),
	STAFF(HTTP_POST, "/app/segments/{id}/delete", segments_delete, 4 * KB, ACT_PEOPLE_EDIT),
	STAFF(HTTP_GET, "/app/rights", rights_admin_list, 0, ACT_RIGHTS_EDIT),
	STAFF(HTTP_POST, "/app/rights/new", rights_article_new, 4 * KB, ACT_RIGHTS_EDIT),
	STAFF(HTTP_POST, "/app/rights/{id}/publish", rights_article_toggle, 4 * KB, ACT_RIGHTS_EDIT),
	STAFF(HTTP_POST, "/app/rights/hotlines", rights_hotline_create, 4 * KB, ACT_RIGHTS_EDIT),
	STAFF(HTTP_POST, "/app/rights/hotlines/{id}", rights_hotline_toggle, 4 * KB, ACT_RIGHTS_EDIT),
	STAFF(HTTP_GET, "/app/rights/{id}", rights_edit_form, 0, ACT_RIGHTS_EDIT),
	STAFF(HTTP_POST, "/app/rights/{id}", rights_edit_save, 64 * KB, ACT_RIGHTS_EDIT),
	STAFF(HTTP_GET, "/app/leafleting", leafleting_show, 0, ACT_LEAFLETING_LOG),
	STAFF(HTTP_POST, "/app/leafleting", leafleting_create, 16 * KB, ACT_LEAFLETING_LOG),
	STAFF(HTTP_GET, "/app/petitions", petitions_admin_list, 0, ACT_PETITIONS_READ),
	STAFF(HTTP_POST, "/app/petitions", petitions_admin_create, 8 * KB, ACT_PETITIONS_MANAGE),
	STAFF(HTTP_GET, "/app/petitions/{id}", petitions_admin_show, 0, ACT_PETITIONS_READ),
	STAFF(HTTP_POST, "/app/petitions/{id}", petitions_admin_save, 8 * KB, ACT_PETITIONS_MANAGE),
	STAFF(HTTP_POST, "/app/petitions/{id}/text", petitions_admin_text, 64 * KB, ACT_PETITIONS_MANAGE),
	STAFF(HTTP_GET, "/app/petitions/{id}/packet", petitions_admin_packet, 0, ACT_PETITIONS_MANAGE),
	STAFF(HTTP_GET, "/app/petitions/{id}/signatures.csv", petitions_admin_csv, 0, ACT_PETITIONS_MANAGE),
	STAFF(HTTP_POST, "/app/petitions/{id}/signatures/{sid}/hide", petitions_admin_hide, 4 * KB, ACT_PETITIONS_MANAGE),
	STAFF(HTTP_GET, "/app/events", events_admin_list, 0, ACT_EVENTS_READ),
	STAFF(HTTP_POST, "/app/events", events_admin_create, 8 * KB, ACT_EVENTS_MANAGE),
	STAFF(HTTP_GET, "/app/events/{id}", events_admin_show, 0, ACT_EVENTS_READ),
	STAFF(HTTP_POST, "/app/events/{id}", events_admin_save, 8 * KB, ACT_EVENTS_MANAGE),
	STAFF(HTTP_POST, "/app/events/{id}/text", events_admin_text, 64 * KB, ACT_EVENTS_MANAGE),
	STAFF(HTTP_GET, "/app/events/{id}/door", events_door, 0, ACT_EVENTS_DOOR),
	STAFF(HTTP_POST, "/app/events/{id}/door/walkin", events_door_walkin, 4 * KB, ACT_EVENTS_DOOR),
	STAFF(HTTP_POST, "/app/events/{id}/door/headcount", events_door_headcount, 4 * KB, ACT_EVENTS_DOOR),
	STAFF(HTTP_POST, "/app/events/{id}/door/{rid}/checkin", events_door_checkin, 4 * KB, ACT_EVENTS_DOOR),
	STAFF(HTTP_GET, "/app/messages", messages_show, 0, ACT_MESSAGES_READ),
	STAFF(HTTP_POST, "/app/messages/{id}/retry", messages_retry_submit, 4 * KB, ACT_MESSAGES_MANAGE),
	STAFF(HTTP_GET, "/app/messages/settings", messages_settings_show, 0, ACT_SETTINGS_EDIT),
	STAFF(HTTP_POST, "/app/messages/settings", messages_settings_save, 8 * KB, ACT_SETTINGS_EDIT),
	/* cases: team only (record-level checks in the handlers answer 404) */
	STAFF(HTTP_GET, "/app/cases", cases_list, 0, ACT_CASES_READ),
	STAFF(HTTP_GET, "/app/cases/new", case_new_form, 0, ACT_CASES_CREATE),
	STAFF(HTTP_POST, "/app/cases", case_create_submit, 64 * KB, ACT_CASES_CREATE),
	STAFF(HTTP_GET, "/app/cases/{id}", case_show, 0, ACT_CASES_READ),
	STAFF(HTTP_POST, "/app/cases/{id}/file", case_file_save, 64 * KB, ACT_CASES_EDIT),
	STAFF(HTTP_POST, "/app/cases/{id}/consent", case_consent_save, 8 * KB, ACT_CASES_EDIT),
	STAFF(HTTP_POST, "/app/cases/{id}/story", case_story_save, 48 * KB, ACT_CASES_EDIT),
	STAFF(HTTP_POST, "/app/cases/{id}/publish", case_publish_submit, 4 * KB, ACT_CASES_EDIT),
	STAFF(HTTP_POST, "/app/cases/{id}/team", case_team_submit, 4 * KB, ACT_CASES_EDIT),
	STAFF(HTTP_POST, "/app/cases/{id}/dates", case_date_submit, 8 * KB, ACT_CASES_EDIT),
	STAFF(HTTP_POST, "/app/cases/{id}/dates/{date}/reschedule", case_date_reschedule_submit, 8 * KB, ACT_CASES_EDIT),
	STAFF(HTTP_POST, "/app/cases/{id}/dates/{date}/status", case_date_status_submit, 4 * KB, ACT_CASES_EDIT),
	STAFF(HTTP_POST, "/app/cases/{id}/events", case_event_submit, 48 * KB, ACT_CASES_EDIT),
	STAFF(HTTP_POST, "/app/cases/{id}/tasks", case_task_submit, 8 * KB, ACT_CASES_EDIT),
	STAFF(HTTP_POST, "/app/cases/{id}/tasks/{task}/done", case_task_done_submit, 4 * KB, ACT_CASES_EDIT),
	STAFF(HTTP_POST, "/app/cases/{id}/outcome", case_outcome_submit, 8 * KB, ACT_CASES_EDIT),
	STAFF(HTTP_POST, "/app/cases/{id}/documents", case_document_upload, 4 * 1024 * KB + 16 * KB, ACT_CASES_EDIT),
	STAFF(HTTP_POST, "/app/cases/{id}/photo", case_photo_upload, 4 * 1024 * KB + 16 * KB, ACT_CASES_EDIT),
	STAFF(HTTP_GET, "/app/cases/{id}/documents/{doc}", case_document_download, 0, ACT_CASES_READ),
	STAFF(HTTP_GET, "/app/cases/{id}/mobilize", case_mobilize_form, 0, ACT_CASES_EDIT),
	STAFF(HTTP_POST, "/app/cases/{id}/mobilize", case_mobilize_submit, 48 * KB, ACT_CASES_EDIT),
	STAFF(HTTP_GET, "/app/cases/{id}/mobilizations/{mid}", mobilization_show, 0, ACT_CASES_READ),
	STAFF(HTTP_POST, "/app/cases/{id}/mobilizations/{mid}/remind", mobilization_remind_submit, 4 * KB, ACT_CASES_EDIT),
	STAFF(HTTP_POST, "/app/cases/{id}/mobilizations/{mid}/thank", mobilization_thank_submit, 8 * KB, ACT_CASES_EDIT),
	STAFF(HTTP_POST, "/app/cases/{id}/calls", call_create_submit, 16 * KB, ACT_CASES_EDIT),
	STAFF(HTTP_GET, "/app/cases/{id}/calls/{call}", call_show, 0, ACT_CASES_READ),
	STAFF(HTTP_POST, "/app/cases/{id}/calls/{call}/checkin", call_checkin_submit, 4 * KB, ACT_CASES_EDIT),
	STAFF(HTTP_POST, "/app/cases/{id}/calls/{call}/debrief", call_debrief_submit, 16 * KB, ACT_CASES_EDIT),
	/* API (OSDI) */
	{ HTTP_GET, "/api/v1", api_root_show, ACCESS_API, 0, 0, ACT_API_READ },
	{ HTTP_GET, "/api/v1/", api_root_show, ACCESS_API, 0, 0, ACT_API_READ },
	{ HTTP_GET, "/api/v1/people", api_people_list, ACCESS_API, 0, 0, ACT_PEOPLE_READ },
	{ HTTP_GET, "/api/v1/people/{id}", api_person_show, ACCESS_API, 0, 0, ACT_PEOPLE_READ },
	{ HTTP_POST, "/api/v1/people/signup", api_people_signup, ACCESS_API, 16 * KB, 0, ACT_PEOPLE_EDIT },
	{ HTTP_PUT, "/api/v1/people/{id}", api_person_update, ACCESS_API, 16 * KB, 0, ACT_PEOPLE_EDIT },
	{ HTTP_GET, "/api/v1/tags", api_tags_list, ACCESS_API, 0, 0, ACT_PEOPLE_READ },
	{ HTTP_GET, "/api/v1/tags/{id}", api_tag_show, ACCESS_API, 0, 0, ACT_PEOPLE_READ },
	{ HTTP_GET, "/api/v1/tags/{id}/taggings", api_taggings_list, ACCESS_API, 0, 0, ACT_PEOPLE_READ },
	{ HTTP_POST, "/api/v1/tags/{id}/taggings", api_tagging_create, ACCESS_API, 4 * KB, 0, ACT_PEOPLE_EDIT },
	{ HTTP_GET, "/api/v1/petitions", api_petitions_list, ACCESS_API, 0, 0, ACT_PETITIONS_READ },
	{ HTTP_GET, "/api/v1/petitions/{id}", api_petition_show, ACCESS_API, 0, 0, ACT_PETITIONS_READ },
	{ HTTP_GET, "/api/v1/petitions/{id}/signatures", api_petition_signatures, ACCESS_API, 0, 0, ACT_PETITIONS_MANAGE },
	{ HTTP_POST, "/api/v1/petitions/{id}/signatures", api_petition_record_signature, ACCESS_API, 16 * KB, 0, ACT_PETITIONS_MANAGE },
	{ HTTP_GET, "/api/v1/events", api_events_list, ACCESS_API, 0, 0, ACT_EVENTS_READ },
	{ HTTP_GET, "/api/v1/events/{id}", api_event_show, ACCESS_API, 0, 0, ACT_EVENTS_READ },
	{ HTTP_GET, "/api/v1/events/{id}/attendances", api_event_attendances, ACCESS_API, 0, 0, ACT_EVENTS_READ },
	{ HTTP_POST, "/api/v1/events/{id}/attendances", api_event_record_attendance, ACCESS_API, 16 * KB, 0, ACT_EVENTS_MANAGE },
	{ HTTP_GET, "/api/v1/messages", api_messages_list, ACCESS_API, 0, 0, ACT_MESSAGES_READ },
	{ HTTP_GET, "/api/v1/messages/{id}", api_message_show, ACCESS_API, 0, 0, ACT_MESSAGES_READ },
	{ HTTP_GET, "/api/v1/cases", api_cases_list, ACCESS_API, 0, 0, ACT_CASES_API },
	{ HTTP_GET, "/api/v1/cases/{id}", api_case_show, ACCESS_API, 0, 0, ACT_CASES_API },
	{ HTTP_GET, "/api/v1/cases/{id}/key_dates", api_case_key_dates, ACCESS_API, 0, 0, ACT_CASES_API },
	{ HTTP_GET, "/api/v1/cases/{id}/mobilizations", api_case_mobilizations, ACCESS_API, 0, 0, ACT_CASES_API },
	{ HTTP_GET, "/api/v1/cases/{id}/calls", api_case_calls, ACCESS_API, 0, 0, ACT_CASES_API },
};

const struct route *app_routes(size_t *n)
{
	*n = sizeof routes / sizeof routes[0];
	return routes;
}

bool app_init(void)
{
	if (!i18n_init() || !page_init())
		return false;
	assets_init();
	public_data_changed = page_cache_invalidate;
	struct settings tz;
	settings_get(&tz);
	local_time_init(tz.timezone);
	mobilization_register_inbound();
	people_references_register();
	struct db *db = db_thread();
	if (db == NULL || !settings_load(db))
		return false;
	import_recover(db);
	return true;
}

void app_shutdown(void)
{
	import_stop();
	page_shutdown();
}

/* ?lang= (remembered in a cookie), then the cookie, then Accept-Language,
 * then the group's default. */
void app_negotiate(struct request *req)
{
	struct settings s;
	settings_get(&s);
	const char *asked = kv_get(&req->query, "lang");
	if (asked && settings_lang_enabled(&s, asked)) {
		req->lang = arena_strdup(req->arena, asked);
		reply_cookie(req, "lang", req->lang, 365L * 24 * 3600, COOKIE_HTTP_ONLY);
		return;
	}
	const char *cookie = kv_get(&req->cookies, "lang");
	if (cookie && settings_lang_enabled(&s, cookie)) {
		req->lang = arena_strdup(req->arena, cookie);
		return;
	}
	const char *accept = request_header(req, "accept-language");
	int i = accept ? lang_negotiate(accept, s.lang_ptrs, s.n_langs) : -1;
	req->lang = arena_strdup(req->arena, i >= 0 ? s.langs[i] : s.default_lang);
}

static bool unsafe_method(unsigned m)
{
	return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH || m == HTTP_DELETE;
}

const char *app_anon_csrf(struct request *req)
{
	const char *pre = kv_get(&req->cookies, "pre");
	if (pre == NULL || strlen(pre) < 40 || strlen(pre) > 64) {
		pre = random_token(req->arena, 32);
		reply_cookie(req, "pre", pre, -1, COOKIE_HTTP_ONLY | COOKIE_STRICT);
	}
	return session_csrf(req->arena, pre);
}

static bool csrf_ok(struct request *req)
{
	const char *site = request_header(req, "sec-fetch-site");
	if (site && strcmp(site, "cross-site") == 0)
		return false;
	const char *submitted = kv_get(&req->form, "csrf");
	if (req->session)
		return session_csrf_ok(req->session, submitted);
	const char *pre = kv_get(&req->cookies, "pre");
	if (pre == NULL || submitted == NULL)
		return false;
	struct session anon = { .csrf = session_csrf(req->arena, pre) };
	return session_csrf_ok(&anon, submitted);
}

/* Works out who is asking. API routes take only a token (no cookies, so
 * no CSRF there); everything else takes the session cookie. Returns
 * false when a presented API token is invalid. */
static bool identify(struct request *req, struct db *db)
{
	struct actor *a = arena_calloc(req->arena, 1, sizeof *a);
	req->actor = a;
	if (req->is_api) {
		const char *token = request_header(req, "osdi-api-token");
		if (token == NULL)
			return true;
		struct api_token t;
		if (db == NULL || !token_lookup(db, req->arena, token, &t))
			return false;
		*a = (struct actor){ ACTOR_TOKEN, t.id, t.role };
		return true;
	}
	const char *cookie = kv_get(&req->cookies, session_cookie_name(req->is_tls));
	if (cookie == NULL || db == NULL)
		return true;
	struct session *s = arena_calloc(req->arena, 1, sizeof *s);
	if (session_lookup(db, req->arena, cookie, time(NULL), s)) {
		req->session = s;
		*a = (struct actor){ ACTOR_USER, s->user.id, s->user.role };
	}
	return true;
}

bool app_needs_2fa(const struct request *req)
{
	if (req->session == NULL || req->session->user.totp_enabled ||
	    req->session->user.role == ROLE_VOLUNTEER)
		return false;
	struct settings s;
	settings_get(&s);
	return s.require_2fa;
}

bool app_prepare(struct request *req)
{
	const struct route *route = req->route;
	/* Public pages without a cookie never touch the database here. */
	bool wants_identity = route->access != ACCESS_PUBLIC ||
	                      kv_get(&req->cookies, session_cookie_name(req->is_tls)) != NULL;
	struct db *db = wants_identity ? db_thread() : NULL;
	if (wants_identity && !identify(req, db)) {
		reply_error(req, ERR_UNAUTHORIZED);
		return false;
	}
	if (req->actor == NULL)
		req->actor = arena_calloc(req->arena, 1, sizeof *req->actor);
	if (route->access != ACCESS_PUBLIC && req->actor->kind == ACTOR_ANONYMOUS) {
		if (!req->is_api && (req->method == HTTP_GET || req->method == HTTP_HEAD))
			reply_redirect(req, "/signin");
		else
			reply_error(req, ERR_UNAUTHORIZED);
		return false;
	}
	if (route->action != ACT_NONE && !perm_allows(req->actor, (enum action)route->action)) {
		/* Denied: say nothing about what is there. */
		if (db)
			audit_append(db, &(struct audit_entry){
				req->actor->kind == ACTOR_TOKEN ? AUDIT_TOKEN : AUDIT_USER, req->actor->id,
				"permission.denied", action_name((enum action)route->action), 0, "denied" });
		reply_error(req, ERR_NOT_FOUND);
		return false;
	}
	if (!(route->flags & ROUTE_2FA_SETUP) && route->access == ACCESS_STAFF && app_needs_2fa(req)) {
		if (req->method == HTTP_GET || req->method == HTTP_HEAD)
			reply_redirect(req, "/app/account/2fa?required=1");
		else
			reply_error(req, ERR_FORBIDDEN);
		return false;
	}
	if (unsafe_method(req->method) && !req->is_api && !(route->flags & ROUTE_NO_CSRF) &&
	    !csrf_ok(req)) {
		reply_error(req, ERR_CSRF);
		return false;
	}
	return true;
}

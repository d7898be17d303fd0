/* The application: its route table, the per-request preparation (language,
 * session, access, CSRF) and the pages. server.c knows nothing of these. */
#ifndef SANCTUARY_APP_H
#define SANCTUARY_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

struct request;
struct route;

/* Loads catalogs, templates, assets and settings. */
bool app_init(void);
void app_shutdown(void);

const struct route *app_routes(size_t *n);
void app_negotiate(struct request *req);
bool app_prepare(struct request *req);

/* The CSRF token for forms shown to visitors who are not signed in
 * (sets the pre-session cookie when needed). */
const char *app_anon_csrf(struct request *req);

/* True when the signed-in user must enrol in two-factor before using
 * the staff area (organizers and admins, while the group requires it). */
bool app_needs_2fa(const struct request *req);

/* Short-lived sealed cookies (pending sign-in, pending 2FA enrollment):
 * authenticated encryption under the field key, bound to `purpose` and
 * `row_id`, expiring after `ttl` seconds. */
void sealed_cookie_set(struct request *req, const char *name, const char *purpose,
                       int64_t row_id, const void *data, size_t len, long ttl);
/* Copies the cookie's payload into out (at most cap bytes); false when
 * absent, altered, for another purpose/row, or expired. */
bool sealed_cookie_get(struct request *req, const char *name, const char *purpose,
                       int64_t row_id, void *out, size_t cap, size_t *len);

/* Runs write(db, ctx) in the next group commit (db_tx_grouped) without
 * holding this server thread, then then(req, ctx, status) builds the reply
 * once the batch holding the write is on disk (or failed). The handler
 * returns right after calling it; ctx must live in the request's arena. */
typedef void (*app_committed_fn)(struct request *req, void *ctx, enum db_status status);
void app_reply_after_commit(struct request *req, db_tx_fn write, void *ctx, app_committed_fn then);

/* Audit helper: the acting user or token of this request. */
void app_audit(struct request *req, const char *action, const char *object_kind,
               int64_t object_id, const char *outcome);
/* The same entry, to append with audit_append_tx() inside a write that is
 * already open (e.g. an item of db_tx_grouped, run on another thread). */
struct audit_entry;
void app_audit_entry(struct request *req, struct audit_entry *e, const char *action,
                     const char *object_kind, int64_t object_id);

/* Loads the person in the route's {id} as the asker may see them: contact
 * details only when their role allows, and then the read is audited.
 * Replies 404 and returns false when there is no such person. */
struct person;
bool app_person_load(struct request *req, struct person *out, bool *with_contact);

/* The group's talents in their order, labelled in the visitor's language
 * (strings in the request's arena); returns how many (at most cap). */
struct app_talent {
	const char *slug, *label;
};
size_t app_talents(struct request *req, struct app_talent *out, size_t cap);

/* A short name (tag, segment, talent) from a form field: trimmed, NFC,
 * one line, 1–60 code points; NULL if unusable. */
const char *app_clean_name(struct request *req, const char *field);

/* Handlers, one file per resource. */
void home_show(struct request *req);
void health_show(struct request *req);
void signin_form(struct request *req);
void signin_submit(struct request *req);
void signout_submit(struct request *req);
void signin_code_form(struct request *req);
void signin_code_submit(struct request *req);
void invite_form(struct request *req);
void invite_submit(struct request *req);
void account_show(struct request *req);
void account_session_revoke(struct request *req);
void twofactor_show(struct request *req);
void twofactor_enable(struct request *req);
void twofactor_disable(struct request *req);
void users_list(struct request *req);
void users_invite(struct request *req);
void users_set_role(struct request *req);
void users_disable(struct request *req);
void users_enable(struct request *req);
void tokens_list(struct request *req);
void tokens_create(struct request *req);
void tokens_revoke(struct request *req);
void audit_list(struct request *req);
void join_form(struct request *req);
void join_submit(struct request *req);
void join_thanks(struct request *req);
void people_list(struct request *req);
void person_show(struct request *req);
void people_bulk_tag(struct request *req);
void people_export(struct request *req);
void person_edit_form(struct request *req);
void person_edit_submit(struct request *req);
void duplicates_list(struct request *req);
void merge_form(struct request *req);
void merge_submit(struct request *req);
void import_form(struct request *req);
void import_upload(struct request *req);
void import_show(struct request *req);
void import_check(struct request *req);
void import_run(struct request *req);
void person_tag_add(struct request *req);
void person_tag_remove(struct request *req);
void tags_list(struct request *req);
void talents_list(struct request *req);
void talents_create(struct request *req);
void talents_rename(struct request *req);
void talents_delete(struct request *req);
void tags_create(struct request *req);
void tags_rename(struct request *req);
void tags_merge(struct request *req);
void tags_delete(struct request *req);
void segments_save(struct request *req);
void segments_delete(struct request *req);
void rights_index(struct request *req);
void rights_article_show(struct request *req);
void warrant_show(struct request *req);
void warrant_card(struct request *req);
void warrant_rules_show(struct request *req);
void rights_leaflet(struct request *req);
void rights_admin_list(struct request *req);
void rights_edit_form(struct request *req);
void rights_edit_save(struct request *req);
void rights_hotline_toggle(struct request *req);
void rights_hotline_create(struct request *req);
void rights_article_new(struct request *req);
void rights_article_toggle(struct request *req);
void leafleting_show(struct request *req);
void leafleting_create(struct request *req);
void staff_home(struct request *req);
void settings_show(struct request *req);
void settings_save(struct request *req);
void api_root_show(struct request *req);
void api_people_list(struct request *req);
void api_person_show(struct request *req);
void api_people_signup(struct request *req);
void api_tags_list(struct request *req);
void api_person_update(struct request *req);
void api_tag_show(struct request *req);
void api_taggings_list(struct request *req);
void api_tagging_create(struct request *req);
/* petitions (petition_page.c public, petitions_staff.c staff) */
void petition_show(struct request *req);
void petition_sign_submit(struct request *req);
void petition_thanks(struct request *req);
void petition_confirm_form(struct request *req);
void petition_confirm_submit(struct request *req);
void petitions_admin_list(struct request *req);
void petitions_admin_create(struct request *req);
void petitions_admin_show(struct request *req);
void petitions_admin_save(struct request *req);
void petitions_admin_text(struct request *req);
void petitions_admin_packet(struct request *req);
void petitions_admin_csv(struct request *req);
void petitions_admin_hide(struct request *req);
/* events (event_page.c public, events_staff.c staff and the door) */
void events_public_list(struct request *req);
void events_feed(struct request *req);
void event_show(struct request *req);
void event_rsvp_submit(struct request *req);
void event_rsvp_show(struct request *req);
void event_rsvp_cancel(struct request *req);
void events_admin_list(struct request *req);
void events_admin_create(struct request *req);
void events_admin_show(struct request *req);
void events_admin_save(struct request *req);
void events_admin_text(struct request *req);
void events_door(struct request *req);
void events_door_checkin(struct request *req);
void events_door_walkin(struct request *req);
void events_door_headcount(struct request *req);
/* OSDI petitions and events (api_petitions.c) */
void api_petitions_list(struct request *req);
void api_petition_show(struct request *req);
void api_petition_signatures(struct request *req);
void api_petition_record_signature(struct request *req);
void api_events_list(struct request *req);
void api_event_show(struct request *req);
void api_event_attendances(struct request *req);
void api_event_record_attendance(struct request *req);
void hooks_sms_inbound(struct request *req);
void hooks_sms_status(struct request *req);
void unsubscribe_form(struct request *req);
void unsubscribe_submit(struct request *req);
void api_messages_list(struct request *req);
void api_message_show(struct request *req);
void messages_show(struct request *req);
void messages_retry_submit(struct request *req);
void messages_settings_show(struct request *req);
void messages_settings_save(struct request *req);
void cases_list(struct request *req);
void case_new_form(struct request *req);
void case_create_submit(struct request *req);
void case_show(struct request *req);
void case_file_save(struct request *req);
void case_consent_save(struct request *req);
void case_story_save(struct request *req);
void case_publish_submit(struct request *req);
void case_team_submit(struct request *req);
void case_date_submit(struct request *req);
void case_date_reschedule_submit(struct request *req);
void case_date_status_submit(struct request *req);
void case_event_submit(struct request *req);
void case_task_submit(struct request *req);
void case_task_done_submit(struct request *req);
void case_outcome_submit(struct request *req);
void case_mobilize_form(struct request *req);
void case_mobilize_submit(struct request *req);
void mobilization_show(struct request *req);
void mobilization_remind_submit(struct request *req);
void mobilization_thank_submit(struct request *req);
void call_create_submit(struct request *req);
void call_show(struct request *req);
void call_checkin_submit(struct request *req);
void call_debrief_submit(struct request *req);
void answer_form(struct request *req);
void answer_submit(struct request *req);
void campaign_show(struct request *req);
void campaign_signup(struct request *req);
void case_document_upload(struct request *req);
void case_document_download(struct request *req);
void case_photo_upload(struct request *req);
void campaign_photo(struct request *req);
void api_cases_list(struct request *req);
void api_case_show(struct request *req);
void api_case_key_dates(struct request *req);
void api_case_mobilizations(struct request *req);
void api_case_calls(struct request *req);

#endif

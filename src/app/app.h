/* The application: its route table, the per-request preparation (language,
 * session, access, CSRF) and the pages. server.c knows nothing of these. */
#ifndef SANCTUARY_APP_H
#define SANCTUARY_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* Audit helper: the acting user or token of this request. */
void app_audit(struct request *req, const char *action, const char *object_kind,
               int64_t object_id, const char *outcome);

/* Loads the person in the route's {id} as the asker may see them: contact
 * details only when their role allows, and then the read is audited.
 * Replies 404 and returns false when there is no such person. */
struct person;
bool app_person_load(struct request *req, struct person *out, bool *with_contact);

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
void person_tag_add(struct request *req);
void person_tag_remove(struct request *req);
void tags_list(struct request *req);
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

#endif

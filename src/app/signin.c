/* Sign-in, the two-factor step, and sign-out.
 *
 * Errors never say whether an account exists: a wrong email and a wrong
 * password get the same message and cost the same hash. After
 * THROTTLE_ACCOUNT_FAILURES failures in 15 minutes an account's next
 * attempt is refused before any hash is computed; each address also has a
 * token bucket. When the account has two-factor, a correct password only
 * earns a sealed, five-minute "pending" cookie; the session starts after
 * the code. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/page.h"
#include "auth/throttle.h"
#include "auth/totp.h"
#include "core/arena.h"
#include "core/contact.h"
#include "crypto/keys.h"
#include "crypto/seal.h"
#include "db/db.h"
#include "html/template.h"
#include "http/fields.h"
#include "http/reply.h"
#include "http/request.h"
#include "model/audit.h"
#include "model/sessions.h"
#include "i18n/msgid.h"

#define PENDING_COOKIE "mfa"
#define PENDING_TTL 300

static const struct field_spec signin_fields[] = {
	{ .name = "email", .type = FIELD_EMAIL, .required = true, .max_len = 254 },
	{ .name = "password", .type = FIELD_PASSWORD, .required = true },
};

static void show(struct request *req, unsigned status, const struct form *f, const char *error)
{
	struct view *v = page_view(req, N_("signin.title"));
	view_set_bool(v, "nav_signin", true);
	view_set(v, "csrf", app_anon_csrf(req));
	if (f)
		form_to_view(f, v, req->lang);
	if (error)
		view_set(v, "form_error", page_t(req, error));
	view_set_bool(v, "signed_out", request_query(req, "signed_out") != NULL);
	page_render(req, status, "signin.html", v);
}

void signin_form(struct request *req)
{
	if (req->session) {
		reply_redirect(req, "/app");
		return;
	}
	show(req, 200, NULL, NULL);
}

static const char *browser_family(const struct request *req)
{
	const char *ua = request_header(req, "user-agent");
	return ua == NULL ? NULL : strstr(ua, "Firefox") ? "Firefox" : strstr(ua, "Edg") ? "Edge" :
	       strstr(ua, "Chrome") ? "Chrome" : strstr(ua, "Safari") ? "Safari" : "other";
}

/* Starts the session and leaves for the staff area. */
static void start_session(struct request *req, struct db *db, int64_t user_id)
{
	char *token = session_create(db, req->arena, user_id, browser_family(req));
	if (token == NULL) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	const char *old = kv_get(&req->cookies, session_cookie_name(req->is_tls));
	if (old)
		session_end(db, old);
	audit_append(db, &(struct audit_entry){ AUDIT_USER, user_id, "signin.ok", "user", user_id, NULL });
	reply_cookie(req, session_cookie_name(req->is_tls), token, -1,
	             COOKIE_HTTP_ONLY | COOKIE_STRICT);
	reply_cookie(req, PENDING_COOKIE, "", 0, COOKIE_HTTP_ONLY | COOKIE_STRICT);
	reply_redirect(req, "/app");
}

void signin_submit(struct request *req)
{
	struct form f;
	if (!form_validate(req->arena, signin_fields, 2, &req->form, &f)) {
		show(req, 422, &f, N_("form.fix_errors"));
		return;
	}
	int64_t now = time(NULL);
	const char *email = form_value(&f, "email");
	if (!throttle_address_allowed(req->client_addr, req->client_addr_len, now) ||
	    !throttle_account_allowed(email, now)) {
		/* refused before any hash is computed */
		show(req, 429, &f, N_("signin.throttled"));
		return;
	}
	struct db *db = db_thread();
	if (db == NULL) {
		reply_error(req, ERR_UNAVAILABLE);
		return;
	}
	int64_t user_id = user_id_by_email(db, email);
	if (!user_check_password(db, user_id, form_value(&f, "password"))) {
		throttle_account_failed(email, now);
		throttle_address_failed(req->client_addr, req->client_addr_len, now);
		audit_append(db, &(struct audit_entry){ AUDIT_ANONYMOUS, 0, N_("signin.failed"), "user",
		                                        user_id, "failed" });
		show(req, 401, &f, N_("signin.failed"));
		return;
	}
	throttle_account_succeeded(email);
	struct user u;
	if (!user_by_id(db, req->arena, user_id, &u)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	if (u.totp_enabled) {
		sealed_cookie_set(req, PENDING_COOKIE, "signin", 0, &user_id, sizeof user_id, PENDING_TTL);
		reply_redirect(req, "/signin/code");
		return;
	}
	start_session(req, db, user_id);
}

static int64_t pending_user(struct request *req)
{
	int64_t id = 0;
	size_t len = 0;
	if (!sealed_cookie_get(req, PENDING_COOKIE, "signin", 0, &id, sizeof id, &len) ||
	    len != sizeof id)
		return 0;
	return id;
}

static void show_code(struct request *req, unsigned status, const char *error)
{
	struct view *v = page_view(req, N_("signin.code.title"));
	view_set_bool(v, "nav_signin", true);
	view_set(v, "csrf", app_anon_csrf(req));
	if (error)
		view_set(v, "form_error", page_t(req, error));
	page_render(req, status, "signin_code.html", v);
}

void signin_code_form(struct request *req)
{
	if (pending_user(req) == 0) {
		reply_redirect(req, "/signin");
		return;
	}
	show_code(req, 200, NULL);
}

/* A recovery code: matches an unused one of this user's, and uses it up. */
static bool use_recovery_code(struct db *db, int64_t user_id, const char *typed)
{
	char norm[32];
	size_t w = 0;
	for (const char *p = typed; *p && w < sizeof norm - 1; p++)
		if (*p != '-' && *p != ' ')
			norm[w++] = (char)((*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p);
	norm[w] = '\0';
	if (w != 10)
		return false;
	unsigned char h[32];
	secret_hash(KEY_RECOVERY, norm, h);
	return db_exec(db,
	               "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? "
	               "AND used_at IS NULL",
	               DB_ARGS(DB_INT(time(NULL)), DB_INT(user_id), DB_BLOB(h, sizeof h))) == DB_OK &&
	       db_changes(db) == 1;
}

void signin_code_submit(struct request *req)
{
	int64_t user_id = pending_user(req);
	if (user_id == 0) {
		reply_redirect(req, "/signin");
		return;
	}
	const char *code = request_form(req, "code");
	int64_t now = time(NULL);
	char account[32];
	snprintf(account, sizeof account, "#%lld", (long long)user_id);
	if (!throttle_address_allowed(req->client_addr, req->client_addr_len, now) ||
	    !throttle_account_allowed(account, now)) {
		show_code(req, 429, N_("signin.throttled"));
		return;
	}
	struct db *db = db_thread();
	unsigned char *secret = NULL;
	size_t len = 0;
	int64_t last = 0, counter = 0;
	bool ok = false, reused = false;
	if (db && code && user_totp_get(db, req->arena, user_id, &secret, &len, &last)) {
		char digits[8] = { 0 };
		size_t w = 0;
		for (const char *p = code; *p && w < 7; p++)
			if (*p != ' ')
				digits[w++] = *p;
		if (totp_check(secret, len, digits, now, &counter)) {
			/* accepted once: the counter must move forward */
			ok = user_totp_use_counter(db, user_id, counter);
			reused = !ok;
		} else {
			ok = use_recovery_code(db, user_id, code);
		}
		sodium_memzero(secret, len);
	}
	if (!ok) {
		throttle_account_failed(account, now);
		throttle_address_failed(req->client_addr, req->client_addr_len, now);
		if (db)
			audit_append(db, &(struct audit_entry){ AUDIT_ANONYMOUS, 0,
			                                        reused ? N_("signin.code_reused") : N_("signin.code_failed"),
			                                        "user", user_id, "failed" });
		show_code(req, 401, reused ? N_("signin.code_reused") : N_("signin.code_failed"));
		return;
	}
	throttle_account_succeeded(account);
	start_session(req, db, user_id);
}

void signout_submit(struct request *req)
{
	struct db *db = db_thread();
	if (db && req->session) {
		session_end(db, req->session->token);
		audit_append(db, &(struct audit_entry){ AUDIT_USER, req->session->user.id, "signout",
		                                        "user", req->session->user.id, NULL });
	}
	reply_cookie(req, session_cookie_name(req->is_tls), "", 0, COOKIE_HTTP_ONLY | COOKIE_STRICT);
	reply_redirect(req, "/signin?signed_out=1");
}

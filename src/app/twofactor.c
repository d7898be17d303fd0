/* Two-factor enrollment. The new secret travels in a sealed, ten-minute
 * cookie until the user proves they can produce a code from it; only then
 * is it stored (sealed) and ten single-use recovery codes shown, once. */
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/page.h"
#include "auth/totp.h"
#include "core/arena.h"
#include "core/random.h"
#include "crypto/keys.h"
#include "crypto/seal.h"
#include "db/db.h"
#include "html/qr.h"
#include "html/template.h"
#include "http/reply.h"
#include "http/request.h"
#include "model/sessions.h"
#include "model/settings.h"
#include "i18n/msgid.h"

#define SETUP_COOKIE "totp_setup"
#define SETUP_TTL 600
#define RECOVERY_CODES 10

static void show_setup(struct request *req, unsigned status, const unsigned char *secret,
                       const char *error)
{
	struct view *v = page_view(req, N_("twofactor.title"));
	view_set_bool(v, "staff_area", true);
	view_set_bool(v, "required", app_needs_2fa(req));
	if (req->session->user.totp_enabled) {
		view_set_bool(v, "enabled", true);
		page_render(req, status, "twofactor.html", v);
		return;
	}
	struct settings s;
	settings_get(&s);
	char *b32 = totp_base32(req->arena, secret, TOTP_SECRET_BYTES);
	char *uri = totp_uri(req->arena, secret, TOTP_SECRET_BYTES, s.group_name,
	                     req->session->user.email);
	char *svg = qr_svg(req->arena, uri, page_t(req, N_("twofactor.qr_label")));
	view_set(v, "secret", b32);
	if (svg)
		view_set_trusted_html(v, "qr_svg", svg);
	if (error)
		view_set(v, "code_error", page_t(req, error));
	page_render(req, status, "twofactor.html", v);
}

void twofactor_show(struct request *req)
{
	unsigned char secret[TOTP_SECRET_BYTES];
	size_t len = 0;
	int64_t uid = req->session->user.id;
	if (!req->session->user.totp_enabled &&
	    !(sealed_cookie_get(req, SETUP_COOKIE, "totp", uid, secret, sizeof secret, &len) &&
	      len == sizeof secret)) {
		totp_new_secret(secret);
		sealed_cookie_set(req, SETUP_COOKIE, "totp", uid, secret, sizeof secret, SETUP_TTL);
	}
	show_setup(req, 200, secret, NULL);
	sodium_memzero(secret, sizeof secret);
}

struct codes_ctx {
	int64_t uid;
	char (*codes)[16];
};

static enum db_status store_codes(struct db *db, void *p)
{
	const struct codes_ctx *c = p;
	if (db_exec(db, "DELETE FROM recovery_codes WHERE user_id = ?", DB_ARGS(DB_INT(c->uid))) != DB_OK)
		return DB_ERROR;
	for (int i = 0; i < RECOVERY_CODES; i++) {
		char norm[16];
		size_t w = 0;
		for (const char *q = c->codes[i]; *q; q++)
			if (*q != '-')
				norm[w++] = *q;
		norm[w] = '\0';
		unsigned char h[32];
		secret_hash(KEY_RECOVERY, norm, h);
		if (db_exec(db, "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)",
		            DB_ARGS(DB_INT(c->uid), DB_BLOB(h, sizeof h))) != DB_OK)
			return DB_ERROR;
	}
	return DB_OK;
}

void twofactor_enable(struct request *req)
{
	int64_t uid = req->session->user.id;
	if (req->session->user.totp_enabled) {
		reply_redirect(req, "/app/account/2fa");
		return;
	}
	unsigned char secret[TOTP_SECRET_BYTES];
	size_t len = 0;
	if (!sealed_cookie_get(req, SETUP_COOKIE, "totp", uid, secret, sizeof secret, &len) ||
	    len != sizeof secret) {
		/* the setup expired: start again with a new secret */
		reply_redirect(req, "/app/account/2fa");
		return;
	}
	const char *code = request_form(req, "code");
	int64_t counter = 0;
	struct db *db = db_thread();
	if (code == NULL || !totp_check(secret, sizeof secret, code, time(NULL), &counter)) {
		show_setup(req, 422, secret, N_("twofactor.code_wrong"));
		sodium_memzero(secret, sizeof secret);
		return;
	}
	/* Ten codes of ten base32 letters (50 bits each), shown once. */
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
	char codes[RECOVERY_CODES][16];
	for (int i = 0; i < RECOVERY_CODES; i++) {
		char raw[11];
		for (int k = 0; k < 10; k++)
			raw[k] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
		raw[10] = '\0';
		snprintf(codes[i], sizeof codes[i], "%.5s-%.5s", raw, raw + 5);
	}
	struct codes_ctx ctx = { uid, codes };
	if (db == NULL || !user_totp_set(db, uid, secret, sizeof secret) ||
	    !user_totp_use_counter(db, uid, counter) || db_tx(db, store_codes, &ctx) != DB_OK) {
		sodium_memzero(secret, sizeof secret);
		reply_error(req, ERR_INTERNAL);
		return;
	}
	sodium_memzero(secret, sizeof secret);
	app_audit(req, "2fa.enable", "user", uid, NULL);
	reply_cookie(req, SETUP_COOKIE, "", 0, COOKIE_HTTP_ONLY | COOKIE_STRICT);
	struct view *v = page_view(req, N_("twofactor.title"));
	view_set_bool(v, "staff_area", true);
	view_set_bool(v, "just_enabled", true);
	for (int i = 0; i < RECOVERY_CODES; i++)
		view_set(view_add_item(v, "recovery_codes"), "code", codes[i]);
	sodium_memzero(codes, sizeof codes);
	page_render(req, 200, "twofactor.html", v);
}

void twofactor_disable(struct request *req)
{
	int64_t uid = req->session->user.id;
	struct settings s;
	settings_get(&s);
	/* Organizers and admins cannot drop below the group's requirement. */
	if (s.require_2fa && req->session->user.role != ROLE_VOLUNTEER) {
		reply_error_detail(req, ERR_FORBIDDEN, N_("twofactor.required_cannot_disable"));
		return;
	}
	struct db *db = db_thread();
	if (db == NULL || !user_totp_clear(db, uid)) {
		reply_error(req, ERR_INTERNAL);
		return;
	}
	app_audit(req, "2fa.disable", "user", uid, NULL);
	reply_redirect(req, "/app/account");
}

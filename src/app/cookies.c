/* Sealed cookies, the audit helper, and loading a person as the asker may
 * see them. */
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "auth/permissions.h"
#include "core/arena.h"
#include "crypto/seal.h"
#include "db/db.h"
#include "http/reply.h"
#include "http/request.h"
#include "model/audit.h"
#include "model/people.h"

#define MAX_PAYLOAD 256

void sealed_cookie_set(struct request *req, const char *name, const char *purpose,
                       int64_t row_id, const void *data, size_t len, long ttl)
{
	if (len > MAX_PAYLOAD)
		return;
	unsigned char plain[8 + MAX_PAYLOAD];
	int64_t expires = time(NULL) + ttl;
	memcpy(plain, &expires, 8);
	memcpy(plain + 8, data, len);
	size_t blob_len;
	unsigned char *blob = seal_value(req->arena, "cookie", purpose, row_id, plain, 8 + len,
	                                 &blob_len);
	sodium_memzero(plain, sizeof plain);
	if (blob == NULL)
		return;
	size_t n = sodium_base64_ENCODED_LEN(blob_len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *text = arena_alloc(req->arena, n);
	sodium_bin2base64(text, n, blob, blob_len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	reply_cookie(req, name, text, ttl, COOKIE_HTTP_ONLY | COOKIE_STRICT);
}

bool sealed_cookie_get(struct request *req, const char *name, const char *purpose,
                       int64_t row_id, void *out, size_t cap, size_t *len)
{
	const char *text = kv_get(&req->cookies, name);
	if (text == NULL || strlen(text) > 1024)
		return false;
	unsigned char blob[800];
	size_t blob_len = 0;
	if (sodium_base642bin(blob, sizeof blob, text, strlen(text), NULL, &blob_len, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return false;
	size_t plen = 0;
	char *plain = seal_open(req->arena, "cookie", purpose, row_id, blob, blob_len, &plen);
	if (plain == NULL || plen < 8 || plen - 8 > cap)
		return false;
	int64_t expires;
	memcpy(&expires, plain, 8);
	bool ok = time(NULL) <= expires;
	if (ok) {
		memcpy(out, plain + 8, plen - 8);
		*len = plen - 8;
	}
	sodium_memzero(plain, plen);
	return ok;
}

void app_audit_entry(struct request *req, struct audit_entry *e, const char *action,
                     const char *object_kind, int64_t object_id)
{
	*e = (struct audit_entry){ AUDIT_ANONYMOUS, 0, action, object_kind, object_id, NULL };
	if (req->actor && req->actor->kind == ACTOR_USER) {
		e->actor = AUDIT_USER;
		e->actor_id = req->actor->id;
	} else if (req->actor && req->actor->kind == ACTOR_TOKEN) {
		e->actor = AUDIT_TOKEN;
		e->actor_id = req->actor->id;
	}
}

void app_audit(struct request *req, const char *action, const char *object_kind,
               int64_t object_id, const char *outcome)
{
	struct db *db = db_thread();
	if (db == NULL)
		return;
	struct audit_entry e;
	app_audit_entry(req, &e, action, object_kind, object_id);
	e.outcome = outcome;
	audit_append(db, &e);
}

bool app_person_load(struct request *req, struct person *out, bool *with_contact)
{
	long long id = request_param_id(req, "id");
	*with_contact = perm_allows(req->actor, ACT_PEOPLE_CONTACT);
	struct db *db = db_thread();
	if (id == 0 || db == NULL || !person_get(db, req->arena, id, *with_contact, out)) {
		reply_error(req, ERR_NOT_FOUND);
		return false;
	}
	if (*with_contact)
		app_audit(req, "person.read_contact", "person", id, NULL);
	return true;
}

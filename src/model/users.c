#include "model/users.h"

#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/text.h"
#include "crypto/seal.h"
#include "db/db.h"
#include "i18n/msgid.h"

static const char *const role_names[] = { "volunteer", "organizer", "admin" };

const char *role_name(enum role r)
{
	return (unsigned)r < 3 ? role_names[r] : "volunteer";
}

bool role_parse(const char *s, enum role *out)
{
	for (unsigned i = 0; s && i < 3; i++)
		if (strcmp(s, role_names[i]) == 0) {
			*out = (enum role)i;
			return true;
		}
	return false;
}

/* The most common passwords of at least 12 characters (the only ones our
 * length rule lets through), plus phrases people here would pick. */
static const char *const common_passwords[] = {
	"123456789012", "1234567890123", "12345678901234", "123456789012345",
	"1234567890qwerty", "qwertyuiopasdfgh", "qwerty123456", "password1234",
	"password12345", "password123456", "passwordpassword", "iloveyou1234",
	"111111111111", "000000000000", "aaaaaaaaaaaa", "abcdefghijkl", "abc123abc123",
	"qwertyqwerty", "adminadmin12", "administrator", "letmein12345", "welcome12345",
	"changeme1234", "sanctuary123", "sanctuary1234", "1q2w3e4r5t6y", "1qaz2wsx3edc",
	"zaq12wsxcde3", "trustno1trustno1", "football1234", "baseball1234", "superman1234",
	"princess1234", "sunshine1234", "whatever1234", "qazwsxedcrfv", "asdfghjkl123",
	"asdfasdfasdf", "passw0rd1234", "p@ssw0rd1234", "monkey123456", "dragon123456",
	"master123456", "shadow123456", "michael12345", "jennifer1234", "computer1234",
	"internet1234", "newyork12345", "nobodyisillegal", "noonesillegal",
	"nohumanbeingisillegal", "jacksonheights", "jacksonheights1", "queensnewyork",
	"abcdefghijklmnop", "123123123123", "121212121212", "987654321098",
};

const char *password_problem(const char *pw)
{
	size_t n = pw ? strlen(pw) : 0;
	if (n == 0)
		return N_("field.required");
	if (text_codepoints(pw, n) < 12)
		return N_("password.too_short");
	if (n > 1024)
		return N_("field.too_long");
	char lower[64];
	if (n < sizeof lower) {
		size_t w = 0;
		for (size_t i = 0; i < n; i++)
			if (pw[i] != ' ')
				lower[w++] = (char)((pw[i] >= 'A' && pw[i] <= 'Z') ? pw[i] - 'A' + 'a' : pw[i]);
		lower[w] = '\0';
		for (size_t i = 0; i < sizeof common_passwords / sizeof common_passwords[0]; i++)
			if (strcmp(lower, common_passwords[i]) == 0)
				return N_("password.too_common");
	}
	return NULL;
}

/* argon2id with INTERACTIVE limits takes 64 MiB per hash: cap how many run
 * at once (each waiting sign-in just queues). */
static sem_t hash_slots;
static pthread_once_t hash_once = PTHREAD_ONCE_INIT;

static void hash_slots_init(void)
{
	sem_init(&hash_slots, 0, 2);
}

static void hash_enter(void)
{
	pthread_once(&hash_once, hash_slots_init);
	while (sem_wait(&hash_slots) != 0)
		;
}

static void hash_leave(void)
{
	sem_post(&hash_slots);
}

static bool hash_password(const char *pw, char out[crypto_pwhash_STRBYTES])
{
	hash_enter();
	int rc = crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                           crypto_pwhash_MEMLIMIT_INTERACTIVE);
	hash_leave();
	return rc == 0;
}

static bool set_sealed(struct db *db, int64_t id, const char *email, const char *name)
{
	struct arena *a = arena_new(1024);
	size_t elen, nlen;
	unsigned char *e = seal_value(a, "users", "email", id, email, strlen(email), &elen);
	unsigned char *n = seal_value(a, "users", "name", id, name, strlen(name), &nlen);
	bool ok = e && n &&
	          db_exec(db, "UPDATE users SET email_sealed = ?, name_sealed = ? WHERE id = ?",
	                  DB_ARGS(DB_BLOB(e, elen), DB_BLOB(n, nlen), DB_INT(id))) == DB_OK;
	arena_destroy(a);
	return ok;
}

int64_t user_create(struct db *db, const char *email, const char *name, enum role role,
                    const char *lang, const char *password)
{
	char hash[crypto_pwhash_STRBYTES];
	if (password != NULL && !hash_password(password, hash))
		return -1;
	unsigned char idx[BLIND_INDEX_BYTES];
	blind_index(N_("users.email"), email, idx);
	int64_t now = time(NULL);
	/* The row id is part of the sealed values' associated data, so the
	 * row is inserted first and sealed right after. */
	enum db_status s = db_exec(db,
		"INSERT INTO users (email_index, email_sealed, name_sealed, lang, role, password_hash, "
		"created_at, updated_at) VALUES (?, x'', x'', ?, ?, ?, ?, ?)",
		DB_ARGS(DB_BLOB(idx, sizeof idx), DB_TEXT(lang ? lang : "en"), DB_TEXT(role_name(role)),
		        DB_TEXT(password ? hash : NULL), DB_INT(now), DB_INT(now)));
	sodium_memzero(hash, sizeof hash);
	if (s == DB_CONFLICT)
		return 0;
	if (s != DB_OK)
		return -1;
	int64_t id = db_last_id(db);
	return set_sealed(db, id, email, name) ? id : -1;
}

static void read_user(struct db_rows *r, struct arena *a, struct user *out)
{
	size_t len;
	const void *blob;
	out->id = db_col_int(r, 0);
	blob = db_col_blob(r, 1, &len);
	out->email = seal_open(a, "users", "email", out->id, blob, len, NULL);
	blob = db_col_blob(r, 2, &len);
	out->display_name = seal_open(a, "users", "name", out->id, blob, len, NULL);
	if (out->email == NULL)
		out->email = "?";
	if (out->display_name == NULL)
		out->display_name = "?";
	out->lang = db_col_dup(r, 3, a);
	if (!role_parse(db_col_text(r, 4), &out->role))
		out->role = ROLE_VOLUNTEER;
	out->disabled = db_col_int(r, 5) != 0;
	out->has_password = db_col_int(r, 6) != 0;
	out->totp_enabled = db_col_int(r, 7) != 0;
	out->created_at = db_col_int(r, 8);
}

#define USER_COLUMNS "id, email_sealed, name_sealed, lang, role, disabled, " \
	"password_hash IS NOT NULL, totp_sealed IS NOT NULL, created_at"

bool user_by_id(struct db *db, struct arena *a, int64_t id, struct user *out)
{
	struct db_rows *r = db_query(db, "SELECT " USER_COLUMNS " FROM users WHERE id = ?",
	                             DB_ARGS(DB_INT(id)));
	bool found = db_next(r);
	if (found)
		read_user(r, a, out);
	return db_done(r) == DB_OK && found;
}

bool user_each(struct db *db, struct arena *a, user_fn fn, void *ctx)
{
	struct db_rows *r = db_query(db, "SELECT " USER_COLUMNS " FROM users ORDER BY id", DB_NOARGS);
	while (db_next(r)) {
		struct user u;
		read_user(r, a, &u);
		fn(&u, ctx);
	}
	return db_done(r) == DB_OK;
}

int64_t user_id_by_email(struct db *db, const char *email)
{
	unsigned char idx[BLIND_INDEX_BYTES];
	blind_index(N_("users.email"), email, idx);
	int64_t id = 0;
	if (db_get_int(db, "SELECT id FROM users WHERE email_index = ?",
	               DB_ARGS(DB_BLOB(idx, sizeof idx)), &id) != DB_OK)
		return 0;
	return id;
}

bool user_set_password(struct db *db, int64_t id, const char *password)
{
	char hash[crypto_pwhash_STRBYTES];
	if (!hash_password(password, hash))
		return false;
	bool ok = db_exec(db, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
	                  DB_ARGS(DB_TEXT(hash), DB_INT(time(NULL)), DB_INT(id))) == DB_OK;
	sodium_memzero(hash, sizeof hash);
	return ok;
}

bool user_set_role(struct db *db, int64_t id, enum role role)
{
	return db_exec(db, "UPDATE users SET role = ?, updated_at = ? WHERE id = ?",
	               DB_ARGS(DB_TEXT(role_name(role)), DB_INT(time(NULL)), DB_INT(id))) == DB_OK;
}

bool user_set_disabled(struct db *db, int64_t id, bool disabled)
{
	if (db_exec(db, "UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?",
	            DB_ARGS(DB_INT(disabled), DB_INT(time(NULL)), DB_INT(id))) != DB_OK)
		return false;
	/* Disabling takes effect at once: end every session of the account. */
	return !disabled ||
	       db_exec(db, "DELETE FROM sessions WHERE user_id = ?", DB_ARGS(DB_INT(id))) == DB_OK;
}

/* A real argon2id string for an unguessable password: verifying against
 * it costs the same as a real account. Made once per process. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	unsigned char secret[32];
	char pw[65];
	randombytes_buf(secret, sizeof secret);
	sodium_bin2hex(pw, sizeof pw, secret, sizeof secret);
	hash_password(pw, dummy_hash);
	sodium_memzero(pw, sizeof pw);
}

bool user_check_password(struct db *db, int64_t id, const char *password)
{
	struct arena *a = arena_new(512);
	int64_t disabled = 1;
	char *hash = NULL;
	struct db_rows *r = db_query(db, "SELECT password_hash, disabled FROM users WHERE id = ?",
	                             DB_ARGS(DB_INT(id)));
	if (db_next(r)) {
		hash = db_col_dup(r, 0, a);
		disabled = db_col_int(r, 1);
	}
	db_done(r);
	bool real = hash != NULL;
	if (!real) {
		pthread_once(&dummy_once, make_dummy);
		hash = dummy_hash;
	}
	hash_enter();
	bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	hash_leave();
	arena_destroy(a);
	return ok && real && !disabled;
}

bool user_totp_get(struct db *db, struct arena *a, int64_t id, unsigned char **secret,
                   size_t *len, int64_t *last_counter)
{
	struct db_rows *r = db_query(db,
		"SELECT totp_sealed, totp_last_counter FROM users WHERE id = ? AND totp_sealed IS NOT NULL",
		DB_ARGS(DB_INT(id)));
	bool found = db_next(r);
	if (found) {
		size_t blen;
		const void *blob = db_col_blob(r, 0, &blen);
		*secret = (unsigned char *)seal_open(a, "users", "totp", id, blob, blen, len);
		*last_counter = db_col_int(r, 1);
		found = *secret != NULL;
	}
	return db_done(r) == DB_OK && found;
}

bool user_totp_set(struct db *db, int64_t id, const unsigned char *secret, size_t len)
{
	struct arena *a = arena_new(256);
	size_t blen;
	unsigned char *blob = seal_value(a, "users", "totp", id, secret, len, &blen);
	bool ok = blob && db_exec(db,
		"UPDATE users SET totp_sealed = ?, totp_last_counter = 0, updated_at = ? WHERE id = ?",
		DB_ARGS(DB_BLOB(blob, blen), DB_INT(time(NULL)), DB_INT(id))) == DB_OK;
	arena_destroy(a);
	return ok;
}

bool user_totp_use_counter(struct db *db, int64_t id, int64_t counter)
{
	/* One statement: two racing requests with the same code cannot both win. */
	if (db_exec(db, "UPDATE users SET totp_last_counter = ? WHERE id = ? AND totp_last_counter < ?",
	            DB_ARGS(DB_INT(counter), DB_INT(id), DB_INT(counter))) != DB_OK)
		return false;
	return db_changes(db) == 1;
}

bool user_totp_clear(struct db *db, int64_t id)
{
	return db_exec(db,
		"UPDATE users SET totp_sealed = NULL, totp_last_counter = 0, updated_at = ? WHERE id = ?",
		DB_ARGS(DB_INT(time(NULL)), DB_INT(id))) == DB_OK &&
	       db_exec(db, "DELETE FROM recovery_codes WHERE user_id = ?", DB_ARGS(DB_INT(id))) == DB_OK;
}

/* Keys, sealing, blind indexes, permissions, throttling, TOTP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/permissions.h"
#include "auth/throttle.h"
#include "auth/totp.h"
#include "core/arena.h"
#include "crypto/keys.h"
#include "crypto/seal.h"

static char dir[] = "/tmp/sanctuary-unit-keys-XXXXXX";

static int setup(void **state)
{
	(void)state;
	return sodium_init() < 0 || mkdtemp(dir) == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	keys_unload();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void keyring_wraps_and_unwraps(void **state)
{
	(void)state;
	struct key_source pass = { NULL, "correct horse battery staple" };
	assert_true(keys_create(dir, &pass));
	assert_false(keys_create(dir, &pass)); /* refuses to overwrite */
	const unsigned char *k1 = keys_get(KEY_FIELDS);
	unsigned char fields[KEY_BYTES];
	memcpy(fields, k1, KEY_BYTES);
	keys_unload();
	struct key_source wrong = { NULL, "wrong horse battery staple" };
	assert_false(keys_load(dir, &wrong));
	assert_false(keys_loaded());
	assert_true(keys_load(dir, &pass));
	assert_memory_equal(keys_get(KEY_FIELDS), fields, KEY_BYTES);
	/* purposes get different keys */
	assert_memory_not_equal(keys_get(KEY_FIELDS), keys_get(KEY_BLIND_INDEX), KEY_BYTES);
	/* re-wrapped under a key file: the old passphrase no longer opens it */
	char key_file[300];
	snprintf(key_file, sizeof key_file, "%s/k", dir);
	assert_true(keys_write_key_file(key_file));
	struct key_source file = { key_file, NULL };
	assert_true(keys_rewrap(dir, &file));
	keys_unload();
	assert_false(keys_load(dir, &pass));
	assert_true(keys_load(dir, &file));
	assert_memory_equal(keys_get(KEY_FIELDS), fields, KEY_BYTES);
}

static void sealed_values_are_bound_to_their_place(void **state)
{
	(void)state;
	struct arena *a = arena_new(1024);
	size_t len;
	unsigned char *blob = seal_value(a, "users", "email", 7, "ana@example.org", 15, &len);
	assert_non_null(blob);
	assert_int_equal(len, 15 + SEAL_OVERHEAD);
	assert_null(memmem(blob, len, "ana@", 4));
	size_t out_len;
	char *back = seal_open(a, "users", "email", 7, blob, len, &out_len);
	assert_string_equal(back, "ana@example.org");
	assert_null(seal_open(a, "users", "email", 8, blob, len, NULL));  /* other row */
	assert_null(seal_open(a, "users", "name", 7, blob, len, NULL));   /* other column */
	assert_null(seal_open(a, "people", "email", 7, blob, len, NULL)); /* other table */
	blob[len - 1] ^= 1;
	assert_null(seal_open(a, "users", "email", 7, blob, len, NULL));  /* altered */
	/* two seals of the same value differ (random nonce) */
	size_t l1, l2;
	unsigned char *s1 = seal_value(a, "t", "c", 1, "same", 4, &l1);
	unsigned char *s2 = seal_value(a, "t", "c", 1, "same", 4, &l2);
	assert_memory_not_equal(s1, s2, l1);
	arena_destroy(a);
}

static void blind_indexes_match_only_equal_values(void **state)
{
	(void)state;
	unsigned char a1[BLIND_INDEX_BYTES], a2[BLIND_INDEX_BYTES], b[BLIND_INDEX_BYTES],
		other[BLIND_INDEX_BYTES];
	blind_index("users.email", "ana@example.org", a1);
	blind_index("users.email", "ana@example.org", a2);
	blind_index("users.email", "ana@example.com", b);
	blind_index("people.email", "ana@example.org", other);
	assert_memory_equal(a1, a2, BLIND_INDEX_BYTES);
	assert_memory_not_equal(a1, b, BLIND_INDEX_BYTES);
	assert_memory_not_equal(a1, other, BLIND_INDEX_BYTES);
}

static void permission_table_defaults_to_deny(void **state)
{
	(void)state;
	struct actor anon = { ACTOR_ANONYMOUS, 0, ROLE_ADMIN };
	struct actor vol = { ACTOR_USER, 1, ROLE_VOLUNTEER };
	struct actor org = { ACTOR_USER, 2, ROLE_ORGANIZER };
	struct actor adm = { ACTOR_USER, 3, ROLE_ADMIN };
	struct actor tok = { ACTOR_TOKEN, 4, ROLE_ADMIN };
	for (int act = 0; act < ACT__COUNT; act++)
		assert_false(perm_allows(&anon, (enum action)act));
	assert_false(perm_allows(&adm, ACT_NONE));
	assert_true(perm_allows(&vol, ACT_STAFF_HOME));
	assert_false(perm_allows(&vol, ACT_SETTINGS_EDIT));
	assert_false(perm_allows(&org, ACT_USERS_MANAGE));
	assert_true(perm_allows(&adm, ACT_AUDIT_READ));
	assert_false(perm_allows(&tok, ACT_SETTINGS_EDIT)); /* tokens only reach the API */
	assert_true(perm_allows(&tok, ACT_API_READ));
	assert_false(perm_allows(&vol, (enum action)999));
	assert_false(perm_allows_record(&org, ACT_STAFF_HOME, false));
	assert_true(perm_allows_record(&org, ACT_STAFF_HOME, true));
	assert_true(perm_allows_record(&adm, ACT_STAFF_HOME, false));
}

static void throttle_counts_failures_per_account_and_address(void **state)
{
	(void)state;
	throttle_reset();
	int64_t t = 1000000;
	for (int i = 0; i < THROTTLE_ACCOUNT_FAILURES; i++) {
		assert_true(throttle_account_allowed("a@example.org", t + i));
		throttle_account_failed("a@example.org", t + i);
	}
	assert_false(throttle_account_allowed("a@example.org", t + 20));
	assert_true(throttle_account_allowed("b@example.org", t + 20));
	/* the window slides */
	assert_true(throttle_account_allowed("a@example.org", t + THROTTLE_WINDOW + 10));
	unsigned char ip[4] = { 10, 0, 0, 1 };
	for (int i = 0; i < THROTTLE_ADDRESS_BURST; i++)
		throttle_address_failed(ip, 4, t);
	assert_false(throttle_address_allowed(ip, 4, t));
	assert_true(throttle_address_allowed(ip, 4, t + THROTTLE_ADDRESS_REFILL_SECONDS));
	unsigned char ip6a[16] = { 0x20, 1, 0xd, 0xb8, 0, 0, 0, 1, 1 }, ip6b[16] = { 0x20, 1, 0xd, 0xb8, 0, 0, 0, 1, 2 };
	for (int i = 0; i < THROTTLE_ADDRESS_BURST; i++)
		throttle_address_failed(ip6a, 16, t);
	assert_false(throttle_address_allowed(ip6b, 16, t)); /* same /64 */
}

static void totp_matches_rfc6238(void **state)
{
	(void)state;
	/* RFC 6238 appendix B, SHA-1 secret "12345678901234567890", 8 digits:
	 * at T=59 the code is 94287082, so the 6-digit code is 287082. */
	const unsigned char *secret = (const unsigned char *)"12345678901234567890";
	char code[7];
	assert_true(totp_code(secret, 20, 59, code));
	assert_string_equal(code, "287082");
	int64_t counter = 0;
	assert_true(totp_check(secret, 20, "287082", 59, &counter));
	assert_int_equal(counter, 1);
	assert_true(totp_check(secret, 20, "287082", 59 + 30, &counter)); /* one step of drift */
	assert_false(totp_check(secret, 20, "287082", 59 + 90, &counter));
	assert_false(totp_check(secret, 20, "28708", 59, &counter));
	assert_false(totp_check(secret, 20, "2870822", 59, &counter));
	assert_false(totp_check(secret, 20, "28708a", 59, &counter));
	struct arena *a = arena_new(256);
	assert_string_equal(totp_base32(a, secret, 20), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	arena_destroy(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keyring_wraps_and_unwraps),
		cmocka_unit_test(sealed_values_are_bound_to_their_place),
		cmocka_unit_test(blind_indexes_match_only_equal_values),
		cmocka_unit_test(permission_table_defaults_to_deny),
		cmocka_unit_test(throttle_counts_failures_per_account_and_address),
		cmocka_unit_test(totp_matches_rfc6238),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* Operator commands: rotate-key, audit verify, token create, routes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "auth/permissions.h"
#include "cli/args.h"
#include "cli/cli.h"
#include "core/arena.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "http/router.h"
#include "model/audit.h"
#include "model/tokens.h"
#include "model/users.h"

int cmd_rotate_key(int argc, char **argv)
{
	const char *dir = NULL, *key_file = NULL, *new_key_file = NULL;
	bool new_passphrase = false;
	const struct flag flags[] = {
		{ "--data", "DIR", "data folder", true, &dir, NULL },
		KEY_FILE_FLAG(key_file),
		{ "--new-key-file", "PATH", "wrap the data key under this key file (created if missing)", false, &new_key_file, NULL },
		{ "--new-passphrase", NULL, "wrap it under the passphrase in SANCTUARY_NEW_PASSPHRASE", false, NULL, &new_passphrase },
	};
	enum args_result r = args_parse(
		"sanctuary rotate-key --data DIR (--new-key-file PATH | --new-passphrase)",
		"Re-wraps the data key under a new key file or passphrase. Sealed data is unchanged; "
		"the old passphrase or key file no longer opens it.",
		argc, argv, flags, sizeof flags / sizeof flags[0], NULL, 0, NULL);
	if (r != ARGS_OK)
		return args_exit(r);
	if ((new_key_file != NULL) == new_passphrase) {
		fprintf(stderr, "sanctuary: give exactly one of --new-key-file or --new-passphrase\n");
		return 2;
	}
	struct key_source dst = { new_key_file, NULL };
	if (new_passphrase) {
		dst.passphrase = getenv("SANCTUARY_NEW_PASSPHRASE");
		if (dst.passphrase == NULL || strlen(dst.passphrase) < 12) {
			fprintf(stderr, "sanctuary: set SANCTUARY_NEW_PASSPHRASE (12 characters or more)\n");
			return 2;
		}
	}
	struct db *db = cli_open_data(dir, false, key_file);
	if (db == NULL)
		return 1;
	struct stat st;
	if (new_key_file && stat(new_key_file, &st) != 0 && !keys_write_key_file(new_key_file)) {
		db_close(db);
		return 1;
	}
	if (!keys_rewrap(dir, &dst)) {
		fprintf(stderr, "sanctuary: re-wrapping the data key failed; the old key still works\n");
		db_close(db);
		return 1;
	}
	audit_append(db, &(struct audit_entry){ AUDIT_CLI, 0, "key.rotate", "keyring", 0, NULL });
	db_close(db);
	/* A demo key file beside the database no longer opens anything. */
	char demo[4096];
	snprintf(demo, sizeof demo, "%s/sanctuary.key", dir);
	if ((new_key_file == NULL || strcmp(new_key_file, demo) != 0) && stat(demo, &st) == 0)
		unlink(demo);
	printf("data key re-wrapped under the new %s\n", new_key_file ? "key file" : "passphrase");
	return 0;
}

int cmd_audit(int argc, char **argv)
{
	if (argc < 1 || strcmp(argv[0], "verify") != 0) {
		if (argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
			printf("usage: sanctuary audit verify --data DIR\n\nChecks the audit log's hash chain.\n");
			return 0;
		}
		fprintf(stderr, "sanctuary: usage: sanctuary audit verify --data DIR\n");
		return 2;
	}
	const char *dir = NULL, *key_file = NULL;
	const struct flag flags[] = {
		{ "--data", "DIR", "data folder", true, &dir, NULL },
		KEY_FILE_FLAG(key_file),
	};
	enum args_result r = args_parse("sanctuary audit verify --data DIR",
	                                "Checks the audit log's hash chain and names the first entry "
	                                "that does not verify.",
	                                argc - 1, argv + 1, flags, 2, NULL, 0, NULL);
	if (r != ARGS_OK)
		return args_exit(r);
	struct db *db = cli_open_data(dir, false, key_file);
	if (db == NULL)
		return 1;
	int64_t count = 0;
	int64_t broken = audit_verify(db, &count);
	db_close(db);
	if (broken < 0) {
		fprintf(stderr, "sanctuary: could not read the audit log\n");
		return 1;
	}
	if (broken > 0) {
		printf("audit log BROKEN at entry %lld (%lld entries checked)\n", (long long)broken,
		       (long long)count);
		return 1;
	}
	printf("audit log intact: %lld entries\n", (long long)count);
	return 0;
}

int cmd_token(int argc, char **argv)
{
	if (argc < 1 || strcmp(argv[0], "create") != 0) {
		if (argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
			printf("usage: sanctuary token create --data DIR --name NAME --role ROLE\n\n"
			       "Creates an API token and prints it once.\n");
			return 0;
		}
		fprintf(stderr, "sanctuary: usage: sanctuary token create --data DIR --name N --role R\n");
		return 2;
	}
	const char *dir = NULL, *name = NULL, *role_s = NULL, *key_file = NULL;
	const struct flag flags[] = {
		{ "--data", "DIR", "data folder", true, &dir, NULL },
		{ "--name", "NAME", "what the token is for", true, &name, NULL },
		{ "--role", "ROLE", "admin, organizer or volunteer: what the token may do", true, &role_s, NULL },
		KEY_FILE_FLAG(key_file),
	};
	enum args_result r = args_parse("sanctuary token create --data DIR --name NAME --role ROLE",
	                                "Creates an API token (sent as the OSDI-API-Token header) and "
	                                "prints it once; only its hash is stored.",
	                                argc - 1, argv + 1, flags, sizeof flags / sizeof flags[0], NULL,
	                                0, NULL);
	if (r != ARGS_OK)
		return args_exit(r);
	enum role role;
	if (!role_parse(role_s, &role)) {
		fprintf(stderr, "sanctuary: --role must be admin, organizer or volunteer\n");
		return 2;
	}
	if (strlen(name) > 80) {
		fprintf(stderr, "sanctuary: --name is too long (80 characters at most)\n");
		return 2;
	}
	struct db *db = cli_open_data(dir, true, key_file);
	if (db == NULL)
		return 1;
	struct arena *a = arena_new(256);
	int64_t id = 0;
	char *token = token_create(db, a, name, role, &id);
	int rc = 1;
	if (token) {
		audit_append(db, &(struct audit_entry){ AUDIT_CLI, 0, "token.create", "api_token", id, NULL });
		printf("%s\n", token);
		fprintf(stderr, "token %lld created for role %s; it is shown only this once\n",
		        (long long)id, role_name(role));
		rc = 0;
	}
	arena_destroy(a);
	db_close(db);
	return rc;
}

int cmd_routes(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf("usage: sanctuary routes\n\nLists every route: methods, pattern, access, "
			       "permission action.\n");
			return 0;
		}
		fprintf(stderr, "sanctuary: unknown option '%s'\n", argv[i]);
		return 2;
	}
	static const char *const access[] = { "public", "staff", "api" };
	size_t n;
	const struct route *routes = app_routes(&n);
	struct arena *a = arena_new(1024);
	for (size_t i = 0; i < n; i++)
		printf("%s\t%s\t%s\t%s\n", router_allow_header(a, routes[i].methods), routes[i].pattern,
		       access[routes[i].access], action_name((enum action)routes[i].action));
	arena_destroy(a);
	return 0;
}

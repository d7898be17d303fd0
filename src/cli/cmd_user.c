#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "core/arena.h"
#include "core/contact.h"
#include "db/db.h"
#include "i18n/i18n.h"
#include "model/users.h"

/* Reads one line from standard input without echo when it is a terminal. */
static bool read_password(char *out, size_t n)
{
	bool tty = isatty(STDIN_FILENO);
	struct termios old, quiet;
	if (tty) {
		fprintf(stderr, "password (at least 12 characters): ");
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	}
	bool ok = fgets(out, (int)n, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
		fputc('\n', stderr);
	}
	if (!ok)
		return false;
	out[strcspn(out, "\r\n")] = '\0';
	return true;
}

static int user_add(int argc, char **argv)
{
	const char *dir = NULL, *email = NULL, *role_s = NULL, *name = NULL, *lang = "en",
	           *key_file = NULL;
	const struct flag flags[] = {
		{ "--data", "DIR", "data folder", true, &dir, NULL },
		{ "--email", "EMAIL", "sign-in email", true, &email, NULL },
		{ "--role", "ROLE", "admin, organizer or volunteer", true, &role_s, NULL },
		{ "--name", "NAME", "display name (default: the part of the email before @)", false, &name, NULL },
		{ "--lang", "CODE", "preferred language (en)", false, &lang, NULL },
		KEY_FILE_FLAG(key_file),
	};
	enum args_result r = args_parse(
		"sanctuary user add --data DIR --email EMAIL --role ROLE [--name NAME]",
		"Creates a staff account. The password is read from standard input.", argc, argv,
		flags, sizeof flags / sizeof flags[0], NULL, 0, NULL);
	if (r != ARGS_OK)
		return args_exit(r);
	enum role role;
	if (!role_parse(role_s, &role)) {
		fprintf(stderr, "sanctuary: --role must be admin, organizer or volunteer\n");
		return 2;
	}
	struct db *db = cli_open_data(dir, true, key_file);
	if (db == NULL)
		return 1;
	struct arena *a = arena_new(1024);
	int rc = 1;
	char *norm = email_normalize(a, email);
	const char *problem = email_problem(norm);
	if (problem) {
		fprintf(stderr, "sanctuary: --email: %s\n", i18n_get("en", problem));
		rc = 2;
		goto out;
	}
	if (!i18n_has(lang)) {
		fprintf(stderr, "sanctuary: --lang: no catalog for '%s'\n", lang);
		rc = 2;
		goto out;
	}
	char password[1100];
	if (!read_password(password, sizeof password)) {
		fprintf(stderr, "sanctuary: no password on standard input\n");
		goto out;
	}
	if ((problem = password_problem(password)) != NULL) {
		fprintf(stderr, "sanctuary: password: %s\n", i18n_get("en", problem));
		sodium_memzero(password, sizeof password);
		rc = 2;
		goto out;
	}
	if (name == NULL)
		name = arena_strndup(a, norm, strcspn(norm, "@"));
	int64_t id = user_create(db, norm, name, role, lang, password);
	sodium_memzero(password, sizeof password);
	if (id == 0) {
		fprintf(stderr, "sanctuary: an account with that email already exists\n");
	} else if (id > 0) {
		printf("created %s account %lld\n", role_name(role), (long long)id);
		rc = 0;
	}
out:
	arena_destroy(a);
	db_close(db);
	return rc;
}

int cmd_user(int argc, char **argv)
{
	if (argc >= 1 && strcmp(argv[0], "add") == 0)
		return user_add(argc - 1, argv + 1);
	if (argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
		printf("usage: sanctuary user add --data DIR --email EMAIL --role ROLE [--name NAME]\n\n"
		       "Manages staff accounts.\n");
		return 0;
	}
	fprintf(stderr, "sanctuary: usage: sanctuary user add --data DIR --email EMAIL --role ROLE\n");
	return 2;
}

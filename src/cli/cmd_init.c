#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "crypto/keys.h"
#include "db/db.h"
#include "db/migrate.h"
#include "i18n/i18n.h"
#include "model/settings.h"

struct init_ctx {
	const char *name, *langs, *default_lang, *tz, *hotline;
};

static enum db_status write_settings(struct db *db, void *p)
{
	struct init_ctx *c = p;
	bool ok = settings_put(db, "group_name", c->name) && settings_put(db, "languages", c->langs) &&
	          settings_put(db, "default_lang", c->default_lang) &&
	          settings_put(db, "timezone", c->tz) && settings_put(db, "hotline", c->hotline);
	return ok ? DB_OK : DB_ERROR;
}

static int invalid(const char *flag, const char *msgid)
{
	fprintf(stderr, "sanctuary: %s: %s\n", flag, i18n_get("en", msgid));
	return 2;
}

int cmd_init(int argc, char **argv)
{
	const char *dir = NULL, *key_file = NULL;
	struct init_ctx c = { "Sanctuary", "en,es,bn,ne,ur", "en", "America/New_York", "" };
	const struct flag flags[] = {
		{ "--data", "DIR", "data folder to create", true, &dir, NULL },
		{ "--name", "NAME", "the group's name", false, &c.name, NULL },
		{ "--languages", "LIST", "enabled languages, e.g. en,es,bn,ne,ur", false, &c.langs, NULL },
		{ "--default-lang", "CODE", "default language (en)", false, &c.default_lang, NULL },
		{ "--timezone", "ZONE", "time zone (America/New_York)", false, &c.tz, NULL },
		{ "--hotline", "NUMBER", "the group's hotline number", false, &c.hotline, NULL },
		{ "--key-file", "PATH", "key file that will unlock the data key (kept outside DIR!)", false, &key_file, NULL },
	};
	enum args_result r = args_parse("sanctuary init --data DIR [options]",
	                                "Creates the data folder, its database and a new data "
	                                "key, wrapped under --key-file or SANCTUARY_PASSPHRASE (without "
	                                "either, a key file is written into DIR, with a warning). "
	                                "Refuses to overwrite an existing database.",
	                                argc, argv, flags, sizeof flags / sizeof flags[0], NULL, 0, NULL);
	if (r != ARGS_OK)
		return args_exit(r);
	if (!i18n_init())
		return 1;
	const char *problem;
	if ((problem = settings_check_name(c.name)))
		return invalid("--name", problem);
	if ((problem = settings_check_langs(c.langs, c.default_lang)))
		return invalid("--languages/--default-lang", problem);
	if ((problem = settings_check_timezone(c.tz)))
		return invalid("--timezone", problem);
	if ((problem = settings_check_hotline(c.hotline)))
		return invalid("--hotline", problem);

	if (cli_mkdirs(dir) != 0) {
		fprintf(stderr, "sanctuary: cannot create %s: %s\n", dir, strerror(errno));
		return 1;
	}
	const char *path = cli_db_path(dir);
	struct stat st;
	if (stat(path, &st) == 0) {
		fprintf(stderr, "sanctuary: %s already exists; refusing to overwrite it\n", path);
		return 1;
	}
	struct key_source src = { key_file, NULL };
	if (key_file == NULL) {
		const char *env = getenv("SANCTUARY_KEY_FILE");
		if (env && *env)
			src.key_file = env;
		else if ((env = getenv("SANCTUARY_PASSPHRASE")) && *env)
			src.passphrase = env;
	}
	if (src.key_file) {
		/* a new key file is created if it does not exist yet */
		struct stat kst;
		if (stat(src.key_file, &kst) != 0 && !keys_write_key_file(src.key_file))
			return 1;
	}
	if (!keys_create(dir, &src))
		return 1;
	struct db *db = db_open(path);
	if (db == NULL)
		return 1;
	chmod(path, 0600);
	if (migrate_up(db, false) < 0 || db_tx(db, write_settings, &c) != DB_OK) {
		fprintf(stderr, "sanctuary: could not initialise %s\n", path);
		db_close(db);
		return 1;
	}
	db_close(db);
	printf("created %s\n", path);
	return 0;
}

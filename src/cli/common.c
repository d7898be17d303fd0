#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "app/app.h"
#include "crypto/keys.h"
#include "cli/cli.h"
#include "db/db.h"
#include "db/migrate.h"
#include "i18n/i18n.h"
#include "model/settings.h"

const char *cli_db_path(const char *dir)
{
	static char path[4096];
	snprintf(path, sizeof path, "%s/sanctuary.db", dir);
	return path;
}

struct db *cli_open_data(const char *dir, bool migrate, const char *key_file)
{
	const char *path = cli_db_path(dir);
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "sanctuary: no database at %s (create it with: sanctuary init --data %s)\n",
		        path, dir);
		return NULL;
	}
	if (!i18n_init())
		return NULL;
	struct key_source src;
	if (!keys_loaded() && (!keys_find_source(dir, key_file, &src) || !keys_load(dir, &src)))
		return NULL;
	struct db *db = db_open(path);
	if (db == NULL) {
		fprintf(stderr, "sanctuary: cannot open %s\n", path);
		return NULL;
	}
	if (migrate && migrate_up(db, false) < 0) {
		fprintf(stderr, "sanctuary: migrating %s failed\n", path);
		db_close(db);
		return NULL;
	}
	if (migrate_current(db) < migrate_latest()) {
		fprintf(stderr, "sanctuary: %s needs migrating: sanctuary migrate --data %s\n", path, dir);
		db_close(db);
		return NULL;
	}
	settings_load(db);
	return db;
}

int cli_mkdirs(const char *dir)
{
	char path[4096];
	if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(path, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

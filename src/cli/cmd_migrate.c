#include <stdio.h>
#include <sys/stat.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "db/db.h"
#include "db/migrate.h"

int cmd_migrate(int argc, char **argv)
{
	const char *dir = NULL;
	const struct flag flags[] = {
		{ "--data", "DIR", "data folder", true, &dir, NULL },
	};
	enum args_result r = args_parse("sanctuary migrate --data DIR",
	                                "Applies the database migrations this version has and the "
	                                "database does not, each in its own transaction.",
	                                argc, argv, flags, 1, NULL, 0, NULL);
	if (r != ARGS_OK)
		return args_exit(r);
	struct stat st;
	if (stat(cli_db_path(dir), &st) != 0) {
		fprintf(stderr, "sanctuary: no database at %s (create it with: sanctuary init --data %s)\n",
		        cli_db_path(dir), dir);
		return 1;
	}
	struct db *db = db_open(cli_db_path(dir));
	if (db == NULL)
		return 1;
	int applied = migrate_up(db, true);
	int version = migrate_current(db);
	db_close(db);
	if (applied < 0)
		return 1;
	printf("database at version %d (%d migration%s applied)\n", version, applied,
	       applied == 1 ? "" : "s");
	return 0;
}

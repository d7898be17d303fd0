#include <stdio.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "db/db.h"

int cmd_demo(int argc, char **argv)
{
	const char *dir = NULL, *key_file = NULL;
	const struct flag flags[] = {
		{ "--data", "DIR", "data folder", true, &dir, NULL },
		KEY_FILE_FLAG(key_file),
	};
	enum args_result r = args_parse("sanctuary demo --data DIR",
	                                "Fills the data folder with demo content. Safe to run again: "
	                                "nothing is duplicated.",
	                                argc, argv, flags, sizeof flags / sizeof flags[0], NULL, 0, NULL);
	if (r != ARGS_OK)
		return args_exit(r);
	struct db *db = cli_open_data(dir, true, key_file);
	if (db == NULL)
		return 1;
	int rc = demo_fill(db);
	db_close(db);
	return rc;
}

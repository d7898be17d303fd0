/* Subcommands of the sanctuary binary; each returns the process exit
 * code. */
#ifndef SANCTUARY_CLI_H
#define SANCTUARY_CLI_H

#include <stdbool.h>

struct db;

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_rotate_key(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_people(int argc, char **argv);
int cmd_messages(int argc, char **argv);
int cmd_mobilization(int argc, char **argv);

/* Opens DIR/sanctuary.db (which must exist), unlocks the data key (from
 * key_file, the environment, DIR/sanctuary.key or a prompt: see
 * crypto/keys.h), applies pending migrations when `migrate`, and loads
 * catalogs and settings. Prints a message and returns NULL on failure.
 * The caller closes it with db_close(). */
struct db *cli_open_data(const char *dir, bool migrate, const char *key_file);

/* The --key-file flag every command that opens data accepts. */
#define KEY_FILE_FLAG(var) \
	{ "--key-file", "PATH", "file holding the key that unlocks the data key", false, &(var), NULL }
/* mkdir -p with mode 0700; 0 or -1 with errno. */
int cli_mkdirs(const char *dir);
/* Path of the database in DIR, in a static buffer. */
const char *cli_db_path(const char *dir);

/* Fills demo content; idempotent. Prints the demo sign-in the first time. */
int demo_fill(struct db *db);
/* Demo messages (welcomes, a STOP reply): cli/demo_messaging.c. */
int demo_fill_messaging(struct db *db);

#endif

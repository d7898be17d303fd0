/* sanctuary: one binary, subcommands for every operation. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#ifndef SANCTUARY_VERSION
#define SANCTUARY_VERSION "dev"
#endif

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "init", cmd_init, "create a data folder and its database" },
	{ "serve", cmd_serve, "run the web server" },
	{ "demo", cmd_demo, "fill a data folder with demo content (idempotent)" },
	{ "migrate", cmd_migrate, "apply pending database migrations" },
	{ "user", cmd_user, "manage staff accounts (user add)" },
	{ "people", cmd_people, "import or export people as CSV (people import|export)" },
	{ "messages", cmd_messages, "the outbox: counts, test messages (messages status|test)" },
	{ "token", cmd_token, "create an API token (token create)" },
	{ "backup", cmd_backup, "write an encrypted snapshot of the database" },
	{ "restore", cmd_restore, "restore a backup into a new data folder" },
	{ "rotate-key", cmd_rotate_key, "re-wrap the data key under a new passphrase or key file" },
	{ "audit", cmd_audit, "check the audit log's hash chain (audit verify)" },
	{ "routes", cmd_routes, "list every route with its access and permission" },
	{ "mobilization", cmd_mobilization, "mobilization tools (mobilization messages|reply|bench)" },
};

static int version(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf("usage: sanctuary version\n\nprint the version\n");
			return 0;
		}
		fprintf(stderr, "sanctuary: unknown option '%s'\nusage: sanctuary version\n", argv[i]);
		return 2;
	}
	printf("sanctuary %s\n", SANCTUARY_VERSION);
	return 0;
}

static void usage(FILE *out)
{
	fprintf(out, "usage: sanctuary COMMAND [OPTIONS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "  %-10s %s\n", "version", "print the version");
	fprintf(out, "\nsanctuary COMMAND --help shows a command's options.\n");
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "sanctuary: libsodium failed to start\n");
		return 1;
	}
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(name, "version") == 0 || strcmp(name, "--version") == 0)
		return version(argc - 2, argv + 2);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, name) == 0)
			return commands[i].run(argc - 2, argv + 2);
	fprintf(stderr, "sanctuary: unknown command '%s'\n", name);
	usage(stderr);
	return 2;
}

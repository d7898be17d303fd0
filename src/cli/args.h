/* Command-line flags for the subcommands, declared as tables. Every
 * subcommand gets --help, a clear message for an unknown flag or a
 * missing value, and a non-zero exit on error. */
#ifndef SANCTUARY_ARGS_H
#define SANCTUARY_ARGS_H

#include <stdbool.h>
#include <stddef.h>

struct flag {
	const char *name;      /* "--data" */
	const char *metavar;   /* "DIR"; NULL for a switch */
	const char *help;
	bool required;
	const char **value;    /* set for flags with a value */
	bool *on;              /* set for switches */
};

enum args_result { ARGS_OK, ARGS_HELP, ARGS_ERROR };

/* Parses argv (after the subcommand name). Prints help to stdout on
 * --help, errors to stderr. `positional` (may be NULL) receives at most
 * `max_positional` non-flag arguments and their count. */
enum args_result args_parse(const char *usage, const char *summary, int argc, char **argv,
                            const struct flag *flags, size_t n_flags, const char **positional,
                            size_t max_positional, size_t *n_positional);

/* Exit code for a result: 0 for help, 2 for errors. */
int args_exit(enum args_result r);

#endif

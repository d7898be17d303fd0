#include "cli/args.h"

#include <stdio.h>
#include <string.h>

static void print_help(FILE *out, const char *usage, const char *summary,
                       const struct flag *flags, size_t n)
{
	fprintf(out, "usage: %s\n\n%s\n\n", usage, summary);
	for (size_t i = 0; i < n; i++) {
		char left[64];
		snprintf(left, sizeof left, "%s%s%s", flags[i].name, flags[i].metavar ? " " : "",
		         flags[i].metavar ? flags[i].metavar : "");
		fprintf(out, "  %-24s %s%s\n", left, flags[i].help, flags[i].required ? " (required)" : "");
	}
	fprintf(out, "  %-24s %s\n", "--help", "show this help");
}

enum args_result args_parse(const char *usage, const char *summary, int argc, char **argv,
                            const struct flag *flags, size_t n_flags, const char **positional,
                            size_t max_positional, size_t *n_positional)
{
	size_t npos = 0;
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			print_help(stdout, usage, summary, flags, n_flags);
			return ARGS_HELP;
		}
		if (arg[0] != '-' || strcmp(arg, "-") == 0) {
			if (positional == NULL || npos == max_positional) {
				fprintf(stderr, "sanctuary: unexpected argument '%s'\nusage: %s\n", arg, usage);
				return ARGS_ERROR;
			}
			positional[npos++] = arg;
			continue;
		}
		/* --flag=value or --flag value */
		const char *eq = strchr(arg, '=');
		size_t name_len = eq ? (size_t)(eq - arg) : strlen(arg);
		const struct flag *f = NULL;
		for (size_t k = 0; k < n_flags; k++)
			if (strlen(flags[k].name) == name_len && strncmp(flags[k].name, arg, name_len) == 0)
				f = &flags[k];
		if (f == NULL) {
			fprintf(stderr, "sanctuary: unknown option '%.*s'\nusage: %s\n", (int)name_len, arg,
			        usage);
			return ARGS_ERROR;
		}
		if (f->metavar == NULL) {
			if (eq) {
				fprintf(stderr, "sanctuary: option '%s' takes no value\n", f->name);
				return ARGS_ERROR;
			}
			*f->on = true;
			continue;
		}
		const char *value = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
		if (value == NULL || (!eq && value[0] == '-' && value[1] == '-')) {
			fprintf(stderr, "sanctuary: option '%s' needs a value (%s)\n", f->name, f->metavar);
			return ARGS_ERROR;
		}
		if (value[0] == '\0') {
			fprintf(stderr, "sanctuary: option '%s' needs a non-empty value (%s)\n", f->name,
			        f->metavar);
			return ARGS_ERROR;
		}
		*f->value = value;
	}
	for (size_t k = 0; k < n_flags; k++)
		if (flags[k].required && flags[k].value && *flags[k].value == NULL) {
			fprintf(stderr, "sanctuary: missing required option %s %s\nusage: %s\n",
			        flags[k].name, flags[k].metavar, usage);
			return ARGS_ERROR;
		}
	if (n_positional)
		*n_positional = npos;
	return ARGS_OK;
}

int args_exit(enum args_result r)
{
	return r == ARGS_HELP ? 0 : 2;
}

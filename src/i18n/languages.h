/* Languages people speak (not only the site's UI languages): the codes
 * offered on forms, each with its own name in its own script, so anyone
 * can find theirs whatever language the page is in. Jackson Heights'
 * languages first. */
#ifndef SANCTUARY_LANGUAGES_H
#define SANCTUARY_LANGUAGES_H

#include <stdbool.h>
#include <stddef.h>

struct spoken_language {
	const char *code;     /* BCP 47 */
	const char *endonym;  /* its own name */
};

size_t spoken_languages(const struct spoken_language **out);
bool spoken_language_known(const char *code);
/* NULL-terminated list of codes, for FIELD_CHOICES specs. */
const char *const *spoken_language_codes(void);
const char *spoken_language_name(const char *code);

#endif

/* Accept-Language negotiation (RFC 9110 §12.5.4, RFC 4647 "lookup").
 *
 * Given the header and the group's enabled language codes (lowercase
 * primary subtags such as "en", "es", "bn", "ne", "ur"), returns the index
 * of the best enabled language, or -1 when nothing acceptable matches.
 * Ranges are compared case-insensitively and by prefix ("es-MX" matches
 * "es"); q=0 excludes; ties keep header order; "*" matches the first
 * enabled language not otherwise listed. At most 32 ranges are read. */
#ifndef SANCTUARY_NEGOTIATE_H
#define SANCTUARY_NEGOTIATE_H

#include <stddef.h>

int lang_negotiate(const char *accept_language, const char *const *enabled, size_t n_enabled);

/* True if s is a plausible language code we might enable: 2–3 lowercase
 * ASCII letters. */
int lang_code_valid(const char *s);

#endif

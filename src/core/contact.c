#include "core/contact.h"

#include <string.h>

#include "core/arena.h"
#include "core/text.h"
#include "i18n/msgid.h"

const char *email_problem(const char *email)
{
	size_t n = email ? strlen(email) : 0;
	if (n == 0)
		return N_("field.required");
	if (n > 254)
		return N_("field.too_long");
	const char *at = strchr(email, '@');
	if (at == NULL || at == email || strchr(at + 1, '@') || !strchr(at + 1, '.') ||
	    at[1] == '.' || email[n - 1] == '.' || strpbrk(email, " \t\r\n<>\"(),;:\\[]"))
		return N_("field.email_invalid");
	return NULL;
}

char *email_normalize(struct arena *a, const char *email)
{
	char *e = text_trim(arena_strdup(a, email ? email : ""));
	for (char *p = e; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return e;
}


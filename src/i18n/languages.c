#include "i18n/languages.h"

#include <string.h>

static const struct spoken_language list[] = {
	{ "en", "English" },        { "es", "Español" },       { "bn", "বাংলা" },
	{ "ne", "नेपाली" },          { "ur", "اردو" },          { "hi", "हिन्दी" },
	{ "pa", "ਪੰਜਾਬੀ" },          { "bo", "བོད་ཡིག" },       { "ar", "العربية" },
	{ "zh", "中文" },            { "tl", "Tagalog" },       { "fr", "Français" },
	{ "ht", "Kreyòl ayisyen" }, { "qu", "Runasimi" },      { "pt", "Português" },
	{ "ko", "한국어" },          { "gu", "ગુજરાતી" },        { "ta", "தமிழ்" },
};
#define N (sizeof list / sizeof list[0])

static const char *const codes[] = {
	"en", "es", "bn", "ne", "ur", "hi", "pa", "bo", "ar", "zh", "tl", "fr", "ht", "qu", "pt", "ko",
	"gu", "ta", NULL,
};
_Static_assert(sizeof codes / sizeof codes[0] == N + 1, "codes[] must list every language");

size_t spoken_languages(const struct spoken_language **out)
{
	*out = list;
	return N;
}

const char *const *spoken_language_codes(void)
{
	return codes;
}

bool spoken_language_known(const char *code)
{
	return spoken_language_name(code) != NULL;
}

const char *spoken_language_name(const char *code)
{
	for (size_t i = 0; code && i < N; i++)
		if (strcmp(list[i].code, code) == 0)
			return list[i].endonym;
	return NULL;
}

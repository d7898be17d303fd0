#include "messaging/keywords.h"

#include <stdbool.h>
#include <string.h>

#include "core/arena.h"
#include "core/text.h"

struct word {
	enum sms_keyword kind;
	const char *lang;
	const char *text; /* as folded by normalize(): lower case, single spaces */
};

/* English are the US carriers' words (CTIA). Others: native script and the
 * transliterations people type on Latin keyboards. */
static const struct word words[] = {
	{ SMS_KW_STOP, "en", "stop" }, { SMS_KW_STOP, "en", "stopall" },
	{ SMS_KW_STOP, "en", "stop all" }, { SMS_KW_STOP, "en", "end" },
	{ SMS_KW_STOP, "en", "cancel" }, { SMS_KW_STOP, "en", "unsubscribe" },
	{ SMS_KW_STOP, "en", "quit" }, { SMS_KW_STOP, "en", "revoke" },
	{ SMS_KW_STOP, "en", "opt out" }, { SMS_KW_STOP, "en", "optout" },
	{ SMS_KW_STOP, "es", "baja" }, { SMS_KW_STOP, "es", "parar" },
	{ SMS_KW_STOP, "es", "para" }, { SMS_KW_STOP, "es", "cancelar" },
	{ SMS_KW_STOP, "es", "detener" }, { SMS_KW_STOP, "es", "alto" },
	{ SMS_KW_STOP, "es", "basta" }, { SMS_KW_STOP, "es", "no mas" },
	{ SMS_KW_STOP, "es", "dar de baja" }, { SMS_KW_STOP, "es", "darme de baja" },
	{ SMS_KW_STOP, "bn", "বন্ধ" }, { SMS_KW_STOP, "bn", "বন্ধ করুন" },
	{ SMS_KW_STOP, "bn", "বন্ধ করো" }, { SMS_KW_STOP, "bn", "থামুন" },
	{ SMS_KW_STOP, "bn", "থামো" }, { SMS_KW_STOP, "bn", "বাতিল" },
	{ SMS_KW_STOP, "bn", "bondho" }, { SMS_KW_STOP, "bn", "bondo" },
	{ SMS_KW_STOP, "bn", "bandho" }, { SMS_KW_STOP, "bn", "bondho koren" },
	{ SMS_KW_STOP, "bn", "bondho koro" }, { SMS_KW_STOP, "bn", "thamun" },
	{ SMS_KW_STOP, "bn", "thamo" }, { SMS_KW_STOP, "bn", "batil" },
	{ SMS_KW_STOP, "ne", "रोक" }, { SMS_KW_STOP, "ne", "रोक्नुहोस्" },
	{ SMS_KW_STOP, "ne", "बन्द" }, { SMS_KW_STOP, "ne", "बन्द गर्नुहोस्" },
	{ SMS_KW_STOP, "ne", "रद्द" }, { SMS_KW_STOP, "ne", "rok" },
	{ SMS_KW_STOP, "ne", "roknuhos" }, { SMS_KW_STOP, "ne", "roknuhosh" },
	{ SMS_KW_STOP, "ne", "banda" }, { SMS_KW_STOP, "ne", "banda garnuhos" },
	{ SMS_KW_STOP, "ne", "radda" },
	{ SMS_KW_STOP, "ur", "بند" }, { SMS_KW_STOP, "ur", "بند کریں" },
	{ SMS_KW_STOP, "ur", "بند کرو" }, { SMS_KW_STOP, "ur", "روکیں" },
	{ SMS_KW_STOP, "ur", "روکو" }, { SMS_KW_STOP, "ur", "منسوخ" },
	{ SMS_KW_STOP, "ur", "band" }, { SMS_KW_STOP, "ur", "band karein" },
	{ SMS_KW_STOP, "ur", "band karen" }, { SMS_KW_STOP, "ur", "band karo" },
	{ SMS_KW_STOP, "ur", "roko" }, { SMS_KW_STOP, "ur", "rokein" },
	{ SMS_KW_STOP, "ur", "mansookh" }, { SMS_KW_STOP, "ur", "mansukh" },
	{ SMS_KW_START, "en", "start" }, { SMS_KW_START, "en", "unstop" },
	{ SMS_KW_START, "en", "resume" },
	{ SMS_KW_START, "es", "alta" }, { SMS_KW_START, "es", "inicio" },
	{ SMS_KW_START, "es", "empezar" },
	{ SMS_KW_START, "bn", "শুরু" }, { SMS_KW_START, "bn", "shuru" },
	{ SMS_KW_START, "ne", "सुरु" }, { SMS_KW_START, "ne", "suru" },
	{ SMS_KW_START, "ur", "شروع" },
	{ SMS_KW_HELP, "en", "help" }, { SMS_KW_HELP, "en", "info" },
	{ SMS_KW_HELP, "es", "ayuda" }, { SMS_KW_HELP, "es", "informacion" },
	{ SMS_KW_HELP, "bn", "সাহায্য" }, { SMS_KW_HELP, "bn", "sahajjo" },
	{ SMS_KW_HELP, "bn", "shahajjo" },
	{ SMS_KW_HELP, "ne", "मद्दत" }, { SMS_KW_HELP, "ne", "सहायता" },
	{ SMS_KW_HELP, "ne", "maddat" }, { SMS_KW_HELP, "ne", "sahayata" },
	{ SMS_KW_HELP, "ur", "مدد" }, { SMS_KW_HELP, "ur", "madad" },
};

#define MAX_KEYWORD_BYTES 160

/* Separators: ASCII space and punctuation, plus the danda (U+0964, U+0965)
 * and the Urdu full stop (U+06D4), Arabic comma (U+060C), and ¡ ¿. */
static size_t separator_len(const unsigned char *s, size_t left)
{
	if (s[0] < 0x80) {
		unsigned char c = s[0];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f' ||
		    c == '.' || c == ',' || c == '!' || c == '?' || c == '-' || c == '_' ||
		    c == '"' || c == '\'' || c == ';' || c == ':' || c == '*' || c == '(' || c == ')')
			return 1;
		return 0;
	}
	if (left >= 3 && s[0] == 0xE0 && s[1] == 0xA5 && (s[2] == 0xA4 || s[2] == 0xA5))
		return 3;
	if (left >= 2 && s[0] == 0xDB && s[1] == 0x94)
		return 2;
	if (left >= 2 && s[0] == 0xD8 && s[1] == 0x8C)
		return 2;
	if (left >= 2 && s[0] == 0xC2 && (s[1] == 0xA1 || s[1] == 0xBF || s[1] == 0xA0))
		return 2;
	return 0;
}

/* Folds (case, Latin accents, NFKD as text_fold does), then turns every
 * run of separators into one space and trims both ends. */
static char *normalize(struct arena *a, const char *s)
{
	char *folded = text_fold(a, s);
	if (folded == NULL)
		return NULL;
	size_t n = strlen(folded);
	char *out = arena_alloc(a, n + 1);
	size_t o = 0;
	bool pending_space = false;
	for (size_t i = 0; i < n;) {
		size_t sep = separator_len((const unsigned char *)folded + i, n - i);
		if (sep) {
			pending_space = o > 0;
			i += sep;
			continue;
		}
		if (pending_space) {
			out[o++] = ' ';
			pending_space = false;
		}
		out[o++] = folded[i++];
	}
	out[o] = '\0';
	return out;
}

enum sms_keyword sms_keyword_match(const char *body, size_t len, const char **lang)
{
	if (lang)
		*lang = NULL;
	if (body == NULL || len == 0 || len > MAX_KEYWORD_BYTES || !text_valid_utf8(body, len))
		return SMS_KW_NONE;
	struct arena *a = arena_new(2048);
	char *copy = arena_strndup(a, body, len);
	char *text = normalize(a, copy);
	enum sms_keyword found = SMS_KW_NONE;
	if (text && *text) {
		for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
			/* the table is written folded for Latin; fold the others the
			 * same way so both sides agree on normalization forms */
			const char *w = words[i].text;
			if ((unsigned char)w[0] >= 0x80)
				w = normalize(a, w);
			if (w && strcmp(text, w) == 0) {
				found = words[i].kind;
				if (lang)
					*lang = words[i].lang;
				break;
			}
		}
	}
	arena_destroy(a);
	return found;
}

/* SMS keywords: a reply that is only an opt-out, opt-in or help word, in
 * any language we know (carrier rules: the whole message is the word,
 * case, accents, surrounding spaces and punctuation aside). Matching all
 * languages at once errs on the side of stopping. */
#ifndef SANCTUARY_KEYWORDS_H
#define SANCTUARY_KEYWORDS_H

#include <stddef.h>

enum sms_keyword { SMS_KW_NONE, SMS_KW_STOP, SMS_KW_START, SMS_KW_HELP };

/* Classifies body[0..len). *lang (may be NULL) gets the language the word
 * belongs to ("en", "es", "bn", "ne", "ur"), or NULL with SMS_KW_NONE.
 * Invalid UTF-8 or long text is never a keyword. */
enum sms_keyword sms_keyword_match(const char *body, size_t len, const char **lang);

#endif

/* Phone numbers as people type them, normalized to E.164 ("+<digits>").
 *
 * Typed numbers may carry spaces, dots, dashes (also Unicode ones),
 * parentheses, invisible direction marks, a "tel:" prefix, and digits from
 * Bengali, Devanagari, Arabic-Indic, Extended Arabic-Indic (Urdu), Tibetan
 * or fullwidth forms, which become ASCII.
 * International numbers start with "+", "00" or, in the US, "011".
 * Anything else — letters, extensions ("x", "ext", "#", ";ext="), "/", ","
 * between two numbers — is refused: an extension cannot receive a text.
 *
 * Only the US (NANP) region parses national numbers: 10 digits, or 11 with
 * a leading 1, with NANP area code and exchange rules. A national number
 * that cannot be a US one (a leading trunk 0, as in the Bangladeshi
 * 01712-345678, or 12+ digits) asks for the country code instead of being
 * guessed. Other regions take international numbers only.
 *
 * After "+", numbers are checked lightly: 8-15 digits (E.164), NANP rules
 * for +1, and national lengths for the countries our neighbors call (+880,
 * +977, +92, +91, +52, +57, +593, +502, +503, +504). A trunk "0" typed
 * after +880/+977/+92/+91/+593 and Mexico's retired mobile "1" after +52
 * are dropped. */
#ifndef SANCTUARY_PHONE_H
#define SANCTUARY_PHONE_H

struct arena;

/* "+<8..15 ASCII digits>" in `a`, or NULL with *problem_msgid set to one of
 * "field.required" (blank), "phone.invalid", "phone.too_short",
 * "phone.too_long", "phone.needs_area_code" (7-digit US local number) or
 * "phone.needs_country_code". `default_region` is an ISO 3166 code; NULL or
 * "" means "US". Normalizing a result again gives the same string.
 * `problem_msgid` may be NULL. */
const char *phone_normalize(struct arena *a, const char *typed, const char *default_region,
                            const char **problem_msgid);

/* `e164` grouped for people: "+1 718-555-0142", "+880 1712-345678",
 * "+91 98765 43210", and for other countries groups of 2-4 digits ending in
 * 4 ("+33 12 345 6789"). Input that is not "+<digits>" is copied as is (NULL gives "").
 * The result is left-to-right text: RTL pages should isolate it (<bdi>). */
char *phone_display(struct arena *a, const char *e164);

#endif

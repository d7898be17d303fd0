/* Text rules for everything that enters Sanctuary.
 *
 * Input must be valid UTF-8 without NUL bytes (anything else is a 400).
 * Stored text is NFC. Search keys are "folded": case-folded, compatibility
 * decomposed, with accents stripped from Latin, Greek and Cyrillic letters
 * only — combining marks are letters' vowel signs in Bengali, Devanagari or
 * Urdu, so stripping them there would merge different words. */
#ifndef SANCTUARY_TEXT_H
#define SANCTUARY_TEXT_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF) and contains no NUL byte. */
bool text_valid_utf8(const char *s, size_t n);

/* NFC form of s (which must be valid UTF-8), allocated in `a`. */
char *text_nfc(struct arena *a, const char *s);

/* Search key for s: see the file comment. Allocated in `a`. */
char *text_fold(struct arena *a, const char *s);

/* Number of code points in valid UTF-8 s[0..n). */
size_t text_codepoints(const char *s, size_t n);

/* Strip leading/trailing ASCII whitespace in place; returns s. */
char *text_trim(char *s);

#endif

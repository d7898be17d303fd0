/* Message texts written once with a translation per language: which
 * language each recipient gets, and filling {placeholders}. For features
 * that send to many people (mobilizations, reminders) before they call
 * outbox_enqueue(). */
#ifndef SANCTUARY_MSGTEXT_H
#define SANCTUARY_MSGTEXT_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct arena;

/* Among `available` (the languages the text exists in), the one for this
 * person: their preferred language, else a language they speak (in the
 * order recorded), else the group's default, else available[0]. NULL only
 * when n == 0. person_id 0: the group's default. */
const char *msgtext_pick_lang(struct db *db, int64_t person_id, const char *const *available,
                              size_t n);

/* `text` with each {name} replaced by its value from the NULL-terminated
 * name, value pairs; an unknown {name} stays as written, "{{" is a literal
 * "{". Plain text (messages are not HTML). */
char *msgtext_fill(struct arena *a, const char *text, ...) __attribute__((sentinel));

#endif

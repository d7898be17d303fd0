/* Shared by the public and staff event pages. */
#ifndef SANCTUARY_EVENTS_SHARED_H
#define SANCTUARY_EVENTS_SHARED_H

#include <stdbool.h>
#include <stdint.h>

struct request;
struct view;
struct arena;
struct event;
struct content_text;

/* An event's field in `lang` (or the group's default); "" if none. */
const char *event_text(struct request *req, int64_t id, const char *field, const char *lang,
                       struct content_text *out);
/* "2026-12-05 18:30 – 20:30" in the group's time zone. */
char *event_when(struct arena *a, const struct event *e);
/* Title, text, time, place, interpretation, places left. */
void event_add_common(struct request *req, struct view *v, const struct event *e);

/* The words of messages and calendars for an event in `lang` (an
 * event_words_fn; ctx is the request). */
struct event_words;
bool event_words_for(struct arena *a, int64_t event_id, const char *lang, struct event_words *w,
                     const char **ics, void *ctx);

#endif

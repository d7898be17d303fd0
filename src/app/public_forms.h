/* What the public petition and event pages share: a signed time stamp in
 * each form (a minimum time on the page, proof the form came from us, no
 * cookie needed so the page can be cached whole), the site's own address
 * for links in messages and QR codes, and times in the group's zone. */
#ifndef SANCTUARY_PUBLIC_FORMS_H
#define SANCTUARY_PUBLIC_FORMS_H

#include <stdbool.h>
#include <stdint.h>

struct request;
struct arena;

/* A form needs at least this long between being drawn and sent. A cached
 * page is at most PUBLIC_PAGE_MAX_AGE old, so a visitor waits at least
 * FORM_MIN_SECONDS - PUBLIC_PAGE_MAX_AGE. */
#define FORM_MIN_SECONDS 3
#define FORM_MAX_SECONDS (24 * 3600)
#define PUBLIC_PAGE_MAX_AGE 1

/* "time.mac" for a form about (purpose, id), drawn at `now`. */
char *form_stamp(struct arena *a, const char *purpose, int64_t id, int64_t now);
enum stamp_check { STAMP_OK, STAMP_BAD, STAMP_TOO_FAST, STAMP_EXPIRED };
enum stamp_check form_stamp_check(const char *stamp, const char *purpose, int64_t id, int64_t now);

/* "https://example.org": SANCTUARY_PUBLIC_URL, else from the Host header
 * (only letters, digits, dots, dashes, a port). */
const char *public_base_url(struct request *req);

/* Sets TZ to the group's zone once (at start-up), so localtime_r gives
 * the group's wall clock. */
void local_time_init(const char *zone);
/* Formats `t` in the group's zone (strftime format). */
char *local_time(struct arena *a, int64_t t, const char *fmt) __attribute__((format(strftime, 3, 0)));
/* Parses "YYYY-MM-DDTHH:MM" (an <input type=datetime-local>) or
 * "YYYY-MM-DD" as the group's wall clock; false when malformed. */
bool local_time_parse(const char *s, int64_t *out);

/* True when the browser says the form came from another site. */
bool cross_site_post(const struct request *req);



/* Shared by the petition and event pages. */
struct view;
struct content_text;
/* Paragraphs separated by blank lines, as a list `key` of {text}. */
void view_paragraphs(struct view *v, const char *key, const char *text);
/* A petition's field in the visitor's language (or the fallback); "" if none. */
const char *petition_text(struct request *req, int64_t id, const char *field, struct content_text *out);
#endif

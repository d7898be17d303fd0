/* iCalendar (RFC 5545) writing: CRLF line ends, lines folded at 75
 * octets without splitting a UTF-8 character, TEXT values escaped
 * (backslash, semicolon, comma, newline), times in UTC with Z. Only a
 * producer: Sanctuary never parses calendars. */
#ifndef SANCTUARY_ICS_H
#define SANCTUARY_ICS_H

#include <stdbool.h>
#include <stdint.h>

struct buf;

struct ics_event {
	const char *uid;
	int64_t dtstamp, starts_at, ends_at;
	const char *summary, *description, *location, *url;
	int64_t sequence;
	bool cancelled;
};

void ics_begin(struct buf *out, const char *method); /* method may be NULL */
void ics_add_event(struct buf *out, const struct ics_event *e);
void ics_end(struct buf *out);

/* One content line "NAME:value" folded; `value` is written as is. */
void ics_line(struct buf *out, const char *name, const char *value);
/* A TEXT property: the value escaped, then folded. */
void ics_text(struct buf *out, const char *name, const char *text);

#endif

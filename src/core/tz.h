/* Wall-clock time in a named zone ("America/New_York") to and from UTC
 * epoch seconds, through the system's tz database. Dates are stored in
 * UTC and typed and shown in the group's zone.
 *
 * The C library only converts through the TZ variable, so conversions are
 * serialized under one lock and TZ is set back to UTC after each; nothing
 * else in the program uses local time (logs and page_time are UTC). */
#ifndef SANCTUARY_TZ_H
#define SANCTUARY_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parses "YYYY-MM-DD" and "HH:MM" (or "YYYY-MM-DDTHH:MM" in `date` with
 * `time` NULL, as a datetime-local input sends) as wall-clock time in
 * `zone`; false when malformed or out of range. */
bool tz_parse_local(const char *zone, const char *date, const char *time, int64_t *out);
/* Formats `t` in `zone`: "2026-11-28 09:00" (minute) into out. */
void tz_format(const char *zone, int64_t t, char *out, size_t cap);
/* The local date and time parts separately ("2026-11-28", "09:00"). */
void tz_format_parts(const char *zone, int64_t t, char date[11], char hm[6]);

#endif

#include <stdio.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "model/ics.h"

void ics_line(struct buf *out, const char *name, const char *value)
{
	/* the whole unfolded line, then cut into ≤75-octet pieces */
	size_t nlen = strlen(name), vlen = value ? strlen(value) : 0;
	size_t total = nlen + 1 + vlen, pos = 0, limit = 75;
	while (pos < total) {
		size_t take = total - pos < limit ? total - pos : limit;
		/* never split a UTF-8 sequence: back up to a lead byte */
		while (pos + take < total && take > 1) {
			size_t at = pos + take;
			unsigned char c = at < nlen ? (unsigned char)name[at]
			                 : at == nlen ? ':' : (unsigned char)value[at - nlen - 1];
			if ((c & 0xC0) != 0x80)
				break;
			take--;
		}
		for (size_t i = pos; i < pos + take; i++)
			buf_putc(out, i < nlen ? name[i] : i == nlen ? ':' : value[i - nlen - 1]);
		buf_puts(out, "\r\n");
		pos += take;
		if (pos < total) {
			buf_putc(out, ' ');
			limit = 74;
		}
	}
}

void ics_text(struct buf *out, const char *name, const char *text)
{
	struct buf v;
	buf_init(&v, out->arena, 256);
	for (const char *p = text ? text : ""; *p; p++) {
		switch (*p) {
		case '\\': buf_puts(&v, "\\\\"); break;
		case ';': buf_puts(&v, "\\;"); break;
		case ',': buf_puts(&v, "\\,"); break;
		case '\n': buf_puts(&v, "\\n"); break;
		case '\r': break;
		default:
			if ((unsigned char)*p >= 0x20 || *p == '\t')
				buf_putc(&v, *p);
		}
	}
	ics_line(out, name, v.data);
}

static void utc(char out[17], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm);
}

void ics_begin(struct buf *out, const char *method)
{
	ics_line(out, "BEGIN", "VCALENDAR");
	ics_line(out, "VERSION", "2.0");
	ics_line(out, "PRODID", "-//Sanctuary//Events//EN");
	ics_line(out, "CALSCALE", "GREGORIAN");
	if (method)
		ics_line(out, "METHOD", method);
}

void ics_add_event(struct buf *out, const struct ics_event *e)
{
	char t[17];
	ics_line(out, "BEGIN", "VEVENT");
	ics_text(out, "UID", e->uid);
	utc(t, e->dtstamp);
	ics_line(out, "DTSTAMP", t);
	utc(t, e->starts_at);
	ics_line(out, "DTSTART", t);
	utc(t, e->ends_at);
	ics_line(out, "DTEND", t);
	char seq[24];
	snprintf(seq, sizeof seq, "%lld", (long long)e->sequence);
	ics_line(out, "SEQUENCE", seq);
	ics_text(out, "SUMMARY", e->summary);
	if (e->description && *e->description)
		ics_text(out, "DESCRIPTION", e->description);
	if (e->location && *e->location)
		ics_text(out, "LOCATION", e->location);
	if (e->url && *e->url)
		ics_line(out, "URL", e->url);
	ics_line(out, "STATUS", e->cancelled ? "CANCELLED" : "CONFIRMED");
	ics_line(out, "END", "VEVENT");
}

void ics_end(struct buf *out)
{
	ics_line(out, "END", "VCALENDAR");
}

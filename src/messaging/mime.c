#include "messaging/mime.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"

static bool plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7E)
			return false;
	return true;
}

/* Length of the UTF-8 sequence starting with byte c (1 for stray bytes). */
static size_t seq_len(unsigned char c)
{
	if (c >= 0xF0 && c < 0xF8)
		return 4;
	if (c >= 0xE0)
		return c < 0xF0 ? 3 : 1;
	if (c >= 0xC0)
		return 2;
	return 1;
}

static void put_base64(struct buf *b, const unsigned char *p, size_t n)
{
	size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *tmp = arena_alloc(b->arena, cap);
	sodium_bin2base64(tmp, cap, p, n, sodium_base64_VARIANT_ORIGINAL);
	buf_puts(b, tmp);
}

char *mime_header_encode(struct arena *a, const char *text)
{
	if (text == NULL)
		return arena_strdup(a, "");
	/* control characters (header injection) become spaces */
	char *clean = arena_strdup(a, text);
	for (char *p = clean; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F)
			*p = ' ';
	/* text that looks like an encoded word is encoded too, or a reader
	 * would decode it */
	if (plain_ascii(clean) && strlen(clean) <= 900 && strstr(clean, "=?") == NULL)
		return clean;
	/* "=?UTF-8?B?" + base64 + "?=" <= 75 chars: 63 base64 chars max, so 45
	 * input bytes per word (60 chars). */
	struct buf b;
	buf_init(&b, a, strlen(clean) * 2 + 32);
	size_t n = strlen(clean), i = 0;
	bool first = true;
	while (i < n) {
		size_t take = 0;
		while (i + take < n) {
			size_t l = seq_len((unsigned char)clean[i + take]);
			if (i + take + l > n)
				l = n - i - take;
			if (take + l > 45)
				break;
			take += l;
		}
		if (take == 0) /* cannot happen (sequences are <= 4 bytes) */
			take = 1;
		if (!first)
			buf_puts(&b, "\r\n ");
		first = false;
		buf_puts(&b, "=?UTF-8?B?");
		put_base64(&b, (const unsigned char *)clean + i, take);
		buf_puts(&b, "?=");
		i += take;
	}
	return b.data;
}

static bool atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

static bool dot_atom(const char *s)
{
	if (*s == '\0' || *s == '.' || s[strlen(s) - 1] == '.' || strlen(s) > 200)
		return false;
	for (const char *p = s; *p; p++) {
		if (*p == '.') {
			if (p[1] == '.')
				return false;
		} else if (!atext((unsigned char)*p)) {
			return false;
		}
	}
	return true;
}

char *mime_message_id(struct arena *a, const char *key, const char *domain)
{
	if (domain == NULL || !dot_atom(domain))
		domain = "sanctuary.invalid";
	if (dot_atom(key))
		return arena_printf(a, "<%s@%s>", key, domain);
	size_t n = strlen(key);
	if (n > 200)
		n = 200;
	char *hex = arena_alloc(a, 2 * n + 1);
	sodium_bin2hex(hex, 2 * n + 1, (const unsigned char *)key, n);
	return arena_printf(a, "<x-%s@%s>", hex, domain);
}

static bool header_safe(const char *s)
{
	if (s == NULL)
		return true;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7F)
			return false;
	return true;
}

static bool address_safe(const char *s)
{
	return s && *s && header_safe(s) && strpbrk(s, "<>\" ,;") == NULL && strchr(s, '@');
}

/* base64 body in lines of 76 characters */
static void put_base64_lines(struct buf *b, const void *p, size_t n)
{
	const unsigned char *u = p;
	for (size_t i = 0; i < n; i += 57) {
		size_t take = n - i < 57 ? n - i : 57;
		put_base64(b, u + i, take);
		buf_puts(b, "\r\n");
	}
}

/* Turns lone LF into CRLF so the text part is canonical. */
static char *crlf(struct arena *a, const char *s)
{
	struct buf b;
	buf_init(&b, a, strlen(s) + 64);
	for (const char *p = s; *p; p++) {
		if (*p == '\n' && (p == s || p[-1] != '\r'))
			buf_putc(&b, '\r');
		buf_putc(&b, *p);
	}
	return b.data;
}

static void safe_filename(char *out, size_t cap, const char *name)
{
	size_t o = 0;
	for (const char *p = name ? name : "attachment"; *p && o + 1 < cap; p++) {
		unsigned char c = (unsigned char)*p;
		out[o++] = ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		            c == '.' || c == '-' || c == '_') ? (char)c : '_';
	}
	out[o] = '\0';
	if (o == 0)
		snprintf(out, cap, "attachment");
}

char *mime_build(struct arena *a, const struct mail *m, size_t *len)
{
	if (!address_safe(m->from_addr) || !address_safe(m->to) || !header_safe(m->message_id) ||
	    !header_safe(m->unsubscribe_url) || !header_safe(m->attachment_type))
		return NULL;
	struct buf b;
	size_t body_len = m->body ? strlen(m->body) : 0;
	buf_init(&b, a, body_len * 2 + m->attachment_len * 2 + 1024);
	char date[64];
	time_t t = (time_t)m->date;
	struct tm tm;
	gmtime_r(&t, &tm);
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
		                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	snprintf(date, sizeof date, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday],
	         tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (m->from_name && *m->from_name) {
		char *name = mime_header_encode(a, m->from_name);
		if (plain_ascii(name) && strpbrk(name, "\"\\()<>@,;:[].") == NULL)
			buf_printf(&b, "From: %s <%s>\r\n", name, m->from_addr);
		else if (strncmp(name, "=?", 2) == 0)
			buf_printf(&b, "From: %s <%s>\r\n", name, m->from_addr);
		else {
			buf_puts(&b, "From: \"");
			for (const char *p = name; *p; p++) {
				if (*p == '"' || *p == '\\')
					buf_putc(&b, '\\');
				buf_putc(&b, *p);
			}
			buf_printf(&b, "\" <%s>\r\n", m->from_addr);
		}
	} else {
		buf_printf(&b, "From: %s\r\n", m->from_addr);
	}
	buf_printf(&b, "To: %s\r\n", m->to);
	buf_printf(&b, "Subject: %s\r\n", mime_header_encode(a, m->subject ? m->subject : ""));
	buf_printf(&b, "Date: %s\r\n", date);
	buf_printf(&b, "Message-ID: %s\r\n", m->message_id);
	buf_puts(&b, "MIME-Version: 1.0\r\n");
	if (m->unsubscribe_url) {
		/* RFC 2369 + RFC 8058: one click, by POST, no confirmation page */
		buf_printf(&b, "List-Unsubscribe: <%s>\r\n", m->unsubscribe_url);
		buf_puts(&b, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
		buf_puts(&b, "Precedence: bulk\r\n");
	} else {
		buf_puts(&b, "Auto-Submitted: auto-generated\r\n");
	}
	char *text = crlf(a, m->body ? m->body : "");
	if (m->attachment && m->attachment_len > 0) {
		unsigned char rnd[12];
		randombytes_buf(rnd, sizeof rnd);
		char boundary[40];
		char hex[25];
		sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
		snprintf(boundary, sizeof boundary, "=_s_%s", hex);
		char fname[96];
		safe_filename(fname, sizeof fname, m->attachment_name);
		buf_printf(&b, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n", boundary);
		buf_printf(&b, "--%s\r\n", boundary);
		buf_puts(&b, "Content-Type: text/plain; charset=utf-8\r\n"
		             "Content-Transfer-Encoding: base64\r\n\r\n");
		put_base64_lines(&b, text, strlen(text));
		buf_printf(&b, "--%s\r\n", boundary);
		buf_printf(&b, "Content-Type: %s\r\n",
		           m->attachment_type && *m->attachment_type ? m->attachment_type
		                                                     : "application/octet-stream");
		buf_printf(&b, "Content-Disposition: attachment; filename=\"%s\"\r\n", fname);
		buf_puts(&b, "Content-Transfer-Encoding: base64\r\n\r\n");
		put_base64_lines(&b, m->attachment, m->attachment_len);
		buf_printf(&b, "--%s--\r\n", boundary);
	} else {
		buf_puts(&b, "Content-Type: text/plain; charset=utf-8\r\n"
		             "Content-Transfer-Encoding: base64\r\n\r\n");
		put_base64_lines(&b, text, strlen(text));
	}
	*len = b.len;
	return b.data;
}

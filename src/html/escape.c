#include "html/escape.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"

void escape_html(struct buf *out, const char *s)
{
	const char *run = s;
	for (; *s != '\0'; s++) {
		const char *ent;
		switch (*s) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		default: continue;
		}
		buf_append(out, run, (size_t)(s - run));
		buf_puts(out, ent);
		run = s + 1;
	}
	buf_append(out, run, (size_t)(s - run));
}

static const char hex[] = "0123456789ABCDEF";

static bool url_is_safe(const char *url)
{
	/* Browsers drop leading C0 controls and spaces and ignore tabs and
	 * newlines inside schemes; refuse them outright instead. */
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	if (url[0] == '\0' || url[0] == '?' || url[0] == '#')
		return true;
	if (url[0] == '/')
		return url[1] != '/' && url[1] != '\\';
	if (strchr(url, '\\') != NULL)
		return false;
	size_t scheme = strcspn(url, ":/?#");
	if (url[scheme] != ':')
		return true; /* relative path such as "people/3" */
	static const char *const allowed[] = { "http", "https", "mailto", "tel" };
	for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
		if (strlen(allowed[i]) == scheme && strncasecmp(url, allowed[i], scheme) == 0)
			return true;
	return false;
}

void escape_url_attr(struct buf *out, const char *url)
{
	if (!url_is_safe(url)) {
		buf_putc(out, '#');
		return;
	}
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		unsigned char c = *p;
		if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' ||
		    c == '`') {
			buf_putc(out, '%');
			buf_putc(out, hex[c >> 4]);
			buf_putc(out, hex[c & 15]);
		} else if (c == '&') {
			buf_puts(out, "&amp;");
		} else {
			buf_putc(out, (char)c);
		}
	}
}

void escape_url_component(struct buf *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
			buf_putc(out, (char)c);
		} else {
			buf_putc(out, '%');
			buf_putc(out, hex[c >> 4]);
			buf_putc(out, hex[c & 15]);
		}
	}
}

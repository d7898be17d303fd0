/* Building an email (RFC 5322 + MIME) from an outbox row, and the retry
 * schedule. Pure functions: no I/O, unit-tested and fuzzed. */
#ifndef SANCTUARY_MIME_H
#define SANCTUARY_MIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

/* A header value as RFC 2047 encoded words when it is not plain printable
 * ASCII: "=?UTF-8?B?...?=" words of at most 75 characters, never splitting
 * a UTF-8 sequence, joined by CRLF SPACE (folding). Control characters
 * (CR, LF, ...) become spaces first, so a value can never add a header. */
char *mime_header_encode(struct arena *a, const char *text);

/* The Message-ID for an idempotency key: "<KEY@domain>" when the key is
 * dot-atom text (RFC 5322 3.2.3), else "<x-HEX@domain>" with the key's
 * bytes in hex. Either way it is a function of the key alone. */
char *mime_message_id(struct arena *a, const char *key, const char *domain);

struct mail {
	const char *from_name;   /* display name, may be NULL */
	const char *from_addr;
	const char *to;
	const char *subject;
	const char *body;        /* plain text, UTF-8 */
	const char *message_id;  /* "<...>" */
	const char *unsubscribe_url; /* bulk mail: https one-click URL, or NULL */
	const char *attachment_name; /* optional */
	const char *attachment_type;
	const void *attachment;
	size_t attachment_len;
	int64_t date;            /* epoch seconds */
};

/* The whole message with CRLF line ends, or NULL when an address or the
 * attachment type could inject a header. */
char *mime_build(struct arena *a, const struct mail *m, size_t *len);

#endif

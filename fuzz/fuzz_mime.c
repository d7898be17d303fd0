/* Building an email from arbitrary subject, body, key and address bytes:
 * a header never gains a line break it did not get from us (no header
 * injection), encoded words are 7-bit and at most 75 characters, and
 * a Message-ID is always one "<...@...>" token without spaces. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/text.h"
#include "fuzz_check.h"
#include "messaging/mime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_encoded(const char *h)
{
	/* lines are joined by CRLF SPACE only */
	for (const char *p = h; *p; p++) {
		if (*p == '\r')
			FUZZ_ASSERT(p[1] == '\n' && p[2] == ' ');
		else if (*p == '\n')
			FUZZ_ASSERT(p > h && p[-1] == '\r');
	}
	if (strncmp(h, "=?UTF-8?B?", 10) == 0) {
		for (const char *p = h; *p; p++)
			FUZZ_ASSERT((unsigned char)*p < 0x80);
		const char *w = h;
		while (w) {
			const char *next = strstr(w, "\r\n ");
			size_t len = next ? (size_t)(next - w) : strlen(w);
			FUZZ_ASSERT(len <= 75);
			w = next ? next + 3 : NULL;
		}
	} else {
		FUZZ_ASSERT(strchr(h, '\r') == NULL && strchr(h, '\n') == NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(8192);
	/* fields separated by 0x00 bytes: subject, body, key, to */
	const char *parts[4] = { "", "", "k", "to@example.org" };
	char *copy = arena_memdup(a, data, size);
	size_t start = 0, n = 0;
	for (size_t i = 0; i <= size && n < 4; i++) {
		if (i == size || copy[i] == '\0') {
			parts[n++] = arena_strndup(a, copy + start, i - start);
			start = i + 1;
		}
	}
	char *subject = mime_header_encode(a, parts[0]);
	check_encoded(subject);
	char *mid = mime_message_id(a, parts[2], "example.org");
	FUZZ_ASSERT(mid[0] == '<' && mid[strlen(mid) - 1] == '>' && strchr(mid, '@'));
	for (const char *p = mid; *p; p++)
		FUZZ_ASSERT((unsigned char)*p > 0x20 && (unsigned char)*p < 0x7F);
	struct mail m = {
		.from_name = parts[0], .from_addr = "alerts@example.org", .to = parts[3],
		.subject = parts[0], .body = parts[1], .message_id = mid,
		.unsubscribe_url = "https://example.org/unsubscribe/1.x",
		.attachment_name = parts[2], .attachment_type = "text/calendar",
		.attachment = parts[1], .attachment_len = strlen(parts[1]), .date = 0,
	};
	size_t len;
	char *msg = mime_build(a, &m, &len);
	if (msg) {
		FUZZ_ASSERT(strlen(msg) == len);
		/* the head ends at the first empty line; it has exactly our headers */
		char *end = strstr(msg, "\r\n\r\n");
		FUZZ_ASSERT(end != NULL);
		*end = '\0';
		size_t to_lines = 0;
		for (char *line = msg; line; ) {
			char *next = strstr(line, "\r\n");
			if (next)
				*next = '\0';
			if (strncmp(line, "To:", 3) == 0)
				to_lines++;
			FUZZ_ASSERT(strncasecmp(line, "Bcc:", 4) != 0);
			line = next ? next + 2 : NULL;
		}
		FUZZ_ASSERT(to_lines == 1);
	}
	arena_destroy(a);
	return 0;
}

/* The error registry: every error a user or API client can see is one
 * entry here, with its HTTP status and the message ids of its title and
 * explanation. reply_error() turns an entry into an HTML page in the
 * visitor's language or an RFC 9457 problem+json document under /api/. */
#ifndef SANCTUARY_ERRORS_H
#define SANCTUARY_ERRORS_H

enum err {
	ERR_BAD_REQUEST,
	ERR_BAD_UTF8,
	ERR_MALFORMED_BODY,
	ERR_TOO_MANY_FIELDS,
	ERR_FIELD_TOO_LONG,
	ERR_BAD_JSON,
	ERR_VALIDATION,
	ERR_UNAUTHORIZED,
	ERR_FORBIDDEN,
	ERR_CSRF,
	ERR_NOT_FOUND,
	ERR_METHOD_NOT_ALLOWED,
	ERR_BODY_TOO_LARGE,
	ERR_HEADERS_TOO_LARGE,
	ERR_UNSUPPORTED_MEDIA_TYPE,
	ERR_RATE_LIMITED,
	ERR_INTERNAL,
	ERR_UNAVAILABLE,
	ERR__COUNT
};

struct err_info {
	const char *slug;         /* "not-found": problem type URI is /problems/<slug> */
	unsigned status;
	const char *title_msgid;  /* short title, e.g. "Page not found" */
	const char *detail_msgid; /* what happened and what to do */
};

const struct err_info *err_info(enum err e);

#endif

#include "http/errors.h"
#include "i18n/msgid.h"

static const struct err_info registry[ERR__COUNT] = {
	[ERR_BAD_REQUEST] = { "bad-request", 400, N_("error.bad_request.title"), N_("error.bad_request.detail") },
	[ERR_BAD_UTF8] = { "invalid-text", 400, N_("error.bad_utf8.title"), N_("error.bad_utf8.detail") },
	[ERR_MALFORMED_BODY] = { "malformed-body", 400, N_("error.malformed.title"), N_("error.malformed.detail") },
	[ERR_TOO_MANY_FIELDS] = { "too-many-fields", 400, N_("error.too_many_fields.title"), N_("error.too_many_fields.detail") },
	[ERR_FIELD_TOO_LONG] = { "field-too-long", 400, N_("error.field_too_long.title"), N_("error.field_too_long.detail") },
	[ERR_BAD_JSON] = { "invalid-json", 400, N_("error.bad_json.title"), N_("error.bad_json.detail") },
	[ERR_VALIDATION] = { "validation", 422, N_("error.validation.title"), N_("error.validation.detail") },
	[ERR_UNAUTHORIZED] = { "unauthorized", 401, N_("error.unauthorized.title"), N_("error.unauthorized.detail") },
	[ERR_FORBIDDEN] = { "forbidden", 403, N_("error.forbidden.title"), N_("error.forbidden.detail") },
	[ERR_CSRF] = { "cross-site", 403, N_("error.csrf.title"), N_("error.csrf.detail") },
	[ERR_NOT_FOUND] = { "not-found", 404, N_("error.not_found.title"), N_("error.not_found.detail") },
	[ERR_METHOD_NOT_ALLOWED] = { "method-not-allowed", 405, N_("error.method.title"), N_("error.method.detail") },
	[ERR_BODY_TOO_LARGE] = { "too-large", 413, N_("error.too_large.title"), N_("error.too_large.detail") },
	[ERR_HEADERS_TOO_LARGE] = { "headers-too-large", 431, N_("error.headers_too_large.title"), N_("error.headers_too_large.detail") },
	[ERR_UNSUPPORTED_MEDIA_TYPE] = { "unsupported-media-type", 415, N_("error.media_type.title"), N_("error.media_type.detail") },
	[ERR_RATE_LIMITED] = { "rate-limited", 429, N_("error.rate_limited.title"), N_("error.rate_limited.detail") },
	[ERR_INTERNAL] = { "internal", 500, N_("error.internal.title"), N_("error.internal.detail") },
	[ERR_UNAVAILABLE] = { "unavailable", 503, N_("error.unavailable.title"), N_("error.unavailable.detail") },
};

const struct err_info *err_info(enum err e)
{
	if ((unsigned)e >= ERR__COUNT)
		e = ERR_INTERNAL;
	return &registry[e];
}

#include "http/request.h"

#include <stdlib.h>
#include <string.h>

const char *request_header(const struct request *req, const char *name)
{
	return kv_get(&req->headers_in, name);
}

const char *request_param(const struct request *req, const char *name)
{
	return kv_get(&req->params, name);
}

const char *request_query(const struct request *req, const char *name)
{
	return kv_get(&req->query, name);
}

const char *request_form(const struct request *req, const char *name)
{
	return kv_get(&req->form, name);
}

long long request_param_id(const struct request *req, const char *name)
{
	const char *s = request_param(req, name);
	if (s == NULL || *s == '\0' || strlen(s) > 18)
		return 0;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	long long v = strtoll(s, NULL, 10);
	return v > 0 ? v : 0;
}

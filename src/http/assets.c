#include "http/assets.h"

#include <stdio.h>
#include <string.h>

#include "embedded.h"
#include "http/reply.h"
#include "http/request.h"

#define MAX_ASSETS 32

struct asset {
	const char *name;   /* "app.css" */
	char url[96];       /* "/assets/app.<hash>.css" */
	const char *hashed; /* points into url after "/assets/" */
	const char *type;
	const struct embedded_file *file;
};

static struct asset assets[MAX_ASSETS];
static size_t n_assets;

static const char *type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot == NULL)
		return "application/octet-stream";
	if (strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (strcmp(dot, ".js") == 0)
		return "text/javascript; charset=utf-8";
	if (strcmp(dot, ".svg") == 0)
		return "image/svg+xml; charset=utf-8";
	if (strcmp(dot, ".png") == 0)
		return "image/png";
	return "application/octet-stream";
}

void assets_init(void)
{
	n_assets = 0;
	for (size_t i = 0; i < embedded_files_count && n_assets < MAX_ASSETS; i++) {
		const struct embedded_file *f = &embedded_files[i];
		if (strncmp(f->name, "assets/", 7) != 0)
			continue;
		struct asset *a = &assets[n_assets++];
		a->name = f->name + 7;
		const char *dot = strrchr(a->name, '.');
		int stem = dot ? (int)(dot - a->name) : (int)strlen(a->name);
		snprintf(a->url, sizeof a->url, "/assets/%.*s.%s%s", stem, a->name, f->hash,
		         dot ? dot : "");
		a->hashed = a->url + 8;
		a->type = type_of(a->name);
		a->file = f;
	}
}

const char *assets_url(const char *name)
{
	for (size_t i = 0; i < n_assets; i++)
		if (strcmp(assets[i].name, name) == 0)
			return assets[i].url;
	return NULL;
}

void assets_serve(struct request *req)
{
	const char *file = request_param(req, "file");
	for (size_t i = 0; file && i < n_assets; i++) {
		if (strcmp(assets[i].hashed, file) != 0)
			continue;
		reply_header(req, "Cache-Control", "public, max-age=31536000, immutable");
		reply_bytes(req, 200, assets[i].type, (const char *)assets[i].file->data,
		            assets[i].file->len);
		req->reply.body_static = true;
		req->reply.share_key = assets[i].url;
		return;
	}
	reply_error(req, ERR_NOT_FOUND);
}

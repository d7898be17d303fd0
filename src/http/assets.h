/* Static assets (CSS, JavaScript, icons) compiled into the binary and
 * served under content-hashed names ("/assets/app.3f2a9c1b0e4d.css") with
 * immutable caching: a new build changes the name, never the bytes behind
 * an old one. */
#ifndef SANCTUARY_ASSETS_H
#define SANCTUARY_ASSETS_H

struct request;

/* Builds the name table; call once at start-up. */
void assets_init(void);
/* "/assets/app.<hash>.css" for "app.css", or NULL. */
const char *assets_url(const char *name);
/* Handler for GET /assets/{file}. */
void assets_serve(struct request *req);

#endif

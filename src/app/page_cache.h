/* A cache of whole public pages as anonymous visitors see them, per
 * (page, language). Public pages are identical for every anonymous
 * visitor, so a spike of traffic costs a copy, not a render. Entries die
 * when anything they show may have changed in this process
 * (page_cache_invalidate, called on every settings or content write) and
 * after a few seconds in any case, so writes made by another process (the
 * CLI) show up promptly too. */
#ifndef SANCTUARY_PAGE_CACHE_H
#define SANCTUARY_PAGE_CACHE_H

#include <stdbool.h>

struct request;

#define PAGE_CACHE_TTL_SECONDS 5
/* Keys are plain text up to this length (longer ones are never cached). */
#define PAGE_CACHE_KEY_MAX 192

/* Replies from the cache and returns true when `key` is fresh. */
bool page_cache_reply(struct request *req, const char *key);
/* The same with its own freshness: an entry younger than max_age seconds
 * (by the wall clock's second) is served. Pages that change often without
 * invalidating (a petition's count) use 1: at most a second stale. */
bool page_cache_reply_max_age(struct request *req, const char *key, int max_age);
/* Stores the reply `req` holds (status 200 HTML only) under `key`. */
void page_cache_store(struct request *req, const char *key);
void page_cache_invalidate(void);

#endif

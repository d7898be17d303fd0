#include "app/page_cache.h"

#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "http/reply.h"
#include "http/request.h"

#define SLOTS 64

struct slot {
	char key[PAGE_CACHE_KEY_MAX];
	char share[32]; /* names this stored body for the server's prepared responses */
	char *body;
	size_t len;
	unsigned long generation;
	time_t stored;
};

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static struct slot slots[SLOTS];
static atomic_ulong generation = 1;
static unsigned long stores; /* under the write lock */

static struct slot *find(const char *key)
{
	for (size_t i = 0; i < SLOTS; i++)
		if (slots[i].body && strcmp(slots[i].key, key) == 0)
			return &slots[i];
	return NULL;
}

bool page_cache_reply(struct request *req, const char *key)
{
	return page_cache_reply_max_age(req, key, PAGE_CACHE_TTL_SECONDS);
}

bool page_cache_reply_max_age(struct request *req, const char *key, int max_age)
{
	bool hit = false;
	time_t now = time(NULL);
	pthread_rwlock_rdlock(&lock);
	struct slot *s = find(key);
	if (s && s->generation == atomic_load(&generation) &&
	    now - s->stored < max_age) {
		/* the server may reuse a prepared response for this exact entry */
		char *copy = arena_memdup(req->arena, s->body, s->len);
		reply_bytes(req, 200, "text/html; charset=utf-8", copy, s->len);
		req->reply.share_key = arena_strdup(req->arena, s->share);
		hit = true;
	}
	pthread_rwlock_unlock(&lock);
	return hit;
}

void page_cache_store(struct request *req, const char *key)
{
	if (req->reply.status != 200 || strlen(key) >= sizeof slots[0].key)
		return;
	char *body = malloc(req->reply.body_len);
	if (body == NULL)
		return;
	memcpy(body, req->reply.body, req->reply.body_len);
	pthread_rwlock_wrlock(&lock);
	struct slot *s = find(key);
	if (s == NULL) {
		/* an empty slot, else the oldest */
		s = &slots[0];
		for (size_t i = 0; i < SLOTS; i++) {
			if (slots[i].body == NULL) {
				s = &slots[i];
				break;
			}
			if (slots[i].stored < s->stored)
				s = &slots[i];
		}
	}
	free(s->body);
	strcpy(s->key, key);
	s->body = body;
	s->len = req->reply.body_len;
	s->generation = atomic_load(&generation);
	s->stored = time(NULL);
	/* every stored body gets a name of its own, so a prepared response
	 * never outlives the bytes it was made from */
	snprintf(s->share, sizeof s->share, "page:%lu", ++stores);
	pthread_rwlock_unlock(&lock);
}

void page_cache_invalidate(void)
{
	atomic_fetch_add(&generation, 1);
}

/* API tokens: sent as the OSDI-API-Token header (Action Network's
 * convention). Each carries a role and is limited by it like a user.
 * Shown once at creation; only a keyed hash is stored. */
#ifndef SANCTUARY_TOKENS_H
#define SANCTUARY_TOKENS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/users.h"

struct db;
struct arena;

struct api_token {
	int64_t id;
	const char *name;
	enum role role;
	int64_t created_at, last_used_at, revoked_at;
};

/* Creates a token; returns its text (in `a`) and sets *id, or NULL. */
char *token_create(struct db *db, struct arena *a, const char *name, enum role role, int64_t *id);
/* The live token for a presented secret; false if unknown or revoked. */
bool token_lookup(struct db *db, struct arena *a, const char *secret, struct api_token *out);
bool token_revoke(struct db *db, int64_t id);
typedef void (*token_fn)(const struct api_token *t, void *ctx);
bool token_each(struct db *db, struct arena *a, token_fn fn, void *ctx);

#endif

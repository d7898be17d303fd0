/* Invitations: a single-use, expiring link that lets a new staff member
 * set their own password. Only a keyed hash of the link's token is stored. */
#ifndef SANCTUARY_INVITATIONS_H
#define SANCTUARY_INVITATIONS_H

#include <stdbool.h>
#include <stdint.h>

struct db;
struct arena;

#define INVITATION_TTL (7 * 24 * 3600)

/* A new invitation for user_id; returns the token (in `a`) or NULL. */
char *invitation_create(struct db *db, struct arena *a, int64_t user_id, int64_t created_by);
/* The user an unused, unexpired invitation is for; 0 otherwise. */
int64_t invitation_user(struct db *db, const char *token, int64_t now);
/* Marks it used; false if it was already used or expired (a race lost). */
bool invitation_use(struct db *db, const char *token, int64_t now);
/* Deletes invitations that expired more than `days` ago; returns count. */
int64_t invitation_purge(struct db *db, int64_t now, int days);

#endif

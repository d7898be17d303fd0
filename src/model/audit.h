/* The audit log: append-only and hash-chained. Each entry records who
 * (actor kind and id), did what (action), to which record (kind and id),
 * when, and with what outcome — never the content of the record. Each
 * entry's hash is keyed BLAKE2b over its fields and the previous entry's
 * hash, so an edited, inserted or deleted entry breaks the chain at that
 * point (audit_verify names it). */
#ifndef SANCTUARY_AUDIT_H
#define SANCTUARY_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

struct db;

enum audit_actor { AUDIT_ANONYMOUS, AUDIT_USER, AUDIT_TOKEN, AUDIT_CLI, AUDIT_SYSTEM };

struct audit_entry {
	enum audit_actor actor;
	int64_t actor_id;        /* user or token id; 0 if none */
	const char *action;      /* "signin.ok", "signin.failed", "settings.change", ... */
	const char *object_kind; /* "user", "settings", "case"...; may be NULL */
	int64_t object_id;
	const char *outcome;     /* "ok", "denied", "failed"; NULL means "ok" */
};

/* Appends inside the caller's write transaction (db_tx). */
bool audit_append_tx(struct db *db, const struct audit_entry *e);
/* Appends in a transaction of its own. */
bool audit_append(struct db *db, const struct audit_entry *e);

/* Walks the chain. Returns 0 when intact, else the id of the first entry
 * that does not verify (its content or its link was changed, or the entry
 * before it was removed). Sets *count to the entries checked. -1 on error. */
int64_t audit_verify(struct db *db, int64_t *count);

const char *audit_actor_name(enum audit_actor a);

#endif

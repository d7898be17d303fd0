/* Retention: how long each kind of record is kept, and the daily purge.
 * Each kind registers a purge function here; `serve` runs them once a day
 * and records what it deleted (counts only) in the audit log. Later kinds
 * (help requests, signatures of closed petitions, case files after
 * closure) join the table. */
#ifndef SANCTUARY_RETENTION_H
#define SANCTUARY_RETENTION_H

#include <stdint.h>

struct db;

/* Runs every purge; returns the number of rows deleted, -1 on error. */
int64_t retention_run(struct db *db, int64_t now);

#endif

/* Schema migrations, compiled into the binary from
 * src/db/migrations/NNNN_name.sql and applied in order, each in its own
 * transaction, recorded in schema_migrations. */
#ifndef SANCTUARY_MIGRATE_H
#define SANCTUARY_MIGRATE_H

#include <stdbool.h>

struct db;

/* Applies every migration not yet recorded. Prints one line per applied
 * migration when `verbose`. Returns the number applied, or -1 on error. */
int migrate_up(struct db *db, bool verbose);
/* Highest applied version, 0 for an empty database. */
int migrate_current(struct db *db);
/* Highest version compiled into this binary. */
int migrate_latest(void);

#endif

/* Between the files of the SQLite backend only; never included elsewhere. */
#ifndef SANCTUARY_DB_INTERNAL_H
#define SANCTUARY_DB_INTERNAL_H

struct db;

/* The one connection that writes the process-wide group commit's batches
 * (db_tx_grouped with g == NULL), opened on the global database on first
 * use; NULL before db_open_global(). Only the batch leader uses it, one at
 * a time, so its page cache and prepared statements are kept once instead
 * of in every request thread's connection. */
struct db *db_shared_writer(void);

#endif

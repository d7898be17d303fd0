/* Between the files of the SQLite backend only; never included elsewhere. */
#ifndef SANCTUARY_DB_INTERNAL_H
#define SANCTUARY_DB_INTERNAL_H

#include <stdbool.h>

struct db;

/* The one connection that writes the process-wide group commit's batches
 * (db_tx_grouped with g == NULL), opened on the global database on first
 * use; NULL before db_open_global(). Only the group's writer thread uses it, so
 * its page cache and prepared statements are kept once instead of in every
 * request thread's connection. */
struct db *db_shared_writer(void);

/* Has db_open_global() named a database? */
bool db_have_global(void);

/* Starts the process-wide group's writer thread now, from the caller's
 * thread (it inherits that thread's scheduling priority; otherwise it
 * starts with the first grouped write, from whichever thread queues it). */
void db_group_start_writer(void);
/* Lets the process-wide group's writer thread finish what is queued and
 * stop (db_close_global() calls it before closing the writer connection). */
void db_group_stop_writer(void);

/* The background checkpointer (checkpointer.c) for the shared writer's
 * database: start (again) on a file, nudge when its log has grown, stop. */
bool db_checkpointer_start(const char *db_path);
void db_checkpointer_nudge(void);
void db_checkpointer_stop(void);

#endif

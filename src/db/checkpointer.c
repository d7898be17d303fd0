/* WAL checkpoints off the writer's path (db_internal.h).
 *
 * SQLite checkpoints inside the commit that grows the write-ahead log past
 * its limit: the writer stops to copy pages back into the database file
 * while every signer of a batch waits. The shared writer connection instead
 * nudges this thread, which runs a PASSIVE checkpoint on a connection of
 * its own: it copies what no reader still needs and never blocks the
 * writer, which goes on appending meanwhile. */
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "db/db_internal.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_t thread;
static bool running, stopping, nudged;
static char *path;

static void *checkpointer_main(void *p)
{
	(void)p;
	sqlite3 *h = NULL;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		log_error("database: the checkpointer cannot open the database");
		sqlite3_close(h);
		h = NULL;
	} else {
		sqlite3_busy_timeout(h, 1000);
		sqlite3_wal_autocheckpoint(h, 0);
	}
	pthread_mutex_lock(&lock);
	for (;;) {
		while (!nudged && !stopping)
			pthread_cond_wait(&wake, &lock);
		if (stopping)
			break;
		nudged = false;
		pthread_mutex_unlock(&lock);
		if (h != NULL)
			sqlite3_wal_checkpoint_v2(h, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&lock);
	}
	pthread_mutex_unlock(&lock);
	sqlite3_close(h);
	return NULL;
}

bool db_checkpointer_start(const char *db_path)
{
	db_checkpointer_stop();
	pthread_mutex_lock(&lock);
	free(path);
	path = strdup(db_path);
	stopping = nudged = false;
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old); /* stop signals are for the main thread */
	running = path != NULL && pthread_create(&thread, NULL, checkpointer_main, NULL) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	bool ok = running;
	pthread_mutex_unlock(&lock);
	return ok;
}

void db_checkpointer_nudge(void)
{
	pthread_mutex_lock(&lock);
	nudged = true;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
}

void db_checkpointer_stop(void)
{
	pthread_mutex_lock(&lock);
	bool was = running;
	stopping = true;
	running = false;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	if (was)
		pthread_join(thread, NULL);
}

/* Demo content per feature, called inside demo_fill()'s transaction. */
#ifndef SANCTUARY_DEMO_H
#define SANCTUARY_DEMO_H

#include "db/db.h"

/* Rights library and leafleting log (cli/demo_rights.c). */
enum db_status demo_fill_rights(struct db *db);

#endif

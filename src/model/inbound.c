#include "model/inbound.h"

#include <stddef.h>

#define MAX_HANDLERS 8

static inbound_sms_fn handlers[MAX_HANDLERS];
static size_t n_handlers;

/* Registration happens once at start-up, before any request thread. */
void inbound_sms_register(inbound_sms_fn fn)
{
	if (n_handlers < MAX_HANDLERS)
		handlers[n_handlers++] = fn;
}

bool inbound_sms_dispatch(struct db *db, const char *from, int64_t person_id, const char *body)
{
	for (size_t i = 0; i < n_handlers; i++)
		if (handlers[i](db, from, person_id, body))
			return true;
	return false;
}

#include "model/retention.h"

#include "db/db.h"
#include "model/audit.h"
#include "model/invitations.h"
#include "model/petition_intake.h"
#include "model/sessions.h"
#include "model/settings.h"

struct kind {
	const char *name;
	int64_t (*purge)(struct db *db, int64_t now, const struct settings *s);
};

static int64_t purge_sessions(struct db *db, int64_t now, const struct settings *s)
{
	(void)s;
	return session_purge(db, now);
}

static int64_t purge_invitations(struct db *db, int64_t now, const struct settings *s)
{
	return invitation_purge(db, now, s->retention_invitations_days);
}

static int64_t purge_unfiled_signatures(struct db *db, int64_t now, const struct settings *s)
{
	(void)s;
	return petition_intake_purge(db, now);
}

static const struct kind kinds[] = {
	{ "sessions", purge_sessions },
	{ "invitations", purge_invitations },
	{ "petition_intake", purge_unfiled_signatures },
};

int64_t retention_run(struct db *db, int64_t now)
{
	struct settings s;
	settings_get(&s);
	int64_t total = 0;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		int64_t n = kinds[i].purge(db, now, &s);
		if (n < 0)
			return -1;
		if (n > 0)
			audit_append(db, &(struct audit_entry){ AUDIT_SYSTEM, 0, "retention.purge",
			                                        kinds[i].name, n, NULL });
		total += n;
	}
	return total;
}

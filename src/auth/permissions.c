#include "auth/permissions.h"

#include <stddef.h>

struct rule {
	const char *name;
	bool volunteer, organizer, admin; /* which roles may */
	bool tokens;                      /* may an API token (within its role)? */
};

/* The whole policy in one table: read it to know who can do what. */
static const struct rule rules[ACT__COUNT] = {
	[ACT_NONE] = { "none", false, false, false, false },
	[ACT_STAFF_HOME] = { "staff.home", true, true, true, false },
	[ACT_ACCOUNT_SELF] = { "account.self", true, true, true, false },
	[ACT_SETTINGS_EDIT] = { "settings.edit", false, false, true, false },
	[ACT_USERS_MANAGE] = { "users.manage", false, false, true, false },
	[ACT_TOKENS_MANAGE] = { "tokens.manage", false, false, true, false },
	[ACT_AUDIT_READ] = { "audit.read", false, false, true, false },
	[ACT_API_READ] = { "api.read", true, true, true, true },
	[ACT_PEOPLE_READ] = { "people.read", true, true, true, true },
	[ACT_PEOPLE_CONTACT] = { "people.contact", false, true, true, true },
	[ACT_PEOPLE_EDIT] = { "people.edit", false, true, true, true },
	[ACT_PEOPLE_MERGE] = { "people.merge", false, true, true, false },
	[ACT_PEOPLE_IMPORT] = { "people.import", false, true, true, false },
	[ACT_PEOPLE_EXPORT] = { "people.export", false, true, true, false },
	[ACT_RIGHTS_EDIT] = { "rights.edit", false, true, true, false },
	[ACT_LEAFLETING_LOG] = { "leafleting.log", true, true, true, false },
	[ACT_PETITIONS_READ] = { "petitions.read", true, true, true, true },
	[ACT_PETITIONS_MANAGE] = { "petitions.manage", false, true, true, true },
	[ACT_EVENTS_READ] = { "events.read", true, true, true, true },
	[ACT_EVENTS_MANAGE] = { "events.manage", false, true, true, true },
	[ACT_EVENTS_DOOR] = { "events.door", true, true, true, false },
	[ACT_MESSAGES_READ] = { "messages.read", false, true, true, true },
	[ACT_MESSAGES_MANAGE] = { "messages.manage", false, true, true, false },
	/* cases are also record-level: perm_allows_record() with the case team */
	[ACT_CASES_CREATE] = { "cases.create", false, true, true, false },
	[ACT_CASES_READ] = { "cases.read", false, true, true, false },
	[ACT_CASES_EDIT] = { "cases.edit", false, true, true, false },
	[ACT_CASES_API] = { "cases.api", false, false, true, true },
};

bool perm_allows(const struct actor *a, enum action act)
{
	if (a == NULL || a->kind == ACTOR_ANONYMOUS || (unsigned)act >= ACT__COUNT || act == ACT_NONE)
		return false;
	const struct rule *r = &rules[act];
	if (a->kind == ACTOR_TOKEN && !r->tokens)
		return false;
	switch (a->role) {
	case ROLE_ADMIN: return r->admin;
	case ROLE_ORGANIZER: return r->organizer;
	case ROLE_VOLUNTEER: return r->volunteer;
	}
	return false;
}

bool perm_allows_record(const struct actor *a, enum action act, bool on_team)
{
	if (!perm_allows(a, act))
		return false;
	/* Admins see every record; everyone else only their team's. */
	return a->role == ROLE_ADMIN || on_team;
}

const char *action_name(enum action act)
{
	return (unsigned)act < ACT__COUNT ? rules[act].name : "?";
}

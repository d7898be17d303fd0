/* Who may do what. Every handler asks this module; the default is deny.
 *
 * Decisions are role × action, plus membership of a record for actions on
 * records that have a team (a case's team, later). A record the actor may
 * not see is answered with 404, never 403, so its existence does not leak. */
#ifndef SANCTUARY_PERMISSIONS_H
#define SANCTUARY_PERMISSIONS_H

#include <stdbool.h>

#include "model/users.h"

enum action {
	ACT_NONE = 0,          /* public: no check */
	ACT_STAFF_HOME,        /* the staff area's front page */
	ACT_ACCOUNT_SELF,      /* one's own account, sessions, two-factor */
	ACT_SETTINGS_EDIT,     /* group settings */
	ACT_USERS_MANAGE,      /* invite, disable, change roles */
	ACT_TOKENS_MANAGE,     /* API tokens */
	ACT_AUDIT_READ,        /* the audit log */
	ACT_API_READ,          /* the API entry point and read-only resources */
	ACT_PEOPLE_READ,       /* the people list and pages: names, languages, talents, tags */
	ACT_PEOPLE_CONTACT,    /* people's emails, phones, addresses and notes */
	ACT_PEOPLE_EDIT,       /* tag people, manage tags and segments */
	ACT_PEOPLE_MERGE,      /* the duplicates page and merging two people */
	ACT_PEOPLE_IMPORT,     /* import people from CSV in the staff area */
	ACT_PEOPLE_EXPORT,     /* export people as CSV (audited) */
	ACT_RIGHTS_EDIT,       /* know-your-rights articles, translations, review status, hotlines */
	ACT_LEAFLETING_LOG,    /* record leafleting shifts and see their summary */
	ACT_PETITIONS_READ,    /* petitions and their counts */
	ACT_PETITIONS_MANAGE,  /* create and edit petitions, the delivery packet, hide comments */
	ACT_EVENTS_READ,       /* events, RSVP counts and lists */
	ACT_EVENTS_MANAGE,     /* create and edit events */
	ACT_EVENTS_DOOR,       /* the door: check people in, walk-ins, headcount */
	ACT_MESSAGES_READ,     /* the outbox's counts and dead letters (never addresses or bodies) */
	ACT_MESSAGES_MANAGE,   /* retry a dead message */
	ACT_CASES_CREATE,      /* open a case (the opener joins its team) */
	ACT_CASES_READ,        /* a case's pages and file: on its team only (admins: all) */
	ACT_CASES_EDIT,        /* edit a case, its dates, calls, mobilizations: team only */
	ACT_CASES_API,         /* the cases API: admin tokens, never a sealed field */
	ACT__COUNT
};

enum actor_kind { ACTOR_ANONYMOUS, ACTOR_USER, ACTOR_TOKEN };

struct actor {
	enum actor_kind kind;
	int64_t id;
	enum role role;
};

/* May a signed-in actor of this kind and role perform the action? */
bool perm_allows(const struct actor *a, enum action act);
/* For record-level actions: allowed by role and on the record's team. */
bool perm_allows_record(const struct actor *a, enum action act, bool on_team);
const char *action_name(enum action act);

#endif

/* Shared by the case handlers (cases_page.c, mobilize_page.c). */
#ifndef SANCTUARY_CASES_APP_H
#define SANCTUARY_CASES_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/permissions.h"

struct request;
struct case_info;

/* A form field trimmed and NFC, at most `max` code points, no control
 * characters (newlines allowed when multiline); "" when absent, NULL when
 * unacceptable. */
const char *case_clean(struct request *req, const char *field, size_t max, bool multiline);
/* Loads the case in {id} if the asker is on its team (or an admin) and
 * allowed `act`; else replies 404 and returns false. With open_file the
 * sealed file is opened and the read audited. */
bool case_load(struct request *req, enum action act, bool open_file, struct case_info *c);
/* Renders the case page (status 200 or 422 with an error). */
void case_render(struct request *req, const struct case_info *c, unsigned status, const char *error);
/* A UTC time as wall-clock time in the group's zone ("2026-11-28 09:00"). */
char *case_local_time(struct request *req, int64_t t);
/* "YYYY-MM-DD" + "HH:MM" in the group's zone to UTC. */
bool case_parse_when(const char *date, const char *hm, int64_t *out);
const char *case_outcome_msgid(const char *outcome);
/* Re-renders the case {id} with an error, status 422. */
void case_error(struct request *req, const char *msgid);

#endif

/* Contact details as people type them: emails now; phone numbers (E.164)
 * join them with the people database. */
#ifndef SANCTUARY_CONTACT_H
#define SANCTUARY_CONTACT_H

struct arena;

/* Lowercased, trimmed copy of an email, in `a`. */
char *email_normalize(struct arena *a, const char *email);
/* Message id when the (normalized) email is not plausible, else NULL. */
const char *email_problem(const char *email);

#endif

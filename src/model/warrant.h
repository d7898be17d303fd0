/* The warrant checker's rules: ONE table a lawyer can review in one
 * place. Each step is a question with choices; each choice leads to
 * another step or to an answer, and names the source it rests on. Each
 * answer names its sources too. The walk is driven by the answers so
 * far (step id = choice id pairs, e.g. from a query string), so the
 * checker needs no state on the server and works as plain GET forms. */
#ifndef SANCTUARY_WARRANT_H
#define SANCTUARY_WARRANT_H

#include <stdbool.h>
#include <stddef.h>

/* When the rules were last checked against their sources, and by whom
 * ("" = not reviewed by a lawyer yet). Change these when you review. */
#define WARRANT_RULES_REVIEWED "2026-11-27"
#define WARRANT_RULES_REVIEWER ""

#define WARRANT_MAX_CHOICES 6
#define WARRANT_MAX_SOURCES 4
#define WARRANT_MAX_DEPTH 8

struct warrant_source {
	const char *url, *label;
};

struct warrant_rule {
	const char *step;             /* the question this rule answers */
	const char *choice;           /* the choice */
	const char *label_msgid;      /* how the choice reads */
	const char *next_step;        /* the next question, or NULL ... */
	const char *answer;           /* ... the answer reached */
	struct warrant_source source; /* what the rule rests on */
};

struct warrant_step {
	const char *id;
	const char *question_msgid, *help_msgid; /* help may be NULL */
};

struct warrant_answer {
	const char *id;
	const char *title_msgid;   /* the verdict */
	const char *means_msgid;   /* what it allows and does not allow */
	const char *say_msgid;     /* what to say */
	const char *extra_msgid;   /* a dispute or caveat, or NULL */
	bool judicial;             /* a valid judicial warrant: comply, watch scope */
	struct warrant_source sources[WARRANT_MAX_SOURCES];
};

/* The tables (for the page, tests and a reviewer's printout). */
const struct warrant_step *warrant_steps(size_t *n);
const struct warrant_rule *warrant_rules(size_t *n);
const struct warrant_answer *warrant_answers(size_t *n);
const struct warrant_step *warrant_step(const char *id);
const struct warrant_answer *warrant_answer(const char *id);
/* The choices of a step, in order; returns the count. */
size_t warrant_choices(const char *step, const struct warrant_rule **out, size_t cap);

/* A walk from the first step. `get(ud, step)` returns the answer given to
 * a step (or NULL); unknown choices count as not answered. The walk stops
 * at the first unanswered step (`step` set) or at an answer (`answer`
 * set); `taken` lists the rules followed. */
struct warrant_walk {
	const struct warrant_rule *taken[WARRANT_MAX_DEPTH];
	size_t n_taken;
	const struct warrant_step *step;
	const struct warrant_answer *answer;
};
void warrant_walk(const char *(*get)(void *ud, const char *step), void *ud, struct warrant_walk *out);

#endif

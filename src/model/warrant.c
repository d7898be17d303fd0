/* The warrant checker's rules, from the project's domain research (section
 * 1 of docs/brief domain notes: markers, draft decision tree, disputes).
 * Every rule and every answer cites its source. To review: read this file
 * top to bottom, then update WARRANT_RULES_REVIEWED and _REVIEWER in warrant.h. */
#include "model/warrant.h"

#include <string.h>

#include "i18n/msgid.h"

#define NILC { "https://www.nilc.org/warrants-and-subpoenas-101/", "NILC: Warrants and subpoenas 101" }
#define ACLU_ME { "https://www.aclumaine.org/en/know-your-rights/immigration-enforcement-and-warrants", \
	          "ACLU Maine: immigration enforcement and warrants" }
#define CONMIGRA { "https://conmigra.org/how-to-read-a-warrant", "Conmigra: how to read a warrant" }
#define IDM { "https://immigrantdefensemanual.org/be-prepared/be-prepared-what-to-do-during-a-raid/judicial-vs-administrative-warrant/", \
	      "Immigrant Defense Manual: judicial vs administrative warrant" }
#define NILC_LIST { "https://aidslawpa.org/distinguishing-between-a-judicial-warrant-and-an-immigration-warrant/", \
	            "AIDS Law Project of PA (restating NILC): judicial vs immigration warrant" }
#define I200 { "https://docslib.org/doc/1387328/what-is-an-ice-administrative-warrant-and-what-legal-authority-does-it-confer", \
	       "What is an ICE administrative warrant (Form I-200)" }
#define I205_CFR { "https://cfr.laws-info.com/text/8/241/2", "8 CFR 241.2: who issues a Form I-205" }
#define MEMO { "https://principlecivics.com/topics/ice-warrantless-home-entry-fourth-amendment-memo-jan-2026", \
	       "ICE memo of May 12, 2025 (made public January 2026); ACLU suit of April 2, 2026" }
#define HANDBOOK { "https://whistleblowersblog.org/government-whistleblowers/ice-whistleblower-leaks-confidential-department-memo-on-warrant-policy/amp", \
	           "ICE Fugitive Operations Handbook 2023 and CRS report, June 2025" }
#define MINN { "https://newsoffortworth.com/?p=9645", "D. Minnesota ruling, January 17, 2026" }
#define MOIA { "https://nepyork.com/2025/02/02/your-rights-when-approached-by-ice-agents-nyc-mayors-office-of-immigrant-affairs-publishes-know-your-rights-booklet/", \
	       "NYC Mayor's Office of Immigrant Affairs booklet: comply with a judicial warrant" }
#define ICEWATCH { "https://twunroll.com/article/1355670290437697537", "NYC ICE Watch / Cosecha: never open the door" }
#define ILRC { "https://justinsomnia.org/2025/02/red-cards", "ILRC red cards" }
#define LSNYC { "https://www.legalservicesnyc.org/what-we-do/practice-areas-and-projects/immigrants-rights/immigration-know-your-rights", \
	        "Legal Services NYC: know your rights" }
#define NY_CPL { "https://www.nysenate.gov/legislation/laws/CPL/690.30", "NY CPL 690.30: 10 days, 6 a.m. to 9 p.m." }
#define FRCP41 { "https://legalclarity.org/how-long-is-a-search-warrant-good-for", "Federal Rule 41: 14 days, 6 a.m. to 10 p.m." }
#define FLAT10 { "https://www.nortonrosefulbright.com/en-lu/knowledge/publications/355b0cd6/employer-guidance-on-ice-enforcement-actions", \
	         "Norton Rose Fulbright: \"10 days\"" }
#define ONA { "https://easthamptonstar.com/2019718/state-office-new-americans-offers-tips-what-do-if-encountered-immigration-officials", \
	      "NY Office for New Americans: when unsure, call" }

static const struct warrant_step steps[] = {
	{ "top", N_("warrant.q.top"), N_("warrant.q.top.help") },
	{ "form", N_("warrant.q.form"), NULL },
	{ "signer", N_("warrant.q.signer"), NULL },
	{ "names", N_("warrant.q.names"), N_("warrant.q.names.help") },
	{ "date", N_("warrant.q.date"), N_("warrant.q.date.help") },
};

/* THE RULES. One row per choice: question, choice, where it leads, source. */
static const struct warrant_rule rules[] = {
	{ "top", "court", N_("warrant.c.top.court"), "signer", NULL, IDM },
	{ "top", "dhs", N_("warrant.c.top.dhs"), "form", NULL, ACLU_ME },
	{ "top", "eoir", N_("warrant.c.top.eoir"), NULL, "not_judicial", NILC },
	{ "top", "subpoena", N_("warrant.c.top.subpoena"), NULL, "subpoena", NILC },
	{ "top", "none", N_("warrant.c.top.none"), NULL, "no_warrant", ILRC },
	{ "top", "unsure", N_("warrant.c.top.unsure"), NULL, "unsure", ONA },
	{ "form", "i200", N_("warrant.c.form.i200"), NULL, "admin_i200", NILC_LIST },
	{ "form", "i205", N_("warrant.c.form.i205"), NULL, "admin_i205", I205_CFR },
	{ "form", "other", N_("warrant.c.form.other"), NULL, "admin_other", NILC },
	{ "signer", "judge", N_("warrant.c.signer.judge"), "names", NULL, NILC },
	{ "signer", "ij", N_("warrant.c.signer.ij"), NULL, "not_judicial", NILC },
	{ "signer", "officer", N_("warrant.c.signer.officer"), NULL, "admin_other", CONMIGRA },
	{ "signer", "unsure", N_("warrant.c.unsure"), NULL, "unsure", ONA },
	{ "names", "yes", N_("warrant.c.yes"), "date", NULL, NILC_LIST },
	{ "names", "no", N_("warrant.c.no"), NULL, "wrong_address", NILC_LIST },
	{ "names", "unsure", N_("warrant.c.unsure"), NULL, "unsure", LSNYC },
	{ "date", "yes", N_("warrant.c.yes"), NULL, "judicial", NY_CPL },
	{ "date", "no", N_("warrant.c.no"), NULL, "expired", NY_CPL },
	{ "date", "unsure", N_("warrant.c.unsure"), NULL, "unsure", ONA },
};

static const struct warrant_answer answers[] = {
	{ "judicial", N_("warrant.a.judicial"), N_("warrant.a.judicial.means"), N_("warrant.a.judicial.say"),
	  N_("warrant.a.judicial.extra"), true, { NILC, MOIA, ICEWATCH, ILRC } },
	{ "admin_i200", N_("warrant.a.admin_i200"), N_("warrant.a.admin_i200.means"), N_("warrant.say.no_consent"),
	  NULL, false, { NILC, ACLU_ME, I200 } },
	{ "admin_i205", N_("warrant.a.admin_i205"), N_("warrant.a.admin_i205.means"), N_("warrant.say.no_consent"),
	  N_("warrant.a.admin_i205.extra"), false, { I205_CFR, MEMO, HANDBOOK, MINN } },
	{ "admin_other", N_("warrant.a.admin_other"), N_("warrant.a.admin_other.means"), N_("warrant.say.no_consent"),
	  NULL, false, { NILC, ACLU_ME } },
	{ "not_judicial", N_("warrant.a.not_judicial"), N_("warrant.a.not_judicial.means"),
	  N_("warrant.say.no_consent"), NULL, false, { NILC } },
	{ "subpoena", N_("warrant.a.subpoena"), N_("warrant.a.subpoena.means"), N_("warrant.a.subpoena.say"), NULL,
	  false, { NILC } },
	{ "no_warrant", N_("warrant.a.no_warrant"), N_("warrant.a.no_warrant.means"), N_("warrant.say.no_consent"),
	  NULL, false, { ILRC, NILC } },
	{ "wrong_address", N_("warrant.a.wrong_address"), N_("warrant.a.wrong_address.means"),
	  N_("warrant.a.wrong_address.say"), NULL, false, { NILC_LIST, NILC } },
	{ "expired", N_("warrant.a.expired"), N_("warrant.a.expired.means"), N_("warrant.a.wrong_address.say"),
	  N_("warrant.a.expired.extra"), false, { NY_CPL, FRCP41, FLAT10 } },
	{ "unsure", N_("warrant.a.unsure"), N_("warrant.a.unsure.means"), N_("warrant.say.no_consent"), NULL, false,
	  { ONA, LSNYC } },
};

#define COUNT(x) (sizeof(x) / sizeof((x)[0]))

const struct warrant_step *warrant_steps(size_t *n)
{
	*n = COUNT(steps);
	return steps;
}

const struct warrant_rule *warrant_rules(size_t *n)
{
	*n = COUNT(rules);
	return rules;
}

const struct warrant_answer *warrant_answers(size_t *n)
{
	*n = COUNT(answers);
	return answers;
}

const struct warrant_step *warrant_step(const char *id)
{
	for (size_t i = 0; id && i < COUNT(steps); i++)
		if (strcmp(steps[i].id, id) == 0)
			return &steps[i];
	return NULL;
}

const struct warrant_answer *warrant_answer(const char *id)
{
	for (size_t i = 0; id && i < COUNT(answers); i++)
		if (strcmp(answers[i].id, id) == 0)
			return &answers[i];
	return NULL;
}

size_t warrant_choices(const char *step, const struct warrant_rule **out, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < COUNT(rules) && n < cap; i++)
		if (strcmp(rules[i].step, step) == 0)
			out[n++] = &rules[i];
	return n;
}

void warrant_walk(const char *(*get)(void *ud, const char *step), void *ud, struct warrant_walk *out)
{
	memset(out, 0, sizeof *out);
	const struct warrant_step *at = &steps[0];
	while (at && out->n_taken < WARRANT_MAX_DEPTH) {
		const char *given = get(ud, at->id);
		const struct warrant_rule *rule = NULL;
		for (size_t i = 0; given && i < COUNT(rules); i++)
			if (strcmp(rules[i].step, at->id) == 0 && strcmp(rules[i].choice, given) == 0)
				rule = &rules[i];
		if (rule == NULL) {
			out->step = at;
			return;
		}
		out->taken[out->n_taken++] = rule;
		if (rule->answer) {
			out->answer = warrant_answer(rule->answer);
			return;
		}
		at = warrant_step(rule->next_step);
	}
	out->step = at;
}

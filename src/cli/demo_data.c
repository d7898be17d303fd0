/* Demo content, so a fresh `make run` shows a living group. Everything is
 * keyed so that running it again changes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/random.h"
#include "core/tz.h"
#include "db/db.h"
#include "model/cases.h"
#include "model/content.h"
#include "model/mobilize.h"
#include "model/people.h"
#include "model/settings.h"
#include "model/users.h"

#define DEMO_ADMIN "demo-admin@example.org"

static const struct {
	const char *lang;
	const char *text;
} about[] = {
	{ "en", "We are neighbors in Jackson Heights, Queens. Since 2017 we leaflet about "
	        "immigrants' rights, teach how to tell a judge's warrant from an ICE form, visit "
	        "local businesses, hold public forums, and fill the courtroom when a neighbor "
	        "faces deportation.\n\nNo human being is illegal. Together we can make a difference." },
	{ "es", "Somos vecinos de Jackson Heights, Queens. Desde 2017 repartimos volantes sobre los "
	        "derechos de los inmigrantes, enseñamos a distinguir una orden judicial de un "
	        "formulario de ICE, visitamos los negocios del barrio, organizamos foros públicos y "
	        "llenamos la sala del tribunal cuando un vecino enfrenta la deportación.\n\n"
	        "Ningún ser humano es ilegal. Juntos podemos hacer la diferencia." },
	{ "bn", "আমরা কুইন্সের জ্যাকসন হাইটসের প্রতিবেশী। ২০১৭ সাল থেকে আমরা অভিবাসীদের অধিকার "
	        "নিয়ে লিফলেট বিতরণ করি, বিচারকের পরোয়ানা আর আইসের ফর্মের পার্থক্য শেখাই, স্থানীয় "
	        "ব্যবসায় যাই, জনসভা করি, এবং কোনো প্রতিবেশী নির্বাসনের মুখোমুখি হলে আদালত ভরে তুলি।"
	        "\n\nকোনো মানুষই অবৈধ নয়। একসাথে আমরা পরিবর্তন আনতে পারি।" },
};

/* Neighbors of every community the group works with. Phones use the
 * 555-01XX range reserved for fiction; emails use example.org. */
static const struct demo_person {
	const char *given, *family, *email, *phone, *zip, *lang, *langs, *talents, *tags;
	unsigned avail;
	bool email_ok, sms_ok;
} demo_people[] = {
	{ "Riaz", "Talukder", NULL, "+17185550110", "11372", "bn", "bn,en", "", "case-supporters", 0, false, true },
	{ "Nasrin", "Akter", "nasrin@example.org", "+17185550111", "11372", "bn", "bn,en,hi", "interpreting,accompaniment", "core-team,case-supporters", AVAIL_WEEKDAY_MORNINGS | AVAIL_WEEKENDS, true, true },
	{ "José", "García", "jose@example.org", "+17185550112", "11368", "es", "es,en", "driving,food", "case-supporters", AVAIL_WEEKDAY_EVENINGS, true, false },
	{ "María", "Quispe", "maria.q@example.org", NULL, "11373", "es", "es,qu", "childcare,canvassing", "forum-2017", AVAIL_WEEKENDS, true, false },
	{ "Pemba", "Sherpa", "pemba@example.org", "+17185550113", "11377", "ne", "ne,en,bo", "interpreting,tech", "core-team", AVAIL_WEEKDAY_MORNINGS, true, true },
	{ "Ayesha", "Khan", NULL, "+17185550114", "11372", "ur", "ur,en,pa", "legal,writing", "case-supporters", AVAIL_WEEKDAY_AFTERNOONS, false, true },
	{ "Dolma", "", NULL, "+17185550115", "", "bo", "bo,ne", "", "", 0, false, false },
	{ "Sarah", "Cohen", "sarah@example.org", NULL, "11372", "en", "en,es", "legal,social_media,design", "core-team,forum-2017", AVAIL_WEEKDAY_EVENINGS | AVAIL_WEEKENDS, true, false },
	{ "Tenzin", "Norbu", "tenzin@example.org", "+17185550116", "11377", "bo", "bo,en", "photography", "forum-2017", AVAIL_WEEKENDS, true, true },
	{ "Karim", "Hossain", "karim@example.org", "+17185550117", "11369", "bn", "bn,en,ur", "driving,accompaniment", "case-supporters", AVAIL_WEEKDAY_MORNINGS, true, true },
	{ "Luz", "Hernández", NULL, "+17185550118", "11368", "es", "es", "food,canvassing", "forum-2017", AVAIL_WEEKDAY_EVENINGS, false, true },
	{ "Sunita", "Gurung", "sunita@example.org", NULL, "11373", "ne", "ne,hi,en", "childcare,interpreting", "", AVAIL_WEEKDAY_AFTERNOONS, true, false },
};

/* Splits "a,b,c" into a NULL-terminated array in `a`. */
static const char **split(struct arena *a, const char *csv, size_t *n)
{
	const char **out = arena_calloc(a, 16, sizeof *out);
	*n = 0;
	char *copy = arena_strdup(a, csv), *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok && *n < 15; tok = strtok_r(NULL, ",", &save))
		out[(*n)++] = tok;
	return out;
}

static enum db_status fill_people(struct db *db)
{
	struct arena *a = arena_new(4096);
	for (size_t i = 0; i < sizeof demo_people / sizeof demo_people[0]; i++) {
		const struct demo_person *d = &demo_people[i];
		struct person_input in = {
			.given_name = d->given, .family_name = d->family, .postal_code = d->zip,
			.lang = d->lang, .source = "demo", .availability = d->avail, .how = "demo",
			.emails = (const char *const[]){ d->email }, .n_emails = d->email ? 1 : 0,
			.phones = (const char *const[]){ d->phone }, .n_phones = d->phone ? 1 : 0,
			.subscribe = { d->email_ok, d->sms_ok, false },
		};
		in.languages = split(a, d->langs, &in.n_languages);
		in.talents = split(a, d->talents, &in.n_talents);
		bool created;
		int64_t id = person_upsert(db, &in, &created);
		if (id < 0) {
			arena_destroy(a);
			return DB_ERROR;
		}
		size_t n_tags;
		const char **tags = split(a, d->tags, &n_tags);
		for (size_t k = 0; k < n_tags; k++)
			if (db_exec(db, "INSERT OR IGNORE INTO tags (name, created_at) VALUES (?, strftime('%s'))",
			            DB_ARGS(DB_TEXT(tags[k]))) != DB_OK ||
			    db_exec(db,
			            "INSERT OR IGNORE INTO taggings (tag_id, person_id, created_at) "
			            "SELECT id, ?, strftime('%s') FROM tags WHERE name = ?",
			            DB_ARGS(DB_INT(id), DB_TEXT(tags[k]))) != DB_OK) {
				arena_destroy(a);
				return DB_ERROR;
			}
		if (created)
			person_activity(db, id, "joined", NULL, 0, NULL);
	}
	arena_destroy(a);
	return DB_OK;
}

static enum db_status fill(struct db *db, void *p)
{
	(void)p;
	struct settings s;
	settings_get(&s);
	if (strcmp(s.group_name, "Sanctuary") == 0 &&
	    !settings_put(db, "group_name", "Jackson Heights Immigrant Solidarity"))
		return DB_ERROR;
	if (s.hotline[0] == '\0' && !settings_put(db, "hotline", "(718) 555-0142"))
		return DB_ERROR;
	for (size_t i = 0; i < sizeof about / sizeof about[0]; i++) {
		int64_t exists = 0;
		if (db_get_int(db,
		               "SELECT COUNT(*) FROM translations WHERE entity = 'group' AND entity_id = 1 "
		               "AND field = 'about' AND lang = ?",
		               DB_ARGS(DB_TEXT(about[i].lang)), &exists) != DB_OK)
			return DB_ERROR;
		if (exists == 0 &&
		    !content_put(db, "group", 1, "about", about[i].lang, about[i].text,
		                 strcmp(about[i].lang, "en") == 0 ? REVIEW_NATIVE : REVIEW_DRAFT,
		                 strcmp(about[i].lang, "en") == 0 ? "demo" : NULL))
			return DB_ERROR;
	}
	return fill_people(db);
}

/* One consenting case, pseudonymous, in the shape of the seed story: an
 * ICE check-in tomorrow at 9 at 26 Federal Plaza, an accompaniment call,
 * a mobilization of the case's supporters with some answers. */
static const struct mobilization_text demo_texts[] = {
	{ "en", "Our neighbor R. must report to ICE tomorrow at 9:00 at 26 Federal Plaza, told to bring "
	        "a one-way ticket. Can you come and stand with him?" },
	{ "es", "Nuestro vecino R. debe presentarse ante ICE mañana a las 9:00 en 26 Federal Plaza, con "
	        "un boleto de ida. ¿Puede venir a acompañarlo?" },
	{ "bn", "আমাদের প্রতিবেশী র.-কে আগামীকাল সকাল ৯টায় ২৬ ফেডারেল প্লাজায় আইসের কাছে যেতে হবে, "
	        "একমুখী টিকিট নিয়ে। আপনি কি তাঁর পাশে দাঁড়াতে আসতে পারবেন?" },
};

static const struct {
	const char *lang, *text;
} demo_story[] = {
	{ "en", "R. has lived in Queens for 36 years. He drives a taxi, his children were born here, "
	        "and he is being treated for cancer. At his last check-in ICE told him to come back "
	        "with a one-way ticket. His family and neighbors ask that he be allowed to stay." },
	{ "es", "R. vive en Queens desde hace 36 años. Maneja un taxi, sus hijos nacieron aquí y está "
	        "en tratamiento contra el cáncer. En su último control, ICE le dijo que volviera con un "
	        "boleto de ida. Su familia y sus vecinos piden que pueda quedarse." },
	{ "bn", "র. ৩৬ বছর ধরে কুইন্সে আছেন। তিনি ট্যাক্সি চালান, তাঁর সন্তানেরা এখানে জন্মেছে, "
	        "আর তিনি ক্যানসারের চিকিৎসা নিচ্ছেন। শেষ চেক-ইনে আইস তাঁকে একমুখী টিকিট নিয়ে আসতে "
	        "বলেছে। তাঁর পরিবার ও প্রতিবেশীরা চান তিনি যেন থাকতে পারেন।" },
};

static enum db_status fill_case(struct db *db, void *p)
{
	int64_t admin = *(int64_t *)p;
	int64_t have = 0;
	if (db_get_int(db, "SELECT COUNT(*) FROM cases WHERE title = 'R. — ICE check-in'", DB_NOARGS,
	               &have) != DB_OK)
		return DB_ERROR;
	if (have)
		return DB_OK;
	int64_t riaz = person_by_phone(db, "+17185550110");
	struct case_input in = {
		.person_id = riaz, .title = "R. — ICE check-in",
		.consent_given_by = "R. himself, at the office, Nasrin interpreting",
		.consent_public = true, .alias = "R., a neighbor of 36 years", .by_user = admin,
		.file = {
			[CF_LEGAL_NAME] = "R. T. (demo)", [CF_A_NUMBER] = "A000-000-000 (demo)",
			[CF_COUNTRY] = "Bangladesh", [CF_SITUATION] = "Removal order from 1999 (a lawyer's error); "
			"motion to reopen being prepared",
			[CF_DETENTION] = "Not detained; reports to ICE", [CF_ATTORNEY] = "Pro bono attorney (demo)",
			[CF_ATTORNEY_CONTACT] = "(212) 555-0100", [CF_FAMILY] = "Wife and two children, Jamaica, Queens",
			[CF_NOTES] = "Told at the last check-in to return with a passport and a one-way ticket.",
		},
	};
	int64_t id = case_create(db, &in);
	if (id <= 0)
		return DB_ERROR;
	for (size_t i = 0; i < sizeof demo_story / sizeof demo_story[0]; i++)
		if (!content_put(db, "case", id, "story", demo_story[i].lang, demo_story[i].text,
		                 REVIEW_DRAFT, NULL))
			return DB_ERROR;
	struct settings s;
	settings_get(&s);
	char date[11], hm[6];
	tz_format_parts(s.timezone, time(NULL) + 86400, date, hm);
	struct case_date_input d = { .kind = "checkin", .title = "ICE check-in (bring passport)",
		.place = "26 Federal Plaza, New York" };
	if (!tz_parse_local(s.timezone, date, "09:00", &d.starts_at))
		return DB_ERROR;
	int64_t date_id = case_date_add(db, id, &d, admin);
	struct case_date_input h = { .kind = "hearing", .title = "Master calendar hearing",
		.place = "290 Broadway, New York", .court = "New York Broadway Immigration Court",
		.judge = "IJ (demo)", .hearing_type = "Master calendar",
		.starts_at = d.starts_at + 30 * 86400 };
	if (date_id <= 0 || case_date_add(db, id, &h, admin) <= 0 ||
	    case_task_add(db, id, "Ask the lawyer about a stay of removal (Form I-246)", admin,
	                  d.starts_at - 3600 * 12, admin) <= 0 ||
	    case_event_add(db, id, "meeting", "Family meeting at the office with R. and his wife", admin,
	                   NULL, 0) <= 0 ||
	    !case_publish(db, id, true, admin))
		return DB_ERROR;
	if (db_exec(db,
	            "INSERT INTO calls (case_id, date_id, place, starts_at, bring, behave, cap, public, "
	            "created_at) VALUES (?, ?, '26 Federal Plaza (meet at the Duane St. side)', ?, "
	            "'ID, water, something to read: waits are long', 'Calm, no confrontation, no "
	            "photos of R. or his family', 40, 1, ?)",
	            DB_ARGS(DB_INT(id), DB_INT(date_id), DB_INT(d.starts_at - 1800),
	                    DB_INT(time(NULL)))) != DB_OK)
		return DB_ERROR;
	int64_t call = db_last_id(db);
	if (db_exec(db, "INSERT INTO call_roles (call_id, role, lang, needed) VALUES (?, 'interpreter', "
	                "'bn', 1), (?, 'legal_observer', '', 2), (?, 'driver', '', 1), (?, 'companion', '', 20)",
	            DB_ARGS(DB_INT(call), DB_INT(call), DB_INT(call), DB_INT(call))) != DB_OK)
		return DB_ERROR;
	const char *base = getenv("SANCTUARY_PUBLIC_URL");
	struct mobilization_input mi = { .case_id = id, .call_id = call,
		.title = "Check-in tomorrow 9:00 — 26 Federal Plaza", .query = "tag=case-supporters",
		.email = true, .sms = true, .texts = demo_texts, .n_texts = 3,
		.base_url = base && *base ? base : "http://127.0.0.1:8080", .by_user = admin };
	struct mobilization_result mr;
	if (!mobilization_send(db, &mi, &mr))
		return DB_ERROR;
	/* some answers already in, as the SMS webhook would pass them on */
	static const struct { const char *phone, *reply; } replies[] = {
		{ "+17185550111", "হ্যাঁ" }, { "+17185550117", "YES" }, { "+17185550114", "2" },
	};
	for (size_t i = 0; i < sizeof replies / sizeof replies[0]; i++)
		mobilization_sms_reply(db, replies[i].phone, person_by_phone(db, replies[i].phone),
		                       replies[i].reply);
	return DB_OK;
}

int demo_fill(struct db *db)
{
	if (db_tx(db, fill, NULL) != DB_OK) {
		fprintf(stderr, "sanctuary: demo content could not be written\n");
		return 1;
	}
	settings_load(db);
	if (user_id_by_email(db, DEMO_ADMIN) == 0) {
		struct arena *a = arena_new(256);
		char *password = random_token(a, 12);
		int64_t id = user_create(db, DEMO_ADMIN, "Demo Admin", ROLE_ADMIN, "en", password);
		if (id > 0) {
			printf("demo sign-in: %s  password: %s\n", DEMO_ADMIN, password);
			printf("(the password is shown only this once)\n");
		}
		arena_destroy(a);
		if (id <= 0)
			return 1;
	} else {
		printf("demo content is up to date (demo sign-in %s already exists)\n", DEMO_ADMIN);
	}
	int64_t admin = user_id_by_email(db, DEMO_ADMIN);
	if (admin <= 0 || db_tx(db, fill_case, &admin) != DB_OK) {
		fprintf(stderr, "sanctuary: the demo case could not be written\n");
		return 1;
	}
	return 0;
}

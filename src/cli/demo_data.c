/* Demo content, so a fresh `make run` shows a living group. Everything is
 * keyed so that running it again changes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/demo.h"
#include "core/arena.h"
#include "core/random.h"
#include "core/tz.h"
#include "db/db.h"
#include "model/cases.h"
#include "model/content.h"
#include "model/mobilize.h"
#include "model/people.h"
#include "model/events.h"
#include "model/petitions.h"
#include "model/tags.h"
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
	/* the same Karim, signed up again at a forum with another email: the
	 * duplicates page shows the pair (same name and ZIP code) */
	{ "Karim", "Hossain", "karim.h@example.org", NULL, "11369", "bn", "bn", "", "forum-2017", 0, true, false },
};

/* Saved searches the group uses to reach people (what mobilization targets). */
static const struct {
	const char *name, *query;
} demo_segments[] = {
	{ "Bengali speakers, weekday mornings, texts OK", "lang_spoken=bn&availability=weekday_mornings&consent=sms" },
	{ "Interpreters", "talent=interpreting" },
	{ "Case supporters reachable by text", "tag=case-supporters&consent=sms" },
	{ "Spanish speakers", "lang_spoken=es" },
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
	for (size_t i = 0; i < sizeof demo_segments / sizeof demo_segments[0]; i++) {
		int64_t exists = 0;
		if (db_get_int(db, "SELECT COUNT(*) FROM segments WHERE name = ?",
		               DB_ARGS(DB_TEXT(demo_segments[i].name)), &exists) != DB_OK)
			return DB_ERROR;
		if (exists == 0 && segment_save(db, demo_segments[i].name, demo_segments[i].query, 0) < 0)
			return DB_ERROR;
	}
	return DB_OK;
}

/* A petition in four languages, signed by some of the neighbors above. */
static const struct {
	const char *lang, *title, *body, *ask, *targets;
} petition_text[] = {
	{ "en", "Let Riaz Talukder stay home with his family",
	  "Riaz Talukder has lived in Queens for 36 years. He has checked in with ICE every year as "
	  "he was told. Now ICE has told him to come back next month with a one-way ticket to "
	  "Bangladesh.\n\nHis wife, his children and his neighbors in Jackson Heights need him here.",
	  "Grant Riaz Talukder a stay of removal and let him reopen his asylum case.",
	  "The Field Office Director, ICE New York Field Office\nOur Representative in Congress" },
	{ "es", "Que Riaz Talukder se quede en casa con su familia",
	  "Riaz Talukder ha vivido en Queens durante 36 años. Se ha presentado ante ICE cada año como "
	  "le pidieron. Ahora ICE le dijo que vuelva el mes que viene con un boleto de ida a "
	  "Bangladesh.\n\nSu esposa, sus hijos y sus vecinos de Jackson Heights lo necesitan aquí.",
	  "Conceder a Riaz Talukder una suspensión de la deportación y dejarle reabrir su caso de asilo.",
	  "El director de la oficina de ICE en Nueva York\nNuestro representante en el Congreso" },
	{ "bn", "রিয়াজ তালুকদারকে তাঁর পরিবারের সাথে থাকতে দিন",
	  "রিয়াজ তালুকদার ৩৬ বছর ধরে কুইন্সে বাস করছেন। প্রতি বছর তিনি আইসের কাছে হাজিরা দিয়েছেন। "
	  "এখন আইস তাঁকে বাংলাদেশের একমুখী টিকিট নিয়ে আসতে বলেছে।\n\nজ্যাকসন হাইটসে তাঁর পরিবার ও "
	  "প্রতিবেশীদের তাঁকে প্রয়োজন।",
	  "রিয়াজ তালুকদারের নির্বাসন স্থগিত করুন এবং তাঁর আশ্রয়ের মামলা আবার খুলতে দিন।",
	  "আইস নিউ ইয়র্ক ফিল্ড অফিসের পরিচালক\nকংগ্রেসে আমাদের প্রতিনিধি" },
	{ "ur", "ریاض تعلقدار کو اپنے خاندان کے ساتھ رہنے دیں",
	  "ریاض تعلقدار 36 سال سے کوئنز میں رہ رہے ہیں۔ وہ ہر سال ICE کے سامنے حاضر ہوتے رہے ہیں۔ اب "
	  "ICE نے انہیں بنگلہ دیش کا یک طرفہ ٹکٹ لے کر آنے کو کہا ہے۔\n\nجیکسن ہائٹس میں ان کے "
	  "خاندان اور پڑوسیوں کو ان کی ضرورت ہے۔",
	  "ریاض تعلقدار کی ملک بدری روکیں اور ان کا پناہ کا مقدمہ دوبارہ کھولنے دیں۔",
	  "ICE نیویارک فیلڈ آفس کے ڈائریکٹر\nکانگریس میں ہمارے نمائندے" },
};

static const struct {
	const char *given, *family, *email, *phone, *zip, *lang, *comment;
	bool show;
} demo_signers[] = {
	{ "Nasrin", "Akter", "nasrin@example.org", NULL, "11372", "bn", "রিয়াজ ভাই আমাদের প্রতিবেশী।", true },
	{ "José", "García", "jose@example.org", NULL, "11368", "es", "Es nuestro vecino desde siempre.", true },
	{ "Sarah", "Cohen", "sarah@example.org", NULL, "11372", "en", "Keep families together.", true },
	{ "Karim", "Hossain", "karim@example.org", NULL, "11369", "bn", NULL, false },
	{ "Ayesha", "Khan", NULL, "+17185550114", "11372", "ur", NULL, true },
	{ "Pemba", "Sherpa", "pemba@example.org", NULL, "11377", "ne", "Solidarity from Woodside.", true },
};

static enum db_status fill_petition(struct db *db)
{
	int64_t id = 0;
	enum db_status st = db_get_int(db, "SELECT id FROM petitions WHERE slug = 'riaz-stays-home'",
	                               DB_NOARGS, &id);
	if (st == DB_OK)
		return DB_OK;
	if (st != DB_NOT_FOUND)
		return DB_ERROR;
	id = petition_create(db, &(struct petition){ .slug = "riaz-stays-home", .goal = 1000 }, 0);
	if (id <= 0)
		return DB_ERROR;
	for (size_t i = 0; i < sizeof petition_text / sizeof petition_text[0]; i++) {
		enum review_status rs = strcmp(petition_text[i].lang, "en") == 0 ? REVIEW_NATIVE : REVIEW_DRAFT;
		const char *by = rs == REVIEW_NATIVE ? "demo" : NULL;
		if (!content_put(db, "petition", id, "title", petition_text[i].lang, petition_text[i].title, rs, by) ||
		    !content_put(db, "petition", id, "body", petition_text[i].lang, petition_text[i].body, rs, by) ||
		    !content_put(db, "petition", id, "ask", petition_text[i].lang, petition_text[i].ask, rs, by) ||
		    !content_put(db, "petition", id, "targets", petition_text[i].lang, petition_text[i].targets, rs, by))
			return DB_ERROR;
	}
	for (size_t i = 0; i < sizeof demo_signers / sizeof demo_signers[0]; i++) {
		struct sign_result r;
		if (!petition_sign(db, &(struct signature_input){
			    .petition_id = id, .given_name = demo_signers[i].given,
			    .family_name = demo_signers[i].family, .email = demo_signers[i].email,
			    .phone = demo_signers[i].phone, .postal_code = demo_signers[i].zip,
			    .comment = demo_signers[i].comment, .lang = demo_signers[i].lang,
			    .show_publicly = demo_signers[i].show, .title = petition_text[0].title }, &r))
			return DB_ERROR;
	}
	return DB_OK;
}

/* A forum in several languages (interpretation, childcare), and a small
 * training that is nearly full, so the waiting list can be seen at work. */
static const struct demo_event {
	const char *slug, *place;
	int days_ahead, capacity;
	const char *interpretation;
	bool childcare;
	const struct { const char *lang, *title, *description, *directions, *accessibility; } text[4];
} demo_events[] = {
	{ "know-your-rights-forum", "P.S. 69, 77-02 37th Avenue, Jackson Heights, NY 11372", 10, 120, "es,bn,ne,ur", true, {
		{ "en", "Know your rights: community forum",
		  "What to do if ICE comes to your door, your workplace or your check-in. Lawyers answer questions; "
		  "neighbors share what worked.\n\nFree, open to everyone. Food and childcare provided.",
		  "7 train to 74 St–Broadway, or E/F/M/R to Jackson Heights–Roosevelt Av; walk two blocks north.",
		  "Step-free entrance on 78th Street. Ask us for seats near the interpreters." },
		{ "es", "Conozca sus derechos: foro comunitario",
		  "Qué hacer si ICE llega a su puerta, a su trabajo o a su cita. Abogados responden preguntas; los "
		  "vecinos cuentan lo que funcionó.\n\nGratis y abierto a todos. Habrá comida y cuidado de niños.",
		  "Tren 7 a 74 St–Broadway, o E/F/M/R a Jackson Heights–Roosevelt Av; camine dos cuadras al norte.",
		  "Entrada sin escalones por la calle 78. Pídanos asientos cerca de los intérpretes." },
		{ "bn", "আপনার অধিকার জানুন: কমিউনিটি সভা",
		  "আইস আপনার দরজায়, কর্মস্থলে বা হাজিরায় এলে কী করবেন। আইনজীবীরা প্রশ্নের উত্তর দেবেন।\n\n"
		  "বিনামূল্যে, সবার জন্য খোলা। খাবার ও শিশু যত্নের ব্যবস্থা থাকবে।",
		  "৭ ট্রেনে 74 St–Broadway, অথবা E/F/M/R ট্রেনে Jackson Heights–Roosevelt Av।",
		  "৭৮ নম্বর স্ট্রিটে সিঁড়িবিহীন প্রবেশপথ।" },
		{ "ne", "आफ्नो अधिकार जान्नुहोस्: सामुदायिक भेला",
		  "आइस तपाईंको ढोका, कार्यस्थल वा हाजिरीमा आएमा के गर्ने। वकिलहरूले प्रश्नको जवाफ दिनुहुनेछ।\n\n"
		  "निःशुल्क, सबैका लागि खुला। खाना र बालबालिकाको हेरचाह उपलब्ध।",
		  "७ नम्बर रेलमा 74 St–Broadway, वा E/F/M/R मा Jackson Heights–Roosevelt Av।",
		  "७८ औं सडकमा भर्याङविनाको प्रवेशद्वार।" } } },
	{ "warrant-training", "Community room, 37-12 75th Street, Jackson Heights, NY 11372", 5, 3, "es", false, {
		{ "en", "Training: a judge's warrant or an ICE form?",
		  "A one-hour training for neighbors who answer the door for others: how to tell a judicial warrant "
		  "from an administrative one, and what to say.", NULL, "Ground floor." },
		{ "es", "Taller: ¿orden judicial o formulario de ICE?",
		  "Un taller de una hora para vecinos que abren la puerta por otros: cómo distinguir una orden "
		  "judicial de una administrativa, y qué decir.", NULL, "Planta baja." },
		{ NULL, NULL, NULL, NULL, NULL }, { NULL, NULL, NULL, NULL, NULL } } },
};

static const struct {
	const char *event, *given, *family, *email, *phone, *lang;
} demo_rsvps[] = {
	{ "know-your-rights-forum", "Nasrin", "Akter", "nasrin@example.org", NULL, "bn" },
	{ "know-your-rights-forum", "Luz", "Hernández", NULL, "+17185550118", "es" },
	{ "know-your-rights-forum", "Pemba", "Sherpa", "pemba@example.org", NULL, "ne" },
	{ "warrant-training", "José", "García", "jose@example.org", NULL, "es" },
	{ "warrant-training", "Sarah", "Cohen", "sarah@example.org", NULL, "en" },
};

static enum db_status fill_events(struct db *db)
{
	int64_t now = time(NULL);
	struct arena *a = arena_new(8192);
	const char *base = getenv("SANCTUARY_PUBLIC_URL") ? getenv("SANCTUARY_PUBLIC_URL") : "http://localhost:8080";
	for (size_t i = 0; i < sizeof demo_events / sizeof demo_events[0]; i++) {
		const struct demo_event *d = &demo_events[i];
		int64_t id = 0;
		enum db_status st = db_get_int(db, "SELECT id FROM events WHERE slug = ?", DB_ARGS(DB_TEXT(d->slug)), &id);
		if (st == DB_OK)
			continue;
		/* 18:30 in New York (23:30 UTC), some days from now */
		int64_t starts = (now / 86400 + d->days_ahead) * 86400 + 23 * 3600 + 30 * 60;
		id = event_create(db, &(struct event){ .slug = d->slug, .starts_at = starts, .ends_at = starts + 2 * 3600,
		                                       .place = d->place, .capacity = d->capacity,
		                                       .interpretation = d->interpretation, .childcare = d->childcare }, 0);
		if (id <= 0) {
			arena_destroy(a);
			return DB_ERROR;
		}
		for (size_t k = 0; k < 4 && d->text[k].lang; k++) {
			enum review_status rs = strcmp(d->text[k].lang, "en") == 0 ? REVIEW_NATIVE : REVIEW_DRAFT;
			const char *by = rs == REVIEW_NATIVE ? "demo" : NULL;
			if (!content_put(db, "event", id, "title", d->text[k].lang, d->text[k].title, rs, by) ||
			    !content_put(db, "event", id, "description", d->text[k].lang, d->text[k].description, rs, by) ||
			    (d->text[k].directions && !content_put(db, "event", id, "directions", d->text[k].lang, d->text[k].directions, rs, by)) ||
			    (d->text[k].accessibility && !content_put(db, "event", id, "accessibility", d->text[k].lang, d->text[k].accessibility, rs, by))) {
				arena_destroy(a);
				return DB_ERROR;
			}
		}
		for (size_t k = 0; k < sizeof demo_rsvps / sizeof demo_rsvps[0]; k++) {
			if (strcmp(demo_rsvps[k].event, d->slug) != 0)
				continue;
			struct rsvp_result r;
			struct rsvp_input in = {
				.event_id = id, .given_name = demo_rsvps[k].given, .family_name = demo_rsvps[k].family,
				.email = demo_rsvps[k].email, .phone = demo_rsvps[k].phone, .lang = demo_rsvps[k].lang,
				.how = "demo",
				.words = { .title = d->text[0].title, .place = d->place,
				           .link_prefix = arena_printf(a, "%s/events/%s/rsvp/", base, d->slug),
				           .page_url = arena_printf(a, "%s/events/%s", base, d->slug) },
			};
			if (!event_rsvp(db, a, &in, &r)) {
				arena_destroy(a);
				return DB_ERROR;
			}
		}
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
	if (demo_fill_rights(db) != DB_OK)
		return DB_ERROR;
	enum db_status st = fill_people(db);
	if (st == DB_OK)
		st = fill_petition(db);
	return st == DB_OK ? fill_events(db) : st;
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
	if (demo_fill_messaging(db) != 0) {
		fprintf(stderr, "sanctuary: demo messages could not be written\n");
		return 1;
	}
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

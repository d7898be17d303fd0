/* Demo content, so a fresh `make run` shows a living group. Everything is
 * keyed so that running it again changes nothing. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/random.h"
#include "db/db.h"
#include "model/content.h"
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
	return 0;
}

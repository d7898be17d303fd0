/* Demo messages: welcomes in Bengali, Spanish and Nepali by email and
 * text, and a supporter who replied BAJA (suppressed, with her consent
 * history and one confirmation). `sanctuary serve` then delivers them by
 * the file transport into DATA/outbox, and /app/messages shows the
 * counts. Keyed, so running the demo again changes nothing. */
#include <stdio.h>

#include "cli/cli.h"
#include "db/db.h"
#include "messaging/replies.h"
#include "model/outbox.h"
#include "model/people.h"

static const struct {
	enum outbox_channel channel;
	const char *to, *lang, *subject, *body, *key;
} welcomes[] = {
	{ OUTBOX_EMAIL, "nasrin@example.org", "bn", "জ্যাকসন হাইটসে স্বাগতম",
	  "নাসরিন, জ্যাকসন হাইটস ইমিগ্রান্ট সলিডারিটিতে যোগ দেওয়ার জন্য ধন্যবাদ।\n"
	  "কেউ আইসিই-র মুখোমুখি হলে আমাদের হটলাইনে ফোন করুন: (718) 555-0142।\n"
	  "পরের সভা: বৃহস্পতিবার সন্ধ্যা ৭টা, ৩৭তম অ্যাভিনিউ।",
	  "demo.welcome.nasrin" },
	{ OUTBOX_SMS, "+17185550112", "es", NULL,
	  "Bienvenido a Jackson Heights Immigrant Solidarity, José. Línea de emergencia: "
	  "(718) 555-0142. Responda BAJA para no recibir más mensajes.",
	  "demo.welcome.jose" },
	{ OUTBOX_EMAIL, "pemba@example.org", "ne", "ज्याक्सन हाइट्समा स्वागत छ",
	  "पेम्बा, ज्याक्सन हाइट्स इमिग्रान्ट सोलिडारिटीमा सामेल हुनुभएकोमा धन्यवाद।\n"
	  "आपतकालीन हटलाइन: (718) 555-0142।",
	  "demo.welcome.pemba" },
	{ OUTBOX_SMS, "+17185550110", "bn", NULL,
	  "রিয়াজ, স্বাগতম! জরুরি হটলাইন: (718) 555-0142। মেসেজ বন্ধ করতে STOP বা বন্ধ লিখুন।",
	  "demo.welcome.riaz" },
};

struct ctx {
	int queued;
};

static enum db_status queue(struct db *db, void *p)
{
	struct ctx *c = p;
	for (size_t i = 0; i < sizeof welcomes / sizeof welcomes[0]; i++) {
		int64_t person = welcomes[i].channel == OUTBOX_EMAIL ? person_by_email(db, welcomes[i].to)
		                                                    : person_by_phone(db, welcomes[i].to);
		struct outbox_message m = {
			.channel = welcomes[i].channel, .person_id = person, .to = welcomes[i].to,
			.lang = welcomes[i].lang, .subject = welcomes[i].subject, .body = welcomes[i].body,
			.purpose = "demo.welcome", .idempotency_key = welcomes[i].key,
		};
		int64_t id = outbox_enqueue(db, &m);
		if (id < 0)
			return DB_ERROR;
		c->queued += id > 0;
	}
	return DB_OK;
}

int demo_fill_messaging(struct db *db)
{
	struct ctx c = { 0 };
	if (db_tx(db, queue, &c) != DB_OK)
		return 1;
	/* Luz replied BAJA to a text: handled once (the MessageSid is the key) */
	if (sms_reply_handle(db, "SMdemo0luz0baja", "+17185550118", "Baja") == REPLY_ERROR)
		return 1;
	if (c.queued)
		printf("demo messages: %d queued; `sanctuary serve` writes them to DATA/outbox\n", c.queued);
	return 0;
}

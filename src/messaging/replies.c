#include "messaging/replies.h"

#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "crypto/seal.h"
#include "db/db.h"
#include "i18n/i18n.h"
#include "i18n/msgid.h"
#include "messaging/keywords.h"
#include "model/inbound.h"
#include "model/messages.h"
#include "model/outbox.h"
#include "model/people.h"
#include "model/settings.h"

struct reply_ctx {
	const char *sid, *from, *body;
	enum reply_kind kind;
};

/* The language of an answer: the keyword's own if it has one that is not
 * English, else the person's, else the group's default. */
static const char *answer_lang(struct db *db, struct arena *a, int64_t person, const char *word_lang)
{
	struct settings s;
	settings_get(&s);
	if (word_lang && strcmp(word_lang, "en") != 0 && i18n_has(word_lang))
		return word_lang;
	char *lang = NULL;
	if (person > 0 &&
	    db_get_text(db, "SELECT lang FROM people WHERE id = ?", DB_ARGS(DB_INT(person)), a,
	                &lang) == DB_OK &&
	    lang && *lang && i18n_has(lang))
		return lang;
	if (word_lang)
		return word_lang;
	return arena_strdup(a, s.default_lang);
}

static bool answer(struct db *db, struct arena *a, const struct reply_ctx *c, int64_t person,
                   const char *lang, const char *purpose, const char *msgid)
{
	struct settings s;
	settings_get(&s);
	char *text = i18n_format(a, lang, msgid, "group", s.group_name, "hotline",
	                         s.hotline[0] ? s.hotline : "-", NULL);
	struct outbox_message m = {
		.channel = OUTBOX_SMS,
		.person_id = person,
		.to = c->from,
		.lang = lang,
		.body = text,
		.purpose = purpose,
		.idempotency_key = arena_printf(a, "%s.%s", purpose, c->sid),
	};
	return outbox_enqueue(db, &m) >= 0;
}

static enum db_status reply_tx(struct db *db, void *p)
{
	struct reply_ctx *c = p;
	unsigned char idx[BLIND_INDEX_BYTES];
	outbox_address_index(OUTBOX_SMS, c->from, idx);
	int64_t now = time(NULL);
	if (db_exec(db,
	            "INSERT INTO sms_inbound (message_sid, from_index, at) VALUES (?, ?, ?) "
	            "ON CONFLICT (message_sid) DO NOTHING",
	            DB_ARGS(DB_TEXT(c->sid), DB_BLOB(idx, sizeof idx), DB_INT(now))) != DB_OK)
		return DB_ERROR;
	if (db_changes(db) == 0) {
		c->kind = REPLY_DUPLICATE;
		return DB_OK;
	}
	int64_t row = db_last_id(db);
	int64_t person = person_by_phone(db, c->from);
	struct arena *a = arena_new(4096);
	const char *word_lang = NULL;
	enum sms_keyword kw = sms_keyword_match(c->body, strlen(c->body), &word_lang);
	const char *lang = answer_lang(db, a, person, word_lang);
	bool ok = true;
	const char *kind = "unhandled";
	switch (kw) {
	case SMS_KW_STOP: {
		c->kind = REPLY_STOP;
		kind = "stop";
		int added = suppression_add(db, OUTBOX_SMS, idx, "reply");
		ok = added >= 0 && messages_person_consent(db, person, OUTBOX_SMS, false, "reply");
		/* one confirmation: not again for a number already stopped */
		if (ok && added == 1)
			ok = answer(db, a, c, person, lang, PURPOSE_SMS_STOP_CONFIRM, N_("sms.stop_confirm"));
		break;
	}
	case SMS_KW_START:
		c->kind = REPLY_START;
		kind = "start";
		ok = suppression_remove(db, OUTBOX_SMS, idx) >= 0 &&
		     messages_person_consent(db, person, OUTBOX_SMS, true, "reply") &&
		     answer(db, a, c, person, lang, PURPOSE_SMS_START_CONFIRM, N_("sms.start_confirm"));
		break;
	case SMS_KW_HELP:
		c->kind = REPLY_HELP;
		kind = "help";
		ok = answer(db, a, c, person, lang, PURPOSE_SMS_HELP, N_("sms.help"));
		break;
	case SMS_KW_NONE:
		if (inbound_sms_dispatch(db, c->from, person, c->body)) {
			c->kind = REPLY_DISPATCHED;
			kind = "dispatched";
		} else {
			c->kind = REPLY_UNHANDLED;
		}
		break;
	}
	size_t len;
	unsigned char *sealed = seal_value(a, "sms_inbound", "body", row, c->body, strlen(c->body), &len);
	ok = ok && sealed &&
	     db_exec(db,
	             "UPDATE sms_inbound SET kind = ?, lang = ?, person_id = ?, body_sealed = ? WHERE id = ?",
	             DB_ARGS(DB_TEXT(kind), DB_TEXT(word_lang ? word_lang : ""),
	                     person > 0 ? DB_INT(person) : DB_NULL, DB_BLOB(sealed, len),
	                     DB_INT(row))) == DB_OK;
	if (ok && person > 0)
		ok = person_activity(db, person, "sms.reply", "sms_inbound", row, kind);
	arena_destroy(a);
	return ok ? DB_OK : DB_ERROR;
}

enum reply_kind sms_reply_handle(struct db *db, const char *message_sid, const char *from,
                                 const char *body)
{
	struct reply_ctx c = { message_sid, from, body ? body : "", REPLY_ERROR };
	if (db_tx(db, reply_tx, &c) != DB_OK)
		return REPLY_ERROR;
	return c.kind;
}

struct status_ctx {
	const char *sid, *status, *error_code;
};

static enum db_status status_tx(struct db *db, void *p)
{
	struct status_ctx *c = p;
	if (db_exec(db,
	            "UPDATE messages SET delivery_status = ?, delivery_at = ? "
	            "WHERE provider_id = ? AND channel = 'sms'",
	            DB_ARGS(DB_TEXT(c->status), DB_INT(time(NULL)), DB_TEXT(c->sid))) != DB_OK)
		return DB_ERROR;
	if (c->error_code && strcmp(c->error_code, "21610") == 0) {
		struct db_rows *r = db_query(db,
			"SELECT to_index FROM messages WHERE provider_id = ? AND channel = 'sms' LIMIT 1",
			DB_ARGS(DB_TEXT(c->sid)));
		if (r == NULL)
			return DB_ERROR;
		unsigned char idx[BLIND_INDEX_BYTES];
		bool found = false;
		if (db_next(r)) {
			size_t len;
			const void *b = db_col_blob(r, 0, &len);
			if (b && len == sizeof idx) {
				memcpy(idx, b, len);
				found = true;
			}
		}
		if (db_done(r) != DB_OK)
			return DB_ERROR;
		if (found && suppression_add(db, OUTBOX_SMS, idx, "provider") < 0)
			return DB_ERROR;
	}
	return DB_OK;
}

bool sms_status_handle(struct db *db, const char *message_sid, const char *status,
                       const char *error_code)
{
	struct status_ctx c = { message_sid, status, error_code };
	return db_tx(db, status_tx, &c) == DB_OK;
}

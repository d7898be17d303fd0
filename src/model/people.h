/* People: everyone the group works with. One record per human, found by
 * any of their emails or phones (blind indexes), so joining twice, signing
 * a petition and being imported all land on the same person.
 *
 * What is sealed: emails, phones, address, notes. What stays searchable:
 * names (folded), postal code, languages, talents, tags, availability,
 * consent status, source, dates. */
#ifndef SANCTUARY_PEOPLE_H
#define SANCTUARY_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct arena;

enum channel { CHANNEL_EMAIL, CHANNEL_SMS, CHANNEL_PHONE, CHANNEL__COUNT };
enum consent { CONSENT_NEVER_ASKED, CONSENT_SUBSCRIBED, CONSENT_UNSUBSCRIBED };

/* Weekly windows of availability, as a bit set. */
#define AVAIL_WEEKDAY_MORNINGS 1u
#define AVAIL_WEEKDAY_AFTERNOONS 2u
#define AVAIL_WEEKDAY_EVENINGS 4u
#define AVAIL_WEEKENDS 8u
#define AVAIL_ALL 15u

const char *channel_name(enum channel c);               /* "email", "sms", "phone" */
/* One AVAIL_* bit's name ("weekday_mornings", ...) and label message id;
 * "" for anything else. */
const char *availability_name(unsigned bit);
const char *availability_msgid(unsigned bit);
const char *consent_name(enum consent c);               /* "subscribed", ... */
bool consent_parse(const char *s, enum consent *out);

/* What a form, an import or the API says about a person: already
 * validated and normalized (emails lowercased, phones E.164, text NFC). */
struct person_input {
	const char *given_name, *family_name, *known_as;
	const char *postal_code, *address, *notes;
	const char *lang, *source;
	const char *const *emails;
	size_t n_emails;
	const char *const *phones;
	size_t n_phones;
	const char *const *languages;
	size_t n_languages;
	const char *const *talents;     /* talent slugs */
	size_t n_talents;
	unsigned availability;          /* added to what is known */
	bool subscribe[CHANNEL__COUNT]; /* explicit ticks only: consent moves to subscribed */
	const char *how;                /* where consent was given: "join", "import", "staff" */
	int64_t by_user;                /* staff member acting, or 0 */
};

/* Finds the person with any of the input's emails or phones and adds to
 * them (never erasing what is known), or creates a new person. Consent
 * moves to "subscribed" only for ticked channels, recorded as history.
 * Runs inside the caller's write transaction. Returns the person's id
 * (setting *created) or -1 on error. */
int64_t person_upsert(struct db *db, const struct person_input *in, bool *created);

/* Changes a known person (the API's PUT, staff edits): non-NULL names,
 * postal code and preferred language replace what is stored (an empty
 * string clears); emails, phones, languages and talents are added, as in
 * person_upsert. False if the person is missing or merged. Inside the
 * caller's transaction. */
bool person_update(struct db *db, int64_t id, const struct person_input *in);

/* A staff member's edit of a person: everything on the edit form. Names,
 * postal code, language, address and notes replace what is stored ("" clears
 * address and notes); languages, talents and availability are the whole new
 * sets; consent changes are recorded as history (how "staff", by_user). */
struct person_edit {
	const char *given_name, *family_name, *known_as, *postal_code, *lang;
	const char *address, *notes;
	const char *const *languages;
	size_t n_languages;
	const char *const *talents;
	size_t n_talents;
	unsigned availability;
	int consent[CHANNEL__COUNT];            /* -1: unchanged; else an enum consent */
	const char *add_email, *add_phone;      /* normalized, or NULL */
	const char *const *remove_emails;       /* normalized values to remove */
	size_t n_remove_emails;
	const char *const *remove_phones;
	size_t n_remove_phones;
	int64_t by_user;
};
bool person_edit(struct db *db, int64_t id, const struct person_edit *e);

/* Records a consent change for one channel (history, then the cached
 * status), unless it is already so. `how`: "staff", "reply", "unsubscribe
 * link", ... Inside the caller's transaction. */
bool person_set_consent(struct db *db, int64_t id, enum channel c, enum consent status,
                        const char *how, int64_t by_user);

/* The id of the person with this normalized email or E.164 phone, or 0. */
int64_t person_by_email(struct db *db, const char *email);
int64_t person_by_phone(struct db *db, const char *phone);

struct person {
	int64_t id;
	const char *given_name, *family_name, *known_as, *display_name;
	const char *postal_code, *lang, *source;
	const char *address, *notes;    /* NULL unless contact details were asked for */
	const char *const *emails;      /* NULL-terminated; empty unless asked for */
	const char *const *phones;
	const char *const *languages;   /* NULL-terminated */
	const char *const *talents;
	const char *const *tags;
	unsigned availability;
	enum consent consent[CHANNEL__COUNT];
	int64_t created_at, updated_at;
};

/* Loads a person. `with_contact` opens emails, phones, address and notes;
 * without it they stay NULL/empty (a volunteer's view). */
bool person_get(struct db *db, struct arena *a, int64_t id, bool with_contact,
                struct person *out);

/* ---- search ---- */

struct people_query {
	const char *q;          /* part of a name, any script; or a postal code */
	const char *tag;        /* tag name */
	const char *lang;       /* speaks this language */
	const char *talent;     /* talent slug */
	unsigned availability;  /* any of these windows */
	int consent_channel;    /* -1: any; else only people subscribed on it */
	const char *source;
	int64_t joined_from, joined_to; /* created_at range, 0 = open */
	const char *sort;       /* "name" (default), "newest", "oldest" */
	int page;               /* from 1 */
	int per_page;
	int count_cap;          /* > 0: count at most this many + 1 (lists show "more than") */
};

struct person_row {
	int64_t id;
	const char *display_name;
	const char *postal_code;
	const char *lang;
	int64_t created_at;
};

typedef void (*person_row_fn)(const struct person_row *row, void *ctx);
/* Runs the query; calls fn per row of the page; sets *total to the number
 * of matches (with count_cap, at most count_cap + 1: "more than"). Returns
 * false on error. */
bool people_search(struct db *db, struct arena *a, const struct people_query *q,
                   person_row_fn fn, void *ctx, int64_t *total);

/* Calls fn with the id of everyone the query matches (all pages, one
 * query, in id order): what a mobilization sends to. */
typedef void (*person_id_fn)(int64_t id, void *ctx);
bool people_ids(struct db *db, struct arena *a, const struct people_query *q, person_id_fn fn,
                void *ctx);

/* Tags everyone the query matches (all pages) with tag_id; sets *tagged
 * to how many were newly tagged. Inside the caller's transaction. */
bool people_tag_matching(struct db *db, struct arena *a, const struct people_query *q,
                         int64_t tag_id, int64_t *tagged);

/* Message ids of the talents the people migration seeds (so the catalog
 * check knows them), NULL-terminated. */
extern const char *const seeded_talent_msgids[];

/* Records something a person did (later features: signatures, RSVPs...). */
bool person_activity(struct db *db, int64_t person_id, const char *kind, const char *ref_kind,
                     int64_t ref_id, const char *detail);

#endif

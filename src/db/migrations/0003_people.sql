-- People: members, volunteers, supporters, signers, attendees, partner
-- contacts. Names stay searchable; addresses, notes, emails and phones are
-- sealed, with blind indexes on email and phone for exact lookup and
-- dedupe. A person may be pseudonymous (a first name and a phone only).

CREATE TABLE people (
	id INTEGER PRIMARY KEY,
	given_name TEXT NOT NULL DEFAULT '',
	family_name TEXT NOT NULL DEFAULT '',
	known_as TEXT NOT NULL DEFAULT '',
	name_fold TEXT NOT NULL DEFAULT '',   -- text_fold of the names, for search and dedupe
	postal_code TEXT NOT NULL DEFAULT '',
	address_sealed BLOB,
	notes_sealed BLOB,
	lang TEXT NOT NULL DEFAULT '',        -- preferred language (BCP 47)
	availability INTEGER NOT NULL DEFAULT 0, -- bit set of AVAIL_* (model/people.h)
	source TEXT NOT NULL DEFAULT '',      -- how they came to us: join, import, staff, petition...
	consent_email TEXT NOT NULL DEFAULT 'never_asked',
	consent_sms TEXT NOT NULL DEFAULT 'never_asked',
	consent_phone TEXT NOT NULL DEFAULT 'never_asked',
	merged_into INTEGER REFERENCES people(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX people_name_fold ON people(name_fold);
CREATE INDEX people_postal ON people(postal_code);
CREATE INDEX people_created ON people(created_at);

CREATE TABLE person_emails (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	email_index BLOB NOT NULL,
	email_sealed BLOB NOT NULL,
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX person_emails_index ON person_emails(email_index);
CREATE INDEX person_emails_person ON person_emails(person_id);

CREATE TABLE person_phones (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	phone_index BLOB NOT NULL,
	phone_sealed BLOB NOT NULL,
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX person_phones_index ON person_phones(phone_index);
CREATE INDEX person_phones_person ON person_phones(person_id);

CREATE TABLE person_languages (
	person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	lang TEXT NOT NULL,
	PRIMARY KEY (person_id, lang)
) STRICT, WITHOUT ROWID;
CREATE INDEX person_languages_lang ON person_languages(lang, person_id);

-- Talents the group can edit; the seeded ones carry a message id so their
-- names are translated, the group's own carry a name.
CREATE TABLE talents (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL DEFAULT '',
	msgid TEXT,
	position INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO talents (slug, msgid, position) VALUES
	('interpreting', 'talent.interpreting', 1), ('legal', 'talent.legal', 2),
	('accompaniment', 'talent.accompaniment', 3), ('driving', 'talent.driving', 4),
	('childcare', 'talent.childcare', 5), ('design', 'talent.design', 6),
	('social_media', 'talent.social_media', 7), ('writing', 'talent.writing', 8),
	('photography', 'talent.photography', 9), ('food', 'talent.food', 10),
	('canvassing', 'talent.canvassing', 11), ('tech', 'talent.tech', 12);

CREATE TABLE person_talents (
	person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	talent_id INTEGER NOT NULL REFERENCES talents(id) ON DELETE CASCADE,
	detail TEXT NOT NULL DEFAULT '',      -- e.g. the languages someone interprets
	PRIMARY KEY (person_id, talent_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX person_talents_talent ON person_talents(talent_id, person_id);

CREATE TABLE tags (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE COLLATE NOCASE,
	created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE taggings (
	tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
	person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (tag_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX taggings_person ON taggings(person_id, tag_id);

-- Consent is history, never overwritten: the people row caches the latest
-- status per channel for filtering.
CREATE TABLE consent_events (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'phone')),
	status TEXT NOT NULL CHECK (status IN ('subscribed', 'unsubscribed', 'never_asked')),
	at INTEGER NOT NULL,
	how TEXT NOT NULL,                    -- which form or action: join, import, staff, reply...
	by_user INTEGER REFERENCES users(id) ON DELETE SET NULL
) STRICT;
CREATE INDEX consent_events_person ON consent_events(person_id, channel, at);

-- What a person did with the group: later features add signatures, RSVPs,
-- attendance, mobilization answers, visits.
CREATE TABLE activities (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	at INTEGER NOT NULL,
	kind TEXT NOT NULL,
	ref_kind TEXT,
	ref_id INTEGER,
	detail TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX activities_person ON activities(person_id, at);

CREATE TABLE segments (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE COLLATE NOCASE,
	query TEXT NOT NULL,                  -- the search's query string, recomputed when used
	created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL
) STRICT;

-- Search as you type: trigram over folded names (substring match in any
-- script, "jose" finds "José"), kept in step by the model.
CREATE VIRTUAL TABLE people_search USING fts5(name_fold, tokenize = 'trigram');

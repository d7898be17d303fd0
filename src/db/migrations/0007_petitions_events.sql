-- Petitions and their signatures; events (forums, trainings), RSVPs and
-- attendance. Titles and texts are content translations
-- (translations(entity 'petition' | 'event', ...)), each with its review
-- status. Signers and attendees are people (model/people.h).

CREATE TABLE petitions (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	goal INTEGER NOT NULL DEFAULT 0,
	case_id INTEGER,                      -- a case (no foreign key until cases exist)
	starts_at INTEGER NOT NULL DEFAULT 0, -- 0: open from creation
	ends_at INTEGER NOT NULL DEFAULT 0,   -- 0: no end
	visibility TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'unlisted')),
	double_opt_in INTEGER NOT NULL DEFAULT 0,
	signature_count INTEGER NOT NULL DEFAULT 0, -- counted (confirmed) signatures, kept in the signing transaction
	created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE petition_signatures (
	id INTEGER PRIMARY KEY,
	petition_id INTEGER NOT NULL REFERENCES petitions(id) ON DELETE CASCADE,
	person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	name TEXT NOT NULL DEFAULT '',        -- as signed, for the delivery packet
	public_name TEXT NOT NULL DEFAULT '', -- first name and initial, only when they opted in
	postal_code TEXT NOT NULL DEFAULT '',
	comment_sealed BLOB,
	comment_hidden INTEGER NOT NULL DEFAULT 0,
	lang TEXT NOT NULL DEFAULT '',
	confirmed INTEGER NOT NULL DEFAULT 1,
	confirm_hash BLOB UNIQUE,             -- secret_hash of the emailed link's token
	created_at INTEGER NOT NULL,
	confirmed_at INTEGER,
	UNIQUE (petition_id, person_id)
) STRICT;
CREATE INDEX petition_signatures_recent ON petition_signatures(petition_id, confirmed, created_at);

-- Milestones (100, 1,000 and the goal) as they are reached, for the
-- linked case's timeline (cases read them by case_id).
CREATE TABLE petition_milestones (
	id INTEGER PRIMARY KEY,
	petition_id INTEGER NOT NULL REFERENCES petitions(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('100', '1000', 'goal')),
	count INTEGER NOT NULL,
	case_id INTEGER,
	reached_at INTEGER NOT NULL,
	UNIQUE (petition_id, kind)
) STRICT;
CREATE INDEX petition_milestones_case ON petition_milestones(case_id, reached_at);

CREATE TABLE events (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	starts_at INTEGER NOT NULL,
	ends_at INTEGER NOT NULL,
	place TEXT NOT NULL DEFAULT '',       -- the venue's name and address (public)
	capacity INTEGER NOT NULL DEFAULT 0,  -- 0: no limit
	interpretation TEXT NOT NULL DEFAULT '', -- language codes offered, comma-separated
	childcare INTEGER NOT NULL DEFAULT 0,
	visibility TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'unlisted')),
	anonymous_count INTEGER NOT NULL DEFAULT 0, -- headcount at the door of people who gave no name
	sequence INTEGER NOT NULL DEFAULT 0,  -- iCalendar SEQUENCE, bumped on every edit
	created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX events_starts ON events(starts_at);

CREATE TABLE event_rsvps (
	id INTEGER PRIMARY KEY,
	event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
	person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	name TEXT NOT NULL DEFAULT '',
	name_fold TEXT NOT NULL DEFAULT '',   -- for search at the door
	status TEXT NOT NULL CHECK (status IN ('going', 'waitlist', 'cancelled')),
	lang TEXT NOT NULL DEFAULT '',
	interpretation TEXT NOT NULL DEFAULT '', -- language needed, if any
	childcare INTEGER NOT NULL DEFAULT 0,    -- children needing care
	cancel_hash BLOB UNIQUE,              -- secret_hash of the personal cancel link's token
	walk_in INTEGER NOT NULL DEFAULT 0,
	new_person INTEGER NOT NULL DEFAULT 0, -- the RSVP or walk-in created the person
	first_time INTEGER NOT NULL DEFAULT 0, -- first event they attended (set at check-in)
	checked_in_at INTEGER,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	UNIQUE (event_id, person_id)
) STRICT;
CREATE INDEX event_rsvps_event ON event_rsvps(event_id, status, id);

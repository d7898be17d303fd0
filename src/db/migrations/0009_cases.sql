-- Cases: a neighbor facing deportation, supported by a case team.
-- Everything that could identify the person or their situation is sealed
-- field by field (bound to table, column and row). What stays in clear is
-- what the team needs to sort and schedule: a pseudonymous working title,
-- dates, kinds, statuses. The public alias and approved story are public
-- only when the person agreed (consent_public).

CREATE TABLE cases (
	id INTEGER PRIMARY KEY,
	person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
	title TEXT NOT NULL,                  -- working title, pseudonymous ("R. — check-in")
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
	-- consent: who gave it, who recorded it, when, and what may be public
	consent_given_by TEXT NOT NULL DEFAULT '', -- "the person", "his wife (power of attorney)"...
	consent_by_user INTEGER REFERENCES users(id) ON DELETE SET NULL,
	consent_at INTEGER NOT NULL,
	consent_public INTEGER NOT NULL DEFAULT 0,  -- a public campaign page with alias and story
	consent_photo INTEGER NOT NULL DEFAULT 0,
	alias TEXT NOT NULL DEFAULT '',       -- public name on the campaign page (only if consent_public)
	slug TEXT UNIQUE,                     -- /c/{slug}, random, set when the page is published
	published INTEGER NOT NULL DEFAULT 0,
	petition_id INTEGER,                  -- the case's petition (left for the petitions feature to link)
	-- the private file
	legal_name_sealed BLOB,
	a_number_sealed BLOB,
	country_sealed BLOB,
	situation_sealed BLOB,
	detention_sealed BLOB,
	facility_sealed BLOB,
	attorney_sealed BLOB,
	attorney_contact_sealed BLOB,
	family_sealed BLOB,
	notes_sealed BLOB,
	-- the latest outcome (history is on the timeline)
	outcome TEXT CHECK (outcome IN ('stay_granted', 'released', 'reopened', 'deported', 'detained')),
	outcome_until INTEGER,
	outcome_at INTEGER,
	created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX cases_person ON cases(person_id);

-- The case team: organizers assigned (admins see every case).
CREATE TABLE case_team (
	case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	added_at INTEGER NOT NULL,
	PRIMARY KEY (case_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX case_team_user ON case_team(user_id, case_id);

-- Key dates: ICE check-ins, hearings, filing deadlines. Stored in UTC.
CREATE TABLE case_dates (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('checkin', 'hearing', 'deadline', 'other')),
	title TEXT NOT NULL DEFAULT '',
	place TEXT NOT NULL DEFAULT '',
	court TEXT NOT NULL DEFAULT '',
	judge TEXT NOT NULL DEFAULT '',
	hearing_type TEXT NOT NULL DEFAULT '',
	starts_at INTEGER NOT NULL,
	status TEXT NOT NULL DEFAULT 'scheduled'
		CHECK (status IN ('scheduled', 'done', 'cancelled', 'missed')),
	reminder_gen INTEGER NOT NULL DEFAULT 0, -- bumped when reminders are cancelled: new ones get new keys
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX case_dates_case ON case_dates(case_id, starts_at);

-- Every change of a date's time or place, never overwritten.
CREATE TABLE case_date_changes (
	id INTEGER PRIMARY KEY,
	date_id INTEGER NOT NULL REFERENCES case_dates(id) ON DELETE CASCADE,
	old_starts_at INTEGER NOT NULL,
	new_starts_at INTEGER NOT NULL,
	old_place TEXT NOT NULL DEFAULT '',
	new_place TEXT NOT NULL DEFAULT '',
	reason_sealed BLOB,
	by_user INTEGER REFERENCES users(id) ON DELETE SET NULL,
	at INTEGER NOT NULL
) STRICT;
CREATE INDEX case_date_changes_date ON case_date_changes(date_id, at);

-- The timeline: what happened. The text is sealed.
CREATE TABLE case_events (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	at INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('opened', 'consent', 'note', 'meeting', 'call', 'filing',
		'press', 'petition', 'outcome', 'date', 'reschedule', 'task', 'mobilization', 'answer',
		'accompaniment', 'document')),
	text_sealed BLOB,
	by_user INTEGER REFERENCES users(id) ON DELETE SET NULL,
	ref_kind TEXT,
	ref_id INTEGER
) STRICT;
CREATE INDEX case_events_case ON case_events(case_id, at);

CREATE TABLE case_tasks (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	title_sealed BLOB,
	owner INTEGER REFERENCES users(id) ON DELETE SET NULL,
	due_at INTEGER,
	done_at INTEGER,
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX case_tasks_case ON case_tasks(case_id, done_at, due_at);

-- Documents of a case: the file and its name sealed; served only as
-- downloads (Content-Disposition: attachment), never rendered.
CREATE TABLE case_documents (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('pdf', 'jpeg', 'png', 'text')), -- from the bytes, not the browser
	size INTEGER NOT NULL,
	name_sealed BLOB,
	content_sealed BLOB,
	by_user INTEGER REFERENCES users(id) ON DELETE SET NULL,
	at INTEGER NOT NULL
) STRICT;
CREATE INDEX case_documents_case ON case_documents(case_id, at);

-- The public photo, only with the person's consent to it; metadata
-- (EXIF, GPS, comments) is removed before it is stored. Public when the
-- page is: not sealed. Deleted when the consent is withdrawn.
CREATE TABLE case_photos (
	case_id INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('jpeg', 'png')),
	data BLOB NOT NULL,
	at INTEGER NOT NULL
) STRICT;

-- Accompaniment calls for a key date.
CREATE TABLE calls (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	date_id INTEGER REFERENCES case_dates(id) ON DELETE SET NULL,
	place TEXT NOT NULL,
	starts_at INTEGER NOT NULL,
	bring TEXT NOT NULL DEFAULT '',
	behave TEXT NOT NULL DEFAULT '',
	cap INTEGER NOT NULL DEFAULT 0,       -- 0: no cap
	public INTEGER NOT NULL DEFAULT 0,    -- listed on the case's public page
	debrief_sealed BLOB,
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX calls_case ON calls(case_id);

CREATE TABLE call_roles (
	id INTEGER PRIMARY KEY,
	call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
	role TEXT NOT NULL CHECK (role IN ('interpreter', 'legal_observer', 'driver', 'companion')),
	lang TEXT NOT NULL DEFAULT '',        -- interpreter: which language
	needed INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX call_roles_call ON call_roles(call_id);

CREATE TABLE call_signups (
	id INTEGER PRIMARY KEY,
	call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
	person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	role_id INTEGER REFERENCES call_roles(id) ON DELETE SET NULL,
	via TEXT NOT NULL DEFAULT 'link',     -- link, public, staff, sms
	came INTEGER,                         -- NULL: not checked in yet; 1 came; 0 did not
	created_at INTEGER NOT NULL,
	UNIQUE (call_id, person_id)
) STRICT;

-- Mobilizations: one question to many people, each with a personal link.
CREATE TABLE mobilizations (
	id INTEGER PRIMARY KEY,
	case_id INTEGER REFERENCES cases(id) ON DELETE CASCADE,
	call_id INTEGER REFERENCES calls(id) ON DELETE SET NULL,
	title TEXT NOT NULL,
	segment_query TEXT NOT NULL DEFAULT '', -- the people query used (recomputed when sent)
	email INTEGER NOT NULL DEFAULT 0,
	sms INTEGER NOT NULL DEFAULT 0,
	recipients INTEGER NOT NULL DEFAULT 0,
	outcome_text TEXT NOT NULL DEFAULT '',
	reminded_at INTEGER,
	thanked_at INTEGER,
	created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL,
	sent_at INTEGER
) STRICT;
CREATE INDEX mobilizations_case ON mobilizations(case_id);

-- The message of a mobilization in each language: sealed like the
-- messages themselves (it may say whose hearing it is).
CREATE TABLE mobilization_texts (
	mobilization_id INTEGER NOT NULL REFERENCES mobilizations(id) ON DELETE CASCADE,
	lang TEXT NOT NULL,
	id INTEGER NOT NULL,                  -- row id for the seal's associated data
	body_sealed BLOB,
	PRIMARY KEY (mobilization_id, lang)
) STRICT;

-- One row per person asked. The link token is stored only as a keyed hash.
CREATE TABLE mobilization_answers (
	id INTEGER PRIMARY KEY,
	mobilization_id INTEGER NOT NULL REFERENCES mobilizations(id) ON DELETE CASCADE,
	person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	token_hash BLOB NOT NULL UNIQUE,
	lang TEXT NOT NULL DEFAULT '',
	by_email INTEGER NOT NULL DEFAULT 0,   -- asked by email
	by_sms INTEGER NOT NULL DEFAULT 0,     -- asked by SMS (replies by SMS count)
	answer TEXT CHECK (answer IN ('yes', 'no', 'maybe')),
	role TEXT NOT NULL DEFAULT '',
	via TEXT,                             -- link, sms
	answered_at INTEGER,
	UNIQUE (mobilization_id, person_id)
) STRICT;
CREATE INDEX mobilization_answers_person ON mobilization_answers(person_id, mobilization_id);
CREATE INDEX mobilization_answers_count ON mobilization_answers(mobilization_id, answer, role);

-- Signatures taken in during a crowd (model/petition_intake.h): one sealed
-- row each, written in the commit that answers the signer, filed into the
-- person, the signature, its history and its message moments later.
CREATE TABLE petition_intake (
	id INTEGER PRIMARY KEY,
	petition_id INTEGER NOT NULL REFERENCES petitions(id) ON DELETE CASCADE,
	email_index BLOB,                     -- blind index (people.email) of the email given, if any
	phone_index BLOB,                     -- blind index (people.phone) of the phone given, if any
	counted INTEGER NOT NULL,             -- 1: already in petitions.signature_count
	payload_sealed BLOB NOT NULL,         -- what the signer sent (JSON), sealed to this row
	created_at INTEGER NOT NULL,          -- when they signed: the filed signature keeps it
	failed INTEGER NOT NULL DEFAULT 0     -- could not be filed: kept aside and logged
) STRICT;
-- "you already signed" for a signature not filed yet
CREATE INDEX petition_intake_email ON petition_intake(email_index, petition_id) WHERE email_index IS NOT NULL;
CREATE INDEX petition_intake_phone ON petition_intake(phone_index, petition_id) WHERE phone_index IS NOT NULL;

-- The transactional outbox: every message (email or SMS) is a row written
-- in the same transaction as what caused it (a signature, an RSVP, a call
-- to a hearing). A delivery worker sends queued rows with retries; a
-- crash mid-send loses nothing, and a repeat carries the same
-- idempotency key. Addresses and bodies are personal data: sealed.

CREATE TABLE messages (
	id INTEGER PRIMARY KEY,
	channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
	person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
	to_index BLOB NOT NULL,               -- blind index of the address (suppression, per-recipient keys)
	to_sealed BLOB,                       -- email address or E.164 number
	subject_sealed BLOB,                  -- email only
	body_sealed BLOB,                     -- plain text
	attachment_name TEXT,                 -- e.g. event.ics (email only)
	attachment_type TEXT,
	attachment_sealed BLOB,
	lang TEXT NOT NULL DEFAULT '',
	bulk INTEGER NOT NULL DEFAULT 0,      -- bulk mail carries List-Unsubscribe (RFC 8058)
	purpose TEXT NOT NULL,                -- what it is for: petition.confirm, event.rsvp, event.reminder, ...
	ref_kind TEXT,                        -- what caused it: petition, event, case, mobilization...
	ref_id INTEGER,
	idempotency_key TEXT NOT NULL UNIQUE, -- stable per message and recipient: Message-ID, SMS request key
	status TEXT NOT NULL DEFAULT 'queued'
		CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'dead', 'suppressed', 'cancelled')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER NOT NULL,     -- not before: reminders are queued for later
	provider_id TEXT,                     -- the transport's id, recorded before the message counts as sent
	last_error TEXT,
	created_at INTEGER NOT NULL,
	sent_at INTEGER
) STRICT;
CREATE INDEX messages_due ON messages(status, next_attempt_at);
CREATE INDEX messages_ref ON messages(ref_kind, ref_id, purpose);
CREATE INDEX messages_person ON messages(person_id);

-- Staff accounts, sessions, invitations, two-factor, API tokens and the
-- audit log. Personal data is sealed (XChaCha20-Poly1305, see
-- src/crypto/seal.h); secrets we only compare are stored as keyed hashes.

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	email_index BLOB NOT NULL UNIQUE,    -- blind index of the lowercased email
	email_sealed BLOB NOT NULL,
	name_sealed BLOB NOT NULL,
	lang TEXT NOT NULL DEFAULT 'en',
	role TEXT NOT NULL CHECK (role IN ('admin', 'organizer', 'volunteer')),
	password_hash TEXT,                  -- argon2id string; NULL until set
	disabled INTEGER NOT NULL DEFAULT 0,
	totp_sealed BLOB,                    -- TOTP secret; NULL until enrolled
	totp_last_counter INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;

-- Only a keyed hash of the token is stored: a copy of the database
-- cannot be used to sign in.
CREATE TABLE sessions (
	id INTEGER PRIMARY KEY,
	token_hash BLOB NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	user_agent TEXT                      -- browser family only, to tell sessions apart
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE invitations (
	id INTEGER PRIMARY KEY,
	token_hash BLOB NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at INTEGER
) STRICT;

CREATE TABLE recovery_codes (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	code_hash BLOB NOT NULL UNIQUE,
	used_at INTEGER
) STRICT;

CREATE TABLE api_tokens (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('admin', 'organizer', 'volunteer')),
	token_hash BLOB NOT NULL UNIQUE,
	created_at INTEGER NOT NULL,
	last_used_at INTEGER,
	revoked_at INTEGER
) STRICT;

-- Append-only, hash-chained: each entry's hash covers its fields and the
-- previous entry's hash, keyed with the audit key. Records who did what to
-- which record and when, never the content.
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	actor_kind TEXT NOT NULL,            -- user, token, cli, system, anonymous
	actor_id INTEGER,
	action TEXT NOT NULL,                -- e.g. signin.failed, settings.change, case.read
	object_kind TEXT,
	object_id INTEGER,
	outcome TEXT NOT NULL DEFAULT 'ok',
	prev_hash BLOB NOT NULL,
	hash BLOB NOT NULL
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

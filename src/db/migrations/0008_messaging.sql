-- Messaging: delivery of the outbox (0004), suppression, replies.
--
-- A suppressed address is never selected by the delivery worker's claim
-- query (messages to it end as 'suppressed'). Addresses appear only as the
-- outbox's blind index (model/outbox.h outbox_address_index).
CREATE TABLE suppressions (
	channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
	address_index BLOB NOT NULL,
	reason TEXT NOT NULL,                 -- reply (STOP), unsubscribe (one-click), bounce, provider
	at INTEGER NOT NULL,
	PRIMARY KEY (channel, address_index)
) STRICT, WITHOUT ROWID;

-- Inbound SMS, one row per gateway MessageSid: a webhook retried by the
-- gateway is handled once.
CREATE TABLE sms_inbound (
	id INTEGER PRIMARY KEY,
	message_sid TEXT NOT NULL UNIQUE,
	from_index BLOB NOT NULL,             -- outbox_address_index of the sender
	person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
	body_sealed BLOB,
	kind TEXT NOT NULL DEFAULT 'new',     -- stop, start, help, dispatched, unhandled
	lang TEXT NOT NULL DEFAULT '',
	at INTEGER NOT NULL
) STRICT;
CREATE INDEX sms_inbound_at ON sms_inbound(at);

-- What the gateway's status callbacks said after we handed a message over.
ALTER TABLE messages ADD COLUMN delivery_status TEXT;
ALTER TABLE messages ADD COLUMN delivery_at INTEGER;
CREATE INDEX messages_provider ON messages(provider_id);
-- Bulk messages wait out the group's quiet hours unless marked urgent, with
-- the reason (an urgent mobilization: "hearing moved to tomorrow 9:00").
ALTER TABLE messages ADD COLUMN urgent_reason TEXT;

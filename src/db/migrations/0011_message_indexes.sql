-- Fewer index entries per queued message. Every signature of a viral
-- petition queues a confirmation inside its commit, and each index entry
-- with a scattered key (an address's blind index, a provider's id) dirties
-- a page of its own that the commit has to write. Rows only need indexing
-- in the states something looks them up by:
--   sending      recovered after a crash (few at any time)
--   dead/failed  listed for staff (rare)
--   provider id  set once sent, looked up by the gateway's status callbacks
-- Suppressed addresses are now found among the rows a claim is about to
-- send (model/messages.c), so queued rows need no index by address.
DROP INDEX IF EXISTS messages_due;
DROP INDEX IF EXISTS messages_queued_to;
DROP INDEX IF EXISTS messages_provider;
CREATE INDEX messages_sending ON messages(id) WHERE status = 'sending';
CREATE INDEX messages_trouble ON messages(id) WHERE status IN ('dead', 'failed');
CREATE INDEX messages_provider ON messages(provider_id) WHERE provider_id IS NOT NULL;

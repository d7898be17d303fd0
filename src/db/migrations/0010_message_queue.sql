-- The send queue as the delivery workers read it: only queued rows, per
-- channel, in due order, so claiming the next batch costs the batch and
-- not the backlog (a petition going viral queues thousands of
-- confirmations at once).
CREATE INDEX messages_queued ON messages(channel, next_attempt_at, id) WHERE status = 'queued';
-- Queued rows by address, for the few suppressed addresses (STOP, bounces,
-- one-click unsubscribes) to find their messages without a scan.
CREATE INDEX messages_queued_to ON messages(to_index, channel) WHERE status = 'queued';

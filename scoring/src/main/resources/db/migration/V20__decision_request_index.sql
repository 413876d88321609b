-- A retry with an Idempotency-Key finds its request's decisions by this index (V19). Built
-- concurrently, outside a transaction, so that instances of the previous version go on recording
-- decisions while it is built on a large table.
CREATE INDEX CONCURRENTLY IF NOT EXISTS decision_request
    ON decision (request_key, request_item) WHERE request_key IS NOT NULL;

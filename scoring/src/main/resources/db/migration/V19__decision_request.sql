-- The client's request a decision was made for, when the client named it with an Idempotency-Key
-- header: a keyed digest of the caller, the route and the key (never the key itself), and the
-- item's place in the request. A retry of the request (after a timeout, a lost answer or a crash of
-- the service) is answered with the decisions already recorded for it, so that an application is
-- not decided, queued and counted twice. Decisions of requests without a key leave both empty.
-- Whether the amount limit lowered a manual check or a hold to extra questions: part of the answer
-- (belowAmountLimit), which a retry gets again from the record; null in rows written before.
-- New nullable columns without a default change no row, and the checks are NOT VALID (every
-- existing row has nulls, which pass them; new rows are checked), so the table is locked for a
-- moment only, not for a scan: instances of the previous version go on recording. The index is
-- built concurrently by V20.
ALTER TABLE decision
    ADD COLUMN request_key        text,
    ADD COLUMN request_item       integer,
    ADD COLUMN below_amount_limit boolean;
ALTER TABLE decision ADD CONSTRAINT decision_request_item_valid
    CHECK (request_item >= 0) NOT VALID;
ALTER TABLE decision ADD CONSTRAINT decision_request_whole
    CHECK ((request_key IS NULL) = (request_item IS NULL)) NOT VALID;
COMMENT ON COLUMN decision.request_key IS
    'HMAC-SHA256 (hex) of the caller, the route and the client''s Idempotency-Key, or null';
COMMENT ON COLUMN decision.request_item IS
    'The decision''s item in that request (0 for a single application), or null';
COMMENT ON COLUMN decision.below_amount_limit IS
    'Whether the amount limit lowered a manual check or hold to extra questions; null before V19';

-- An auditor asks why application A was selected: GET /v1/decisions?applicationId=A finds its
-- decisions by this index. Built concurrently, outside a transaction, so that instances of the
-- previous version go on recording decisions while it is built on a large table.
CREATE INDEX CONCURRENTLY IF NOT EXISTS decision_application ON decision (application_id);

-- The index the replicas' reads of V9's recorded_xact use. Built concurrently, outside a
-- transaction, so that instances of the previous version go on recording decisions while it is
-- built on a large table.
CREATE INDEX CONCURRENTLY IF NOT EXISTS decision_recorded_xact ON decision (recorded_xact)
    WHERE recorded_xact IS NOT NULL;

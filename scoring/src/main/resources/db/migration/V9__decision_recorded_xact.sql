-- Which transaction recorded each decision, so that every instance on the database can put the
-- applications the others score into its own person history as they are recorded
-- (ScoredApplicationsFollower). An instance remembers the snapshot of its last read and next reads
-- the rows of transactions that snapshot did not see as committed: a row whose transaction commits
-- late is read when it commits, never skipped. Decisions recorded before this migration have no
-- transaction here; every start reads them all (ScoredApplicationsReplay).
ALTER TABLE decision ADD COLUMN recorded_xact xid8;
ALTER TABLE decision ALTER COLUMN recorded_xact SET DEFAULT pg_current_xact_id();
-- Both are changes of the catalogue only: no row is rewritten, and the table is locked for a moment.
-- The index is V10's, built without blocking writers.

-- What the person history keeps of each scored application, so that a restarted service puts the
-- applications it scored back into the history. Decisions recorded before this version have none.
ALTER TABLE decision
    ADD COLUMN submitted_on    date,
    ADD COLUMN period_start    date,
    ADD COLUMN claimed_days    integer CHECK (claimed_days >= 0),
    ADD COLUMN child_pseudonym text;

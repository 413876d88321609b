-- Notes and outcomes refused UPDATE and DELETE row by row (V4), but a TRUNCATE, which fires no row
-- trigger, emptied them. They now refuse it too, as the audit trail and the decision record do.
CREATE TRIGGER case_note_no_truncate BEFORE TRUNCATE ON case_note
    FOR EACH STATEMENT EXECUTE FUNCTION case_audit_refuse();
CREATE TRIGGER case_outcome_no_truncate BEFORE TRUNCATE ON case_outcome
    FOR EACH STATEMENT EXECUTE FUNCTION case_audit_refuse();

-- The decision record is the durable record of every decision the service answered: the service only
-- inserts into it (ON CONFLICT DO NOTHING, so a replayed journal never rewrites a row). The table now
-- refuses UPDATE, DELETE and TRUNCATE, as the case audit trail does, so that no code path and no
-- ordinary session can change what was decided. korrekt has no retention job; one would run as the
-- table's owner and disable these triggers inside its own transaction (docs/operations.md).
CREATE FUNCTION decision_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a decision record cannot be changed (% refused)', TG_OP;
END
$$;
CREATE TRIGGER decision_append_only BEFORE UPDATE OR DELETE ON decision
    FOR EACH ROW EXECUTE FUNCTION decision_refuse();
CREATE TRIGGER decision_no_truncate BEFORE TRUNCATE ON decision
    FOR EACH STATEMENT EXECUTE FUNCTION decision_refuse();

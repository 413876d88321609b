-- What the service does to a case is named in the audit trail (V4, V11). A change made otherwise, by
-- hand in the database, was written as UPDATED with nothing about what changed (or, when it touched
-- a column the service's changes touch, as that change, the rest unnamed), and a case could be
-- deleted, with its signals, leaving no trace. A change by a session that has not set the actor,
-- as the service always does (its actor is then db: and the database user), is now UPDATED naming
-- each column changed, from and to; a case and its signals can no longer be deleted (the service
-- never deletes them), and a signal, once attached, not changed.
CREATE OR REPLACE FUNCTION queue_case_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    what text;
    changed jsonb := '{}';
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO case_audit (case_id, actor, action, detail) VALUES (NEW.case_id, korrekt_actor(), 'OPENED',
            jsonb_build_object('unit', NEW.unit, 'benefit', NEW.benefit, 'decisionId', NEW.decision_id,
                'score', NEW.score, 'expectedValueSek', NEW.expected_value_sek, 'randomControl', NEW.random_control,
                'dueAt', NEW.due_at));
        RETURN NEW;
    END IF;
    IF korrekt_actor() LIKE 'db:%' OR (NEW.signals = OLD.signals AND NEW.status = OLD.status
            AND NEW.assignee IS NOT DISTINCT FROM OLD.assignee AND NEW.released_on IS NOT DISTINCT FROM OLD.released_on) THEN
        -- not a change the service makes: name every column changed, from and to
        what := 'UPDATED';
        SELECT coalesce(jsonb_object_agg(n.key, jsonb_build_object('from', o.value, 'to', n.value)), '{}')
            INTO changed
            FROM jsonb_each(to_jsonb(NEW)) n JOIN jsonb_each(to_jsonb(OLD)) o USING (key)
            WHERE n.value IS DISTINCT FROM o.value AND n.key <> 'updated_at';
    ELSIF NEW.signals <> OLD.signals THEN
        what := 'SIGNAL_ATTACHED';
        changed := jsonb_build_object('decisionId', coalesce(NEW.last_signal_id, NEW.decision_id),
            'signals', NEW.signals, 'shownDecisionId', NEW.decision_id, 'expectedValueSek', NEW.expected_value_sek);
    ELSIF NEW.status = 'CLOSED' AND OLD.status <> 'CLOSED' THEN
        what := 'CLOSED';
    ELSIF NEW.status = 'CLAIMED' AND OLD.status = 'OPEN' AND NEW.assignee = korrekt_actor() THEN
        what := 'CLAIMED';
        changed := jsonb_build_object('assignee', NEW.assignee);
    ELSIF NEW.status = 'CLAIMED' AND OLD.status = 'OPEN' THEN
        what := 'ASSIGNED';
        changed := jsonb_build_object('to', NEW.assignee);
    ELSIF NEW.status = 'CLAIMED' AND NEW.assignee IS DISTINCT FROM OLD.assignee THEN
        what := 'REASSIGNED';
        changed := jsonb_build_object('from', OLD.assignee, 'to', NEW.assignee);
    ELSIF NEW.status = 'OPEN' AND OLD.status = 'CLAIMED' THEN
        what := 'RELEASED';
        changed := jsonb_build_object('from', OLD.assignee);
    ELSIF NEW.released_on IS DISTINCT FROM OLD.released_on THEN
        what := 'QUEUED_FOR_DAY';
        changed := jsonb_build_object('day', NEW.released_on, 'rank', NEW.release_rank);
    ELSE
        what := 'UPDATED';
    END IF;
    INSERT INTO case_audit (case_id, actor, action, detail) VALUES (NEW.case_id, korrekt_actor(), what, changed);
    RETURN NEW;
END
$$;

CREATE TRIGGER queue_case_no_delete BEFORE DELETE ON queue_case
    FOR EACH ROW EXECUTE FUNCTION case_audit_refuse();
CREATE TRIGGER queue_case_no_truncate BEFORE TRUNCATE ON queue_case
    FOR EACH STATEMENT EXECUTE FUNCTION case_audit_refuse();
CREATE TRIGGER case_signal_append_only BEFORE UPDATE OR DELETE ON case_signal
    FOR EACH ROW EXECUTE FUNCTION case_audit_refuse();
CREATE TRIGGER case_signal_no_truncate BEFORE TRUNCATE ON case_signal
    FOR EACH STATEMENT EXECUTE FUNCTION case_audit_refuse();

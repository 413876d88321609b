-- A lead who hands an open case to an investigator was written to the audit trail as having
-- CLAIMED it (the OPEN -> CLAIMED branch came first). Such a change is now ASSIGNED, with the
-- assignee; CLAIMED is kept for the investigator who takes the case. Rows written before stay as
-- they are: the trail is append-only.
--
-- A case shows the signal of the highest expected value (queue_case.decision_id), so a signal worth
-- less no longer changes decision_id; last_signal_id names the decision a signal attached, which
-- SIGNAL_ATTACHED records.
ALTER TABLE queue_case ADD COLUMN last_signal_id uuid REFERENCES decision (decision_id);

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
    IF NEW.signals <> OLD.signals THEN
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

-- Work queues (issue 8): ranking by expected value with age and due dates, daily release by capacity,
-- claims, notes, outcomes, and an audit trail that cannot be edited.

-- A case stays the person's one case for the benefit until it is closed: new signals attach to it
-- while it is waiting and while someone works on it.
DROP INDEX queue_case_one_open;
DROP INDEX queue_case_ranked;

-- A case's rank, constant in time: ln(1 + expected value SEK), plus a boost for a held payment,
-- minus the age rate times the day it was opened. At any moment the ranking equals that of
-- expected value x e^(age rate x age in days) (x e^boost when held): an older case gains on a newer
-- one by the age rate every day, and no stored rank ever needs updating.
CREATE FUNCTION korrekt_priority(ev numeric, held boolean, created timestamptz, age_rate double precision,
        hold_boost double precision)
    RETURNS double precision LANGUAGE sql IMMUTABLE AS $$
    SELECT ln(1 + greatest(ev, 0)::double precision) + CASE WHEN held THEN hold_boost ELSE 0 END
        - age_rate * (extract(epoch FROM created) / 86400.0)
$$;

ALTER TABLE queue_case
    -- the decision that opened the case: its selection (model or random control) is the one the
    -- outcome labels
    ADD COLUMN first_decision_id    uuid REFERENCES decision (decision_id),
    ADD COLUMN amount_sek           numeric(14, 2)   NOT NULL DEFAULT 0,
    -- the payments a stop would prevent, in SEK (the benefit's recurring months times the amount)
    ADD COLUMN future_sek           numeric(14, 2)   NOT NULL DEFAULT 0,
    -- score x (amount + future): what an investigation is expected to find
    ADD COLUMN expected_value_sek   numeric(14, 2)   NOT NULL DEFAULT 0,
    -- the rank, constant in time: ln(1 + expected value) + a held payment's boost - the daily age
    -- rate x the day opened; an older case thus gains on a newer one at the age rate every day
    ADD COLUMN priority             double precision NOT NULL DEFAULT 0,
    -- a held payment must be cleared by this time
    ADD COLUMN due_at               timestamptz,
    ADD COLUMN released_on          date,
    ADD COLUMN release_rank         integer,
    ADD COLUMN assignee             text,
    ADD COLUMN claimed_at           timestamptz,
    ADD COLUMN closed_at            timestamptz;

UPDATE queue_case SET first_decision_id = decision_id,
    expected_value_sek = expected_incorrect_sek,
    priority = korrekt_priority(expected_incorrect_sek, false, created_at, 0.03, 1.0986);
UPDATE queue_case c SET amount_sek = d.amount_sek FROM decision d WHERE d.decision_id = c.decision_id;
ALTER TABLE queue_case ALTER COLUMN first_decision_id SET NOT NULL;

CREATE UNIQUE INDEX queue_case_one_active ON queue_case (person_pseudonym, benefit) WHERE status <> 'CLOSED';
-- the backlog: open cases not yet released, best first
CREATE INDEX queue_case_backlog ON queue_case (unit, priority DESC, case_id) WHERE status = 'OPEN' AND released_on IS NULL;
-- the released cases, in the order they are handed out
CREATE INDEX queue_case_released ON queue_case (unit, released_on, release_rank, case_id)
    WHERE status = 'OPEN' AND released_on IS NOT NULL;
CREATE INDEX queue_case_assignee ON queue_case (assignee) WHERE status = 'CLAIMED';
CREATE INDEX queue_case_closed ON queue_case (unit, closed_at) WHERE status = 'CLOSED';
CREATE INDEX queue_case_person ON queue_case (person_pseudonym);

-- Every decision that raised or attached to a case.
CREATE TABLE case_signal (
    case_id     bigint      NOT NULL REFERENCES queue_case (case_id),
    decision_id uuid        NOT NULL REFERENCES decision (decision_id),
    attached_at timestamptz NOT NULL,
    PRIMARY KEY (case_id, decision_id)
);
INSERT INTO case_signal (case_id, decision_id, attached_at) SELECT case_id, decision_id, created_at FROM queue_case;

-- How many cases each unit releases a day, and what was released on which day.
CREATE TABLE unit_capacity (
    unit          text    PRIMARY KEY,
    cases_per_day integer NOT NULL CHECK (cases_per_day >= 0 AND cases_per_day <= 100000),
    set_by        text    NOT NULL,
    set_at        timestamptz NOT NULL
);

CREATE TABLE unit_release (
    unit        text    NOT NULL,
    released_on date    NOT NULL,
    capacity    integer NOT NULL,
    released    integer NOT NULL,
    PRIMARY KEY (unit, released_on)
);

CREATE TABLE case_note (
    note_id    bigserial   PRIMARY KEY,
    case_id    bigint      NOT NULL REFERENCES queue_case (case_id),
    author     text        NOT NULL,
    written_at timestamptz NOT NULL,
    body       text        NOT NULL CHECK (length(body) BETWEEN 1 AND 10000)
);
CREATE INDEX case_note_case ON case_note (case_id, written_at);

-- What an investigation found. One per case; recording it closes the case.
CREATE TABLE case_outcome (
    case_id               bigint         PRIMARY KEY REFERENCES queue_case (case_id),
    recorded_by           text           NOT NULL,
    recorded_at           timestamptz    NOT NULL,
    incorrect             boolean        NOT NULL,
    incorrect_amount_sek  numeric(14, 2) NOT NULL CHECK (incorrect_amount_sek >= 0),
    prevented_future_sek  numeric(14, 2) NOT NULL CHECK (prevented_future_sek >= 0),
    cause                 text CHECK (cause IN ('CLAIMANT', 'AGENCY', 'OTHER')),
    intentional_suspected boolean        NOT NULL,
    actions               text[]         NOT NULL,
    police_report         boolean        NOT NULL,
    CHECK (incorrect OR (incorrect_amount_sek = 0 AND prevented_future_sek = 0 AND cause IS NULL
        AND NOT intentional_suspected AND NOT police_report AND cardinality(actions) = 0)),
    CHECK (NOT incorrect OR cause IS NOT NULL),
    CHECK (NOT police_report OR intentional_suspected)
);
CREATE INDEX case_outcome_recorded_at ON case_outcome (recorded_at);

-- The audit trail: who did what to which case, when. Written by triggers, so that no code path can
-- change a case without leaving a row; the table refuses UPDATE, DELETE and TRUNCATE.
CREATE TABLE case_audit (
    audit_id bigserial   PRIMARY KEY,
    case_id  bigint      NOT NULL,
    at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor    text        NOT NULL,
    action   text        NOT NULL,
    detail   jsonb       NOT NULL
);
CREATE INDEX case_audit_case ON case_audit (case_id, audit_id);

CREATE FUNCTION korrekt_actor() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('korrekt.actor', true), ''), 'db:' || current_user)
$$;

CREATE FUNCTION case_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the case audit trail cannot be changed (% refused)', TG_OP;
END
$$;
CREATE TRIGGER case_audit_append_only BEFORE UPDATE OR DELETE ON case_audit
    FOR EACH ROW EXECUTE FUNCTION case_audit_refuse();
CREATE TRIGGER case_audit_no_truncate BEFORE TRUNCATE ON case_audit
    FOR EACH STATEMENT EXECUTE FUNCTION case_audit_refuse();

CREATE FUNCTION queue_case_audit() RETURNS trigger LANGUAGE plpgsql AS $$
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
        changed := jsonb_build_object('decisionId', NEW.decision_id, 'signals', NEW.signals,
            'expectedValueSek', NEW.expected_value_sek);
    ELSIF NEW.status = 'CLOSED' AND OLD.status <> 'CLOSED' THEN
        what := 'CLOSED';
    ELSIF NEW.status = 'CLAIMED' AND OLD.status = 'OPEN' THEN
        what := 'CLAIMED';
        changed := jsonb_build_object('assignee', NEW.assignee);
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
CREATE TRIGGER queue_case_audited AFTER INSERT OR UPDATE ON queue_case
    FOR EACH ROW EXECUTE FUNCTION queue_case_audit();

CREATE FUNCTION case_note_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO case_audit (case_id, actor, action, detail)
        VALUES (NEW.case_id, korrekt_actor(), 'NOTE_ADDED', jsonb_build_object('noteId', NEW.note_id, 'body', NEW.body));
    RETURN NEW;
END
$$;
CREATE TRIGGER case_note_audited AFTER INSERT ON case_note FOR EACH ROW EXECUTE FUNCTION case_note_audit();
CREATE TRIGGER case_note_append_only BEFORE UPDATE OR DELETE ON case_note
    FOR EACH ROW EXECUTE FUNCTION case_audit_refuse();

CREATE FUNCTION case_outcome_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO case_audit (case_id, actor, action, detail) VALUES (NEW.case_id, korrekt_actor(), 'OUTCOME_RECORDED',
        jsonb_build_object('incorrect', NEW.incorrect, 'incorrectAmountSek', NEW.incorrect_amount_sek,
            'preventedFutureSek', NEW.prevented_future_sek, 'cause', NEW.cause,
            'intentionalSuspected', NEW.intentional_suspected, 'actions', NEW.actions,
            'policeReport', NEW.police_report));
    RETURN NEW;
END
$$;
CREATE TRIGGER case_outcome_audited AFTER INSERT ON case_outcome FOR EACH ROW EXECUTE FUNCTION case_outcome_audit();
CREATE TRIGGER case_outcome_append_only BEFORE UPDATE OR DELETE ON case_outcome
    FOR EACH ROW EXECUTE FUNCTION case_audit_refuse();

CREATE FUNCTION unit_capacity_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO case_audit (case_id, actor, action, detail) VALUES (0, korrekt_actor(), 'CAPACITY_SET',
        jsonb_build_object('unit', NEW.unit, 'casesPerDay', NEW.cases_per_day));
    RETURN NEW;
END
$$;
CREATE TRIGGER unit_capacity_audited AFTER INSERT OR UPDATE ON unit_capacity
    FOR EACH ROW EXECUTE FUNCTION unit_capacity_audit();

-- A lead's correction of a recorded outcome (a typo in an amount, a case found correct on appeal).
-- An outcome is never changed: a correction is a row of its own, with who, when and why, and the
-- outcome that counts (in the unit's figures, the case page and the labels for retraining) is the
-- newest correction's, else the outcome as recorded. The rows cannot be changed either, and each
-- is in the audit trail.
CREATE TABLE case_outcome_correction (
    correction_id         bigint         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- of a case with an outcome (checked where it is written; a reference to case_outcome would
    -- turn a TRUNCATE of it into a foreign-key error before its refusing trigger)
    case_id               bigint         NOT NULL REFERENCES queue_case (case_id),
    corrected_by          text           NOT NULL,
    corrected_at          timestamptz    NOT NULL,
    reason                text           NOT NULL CHECK (length(btrim(reason)) > 0),
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
CREATE INDEX case_outcome_correction_case ON case_outcome_correction (case_id, correction_id);
CREATE INDEX case_outcome_correction_at ON case_outcome_correction (corrected_at);

CREATE FUNCTION case_outcome_correction_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO case_audit (case_id, actor, action, detail) VALUES (NEW.case_id, korrekt_actor(), 'OUTCOME_CORRECTED',
        jsonb_build_object('reason', NEW.reason, 'incorrect', NEW.incorrect,
            'incorrectAmountSek', NEW.incorrect_amount_sek, 'preventedFutureSek', NEW.prevented_future_sek,
            'cause', NEW.cause, 'intentionalSuspected', NEW.intentional_suspected, 'actions', NEW.actions,
            'policeReport', NEW.police_report));
    RETURN NEW;
END
$$;
CREATE TRIGGER case_outcome_correction_audited AFTER INSERT ON case_outcome_correction
    FOR EACH ROW EXECUTE FUNCTION case_outcome_correction_audit();
CREATE TRIGGER case_outcome_correction_append_only BEFORE UPDATE OR DELETE ON case_outcome_correction
    FOR EACH ROW EXECUTE FUNCTION case_audit_refuse();
CREATE TRIGGER case_outcome_correction_no_truncate BEFORE TRUNCATE ON case_outcome_correction
    FOR EACH STATEMENT EXECUTE FUNCTION case_audit_refuse();

-- Each outcome as it counts now: the newest correction's finding, else the recorded one; when and
-- by whom it was recorded stay the recorded outcome's (its week in the figures is the investigation's).
CREATE VIEW case_outcome_current AS
SELECT o.case_id, o.recorded_by, o.recorded_at,
    CASE WHEN k.case_id IS NULL THEN o.incorrect ELSE k.incorrect END AS incorrect,
    CASE WHEN k.case_id IS NULL THEN o.incorrect_amount_sek ELSE k.incorrect_amount_sek END AS incorrect_amount_sek,
    CASE WHEN k.case_id IS NULL THEN o.prevented_future_sek ELSE k.prevented_future_sek END AS prevented_future_sek,
    CASE WHEN k.case_id IS NULL THEN o.cause ELSE k.cause END AS cause,
    CASE WHEN k.case_id IS NULL THEN o.intentional_suspected ELSE k.intentional_suspected END
        AS intentional_suspected,
    CASE WHEN k.case_id IS NULL THEN o.actions ELSE k.actions END AS actions,
    CASE WHEN k.case_id IS NULL THEN o.police_report ELSE k.police_report END AS police_report,
    k.corrected_by, k.corrected_at, k.reason AS correction_reason
FROM case_outcome o
    LEFT JOIN LATERAL (
        SELECT * FROM case_outcome_correction c WHERE c.case_id = o.case_id ORDER BY c.correction_id DESC LIMIT 1
    ) k ON true;

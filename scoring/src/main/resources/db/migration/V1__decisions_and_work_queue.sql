-- Every scored application: the durable decision record (design.md section 6).
CREATE TABLE decision (
    decision_id            uuid PRIMARY KEY,
    decided_at             timestamptz      NOT NULL,
    application_id         text             NOT NULL,
    person_pseudonym       text             NOT NULL,
    benefit                text             NOT NULL,
    profile                text             NOT NULL,
    model_version          text             NOT NULL,
    schema_fingerprint     text             NOT NULL,
    input_sha256           text             NOT NULL,
    features               double precision[] NOT NULL,
    amount_sek             numeric(14, 2)   NOT NULL,
    score                  double precision NOT NULL CHECK (score >= 0 AND score <= 1),
    expected_incorrect_sek numeric(14, 2)   NOT NULL,
    band                   text             NOT NULL,
    action                 text             NOT NULL
        CHECK (action IN ('PASS', 'EXTRA_QUESTIONS', 'MANUAL_CHECK', 'HOLD_PAYMENT')),
    random_control         boolean          NOT NULL,
    reason_codes           text[]           NOT NULL
);

CREATE INDEX decision_person ON decision (person_pseudonym, decided_at);

-- Cases for control units. One open case per person and benefit; new signals attach to it.
CREATE TABLE queue_case (
    case_id                bigserial        PRIMARY KEY,
    unit                   text             NOT NULL,
    person_pseudonym       text             NOT NULL,
    benefit                text             NOT NULL,
    decision_id            uuid             NOT NULL REFERENCES decision (decision_id),
    score                  double precision NOT NULL,
    expected_incorrect_sek numeric(14, 2)   NOT NULL,
    random_control         boolean          NOT NULL,
    reason_codes           text[]           NOT NULL,
    signals                integer          NOT NULL DEFAULT 1,
    status                 text             NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'CLAIMED', 'CLOSED')),
    created_at             timestamptz      NOT NULL,
    updated_at             timestamptz      NOT NULL
);

CREATE UNIQUE INDEX queue_case_one_open ON queue_case (person_pseudonym, benefit) WHERE status = 'OPEN';
CREATE INDEX queue_case_ranked ON queue_case (unit, status, expected_incorrect_sek DESC, created_at);

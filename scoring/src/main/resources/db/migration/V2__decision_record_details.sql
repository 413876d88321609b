-- The decision record in full (issue 7): the rule set, the thresholds the action was decided on,
-- every reason with its texts and values, and the challengers' shadow scores.
ALTER TABLE decision
    ADD COLUMN rules       text             NOT NULL DEFAULT '',
    ADD COLUMN thresholds  double precision[] NOT NULL DEFAULT '{}',
    ADD COLUMN reasons     jsonb            NOT NULL DEFAULT '[]',
    ADD COLUMN shadow      jsonb            NOT NULL DEFAULT '[]',
    ADD COLUMN unit        text             NOT NULL DEFAULT '',
    ADD COLUMN recorded_at timestamptz      NOT NULL DEFAULT now();

CREATE INDEX decision_decided_at ON decision (decided_at);

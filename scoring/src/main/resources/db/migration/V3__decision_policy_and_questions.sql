-- Where a decision's thresholds came from (the bundle, explicit thresholds, or a unit's capacity)
-- and the extra control questions it asked. thresholds gains a fifth element, the amount limit.
ALTER TABLE decision
    ADD COLUMN policy    text   NOT NULL DEFAULT '',
    ADD COLUMN questions text[] NOT NULL DEFAULT '{}';

-- What made the champion fit to serve, kept with each change of it: its fairness gate's verdict
-- and, for a bundle that failed the gate, the recorded decision to serve it anyway (who, when, why:
-- the override file in the models folder can be deleted, the row cannot); whether the instance
-- checked signatures (--bundle-public-key); and the policy it decides under: where it was read
-- from, the SHA-256 of the file's bytes (null for korrekt's built-in default) and the codes of its
-- extra control questions, so that a policy change that moves no threshold still differs from the
-- row before. Nullable: rows written before this migration have none, and adding the columns
-- rewrites nothing.
ALTER TABLE model_change
    ADD COLUMN gate text,
    ADD COLUMN gate_override jsonb,
    ADD COLUMN signatures_checked boolean,
    ADD COLUMN policy_source text,
    ADD COLUMN policy_sha256 text,
    ADD COLUMN questions text[];

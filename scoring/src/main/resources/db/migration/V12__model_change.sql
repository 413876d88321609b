-- Every change of a profile's champion or shadow made through the model routes (/v1/models/...):
-- who made it, when, and the versions and policy before and after. The row is written in the same
-- transaction that ends once the change has taken effect (the champion file written), so a change
-- that fails leaves no row; a row cannot be changed afterwards. Changes an instance takes from
-- another instance's champion file are that instance's rows, not new ones. Each start of an instance
-- is a row too (START, the subject naming the instance): what it serves from then, whatever chose
-- it (the champion file, the newest bundle, a policy file edited before the start).
CREATE TABLE model_change (
    change_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    profile text NOT NULL,
    action text NOT NULL CHECK (action IN ('START', 'ACTIVATE', 'ROLLBACK', 'SHADOW', 'STOP_SHADOW')),
    subject text NOT NULL,
    champion_before text NOT NULL,
    champion text NOT NULL,
    previous text,
    shadow_before text,
    shadow text,
    policy_basis text NOT NULL,
    thresholds jsonb NOT NULL
);
CREATE INDEX model_change_profile ON model_change (profile, change_id);

CREATE FUNCTION model_change_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a model change record cannot be changed (% refused)', TG_OP;
END
$$;
CREATE TRIGGER model_change_append_only BEFORE UPDATE OR DELETE ON model_change
    FOR EACH ROW EXECUTE FUNCTION model_change_refuse();
CREATE TRIGGER model_change_no_truncate BEFORE TRUNCATE ON model_change
    FOR EACH STATEMENT EXECUTE FUNCTION model_change_refuse();

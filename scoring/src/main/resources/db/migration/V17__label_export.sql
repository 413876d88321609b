-- Every export of investigators' outcomes as labels (korrekt export-labels): when, by which user of
-- the machine, from which day, how many rows, and the SHA-256 of the file written. A bundle trained
-- on the file records the same SHA-256 in its provenance.json, so the chain from an outcome to the
-- bundle that learnt from it can be followed. The rows cannot be changed.
CREATE TABLE label_export (
    export_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    exported_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    exported_by text NOT NULL,
    since date NOT NULL,
    rows bigint NOT NULL,
    incorrect bigint NOT NULL,
    random_control bigint NOT NULL,
    feature_schema text NOT NULL,
    file text NOT NULL,
    file_sha256 text NOT NULL
);

CREATE FUNCTION label_export_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a label export record cannot be changed (% refused)', TG_OP;
END
$$;
CREATE TRIGGER label_export_append_only BEFORE UPDATE OR DELETE ON label_export
    FOR EACH ROW EXECUTE FUNCTION label_export_refuse();
CREATE TRIGGER label_export_no_truncate BEFORE TRUNCATE ON label_export
    FOR EACH STATEMENT EXECUTE FUNCTION label_export_refuse();

-- The pseudonymisation key's fingerprint is what refuses a start with another key: a row deleted or
-- changed would let an instance with another key in, and the same person would get two pseudonyms.
-- So the table refuses UPDATE, DELETE and TRUNCATE, as the other records do; a new key means a new
-- database.
CREATE FUNCTION service_key_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the pseudonymisation key on record cannot be changed (% refused)', TG_OP;
END
$$;
CREATE TRIGGER service_key_append_only BEFORE UPDATE OR DELETE ON service_key
    FOR EACH ROW EXECUTE FUNCTION service_key_refuse();
CREATE TRIGGER service_key_no_truncate BEFORE TRUNCATE ON service_key
    FOR EACH STATEMENT EXECUTE FUNCTION service_key_refuse();

-- The person history's live feed (POST /v1/history/events): payments, employer declarations,
-- childcare attendance, timesheets, registrations, permits and licence revocations that reach the
-- service after its history log was written. Every instance applies the rows in seq order; the
-- writer takes a lock that makes rows commit in that order, so a reader that has seen seq n never
-- sees a row below n appear later. event_id is the sender's key: a resent event is not recorded
-- twice. body holds the event as korrekt decoded it (pseudonyms, never identity numbers).
CREATE TABLE history_event (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id    text        NOT NULL UNIQUE,
    kind        text        NOT NULL,
    body        jsonb       NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    received_by text        NOT NULL
);

-- As the decision record: rows are only ever inserted.
CREATE FUNCTION history_event_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a history event cannot be changed (% refused)', TG_OP;
END
$$;
CREATE TRIGGER history_event_append_only BEFORE UPDATE OR DELETE ON history_event
    FOR EACH ROW EXECUTE FUNCTION history_event_refuse();
CREATE TRIGGER history_event_no_truncate BEFORE TRUNCATE ON history_event
    FOR EACH STATEMENT EXECUTE FUNCTION history_event_refuse();

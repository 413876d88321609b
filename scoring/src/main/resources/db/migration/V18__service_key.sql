-- Which pseudonymisation key this database's records were made with, as a fingerprint (an HMAC of a
-- fixed text under the key, never the key): every instance on the database must hold the same key,
-- or the same person gets two pseudonyms, the same application two random-control draws, and the
-- input digests two keys. The first start records it; a start with another key is refused.
CREATE TABLE service_key (
    name text PRIMARY KEY,
    fingerprint text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- The decision record kept a plain SHA-256 of the request (input_sha256). With the record's other
-- fields (the application's amounts, dates and features), trying the identity numbers of a birth
-- year against it gives back the number a request carried in under a second. Records written from
-- now on keep a keyed digest instead (input_digest: HMAC-SHA256 under a key derived from the
-- pseudonymisation key) and no plain one. input_sha256 stays, nullable, so that instances of the
-- previous version go on recording decisions during a rolling upgrade; the service no longer serves
-- it (GET /v1/decisions/{id} answers inputDigest only, null for records written before). The rows
-- cannot be changed: the table is append-only.
ALTER TABLE decision ADD COLUMN input_digest text;
ALTER TABLE decision ALTER COLUMN input_sha256 DROP NOT NULL;
COMMENT ON COLUMN decision.input_digest IS
    'HMAC-SHA256 (hex) of the request item under a key derived from the pseudonymisation key';
COMMENT ON COLUMN decision.input_sha256 IS
    'An unkeyed SHA-256 of the request item, written by versions before migration V14; not served';

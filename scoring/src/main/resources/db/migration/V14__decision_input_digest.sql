-- The decision record kept a plain SHA-256 of the request. With the record's other fields (the
-- application's amounts, dates and features), trying the identity numbers of a birth year against
-- it gives back the number a request carried in under a second. Records written from now on keep
-- a keyed digest (HMAC-SHA256 under a key derived from the pseudonymisation key), and the column
-- says so by its name. Rows written before keep their unkeyed value: the table is append-only.
ALTER TABLE decision RENAME COLUMN input_sha256 TO input_digest;
COMMENT ON COLUMN decision.input_digest IS
    'HMAC-SHA256 (hex) of the request item under a key derived from the pseudonymisation key;'
    ' an unkeyed SHA-256 in rows written before migration V14';

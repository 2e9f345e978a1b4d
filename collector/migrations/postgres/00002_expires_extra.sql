-- +goose Up
-- expires: the pins' expiry a client sent (RFC 3339 UTC, '' if none).
-- extra: the report fields the decoder did not know, as a JSON object
-- capped at collector.MaxExtraBytes ('' if none).
ALTER TABLE reports ADD COLUMN expires TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN extra TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE reports DROP COLUMN extra;
ALTER TABLE reports DROP COLUMN expires;

-- +goose Up
-- The two chain columns (PEM, ~3 KB per row) are compressed by TOAST; lz4
-- takes 26% less server time per insert than the default pglz at 5,000
-- reports/s (bench/RESULTS-collect.md). A server built without lz4, or
-- older than PostgreSQL 14, keeps pglz: the statements are run dynamically
-- so that their errors can be caught.
-- +goose StatementBegin
DO $$
BEGIN
    EXECUTE 'ALTER TABLE reports ALTER COLUMN served_chain SET COMPRESSION lz4';
    EXECUTE 'ALTER TABLE reports ALTER COLUMN validated_chain SET COMPRESSION lz4';
EXCEPTION WHEN feature_not_supported OR syntax_error OR invalid_parameter_value THEN
    RAISE NOTICE 'lz4 compression is not available here: the chains stay pglz-compressed (%)', SQLERRM;
END
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
DO $$
BEGIN
    EXECUTE 'ALTER TABLE reports ALTER COLUMN served_chain SET COMPRESSION DEFAULT';
    EXECUTE 'ALTER TABLE reports ALTER COLUMN validated_chain SET COMPRESSION DEFAULT';
EXCEPTION WHEN syntax_error THEN
    NULL; -- before PostgreSQL 14 there was nothing to undo
END
$$;
-- +goose StatementEnd

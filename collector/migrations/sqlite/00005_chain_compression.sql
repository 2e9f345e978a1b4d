-- +goose Up
-- PostgreSQL only (lz4 for the chain columns); SQLite keeps the same
-- version numbers.
SELECT 1;

-- +goose Down
SELECT 1;

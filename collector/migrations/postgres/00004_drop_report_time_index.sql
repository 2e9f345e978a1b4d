-- +goose Up
-- No query reads through reports_report_time: the timeline filters on
-- first_seen (reports_first_seen) and only groups by report_time. The
-- index cost every ingested report another B-tree insert, and SQLite's
-- single writer one more page per batch to journal, log and checkpoint
-- (bench/RESULTS-collect.md, issue 12).
DROP INDEX reports_report_time;

-- +goose Down
CREATE INDEX reports_report_time ON reports (report_time);

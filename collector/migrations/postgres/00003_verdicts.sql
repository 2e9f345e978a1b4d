-- +goose Up
-- verdict: interception, rotation, misconfiguration or unknown (rows of
-- older versions were never judged: unknown); verdict_reason: one
-- sentence; roots: the root store the chain was validated against;
-- issuer_key: SPKI pin of the public CA that issued the leaf.
ALTER TABLE reports ADD COLUMN verdict TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE reports ADD COLUMN verdict_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN roots TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN issuer_key TEXT NOT NULL DEFAULT '';
CREATE INDEX reports_report_time ON reports (report_time);
CREATE INDEX reports_verdict ON reports (verdict, id);
-- host_issuers: the public CAs seen issuing for a host (history that
-- makes "a CA that never issued for this host before" decidable).
CREATE TABLE host_issuers (
    host       TEXT    NOT NULL,
    issuer_key TEXT    NOT NULL,
    first_seen BIGINT  NOT NULL,
    PRIMARY KEY (host, issuer_key)
);

-- +goose Down
DROP TABLE host_issuers;
DROP INDEX reports_verdict;
DROP INDEX reports_report_time;
ALTER TABLE reports DROP COLUMN issuer_key;
ALTER TABLE reports DROP COLUMN roots;
ALTER TABLE reports DROP COLUMN verdict_reason;
ALTER TABLE reports DROP COLUMN verdict;

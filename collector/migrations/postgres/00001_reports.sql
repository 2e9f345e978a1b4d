-- +goose Up
CREATE TABLE reports (
    id                 BIGSERIAL PRIMARY KEY,
    dedup_key          TEXT    NOT NULL,
    format             TEXT    NOT NULL,
    host               TEXT    NOT NULL,
    port               INTEGER NOT NULL,
    app_id             TEXT    NOT NULL,
    app_version        TEXT    NOT NULL,
    platform           TEXT    NOT NULL,
    platform_version   TEXT    NOT NULL,
    noted_host         TEXT    NOT NULL,
    include_subdomains INTEGER NOT NULL,
    mode               TEXT    NOT NULL,
    policy_hash        TEXT    NOT NULL,
    validation_result  INTEGER NOT NULL,
    served_chain       TEXT    NOT NULL,
    validated_chain    TEXT    NOT NULL,
    known_pins         TEXT    NOT NULL,
    served_issuer      TEXT    NOT NULL,
    report_time        BIGINT NOT NULL,
    first_seen         BIGINT NOT NULL,
    last_seen          BIGINT NOT NULL,
    count              BIGINT NOT NULL
);
-- dedup_key is the hash of the normalised report; a row older than the
-- dedup window gets "@<id>" appended when a new window starts.
CREATE UNIQUE INDEX reports_dedup ON reports (dedup_key);
CREATE INDEX reports_first_seen ON reports (first_seen);
CREATE INDEX reports_host ON reports (host, id);
CREATE INDEX reports_app ON reports (app_id, id);


-- +goose Down
DROP TABLE reports;
